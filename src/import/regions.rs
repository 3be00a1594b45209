//! Ad regions cut out of the Markdown source before anything else looks at it.
//!
//! Republished articles wrap each ad in comment markers (`<!-- affiliate ads begin -->` ...
//! `<!-- affiliate ads end -->`). Everything between a begin and an end marker goes, whatever
//! it is, exactly as the build's cleaner would remove it: the same markers (`clean.ad_markers`),
//! matched by the same walk ([`crate::clean::markers`]). A begin marker no end marker follows
//! removes nothing, as in the build, and is a warning. Cutting at the source keeps the Markdown
//! around the region intact and lets the report give the line of the begin marker. Markers
//! inside code are text, not markers.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use scraper::Html;

use super::report::Findings;
use crate::clean::markers::{Markers, Regions, Step, UNCLOSED};

/// A body with its ad regions cut out.
pub(super) struct Cut {
    /// The remaining Markdown.
    pub(super) text: String,
    /// The file line of each line of `text` (index 0 is its first line).
    pub(super) line_of: Vec<usize>,
}

/// Cuts the regions between ad markers out of `body`, whose first line is file line
/// `first_line`.
pub(super) fn cut(body: &str, first_line: usize, markers: &Markers, found: &mut Findings) -> Cut {
    let code = code_ranges(body);
    let line_at = |offset: usize| first_line + body[..offset].matches('\n').count();
    let mut regions: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut walk = Regions::new(markers);
    let mut open = 0..0;
    for (range, text) in comments(body, &code) {
        match walk.feed(text) {
            Step::Opened(_) => open = range,
            Step::Closed => regions.push((open.clone(), range)),
            Step::Nothing => {}
        }
    }
    if walk.open().is_some() {
        found.warning(line_at(open.start), UNCLOSED);
    }

    let mut text = String::with_capacity(body.len());
    let mut line_of = vec![first_line];
    let copy = |text: &mut String, line_of: &mut Vec<usize>, range: Range<usize>| {
        for (i, c) in body[range.clone()].char_indices() {
            text.push(c);
            if c == '\n' {
                line_of.push(line_at(range.start + i + 1));
            }
        }
    };
    let mut at = 0;
    for (begin, end) in regions {
        let line_start = body[..begin.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[end.end..]
            .find('\n')
            .map_or(body.len(), |i| end.end + i + 1);
        let whole_lines = body[line_start..begin.start].trim().is_empty()
            && body[end.end..line_end].trim().is_empty();
        let inside = Html::parse_fragment(&body[begin.end..end.start]);
        // The fragment's own <html> root is not one of the region's elements.
        let elements = inside
            .root_element()
            .descendants()
            .skip(1)
            .filter(|n| n.value().is_element())
            .count();
        let plural = if elements == 1 { "" } else { "s" };
        found.removed(
            line_at(begin.start),
            format!("ad region ({elements} element{plural})"),
        );
        if whole_lines {
            copy(&mut text, &mut line_of, at..line_start);
            // One blank line stands for the region, so the blocks around it stay apart.
            text.push('\n');
            line_of.push(line_at(line_end));
            at = line_end;
        } else {
            copy(&mut text, &mut line_of, at..begin.start);
            at = end.end;
        }
    }
    copy(&mut text, &mut line_of, at..body.len());
    Cut { text, line_of }
}

/// Source ranges of code blocks and code spans.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    Parser::new_ext(body, super::body::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(range),
            _ => None,
        })
        .collect()
}

/// Every `<!-- ... -->` outside code: its range and its text.
fn comments<'a>(body: &'a str, code: &[Range<usize>]) -> Vec<(Range<usize>, &'a str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = body[from..].find("<!--") {
        let start = from + i;
        let Some(len) = body[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + len + 3;
        from = end;
        if code.iter().any(|r| r.start <= start && start < r.end) {
            continue;
        }
        found.push((start..end, &body[start + 4..end - 3]));
    }
    found
}
