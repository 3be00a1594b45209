//! Search stage: a Pagefind index of the published guides, written under `/pagefind/`, and the
//! small script (`/search.js`) that runs the default theme's search box.
//!
//! It sits between render and write because Pagefind reads finished HTML: the render sink offers
//! every output file to [`Indexer::offer`], which indexes only pages from Markdown (guides, and
//! sections that have an `_index.md`), never the 404 page, redirects, taxonomy lists or copied
//! files. Drafts are not indexed because they are not published. Within a page only the regions
//! the theme marks with `data-pagefind-body` count (title, headings, body), minus anything marked
//! `data-pagefind-ignore` (widgets) and the heading anchor links; Pagefind itself skips `nav`,
//! `footer` and `form`. Indexing overlaps with rendering (pages arrive from many threads and are
//! fed to Pagefind one at a time); [`Indexer::finish`] then builds the index and returns its
//! files, which go through the same sink as every other output file.
//!
//! Pagefind's Rust API is async and runs its parsing on tokio's blocking pool even with its
//! default features off, so the indexer owns a current-thread tokio runtime and blocks on each
//! call: the rest of the build stays synchronous (rayon).

use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard, PoisonError};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render::Output;

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
        Ok(Some(Indexer {
            runtime,
            index: Mutex::new(Some(index)),
            wanted,
            writes_script: !site.files.iter().any(|f| f.path == SCRIPT_PATH),
            problems: Mutex::new(Vec::new()),
        }))
    }

    /// Indexes `output` when it is a page to index; called from many threads at once.
    pub fn offer(&self, output: &Output) {
        if !self.wanted.contains(&output.path) {
            return;
        }
        let html = String::from_utf8_lossy(&output.bytes).into_owned();
        let mut index = lock(&self.index);
        let Some(index) = index.as_mut() else {
            return;
        };
        // The URL is the site path without the base URL's path prefix: pagefind.js adds the
        // folder it is served from (`/help/pagefind/` → `/help/`) to every result.
        let added =
            self.runtime
                .block_on(index.add_html_file(None, Some(output.path.clone()), html));
        if let Err(e) = added {
            lock(&self.problems).push(Diagnostic::error(
                &output.path,
                0,
                0,
                format!("cannot index output page {} for search: {e}", output.path),
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
        let files = self.runtime.block_on(index.get_files()).map_err(|e| {
            vec![Diagnostic::error(
                "search",
                0,
                0,
                format!("cannot build the search index: {e}"),
            )]
        })?;
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

/// Locks a mutex; a panic elsewhere while it was held does not invalidate the data here.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
