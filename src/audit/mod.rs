//! Audit: every HTML and CSS file the build writes is scanned for loads of third-party
//! resources, and every page must carry the Content-Security-Policy meta.
//!
//! This is the last line of defence, independent of how the HTML was made: a template override,
//! a file in `static/` or a gap in the cleaner would show up here, and a hit fails the build
//! before the new output replaces the old. It scans the bytes as they are written (a streaming
//! parse with lol_html), so it costs one fast pass and no second read of the disk. CSS is read
//! through [`crate::url_policy::css`], escapes decoded, as the cleaner reads style attributes.
//! lol_html hands attribute values over with their character references still in, so a value
//! holding `&` is decoded first ([`decoded`]): `&#104;ttps://` is `https://` to a browser.

use std::borrow::Cow;
use std::cell::RefCell;

use lol_html::{HtmlRewriter, Settings, element, text};

use crate::url_policy::{
    HTTPS_ADVICE, ImageHost, ImageHosts, Purpose, UrlKind, classify, css, url_attribute,
};

/// One load of a resource from another host, or a missing policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What loads it (`<img src>`, `CSS url()`), or what is missing.
    pub what: String,
    /// The URL.
    pub url: String,
}

/// Scans one HTML page; `own_host` is the site's host.
/// Images (`img`/`source` `src` and `srcset`) may also come from `image_hosts`, over https.
pub fn scan_html(
    html: &[u8],
    own_host: &str,
    image_hosts: &ImageHosts,
    require_csp: bool,
) -> Vec<Finding> {
    let findings = RefCell::new(Vec::new());
    let has_csp = RefCell::new(false);
    let style_text = RefCell::new(String::new());
    let foreign = |url: &str| matches!(classify(url, own_host), UrlKind::External(_));
    let image_host = |url: &str| match classify(url, own_host) {
        UrlKind::External(host) => image_hosts.judge(url, &host),
        _ => ImageHost::Allowed,
    };
    let report = |what: String, url: &str| {
        findings.borrow_mut().push(Finding {
            what,
            url: url.to_owned(),
        })
    };
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .with_strict(false)
            // Every element, through one trivial selector: lol_html compiles selectors for each
            // rewriter, and a list of attribute selectors cost more to compile and match per
            // page than looking at each element's attributes here (15 KB page: 154 → 120 µs).
            .append_element_content_handler(element!("*", |el| {
                let tag = el.tag_name();
                for attr in el.attributes() {
                    let name = attr.name();
                    let raw_value = attr.value();
                    let value = decoded(&raw_value);
                    let other =
                        |wanted: &str| el.get_attribute(wanted).map(|v| decoded(&v).into_owned());
                    let loads = url_attribute(&tag, &name, other).filter(|a| {
                        matches!(a.purpose, Purpose::Loads(_) | Purpose::ReportsClicks)
                    });
                    if let Some(attribute) = loads {
                        let is_image = matches!(tag.as_str(), "img" | "source")
                            && matches!(name.as_str(), "src" | "srcset" | "lowsrc" | "dynsrc");
                        for url in attribute.urls(&value) {
                            let verdict = if is_image {
                                image_host(url)
                            } else if foreign(url) {
                                ImageHost::NotAllowed
                            } else {
                                ImageHost::Allowed
                            };
                            match verdict {
                                ImageHost::Allowed => {}
                                ImageHost::PlainHttp => report(
                                    format!("<{tag} {name}> over plain http ({HTTPS_ADVICE})"),
                                    url,
                                ),
                                ImageHost::NotAllowed => report(format!("<{tag} {name}>"), url),
                            }
                        }
                    }
                    if name == "style" {
                        for url in css::loads(&value).into_iter().filter(|u| foreign(u)) {
                            report(format!("<{tag} style> CSS"), &url);
                        }
                    }
                }
                if tag == "meta"
                    && el.get_attribute("http-equiv").is_some_and(|v| {
                        decoded(&v).eq_ignore_ascii_case("content-security-policy")
                    })
                {
                    *has_csp.borrow_mut() = true;
                }
                Ok(())
            }))
            // A stylesheet may come in several chunks: it is read whole, escapes and all.
            .append_element_content_handler(text!("style", |chunk| {
                style_text.borrow_mut().push_str(chunk.as_str());
                if chunk.last_in_text_node() {
                    let sheet = style_text.take();
                    for url in css::loads(&sheet).into_iter().filter(|u| foreign(u)) {
                        report("<style> CSS".to_owned(), &url);
                    }
                }
                Ok(())
            })),
        |_: &[u8]| {},
    );
    let parsed = rewriter.write(html).and_then(|()| rewriter.end());
    let mut findings = findings.into_inner();
    if let Err(e) = parsed {
        findings.push(Finding {
            what: format!("HTML that could not be scanned ({e})"),
            url: String::new(),
        });
    }
    if require_csp && !has_csp.into_inner() {
        findings.push(Finding {
            what: "no Content-Security-Policy meta (keep the one in base.html; copied pages get \
                   it unless they have their own)"
                .to_owned(),
            url: String::new(),
        });
    }
    findings
}

/// An attribute value as a browser reads it, character references decoded. Values without
/// `&` (nearly all) are returned as they are; the others are decoded by html5ever's tokenizer,
/// which follows the HTML standard (numeric references without `;`, legacy named ones), inside
/// a tag made for the purpose.
fn decoded(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let tag = format!("<a title=\"{}\"></a>", value.replace('"', "&quot;"));
    let fragment = scraper::Html::parse_fragment(&tag);
    let read = fragment
        .tree
        .nodes()
        .find_map(|node| node.value().as_element()?.attr("title").map(str::to_owned));
    read.map_or(Cow::Borrowed(value), Cow::Owned)
}

/// Scans one stylesheet.
pub fn scan_css(css: &str, own_host: &str) -> Vec<Finding> {
    css::loads(css)
        .into_iter()
        .filter(|u| matches!(classify(u, own_host), UrlKind::External(_)))
        .map(|url| Finding {
            what: "CSS url() or @import".to_owned(),
            url,
        })
        .collect()
}

/// Whether a file at this site path is audited (pages and stylesheets).
pub fn is_scanned(site_path: &str) -> bool {
    site_path.ends_with('/')
        || [".html", ".htm", ".css"]
            .iter()
            .any(|x| site_path.ends_with(x))
}

/// Collects findings from the files of one build, scanned from many threads.
pub struct Auditor {
    own_host: String,
    image_hosts: ImageHosts,
    findings: std::sync::Mutex<Vec<crate::diagnostic::Diagnostic>>,
}

impl Auditor {
    /// For a site served from `base_url`.
    pub fn new(base_url: &str, image_hosts: &[String]) -> Self {
        Self {
            own_host: crate::url_policy::host_of(base_url),
            image_hosts: ImageHosts::new(image_hosts, base_url),
            findings: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Scans one output file; every HTML page, generated or copied, must carry the policy.
    pub fn scan(&self, site_path: &str, bytes: &[u8]) {
        if !is_scanned(site_path) {
            return;
        }
        let found = if site_path.ends_with(".css") {
            scan_css(&String::from_utf8_lossy(bytes), &self.own_host)
        } else {
            scan_html(bytes, &self.own_host, &self.image_hosts, true)
        };
        if found.is_empty() {
            return;
        }
        let diagnostics = found.into_iter().map(|f| {
            let what = if f.url.is_empty() { f.what } else { format!("{} loads {}", f.what, f.url) };
            crate::diagnostic::Diagnostic::error(site_path, 0, 0, format!("output page {site_path}: {what}"))
                .with_hint("nothing may load from other hosts: remove it from the content, template or static file that writes it")
        });
        self.findings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(diagnostics);
    }

    /// Every finding, as errors naming the output page.
    pub fn finish(self) -> Vec<crate::diagnostic::Diagnostic> {
        self.findings
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::{ImageHosts, scan_css, scan_html};

    const OWN: &str = "help.example";

    #[test]
    fn third_party_loads_are_found_in_every_place_a_page_can_load_from() {
        let cases = [
            r#"<img src="https://tracker.example/p.gif">"#,
            r#"<img srcset="/a.png 1x, //cdn.example/b.png 2x">"#,
            r#"<script src="https://cdn.example/x.js"></script>"#,
            r#"<iframe src="https://ads.example/"></iframe>"#,
            r#"<link rel="stylesheet" href="https://fonts.example/css">"#,
            r#"<link rel="preconnect" href="https://fonts.example">"#,
            r#"<video poster="https://a.example/p.png"></video>"#,
            r#"<audio src="https://a.example/a.mp3"></audio>"#,
            r#"<video><source src="//a.example/v.mp4"></video>"#,
            r#"<object data="https://a.example/x.swf"></object>"#,
            r#"<embed src="https://a.example/x.swf">"#,
            r#"<div style="background:url('https://a.example/bg.png')"></div>"#,
            r#"<style>@import "https://a.example/x.css";</style>"#,
            r#"<style>body{background:url(//a.example/bg.png)}</style>"#,
            r#"<svg><image href="https://a.example/i.png"/></svg>"#,
            r#"<img srcset="data:image/png;base64,iVBO,AA 1x, /b,c.png 2x, https://a.example/c.png 3x">"#,
            r#"<img src="http://[::1]:8080/x.png">"#,
            r#"<link rel="preload" as="image" href="/a.png" imagesrcset="/a.png 1x, //[2001:db8::1]:8080/a 2x">"#,
            r#"<a href="/" ping="/count https://t.example/p">x</a>"#,
            r#"<svg><script href="https://cdn.example/x.js"></script></svg>"#,
            r#"<base href="https://cdn.example/">"#,
        ];
        for html in cases {
            let findings = scan_html(html.as_bytes(), OWN, &ImageHosts::default(), false);
            assert_eq!(findings.len(), 1, "{html}: {findings:?}");
        }
    }

    #[test]
    fn own_links_navigation_and_metadata_are_not_loads() {
        let html = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
            <link rel="canonical" href="https://help.example/a/"><link rel="stylesheet" href="/style.css">
            <meta property="og:image" content="https://elsewhere.example/t.png">
            <a href="https://elsewhere.example/">out</a><img src="/i.png"><img src="https://help.example/i.png">
            <img src="data:image/png;base64,iVBOR"><form action="/search"></form>
            <img srcset="/x,//elsewhere.example/y.png 2x, data:image/gif;base64,R0lG,AA 1x">"#;
        assert_eq!(
            scan_html(html.as_bytes(), OWN, &ImageHosts::default(), true),
            vec![]
        );
    }

    #[test]
    fn a_page_without_the_policy_is_a_finding() {
        assert_eq!(
            scan_html(b"<p>hi</p>", OWN, &ImageHosts::default(), true).len(),
            1
        );
    }

    #[test]
    fn stylesheets_are_scanned_for_url_and_import() {
        assert_eq!(
            scan_css(
                "@import url(https://a.example/x.css); b{background:url(/ok.png)}",
                OWN
            )
            .len(),
            1
        );
        assert_eq!(scan_css("@import 'https://a.example/x.css';", OWN).len(), 1);
        assert_eq!(scan_css("a{color:red}", OWN), vec![]);
    }
}
