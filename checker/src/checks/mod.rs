//! The checks: pure decisions from probe values to a [`Check`].
//!
//! Nothing here touches the operating system, so every branch is unit-tested on any host.
//! One file per check; each exposes its probe struct and a `check` function.

pub mod account;
pub mod activation;
pub mod admin;
pub mod linked;
pub mod os;

use crate::probe::{ProbeError, Probes};
use crate::report::{Check, CheckId, Facts, Status};

/// Every check, in report order, decided from what the probes read.
pub fn all(probes: &Probes) -> Vec<Check> {
    vec![
        os::check(&probes.os),
        activation::check(&probes.activation),
        account::check(&probes.account),
        admin::check(&probes.admin),
        linked::check(probes),
    ]
}

/// A decided check (any status but `unknown`).
pub(crate) fn decided(
    id: CheckId,
    status: Status,
    summary: impl Into<String>,
    facts: Facts,
) -> Check {
    debug_assert_ne!(
        status,
        Status::Unknown,
        "use checks::unknown for unknown checks"
    );
    Check {
        id,
        title: id.title().to_owned(),
        status,
        summary: summary.into(),
        facts,
        reason_unknown: None,
        help: id.help().to_owned(),
    }
}

/// An undecided check: `summary` says what could not be told, `reason` why.
pub(crate) fn unknown(
    id: CheckId,
    summary: impl Into<String>,
    reason: impl Into<String>,
    facts: Facts,
) -> Check {
    Check {
        id,
        title: id.title().to_owned(),
        status: Status::Unknown,
        summary: summary.into(),
        facts,
        reason_unknown: Some(reason.into()),
        help: id.help().to_owned(),
    }
}

/// The check a failed probe gives: `unknown` with the probe's reason.
pub(crate) fn probe_failed(id: CheckId, error: &ProbeError) -> Check {
    let summary = if error.is_needs_windows() {
        "Not checked: this is not Windows".to_owned()
    } else {
        format!("Could not check: {}", first_clause(&error.reason))
    };
    unknown(id, summary, error.reason.clone(), Facts::new())
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

/// "yes" / "no" for facts.
pub(crate) fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_windows_every_check_is_unknown_because_it_needs_windows() {
        let checks = all(&Probes::not_windows());
        let ids: Vec<_> = checks.iter().map(|c| c.id).collect();
        assert_eq!(ids, CheckId::ALL);
        for check in &checks {
            assert_eq!(check.status, Status::Unknown, "{}", check.id);
            assert_eq!(
                check.reason_unknown.as_deref(),
                Some(ProbeError::NEEDS_WINDOWS)
            );
            assert_eq!(check.help, check.id.help());
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
