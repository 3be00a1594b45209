//! The counts printed after a long list of diagnostics: thousands of problems are not read one
//! by one, so the run ends with how many of each kind and where (by top-level folder).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path};

use super::{Diagnostic, Kind, Severity};

/// Folders listed before "and N more".
const FOLDERS_SHOWN: usize = 12;

/// How many problems of each kind, and in each top-level folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Errors in all.
    pub errors: usize,
    /// Warnings in all.
    pub warnings: usize,
    /// (errors, warnings) of each kind.
    pub by_kind: BTreeMap<Kind, (usize, usize)>,
    /// Problems (errors and warnings) per top-level folder, e.g. `content/guides/`.
    pub by_folder: BTreeMap<String, usize>,
}

impl Summary {
    /// Counts `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Summary {
        let mut summary = Summary::default();
        for d in diagnostics {
            let counts = summary.by_kind.entry(d.kind).or_default();
            match d.severity {
                Severity::Error => {
                    summary.errors += 1;
                    counts.0 += 1;
                }
                Severity::Warning => {
                    summary.warnings += 1;
                    counts.1 += 1;
                }
            }
            *summary.by_folder.entry(top_folder(&d.file)).or_default() += 1;
        }
        summary
    }
}

/// `content/guides/a/b.md` → `content/guides/`; `content/a.md` → `content/`; `site.yaml` →
/// `site.yaml`.
fn top_folder(file: &Path) -> String {
    let parts: Vec<String> = file
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    match parts.as_slice() {
        [] => file.display().to_string(),
        [only] => only.clone(),
        [content, folder, _, ..] if content == "content" => format!("{content}/{folder}/"),
        [first, ..] => format!("{first}/"),
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "summary: {} error(s), {} warning(s)",
            self.errors, self.warnings
        )?;
        writeln!(f, "  by kind:")?;
        let mut kinds: Vec<(&Kind, &(usize, usize))> = self.by_kind.iter().collect();
        kinds.sort_by_key(|(kind, (errors, warnings))| {
            (std::cmp::Reverse(errors + warnings), **kind)
        });
        for (kind, (errors, warnings)) in kinds {
            let label = kind.label();
            match (errors, warnings) {
                (e, 0) => writeln!(f, "    {e:>7}  {label} (errors)")?,
                (0, w) => writeln!(f, "    {w:>7}  {label} (warnings)")?,
                (e, w) => writeln!(f, "    {:>7}  {label} ({e} errors, {w} warnings)", e + w)?,
            }
        }
        writeln!(f, "  by top-level folder:")?;
        let mut folders: Vec<(&String, &usize)> = self.by_folder.iter().collect();
        folders.sort_by_key(|(folder, count)| (std::cmp::Reverse(**count), folder.as_str()));
        for (folder, count) in folders.iter().take(FOLDERS_SHOWN) {
            writeln!(f, "    {count:>7}  {folder}")?;
        }
        if folders.len() > FOLDERS_SHOWN {
            let rest: usize = folders[FOLDERS_SHOWN..].iter().map(|(_, c)| **c).sum();
            writeln!(
                f,
                "    {rest:>7}  in {} more folders",
                folders.len() - FOLDERS_SHOWN
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Summary, top_folder};
    use crate::diagnostic::{Diagnostic, Kind};
    use std::path::Path;

    #[test]
    fn files_count_under_their_top_level_folder() {
        for (file, folder) in [
            ("content/guides/a/b.md", "content/guides/"),
            ("content/guides/b.md", "content/guides/"),
            ("content/a.md", "content/"),
            ("site.yaml", "site.yaml"),
            ("templates/page.html", "templates/"),
            ("static/css/x.css", "static/"),
        ] {
            assert_eq!(top_folder(Path::new(file)), folder, "{file}");
        }
    }

    #[test]
    fn counts_by_kind_and_folder_and_prints_the_largest_first() {
        let mut diagnostics = Vec::new();
        for i in 0..5 {
            diagnostics.push(
                Diagnostic::error(format!("content/a/p{i}.md"), 1, 1, "x")
                    .with_kind(Kind::BrokenLink),
            );
        }
        diagnostics
            .push(Diagnostic::error("content/b/p.md", 1, 1, "x").with_kind(Kind::BrokenAnchor));
        diagnostics.push(Diagnostic::warning("content/b/p.md", 2, 1, "x"));
        let summary = Summary::of(&diagnostics);
        assert_eq!((summary.errors, summary.warnings), (6, 1));
        assert_eq!(summary.by_kind[&Kind::BrokenLink], (5, 0));
        assert_eq!(summary.by_kind[&Kind::Other], (0, 1));
        assert_eq!(summary.by_folder["content/a/"], 5);
        assert_eq!(summary.by_folder["content/b/"], 2);
        let text = summary.to_string();
        let links = text
            .find("broken link (errors)")
            .expect("broken links listed");
        let anchors = text.find("broken anchor (errors)").expect("anchors listed");
        assert!(links < anchors, "the largest kind first:\n{text}");
        assert!(text.contains("      5  content/a/\n"), "{text}");
    }

    #[test]
    fn many_folders_end_with_a_count_of_the_rest() {
        let diagnostics: Vec<Diagnostic> = (0..20)
            .map(|i| Diagnostic::error(format!("content/f{i:02}/p.md"), 1, 1, "x"))
            .collect();
        let text = Summary::of(&diagnostics).to_string();
        assert!(text.contains("      8  in 8 more folders"), "{text}");
    }
}
