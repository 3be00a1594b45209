//! Fuzzes the Markdown stage with cleaning on: any Markdown (with raw HTML) in, safe HTML out.
//!
//! Invariants, each a panic when broken:
//! - `markdown::render` never panics;
//! - the output, parsed as an HTML fragment, holds no `script`, `iframe`, `object`, `embed`,
//!   `style`, `link`, `meta`, `base` or `form` element, no `on*` attribute, no `style`
//!   attribute but the `text-align` Markdown writes on table cells, and no URL attribute
//!   (`href`, `src`, `srcset`, `action`, `poster`, `data`, `xlink:href`) whose value starts with
//!   `javascript:`, `vbscript:` or `data:` (a `data:` PNG/GIF/JPEG/WebP image in `img src`
//!   excepted);
//! - the audit finds nothing in the output: no load of a third-party resource, no URL with a
//!   scheme pages may not use, no event handler, no CSS that runs code.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use guidepost::audit;
use guidepost::clean::Cleaner;
use guidepost::config::CleanConfig;
use guidepost::markdown::{self, LinkResolver, PageInput};
use guidepost::url_policy::ImageHosts;
use libfuzzer_sys::fuzz_target;
use scraper::Html;

const SITE_URL: &str = "https://help.example/";
const OWN_HOST: &str = "help.example";

const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "link", "meta", "base", "form",
];

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "poster",
    "data",
    "xlink:href",
];

const DANGEROUS_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// A site with no pages, served from the domain root.
struct NoPages;

impl LinkResolver for NoPages {
    fn page_path_for_file(&self, _rel: &str) -> Option<String> {
        None
    }

    fn prefix(&self) -> &str {
        ""
    }
}

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        // The default settings name no rule lists, so the root is never read.
        Cleaner::new(&CleanConfig::default(), Path::new("."), SITE_URL)
            .unwrap_or_else(|e| panic!("the default cleaner does not build: {e:?}"))
    })
}

/// As a browser reads a URL's scheme: outer spaces and controls, tabs and newlines do not count.
fn normalized(value: &str) -> String {
    value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// `data:image/png|gif|jpeg|webp` (and `image/jpg`, which guidepost also accepts), followed by
/// `;` or `,`.
fn is_data_image(url: &str) -> bool {
    ["png", "gif", "jpeg", "jpg", "webp"].iter().any(|t| {
        url.strip_prefix("data:image/")
            .and_then(|rest| rest.strip_prefix(t))
            .is_some_and(|rest| rest.starts_with([';', ',']))
    })
}

/// The first violation of the output invariants, if any.
fn violation(html: &str) -> Option<String> {
    let doc = Html::parse_fragment(html);
    for node in doc.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let tag = element.name.local.to_string().to_ascii_lowercase();
        if FORBIDDEN_ELEMENTS.contains(&tag.as_str()) {
            return Some(format!("<{tag}> element"));
        }
        for (name, value) in &element.attrs {
            let value: &str = value;
            let local = name.local.to_string().to_ascii_lowercase();
            // `xlink:href` parses as `xlink` + `href` in SVG, as one name in HTML.
            let full = match &name.prefix {
                Some(prefix) => format!("{}:{local}", prefix.to_string().to_ascii_lowercase()),
                None => local.clone(),
            };
            if local.starts_with("on") || full.starts_with("on") {
                return Some(format!("event handler {full}={value:?} on <{tag}>"));
            }
            // The one style kept: the column alignment Markdown writes on table cells.
            let alignment = matches!(tag.as_str(), "th" | "td")
                && matches!(
                    value,
                    "text-align: left" | "text-align: center" | "text-align: right"
                );
            if (local == "style" || full == "style") && !alignment {
                return Some(format!("style={value:?} on <{tag}>"));
            }
            if !(URL_ATTRIBUTES.contains(&local.as_str())
                || URL_ATTRIBUTES.contains(&full.as_str()))
            {
                continue;
            }
            let urls: Vec<String> = if local == "srcset" {
                // Every candidate of a srcset is a URL of its own.
                value
                    .split(',')
                    .map(normalized)
                    .chain(std::iter::once(normalized(value)))
                    .collect()
            } else {
                vec![normalized(value)]
            };
            for url in urls {
                let Some(scheme) = DANGEROUS_SCHEMES.iter().find(|s| url.starts_with(**s)) else {
                    continue;
                };
                let allowed =
                    *scheme == "data:" && tag == "img" && full == "src" && is_data_image(&url);
                if !allowed {
                    return Some(format!("{scheme} URL in {full}={value:?} of <{tag}>"));
                }
            }
        }
    }
    None
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let input = PageInput {
        body,
        body_line: 1,
        rel: "guide.md",
        site_path: "/guide/",
    };
    let rendered = markdown::render(&input, &NoPages, Some(cleaner()));
    let html = rendered.html;
    if std::env::var_os("GUIDEPOST_FUZZ_PRINT").is_some() {
        // For reading what one input renders to (see README.md); off while fuzzing.
        eprintln!("--- output ---\n{html}");
    }

    if let Some(what) = violation(&html) {
        panic!("unsafe output: {what}\n--- input ---\n{body}\n--- output ---\n{html}");
    }
    let findings = audit::scan_html(html.as_bytes(), OWN_HOST, &ImageHosts::default(), false);
    assert!(
        findings.is_empty(),
        "the audit finds problems: {findings:?}\n--- input ---\n{body}\n--- output ---\n{html}"
    );
});
