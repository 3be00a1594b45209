//! The search index while serving: rebuilt in the background after every change.
//!
//! Indexing waits for nothing the author sees: a rebuild hands the new site to [`SearchJobs`]
//! and tells the browsers to reload at once; the index follows. After [`QUIET`] without a
//! newer site, a child process (`guidepost search-index`, see [`crate::search::pipe`]) builds
//! the parts of the index ([`crate::search::parts`]) whose pages changed, in the same order as
//! `build`, so the bundle is byte for byte the one `build` writes. A newer site arriving
//! meanwhile stops that child and starts over with the newer one (and the parts the stopped
//! run was to build). The new parts replace the old ones in the served map (the search box's
//! script comes with every build, like any other file), and the browsers are told
//! ([`Notice::Search`]) so an open search box drops the old index.

use std::collections::{BTreeSet, HashSet};
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
    /// The parts to build.
    stale: BTreeSet<usize>,
    /// Whether the number of parts changed since the served index: files of parts that are not
    /// rebuilt go.
    regrouped: bool,
}

impl Job {
    /// This newer job, also building what the `older` one, which it replaces, was to build.
    fn absorbing(mut self, older: Job) -> Job {
        if older.parts.len() == self.parts.len() {
            self.stale.extend(older.stale);
            self.regrouped |= older.regrouped;
        }
        self
    }

    /// The pages of the parts to build, in indexing order.
    fn stale_pages(&self) -> Vec<(String, Bytes)> {
        self.stale
            .iter()
            .flat_map(|&part| self.parts[part].iter().cloned())
            .collect()
    }
}

/// What to index after a rebuild: the pages of every part (site paths, in indexing order), and
/// which parts to build.
pub struct Request<'a> {
    /// The site's language.
    pub language: &'a str,
    /// Every part's pages.
    pub parts: &'a [Vec<String>],
    /// The parts to build.
    pub stale: BTreeSet<usize>,
    /// Whether the number of parts changed since the last request.
    pub regrouped: bool,
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

    /// Asks for the parts `request` names of the index of `served`.
    pub fn request(&self, request: Request<'_>, served: &Served) {
        let generation = self.requested.fetch_add(1, Ordering::SeqCst) + 1;
        let parts = request
            .parts
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
            language: request.language.to_owned(),
            parts,
            stale: request.stale,
            regrouped: request.regrouped,
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
                    Ok(newer) => job = newer.absorbing(job),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let started = Instant::now();
            let pages = job.stale_pages();
            let count = pages.len();
            match index(pages, &job, &jobs, &self.shared) {
                Outcome::Superseded(newer) => {
                    job = newer.absorbing(job);
                    continue;
                }
                Outcome::Built(bundle) => {
                    let files = bundle.names.len();
                    self.apply(bundle, &job);
                    self.reporter.say(&format!(
                        "guidepost serve: search index: {} of {} part(s), {count} page(s), rebuilt in {} ms ({files} files)",
                        job.stale.len(),
                        job.parts.len(),
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

    /// Puts the parts `job` rebuilt in place of the old ones in the served map.
    fn apply(&self, bundle: NewBundle, job: &Job) {
        let mut shared = self.shared.write().unwrap_or_else(|e| e.into_inner());
        let mut served = (**shared).clone();
        let bundle_dir = BUNDLE_DIR.trim_start_matches('/');
        served.files.retain(|key, _| {
            let Some(file) = key.strip_prefix(bundle_dir) else {
                return true;
            };
            let rebuilt = job.regrouped || job.stale.contains(&parts::of_bundle_file(file));
            !rebuilt || bundle.names.contains(key)
        });
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

/// Runs the child on `pages`, the pages of the parts `job` is to build, unless a newer job
/// arrives first.
fn index(pages: Vec<(String, Bytes)>, job: &Job, jobs: &Receiver<Job>, shared: &Shared) -> Outcome {
    let mut child = match spawn(job) {
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

/// Starts `guidepost search-index` (this same program) for the parts `job` is to build.
fn spawn(job: &Job) -> Result<Child, IndexerError> {
    let program = std::env::current_exe().map_err(IndexerError::NoProgram)?;
    let build: Vec<String> = job.stale.iter().map(usize::to_string).collect();
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
