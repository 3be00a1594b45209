//! `site.yaml` → [`Config`]: the site-wide settings every later stage reads.
//!
//! It sits first in the pipeline because the output directory, base URL and taxonomies shape
//! everything after it. Every key has a default, so a folder holding only `content/` builds.
//! Unknown keys are errors naming the nearest valid key: a typo such as `titel:` must not be
//! silently ignored.

mod links;

pub use links::{LinkCheck, LinksConfig};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::yaml_error;
use crate::diagnostic::{Diagnostic, display_path, nearest};
use crate::fs_util;
use crate::url_policy::{UrlKind, classify};

/// The file name of the site configuration, at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// Site-wide settings, resolved from `site.yaml` and command-line overrides.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The site's name, shown in the header, titles and feeds.
    pub title: String,
    /// Absolute URL the site is served from, e.g. `https://help.example.org/`.
    pub base_url: String,
    /// Language tag for `<html lang>` and the feed.
    pub language: String,
    /// One-sentence description for the home page and the feed.
    pub description: String,
    /// Where `build` writes, relative to the site root.
    pub output_dir: PathBuf,
    /// Taxonomies with list and term pages; `tags` and `categories` come from front matter.
    pub taxonomies: Vec<String>,
    /// Display names of terms, by taxonomy and term (`tags: {windows11: Windows 11}`); a term
    /// written in any spelling with the same slug gets the name. A term not named here shows
    /// as first spelled in front matter.
    pub term_names: BTreeMap<String, BTreeMap<String, String>>,
    /// How many entries the Atom feed carries.
    pub feed_limit: usize,
    /// Free-form values for templates (`config.extra`).
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// How raw HTML in content is cleaned.
    pub clean: CleanConfig,
    /// Which guidepost-check binaries the site offers for download.
    pub checker: CheckerConfig,
    /// Site search: a Pagefind index under `/pagefind/` and a search box on every page.
    pub search: bool,
    /// How the link check treats broken links.
    pub links: LinksConfig,
    /// How heading ids are made from heading text.
    pub heading_ids: HeadingIds,
}

/// `heading_ids:` the rule that turns a heading's text into its id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    /// GitHub's: lowercase, punctuation but `-` and `_` dropped, each space a `-`
    /// (`Step -- two` → `step----two`), so links written against GitHub work.
    #[default]
    Github,
    /// Guidepost's earlier rule: runs of spaces, `-` and `_` become one `-`, none at the ends
    /// (`Step -- two` → `step-two`).
    Compact,
}

/// `checker:` in `site.yaml`: the guidepost-check builds copied into `/downloads/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckerConfig {
    /// Rust target triples to offer, e.g. `x86_64-pc-windows-gnu`; `bundle-checker` builds them.
    pub targets: Vec<String>,
    /// Cargo's target directory, relative to the site root, where the binaries are found.
    pub target_dir: PathBuf,
    /// Whether `build` builds a missing or out-of-date checker itself.
    pub build: CheckerBuild,
    /// A command run on each built binary to sign it (program and arguments; `{input}` is the
    /// unsigned binary, `{output}` where the signed one goes), e.g. osslsigncode with the
    /// publisher's certificate. Empty: the download is not signed.
    pub sign_command: Vec<String>,
}

/// `checker.build`: who builds the checker downloads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckerBuild {
    /// `build` cross-builds a missing or out-of-date checker when the toolchain is there.
    #[default]
    Auto,
    /// Only `bundle-checker` builds it.
    Manual,
}

impl Default for CheckerConfig {
    fn default() -> Self {
        Self {
            targets: Vec::new(),
            target_dir: PathBuf::from("target"),
            build: CheckerBuild::Auto,
            sign_command: Vec::new(),
        }
    }
}

/// `clean:` in `site.yaml`: the ad and tracker layer's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CleanConfig {
    /// Comments that open and close an ad region; everything between them is removed. A
    /// comment is a marker when its whole text matches the pattern word for word, without
    /// case, `*` standing for any words (see `clean::markers`).
    pub ad_markers: Vec<AdMarker>,
    /// Extra rule lists in EasyList syntax (EasyList, EasyPrivacy, your own), relative to the root.
    pub rule_lists: Vec<PathBuf>,
    /// CSS selectors of elements to remove from raw HTML (link farms, disclaimers).
    pub remove_selectors: Vec<String>,
    /// Hosts images may be loaded from; by default every image must be local.
    pub image_hosts: Vec<String>,
    /// Add `nofollow` to the `rel` of links to other sites.
    pub nofollow: bool,
    /// Link schemes allowed besides `http(s)`, `mailto`, `tel`, `ms-settings` and
    /// `ms-windows-store` (e.g. `xref`); schemes that can run code are never allowed.
    pub allowed_schemes: Vec<String>,
}

/// A pair of ad-region comment markers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdMarker {
    /// Pattern of the opening comment, e.g. `* ads begin`.
    pub begin: String,
    /// Pattern of the closing comment, e.g. `* ads end`.
    pub end: String,
}

impl Default for CleanConfig {
    fn default() -> Self {
        let pair = |begin: &str, end: &str| AdMarker {
            begin: begin.to_owned(),
            end: end.to_owned(),
        };
        Self {
            ad_markers: vec![
                pair("* ads begin", "* ads end"),
                pair("* ad begin", "* ad end"),
                pair("* ads start", "* ads end"),
                pair("* ad start", "* ad end"),
            ],
            rule_lists: Vec::new(),
            remove_selectors: Vec::new(),
            image_hosts: Vec::new(),
            nofollow: false,
            allowed_schemes: Vec::new(),
        }
    }
}

/// The keys `site.yaml` accepts, for unknown-key diagnostics.
const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "output_dir",
    "taxonomies",
    "term_names",
    "feed_limit",
    "extra",
    "clean",
    "checker",
    "search",
    "links",
    "heading_ids",
];

impl Default for Config {
    fn default() -> Self {
        Self {
            title: "Help".to_owned(),
            base_url: "http://localhost:8000/".to_owned(),
            language: "en".to_owned(),
            description: String::new(),
            output_dir: PathBuf::from("public"),
            taxonomies: vec!["tags".to_owned(), "categories".to_owned()],
            term_names: BTreeMap::new(),
            feed_limit: 20,
            extra: serde_json::Map::new(),
            clean: CleanConfig::default(),
            checker: CheckerConfig::default(),
            search: true,
            links: LinksConfig::default(),
            heading_ids: HeadingIds::default(),
        }
    }
}

impl Config {
    /// Reads `site.yaml` under `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        if !path.exists() {
            return Ok(Config::default());
        }
        let shown = display_path(root, &path);
        let bytes = fs_util::read(&path)
            .map_err(|e| vec![Diagnostic::error(&shown, 0, 0, e.to_string())])?;
        let text = String::from_utf8(bytes).map_err(|_| {
            vec![
                Diagnostic::error(&shown, 0, 0, "site.yaml is not valid UTF-8")
                    .with_hint("save the file as UTF-8"),
            ]
        })?;
        Self::parse(&text, &shown)
    }

    /// Parses the text of `site.yaml`; `shown` is the path used in diagnostics.
    pub fn parse(text: &str, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let mut problems = unknown_keys(text, shown)?;
        match serde_yaml::from_str::<Config>(text) {
            Ok(config) => {
                problems.extend(config.validate(text, shown));
                problems.extend(config.validate_term_names(text, shown));
                problems.extend(config.links.validate(text, shown));
                if problems.is_empty() {
                    Ok(config)
                } else {
                    Err(problems)
                }
            }
            Err(e) => {
                problems.push(yaml_error(&e, shown, 0, text));
                Err(problems)
            }
        }
    }

    /// Checks a `base_url` given on the command line.
    pub fn validate_base_url(&self) -> Result<(), Diagnostic> {
        match self
            .validate("", Path::new("--base-url"))
            .into_iter()
            .next()
        {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    fn validate(&self, text: &str, shown: &Path) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for scheme in &self.clean.allowed_schemes {
            let probe = format!("{scheme}:x");
            if matches!(classify(&probe, ""), UrlKind::Scheme(_)) {
                continue;
            }
            let (line, col) = position_of(text, scheme);
            problems.push(
                Diagnostic::error(
                    shown,
                    line,
                    col,
                    format!(
                        "clean.allowed_schemes: `{scheme}` cannot be allowed: it is not a scheme, \
                         or it can run code, read files or is already allowed"
                    ),
                )
                .with_hint(
                    "list schemes that open an application, e.g. allowed_schemes: [xref]; \
                     http(s), mailto, tel, ms-settings and ms-windows-store need no listing",
                )
                .with_source(text),
            );
        }
        let is_absolute =
            self.base_url.starts_with("http://") || self.base_url.starts_with("https://");
        if !is_absolute {
            let line = key_line(text, "base_url").unwrap_or(0);
            problems.push(
                Diagnostic::error(
                    shown,
                    line,
                    1,
                    format!("base_url `{}` is not an absolute URL", self.base_url),
                )
                .with_hint("write the full address, e.g. base_url: https://help.example.org/")
                .with_source(text),
            );
        }
        problems
    }

    /// `term_names`: each taxonomy named is one of `taxonomies`, each term has a letter or digit
    /// (it has a page), no two terms of a taxonomy share a page, and no name is blank.
    fn validate_term_names(&self, text: &str, shown: &Path) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let block = key_line(text, "term_names").unwrap_or(1);
        let mut problem = |line: usize, col: usize, message: String, hint: &str| {
            problems.push(
                Diagnostic::error(shown, line, col, message)
                    .with_hint(hint)
                    .with_source(text),
            );
        };
        for (taxonomy, terms) in &self.term_names {
            let (taxonomy_line, col) = position_after(text, block, taxonomy);
            if !self.taxonomies.contains(taxonomy) {
                problem(
                    taxonomy_line,
                    col,
                    format!("term_names: `{taxonomy}` is not one of the site's taxonomies"),
                    &format!(
                        "name terms of a taxonomy listed in `taxonomies` ({})",
                        self.taxonomies.join(", ")
                    ),
                );
                continue;
            }
            let mut slugs: BTreeMap<String, &str> = BTreeMap::new();
            for (term, name) in terms {
                let (line, col) = position_after(text, taxonomy_line, term);
                let slug = crate::slug::slugify(term);
                if slug.is_empty() {
                    problem(
                        line,
                        col,
                        format!(
                            "term_names.{taxonomy}: `{term}` has no letter or digit, so no page"
                        ),
                        "write the term as front matter spells it, e.g. windows11: Windows 11",
                    );
                } else if let Some(first) = slugs.insert(slug, term) {
                    problem(
                        line,
                        col,
                        format!(
                            "term_names.{taxonomy}: `{term}` and `{first}` are one term (one page)"
                        ),
                        "name the term once",
                    );
                }
                if name.trim().is_empty() {
                    problem(
                        line,
                        col,
                        format!("term_names.{taxonomy}: `{term}` has an empty name"),
                        "write the name to show, e.g. windows11: Windows 11, or leave the term out",
                    );
                }
            }
        }
        problems
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The path part of the base URL without a trailing slash (`""` at a domain's root), which
    /// prefixes every internal link so a site can live under a sub-path.
    pub fn path_prefix(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |x| x.1);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].trim_end_matches('/').to_owned(),
            None => String::new(),
        }
    }

    /// Turns a site path (`/a/b/`) into an absolute URL under the base URL.
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url(), site_path.trim_start_matches('/'))
    }
}

/// Every top-level key that is not a known one, each an error naming the nearest valid key.
fn unknown_keys(text: &str, shown: &Path) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| vec![yaml_error(&e, shown, 0, text)])?;
    let Some(mapping) = value.as_mapping() else {
        return Err(vec![
            Diagnostic::error(shown, 1, 1, "site.yaml must be a mapping of keys to values")
                .with_hint("write one `key: value` per line, e.g. title: My help site")
                .with_source(text),
        ]);
    };
    Ok(mapping
        .keys()
        .filter_map(|k| k.as_str())
        .filter(|k| !KNOWN_KEYS.contains(k))
        .map(|key| {
            let line = key_line(text, key).unwrap_or(0);
            let hint = match nearest(key, KNOWN_KEYS.iter().copied()) {
                Some(near) => format!(
                    "did you mean `{near}`? Valid keys: {}",
                    KNOWN_KEYS.join(", ")
                ),
                None => format!("valid keys: {}", KNOWN_KEYS.join(", ")),
            };
            Diagnostic::error(shown, line, 1, format!("unknown key `{key}` in site.yaml"))
                .with_hint(hint)
                .with_source(text)
        })
        .collect())
}

/// The 1-based line and column (in characters) where `value` is first written in `text`, for a
/// diagnostic about a setting's value; `(0, 0)` when it is not found.
fn position_of(text: &str, value: &str) -> (usize, usize) {
    position_after(text, 1, value)
}

/// [`position_of`], looking from the 1-based line `from` on (a nested key after its parent's).
fn position_after(text: &str, from: usize, value: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, line)| Some((i + 1, line[..line.find(value)?].chars().count() + 1)))
        .unwrap_or((0, 0))
}

/// The 1-based line where a top-level key is written.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start_matches(['"', '\'']);
            line.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        })
        .map(|i| i + 1)
}
