//! The output directory: the `.guidepost-output` marker, the refusals that protect data (exit 2,
//! a message, nothing changed), rebuilding into a marked directory (stale files go away), no
//! temporary directory left after a success or a failure, and the copying of `static/` (nested
//! folders yes, hidden files no) and of content assets.

use std::fs;
use std::path::Path;

use crate::support;
use crate::support::{Site, leftovers, tree};

/// Runs `build --output <output>` and asserts it is refused with `reason`, exit 2, and that
/// nothing in the whole temporary directory changed.
fn assert_refused(site: &Site, output: &str, reason: &str) {
    let before = tree(&site.tmp);
    let run = site.build(&["--output", output]);
    run.expect_code(2);
    let stderr = run.normalized_stderr.trim_end();
    assert!(
        stderr.starts_with("error: refusing to write the site into ")
            && stderr.ends_with(&format!(": {reason}; nothing was changed")),
        "--output {output}: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(run.stdout, "");
    assert_eq!(tree(&site.tmp), before, "--output {output} changed files");
}

/// Asserts no temporary or old output directory is left in any of `dirs`.
fn assert_no_leftovers(dirs: &[&Path]) {
    for dir in dirs {
        assert_eq!(leftovers(dir), Vec::<String>::new(), "in {}", dir.display());
    }
}

#[test]
fn build_writes_the_marker_file() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let marker = site.read("public/.guidepost-output");
    assert!(marker.contains("guidepost build"), "{marker}");
}

#[test]
fn refuses_a_non_empty_directory_without_the_marker() {
    let site = Site::new("basic");
    site.write("mine/notes.txt", "my own notes\n");
    site.write("mine/sub/more.txt", "more\n");
    assert_refused(
        &site,
        "mine",
        "it is not empty and has no .guidepost-output marker, so it was not written by guidepost; \
         choose another --output or empty it yourself",
    );
    assert_eq!(
        site.run(&["build", "--output", "mine"])
            .normalized_stderr
            .trim_end(),
        "error: refusing to write the site into [TMP]/site/mine: it is not empty and has no \
         .guidepost-output marker, so it was not written by guidepost; choose another --output or \
         empty it yourself; nothing was changed"
    );
}

#[test]
fn refuses_the_project_root() {
    let site = Site::new("basic");
    assert_refused(
        &site,
        ".",
        "it is the project root or a folder that contains it",
    );
    let run = site.build(&["--output", site.root.to_str().unwrap()]);
    run.expect_code(2);
}

#[test]
fn refuses_an_ancestor_of_the_root() {
    let site = Site::new("basic");
    assert_refused(
        &site,
        "..",
        "it is the project root or a folder that contains it",
    );
}

#[test]
fn refuses_a_directory_holding_content() {
    let site = Site::new("basic");
    let other = site.tmp.join("other-project");
    fs::create_dir_all(other.join("content")).unwrap();
    fs::write(other.join("content/page.md"), "# Precious\n").unwrap();
    // Even a marker does not make a project safe to replace.
    fs::write(other.join(".guidepost-output"), "").unwrap();
    assert_refused(
        &site,
        other.to_str().unwrap(),
        "it holds `content`, so it looks like a project, not build output",
    );
}

#[test]
fn refuses_a_directory_holding_site_yaml() {
    let site = Site::new("basic");
    let other = site.tmp.join("configured");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("site.yaml"), "title: Precious\n").unwrap();
    assert_refused(
        &site,
        other.to_str().unwrap(),
        "it holds `site.yaml`, so it looks like a project, not build output",
    );
}

#[test]
fn refuses_a_directory_holding_git() {
    let site = Site::new("basic");
    let other = site.tmp.join("checkout");
    fs::create_dir_all(other.join(".git")).unwrap();
    fs::write(other.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::write(other.join(".guidepost-output"), "").unwrap();
    assert_refused(
        &site,
        other.to_str().unwrap(),
        "it holds `.git`, so it looks like a project, not build output",
    );
}

#[test]
fn refuses_a_file() {
    let site = Site::new("basic");
    site.write("notes.txt", "not a directory\n");
    assert_refused(&site, "notes.txt", "it is a file, not a directory");
}

#[test]
fn builds_into_an_empty_existing_directory() {
    let site = Site::new("basic");
    fs::create_dir_all(site.public()).unwrap();
    site.build_ok(&[]);
    assert!(site.exists("public/.guidepost-output"));
    assert!(site.exists("public/guides/first/index.html"));
}

#[test]
fn rebuild_replaces_a_marked_output_and_removes_stale_files() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    assert!(site.exists("public/about/index.html"));
    site.write("public/stray.txt", "left by hand\n");
    site.remove("content/about.md");

    let run = site.build_ok(&[]);
    assert_eq!(run.summary().pages, 2);
    assert!(
        !site.exists("public/about"),
        "the deleted page's output remains"
    );
    assert!(
        !site.exists("public/stray.txt"),
        "files of a previous build remain"
    );
    assert!(site.exists("public/guides/first/index.html"));
    assert!(site.exists("public/.guidepost-output"));
    let home = site.page("/");
    assert!(
        !support::texts(&home, ".page-list a").contains(&"About".to_owned()),
        "the home page still lists the deleted page"
    );
    assert_no_leftovers(&[&site.root]);
}

#[test]
fn no_temporary_directory_remains_after_a_success() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    site.build_ok(&[]);
    let elsewhere = site.tmp.join("out");
    site.build_ok(&["--output", elsewhere.to_str().unwrap()]);
    assert_no_leftovers(&[&site.root, &site.tmp]);
}

#[test]
fn no_temporary_directory_remains_after_a_failure_while_writing() {
    let site = Site::new("templates-render-error");
    site.build_ok(&[]);
    let before = tree(&site.public());
    // This template fails only while rendering, after the temporary directory was created.
    site.copy_dir("broken-templates", "templates");
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "templates/page.html:4:9",
        "`nothing` is not defined",
    );
    assert_eq!(
        run.stderr.lines().last(),
        Some(
            "guidepost: build failed: 1 error(s) in 1 file(s); the previous output was left as it was"
        )
    );
    assert_eq!(tree(&site.public()), before, "the previous output changed");
    assert_no_leftovers(&[&site.root]);
}

#[test]
fn static_files_are_copied_with_nested_folders_and_without_hidden_files() {
    let site = Site::new("static-files");
    site.build_ok(&[]);
    let out = tree(&site.public());
    for file in [
        "img/a.svg",
        "docs/deep/nested/file.txt",
        "visible/shown.txt",
        "downloads/sheet.txt",
    ] {
        let source = if file.starts_with("downloads/") {
            format!("content/{file}")
        } else {
            format!("static/{file}")
        };
        assert_eq!(
            out.get(file),
            Some(&fs::read(site.path(&source)).unwrap()),
            "{file}"
        );
    }
    for hidden in [
        ".hidden.txt",
        ".hidden-dir/inside.txt",
        "visible/.also-hidden",
    ] {
        assert!(!out.contains_key(hidden), "{hidden} was copied");
    }
    // A hidden Markdown file is not a page either.
    assert!(!site.exists("public/.notes"));
    assert!(!out.keys().any(|k| k.contains("notes")), "{:?}", out.keys());
    // static/style.css replaces the built-in stylesheet.
    assert_eq!(
        out.get("style.css").map(Vec::as_slice),
        Some(&b"body { color: black; }\n"[..])
    );
}

#[cfg(unix)]
#[test]
fn symbolic_link_in_static_is_a_warning_and_not_copied() {
    let site = Site::new("static-files");
    site.write("outside.txt", "outside the static folder\n");
    std::os::unix::fs::symlink("../outside.txt", site.path("static/link.txt")).unwrap();
    let run = site.build_ok(&[]);
    assert_eq!(run.summary().warnings, 1);
    let d = run.diagnostic_in(
        "warning",
        "static/link.txt",
        "symbolic link in static/ is not copied",
    );
    assert_eq!(d.help.as_deref(), Some("copy the file itself into static/"));
    assert!(!site.exists("public/link.txt"));
    assert!(
        site.exists("public/img/a.svg"),
        "the other files are still copied"
    );
}

#[test]
fn output_on_the_command_line_is_relative_to_where_the_command_runs() {
    let site = Site::new("basic");
    // Run from the temporary directory, the site root given as a relative path.
    let run = site.run_in(&site.tmp, &["build", "--root", "site", "--output", "out"]);
    run.expect_code(0);
    assert!(site.tmp.join("out/guides/first/index.html").is_file());
    assert!(!site.exists("out"), "--output is not joined to --root");
    // site.yaml's output_dir stays relative to the root.
    site.write("site.yaml", "output_dir: from-config\n");
    site.run_in(&site.tmp, &["build", "--root", "site"])
        .expect_code(0);
    assert!(site.exists("from-config/index.html"));
}

#[test]
fn temporary_outputs_of_builds_that_died_are_removed_by_the_next_build() {
    let site = Site::new("basic");
    let marker = ".guidepost-output";
    // Process ids above the kernel's default limit (4194304) never run.
    let dead_ours = site.path(".public.guidepost-tmp-4194305");
    let dead_old = site.path(".public.guidepost-old-4194306");
    let not_ours = site.path(".public.guidepost-tmp-4194307");
    let other_output = site.path(".elsewhere.guidepost-tmp-4194308");
    let running = site.path(&format!(".public.guidepost-tmp-{}", std::process::id()));
    for dir in [&dead_ours, &dead_old, &not_ours, &other_output, &running] {
        fs::create_dir_all(dir.join("guides")).unwrap();
        fs::write(dir.join("guides/page.html"), "old").unwrap();
    }
    for dir in [&dead_ours, &dead_old, &other_output, &running] {
        fs::write(dir.join(marker), "").unwrap();
    }
    site.build_ok(&[]);
    assert!(
        !dead_ours.exists(),
        "a dead build's temporary output is removed"
    );
    assert!(
        !dead_old.exists(),
        "a dead build's previous output is removed"
    );
    assert!(
        not_ours.exists(),
        "a folder without the marker is never deleted"
    );
    assert!(other_output.exists(), "only folders made for this output");
    assert!(running.exists(), "a running process's folder stays");
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_build_removes_its_temporary_output_and_keeps_the_previous_one() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let before = tree(&site.public());
    // Enough pages that the (debug) build is still running when the signal comes.
    for n in 0..1500 {
        site.write(
            &format!("content/many/page-{n:04}.md"),
            &format!("---\ntitle: Page {n}\n---\n\nSome words about page {n}, and more words.\n"),
        );
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(["build", "--root"])
        .arg(&site.root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let temp = site.path(&format!(".public.guidepost-tmp-{}", child.id()));
    let started = std::time::Instant::now();
    while !temp.join("guides").exists() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the build never started writing"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before the signal"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("build interrupted"), "{stderr}");
    assert!(
        !temp.exists(),
        "the unfinished output is removed:\n{stderr}"
    );
    assert_eq!(
        leftovers(&site.root),
        Vec::<String>::new(),
        "no temporary directory is left"
    );
    assert_eq!(
        tree(&site.public()),
        before,
        "the previous output is untouched"
    );
}
