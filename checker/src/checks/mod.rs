//! The checks: pure decisions from probe values to a [`Check`].
//!
//! Nothing here touches the operating system, so every branch is unit-tested on any host.
//! One file per check; each takes the raw readings its probe returns (the structs in
//! [`crate::probe`]) and exposes a `check` function. Dependencies run one way: checks use
//! `probe`, never the reverse.

pub mod account;
pub mod activation;
pub mod admin;
pub mod linked;
pub mod os;
pub mod servicing;

use crate::probe::{ProbeError, Probes};
use crate::report::{Check, CheckId, Facts, Status, find_outcome};

/// Every check, in report order, decided from what the probes read at `now` (RFC 3339).
pub fn all(probes: &Probes, now: &str) -> Vec<Check> {
    vec![
        os::check(&probes.os, now),
        activation::check(&probes.activation, now),
        account::check(&probes.account),
        admin::check(&probes.admin),
        linked::check(probes),
    ]
}

/// A decided check: its status is the one the catalog ([`OUTCOMES`](crate::report::OUTCOMES))
/// gives `outcome`.
pub(crate) fn decided(
    id: CheckId,
    outcome: &'static str,
    summary: impl Into<String>,
    facts: Facts,
) -> Check {
    let status = outcome_status(id, outcome);
    debug_assert_ne!(
        status,
        Status::Unknown,
        "use checks::unknown for unknown checks"
    );
    Check {
        id,
        title: id.title().to_owned(),
        status,
        outcome: outcome.to_owned(),
        code: None,
        summary: summary.into(),
        facts,
        reason_unknown: None,
    }
}

/// An undecided check: `summary` says what could not be told, `reason` why.
pub(crate) fn unknown(
    id: CheckId,
    outcome: &'static str,
    summary: impl Into<String>,
    reason: impl Into<String>,
    facts: Facts,
) -> Check {
    debug_assert_eq!(outcome_status(id, outcome), Status::Unknown);
    Check {
        id,
        title: id.title().to_owned(),
        status: Status::Unknown,
        outcome: outcome.to_owned(),
        code: None,
        summary: summary.into(),
        facts,
        reason_unknown: Some(reason.into()),
    }
}

/// The status the catalog gives `outcome` of `id`. Every outcome a check uses is in the
/// catalog (the tests of each check hold them to it); an unlisted one counts as unknown.
fn outcome_status(id: CheckId, outcome: &str) -> Status {
    debug_assert!(
        find_outcome(id, outcome).is_some(),
        "outcome {outcome} of {id} is not in report::OUTCOMES"
    );
    find_outcome(id, outcome).map_or(Status::Unknown, |o| o.status)
}

/// The check a failed probe gives: `unknown` with the probe's reason.
pub(crate) fn probe_failed(id: CheckId, error: &ProbeError) -> Check {
    if error.is_needs_windows() {
        unknown(
            id,
            "not-windows",
            "Not checked: this is not Windows",
            error.reason.clone(),
            Facts::new(),
        )
    } else {
        unknown(
            id,
            "could-not-read",
            format!("Could not check: {}", first_clause(&error.reason)),
            error.reason.clone(),
            Facts::new(),
        )
    }
}

/// The text up to the first sentence break, for one-line summaries.
fn first_clause(reason: &str) -> &str {
    let end = [". ", "; "]
        .iter()
        .filter_map(|sep| reason.find(sep))
        .min()
        .unwrap_or(reason.len());
    reason[..end].trim_end_matches('.').trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_windows_every_check_is_unknown_because_it_needs_windows() {
        let checks = all(&Probes::not_windows(), "2026-12-05T10:00:00Z");
        let ids: Vec<_> = checks.iter().map(|c| c.id).collect();
        assert_eq!(ids, CheckId::ALL);
        for check in &checks {
            assert_eq!(check.status, Status::Unknown, "{}", check.id);
            assert_eq!(
                check.reason_unknown.as_deref(),
                Some(ProbeError::NEEDS_WINDOWS)
            );
            assert_eq!(check.outcome, "not-windows");
            assert!(!check.summary.contains('\n'));
        }
    }

    #[test]
    fn a_failed_probe_gives_its_reason() {
        let check = probe_failed(
            CheckId::Admin,
            &ProbeError::new("the admin probe timed out after 3 s"),
        );
        assert_eq!(check.status, Status::Unknown);
        assert_eq!(check.outcome, "could-not-read");
        assert_eq!(
            check.reason_unknown.as_deref(),
            Some("the admin probe timed out after 3 s")
        );
        assert_eq!(
            check.summary,
            "Could not check: the admin probe timed out after 3 s"
        );
        assert_eq!(
            first_clause("netapi32.dll lacks it. More."),
            "netapi32.dll lacks it"
        );
    }
}
