//! Widgets in guides: `{{ name(args) }}` calls rendered by tera components in
//! `templates/widgets/`, the status block with and without `build --status`, the checker
//! downloads with their SHA-256, the published report schema, and the errors for bad calls.

use crate::support;
use crate::support::{Site, attr, attrs, one, select, text, texts};
use sha2::{Digest, Sha256};

fn built() -> &'static Site {
    &support::built("widgets").site
}

#[test]
fn a_call_renders_its_component_in_place_of_the_paragraph() {
    let site = built();
    let page = site.page("/guide/");
    let widget = one(&page, ".content > section.status-widget");
    assert_eq!(
        widget.value().attr("data-checks"),
        Some("activation account")
    );
    // Quotes in the call were not curled by smart punctuation: the arguments arrived intact.
    assert_eq!(
        texts(&page, ".status-widget .status-server li strong"),
        ["Activation", "Account type"]
    );
    // Prose around it is still Markdown with smart punctuation.
    assert!(text(select(&page, ".content > p")[0]).contains("\u{201c}quoted\u{201d}"));
    let html = site.output_text("/guide/");
    assert!(
        !html.contains("<p><section"),
        "a widget alone is not wrapped in <p>"
    );
    assert!(
        !html.contains("gp-widget-") && !html.contains("gpw"),
        "no markers left"
    );
}

#[test]
fn calls_in_code_and_other_braces_stay_text() {
    let page = built().page("/guide/");
    assert_eq!(texts(&page, ".content > p code"), ["{{ status() }}"]);
    assert_eq!(texts(&page, ".content pre code"), ["{{ status() }}"]);
    assert!(text(one(&page, ".content")).contains("{{ page.title }}"));
    assert_eq!(select(&page, ".status-widget").len(), 1);
}

#[test]
fn an_author_adds_a_widget_with_a_template() {
    let page = built().page("/guide/");
    let note = one(&page, ".content p span.note-widget");
    // Arguments are escaped like any template value.
    assert_eq!(text(note), "Mind the <gap>");
}

#[test]
fn without_a_report_the_block_is_one_sentence_and_the_download_button() {
    let site = built();
    let page = site.page("/all/");
    assert_eq!(
        texts(&page, ".status-heading"),
        ["Your status: run our free checker to see your own PC's results here."]
    );
    assert_eq!(
        attr(&page, ".status-server a.status-button", "href"),
        "/downloads/"
    );
    // What each check means waits in a closed <details>.
    let about = one(&page, ".status-server details.status-about");
    assert!(about.value().attr("open").is_none());
    assert_eq!(
        texts(&page, ".status-about li strong"),
        [
            "Windows version",
            "Activation",
            "Account type",
            "Administrator",
            "License linked to Microsoft account"
        ]
    );
    // The live parts (report, Remember/Forget) wait, hidden, for the script and a report;
    // the alert for a bad report is there, hidden, and is announced when shown.
    assert!(one(&page, ".status-live").value().attr("hidden").is_some());
    assert!(select(&page, ".status-server .status-remember").is_empty());
    assert!(
        one(&page, ".status-live .status-forget")
            .value()
            .attr("hidden")
            .is_none()
    );
    let alert = one(&page, ".status-alert");
    assert_eq!(alert.value().attr("role"), Some("alert"));
    assert!(alert.value().attr("hidden").is_some());
    assert!(
        one(&page, ".status-controls")
            .value()
            .attr("hidden")
            .is_some()
    );
    assert_eq!(
        attrs(&page, "main script[type=module]", "src"),
        ["/status.js"]
    );
    assert!(site.output_text("/status.js").contains("textContent"));
    // The site's next steps ride along for status.js, for the checks this block shows.
    let guide = site.page("/guide/");
    assert_eq!(
        attrs(&guide, ".status-next-steps li", "data-step"),
        [
            "account could-not-read",
            "account local-account",
            "activation not-activated",
            "activation not-activated 0xc004f213"
        ]
    );
    // Without --status nothing is a preview and no report is embedded.
    assert!(select(&page, ".preview-banner, meta[name=robots]").is_empty());
    assert!(select(&page, ".status-server .status-check").is_empty());
    assert!(site.output_text("/robots.txt").contains("Allow: /"));
}

#[test]
fn build_with_a_status_report_renders_it_without_javascript_as_a_private_preview() {
    let site = Site::new("widgets");
    let report = site.path("reports/report.json");
    site.build_ok(&["--status", report.to_str().unwrap()]);
    let page = site.page("/all/");
    // Most urgent first: problem, attention, unknown, then ok, each in report order.
    let checks = select(&page, ".status-server li.status-check");
    let classes: Vec<String> = checks
        .iter()
        .map(|c| c.value().attr("class").unwrap().to_owned())
        .collect();
    assert_eq!(
        classes,
        [
            "status-check status-problem",
            "status-check status-attention",
            "status-check status-unknown",
            "status-check status-ok",
            "status-check status-ok"
        ]
    );
    assert_eq!(
        texts(&page, ".status-server .status-summary-line"),
        [
            "2 of 5 need attention: Activation, License linked to Microsoft account. Could not \
             check: Account type."
        ]
    );
    assert_eq!(
        texts(&page, ".status-server .status-badge"),
        ["Problem", "Needs attention", "Unknown", "OK", "OK"]
    );
    // Strings from the report are text, never markup.
    assert_eq!(
        texts(&page, ".status-server .status-summary")[0],
        "Not activated <img src=x onerror=alert(1)>"
    );
    assert!(
        select(
            &page,
            ".status-server img, .status-server b, .status-server i"
        )
        .is_empty()
    );
    assert!(texts(&page, ".status-server dd").contains(&"<b>3V66T</b>".to_owned()));
    assert!(texts(&page, ".status-server dt").contains(&"Product key <i>(last 5)</i>".to_owned()));
    // Facts wait in a closed "Details"; the date is ISO on the server.
    assert!(
        select(&page, ".status-server details.status-details")
            .iter()
            .all(|d| d.value().attr("open").is_none())
    );
    assert!(texts(&page, ".status-server dd").contains(&"2027-10-12".to_owned()));
    assert_eq!(
        texts(&page, ".status-server .status-reason"),
        ["Why the checker could not tell: NetUserGetInfo failed"]
    );
    // One next step per result, from the site's table: the error code's entry first; good
    // results get none; the report's own "help" (javascript:) is never used.
    assert_eq!(
        attrs(&page, ".status-server a.status-next", "href"),
        [
            "/activation/check-activation-status/#0xc004f213",
            "/activation/link-license-to-microsoft-account/#volume",
            "/accounts/check-account-type/#in-settings"
        ]
    );
    assert_eq!(
        texts(&page, ".status-server a.status-next")[0],
        "Fix error 0xC004F213"
    );
    assert!(!site.output_text("/all/index.html").contains("javascript:"));
    // A widget asking for two checks shows those two.
    let guide = site.page("/guide/");
    assert_eq!(
        texts(&guide, ".status-server .status-name"),
        ["Activation", "Account type"]
    );
    assert_eq!(
        texts(&guide, ".status-server .status-summary-line"),
        ["1 of 2 needs attention: Activation. Could not check: Account type."]
    );
    // Every page of this build is a private preview: a banner, noindex, robots.txt says no.
    for path in ["/all/", "/guide/", "/downloads/", "/"] {
        let page = site.page(path);
        assert!(
            text(one(&page, ".preview-banner")).contains("built with the report of one PC"),
            "{path}"
        );
        assert_eq!(
            attr(&page, "meta[name=robots]", "content"),
            "noindex, nofollow"
        );
    }
    assert!(site.output_text("/robots.txt").contains("Disallow: /"));
}

#[test]
fn a_report_of_another_schema_version_is_an_error() {
    let site = Site::new("widgets");
    let report = site.path("reports/future.json");
    let run = site.build(&["--status", report.to_str().unwrap()]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "reports/future.json",
        "this report was made by a newer guidepost-check (report version 7)",
    );
}

#[test]
fn downloads_carry_the_hash_and_size_of_the_file_served() {
    let site = built();
    let served = std::fs::read(site.public().join("downloads/guidepost-check-x64.exe"))
        .expect("the checker build is copied into /downloads/");
    let source = std::fs::read(
        site.path("fake-target/guidepost-checker/x86_64-pc-windows-gnu/guidepost-check.exe"),
    )
    .unwrap();
    assert_eq!(served, source);
    let page = site.page("/downloads/");
    let expected: String = Sha256::digest(&served)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        texts(&page, ".download-sha256"),
        std::slice::from_ref(&expected)
    );
    assert_eq!(texts(&page, ".download-size"), ["1 KB"]);
    assert!(text(one(&page, ".downloads-verify")).contains(&format!("{} bytes", served.len())));
    assert!(text(one(&page, ".download-about")).contains("version 0.1.0"));
    // The signing state in words, and what Windows will show because of it.
    assert_eq!(
        text(one(&page, ".download-signing")),
        "Not signed: Windows will say “Unknown publisher” (see step 2)."
    );
    assert_eq!(
        attrs(&page, "a.download-button", "href"),
        ["/downloads/guidepost-check-x64.exe"]
    );
    // One PowerShell line that prints True or False against the published hash.
    assert_eq!(
        texts(&page, "pre.download-verify"),
        [format!(
            "(Get-FileHash .\\guidepost-check-x64.exe -Algorithm SHA256).Hash -eq '{expected}'"
        )]
    );
}

#[test]
fn a_signed_build_is_said_to_be_signed() {
    let site = Site::new("widgets");
    // The smallest PE32+ image with a certificate table (data directory 4) of 8 bytes: what
    // an Authenticode-signed .exe carries.
    let mut exe = vec![0u8; 512];
    exe[..2].copy_from_slice(b"MZ");
    exe[0x3c..0x40].copy_from_slice(&0x40u32.to_le_bytes());
    exe[0x40..0x44].copy_from_slice(b"PE\0\0");
    exe[0x58..0x5a].copy_from_slice(&0x20bu16.to_le_bytes());
    exe[0xc4..0xc8].copy_from_slice(&16u32.to_le_bytes());
    exe[0xe8..0xec].copy_from_slice(&0x100u32.to_le_bytes());
    exe[0xec..0xf0].copy_from_slice(&8u32.to_le_bytes());
    std::fs::write(
        site.path("fake-target/guidepost-checker/x86_64-pc-windows-gnu/guidepost-check.exe"),
        exe,
    )
    .unwrap();
    site.build_ok(&[]);
    let page = site.page("/downloads/");
    let signing = text(one(&page, ".download-signing"));
    assert!(signing.starts_with("Digitally signed"), "{signing}");
    assert!(
        signing.ends_with(" as the publisher."),
        "says what Windows shows: {signing}"
    );
    assert!(select(&page, ".download-unsigned").is_empty());
}

#[test]
fn a_missing_checker_build_is_a_warning_and_never_a_broken_link() {
    let site = Site::new("widgets");
    let run = site.build_ok(&[]);
    assert_eq!(
        missing_build_warning(&run),
        "; /downloads/ says it is not available"
    );
    let page = site.page("/downloads/");
    assert_eq!(
        texts(&page, ".download-missing"),
        [
            "Windows 10 and 11, Arm64: not available in this build of the site.",
            "Windows 10 and 11, Arm64: not available in this build of the site."
        ]
    );
    assert!(!site.exists("public/downloads/guidepost-check-arm64.exe"));
    assert_eq!(select(&page, "a.download-button").len(), 1);
}

#[test]
fn the_report_schema_is_published() {
    let site = built();
    let schema = site.output_text("/downloads/report.schema.json");
    assert_eq!(schema, guidepost_check::report::json_schema());
    let value: serde_json::Value = serde_json::from_str(&schema).unwrap();
    assert!(value["properties"]["schema"].is_object(), "{value}");
}

#[test]
fn bad_calls_are_errors_at_file_line_col_all_in_one_run() {
    let site = Site::new("widgets");
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\n---\n{{ statsu() }}\n\n{{ status(checks=[\"activaton\"]) }}\n\n{{ status(checks=\"os\") }}\n\n## Title {{ status() }}\n\n{{ status(checks=[os]) }}\n\n{{ status(\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    let unknown = run.diagnostic("error", "content/bad.md:4:1", "unknown widget `statsu`");
    assert!(unknown.help.unwrap().contains("did you mean `status`?"));
    run.diagnostic("error", "content/bad.md:6:1", "unknown check `activaton`");
    run.diagnostic(
        "error",
        "content/bad.md:8:1",
        "does not match expected type",
    );
    run.diagnostic(
        "error",
        "content/bad.md:10:10",
        "cannot go inside a heading",
    );
    run.diagnostic("error", "content/bad.md:12:19", "`os` is not a value");
    run.diagnostic("error", "content/bad.md:14:1", "does not end with `) }}`");
    let errors = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "error");
    assert_eq!(errors.count(), 6, "{}", run.stderr);
    // The previous output stays when a build fails.
    assert!(!site.exists("public/bad/index.html"));
}

#[test]
fn a_widget_sharing_a_block_with_raw_html_is_an_error() {
    let site = Site::new("widgets");
    site.write(
        "content/mixed.md",
        "---\ntitle: Mixed\n---\nPress <kbd>Win</kbd> then {{ status() }}\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/mixed.md:4:27",
        "shares a block with raw HTML",
    );
}

#[test]
fn a_call_overriding_the_builds_checker_or_report_is_refused() {
    // The audit's case: `checker=` put href="javascript:alert(1)" on the page and `report=`
    // forged a report, and `build --strict` succeeded.
    let site = Site::new("widgets");
    site.write(
        "content/forged.md",
        "---\ntitle: Forged\n---\n{{ status(checker={\"page\": \"javascript:alert(1)\", \"files\": [], \"schema\": \"\"}) }}\n\n{{ status(checks=[\"os\"], report={\"generated\": \"now\", \"checks\": []}) }}\n\n{{ downloads(root_path=\"/x/\") }}\n\n{{ status(chekcs=[\"os\"]) }}\n",
    );
    let run = site.build(&["--strict"]);
    run.expect_code(1);
    let checker = run.diagnostic(
        "error",
        "content/forged.md:4:11",
        "`checker` is set by the build, not by a widget call",
    );
    assert_eq!(
        checker.help.as_deref(),
        Some("remove `checker=` from the call; `status` takes `checks`")
    );
    run.diagnostic(
        "error",
        "content/forged.md:6:26",
        "`report` is set by the build, not by a widget call",
    );
    // Set by the build even where the component does not declare it.
    let root = run.diagnostic(
        "error",
        "content/forged.md:8:14",
        "`root_path` is set by the build, not by a widget call",
    );
    assert!(root.help.unwrap().ends_with("`downloads` takes `show`"));
    // The list of valid arguments names only what a call may give.
    let unknown = run.diagnostic(
        "error",
        "content/forged.md:10:11",
        "widget `status` has no argument `chekcs`",
    );
    let help = unknown.help.unwrap();
    assert_eq!(help, "did you mean `checks`? `status` takes `checks`");
    for implicit in [
        "report",
        "checker",
        "root_path",
        "check_catalog",
        "status_labels",
    ] {
        assert!(!help.contains(implicit), "{help}");
    }
    assert!(!site.exists("public"));
    assert!(!run.stderr.contains("Possible argument"), "{}", run.stderr);
}

#[test]
fn a_widget_writing_a_javascript_url_is_an_error_at_the_call() {
    let site = Site::new("widgets");
    site.write(
        "templates/widgets/link.html",
        "{% component link(url: String) %}<a class=\"go\" href=\"{{ url }}\">Go</a>{% endcomponent link %}\n",
    );
    site.write(
        "content/go.md",
        "---\ntitle: Go\n---\n{{ link(url=\"javascript:alert(1)\") }}\n\nText {{ link(url=\" java\\tscript:alert(1)\") }}\n\n{{ link(url=\"https://example.org/\") }}\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/go.md:4:1",
        "widget `link` writes a `javascript:` URL into <a href>",
    );
    run.diagnostic(
        "error",
        "content/go.md:6:6",
        "widget `link` writes a `javascript:` URL into <a href>",
    );
    let errors = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "error");
    assert_eq!(errors.count(), 2, "{}", run.stderr);
}

#[test]
fn status_widget_linking_to_a_missing_downloads_page_fails_the_check() {
    // `guidepost check` reported 0 errors for a site whose status widget linked to a
    // /downloads/ page it did not publish.
    let site = Site::new("widgets");
    site.remove("content/downloads/_index.md");
    let run = site.check(&[]);
    run.expect_code(1);
    let broken = run.diagnostic(
        "error",
        "content/all.md:4:1",
        "the `status` widget links to /downloads/, which this site does not publish",
    );
    assert_eq!(
        broken.help.as_deref(),
        Some("add content/downloads/_index.md with {{ downloads() }} on it")
    );
    run.diagnostic(
        "error",
        "content/guide.md:6:1",
        "the `status` widget links to /downloads/, which this site does not publish",
    );
}

#[test]
fn a_next_step_to_a_missing_page_or_heading_fails_the_check_at_its_line() {
    let site = Site::new("widgets");
    site.write(
        "next-steps.yaml",
        "account:\n  local-account:\n    text: Switch\n    link: /accounts/switch/\nadmin:\n  \
         standard-user:\n    text: Ask\n    link: /accounts/check-account-type/#make-admin\n  \
         standard-usr:\n    text: Typo\n    link: /x/\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "next-steps.yaml:4:5",
        "the next step links to /accounts/switch/, which this site does not publish",
    );
    let anchor = run.diagnostic(
        "error",
        "next-steps.yaml:8:5",
        "the next step links to /accounts/check-account-type/#make-admin, but that page has no \
         #make-admin",
    );
    assert!(anchor.help.unwrap().contains("{#make-admin}"));
    let typo = run.diagnostic(
        "error",
        "next-steps.yaml:9:3",
        "`admin` has no outcome `standard-usr`",
    );
    assert_eq!(typo.help.as_deref(), Some("did you mean `standard-user`?"));
    // A missing step is a warning naming the outcome, not an error.
    site.remove("next-steps.yaml");
    let run = site.check(&[]);
    run.expect_code(0);
    run.diagnostic_in(
        "warning",
        "next-steps.yaml",
        "no next step for `account` `local-account`",
    );
}

#[test]
fn the_downloads_widget_alone_still_publishes_the_schema_it_links_to() {
    let site = Site::new("widgets");
    site.remove("content/all.md");
    site.remove("content/guide.md");
    site.write(
        "site.yaml",
        "title: Downloads only\nbase_url: https://help.example/\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        attrs(&site.page("/downloads/"), ".downloads a", "href"),
        ["/downloads/report.schema.json"]
    );
    assert!(site.exists("public/downloads/report.schema.json"));
}

#[test]
fn the_missing_build_warning_claimed_a_downloads_page_the_site_lacks() {
    let site = Site::new("widgets");
    for page in ["all.md", "guide.md", "downloads/_index.md"] {
        site.remove(&format!("content/{page}"));
    }
    let run = site.build_ok(&[]);
    assert_eq!(
        missing_build_warning(&run),
        "; no page offers it either (no page shows {{ downloads() }})"
    );
    assert!(
        !run.stderr.contains("downloads page says"),
        "{}",
        run.stderr
    );
}

/// What the warning about the fixture's missing arm64 build says after the path it looked at.
fn missing_build_warning(run: &support::Run) -> String {
    let warning = run.diagnostic_in(
        "warning",
        "site.yaml",
        "no guidepost-check build for aarch64-pc-windows-msvc at ",
    );
    let after = warning.message.split("guidepost-check.exe").nth(1);
    after.unwrap_or_default().to_owned()
}

#[test]
fn build_refuses_a_checker_made_for_another_site() {
    // Found in practice: the published .exe carried http://127.0.0.1:1111/ while `build` said
    // 0 warnings, so readers' links went to their own PC.
    let site = Site::new("widgets");
    let info = "fake-target/guidepost-checker/x86_64-pc-windows-gnu/guidepost-check.json";
    site.write(
        info,
        r#"{ "site": "http://127.0.0.1:1111/", "version": "0.1.0", "target": "x86_64-pc-windows-gnu" }"#,
    );
    let run = site.build(&[]);
    run.expect_code(1);
    let refused = run.diagnostic_in(
        "error",
        "site.yaml",
        "was made for http://127.0.0.1:1111/ (x86_64-pc-windows-gnu), but this site is https://help.example/",
    );
    assert!(refused.help.unwrap().contains("bundle-checker"));
    // A local preview of the site is never published: there it is a warning.
    let preview = site.build(&["--base-url", "http://127.0.0.1:1111/"]);
    preview.expect_code(0);
    // No record at all: the site it points at is unknown, so it is not published either.
    site.remove(info);
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in("error", "site.yaml", "has no readable guidepost-check.json");
}

#[test]
fn without_the_toolchain_build_says_in_one_line_what_installs_it() {
    let site = Site::new("widgets");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://help.example/\nchecker:\n  targets: [aarch64-pc-windows-msvc]\n  target_dir: fake-target\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    let warning = run.diagnostic_in(
        "warning",
        "site.yaml",
        "the guidepost-check download for aarch64-pc-windows-msvc needs the Rust target",
    );
    assert!(
        warning.message.contains("bash scripts/setup.sh"),
        "{}",
        warning.message
    );
    // `check` never builds, and says the download is missing.
    let check = site.check(&[]);
    assert!(
        !check.stderr.contains("needs the Rust target"),
        "{}",
        check.stderr
    );
}

#[test]
fn sign_command_signs_the_download_and_the_page_says_so() {
    // The real Windows build (scripts/test.sh runs bundle-checker first) and a throw-away
    // self-signed certificate made here; nothing of it is kept.
    let exe = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/guidepost-checker/x86_64-pc-windows-gnu/guidepost-check.exe");
    let tools = ["openssl", "osslsigncode"].iter().all(|tool| {
        std::process::Command::new(tool)
            .arg("--version")
            .output()
            .is_ok()
    });
    if !exe.is_file() || !tools {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI builds the checker and has the tools"
        );
        eprintln!("skipped: no {} or no openssl/osslsigncode", exe.display());
        return;
    }
    let site = Site::new("widgets");
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=Guidepost throw-away test certificate",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
        ])
        .current_dir(site.path(""))
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let mut config = guidepost::config::Config::default();
    config.checker.sign_command = [
        "osslsigncode",
        "sign",
        "-certs",
        "cert.pem",
        "-key",
        "key.pem",
        "-n",
        "guidepost-check",
        "-in",
        "{input}",
        "-out",
        "{output}",
    ]
    .map(String::from)
    .to_vec();
    let bundle = site.path("fake-target/guidepost-checker/x86_64-pc-windows-gnu");
    let signed = bundle.join("guidepost-check.exe");
    guidepost::downloads::sign_binary(&site.path(""), &config, &exe, &signed).unwrap();
    assert!(!guidepost::downloads::has_signature(
        &std::fs::read(&exe).unwrap()
    ));
    assert!(guidepost::downloads::has_signature(
        &std::fs::read(&signed).unwrap()
    ));
    let extracted = std::process::Command::new("osslsigncode")
        .args(["extract-signature", "-in"])
        .arg(&signed)
        .arg("-out")
        .arg(site.path("signature.der"))
        .output()
        .unwrap();
    assert!(extracted.status.success(), "the signature can be read back");

    site.build_ok(&[]);
    let page = site.page("/downloads/");
    assert!(text(one(&page, ".download-signing")).starts_with("Digitally signed"));
    // A command that signs nothing is an error, not a silent unsigned download.
    config.checker.sign_command = ["cp", "{input}", "{output}"].map(String::from).to_vec();
    let err =
        guidepost::downloads::sign_binary(&site.path(""), &config, &exe, &signed).unwrap_err();
    assert!(err.to_string().contains("carries no signature"), "{err}");
}

#[test]
fn tabs_wrap_their_markdown_and_show_every_tab_under_its_heading_without_javascript() {
    let site = Site::new("widgets");
    site.write(
        "content/tabs.md",
        "---\ntitle: Tabs\n---\n## Steps {#steps}\n\n{% tabs(label=\"Windows version\") %}\n\n### Windows 11 {#on-11}\n\n1. Open [the other tab](#on-10).\n2. Then [the guide](guide.md).\n\n### Windows 10 {#on-10}\n\n{{ status(checks=[\"os\"]) }}\n\n- A list item whose text runs on\n{% end %}\n\nAfter the tabs.\n\n   {% tabs(group=\"shell\") %}\n   #### PowerShell\n   `Get-Date`\n   #### Command Prompt\n   `date /t`\n   {% end %}\n",
    );
    site.build_ok(&[]);
    let page = site.page("/tabs/");
    let tabs = select(&page, ".content > div.tabs");
    assert_eq!(tabs.len(), 2, "{}", site.output_text("/tabs/"));
    assert_eq!(
        tabs[0].value().attr("data-tabs-label"),
        Some("Windows version")
    );
    assert_eq!(tabs[0].value().attr("data-tabs-group"), None);
    assert_eq!(tabs[1].value().attr("data-tabs-group"), Some("shell"));
    // The tabs' content is the page's Markdown, in order, under real headings with their ids.
    assert_eq!(texts(&page, ".tabs > h3"), ["Windows 11 #", "Windows 10 #"]);
    assert_eq!(attrs(&page, ".tabs > h3", "id"), ["on-11", "on-10"]);
    assert_eq!(
        texts(&page, ".tabs > h4"),
        ["PowerShell #", "Command Prompt #"]
    );
    assert_eq!(
        attrs(&page, ".tabs ol a", "href"),
        ["#on-10", "/guide/"],
        "links inside tabs are checked and rewritten like any link"
    );
    // A widget inside a tab is expanded; a lazy line before `{% end %}` stays in its list.
    assert_eq!(select(&page, ".tabs > section.status-widget").len(), 1);
    assert_eq!(
        texts(&page, ".tabs > ul > li"),
        ["A list item whose text runs on"]
    );
    assert_eq!(
        texts(&page, ".content > p").last().unwrap(),
        "After the tabs."
    );
    // The tab list itself is built by /tabs.js; its stylesheet and script are published.
    assert!(select(&page, "[role=tablist]").is_empty());
    assert_eq!(
        attrs(&page, "main script[type=module]", "src"),
        ["/status.js", "/tabs.js", "/tabs.js"]
    );
    assert_eq!(
        attrs(&page, "main link[rel=stylesheet]", "href"),
        ["/tabs.css", "/tabs.css"]
    );
    assert!(site.output_text("/tabs.js").contains("tablist"));
    assert!(site.output_text("/tabs.css").contains("[role=\"tab\"]"));
    let html = site.output_text("/tabs/");
    assert!(
        !html.contains("gp-widget-") && !html.contains("{%"),
        "{html}"
    );
    // Pages without tabs do not get the files.
    let other = Site::new("widgets");
    other.build_ok(&[]);
    assert!(!other.exists("public/tabs.js") && !other.exists("public/tabs.css"));
}

/// What a tabs widget wraps is the page's own content: cleaned like the rest of it, and its
/// arguments are escaped, so neither can add script or an outside request.
#[test]
fn what_tabs_wrap_is_cleaned_and_their_arguments_escaped() {
    let site = Site::new("widgets");
    site.write(
        "content/hostile.md",
        "---\ntitle: Hostile\n---\n{% tabs(label=\"\\\"><script>alert(1)</script>\", group=\"x' onmouseover='alert(2)\") %}\n\n### One\n\n<img src=\"https://tracker.example/p.gif\" onerror=\"alert(3)\" alt=\"\">\n<script>alert(4)</script>\n\n### Two\n\n[click](javascript:alert(5))\n\n{% end %}\n",
    );
    site.build_ok(&[]);
    let text = site.output_text("/hostile/");
    let page = site.page("/hostile/");
    let tabs = select(&page, ".content > div.tabs");
    assert_eq!(tabs.len(), 1, "{text}");
    assert_eq!(
        tabs[0].value().attr("data-tabs-label"),
        Some("\"><script>alert(1)</script>")
    );
    assert_eq!(
        tabs[0].value().attr("data-tabs-group"),
        Some("x' onmouseover='alert(2)")
    );
    assert_eq!(
        attrs(&page, "script:not([type='application/ld+json'])", "src"),
        ["/search.js", "/tabs.js"],
        "only the site's own scripts, by URL"
    );
    assert!(select(&page, "[onerror], [onmouseover], a[href^='javascript']").is_empty());
    assert!(!text.contains("<script>alert"), "{text}");
    assert!(!text.contains("tracker.example"), "{text}");
    assert_eq!(texts(&page, ".tabs > h3"), ["One #", "Two #"]);
}

#[test]
fn tabs_written_wrongly_are_errors_at_file_line_col() {
    let site = Site::new("widgets");
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\n---\n{% tabs() %}\nNo heading first.\n\n### A\n\n### B\n{% end %}\n\n{% tabs() %}\n### Only one\n{% end %}\n\n- item\n\n  {% tabs() %}\n  ### A\n\n- next item\n  ### B\n  {% end %}\n\nText {% tabs() %}\n\n{% end %}\n\n{% status() %}\n### A\n### B\n{% end %}\n\n{% tabs() %}\n### A\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/bad.md:4:1",
        "starts each tab with a heading",
    );
    run.diagnostic("error", "content/bad.md:12:1", "needs two tabs or more");
    let moved = run.diagnostic(
        "error",
        "content/bad.md:23:3",
        "`{% end %}` of `tabs` (line 18) is not in the list item or quote that its opening is in",
    );
    assert!(moved.help.unwrap().contains("same indentation"));
    run.diagnostic(
        "error",
        "content/bad.md:25:6",
        "must be on a line of its own",
    );
    run.diagnostic(
        "error",
        "content/bad.md:27:1",
        "`{% end %}` closes no widget",
    );
    run.diagnostic(
        "error",
        "content/bad.md:29:1",
        "widget `status` must show what it wraps once",
    );
    run.diagnostic(
        "error",
        "content/bad.md:34:1",
        "`{% tabs(…) %}` is never closed",
    );
    let errors = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "error")
        .count();
    assert_eq!(errors, 7, "{}", run.stderr);
}
