//! The host build of the binary, end to end: off Windows it still prints a valid report in
//! which every check is `unknown` because it needs Windows, and exits with code 2.
#![cfg(not(windows))]

use std::process::{Command, Output};

use guidepost_check::link::report_from_url;
use guidepost_check::report::{CheckId, Report, Status};

fn checker(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guidepost-check"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn assert_all_need_windows(report: &Report) {
    assert_eq!(report.checker.os, std::env::consts::OS);
    let ids: Vec<CheckId> = report.checks.iter().map(|c| c.id).collect();
    assert_eq!(ids, CheckId::ALL);
    for check in &report.checks {
        assert_eq!(check.status, Status::Unknown, "{}", check.id);
        assert_eq!(
            check.reason_unknown.as_deref(),
            Some("this check needs Windows")
        );
    }
}

#[test]
fn json_off_windows_is_a_valid_all_unknown_report_with_exit_2() {
    let output = checker(&["--json"]);
    assert_eq!(output.status.code(), Some(2));
    let report = Report::from_json(&String::from_utf8(output.stdout).unwrap()).unwrap();
    assert_all_need_windows(&report);
}

#[test]
fn table_off_windows_exits_2_without_color_when_piped() {
    let output = Command::new(env!("CARGO_BIN_EXE_guidepost-check"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("this check needs Windows"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no color when not a terminal: {text:?}"
    );
}

#[test]
fn link_carries_the_report_for_the_given_site() {
    let output = checker(&["--link", "--site", "https://help.example/guide/"]);
    assert_eq!(output.status.code(), Some(2));
    let url = String::from_utf8(output.stdout).unwrap();
    let url = url.trim();
    assert!(
        url.starts_with("https://help.example/guide/#report="),
        "{url}"
    );
    assert_all_need_windows(&report_from_url(url).unwrap());
}

#[test]
fn help_and_version() {
    let help = checker(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("Exit codes:") && help.contains("this check needs Windows"),
        "{help}"
    );
    let version = checker(&["--version"]);
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        format!(
            "guidepost-check {} (for {})",
            env!("CARGO_PKG_VERSION"),
            guidepost_check::link::DEFAULT_SITE_URL
        )
    );
    assert_eq!(checker(&["--json", "--link"]).status.code(), Some(2));
}
