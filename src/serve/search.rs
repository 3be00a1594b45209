//! The search index while serving: rebuilt in the background after every change.
//!
//! Indexing waits for nothing the author sees: a rebuild hands the new site to [`SearchJobs`]
//! and tells the browsers to reload at once; the index follows. After [`QUIET`] without a
//! newer site, a child process (`guidepost search-index`, see [`crate::search::pipe`]) indexes
//! the pages in the same order as `build`, so the bundle is byte for byte the one `build`
//! writes. A newer site arriving meanwhile stops that child and starts over with the newer one.
//! The new bundle replaces the old one in the served map (the search box's script comes with
//! every build, like any other file), and the browsers are told
//! ([`Notice::Search`]) so an open search box drops the old index.

use std::collections::HashSet;
use std::io::{BufReader, BufWriter, Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::sync::broadcast;

use super::Notice;
use super::store::{Files, Served, Shared, key_for};
use crate::reporter::Reporter;
use crate::search::{BUNDLE_DIR, pipe};

/// How long a site must stay the newest before it is indexed.
pub const QUIET: Duration = Duration::from_millis(300);

/// One site to index.
struct Job {
    generation: u64,
    language: String,
    /// The pages to index (site path, contents shared with the served site), in indexing order.
    pages: Vec<(String, Bytes)>,
}

/// The background indexer of one `serve` run.
pub struct SearchJobs {
    jobs: Sender<Job>,
    requested: Arc<AtomicU64>,
    done: Arc<AtomicU64>,
}

/// Whether a key of the served map belongs to the search bundle.
pub fn is_bundle_key(key: &str) -> bool {
    key.starts_with(BUNDLE_DIR.trim_start_matches('/'))
}

/// Copies the search bundle of `from` into `into`, replacing any there.
pub fn carry_bundle(from: &Files, into: &mut Files) {
    into.retain(|key, _| !is_bundle_key(key));
    for (key, bytes) in from.iter().filter(|(key, _)| is_bundle_key(key)) {
        into.insert(key.clone(), bytes.clone());
    }
}

impl SearchJobs {
    /// Starts the background indexer; it updates `shared` and tells `notices`.
    pub fn start(
        shared: Shared,
        notices: broadcast::Sender<Notice>,
        reporter: Arc<dyn Reporter>,
    ) -> SearchJobs {
        let (jobs, receiver) = channel();
        let requested = Arc::new(AtomicU64::new(0));
        let done = Arc::new(AtomicU64::new(0));
        let worker = Worker {
            reporter: reporter.clone(),
            shared,
            notices,
            done: done.clone(),
        };
        // Without the thread there is no index while serving; the site itself is still served.
        if let Err(e) = std::thread::Builder::new()
            .name("guidepost-search".to_owned())
            .spawn(move || worker.run(receiver))
        {
            reporter.say(&format!(
                "guidepost serve: cannot start the search indexer: {e}"
            ));
        }
        SearchJobs {
            jobs,
            requested,
            done,
        }
    }

    /// Asks for the index of `served`, whose pages to index are `pages` (in indexing order).
    pub fn request(&self, language: &str, pages: &[String], served: &Served) {
        let generation = self.requested.fetch_add(1, Ordering::SeqCst) + 1;
        let pages = pages
            .iter()
            .filter_map(|path| {
                let bytes = served.files.get(&key_for(path))?;
                Some((path.clone(), bytes.clone()))
            })
            .collect();
        let job = Job {
            generation,
            language: language.to_owned(),
            pages,
        };
        if self.jobs.send(job).is_err() {
            // No worker: nothing will ever be indexed, so nothing is pending either.
            self.done.store(generation, Ordering::SeqCst);
        }
    }

    /// A handle that tells whether the index is up to date with the last request.
    pub fn progress(&self) -> Progress {
        Progress {
            requested: self.requested.clone(),
            done: self.done.clone(),
        }
    }
}

/// Whether the background index caught up with the served site.
#[derive(Clone)]
pub struct Progress {
    requested: Arc<AtomicU64>,
    done: Arc<AtomicU64>,
}

impl Progress {
    /// True when no index is being built or waiting to be built.
    pub fn idle(&self) -> bool {
        self.done.load(Ordering::SeqCst) >= self.requested.load(Ordering::SeqCst)
    }
}

/// Why a child run built no index; told to the reporter, the served index stays as it was.
#[derive(Debug, thiserror::Error)]
enum IndexerError {
    /// The path of this program, to run as the child, is unknown.
    #[error("cannot find guidepost: {0}")]
    NoProgram(#[source] std::io::Error),
    /// The child could not be started.
    #[error("cannot start the indexer: {0}")]
    Start(#[source] std::io::Error),
    /// The child came without its standard input or output.
    #[error("cannot talk to the indexer")]
    NoPipes,
    /// `serve` stopped while the child was indexing.
    #[error("serve is stopping")]
    Stopping,
    /// The thread reading the child's output ended without a result.
    #[error("the indexer's output was lost")]
    OutputLost,
    /// The child failed.
    #[error("the indexer exited with {0}")]
    Exited(ExitStatus),
    /// Waiting for the child to end failed.
    #[error("cannot wait for the indexer: {0}")]
    Wait(#[source] std::io::Error),
    /// Reading the child's output failed.
    #[error("cannot read the indexer's output: {0}")]
    Read(#[source] std::io::Error),
    /// The child ended without a failure yet without the index.
    #[error("the indexer stopped")]
    Stopped,
}

struct Worker {
    reporter: Arc<dyn Reporter>,
    shared: Shared,
    notices: broadcast::Sender<Notice>,
    done: Arc<AtomicU64>,
}

/// How a child run ended.
enum Outcome {
    Built(NewBundle),
    Failed(IndexerError),
    /// A newer job arrived; it is to run instead.
    Superseded(Job),
}

impl Worker {
    fn run(self, jobs: Receiver<Job>) {
        let Ok(mut job) = jobs.recv() else {
            return;
        };
        loop {
            // Wait until no newer site has come for QUIET.
            loop {
                match jobs.recv_timeout(QUIET) {
                    Ok(newer) => job = newer,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let started = Instant::now();
            let count = job.pages.len();
            match index(
                std::mem::take(&mut job.pages),
                &job.language,
                &jobs,
                &self.shared,
            ) {
                Outcome::Superseded(newer) => {
                    job = newer;
                    continue;
                }
                Outcome::Built(bundle) => {
                    let files = bundle.names.len();
                    self.apply(bundle);
                    self.reporter.say(&format!(
                        "guidepost serve: search index of {count} page(s) rebuilt in {} ms ({files} files)",
                        started.elapsed().as_millis()
                    ));
                    let _ = self.notices.send(Notice::Search);
                }
                Outcome::Failed(why) => {
                    self.reporter.say(&format!(
                        "guidepost serve: the search index was not updated: {why}"
                    ));
                }
            }
            self.done.store(job.generation, Ordering::SeqCst);
            match jobs.recv() {
                Ok(next) => job = next,
                Err(_) => return,
            }
        }
    }

    /// Puts the new bundle in place of the old one in the served map.
    fn apply(&self, bundle: NewBundle) {
        let mut shared = self.shared.write().unwrap_or_else(|e| e.into_inner());
        let mut served = (**shared).clone();
        served
            .files
            .retain(|key, _| !is_bundle_key(key) || bundle.names.contains(key));
        served.files.extend(bundle.fresh);
        *shared = Arc::new(served);
    }
}

/// A search bundle as the child wrote it, held as a change to the one served: Pagefind names
/// most files after their contents, so after an edit nearly all of them are served already and
/// only the others are kept here.
struct NewBundle {
    /// Every file of the bundle, by key.
    names: HashSet<String>,
    /// The files not served yet with these contents.
    fresh: Vec<(String, Bytes)>,
}

/// Reads the child's bundle, keeping only what differs from the served one.
fn read_bundle(from: impl Read, shared: &Shared) -> std::io::Result<NewBundle> {
    let mut from = BufReader::new(from);
    let mut bundle = NewBundle {
        names: HashSet::new(),
        fresh: Vec::new(),
    };
    // The served bundle changes only in `Worker::apply`, on this thread, after this returns
    // (rebuilds carry it over as it is): one look at the served site is enough.
    let served = shared.read().unwrap_or_else(|e| e.into_inner()).clone();
    while let Some(file) = pipe::read_frame(&mut from)? {
        let key = key_for(&file.path);
        if served.files.get(&key).is_none_or(|b| **b != *file.bytes) {
            bundle.fresh.push((key.clone(), Bytes::from(file.bytes)));
        }
        bundle.names.insert(key);
    }
    Ok(bundle)
}

/// Runs the child on `pages`, unless a newer job arrives first.
fn index(
    pages: Vec<(String, Bytes)>,
    language: &str,
    jobs: &Receiver<Job>,
    shared: &Shared,
) -> Outcome {
    let mut child = match spawn(language) {
        Ok(child) => child,
        Err(e) => return Outcome::Failed(e),
    };
    let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        return Outcome::Failed(IndexerError::NoPipes);
    };
    let writer = std::thread::spawn(move || {
        let mut to = BufWriter::new(stdin);
        for (path, bytes) in &pages {
            pipe::write_frame(&mut to, path, bytes)?;
        }
        to.flush()
    });
    let (result_tx, result_rx) = channel();
    let shared = shared.clone();
    let reader: JoinHandle<()> = std::thread::spawn(move || {
        let _ = result_tx.send(read_bundle(stdout, &shared));
    });
    let outcome = loop {
        match result_rx.recv_timeout(Duration::from_millis(50)) {
            Ok(files) => break finish(&mut child, files),
            Err(RecvTimeoutError::Timeout) => match jobs.try_recv() {
                Ok(newer) => {
                    let _ = child.kill();
                    break Outcome::Superseded(newer);
                }
                Err(TryRecvError::Empty) => {}
                // serve is stopping.
                Err(TryRecvError::Disconnected) => {
                    let _ = child.kill();
                    break Outcome::Failed(IndexerError::Stopping);
                }
            },
            Err(RecvTimeoutError::Disconnected) => {
                break Outcome::Failed(IndexerError::OutputLost);
            }
        }
    };
    let _ = child.wait();
    let _ = writer.join();
    let _ = reader.join();
    outcome
}

/// Starts `guidepost search-index` (this same program).
fn spawn(language: &str) -> Result<Child, IndexerError> {
    let program = std::env::current_exe().map_err(IndexerError::NoProgram)?;
    Command::new(program)
        .args(["search-index", "--language", language])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(IndexerError::Start)
}

/// The outcome once the child's output is read.
fn finish(child: &mut Child, files: std::io::Result<NewBundle>) -> Outcome {
    match (child.wait(), files) {
        (Ok(status), Ok(files)) if status.success() => Outcome::Built(files),
        (Ok(status), _) if !status.success() => Outcome::Failed(IndexerError::Exited(status)),
        (Err(e), _) => Outcome::Failed(IndexerError::Wait(e)),
        (_, Err(e)) => Outcome::Failed(IndexerError::Read(e)),
        (Ok(_), Ok(_)) => Outcome::Failed(IndexerError::Stopped),
    }
}
