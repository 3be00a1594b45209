//! Absolute URLs written inside another URL or a script, as ads hide behind a `javascript:`
//! link: `javascript:window.open('https%3A%2F%2Fx.sjv.io%2F...')`.

use percent_encoding::percent_decode_str;

/// Every `http://` or `https://` URL written in `text`, percent-encoded or not (invalid `%`
/// sequences are kept as written), each up to whitespace, a quote, `)`, `<` or `>`.
pub fn urls_inside(text: &str) -> Vec<String> {
    let decoded = percent_decode_str(text).decode_utf8_lossy();
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(found) = decoded[from..].find("http") {
        let start = from + found;
        let rest = &decoded[start..];
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | ')' | '<' | '>'))
                .unwrap_or(rest.len());
            urls.push(rest[..end].to_owned());
        }
        from = start + 4;
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::urls_inside;

    #[test]
    fn urls_are_found_encoded_or_not() {
        assert_eq!(
            urls_inside("javascript:window.open('https%3A%2F%2Fx.sjv.io%2Fa%3Fb')"),
            ["https://x.sjv.io/a?b"]
        );
        assert_eq!(
            urls_inside("javascript:go(\"http://a.example/x\") ; go(https://b.example)"),
            ["http://a.example/x", "https://b.example"]
        );
        assert_eq!(urls_inside("%zz http %E2%82%AC"), Vec::<String>::new());
        assert_eq!(
            urls_inside("x%2https://c.example/%"),
            ["https://c.example/%"]
        );
    }
}
