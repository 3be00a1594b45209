//! The reading order a book moved in from mdBook gives in `content/SUMMARY.md`: its table of
//! contents, a list of links to the chapters in the order they are read.
//!
//! Pages and sections are ordered by `weight`, then date, then title. A book's chapters carry
//! no weight and no date, so they would come in the order of their titles, and previous/next
//! would jump around the book. Where a chapter has no `weight`, its place in `SUMMARY.md`
//! (0, 1, 2, ...) is its weight instead; a section the summary does not link to (a folder with
//! no file introducing it) takes the first place of the pages it holds, at any depth.
//! `SUMMARY.md` itself stays a page, as every Markdown file is.

use std::collections::HashMap;
use std::path::Path;

use crate::markdown::LinkTarget;

use super::Site;

/// The file whose links give the reading order, relative to `content/`.
pub(crate) const SUMMARY_FILE: &str = "SUMMARY.md";

/// Each site path `content/SUMMARY.md` links to, with its place among those links (the first
/// link to a path counts); empty when there is no such page.
pub(crate) fn places(site: &Site) -> HashMap<String, i64> {
    let mut places = HashMap::new();
    let summary = site
        .pages
        .iter()
        .find(|page| page.raw.rel == Path::new(SUMMARY_FILE));
    for link in summary.iter().flat_map(|page| &page.rendered.links) {
        if let LinkTarget::Site { path, .. } = &link.target {
            let place = places.len() as i64;
            places.entry(path.clone()).or_insert(place);
        }
    }
    places
}

/// The place of each section (by id) in the reading order: its own when the summary links to
/// it, else the first place of the pages it holds, at any depth.
pub(crate) fn section_places(site: &Site, places: &HashMap<String, i64>) -> Vec<Option<i64>> {
    let mut held: Vec<Option<i64>> = vec![None; site.sections.len()];
    for page in &site.pages {
        let Some(&place) = places.get(&page.path) else {
            continue;
        };
        let mut section = Some(page.section);
        while let Some(id) = section {
            held[id] = Some(held[id].map_or(place, |first| first.min(place)));
            section = site.sections[id].parent;
        }
    }
    site.sections
        .iter()
        .zip(held)
        .map(|(section, held)| places.get(&section.path).copied().or(held))
        .collect()
}
