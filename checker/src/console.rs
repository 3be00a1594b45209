//! Keeps the window open when the checker was started by double-clicking it.
//!
//! Explorer gives a double-clicked console program its own console, which closes the moment
//! the program ends, before anyone can read the table. When this process is the only one
//! attached to its console and both ends are a terminal, the checker waits for Enter.

use std::io::{BufRead, IsTerminal, Write};

/// Waits for Enter if this process owns a console window nobody else shares (Windows only).
pub fn pause_if_own_window() {
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !interactive || !own_window() {
        return;
    }
    print!("\nPress Enter to close this window.");
    let _ = std::io::stdout().flush();
    let _ = std::io::stdin().lock().read_line(&mut String::new());
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
