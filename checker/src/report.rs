//! The report schema, defined once and shared by the checker and the site generator.
//!
//! The checker writes a [`Report`] as JSON (`--json`, or base64url in a `#report=` link), the
//! generator reads it back with [`Report::from_json`] and publishes [`json_schema`] at
//! `/downloads/report.schema.json`. Changing a field here changes both ends, which is the point:
//! bump [`SCHEMA_VERSION`] when an old reader could misread a new report.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The report format version this build writes and reads. Readers reject any other value.
pub const SCHEMA_VERSION: u32 = 1;

/// Help link for the `os` check: the guide section where readers check their Windows.
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
    /// Format version: `SCHEMA_VERSION`, 1 for this layout.
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
    /// One line saying what was found.
    pub summary: String,
    /// What was read, as label → value, in display order.
    pub facts: Facts,
    /// Why the check could not decide; present when `status` is `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_unknown: Option<String>,
    /// Site-relative link to the guide section that explains this check.
    pub help: String,
}

/// The five checks, in report order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum CheckId {
    /// Which Windows: 10 or 11, edition, version, build.
    Os,
    /// Whether Windows is activated, and with what kind of licence.
    Activation,
    /// Microsoft account, local account or work/school account.
    Account,
    /// Whether the user is an administrator, and whether this process is elevated.
    Admin,
    /// Whether the licence is likely linked to the Microsoft account (inferred).
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

    /// The check's human title.
    pub fn title(self) -> &'static str {
        match self {
            CheckId::Os => "Windows version",
            CheckId::Activation => "Activation",
            CheckId::Account => "Account type",
            CheckId::Admin => "Administrator",
            CheckId::Linked => "Licence linked to Microsoft account",
        }
    }

    /// The site-relative help link for this check (one of the `HELP_*` consts).
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
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Label → value pairs that keep their insertion order; a JSON object on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts(Vec<(String, String)>);

impl Facts {
    /// No facts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `label` to `value`, replacing an earlier value for the same label in place.
    pub fn insert(&mut self, label: impl Into<String>, value: impl Into<String>) {
        let (label, value) = (label.into(), value.into());
        match self.0.iter_mut().find(|(l, _)| *l == label) {
            Some(slot) => slot.1 = value,
            None => self.0.push((label, value)),
        }
    }

    /// Builder form of [`Facts::insert`].
    pub fn with(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(label, value);
        self
    }

    /// The value for `label`, if any.
    pub fn get(&self, label: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
    }

    /// The pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(l, v)| (l.as_str(), v.as_str()))
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

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Facts {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut facts = Facts::new();
        for (k, v) in iter {
            facts.insert(k, v);
        }
        facts
    }
}

impl Serialize for Facts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (label, value) in &self.0 {
            map.serialize_entry(label, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Facts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FactsVisitor;
        impl<'de> Visitor<'de> for FactsVisitor {
            type Value = Facts;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Facts, A::Error> {
                let mut facts = Facts::new();
                while let Some((label, value)) = access.next_entry::<String, String>()? {
                    facts.insert(label, value);
                }
                Ok(facts)
            }
        }
        deserializer.deserialize_map(FactsVisitor)
    }
}

impl JsonSchema for Facts {
    fn schema_name() -> Cow<'static, str> {
        "Facts".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "What was read, as label → value, in display order.",
            "type": "object",
            "additionalProperties": { "type": "string" }
        })
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
            ReportError::UnsupportedSchema { found } => write!(
                f,
                "report schema version {found} is not supported: this build reads version \
                 {SCHEMA_VERSION} only (use a matching guidepost-check and site)"
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
        // Parse the text again rather than the `Value`: a `Value` map would sort the facts.
        serde_json::from_str(text).map_err(ReportError::Json)
    }

    /// The report as pretty-printed JSON (what `--json` prints).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// The report as one-line JSON (what goes into a `#report=` link).
    pub fn to_json_compact(&self) -> String {
        serde_json::to_string(self).expect("a report always serializes")
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
mod tests {
    use super::*;

    fn sample() -> Report {
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
                    summary: "s".into(),
                    facts: Facts::new().with("z", "1").with("a", "2"),
                    reason_unknown: Some("r".into()),
                    help: id.help().into(),
                })
                .collect(),
        }
    }

    #[test]
    fn round_trips_and_keeps_fact_order() {
        let report = sample();
        let back = Report::from_json(&report.to_json_pretty()).unwrap();
        assert_eq!(back, report);
        let labels: Vec<_> = back.checks[0].facts.iter().map(|(l, _)| l).collect();
        assert_eq!(labels, ["z", "a"]);
        assert!(
            report
                .to_json_compact()
                .contains(r#""facts":{"z":"1","a":"2"}"#)
        );
    }

    #[test]
    fn rejects_other_schema_versions_clearly() {
        let mut value: serde_json::Value =
            serde_json::from_str(&sample().to_json_compact()).unwrap();
        value["schema"] = 2.into();
        let err = Report::from_json(&value.to_string()).unwrap_err();
        assert!(matches!(err, ReportError::UnsupportedSchema { found: 2 }));
        assert!(
            err.to_string()
                .contains("schema version 2 is not supported")
        );
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
        assert_eq!(value["schema"], 1);
        assert_eq!(value["checker"]["os"], "windows");
        let first = &value["checks"][0];
        assert_eq!(first["id"], "os");
        assert_eq!(first["status"], "unknown");
        assert_eq!(first["help"], "/activation/check-activation-status/#check");
        assert_eq!(value["checks"][4]["help"], HELP_LINKED);
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
                    if key == "properties" {
                        if let Some(props) = inner.as_object() {
                            out.extend(props.keys().cloned());
                        }
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
            "facts",
            "reason_unknown",
            "help",
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
