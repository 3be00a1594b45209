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

    let mut stdout = std::io::stdout().lock();
    if cli.json {
        let _ = writeln!(stdout, "{}", report.to_json_pretty());
    } else if cli.link || cli.open {
        let url = link::report_url(&cli.site, &report);
        let _ = writeln!(stdout, "{url}");
        if cli.open {
            if let Err(e) = open::open_in_browser(&url) {
                eprintln!("guidepost-check: could not open the browser: {e}");
                eprintln!("Copy the address above into your browser instead.");
            }
        }
    } else {
        drop(stdout);
        let mut styled = anstream::stdout();
        let _ = write!(styled, "{}", render::table(&report, &cli.site));
        let _ = styled.flush();
        console::pause_if_own_window();
    }
    ExitCode::from(code)
}
