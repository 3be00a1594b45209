//! CSS read the way a browser reads it, for the two questions the cleaner and the audit ask of
//! it: which URLs does it load, and can it load or run anything at all.
//!
//! CSS lets any character be written as an escape (`u\72l(` is `url(`, `"\68ttps://"` is
//! `"https://"`) and comments may stand between any two tokens, so a check that reads the text
//! as written misses what the browser sees. Both questions are asked of the CSS [`decode`]d
//! first, by one piece of code for the cleaner (style attributes in content) and the audit
//! (stylesheets, `<style>` and style attributes in every written page).

/// The CSS with comments removed and escapes decoded, per CSS Syntax Level 3: `\` and up to six
/// hex digits (plus one whitespace character after them) is that code point; `\` and any other
/// character is that character; `\` before a newline inside a string continues the string.
/// Escapes never start or end strings or comments here, as they do not for the browser.
pub fn decode(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek().copied() {
                Some(h) if h.is_ascii_hexdigit() => {
                    let mut value = 0u32;
                    let mut digits = 0;
                    while digits < 6 {
                        let Some(d) = chars.peek().and_then(|h| h.to_digit(16)) else {
                            break;
                        };
                        value = value * 16 + d;
                        digits += 1;
                        chars.next();
                    }
                    if chars.peek().is_some_and(|w| is_whitespace(*w)) {
                        // `\r\n` counts as one newline.
                        if chars.next() == Some('\r') && chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                    }
                    let decoded = match value {
                        0 | 0xD800..=0xDFFF => None,
                        v => char::from_u32(v),
                    };
                    out.push(decoded.unwrap_or('\u{FFFD}'));
                }
                Some(n @ ('\n' | '\r' | '\u{c}')) => {
                    if quote.is_some() {
                        chars.next();
                        if n == '\r' && chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                    } else {
                        // Not an escape outside a string: the backslash stands for itself.
                        out.push('\\');
                    }
                }
                Some(other) => {
                    chars.next();
                    out.push(other);
                }
                None => out.push('\u{FFFD}'),
            },
            '/' if quote.is_none() && chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' | '\'' => {
                match quote {
                    None => quote = Some(c),
                    Some(q) if q == c => quote = None,
                    Some(_) => {}
                }
                out.push(c);
            }
            '\n' | '\r' | '\u{c}' => {
                // An unescaped newline ends a string (as a bad string).
                quote = None;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// Every URL the CSS loads: `url(...)`, `image-set("...")` and `@import "..."`, decoded.
pub fn loads(css: &str) -> Vec<String> {
    let css = decode(css);
    let lower = css.to_ascii_lowercase();
    let mut urls = Vec::new();
    for (needle, quoted_only) in [("url(", false), ("@import", true), ("image-set(", true)] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(needle) {
            let start = from + found + needle.len();
            from = start;
            let rest = css[start..].trim_start();
            let url = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                // `@import url(...)` is caught by the `url(` pass.
                _ if quoted_only => continue,
                _ => rest.split(')').next().unwrap_or("").trim(),
            };
            urls.push(url.to_owned());
        }
    }
    urls
}

/// Whether the CSS loads a resource or runs code at all (`url()`, `@import`, `image-set()`,
/// `expression()`, legacy `behavior:` and `-moz-binding`), whitespace aside.
pub fn loads_or_runs(css: &str) -> bool {
    let squeezed: String = decode(css)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    [
        "url(",
        "expression(",
        "@import",
        "behavior:",
        "-moz-binding",
        "image-set(",
    ]
    .iter()
    .any(|k| squeezed.contains(k))
}

#[cfg(test)]
mod tests {
    use super::{decode, loads, loads_or_runs};

    #[test]
    fn escapes_are_decoded_as_the_css_syntax_says() {
        assert_eq!(decode(r"u\72l(x)"), "url(x)");
        assert_eq!(decode(r"u\000072 l(x)"), "url(x)");
        assert_eq!(decode(r"\68ttps"), "https");
        assert_eq!(decode("\\68\r\nttps"), "https");
        assert_eq!(decode(r"\00004a7"), "J7");
        assert_eq!(decode(r"\0 a\D800 b"), "\u{FFFD}a\u{FFFD}b");
        assert_eq!(decode(r"\u\r\l"), "url");
        assert_eq!(decode("\"a\\\nb\""), "\"ab\"");
        assert_eq!(decode("a\\\nb"), "a\\\nb");
        assert_eq!(decode(r"\"), "\u{FFFD}");
    }

    #[test]
    fn comments_go_outside_strings_only() {
        assert_eq!(decode("u/* x */rl(a)"), "url(a)");
        assert_eq!(decode("a{b:\"/*c*/\"}"), "a{b:\"/*c*/\"}");
        assert_eq!(decode(r"\2f* no comment */"), "/* no comment */");
        assert_eq!(decode("/* unclosed"), "");
    }

    #[test]
    fn escaped_loads_are_found() {
        assert_eq!(
            loads(r#"@import "\68ttps://evil.example/x.css";"#),
            ["https://evil.example/x.css"]
        );
        assert_eq!(
            loads(r"body{background:u\72l(https://evil.example/b.png)}"),
            ["https://evil.example/b.png"]
        );
        assert_eq!(
            loads("a{background:url( 'x.png' ) /* url(no) */}"),
            ["x.png"]
        );
        assert!(loads_or_runs(r"background: u\72l(x)"));
        assert!(loads_or_runs("width: expression (alert(1))"));
        assert!(!loads_or_runs("color: red; text-align: center"));
    }
}
