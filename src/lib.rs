//! Guidepost: a static help-site generator.
//!
//! The pipeline runs one way: `config` → `load` (read content/) → `model::plan` (URLs, sections)
//! → `markdown` (bodies, in parallel) → `model::assemble` (order, taxonomies) → link check →
//! `render` (templates, in parallel; `search` indexes the pages as they are rendered) → `write`
//! (temporary directory, then swap). Each stage
//! returns diagnostics instead of stopping, so one run reports every bad file; the first stage
//! with errors ends the run before anything is written.
//!
//! # What is public
//!
//! A module is `pub` only when something outside this library uses it; the others are `pub(crate)`.
//! The `guidepost` binary (src/main.rs) uses `clean`, `config`, `diagnostic`, `downloads`
//! (`bundle-checker`), `import`, `init`, `reporter`, `search` (`search::pipe`, run by `guidepost
//! search-index`) and `serve`, with `build` and its types at the crate root. The fuzz target
//! (fuzz/fuzz_targets/markdown_clean.rs) drives the security boundary from Markdown to safe HTML
//! and checks it with the audit: `markdown`, `clean`, `config`, `audit` and `url_policy`
//! (`ImageHosts`) stay public for it. The integration tests (tests/it/) call `import::convert` with
//! a `clean::Cleaner`, parse the importer's dates with `load::Date` and sign a checker binary with
//! `downloads::sign_binary`; `load` is public for them alone. Types of `pub(crate)` modules that
//! public items hand out (`model::Site` in `Kept`, `write::GuardError` in `BuildError`, widget
//! calls in `markdown::Rendered`) can be reached but not named outside.

pub(crate) mod assets;
pub mod audit;
pub mod clean;

pub mod config;

pub mod diagnostic;
pub mod downloads;
pub(crate) mod fs_util;
pub mod import;
pub mod init;
pub mod load;
pub mod markdown;
pub(crate) mod model;
pub(crate) mod next_steps;
pub(crate) mod nonce;
pub(crate) mod paths;
pub(crate) mod render;
pub mod reporter;
pub mod search;
pub mod serve;
pub mod url_policy;
pub(crate) mod widget_calls;
pub(crate) mod widgets;
pub(crate) mod write;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::audit::Auditor;
use crate::clean::Cleaner;

use crate::config::Config;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::ModelOptions;
use crate::render::{Output, Templates};
use crate::write::Staging;

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

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has errors (exit code 1). Warnings are included.
    #[error("the site has errors")]
    Content(Vec<Diagnostic>),
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

/// Builds (or checks) the site described by `options`.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    build_with(options, progress, None).map(|(report, _)| report)
}

/// What a successful [`build_into`] settled, kept by `serve` so an edit to one page's body can
/// re-render that page and its lists without running the whole pipeline again.
pub struct Kept {
    /// The site model, bodies rendered, widgets expanded.
    pub site: model::Site,
    /// The template set.
    pub templates: Templates,
    /// The HTML cleaner (`None` when cleaning is off).
    pub cleaner: Option<Cleaner>,
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
    build_with(&options, progress, Some(sink))
}

fn build_with(
    options: &BuildOptions,
    progress: &dyn Progress,
    extra_sink: Option<&render::Sink<'_>>,
) -> Result<(BuildReport, Kept), BuildError> {
    let started = Instant::now();
    let root = &options.root;
    if !root.is_dir() {
        return Err(BuildError::NoRoot(root.clone()));
    }
    let mut diagnostics = Diagnostics::default();
    // A bad site.yaml is reported and the content is still checked with the defaults, so one
    // run lists every problem.
    let mut config = Config::load(root).unwrap_or_else(|problems| {
        diagnostics.extend(problems);
        Config::default()
    });
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
        if let Err(problem) = config.validate_base_url() {
            diagnostics.push(problem);
        }
    }

    progress.stage("reading", 0);
    let (loaded, load_problems) = load::load(root);
    diagnostics.extend(load_problems.sorted());
    let (static_files, static_problems) = load::static_files(root);
    diagnostics.extend(static_problems);
    let templates = Templates::load(root);

    let cleaner = if options.clean {
        match Cleaner::new(&config.clean, root, &config.base_url()) {
            Ok(cleaner) => Some(cleaner),
            Err(problems) => {
                diagnostics.extend(problems);
                None
            }
        }
    } else {
        None
    };
    if options.write {
        diagnostics.extend(downloads::build_outdated(root, &config, &|m| {
            progress.note(m)
        }));
    }
    let (mut next_steps, next_step_problems) = next_steps::NextSteps::load(root);
    diagnostics.extend(next_step_problems);
    let (downloads, download_files, download_problems) = downloads::collect(root, &config);
    diagnostics.extend(download_problems);
    let report = match &options.status {
        Some(file) => match widgets::implicits::read_report(root, file) {
            Ok(report) => Some(report),
            Err(problem) => {
                diagnostics.push(problem);
                None
            }
        },
        None => None,
    };
    let (mut site, plan_problems) = model::plan(
        config,
        loaded,
        static_files,
        ModelOptions {
            drafts: options.drafts,
        },
    );
    diagnostics.extend(plan_problems.sorted());
    site.preview = report.is_some();

    progress.stage("rendering Markdown", site.pages.len() + site.sections.len());
    render_markdown(&mut site, cleaner.as_ref(), progress);
    model::assemble(&mut site);
    diagnostics.extend(widgets::expand::syntax_errors(&site));
    diagnostics.extend(next_steps.check_links(&site));
    diagnostics
        .extend(next_steps.missing_warnings(!widgets::expand::used_on(&site, "status").is_empty()));
    if let Ok(templates) = &templates {
        let prefix = site.config.path_prefix();
        let href = |path: &str| format!("{prefix}{path}");
        let implicits =
            widgets::implicits::context(report.as_ref(), &next_steps, &downloads, &href);
        diagnostics.extend(widgets::expand::expand_all(
            &mut site, templates, &implicits,
        ));
    }
    site.files.extend(download_files);
    diagnostics.extend(downloads::missing_warnings(
        &downloads,
        &widgets::expand::used_on(&site, "downloads"),
    ));
    let mut extra_outputs = widget_assets(&site);
    extra_outputs.extend(search::script_output(&site));
    site.generated = extra_outputs.iter().map(|o| o.path.clone()).collect();
    // After the widgets: their links are checked with the page's own.
    diagnostics.extend(model::links::check(&site).sorted());
    let cleaned = clean_reports(&site);
    diagnostics.extend(clean_diagnostics(&cleaned, options.strict));
    let templates = match templates {
        Ok(t) => Some(t),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    let fail = |diagnostics: Diagnostics| BuildError::Content(diagnostics.sorted());
    let Some(templates) = templates.filter(|_| !diagnostics.has_errors()) else {
        return Err(fail(diagnostics));
    };

    let staging = if options.write {
        let output = options
            .output
            .clone()
            .unwrap_or_else(|| site.config.output_dir.clone());
        Some(Staging::prepare(root, &output)?)
    } else {
        None
    };
    let terms: usize = site.taxonomies.iter().map(|t| 1 + t.terms.len()).sum();
    let generated = site.pages.len() + site.sections.len() + terms + site.aliases.len() + 1;
    progress.stage(
        "writing",
        generated + render::feeds::fixed_files_count(&site),
    );
    // The audit runs whenever cleaning does (always, but for benchmarks of cleaning's cost).
    let auditor = options
        .clean
        .then(|| Auditor::new(&site.config.base_url(), &site.config.clean.image_hosts));
    // `check` writes nothing, so it builds no search index (the costliest step on large sites).
    let indexer = match options.write.then(|| search::Indexer::new(&site)) {
        Some(Ok(indexer)) => indexer,
        Some(Err(problem)) => {
            diagnostics.push(problem);
            return Err(fail(diagnostics));
        }
        None => None,
    };
    let search_marks = search::marks::MarkCheck::new(&search::entries(&site));
    let sink = |output: Output| -> Result<(), fs_util::IoError> {
        if let Some(auditor) = &auditor {
            auditor.scan(&output.path, &output.bytes);
        }
        search_marks.offer(&output);
        if let Some(indexer) = &indexer {
            indexer.offer(&output);
        }
        if let Some(staging) = &staging {
            staging.write(&output.path, &output.bytes)?;
        }
        if let Some(extra_sink) = extra_sink {
            extra_sink(output)?;
        }
        progress.advance(1);
        Ok(())
    };
    let mut files = match render::render_site(&site, &templates, &sink) {
        Ok(count) => count,
        Err(problems) => {
            diagnostics.extend(problems);
            return Err(fail(diagnostics));
        }
    };
    for output in extra_outputs {
        files += 1;
        sink(output)?;
    }
    if let Some(indexer) = &indexer {
        progress.stage("indexing for search", 0);
        let bundle = match indexer.finish() {
            Ok(bundle) => bundle,
            Err(problem) => {
                diagnostics.push(problem);
                return Err(fail(diagnostics));
            }
        };
        files += bundle.len();
        for output in bundle {
            sink(output)?;
        }
    }
    // Copied HTML pages get the policy meta too (`render::copied_html`); other files go as
    // they are.
    let csp = render::content_security_policy(&site.config.clean.image_hosts, site.config.search);
    let copied: Result<Vec<()>, fs_util::IoError> = site
        .files
        .par_iter()
        .map(|f| {
            let page = render::copied_html::is_page(&f.path);
            let audited = auditor.as_ref().filter(|_| audit::is_scanned(&f.path));
            if !page && audited.is_none() && extra_sink.is_none() {
                return match &staging {
                    Some(staging) => staging.copy(&f.source, &f.path),
                    None => Ok(()),
                };
            }
            let read = fs_util::read(&f.source)?;
            let bytes = if page {
                render::copied_html::with_policy(&read, &csp).into_owned()
            } else {
                read
            };
            if let Some(auditor) = audited {
                auditor.scan(&f.path, &bytes);
            }
            if let Some(staging) = &staging {
                staging.write(&f.path, &bytes)?;
            }
            if let Some(extra_sink) = extra_sink {
                extra_sink(Output {
                    path: f.path.clone(),
                    bytes,
                })?;
            }
            Ok(())
        })
        .collect();
    copied?;
    files += site.files.len();
    diagnostics.extend(search_marks.finish());
    if let Some(auditor) = auditor {
        let findings = auditor.finish();
        if !findings.is_empty() {
            diagnostics.extend(findings);
            return Err(fail(diagnostics));
        }
    }

    let output = match staging {
        Some(staging) => Some(staging.commit()?),
        None => None,
    };
    let report = BuildReport {
        pages: site.pages.len(),
        sections: site.sections.len(),
        files,
        elapsed: started.elapsed(),
        warnings: diagnostics.sorted(),
        output,
        cleaned,
    };
    let kept = Kept {
        site,
        templates,
        cleaner,
    };
    Ok((report, kept))
}

/// What cleaning removed, per source file, in path order.
fn clean_reports(site: &model::Site) -> Vec<(PathBuf, clean::CleanReport)> {
    let mut reports: Vec<(PathBuf, clean::CleanReport)> = site
        .sources()
        .filter(|(_, rendered)| !rendered.clean.is_empty())
        .map(|(raw, rendered)| (raw.shown.clone(), rendered.clean.clone()))
        .collect();
    reports.sort_by(|a, b| a.0.cmp(&b.0));
    reports
}

/// The cleaner's warnings (an ad region never closed), and with `--strict` (and `check`) every
/// removal too, as diagnostics at their source lines; `--strict` makes the warnings errors.
fn clean_diagnostics(cleaned: &[(PathBuf, clean::CleanReport)], strict: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, report) in cleaned {
        for w in &report.warnings {
            let at = if strict {
                Diagnostic::error(file, w.line, 0, w.message.clone())
            } else {
                Diagnostic::warning(file, w.line, 0, w.message.clone())
            };
            out.push(at.with_hint(w.hint.clone()));
        }
        if !strict {
            continue;
        }
        out.extend(report.removals.iter().map(|r| {
            Diagnostic::error(
                file,
                r.line,
                0,
                format!("content holds {}: {}", r.kind.name(), r.detail),
            )
            .with_hint("remove it from the source; `guidepost import` cleans a scraped article")
        }));
    }
    out
}

/// The files widgets need: `/status.js` (unless `static/status.js` replaces it) when a page
/// shows the status widget, and the report's JSON Schema (which both widgets link to) when the
/// site has status or downloads widgets or offers the checker.
fn widget_assets(site: &model::Site) -> Vec<Output> {
    let mut outputs = Vec::new();
    let uses_status = !widgets::expand::used_on(site, "status").is_empty();
    let uses_downloads = !widgets::expand::used_on(site, "downloads").is_empty();
    if uses_status && !site.has_file_at(widgets::STATUS_SCRIPT_PATH) {
        outputs.push(Output {
            path: widgets::STATUS_SCRIPT_PATH.to_owned(),
            bytes: assets::compact::script(assets::STATUS_SCRIPT).into_bytes(),
        });
    }
    if uses_status || uses_downloads || !site.config.checker.targets.is_empty() {
        outputs.push(Output {
            path: downloads::SCHEMA_PATH.to_owned(),
            bytes: guidepost_check::report::json_schema().into_bytes(),
        });
    }
    outputs
}

/// Renders every page's and section's Markdown in parallel.
fn render_markdown(site: &mut model::Site, cleaner: Option<&Cleaner>, progress: &dyn Progress) {
    let resolver: &model::Site = site;
    let pages: Vec<markdown::Rendered> = resolver
        .pages
        .par_iter()
        .map(|p| {
            let rendered = render_body(&p.raw, &p.path, resolver, cleaner, true);
            progress.advance(1);
            rendered
        })
        .collect();
    let sections: Vec<Option<markdown::Rendered>> = resolver
        .sections
        .par_iter()
        .map(|s| {
            let rendered = s
                .raw
                .as_ref()
                .map(|raw| render_body(raw, &s.path, resolver, cleaner, false));
            progress.advance(1);
            rendered
        })
        .collect();
    for (page, rendered) in site.pages.iter_mut().zip(pages) {
        page.rendered = rendered;
    }
    for (section, rendered) in site.sections.iter_mut().zip(sections) {
        section.rendered = rendered.unwrap_or_default();
    }
}

/// One body through the Markdown stage, as `build` and `serve` (after an edit) render it. A
/// page (not a section's `_index.md`) without a title in front matter takes its first heading
/// as its title ([`model::assemble`]), so that heading leaves the body.
pub(crate) fn render_body(
    raw: &load::RawPage,
    site_path: &str,
    site: &model::Site,
    cleaner: Option<&Cleaner>,
    is_page: bool,
) -> markdown::Rendered {
    let rel = crate::paths::rel_key(&raw.rel);
    let input = markdown::PageInput {
        body: &raw.body,
        body_line: raw.body_line,
        rel: &rel,
        site_path,
    };
    let mut rendered = markdown::render(&input, site, cleaner);
    if is_page && raw.front.title.is_none() && rendered.first_h1.is_some() {
        rendered.html = markdown::without_first_h1(&rendered.html);
    }
    rendered
}
