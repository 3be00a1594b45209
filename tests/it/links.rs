//! Internal link checking, on every build: absolute paths, relative paths, links to `.md` files
//! (rewritten to the page URL in the output), `#anchors` on the same and on other pages, images,
//! links in `_index.md`; and each kind of broken link as an error at `file:line:col`.

use crate::support;
use crate::support::{Site, attrs, broken_internal_links, tree};

#[test]
fn every_kind_of_good_internal_link_builds_and_is_written_as_a_working_href() {
    let site = Site::new("links-ok");
    let run = site.build_ok(&[]);
    assert_eq!(run.stderr, "");
    let page = site.page("/guides/setup/");
    assert_eq!(
        attrs(&page, ".content ol a", "href"),
        [
            "/guides/other/",
            "/guides/other",
            "../other/",
            "/guides/other/",
            "/guides/other/#details",
            "/about/",
            "#steps",
            "/guides/other/#details",
            "/guides/",
            "/",
            "/files/manual.txt",
            "/atom.xml",
            "/guides/bundle/",
            "/guides/other/#raw-target",
            "https://example.org/",
            "mailto:help@example.org",
        ]
    );
    assert_eq!(
        attrs(&page, ".content img", "src"),
        ["/images/diagram.svg", "/guides/bundle/photo.svg"]
    );
    assert_eq!(
        broken_internal_links(&site.public(), ""),
        Vec::<String>::new()
    );
}

#[test]
fn links_to_markdown_files_are_rewritten_to_page_urls() {
    let site = Site::new("links-ok");
    site.build_ok(&[]);
    // From a page, relative to the file's folder.
    let page = site.page("/guides/setup/");
    let hrefs = attrs(&page, ".content a", "href");
    assert!(!hrefs.iter().any(|h| h.contains(".md")), "{hrefs:?}");
    // From `_index.md` files, relative to their folder.
    let home = site.page("/");
    assert_eq!(
        attrs(&home, ".content a", "href"),
        ["/guides/setup/", "/guides/setup/#steps"]
    );
    let section = site.page("/guides/");
    assert_eq!(
        attrs(&section, ".content a", "href"),
        ["/guides/setup/", "../guides/other/"]
    );
}

#[test]
fn bundle_image_beside_index_md_is_served_at_the_page_url() {
    let site = Site::new("links-ok");
    site.build_ok(&[]);
    let bundle = site.page("/guides/bundle/");
    assert_eq!(attrs(&bundle, ".content img", "src"), ["photo.svg"]);
    assert_eq!(
        std::fs::read(site.path("public/guides/bundle/photo.svg")).unwrap(),
        std::fs::read(site.path("content/guides/bundle/photo.svg")).unwrap()
    );
}

/// The `links-broken` fixture, checked: every broken link is reported in one run.
fn broken() -> support::Run {
    let site = Site::new("links-broken");
    let before = tree(&site.tmp);
    let run = site.build(&[]);
    run.expect_code(1);
    assert_eq!(tree(&site.tmp), before, "a failed build wrote files");
    run
}

#[test]
fn broken_links_are_all_reported_in_one_run() {
    let site = Site::new("links-broken");
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(run.diagnostics().len(), 7, "{}", run.stderr);
    run.assert_stderr_snapshot(&site);
}

#[test]
fn broken_link_is_an_error_at_its_position() {
    let d = broken().diagnostic(
        "error",
        "content/page.md:7:3",
        "broken link `/no/such/page/`: nothing is published at /no/such/page/",
    );
    assert_eq!(
        d.source.as_deref(),
        Some("A [broken link](/no/such/page/) here.")
    );
}

#[test]
fn broken_anchor_on_the_same_page_is_an_error_at_its_position() {
    broken().diagnostic(
        "error",
        "content/page.md:8:3",
        "broken anchor `#nowhere`: no heading or element with that id on this page",
    );
}

#[test]
fn broken_anchor_on_another_page_is_an_error_at_its_position() {
    let d = broken().diagnostic(
        "error",
        "content/page.md:9:4",
        "broken anchor `/other/#missing`: /other/ has no heading or element with id `missing`",
    );
    assert!(d.help.is_some());
}

#[test]
fn link_to_a_missing_markdown_file_is_an_error_at_its_position() {
    broken().diagnostic(
        "error",
        "content/page.md:10:3",
        "broken link `missing.md`: content/missing.md is not a published page",
    );
}

#[test]
fn link_to_a_draft_is_an_error_at_its_position() {
    let d = broken().diagnostic(
        "error",
        "content/page.md:11:3",
        "broken link `draft.md`: content/draft.md is not a published page",
    );
    assert!(
        d.help.as_deref().unwrap_or("").contains("--drafts"),
        "{d:?}"
    );
}

#[test]
fn broken_image_is_an_error_at_its_position() {
    broken().diagnostic(
        "error",
        "content/page.md:12:11",
        "broken link `/images/none.png`",
    );
}

#[test]
fn links_in_index_md_are_checked() {
    broken().diagnostic(
        "error",
        "content/sec/_index.md:5:28",
        "broken link `/gone/`",
    );
}

#[test]
fn link_to_a_draft_works_with_the_drafts_flag() {
    let site = Site::new("links-to-draft");
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic("error", "content/page.md:5:5", "broken link `draft.md`");
    run.diagnostic("error", "content/page.md:5:31", "broken link `/draft/`");
    assert!(!site.exists("public"));

    site.build_ok(&["--drafts"]);
    let page = site.page("/page/");
    assert_eq!(attrs(&page, ".content a", "href"), ["/draft/", "/draft/"]);
}
