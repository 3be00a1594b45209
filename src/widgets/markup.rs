//! What a widget's rendered markup links to and which ids it adds to the page.
//!
//! Widgets are expanded after cleaning and after the Markdown stage recorded the page's links,
//! so neither the cleaner's URL-scheme check nor the link check would see a URL a widget
//! writes. The expand stage reads them back from the rendered HTML here (parsed, so entities
//! such as `&#58;` are decoded as a browser would) and holds them to the same rules as
//! Markdown links. Which attributes hold URLs, and how a `srcset` splits, is
//! [`crate::url_policy`]'s to say.

use scraper::Html;

use crate::url_policy::url_attribute;

/// One URL in a widget's markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MarkupUrl {
    /// Where it is written, e.g. `<a href>`.
    pub place: String,
    /// The URL, entities decoded.
    pub url: String,
}

/// The URLs and element ids in a rendered widget.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Scanned {
    /// Every URL, in document order.
    pub urls: Vec<MarkupUrl>,
    /// Every `id` attribute.
    pub ids: Vec<String>,
}

/// Reads the URLs and ids of one widget's HTML.
pub(crate) fn scan(html: &str) -> Scanned {
    let fragment = Html::parse_fragment(html);
    let mut scanned = Scanned::default();
    for element in fragment.root_element().descendent_elements() {
        let element = element.value();
        let other = |wanted: &str| {
            element
                .attrs()
                .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
                .map(|(_, value)| value.to_owned())
        };
        for (name, value) in element.attrs() {
            if name == "id" {
                scanned.ids.push(value.to_owned());
            }
            let Some(attribute) = url_attribute(element.name(), name, other) else {
                continue;
            };
            scanned
                .urls
                .extend(attribute.urls(value).into_iter().map(|url| MarkupUrl {
                    place: format!("<{} {name}>", element.name()),
                    url: url.to_owned(),
                }));
        }
    }
    scanned
}

#[cfg(test)]
mod tests {
    use super::{MarkupUrl, scan};

    #[test]
    fn urls_are_read_with_entities_decoded_and_ids_collected() {
        let scanned = scan(
            r#"<section id="s"><a href="javascript&#58;alert(1)">x</a><img srcset="/a.png 1x, /b.png 2x"></section><script src="/status.js"></script>"#,
        );
        let url = |place: &str, url: &str| MarkupUrl {
            place: place.to_owned(),
            url: url.to_owned(),
        };
        assert_eq!(
            scanned.urls,
            [
                url("<a href>", "javascript:alert(1)"),
                url("<img srcset>", "/a.png"),
                url("<img srcset>", "/b.png"),
                url("<script src>", "/status.js"),
            ]
        );
        assert_eq!(scanned.ids, ["s"]);
    }

    #[test]
    fn every_url_attribute_is_read_and_srcset_splits_as_browsers_split_it() {
        let scanned = scan(
            r#"<img srcset="data:image/png;base64,iVBO,AA 1x, /b,c.png 2x"><a href="/x" ping="/p https://t.example/q">x</a><svg><use xlink:href="/i.svg#a"/></svg>"#,
        );
        let urls: Vec<&str> = scanned.urls.iter().map(|u| u.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "data:image/png;base64,iVBO,AA",
                "/b,c.png",
                "/x",
                "/p",
                "https://t.example/q",
                "/i.svg#a"
            ]
        );
    }
}
