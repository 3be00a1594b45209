//! The `account` check: is the signed-in user a Microsoft account, a local account, or a
//! work/school (Entra ID) account.
//!
//! Two reads feed it: `NetUserGetInfo` level 24 for the current user (a local account that
//! is connected to a Microsoft account has `usri24_internet_identity` set and a principal
//! name), and `NetGetAadJoinInformation` for whether the PC is joined to Entra ID. An Entra
//! ID user is not a local account, so `NetUserGetInfo` reports "user not found" for them.
//! The e-mail address is only ever shown masked (`j***@outlook.com`).

use super::{decided, probe_failed, unknown};
use crate::probe::Probed;
use crate::report::{Check, CheckId, Facts, Status};

/// The current user as the local account database (`NetUserGetInfo`, level 24) knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalUser {
    /// A local account; `internet_identity` is true when it is connected to a Microsoft account.
    Found {
        /// `usri24_internet_identity`.
        internet_identity: bool,
        /// `usri24_internet_principal_name` (the Microsoft account e-mail), if any.
        principal_name: Option<String>,
        /// `usri24_internet_provider_name`, if any (e.g. "MicrosoftAccount").
        provider_name: Option<String>,
    },
    /// Not in the local account database (`NERR_UserNotFound`): a domain or Entra ID user.
    NotLocal,
}

/// The PC's Entra ID state (`NetGetAadJoinInformation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinState {
    /// No join information: not joined or registered.
    NotJoined,
    /// `DSREG_DEVICE_JOIN`: the PC is joined to an organisation's Entra ID.
    EntraJoined,
    /// `DSREG_WORKPLACE_JOIN`: a work or school account is added ("registered") on this PC.
    EntraRegistered,
    /// Any other join type value.
    Other(i32),
}

/// What the account probe read; each part can fail on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountProbe {
    /// The current user in the local account database.
    pub local_user: Probed<LocalUser>,
    /// The PC's Entra ID join state.
    pub join: Probed<JoinState>,
}

/// The kind of account, as far as the facts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKind {
    /// A Microsoft account (a local account connected to one).
    Microsoft,
    /// A local account not connected to a Microsoft account.
    Local,
    /// A work or school account on a PC joined to Entra ID.
    WorkOrSchool,
}

impl AccountKind {
    /// How the kind reads in text.
    pub fn label(self) -> &'static str {
        match self {
            AccountKind::Microsoft => "Microsoft account",
            AccountKind::Local => "local account",
            AccountKind::WorkOrSchool => "work or school account (Entra ID)",
        }
    }
}

/// The account kind, or why it cannot be told.
pub fn kind(probe: &AccountProbe) -> Result<AccountKind, String> {
    match (&probe.local_user, &probe.join) {
        (
            Ok(LocalUser::Found {
                internet_identity, ..
            }),
            _,
        ) => Ok(if *internet_identity {
            AccountKind::Microsoft
        } else {
            AccountKind::Local
        }),
        (Ok(LocalUser::NotLocal), Ok(JoinState::EntraJoined)) => Ok(AccountKind::WorkOrSchool),
        (Ok(LocalUser::NotLocal), Ok(_)) => Err(
            "the user is not a local account and the PC is not joined to Entra ID (perhaps a \
             domain account)"
                .to_owned(),
        ),
        (Ok(LocalUser::NotLocal), Err(join)) => Err(format!(
            "the user is not a local account, and the Entra ID join state could not be read: {join}"
        )),
        (Err(user), Ok(JoinState::EntraJoined)) => Err(format!(
            "the PC is joined to Entra ID, but the local account could not be read: {user}"
        )),
        (Err(user), _) => Err(format!("the local account could not be read: {user}")),
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
    let principal = match &probe.local_user {
        Ok(LocalUser::Found {
            internet_identity,
            principal_name,
            provider_name,
        }) => {
            facts.insert("Local account", "yes");
            facts.insert(
                "Connected to a Microsoft account",
                super::yes_no(*internet_identity),
            );
            if let Some(name) = principal_name {
                facts.insert("Microsoft account", mask_email(name));
            }
            if let Some(provider) = provider_name {
                facts.insert("Identity provider", provider.clone());
            }
            principal_name.as_deref().map(mask_email)
        }
        Ok(LocalUser::NotLocal) => {
            facts.insert("Local account", "no (not in this PC's account list)");
            None
        }
        Err(e) => {
            facts.insert("Local account", format!("could not be read: {e}"));
            None
        }
    };
    facts.insert(
        "Entra ID (work or school)",
        match &probe.join {
            Ok(JoinState::NotJoined) => "not joined".to_owned(),
            Ok(JoinState::EntraJoined) => "PC joined to an organisation".to_owned(),
            Ok(JoinState::EntraRegistered) => "work or school account added".to_owned(),
            Ok(JoinState::Other(n)) => format!("join type {n}"),
            Err(e) => format!("could not be read: {e}"),
        },
    );
    match kind(probe) {
        Ok(AccountKind::Microsoft) => {
            let who = principal.map(|p| format!(" ({p})")).unwrap_or_default();
            decided(
                id,
                Status::Ok,
                format!("Signed in with a Microsoft account{who}"),
                facts,
            )
        }
        Ok(AccountKind::Local) => decided(
            id,
            Status::Attention,
            "Signed in with a local account, not a Microsoft account",
            facts,
        ),
        Ok(AccountKind::WorkOrSchool) => decided(
            id,
            Status::Attention,
            "Signed in with a work or school account; your organisation manages this PC",
            facts,
        ),
        Err(reason) => unknown(
            id,
            "Could not tell which kind of account this is",
            reason,
            facts,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::ProbeError;

    fn microsoft() -> LocalUser {
        LocalUser::Found {
            internet_identity: true,
            principal_name: Some("john.doe@outlook.com".into()),
            provider_name: Some("MicrosoftAccount".into()),
        }
    }

    fn local() -> LocalUser {
        LocalUser::Found {
            internet_identity: false,
            principal_name: None,
            provider_name: None,
        }
    }

    fn err(reason: &str) -> Probed<JoinState> {
        Err(ProbeError::new(reason))
    }

    #[test]
    fn account_kinds() {
        let table: Vec<(Probed<LocalUser>, Probed<JoinState>, Status, &str)> = vec![
            (
                Ok(microsoft()),
                Ok(JoinState::NotJoined),
                Status::Ok,
                "Microsoft account (j***@outlook.com)",
            ),
            (
                Ok(microsoft()),
                Ok(JoinState::EntraRegistered),
                Status::Ok,
                "Microsoft account",
            ),
            (
                Ok(microsoft()),
                err("NetGetAadJoinInformation is missing"),
                Status::Ok,
                "Microsoft",
            ),
            (
                Ok(local()),
                Ok(JoinState::NotJoined),
                Status::Attention,
                "local account",
            ),
            (
                Ok(local()),
                Ok(JoinState::EntraJoined),
                Status::Attention,
                "local account",
            ),
            (
                Ok(LocalUser::NotLocal),
                Ok(JoinState::EntraJoined),
                Status::Attention,
                "work or school",
            ),
            (
                Ok(LocalUser::NotLocal),
                Ok(JoinState::NotJoined),
                Status::Unknown,
                "Could not tell",
            ),
            (
                Ok(LocalUser::NotLocal),
                err("timeout"),
                Status::Unknown,
                "Could not tell",
            ),
            (
                Err(ProbeError::new("error 124")),
                Ok(JoinState::EntraJoined),
                Status::Unknown,
                "Could not tell",
            ),
            (
                Err(ProbeError::new("error 124")),
                Ok(JoinState::NotJoined),
                Status::Unknown,
                "Could not tell",
            ),
        ];
        for (local_user, join, status, summary) in table {
            let probe = AccountProbe {
                local_user: local_user.clone(),
                join: join.clone(),
            };
            let check = check(&Ok(probe));
            assert_eq!(check.status, status, "{local_user:?} {join:?}");
            assert!(check.summary.contains(summary), "{}", check.summary);
            assert_eq!(check.reason_unknown.is_some(), status == Status::Unknown);
            assert_eq!(check.help, "/accounts/check-account-type/#check");
        }
    }

    #[test]
    fn facts_show_the_masked_address_only() {
        let probe = AccountProbe {
            local_user: Ok(microsoft()),
            join: Ok(JoinState::NotJoined),
        };
        let check = check(&Ok(probe));
        assert_eq!(
            check.facts.get("Microsoft account"),
            Some("j***@outlook.com")
        );
        assert_eq!(
            check.facts.get("Connected to a Microsoft account"),
            Some("yes")
        );
        assert_eq!(
            check.facts.get("Entra ID (work or school)"),
            Some("not joined")
        );
        let json = serde_json::to_string(&check).unwrap();
        assert!(!json.contains("john.doe"), "{json}");
    }

    #[test]
    fn reasons_say_what_failed() {
        let probe = AccountProbe {
            local_user: Err(ProbeError::new("NetUserGetInfo failed: error 124")),
            join: Ok(JoinState::NotJoined),
        };
        let check = check(&Ok(probe));
        assert!(check.reason_unknown.unwrap().contains("error 124"));
        assert!(
            check
                .facts
                .get("Local account")
                .unwrap()
                .contains("error 124")
        );
        let failed = super::check(&Err(ProbeError::needs_windows()));
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
