//! Clean output: raw HTML from content loses ads, trackers, scripts and third-party loads and
//! keeps legitimate markup; `-v` reports what went with source lines, `--strict` and `check`
//! fail on it; rule lists from site.yaml apply; the post-build audit catches a third-party load
//! that a template adds, and every page carries the Content-Security-Policy meta.

use crate::support::{Site, attr, attrs, one, select, text, texts, tree};

/// Every URL-bearing attribute value on a page.
fn all_urls(page: &scraper::Html) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["href", "src", "srcset", "poster", "data", "action"] {
        urls.extend(attrs(page, &format!("[{attribute}]"), attribute));
    }
    urls
}

#[test]
fn ads_pixels_link_farms_and_scripts_are_removed_and_the_guide_stays() {
    let site = Site::new("clean-seedlike");
    let run = site.build_ok(&[]);
    let page = site.page("/guides/republished/");
    let html = site.output_text("/guides/republished/");
    for gone in [
        "sjv.io",
        "impactradius-go.com",
        "pagead2.googlesyndication.com",
        "pixel.tracker.example",
        "amzn.to",
        "tag=helpsite-20",
        "spam.example",
        "adsbygoogle",
        "javascript:",
        "onclick",
        "<video",
        "Click here",
    ] {
        assert!(!html.contains(gone), "`{gone}` is still in the page");
    }
    // The guide itself survives: headings, steps, bold text, keys, the ordinary external link.
    assert_eq!(
        texts(&page, ".content h2"),
        ["Before you begin #", "Steps #", "Afterwards #"]
    );
    assert_eq!(texts(&page, ".content ol li").len(), 2);
    assert_eq!(texts(&page, ".content kbd"), ["Win", "R"]);
    let outside = one(
        &page,
        ".content a[href='https://support.example.org/disks']",
    );
    assert_eq!(outside.value().attr("rel"), Some("noopener noreferrer"));
    // The text of removed affiliate links stays readable, without the link.
    assert!(text(one(&page, ".content")).contains("Buy a disk from this shop or the other."));
    // A link that only wrapped an ad image went with it.
    assert!(!all_urls(&page).iter().any(|u| u.contains("deals.example")));
    let summary = run.summary();
    assert_eq!(summary.pages, 1);
    assert!(
        run.stdout.contains("removed ") && run.stdout.contains("ad regions"),
        "{}",
        run.stdout
    );
}

#[test]
fn verbose_build_lists_each_removal_with_its_source_line() {
    let site = Site::new("clean-seedlike");
    let run = site.build_ok(&["-v"]);
    let report = &run.stderr;
    assert!(
        report.contains("cleaned content/guides/republished.md:"),
        "{report}"
    );
    for expected in [
        "line 11: an ad region",
        "line 26: an ad or affiliate link (<video poster> to a.impactradius-go.com)",
        "line 29: an ad or affiliate link (javascript: link opening x.sjv.io)",
        "line 32: a tracking pixel",
        "line 34: an ad or affiliate link (<img src> to pagead2.googlesyndication.com)",
        "line 34: an ad or affiliate link (link that only wrapped a removed ad)",
        "line 36: an ad or affiliate link (link to https://amzn.to/3xyzabc)",
        "line 36: an ad or affiliate link (link to https://www.amazon.com/dp/B000?tag=helpsite-20)",
        "line 38: an ad element (matches `.related-posts`)",
        "line 43: an ad element (matches `ins.adsbygoogle`)",
    ] {
        assert!(
            report.contains(expected),
            "missing `{expected}` in\n{report}"
        );
    }
}

#[test]
fn strict_build_and_check_fail_naming_file_and_line_and_keep_the_old_output() {
    let site = Site::new("clean-seedlike");
    site.build_ok(&[]);
    let before = tree(&site.public());
    let run = site.build(&["--strict"]);
    run.expect_code(1);
    run.diagnostic(
        "error",
        "content/guides/republished.md:11",
        "content holds an ad region",
    );
    run.diagnostic(
        "error",
        "content/guides/republished.md:36",
        "content holds an ad or affiliate link: link to https://amzn.to/3xyzabc",
    );
    assert_eq!(
        tree(&site.public()),
        before,
        "a failed strict build changed the output"
    );
    let check = site.check(&[]);
    check.expect_code(1);
    check.diagnostic(
        "error",
        "content/guides/republished.md:32",
        "content holds a tracking pixel",
    );
}

#[test]
fn legitimate_html_is_kept() {
    let site = Site::new("clean-legit");
    let run = site.build_ok(&[]);
    assert!(!run.stdout.contains("removed"), "{}", run.stdout);
    let page = site.page("/static-check/keep/");
    assert_eq!(
        texts(&page, ".content kbd"),
        ["Ctrl", "Shift", "Esc", "Win"]
    );
    assert_eq!(select(&page, ".content br").len(), 1);
    assert_eq!(texts(&page, ".content sub"), ["2"]);
    assert_eq!(texts(&page, ".content sup"), ["2"]);
    assert_eq!(texts(&page, ".content table th"), ["Key", "Action"]);
    assert_eq!(texts(&page, ".content details summary"), ["More detail"]);
    assert_eq!(texts(&page, ".content details strong"), ["until opened"]);
    assert_eq!(attr(&page, ".content figure img", "src"), "/img/local.png");
    assert_eq!(texts(&page, ".content figcaption"), ["A local picture"]);
    assert_eq!(select(&page, ".content a#legacy-anchor").len(), 1);
    assert_eq!(
        attr(&page, ".content img[alt='Inline pixel art']", "src"),
        "data:image/png;base64,iVBORw0KGgo="
    );
    // A host allowed in site.yaml may serve images, and the policy says so.
    assert_eq!(
        attr(&page, ".content img[alt='Allowed remote host']", "src"),
        "https://images.example.org/settings.png"
    );
    let csp = attr(&page, "meta[http-equiv=Content-Security-Policy]", "content");
    assert!(
        csp.contains("img-src 'self' data: https://images.example.org"),
        "{csp}"
    );
    // nofollow is configured.
    assert_eq!(
        attr(
            &page,
            ".content a[href='https://support.example.org/']",
            "rel"
        ),
        "noopener noreferrer nofollow"
    );
}

#[test]
fn rule_lists_from_site_yaml_add_network_and_cosmetic_rules() {
    let site = Site::new("clean-rules");
    site.build_ok(&[]);
    let page = site.page("/page/");
    let html = site.output_text("/page/");
    assert!(
        !html.contains("mytracker.example"),
        "network rule from the list"
    );
    assert!(
        !html.contains("Sponsored words"),
        "cosmetic rule from the list"
    );
    assert!(text(one(&page, ".content")).contains("Text that stays."));
    assert_eq!(
        attr(&page, ".content a[href='https://ordinary.example/']", "rel"),
        "noopener noreferrer"
    );
}

#[test]
fn a_missing_rule_list_is_an_error() {
    let site = Site::new("clean-rules");
    site.remove("rules/mine.txt");
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in("error", "site.yaml", "rules/mine.txt");
}

#[test]
fn audit_fails_a_build_whose_template_loads_from_another_host() {
    let site = Site::new("audit-template");
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "/page/",
        "<script src> loads https://cdn.example/analytics.js",
    );
    assert!(
        !site.exists("public"),
        "nothing may be written when the audit fails"
    );
}

#[test]
fn audit_checks_stylesheets_from_static() {
    let site = Site::new("clean-rules");
    site.write(
        "static/theme.css",
        "body { background: url(https://cdn.example/bg.png) }\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in("error", "/theme.css", "loads https://cdn.example/bg.png");
}

/// The cleaner never sees a file from `static/`: the audit refuses a `javascript:` link in one,
/// names the file, and nothing is written.
#[test]
fn audit_refuses_a_script_url_in_a_static_page() {
    let site = Site::new("clean-rules");
    site.write(
        "static/old.html",
        "<!doctype html><title>Old</title><p><a href=\"javascript:alert(1)\">Run</a></p>\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    let diag = run.diagnostic_in(
        "error",
        "/old.html",
        "output file /old.html: <a href> holds a javascript: URL: javascript:alert(1)",
    );
    assert!(
        diag.help.as_deref().is_some_and(|h| h.contains("mailto:")),
        "{diag:?}"
    );
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
    assert!(
        !site.exists("public"),
        "nothing may be written when the audit fails"
    );
}

/// A template is trusted to write markup, not script: a `javascript:` link (hidden behind
/// entities, case and a tab) and an inline event handler in a template override both fail the
/// build, on every page the template writes.
#[test]
fn audit_refuses_a_template_that_writes_a_script_url_or_an_event_handler() {
    let site = Site::new("clean-rules");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1>{{ page.title }}</h1>\
         <a href=\"JaVa&#x09;Script&colon;alert(1)\">Run</a>\
         <button type=\"button\" onclick=\"alert(1)\">Go</button>\
         {{ page.content | safe }}{% endblock content %}\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "/page/",
        "output file /page/: <a href> holds a javascript: URL",
    );
    let handler = run.diagnostic_in(
        "error",
        "/page/",
        "<button onclick> event handler: alert(1)",
    );
    assert!(
        handler
            .help
            .as_deref()
            .is_some_and(|h| h.contains("template")),
        "{handler:?}"
    );
    assert!(!site.exists("public"));
}

/// An SVG opened on its own runs its scripts on the site's origin: one from `static/` with a
/// script or an event handler fails the build; the SVG images of the help site pass.
#[test]
fn audit_refuses_script_in_static_svg_files() {
    let site = Site::new("clean-rules");
    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\">\
         <script>alert(2)</script><circle r=\"5\"/></svg>\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in("error", "/logo.svg", "<svg onload> event handler");
    run.diagnostic_in("error", "/logo.svg", "<script> in an SVG file");
    assert_eq!(run.diagnostics().len(), 2, "{}", run.stderr);

    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Logo</title><circle r=\"5\"/></svg>\n",
    );
    site.build_ok(&[]);
}

#[test]
fn every_page_and_redirect_carries_the_content_security_policy() {
    let site = Site::new("clean-seedlike");
    site.write(
        "content/guides/moved.md",
        "---\ntitle: Moved\naliases: [/old-place/]\n---\n\nText.\n",
    );
    site.build_ok(&[]);
    for path in [
        "/",
        "/guides/",
        "/guides/republished/",
        "/old-place/",
        "/404.html",
        "/tags/",
    ] {
        let page = site.page(path);
        let csp = attr(&page, "meta[http-equiv=Content-Security-Policy]", "content");
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
    }
}

#[test]
fn heading_attributes_cannot_carry_event_handlers_or_styles() {
    let site = Site::new("clean-rules");
    site.write(
        "content/heading.md",
        "---\ntitle: Heading attributes\n---\n\n## Safe {#safe lang=de data-step=2}\n\n## Bad {onclick=alert(1) style=color:red}\n",
    );
    let run = site.build_ok(&["-v"]);
    let page = site.page("/heading/");
    assert_eq!(attr(&page, "h2#safe", "lang"), "de");
    assert_eq!(attr(&page, "h2#safe", "data-step"), "2");
    let bad = one(&page, "h2#bad");
    assert_eq!(bad.value().attr("onclick"), None);
    assert_eq!(bad.value().attr("style"), None);
    assert!(
        run.stderr
            .contains("line 7: an event handler (heading attribute `onclick`)"),
        "{}",
        run.stderr
    );
}

/// Found by `cargo fuzz` (fuzz/regressions/markdown_clean-detach-panic-ad-region-misnested-a):
/// an unclosed ad region around misnested links made the cleaner detach a node inside an
/// already detached subtree, and ego-tree panicked.
/// Since an unclosed region removes nothing, the same markup is also tried with the region
/// closed.
#[test]
fn regression_misnested_links_in_an_unclosed_ad_region_do_not_panic() {
    let site = Site::new("clean-rules");
    site.write("content/fuzzed.md", "<!ads begin><a>\ne<m><a>");
    let run = site.build_ok(&["-v"]);
    assert!(!run.stderr.contains("an ad region"), "{}", run.stderr);
    run.diagnostic("warning", "content/fuzzed.md:1", "never closed");
    site.write(
        "content/fuzzed.md",
        "<!ads begin><a>\ne<m><a><!ads end>\n\ntext",
    );
    site.build_ok(&[]);
}

/// Bug: `/\host` and `\/host` (two leading slashes or backslashes in any mix, also behind
/// whitespace, tabs and entities the browser drops) were taken for paths on this site, but
/// browsers load them from `host`: the images reached the page unreported and the links lacked
/// `rel`.
#[test]
fn regression_slash_backslash_urls_name_another_host() {
    let site = Site::new("clean-rules");
    site.write(
        "content/slashes.md",
        "---\ntitle: Slashes\n---\n\nText that stays.\n\n\
         <img src=\"/\\evil.example/p.png\" alt=\"a\">\n\n\
         <img src=\"\\/evil.example/w.png\" alt=\"b\">\n\n\
         <img src=\"&#x2F;&#x5C;evil.example/e.png\" alt=\"c\">\n\n\
         <img src=\" \t/&Tab;\\evil.example/t.png\" alt=\"d\">\n\n\
         <a href=\"/\\evil.example/\">x</a>\n\n\
         ![m](/\\evil.example/m.png)\n",
    );
    let run = site.build_ok(&["-v"]);
    let page = site.page("/slashes/");
    assert!(text(one(&page, ".content")).contains("Text that stays."));
    assert_eq!(
        select(&page, ".content img").len(),
        0,
        "{}",
        site.output_text("/slashes/")
    );
    assert_eq!(
        attr(&page, ".content a[href='/\\\\evil.example/']", "rel"),
        "noopener noreferrer"
    );
    let reported = run
        .stderr
        .matches("a third-party resource (<img src> loads from evil.example)")
        .count();
    assert_eq!(reported, 4, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("line 17: a third-party resource (image /\\evil.example/m.png)"),
        "{}",
        run.stderr
    );
}

/// Bug: the audit shared the cleaner's URL check, so `/\host` in a file from `static/` passed it.
#[test]
fn regression_audit_finds_slash_backslash_loads_in_static_files() {
    let site = Site::new("clean-rules");
    site.write(
        "static/old.html",
        "<!doctype html><title>Old</title><img src=\"\\/evil.example/w.png\">\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "/old.html",
        "<img src> loads \\/evil.example/w.png",
    );
}

/// Bug: the audit read attribute values with their character references still in, so
/// `&#104;ttps://` (which a browser reads as `https://`) in a template or a static page passed.
#[test]
fn regression_audit_decodes_character_references_in_attribute_values() {
    let site = Site::new("clean-rules");
    site.write(
        "static/refs.html",
        "<!doctype html><title>Refs</title>\
         <img src=\"&#104;ttps://evil.example/a.png\" alt=a>\
         <img src=\"&#x68ttps://evil.example/b.png\" alt=b>\
         <video poster=\"&sol;&sol;evil.example/c.png\"></video>\
         <link rel=\"&#115;tylesheet\" href=\"https://evil.example/d.css\">\
         <p style=\"background:url(&quot;https://evil.example/e.png&quot;)\">x</p>\
         <img src=\"/ok.png?a=1&amp;b=2\" alt=ok>\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    for url in [
        "https://evil.example/a.png",
        "https://evil.example/b.png",
        "//evil.example/c.png",
        "https://evil.example/d.css",
        "https://evil.example/e.png",
    ] {
        run.diagnostic_in("error", "/refs.html", &format!("loads {url}"));
    }
    assert_eq!(run.diagnostics().len(), 5, "{}", run.stderr);
}

/// Bug: CSS escapes hid loads: `@import "\68ttps://…"` and `u\72l(…)` in a stylesheet from
/// `static/` built with exit 0, and a style attribute written `u\72l(…)` went without a report.
#[test]
fn regression_css_escapes_do_not_hide_loads() {
    let site = Site::new("clean-rules");
    site.write(
        "static/x.css",
        "@import \"\\68ttps://evil.example/x.css\";\n\
         body{background:u\\72l(https://evil.example/b.png)}\n\
         p{background:u/**/r\\l(/* url(no) */'/ok.png')}\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in("error", "/x.css", "loads https://evil.example/x.css");
    run.diagnostic_in("error", "/x.css", "loads https://evil.example/b.png");
    assert_eq!(run.diagnostics().len(), 2, "{}", run.stderr);

    site.remove("static/x.css");
    site.write(
        "content/styled.md",
        "---\ntitle: Styled\n---\n\n<p style=\"background:u\\72l(/img.png)\">Kept text</p>\n",
    );
    let run = site.build_ok(&["-v"]);
    let page = site.page("/styled/");
    assert_eq!(texts(&page, ".content p"), ["Kept text"]);
    assert_eq!(select(&page, ".content [style]").len(), 0);
    assert!(
        run.stderr.contains(
            "line 5: a style that loads resources (style with a URL or CSS expression on <p>)"
        ),
        "{}",
        run.stderr
    );
}

/// Bug: with `clean.image_hosts: [allowed.example]`, `<img src="http://allowed.example/i.png">`
/// was kept, but the page's policy allows that host over https only, so the browser blocked the
/// image without a word. Plain http on an allowed host is refused and reported, saying so.
#[test]
fn regression_plain_http_images_on_allowed_hosts_are_refused() {
    let site = Site::new("clean-legit");
    site.write(
        "content/http.md",
        "---\ntitle: Plain http\n---\n\n\
         <img src=\"http://images.example.org/i.png\" alt=\"raw http\">\n\n\
         ![markdown http](http://images.example.org/m.png)\n\n\
         ![markdown https](https://images.example.org/ok.png)\n",
    );
    let run = site.build_ok(&["-v"]);
    let page = site.page("/http/");
    assert_eq!(
        attrs(&page, ".content img", "src"),
        ["https://images.example.org/ok.png"]
    );
    for expected in [
        "line 5: a third-party resource (<img src> loads from images.example.org over plain \
         http: use https://",
        "line 7: a third-party resource (image http://images.example.org/m.png: use https://",
    ] {
        assert!(
            run.stderr.contains(expected),
            "no `{expected}` in\n{}",
            run.stderr
        );
    }

    // A template or static page that does it fails the audit, with the same advice.
    site.write(
        "static/plain.html",
        "<!doctype html><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\
         <img src=\"http://images.example.org/s.png\">\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "/plain.html",
        "<img src> over plain http (use https://",
    );
}

/// Bug: a link with a `ping` attribute was removed with its text, as if it loaded a resource.
/// Only the attribute goes (reported as a tracking attribute); the link stays.
#[test]
fn regression_ping_removes_the_attribute_not_the_link() {
    let site = Site::new("clean-rules");
    site.write(
        "content/ping.md",
        "---\ntitle: Ping\n---\n\n\
         <a href=\"https://example.org/\" ping=\"https://evil.example/p\">t27</a>\n",
    );
    let run = site.build_ok(&["-v"]);
    let page = site.page("/ping/");
    let link = one(&page, ".content a[href='https://example.org/']");
    assert_eq!(text(link), "t27");
    assert_eq!(link.value().attr("ping"), None);
    assert_eq!(link.value().attr("rel"), Some("noopener noreferrer"));
    assert!(
        run.stderr
            .contains("line 5: a tracking attribute (ping to evil.example on <a>)"),
        "{}",
        run.stderr
    );
}

/// Bug: ad markers were matched as substrings, so `<!-- head start -->` (`ad start`) or
/// `<!-- download begin -->` (`ad begin`) in an ordinary guide opened an ad region, and with no
/// end marker after it the rest of the page was removed. A marker is now a whole comment.
#[test]
fn regression_ordinary_comments_are_not_ad_markers() {
    let site = Site::new("clean-rules");
    site.write(
        "content/comments.md",
        "---\ntitle: Comments\n---\n\n<!-- head start -->\n\nFirst part stays.\n\n\
         <!-- download begin -->\n\n<p>Second part stays.</p>\n\n<!-- reads end -->\n\n\
         Third part stays.\n",
    );
    let run = site.build_ok(&["-v"]);
    let page = site.page("/comments/");
    assert_eq!(
        texts(&page, ".content p"),
        [
            "First part stays.",
            "Second part stays.",
            "Third part stays."
        ]
    );
    assert!(
        !run.stderr.contains("content/comments.md"),
        "{}",
        run.stderr
    );
}

/// Bug: an ad begin marker without an end marker removed everything after it. It now removes
/// nothing and is a warning at its line; `--strict` and `check` make it an error.
#[test]
fn regression_an_unclosed_ad_region_removes_nothing_and_warns() {
    let site = Site::new("clean-rules");
    site.write(
        "content/unclosed.md",
        "---\ntitle: Unclosed\n---\n\nBefore.\n\n<!-- affiliate ads begin -->\n\n\
         <p>Inside, kept.</p>\n\nAfter, kept.\n",
    );
    let run = site.build_ok(&["-v"]);
    let page = site.page("/unclosed/");
    assert_eq!(
        texts(&page, ".content p"),
        ["Before.", "Inside, kept.", "After, kept."]
    );
    assert!(
        !run.stderr.contains("cleaned content/unclosed.md"),
        "{}",
        run.stderr
    );
    let warning = run.diagnostic(
        "warning",
        "content/unclosed.md:7",
        "ad region opened here is never closed; nothing was removed",
    );
    assert!(
        warning.help.as_deref().unwrap_or("").contains("* ads end"),
        "{warning:?}"
    );
    site.build(&["--strict"]).expect_code(1).diagnostic(
        "error",
        "content/unclosed.md:7",
        "never closed",
    );
    site.check(&[])
        .expect_code(1)
        .diagnostic("error", "content/unclosed.md:7", "never closed");
}

/// Bug: ammonia dropped what its allowlist does not keep without the clean report knowing:
/// `A <textarea>my text</textarea> B` became `A  B`, and `<svg>`, `<select>`, `<xmp>`, plain
/// style attributes and attributes such as `target` vanished, with `-v` silent and `--strict`
/// passing. Each is now reported at its line.
#[test]
fn regression_allowlist_removals_are_reported() {
    let site = Site::new("clean-rules");
    site.write(
        "content/dropped.md",
        "---\ntitle: Dropped\n---\n\n\
         A <textarea>my text</textarea> B\n\n\
         <svg width=\"10\"><circle r=\"5\"/></svg>\n\n\
         <select><option>one</option></select>\n\n\
         Raw <xmp>x</xmp> text\n\n\
         <p style=\"color:red\">Red</p>\n\n\
         <a href=\"/page/\" target=\"_blank\">Link</a>\n\n\
         | a | <kbd>b</kbd> |\n|:-:|---|\n| 1 | 2 |\n",
    );
    let run = site.build_ok(&["-v"]);
    let page = site.page("/dropped/");
    let content = one(&page, ".content");
    for gone in [
        "textarea",
        "svg",
        "select",
        "xmp",
        "[style]:not(th, td)",
        "[target]",
    ] {
        assert_eq!(
            select(&page, &format!(".content {gone}")).len(),
            0,
            "{gone}"
        );
    }
    assert!(text(content).contains("A B"), "{}", text(content));
    assert_eq!(texts(&page, ".content a[href='/page/']"), ["Link"]);
    // The column alignment Markdown writes is not a removal, and stays.
    assert_eq!(attrs(&page, ".content th", "style"), ["text-align: center"]);
    for expected in [
        "line 5: markup outside the allowlist (<textarea> with its content)",
        "line 7: markup outside the allowlist (<svg> with its content)",
        "line 9: markup outside the allowlist (<select> with its content)",
        "line 11: markup outside the allowlist (<xmp> with its content)",
        "line 13: markup outside the allowlist (style attribute on <p>)",
        "line 15: markup outside the allowlist (target attribute on <a>)",
    ] {
        assert!(
            run.stderr.contains(expected),
            "no `{expected}` in\n{}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr.matches("markup outside the allowlist").count(),
        6,
        "{}",
        run.stderr
    );
    let strict = site.build(&["--strict"]);
    strict.expect_code(1);
    strict.diagnostic(
        "error",
        "content/dropped.md:5",
        "content holds markup outside the allowlist: <textarea> with its content",
    );
    site.check(&[]).expect_code(1).diagnostic(
        "error",
        "content/dropped.md:15",
        "target attribute on <a>",
    );
}

/// Bug: a Markdown link whose only content was a removed image stayed as an empty link,
/// `<a href="https://ok.example/l2" rel="noopener noreferrer"></a>`. It now goes too, reported,
/// as a raw-HTML link around a removed ad already did; a link with text of its own stays.
#[test]
fn regression_markdown_link_around_a_removed_image_goes_too() {
    let site = Site::new("clean-rules");
    site.write(
        "content/wrapped.md",
        "---\ntitle: Wrapped\n---\n\nBefore.\n\n\
         [![tr](https://tracker.example/p.gif)](https://ok.example/l2)\n\n\
         [![tr](https://tracker.example/q.gif) and text](https://ok.example/l3)\n\n\
         <a href=\"https://ok.example/l4\"><img src=\"https://tracker.example/r.gif\"></a>\n\n\
         <a href=\"https://ok.example/l5\"><textarea>t</textarea></a>\n",
    );
    let run = site.build_ok(&["-v"]);
    let page = site.page("/wrapped/");
    assert_eq!(
        attrs(&page, ".content a", "href"),
        ["https://ok.example/l3"]
    );
    assert_eq!(texts(&page, ".content a"), ["and text"]);
    assert_eq!(select(&page, ".content img").len(), 0);
    assert_eq!(select(&page, ".content p:empty").len(), 0);
    assert!(
        run.stderr.contains(
            "line 7: a third-party resource (link to https://ok.example/l2 that only wrapped \
             removed content)"
        ),
        "{}",
        run.stderr
    );
    for expected in [
        "line 11: a third-party resource (link that only wrapped removed content)",
        "line 13: markup outside the allowlist (link that only wrapped removed content)",
    ] {
        assert!(
            run.stderr.contains(expected),
            "no `{expected}` in\n{}",
            run.stderr
        );
    }
}

/// Bug: the per-page `-v` report listed Markdown links and images first, then raw HTML, and in
/// raw HTML removed elements before removed attributes, so lines came out of order.
#[test]
fn regression_verbose_report_lists_removals_in_line_order() {
    let site = Site::new("clean-rules");
    site.write(
        "content/order.md",
        "---\ntitle: Order\n---\n\n\
         <p onclick=\"x()\">Para</p>\n\n\
         ![img](https://tracker.example/a.png)\n\n\
         <div><span onmouseover=\"y()\">s</span><script>z()</script></div>\n\n\
         <textarea>t</textarea>\n",
    );
    let run = site.build_ok(&["-v"]);
    let report: Vec<&str> = run
        .stderr
        .lines()
        .skip_while(|l| !l.starts_with("cleaned content/order.md"))
        .skip(1)
        .take_while(|l| l.starts_with("  line "))
        .collect();
    let lines: Vec<usize> = report
        .iter()
        .map(|l| {
            l.trim_start_matches("  line ")
                .split(':')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no line number in {l:?}"))
        })
        .collect();
    assert_eq!(lines, [5, 7, 9, 9, 11], "{report:#?}");
}

/// Bug: HTML pages copied from `static/` (and non-Markdown `.html` files in `content/`) were
/// published without the Content-Security-Policy meta, and the audit accepted that. They now
/// get the site's policy, first in `<head>` (or at the start when they have none), unless they
/// carry their own, whose loads the audit still checks.
#[test]
fn regression_copied_html_pages_carry_the_policy() {
    let site = Site::new("clean-rules");
    site.write(
        "static/old/help.html",
        "<!doctype html><html><head><title>Old help</title></head><body><p>Hi</p></body></html>\n",
    );
    site.write("static/bare.htm", "<p>No head at all</p>\n");
    site.write(
        "content/extra/page.html",
        "<!DOCTYPE html>\n<title>Extra</title><p>From content</p>\n",
    );
    let own_policy = "<meta http-equiv=\"content-security-policy\" content=\"default-src 'none'\">";
    site.write(
        "static/own.html",
        &format!("<head>{own_policy}</head><p>Own policy</p>\n"),
    );
    site.build_ok(&[]);
    for path in ["/old/help.html", "/bare.htm", "/extra/page.html"] {
        let page = site.page(path);
        let csp = attrs(
            &page,
            "head meta[http-equiv=Content-Security-Policy]",
            "content",
        );
        assert_eq!(csp.len(), 1, "{path}: {}", site.output_text(path));
        for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'"] {
            assert!(csp[0].contains(directive), "{path}: {csp:?}");
        }
    }
    // Inserted first in the head, before anything the page loads or runs.
    let help = site.output_text("/old/help.html");
    assert!(
        help.starts_with(
            "<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\""
        ),
        "{help}"
    );
    assert_eq!(texts(&site.page("/bare.htm"), "p"), ["No head at all"]);
    let own = site.page("/own.html");
    assert_eq!(
        attrs(&own, "meta[http-equiv]", "content"),
        ["default-src 'none'"]
    );

    // A page with its own policy is still audited for what it loads.
    site.write(
        "static/own.html",
        &format!("<head>{own_policy}</head><img src=\"https://evil.example/i.png\">\n"),
    );
    let run = site.build(&[]);
    run.expect_code(1);
    run.diagnostic_in(
        "error",
        "/own.html",
        "<img src> loads https://evil.example/i.png",
    );
}
