//! The `activation` check: is Windows activated, and with what kind of licence.
//!
//! Input is every `SoftwareLicensingProduct` instance WMI returned (`root\cimv2`), as plain
//! rows. The Windows licence is the row with the Windows ApplicationID, a non-null
//! `PartialProductKey` and `LicenseIsAddon` false (ESU add-ons share the ApplicationID).
//! Only numeric and fixed English identifiers are read, never translated text (`slmgr` output
//! is localized). The product key is never read: `PartialProductKey` is already its last five
//! characters, and [`partial_key_fact`] refuses to show anything longer.

use super::{decided, probe_failed, unknown};
use crate::probe::Probed;
use crate::report::{Check, CheckId, Facts, Status};

/// `SoftwareLicensingProduct.ApplicationID` of Windows itself.
pub const WINDOWS_APPLICATION_ID: &str = "55c92734-d682-4d71-983e-d6ec3f16059f";

/// The properties the decision needs; without them the Windows row cannot be found.
pub const REQUIRED_PROPERTIES: [&str; 3] = ["ApplicationID", "PartialProductKey", "LicenseStatus"];

/// The properties the probe reads from each row.
pub const READ_PROPERTIES: [&str; 6] = [
    "ApplicationID",
    "PartialProductKey",
    "LicenseStatus",
    "LicenseIsAddon",
    "ProductKeyChannel",
    "GracePeriodRemaining",
];

/// One `SoftwareLicensingProduct` instance; `None` where the property is null or absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LicensingRow {
    /// `ApplicationID` (Windows is [`WINDOWS_APPLICATION_ID`]).
    pub application_id: Option<String>,
    /// `PartialProductKey`: the last 5 characters of the installed key; null when none.
    pub partial_product_key: Option<String>,
    /// `LicenseStatus`, 0–6.
    pub license_status: Option<u32>,
    /// `LicenseIsAddon`: true for add-ons such as Extended Security Updates.
    pub license_is_addon: Option<bool>,
    /// `ProductKeyChannel`, e.g. "Retail", "OEM:DM", "Volume:GVLK".
    pub product_key_channel: Option<String>,
    /// `GracePeriodRemaining`, in minutes.
    pub grace_period_remaining: Option<u32>,
}

/// What the WMI probe returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivationProbe {
    /// The instances the query answered (the decision filters them again, here).
    pub rows: Vec<LicensingRow>,
    /// Which query answered: it decides what no rows means.
    pub query: Query,
    /// Properties of [`READ_PROPERTIES`] that this system's class does not have at all.
    pub missing_properties: Vec<String>,
}

/// The query the probe's rows come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Query {
    /// WQL filtered to the Windows ApplicationID with a non-null `PartialProductKey`: quick on
    /// Windows, and no rows means no Windows key is installed.
    WindowsKeys,
    /// `SELECT *`, asked only when WMI rejected the filtered query as naming properties its
    /// class lacks (Wine's has LicenseStatus and LicenseIsAddon only): no rows means WMI has
    /// no licensing data.
    #[default]
    Everything,
}

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

/// `ProductKeyChannel`: where the licence came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channel {
    /// "Retail": a bought key, or a digital license (store purchase, free upgrade).
    Retail,
    /// "OEM:DM": the key is in the firmware (OEM Digital Marker).
    OemDm,
    /// "OEM:NONSLP": a key the manufacturer entered.
    OemNonSlp,
    /// "Volume:MAK": an organisation's Multiple Activation Key.
    VolumeMak,
    /// "Volume:GVLK": a generic volume key for an organisation's KMS or Active Directory.
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

    /// What the channel means, for readers.
    pub fn meaning(&self) -> &'static str {
        match self {
            Self::Retail => {
                "a retail licence: a bought key, or a digital license from a Store purchase or \
                 free upgrade; it can be linked to a Microsoft account"
            }
            Self::OemDm => {
                "key in the firmware (OEM Digital Marker), usually a digital license tied to \
                 this hardware"
            }
            Self::OemNonSlp => "an OEM key the manufacturer entered; tied to this PC",
            Self::VolumeMak => {
                "an organisation's Multiple Activation Key; managed by that organisation"
            }
            Self::VolumeGvlk => {
                "a generic volume key that activates against an organisation's KMS server or \
                 Active Directory; managed by that organisation"
            }
            Self::Other(raw) if raw.starts_with("OEM") => "an OEM licence from the manufacturer",
            Self::Other(raw) if raw.starts_with("Volume") => {
                "a volume licence, managed by an organisation"
            }
            Self::Other(_) => "a channel this tool does not know",
        }
    }

    /// Whether this is a volume (organisation) licence.
    pub fn is_volume(&self) -> bool {
        self.as_str().starts_with("Volume")
    }
}

/// The Windows licence found among the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowsLicence {
    /// Its status; `None` when `LicenseStatus` was null.
    pub status: Option<LicenseStatus>,
    /// Its channel; `None` when `ProductKeyChannel` was null or absent.
    pub channel: Option<Channel>,
    /// `PartialProductKey`, exactly as read (shown only through [`partial_key_fact`]).
    pub partial_key: String,
    /// `GracePeriodRemaining` in minutes.
    pub grace_minutes: Option<u32>,
}

/// Why no Windows licence could be taken from the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoLicence {
    /// The class lacks properties the search needs: cannot tell (→ `unknown`).
    MissingProperties(Vec<String>),
    /// WMI returned no instances at all: cannot tell (→ `unknown`).
    NoRows,
    /// None of the instances is Windows with a key installed, or the filtered query found
    /// none (→ `problem`).
    NoWindowsKey,
}

/// Finds the Windows licence: Windows ApplicationID, a key installed, not an add-on.
/// With several, an activated one wins.
pub fn windows_licence(probe: &ActivationProbe) -> Result<WindowsLicence, NoLicence> {
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
        return Err(NoLicence::MissingProperties(missing));
    }
    if probe.rows.is_empty() {
        return Err(match probe.query {
            Query::WindowsKeys => NoLicence::NoWindowsKey,
            Query::Everything => NoLicence::NoRows,
        });
    }
    let mut candidates = probe.rows.iter().filter(|row| {
        row.application_id
            .as_deref()
            .is_some_and(|id| id.trim().eq_ignore_ascii_case(WINDOWS_APPLICATION_ID))
            && row.partial_product_key.is_some()
            && row.license_is_addon != Some(true)
    });
    let first = candidates.next().ok_or(NoLicence::NoWindowsKey)?;
    let chosen = std::iter::once(first)
        .chain(candidates)
        .find(|row| row.license_status == Some(1))
        .unwrap_or(first);
    Ok(WindowsLicence {
        status: chosen.license_status.map(LicenseStatus::from_raw),
        channel: chosen.product_key_channel.as_deref().map(Channel::parse),
        partial_key: chosen.partial_product_key.clone().unwrap_or_default(),
        grace_minutes: chosen.grace_period_remaining,
    })
}

/// The longest key fragment ever shown: `PartialProductKey` is the last 5 characters.
pub const PARTIAL_KEY_MAX: usize = 5;

/// The fact shown for a partial key: the key itself only if it is at most 5 characters,
/// so a full product key can never reach the output, whatever a probe returns.
pub fn partial_key_fact(raw: &str) -> String {
    let raw = raw.trim();
    if raw.chars().count() <= PARTIAL_KEY_MAX && raw.chars().all(|c| c.is_ascii_alphanumeric()) {
        let shown = format!("{raw} (last 5 characters of the key)");
        assert!(raw.chars().count() <= PARTIAL_KEY_MAX);
        shown
    } else {
        "withheld (not a 5-character partial key)".to_owned()
    }
}

fn days(minutes: u32) -> String {
    let days = minutes / (60 * 24);
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    }
}

/// Decides the `activation` check.
pub fn check(probe: &Probed<ActivationProbe>) -> Check {
    let id = CheckId::Activation;
    let probe = match probe {
        Ok(probe) => probe,
        Err(error) => return probe_failed(id, error),
    };
    let licence = match windows_licence(probe) {
        Ok(licence) => licence,
        Err(NoLicence::MissingProperties(missing)) => {
            let facts = Facts::new().with("Missing WMI properties", missing.join(", "));
            return unknown(
                id,
                "Could not find the Windows licence in WMI",
                format!(
                    "this system's SoftwareLicensingProduct class has no {} property, so the \
                     Windows licence cannot be told apart from the others",
                    missing.join(" / ")
                ),
                facts,
            );
        }
        Err(NoLicence::NoRows) => {
            return unknown(
                id,
                "Could not find the Windows licence in WMI",
                "WMI returned no SoftwareLicensingProduct instances",
                Facts::new(),
            );
        }
        Err(NoLicence::NoWindowsKey) => {
            let facts = Facts::new().with("PartialProductKey", "none: no Windows key installed");
            return decided(
                id,
                Status::Problem,
                "Windows is not activated: no Windows product key or digital license is installed",
                facts,
            );
        }
    };

    let mut facts = Facts::new();
    facts.insert(
        "LicenseStatus",
        licence
            .status
            .map_or_else(|| "null".to_owned(), LicenseStatus::describe),
    );
    facts.insert(
        "ProductKeyChannel",
        match &licence.channel {
            Some(channel) => format!("{}: {}", channel.as_str(), channel.meaning()),
            None => "not reported".to_owned(),
        },
    );
    facts.insert("PartialProductKey", partial_key_fact(&licence.partial_key));
    let in_grace = matches!(
        licence.status,
        Some(
            LicenseStatus::OobGrace
                | LicenseStatus::OotGrace
                | LicenseStatus::ExtendedGrace
                | LicenseStatus::NonGenuineGrace
        )
    );
    if let Some(minutes) = licence.grace_minutes {
        if minutes > 0 || in_grace {
            facts.insert(
                "GracePeriodRemaining",
                format!("{minutes} minutes ({})", days(minutes)),
            );
        }
    }
    let left = licence
        .grace_minutes
        .map(|m| format!(" ({} left)", days(m)))
        .unwrap_or_default();
    let channel = licence
        .channel
        .as_ref()
        .map(|c| format!(" ({})", c.as_str()))
        .unwrap_or_default();

    let Some(status) = licence.status else {
        return unknown(
            id,
            "Found the Windows licence, but not its status",
            "LicenseStatus of the Windows licence is null",
            facts,
        );
    };
    match status {
        LicenseStatus::Licensed => decided(
            id,
            Status::Ok,
            format!("Windows is activated{channel}"),
            facts,
        ),
        LicenseStatus::Unlicensed => decided(
            id,
            Status::Problem,
            format!("Windows is not activated{channel}"),
            facts,
        ),
        LicenseStatus::OobGrace => decided(
            id,
            Status::Attention,
            format!("Windows is not activated yet: initial grace period{left}"),
            facts,
        ),
        LicenseStatus::OotGrace => decided(
            id,
            Status::Attention,
            format!("Windows needs reactivation after a hardware change: grace period{left}"),
            facts,
        ),
        LicenseStatus::ExtendedGrace => decided(
            id,
            Status::Attention,
            format!("Windows is not activated: extended grace period{left}"),
            facts,
        ),
        LicenseStatus::NonGenuineGrace => decided(
            id,
            Status::Problem,
            format!("Windows reports a non-genuine grace period{left}"),
            facts,
        ),
        LicenseStatus::Notification => decided(
            id,
            Status::Problem,
            "Windows is not activated: notification mode",
            facts,
        ),
        LicenseStatus::Undocumented(n) => unknown(
            id,
            format!("Windows reports licence status {n}, which is not documented"),
            format!("LicenseStatus {n} is not one of the documented values 0–6"),
            facts,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::ProbeError;

    fn windows_row(status: u32, channel: &str) -> LicensingRow {
        LicensingRow {
            application_id: Some(WINDOWS_APPLICATION_ID.into()),
            partial_product_key: Some("3V66T".into()),
            license_status: Some(status),
            license_is_addon: Some(false),
            product_key_channel: Some(channel.into()),
            grace_period_remaining: Some(0),
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
        }
    }

    fn probe_of(rows: Vec<LicensingRow>) -> Probed<ActivationProbe> {
        Ok(ActivationProbe {
            rows,
            ..ActivationProbe::default()
        })
    }

    #[test]
    fn every_license_status() {
        let table = [
            (
                0,
                Status::Problem,
                "Windows is not activated (Retail)",
                "0 (unlicensed)",
            ),
            (
                1,
                Status::Ok,
                "Windows is activated (Retail)",
                "1 (licensed)",
            ),
            (
                2,
                Status::Attention,
                "initial grace period (30 days left)",
                "out-of-box",
            ),
            (
                3,
                Status::Attention,
                "after a hardware change",
                "out-of-tolerance",
            ),
            (
                4,
                Status::Problem,
                "non-genuine grace period",
                "non-genuine",
            ),
            (
                5,
                Status::Problem,
                "notification mode",
                "5 (notification mode)",
            ),
            (
                6,
                Status::Attention,
                "extended grace period",
                "6 (extended grace period)",
            ),
            (
                7,
                Status::Unknown,
                "status 7, which is not documented",
                "not a documented",
            ),
            (
                u32::MAX,
                Status::Unknown,
                "not documented",
                "not a documented",
            ),
        ];
        for (raw, status, summary, fact) in table {
            let mut row = windows_row(raw, "Retail");
            row.grace_period_remaining = Some(if raw == 1 { 0 } else { 30 * 24 * 60 });
            let check = check(&probe_of(vec![office_row(), row]));
            assert_eq!(check.status, status, "LicenseStatus {raw}");
            assert!(check.summary.contains(summary), "{raw}: {}", check.summary);
            assert!(
                check.facts.get("LicenseStatus").unwrap().contains(fact),
                "{raw}"
            );
            assert_eq!(check.reason_unknown.is_some(), status == Status::Unknown);
            assert!(!check.summary.contains('\n'));
            if raw == 1 {
                assert_eq!(check.facts.get("GracePeriodRemaining"), None);
            }
            if raw == 2 {
                assert_eq!(
                    check.facts.get("GracePeriodRemaining"),
                    Some("43200 minutes (30 days)")
                );
            }
        }
    }

    #[test]
    fn every_channel_is_explained() {
        let table = [
            ("Retail", Channel::Retail, "digital license"),
            ("OEM:DM", Channel::OemDm, "key in the firmware"),
            ("OEM:NONSLP", Channel::OemNonSlp, "manufacturer entered"),
            ("Volume:MAK", Channel::VolumeMak, "Multiple Activation Key"),
            ("Volume:GVLK", Channel::VolumeGvlk, "KMS"),
            (
                "OEM:COA_NSLP",
                Channel::Other("OEM:COA_NSLP".into()),
                "OEM licence",
            ),
            (
                "Volume:CSVLK",
                Channel::Other("Volume:CSVLK".into()),
                "volume licence",
            ),
            ("Weird", Channel::Other("Weird".into()), "does not know"),
        ];
        for (raw, channel, meaning) in table {
            assert_eq!(Channel::parse(raw), channel);
            assert_eq!(channel.as_str(), raw);
            assert!(channel.meaning().contains(meaning), "{raw}");
            let check = check(&probe_of(vec![windows_row(1, raw)]));
            let fact = check.facts.get("ProductKeyChannel").unwrap();
            assert!(fact.starts_with(&format!("{raw}: ")), "{fact}");
            assert!(fact.contains(meaning), "{fact}");
            assert_eq!(check.summary, format!("Windows is activated ({raw})"));
        }
        assert!(Channel::VolumeGvlk.is_volume() && Channel::VolumeMak.is_volume());
        assert!(!Channel::OemDm.is_volume() && !Channel::Retail.is_volume());
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
        let check = check(&probe_of(vec![esu, office_row(), keyless, real]));
        assert_eq!(check.status, Status::Problem);
        assert!(
            check
                .facts
                .get("PartialProductKey")
                .unwrap()
                .starts_with("3V66T")
        );
        assert!(
            check
                .facts
                .get("ProductKeyChannel")
                .unwrap()
                .starts_with("OEM:DM")
        );
    }

    #[test]
    fn an_activated_row_wins_over_an_unactivated_one() {
        let rows = vec![windows_row(0, "Volume:GVLK"), windows_row(1, "OEM:DM")];
        let check = check(&probe_of(rows));
        assert_eq!(check.status, Status::Ok);
        assert_eq!(check.summary, "Windows is activated (OEM:DM)");
    }

    #[test]
    fn no_rows_from_the_filtered_query_is_no_windows_key_not_unknown() {
        // The probe no longer follows an empty filtered answer with the slow `SELECT *`, which
        // could outlast the WMI timeout and turn "no key installed" into "unknown: timed out".
        let check = check(&Ok(ActivationProbe {
            query: Query::WindowsKeys,
            ..ActivationProbe::default()
        }));
        assert_eq!(check.status, Status::Problem);
        assert_eq!(
            check.summary,
            "Windows is not activated: no Windows product key or digital license is installed"
        );
        assert_eq!(
            check.facts.get("PartialProductKey"),
            Some("none: no Windows key installed")
        );
    }

    #[test]
    fn no_windows_key_is_a_problem() {
        let check = check(&probe_of(vec![office_row()]));
        assert_eq!(check.status, Status::Problem);
        assert!(check.summary.contains("no Windows product key"));
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
        let check = check(&Ok(wine));
        assert_eq!(check.status, Status::Unknown);
        let reason = check.reason_unknown.unwrap();
        assert!(
            reason.contains("ApplicationID / PartialProductKey"),
            "{reason}"
        );
        assert_eq!(
            check.facts.get("Missing WMI properties"),
            Some("ApplicationID, PartialProductKey")
        );
        let empty = super::check(&probe_of(vec![]));
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
            super::check(&probe_of(vec![row]))
        };
        assert_eq!(null_status.status, Status::Unknown);
        let failed = super::check(&Err(ProbeError::new(
            "WMI query failed: access denied (0x80041003)",
        )));
        assert_eq!(failed.status, Status::Unknown);
        assert!(failed.reason_unknown.unwrap().contains("access denied"));
    }

    #[test]
    fn a_full_product_key_never_appears_in_the_output() {
        let full = "VK7JG-NPHTM-C97JM-9MPGT-3V66T";
        for raw in [full, "VK7JGNPHTMC97JM9MPGT3V66T", "3V66T3", "V66T-"] {
            let mut row = windows_row(1, "Retail");
            row.partial_product_key = Some(raw.into());
            let check = check(&probe_of(vec![row]));
            let json = serde_json::to_string(&check).unwrap();
            assert!(!json.contains(raw), "{raw} leaked: {json}");
            assert!(!json.contains("NPHTM"), "{json}");
            assert_eq!(
                check.facts.get("PartialProductKey"),
                Some("withheld (not a 5-character partial key)")
            );
        }
        assert_eq!(
            partial_key_fact("3V66T"),
            "3V66T (last 5 characters of the key)"
        );
    }
}
