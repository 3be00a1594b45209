//! Clean stage: raw HTML in guides is untrusted; keep what is legitimate, remove the rest.
//!
//! It runs per page after the Markdown stage, and only on the parts of a page that came from raw
//! HTML in the source (the Markdown stage hands over pure-Markdown parts as escaped, URL-checked
//! HTML that needs no second look). Each raw part goes through two layers:
//!
//! 1. the ad and tracker layer, on a parsed DOM: regions between ad comment markers; elements
//!    whose URL-bearing attributes (the table in [`crate::url_policy`]) match a network rule
//!    (EasyList syntax, via [`rules`]); cosmetic rules and configured selectors; tracking
//!    pixels; a link left wrapping nothing but a removed ad; loads of third-party resources. Everything removed is recorded with its
//!    source line (the Markdown stage leaves `<!--gp:LINE-->` markers) for the page's report;
//! 2. the ammonia allowlist ([`sanitize`]), which alone decides what reaches the output: only
//!    listed tags and attributes, only safe URL schemes. What it will drop is found first, from
//!    the same tables, and reported like the rest (`dropped`).

mod dropped;
pub mod markers;
pub mod report;
pub mod rules;
pub mod sanitize;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use ego_tree::NodeId;
use html5ever::{LocalName, QualName, ns};
use scraper::{Html, Node, Selector};

use crate::config::CleanConfig;
use crate::diagnostic::Diagnostic;
use crate::url_policy::{
    ALLOWED_SCHEMES, HTTPS_ADVICE, ImageHost, ImageHosts, Purpose, UrlKind, absolute, classify,
    css, host_of, is_event_handler, reports_clicks, scheme_allowed, url_attribute, urls_inside,
};
use markers::{Markers, Regions, Step};
pub use report::{CleanReport, CleanWarning, Removal, RemovalKind};
use rules::Rules;
use sanitize::TagFate;

/// Elements removed with their content wherever they appear in raw HTML.
const BLOCKED_TAGS: &[(&str, RemovalKind)] = &[
    ("script", RemovalKind::Script),
    ("noscript", RemovalKind::Script),
    ("template", RemovalKind::Script),
    ("style", RemovalKind::Style),
    ("link", RemovalKind::Style),
    ("iframe", RemovalKind::Embed),
    ("frame", RemovalKind::Embed),
    ("frameset", RemovalKind::Embed),
    ("object", RemovalKind::Embed),
    ("embed", RemovalKind::Embed),
    ("applet", RemovalKind::Embed),
    ("portal", RemovalKind::Embed),
    ("form", RemovalKind::Form),
    ("base", RemovalKind::Script),
    ("meta", RemovalKind::Script),
];

/// How the report's detail of a link removed because all it wrapped was removed begins.
pub const EMPTIED_LINK: &str = "link that only wrapped";

/// What the cleaner does with one attribute of an element it keeps.
#[derive(Debug, PartialEq, Eq)]
enum AttributeFate {
    /// It stays.
    Keep,
    /// It stays, and the element is a link to another site (it gets our `rel`).
    ExternalLink,
    /// It goes, reported as this.
    Drop(RemovalKind, String),
    /// It goes without a word: `rel`, which external links get from us.
    Replace,
}

/// Removes ads, trackers and anything unsafe from raw HTML; shared by all pages of a build.
pub struct Cleaner {
    rules: Rules,
    sanitizer: ammonia::Builder<'static>,
    own_host: String,
    markers: Markers,
    selectors: Vec<(String, Selector)>,
    image_hosts: ImageHosts,
    external_rel: String,
    selector_cache: Mutex<HashMap<String, Option<Selector>>>,
    /// Link schemes the site allows besides the built-in ones (`clean.allowed_schemes`).
    allowed_schemes: Vec<String>,
}

impl Cleaner {
    /// Builds the cleaner from the `clean` settings; `site_url` is the site's base URL.
    pub fn new(
        config: &CleanConfig,
        root: &Path,
        site_url: &str,
    ) -> Result<Cleaner, Vec<Diagnostic>> {
        let rules = Rules::load(root, &config.rule_lists, site_url)?;
        let mut problems = Vec::new();
        let mut selectors = Vec::new();
        for text in config
            .remove_selectors
            .iter()
            .chain(rules.generic_selectors.iter())
        {
            match Selector::parse(text) {
                Ok(selector) => selectors.push((text.clone(), selector)),
                Err(e) if config.remove_selectors.contains(text) => problems.push(
                    Diagnostic::error(
                        "site.yaml",
                        0,
                        0,
                        format!("clean.remove_selectors: `{text}` is not a CSS selector: {e}"),
                    )
                    .with_hint("write a CSS selector, e.g. `.link-farm` or `div.sponsored`"),
                ),
                // Rule lists carry selectors for other engines' extensions (`:has-text`, ...):
                // those cannot match here and are skipped.
                Err(_) => {}
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut external_rel = "noopener noreferrer".to_owned();
        if config.nofollow {
            external_rel.push_str(" nofollow");
        }
        // Only schemes that open an application: one that can run code is never allowed, even
        // when a configuration that skipped `site.yaml`'s checks lists it.
        let allowed_schemes: Vec<String> = config
            .allowed_schemes
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .filter(|s| matches!(classify(&format!("{s}:x"), ""), UrlKind::Scheme(_)))
            .collect();
        let schemes: Vec<&'static str> = ALLOWED_SCHEMES
            .iter()
            .copied()
            .chain(allowed_schemes.iter().map(|s| intern(s)))
            .collect();
        Ok(Cleaner {
            rules,
            sanitizer: sanitize::builder(&schemes),
            own_host: host_of(site_url),
            markers: Markers::new(&config.ad_markers),
            selectors,
            image_hosts: ImageHosts::new(&config.image_hosts, site_url),
            external_rel,
            selector_cache: Mutex::new(HashMap::new()),
            allowed_schemes,
        })
    }

    /// Whether links may use `scheme` on this site.
    pub fn allows_scheme(&self, scheme: &str) -> bool {
        scheme_allowed(scheme, &self.allowed_schemes)
    }

    /// The `rel` value given to links to other sites.
    pub fn external_rel(&self) -> &str {
        &self.external_rel
    }

    /// The ad markers, for the Markdown stage to keep a marked region together and for import.
    pub fn markers(&self) -> &Markers {
        &self.markers
    }

    /// Decides about a URL written as a Markdown link (`image` false) or image (`image` true):
    /// `None` keeps it, `Some(kind)` says why it must go.
    pub fn judge_markdown_url(&self, url: &str, image: bool) -> Option<RemovalKind> {
        match classify(url, &self.own_host) {
            UrlKind::Internal | UrlKind::Contact => None,
            UrlKind::DataImage if image => None,
            UrlKind::Scheme(scheme) if !image && self.allows_scheme(&scheme) => None,
            UrlKind::Scheme(_) => Some(RemovalKind::NotAllowed),
            UrlKind::DataImage | UrlKind::Dangerous(_) => Some(RemovalKind::DangerousUrl),
            UrlKind::External(host) => {
                if self
                    .rules
                    .blocks(url, if image { "image" } else { "other" })
                {
                    Some(RemovalKind::AdNetwork)
                } else if image && self.image_hosts.judge(url, &host) != ImageHost::Allowed {
                    Some(RemovalKind::RemoteResource)
                } else {
                    None
                }
            }
        }
    }

    /// What to tell the author about a Markdown image the cleaner refused, beyond its URL: an
    /// allowed host written with `http:` needs `https:`.
    pub fn image_advice(&self, url: &str) -> Option<&'static str> {
        match classify(url, &self.own_host) {
            UrlKind::External(host)
                if self.image_hosts.judge(url, &host) == ImageHost::PlainHttp =>
            {
                Some(HTTPS_ADVICE)
            }
            _ => None,
        }
    }

    /// Whether a URL points to another site (links to it get `rel`).
    pub fn is_external(&self, url: &str) -> bool {
        matches!(classify(url, &self.own_host), UrlKind::External(_))
    }

    /// Cleans one fragment of raw HTML (with `<!--gp:LINE-->` markers) and says what went.
    pub fn clean_fragment(&self, html: &str, first_line: usize) -> (String, CleanReport) {
        let mut doc = Html::parse_fragment(html);
        let mut pass = Pass {
            doc: &doc,
            cleaner: self,
            lines: HashMap::new(),
            doomed: HashMap::new(),
            warnings: Vec::new(),
        };
        pass.assign_lines(first_line);
        pass.mark_regions();
        pass.mark_cosmetic();
        pass.mark_elements();
        let Pass {
            lines,
            doomed,
            warnings,
            ..
        } = pass;
        let mut removals = apply(&mut doc, &lines, doomed);
        removals.extend(self.finish_attributes(&mut doc, &lines));
        removals.extend(dropped::dropped(&doc, &lines, &|s| self.allows_scheme(s)));
        let kept = doc.root_element().inner_html();
        let report = CleanReport { removals, warnings };
        (self.sanitizer.clean(&kept).to_string(), report)
    }

    /// Drops attributes that must not reach ammonia's allowlist unnoticed and marks external
    /// links; records event handlers, dangerous URLs and CSS that loads resources.
    fn finish_attributes(&self, doc: &mut Html, lines: &HashMap<NodeId, usize>) -> Vec<Removal> {
        // Only nodes still in the tree: removed ones stay in the arena, detached.
        let ids: Vec<NodeId> = doc
            .tree
            .root()
            .descendants()
            .filter(|n| n.value().is_element())
            .map(|n| n.id())
            .collect();
        let mut removals = Vec::new();

        for id in ids {
            let line = lines.get(&id).copied().unwrap_or(0);
            let Some(mut node) = doc.tree.get_mut(id) else {
                continue;
            };
            let Node::Element(element) = node.value() else {
                continue;
            };
            let tag = element.name.local.to_string();
            // Decided on the attributes as written: what one means can depend on another
            // (`rel`, `http-equiv`).
            let other = |wanted: &str| attribute_as_written(element, wanted);
            let fates: Vec<AttributeFate> = element
                .attrs
                .iter()
                .map(|(name, value)| self.attribute_fate(&tag, &qual_name(name), value, &other))
                .collect();
            let external_link = fates.contains(&AttributeFate::ExternalLink);
            let mut fates = fates.into_iter();
            element.attrs.retain(|_| match fates.next() {
                Some(AttributeFate::Drop(kind, detail)) => {
                    removals.push(Removal::new(kind, line, detail));
                    false
                }
                Some(AttributeFate::Replace) => false,
                _ => true,
            });
            if external_link {
                element.attrs.push((
                    QualName::new(None, ns!(), LocalName::from("rel")),
                    self.external_rel.as_str().into(),
                ));
            }
        }
        removals
    }

    /// What [`Cleaner::finish_attributes`] does with `attr="value"` on a `tag`; `other` reads
    /// another attribute of the element.
    fn attribute_fate(
        &self,
        tag: &str,
        attr: &str,
        value: &str,
        other: &impl Fn(&str) -> Option<String>,
    ) -> AttributeFate {
        if reports_clicks(attr) {
            let host = host_of(&absolute(value));
            let to = if host.is_empty() {
                String::new()
            } else {
                format!(" to {host}")
            };
            let detail = format!("{attr}{to} on <{tag}>");
            return AttributeFate::Drop(RemovalKind::TrackingAttribute, detail);
        }
        if is_event_handler(attr) {
            let detail = format!("{attr} on <{tag}>");
            return AttributeFate::Drop(RemovalKind::EventHandler, detail);
        }
        // Other styles are the allowlist's to judge (and `dropped`'s to report).
        if attr == "style" && css::loads_or_runs(value) {
            let detail = format!("style with a URL or CSS expression on <{tag}>");
            return AttributeFate::Drop(RemovalKind::Style, detail);
        }
        if attr == "rel" {
            return AttributeFate::Replace;
        }
        let Some(attribute) = url_attribute(tag, attr, other) else {
            return AttributeFate::Keep;
        };
        let mut fate = AttributeFate::Keep;
        for url in attribute.urls(value) {
            match classify(url, &self.own_host) {
                UrlKind::Dangerous(scheme) => {
                    let detail = format!("{scheme}: URL in {attr} of <{tag}>");
                    return AttributeFate::Drop(RemovalKind::DangerousUrl, detail);
                }
                UrlKind::Scheme(scheme)
                    if !(tag == "a" && attr == "href" && self.allows_scheme(&scheme)) =>
                {
                    let detail = format!(
                        "{scheme}: URL in {attr} of <{tag}> (scheme not allowed on this site; \
                         clean.allowed_schemes in site.yaml allows it)"
                    );
                    return AttributeFate::Drop(RemovalKind::NotAllowed, detail);
                }
                UrlKind::DataImage if !(tag == "img" && attr == "src") => {
                    let detail = format!("data: URL in {attr} of <{tag}>");
                    return AttributeFate::Drop(RemovalKind::DangerousUrl, detail);
                }
                UrlKind::External(_) if tag == "a" && attr == "href" => {
                    fate = AttributeFate::ExternalLink;
                }
                _ => {}
            }
        }
        fate
    }

    fn compiled(&self, text: &str) -> Option<Selector> {
        let mut cache = self
            .selector_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        cache
            .entry(text.to_owned())
            .or_insert_with(|| Selector::parse(text).ok())
            .clone()
    }
}

/// State of one fragment's ad-and-tracker pass: which nodes go, and why.
struct Pass<'a> {
    doc: &'a Html,
    cleaner: &'a Cleaner,
    lines: HashMap<NodeId, usize>,
    doomed: HashMap<NodeId, Removal>,
    warnings: Vec<CleanWarning>,
}

impl Pass<'_> {
    /// Gives every node the source line of the nearest `<!--gp:LINE-->` before it.
    fn assign_lines(&mut self, first_line: usize) {
        let mut line = first_line;
        for node in self.doc.tree.root().descendants() {
            if let Node::Comment(c) = node.value()
                && let Some(n) = c.comment.strip_prefix("gp:").and_then(|n| n.parse().ok())
            {
                line = n;
            }
            self.lines.insert(node.id(), line);
        }
    }

    fn line(&self, id: NodeId) -> usize {
        self.lines.get(&id).copied().unwrap_or(0)
    }

    fn doom(&mut self, id: NodeId, kind: RemovalKind, detail: String) {
        let line = self.line(id);
        self.doomed
            .entry(id)
            .or_insert_with(|| Removal::new(kind, line, detail));
    }

    /// Everything between an ad-begin and an ad-end comment (in document order) goes. A begin
    /// marker that no end marker follows removes nothing: it is a warning at its line.
    fn mark_regions(&mut self) {
        if self.cleaner.markers.is_empty() {
            return;
        }
        let order: Vec<NodeId> = self.doc.tree.root().descendants().map(|n| n.id()).collect();
        let mut walk = Regions::new(&self.cleaner.markers);
        let mut begin = 0; // index of the open region's begin marker
        let mut regions = Vec::new();
        for (index, id) in order.iter().enumerate() {
            let Some(node) = self.doc.tree.get(*id) else {
                continue;
            };
            let Node::Comment(c) = node.value() else {
                continue;
            };
            match walk.feed(&c.comment) {
                Step::Opened(_) => begin = index,
                Step::Closed => regions.push((begin, index)),
                Step::Nothing => {}
            }
        }
        if let Some(pair) = walk.open() {
            self.warnings.push(CleanWarning {
                line: self.line(order[begin]),
                message: markers::UNCLOSED.to_owned(),
                hint: format!(
                    "end the ad region with a comment matching `{}`, or delete this marker",
                    self.cleaner.markers.end_shown(pair)
                ),
            });
        }
        for (start, end) in regions {
            let end_ancestors: HashSet<NodeId> = order
                .get(end)
                .and_then(|id| self.doc.tree.get(*id))
                .map(|n| n.ancestors().map(|a| a.id()).collect())
                .unwrap_or_default();
            let begin_line = self.line(order[start]);
            let mut elements = 0;
            for id in &order[start..end] {
                if end_ancestors.contains(id) {
                    continue;
                }
                if self
                    .doc
                    .tree
                    .get(*id)
                    .is_some_and(|n| n.value().is_element())
                {
                    elements += 1;
                }
                self.doomed.entry(*id).or_insert_with(|| {
                    Removal::new(RemovalKind::AdRegion, begin_line, String::new())
                });
            }
            if let Some(end_id) = order.get(end) {
                self.doomed.entry(*end_id).or_insert_with(|| {
                    Removal::new(RemovalKind::AdRegion, begin_line, String::new())
                });
            }
            self.doomed.insert(
                order[start],
                Removal::new(
                    RemovalKind::AdRegion,
                    begin_line,
                    format!("ad region with {elements} element(s)"),
                ),
            );
        }
    }

    /// Cosmetic rules: configured selectors, generic rules, and rules keyed by the classes and
    /// ids this fragment uses.
    fn mark_cosmetic(&mut self) {
        let mut classes = HashSet::new();
        let mut ids = HashSet::new();
        for element in self.doc.tree.nodes().filter_map(|n| n.value().as_element()) {
            classes.extend(element.classes().map(str::to_owned));
            if let Some(id) = element.id() {
                ids.insert(id.to_owned());
            }
        }
        let classes: Vec<String> = classes.into_iter().collect();
        let ids: Vec<String> = ids.into_iter().collect();
        let keyed = self.cleaner.rules.class_id_selectors(&classes, &ids);
        let mut matched = Vec::new();
        for (text, selector) in &self.cleaner.selectors {
            matched.extend(self.doc.select(selector).map(|e| (e.id(), text.clone())));
        }
        for text in keyed {
            if let Some(selector) = self.cleaner.compiled(&text) {
                matched.extend(self.doc.select(&selector).map(|e| (e.id(), text.clone())));
            }
        }
        for (id, text) in matched {
            self.doom(id, RemovalKind::Cosmetic, format!("matches `{text}`"));
        }
    }

    /// Blocked tags, ad-network URLs, third-party resources and tracking pixels.
    fn mark_elements(&mut self) {
        let elements: Vec<NodeId> = self
            .doc
            .tree
            .nodes()
            .filter(|n| n.value().is_element())
            .map(|n| n.id())
            .collect();
        for id in elements {
            let Some(node) = self.doc.tree.get(id) else {
                continue;
            };
            // Inside an ad region or a removed element already: it goes anyway, unexamined.
            if std::iter::once(node)
                .chain(node.ancestors())
                .any(|n| self.doomed.contains_key(&n.id()))
            {
                continue;
            }
            let Some(element) = node.value().as_element() else {
                continue;
            };
            let tag = element.name.local.as_ref();
            if let Some((_, kind)) = BLOCKED_TAGS.iter().find(|(t, _)| *t == tag) {
                self.doom(id, *kind, format!("<{tag}>"));
                continue;
            }
            // The allowlist would drop it with its content; removed here, a link it leaves
            // empty goes too.
            if sanitize::tag_fate(tag) == TagFate::RemoveWithContent {
                let detail = format!("<{tag}> with its content");
                self.doom(id, RemovalKind::NotAllowed, detail);
                continue;
            }
            if tag == "img" && is_tracking_pixel(element) {
                self.doom(
                    id,
                    RemovalKind::TrackingPixel,
                    "hidden or 1-pixel image".to_owned(),
                );
                continue;
            }
            if let Some((kind, detail)) = self.judge_urls(tag, element) {
                self.doom(id, kind, detail);
            }
        }
    }

    fn judge_urls(
        &self,
        tag: &str,
        element: &scraper::node::Element,
    ) -> Option<(RemovalKind, String)> {
        let other = |wanted: &str| attribute_as_written(element, wanted);
        for (name, value) in element.attrs.iter() {
            let attr = qual_name(name);
            if attr == "style" {
                for url in css::loads(value) {
                    if let UrlKind::External(host) = classify(&url, &self.cleaner.own_host) {
                        return Some((
                            RemovalKind::RemoteResource,
                            format!("CSS loading from {host} on <{tag}>"),
                        ));
                    }
                }
                continue;
            }
            let Some(attribute) = url_attribute(tag, &attr, other) else {
                continue;
            };
            // Link targets are checked as `other`: filter lists do not apply plain rules to
            // top-level `document` navigations. Click reports go with their attribute alone
            // (`finish_attributes`), not with the link.
            let (request_type, loads) = match attribute.purpose {
                Purpose::Loads(resource) => (resource.request_type(), true),
                Purpose::Navigates => ("other", false),
                Purpose::ReportsClicks => continue,
            };
            for candidate in attribute.urls(value) {
                let kind = classify(candidate, &self.cleaner.own_host);
                if let UrlKind::Dangerous(scheme) = &kind {
                    // `javascript:window.open('https%3A%2F%2Fx.sjv.io%2F...')`: an ad behind script.
                    let opens_ad = urls_inside(candidate)
                        .into_iter()
                        .find(|u| self.cleaner.rules.blocks(u, "other"));
                    if let Some(target) = opens_ad {
                        let host = host_of(&target);
                        return Some((
                            RemovalKind::AdNetwork,
                            format!("{scheme}: link opening {host}"),
                        ));
                    }
                }
                if let UrlKind::External(host) = kind {
                    if self.cleaner.rules.blocks(candidate, request_type) {
                        return Some((RemovalKind::AdNetwork, format!("<{tag} {attr}> to {host}")));
                    }
                    if loads {
                        let why = match self.cleaner.image_hosts.judge(candidate, &host) {
                            ImageHost::Allowed => continue,
                            ImageHost::PlainHttp => {
                                format!(
                                    "<{tag} {attr}> loads from {host} over plain http: {HTTPS_ADVICE}"
                                )
                            }
                            ImageHost::NotAllowed => format!("<{tag} {attr}> loads from {host}"),
                        };
                        return Some((RemovalKind::RemoteResource, why));
                    }
                }
            }
        }
        None
    }
}

/// Removes the doomed nodes; a link left with nothing visible after an ad inside it went goes
/// too. Returns one record per removed thing (nested ones are not counted twice).
fn apply(
    doc: &mut Html,
    lines: &HashMap<NodeId, usize>,
    doomed: HashMap<NodeId, Removal>,
) -> Vec<Removal> {
    // Only the outermost doomed nodes are detached (their descendants go with them), decided on
    // the intact tree and in document order: detaching inside an already detached subtree can
    // meet sibling links the parser's adoption of misnested tags left half-updated.
    let tops: Vec<NodeId> = doc
        .tree
        .root()
        .descendants()
        .filter(|n| doomed.contains_key(&n.id()))
        .filter(|n| !n.ancestors().any(|a| doomed.contains_key(&a.id())))
        .map(|n| n.id())
        .collect();
    let mut removals = Vec::new();
    let mut emptied_links = Vec::new();
    for id in &tops {
        let Some(node) = doc.tree.get(*id) else {
            continue;
        };
        let record = &doomed[id];
        if !record.detail.is_empty() || record.kind != RemovalKind::AdRegion {
            removals.push(record.clone());
        }
        emptied_links.extend(
            node.ancestors()
                .filter(|a| is_link(a.value()))
                .map(|a| (a.id(), record.kind)),
        );
    }
    for id in tops {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
    for (id, kind) in emptied_links {
        let empty = doc.tree.get(id).is_some_and(|link| {
            link.parent().is_some()
                && !link.descendants().skip(1).any(|d| match d.value() {
                    Node::Text(t) => !t.trim().is_empty(),
                    Node::Element(e) => &*e.name.local != "br",
                    _ => false,
                })
        });
        if empty {
            let line = lines.get(&id).copied().unwrap_or(0);
            let what = if kind == RemovalKind::AdNetwork {
                "a removed ad"
            } else {
                "removed content"
            };
            removals.push(Removal::new(kind, line, format!("{EMPTIED_LINK} {what}")));
            if let Some(mut node) = doc.tree.get_mut(id) {
                node.detach();
            }
        }
    }
    removals
}

fn is_link(node: &Node) -> bool {
    node.as_element().is_some_and(|e| {
        &*e.name.local == "a"
            && e.attr("href").is_some()
            && e.attr("id").is_none()
            && e.attr("name").is_none()
    })
}

/// The value of `element`'s attribute `wanted` (ASCII case ignored, `prefix:name` for a
/// namespaced one), as written.
fn attribute_as_written(element: &scraper::node::Element, wanted: &str) -> Option<String> {
    element
        .attrs
        .iter()
        .find(|(name, _)| qual_name(name).eq_ignore_ascii_case(wanted))
        .map(|(_, value)| value.to_string())
}

fn qual_name(name: &QualName) -> String {
    match &name.prefix {
        Some(prefix) => format!("{prefix}:{}", name.local),
        None => name.local.to_string(),
    }
}

/// A 0- or 1-pixel image, or one hidden by its style: the classic tracking pixel.
fn is_tracking_pixel(img: &scraper::node::Element) -> bool {
    let tiny = |attr: &str| {
        img.attr(attr).map(|v| {
            v.trim()
                .trim_end_matches("px")
                .trim()
                .parse::<f32>()
                .is_ok_and(|n| n <= 1.0)
        })
    };
    let (w, h) = (tiny("width"), tiny("height"));
    if w == Some(true) && h != Some(false) || h == Some(true) && w != Some(false) {
        return true;
    }
    let style: String = img
        .attr("style")
        .unwrap_or("")
        .to_ascii_lowercase()
        .split_whitespace()
        .collect();
    [
        "display:none",
        "visibility:hidden",
        "opacity:0;",
        "width:0",
        "height:0",
        "width:1px",
        "height:1px",
    ]
    .iter()
    .any(|k| style.contains(k) || (k.ends_with(';') && style.ends_with(&k[..k.len() - 1])))
}
/// A scheme name that lives as long as the program, for ammonia's allowlist; each distinct
/// name is kept once.
fn intern(scheme: &str) -> &'static str {
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = names.iter().find(|n| **n == scheme) {
        return known;
    }
    let leaked: &'static str = Box::leak(scheme.to_owned().into_boxed_str());
    names.push(leaked);
    leaked
}
