//! What a URL is: this site's, another site's, contact details, an inline image, or a scheme
//! that can run code.
//!
//! Browsers ignore leading spaces and control characters and drop tabs and newlines anywhere in
//! a URL, so `java\tscript:` is `javascript:`; the check normalizes the same way before it reads
//! the scheme. Entities are already decoded here: by pulldown-cmark for Markdown links, by the
//! HTML parser for raw HTML, by the audit for the attributes it reads.

/// The kinds of URL content may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlKind {
    /// A path or fragment on this site (no scheme, no host), or an absolute URL on our own host.
    Internal,
    /// `http(s)://`, or a host-relative `//host` (also written `/\host`, `\/host`, `\\host`), on
    /// another host (lowercased host).
    External(String),
    /// `mailto:` or `tel:`.
    Contact,
    /// `data:image/png|gif|jpeg|webp`: an inline image, safe in `img src`.
    DataImage,
    /// Any other scheme (`javascript:`, `vbscript:`, `data:text/html`, `file:`, ...).
    Dangerous(String),
}

/// Removes what browsers ignore: leading/trailing spaces and controls, tabs and newlines.
pub(super) fn normalize(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Classifies `url` for a site served from `own_host`.
pub fn classify(url: &str, own_host: &str) -> UrlKind {
    let url = normalize(url);
    let slashes = leading_slashes(&url);
    if slashes >= 2 {
        return host_kind(&url[slashes..], own_host);
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    let Some(end) = scheme_end.filter(|&i| url[i..].starts_with(':')) else {
        return UrlKind::Internal;
    };
    let scheme = url[..end].to_ascii_lowercase();
    let rest = &url[end + 1..];
    match scheme.as_str() {
        "http" | "https" => host_kind(rest.trim_start_matches(['/', '\\']), own_host),
        "mailto" | "tel" => UrlKind::Contact,
        "data" if is_safe_data_image(rest) => UrlKind::DataImage,
        _ => UrlKind::Dangerous(scheme),
    }
}

/// How many slashes and backslashes a normalized URL starts with. In a relative URL browsers
/// read `\` as `/`, so any two of them (`//`, `/\`, `\/`, `\\`) start a host, and further ones
/// are skipped before it.
pub(super) fn leading_slashes(url: &str) -> usize {
    url.bytes()
        .take_while(|b| matches!(b, b'/' | b'\\'))
        .count()
}

fn host_kind(after_slashes: &str, own_host: &str) -> UrlKind {
    let authority = after_slashes
        .split(['/', '?', '#', '\\'])
        .next()
        .unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = host_port
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if !own_host.is_empty() && host == own_host {
        UrlKind::Internal
    } else {
        UrlKind::External(host)
    }
}

fn is_safe_data_image(rest: &str) -> bool {
    let lower = rest.to_ascii_lowercase();
    [
        "image/png",
        "image/gif",
        "image/jpeg",
        "image/jpg",
        "image/webp",
    ]
    .iter()
    .any(|t| {
        lower.starts_with(t) && matches!(lower.as_bytes().get(t.len()), Some(b';') | Some(b','))
    })
}

/// `url` in the form a network rule is checked against: a host-relative URL (`//host/x`,
/// `/\host/x`) gets the `https:` scheme, anything else is only normalized.
pub fn absolute(url: &str) -> String {
    let url = normalize(url);
    let slashes = leading_slashes(&url);
    if slashes >= 2 {
        format!("https://{}", &url[slashes..])
    } else {
        url
    }
}

/// The host of an absolute `http(s)` URL such as a base URL, lowercased.
pub fn host_of(url: &str) -> String {
    match classify(url, "") {
        UrlKind::External(host) => host,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{UrlKind, absolute, classify};

    #[test]
    fn two_leading_slashes_or_backslashes_name_another_host() {
        for url in [
            "//evil.example/p.png",
            "/\\evil.example/p.png",
            "\\/evil.example/p.png",
            "\\\\evil.example/p.png",
            "///\\evil.example/p.png",
            " \t/\\evil.example/p.png",
            "/\t\\evil.example/p.png",
            "/\n/evil.example/p.png",
        ] {
            assert_eq!(
                classify(url, "help.example"),
                UrlKind::External("evil.example".into()),
                "{url:?}"
            );
            assert_eq!(absolute(url), "https://evil.example/p.png", "{url:?}");
        }
        assert_eq!(
            classify("/\\help.example/a/", "help.example"),
            UrlKind::Internal
        );
        assert_eq!(classify("/a\\b", "help.example"), UrlKind::Internal);
    }

    #[test]
    fn schemes_hidden_by_case_whitespace_and_controls_are_found() {
        let dangerous = [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "file:///etc/passwd",
        ];
        for url in dangerous {
            assert!(
                matches!(classify(url, "help.example"), UrlKind::Dangerous(_)),
                "{url:?}"
            );
        }
    }

    #[test]
    fn ordinary_urls_are_classified_by_host() {
        assert_eq!(classify("/a/b/", "help.example"), UrlKind::Internal);
        assert_eq!(classify("../x.md#y", "help.example"), UrlKind::Internal);
        assert_eq!(classify("#top", "help.example"), UrlKind::Internal);
        assert_eq!(
            classify("https://help.example/a/", "help.example"),
            UrlKind::Internal
        );
        assert_eq!(
            classify("https://Ads.Example.com/x", "help.example"),
            UrlKind::External("ads.example.com".into())
        );
        assert_eq!(
            classify("//cdn.example.net/a.png", "help.example"),
            UrlKind::External("cdn.example.net".into())
        );
        assert_eq!(classify("mailto:a@b.c", "help.example"), UrlKind::Contact);
        assert_eq!(
            classify("/\\", "help.example"),
            UrlKind::External(String::new())
        );
        assert_eq!(
            classify("data:image/png;base64,iVBO", "help.example"),
            UrlKind::DataImage
        );
    }
}
