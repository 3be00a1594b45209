//! The body of an article, one top-level Markdown block at a time.
//!
//! Blocks written in pure Markdown are kept as the author wrote them, with only targeted edits:
//! a link to an ad network loses the link and keeps its text, an ad image goes, a short
//! affiliate disclaimer goes. Blocks that hold raw HTML are grouped the way the build groups
//! them (while a tag is open, and with raw neighbours), rendered to HTML with their source
//! lines marked, judged by the build's cleaner and written back as Markdown
//! ([`super::convert`]). Link reference definitions that point to ad networks go too.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
use scraper::Html;

use super::convert::{self, is_relative, label, shorten};
use super::report::Findings;
use super::{detect, judge};
use crate::clean::{Cleaner, RemovalKind};
use crate::markdown::segments::tag_balance;
use crate::url_policy::{UrlKind, classify, host_of};

/// The build's Markdown options without smart punctuation, so converted text keeps the
/// article's own quotes and dashes (the build still curls them when it renders).
pub(super) fn options() -> Options {
    let mut options = crate::markdown::options();
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    options
}

/// One top-level block: its events, its source and the raw HTML in it.
struct Block {
    events: Range<usize>,
    src: Range<usize>,
    raw: Option<String>,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading,
    Quote,
    Other,
}

/// An edit of pure Markdown: replace a range with text, or with (edited) source of a range
/// inside it (a link's text).
struct Edit {
    range: Range<usize>,
    with: With,
}

enum With {
    Text(String),
    Inner(Range<usize>),
}

struct Body<'a> {
    text: &'a str,
    targets: HashSet<String>,
    line_starts: Vec<usize>,
    line_of: &'a [usize],
    cleaner: &'a Cleaner,
    found: &'a mut Findings,
}

/// Converts a body (ad regions already cut); `line_of[i]` is the file line of its line `i`.
pub(super) fn convert(
    text: &str,
    line_of: &[usize],
    cleaner: &Cleaner,
    found: &mut Findings,
) -> String {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    let blocks = top_level(&events);
    let mut body = Body {
        text,
        targets: link_targets(text),
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        line_of,
        cleaner,
        found,
    };
    // A label ("Also read:") written in Markdown right before raw HTML joins it, so the link
    // farm is seen whole.
    // `<!-- more -->` (where the summary ends) is kept as written.
    let grouped: Vec<bool> = (0..blocks.len())
        .map(|i| {
            blocks[i]
                .raw
                .as_deref()
                .is_some_and(|raw| raw.trim() != "<!-- more -->")
                || (matches!(blocks[i].kind, Kind::Paragraph | Kind::Heading)
                    && blocks.get(i + 1).is_some_and(|b| b.raw.is_some())
                    && detect::is_farm_label(&plain_text(&events[blocks[i].events.clone()])))
        })
        .collect();

    // Each block from the start of its first line; a block's range may run over blank lines
    // into the next block's indentation, so it ends where the next one starts at the latest.
    let starts: Vec<usize> = blocks
        .iter()
        .map(|b| body.line_start(b.src.start))
        .collect();
    let ends: Vec<usize> = (0..blocks.len())
        .map(|i| {
            let end = blocks[i].src.end.max(starts[i]);
            starts.get(i + 1).map_or(end, |&next| end.min(next))
        })
        .collect();
    let mut pieces = Vec::new();
    let mut done = 0;
    let mut i = 0;
    while i < blocks.len() {
        let start = starts[i].max(done);
        body.gap(done..start, &mut pieces);
        if grouped[i] {
            let mut open = 0;
            let mut j = i;
            loop {
                if let Some(raw) = &blocks[j].raw {
                    open = tag_balance(raw, open);
                }
                j += 1;
                if j >= blocks.len() || (open == 0 && !grouped[j]) {
                    break;
                }
            }
            let markdown = body.group(&events[blocks[i].events.start..blocks[j - 1].events.end]);
            if !markdown.trim().is_empty() {
                pieces.push(markdown);
            }
            done = ends[j - 1].max(start);
            i = j;
        } else {
            if let Some(markdown) = body.pure(&events, &blocks[i], start..ends[i]) {
                pieces.push(markdown);
            }
            done = ends[i].max(start);
            i += 1;
        }
    }
    body.gap(done..text.len(), &mut pieces);
    pieces.join("\n\n")
}

/// Cuts the event stream into top-level blocks.
fn top_level(events: &[(Event<'_>, Range<usize>)]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Block> = None;
    for (i, (event, range)) in events.iter().enumerate() {
        if depth == 0 {
            let kind = match event {
                Event::Start(Tag::Paragraph) => Kind::Paragraph,
                Event::Start(Tag::Heading { .. }) => Kind::Heading,
                Event::Start(Tag::BlockQuote(_)) => Kind::Quote,
                _ => Kind::Other,
            };
            current = Some(Block {
                events: i..i,
                src: range.clone(),
                raw: None,
                kind,
            });
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if let (Event::Html(raw) | Event::InlineHtml(raw), Some(block)) = (event, current.as_mut())
        {
            block.raw.get_or_insert_with(String::new).push_str(raw);
        }
        if depth == 0
            && let Some(mut block) = current.take()
        {
            block.events.end = i + 1;
            blocks.push(block);
        }
    }
    blocks
}

/// The text of some events, as a reader sees it.
fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

impl Body<'_> {
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The file line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.line_of
            .get(self.line_index(offset))
            .copied()
            .unwrap_or(0)
    }

    fn line_start(&self, offset: usize) -> usize {
        self.line_starts[self.line_index(offset)]
    }

    /// Text between blocks: blank lines (collapsed by the caller's join) and link reference
    /// definitions, kept unless they point to an ad network.
    fn gap(&mut self, range: Range<usize>, pieces: &mut Vec<String>) {
        if range.start >= range.end {
            return;
        }
        let mut kept: Vec<&str> = Vec::new();
        let mut offset = range.start;
        for line in self.text[range].split_inclusive('\n') {
            let at = offset;
            offset += line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            if content.trim().is_empty() {
                if !kept.is_empty() {
                    pieces.push(kept.join("\n"));
                    kept.clear();
                }
                continue;
            }
            if let Some((name, target)) = definition(content)
                && let Some(kind) = self.cleaner.judge_markdown_url(target, false)
            {
                self.found.removed(
                    self.line(at),
                    format!(
                        "link definition [{name}]: {} to {}",
                        label(kind),
                        shorten(target)
                    ),
                );
                continue;
            }
            kept.push(content);
        }
        if !kept.is_empty() {
            pieces.push(kept.join("\n"));
        }
    }

    /// A block of pure Markdown, as written, minus ad links and images; `None` when nothing
    /// stays (a disclaimer, a paragraph that was only an ad).
    fn pure(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        block: &Block,
        source: Range<usize>,
    ) -> Option<String> {
        let own = &events[block.events.clone()];
        if matches!(block.kind, Kind::Paragraph | Kind::Quote)
            && detect::is_disclaimer(&plain_text(own))
        {
            self.found
                .removed(self.line(block.src.start), "affiliate disclaimer");
            return None;
        }
        // Links with the source range of their text; images.
        type Link = (Range<usize>, Option<Range<usize>>, LinkType, String);
        let mut links: Vec<Link> = Vec::new();
        let mut open: Vec<Link> = Vec::new();
        let mut images: Vec<(Range<usize>, String)> = Vec::new();
        for (event, range) in own {
            if let Event::End(TagEnd::Link) = event
                && let Some(link) = open.pop()
            {
                links.push(link);
            }
            for (_, inner, _, _) in open.iter_mut() {
                *inner = Some(match inner.take() {
                    Some(r) => r.start.min(range.start)..r.end.max(range.end),
                    None => range.clone(),
                });
            }
            match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => open.push((range.clone(), None, *link_type, dest_url.to_string())),
                Event::Start(Tag::Image { dest_url, .. }) => {
                    images.push((range.clone(), dest_url.to_string()));
                }
                _ => {}
            }
        }

        let mut edits = Vec::new();
        for (range, inner, link_type, target) in links {
            let line = self.line(range.start);
            let Some(kind) = self.cleaner.judge_markdown_url(&target, false) else {
                if is_relative(&target) {
                    self.found.relative_link(line, format!("link {target}"));
                }
                continue;
            };
            let inner = inner.unwrap_or(range.start..range.start);
            let keep_text = !matches!(link_type, LinkType::Autolink | LinkType::Email)
                && self.text[inner.clone()].chars().any(char::is_alphanumeric);
            let what = match (classify(&target, ""), kind) {
                (UrlKind::Dangerous(scheme), _) => format!("{scheme}: link"),
                (_, RemovalKind::AdNetwork) => format!("affiliate link to {}", host(&target)),
                (_, kind) => format!("{} to {}", label(kind), shorten(&target)),
            };
            if keep_text {
                self.found.removed(line, format!("{what} (its text kept)"));
                edits.push(Edit {
                    range,
                    with: With::Inner(inner),
                });
            } else {
                self.found.removed(line, what);
                edits.push(Edit {
                    range,
                    with: With::Text(String::new()),
                });
            }
        }
        for (range, target) in images {
            let removed_with_link = edits.iter().any(|e| {
                matches!(e.with, With::Text(_))
                    && e.range.start <= range.start
                    && range.end <= e.range.end
            });
            if removed_with_link {
                continue;
            }
            let line = self.line(range.start);
            match self.cleaner.judge_markdown_url(&target, true) {
                None => {
                    if is_relative(&target) {
                        self.found.relative_link(line, format!("image {target}"));
                    }
                }
                Some(RemovalKind::RemoteResource) => self.found.remote_image(line, target),
                Some(kind) => {
                    let what = match kind {
                        RemovalKind::AdNetwork => format!("ad image from {}", host(&target)),
                        kind => format!("image: {} {}", label(kind), shorten(&target)),
                    };
                    self.found.removed(line, what);
                    edits.push(Edit {
                        range,
                        with: With::Text(String::new()),
                    });
                }
            }
        }

        let text = apply(self.text, source, &edits);
        let mut lines: Vec<&str> = text.lines().collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        let text = lines.join("\n");
        if text.trim().is_empty() {
            None
        } else {
            Some(text)
        }
    }

    /// Blocks holding raw HTML: rendered with source-line markers, judged, converted.
    fn group(&mut self, events: &[(Event<'_>, Range<usize>)]) -> String {
        let mut marked: Vec<Event<'_>> = Vec::with_capacity(events.len() * 2);
        let mut in_image = 0usize;
        let mut in_tag = TagState::Text;
        for (event, range) in events {
            let marks = in_image == 0
                && in_tag == TagState::Text
                && matches!(
                    event,
                    Event::Start(_) | Event::Html(_) | Event::InlineHtml(_)
                );
            if marks {
                marked.push(Event::Html(CowStr::from(format!(
                    "<!--gp:{}-->",
                    self.line(range.start)
                ))));
            }
            match event {
                Event::Start(Tag::Image { .. }) => in_image += 1,
                Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
                Event::Html(raw) | Event::InlineHtml(raw) => in_tag = in_tag.after(raw),
                _ => {}
            }
            marked.push(event.clone());
        }
        let mut rendered = String::new();
        html::push_html(&mut rendered, marked.into_iter());
        let mut doc = Html::parse_fragment(&rendered);
        let judged = judge::judge(&mut doc, self.cleaner);
        convert::convert(&doc, &judged, self.cleaner, &self.targets, self.found).join("\n\n")
    }
}

/// Where raw HTML text leaves the parser: in text, or inside a tag (a marker there would become
/// part of the tag).
#[derive(Clone, Copy, PartialEq, Eq)]
enum TagState {
    Text,
    Tag,
    Quoted(char),
}

impl TagState {
    fn after(mut self, raw: &str) -> TagState {
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            self = match (self, c) {
                (TagState::Text, '<') => match chars.peek() {
                    Some(n) if n.is_ascii_alphabetic() || *n == '/' || *n == '!' => TagState::Tag,
                    _ => TagState::Text,
                },
                (TagState::Tag, '>') => TagState::Text,
                (TagState::Tag, '"' | '\'') => TagState::Quoted(c),
                (TagState::Quoted(q), c) if c == q => TagState::Tag,
                (state, _) => state,
            };
        }
        self
    }
}

/// Every `#id` written in the text: the ids its links may target.
fn link_targets(text: &str) -> HashSet<String> {
    text.split('#')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect::<String>()
        })
        .filter(|id| !id.is_empty())
        .collect()
}

/// The host of a URL for the report (the URL itself when it has none).
fn host(target: &str) -> String {
    let host = host_of(target);
    if host.is_empty() {
        shorten(target)
    } else {
        host
    }
}

/// `[name]: url` (a link reference definition).
fn definition(line: &str) -> Option<(&str, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line.trim_start().strip_prefix('[')?;
    let (name, rest) = rest.split_once("]:")?;
    let target = rest.split_whitespace().next()?;
    let target = target
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(target);
    Some((name, target))
}

/// `text[range]` with the edits inside it applied (an edit inside another's kept text too).
fn apply(text: &str, range: Range<usize>, edits: &[Edit]) -> String {
    let mut inside: Vec<&Edit> = edits
        .iter()
        .filter(|e| range.start <= e.range.start && e.range.end <= range.end && e.range != range)
        .collect();
    inside.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
    let mut out = String::new();
    let mut at = range.start;
    for edit in inside {
        if edit.range.start < at {
            continue; // inside an edit already applied
        }
        out.push_str(&text[at..edit.range.start]);
        match &edit.with {
            With::Text(t) if t.is_empty() => {
                // `or <removed>.` → `or.`: no space left before punctuation or a line end.
                let next = text[edit.range.end..range.end].chars().next();
                if out.ends_with(' ')
                    && next.is_none_or(|c| c == ' ' || c == '\n' || c.is_ascii_punctuation())
                    && !out.ends_with("  ")
                {
                    out.pop();
                }
            }
            With::Text(t) => out.push_str(t),
            With::Inner(inner) => out.push_str(&apply(text, inner.clone(), edits)),
        }
        at = edit.range.end;
    }
    out.push_str(&text[at..range.end]);
    out
}
