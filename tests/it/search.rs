//! Site search (Pagefind): what the index holds, the search box on every page, `search: false`,
//! and real searches in headless Chromium, on a fixture site and on the help site this
//! repository ships.
//!
//! The index is checked through its own files: every `public/pagefind/fragment/*.pf_fragment`
//! is gzip of `pagefind_dcd` + the JSON record of one indexed page (URL, title, the indexed text,
//! the headings with their ids), so the set of fragments is the set of indexed pages and their
//! text is exactly what a search can match. The browser tests honour each page's
//! Content-Security-Policy (no bypass), so they also prove that the policy lets search run.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;

use crate::support;
use crate::support::browser;
use crate::support::{Site, attr, file_for, one, select};
use serde_json::{Value, json};

/// One indexed page, as Pagefind stored it.
#[derive(Debug)]
struct Record {
    url: String,
    title: String,
    content: String,
    /// `(id, text)` of each heading with an id.
    anchors: Vec<(String, String)>,
}

/// Every page in the index under `out/pagefind/`, from every part of it.
fn indexed(out: &Path) -> Vec<Record> {
    fragments_under(&out.join("pagefind"))
}

/// Every page whose fragment is under `bundle`.
fn fragments_under(bundle: &Path) -> Vec<Record> {
    let fragments = support::tree(bundle)
        .into_keys()
        .filter(|f| f.ends_with(".pf_fragment"));
    let mut records = Vec::new();
    for fragment in fragments {
        let path = bundle.join(fragment);
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(fs::File::open(&path).expect("open fragment"))
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("gunzip {}: {e}", path.display()));
        let json = bytes
            .strip_prefix(b"pagefind_dcd")
            .unwrap_or_else(|| panic!("{} lacks Pagefind's marker", path.display()));
        let value: Value = serde_json::from_slice(json).expect("fragment JSON");
        records.push(Record {
            url: value["url"].as_str().expect("url").to_owned(),
            title: value["meta"]["title"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            content: value["content"].as_str().expect("content").to_owned(),
            anchors: value["anchors"]
                .as_array()
                .expect("anchors")
                .iter()
                .map(|a| {
                    (
                        a["id"].as_str().unwrap_or_default().to_owned(),
                        a["text"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
        });
    }
    records.sort_by(|a, b| a.url.cmp(&b.url));
    records
}

fn record<'a>(records: &'a [Record], url: &str) -> &'a Record {
    records
        .iter()
        .find(|r| r.url == url)
        .unwrap_or_else(|| panic!("{url} is not indexed; indexed: {records:#?}"))
}

/// Site paths of every HTML page written under `out`.
fn html_pages(out: &Path) -> Vec<String> {
    support::tree(out)
        .into_keys()
        .filter(|f| f.ends_with(".html") && !f.starts_with("pagefind/"))
        .map(|f| support::site_path_of(&f))
        .collect()
}

#[test]
fn build_indexes_every_published_page_and_nothing_else() {
    let site = &support::built("search").site;
    let urls: BTreeSet<String> = indexed(&site.public()).into_iter().map(|r| r.url).collect();
    let expected: BTreeSet<String> = [
        "/",
        "/guides/",
        "/guides/keyboard-shortcuts/",
        "/guides/licence-transfer/",
    ]
    .map(str::to_owned)
    .into();
    // Not the draft, the 404 page, the redirect from the alias or the taxonomy pages.
    assert_eq!(urls, expected);
    for page in [
        "/404.html",
        "/old/licence-transfer/",
        "/tags/",
        "/tags/tagword/",
    ] {
        assert!(
            html_pages(&site.public()).contains(&page.to_owned()),
            "{page} is written"
        );
    }
    let files = site.output_files();
    for needed in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
        "search.js",
    ] {
        assert!(files.contains(needed), "{needed} missing: {files:#?}");
    }
    assert!(
        files.iter().any(|f| f.starts_with("pagefind/index/")),
        "no index chunk: {files:#?}"
    );
    // Pagefind's own UIs are not shipped: the theme has its own search box, which runs
    // Pagefind without its worker.
    assert!(
        !files.iter().any(|f| f.contains("pagefind-ui")
            || f.contains("playground")
            || f.contains("pagefind-worker")),
        "{files:#?}"
    );
    // One part: the list of other parts is empty.
    assert_eq!(site.output_text("/pagefind/parts.json"), r#"{"parts":[]}"#);
    let entry: Value = serde_json::from_str(&site.output_text("/pagefind/pagefind-entry.json"))
        .expect("entry JSON");
    assert_eq!(entry["languages"]["en"]["page_count"], 4, "{entry}");
}

#[test]
fn index_holds_title_headings_and_body_but_not_navigation_footers_or_widgets() {
    let site = &support::built("search").site;
    let records = indexed(&site.public());
    let guide = record(&records, "/guides/licence-transfer/");
    assert_eq!(guide.title, "Transfer a licence to a new motherboard");
    assert!(guide.content.contains("quetzal procedure"), "{guide:#?}");
    assert!(
        guide.content.contains("Run the troubleshooter"),
        "{guide:#?}"
    );
    assert_eq!(
        guide.anchors,
        [
            (
                "troubleshooter".to_owned(),
                "Run the troubleshooter".to_owned()
            ),
            ("sign-in-first".to_owned(), "Sign in first".to_owned()),
        ],
        "heading ids and texts, without the `#` anchor link"
    );
    for record in &records {
        for absent in [
            "Widgetword",      // data-pagefind-ignore (a status widget)
            "Footerword",      // the site footer
            "Skip to content", // the skip link
            "Sitetitleword",   // the site title in the header
            "tagword",         // the tags footer of a page
            "min read",        // the date line
            "On this page",    // the table of contents
            "Previous",        // previous/next navigation
            "Draftword",       // the draft
            "Page not found",  // the 404 page
        ] {
            assert!(
                !record.content.contains(absent),
                "{} indexes {absent:?}: {}",
                record.url,
                record.content
            );
        }
    }
    // A section is indexed with its own text, not the lists of its pages.
    let guides = record(&records, "/guides/");
    assert_eq!(guides.title, "Guides");
    assert!(
        guides.content.contains("licences and keyboards"),
        "{guides:#?}"
    );
    assert!(
        !guides.content.contains("Keyboard shortcuts"),
        "{guides:#?}"
    );
}

#[test]
fn data_pagefind_ignore_in_content_survives_cleaning() {
    let site = &support::built("search").site;
    let page = site.page("/guides/licence-transfer/");
    let widget = one(&page, "div.status-widget");
    assert_eq!(widget.value().attr("data-pagefind-ignore"), Some(""));
    assert!(support::text(widget).contains("Widgetword"));
}

#[test]
fn every_page_has_a_labelled_search_box_hidden_until_its_script_runs() {
    let site = &support::built("search").site;
    let pages = html_pages(&site.public());
    assert!(pages.len() >= 8, "{pages:?}");
    for path in pages.iter().filter(|p| !p.starts_with("/old/")) {
        let page = site.page(path);
        let form = one(&page, "header form.site-search");
        assert_eq!(form.value().attr("role"), Some("search"), "{path}");
        assert!(
            form.value().attr("hidden").is_some(),
            "{path}: shown without JavaScript"
        );
        assert_eq!(
            form.value().attr("data-bundle"),
            Some("/pagefind/"),
            "{path}"
        );
        let input = one(&page, "form.site-search input[type=search]");
        let id = input.value().attr("id").expect("the input has an id");
        let label = one(&page, &format!("form.site-search label[for={id}]"));
        assert_eq!(support::text(label), "Search this site", "{path}");
        assert_eq!(
            attr(&page, "script[type=module]", "src"),
            "/search.js",
            "{path}"
        );
        let csp = attr(&page, "meta[http-equiv=Content-Security-Policy]", "content");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{path}: {csp}"
        );
    }
    // Redirect pages carry the policy but no search box.
    let redirect = site.page("/old/licence-transfer/");
    assert!(select(&redirect, "form, script").is_empty());
    let style = site.output_text("/style.css");
    assert!(
        style.contains(".site-search[hidden]{display:none;}"),
        "{style}"
    );
    // That the script shows the box is seen in Chromium: the search tests below type in it.
}

#[test]
fn a_large_site_is_indexed_in_parts_that_search_merges() {
    let site = Site::with_pages(700);
    site.build_ok(&[]);
    let out = site.public();
    let parts: Value =
        serde_json::from_str(&site.output_text("/pagefind/parts.json")).expect("parts JSON");
    assert_eq!(parts, json!({ "parts": ["part-1/"] }));
    // The second part holds its index; the script and WebAssembly come from the first.
    let files = site.output_files();
    let second: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("pagefind/part-1/"))
        .collect();
    for needed in ["pagefind-entry.json", ".pf_meta", "/index/", "/fragment/"] {
        assert!(
            second.iter().any(|f| f.contains(needed)),
            "{needed}: {second:#?}"
        );
    }
    assert!(
        second
            .iter()
            .all(|f| !f.ends_with(".js") && !f.contains("wasm")),
        "{second:#?}"
    );
    // Every page is in exactly one part, and each part holds some.
    let urls: Vec<String> = indexed(&out).into_iter().map(|r| r.url).collect();
    let distinct: BTreeSet<&String> = urls.iter().collect();
    assert_eq!((urls.len(), distinct.len()), (700, 700));
    let in_second = fragments_under(&out.join("pagefind/part-1"));
    assert!(
        (100..600).contains(&in_second.len()),
        "{} pages in the second part",
        in_second.len()
    );
    // The same parts in every build.
    let again = site.tmp.join("again");
    site.build_ok(&["--output", again.to_str().expect("UTF-8 path")]);
    assert!(
        support::tree(&out.join("pagefind")) == support::tree(&again.join("pagefind")),
        "a second build wrote another index"
    );

    // In the browser, one search finds pages of either part.
    let Some(browser) = browser::launch_or_skip("search_parts") else {
        return;
    };
    let server = browser::serve_dir(&out).expect("serve the site");
    let first_part_page = urls
        .iter()
        .find(|url| !in_second.iter().any(|r| &r.url == *url))
        .expect("a page in the first part");
    for url in [first_part_page, &in_second[0].url] {
        let n = url
            .trim_start_matches("/p/page-")
            .trim_end_matches('/')
            .to_owned();
        let visit = browser.visit(&server.url("/")).expect("visit home");
        let found = search_by_keyboard(&browser, &format!("zq{n}x"));
        let list = results(&found);
        assert_eq!(list.len(), 1, "{found:#}");
        assert_eq!(list[0]["href"], json!(url), "{found:#}");
        assert_local_only(&visit, &found, &server.origin());
    }
}

#[test]
fn search_false_in_site_yaml_turns_search_off() {
    let site = Site::new("search");
    let config = site.read("site.yaml");
    site.write("site.yaml", &format!("{config}search: false\n"));
    site.build_ok(&[]);
    let files = site.output_files();
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("pagefind/") || f == "search.js"),
        "{files:#?}"
    );
    for path in html_pages(&site.public()) {
        let page = site.page(&path);
        assert!(
            select(&page, "form.site-search, script[src]").is_empty(),
            "{path}"
        );
        let csp = attr(&page, "meta[http-equiv=Content-Security-Policy]", "content");
        assert!(!csp.contains("script-src"), "{path}: {csp}");
    }
}

/// Regression: a page whose own template marks no `data-pagefind-body` region was left out of
/// the index without a word (Pagefind skips such pages once other pages carry the mark).
#[test]
fn a_page_whose_template_has_no_body_mark_is_reported() {
    let site = Site::new("search");
    site.write(
        "templates/plain.html",
        "{% extends \"base.html\" %}{% block content %}<article>{{ page.content | safe }}</article>{% endblock %}",
    );
    let text = site.read("content/guides/licence-transfer.md");
    site.write(
        "content/guides/licence-transfer.md",
        &text.replacen("---\n", "---\ntemplate: plain.html\n", 1),
    );
    let run = site.build_ok(&[]);
    let warning = run.diagnostic_in(
        "warning",
        "content/guides/licence-transfer.md",
        "left out of the search index",
    );
    assert!(warning.message.contains("plain.html"), "{warning:?}");
    let urls: Vec<String> = indexed(&site.public()).into_iter().map(|r| r.url).collect();
    assert!(
        !urls.contains(&"/guides/licence-transfer/".to_owned()),
        "{urls:?}"
    );
    assert!(
        urls.contains(&"/guides/keyboard-shortcuts/".to_owned()),
        "{urls:?}"
    );
    // `check` says the same, without building the index.
    site.check(&[]).diagnostic_in(
        "warning",
        "content/guides/licence-transfer.md",
        "left out of the search index",
    );
}

/// Regression: Pagefind numbers pages in the order they are added, and pages were added in the
/// order the render threads finished them, so two builds of the same site wrote different
/// index files.
#[test]
fn the_search_index_is_the_same_in_every_build() {
    let site = Site::new("search");
    // Enough pages for the render threads to finish them in a different order each time.
    for n in 0..120 {
        site.write(
            &format!("content/guides/generated-{n:03}.md"),
            &format!(
                "---\ntitle: Generated page {n}\ndate: 2024-02-03\n---\n\nWord{n} and term{} {}.\n",
                n % 7,
                "filler text ".repeat(n % 40)
            ),
        );
    }
    let first = site.tmp.join("first");
    let second = site.tmp.join("second");
    site.build_ok(&["--output", first.to_str().unwrap()]);
    site.build_ok(&["--output", second.to_str().unwrap()]);
    let bundle = |out: &Path| {
        let mut files = support::tree(out);
        files.retain(|name, _| name.starts_with("pagefind/"));
        files
    };
    let (a, b) = (bundle(&first), bundle(&second));
    assert!(a.len() > 5, "{:?}", a.keys());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a == b, "the index files differ between builds");
}

#[test]
fn a_search_value_that_is_not_a_boolean_is_an_error_at_its_line() {
    let site = Site::new("search");
    let config = site.read("site.yaml");
    let line = config.lines().count() + 1;
    site.write("site.yaml", &format!("{config}search: sometimes\n"));
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic("error", &format!("site.yaml:{line}:9"), "search");
    assert!(!site.exists("public"), "nothing is written");
}

#[test]
fn a_base_url_path_prefixes_the_script_and_the_bundle() {
    let site = Site::new("search");
    site.build_ok(&["--base-url", "https://search.example/help/"]);
    let page = site.page("/guides/keyboard-shortcuts/");
    assert_eq!(attr(&page, "script[type=module]", "src"), "/help/search.js");
    assert_eq!(
        attr(&page, "form.site-search", "data-bundle"),
        "/help/pagefind/"
    );
    // The index keeps site paths: pagefind.js adds the folder it is served from.
    let urls: Vec<String> = indexed(&site.public()).into_iter().map(|r| r.url).collect();
    assert!(
        urls.contains(&"/guides/keyboard-shortcuts/".to_owned()),
        "{urls:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// In the browser

/// Focuses the search box by pressing Tab (as a keyboard user would), types `query` as real key
/// input, waits for the results and returns what the box shows.
fn search_by_keyboard(browser: &browser::Browser, query: &str) -> Value {
    let mut reached = false;
    for _ in 0..40 {
        press(browser, "Tab", 9);
        let focused = browser
            .eval("document.activeElement && document.activeElement.id")
            .expect("read the focus");
        if focused == json!("site-search-input") {
            reached = true;
            break;
        }
    }
    assert!(reached, "the search box cannot be reached with Tab");
    browser
        .call("Input.insertText", json!({ "text": query }))
        .expect("type the query");
    browser.eval(RESULTS_JS).expect("read the results")
}

/// Presses one key (keyDown + keyUp) in the page.
fn press(browser: &browser::Browser, key: &str, code: u32) {
    for kind in ["rawKeyDown", "keyUp"] {
        browser
            .call(
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": key, "code": key,
                        "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code }),
            )
            .expect("press a key");
    }
}

/// Waits (up to 20 s) for the status line, then describes the results.
const RESULTS_JS: &str = r#"(async () => {
  const status = document.getElementById('site-search-status');
  const panel = document.getElementById('site-search-results');
  const deadline = Date.now() + 20000;
  while (!status.textContent && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    status: status.textContent,
    panelHidden: panel.hidden,
    results: [...panel.querySelectorAll(':scope > ol > li')].map((li) => {
      const title = li.querySelector('a.search-result-title');
      return {
        title: title.textContent,
        href: title.getAttribute('href'),
        excerpt: li.querySelector('.search-excerpt').textContent,
        marks: [...li.querySelectorAll('.search-excerpt mark')].map((m) => m.textContent),
        headings: [...li.querySelectorAll('ul a')].map((a) => [a.textContent, a.getAttribute('href')]),
      };
    }),
    resources: performance.getEntriesByType('resource').map((e) => e.name),
  };
})()"#;

fn results(found: &Value) -> &Vec<Value> {
    found["results"].as_array().expect("results array")
}

/// Everything the page loaded came from `origin`, and nothing reached the recording proxy.
fn assert_local_only(visit: &browser::Visit, found: &Value, origin: &str) {
    assert!(visit.foreign_requests(origin).is_empty(), "{visit:?}");
    for name in found["resources"].as_array().expect("resources") {
        let name = name.as_str().unwrap_or_default();
        assert!(name.starts_with(&format!("{origin}/")), "loaded {name}");
    }
}

#[test]
fn typing_a_query_lists_the_guide_with_excerpt_and_heading_links_offline() {
    let site = &support::built("search").site;
    let Some(browser) = browser::launch_or_skip("search_fixture") else {
        return;
    };
    let server = browser::serve_dir(site.public()).expect("serve the site");
    let visit = browser
        .visit(&server.url("/guides/keyboard-shortcuts/"))
        .expect("visit a page");
    assert!(visit.exceptions.is_empty(), "{visit:?}");
    assert_eq!(
        browser
            .eval("document.querySelector('form.site-search').hidden")
            .expect("eval"),
        json!(false),
        "the script reveals the box"
    );
    let found = search_by_keyboard(&browser, "quetzal troubleshooter");
    let list = results(&found);
    assert!(!list.is_empty(), "{found:#}");
    let first = &list[0];
    assert_eq!(first["href"], "/guides/licence-transfer/", "{found:#}");
    assert_eq!(first["title"], "Transfer a licence to a new motherboard");
    assert!(
        first["marks"].as_array().is_some_and(|m| m.iter().any(|w| w
            .as_str()
            .is_some_and(|w| w.eq_ignore_ascii_case("quetzal")))),
        "the excerpt highlights the match: {found:#}"
    );
    assert!(
        first["headings"]
            .as_array()
            .is_some_and(|h| h.contains(&json!([
                "Run the troubleshooter",
                "/guides/licence-transfer/#troubleshooter"
            ]))),
        "a link to the matching heading: {found:#}"
    );
    assert_eq!(found["panelHidden"], false);
    assert!(
        found["status"]
            .as_str()
            .is_some_and(|s| s.contains("for “quetzal troubleshooter”")),
        "the status line is announced: {found:#}"
    );
    assert_local_only(&visit, &found, &server.origin());
    let served = server.served().join("\n");
    for file in [
        "/search.js",
        "/pagefind/pagefind.js",
        "/pagefind/wasm.en.pagefind",
    ] {
        assert!(
            served.contains(&format!("GET {file} 200")),
            "{file} not loaded:\n{served}"
        );
    }

    // Keyboard: the down arrow moves into the results, Escape closes them.
    press(&browser, "ArrowDown", 40);
    assert_eq!(
        browser
            .eval("document.activeElement.getAttribute('href')")
            .expect("eval"),
        json!("/guides/licence-transfer/")
    );
    press(&browser, "Escape", 27);
    assert_eq!(
        browser
            .eval(
                "[document.activeElement.id, document.getElementById('site-search-results').hidden]"
            )
            .expect("eval"),
        json!(["site-search-input", true])
    );

    // A word that is only in a draft, a widget or the footer finds nothing.
    for word in ["Draftword", "Widgetword", "Footerword"] {
        let visit = browser.visit(&server.url("/")).expect("visit home");
        let found = search_by_keyboard(&browser, word);
        assert!(results(&found).is_empty(), "{word}: {found:#}");
        assert_eq!(found["status"], format!("No results for “{word}”."));
        assert_local_only(&visit, &found, &server.origin());
    }
}

/// Where the results panel's "nothing found" line is and whether a reader can see it.
const EMPTY_JS: &str = r#"(() => {
  const panel = document.getElementById('site-search-results');
  const empty = panel.querySelector('.search-empty');
  if (!empty) return { found: false, panel: panel.innerHTML };
  const r = empty.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {
    found: true,
    text: empty.textContent,
    panelHidden: panel.hidden,
    visible: empty.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
    width: r.width, height: r.height, left: r.left, right: r.right, top: r.top,
    innerWidth,
    onTop: hit === empty || empty.contains(hit),
    clipped: empty.scrollWidth > empty.clientWidth + 1 || getComputedStyle(empty).clipPath !== 'none',
  };
})()"#;

#[test]
fn a_search_with_no_results_says_so_on_screen_on_a_desktop_and_a_phone() {
    let site = &support::built("search").site;
    let Some(browser) = browser::launch_or_skip("search_no_results") else {
        return;
    };
    let server = browser::serve_dir(site.public()).expect("serve the site");
    for (width, mobile) in [(1280, false), (390, true)] {
        browser
            .set_viewport(Some((width, mobile)))
            .expect("set the viewport");
        browser.visit(&server.url("/")).expect("visit home");
        let found = search_by_keyboard(&browser, "Draftword");
        assert!(results(&found).is_empty(), "{found:#}");
        let empty = browser.eval(EMPTY_JS).expect("measure");
        assert_eq!(empty["found"], true, "at {width} px: {empty:#}");
        assert_eq!(empty["text"], "No results for “Draftword”.", "{empty:#}");
        assert_eq!(
            empty["text"], found["status"],
            "the same words as the live region"
        );
        assert_eq!(empty["panelHidden"], false, "{empty:#}");
        assert_eq!(empty["visible"], true, "{empty:#}");
        assert_eq!(empty["onTop"], true, "nothing covers it: {empty:#}");
        assert_eq!(empty["clipped"], false, "{empty:#}");
        let number = |k: &str| empty[k].as_f64().expect(k);
        assert!(
            number("width") > 50.0 && number("height") >= 10.0,
            "{empty:#}"
        );
        assert!(
            number("left") >= 0.0 && number("right") <= f64::from(width) && number("top") >= 0.0,
            "inside the screen at {width} px: {empty:#}"
        );
        // Escape closes it like a list of results.
        press(&browser, "Escape", 27);
        assert_eq!(
            browser
                .eval("document.getElementById('site-search-results').hidden")
                .expect("eval"),
            json!(true)
        );
    }
    browser.set_viewport(None).expect("reset the viewport");
}

#[test]
fn search_works_under_a_base_url_path() {
    let site = Site::new("search");
    let out = site.tmp.join("served").join("help");
    let out_arg = out.to_str().expect("UTF-8 path");
    site.build_ok(&[
        "--base-url",
        "https://search.example/help/",
        "--output",
        out_arg,
    ]);
    let Some(browser) = browser::launch_or_skip("search_under_a_base_url_path") else {
        return;
    };
    let server = browser::serve_dir(site.tmp.join("served")).expect("serve the site");
    let visit = browser
        .visit(&server.url("/help/"))
        .expect("visit the home page");
    let found = search_by_keyboard(&browser, "ms-settings activation");
    let list = results(&found);
    assert!(!list.is_empty(), "{found:#}");
    assert_eq!(
        list[0]["href"], "/help/guides/keyboard-shortcuts/",
        "{found:#}"
    );
    assert_local_only(&visit, &found, &server.origin());
}

#[test]
fn on_the_shipped_help_site_a_guides_own_words_list_it_first() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::Builder::new()
        .prefix("guidepost-search-")
        .tempdir()
        .expect("temporary directory");
    let out = tmp.path().join("public");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .status()
        .expect("run guidepost");
    assert!(status.success(), "the help site builds");
    assert!(
        out.join(file_for("/pagefind/pagefind-entry.json"))
            .is_file()
    );
    let Some(browser) = browser::launch_or_skip("search_shipped_site") else {
        return;
    };
    let server = browser::serve_dir(&out).expect("serve the help site");
    // Each query is words that one guide is about; that guide must come first.
    for (query, guide) in [
        (
            "motherboard warranty reactivation",
            "/activation/reactivate-after-hardware-change/",
        ),
        ("leaked key refund", "/activation/activation-errors/"),
        (
            "bitlocker recovery key switching",
            "/accounts/switch-local-to-microsoft-account/",
        ),
        (
            "eligible processor upgrade",
            "/activation/upgrade-windows-10-to-11/",
        ),
    ] {
        let visit = browser
            .visit(&server.url("/"))
            .expect("visit the home page");
        let found = search_by_keyboard(&browser, query);
        let list = results(&found);
        assert!(!list.is_empty(), "{query}: {found:#}");
        assert_eq!(list[0]["href"], guide, "{query}: {found:#}");
        assert_local_only(&visit, &found, &server.origin());
    }
}

/// Measures what a first search downloads on a site built elsewhere (run by
/// `bench/search.sh`, not by `cargo test`): serves `GUIDEPOST_SEARCH_BENCH_SITE`, types
/// `GUIDEPOST_SEARCH_BENCH_QUERY` into the box of the home page, and prints every file
/// requested for it with its size.
#[test]
#[ignore = "a measurement for bench/search.sh"]
fn first_query_download_of_a_built_site() {
    let site = std::env::var("GUIDEPOST_SEARCH_BENCH_SITE")
        .expect("set GUIDEPOST_SEARCH_BENCH_SITE to a built site (bench/search.sh does)");
    let query =
        std::env::var("GUIDEPOST_SEARCH_BENCH_QUERY").unwrap_or_else(|_| "activation".into());
    let browser = browser::launch_or_skip("first_query_download").expect("Chromium is needed");
    let server = browser::serve_dir(&site).expect("serve the site");
    let visit = browser
        .visit(&server.url("/"))
        .expect("visit the home page");
    let before = server.served().len();
    let found = search_by_keyboard(&browser, &query);
    assert!(!results(&found).is_empty(), "{query}: {found:#}");
    assert_local_only(&visit, &found, &server.origin());
    let mut total = 0;
    // The search box's own script loads with the page; the rest is fetched for the query.
    let requested = server.served()[before..].to_vec();
    for path in std::iter::once("/search.js").chain(
        requested
            .iter()
            .map(|line| line.split(' ').nth(1).expect("METHOD PATH STATUS"))
            .map(|target| target.split('?').next().unwrap_or(target)),
    ) {
        let size = fs::metadata(Path::new(&site).join(file_for(path)))
            .map(|m| m.len())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        total += size;
        println!("first-query-file {size:>9} {path}");
    }
    println!(
        "first-query-bytes {total} for {query:?} ({} results shown)",
        results(&found).len()
    );
}

/// Lists the results the search box shows for each query of a file, on a site built elsewhere
/// (run by `bench/search_compare.sh`, not by `cargo test`): serves
/// `GUIDEPOST_SEARCH_BENCH_SITE` and, for each line of the file `GUIDEPOST_SEARCH_BENCH_QUERIES`,
/// opens the home page, types the line into the box and prints the results' addresses in order.
#[test]
#[ignore = "a measurement for bench/search_compare.sh"]
fn results_of_queries_on_a_built_site() {
    let site = std::env::var("GUIDEPOST_SEARCH_BENCH_SITE")
        .expect("set GUIDEPOST_SEARCH_BENCH_SITE to a built site");
    let queries = std::env::var("GUIDEPOST_SEARCH_BENCH_QUERIES")
        .expect("set GUIDEPOST_SEARCH_BENCH_QUERIES to a file of queries, one per line");
    let queries = fs::read_to_string(&queries).unwrap_or_else(|e| panic!("{queries}: {e}"));
    let browser = browser::launch_or_skip("results_of_queries").expect("Chromium is needed");
    let server = browser::serve_dir(&site).expect("serve the site");
    for query in queries.lines().map(str::trim).filter(|q| !q.is_empty()) {
        browser
            .visit(&server.url("/"))
            .expect("visit the home page");
        let found = search_by_keyboard(&browser, query);
        let hrefs: Vec<&str> = results(&found)
            .iter()
            .map(|r| r["href"].as_str().unwrap_or_default())
            .collect();
        println!("results\t{query}\t{}", hrefs.join(" "));
    }
}
