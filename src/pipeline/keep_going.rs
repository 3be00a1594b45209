//! `build --keep-going` (and `serve`): which pages the errors belong to, and the site without them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostics, Severity};
use crate::model::{self, Site};

/// A page left out of a `--keep-going` run because it has errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Its Markdown file as diagnostics name it (`content/guides/a.md`).
    pub file: PathBuf,
    /// The site path it has (`/guides/a/`); for a file that could not be read, the one its
    /// file name gives.
    pub path: String,
}

/// Takes the pages with errors out of `site` (and the aliases that redirect to them) and
/// settles order, prev/next and taxonomies again without them; returns them in file order.
/// `None`, with `site` unchanged, when an error belongs to no page (`site.yaml`, a template,
/// a section's `_index.md`, `static/`): then nothing can be written.
pub(crate) fn leave_out(site: &mut Site, diagnostics: &Diagnostics) -> Option<Vec<LeftOut>> {
    let pages: HashMap<&Path, &str> = site
        .pages
        .iter()
        .map(|p| (p.raw.shown.as_path(), p.path.as_str()))
        .collect();
    let unloaded: HashSet<PathBuf> = site
        .failed_files
        .iter()
        .filter(|file| !file.ends_with("_index.md"))
        .map(|file| Path::new("content").join(file))
        .collect();
    let mut left_out: BTreeMap<PathBuf, String> = BTreeMap::new();
    for error in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let file = error.file.as_path();
        let path = match pages.get(file) {
            Some(path) => (*path).to_owned(),
            None if unloaded.contains(file) => {
                model::path_by_file_name(file.strip_prefix("content").unwrap_or(file))
            }
            None => return None,
        };
        left_out.insert(file.to_path_buf(), path);
    }
    let gone: HashSet<String> = site
        .pages
        .iter()
        .filter(|p| left_out.contains_key(&p.raw.shown))
        .map(|p| p.path.clone())
        .collect();
    site.pages.retain(|p| !left_out.contains_key(&p.raw.shown));
    site.aliases.retain(|a| !gone.contains(&a.to));
    model::assemble(site);
    Some(
        left_out
            .into_iter()
            .map(|(file, path)| LeftOut { file, path })
            .collect(),
    )
}
