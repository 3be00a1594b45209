//! Benchmark of `guidepost serve` (not a test): how long from saving a file to the reload
//! notice on the event stream, and how much memory the server holds.
//!
//! `cargo run --release --example serve-bench -- CORPUS [EDITS]` copies CORPUS (read-only, e.g.
//! /tmp/guidepost-bench/corpus-plain) into a temporary directory, starts
//! `target/release/guidepost serve --port 0` on the copy, listens to `/__guidepost/events` and
//! makes EDITS (default 20) body edits, then EDITS title edits, each on a different page, each
//! timed from the write to the `reload` event. It prints p50/p90/max per kind, the server's peak
//! RSS (VmHWM) and its RSS after the edits.

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
        .stderr(Stdio::null())
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
    let events = listen(&host);
    assert_eq!(events.recv().unwrap(), "hello");

    let mut pages: Vec<PathBuf> = walk(&work.join("content"));
    pages.sort();
    let pick: Vec<PathBuf> = pages
        .iter()
        .step_by(pages.len() / (2 * edits + 1))
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
        std::thread::sleep(Duration::from_millis(150));
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
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    for key in ["VmHWM", "VmRSS"] {
        if let Some(l) = status.lines().find(|l| l.starts_with(key)) {
            println!("server {l}");
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&work);
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
            if let Some(name) = line.strip_prefix("event: ") {
                if tx.send(name.to_owned()).is_err() {
                    return;
                }
            }
        }
    });
    rx
}
