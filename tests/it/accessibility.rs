//! Accessibility of the help site this repository ships, in a real browser: axe-core (from npm,
//! installed into target/axe by scripts/setup.sh) runs in headless Chromium on every page of the
//! built site, in the light and the dark colour scheme, and must report no violation of WCAG 2.x
//! A/AA or axe's best practices (contrast included), also with a report shown in the status
//! block. Keyboard focus must be visible: a focused
//! link, button and disclosure get a solid outline at least 2 px wide.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::support;
use crate::support::browser::{Browser, in_ci, launch_or_skip, serve_dir};

/// Where scripts/setup.sh puts axe-core; `GUIDEPOST_AXE` names another copy.
fn axe_path() -> PathBuf {
    std::env::var_os("GUIDEPOST_AXE").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    )
}

/// axe-core's source, or `None` (a notice locally, a failure in CI) when it is not installed.
fn axe_source(test: &str) -> Option<String> {
    let path = axe_path();
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) => {
            let message = format!(
                "{test}: axe-core not found at {} ({e}); run scripts/setup.sh",
                path.display()
            );
            assert!(!in_ci(), "{message}; CI must run the accessibility tests");
            eprintln!("notice: {message}; skipping locally");
            None
        }
    }
}

/// The repository's site, built into a temporary directory.
fn build_help_site() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(out.path().join("public"))
        .status()
        .unwrap();
    assert!(status.success());
    out
}

/// Site paths of every HTML page in `public`.
fn pages(public: &Path) -> Vec<String> {
    let mut paths: Vec<String> = support::tree(public)
        .into_keys()
        .filter(|f| f.ends_with(".html"))
        .map(|f| support::site_path_of(&f))
        .collect();
    paths.sort();
    paths
}

fn set_scheme(browser: &Browser, scheme: &str) {
    browser
        .call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .expect("emulate the colour scheme");
}

const RUN_AXE: &str = r#"axe.run(document, {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
  resultTypes: ["violations"],
}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
})))"#;

#[test]
fn every_page_has_no_axe_violations_in_light_and_dark_mode() {
    let test = "every_page_has_no_axe_violations_in_light_and_dark_mode";
    let Some(axe) = axe_source(test) else { return };
    let Some(browser) = launch_or_skip(test) else {
        return;
    };
    let out = build_help_site();
    let public = out.path().join("public");
    let server = serve_dir(&public).unwrap();
    let mut urls: Vec<(String, String)> = pages(&public)
        .into_iter()
        .map(|p| (p.clone(), server.url(&p)))
        .collect();
    assert!(urls.len() > 20, "{urls:?}");
    // The home page again with a report filled in by status.js, every status shown.
    let report =
        std::fs::read_to_string(support::fixtures_dir().join("widgets/reports/report.json"))
            .unwrap();
    let report = guidepost_check::report::Report::from_json(&report).unwrap();
    urls.push((
        "/ (with a report)".to_owned(),
        guidepost_check::link::report_url(&server.url("/"), &report),
    ));
    let mut problems = Vec::new();
    for scheme in ["light", "dark"] {
        set_scheme(&browser, scheme);
        for (path, url) in &urls {
            let visit = browser.visit(url).unwrap();
            visit.eval(&axe).expect("inject axe-core");
            let violations = visit.eval(RUN_AXE).expect("run axe-core");
            for v in violations.as_array().unwrap() {
                problems.push(format!("{scheme} {path}: {v}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} violation(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn keyboard_focus_is_visible() {
    let Some(browser) = launch_or_skip("keyboard_focus_is_visible") else {
        return;
    };
    let out = build_help_site();
    let server = serve_dir(out.path().join("public")).unwrap();
    let visit = browser
        .visit(&server.url("/activation/check-activation-status/"))
        .unwrap();
    let outline = |selector: &str| -> Value {
        let js = format!(
            r#"(() => {{ const e = document.querySelector({selector:?});
                e.focus(); const s = getComputedStyle(e);
                return {{ focused: document.activeElement === e, style: s.outlineStyle,
                          width: parseFloat(s.outlineWidth) }}; }})()"#
        );
        visit.eval(&js).unwrap()
    };
    // A real key press first, so that :focus-visible applies as it does for a keyboard user.
    browser
        .call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyDown", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9 }),
        )
        .unwrap();
    visit
        .eval("document.querySelector('.status-controls details').open = true")
        .unwrap();
    for selector in [
        ".skip-link",
        "main .content a[href]",
        ".status-controls summary",
        ".status-show",
    ] {
        let shown = outline(selector);
        assert_eq!(shown["focused"], json!(true), "{selector}: {shown}");
        assert_eq!(shown["style"], json!("solid"), "{selector}: {shown}");
        assert!(
            shown["width"].as_f64().unwrap() >= 2.0,
            "{selector}: {shown}"
        );
    }
}
