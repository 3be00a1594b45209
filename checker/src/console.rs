//! What happens after the table when the checker was started by double-clicking it.
//!
//! Explorer gives a double-clicked console program a console of its own, which closes the
//! moment the program ends, before anyone can read the table. When this process is the only
//! one attached to its console and both ends are a terminal, the checker asks what to do next:
//! see the results on the help site (what `--open` does), or close the window.

use std::io::{BufRead, IsTerminal, Write};

/// The question asked after the table in a window of the checker's own.
pub const PROMPT: &str = "Press O then Enter to see this on the help site, or Enter to close.";

/// What the reader chose after the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Open the results on the help site.
    Open,
    /// Close the window (or nothing to ask: the checker runs in a terminal).
    Close,
}

/// What a line typed at the prompt means: `o` or `O` (spaces around allowed) opens the site.
pub fn choice(line: &str) -> Choice {
    if line.trim().eq_ignore_ascii_case("o") {
        Choice::Open
    } else {
        Choice::Close
    }
}

/// Asks [`PROMPT`] if this process owns a console window nobody else shares (Windows only);
/// in a terminal of the reader's own it asks nothing and returns [`Choice::Close`].
pub fn ask_if_own_window() -> Choice {
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !interactive || !own_window() {
        return Choice::Close;
    }
    print!("\n{PROMPT} ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    choice(&line)
}

#[cfg(windows)]
fn own_window() -> bool {
    use ::windows::Win32::System::Console::GetConsoleProcessList;
    let mut ids = [0u32; 2];
    // SAFETY: the buffer is valid for its length.
    let count = unsafe { GetConsoleProcessList(&mut ids) };
    count == 1
}

#[cfg(not(windows))]
fn own_window() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_o_opens_the_site() {
        for (typed, expected) in [
            ("o\r\n", Choice::Open),
            ("O\n", Choice::Open),
            ("  o  ", Choice::Open),
            ("\n", Choice::Close),
            ("", Choice::Close),
            ("open\n", Choice::Close),
            ("0\n", Choice::Close),
        ] {
            assert_eq!(choice(typed), expected, "{typed:?}");
        }
        assert!(PROMPT.starts_with("Press O then Enter"));
    }
}
