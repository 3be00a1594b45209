//! `site.yaml`: every key shows up in the output (`<html lang>`, `<title>`, canonical URLs from
//! `base_url`, `output_dir`, description, a custom taxonomy read from front matter), a folder with
//! only `content/` builds with the defaults, an unknown key is an error naming the nearest valid
//! key, a bad `site.yaml` and bad content are reported in one run, and a `base_url` with a path
//! prefixes every internal link.

use crate::support::{
    Site, attr, attrs, broken_internal_links, child_text, one, parse_xml, text, texts,
};

#[test]
fn every_site_yaml_key_is_used_in_the_output() {
    let site = Site::new("config-full");
    let run = site.build_ok(&[]);
    assert!(
        run.normalized_stdout
            .trim_end()
            .ends_with("→ [TMP]/site/site-out"),
        "{}",
        run.stdout
    );
    assert!(!site.exists("public"), "output_dir must replace public/");
    let out = site.path("site-out");
    assert!(out.join(".guidepost-output").is_file());

    let page = site.page_in(&out, "/konto/einrichten/");
    assert_eq!(attr(&page, "html", "lang"), "de");
    assert_eq!(texts(&page, "title"), ["Konto einrichten · Acme Hilfe"]);
    assert_eq!(text(one(&page, "a.site-title")), "Acme Hilfe");
    assert_eq!(
        attr(&page, "link[rel=canonical]", "href"),
        "https://hilfe.acme.example/konto/einrichten/"
    );
    assert_eq!(
        attr(&page, "meta[property='og:url']", "content"),
        "https://hilfe.acme.example/konto/einrichten/"
    );
    assert!(
        text(one(&page, "footer.site-footer")).contains("Acme Hilfe — Antworten ohne Werbung."),
        "footer shows title and description"
    );

    let home = site.page_in(&out, "/");
    assert_eq!(attr(&home, "html", "lang"), "de");
    assert_eq!(
        attr(&home, "meta[name=description]", "content"),
        "Antworten ohne Werbung."
    );

    let feed_text = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let feed = parse_xml(&feed_text);
    let root = feed.root_element();
    assert_eq!(
        root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("de")
    );
    assert_eq!(child_text(root, "title"), Some("Acme Hilfe"));
    assert_eq!(
        child_text(root, "subtitle"),
        Some("Antworten ohne Werbung.")
    );
}

#[test]
fn custom_taxonomy_reads_a_front_matter_key_of_the_same_name() {
    let site = Site::new("config-full");
    site.build_ok(&[]);
    let out = site.path("site-out");
    let list = site.page_in(&out, "/audience/");
    assert_eq!(texts(&list, ".term-list a"), ["admins", "Power Users"]);
    assert_eq!(
        attrs(&list, ".term-list a", "href"),
        ["/audience/admins/", "/audience/power-users/"]
    );
    // `audience: admins` (one string) counts as well as a list.
    let admins = site.page_in(&out, "/audience/admins/");
    assert_eq!(
        texts(&admins, ".page-list li > a"),
        ["Konto löschen", "Konto einrichten"]
    );
    let power = site.page_in(&out, "/audience/power-users/");
    assert_eq!(texts(&power, ".page-list li > a"), ["Konto einrichten"]);
    // Only configured taxonomies get pages.
    assert!(out.join("tags/konto/index.html").is_file());
    assert!(
        !out.join("categories").exists(),
        "categories is not configured"
    );
}

#[test]
fn term_names_name_terms_on_pages_lists_and_term_pages_whatever_the_spelling() {
    let site = Site::new("config-term-names");
    site.build_ok(&[]);
    // `windows11` and `Windows11` are one term named in site.yaml; `Product Key` there names
    // the `product-key` of front matter (same slug); `wifi` and `WiFi` are not named: the first
    // spelling in front matter (the page Alpha, loaded first) is the name.
    let alpha = site.page("/guides/a/");
    assert_eq!(
        texts(&alpha, "footer.terms p:last-child a"),
        ["Windows 11", "Product key", "wifi"]
    );
    assert_eq!(
        attrs(&alpha, "footer.terms p:last-child a", "href"),
        ["/tags/windows11/", "/tags/product-key/", "/tags/wifi/"]
    );
    assert_eq!(
        texts(&alpha, "footer.terms p:first-child a"),
        ["Setup Guides"]
    );
    let beta = site.page("/guides/b/");
    assert_eq!(
        texts(&beta, "footer.terms p:last-child a"),
        ["Windows 11", "wifi"]
    );
    assert_eq!(
        texts(&beta, "footer.terms p:first-child a"),
        ["Setup Guides"]
    );
    // Lists sort by the name shown.
    let tags = site.page("/tags/");
    assert_eq!(
        texts(&tags, ".term-list a"),
        ["Product key", "wifi", "Windows 11"]
    );
    let term = site.page("/tags/windows11/");
    assert_eq!(texts(&term, "h1"), ["Tags: Windows 11"]);
    assert_eq!(texts(&term, "title"), ["Windows 11 · Names Help"]);
    assert_eq!(
        texts(&term, "nav.breadcrumbs [aria-current=page]"),
        ["Windows 11"]
    );
    assert_eq!(texts(&term, ".page-list li > a"), ["Alpha", "Beta"]);
    // A taxonomy of its own (read from front matter `audience:`) is named the same way.
    let audience = site.page("/audience/");
    assert_eq!(texts(&audience, ".term-list a"), ["Administrators"]);
    assert!(
        !site.output_text("/guides/a/").contains(">windows11<"),
        "no slug left on the page"
    );
}

#[test]
fn term_names_errors_name_the_line_and_column_of_each() {
    let site = Site::new("config-term-names-errors");
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "site.yaml:6:5",
        "term_names.tags: `windows11` and `Windows11` are one term (one page)",
    );
    run.diagnostic(
        "error",
        "site.yaml:7:6",
        "term_names.tags: `!!` has no letter or digit, so no page",
    );
    let empty = run.diagnostic(
        "error",
        "site.yaml:8:5",
        "term_names.tags: `wifi` has an empty name",
    );
    assert_eq!(empty.source.as_deref(), Some("    wifi: \"  \""));
    let unknown = run.diagnostic(
        "error",
        "site.yaml:9:3",
        "term_names: `topics` is not one of the site's taxonomies",
    );
    assert!(
        unknown
            .help
            .as_deref()
            .is_some_and(|h| h.contains("(tags)")),
        "{unknown:?}"
    );
    assert_eq!(run.diagnostics().len(), 4);
    assert!(!site.exists("public"));
    run.assert_stderr_snapshot(&site);

    // A value of the wrong shape is a YAML error at its place.
    site.write(
        "site.yaml",
        "title: Names\nterm_names:\n  tags: [windows11]\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    let d = &run.diagnostics()[0];
    assert!(d.location.starts_with("site.yaml:3:"), "{d:?}");
}

#[test]
fn folder_with_only_content_builds_with_the_defaults() {
    let site = Site::new("config-defaults");
    assert!(!site.exists("site.yaml"));
    let run = site.build_ok(&[]);
    assert_eq!(run.summary().pages, 1);
    let page = site.page("/hello/");
    assert_eq!(attr(&page, "html", "lang"), "en");
    assert_eq!(texts(&page, "title"), ["Hello · Help"]);
    assert_eq!(
        attr(&page, "link[rel=canonical]", "href"),
        "http://localhost:8000/hello/"
    );
    assert!(site.exists("public/tags/index.html"), "default taxonomies");
    assert!(
        site.exists("public/categories/index.html"),
        "default taxonomies"
    );
    assert_eq!(
        broken_internal_links(&site.public(), ""),
        Vec::<String>::new()
    );
}

#[test]
fn unknown_key_is_an_error_naming_the_nearest_valid_key() {
    let site = Site::new("config-unknown-key");
    let run = site.build(&[]);
    run.expect_code(1);
    let d = run.diagnostic("error", "site.yaml:3:1", "unknown key `titel` in site.yaml");
    let help = d.help.expect("a hint");
    assert!(help.starts_with("did you mean `title`?"), "{help}");
    assert_eq!(d.source.as_deref(), Some("titel: Typo Help"));
    assert_eq!(run.diagnostics().len(), 1);
    assert!(!site.exists("public"));
    run.assert_stderr_snapshot(&site);
}

#[test]
fn bad_site_yaml_and_bad_content_are_reported_in_one_run() {
    let site = Site::new("config-and-content-errors");
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "site.yaml:2:1",
        "base_url `help.example.org` is not an absolute URL",
    );
    run.diagnostic(
        "error",
        "content/dated.md:3:7",
        "invalid date \"2024-02-30\"",
    );
    assert_eq!(run.diagnostics().len(), 2);
    run.assert_stderr_snapshot(&site);
}

#[test]
fn base_url_with_a_path_prefixes_every_internal_link() {
    let site = Site::new("config-subpath");
    site.build_ok(&[]);
    // Files are written at the root of the output; only links carry the prefix.
    assert!(site.exists("public/guides/setup/index.html"));
    assert!(!site.exists("public/docs"));

    let page = site.page("/guides/setup/");
    assert_eq!(
        attrs(&page, ".content li a", "href"),
        [
            "/docs/guides/other/",
            "/docs/guides/other/",
            "/docs/guides/other/#step-two",
            "../other/",
            "#details",
        ]
    );
    assert_eq!(attr(&page, ".content img", "src"), "/docs/img/pic.svg");
    assert_eq!(
        attr(&page, "link[rel=stylesheet]", "href"),
        "/docs/style.css"
    );
    assert_eq!(attr(&page, "a.site-title", "href"), "/docs/");
    assert_eq!(attrs(&page, "header nav a", "href"), ["/docs/guides/"]);
    assert_eq!(
        attrs(&page, "nav.breadcrumbs a", "href"),
        ["/docs/", "/docs/guides/"]
    );
    assert_eq!(
        attrs(&page, "footer.terms a", "href"),
        ["/docs/tags/start/"]
    );
    assert_eq!(
        attr(&page, "link[rel=canonical]", "href"),
        "https://x.org/docs/guides/setup/"
    );
    let home = site.page("/");
    assert_eq!(attrs(&home, ".content a", "href"), ["/docs/guides/setup/"]);
    let alias = site.page("/old-setup/");
    assert_eq!(
        attr(&alias, "meta[http-equiv=refresh]", "content"),
        "0; url=/docs/guides/setup/"
    );

    assert!(
        site.output_text("/robots.txt")
            .contains("Sitemap: https://x.org/docs/sitemap.xml")
    );
    let sitemap_text = site.output_text("/sitemap.xml");
    let sitemap = parse_xml(&sitemap_text);
    let locs: Vec<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"https://x.org/docs/guides/setup/"),
        "{locs:?}"
    );
    assert!(
        locs.iter().all(|l| l.starts_with("https://x.org/docs/")),
        "{locs:?}"
    );

    assert_eq!(
        broken_internal_links(&site.public(), "/docs"),
        Vec::<String>::new()
    );
}
