//! Guidepost: a static help-site generator.
//!
//! [`build`], `check` and [`serve`] run one pipeline ([`pipeline`]), in this order: load →
//! plan → render Markdown → assemble → expand widgets → check links → render templates (and
//! copy files) → index for search → audit → write (a temporary directory, then the swap). The
//! first six stages return diagnostics instead of stopping, so one run reports every bad file;
//! a run with errors stops before the seventh, and nothing is written unless the audit passes.

pub mod assets;
pub mod audit;
pub mod clean;

pub mod config;

pub mod diagnostic;
pub mod downloads;
pub mod fs_util;
pub mod import;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod next_steps;
pub mod nonce;
pub mod paths;
pub mod pipeline;
pub mod render;
pub mod reporter;
pub mod search;
pub mod serve;
pub mod url_policy;
pub mod widget_calls;
pub mod widgets;
pub mod write;

pub use pipeline::{
    BuildError, BuildOptions, BuildReport, Kept, NoProgress, Progress, build, build_into,
};
