//! Front matter of an imported article, written back in the form the guides use.
//!
//! It is parsed exactly as the build parses it (so a file the build would reject is rejected
//! here, with the same `file:line:col`), then written with typed values in a stable order:
//! dates as RFC 3339 in UTC or plain dates, comma-separated keywords as a list, titles and
//! descriptions trimmed, keys Guidepost does not know kept. A remote thumbnail is dropped and
//! listed with the remote images. `draft: true` is added: an import is not published until
//! someone has read it.

use serde_yaml::{Mapping, Value};

use super::report::Findings;
use crate::clean::{Cleaner, RemovalKind};
use crate::load::{Date, RawPage};

/// The line written last, which keeps the guide out of the build until it is reviewed.
pub(super) const DRAFT_LINE: &str =
    "draft: true # added by guidepost import: review the guide, then delete this line\n";

/// Why the front matter could not be written back; its message becomes the article's
/// diagnostic.
#[derive(Debug, thiserror::Error)]
pub(super) enum FrontError {
    /// A key Guidepost does not know holds a value YAML cannot write.
    #[error("front matter {key}: {source}")]
    Value {
        /// The key.
        key: String,
        /// Why the value cannot be written.
        source: serde_yaml::Error,
    },
    /// The front matter as a whole could not be written.
    #[error("cannot write the front matter: {0}")]
    Yaml(#[source] serde_yaml::Error),
}

/// The YAML text (without the `---` lines) for an imported page.
pub(super) fn normalize(
    page: &RawPage,
    cleaner: &Cleaner,
    found: &mut Findings,
) -> Result<String, FrontError> {
    let front = &page.front;
    let mut map = Mapping::new();
    let mut put = |key: &str, value: Value| {
        map.insert(Value::String(key.to_owned()), value);
    };
    let text = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| Value::String(v.to_owned()))
    };
    let list = |items: &[String]| {
        let items: Vec<Value> = items
            .iter()
            .map(|i| i.trim())
            .filter(|i| !i.is_empty())
            .map(|i| Value::String(i.to_owned()))
            .collect();
        (!items.is_empty()).then_some(Value::Sequence(items))
    };
    let date = |date: &Option<Date>| {
        date.map(|d| Value::String(if d.has_time { d.rfc3339() } else { d.ymd() }))
    };

    let ordered = [
        ("title", text(&front.title)),
        ("date", date(&front.date)),
        ("updated", date(&front.updated)),
        ("description", text(&front.description)),
        ("excerpt", text(&front.excerpt)),
        ("keywords", list(&front.keywords)),
        ("tags", list(&front.tags)),
        ("categories", list(&front.categories)),
    ];
    for (key, value) in ordered {
        if let Some(value) = value {
            put(key, value);
        }
    }
    if let Some(Value::String(thumbnail)) = text(&front.thumbnail) {
        let line = key_line(page, "thumbnail");
        match cleaner.judge_markdown_url(&thumbnail, true) {
            None => put("thumbnail", Value::String(thumbnail)),
            Some(RemovalKind::RemoteResource) => found.remote_image(
                line,
                format!("{thumbnail} (the thumbnail: dropped from the front matter)"),
            ),
            Some(kind) => found.removed(
                line,
                format!("thumbnail: {} {thumbnail}", super::convert::label(kind)),
            ),
        }
    }
    let rest = [
        ("slug", text(&front.slug)),
        ("weight", front.weight.map(|w| Value::Number(w.into()))),
        ("aliases", list(&front.aliases)),
        ("template", text(&front.template)),
        ("toc", front.toc.map(Value::Bool)),
        ("checks", list(&front.checks)),
    ];
    for (key, value) in rest {
        if let Some(value) = value {
            put(key, value);
        }
    }
    for (key, value) in &front.extra {
        let value = serde_yaml::to_value(value).map_err(|source| FrontError::Value {
            key: key.clone(),
            source,
        })?;
        put(key, value);
    }
    let yaml = if map.is_empty() {
        String::new()
    } else {
        serde_yaml::to_string(&Value::Mapping(map)).map_err(FrontError::Yaml)?
    };
    Ok(format!("{yaml}{DRAFT_LINE}"))
}

/// The file line of a top-level front matter key (the YAML starts on line 2).
fn key_line(page: &RawPage, key: &str) -> usize {
    page.front_yaml
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(0, |i| i + 2)
}
