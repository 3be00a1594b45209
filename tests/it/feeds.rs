//! Machine-read files: `sitemap.xml` (every page with its `lastmod`), the Atom feed `atom.xml`
//! (well-formed, entries newest first with their dates, `feed_limit`) and `robots.txt` naming the
//! sitemap. Parsed as XML, not matched as text.

use std::collections::BTreeMap;

use crate::support;
use crate::support::{Site, child_text, file_for, parse_xml};

/// Every published page of the `model` fixture: (site path, `updated` or else `date`).
const PAGES: [(&str, &str); 10] = [
    ("/about/", "2024-01-05"),
    ("/guides/alpha/", "2024-01-01"),
    ("/guides/bravo/", "2024-01-01"),
    ("/guides/heavy/", "2024-07-01"),
    ("/guides/light/", "2023-01-01"),
    ("/guides/new/", "2024-06-01"),
    ("/guides/old/", "2024-01-01"),
    ("/guides/advanced/deep/", "2024-02-02"),
    ("/reference/bundle/", "2024-02-10"),
    ("/reference/glossary/", "2024-03-03"),
];

/// The Atom namespace.
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The `model` fixture, built.
fn built() -> &'static Site {
    &support::built("model").site
}

/// `loc` → `lastmod` of every `url` in a sitemap.
fn sitemap_entries(text: &str) -> BTreeMap<String, Option<String>> {
    let doc = parse_xml(text);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut entries = BTreeMap::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        let loc = child_text(url, "loc").expect("url without loc").to_owned();
        let lastmod = child_text(url, "lastmod").map(str::to_owned);
        assert!(
            entries.insert(loc.clone(), lastmod).is_none(),
            "{loc} is listed twice"
        );
    }
    entries
}

#[test]
fn sitemap_lists_every_page_with_its_lastmod() {
    let site = built();
    let entries = sitemap_entries(&site.output_text("/sitemap.xml"));
    for (path, lastmod) in PAGES {
        let loc = format!("https://model.example{path}");
        assert_eq!(
            entries.get(&loc),
            Some(&Some(lastmod.to_owned())),
            "{loc} in {entries:#?}"
        );
    }
    // Sections carry the newest date of their pages; list pages are there without one.
    assert_eq!(
        entries.get("https://model.example/guides/"),
        Some(&Some("2024-07-01".to_owned()))
    );
    assert_eq!(entries.get("https://model.example/tags/"), Some(&None));
    assert!(entries.contains_key("https://model.example/"));
    assert!(entries.contains_key("https://model.example/tags/windows/"));
    // Every listed URL is a page the build wrote; redirects, 404 and drafts are not listed.
    for loc in entries.keys() {
        let path = loc.strip_prefix("https://model.example").unwrap();
        assert!(
            site.public().join(file_for(path)).is_file(),
            "{loc} is listed but not written"
        );
    }
    for absent in [
        "/old-path/new/",
        "/legacy.html",
        "/404.html",
        "/guides/secret/",
    ] {
        assert!(
            !entries.contains_key(&format!("https://model.example{absent}")),
            "{absent} must not be in the sitemap"
        );
    }
}

#[test]
fn atom_feed_has_dated_entries_newest_first() {
    let site = built();
    let text = site.output_text("/atom.xml");
    let doc = parse_xml(&text);
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(child_text(feed, "title"), Some("Model Help"));
    assert_eq!(child_text(feed, "subtitle"), Some("Model test site."));
    assert_eq!(child_text(feed, "id"), Some("https://model.example/"));
    assert_eq!(child_text(feed, "updated"), Some("2024-07-01T00:00:00Z"));
    let self_link = feed
        .children()
        .find(|n| n.has_tag_name((ATOM, "link")) && n.attribute("rel") == Some("self"))
        .expect("rel=self link");
    assert_eq!(
        self_link.attribute("href"),
        Some("https://model.example/atom.xml")
    );

    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .collect();
    assert_eq!(
        entries.len(),
        PAGES.len(),
        "one entry per dated page, no draft"
    );
    let first = entries[0];
    assert_eq!(child_text(first, "title"), Some("Weighted ten"));
    assert_eq!(
        child_text(first, "id"),
        Some("https://model.example/guides/heavy/")
    );
    assert_eq!(child_text(first, "published"), Some("2024-01-01T00:00:00Z"));
    assert_eq!(child_text(first, "updated"), Some("2024-07-01T00:00:00Z"));
    assert_eq!(child_text(first, "summary"), Some("Weight ten."));
    assert_eq!(child_text(entries[1], "title"), Some("Newest unweighted"));

    let mut previous = String::from("9999");
    for entry in &entries {
        let updated = child_text(*entry, "updated")
            .expect("entry updated")
            .to_owned();
        let published = child_text(*entry, "published").expect("entry published");
        assert!(updated <= previous, "entries are not newest first");
        assert!(published <= updated.as_str());
        previous = updated;
        let link = entry
            .children()
            .find(|n| n.has_tag_name((ATOM, "link")))
            .and_then(|n| n.attribute("href"))
            .expect("entry link");
        assert_eq!(child_text(*entry, "id"), Some(link));
        let path = link.strip_prefix("https://model.example").unwrap();
        assert!(
            PAGES.iter().any(|(p, _)| *p == path),
            "{link} is not a published page"
        );
    }
}

#[test]
fn feed_limit_caps_the_number_of_entries() {
    let site = Site::new("model");
    let config = site.read("site.yaml");
    site.write("site.yaml", &format!("{config}feed_limit: 3\n"));
    site.build_ok(&[]);
    let text = site.output_text("/atom.xml");
    let doc = parse_xml(&text);
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .filter_map(|e| child_text(e, "title"))
        .collect();
    assert_eq!(titles, ["Weighted ten", "Newest unweighted", "Glossary"]);
}

#[test]
fn robots_txt_names_the_sitemap() {
    let site = built();
    assert_eq!(
        site.output_text("/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://model.example/sitemap.xml\n"
    );
}

#[test]
fn every_page_links_the_feed() {
    let site = built();
    let page = site.page("/guides/new/");
    assert_eq!(
        support::attr(
            &page,
            "link[rel=alternate][type='application/atom+xml']",
            "href"
        ),
        "/atom.xml"
    );
}
