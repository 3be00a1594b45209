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
//! Pagefind parses one page at a time ([`bundle`]), so during a build the [`Indexer`] runs one
//! worker thread: the render threads hand it each page as soon as it is rendered, and it parses
//! while the rest of the site is still being rendered; nothing goes through the disk. Pages are
//! added in the order of [`entries`] whatever order they are rendered in, because the index
//! depends on that order and a build must be reproducible. [`Indexer::finish`] waits for the
//! worker to build the index and returns the bundle's files, which go through the same sink as
//! every other output file. `serve` builds the same bundle in a child process ([`pipe`]).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render::Output;

pub mod bundle;
pub mod marks;
pub mod pipe;

use bundle::{BundleError, Bundler};

/// Where the search box's script is served.
pub const SCRIPT_PATH: &str = "/search.js";

/// The folder the Pagefind bundle is written to.
pub const BUNDLE_DIR: &str = "/pagefind/";

/// One page to index.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its site path.
    pub path: String,
    /// Its source file, for messages.
    pub source: PathBuf,
    /// The template it is rendered with.
    pub template: String,
}

/// The pages to index, in the order they are added to the index: every published page, then
/// every section that has an `_index.md`; empty when `search: false` turns search off.
pub fn entries(site: &Site) -> Vec<Entry> {
    if !site.config.search {
        return Vec::new();
    }
    let pages = site.pages.iter().map(|p| Entry {
        path: p.path.clone(),
        source: p.raw.shown.clone(),
        template: p
            .raw
            .front
            .template
            .clone()
            .unwrap_or_else(|| "page.html".to_owned()),
    });
    let sections = site.sections.iter().enumerate().filter_map(|(id, s)| {
        let raw = s.raw.as_ref()?;
        Some(Entry {
            path: s.path.clone(),
            source: raw.shown.clone(),
            template: raw.front.template.clone().unwrap_or_else(|| {
                if id == 0 {
                    "index.html"
                } else {
                    "section.html"
                }
                .to_owned()
            }),
        })
    });
    pages.chain(sections).collect()
}

/// The search box's script as an output file, unless search is off or `static/search.js`
/// replaces it. Every build writes it (`serve` too, before its index is ready), beside the
/// pages that load it.
pub fn script_output(site: &Site) -> Option<Output> {
    (site.config.search && !site.has_file_at(SCRIPT_PATH)).then(|| Output {
        path: SCRIPT_PATH.to_owned(),
        bytes: crate::assets::compact::script(crate::assets::SEARCH_SCRIPT).into_bytes(),
    })
}

/// What the worker returns: the bundle's files, or why it could not build them.
type Bundle = Result<Vec<Output>, BundleError>;

/// Builds the search index of one site while its pages are rendered.
pub struct Indexer {
    /// The place of each page to index in the indexing order, by site path.
    order: HashMap<String, usize>,
    /// Hands pages to the worker; `None` once [`Indexer::finish`] closed it.
    pages: Mutex<Option<Sender<(usize, Output)>>>,
    /// Parses the pages as they come, then builds the bundle.
    worker: Mutex<Option<JoinHandle<Bundle>>>,
}

impl Indexer {
    /// An indexer for `site`, or `None` when `search: false` turns search off.
    pub fn new(site: &Site) -> Result<Option<Indexer>, Diagnostic> {
        if !site.config.search {
            return Ok(None);
        }
        let problem = |message: String| Diagnostic::error("search", 0, 0, message);
        let bundler = Bundler::new(&site.config.language).map_err(|e| problem(e.to_string()))?;
        let order: HashMap<String, usize> = entries(site)
            .into_iter()
            .enumerate()
            .map(|(place, entry)| (entry.path, place))
            .collect();
        let expected = order.len();
        let (sender, receiver) = channel();
        let worker = std::thread::Builder::new()
            .name("search index".to_owned())
            .spawn(move || index_in_order(bundler, receiver.into_iter(), expected))
            .map_err(|e| problem(format!("cannot start the search indexer: {e}")))?;
        Ok(Some(Indexer {
            order,
            pages: Mutex::new(Some(sender)),
            worker: Mutex::new(Some(worker)),
        }))
    }

    /// Passes `output` to the index when it is a page to index; called from many threads at once.
    pub fn offer(&self, output: &Output) {
        let Some(&place) = self.order.get(&output.path) else {
            return;
        };
        if let Some(pages) = lock(&self.pages).as_ref() {
            // A send fails only when the worker has stopped; `finish` reports why.
            let _ = pages.send((place, output.clone()));
        }
    }

    /// Builds the index and returns the bundle's files under [`BUNDLE_DIR`].
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
        worker
            .join()
            .map_err(|_| failed("the indexer stopped unexpectedly".to_owned()))?
            .map_err(|e| failed(e.to_string()))
    }
}

/// The worker: adds the pages to the index in the order of their places (`0..expected`),
/// whatever order they arrive in, then builds the bundle once the channel closes.
fn index_in_order(
    mut bundler: Bundler,
    pages: impl Iterator<Item = (usize, Output)>,
    expected: usize,
) -> Bundle {
    let mut waiting = BTreeMap::new();
    for (place, page) in pages {
        waiting.insert(place, page);
        while let Some(page) = waiting.remove(&bundler.added()) {
            bundler.add(page)?;
        }
    }
    if bundler.added() != expected {
        return Err(BundleError::Incomplete {
            added: bundler.added(),
            expected,
        });
    }
    bundler.finish()
}

/// Locks a mutex; a panic elsewhere while it was held does not invalidate the data here.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
