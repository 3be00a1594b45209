//! Render stage: the tera 2 environment and every output file of the site.
//!
//! The default theme is compiled into the binary ([`BUILTIN_TEMPLATES`]); a file of the same
//! name under `templates/` replaces it, and extra files there (for `template:` in front matter)
//! are added. Rendering runs in parallel and hands each finished file to a sink, so this stage
//! never touches the disk: `write` owns the output directory and `check` passes a sink that
//! discards.

pub(crate) mod context;
pub(crate) mod copied_html;
pub(crate) mod feeds;

use std::path::Path;

use rayon::prelude::*;
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, display_path};
use crate::fs_util;
use crate::model::Site;
use context::ContextBuilder;

/// The default theme: `(name, source)`. Each can be overridden by `templates/<name>`.
pub(crate) const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("section.html", include_str!("templates/section.html")),
    ("page.html", include_str!("templates/page.html")),
    (
        "taxonomy_list.html",
        include_str!("templates/taxonomy_list.html"),
    ),
    (
        "taxonomy_term.html",
        include_str!("templates/taxonomy_term.html"),
    ),
    ("404.html", include_str!("templates/404.html")),
    ("alias.html", include_str!("templates/alias.html")),
    (
        "partials/page_list.html",
        include_str!("templates/partials/page_list.html"),
    ),
    (
        "partials/breadcrumbs.html",
        include_str!("templates/partials/breadcrumbs.html"),
    ),
    (
        "widgets/status.html",
        include_str!("templates/widgets/status.html"),
    ),
    (
        "widgets/downloads.html",
        include_str!("templates/widgets/downloads.html"),
    ),
    (
        "widgets/tabs.html",
        include_str!("templates/widgets/tabs.html"),
    ),
];

/// One finished output file: its site path (`/a/b/` or `/atom.xml`) and bytes.
#[derive(Clone)]
pub struct Output {
    /// Site path.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Receives finished files; called from many threads at once.
pub(crate) type Sink<'a> = dyn Fn(Output) -> Result<(), fs_util::IoError> + Sync + 'a;

/// The loaded template set, with the source of each for error messages.
pub struct Templates {
    tera: Tera,
    overridden: Vec<String>,
    sources: std::collections::HashMap<String, String>,
}

impl Templates {
    /// Loads the built-in theme and `root/templates/`.
    pub fn load(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: Vec<(String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
            .collect();
        let mut overridden = Vec::new();
        let mut problems = Vec::new();
        let dir = root.join("templates");
        if dir.is_dir() {
            for entry in WalkDir::new(&dir).sort_by_file_name() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push(Diagnostic::error(
                            display_path(root, &dir),
                            0,
                            0,
                            e.to_string(),
                        ));
                        continue;
                    }
                };
                if !entry.file_type().is_file()
                    || entry.file_name().to_string_lossy().starts_with('.')
                {
                    continue;
                }
                let name =
                    crate::paths::rel_key(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
                let shown = display_path(root, entry.path());
                match fs_util::read(entry.path()).map(String::from_utf8) {
                    Ok(Ok(text)) => {
                        sources.retain(|(n, _)| *n != name);
                        sources.push((name.clone(), text));
                        overridden.push(name);
                    }
                    Ok(Err(_)) => problems.push(Diagnostic::error(
                        shown,
                        0,
                        0,
                        "template is not valid UTF-8",
                    )),
                    Err(e) => problems.push(Diagnostic::error(shown, 0, 0, e.to_string())),
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let templates_for_errors = Templates {
            tera: Tera::new(),
            overridden: overridden.clone(),
            sources: sources.iter().cloned().collect(),
        };
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| vec![templates_for_errors.diagnostic(&e, None)])?;
        Ok(Templates {
            tera,
            overridden,
            sources: templates_for_errors.sources,
        })
    }

    /// Whether a template of that name exists (built in or in `templates/`).
    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// The names of the widgets: every tera component the templates define.
    pub fn component_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.tera.get_component_names().map(str::to_owned).collect();
        names.sort();
        names
    }

    /// The definition of the component `name`: its arguments, which of them are implicit.
    pub fn component(&self, name: &str) -> Option<tera::ComponentInfo> {
        self.tera.get_component_definition(name)
    }

    /// Renders the component `name` (a widget) with its arguments, the implicit values and,
    /// for a call that wraps a part of the page, that part's HTML as `body`.
    /// `Err` is the text of the widget call's diagnostic (a `throw` in the widget, or tera's
    /// message), which is all the author needs, so it is a `String`, not an error type.
    pub fn render_component(
        &self,
        name: &str,
        args: &Context,
        implicits: &Context,
        body: Option<&str>,
    ) -> Result<String, String> {
        self.tera
            .render_component_with_implicits(name, args, implicits, body, true)
            .map_err(|e| match e.kind() {
                // `throw(message=...)` in a widget and other errors inside the component: the
                // message is for the author of the call; the template's own lines are not.
                tera::ErrorKind::RenderingError(report) => report.message().to_owned(),
                _ => e.to_string(),
            })
    }

    /// Turns a tera error into a diagnostic naming the template file and line.
    fn diagnostic(&self, error: &tera::Error, rendering: Option<&Path>) -> Diagnostic {
        let during = rendering
            .map(|p| format!(" (while rendering {})", p.display()))
            .unwrap_or_default();
        match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let name = report.filename();
                let shown = if self.overridden.iter().any(|n| n == name) {
                    format!("templates/{name}")
                } else {
                    format!("templates/{name} (built-in)")
                };
                let span = report.span();
                let diagnostic = Diagnostic::error(
                    shown,
                    span.start_line,
                    span.start_col + 1,
                    format!("{}{during}", report.message()),
                )
                .with_hint(
                    "fix the template; the template reference is in the README under \"Templates\"",
                );
                match self.sources.get(name) {
                    Some(source) => diagnostic.with_source(source),
                    None => diagnostic,
                }
            }
            _ => Diagnostic::error("templates", 0, 0, format!("{error}{during}"))
                .with_hint("check the template names used by `extends`, `include` and `template:`"),
        }
    }

    fn render(
        &self,
        name: &str,
        context: &Context,
        rendering: &Path,
    ) -> Result<Vec<u8>, Diagnostic> {
        self.tera
            .render(name, context)
            .map(String::into_bytes)
            .map_err(|e| self.diagnostic(&e, Some(rendering)))
    }
}

/// The Content-Security-Policy every page carries: everything from the site itself, images also
/// from `clean.image_hosts`, no plugins, no `<base>`, forms only to the site. With `search`,
/// scripts may also compile WebAssembly (Pagefind's search runs in it); still only the site's own.
pub(crate) fn content_security_policy(image_hosts: &[String], search: bool) -> String {
    let mut img_src = String::from("'self' data:");
    for host in image_hosts {
        img_src.push_str(&format!(" https://{host}"));
    }
    let script_src = if search {
        "script-src 'self' 'wasm-unsafe-eval'; "
    } else {
        ""
    };
    format!(
        "default-src 'self'; {script_src}img-src {img_src}; object-src 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// Renders the output files whose site path `want` accepts (`serve` re-renders only what an
/// edit changed); the count is of every file of the site.
pub(crate) fn render_selected(
    site: &Site,
    templates: &Templates,
    sink: &Sink<'_>,
    want: &(dyn Fn(&str) -> bool + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    let builder = ContextBuilder::new(site);
    let mut base = Context::new();
    base.insert("config", &builder.config());
    base.insert("nav", &builder.nav());
    let taxonomy_links: Vec<context::LinkCtx> = site
        .taxonomies
        .iter()
        .map(|t| context::LinkCtx {
            title: t.name.clone(),
            path: builder.href(&t.path),
        })
        .collect();
    base.insert("taxonomies", &taxonomy_links);
    base.insert(
        "csp",
        &content_security_policy(&site.config.clean.image_hosts, site.config.search),
    );
    base.insert("search", &site.config.search);
    base.insert("preview", &site.preview);
    // Pages and sections with a code block load the code stylesheet and copy button.
    base.insert("code", &false);

    base.insert("root_path", &builder.href("/"));
    let base = &base;
    let emit = |path: String, bytes: Vec<u8>| -> Result<(), Diagnostic> {
        let shown = path.clone();
        sink(Output { path, bytes }).map_err(|e| Diagnostic::error(shown, 0, 0, e.to_string()))
    };

    let template_problems: Vec<Diagnostic> = site
        .pages
        .iter()
        .map(|p| (&p.raw, "page.html"))
        .chain(
            site.sections
                .iter()
                .filter_map(|s| s.raw.as_ref().map(|r| (r, "section.html"))),
        )
        .filter_map(|(raw, default)| raw.front.template.as_ref().map(|t| (raw, t, default)))
        .filter(|(_, t, _)| !templates.contains(t))
        .map(|(raw, t, default)| {
            raw.error_at_value("template", t, format!("template `{t}` does not exist"))
                .with_hint(format!(
                    "add templates/{t}, or remove `template:` to use {default}"
                ))
        })
        .collect();

    if !template_problems.is_empty() {
        return Err(template_problems);
    }

    // Threads take pages in order (`par_bridge`), so pages reach the search indexer, which adds
    // them in that order, about in order: it keeps only a few waiting.
    let page_results: Vec<Result<(), Diagnostic>> = (0..site.pages.len())
        .filter(|id| want(&site.pages[*id].path))
        .par_bridge()
        .map(|id| {
            let page = &site.pages[id];
            let mut ctx = base.clone();
            ctx.insert("page", &builder.page(id));
            ctx.insert("code", &page.rendered.has_code);
            ctx.insert("current_path", &builder.href(&page.path));
            let name = page.raw.front.template.as_deref().unwrap_or("page.html");
            let html = templates.render(name, &ctx, &page.raw.shown)?;
            emit(page.path.clone(), html)
        })
        .collect();
    let section_results: Vec<Result<(), Diagnostic>> = (0..site.sections.len())
        .into_par_iter()
        .filter(|id| want(&site.sections[*id].path))
        .map(|id| {
            let section = &site.sections[id];
            let mut ctx = base.clone();
            ctx.insert("section", &builder.section(id));
            ctx.insert("code", &section.rendered.has_code);
            ctx.insert("current_path", &builder.href(&section.path));
            let shown = section
                .raw
                .as_ref()
                .map(|r| r.shown.clone())
                .unwrap_or_else(|| Path::new("content").join(&section.dir));
            let default = if id == 0 {
                "index.html"
            } else {
                "section.html"
            };
            let name = section
                .raw
                .as_ref()
                .and_then(|r| r.front.template.as_deref())
                .unwrap_or(default);
            let html = templates.render(name, &ctx, &shown)?;
            emit(section.path.clone(), html)
        })
        .collect();

    let mut problems: Vec<Diagnostic> = page_results
        .into_iter()
        .chain(section_results)
        .filter_map(Result::err)
        .collect();
    let mut count = site.pages.len() + site.sections.len();

    let mut singles: Vec<(String, &str, Context)> = Vec::new();
    for taxonomy in &site.taxonomies {
        let mut ctx = base.clone();
        ctx.insert(
            "taxonomy",
            &context::TaxonomyCtx {
                name: taxonomy.name.clone(),
                path: builder.href(&taxonomy.path),
                terms: taxonomy
                    .terms
                    .iter()
                    .map(|t| context::TermCtx {
                        name: t.name.clone(),
                        path: builder.href(&t.path),
                        count: t.pages.len(),
                    })
                    .collect(),
                breadcrumbs: builder.taxonomy_breadcrumbs(None),
            },
        );
        ctx.insert("current_path", &builder.href(&taxonomy.path));
        singles.push((taxonomy.path.clone(), "taxonomy_list.html", ctx));
        for term in taxonomy.terms.iter().filter(|t| want(&t.path)) {
            let mut ctx = base.clone();
            ctx.insert(
                "taxonomy",
                &context::LinkCtx {
                    title: taxonomy.name.clone(),
                    path: builder.href(&taxonomy.path),
                },
            );
            ctx.insert(
                "term",
                &context::TermPageCtx {
                    name: term.name.clone(),
                    path: builder.href(&term.path),
                    pages: term.pages.iter().map(|p| builder.summary(*p)).collect(),
                    breadcrumbs: builder.taxonomy_breadcrumbs(Some(taxonomy)),
                },
            );
            ctx.insert("current_path", &builder.href(&term.path));
            singles.push((term.path.clone(), "taxonomy_term.html", ctx));
        }
    }
    let mut not_found = base.clone();
    not_found.insert("current_path", &builder.href("/404.html"));
    singles.push(("/404.html".to_owned(), "404.html", not_found));
    for alias in &site.aliases {
        let mut ctx = base.clone();
        ctx.insert("target", &builder.href(&alias.to));
        ctx.insert("target_permalink", &site.config.permalink(&alias.to));
        singles.push((alias.from.clone(), "alias.html", ctx));
    }
    count += singles.len();
    let single_results: Vec<Result<(), Diagnostic>> = singles
        .into_par_iter()
        .filter(|(path, _, _)| want(path))
        .map(|(path, name, ctx)| {
            let html = templates.render(name, &ctx, Path::new(&path))?;
            emit(path, html)
        })
        .collect();
    problems.extend(single_results.into_iter().filter_map(Result::err));

    let fixed_files = if feeds::FIXED_FILES.iter().any(|p| want(p)) {
        feeds::fixed_files(site)
    } else {
        Vec::new()
    };
    count += feeds::fixed_files_count(site);
    for (path, bytes) in fixed_files {
        if !want(&path) {
            continue;
        }
        if let Err(d) = emit(path, bytes) {
            problems.push(d);
        }
    }
    if problems.is_empty() {
        Ok(count)
    } else {
        Err(problems)
    }
}
