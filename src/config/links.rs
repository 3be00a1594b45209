//! `links:` in `site.yaml`: how the link check treats a repository that links to what it does
//! not publish (code samples kept elsewhere, pages of another site under the same domain).
//!
//! ```yaml
//! links:
//!   check: warn          # error (default) | warn | off
//!   ignore:              # globs on the target path; `*` stays within a folder, `**` crosses
//!     - /samples/**
//!     - content/reference/**.md
//!   case_mismatch: warn  # warn (default) | error | off: `Commands.md` linking `commands.md`
//! ```

use std::path::Path;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Diagnostic;

/// `links:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinksConfig {
    /// What a broken internal link is.
    pub check: LinkCheck,
    /// Targets never reported: globs on a link's site path (`/samples/**`) or, for a link to a
    /// Markdown file, on its path in the repository (`content/reference/**`).
    pub ignore: Vec<String>,
    /// A link to a Markdown file in other letter case than the file (`Commands.md` for
    /// `commands.md`) goes to that page; `warn` (default) says so, `error` fails the build,
    /// `off` says nothing.
    pub case_mismatch: LinkCheck,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig {
            check: LinkCheck::Error,
            ignore: Vec::new(),
            case_mismatch: LinkCheck::Warn,
        }
    }
}

/// `links.check`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkCheck {
    /// A broken link fails the build.
    #[default]
    Error,
    /// A broken link is reported as a warning; the build goes on.
    Warn,
    /// Links are not checked.
    Off,
}

impl LinksConfig {
    /// The `ignore` globs as one set; patterns that do not compile are left out (the config
    /// stage reported them).
    pub fn ignored(&self) -> GlobSet {
        let mut set = GlobSetBuilder::new();
        for glob in self.ignore.iter().filter_map(|p| glob(p).ok()) {
            set.add(glob);
        }
        set.build().unwrap_or_else(|_| GlobSet::empty())
    }

    /// An error for each `ignore` pattern that is not a valid glob, at its line in `text`.
    pub fn validate(&self, text: &str, shown: &Path) -> Vec<Diagnostic> {
        self.ignore
            .iter()
            .filter_map(|pattern| {
                let why = glob(pattern).err()?;
                let (line, col) = super::position_of(text, pattern);
                let kind = why.kind().to_string();
                Some(
                    Diagnostic::error(
                        shown,
                        line,
                        col,
                        format!("links.ignore: `{pattern}` is not a valid glob: {kind}"),
                    )
                    .with_hint("write a path pattern such as /samples/** or content/api/*.md")
                    .with_source(text),
                )
            })
            .collect()
    }
}

/// One pattern, gitignore-like: `*` does not cross a `/`, `**` does.
fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

#[cfg(test)]
mod tests {
    use super::LinksConfig;
    use std::path::Path;

    #[test]
    fn ignore_globs_match_whole_folders_or_one_level() {
        let config = LinksConfig {
            ignore: vec![
                "/samples/**".into(),
                "/api/*.html".into(),
                "content/ref/**".into(),
            ],
            ..LinksConfig::default()
        };
        let set = config.ignored();
        for (target, ignored) in [
            ("/samples/a.cs", true),
            ("/samples/deep/er/b.cs", true),
            ("/api/x.html", true),
            ("/api/v2/x.html", false),
            ("/guides/a/", false),
            ("content/ref/x.md", true),
            ("/samplesx/a.cs", false),
        ] {
            assert_eq!(set.is_match(target), ignored, "{target}");
        }
    }

    #[test]
    fn a_pattern_that_is_no_glob_is_an_error_at_its_line() {
        let text = "links:\n  ignore:\n    - /ok/**\n    - /bad/[x\n";
        let config = LinksConfig {
            ignore: vec!["/ok/**".into(), "/bad/[x".into()],
            ..LinksConfig::default()
        };
        let problems = config.validate(text, Path::new("site.yaml"));
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].col), (4, 7));
        assert!(
            problems[0]
                .message
                .contains("`/bad/[x` is not a valid glob"),
            "{}",
            problems[0].message
        );
        assert!(
            config.ignored().is_match("/ok/a"),
            "the valid patterns still apply"
        );
    }
}
