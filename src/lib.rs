//! Guidepost: a static help-site generator.
//!
//! [`build`], `check` and [`serve`] run one pipeline ([`pipeline`]), in this order: load →
//! plan → render Markdown → assemble → expand widgets → check links → render templates (and
//! copy files) → index for search → audit → write (a temporary directory, then the swap). The
//! first six stages return diagnostics instead of stopping, so one run reports every bad file;
//! a run with errors stops before the seventh (unless `keep_going` and every error belongs to a
//! page: those pages are left out), and nothing is written unless the audit passes.
//!
//! # What is public
//!
//! A module is `pub` only when something outside this library uses it; the others are `pub(crate)`.
//! The `guidepost` binary (src/main.rs) uses `clean`, `config`, `diagnostic`, `downloads`
//! (`bundle-checker`), `import`, `init`, `reporter`, `search` (`search::pipe`, run by `guidepost
//! search-index`) and `serve`, with `build` and its types at the crate root. The fuzz target
//! (fuzz/fuzz_targets/markdown_clean.rs) drives the security boundary from Markdown to safe HTML
//! and checks it with the audit: `markdown`, `clean`, `config`, `audit` and `url_policy`
//! (`ImageHosts`) stay public for it. The integration tests (tests/it/) call `import::convert` with
//! a `clean::Cleaner`, parse the importer's dates with `load::Date` and sign a checker binary with
//! `downloads::sign_binary`; `load` is public for them alone. Types of `pub(crate)` modules that
//! public items hand out (`model::Site` in `Kept`, `write::GuardError` in `BuildError`, widget
//! calls in `markdown::Rendered`) can be reached but not named outside.

pub(crate) mod assets;
pub mod audit;
pub mod clean;

pub mod config;

pub mod diagnostic;
pub mod downloads;
pub(crate) mod fs_util;
pub mod import;
pub mod init;
pub mod load;
pub mod markdown;
pub(crate) mod model;
pub(crate) mod next_steps;
pub(crate) mod nonce;
pub(crate) mod paths;
pub(crate) mod pipeline;
pub(crate) mod render;
pub mod reporter;
pub mod search;
pub mod serve;
pub mod slug;
pub mod url_policy;
pub(crate) mod widget_calls;
pub(crate) mod widgets;
pub(crate) mod write;

pub use write::unfinished::remove_on_interrupt as remove_unfinished_output;

pub use pipeline::{
    BuildError, BuildOptions, BuildReport, Kept, LeftOut, NoProgress, Partial, Progress, build,
    build_into,
};
