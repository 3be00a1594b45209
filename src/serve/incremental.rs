//! The fast path of a rebuild: an edit to the body of published pages, front matter untouched.
//!
//! Such an edit changes only the page's own HTML and what shows its summary, reading time or
//! text: its section's list, the term pages of its taxonomies, and the feed. With the site kept
//! from the last full build ([`crate::Kept`]) those are re-rendered from the one re-read file;
//! the link check still runs over the whole site (other pages may link to its headings) and the
//! new files are audited like any build's. Anything else — a changed front matter block, a page
//! without one (its title may come from its first heading), widgets, a new or deleted file, any
//! diagnostic — answers `None`, and the caller runs the whole pipeline, which is always right.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::Kept;
use crate::audit::Auditor;
use crate::render::Output;

/// Re-renders what body edits of the pages `changed` (paths relative to the root) affect.
/// On `Some`, `kept` holds the new bodies and the outputs are the files to replace.
pub fn body_edits(kept: &mut Kept, root: &Path, changed: &[PathBuf]) -> Option<Vec<Output>> {
    let mut ids = Vec::new();
    for path in changed {
        // Hidden files (an editor's temporary file before its rename) are not part of the site.
        if path
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let rel = path.strip_prefix("content").ok()?;
        if rel.extension().is_none_or(|x| x != "md") || rel.file_name()? == "_index.md" {
            return None;
        }
        let id = kept.site.pages.iter().position(|p| p.raw.rel == rel)?;
        let old = &kept.site.pages[id];
        if !old.raw.has_front_matter || !old.rendered.widgets.is_empty() {
            return None;
        }
        let raw = crate::load::read_page(root, &root.join(path), rel).ok()?;
        if !raw.has_front_matter || raw.front_yaml != old.raw.front_yaml {
            return None;
        }
        if raw.body == old.raw.body {
            continue;
        }
        let key = crate::model::rel_key(&raw.rel);
        let input = crate::markdown::PageInput {
            body: &raw.body,
            body_line: raw.body_line,
            rel: &key,
            site_path: &old.path,
        };
        let rendered = crate::markdown::render(&input, &kept.site, kept.cleaner.as_ref());
        if !rendered.widgets.is_empty() || !rendered.widget_errors.is_empty() {
            return None;
        }
        let page = &mut kept.site.pages[id];
        page.raw = raw;
        page.rendered = rendered;
        ids.push(id);
    }
    if crate::model::links::check(&kept.site).has_errors() {
        return None;
    }

    let site = &kept.site;
    let mut wanted: HashSet<String> = ["/atom.xml", "/sitemap.xml", "/robots.txt"]
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
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
    let outputs = std::sync::Mutex::new(Vec::new());
    let sink = |output: Output| {
        outputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output);
        Ok(())
    };
    crate::render::render_selected(site, &kept.templates, &sink, &|p| wanted.contains(p)).ok()?;
    let outputs = outputs.into_inner().unwrap_or_else(|e| e.into_inner());
    if kept.cleaner.is_some() {
        let auditor = Auditor::new(&site.config.base_url(), &site.config.clean.image_hosts);
        for output in &outputs {
            auditor.scan(&output.path, &output.bytes, true);
        }
        if !auditor.finish().is_empty() {
            return None;
        }
    }
    Some(outputs)
}
