//! YAML problems as diagnostics: `site.yaml`, front matter and `next-steps.yaml` all report a
//! parse error the same way, at the offending value and with a hint an author can act on.

use std::path::Path;

use super::Diagnostic;

/// Turns a YAML error into a diagnostic at the offending value. `line_offset` is the number of
/// file lines before the first YAML line; `full_text` is the whole file, for the source excerpt.
pub fn yaml_error(
    error: &serde_yaml::Error,
    shown: &Path,
    line_offset: usize,
    full_text: &str,
) -> Diagnostic {
    let full = error.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full.clone(),
    };
    let (line, col) = error.location().map_or((line_offset + 1, 1), |l| {
        (l.line() + line_offset, l.column())
    });
    let hint = yaml_hint(&message);
    let diagnostic = Diagnostic::error(shown, line, col, message).with_source(full_text);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

fn yaml_hint(message: &str) -> Option<&'static str> {
    let hints: &[(&str, &str)] = &[
        (
            "invalid date",
            "write a date as YYYY-MM-DD or RFC 3339, e.g. 2024-10-07 or 2024-10-07T16:57:37Z",
        ),
        (
            "expected a sequence",
            "write a list, e.g. tags: [windows, activation]",
        ),
        (
            "expected a list of strings",
            "write a list, e.g. tags: [windows, activation]",
        ),
        ("expected a string", "quote it, e.g. title: \"2024\""),
        ("expected a boolean", "write true or false"),
        ("expected i64", "write a whole number, e.g. weight: 10"),
        (
            "mapping values are not allowed",
            "quote the value: a `: ` inside it starts a new key, e.g. title: \"Fix: error 0x8007\"",
        ),
        (
            "found character that cannot start any token",
            "quote the value, e.g. title: \"@home\"",
        ),
        (
            "did not find expected",
            "check the indentation and quote values that hold `:` or `#`",
        ),
        (
            "found undefined alias",
            "quote the value: `*` starts a YAML alias",
        ),
        (
            "duplicate entry",
            "remove one of the two lines with the same key",
        ),
    ];
    hints
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map(|(_, hint)| *hint)
}
