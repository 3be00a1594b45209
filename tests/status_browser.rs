//! The status widget in a real browser (headless Chromium through `support/browser.rs`):
//! `status.js` fills the block from the checker's `#report=` link and from a pasted report,
//! renders a report holding HTML and script as text, refuses an unknown schema version with a
//! clear message, remembers a report only when asked and forgets it, and requests nothing
//! from anywhere.

#[path = "support/browser.rs"]
mod browser;
mod support;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use guidepost_check::report::Report;
use serde_json::{Value, json};

use browser::{Browser, Server, Visit, launch_or_skip, serve_dir};
use support::Site;

/// The widgets fixture, built and served.
fn served() -> (Site, Server) {
    let site = Site::new("widgets");
    site.build_ok(&[]);
    let server = serve_dir(site.public()).expect("serve the built site");
    (site, server)
}

fn eval(visit: &Visit, js: &str) -> Value {
    visit
        .eval(js)
        .unwrap_or_else(|e| panic!("evaluate {js}: {e}"))
}

/// What the page's first status block shows now.
const SHOWN: &str = r#"(() => {
  const w = document.querySelector('.status-widget');
  const live = w.querySelector('.status-live');
  return {
    liveHidden: live.hidden,
    serverHidden: w.querySelector('.status-server').hidden,
    controlsHidden: w.querySelector('.status-controls').hidden,
    names: Array.from(live.querySelectorAll('.status-name'), e => e.textContent),
    badges: Array.from(live.querySelectorAll('.status-badge'), e => e.textContent),
    summaries: Array.from(live.querySelectorAll('.status-summary'), e => e.textContent),
    facts: Array.from(live.querySelectorAll('.status-facts dd'), e => e.textContent),
    helps: Array.from(live.querySelectorAll('a.status-help'), e => e.getAttribute('href')),
    elementsFromReport: live.querySelectorAll('img, b, script').length,
    message: w.querySelector('.status-message').textContent,
    hash: location.hash,
    stored: localStorage.getItem('guidepost-status-report'),
  };
})()"#;

fn malicious_report() -> Report {
    let text = std::fs::read_to_string(support::fixtures_dir().join("widgets/reports/report.json"))
        .unwrap();
    Report::from_json(&text).unwrap()
}

fn assert_quiet(visit: &Visit, server: &Server) {
    assert_eq!(visit.dialog_count, 0, "dialogs: {:?}", visit.dialogs);
    assert!(
        visit.exceptions.is_empty(),
        "exceptions: {:?}",
        visit.exceptions
    );
    assert_eq!(
        visit.foreign_requests(&server.origin()),
        Vec::<String>::new()
    );
    // The script asks for nothing beyond the page and the theme's own files (the favicon request
    // is Chromium's own, made for every page; search.js loads the index only when searching).
    let paths: Vec<String> = visit
        .requests
        .iter()
        .map(|r| r.url.trim_start_matches(&server.origin()).to_owned())
        .collect();
    for path in &paths {
        assert!(
            path.starts_with("/all/")
                || ["/style.css", "/status.js", "/search.js", "/favicon.ico"]
                    .contains(&path.as_str()),
            "unexpected request {path}; all: {paths:?}"
        );
    }
}

fn launch(test: &str) -> Option<Browser> {
    launch_or_skip(test)
}

#[test]
fn a_report_link_fills_the_block_and_its_html_stays_text() {
    let Some(browser) = launch("a_report_link_fills_the_block_and_its_html_stays_text") else {
        return;
    };
    let (_site, server) = served();
    let url = guidepost_check::link::report_url(&server.url("/all/"), &malicious_report());
    let visit = browser.visit(&url).expect("visit the report link");
    assert_quiet(&visit, &server);
    let shown = eval(&visit, SHOWN);
    assert_eq!(shown["liveHidden"], json!(false), "{shown}");
    assert_eq!(shown["serverHidden"], json!(true));
    assert_eq!(shown["controlsHidden"], json!(false));
    assert_eq!(
        shown["names"],
        json!([
            "Windows version",
            "Activation",
            "Account type",
            "Administrator",
            "Licence linked to Microsoft account"
        ])
    );
    assert_eq!(
        shown["badges"],
        json!(["OK", "Problem", "Unknown", "OK", "Needs attention"])
    );
    assert_eq!(
        shown["summaries"][1],
        json!("Not activated <img src=x onerror=alert(1)>")
    );
    assert!(
        shown["facts"]
            .as_array()
            .unwrap()
            .contains(&json!("<b>3V66T</b>"))
    );
    assert_eq!(shown["elementsFromReport"], json!(0));
    // The report's own `help` (a javascript: URL in this report) is never used.
    assert_eq!(
        shown["helps"][1],
        json!("/activation/check-activation-status/#check")
    );
    // The report leaves the address bar, and nothing was stored without asking.
    assert_eq!(shown["hash"], json!(""));
    assert_eq!(shown["stored"], Value::Null);
}

#[test]
fn a_report_of_an_unknown_schema_version_gets_a_clear_message() {
    let Some(browser) = launch("a_report_of_an_unknown_schema_version_gets_a_clear_message") else {
        return;
    };
    let (site, server) = served();
    let future = std::fs::read_to_string(site.path("reports/future.json")).unwrap();
    let compact: Value = serde_json::from_str(&future).unwrap();
    let url = format!(
        "{}#report={}",
        server.url("/all/"),
        URL_SAFE_NO_PAD.encode(compact.to_string())
    );
    let visit = browser.visit(&url).expect("visit");
    assert_quiet(&visit, &server);
    let shown = eval(&visit, SHOWN);
    assert_eq!(shown["liveHidden"], json!(true), "{shown}");
    assert_eq!(shown["serverHidden"], json!(false));
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("format version 7") && message.contains("reads version 1"),
        "{message}"
    );
}

#[test]
fn a_pasted_report_is_remembered_only_when_asked_and_can_be_forgotten() {
    let Some(browser) =
        launch("a_pasted_report_is_remembered_only_when_asked_and_can_be_forgotten")
    else {
        return;
    };
    let (site, server) = served();
    let report = std::fs::read_to_string(site.path("reports/report.json")).unwrap();
    let page = server.url("/all/");

    let visit = browser.visit(&page).expect("visit");
    assert_quiet(&visit, &server);
    assert_eq!(eval(&visit, SHOWN)["liveHidden"], json!(true));
    let paste = format!(
        "(() => {{ const w = document.querySelector('.status-widget');
           w.querySelector('.status-paste').value = {};
           w.querySelector('.status-show').click(); }})()",
        serde_json::to_string(&report).unwrap()
    );
    eval(&visit, &paste);
    let shown = eval(&visit, SHOWN);
    assert_eq!(shown["liveHidden"], json!(false), "{shown}");
    assert_eq!(shown["badges"][1], json!("Problem"));
    assert_eq!(
        shown["stored"],
        Value::Null,
        "not stored without the box ticked"
    );

    // Opting in stores it; the next visit shows it with no link and no paste.
    eval(&visit, "document.querySelector('.status-remember').click()");
    assert!(eval(&visit, SHOWN)["stored"].as_str().is_some());
    let again = browser.visit(&page).expect("visit again");
    let shown = eval(&again, SHOWN);
    assert_eq!(shown["liveHidden"], json!(false), "{shown}");
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("remembered on this device")
    );

    // Forgetting clears the device.
    eval(&again, "document.querySelector('.status-forget').click()");
    let shown = eval(&again, SHOWN);
    assert_eq!(shown["stored"], Value::Null);
    let last = browser.visit(&page).expect("visit after forgetting");
    assert_eq!(eval(&last, SHOWN)["liveHidden"], json!(true));
}
