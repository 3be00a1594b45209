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
use crate::support::browser::{Browser, Server, Visit, in_ci, launch_or_skip, serve_dir};

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

/// The repository's site built and served, and `path` of it open in `browser` (the directory
/// and the server live as long as what is returned).
fn visit_built_site(browser: &Browser, path: &str) -> (tempfile::TempDir, Server, Visit) {
    let out = build_help_site();
    let server = serve_dir(out.path().join("public")).unwrap();
    let visit = browser.visit(&server.url(path)).unwrap();
    (out, server, visit)
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
    let (_out, _server, visit) = visit_built_site(&browser, "/activation/check-activation-status/");
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

/// The box (`[top, bottom]` in CSS px) of the list marker (the number) of every `selector` list
/// item, read from the browser's layout through CDP (a marker is a pseudo-element, out of reach
/// of the page's own DOM API).
fn marker_boxes(browser: &Browser, selector: &str) -> Vec<[f64; 2]> {
    let document = browser
        .call("DOM.getDocument", json!({ "depth": -1, "pierce": true }))
        .expect("read the DOM");
    let root = document["root"]["nodeId"].clone();
    let items = browser
        .call(
            "DOM.querySelectorAll",
            json!({ "nodeId": root, "selector": selector }),
        )
        .expect("find the list items")["nodeIds"]
        .as_array()
        .expect("node ids")
        .clone();
    // The marker pseudo-elements, found under their items in the document tree.
    fn find(node: &Value, id: &Value) -> Option<Value> {
        if &node["nodeId"] == id {
            return node["pseudoElements"]
                .as_array()?
                .iter()
                .find(|p| p["pseudoType"] == "marker")
                .map(|p| p["nodeId"].clone());
        }
        node["children"]
            .as_array()?
            .iter()
            .find_map(|child| find(child, id))
    }
    items
        .iter()
        .map(|item| {
            let marker = find(&document["root"], item).expect("a list item has a marker");
            let model = browser
                .call("DOM.getBoxModel", json!({ "nodeId": marker }))
                .expect("the marker's box");
            let quad = model["model"]["border"].as_array().expect("a quad").clone();
            let ys: Vec<f64> = quad
                .iter()
                .skip(1)
                .step_by(2)
                .map(|y| y.as_f64().unwrap())
                .collect();
            [
                ys.iter().copied().fold(f64::INFINITY, f64::min),
                ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            ]
        })
        .collect()
}

/// For every `selector` list item: the boxes of the lines of its link's text, in CSS px.
const LINK_LINES: &str = r#"(selector) => [...document.querySelectorAll(selector)].map((li) => {
  const range = document.createRange();
  range.selectNodeContents(li.querySelector(':scope > a'));
  const tops = [];
  const lines = [];
  for (const r of range.getClientRects()) {
    if (r.width > 0 && !tops.some((t) => Math.abs(t - r.top) < 2)) {
      tops.push(r.top);
      lines.push([r.top + scrollY, r.bottom + scrollY]);
    }
  }
  return { text: li.querySelector(':scope > a').textContent, lines };
})"#;

#[test]
fn a_wrapped_table_of_contents_entry_has_its_number_beside_its_first_line() {
    let test = "a_wrapped_table_of_contents_entry_has_its_number_beside_its_first_line";
    let Some(browser) = launch_or_skip(test) else {
        return;
    };
    let out = build_help_site();
    let server = serve_dir(out.path().join("public")).unwrap();
    let selector = ".toc li";
    for (width, mobile) in [(1280, false), (390, true)] {
        browser.set_viewport(Some((width, mobile))).unwrap();
        let visit = browser
            .visit(&server.url("/activation/check-activation-status/"))
            .unwrap();
        let links = visit
            .eval(&format!("({LINK_LINES})({selector:?})"))
            .unwrap();
        let links = links.as_array().unwrap();
        let markers = marker_boxes(&browser, selector);
        assert_eq!(markers.len(), links.len(), "{links:?}");
        let mut wrapped = 0;
        for (marker, link) in markers.iter().zip(links) {
            let lines = link["lines"].as_array().unwrap();
            let line = |i: usize| -> [f64; 2] {
                let l = lines[i].as_array().unwrap();
                [l[0].as_f64().unwrap(), l[1].as_f64().unwrap()]
            };
            let first = line(0);
            let middle = (marker[0] + marker[1]) / 2.0;
            assert!(
                first[0] <= middle && middle <= first[1],
                "at {width} px the number of {link} is at {marker:?}, not beside its first line {first:?}"
            );
            if lines.len() > 1 {
                wrapped += 1;
                let last = line(lines.len() - 1);
                assert!(middle < last[0], "at {width} px: {link} {marker:?}");
            }
        }
        assert!(wrapped > 0, "no entry wraps at {width} px: {links:?}");
    }
    browser.set_viewport(None).unwrap();
}

/// The header's parts (title, each section link, the search box) with their boxes, and how
/// wide the page is against the viewport.
const LAYOUT: &str = r#"(() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }; };
  const header = document.querySelector('.site-header .wrap');
  return {
    parts: [...header.children].filter((e) => !e.hidden).map((e) => ({ tag: e.tagName, ...box(e) })),
    title: box(document.querySelector('.site-title')),
    search: box(document.querySelector('.site-search input')),
    header: box(header),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: innerWidth,
    // What sticks out past 390 px, innermost first, to say what overflows.
    wider: [...document.querySelectorAll('body *')].reverse()
      .filter((e) => e.getBoundingClientRect().right > 391)
      .slice(0, 4).map((e) => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 60)}`),
  };
})()"#;

#[test]
fn the_header_is_one_row_at_1280_px_and_no_page_is_wider_than_a_390_px_phone() {
    let test = "the_header_is_one_row_at_1280_px_and_no_page_is_wider_than_a_390_px_phone";
    let Some(browser) = launch_or_skip(test) else {
        return;
    };
    let out = build_help_site();
    let public = out.path().join("public");
    let server = serve_dir(&public).unwrap();
    let paths = pages(&public);

    browser.set_viewport(Some((1280, false))).unwrap();
    for path in &paths {
        let visit = browser.visit(&server.url(path)).unwrap();
        let layout = visit.eval(LAYOUT).unwrap();
        let parts = layout["parts"].as_array().unwrap();
        assert_eq!(
            parts.len(),
            3,
            "{path}: title, sections, search: {layout:#}"
        );
        let title = &layout["title"];
        for part in parts {
            // One row: every part is level with the title (its vertical middle inside each).
            let middle = (part["top"].as_f64().unwrap() + part["bottom"].as_f64().unwrap()) / 2.0;
            assert!(
                title["top"].as_f64().unwrap() <= middle
                    && middle <= title["bottom"].as_f64().unwrap(),
                "{path}: the header wraps at 1280 px: {layout:#}"
            );
        }
        assert!(
            layout["search"]["width"].as_f64().unwrap() >= 160.0,
            "{path}: a search box wide enough to type in: {layout:#}"
        );
    }

    browser.set_viewport(Some((390, true))).unwrap();
    for path in &paths {
        let visit = browser.visit(&server.url(path)).unwrap();
        let layout = visit.eval(LAYOUT).unwrap();
        assert_eq!(
            layout["innerWidth"],
            json!(390),
            "{path} is wider than the phone: {layout:#}"
        );
        assert!(
            layout["scrollWidth"].as_f64().unwrap() <= 390.0,
            "{path} scrolls sideways on a phone: {layout:#}"
        );
        let search = &layout["search"];
        assert!(
            search["left"].as_f64().unwrap() >= 0.0 && search["right"].as_f64().unwrap() <= 390.0,
            "{path}: the search box is inside the screen: {layout:#}"
        );
    }
    browser.set_viewport(None).unwrap();
}

/// Each diagram on a page (an SVG image in the content): its alt text, the link around it
/// (target, words, box) and whether the link takes keyboard focus.
const DIAGRAMS: &str = r#"[...document.querySelectorAll('main img[src$=".svg"]')].map((img) => {
  const a = img.closest('a.figure-open');
  const r = a ? a.getBoundingClientRect() : {};
  if (a) a.focus();
  return { src: img.currentSrc, alt: img.alt, href: a && a.href, words: a && a.textContent.trim(),
    left: r.left, right: r.right, focused: !!a && document.activeElement === a };
})"#;

/// The SVG document opened alone: its type, its drawn width and its own, and the smallest size
/// its text is drawn at (CSS px).
const SVG_ALONE: &str = r#"(() => {
  const svg = document.documentElement;
  const sizes = [...svg.querySelectorAll('text')].map((t) =>
    parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  return { type: document.contentType, width: svg.getBoundingClientRect().width,
    own: svg.width.baseVal.value, smallest: Math.min(...sizes) };
})()"#;

/// On a 390 px phone each guide's diagram is drawn the screen's width (text shrunk to about half
/// its size); the link around it, on the screen and reached by the keyboard, opens the SVG
/// itself, drawn at its own size, where its smallest text is 12 px or more.
#[test]
fn a_diagram_opens_full_size_from_a_phone_with_readable_text() {
    let test = "a_diagram_opens_full_size_from_a_phone_with_readable_text";
    let Some(browser) = launch_or_skip(test) else {
        return;
    };
    let out = build_help_site();
    let public = out.path().join("public");
    let server = serve_dir(&public).unwrap();
    browser.set_viewport(Some((390, true))).unwrap();
    let mut diagrams = 0;
    for path in pages(&public) {
        let visit = browser.visit(&server.url(&path)).unwrap();
        let found = visit.eval(DIAGRAMS).unwrap();
        for d in found.as_array().unwrap() {
            diagrams += 1;
            assert_eq!(
                d["href"], d["src"],
                "{path}: the link opens the image: {d:#}"
            );
            assert!(d["alt"].as_str().unwrap().len() > 40, "{path}: {d:#}");
            assert_eq!(d["words"], "Open the full-size image", "{path}: {d:#}");
            assert_eq!(
                d["focused"], true,
                "{path}: a keyboard reaches the link: {d:#}"
            );
            assert!(
                d["left"].as_f64().unwrap() >= 0.0 && d["right"].as_f64().unwrap() <= 390.0,
                "{path}: the link is on the screen: {d:#}"
            );
            let alone = browser.visit(d["href"].as_str().unwrap()).unwrap();
            let svg = alone.eval(SVG_ALONE).unwrap();
            assert_eq!(svg["type"], "image/svg+xml", "{path}: {svg:#}");
            assert_eq!(svg["width"], svg["own"], "{path}: drawn full size: {svg:#}");
            let smallest = svg["smallest"].as_f64().unwrap();
            assert!(smallest >= 12.0, "{path}: {d:#}: text at {svg:#}");
        }
    }
    assert_eq!(diagrams, 3, "the guides' three diagrams");
    browser.set_viewport(None).unwrap();
}

#[test]
fn every_code_block_gets_a_copy_button_that_works_from_the_keyboard_and_says_copied() {
    let Some(browser) = launch_or_skip("every_code_block_gets_a_copy_button") else {
        return;
    };
    let (_out, _server, visit) = visit_built_site(&browser, "/activation/check-activation-status/");
    let buttons = visit
        .eval(
            r#"[...document.querySelectorAll("main pre > code")].map(c => {
                const b = c.parentElement.querySelector(":scope > button.copy-button");
                return b && { type: b.type, text: b.textContent, tab: b.tabIndex };
            })"#,
        )
        .unwrap();
    assert_eq!(
        buttons,
        json!(vec![
            json!({ "type": "button", "text": "Copy", "tab": 0 });
            3
        ]),
        "one real, focusable button per code block"
    );
    // What the button hands to the clipboard is recorded (a headless tab has no clipboard to
    // read back); the last block is the one with several lines.
    visit
        .eval(
            r#"window.copied = null;
            navigator.clipboard.writeText = async (t) => { window.copied = t; };
            const b = [...document.querySelectorAll(".copy-button")].at(-1);
            b.focus(); document.activeElement === b"#,
        )
        .unwrap();
    for kind in ["keyDown", "keyUp"] {
        browser
            .call(
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": "Enter", "code": "Enter",
                        "windowsVirtualKeyCode": 13, "text": "\r" }),
            )
            .unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let state = visit
        .eval(
            r#"({ copied: window.copied,
                 code: document.querySelectorAll("main pre > code")[2].textContent,
                 said: document.querySelector("body > p[role=status]").textContent,
                 button: document.activeElement.textContent })"#,
        )
        .unwrap();
    assert_eq!(state["copied"], state["code"], "{state}");
    assert!(
        state["code"]
            .as_str()
            .unwrap()
            .starts_with("Get-CimInstance SoftwareLicensingProduct"),
        "{state}"
    );
    assert_eq!(state["said"], json!("Copied"), "{state}");
    assert_eq!(state["button"], json!("Copied"), "{state}");
}

/// The tab lists of the page: each tab's words, `aria-selected`, `tabIndex`, and whether the
/// panel it controls (labelled by it) is shown; plus the focused element's id.
const TABS_STATE: &str = r#"(() => ({
  lists: [...document.querySelectorAll(".tabs > [role=tablist]")].map((list) => ({
    label: list.getAttribute("aria-label"),
    tabs: [...list.querySelectorAll(":scope > button[role=tab]")].map((tab) => {
      const panel = document.getElementById(tab.getAttribute("aria-controls"));
      return {
        text: tab.textContent,
        selected: tab.getAttribute("aria-selected"),
        tab: tab.tabIndex,
        shown: !!panel && panel.getAttribute("role") === "tabpanel"
          && panel.getAttribute("aria-labelledby") === tab.id && panel.offsetHeight > 0,
      };
    }),
  })),
  focused: document.activeElement.getAttribute("role") === "tab" ? document.activeElement.textContent : null,
}))()"#;

fn press(browser: &Browser, key: &str, code: u32) {
    for kind in ["keyDown", "keyUp"] {
        browser
            .call(
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code }),
            )
            .unwrap();
    }
}

/// The words of the selected tab of each tab list.
fn selected(state: &Value) -> Vec<String> {
    state["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|list| {
            let tabs = list["tabs"].as_array().unwrap();
            let chosen: Vec<&Value> = tabs.iter().filter(|t| t["selected"] == "true").collect();
            assert_eq!(chosen.len(), 1, "one selected tab: {state}");
            assert!(
                tabs.iter()
                    .all(|t| (t["selected"] == "true") == (t["shown"] == true)
                        && (t["selected"] == "true") == (t["tab"] == 0)),
                "only the selected tab's panel shows, only it is in the tab order: {state}"
            );
            chosen[0]["text"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn windows_version_tabs_follow_the_aria_pattern_and_remember_the_readers_choice() {
    let Some(browser) = launch_or_skip("windows_version_tabs") else {
        return;
    };
    let out = build_help_site();
    let server = serve_dir(out.path().join("public")).unwrap();
    let product_key = server.url("/activation/change-product-key/");
    let visit = browser.visit(&product_key).unwrap();
    let state = visit.eval(TABS_STATE).unwrap();
    assert_eq!(
        state["lists"][0]["label"],
        json!("Windows version"),
        "{state}"
    );
    assert_eq!(
        state["lists"][0]["tabs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["text"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["Windows 11", "Windows 10"],
        "{state}"
    );
    assert_eq!(selected(&state), ["Windows 11"]);

    // Keyboard: the arrows move and open, wrapping round; Home and End go to the ends.
    visit
        .eval(r#"document.querySelector("[role=tab]").focus()"#)
        .unwrap();
    press(&browser, "ArrowRight", 39);
    let state = visit.eval(TABS_STATE).unwrap();
    assert_eq!(selected(&state), ["Windows 10"]);
    assert_eq!(state["focused"], json!("Windows 10"));
    press(&browser, "ArrowRight", 39);
    assert_eq!(selected(&visit.eval(TABS_STATE).unwrap()), ["Windows 11"]);
    press(&browser, "ArrowLeft", 37);
    assert_eq!(selected(&visit.eval(TABS_STATE).unwrap()), ["Windows 10"]);
    press(&browser, "Home", 36);
    assert_eq!(selected(&visit.eval(TABS_STATE).unwrap()), ["Windows 11"]);
    press(&browser, "End", 35);
    let state = visit.eval(TABS_STATE).unwrap();
    assert_eq!(selected(&state), ["Windows 10"]);
    assert_eq!(state["focused"], json!("Windows 10"));

    // The choice holds on another guide with the same tabs, and on a new visit.
    let selected_at = |url: &str| selected(&browser.visit(url).unwrap().eval(TABS_STATE).unwrap());
    let link_license = server.url("/activation/link-license-to-microsoft-account/");
    assert_eq!(selected_at(&link_license), ["Windows 10"]);
    assert_eq!(selected_at(&product_key), ["Windows 10"]);
    // A link to a heading inside a tab opens that tab (without changing the choice).
    assert_eq!(
        selected_at(&format!("{link_license}#steps-windows-11")),
        ["Windows 11"]
    );
    assert_eq!(selected_at(&product_key), ["Windows 10"]);

    // Without JavaScript: no tab list, every version's steps under its heading.
    browser
        .call(
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": true }),
        )
        .unwrap();
    let plain = browser.visit(&product_key).unwrap();
    browser
        .call(
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": false }),
        )
        .unwrap();
    let shown = plain
        .eval(
            r#"({ lists: document.querySelectorAll("[role=tablist]").length,
                 headings: [...document.querySelectorAll(".tabs > h3")]
                   .filter((h) => h.offsetHeight > 0 && h.nextElementSibling.offsetHeight > 0)
                   .map((h) => h.id) })"#,
        )
        .unwrap();
    assert_eq!(
        shown,
        json!({ "lists": 0, "headings": ["steps-windows-11", "steps-windows-10"] })
    );
}
