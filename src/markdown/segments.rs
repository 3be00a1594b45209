//! Splits a page into the parts that came from raw HTML and the parts that are pure Markdown.
//!
//! Pure Markdown renders to escaped HTML whose only risky parts, URLs, the Markdown stage has
//! already checked; it skips the cleaner, which is where most of cleaning's cost would go. A
//! top-level block that holds raw HTML starts a segment that runs on while tags it opened are
//! still open or an ad-marker region is still open, so the cleaner sees whole elements; every
//! segment it returns is well-formed, so segments can be joined without one leaking into the next.

use pulldown_cmark::{CowStr, Event, html};

use crate::clean::markers::Regions;
use crate::clean::{CleanReport, Cleaner};

/// Whether an event opens, closes, or is neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `Event::Start`.
    Start,
    /// `Event::End`.
    End,
    /// Anything else.
    Other,
}

impl Shape {
    /// The shape of an event.
    pub fn of(event: &Event<'_>) -> Shape {
        match event {
            Event::Start(_) => Shape::Start,
            Event::End(_) => Shape::End,
            _ => Shape::Other,
        }
    }
}

/// One top-level block: a range of output events and the raw HTML it holds.
#[derive(Debug, Default)]
pub struct Block {
    start: usize,
    end: usize,
    line: usize,
    raw_html: Option<String>,
}

/// Tracks top-level blocks while the Markdown stage walks the source events.
#[derive(Debug, Default)]
pub struct Blocks {
    depth: usize,
    current: Block,
    done: Vec<Block>,
}

impl Blocks {
    /// Call before handling a source event; `len` is the number of output events so far.
    pub fn before(&mut self, shape: Shape, len: usize, line: usize) {
        if self.depth == 0 {
            self.current = Block {
                start: len,
                end: len,
                line,
                raw_html: None,
            };
        }
        if shape == Shape::Start {
            self.depth += 1;
        }
    }

    /// Records raw HTML text in the current block.
    pub fn raw(&mut self, text: &str) {
        self.current
            .raw_html
            .get_or_insert_with(String::new)
            .push_str(text);
    }

    /// Call after handling a source event.
    pub fn after(&mut self, shape: Shape, len: usize) {
        if shape == Shape::End {
            self.depth = self.depth.saturating_sub(1);
        }
        if self.depth == 0 {
            let mut block = std::mem::take(&mut self.current);
            block.end = len;
            self.done.push(block);
        }
    }

    /// Whether any block held raw HTML.
    pub fn has_raw_html(&self) -> bool {
        self.done.iter().any(|b| b.raw_html.is_some())
    }

    /// The finished blocks.
    pub fn finish(self) -> Vec<Block> {
        self.done
    }
}

/// Renders the events, sending every raw-HTML segment through the cleaner.
///
/// All events go through one HTML writer, so what it numbers across the page (footnotes) stays
/// in sequence; each segment is fenced by comments carrying a per-process random nonce, which
/// content cannot forge because it never sees it, and the fenced parts are cut out and cleaned.
pub fn render_cleaned(
    events: Vec<Event<'_>>,
    blocks: Vec<Block>,
    cleaner: &Cleaner,
    report: &mut CleanReport,
) -> String {
    let segments = raw_segments(&blocks, cleaner);
    let fence = Fence::new();
    let mut fenced = Vec::with_capacity(events.len() + 2 * segments.len());
    let mut next = segments.iter().peekable();
    for (index, event) in events.into_iter().enumerate() {
        if let Some(segment) = next.peek()
            && index == segment.end
        {
            fenced.push(Event::Html(CowStr::Borrowed(&fence.close)));
            next.next();
        }
        if let Some(segment) = next.peek()
            && index == segment.start
        {
            fenced.push(Event::Html(CowStr::Borrowed(&fence.open)));
        }
        fenced.push(event);
    }
    if next.next().is_some() {
        fenced.push(Event::Html(CowStr::Borrowed(&fence.close)));
    }
    let mut written = String::with_capacity(fenced.len() * 24);
    html::push_html(&mut written, fenced.into_iter());

    let mut out = String::with_capacity(written.len());
    let mut rest = written.as_str();
    for segment in &segments {
        let parts = rest
            .split_once(fence.open.as_str())
            .and_then(|(plain, tail)| Some((plain, tail.split_once(fence.close.as_str())?)));
        let Some((plain, (raw, tail))) = parts else {
            // The writer always copies the fences; should it not, nothing leaves uncleaned.
            let (clean, found) = cleaner.clean_fragment(&written, 0);
            report.absorb(found);
            return clean;
        };
        out.push_str(plain);
        let (clean, found) = cleaner.clean_fragment(raw, segment.line);
        out.push_str(&clean);
        report.absorb(found);
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Comments that open and close a raw segment in the writer's output.
struct Fence {
    open: String,
    close: String,
}

impl Fence {
    fn new() -> Fence {
        let nonce = crate::nonce::nonce();
        Fence {
            open: format!("<!--gp-raw-{nonce}-->"),
            close: format!("<!--gp-end-{nonce}-->"),
        }
    }
}

/// A run of events (`start..end`) that came from raw HTML, with its first source line.
struct Segment {
    start: usize,
    end: usize,
    line: usize,
}

/// Groups the blocks into raw segments: a block with raw HTML starts one, and it runs on while
/// tags it opened or an ad-marker region are still open, or the next block is raw too.
fn raw_segments(blocks: &[Block], cleaner: &Cleaner) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        if blocks[i].raw_html.is_none() {
            i += 1;
            continue;
        }
        let (start, line) = (blocks[i].start, blocks[i].line);
        let mut open_tags = 0usize;
        let mut regions = Regions::new(cleaner.markers());
        let mut j = i;
        while j < blocks.len() {
            if let Some(raw) = &blocks[j].raw_html {
                open_tags = tag_balance(raw, open_tags);
                feed_comments(raw, &mut regions);
            }
            j += 1;
            // Adjacent raw blocks stay together so sibling selectors (`p + div`) can match.
            let next_is_raw = blocks.get(j).is_some_and(|b| b.raw_html.is_some());
            if open_tags == 0 && regions.open().is_none() && !next_is_raw {
                break;
            }
        }
        segments.push(Segment {
            start,
            end: blocks[j - 1].end,
            line,
        });
        i = j;
    }
    segments
}

const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// The number of elements still open after `raw`, starting from `open`. An estimate: it only
/// decides where segments end, and a wrong guess costs layout, never safety.
pub fn tag_balance(raw: &str, mut open: usize) -> usize {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while let Some(found) = raw[i..].find('<') {
        let at = i + found;
        i = at + 1;
        if raw[at..].starts_with("<!--") {
            i = raw[at..].find("-->").map_or(raw.len(), |e| at + e + 3);
            continue;
        }
        let closing = bytes.get(at + 1) == Some(&b'/');
        let name_start = if closing { at + 2 } else { at + 1 };
        let name_len = raw[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = raw[name_start..name_start + name_len].to_ascii_lowercase();
        if VOID_TAGS.contains(&name.as_str()) {
            continue;
        }
        let tag_end = raw[name_start..].find('>').map(|e| name_start + e);
        if closing {
            open = open.saturating_sub(1);
        } else if tag_end.is_none_or(|e| bytes[e - 1] != b'/') {
            open += 1;
        }
    }
    open
}

/// Feeds the comments of `raw` to the walk over the page's ad markers.
fn feed_comments(raw: &str, walk: &mut Regions<'_>) {
    let mut rest = raw;
    while let Some(start) = rest.find("<!--") {
        let body = &rest[start + 4..];
        let Some(end) = body.find("-->") else {
            walk.feed(body);
            return;
        };
        walk.feed(&body[..end]);
        rest = &body[end + 3..];
    }
}

#[cfg(test)]
mod tests {
    use super::tag_balance;

    #[test]
    fn open_elements_are_counted_across_blocks() {
        assert_eq!(tag_balance("<details><summary>More</summary>", 0), 1);
        assert_eq!(tag_balance("</details>", 1), 0);
        assert_eq!(tag_balance("<img src=x><br/><hr>", 0), 0);
        assert_eq!(tag_balance("<!-- <div> -->", 0), 0);
        assert_eq!(tag_balance("<div><p>a</p></div>", 0), 0);
        assert_eq!(tag_balance("a < b and 3<4", 0), 0);
    }
}
