//! Watches the site's inputs with notify and hands over debounced batches of changed paths.
//!
//! `content/`, `templates/` and `static/` are watched recursively, the root itself not (it may
//! hold `target/` or `public/`), so `site.yaml`, `next-steps.yaml` and the folders appearing
//! or disappearing are seen. Editors that save by writing a temporary file and renaming it, renames, new and
//! deleted files all arrive as events on paths; a batch ends after [`QUIET`] without events,
//! and the whole batch triggers one rebuild.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::reporter::Reporter;

/// How long the inputs must be quiet before a batch is handed over: long enough for a program
/// writing many files one after another (a checkout, a copy) to be seen as one change.
pub const QUIET: Duration = Duration::from_millis(50);

/// The folders watched recursively.
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "static"];

/// A running watcher and its events.
pub struct Changes {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watching: Vec<PathBuf>,
    /// Changed inputs [`Changes::pending`] saw before the next batch began.
    early: Vec<PathBuf>,
    /// Where a folder that cannot be watched is reported.
    reporter: Arc<dyn Reporter>,
}

/// Why the inputs cannot be watched.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The site root's absolute path could not be found.
    #[error("cannot watch the site root {}: {source}", path.display())]
    Root {
        /// The root as given.
        path: PathBuf,
        /// Why resolving it failed.
        source: std::io::Error,
    },
    /// The system's file watcher could not be started.
    #[error("cannot watch files: {0}")]
    Start(#[source] notify::Error),
    /// One folder could not be watched.
    #[error("cannot watch {}: {source}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why the watcher refused it.
        source: notify::Error,
    },
}

/// Starts watching the inputs of the site at `root`.
pub fn start(root: &Path, reporter: Arc<dyn Reporter>) -> Result<Changes, WatchError> {
    let root = root.canonicalize().map_err(|source| WatchError::Root {
        path: root.to_path_buf(),
        source,
    })?;
    let (sender, events) = channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    })
    .map_err(WatchError::Start)?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|source| WatchError::Folder {
            path: root.clone(),
            source,
        })?;
    let mut changes = Changes {
        root,
        watcher,
        events,
        watching: Vec::new(),
        early: Vec::new(),
        reporter,
    };
    changes.watch_dirs(&[]);
    Ok(changes)
}

impl Changes {
    /// Adds a recursive watch for each input folder that exists and is not watched yet, and
    /// forgets the ones that were removed. A folder named in `batch` itself was created,
    /// removed or renamed: one there now may be a new folder at the old path, whose watch went
    /// with the old one, so it is watched again.
    fn watch_dirs(&mut self, batch: &[PathBuf]) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if batch.iter().any(|p| p == Path::new(name)) && self.watching.contains(&dir) {
                // The old watch may be gone with the old folder already.
                let _ = self.watcher.unwatch(&dir);
                self.watching.retain(|d| *d != dir);
            }
        }
        self.watching.retain(|d| d.is_dir());
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watching.contains(&dir) {
                match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watching.push(dir),
                    Err(source) => self.reporter.say(&format!(
                        "guidepost serve: {}",
                        WatchError::Folder { path: dir, source }
                    )),
                }
            }
        }
    }

    /// Whether a changed path is an input of the site.
    pub fn is_input(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        rel == Path::new("site.yaml")
            || rel == Path::new(crate::next_steps::FILE_NAME)
            || WATCHED_DIRS
                .iter()
                .any(|d| rel.starts_with(d) && rel != Path::new(d) || rel == Path::new(d))
    }

    /// Blocks until the next batch of changed inputs (relative to the root); `None` when the
    /// watcher stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let mut batch: Vec<PathBuf> = std::mem::take(&mut self.early);
            if batch.is_empty() {
                let first = self.events.recv().ok()?;
                self.take(first, &mut batch);
            }
            loop {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => self.take(event, &mut batch),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            // Input folders may have appeared (or gone) with this batch.
            self.watch_dirs(&batch);
            batch.sort();
            batch.dedup();
            if !batch.is_empty() {
                return Some(batch);
            }
        }
    }

    /// Whether more changes to inputs arrived since the last batch was handed over; they stay
    /// for the next batch.
    pub fn pending(&mut self) -> bool {
        while self.early.is_empty() {
            let Ok(event) = self.events.try_recv() else {
                return false;
            };
            let mut paths = Vec::new();
            self.take(event, &mut paths);
            self.early = paths;
        }
        true
    }

    fn take(&self, event: notify::Result<notify::Event>, batch: &mut Vec<PathBuf>) {
        match event {
            Ok(event) => {
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    return;
                }
                for path in event.paths {
                    if self.is_input(&path) {
                        let rel = path.strip_prefix(&self.root).unwrap_or(&path);
                        batch.push(rel.to_path_buf());
                    }
                }
            }
            // A lost event (queue overflow): rebuild everything to be safe.
            Err(_) => batch.push(PathBuf::from("site.yaml")),
        }
    }
}
