//! `--open`: hands the report URL to the default browser. The checker itself does no
//! network I/O; the browser fetches the page.
//!
//! On Windows this is `ShellExecuteW` with the "open" verb, which takes the URL as one
//! argument (unlike `cmd /C start`, where `&` would split the command). `ShellExecuteW`
//! copies a URL into a buffer of `INTERNET_MAX_URL_LENGTH` (2083) characters, and a report
//! link is usually longer, so a long URL goes through a small local page instead
//! ([`redirect_page`], written to the temp directory), which the browser opens and which
//! moves on to the real URL at once. That page holds the report, so it does not stay: the
//! checker removes it [`PAGE_LIFETIME`] after opening it, and any run removes one left over.

use std::path::PathBuf;
use std::process::ExitStatus;
use std::time::Duration;

/// How `--open` reached the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The URL was handed over as it is.
    Directly,
    /// Through the local redirect page, which should be removed once the browser read it.
    ThroughPage,
}

/// Why the browser was not opened; the caller prints the URL instead.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The URL is not an `http://` or `https://` one.
    #[error("refusing to open {url:?}: only http:// and https:// URLs")]
    NotWeb {
        /// The URL refused.
        url: String,
    },
    /// The local redirect page could not be written (Windows).
    #[error("could not write {}: {source}", path.display())]
    Page {
        /// The page's path in the temp directory.
        path: PathBuf,
        /// Why writing it failed.
        source: std::io::Error,
    },
    /// No program is set to open web pages (Windows).
    #[error("no program is set to open web pages (ShellExecuteW code 31)")]
    NoBrowser,
    /// `ShellExecuteW` failed otherwise (Windows).
    #[error("ShellExecuteW failed with code {code}")]
    Shell {
        /// Its return value (32 or less).
        code: isize,
    },
    /// The program that opens URLs (`open`, `xdg-open`) could not be run.
    #[error("could not run {opener}: {source}")]
    Run {
        /// The program.
        opener: &'static str,
        /// Why it could not be run.
        source: std::io::Error,
    },
    /// The program that opens URLs failed.
    #[error("{opener} failed ({status})")]
    Failed {
        /// The program.
        opener: &'static str,
        /// How it exited.
        status: ExitStatus,
    },
}

/// How long the redirect page stays for the browser to read it.
pub const PAGE_LIFETIME: Duration = Duration::from_secs(15);

/// Removes the redirect page if one is there (it holds a report).
pub fn remove_redirect_page() {
    let _ = std::fs::remove_file(std::env::temp_dir().join(REDIRECT_FILE));
}

/// Opens `url` (which must be `http://` or `https://`, so a bad `--site` can never start a
/// program) in the default browser.
pub fn open_in_browser(url: &str) -> Result<Opened, OpenError> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(OpenError::NotWeb {
            url: url.to_owned(),
        });
    }
    platform::open(url)
}

/// The longest URL handed to `ShellExecuteW` directly (below `INTERNET_MAX_URL_LENGTH`).
pub const SHELL_URL_LIMIT: usize = 2048;

/// The file name of the local redirect page in the temp directory (overwritten each time).
pub const REDIRECT_FILE: &str = "guidepost-check-report.html";

/// A tiny HTML page that sends the browser on to `url` (and links to it, should scripts be
/// off). `url` is escaped for both the script and the attribute.
pub fn redirect_page(url: &str) -> String {
    let script_url = serde_json::to_string(url)
        .expect("a string serializes")
        .replace("</", "<\\/");
    let attribute_url = url
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!doctype html>\n<meta charset=\"utf-8\">\n<title>guidepost-check</title>\n\
         <script>location.replace({script_url});</script>\n\
         <p><a href=\"{attribute_url}\">Open your status on the Guidepost site</a></p>\n"
    )
}

#[cfg(windows)]
mod platform {
    use ::windows::Win32::System::Com::{
        COINIT_APARTMENTTHREADED, COINIT_DISABLE_OLE1DDE, CoInitializeEx,
    };
    use ::windows::Win32::UI::Shell::ShellExecuteW;
    use ::windows::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;
    use ::windows::core::{HSTRING, PCWSTR, w};

    use super::OpenError;

    pub(super) fn open(url: &str) -> Result<super::Opened, OpenError> {
        if url.len() <= super::SHELL_URL_LIMIT {
            return shell_open(url).map(|()| super::Opened::Directly);
        }
        let page = std::env::temp_dir().join(super::REDIRECT_FILE);
        if let Err(source) = std::fs::write(&page, super::redirect_page(url)) {
            return Err(OpenError::Page { path: page, source });
        }
        let opened = shell_open(&page.to_string_lossy());
        if opened.is_err() {
            super::remove_redirect_page();
        }
        opened.map(|()| super::Opened::ThroughPage)
    }

    fn shell_open(target: &str) -> Result<(), OpenError> {
        let target = HSTRING::from(target);
        // SAFETY: plain Win32 calls with valid, NUL-terminated strings that outlive them.
        // ShellExecute may use COM shell extensions, so COM is initialized first (an error
        // only means it already was, in another mode, which ShellExecute copes with).
        let result = unsafe {
            let _ = CoInitializeEx(None, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
            ShellExecuteW(
                None,
                w!("open"),
                &target,
                PCWSTR::null(),
                PCWSTR::null(),
                SW_SHOWNORMAL,
            )
        };
        // ShellExecuteW returns a value greater than 32 on success.
        let code = result.0 as isize;
        match code {
            33.. => Ok(()),
            31 => Err(OpenError::NoBrowser),
            _ => Err(OpenError::Shell { code }),
        }
    }
}

#[cfg(not(windows))]
mod platform {
    use std::process::Command;

    use super::OpenError;

    pub(super) fn open(url: &str) -> Result<super::Opened, OpenError> {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        match Command::new(opener).arg(url).status() {
            Ok(status) if status.success() => Ok(super::Opened::Directly),
            Ok(status) => Err(OpenError::Failed { opener, status }),
            Err(source) => Err(OpenError::Run { opener, source }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_opened() {
        for bad in [
            "C:\\Windows\\System32\\calc.exe",
            "file:///etc/passwd",
            "calc",
            "",
        ] {
            let err = open_in_browser(bad).unwrap_err();
            assert!(matches!(err, OpenError::NotWeb { .. }), "{err:?}");
            assert!(err.to_string().contains("only http"), "{err}");
        }
    }

    #[test]
    fn a_left_over_redirect_page_is_removed() {
        let page = std::env::temp_dir().join(REDIRECT_FILE);
        std::fs::write(&page, redirect_page("https://x.example/#report=eyJ9")).unwrap();
        remove_redirect_page();
        assert!(!page.exists());
        remove_redirect_page(); // nothing there: no error
    }

    #[test]
    fn the_redirect_page_escapes_the_url() {
        let url = "https://x.example/a?b=1&c=\"</script><b>#report=eyJ9";
        let page = redirect_page(url);
        assert!(
            page.contains(
                r#"location.replace("https://x.example/a?b=1&c=\"<\/script><b>#report=eyJ9");"#
            ),
            "{page}"
        );
        assert!(
            page.contains(
                r#"href="https://x.example/a?b=1&amp;c=&quot;&lt;/script&gt;&lt;b&gt;#report=eyJ9""#
            ),
            "{page}"
        );
        assert_eq!(page.matches("</script>").count(), 1, "{page}");
    }
}
