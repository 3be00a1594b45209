//! The ammonia allowlist: the only HTML from content that reaches a page.
//!
//! It keeps what help articles legitimately use (keyboard keys, line breaks, sub/superscripts,
//! tables, details/summary, figures, local images, links and anchors with ids, code) and drops
//! every other tag and attribute. URLs may be relative, `http(s)`, `mailto:`, `tel:`, or a
//! `data:` PNG/GIF/JPEG/WebP image in `img src`; anything else is removed. The tables here are
//! the one source of truth: ammonia is built from them, and [`tag_fate`] and [`keeps_attribute`]
//! answer from them what ammonia will drop, so that the cleaner can report it first.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};

use crate::url_policy::{UrlKind, classify};

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
    // `style`: only the alignment Markdown writes (see `keeps_value`).
    ("td", &["colspan", "rowspan", "align", "headers", "style"]),
    (
        "th",
        &[
            "colspan", "rowspan", "align", "scope", "headers", "abbr", "style",
        ],
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

/// Tags removed with everything inside them: what they hold is not text for the reader.
pub const CLEAN_CONTENT_TAGS: &[&str] = &[
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
];

/// URL schemes kept in `href` and `src` (relative URLs are kept too).
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "data"];

/// The allowlist as an ammonia builder, shared by every page; links may also use `schemes`
/// (the ones the site allows, `url_policy::scheme_allowed`).
pub fn builder(schemes: &[&'static str]) -> Builder<'static> {
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
        .url_schemes(URL_SCHEMES.iter().chain(schemes).copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .clean_content_tags(CLEAN_CONTENT_TAGS.iter().copied().collect())
        .attribute_filter(|element, attribute, value| {
            keeps_value(element, attribute, value).then_some(Cow::Borrowed(value))
        });
    builder
}

/// What the allowlist does with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagFate {
    /// Kept (its attributes are judged one by one).
    Keep,
    /// The tag goes, its content stays.
    Unwrap,
    /// The tag goes with everything inside it.
    RemoveWithContent,
}

/// What the allowlist does with a `tag` (a local name, lowercase as the parser gives it).
pub fn tag_fate(tag: &str) -> TagFate {
    if TAGS.contains(&tag) {
        TagFate::Keep
    } else if CLEAN_CONTENT_TAGS.contains(&tag) {
        TagFate::RemoveWithContent
    } else {
        TagFate::Unwrap
    }
}

/// Whether the allowlist keeps `attribute="value"` on a kept `tag`, as ammonia decides it: a
/// listed attribute, a URL it can read with a listed scheme (or a relative one) in `href` and
/// `src`, and a value [`keeps_value`] accepts.
pub fn keeps_attribute(
    tag: &str,
    attribute: &str,
    value: &str,
    allows_scheme: &dyn Fn(&str) -> bool,
) -> bool {
    let listed = GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attribute));
    let url_ok = !matches!(attribute, "href" | "src")
        || match ::url::Url::parse(value) {
            Ok(url) => URL_SCHEMES.contains(&url.scheme()) || allows_scheme(url.scheme()),
            Err(e) => e == ::url::ParseError::RelativeUrlWithoutBase,
        };
    listed && url_ok && keeps_value(tag, attribute, value)
}

/// The values the allowlist narrows further: an `input` only as a checkbox (task lists), a
/// `data:` URL only as an image in `img src`, a `style` only as the column alignment Markdown
/// writes on table cells (`text-align: center`).
fn keeps_value(tag: &str, attribute: &str, value: &str) -> bool {
    let lower = value.trim_start().to_ascii_lowercase();
    match (tag, attribute) {
        // Only a checkbox, as task lists render, and never an active control.
        ("input", "type") => lower == "checkbox",
        (_, "style") => matches!(
            lower.as_str(),
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        (_, "cite") | (_, "href") | (_, "src") if lower.starts_with("data:") => {
            tag == "img" && attribute == "src" && classify(value, "") == UrlKind::DataImage
        }
        _ => true,
    }
}
