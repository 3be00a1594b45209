//! The checker downloads: which guidepost-check builds the site offers, their SHA-256 and size,
//! and `bundle-checker`, which cross-builds them.
//!
//! A reader runs this program with their own account's rights, so the site must say exactly
//! what it serves: the hash and size shown on the downloads page are computed from the very
//! bytes copied into `/downloads/`. A build that is missing is a warning and the page says so;
//! it never links to a file that is not there. The warning says where the reader learns it is
//! missing, which is known only after the widgets are expanded.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fs_util;
use crate::model::CopiedFile;

/// Where the JSON Schema of the checker's report is published.
pub const SCHEMA_PATH: &str = "/downloads/report.schema.json";

/// The site path of the downloads page.
pub const PAGE_PATH: &str = "/downloads/";

/// One configured checker build, as the downloads widget shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// The Rust target triple.
    pub target: String,
    /// What it runs on, for people (`Windows 10 and 11, 64-bit`).
    pub label: String,
    /// File name under `/downloads/`.
    pub name: String,
    /// Site path of the file (without the base-URL prefix).
    pub path: String,
    /// Whether the binary was found and is offered.
    pub available: bool,
    /// Size in bytes (0 when not available).
    pub size: u64,
    /// Size for people (`3.1 MB`).
    pub size_label: String,
    /// Lower-case hex SHA-256 of the file (empty when not available).
    pub sha256: String,
    /// The checker's version (this workspace's `guidepost-check` package version).
    pub version: String,
    /// Whether the file carries an Authenticode signature (a certificate table in its PE
    /// header); Windows then names the publisher instead of "Unknown publisher".
    pub signed: bool,
    /// Where the build was looked for, when it is missing (for the warning, not the page).
    #[serde(skip)]
    pub missing_from: Option<PathBuf>,
}

/// The configured builds, with the files to copy and an error for two targets that would share
/// a file name. A missing build is marked, and warned about by [`missing_warnings`] once the
/// widgets tell which pages show it.
pub fn collect(root: &Path, config: &Config) -> (Vec<Download>, Vec<CopiedFile>, Vec<Diagnostic>) {
    let mut downloads = Vec::new();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for target in &config.checker.targets {
        let source = binary_path(root, config, target);
        let name = download_name(target);
        if downloads.iter().any(|d: &Download| d.name == name) {
            problems.push(
                Diagnostic::error(
                    "site.yaml",
                    0,
                    0,
                    format!(
                        "checker.targets: {target} would be served as {name} like another target"
                    ),
                )
                .with_hint("offer one target per architecture and operating system"),
            );
            continue;
        }
        let path = format!("/downloads/{name}");
        let mut download = Download {
            target: target.clone(),
            label: label(target),
            name,
            path: path.clone(),
            available: false,
            size: 0,
            size_label: String::new(),
            sha256: String::new(),
            version: guidepost_check::VERSION.to_owned(),
            signed: false,
            missing_from: None,
        };
        match fs_util::read(&source) {
            Ok(bytes) => {
                download.available = true;
                download.size = bytes.len() as u64;
                download.size_label = size_label(download.size);
                download.sha256 = hex(&Sha256::digest(&bytes));
                download.signed = has_signature(&bytes);
                files.push(CopiedFile { source, path });
            }
            Err(_) => download.missing_from = Some(source),
        }
        downloads.push(download);
    }
    (downloads, files, problems)
}

/// Whether a Windows executable carries an Authenticode signature: its PE optional header's
/// certificate table (data directory 4) is non-empty. Anything that is not a PE file is not
/// signed.
pub fn has_signature(bytes: &[u8]) -> bool {
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let signature_table = || -> Option<u32> {
        if bytes.get(..2)? != b"MZ" {
            return None;
        }
        let pe = u32_at(0x3c)? as usize;
        if bytes.get(pe..pe + 4)? != b"PE\0\0" {
            return None;
        }
        let optional = pe + 24;
        // PE32 (0x10b) keeps its data directories at 96 bytes into the optional header,
        // PE32+ (0x20b) at 112; each entry is an address and a size.
        let directories = match u16_at(optional)? {
            0x10b => optional + 96,
            0x20b => optional + 112,
            _ => return None,
        };
        let count = u32_at(directories - 4)?;
        if count <= 4 {
            return None;
        }
        u32_at(directories + 4 * 8 + 4)
    };
    signature_table().is_some_and(|size| size > 0)
}

/// A warning for each configured build that is missing, saying where that shows: on the
/// pages that show the downloads widget (`shown_on`), or nowhere when none does.
pub fn missing_warnings(downloads: &[Download], shown_on: &[&str]) -> Vec<Diagnostic> {
    let said = match shown_on {
        [] => "no page offers it either (no page shows {{ downloads() }})".to_owned(),
        [page] => format!("{page} says it is not available"),
        pages => format!("{} say it is not available", pages.join(", ")),
    };
    downloads
        .iter()
        .filter_map(|d| {
            let source = d.missing_from.as_ref()?;
            Some(
                Diagnostic::warning(
                    "site.yaml",
                    0,
                    0,
                    format!(
                        "checker.targets: no guidepost-check build for {} at {}; {said}",
                        d.target,
                        source.display()
                    ),
                )
                .with_hint("run `cargo run -- bundle-checker` first, or remove the target"),
            )
        })
        .collect()
}

/// Builds guidepost-check for every configured target with `cargo build --release`, the
/// site's base URL compiled in as the default `--site`. Returns the binaries built.
pub fn bundle_checker(root: &Path, config: &Config) -> Result<Vec<PathBuf>, String> {
    if config.checker.targets.is_empty() {
        return Err(
            "site.yaml names no checker targets: add `checker: { targets: [x86_64-pc-windows-gnu] }`"
                .to_owned(),
        );
    }
    let mut built = Vec::new();
    for target in &config.checker.targets {
        eprintln!("bundle-checker: building guidepost-check for {target}");
        let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args([
                "build",
                "--release",
                "--package",
                "guidepost-check",
                "--target",
                target,
            ])
            .arg("--target-dir")
            .arg(root.join(&config.checker.target_dir))
            .env("GUIDEPOST_SITE_URL", config.base_url())
            .current_dir(root)
            .status()
            .map_err(|e| format!("could not run cargo: {e}"))?;
        if !status.success() {
            return Err(format!(
                "cargo build for {target} failed ({status}); for a Windows target install it with \
                 `rustup target add {target}` and the MinGW linker (Debian: gcc-mingw-w64-x86-64)"
            ));
        }
        built.push(binary_path(root, config, target));
    }
    Ok(built)
}

/// Where cargo puts the checker built for `target`.
fn binary_path(root: &Path, config: &Config, target: &str) -> PathBuf {
    root.join(&config.checker.target_dir)
        .join(target)
        .join("release")
        .join(format!("guidepost-check{}", exe_suffix(target)))
}

fn exe_suffix(target: &str) -> &'static str {
    if target.contains("windows") {
        ".exe"
    } else {
        ""
    }
}

/// `guidepost-check-x64.exe`: short enough for readers to type, one per architecture and OS.
fn download_name(target: &str) -> String {
    let mut parts = target.split('-');
    let arch = match parts.next().unwrap_or("") {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "i686" | "i586" => "x86",
        other => other,
    };
    if target.contains("windows") {
        format!("guidepost-check-{arch}.exe")
    } else {
        let os = parts.nth(1).unwrap_or("unknown");
        format!("guidepost-check-{arch}-{os}")
    }
}

fn label(target: &str) -> String {
    let arch = match target.split('-').next().unwrap_or("") {
        "x86_64" => "64-bit (x64)",
        "aarch64" => "Arm64",
        "i686" | "i586" => "32-bit (x86)",
        other => other,
    };
    let os = if target.contains("windows") {
        "Windows 10 and 11"
    } else if target.contains("linux") {
        "Linux (prints that the checks need Windows)"
    } else {
        target
    };
    format!("{os}, {arch}")
}

fn size_label(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::{download_name, label, size_label};

    #[test]
    fn names_and_labels_follow_the_target() {
        assert_eq!(
            download_name("x86_64-pc-windows-gnu"),
            "guidepost-check-x64.exe"
        );
        assert_eq!(
            download_name("aarch64-pc-windows-msvc"),
            "guidepost-check-arm64.exe"
        );
        assert_eq!(
            download_name("x86_64-unknown-linux-gnu"),
            "guidepost-check-x64-linux"
        );
        assert_eq!(
            label("x86_64-pc-windows-gnu"),
            "Windows 10 and 11, 64-bit (x64)"
        );
        assert_eq!(size_label(3_300_000), "3.1 MB");
        assert_eq!(size_label(1500), "2 KB");
    }
}
