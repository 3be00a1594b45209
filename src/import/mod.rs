//! `guidepost import FILE|DIR`: a scraped article turned into a clean draft guide.
//!
//! Why it exists: guides are often started from republished articles full of affiliate ads,
//! tracking pixels, link farms and disclaimers. The build removes all of that at every run, but
//! only from its output: the source keeps it, `check` fails on it, and nobody sees what went.
//! Import does the cleaning once, in the source, with the build's own cleaner (so the result
//! passes `check`), and prints what it removed with source lines for the author to review.
//!
//! One file goes through: the front matter, parsed like the build does and written back
//! normalized ([`front`]); ad regions cut from the source ([`regions`]); the body block by
//! block ([`body`]): pure Markdown kept as written, raw HTML judged by the cleaner ([`judge`])
//! and converted to Markdown where it maps ([`convert`]). The guide gets `draft: true`, and
//! an existing guide is only replaced with `--force` ([`files`]).

mod body;
mod convert;
mod detect;
mod escape;
mod files;
mod front;
mod inline;
mod judge;
mod regions;
pub mod report;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::clean::Cleaner;
use crate::config::{CleanConfig, Config};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fs_util;
use crate::load;
pub use report::{Finding, Findings, ImportRun, Outcome};

/// Where guides are written unless `--into` says otherwise, relative to the site root.
pub const DEFAULT_INTO: &str = "content/imported";

/// What `guidepost import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// A Markdown file, or a folder whose `.md` files (recursively) are all imported.
    pub input: PathBuf,
    /// The site root: its `site.yaml` `clean:` settings apply, and `into` is relative to it.
    pub root: PathBuf,
    /// The folder guides are written into; `None` means [`DEFAULT_INTO`].
    pub into: Option<PathBuf>,
    /// Replace guides that exist already.
    pub force: bool,
    /// Report only; write nothing.
    pub dry_run: bool,
}

/// Why an import could not run at all (exit code 2); problems with single articles are in the
/// run's outcomes instead.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The site root is not a directory.
    #[error("site root {} is not a directory", .0.display())]
    NoRoot(PathBuf),
    /// The input is a file, but not a Markdown one.
    #[error("{} is not a Markdown file (.md); import reads Markdown articles", .0.display())]
    NotMarkdown(PathBuf),
    /// The input is neither a file nor a folder.
    #[error("{} does not exist", .0.display())]
    NoInput(PathBuf),
    /// The input folder could not be listed.
    #[error("could not list {}: {source}", path.display())]
    List {
        /// The input folder.
        path: PathBuf,
        /// Why listing it failed.
        source: walkdir::Error,
    },
    /// The input folder holds no Markdown file.
    #[error("no .md files in {}", .0.display())]
    NoMarkdown(PathBuf),
    /// Not even the built-in ad rules load (the site's own rules were already set aside).
    #[error("{}", .0.first().map_or("could not load the ad rules", |d| d.message.as_str()))]
    DefaultRules(Vec<Diagnostic>),
}

/// One article converted in memory.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The guide: normalized front matter with `draft: true`, then the cleaned body.
    pub text: String,
    /// What was removed, and what the author has to replace or check.
    pub findings: Findings,
}

/// Converts the text of one article; `shown` names it in diagnostics. Bad front matter gives
/// the build's diagnostics, at the file's line and column.
pub fn convert(text: &str, shown: &Path, cleaner: &Cleaner) -> Result<Converted, Vec<Diagnostic>> {
    let page = load::parse_page(shown, shown, text)?;
    let mut findings = Findings::default();
    let front = front::normalize(&page, cleaner, &mut findings)
        .map_err(|e| vec![Diagnostic::error(shown, 0, 0, e.to_string())])?;
    let cut = regions::cut(&page.body, page.body_line, cleaner.markers(), &mut findings);
    let body = body::convert(&cut.text, &cut.line_of, cleaner, &mut findings);
    findings.sort();
    let body = body.trim();
    let text = if body.is_empty() {
        format!("---\n{front}---\n")
    } else {
        format!("---\n{front}---\n\n{body}\n")
    };
    Ok(Converted { text, findings })
}

/// Runs an import. `Err` is a problem outside the articles (exit code 2): a missing input or
/// site root. Problems with single articles are in the run's outcomes.
pub fn import(options: &ImportOptions) -> Result<ImportRun, ImportError> {
    let root = &options.root;
    if !root.is_dir() {
        return Err(ImportError::NoRoot(root.clone()));
    }
    let inputs = files::inputs(&options.input)?;
    let mut run = ImportRun {
        dry_run: options.dry_run,
        ..ImportRun::default()
    };
    let config = Config::load(root).unwrap_or_else(|problems| {
        run.warnings.extend(as_warnings(
            problems,
            "site.yaml has errors: importing with the default clean settings",
        ));
        Config::default()
    });
    let cleaner = match Cleaner::new(&config.clean, root, &config.base_url()) {
        Ok(cleaner) => cleaner,
        Err(problems) => {
            run.warnings.extend(as_warnings(
                problems,
                "the clean settings have errors: importing with the defaults",
            ));
            Cleaner::new(&CleanConfig::default(), root, &config.base_url())
                .map_err(ImportError::DefaultRules)?
        }
    };

    let into = options
        .into
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INTO));
    let into = if into.is_absolute() {
        into
    } else {
        root.join(into)
    };
    let mut destinations = HashSet::new();
    for (source, named) in inputs {
        let output = files::tidy(&into.join(named));
        let outcome = import_one(&source, output, &cleaner, options, &mut destinations);
        run.outcomes.push(outcome);
    }
    Ok(run)
}

fn import_one(
    source: &Path,
    output: PathBuf,
    cleaner: &Cleaner,
    options: &ImportOptions,
    destinations: &mut HashSet<PathBuf>,
) -> Outcome {
    let input = files::tidy(source);
    let fail = |problems: Vec<Diagnostic>, io: bool| Outcome::Failed {
        input: input.clone(),
        problems,
        io,
    };
    let bytes = match fs_util::read(source) {
        Ok(bytes) => bytes,
        Err(e) => return fail(vec![Diagnostic::error(&input, 0, 0, e.to_string())], true),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
            return fail(
                vec![
                    Diagnostic::error(&input, line, 0, "file is not valid UTF-8")
                        .with_hint("save the file as UTF-8"),
                ],
                false,
            );
        }
    };
    let converted = match convert(&text, &input, cleaner) {
        Ok(converted) => converted,
        Err(problems) => return fail(problems, false),
    };
    if !destinations.insert(output.clone()) {
        return fail(
            vec![
                Diagnostic::error(
                    &input,
                    0,
                    0,
                    format!(
                        "{} is also the guide of another file of this import; nothing was \
                         written for {}",
                        output.display(),
                        input.display()
                    ),
                )
                .with_hint("rename one of the two files"),
            ],
            false,
        );
    }
    if output.is_dir() {
        return fail(
            vec![Diagnostic::error(
                &output,
                0,
                0,
                format!(
                    "{} is a directory; nothing was written for {}",
                    output.display(),
                    input.display()
                ),
            )],
            false,
        );
    }
    if output.exists() && !options.force {
        return fail(
            vec![
                Diagnostic::error(
                    &output,
                    0,
                    0,
                    format!(
                        "{} exists already; nothing was written for {}",
                        output.display(),
                        input.display()
                    ),
                )
                .with_hint("pass --force to overwrite it"),
            ],
            false,
        );
    }
    if !options.dry_run {
        let written = if options.force {
            fs_util::write(&output, &converted.text)
        } else {
            files::create_new(&output, &converted.text)
        };
        if let Err(e) = written {
            let exists = e.source.kind() == std::io::ErrorKind::AlreadyExists;
            let problem = Diagnostic::error(&output, 0, 0, e.to_string());
            return if exists {
                fail(
                    vec![problem.with_hint("pass --force to overwrite it")],
                    false,
                )
            } else {
                fail(vec![problem], true)
            };
        }
    }
    Outcome::Imported {
        input,
        output,
        findings: converted.findings,
    }
}

/// Problems that do not stop an import, as warnings, after one that says what happens instead.
fn as_warnings(problems: Vec<Diagnostic>, instead: &str) -> Vec<Diagnostic> {
    let first = problems
        .first()
        .map(|d| d.file.clone())
        .unwrap_or_else(|| PathBuf::from("site.yaml"));
    std::iter::once(Diagnostic::warning(first, 0, 0, instead))
        .chain(problems.into_iter().map(|d| Diagnostic {
            severity: Severity::Warning,
            ..d
        }))
        .collect()
}
