//! The integration tests of `guidepost`, in one test binary (one link instead of one per file).
//!
//! Each module tests one area against the real `guidepost` binary (`CARGO_BIN_EXE_guidepost`) on
//! fixture sites from `tests/fixtures/`; [`support`] holds the shared helpers and the browser
//! harness. Run one area with `cargo test --test it xss::`. All tests share one process: a test
//! must not change the environment or the current directory (pass values to the child process
//! instead).

mod support;

mod accessibility;
mod clean;
mod cli;
mod config;
mod feeds;
mod front_matter;
mod help_site;
mod import;
mod links;
mod markdown;
mod model;
mod output_guard;
mod search;
mod serve;
mod status_browser;
mod templates;
mod widgets;
mod xss;
