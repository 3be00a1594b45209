//! Model stage: the site graph built from loaded files.
//!
//! In two steps around Markdown rendering. [`plan`] gives every file its URL, builds the section
//! tree from folders and maps source files to URLs (the Markdown stage needs that to rewrite
//! `.md` links). [`assemble`] then takes the rendered bodies and settles what depends on them:
//! titles of files without front matter, ordering (weight, or a place in `SUMMARY.md`, then
//! newest date, then title), prev/next, breadcrumbs and taxonomies. It decides nothing about
//! HTML.

pub(crate) mod introductions;
pub(crate) mod links;
pub(crate) mod path_hints;
pub(crate) mod reading_order;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::config::HeadingIds;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Asset, Loaded, RawPage};
use crate::markdown::{LinkResolver, Rendered};
use crate::paths::rel_key;
use crate::slug::slugify;

/// Index of a page in [`Site::pages`].
pub(crate) type PageId = usize;
/// Index of a section in [`Site::sections`]; 0 is the home section.
pub(crate) type SectionId = usize;

/// A published page (not a section index).
#[derive(Debug)]
pub struct Page {
    /// The parsed file.
    pub raw: RawPage,
    /// Site path, `/section/slug/`.
    pub path: String,
    /// The section the page is listed in.
    pub section: SectionId,
    /// Title (front matter, else first `#` heading, else file name).
    pub title: String,
    /// The page's `<h1>`: the body's opening `# Heading`, else the title.
    pub heading: String,
    /// Rendered body; filled in between [`plan`] and [`assemble`].
    pub rendered: Rendered,
    /// Previous page in its section's order.
    pub prev: Option<PageId>,
    /// Next page in its section's order.
    pub next: Option<PageId>,
}

/// A folder of `content/`: the file that introduces it (if any, see [`introductions`]), its
/// pages and subsections.
#[derive(Debug)]
pub struct Section {
    /// The file that introduces it (`_index.md`, its `README.md`, or a chapter of its name
    /// beside it; see [`introductions`]).
    pub raw: Option<RawPage>,
    /// Folder relative to `content/` (`""` for the home section).
    pub dir: PathBuf,
    /// Site path, `/section/`.
    pub path: String,
    /// Title (front matter, else the first heading of the file that introduces it, else the
    /// folder name).
    pub title: String,
    /// The heading its page shows: the `# Heading` its file opens with, else the title.
    pub heading: String,
    /// Parent section; `None` for home.
    pub parent: Option<SectionId>,
    /// Pages in display order.
    pub pages: Vec<PageId>,
    /// Subsections in display order.
    pub subsections: Vec<SectionId>,
    /// Rendered body of the file that introduces it.
    pub rendered: Rendered,
}

/// One term of a taxonomy, such as the tag `windows11`.
#[derive(Debug)]
pub struct Term {
    /// Display name: `term_names` in `site.yaml`, else as first written in front matter.
    pub name: String,
    /// Site path, `/tags/windows11/`.
    pub path: String,
    /// Pages carrying the term, newest first.
    pub pages: Vec<PageId>,
}

/// A taxonomy (`tags`, `categories`, ...) and its terms.
#[derive(Debug)]
pub struct Taxonomy {
    /// Its name, from `site.yaml`.
    pub name: String,
    /// Site path of its list page, `/tags/`.
    pub path: String,
    /// Terms sorted by name.
    pub terms: Vec<Term>,
}

/// A redirect from an old URL.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The old site path.
    pub from: String,
    /// The page's site path.
    pub to: String,
}

/// A file copied into the output unchanged.
#[derive(Debug, Clone)]
pub struct CopiedFile {
    /// Absolute source path.
    pub source: PathBuf,
    /// Site path it is served at.
    pub path: String,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// Resolved settings.
    pub config: Config,
    /// Published pages.
    pub pages: Vec<Page>,
    /// Sections; index 0 is home.
    pub sections: Vec<Section>,
    /// Taxonomies in `site.yaml` order.
    pub taxonomies: Vec<Taxonomy>,
    /// Redirect pages.
    pub aliases: Vec<Alias>,
    /// Content assets and `static/` files.
    pub files: Vec<CopiedFile>,
    /// Site paths of files the build generates besides pages, aliases and the fixed files
    /// (the status widget's script, the report schema), so links to them are not broken.
    pub generated: Vec<String>,
    path_by_file: HashMap<String, String>,
    /// Site paths of the files of `content/` that are not Markdown, by their path there.
    path_by_asset: HashMap<String, String>,
    /// Page files by their lower-case path, `None` where two differ only in case.
    file_by_lowercase: HashMap<String, Option<String>>,
    /// Source files that failed to load, so the link check does not report them twice.
    pub failed_files: HashSet<String>,
    /// Built with `--status`: every page shows one PC's report, so every page is marked as a
    /// private preview (a banner, `noindex`, and a robots.txt that disallows everything).
    pub preview: bool,
    prefix: String,
}

impl LinkResolver for Site {
    fn page_path_for_file(&self, rel: &str) -> Option<String> {
        self.path_by_file.get(rel).cloned()
    }

    fn prefix(&self) -> &str {
        &self.prefix
    }

    fn heading_ids(&self) -> HeadingIds {
        self.config.heading_ids
    }

    fn file_path_for_file(&self, rel: &str) -> Option<String> {
        self.path_by_asset.get(rel).cloned()
    }

    fn page_file_ignoring_case(&self, rel: &str) -> Option<String> {
        self.file_by_lowercase.get(&rel.to_lowercase())?.clone()
    }
}

/// Each file by its lower-case path; `None` where two files differ only in case.
fn by_lowercase<'a>(files: impl Iterator<Item = &'a String>) -> HashMap<String, Option<String>> {
    let mut out: HashMap<String, Option<String>> = HashMap::new();
    for file in files {
        out.entry(file.to_lowercase())
            .and_modify(|known| *known = None)
            .or_insert_with(|| Some(file.clone()));
    }
    out
}

/// Options of the model stage.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ModelOptions {
    /// Publish pages marked `draft: true`.
    pub drafts: bool,
}

/// Gives every file its URL and builds the section tree. Bodies are rendered afterwards.
pub(crate) fn plan(
    config: Config,
    loaded: Loaded,
    static_files: Vec<Asset>,
    options: ModelOptions,
) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let mut sections: Vec<Section> = vec![new_section(PathBuf::new(), None)];
    let mut section_by_dir: HashMap<PathBuf, SectionId> = HashMap::from([(PathBuf::new(), 0)]);
    let mut pages = Vec::new();

    let published: Vec<RawPage> = loaded
        .pages
        .into_iter()
        .filter(|raw| options.drafts || !raw.front.draft)
        .collect();
    let introductions = introductions::of(published.iter().map(|raw| raw.rel.as_path()));
    for raw in published {
        if !raw.has_front_matter {
            diagnostics.push(
                Diagnostic::warning(
                    &raw.shown,
                    1,
                    1,
                    "no front matter: the title comes from the first heading or the file name",
                )
                .with_hint("start the file with ---, title: ..., date: ..., --- lines"),
            );
        }
        if let Some(folder) = introductions.get(&raw.rel) {
            let id = ensure_section(&mut sections, &mut section_by_dir, folder);
            sections[id].raw = Some(raw);
            continue;
        }
        let dir = raw.rel.parent().unwrap_or(Path::new("")).to_path_buf();
        if raw.is_bundle() && dir.as_os_str().is_empty() {
            diagnostics.push(
                Diagnostic::error(&raw.shown, 0, 0, "content/index.md would be written over the home page")
                    .with_hint("content/_index.md or content/README.md holds the home page's text: move this file's text there, or move this page into a folder"),
            );
            continue;
        }
        let section_dir = if raw.is_bundle() {
            dir.parent().unwrap_or(Path::new("")).to_path_buf()
        } else {
            dir
        };

        let section = ensure_section(&mut sections, &mut section_by_dir, &section_dir);
        pages.push(Page {
            raw,
            path: String::new(),
            section,
            title: String::new(),
            heading: String::new(),
            rendered: Rendered::default(),
            prev: None,
            next: None,
        });
    }

    for section in &mut sections {
        if let Some(raw) = &section.raw
            && let Some(title) = &raw.front.title
        {
            section.title = title.clone();
        }
    }
    let mut path_by_file = HashMap::new();
    for section in &sections {
        if let Some(raw) = &section.raw {
            path_by_file.insert(rel_key(&raw.rel), section.path.clone());
        }
    }
    for page in &mut pages {
        let slug = page_slug(&page.raw);
        page.path = format!("{}{slug}/", sections[page.section].path);
        path_by_file.insert(rel_key(&page.raw.rel), page.path.clone());
    }

    let mut files = Vec::new();
    let bundle_paths: HashMap<PathBuf, String> = pages
        .iter()
        .filter(|p| p.raw.is_bundle())
        .map(|p| {
            (
                p.raw.rel.parent().unwrap_or(Path::new("")).to_path_buf(),
                p.path.clone(),
            )
        })
        .collect();
    let mut path_by_asset = HashMap::new();
    for Asset { path, rel } in loaded.assets {
        let site_path = asset_path(&rel, &bundle_paths);
        path_by_asset.insert(rel_key(&rel), site_path.clone());
        files.push(CopiedFile {
            source: path,
            path: site_path,
        });
    }
    files.extend(
        static_files
            .into_iter()
            .map(|Asset { path, rel }| CopiedFile {
                source: path,
                path: format!("/{}", rel_key(&rel)),
            }),
    );

    let taxonomies = config
        .taxonomies
        .iter()
        .map(|name| Taxonomy {
            name: name.clone(),
            path: format!("/{}/", slugify(name)),
            terms: Vec::new(),
        })
        .collect();
    let aliases = collect_aliases(&pages, &mut diagnostics);
    let prefix = config.path_prefix();
    let loaded_failed = loaded.failed;
    let site = Site {
        config,
        pages,
        sections,
        taxonomies,
        aliases,
        files,
        file_by_lowercase: by_lowercase(path_by_file.keys()),
        path_by_asset,
        path_by_file,
        failed_files: loaded_failed,
        generated: Vec::new(),
        preview: false,
        prefix,
    };
    diagnostics.extend(duplicate_paths(&site));
    (site, diagnostics)
}

/// Settles everything that depends on rendered bodies: titles, order, prev/next, taxonomies.
/// It changes no body and starts every list afresh, so running it again gives the same site.
pub(crate) fn assemble(site: &mut Site) {
    for page in &mut site.pages {
        // Without a title in front matter the first heading is the title (the Markdown stage
        // left it out of the body: the template shows the title as the page's one h1).
        page.title = match (&page.raw.front.title, &page.rendered.first_h1) {
            (Some(title), _) => title.clone(),
            (None, Some(h1)) => h1.clone(),
            (None, None) => humanize(&stem_of(&page.raw.rel)),
        };
        page.heading = shown_heading(&page.rendered, &page.title);
    }
    if site.sections[0]
        .raw
        .as_ref()
        .and_then(|r| r.front.title.as_ref())
        .is_none()
    {
        site.sections[0].title = site.config.title.clone();
    }

    for section in &mut site.sections {
        if section
            .raw
            .as_ref()
            .and_then(|r| r.front.title.as_ref())
            .is_none()
            && let Some(h1) = &section.rendered.first_h1
        {
            section.title = h1.clone();
        }
        section.heading = shown_heading(&section.rendered, &section.title);
    }
    // Lists are settled from scratch, so assembling again (serve, after an edit) gives the
    // same site.
    for section in &mut site.sections {
        section.pages.clear();
        section.subsections.clear();
    }
    for (id, page) in site.pages.iter().enumerate() {
        site.sections[page.section].pages.push(id);
    }
    for id in 1..site.sections.len() {
        if let Some(parent) = site.sections[id].parent {
            site.sections[parent].subsections.push(id);
        }
    }
    // Without a weight in front matter, a page's or section's place in SUMMARY.md counts.
    let places = reading_order::places(site);
    let pages = &site.pages;
    let order_key = |id: &PageId| {
        let p = &pages[*id];
        (
            p.raw
                .front
                .weight
                .or_else(|| places.get(&p.path).copied())
                .unwrap_or(i64::MAX),
            std::cmp::Reverse(p.raw.front.date),
            p.title.to_lowercase(),
        )
    };
    let mut orders = Vec::with_capacity(site.sections.len());
    for section in &site.sections {
        let mut list = section.pages.clone();
        list.sort_by_cached_key(order_key);
        orders.push(list);
    }
    for (section, order) in site.sections.iter_mut().zip(orders) {
        section.pages = order;
    }
    let section_places = reading_order::section_places(site, &places);
    let section_keys: Vec<(i64, String)> = site
        .sections
        .iter()
        .zip(section_places)
        .map(|(s, place)| {
            (
                s.raw
                    .as_ref()
                    .and_then(|r| r.front.weight)
                    .or(place)
                    .unwrap_or(i64::MAX),
                s.title.to_lowercase(),
            )
        })
        .collect();
    for section in &mut site.sections {
        section
            .subsections
            .sort_by_key(|id| section_keys[*id].clone());
    }
    for s in 0..site.sections.len() {
        let order = site.sections[s].pages.clone();
        for (i, id) in order.iter().enumerate() {
            site.pages[*id].prev = i.checked_sub(1).map(|j| order[j]);
            site.pages[*id].next = order.get(i + 1).copied();
        }
    }
    build_taxonomies(site);
}

/// The heading a page or a section's page shows: the `# Heading` its text opens with when
/// front matter gives the title, else the title.
fn shown_heading(rendered: &Rendered, title: &str) -> String {
    rendered
        .page_heading
        .clone()
        .unwrap_or_else(|| title.to_owned())
}

impl Site {
    /// Every page and every section that has a source file (see [`introductions`]), as the
    /// source and its rendered body: what the link check and the clean report go through.
    pub fn sources(&self) -> impl Iterator<Item = (&crate::load::RawPage, &Rendered)> {
        self.pages.iter().map(|p| (&p.raw, &p.rendered)).chain(
            self.sections
                .iter()
                .filter_map(|s| s.raw.as_ref().map(|r| (r, &s.rendered))),
        )
    }

    /// Whether a content or `static/` file is served at `path`: such a file replaces the
    /// built-in one of the same path (`/style.css`, `/search.js`, `/status.js`).
    pub fn has_file_at(&self, path: &str) -> bool {
        self.files.iter().any(|f| f.path == path)
    }

    /// The home section.
    pub fn home(&self) -> &Section {
        &self.sections[0]
    }

    /// Sections from home down to `id`'s parent, for breadcrumbs.
    pub fn ancestors(&self, mut id: SectionId) -> Vec<SectionId> {
        let mut chain = vec![id];
        while let Some(parent) = self.sections[id].parent {
            chain.push(parent);
            id = parent;
        }
        chain.reverse();
        chain
    }

    /// The base-URL path prefix for links in templates.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// All pages, newest first, for feeds.
    pub fn pages_by_date(&self) -> Vec<PageId> {
        let mut ids: Vec<PageId> = (0..self.pages.len()).collect();
        ids.sort_by_key(|id| {
            let front = &self.pages[*id].raw.front;
            (
                std::cmp::Reverse(front.updated.or(front.date)),
                self.pages[*id].path.clone(),
            )
        });
        ids
    }
}

fn new_section(dir: PathBuf, parent: Option<SectionId>) -> Section {
    let path = section_path(&dir);
    let title = dir
        .file_name()
        .map(|n| humanize(&n.to_string_lossy()))
        .unwrap_or_else(|| "Home".to_owned());
    Section {
        raw: None,
        dir,
        path,
        heading: title.clone(),
        title,
        parent,
        pages: Vec::new(),
        subsections: Vec::new(),
        rendered: Rendered::default(),
    }
}

fn ensure_section(
    sections: &mut Vec<Section>,
    by_dir: &mut HashMap<PathBuf, SectionId>,
    dir: &Path,
) -> SectionId {
    if let Some(id) = by_dir.get(dir) {
        return *id;
    }
    let parent = ensure_section(sections, by_dir, dir.parent().unwrap_or(Path::new("")));
    sections.push(new_section(dir.to_path_buf(), Some(parent)));
    let id = sections.len() - 1;
    by_dir.insert(dir.to_path_buf(), id);
    id
}

/// The site path of the section of folder `dir` (relative to `content/`).
fn section_path(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        "/".to_owned()
    } else {
        format!("/{}/", rel_key(dir))
    }
}

/// The name a Markdown file's URL is made from: its own, or its folder's for a bundle's
/// `index.md`.
fn stem_of(rel: &Path) -> String {
    let source = if crate::load::is_bundle(rel) {
        rel.parent().unwrap_or(rel)
    } else {
        rel
    };
    source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The site path of a page file (`rel` relative to `content/`) that could not be read, by its
/// file name alone (its front matter may have set another `slug`): the link check takes links
/// to it as already reported, and `build --keep-going` names it.
pub(crate) fn path_by_file_name(rel: &Path) -> String {
    let dir = rel.parent().unwrap_or(Path::new(""));
    let section_dir = if crate::load::is_bundle(rel) {
        dir.parent().unwrap_or(Path::new(""))
    } else {
        dir
    };
    format!("{}{}/", section_path(section_dir), slug_of(stem_of(rel)))
}

fn page_slug(raw: &RawPage) -> String {
    slug_of(raw.front.slug.clone().unwrap_or_else(|| stem_of(&raw.rel)))
}

/// A URL segment from a name: kept as it is when already plain, else slugified.
fn slug_of(stem: String) -> String {
    let plain = stem
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
    if plain && !stem.is_empty() {
        stem
    } else {
        slugify(&stem)
    }
}

fn humanize(stem: &str) -> String {
    let spaced = stem.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

fn asset_path(rel: &Path, bundle_paths: &HashMap<PathBuf, String>) -> String {
    let mut dir = rel.parent();
    while let Some(d) = dir {
        if let Some(page_path) = bundle_paths.get(d) {
            let inner = rel.strip_prefix(d).unwrap_or(rel);
            return format!("{page_path}{}", rel_key(inner));
        }
        dir = d.parent();
    }
    format!("/{}", rel_key(rel))
}

fn collect_aliases(pages: &[Page], diagnostics: &mut Diagnostics) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for page in pages {
        for alias in &page.raw.front.aliases {
            if alias.contains("://") || alias.is_empty() {
                diagnostics.push(
                    page.raw
                        .error_at_value(
                            "aliases",
                            alias,
                            format!("alias `{alias}` is not a site path"),
                        )
                        .with_hint(
                            "write aliases as paths from the site root (/old/link-key/) or from \
                             the page's folder (old-name)",
                        ),
                );

                continue;
            }
            // A relative alias is read from the page's folder, as Hugo reads it: `old` on
            // /guides/new/ is /guides/old/.
            let alias = if alias.starts_with('/') {
                alias.clone()
            } else {
                let folder = page.path.trim_end_matches('/');
                let folder = folder.rfind('/').map_or("/", |at| &folder[..=at]);
                let resolved = crate::markdown::normalize_site(&format!("{folder}{alias}"));
                if alias.ends_with('/') || resolved == "/" {
                    resolved
                } else {
                    resolved.trim_end_matches('/').to_owned()
                }
            };
            let from = if alias.ends_with('/') || alias.ends_with(".html") {
                alias
            } else {
                format!("{alias}/")
            };
            aliases.push(Alias {
                from,
                to: page.path.clone(),
            });
        }
    }
    aliases
}

/// Two things written to the same URL: an error naming both sources.
fn duplicate_paths(site: &Site) -> Vec<Diagnostic> {
    let mut owners: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for page in &site.pages {
        owners
            .entry(page.path.clone())
            .or_default()
            .push(page.raw.shown.clone());
    }
    for section in &site.sections {
        let shown = section
            .raw
            .as_ref()
            .map(|r| r.shown.clone())
            .unwrap_or_else(|| Path::new("content").join(&section.dir));
        owners.entry(section.path.clone()).or_default().push(shown);
    }
    for taxonomy in &site.taxonomies {
        owners
            .entry(taxonomy.path.clone())
            .or_default()
            .push(PathBuf::from(format!(
                "site.yaml (taxonomy `{}`)",
                taxonomy.name
            )));
    }
    for alias in &site.aliases {
        let owner = site
            .pages
            .iter()
            .find(|p| p.path == alias.to)
            .map(|p| p.raw.shown.clone())
            .unwrap_or_default();
        owners.entry(alias.from.clone()).or_default().push(owner);
    }
    for file in &site.files {
        let shown = PathBuf::from(file.source.to_string_lossy().into_owned());
        owners.entry(file.path.clone()).or_default().push(shown);
    }
    // `/about/` and `/about/index.html` are the same output file.
    let mut by_file: BTreeMap<String, (String, Vec<PathBuf>)> = BTreeMap::new();
    for (path, files) in owners {
        let key = if path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.clone()
        };
        by_file
            .entry(key)
            .or_insert_with(|| (path, Vec::new()))
            .1
            .extend(files);
    }
    by_file
        .into_values()
        .filter(|(_, files)| files.len() > 1)
        .map(|(path, files)| {
            let others: Vec<String> = files[1..].iter().map(|f| f.display().to_string()).collect();
            Diagnostic::error(
                &files[0],
                0,
                0,
                format!("URL {path} is also produced by {}", others.join(", ")),
            )
            .with_hint("give one of them another file name, or set `slug:` in its front matter")
        })
        .collect()
}

/// The site path of a term's page (`/tags/windows11/`) under its taxonomy's path; `None` for a
/// name without a letter or digit, which gets no page.
pub(crate) fn term_path(taxonomy_path: &str, name: &str) -> Option<String> {
    let slug = slugify(name);
    (!slug.is_empty()).then(|| format!("{taxonomy_path}{slug}/"))
}

fn build_taxonomies(site: &mut Site) {
    for taxonomy in &mut site.taxonomies {
        // `term_names` by term path, so any spelling of a term finds its name.
        let named: HashMap<String, &String> = site
            .config
            .term_names
            .get(&taxonomy.name)
            .into_iter()
            .flatten()
            .filter_map(|(term, name)| Some((term_path(&taxonomy.path, term)?, name)))
            .collect();
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        for (id, page) in site.pages.iter().enumerate() {
            for name in page_terms(page, &taxonomy.name) {
                let Some(path) = term_path(&taxonomy.path, &name) else {
                    continue;
                };
                let term = terms.entry(path.clone()).or_insert_with(|| Term {
                    name: named.get(&path).map_or(name, |n| n.trim().to_owned()),
                    path,
                    pages: Vec::new(),
                });
                if !term.pages.contains(&id) {
                    term.pages.push(id);
                }
            }
        }
        let pages = &site.pages;
        taxonomy.terms = terms
            .into_values()
            .map(|mut term| {
                term.pages.sort_by_key(|id| {
                    (
                        std::cmp::Reverse(pages[*id].raw.front.date),
                        pages[*id].title.to_lowercase(),
                    )
                });
                term
            })
            .collect();
        taxonomy.terms.sort_by_key(|t| t.name.to_lowercase());
    }
}

/// The terms a page carries for one taxonomy: `tags` and `categories` are typed fields, any
/// other taxonomy is read from a list of the same name in `extra`.
pub(crate) fn page_terms(page: &Page, taxonomy: &str) -> Vec<String> {
    match taxonomy {
        "tags" => page.raw.front.tags.clone(),
        "categories" => page.raw.front.categories.clone(),
        other => match page.raw.front.extra.get(other) {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            Some(serde_json::Value::String(one)) => vec![one.clone()],
            _ => Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// A site from `(path under content/, file text)` pairs, planned, rendered and assembled once.
    fn site(files: &[(&str, &str)]) -> Site {
        let pages = files
            .iter()
            .map(|(rel, text)| {
                let shown = Path::new("content").join(rel);
                crate::load::parse_page(&shown, Path::new(rel), text).expect("page parses")
            })
            .collect();
        let loaded = Loaded {
            pages,
            ..Loaded::default()
        };
        let (mut site, problems) = plan(
            Config::default(),
            loaded,
            Vec::new(),
            ModelOptions::default(),
        );
        assert!(!problems.has_errors(), "{problems:?}");
        let bodies: Vec<Rendered> = site
            .pages
            .iter()
            .map(|p| crate::pipeline::render_body(&p.raw, &p.path, &site, None))
            .collect();
        for (page, rendered) in site.pages.iter_mut().zip(bodies) {
            page.rendered = rendered;
        }
        assemble(&mut site);
        site
    }

    /// What assembling settles, to compare two runs.
    fn settled(site: &Site) -> Vec<String> {
        let pages = site.pages.iter().map(|p| {
            format!(
                "page {} {:?} prev={:?} next={:?} html={:?}",
                p.path, p.title, p.prev, p.next, p.rendered.html
            )
        });
        let sections = site.sections.iter().map(|s| {
            format!(
                "section {} {:?} pages={:?} subsections={:?}",
                s.path, s.title, s.pages, s.subsections
            )
        });
        let terms = site.taxonomies.iter().flat_map(|t| {
            t.terms
                .iter()
                .map(|term| format!("term {} {:?}", term.path, term.pages))
        });
        pages.chain(sections).chain(terms).collect()
    }

    const FILES: &[(&str, &str)] = &[
        (
            "guides/b.md",
            "---\ntitle: Bee\nweight: 2\ntags: [windows]\n---\n# Heading kept\n\nText.\n",
        ),
        (
            "guides/a.md",
            "---\ndate: 2024-01-02\ntags: [windows, accounts]\n---\n# Title from heading\n\nBody.\n\n# Second h1\n",
        ),
        ("guides/deeper/c.md", "---\ntitle: See\n---\nC.\n"),
        ("top.md", "# Top\n\nNo front matter.\n"),
    ];

    #[test]
    fn a_file_that_could_not_be_read_has_the_url_its_file_name_gives_a_page() {
        let files = [
            ("a.md", "---\ntitle: A\n---\n"),
            ("guides/Setup Windows.md", "---\ntitle: S\n---\n"),
            ("guides/reset/index.md", "---\ntitle: R\n---\n"),
        ];
        let site = site(&files);
        for (rel, _) in files {
            let planned = site
                .pages
                .iter()
                .find(|p| p.raw.rel == Path::new(rel))
                .map(|p| p.path.clone());
            assert_eq!(Some(path_by_file_name(Path::new(rel))), planned, "{rel}");
        }
    }

    #[test]
    fn assembling_again_gives_the_same_site() {
        let mut site = site(FILES);
        let once = settled(&site);
        assemble(&mut site);
        assemble(&mut site);
        assert_eq!(settled(&site), once);
    }

    #[test]
    fn titles_order_and_neighbours_are_settled_from_the_rendered_bodies() {
        let site = site(FILES);
        let by_path = |path: &str| {
            site.pages
                .iter()
                .position(|p| p.path == path)
                .unwrap_or_else(|| panic!("no page at {path}"))
        };
        let a = by_path("/guides/a/");
        let b = by_path("/guides/b/");
        // No title in front matter: the first heading is the title and leaves the body; the
        // second h1 stays.
        assert_eq!(site.pages[a].title, "Title from heading");
        assert!(!site.pages[a].rendered.html.contains("Title from heading"));
        assert!(site.pages[a].rendered.html.contains("Second h1"));
        // A title in front matter stays the title; the body's opening heading becomes the page
        // heading (the one h1) and leaves the body.
        assert_eq!(site.pages[b].title, "Bee");
        assert_eq!(site.pages[b].heading, "Heading kept");
        assert!(!site.pages[b].rendered.html.contains("Heading kept"));
        assert_eq!(site.pages[a].heading, "Title from heading");
        // Weight first: b (weight 2) before a (no weight).
        let guides = site
            .sections
            .iter()
            .find(|s| s.path == "/guides/")
            .expect("guides section");
        assert_eq!(guides.pages, vec![b, a]);
        assert_eq!((site.pages[b].next, site.pages[a].prev), (Some(a), Some(b)));
        assert_eq!(guides.subsections.len(), 1);
        assert_eq!(site.pages[by_path("/top/")].title, "Top");
        let tags = &site.taxonomies[0];
        let windows = tags
            .terms
            .iter()
            .find(|t| t.name == "windows")
            .expect("windows term");
        assert_eq!(windows.pages.len(), 2);
    }
}
