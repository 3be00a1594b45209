//! The `guidepost` command line: parse arguments, call the library, print, exit.
//!
//! This is the only place that turns errors into messages and exit codes:
//! 0 success, 1 errors in the content, 2 usage or I/O problems.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use guidepost::diagnostic::Diagnostic;
use guidepost::{BuildError, BuildOptions, BuildReport, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Builds a fast, clean help site from Markdown guides.
#[derive(Parser)]
#[command(name = "guidepost", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory (public/ by default).
    Build(BuildArgs),
    /// Do everything `build` does except writing; exit 1 on any error.
    Check(CheckArgs),
    /// Serve the site from memory on 127.0.0.1, rebuilding and reloading on every change.
    Serve(ServeArgs),
    /// Create a new site in DIR that builds at once.
    Init {
        /// Directory for the new site (created if missing).
        dir: PathBuf,
    },
    /// Turn a scraped article (or a folder of them) into a clean draft guide.
    Import(ImportArgs),
    /// Cross-build guidepost-check for the targets in site.yaml (`checker.targets`).
    BundleChecker {
        /// Site root (and Cargo workspace) holding site.yaml and the checker crate.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Internal: `serve` runs this as a child process to build the search index from pages on
    /// standard input (see src/search/pipe.rs).
    #[command(hide = true)]
    SearchIndex {
        /// The pages' language (site.yaml `language`).
        #[arg(long)]
        language: String,
        /// How many parts the site's index has.
        #[arg(long)]
        parts: usize,
        /// The parts to build, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        build: Vec<usize>,
    },
}

#[derive(Args)]
struct SiteArgs {
    /// Site root holding content/, site.yaml, templates/ and static/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Also publish pages with `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Override base_url from site.yaml (an absolute URL).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Print each stage with its time.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Args)]
struct ListArgs {
    /// Print at most N errors (the summary after the list still counts every one).
    #[arg(long, value_name = "N")]
    max_errors: Option<usize>,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    list: ListArgs,
    /// Output directory (default: output_dir from site.yaml, else public/).
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Fail (exit 1) when content still holds ads, trackers or script, naming file:line.
    #[arg(long)]
    strict: bool,
    /// Show this guidepost-check report (its `--json` output) in the status widgets.
    #[arg(long, value_name = "REPORT.json")]
    status: Option<PathBuf>,
    /// Write every page that builds, leave out (and list) the pages with errors; still exit 1.
    #[arg(long)]
    keep_going: bool,
    /// Pass raw HTML through uncleaned. Unsafe: only for measuring what cleaning costs.
    #[arg(long, hide = true)]
    unsafe_no_clean: bool,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Port to listen on [default: 1111, else the next free one; 0 for any free port].
    #[arg(long)]
    port: Option<u16>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Args)]
struct ImportArgs {
    /// A Markdown file, or a folder: every .md file in it (recursively) is imported.
    input: PathBuf,
    /// Site root; its site.yaml `clean:` settings apply.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Folder to write the guides into, relative to the root [default: content/imported].
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
    /// Overwrite guides that exist already.
    #[arg(long)]
    force: bool,
    /// Print what would be written and removed; write nothing.
    #[arg(long)]
    dry_run: bool,
}

fn main() -> ExitCode {
    size_search_index_files();
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let mode = Mode {
                write: true,
                strict: args.strict,
                clean: !args.unsafe_no_clean,
                status: args.status,
                max_errors: args.list.max_errors,
                keep_going: args.keep_going,
            };
            remove_output_on_interrupt();
            // Like every other path on the command line, --output is relative to where the
            // command runs (site.yaml's output_dir is relative to the root).
            let output = args.output.map(|o| std::path::absolute(&o).unwrap_or(o));
            run_build(&args.site, output, mode)
        }
        Command::Check(args) => run_build(
            &args.site,
            None,
            Mode {
                write: false,
                strict: true,
                clean: true,
                status: None,
                max_errors: args.list.max_errors,
                keep_going: false,
            },
        ),
        Command::Serve(args) => run_serve(args),
        Command::Init { dir } => match guidepost::init::init(&dir) {
            Ok(files) => {
                for file in files {
                    println!("created {}", file.display());
                }
                println!("next: cd {} && guidepost build", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                print_error(&e);
                ExitCode::from(2)
            }
        },
        Command::Import(args) => run_import(args),
        Command::BundleChecker { root } => run_bundle_checker(&root),
        Command::SearchIndex {
            language,
            parts,
            build,
        } => match guidepost::search::pipe::index_stdio(&language, parts, &build) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                print_error(&e);
                ExitCode::from(2)
            }
        },
    }
}

/// What kind of run: `build` (optionally strict) or `check` (strict, no writing).
struct Mode {
    write: bool,
    strict: bool,
    clean: bool,
    status: Option<PathBuf>,
    /// `--max-errors`.
    max_errors: Option<usize>,
    /// `--keep-going`.
    keep_going: bool,
}

fn run_bundle_checker(root: &std::path::Path) -> ExitCode {
    let config = match guidepost::config::Config::load(root) {
        Ok(config) => config,
        Err(problems) => {
            print_diagnostics(&problems, std::io::stderr().is_terminal());
            return ExitCode::from(1);
        }
    };
    match guidepost::downloads::bundle_checker(root, &config, &|m| eprintln!("{m}")) {
        Ok(built) => {
            for binary in built {
                let size = std::fs::metadata(&binary).map_or(0, |m| m.len());
                println!("built {} ({size} bytes)", binary.display());
            }
            println!("next: cargo run --release -- build (copies them into /downloads/)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(&e);
            ExitCode::from(2)
        }
    }
}

fn run_build(args: &SiteArgs, output: Option<PathBuf>, mode: Mode) -> ExitCode {
    let write = mode.write;

    let options = BuildOptions {
        root: args.root.clone(),
        output,
        drafts: args.drafts,
        base_url: args.base_url.clone(),
        write,
        strict: mode.strict,
        clean: mode.clean,
        status: mode.status,
        keep_going: mode.keep_going,
    };
    let progress = TerminalProgress::new(args.verbose);
    let result = guidepost::build(&options, &progress);
    progress.finish();
    let styled = std::io::stderr().is_terminal();
    match result {
        Ok(report) => {
            print_list(&report.warnings, styled, mode.max_errors);
            if args.verbose {
                print_clean_reports(&report);
            }
            println!("{}", summary_line(&report, write));
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diagnostics)) => {
            print_list(&diagnostics, styled, mode.max_errors);
            eprintln!(
                "guidepost: {} failed: {}; {}",
                if write { "build" } else { "check" },
                error_count(&diagnostics),
                if write {
                    "the previous output was left as it was"
                } else {
                    "nothing was written"
                }
            );
            ExitCode::from(1)
        }
        Err(BuildError::Partial(partial)) => {
            print_list(&partial.diagnostics, styled, mode.max_errors);
            eprintln!(
                "guidepost: left out {} page(s) with errors:",
                partial.left_out.len()
            );
            for page in &partial.left_out {
                eprintln!("  {} ({})", page.file.display(), page.path);
            }
            eprintln!(
                "guidepost: build incomplete: {}; every other page was written",
                error_count(&partial.diagnostics)
            );
            println!("{}", summary_line(&partial.report, write));
            ExitCode::from(1)
        }
        Err(error) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}

/// "N error(s) in M file(s)", counting only the files with errors.
fn error_count(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == guidepost::diagnostic::Severity::Error)
        .collect();
    let files: std::collections::BTreeSet<_> = errors.iter().map(|d| &d.file).collect();
    format!("{} error(s) in {} file(s)", errors.len(), files.len())
}

/// Ctrl-C or SIGTERM during `build` removes the unfinished temporary output directory (the
/// previous output stays as it was) and exits with 130.
fn remove_output_on_interrupt() {
    let installed = ctrlc::set_handler(|| {
        for dir in guidepost::remove_unfinished_output() {
            eprintln!(
                "guidepost: interrupted; removed the unfinished {}",
                dir.display()
            );
        }
        eprintln!("guidepost: build interrupted; the previous output was left as it was");
        std::process::exit(130);
    });
    if let Err(e) = installed {
        eprintln!("guidepost: warning: Ctrl-C will not clean up the unfinished output: {e}");
    }
}

/// `guidepost serve`: the URL on stdout, rebuild messages and diagnostics on stderr.
/// Sets the size of the search index's files (see `search::parts::CHUNK_SIZE_VARIABLE`), unless
/// the environment sets it already.
fn size_search_index_files() {
    let (name, value) = guidepost::search::parts::CHUNK_SIZE_VARIABLE;
    if std::env::var_os(name).is_none() {
        // SAFETY: called first thing in `main`, before any other thread exists, so nothing
        // reads the environment while it changes.
        unsafe { std::env::set_var(name, value) };
    }
}

/// mimalloc's `mi_option_purge_delay` (position 15 of `mi_option_e` in mimalloc.h; the Rust
/// bindings name the options around it but not this one).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn run_serve(args: ServeArgs) -> ExitCode {
    // A server that rebuilds again and again should give memory back as soon as it is freed,
    // not after mimalloc's default delay: that keeps its resident size near what it holds.
    // SAFETY: sets a plain integer option; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let options = guidepost::serve::ServeOptions {
        build: BuildOptions {
            root: args.site.root,
            output: None,
            drafts: args.site.drafts,
            base_url: args.site.base_url,
            write: false,
            strict: false,
            clean: true,
            status: None,
            // A first build with broken pages serves the others (see README, Serve).
            keep_going: true,
        },
        bind: args.bind,
        port: args.port,
        styled: std::io::stderr().is_terminal(),
    };
    let announce = |url: &str| {
        use std::io::Write;
        println!("guidepost serve: serving {url} (Ctrl-C to stop)");
        let _ = std::io::stdout().flush();
    };
    match guidepost::serve::serve(options, std::sync::Arc::new(StderrReporter), announce) {
        Ok(()) => {
            eprintln!("guidepost serve: stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}

/// A build's diagnostics: every warning and the first `max_errors` errors, in file order; after
/// a long list (or a cut one) the counts by kind and folder.
fn print_list(diagnostics: &[Diagnostic], styled: bool, max_errors: Option<usize>) {
    let mut errors = 0;
    for d in diagnostics {
        if d.severity == guidepost::diagnostic::Severity::Error {
            errors += 1;
            if max_errors.is_some_and(|max| errors > max) {
                continue;
            }
        }
        eprintln!("{}\n", d.render(styled));
    }
    let hidden = max_errors.map_or(0, |max| errors.saturating_sub(max));
    if hidden > 0 {
        eprintln!("… {hidden} more error(s) not shown (--max-errors)\n");
    }
    if hidden > 0 || diagnostics.len() >= SUMMARY_FROM {
        eprintln!("{}", guidepost::diagnostic::Summary::of(diagnostics));
    }
}

/// Lists at least this long end with a summary.
const SUMMARY_FROM: usize = 20;

/// Prints an error that stops the run (exit code 2), then each underlying cause its message
/// does not show already: most messages end with their cause ("could not read x: No such file
/// or directory"), some (Pagefind's) have a chain of them.
fn print_error(error: &dyn std::error::Error) {
    let mut shown = error.to_string();
    eprintln!("error: {shown}");
    let mut cause = error.source();
    while let Some(current) = cause {
        let text = current.to_string();
        if !shown.contains(&text) {
            eprintln!("  caused by: {text}");
            shown.push_str(&text);
        }
        cause = current.source();
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], styled: bool) {
    for d in diagnostics {
        eprintln!("{}\n", d.render(styled));
    }
}

/// `-v`: what cleaning removed, per file, with source lines.
fn print_clean_reports(report: &BuildReport) {
    for (file, cleaned) in report
        .cleaned
        .iter()
        .filter(|(_, c)| !c.removals.is_empty())
    {
        eprintln!("cleaned {}: {cleaned}", file.display());
        for removal in &cleaned.removals {
            eprintln!(
                "  line {}: {} ({})",
                removal.line,
                removal.kind.name(),
                removal.detail
            );
        }
    }
}

fn summary_line(report: &BuildReport, wrote: bool) -> String {
    let verb = if wrote { "built" } else { "checked" };
    let place = report
        .output
        .as_ref()
        .map(|p| format!(" → {}", p.display()))
        .unwrap_or_default();
    let mut total = guidepost::clean::CleanReport::default();
    let mut files = 0;
    for (_, cleaned) in &report.cleaned {
        files += usize::from(!cleaned.removals.is_empty());
        total.absorb(cleaned.clone());
    }
    let removed = if files == 0 {
        String::new()
    } else {
        format!("; removed {total} from {files} file(s)")
    };
    format!(
        "guidepost: {verb} {} pages, {} sections ({} files) in {:.2} s, {} warning(s){removed}{place}",
        report.pages,
        report.sections,
        report.files,
        report.elapsed.as_secs_f64(),
        report.warnings.len()
    )
}

/// A progress bar that appears only on a terminal and only once a build has run for a second.
struct TerminalProgress {
    bar: ProgressBar,
    started: Instant,
    on_terminal: bool,
    verbose: bool,
    stage: Mutex<Option<(&'static str, Instant)>>,
}

impl TerminalProgress {
    fn new(verbose: bool) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg:20} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self {
            bar,
            started: Instant::now(),
            on_terminal: std::io::stderr().is_terminal(),
            verbose,
            stage: Mutex::new(None),
        }
    }

    fn end_stage(&self) {
        if let Ok(mut stage) = self.stage.lock()
            && let Some((name, since)) = stage.take()
            && self.verbose
        {
            self.bar
                .suspend(|| eprintln!("  {name}: {:.3} s", since.elapsed().as_secs_f64()));
        }
    }

    fn finish(&self) {
        self.end_stage();
        self.bar.finish_and_clear();
    }

    fn reveal_when_slow(&self) {
        if self.on_terminal
            && self.bar.is_hidden()
            && self.started.elapsed() > Duration::from_secs(1)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

impl Progress for TerminalProgress {
    fn stage(&self, name: &'static str, total: usize) {
        self.end_stage();
        if let Ok(mut stage) = self.stage.lock() {
            *stage = Some((name, Instant::now()));
        }
        self.bar.set_message(name);
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.reveal_when_slow();
    }

    fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
        self.reveal_when_slow();
    }

    fn note(&self, message: &str) {
        self.bar.suspend(|| eprintln!("{message}"));
    }
}

/// Serve's messages, printed on stderr as they come.
struct StderrReporter;

impl guidepost::reporter::Reporter for StderrReporter {
    fn say(&self, message: &str) {
        eprintln!("{message}");
    }
}

/// `guidepost import`: errors on stderr, the report on stdout.
fn run_import(args: ImportArgs) -> ExitCode {
    let options = guidepost::import::ImportOptions {
        input: args.input,
        root: args.root,
        into: args.into,
        force: args.force,
        dry_run: args.dry_run,
    };
    match guidepost::import::import(&options) {
        Ok(run) => {
            let styled = std::io::stderr().is_terminal();
            for d in run.diagnostics() {
                eprintln!("{}\n", d.render(styled));
            }
            print!("{}", run.render());
            ExitCode::from(run.exit_code())
        }
        Err(error) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}
