//! Temporary output directories a build did not finish. An interrupted build (Ctrl-C, SIGTERM:
//! `main` calls [`remove_on_interrupt`]) removes its own; one whose process died without that
//! chance (SIGKILL, a crash, a power cut) is removed by the next build beside the same output
//! ([`remove_stale`]). Either way only a directory holding the marker file is touched: nothing
//! this tool did not create is deleted.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::MARKER;
use crate::fs_util::{self, IoError};

/// The temporary directories of builds running in this process.
static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Set once an interrupt began removing them: no write may recreate one.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Notes a temporary directory that is being written.
pub(super) fn register(temp: &Path) {
    active().push(temp.to_path_buf());
}

/// Forgets a temporary directory (committed or removed).
pub(super) fn unregister(temp: &Path) {
    active().retain(|t| t != temp);
}

/// An error for a write attempted after an interrupt, so no thread recreates what it removes.
pub(super) fn refuse_if_stopping(path: &Path) -> Result<(), IoError> {
    if STOPPING.load(Ordering::SeqCst) {
        return Err(IoError {
            action: "write (the build was interrupted)",
            path: path.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::Interrupted),
        });
    }
    Ok(())
}

/// Stops every write of this process's builds and removes their temporary directories; returns
/// the ones removed. For a signal handler: it does not wait for the build to stop.
pub fn remove_on_interrupt() -> Vec<PathBuf> {
    STOPPING.store(true, Ordering::SeqCst);
    let temps: Vec<PathBuf> = active().drain(..).collect();
    temps
        .into_iter()
        .filter(|temp| temp.join(MARKER).exists())
        .filter(|temp| std::fs::remove_dir_all(temp).is_ok())
        .collect()
}

/// Removes `.<name>.guidepost-tmp-<pid>` and `.<name>.guidepost-old-<pid>` directories in
/// `parent` (beside the output `<name>`) left by processes that no longer run. On systems where
/// this cannot be told (no `/proc`), nothing is removed.
pub(super) fn remove_stale(parent: &Path, name: &str) -> Result<Vec<PathBuf>, IoError> {
    let mut removed = Vec::new();
    for entry in fs_util::read_dir(parent)? {
        let Some(file_name) = entry.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(pid) = leftover_pid(file_name, name) else {
            continue;
        };
        if pid == std::process::id() || is_running(pid) != Some(false) {
            continue;
        }
        if entry.join(MARKER).exists() {
            fs_util::remove_dir_all(&entry)?;
            removed.push(entry);
        }
    }
    Ok(removed)
}

/// The process id in a temporary directory's name made for the output `name`.
fn leftover_pid(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let pid = rest
        .strip_prefix(".guidepost-tmp-")
        .or_else(|| rest.strip_prefix(".guidepost-old-"))?;
    pid.parse().ok()
}

/// Whether process `pid` runs, where the system says (`/proc`).
fn is_running(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self")
        .exists()
        .then(|| proc.join(pid.to_string()).exists())
}

fn active() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    ACTIVE.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::leftover_pid;

    #[test]
    fn only_the_names_made_for_this_output_count() {
        for (file, output, pid) in [
            (".public.guidepost-tmp-123", "public", Some(123)),
            (".public.guidepost-old-77", "public", Some(77)),
            (".public.guidepost-tmp-x", "public", None),
            (".other.guidepost-tmp-123", "public", None),
            ("public.guidepost-tmp-123", "public", None),
            (".public.guidepost-tmp-", "public", None),
        ] {
            assert_eq!(leftover_pid(file, output), pid, "{file}");
        }
    }
}
