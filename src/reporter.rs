//! What the library tells the person running it, besides diagnostics: serve's rebuild and
//! search messages, the checker bundling's steps.
//!
//! Only `main` prints. Long-running parts of the library (serve's threads, `bundle-checker`)
//! hand their messages, one line each, to a [`Reporter`] that `main` gives them, the way a
//! build hands its progress to [`crate::Progress`].

/// Receives messages meant for the person at the terminal; called from any thread.
pub trait Reporter: Send + Sync {
    /// One message (it may hold line breaks, e.g. a rendered diagnostic).
    fn say(&self, message: &str);
}
