//! Link check: every internal link and `#anchor` in every page must point at something the
//! build writes.
//!
//! It runs on every build, after the Markdown stage recorded each link with its position and
//! before anything is written, so a broken link fails the build with `file:line:col` instead of
//! shipping a 404. External links are not fetched here (no network during a build). Links that
//! widgets write are checked the same way, after the widgets are expanded: they carry the
//! widget call's position and are reported as the widget's.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use globset::GlobSet;
use rayon::prelude::*;

use crate::config::LinkCheck;
use crate::diagnostic::{Diagnostic, Diagnostics, Kind, nearest};
use crate::load::RawPage;
use crate::markdown::{FoundLink, LinkTarget, Rendered};
use crate::model::Site;
use crate::model::path_hints::PathHints;

/// Site paths the render stage always writes, besides pages, sections and files.
pub(crate) const FIXED_PATHS: &[&str] = &[
    "/404.html",
    "/atom.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/style.css",
    "/favicon.svg",
];

/// Checks every recorded link of every page and section, as `links:` in `site.yaml` says:
/// targets matching `ignore` are skipped, and `check: warn` makes each problem a warning,
/// `check: off` skips the check.
pub(crate) fn check(site: &Site) -> Diagnostics {
    let settings = &site.config.links;
    if settings.check == LinkCheck::Off {
        return Diagnostics::default();
    }
    let ignored = settings.ignored();
    let empty = HashSet::new();
    let mut targets: HashMap<&str, &HashSet<String>> = HashMap::new();
    for page in &site.pages {
        targets.insert(&page.path, &page.rendered.anchors);
    }
    for section in &site.sections {
        targets.insert(&section.path, &section.rendered.anchors);
    }
    for taxonomy in &site.taxonomies {
        targets.insert(&taxonomy.path, &empty);
        for term in &taxonomy.terms {
            targets.insert(&term.path, &empty);
        }
    }
    for file in &site.files {
        targets.insert(&file.path, &empty);
    }
    for alias in &site.aliases {
        targets.insert(&alias.from, &empty);
    }
    for fixed in FIXED_PATHS {
        targets.insert(fixed, &empty);
    }
    for generated in &site.generated {
        targets.insert(generated, &empty);
    }

    let nearby = PathHints::new(targets.keys().copied());
    // Pages that failed to load were reported already; a link to one, by its file or by the
    // URL its file name gives, is not reported again.
    let unloaded: HashSet<String> = site
        .failed_files
        .iter()
        .map(|file| crate::model::path_by_file_name(std::path::Path::new(file)))
        .collect();
    let sources: Vec<_> = site.sources().collect();
    // A site with many broken links often repeats the same wrong path (a missing image used on
    // every page): the nearest-path hint is computed once per path.
    let hints = Mutex::new(HashMap::new());
    let found: Vec<Diagnostic> = sources
        .par_iter()
        .flat_map_iter(|(raw, rendered)| {
            let broken: Vec<Diagnostic> = rendered
                .links
                .iter()
                .filter_map(|link| {
                    if is_unloaded(&link.target, site, &unloaded) {
                        return None;
                    }
                    if link.widget.is_none() && is_ignored(&link.target, &ignored) {
                        return None;
                    }
                    check_link(
                        link,
                        raw,
                        rendered,
                        &targets,
                        &nearby,
                        &hints,
                        settings.case_mismatch,
                    )
                })
                .collect();
            // The body was released after rendering: the file is read again, once per page.
            let text = if broken.is_empty() {
                String::new()
            } else {
                raw.file_text().unwrap_or_default()
            };
            broken.into_iter().map(move |d| d.with_source(&text))
        })
        .collect();
    let mut diagnostics = Diagnostics::default();
    match settings.check {
        LinkCheck::Warn => diagnostics.extend(found.into_iter().map(Diagnostic::into_warning)),
        _ => diagnostics.extend(found),
    }
    diagnostics
}

/// Whether the target is a page that failed to load (`unloaded`: the site paths of such files).
fn is_unloaded(target: &LinkTarget, site: &Site, unloaded: &HashSet<String>) -> bool {
    match target {
        LinkTarget::MissingFile(file) => site.failed_files.contains(file),
        LinkTarget::Site { path, .. } => {
            let trimmed = path.strip_suffix("index.html").unwrap_or(path);
            unloaded.contains(trimmed) || unloaded.contains(&format!("{trimmed}/"))
        }
        _ => false,
    }
}

/// Whether `links.ignore` covers the target: a site path as resolved, or a Markdown file by
/// its path in the repository (`content/...`).
fn is_ignored(target: &LinkTarget, ignored: &GlobSet) -> bool {
    match target {
        LinkTarget::Site { path, .. } => ignored.is_match(path),
        LinkTarget::MissingFile(file) => ignored.is_match(format!("content/{file}")),
        LinkTarget::CaseMismatch { written, .. } => ignored.is_match(format!("content/{written}")),
        LinkTarget::Scheme { url, .. } => ignored.is_match(url),
        LinkTarget::Anchor(_) => false,
    }
}

fn check_link(
    link: &FoundLink,
    raw: &RawPage,
    rendered: &Rendered,
    targets: &HashMap<&str, &HashSet<String>>,
    nearby: &PathHints,
    hints: &Mutex<HashMap<String, String>>,
    case: LinkCheck,
) -> Option<Diagnostic> {
    let error = |kind: Kind, message: String, hint: String| {
        Diagnostic::error(&raw.shown, link.line, link.col, message)
            .with_hint(hint)
            .with_kind(kind)
    };
    if let Some(widget) = &link.widget {
        return widget_link(link, &widget.name, rendered, targets)
            .map(|message| error(Kind::WidgetLink, message, widget.hint.clone()));
    }
    match &link.target {
        LinkTarget::Anchor(id) if id.is_empty() || rendered.anchors.contains(id) => None,
        LinkTarget::Anchor(id) => Some(error(
            Kind::BrokenAnchor,
            format!("broken anchor `#{id}`: no heading or element with that id on this page"),
            anchor_hint(id, &rendered.anchors),
        )),
        LinkTarget::Scheme { scheme, .. } => Some(error(
            Kind::Scheme,
            format!(
                "scheme `{scheme}:` is not allowed on this site: the link `{}` was left out (its text stays)",
                link.written
            ),
            format!(
                "allow it in site.yaml (clean: {{ allowed_schemes: [{scheme}] }}), or link to a web page; `links.check: warn` reports it as a warning"
            ),
        )),
        LinkTarget::MissingFile(file) => Some(error(
            Kind::UnpublishedPage,
            format!(
                "broken link `{}`: content/{file} is not a published page",
                link.written
            ),
            missing_file_hint(raw, file),
        )),
        LinkTarget::CaseMismatch {
            written,
            actual,
            path,
            fragment,
        } => {
            let anchors = lookup(path, targets).map(|(_, anchors)| anchors);
            if let (Some(id), Some(anchors)) = (fragment, anchors)
                && !id.is_empty()
                && !anchors.contains(id)
            {
                return Some(error(
                    Kind::BrokenAnchor,
                    format!(
                        "broken anchor `{}`: {path} has no heading or element with id `{id}`",
                        link.written
                    ),
                    anchor_hint(id, anchors),
                ));
            }
            let message = format!(
                "link `{}` names content/{written}, but the file is content/{actual}: the letter case differs",
                link.written
            );
            let hint = "write the file's name in the link letter for letter (hosts such as \
                        GitHub tell case apart); `links.case_mismatch: off` in site.yaml \
                        accepts such links silently"
                .to_owned();
            let d = error(Kind::CaseMismatch, message, hint);
            match case {
                LinkCheck::Error => Some(d),
                LinkCheck::Warn => Some(d.into_warning()),
                LinkCheck::Off => None,
            }
        }
        LinkTarget::Site { path, fragment } => {
            let Some((found, anchors)) = lookup(path, targets) else {
                let known = hints
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get(path)
                    .cloned();
                let hint = known.unwrap_or_else(|| {
                    let hint = match nearby.nearest(path) {
                        Some(near) => format!("did you mean {near}?"),
                        None => {
                            "link to a page's URL, e.g. /section/page/, or to a .md file".to_owned()
                        }
                    };
                    hints
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(path.clone(), hint.clone());
                    hint
                });
                return Some(error(
                    Kind::BrokenLink,
                    format!(
                        "broken link `{}`: nothing is published at {path}",
                        link.written
                    ),
                    hint,
                ));
            };
            match fragment {
                Some(id) if !id.is_empty() && !anchors.contains(id) => Some(error(
                    Kind::BrokenAnchor,
                    format!(
                        "broken anchor `{}`: {found} has no heading or element with id `{id}`",
                        link.written
                    ),
                    anchor_hint(id, anchors),
                )),
                _ => None,
            }
        }
    }
}

/// What is wrong with a link a widget wrote, said of the widget (the author wrote the call,
/// not the link); `None` when its target exists.
fn widget_link(
    link: &FoundLink,
    widget: &str,
    rendered: &Rendered,
    targets: &HashMap<&str, &HashSet<String>>,
) -> Option<String> {
    let links_to = format!("the `{widget}` widget links to {}", link.written);
    match &link.target {
        LinkTarget::Anchor(id) if id.is_empty() || rendered.anchors.contains(id) => None,
        LinkTarget::Anchor(id) => Some(format!(
            "{links_to}, but this page has no heading or element with id `{id}`"
        )),
        LinkTarget::MissingFile(file) => Some(format!(
            "{links_to}, but content/{file} is not a published page"
        )),
        LinkTarget::CaseMismatch { .. } | LinkTarget::Scheme { .. } => None,
        LinkTarget::Site { path, fragment } => match lookup(path, targets) {
            None => Some(format!("{links_to}, which this site does not publish")),
            Some((found, anchors)) => match fragment {
                Some(id) if !id.is_empty() && !anchors.contains(id) => Some(format!(
                    "{links_to}, but {found} has no heading or element with id `{id}`"
                )),
                _ => None,
            },
        },
    }
}

fn lookup<'a>(
    path: &str,
    targets: &HashMap<&'a str, &'a HashSet<String>>,
) -> Option<(&'a str, &'a HashSet<String>)> {
    let trimmed = path.strip_suffix("index.html").unwrap_or(path);
    let with_slash = format!("{trimmed}/");
    [path, trimmed, with_slash.as_str()]
        .into_iter()
        .find_map(|candidate| targets.get_key_value(candidate).map(|(k, v)| (*k, *v)))
}

/// What to do about a link to a Markdown file that is not published: a draft is published with
/// `--drafts`; a file that is not there at all needs its name checked.
fn missing_file_hint(raw: &RawPage, file: &str) -> String {
    let content = raw.source.ancestors().nth(raw.rel.components().count());
    match content.map(|dir| dir.join(file)) {
        Some(path) if path.is_file() => {
            "that page is a draft: remove `draft: true` from it, or build with --drafts".to_owned()
        }
        _ => format!(
            "there is no content/{file}; check the file name and folder (the link is read from this file's folder)"
        ),
    }
}

fn anchor_hint(id: &str, anchors: &HashSet<String>) -> String {
    match nearest(id, anchors.iter().map(String::as_str)) {
        Some(near) => format!("did you mean #{near}? Heading ids are listed in the README (slug rule)"),
        None => "heading ids are the heading text in lowercase with spaces as hyphens; or set one with {#id}".to_owned(),
    }
}
