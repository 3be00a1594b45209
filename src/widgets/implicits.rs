//! The values a widget may declare with `@name`: what the site knows that a guide's call does not
//! pass. `@report` (the report given with `build --status`, or none), `@check_catalog` (every
//! check the checker runs, with its title and the guide section that explains it), `@checker`
//! (the downloads, the downloads page and the report schema), `@status_labels` (the words for
//! each status) and `@root_path`.
//!
//! The report is reshaped for templates (checks most urgent first, a summary line, a label per
//! status, each check's next step), and every link comes from the site's own data (the
//! catalogue and `next-steps.yaml`), never from the report: a report is data from outside.
//! `@next_steps` carries the whole next-step table so `status.js` can pick a step for a report
//! that only reaches the reader's browser.

use std::path::Path;

use guidepost_check::report::{CheckId, FactKind, Report, Status};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, display_path};
use crate::downloads::{self, Download};
use crate::fs_util;
use crate::next_steps::NextSteps;

#[derive(Serialize)]
struct CatalogEntry {
    id: &'static str,
    title: &'static str,
    help: String,
}

#[derive(Serialize)]
struct ReportCtx {
    generated: String,
    checker_version: String,
    os: String,
    /// The checks, most urgent first (problem, attention, unknown, ok; then report order).
    checks: Vec<CheckCtx>,
}

#[derive(Serialize)]
struct CheckCtx {
    id: String,
    title: String,
    status: &'static str,
    status_label: &'static str,
    summary: String,
    facts: Vec<FactCtx>,
    reason: Option<String>,
    next: Option<StepCtx>,
}

#[derive(Serialize)]
struct FactCtx {
    label: String,
    value: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct StepCtx {
    check: &'static str,
    outcome: String,
    code: Option<String>,
    text: String,
    href: String,
}

#[derive(Serialize)]
struct CheckerCtx {
    files: Vec<DownloadCtx>,
    page: String,
    schema: String,
}

#[derive(Serialize)]
struct DownloadCtx {
    #[serde(flatten)]
    download: Download,
    href: String,
}

/// The words shown for a status; `status.js` reads them from the widget's `data-label-*`.
pub(crate) fn status_label(status: Status) -> &'static str {
    match status {
        Status::Ok => "OK",
        Status::Attention => "Needs attention",
        Status::Problem => "Problem",
        Status::Unknown => "Unknown",
    }
}

/// Reads the report given with `build --status FILE`.
pub(crate) fn read_report(root: &Path, file: &Path) -> Result<Report, Diagnostic> {
    let shown = display_path(root, file);
    let text = fs_util::read(file)
        .map_err(|e| e.to_string())
        .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8 text".to_owned()))
        .map_err(|e| {
            Diagnostic::error(&shown, 0, 0, format!("cannot read the status report: {e}"))
        })?;
    Report::from_json(&text).map_err(|e| {
        Diagnostic::error(&shown, 0, 0, e.to_string())
            .with_hint("give the file `guidepost-check --json` wrote")
    })
}

/// What to do when a widget links to a place the build's values point at (the downloads page,
/// a check's guide) and the site does not publish it; `None` for any other site path.
pub(crate) fn missing_target_hint(path: &str) -> Option<String> {
    if path == downloads::PAGE_PATH {
        return Some(format!(
            "add content{}_index.md with {{{{ downloads() }}}} on it",
            downloads::PAGE_PATH
        ));
    }
    let helped: Vec<CheckId> = CheckId::ALL
        .iter()
        .copied()
        .filter(|id| id.help().split('#').next() == Some(path))
        .collect();
    let first = helped.first()?;
    let ids = helped
        .iter()
        .map(|id| format!("`{}`", id.as_str()))
        .collect::<Vec<_>>()
        .join(" and ");
    Some(format!(
        "the status widget links each check it shows to the guide that explains it ({ids} → \
         {}): publish that page with a heading whose id is `check` (`## … {{#check}}`), or \
         leave {ids} out of the widget's checks",
        first.help()
    ))
}

fn kind_name(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Text => "text",
        FactKind::Date => "date",
        FactKind::Datetime => "datetime",
    }
}

/// The implicit values for every widget call; `href` turns a site path into a link.
pub(crate) fn context(
    report: Option<&Report>,
    next_steps: &NextSteps,
    downloads: &[Download],
    href: &dyn Fn(&str) -> String,
) -> tera::Context {
    let mut context = tera::Context::new();
    let catalog: Vec<CatalogEntry> = CheckId::ALL
        .iter()
        .map(|id| CatalogEntry {
            id: id.as_str(),
            title: id.title(),
            help: href(id.help()),
        })
        .collect();
    context.insert("check_catalog", &catalog);
    let step_ctx = |step: &crate::next_steps::NextStep| StepCtx {
        check: step.check.as_str(),
        outcome: step.outcome.clone(),
        code: step.code.clone(),
        text: step.text.clone(),
        href: href(&step.link),
    };
    let steps: Vec<StepCtx> = next_steps.steps.iter().map(step_ctx).collect();
    context.insert("next_steps", &steps);
    let report = report.map(|r| ReportCtx {
        generated: r.generated.clone(),
        checker_version: r.checker.version.clone(),
        os: r.checker.os.clone(),
        checks: r
            .by_urgency()
            .into_iter()
            .map(|c| CheckCtx {
                id: c.id.as_str().to_owned(),
                title: c.title.clone(),
                status: c.status.as_str(),
                status_label: status_label(c.status),
                summary: c.summary.clone(),
                facts: c
                    .facts
                    .iter()
                    .map(|f| FactCtx {
                        label: f.label.clone(),
                        value: f.value.clone(),
                        kind: kind_name(f.kind),
                    })
                    .collect(),
                reason: c.reason_unknown.clone(),
                next: next_steps
                    .pick(c.id, &c.outcome, c.code.as_deref())
                    .map(step_ctx),
            })
            .collect(),
    });
    context.insert("report", &report);
    context.insert(
        "checker",
        &CheckerCtx {
            files: downloads
                .iter()
                .map(|d| DownloadCtx {
                    href: href(&d.path),
                    download: d.clone(),
                })
                .collect(),
            page: href(downloads::PAGE_PATH),
            schema: href(downloads::SCHEMA_PATH),
        },
    );
    let labels: std::collections::BTreeMap<&str, &str> = [
        Status::Ok,
        Status::Attention,
        Status::Problem,
        Status::Unknown,
    ]
    .into_iter()
    .map(|s| (s.as_str(), status_label(s)))
    .collect();
    context.insert("status_labels", &labels);
    context.insert("root_path", &href("/"));
    context
}
