//! The help site this repository ships (`content/`, `site.yaml`), built like the README says:
//! it builds and passes `check` with no warnings (but the checker download, when not built yet),
//! every guide carries front matter and a status widget, every help link of the checker lands on
//! a `#check` section, images are local with alt text, and each guide page stays small.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support;
use crate::support::browser;
use crate::support::{attr, attrs, file_for, select, text};
use guidepost_check::report::CheckId;
use scraper::Html;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The site built into a fresh temporary directory; returns it and the run's stderr.
fn build() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        output.status.success(),
        "the help site must build:\n{stderr}"
    );
    (out, stderr)
}

fn page(out: &Path, site_path: &str) -> Html {
    let file = out.join("public").join(file_for(site_path));
    Html::parse_document(&std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!("{}: {e}", file.display());
    }))
}

/// The guides: pages under the two sections.
fn guides(out: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    for section in ["activation", "accounts"] {
        for entry in std::fs::read_dir(out.join("public").join(section)).unwrap() {
            let entry = entry.unwrap();
            if entry.path().join("index.html").is_file() {
                paths.push(format!(
                    "/{section}/{}/",
                    entry.file_name().to_string_lossy()
                ));
            }
        }
    }
    paths.sort();
    paths
}

/// The warnings in `stderr`, but the missing checker download outside CI: the checker .exe
/// exists once `scripts/test.sh` (and so CI) built it.
fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .filter(|l| browser::in_ci() || !l.contains("no guidepost-check build for"))
        .collect()
}

#[test]
fn builds_and_checks_with_no_warning_but_a_missing_checker_download() {
    let (_out, stderr) = build();
    assert!(warnings(&stderr).is_empty(), "{stderr}");
    // `check` is `build --strict` without writing: anything the cleaner had to remove would
    // be an error there.
    let check = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(["check", "--root"])
        .arg(repo())
        .output()
        .unwrap();
    let stderr = String::from_utf8(check.stderr).unwrap();
    assert!(check.status.success(), "check fails:\n{stderr}");
    assert!(warnings(&stderr).is_empty(), "{stderr}");
}

#[test]
fn at_least_eight_guides_each_with_front_matter_and_a_status_widget() {
    let (out, _) = build();
    let guides = guides(out.path());
    assert!(guides.len() >= 8, "{guides:?}");
    for path in &guides {
        let html = page(out.path(), path);
        assert!(
            !select(&html, "meta[name=description]").is_empty(),
            "{path} has a description"
        );
        assert!(!select(&html, "time").is_empty(), "{path} shows its date");
        assert_eq!(
            select(&html, "main section.status-widget").len(),
            1,
            "{path} embeds the status widget"
        );
    }
}

/// The front matter keys of the republished article the site replaces (`../shared/seed/`).
const SEED_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "description",
    "excerpt",
    "keywords",
    "thumbnail",
    "tags",
    "categories",
];

#[test]
fn every_guide_has_the_seeds_front_matter_and_a_local_preview_image() {
    let (out, _) = build();
    let mut sources: Vec<PathBuf> = ["activation", "accounts"]
        .iter()
        .flat_map(|s| walkdir::WalkDir::new(repo().join("content").join(s)))
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    sources.sort();
    assert!(sources.len() >= 8, "{sources:?}");
    for source in &sources {
        let text = std::fs::read_to_string(source).unwrap();
        let yaml = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map(|(front, _)| front)
            .unwrap_or_else(|| panic!("{}: no front matter", source.display()));
        let front: serde_yaml::Mapping = serde_yaml::from_str(yaml).unwrap();
        for key in SEED_KEYS {
            assert!(front.contains_key(*key), "{}: no `{key}`", source.display());
        }
        let thumbnail = front["thumbnail"].as_str().unwrap();
        let image = repo()
            .join("static")
            .join(thumbnail.trim_start_matches('/'));
        let bytes = std::fs::read(&image).unwrap_or_else(|e| panic!("{}: {e}", image.display()));
        assert!(bytes.starts_with(b"\x89PNG"), "{}", image.display());
        assert!(
            out.path()
                .join("public")
                .join(thumbnail.trim_start_matches('/'))
                .is_file(),
            "{thumbnail} is published"
        );
    }
    for path in guides(out.path()) {
        let html = page(out.path(), &path);
        let og_image = attr(&html, "meta[property='og:image']", "content");
        assert!(
            og_image.starts_with("https://guidepost.example/images/thumbnails/"),
            "{path}: {og_image}"
        );
    }
}

#[test]
fn every_check_links_to_a_check_section_of_the_site() {
    let (out, _) = build();
    for id in CheckId::ALL {
        let (path, anchor) = id.help().split_once('#').unwrap();
        let html = page(out.path(), path);
        assert_eq!(
            select(&html, &format!("[id='{anchor}']")).len(),
            1,
            "{id}: {path} has #{anchor}"
        );
    }
}

#[test]
fn images_are_local_and_described() {
    let (out, _) = build();
    let mut images = 0;
    for path in guides(out.path()) {
        let html = page(out.path(), &path);
        for img in select(&html, "main img") {
            images += 1;
            let src = img.value().attr("src").unwrap_or("");
            assert!(
                !src.is_empty() && !support::is_external(src),
                "{path}: {src}"
            );
            let alt = img.value().attr("alt").unwrap_or("");
            assert!(!alt.trim().is_empty(), "{path}: {src} has no alt text");
        }
    }
    assert!(images > 0, "the guides have diagrams");
}

/// On a phone a diagram shrinks to the screen's width; a tap on it, or on the words under it,
/// opens the image file itself, full size.
#[test]
fn each_diagram_in_a_guide_links_to_its_own_file_and_keeps_its_alt_text() {
    let (out, _) = build();
    let mut diagrams = 0;
    for path in guides(out.path()) {
        let html = page(out.path(), &path);
        for img in select(&html, "main img[src$='.svg']") {
            diagrams += 1;
            let src = img.value().attr("src").unwrap();
            let link = img
                .parent()
                .and_then(scraper::ElementRef::wrap)
                .filter(|a| a.value().name() == "a")
                .unwrap_or_else(|| panic!("{path}: {src} is not in a link"));
            assert_eq!(
                link.value().attr("class"),
                Some("figure-open"),
                "{path}: {src}"
            );
            assert_eq!(
                link.value().attr("href"),
                Some(src),
                "{path}: the link opens {src}"
            );
            let file = out
                .path()
                .join("public")
                .join(file_for(&path))
                .with_file_name(src);
            assert!(file.is_file(), "{path}: {} is published", file.display());
            assert!(
                text(link).contains("Open the full-size image"),
                "{path}: {src}: the words say what a tap does: {}",
                text(link)
            );
            let alt = img.value().attr("alt").unwrap_or("");
            assert!(alt.len() > 40, "{path}: {src} keeps its alt text: {alt:?}");
        }
    }
    assert_eq!(diagrams, 3, "the guides' three diagrams");
}

#[test]
fn each_guide_page_weighs_at_most_50_kb_with_its_css_and_script() {
    let (out, _) = build();
    let public = out.path().join("public");
    let size = |rel: &str| {
        std::fs::metadata(public.join(rel.trim_start_matches('/')))
            .unwrap()
            .len()
    };
    for path in guides(out.path()) {
        let html = page(out.path(), &path);
        let mut total = std::fs::metadata(public.join(file_for(&path)))
            .unwrap()
            .len();
        for css in select(&html, "link[rel=stylesheet]") {
            total += size(css.value().attr("href").unwrap());
        }
        for script in select(&html, "script[src]") {
            total += size(script.value().attr("src").unwrap());
        }
        assert!(total <= 50 * 1024, "{path}: {total} bytes");
    }
}

#[test]
fn code_is_highlighted_with_classes_and_only_pages_with_code_load_the_code_files() {
    let (out, _) = build();
    let html = page(out.path(), "/activation/check-activation-status/");
    let blocks = select(&html, "main pre > code.language-powershell");
    assert_eq!(blocks.len(), 3);
    let cmdlet = select(&html, "main pre > code span.hl-f");
    assert!(
        cmdlet.iter().any(|s| text(*s) == "Get-CimInstance"),
        "{:?}",
        cmdlet.iter().map(|s| text(*s)).collect::<Vec<_>>()
    );
    assert!(select(&html, "main pre [style]").is_empty());
    // Highlighting adds markup, never text: the block reads as written.
    assert!(text(blocks[2]).starts_with("Get-CimInstance SoftwareLicensingProduct -Filter"));
    let loads = |html: &Html| {
        (
            attrs(html, "link[rel=stylesheet]", "href"),
            attrs(html, "script[src]", "src"),
        )
    };
    let (css, scripts) = loads(&html);
    assert!(css.contains(&"/code.css".to_owned()), "{css:?}");
    assert!(scripts.contains(&"/code.js".to_owned()), "{scripts:?}");
    // Without JavaScript there is no copy button: the HTML has none.
    assert!(select(&html, "pre button, .copy-button").is_empty());
    let (css, scripts) = loads(&page(out.path(), "/activation/activation-errors/"));
    assert!(!css.contains(&"/code.css".to_owned()), "{css:?}");
    assert!(!scripts.contains(&"/code.js".to_owned()), "{scripts:?}");
}

#[test]
fn the_downloads_page_leads_with_one_button_then_three_steps_and_a_true_false_check() {
    let (out, _) = build();
    let html = page(out.path(), "/downloads/");
    let exe = out.path().join("public/downloads/guidepost-check-x64.exe");
    let content = select(&html, "main .content");
    let body = content[0].html();
    if exe.is_file() {
        let buttons = select(&html, "main a.download-button");
        assert_eq!(buttons.len(), 1, "one download button");
        assert_eq!(
            buttons[0].value().attr("href"),
            Some("/downloads/guidepost-check-x64.exe")
        );
        // The button comes before the steps, which are three, in order.
        let button_at = body.find("download-button").unwrap();
        let steps = select(&html, "main h2#run + ol > li");
        assert_eq!(steps.len(), 3);
        assert!(button_at < body.find("id=\"run\"").unwrap());
        let about = text(select(&html, ".download-about")[0]);
        assert!(
            about.starts_with("guidepost-check-x64.exe · ")
                && about.contains("version ")
                && (about.contains(" KB") || about.contains(" MB")),
            "{about}"
        );
        let signing = text(select(&html, ".download-signing")[0]);
        assert!(
            signing.starts_with("Not signed: ") || signing.starts_with("Digitally signed"),
            "{signing}"
        );
        // The verify line carries the real hash of the file served, and prints True/False.
        let bytes = std::fs::read(&exe).unwrap();
        let sha = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(&bytes));
        let line = text(select(&html, "pre.download-verify")[0]);
        assert_eq!(
            line,
            format!("(Get-FileHash .\\guidepost-check-x64.exe -Algorithm SHA256).Hash -eq '{sha}'")
        );
        // SmartScreen as it is, and what a hash does not prove.
        let words = text(content[0]);
        for needed in [
            "Windows protected your PC",
            "More info",
            "Run anyway",
            "Unknown publisher",
            "Smart App Control",
            "prove is who made the file",
            "a separate place you already trust",
        ] {
            assert!(words.contains(needed), "the page lacks {needed:?}");
        }
        assert!(!words.contains("how you know the file is the one we published"));
    } else {
        assert!(!browser::in_ci(), "CI builds the checker before the tests");
        assert!(text(select(&html, ".download-missing")[0]).contains("not available"));
    }
    assert!(
        out.path()
            .join("public/downloads/report.schema.json")
            .is_file()
    );
}

/// Issue 16, item 10: a guide opens with its answer. The first thing in its text is a short
/// "In short:" paragraph, ahead of any heading and of the status block, so a reader on a phone
/// has the steps' gist on the first screen.
#[test]
fn each_guide_opens_with_a_short_answer_before_the_status_block() {
    let (out, _) = build();
    for path in guides(out.path()) {
        let html = page(out.path(), &path);
        let content = select(&html, "main .content")[0];
        let first = content
            .children()
            .find_map(scraper::ElementRef::wrap)
            .unwrap_or_else(|| panic!("{path}: empty content"));
        assert_eq!(first.value().name(), "p", "{path}: opens with a paragraph");
        let words = text(first);
        assert!(words.starts_with("In short: "), "{path}: {words}");
        assert!(
            words.chars().count() <= 300,
            "{path}: the short answer has {} characters",
            words.chars().count()
        );
        let body = content.html();
        assert!(
            body.find("In short:").unwrap() < body.find("status-widget").unwrap(),
            "{path}: the short answer comes before the status block"
        );
    }
}

/// Issue 16, item 2: steps that differ between Windows 11 and Windows 10 are tabs, one per
/// version, never the two versions' steps one after the other; and the guides that give both
/// versions' steps do use them.
#[test]
fn each_guides_steps_for_windows_11_and_10_are_tabs() {
    let (out, _) = build();
    let mut with_tabs = Vec::new();
    for path in guides(out.path()) {
        let html = page(out.path(), &path);
        for heading in select(&html, "main .content :is(h2, h3, h4)") {
            let words = text(heading);
            let names_a_version =
                words.starts_with("Windows 11") || words.starts_with("Windows 10");
            let in_tabs = heading
                .ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .any(|a| {
                    a.value()
                        .has_class("tabs", scraper::CaseSensitivity::CaseSensitive)
                });
            assert!(
                !names_a_version || in_tabs,
                "{path}: {words:?} is not a tab"
            );
        }
        for tabs in select(&html, "main .content .tabs") {
            let versions: Vec<String> = tabs
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .filter(|c| c.value().name() == "h3")
                .map(|h| text(h).trim_end_matches(" #").to_owned())
                .collect();
            assert!(versions.len() >= 2, "{path}: {versions:?}");
            with_tabs.push(path.clone());
        }
    }
    with_tabs.dedup();
    assert_eq!(
        with_tabs,
        [
            "/accounts/administrator-account/",
            "/activation/change-product-key/",
            "/activation/check-activation-status/",
            "/activation/link-license-to-microsoft-account/",
        ]
    );
}

/// Issue 16, item 11: a section's intro says where to start, and its page list and the guides'
/// prev/next start there too (the order comes from the guides' `weight`).
#[test]
fn each_section_starts_with_the_guide_its_intro_names_first() {
    let (out, _) = build();
    for (section, first) in [
        ("/activation/", "/activation/check-activation-status/"),
        ("/accounts/", "/accounts/check-account-type/"),
    ] {
        let html = page(out.path(), section);
        let intro = attrs(&html, "main .content a", "href");
        assert_eq!(intro.first().map(String::as_str), Some(first), "{section}");
        assert!(
            text(select(&html, "main .content")[0]).contains("first"),
            "{section}: the intro says where to start"
        );
        let listed = attrs(&html, "main ul.page-list a", "href");
        assert_eq!(listed.first().map(String::as_str), Some(first), "{section}");
        let guide = page(out.path(), first);
        assert!(
            select(&guide, "a[rel=prev]").is_empty(),
            "{first} has no previous guide"
        );
        assert_eq!(
            attr(&guide, "a[rel=next]", "href"),
            listed[1],
            "{first}: Next is the second guide of the list"
        );
    }
}

/// Issue 16, item 9: facts the guides got wrong, pinned so they stay fixed. Each entry is a
/// guide, words it must say and words it must no longer say.
const CORRECTED_FACTS: &[(&str, &[&str], &[&str])] = &[
    (
        // 0xC004C003 is a blocked key; edition mismatch and evaluation copies are other errors.
        "/activation/activation-errors/",
        &[
            "https://www.microsoft.com/software-download/windows10",
            "https://www.microsoft.com/software-download/windows11",
            "can't be activated with any key",
        ],
        &[
            "evaluation key that has expired",
            "doesn't match the edition you installed",
        ],
    ),
    (
        // One answer for "Windows is activated" (a product key): the table and the text agree.
        "/activation/link-license-to-microsoft-account/",
        &["It says only \"Windows is activated\""],
        &["Same advice", "buy Windows in the Microsoft Store"],
    ),
    (
        "/activation/digital-license-or-product-key/",
        &["in 2023 Microsoft also stopped activating"],
        &["Windows 7, 8.1 or 10"],
    ),
    (
        "/accounts/check-account-type/",
        &["WorkplaceJoined : YES", "all three say NO"],
        &["Both NO means"],
    ),
    (
        "/accounts/administrator-account/",
        &[
            "version 22H2 or later",
            "Windows 11, version 21H2, and Windows 10",
            "Family & other users",
        ],
        &[],
    ),
];

#[test]
fn the_facts_corrected_for_issue_16_stay_corrected() {
    let (out, _) = build();
    for (path, says, no_longer) in CORRECTED_FACTS {
        let html = page(out.path(), path);
        // Typographic quotes, as the Markdown renderer writes them, read as straight ones.
        let words = text(select(&html, "main .content")[0])
            .replace(['\u{2018}', '\u{2019}'], "'")
            .replace(['\u{201c}', '\u{201d}'], "\"");
        let links = attrs(&html, "main .content a", "href");
        for needed in *says {
            assert!(
                words.contains(needed) || links.iter().any(|l| l == needed),
                "{path} lacks {needed:?}"
            );
        }
        for wrong in *no_longer {
            assert!(!words.contains(wrong), "{path} still says {wrong:?}");
        }
    }
}

/// British spellings, as the start of a word, of words the site and the checker use; en-US is
/// their language (issue 16, item 12). Matched on whole words, so an attribute name such as
/// `aria-labelledby` is not a spelling.
const BRITISH: [&str; 13] = [
    "licence",
    "organis",
    "colour",
    "behaviour",
    "grey",
    "recognis",
    "customis",
    "cancelled",
    "catalogue",
    "labelled",
    "favour",
    "honour",
    "centre",
];

/// British usage for a check box, as whole words; en-US says "check" or "select".
const TICK: [&str; 6] = ["tick", "ticks", "ticked", "ticking", "untick", "unticking"];

/// The British spellings among the words of `text`, with its line numbers.
fn british_words(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for word in line.split(|c: char| !c.is_ascii_alphabetic()) {
            let word = word.to_ascii_lowercase();
            if word != "labelledby"
                && (TICK.contains(&word.as_str()) || BRITISH.iter().any(|b| word.starts_with(b)))
            {
                found.push((n + 1, word));
            }
        }
    }
    found
}

/// The reader-facing sources: the site's content and templates, its scripts and settings, the
/// checker's strings, and the docs.
const SPELLED_SOURCES: &[&str] = &[
    "content",
    "src/render/templates",
    "src/assets",
    "next-steps.yaml",
    "site.yaml",
    "README.md",
    "checker/README.md",
    "checker/src",
];

#[test]
fn the_sources_spell_the_us_way() {
    assert_eq!(
        british_words("a licence, Organisations"),
        [(1, "licence".to_owned()), (1, "organisations".to_owned())]
    );
    assert_eq!(british_words("\nuntick it"), [(2, "untick".to_owned())]);
    assert!(british_words("aria-labelledby ticket license").is_empty());
    for source in SPELLED_SOURCES {
        for entry in walkdir::WalkDir::new(repo().join(source)) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue; // images
            };
            let found = british_words(&text);
            assert!(found.is_empty(), "{}: {found:?}", entry.path().display());
        }
    }
}

#[test]
fn the_site_spells_license_and_organization_the_us_way() {
    let (out, _) = build();
    for entry in walkdir::WalkDir::new(out.path().join("public")) {
        let entry = entry.unwrap();
        let path = entry.path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "xml" | "js" | "json")
        ) {
            continue;
        }
        let found = british_words(&std::fs::read_to_string(path).unwrap());
        assert!(found.is_empty(), "{}: {found:?}", path.display());
    }
}

/// Every HTML page of the built site, by site path.
fn html_pages(out: &Path) -> Vec<(String, Html)> {
    support::tree(&out.join("public"))
        .into_iter()
        .filter(|(file, _)| file.ends_with(".html"))
        .map(|(file, bytes)| {
            let html = Html::parse_document(&String::from_utf8(bytes).unwrap());
            (support::site_path_of(&file), html)
        })
        .collect()
}

#[test]
fn taxonomy_terms_show_their_names_not_their_slugs_on_guides_and_lists() {
    let (out, _) = build();
    let guide = page(out.path(), "/activation/check-activation-status/");
    let tags: Vec<String> = select(&guide, "footer.terms a")
        .into_iter()
        .map(text)
        .collect();
    assert!(
        tags.contains(&"Windows 11".to_owned()) && tags.contains(&"Windows 10".to_owned()),
        "{tags:?}"
    );
    let list = page(out.path(), "/tags/");
    let names: Vec<String> = select(&list, ".term-list a")
        .into_iter()
        .map(text)
        .collect();
    assert!(names.contains(&"Windows 11".to_owned()), "{names:?}");
    let term = page(out.path(), "/tags/windows11/");
    assert_eq!(text(support::one(&term, "h1")), "Tags: Windows 11");
    // No term anywhere reads as its slug (`windows11`, `product-key`), but the program whose
    // name is one word with a hyphen.
    let mut slugs = Vec::new();
    for (path, html) in html_pages(out.path()) {
        for link in select(&html, "footer.terms a, .term-list a") {
            let shown = text(link);
            let slug = link
                .value()
                .attr("href")
                .unwrap_or_default()
                .trim_end_matches('/');
            let slug = slug.rsplit('/').next().unwrap_or_default();
            if shown == slug && shown != "guidepost-check" {
                slugs.push(format!("{path}: {shown}"));
            }
        }
    }
    assert!(slugs.is_empty(), "terms shown as slugs: {slugs:?}");
}

#[test]
fn every_breadcrumb_trail_starts_at_home_the_same_way() {
    let (out, _) = build();
    let pages = html_pages(out.path());
    let mut kinds = Vec::new();
    for (path, html) in &pages {
        let crumbs = select(html, "nav.breadcrumbs a");
        let Some(root) = crumbs.first() else {
            continue;
        };
        assert_eq!(text(*root), "Home", "{path}");
        assert_eq!(root.value().attr("href"), Some("/"), "{path}");
        assert!(
            crumbs[1..].iter().all(|c| text(*c) != "Home"),
            "{path}: one root"
        );
        kinds.push(path.as_str());
    }
    // Guides, sections and both kinds of taxonomy page all have a trail.
    for path in [
        "/activation/check-activation-status/",
        "/activation/",
        "/tags/",
        "/tags/windows11/",
        "/categories/activation/",
    ] {
        assert!(
            kinds.contains(&path),
            "{path} has no breadcrumbs: {kinds:?}"
        );
    }
}

#[test]
fn every_page_links_the_sites_own_svg_favicon() {
    let (out, _) = build();
    let public = out.path().join("public");
    for (path, html) in html_pages(out.path()) {
        if select(&html, "meta[http-equiv=refresh]").len() == 1 {
            continue; // a redirect page
        }
        let icon = |name| attr(&html, "link[rel=icon]", name);
        assert_eq!(
            (icon("href"), icon("type")),
            ("/favicon.svg".to_owned(), "image/svg+xml".to_owned()),
            "{path}"
        );
    }
    let svg = std::fs::read_to_string(public.join("favicon.svg")).expect("favicon.svg is written");
    assert_eq!(
        svg,
        std::fs::read_to_string(repo().join("src/assets/favicon.svg")).unwrap()
    );
    let doc = support::parse_xml(&svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("viewBox"), Some("0 0 32 32"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !["script", "foreignObject", "image", "use", "a", "style"].contains(&name),
            "{name} in the favicon"
        );
        for attribute in node.attributes() {
            assert!(
                !attribute.name().starts_with("on") && !attribute.value().contains("url("),
                "{attribute:?} in the favicon"
            );
        }
    }
}

#[test]
fn the_home_page_does_not_repeat_browse_everything_as_generated_lists() {
    let (out, _) = build();
    let home = page(out.path(), "/");
    assert!(
        select(
            &home,
            "#sections-heading, #pages-heading, main .card-list, main .page-list"
        )
        .is_empty(),
        "generated lists on the home page"
    );
    // What they listed is still reached from the home page's own text.
    let linked: Vec<&str> = select(&home, "main .content a")
        .into_iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for path in [
        "/activation/",
        "/accounts/",
        "/downloads/",
        "/about/",
        "/privacy/",
    ] {
        assert!(
            linked.contains(&path),
            "{path} not linked from home: {linked:?}"
        );
    }
}
