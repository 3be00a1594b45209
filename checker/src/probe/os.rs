//! What the `os` probe reads: the values of the registry's CurrentVersion key, as they are.
//!
//! The probe reads `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion` in the 64-bit view and
//! interprets nothing: which Windows, edition and servicing state that is, the `os` check
//! decides.

/// The registry key the probe reads, for messages.
pub const CURRENT_VERSION_KEY: &str = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion";

/// What the registry's CurrentVersion key holds; `None` where a value is absent or unreadable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OsProbe {
    /// `ProductName`, e.g. "Windows 10 Pro" (wrong on Windows 11; shown, never trusted).
    pub product_name: Option<String>,
    /// `EditionID`, e.g. "Professional", "Core".
    pub edition_id: Option<String>,
    /// `DisplayVersion`, e.g. "23H2" (Windows 10 20H2 and later).
    pub display_version: Option<String>,
    /// `ReleaseId`, e.g. "2004" (older Windows 10; used when `DisplayVersion` is absent).
    pub release_id: Option<String>,
    /// `CurrentBuild`, e.g. "22631" (a string in the registry).
    pub current_build: Option<String>,
    /// `UBR`, the update build revision, e.g. 3007.
    pub ubr: Option<u32>,
    /// `InstallationType`: "Client", "Server" or "Server Core".
    pub installation_type: Option<String>,
    /// Values that exist but could not be read (e.g. access denied), each with the reason;
    /// their fields above are `None`.
    pub unread: Vec<Unread>,
}

/// A registry value the probe could not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The value's name, e.g. `EditionID`.
    pub name: String,
    /// Why, e.g. "RegGetValueW failed: Access is denied. (error 5)".
    pub reason: String,
}

impl Unread {
    /// `name` could not be read because of `reason`.
    pub fn new(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            reason: reason.into(),
        }
    }
}
