//! The `activation` check: is Windows activated, and with what kind of license.
//!
//! Input is every `SoftwareLicensingProduct` instance WMI returned (`root\cimv2`), as the plain
//! rows of [`crate::probe::activation`]. The Windows license is the row with the Windows
//! ApplicationID, a non-null `PartialProductKey` and `LicenseIsAddon` false (ESU add-ons share
//! the ApplicationID). Only numeric and fixed English identifiers are read, never translated
//! text (`slmgr` output is localized). The product key is never read: `PartialProductKey` is
//! already its last five characters, and [`partial_key_fact`] refuses to show anything longer.

use super::{decided, probe_failed, unknown};
use crate::probe::Probed;
use crate::probe::activation::{ActivationProbe, LicensingRow, Query, WINDOWS_APPLICATION_ID};
use crate::report::{Check, CheckId, FactKind, Facts};
use crate::time::day_after_minutes;

/// The properties the decision needs; without them the Windows row cannot be found.
pub const REQUIRED_PROPERTIES: [&str; 3] = ["ApplicationID", "PartialProductKey", "LicenseStatus"];

/// `LicenseStatus`, as documented for `SoftwareLicensingProduct`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenseStatus {
    /// 0: not activated.
    Unlicensed,
    /// 1: activated.
    Licensed,
    /// 2: out-of-box grace period (not activated yet after install).
    OobGrace,
    /// 3: out-of-tolerance grace period (hardware changed too much).
    OotGrace,
    /// 4: non-genuine grace period.
    NonGenuineGrace,
    /// 5: notification mode (not activated, reminders shown).
    Notification,
    /// 6: extended grace period.
    ExtendedGrace,
    /// Any other number.
    Undocumented(u32),
}

impl LicenseStatus {
    /// The status for a raw `LicenseStatus` value.
    pub fn from_raw(raw: u32) -> Self {
        match raw {
            0 => Self::Unlicensed,
            1 => Self::Licensed,
            2 => Self::OobGrace,
            3 => Self::OotGrace,
            4 => Self::NonGenuineGrace,
            5 => Self::Notification,
            6 => Self::ExtendedGrace,
            other => Self::Undocumented(other),
        }
    }

    /// The documented name, as a fact.
    pub fn describe(self) -> String {
        match self {
            Self::Unlicensed => "0 (unlicensed)".into(),
            Self::Licensed => "1 (licensed)".into(),
            Self::OobGrace => "2 (out-of-box grace period)".into(),
            Self::OotGrace => "3 (out-of-tolerance grace period)".into(),
            Self::NonGenuineGrace => "4 (non-genuine grace period)".into(),
            Self::Notification => "5 (notification mode)".into(),
            Self::ExtendedGrace => "6 (extended grace period)".into(),
            Self::Undocumented(n) => format!("{n} (not a documented value)"),
        }
    }
}

/// `ProductKeyChannel`: where the license came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channel {
    /// "Retail": a bought key, or a digital license (store purchase, free upgrade).
    Retail,
    /// "OEM:DM": the key is in the firmware (OEM Digital Marker).
    OemDm,
    /// "OEM:NONSLP": a key the manufacturer entered.
    OemNonSlp,
    /// "Volume:MAK": an organization's Multiple Activation Key.
    VolumeMak,
    /// "Volume:GVLK": a generic volume key for an organization's KMS or Active Directory.
    VolumeGvlk,
    /// Any other value, kept as read.
    Other(String),
}

impl Channel {
    /// The channel for a raw `ProductKeyChannel` value.
    pub fn parse(raw: &str) -> Self {
        match raw.trim() {
            "Retail" => Self::Retail,
            "OEM:DM" => Self::OemDm,
            "OEM:NONSLP" => Self::OemNonSlp,
            "Volume:MAK" => Self::VolumeMak,
            "Volume:GVLK" => Self::VolumeGvlk,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The raw value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Retail => "Retail",
            Self::OemDm => "OEM:DM",
            Self::OemNonSlp => "OEM:NONSLP",
            Self::VolumeMak => "Volume:MAK",
            Self::VolumeGvlk => "Volume:GVLK",
            Self::Other(raw) => raw,
        }
    }

    /// Whether this is a volume (organization) license.
    pub fn is_volume(&self) -> bool {
        self.as_str().starts_with("Volume")
    }
}

/// The Windows license found among the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowsLicense {
    /// Its status; `None` when `LicenseStatus` was null.
    pub status: Option<LicenseStatus>,
    /// Its channel; `None` when `ProductKeyChannel` was null or absent.
    pub channel: Option<Channel>,
    /// `PartialProductKey`, exactly as read (shown only through [`partial_key_fact`]).
    pub partial_key: String,
    /// `GracePeriodRemaining` in minutes.
    pub grace_minutes: Option<u32>,
    /// `LicenseStatusReason`, the error code when not activated.
    pub reason_code: Option<u32>,
    /// Whether this is an evaluation copy (a time-limited evaluation channel).
    pub evaluation: bool,
}

/// Why no Windows license could be taken from the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoLicense {
    /// The class lacks properties the search needs: cannot tell (→ `unknown`).
    MissingProperties(Vec<String>),
    /// WMI returned no instances at all: cannot tell (→ `unknown`).
    NoRows,
    /// None of the instances is Windows with a key installed, or the filtered query found
    /// none (→ `problem`).
    NoWindowsKey,
}

/// Finds the Windows license: Windows ApplicationID, a key installed, not an add-on.
/// With several, an activated one wins.
pub fn windows_license(probe: &ActivationProbe) -> Result<WindowsLicense, NoLicense> {
    let missing: Vec<String> = REQUIRED_PROPERTIES
        .iter()
        .filter(|p| {
            probe
                .missing_properties
                .iter()
                .any(|m| m.eq_ignore_ascii_case(p))
        })
        .map(|p| (*p).to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(NoLicense::MissingProperties(missing));
    }
    if probe.rows.is_empty() {
        return Err(match probe.query {
            Query::WindowsKeys => NoLicense::NoWindowsKey,
            Query::Everything => NoLicense::NoRows,
        });
    }
    let mut candidates = probe.rows.iter().filter(|row| {
        row.application_id
            .as_deref()
            .is_some_and(|id| id.trim().eq_ignore_ascii_case(WINDOWS_APPLICATION_ID))
            && row.partial_product_key.is_some()
            && row.license_is_addon != Some(true)
    });
    let first = candidates.next().ok_or(NoLicense::NoWindowsKey)?;
    let chosen = std::iter::once(first)
        .chain(candidates)
        .find(|row| row.license_status == Some(1))
        .unwrap_or(first);
    Ok(WindowsLicense {
        status: chosen.license_status.map(LicenseStatus::from_raw),
        channel: chosen.product_key_channel.as_deref().map(Channel::parse),
        partial_key: chosen.partial_product_key.clone().unwrap_or_default(),
        grace_minutes: chosen.grace_period_remaining,
        reason_code: chosen.license_status_reason,
        evaluation: is_evaluation(chosen),
    })
}

/// The longest key fragment ever shown: `PartialProductKey` is the last 5 characters.
pub const PARTIAL_KEY_MAX: usize = 5;

/// The fact shown for a partial key: the key itself only if it is at most 5 characters,
/// so a full product key can never reach the output, whatever a probe returns.
pub fn partial_key_fact(raw: &str) -> String {
    let raw = raw.trim();
    if raw.chars().count() <= PARTIAL_KEY_MAX && raw.chars().all(|c| c.is_ascii_alphanumeric()) {
        raw.to_owned()
    } else {
        "Withheld (not a 5-character partial key)".to_owned()
    }
}

/// Whether a row is an evaluation copy: its channel or description names the evaluation
/// channel (`Retail:TB:Eval`, "TIMEBASED_EVAL channel").
fn is_evaluation(row: &LicensingRow) -> bool {
    [&row.product_key_channel, &row.description]
        .into_iter()
        .flatten()
        .any(|text| text.to_ascii_lowercase().contains("eval"))
}

/// An HRESULT as Settings and the error guides write it: `0xC004F213`.
pub fn error_code(hresult: u32) -> String {
    format!("0x{hresult:08X}")
}

/// What a license channel means, in a reader's words.
pub fn channel_label(channel: &Channel) -> String {
    match channel {
        Channel::Retail => "Retail: a bought key or a digital license".to_owned(),
        Channel::OemDm => "Came with the PC (key stored in the PC's firmware)".to_owned(),
        Channel::OemNonSlp => "Came with the PC (key entered by the maker)".to_owned(),
        Channel::VolumeMak => "An organization's volume license (MAK)".to_owned(),
        Channel::VolumeGvlk => "An organization's volume license (KMS)".to_owned(),
        Channel::Other(raw) if raw.starts_with("OEM") => format!("Came with the PC ({raw})"),
        Channel::Other(raw) if raw.starts_with("Volume") => {
            format!("An organization's volume license ({raw})")
        }
        Channel::Other(raw) => raw.clone(),
    }
}

/// Decides the `activation` check; `now` (the report's RFC 3339 time) turns the minutes
/// Windows reports into dates.
pub fn check(probe: &Probed<ActivationProbe>, now: &str) -> Check {
    let id = CheckId::Activation;
    let probe = match probe {
        Ok(probe) => probe,
        Err(error) => return probe_failed(id, error),
    };
    let license = match windows_license(probe) {
        Ok(license) => license,
        Err(NoLicense::MissingProperties(missing)) => {
            return unknown(
                id,
                "could-not-read",
                "Could not find the Windows license",
                format!(
                    "this system's SoftwareLicensingProduct class has no {} property, so the \
                     Windows license cannot be told apart from the others",
                    missing.join(" / ")
                ),
                Facts::new(),
            );
        }
        Err(NoLicense::NoRows) => {
            return unknown(
                id,
                "could-not-read",
                "Could not find the Windows license",
                "WMI returned no SoftwareLicensingProduct instances",
                Facts::new(),
            );
        }
        Err(NoLicense::NoWindowsKey) => {
            let facts = Facts::new().with("product_key", "Product key", "None installed");
            return decided(
                id,
                "no-key",
                "Windows is not activated: there is no product key or digital license on this PC",
                facts,
            );
        }
    };

    let mut facts = Facts::new();
    facts.insert(
        "state",
        "Activation state",
        match license.status {
            Some(LicenseStatus::Licensed) => "Activated".to_owned(),
            Some(LicenseStatus::Unlicensed) => "Not activated".to_owned(),
            Some(LicenseStatus::OobGrace | LicenseStatus::ExtendedGrace) => {
                "Not activated yet (grace period)".to_owned()
            }
            Some(LicenseStatus::OotGrace) => {
                "Needs activating again after a hardware change (grace period)".to_owned()
            }
            Some(LicenseStatus::NonGenuineGrace) => "License problem (non-genuine)".to_owned(),
            Some(LicenseStatus::Notification) => "Not activated (reminders shown)".to_owned(),
            Some(LicenseStatus::Undocumented(n)) => format!("Unknown (status {n})"),
            None => "Not reported".to_owned(),
        },
    );
    facts.insert(
        "license_type",
        "License type",
        match &license.channel {
            Some(channel) if license.evaluation => {
                format!("Evaluation copy ({})", channel.as_str())
            }
            Some(channel) => channel_label(channel),
            None if license.evaluation => "Evaluation copy".to_owned(),
            None => "Not reported".to_owned(),
        },
    );
    facts.insert(
        "product_key",
        "Product key (last 5 characters)",
        partial_key_fact(&license.partial_key),
    );
    let code = match (license.status, license.reason_code) {
        (Some(LicenseStatus::Licensed), _) | (_, None | Some(0)) => None,
        (_, Some(reason)) => Some(error_code(reason)),
    };
    if let Some(code) = &code {
        facts.insert("error_code", "Error code", code.clone());
    }
    let ends = license
        .grace_minutes
        .filter(|m| *m > 0)
        .and_then(|m| day_after_minutes(now, m));
    let mut with_end = |label: &str| {
        if let Some(day) = &ends {
            facts.insert_kind("ends", label, day.clone(), FactKind::Date);
        }
    };

    let Some(status) = license.status else {
        return unknown(
            id,
            "could-not-read",
            "Found the Windows license, but not whether it is activated",
            "LicenseStatus of the Windows license is null",
            facts,
        );
    };
    let until = |text: &str| {
        ends.as_ref()
            .map(|day| format!("{text} {day}"))
            .unwrap_or_default()
    };
    let mut check = match status {
        LicenseStatus::Licensed | LicenseStatus::OobGrace if license.evaluation => {
            with_end("Evaluation ends");
            decided(
                id,
                "evaluation",
                format!(
                    "This is an evaluation copy of Windows{}; it cannot be activated with a key",
                    until(", which stops working after")
                ),
                facts,
            )
        }
        LicenseStatus::Licensed if license.channel == Some(Channel::VolumeGvlk) => {
            with_end("Activation lasts until");
            decided(
                id,
                "activated-until",
                format!(
                    "Windows is activated by your organization{}; it renews on the \
                     organization's network",
                    until(" until")
                ),
                facts,
            )
        }
        LicenseStatus::Licensed => decided(id, "activated", "Windows is activated", facts),
        LicenseStatus::OobGrace | LicenseStatus::ExtendedGrace => {
            with_end("Grace period ends");
            decided(
                id,
                "grace-period",
                format!(
                    "Windows is not activated yet{}",
                    until("; activate it before")
                ),
                facts,
            )
        }
        LicenseStatus::OotGrace => {
            with_end("Grace period ends");
            decided(
                id,
                "grace-period",
                format!(
                    "Windows needs to be activated again after a hardware change{}",
                    until(", before")
                ),
                facts,
            )
        }
        LicenseStatus::Unlicensed | LicenseStatus::Notification => {
            let shown = code
                .as_ref()
                .map(|c| format!(" (error {c})"))
                .unwrap_or_default();
            decided(
                id,
                "not-activated",
                format!("Windows is not activated{shown}"),
                facts,
            )
        }
        LicenseStatus::NonGenuineGrace => decided(
            id,
            "not-genuine",
            "Windows reports a problem with its license (non-genuine)",
            facts,
        ),
        LicenseStatus::Undocumented(n) => unknown(
            id,
            "could-not-read",
            "Could not tell whether Windows is activated",
            format!("LicenseStatus {n} is not one of the documented values 0–6"),
            facts,
        ),
    };
    check.code = code;
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::ProbeError;
    use crate::report::{Status, find_outcome};

    const NOW: &str = "2026-12-05T10:00:00Z";

    fn windows_row(status: u32, channel: &str) -> LicensingRow {
        LicensingRow {
            application_id: Some(WINDOWS_APPLICATION_ID.into()),
            partial_product_key: Some("3V66T".into()),
            license_status: Some(status),
            license_is_addon: Some(false),
            product_key_channel: Some(channel.into()),
            grace_period_remaining: Some(0),
            license_status_reason: Some(0),
            description: Some(format!("Windows(R) Operating System, {channel} channel")),
        }
    }

    fn office_row() -> LicensingRow {
        LicensingRow {
            application_id: Some("0ff1ce15-a989-479d-af46-f275c6370663".into()),
            partial_product_key: Some("ABCDE".into()),
            license_status: Some(1),
            license_is_addon: Some(false),
            product_key_channel: Some("Retail".into()),
            grace_period_remaining: Some(0),
            license_status_reason: Some(0),
            description: None,
        }
    }

    fn probe_of(rows: Vec<LicensingRow>) -> Probed<ActivationProbe> {
        Ok(ActivationProbe {
            rows,
            ..ActivationProbe::default()
        })
    }

    fn fact(check: &Check, key: &str) -> Option<String> {
        check.facts.get(key).map(|f| f.value.clone())
    }

    #[test]
    fn every_license_state_gives_its_outcome_code_and_date() {
        const DAYS_30: u32 = 30 * 24 * 60;
        // (LicenseStatus, channel, grace minutes, reason, outcome, code, summary, end date)
        type Case<'a> = (
            u32,
            &'a str,
            u32,
            u32,
            &'a str,
            Option<&'a str>,
            &'a str,
            Option<&'a str>,
        );
        let table: Vec<Case> = vec![
            (
                1,
                "Retail",
                0,
                0,
                "activated",
                None,
                "Windows is activated",
                None,
            ),
            (
                1,
                "OEM:DM",
                0,
                0,
                "activated",
                None,
                "Windows is activated",
                None,
            ),
            (
                1,
                "Volume:GVLK",
                180 * 24 * 60,
                0,
                "activated-until",
                None,
                "Windows is activated by your organization until 2027-06-03; it renews on the \
                 organization's network",
                Some("2027-06-03"),
            ),
            (
                1,
                "Retail:TB:Eval",
                DAYS_30,
                0,
                "evaluation",
                None,
                "This is an evaluation copy of Windows, which stops working after 2027-01-04; \
                 it cannot be activated with a key",
                Some("2027-01-04"),
            ),
            (
                0,
                "Retail",
                0,
                0xC004_F213,
                "not-activated",
                Some("0xC004F213"),
                "Windows is not activated (error 0xC004F213)",
                None,
            ),
            (
                0,
                "Retail",
                0,
                0,
                "not-activated",
                None,
                "Windows is not activated",
                None,
            ),
            (
                5,
                "OEM:DM",
                0,
                0xC004_F034,
                "not-activated",
                Some("0xC004F034"),
                "Windows is not activated (error 0xC004F034)",
                None,
            ),
            (
                2,
                "Retail",
                DAYS_30,
                0x4004_F00D,
                "grace-period",
                Some("0x4004F00D"),
                "Windows is not activated yet; activate it before 2027-01-04",
                Some("2027-01-04"),
            ),
            (
                3,
                "Retail",
                DAYS_30,
                0,
                "grace-period",
                None,
                "Windows needs to be activated again after a hardware change, before 2027-01-04",
                Some("2027-01-04"),
            ),
            (
                6,
                "Retail",
                DAYS_30,
                0,
                "grace-period",
                None,
                "Windows is not activated yet; activate it before 2027-01-04",
                Some("2027-01-04"),
            ),
            (
                4,
                "Retail",
                DAYS_30,
                0,
                "not-genuine",
                None,
                "Windows reports a problem with its license (non-genuine)",
                None,
            ),
            (
                7,
                "Retail",
                0,
                0,
                "could-not-read",
                None,
                "Could not tell whether Windows is activated",
                None,
            ),
        ];
        for (raw, channel, grace, reason, outcome, code, summary, ends) in table {
            let mut row = windows_row(raw, channel);
            row.grace_period_remaining = Some(grace);
            row.license_status_reason = Some(reason);
            let check = check(&probe_of(vec![office_row(), row]), NOW);
            let case = format!("{raw} {channel}");
            assert_eq!(check.outcome, outcome, "{case}");
            assert_eq!(check.code.as_deref(), code, "{case}");
            assert_eq!(check.summary, summary, "{case}");
            assert_eq!(fact(&check, "ends").as_deref(), ends, "{case}");
            assert_eq!(fact(&check, "error_code").as_deref(), code, "{case}");
            let status = find_outcome(CheckId::Activation, outcome).unwrap().status;
            assert_eq!(check.status, status, "{case}");
            assert_eq!(check.reason_unknown.is_some(), status == Status::Unknown);
            if let Some(ends) = check.facts.get("ends") {
                assert_eq!(ends.kind, FactKind::Date);
            }
            for fact in check.facts.iter() {
                assert!(!fact.label.contains("License") || fact.label == "License type");
                assert!(!fact.value.contains("minutes"), "{case}: {fact:?}");
            }
        }
    }

    #[test]
    fn every_channel_is_explained() {
        let table = [
            (
                "Retail",
                Channel::Retail,
                "Retail: a bought key or a digital license",
            ),
            (
                "OEM:DM",
                Channel::OemDm,
                "Came with the PC (key stored in the PC's firmware)",
            ),
            (
                "OEM:NONSLP",
                Channel::OemNonSlp,
                "Came with the PC (key entered by the maker)",
            ),
            (
                "Volume:MAK",
                Channel::VolumeMak,
                "An organization's volume license (MAK)",
            ),
            (
                "Volume:GVLK",
                Channel::VolumeGvlk,
                "An organization's volume license (KMS)",
            ),
            (
                "OEM:COA_NSLP",
                Channel::Other("OEM:COA_NSLP".into()),
                "Came with the PC (OEM:COA_NSLP)",
            ),
            (
                "Volume:CSVLK",
                Channel::Other("Volume:CSVLK".into()),
                "An organization's volume license (Volume:CSVLK)",
            ),
            ("Weird", Channel::Other("Weird".into()), "Weird"),
        ];
        for (raw, channel, label) in table {
            assert_eq!(Channel::parse(raw), channel);
            assert_eq!(channel.as_str(), raw);
            assert_eq!(channel_label(&channel), label);
            let check = check(&probe_of(vec![windows_row(1, raw)]), NOW);
            assert_eq!(fact(&check, "license_type").as_deref(), Some(label));
        }
        assert!(Channel::VolumeGvlk.is_volume() && Channel::VolumeMak.is_volume());
        assert!(!Channel::OemDm.is_volume() && !Channel::Retail.is_volume());
    }

    #[test]
    fn channels_read_as_words() {
        assert_eq!(
            channel_label(&Channel::OemDm),
            "Came with the PC (key stored in the PC's firmware)"
        );
        assert_eq!(
            channel_label(&Channel::VolumeMak),
            "An organization's volume license (MAK)"
        );
        let check = check(&probe_of(vec![windows_row(1, "OEM:DM")]), NOW);
        assert_eq!(
            fact(&check, "license_type").as_deref(),
            Some("Came with the PC (key stored in the PC's firmware)")
        );
        assert_eq!(fact(&check, "state").as_deref(), Some("Activated"));
        assert_eq!(fact(&check, "product_key").as_deref(), Some("3V66T"));
        assert_eq!(error_code(0xC004_F213), "0xC004F213");
    }

    #[test]
    fn addons_other_products_and_keyless_rows_are_ignored() {
        let mut esu = windows_row(1, "Retail");
        esu.license_is_addon = Some(true);
        esu.partial_product_key = Some("ESU11".into());
        let mut keyless = windows_row(1, "Retail");
        keyless.partial_product_key = None;
        let mut real = windows_row(0, "OEM:DM");
        real.application_id = Some(WINDOWS_APPLICATION_ID.to_uppercase());
        let check = check(&probe_of(vec![esu, office_row(), keyless, real]), NOW);
        assert_eq!(check.status, Status::Problem);
        assert_eq!(fact(&check, "product_key").as_deref(), Some("3V66T"));
        assert!(
            fact(&check, "license_type")
                .unwrap()
                .starts_with("Came with the PC")
        );
    }

    #[test]
    fn an_activated_row_wins_over_an_unactivated_one() {
        let rows = vec![windows_row(0, "Volume:GVLK"), windows_row(1, "OEM:DM")];
        let check = check(&probe_of(rows), NOW);
        assert_eq!(check.status, Status::Ok);
        assert_eq!(check.outcome, "activated");
    }

    #[test]
    fn no_rows_from_the_filtered_query_is_no_windows_key_not_unknown() {
        // The probe does not follow an empty filtered answer with the slow `SELECT *`, which
        // could outlast the WMI timeout and turn "no key installed" into "unknown: timed out".
        let check = check(
            &Ok(ActivationProbe {
                query: Query::WindowsKeys,
                ..ActivationProbe::default()
            }),
            NOW,
        );
        assert_eq!(check.status, Status::Problem);
        assert_eq!(check.outcome, "no-key");
        assert_eq!(
            check.summary,
            "Windows is not activated: there is no product key or digital license on this PC"
        );
        let other_products_only = super::check(&probe_of(vec![office_row()]), NOW);
        assert_eq!(other_products_only.outcome, "no-key");
    }

    #[test]
    fn missing_wmi_properties_or_rows_make_it_unknown() {
        // What Wine 8 has: LicenseStatus and LicenseIsAddon only.
        let wine = ActivationProbe {
            rows: vec![LicensingRow {
                license_status: Some(1),
                license_is_addon: Some(false),
                ..LicensingRow::default()
            }],
            missing_properties: vec![
                "ApplicationID".into(),
                "PartialProductKey".into(),
                "ProductKeyChannel".into(),
                "GracePeriodRemaining".into(),
            ],
            query: Query::Everything,
        };
        let check = check(&Ok(wine), NOW);
        assert_eq!(check.status, Status::Unknown);
        assert_eq!(check.outcome, "could-not-read");
        let reason = check.reason_unknown.unwrap();
        assert!(
            reason.contains("ApplicationID / PartialProductKey"),
            "{reason}"
        );
        let empty = super::check(&probe_of(vec![]), NOW);
        assert_eq!(empty.status, Status::Unknown);
        assert!(
            empty
                .reason_unknown
                .unwrap()
                .contains("no SoftwareLicensingProduct")
        );
        let null_status = {
            let mut row = windows_row(1, "Retail");
            row.license_status = None;
            super::check(&probe_of(vec![row]), NOW)
        };
        assert_eq!(null_status.status, Status::Unknown);
        let failed = super::check(
            &Err(ProbeError::new(
                "WMI query failed: access denied (0x80041003)",
            )),
            NOW,
        );
        assert_eq!(failed.status, Status::Unknown);
        assert!(failed.reason_unknown.unwrap().contains("access denied"));
    }

    #[test]
    fn a_full_product_key_never_appears_in_the_output() {
        let full = "VK7JG-NPHTM-C97JM-9MPGT-3V66T";
        for raw in [full, "VK7JGNPHTMC97JM9MPGT3V66T", "3V66T3", "V66T-"] {
            let mut row = windows_row(1, "Retail");
            row.partial_product_key = Some(raw.into());
            let check = check(&probe_of(vec![row]), NOW);
            let json = serde_json::to_string(&check).unwrap();
            assert!(!json.contains(raw), "{raw} leaked: {json}");
            assert!(!json.contains("NPHTM"), "{json}");
            assert_eq!(
                fact(&check, "product_key").as_deref(),
                Some("Withheld (not a 5-character partial key)")
            );
        }
        assert_eq!(partial_key_fact("3V66T"), "3V66T");
    }
}
