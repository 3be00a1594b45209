//! The `--link` / `--open` URL: the site address with the report in its fragment.
//!
//! `#report=` carries the compact JSON report as base64url without padding. A browser never
//! sends the fragment to the server, so the report stays on the reader's PC; the site's
//! script reads it from `location.hash`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::report::{Report, ReportError};

/// The site `--site` defaults to: `GUIDEPOST_SITE_URL` at compile time, else the local
/// preview server's address.
pub const DEFAULT_SITE_URL: &str = match option_env!("GUIDEPOST_SITE_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:1111/",
};

/// The fragment key the site's script looks for.
pub const FRAGMENT_KEY: &str = "report";

/// `site` (without any fragment it had) followed by `#report=<base64url JSON>`.
pub fn report_url(site: &str, report: &Report) -> String {
    let base = site.split('#').next().unwrap_or(site);
    let encoded = URL_SAFE_NO_PAD.encode(report.to_json_compact());
    format!("{base}#{FRAGMENT_KEY}={encoded}")
}

/// A help link made absolute: `site` joined with a site-relative `path` like
/// `/activation/check-activation-status/#check`.
pub fn help_url(site: &str, path: &str) -> String {
    let base = site.split('#').next().unwrap_or(site).trim_end_matches('/');
    format!("{base}/{}", path.trim_start_matches('/'))
}

/// Why a URL holds no readable report.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// No `#report=` in the URL.
    #[error("the URL has no #{key}= fragment", key = FRAGMENT_KEY)]
    NoReport,
    /// The fragment is not base64url.
    #[error("the #{key}= fragment is not base64url: {0}", key = FRAGMENT_KEY)]
    Encoding(#[source] base64::DecodeError),
    /// The decoded fragment is not UTF-8 text.
    #[error("the #{key}= fragment is not UTF-8 text: {0}", key = FRAGMENT_KEY)]
    Text(#[source] std::string::FromUtf8Error),
    /// The decoded text is not a report this build reads.
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// Reads the report back out of a URL made by [`report_url`] (what the site does in JS).
pub fn report_from_url(url: &str) -> Result<Report, LinkError> {
    let (_, fragment) = url.split_once('#').ok_or(LinkError::NoReport)?;
    let encoded = fragment
        .split('&')
        .find_map(|part| part.strip_prefix(&format!("{FRAGMENT_KEY}=")))
        .ok_or(LinkError::NoReport)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(LinkError::Encoding)?;
    let text = String::from_utf8(bytes).map_err(LinkError::Text)?;
    Ok(Report::from_json(&text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Probes;

    #[test]
    fn round_trips_through_the_fragment() {
        let report = crate::build_report(&Probes::not_windows(), "2024-05-01T12:00:00Z".into());
        let url = report_url("https://example.org/guide/#old", &report);
        assert!(
            url.starts_with("https://example.org/guide/#report="),
            "{url}"
        );
        let fragment = url.split_once("#report=").unwrap().1;
        assert!(
            fragment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "not base64url without padding: {fragment}"
        );
        assert_eq!(report_from_url(&url).unwrap(), report);
    }

    #[test]
    fn bad_links_are_errors() {
        assert!(matches!(
            report_from_url("http://x/"),
            Err(LinkError::NoReport)
        ));
        assert!(matches!(
            report_from_url("http://x/#report=***"),
            Err(LinkError::Encoding(_))
        ));
        let not_a_report = URL_SAFE_NO_PAD.encode(r#"{"schema":9}"#);
        let err = report_from_url(&format!("http://x/#report={not_a_report}")).unwrap_err();
        assert!(err.to_string().contains("report version 9"), "{err}");
    }

    #[test]
    fn help_urls_join_cleanly() {
        assert_eq!(
            help_url(
                "http://127.0.0.1:1111/",
                "/activation/check-activation-status/#check"
            ),
            "http://127.0.0.1:1111/activation/check-activation-status/#check"
        );
        assert_eq!(
            help_url("https://a.b/docs", "/x/#check"),
            "https://a.b/docs/x/#check"
        );
    }

    #[test]
    fn default_site() {
        match option_env!("GUIDEPOST_SITE_URL") {
            Some(url) => assert_eq!(DEFAULT_SITE_URL, url),
            None => assert_eq!(DEFAULT_SITE_URL, "http://127.0.0.1:1111/"),
        }
    }
}
