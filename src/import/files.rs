//! Which files an import reads, what it names the guides, and writing them without ever
//! replacing one by accident.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use super::ImportError;
use crate::fs_util::{self, IoError};
use crate::slug::slugify;

/// The Markdown files to import from `input` (a file, or a folder searched recursively), each
/// with the path of its guide relative to the destination folder.
pub(super) fn inputs(input: &Path) -> Result<Vec<(PathBuf, PathBuf)>, ImportError> {
    if input.is_file() {
        if !is_markdown(input) {
            return Err(ImportError::NotMarkdown(input.to_path_buf()));
        }
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![(
            input.to_path_buf(),
            PathBuf::from(guide_name(&name)),
        )]);
    }
    if !input.is_dir() {
        return Err(ImportError::NoInput(input.to_path_buf()));
    }
    let mut found = Vec::new();
    let visible =
        |e: &walkdir::DirEntry| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.');
    for entry in WalkDir::new(input)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(visible)
    {
        let entry = entry.map_err(|source| ImportError::List {
            path: input.to_path_buf(),
            source,
        })?;
        if !entry.file_type().is_file() || !is_markdown(entry.path()) {
            continue;
        }
        let rel = entry.path().strip_prefix(input).unwrap_or(entry.path());
        let named: PathBuf = rel
            .components()
            .map(|c| guide_name(&c.as_os_str().to_string_lossy()))
            .collect();
        found.push((entry.path().to_path_buf(), named));
    }
    if found.is_empty() {
        return Err(ImportError::NoMarkdown(input.to_path_buf()));
    }
    Ok(found)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// A file or folder name for the site: as it is, or slugified when it has spaces or capitals
/// (`My Guide.md` → `my-guide.md`), since it becomes part of a URL.
pub(super) fn guide_name(name: &str) -> String {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("md") && !stem.is_empty() => {
            (stem, Some("md"))
        }
        _ => (name, None),
    };
    let needs_slug = stem.chars().any(|c| c.is_whitespace() || c.is_uppercase());
    let slug = slugify(stem);
    let stem = if needs_slug && !slug.is_empty() {
        slug.as_str()
    } else {
        stem
    };
    match extension {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem.to_owned(),
    }
}

/// A path without `.` components (`./content/x.md` → `content/x.md`), for display.
pub(super) fn tidy(path: &Path) -> PathBuf {
    let tidied: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if tidied.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        tidied
    }
}

/// Writes a new file; fails, changing nothing, when `path` exists (even if it appeared after
/// the caller looked).
pub(super) fn create_new(path: &Path, text: &str) -> Result<(), IoError> {
    if let Some(parent) = path.parent() {
        fs_util::create_dir_all(parent)?;
    }
    let wrap = |source| IoError {
        action: "create",
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(wrap)?;
    file.write_all(text.as_bytes()).map_err(wrap)
}

#[cfg(test)]
mod tests {
    use super::{ImportError, Path, guide_name, inputs};

    #[test]
    fn a_missing_input_is_named() {
        let err = inputs(Path::new("no-such-input.md")).unwrap_err();
        assert!(matches!(err, ImportError::NoInput(_)), "{err:?}");
        assert_eq!(err.to_string(), "no-such-input.md does not exist");
    }

    #[test]
    fn names_with_spaces_or_capitals_are_slugified() {
        assert_eq!(guide_name("link-key.md"), "link-key.md");
        assert_eq!(guide_name("My Guide.md"), "my-guide.md");
        assert_eq!(guide_name("Windows 11"), "windows-11");
        assert_eq!(guide_name("fix_error.md"), "fix_error.md");
        assert_eq!(guide_name("README.MD"), "readme.md");
    }
}
