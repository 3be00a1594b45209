//! The HTTP side of `serve` (axum on tokio): site files from memory, the live-reload script and
//! the event stream.
//!
//! Only keys of the in-memory map are served ([`store::resolve`]); unknown paths get the site's
//! own `404.html` with status 404. HTML responses get one `<script src>` for
//! `/__guidepost/reload.js` added on the way out; the map itself stays equal to `build` output.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::search::Progress;
use super::store::{self, Resolved, Shared};
use super::{Notice, Status};

/// Where the live-reload script is served.
pub const RELOAD_SCRIPT_PATH: &str = "/__guidepost/reload.js";
/// Where the server-sent events are.
pub const EVENTS_PATH: &str = "/__guidepost/events";
/// The list of served files, one key a line (for tests and tools comparing with `build`).
pub const FILES_PATH: &str = "/__guidepost/files";
/// Answers `idle` when the search index is up to date with the served site, else `indexing`.
pub const SEARCH_PATH: &str = "/__guidepost/search";
const RELOAD_SCRIPT: &str = include_str!("reload.js");
/// The tag added to every HTML response.
pub const SCRIPT_TAG: &str = "<script src=\"/__guidepost/reload.js\" defer></script>";

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The current site.
    pub files: Shared,
    /// Change notices for the browsers.
    pub notices: broadcast::Sender<Notice>,
    /// Whether the last rebuild failed, and why.
    pub status: Arc<std::sync::RwLock<Status>>,
    /// Whether the background search index caught up.
    pub search: Progress,
}

/// The router of `serve`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(RELOAD_SCRIPT_PATH, get(reload_script))
        .route(EVENTS_PATH, get(events))
        .route(FILES_PATH, get(file_list))
        .route(SEARCH_PATH, get(search_state))
        .fallback(site_file)
        .with_state(state)
}

async fn reload_script() -> Response {
    let mut response = RELOAD_SCRIPT.into_response();
    set_headers(&mut response, "text/javascript; charset=utf-8");
    response
}

async fn file_list(State(state): State<AppState>) -> Response {
    let served = state
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut keys: Vec<&String> = served.files.keys().collect();
    keys.sort();
    let mut text = String::new();
    for key in keys {
        text.push_str(key);
        text.push('\n');
    }
    let mut response = text.into_response();
    set_headers(&mut response, "text/plain; charset=utf-8");
    response
}

async fn search_state(State(state): State<AppState>) -> Response {
    let mut response = if state.search.idle() {
        "idle"
    } else {
        "indexing"
    }
    .into_response();
    set_headers(&mut response, "text/plain; charset=utf-8");
    response
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.notices.subscribe();
    // A browser that (re)connects while the site is broken sees the overlay at once.
    let current = match &*state.status.read().unwrap_or_else(|e| e.into_inner()) {
        Status::Failed(text) => Event::default().event("diagnostics").data(text.clone()),
        Status::Ok => Event::default().event("hello").data("ok"),
    };
    let first = tokio_stream::once(Ok(current));
    let rest = BroadcastStream::new(receiver).filter_map(|notice| {
        notice.ok().map(|notice| {
            Ok(match notice {
                Notice::Reload => Event::default().event("reload").data("reload"),
                Notice::Css => Event::default().event("css").data("css"),
                Notice::Diagnostics(text) => Event::default().event("diagnostics").data(text),
                Notice::Clear => Event::default().event("clear").data("clear"),
                Notice::Search => Event::default().event("search").data("search"),
            })
        })
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

async fn site_file(State(state): State<AppState>, request: Request<Body>) -> Response {
    let served = state
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let files = &served.files;
    if files.is_empty() {
        // The first build failed: a page that carries the script, so the overlay shows.
        let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>guidepost serve</title></head>\
             <body><p>The site does not build yet; the diagnostics are in the terminal.</p></body></html>";
        return file_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            Bytes::from(page),
        );
    }
    let raw = request.uri().path();
    match store::resolve(files, raw, &served.prefix) {
        Resolved::File(key) => file_response(StatusCode::OK, &key, files[&key].clone()),
        Resolved::Redirect(to) => {
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(value) = HeaderValue::from_str(&to) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolved::NotFound => match files.get("404.html") {
            Some(page) => file_response(StatusCode::NOT_FOUND, "404.html", page.clone()),
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    }
}

fn file_response(status: StatusCode, key: &str, bytes: Bytes) -> Response {
    let content_type = store::content_type(key);
    let body = if content_type.starts_with("text/html") {
        Bytes::from(inject_script(&bytes))
    } else {
        bytes
    };
    let mut response = (status, body).into_response();
    set_headers(&mut response, content_type);
    response
}

fn set_headers(response: &mut Response, content_type: &'static str) {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// The page with the live-reload script added before `</head>` (else at the end).
pub fn inject_script(html: &[u8]) -> Vec<u8> {
    let at = find_ascii_case_insensitive(html, b"</head>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}
