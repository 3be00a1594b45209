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
    /// A scheme that can run code or read local files (`javascript:`, `vbscript:`,
    /// `data:text/html`, `file:`, ...), or one that is not written as a scheme can be.
    Dangerous(String),
    /// Another scheme, which opens an application rather than a page (`ms-settings:`, `xref:`):
    /// kept only where the site allows it ([`ALLOWED_SCHEMES`] and `clean.allowed_schemes`).
    Scheme(String),
}

/// Schemes every site allows besides `http(s)`, `mailto` and `tel`: Windows' Settings and
/// Store deep links (`ms-settings:activation`), which help guides open.
pub const ALLOWED_SCHEMES: &[&str] = &["ms-settings", "ms-windows-store"];

/// Schemes that run code, read local files or wrap a document: never allowed.
const SCRIPT_CAPABLE: &[&str] = &[
    "javascript",
    "vbscript",
    "livescript",
    "mocha",
    "data",
    "blob",
    "filesystem",
    "file",
    "jar",
    "view-source",
    "about",
];

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
        s if SCRIPT_CAPABLE.contains(&s) || !is_scheme_name(s) => UrlKind::Dangerous(scheme),
        _ => UrlKind::Scheme(scheme),
    }
}

/// Whether a link may use `scheme` (an [`UrlKind::Scheme`]) on a site that allows `extra`
/// besides [`ALLOWED_SCHEMES`].
pub fn scheme_allowed(scheme: &str, extra: &[String]) -> bool {
    ALLOWED_SCHEMES.contains(&scheme) || extra.iter().any(|e| e.eq_ignore_ascii_case(scheme))
}

/// A scheme as RFC 3986 spells one: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme_name(scheme: &str) -> bool {
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// How many slashes and backslashes a normalized URL starts with. In a relative URL browsers
/// read `\` as `/`, so any two of them (`//`, `/\`, `\/`, `\\`) start a host, and further ones
/// are skipped before it.
pub(super) fn leading_slashes(url: &str) -> usize {
    url.bytes()
        .take_while(|b| matches!(b, b'/' | b'\\'))
        .count()
}

/// Judges the host of an `http(s)` or host-relative URL by what follows its slashes.
fn host_kind(after_slashes: &str, own_host: &str) -> UrlKind {
    match host(after_slashes) {
        Some(host) if !own_host.is_empty() && host == own_host => UrlKind::Internal,
        Some(host) => UrlKind::External(host),
        // A browser loads nothing from a URL it cannot parse (an empty host, a bad port or
        // character); it still counts as another host's, never as ours, named as written.
        None => UrlKind::External(
            after_slashes
                .split(['/', '?', '#', '\\'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase(),
        ),
    }
}

/// The host the WHATWG URL parser (the `url` crate, as browsers do) reads in what follows the
/// slashes of an `http(s)` URL: userinfo (`user@`) and port dropped, lowercased, IPv6 in
/// brackets (`[::1]`), percent-escapes decoded, IPv4 in its dotted form, international names
/// in punycode. `None` when it does not parse.
fn host(after_slashes: &str) -> Option<String> {
    let parsed = ::url::Url::parse(&format!("http://{after_slashes}")).ok()?;
    parsed.host_str().map(str::to_owned)
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
    use super::{UrlKind, absolute, classify, host_of};

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
    fn schemes_that_open_an_application_are_told_from_those_that_run_code() {
        for (url, kind) in [
            (
                "ms-settings:activation",
                UrlKind::Scheme("ms-settings".into()),
            ),
            (
                "MS-Settings:activation",
                UrlKind::Scheme("ms-settings".into()),
            ),
            ("xref:System.String", UrlKind::Scheme("xref".into())),
            (
                "ms-windows-store://pdp/?productid=x",
                UrlKind::Scheme("ms-windows-store".into()),
            ),
            ("javascript:x", UrlKind::Dangerous("javascript".into())),
            ("blob:https://a/b", UrlKind::Dangerous("blob".into())),
            ("1x:y", UrlKind::Dangerous("1x".into())),
        ] {
            assert_eq!(classify(url, "help.example"), kind, "{url}");
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

    #[test]
    fn hosts_are_read_as_a_browser_reads_them() {
        let external = |url: &str| match classify(url, "help.example") {
            UrlKind::External(host) => host,
            other => panic!("{url:?} is {other:?}"),
        };
        assert_eq!(external("http://[::1]/x.png"), "[::1]");
        assert_eq!(external("//[2001:db8::1]:8080/a"), "[2001:db8::1]");
        assert_eq!(external("https://[2001:DB8:0::1]/a"), "[2001:db8::1]");
        assert_eq!(
            external("http://help.example@evil.example/"),
            "evil.example"
        );
        assert_eq!(
            external("http://user:pw@evil.example:8080/"),
            "evil.example"
        );
        assert_eq!(external("HTTP://EVIL.Example/"), "evil.example");
        assert_eq!(external("http://%65vil.example/"), "evil.example");
        assert_eq!(external("http://0x7f.1/"), "127.0.0.1");
        assert_eq!(external("http:evil.example/x"), "evil.example");
        // What does not parse loads nothing, and is never taken for this site.
        assert_eq!(external("//help.example:99999/"), "help.example:99999");
        assert_eq!(external("http://[::1/"), "[::1");
        for ours in [
            "https://help.example:8443/a",
            "https://HELP.example/a",
            "https://evil.example%2F@help.example/",
            "http://help.example\\@evil.example/",
        ] {
            assert_eq!(
                classify(ours, "help.example"),
                UrlKind::Internal,
                "{ours:?}"
            );
        }
    }

    #[test]
    fn a_site_on_an_ipv6_address_owns_only_that_address() {
        let own = host_of("http://[::1]:8000/");
        assert_eq!(own, "[::1]");
        assert_eq!(classify("http://[::1]:8000/a/", &own), UrlKind::Internal);
        // A split at the first `:` read both as `[`.
        assert_eq!(
            classify("http://[::2]/x.png", &own),
            UrlKind::External("[::2]".into())
        );
        assert_eq!(
            classify("http://[2001:db8::1]/x.png", &own),
            UrlKind::External("[2001:db8::1]".into())
        );
    }
}
