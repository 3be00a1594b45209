//! Which Markdown file introduces each folder of `content/`: its title, front matter and text
//! shown on the folder's page above the list of what it holds.
//!
//! A folder's `_index.md` does. Repositories written for GitHub or mdBook have none: a chapter
//! `variables.md` sits beside a folder `variables/` of sub-chapters, and `content/index.md`
//! opens the book. Both would be published at the folder's URL, one over the other, so the
//! chapter becomes the folder's introduction instead: when the folder has no `_index.md` and
//! is not a page bundle (`variables/index.md`), `variables.md` beside it introduces it, and
//! `content/index.md` introduces the home page.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::load::is_bundle;

/// The folder each introducing file introduces (both relative to `content/`): every
/// `_index.md`, and each file of a folder's name beside a folder that has no `_index.md`, as
/// the module says. `files` are the Markdown files that will be published.
pub(crate) fn of<'a>(files: impl IntoIterator<Item = &'a Path>) -> HashMap<PathBuf, PathBuf> {
    let rels: Vec<&Path> = files.into_iter().collect();
    let folder_of = |rel: &Path| rel.parent().unwrap_or(Path::new("")).to_path_buf();
    let named = |rel: &Path, name: &str| rel.file_name().is_some_and(|n| n == name);
    let indexed: HashSet<PathBuf> = rels
        .iter()
        .filter(|rel| named(rel, "_index.md"))
        .map(|rel| folder_of(rel))
        .collect();
    // `content/index.md` is no bundle: the home page is a section.
    let bundles: HashSet<PathBuf> = rels
        .iter()
        .filter(|rel| is_bundle(rel) && **rel != Path::new("index.md"))
        .map(|rel| folder_of(rel))
        .collect();
    // Folders that hold a page or a section's file, at any depth: the site's sections.
    let mut sections: HashSet<PathBuf> = HashSet::from([PathBuf::new()]);
    for rel in &rels {
        let mut folder = folder_of(rel);
        if is_bundle(rel) {
            folder = folder_of(&folder);
        }
        for ancestor in folder.ancestors() {
            sections.insert(ancestor.to_path_buf());
        }
    }
    let mut introductions = HashMap::new();
    for rel in rels {
        let introduces = if named(rel, "_index.md") {
            Some(folder_of(rel))
        } else if rel == Path::new("index.md") {
            Some(PathBuf::new())
        } else if is_bundle(rel) {
            None
        } else {
            Some(rel.with_extension(""))
        };
        if let Some(folder) = introduces {
            let free = named(rel, "_index.md")
                || (sections.contains(&folder)
                    && !indexed.contains(&folder)
                    && !bundles.contains(&folder));
            if free {
                introductions.insert(rel.to_path_buf(), folder);
            }
        }
    }
    introductions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chapter_beside_its_folder_introduces_it_unless_the_folder_has_its_own() {
        let files = [
            "index.md",
            "types.md",
            "types/cast.md",
            "traits.md",
            "traits/_index.md",
            "traits/dyn.md",
            "photo.md",
            "photo/index.md",
            "deep/nested.md",
            "deep/nested/x/y.md",
            "alone.md",
            "empty.md",
        ];
        let found = of(files.map(Path::new));
        let mut pairs: Vec<(String, String)> = found
            .iter()
            .map(|(file, folder)| {
                (
                    file.to_string_lossy().into_owned(),
                    folder.to_string_lossy().into_owned(),
                )
            })
            .collect();
        pairs.sort();
        assert_eq!(
            pairs,
            [
                ("deep/nested.md", "deep/nested"),
                ("index.md", ""),
                ("traits/_index.md", "traits"),
                ("types.md", "types"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn the_home_page_has_one_introduction() {
        let found = of(["_index.md", "index.md"].map(Path::new));
        assert_eq!(found.len(), 1);
        assert_eq!(found[Path::new("_index.md")], PathBuf::new());
    }
}
