//! Ad regions cut out of the Markdown source before anything else looks at it.
//!
//! Republished articles wrap each ad in comment markers (`<!-- affiliate ads begin -->` ...
//! `<!-- affiliate ads end -->`). Everything between a begin and an end marker goes, whatever
//! it is, exactly as the build's cleaner would remove it (same markers, from `clean.ad_markers`).
//! Cutting at the source keeps the Markdown around the region intact and lets the report give
//! the line of the begin marker. Markers inside code are text, not markers.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use scraper::Html;

use super::report::Findings;

/// A body with its ad regions cut out.
pub(super) struct Cut {
    /// The remaining Markdown.
    pub(super) text: String,
    /// The file line of each line of `text` (index 0 is its first line).
    pub(super) line_of: Vec<usize>,
}

/// Cuts the regions between `markers` (lowercase begin and end texts) out of `body`, whose first
/// line is file line `first_line`.
pub(super) fn cut(
    body: &str,
    first_line: usize,
    markers: &[(String, String)],
    found: &mut Findings,
) -> Cut {
    let code = code_ranges(body);
    let mut regions: Vec<(Range<usize>, Option<Range<usize>>)> = Vec::new();
    let mut open: Option<(Range<usize>, usize)> = None;
    for (range, text) in comments(body, &code) {
        match &open {
            None => {
                if let Some(m) = markers
                    .iter()
                    .position(|(begin, _)| text.contains(begin.as_str()))
                {
                    open = Some((range, m));
                }
            }
            Some((begin, m)) => {
                if text.contains(markers[*m].1.as_str()) {
                    regions.push((begin.clone(), Some(range)));
                    open = None;
                }
            }
        }
    }
    if let Some((begin, _)) = open {
        regions.push((begin, None));
    }

    let line_at = |offset: usize| first_line + body[..offset].matches('\n').count();
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
        let last = end.clone().unwrap_or_else(|| begin.clone());
        let line_start = body[..begin.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[last.end..]
            .find('\n')
            .map_or(body.len(), |i| last.end + i + 1);
        let whole_lines = body[line_start..begin.start].trim().is_empty()
            && body[last.end..line_end].trim().is_empty();
        let line = line_at(begin.start);
        match &end {
            Some(end) => {
                let inside = Html::parse_fragment(&body[begin.end..end.start]);
                // The fragment's own <html> root is not one of the region's elements.
                let elements = inside
                    .root_element()
                    .descendants()
                    .skip(1)
                    .filter(|n| n.value().is_element())
                    .count();
                let plural = if elements == 1 { "" } else { "s" };
                found.removed(line, format!("ad region ({elements} element{plural})"));
            }
            None => found.removed(
                line,
                "ad begin marker without an end marker (only the marker was removed: check \
                 what follows it)",
            ),
        }
        if whole_lines {
            copy(&mut text, &mut line_of, at..line_start);
            // One blank line stands for the region, so the blocks around it stay apart.
            text.push('\n');
            line_of.push(line_at(line_end));
            at = line_end;
        } else {
            copy(&mut text, &mut line_of, at..begin.start);
            at = last.end;
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

/// Every `<!-- ... -->` outside code: its range and its text, lowercased.
fn comments(body: &str, code: &[Range<usize>]) -> Vec<(Range<usize>, String)> {
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
        found.push((start..end, body[start + 4..end - 3].to_lowercase()));
    }
    found
}
