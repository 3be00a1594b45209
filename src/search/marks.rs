//! Pages the search index would leave out without a word: Pagefind indexes only the pages that
//! mark their text with `data-pagefind-body` once any page of the site does, so a page rendered
//! by a template without that mark silently vanishes from search. This check finds such pages
//! in the rendered output (in `build`, `check` and `serve` alike) and warns at their source file.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostic::Diagnostic;
use crate::render::Output;

use super::Entry;

/// The attribute that marks the indexed region of a page.
const BODY_MARK: &[u8] = b"data-pagefind-body";

/// Whether `html` has an element carrying `data-pagefind-body`: the name inside a tag, not in
/// text (where `<` is always escaped), a comment or a longer attribute name.
pub fn has_body_mark(html: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = find(&html[from..], BODY_MARK).map(|i| i + from) {
        let end = at + BODY_MARK.len();
        let ends_name = html
            .get(end)
            .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'=' | b'>' | b'/'));
        let starts_name = at > 0 && html[at - 1].is_ascii_whitespace();
        let in_tag = html[..at]
            .iter()
            .rev()
            .find(|c| matches!(c, b'<' | b'>'))
            .is_some_and(|c| *c == b'<');
        if ends_name && starts_name && in_tag {
            return true;
        }
        from = end;
    }
    false
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Watches the rendered pages to index for the body mark; called from many threads at once.
pub struct MarkCheck {
    /// Source file and template of each page to index, by site path.
    sources: HashMap<String, (PathBuf, String)>,
    marked: AtomicUsize,
    unmarked: Mutex<Vec<String>>,
}

impl MarkCheck {
    /// A check of the pages `entries` lists.
    pub fn new(entries: &[Entry]) -> MarkCheck {
        MarkCheck {
            sources: entries
                .iter()
                .map(|e| (e.path.clone(), (e.source.clone(), e.template.clone())))
                .collect(),
            marked: AtomicUsize::new(0),
            unmarked: Mutex::new(Vec::new()),
        }
    }

    /// Looks at one output; outputs that are not pages to index are ignored.
    pub fn offer(&self, output: &Output) {
        if !self.sources.contains_key(&output.path) {
            return;
        }
        if has_body_mark(&output.bytes) {
            self.marked.fetch_add(1, Ordering::Relaxed);
        } else {
            self.unmarked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(output.path.clone());
        }
    }

    /// A warning for each page left out of the index: none when no page carries the mark
    /// (Pagefind then indexes every page's whole `<body>`).
    pub fn finish(self) -> Vec<Diagnostic> {
        if self.marked.into_inner() == 0 {
            return Vec::new();
        }
        let mut unmarked = self
            .unmarked
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        unmarked.sort();
        unmarked
            .iter()
            .filter_map(|path| self.sources.get(path))
            .map(|(source, template)| {
                Diagnostic::warning(
                    source,
                    0,
                    0,
                    format!(
                        "this page is left out of the search index: its template `{template}` \
                         marks no element with data-pagefind-body, and other pages' templates do"
                    ),
                )
                .with_hint(format!(
                    "add data-pagefind-body to the element of templates/{template} that holds \
                     the page's text"
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::has_body_mark;

    #[test]
    fn the_mark_counts_only_as_an_attribute_of_an_element() {
        assert!(has_body_mark(b"<main data-pagefind-body>x</main>"));
        assert!(has_body_mark(b"<div class=a\ndata-pagefind-body=\"\">"));
        assert!(has_body_mark(b"<article data-pagefind-body/>"));
        assert!(!has_body_mark(b"<p>write data-pagefind-body on it</p>"));
        assert!(!has_body_mark(b"<p>&lt;div data-pagefind-body&gt;</p>"));
        assert!(!has_body_mark(b"<div data-pagefind-body-x>"));
        assert!(!has_body_mark(b"<div x-data-pagefind-body>"));
        assert!(!has_body_mark(b"<main>text</main>"));
    }
}
