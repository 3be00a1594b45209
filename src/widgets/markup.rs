//! What a widget's rendered markup links to and which ids it adds to the page.
//!
//! Widgets are expanded after cleaning and after the Markdown stage recorded the page's links,
//! so neither the cleaner's URL-scheme check nor the link check would see a URL a widget
//! writes. The expand stage reads them back from the rendered HTML here (parsed, so entities
//! such as `&#58;` are decoded as a browser would) and holds them to the same rules as
//! Markdown links.

use scraper::Html;

/// Attributes whose value is a URL the browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
];

/// One URL in a widget's markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupUrl {
    /// Where it is written, e.g. `<a href>`.
    pub place: String,
    /// The URL, entities decoded.
    pub url: String,
}

/// The URLs and element ids in a rendered widget.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scanned {
    /// Every URL, in document order.
    pub urls: Vec<MarkupUrl>,
    /// Every `id` attribute.
    pub ids: Vec<String>,
}

/// Reads the URLs and ids of one widget's HTML.
pub fn scan(html: &str) -> Scanned {
    let fragment = Html::parse_fragment(html);
    let mut scanned = Scanned::default();
    for element in fragment.root_element().descendent_elements() {
        let element = element.value();
        for (name, value) in element.attrs() {
            if name == "id" {
                scanned.ids.push(value.to_owned());
            }
            if !URL_ATTRIBUTES.contains(&name) {
                continue;
            }
            let urls: Vec<&str> = if name == "srcset" {
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect()
            } else {
                vec![value]
            };
            scanned.urls.extend(urls.into_iter().map(|url| MarkupUrl {
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
}
