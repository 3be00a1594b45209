//! Reading the calls that wrap a part of the page: `{% tabs(group="windows") %}` opens one and
//! `{% end %}` closes the innermost open one. Each is written on a line of its own, so that the
//! Markdown between them is whole blocks (the Markdown stage checks that both ends are in the
//! same list item or quote).

use super::args;
use super::closing_paren;

/// The name the closing call reads as.
pub(super) const END: &str = "end";

/// The hint for a wrapping call written wrongly.
pub(super) const HINT: &str = "write `{% name(arg=\"text\") %}` on a line of its own, the Markdown it wraps below it, and `{% end %}` on a line of its own after it; put it in `backticks` to show it as text";

/// The call starting at `start` (at `{%`): `None` when the text there is not shaped like one
/// (`{% name(` or `{% end %}`: `{% raw %}` and other template tags are text), else the name
/// ([`END`] for `{% end %}`), the arguments (each `at` an offset in `body`) and the end offset,
/// or an error offset and message.
#[allow(clippy::type_complexity)]
pub(super) fn read(
    body: &str,
    start: usize,
) -> Option<Result<(String, Vec<args::Arg>, usize), (usize, String)>> {
    let (name_at, name) = super::name_after(body, start + 2);
    let after_name = name_at + name.len();
    let line_end = body[start..].find('\n').map_or(body.len(), |i| start + i);
    let (args, close_at) = if name == END && !body[after_name..].starts_with('(') {
        (Vec::new(), after_name)
    } else if args::is_identifier(name) && body[after_name..].starts_with('(') {
        let Some(close) = closing_paren(&body[after_name..line_end]).map(|i| after_name + i) else {
            return Some(Err((
                start,
                format!("`{{% {name}(` does not end with `) %}}` on the line it starts"),
            )));
        };
        match args::parse(&body[after_name + 1..close]) {
            Ok(mut args) => {
                for arg in &mut args {
                    arg.at += after_name + 1;
                }
                (args, close + 1)
            }
            Err(e) => {
                return Some(Err((
                    after_name + 1 + e.at,
                    format!("widget `{name}`: {}", e.message),
                )));
            }
        }
    } else {
        return None;
    };
    let tail = &body[close_at..line_end];
    let trimmed = tail.trim_start_matches([' ', '\t']);
    if !trimmed.starts_with("%}") {
        let at = close_at + (tail.len() - trimmed.len());
        return Some(Err((at, format!("expected `%}}` to close `{{% {name}`"))));
    }
    let end = close_at + (tail.len() - trimmed.len()) + 2;
    let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let alone = body[line_start..start].trim_matches([' ', '\t']).is_empty()
        && body[end..line_end]
            .trim_matches([' ', '\t', '\r'])
            .is_empty();
    if !alone {
        return Some(Err((
            start,
            format!("`{{% {name} %}}` must be on a line of its own"),
        )));
    }
    Some(Ok((name.to_owned(), args, end)))
}

#[cfg(test)]
mod tests {
    use super::super::{CallKind, prepare};

    fn calls(body: &str) -> Vec<(String, usize, usize, CallKind)> {
        let prepared = prepare(body, 1, crate::markdown::options());
        assert!(prepared.errors.is_empty(), "{:?}", prepared.errors);
        prepared
            .calls
            .iter()
            .map(|c| (c.name.clone(), c.line, c.col, c.kind))
            .collect()
    }

    fn errors(body: &str) -> Vec<(usize, usize, String)> {
        prepare(body, 1, crate::markdown::options())
            .errors
            .into_iter()
            .map(|e| (e.line, e.col, e.message))
            .collect()
    }

    #[test]
    fn opening_and_closing_calls_pair_up_innermost_first() {
        let found = calls(
            "{% tabs(group=\"windows\") %}\n### A\n{% note() %}\ntext\n  {% end %}\n### B\n{% end %}\n",
        );
        let kinds: Vec<CallKind> = found.iter().map(|c| c.3).collect();
        assert_eq!(
            kinds,
            vec![
                CallKind::Opens { end: 3 },
                CallKind::Opens { end: 2 },
                CallKind::Closes { open: 1 },
                CallKind::Closes { open: 0 },
            ]
        );
        let names: Vec<&str> = found.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(names, ["tabs", "note", "note", "tabs"]);
        assert_eq!((found[2].1, found[2].2), (5, 3));
    }

    #[test]
    fn template_tags_and_code_are_text() {
        assert!(
            calls("{% raw %}\n{% include x.html %}\n`{% tabs() %}`\n\n    {% end %}\n").is_empty()
        );
    }

    #[test]
    fn misplaced_and_unpaired_calls_are_errors_at_their_position() {
        assert_eq!(
            errors("Text {% tabs() %}\n")[0].0..errors("Text {% tabs() %}\n")[0].1,
            1..6
        );
        assert!(
            errors("Text {% tabs() %}\n")[0]
                .2
                .contains("line of its own")
        );
        assert_eq!(
            errors("para\n\n{% end %}\n"),
            vec![(3, 1, "`{% end %}` closes no widget".to_owned())]
        );
        let unclosed = errors("{% tabs() %}\n### A\n");
        assert_eq!((unclosed[0].0, unclosed[0].1), (1, 1));
        assert!(unclosed[0].2.contains("never closed"), "{unclosed:?}");
        let open_paren = errors("{% tabs(group=\"a\" %}\n{% end %}\n");
        assert_eq!((open_paren[0].0, open_paren[0].1), (1, 1));
    }
}
