//! Stages 7–10: every output file, generated or copied, goes through one [`Outputs`] fan-out
//! (the audit, the search index and its body-mark check, the temporary output directory, or
//! `serve`'s memory); then the audit's verdict, and the swap into place.

use std::path::PathBuf;

use rayon::prelude::*;

use super::{Context, Progress};
use crate::audit::{self, Auditor};
use crate::diagnostic::Diagnostic;
use crate::fs_util::IoError;
use crate::model::Site;
use crate::render::{self, Output, Sink, Templates};
use crate::search::{self, Indexer, marks::MarkCheck};
use crate::write::{GuardError, Staging};

/// Where the files of one run go; [`Outputs::emit`] is called from many threads at once.
pub(crate) struct Outputs<'a> {
    /// Scans every written file (`None` when cleaning is off, for benchmarks).
    auditor: Option<Auditor>,
    /// Watches the pages to index for the body mark (full builds only).
    marks: Option<MarkCheck>,
    /// Indexes the pages for search (`build` with search on).
    indexer: Option<Indexer>,
    /// The temporary output directory (`build`, not `check` or `serve`).
    staging: Option<Staging>,
    /// Receives every file as well (`serve`).
    sink: Option<&'a Sink<'a>>,
    /// Advanced once per generated file.
    progress: Option<&'a dyn Progress>,
    /// The policy copied HTML pages get (`render::copied_html`).
    csp: String,
}

/// Why [`Outputs::for_run`] could not start.
pub(crate) enum OpenError {
    /// The search indexer could not start.
    Search(Diagnostic),
    /// The output directory may not be replaced, or preparing it failed.
    Output(GuardError),
}

impl<'a> Outputs<'a> {
    /// The fan-out of a whole run: the temporary output directory and the search index when
    /// the run writes (`check` builds no index, the costliest step on large sites), the audit
    /// whenever cleaning is on, and `sink` when `serve` keeps the files.
    pub(crate) fn for_run(cx: &Context<'a>, sink: Option<&'a Sink<'a>>) -> Result<Self, OpenError> {
        let site = &cx.site;
        let staging = if cx.options.write {
            let output = cx
                .options
                .output
                .clone()
                .unwrap_or_else(|| site.config.output_dir.clone());
            Some(Staging::prepare(&cx.options.root, &output).map_err(OpenError::Output)?)
        } else {
            None
        };
        let terms: usize = site.taxonomies.iter().map(|t| 1 + t.terms.len()).sum();
        let generated = site.pages.len() + site.sections.len() + terms + site.aliases.len() + 1;
        cx.progress.stage(
            "writing",
            generated + render::feeds::fixed_files_count(site),
        );
        let indexer = if cx.options.write {
            Indexer::new(site).map_err(OpenError::Search)?
        } else {
            None
        };
        Ok(Outputs {
            auditor: cx.options.clean.then(|| auditor(site)),
            marks: Some(MarkCheck::new(&search::entries(site))),
            indexer,
            staging,
            sink,
            progress: Some(cx.progress),
            csp: csp(site),
        })
    }

    /// The fan-out of a re-render in `serve`: audited (when `audited`), into `sink` only.
    pub(crate) fn in_memory(site: &Site, audited: bool, sink: &'a Sink<'a>) -> Self {
        Outputs {
            auditor: audited.then(|| auditor(site)),
            marks: None,
            indexer: None,
            staging: None,
            sink: Some(sink),
            progress: None,
            csp: csp(site),
        }
    }

    /// Hands one generated file to everything that wants it.
    pub(crate) fn emit(&self, output: Output) -> Result<(), IoError> {
        if let Some(auditor) = &self.auditor {
            auditor.scan(&output.path, &output.bytes);
        }
        if let Some(marks) = &self.marks {
            marks.offer(&output);
        }
        if let Some(indexer) = &self.indexer {
            indexer.offer(&output);
        }
        if let Some(staging) = &self.staging {
            staging.write(&output.path, &output.bytes)?;
        }
        if let Some(sink) = self.sink {
            sink(output)?;
        }
        if let Some(progress) = self.progress {
            progress.advance(1);
        }
        Ok(())
    }
}

fn auditor(site: &Site) -> Auditor {
    Auditor::new(&site.config.base_url(), &site.config.clean.image_hosts)
}

fn csp(site: &Site) -> String {
    render::content_security_policy(&site.config.clean.image_hosts, site.config.search)
}

/// Stage 7: renders the output files whose site path `want` accepts (every one in a build;
/// what an edit changed in `serve`) into `outputs`; the count is of every file of the site.
pub(crate) fn render_templates(
    site: &Site,
    templates: &Templates,
    outputs: &Outputs,
    want: &(dyn Fn(&str) -> bool + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    let emit = |output: Output| outputs.emit(output);
    render::render_selected(site, templates, &emit, want)
}

/// Stage 7, its second half: the files of `static/` and the pages' own files, in parallel.
/// Copied HTML pages get the policy meta (`render::copied_html`); files the audit reads are
/// read and scanned; the rest is copied as it is. Returns how many files there were.
pub(crate) fn copy_files(site: &Site, outputs: &Outputs) -> Result<usize, IoError> {
    site.files.par_iter().try_for_each(|f| {
        let page = render::copied_html::is_page(&f.path);
        let audited = outputs
            .auditor
            .as_ref()
            .filter(|_| audit::is_scanned(&f.path));
        if !page && audited.is_none() && outputs.sink.is_none() {
            return match &outputs.staging {
                Some(staging) => staging.copy(&f.source, &f.path),
                None => Ok(()),
            };
        }
        let read = crate::fs_util::read(&f.source)?;
        let bytes = if page {
            render::copied_html::with_policy(&read, &outputs.csp).into_owned()
        } else {
            read
        };
        if let Some(auditor) = audited {
            auditor.scan(&f.path, &bytes);
        }
        if let Some(staging) = &outputs.staging {
            staging.write(&f.path, &bytes)?;
        }
        if let Some(sink) = outputs.sink {
            sink(Output {
                path: f.path.clone(),
                bytes,
            })?;
        }
        Ok(())
    })?;
    Ok(site.files.len())
}

/// Stage 8: builds the search index from the pages [`render_templates`] handed it, and
/// returns the bundle's files (none when the run builds no index).
pub(crate) fn index_for_search(
    outputs: &Outputs,
    progress: &dyn Progress,
) -> Result<Vec<Output>, Diagnostic> {
    let Some(indexer) = &outputs.indexer else {
        return Ok(Vec::new());
    };
    progress.stage("indexing for search", 0);
    indexer.finish()
}

/// Stage 9: the audit's verdict on every file handed to `outputs` so far: the warnings
/// (pages the search index leaves out) and the findings (script, trackers, third-party loads
/// in a written file), which fail the run.
pub(crate) fn audit(outputs: &mut Outputs) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let warnings = outputs
        .marks
        .take()
        .map(MarkCheck::finish)
        .unwrap_or_default();
    let findings = outputs
        .auditor
        .take()
        .map(Auditor::finish)
        .unwrap_or_default();
    (warnings, findings)
}

/// Stage 10: swaps the temporary output directory into place; `None` when nothing was written
/// (`check`, `serve`).
pub(crate) fn write(outputs: Outputs) -> Result<Option<PathBuf>, IoError> {
    outputs.staging.map(Staging::commit).transpose()
}
