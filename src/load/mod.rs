//! Load stage: walk `content/`, read every file, split and parse front matter.
//!
//! It returns raw records (path, front matter, Markdown body) and the non-Markdown files beside
//! them; it knows nothing about URLs or ordering, which belong to `model`. Every file is read
//! even after a bad one, so one run reports all bad files.

pub mod front_matter;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::fs_util;
pub use front_matter::{Date, FrontMatter};

/// One Markdown file of `content/`, parsed.
#[derive(Debug, Clone)]
pub struct RawPage {
    /// Path relative to `content/`, e.g. `activation/link-key.md`.
    pub rel: PathBuf,
    /// Path shown in diagnostics, relative to the site root, e.g. `content/activation/link-key.md`.
    pub shown: PathBuf,
    /// Parsed front matter (defaults when the file has none).
    pub front: FrontMatter,
    /// Whether the file had a front matter block at all.
    pub has_front_matter: bool,
    /// The file it was read from, to quote a line after the body is released.
    pub source: PathBuf,
    /// The Markdown body, until the Markdown stage has rendered it ([`RawPage::release_body`]).
    pub body: String,
    /// A hash of the body, kept after it is released: `serve` tells an edit of the body by it.
    pub body_hash: u64,
    /// The 1-based file line on which the body starts.
    pub body_line: usize,
    /// The front matter's YAML text (file line 2 onwards), for locating values in diagnostics.
    pub front_yaml: String,
}

impl RawPage {
    /// An error at the front matter value `value` written under `key` (`template: x`,
    /// `- /old/`), with its line and column, or at the file when it cannot be found.
    pub fn error_at_value(&self, key: &str, value: &str, message: String) -> Diagnostic {
        let mut in_key = false;
        for (i, line) in self.front_yaml.lines().enumerate() {
            if !line.starts_with([' ', '\t', '-']) {
                in_key = line
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'));
            }
            let Some(at) = line.find(value).filter(|_| in_key) else {
                continue;
            };
            let col = line[..at].chars().count() + 1;
            let mut d = Diagnostic::error(&self.shown, i + 2, col, message);
            d.source_line = Some(line.to_owned());
            return d;
        }
        Diagnostic::error(&self.shown, 0, 0, message)
    }

    /// Frees the body once it is rendered: a site kept for `serve` holds the bodies' hashes,
    /// not their text (80 MB at 10,000 pages).
    pub fn release_body(&mut self) {
        self.body = String::new();
    }

    /// The file's text, read again, as diagnostics number its lines (to quote a line of a
    /// problem found after the body was released); `None` when it can no longer be read.
    pub fn file_text(&self) -> Option<String> {
        let bytes = fs_util::read(&self.source).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Some(text.replace("\r\n", "\n"))
    }

    /// `index.md`: a page bundle, whose folder holds its images.
    pub fn is_bundle(&self) -> bool {
        is_bundle(&self.rel)
    }
}

/// Whether the Markdown file at `rel` is a page bundle's `index.md`.
pub fn is_bundle(rel: &Path) -> bool {
    rel.file_name().is_some_and(|n| n == "index.md")
}

/// A non-Markdown file of `content/` (copied beside the page it belongs to) or a file of
/// `static/` (copied to the same path).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute source path.
    pub path: PathBuf,
    /// Path relative to `content/` (or `static/`).
    pub rel: PathBuf,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Markdown files, sorted by path.
    pub pages: Vec<RawPage>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
    /// Markdown files that could not be read or parsed (already reported), by path relative
    /// to `content/`, so links to them are not reported a second time as broken.
    pub failed: HashSet<String>,
}

/// Reads `root/content`, collecting every problem instead of stopping at the first.
pub fn load(root: &Path) -> (Loaded, Diagnostics) {
    let content = root.join("content");
    let mut diagnostics = Diagnostics::default();
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(display_path(root, &content), 0, 0, "no content/ folder").with_hint(
                "create content/ with Markdown files, or run `guidepost init DIR` for a new site",
            ),
        );
        return (Loaded::default(), diagnostics);
    }
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.into_path();
                let rel = path.strip_prefix(&content).unwrap_or(&path).to_path_buf();
                if path.extension().is_some_and(|x| x == "md") {
                    markdown.push((path, rel));
                } else {
                    assets.push(Asset { path, rel });
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| "content".into());
                diagnostics.push(Diagnostic::error(
                    path,
                    0,
                    0,
                    format!("could not read: {e}"),
                ));
            }
        }
    }
    let results: Vec<Result<RawPage, Vec<Diagnostic>>> = markdown
        .par_iter()
        .map(|(path, rel)| read_page(root, path, rel))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut failed = HashSet::new();
    for ((_, rel), result) in markdown.iter().zip(results) {
        match result {
            Ok(page) => pages.push(page),
            Err(problems) => {
                diagnostics.extend(problems);
                failed.insert(crate::paths::rel_key(rel));
            }
        }
    }
    (
        Loaded {
            pages,
            assets,
            failed,
        },
        diagnostics,
    )
}

/// Every file of `static/` (hidden ones left out), served at the same path. A symbolic link is
/// reported and not copied.
pub fn static_files(root: &Path) -> (Vec<Asset>, Vec<Diagnostic>) {
    let dir = root.join("static");
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (files, problems);
    }
    let visible =
        |e: &walkdir::DirEntry| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.');
    for entry in WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(visible)
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(e.path())
                    .to_path_buf();
                files.push(Asset {
                    path: e.path().to_path_buf(),
                    rel,
                });
            }
            Ok(e) if e.file_type().is_symlink() => problems.push(
                Diagnostic::warning(
                    display_path(root, e.path()),
                    0,
                    0,
                    "symbolic link in static/ is not copied",
                )
                .with_hint("copy the file itself into static/"),
            ),
            Ok(_) => {}
            Err(e) => problems.push(Diagnostic::error(
                display_path(root, &dir),
                0,
                0,
                e.to_string(),
            )),
        }
    }
    (files, problems)
}

/// The largest Markdown file built. A page is held several times over while it is rendered
/// and indexed for search (about 16 times its size at 50 MB), so a file far larger than any
/// guide (a generated dump, a log pasted whole) is refused by name instead of exhausting memory.
pub const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads and parses one Markdown file.
pub fn read_page(root: &Path, path: &Path, rel: &Path) -> Result<RawPage, Vec<Diagnostic>> {
    let shown = display_path(root, path);
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > MAX_PAGE_BYTES {
        let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        return Err(vec![
            Diagnostic::error(
                &shown,
                0,
                0,
                format!(
                    "the file is {:.1} MB; Markdown files over {:.0} MB are not built",
                    mb(size),
                    mb(MAX_PAGE_BYTES)
                ),
            )
            .with_hint(
                "split it into several pages, or move it out of content/ (into static/ it is \
                 copied as it is)",
            ),
        ]);
    }
    let bytes =
        fs_util::read(path).map_err(|e| vec![Diagnostic::error(&shown, 0, 0, e.to_string())])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        vec![
            Diagnostic::error(&shown, line, 0, "file is not valid UTF-8")
                .with_hint("save the file as UTF-8"),
        ]
    })?;
    let mut page = parse_page(&shown, rel, &text)?;
    page.source = path.to_path_buf();
    Ok(page)
}

/// A hash of a page's body, to tell whether an edit changed it.
fn hash_of(body: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}

/// Parses the text of one Markdown file (BOM and CRLF line ends accepted).
pub fn parse_page(shown: &Path, rel: &Path, text: &str) -> Result<RawPage, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    };
    let split = front_matter::split(&text).map_err(|why| {
        vec![
            Diagnostic::error(shown, 1, 1, why)
                .with_hint("end the front matter with a line holding only ---")
                .with_source(&text),
        ]
    })?;
    let front = match split.yaml {
        Some(yaml) => front_matter::parse(yaml, shown, &text)?,
        None => FrontMatter::default(),
    };
    Ok(RawPage {
        rel: rel.to_path_buf(),
        shown: shown.to_path_buf(),
        front,
        has_front_matter: split.yaml.is_some(),
        source: shown.to_path_buf(),
        body: split.body.to_owned(),
        body_hash: hash_of(split.body),
        body_line: split.body_line,
        front_yaml: split.yaml.unwrap_or("").to_owned(),
    })
}
