//! The one place file-system calls go through, so every I/O error names its path.
//!
//! A bare `io::Error` ("No such file or directory") is useless to an author; wrapping each call
//! here means no stage can forget to say which file failed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// An I/O failure and the path it concerns.
#[derive(Debug, thiserror::Error)]
#[error("could not {action} {}: {source}", path.display())]
pub struct IoError {
    /// What we were doing ("read", "create directory", ...).
    pub action: &'static str,
    /// The path concerned.
    pub path: PathBuf,
    /// The underlying error.
    pub source: io::Error,
}

/// Result of an I/O call that names its path.
pub(crate) type IoResult<T> = Result<T, IoError>;

fn wrap<T>(action: &'static str, path: &Path, result: io::Result<T>) -> IoResult<T> {
    result.map_err(|source| IoError {
        action,
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a whole file as bytes.
pub(crate) fn read(path: &Path) -> IoResult<Vec<u8>> {
    wrap("read", path, fs::read(path))
}

/// Writes a whole file, creating its parent directories.
pub(crate) fn write(path: &Path, contents: impl AsRef<[u8]>) -> IoResult<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    wrap("write", path, fs::write(path, contents))
}

/// Creates a directory and its parents.
pub(crate) fn create_dir_all(path: &Path) -> IoResult<()> {
    wrap("create directory", path, fs::create_dir_all(path))
}

/// Copies one file, creating the destination's parent directories.
pub(crate) fn copy(from: &Path, to: &Path) -> IoResult<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    wrap("copy", from, fs::copy(from, to)).map(|_| ())
}

/// Renames a file or directory.
pub(crate) fn rename(from: &Path, to: &Path) -> IoResult<()> {
    wrap("rename", from, fs::rename(from, to))
}

/// Removes a directory tree. Callers must only pass directories this tool created.
pub(crate) fn remove_dir_all(path: &Path) -> IoResult<()> {
    wrap("remove", path, fs::remove_dir_all(path))
}

/// Removes an empty directory (fails, leaving it, when it is not empty).
pub(crate) fn remove_empty_dir(path: &Path) -> IoResult<()> {
    wrap("remove", path, fs::remove_dir(path))
}

/// Lists a directory's entries.
pub(crate) fn read_dir(path: &Path) -> IoResult<Vec<PathBuf>> {
    let entries = wrap("list", path, fs::read_dir(path))?;
    entries
        .map(|e| wrap("list", path, e.map(|e| e.path())))
        .collect()
}

/// The absolute, symlink-free form of a path that exists.
pub(crate) fn canonicalize(path: &Path) -> IoResult<PathBuf> {
    wrap("resolve", path, fs::canonicalize(path))
}
