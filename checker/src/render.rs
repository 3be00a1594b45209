//! The default output: a one-line summary, a table of verdicts, then each check's facts and
//! the address of the guide that explains it.
//!
//! The text carries ANSI styles; the binary prints it through `anstream`, which keeps them on
//! a terminal and strips them when output is redirected (or `NO_COLOR` is set).

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::link::help_url;
use crate::report::{Report, Status};

fn status_style(status: Status) -> Style {
    let color = match status {
        Status::Ok => AnsiColor::Green,
        Status::Attention => AnsiColor::Yellow,
        Status::Problem => AnsiColor::Red,
        Status::Unknown => AnsiColor::Magenta,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// The report as a readable, styled table; `site` makes the help links absolute.
pub fn table(report: &Report, site: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{BOLD}guidepost-check {}{BOLD:#}: Windows activation status ({})",
        report.checker.version, report.generated
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", report.summary_line());
    let _ = writeln!(out);
    let title_width = report
        .checks
        .iter()
        .map(|c| c.title.chars().count())
        .max()
        .unwrap_or(0);
    for check in &report.checks {
        let style = status_style(check.status);
        let status = format!("{:<9}", check.status.as_str());
        let _ = writeln!(
            out,
            "  {style}{status}{style:#}  {:<title_width$}  {}",
            check.title, check.summary
        );
    }
    for check in &report.checks {
        let style = status_style(check.status);
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{BOLD}{}{BOLD:#} [{style}{}{style:#}]",
            check.title, check.status
        );
        let mut rows: Vec<(&str, String)> = check
            .facts
            .iter()
            .map(|fact| (fact.label.as_str(), fact.value.clone()))
            .collect();
        if let Some(reason) = &check.reason_unknown {
            rows.push(("Why unknown", reason.clone()));
        }
        rows.push(("More help", help_url(site, check.id.help())));
        let width = rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        for (label, value) in rows {
            let _ = writeln!(out, "    {DIM}{label:<width$}{DIM:#}  {value}");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Show this on the guide: guidepost-check --open (or --link to print the address)."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Probes;

    fn strip(styled: &str) -> String {
        let mut plain = String::new();
        let mut chars = styled.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                plain.push(c);
            }
        }
        plain
    }

    #[test]
    fn lists_every_check_with_reason_and_absolute_help() {
        let report = crate::build_report(&Probes::not_windows(), "2024-05-01T12:00:00Z".into());
        let text = strip(&table(&report, "https://help.example/"));
        for check in &report.checks {
            assert!(text.contains(&check.title), "{text}");
        }
        assert!(text.contains("  unknown    Windows version"), "{text}");
        assert!(
            text.contains("Why unknown  this check needs Windows"),
            "{text}"
        );
        assert!(
            text.contains("Nothing needs attention. Could not check: Windows version"),
            "{text}"
        );
        assert!(
            text.contains(
                "https://help.example/activation/link-license-to-microsoft-account/#check"
            )
        );
        assert!(
            table(&report, "x").contains('\u{1b}'),
            "styles are in the text"
        );
    }
}
