//! Writing text taken from HTML as Markdown that shows the same text.
//!
//! In HTML, `*`, `_` or `1.` are just characters; in Markdown they are syntax. Text converted
//! from an article's HTML is escaped so the guide shows what the article showed, and URLs,
//! titles, alt texts and code spans are written in the forms Markdown accepts for any content.

/// Where inline text is written; some characters are syntax only in some places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    /// A paragraph, list item or link text.
    Text,
    /// A heading: `#` and `{` (heading attributes) are escaped too.
    Heading,
    /// A table cell: `|` is escaped too.
    Cell,
}

/// Appends `c` (the character at `i` of `chars`) to `out`, escaped for `context`.
pub(super) fn push_escaped(out: &mut String, chars: &[char], i: usize, context: Context) {
    let c = chars[i];
    let escape = match c {
        '\\' | '`' | '*' | '[' | ']' | '<' | '~' => true,
        // `_` inside a word never emphasizes.
        '_' => {
            let before = out.chars().next_back().is_some_and(char::is_alphanumeric);
            let after = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
            !(before && after)
        }
        '&' => entity_like(&chars[i + 1..]),
        '#' | '{' => context == Context::Heading,
        '|' => context == Context::Cell,
        _ => false,
    };
    if escape {
        out.push('\\');
    }
    out.push(c);
}

/// Whether the text after a `&` would make it an entity reference (`&amp;`, `&#38;`).
fn entity_like(rest: &[char]) -> bool {
    let name: Vec<&char> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}

/// Escapes what would start a block if it began a line: `#`, `>`, `-`, `+`, `=`, `1.`.
pub(super) fn escape_line_start(line: &str) -> String {
    let Some(first) = line.chars().next() else {
        return String::new();
    };
    if matches!(first, '#' | '>' | '-' | '+' | '=') {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")" {
            return format!("{}\\{rest}", &line[..digits]);
        }
    }
    line.to_owned()
}

/// A code span holding `text` (whitespace runs collapsed, as HTML shows them).
pub(super) fn code_span(text: &str, context: Context) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return String::new();
    }
    let text = if context == Context::Cell {
        text.replace('|', "\\|")
    } else {
        text
    };
    let longest = longest_run(&text, '`');
    let fence = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Markdown markup for a table cell with every `|` escaped: a `|` ends the cell wherever it
/// stands (a link's destination or title, an alt text), and GFM takes the `\` of `\|` out of
/// the row before it reads the cell's inline content. Other contexts get `markup` as it is.
pub(super) fn cell_pipes(markup: String, context: Context) -> String {
    if context == Context::Cell {
        markup.replace('|', "\\|")
    } else {
        markup
    }
}

/// An HTML tag for a table cell with every `|` (in its attributes) as `&#124;`: a `|` would
/// end the cell there too, and GFM leaves the `\` of `\|` in raw HTML.
pub(super) fn cell_pipes_in_tag(tag: String, context: Context) -> String {
    if context == Context::Cell {
        tag.replace('|', "&#124;")
    } else {
        tag
    }
}

/// The longest run of `c` in `text`.
pub(super) fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == c {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// A link or image destination: as is when it can be, else in `<...>`. Markdown reads escapes
/// and entity references in either form (`a\*b` is `a*b`, `&amp;` is `&`), so a `\` and a `&`
/// that would start a reference are escaped.
pub(super) fn destination(url: &str) -> String {
    let url: String = url.trim().chars().filter(|c| !c.is_control()).collect();
    let url = references_escaped(&url.replace('\\', "\\\\"));
    let mut depth: i32 = 0;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                balanced &= depth >= 0;
            }
            _ => {}
        }
    }
    balanced &= depth == 0;
    if url.is_empty() || !balanced || url.contains([' ', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url
    }
}

/// ` "title"` for a link or image, or nothing. Markdown reads escapes and entity references
/// in a title: `\`, `"` and a `&` that would start a reference are escaped.
pub(super) fn title(title: Option<&str>) -> String {
    match title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")) {
        Some(t) if !t.is_empty() => {
            let t = t.replace('\\', "\\\\").replace('"', "\\\"");
            format!(" \"{}\"", references_escaped(&t))
        }
        _ => String::new(),
    }
}

/// `text` with every `&` that would start an entity reference (`&lt;`, `&#38;`) escaped.
fn references_escaped(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == '&' && entity_like(&chars[i + 1..]) {
            out.push('\\');
        }
        out.push(*c);
    }
    out
}

/// Image alt text: whitespace collapsed, escaped as text is. Markdown parses an image's
/// description as inline content, so an unescaped `*a*` or `` `x` `` would lose its marks.
pub(super) fn alt(text: &str) -> String {
    let chars: Vec<char> = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let mut out = String::new();
    for i in 0..chars.len() {
        push_escaped(&mut out, &chars, i, Context::Text);
    }
    out
}

/// Text for an HTML attribute value or element content.
pub(super) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Context, code_span, destination, escape_line_start, push_escaped};

    fn escaped(text: &str, context: Context) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        for i in 0..chars.len() {
            push_escaped(&mut out, &chars, i, context);
        }
        out
    }

    #[test]
    fn markdown_syntax_in_html_text_is_escaped() {
        assert_eq!(
            escaped("2*3 [x] <b> snake_case _x_ Q&A &amp;", Context::Text),
            "2\\*3 \\[x\\] \\<b> snake_case \\_x\\_ Q&A \\&amp;"
        );
        assert_eq!(escaped("C# {x}", Context::Heading), "C\\# \\{x}");
        assert_eq!(escaped("a|b", Context::Cell), "a\\|b");
        assert_eq!(escape_line_start("1. Open"), "1\\. Open");
        assert_eq!(escape_line_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line_start("2024 was a year"), "2024 was a year");
    }

    #[test]
    fn code_spans_and_destinations_hold_any_text() {
        assert_eq!(code_span("a`b", Context::Text), "``a`b``");
        assert_eq!(code_span("`x`", Context::Text), "`` `x` ``");
        assert_eq!(
            destination("https://a.example/x(1)"),
            "https://a.example/x(1)"
        );
        assert_eq!(destination("/a b/"), "</a b/>");
    }
}
