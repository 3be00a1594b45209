//! One diagnostic type for everything a build can report about its input.
//!
//! Every stage returns diagnostics instead of stopping at the first problem, so a single run
//! lists every bad file. Only `main` decides how they are printed and what the exit code is;
//! this module owns the rustc-like rendering (via annotate-snippets) so every message looks the
//! same: what is wrong, `--> file:line:col`, the offending line, and a hint saying what to do.

mod summary;
mod yaml;

pub use summary::Summary;
pub use yaml::yaml_error;

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How serious a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be built as it is.
    Error,
    /// The input builds, but probably not as the author meant.
    Warning,
}

/// What sort of problem a diagnostic is, for the summary of a long list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A link to a site path nothing is published at.
    BrokenLink,
    /// A link to a heading id that does not exist.
    BrokenAnchor,
    /// A link to a Markdown file that is not published (missing, a draft, or unreadable).
    UnpublishedPage,
    /// A link a widget writes that goes nowhere.
    WidgetLink,
    /// A link to a Markdown file in other letter case than the file's.
    CaseMismatch,
    /// A link with a scheme the site does not allow.
    Scheme,
    /// Anything else.
    #[default]
    Other,
}

impl Kind {
    /// How the summary names it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::BrokenLink => "broken link",
            Kind::BrokenAnchor => "broken anchor",
            Kind::UnpublishedPage => "link to an unpublished page",
            Kind::WidgetLink => "broken widget link",
            Kind::CaseMismatch => "link whose letter case differs from the file",
            Kind::Scheme => "link with a scheme not allowed",
            Kind::Other => "other",
        }
    }
}

/// A problem in one input file, with its position and a hint for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when unknown.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message.
    pub source_line: Option<String>,
    /// What sort of problem it is.
    pub kind: Kind,
}

impl Diagnostic {
    /// An error at `file:line:col`.
    pub fn error(
        file: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line,
            col,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
            source_line: None,
            kind: Kind::Other,
        }
    }

    /// A warning at `file:line:col`.
    pub fn warning(
        file: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, line, col, message)
        }
    }

    /// The same problem as a warning (a setting lowered it).
    pub fn into_warning(self) -> Self {
        Self {
            severity: Severity::Warning,
            ..self
        }
    }

    /// Says what sort of problem it is.
    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// Adds what the author should do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the offending line, taken from the full text of the file.
    pub fn with_source(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text.lines().nth(self.line - 1).map(str::to_owned);
        }
        self
    }

    /// `file:line:col`, the way editors and terminals make it clickable.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.col) {
            (0, _) => format!("{file}"),
            (line, 0) => format!("{file}:{line}"),
            (line, col) => format!("{file}:{line}:{col}"),
        }
    }

    /// Renders the diagnostic like rustc does, in colour when `styled`.
    pub fn render(&self, styled: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.file.display().to_string();
        let title = level.primary_title(self.message.as_str());
        let mut group = match &self.source_line {
            Some(line_text) if self.line > 0 => {
                // Columns count characters (as YAML parsers and editors do); spans are bytes.
                let start = line_text
                    .char_indices()
                    .nth(self.col.saturating_sub(1))
                    .map_or(line_text.len(), |(i, _)| i);
                let end = token_end(line_text, start);
                title.element(
                    Snippet::source(line_text.as_str())
                        .line_start(self.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            _ => {
                let mut origin = annotate_snippets::Origin::path(path.as_str());
                if self.line > 0 {
                    origin = origin.line(self.line);
                    if self.col > 0 {
                        origin = origin.char_column(self.col);
                    }
                }
                title.element(origin)
            }
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let report: &[Group<'_>] = &[group];
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(report)
    }
}

/// The end (a byte index on a character boundary) of the token starting at byte `start`, so
/// the underline covers the offending value; at least one character.
fn token_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    let len = rest
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(rest.len());
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    start + len
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {} --> {}", self.message, self.location())?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Everything a run found, errors and warnings together, in file order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// True when at least one error was found.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// How many warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Sorted by file, line and column so output is stable across parallel runs.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// Iterates in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// The path of `path` relative to `root`, for messages; unchanged when it is elsewhere.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The name in `candidates` closest to `name`, when one is close enough to be a likely typo.
///
/// "Close enough" is a normalized Damerau-Levenshtein similarity of at least 0.6, that is at most
/// 0.4 edits per character of the longer name; a candidate whose length alone differs by more
/// than that is skipped without computing the distance.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    const MIN_SIMILARITY: f64 = 0.6;
    let length = name.chars().count();
    candidates
        .into_iter()
        .filter(|c| {
            let other = c.chars().count();
            let longer = length.max(other) as f64;
            length.abs_diff(other) as f64 <= (1.0 - MIN_SIMILARITY) * longer
        })
        .map(|c| (strsim::normalized_damerau_levenshtein(name, c), c))
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
