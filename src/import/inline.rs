//! Inline Markdown built from HTML inline content, following HTML's whitespace rules.
//!
//! In HTML every run of whitespace is one space and whitespace at the edges of a block does not
//! show; in Markdown a space inside `** bold**` breaks the emphasis. The builder collapses
//! whitespace as a browser would and moves spaces at the edges of an element outside its
//! delimiters. A `<br>` is kept as a marker until the block knows how to write it (two
//! trailing spaces in a paragraph, `<br>` in a table cell).

use super::escape::{self, Context};

/// Marks a hard line break (`<br>`) inside built text.
pub(super) const BREAK: char = '\u{1}';

/// Inline Markdown being built.
pub(super) struct Inline {
    buf: String,
    lead: bool,
    pending: bool,
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
            context,
        }
    }

    /// Adds text from an HTML text node: whitespace collapsed, Markdown syntax escaped.
    pub(super) fn text(&mut self, text: &str) {
        let chars: Vec<char> = text.chars().collect();
        for i in 0..chars.len() {
            if chars[i].is_ascii_whitespace() {
                self.space();
            } else {
                self.flush_space();
                escape::push_escaped(&mut self.buf, &chars, i, self.context);
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
            if !self.buf.ends_with(BREAK) {
                self.buf.push(' ');
            }
            self.pending = false;
        }
    }

    /// Adds Markdown or HTML markup as it is.
    pub(super) fn raw(&mut self, markup: &str) {
        if !markup.is_empty() {
            self.flush_space();
            // Emphasis closed right before one of the same kind opens (`**Win**` `**dows**`)
            // would make one run of delimiters (`****`) that closes nothing: the two join.
            let markup = match delimiter_run(&self.buf) {
                Some((c, n)) if leading_run(markup, c) == n => {
                    self.buf.truncate(self.buf.len() - n);
                    &markup[n..]
                }
                _ => markup,
            };
            // A `!` of the text right before a link would make the link an image. Text never
            // leaves a `\` unescaped, so that `!` is always a literal one.
            if markup.starts_with('[') && self.buf.ends_with('!') {
                self.buf.insert(self.buf.len() - 1, '\\');
            }
            self.buf.push_str(markup);
        }
    }

    /// Adds a hard line break.
    pub(super) fn hard_break(&mut self) {
        self.pending = false;
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
