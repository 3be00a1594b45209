//! Runs the real Windows build of the checker under Debian's Wine and reads its report back
//! with the crate's own types.
//!
//! Wine lacks much of what the checker reads (most `SoftwareLicensingProduct` properties,
//! `NetUserGetInfo` level 24, `NetGetAadJoinInformation`), which is exactly what this test
//! wants: those checks must come back `unknown` with a reason while the others still work,
//! and the whole run must finish well within its timeouts.
//!
//! Needs the .exe readers download, `target/guidepost-checker/x86_64-pc-windows-gnu/
//! guidepost-check.exe` (built by `guidepost bundle-checker`, which `scripts/test.sh` runs
//! first, with the size-optimized `checker` profile), `wine` or `wine64`, and
//! `x86_64-w64-mingw32-gcc`. When one is missing
//! the test fails if `CI` is set (CI must run it) and otherwise prints a notice and passes.
//!
//! Rust's std imports `ProcessPrng` from `bcryptprimitives.dll`, which Wine 8 lacks, so the
//! test builds `tests/wine/bcryptprimitives.c` into a stand-in DLL and puts it beside a copy
//! of the .exe in a temporary directory, never beside the real build.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use guidepost_check::report::{CheckId, Report, SCHEMA_VERSION, Status};

/// The longest the checker may take under Wine.
const RUN_LIMIT: Duration = Duration::from_secs(60);
/// Creating a fresh Wine prefix takes a while on a busy machine.
const SETUP_LIMIT: Duration = Duration::from_secs(240);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("checker/ has a parent")
        .to_path_buf()
}

/// `CARGO_TARGET_DIR` when set at run time (relative to the workspace root), else `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// `wine` or `wine64` on PATH, or Debian's `wine64` package location.
fn find_wine() -> Option<PathBuf> {
    on_path("wine").or_else(|| on_path("wine64")).or_else(|| {
        ["/usr/lib/wine/wine64", "/usr/lib/wine/wine"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
    })
}

fn find_wineserver(wine: &Path) -> Option<PathBuf> {
    let beside = wine.parent().map(|dir| dir.join("wineserver"));
    beside
        .filter(|p| p.is_file())
        .or_else(|| on_path("wineserver"))
        .or_else(|| Some(PathBuf::from("/usr/lib/wine/wineserver")).filter(|p| p.is_file()))
}

/// Writes to the real stderr, past the test harness's capture, so CI logs show it.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Fails under CI, otherwise explains and lets the test pass.
fn missing(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("wine test cannot run: {what}. CI must run it: call .ci/checker.sh first");
    }
    say(&format!(
        "notice: skipping the wine test: {what} (run .ci/checker.sh to set it up)"
    ));
}

/// Runs `command` to completion, killing it after `limit`.
fn run(command: &mut Command, limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {command:?}: {e}"));
    // Read the pipes on threads so a chatty child cannot block on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).ok();
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buf).ok();
        buf
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let elapsed = started.elapsed();
    let output = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (output, elapsed)
}

/// Stops the prefix's wineserver when the test ends, pass or fail.
struct WineServer {
    wineserver: Option<PathBuf>,
    prefix: PathBuf,
}

impl Drop for WineServer {
    fn drop(&mut self) {
        if let Some(wineserver) = &self.wineserver {
            let _ = Command::new(wineserver)
                .arg("-k")
                .env("WINEPREFIX", &self.prefix)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

fn looks_like_full_product_key(text: &str) -> bool {
    // Five groups of five letters or digits joined by dashes.
    text.as_bytes().windows(29).any(|w| {
        w.iter().enumerate().all(|(i, b)| {
            if i % 6 == 5 {
                *b == b'-'
            } else {
                b.is_ascii_alphanumeric()
            }
        })
    })
}

#[test]
fn full_key_detector_works() {
    assert!(looks_like_full_product_key(
        "key VK7JG-NPHTM-C97JM-9MPGT-3V66T here"
    ));
    assert!(!looks_like_full_product_key(
        "3V66T (last 5 characters of the key)"
    ));
}

#[test]
fn windows_build_runs_under_wine() {
    let exe = target_dir().join("guidepost-checker/x86_64-pc-windows-gnu/guidepost-check.exe");
    if !exe.is_file() {
        return missing(&format!("{} does not exist", exe.display()));
    }
    let Some(wine) = find_wine() else {
        return missing("wine is not installed (Debian package wine64)");
    };
    let Some(gcc) = on_path("x86_64-w64-mingw32-gcc") else {
        return missing("x86_64-w64-mingw32-gcc is not installed (gcc-mingw-w64-x86-64)");
    };
    let size = std::fs::metadata(&exe).unwrap().len();
    say(&format!(
        "guidepost-check.exe: {size} bytes ({:.2} MiB)",
        size as f64 / 1048576.0
    ));

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("guidepost-check.exe");
    std::fs::copy(&exe, &copy).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wine/bcryptprimitives.c");
    let (built, _) = run(
        Command::new(&gcc)
            .args(["-shared", "-O2", "-o"])
            .arg(dir.path().join("bcryptprimitives.dll"))
            .arg(&source)
            .arg("-ladvapi32"),
        Duration::from_secs(120),
    );
    assert!(
        built.status.success(),
        "building the bcryptprimitives stand-in failed: {}",
        String::from_utf8_lossy(&built.stderr)
    );

    let prefix = dir.path().join("prefix");
    let _server = WineServer {
        wineserver: find_wineserver(&wine),
        prefix: prefix.clone(),
    };
    let wine_command = |args: &[&str]| {
        let mut command = Command::new(&wine);
        command
            .args(args)
            .current_dir(dir.path())
            .env("WINEPREFIX", &prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        command
    };

    // A fresh prefix reports Windows 7. The Version value makes Wine's version APIs say
    // Windows 10; `winecfg /v` also rewrites the registry's CurrentVersion values, which are
    // what the os check reads.
    let setup_started = Instant::now();
    for args in [
        &[
            "reg",
            "add",
            r"HKCU\Software\Wine",
            "/v",
            "Version",
            "/d",
            "win10",
            "/f",
        ][..],
        &["winecfg", "/v", "win10"][..],
    ] {
        let (output, _) = run(&mut wine_command(args), SETUP_LIMIT);
        assert!(
            output.status.success(),
            "wine {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    say(&format!(
        "wine prefix set up in {:.1} s",
        setup_started.elapsed().as_secs_f64()
    ));

    let exe_arg = copy.to_str().unwrap().to_owned();
    let (output, elapsed) = run(&mut wine_command(&[&exe_arg, "--json"]), RUN_LIMIT);
    say(&format!(
        "guidepost-check.exe --json under wine: {:.2} s",
        elapsed.as_secs_f64()
    ));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(elapsed < RUN_LIMIT, "the run took {elapsed:?}");

    let report = Report::from_json(&stdout)
        .unwrap_or_else(|e| panic!("not a report ({e}).\nstdout:\n{stdout}\nstderr:\n{stderr}"));
    eprintln!("{}", report.to_json_pretty());
    assert_eq!(
        output.status.code(),
        Some(1),
        "some checks are unknown under Wine, so the exit code is 1; stderr: {stderr}"
    );
    assert_eq!(report.schema, SCHEMA_VERSION);
    assert_eq!(report.checker.os, "windows");
    assert_eq!(report.checker.version, env!("CARGO_PKG_VERSION"));
    let ids: Vec<CheckId> = report.checks.iter().map(|c| c.id).collect();
    assert_eq!(ids, CheckId::ALL);
    for check in &report.checks {
        let outcome = guidepost_check::report::find_outcome(check.id, &check.outcome)
            .unwrap_or_else(|| {
                panic!(
                    "{} has outcome {} outside the catalog",
                    check.id, check.outcome
                )
            });
        assert_eq!(outcome.status, check.status, "{}", check.id);
        assert_ne!(check.outcome, "not-windows", "{}", check.id);
        assert!(!check.summary.is_empty() && !check.summary.contains('\n'));
        if check.status == Status::Unknown {
            let reason = check.reason_unknown.as_deref().unwrap_or_default();
            assert!(
                !reason.is_empty(),
                "{} is unknown without a reason",
                check.id
            );
            assert_ne!(reason, "this check needs Windows");
        } else {
            assert_eq!(check.reason_unknown, None, "{}", check.id);
        }
    }

    // The registry works under Wine, and win10 was applied: the release comes from
    // CurrentBuild. Wine's registry has no EditionID, and without one `ok` would claim more
    // than is known (Windows Server shares the build numbers).
    let os = report.check(CheckId::Os).unwrap();
    let fact = |check: &guidepost_check::report::Check, key: &str| {
        check
            .facts
            .get(key)
            .map(|f| f.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(fact(os, "windows"), "Windows 10", "{os:?}");
    if fact(os, "edition").starts_with("Not recorded") {
        assert_eq!(os.status, Status::Unknown, "{os:?}");
    }

    // Wine's SoftwareLicensingProduct has LicenseStatus and LicenseIsAddon only.
    let activation = report.check(CheckId::Activation).unwrap();
    assert_eq!(activation.status, Status::Unknown, "{activation:?}");
    let reason = activation.reason_unknown.as_deref().unwrap();
    assert!(reason.contains("ApplicationID"), "{reason}");

    // Wine 8 has no NetUserGetInfo level 24 and no NetGetAadJoinInformation.
    let account = report.check(CheckId::Account).unwrap();
    assert_eq!(account.status, Status::Unknown, "{account:?}");
    assert!(
        account
            .reason_unknown
            .as_deref()
            .unwrap()
            .contains("NetUserGetInfo")
    );
    let entra = fact(account, "work_or_school");
    assert!(entra.contains("NetGetAadJoinInformation"), "{entra}");

    // The token APIs work under Wine.
    let admin = report.check(CheckId::Admin).unwrap();
    assert_ne!(admin.status, Status::Unknown, "{admin:?}");

    // Inference cannot go beyond what was read.
    let linked = report.check(CheckId::Linked).unwrap();
    assert_eq!(linked.status, Status::Unknown, "{linked:?}");
    assert!(
        linked
            .reason_unknown
            .as_deref()
            .unwrap()
            .contains("Settings > ")
    );

    assert!(!looks_like_full_product_key(&stdout));
}

/// `text` as the UTF-16LE bytes Windows resources hold.
fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[test]
fn the_download_carries_its_version_info_and_manifest() {
    let exe = target_dir().join("guidepost-checker/x86_64-pc-windows-gnu/guidepost-check.exe");
    if !exe.is_file() {
        return missing(&format!("{} does not exist", exe.display()));
    }
    let bytes = std::fs::read(&exe).unwrap();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    // The version-info resource Explorer's Properties and SmartScreen read.
    for text in [
        "VS_VERSION_INFO",
        "ProductName",
        "guidepost-check",
        "FileVersion",
        env!("CARGO_PKG_VERSION"),
    ] {
        assert!(has(&utf16(text)), "no {text:?} in the version info");
    }
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(exe.with_file_name("guidepost-check.json")).unwrap())
            .unwrap();
    let site = info["site"].as_str().unwrap();
    assert!(
        has(&utf16(&format!("Made for {site}"))),
        "the version info names {site}"
    );
    // The application manifest: no elevation prompt, Windows 10/11, UTF-8.
    for text in [
        "requestedExecutionLevel level=\"asInvoker\"",
        "{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}",
        "<activeCodePage xmlns=\"http://schemas.microsoft.com/SMI/2019/WindowsSettings\">UTF-8",
    ] {
        assert!(has(text.as_bytes()), "no {text:?} in the manifest");
    }
}
