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
//! Pagefind parses one page at a time under its own lock and keeps every parsed page until it
//! writes the index, so the index is built in parts ([`parts`]), side by side: the render
//! threads hand the [`Indexer`] each page as soon as it is rendered, and [`Indexer::finish`],
//! once every page is in, builds the parts on the rayon pool (one per core at a time, each part's
//! memory returned as soon as it is written) and returns the bundle's files, which go through
//! the same sink as every other output file; nothing goes through the disk. Pages are added to
//! their part in the order of [`entries`] whatever order they are rendered in, because an index
//! depends on that order and a build must be reproducible. `serve` builds the same parts in a
//! child process ([`pipe`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render::Output;

pub mod bundle;
pub mod marks;
pub mod parts;
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

/// Builds the search index of one site from its pages as they are rendered.
pub struct Indexer {
    language: String,
    /// The place of each page to index in the indexing order, by site path.
    order: HashMap<String, usize>,
    /// Each page's site path and finished HTML, by place, once rendered.
    pages: Mutex<Vec<Option<parts::Page>>>,
}

impl Indexer {
    /// An indexer for `site`, or `None` when `search: false` turns search off.
    pub fn new(site: &Site) -> Result<Option<Indexer>, Diagnostic> {
        if !site.config.search {
            return Ok(None);
        }
        // Pagefind's settings are checked now, before anything is rendered.
        Bundler::new(&site.config.language)
            .map_err(|e| Diagnostic::error("search", 0, 0, e.to_string()))?;
        let order: HashMap<String, usize> = entries(site)
            .into_iter()
            .enumerate()
            .map(|(place, entry)| (entry.path, place))
            .collect();
        let pages = Mutex::new(vec![None; order.len()]);
        Ok(Some(Indexer {
            language: site.config.language.clone(),
            order,
            pages,
        }))
    }

    /// Keeps `output` for the index when it is a page to index; called from many threads at once.
    pub fn offer(&self, output: &Output) {
        if let Some(&place) = self.order.get(&output.path) {
            lock(&self.pages)[place] = Some((output.path.clone(), output.bytes.clone()));
        }
    }

    /// Builds the index and returns the bundle's files under [`BUNDLE_DIR`].
    pub fn finish(&self) -> Result<Vec<Output>, Diagnostic> {
        let failed = |e: BundleError| {
            Diagnostic::error(
                "search",
                0,
                0,
                format!("cannot build the search index: {e}"),
            )
        };
        let pages = std::mem::take(&mut *lock(&self.pages));
        let expected = pages.len();
        let pages: Vec<parts::Page> = pages.into_iter().flatten().collect();
        if pages.len() != expected {
            return Err(failed(BundleError::Incomplete {
                added: pages.len(),
                expected,
            }));
        }
        let count = parts::count(expected);
        let split = parts::split(pages, count).into_iter().enumerate().collect();
        parts::build(&self.language, count, split).map_err(failed)
    }
}

/// Locks a mutex; a panic elsewhere while it was held does not invalidate the data here.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
