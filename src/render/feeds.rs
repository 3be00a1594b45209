//! Machine-read files: the Atom feed, `sitemap.xml`, `robots.txt`, the default stylesheet and
//! the default favicon.
//!
//! They are generated in code rather than templates because their formats are fixed and XML
//! escaping mistakes there break feed readers silently.

use crate::assets::FAVICON;
use crate::assets::compact::STYLE;
use crate::model::Site;

/// The fixed files that list pages (titles, dates, summaries): what an edit to a page's list
/// entry must write again.
pub(crate) const PAGE_LISTS: [&str; 2] = ["/atom.xml", "/sitemap.xml"];

/// `(site path, bytes)` of every fixed file.
pub(crate) fn fixed_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let [atom_path, sitemap_path] = PAGE_LISTS;
    let mut files = vec![
        (atom_path.to_owned(), atom(site).into_bytes()),
        (sitemap_path.to_owned(), sitemap(site).into_bytes()),
        ("/robots.txt".to_owned(), robots(site).into_bytes()),
    ];
    for (path, bytes) in defaults() {
        if !site.has_file_at(path) {
            files.push((path.to_owned(), bytes.to_vec()));
        }
    }
    files
}

/// Site paths of every file [`fixed_files`] may write.
pub(crate) const FIXED_FILES: [&str; 5] = [
    "/atom.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/style.css",
    "/favicon.svg",
];

/// The built-in files that a site's own file of the same path (`static/style.css`,
/// `static/favicon.svg`) replaces.
fn defaults() -> [(&'static str, &'static [u8]); 2] {
    [
        ("/style.css", STYLE.as_bytes()),
        ("/favicon.svg", FAVICON.as_bytes()),
    ]
}

/// How many files [`fixed_files`] writes, for progress.
pub(crate) fn fixed_files_count(site: &Site) -> usize {
    3 + defaults()
        .iter()
        .filter(|(path, _)| !site.has_file_at(path))
        .count()
}

/// Escapes text for XML content and attributes.
pub(crate) fn xml_escape(text: &str) -> String {
    crate::markdown::escape_attr(text).replace("&#39;", "&apos;")
}

fn atom(site: &Site) -> String {
    let config = &site.config;
    let newest = site.pages_by_date();
    let updated = newest
        .first()
        .and_then(|id| {
            let f = &site.pages[*id].raw.front;
            f.updated.or(f.date)
        })
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&config.language)
    ));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(&config.title)));
    if !config.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(&config.description)
        ));
    }
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&config.permalink("/atom.xml"))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&config.base_url())
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n  <updated>{updated}</updated>\n",
        xml_escape(&config.base_url())
    ));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&config.title)
    ));
    for id in newest
        .into_iter()
        .filter(|id| site.pages[*id].raw.front.date.is_some())
        .take(config.feed_limit)
    {
        let page = &site.pages[id];
        let front = &page.raw.front;
        let url = config.permalink(&page.path);
        let published = front.date.map(|d| d.rfc3339()).unwrap_or_default();
        let entry_updated = front
            .updated
            .or(front.date)
            .map(|d| d.rfc3339())
            .unwrap_or_default();
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&page.title)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        xml.push_str(&format!(
            "    <published>{published}</published>\n    <updated>{entry_updated}</updated>\n"
        ));
        let summary = front
            .excerpt
            .as_ref()
            .or(front.description.as_ref())
            .cloned()
            .unwrap_or_else(|| page.rendered.first_paragraph.clone());
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&summary)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

fn sitemap(site: &Site) -> String {
    let config = &site.config;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for section in &site.sections {
        let last = section
            .pages
            .iter()
            .filter_map(|id| {
                let f = &site.pages[*id].raw.front;
                f.updated.or(f.date)
            })
            .max();
        entries.push((section.path.clone(), last.map(|d| d.ymd())));
    }
    for page in &site.pages {
        let f = &page.raw.front;
        entries.push((page.path.clone(), f.updated.or(f.date).map(|d| d.ymd())));
    }
    for taxonomy in &site.taxonomies {
        entries.push((taxonomy.path.clone(), None));
        entries.extend(taxonomy.terms.iter().map(|t| (t.path.clone(), None)));
    }
    entries.sort();
    for (path, lastmod) in entries {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            xml_escape(&config.permalink(&path))
        ));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn robots(site: &Site) -> String {
    if site.preview {
        return "# A private preview built with one PC's status report: not for search engines.\n\
                User-agent: *\nDisallow: /\n"
            .to_owned();
    }
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.permalink("/sitemap.xml")
    )
}
