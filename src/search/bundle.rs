//! One Pagefind index, fed page by page, turned into the files of the search bundle.
//!
//! Pagefind's Rust API is async and parses each page under its own lock, so a [`Bundler`] owns
//! a current-thread tokio runtime and blocks on each call; whoever holds it (one rayon task per
//! part, in `build` or in the `search-index` child process of `serve`) feeds it from one thread.
//! Pagefind numbers pages in the order they are added and the index depends on that order:
//! callers add pages in the order of [`super::entries`], so the same site always gives the
//! same bundle, byte for byte. One bundler builds one part of the index ([`super::parts`]).

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::render::Output;

use super::parts;

/// Elements Pagefind leaves out besides `data-pagefind-ignore` and its own list (`nav`, `footer`,
/// `form`, ...): the `#` link the Markdown stage appends to every heading.
const EXCLUDED: &[&str] = &["a.anchor"];

/// Files of the Pagefind bundle that the default theme does not use: Pagefind's own search UIs,
/// the highlighter, the playground, and the worker (the search box runs Pagefind without it,
/// see src/assets/search.js; without the file, a script that asks for the worker gets Pagefind's
/// fallback to the page's own thread). Everything else (`pagefind.js`, the WebAssembly, the
/// entry, meta, index, fragment and filter files) is written.
const UNUSED_BUNDLE_FILES: &[&str] = &[
    "pagefind-worker.",
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
    "playground/",
];

/// What a part other than the first keeps: its index. Pagefind's script and WebAssembly come
/// from the first part's folder; the merged parts' own copies would never be fetched.
fn kept_in_later_parts(name: &str) -> bool {
    name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|folder| name.starts_with(folder))
}

/// An error of Pagefind's, with its chain of causes.
type PagefindError = Box<dyn std::error::Error + Send + Sync>;

/// Why the search index could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The runtime Pagefind runs on could not be started.
    #[error("cannot start the search indexer: {0}")]
    Runtime(#[source] std::io::Error),
    /// Pagefind refused its settings.
    #[error("cannot set up the search index: {0}")]
    Setup(#[source] PagefindError),
    /// A page to index is not UTF-8 text.
    #[error("page {page} is not UTF-8")]
    NotUtf8 {
        /// The page's site path.
        page: String,
        /// Where the text stops being UTF-8.
        source: std::string::FromUtf8Error,
    },
    /// Pagefind could not parse a page.
    #[error("page {page}: {source}")]
    Page {
        /// The page's site path.
        page: String,
        /// Pagefind's error.
        source: PagefindError,
    },
    /// Fewer pages reached the index than there are pages to index.
    #[error("{added} of {expected} pages were indexed")]
    Incomplete {
        /// How many were added.
        added: usize,
        /// How many there are.
        expected: usize,
    },
    /// Pagefind could not build the index from the pages.
    #[error("{0}")]
    Build(#[source] PagefindError),
}

/// A Pagefind index being filled.
pub struct Bundler {
    runtime: tokio::runtime::Runtime,
    index: PagefindIndex,
}

impl Bundler {
    /// An empty index for pages in `language` (an ISO 639-1 code such as `en`).
    pub fn new(language: &str) -> Result<Bundler, BundleError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(BundleError::Runtime)?;
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_owned())
            .exclude_selectors(EXCLUDED.iter().map(|s| (*s).to_owned()).collect())
            .build();
        let index = PagefindIndex::new(Some(options)).map_err(|e| BundleError::Setup(e.into()))?;
        Ok(Bundler { runtime, index })
    }

    /// Parses one finished page into the index.
    pub fn add(&mut self, page: Output) -> Result<(), BundleError> {
        // Pagefind keeps the URL as given: the site path without the base URL's path prefix,
        // which pagefind.js adds from the folder it is served from (`/help/pagefind/` → `/help/`).
        let html = String::from_utf8(page.bytes).map_err(|source| BundleError::NotUtf8 {
            page: page.path.clone(),
            source,
        })?;
        self.runtime
            .block_on(
                self.index
                    .add_html_file(None, Some(page.path.clone()), html),
            )
            .map_err(|e| BundleError::Page {
                page: page.path,
                source: e.into(),
            })?;
        Ok(())
    }

    /// Builds the index as part `part` and returns its files, with site paths under the part's
    /// folder ([`parts::dir`]).
    pub fn finish(mut self, part: usize) -> Result<Vec<Output>, BundleError> {
        let files = self
            .runtime
            .block_on(self.index.get_files())
            .map_err(|e| BundleError::Build(e.into()))?;
        let dir = parts::dir(part);
        Ok(files
            .into_iter()
            .filter_map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                let unused = UNUSED_BUNDLE_FILES.iter().any(|u| name.starts_with(u));
                let kept = !unused && (part == 0 || kept_in_later_parts(&name));
                kept.then(|| Output {
                    path: format!("{dir}{name}"),
                    bytes: file.contents,
                })
            })
            .collect())
    }
}
