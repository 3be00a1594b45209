//! Finding widget calls (`{{ status(checks=["activation"]) }}`) in a Markdown body, and the
//! calls that wrap a part of the page (`{% tabs() %}` … `{% end %}`, each on a line of its own).
//!
//! A call is found in the source before Markdown parses it: smart punctuation would curl the
//! quotes of its arguments, and a call in a code span or block, or inside raw HTML, is text.
//! Each call is swapped for a placeholder word that Markdown passes through untouched, and the
//! Markdown stage turns the word into a marker comment. A wrapping call's line becomes its marker
//! comment at once: an HTML comment line ends a paragraph or list before it, so the Markdown
//! between the two markers is whole blocks. This module only reads calls; it knows
//! nothing of Markdown rendering or of what a widget renders ([`crate::widgets`] expands the
//! calls after the model is assembled).

pub(crate) mod args;
mod wrapping;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::Value;

/// One widget call found in a page.
#[derive(Debug, Clone)]
pub struct WidgetCall {
    /// The widget's name (its tera component).
    pub name: String,
    /// The arguments, as literals, in the order written.
    pub args: Vec<WidgetArg>,
    /// 1-based file line of the call.
    pub line: usize,
    /// 1-based column of `{{` (or `{%`).
    pub col: usize,
    /// Whether the call stands alone or wraps a part of the page.
    pub kind: CallKind,
}

/// How a call sits in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// `{{ name(…) }}`: the widget goes where the call is.
    Single,
    /// `{% name(…) %}`: the widget wraps the page's HTML up to call `end` (its `{% end %}`).
    Opens {
        /// The index of the closing call.
        end: usize,
    },
    /// `{% end %}` of the call at index `open`.
    Closes {
        /// The index of the opening call.
        open: usize,
    },
}

/// One argument of a call; a call is on one line, so the argument is on [`WidgetCall::line`].
#[derive(Debug, Clone)]
pub struct WidgetArg {
    /// The argument's name.
    pub name: String,
    /// Its literal value.
    pub value: Value,
    /// 1-based column of its name, for errors about this argument.
    pub col: usize,
}

impl WidgetCall {
    /// The error `message` (with `hint`, what to do) at this call.
    pub(crate) fn error(&self, message: String, hint: String) -> WidgetError {
        WidgetError {
            line: self.line,
            col: self.col,
            message,
            hint,
        }
    }
}

/// A call that is written wrongly or placed where a widget cannot go.
#[derive(Debug, Clone)]
pub struct WidgetError {
    /// 1-based file line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// A page body with its widget calls swapped for placeholders.
#[derive(Debug)]
pub(crate) struct Prepared<'a> {
    /// The body to give Markdown.
    pub text: Cow<'a, str>,
    /// The calls, in order; placeholder `i` stands for `calls[i]`.
    pub calls: Vec<WidgetCall>,
    /// Calls that could not be read.
    pub errors: Vec<WidgetError>,
    /// For each placeholder: where it starts in `text`, its length, and the call's length.
    swaps: Vec<(usize, usize, usize)>,
}

/// A part of a text event: plain text, or the placeholder of call `i`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'t> {
    /// Text as written.
    Text(&'t str),
    /// A widget call.
    Widget(usize),
}

/// The placeholder word of call `index`: letters and digits only, so Markdown leaves it whole.
fn placeholder(index: usize) -> String {
    format!("gpw{}x{index}y", crate::nonce::nonce())
}

/// How every marker comment starts; the build's nonce and the call's index follow.
const MARKER_OPEN: &str = "<!--gp-widget-";

/// The comment that marks where call `index` goes in rendered HTML.
pub(crate) fn marker(index: usize) -> String {
    format!("{MARKER_OPEN}{}-{index}-->", crate::nonce::nonce())
}

/// Finds the widget calls in `body` (whose first line is file line `body_line`), which Markdown
/// will parse with `options` (they decide what is a code span or raw HTML, where `{{` is text).
pub(crate) fn prepare(body: &str, body_line: usize, options: Options) -> Prepared<'_> {
    let mut prepared = Prepared {
        text: Cow::Borrowed(body),
        calls: Vec::new(),
        errors: Vec::new(),
        swaps: Vec::new(),
    };
    if !body.contains("{{") && !body.contains("{%") {
        return prepared;
    }
    let literal = literal_ranges(body, options);
    let position = |offset: usize| {
        let before = &body[..offset];
        let line = body_line + before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, body[line_start..offset].chars().count() + 1)
    };
    let mut text = String::with_capacity(body.len());
    let mut copied = 0;
    let mut from = 0;
    // Wrapping calls not yet closed: their index in `calls`.
    let mut open: Vec<usize> = Vec::new();
    while let Some(found) = body[from..].find('{') {
        let start = from + found;
        from = start + 1;
        let wraps = body[start..].starts_with("{%");
        if !wraps && !body[start..].starts_with("{{") {
            continue;
        }
        from = start + 2;
        if literal.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let call = if wraps {
            wrapping::read(body, start)
        } else {
            read_call(body, start)
        };
        let Some(call) = call else {
            continue;
        };
        let (line, col) = position(start);
        match call {
            Ok((name, args, end)) => {
                let index = prepared.calls.len();
                // A `{% end %}` takes the name of the call it closes.
                let (name, kind) = match (wraps, name.as_str()) {
                    (false, _) => (name, CallKind::Single),
                    (true, wrapping::END) => match open.pop() {
                        Some(opener) => {
                            prepared.calls[opener].kind = CallKind::Opens { end: index };
                            (
                                prepared.calls[opener].name.clone(),
                                CallKind::Closes { open: opener },
                            )
                        }
                        None => {
                            prepared.errors.push(WidgetError {
                                line,
                                col,
                                message: "`{% end %}` closes no widget".to_owned(),
                                hint: "remove it, or open the widget before it with `{% name() %}` on a line of its own".to_owned(),
                            });
                            from = end;
                            continue;
                        }
                    },
                    // Settled when its `{% end %}` is found.
                    (true, _) => {
                        open.push(index);
                        (name, CallKind::Single)
                    }
                };
                let args = args
                    .into_iter()
                    .map(|a| WidgetArg {
                        name: a.name,
                        value: a.value,
                        col: position(a.at).1,
                    })
                    .collect();
                prepared.calls.push(WidgetCall {
                    name,
                    args,
                    line,
                    col,
                    kind,
                });
                text.push_str(&body[copied..start]);
                let word = if wraps {
                    marker(index)
                } else {
                    placeholder(index)
                };
                prepared.swaps.push((text.len(), word.len(), end - start));
                text.push_str(&word);
                copied = end;
                from = end;
            }
            Err((at, message)) => {
                let (line, col) = position(at);
                let hint = if wraps {
                    wrapping::HINT
                } else {
                    "write a widget call on one line as {{ name(arg=\"text\", list=[\"a\", \"b\"]) }}; put it in `backticks` to show it as text"
                };
                prepared.errors.push(WidgetError {
                    line,
                    col,
                    message,
                    hint: hint.to_owned(),
                });
            }
        }
    }
    // A wrapping call never closed: reported, and left out (its marker stays an HTML comment
    // that the build, failing, never writes).
    for index in open {
        let call = &prepared.calls[index];
        prepared.errors.push(call.error(
            format!("`{{% {}(…) %}}` is never closed", call.name),
            format!(
                "end what the `{}` widget wraps with `{{% end %}}` on a line of its own",
                call.name
            ),
        ));
    }
    if !prepared.calls.is_empty() {
        text.push_str(&body[copied..]);
        prepared.text = Cow::Owned(text);
    }
    prepared
}

impl Prepared<'_> {
    /// The offset in the original body of `offset` in [`Prepared::text`].
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        let mut shift: isize = 0;
        for &(start, word_len, call_len) in &self.swaps {
            if offset < start {
                break;
            }
            if offset < start + word_len {
                return start.saturating_add_signed(shift);
            }
            shift += call_len as isize - word_len as isize;
        }
        offset.saturating_add_signed(shift)
    }

    /// The index of the wrapping call whose marker is the raw HTML `raw` (an HTML block of the
    /// marker line alone); `None` for any other HTML.
    pub(crate) fn wrapping_call(&self, raw: &str) -> Option<usize> {
        let index: usize = raw
            .trim()
            .strip_prefix(MARKER_OPEN)?
            .strip_prefix(crate::nonce::nonce())?
            .strip_prefix('-')?
            .strip_suffix("-->")?
            .parse()
            .ok()?;
        (index < self.calls.len()).then_some(index)
    }

    /// Splits a text event at placeholders; `None` when it holds none.
    pub(crate) fn pieces<'t>(&self, text: &'t str) -> Option<Vec<Piece<'t>>> {
        if self.calls.is_empty() {
            return None;
        }
        let prefix = format!("gpw{}x", crate::nonce::nonce());
        if !text.contains(&prefix) {
            return None;
        }
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find(&prefix) {
            let after = &rest[at + prefix.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let index = after[..digits].parse::<usize>().ok();
            match index.filter(|i| *i < self.calls.len() && after[digits..].starts_with('y')) {
                Some(index) => {
                    if at > 0 {
                        pieces.push(Piece::Text(&rest[..at]));
                    }
                    pieces.push(Piece::Widget(index));
                    rest = &after[digits + 1..];
                }
                None => {
                    pieces.push(Piece::Text(&rest[..at + prefix.len()]));
                    rest = after;
                }
            }
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest));
        }
        Some(pieces)
    }

    /// `text` without placeholders (for summaries, headings and word counts).
    pub(crate) fn visible<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match self.pieces(text) {
            None => Cow::Borrowed(text),
            Some(pieces) => Cow::Owned(
                pieces
                    .into_iter()
                    .filter_map(|p| match p {
                        Piece::Text(t) => Some(t),
                        Piece::Widget(_) => None,
                    })
                    .collect(),
            ),
        }
    }
}

/// Byte ranges where `{{` is text: code spans, code blocks and raw HTML.
fn literal_ranges(body: &str, options: Options) -> Vec<Range<usize>> {
    let options = options - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    Parser::new_ext(body, options)
        .into_offset_iter()
        .filter(|(event, _)| {
            matches!(
                event,
                Event::Code(_)
                    | Event::Html(_)
                    | Event::InlineHtml(_)
                    | Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
            )
        })
        .map(|(_, range)| range)
        .collect()
}

/// The widget name after an opening `{{` or `{%` that ends at `after_open`, with its offset
/// (empty when no name follows).
fn name_after(body: &str, after_open: usize) -> (usize, &str) {
    let rest = &body[after_open..];
    let name_at = after_open + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let name_len = body[name_at..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len() - name_at);
    (name_at, &body[name_at..name_at + name_len])
}

/// The call starting at `start` (at `{{`): `None` when the text there is not shaped like a call
/// (`{{ name(`), else the name, arguments (each `at` an offset in `body`) and end offset, or an
/// error offset and message.
#[allow(clippy::type_complexity)]
fn read_call(
    body: &str,
    start: usize,
) -> Option<Result<(String, Vec<args::Arg>, usize), (usize, String)>> {
    let (name_at, name) = name_after(body, start + 2);
    let paren = name_at + name.len();
    if !args::is_identifier(name) || !body[paren..].starts_with('(') {
        return None;
    }
    let line_end = body[paren..].find('\n').map_or(body.len(), |i| paren + i);
    let Some(close) = closing_paren(&body[paren..line_end]).map(|i| paren + i) else {
        return Some(Err((
            start,
            format!("the call to widget `{name}` does not end with `) }}}}` on the line it starts"),
        )));
    };
    let tail = &body[close + 1..line_end];
    let trimmed = tail.trim_start_matches([' ', '\t']);
    if !trimmed.starts_with("}}") {
        let at = close + 1 + (tail.len() - trimmed.len());
        return Some(Err((
            at,
            format!("expected `}}}}` to close the call to widget `{name}`"),
        )));
    }
    let end = close + 1 + (tail.len() - trimmed.len()) + 2;
    let args_text = &body[paren + 1..close];
    Some(match args::parse(args_text) {
        Ok(mut args) => {
            for arg in &mut args {
                arg.at += paren + 1;
            }
            Ok((name.to_owned(), args, end))
        }
        Err(e) => Err((paren + 1 + e.at, format!("widget `{name}`: {}", e.message))),
    })
}

/// The offset of the `)` that closes the `(` at the start of `text`, outside quotes; `None` when
/// there is none, or when a bracket closes one of another kind first (`(}` or `([)]`).
fn closing_paren(text: &str) -> Option<usize> {
    let mut open: Vec<char> = Vec::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' => open.push(')'),
            '[' => open.push(']'),
            '{' => open.push('}'),
            ')' | ']' | '}' => {
                if open.pop() != Some(c) {
                    return None;
                }
                if open.is_empty() {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{Piece, closing_paren, prepare};

    /// Found by cargo fuzz: a `}` or `]` inside the parentheses took the depth count to zero, so
    /// the `)` after it subtracted past zero (a panic in debug builds; in release the call was
    /// taken as never closed, whatever followed).
    #[test]
    fn regression_a_stray_closing_bracket_ends_the_search_without_overflow() {
        assert_eq!(closing_paren("(})"), None);
        assert_eq!(closing_paren("(])"), None);
        assert_eq!(closing_paren("([)]"), None);
        assert_eq!(closing_paren("(a=[1, {\"b\": \")\"}])x"), Some(18));
        assert_eq!(closing_paren("(a=\"}\")"), Some(6));
        let prepared = prepare("{{ status(}) }}\n", 1, crate::markdown::options());
        assert_eq!(prepared.calls.len(), 0);
        assert_eq!(prepared.errors.len(), 1, "{:?}", prepared.errors);
    }

    #[test]
    fn calls_outside_code_are_found_and_swapped() {
        let body = "Intro.\n\n{{ status(checks=[\"activation\", \"account\"]) }}\n\n`{{ status() }}` and\n\n    {{ status() }}\n\n<div>{{ status() }}</div>\n\n{{ page.title }} stays.\n";
        let prepared = prepare(body, 5, crate::markdown::options());
        assert!(prepared.errors.is_empty(), "{:?}", prepared.errors);
        assert_eq!(prepared.calls.len(), 1);
        let call = &prepared.calls[0];
        assert_eq!((call.name.as_str(), call.line, call.col), ("status", 7, 1));
        assert_eq!(
            (call.args[0].name.as_str(), call.args[0].col),
            ("checks", 11)
        );
        assert_eq!(
            call.args[0].value,
            serde_json::json!(["activation", "account"])
        );
        assert!(!prepared.text.contains("{{ status(checks"));
        assert!(prepared.text.contains("`{{ status() }}`"));
        assert!(prepared.text.contains("{{ page.title }}"));
        let start = prepared.text.find("gpw").unwrap();
        let pieces = prepared.pieces(&prepared.text[start..start + 40]).unwrap();
        assert_eq!(pieces[0], Piece::Widget(0));
        // Offsets after the placeholder map back to the original text.
        let after = prepared.text.find("`{{").unwrap();
        assert_eq!(prepared.original_offset(after), body.find("`{{").unwrap());
    }

    #[test]
    fn broken_calls_are_errors_at_their_position() {
        let prepared = prepare(
            "a\n{{ status(checks=[\"a\"]\n",
            1,
            crate::markdown::options(),
        );
        assert_eq!(prepared.calls.len(), 0);
        assert_eq!((prepared.errors[0].line, prepared.errors[0].col), (2, 1));
        let prepared = prepare("{{ status(checks=[a]) }}", 1, crate::markdown::options());
        assert_eq!((prepared.errors[0].line, prepared.errors[0].col), (1, 19));
        assert!(prepared.errors[0].message.contains("status"));
    }
}
