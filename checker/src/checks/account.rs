//! The `account` check: does the signed-in user have a Microsoft account, a local account, a
//! work or school (Microsoft Entra ID) account or an organization's domain account.
//!
//! It decides from what [`crate::probe::account`] read: the process token's user SID, never
//! from the user name alone (a domain user may share a name with a local account):
//! - a SID under `S-1-12-1-` is an Entra ID user: a work or school account;
//! - a SID whose account domain is this PC (`LookupAccountSidW` names the PC) is a local
//!   user; `NetUserGetInfo` level 24 then says whether it is connected to a Microsoft account
//!   (`usri24_internet_identity`, with the account's e-mail as principal name);
//! - any other SID belongs to a domain; with the PC joined to an on-premises domain
//!   (`NetGetJoinInformation`) that is a domain account.
//!
//! The e-mail address is only ever shown masked (`j***@outlook.com`).

use super::{decided, probe_failed, unknown};
use crate::probe::Probed;
use crate::probe::account::{AccountProbe, JoinState, LocalUser};
use crate::report::{Check, CheckId, Facts};

/// The SID prefix of Microsoft Entra ID users.
pub const ENTRA_SID_PREFIX: &str = "S-1-12-1-";

/// The kind of account, as far as the facts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKind {
    /// A Microsoft account (a local account connected to one).
    Microsoft,
    /// A local account not connected to a Microsoft account.
    Local,
    /// A work or school account (Microsoft Entra ID).
    WorkOrSchool,
    /// An organization's domain account.
    Domain,
}

impl AccountKind {
    /// How the kind reads in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            AccountKind::Microsoft => "Microsoft account",
            AccountKind::Local => "local account",
            AccountKind::WorkOrSchool => "work or school account",
            AccountKind::Domain => "organization's domain account",
        }
    }

    /// The report outcome key of this kind.
    pub fn outcome(self) -> &'static str {
        match self {
            AccountKind::Microsoft => "microsoft-account",
            AccountKind::Local => "local-account",
            AccountKind::WorkOrSchool => "work-or-school-account",
            AccountKind::Domain => "domain-account",
        }
    }
}

/// The account kind, or why it cannot be told.
pub fn kind(probe: &AccountProbe) -> Result<AccountKind, String> {
    let identity = probe
        .identity
        .as_ref()
        .map_err(|e| format!("the signed-in user could not be read: {e}"))?;
    if identity.sid.starts_with(ENTRA_SID_PREFIX) {
        return Ok(AccountKind::WorkOrSchool);
    }
    if identity.on_this_pc {
        return match &probe.local_user {
            Ok(LocalUser::Found {
                internet_identity: true,
                ..
            }) => Ok(AccountKind::Microsoft),
            Ok(LocalUser::Found { .. }) => Ok(AccountKind::Local),
            Ok(LocalUser::NotLocal) => Err(
                "the user belongs to this PC but is not in its list of local accounts".to_owned(),
            ),
            Err(e) => Err(format!("the local account could not be read: {e}")),
        };
    }
    match &probe.domain_joined {
        Ok(true) => Ok(AccountKind::Domain),
        Ok(false) => Err(
            "the user is not an account of this PC, and the PC is not joined to a domain"
                .to_owned(),
        ),
        Err(e) => Err(format!(
            "the user is not an account of this PC, and the domain membership could not be \
             read: {e}"
        )),
    }
}

/// An e-mail address with the local part hidden after its first character:
/// `john.doe@outlook.com` → `j***@outlook.com`.
pub fn mask_email(address: &str) -> String {
    let address = address.trim();
    let (local, domain) = match address.rsplit_once('@') {
        Some((local, domain)) => (local, Some(domain)),
        None => (address, None),
    };
    let first: String = local.chars().take(1).collect();
    match domain {
        Some(domain) => format!("{first}***@{domain}"),
        None => format!("{first}***"),
    }
}

/// Decides the `account` check.
pub fn check(probe: &Probed<AccountProbe>) -> Check {
    let id = CheckId::Account;
    let probe = match probe {
        Ok(probe) => probe,
        Err(error) => return probe_failed(id, error),
    };
    let mut facts = Facts::new();
    let kind = kind(probe);
    if let Ok(kind) = kind {
        facts.insert("account_kind", "Account type", capitalize(kind.label()));
    }
    let principal = match &probe.local_user {
        Ok(LocalUser::Found {
            principal_name: Some(name),
            internet_identity: true,
        }) => Some(mask_email(name)),
        _ => None,
    };
    if let Some(masked) = &principal {
        facts.insert("microsoft_account", "Microsoft account", masked.clone());
    }
    facts.insert(
        "work_or_school",
        "Work or school (Microsoft Entra ID)",
        match &probe.join {
            Ok(JoinState::NotJoined) => "None on this PC".to_owned(),
            Ok(JoinState::EntraJoined) => "This PC is joined to an organization".to_owned(),
            Ok(JoinState::EntraRegistered) => "A work or school account is added".to_owned(),
            Ok(JoinState::Other(n)) => format!("Join type {n}"),
            Err(e) => format!("Could not be read ({e})"),
        },
    );
    facts.insert(
        "domain",
        "Organization's domain",
        match &probe.domain_joined {
            Ok(true) => "This PC is joined to a domain".to_owned(),
            Ok(false) => "Not joined".to_owned(),
            Err(e) => format!("Could not be read ({e})"),
        },
    );
    match kind {
        Ok(AccountKind::Microsoft) => {
            let who = principal.map(|p| format!(" ({p})")).unwrap_or_default();
            decided(
                id,
                "microsoft-account",
                format!("You sign in with a Microsoft account{who}"),
                facts,
            )
        }
        Ok(AccountKind::Local) => decided(
            id,
            "local-account",
            "You sign in with a local account, not a Microsoft account",
            facts,
        ),
        Ok(AccountKind::WorkOrSchool) => decided(
            id,
            "work-or-school-account",
            "You sign in with a work or school account; your organization manages it",
            facts,
        ),
        Ok(AccountKind::Domain) => decided(
            id,
            "domain-account",
            "You sign in with your organization's account; its IT staff manage this PC",
            facts,
        ),
        Err(reason) => unknown(
            id,
            "could-not-read",
            "Could not tell which kind of account you sign in with",
            reason,
            facts,
        ),
    }
}

/// The text with its first letter in capitals.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::ProbeError;
    use crate::probe::account::UserIdentity;
    use crate::report::Status;

    const LOCAL_SID: &str = "S-1-5-21-1-2-3-1001";

    fn microsoft() -> LocalUser {
        LocalUser::Found {
            internet_identity: true,
            principal_name: Some("john.doe@outlook.com".into()),
        }
    }

    fn local() -> LocalUser {
        LocalUser::Found {
            internet_identity: false,
            principal_name: None,
        }
    }

    fn on_pc() -> Probed<UserIdentity> {
        Ok(UserIdentity {
            sid: LOCAL_SID.into(),
            on_this_pc: true,
        })
    }

    fn elsewhere(sid: &str) -> Probed<UserIdentity> {
        Ok(UserIdentity {
            sid: sid.into(),
            on_this_pc: false,
        })
    }

    fn probe(
        identity: Probed<UserIdentity>,
        local_user: Probed<LocalUser>,
        domain_joined: Probed<bool>,
    ) -> AccountProbe {
        AccountProbe {
            identity,
            local_user,
            join: Ok(JoinState::NotJoined),
            domain_joined,
        }
    }

    fn err<T>(reason: &str) -> Probed<T> {
        Err(ProbeError::new(reason))
    }

    #[test]
    fn account_kinds_are_decided_from_the_sid_and_join_state() {
        let table: Vec<(AccountProbe, Status, &str, &str)> = vec![
            (
                probe(on_pc(), Ok(microsoft()), Ok(false)),
                Status::Ok,
                "microsoft-account",
                "Microsoft account (j***@outlook.com)",
            ),
            (
                probe(on_pc(), Ok(local()), Ok(false)),
                Status::Attention,
                "local-account",
                "local account",
            ),
            // A local account on a domain-joined PC is still a local account.
            (
                probe(on_pc(), Ok(local()), Ok(true)),
                Status::Attention,
                "local-account",
                "local account",
            ),
            // A domain user whose name matches a local account: the SID decides.
            (
                probe(elsewhere("S-1-5-21-9-9-9-1104"), Ok(local()), Ok(true)),
                Status::Attention,
                "domain-account",
                "organization's account",
            ),
            (
                probe(
                    elsewhere("S-1-12-1-111-222-333-444"),
                    Ok(LocalUser::NotLocal),
                    Ok(false),
                ),
                Status::Attention,
                "work-or-school-account",
                "work or school",
            ),
            (
                probe(
                    elsewhere("S-1-5-21-9-9-9-1104"),
                    Ok(LocalUser::NotLocal),
                    Ok(false),
                ),
                Status::Unknown,
                "could-not-read",
                "Could not tell",
            ),
            (
                probe(
                    elsewhere("S-1-5-21-9-9-9-1104"),
                    Ok(LocalUser::NotLocal),
                    err("timeout"),
                ),
                Status::Unknown,
                "could-not-read",
                "Could not tell",
            ),
            (
                probe(on_pc(), err("error 124"), Ok(false)),
                Status::Unknown,
                "could-not-read",
                "Could not tell",
            ),
            (
                probe(err("OpenProcessToken failed"), Ok(local()), Ok(false)),
                Status::Unknown,
                "could-not-read",
                "Could not tell",
            ),
        ];
        for (probe, status, outcome, summary) in table {
            let check = check(&Ok(probe.clone()));
            assert_eq!(check.status, status, "{probe:?}");
            assert_eq!(check.outcome, outcome, "{probe:?}");
            assert!(check.summary.contains(summary), "{}", check.summary);
            assert_eq!(check.reason_unknown.is_some(), status == Status::Unknown);
            assert!(!check.summary.contains("S-1-"), "no SIDs for readers");
        }
    }

    #[test]
    fn facts_show_the_masked_address_only() {
        let check = check(&Ok(probe(on_pc(), Ok(microsoft()), Ok(false))));
        let value = |key: &str| check.facts.get(key).map(|f| f.value.as_str());
        assert_eq!(value("microsoft_account"), Some("j***@outlook.com"));
        assert_eq!(value("account_kind"), Some("Microsoft account"));
        assert_eq!(value("work_or_school"), Some("None on this PC"));
        assert_eq!(value("domain"), Some("Not joined"));
        let json = serde_json::to_string(&check).unwrap();
        assert!(!json.contains("john.doe"), "{json}");
        assert!(!json.contains(LOCAL_SID), "{json}");
    }

    #[test]
    fn reasons_say_what_failed() {
        let check = check(&Ok(probe(
            on_pc(),
            err("NetUserGetInfo failed: error 124"),
            Ok(false),
        )));
        assert!(check.reason_unknown.unwrap().contains("error 124"));
        let failed = super::check(&Err(ProbeError::needs_windows()));
        assert_eq!(failed.outcome, "not-windows");
        assert_eq!(
            failed.reason_unknown.as_deref(),
            Some("this check needs Windows")
        );
    }

    #[test]
    fn masking_e_mails() {
        let table = [
            ("john.doe@outlook.com", "j***@outlook.com"),
            ("j@hotmail.com", "j***@hotmail.com"),
            ("  Émilie@live.fr ", "É***@live.fr"),
            ("@example.com", "***@example.com"),
            ("a@b@example.com", "a***@example.com"),
            ("no-at-sign", "n***"),
            ("", "***"),
        ];
        for (address, masked) in table {
            assert_eq!(mask_email(address), masked, "{address}");
        }
    }
}
