//! The URL in a refresh (`<meta http-equiv=refresh content="0; url=/next/">`), which navigates
//! like a link: a template's redirect can hide a `javascript:` URL there as well as in an
//! `href`, behind the delay, `url=` and quotes.

/// The URL of a refresh (`<meta http-equiv=refresh content>`) as the HTML standard's "shared
/// declarative refresh steps" read it: after the delay and a `;` or `,`, an optional `url=`,
/// then the URL, in quotes or not. A content without a delay is read the same way, though a
/// browser would ignore it.
pub(super) fn refresh_url(content: &str) -> &str {
    let space = |c: char| c.is_ascii_whitespace();
    let rest = content
        .trim_start_matches(space)
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        .trim_start_matches(space);
    let rest = rest.strip_prefix([';', ',']).unwrap_or(rest);
    let rest = rest.trim_start_matches(space);
    let after_url_equals = rest
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("url"))
        .and_then(|_| rest[3..].trim_start_matches(space).strip_prefix('='))
        .map(|after| after.trim_start_matches(space));
    match after_url_equals {
        Some(after) => unquoted(after),
        // `u` not followed by `rl=`: the whole rest is the URL, quotes and all.
        None if rest.starts_with(['u', 'U']) => rest,
        None => unquoted(rest),
    }
}

/// `text` without a leading quote and what follows its closing quote.
fn unquoted(text: &str) -> &str {
    match text.chars().next() {
        Some(quote @ ('\'' | '"')) => {
            let inner = &text[1..];
            inner.split(quote).next().unwrap_or(inner)
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::refresh_url;

    #[test]
    fn a_refresh_url_is_read_as_browsers_read_it() {
        for (content, url) in [
            ("0; url=/new/", "/new/"),
            ("0;URL = 'javascript:alert(1)'", "javascript:alert(1)"),
            ("5, \"/a b\" trailing", "/a b"),
            ("0; https://x.example/", "https://x.example/"),
            ("1.5 ;   url=/next/", "/next/"),
            ("0; unquoted'x", "unquoted'x"),
            ("0", ""),
        ] {
            assert_eq!(refresh_url(content), url, "{content:?}");
        }
    }
}
