//! Shared helpers of the integration tests.
//!
//! Every test copies one fixture site from `tests/fixtures/<case>/` into a fresh temporary
//! directory (as `<tmp>/site`), runs the real `guidepost` binary on it and inspects what it wrote:
//! HTML is parsed with `scraper`, XML with `roxmltree`, and diagnostics are compared with the
//! fixture's `expected-stderr.txt` snapshot. Snapshots are regenerated on purpose with
//! `GUIDEPOST_BLESS=1 cargo test -p guidepost`; otherwise any difference fails the test. Tests
//! that only read what a plain `guidepost build` of a fixture wrote share one build of it per
//! test process ([`built`]).

pub(crate) mod browser;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The placeholder that replaces the temporary directory in normalized output.
pub(crate) const TMP_PLACEHOLDER: &str = "[TMP]";

/// The environment variable that rewrites snapshots instead of comparing them.
pub(crate) const BLESS_VAR: &str = "GUIDEPOST_BLESS";

/// `tests/fixtures`, holding one folder per fixture site.
pub(crate) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// A fixture site copied into its own temporary directory, removed when dropped.
pub(crate) struct Site {
    _tmp: TempDir,
    /// The temporary directory (canonical path), parent of [`Site::root`].
    pub(crate) tmp: PathBuf,
    /// The site root: `<tmp>/site`.
    pub(crate) root: PathBuf,
    /// The fixture's name; it names the snapshot folder.
    pub(crate) case: String,
}

impl Site {
    /// Copies `tests/fixtures/<case>/` to `<tmp>/site` (without its `expected-*` snapshots).
    pub(crate) fn new(case: &str) -> Site {
        let source = fixtures_dir().join(case);
        assert!(
            source.is_dir(),
            "fixture {} does not exist",
            source.display()
        );
        let site = Site::without_fixture(case);
        copy_tree(&source, &site.root, true);
        site
    }

    /// Copies the fixture into a directory under `parent` that outlives the test (for
    /// [`built`]).
    fn lasting(case: &str, parent: &Path) -> Site {
        let tmp = tempfile::Builder::new()
            .prefix(case)
            .tempdir_in(parent)
            .expect("create a directory for a shared build");
        let canonical = fs::canonicalize(tmp.path()).expect("canonicalize it");
        let site = Site {
            root: canonical.join("site"),
            tmp: canonical,
            _tmp: tmp,
            case: case.to_owned(),
        };
        copy_tree(&fixtures_dir().join(case), &site.root, true);
        site
    }

    /// A temporary directory with no site in it yet (`root` does not exist), e.g. for `init`.
    pub(crate) fn empty() -> Site {
        Site::without_fixture("")
    }

    /// A site of `pages` guides, `content/p/page-N.md`, each with the word `zqNx` that no
    /// other page has: more than 625 pages (`search::parts::PAGES_PER_PART`) and its search
    /// index comes in parts.
    pub(crate) fn with_pages(pages: usize) -> Site {
        let site = Site::empty();
        site.write("site.yaml", "title: Many pages\n");
        for n in 0..pages {
            site.write(
                &format!("content/p/page-{n}.md"),
                &format!(
                    "---\ntitle: Page {n}\n---\n\nCommon words about activation and accounts. \
                     The word zq{n}x is only here.\n\n## Steps\n\nMore words for page {n}.\n"
                ),
            );
        }
        site
    }

    /// A fresh temporary directory for `case`, with `root` not created yet.
    fn without_fixture(case: &str) -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("guidepost-test-")
            .tempdir()
            .expect("create a temporary directory");
        let canonical = fs::canonicalize(tmp.path()).expect("canonicalize the temporary directory");
        Site {
            root: canonical.join("site"),
            tmp: canonical,
            _tmp: tmp,
            case: case.to_owned(),
        }
    }

    /// A path under the site root.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// The default output directory, `<root>/public`.
    pub(crate) fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Runs `guidepost ARGS` with the site root as working directory (the temporary directory
    /// when the root does not exist yet).
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let cwd = if self.root.is_dir() {
            &self.root
        } else {
            &self.tmp
        };
        self.run_in(cwd, args)
    }

    /// Runs `guidepost ARGS` in `cwd`.
    pub(crate) fn run_in(&self, cwd: &Path, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_guidepost"))
            .args(args)
            .current_dir(cwd)
            // Colour must be off only because stderr is a pipe, not because of a variable.
            .env_remove("CLICOLOR_FORCE")
            .env_remove("FORCE_COLOR")
            .env_remove("NO_COLOR")
            .output()
            .expect("run the guidepost binary");
        let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
        let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
        Run {
            code: output.status.code(),
            normalized_stderr: normalize(&stderr, &self.tmp),
            normalized_stdout: normalize(&stdout, &self.tmp),
            stdout,
            stderr,
            args: args.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    /// `guidepost build --root <root> EXTRA...`.
    pub(crate) fn build(&self, extra: &[&str]) -> Run {
        let root = self.root.to_str().expect("UTF-8 temporary path");
        let mut args = vec!["build", "--root", root];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `guidepost check --root <root> EXTRA...`.
    pub(crate) fn check(&self, extra: &[&str]) -> Run {
        let root = self.root.to_str().expect("UTF-8 temporary path");
        let mut args = vec!["check", "--root", root];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Builds and asserts success; returns the run.
    pub(crate) fn build_ok(&self, extra: &[&str]) -> Run {
        let run = self.build(extra);
        run.expect_code(0);
        run
    }

    /// Reads a file under the root as text.
    pub(crate) fn read(&self, rel: &str) -> String {
        let path = self.path(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Writes a file under the root, creating its folders.
    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent folders");
        }
        fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Removes a file under the root.
    pub(crate) fn remove(&self, rel: &str) {
        let path = self.path(rel);
        fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
    }

    /// Copies the folder `from` (under the root) over `to` (under the root), file by file.
    pub(crate) fn copy_dir(&self, from: &str, to: &str) {
        copy_tree(&self.path(from), &self.path(to), false);
    }

    /// Whether a path under the root exists.
    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Parses the HTML written for a site path (`/a/b/` → `public/a/b/index.html`).
    pub(crate) fn page(&self, site_path: &str) -> Html {
        self.page_in(&self.public(), site_path)
    }

    /// Parses the HTML written for a site path in the output directory `out`.
    pub(crate) fn page_in(&self, out: &Path, site_path: &str) -> Html {
        let file = out.join(file_for(site_path));
        let text = fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("read output page {}: {e}", file.display()));
        Html::parse_document(&text)
    }

    /// The text of an output file for a site path (`/atom.xml`).
    pub(crate) fn output_text(&self, site_path: &str) -> String {
        let file = self.public().join(file_for(site_path));
        fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()))
    }

    /// Site paths of the output, each file as written (`/a/b/index.html`), hidden files included.
    pub(crate) fn output_files(&self) -> BTreeSet<String> {
        tree(&self.public()).into_keys().collect()
    }
}

/// A fixture and the run that built it.
pub(crate) struct Built {
    /// The site, built into `public/`.
    pub(crate) site: Site,
    /// The `guidepost build` run.
    pub(crate) run: Run,
}

/// The fixture `case` built once per test process with `guidepost build` and no flags, for the
/// tests that only read what it wrote (they must not change it). It lives under Cargo's
/// `CARGO_TARGET_TMPDIR` in a folder named after this process; the folders of processes that
/// have ended are removed the first time one is made.
pub(crate) fn built(case: &str) -> &'static Built {
    static BUILDS: Mutex<Option<HashMap<String, &'static OnceLock<Built>>>> = Mutex::new(None);
    let cell: &'static OnceLock<Built> = BUILDS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashMap::new)
        .entry(case.to_owned())
        .or_insert_with(|| Box::leak(Box::new(OnceLock::new())));
    cell.get_or_init(|| {
        let site = Site::lasting(case, shared_builds_dir());
        let run = site.build(&[]);
        run.expect_code(0);
        Built { site, run }
    })
}

/// `CARGO_TARGET_TMPDIR/shared-builds/<pid>`, made once; leftovers of ended processes go.
fn shared_builds_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared-builds");
        if let Ok(entries) = fs::read_dir(&base) {
            for entry in entries.flatten() {
                let pid = entry.file_name().to_string_lossy().into_owned();
                let ended = pid.parse::<u32>().is_ok()
                    && Path::new("/proc").is_dir()
                    && !Path::new("/proc").join(&pid).exists();
                if ended {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = base.join(std::process::id().to_string());
        fs::create_dir_all(&dir).expect("create the shared builds folder");
        dir
    })
}

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    /// Exit code (`None` when killed by a signal).
    pub(crate) code: Option<i32>,
    /// Standard output as printed.
    pub(crate) stdout: String,
    /// Standard error as printed.
    pub(crate) stderr: String,
    /// Standard output with the temporary directory and timings replaced.
    pub(crate) normalized_stdout: String,
    /// Standard error with the temporary directory and timings replaced.
    pub(crate) normalized_stderr: String,
    args: Vec<String>,
}

impl Run {
    /// Panics with the whole output unless the exit code is `code`.
    pub(crate) fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "`guidepost {}` exited with {:?}, expected {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Compares normalized stderr with `tests/fixtures/<case>/expected-stderr.txt`, or writes
    /// it there when `GUIDEPOST_BLESS=1`. Also asserts stderr carries no ANSI escapes.
    pub(crate) fn assert_stderr_snapshot(&self, site: &Site) -> &Self {
        assert!(
            !self.stderr.contains('\u{1b}'),
            "stderr is not a terminal, so it must carry no ANSI escapes:\n{}",
            self.stderr
        );
        assert!(!site.case.is_empty(), "a snapshot needs a fixture");
        let path = fixtures_dir().join(&site.case).join("expected-stderr.txt");
        compare_snapshot(&path, &self.normalized_stderr);
        self
    }

    /// Every diagnostic printed on stderr, in order.
    pub(crate) fn diagnostics(&self) -> Vec<Diag> {
        parse_diagnostics(&self.stderr)
    }

    /// Asserts that one diagnostic of `severity` (`"error"` or `"warning"`) is reported at
    /// exactly `location` (`content/a.md:2:11`) with a message containing `message`; returns it.
    pub(crate) fn diagnostic(&self, severity: &str, location: &str, message: &str) -> Diag {
        let all = self.diagnostics();
        let found: Vec<&Diag> = all
            .iter()
            .filter(|d| d.severity == severity && d.location == location)
            .filter(|d| d.message.contains(message))
            .collect();
        assert!(
            found.len() == 1,
            "expected exactly one {severity} at `{location}` containing {message:?}, found {}; \
             all diagnostics:\n{all:#?}\n--- stderr\n{}",
            found.len(),
            self.stderr
        );
        found[0].clone()
    }

    /// Asserts that one diagnostic of `severity` names `file` (at any line, or none) with a
    /// message containing `message`; for problems that concern a whole file.
    pub(crate) fn diagnostic_in(&self, severity: &str, file: &str, message: &str) -> Diag {
        let all = self.diagnostics();
        let found: Vec<&Diag> = all
            .iter()
            .filter(|d| d.severity == severity && d.file() == file)
            .filter(|d| d.message.contains(message))
            .collect();
        assert!(
            found.len() == 1,
            "expected exactly one {severity} in `{file}` containing {message:?}, found {}; \
             all diagnostics:\n{all:#?}\n--- stderr\n{}",
            found.len(),
            self.stderr
        );
        found[0].clone()
    }

    /// The summary line of a successful run, parsed.
    pub(crate) fn summary(&self) -> Summary {
        let line = self
            .stdout
            .lines()
            .find(|l| l.starts_with("guidepost: "))
            .unwrap_or_else(|| panic!("no summary line on stdout:\n{}", self.stdout));
        parse_summary(line).unwrap_or_else(|| panic!("malformed summary line: {line}"))
    }
}

/// One diagnostic as printed: `error: message`, ` --> location`, `= help: hint`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diag {
    /// `error` or `warning`.
    pub(crate) severity: String,
    /// The first line's message.
    pub(crate) message: String,
    /// What follows ` --> `: `file`, `file:line` or `file:line:col`.
    pub(crate) location: String,
    /// The `help:` text, when there is one.
    pub(crate) help: Option<String>,
    /// The source line shown under the message, when there is one.
    pub(crate) source: Option<String>,
}

impl Diag {
    /// The file part of the location (before `:line:col`).
    pub(crate) fn file(&self) -> &str {
        let mut rest = self.location.as_str();
        // Strip up to two trailing `:number` parts.
        for _ in 0..2 {
            match rest.rsplit_once(':') {
                Some((head, tail))
                    if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    rest = head;
                }
                _ => break,
            }
        }
        rest
    }
}

/// Parses rustc-like diagnostics out of stderr.
pub(crate) fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    for line in stderr.lines() {
        let head = ["error", "warning"].into_iter().find_map(|severity| {
            line.strip_prefix(severity)
                .and_then(|rest| rest.strip_prefix(": "))
                .map(|message| (severity, message))
        });
        if let Some((severity, message)) = head {
            out.push(Diag {
                severity: severity.to_owned(),
                message: message.to_owned(),
                location: String::new(),
                help: None,
                source: None,
            });
            continue;
        }
        let Some(current) = out.last_mut() else {
            continue;
        };
        let trimmed = line.trim_start();
        if let Some(location) = trimmed.strip_prefix("--> ") {
            if current.location.is_empty() {
                current.location = location.trim().to_owned();
            }
        } else if let Some(help) = trimmed.strip_prefix("= help: ") {
            current.help = Some(help.to_owned());
        } else if let Some((number, text)) = trimmed.split_once(" | ")
            && current.source.is_none()
            && number.trim().parse::<usize>().is_ok()
        {
            current.source = Some(text.to_owned());
        }
    }
    out
}

/// The parsed `guidepost: built N pages, M sections (F files) in X s, W warning(s)` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Pages.
    pub(crate) pages: usize,
    /// Sections, home included.
    pub(crate) sections: usize,
    /// Files written.
    pub(crate) files: usize,
    /// Warnings.
    pub(crate) warnings: usize,
}

/// Parses a summary line; `None` when it does not have the documented shape.
pub(crate) fn parse_summary(line: &str) -> Option<Summary> {
    let rest = line
        .strip_prefix("guidepost: built ")
        .or_else(|| line.strip_prefix("guidepost: checked "))?;
    let (pages, rest) = rest.split_once(" pages, ")?;
    let (sections, rest) = rest.split_once(" sections (")?;
    let (files, rest) = rest.split_once(" files) in ")?;
    let (seconds, rest) = rest.split_once(" s, ")?;
    seconds.parse::<f64>().ok()?;
    let (warnings, _) = rest.split_once(" warning(s)")?;
    Some(Summary {
        pages: pages.parse().ok()?,
        sections: sections.parse().ok()?,
        files: files.parse().ok()?,
        warnings: warnings.parse().ok()?,
    })
}

/// Replaces the temporary directory by [`TMP_PLACEHOLDER`] and every `<number>.<digits> s`
/// timing by `[TIME] s`.
pub(crate) fn normalize(text: &str, tmp: &Path) -> String {
    let tmp = tmp.to_string_lossy();
    let replaced = text.replace(tmp.as_ref(), TMP_PLACEHOLDER);
    let mut out = String::with_capacity(replaced.len());
    let chars: Vec<char> = replaced.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_alphanumeric()) {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if j + 1 < chars.len() && chars[j] == '.' && chars[j + 1].is_ascii_digit() {
                let mut k = j + 1;
                while k < chars.len() && chars[k].is_ascii_digit() {
                    k += 1;
                }
                let unit = chars[k..].iter().take(2).collect::<String>();
                if unit == " s" {
                    out.push_str("[TIME]");
                    i = k;
                    continue;
                }
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Compares `actual` with the snapshot file at `path`, or writes it when blessing.
pub(crate) fn compare_snapshot(path: &Path, actual: &str) {
    let bless = std::env::var(BLESS_VAR).is_ok_and(|v| v == "1");
    if bless {
        fs::write(path, actual).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "snapshot {} is missing; run with {BLESS_VAR}=1 to create it. Actual output:\n{actual}",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "output differs from snapshot {} (rerun with {BLESS_VAR}=1 if the change is \
             intended)\n{}",
            path.display(),
            line_diff(&expected, actual)
        );
    }
}

/// A minimal line diff: every line of `expected` and `actual` marked `-`, `+` or ` `.
fn line_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // Longest common subsequence table; snapshots are small.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        }
    }
    out
}

/// Copies a directory tree; with `skip_snapshots`, top-level `expected-*` files are left out.
fn copy_tree(from: &Path, to: &Path, skip_snapshots: bool) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let mut entries: Vec<_> = fs::read_dir(from)
        .unwrap_or_else(|e| panic!("list {}: {e}", from.display()))
        .map(|e| e.expect("directory entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if skip_snapshots && name.to_string_lossy().starts_with("expected-") {
            continue;
        }
        let source = entry.path();
        let target = to.join(&name);
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&source, &target, false);
        } else {
            fs::copy(&source, &target).unwrap_or_else(|e| panic!("copy {}: {e}", source.display()));
        }
    }
}

/// Every file under `dir` (hidden ones included) by `/`-separated relative path, with its bytes.
/// Empty when `dir` does not exist.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.expect("directory entry");
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("under base");
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(key, fs::read(&path).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Entries of `dir` left behind by an interrupted build: `.NAME.guidepost-tmp-*` and
/// `.NAME.guidepost-old-*`.
pub(crate) fn leftovers(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".guidepost-tmp-") || n.contains(".guidepost-old-"))
        .collect()
}

/// The file a site path is written to, relative to the output (`/a/` → `a/index.html`).
pub(crate) fn file_for(site_path: &str) -> PathBuf {
    let trimmed = site_path.trim_start_matches('/');
    let mut rel = PathBuf::from(trimmed);
    if site_path.ends_with('/') || trimmed.is_empty() {
        rel.push("index.html");
    }
    rel
}

/// The site path a written HTML file is served at (`a/index.html` → `/a/`, `404.html` →
/// `/404.html`).
pub(crate) fn site_path_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    }
}

/// Parses a CSS selector (panics on a typo in the test).
pub(crate) fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// Every element matching `css`.
pub(crate) fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&selector(css)).collect()
}

/// The one element matching `css`; panics when there are none or several.
pub(crate) fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one element matching {css:?}, found {}",
        found.len()
    );
    found[0]
}

/// Text content of an element with whitespace runs collapsed to one space.
pub(crate) fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of every element matching `css`.
pub(crate) fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text).collect()
}

/// The value of `attr` on every element matching `css` that has it.
pub(crate) fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    select(html, css)
        .into_iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

/// The value of `attr` on the one element matching `css`.
pub(crate) fn attr(html: &Html, css: &str, attr: &str) -> String {
    one(html, css)
        .value()
        .attr(attr)
        .unwrap_or_else(|| panic!("{css:?} has no attribute {attr}"))
        .to_owned()
}

/// Whether a URL names a scheme (`https:`, `mailto:`) or a host (`//x`).
pub(crate) fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Resolves `href` as a browser would on the page served at `page_path` (both site paths
/// including the base-URL prefix); the fragment and query are returned apart.
pub(crate) fn resolve(page_path: &str, href: &str) -> (String, Option<String>) {
    let (rest, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (href, None),
    };
    let path = rest.split('?').next().unwrap_or("");
    let joined = if path.is_empty() {
        page_path.to_owned()
    } else if path.starts_with('/') {
        path.to_owned()
    } else {
        let dir = &page_path[..=page_path.rfind('/').unwrap_or(0)];
        format!("{dir}{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let trailing = joined.ends_with('/') || joined.ends_with("/.") || joined.ends_with("/..");
    let mut resolved = format!("/{}", parts.join("/"));
    if trailing && !parts.is_empty() {
        resolved.push('/');
    }
    (resolved, fragment)
}

/// Crawls every HTML file of `out` and returns each internal `href`/`src` (of `a`, `link`,
/// `img`, `script`) that does not point at a written file or at an existing id there, as
/// `page: href`. `prefix` is the base URL's path (`""` or `/docs`).
pub(crate) fn broken_internal_links(out: &Path, prefix: &str) -> Vec<String> {
    let files = tree(out);
    let mut ids_cache: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |file: &str| -> BTreeSet<String> {
        ids_cache
            .entry(file.to_owned())
            .or_insert_with(|| {
                let html = Html::parse_document(&String::from_utf8_lossy(&files[file]));
                attrs(&html, "[id]", "id").into_iter().collect()
            })
            .clone()
    };
    let mut broken = Vec::new();
    for (file, bytes) in &files {
        if !file.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(&String::from_utf8_lossy(bytes));
        let page_path = format!("{prefix}{}", site_path_of(file));
        let refs = attrs(&html, "a[href], link[href]", "href")
            .into_iter()
            .chain(attrs(&html, "img[src], script[src]", "src"));
        for href in refs {
            if is_external(&href) {
                continue;
            }
            let (path, fragment) = resolve(&page_path, &href);
            let Some(inside) = path.strip_prefix(prefix) else {
                broken.push(format!("{file}: {href} (outside the base path)"));
                continue;
            };
            let inside = if inside.is_empty() { "/" } else { inside };
            let mut target = file_for(inside).to_string_lossy().replace('\\', "/");
            if !files.contains_key(&target) {
                // A folder without its trailing slash: servers redirect to the slash form.
                let with_slash = file_for(&format!("{inside}/"))
                    .to_string_lossy()
                    .replace('\\', "/");
                if files.contains_key(&with_slash) {
                    target = with_slash;
                }
            }
            if !files.contains_key(&target) {
                broken.push(format!("{file}: {href}"));
                continue;
            }
            if let Some(id) = fragment.filter(|f| !f.is_empty())
                && target.ends_with(".html")
                && !ids_of(&target).contains(&id)
            {
                broken.push(format!("{file}: {href} (no id `{id}` in {target})"));
            }
        }
    }
    broken
}

/// Parses an XML document, panicking with the text when it is not well-formed.
pub(crate) fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text)
        .unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{text}"))
}

/// The text of the first child element named `name` (in any namespace) of `node`.
pub(crate) fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .and_then(|c| c.text())
}
