//! The help site this repository ships (`content/`, `site.yaml`), built like the README says:
//! it builds and passes `check` with no warnings (but the checker download, when not built yet),
//! every guide carries front matter and a status widget, every help link of the checker lands on
//! a `#check` section, images are local with alt text, and each guide page stays small.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support;
use crate::support::browser;
use crate::support::{attr, file_for, select, text};
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

/// British spellings of words the site uses; en-US is the site's language.
const BRITISH: [&str; 8] = [
    "licence",
    "organisation",
    "colour",
    "behaviour",
    "grey",
    "recognise",
    "customise",
    "cancelled",
];

#[test]
fn the_sources_spell_the_us_way() {
    for dir in ["content", "src/render/templates"] {
        for entry in walkdir::WalkDir::new(repo().join(dir)) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue; // images
            };
            let text = text.to_lowercase();
            for british in BRITISH {
                assert!(
                    !text.contains(british),
                    "{} says {british}",
                    entry.path().display()
                );
            }
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
        let text = std::fs::read_to_string(path).unwrap().to_lowercase();
        for british in BRITISH {
            assert!(!text.contains(british), "{} says {british}", path.display());
        }
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
