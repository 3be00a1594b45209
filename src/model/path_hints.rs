//! "Did you mean …?" for a link to a path nothing is published at, bounded so that a site
//! with thousands of broken links is checked in time linear in the links.
//!
//! Guesses come from two indexes built once per check, never from a scan of every published
//! path: the same folder (all of it when it is small, else the names nearest in sorted order,
//! where a typo after the first letters lands) and the same file name in another folder (a
//! link into the wrong or misspelt folder). Either guess must still be a likely typo of the
//! whole path ([`nearest`]).

use std::collections::HashMap;

use crate::diagnostic::nearest;

/// Folders with at most this many entries are compared whole; larger ones by a window of
/// this many names around where the broken name sorts.
const WINDOW: usize = 64;

/// The published paths, by folder and by file name.
pub(crate) struct PathHints<'a> {
    /// Folder (`/a/`) → (name, path) of its entries, sorted by name.
    folders: HashMap<&'a str, Vec<(&'a str, &'a str)>>,
    /// Lower-case name → every path with that name.
    names: HashMap<String, Vec<&'a str>>,
}

impl<'a> PathHints<'a> {
    /// Indexes `paths` (site paths: `/a/b/`, `/a/b.png`).
    pub(crate) fn new(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut folders: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        let mut names: HashMap<String, Vec<&str>> = HashMap::new();
        for path in paths {
            let (folder, name) = split(path);
            folders.entry(folder).or_default().push((name, path));
            names.entry(name.to_lowercase()).or_default().push(path);
        }
        for entries in folders.values_mut() {
            entries.sort_unstable();
        }
        for paths in names.values_mut() {
            paths.sort_unstable();
        }
        PathHints { folders, names }
    }

    /// The published path a link to `path` most likely meant, if one is close enough.
    pub(crate) fn nearest(&self, path: &str) -> Option<&'a str> {
        let (folder, name) = split(path);
        if let Some(entries) = self.folders.get(folder) {
            let window = if entries.len() <= WINDOW {
                entries.as_slice()
            } else {
                let at = entries.partition_point(|(n, _)| *n < name);
                let start = at.saturating_sub(WINDOW / 2).min(entries.len() - WINDOW);
                &entries[start..start + WINDOW]
            };
            let found = nearest(name, window.iter().map(|(n, _)| *n))
                .and_then(|near| window.iter().find(|(n, _)| *n == near))
                .map(|(_, p)| *p);
            if found.is_some() {
                return found;
            }
        }
        let elsewhere = self.names.get(&name.to_lowercase())?;
        nearest(path, elsewhere.iter().take(WINDOW).copied())
    }
}

/// `/a/b/` → (`/a/`, `b`); `/a/b.png` → (`/a/`, `b.png`); `/` → (`/`, ``).
fn split(path: &str) -> (&str, &str) {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    match trimmed.rfind('/') {
        Some(at) => (&trimmed[..=at], &trimmed[at + 1..]),
        None => (if path.starts_with('/') { "/" } else { "" }, trimmed),
    }
}

#[cfg(test)]
mod tests {
    use super::{PathHints, WINDOW, split};

    #[test]
    fn paths_split_into_folder_and_name() {
        for (path, folder, name) in [
            ("/a/b/", "/a/", "b"),
            ("/a/b.png", "/a/", "b.png"),
            ("/b/", "/", "b"),
            ("/", "/", ""),
            ("/a/b/index.html", "/a/b/", "index.html"),
        ] {
            assert_eq!(split(path), (folder, name), "{path}");
        }
    }

    #[test]
    fn hints_come_from_the_folder_or_the_same_name_elsewhere() {
        let published = [
            "/",
            "/guides/",
            "/guides/install/",
            "/guides/upgrade/",
            "/images/diagram.png",
            "/page/",
        ];
        let hints = PathHints::new(published);
        for (broken, want) in [
            ("/guides/instal/", Some("/guides/install/")),
            ("/guides/upgrde/", Some("/guides/upgrade/")),
            ("/guide/install/", Some("/guides/install/")),
            ("/Guides/Install/", Some("/guides/install/")),
            ("/images/diagam.png", Some("/images/diagram.png")),
            ("/img/diagram.png", Some("/images/diagram.png")),
            // The same name in a folder far from the one written is no likely typo.
            ("/no/such/page/", None),
            ("/guides/something-else/", None),
        ] {
            assert_eq!(hints.nearest(broken), want, "{broken}");
        }
    }

    #[test]
    fn a_large_folder_is_searched_near_where_the_name_sorts() {
        let owned: Vec<String> = (0..10 * WINDOW)
            .map(|i| format!("/s/_static/img{i:04}.png"))
            .collect();
        let hints = PathHints::new(owned.iter().map(String::as_str));
        assert_eq!(
            hints.nearest("/s/_static/img0321.pgn"),
            Some("/s/_static/img0321.png")
        );
        assert_eq!(
            hints.nearest("/s/_static/img0639.pn"),
            Some("/s/_static/img0639.png")
        );
    }
}
