//! The checker downloads: which guidepost-check builds the site offers, their SHA-256 and size,
//! and `bundle-checker`, which cross-builds them.
//!
//! A reader runs this program with their own account's rights, so the site must say exactly
//! what it serves: the hash and size shown on the downloads page are computed from the very
//! bytes copied into `/downloads/`. A build that is missing is a warning and the page says so;
//! it never links to a file that is not there. The warning says where the reader learns it is
//! missing, which is known only after the widgets are expanded.
//!
//! The binary must also point at this site: the checker compiles the site's address in as its
//! default `--site`, and a reader's `--open` and help links go there. `bundle-checker` builds
//! into its own folder (`<target_dir>/guidepost-checker/<target>/`, which no plain
//! `cargo build` writes) and records beside each binary the site and version it was built for
//! (`guidepost-check.json`); `build` refuses a binary made for another site, or with no such
//! record, naming both addresses and the command that rebuilds it.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::{CheckerBuild, Config};
use crate::diagnostic::Diagnostic;
use crate::fs_util;
use crate::model::CopiedFile;

/// Where the JSON Schema of the checker's report is published.
pub const SCHEMA_PATH: &str = "/downloads/report.schema.json";

/// The site path of the downloads page.
pub const PAGE_PATH: &str = "/downloads/";

/// The cargo profile `bundle-checker` builds with (root `Cargo.toml`: size-optimized).
pub const PROFILE: &str = "checker";

/// The file beside each bundled binary saying what it was built for.
pub const BUNDLE_INFO: &str = "guidepost-check.json";

/// What `bundle-checker` records beside a binary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleInfo {
    /// The site address compiled in as the default `--site`.
    pub site: String,
    /// The checker's version.
    pub version: String,
    /// The Rust target triple.
    pub target: String,
}

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
                if let Some(problem) = bundle_problem(&source, target, config) {
                    problems.push(problem);
                    downloads.push(download);
                    continue;
                }
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

/// Why the binary at `source` must not be published for this site, if it must not: it has no
/// record of what it was built for, or it was built for another site. A build for another
/// site is only a warning when this site's address is the local machine's (a preview that is
/// never published).
fn bundle_problem(source: &Path, target: &str, config: &Config) -> Option<Diagnostic> {
    let info_path = source.with_file_name(BUNDLE_INFO);
    let rebuild = "run `cargo run -- bundle-checker` (or `guidepost bundle-checker`) to build it \
                   for this site";
    let info = fs_util::read(&info_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<BundleInfo>(&bytes).ok());
    let Some(info) = info else {
        return Some(
            Diagnostic::error(
                "site.yaml",
                0,
                0,
                format!(
                    "checker.targets: {} has no readable {BUNDLE_INFO} beside it, so the site \
                     it was built for is unknown; it is not published",
                    source.display()
                ),
            )
            .with_hint(rebuild),
        );
    };
    let site = config.base_url();
    if info.site == site && info.target == target {
        return None;
    }
    let message = format!(
        "checker.targets: the guidepost-check build for {target} at {} was made for {} \
         ({}), but this site is {site}; readers' links would go to the wrong site",
        source.display(),
        info.site,
        info.target
    );
    Some(if is_local(&site) {
        Diagnostic::warning("site.yaml", 0, 0, message).with_hint(rebuild)
    } else {
        Diagnostic::error("site.yaml", 0, 0, message).with_hint(rebuild)
    })
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

/// Whether the bundled binary for `target` is there and was built for this site and checker
/// version.
fn bundle_is_current(root: &Path, config: &Config, target: &str) -> bool {
    let binary = binary_path(root, config, target);
    let info = fs_util::read(&binary.with_file_name(BUNDLE_INFO))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<BundleInfo>(&bytes).ok());
    binary.is_file()
        && info.is_some_and(|info| {
            info.site == config.base_url()
                && info.version == guidepost_check::VERSION
                && info.target == target
        })
}

/// What is missing to cross-build for `target` here, as the one line that says how to get
/// it; `None` when the Rust target (and, for `*-windows-gnu`, the MinGW linker) is installed.
fn missing_toolchain(target: &str) -> Option<String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .is_some_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == target)
        });
    let linker = target
        .strip_suffix("-pc-windows-gnu")
        .map(|arch| format!("{arch}-w64-mingw32-gcc"));
    let has_linker = linker.as_ref().is_none_or(|gcc| {
        Command::new(gcc)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    (!installed || !has_linker).then(|| {
        format!(
            "the guidepost-check download for {target} needs the Rust target and its linker \
             (`rustup target add {target}`{}); `bash scripts/setup.sh` installs them",
            linker
                .map(|gcc| format!(" and {gcc}, Debian package gcc-mingw-w64-x86-64"))
                .unwrap_or_default()
        )
    })
}

/// Before a build that publishes the site: cross-builds every configured checker whose
/// bundled binary is missing or out of date (another site or version), when `checker.build`
/// is `auto` and the site is not a local preview. A missing toolchain is one warning per target
/// saying what installs it; a failed build is an error.
pub fn build_outdated(root: &Path, config: &Config, say: &dyn Fn(&str)) -> Vec<Diagnostic> {
    if config.checker.build == CheckerBuild::Manual || is_local(&config.base_url()) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for target in &config.checker.targets {
        if bundle_is_current(root, config, target) {
            continue;
        }
        if let Some(missing) = missing_toolchain(target) {
            problems.push(Diagnostic::warning("site.yaml", 0, 0, missing));
            continue;
        }
        let only_this = Config {
            checker: crate::config::CheckerConfig {
                targets: vec![target.clone()],
                ..config.checker.clone()
            },
            ..config.clone()
        };
        if let Err(e) = bundle_checker(root, &only_this, say) {
            problems.push(Diagnostic::error("site.yaml", 0, 0, e.to_string()));
        }
    }
    problems
}

/// Whether a site address is this machine's (a preview that is never published).
fn is_local(site: &str) -> bool {
    url::Url::parse(site)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .is_some_and(|host| host == "localhost" || host == "127.0.0.1" || host == "[::1]")
}

/// Why `bundle-checker` (or `build` running it for `checker.build: auto`) built no checker.
#[derive(Debug, thiserror::Error)]
pub enum BundleCheckerError {
    /// `site.yaml` names no target to build for.
    #[error(
        "site.yaml names no checker targets: add `checker: {{ targets: [x86_64-pc-windows-gnu] }}`"
    )]
    NoTargets,
    /// Cargo could not be started.
    #[error("could not run cargo: {0}")]
    Cargo(#[source] std::io::Error),
    /// Cargo ran and failed.
    #[error(
        "cargo build for {target} failed ({status}); for a Windows target install it with \
         `rustup target add {target}` and the MinGW linker (Debian: gcc-mingw-w64-x86-64), \
         or run `bash scripts/setup.sh`"
    )]
    CargoFailed {
        /// The target built for.
        target: String,
        /// How cargo exited.
        status: ExitStatus,
    },
    /// The record of what the binary was built for could not be written as JSON.
    #[error("could not write the bundle record: {0}")]
    Record(#[source] serde_json::Error),
    /// Copying the binary or writing its record failed.
    #[error(transparent)]
    Io(#[from] fs_util::IoError),
    /// `checker.sign_command` is an empty list.
    #[error("checker.sign_command is empty")]
    EmptySignCommand,
    /// The signing program could not be started.
    #[error("checker.sign_command: could not run {program}: {source}")]
    SignRun {
        /// The program named first in `checker.sign_command`.
        program: String,
        /// Why it could not be started.
        source: std::io::Error,
    },
    /// The signing program failed.
    #[error("checker.sign_command failed ({status}) signing {}", input.display())]
    SignFailed {
        /// The binary it was to sign.
        input: PathBuf,
        /// How it exited.
        status: ExitStatus,
    },
    /// The signing program succeeded, yet its output carries no signature.
    #[error(
        "checker.sign_command ran, but {} carries no signature; does the command write \
         {{output}}?",
        output.display()
    )]
    Unsigned {
        /// The file the command was to write.
        output: PathBuf,
    },
}

/// Builds guidepost-check for every configured target with `cargo build --profile checker`,
/// the site's base URL compiled in as the default `--site`, and copies each binary with its
/// [`BundleInfo`] into the bundle folder `build` publishes from. Returns the binaries.
/// Each target's start is told to `say`.
pub fn bundle_checker(
    root: &Path,
    config: &Config,
    say: &dyn Fn(&str),
) -> Result<Vec<PathBuf>, BundleCheckerError> {
    if config.checker.targets.is_empty() {
        return Err(BundleCheckerError::NoTargets);
    }
    let target_dir = root.join(&config.checker.target_dir);
    let mut built = Vec::new();
    for target in &config.checker.targets {
        say(&format!(
            "bundle-checker: building guidepost-check for {target}"
        ));
        let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args([
                "build",
                "--profile",
                PROFILE,
                "--package",
                "guidepost-check",
                "--target",
                target,
            ])
            .arg("--target-dir")
            .arg(&target_dir)
            .env("GUIDEPOST_SITE_URL", config.base_url())
            .current_dir(root)
            .status()
            .map_err(BundleCheckerError::Cargo)?;
        if !status.success() {
            return Err(BundleCheckerError::CargoFailed {
                target: target.clone(),
                status,
            });
        }
        let exe = format!("guidepost-check{}", exe_suffix(target));
        let cargo_output = target_dir.join(target).join(PROFILE).join(&exe);
        let bundled = binary_path(root, config, target);
        let info = BundleInfo {
            site: config.base_url(),
            version: guidepost_check::VERSION.to_owned(),
            target: target.clone(),
        };
        let info_json = serde_json::to_string_pretty(&info).map_err(BundleCheckerError::Record)?;
        if config.checker.sign_command.is_empty() {
            let bytes = fs_util::read(&cargo_output)?;
            fs_util::write(&bundled, &bytes)?;
        } else {
            sign_binary(root, config, &cargo_output, &bundled)?;
        }
        fs_util::write(&bundled.with_file_name(BUNDLE_INFO), info_json.as_bytes())?;
        built.push(bundled);
    }
    Ok(built)
}

/// Runs `checker.sign_command` (in the site root) to sign `input` into `output`, and checks
/// that `output` then carries a signature.
pub fn sign_binary(
    root: &Path,
    config: &Config,
    input: &Path,
    output: &Path,
) -> Result<(), BundleCheckerError> {
    let [program, args @ ..] = config.checker.sign_command.as_slice() else {
        return Err(BundleCheckerError::EmptySignCommand);
    };
    if let Some(parent) = output.parent() {
        fs_util::create_dir_all(parent)?;
    }
    let _ = std::fs::remove_file(output);
    let fill = |arg: &String| {
        arg.replace("{input}", &input.to_string_lossy())
            .replace("{output}", &output.to_string_lossy())
    };
    let status = Command::new(program)
        .args(args.iter().map(fill))
        .current_dir(root)
        .status()
        .map_err(|source| BundleCheckerError::SignRun {
            program: program.clone(),
            source,
        })?;
    if !status.success() {
        return Err(BundleCheckerError::SignFailed {
            input: input.to_path_buf(),
            status,
        });
    }
    let signed = fs_util::read(output)?;
    if !has_signature(&signed) {
        return Err(BundleCheckerError::Unsigned {
            output: output.to_path_buf(),
        });
    }
    Ok(())
}

/// Where `bundle-checker` puts the checker built for `target`, and `build` finds it.
fn binary_path(root: &Path, config: &Config, target: &str) -> PathBuf {
    root.join(&config.checker.target_dir)
        .join("guidepost-checker")
        .join(target)
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
