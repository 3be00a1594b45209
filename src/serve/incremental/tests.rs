//! Which path an edit takes (body only, front matter, or the whole pipeline) and what it
//! re-renders, one row per kind of edit, over a small site built for real.

use std::path::{Path, PathBuf};

use super::{Update, body_edits, front_matter_edit};
use crate::{BuildOptions, Kept, NoProgress};

const ALPHA: &str = "---\ntitle: Alpha\ntags: [one, two]\nweight: 1\n---\nAlpha's first paragraph.\n\n## Details\n\nMore about alpha.\n";
const BETA: &str = "---\ntitle: Beta\ntags: [one]\nweight: 2\n---\nBeta links to [alpha's details](alpha.md#details).\n";
const BARE: &str = "# Bare page\n\nNo front matter.\n";
const INTRO: &str = "---\ntitle: Guides\n---\nThe guides.\n";

/// The path an edit took.
#[derive(Debug, PartialEq)]
enum Took {
    Body,
    FrontMatter,
    Full,
}

struct Row {
    name: &'static str,
    /// File (under the root) and its new text; `None` deletes it.
    edits: &'static [(&'static str, Option<&'static str>)],
    path: Took,
    /// Site paths that must be among the re-rendered files (for a fast path).
    rendered: &'static [&'static str],
    /// Site paths that must not be.
    not_rendered: &'static [&'static str],
    /// Site paths the update removes.
    removed: &'static [&'static str],
}

fn build(root: &Path) -> Kept {
    for (rel, text) in [
        ("content/guides/alpha.md", ALPHA),
        ("content/guides/beta.md", BETA),
        ("content/guides/_index.md", INTRO),
        ("content/bare.md", BARE),
    ] {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    crate::build_into(&BuildOptions::check(root), &NoProgress, &|_| Ok(()))
        .expect("the site builds")
        .1
}

/// Applies the row's edits and asks the fast paths in the order `serve` does.
fn classify(kept: &mut Kept, root: &Path, row: &Row) -> (Took, Option<Update>) {
    let mut changed = Vec::new();
    for (rel, text) in row.edits {
        let path = root.join(rel);
        match text {
            Some(text) => {
                std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                std::fs::write(&path, text).expect("edit");
            }
            None => std::fs::remove_file(&path).expect("delete"),
        }
        changed.push(PathBuf::from(rel));
    }
    if let Some(update) = body_edits(kept, root, &changed) {
        return (Took::Body, Some(update));
    }
    match front_matter_edit(kept, root, &changed) {
        Some(update) => (Took::FrontMatter, Some(update)),
        None => (Took::Full, None),
    }
}

const ROWS: &[Row] = &[
    Row {
        name: "a later paragraph of the body: the page alone",
        edits: &[(
            "content/guides/alpha.md",
            Some(
                "---\ntitle: Alpha\ntags: [one, two]\nweight: 1\n---\nAlpha's first paragraph.\n\n## Details\n\nMore about alpha, edited.\n",
            ),
        )],
        path: Took::Body,
        rendered: &["/guides/alpha/"],
        not_rendered: &["/guides/", "/atom.xml", "/tags/one/", "/guides/beta/"],
        removed: &[],
    },
    Row {
        name: "the first paragraph (the summary): the page, its section, its terms, the feeds",
        edits: &[(
            "content/guides/alpha.md",
            Some(
                "---\ntitle: Alpha\ntags: [one, two]\nweight: 1\n---\nA new summary.\n\n## Details\n\nMore about alpha.\n",
            ),
        )],
        path: Took::Body,
        rendered: &[
            "/guides/alpha/",
            "/guides/",
            "/tags/one/",
            "/tags/two/",
            "/atom.xml",
            "/sitemap.xml",
        ],
        not_rendered: &["/guides/beta/"],
        removed: &[],
    },
    Row {
        name: "saved without a change: nothing",
        edits: &[("content/guides/alpha.md", Some(ALPHA))],
        path: Took::Body,
        rendered: &[],
        not_rendered: &["/guides/alpha/", "/atom.xml"],
        removed: &[],
    },
    Row {
        name: "an editor's hidden temporary file beside an edit: ignored",
        edits: &[
            ("content/guides/.alpha.md.swp", Some("junk")),
            (
                "content/guides/beta.md",
                Some(
                    "---\ntitle: Beta\ntags: [one]\nweight: 2\n---\nBeta links to [alpha's details](alpha.md#details).\n\nA second paragraph.\n",
                ),
            ),
        ],
        path: Took::Body,
        rendered: &["/guides/beta/"],
        not_rendered: &["/guides/alpha/"],
        removed: &[],
    },
    Row {
        name: "the title in front matter: page, neighbours, section, terms, taxonomy lists",
        edits: &[(
            "content/guides/alpha.md",
            Some(
                "---\ntitle: Alpha renamed\ntags: [one, two]\nweight: 1\n---\nAlpha's first paragraph.\n\n## Details\n\nMore about alpha.\n",
            ),
        )],
        path: Took::FrontMatter,
        rendered: &[
            "/guides/alpha/",
            "/guides/beta/",
            "/guides/",
            "/tags/",
            "/tags/one/",
            "/tags/two/",
            "/atom.xml",
        ],
        not_rendered: &["/bare/"],
        removed: &[],
    },
    Row {
        name: "a tag dropped that no other page has: its term page is removed",
        edits: &[(
            "content/guides/alpha.md",
            Some(
                "---\ntitle: Alpha\ntags: [one]\nweight: 1\n---\nAlpha's first paragraph.\n\n## Details\n\nMore about alpha.\n",
            ),
        )],
        path: Took::FrontMatter,
        rendered: &["/guides/alpha/", "/tags/one/", "/tags/"],
        not_rendered: &["/tags/two/"],
        removed: &["/tags/two/"],
    },
    Row {
        name: "an opening # heading added under a title: assembled again, the page shows it",
        edits: &[(
            "content/guides/alpha.md",
            Some(
                "---\ntitle: Alpha\ntags: [one, two]\nweight: 1\n---\n# Alpha, the long heading\n\nAlpha's first paragraph.\n\n## Details\n\nMore about alpha.\n",
            ),
        )],
        path: Took::FrontMatter,
        rendered: &["/guides/alpha/"],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "a new slug changes a URL: the whole pipeline",
        edits: &[(
            "content/guides/alpha.md",
            Some(
                "---\ntitle: Alpha\nslug: first\ntags: [one, two]\nweight: 1\n---\nAlpha's first paragraph.\n",
            ),
        )],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "made a draft: the whole pipeline",
        edits: &[(
            "content/guides/alpha.md",
            Some(
                "---\ntitle: Alpha\ndraft: true\ntags: [one, two]\nweight: 1\n---\nAlpha's first paragraph.\n",
            ),
        )],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "a heading another page links to is removed: the link check fails, the whole pipeline reports it",
        edits: &[(
            "content/guides/alpha.md",
            Some(
                "---\ntitle: Alpha\ntags: [one, two]\nweight: 1\n---\nAlpha's first paragraph.\n\n## Elsewhere\n\nMore about alpha.\n",
            ),
        )],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "a widget call added: the whole pipeline expands it",
        edits: &[(
            "content/guides/alpha.md",
            Some(
                "---\ntitle: Alpha\ntags: [one, two]\nweight: 1\n---\nAlpha's first paragraph.\n\n## Details\n\n{{ status(checks=[\"os\"]) }}\n",
            ),
        )],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "a page without front matter (its title is its first heading): the whole pipeline",
        edits: &[("content/bare.md", Some("# Bare page\n\nEdited.\n"))],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "a section's _index.md: the whole pipeline",
        edits: &[(
            "content/guides/_index.md",
            Some("---\ntitle: Guides\n---\nNew intro.\n"),
        )],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "a new page: the whole pipeline",
        edits: &[(
            "content/guides/gamma.md",
            Some("---\ntitle: Gamma\n---\nNew.\n"),
        )],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "a deleted page: the whole pipeline",
        edits: &[("content/guides/beta.md", None)],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "two pages' front matter at once: the whole pipeline",
        edits: &[
            (
                "content/guides/alpha.md",
                Some(
                    "---\ntitle: A\ntags: [one, two]\nweight: 1\n---\nAlpha's first paragraph.\n\n## Details\n",
                ),
            ),
            (
                "content/guides/beta.md",
                Some(
                    "---\ntitle: B\ntags: [one]\nweight: 2\n---\nBeta links to [alpha's details](alpha.md#details).\n",
                ),
            ),
        ],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
    Row {
        name: "a file outside content/: the whole pipeline",
        edits: &[("static/extra.css", Some("p { color: black }"))],
        path: Took::Full,
        rendered: &[],
        not_rendered: &[],
        removed: &[],
    },
];

#[test]
fn each_kind_of_edit_takes_its_path_and_re_renders_what_it_touched() {
    for row in ROWS {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut kept = build(dir.path());
        let state = |kept: &Kept| -> Vec<_> {
            let pages = kept.site.pages.iter();
            pages
                .map(|p| (p.raw.body_hash, p.title.clone(), p.prev, p.next))
                .collect()
        };
        let before = state(&kept);
        let (path, update) = classify(&mut kept, dir.path(), row);
        assert_eq!(path, row.path, "{}: took the wrong path", row.name);
        let Some(update) = update else {
            // A fast path that gives up leaves the kept site as it was.
            assert_eq!(state(&kept), before, "{}: the kept site changed", row.name);
            continue;
        };
        let rendered: Vec<&str> = update.outputs.iter().map(|o| o.path.as_str()).collect();
        for want in row.rendered {
            assert!(
                rendered.contains(want),
                "{}: {want} not re-rendered (got {rendered:?})",
                row.name
            );
        }
        for unwanted in row.not_rendered {
            assert!(
                !rendered.contains(unwanted),
                "{}: {unwanted} re-rendered needlessly",
                row.name
            );
        }
        let mut removed: Vec<&str> = update.removed.iter().map(String::as_str).collect();
        removed.sort();
        assert_eq!(removed, row.removed, "{}: removed pages", row.name);
        for output in &update.outputs {
            assert!(
                !output.bytes.is_empty(),
                "{}: {} is empty",
                row.name,
                output.path
            );
        }
        assert!(
            kept.site.pages.iter().all(|p| p.raw.body.is_empty()),
            "{}: the kept site holds a body again",
            row.name
        );
    }
}

/// The page `/guides/alpha/` as a fast path re-renders it after the edit of the row named
/// (by its start) `row`.
fn alpha_after(row: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut kept = build(dir.path());
    let row = ROWS
        .iter()
        .find(|r| r.name.starts_with(row))
        .expect("the row");
    let (_, update) = classify(&mut kept, dir.path(), row);
    let page = update
        .expect("a fast path")
        .outputs
        .into_iter()
        .find(|o| o.path == "/guides/alpha/")
        .expect("the page");
    String::from_utf8(page.bytes).expect("utf-8")
}

#[test]
fn a_body_edit_shows_the_new_text_in_the_re_rendered_page() {
    let html = alpha_after("a later paragraph of the body");
    assert!(html.contains("More about alpha, edited."), "{html}");
}

#[test]
fn an_opening_heading_becomes_the_page_heading_after_an_edit() {
    let html = alpha_after("an opening # heading");
    assert_eq!(html.matches("<h1").count(), 1, "{html}");
    assert!(html.contains("<h1>Alpha, the long heading</h1>"), "{html}");
    assert!(html.contains("<title>Alpha · "), "{html}");
}
