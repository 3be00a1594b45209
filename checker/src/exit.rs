//! The process exit codes, documented in `--help` and the README.

use crate::report::{Report, Status};

/// Every check is `ok`.
pub const ALL_OK: u8 = 0;
/// At least one check is `attention` or `problem`, or some (not all) are `unknown`.
pub const NEEDS_ATTENTION: u8 = 1;
/// The checker could not run: not Windows, or bad arguments.
pub const COULD_NOT_RUN: u8 = 2;
/// On Windows, but Windows answered none of the checks: every check is `unknown`.
pub const NOTHING_READ: u8 = 3;

/// The exit code for a report.
pub fn for_report(report: &Report) -> u8 {
    let statuses: Vec<Status> = report.checks.iter().map(|c| c.status).collect();
    let not_windows = report.checks.iter().all(|c| c.outcome == "not-windows");
    if statuses.is_empty() || (not_windows && report.checker.os != "windows") {
        COULD_NOT_RUN
    } else if statuses.iter().all(|s| *s == Status::Unknown) {
        NOTHING_READ
    } else if statuses.iter().all(|s| *s == Status::Ok) {
        ALL_OK
    } else {
        NEEDS_ATTENTION
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks;
    use crate::probe::Probes;
    use crate::report::{CheckerInfo, SCHEMA_VERSION};

    fn report(statuses: &[Status]) -> Report {
        let mut checks = checks::all(&Probes::not_windows(), "2026-12-05T10:00:00Z");
        checks.truncate(statuses.len());
        for (check, status) in checks.iter_mut().zip(statuses) {
            check.status = *status;
            check.outcome = "could-not-read".into();
        }
        Report {
            schema: SCHEMA_VERSION,
            generated: String::new(),
            checker: CheckerInfo {
                version: String::new(),
                os: "windows".into(),
            },
            checks,
        }
    }

    #[test]
    fn codes() {
        use Status::{Attention, Ok, Problem, Unknown};
        let table: [(&[Status], u8); 7] = [
            (&[Ok, Ok, Ok, Ok, Ok], ALL_OK),
            (&[Ok, Attention, Ok, Ok, Ok], NEEDS_ATTENTION),
            (&[Ok, Problem, Ok, Ok, Ok], NEEDS_ATTENTION),
            (&[Ok, Unknown, Ok, Ok, Ok], NEEDS_ATTENTION),
            // On Windows with every probe failing: not "not Windows".
            (&[Unknown, Unknown, Unknown, Unknown, Unknown], NOTHING_READ),
            (&[], COULD_NOT_RUN),
            (
                &[Problem, Unknown, Unknown, Unknown, Unknown],
                NEEDS_ATTENTION,
            ),
        ];
        for (statuses, code) in table {
            assert_eq!(for_report(&report(statuses)), code, "{statuses:?}");
        }
        let elsewhere = crate::build_report(&Probes::not_windows(), "2026-12-05T10:00:00Z".into());
        if elsewhere.checker.os != "windows" {
            assert_eq!(for_report(&elsewhere), COULD_NOT_RUN);
        }
    }
}
