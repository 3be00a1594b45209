//! The site's table of next steps: what the "Your status" block tells a reader to do for each
//! check outcome a guidepost-check report can hold.
//!
//! A report says *what* was found (a check, an outcome key from the checker's catalogue and,
//! for activation, the Windows error code); which guide section helps is the site's business,
//! so it lives in `next-steps.yaml` at the site root, never in the report. This module reads
//! that file, checks every key against the catalogue (`guidepost_check::report::OUTCOMES`) and
//! every link against the pages the build publishes, and picks the step for a result: the
//! entry for its error code, else the entry for its outcome, else none.
//!
//! ```yaml
//! account:
//!   local-account:
//!     text: Switch to a Microsoft account
//!     link: /accounts/switch-local-to-microsoft-account/#switch
//! activation:
//!   not-activated:
//!     text: Look up what your error code means
//!     link: /activation/activation-errors/
//!     codes:
//!       0xC004F213:
//!         text: Fix error 0xC004F213 (no product key found)
//!         link: /activation/activation-errors/#0xc004f213-no-product-key-found
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use guidepost_check::report::{CheckId, OUTCOMES, Status, find_outcome};
use serde::Deserialize;

use crate::diagnostic::yaml_error;
use crate::diagnostic::{Diagnostic, nearest};
use crate::fs_util;
use crate::model::Site;

/// The file's name, at the site root.
pub(crate) const FILE_NAME: &str = "next-steps.yaml";

/// One next step: the words of the link and where it goes (a site path, maybe with `#anchor`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NextStep {
    /// The check it answers.
    pub check: CheckId,
    /// The outcome key it answers.
    pub outcome: String,
    /// The error code it answers, for an entry under `codes`.
    pub code: Option<String>,
    /// The link text, e.g. "Switch to a Microsoft account".
    pub text: String,
    /// The site path it links to, e.g. `/accounts/switch/#steps`.
    pub link: String,
    line: usize,
    col: usize,
}

/// Every valid entry of the site's `next-steps.yaml` (empty when the file is absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NextSteps {
    /// The entries, in file order.
    pub steps: Vec<NextStep>,
    file: PathBuf,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    text: String,
    link: String,
    #[serde(default)]
    codes: BTreeMap<String, CodeEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeEntry {
    text: String,
    link: String,
}

impl NextSteps {
    /// Reads `next-steps.yaml` under `root`; bad YAML and unknown checks or outcomes are errors
    /// at their line and column. Entries with errors are left out.
    pub(crate) fn load(root: &Path) -> (NextSteps, Vec<Diagnostic>) {
        let path = root.join(FILE_NAME);
        let file = PathBuf::from(FILE_NAME);
        if !path.is_file() {
            let none = NextSteps {
                file,
                ..NextSteps::default()
            };
            return (none, Vec::new());
        }
        let text = match fs_util::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                let problem = Diagnostic::error(&file, 0, 0, "next-steps.yaml is not UTF-8 text")
                    .with_hint("save the file as UTF-8");
                return (NextSteps::default(), vec![problem]);
            }
            Err(e) => {
                let problem = Diagnostic::error(&file, 0, 0, format!("cannot read it: {e}"));
                return (NextSteps::default(), vec![problem]);
            }
        };
        Self::parse(&text, &file)
    }

    /// Parses the file's text (`file` names it in diagnostics).
    pub(crate) fn parse(text: &str, file: &Path) -> (NextSteps, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut steps = Vec::new();
        let table: BTreeMap<String, BTreeMap<String, Entry>> = if text.trim().is_empty() {
            BTreeMap::new()
        } else {
            match serde_yaml::from_str(text) {
                Ok(table) => table,
                Err(e) => {
                    problems.push(yaml_error(&e, file, 0, text));
                    BTreeMap::new()
                }
            }
        };
        let at = |path: &[&str]| locate(text, path);
        for (check_key, outcomes) in table {
            let Some(check) = CheckId::parse(&check_key) else {
                let (line, col) = at(&[&check_key]);
                let ids: Vec<&str> = CheckId::ALL.iter().map(|c| c.as_str()).collect();
                let hint = match nearest(&check_key, ids.iter().copied()) {
                    Some(near) => {
                        format!("did you mean `{near}`? The checks are {}", ids.join(", "))
                    }
                    None => format!("the checks are {}", ids.join(", ")),
                };
                problems.push(
                    Diagnostic::error(file, line, col, format!("unknown check `{check_key}`"))
                        .with_hint(hint)
                        .with_source(text),
                );
                continue;
            };
            for (outcome, entry) in outcomes {
                let (line, col) = at(&[&check_key, &outcome]);
                let Some(known) = find_outcome(check, &outcome) else {
                    let keys: Vec<&str> = OUTCOMES
                        .iter()
                        .filter(|o| o.check == check)
                        .map(|o| o.key)
                        .collect();
                    let hint = match nearest(&outcome, keys.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("the outcomes of `{check}` are {}", keys.join(", ")),
                    };
                    problems.push(
                        Diagnostic::error(
                            file,
                            line,
                            col,
                            format!("`{check}` has no outcome `{outcome}`"),
                        )
                        .with_hint(hint)
                        .with_source(text),
                    );
                    continue;
                };
                if known.status == Status::Ok {
                    problems.push(
                        Diagnostic::warning(
                            file,
                            line,
                            col,
                            format!(
                                "`{check}` `{outcome}` is a good result, which the status block \
                                 shows without a next step"
                            ),
                        )
                        .with_hint("remove this entry")
                        .with_source(text),
                    );
                    continue;
                }
                let (link_line, link_col) = at(&[&check_key, &outcome, "link"]);
                steps.push(NextStep {
                    check,
                    outcome: outcome.clone(),
                    code: None,
                    text: entry.text,
                    link: entry.link,
                    line: link_line.max(line),
                    col: if link_line > 0 { link_col } else { col },
                });
                for (code, coded) in entry.codes {
                    let (line, col) = at(&[&check_key, &outcome, "codes", &code, "link"]);
                    steps.push(NextStep {
                        check,
                        outcome: outcome.clone(),
                        code: Some(code),
                        text: coded.text,
                        link: coded.link,
                        line,
                        col,
                    });
                }
            }
        }
        let steps = NextSteps {
            steps,
            file: file.to_path_buf(),
            text: text.to_owned(),
        };
        (steps, problems)
    }

    /// Checks every link against what the site publishes (a page or section, and the heading
    /// anchor after `#`); a broken one is an error at its line, and its entry is dropped.
    pub(crate) fn check_links(&mut self, site: &Site) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let (file, text) = (&self.file, &self.text);
        self.steps
            .retain(|step| match link_problem(&step.link, site) {
                None => true,
                Some((message, hint)) => {
                    problems.push(
                        Diagnostic::error(file, step.line, step.col, message)
                            .with_hint(hint)
                            .with_source(text),
                    );
                    false
                }
            });
        problems
    }

    /// Warnings for each outcome the status block can show that has no next step, when the
    /// site uses the block (`shown` is true). Outcomes of a report made off Windows need none.
    pub(crate) fn missing_warnings(&self, shown: bool) -> Vec<Diagnostic> {
        if !shown {
            return Vec::new();
        }
        OUTCOMES
            .iter()
            .filter(|o| o.status != Status::Ok && o.key != "not-windows")
            .filter(|o| {
                !self
                    .steps
                    .iter()
                    .any(|s| s.check == o.check && s.outcome == o.key && s.code.is_none())
            })
            .map(|o| {
                Diagnostic::warning(
                    &self.file,
                    0,
                    0,
                    format!(
                        "no next step for `{}` `{}` ({}): the status block shows that result \
                         without telling the reader what to do",
                        o.check, o.key, o.meaning
                    ),
                )
                .with_hint(format!(
                    "add `{}:` → `{}:` with `text:` and `link:` to {FILE_NAME}",
                    o.check, o.key
                ))
            })
            .collect()
    }

    /// The step for a result: its error code's entry, else its outcome's, else none.
    pub(crate) fn pick(
        &self,
        check: CheckId,
        outcome: &str,
        code: Option<&str>,
    ) -> Option<&NextStep> {
        let same = |s: &&NextStep| s.check == check && s.outcome == outcome;
        code.and_then(|code| {
            self.steps.iter().filter(same).find(|s| {
                s.code
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(code))
            })
        })
        .or_else(|| self.steps.iter().filter(same).find(|s| s.code.is_none()))
    }
}

/// What is wrong with a next step's link, and what to do, if anything.
fn link_problem(link: &str, site: &Site) -> Option<(String, String)> {
    let (path, anchor) = match link.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (link, None),
    };
    if !path.starts_with('/') {
        return Some((
            format!("the next step links to `{link}`, which is not a path on this site"),
            "write a site path, e.g. /accounts/switch-local-to-microsoft-account/#switch".into(),
        ));
    }
    let anchors = site
        .pages
        .iter()
        .find(|p| p.path == path)
        .map(|p| &p.rendered.anchors)
        .or_else(|| {
            site.sections
                .iter()
                .find(|s| s.path == path)
                .map(|s| &s.rendered.anchors)
        });
    let Some(anchors) = anchors else {
        let paths = site
            .pages
            .iter()
            .map(|p| p.path.as_str())
            .chain(site.sections.iter().map(|s| s.path.as_str()));
        let hint = match nearest(path, paths) {
            Some(near) => format!("did you mean {near}?"),
            None => "link to a page this site publishes".to_owned(),
        };
        return Some((
            format!("the next step links to {path}, which this site does not publish"),
            hint,
        ));
    };
    match anchor {
        Some(anchor) if !anchors.contains(anchor) => {
            let hint = match nearest(anchor, anchors.iter().map(String::as_str)) {
                Some(near) => format!("did you mean #{near}?"),
                None => format!(
                    "give the heading an id, e.g. `## Title {{#{anchor}}}`, on the page {path}"
                ),
            };
            Some((
                format!("the next step links to {path}#{anchor}, but that page has no #{anchor}"),
                hint,
            ))
        }
        _ => None,
    }
}

/// The 1-based line and column of the key at the end of `path` (a chain of nested mapping
/// keys), found by reading the file's lines in order; `(0, 0)` when not found.
fn locate(text: &str, path: &[&str]) -> (usize, usize) {
    let mut from = 0;
    let mut indent = None;
    let mut found = (0, 0);
    for key in path {
        let hit = text.lines().enumerate().skip(from).find_map(|(i, line)| {
            let trimmed = line.trim_start();
            let depth = line.len() - trimmed.len();
            let deeper = indent.is_none_or(|outer| depth > outer);
            let bare = trimmed
                .strip_prefix(key)
                .is_some_and(|r| r.starts_with(':'));
            let quoted = ["\"", "'"].iter().any(|q| {
                trimmed
                    .strip_prefix(q)
                    .and_then(|r| r.strip_prefix(key))
                    .and_then(|r| r.strip_prefix(q))
                    .is_some_and(|r| r.starts_with(':'))
            });
            (deeper && (bare || quoted)).then_some((i, depth))
        });
        let Some((i, depth)) = hit else {
            return found;
        };
        found = (i + 1, depth + 1);
        from = i + 1;
        indent = Some(depth);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
account:
  local-account:
    text: Switch to a Microsoft account
    link: /accounts/switch/#steps
activation:
  not-activated:
    text: Look up your error code
    link: /activation/errors/
    codes:
      0xC004F213:
        text: Fix error 0xC004F213
        link: /activation/errors/#0xc004f213
";

    fn parse(text: &str) -> (NextSteps, Vec<Diagnostic>) {
        NextSteps::parse(text, Path::new(FILE_NAME))
    }

    #[test]
    fn reads_entries_with_their_link_positions() {
        let (steps, problems) = parse(GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let found: Vec<_> = steps
            .steps
            .iter()
            .map(|s| {
                (
                    s.check,
                    s.outcome.as_str(),
                    s.code.as_deref(),
                    s.line,
                    s.col,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (CheckId::Account, "local-account", None, 4, 5),
                (CheckId::Activation, "not-activated", None, 8, 5),
                (
                    CheckId::Activation,
                    "not-activated",
                    Some("0xC004F213"),
                    12,
                    9
                ),
            ]
        );
    }

    #[test]
    fn picks_the_code_then_the_outcome() {
        let (steps, _) = parse(GOOD);
        let pick = |check, outcome, code| steps.pick(check, outcome, code).map(|s| s.link.as_str());
        let table = [
            (
                CheckId::Activation,
                "not-activated",
                Some("0xC004F213"),
                Some("/activation/errors/#0xc004f213"),
            ),
            (
                CheckId::Activation,
                "not-activated",
                Some("0xc004f213"),
                Some("/activation/errors/#0xc004f213"),
            ),
            (
                CheckId::Activation,
                "not-activated",
                Some("0xC004F050"),
                Some("/activation/errors/"),
            ),
            (
                CheckId::Activation,
                "not-activated",
                None,
                Some("/activation/errors/"),
            ),
            (
                CheckId::Account,
                "local-account",
                None,
                Some("/accounts/switch/#steps"),
            ),
            (CheckId::Account, "microsoft-account", None, None),
            (CheckId::Linked, "local-account", None, None),
        ];
        for (check, outcome, code, link) in table {
            assert_eq!(
                pick(check, outcome, code),
                link,
                "{check} {outcome} {code:?}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_errors_at_their_line_with_the_nearest_name() {
        let text = "accounts:\n  local-account:\n    text: x\n    link: /x/\nadmin:\n  standard-usr:\n    text: x\n    link: /x/\n";
        let (steps, problems) = parse(text);
        assert!(steps.steps.is_empty());
        let shown: Vec<_> = problems
            .iter()
            .map(|p| {
                (
                    p.line,
                    p.col,
                    p.message.as_str(),
                    p.hint.clone().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(shown[0].0, 1);
        assert_eq!(shown[0].2, "unknown check `accounts`");
        assert!(shown[0].3.contains("did you mean `account`"), "{shown:?}");
        assert_eq!((shown[1].0, shown[1].1), (6, 3));
        assert_eq!(shown[1].2, "`admin` has no outcome `standard-usr`");
        assert!(
            shown[1].3.contains("did you mean `standard-user`"),
            "{shown:?}"
        );
    }

    #[test]
    fn bad_yaml_and_missing_fields_are_errors_with_a_position() {
        let (_, problems) = parse("account:\n  local-account:\n    text: [unclosed\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].line >= 3, "{problems:?}");
        let (_, problems) = parse("account:\n  local-account:\n    text: only text\n");
        assert!(problems[0].message.contains("link"), "{problems:?}");
    }

    #[test]
    fn an_ok_outcome_needs_no_step_and_missing_ones_are_warned_about() {
        let (steps, problems) =
            parse("account:\n  microsoft-account:\n    text: x\n    link: /x/\n");
        assert!(steps.steps.is_empty());
        assert!(problems[0].message.contains("good result"), "{problems:?}");
        let (steps, _) = parse(GOOD);
        assert!(steps.missing_warnings(false).is_empty());
        let missing = steps.missing_warnings(true);
        assert!(
            missing
                .iter()
                .all(|w| w.severity == crate::diagnostic::Severity::Warning)
        );
        assert!(
            missing
                .iter()
                .any(|w| w.message.contains("`admin` `standard-user`"))
        );
        assert!(
            !missing
                .iter()
                .any(|w| w.message.contains("`account` `local-account`"))
        );
        assert!(!missing.iter().any(|w| w.message.contains("not-windows")));
    }
}
