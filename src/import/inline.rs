//! Inline Markdown built from HTML inline content, following HTML's whitespace rules.
//!
//! In HTML every run of whitespace is one space and whitespace at the edges of a block does not
//! show; in Markdown a space inside `** bold**` breaks the emphasis. The builder collapses
//! whitespace as a browser would and moves spaces at the edges of an element outside its
//! delimiters. A `<br>` is kept as a marker until the block knows how to write it (two
//! trailing spaces in a paragraph, `<br>` in a table cell).
//!
//! Emphasis must also be written so Markdown's flanking rules read it as emphasis: a `*` run
//! that opens before punctuation needs whitespace or punctuation before it (`a**.b**` is text),
//! one that closes after punctuation needs it after it (`*x.*y` is text). Where a word stands
//! there instead, its character is written as a character reference (`&#97;**.b**`), which
//! shows the same character and counts as punctuation where the run is read. The rules are
//! pulldown-cmark's, which the build uses; the tests check the character classes against it.

use super::escape::{self, Context};

/// Marks a hard line break (`<br>`) inside built text.
pub(super) const BREAK: char = '\u{1}';

/// Inline Markdown being built.
pub(super) struct Inline {
    buf: String,
    lead: bool,
    pending: bool,
    /// The text ends with emphasis closed right after punctuation: what follows must be
    /// whitespace or punctuation.
    closed_after_punctuation: bool,
    /// The code span the text ends with: where it starts, and its text.
    code: Option<(usize, String)>,
    /// Where the text goes (decides a few escapes).
    pub(super) context: Context,
}

/// Finished inline Markdown, with whether whitespace stood before and after it.
pub(super) struct Piece {
    /// Whitespace came first.
    pub(super) lead: bool,
    /// The Markdown, without edge whitespace.
    pub(super) body: String,
    /// Whitespace came last.
    pub(super) trail: bool,
}

impl Piece {
    /// Whether nothing visible is in it.
    pub(super) fn is_blank(&self) -> bool {
        self.body.chars().all(|c| c == BREAK || c.is_whitespace())
    }
}

impl Inline {
    /// An empty builder for `context`.
    pub(super) fn new(context: Context) -> Inline {
        Inline {
            buf: String::new(),
            lead: false,
            pending: false,
            closed_after_punctuation: false,
            code: None,
            context,
        }
    }

    /// Adds text from an HTML text node: whitespace collapsed, Markdown syntax escaped.
    pub(super) fn text(&mut self, text: &str) {
        self.code = None;
        let chars: Vec<char> = text.chars().collect();
        for i in 0..chars.len() {
            if chars[i].is_ascii_whitespace() {
                self.space();
            } else {
                self.flush_space();
                if std::mem::take(&mut self.closed_after_punctuation) && !safe_neighbour(chars[i]) {
                    push_reference(&mut self.buf, chars[i]);
                } else {
                    escape::push_escaped(&mut self.buf, &chars, i, self.context);
                }
            }
        }
    }

    /// Asks for a space before whatever comes next.
    pub(super) fn space(&mut self) {
        if self.buf.is_empty() {
            self.lead = true;
        } else {
            self.pending = true;
        }
    }

    fn flush_space(&mut self) {
        if self.pending {
            self.closed_after_punctuation = false;
            if !self.buf.ends_with(BREAK) {
                self.buf.push(' ');
            }
            self.pending = false;
            self.closed_after_punctuation = false;
        }
    }

    /// Adds Markdown or HTML markup as it is.
    pub(super) fn raw(&mut self, markup: &str) {
        if !markup.is_empty() {
            self.code = None;
            self.flush_space();
            // Emphasis closed right before one of the same kind opens (`**Win**` `**dows**`)
            // would make one run of delimiters (`****`) that closes nothing: the two join.
            let markup = match delimiter_run(&self.buf) {
                Some((c, n)) if leading_run(markup, c) == n => {
                    self.buf.truncate(self.buf.len() - n);
                    self.closed_after_punctuation = false;
                    &markup[n..]
                }
                _ => markup,
            };
            let mut markup = std::borrow::Cow::Borrowed(markup);
            // Emphasis closed after punctuation: a word right after it is written as a
            // reference (markup only starts with a letter where it starts with text).
            if std::mem::take(&mut self.closed_after_punctuation)
                && let Some(first) = markup.chars().next().filter(|c| !safe_neighbour(*c))
            {
                let mut with_reference = String::new();
                push_reference(&mut with_reference, first);
                with_reference.push_str(&markup[first.len_utf8()..]);
                markup = with_reference.into();
            }
            // Emphasis opened before punctuation: so is a word right before it. Where the
            // text ends in a delimiter run (other emphasis just closed), the two runs are one
            // and no reference can stand between them.
            let run = leading_run(&markup, '*');
            if run > 0
                && markup[run..].chars().next().is_some_and(maybe_punctuation)
                && delimiter_run(&self.buf).is_none()
                && let Some(last) = self.buf.chars().next_back().filter(|c| !safe_neighbour(*c))
            {
                self.buf.pop();
                push_reference(&mut self.buf, last);
            }
            // A `!` of the text right before a link would make the link an image. Text never
            // leaves a `\` unescaped, so that `!` is always a literal one.
            if markup.starts_with('[') && self.buf.ends_with('!') {
                self.buf.insert(self.buf.len() - 1, '\\');
            }
            self.buf.push_str(&markup);
            self.closed_after_punctuation = closes_after_punctuation(&self.buf);
        }
    }

    /// Adds a code span holding `text` (HTML's whitespace rules apply). Right after another
    /// code span the two become one: side by side, `` `a``b` `` would be one span `` a``b ``.
    pub(super) fn code(&mut self, text: &str) {
        let text = match self.code.take() {
            Some((start, before)) if !self.pending => {
                self.buf.truncate(start);
                format!("{before}{text}")
            }
            _ => text.to_owned(),
        };
        let span = escape::code_span(&text, self.context);
        self.raw(&span);
        if !span.is_empty() {
            self.code = Some((self.buf.len() - span.len(), text));
        }
    }

    /// Adds a hard line break.
    pub(super) fn hard_break(&mut self) {
        self.code = None;
        self.pending = false;
        self.closed_after_punctuation = false;
        self.buf.push(BREAK);
    }

    /// Adds a finished piece between `open` and `close` (`**`, `**`), spaces and line breaks
    /// at its edges kept outside (`**a  \n**` would not close).
    pub(super) fn wrap(&mut self, piece: Piece, open: &str, close: &str) {
        if piece.lead {
            self.space();
        }
        let edge = |c: char| c == BREAK || c.is_whitespace();
        let breaks = |text: &str| text.chars().filter(|c| *c == BREAK).count();
        let body = piece.body.trim_matches(edge);
        let (before, after) = if body.is_empty() {
            (breaks(&piece.body), 0)
        } else {
            let start = piece.body.len() - piece.body.trim_start_matches(edge).len();
            let end = piece.body.trim_end_matches(edge).len();
            (breaks(&piece.body[..start]), breaks(&piece.body[end..]))
        };
        for _ in 0..before {
            self.hard_break();
        }
        if !body.is_empty() {
            self.raw(&format!("{open}{body}{close}"));
        }
        for _ in 0..after {
            self.hard_break();
        }
        if piece.trail {
            self.space();
        }
    }

    /// Whether nothing visible was added yet.
    pub(super) fn is_blank(&self) -> bool {
        self.buf.chars().all(|c| c == BREAK || c.is_whitespace())
    }

    /// The built Markdown.
    pub(super) fn finish(self) -> Piece {
        Piece {
            lead: self.lead,
            body: self.buf,
            trail: self.pending,
        }
    }
}

/// The emphasis delimiter run that `buf` ends with (`*` or `~`, and its length): a run of
/// either that text did not escape (text writes them as `\*`, `\~`).
fn delimiter_run(buf: &str) -> Option<(char, usize)> {
    let c = buf.chars().next_back().filter(|c| matches!(c, '*' | '~'))?;
    let before = buf.trim_end_matches(c);
    let backslashes = before.len() - before.trim_end_matches('\\').len();
    let run = buf.len() - before.len() - backslashes % 2;
    (run > 0).then_some((c, run))
}

/// How many `c` `markup` starts with: in markup, a leading `*` or `~` always opens emphasis.
fn leading_run(markup: &str, c: char) -> usize {
    markup.len() - markup.trim_start_matches(c).len()
}

/// Whether `buf` ends with a delimiter run that closes right after punctuation (`*x.*`,
/// `**`x`**`, `~~x.~~`): pulldown-cmark closes such a run only before whitespace or
/// punctuation.
fn closes_after_punctuation(buf: &str) -> bool {
    match delimiter_run(buf) {
        Some((c, n)) if c == '*' || n >= 2 => buf[..buf.len() - n]
            .chars()
            .next_back()
            .is_some_and(maybe_punctuation),
        _ => false,
    }
}

/// Whether Markdown may read `c` as punctuation beside a delimiter run (CommonMark: Unicode
/// P or S categories). Errs towards yes: what it wrongly calls punctuation only gets a
/// reference it did not need.
fn maybe_punctuation(c: char) -> bool {
    // Circled and squared letters are symbols (So) that Unicode also calls alphabetic.
    let symbol_letter = matches!(c,
        '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F149}' | '\u{1F150}'..='\u{1F169}'
        | '\u{1F170}'..='\u{1F189}');
    symbol_letter || (!c.is_alphanumeric() && !c.is_whitespace())
}

/// Whether `c` beside a delimiter run lets the run open and close whatever stands on its other
/// side: whitespace, a line break, or certain punctuation. Errs towards no (a reference more).
fn safe_neighbour(c: char) -> bool {
    c.is_whitespace() || c == BREAK || c.is_ascii_punctuation() || common_punctuation(c)
}

/// Non-ASCII punctuation and symbols common in guides (Latin-1, general punctuation, currency,
/// arrows and maths, box drawing and dingbats, CJK and full-width punctuation).
fn common_punctuation(c: char) -> bool {
    !c.is_alphanumeric()
        && matches!(c,
            '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{20A0}'..='\u{20C0}'
            | '\u{2190}'..='\u{23FF}' | '\u{2500}'..='\u{27BF}'
            | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
            | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}')
}

/// Writes `c` as a numeric character reference.
fn push_reference(out: &mut String, c: char) {
    out.push_str(&format!("&#{};", u32::from(c)));
}

/// Paragraphs from built inline Markdown: one `<br>` is a hard break (two trailing spaces), two
/// in a row end the paragraph; lines that would start a block are escaped.
pub(super) fn paragraphs(body: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for segment in body.split(BREAK) {
        let segment = segment.trim();
        if segment.is_empty() {
            if !lines.is_empty() {
                paragraphs.push(lines.join("  \n"));
                lines.clear();
            }
        } else {
            lines.push(escape::escape_line_start(segment));
        }
    }
    if !lines.is_empty() {
        paragraphs.push(lines.join("  \n"));
    }
    paragraphs
}

/// One line from built inline Markdown, each `<br>` written as `with`.
pub(super) fn one_line(body: &str, with: &str) -> String {
    let parts: Vec<&str> = body
        .split(BREAK)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    parts.join(with)
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Parser, html};

    use super::{common_punctuation, maybe_punctuation};

    /// Whether pulldown-cmark reads `c` as punctuation beside a delimiter run: `a**` before
    /// punctuation cannot open.
    fn punctuation_to_markdown(c: char) -> bool {
        let mut out = String::new();
        html::push_html(&mut out, Parser::new(&format!("a**{c}b**")));
        !out.contains("<strong>")
    }

    #[test]
    fn the_punctuation_classes_agree_with_pulldown_cmark() {
        // Every character called certain punctuation is punctuation to Markdown.
        let certain: Vec<char> = ('\u{80}'..='\u{FFFF}')
            .filter(|c| common_punctuation(*c))
            .filter(|c| !punctuation_to_markdown(*c))
            .collect();
        assert!(
            certain.is_empty(),
            "not punctuation to Markdown: {certain:?}"
        );
        // Every character `maybe_punctuation` rules out (letters, digits, whitespace) is none
        // to Markdown.
        let maybe: Vec<char> = ('\u{80}'..='\u{1FFFF}')
            .filter(|c| !maybe_punctuation(*c) && !c.is_whitespace())
            .filter(|c| punctuation_to_markdown(*c))
            .collect();
        assert!(maybe.is_empty(), "punctuation to Markdown: {maybe:?}");
    }
}
