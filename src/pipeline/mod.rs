//! The build pipeline: named stages over one [`Context`], run in this order by `build`,
//! `check` and `serve`:
//!
//! 1. [`load`] — `site.yaml`, `content/`, `static/`, `templates/`, the cleaner's rules and what
//!    widgets show (next steps, downloads, a status report).
//! 2. [`plan`] — every page's and section's URL, sections, aliases: the [`Context`] is made.
//! 3. [`render_markdown`] — bodies to clean HTML, in parallel ([`render_body`] for one page).
//! 4. [`assemble`] — titles, order, prev/next, taxonomies.
//! 5. [`expand_widgets`] — widget calls to HTML, next steps and downloads checked.
//! 6. [`check_links`] — every internal link and anchor, the widgets' included.
//! 7. [`render_templates`] — every output file from the templates, in parallel; with it
//!    [`copy_files`] copies `static/` and the pages' own files.
//! 8. [`index_for_search`] — the Pagefind bundle, in parts built side by side, from the pages
//!    as they were rendered.
//! 9. [`audit`] — every written file scanned for script, trackers and third-party loads.
//! 10. [`write`] — the temporary output directory swapped into place.
//!
//! Stages 1–6 collect diagnostics instead of stopping, so one run reports every bad file; the
//! run stops before stage 7 when any of them is an error (with `keep_going`, when every error
//! belongs to a page, those pages are left out instead and the rest is built: [`keep_going`]),
//! and nothing is written unless stage 9 finds nothing. Every file of stages 7–8 goes through one [`Outputs`] fan-out (audit, search,
//! the temporary directory, or `serve`'s memory). `serve` runs [`build_into`] for a full
//! rebuild and, for an edit of one page, the same [`render_body`], [`assemble`],
//! [`check_links`], [`render_templates`] and [`audit`] over the site it kept.

mod content;
mod inputs;
mod keep_going;
mod outputs;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::clean::{self, Cleaner};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::fs_util;
use crate::model::Site;
use crate::render::{self, Output, Templates};
use crate::write;

pub(crate) use content::{
    assemble, check_links, expand_widgets, plan, render_body, render_markdown,
};
pub(crate) use inputs::load;
pub use keep_going::LeftOut;
pub(crate) use outputs::{Outputs, audit, copy_files, index_for_search, render_templates, write};

/// What `build` and `check` were asked to do (resolved from the command line).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holding `content/`, optional `site.yaml`, `templates/`, `static/`).
    pub root: PathBuf,
    /// Output directory; `None` means `output_dir` from `site.yaml`.
    pub output: Option<PathBuf>,
    /// Publish drafts.
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// False for `check`: do everything but write.
    pub write: bool,
    /// Fail when content still holds ads, trackers or script (the cleaner removed some).
    pub strict: bool,
    /// Clean raw HTML (always, except in benchmarks that measure what cleaning costs).
    pub clean: bool,
    /// A guidepost-check report (`--json` output) for the status widgets to show.
    pub status: Option<PathBuf>,
    /// When every error belongs to a page, leave those pages out and build the rest
    /// (`build --keep-going`, `serve`); the run still fails, with [`BuildError::Partial`].
    pub keep_going: bool,
}

#[cfg(test)]
impl BuildOptions {
    /// `check` of the site at `root`, cleaning on: what the unit tests build.
    pub(crate) fn check(root: &std::path::Path) -> Self {
        BuildOptions {
            root: root.to_path_buf(),
            output: None,
            drafts: false,
            base_url: None,
            write: false,
            strict: false,
            clean: true,
            status: None,
            keep_going: false,
        }
    }
}

/// Receives progress; `main` shows it with indicatif on a terminal.
pub trait Progress: Sync {
    /// A new stage with `total` steps begins.
    fn stage(&self, name: &'static str, total: usize);
    /// `n` more steps are done.
    fn advance(&self, n: usize);
    /// A message for the person at the terminal, such as the checker being built.
    fn note(&self, message: &str) {
        let _ = message;
    }
}

/// Progress that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn stage(&self, _: &'static str, _: usize) {}
    fn advance(&self, _: usize) {}
}

/// What a successful run did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages published.
    pub pages: usize,
    /// Sections, home included.
    pub sections: usize,
    /// Files written (or that would be written, for `check`).
    pub files: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Where the site was written.
    pub output: Option<PathBuf>,
    /// What cleaning removed, per source file (files with nothing removed are left out).
    pub cleaned: Vec<(PathBuf, clean::CleanReport)>,
}

/// What a `keep_going` run built while some pages had errors.
#[derive(Debug)]
pub struct Partial {
    /// What was built (and written, for `build`): every page but those left out. Its
    /// `warnings` are the warnings only.
    pub report: BuildReport,
    /// Every problem, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The pages left out, in file order.
    pub left_out: Vec<LeftOut>,
    /// The site's path prefix from `base_url` (`/docs`, or empty), for `serve`.
    pub prefix: String,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has errors (exit code 1). Warnings are included.
    #[error("the site has errors")]
    Content(Vec<Diagnostic>),
    /// Some pages have errors and were left out; the rest was built (`keep_going`, exit
    /// code 1).
    #[error("{} page(s) have errors and were left out", .0.left_out.len())]
    Partial(Box<Partial>),
    /// The site root is not a directory (exit code 2).
    #[error("site root {} is not a directory", .0.display())]
    NoRoot(PathBuf),
    /// The output directory may not be replaced, or preparing it failed (exit code 2).
    #[error(transparent)]
    Output(#[from] write::GuardError),
    /// Writing the site failed (exit code 2).
    #[error(transparent)]
    Io(#[from] fs_util::IoError),
}

/// What a successful [`build_into`] settled, kept by `serve` so an edit to one page can
/// re-render that page and its lists with the later stages alone.
pub struct Kept {
    /// The site model, bodies rendered, widgets expanded.
    pub site: Site,
    /// The template set.
    pub templates: Templates,
    /// The HTML cleaner (`None` when cleaning is off).
    pub cleaner: Option<Cleaner>,
}

/// What the stages share from [`plan`] on: the site, what renders it, and every problem found
/// so far.
pub(crate) struct Context<'a> {
    /// What the run was asked to do.
    pub(crate) options: &'a BuildOptions,
    /// Where progress goes.
    pub(crate) progress: &'a dyn Progress,
    /// Problems of every stage so far.
    pub(crate) diagnostics: Diagnostics,
    /// The site model.
    pub(crate) site: Site,
    /// The template set (`None` when it has errors, already in `diagnostics`).
    pub(crate) templates: Option<Templates>,
    /// The HTML cleaner (`None` when cleaning is off or its rules have errors).
    pub(crate) cleaner: Option<Cleaner>,
    /// What the widgets show, read by [`load`].
    pub(crate) widget_inputs: inputs::WidgetInputs,
    /// Files the widgets and search need beside the pages (scripts, the report's schema).
    pub(crate) extra_outputs: Vec<Output>,
    /// What cleaning removed, per source file, in path order.
    pub(crate) cleaned: Vec<(PathBuf, clean::CleanReport)>,
}

impl Context<'_> {
    /// The run's failure with every diagnostic so far and `more`.
    fn fail(&mut self, more: impl IntoIterator<Item = Diagnostic>) -> BuildError {
        self.diagnostics.extend(more);
        BuildError::Content(std::mem::take(&mut self.diagnostics).sorted())
    }
}

/// Builds (or checks) the site described by `options`.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    run(options, progress, None).map(|(report, _)| report)
}

/// Runs the whole build and hands every output file (generated and copied) to `sink` instead of
/// writing anything: `serve` keeps the site in memory this way. `options.write` is ignored.
pub fn build_into(
    options: &BuildOptions,
    progress: &dyn Progress,
    sink: &render::Sink<'_>,
) -> Result<(BuildReport, Kept), BuildError> {
    let options = BuildOptions {
        write: false,
        ..options.clone()
    };
    run(&options, progress, Some(sink))
}

/// The stages in order (see the module doc).
fn run(
    options: &BuildOptions,
    progress: &dyn Progress,
    sink: Option<&render::Sink<'_>>,
) -> Result<(BuildReport, Kept), BuildError> {
    let started = Instant::now();
    let inputs = load(options, progress)?;
    let mut cx = plan(inputs, options, progress);
    render_markdown(&mut cx);
    assemble(&mut cx.site);
    expand_widgets(&mut cx);
    let links = check_links(&cx.site);
    cx.diagnostics.extend(links.sorted());
    let (templates, left_out) = match cx.templates.take() {
        Some(templates) if !cx.diagnostics.has_errors() => (templates, Vec::new()),
        Some(templates) if options.keep_going => {
            match keep_going::leave_out(&mut cx.site, &cx.diagnostics) {
                Some(left_out) => (templates, left_out),
                None => return Err(cx.fail([])),
            }
        }
        _ => return Err(cx.fail([])),
    };

    let outputs = match Outputs::for_run(&cx, sink) {
        Ok(outputs) => outputs,
        Err(outputs::OpenError::Search(problem)) => return Err(cx.fail([problem])),
        Err(outputs::OpenError::Output(error)) => return Err(error.into()),
    };
    let mut files = match render_templates(&cx.site, &templates, &outputs, &|_| true) {
        Ok(count) => count,
        Err(problems) => return Err(cx.fail(problems)),
    };
    for output in std::mem::take(&mut cx.extra_outputs) {
        files += 1;
        outputs.emit(output)?;
    }
    files += copy_files(&cx.site, &outputs)?;
    let bundle = match index_for_search(&outputs, progress) {
        Ok(bundle) => bundle,
        Err(problem) => return Err(cx.fail([problem])),
    };
    files += bundle.len();
    for output in bundle {
        outputs.emit(output)?;
    }
    let mut outputs = outputs;
    let (warnings, findings) = audit(&mut outputs);
    cx.diagnostics.extend(warnings);
    if !findings.is_empty() {
        return Err(cx.fail(findings));
    }
    let output = write(outputs)?;

    let mut report = BuildReport {
        pages: cx.site.pages.len(),
        sections: cx.site.sections.len(),
        files,
        elapsed: started.elapsed(),
        warnings: cx.diagnostics.sorted(),
        output,
        cleaned: cx.cleaned,
    };
    if !left_out.is_empty() {
        let diagnostics = std::mem::take(&mut report.warnings);
        report.warnings = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .cloned()
            .collect();
        return Err(BuildError::Partial(Box::new(Partial {
            report,
            diagnostics,
            left_out,
            prefix: cx.site.prefix().to_owned(),
        })));
    }
    let kept = Kept {
        site: cx.site,
        templates,
        cleaner: cx.cleaner,
    };
    Ok((report, kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(pages: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, text) in pages {
            let path = dir.path().join("content").join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write page");
        }
        dir
    }

    #[test]
    fn the_kept_site_holds_each_body_by_its_hash_not_its_text() {
        let body_a = "Some text.\n\n## A heading\n";
        let dir = site_with(&[
            ("a.md", &format!("---\ntitle: A\n---\n{body_a}")),
            ("b.md", "---\ntitle: B\n---\nOther text.\n"),
            ("guides/_index.md", "---\ntitle: Guides\n---\nIntro.\n"),
        ]);
        let (_, kept) =
            build_into(&BuildOptions::check(dir.path()), &NoProgress, &|_| Ok(())).expect("builds");
        let raws = kept
            .site
            .pages
            .iter()
            .map(|p| &p.raw)
            .chain(kept.site.sections.iter().filter_map(|s| s.raw.as_ref()));
        let mut hashes = Vec::new();
        for raw in raws {
            assert!(raw.body.is_empty(), "{} kept its body", raw.shown.display());
            hashes.push(raw.body_hash);
        }
        assert_eq!(hashes.len(), 3);
        hashes.dedup();
        assert_eq!(hashes.len(), 3, "different bodies, different hashes");
        let a = kept
            .site
            .pages
            .iter()
            .find(|p| p.path == "/a/")
            .expect("page a");
        let again = crate::load::parse_page(
            &a.raw.shown,
            &a.raw.rel,
            &format!("---\ntitle: A\n---\n{body_a}"),
        )
        .expect("parses");
        assert_eq!(
            again.body_hash, a.raw.body_hash,
            "the same body, the same hash"
        );
        assert!(
            a.rendered.html.contains("A heading"),
            "rendered before release"
        );
    }

    #[test]
    fn keep_going_builds_without_the_broken_pages_unless_an_error_is_no_pages() {
        let dir = site_with(&[
            (
                "a.md",
                "---\ntitle: A\n---\n\nSee [b](b.md) and [c](/c/).\n",
            ),
            ("b.md", "---\ntitle: B\n---\n\n[x](/nowhere/)\n"),
            ("c.md", "---\ntitle: [unclosed\n---\n"),
        ]);
        let options = BuildOptions {
            keep_going: true,
            ..BuildOptions::check(dir.path())
        };
        let collector = std::sync::Mutex::new(Vec::new());
        let sink = |output: Output| {
            collector.lock().expect("lock").push(output.path);
            Ok(())
        };
        let Err(BuildError::Partial(partial)) = build_into(&options, &NoProgress, &sink) else {
            panic!("a site with broken pages builds in part");
        };
        let left: Vec<(&str, &str)> = partial
            .left_out
            .iter()
            .map(|l| (l.file.to_str().expect("UTF-8"), l.path.as_str()))
            .collect();
        assert_eq!(left, [("content/b.md", "/b/"), ("content/c.md", "/c/")]);
        assert_eq!(partial.report.pages, 1);
        let paths = collector.into_inner().expect("lock");
        assert!(paths.iter().any(|p| p == "/a/"), "{paths:?}");
        assert!(!paths.iter().any(|p| p == "/b/" || p == "/c/"), "{paths:?}");

        std::fs::write(dir.path().join("site.yaml"), "titel: x\n").expect("write site.yaml");
        let result = build_into(&options, &NoProgress, &|_| Ok(()));
        assert!(
            matches!(result, Err(BuildError::Content(_))),
            "an error in site.yaml builds nothing"
        );
    }

    #[test]
    fn a_problem_found_after_the_bodies_were_released_quotes_its_line_from_the_file() {
        let dir = site_with(&[(
            "a.md",
            "---\ntitle: A\n---\n\nFirst line.\nSee [the missing page](/nowhere/).\n",
        )]);
        let Err(BuildError::Content(problems)) =
            build(&BuildOptions::check(dir.path()), &NoProgress)
        else {
            panic!("a broken link fails the check");
        };
        let broken = problems
            .iter()
            .find(|d| d.message.contains("/nowhere/"))
            .expect("the broken link is reported");
        assert_eq!(broken.line, 6);
        assert_eq!(
            broken.source_line.as_deref(),
            Some("See [the missing page](/nowhere/).")
        );
    }
}
