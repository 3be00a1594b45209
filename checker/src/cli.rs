//! The command line: flags, their help text and the exit codes `--help` documents.

use clap::Parser;
use guidepost_check::link::DEFAULT_SITE_URL;

const AFTER_HELP: &str = "\
Exit codes:
  0  every check is ok
  1  at least one check needs attention, shows a problem, or could not be read
  2  the checker could not run: not Windows (every check is unknown), or bad arguments
  3  on Windows, but Windows answered none of the checks (every check is unknown)

It reads only this PC's own state (registry, WMI, account and token information) and sends
nothing over the network. It never reads your product key, only the last 5 characters
Windows shows, and it masks your Microsoft account address (j***@outlook.com).

On anything but Windows it prints a report in which every check is unknown with the reason
\"this check needs Windows\", and exits with 2.

--site defaults to the GUIDEPOST_SITE_URL environment variable at build time, or
http://127.0.0.1:1111/ (the local preview server) when it was not set.";

/// What `--version` prints: the version and the site this build was made for.
pub(crate) fn version_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| format!("{} (for {DEFAULT_SITE_URL})", guidepost_check::VERSION))
}

/// Reads this PC's Windows activation and account state for the Guidepost help site.
#[derive(Debug, Parser)]
#[command(name = "guidepost-check", version = version_text(), after_help = AFTER_HELP)]
pub(crate) struct Cli {
    /// Print the report as JSON instead of a table.
    #[arg(long, conflicts_with_all = ["link", "open"])]
    pub(crate) json: bool,

    /// Print the site address with your report in its #report= fragment (the browser keeps
    /// the fragment on this PC; it is never sent to the server).
    #[arg(long)]
    pub(crate) link: bool,

    /// Open that address in your default browser (also prints it).
    #[arg(long)]
    pub(crate) open: bool,

    /// The help site's address [default: GUIDEPOST_SITE_URL at build time, else
    /// http://127.0.0.1:1111/].
    #[arg(long, value_name = "URL", default_value = DEFAULT_SITE_URL, hide_default_value = true)]
    pub(crate) site: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn json_excludes_link_and_open() {
        assert!(Cli::try_parse_from(["g", "--json", "--link"]).is_err());
        assert!(Cli::try_parse_from(["g", "--json", "--open"]).is_err());
        let cli = Cli::try_parse_from(["g", "--link", "--open", "--site", "https://x/"]).unwrap();
        assert!(cli.link && cli.open && !cli.json);
        assert_eq!(cli.site, "https://x/");
        assert_eq!(Cli::try_parse_from(["g"]).unwrap().site, DEFAULT_SITE_URL);
    }

    #[test]
    fn help_documents_exit_codes_and_site_default() {
        let help = Cli::command().render_long_help().to_string();
        for needle in [
            "Exit codes:",
            "2  the checker could not run",
            "GUIDEPOST_SITE_URL",
            "--json",
            "--link",
            "--open",
            "--site <URL>",
            "--version",
        ] {
            assert!(help.contains(needle), "help lacks {needle}:\n{help}");
        }
    }
}
