//! The process exit codes, documented in `--help` and the README.

use crate::report::{Report, Status};

/// Every check is `ok`.
pub const ALL_OK: u8 = 0;
/// At least one check is `attention` or `problem`, or some (not all) are `unknown`.
pub const NEEDS_ATTENTION: u8 = 1;
/// The checker could not run: not Windows, every check `unknown`, or bad arguments.
pub const COULD_NOT_RUN: u8 = 2;

/// The exit code for a report.
pub fn for_report(report: &Report) -> u8 {
    let statuses: Vec<Status> = report.checks.iter().map(|c| c.status).collect();
    if statuses.is_empty() || statuses.iter().all(|s| *s == Status::Unknown) {
        COULD_NOT_RUN
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
        let mut checks = checks::all(&Probes::not_windows());
        checks.truncate(statuses.len());
        for (check, status) in checks.iter_mut().zip(statuses) {
            check.status = *status;
        }
        Report {
            schema: SCHEMA_VERSION,
            generated: String::new(),
            checker: CheckerInfo {
                version: String::new(),
                os: String::new(),
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
            (
                &[Unknown, Unknown, Unknown, Unknown, Unknown],
                COULD_NOT_RUN,
            ),
            (&[], COULD_NOT_RUN),
            (
                &[Problem, Unknown, Unknown, Unknown, Unknown],
                NEEDS_ATTENTION,
            ),
        ];
        for (statuses, code) in table {
            assert_eq!(for_report(&report(statuses)), code, "{statuses:?}");
        }
    }
}
