//! Search stage: a Pagefind index of the published guides, written under `/pagefind/`, and the
//! small script (`/search.js`) that runs the default theme's search box.
//!
//! It sits between render and write because Pagefind reads finished HTML: the render sink offers
//! every output file to [`Indexer::offer`], which keeps only pages from Markdown (guides, and
//! sections that have an `_index.md`) for the index, never the 404 page, redirects, taxonomy lists or copied
//! files. Drafts are not indexed because they are not published. Within a page only the regions
//! the theme marks with `data-pagefind-body` count (title, headings, body), minus anything marked
//! `data-pagefind-ignore` (widgets) and the heading anchor links; Pagefind itself skips `nav`,
//! `footer` and `form`. Pagefind's API indexes a page given as a string one at a time, under a
//! lock, but reads a folder of files in parallel (rayon): so the pages to index are written to a
//! scratch folder as they are rendered, and [`Indexer::finish`] indexes that folder, builds the
//! index and returns its files, which go through the same sink as every other output file.
//!
//! Pagefind's Rust API is async and runs its parsing on tokio's blocking pool even with its
//! default features off, so the indexer owns a current-thread tokio runtime and blocks on each
//! call: the rest of the build stays synchronous (rayon).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostic::Diagnostic;
use crate::fs_util;
use crate::model::Site;
use crate::render::Output;
use crate::write::file_for;

/// The search box's script, written to [`SCRIPT_PATH`] unless `static/search.js` replaces it.
pub const SCRIPT: &str = include_str!("search.js");

/// Where the search box's script is served.
pub const SCRIPT_PATH: &str = "/search.js";

/// The folder the Pagefind bundle is written to.
pub const BUNDLE_DIR: &str = "/pagefind/";

/// Elements Pagefind leaves out besides `data-pagefind-ignore` and its own list (`nav`, `footer`,
/// `form`, ...): the `#` link the Markdown stage appends to every heading.
const EXCLUDED: &[&str] = &["a.anchor"];

/// Files of the Pagefind bundle that the default theme does not use: Pagefind's own search UIs,
/// the highlighter and the playground. Everything else (`pagefind.js`, its worker, the
/// WebAssembly, the entry, meta, index, fragment and filter files) is written.
const UNUSED_BUNDLE_FILES: &[&str] = &[
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
    "playground/",
];

/// Builds the search index of one site while its pages are rendered.
pub struct Indexer {
    runtime: tokio::runtime::Runtime,
    index: Mutex<Option<PagefindIndex>>,
    /// Site paths of the outputs to index.
    wanted: HashSet<String>,
    /// Where the pages to index are written for Pagefind to read; removed when done.
    scratch: PathBuf,
    /// Whether `/search.js` is ours to write (`static/search.js` replaces it).
    writes_script: bool,
    problems: Mutex<Vec<Diagnostic>>,
}

impl Indexer {
    /// An indexer for `site`, or `None` when `search: false` turns search off.
    pub fn new(site: &Site) -> Result<Option<Indexer>, Diagnostic> {
        if !site.config.search {
            return Ok(None);
        }
        let problem = |message: String| Diagnostic::error("search", 0, 0, message);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| problem(format!("cannot start the search indexer: {e}")))?;
        let options = PagefindServiceConfig::builder()
            .force_language(site.config.language.clone())
            .exclude_selectors(EXCLUDED.iter().map(|s| (*s).to_owned()).collect())
            .build();
        let index = PagefindIndex::new(Some(options))
            .map_err(|e| problem(format!("cannot set up the search index: {e}")))?;
        let wanted = site
            .pages
            .iter()
            .map(|p| p.path.clone())
            .chain(
                site.sections
                    .iter()
                    .filter(|s| s.raw.is_some())
                    .map(|s| s.path.clone()),
            )
            .collect();
        // One folder per build: builds in parallel processes, or one after another in this one.
        static BUILDS: AtomicUsize = AtomicUsize::new(0);
        let scratch = std::env::temp_dir().join(format!(
            "guidepost-search-{}-{}",
            std::process::id(),
            BUILDS.fetch_add(1, Ordering::Relaxed)
        ));
        Ok(Some(Indexer {
            runtime,
            index: Mutex::new(Some(index)),
            wanted,
            scratch,
            writes_script: !site.has_file_at(SCRIPT_PATH),
            problems: Mutex::new(Vec::new()),
        }))
    }

    /// Keeps `output` for the index when it is a page to index; called from many threads at once.
    pub fn offer(&self, output: &Output) {
        if !self.wanted.contains(&output.path) {
            return;
        }
        if let Err(e) = fs_util::write(&self.scratch.join(file_for(&output.path)), &output.bytes) {
            lock(&self.problems).push(Diagnostic::error(
                &output.path,
                0,
                0,
                format!(
                    "cannot keep output page {} for the search index: {e}",
                    output.path
                ),
            ));
        }
    }

    /// Builds the index and returns the bundle's files under [`BUNDLE_DIR`], plus the search
    /// box's script; or every page that could not be indexed.
    pub fn finish(&self) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let problems = std::mem::take(&mut *lock(&self.problems));
        if !problems.is_empty() {
            return Err(problems);
        }
        let Some(mut index) = lock(&self.index).take() else {
            return Ok(Vec::new());
        };
        let failed = |e: &dyn std::fmt::Display| {
            vec![Diagnostic::error(
                "search",
                0,
                0,
                format!("cannot build the search index: {e}"),
            )]
        };
        // Pagefind computes each URL from the file's path in the folder (`a/b/index.html` →
        // `/a/b/`): the site path without the base URL's path prefix, which pagefind.js adds
        // from the folder it is served from (`/help/pagefind/` → `/help/`).
        let scratch = self.scratch.to_string_lossy().into_owned();
        let indexed = self
            .runtime
            .block_on(index.add_directory(scratch, None))
            .map_err(|e| failed(&e))?;
        // Pagefind only logs a page it could not read or parse; the count tells.
        if indexed != self.wanted.len() {
            return Err(failed(&format!(
                "{indexed} of {} pages were indexed",
                self.wanted.len()
            )));
        }
        let files = self
            .runtime
            .block_on(index.get_files())
            .map_err(|e| failed(&e))?;
        let mut outputs: Vec<Output> = files
            .into_iter()
            .filter_map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                let unused = UNUSED_BUNDLE_FILES.iter().any(|u| name.starts_with(u));
                (!unused).then(|| Output {
                    path: format!("{BUNDLE_DIR}{name}"),
                    bytes: file.contents,
                })
            })
            .collect();
        if self.writes_script {
            outputs.push(Output {
                path: SCRIPT_PATH.to_owned(),
                bytes: SCRIPT.as_bytes().to_vec(),
            });
        }
        Ok(outputs)
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        // Nothing to report: the folder is in the system's temporary directory.
        let _ = fs_util::remove_dir_all(&self.scratch);
    }
}

/// Locks a mutex; a panic elsewhere while it was held does not invalidate the data here.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
