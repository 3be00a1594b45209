//! The fast path of a rebuild: an edit to the body of published pages, front matter untouched.
//!
//! Such an edit changes only the page's own HTML and, when its summary, reading time or first
//! paragraph changed, what shows them: its section's list, its term pages and the feed. With
//! the site kept from the last full build ([`crate::Kept`]) those are re-rendered from the one
//! re-read file by the build's own stages ([`crate::pipeline`]); the link check still runs over
//! the whole site (other pages may link to its headings) and the new files are audited like
//! any build's. Anything else — a changed front matter block, a page without one (its title may
//! come from its first heading), widgets, a new or deleted file, any diagnostic — answers
//! `None`, and the caller runs the whole pipeline, which is always right.
//!
//! [`front_matter_edit`] handles one page whose front matter changed in ways that keep every
//! URL (title, date, updated, tags, categories, weight, description...; not slug, draft,
//! aliases or template): the model's order, prev/next and taxonomies are settled again from the
//! kept pages, and re-rendered are the page, the pages whose prev/next changed or point at it,
//! its section, the term pages it was or is on, the taxonomy lists and the fixed files; term
//! pages that no longer exist are removed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::markdown::LinkTarget;
use crate::model::PageId;
use crate::model::reading_order::SUMMARY_FILE;
use crate::render::Output;
use crate::render::context::PageSummaryCtx;
use crate::{Kept, pipeline};

/// Whether an edit of the file at `rel` (relative to `content/`) may take the fast path: a
/// Markdown page's, not a section's `_index.md` (whose text other lists show) nor
/// `SUMMARY.md` (whose links order the site). A file that introduces a folder is found among
/// the sections, not the pages, so its edit takes the whole pipeline too.
fn fast_path_may_take(rel: &Path) -> bool {
    rel.extension().is_some_and(|x| x == "md")
        && rel.file_name().is_some_and(|name| name != "_index.md")
        && rel != Path::new(SUMMARY_FILE)
}

/// Re-renders what body edits of the pages `changed` (paths relative to the root) affect.
/// On `Some`, `kept` holds the new bodies and the outputs are the files to replace; on `None`,
/// `kept` is as it was, so another path can start from it.
pub fn body_edits(kept: &mut Kept, root: &Path, changed: &[PathBuf]) -> Option<Update> {
    let mut replaced = Vec::new();
    let update = apply_body_edits(kept, root, changed, &mut replaced);
    if update.is_none() {
        put_back(kept, replaced);
    }
    update
}

/// Puts back the pages a fast path replaced before it gave up.
fn put_back(kept: &mut Kept, replaced: Replaced) {
    for (id, raw, rendered) in replaced.into_iter().rev() {
        let page = &mut kept.site.pages[id];
        page.raw = raw;
        page.rendered = rendered;
    }
}

/// The pages' bodies as they were before an edit replaced them, to put back when a fast path
/// gives up.
type Replaced = Vec<(PageId, crate::load::RawPage, crate::markdown::Rendered)>;

fn apply_body_edits(
    kept: &mut Kept,
    root: &Path,
    changed: &[PathBuf],
    replaced: &mut Replaced,
) -> Option<Update> {
    let mut ids = Vec::new();
    let mut pages_only = Vec::new();
    let mut links_changed = false;
    for path in changed {
        // Hidden files (an editor's temporary file before its rename) are not part of the site.
        if path
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let rel = path.strip_prefix("content").ok()?;
        if !fast_path_may_take(rel) {
            return None;
        }
        let id = kept.site.pages.iter().position(|p| p.raw.rel == rel)?;
        let old = &kept.site.pages[id];
        if !old.raw.has_front_matter || !old.rendered.widgets.is_empty() {
            return None;
        }
        let mut raw = crate::load::read_page(root, &root.join(path), rel).ok()?;
        if !raw.has_front_matter || raw.front_yaml != old.raw.front_yaml {
            return None;
        }
        if raw.body_hash == old.raw.body_hash {
            continue;
        }
        let rendered = render_body(&raw, &old.path, &kept.site, kept.cleaner.as_ref())?;
        // The page heading is settled by `assemble`, which this path does not run.
        if rendered.page_heading != old.rendered.page_heading {
            return None;
        }
        // Whether the site writes code.css and code.js is settled by the whole build too.
        if rendered.has_code != old.rendered.has_code {
            return None;
        }
        raw.release_body();
        // The link check reads a page's internal links and anchors only: when neither changed,
        // its answer (no errors, as the last build had none) cannot change either.
        if links_of(&old.rendered) != links_of(&rendered)
            || old.rendered.anchors != rendered.anchors
        {
            links_changed = true;
        }
        let before = list_view(&kept.site, id);
        let page = &mut kept.site.pages[id];
        let old_raw = std::mem::replace(&mut page.raw, raw);
        let old_rendered = std::mem::replace(&mut page.rendered, rendered);
        replaced.push((id, old_raw, old_rendered));
        // Lists and the feed show the summary, reading time and first paragraph: when those
        // did not change, the page alone is re-rendered.
        if list_view(&kept.site, id) == before {
            pages_only.push(id);
        } else {
            ids.push(id);
        }
    }
    if links_changed && !pipeline::check_links(&kept.site).is_empty() {
        return None;
    }

    let site = &kept.site;
    let mut wanted: HashSet<String> = crate::render::feeds::PAGE_LISTS
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
    if ids.is_empty() {
        wanted.clear();
    }
    for &id in &pages_only {
        wanted.insert(site.pages[id].path.clone());
    }
    for &id in &ids {
        let page = &site.pages[id];
        wanted.insert(page.path.clone());
        wanted.insert(site.sections[page.section].path.clone());
        for taxonomy in &site.taxonomies {
            for term in taxonomy.terms.iter().filter(|t| t.pages.contains(&id)) {
                wanted.insert(term.path.clone());
            }
        }
    }
    render_audited(kept, &wanted).map(|outputs| Update {
        outputs,
        removed: Vec::new(),
    })
}

/// What a fast rebuild changes in the served files.
pub struct Update {
    /// Files to add or replace.
    pub outputs: Vec<Output>,
    /// Site paths that no longer exist.
    pub removed: Vec<String>,
}

/// Re-renders what a front matter edit of the one page `changed` affects (see the module doc).
/// On `None`, `kept` is as it was.
pub fn front_matter_edit(kept: &mut Kept, root: &Path, changed: &[PathBuf]) -> Option<Update> {
    let mut replaced = Vec::new();
    let update = apply_front_matter_edit(kept, root, changed, &mut replaced);
    if update.is_none() && !replaced.is_empty() {
        put_back(kept, replaced);
        pipeline::assemble(&mut kept.site);
    }
    update
}

fn apply_front_matter_edit(
    kept: &mut Kept,
    root: &Path,
    changed: &[PathBuf],
    replaced: &mut Replaced,
) -> Option<Update> {
    let visible: Vec<&PathBuf> = changed
        .iter()
        .filter(|p| {
            !p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .collect();
    let [path] = visible.as_slice() else {
        return None;
    };
    let rel = path.strip_prefix("content").ok()?;
    if !fast_path_may_take(rel) {
        return None;
    }
    let site = &mut kept.site;
    let id = site.pages.iter().position(|p| p.raw.rel == rel)?;
    let old = &site.pages[id];
    let mut raw = crate::load::read_page(root, &root.join(path), rel).ok()?;
    let (a, b) = (&old.raw.front, &raw.front);
    if !raw.has_front_matter
        || a.slug != b.slug
        || a.draft != b.draft
        || a.aliases != b.aliases
        || a.template != b.template
        || !old.rendered.widgets.is_empty()
    {
        return None;
    }
    let rendered = render_body(&raw, &old.path, &*site, kept.cleaner.as_ref())?;
    raw.release_body();
    let neighbours: Vec<(Option<PageId>, Option<PageId>)> =
        site.pages.iter().map(|p| (p.prev, p.next)).collect();
    let terms_before: HashSet<String> = all_terms(site).map(|(path, _)| path).collect();
    let on_before: Vec<String> = all_terms(site)
        .filter(|(_, pages)| pages.contains(&id))
        .map(|(path, _)| path)
        .collect();

    // URLs are unchanged; with the same links and anchors the link check answers as before.
    let links_changed = links_of(&site.pages[id].rendered) != links_of(&rendered)
        || site.pages[id].rendered.anchors != rendered.anchors;
    let page = &mut site.pages[id];
    let old_raw = std::mem::replace(&mut page.raw, raw);
    let old_rendered = std::mem::replace(&mut page.rendered, rendered);
    replaced.push((id, old_raw, old_rendered));
    pipeline::assemble(site);
    if links_changed && !pipeline::check_links(site).is_empty() {
        return None;
    }

    let mut wanted: HashSet<String> = crate::render::feeds::PAGE_LISTS
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
    wanted.extend(on_before);
    let page = &site.pages[id];
    wanted.insert(page.path.clone());
    wanted.insert(site.sections[page.section].path.clone());
    for (other, p) in site.pages.iter().enumerate() {
        if (p.prev, p.next) != neighbours[other] || p.prev == Some(id) || p.next == Some(id) {
            wanted.insert(p.path.clone());
        }
    }
    for taxonomy in &site.taxonomies {
        wanted.insert(taxonomy.path.clone());
    }
    let terms_after: HashSet<String> = all_terms(site)
        .map(|(path, pages)| {
            if pages.contains(&id) {
                wanted.insert(path.clone());
            }
            path
        })
        .collect();
    let removed: Vec<String> = terms_before.difference(&terms_after).cloned().collect();
    wanted.retain(|p| !removed.contains(p));
    let outputs = render_audited(kept, &wanted)?;
    Some(Update { outputs, removed })
}

/// A page's body rendered again, or `None` when it calls widgets (their expansion needs the
/// whole pipeline, so such an edit takes the full rebuild) or the cleaner warns.
fn render_body(
    raw: &crate::load::RawPage,
    site_path: &str,
    site: &crate::model::Site,
    cleaner: Option<&crate::clean::Cleaner>,
) -> Option<crate::markdown::Rendered> {
    let rendered = pipeline::render_body(raw, site_path, site, cleaner);
    // A cleaner warning (an ad region never closed) is printed by the full rebuild.
    (rendered.widgets.is_empty()
        && rendered.widget_errors.is_empty()
        && rendered.clean.warnings.is_empty())
    .then_some(rendered)
}

/// A page's internal links, without their positions.
fn links_of(rendered: &crate::markdown::Rendered) -> Vec<(&LinkTarget, &str)> {
    rendered
        .links
        .iter()
        .map(|l| (&l.target, l.written.as_str()))
        .collect()
}

/// What lists and the feed show of a page, to tell whether a body edit changed it.
fn list_view(site: &crate::model::Site, id: PageId) -> (PageSummaryCtx, String) {
    let builder = crate::render::context::ContextBuilder::new(site);
    (
        builder.summary(id),
        site.pages[id].rendered.first_paragraph.clone(),
    )
}

fn all_terms(site: &crate::model::Site) -> impl Iterator<Item = (String, Vec<PageId>)> + '_ {
    site.taxonomies.iter().flat_map(|t| {
        t.terms
            .iter()
            .map(|term| (term.path.clone(), term.pages.clone()))
    })
}

/// Renders the wanted site paths and audits them, with the build's own stages; `None` on any
/// problem.
fn render_audited(kept: &Kept, wanted: &HashSet<String>) -> Option<Vec<Output>> {
    let site = &kept.site;
    let rendered = std::sync::Mutex::new(Vec::new());
    let sink = |output: Output| {
        rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output);
        Ok(())
    };
    let mut outputs = pipeline::Outputs::in_memory(site, kept.cleaner.is_some(), &sink);
    pipeline::render_templates(site, &kept.templates, &outputs, &|p| wanted.contains(p)).ok()?;
    let (_, findings) = pipeline::audit(&mut outputs);
    if !findings.is_empty() {
        return None;
    }
    drop(outputs);
    Some(rendered.into_inner().unwrap_or_else(|e| e.into_inner()))
}

#[cfg(test)]
mod tests;
