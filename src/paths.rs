//! Relative paths as `/`-separated keys.
//!
//! Loading, the model, rendering and serve all name a file by its path relative to a folder
//! (`content/`, `templates/`, the output), written with `/` on every platform so that the keys
//! compare equal and read as URLs. One function writes them, so the keys always agree.

use std::path::Path;

/// A path relative to `content/` with `/` separators, the key of the file → URL map.
pub(crate) fn rel_key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_join_with_slashes() {
        let rel: std::path::PathBuf = ["activation", "img", "pic.png"].iter().collect();
        assert_eq!(rel_key(&rel), "activation/img/pic.png");
        assert_eq!(rel_key(Path::new("")), "");
        assert_eq!(rel_key(Path::new("a.md")), "a.md");
    }
}
