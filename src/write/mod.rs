//! Write stage: the only code that changes the output directory.
//!
//! The site is written into a temporary sibling directory and swapped in only when everything
//! rendered, so a failed build leaves the previous output byte-identical. Before anything is
//! written, [`Staging::prepare`] refuses outputs that would lose data: a non-empty directory
//! without our marker file, the project root or one of its ancestors, or a directory holding
//! `content/`, `site.yaml` or `.git`. Nothing is deleted unless this tool created it.

pub(crate) mod unfinished;

use std::path::{Component, Path, PathBuf};

use crate::fs_util::{self, IoError};

/// The file that marks a directory as Guidepost output, safe to replace.
pub(crate) const MARKER: &str = ".guidepost-output";

const MARKER_TEXT: &str = "This directory is written by `guidepost build` and replaced on every build.\n\
Do not keep files of your own here: put them in static/ instead.\n";

/// Why the output directory may not be replaced.
#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    /// Writing there could destroy data.
    #[error("refusing to write the site into {}: {reason}; nothing was changed", path.display())]
    Refused {
        /// The output directory.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file system failed.
    #[error(transparent)]
    Io(#[from] IoError),
}

/// A temporary directory the site is written into, swapped into place by [`Staging::commit`].
#[derive(Debug)]
pub(crate) struct Staging {
    target: PathBuf,
    temp: PathBuf,
}

impl Staging {
    /// Checks that `output` may be replaced and creates the temporary sibling directory.
    pub(crate) fn prepare(root: &Path, output: &Path) -> Result<Staging, GuardError> {
        let root = fs_util::canonicalize(root)?;
        let target = absolute_target(&root, output)?;
        refuse_unsafe(&root, &target)?;
        let parent = target.parent().ok_or_else(|| GuardError::Refused {
            path: target.clone(),
            reason: "it has no parent directory".to_owned(),
        })?;
        fs_util::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        unfinished::remove_stale(parent, &name)?;
        let temp = parent.join(format!(".{name}.guidepost-tmp-{}", std::process::id()));
        if temp.exists() && temp.join(MARKER).exists() {
            fs_util::remove_dir_all(&temp)?;
        }
        fs_util::create_dir_all(&temp)?;
        unfinished::register(&temp);
        fs_util::write(&temp.join(MARKER), MARKER_TEXT)?;
        Ok(Staging { target, temp })
    }

    /// Writes one file at a site path (`/a/b/` becomes `a/b/index.html`).
    pub(crate) fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), IoError> {
        let path = self.temp.join(file_for(site_path));
        unfinished::refuse_if_stopping(&path)?;
        fs_util::write(&path, bytes)
    }

    /// Copies one file to a site path.
    pub(crate) fn copy(&self, source: &Path, site_path: &str) -> Result<(), IoError> {
        let path = self.temp.join(file_for(site_path));
        unfinished::refuse_if_stopping(&path)?;
        fs_util::copy(source, &path)
    }

    /// Swaps the finished site into place and removes the previous output.
    pub(crate) fn commit(self) -> Result<PathBuf, IoError> {
        unfinished::refuse_if_stopping(&self.temp)?;
        let target = self.target.clone();
        if target.exists() {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let old =
                target.with_file_name(format!(".{name}.guidepost-old-{}", std::process::id()));
            if target.join(MARKER).exists() {
                fs_util::rename(&target, &old)?;
                fs_util::rename(&self.temp, &target)?;
                fs_util::remove_dir_all(&old)?;
            } else {
                // An empty directory (checked in `prepare`): remove_dir refuses if that changed.
                fs_util::remove_empty_dir(&target)?;
                fs_util::rename(&self.temp, &target)?;
            }
        } else {
            fs_util::rename(&self.temp, &target)?;
        }
        Ok(target)
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves no temporary directory behind.
    fn drop(&mut self) {
        if self.temp.join(MARKER).exists() {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
        unfinished::unregister(&self.temp);
    }
}

/// The file a site path is written to, relative to the output directory. Components that could
/// leave the directory (`..`, roots) are dropped.
pub(crate) fn file_for(site_path: &str) -> PathBuf {
    let mut rel = PathBuf::new();
    for component in Path::new(site_path.trim_start_matches('/')).components() {
        if let Component::Normal(part) = component {
            rel.push(part);
        }
    }
    if site_path.ends_with('/') || rel.as_os_str().is_empty() {
        rel.push("index.html");
    }
    rel
}

fn absolute_target(root: &Path, output: &Path) -> Result<PathBuf, GuardError> {
    let joined = if output.is_absolute() {
        output.to_path_buf()
    } else {
        root.join(output)
    };
    // Resolve the deepest existing ancestor so symlinks and `..` cannot hide the real place.
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = fs_util::canonicalize(&existing)?;
    for part in rest.iter().rev() {
        if part == ".." || part == "." {
            return Err(GuardError::Refused {
                path: joined,
                reason: "the path uses `..` below a folder that does not exist".to_owned(),
            });
        }
        resolved.push(part);
    }
    Ok(resolved)
}

fn refuse_unsafe(root: &Path, target: &Path) -> Result<(), GuardError> {
    let refuse = |reason: &str| {
        Err(GuardError::Refused {
            path: target.to_path_buf(),
            reason: reason.to_owned(),
        })
    };
    if root.starts_with(target) {
        return refuse("it is the project root or a folder that contains it");
    }
    if !target.exists() {
        return Ok(());
    }
    if !target.is_dir() {
        return refuse("it is a file, not a directory");
    }
    for precious in ["content", "site.yaml", ".git"] {
        if target.join(precious).exists() {
            return refuse(&format!(
                "it holds `{precious}`, so it looks like a project, not build output"
            ));
        }
    }
    let entries = fs_util::read_dir(target)?;
    if !entries.is_empty() && !target.join(MARKER).exists() {
        return refuse(&format!(
            "it is not empty and has no {MARKER} marker, so it was not written by guidepost; choose another --output or empty it yourself"
        ));
    }
    Ok(())
}
