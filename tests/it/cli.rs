//! The command line: `build` and its flags (`--root`, `--output`, `--drafts`, `--base-url`,
//! `-v`), `check` (everything but writing), `init DIR`, `--help` of every subcommand, the exit
//! codes (0 ok, 1 content errors, 2 usage or I/O) and the one summary line of a successful build.

use crate::support;
use crate::support::{Site, attr, leftovers, tree};

#[test]
fn build_prints_one_summary_line_with_pages_and_sections() {
    let site = Site::new("basic");
    let run = site.build_ok(&[]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "stdout: {}", run.stdout);
    assert!(
        run.normalized_stdout
            .starts_with("guidepost: built 3 pages, 2 sections (")
            && run
                .normalized_stdout
                .contains(" files) in [TIME] s, 0 warning(s) → [TMP]/site/public"),
        "summary line: {}",
        run.normalized_stdout
    );
    let summary = run.summary();
    assert_eq!((summary.pages, summary.sections), (3, 2));
    assert_eq!(summary.warnings, 0);
    // Every written file is counted, the marker is not.
    let written = site.output_files();
    assert!(written.contains(".guidepost-output"));
    assert_eq!(summary.files, written.len() - 1, "written: {written:#?}");
    assert_eq!(run.stderr, "", "a clean build prints nothing on stderr");
}

#[test]
fn build_writes_every_page_into_public() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    for file in [
        "public/index.html",
        "public/about/index.html",
        "public/guides/index.html",
        "public/guides/first/index.html",
        "public/guides/second/index.html",
        "public/images/logo.svg",
    ] {
        assert!(site.exists(file), "{file} was not written");
    }
    let first = site.page("/guides/first/");
    assert_eq!(support::texts(&first, "main h1"), ["First guide"]);
}

#[test]
fn build_without_root_flag_uses_the_working_directory() {
    let site = Site::new("basic");
    site.run(&["build"]).expect_code(0);
    assert!(site.exists("public/guides/first/index.html"));
}

#[test]
fn root_flag_builds_a_site_in_another_directory() {
    let site = Site::new("basic");
    let run = site.run_in(&site.tmp, &["build", "--root", "site"]);
    run.expect_code(0);
    assert!(site.exists("public/guides/first/index.html"));
    assert!(
        !site.tmp.join("public").exists(),
        "the output belongs under the root, not the working directory"
    );
}

#[test]
fn output_flag_writes_to_the_given_directory() {
    let site = Site::new("basic");
    let elsewhere = site.tmp.join("elsewhere");
    let run = site.build_ok(&["--output", elsewhere.to_str().unwrap()]);
    assert!(
        run.normalized_stdout
            .trim_end()
            .ends_with("→ [TMP]/elsewhere"),
        "{}",
        run.stdout
    );
    assert!(elsewhere.join("guides/first/index.html").is_file());
    assert!(elsewhere.join(".guidepost-output").is_file());
    assert!(!site.exists("public"), "public/ must not be written");

    site.run(&["build", "--output", "relative-out"])
        .expect_code(0);
    assert!(site.exists("relative-out/guides/second/index.html"));
}

#[test]
fn drafts_are_published_only_with_the_drafts_flag() {
    let site = Site::new("basic");
    let run = site.build_ok(&[]);
    assert_eq!(run.summary().pages, 3);
    assert!(!site.exists("public/guides/unfinished/index.html"));
    let section = site.page("/guides/");
    assert!(
        !support::texts(&section, ".page-list a").contains(&"Unfinished guide".to_owned()),
        "a draft must not be listed"
    );

    let run = site.build_ok(&["--drafts"]);
    assert_eq!(run.summary().pages, 4);
    let draft = site.page("/guides/unfinished/");
    assert_eq!(support::texts(&draft, "main h1"), ["Unfinished guide"]);
    let section = site.page("/guides/");
    assert!(support::texts(&section, ".page-list a").contains(&"Unfinished guide".to_owned()));
}

#[test]
fn base_url_flag_replaces_the_one_in_site_yaml() {
    let site = Site::new("basic");
    site.build_ok(&["--base-url", "https://override.example/sub/"]);
    let page = site.page("/guides/first/");
    assert_eq!(
        attr(&page, "link[rel=canonical]", "href"),
        "https://override.example/sub/guides/first/"
    );
    assert_eq!(
        attr(&page, "link[rel=stylesheet]", "href"),
        "/sub/style.css"
    );
    // The `.md` link in the body is rewritten under the new sub-path.
    let hrefs = support::attrs(&page, ".content a", "href");
    assert_eq!(hrefs, ["/sub/guides/second/"]);
}

#[test]
fn base_url_flag_that_is_not_absolute_is_an_error() {
    let site = Site::new("basic");
    let run = site.check(&["--base-url", "notaurl"]);
    run.expect_code(1);
    let found = run.diagnostics();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "base_url `notaurl` is not an absolute URL"
    );
    assert!(found[0].location.starts_with("--base-url"), "{found:#?}");
}

#[test]
fn verbose_flag_prints_each_stage_with_its_time() {
    let site = Site::new("basic");
    let run = site.build_ok(&["-v"]);
    assert_eq!(
        run.normalized_stderr,
        "  reading: [TIME] s\n  rendering Markdown: [TIME] s\n  writing: [TIME] s\n  \
         indexing for search: [TIME] s\n"
    );
    run.assert_stderr_snapshot(&site);
    let long = site.build_ok(&["--verbose"]);
    assert_eq!(long.normalized_stderr, run.normalized_stderr);
}

#[test]
fn check_does_everything_but_writing() {
    let site = Site::new("basic");
    let before = tree(&site.tmp);
    let run = site.check(&[]);
    run.expect_code(0);
    let summary = run.summary();
    assert!(
        run.stdout
            .starts_with("guidepost: checked 3 pages, 2 sections (")
    );
    assert_eq!((summary.pages, summary.sections), (3, 2));
    assert!(!site.exists("public"), "check must not write the output");
    assert_eq!(tree(&site.tmp), before, "check changed files");
    assert_eq!(leftovers(&site.root), Vec::<String>::new());
}

#[test]
fn check_exits_1_on_an_error_and_writes_nothing() {
    let site = Site::new("check-broken-link");
    let before = tree(&site.tmp);
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic("error", "content/guide.md:7:9", "broken link `/nowhere/`");
    assert_eq!(
        run.stderr.lines().last(),
        Some("guidepost: check failed: 1 error(s) in 1 file(s); nothing was written")
    );
    assert_eq!(run.stdout, "", "no summary line on failure");
    run.assert_stderr_snapshot(&site);
    assert_eq!(tree(&site.tmp), before, "check changed files");
}

#[test]
fn build_exits_1_on_a_content_error() {
    let site = Site::new("check-broken-link");
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic("error", "content/guide.md:7:9", "broken link `/nowhere/`");
    assert!(!site.exists("public"));
    assert_eq!(leftovers(&site.root), Vec::<String>::new());
}

#[test]

fn failure_summary_counts_only_files_with_errors() {
    let site = Site::new("errors-and-warnings");
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic_in("warning", "content/notes.md", "no front matter");
    run.diagnostic("error", "content/guide.md:7:9", "broken link");
    assert_eq!(
        run.stderr.lines().last(),
        Some("guidepost: check failed: 1 error(s) in 1 file(s); nothing was written")
    );
}

#[test]
fn root_without_content_folder_is_a_content_error() {
    let site = Site::empty();
    std::fs::create_dir_all(&site.root).unwrap();
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in("error", "content", "no content/ folder");
    assert_eq!(tree(&site.root).len(), 0, "nothing may be written");
}

#[test]

fn whole_file_diagnostic_is_printed_without_a_made_up_line() {
    let site = Site::empty();
    std::fs::create_dir_all(&site.root).unwrap();
    let run = site.build(&[]);
    run.expect_code(1);
    // Line 0 means "the whole file": print the path alone, as `Diagnostic::location` does.
    run.diagnostic("error", "content", "no content/ folder");
}

#[test]
fn missing_root_is_exit_2() {
    let site = Site::new("basic");
    let missing = site.tmp.join("no-such-site");
    let run = site.run(&["build", "--root", missing.to_str().unwrap()]);
    run.expect_code(2);
    assert_eq!(
        run.normalized_stderr,
        "error: site root [TMP]/no-such-site is not a directory\n"
    );
    assert!(!missing.exists());
    assert!(!site.exists("public"));
}

#[test]
fn unknown_flag_is_a_usage_error_exit_2() {
    let site = Site::new("basic");
    let before = tree(&site.tmp);
    let run = site.run(&["build", "--bogus"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("unexpected argument '--bogus'"),
        "{}",
        run.stderr
    );
    // `check` never writes, so it has no --output.
    site.run(&["check", "--output", "x"]).expect_code(2);
    site.run(&["publish"]).expect_code(2);
    assert_eq!(tree(&site.tmp), before);
}

#[test]
fn help_works_for_every_subcommand() {
    let site = Site::empty();
    let cases: &[(&[&str], &str, &[&str])] = &[
        (&["--help"], "Usage: guidepost", &["build", "check", "init"]),
        (
            &["build", "--help"],
            "Usage: guidepost build",
            &["--root", "--output", "--drafts", "--base-url", "--verbose"],
        ),
        (
            &["check", "--help"],
            "Usage: guidepost check",
            &["--root", "--drafts", "--base-url", "--verbose"],
        ),
        (&["init", "--help"], "Usage: guidepost init", &["<DIR>"]),
        (&["help", "build"], "Usage: guidepost build", &["--output"]),
    ];
    for (args, usage, words) in cases {
        let run = site.run(args);
        run.expect_code(0);
        assert!(run.stdout.contains(usage), "{args:?}: {}", run.stdout);
        for word in *words {
            assert!(
                run.stdout.contains(word),
                "{args:?} lacks {word}: {}",
                run.stdout
            );
        }
    }
    let check = site.run(&["check", "--help"]);
    assert!(
        !check.stdout.contains("--output"),
        "check writes nothing, so it has no --output"
    );
    assert_eq!(tree(&site.tmp).len(), 0, "--help wrote files");
}

#[test]
fn init_creates_a_site_that_builds_at_once() {
    let site = Site::empty();
    let run = site.run(&["init", "site"]);
    run.expect_code(0);
    for file in [
        "site.yaml",
        "content/_index.md",
        "content/guides/_index.md",
        "content/guides/first-guide.md",
    ] {
        assert!(site.exists(file), "init did not write {file}");
        assert!(
            run.stdout.contains(&format!("created site/{file}")),
            "{}",
            run.stdout
        );
    }
    let built = site.run_in(&site.tmp, &["build", "--root", "site"]);
    built.expect_code(0);
    let summary = built.summary();
    assert_eq!(
        (summary.pages, summary.sections, summary.warnings),
        (1, 2, 0)
    );
    let page = site.page("/guides/first-guide/");
    assert_eq!(support::texts(&page, "main h1"), ["Write your first guide"]);
    assert!(site.exists("public/index.html"));
    assert!(site.exists("public/guides/index.html"));
    assert!(site.exists("public/tags/getting-started/index.html"));
}

#[test]
fn init_into_an_existing_site_writes_nothing_and_exits_2() {
    let site = Site::new("basic");
    let before = tree(&site.tmp);
    let run = site.run_in(&site.tmp, &["init", "site"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("exists already; init writes nothing"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(tree(&site.tmp), before, "init changed an existing site");
}

#[test]
fn init_into_a_folder_with_content_writes_nothing_and_exits_2() {
    let site = Site::empty();
    std::fs::create_dir_all(site.root.join("content")).unwrap();
    std::fs::write(site.root.join("content/notes.md"), "# Notes\n").unwrap();
    let before = tree(&site.tmp);
    let run = site.run_in(&site.tmp, &["init", "site"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("content exists already"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&site.tmp), before);
    assert!(!site.exists("site.yaml"));
}

/// A site whose `guides/good.md` links to `guides/broken.md` by file and by URL, and to
/// `guides/unreadable.md` (when present) the same two ways; both pages carry the tag `a`.
fn keep_going_site() -> Site {
    let site = Site::empty();
    site.write(
        "content/guides/good.md",
        "---\ntitle: Good\ntags: [a]\n---\n\nSee [broken](broken.md), [by URL](/guides/broken/), \
         [unreadable](unreadable.md) and [by URL](/guides/unreadable/).\n",
    );
    site.write(
        "content/guides/broken.md",
        "---\ntitle: Broken\ntags: [a]\naliases: [old-broken]\n---\n\nFine.\n",
    );
    site.write(
        "content/guides/unreadable.md",
        "---\ntitle: Unreadable\n---\n\nFine.\n",
    );
    site
}

/// Issue 17, item 7: the default build stays all-or-nothing; `build --keep-going` writes every
/// page that builds (and the lists, feed, sitemap and search index without the broken ones),
/// leaves out the broken pages, lists them after the diagnostics and still exits 1; an error
/// that belongs to no page writes nothing even with `--keep-going`.
#[test]
fn keep_going_writes_the_pages_that_build_and_lists_the_broken_ones() {
    let site = keep_going_site();
    site.build_ok(&[]);
    let good_output = tree(&site.public());
    assert!(good_output.contains_key("guides/broken/index.html"));
    assert!(good_output.contains_key("guides/old-broken/index.html"));

    site.write(
        "content/guides/broken.md",
        "---\ntitle: Broken\ntags: [a]\naliases: [old-broken]\n---\n\nGo [nowhere](/nowhere/).\n",
    );
    site.write(
        "content/guides/unreadable.md",
        "---\ntitle: [unclosed\n---\n\nText.\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert_eq!(
        tree(&site.public()),
        good_output,
        "the default build wrote something"
    );

    let run = site.build(&["--keep-going"]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/guides/broken.md:7:4",
        "broken link `/nowhere/`",
    );
    run.diagnostic_in("error", "content/guides/unreadable.md", "title");
    assert_eq!(
        run.diagnostics().len(),
        2,
        "a link to a broken page is no error:\n{}",
        run.stderr
    );
    let tail: Vec<&str> = run.stderr.lines().rev().take(4).collect();
    assert_eq!(
        tail,
        [
            "guidepost: build incomplete: 2 error(s) in 2 file(s); every other page was written",
            "  content/guides/unreadable.md (/guides/unreadable/)",
            "  content/guides/broken.md (/guides/broken/)",
            "guidepost: left out 2 page(s) with errors:",
        ],
        "{}",
        run.stderr
    );
    assert_eq!(run.summary().pages, 1, "{}", run.stdout);

    let written = site.output_files();
    for file in [
        "index.html",
        "guides/index.html",
        "guides/good/index.html",
        "tags/a/index.html",
        "sitemap.xml",
        "atom.xml",
        "pagefind/pagefind-entry.json",
    ] {
        assert!(
            written.contains(file),
            "{file} was not written: {written:#?}"
        );
    }
    for gone in [
        "guides/broken/index.html",
        "guides/old-broken/index.html",
        "guides/unreadable/index.html",
    ] {
        assert!(!written.contains(gone), "{gone} was written");
    }
    let good = site.page("/guides/good/");
    let hrefs = support::attrs(&good, "main a", "href");
    assert!(
        hrefs.iter().any(|h| h.ends_with("/guides/broken/")),
        "the link to the broken page stays: {hrefs:?}"
    );
    let term = support::texts(&site.page("/tags/a/"), "main a");
    assert!(term.iter().any(|t| t == "Good"), "{term:?}");
    assert!(!term.iter().any(|t| t == "Broken"), "{term:?}");
    let sitemap = site.output_text("/sitemap.xml");
    assert!(sitemap.contains("/guides/good/") && !sitemap.contains("/guides/broken/"));
    assert!(!site.output_text("/atom.xml").contains("Broken"));
    assert_eq!(leftovers(&site.root), Vec::<String>::new());

    // An error that belongs to no page: nothing is written, the last output stays.
    let partial_output = tree(&site.public());
    site.write("site.yaml", "titel: Typo\n");
    let run = site.build(&["--keep-going"]);
    run.expect_code(1);
    run.diagnostic_in("error", "site.yaml", "titel");
    assert!(
        run.stderr
            .contains("the previous output was left as it was")
    );
    assert_eq!(tree(&site.public()), partial_output);
}
