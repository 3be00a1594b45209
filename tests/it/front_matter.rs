//! Front matter: a UTF-8 BOM and CRLF line ends are accepted (and positions stay right),
//! `keywords` as `"a, b"` or a list, unknown keys kept in `page.extra`, a file without front
//! matter is a page with a warning, and bad YAML, bad dates and values of the wrong type are
//! errors at the exact line and column of the value. Several bad files are all reported in one
//! run and leave the previous output byte-identical.

use crate::support::{Site, attr, leftovers, one, text, texts, tree};

/// The parsed JSON-LD object of a page.
fn json_ld(html: &scraper::Html) -> serde_json::Value {
    let script = one(html, "script[type='application/ld+json']");
    let body: String = script.text().collect();
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("JSON-LD does not parse ({e}): {body}"))
}

#[test]
fn bom_and_crlf_line_ends_are_accepted() {
    let site = Site::new("fm-bom-crlf");
    let raw = std::fs::read(site.path("content/crlf-bom.md")).unwrap();
    assert!(
        raw.starts_with(b"\xef\xbb\xbf---\r\n"),
        "fixture lost its BOM or CRLF"
    );
    let run = site.build_ok(&[]);
    assert_eq!(run.summary().warnings, 0, "{}", run.stderr);
    let page = site.page("/crlf-bom/");
    assert_eq!(texts(&page, "main h1"), ["Windows line ends"]);
    assert_eq!(attr(&page, "time", "datetime"), "2024-06-01T00:00:00Z");
    assert_eq!(attr(&page, "footer.terms a", "href"), "/tags/windows/");
    assert_eq!(
        attr(&page, ".content a:not(.anchor)", "href"),
        "/list-keywords/"
    );
    assert_eq!(attr(&page, ".content h2", "id"), "section-one");
    assert!(
        !page.html().contains('\u{feff}') && !page.html().contains('\r'),
        "BOM or CR leaked into the page"
    );
}

#[test]
fn crlf_and_bom_keep_diagnostic_positions_exact() {
    let site = Site::new("fm-crlf-positions");
    let run = site.check(&[]);
    run.expect_code(1);
    let date = run.diagnostic(
        "error",
        "content/crlf-date.md:3:7",
        "invalid date \"2024-13-01\"",
    );
    assert_eq!(date.source.as_deref(), Some("date: 2024-13-01"));
    let link = run.diagnostic(
        "error",
        "content/crlf-link.md:5:3",
        "broken link `/missing/`",
    );
    assert_eq!(link.source.as_deref(), Some("A [broken](/missing/) link."));
    run.assert_stderr_snapshot(&site);
}

#[test]
fn keywords_as_comma_separated_string() {
    let site = Site::new("fm-bom-crlf");
    site.build_ok(&[]);
    let page = site.page("/crlf-bom/");
    assert_eq!(
        attr(&page, "meta[name=keywords]", "content"),
        "activation, product key"
    );
    assert_eq!(json_ld(&page)["keywords"], "activation, product key");
}

#[test]
fn keywords_as_list() {
    let site = Site::new("fm-bom-crlf");
    site.build_ok(&[]);
    let page = site.page("/list-keywords/");
    assert_eq!(
        attr(&page, "meta[name=keywords]", "content"),
        "accounts, sign-in"
    );
    assert_eq!(json_ld(&page)["keywords"], "accounts, sign-in");
}

#[test]
fn unknown_keys_land_in_page_extra() {
    let site = Site::new("fm-extra");
    site.build_ok(&[]);
    let page = site.page("/guide/");
    assert_eq!(texts(&page, "p.author"), ["Dana Scully"]);
    assert_eq!(texts(&page, "p.reviewer"), ["Fox Mulder"]);
    assert_eq!(texts(&page, "p.level"), ["3"]);
    assert_eq!(texts(&page, "main h1"), ["Extra keys"]);
}

#[test]
fn file_without_front_matter_is_a_page_titled_from_heading_or_file_name() {
    let site = Site::new("fm-none");
    let run = site.build_ok(&[]);
    assert_eq!(run.summary().pages, 2);
    assert_eq!(run.summary().warnings, 2);
    let titled = site.page("/notes/with-heading/");
    assert_eq!(texts(&titled, "title"), ["Real Title · Help"]);
    assert_eq!(text(one(&titled, ".page-header h1")), "Real Title");
    let named = site.page("/notes/plain-name/");
    assert_eq!(texts(&named, "title"), ["Plain name · Help"]);
    assert_eq!(text(one(&named, ".page-header h1")), "Plain name");
    let section = site.page("/notes/");
    assert_eq!(
        texts(&section, ".page-list li > a"),
        ["Plain name", "Real Title"]
    );
}

#[test]
fn check_warns_about_a_file_without_front_matter_and_exits_0() {
    let site = Site::new("fm-none");
    let run = site.check(&[]);
    run.expect_code(0);
    run.diagnostic_in("warning", "content/notes/plain-name.md", "no front matter");
    run.diagnostic_in(
        "warning",
        "content/notes/with-heading.md",
        "no front matter",
    );
    assert_eq!(run.diagnostics().len(), 2);
    assert_eq!(run.summary().warnings, 2);
    assert!(!site.exists("public"));
    run.assert_stderr_snapshot(&site);
}

#[test]
fn bad_yaml_is_an_error_at_the_line_and_column_with_a_quoting_hint() {
    let site = Site::new("fm-bad-yaml");
    let run = site.build(&[]);
    run.expect_code(1);
    let d = run.diagnostic(
        "error",
        "content/colon.md:2:11",
        "mapping values are not allowed",
    );
    assert!(d.help.as_deref().unwrap_or("").contains("quote"), "{d:?}");
    assert_eq!(d.source.as_deref(), Some("title: Fix: it"));
    run.assert_stderr_snapshot(&site);
}

#[test]
fn dates_in_every_documented_format_are_read_as_utc() {
    let site = Site::new("fm-dates");
    site.build_ok(&[]);
    for (page, expected) in [
        ("/plain/", "2024-10-07T00:00:00Z"),
        ("/offset/", "2024-10-07T16:57:37Z"),
        ("/fraction/", "2024-10-07T16:57:37Z"),
        ("/no-offset/", "2024-10-07T16:57:37Z"),
    ] {
        let html = site.page(page);
        assert_eq!(
            attr(&html, ".page-header time", "datetime"),
            expected,
            "{page}"
        );
        assert_eq!(text(one(&html, ".page-header time")), "7 October 2024");
        assert_eq!(json_ld(&html)["datePublished"], expected, "{page}");
    }
}

#[test]
fn bad_date_is_an_error_at_the_date_value() {
    let site = Site::new("fm-bad-date");
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/when.md:4:7",
        "invalid date \"2024-13-45\"",
    );
    let updated = run.diagnostic(
        "error",
        "content/when.md:5:10",
        "invalid updated \"yesterday\"",
    );
    assert!(updated.help.as_deref().unwrap_or("").contains("YYYY-MM-DD"));
    assert_eq!(run.diagnostics().len(), 2);
    run.assert_stderr_snapshot(&site);
}

#[test]
fn tags_of_the_wrong_type_is_an_error_at_the_value() {
    let site = Site::new("fm-wrong-types");
    let run = site.check(&[]);
    run.expect_code(1);
    let d = run.diagnostic("error", "content/tags.md:3:7", "invalid type: integer `5`");
    assert!(d.help.as_deref().unwrap_or("").contains("tags: ["), "{d:?}");
    run.assert_stderr_snapshot(&site);
}

#[test]
fn draft_that_is_not_a_boolean_is_an_error_at_the_value() {
    let site = Site::new("fm-wrong-types");
    let run = site.check(&[]);
    run.expect_code(1);
    let d = run.diagnostic(
        "error",
        "content/draft.md:3:8",
        "invalid type: string \"maybe\", expected a boolean",
    );
    assert_eq!(d.help.as_deref(), Some("write true or false"));
}

#[test]
fn weight_that_is_not_a_number_is_an_error_at_the_value() {
    let site = Site::new("fm-wrong-types");
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/weight.md:3:9",
        "invalid type: string \"heavy\", expected i64",
    );
    assert_eq!(run.diagnostics().len(), 3);
}

#[test]
fn several_bad_files_are_all_reported_and_the_previous_output_stays_identical() {
    let site = Site::new("fm-many-bad");
    site.build_ok(&[]);
    let before = tree(&site.public());
    assert!(before.contains_key("good/index.html"));

    site.copy_dir("broken", "content");
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/bad-yaml.md:2:11",
        "mapping values are not allowed",
    );
    run.diagnostic(
        "error",
        "content/bad-date.md:3:7",
        "invalid date \"2024-02-31\"",
    );
    run.diagnostic("error", "content/wrong-type.md:3:9", "expected i64");
    run.diagnostic(
        "error",
        "content/unclosed.md:1:1",
        "front matter is not closed",
    );
    assert_eq!(run.diagnostics().len(), 4, "{}", run.stderr);
    assert_eq!(
        run.stderr.lines().last(),
        Some(
            "guidepost: build failed: 4 error(s) in 4 file(s); the previous output was left as it was"
        )
    );
    run.assert_stderr_snapshot(&site);

    assert_eq!(tree(&site.public()), before, "the previous output changed");
    assert_eq!(leftovers(&site.root), Vec::<String>::new());
}

#[test]
fn file_that_is_not_utf8_is_an_error_at_its_line() {
    let site = Site::new("fm-not-utf8");
    let raw = std::fs::read(site.path("content/latin1-cafe.md")).unwrap();
    assert!(std::str::from_utf8(&raw).is_err(), "fixture became UTF-8");
    let run = site.check(&[]);
    run.expect_code(1);
    let d = run.diagnostic(
        "error",
        "content/latin1-cafe.md:6",
        "file is not valid UTF-8",
    );
    assert_eq!(d.help.as_deref(), Some("save the file as UTF-8"));
    assert_eq!(run.diagnostics().len(), 1);
    run.assert_stderr_snapshot(&site);
}

#[test]

fn yaml_error_after_non_ascii_text_is_reported_without_a_panic() {
    let site = Site::new("fm-yaml-non-ascii");
    let run = site.check(&[]);
    assert!(
        !run.stderr.contains("panicked"),
        "guidepost panicked:\n{}",
        run.stderr
    );
    run.expect_code(1);
    // Column 11 counts characters: `title: ÄÄÄ` is 10 characters (13 bytes).
    let d = run.diagnostic(
        "error",
        "content/umlaut.md:2:11",
        "mapping values are not allowed",
    );
    assert_eq!(d.source.as_deref(), Some("title: ÄÄÄ: Ärger"));
}

#[test]
fn a_markdown_file_too_large_to_build_is_refused_by_name_and_the_others_still_checked() {
    let site = Site::empty();
    let line = "Some words of a page that goes on and on, pasted whole from a log file.\n";
    let big = format!(
        "---\ntitle: Big\n---\n\n{}",
        line.repeat(17 * 1024 * 1024 / line.len())
    );
    site.write("content/big.md", &big);
    site.write("content/small.md", "---\ntitle: [oops\n---\n\nx\n");
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "content/big.md",
        "Markdown files over 16 MB are not built",
    );
    assert_eq!(
        run.diagnostics().len(),
        2,
        "the small file's error too: {}",
        run.stderr
    );
}
