//! The `os` check: is this Windows 10 or 11, which edition, version and build.
//!
//! The values come from `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion` (64-bit view), as
//! [`crate::probe::os`] reads them. Its `ProductName` still says "Windows 10" on Windows 11,
//! so the release is decided from `CurrentBuild` alone: 22000 and later is Windows 11, 10240
//! and later is Windows 10.
//! `InstallationType` (or a `Server…` EditionID) tells Windows Server apart, which shares build
//! numbers with Windows 10 and 11. Without an EditionID the check never says `ok`. Whether the
//! version still gets security updates comes from the compiled-in table in [`super::servicing`].

use super::servicing::{self, Channel};
use super::{decided, probe_failed, unknown};
use crate::probe::Probed;
use crate::probe::os::{CURRENT_VERSION_KEY, OsProbe};
use crate::report::{Check, CheckId, FactKind, Facts};

/// First build of Windows 11 (21H2).
pub const FIRST_WINDOWS_11_BUILD: u32 = 22000;
/// First build of Windows 10 (1507).
pub const FIRST_WINDOWS_10_BUILD: u32 = 10240;

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

// Interpreting the probe's values is the check's job, so these methods live here; the struct
// is the probe's (`crate::probe::os`).
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

/// Windows Server's name for a build it shares with Windows 10 or 11.
fn server_name(build: u32) -> &'static str {
    match build {
        14393 => "Windows Server 2016",
        17763 => "Windows Server 2019",
        20348 => "Windows Server 2022",
        26100 => "Windows Server 2025",
        _ => "Windows Server",
    }
}

impl OsProbe {
    /// Whether this is Windows Server (by InstallationType, else by EditionID).
    fn is_server(&self) -> bool {
        self.installation_type
            .as_deref()
            .is_some_and(|t| t.starts_with("Server"))
            || self
                .edition_id
                .as_deref()
                .is_some_and(|e| e.starts_with("Server") && e != "ServerRdsh")
    }
}

/// Decides the `os` check; `today` (RFC 3339, the report's time) dates the servicing verdict.
pub fn check(probe: &Probed<OsProbe>, today: &str) -> Check {
    let id = CheckId::Os;
    let probe = match probe {
        Ok(probe) => probe,
        Err(error) => return probe_failed(id, error),
    };
    let mut facts = facts(probe);
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
        return unknown(
            id,
            "could-not-read",
            "Could not tell which Windows this is",
            reason,
            facts,
        );
    };
    let release = release_for_build(build);
    let version = probe.display_version.as_ref().or(probe.release_id.as_ref());
    if probe.is_server() {
        let summary = format!("{}, which these guides do not cover", server_name(build));
        return decided(id, "server", summary, facts);
    }
    if release == WindowsRelease::Older {
        return decided(
            id,
            "older-windows",
            "A Windows older than Windows 10, which these guides do not cover",
            facts,
        );
    }
    let mut name = format!("Windows {}", release.label());
    let Some(edition_id) = probe.edition_id.as_deref() else {
        // Windows Server shares build numbers with Windows 10 and 11: without EditionID an
        // `ok` would claim more than the facts.
        let why = match probe.unread("EditionID") {
            Some(_) => "EditionID could not be read",
            None => "EditionID is missing from the registry",
        };
        let reason = std::iter::once(format!(
            "{why}, so the edition is unknown and Windows Server cannot be ruled out"
        ))
        .chain(probe.unread_list())
        .collect::<Vec<_>>()
        .join("; ");
        return unknown(
            id,
            "could-not-read",
            format!("{name}, edition unknown"),
            reason,
            facts,
        );
    };
    name.push(' ');
    name.push_str(edition_name(edition_id));
    if let Some(version) = version {
        name.push_str(&format!(", version {version}"));
    }
    match servicing::end_of_support(build, Channel::of_edition(edition_id)) {
        Some(eos) => {
            facts.insert_kind(
                "support_ends",
                "Security updates end",
                eos.ends,
                FactKind::Date,
            );
            if let Some(extended) = eos.extended_until {
                facts.insert_kind(
                    "extended_updates_end",
                    "Extended Security Updates end (if enrolled)",
                    extended,
                    FactKind::Date,
                );
            }
            if !servicing::is_past(today, eos.ends) {
                return decided(
                    id,
                    "supported",
                    format!("{name}: still getting security updates"),
                    facts,
                );
            }
            let summary = match eos.extended_until {
                Some(extended) if !servicing::is_past(today, extended) => format!(
                    "{name}: security updates ended on {}, unless this PC is enrolled in \
                     Extended Security Updates",
                    eos.ends
                ),
                _ => format!(
                    "{name}: no longer gets security updates (they ended on {})",
                    eos.ends
                ),
            };
            decided(id, "end-of-support", summary, facts)
        }
        None => {
            facts.insert(
                "support_ends",
                "Security updates end",
                format!(
                    "Not in this checker's table of dates (made {})",
                    servicing::TABLE_DATE
                ),
            );
            decided(id, "supported", name, facts)
        }
    }
}

fn build_text(probe: &OsProbe, build: u32) -> String {
    match probe.ubr {
        Some(ubr) => format!("{build}.{ubr}"),
        None => build.to_string(),
    }
}

fn facts(probe: &OsProbe) -> Facts {
    // An unread value says why; a value that is not there says so.
    let value = |name: &str, read: Option<String>| match (probe.unread(name), read) {
        (Some(reason), _) => format!("Could not be read ({reason})"),
        (None, Some(value)) => value,
        (None, None) => "Not recorded by Windows".to_owned(),
    };
    let mut facts = Facts::new();
    facts.insert(
        "windows",
        "Windows",
        match (probe.is_server(), probe.build(), probe.release()) {
            (true, Some(build), _) => server_name(build).to_owned(),
            (_, _, Some(WindowsRelease::Older)) => "Older than Windows 10".to_owned(),
            (_, _, Some(release)) => format!("Windows {}", release.label()),
            _ => "Unknown (no build number)".to_owned(),
        },
    );
    facts.insert(
        "edition",
        "Edition",
        value(
            "EditionID",
            probe
                .edition_id
                .as_deref()
                .map(|e| edition_name(e).to_owned()),
        ),
    );
    let version = probe
        .display_version
        .clone()
        .or_else(|| probe.release_id.clone());
    facts.insert("version", "Version", value("DisplayVersion", version));
    let build = probe.build().map(|b| build_text(probe, b)).or_else(|| {
        probe
            .current_build
            .as_ref()
            .map(|raw| format!("{raw:?} (not a number)"))
    });
    facts.insert("build", "OS build", value("CurrentBuild", build));
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::ProbeError;
    use crate::probe::os::Unread;
    use crate::report::Status;

    /// The day these tests are set on.
    const TODAY: &str = "2026-12-05T10:00:00Z";

    fn probe(build: &str, edition: &str, display: &str, ubr: u32) -> OsProbe {
        OsProbe {
            product_name: Some("Windows 10 Pro".into()),
            edition_id: Some(edition.into()),
            display_version: Some(display.into()),
            release_id: None,
            current_build: Some(build.into()),
            ubr: Some(ubr),
            installation_type: Some("Client".into()),
            unread: vec![],
        }
    }

    fn check_of(p: OsProbe) -> Check {
        check(&Ok(p), TODAY)
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
    fn verdicts_by_version_edition_and_date() {
        let server_by_type = OsProbe {
            installation_type: Some("Server Core".into()),
            ..probe("20348", "ServerStandard", "21H2", 1)
        };
        let table: Vec<(OsProbe, &str, Status, &str)> = vec![
            (
                probe("26200", "Professional", "25H2", 7),
                TODAY,
                Status::Ok,
                "Windows 11 Pro, version 25H2: still getting security updates",
            ),
            // Windows 11 keeps "Windows 10" in ProductName: the build decides.
            (
                probe("26100", "Enterprise", "24H2", 7),
                TODAY,
                Status::Ok,
                "Windows 11 Enterprise, version 24H2: still getting security updates",
            ),
            (
                probe("26100", "Core", "24H2", 7),
                TODAY,
                Status::Attention,
                "Windows 11 Home, version 24H2: no longer gets security updates (they ended on \
                 2026-10-13)",
            ),
            (
                probe("26100", "Core", "24H2", 7),
                "2026-10-13T22:00:00Z",
                Status::Ok,
                "Windows 11 Home, version 24H2: still getting security updates",
            ),
            (
                probe("19045", "Core", "22H2", 4291),
                "2026-01-10T00:00:00Z",
                Status::Attention,
                "Windows 10 Home, version 22H2: security updates ended on 2025-10-14, unless \
                 this PC is enrolled in Extended Security Updates",
            ),
            (
                probe("19045", "Professional", "22H2", 4291),
                TODAY,
                Status::Attention,
                "Windows 10 Pro, version 22H2: no longer gets security updates (they ended on \
                 2025-10-14)",
            ),
            (
                probe("19044", "EnterpriseS", "21H2", 1),
                TODAY,
                Status::Ok,
                "Windows 10 Enterprise LTSC, version 21H2: still getting security updates",
            ),
            (
                probe("29000", "Professional", "27H2", 1),
                TODAY,
                Status::Ok,
                "Windows 11 Pro, version 27H2",
            ),
            (
                probe("7601", "Professional", "x", 0),
                TODAY,
                Status::Attention,
                "A Windows older than Windows 10, which these guides do not cover",
            ),
            (
                probe("20348", "ServerStandard", "21H2", 1),
                TODAY,
                Status::Attention,
                "Windows Server 2022, which these guides do not cover",
            ),
            (
                server_by_type,
                TODAY,
                Status::Attention,
                "Windows Server 2022, which these guides do not cover",
            ),
            // A server whose EditionID looks like a client's: InstallationType decides.
            (
                OsProbe {
                    installation_type: Some("Server".into()),
                    ..probe("17763", "Professional", "1809", 1)
                },
                TODAY,
                Status::Attention,
                "Windows Server 2019, which these guides do not cover",
            ),
        ];
        for (probe, today, status, summary) in table {
            let check = check(&Ok(probe.clone()), today);
            assert_eq!(check.status, status, "{probe:?} {today}");
            assert_eq!(check.summary, summary);
            let outcome = crate::report::find_outcome(CheckId::Os, &check.outcome).unwrap();
            assert_eq!(outcome.status, status);
        }
    }

    #[test]
    fn facts_have_human_labels_and_dated_support() {
        let check = check_of(probe("22631", "Professional", "23H2", 3007));
        let fact = |key: &str| check.facts.get(key).unwrap().clone();
        assert_eq!(fact("windows").value, "Windows 11");
        assert_eq!(fact("edition").value, "Pro");
        assert_eq!(fact("version").value, "23H2");
        assert_eq!(fact("build").value, "22631.3007");
        assert_eq!(fact("build").label, "OS build");
        assert_eq!(fact("support_ends").value, "2025-11-11");
        assert_eq!(fact("support_ends").kind, FactKind::Date);
        assert_eq!(check.outcome, "end-of-support");
        let future = check_of(probe("29000", "Core", "27H2", 1));
        assert!(
            future
                .facts
                .get("support_ends")
                .unwrap()
                .value
                .contains(servicing::TABLE_DATE)
        );
    }

    #[test]
    fn no_edition_is_never_ok() {
        // Measured under Wine: no EditionID at all gave `ok`.
        let absent = OsProbe {
            edition_id: None,
            ..probe("19045", "x", "22H2", 1)
        };
        let check = check_of(absent);
        assert_eq!(check.status, Status::Unknown);
        assert_eq!(check.summary, "Windows 10, edition unknown");
        assert!(
            check
                .reason_unknown
                .unwrap()
                .contains("EditionID is missing")
        );
        let unread = OsProbe {
            edition_id: None,
            unread: vec![Unread::new("EditionID", "access denied")],
            ..probe("22631", "x", "23H2", 1)
        };
        let check = check_of(unread);
        assert_eq!(check.status, Status::Unknown);
        assert_eq!(
            check.facts.get("edition").unwrap().value,
            "Could not be read (access denied)"
        );
        assert!(
            check
                .reason_unknown
                .unwrap()
                .contains("EditionID could not be read")
        );
    }

    #[test]
    fn no_build_means_unknown_with_the_reason() {
        let none = check_of(OsProbe {
            unread: vec![Unread::new("EditionID", "access denied")],
            ..OsProbe::default()
        });
        assert_eq!(none.status, Status::Unknown);
        assert_eq!(none.outcome, "could-not-read");
        let reason = none.reason_unknown.unwrap();
        assert!(reason.contains("CurrentBuild is missing"), "{reason}");
        assert!(reason.contains("access denied"), "{reason}");
        let garbage = check_of(OsProbe {
            current_build: Some("abc".into()),
            ..OsProbe::default()
        });
        assert_eq!(garbage.status, Status::Unknown);
        assert!(garbage.reason_unknown.unwrap().contains("not a number"));
        let failed = check(
            &Err(ProbeError::new("the os probe timed out after 3 s")),
            TODAY,
        );
        assert_eq!(failed.status, Status::Unknown);
    }
}
