//! Benchmark of `guidepost serve` (not a test): how long from saving a file to the reload
//! notice on the event stream, and how much memory the server holds.
//!
//! `cargo run --release --example serve-bench -- CORPUS [EDITS] [PAUSE_MS]` copies CORPUS
//! (read-only, e.g. /tmp/guidepost-bench/corpus-plain) into a temporary directory, starts
//! `target/release/guidepost serve --port 0` on the copy, waits for its first search index,
//! listens to `/__guidepost/events` and makes EDITS (default 20) body edits, then EDITS title
//! edits, each on a different page, PAUSE_MS (default 1000) apart, each timed from the write to
//! the `reload` event. The pause is longer than serve's 300 ms wait before re-indexing, so the
//! search indexer runs in the background during the edits, as it does while an author works.
//! It prints p50/p90/max per kind and the server's peak RSS (VmHWM) and RSS; how long after the
//! last of those edits the search index caught up; then, after one more body edit, how long
//! until the search index caught up with it, what serve reports about that re-index, the peak
//! RSS of the indexer child process and the server's memory again.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = PathBuf::from(args.next().expect("usage: serve-bench CORPUS [EDITS]"));
    let edits: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("EDITS is a number"));
    let pause = Duration::from_millis(
        args.next()
            .map_or(1000, |n| n.parse().expect("PAUSE_MS is a number")),
    );
    let work = std::env::temp_dir().join(format!("guidepost-serve-bench-{}", std::process::id()));
    let status = Command::new("cp")
        .args(["-r"])
        .arg(&corpus)
        .arg(&work)
        .status()
        .expect("cp");
    assert!(status.success(), "copy the corpus");
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/guidepost");
    let started = Instant::now();
    let mut child = Command::new(&binary)
        .args(["serve", "--port", "0", "--root"])
        .arg(&work)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start target/release/guidepost (cargo build --release first)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    println!(
        "startup (first build, listening): {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let host = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("URL")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let reindexed = reindex_times(child.stderr.take().unwrap());
    wait_for_index(&host);
    println!(
        "first search index ready: {:.2} s after start",
        started.elapsed().as_secs_f64()
    );
    let events = listen(&host);
    assert_eq!(events.recv().unwrap(), "hello");

    let mut pages: Vec<PathBuf> = walk(&work.join("content"));
    pages.sort();
    let pick: Vec<PathBuf> = pages
        .iter()
        .step_by(pages.len() / (2 * edits + 2))
        .cloned()
        .collect();
    let mut body = Vec::new();
    let mut title = Vec::new();
    for (i, page) in pick.iter().take(2 * edits).enumerate() {
        let text = std::fs::read_to_string(page).unwrap();
        let changed = if i < edits {
            format!("{text}\nEdited paragraph {i}.\n")
        } else {
            text.replacen("title: \"", &format!("title: \"Edited {i} "), 1)
        };
        assert_ne!(changed, text);
        std::thread::sleep(pause);
        let t = Instant::now();
        std::fs::write(page, changed).unwrap();
        loop {
            let event = events
                .recv_timeout(Duration::from_secs(60))
                .expect("a notice");
            if event == "reload" {
                break;
            }
            assert_ne!(event, "diagnostics", "edit {i} broke the build");
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if i < edits {
            body.push(ms)
        } else {
            title.push(ms)
        }
    }
    report("body edit", &mut body);
    report("title edit", &mut title);
    memory(child.id(), "after the edits");

    // The index catches up with the edits, then one more body edit, and the time until the
    // search index caught up with it.
    let t = Instant::now();
    while get(&host, "/__guidepost/search") != "idle" {
        std::thread::sleep(Duration::from_millis(50));
    }
    println!(
        "search index caught up with the edits {:.2} s after the last one",
        t.elapsed().as_secs_f64()
    );
    while reindexed.try_recv().is_ok() {}
    let page = &pick[2 * edits];
    let text = std::fs::read_to_string(page).unwrap();
    let t = Instant::now();
    std::fs::write(page, format!("{text}\nA last edit.\n")).unwrap();
    let mut indexer_peak_kib = 0;
    loop {
        indexer_peak_kib = indexer_peak_kib.max(children_peak_kib(child.id()));
        if t.elapsed() > Duration::from_millis(500) && get(&host, "/__guidepost/search") == "idle" {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    println!(
        "body edit → search index updated: {:.2} s (serve reports: {})",
        t.elapsed().as_secs_f64(),
        reindexed
            .try_iter()
            .last()
            .unwrap_or_else(|| "nothing".to_owned())
    );
    println!("indexer child peak RSS: {} MiB", indexer_peak_kib / 1024);
    memory(child.id(), "at the end");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&work);
}

/// Prints the server's peak and current resident size.
fn memory(pid: u32, when: &str) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    println!(
        "server {when}: peak RSS (VmHWM) {} MiB, RSS {} MiB",
        kib("VmHWM") / 1024,
        kib("VmRSS") / 1024
    );
}

/// The lines where serve reports a rebuilt search index.
fn reindex_times(stderr: std::process::ChildStderr) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("search index:")
                && tx
                    .send(line.trim_start_matches("guidepost serve: ").to_owned())
                    .is_err()
            {
                return;
            }
        }
    });
    rx
}

/// Waits until serve's search index is up to date.
fn wait_for_index(host: &str) {
    while get(host, "/__guidepost/search") != "idle" {
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The body of a GET.
fn get(host: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut stream, &mut text).unwrap();
    text.split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}

/// The largest peak RSS (VmHWM, KiB) among the child processes of `pid` (started by any of
/// its threads).
fn children_peak_kib(pid: u32) -> u64 {
    let children: String = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .collect::<Vec<_>>()
        .join(" ");
    children
        .split_whitespace()
        .filter_map(|child| std::fs::read_to_string(format!("/proc/{child}/status")).ok())
        .filter_map(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .max()
        .unwrap_or(0)
}

fn report(kind: &str, samples: &mut [f64]) {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{kind}: n={} p50={:.0} ms p90={:.0} ms max={:.0} ms",
        samples.len(),
        at(0.5),
        at(0.9),
        at(1.0)
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|x| x == "md")
            && path.file_name().is_some_and(|n| n != "_index.md")
        {
            out.push(path);
        }
    }
    out
}

fn listen(host: &str) -> Receiver<String> {
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /__guidepost/events HTTP/1.1\r\nHost: {host}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ")
                && tx.send(name.to_owned()).is_err()
            {
                return;
            }
        }
    });
    rx
}
