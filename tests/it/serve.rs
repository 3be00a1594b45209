//! `guidepost serve` end to end: the real binary on a free port, driven over HTTP and its
//! server-sent events. After every step of a scripted sequence of edits (body, title, new
//! page, rename, delete, editor-style atomic save, template, site.yaml, stylesheet, a bad edit
//! and its fix) the served files, the search index included once the background indexer caught
//! up, must equal a fresh `guidepost build` byte for byte. Also:
//! only the site's files are served (`..`, encoded dots and slashes, symlinks out of the
//! site), Content-Type, the 404 page, a busy port, and Ctrl-C leaving the disk as it was.
//! In a real browser (headless Chromium, `support/browser.rs`): a body edit reloads the page,
//! a stylesheet edit swaps the stylesheet without a reload, a bad edit shows the diagnostics
//! overlay and fixing it clears the overlay, and the search box finds words an edit added.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use crate::support;
use crate::support::Site;
use crate::support::browser;

/// The tag `serve` adds to HTML responses (see src/serve/http.rs).
const SCRIPT_TAG: &str = "<script src=\"/__guidepost/reload.js\" defer></script>";

/// A running `guidepost serve`.
struct Server {
    child: Child,
    host: String,
    stderr: Receiver<String>,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_guidepost"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start guidepost serve");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (err_tx, stderr) = channel();
        let err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = err_tx.send(line);
            }
        });
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read the URL line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        let host = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        Server {
            child,
            host,
            stderr,
        }
    }

    /// A raw GET: the path is sent exactly as given (no client-side normalisation).
    fn get(&self, path: &str) -> (u16, BTreeMap<String, String>, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.host).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read response");
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of headers");
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let mut lines = head.lines();
        let status: u16 = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: BTreeMap<String, String> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        (status, headers, raw[end + 4..].to_vec())
    }

    /// Listens to the event stream; event names arrive on the receiver.
    fn events(&self) -> Receiver<(String, String)> {
        let mut stream = TcpStream::connect(&self.host).expect("connect");
        write!(
            stream,
            "GET /__guidepost/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.host
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            let mut data = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_owned();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push_str(d);
                    data.push('\n');
                } else if line.starts_with("data:") {
                    data.push('\n');
                } else if line.is_empty()
                    && !name.is_empty()
                    && tx
                        .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                        .is_err()
                {
                    return;
                }
            }
        });
        rx
    }

    /// The served site: every listed file, HTML without the injected script tag.
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let (status, _, list) = self.get("/__guidepost/files");
        assert_eq!(status, 200);
        String::from_utf8(list)
            .unwrap()
            .lines()
            .map(|key| {
                let (status, headers, body) = self.get(&format!("/{key}"));
                assert_eq!(status, 200, "GET /{key}");
                let body = if headers["content-type"].starts_with("text/html") {
                    let text = String::from_utf8(body).expect("HTML is UTF-8");
                    assert_eq!(text.matches(SCRIPT_TAG).count(), 1, "{key}: one script tag");
                    text.replacen(SCRIPT_TAG, "", 1).into_bytes()
                } else {
                    body
                };
                (key.to_owned(), body)
            })
            .collect()
    }

    fn stderr_text(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for the next notice caused by an edit (not the greeting, not the search indexer's),
/// then for the stream to be quiet a moment.
fn settle(events: &Receiver<(String, String)>) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let wait = if seen.is_empty() {
            deadline.saturating_duration_since(Instant::now())
        } else {
            Duration::from_millis(400)
        };
        match events.recv_timeout(wait) {
            // The greeting, and the background indexer's notices, which come whenever it
            // finishes (one may arrive after the previous step was checked).
            Ok(event) if event.0 == "hello" || event.0 == "search" => {}
            Ok(event) => seen.push(event),
            Err(RecvTimeoutError::Timeout) if !seen.is_empty() => return seen,
            Err(e) => panic!("no notice from serve: {e:?}"),
        }
    }
}

/// A fresh `build` of the site, outside the site root, without the marker file.
fn built(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let out = site.tmp.join("expected");
    site.build_ok(&["--output", out.to_str().unwrap()]);
    let mut files = support::tree(&out);
    files.remove(".guidepost-output");
    files
}

/// Waits (up to 60 s) until the background search index caught up with the served site.
fn wait_for_index(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.get("/__guidepost/search").2 != b"idle" {
        assert!(
            Instant::now() < deadline,
            "the search index never caught up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The served files, the search index included once it caught up, equal a fresh build's.
fn assert_same(server: &Server, site: &Site, step: &str) {
    let expected = built(site);
    wait_for_index(server);
    let served = server.files();
    let expected_keys: Vec<&String> = expected.keys().collect();
    let served_keys: Vec<&String> = served.keys().collect();
    assert_eq!(served_keys, expected_keys, "{step}: the same files");
    for (key, bytes) in &expected {
        assert!(
            served[key] == *bytes,
            "{step}: {key} differs from build\n--- served\n{}\n--- built\n{}",
            String::from_utf8_lossy(&served[key]),
            String::from_utf8_lossy(bytes)
        );
    }
}

fn names(events: &[(String, String)]) -> Vec<&str> {
    events.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn served_site_equals_build_after_every_edit() {
    let site = Site::new("model");
    let server = Server::start(&site.root, &[]);
    let events = server.events();
    assert_same(&server, &site, "start");

    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        (
            "body edit",
            Box::new(|| {
                let text = site.read("content/guides/alpha.md");
                site.write(
                    "content/guides/alpha.md",
                    &format!("{text}\nA new paragraph.\n"),
                );
                // A page with tags: its term pages list its summary and reading time.
                let text = site.read("content/guides/heavy.md");
                site.write(
                    "content/guides/heavy.md",
                    &text.replace("Weight ten.", "A longer first paragraph, weight ten."),
                );
            }),
        ),
        (
            "title edit",
            Box::new(|| {
                let text = site.read("content/guides/heavy.md");
                site.write(
                    "content/guides/heavy.md",
                    &text.replace("title: Weighted ten", "title: Renamed heavy"),
                );
            }),
        ),
        (
            "tags and date edit",
            Box::new(|| {
                let text = site.read("content/guides/heavy.md");
                site.write(
                    "content/guides/heavy.md",
                    &text
                        .replace("tags: [windows, accounts]", "tags: [windows, newtag]")
                        .replace("date: 2024-01-01", "date: 2025-02-02"),
                );
            }),
        ),
        (
            "new page",
            Box::new(|| {
                site.write(
                    "content/guides/added.md",
                    "---\ntitle: Added page\ndate: 2024-05-05\ntags: [windows]\n---\n\nAdded body.\n",
                );
            }),
        ),
        (
            "rename",
            Box::new(|| {
                std::fs::rename(
                    site.path("content/guides/bravo.md"),
                    site.path("content/guides/charlie.md"),
                )
                .unwrap();
            }),
        ),
        (
            "delete",
            Box::new(|| site.remove("content/guides/light.md")),
        ),
        (
            "atomic save",
            Box::new(|| {
                let text = site.read("content/guides/alpha.md");
                let temp = site.path("content/guides/.alpha.md.swp");
                std::fs::write(&temp, format!("{text}\nSaved atomically.\n")).unwrap();
                std::fs::rename(&temp, site.path("content/guides/alpha.md")).unwrap();
            }),
        ),
        (
            "template",
            Box::new(|| {
                site.write(
                    "templates/page.html",
                    "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><div class=\"mine\">{{ page.content | safe }}</div>{% endblock %}",
                );
            }),
        ),
        (
            "site.yaml",
            Box::new(|| {
                let text = site.read("site.yaml");
                site.write(
                    "site.yaml",
                    &text.replace("Model Help", "Model Help Renamed"),
                );
            }),
        ),
    ];
    for (step, edit) in &steps {
        edit();
        let seen = settle(&events);
        assert!(
            names(&seen).contains(&"reload"),
            "{step}: expected a reload, got {seen:?}"
        );
        assert_same(&server, &site, step);
        // Body and front matter edits take the fast paths; the rest rebuild everything.
        let terminal = server.stderr_text();
        let how = match *step {
            "body edit" | "atomic save" => "(body only)",
            "title edit" | "tags and date edit" => "(front matter)",
            _ => "(full)",
        };
        assert!(terminal.contains(how), "{step}: expected {how}: {terminal}");
        for other in ["(body only)", "(front matter)", "(full)"] {
            assert!(
                other == how || !terminal.contains(other),
                "{step}: {terminal}"
            );
        }
    }

    // A stylesheet-only change swaps the stylesheet instead of reloading, also when
    // static/style.css first replaces the built-in one.
    site.write("static/style.css", "body { color: #111; }\n");
    let seen = settle(&events);
    assert_eq!(names(&seen), ["css"], "new stylesheet");
    assert_same(&server, &site, "new stylesheet");
    site.write("static/style.css", "body { color: #222; }\n");
    let seen = settle(&events);
    assert_eq!(names(&seen), ["css"], "stylesheet edit");
    assert_same(&server, &site, "stylesheet edit");

    // A bad edit: diagnostics to the browsers and the terminal, the last good page stays.
    let good_page = server.get("/guides/alpha/").2;
    let text = site.read("content/guides/alpha.md");
    site.write(
        "content/guides/alpha.md",
        &text.replace("date: 2024-01-01", "date: 2024-13-01"),
    );
    let seen = settle(&events);
    assert_eq!(names(&seen), ["diagnostics"], "bad edit");
    assert!(
        seen[0].1.contains("content/guides/alpha.md:3"),
        "{}",
        seen[0].1
    );
    assert!(seen[0].1.contains("invalid date"), "{}", seen[0].1);
    assert_eq!(
        server.get("/guides/alpha/").2,
        good_page,
        "last good page served"
    );
    // A browser that connects now is told at once.
    let late = server.events();
    let first = late.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(first.0, "diagnostics");
    let terminal = server.stderr_text();
    assert!(terminal.contains("invalid date"), "terminal: {terminal}");

    site.write("content/guides/alpha.md", &text);
    let seen = settle(&events);
    assert!(names(&seen).contains(&"clear"), "fix: {seen:?}");
    assert_same(&server, &site, "fixed");
}

#[test]
fn only_the_sites_files_are_served() {
    let site = Site::new("model");
    let outside = site.tmp.join("outside-secret.txt");
    std::fs::write(&outside, "SECRET").unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::os::unix::fs::symlink(&outside, site.path("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, site.path("content/leak.txt")).unwrap();
    std::os::unix::fs::symlink(&site.tmp, site.path("content/dir-leak")).unwrap();
    let server = Server::start(&site.root, &[]);

    let (status, headers, body) = server.get("/");
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(String::from_utf8_lossy(&body).contains(SCRIPT_TAG));
    let (status, headers, _) = server.get("/atom.xml");
    assert_eq!(
        (status, headers["content-type"].as_str()),
        (200, "application/atom+xml")
    );
    let (status, headers, _) = server.get("/style.css");
    assert_eq!(
        (status, headers["content-type"].as_str()),
        (200, "text/css; charset=utf-8")
    );
    let (status, headers, _) = server.get("/reference/bundle/diagram.svg");
    assert_eq!(
        (status, headers["content-type"].as_str()),
        (200, "image/svg+xml")
    );
    let (status, headers, _) = server.get("/__guidepost/reload.js");
    assert_eq!(
        (status, headers["content-type"].as_str()),
        (200, "text/javascript; charset=utf-8")
    );
    let (status, headers, _) = server.get("/guides");
    assert_eq!((status, headers["location"].as_str()), (301, "/guides/"));

    let not_found_page = server.get("/no-such-page/");
    assert_eq!(not_found_page.0, 404);
    assert!(String::from_utf8_lossy(&not_found_page.2).contains("Page not found"));
    for path in [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2e%2e/outside-secret.txt",
        "/guides/..%2f..%2fsite.yaml",
        "/..%5csite.yaml",
        "/static%2fstyle.css",
        "/content/guides/alpha.md",
        "/site.yaml",
        "/leak.txt",
        "/dir-leak/outside-secret.txt",
        "/.guidepost-output",
        "/style.css%00.html",
    ] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("SECRET") && !text.contains("base_url"),
            "{path}"
        );
        assert!(
            text.contains("Page not found"),
            "{path}: the site's 404 page"
        );
    }
}

#[test]
fn ctrl_c_stops_cleanly_and_nothing_on_disk_changes() {
    let site = Site::new("model");
    let before = support::tree(&site.tmp);
    let mut server = Server::start(&site.root, &[]);
    assert_eq!(server.get("/").0, 200);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(exit.code(), Some(0), "{}", server.stderr_text());
    std::thread::sleep(Duration::from_millis(100));
    assert!(server.stderr_text().contains("stopped"));
    assert_eq!(
        support::tree(&site.tmp),
        before,
        "serve created or deleted nothing"
    );
}

#[test]
fn a_busy_port_is_reported() {
    let site = Site::new("model");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
}

/// Evaluates `js` in the page until it returns `true` (at most 20 s).
fn wait_for(visit: &browser::Visit, what: &str, js: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        // A reload in progress makes evaluation fail for a moment: try again.
        if let Ok(serde_json::Value::Bool(true)) = visit.eval(js) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_browser_reloads_swaps_stylesheets_and_shows_the_overlay() {
    let Some(browser) =
        browser::launch_or_skip("the_browser_reloads_swaps_stylesheets_and_shows_the_overlay")
    else {
        return;
    };
    let site = Site::new("model");
    site.write("static/style.css", "body { color: rgb(1, 2, 3); }\n");
    let server = Server::start(&site.root, &[]);
    let url = format!("http://{}/guides/alpha/", server.host);
    let visit = browser.visit(&url).expect("visit the page");
    assert!(visit.exceptions.is_empty(), "{:?}", visit.exceptions);
    wait_for(
        &visit,
        "the event stream",
        "window.__guidepostServe.events.includes('hello')",
    );
    visit.eval("window.__notReloaded = true").unwrap();

    // A stylesheet edit: the new colour applies and the page is not reloaded.
    site.write("static/style.css", "body { color: rgb(4, 5, 6); }\n");
    wait_for(
        &visit,
        "the swapped stylesheet",
        "getComputedStyle(document.body).color === 'rgb(4, 5, 6)' && window.__notReloaded === true",
    );

    // A body edit reloads the page with the new text.
    let text = site.read("content/guides/alpha.md");
    site.write(
        "content/guides/alpha.md",
        &format!("{text}\nEdited in the browser test, about quetzalcoatlus.\n"),
    );
    wait_for(
        &visit,
        "the reload",
        "window.__notReloaded === undefined && document.body.textContent.includes('Edited in the browser test')",
    );

    // The search box works while serving and finds a word the edit added once the index
    // caught up.
    wait_for_index(&server);
    wait_for(
        &visit,
        "a search result for the new word",
        "(async () => { \
           const input = document.getElementById('site-search-input'); \
           if (!input || document.querySelector('form.site-search').hidden) return false; \
           input.value = 'quetzalcoatlus'; input.dispatchEvent(new Event('input')); \
           await new Promise((r) => setTimeout(r, 600)); \
           return [...document.querySelectorAll('#site-search-results a.search-result-title')] \
             .some((a) => a.getAttribute('href') === '/guides/alpha/'); })()",
    );

    // A bad edit: the overlay shows the diagnostic as text, the page stays.
    let good = site.read("content/guides/alpha.md");
    site.write(
        "content/guides/alpha.md",
        &good.replace("date: 2024-01-01", "date: 2024-13-01\nexcerpt: <img src=x>"),
    );
    wait_for(
        &visit,
        "the overlay",
        "(() => { const o = document.getElementById('guidepost-serve-overlay'); \
           return !!o && o.textContent.includes('invalid date') \
             && o.textContent.includes('content/guides/alpha.md') && !o.querySelector('img'); })()",
    );
    assert!(
        visit
            .eval("document.body.textContent.includes('Edited in the browser test')")
            .unwrap()
            == serde_json::Value::Bool(true)
    );

    // Fixing the file clears the overlay.
    site.write("content/guides/alpha.md", &good);
    wait_for(
        &visit,
        "the overlay to clear",
        "!document.getElementById('guidepost-serve-overlay') && document.body.textContent.includes('Edited in the browser test')",
    );
}

#[test]
fn a_busy_default_port_moves_to_the_next_free_one() {
    // Hold the default port (skip when something else already does: then serve moves on too,
    // but the test cannot tell which port it should get).
    let Ok(taken) = std::net::TcpListener::bind("127.0.0.1:1111") else {
        eprintln!("skipped: port 1111 is in use already");
        return;
    };
    let site = Site::new("model");
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(["serve", "--root"])
        .arg(&site.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    drop(taken);
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    assert!((1112..1131).contains(&port), "{line}");
}

/// Regression: a body edit that broke another page's link to one of its headings was served
/// without a word (the body fast path gave up after changing the kept site, and the front
/// matter path then saw nothing to check).
#[test]
fn a_body_edit_that_breaks_a_link_is_reported_not_served() {
    let site = Site::new("model");
    site.write(
        "content/guides/alpha.md",
        "---\ntitle: Alpha same date\ndate: 2024-01-01\n---\n\n## Steps {#steps}\n\nDo this.\n",
    );
    site.write(
        "content/guides/bravo.md",
        "---\ntitle: Bravo\ndate: 2024-01-02\n---\n\nSee [the steps](alpha.md#steps).\n",
    );
    let server = Server::start(&site.root, &[]);
    let events = server.events();
    let good = server.get("/guides/alpha/").2;

    site.write(
        "content/guides/alpha.md",
        "---\ntitle: Alpha same date\ndate: 2024-01-01\n---\n\n## Steps {#renamed}\n\nDo this.\n",
    );
    let seen = settle(&events);
    assert_eq!(names(&seen), ["diagnostics"], "{seen:?}");
    assert!(seen[0].1.contains("broken anchor"), "{}", seen[0].1);
    assert!(
        seen[0].1.contains("content/guides/bravo.md"),
        "{}",
        seen[0].1
    );
    assert_eq!(
        server.get("/guides/alpha/").2,
        good,
        "the last good page stays"
    );

    // A new broken link in a body is reported the same way.
    site.write(
        "content/guides/alpha.md",
        "---\ntitle: Alpha same date\ndate: 2024-01-01\n---\n\n## Steps {#steps}\n\nSee [x](no-such-page.md).\n",
    );
    let seen = settle(&events);
    assert_eq!(names(&seen), ["diagnostics"], "{seen:?}");
    assert!(seen[0].1.contains("no-such-page.md"), "{}", seen[0].1);

    site.write(
        "content/guides/alpha.md",
        "---\ntitle: Alpha same date\ndate: 2024-01-01\n---\n\n## Steps {#steps}\n\nFixed.\n",
    );
    let seen = settle(&events);
    assert!(names(&seen).contains(&"clear"), "{seen:?}");
    assert_same(&server, &site, "fixed");
}

/// Regression: after `content/` was replaced by a new folder at the same path (a restore from a
/// copy, a `mv` swap), the watch stayed on the old folder and no later edit was seen.
#[test]
fn edits_are_seen_after_the_content_folder_is_replaced() {
    let site = Site::new("model");
    let server = Server::start(&site.root, &[]);
    let events = server.events();

    let copy = site.tmp.join("content-copy");
    copy_dir(&site.path("content"), &copy);
    std::fs::remove_dir_all(site.path("content")).unwrap();
    std::fs::rename(&copy, site.path("content")).unwrap();
    // The swap itself changes nothing served; give the watcher time to see it.
    std::thread::sleep(Duration::from_millis(500));

    let text = site.read("content/guides/alpha.md");
    site.write(
        "content/guides/alpha.md",
        &format!("{text}\nWritten into the new folder.\n"),
    );
    let seen = settle(&events);
    assert!(names(&seen).contains(&"reload"), "{seen:?}");
    assert!(
        String::from_utf8_lossy(&server.get("/guides/alpha/").2)
            .contains("Written into the new folder.")
    );
    assert_same(&server, &site, "after the swap");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A site whose search index comes in parts (see src/search/parts.rs): after a body edit only
/// the part of the edited page is indexed again, and the served index is still the one `build`
/// writes.
#[test]
fn a_body_edit_reindexes_only_the_part_of_its_page() {
    let site = Site::with_pages(700);
    let server = Server::start(&site.root, &[]);
    wait_for_index(&server);
    // At start every part is built, in batches of as many parts as the machine allows.
    let started = server.stderr_text();
    let (parts, pages) = started
        .lines()
        .filter_map(|line| line.split("search index: ").nth(1))
        .filter_map(|rest| {
            let (parts, rest) = rest.split_once(" of 2 part(s) (")?;
            let pages = rest.split_once(" pages)")?.0;
            Some((parts.parse::<usize>().ok()?, pages.parse::<usize>().ok()?))
        })
        .fold((0, 0), |(a, b), (parts, pages)| (a + parts, b + pages));
    assert_eq!((parts, pages), (2, 700), "{started}");
    let page = "content/p/page-7.md";
    let text = site.read(page);
    site.write(page, &format!("{text}\nAn edited paragraph.\n"));
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = String::new();
    while !seen.contains("search index: 1 of 2 part(s)") {
        assert!(Instant::now() < deadline, "no re-index of one part: {seen}");
        if let Ok(line) = server.stderr.recv_timeout(Duration::from_millis(200)) {
            seen.push_str(&line);
            seen.push('\n');
        }
    }
    assert_same(&server, &site, "body edit");
}

/// Issue 17, item 7: a first build with a broken page serves every page that built (with the
/// overlay: the event stream opens with the diagnostics), the broken page's URL shows its
/// errors as text, and fixing the file serves the whole site, equal to `build`, without them.
#[test]
fn a_first_build_with_a_broken_page_serves_the_others_and_its_errors() {
    let site = Site::empty();
    site.write(
        "content/guides/good.md",
        "---\ntitle: Good guide\n---\n\nSee [the other](broken.md).\n",
    );
    site.write(
        "content/guides/broken.md",
        "---\ntitle: Broken\n---\n\nSome text.\n\nGo [nowhere](/nowhere/) <b>bold</b>.\n",
    );
    let server = Server::start(&site.root, &[]);
    let events = server.events();
    let (name, text) = events
        .recv_timeout(Duration::from_secs(20))
        .expect("the stream opens");
    assert_eq!(name, "diagnostics", "{text}");
    assert!(text.contains("content/guides/broken.md:7:4"), "{text}");
    assert!(text.contains("/guides/broken/"), "{text}");

    let (status, _, body) = server.get("/guides/good/");
    assert_eq!(status, 200);
    let good = String::from_utf8(body).expect("UTF-8");
    assert!(good.contains("Good guide"), "{good}");
    assert_eq!(good.matches(SCRIPT_TAG).count(), 1, "the overlay's script");
    assert_eq!(server.get("/").0, 200);

    let (status, _, body) = server.get("/guides/broken/");
    assert_eq!(status, 200);
    let broken = String::from_utf8(body).expect("UTF-8");
    assert!(broken.contains("content/guides/broken.md:7:4"), "{broken}");
    assert!(
        broken.contains("broken link `/nowhere/`: nothing is published at /nowhere/"),
        "{broken}"
    );
    assert!(broken.contains("&lt;b&gt;bold&lt;/b&gt;"), "{broken}");
    assert!(!broken.contains("<b>"), "the source line is text: {broken}");
    assert!(!broken.contains("Some text."), "no half page: {broken}");
    assert_eq!(
        broken.matches(SCRIPT_TAG).count(),
        1,
        "the overlay's script"
    );

    site.write(
        "content/guides/broken.md",
        "---\ntitle: Broken\n---\n\nSome text.\n\nGo [home](/).\n",
    );
    let seen = settle(&events);
    assert!(names(&seen).contains(&"clear"), "{seen:?}");
    assert!(names(&seen).contains(&"reload"), "{seen:?}");
    assert!(!names(&seen).contains(&"diagnostics"), "{seen:?}");
    let fixed = String::from_utf8(server.get("/guides/broken/").2).expect("UTF-8");
    assert!(fixed.contains("Some text."), "{fixed}");
    assert_same(&server, &site, "fixed");
    let (name, _) = server
        .events()
        .recv_timeout(Duration::from_secs(5))
        .expect("a new stream opens");
    assert_eq!(name, "hello", "no overlay once the site builds");
}
