//! The site model as seen in the output: sections from folders (nested, with and without
//! `_index.md`), page order (weight, then newest date, then title), breadcrumbs, prev/next,
//! taxonomy list and term pages, the home page, `404.html`, alias redirects, drafts, page
//! bundles, and duplicate URLs as errors.

use crate::support::{Site, attr, attrs, broken_internal_links, one, select, text, texts};

/// The order of `/guides/`: weight first, then newest date, then title ignoring case.
const GUIDES_ORDER: [(&str, &str); 6] = [
    ("Weighted five", "/guides/light/"),
    ("Weighted ten", "/guides/heavy/"),
    ("Newest unweighted", "/guides/new/"),
    ("Alpha same date", "/guides/alpha/"),
    ("bravo same date", "/guides/bravo/"),
    ("Older unweighted", "/guides/old/"),
];

/// The `model` fixture, built; it has 10 pages in 4 sections.
fn built() -> &'static Site {
    let built = crate::support::built("model");
    let summary = built.run.summary();
    assert_eq!(
        (summary.pages, summary.sections),
        (10, 4),
        "{}",
        built.run.stdout
    );
    &built.site
}

#[test]
fn sections_come_from_folders_nested_with_and_without_index_md() {
    let site = built();
    let guides = site.page("/guides/");
    assert_eq!(texts(&guides, "main h1"), ["Guides"]);
    assert_eq!(
        attr(&guides, "meta[name=description]", "content"),
        "All the guides."
    );
    assert_eq!(texts(&guides, ".content p"), ["Guides, in order."]);
    // A nested folder without `_index.md` is a section titled after the folder.
    assert_eq!(texts(&guides, ".card-list li > a"), ["Advanced"]);
    assert_eq!(texts(&guides, ".card-list .count"), ["(1)"]);
    let advanced = site.page("/guides/advanced/");
    assert_eq!(texts(&advanced, "main h1"), ["Advanced"]);
    assert_eq!(texts(&advanced, ".page-list li > a"), ["Deep dive"]);
    let reference = site.page("/reference/");
    assert_eq!(texts(&reference, "main h1"), ["Reference"]);
    assert_eq!(
        texts(&reference, ".page-list li > a"),
        ["Glossary", "Bundled guide"]
    );
}

#[test]
fn pages_are_ordered_by_weight_then_newest_date_then_title() {
    let site = built();
    let guides = site.page("/guides/");
    let expected_titles: Vec<&str> = GUIDES_ORDER.iter().map(|(t, _)| *t).collect();
    let expected_paths: Vec<&str> = GUIDES_ORDER.iter().map(|(_, p)| *p).collect();
    assert_eq!(texts(&guides, ".page-list li > a"), expected_titles);
    assert_eq!(attrs(&guides, ".page-list li > a", "href"), expected_paths);
}

#[test]
fn prev_and_next_follow_the_section_order() {
    let site = built();
    for (i, (title, path)) in GUIDES_ORDER.iter().enumerate() {
        let page = site.page(path);
        assert_eq!(texts(&page, "main h1"), [*title]);
        let prev = attrs(&page, "a[rel=prev]", "href");
        let next = attrs(&page, "a[rel=next]", "href");
        let want_prev: Vec<&str> = i
            .checked_sub(1)
            .map(|j| GUIDES_ORDER[j].1)
            .into_iter()
            .collect();
        let want_next: Vec<&str> = GUIDES_ORDER.get(i + 1).map(|n| n.1).into_iter().collect();
        assert_eq!(prev, want_prev, "prev of {path}");
        assert_eq!(next, want_next, "next of {path}");
    }
    // Prev/next stay within a section: the only page of a section has neither.
    let deep = site.page("/guides/advanced/deep/");
    assert!(select(&deep, "a[rel=prev], a[rel=next]").is_empty());
}

#[test]
fn breadcrumbs_lead_from_home_through_every_section() {
    let site = built();
    let deep = site.page("/guides/advanced/deep/");
    // The root reads "Home" on every kind of page (the site title is in the header).
    assert_eq!(
        texts(&deep, "nav.breadcrumbs a"),
        ["Home", "Guides", "Advanced"]
    );
    assert_eq!(
        attrs(&deep, "nav.breadcrumbs a", "href"),
        ["/", "/guides/", "/guides/advanced/"]
    );
    let advanced = site.page("/guides/advanced/");
    assert_eq!(
        texts(&advanced, "nav.breadcrumbs li"),
        ["Home", "Guides", "Advanced"]
    );
    assert_eq!(
        texts(&advanced, "nav.breadcrumbs [aria-current=page]"),
        ["Advanced"]
    );
    let tags = site.page("/tags/");
    assert_eq!(texts(&tags, "nav.breadcrumbs li"), ["Home", "Tags"]);
    let term = site.page("/tags/windows/");
    assert_eq!(
        texts(&term, "nav.breadcrumbs li"),
        ["Home", "Tags", "windows"]
    );
    assert_eq!(attrs(&term, "nav.breadcrumbs a", "href"), ["/", "/tags/"]);
}

#[test]
fn tags_and_categories_have_list_and_term_pages() {
    let site = built();
    let tags = site.page("/tags/");
    assert_eq!(texts(&tags, ".term-list a"), ["accounts", "windows"]);
    assert_eq!(
        attrs(&tags, ".term-list a", "href"),
        ["/tags/accounts/", "/tags/windows/"]
    );
    assert_eq!(texts(&tags, ".term-list .count"), ["(2)", "(2)"]);
    let windows = site.page("/tags/windows/");
    assert_eq!(
        texts(&windows, ".page-list li > a"),
        ["Newest unweighted", "Weighted ten"],
        "newest first; the draft is left out"
    );
    let accounts = site.page("/tags/accounts/");
    assert_eq!(
        texts(&accounts, ".page-list li > a"),
        ["Glossary", "Weighted ten"]
    );
    let categories = site.page("/categories/");
    assert_eq!(texts(&categories, ".term-list a"), ["how-to", "reference"]);
    let how_to = site.page("/categories/how-to/");
    assert_eq!(
        texts(&how_to, ".page-list li > a"),
        ["Newest unweighted", "Weighted five"]
    );
    let page = site.page("/guides/heavy/");
    assert_eq!(
        attrs(&page, "footer.terms a", "href"),
        ["/tags/windows/", "/tags/accounts/"]
    );
}

#[test]
fn home_page_lists_sections_and_its_own_pages() {
    let site = built();
    let home = site.page("/");
    assert_eq!(texts(&home, "main h1"), ["Model Help"]);
    assert_eq!(texts(&home, ".content p"), ["Welcome."]);
    assert_eq!(texts(&home, ".card-list li > a"), ["Guides", "Reference"]);
    assert_eq!(texts(&home, ".page-list li > a"), ["About"]);
    assert_eq!(
        attrs(&home, "header nav a", "href"),
        ["/guides/", "/reference/"]
    );
}

#[test]
fn home_page_lists_only_what_its_own_text_does_not_link_to() {
    let site = Site::new("model");
    let about = site.read("content/about.md");
    site.write("content/about.md", &format!("{about}\n## Who\n\nUs.\n"));
    site.write(
        "content/_index.md",
        "---\ntitle: Model Help\n---\n\nStart with [the guides](guides/_index.md) or \
         [about us](about.md#who).\n",
    );
    site.build_ok(&[]);
    let home = site.page("/");
    assert_eq!(texts(&home, ".card-list li > a"), ["Reference"]);
    assert!(select(&home, ".page-list").is_empty(), "About is linked");
    assert!(select(&home, "#pages-heading").is_empty());
    // Linking to everything leaves no list at all; a section page still lists everything.
    site.write(
        "content/_index.md",
        "---\ntitle: Model Help\n---\n\n[Guides](guides/_index.md), \
         [Reference](/reference/), [About](about.md).\n",
    );
    site.build_ok(&[]);
    let home = site.page("/");
    assert!(
        select(
            &home,
            "#sections-heading, #pages-heading, .card-list, .page-list"
        )
        .is_empty(),
        "{}",
        home.html()
    );
    let guides = site.page("/guides/");
    assert_eq!(texts(&guides, ".card-list li > a"), ["Advanced"]);
}

#[test]
fn not_found_page_is_written_and_not_indexed() {
    let site = built();
    let page = site.page("/404.html");
    assert_eq!(texts(&page, "main h1"), ["Page not found"]);
    assert_eq!(attr(&page, "meta[name=robots]", "content"), "noindex");
    assert!(attrs(&page, "main a", "href").contains(&"/".to_owned()));
}

#[test]
fn aliases_are_redirect_pages_to_the_canonical_url() {
    let site = built();
    for alias in ["/old-path/new/", "/legacy.html"] {
        let page = site.page(alias);
        assert_eq!(
            attr(&page, "meta[http-equiv=refresh]", "content"),
            "0; url=/guides/new/",
            "{alias}"
        );
        assert_eq!(
            attr(&page, "link[rel=canonical]", "href"),
            "https://model.example/guides/new/"
        );
        assert_eq!(attr(&page, "meta[name=robots]", "content"), "noindex");
        assert_eq!(attr(&page, "body a", "href"), "/guides/new/");
    }
}

#[test]
fn drafts_are_built_only_with_the_drafts_flag() {
    // Rebuilds with --drafts: its own copy, not the shared build.
    let site = Site::new("model");
    site.build_ok(&[]);
    assert!(!site.exists("public/guides/secret/index.html"));
    let windows = site.page("/tags/windows/");
    assert!(!texts(&windows, ".page-list a").contains(&"Secret draft".to_owned()));

    let run = site.build_ok(&["--drafts"]);
    assert_eq!(run.summary().pages, 11);
    let secret = site.page("/guides/secret/");
    assert_eq!(texts(&secret, "main h1"), ["Secret draft"]);
    let windows = site.page("/tags/windows/");
    assert_eq!(
        texts(&windows, ".page-list li > a"),
        ["Secret draft", "Newest unweighted", "Weighted ten"]
    );
}

#[test]
fn page_bundle_serves_its_files_at_the_page_url() {
    let site = built();
    let page = site.page("/reference/bundle/");
    assert_eq!(texts(&page, "main h1"), ["Bundled guide"]);
    assert_eq!(attr(&page, ".content img", "src"), "diagram.svg");
    assert_eq!(
        std::fs::read(site.path("public/reference/bundle/diagram.svg")).unwrap(),
        std::fs::read(site.path("content/reference/bundle/diagram.svg")).unwrap()
    );
    assert!(!site.exists("public/reference/bundle/index.md"));
}

#[test]
fn every_internal_link_of_the_output_resolves() {
    let site = built();
    assert_eq!(
        broken_internal_links(&site.public(), ""),
        Vec::<String>::new()
    );
}

#[test]
fn two_files_with_the_same_url_are_an_error() {
    let site = Site::new("model-duplicate-url");
    let run = site.build(&[]);
    run.expect_code(1);
    let d = run.diagnostic_in(
        "error",
        "content/setup/index.md",
        "URL /setup/ is also produced by content/setup.md",
    );
    assert!(d.help.as_deref().unwrap_or("").contains("slug"), "{d:?}");
    assert!(!site.exists("public"));
    run.assert_stderr_snapshot(&site);
}

#[test]
fn alias_that_is_not_a_site_path_is_an_error_naming_the_page() {
    let site = Site::new("model-bad-alias");
    let run = site.build(&[]);
    run.expect_code(1);
    let d = run.diagnostic_in(
        "error",
        "content/page.md",
        "alias `https://elsewhere.example/old/` is not a site path",
    );
    assert!(d.help.as_deref().unwrap_or("").contains("/old/"), "{d:?}");
    assert_eq!(run.diagnostics().len(), 1, "`/fine/` is a good alias");
    run.assert_stderr_snapshot(&site);
}

#[test]

fn alias_that_is_not_a_site_path_is_an_error_at_its_value() {
    let site = Site::new("model-bad-alias");
    let run = site.check(&[]);
    run.expect_code(1);
    let d = run.diagnostic(
        "error",
        "content/page.md:5:5",
        "alias `https://elsewhere.example/old/` is not a site path",
    );
    assert_eq!(
        d.source.as_deref(),
        Some("  - https://elsewhere.example/old/")
    );
}

#[test]
fn a_relative_alias_is_read_from_the_pages_folder_as_hugo_reads_it() {
    let site = Site::empty();
    site.write(
        "content/guides/new-name.md",
        "---\ntitle: New\naliases: [old-name, ../top-level, sub/deeper/, /absolute/]\n---\n\nBody.\n",
    );
    site.build_ok(&[]);
    for alias in [
        "/guides/old-name/",
        "/top-level/",
        "/guides/sub/deeper/",
        "/absolute/",
    ] {
        let page = site.output_text(alias);
        assert!(
            page.contains("/guides/new-name/"),
            "{alias} redirects: {page}"
        );
    }
}

#[test]

fn index_md_at_the_content_root_is_not_silently_written_over_the_home_page() {
    let site = Site::new("model-root-index");
    let run = site.build(&[]);
    // Either an error naming the file, or one home page that shows the `_index.md` text and
    // lists the bundle at a URL of its own; never two outputs racing for index.html.
    if run.code == Some(1) {
        run.diagnostic_in("error", "content/index.md", "");
        return;
    }
    run.expect_code(0);
    let sitemap = site.output_text("/sitemap.xml");
    assert_eq!(
        sitemap.matches("<loc>http://localhost:8000/</loc>").count(),
        1,
        "{sitemap}"
    );
    let home = site.page("/");
    assert_eq!(text(one(&home, "main h1")), "Home");
    assert!(text(one(&home, "main .content")).contains("The home page's own text."));
}

#[test]
fn static_file_written_over_a_generated_page_is_an_error() {
    let site = Site::new("model-static-over-page");
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "content/about.md",
        "URL /about/ is also produced by",
    );
}

#[test]
fn a_readme_or_a_chapter_beside_its_folder_introduces_it_as_in_an_mdbook_or_github_repository() {
    let site = Site::empty();
    site.write(
        "content/index.md",
        "# The Book\n\nWelcome. Start with [types](types.md), or [set up](setup/README.md).\n",
    );
    site.write(
        "content/setup/README.md",
        "# Setting up\n\nWhat you need.\n",
    );
    site.write("content/setup/linux.md", "# On Linux\n\nLinux steps.\n");
    site.write(
        "content/types.md",
        "# Types\n\nAbout types. Next: [casting](types/cast.md).\n",
    );
    site.write(
        "content/types/cast.md",
        "# Casting\n\nCast text. Back to [types](../types.md).\n",
    );
    site.write(
        "content/traits.md",
        "---\ntitle: Traits\n---\n\nAbout traits.\n",
    );
    site.write("content/traits/_index.md", "---\ntitle: Traits too\n---\n");
    site.write("content/traits/dyn.md", "# Dyn\n\nDyn text.\n");

    // A folder with its own `_index.md` is introduced by that file only.
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "content/traits.md",
        "URL /traits/ is also produced by content/traits/_index.md",
    );
    let errors = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "error");
    assert_eq!(errors.count(), 1, "{}", run.stderr);

    std::fs::remove_file(site.path("content/traits.md")).unwrap();
    site.build_ok(&[]);
    // `types.md` is the page of `types/`: its heading once, its text, then what the folder holds.
    let types = site.page("/types/");
    assert_eq!(texts(&types, "h1"), ["Types"]);
    assert!(text(one(&types, "main .content")).contains("About types."));
    assert_eq!(attrs(&types, "main .content a", "href"), ["/types/cast/"]);
    assert!(
        attrs(&types, "main a", "href").contains(&"/types/cast/".to_owned()),
        "the folder's page lists its pages"
    );
    // `content/index.md` is the home page's text.
    let home = site.page("/");
    assert_eq!(texts(&home, "h1"), ["The Book"]);
    assert!(text(one(&home, "main .content")).contains("Welcome."));
    assert_eq!(
        attrs(&home, "main .content a", "href"),
        ["/types/", "/setup/"]
    );
    // A folder's README is its page, as GitHub shows it.
    let setup = site.page("/setup/");
    assert_eq!(texts(&setup, "h1"), ["Setting up"]);
    assert!(text(one(&setup, "main .content")).contains("What you need."));
    assert!(attrs(&setup, "main a", "href").contains(&"/setup/linux/".to_owned()));
    assert!(!site.exists("public/setup/readme/index.html"));
    assert_eq!(
        attrs(&site.page("/types/cast/"), "main .content a", "href"),
        ["/types/"]
    );
    let sitemap = site.output_text("/sitemap.xml");
    for url in ["http://localhost:8000/", "http://localhost:8000/types/"] {
        assert_eq!(
            sitemap.matches(&format!("<loc>{url}</loc>")).count(),
            1,
            "{sitemap}"
        );
    }
    assert!(!site.exists("public/index/index.html"));
    assert_eq!(
        broken_internal_links(&site.public(), ""),
        Vec::<String>::new()
    );
}

#[test]
fn a_books_summary_md_gives_the_reading_order_where_front_matter_gives_no_weight() {
    let site = Site::empty();
    site.write(
        "content/SUMMARY.md",
        "# Summary\n\n- [Zebra first](book/zebra.md)\n- [Mango](book/mango.md)\n  \
         - [Apple](book/apple.md)\n- [Parts](parts.md)\n  - [Part two](parts/two.md)\n  \
         - [Part one](parts/one.md)\n- [Zebra again](book/zebra.md)\n",
    );
    for (file, title) in [
        ("book/zebra.md", "Zebra"),
        ("book/mango.md", "Mango"),
        ("book/apple.md", "Apple"),
        ("parts.md", "Parts"),
        ("parts/one.md", "Part one"),
        ("parts/two.md", "Part two"),
    ] {
        site.write(&format!("content/{file}"), &format!("# {title}\n\nText.\n"));
    }
    // A page not in the summary comes after those that are; a weight in front matter still
    // counts as written.
    site.write("content/book/aardvark.md", "# Aardvark\n\nText.\n");
    site.write(
        "content/book/first.md",
        "---\ntitle: Weighted first\nweight: -1\n---\n\nText.\n",
    );
    site.build_ok(&[]);
    let book = site.page("/book/");
    assert_eq!(
        texts(&book, ".page-list li > a"),
        ["Weighted first", "Zebra", "Mango", "Apple", "Aardvark"]
    );
    // Previous/next follow that order.
    let mango = site.page("/book/mango/");
    assert_eq!(attr(&mango, "a[rel=prev]", "href"), "/book/zebra/");
    assert_eq!(attr(&mango, "a[rel=next]", "href"), "/book/apple/");
    // Sections too: `book/` comes before `parts/` (introduced by parts.md), and parts' pages
    // are in the summary's order, not by title.
    let home = site.page("/");
    assert_eq!(
        attrs(&home, "main .card-list li > a", "href"),
        ["/book/", "/parts/"]
    );
    assert_eq!(
        texts(&site.page("/parts/"), ".page-list li > a"),
        ["Part two", "Part one"]
    );
    // SUMMARY.md is a page like any other Markdown file.
    assert_eq!(texts(&site.page("/summary/"), "h1"), ["Summary"]);
}
