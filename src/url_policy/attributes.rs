//! Which attributes hold URLs, on which elements, and what the browser does with each URL.
//!
//! The cleaner, the widget check and the audit each used to keep a list of their own, and the
//! lists had drifted: `ping`, `imagesrcset`, `cite`, SVG `href` and `<link href>` were each
//! missing from one or another. This is the one table. An attribute either makes the browser
//! load something by itself (an image, a script, a frame), or navigate when the reader follows
//! it (a link, a form), or report a click to a server (`ping`). Where the element decides
//! (`href` loads on `<link rel=stylesheet>` and SVG `<image>` but navigates on `<a>`), the
//! element and its other attributes are asked, as for `<meta http-equiv=refresh content>` and
//! an SVG animation that sets an `href`.

use super::refresh::refresh_url;
use super::srcset::srcset_urls;
use Purpose::{Loads, Navigates, ReportsClicks};
use Resource::{Image, Media, Object};

/// What the browser does with the URL in an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Fetches it by itself, without a click: a resource of this kind.
    Loads(Resource),
    /// Goes there when the reader follows it: a link, a form's target, a citation, a refresh.
    Navigates,
    /// Sends a request there when the reader follows the link (`ping`, `attributionsrc`): it
    /// exists to report clicks.
    ReportsClicks,
}

/// The kind of resource a loading attribute fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// An image (`<img src>`, `srcset`, `poster`, SVG `<image href>`).
    Image,
    /// Audio or video, or anything on `<video>`, `<audio>`, `<source>` and `<track>`.
    Media,
    /// A plugin's content (`<object data>`, `<embed src>`, `codebase`, `archive`).
    Object,
    /// A script (`<script src>`, SVG `<script href>`).
    Script,
    /// A document in a frame (`<iframe src>`, `<frame src>`).
    Frame,
    /// A stylesheet (`<link rel=stylesheet href>`).
    Stylesheet,
    /// Anything else: preloads, icons of `<link>`, a manifest, `<base href>`.
    Other,
}

impl Resource {
    /// The request type filter lists match it as (`$image`, `$media`, `$subdocument`, ...).
    pub fn request_type(self) -> &'static str {
        match self {
            Resource::Image => "image",
            Resource::Media => "media",
            Resource::Object => "object",
            Resource::Script => "script",
            Resource::Frame => "subdocument",
            Resource::Stylesheet => "stylesheet",
            Resource::Other => "other",
        }
    }
}

/// How an attribute's value holds its URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// The whole value is one URL.
    One,
    /// Image candidates ([`srcset_urls`]).
    Srcset,
    /// URLs separated by whitespace (`ping`), or commas (`<applet archive>`).
    List,
    /// A refresh: `5; url=/next/` ([`refresh_url`]).
    Refresh,
    /// SVG animation values, separated by `;`.
    Values,
}

/// An attribute that holds URLs, on the element it was found on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlAttribute {
    /// What the browser does with its URLs.
    pub purpose: Purpose,
    syntax: Syntax,
}

impl UrlAttribute {
    /// The URLs in the attribute's `value` (character references already decoded), in order.
    pub fn urls(self, value: &str) -> Vec<&str> {
        match self.syntax {
            Syntax::One => vec![value],
            Syntax::Srcset => srcset_urls(value),
            Syntax::List => value
                .split(|c: char| c.is_ascii_whitespace() || c == ',')
                .filter(|url| !url.is_empty())
                .collect(),
            Syntax::Refresh => vec![refresh_url(value)],
            Syntax::Values => value.split(';').collect(),
        }
    }
}

/// Attributes that hold URLs on whatever element they are written, with what they do there
/// (the element may make the resource more precise: [`resource_on`]).
const ANY_ELEMENT: &[(&str, Purpose, Syntax)] = &[
    ("src", Loads(Image), Syntax::One),
    ("srcset", Loads(Image), Syntax::Srcset),
    ("imagesrcset", Loads(Image), Syntax::Srcset),
    ("poster", Loads(Image), Syntax::One),
    ("background", Loads(Image), Syntax::One),
    ("lowsrc", Loads(Image), Syntax::One),
    ("icon", Loads(Image), Syntax::One),
    ("dynsrc", Loads(Media), Syntax::One),
    ("data", Loads(Object), Syntax::One),
    ("codebase", Loads(Object), Syntax::One),
    ("classid", Loads(Object), Syntax::One),
    ("archive", Loads(Object), Syntax::List),
    ("manifest", Loads(Resource::Other), Syntax::One),
    ("action", Navigates, Syntax::One),
    ("formaction", Navigates, Syntax::One),
    ("cite", Navigates, Syntax::One),
    ("longdesc", Navigates, Syntax::One),
    ("ping", ReportsClicks, Syntax::List),
    ("attributionsrc", ReportsClicks, Syntax::List),
];

/// SVG elements whose `href` (or `xlink:href`) refers to a resource, which the browser fetches
/// when it is on another document. Lowercase: HTML parsers give SVG names in camel case.
const SVG_REFERENCES: &[&str] = &[
    "image",
    "use",
    "feimage",
    "pattern",
    "lineargradient",
    "radialgradient",
    "filter",
    "textpath",
    "mpath",
    "cursor",
    "tref",
    "altglyph",
    "font-face-uri",
    "color-profile",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
    "set",
    "discard",
];

/// `<link rel>` values that make the browser fetch the `href`.
const FETCHING_RELS: &[&str] = &[
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "apple-touch-icon-precomposed",
    "apple-touch-startup-image",
    "mask-icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "prerender",
    "import",
    "compression-dictionary",
];

/// SVG animation attributes whose values become the animated attribute's value.
const ANIMATION_VALUES: &[&str] = &["to", "from", "by", "values"];

/// The attribute `attr` of element `tag` as a URL-holding attribute, or `None` when it holds
/// no URL. `other` reads another attribute of the same element by its lowercase name, decoded
/// (`rel`, `http-equiv`, `attributename`). Names are compared without regard to case.
pub fn url_attribute(
    tag: &str,
    attr: &str,
    other: impl Fn(&str) -> Option<String>,
) -> Option<UrlAttribute> {
    let is = |name: &str| attr.eq_ignore_ascii_case(name);
    let one = |purpose| {
        Some(UrlAttribute {
            purpose,
            syntax: Syntax::One,
        })
    };
    if is("href") || is("xlink:href") {
        return one(href_purpose(tag, is("xlink:href"), &other));
    }
    if tag.eq_ignore_ascii_case("meta") && is("content") {
        let refresh = other("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh"));
        return refresh.then_some(UrlAttribute {
            purpose: Navigates,
            syntax: Syntax::Refresh,
        });
    }
    if ANIMATION_VALUES.iter().any(|a| is(a)) {
        // `<set attributeName="href" to="javascript:...">` writes the URL into the target.
        let sets_href = other("attributename").is_some_and(|n| {
            n.eq_ignore_ascii_case("href") || n.eq_ignore_ascii_case("xlink:href")
        });
        return sets_href.then_some(UrlAttribute {
            purpose: Loads(Image),
            syntax: Syntax::Values,
        });
    }
    let (_, purpose, syntax) = ANY_ELEMENT.iter().find(|(name, ..)| is(name))?;
    let purpose = match purpose {
        Loads(resource) => Loads(resource_on(tag, *resource)),
        other => *other,
    };
    Some(UrlAttribute {
        purpose,
        syntax: *syntax,
    })
}

/// What `href` (or `xlink:href`) does on `tag`.
fn href_purpose(tag: &str, xlink: bool, other: &impl Fn(&str) -> Option<String>) -> Purpose {
    let tag = tag.to_ascii_lowercase();
    match tag.as_str() {
        "a" | "area" => Navigates,
        "link" => {
            let rel = other("rel").unwrap_or_default().to_ascii_lowercase();
            let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
            if rels.contains(&"stylesheet") {
                Loads(Resource::Stylesheet)
            } else if rels.iter().any(|r| FETCHING_RELS.contains(r)) {
                Loads(Resource::Other)
            } else {
                Navigates
            }
        }
        // Every relative URL of the page is resolved against it.
        "base" => Loads(Resource::Other),
        "script" => Loads(Resource::Script),
        t if SVG_REFERENCES.contains(&t) => Loads(Image),
        // `xlink:href` only means something in SVG, where it refers to a resource.
        _ if xlink => Loads(Image),
        // A link in MathML; nothing elsewhere.
        _ => Navigates,
    }
}

/// The resource a loading attribute fetches on `tag`, where the element says more than the
/// attribute.
fn resource_on(tag: &str, resource: Resource) -> Resource {
    let tag = tag.to_ascii_lowercase();
    match tag.as_str() {
        "video" | "audio" | "source" | "track" => Media,
        "script" => Resource::Script,
        "iframe" | "frame" => Resource::Frame,
        "embed" | "object" | "applet" => Object,
        _ => resource,
    }
}

/// Whether `attr` exists to report clicks to a server (`ping`, `attributionsrc`).
pub fn reports_clicks(attr: &str) -> bool {
    ANY_ELEMENT
        .iter()
        .any(|(name, purpose, _)| *purpose == ReportsClicks && attr.eq_ignore_ascii_case(name))
}

/// Whether `attr` is an inline event handler (`onclick`, `onerror`, `onbegin` ...): any name
/// starting with `on`.
pub fn is_event_handler(attr: &str) -> bool {
    attr.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on"))
}

#[cfg(test)]
mod tests {
    use super::{Purpose, Resource, UrlAttribute, is_event_handler, reports_clicks, url_attribute};

    fn lookup(tag: &str, attr: &str, others: &[(&str, &str)]) -> Option<UrlAttribute> {
        url_attribute(tag, attr, |name| {
            others
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    fn purpose(tag: &str, attr: &str, others: &[(&str, &str)]) -> Option<Purpose> {
        lookup(tag, attr, others).map(|a| a.purpose)
    }

    #[test]
    fn the_element_decides_what_href_does() {
        use Purpose::{Loads, Navigates};
        assert_eq!(purpose("a", "href", &[]), Some(Navigates));
        assert_eq!(purpose("A", "HREF", &[]), Some(Navigates));
        assert_eq!(purpose("area", "href", &[]), Some(Navigates));
        assert_eq!(
            purpose("link", "href", &[("rel", "Stylesheet")]),
            Some(Loads(Resource::Stylesheet))
        );
        assert_eq!(
            purpose("link", "href", &[("rel", "shortcut icon")]),
            Some(Loads(Resource::Other))
        );
        assert_eq!(
            purpose("link", "href", &[("rel", "canonical")]),
            Some(Navigates)
        );
        assert_eq!(purpose("link", "href", &[]), Some(Navigates));
        assert_eq!(purpose("base", "href", &[]), Some(Loads(Resource::Other)));
        assert_eq!(
            purpose("feImage", "href", &[]),
            Some(Loads(Resource::Image))
        );
        assert_eq!(
            purpose("use", "xlink:href", &[]),
            Some(Loads(Resource::Image))
        );
        assert_eq!(
            purpose("script", "href", &[]),
            Some(Loads(Resource::Script))
        );
        assert_eq!(
            purpose("div", "xlink:href", &[]),
            Some(Loads(Resource::Image))
        );
        assert_eq!(purpose("a", "xlink:href", &[]), Some(Navigates));
        assert_eq!(purpose("mi", "href", &[]), Some(Navigates));
    }

    #[test]
    fn loading_attributes_name_their_resource_by_element() {
        use Purpose::Loads;
        assert_eq!(purpose("img", "src", &[]), Some(Loads(Resource::Image)));
        assert_eq!(
            purpose("video", "poster", &[]),
            Some(Loads(Resource::Media))
        );
        assert_eq!(
            purpose("source", "srcset", &[]),
            Some(Loads(Resource::Media))
        );
        assert_eq!(purpose("script", "src", &[]), Some(Loads(Resource::Script)));
        assert_eq!(purpose("iframe", "src", &[]), Some(Loads(Resource::Frame)));
        assert_eq!(purpose("embed", "src", &[]), Some(Loads(Resource::Object)));
        assert_eq!(
            purpose("object", "data", &[]),
            Some(Loads(Resource::Object))
        );
        assert_eq!(purpose("form", "action", &[]), Some(Purpose::Navigates));
        assert_eq!(purpose("a", "ping", &[]), Some(Purpose::ReportsClicks));
        assert_eq!(purpose("img", "alt", &[]), None);
        assert_eq!(purpose("div", "style", &[]), None);
        assert!(reports_clicks("ping") && reports_clicks("AttributionSrc"));
        assert!(!reports_clicks("src"));
    }

    #[test]
    fn values_split_by_their_syntax() {
        let urls = |tag: &str, attr: &str, others: &[(&str, &str)], value: &'static str| {
            lookup(tag, attr, others).map(|a| a.urls(value))
        };
        assert_eq!(
            urls(
                "img",
                "srcset",
                &[],
                "/a.png 1x, https://x.example/b.png 2x"
            ),
            Some(vec!["/a.png", "https://x.example/b.png"])
        );
        assert_eq!(
            urls("a", "ping", &[], " /count  https://x.example/p "),
            Some(vec!["/count", "https://x.example/p"])
        );
        assert_eq!(
            urls(
                "set",
                "to",
                &[("attributename", "HREF")],
                "javascript:alert(1)"
            ),
            Some(vec!["javascript:alert(1)"])
        );
        assert_eq!(
            urls(
                "animate",
                "values",
                &[("attributename", "href")],
                "/a;javascript:x"
            ),
            Some(vec!["/a", "javascript:x"])
        );
        assert_eq!(
            urls(
                "meta",
                "content",
                &[("http-equiv", " Refresh ")],
                "0; url='/new/'"
            ),
            Some(vec!["/new/"])
        );
        assert_eq!(urls("set", "to", &[("attributename", "fill")], "red"), None);
        assert_eq!(
            urls("meta", "content", &[("http-equiv", "description")], "x"),
            None
        );
    }

    #[test]
    fn event_handlers_are_every_attribute_starting_with_on() {
        for name in ["onclick", "ONERROR", "onbegin", "on"] {
            assert!(is_event_handler(name), "{name}");
        }
        for name in ["o", "src", "data-onclick", "xonclick"] {
            assert!(!is_event_handler(name), "{name}");
        }
    }
}
