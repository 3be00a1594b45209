//! Built-in scripts and the default stylesheet as served: without comments and indentation.
//!
//! The theme's files are written to be read, with comments saying why; every page of a site
//! downloads them, and the help site holds each guide page, with its stylesheet and scripts, to
//! 50 KB. So the copies the build writes drop what only a maintainer reads. Only our own
//! files go through here, never a site's `static/` files: the rules below are safe for the
//! way these files are written (no multi-line strings or template literals, comments on lines
//! of their own or CSS block comments), and a unit test holds the files to that.

use std::sync::LazyLock;

/// A script with its comment lines, blank lines and indentation removed; line breaks stay, so
/// automatic semicolon insertion reads the code as before.
pub(crate) fn script(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_block = false;
    for line in source.lines() {
        let line = line.trim();
        if in_block {
            in_block = !line.contains("*/");
            continue;
        }
        if line.starts_with("//") || line.is_empty() {
            continue;
        }
        if line.starts_with("/*") {
            in_block = !line.contains("*/");
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The spaces a stylesheet can do without, and what each becomes.
const CSS_SPACES: [(&str, &str); 6] = [
    (": ", ":"),
    (", ", ","),
    ("; ", ";"),
    (" {", "{"),
    ("{ ", "{"),
    (" }", "}"),
];

/// A stylesheet without comments, blank lines, indentation and the spaces around `:`, `,`,
/// `;` and braces (none of our stylesheet's strings holds those sequences).
pub(crate) fn stylesheet(source: &str) -> String {
    let text = without_css_comments(source);
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(line);
        out.push('\n');
    }
    for (spaced, tight) in CSS_SPACES {
        out = out.replace(spaced, tight);
    }
    out
}

/// The stylesheet without its `/* … */` comments.
fn without_css_comments(source: &str) -> String {
    let mut text = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    text
}

/// The default stylesheet as served.
pub(crate) static STYLE: LazyLock<String> = LazyLock::new(|| stylesheet(super::STYLE_SOURCE));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_lose_comments_and_indentation_only() {
        let source = "// header\n/**\n * doc\n */\nfunction f(a) {\n  // why\n  return `x // y`;\n}\n\n/* one */\nf(1);\n";
        assert_eq!(
            script(source),
            "function f(a) {\nreturn `x // y`;\n}\nf(1);\n"
        );
    }

    #[test]
    fn stylesheets_lose_comments_and_indentation_only() {
        let source = "/* theme */\n:root {\n  --a: 1px; /* note */\n}\n.x::after, .y a { content: \" \\2192\"; font: 1rem \"Segoe UI\", serif; }\n";
        assert_eq!(
            stylesheet(source),
            ":root{\n--a:1px;\n}\n.x::after,.y a{content:\" \\2192\";font:1rem \"Segoe UI\",serif;}\n"
        );
    }

    /// The built-in files are written the way these rules expect: no string or template
    /// literal spans lines, and no comment marker sits inside a string.
    #[test]
    fn the_built_in_files_fit_the_rules() {
        for (name, source) in [
            ("status.js", super::super::STATUS_SCRIPT),
            ("search.js", super::super::SEARCH_SCRIPT),
            ("code.js", super::super::CODE_SCRIPT),
        ] {
            for (i, line) in source.lines().enumerate() {
                assert_eq!(
                    line.matches('`').count() % 2,
                    0,
                    "{name}:{}: a template literal spans lines",
                    i + 1
                );
                let code = line.trim_start();
                if !code.starts_with("//") && !code.starts_with('*') && !code.starts_with("/*") {
                    assert!(
                        !code.contains("/*"),
                        "{name}:{}: a block comment after code",
                        i + 1
                    );
                }
            }
        }
        let css = without_css_comments(super::super::STYLE_SOURCE)
            + &without_css_comments(super::super::CODE_STYLE);
        for string in css.split('"').skip(1).step_by(2) {
            assert!(
                !string.contains("/*"),
                "a comment marker in the CSS string {string:?}"
            );
            for (spaced, _) in CSS_SPACES {
                assert!(
                    !string.contains(spaced),
                    "{spaced:?} in the CSS string {string:?}"
                );
            }
        }
        assert!(
            !css.contains('\''),
            "single-quoted CSS strings are not checked"
        );
        assert!(STYLE.len() < super::super::STYLE_SOURCE.len());
    }
}
