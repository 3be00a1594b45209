//! Front matter: split the YAML block off a Markdown file and read it into typed fields.
//!
//! The fields are read one key at a time straight from the YAML parser (no intermediate tree),
//! so a wrong type or a bad date is reported at the exact line and column of the offending
//! value. Keys we do not know are kept in `extra` for templates rather than rejected: authors
//! import articles whose front matter carries keys of other tools.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use jiff::Timestamp;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// A date from front matter, kept with whether the author gave a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The instant (a plain date means midnight UTC).
    pub instant: Timestamp,
    /// False for a plain `YYYY-MM-DD`.
    pub has_time: bool,
}

impl Date {
    /// Parses RFC 3339 (with or without fraction and offset; no offset means UTC) or a plain date.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        if let Ok(instant) = text.parse::<Timestamp>() {
            return Ok(Date {
                instant,
                has_time: true,
            });
        }
        if let Ok(civil) = text.parse::<jiff::civil::DateTime>()
            && text.len() > 10
        {
            let instant = civil
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map_err(|e| e.to_string())?;
            return Ok(Date {
                instant: instant.timestamp(),
                has_time: true,
            });
        }
        match text.parse::<jiff::civil::Date>() {
            Ok(date) => {
                let zoned = date
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .map_err(|e| e.to_string())?;
                Ok(Date {
                    instant: zoned.timestamp(),
                    has_time: false,
                })
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// RFC 3339 in UTC, for feeds, sitemaps and JSON-LD.
    pub fn rfc3339(&self) -> String {
        self.instant.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// The calendar date, `YYYY-MM-DD`, for `<time datetime>` and the sitemap.
    pub fn ymd(&self) -> String {
        self.instant.strftime("%Y-%m-%d").to_string()
    }

    /// A human date such as `7 October 2024`.
    pub fn display(&self) -> String {
        self.instant.strftime("%-d %B %Y").to_string()
    }
}

/// The typed front matter of a page or section.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Page title.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Last significant update.
    pub updated: Option<Date>,
    /// Tag terms.
    pub tags: Vec<String>,
    /// Category terms.
    pub categories: Vec<String>,
    /// Meta description.
    pub description: Option<String>,
    /// Summary for lists.
    pub excerpt: Option<String>,
    /// Keywords (`"a, b"` or a list).
    pub keywords: Vec<String>,
    /// Preview image.
    pub thumbnail: Option<String>,
    /// Overrides the last URL segment.
    pub slug: Option<String>,
    /// Left out unless building with `--drafts`.
    pub draft: bool,
    /// Lower sorts first.
    pub weight: Option<i64>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// Template to render with instead of the default.
    pub template: Option<String>,
    /// Whether to show the table of contents (default: yes when there are headings).
    pub toc: Option<bool>,
    /// The live checks this guide is about.
    pub checks: Vec<String>,
    /// Every other key, for templates.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Date values that did not parse: `(key, value, why)`, reported by [`parse`] at their line.
    bad_dates: Vec<(&'static str, String, String)>,
}

/// The front matter keys with a meaning of their own (the rest go to `extra`).
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "tags",
    "categories",
    "description",
    "excerpt",
    "keywords",
    "thumbnail",
    "slug",
    "draft",
    "weight",
    "aliases",
    "template",
    "toc",
    "checks",
];

impl FrontMatter {
    /// Parses a date value, remembering a bad one for a diagnostic at its own line. (An error
    /// raised inside the YAML deserializer would point at the start of the mapping instead.)
    fn read_date(&mut self, key: &'static str, text: String) -> Option<Date> {
        match Date::parse(&text) {
            Ok(date) => Some(date),
            Err(why) => {
                self.bad_dates.push((key, text, why));
                None
            }
        }
    }
}

impl<'de> Deserialize<'de> for FrontMatter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FrontMatterVisitor)
    }
}

struct FrontMatterVisitor;

impl<'de> Visitor<'de> for FrontMatterVisitor {
    type Value = FrontMatter;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("front matter: `key: value` lines")
    }

    fn visit_unit<E: de::Error>(self) -> Result<FrontMatter, E> {
        Ok(FrontMatter::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FrontMatter, A::Error> {
        let mut fm = FrontMatter::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "title" => fm.title = Some(map.next_value()?),
                "date" => fm.date = fm.read_date("date", map.next_value()?),
                "updated" => fm.updated = fm.read_date("updated", map.next_value()?),
                "tags" => fm.tags = map.next_value::<StringList>()?.0,
                "categories" => fm.categories = map.next_value::<StringList>()?.0,
                "description" => fm.description = Some(map.next_value()?),
                "excerpt" => fm.excerpt = Some(map.next_value()?),
                "keywords" => fm.keywords = map.next_value::<StringList>()?.0,
                "thumbnail" => fm.thumbnail = Some(map.next_value()?),
                "slug" => fm.slug = Some(map.next_value()?),
                "draft" => fm.draft = map.next_value()?,
                "weight" => fm.weight = Some(map.next_value()?),
                "aliases" => fm.aliases = map.next_value::<StringList>()?.0,
                "template" => fm.template = Some(map.next_value()?),
                "toc" => fm.toc = Some(map.next_value()?),
                "checks" => fm.checks = map.next_value::<StringList>()?.0,
                _ => {
                    let value: serde_yaml::Value = map.next_value()?;
                    let json = serde_json::to_value(&value).map_err(de::Error::custom)?;
                    fm.extra.insert(key, json);
                }
            }
        }
        Ok(fm)
    }
}

/// A list of strings, also accepted as one string of comma-separated items (`"a, b"`).
struct StringList(Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringListVisitor)
    }
}

struct StringListVisitor;

impl<'de> Visitor<'de> for StringListVisitor {
    type Value = StringList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of strings or one comma-separated string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<StringList, E> {
        Ok(StringList(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        ))
    }

    fn visit_unit<E: de::Error>(self) -> Result<StringList, E> {
        Ok(StringList(Vec::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringList, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<ScalarString>()? {
            items.push(item.0);
        }
        Ok(StringList(items))
    }
}

/// One list item: a string, or a number/bool written without quotes (`- 11`).
struct ScalarString(String);

impl<'de> Deserialize<'de> for ScalarString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_yaml::Value::deserialize(deserializer)? {
            serde_yaml::Value::String(s) => Ok(ScalarString(s)),
            serde_yaml::Value::Number(n) => Ok(ScalarString(n.to_string())),
            serde_yaml::Value::Bool(b) => Ok(ScalarString(b.to_string())),
            _ => Err(de::Error::custom(
                "expected a plain value in this list, found a nested list or mapping",
            )),
        }
    }
}

/// A Markdown file cut into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML text between the `---` lines, when the file has front matter.
    pub yaml: Option<&'a str>,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
}

/// Splits front matter off `text` (BOM already removed, line ends already `\n`).
pub fn split(text: &str) -> Result<Split<'_>, &'static str> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok(Split {
            yaml: None,
            body: text,
            body_line: 1,
        });
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Ok(Split {
                yaml: Some(yaml),
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err("front matter is not closed")
}

/// Parses the YAML of a split file; positions in diagnostics are positions in the whole file.
pub fn parse(yaml: &str, shown: &Path, full_text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
    // The YAML starts on line 2, after the opening `---`.
    let mut front = serde_yaml::from_str::<FrontMatter>(yaml)
        .map_err(|e| vec![crate::diagnostic::yaml_error(&e, shown, 1, full_text)])?;
    if front.bad_dates.is_empty() {
        return Ok(front);
    }
    Err(std::mem::take(&mut front.bad_dates)
        .into_iter()
        .map(|(key, value, why)| {
            let (line, col) = value_position(yaml, key).map_or((2, 1), |(l, c)| (l + 1, c));
            Diagnostic::error(
                shown,
                line,
                col,
                format!("invalid {key} \"{value}\": {why}"),
            )
            .with_hint(
                "write a date as YYYY-MM-DD or RFC 3339, e.g. 2024-10-07 or 2024-10-07T16:57:37Z",
            )
            .with_source(full_text)
        })
        .collect())
}

/// The 1-based line and column of the value of a top-level `key:` in YAML text.
fn value_position(yaml: &str, key: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value_start = rest.len() - rest.trim_start().len();
        Some((i + 1, key.len() + 1 + value_start + 1))
    })
}

/// Serializes a date as RFC 3339 for templates.
impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.rfc3339())
    }
}
