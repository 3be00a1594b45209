//! The search index while serving: rebuilt in the background after every change.
//!
//! Indexing waits for nothing the author sees: a rebuild hands the new site to [`SearchJobs`]
//! and tells the browsers to reload at once; the index follows. After [`QUIET`] without a
//! newer site, the worker builds the parts of the index ([`crate::search::parts`]) whose pages
//! differ from those the served index was built from, a few at a time (one fewer than the cores,
//! so one is left for the rebuilds an author waits for; part 0, which lists the others, last),
//! each batch in a child process
//! (`guidepost search-index`, see [`crate::search::pipe`]) with the pages in the same order as
//! `build`, so the bundle is byte for byte the one `build` writes. A newer site arriving
//! meanwhile stops the child only when it changes the pages of the parts being built; parts
//! already built stay built. Each batch replaces its parts in the served map (the search box's
//! script comes with every build, like any other file); once no part is left to build, the
//! browsers are told ([`Notice::Search`]) so an open search box drops the old index.

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
use crate::search::{BUNDLE_DIR, parts, pipe};

/// How long a site must stay the newest before it is indexed.
pub const QUIET: Duration = Duration::from_millis(300);

/// One site to index.
struct Job {
    generation: u64,
    language: String,
    /// Every part's pages to index (site path, contents shared with the served site), in
    /// indexing order.
    parts: Vec<Vec<(String, Bytes)>>,
}

impl Job {
    /// Whether `newer` indexes the same pages as this job in every part of `batch`.
    fn same_in(&self, newer: &Job, batch: &[usize]) -> bool {
        self.parts.len() == newer.parts.len()
            && batch
                .iter()
                .all(|&part| self.parts[part] == newer.parts[part])
    }
}

/// The background indexer of one `serve` run.
pub struct SearchJobs {
    jobs: Sender<Job>,
    requested: Arc<AtomicU64>,
    done: Arc<AtomicU64>,
}

/// The path within the search bundle of a key of the served map, when the key belongs to it.
fn bundle_file(key: &str) -> Option<&str> {
    key.strip_prefix(BUNDLE_DIR.trim_start_matches('/'))
}

/// Whether a key of the served map belongs to the search bundle.
pub fn is_bundle_key(key: &str) -> bool {
    bundle_file(key).is_some()
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
            built: Vec::new(),
            // One core stays for the rebuilds an author is waiting for.
            width: std::thread::available_parallelism()
                .map_or(1, |n| n.get().saturating_sub(1).max(1)),
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

    /// Asks for the index of `served`, whose pages to index are `parts` (each part's site
    /// paths in indexing order).
    pub fn request(&self, language: &str, parts: &[Vec<String>], served: &Served) {
        let generation = self.requested.fetch_add(1, Ordering::SeqCst) + 1;
        let parts = parts
            .iter()
            .map(|pages| {
                pages
                    .iter()
                    .filter_map(|path| {
                        let bytes = served.files.get(&key_for(path))?;
                        Some((path.clone(), bytes.clone()))
                    })
                    .collect()
            })
            .collect();
        let job = Job {
            generation,
            language: language.to_owned(),
            parts,
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
    /// The pages each part of the served index was built from (`None`: not built yet); as
    /// many as the parts of the last site indexed.
    built: Vec<Option<Vec<(String, Bytes)>>>,
    /// How many parts a child builds at once: one fewer than the cores, at least one.
    width: usize,
}

/// How a child run ended.
enum Outcome {
    /// The parts were built; a newer job that did not change their pages may have arrived.
    Built(NewBundle, Option<Job>),
    /// The child failed; a newer job may have arrived meanwhile.
    Failed(IndexerError, Option<Job>),
    /// A newer job changed the pages of the parts being built; it is to run instead.
    Superseded(Job),
}

impl Worker {
    fn run(mut self, jobs: Receiver<Job>) {
        let Ok(mut job) = jobs.recv() else {
            return;
        };
        // Whether a part was replaced since the browsers were last told.
        let mut replaced = false;
        loop {
            // Wait until no newer site has come for QUIET.
            loop {
                match jobs.recv_timeout(QUIET) {
                    Ok(newer) => job = newer,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let batch = self.next_batch(&job);
            if batch.is_empty() {
                if std::mem::take(&mut replaced) {
                    let _ = self.notices.send(Notice::Search);
                }
                self.done.store(job.generation, Ordering::SeqCst);
                match jobs.recv() {
                    Ok(next) => job = next,
                    Err(_) => return,
                }
                continue;
            }
            let started = Instant::now();
            match index(&batch, &job, &jobs, &self.shared) {
                Outcome::Superseded(newer) => job = newer,
                Outcome::Built(bundle, newer) => {
                    let files = bundle.names.len();
                    self.apply(bundle, &batch, &job);
                    replaced = true;
                    let pages: usize = batch.iter().map(|&part| job.parts[part].len()).sum();
                    self.reporter.say(&format!(
                        "guidepost serve: search index: {} of {} part(s) ({pages} pages) rebuilt in {} ms ({files} files)",
                        batch.len(),
                        job.parts.len(),
                        started.elapsed().as_millis()
                    ));
                    if let Some(newer) = newer {
                        job = newer;
                    }
                }
                Outcome::Failed(why, newer) => {
                    self.reporter.say(&format!(
                        "guidepost serve: the search index was not updated: {why}"
                    ));
                    self.done.store(job.generation, Ordering::SeqCst);
                    match newer.map_or_else(|| jobs.recv().ok(), Some) {
                        Some(next) => job = next,
                        None => return,
                    }
                }
            }
        }
    }

    /// The parts of `job` to build next: up to `width` of those whose pages differ from what
    /// the served index was built from, highest first, so part 0 (whose list names the others)
    /// comes last.
    fn next_batch(&mut self, job: &Job) -> Vec<usize> {
        if self.built.len() != job.parts.len() {
            self.built = vec![None; job.parts.len()];
        }
        (0..job.parts.len())
            .rev()
            .filter(|&part| self.built[part].as_ref() != Some(&job.parts[part]))
            .take(self.width)
            .collect()
    }

    /// Puts the parts `batch` of `job` in place of the old ones in the served map, and drops
    /// the files of parts the site no longer has.
    fn apply(&mut self, bundle: NewBundle, batch: &[usize], job: &Job) {
        let mut shared = self.shared.write().unwrap_or_else(|e| e.into_inner());
        let mut served = (**shared).clone();
        served.files.retain(|key, _| {
            let Some(file) = bundle_file(key) else {
                return true;
            };
            let part = parts::of_bundle_file(file);
            part < job.parts.len() && (!batch.contains(&part) || bundle.names.contains(key))
        });
        served.files.extend(bundle.fresh);
        *shared = Arc::new(served);
        for &part in batch {
            self.built[part] = Some(job.parts[part].clone());
        }
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

/// Runs a child that builds the parts `batch` of `job`, unless a newer job changes their pages
/// first.
fn index(batch: &[usize], job: &Job, jobs: &Receiver<Job>, shared: &Shared) -> Outcome {
    let mut child = match spawn(batch, job) {
        Ok(child) => child,
        Err(e) => return Outcome::Failed(e, None),
    };
    let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        return Outcome::Failed(IndexerError::NoPipes, None);
    };
    let pages: Vec<(String, Bytes)> = batch
        .iter()
        .flat_map(|&part| job.parts[part].iter().cloned())
        .collect();
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
    let mut newer: Option<Job> = None;
    let outcome = loop {
        match result_rx.recv_timeout(Duration::from_millis(50)) {
            Ok(files) => break finish(&mut child, files, newer.take()),
            Err(RecvTimeoutError::Timeout) => match jobs.try_recv() {
                Ok(next) if job.same_in(&next, batch) => newer = Some(next),
                Ok(next) => {
                    let _ = child.kill();
                    break Outcome::Superseded(next);
                }
                Err(TryRecvError::Empty) => {}
                // serve is stopping.
                Err(TryRecvError::Disconnected) => {
                    let _ = child.kill();
                    break Outcome::Failed(IndexerError::Stopping, None);
                }
            },
            Err(RecvTimeoutError::Disconnected) => {
                break Outcome::Failed(IndexerError::OutputLost, newer.take());
            }
        }
    };
    let _ = child.wait();
    let _ = writer.join();
    let _ = reader.join();
    outcome
}

/// Starts `guidepost search-index` (this same program) for the parts `batch` of `job`.
fn spawn(batch: &[usize], job: &Job) -> Result<Child, IndexerError> {
    let program = std::env::current_exe().map_err(IndexerError::NoProgram)?;
    let build: Vec<String> = batch.iter().map(usize::to_string).collect();
    Command::new(program)
        .args(["search-index", "--language", &job.language])
        .args(["--parts", &job.parts.len().to_string()])
        .args(["--build", &build.join(",")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(IndexerError::Start)
}

/// The outcome once the child's output is read; `newer` arrived meanwhile.
fn finish(child: &mut Child, files: std::io::Result<NewBundle>, newer: Option<Job>) -> Outcome {
    let why = match (child.wait(), files) {
        (Ok(status), Ok(files)) if status.success() => return Outcome::Built(files, newer),
        (Ok(status), _) if !status.success() => IndexerError::Exited(status),
        (Err(e), _) => IndexerError::Wait(e),
        (_, Err(e)) => IndexerError::Read(e),
        (Ok(_), Ok(_)) => IndexerError::Stopped,
    };
    Outcome::Failed(why, newer)
}
