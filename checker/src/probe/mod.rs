//! Probes: the only code that asks the operating system anything.
//!
//! Each probe returns raw readings, a plain struct defined here ([`os::OsProbe`],
//! [`activation::ActivationProbe`], [`account::AccountProbe`], [`admin::AdminProbe`]), or a
//! [`ProbeError`] saying why it could not read them; it decides nothing. The checks read
//! these structs and decide, so they depend on this module and this module on none of them.
//! Probes run on their own threads with a timeout ([`timeout`]), so one that hangs or fails
//! turns only its own check `unknown`. The real Windows calls live in `windows.rs`; other
//! systems get `other.rs`, which answers "this check needs Windows" for everything.

pub mod account;
pub mod activation;
pub mod admin;
pub mod os;
pub mod timeout;

#[cfg(not(windows))]
mod other;
#[cfg(windows)]
mod windows;

#[cfg(not(windows))]
use self::other as platform;
#[cfg(windows)]
use self::windows as platform;

use std::fmt;
use std::time::Duration;

use self::account::AccountProbe;
use self::activation::ActivationProbe;
use self::admin::AdminProbe;
use self::os::OsProbe;

/// How long the WMI (activation) probe may take; WMI's licensing provider can be slow.
pub const WMI_TIMEOUT: Duration = Duration::from_secs(10);
/// How long every other probe (registry, NetAPI, token) may take.
pub const OTHER_TIMEOUT: Duration = Duration::from_secs(3);

/// Why a probe (or one value a probe tried to read) has no answer; becomes `reason_unknown`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeError {
    /// One sentence, for people: what could not be read and why.
    pub reason: String,
}

impl ProbeError {
    /// The reason every check gives when the checker runs on anything but Windows.
    pub const NEEDS_WINDOWS: &'static str = "this check needs Windows";

    /// An error with this reason.
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }

    /// The error for "not running on Windows".
    pub fn needs_windows() -> Self {
        Self::new(Self::NEEDS_WINDOWS)
    }

    /// Whether this is the "not running on Windows" error.
    pub fn is_needs_windows(&self) -> bool {
        self.reason == Self::NEEDS_WINDOWS
    }
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for ProbeError {}

/// A probe's answer: its values, or why there are none.
pub type Probed<T> = Result<T, ProbeError>;

/// Everything the probes read on this machine; the input of the checks.
#[derive(Debug, Clone)]
pub struct Probes {
    /// Windows version from the registry.
    pub os: Probed<OsProbe>,
    /// Licensing products from WMI.
    pub activation: Probed<ActivationProbe>,
    /// The current user's account kind from NetAPI.
    pub account: Probed<AccountProbe>,
    /// Administrator membership and elevation from the process token.
    pub admin: Probed<AdminProbe>,
}

impl Probes {
    /// What every probe answers on a system that is not Windows.
    pub fn not_windows() -> Self {
        Self {
            os: Err(ProbeError::needs_windows()),
            activation: Err(ProbeError::needs_windows()),
            account: Err(ProbeError::needs_windows()),
            admin: Err(ProbeError::needs_windows()),
        }
    }
}

/// Runs every probe for this system at once, each on its own thread with its own timeout.
pub fn run_all() -> Probes {
    let os = timeout::spawn("os", OTHER_TIMEOUT, platform::os);
    let activation = timeout::spawn("activation", WMI_TIMEOUT, platform::activation);
    let account = timeout::spawn("account", OTHER_TIMEOUT, platform::account);
    let admin = timeout::spawn("admin", OTHER_TIMEOUT, platform::admin);
    Probes {
        os: os.wait(),
        activation: activation.wait(),
        account: account.wait(),
        admin: admin.wait(),
    }
}
