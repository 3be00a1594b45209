//! The image hosts a site allows besides its own (`clean.image_hosts`), and the https rule.
//!
//! The cleaner and the audit both ask whether an image on another host may load; this is the
//! one answer, next to the URL classification it builds on.

use super::kind::{leading_slashes, normalize};

/// What to tell an author whose image on an allowed host is written with `http:`.
pub const HTTPS_ADVICE: &str =
    "use https://, the only scheme the page's policy allows for images from other hosts";

/// The hosts other than the site's own that images may load from (`clean.image_hosts`). The
/// page's Content-Security-Policy names each as `https://host`, so only https loads from them
/// work: the browser would block a plain `http:` image (or a `//host` one on a site served over
/// http) without a word. Shared by the cleaner and the audit.
#[derive(Debug, Clone, Default)]
pub struct ImageHosts {
    hosts: Vec<String>,
    site_https: bool,
}

/// Whether an image on another host may load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageHost {
    /// An allowed host, over https.
    Allowed,
    /// An allowed host, but over plain http.
    PlainHttp,
    /// A host not in `clean.image_hosts`.
    NotAllowed,
}

impl ImageHosts {
    /// The allowed `hosts` for a site served from `site_url`.
    pub fn new(hosts: &[String], site_url: &str) -> ImageHosts {
        ImageHosts {
            hosts: hosts.iter().map(|h| h.to_lowercase()).collect(),
            site_https: normalize(site_url)
                .get(..6)
                .is_some_and(|s| s.eq_ignore_ascii_case("https:")),
        }
    }

    /// Judges an image `url` that [`classify`] found on another `host`.
    pub fn judge(&self, url: &str, host: &str) -> ImageHost {
        if !self.hosts.iter().any(|h| h == host) {
            return ImageHost::NotAllowed;
        }
        let url = normalize(url);
        let https = if leading_slashes(&url) >= 2 {
            self.site_https
        } else {
            url.get(..6)
                .is_some_and(|s| s.eq_ignore_ascii_case("https:"))
        };
        if https {
            ImageHost::Allowed
        } else {
            ImageHost::PlainHttp
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ImageHost, ImageHosts};
    use crate::url_policy::{UrlKind, classify};

    #[test]
    fn images_from_allowed_hosts_load_only_over_https() {
        let allowed = ["img.example".to_owned()];
        let on_https = ImageHosts::new(&allowed, "https://help.example/");
        let on_http = ImageHosts::new(&allowed, "http://localhost:8000/");
        for (hosts, url, verdict) in [
            (&on_https, "https://img.example/a.png", ImageHost::Allowed),
            (&on_https, " HTTPS://img.example/a.png", ImageHost::Allowed),
            (&on_https, "//img.example/a.png", ImageHost::Allowed),
            (&on_https, "http://img.example/a.png", ImageHost::PlainHttp),
            (&on_http, "//img.example/a.png", ImageHost::PlainHttp),
            (&on_http, "https://img.example/a.png", ImageHost::Allowed),
            (
                &on_https,
                "https://other.example/a.png",
                ImageHost::NotAllowed,
            ),
        ] {
            let UrlKind::External(host) = classify(url, "help.example") else {
                panic!("{url} is on another host");
            };
            assert_eq!(hosts.judge(url, &host), verdict, "{url}");
        }
    }
}
