//! Raw HTML of an article turned into Markdown, minus what the cleaner condemned.
//!
//! The walk goes over the parsed HTML with the cleaner's verdicts ([`super::judge`]) at hand:
//! a condemned element is left out and reported; the rest becomes Markdown where Markdown has
//! the same construct (`**`, `*`, links, images, lists, headings, code, simple tables) and stays
//! HTML where it has not (`<kbd>`, `<sup>`, `<details>`, tables with merged cells), written
//! with only the attributes the build's allowlist keeps. Two things the cleaner does not know
//! about are recognized here: link farms ("Also read:" and a list of links to other sites) and
//! short affiliate disclaimers. Remote images are kept and listed: the author replaces them.

use std::collections::HashSet;

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use super::detect;
use super::escape::{self, Context};
use super::inline::{self, Inline};
use super::judge::Judged;
use super::report::Findings;
use crate::clean::sanitize;
use crate::clean::{Cleaner, RemovalKind};
use crate::slug::slugify;
use crate::url_policy::{UrlKind, classify, host_of, is_event_handler, reports_clicks};

type N<'a> = NodeRef<'a, Node>;

/// How an element is written.
enum Class {
    /// Becomes one or more Markdown blocks of its own.
    Block,
    /// Holds blocks; only its content is written.
    Container,
    /// Inline content: formatting, links, images, code.
    Inline,
    /// Only its content is written, in whatever context it stands.
    Transparent,
    /// Left out with its content; `report` when the author should know.
    Drop {
        /// Whether the removal is listed.
        report: bool,
    },
}

fn class(tag: &str) -> Class {
    match tag {
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "menu" | "blockquote"
        | "pre" | "table" | "details" | "dl" | "hr" | "li" => Class::Block,
        "div" | "section" | "article" | "main" | "header" | "footer" | "nav" | "aside"
        | "center" | "address" | "figure" | "figcaption" | "hgroup" | "fieldset" | "legend"
        | "body" | "html" | "dd" | "dt" | "summary" | "caption" | "thead" | "tbody" | "tfoot"
        | "tr" | "td" | "th" => Class::Container,
        "a" | "b" | "strong" | "i" | "em" | "del" | "s" | "strike" | "code" | "tt" | "br"
        | "img" | "input" | "kbd" | "sub" | "sup" | "mark" | "abbr" | "ins" | "q" | "cite"
        | "var" | "samp" | "dfn" | "time" | "u" | "small" | "bdi" | "bdo" | "ruby" | "rt"
        | "rp" | "wbr" => Class::Inline,
        "svg" | "math" | "textarea" | "select" | "button" | "video" | "audio" | "canvas"
        | "dialog" | "map" | "object" | "embed" | "iframe" | "frame" | "frameset" | "applet"
        | "portal" | "script" | "noscript" | "style" | "link" | "meta" | "base" | "template"
        | "form" | "xmp" | "plaintext" | "noembed" | "noframes" | "title" | "head" => {
            Class::Drop { report: true }
        }
        "source" | "track" | "param" | "area" | "col" | "colgroup" => Class::Drop { report: false },
        _ => Class::Transparent,
    }
}

/// Attributes kept on elements written as HTML (besides a valid `id`).
const HTML_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["title"]),
    ("img", &["alt", "title", "width", "height"]),
    ("td", &["colspan", "rowspan", "align"]),
    ("th", &["colspan", "rowspan", "align", "scope"]),
    ("ol", &["start", "type", "reversed"]),
    ("li", &["value"]),
    ("details", &["open"]),
    ("abbr", &["title"]),
    ("time", &["datetime"]),
    ("bdo", &["dir"]),
    ("del", &["datetime"]),
    ("ins", &["datetime"]),
];

/// Elements written as HTML that have no end tag.
const VOID: &[&str] = &["br", "hr", "img", "input", "wbr", "col"];

/// What happens to an element, decided from the cleaner's verdict.
enum Fate {
    /// Written.
    Keep,
    /// Written, but it only survives with visible content: the cleaner removed it as a link
    /// left wrapping nothing but a removed ad (which import may have kept, e.g. an image).
    Wrapper,
    /// An affiliate link: its text stays, the link goes.
    TextOnly,
    /// Left out (already reported).
    Drop,
}

/// Converts a parsed fragment into Markdown blocks. `targets` are the ids the document links
/// to (`#id`): an element that is unwrapped keeps such an id as an empty anchor.
pub(super) fn convert(
    doc: &Html,
    judged: &Judged,
    cleaner: &Cleaner,
    targets: &HashSet<String>,
    found: &mut Findings,
) -> Vec<String> {
    let mut converter = Converter {
        judged,
        cleaner,
        targets,
        found,
        strong: 0,
        em: 0,
        strike: 0,
        link: 0,
    };
    converter.flow(*doc.root_element())
}

struct Converter<'a> {
    judged: &'a Judged,
    cleaner: &'a Cleaner,
    targets: &'a HashSet<String>,
    found: &'a mut Findings,
    strong: usize,
    em: usize,
    strike: usize,
    link: usize,
}

impl Converter<'_> {
    fn line(&self, node: N<'_>) -> usize {
        self.judged.lines.get(&node.id()).copied().unwrap_or(0)
    }

    /// `<a id="..."></a>` for an element whose id a link of the document targets (links, whose
    /// ids are always kept, and headings, which take `{#id}`, have their own ways).
    fn anchor(&self, el: ElementRef<'_>) -> Option<String> {
        let tag = el.value().name();
        if tag == "a" || matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            return None;
        }
        el.value()
            .attr("id")
            .filter(|id| valid_id(id) && self.targets.contains(*id))
            .map(|id| format!("<a id=\"{id}\"></a>"))
    }

    /// The cleaner's verdict on an element, reported when it removes something.
    fn fate(&mut self, el: ElementRef<'_>) -> Fate {
        let line = self.line(*el);
        let tag = el.value().name();
        let Some(removal) = self.judged.doomed.get(&el.id()) else {
            if !matches!(class(tag), Class::Drop { .. }) {
                self.attribute_findings(el);
            }
            return Fate::Keep;
        };
        match (removal.kind, tag) {
            (RemovalKind::RemoteResource, "img") => {
                self.attribute_findings(el);
                Fate::Keep
            }
            // Only its style loads something; import drops style attributes anyway.
            (RemovalKind::RemoteResource, _)
                if removal.detail.starts_with("CSS loading from")
                    && !matches!(class(tag), Class::Drop { .. }) =>
            {
                self.attribute_findings(el);
                Fate::Keep
            }
            // Import keeps remote images (listed for the author), so a link the build empties
            // of one keeps its content here.
            (kind, "a")
                if kind == RemovalKind::AdNetwork
                    || removal.detail.starts_with(crate::clean::EMPTIED_LINK) =>
            {
                let href = el.value().attr("href").unwrap_or("");
                if self.cleaner.judge_markdown_url(href, false).is_none() {
                    self.attribute_findings(el);
                    return Fate::Wrapper;
                }
                let host = host_of(href);
                if !host.is_empty() && !collapse(&el.text().collect::<String>()).is_empty() {
                    self.found
                        .removed(line, format!("affiliate link to {host} (its text kept)"));
                    Fate::TextOnly
                } else {
                    self.found.removed(
                        line,
                        format!("{} ({})", label(removal.kind), removal.detail),
                    );
                    Fate::Drop
                }
            }
            // The cleaner removes every <style>, and names them all as loading resources:
            // only one whose CSS loads something (url(), @import) is reported so.
            (RemovalKind::Style, "style")
                if !crate::url_policy::css::loads_or_runs(&el.text().collect::<String>()) =>
            {
                self.found.removed(line, "style sheet (<style>)");
                Fate::Drop
            }
            (RemovalKind::TrackingPixel, _) => {
                let src = el.value().attr("src").unwrap_or("");
                self.found
                    .removed(line, format!("tracking pixel {}", shorten(src)));
                Fate::Drop
            }
            (kind, _) => {
                let what = if removal.detail.is_empty() {
                    label(kind).to_owned()
                } else {
                    format!("{} ({})", label(kind), removal.detail)
                };
                self.found.removed(line, what);
                Fate::Drop
            }
        }
    }

    /// Reports the attributes of a kept element that are dropped for safety.
    fn attribute_findings(&mut self, el: ElementRef<'_>) {
        let line = self.line(*el);
        let tag = el.value().name();
        for (name, value) in el.value().attrs() {
            let lower = name.to_ascii_lowercase();
            if is_event_handler(&lower) {
                self.found
                    .removed(line, format!("event handler {lower} on <{tag}>"));
            } else if reports_clicks(&lower) {
                self.found
                    .removed(line, format!("tracking attribute {lower} on <{tag}>"));
            } else if lower == "style" && crate::url_policy::css::loads_or_runs(value) {
                self.found.removed(
                    line,
                    format!("style with a URL or CSS expression on <{tag}>"),
                );
            }
        }
    }

    // ---- blocks ----

    fn flow(&mut self, parent: N<'_>) -> Vec<String> {
        let children: Vec<N<'_>> = parent.children().collect();
        self.flow_nodes(&children)
    }

    fn flow_nodes(&mut self, nodes: &[N<'_>]) -> Vec<String> {
        let mut blocks = Vec::new();
        let mut run = Inline::new(Context::Text);
        self.flow_into(nodes, &mut blocks, &mut run);
        flush(&mut run, &mut blocks);
        separate_lists(blocks)
    }

    fn flow_into(&mut self, nodes: &[N<'_>], blocks: &mut Vec<String>, run: &mut Inline) {
        let mut i = 0;
        while i < nodes.len() {
            if let Some(next) = self.link_farm(nodes, i) {
                i = next;
                continue;
            }
            let node = nodes[i];
            i += 1;
            match node.value() {
                Node::Text(text) => run.text(text),
                Node::Element(_) => self.flow_element(node, blocks, run),
                _ => {}
            }
        }
    }

    /// Whether the element is kept as a wrapper (`Some(true)`) or whole (`Some(false)`); `None`
    /// when it is dropped, or reduced to its text (then already added to `run`).
    fn wrapper_or_text(&mut self, el: ElementRef<'_>, run: &mut Inline) -> Option<bool> {
        match self.fate(el) {
            Fate::Drop => None,
            Fate::TextOnly => {
                run.text(&el.text().collect::<String>());
                None
            }
            Fate::Wrapper => Some(true),
            Fate::Keep => Some(false),
        }
    }

    fn flow_element(&mut self, node: N<'_>, blocks: &mut Vec<String>, run: &mut Inline) {
        let Some(el) = ElementRef::wrap(node) else {
            return;
        };
        let Some(wrapper) = self.wrapper_or_text(el, run) else {
            return;
        };
        let tag = el.value().name();
        let anchor = self.anchor(el);
        match class(tag) {
            Class::Block => {
                flush(run, blocks);
                let mut converted = self.block(el);
                if let Some(anchor) = anchor {
                    match converted.first_mut() {
                        Some(first) if tag == "p" => first.insert_str(0, &anchor),
                        _ => converted.insert(0, anchor),
                    }
                }
                blocks.extend(converted);
            }
            Class::Container if has_class(el, "footnote-definition") => {
                flush(run, blocks);
                let name = el.value().attr("id").unwrap_or("").to_owned();
                let children: Vec<N<'_>> = node
                    .children()
                    .filter(|c| {
                        ElementRef::wrap(*c)
                            .is_none_or(|e| !has_class(e, "footnote-definition-label"))
                    })
                    .collect();
                let inner = self.flow_nodes(&children).join("\n\n");
                blocks.push(format!(
                    "[^{name}]: {}",
                    indent_lines(&inner, "    ", false)
                ));
            }
            Class::Container => {
                if self.disclaimer(el) {
                    return;
                }
                flush(run, blocks);
                run.raw(&anchor.unwrap_or_default());
                let children: Vec<N<'_>> = node.children().collect();
                self.flow_into(&children, blocks, run);
                flush(run, blocks);
            }
            Class::Transparent => {
                run.raw(&anchor.unwrap_or_default());
                let children: Vec<N<'_>> = node.children().collect();
                self.flow_into(&children, blocks, run);
            }
            Class::Inline => {
                run.raw(&anchor.unwrap_or_default());
                self.inline_element(el, run, wrapper);
            }
            Class::Drop { report } => self.dropped(el, report),
        }
    }

    fn block(&mut self, el: ElementRef<'_>) -> Vec<String> {
        let tag = el.value().name();
        match tag {
            "p" => {
                if self.disclaimer(el) {
                    return Vec::new();
                }
                let mut run = Inline::new(Context::Text);
                self.inline_children(*el, &mut run);
                inline::paragraphs(&run.finish().body)
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = usize::from(tag.as_bytes()[1] - b'0');
                self.heading(el, level)
            }
            "ul" | "menu" => self.list(el, false),
            "ol" => self.list(el, true),
            "blockquote" => self.blockquote(el),
            "pre" => self.code_block(el),
            "table" => self.table(el),
            "details" => self.details(el),
            "dl" => non_empty(self.html(el)),
            "hr" => vec!["---".to_owned()],
            _ => self.flow(*el),
        }
    }

    /// A short affiliate disclaimer is removed (and reported) instead of written.
    fn disclaimer(&mut self, el: ElementRef<'_>) -> bool {
        if detect::is_disclaimer(&el.text().collect::<String>()) {
            self.found.removed(self.line(*el), "affiliate disclaimer");
            true
        } else {
            false
        }
    }

    fn dropped(&mut self, el: ElementRef<'_>, report: bool) {
        if report {
            let tag = el.value().name();
            self.found.removed(
                self.line(*el),
                format!("<{tag}> element (guides cannot hold it)"),
            );
        }
    }

    fn heading(&mut self, el: ElementRef<'_>, level: usize) -> Vec<String> {
        let mut run = Inline::new(Context::Heading);
        self.inline_children(*el, &mut run);
        let body = inline::one_line(&run.finish().body, " ");
        if body.is_empty() {
            return Vec::new();
        }
        let text = collapse(&el.text().collect::<String>());
        let id = el
            .value()
            .attr("id")
            .filter(|id| valid_id(id) && *id != slugify(&text))
            .map(|id| format!(" {{#{id}}}"))
            .unwrap_or_default();
        vec![format!("{} {body}{id}", "#".repeat(level))]
    }

    fn list(&mut self, el: ElementRef<'_>, ordered: bool) -> Vec<String> {
        let start = el.value().attr("start").and_then(html_integer).unwrap_or(1);
        // A Markdown list number is 0 to 9 digits, without a sign: a list numbered otherwise
        // stays HTML (its `start` is kept).
        if ordered && (start < 0 || start.saturating_add(item_bound(el) - 1) > MAX_LIST_NUMBER) {
            return non_empty(self.html(el));
        }
        let loose = el.children().filter_map(ElementRef::wrap).any(|li| {
            li.children()
                .filter_map(ElementRef::wrap)
                .any(|c| c.value().name() == "p")
        });
        let mut items: Vec<Vec<String>> = Vec::new();
        for child in el.children() {
            match child.value() {
                Node::Text(text) if !text.trim().is_empty() => {
                    let mut run = Inline::new(Context::Text);
                    run.text(text);
                    items.push(inline::paragraphs(&run.finish().body));
                }
                Node::Element(e) => {
                    let name = e.name();
                    if name == "ul" || name == "ol" {
                        // A list written straight inside a list belongs to the item before it.
                        let blocks = self.flow_nodes(&[child]);
                        match items.last_mut() {
                            Some(last) => last.extend(blocks),
                            None if !blocks.is_empty() => items.push(blocks),
                            None => {}
                        }
                        continue;
                    }
                    let blocks = match ElementRef::wrap(child) {
                        Some(li) if name == "li" => match self.fate(li) {
                            Fate::Drop => continue,
                            _ => self.flow(child),
                        },
                        _ => self.flow_nodes(&[child]),
                    };
                    if !blocks.is_empty() {
                        items.push(blocks);
                    }
                }
                _ => {}
            }
        }
        if items.is_empty() {
            return Vec::new();
        }
        let mut out = String::new();
        for (k, blocks) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}. ", start + k as i64)
            } else {
                "- ".to_owned()
            };
            let indent = " ".repeat(marker.len());
            if k > 0 {
                out.push_str(if loose { "\n\n" } else { "\n" });
            }
            for (b, block) in blocks.iter().enumerate() {
                if b == 0 {
                    out.push_str(&marker);
                    out.push_str(&indent_lines(block, &indent, false));
                } else {
                    let tight = !loose && list_marker(block).is_some();
                    out.push_str(if tight { "\n" } else { "\n\n" });
                    out.push_str(&indent_lines(block, &indent, true));
                }
            }
        }
        vec![out]
    }

    fn blockquote(&mut self, el: ElementRef<'_>) -> Vec<String> {
        if self.disclaimer(el) {
            return Vec::new();
        }
        let inner = self.flow(*el);
        if inner.is_empty() {
            return Vec::new();
        }
        let quoted: Vec<String> = inner
            .join("\n\n")
            .lines()
            .map(|l| {
                if l.is_empty() {
                    ">".to_owned()
                } else {
                    format!("> {l}")
                }
            })
            .collect();
        vec![quoted.join("\n")]
    }

    fn code_block(&mut self, el: ElementRef<'_>) -> Vec<String> {
        let language: String = el
            .children()
            .filter_map(ElementRef::wrap)
            .find(|c| c.value().name() == "code")
            .and_then(|c| {
                c.value()
                    .classes()
                    .find_map(|class| class.strip_prefix("language-").map(str::to_owned))
            })
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
            .collect();
        let mut text = String::new();
        self.plain_text(*el, &mut text);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        if text.trim().is_empty() {
            return Vec::new();
        }
        let fence = "`".repeat(escape::longest_run(text, '`').max(2) + 1);
        vec![format!("{fence}{language}\n{text}\n{fence}")]
    }

    fn details(&mut self, el: ElementRef<'_>) -> Vec<String> {
        let children: Vec<N<'_>> = el.children().collect();
        let summary = children.iter().copied().find(|c| {
            c.value()
                .as_element()
                .is_some_and(|e| e.name() == "summary")
        });
        let rest: Vec<N<'_>> = children
            .into_iter()
            .filter(|c| Some(c.id()) != summary.map(|s| s.id()))
            .collect();
        let open = if el.value().attr("open").is_some() {
            " open"
        } else {
            ""
        };
        let mut head = format!("<details{open}>");
        if let Some(summary) = summary {
            let mut text = String::new();
            self.html_children(summary, &mut text, false);
            head.push_str(&format!("\n<summary>{}</summary>", text.trim()));
        }
        let body = self.flow_nodes(&rest);
        if body.is_empty() {
            return vec![format!("{head}\n</details>")];
        }
        let mut blocks = vec![head];
        blocks.extend(body);
        blocks.push("</details>".to_owned());
        blocks
    }

    fn table(&mut self, el: ElementRef<'_>) -> Vec<String> {
        match self.gfm_table(el) {
            Some(table) => vec![table],
            None => non_empty(self.html(el)),
        }
    }

    /// A GitHub-flavoured Markdown table, when the HTML table is simple enough for one: one
    /// header row, no merged cells, no block content in cells, no caption.
    fn gfm_table(&mut self, el: ElementRef<'_>) -> Option<String> {
        let rows = table_rows(el)?;
        let (first, first_in_head) = *rows.first()?;
        for (row, _) in &rows {
            for cell in row_cells(*row)? {
                let merged = ["colspan", "rowspan"].iter().any(|a| {
                    cell.value()
                        .attr(a)
                        .is_some_and(|v| v.trim().parse::<u32>().map_or(true, |n| n > 1))
                });
                let has_blocks = cell.descendants().filter_map(ElementRef::wrap).any(|d| {
                    matches!(
                        d.value().name(),
                        "ul" | "ol"
                            | "pre"
                            | "table"
                            | "blockquote"
                            | "h1"
                            | "h2"
                            | "h3"
                            | "h4"
                            | "h5"
                            | "h6"
                            | "dl"
                            | "details"
                            | "hr"
                    )
                });
                if merged || has_blocks {
                    return None;
                }
            }
        }
        let header_cells = row_cells(first)?;
        let header = first_in_head || header_cells.iter().all(|c| c.value().name() == "th");
        if !header || rows.iter().skip(1).any(|(_, in_head)| *in_head) || header_cells.is_empty() {
            return None;
        }
        let aligns: Vec<&str> = header_cells
            .iter()
            .map(|c| {
                let align = c.value().attr("align").unwrap_or("").to_ascii_lowercase();
                let style = c.value().attr("style").unwrap_or("").to_ascii_lowercase();
                if align == "center" || style.contains("text-align:center") {
                    ":---:"
                } else if align == "right" || style.contains("text-align:right") {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        let mut lines: Vec<Vec<String>> = Vec::new();
        for (k, (row, _)) in rows.iter().enumerate() {
            if k > 0 && matches!(self.fate(*row), Fate::Drop) {
                continue;
            }
            let mut cells = Vec::new();
            for cell in row_cells(*row)? {
                let mut run = Inline::new(Context::Cell);
                if !matches!(self.fate(cell), Fate::Drop) {
                    self.inline_children(*cell, &mut run);
                }
                cells.push(inline::one_line(&run.finish().body, "<br>"));
            }
            lines.push(cells);
        }
        let width = lines.iter().map(Vec::len).max()?.max(aligns.len());
        let mut out = Vec::new();
        for (k, mut cells) in lines.into_iter().enumerate() {
            cells.resize(width, String::new());
            out.push(format!("| {} |", cells.join(" | ")));
            if k == 0 {
                let mut seps: Vec<&str> = aligns.clone();
                seps.resize(width, "---");
                out.push(format!("| {} |", seps.join(" | ")));
            }
        }
        Some(out.join("\n"))
    }

    // ---- inline ----

    fn inline_children(&mut self, parent: N<'_>, run: &mut Inline) {
        for child in parent.children() {
            match child.value() {
                Node::Text(text) => run.text(text),
                Node::Element(_) => self.inline_node(child, run),
                _ => {}
            }
        }
    }

    fn inline_node(&mut self, node: N<'_>, run: &mut Inline) {
        let Some(el) = ElementRef::wrap(node) else {
            return;
        };
        let Some(wrapper) = self.wrapper_or_text(el, run) else {
            return;
        };
        let class = class(el.value().name());
        if !matches!(class, Class::Drop { .. }) {
            run.raw(&self.anchor(el).unwrap_or_default());
        }
        match class {
            Class::Inline => self.inline_element(el, run, wrapper),
            Class::Drop { report } => self.dropped(el, report),
            Class::Block | Class::Container => {
                run.space();
                self.inline_children(node, run);
                run.space();
            }
            Class::Transparent => self.inline_children(node, run),
        }
    }

    fn inline_element(&mut self, el: ElementRef<'_>, run: &mut Inline, wrapper: bool) {
        match el.value().name() {
            "b" | "strong" => self.emphasis(el, run, true),
            "i" | "em" => self.emphasis(el, run, false),
            // Nested strikethrough is written once, as nested emphasis is.
            "del" | "s" | "strike" if self.strike > 0 => self.inline_children(*el, run),
            "del" | "s" | "strike" => {
                self.strike += 1;
                let mut sub = Inline::new(run.context);
                self.inline_children(*el, &mut sub);
                self.strike -= 1;
                run.wrap(sub.finish(), "~~", "~~");
            }
            "code" | "tt" => {
                let mut text = String::new();
                self.plain_text(*el, &mut text);
                if text.starts_with(char::is_whitespace) {
                    run.space();
                }
                run.code(&text);
                if text.ends_with(char::is_whitespace) {
                    run.space();
                }
            }
            "sup" if has_class(el, "footnote-reference") => {
                let name = el
                    .children()
                    .filter_map(ElementRef::wrap)
                    .find_map(|a| a.value().attr("href")?.strip_prefix('#'))
                    .unwrap_or("");
                run.raw(&format!("[^{name}]"));
            }
            "br" => run.hard_break(),
            "wbr" => {}
            "img" => self.image(el, run),
            "a" => self.link(el, run, wrapper),
            "input" => {
                if is_checkbox(el) {
                    run.raw(if el.value().attr("checked").is_some() {
                        "[x]"
                    } else {
                        "[ ]"
                    });
                    run.space();
                } else {
                    self.found
                        .removed(self.line(*el), "<input> element (guides cannot hold it)");
                }
            }
            tag => {
                // Inline HTML the allowlist keeps and Markdown lacks: <kbd>, <sup>, <mark>...
                let attributes = self.attributes(el);
                let mut sub = Inline::new(run.context);
                self.inline_children(*el, &mut sub);
                // A blank element writes no tags but keeps the space it showed (`wrap`).
                run.wrap(
                    sub.finish(),
                    &escape::cell_pipes_in_tag(format!("<{tag}{attributes}>"), run.context),
                    &format!("</{tag}>"),
                );
            }
        }
    }

    fn emphasis(&mut self, el: ElementRef<'_>, run: &mut Inline, strong: bool) {
        let depth = if strong { self.strong } else { self.em };
        if depth > 0 {
            self.inline_children(*el, run);
            return;
        }
        if strong {
            self.strong += 1;
        } else {
            self.em += 1;
        }
        let mut sub = Inline::new(run.context);
        self.inline_children(*el, &mut sub);
        if strong {
            self.strong -= 1;
        } else {
            self.em -= 1;
        }
        let delimiter = if strong { "**" } else { "*" };
        run.wrap(sub.finish(), delimiter, delimiter);
    }

    fn link(&mut self, el: ElementRef<'_>, run: &mut Inline, wrapper: bool) {
        let line = self.line(*el);
        let href = el.value().attr("href").map(str::trim).unwrap_or("");
        if let Some(id) = el
            .value()
            .attr("id")
            .or_else(|| el.value().attr("name"))
            .filter(|id| valid_id(id))
        {
            run.raw(&format!("<a id=\"{id}\"></a>"));
        }
        if self.link > 0 {
            self.inline_children(*el, run);
            return;
        }
        self.link += 1;
        let mut sub = Inline::new(run.context);
        self.inline_children(*el, &mut sub);
        self.link -= 1;
        let piece = sub.finish();
        if href.is_empty() {
            run.wrap(piece, "", "");
            return;
        }
        if piece.is_blank() {
            if wrapper {
                self.found.removed(
                    line,
                    format!("link that only wrapped a removed ad (to {})", shorten(href)),
                );
            }
            return;
        }
        match self.cleaner.judge_markdown_url(href, false) {
            Some(kind) => {
                let what = match classify(href, "") {
                    UrlKind::Dangerous(scheme) => format!("{scheme}: link (its text kept)"),
                    _ => format!("{} to {} (its text kept)", label(kind), shorten(href)),
                };
                self.found.removed(line, what);
                run.wrap(piece, "", "");
            }
            None => {
                if is_relative(href) {
                    self.found.relative_link(line, format!("link {href}"));
                }
                let title = escape::title(el.value().attr("title"));
                let destination = escape::destination(href);
                let close = format!("]({destination}{title})");
                run.wrap(piece, "[", &escape::cell_pipes(close, run.context));
            }
        }
    }

    /// The URL an image is written with, after the checks; `None` when it goes (reported).
    fn kept_image(&mut self, el: ElementRef<'_>) -> Option<String> {
        let line = self.line(*el);
        let src = image_source(el)?;
        match self.cleaner.judge_markdown_url(&src, true) {
            None => {
                if is_relative(&src) {
                    self.found.relative_link(line, format!("image {src}"));
                }
            }
            Some(RemovalKind::RemoteResource) => self.found.remote_image(line, src.clone()),
            Some(RemovalKind::AdNetwork) => {
                let host = host_of(&src);
                self.found.removed(line, format!("ad image from {host}"));
                return None;
            }
            Some(kind) => {
                self.found
                    .removed(line, format!("image: {} {}", label(kind), shorten(&src)));
                return None;
            }
        }
        Some(src)
    }

    fn image(&mut self, el: ElementRef<'_>, run: &mut Inline) {
        let Some(src) = self.kept_image(el) else {
            return;
        };
        let alt = escape::alt(el.value().attr("alt").unwrap_or(""));
        let title = escape::title(el.value().attr("title"));
        let image = format!("![{alt}]({}{title})", escape::destination(&src));
        run.raw(&escape::cell_pipes(image, run.context));
    }

    /// The text of a node, as in `<pre>`: whitespace kept, condemned elements left out.
    fn plain_text(&mut self, node: N<'_>, out: &mut String) {
        for child in node.children() {
            match child.value() {
                Node::Text(text) => out.push_str(text),
                Node::Element(e) => {
                    let Some(el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    match self.fate(el) {
                        Fate::Drop => {}
                        _ if e.name() == "br" => out.push('\n'),
                        _ => self.plain_text(child, out),
                    }
                }
                _ => {}
            }
        }
    }

    // ---- HTML kept as HTML ----

    /// An element written as HTML on lines without blank ones (so it stays one HTML block).
    /// Its own verdict was taken (and its findings reported) when the walk reached it.
    fn html(&mut self, el: ElementRef<'_>) -> String {
        let mut out = String::new();
        self.html_kept(el, &mut out, false);
        let mut out = out.trim().to_owned();
        // A blank line would end the HTML block; inside <pre> a character reference keeps it.
        while out.contains("\n\n") {
            out = out.replace("\n\n", "\n&#10;");
        }
        out
    }

    fn html_children(&mut self, node: N<'_>, out: &mut String, pre: bool) {
        for child in node.children() {
            match child.value() {
                Node::Text(text) => {
                    if pre {
                        out.push_str(&escape::html(text));
                    } else {
                        let collapsed = collapse_keep_edges(text);
                        if collapsed == " " && (out.is_empty() || out.ends_with(['\n', ' '])) {
                            continue;
                        }
                        out.push_str(&escape::html(&collapsed));
                    }
                }
                Node::Element(_) => {
                    if let Some(el) = ElementRef::wrap(child) {
                        self.html_element(el, out, pre);
                    }
                }
                _ => {}
            }
        }
    }

    fn html_element(&mut self, el: ElementRef<'_>, out: &mut String, pre: bool) {
        match self.fate(el) {
            Fate::Drop => {}
            Fate::TextOnly => {
                out.push_str(&escape::html(&collapse(&el.text().collect::<String>())));
            }
            Fate::Keep | Fate::Wrapper => self.html_kept(el, out, pre),
        }
    }

    /// An element the cleaner's verdict keeps, written as HTML.
    fn html_kept(&mut self, el: ElementRef<'_>, out: &mut String, pre: bool) {
        let tag = el.value().name();
        if !sanitize::TAGS.contains(&tag) {
            match class(tag) {
                Class::Drop { report } => self.dropped(el, report),
                _ => self.html_children(*el, out, pre),
            }
            return;
        }
        let mut attributes = self.attributes(el);
        match tag {
            "img" => {
                if let Some(src) = self.kept_image(el) {
                    out.push_str(&format!("<img src=\"{}\"{attributes}>", escape::html(&src)));
                }
                return;
            }
            "input" => {
                if is_checkbox(el) {
                    let checked = if el.value().attr("checked").is_some() {
                        " checked"
                    } else {
                        ""
                    };
                    out.push_str(&format!("<input type=\"checkbox\" disabled{checked}>"));
                } else {
                    self.found
                        .removed(self.line(*el), "<input> element (guides cannot hold it)");
                }
                return;
            }
            "a" => {
                let href = el.value().attr("href").map(str::trim).unwrap_or("");
                if !href.is_empty() {
                    match self.cleaner.judge_markdown_url(href, false) {
                        Some(_) => {
                            let scheme = match classify(href, "") {
                                UrlKind::Dangerous(scheme) => scheme,
                                _ => "unsafe".to_owned(),
                            };
                            self.found
                                .removed(self.line(*el), format!("{scheme}: link (its text kept)"));
                            self.html_children(*el, out, pre);
                            return;
                        }
                        None => {
                            if is_relative(href) {
                                self.found
                                    .relative_link(self.line(*el), format!("link {href}"));
                            }
                            attributes = format!(" href=\"{}\"{attributes}", escape::html(href));
                        }
                    }
                }
            }
            _ => {}
        }
        out.push_str(&format!("<{tag}{attributes}>"));
        if VOID.contains(&tag) {
            return;
        }
        self.html_children(*el, out, pre || tag == "pre");
        out.push_str(&format!("</{tag}>"));
        if matches!(
            tag,
            "tr" | "thead"
                | "tbody"
                | "tfoot"
                | "caption"
                | "dt"
                | "dd"
                | "li"
                | "figcaption"
                | "summary"
                | "colgroup"
        ) {
            out.push('\n');
        }
    }

    /// The attributes of an element written as HTML: a valid `id` and the allowlisted ones.
    fn attributes(&self, el: ElementRef<'_>) -> String {
        let tag = el.value().name();
        let allowed: &[&str] = HTML_ATTRIBUTES
            .iter()
            .find(|(t, _)| *t == tag)
            .map_or(&[], |(_, a)| a);
        let mut out = String::new();
        if let Some(id) = el.value().attr("id").filter(|id| valid_id(id)) {
            out.push_str(&format!(" id=\"{id}\""));
        }
        for (name, value) in el.value().attrs() {
            if !allowed.contains(&name) {
                continue;
            }
            if value.is_empty() {
                out.push_str(&format!(" {name}"));
            } else {
                out.push_str(&format!(" {name}=\"{}\"", escape::html(value)));
            }
        }
        out
    }

    // ---- link farms ----

    /// At `nodes[i]`: a label ("Also read:") followed by a list of links to other sites. Returns
    /// the index after the list when both go (reported).
    fn link_farm(&mut self, nodes: &[N<'_>], i: usize) -> Option<usize> {
        let label_el = ElementRef::wrap(nodes[i])?;
        // Cosmetic rules may know the farm's parts too; the farm is reported as one thing.
        if self
            .judged
            .doomed
            .get(&label_el.id())
            .is_some_and(|r| r.kind != RemovalKind::Cosmetic)
        {
            return None;
        }
        let text = collapse(&label_el.text().collect::<String>());
        let by_class = text.chars().count() <= 40
            && label_el
                .descendants()
                .filter_map(ElementRef::wrap)
                .any(|e| {
                    e.value()
                        .classes()
                        .any(|c| c.eq_ignore_ascii_case("atpl-alsoreadstyle"))
                });
        let has_links = label_el
            .descendants()
            .filter_map(ElementRef::wrap)
            .any(|e| e.value().name() == "a");
        if !by_class && (has_links || !detect::is_farm_label(&text)) {
            return None;
        }
        let j = (i + 1..nodes.len()).find(|&k| significant(nodes[k]))?;
        let list = farm_list(nodes[j])?;
        let items: Vec<ElementRef<'_>> = list
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "li")
            .collect();
        let external = items
            .iter()
            .filter(|li| self.single_external_link(**li))
            .count();
        if items.is_empty() || (!by_class && (items.len() < 2 || external != items.len())) {
            return None;
        }
        let shown = if text.is_empty() { "Also read" } else { &text };
        self.found.removed(
            self.line(nodes[i]),
            format!("link farm \"{shown}\" ({} links)", items.len()),
        );
        Some(j + 1)
    }

    /// Whether a list item is exactly one link to another site.
    fn single_external_link(&self, li: ElementRef<'_>) -> bool {
        let links: Vec<ElementRef<'_>> = li
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "a")
            .collect();
        let [link] = links.as_slice() else {
            return false;
        };
        let href = link.value().attr("href").unwrap_or("");
        self.cleaner.is_external(href)
            && collapse(&li.text().collect::<String>())
                == collapse(&link.text().collect::<String>())
    }
}

/// Ends the current run of inline content as paragraphs.
fn flush(run: &mut Inline, blocks: &mut Vec<String>) {
    if run.is_blank() {
        *run = Inline::new(Context::Text);
        return;
    }
    let done = std::mem::replace(run, Inline::new(Context::Text)).finish();
    blocks.extend(inline::paragraphs(&done.body));
}

fn non_empty(text: String) -> Vec<String> {
    if text.trim().is_empty() {
        Vec::new()
    } else {
        vec![text]
    }
}

/// The largest number a Markdown ordered list may start with (nine digits).
const MAX_LIST_NUMBER: i64 = 999_999_999;

/// An integer attribute read as HTML reads one (`start`): leading whitespace, a sign, digits,
/// anything after them ignored; `None` without digits.
fn html_integer(value: &str) -> Option<i64> {
    let value = value.trim_start();
    let (negative, digits) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let digits = &digits[..digits.bytes().take_while(u8::is_ascii_digit).count()];
    if digits.is_empty() {
        return None;
    }
    let magnitude = digits.parse::<i64>().unwrap_or(i64::MAX);
    Some(if negative { -magnitude } else { magnitude })
}

/// At least as many items as the list will have (each child that may become one), at least 1.
fn item_bound(list: ElementRef<'_>) -> i64 {
    let children = list.children().filter(|c| match c.value() {
        Node::Text(text) => !text.trim().is_empty(),
        Node::Element(e) => !matches!(e.name(), "ul" | "ol"),
        _ => false,
    });
    i64::try_from(children.count()).unwrap_or(i64::MAX).max(1)
}

/// A text or element that shows something (not whitespace, not a comment).
fn significant(node: N<'_>) -> bool {
    match node.value() {
        Node::Text(text) => !text.trim().is_empty(),
        Node::Element(_) => true,
        _ => false,
    }
}

/// The list of a link farm: a list, or a wrapper holding only a list.
fn farm_list(node: N<'_>) -> Option<ElementRef<'_>> {
    let el = ElementRef::wrap(node)?;
    match el.value().name() {
        "ul" | "ol" => Some(el),
        "div" | "nav" | "section" | "aside" | "p" => {
            let inner: Vec<N<'_>> = node.children().filter(|c| significant(*c)).collect();
            match inner.as_slice() {
                [only] => farm_list(*only),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The rows of a table with whether each is in `<thead>`; `None` for a caption or anything a
/// Markdown table cannot hold.
fn table_rows(table: ElementRef<'_>) -> Option<Vec<(ElementRef<'_>, bool)>> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            section @ ("thead" | "tbody" | "tfoot") => {
                for row in child.children().filter_map(ElementRef::wrap) {
                    if row.value().name() != "tr" {
                        return None;
                    }
                    rows.push((row, section == "thead"));
                }
            }
            "tr" => rows.push((child, false)),
            "colgroup" | "col" => {}
            _ => return None,
        }
    }
    Some(rows)
}

fn row_cells(row: ElementRef<'_>) -> Option<Vec<ElementRef<'_>>> {
    let cells: Vec<ElementRef<'_>> = row.children().filter_map(ElementRef::wrap).collect();
    cells
        .iter()
        .all(|c| matches!(c.value().name(), "td" | "th"))
        .then_some(cells)
}

fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

fn is_checkbox(el: ElementRef<'_>) -> bool {
    el.value()
        .attr("type")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("checkbox"))
}

/// The URL an image shows: `src`, or the real one behind a lazy-loading placeholder; a
/// protocol-relative URL gets `https:`.
fn image_source(el: ElementRef<'_>) -> Option<String> {
    let attr = |name: &str| {
        el.value()
            .attr(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let lazy = ["data-src", "data-lazy-src", "data-original"]
        .iter()
        .find_map(|a| attr(a));
    let src = match (attr("src"), lazy) {
        (Some(src), Some(lazy)) if src.starts_with("data:") => lazy,
        (Some(src), _) => src,
        (None, Some(lazy)) => lazy,
        (None, None) => return None,
    };
    Some(match src.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => src.to_owned(),
    })
}

/// A relative path or `.md` link: it pointed into the original site.
pub(super) fn is_relative(url: &str) -> bool {
    !url.is_empty() && !url.starts_with('#') && !crate::markdown::is_external(url)
}

/// A removal kind's name without its article: `tracking pixel`.
pub(super) fn label(kind: RemovalKind) -> &'static str {
    let name = kind.name();
    name.strip_prefix("an ")
        .or_else(|| name.strip_prefix("a "))
        .unwrap_or(name)
}

/// A URL cut to a readable length for the report.
pub(super) fn shorten(url: &str) -> String {
    if url.chars().count() <= 80 {
        url.to_owned()
    } else {
        format!("{}…", url.chars().take(79).collect::<String>())
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace runs collapsed to one space, a space kept at either edge.
fn collapse_keep_edges(text: &str) -> String {
    let inner = collapse(text);
    if inner.is_empty() {
        return if text.is_empty() {
            String::new()
        } else {
            " ".to_owned()
        };
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{inner}{trail}")
}

/// Indents every line but (unless `first`) the first, blank lines left empty.
fn indent_lines(block: &str, indent: &str, first: bool) -> String {
    block
        .lines()
        .enumerate()
        .map(|(k, line)| {
            if (k == 0 && !first) || line.is_empty() {
                line.to_owned()
            } else {
                format!("{indent}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The marker of a list block: `-`, `*`, `.` (`1.`) or `)` (`1)`).
fn list_marker(block: &str) -> Option<char> {
    if block.starts_with("- ") {
        return Some('-');
    }
    if block.starts_with("* ") {
        return Some('*');
    }
    let digits = block.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &block[digits..];
    if digits > 0 && rest.starts_with(". ") {
        Some('.')
    } else if digits > 0 && rest.starts_with(") ") {
        Some(')')
    } else {
        None
    }
}

/// Two lists in a row with the same marker would become one list: the second switches marker.
fn separate_lists(mut blocks: Vec<String>) -> Vec<String> {
    for k in 1..blocks.len() {
        let (Some(before), Some(this)) = (list_marker(&blocks[k - 1]), list_marker(&blocks[k]))
        else {
            continue;
        };
        if before != this {
            continue;
        }
        let other = match this {
            '-' => '*',
            '*' => '-',
            '.' => ')',
            _ => '.',
        };
        let switched: Vec<String> = blocks[k]
            .lines()
            .map(|line| {
                let digits = line.bytes().take_while(u8::is_ascii_digit).count();
                let at = if matches!(this, '-' | '*') { 0 } else { digits };
                let starts_item = (at > 0 || matches!(this, '-' | '*'))
                    && line[at..].starts_with(this)
                    && line[at + 1..].starts_with(' ');
                if starts_item {
                    format!("{}{other}{}", &line[..at], &line[at + 1..])
                } else {
                    line.to_owned()
                }
            })
            .collect();
        blocks[k] = switched.join("\n");
    }
    blocks
}

#[cfg(test)]
mod tests;
