//! Rebuilds the in-memory site after a batch of changes and tells the browsers what changed.
//!
//! A rebuild runs the whole `build` pipeline with a sink into a fresh map. Only a successful
//! rebuild replaces the served map; a failed one keeps the last good site, prints the
//! diagnostics and sends them to the browsers' overlay. While no whole site has been served
//! (the first build, or every build since, had broken pages), a build that left only broken
//! pages out is served, with their errors at their URLs ([`super::broken`]) and the overlay.
//! The notice depends on what the new map changed: nothing (no notice), only stylesheets (swap
//! them), anything else (reload).

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use super::search::{SearchJobs, carry_bundle};
use super::store::{self, Collector, Files, Served, Shared};
use super::watch::Changes;
use super::{Notice, ServeOptions, Status};
use crate::diagnostic::Diagnostic;
use crate::reporter::Reporter;
use crate::search::parts;
use crate::{BuildError, Kept, NoProgress};

/// Owns the rebuilds of one `serve` run.
pub struct Rebuilder {
    options: ServeOptions,
    shared: Shared,
    status: Arc<RwLock<Status>>,
    notices: broadcast::Sender<Notice>,
    /// The site model of the last successful full build, for the fast path.
    kept: Option<Kept>,
    /// The warnings printed last.
    warnings: Vec<String>,
    /// The search index, rebuilt in the background.
    search: SearchJobs,
    /// Why the last full build failed, until it is shown.
    failure: Option<BuildError>,
    /// Whether the served site is a keep-going one (some pages left out).
    partial: bool,
    /// The pages of each part of the last search index asked for (`None`: none, or search is
    /// off).
    indexed: Option<Vec<Vec<String>>>,
    /// Where messages go.
    reporter: Arc<dyn Reporter>,
}

/// What a rebuild changed in the served files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// Files added, changed or removed.
    pub files: Vec<String>,
}

impl Change {
    /// Whether only existing stylesheets changed.
    pub fn only_css(&self, old: &Files, new: &Files) -> bool {
        !self.files.is_empty()
            && self
                .files
                .iter()
                .all(|f| f.ends_with(".css") && old.contains_key(f) && new.contains_key(f))
    }
}

/// The files that differ between two versions of the site.
pub fn diff(old: &Files, new: &Files) -> Change {
    let mut files: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .chain(old.keys().filter(|k| !new.contains_key(*k)).cloned())
        .collect();
    files.sort();
    Change { files }
}

impl Rebuilder {
    /// A rebuilder sharing the served site, the status and the notices with the server.
    pub fn new(
        options: ServeOptions,
        shared: Shared,
        status: Arc<RwLock<Status>>,
        notices: broadcast::Sender<Notice>,
        search: SearchJobs,
        reporter: Arc<dyn Reporter>,
    ) -> Self {
        Self {
            options,
            shared,
            status,
            notices,
            kept: None,
            warnings: Vec::new(),
            search,
            failure: None,
            partial: false,
            indexed: None,
            reporter,
        }
    }

    /// The first build, before the server listens.
    pub fn initial(&mut self) {
        let started = Instant::now();
        match self.full_build() {
            Some(served) => {
                let count = served.files.len();
                let served = self.replace(served);
                self.reporter.say(&format!(
                    "guidepost serve: built {count} files in {} ms",
                    started.elapsed().as_millis()
                ));
                self.index(&served, &Change::default());
                // A site with broken pages left out: their errors are shown all the same.
                self.show_failure();
            }
            None => self.show_failure(),
        }
    }

    /// Whether the kept site (the last that built) has search on.
    fn search_on(&self) -> bool {
        self.kept.as_ref().is_some_and(|k| k.site.config.search)
    }

    /// Asks for the search index of `served`, the site just put in place, when the pages to
    /// index are not those of the last request or one of them is among the `change`d files (the
    /// indexer then builds the parts whose pages differ from those it indexed).
    fn index(&mut self, served: &Served, change: &Change) {
        let Some(kept) = self.kept.as_ref().filter(|k| k.site.config.search) else {
            self.indexed = None;
            return;
        };
        let entries = crate::search::entries(&kept.site);
        let count = parts::count(entries.len());
        let parts: Vec<Vec<String>> =
            parts::split(entries.into_iter().map(|e| (e.path, ())), count)
                .into_iter()
                .map(|part| part.into_iter().map(|(path, ())| path).collect())
                .collect();
        let changed = |page: &String| change.files.binary_search(&store::key_for(page)).is_ok();
        if self.indexed.as_ref() == Some(&parts) && !parts.iter().flatten().any(changed) {
            return;
        }
        self.search
            .request(&kept.site.config.language, &parts, served);
        self.indexed = Some(parts);
    }

    /// Rebuilds after every batch of changes until the watcher stops.
    pub fn run(mut self, mut changes: Changes) {
        while let Some(batch) = changes.next_batch() {
            self.changed(&batch, &mut || changes.pending());
        }
    }

    /// Handles one batch of changed inputs (paths relative to the root). `more_coming` tells
    /// whether more changes arrived meanwhile: while files are still being written (a checkout,
    /// a copy of many files) a half-written state may not build, and its errors are shown only
    /// when nothing more is on the way.
    pub fn changed(&mut self, paths: &[PathBuf], more_coming: &mut dyn FnMut() -> bool) {
        let started = Instant::now();
        let old = self.current();
        let root = &self.options.build.root;
        let mut how = "full";
        // A fast path that gives up leaves the kept site as it was, for the next one to try.
        let fast = self.kept.as_mut().and_then(|kept| {
            if let Some(update) = super::incremental::body_edits(kept, root, paths) {
                how = "body only";
                return Some(update);
            }
            let update = super::incremental::front_matter_edit(kept, root, paths)?;
            how = "front matter";
            Some(update)
        });
        let (served, change) = match fast {
            Some(update) => {
                // Only the files the fast path touched can differ: compare just those.
                let mut served = (*old).clone();
                let mut files = Vec::new();
                for path in &update.removed {
                    let key = store::key_for(path);
                    if served.files.remove(&key).is_some() {
                        files.push(key);
                    }
                }
                for output in update.outputs {
                    let key = store::key_for(&output.path);
                    let bytes = axum::body::Bytes::from(output.bytes);
                    if served.files.get(&key) != Some(&bytes) {
                        files.push(key.clone());
                    }
                    served.files.insert(key, bytes);
                }
                files.sort();
                (served, Change { files })
            }
            None => match self.full_build() {
                Some(mut served) => {
                    // The build has no search index; the last one stays until the next is ready.
                    if self.search_on() {
                        carry_bundle(&old.files, &mut served.files);
                    }
                    let change = diff(&old.files, &served.files);
                    (served, change)
                }
                None if more_coming() => return,
                None => return self.show_failure(),
            },
        };
        let only_css = change.only_css(&old.files, &served.files);
        let was_failed = matches!(self.status(), Status::Failed(_));
        let served = self.replace(served);
        self.index(&served, &change);
        if was_failed {
            let _ = self.notices.send(Notice::Clear);
        }
        // Again a site with broken pages left out: their errors stay shown.
        self.show_failure();
        if change.files.is_empty() {
            self.reporter.say(&format!(
                "guidepost serve: {} changed, the site did not ({} ms)",
                shown(paths),
                started.elapsed().as_millis()
            ));
            return;
        }
        let _ = self.notices.send(if only_css {
            Notice::Css
        } else {
            Notice::Reload
        });
        self.reporter.say(&format!(
            "guidepost serve: {} changed → {} file(s) rebuilt in {} ms ({how})",
            shown(paths),
            change.files.len(),
            started.elapsed().as_millis()
        ));
    }

    fn current(&self) -> Arc<Served> {
        self.shared
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn status(&self) -> Status {
        self.status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves `served` from now on; the search files are the newest, which the background
    /// indexer may have put in place while this site was being built.
    fn replace(&self, mut served: Served) -> Arc<Served> {
        let mut shared = self.shared.write().unwrap_or_else(|e| e.into_inner());
        if self.search_on() {
            carry_bundle(&shared.files, &mut served.files);
        }
        let served = Arc::new(served);
        *shared = served.clone();
        drop(shared);
        *self.status.write().unwrap_or_else(|e| e.into_inner()) = Status::Ok;
        served
    }

    /// Runs the whole pipeline into a new map; on failure reports and returns `None`.
    fn full_build(&mut self) -> Option<Served> {
        let collector = Collector::default();
        let sink = |output| {
            collector.put(output);
            Ok(())
        };
        let result = crate::build_into(&self.options.build, &NoProgress, &sink);
        self.kept = None;
        self.failure = None;
        match result {
            Ok((report, kept)) => {
                // Warnings are printed when they change, not again on every rebuild.
                let warnings: Vec<String> = report
                    .warnings
                    .iter()
                    .map(|w| w.render(self.options.styled))
                    .collect();
                if warnings != self.warnings {
                    for warning in &warnings {
                        self.reporter.say(&format!("{warning}\n"));
                    }
                    self.warnings = warnings;
                }
                // The kept site's settings already hold the command line's base URL.
                let prefix = kept.site.prefix().to_owned();
                self.kept = Some(kept);
                self.partial = false;
                Some(Served {
                    files: collector.finish(),
                    prefix,
                })
            }
            // Served only in place of no site or of another site with pages left out; it is
            // never kept for the fast path (its link check saw the pages it left out).
            Err(BuildError::Partial(partial))
                if self.partial || self.current().files.is_empty() =>
            {
                let served = super::broken::served(collector.finish(), &partial);
                self.partial = true;
                self.failure = Some(BuildError::Partial(partial));
                Some(served)
            }
            Err(BuildError::Partial(partial)) => {
                self.failure = Some(BuildError::Content(partial.diagnostics));
                None
            }
            Err(error) => {
                self.failure = Some(error);
                None
            }
        }
    }

    /// Prints the last failure and shows it in the browsers.
    fn show_failure(&mut self) {
        let Some(error) = self.failure.take() else {
            return;
        };
        self.failed(&error);
    }

    fn failed(&self, error: &BuildError) {
        let rendered = |diagnostics: &[Diagnostic], styled: bool| {
            diagnostics
                .iter()
                .map(|d| d.render(styled))
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        let mut still = "the site does not build; still serving the last good version";
        let (terminal, plain) = match error {
            BuildError::Content(diagnostics) => (
                rendered(diagnostics, self.options.styled),
                rendered(diagnostics, false),
            ),
            BuildError::Partial(partial) => {
                still = "serving the pages that build";
                let headline = super::broken::headline(partial);
                (
                    format!(
                        "{}\n\n{headline}",
                        rendered(&partial.diagnostics, self.options.styled)
                    ),
                    format!("{headline}\n{}", rendered(&partial.diagnostics, false)),
                )
            }
            other => (format!("error: {other}"), format!("error: {other}")),
        };
        self.reporter.say(&format!("{terminal}\n"));
        self.reporter.say(&format!("guidepost serve: {still}"));
        *self.status.write().unwrap_or_else(|e| e.into_inner()) = Status::Failed(plain.clone());
        let _ = self.notices.send(Notice::Diagnostics(plain));
    }
}

fn shown(paths: &[PathBuf]) -> String {
    match paths {
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} and {} more", first.display(), rest.len()),
        [] => "nothing".to_owned(),
    }
}
