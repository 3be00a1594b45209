//! A site served while some pages do not build: at each broken page's URL, a page of its errors.

use std::fmt::Write as _;

use axum::body::Bytes;

use super::store::{self, Files, Served};
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::escape_attr as escape;
use crate::{LeftOut, Partial};

/// The files a keep-going build made (`files`), with an error page at the URL of every page it
/// left out (where no file of the site is).
pub fn served(mut files: Files, partial: &Partial) -> Served {
    for page in &partial.left_out {
        files
            .entry(store::key_for(&page.path))
            .or_insert_with(|| Bytes::from(error_page(page, &partial.diagnostics)));
    }
    Served {
        files,
        prefix: partial.prefix.clone(),
    }
}

/// What the overlay and the terminal say first about a keep-going site.
pub fn headline(partial: &Partial) -> String {
    let mut text = format!(
        "{} page(s) do not build and were left out; every other page is served, and each of \
         these URLs shows its page's errors:\n",
        partial.left_out.len()
    );
    for page in &partial.left_out {
        let _ = writeln!(text, "  {} ({})", page.path, page.file.display());
    }
    text
}

/// The page shown at a broken page's URL: its file, URL and errors, as escaped text.
fn error_page(page: &LeftOut, diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.file == page.file)
        .map(|d| d.render(false))
        .collect();
    let file = escape(&page.file.display().to_string());
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Does not build: {file}</title></head><body><main>\
         <h1>This page does not build</h1><p>{file} has {} error(s), so {} is left out of the \
         site; fix the file and this page is replaced by it.</p><pre>{}</pre></main></body></html>",
        errors.len(),
        escape(&page.path),
        escape(&errors.join("\n\n")),
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;
    use crate::BuildReport;

    fn partial(diagnostics: Vec<Diagnostic>) -> Partial {
        Partial {
            report: BuildReport {
                pages: 1,
                sections: 1,
                files: 1,
                elapsed: Duration::ZERO,
                warnings: Vec::new(),
                output: None,
                cleaned: Vec::new(),
            },
            diagnostics,
            left_out: vec![LeftOut {
                file: PathBuf::from("content/a.md"),
                path: "/a/".to_owned(),
            }],
            prefix: String::new(),
        }
    }

    #[test]
    fn the_error_page_quotes_the_pages_errors_as_text() {
        let partial = partial(vec![
            Diagnostic::error("content/a.md", 3, 5, "broken link `<script>x</script>`"),
            Diagnostic::error("content/b.md", 1, 1, "another page's error"),
        ]);
        let files = Files::from([("index.html".to_owned(), Bytes::from("home"))]);
        let served = served(files, &partial);
        let page = String::from_utf8(served.files["a/index.html"].to_vec()).expect("UTF-8");
        assert!(page.contains("content/a.md:3:5"), "{page}");
        assert!(
            page.contains("broken link `&lt;script&gt;x&lt;/script&gt;`"),
            "{page}"
        );
        assert!(!page.contains("<script>"), "{page}");
        assert!(!page.contains("another page"), "{page}");
        assert_eq!(&served.files["index.html"][..], b"home");
    }

    #[test]
    fn an_error_page_never_replaces_a_file_of_the_site() {
        let partial = partial(vec![Diagnostic::error("content/a.md", 1, 1, "bad")]);
        let files = Files::from([("a/index.html".to_owned(), Bytes::from("another page"))]);
        let served = served(files, &partial);
        assert_eq!(&served.files["a/index.html"][..], b"another page");
    }
}
