//! `guidepost-check`: reads a Windows PC's activation and account state for the Guidepost
//! help site, and the report schema the site generator shares with it.
//!
//! Layout: [`probe`] asks the operating system (on threads, with timeouts) and defines the raw
//! readings it returns, [`checks`] turns those readings into verdicts (pure, tested anywhere;
//! it depends on `probe`, never the reverse), [`report`] is the schema, and
//! [`render`], [`link`], [`open`], [`exit`] serve the command line. Nothing here uses the
//! network.

pub mod checks;
pub mod console;
pub mod exit;
pub mod link;
pub mod open;
pub mod probe;
pub mod render;
pub mod report;
pub mod time;

use probe::Probes;
use report::{CheckerInfo, Report, SCHEMA_VERSION};

/// This checker's version, as reported in `checker.version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The report for these probe values, stamped with `generated` and this build's identity.
pub fn build_report(probes: &Probes, generated: String) -> Report {
    Report {
        schema: SCHEMA_VERSION,
        checker: CheckerInfo {
            version: VERSION.to_owned(),
            os: std::env::consts::OS.to_owned(),
        },
        checks: checks::all(probes, &generated),
        generated,
    }
}

/// Runs every probe on this machine and builds the report.
pub fn run_checks() -> Report {
    let probes = probe::run_all();
    build_report(&probes, time::now_rfc3339())
}

#[cfg(all(test, not(windows)))]
mod tests {
    use super::*;

    #[test]
    fn off_windows_the_real_run_is_all_unknown_and_exits_2() {
        let report = run_checks();
        assert_eq!(report.checker.os, std::env::consts::OS);
        assert_eq!(report.checks.len(), 5);
        assert!(
            report
                .checks
                .iter()
                .all(|c| c.status == report::Status::Unknown)
        );
        assert_eq!(exit::for_report(&report), exit::COULD_NOT_RUN);
        assert_eq!(Report::from_json(&report.to_json_pretty()).unwrap(), report);
    }
}
