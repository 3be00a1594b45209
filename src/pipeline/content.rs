//! Stages 2–6: from what [`super::load`] read to a site whose bodies are rendered, widgets
//! expanded and links checked: plan, render Markdown, assemble, expand widgets, check links.

use std::path::PathBuf;

use rayon::prelude::*;

use super::inputs::Inputs;
use super::{BuildOptions, Context, Progress};
use crate::clean::{CleanReport, Cleaner};
use crate::diagnostic::Diagnostic;
use crate::load::RawPage;
use crate::markdown;
use crate::model::{self, ModelOptions, Site};
use crate::render::Output;
use crate::{assets, downloads, search, widgets};

/// Stage 4: titles, order, prev/next and taxonomies, from the rendered bodies.
pub(crate) use crate::model::assemble;
/// Stage 6: every internal link and anchor of the pages and the widgets they expanded.
pub(crate) use crate::model::links::check as check_links;

/// Stage 2: settles every page's and section's URL, the sections and aliases, and makes the
/// [`Context`] the later stages share.
pub(crate) fn plan<'a>(
    inputs: Inputs,
    options: &'a BuildOptions,
    progress: &'a dyn Progress,
) -> Context<'a> {
    let Inputs {
        mut diagnostics,
        config,
        content,
        static_files,
        templates,
        cleaner,
        widget_inputs,
    } = inputs;
    let (mut site, problems) = model::plan(
        config,
        content,
        static_files,
        ModelOptions {
            drafts: options.drafts,
        },
    );
    diagnostics.extend(problems.sorted());
    site.preview = widget_inputs.report.is_some();
    Context {
        options,
        progress,
        diagnostics,
        site,
        templates,
        cleaner,
        widget_inputs,
        extra_outputs: Vec::new(),
        cleaned: Vec::new(),
    }
}

/// Stage 3: every page's and section's Markdown to clean HTML, in parallel, and what the
/// cleaner removed (its warnings; with `--strict` every removal is an error). The bodies are
/// released once rendered (their hashes stay).
pub(crate) fn render_markdown(cx: &mut Context) {
    let progress = cx.progress;
    progress.stage(
        "rendering Markdown",
        cx.site.pages.len() + cx.site.sections.len(),
    );
    let resolver: &Site = &cx.site;
    let cleaner = cx.cleaner.as_ref();
    let pages: Vec<markdown::Rendered> = resolver
        .pages
        .par_iter()
        .map(|p| {
            let rendered = render_body(&p.raw, &p.path, resolver, cleaner);
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
                .map(|raw| render_body(raw, &s.path, resolver, cleaner));
            progress.advance(1);
            rendered
        })
        .collect();
    for (page, rendered) in cx.site.pages.iter_mut().zip(pages) {
        page.rendered = rendered;
        page.raw.release_body();
    }
    for (section, rendered) in cx.site.sections.iter_mut().zip(sections) {
        section.rendered = rendered.unwrap_or_default();
        if let Some(raw) = &mut section.raw {
            raw.release_body();
        }
    }
    cx.cleaned = clean_reports(&cx.site);
    let findings = clean_diagnostics(&cx.cleaned, cx.options.strict);
    cx.diagnostics.extend(findings);
}

/// One body through the Markdown stage, as `build` and `serve` (after an edit) render it. A
/// page, like a section's page, has one `<h1>`, the template's: without a title in front
/// matter its first heading is its title ([`model::assemble`]); with one, a body that opens
/// with a `# Heading` has that heading shown as the page heading (the title stays the
/// `<title>` and the text in lists). Either way that heading leaves the body.
pub(crate) fn render_body(
    raw: &RawPage,
    site_path: &str,
    site: &Site,
    cleaner: Option<&Cleaner>,
) -> markdown::Rendered {
    let rel = crate::paths::rel_key(&raw.rel);
    let input = markdown::PageInput {
        body: &raw.body,
        body_line: raw.body_line,
        rel: &rel,
        site_path,
    };
    let mut rendered = markdown::render(&input, site, cleaner);
    if rendered.first_h1.is_none() {
        return rendered;
    }
    if raw.front.title.is_some() {
        if !rendered.html.trim_start().starts_with("<h1") {
            return rendered;
        }
        rendered.page_heading = rendered.first_h1.clone();
    }
    rendered.html = markdown::without_first_h1(&rendered.html);
    rendered
}

/// Stage 5: every widget call to HTML (with the next steps, downloads and report that
/// [`super::load`] read), the next steps' and downloads' own checks, and the files widgets and
/// search need beside the pages. The widgets' links join their page's for [`check_links`].
pub(crate) fn expand_widgets(cx: &mut Context) {
    let inputs = &mut cx.widget_inputs;
    let site = &mut cx.site;
    let diagnostics = &mut cx.diagnostics;
    diagnostics.extend(widgets::expand::syntax_errors(site));
    diagnostics.extend(inputs.next_steps.check_links(site));
    let shows_status = !widgets::expand::used_on(site, "status").is_empty();
    diagnostics.extend(inputs.next_steps.missing_warnings(shows_status));
    if let Some(templates) = &cx.templates {
        let prefix = site.config.path_prefix();
        let href = |path: &str| format!("{prefix}{path}");
        let implicits = widgets::implicits::context(
            inputs.report.as_ref(),
            &inputs.next_steps,
            &inputs.downloads,
            &href,
        );
        diagnostics.extend(widgets::expand::expand_all(site, templates, &implicits));
    }
    site.files
        .extend(std::mem::take(&mut inputs.download_files));
    diagnostics.extend(downloads::missing_warnings(
        &inputs.downloads,
        &widgets::expand::used_on(site, "downloads"),
    ));
    let mut extra_outputs = widget_assets(site);
    extra_outputs.extend(code_assets(site));
    extra_outputs.extend(search::script_output(site));
    site.generated = extra_outputs.iter().map(|o| o.path.clone()).collect();
    cx.extra_outputs = extra_outputs;
}

/// What cleaning removed, per source file, in path order.
fn clean_reports(site: &Site) -> Vec<(PathBuf, CleanReport)> {
    let mut reports: Vec<(PathBuf, CleanReport)> = site
        .sources()
        .filter(|(_, rendered)| !rendered.clean.is_empty())
        .map(|(raw, rendered)| (raw.shown.clone(), rendered.clean.clone()))
        .collect();
    reports.sort_by(|a, b| a.0.cmp(&b.0));
    reports
}

/// The cleaner's warnings (an ad region never closed), and with `--strict` (and `check`) every
/// removal too, as diagnostics at their source lines; `--strict` makes the warnings errors.
fn clean_diagnostics(cleaned: &[(PathBuf, CleanReport)], strict: bool) -> Vec<Diagnostic> {
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

/// The code blocks' stylesheet and copy button, when a page or section has a code block (each
/// unless a `static/` file of the same path replaces it).
fn code_assets(site: &Site) -> Vec<Output> {
    if !site.sources().any(|(_, rendered)| rendered.has_code) {
        return Vec::new();
    }
    [
        (
            assets::CODE_STYLE_PATH,
            assets::compact::stylesheet(assets::CODE_STYLE),
        ),
        (
            assets::CODE_SCRIPT_PATH,
            assets::compact::script(assets::CODE_SCRIPT),
        ),
    ]
    .into_iter()
    .filter(|(path, _)| !site.has_file_at(path))
    .map(|(path, text)| Output {
        path: path.to_owned(),
        bytes: text.into_bytes(),
    })
    .collect()
}

/// The files widgets need: `/status.js` when a page shows the status widget, `/tabs.js` and
/// `/tabs.css` when a page shows tabs (each unless a `static/` file of the same path replaces
/// it), and the report's JSON Schema (which both checker widgets link to) when the site has
/// status or downloads widgets or offers the checker.
fn widget_assets(site: &Site) -> Vec<Output> {
    let mut outputs = Vec::new();
    if !widgets::expand::used_on(site, "tabs").is_empty() {
        for (path, text) in [
            (
                assets::TABS_SCRIPT_PATH,
                assets::compact::script(assets::TABS_SCRIPT),
            ),
            (
                assets::TABS_STYLE_PATH,
                assets::compact::stylesheet(assets::TABS_STYLE),
            ),
        ] {
            if !site.has_file_at(path) {
                outputs.push(Output {
                    path: path.to_owned(),
                    bytes: text.into_bytes(),
                });
            }
        }
    }
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
