//! Which Markdown file introduces each folder of `content/`: its title, front matter and text
//! shown on the folder's page above the list of what it holds.
//!
//! A folder's `_index.md` does. Repositories written for GitHub or mdBook have none: GitHub
//! shows a folder's `README.md` as the folder's page (mdBook publishes it as the folder's
//! `index.html`), a chapter `variables.md` sits beside a folder `variables/` of sub-chapters,
//! and `content/index.md` opens a book. Those would be published at the folder's URL one over
//! the other, or the README as a page of its own, so they introduce the folder instead, in this
//! order: `_index.md`, the folder's one `README.md` (in any letter case), then `variables.md`
//! beside `variables/` (or `content/index.md` for the home page). A folder that is a page bundle
//! (`variables/index.md`) is introduced by none of them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::load::is_bundle;

/// The folder each introducing file introduces (both relative to `content/`), as the module
/// says. `files` are the Markdown files that will be published.
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
    let is_page_bundle = |rel: &Path| is_bundle(rel) && rel != Path::new("index.md");
    let bundles: HashSet<PathBuf> = rels
        .iter()
        .filter(|rel| is_page_bundle(rel))
        .map(|rel| folder_of(rel))
        .collect();
    // A folder with an `_index.md` or that is a page is introduced by nothing else.
    let free = |folder: &Path| !indexed.contains(folder) && !bundles.contains(folder);
    let is_readme = |rel: &Path| {
        rel.file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("readme.md"))
    };
    let mut readmes: HashMap<PathBuf, usize> = HashMap::new();
    for rel in rels.iter().filter(|rel| is_readme(rel)) {
        *readmes.entry(folder_of(rel)).or_default() += 1;
    }
    // A folder's README introduces it when it is the folder's only one (a case-sensitive disk
    // may hold `README.md` and `readme.md`: neither is then the folder's page).
    let readme_of = |folder: &Path| readmes.get(folder) == Some(&1);
    // Folders that hold a page or a section's file, at any depth: the site's sections.
    let mut sections: HashSet<PathBuf> = HashSet::from([PathBuf::new()]);
    for rel in &rels {
        let mut folder = folder_of(rel);
        if is_page_bundle(rel) {
            folder = folder_of(&folder);
        }
        for ancestor in folder.ancestors() {
            sections.insert(ancestor.to_path_buf());
        }
    }
    let mut introductions = HashMap::new();
    for rel in rels {
        let folder = folder_of(rel);
        let introduces = if named(rel, "_index.md") {
            Some(folder)
        } else if is_readme(rel) {
            (free(&folder) && readme_of(&folder)).then_some(folder)
        } else if is_page_bundle(rel) {
            None
        } else {
            // A chapter beside its folder, or `content/index.md` for the home page.
            let introduced = if rel == Path::new("index.md") {
                PathBuf::new()
            } else {
                rel.with_extension("")
            };
            (sections.contains(&introduced) && free(&introduced) && !readme_of(&introduced))
                .then_some(introduced)
        };
        if let Some(folder) = introduces {
            introductions.insert(rel.to_path_buf(), folder);
        }
    }
    introductions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readme_or_a_chapter_beside_its_folder_introduces_it_unless_the_folder_has_its_own() {
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
            "setup/README.md",
            "setup/linux.md",
            "setup.md",
            "faq/readme.md",
            "twice/README.md",
            "twice/readme.md",
            "guides/_index.md",
            "guides/README.md",
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
                ("faq/readme.md", "faq"),
                ("guides/_index.md", "guides"),
                ("index.md", ""),
                ("setup/README.md", "setup"),
                ("traits/_index.md", "traits"),
                ("types.md", "types"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn the_home_page_has_one_introduction() {
        for (files, introduction) in [
            (&["_index.md", "README.md", "index.md"][..], "_index.md"),
            (&["README.md", "index.md"][..], "README.md"),
            (&["index.md", "a.md"][..], "index.md"),
        ] {
            let found = of(files.iter().map(Path::new));
            assert_eq!(found.len(), 1, "{files:?}");
            assert_eq!(found[Path::new(introduction)], PathBuf::new(), "{files:?}");
        }
    }
}
