//! The served site: every output file in memory, keyed like the build's output directory.
//!
//! Keys are the relative file names `build` would write (`a/b/index.html`, `style.css`), made
//! with the write stage's own [`file_for`], so the map compares one to one with a built
//! `public/`. A request path is resolved against the map only: nothing outside the site's
//! output can be named, whatever the path holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

use crate::render::Output;
use crate::write::file_for;

/// Output files by relative file name (`/`-separated).
pub type Files = HashMap<String, Bytes>;

/// The key of a site path (`/a/b/` → `a/b/index.html`).
pub fn key_for(site_path: &str) -> String {
    crate::paths::rel_key(&file_for(site_path))
}

/// Collects outputs from many threads into a [`Files`] map.
#[derive(Default)]
pub struct Collector {
    files: Mutex<Files>,
}

impl Collector {
    /// Stores one output.
    pub fn put(&self, output: Output) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key_for(&output.path), Bytes::from(output.bytes));
    }

    /// The collected files.
    pub fn finish(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the site, by key.
    File(String),
    /// A folder whose `index.html` exists, asked for without the trailing slash.
    Redirect(String),
    /// Nothing of the site.
    NotFound,
}

/// Resolves a raw (still percent-encoded) request path, with the site's path prefix (`/docs`,
/// or empty) removed when present. Encoded slashes and backslashes, NUL, `.` and `..`
/// segments never resolve: they are not how the site links to its own files.
pub fn resolve(files: &Files, raw_path: &str, prefix: &str) -> Resolved {
    let lower = raw_path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Resolved::NotFound;
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Resolved::NotFound;
    };
    let path = match decoded.strip_prefix(prefix) {
        // The site's root asked for without its trailing slash (`/docs`).
        Some("") if !prefix.is_empty() => {
            return if files.contains_key("index.html") {
                Resolved::Redirect(format!("{prefix}/"))
            } else {
                Resolved::NotFound
            };
        }
        Some(rest) if !prefix.is_empty() && rest.starts_with('/') => rest.to_owned(),
        _ => decoded.into_owned(),
    };
    if !path.starts_with('/') || path.contains('\\') || path.contains('\0') {
        return Resolved::NotFound;
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    if segments
        .iter()
        .enumerate()
        .any(|(i, s)| *s == "." || *s == ".." || (s.is_empty() && i != last))
    {
        return Resolved::NotFound;
    }
    let rel = &path[1..];
    if rel.is_empty() || rel.ends_with('/') {
        let key = format!("{rel}index.html");
        return if files.contains_key(&key) {
            Resolved::File(key)
        } else {
            Resolved::NotFound
        };
    }
    if files.contains_key(rel) {
        return Resolved::File(rel.to_owned());
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        return Resolved::Redirect(format!("{prefix}{path}/"));
    }
    Resolved::NotFound
}

/// The Content-Type of a file by its name.
pub fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit_once('.')
        .map(|(_, x)| x.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if key.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// One version of the served site.
#[derive(Default, Clone)]
pub struct Served {
    /// Its files.
    pub files: Files,
    /// Its path prefix from `base_url` (`/docs`, or empty).
    pub prefix: String,
}

/// The shared, swappable current site.
pub type Shared = Arc<std::sync::RwLock<Arc<Served>>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        ["index.html", "a/b/index.html", "style.css", "a/x.png"]
            .iter()
            .map(|k| ((*k).to_owned(), Bytes::new()))
            .collect()
    }

    #[test]
    fn site_paths_resolve_and_escapes_do_not() {
        let f = files();
        assert_eq!(resolve(&f, "/", ""), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&f, "/a/b/", ""),
            Resolved::File("a/b/index.html".into())
        );
        assert_eq!(resolve(&f, "/a/b", ""), Resolved::Redirect("/a/b/".into()));
        assert_eq!(
            resolve(&f, "/style.css", ""),
            Resolved::File("style.css".into())
        );
        assert_eq!(
            resolve(&f, "/docs/style.css", "/docs"),
            Resolved::File("style.css".into())
        );
        // Regression: the root of a site under a path, without its slash, was a 404.
        assert_eq!(
            resolve(&f, "/docs", "/docs"),
            Resolved::Redirect("/docs/".into())
        );
        for bad in [
            "/a/../style.css",
            "/a/%2e%2e/style.css",
            "/a%2fx.png",
            "/a%5cx.png",
            "/./style.css",
            "//style.css",
            "/style.css%00",
            "/%ff",
        ] {
            assert_eq!(resolve(&f, bad, ""), Resolved::NotFound, "{bad}");
        }
    }
}
