//! `guidepost-check`: prints this PC's activation and account status as a table, JSON, or a
//! link to the Guidepost site with the report in its fragment. See `--help` and README.md.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use guidepost_check::{console, exit, link, open, render, run_checks};

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let report = run_checks();
    let code = exit::for_report(&report);

    // A page an earlier --open left for the browser holds a report: it goes now at the latest.
    open::remove_redirect_page();
    let mut stdout = std::io::stdout().lock();
    if cli.json {
        let _ = writeln!(stdout, "{}", report.to_json_pretty());
    } else if cli.link || cli.open {
        let url = link::report_url(&cli.site, &report);
        let _ = writeln!(stdout, "{url}");
        drop(stdout);
        if cli.open {
            open_site(&url);
        }
    } else {
        drop(stdout);
        let mut styled = anstream::stdout();
        let _ = write!(styled, "{}", render::table(&report, &cli.site));
        let _ = styled.flush();
        if console::ask_if_own_window() == console::Choice::Open {
            println!("Opening the help site in your browser...");
            open_site(&link::report_url(&cli.site, &report));
        }
    }
    ExitCode::from(code)
}

/// Opens the report on the site; a page written for the browser is removed once it has had
/// time to read it.
fn open_site(url: &str) {
    match open::open_in_browser(url) {
        Ok(open::Opened::Directly) => {}
        Ok(open::Opened::ThroughPage) => {
            std::thread::sleep(open::PAGE_LIFETIME);
            open::remove_redirect_page();
        }
        Err(e) => {
            eprintln!("guidepost-check: could not open the browser: {e}");
            eprintln!("Copy this address into your browser instead:\n{url}");
        }
    }
}
