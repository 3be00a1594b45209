//! What the `account` probe reads: the process token's user, the local account database
//! (`NetUserGetInfo` level 24) and the PC's join state (`NetGetAadJoinInformation`,
//! `NetGetJoinInformation`).
//!
//! Each part can fail on its own. What kind of account that makes, the `account` check
//! decides.

use super::Probed;

/// Who the process token says the user is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserIdentity {
    /// The user's SID as text (`S-1-5-21-…`). Read to decide, never reported.
    pub sid: String,
    /// Whether the SID's account domain is this PC (a local user).
    pub on_this_pc: bool,
}

/// The current user as the local account database (`NetUserGetInfo`, level 24) knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalUser {
    /// A local account; `internet_identity` is true when it is connected to a Microsoft account.
    Found {
        /// `usri24_internet_identity`.
        internet_identity: bool,
        /// `usri24_internet_principal_name` (the Microsoft account e-mail), if any.
        principal_name: Option<String>,
    },
    /// Not in the local account database: the user is not a local user.
    NotLocal,
}

/// The PC's Entra ID state (`NetGetAadJoinInformation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinState {
    /// No join information: not joined or registered.
    NotJoined,
    /// `DSREG_DEVICE_JOIN`: the PC is joined to an organization's Entra ID.
    EntraJoined,
    /// `DSREG_WORKPLACE_JOIN`: a work or school account is added ("registered") on this PC.
    EntraRegistered,
    /// Any other join type value.
    Other(i32),
}

/// What the account probe read; each part can fail on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountProbe {
    /// The token's user.
    pub identity: Probed<UserIdentity>,
    /// The current user in the local account database (read for local users only).
    pub local_user: Probed<LocalUser>,
    /// The PC's Entra ID join state.
    pub join: Probed<JoinState>,
    /// Whether the PC is joined to an on-premises domain (`NetSetupDomainName`).
    pub domain_joined: Probed<bool>,
}
