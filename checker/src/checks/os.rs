//! The `os` check: is this Windows 10 or 11, which edition, version and build.
//!
//! The values come from `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion` (64-bit view).
//! Its `ProductName` still says "Windows 10" on Windows 11, so the release is decided from
//! `CurrentBuild` alone: 22000 and later is Windows 11, 10240 and later is Windows 10.

use super::{decided, probe_failed, unknown};
use crate::probe::Probed;
use crate::report::{Check, CheckId, Facts, Status};

/// First build of Windows 11 (21H2).
pub const FIRST_WINDOWS_11_BUILD: u32 = 22000;
/// First build of Windows 10 (1507).
pub const FIRST_WINDOWS_10_BUILD: u32 = 10240;

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

/// Which Windows a build number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowsRelease {
    /// Build 22000 or later.
    Windows11,
    /// Build 10240 up to 21999.
    Windows10,
    /// Before Windows 10 (7, 8, 8.1), which this guide does not cover.
    Older,
}

impl WindowsRelease {
    /// "11", "10" or "older than 10".
    pub fn label(self) -> &'static str {
        match self {
            WindowsRelease::Windows11 => "11",
            WindowsRelease::Windows10 => "10",
            WindowsRelease::Older => "older than 10",
        }
    }
}

/// The release for a `CurrentBuild` number.
pub fn release_for_build(build: u32) -> WindowsRelease {
    if build >= FIRST_WINDOWS_11_BUILD {
        WindowsRelease::Windows11
    } else if build >= FIRST_WINDOWS_10_BUILD {
        WindowsRelease::Windows10
    } else {
        WindowsRelease::Older
    }
}

impl OsProbe {
    /// Why the value `name` could not be read, if it could not.
    pub fn unread(&self, name: &str) -> Option<&str> {
        self.unread
            .iter()
            .find(|u| u.name == name)
            .map(|u| u.reason.as_str())
    }

    /// Every unread value as "name: reason", for a reason_unknown.
    fn unread_list(&self) -> impl Iterator<Item = String> + '_ {
        self.unread
            .iter()
            .map(|u| format!("{}: {}", u.name, u.reason))
    }

    /// `CurrentBuild` as a number, if it was read and is one.
    pub fn build(&self) -> Option<u32> {
        self.current_build.as_deref()?.trim().parse().ok()
    }

    /// The release decided from the build, if the build is known.
    pub fn release(&self) -> Option<WindowsRelease> {
        self.build().map(release_for_build)
    }
}

/// The release, when the probe worked and read a build (for the `linked` check's hints).
pub fn release(probe: &Probed<OsProbe>) -> Option<WindowsRelease> {
    probe.as_ref().ok()?.release()
}

/// A friendly edition name for an `EditionID` (falls back to the id itself).
pub fn edition_name(edition_id: &str) -> &str {
    match edition_id {
        "Core" => "Home",
        "CoreN" => "Home N",
        "CoreSingleLanguage" => "Home Single Language",
        "CoreCountrySpecific" => "Home China",
        "Professional" => "Pro",
        "ProfessionalN" => "Pro N",
        "ProfessionalWorkstation" => "Pro for Workstations",
        "ProfessionalEducation" => "Pro Education",
        "EnterpriseS" => "Enterprise LTSC",
        "IoTEnterprise" => "IoT Enterprise",
        "ServerRdsh" => "Enterprise multi-session",
        other => other,
    }
}

/// Decides the `os` check.
pub fn check(probe: &Probed<OsProbe>) -> Check {
    let id = CheckId::Os;
    let probe = match probe {
        Ok(probe) => probe,
        Err(error) => return probe_failed(id, error),
    };
    let facts = facts(probe);
    let Some(build) = probe.build() else {
        let what = match (&probe.current_build, probe.unread("CurrentBuild")) {
            (_, Some(_)) => format!("CurrentBuild could not be read from {CURRENT_VERSION_KEY}"),
            (None, None) => format!("CurrentBuild is missing from {CURRENT_VERSION_KEY}"),
            (Some(raw), None) => {
                format!("CurrentBuild {raw:?} in {CURRENT_VERSION_KEY} is not a number")
            }
        };
        let reason = std::iter::once(what)
            .chain(probe.unread_list())
            .collect::<Vec<_>>()
            .join("; ");
        return unknown(id, "Could not tell which Windows this is", reason, facts);
    };
    let release = release_for_build(build);
    let edition = probe.edition_id.as_deref().map(edition_name);
    let version = probe.display_version.as_ref().or(probe.release_id.as_ref());
    let build_text = build_text(probe, build);
    if release == WindowsRelease::Older {
        let summary =
            format!("Windows older than 10 (build {build_text}), which this guide does not cover");
        return decided(id, Status::Attention, summary, facts);
    }
    let mut summary = format!("Windows {}", release.label());
    if let Some(edition) = edition {
        summary.push(' ');
        summary.push_str(edition);
    }
    if let Some(version) = version {
        summary.push_str(&format!(", version {version}"));
    }
    summary.push_str(&format!(" (build {build_text})"));
    // Windows Server shares build numbers with Windows 10 (14393, 17763): without EditionID
    // an `ok` would claim more than the facts.
    if probe.unread("EditionID").is_some() {
        let reason = std::iter::once(
            "EditionID could not be read, so Windows Server cannot be ruled out".to_owned(),
        )
        .chain(probe.unread_list())
        .collect::<Vec<_>>()
        .join("; ");
        summary.push_str(", edition unknown");
        return unknown(id, summary, reason, facts);
    }
    let is_server = probe
        .edition_id
        .as_deref()
        .is_some_and(|e| e.starts_with("Server") && e != "ServerRdsh");
    if is_server {
        summary.push_str(": Windows Server, which this guide does not cover");
        decided(id, Status::Attention, summary, facts)
    } else {
        decided(id, Status::Ok, summary, facts)
    }
}

fn build_text(probe: &OsProbe, build: u32) -> String {
    match probe.ubr {
        Some(ubr) => format!("{build}.{ubr}"),
        None => build.to_string(),
    }
}

fn facts(probe: &OsProbe) -> Facts {
    const ABSENT: &str = "not in the registry";
    // An unread value says why; only a value that is not there is "not in the registry".
    let value = |name: &str, read: Option<String>| match (probe.unread(name), read) {
        (Some(reason), _) => format!("could not read: {reason}"),
        (None, Some(value)) => value,
        (None, None) => ABSENT.to_owned(),
    };
    let mut facts = Facts::new();
    match probe.release() {
        Some(release) => facts.insert("Windows", release.label()),
        None => facts.insert("Windows", "unknown (no build number)"),
    }
    facts.insert(
        "EditionID",
        value(
            "EditionID",
            probe.edition_id.as_ref().map(|e| match edition_name(e) {
                name if name != e => format!("{e} ({name})"),
                _ => e.clone(),
            }),
        ),
    );
    let display = match (&probe.display_version, &probe.release_id) {
        (Some(v), _) => Some(v.clone()),
        (None, Some(r)) => Some(format!("{ABSENT} (ReleaseId {r})")),
        (None, None) => probe
            .unread("ReleaseId")
            .map(|reason| format!("{ABSENT} (ReleaseId could not be read: {reason})")),
    };
    facts.insert("DisplayVersion", value("DisplayVersion", display));
    let build = match (probe.build(), &probe.current_build) {
        (Some(b), _) => Some(b.to_string()),
        (None, raw) => raw.as_ref().map(|raw| format!("{raw:?} (not a number)")),
    };
    let build = value("CurrentBuild", build);
    facts.insert(
        "CurrentBuild.UBR",
        match (probe.build(), probe.ubr, probe.unread("UBR")) {
            (Some(_), Some(ubr), _) => format!("{build}.{ubr}"),
            (Some(_), None, Some(reason)) => format!("{build} (UBR could not be read: {reason})"),
            (Some(_), None, None) => format!("{build} (UBR {ABSENT})"),
            (None, _, _) => build,
        },
    );
    if let Some(name) = &probe.product_name {
        let note = if probe.release() == Some(WindowsRelease::Windows11) && name.contains("10") {
            " (Windows 11 keeps this old name; the build number decides)"
        } else {
            ""
        };
        facts.insert("ProductName", format!("{name}{note}"));
    } else if let Some(reason) = probe.unread("ProductName") {
        facts.insert("ProductName", format!("could not read: {reason}"));
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::ProbeError;

    fn probe(build: &str, edition: &str, display: &str, ubr: u32) -> OsProbe {
        OsProbe {
            product_name: Some("Windows 10 Pro".into()),
            edition_id: Some(edition.into()),
            display_version: Some(display.into()),
            release_id: None,
            current_build: Some(build.into()),
            ubr: Some(ubr),
            unread: vec![],
        }
    }

    #[test]
    fn release_is_decided_from_the_build_number() {
        let table = [
            (7601, WindowsRelease::Older),
            (9600, WindowsRelease::Older),
            (10239, WindowsRelease::Older),
            (10240, WindowsRelease::Windows10),
            (19045, WindowsRelease::Windows10),
            (21999, WindowsRelease::Windows10),
            (22000, WindowsRelease::Windows11),
            (22631, WindowsRelease::Windows11),
            (26100, WindowsRelease::Windows11),
        ];
        for (build, expected) in table {
            assert_eq!(release_for_build(build), expected, "build {build}");
        }
    }

    #[test]
    fn windows_11_is_told_from_the_build_even_though_product_name_says_10() {
        let check = check(&Ok(probe("22631", "Professional", "23H2", 3007)));
        assert_eq!(check.status, Status::Ok);
        assert_eq!(
            check.summary,
            "Windows 11 Pro, version 23H2 (build 22631.3007)"
        );
        assert_eq!(check.facts.get("Windows"), Some("11"));
        assert_eq!(check.facts.get("CurrentBuild.UBR"), Some("22631.3007"));
        assert_eq!(check.facts.get("EditionID"), Some("Professional (Pro)"));
        assert!(
            check
                .facts
                .get("ProductName")
                .unwrap()
                .contains("the build number decides")
        );
        assert_eq!(check.help, "/activation/check-activation-status/#check");
    }

    #[test]
    fn windows_10_home() {
        let check = check(&Ok(probe("19045", "Core", "22H2", 4291)));
        assert_eq!(check.status, Status::Ok);
        assert_eq!(
            check.summary,
            "Windows 10 Home, version 22H2 (build 19045.4291)"
        );
        assert_eq!(check.facts.get("ProductName"), Some("Windows 10 Pro"));
    }

    #[test]
    fn older_windows_and_server_need_attention() {
        let mut old = probe("7601", "Professional", "x", 0);
        old.display_version = None;
        let check = check(&Ok(old));
        assert_eq!(check.status, Status::Attention);
        assert_eq!(
            check.summary,
            "Windows older than 10 (build 7601.0), which this guide does not cover"
        );
        assert_eq!(check.facts.get("Windows"), Some("older than 10"));
        let server = check_of(probe("20348", "ServerStandard", "21H2", 1));
        assert_eq!(server.status, Status::Attention);
        assert!(server.summary.contains("Windows Server"));
    }

    fn check_of(p: OsProbe) -> Check {
        check(&Ok(p))
    }

    #[test]
    fn missing_values_are_shown_as_missing_but_the_build_decides() {
        let sparse = OsProbe {
            current_build: Some("19043".into()),
            ..OsProbe::default()
        };
        let check = check_of(sparse);
        assert_eq!(check.status, Status::Ok);
        assert_eq!(check.summary, "Windows 10 (build 19043)");
        assert_eq!(check.facts.get("EditionID"), Some("not in the registry"));
        assert_eq!(
            check.facts.get("CurrentBuild.UBR"),
            Some("19043 (UBR not in the registry)")
        );
        let old_version = OsProbe {
            current_build: Some("19041".into()),
            release_id: Some("2004".into()),
            ..OsProbe::default()
        };
        assert_eq!(
            check_of(old_version).summary,
            "Windows 10, version 2004 (build 19041)"
        );
    }

    #[test]
    fn no_build_means_unknown_with_the_reason() {
        let none = check_of(OsProbe {
            unread: vec![Unread::new("EditionID", "access denied")],
            ..OsProbe::default()
        });
        assert_eq!(none.status, Status::Unknown);
        let reason = none.reason_unknown.unwrap();
        assert!(reason.contains("CurrentBuild is missing"), "{reason}");
        assert!(reason.contains("access denied"), "{reason}");
        let garbage = check_of(OsProbe {
            current_build: Some("abc".into()),
            ..OsProbe::default()
        });
        assert_eq!(garbage.status, Status::Unknown);
        assert!(garbage.reason_unknown.unwrap().contains("not a number"));
        let failed = check(&Err(ProbeError::new("the os probe timed out after 3 s")));
        assert_eq!(failed.status, Status::Unknown);
    }

    #[test]
    fn an_unread_edition_id_was_reported_as_not_in_the_registry() {
        // The audit's case: a build number and an unread EditionID gave `ok` with EditionID
        // "not in the registry".
        let probe = OsProbe {
            current_build: Some("19045".into()),
            unread: vec![Unread::new("EditionID", "access denied")],
            ..OsProbe::default()
        };
        let check = check_of(probe);
        assert_eq!(
            check.facts.get("EditionID"),
            Some("could not read: access denied")
        );
        // Windows Server shares Windows 10's build numbers: without the edition, not `ok`.
        assert_eq!(check.status, Status::Unknown);
        assert_eq!(check.summary, "Windows 10 (build 19045), edition unknown");
        assert_eq!(
            check.reason_unknown.as_deref(),
            Some(
                "EditionID could not be read, so Windows Server cannot be ruled out; \
                 EditionID: access denied"
            )
        );
    }

    #[test]
    fn other_unread_values_are_facts_with_their_reason_and_the_build_still_decides() {
        let probe = OsProbe {
            edition_id: Some("Core".into()),
            current_build: Some("22631".into()),
            unread: vec![
                Unread::new("ProductName", "access denied"),
                Unread::new("DisplayVersion", "access denied"),
                Unread::new("UBR", "not a DWORD"),
            ],
            ..OsProbe::default()
        };
        let check = check_of(probe);
        assert_eq!(check.status, Status::Ok);
        assert_eq!(check.summary, "Windows 11 Home (build 22631)");
        assert_eq!(
            check.facts.get("DisplayVersion"),
            Some("could not read: access denied")
        );
        assert_eq!(
            check.facts.get("CurrentBuild.UBR"),
            Some("22631 (UBR could not be read: not a DWORD)")
        );
        assert_eq!(
            check.facts.get("ProductName"),
            Some("could not read: access denied")
        );
        let unread_build = check_of(OsProbe {
            unread: vec![Unread::new("CurrentBuild", "access denied")],
            ..OsProbe::default()
        });
        assert_eq!(unread_build.status, Status::Unknown);
        assert_eq!(
            unread_build.facts.get("CurrentBuild.UBR"),
            Some("could not read: access denied")
        );
        assert!(
            unread_build
                .reason_unknown
                .unwrap()
                .starts_with("CurrentBuild could not be read")
        );
    }
}
