//! The report schema, defined once and shared by the checker and the site generator.
//!
//! The checker writes a [`Report`] as JSON (`--json`, or base64url in a `#report=` link), the
//! generator reads it back with [`Report::from_json`] and publishes [`json_schema`] at
//! `/downloads/report.schema.json`. Changing a field here changes both ends, which is the point:
//! bump [`SCHEMA_VERSION`] when an old reader could misread a new report.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The report format version this build writes and reads. Readers reject any other value.
///
/// Version 2 (this one) gives each check a stable `outcome` key, an optional Windows error
/// `code`, and facts as `{key, label, value, kind}` entries; it has no help links (the site
/// owns every link). Version 1 had facts as a label → value object and a `help` link per check.
pub const SCHEMA_VERSION: u32 = 2;

/// Help link for the `os` check, used by the checker's own text output (never in a report).
pub const HELP_OS: &str = "/activation/check-activation-status/#check";
/// Help link for the `activation` check.
pub const HELP_ACTIVATION: &str = "/activation/check-activation-status/#check";
/// Help link for the `account` check.
pub const HELP_ACCOUNT: &str = "/accounts/check-account-type/#check";
/// Help link for the `admin` check.
pub const HELP_ADMIN: &str = "/accounts/administrator-account/#check";
/// Help link for the `linked` check.
pub const HELP_LINKED: &str = "/activation/link-license-to-microsoft-account/#check";

/// Everything one run of the checker found out, in check order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "guidepost-check report")]
pub struct Report {
    /// Format version: `SCHEMA_VERSION`, 2 for this layout.
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema: u32,
    /// When the report was made, RFC 3339 in UTC (`2024-05-01T12:00:00Z`).
    #[schemars(extend("format" = "date-time"))]
    pub generated: String,
    /// Which checker made the report and on what operating system.
    pub checker: CheckerInfo,
    /// One entry per check, in the order `CheckId::ALL` lists them (os, activation, account,
    /// admin, linked).
    pub checks: Vec<Check>,
}

/// The program that produced a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CheckerInfo {
    /// The checker's version (its Cargo package version, e.g. `0.1.0`).
    pub version: String,
    /// The operating system it ran on, as Rust names it: `windows`, `linux`, `macos`, ...
    pub os: String,
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Check {
    /// Which check this is.
    pub id: CheckId,
    /// Short human title, e.g. "Windows version".
    pub title: String,
    /// The verdict.
    pub status: Status,
    /// What was found, as a stable key from [`OUTCOMES`] (`local-account`, `not-activated`,
    /// ...): the site picks the reader's next step from (`id`, `outcome`, `code`).
    pub outcome: String,
    /// The Windows error code that goes with the outcome, as Settings shows it (`0xC004F213`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// One line in the reader's words saying what was found ("You sign in with a local account").
    pub summary: String,
    /// What was read, in display order, each with a stable key and a human label.
    pub facts: Facts,
    /// Why the check could not decide; present when `status` is `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_unknown: Option<String>,
}

/// The five checks, in report order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum CheckId {
    /// Which Windows: 10 or 11, edition, version, build.
    Os,
    /// Whether Windows is activated, and with what kind of license.
    Activation,
    /// Microsoft account, local account, work or school account or domain account.
    Account,
    /// Whether the user is an administrator, and whether this process is elevated.
    Admin,
    /// Whether the license is likely linked to the Microsoft account (inferred).
    Linked,
}

impl CheckId {
    /// Every check, in report order.
    pub const ALL: [CheckId; 5] = [
        CheckId::Os,
        CheckId::Activation,
        CheckId::Account,
        CheckId::Admin,
        CheckId::Linked,
    ];

    /// The id as it appears in JSON (`os`, `activation`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Os => "os",
            CheckId::Activation => "activation",
            CheckId::Account => "account",
            CheckId::Admin => "admin",
            CheckId::Linked => "linked",
        }
    }

    /// The check with this JSON id.
    pub fn parse(id: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|c| c.as_str() == id)
    }

    /// The check's human title.
    pub fn title(self) -> &'static str {
        match self {
            CheckId::Os => "Windows version",
            CheckId::Activation => "Activation",
            CheckId::Account => "Account type",
            CheckId::Admin => "Administrator",
            CheckId::Linked => "License linked to Microsoft account",
        }
    }

    /// The site-relative help link the checker's text output names for this check (one of
    /// the `HELP_*` consts). Reports carry no links.
    pub fn help(self) -> &'static str {
        match self {
            CheckId::Os => HELP_OS,
            CheckId::Activation => HELP_ACTIVATION,
            CheckId::Account => HELP_ACCOUNT,
            CheckId::Admin => HELP_ADMIN,
            CheckId::Linked => HELP_LINKED,
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fine as it is.
    Ok,
    /// Works, but the reader may want to act (e.g. a local account, a grace period).
    Attention,
    /// Something is wrong (e.g. Windows is not activated).
    Problem,
    /// The checker could not tell; `reason_unknown` says why.
    Unknown,
}

impl Status {
    /// The status as it appears in JSON (`ok`, `attention`, `problem`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Attention => "attention",
            Status::Problem => "problem",
            Status::Unknown => "unknown",
        }
    }

    /// How urgent a result with this status is: 0 for `problem` (first in the status block),
    /// then `attention`, `unknown`, `ok`.
    pub fn rank(self) -> u8 {
        match self {
            Status::Problem => 0,
            Status::Attention => 1,
            Status::Unknown => 2,
            Status::Ok => 3,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One outcome a check can report: the stable key the site's next-step table matches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The check that reports it.
    pub check: CheckId,
    /// The key, unique within its check (`local-account`).
    pub key: &'static str,
    /// The status a report with this outcome has.
    pub status: Status,
    /// What it means, for authors writing next steps (`guidepost check` quotes it).
    pub meaning: &'static str,
}

const fn outcome(
    check: CheckId,
    key: &'static str,
    status: Status,
    meaning: &'static str,
) -> Outcome {
    Outcome {
        check,
        key,
        status,
        meaning,
    }
}

/// Every outcome every check can report. The checks use nothing else (a test holds them to it);
/// the site generator validates its next-step table against this list.
pub const OUTCOMES: &[Outcome] = &[
    // os
    outcome(
        CheckId::Os,
        "supported",
        Status::Ok,
        "Windows 10 or 11, a version still getting security updates",
    ),
    outcome(
        CheckId::Os,
        "end-of-support",
        Status::Attention,
        "a Windows version past the end of its security updates",
    ),
    outcome(
        CheckId::Os,
        "older-windows",
        Status::Attention,
        "Windows 8.1 or older, which these guides do not cover",
    ),
    outcome(
        CheckId::Os,
        "server",
        Status::Attention,
        "Windows Server, which these guides do not cover",
    ),
    // activation
    outcome(
        CheckId::Activation,
        "activated",
        Status::Ok,
        "Windows is activated",
    ),
    outcome(
        CheckId::Activation,
        "activated-until",
        Status::Ok,
        "Windows is activated for a limited time (KMS volume activation), renewed by the organization's server",
    ),
    outcome(
        CheckId::Activation,
        "evaluation",
        Status::Attention,
        "an evaluation edition, which expires and cannot be activated with a key",
    ),
    outcome(
        CheckId::Activation,
        "grace-period",
        Status::Attention,
        "Windows works but is not activated yet; activation is needed before the grace period ends",
    ),
    outcome(
        CheckId::Activation,
        "not-activated",
        Status::Problem,
        "Windows is not activated (unlicensed, or notification mode with reminders); `code` holds the error code when Windows gave one",
    ),
    outcome(
        CheckId::Activation,
        "no-key",
        Status::Problem,
        "no Windows product key or license is installed",
    ),
    outcome(
        CheckId::Activation,
        "not-genuine",
        Status::Problem,
        "Windows reports a non-genuine license (its non-genuine grace period)",
    ),
    // account
    outcome(
        CheckId::Account,
        "microsoft-account",
        Status::Ok,
        "the user signs in with a Microsoft account",
    ),
    outcome(
        CheckId::Account,
        "local-account",
        Status::Attention,
        "the user signs in with a local account",
    ),
    outcome(
        CheckId::Account,
        "work-or-school-account",
        Status::Attention,
        "the user signs in with a work or school account (Microsoft Entra ID)",
    ),
    outcome(
        CheckId::Account,
        "domain-account",
        Status::Attention,
        "the user signs in with an organization's domain account",
    ),
    // admin
    outcome(
        CheckId::Admin,
        "administrator",
        Status::Ok,
        "the user is an administrator",
    ),
    outcome(
        CheckId::Admin,
        "standard-user",
        Status::Attention,
        "the user is a standard user; changes need an administrator",
    ),
    // linked
    outcome(
        CheckId::Linked,
        "likely-linked",
        Status::Ok,
        "every precondition of a link holds; Settings shows the real answer",
    ),
    outcome(
        CheckId::Linked,
        "not-activated",
        Status::Problem,
        "nothing to link until Windows is activated",
    ),
    outcome(
        CheckId::Linked,
        "volume-license",
        Status::Attention,
        "a volume license belongs to an organization and cannot be linked",
    ),
    outcome(
        CheckId::Linked,
        "not-digital",
        Status::Unknown,
        "a product-key license that may or may not have become a digital license; Settings tells",
    ),
    outcome(
        CheckId::Linked,
        "local-account",
        Status::Unknown,
        "a local account cannot hold a link; another account on the PC may have linked it",
    ),
    outcome(
        CheckId::Linked,
        "standard-user",
        Status::Unknown,
        "a standard user cannot see or make the link; an administrator can",
    ),
    outcome(
        CheckId::Linked,
        "other-account",
        Status::Unknown,
        "a work, school or domain account, which cannot hold the link",
    ),
    // every check
    outcome(
        CheckId::Os,
        "not-windows",
        Status::Unknown,
        "the checker ran on another operating system",
    ),
    outcome(
        CheckId::Activation,
        "not-windows",
        Status::Unknown,
        "the checker ran on another operating system",
    ),
    outcome(
        CheckId::Account,
        "not-windows",
        Status::Unknown,
        "the checker ran on another operating system",
    ),
    outcome(
        CheckId::Admin,
        "not-windows",
        Status::Unknown,
        "the checker ran on another operating system",
    ),
    outcome(
        CheckId::Linked,
        "not-windows",
        Status::Unknown,
        "the checker ran on another operating system",
    ),
    outcome(
        CheckId::Os,
        "could-not-read",
        Status::Unknown,
        "Windows did not answer; `reason_unknown` says why",
    ),
    outcome(
        CheckId::Activation,
        "could-not-read",
        Status::Unknown,
        "Windows did not answer; `reason_unknown` says why",
    ),
    outcome(
        CheckId::Account,
        "could-not-read",
        Status::Unknown,
        "Windows did not answer; `reason_unknown` says why",
    ),
    outcome(
        CheckId::Admin,
        "could-not-read",
        Status::Unknown,
        "Windows did not answer; `reason_unknown` says why",
    ),
    outcome(
        CheckId::Linked,
        "could-not-read",
        Status::Unknown,
        "a check it depends on could not be read",
    ),
];

/// The outcome `key` of `check`, if the catalog has it.
pub fn find_outcome(check: CheckId, key: &str) -> Option<&'static Outcome> {
    OUTCOMES.iter().find(|o| o.check == check && o.key == key)
}

/// What kind of value a fact holds, so a reader's browser can show dates in its own way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// Plain text, shown as it is.
    #[default]
    Text,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A moment, RFC 3339 in UTC; shown as the reader's local date and time.
    Datetime,
}

impl FactKind {
    fn is_text(&self) -> bool {
        *self == FactKind::Text
    }
}

/// One thing the checker read: a stable `key`, a human `label` and the `value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fact {
    /// Stable machine key (`license_channel`); rewording the label does not change it.
    pub key: String,
    /// What a reader sees ("License type").
    pub label: String,
    /// The value, in words where a code has a meaning ("Came with the PC (OEM)").
    pub value: String,
    /// How to show the value; `text` when absent.
    #[serde(default, skip_serializing_if = "FactKind::is_text")]
    pub kind: FactKind,
}

/// Facts in display order; a JSON array of [`Fact`] on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Facts(Vec<Fact>);

impl Facts {
    /// No facts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the text fact `key` to `value` under `label`, replacing an earlier fact with the
    /// same key in place.
    pub fn insert(&mut self, key: &str, label: impl Into<String>, value: impl Into<String>) {
        self.insert_kind(key, label, value, FactKind::Text);
    }

    /// [`Facts::insert`] for a value of another kind (a date).
    pub fn insert_kind(
        &mut self,
        key: &str,
        label: impl Into<String>,
        value: impl Into<String>,
        kind: FactKind,
    ) {
        let fact = Fact {
            key: key.to_owned(),
            label: label.into(),
            value: value.into(),
            kind,
        };
        match self.0.iter_mut().find(|f| f.key == key) {
            Some(slot) => *slot = fact,
            None => self.0.push(fact),
        }
    }

    /// Builder form of [`Facts::insert`].
    pub fn with(mut self, key: &str, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(key, label, value);
        self
    }

    /// The fact with this key, if any.
    pub fn get(&self, key: &str) -> Option<&Fact> {
        self.0.iter().find(|f| f.key == key)
    }

    /// The facts in order.
    pub fn iter(&self) -> impl Iterator<Item = &Fact> {
        self.0.iter()
    }

    /// How many facts there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Why a JSON text is not a report this build can read.
#[derive(Debug)]
pub enum ReportError {
    /// Not JSON, or JSON of the wrong shape.
    Json(serde_json::Error),
    /// A JSON object without a numeric `schema` field: not a guidepost-check report.
    MissingSchema,
    /// A report in a format version this build does not know.
    UnsupportedSchema {
        /// The version the report declares.
        found: u64,
    },
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::Json(e) => write!(f, "not a valid guidepost-check report: {e}"),
            ReportError::MissingSchema => f.write_str(
                "not a guidepost-check report: it has no numeric \"schema\" version field",
            ),
            ReportError::UnsupportedSchema { found } if *found < u64::from(SCHEMA_VERSION) => {
                write!(
                    f,
                    "this report was made by an older guidepost-check (report version {found}); \
                     this site reads version {SCHEMA_VERSION}: download guidepost-check again and \
                     run the new one"
                )
            }
            ReportError::UnsupportedSchema { found } => write!(
                f,
                "this report was made by a newer guidepost-check (report version {found}) than \
                 this site reads (version {SCHEMA_VERSION}): use the guidepost-check offered by \
                 this site"
            ),
        }
    }
}

impl std::error::Error for ReportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReportError::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl Report {
    /// Reads a report, checking its `schema` version before anything else so that a report
    /// from a newer checker fails with [`ReportError::UnsupportedSchema`], not a shape error.
    pub fn from_json(text: &str) -> Result<Report, ReportError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(ReportError::Json)?;
        let version = value
            .get("schema")
            .and_then(serde_json::Value::as_u64)
            .ok_or(ReportError::MissingSchema)?;
        if version != u64::from(SCHEMA_VERSION) {
            return Err(ReportError::UnsupportedSchema { found: version });
        }
        serde_json::from_value(value).map_err(ReportError::Json)
    }

    /// The report as pretty-printed JSON (what `--json` prints).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// The report as one-line JSON (what goes into a `#report=` link).
    pub fn to_json_compact(&self) -> String {
        serde_json::to_string(self).expect("a report always serializes")
    }

    /// The checks, most urgent first (problem, attention, unknown, ok); report order among
    /// equals. The status block lists them in this order.
    pub fn by_urgency(&self) -> Vec<&Check> {
        let mut checks: Vec<&Check> = self.checks.iter().collect();
        checks.sort_by_key(|c| c.status.rank());
        checks
    }

    /// One line over every check: "All 5 checks are fine." or "2 of 5 need attention:
    /// Activation, Account type.", then "Could not check: …" for unknown ones. The site's
    /// `status.js` words its line the same way.
    pub fn summary_line(&self) -> String {
        let total = self.checks.len();
        let titles = |wanted: &[Status]| -> Vec<&str> {
            self.by_urgency()
                .into_iter()
                .filter(|c| wanted.contains(&c.status))
                .map(|c| c.title.as_str())
                .collect()
        };
        let act = titles(&[Status::Problem, Status::Attention]);
        let unknown = titles(&[Status::Unknown]);
        let mut line = match act.len() {
            0 if unknown.is_empty() => format!("All {total} checks are fine."),
            0 => "Nothing needs attention.".to_owned(),
            1 => format!("1 of {total} needs attention: {}.", act[0]),
            n => format!("{n} of {total} need attention: {}.", act.join(", ")),
        };
        if !unknown.is_empty() {
            line.push_str(&format!(" Could not check: {}.", unknown.join(", ")));
        }
        line
    }

    /// The check with this id, if the report has it.
    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// The JSON Schema (draft 2020-12) of [`Report`], pretty-printed; the generator publishes it
/// at `/downloads/report.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Report);
    serde_json::to_string_pretty(&schema).expect("a schema always serializes")
}

#[cfg(test)]
mod tests_support {
    use super::*;

    pub(super) fn sample() -> Report {
        Report {
            schema: SCHEMA_VERSION,
            generated: "2024-05-01T12:00:00Z".into(),
            checker: CheckerInfo {
                version: "0.1.0".into(),
                os: "windows".into(),
            },
            checks: CheckId::ALL
                .iter()
                .map(|&id| Check {
                    id,
                    title: id.title().into(),
                    status: Status::Unknown,
                    outcome: "could-not-read".into(),
                    code: None,
                    summary: "s".into(),
                    facts: Facts::new().with("z", "Zed", "1").with("a", "A", "2"),
                    reason_unknown: Some("r".into()),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::sample;
    use super::*;

    #[test]
    fn round_trips_and_keeps_fact_order() {
        let report = sample();
        let back = Report::from_json(&report.to_json_pretty()).unwrap();
        assert_eq!(back, report);
        let keys: Vec<_> = back.checks[0]
            .facts
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(keys, ["z", "a"]);
        assert!(report.to_json_compact().contains(
            r#""facts":[{"key":"z","label":"Zed","value":"1"},{"key":"a","label":"A","value":"2"}]"#
        ));
    }

    #[test]
    fn rejects_other_schema_versions_clearly() {
        let mut value: serde_json::Value =
            serde_json::from_str(&sample().to_json_compact()).unwrap();
        value["schema"] = 3.into();
        let err = Report::from_json(&value.to_string()).unwrap_err();
        assert!(matches!(err, ReportError::UnsupportedSchema { found: 3 }));
        assert!(err.to_string().contains("newer guidepost-check"), "{err}");
        value["schema"] = 1.into();
        let err = Report::from_json(&value.to_string()).unwrap_err();
        assert!(err.to_string().contains("older guidepost-check"), "{err}");
        assert!(err.to_string().contains("download guidepost-check again"));
        assert!(matches!(
            Report::from_json(r#"{"checks": []}"#),
            Err(ReportError::MissingSchema)
        ));
        assert!(matches!(
            Report::from_json("not json"),
            Err(ReportError::Json(_))
        ));
    }

    #[test]
    fn serializes_the_documented_shape() {
        let value: serde_json::Value = serde_json::from_str(&sample().to_json_compact()).unwrap();
        assert_eq!(value["schema"], 2);
        assert_eq!(value["checker"]["os"], "windows");
        let first = &value["checks"][0];
        assert_eq!(first["id"], "os");
        assert_eq!(first["status"], "unknown");
        assert_eq!(first["outcome"], "could-not-read");
        assert!(first.get("help").is_none(), "reports carry no links");
        assert!(first.get("code").is_none());
        assert_eq!(first["facts"][0]["label"], "Zed");
        assert!(
            first["facts"][0].get("kind").is_none(),
            "text is the default kind"
        );
        let mut no_reason = sample();
        no_reason.checks[0].reason_unknown = None;
        assert!(
            !no_reason
                .to_json_compact()
                .contains("\"reason_unknown\":null")
        );
    }

    #[test]
    fn help_links_match_the_guide() {
        assert_eq!(
            CheckId::Os.help(),
            "/activation/check-activation-status/#check"
        );
        assert_eq!(
            CheckId::Activation.help(),
            "/activation/check-activation-status/#check"
        );
        assert_eq!(
            CheckId::Account.help(),
            "/accounts/check-account-type/#check"
        );
        assert_eq!(
            CheckId::Admin.help(),
            "/accounts/administrator-account/#check"
        );
        assert_eq!(
            CheckId::Linked.help(),
            "/activation/link-license-to-microsoft-account/#check"
        );
    }

    /// Collects every `properties` key and every enum string anywhere in the schema.
    fn names(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map {
                    if key == "properties"
                        && let Some(props) = inner.as_object()
                    {
                        out.extend(props.keys().cloned());
                    }
                    if key == "enum" || key == "const" {
                        for v in inner.as_array().into_iter().flatten().chain([inner]) {
                            if let Some(s) = v.as_str() {
                                out.push(s.to_owned());
                            }
                        }
                    }
                    names(inner, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| names(v, out)),
            _ => {}
        }
    }

    #[test]
    fn json_schema_is_valid_json_naming_every_field() {
        let text = json_schema();
        let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
        assert!(
            schema["$schema"]
                .as_str()
                .unwrap()
                .contains("json-schema.org")
        );
        let mut found = Vec::new();
        names(&schema, &mut found);
        for field in [
            "schema",
            "generated",
            "checker",
            "checks",
            "version",
            "os",
            "id",
            "title",
            "status",
            "summary",
            "outcome",
            "code",
            "facts",
            "key",
            "label",
            "value",
            "kind",
            "reason_unknown",
        ] {
            assert!(
                found.iter().any(|f| f == field),
                "schema lacks field {field}"
            );
        }
        for id in CheckId::ALL {
            assert!(
                found.iter().any(|f| f == id.as_str()),
                "schema lacks id {id}"
            );
        }
        for status in ["ok", "attention", "problem", "unknown"] {
            assert!(
                found.iter().any(|f| f == status),
                "schema lacks status {status}"
            );
        }
        assert_eq!(schema["properties"]["schema"]["const"], SCHEMA_VERSION);
        let required = schema["required"].as_array().unwrap();
        for field in ["schema", "generated", "checker", "checks"] {
            assert!(required.iter().any(|r| r == field));
        }
    }
}

#[cfg(test)]
mod outcome_tests {
    use super::*;

    #[test]
    fn outcome_keys_are_unique_per_check_and_every_check_has_its_unknowns() {
        for (i, a) in OUTCOMES.iter().enumerate() {
            assert!(
                OUTCOMES[i + 1..]
                    .iter()
                    .all(|b| (b.check, b.key) != (a.check, a.key)),
                "{} {} twice",
                a.check,
                a.key
            );
            assert!(
                a.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                a.key
            );
        }
        for id in CheckId::ALL {
            for key in ["not-windows", "could-not-read"] {
                let o = find_outcome(id, key).unwrap();
                assert_eq!(o.status, Status::Unknown);
            }
            assert!(
                OUTCOMES
                    .iter()
                    .any(|o| o.check == id && o.status == Status::Ok),
                "{id} has no ok outcome"
            );
        }
    }

    #[test]
    fn summary_line_and_urgency_order() {
        let mut report = super::tests_support::sample();
        let statuses = [
            Status::Ok,
            Status::Attention,
            Status::Problem,
            Status::Unknown,
            Status::Ok,
        ];
        for (check, status) in report.checks.iter_mut().zip(statuses) {
            check.status = status;
        }
        let order: Vec<CheckId> = report.by_urgency().iter().map(|c| c.id).collect();
        assert_eq!(
            order,
            [
                CheckId::Account,
                CheckId::Activation,
                CheckId::Admin,
                CheckId::Os,
                CheckId::Linked
            ]
        );
        assert_eq!(
            report.summary_line(),
            "2 of 5 need attention: Account type, Activation. Could not check: Administrator."
        );
        for check in &mut report.checks {
            check.status = Status::Ok;
        }
        assert_eq!(report.summary_line(), "All 5 checks are fine.");
        report.checks[1].status = Status::Problem;
        assert_eq!(report.summary_line(), "1 of 5 needs attention: Activation.");
    }

    #[test]
    fn status_rank_puts_problems_first() {
        let mut all = [
            Status::Ok,
            Status::Unknown,
            Status::Problem,
            Status::Attention,
        ];
        all.sort_by_key(|s| s.rank());
        assert_eq!(
            all,
            [
                Status::Problem,
                Status::Attention,
                Status::Unknown,
                Status::Ok
            ]
        );
    }
}
