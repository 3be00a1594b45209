//! Search stage: a Pagefind index of the published guides, written under `/pagefind/`, and the
//! small script (`/search.js`) that runs the default theme's search box.
//!
//! It sits between render and write because Pagefind reads finished HTML: the render sink offers
//! every output file to [`Indexer::offer`], which keeps only pages from Markdown (guides, and
//! sections that have an `_index.md`) for the index, never the 404 page, redirects, taxonomy lists
//! or copied files. Drafts are not indexed because they are not published. Within a page only the
//! regions the theme marks with `data-pagefind-body` count (title, headings, body), minus anything
//! marked `data-pagefind-ignore` (widgets) and the heading anchor links; Pagefind itself skips
//! `nav`, `footer` and `form`.
//!
//! Pagefind's API parses one page at a time under its own lock, and is async. So the indexer owns
//! one worker thread with a current-thread tokio runtime: the render threads hand it each page
//! over a channel as soon as the page is rendered, and it parses while the rest of the site is
//! still being rendered. Nothing goes through the disk. [`Indexer::finish`] closes the channel,
//! waits for the worker to build the index, and returns the bundle's files, which go through the
//! same sink as every other output file.

use std::collections::HashSet;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

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

/// What the worker returns: the bundle's files, or why it could not build them.
type Bundle = Result<Vec<Output>, String>;

/// Builds the search index of one site while its pages are rendered.
pub struct Indexer {
    /// Site paths of the outputs to index.
    wanted: HashSet<String>,
    /// Hands pages to the worker; `None` once [`Indexer::finish`] closed it.
    pages: Mutex<Option<Sender<Output>>>,
    /// Parses the pages as they come, then builds the bundle.
    worker: Mutex<Option<JoinHandle<Bundle>>>,
    /// Whether `/search.js` is ours to write (`static/search.js` replaces it).
    writes_script: bool,
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
        let wanted: HashSet<String> = site
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
        let expected = wanted.len();
        let (sender, receiver) = channel::<Output>();
        let worker = std::thread::Builder::new()
            .name("search index".to_owned())
            .spawn(move || index_pages(runtime, index, receiver.into_iter(), expected))
            .map_err(|e| problem(format!("cannot start the search indexer: {e}")))?;
        Ok(Some(Indexer {
            wanted,
            pages: Mutex::new(Some(sender)),
            worker: Mutex::new(Some(worker)),
            writes_script: !site.has_file_at(SCRIPT_PATH),
        }))
    }

    /// Passes `output` to the index when it is a page to index; called from many threads at once.
    pub fn offer(&self, output: &Output) {
        if !self.wanted.contains(&output.path) {
            return;
        }
        if let Some(pages) = lock(&self.pages).as_ref() {
            // A send fails only when the worker has stopped; `finish` reports why.
            let _ = pages.send(output.clone());
        }
    }

    /// Builds the index and returns the bundle's files under [`BUNDLE_DIR`], plus the search
    /// box's script.
    pub fn finish(&self) -> Result<Vec<Output>, Diagnostic> {
        lock(&self.pages).take();
        let failed = |e: String| {
            Diagnostic::error(
                "search",
                0,
                0,
                format!("cannot build the search index: {e}"),
            )
        };
        let worker = lock(&self.worker)
            .take()
            .ok_or_else(|| failed("the index was already built".to_owned()))?;
        let mut outputs = worker
            .join()
            .map_err(|_| failed("the indexer stopped unexpectedly".to_owned()))?
            .map_err(failed)?;
        if self.writes_script {
            outputs.push(Output {
                path: SCRIPT_PATH.to_owned(),
                bytes: SCRIPT.as_bytes().to_vec(),
            });
        }
        Ok(outputs)
    }
}

/// The worker: adds each page to `index` as it arrives, then builds the bundle once the
/// channel closes. `expected` is how many pages should have come.
fn index_pages(
    runtime: tokio::runtime::Runtime,
    mut index: PagefindIndex,
    pages: impl Iterator<Item = Output>,
    expected: usize,
) -> Bundle {
    let mut indexed = 0;
    for page in pages {
        // Pagefind keeps the URL as given: the site path without the base URL's path prefix,
        // which pagefind.js adds from the folder it is served from (`/help/pagefind/` → `/help/`).
        let html = String::from_utf8(page.bytes)
            .map_err(|_| format!("page {} is not UTF-8", page.path))?;
        runtime
            .block_on(index.add_html_file(None, Some(page.path.clone()), html))
            .map_err(|e| format!("page {}: {e}", page.path))?;
        indexed += 1;
    }
    if indexed != expected {
        return Err(format!("{indexed} of {expected} pages were indexed"));
    }
    let files = runtime
        .block_on(index.get_files())
        .map_err(|e| e.to_string())?;
    Ok(files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let unused = UNUSED_BUNDLE_FILES.iter().any(|u| name.starts_with(u));
            (!unused).then(|| Output {
                path: format!("{BUNDLE_DIR}{name}"),
                bytes: file.contents,
            })
        })
        .collect())
}

/// Locks a mutex; a panic elsewhere while it was held does not invalidate the data here.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
