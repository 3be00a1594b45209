//! Renders each widget call with its tera component and puts it where its marker is.
//!
//! This runs after cleaning, on HTML the cleaner has finished with: a widget is part of the
//! site's templates, trusted like `page.html`, and its markup (a `<template>`, its script tag)
//! must reach the page as written. What a call passes is not trusted, though: its argument
//! names are checked first ([`super::arguments`]: never a value the build sets), and the
//! rendered markup is read back ([`super::markup`]) so that a URL with a scheme that runs code
//! is an error at the call, and every link it writes to this site joins the page's links for
//! the link check, which runs after this stage. Every page is expanded and every problem
//! collected, so one run names every bad call.

use std::borrow::Cow;

use rayon::prelude::*;

use super::{arguments, implicits, markup};
use crate::diagnostic::{Diagnostic, nearest};
use crate::load::RawPage;
use crate::markdown::{self, FoundLink, LinkTarget, Rendered, WidgetLink};
use crate::model::Site;
use crate::render::Templates;
use crate::url_policy::{UrlKind, classify, host_of, scheme_allowed};
use crate::widget_calls::{CallKind, WidgetCall, marker};

/// Diagnostics for calls that were written wrongly (found by the Markdown stage).
pub(crate) fn syntax_errors(site: &Site) -> Vec<Diagnostic> {
    rendered_pages(site)
        .flat_map(|(raw, rendered)| {
            rendered.widget_errors.iter().map(move |e| {
                Diagnostic::error(&raw.shown, e.line, e.col, e.message.clone())
                    .with_hint(e.hint.clone())
                    .with_source(&raw.file_text().unwrap_or_default())
            })
        })
        .collect()
}

/// What every page's expansion needs to know about the site.
struct Expander<'a> {
    templates: &'a Templates,
    implicits: &'a tera::Context,
    names: Vec<String>,
    prefix: String,
    own_host: String,
    /// Link schemes the site allows besides the built-in ones.
    allowed_schemes: &'a [String],
}

/// Renders every call of every page and section into its HTML; `implicits` are the values
/// widgets may declare with `@name` (the report, the checker downloads, the site's root path).
/// The links a widget writes are added to the page's links, for the link check that runs next.
pub(crate) fn expand_all(
    site: &mut Site,
    templates: &Templates,
    implicits: &tera::Context,
) -> Vec<Diagnostic> {
    // A copy: the pages are borrowed mutably below.
    let allowed_schemes = site.config.clean.allowed_schemes.clone();
    let expander = Expander {
        templates,
        implicits,
        names: templates.component_names(),
        prefix: site.config.path_prefix(),
        own_host: host_of(&site.config.base_url()),
        allowed_schemes: &allowed_schemes,
    };
    let mut problems: Vec<Diagnostic> = site
        .pages
        .par_iter_mut()
        .filter(|p| !p.rendered.widgets.is_empty())
        .flat_map(|p| expander.page(&p.raw, &p.path, &mut p.rendered))
        .collect();
    for section in &mut site.sections {
        if let Some(raw) = &section.raw
            && !section.rendered.widgets.is_empty()
        {
            problems.extend(expander.page(raw, &section.path, &mut section.rendered));
        }
    }
    problems
}

impl Expander<'_> {
    /// Expands the calls of one page (at `site_path`): the single calls first, then the
    /// wrapping ones from the last opened (the innermost) out, so that what a call wraps is
    /// final when it is handed over.
    fn page(&self, raw: &RawPage, site_path: &str, rendered: &mut Rendered) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let calls = std::mem::take(&mut rendered.widgets);
        let singles = calls
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == CallKind::Single);
        let wrapping = calls
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, c)| matches!(c.kind, CallKind::Opens { .. }));
        for (index, call) in singles.chain(wrapping) {
            // A call the Markdown stage refused (inside a heading, link or image) is reported.
            if rendered
                .widget_errors
                .iter()
                .any(|e| (e.line, e.col) == (call.line, call.col))
            {
                continue;
            }
            if let Err(problem) = self.call(index, call, raw, site_path, rendered) {
                problems.extend(problem);
            }
        }
        rendered.widgets = calls;
        problems
    }

    /// Puts the HTML of call `index` in place of its marker (or, for a wrapping call, of its
    /// two markers and the HTML between them, which the widget shows as its `body`).
    fn call(
        &self,
        index: usize,
        call: &WidgetCall,
        raw: &RawPage,
        site_path: &str,
        rendered: &mut Rendered,
    ) -> Result<(), Vec<Diagnostic>> {
        let error = |col: usize, message: String, hint: String| {
            Diagnostic::error(&raw.shown, call.line, col, message)
                .with_hint(hint)
                .with_source(&raw.file_text().unwrap_or_default())
        };
        let shares_raw_html = || {
            vec![error(
                call.col,
                format!("widget `{}` shares a block with raw HTML", call.name),
                "put the widget call in a paragraph of its own, away from HTML tags".to_owned(),
            )]
        };
        let mark = marker(index);
        let Some(start) = rendered.html.find(&mark) else {
            return Err(shares_raw_html());
        };
        let (replaced, body) = match call.kind {
            CallKind::Opens { end } => {
                let end_mark = marker(end);
                let body_start = start + mark.len();
                let Some(body_end) = rendered.html[body_start..]
                    .find(&end_mark)
                    .map(|i| body_start + i)
                else {
                    return Err(shares_raw_html());
                };
                let body = rendered.html[body_start..body_end].trim_matches('\n');
                (start..body_end + end_mark.len(), Some(body))
            }
            _ => (start..start + mark.len(), None),
        };
        let html = self.render(call, body).map_err(|errors| {
            errors
                .into_iter()
                .map(|(col, message, hint)| error(col, message, hint))
                .collect::<Vec<_>>()
        })?;
        // The body is the page's own, cleaned and checked already: only the widget's own
        // markup around it is read.
        let own = match body {
            Some("") | None => Cow::Borrowed(html.as_str()),
            Some(body) if html.matches(body).count() == 1 => Cow::Owned(html.replacen(body, "", 1)),
            Some(_) => {
                return Err(vec![error(
                    call.col,
                    format!(
                        "widget `{}` must show what it wraps once, as written",
                        call.name
                    ),
                    format!(
                        "write {{{{ body | safe }}}} once in templates/widgets/{}.html, or call \
                         the widget as {{{{ {}() }}}} if it wraps nothing",
                        call.name, call.name
                    ),
                )]);
            }
        };
        let scanned = markup::scan(&own);
        let dangerous: Vec<Diagnostic> = scanned
            .urls
            .iter()
            .filter_map(|u| match classify(&u.url, &self.own_host) {
                UrlKind::Scheme(scheme) if scheme_allowed(&scheme, self.allowed_schemes) => None,
                UrlKind::Dangerous(scheme) | UrlKind::Scheme(scheme) => Some(error(
                    call.col,
                    format!(
                        "widget `{}` writes a `{scheme}:` URL into {}",
                        call.name, u.place
                    ),
                    format!(
                        "a widget may link only to this site, http(s), mailto:, tel: and the \
                         schemes the site allows (ms-settings:, clean.allowed_schemes); \
                         check the call's arguments and templates/widgets/{}.html",
                        call.name
                    ),
                )),
                _ => None,
            })
            .collect();
        if !dangerous.is_empty() {
            return Err(dangerous);
        }
        rendered.html.replace_range(replaced, &html);
        for url in scanned.urls {
            let Some(target) = site_target(&url.url, &self.prefix, site_path) else {
                continue;
            };
            let hint = match &target {
                LinkTarget::Site { path, .. } => implicits::missing_target_hint(path),
                _ => None,
            };
            rendered.links.push(FoundLink {
                target,
                written: url.url,
                line: call.line,
                col: call.col,
                widget: Some(WidgetLink {
                    name: call.name.clone(),
                    hint: hint.unwrap_or_else(|| {
                        format!(
                            "templates/widgets/{}.html writes this link: publish a page \
                             there, or change the template",
                            call.name
                        )
                    }),
                }),
            });
        }
        rendered.anchors.extend(scanned.ids);
        Ok(())
    }

    /// The call's HTML, or its problems as `(column, message, hint)`.
    fn render(
        &self,
        call: &WidgetCall,
        body: Option<&str>,
    ) -> Result<String, Vec<(usize, String, String)>> {
        let Some(component) = self
            .names
            .contains(&call.name)
            .then(|| self.templates.component(&call.name))
            .flatten()
        else {
            let hint = match nearest(&call.name, self.names.iter().map(String::as_str)) {
                Some(near) => format!(
                    "did you mean `{near}`? Widgets are the components in templates/widgets/"
                ),
                None => {
                    "add templates/widgets/<name>.html defining a component of that name".to_owned()
                }
            };
            return Err(vec![(
                call.col,
                format!("unknown widget `{}`", call.name),
                hint,
            )]);
        };
        let refused = arguments::check(call, &component, self.implicits);
        if !refused.is_empty() {
            return Err(refused
                .into_iter()
                .map(|e| (e.col, e.message, e.hint))
                .collect());
        }
        self.templates
            .render_component(
                &call.name,
                &arguments::context(&call.args),
                self.implicits,
                body,
            )
            .map_err(|message| {
                vec![(
                    call.col,
                    format!("widget `{}`: {message}", call.name),
                    format!(
                        "check the arguments against the component in templates/widgets/{}.html",
                        call.name
                    ),
                )]
            })
    }
}

/// What a URL in a widget's markup points to on this site; `None` for other sites, `mailto:`
/// and the like. Absolute paths carry the base URL's path `prefix`, as the build writes them.
fn site_target(url: &str, prefix: &str, site_path: &str) -> Option<LinkTarget> {
    if url.is_empty() || markdown::is_external(url) {
        return None;
    }
    let (path_part, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (url, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    if path_part.is_empty() {
        return Some(LinkTarget::Anchor(fragment.unwrap_or_default()));
    }
    let path = if path_part.starts_with('/') {
        match path_part.strip_prefix(prefix) {
            Some(rest) if rest.starts_with('/') => rest.to_owned(),
            _ => path_part.to_owned(),
        }
    } else {
        format!("{site_path}{path_part}")
    };
    Some(LinkTarget::Site {
        path: markdown::normalize_site(&path),
        fragment,
    })
}

/// The site paths of the pages and sections that call the widget `name`.
pub(crate) fn used_on<'s>(site: &'s Site, name: &str) -> Vec<&'s str> {
    let pages = site.pages.iter().map(|p| (p.path.as_str(), &p.rendered));
    let sections = site.sections.iter().map(|s| (s.path.as_str(), &s.rendered));
    pages
        .chain(sections)
        .filter(|(_, rendered)| rendered.widgets.iter().any(|c| c.name == name))
        .map(|(path, _)| path)
        .collect()
}

fn rendered_pages(site: &Site) -> impl Iterator<Item = (&RawPage, &Rendered)> {
    site.pages.iter().map(|p| (&p.raw, &p.rendered)).chain(
        site.sections
            .iter()
            .filter_map(|s| s.raw.as_ref().map(|raw| (raw, &s.rendered))),
    )
}

#[cfg(test)]
mod tests {
    use super::site_target;
    use crate::markdown::LinkTarget;

    fn site(path: &str, fragment: Option<&str>) -> Option<LinkTarget> {
        Some(LinkTarget::Site {
            path: path.to_owned(),
            fragment: fragment.map(str::to_owned),
        })
    }

    #[test]
    fn widget_urls_become_site_paths_without_the_base_url_prefix() {
        let t = |url: &str| site_target(url, "/docs", "/guide/");
        assert_eq!(t("/docs/downloads/"), site("/downloads/", None));
        assert_eq!(t("/docs/a/b/?x=1#check"), site("/a/b/", Some("check")));
        assert_eq!(t("../status.js"), site("/status.js", None));
        assert_eq!(t("#top"), Some(LinkTarget::Anchor("top".to_owned())));
        assert_eq!(t("https://example.org/"), None);
        assert_eq!(t("mailto:a@b.example"), None);
    }
}
