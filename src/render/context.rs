//! Template variables: what each kind of output page receives, as plain serializable structs.
//!
//! These structs *are* the template API documented in the README, so they are kept apart from
//! the model (which may change shape) and from the rendering loop. Paths in them already carry
//! the base-URL prefix, so templates can use them in `href` as they are.

use std::collections::HashSet;

use serde::Serialize;

use crate::markdown::{Heading, LinkTarget};
use crate::model::{Page, PageId, Section, SectionId, Site, Taxonomy};

/// `config`: the site settings templates need.
#[derive(Debug, Serialize)]
pub(crate) struct ConfigCtx<'a> {
    /// Site title.
    pub title: &'a str,
    /// Base URL with one trailing slash.
    pub base_url: String,
    /// Language tag.
    pub language: &'a str,
    /// Site description.
    pub description: &'a str,
    /// Free-form values from `site.yaml`.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// A titled link, for navigation, breadcrumbs, prev/next and terms.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct LinkCtx {
    /// Link text.
    pub title: String,
    /// `href` value.
    pub path: String,
}

/// One table-of-contents entry with the entries nested under it.
#[derive(Debug, Serialize)]
pub(crate) struct TocEntry {
    /// Heading level (2 for `##`).
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Heading text.
    pub title: String,
    /// Deeper headings under this one.
    pub children: Vec<TocEntry>,
}

/// A page as listed in a section, term or home page.
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub(crate) struct PageSummaryCtx {
    /// Title.
    pub title: String,
    /// `href` value.
    pub path: String,
    /// One-paragraph summary (plain text).
    pub summary: String,
    /// RFC 3339 date, or null.
    pub date: Option<String>,
    /// Human date, or null.
    pub date_display: Option<String>,
    /// Minutes.
    pub reading_time: usize,
}

/// `page`: everything about the page being rendered.
#[derive(Debug, Serialize)]
pub(crate) struct PageCtx {
    /// Title.
    pub title: String,
    /// The page's `<h1>`: the body's opening `# Heading`, else the title.
    pub heading: String,
    /// Meta description (front matter `description`, else the summary).
    pub description: String,
    /// Summary for lists.
    pub summary: String,
    /// Rendered body HTML (print with `| safe`).
    pub content: String,
    /// Nested table of contents.
    pub toc: Vec<TocEntry>,
    /// Whether to show the table of contents.
    pub show_toc: bool,
    /// RFC 3339 publication date, or null.
    pub date: Option<String>,
    /// Human publication date.
    pub date_display: Option<String>,
    /// RFC 3339 update date, or null.
    pub updated: Option<String>,
    /// Human update date.
    pub updated_display: Option<String>,
    /// Tags with their term-page links.
    pub tags: Vec<LinkCtx>,
    /// Categories with their term-page links.
    pub categories: Vec<LinkCtx>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Preview image as an absolute URL, or null.
    pub thumbnail: Option<String>,
    /// `href` of this page.
    pub path: String,
    /// Absolute URL.
    pub permalink: String,
    /// Minutes to read (200 words a minute).
    pub reading_time: usize,
    /// Words.
    pub word_count: usize,
    /// Front matter weight, or null.
    pub weight: Option<i64>,
    /// Live checks this guide is about.
    pub checks: Vec<String>,
    /// Unknown front matter keys.
    pub extra: serde_json::Value,
    /// Home → … → parent section.
    pub breadcrumbs: Vec<LinkCtx>,
    /// Previous page in the section.
    pub prev: Option<LinkCtx>,
    /// Next page in the section.
    pub next: Option<LinkCtx>,
    /// The section the page is in.
    pub section: LinkCtx,
    /// JSON-LD `Article` object (print with `| safe` inside a ld+json script).
    pub json_ld: String,
}

/// `section`: a section (or the home page) with its pages and subsections.
#[derive(Debug, Serialize)]
pub(crate) struct SectionCtx {
    /// Title.
    pub title: String,
    /// The heading its page shows: the `# Heading` its text opens with, else the title.
    pub heading: String,
    /// Description from `_index.md`.
    pub description: String,
    /// Rendered `_index.md` body.
    pub content: String,
    /// `href` of the section.
    pub path: String,
    /// Absolute URL.
    pub permalink: String,
    /// Pages in order.
    pub pages: Vec<PageSummaryCtx>,
    /// Subsections in order.
    pub subsections: Vec<SubsectionCtx>,
    /// The pages its own text (`content`) does not link to, in order: the home page lists
    /// only these, so a home page that links to everything repeats no list.
    pub unlinked_pages: Vec<PageSummaryCtx>,
    /// The subsections its own text does not link to, in order.
    pub unlinked_subsections: Vec<SubsectionCtx>,
    /// Home → … → parent.
    pub breadcrumbs: Vec<LinkCtx>,
}

/// A subsection as listed in its parent.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct SubsectionCtx {
    /// Title.
    pub title: String,
    /// `href`.
    pub path: String,
    /// Description from its `_index.md`.
    pub description: String,
    /// Pages directly in it.
    pub page_count: usize,
}

/// A term with how many pages carry it, for taxonomy list pages.
#[derive(Debug, Serialize)]
pub(crate) struct TermCtx {
    /// Term name.
    pub name: String,
    /// `href` of its page.
    pub path: String,
    /// Pages.
    pub count: usize,
}

/// `taxonomy`: a taxonomy and its terms.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyCtx {
    /// Name (`tags`).
    pub name: String,
    /// `href` of its list page.
    pub path: String,
    /// Terms by name.
    pub terms: Vec<TermCtx>,
    /// The home page.
    pub breadcrumbs: Vec<LinkCtx>,
}

/// `term`: one term's page.
#[derive(Debug, Serialize)]
pub(crate) struct TermPageCtx {
    /// Term name.
    pub name: String,
    /// `href`.
    pub path: String,
    /// Pages carrying it, newest first.
    pub pages: Vec<PageSummaryCtx>,
    /// The home page, then the taxonomy's list page.
    pub breadcrumbs: Vec<LinkCtx>,
}

/// Builds template values from the model.
pub(crate) struct ContextBuilder<'a> {
    site: &'a Site,
    prefix: &'a str,
}

impl<'a> ContextBuilder<'a> {
    /// For one site.
    pub(crate) fn new(site: &'a Site) -> Self {
        Self {
            site,
            prefix: site.prefix(),
        }
    }

    /// `href` for a site path.
    pub(crate) fn href(&self, site_path: &str) -> String {
        format!("{}{site_path}", self.prefix)
    }

    /// `config`.
    pub(crate) fn config(&self) -> ConfigCtx<'a> {
        let c = &self.site.config;
        ConfigCtx {
            title: &c.title,
            base_url: c.base_url(),
            language: &c.language,
            description: &c.description,
            extra: &c.extra,
        }
    }

    /// `nav`: the top-level sections.
    pub(crate) fn nav(&self) -> Vec<LinkCtx> {
        self.site
            .home()
            .subsections
            .iter()
            .map(|id| self.section_link(*id))
            .collect()
    }

    fn section_link(&self, id: SectionId) -> LinkCtx {
        let s = &self.site.sections[id];
        LinkCtx {
            title: s.title.clone(),
            path: self.href(&s.path),
        }
    }

    fn page_link(&self, id: PageId) -> LinkCtx {
        let p = &self.site.pages[id];
        LinkCtx {
            title: p.title.clone(),
            path: self.href(&p.path),
        }
    }

    /// The breadcrumbs of a taxonomy's list page (home) or, with `taxonomy`, of one of its
    /// terms (home, then the list page named with a capital, `Tags`).
    pub(crate) fn taxonomy_breadcrumbs(&self, taxonomy: Option<&Taxonomy>) -> Vec<LinkCtx> {
        let mut crumbs = self.breadcrumbs(0);
        crumbs.extend(taxonomy.map(|t| {
            let mut letters = t.name.chars();
            let title = letters
                .next()
                .map(|first| first.to_uppercase().chain(letters).collect())
                .unwrap_or_default();
            LinkCtx {
                title,
                path: self.href(&t.path),
            }
        }));
        crumbs
    }

    /// Breadcrumbs: home and every section down to `id` inclusive.
    pub(crate) fn breadcrumbs(&self, id: SectionId) -> Vec<LinkCtx> {
        self.site
            .ancestors(id)
            .into_iter()
            .map(|s| self.section_link(s))
            .collect()
    }

    /// A page as a list entry.
    pub(crate) fn summary(&self, id: PageId) -> PageSummaryCtx {
        let p = &self.site.pages[id];
        PageSummaryCtx {
            title: p.title.clone(),
            path: self.href(&p.path),
            summary: summary_text(p),
            date: p.raw.front.date.map(|d| d.rfc3339()),
            date_display: p.raw.front.date.map(|d| d.display()),
            reading_time: reading_time(p.rendered.words),
        }
    }

    /// `page` for one page.
    pub(crate) fn page(&self, id: PageId) -> PageCtx {
        let p = &self.site.pages[id];
        let front = &p.raw.front;
        let summary = summary_text(p);
        let description = front.description.clone().unwrap_or_else(|| summary.clone());
        let permalink = self.site.config.permalink(&p.path);
        let terms = |taxonomy: &str, names: &[String]| -> Vec<LinkCtx> {
            let Some(taxonomy) = self.site.taxonomies.iter().find(|t| t.name == taxonomy) else {
                return Vec::new();
            };
            names
                .iter()
                .filter_map(|n| {
                    let path = crate::model::term_path(&taxonomy.path, n)?;
                    let term = taxonomy.terms.iter().find(|t| t.path == path);
                    Some(LinkCtx {
                        title: term.map_or_else(|| n.clone(), |t| t.name.clone()),
                        path: self.href(&path),
                    })
                })
                .collect()
        };
        let thumbnail = front.thumbnail.as_ref().map(|t| {
            if crate::markdown::is_external(t) {
                t.clone()
            } else {
                self.site.config.permalink(t)
            }
        });
        let json_ld = json_ld(p, &description, &permalink, &self.site.config.language);
        PageCtx {
            title: p.title.clone(),
            heading: p.heading.clone(),
            description,
            summary,
            content: p.rendered.html.clone(),
            toc: nest_toc(&p.rendered.headings),
            show_toc: front
                .toc
                .unwrap_or(p.rendered.headings.iter().filter(|h| h.level >= 2).count() >= 2),
            date: front.date.map(|d| d.rfc3339()),
            date_display: front.date.map(|d| d.display()),
            updated: front.updated.map(|d| d.rfc3339()),
            updated_display: front.updated.map(|d| d.display()),
            tags: terms("tags", &front.tags),
            categories: terms("categories", &front.categories),
            keywords: front.keywords.clone(),
            thumbnail,
            path: self.href(&p.path),
            permalink,
            reading_time: reading_time(p.rendered.words),
            word_count: p.rendered.words,
            weight: front.weight,
            checks: front.checks.clone(),
            extra: serde_json::to_value(&front.extra).unwrap_or_default(),
            breadcrumbs: self.breadcrumbs(p.section),
            prev: p.prev.map(|id| self.page_link(id)),
            next: p.next.map(|id| self.page_link(id)),
            section: self.section_link(p.section),
            json_ld,
        }
    }

    /// `section` for one section.
    pub(crate) fn section(&self, id: SectionId) -> SectionCtx {
        let s: &Section = &self.site.sections[id];
        let front = s.raw.as_ref().map(|r| &r.front);
        let mut breadcrumbs = self.breadcrumbs(id);
        breadcrumbs.pop();
        let linked: HashSet<&str> = s
            .rendered
            .links
            .iter()
            .filter(|l| l.widget.is_none())
            .filter_map(|l| match &l.target {
                LinkTarget::Site { path, .. } => Some(path.as_str()),
                _ => None,
            })
            .collect();
        let pages: Vec<PageSummaryCtx> = s.pages.iter().map(|p| self.summary(*p)).collect();
        let subsections: Vec<SubsectionCtx> = s
            .subsections
            .iter()
            .map(|sub| {
                let sub_section = &self.site.sections[*sub];
                SubsectionCtx {
                    title: sub_section.title.clone(),
                    path: self.href(&sub_section.path),
                    description: sub_section
                        .raw
                        .as_ref()
                        .and_then(|r| r.front.description.clone())
                        .unwrap_or_default(),
                    page_count: sub_section.pages.len(),
                }
            })
            .collect();
        let unlinked_pages = unlinked(
            s.pages.iter().map(|p| self.site.pages[*p].path.as_str()),
            &pages,
            &linked,
        );
        let unlinked_subsections = unlinked(
            s.subsections
                .iter()
                .map(|sub| self.site.sections[*sub].path.as_str()),
            &subsections,
            &linked,
        );
        SectionCtx {
            title: s.title.clone(),
            heading: s.heading.clone(),
            description: front
                .and_then(|f| f.description.clone())
                .unwrap_or_default(),
            content: s.rendered.html.clone(),
            path: self.href(&s.path),
            permalink: self.site.config.permalink(&s.path),
            pages,
            subsections,
            unlinked_pages,
            unlinked_subsections,
            breadcrumbs,
        }
    }
}

/// The entries (`entries[i]` is the one at site path `paths[i]`) whose path is not `linked`.
fn unlinked<'a, T: Clone>(
    paths: impl Iterator<Item = &'a str>,
    entries: &[T],
    linked: &HashSet<&str>,
) -> Vec<T> {
    paths
        .zip(entries)
        .filter(|(path, _)| !linked.contains(path))
        .map(|(_, entry)| entry.clone())
        .collect()
}

/// Front matter `excerpt`, else the text before `<!-- more -->`, else the first paragraph.
fn summary_text(p: &Page) -> String {
    if let Some(excerpt) = p
        .raw
        .front
        .excerpt
        .as_ref()
        .or(p.raw.front.description.as_ref())
    {
        return excerpt.clone();
    }
    let text = p
        .rendered
        .summary
        .as_ref()
        .unwrap_or(&p.rendered.first_paragraph);

    if text.chars().count() <= 240 {
        return text.clone();
    }
    let cut: String = text.chars().take(240).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

/// Nests a flat heading list: each heading holds the deeper ones that follow it.
fn nest_toc(headings: &[Heading]) -> Vec<TocEntry> {
    fn take(headings: &[Heading], i: &mut usize, level: u8) -> Vec<TocEntry> {
        let mut entries = Vec::new();
        while *i < headings.len() && headings[*i].level >= level {
            let h = &headings[*i];
            *i += 1;
            let children = take(headings, i, h.level + 1);
            entries.push(TocEntry {
                level: h.level,
                id: h.id.clone(),
                title: h.title.clone(),
                children,
            });
        }
        entries
    }
    let listed: Vec<Heading> = headings.iter().filter(|h| h.level >= 2).cloned().collect();
    let top = listed.iter().map(|h| h.level).min().unwrap_or(2);
    let mut i = 0;
    take(&listed, &mut i, top)
}

fn json_ld(p: &Page, description: &str, permalink: &str, language: &str) -> String {
    let front = &p.raw.front;
    let mut article = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": p.title,
        "description": description,
        "url": permalink,
        "mainEntityOfPage": permalink,
        "inLanguage": language,
    });
    if let Some(date) = front.date {
        article["datePublished"] = date.rfc3339().into();
        article["dateModified"] = front.updated.unwrap_or(date).rfc3339().into();
    } else if let Some(updated) = front.updated {
        article["dateModified"] = updated.rfc3339().into();
    }
    if !front.keywords.is_empty() {
        article["keywords"] = front.keywords.join(", ").into();
    }
    // `</` must not appear inside a <script> element, whatever the page title holds.
    article.to_string().replace("</", "<\\/")
}
