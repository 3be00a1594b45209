//! The `admin` check: is the user an administrator, and is this process elevated.
//!
//! Membership comes from the process token's groups: BUILTIN\Administrators (S-1-5-32-544)
//! enabled means an elevated (or UAC-less) administrator; the same SID marked
//! `SE_GROUP_USE_FOR_DENY_ONLY` means an administrator running unelevated, which is the normal
//! way an administrator runs programs. Elevation comes from `TokenElevation`.

use super::{decided, probe_failed, unknown, yes_no};
use crate::probe::Probed;
use crate::report::{Check, CheckId, Facts, Status};

/// The well-known SID of BUILTIN\Administrators.
pub const ADMINISTRATORS_SID: &str = "S-1-5-32-544";

/// How BUILTIN\Administrators appears in the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    /// Present and enabled: an administrator whose token has full rights.
    Active,
    /// Present with `SE_GROUP_USE_FOR_DENY_ONLY`: an administrator running unelevated.
    DenyOnly,
    /// Present but neither enabled nor deny-only (unusual; still a member).
    Disabled,
    /// Not in the token: a standard user.
    NotMember,
}

impl Membership {
    /// Whether the user is an administrator at all (elevated or not).
    pub fn is_admin(self) -> bool {
        !matches!(self, Membership::NotMember)
    }
}

/// What the token probe read; membership and elevation can fail separately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminProbe {
    /// BUILTIN\Administrators in `TokenGroups`.
    pub membership: Probed<Membership>,
    /// `TokenElevation.TokenIsElevated`.
    pub elevated: Probed<bool>,
}

/// Whether the user is an administrator, if the probe could tell.
pub fn is_admin(probe: &Probed<AdminProbe>) -> Option<bool> {
    let probe = probe.as_ref().ok()?;
    probe.membership.as_ref().ok().map(|m| m.is_admin())
}

/// Decides the `admin` check.
pub fn check(probe: &Probed<AdminProbe>) -> Check {
    let id = CheckId::Admin;
    let probe = match probe {
        Ok(probe) => probe,
        Err(error) => return probe_failed(id, error),
    };
    let mut facts = Facts::new();
    facts.insert(
        format!("Member of BUILTIN\\Administrators ({ADMINISTRATORS_SID})"),
        match &probe.membership {
            Ok(Membership::Active) => "yes (enabled in this process)".to_owned(),
            Ok(Membership::DenyOnly) => "yes (deny-only: running without elevation)".to_owned(),
            Ok(Membership::Disabled) => "yes (group present but disabled)".to_owned(),
            Ok(Membership::NotMember) => "no".to_owned(),
            Err(e) => format!("could not be read: {e}"),
        },
    );
    facts.insert(
        "This process is elevated",
        match &probe.elevated {
            Ok(elevated) => yes_no(*elevated).to_owned(),
            Err(e) => format!("could not be read: {e}"),
        },
    );
    let elevation = match &probe.elevated {
        Ok(true) => "; this window is elevated (Run as administrator)",
        Ok(false) => "; this window is not elevated",
        Err(_) => "",
    };
    match &probe.membership {
        Ok(Membership::NotMember) => decided(
            id,
            Status::Attention,
            "Standard user: not an administrator on this PC",
            facts,
        ),
        Ok(Membership::DenyOnly) => decided(
            id,
            Status::Ok,
            "Administrator, running without elevation as usual",
            facts,
        ),
        Ok(Membership::Active | Membership::Disabled) => {
            decided(id, Status::Ok, format!("Administrator{elevation}"), facts)
        }
        Err(e) => unknown(
            id,
            "Could not tell whether you are an administrator",
            e.reason.clone(),
            facts,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::ProbeError;

    #[test]
    fn elevated_unelevated_and_not_admin() {
        let table = [
            (
                Ok(Membership::Active),
                Ok(true),
                Status::Ok,
                "Administrator; this window is elevated",
            ),
            (
                Ok(Membership::Active),
                Ok(false),
                Status::Ok,
                "Administrator; this window is not",
            ),
            (
                Ok(Membership::DenyOnly),
                Ok(false),
                Status::Ok,
                "Administrator, running without",
            ),
            (
                Ok(Membership::Disabled),
                Ok(false),
                Status::Ok,
                "Administrator",
            ),
            (
                Ok(Membership::NotMember),
                Ok(false),
                Status::Attention,
                "Standard user",
            ),
            (
                Ok(Membership::NotMember),
                Ok(true),
                Status::Attention,
                "Standard user",
            ),
            (
                Ok(Membership::Active),
                Err(ProbeError::new("TokenElevation failed")),
                Status::Ok,
                "Administrator",
            ),
            (
                Err(ProbeError::new("TokenGroups failed: error 5")),
                Ok(false),
                Status::Unknown,
                "Could not tell",
            ),
        ];
        for (membership, elevated, status, summary) in table {
            let probe = AdminProbe {
                membership: membership.clone(),
                elevated: elevated.clone(),
            };
            let check = check(&Ok(probe.clone()));
            assert_eq!(check.status, status, "{probe:?}");
            assert!(check.summary.starts_with(summary), "{}", check.summary);
            assert_eq!(check.reason_unknown.is_some(), status == Status::Unknown);
            assert_eq!(
                is_admin(&Ok(probe)),
                membership.as_ref().ok().map(|m| m.is_admin())
            );
        }
    }

    #[test]
    fn facts_name_the_group_and_elevation() {
        let check = check(&Ok(AdminProbe {
            membership: Ok(Membership::DenyOnly),
            elevated: Ok(false),
        }));
        assert_eq!(
            check
                .facts
                .get("Member of BUILTIN\\Administrators (S-1-5-32-544)"),
            Some("yes (deny-only: running without elevation)")
        );
        assert_eq!(check.facts.get("This process is elevated"), Some("no"));
        assert_eq!(check.help, "/accounts/administrator-account/#check");
        let failed = super::check(&Err(ProbeError::new("OpenProcessToken failed")));
        assert_eq!(failed.status, Status::Unknown);
        assert_eq!(is_admin(&Err(ProbeError::new("x"))), None);
    }
}
