//! Internal link checking, on every build: absolute paths, relative paths, links to `.md` files
//! (rewritten to the page URL in the output), `#anchors` on the same and on other pages, images,
//! links in `_index.md`; and each kind of broken link as an error at `file:line:col`.

use crate::support;
use crate::support::{Site, attrs, broken_internal_links, one, tree};

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

#[test]
fn a_long_list_of_problems_ends_with_counts_and_max_errors_shortens_the_list() {
    let site = Site::empty();
    for folder in ["alpha", "beta"] {
        for i in 0..15 {
            site.write(
                &format!("content/{folder}/p{i}.md"),
                &format!("---\ntitle: P{i}\n---\n\nSee [gone](/nowhere/{folder}{i}/) and [here](#none).\n"),
            );
        }
    }
    site.write(
        "content/alpha/extra.md",
        "---\ntitle: Extra\n---\n\n[one more](/gone/)\n",
    );

    let all = site.check(&[]);
    all.expect_code(1);
    assert_eq!(all.diagnostics().len(), 61);
    assert!(
        all.stderr.contains("summary: 61 error(s), 0 warning(s)\n"),
        "{}",
        all.stderr
    );
    assert!(
        all.stderr
            .contains("\n         31  broken link (errors)\n         30  broken anchor (errors)\n"),
        "{}",
        all.stderr
    );
    assert!(
        all.stderr
            .contains("\n         31  content/alpha/\n         30  content/beta/\n"),
        "{}",
        all.stderr
    );
    assert!(
        all.stderr.contains("61 error(s) in 31 file(s)"),
        "{}",
        all.stderr
    );

    let cut = site.check(&["--max-errors", "5"]);
    cut.expect_code(1);
    assert_eq!(cut.diagnostics().len(), 5, "{}", cut.stderr);
    assert!(
        cut.stderr
            .contains("… 56 more error(s) not shown (--max-errors)"),
        "{}",
        cut.stderr
    );
    assert!(
        cut.stderr.contains("summary: 61 error(s), 0 warning(s)\n"),
        "the summary counts every error"
    );
    assert!(
        cut.stderr.contains("61 error(s) in 31 file(s)"),
        "{}",
        cut.stderr
    );
    // The first errors in file order are the ones shown.
    assert_eq!(cut.diagnostics()[0].location, "content/alpha/extra.md:5:1");

    // A short list has no summary.
    for folder in ["alpha", "beta"] {
        for i in 0..15 {
            let fine = "---\ntitle: Fine\n---\n\nFine.\n";
            site.write(&format!("content/{folder}/p{i}.md"), fine);
        }
    }
    let short = site.check(&[]);
    short.expect_code(1);
    assert_eq!(short.diagnostics().len(), 1);
    assert!(!short.stderr.contains("summary:"), "{}", short.stderr);
}

#[test]
fn every_kind_of_link_markdown_has_is_checked_as_what_it_is() {
    let site = Site::empty();
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nMail <someone@example.com>, web <https://example.com/x>, \
         [phone](tel:+123), [mail](mailto:a@b.c), [protocol-relative](//example.com/p), \
         [full][r], [collapsed][], [shortcut], <http://example.org>.\n\n\
         [r]: /b/\n[collapsed]: https://example.net/\n[shortcut]: b.md#part\n",
    );
    site.write("content/b.md", "---\ntitle: B\n---\n\n## Part\n");
    site.build_ok(&[]);
    let page = site.page("/a/");
    assert_eq!(
        attrs(&page, ".content a", "href"),
        [
            "mailto:someone@example.com",
            "https://example.com/x",
            "tel:+123",
            "mailto:a@b.c",
            "//example.com/p",
            "/b/",
            "https://example.net/",
            "/b/#part",
            "http://example.org",
        ]
    );

    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nA [reference][gone] and an [anchor][far].\n\n\
         [gone]: /nowhere/\n[far]: b.md#missing\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic("error", "content/a.md:5:3", "broken link `/nowhere/`");
    run.diagnostic("error", "content/a.md:5:28", "broken anchor `b.md#missing`");
}

#[test]
fn links_settings_in_site_yaml_ignore_targets_or_lower_the_check() {
    let site = Site::empty();
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nA [sample](/samples/x.cs), a [deep one](/samples/v1/y.cs), \
         an [API page](/api/v2/z.html), a [reference](ref/gone.md) and [here](#nowhere).\n",
    );
    let broken = |run: &support::Run| -> Vec<String> {
        run.diagnostics()
            .iter()
            .map(|d| format!("{} {}", d.severity, d.location))
            .collect()
    };

    // By default every one is an error.
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(broken(&run).len(), 5, "{}", run.stderr);

    // Ignored targets: site paths by glob (`*` stays in a folder), .md files by repository path.
    site.write(
        "site.yaml",
        "links:\n  ignore:\n    - /samples/**\n    - /api/*.html\n    - content/ref/*.md\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(
        broken(&run),
        ["error content/a.md:5:63", "error content/a.md:5:122"],
        "{}",
        run.stderr
    );

    // `check: warn`: the same problems as warnings, and the site builds.
    site.write("site.yaml", "links:\n  check: warn\n");
    let run = site.build_ok(&[]);
    assert_eq!(broken(&run).len(), 5, "{}", run.stderr);
    assert!(
        broken(&run).iter().all(|d| d.starts_with("warning ")),
        "{}",
        run.stderr
    );
    assert_eq!(run.summary().warnings, 5);

    // `check: off`: nothing is checked.
    site.write("site.yaml", "links:\n  check: off\n");
    let run = site.build_ok(&[]);
    assert_eq!(run.stderr, "");

    // A pattern that is no glob, and an unknown setting, are errors in site.yaml.
    site.write("site.yaml", "links:\n  ignore:\n    - /samples/[x\n");
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "site.yaml:3:7",
        "`/samples/[x` is not a valid glob",
    );
    site.write("site.yaml", "links:\n  chek: warn\n");
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("chek"), "{}", run.stderr);
}

#[test]
fn heading_ids_follow_github_by_default_and_the_compact_rule_on_request() {
    let site = Site::empty();
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\n## Step -- two\n\n## Settings > Accounts\n\n\
         [one](#step----two) [two](#settings--accounts)\n",
    );
    site.build_ok(&[]);
    let page = site.page("/a/");
    assert_eq!(
        attrs(&page, ".content h2", "id"),
        ["step----two", "settings--accounts"]
    );

    site.write("site.yaml", "heading_ids: compact\n");
    let run = site.check(&[]);
    run.expect_code(1);
    let broken = run.diagnostic("error", "content/a.md:9:1", "broken anchor `#step----two`");
    assert_eq!(
        broken.help.as_deref(),
        Some("did you mean #step-two? Heading ids are listed in the README (slug rule)")
    );
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\n## Step -- two\n\n[one](#step-two)\n",
    );
    site.build_ok(&[]);
    assert_eq!(attrs(&site.page("/a/"), ".content h2", "id"), ["step-two"]);
}

#[test]
fn a_link_in_other_letter_case_than_its_file_works_with_a_warning_that_can_be_turned_off() {
    let site = Site::empty();
    site.write(
        "content/guides/setup.md",
        "---\ntitle: Setup\n---\n\nSee [the commands](../ref/Commands.md#usage).\n",
    );
    site.write(
        "content/ref/commands.md",
        "---\ntitle: Commands\n---\n\n## Usage\n",
    );
    let run = site.build_ok(&[]);
    let warning = run.diagnostic(
        "warning",
        "content/guides/setup.md:5:5",
        "names content/ref/Commands.md, but the file is content/ref/commands.md",
    );
    assert!(warning.help.unwrap().contains("links.case_mismatch: off"));
    assert_eq!(
        attrs(&site.page("/guides/setup/"), ".content a", "href"),
        ["/ref/commands/#usage"],
        "the link goes to the page"
    );

    site.write("site.yaml", "links:\n  case_mismatch: off\n");
    assert_eq!(site.build_ok(&[]).stderr, "");
    site.write("site.yaml", "links:\n  case_mismatch: error\n");
    site.check(&[]).expect_code(1);

    // A broken anchor on that page is still an error.
    site.write("site.yaml", "");
    site.write(
        "content/guides/setup.md",
        "---\ntitle: Setup\n---\n\nSee [the commands](../ref/Commands.md#nowhere).\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic("error", "content/guides/setup.md:5:5", "broken anchor");
}

#[test]
fn a_link_to_a_missing_markdown_file_is_told_from_a_link_to_a_draft() {
    let site = Site::empty();
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\n[gone](gone.md) and [draft](draft.md)\n",
    );
    site.write("content/draft.md", "---\ntitle: D\ndraft: true\n---\n\nx\n");
    let run = site.check(&[]);
    run.expect_code(1);
    let gone = run.diagnostic(
        "error",
        "content/a.md:5:1",
        "content/gone.md is not a published page",
    );
    assert!(
        gone.help
            .unwrap()
            .starts_with("there is no content/gone.md")
    );
    let draft = run.diagnostic(
        "error",
        "content/a.md:5:21",
        "content/draft.md is not a published page",
    );
    assert!(draft.help.unwrap().starts_with("that page is a draft"));
}

#[test]
fn relative_links_to_files_are_read_from_the_markdown_files_folder_as_on_github() {
    let site = Site::empty();
    site.write(
        "content/setup/install.md",
        "---\ntitle: Install\n---\n\n![diagram](img/pic.png) [the file](./img/pic.png) \
         [from above](../setup/img/pic.png) [a page by its URL](../../guide/)\n",
    );
    site.write("content/setup/img/pic.png", "png");
    site.write(
        "content/guide/index.md",
        "---\ntitle: Guide\n---\n\n![photo](photo.png)\n",
    );
    site.write("content/guide/photo.png", "png");
    site.build_ok(&[]);
    let page = site.page("/setup/install/");
    assert_eq!(attrs(&page, ".content img", "src"), ["/setup/img/pic.png"]);
    assert_eq!(
        attrs(&page, ".content a", "href"),
        ["/setup/img/pic.png", "/setup/img/pic.png", "../../guide/"]
    );
    assert!(site.exists("public/setup/img/pic.png"));
    // A page bundle's own files, as before.
    assert_eq!(
        attrs(&site.page("/guide/"), ".content img", "src"),
        ["photo.png"]
    );
    assert_eq!(
        broken_internal_links(&site.public(), ""),
        Vec::<String>::new()
    );

    // A file that is not there is reported where the page's URL puts it.
    site.write(
        "content/setup/install.md",
        "---\ntitle: Install\n---\n\n![diagram](img/gone.png)\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/setup/install.md:5:1",
        "broken link `img/gone.png`",
    );
}

#[test]
fn a_book_moved_in_from_mdbook_links_to_its_chapters_by_their_html_names() {
    let site = Site::empty();
    site.write(
        "content/ch01-intro.md",
        "---\ntitle: Intro\n---\n\nSee [ownership](ch04-ownership.html#moves), \
         [the appendix](appendix/a-keywords.html) and [gone](ch99-gone.html).\n",
    );
    site.write(
        "content/ch04-ownership.md",
        "---\ntitle: Ownership\n---\n\n## Moves\n\nBack to [the intro](ch01-intro.html).\n",
    );
    site.write(
        "content/appendix/a-keywords.md",
        "---\ntitle: Keywords\n---\n\nUp to [ownership](../ch04-ownership.html).\n",
    );
    // Only the chapter with no Markdown file beside the link is broken, where its URL points.
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/ch01-intro.md:5:90",
        "broken link `ch99-gone.html`: nothing is published at /ch01-intro/ch99-gone.html",
    );
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);

    // The chapters' .html names are written as their pages' URLs, anchors checked as usual.
    site.write(
        "content/ch01-intro.md",
        "---\ntitle: Intro\n---\n\nSee [ownership](ch04-ownership.html#moves) and \
         [the appendix](appendix/a-keywords.html).\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        attrs(&site.page("/ch01-intro/"), ".content a", "href"),
        ["/ch04-ownership/#moves", "/appendix/a-keywords/"]
    );
    assert_eq!(
        attrs(&site.page("/appendix/a-keywords/"), ".content a", "href"),
        ["/ch04-ownership/"]
    );
    assert_eq!(
        broken_internal_links(&site.public(), ""),
        Vec::<String>::new()
    );
    site.write(
        "content/ch01-intro.md",
        "---\ntitle: Intro\n---\n\nSee [ownership](ch04-ownership.html#borrows).\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/ch01-intro.md:5:5",
        "broken anchor `ch04-ownership.html#borrows`",
    );
}

#[test]
fn link_schemes_windows_settings_allowed_others_named_and_script_never() {
    let site = Site::empty();
    site.write(
        "content/s.md",
        "---\ntitle: S\n---\n\nOpen [Activation](ms-settings:activation), the \
         [Store](ms-windows-store://home), <a href=\"ms-settings:windowsupdate\">Update</a> \
         and [String](xref:System.String).\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    let xref = run.diagnostic(
        "error",
        "content/s.md:5:133",
        "scheme `xref:` is not allowed on this site",
    );
    assert!(xref.help.unwrap().contains("allowed_schemes: [xref]"));
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);

    // `links.check: warn` lowers it: the page builds, the link's text stays without the link.
    site.write("site.yaml", "links:\n  check: warn\n");
    site.build_ok(&[]);
    let page = site.page("/s/");
    assert_eq!(
        attrs(&page, ".content a", "href"),
        [
            "ms-settings:activation",
            "ms-windows-store://home",
            "ms-settings:windowsupdate"
        ]
    );
    assert!(support::text(one(&page, ".content p")).contains("and String."));

    // Allowed in site.yaml, it is a link like any other.
    site.write("site.yaml", "clean:\n  allowed_schemes: [xref]\n");
    let run = site.build_ok(&[]);
    assert_eq!(run.stderr, "");
    assert!(
        attrs(&site.page("/s/"), ".content a", "href").contains(&"xref:System.String".to_owned())
    );

    // A scheme that runs code cannot be allowed.
    site.write("site.yaml", "clean:\n  allowed_schemes: [javascript]\n");
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic("error", "site.yaml:2:21", "`javascript` cannot be allowed");
}
