//! The audit's reading of HTML pages and SVG files: one streaming pass with lol_html over every
//! element and attribute, and the text of `<style>` elements.
//!
//! lol_html hands attribute values over with their character references still in, so a value
//! holding `&` is decoded first ([`decoded`]): `&#104;ttps://` is `https://` and
//! `javascript&colon;` is `javascript:` to a browser. The URLs are then judged by
//! [`crate::url_policy`], which also undoes what else browsers forgive (case, tabs, newlines,
//! leading controls).

use std::borrow::Cow;
use std::cell::RefCell;

use lol_html::{HtmlRewriter, Settings, element, text};

use super::{Finding, Problem, css_findings, shown};
use crate::url_policy::{
    HTTPS_ADVICE, ImageHost, ImageHosts, Purpose, UrlKind, classify, is_event_handler,
    url_attribute,
};

/// What kind of file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An HTML page; most must carry the policy meta.
    Page { require_csp: bool },
    /// An SVG image: no policy meta, and no `<script>`.
    Svg,
}

/// Scans one HTML page; `own_host` is the site's host. Images (`img`/`source` `src` and
/// `srcset`) may also come from `image_hosts`, over https.
pub fn scan_html(
    html: &[u8],
    own_host: &str,
    image_hosts: &ImageHosts,
    require_csp: bool,
) -> Vec<Finding> {
    scan(html, own_host, image_hosts, Kind::Page { require_csp })
}

/// Scans one SVG file as a page, without the policy meta (an SVG cannot carry one) but with
/// `<script>` as a finding: an SVG opened on its own runs its scripts on the site's origin.
pub fn scan_svg(svg: &[u8], own_host: &str, image_hosts: &ImageHosts) -> Vec<Finding> {
    scan(svg, own_host, image_hosts, Kind::Svg)
}

fn scan(bytes: &[u8], own_host: &str, image_hosts: &ImageHosts, kind: Kind) -> Vec<Finding> {
    let findings = RefCell::new(Vec::new());
    let has_csp = RefCell::new(false);
    let style_text = RefCell::new(String::new());
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .with_strict(false)
            // Every element, through one trivial selector: lol_html compiles selectors for each
            // rewriter, and a list of attribute selectors cost more to compile and match per
            // page than looking at each element's attributes here (15 KB page: 154 → 120 µs).
            .append_element_content_handler(element!("*", |el| {
                let tag = el.tag_name();
                let mut found = findings.borrow_mut();
                if kind == Kind::Svg && tag == "script" {
                    found.push(Finding::new(
                        Problem::InlineScript,
                        "<script> in an SVG file".to_owned(),
                    ));
                }
                let other =
                    |wanted: &str| el.get_attribute(wanted).map(|v| decoded(&v).into_owned());
                for attr in el.attributes() {
                    let name = attr.name();
                    let value = attr.value();
                    found.extend(attribute_findings(
                        &tag,
                        &name,
                        &decoded(&value),
                        &other,
                        own_host,
                        image_hosts,
                    ));
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
                    findings
                        .borrow_mut()
                        .extend(css_findings(&sheet, "<style> CSS", own_host));
                }
                Ok(())
            })),
        |_: &[u8]| {},
    );
    let parsed = rewriter.write(bytes).and_then(|()| rewriter.end());
    let mut findings = findings.into_inner();
    if let Err(e) = parsed {
        findings.push(Finding::new(
            Problem::Unreadable,
            format!("HTML that could not be scanned ({e})"),
        ));
    }
    if kind == (Kind::Page { require_csp: true }) && !has_csp.into_inner() {
        findings.push(Finding::new(
            Problem::MissingPolicy,
            "no Content-Security-Policy meta".to_owned(),
        ));
    }
    findings
}

/// Everything wrong with the attribute `name="value"` (decoded) of a `tag`: an event handler,
/// a URL with a scheme pages may not use, a load from another host, CSS that loads or runs.
/// `other` reads another attribute of the same element.
fn attribute_findings(
    tag: &str,
    name: &str,
    value: &str,
    other: &impl Fn(&str) -> Option<String>,
    own_host: &str,
    image_hosts: &ImageHosts,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if is_event_handler(name) {
        findings.push(Finding::new(
            Problem::InlineScript,
            format!("<{tag} {name}> event handler: {}", shown(value)),
        ));
    }
    if name == "style" {
        findings.extend(css_findings(value, &format!("<{tag} style> CSS"), own_host));
    }
    let Some(attribute) = url_attribute(tag, name, other) else {
        return findings;
    };
    let loads = matches!(
        attribute.purpose,
        Purpose::Loads(_) | Purpose::ReportsClicks
    );
    let is_image =
        matches!(tag, "img" | "source") && matches!(name, "src" | "srcset" | "lowsrc" | "dynsrc");
    for url in attribute.urls(value) {
        let verdict = match classify(url, own_host) {
            UrlKind::Dangerous(scheme) => {
                findings.push(Finding::new(
                    Problem::ForbiddenUrl,
                    format!("<{tag} {name}> holds a {scheme}: URL: {}", shown(url)),
                ));
                continue;
            }
            // A link may open an application (`ms-settings:`): it runs nothing in the page and
            // loads nothing; the cleaner and the link check decide which schemes content may
            // use. Nothing loads from such a URL, though.
            UrlKind::Scheme(scheme) if loads => {
                findings.push(Finding::new(
                    Problem::ForbiddenUrl,
                    format!("<{tag} {name}> loads a {scheme}: URL: {}", shown(url)),
                ));
                continue;
            }
            UrlKind::External(host) if loads && is_image => image_hosts.judge(url, &host),
            UrlKind::External(_) if loads => ImageHost::NotAllowed,
            _ => ImageHost::Allowed,
        };
        match verdict {
            ImageHost::Allowed => {}
            ImageHost::PlainHttp => findings.push(Finding::new(
                Problem::ForeignLoad,
                format!("<{tag} {name}> over plain http ({HTTPS_ADVICE}) loads {url}"),
            )),
            ImageHost::NotAllowed => findings.push(Finding::new(
                Problem::ForeignLoad,
                format!("<{tag} {name}> loads {url}"),
            )),
        }
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

#[cfg(test)]
mod tests {
    use super::{Problem, scan_html, scan_svg};
    use crate::url_policy::ImageHosts;

    const OWN: &str = "help.example";

    fn problems(html: &str) -> Vec<Problem> {
        scan_html(html.as_bytes(), OWN, &ImageHosts::default(), false)
            .into_iter()
            .map(|f| f.problem)
            .collect()
    }

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
            assert_eq!(problems(html), [Problem::ForeignLoad], "{html}");
        }
    }

    #[test]
    fn own_links_navigation_and_metadata_are_not_loads() {
        let html = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
            <link rel="canonical" href="https://help.example/a/"><link rel="stylesheet" href="/style.css">
            <meta property="og:image" content="https://elsewhere.example/t.png">
            <a href="https://elsewhere.example/">out</a><img src="/i.png"><img src="https://help.example/i.png">
            <img src="data:image/png;base64,iVBOR"><form action="/search"></form>
            <img srcset="/x,//elsewhere.example/y.png 2x, data:image/gif;base64,R0lG,AA 1x">
            <a href="mailto:a@help.example">mail</a><a href="tel:+1">call</a>
            <meta http-equiv="refresh" content="0; url=/new/">"#;
        assert_eq!(
            scan_html(html.as_bytes(), OWN, &ImageHosts::default(), true),
            vec![]
        );
    }

    #[test]
    fn a_link_may_open_an_application_but_nothing_loads_from_one() {
        assert_eq!(
            problems(r#"<a href="ms-settings:activation">x</a><a href="xref:T">y</a>"#),
            []
        );
        for html in [
            r#"<img src="ms-settings:activation">"#,
            r#"<iframe src="xref:T"></iframe>"#,
            r#"<div style="background:url(ms-settings:x)"></div>"#,
        ] {
            assert_eq!(problems(html), [Problem::ForbiddenUrl], "{html}");
        }
    }

    #[test]
    fn a_page_without_the_policy_is_a_finding() {
        let found = scan_html(b"<p>hi</p>", OWN, &ImageHosts::default(), true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].problem, Problem::MissingPolicy);
    }

    #[test]
    fn script_urls_are_refused_in_every_url_attribute_however_written() {
        let cases = [
            r#"<a href="javascript:alert(1)">x</a>"#,
            r#"<a href="JaVaScRiPt:alert(1)">x</a>"#,
            r#"<a href=" &#1;java&#x09;script&colon;alert(1)">x</a>"#,
            r#"<a href="&#106avascript:alert(1)">x</a>"#,
            "<a href=\"java\nscript:alert(1)\">x</a>",
            r#"<a href="vbscript:msgbox(1)">x</a>"#,
            r#"<a href="data:text/html,<script>alert(1)</script>">x</a>"#,
            r#"<iframe src="data:text/html;base64,PHNjcmlwdD4="></iframe>"#,
            r#"<form action="javascript:alert(1)"></form>"#,
            r#"<button formaction="javascript:alert(1)">x</button>"#,
            r#"<img srcset="/a.png 1x, javascript:alert(1) 2x">"#,
            r#"<object data="javascript:alert(1)"></object>"#,
            r#"<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg><set attributeName="href" to="javascript:alert(1)"/></svg>"#,
            r#"<meta http-equiv="refresh" content="0; url=javascript:alert(1)">"#,
            r#"<blockquote cite="vbscript:x">q</blockquote>"#,
        ];
        for html in cases {
            assert_eq!(problems(html), [Problem::ForbiddenUrl], "{html}");
        }
    }

    #[test]
    fn event_handlers_are_refused_on_any_element() {
        for html in [
            r#"<img src="/a.png" onerror="alert(1)">"#,
            r#"<body ONLOAD="x()">"#,
            r#"<svg><animate onbegin="alert(1)"/></svg>"#,
            r#"<details open ontoggle=alert(1)>"#,
        ] {
            assert_eq!(problems(html), [Problem::InlineScript], "{html}");
        }
        assert_eq!(problems(r#"<p data-onclick="x" title="onclick">x</p>"#), []);
    }

    #[test]
    fn svg_files_need_no_policy_but_may_hold_no_script() {
        let clean = br##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><title>t</title><use xlink:href="#a"/></svg>"##;
        assert_eq!(scan_svg(clean, OWN, &ImageHosts::default()), vec![]);
        let scripted =
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        let found = scan_svg(scripted, OWN, &ImageHosts::default());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].problem, Problem::InlineScript);
        let loading = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><image href="https://t.example/p.png"/></svg>"#;
        let problems: Vec<Problem> = scan_svg(loading, OWN, &ImageHosts::default())
            .into_iter()
            .map(|f| f.problem)
            .collect();
        assert_eq!(problems, [Problem::InlineScript, Problem::ForeignLoad]);
    }
}
