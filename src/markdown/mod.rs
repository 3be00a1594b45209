//! Markdown stage: pulldown-cmark events → HTML, plus what templates and link checks need.
//!
//! One pass over the events assigns unique heading ids with anchor links, collects the table of
//! contents, turns GitHub alerts into callouts, rewrites links to `.md` files into page URLs and
//! records every internal link with its line and column, so the link check (in `model::links`)
//! can name the exact spot. It knows page URLs only through [`LinkResolver`], which `model`
//! provides. Widget calls (`{{ name(...) }}`) are found first by [`crate::widget_calls`]; this stage
//! leaves a marker where each goes, and any other `{{` is ordinary text.

pub mod highlight;
pub mod segments;
/// Slugs live below every stage that makes them (config checks term names with them too).
pub use crate::slug;

use std::collections::HashSet;
use std::fmt::Write as _;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd, html,
};
use serde::Serialize;

use crate::clean::{CleanReport, Cleaner, Removal, RemovalKind};
use crate::config::HeadingIds;
use crate::url_policy::{UrlKind, classify};
use crate::widget_calls::{self, CallKind, Piece, WidgetCall, WidgetError};

/// Answers the questions about the site that rendering one page needs.
pub trait LinkResolver: Sync {
    /// The site path (`/a/b/`) of the page written in `content/<rel>`, when there is one.
    fn page_path_for_file(&self, rel: &str) -> Option<String>;
    /// The base URL's path prefix (`""` or `/docs`) to put before internal absolute links.
    fn prefix(&self) -> &str;
    /// The rule heading ids follow (`heading_ids` in `site.yaml`).
    fn heading_ids(&self) -> HeadingIds {
        HeadingIds::default()
    }
    /// The site path of the file `content/<rel>` (an image or other file beside the pages).
    fn file_path_for_file(&self, rel: &str) -> Option<String> {
        let _ = rel;
        None
    }
    /// The one page file whose path is `rel` but for letter case, when there is exactly one.
    fn page_file_ignoring_case(&self, rel: &str) -> Option<String> {
        let _ = rel;
        None
    }
}

/// Where a link points, after resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `#id` on the same page.
    Anchor(String),
    /// A path on this site, with an optional `#id`.
    Site {
        /// Site path without the base-URL prefix, e.g. `/activation/` or `/images/a.png`.
        path: String,
        /// The fragment, without `#`.
        fragment: Option<String>,
    },
    /// A link to a `.md` file that is not a page of the site (missing, or a draft).
    MissingFile(String),
    /// A link with a scheme this site does not allow (`xref:System.String`); the link is left
    /// out of the page, its text kept.
    Scheme {
        /// The scheme, lower-case, without `:`.
        scheme: String,
        /// The URL as written.
        url: String,
    },
    /// A link to a `.md` file written with other letter case than the file's (`Commands.md`
    /// for `commands.md`): it goes to that page, and the check says the case differs.
    CaseMismatch {
        /// The file as the link names it, relative to `content/`.
        written: String,
        /// The file as it is.
        actual: String,
        /// The page's site path.
        path: String,
        /// The fragment, without `#`.
        fragment: Option<String>,
    },
}

/// An internal link or image found in the Markdown, with its position in the file.
#[derive(Debug, Clone)]
pub struct FoundLink {
    /// What it points to.
    pub target: LinkTarget,
    /// As written by the author.
    pub written: String,
    /// 1-based file line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// The widget whose markup holds the link (`None` for a link in the Markdown); the
    /// position is then the widget call's.
    pub widget: Option<WidgetLink>,
}

/// A link a widget writes: the link check names the widget and gives the widget's hint.
#[derive(Debug, Clone)]
pub struct WidgetLink {
    /// The widget's name.
    pub name: String,
    /// What to do when the target is missing.
    pub hint: String,
}

/// One heading, for the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The unique id on the page.
    pub id: String,
    /// Plain text of the heading.
    pub title: String,
}

/// The result of rendering one page's Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// Every heading in order.
    pub headings: Vec<Heading>,
    /// Every id an internal link may target (headings, raw HTML ids, footnotes).
    pub anchors: HashSet<String>,
    /// Internal links and images, for the link check.
    pub links: Vec<FoundLink>,
    /// What cleaning removed from this page.
    pub clean: CleanReport,
    /// Plain text before a `<!-- more -->` line, when the page has one.
    pub summary: Option<String>,
    /// Plain text of the first paragraph.
    pub first_paragraph: String,
    /// Plain text of the first level-1 heading.
    pub first_h1: Option<String>,
    /// The body's opening `# Heading` of a page that has a `title:` too: the template shows it
    /// as the page's one `<h1>` (the Markdown stage took it out of `html`).
    pub page_heading: Option<String>,
    /// Words of prose, for reading time.
    pub words: usize,
    /// Widget calls; [`widget_calls::marker`]`(i)` in `html` marks where call `i` goes.
    pub widgets: Vec<WidgetCall>,
    /// Widget calls written wrongly or placed where a widget cannot go.
    pub widget_errors: Vec<WidgetError>,
    /// Whether the body has a code block: the page then loads the code stylesheet and the
    /// copy button's script.
    pub has_code: bool,
}

/// What rendering one page needs to know about it.
pub struct PageInput<'a> {
    /// The Markdown body.
    pub body: &'a str,
    /// The 1-based file line on which the body starts.
    pub body_line: usize,
    /// The source path relative to `content/` (for relative `.md` links).
    pub rel: &'a str,
    /// The page's own site path (for relative links to other files).
    pub site_path: &'a str,
}

/// The HTML without its first `<h1>…</h1>` element: a page without a title in front matter
/// takes its first heading as the title, which the template shows as the page's one h1.
pub fn without_first_h1(html: &str) -> String {
    let Some(start) = html.find("<h1") else {
        return html.to_owned();
    };
    let Some(end) = html[start..]
        .find("</h1>")
        .map(|e| start + e + "</h1>".len())
    else {
        return html.to_owned();
    };
    let end = if html[end..].starts_with('\n') {
        end + 1
    } else {
        end
    };
    format!("{}{}", &html[..start], &html[end..])
}

/// The Markdown extensions Guidepost turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

struct OpenHeading {
    level: HeadingLevel,
    explicit_id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
    placeholder: usize,
    text: String,
    /// The text as written, before smart punctuation (`--`, not `–`): GitHub's ids use it.
    written: String,
    line: usize,
    /// A `{…}` block that is heading text, not attributes (`### -Name {Optional}`): written
    /// back at the heading's end.
    literal_block: Option<String>,
}

/// A Markdown link being written: how it ends, and what to do if the cleaner empties it.
struct OpenLink {
    end: LinkEnd,
    /// Index of its first output event (its start tag, unless dropped).
    start: usize,
    line: usize,
    url: String,
    /// Why the cleaner removed content inside it (an image), if it did.
    emptied_by: Option<RemovalKind>,
}

/// How a link's end tag is written, decided at its start.
enum LinkEnd {
    /// pulldown-cmark writes it.
    Plain,
    /// We wrote the start tag ourselves (to add `rel`): write `</a>`.
    Written,
    /// The link was removed; its text stays.
    Dropped,
}

/// Ids the default theme gives its own elements (skip-link target, table of contents, lists).
pub const THEME_IDS: &[&str] = &["main", "toc-heading", "sections-heading", "pages-heading"];

/// Renders one page. With a `cleaner`, links and images are checked, and the parts of the page
/// that came from raw HTML go through it; without one (benchmarks only), raw HTML passes as is.
pub fn render(
    input: &PageInput<'_>,
    resolver: &dyn LinkResolver,
    cleaner: Option<&Cleaner>,
) -> Rendered {
    let prepared = widget_calls::prepare(input.body, input.body_line, options());
    let text: &str = &prepared.text;
    let starts_of = |text: &str| -> Vec<usize> {
        std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect()
    };
    let line_starts = starts_of(text);
    // Widget calls sit on one line and their placeholders hold no line break, so lines agree
    // between the body and the text parsed; columns are counted in the body as written.
    let body_line_starts = match &prepared.text {
        std::borrow::Cow::Borrowed(_) => None,
        std::borrow::Cow::Owned(_) => Some(starts_of(input.body)),
    };
    // The line is a binary search; the column (characters, for diagnostics) is counted only
    // where a position is reported, not for every event.
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) - 1;
    let position = |offset: usize| {
        let idx = line_of(offset);
        let original = prepared.original_offset(offset);
        let line_start = body_line_starts.as_ref().unwrap_or(&line_starts)[idx];
        let col = input.body[line_start..original].chars().count() + 1;
        (input.body_line + idx, col)
    };

    let mut out = Rendered::default();
    // Ids the default theme uses itself: a heading never takes them.
    out.anchors
        .extend(THEME_IDS.iter().map(|id| (*id).to_owned()));
    let mut text_before_more = Some(String::new());
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut blocks = segments::Blocks::default();
    let mut heading: Option<OpenHeading> = None;
    let mut paragraph_depth: Option<String> = None;
    let mut seen_first_paragraph = false;
    let mut links_open: Vec<OpenLink> = Vec::new();
    let mut skipped_image_depth = 0usize;
    // Headings, links and images open: a widget cannot go inside them.
    let mut inline_depth = 0usize;
    let mut widget_events: Vec<usize> = Vec::new();
    // Blocks open around the current event, and the wrapping calls open: each call's index,
    // the depth of the block its marker is in, and whether that block has ended since.
    let mut block_depth = 0usize;
    let mut wrapping_open: Vec<(usize, usize, bool)> = Vec::new();
    // The language and text of the fenced code block open, when it names a known language.
    let mut highlighting: Option<(String, String)> = None;

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let shape = segments::Shape::of(&event);
        blocks.before(shape, events.len(), input.body_line + line_of(range.start));
        if skipped_image_depth > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => skipped_image_depth += 1,
                Event::End(TagEnd::Image) => skipped_image_depth -= 1,
                _ => {}
            }
            blocks.after(shape, events.len());
            continue;
        }
        if let Some(open) = heading.as_mut()
            && let Event::Text(t) | Event::Code(t) = &event
        {
            let visible = prepared.visible(t);
            open.written
                .push_str(before_smart_punctuation(&visible, &text[range.clone()]));
            open.text.push_str(&visible);
        }
        if let Some(text) = paragraph_depth.as_mut() {
            if let Event::Text(t) | Event::Code(t) = &event {
                text.push_str(&prepared.visible(t));
            } else if matches!(event, Event::SoftBreak | Event::HardBreak) {
                text.push(' ');
            }
        }
        // Text events add themselves (below, without widget placeholders); code, line breaks
        // and block ends are what keeps the summary's words apart.
        if let Some(before) = text_before_more.as_mut() {
            match &event {
                Event::Code(code) => before.push_str(code),
                Event::SoftBreak | Event::HardBreak => before.push(' '),
                Event::End(end) if !is_inline(end) => before.push(' '),
                _ => {}
            }
        }
        match &event {
            Event::Start(_) => block_depth += 1,
            Event::End(_) => {
                block_depth = block_depth.saturating_sub(1);
                for open in &mut wrapping_open {
                    open.2 |= block_depth < open.1;
                }
            }
            _ => {}
        }
        match &event {
            Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. }) => {
                inline_depth += 1;
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image) => {
                inline_depth = inline_depth.saturating_sub(1);
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Only `#id`, `.class` and `key=value` make an attribute block; a bare word
                // (`{Optional}`, common in command references) means the braces are text.
                let literal_block = attrs
                    .iter()
                    .any(|(_, value)| value.is_none())
                    .then(|| attribute_block(&text[range.clone()]))
                    .flatten();
                let (id, classes, attrs) = match literal_block {
                    Some(_) => (None, Vec::new(), Vec::new()),
                    None => (id, classes, attrs),
                };
                heading = Some(OpenHeading {
                    level,
                    explicit_id: id.map(|i| i.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    attrs: attrs
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.as_ref().map(|v| v.to_string())))
                        .collect(),
                    placeholder: events.len(),
                    text: String::new(),
                    written: String::new(),
                    line: input.body_line + line_of(range.start),
                    literal_block: literal_block.map(str::to_owned),
                });
                events.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut open) = heading.take() {
                    if let Some(block) = open.literal_block.take() {
                        let shown = format!(" {block}");
                        open.text.push_str(&shown);
                        open.written.push_str(&shown);
                        events.push(Event::Text(CowStr::from(shown)));
                    }
                    close_heading(open, resolver.heading_ids(), &mut events, &mut out);
                }
            }
            Event::Start(Tag::Paragraph) if !seen_first_paragraph && heading.is_none() => {
                paragraph_depth = Some(String::new());
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(text) = paragraph_depth.take() {
                    // A paragraph holding only a widget is not the page's first paragraph.
                    if !text.trim().is_empty() {
                        // What stood between words (a widget call, a comment) leaves one space.
                        out.first_paragraph = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        seen_first_paragraph = true;
                    }
                }
                events.push(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert_names(kind);
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // An email autolink (`<someone@example.com>`) carries the bare address; the
                // link is its `mailto:` URL, judged and written as any other.
                let (link_type, dest_url) = match link_type {
                    LinkType::Email => (
                        LinkType::Autolink,
                        CowStr::from(format!("mailto:{dest_url}")),
                    ),
                    other => (other, dest_url),
                };
                let (line, col) = position(range.start);
                let mut open = OpenLink {
                    end: LinkEnd::Plain,
                    start: events.len(),
                    line,
                    url: shorten(&dest_url),
                    emptied_by: None,
                };
                let disallowed = match classify(&dest_url, "") {
                    UrlKind::Scheme(scheme)
                        if cleaner.is_some_and(|c| !c.allows_scheme(&scheme)) =>
                    {
                        Some(scheme)
                    }
                    _ => None,
                };
                if let Some(scheme) = disallowed {
                    out.links.push(FoundLink {
                        target: LinkTarget::Scheme {
                            scheme,
                            url: dest_url.to_string(),
                        },
                        written: dest_url.to_string(),
                        line,
                        col,
                        widget: None,
                    });
                    open.end = LinkEnd::Dropped;
                } else if let Some(kind) =
                    cleaner.and_then(|c| c.judge_markdown_url(&dest_url, false))
                {
                    out.clean.removals.push(Removal::new(
                        kind,
                        line,
                        format!("link to {}", shorten(&dest_url)),
                    ));
                    open.end = LinkEnd::Dropped;
                } else {
                    let dest_url = examine_link(dest_url, line, col, input, resolver, &mut out);
                    match cleaner.filter(|c| c.is_external(&dest_url)) {
                        Some(c) => {
                            let title_attr = if title.is_empty() {
                                String::new()
                            } else {
                                format!(" title=\"{}\"", escape_attr(&title))
                            };
                            events.push(Event::Html(CowStr::from(format!(
                                "<a href=\"{}\"{title_attr} rel=\"{}\">",
                                escape_attr(&dest_url),
                                c.external_rel()
                            ))));
                            open.end = LinkEnd::Written;
                        }
                        None => {
                            events.push(Event::Start(Tag::Link {
                                link_type,
                                dest_url,
                                title,
                                id,
                            }));
                        }
                    }
                }
                links_open.push(open);
            }
            Event::End(TagEnd::Link) => match links_open.pop() {
                // A link left with nothing to show once the cleaner removed what it wrapped goes.
                Some(open)
                    if open.emptied_by.is_some()
                        && !matches!(open.end, LinkEnd::Dropped)
                        && !shows_anything(&events[open.start + 1..]) =>
                {
                    events.truncate(open.start);
                    out.clean.removals.push(Removal::new(
                        open.emptied_by.unwrap_or(RemovalKind::RemoteResource),
                        open.line,
                        format!("link to {} that only wrapped removed content", open.url),
                    ));
                }
                Some(OpenLink {
                    end: LinkEnd::Written,
                    ..
                }) => events.push(Event::Html(CowStr::Borrowed("</a>"))),
                Some(OpenLink {
                    end: LinkEnd::Dropped,
                    ..
                }) => {}
                _ => events.push(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (line, col) = position(range.start);
                if let Some(kind) = cleaner.and_then(|c| c.judge_markdown_url(&dest_url, true)) {
                    let detail = match cleaner.and_then(|c| c.image_advice(&dest_url)) {
                        Some(advice) => format!("image {}: {advice}", shorten(&dest_url)),
                        None => format!("image {}", shorten(&dest_url)),
                    };
                    out.clean.removals.push(Removal::new(kind, line, detail));
                    skipped_image_depth = 1;
                    if let Some(link) = links_open.last_mut() {
                        link.emptied_by.get_or_insert(kind);
                    }
                } else {
                    let dest_url = examine_link(dest_url, line, col, input, resolver, &mut out);
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                out.anchors.insert(name.to_string());
                events.push(Event::Start(Tag::FootnoteDefinition(name)));
            }
            // The marker of a wrapping call: an HTML block of its own, in the block that holds
            // it (the HTML block itself is one level deeper).
            Event::Html(raw) if let Some(index) = prepared.wrapping_call(&raw) => {
                let container = block_depth.saturating_sub(1);
                match prepared.calls[index].kind {
                    CallKind::Opens { .. } => wrapping_open.push((index, container, false)),
                    CallKind::Closes { open } => {
                        let opened = wrapping_open.pop();
                        if opened != Some((open, container, false)) {
                            let call = &prepared.calls[index];
                            out.widget_errors.push(call.error(
                                format!(
                                    "`{{% end %}}` of `{}` (line {}) is not in the list item or quote that its opening is in",
                                    call.name, prepared.calls[open].line
                                ),
                                format!(
                                    "put `{{% {}(…) %}}` and `{{% end %}}` at the same indentation: both outside any list, or both in the same list item",
                                    call.name
                                ),
                            ));
                        }
                    }
                    CallKind::Single => {}
                }
                events.push(Event::Html(CowStr::from(format!("{}\n", raw.trim()))));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if raw.trim() == "<!-- more -->"
                    && let Some(text) = text_before_more.take()
                {
                    out.summary = Some(text.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                collect_raw_ids(&raw, &mut out.anchors);
                if cleaner.is_some() {
                    let line = input.body_line + line_of(range.start);
                    events.push(Event::Html(CowStr::from(format!("<!--gp:{line}-->"))));
                }
                blocks.raw(&raw);
                events.push(Event::Html(raw));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                out.has_code = true;
                if let CodeBlockKind::Fenced(info) = &kind {
                    let language = info.split_whitespace().next().unwrap_or_default();
                    if highlight::knows(language) {
                        highlighting = Some((language.to_owned(), String::new()));
                    }
                }
                events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::Text(text) if highlighting.is_some() => {
                out.words += text.split_whitespace().count();
                if let Some(before) = text_before_more.as_mut() {
                    before.push_str(&text);
                }
                if let Some((_, code)) = highlighting.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, code)) = highlighting.take() {
                    events.push(match highlight::highlight(&language, &code) {
                        Some(html) => Event::Html(CowStr::from(html)),
                        None => Event::Text(CowStr::from(code)),
                    });
                }
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) => match prepared.pieces(&text) {
                None => {
                    out.words += text.split_whitespace().count();
                    if let Some(before) = text_before_more.as_mut() {
                        before.push_str(&text);
                    }
                    events.push(Event::Text(text));
                }
                Some(pieces) => {
                    for piece in pieces {
                        match piece {
                            Piece::Text(part) => {
                                out.words += part.split_whitespace().count();
                                if let Some(before) = text_before_more.as_mut() {
                                    before.push_str(part);
                                }
                                events.push(Event::Text(CowStr::from(part.to_owned())));
                            }
                            Piece::Widget(index) if inline_depth > 0 => {
                                let call = &prepared.calls[index];
                                out.widget_errors.push(call.error(
                                    format!(
                                        "widget `{}` cannot go inside a heading, link or image",
                                        call.name
                                    ),
                                    "put the widget call in a paragraph of its own".to_owned(),
                                ));
                            }
                            Piece::Widget(index) => {
                                widget_events.push(events.len());
                                events.push(Event::Html(CowStr::from(widget_calls::marker(index))));
                            }
                        }
                    }
                }
            },
            other => events.push(other),
        }
        blocks.after(shape, events.len());
    }

    unwrap_block_widgets(&mut events, &widget_events);
    link_block_images(&mut events);
    out.widgets = prepared.calls.clone();
    out.widget_errors.extend(prepared.errors.iter().cloned());
    out.html = match cleaner {
        Some(cleaner) if blocks.has_raw_html() => {
            segments::render_cleaned(events, blocks.finish(), cleaner, &mut out.clean)
        }
        _ => {
            let mut html_out = String::with_capacity(input.body.len() * 3 / 2);
            html::push_html(&mut html_out, events.into_iter());
            html_out
        }
    };
    if !out.clean.is_empty() {
        // A paragraph whose only content was a removed image or ad leaves no empty box behind.
        out.html = out.html.replace("<p></p>\n", "").replace("<p></p>", "");
        // Links and images were judged while parsing, raw parts afterwards: the report reads
        // in source order (a stable sort keeps one line's items as found).
        out.clean.removals.sort_by_key(|r| r.line);
        out.clean.warnings.sort_by_key(|w| w.line);
    }
    out
}

/// A paragraph that holds nothing but a widget loses its `<p>`, so the widget's block-level
/// markup is not nested in a paragraph. The events stay in place (blocks index into them).
fn unwrap_block_widgets(events: &mut [Event<'_>], widget_events: &[usize]) {
    for &at in widget_events {
        if at == 0 || at + 1 >= events.len() {
            continue;
        }
        if matches!(events[at - 1], Event::Start(Tag::Paragraph))
            && matches!(events[at + 1], Event::End(TagEnd::Paragraph))
        {
            events[at - 1] = Event::Html(CowStr::Borrowed(""));
            events[at + 1] = Event::Html(CowStr::Borrowed(""));
        }
    }
}

/// The words of the link under an image that stands alone in its paragraph.
const OPEN_IMAGE_TEXT: &str = "Open the full-size image";

/// An image of the site's own that stands alone in its paragraph (a diagram, a screenshot)
/// becomes a link to the image file, with [`OPEN_IMAGE_TEXT`] under it: on a phone the image
/// shrinks to the screen's width, and one tap opens it alone, where the reader can zoom. The
/// image keeps its alt text, which with the visible words names the link; search leaves the
/// words out (`data-pagefind-ignore`). An image already in a
/// link, beside other text, or from another host stays as it is. Only the paragraph's own
/// events change (blocks index into the events).
fn link_block_images(events: &mut [Event<'_>]) {
    let mut at = 0;
    while at + 1 < events.len() {
        let Event::Start(Tag::Image { dest_url, .. }) = &events[at + 1] else {
            at += 1;
            continue;
        };
        let own = !dest_url.is_empty() && !dest_url.starts_with('#') && !is_external(dest_url);
        // The next image end; when an image written in the alt text ends there instead, the
        // paragraph check below fails and the image stays as it is.
        let Some(end) = events[at + 2..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Image)))
            .map(|i| at + 2 + i)
        else {
            break;
        };
        if own
            && matches!(events[at], Event::Start(Tag::Paragraph))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)))
        {
            events[at] = Event::Html(CowStr::from(format!(
                "<p><a class=\"figure-open\" href=\"{}\">",
                escape_attr(dest_url)
            )));
            events[end + 1] = Event::Html(CowStr::from(format!(
                "<br><span data-pagefind-ignore=\"\">{OPEN_IMAGE_TEXT}</span></a></p>\n"
            )));
        }
        at = end + 1;
    }
}

/// Whether a tag is inline content (its end does not end a block of text).
fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// A URL cut to a readable length for reports.
fn shorten(url: &str) -> String {
    if url.chars().count() <= 80 {
        url.to_owned()
    } else {
        format!("{}…", url.chars().take(80).collect::<String>())
    }
}

fn close_heading(
    open: OpenHeading,
    rule: HeadingIds,
    events: &mut Vec<Event<'_>>,
    out: &mut Rendered,
) {
    let level = open.level as u8;
    let title = open.text.trim().to_owned();
    if level == 1 && out.first_h1.is_none() {
        out.first_h1 = Some(title.clone());
    }
    let base = open.explicit_id.clone().unwrap_or_else(|| match rule {
        HeadingIds::Github => slug::github(open.written.trim()),
        HeadingIds::Compact => slug::slugify(&title),
    });
    let base = if base.is_empty() {
        "section".to_owned()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while out.anchors.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    out.anchors.insert(id.clone());
    let id_attr = escape_attr(&id);
    let mut start = format!("<h{level} id=\"{id_attr}\"");
    if !open.classes.is_empty() {
        let _ = write!(start, " class=\"{}\"", escape_attr(&open.classes.join(" ")));
    }
    for (key, value) in &open.attrs {
        if !is_safe_heading_attribute(key) {
            let lower = key.to_ascii_lowercase();
            let kind = if lower == "style" {
                RemovalKind::Style
            } else if lower.starts_with("on") {
                RemovalKind::EventHandler
            } else {
                RemovalKind::NotAllowed
            };
            let detail = format!("heading attribute `{key}`");
            out.clean
                .removals
                .push(Removal::new(kind, open.line, detail));
            continue;
        }
        let _ = write!(
            start,
            " {}=\"{}\"",
            escape_attr(key),
            escape_attr(value.as_deref().unwrap_or(""))
        );
    }
    start.push('>');
    events[open.placeholder] = Event::Html(CowStr::from(start));
    events.push(Event::Html(CowStr::from(format!(
        " <a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to this section: {}\">#</a></h{level}>\n",
        escape_attr(&title)
    ))));
    out.headings.push(Heading { level, id, title });
}

/// Whether these events (a link's content) show the reader anything: text other than
/// whitespace, code, an image, raw HTML, a footnote reference.
fn shows_anything(events: &[Event<'_>]) -> bool {
    events.iter().any(|e| match e {
        Event::Text(t) => !t.trim().is_empty(),
        Event::SoftBreak | Event::HardBreak => false,
        Event::Html(h) => !(h.starts_with("<!--gp:") && h.ends_with("-->")),
        _ => true,
    })
}

/// Heading attributes (`## Title {lang=de}`) that cannot run script or load anything.
/// A text event's characters as written when smart punctuation made them (`--` for `–`,
/// `'` for `’`); else as given.
fn before_smart_punctuation<'a>(given: &'a str, written: &'a str) -> &'a str {
    let smart = matches!(given, "‘" | "’" | "“" | "”" | "–" | "—" | "…");
    let plain = matches!(written, "'" | "\"" | "--" | "---" | "...");
    if smart && plain { written } else { given }
}

/// The `{…}` block ending a heading's source (ATX or setext), as written.
fn attribute_block(source: &str) -> Option<&str> {
    source.lines().find_map(|line| {
        let end = line.trim_end().trim_end_matches('#').trim_end();
        let open = end.strip_suffix('}').map(|_| end.rfind('{'))??;
        Some(&end[open..])
    })
}

fn is_safe_heading_attribute(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    matches!(key.as_str(), "title" | "lang" | "dir")
        || key.strip_prefix("data-").is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

fn alert_names(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Whether a URL names its own scheme (`https:`, `mailto:`) or host (`//x`): not ours to check.
pub fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Classifies one link, records it when internal, and returns the URL to write.
fn examine_link<'a>(
    dest: CowStr<'a>,
    line: usize,
    col: usize,
    input: &PageInput<'_>,
    resolver: &dyn LinkResolver,
    out: &mut Rendered,
) -> CowStr<'a> {
    let written = dest.to_string();
    if written.is_empty() || is_external(&written) {
        return dest;
    }
    let (path_part, fragment) = match written.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (written.as_str(), None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let mut record = |target: LinkTarget| {
        out.links.push(FoundLink {
            target,
            written: written.clone(),
            line,
            col,
            widget: None,
        });
    };
    if path_part.is_empty() {
        record(LinkTarget::Anchor(fragment.unwrap_or_default()));
        return dest;
    }
    let with_fragment = |path: &str| match &fragment {
        Some(f) => format!("{}{path}#{f}", resolver.prefix()),
        None => format!("{}{path}", resolver.prefix()),
    };
    // A link to a file names it as a URL does: `my%20page.md` is `my page.md`.
    let file_part = percent_encoding::percent_decode_str(path_part)
        .decode_utf8()
        .unwrap_or(std::borrow::Cow::Borrowed(path_part));
    // The Markdown file's folder, which relative links to files are read from.
    let dir = input.rel.rsplit_once('/').map_or("", |(d, _)| d);
    if file_part.ends_with(".md") {
        let file = if let Some(abs) = file_part.strip_prefix('/') {
            normalize(abs.strip_prefix("content/").unwrap_or(abs))
        } else {
            normalize(&format!("{dir}/{file_part}"))
        };
        return match resolver.page_path_for_file(&file) {
            Some(path) => {
                let url = with_fragment(&path);
                record(LinkTarget::Site { path, fragment });
                CowStr::from(url)
            }
            None => match resolver
                .page_file_ignoring_case(&file)
                .and_then(|actual| Some((resolver.page_path_for_file(&actual)?, actual)))
            {
                Some((path, actual)) => {
                    let url = with_fragment(&path);
                    record(LinkTarget::CaseMismatch {
                        written: file,
                        actual,
                        path,
                        fragment,
                    });
                    CowStr::from(url)
                }
                None => {
                    record(LinkTarget::MissingFile(file));
                    dest
                }
            },
        };
    }
    if path_part.starts_with('/') {
        let url = with_fragment(path_part);
        record(LinkTarget::Site {
            path: normalize_site(path_part),
            fragment,
        });
        return CowStr::from(url);
    }
    // A relative link to a file is read from the Markdown file's folder, as GitHub reads it:
    // `img/pic.png` in `content/setup/install.md` is `content/setup/img/pic.png`. It is written
    // as the URL that works in the output.
    if !file_part.ends_with('/') {
        let file = normalize(&format!("{dir}/{file_part}"));
        if let Some(path) = resolver.file_path_for_file(&file) {
            // Where the page's URL already leads there (a bundle's own files), the link stays
            // as written.
            let as_written = normalize_site(&format!("{}{path_part}", input.site_path)) == path;
            let url = with_fragment(&path);
            record(LinkTarget::Site { path, fragment });
            return if as_written { dest } else { CowStr::from(url) };
        }
    }
    // mdBook publishes `chapter.md` as `chapter.html`, and books moved in from it link to their
    // chapters that way: a relative `chapter.html` that is no file, where `chapter.md` beside the
    // Markdown file is a page, goes to that page.
    if let Some(stem) = file_part.strip_suffix(".html")
        && let Some(path) = resolver.page_path_for_file(&normalize(&format!("{dir}/{stem}.md")))
    {
        let url = with_fragment(&path);
        record(LinkTarget::Site { path, fragment });
        return CowStr::from(url);
    }
    // Otherwise (a page, or nothing at all) it is read from the page's URL, as a browser does.
    let joined = format!("{}{path_part}", input.site_path);
    record(LinkTarget::Site {
        path: normalize_site(&joined),
        fragment,
    });
    dest
}

/// Resolves `.` and `..` in a slash-separated relative path (no leading slash in the result).
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Resolves `.` and `..` in a site path, keeping the leading and a trailing slash.
pub fn normalize_site(path: &str) -> String {
    let joined = normalize(path);
    let trailing = path.ends_with('/') && !joined.is_empty();
    format!("/{joined}{}", if trailing { "/" } else { "" })
}

/// Adds every `id="..."` written in raw HTML to the anchors a link may target.
fn collect_raw_ids(raw: &str, anchors: &mut HashSet<String>) {
    let lower = raw.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("id=") {
        let at = from + found;
        from = at + 3;
        let preceded_by_space = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let Some(quote) = raw[from..].chars().next() else {
            break;
        };
        if !preceded_by_space || (quote != '"' && quote != '\'') {
            continue;
        }
        if let Some(end) = raw[from + 1..].find(quote) {
            anchors.insert(raw[from + 1..from + 1 + end].to_owned());
        }
    }
}

/// Escapes text for an HTML attribute value.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
