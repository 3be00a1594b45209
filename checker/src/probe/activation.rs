//! What the `activation` probe reads: `SoftwareLicensingProduct` instances from WMI
//! (`root\cimv2`), as plain rows.
//!
//! The probe names the properties it reads and the query it asked; which row is the Windows
//! license and what its numbers mean, the `activation` check decides.

/// `SoftwareLicensingProduct.ApplicationID` of Windows itself.
pub const WINDOWS_APPLICATION_ID: &str = "55c92734-d682-4d71-983e-d6ec3f16059f";

/// The properties the probe reads from each row.
pub const READ_PROPERTIES: [&str; 8] = [
    "ApplicationID",
    "PartialProductKey",
    "LicenseStatus",
    "LicenseStatusReason",
    "LicenseIsAddon",
    "ProductKeyChannel",
    "GracePeriodRemaining",
    "Description",
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
    /// `LicenseStatusReason`: the HRESULT Settings shows as the error code (0xC004F213).
    pub license_status_reason: Option<u32>,
    /// `Description`, a fixed English identifier such as "Windows(R) Operating System,
    /// TIMEBASED_EVAL channel" (not translated; read only to recognize evaluation copies).
    pub description: Option<String>,
}

/// What the WMI probe returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivationProbe {
    /// The instances the query answered (the decision filters them again).
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
