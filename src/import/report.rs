//! What an import did, per file and in total, and the text `guidepost import` prints about it.
//!
//! The report is the author's review list: every removal with its source line (so a wrongly
//! removed paragraph can be found in the original), every remote image to download and replace,
//! and every relative link that pointed into the original site.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// One thing found in a source file, at a 1-based line of that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line in the source file (front matter included); 0 when unknown.
    pub line: usize,
    /// What it is, e.g. `ad region (3 elements)` or a URL.
    pub what: String,
}

/// Everything an import found in one file, by kind, each in source order.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// What was removed (ads, pixels, link farms, disclaimers, unsafe markup).
    pub removed: Vec<Finding>,
    /// Images loaded from other hosts, kept in the guide for the author to replace.
    pub remote_images: Vec<Finding>,
    /// Relative links and images, which pointed into the original site.
    pub relative_links: Vec<Finding>,
    /// What the author should look at though nothing was removed (an ad region never closed).
    pub warnings: Vec<Finding>,
}

impl Findings {
    /// Records a removal.
    pub fn removed(&mut self, line: usize, what: impl Into<String>) {
        self.removed.push(Finding {
            line,
            what: what.into(),
        });
    }

    /// Records a remote image.
    pub fn remote_image(&mut self, line: usize, what: impl Into<String>) {
        self.remote_images.push(Finding {
            line,
            what: what.into(),
        });
    }

    /// Records a relative link or image.
    pub fn relative_link(&mut self, line: usize, what: impl Into<String>) {
        self.relative_links.push(Finding {
            line,
            what: what.into(),
        });
    }

    /// Records something left in place for the author to fix.
    pub fn warning(&mut self, line: usize, what: impl Into<String>) {
        self.warnings.push(Finding {
            line,
            what: what.into(),
        });
    }

    /// Puts every list in source order (stable, so items of one line keep their order).
    pub fn sort(&mut self) {
        for list in [
            &mut self.removed,
            &mut self.remote_images,
            &mut self.relative_links,
            &mut self.warnings,
        ] {
            list.sort_by_key(|f| f.line);
        }
    }
}

/// The result of importing one file.
#[derive(Debug)]
pub enum Outcome {
    /// Converted (and written, unless it was a dry run).
    Imported {
        /// The source file, as it is shown.
        input: PathBuf,
        /// The guide written (or that would be written).
        output: PathBuf,
        /// What the conversion found.
        findings: Findings,
    },
    /// Not imported; nothing was written for it.
    Failed {
        /// The source file, as it is shown.
        input: PathBuf,
        /// Why, with positions.
        problems: Vec<Diagnostic>,
        /// The failure was the file system's (exit code 2) rather than the file's (exit code 1).
        io: bool,
    },
}

/// The result of one `guidepost import` run.
#[derive(Debug, Default)]
pub struct ImportRun {
    /// One outcome per input file, in path order.
    pub outcomes: Vec<Outcome>,
    /// Problems outside the files (a bad `site.yaml`: the defaults were used instead).
    pub warnings: Vec<Diagnostic>,
    /// Nothing was written.
    pub dry_run: bool,
}

impl ImportRun {
    /// Every diagnostic to print on stderr: warnings first, then each failed file's problems.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.warnings.iter().collect();
        for outcome in &self.outcomes {
            if let Outcome::Failed { problems, .. } = outcome {
                all.extend(problems);
            }
        }
        all
    }

    /// 0 when every file was imported, 2 when writing failed, else 1.
    pub fn exit_code(&self) -> u8 {
        let mut code = 0;
        for outcome in &self.outcomes {
            if let Outcome::Failed { io, .. } = outcome {
                code = if *io { 2 } else { code.max(1) };
            }
        }
        code
    }

    /// The report printed on stdout: per file what was written, removed and left to replace,
    /// then one summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let (mut imported, mut failed, mut removed, mut remote) = (0, 0, 0, 0);
        for outcome in &self.outcomes {
            let (input, output, findings) = match outcome {
                Outcome::Imported {
                    input,
                    output,
                    findings,
                } => (input, output, findings),
                Outcome::Failed { .. } => {
                    failed += 1;
                    continue;
                }
            };
            imported += 1;
            removed += findings.removed.len();
            remote += findings.remote_images.len();
            let verb = if self.dry_run { "would write" } else { "wrote" };
            let _ = writeln!(
                out,
                "{verb} {} (draft) from {}",
                output.display(),
                input.display()
            );
            write_list(&mut out, "removed:", &findings.removed, "nothing");
            write_list(&mut out, "warnings:", &findings.warnings, "");
            if !findings.remote_images.is_empty() {
                write_list(
                    &mut out,
                    "Remote images to replace with local copies:",
                    &findings.remote_images,
                    "",
                );
                out.push_str(
                    "    (the build leaves remote images out and `check` reports them: save each \
                     one beside the guide and link it locally)\n",
                );
            }
            if !findings.relative_links.is_empty() {
                write_list(
                    &mut out,
                    "Relative links to check (in a scraped article they usually led into the original site):",
                    &findings.relative_links,
                    "",
                );
            }
        }
        let failed_part = if failed > 0 {
            format!(", {failed} failed (see the errors above)")
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "guidepost: {} {imported} file(s){failed_part}; removed {removed} item(s); \
             {remote} remote image(s) to replace",
            if self.dry_run {
                "dry run, nothing written: would import"
            } else {
                "imported"
            },
        );
        if imported > 0 {
            out.push_str(
                "; imported guides carry `draft: true`: review each one, then delete that line \
                 to publish it",
            );
        }
        out.push('\n');
        out
    }
}

fn write_list(out: &mut String, title: &str, items: &[Finding], when_empty: &str) {
    if items.is_empty() {
        if !when_empty.is_empty() {
            let _ = writeln!(out, "  {title} {when_empty}");
        }
        return;
    }
    let _ = writeln!(out, "  {title}");
    for item in items {
        if item.line > 0 {
            let _ = writeln!(out, "    line {}: {}", item.line, item.what);
        } else {
            let _ = writeln!(out, "    {}", item.what);
        }
    }
}
