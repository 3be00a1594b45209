//! Probes for systems that are not Windows: every one answers "this check needs Windows",
//! so the checker still prints a valid report (all `unknown`) and exits with code 2.

use super::account::AccountProbe;
use super::activation::ActivationProbe;
use super::admin::AdminProbe;
use super::os::OsProbe;
use super::{ProbeError, Probed};

pub(super) fn os() -> Probed<OsProbe> {
    Err(ProbeError::needs_windows())
}

pub(super) fn activation() -> Probed<ActivationProbe> {
    Err(ProbeError::needs_windows())
}

pub(super) fn account() -> Probed<AccountProbe> {
    Err(ProbeError::needs_windows())
}

pub(super) fn admin() -> Probed<AdminProbe> {
    Err(ProbeError::needs_windows())
}
