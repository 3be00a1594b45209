//! What the `admin` probe reads: BUILTIN\Administrators in the process token's groups
//! (`TokenGroups`) and `TokenElevation`.
//!
//! Membership and elevation can fail separately. Whether that makes an administrator, the
//! `admin` check decides.

use super::Probed;

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

/// What the token probe read; membership and elevation can fail separately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminProbe {
    /// BUILTIN\Administrators in `TokenGroups`.
    pub membership: Probed<Membership>,
    /// `TokenElevation.TokenIsElevated`.
    pub elevated: Probed<bool>,
}
