//! Templates and the default theme: a file in `templates/` replaces the built-in of the same
//! name, `template:` in front matter selects another, syntax and missing-template errors name the
//! file and line; the default theme has one `h1`, `<html lang>`, a skip link, landmarks, meta
//! description, canonical URL, Open Graph tags, JSON-LD with the front matter dates, a CSP, no
//! third-party assets, and a stylesheet with dark mode and print styles.

use crate::support::{
    Site, attr, attrs, broken_internal_links, is_external, leftovers, one, select, site_path_of,
    text, texts, tree,
};
use scraper::Html;

#[test]
fn file_in_templates_replaces_the_built_in_of_the_same_name() {
    let site = Site::new("templates-override");
    site.build_ok(&[]);
    let page = site.page("/normal/");
    assert_eq!(
        texts(&page, "p.custom-page"),
        ["Rendered by templates/page.html"]
    );
    assert_eq!(texts(&page, "title"), ["Normal page (custom)"]);
    // The built-in base.html is still used by the override.
    assert_eq!(attr(&page, "a.skip-link", "href"), "#main");
    // A partial can be replaced too: the home page lists pages with it.
    let home = site.page("/");
    assert_eq!(
        texts(&home, "ol.custom-list a"),
        ["Normal page", "Landing page"]
    );
    assert!(select(&home, "ul.page-list").is_empty());
}

#[test]
fn template_in_front_matter_selects_a_custom_template() {
    let site = Site::new("templates-override");
    site.build_ok(&[]);
    let landing = site.page("/landing/");
    assert_eq!(texts(&landing, "h1.landing"), ["Landing page"]);
    assert_eq!(
        texts(&landing, "p.landing-note"),
        ["Rendered by templates/landing.html"]
    );
    assert!(select(&landing, "p.custom-page").is_empty());
    let section = site.page("/special/");
    assert_eq!(texts(&section, "h1.special-section"), ["Special section"]);
    assert_eq!(texts(&section, "ol.custom-list a"), ["Inside special"]);
    // Pages in that section keep page.html.
    let inside = site.page("/special/inside/");
    assert_eq!(texts(&inside, "p.custom-page").len(), 1);
}

#[test]
fn template_syntax_error_names_the_template_and_its_line() {
    let site = Site::new("templates-syntax-error");
    let run = site.build(&[]);
    run.expect_code(1);
    let d = run.diagnostic("error", "templates/page.html:3:19", "expected }}");
    assert_eq!(d.source.as_deref(), Some("<h1>{{ page.title }</h1>"));
    assert!(!site.exists("public"));
    run.assert_stderr_snapshot(&site);
}

#[test]
fn template_error_while_rendering_names_the_template_line_and_the_page() {
    let site = Site::new("templates-render-error");
    site.copy_dir("broken-templates", "templates");
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "templates/page.html:4:9",
        "(while rendering content/page.md)",
    );
    run.assert_stderr_snapshot(&site);
}

#[test]
fn missing_template_is_an_error_naming_the_page() {
    let site = Site::new("templates-missing");
    let run = site.build(&[]);
    run.expect_code(1);
    let d = run.diagnostic_in(
        "error",
        "content/page.md",
        "template `nope.html` does not exist",
    );
    assert_eq!(
        d.help.as_deref(),
        Some("add templates/nope.html, or remove `template:` to use page.html")
    );
    assert_eq!(run.diagnostics().len(), 1);
    assert!(!site.exists("public"));
    assert_eq!(leftovers(&site.root), Vec::<String>::new());
    run.assert_stderr_snapshot(&site);
}

#[test]

fn missing_template_is_an_error_at_the_template_value() {
    let site = Site::new("templates-missing");
    let run = site.check(&[]);
    run.expect_code(1);
    let d = run.diagnostic(
        "error",
        "content/page.md:3:11",
        "template `nope.html` does not exist",
    );
    assert_eq!(d.source.as_deref(), Some("template: nope.html"));
}

#[test]

fn missing_section_template_is_an_error_naming_the_index_md() {
    let site = Site::new("templates-missing-section");
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "content/sec/_index.md",
        "template `nope.html` does not exist",
    );
}

/// The `theme` fixture, built with the default templates.
fn theme() -> Site {
    let site = Site::new("theme");
    site.build_ok(&[]);
    site
}

/// Every HTML page of the output with its site path.
fn all_pages(site: &Site) -> Vec<(String, Html)> {
    tree(&site.public())
        .into_iter()
        .filter(|(file, _)| file.ends_with(".html"))
        .map(|(file, bytes)| {
            (
                site_path_of(&file),
                Html::parse_document(&String::from_utf8(bytes).expect("UTF-8 page")),
            )
        })
        .collect()
}

/// The parsed JSON-LD object of a page.
fn json_ld(page: &Html) -> serde_json::Value {
    let body: String = one(page, "script[type='application/ld+json']")
        .text()
        .collect();
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("JSON-LD does not parse ({e}): {body}"))
}

#[test]
fn default_theme_has_exactly_one_h1_and_the_landmarks_on_every_page() {
    let site = theme();
    let pages = all_pages(&site);
    assert!(pages.len() >= 8, "{}", pages.len());
    for (path, page) in &pages {
        assert_eq!(select(page, "h1").len(), 1, "{path}: number of h1");
        assert_eq!(attr(page, "html", "lang"), "en-GB", "{path}");
        for landmark in ["body > header", "body > main#main", "body > footer"] {
            assert_eq!(select(page, landmark).len(), 1, "{path}: {landmark}");
        }
        assert_eq!(select(page, "body > header nav").len(), 1, "{path}: nav");
        // The skip link comes first and leads to the main landmark.
        let first_link = select(page, "body a")[0];
        assert_eq!(first_link.value().attr("href"), Some("#main"), "{path}");
        assert_eq!(first_link.value().attr("class"), Some("skip-link"));
        let csp = attr(page, "meta[http-equiv=Content-Security-Policy]", "content");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
    }
}

#[test]

fn page_titled_from_its_first_heading_has_one_h1() {
    let site = Site::new("theme-untitled");
    site.build_ok(&[]);
    let page = site.page("/untitled/");
    assert_eq!(texts(&page, "h1"), ["From the heading"]);
}

#[test]
fn a_titled_page_whose_body_opens_with_a_heading_has_that_heading_as_its_one_h1() {
    let site = Site::new("theme-untitled");
    site.write(
        "content/titled.md",
        "---\ntitle: Short title\n---\n\n# The long heading of the page\n\nText.\n",
    );
    site.write(
        "content/later.md",
        "---\ntitle: Later\n---\n\nText first.\n\n# A heading further down\n",
    );
    site.build_ok(&[]);
    let page = site.page("/titled/");
    assert_eq!(texts(&page, "h1"), ["The long heading of the page"]);
    assert_eq!(texts(&page, "title")[0], "Short title · Help");
    let home = site.page("/");
    assert!(
        texts(&home, "a").contains(&"Short title".to_owned()),
        "lists show the title"
    );
    // A heading that does not open the body stays where it is, under the title.
    let later = site.page("/later/");
    let h1s = texts(&later, "h1");
    assert_eq!(h1s.len(), 2, "{h1s:?}");
    assert_eq!(h1s[0], "Later");
    assert!(h1s[1].starts_with("A heading further down"), "{h1s:?}");
}

#[test]
fn default_theme_has_description_canonical_and_open_graph() {
    let site = theme();
    let page = site.page("/guides/article/");
    let title = "Quotes \"and\" </script> tags";
    assert_eq!(texts(&page, "title"), [format!("{title} · Theme Help")]);
    assert_eq!(text(one(&page, "main h1")), title);
    assert_eq!(
        attr(&page, "meta[name=description]", "content"),
        "An article for the theme checks."
    );
    let canonical = "https://theme.example/guides/article/";
    assert_eq!(attr(&page, "link[rel=canonical]", "href"), canonical);
    assert_eq!(attr(&page, "meta[property='og:title']", "content"), title);
    assert_eq!(attr(&page, "meta[property='og:url']", "content"), canonical);
    assert_eq!(
        attr(&page, "meta[property='og:type']", "content"),
        "article"
    );
    assert_eq!(
        attr(&page, "meta[property='og:image']", "content"),
        "https://theme.example/img/pic.svg"
    );
    let home = site.page("/");
    assert_eq!(
        attr(&home, "meta[name=description]", "content"),
        "The home page of the theme checks."
    );
    assert_eq!(
        attr(&home, "link[rel=canonical]", "href"),
        "https://theme.example/"
    );
    assert_eq!(
        attr(&home, "meta[property='og:type']", "content"),
        "website"
    );
}

#[test]
fn default_theme_json_ld_is_an_article_with_the_front_matter_dates() {
    let site = theme();
    let page = site.page("/guides/article/");
    let ld = json_ld(&page);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["headline"], "Quotes \"and\" </script> tags");
    assert_eq!(ld["datePublished"], "2024-03-01T00:00:00Z");
    assert_eq!(ld["dateModified"], "2024-04-15T00:00:00Z");
    assert_eq!(ld["url"], "https://theme.example/guides/article/");
    assert_eq!(ld["inLanguage"], "en-GB");
    assert_eq!(ld["keywords"], "theme, accessibility");
    // Without `updated`, dateModified is the publication date.
    let second = json_ld(&site.page("/guides/second/"));
    assert_eq!(second["datePublished"], "2024-02-01T00:00:00Z");
    assert_eq!(second["dateModified"], "2024-02-01T00:00:00Z");
    // The visible dates agree.
    assert_eq!(
        attrs(&page, ".page-header time", "datetime"),
        ["2024-03-01T00:00:00Z", "2024-04-15T00:00:00Z"]
    );
}

#[test]
fn default_theme_loads_nothing_from_other_hosts() {
    let site = theme();
    for (path, page) in all_pages(&site) {
        // The only script is the site's own search box (tests/it/search.rs).
        for src in attrs(&page, "script[src]", "src") {
            assert_eq!(src, "/search.js", "{path}: script src");
        }
        for src in attrs(&page, "img[src], script[src]", "src") {
            assert!(!is_external(&src), "{path}: {src}");
        }
        for el in select(&page, "link[href]") {
            let href = el.value().attr("href").unwrap_or_default();
            let rel = el.value().attr("rel").unwrap_or_default();
            if rel == "stylesheet" || rel.contains("icon") || rel == "preload" {
                assert!(!is_external(href), "{path}: asset {href}");
            }
            if href.starts_with("http://") || href.starts_with("https://") || href.starts_with("//")
            {
                assert!(
                    href.starts_with("https://theme.example/"),
                    "{path}: link to another host: {href}"
                );
            }
        }
    }
    assert_eq!(
        broken_internal_links(&site.public(), ""),
        Vec::<String>::new()
    );
}

#[test]
fn default_stylesheet_has_dark_mode_and_print_styles() {
    let site = theme();
    let page = site.page("/guides/article/");
    assert_eq!(attr(&page, "link[rel=stylesheet]", "href"), "/style.css");
    let css = site.output_text("/style.css");
    assert!(css.contains("@media (prefers-color-scheme:dark)"));
    assert!(css.contains("@media print"));
    assert!(!css.contains("http://") && !css.contains("https://") && !css.contains("@import"));
}

#[test]

fn footer_taxonomy_links_use_the_taxonomy_slug() {
    let site = Site::new("taxonomy-underscore");
    site.build_ok(&[]);
    assert!(site.exists("public/product-areas/billing/index.html"));
    let page = site.page("/invoice/");
    assert!(
        attrs(&page, "footer.site-footer a", "href").contains(&"/product-areas/".to_owned()),
        "{:?}",
        attrs(&page, "footer.site-footer a", "href")
    );
    assert_eq!(
        broken_internal_links(&site.public(), ""),
        Vec::<String>::new()
    );
}
