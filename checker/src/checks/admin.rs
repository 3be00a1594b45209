//! The `admin` check: is the user an administrator, and is this process elevated.
//!
//! Membership comes from the process token's groups: BUILTIN\Administrators (S-1-5-32-544)
//! enabled means an elevated (or UAC-less) administrator; the same SID marked
//! `SE_GROUP_USE_FOR_DENY_ONLY` means an administrator running unelevated, which is the normal
//! way an administrator runs programs. Elevation comes from `TokenElevation`. Both are read by
//! [`crate::probe::admin`].

use super::{decided, probe_failed, unknown};
use crate::probe::Probed;
use crate::probe::admin::{AdminProbe, Membership};
use crate::report::{Check, CheckId, Facts};

/// The well-known SID of BUILTIN\Administrators.
pub const ADMINISTRATORS_SID: &str = "S-1-5-32-544";

// Interpreting the probe's reading is the check's job; the enum is the probe's
// (`crate::probe::admin`).
impl Membership {
    /// Whether the user is an administrator at all (elevated or not).
    pub fn is_admin(self) -> bool {
        !matches!(self, Membership::NotMember)
    }
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
        "administrator",
        "Administrator on this PC",
        match &probe.membership {
            Ok(Membership::NotMember) => "No (standard user)".to_owned(),
            Ok(_) => "Yes".to_owned(),
            Err(e) => format!("Could not be read ({e})"),
        },
    );
    facts.insert(
        "elevated",
        "Checker run with \"Run as administrator\"",
        match &probe.elevated {
            Ok(elevated) => capital_yes_no(*elevated).to_owned(),
            Err(e) => format!("Could not be read ({e})"),
        },
    );
    match &probe.membership {
        Ok(Membership::NotMember) => decided(
            id,
            "standard-user",
            "Your account is a standard user, not an administrator",
            facts,
        ),
        Ok(_) => decided(
            id,
            "administrator",
            "Your account is an administrator",
            facts,
        ),
        Err(e) => unknown(
            id,
            "could-not-read",
            "Could not tell whether your account is an administrator",
            e.reason.clone(),
            facts,
        ),
    }
}

/// "Yes" / "No" for fact values.
fn capital_yes_no(value: bool) -> &'static str {
    if value { "Yes" } else { "No" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::ProbeError;
    use crate::report::Status;

    #[test]
    fn elevated_unelevated_and_not_admin() {
        let table = [
            (
                Ok(Membership::Active),
                Ok(true),
                "administrator",
                "Yes",
                "Yes",
            ),
            (
                Ok(Membership::Active),
                Ok(false),
                "administrator",
                "Yes",
                "No",
            ),
            (
                Ok(Membership::DenyOnly),
                Ok(false),
                "administrator",
                "Yes",
                "No",
            ),
            (
                Ok(Membership::Disabled),
                Ok(false),
                "administrator",
                "Yes",
                "No",
            ),
            (
                Ok(Membership::NotMember),
                Ok(false),
                "standard-user",
                "No (standard user)",
                "No",
            ),
            (
                Ok(Membership::NotMember),
                Ok(true),
                "standard-user",
                "No (standard user)",
                "Yes",
            ),
            (
                Ok(Membership::Active),
                Err(ProbeError::new("TokenElevation failed")),
                "administrator",
                "Yes",
                "Could not be read (TokenElevation failed)",
            ),
            (
                Err(ProbeError::new("TokenGroups failed: error 5")),
                Ok(false),
                "could-not-read",
                "Could not be read (TokenGroups failed: error 5)",
                "No",
            ),
        ];
        for (membership, elevated, outcome, admin_fact, elevated_fact) in table {
            let probe = AdminProbe {
                membership: membership.clone(),
                elevated: elevated.clone(),
            };
            let check = check(&Ok(probe.clone()));
            assert_eq!(check.outcome, outcome, "{probe:?}");
            let value = |key: &str| check.facts.get(key).map(|f| f.value.as_str());
            assert_eq!(value("administrator"), Some(admin_fact));
            assert_eq!(value("elevated"), Some(elevated_fact));
            assert!(!check.summary.contains("S-1-5"), "{}", check.summary);
            assert_eq!(
                check.reason_unknown.is_some(),
                check.status == Status::Unknown
            );
            assert_eq!(
                is_admin(&Ok(probe)),
                membership.as_ref().ok().map(|m| m.is_admin())
            );
        }
        let failed = super::check(&Err(ProbeError::new("OpenProcessToken failed")));
        assert_eq!(failed.status, Status::Unknown);
        assert_eq!(is_admin(&Err(ProbeError::new("x"))), None);
    }
}
