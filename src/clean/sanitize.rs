//! The ammonia allowlist: the only HTML from content that reaches a page.
//!
//! It keeps what help articles legitimately use (keyboard keys, line breaks, sub/superscripts,
//! tables, details/summary, figures, local images, links and anchors with ids, code) and drops
//! every other tag and attribute. URLs may be relative, `http(s)`, `mailto:`, `tel:`, or a
//! `data:` PNG/GIF/JPEG/WebP image in `img src`; anything else is removed.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};

/// Tags kept.
pub const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes kept on any kept tag.
const GENERIC_ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "title",
    "lang",
    "dir",
    "role",
    "aria-label",
    "aria-hidden",
    // Leaves the element out of the search index (see `search`).
    "data-pagefind-ignore",
];

/// Attributes kept on particular tags.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "rel", "name", "hreflang"]),
    (
        "img",
        &["src", "alt", "width", "height", "loading", "decoding"],
    ),
    ("td", &["colspan", "rowspan", "align", "headers"]),
    (
        "th",
        &["colspan", "rowspan", "align", "scope", "headers", "abbr"],
    ),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("time", &["datetime"]),
    ("details", &["open"]),
    ("input", &["type", "checked", "disabled"]),
    ("del", &["datetime"]),
    ("ins", &["datetime"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
];

/// The allowlist as an ammonia builder, shared by every page.
pub fn builder() -> Builder<'static> {
    let mut builder = Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(t, a)| (*t, a.iter().copied().collect::<HashSet<_>>()))
                .collect::<HashMap<_, _>>(),
        )
        .url_schemes(
            ["http", "https", "mailto", "tel", "data"]
                .into_iter()
                .collect(),
        )
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .clean_content_tags(
            [
                "script",
                "style",
                "template",
                "noscript",
                "iframe",
                "object",
                "embed",
                "svg",
                "math",
                "textarea",
                "title",
                "xmp",
                "noembed",
                "noframes",
                "plaintext",
                "select",
            ]
            .into_iter()
            .collect(),
        )
        .attribute_filter(|element, attribute, value| {
            let lower = value.trim_start().to_ascii_lowercase();
            let allowed = match (element, attribute) {
                // Only a checkbox, as task lists render, and never an active control.
                ("input", "type") => lower == "checkbox",
                (_, "cite") | (_, "href") | (_, "src") if lower.starts_with("data:") => {
                    element == "img"
                        && attribute == "src"
                        && super::url::classify(value, "") == super::url::UrlKind::DataImage
                }
                _ => true,
            };
            allowed.then_some(Cow::Borrowed(value))
        });
    builder
}
