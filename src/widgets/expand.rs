//! Renders each widget call with its tera component and puts it where its marker is.
//!
//! This runs after cleaning, on HTML the cleaner has finished with: a widget is part of the
//! site's templates, trusted like `page.html`, and its markup (a `<template>`, its script tag)
//! must reach the page as written. Every page is expanded and every problem collected, so one
//! run names every bad call.

use rayon::prelude::*;

use super::{WidgetCall, marker};
use crate::diagnostic::{Diagnostic, nearest};
use crate::load::RawPage;
use crate::markdown::Rendered;
use crate::model::Site;
use crate::render::Templates;

/// Diagnostics for calls that were written wrongly (found by the Markdown stage).
pub fn syntax_errors(site: &Site) -> Vec<Diagnostic> {
    rendered_pages(site)
        .flat_map(|(raw, rendered)| {
            rendered.widget_errors.iter().map(move |e| {
                Diagnostic::error(&raw.shown, e.line, e.col, e.message.clone())
                    .with_hint(e.hint.clone())
                    .with_source(&file_text(raw))
            })
        })
        .collect()
}

/// Renders every call of every page and section into its HTML; `implicits` are the values
/// widgets may declare with `@name` (the report, the checker downloads, the site's root path).
pub fn expand_all(
    site: &mut Site,
    templates: &Templates,
    implicits: &tera::Context,
) -> Vec<Diagnostic> {
    let names = templates.component_names();
    let expand = |raw: &RawPage, rendered: &mut Rendered| -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (index, call) in rendered.widgets.iter().enumerate() {
            // A call the Markdown stage refused (inside a heading, link or image) is reported.
            if rendered
                .widget_errors
                .iter()
                .any(|e| (e.line, e.col) == (call.line, call.col))
            {
                continue;
            }
            let error = |message: String, hint: String| {
                Diagnostic::error(&raw.shown, call.line, call.col, message)
                    .with_hint(hint)
                    .with_source(&file_text(raw))
            };
            if !names.iter().any(|n| n == &call.name) {
                let hint = match nearest(&call.name, names.iter().map(String::as_str)) {
                    Some(near) => format!(
                        "did you mean `{near}`? Widgets are the components in templates/widgets/"
                    ),
                    None => "add templates/widgets/<name>.html defining a component of that name"
                        .to_owned(),
                };
                problems.push(error(format!("unknown widget `{}`", call.name), hint));
                continue;
            }
            let html = match templates.render_component(&call.name, &arguments(call), implicits) {
                Ok(html) => html,
                Err(message) => {
                    problems.push(error(
                        format!("widget `{}`: {message}", call.name),
                        format!(
                            "check the arguments against the component in templates/widgets/{}.html",
                            call.name
                        ),
                    ));
                    continue;
                }
            };
            let mark = marker(index);
            if rendered.html.contains(&mark) {
                rendered.html = rendered.html.replacen(&mark, &html, 1);
            } else {
                problems.push(error(
                    format!("widget `{}` shares a block with raw HTML", call.name),
                    "put the widget call in a paragraph of its own, away from HTML tags".to_owned(),
                ));
            }
        }
        problems
    };
    let mut problems: Vec<Diagnostic> = site
        .pages
        .par_iter_mut()
        .filter(|p| !p.rendered.widgets.is_empty())
        .flat_map(|p| expand(&p.raw, &mut p.rendered))
        .collect();
    for section in &mut site.sections {
        if let Some(raw) = &section.raw {
            if !section.rendered.widgets.is_empty() {
                problems.extend(expand(raw, &mut section.rendered));
            }
        }
    }
    problems
}

/// Whether any page or section calls the widget `name`.
pub fn uses(site: &Site, name: &str) -> bool {
    rendered_pages(site).any(|(_, r)| r.widgets.iter().any(|c| c.name == name))
}

fn rendered_pages(site: &Site) -> impl Iterator<Item = (&RawPage, &Rendered)> {
    site.pages.iter().map(|p| (&p.raw, &p.rendered)).chain(
        site.sections
            .iter()
            .filter_map(|s| s.raw.as_ref().map(|raw| (raw, &s.rendered))),
    )
}

fn arguments(call: &WidgetCall) -> tera::Context {
    let mut context = tera::Context::new();
    for (name, value) in &call.args {
        context.insert(name.clone(), value);
    }
    context
}

/// The page's text with its body at the right file lines, for source snippets in diagnostics.
fn file_text(raw: &RawPage) -> String {
    format!(
        "{}{}",
        "\n".repeat(raw.body_line.saturating_sub(1)),
        raw.body
    )
}
