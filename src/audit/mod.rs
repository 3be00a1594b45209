//! Audit: every HTML page, stylesheet and SVG file the build writes is scanned for loads of
//! third-party resources, URLs a page may not use (`javascript:` and the like) and script in the
//! markup itself (event handlers), and every page must carry the Content-Security-Policy meta.
//!
//! This is the last line of defence, independent of how the file was made: a template override,
//! a file in `static/` or a gap in the cleaner would show up here, and a hit fails the build
//! before the new output replaces the old. It scans the bytes as they are written (a streaming
//! parse with lol_html, [`markup`]), so it costs one fast pass and no second read of the disk.
//! Which attributes hold URLs, how CSS names them and what a URL is are
//! [`crate::url_policy`]'s to say, the same rules the cleaner applies to content.

mod markup;

use crate::diagnostic::Diagnostic;
use crate::url_policy::{ImageHosts, UrlKind, classify, css};
pub use markup::{scan_html, scan_svg};

/// The kinds of problem the audit finds; each comes with its own advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A resource loaded from another host, or an image from an allowed host over plain http.
    ForeignLoad,
    /// A URL with a scheme pages may not use: one that can run script (`javascript:`,
    /// `vbscript:`, `data:` other than a PNG, GIF, JPEG or WebP image) or any other than
    /// `http(s)`, `mailto:` and `tel:`.
    ForbiddenUrl,
    /// Script in the markup itself: an event handler attribute, a `<script>` in an SVG file, CSS
    /// that runs code.
    InlineScript,
    /// A page without the Content-Security-Policy meta.
    MissingPolicy,
    /// Something the audit could not read to the end.
    Unreadable,
}

impl Problem {
    /// What to do about it.
    fn hint(self) -> &'static str {
        match self {
            Problem::ForeignLoad => {
                "nothing may load from other hosts: remove it from the content, template or static \
                 file that writes it"
            }
            Problem::ForbiddenUrl => {
                "pages may use only URLs on this site or with http(s), mailto: or tel: (data: only \
                 for PNG, GIF, JPEG and WebP images): remove it from the template or static file \
                 that writes it"
            }
            Problem::InlineScript => {
                "pages run no script written into their markup: remove it from the template or \
                 static file that writes it (a page's own script goes in a file, loaded with \
                 <script src>)"
            }
            Problem::MissingPolicy => {
                "keep the meta in base.html; copied pages get it unless they have their own"
            }
            Problem::Unreadable => "simplify it until it can be checked, or remove it",
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind of problem.
    pub problem: Problem,
    /// What was found, e.g. `<img src> loads https://cdn.example/p.gif`.
    pub message: String,
}

impl Finding {
    fn new(problem: Problem, message: String) -> Finding {
        Finding { problem, message }
    }
}

/// Scans one stylesheet, or the CSS of a `<style>` element or `style` attribute (`what` names
/// where it is, e.g. `<style> CSS`).
fn css_findings(css: &str, what: &str, own_host: &str) -> Vec<Finding> {
    let reading = css::read(css);
    let mut findings = Vec::new();
    for url in reading.urls {
        match classify(&url, own_host) {
            UrlKind::External(_) => {
                findings.push(Finding::new(
                    Problem::ForeignLoad,
                    format!("{what} loads {url}"),
                ));
            }
            // In CSS a `data:` URL is only ever an image or a font; other schemes ran script
            // in old browsers (`url(javascript:...)`).
            UrlKind::Dangerous(scheme) | UrlKind::Scheme(scheme) if scheme != "data" => findings
                .push(Finding::new(
                    Problem::ForbiddenUrl,
                    format!("{what} holds a {scheme}: URL: {}", shown(&url)),
                )),
            _ => {}
        }
    }
    if reading.runs_code {
        findings.push(Finding::new(
            Problem::InlineScript,
            format!("{what} runs code (expression(), behavior or -moz-binding)"),
        ));
    }
    if reading.too_deep {
        findings.push(Finding::new(
            Problem::Unreadable,
            format!("{what} nests blocks too deeply to be checked"),
        ));
    }
    findings
}

/// Scans one stylesheet.
pub fn scan_css(css: &str, own_host: &str) -> Vec<Finding> {
    css_findings(css, "CSS", own_host)
}

/// A value for a message: at most 80 characters, control characters escaped.
fn shown(value: &str) -> String {
    let mut out: String = value
        .chars()
        .take(80)
        .flat_map(char::escape_default)
        .collect();
    if value.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}

/// Whether a file at this site path is audited (pages, stylesheets and SVG images).
pub fn is_scanned(site_path: &str) -> bool {
    site_path.ends_with('/')
        || [".html", ".htm", ".css", ".svg"]
            .iter()
            .any(|x| site_path.ends_with(x))
}

/// Collects findings from the files of one build, scanned from many threads.
pub struct Auditor {
    own_host: String,
    image_hosts: ImageHosts,
    findings: std::sync::Mutex<Vec<Diagnostic>>,
}

impl Auditor {
    /// For a site served from `base_url`.
    pub fn new(base_url: &str, image_hosts: &[String]) -> Self {
        Self {
            own_host: crate::url_policy::host_of(base_url),
            image_hosts: ImageHosts::new(image_hosts, base_url),
            findings: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Scans one output file; every HTML page, generated or copied, must carry the policy.
    pub fn scan(&self, site_path: &str, bytes: &[u8]) {
        if !is_scanned(site_path) {
            return;
        }
        let found = if site_path.ends_with(".css") {
            scan_css(&String::from_utf8_lossy(bytes), &self.own_host)
        } else if site_path.ends_with(".svg") {
            scan_svg(bytes, &self.own_host, &self.image_hosts)
        } else {
            scan_html(bytes, &self.own_host, &self.image_hosts, true)
        };
        if found.is_empty() {
            return;
        }
        let diagnostics = found.into_iter().map(|f| {
            Diagnostic::error(
                site_path,
                0,
                0,
                format!("output file {site_path}: {}", f.message),
            )
            .with_hint(f.problem.hint())
        });
        self.findings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(diagnostics);
    }

    /// Every finding, as errors naming the output file.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.findings
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::{Problem, scan_css, shown};

    const OWN: &str = "help.example";

    #[test]
    fn stylesheets_are_scanned_for_url_and_import() {
        assert_eq!(
            scan_css(
                "@import url(https://a.example/x.css); b{background:url(/ok.png)}",
                OWN
            )
            .len(),
            1
        );
        assert_eq!(scan_css("@import 'https://a.example/x.css';", OWN).len(), 1);
        assert_eq!(scan_css("a{color:red}", OWN), vec![]);
    }

    #[test]
    fn stylesheets_may_not_run_code_or_hide_script_urls() {
        let problems = |css: &str| -> Vec<Problem> {
            scan_css(css, OWN).into_iter().map(|f| f.problem).collect()
        };
        assert_eq!(
            problems("a{background:url(javascript:alert(1))}"),
            [Problem::ForbiddenUrl]
        );
        assert_eq!(
            problems("a{width:expression(alert(1))}"),
            [Problem::InlineScript]
        );
        assert_eq!(problems("a{behavior:url(/x.htc)}"), [Problem::InlineScript]);
        // Icons as data: URLs are images, whatever their type.
        assert_eq!(
            problems("a{background:url('data:image/svg+xml,<svg/>')}"),
            []
        );
        let deep = format!("a{{b:{}x{}}}", "f(".repeat(100), ")".repeat(100));
        assert_eq!(problems(&deep), [Problem::Unreadable]);
    }

    #[test]
    fn long_values_are_cut_and_controls_escaped() {
        assert_eq!(shown("java\tscript:x"), "java\\tscript:x");
        assert_eq!(shown(&"a".repeat(100)), format!("{}…", "a".repeat(80)));
    }
}
