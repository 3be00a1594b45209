//! The status widget in a real browser (headless Chromium through `support/browser.rs`):
//! `status.js` fills the block from the checker's `#report=` link and from a pasted report,
//! most urgent result first with one next step each from the site's table, renders a report
//! holding HTML and script as text, says loudly what to do with a report of another version or
//! a damaged link, remembers a report only when asked and forgets it, and requests nothing
//! from anywhere. On the help site itself: every result a report can hold gets a next step
//! whose page and heading exist, and the empty block stays small on a desktop and a phone.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use guidepost_check::report::{CheckId, OUTCOMES, Report, Status};
use serde_json::{Value, json};

use crate::support;
use crate::support::Site;
use crate::support::browser::{Browser, Server, Visit, launch_or_skip, serve_dir};

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
  const alert = w.querySelector('.status-alert');
  return {
    liveHidden: live.hidden,
    serverHidden: w.querySelector('.status-server').hidden,
    controlsHidden: w.querySelector('.status-controls').hidden,
    summaryLine: live.querySelector('.status-summary-line').textContent,
    names: Array.from(live.querySelectorAll('.status-name'), e => e.textContent),
    badges: Array.from(live.querySelectorAll('.status-badge'), e => e.textContent),
    summaries: Array.from(live.querySelectorAll('.status-summary'), e => e.textContent),
    facts: Array.from(live.querySelectorAll('.status-facts dd'), e => e.textContent),
    detailsOpen: Array.from(live.querySelectorAll('details.status-details'), e => e.open),
    next: Array.from(live.querySelectorAll('a.status-next'), e => [e.textContent, e.getAttribute('href')]),
    elementsFromReport: live.querySelectorAll('img, b, script').length,
    alertHidden: alert.hidden,
    alertRole: alert.getAttribute('role'),
    alert: alert.textContent.trim(),
    rememberVisible: w.querySelector('.status-remember').offsetParent !== null,
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
    // is Chromium's own, made for every page: the theme's `/favicon.svg`, or `/favicon.ico` when
    // a page links none; search.js loads the index only when searching).
    let paths: Vec<String> = visit
        .requests
        .iter()
        .map(|r| r.url.trim_start_matches(&server.origin()).to_owned())
        .collect();
    for path in &paths {
        assert!(
            path.starts_with("/all/")
                || [
                    "/style.css",
                    "/status.js",
                    "/search.js",
                    "/favicon.svg",
                    "/favicon.ico",
                ]
                .contains(&path.as_str()),
            "unexpected request {path}; all: {paths:?}"
        );
    }
}

fn launch(test: &str) -> Option<Browser> {
    launch_or_skip(test)
}

#[test]
fn a_report_link_fills_the_block_urgent_first_and_its_html_stays_text() {
    let Some(browser) =
        launch("a_report_link_fills_the_block_urgent_first_and_its_html_stays_text")
    else {
        return;
    };
    let (_site, server) = served();
    let url = guidepost_check::link::report_url(&server.url("/all/"), &malicious_report());
    let visit = browser.visit(&url).expect("visit the report link");
    assert_quiet(&visit, &server);
    let shown = eval(&visit, SHOWN);
    assert_eq!(shown["liveHidden"], json!(false), "{shown}");
    assert_eq!(shown["serverHidden"], json!(true));
    assert_eq!(shown["alertHidden"], json!(true));
    assert_eq!(
        shown["summaryLine"],
        json!(
            "2 of 5 need attention: Activation, License linked to Microsoft account. Could not \
             check: Account type."
        )
    );
    assert_eq!(
        shown["names"],
        json!([
            "Activation",
            "License linked to Microsoft account",
            "Account type",
            "Windows version",
            "Administrator"
        ])
    );
    assert_eq!(
        shown["badges"],
        json!(["Problem", "Needs attention", "Unknown", "OK", "OK"])
    );
    assert_eq!(
        shown["summaries"][0],
        json!("Not activated <img src=x onerror=alert(1)>")
    );
    assert!(
        shown["facts"]
            .as_array()
            .unwrap()
            .contains(&json!("<b>3V66T</b>"))
    );
    assert_eq!(shown["elementsFromReport"], json!(0));
    // One next step per result that needs one, from the site's table (the error code's own
    // entry first); the report's `help` (a javascript: URL in this report) is never used.
    assert_eq!(
        shown["next"],
        json!([
            [
                "Fix error 0xC004F213",
                "/activation/check-activation-status/#0xc004f213"
            ],
            [
                "Why a volume license cannot be linked",
                "/activation/link-license-to-microsoft-account/#volume"
            ],
            [
                "See your account type in Settings",
                "/accounts/check-account-type/#in-settings"
            ]
        ])
    );
    // Facts are folded away, and the date reads in the reader's format, not ISO.
    assert!(
        shown["detailsOpen"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o == &json!(false))
    );
    assert!(
        !shown["facts"]
            .as_array()
            .unwrap()
            .contains(&json!("2027-10-12"))
    );
    assert!(
        shown["facts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().contains("2027"))
    );
    // Remember/Forget come with a report; the report leaves the address bar, and nothing was
    // stored without asking.
    assert_eq!(shown["rememberVisible"], json!(true));
    assert_eq!(shown["hash"], json!(""));
    assert_eq!(shown["stored"], Value::Null);
}

#[test]
fn reports_of_other_versions_and_damaged_links_are_an_alert_saying_what_to_do() {
    let Some(browser) =
        launch("reports_of_other_versions_and_damaged_links_are_an_alert_saying_what_to_do")
    else {
        return;
    };
    let (site, server) = served();
    let future = std::fs::read_to_string(site.path("reports/future.json")).unwrap();
    let mut report: Value = serde_json::from_str(&future).unwrap();
    let fragment = |value: &Value| URL_SAFE_NO_PAD.encode(value.to_string());
    // A query of its own per case: a visit that only changes the fragment would not load anew.
    let page = |case: u32| server.url(&format!("/all/?case={case}"));
    let newer = format!("{}#report={}", page(1), fragment(&report));
    report["schema"] = json!(1);
    let older = format!("{}#report={}", page(2), fragment(&report));
    let cases = [
        (
            newer,
            "newer guidepost-check (report version 7)",
            "downloads page",
        ),
        (
            older,
            "older guidepost-check (report version 1)",
            "Download guidepost-check again",
        ),
        (
            format!("{}#report=***", page(3)),
            "damaged or incomplete",
            "Run guidepost-check again",
        ),
        (
            format!("{}#report={}", page(4), URL_SAFE_NO_PAD.encode("not json")),
            "not a guidepost-check report",
            "run guidepost-check again",
        ),
    ];
    for (url, what, todo) in cases {
        let visit = browser.visit(&url).expect("visit");
        assert_quiet(&visit, &server);
        let shown = eval(&visit, SHOWN);
        assert_eq!(shown["liveHidden"], json!(true), "{shown}");
        assert_eq!(shown["serverHidden"], json!(false));
        assert_eq!(shown["alertHidden"], json!(false), "{shown}");
        assert_eq!(shown["alertRole"], json!("alert"));
        let alert = shown["alert"].as_str().unwrap();
        assert!(alert.contains(what) && alert.contains(todo), "{alert}");
        // Nothing to remember or forget without a report.
        assert_eq!(shown["rememberVisible"], json!(false));
        assert_eq!(shown["hash"], json!(""));
        // The alert is above the block's other content, in the first screen of the block.
        let above = eval(
            &visit,
            "(() => { const w = document.querySelector('.status-widget');
               return w.querySelector('.status-alert').getBoundingClientRect().top <
                      w.querySelector('.status-server').getBoundingClientRect().top; })()",
        );
        assert_eq!(above, json!(true));
    }
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
    let shown = eval(&visit, SHOWN);
    assert_eq!(shown["liveHidden"], json!(true));
    assert_eq!(
        shown["rememberVisible"],
        json!(false),
        "no report, no Remember"
    );
    let paste = format!(
        "(() => {{ const w = document.querySelector('.status-widget');
           w.querySelector('.status-paste').value = {};
           w.querySelector('.status-show').click(); }})()",
        serde_json::to_string(&report).unwrap()
    );
    eval(&visit, &paste);
    let shown = eval(&visit, SHOWN);
    assert_eq!(shown["liveHidden"], json!(false), "{shown}");
    assert_eq!(shown["badges"][0], json!("Problem"));
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

/// The help site this repository ships, built into a temporary folder and served.
fn help_site() -> (tempfile::TempDir, Server) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let server = serve_dir(&public).expect("serve the help site");
    (out, server)
}

/// A report in which every check is fine but `id`, which has `outcome` (and `code`).
fn report_with(id: CheckId, outcome: &str, status: Status, code: Option<&str>) -> Report {
    let mut report = malicious_report();
    for check in &mut report.checks {
        check.status = Status::Ok;
        check.outcome = "ok".into();
        check.code = None;
        check.reason_unknown = None;
        if check.id == id {
            check.status = status;
            check.outcome = outcome.into();
            check.code = code.map(str::to_owned);
            check.summary = format!("{id} {outcome}");
        }
    }
    report
}

const LINK_GUIDE: &str = "/activation/link-license-to-microsoft-account/";

#[test]
fn on_the_help_site_every_result_gets_a_next_step_that_lands_on_its_heading() {
    let Some(browser) =
        launch("on_the_help_site_every_result_gets_a_next_step_that_lands_on_its_heading")
    else {
        return;
    };
    let (_out, server) = help_site();
    let mut cases: Vec<(CheckId, &str, Status, Option<&str>)> = OUTCOMES
        .iter()
        .filter(|o| o.status != Status::Ok && o.key != "not-windows")
        .map(|o| (o.check, o.key, o.status, None))
        .collect();
    // Error codes with a section of their own, and one without (falls back to the outcome).
    cases.push((
        CheckId::Activation,
        "not-activated",
        Status::Problem,
        Some("0xC004F213"),
    ));
    cases.push((
        CheckId::Activation,
        "not-activated",
        Status::Problem,
        Some("0xC004F050"),
    ));
    cases.push((
        CheckId::Activation,
        "not-activated",
        Status::Problem,
        Some("0xDEADBEEF"),
    ));
    let mut seen = Vec::new();
    for (case, (id, outcome, status, code)) in cases.into_iter().enumerate() {
        // The home page's block shows every check.
        let page = "/";
        let report = report_with(id, outcome, status, code);
        // A query of its own per case, so that each visit loads the page anew.
        let page_url = server.url(&format!("{page}?case={case}"));
        let url = guidepost_check::link::report_url(&page_url, &report);
        let visit = browser.visit(&url).expect("visit");
        assert_quiet_on(&visit, &server);
        let shown = eval(&visit, SHOWN);
        let next = shown["next"].as_array().unwrap();
        assert_eq!(next.len(), 1, "{id} {outcome} {code:?} on {page}: {shown}");
        let href = next[0][1].as_str().unwrap().to_owned();
        let (path, anchor) = href.split_once('#').unwrap_or((&href, ""));
        let target = browser
            .visit(&server.url(path))
            .expect("visit the next step");
        assert!(target.loaded, "{href}");
        if !anchor.is_empty() {
            let found = eval(
                &target,
                &format!("document.getElementById({}) !== null", json!(anchor)),
            );
            assert_eq!(found, json!(true), "{id} {outcome} → {href}: no #{anchor}");
        }
        seen.push((id, outcome, code, href));
    }
    let link_of = |code: &str| {
        seen.iter()
            .find(|(_, _, c, _)| *c == Some(code))
            .map(|(_, _, _, href)| href.as_str())
    };
    assert_eq!(
        link_of("0xC004F213"),
        Some("/activation/activation-errors/#0xc004f213")
    );
    assert_eq!(
        link_of("0xC004F050"),
        Some("/activation/activation-errors/#0xc004f050")
    );
    assert_eq!(
        link_of("0xDEADBEEF"),
        Some("/activation/activation-errors/#find-the-code")
    );
}

/// Like [`assert_quiet`], for a page of the help site (any of its own paths may load).
fn assert_quiet_on(visit: &Visit, server: &Server) {
    assert_eq!(visit.dialog_count, 0, "dialogs: {:?}", visit.dialogs);
    assert!(visit.exceptions.is_empty(), "{:?}", visit.exceptions);
    assert_eq!(
        visit.foreign_requests(&server.origin()),
        Vec::<String>::new()
    );
}

#[test]
fn the_empty_block_stays_small_on_a_desktop_and_a_phone() {
    let Some(browser) = launch("the_empty_block_stays_small_on_a_desktop_and_a_phone") else {
        return;
    };
    let (_out, server) = help_site();
    for (width, limit, mobile) in [(1280, 200.0, false), (390, 320.0, true)] {
        browser
            .set_viewport(Some((width, mobile)))
            .expect("set the viewport");
        let visit = browser.visit(&server.url(LINK_GUIDE)).expect("visit");
        assert_quiet_on(&visit, &server);
        let measured = eval(
            &visit,
            "(() => { const w = document.querySelector('.status-widget');
               return { height: w.getBoundingClientRect().height, width: innerWidth,
                        button: w.querySelector('.status-button').getBoundingClientRect().height }; })()",
        );
        assert_eq!(measured["width"], json!(width), "{measured}");
        let height = measured["height"].as_f64().unwrap();
        eprintln!("empty status block at {width} px: {height:.0} px tall");
        assert!(
            height <= limit,
            "{height} px at {width} px wide (limit {limit})"
        );
        assert!(
            measured["button"].as_f64().unwrap() >= 24.0,
            "a tappable button"
        );
    }
    browser.set_viewport(None).expect("reset the viewport");
}
