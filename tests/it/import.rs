//! `guidepost import`: a scraped article becomes a clean draft guide that `check` accepts once
//! its remote images are local; existing guides are never replaced without `--force`; a folder
//! import reports a bad file and imports the rest; `--dry-run` writes nothing. The conversion
//! itself (HTML to Markdown, link farms, disclaimers, front matter) is tested through the
//! library's `import::convert`.

use std::path::Path;

use crate::support::{Run, Site, compare_snapshot, fixtures_dir, one, select, text, texts};
use guidepost::clean::Cleaner;
use guidepost::config::CleanConfig;
use guidepost::import::Converted;
use guidepost::load::Date;

const ARTICLE: &str = "scraped/republished.md";
const GUIDE: &str = "content/imported/republished.md";

/// `guidepost import ARGS...` in the site root.
fn import(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// The front matter of a guide, parsed, and its keys in order.
fn front_matter(guide: &str) -> (serde_yaml::Mapping, Vec<String>) {
    let yaml = guide
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(yaml, _)| yaml)
        .unwrap_or_else(|| panic!("no front matter in:\n{guide}"));
    let map: serde_yaml::Mapping = serde_yaml::from_str(yaml).expect("front matter is YAML");
    let keys = map
        .keys()
        .map(|k| k.as_str().expect("string key").to_owned())
        .collect();
    (map, keys)
}

fn string<'a>(map: &'a serde_yaml::Mapping, key: &str) -> &'a str {
    map.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("no string `{key}` in {map:?}"))
}

fn strings(map: &serde_yaml::Mapping, key: &str) -> Vec<String> {
    map.get(key)
        .and_then(|v| v.as_sequence())
        .unwrap_or_else(|| panic!("no list `{key}` in {map:?}"))
        .iter()
        .map(|v| v.as_str().expect("string item").to_owned())
        .collect()
}

fn cleaner() -> Cleaner {
    Cleaner::new(
        &CleanConfig::default(),
        Path::new("."),
        "https://help.example/",
    )
    .unwrap_or_else(|_| panic!("the default rules compile"))
}

fn convert(text: &str) -> Converted {
    guidepost::import::convert(text, Path::new("scraped.md"), &cleaner())
        .unwrap_or_else(|d| panic!("conversion failed: {d:#?}"))
}

/// The body of a converted guide (after the front matter).
fn body(converted: &Converted) -> &str {
    converted
        .text
        .split_once("\n---\n")
        .map(|(_, body)| body.trim())
        .expect("front matter")
}

fn removed(converted: &Converted) -> Vec<String> {
    converted
        .findings
        .removed
        .iter()
        .map(|f| format!("line {}: {}", f.line, f.what))
        .collect()
}

#[test]
fn imported_article_is_clean_and_passes_check_once_its_images_are_local() {
    let site = Site::new("import");
    let run = import(&site, &[ARTICLE]);
    run.expect_code(0);
    compare_snapshot(
        &fixtures_dir().join("import").join("expected-stdout.txt"),
        &run.normalized_stdout,
    );
    let guide = site.read(GUIDE);
    compare_snapshot(
        &fixtures_dir()
            .join("import")
            .join("expected-republished.md"),
        &guide,
    );

    // The report names what went, with source lines, and the images to replace.
    for line in [
        "line 21: affiliate disclaimer",
        "line 30: ad region (3 elements)",
        "line 44: affiliate link to amzn.to (its text kept)",
        "line 62: script (<script>)",
        "line 65: event handler onclick on <p>",
        "line 66: javascript: link (its text kept)",
        "line 78: tracking pixel https://pixel.tracker.example/p.gif",
        "line 84: link farm \"Also read:\" (3 links)",
        "line 91: ad element (matches `ins.adsbygoogle`)",
        "Remote images to replace with local copies:",
        "line 41: https://static.scraped.example/uploads/activation.png",
        "line 12: https://cdn.scraped.example/thumbs/disk.png (the thumbnail",
    ] {
        assert!(
            run.stdout.contains(line),
            "report lacks {line:?}:\n{}",
            run.stdout
        );
    }

    // Front matter: typed, trimmed, in a stable order, unknown keys kept, a draft.
    let (front, keys) = front_matter(&guide);
    assert_eq!(
        keys,
        [
            "title",
            "date",
            "updated",
            "description",
            "excerpt",
            "keywords",
            "tags",
            "categories",
            "author",
            "source_url",
            "draft"
        ]
    );
    assert_eq!(
        string(&front, "title"),
        "Move Your Windows Licence To A New Disk"
    );
    assert_eq!(
        string(&front, "description"),
        "How to move a Windows licence to a new disk."
    );
    assert_eq!(
        strings(&front, "keywords"),
        ["licence", "disk", "move", "Windows 11"]
    );
    assert_eq!(string(&front, "date"), "2024-05-02T08:10:00Z");
    assert_eq!(string(&front, "updated"), "2024-05-03T07:30:00Z");
    for key in ["date", "updated"] {
        assert!(Date::parse(string(&front, key)).is_ok_and(|d| d.has_time));
    }
    assert_eq!(string(&front, "author"), "Jane Scraper");
    assert_eq!(front.get("draft").and_then(|v| v.as_bool()), Some(true));

    // Ads, trackers, scripts, the disclaimer and the link farm are gone from the source.
    for gone in [
        "sjv.io",
        "impactradius-go.com",
        "pxf.io",
        "pixel.tracker.example",
        "amzn.to",
        "adsbygoogle",
        "<script",
        "<iframe",
        "onclick",
        "javascript:",
        "<video",
        "Click here",
        "Disclaimer",
        "commission",
        "Also read",
        "Weird Trick",
        "<!--",
        "thumbnail",
    ] {
        assert!(
            !guide.contains(gone),
            "`{gone}` is still in the guide:\n{guide}"
        );
    }
    // The guide stays, its HTML now Markdown where Markdown has the construct.
    for kept in [
        "## Steps\n\n1. Open **Settings** by pressing **Win** \\+ **I**.",
        "3. Select **Troubleshoot** and follow the prompts.",
        "Press <kbd>Win</kbd> + <kbd>R</kbd> and type `winver` to see your version.",
        "**sign in** with the **same Microsoft account** and *try again*.",
        "[official notes](https://support.microsoft.com/windows/reactivating-windows) or buy a \
         new disk here.",
        "### What the messages mean\n\n- **Windows is activated**: nothing to do.",
        "| Code | Meaning |\n| --- | --- |\n| `0xC004F213` | No product key found |",
        "![Activation result](https://static.scraped.example/uploads/result.png)",
        "Restart the PC when the troubleshooter is done.",
        "Check for updates afterwards.",
    ] {
        assert!(guide.contains(kept), "the guide lacks {kept:?}:\n{guide}");
    }

    // `check` (strict) reports only the remote images; a draft is not published without
    // --drafts.
    let check = site.check(&["--drafts"]);
    check.expect_code(1);
    let diagnostics = check.diagnostics();
    assert_eq!(diagnostics.len(), 2, "{}", check.stderr);
    for d in &diagnostics {
        assert_eq!(d.file(), GUIDE);
        assert!(
            d.message
                .starts_with("content holds a third-party resource: image https://static."),
            "{d:?}"
        );
    }
    site.check(&[]).expect_code(0);

    // Once the author saved the images locally, the guide builds cleanly.
    let local = guide.replace("https://static.scraped.example/uploads/", "/images/");
    site.write(GUIDE, &local);
    site.write("static/images/activation.png", "png");
    site.write("static/images/result.png", "png");
    site.check(&["--drafts"]).expect_code(0);
    site.build_ok(&["--drafts"]);
    let page = site.page("/imported/republished/");
    assert_eq!(
        texts(&page, ".content h2"),
        [
            "Move Your Windows Licence To A New Disk #",
            "Before You Begin #",
            "Steps #",
            "Afterwards #"
        ]
    );
    assert_eq!(texts(&page, ".content h3"), ["What the messages mean #"]);
    assert_eq!(select(&page, ".content ol > li").len(), 3);
    let strong = texts(&page, ".content strong");
    for s in [
        "Settings",
        "Troubleshoot",
        "sign in",
        "Windows is activated",
    ] {
        assert!(
            strong.iter().any(|t| t == s),
            "no <strong>{s}</strong>: {strong:?}"
        );
    }
    assert_eq!(texts(&page, ".content kbd"), ["Win", "R"]);
    assert_eq!(texts(&page, ".content th"), ["Code", "Meaning"]);
    assert_eq!(
        one(&page, ".content img[alt='Activation result']")
            .value()
            .attr("src"),
        Some("/images/result.png")
    );
    assert!(text(one(&page, ".content")).contains("or buy a new disk here."));
}

#[test]
fn an_existing_guide_is_not_overwritten_without_force() {
    let site = Site::new("import");
    site.write(GUIDE, "the author's reviewed guide\n");
    for extra in [&[][..], &["--dry-run"][..]] {
        let mut args = vec![ARTICLE];
        args.extend_from_slice(extra);
        let run = import(&site, &args);
        run.expect_code(1);
        let d = run.diagnostic_in("error", GUIDE, "exists already");
        assert!(d.message.contains(GUIDE), "{d:?}");
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("--force")),
            "{d:?}"
        );
        assert_eq!(site.read(GUIDE), "the author's reviewed guide\n");
        assert!(run.stdout.contains("1 failed"), "{}", run.stdout);
    }
}

#[test]
fn force_overwrites_an_existing_guide() {
    let site = Site::new("import");
    site.write(GUIDE, "old\n");
    import(&site, &[ARTICLE, "--force"]).expect_code(0);
    let guide = site.read(GUIDE);
    assert!(
        guide.starts_with("---\ntitle: Move Your Windows Licence To A New Disk\n"),
        "{guide}"
    );
}

#[test]
fn a_folder_import_reports_the_bad_file_and_imports_the_others() {
    let site = Site::new("import");
    let run = import(&site, &["batch"]);
    run.expect_code(1);
    // The bad file is reported like the build reports it, at the value.
    run.diagnostic(
        "error",
        "batch/broken.md:3:7",
        "invalid date \"2024-13-45\"",
    );
    assert!(!site.exists("content/imported/broken.md"));
    // The others are written, recursively, a name with spaces and capitals slugified.
    assert!(
        run.stdout.contains(
            "wrote content/imported/reset-activation.md (draft) from batch/Reset Activation.md"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("line 11: ad region (1 element)"));
    assert!(run.stdout.contains("imported 2 file(s), 1 failed"));
    let reset = site.read("content/imported/reset-activation.md");
    let (front, _) = front_matter(&reset);
    assert_eq!(
        string(&front, "date"),
        "2024-06-01",
        "a plain date stays plain"
    );
    assert_eq!(strings(&front, "keywords"), ["reset", "activation"]);
    assert!(reset.contains("Run `slmgr /rearm` and restart."), "{reset}");
    assert!(!reset.contains("ads.example"), "{reset}");
    let linked = site.read("content/imported/more/link-account.md");
    assert!(linked.contains("1. Open **Settings**.\n2. Click **Accounts**."));
    site.check(&["--drafts"]).expect_code(0);
}

#[test]
fn dry_run_writes_nothing_and_says_what_it_would_do() {
    let site = Site::new("import");
    for input in [ARTICLE, "batch"] {
        let run = import(&site, &[input, "--dry-run"]);
        run.expect_code(if input == "batch" { 1 } else { 0 });
        assert!(
            !site.exists("content/imported"),
            "{input}: something was written"
        );
        assert!(
            run.stdout.contains("dry run, nothing written"),
            "{}",
            run.stdout
        );
    }
    let run = import(&site, &[ARTICLE, "--dry-run"]);
    assert!(
        run.stdout
            .contains("would write content/imported/republished.md (draft)")
    );
    assert!(run.stdout.contains("line 30: ad region (3 elements)"));
}

#[test]
fn into_names_the_folder_relative_to_the_root() {
    let site = Site::new("import");
    let root = site.root.to_str().expect("UTF-8 path");
    let input = site.path("batch/Reset Activation.md");
    let input = input.to_str().expect("UTF-8 path");
    let run = site.run_in(
        &site.tmp,
        &[
            "import",
            input,
            "--root",
            root,
            "--into",
            "content/activation",
        ],
    );
    run.expect_code(0);
    assert!(site.exists("content/activation/reset-activation.md"));
}

#[test]
fn a_missing_input_is_a_usage_error() {
    let site = Site::new("import");
    let run = import(&site, &["scraped/nothing-here.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn raw_html_becomes_markdown_where_it_maps_and_stays_html_where_it_does_not() {
    let converted = convert(
        "<h2 id=\"prepare-it\">Prepare <em>it</em></h2>\n\
         <h2 id=\"keep-me\">Step 2</h2>\n\
         <p>Text with *stars*, snake_case, [brackets] &amp; 1 &lt; 2.<br>Next line.</p>\n\
         <ol start=\"3\"><li>Third <code>a`b</code></li><li>Fourth\n\
         <ul><li>nested <strong>two</strong></li></ul></li></ol>\n\
         <ul><li>list A</li></ul>\n<ul><li>list B</li></ul>\n\
         <pre><code class=\"language-powershell\">slmgr /dlv\nGet-Thing</code></pre>\n\
         <table><tr><td colspan=\"2\">Merged <b>cell</b></td></tr><tr><td>a</td><td>b</td></tr></table>\n\
         <details><summary>More</summary><p>Hidden <i>text</i>.</p></details>\n\
         <blockquote><p>Quoted.</p></blockquote>\n\
         <p><a href=\"https://example.org/big.png\" title=\"Zoom\"><img src=\"https://example.org/small.png\" alt=\"zoom\"></a> <sup>1</sup> <s>old</s></p>\n",
    );
    let expected = [
        "## Prepare *it*",
        "## Step 2 {#keep-me}",
        "Text with \\*stars\\*, snake_case, \\[brackets\\] & 1 \\< 2.  \nNext line.",
        "3. Third ``a`b``\n4. Fourth\n   - nested **two**",
        "- list A",
        "* list B",
        "```powershell\nslmgr /dlv\nGet-Thing\n```",
        "<table><tbody><tr><td colspan=\"2\">Merged <b>cell</b></td></tr>\n<tr><td>a</td><td>b</td></tr>\n</tbody>\n</table>",
        "<details>\n<summary>More</summary>",
        "Hidden *text*.",
        "</details>",
        "> Quoted.",
        "[![zoom](https://example.org/small.png)](https://example.org/big.png \"Zoom\") <sup>1</sup> ~~old~~",
    ];
    assert_eq!(body(&converted), expected.join("\n\n"));
    assert_eq!(
        converted.findings.remote_images[0].what,
        "https://example.org/small.png"
    );
}

#[test]
fn link_farms_go_but_legitimate_link_lists_stay() {
    let converted = convert(
        "Before.\n\n\
         <h4>Related posts</h4>\n\
         <ul><li><a href=\"https://farm.example/a\">A</a></li><li><a href=\"https://farm.example/b\">B</a></li></ul>\n\n\
         **You may also like:**\n\
         <ul><li><a href=\"https://spam.example/1\">One</a></li><li><a href=\"https://spam.example/2\">Two</a></li></ul>\n\n\
         <p>Related:</p>\n\
         <ul><li><a href=\"https://learn.microsoft.com/a\">Docs A</a> explains activation</li><li><a href=\"https://learn.microsoft.com/b\">Docs B</a></li></ul>\n\n\
         <p>Also read:</p>\n<ul><li><a href=\"/local/\">Ours</a></li><li><a href=\"/other/\">Also ours</a></li></ul>\n",
    );
    let out = body(&converted);
    assert!(
        !out.contains("farm.example") && !out.contains("spam.example"),
        "{out}"
    );
    assert!(
        out.contains("Related:\n\n- [Docs A](https://learn.microsoft.com/a) explains activation")
    );
    assert!(out.contains("- [Ours](/local/)"), "{out}");
    assert_eq!(
        removed(&converted),
        [
            "line 3: link farm \"Related posts\" (2 links)",
            "line 6: link farm \"You may also like:\" (2 links)"
        ]
    );
}

#[test]
fn only_short_affiliate_disclaimers_are_removed() {
    let converted = convert(
        "<p>As an Amazon Associate I earn from qualifying purchases.</p>\n\n\
         Disclaimer: changing the product key can deactivate Windows.\n\n\
         > This post includes affiliate links.\n\n\
         This site has no ads and no affiliate links.\n\n\
         The affiliate links in this article were removed when we moved it here, and a commission \
         was never paid; this paragraph explains at length why the guide below is written the way \
         it is, which is long enough not to be a disclaimer at all, so it stays where it is, all of \
         it, every word of it, and the reader can read all of it from the first to the last word.\n",
    );
    let out = body(&converted);
    assert!(
        out.starts_with("Disclaimer: changing the product key"),
        "{out}"
    );
    assert!(
        out.contains("This site has no ads and no affiliate links."),
        "{out}"
    );
    assert!(
        out.contains("The affiliate links in this article were removed"),
        "{out}"
    );
    assert_eq!(
        removed(&converted),
        [
            "line 1: affiliate disclaimer",
            "line 5: affiliate disclaimer"
        ]
    );
}

#[test]
fn markdown_ad_links_keep_their_text_and_ad_images_go() {
    let converted = convert(
        "Buy [this disk](https://www.amazon.com/dp/B000?tag=helpsite-20) or <https://amzn.to/abc>. \
         ![ad](https://pagead2.googlesyndication.com/x.png)\n\n\
         [![shot](https://cdn.example/shot.png)](https://learn.microsoft.com/)\n\n\
         See [the notes][ok] and [the deal][ad].\n\n\
         [ok]: https://learn.microsoft.com/\n\
         [ad]: https://amzn.to/ref\n",
    );
    assert_eq!(
        body(&converted),
        "Buy this disk or.\n\n\
         [![shot](https://cdn.example/shot.png)](https://learn.microsoft.com/)\n\n\
         See [the notes][ok] and the deal.\n\n\
         [ok]: https://learn.microsoft.com/"
    );
    assert_eq!(
        removed(&converted),
        [
            "line 1: affiliate link to www.amazon.com (its text kept)",
            "line 1: affiliate link to amzn.to",
            "line 1: ad image from pagead2.googlesyndication.com",
            "line 5: affiliate link to amzn.to (its text kept)",
            "line 8: link definition [ad]: ad or affiliate link to https://amzn.to/ref",
        ]
    );
    assert_eq!(converted.findings.remote_images.len(), 1);
}

#[test]
fn ad_markers_inside_code_are_text_and_an_unclosed_marker_removes_nothing() {
    let converted = convert(
        "```html\n<!-- ads begin -->\n<p>code</p>\n<!-- ads end -->\n```\n\n\
         Text `<!-- ad begin -->` here.\n\n\
         <!-- ad start -->\n\nStill here.\n\n<p>And <b>here</b>.</p>\n",
    );
    let out = body(&converted);
    assert!(out.starts_with("```html\n<!-- ads begin -->\n<p>code</p>\n<!-- ads end -->\n```"));
    assert!(out.contains("Text `<!-- ad begin -->` here."), "{out}");
    assert!(out.ends_with("Still here.\n\nAnd **here**."), "{out}");
    assert_eq!(removed(&converted), Vec::<String>::new());
    let warnings: Vec<(usize, &str)> = converted
        .findings
        .warnings
        .iter()
        .map(|f| (f.line, f.what.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [(
            9,
            "ad region opened here is never closed; nothing was removed"
        )]
    );
}

/// Bug: import matched ad markers as substrings like the build did, so `<!-- head start -->`
/// opened a region; import and build now share the whole-comment matching.
#[test]
fn regression_import_matches_ad_markers_as_the_build_does() {
    let converted = convert(
        "<!-- head start -->\n\nFirst stays.\n\n<!-- download begin -->\n\nSecond stays.\n\n\
         <!-- reads end -->\n\n<!-- Affiliate Ads Begin -->\n<p>ad</p>\n<!-- affiliate ads end -->\n\n\
         Third stays.\n",
    );
    assert_eq!(
        body(&converted),
        "First stays.\n\nSecond stays.\n\nThird stays."
    );
    assert_eq!(removed(&converted), ["line 11: ad region (1 element)"]);
    assert!(converted.findings.warnings.is_empty());
}

#[test]
fn front_matter_is_normalized_in_a_stable_order() {
    let converted = convert(
        "---\nzeta: 1\ncustom:\n  nested: [a, b]\nweight: 3\ndraft: false\nkeywords: [a, b]\n\
         date: 2024-10-07\nupdated: 2024-10-07T18:57:37+02:00\ntitle: \" Spaced \"\n\
         thumbnail: /images/t.png\n---\n\nBody.\n",
    );
    let (front, keys) = front_matter(&converted.text);
    assert_eq!(
        keys,
        [
            "title",
            "date",
            "updated",
            "keywords",
            "thumbnail",
            "weight",
            "custom",
            "zeta",
            "draft"
        ]
    );
    assert_eq!(string(&front, "title"), "Spaced");
    assert_eq!(string(&front, "date"), "2024-10-07");
    assert_eq!(string(&front, "updated"), "2024-10-07T16:57:37Z");
    assert_eq!(string(&front, "thumbnail"), "/images/t.png");
    assert_eq!(front.get("draft").and_then(|v| v.as_bool()), Some(true));

    let bare = convert("Just text.\n");
    assert!(bare.text.starts_with("---\ndraft: true"), "{}", bare.text);

    let bad = guidepost::import::convert(
        "---\ntitle: Fix: error 0x8007\n---\n",
        Path::new("scraped.md"),
        &cleaner(),
    )
    .expect_err("bad YAML");
    assert_eq!((bad[0].line, bad[0].col > 0), (2, true), "{bad:#?}");
}

#[test]
fn ids_that_links_target_survive_unwrapping() {
    let converted = convert(
        "<div id=\"post-123\"><p id=\"step-two\">Do <span id=\"this\">this</span>.</p></div>\n\n\
         See [step two](#step-two) and [this](#this).\n",
    );
    assert_eq!(
        body(&converted),
        "<a id=\"step-two\"></a>Do <a id=\"this\"></a>this.\n\n\
         See [step two](#step-two) and [this](#this)."
    );
}
