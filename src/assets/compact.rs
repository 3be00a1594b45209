//! Built-in scripts and the default stylesheets as served: minified.
//!
//! The theme's files are written to be read, with comments saying why; every page of a site
//! downloads them, and the help site holds each guide page, with its stylesheet and scripts, to
//! 50 KB. So the copies the build writes drop what only a maintainer reads. Scripts go through
//! oxc's minifier (a parser, so no rule about how they are written); stylesheets lose comments
//! and spaces by the rules below, which are safe for the way ours are written (a unit test
//! holds them to that). Only our own files go through here, never a site's `static/` files.

use std::sync::LazyLock;

use oxc::allocator::Allocator;
use oxc::codegen::{Codegen, CodegenOptions};
use oxc::minifier::{Minifier, MinifierOptions};
use oxc::parser::Parser;
use oxc::span::SourceType;

/// A script minified by oxc: comments and spaces dropped, local names shortened, code folded
/// where it means the same. Each built-in script is an ES module, so its top-level names are
/// its own to rename.
///
/// # Panics
///
/// When `source` is not a valid module; only our own scripts come here, and a unit test
/// minifies each of them.
pub(crate) fn script(source: &str) -> String {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::mjs()).parse();
    assert!(
        parsed.diagnostics.is_empty() && !parsed.panicked,
        "a built-in script does not parse: {:?}",
        parsed.diagnostics
    );
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions::default()).minify(&allocator, &mut program);
    Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code
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
    fn scripts_lose_comments_spaces_and_long_local_names_but_keep_strings() {
        let source = "// header\nfunction double(value) {\n  // why\n  return `x // ${value * 2}`;\n}\n\ndocument.title = double(1);\n";
        let minified = script(source);

        assert!(minified.contains("`x // ${"), "{minified}");
        assert!(
            !minified.contains("why") && !minified.contains("value"),
            "{minified}"
        );
        assert!(minified.contains("document.title"), "{minified}");
    }

    #[test]
    fn the_built_in_scripts_minify_to_at_most_two_thirds() {
        for source in [
            super::super::STATUS_SCRIPT,
            super::super::SEARCH_SCRIPT,
            super::super::CODE_SCRIPT,
            super::super::TABS_SCRIPT,
        ] {
            assert!(script(source).len() * 3 <= source.len() * 2);
        }
    }

    #[test]
    fn stylesheets_lose_comments_and_indentation_only() {
        let source = "/* theme */\n:root {\n  --a: 1px; /* note */\n}\n.x::after, .y a { content: \" \\2192\"; font: 1rem \"Segoe UI\", serif; }\n";
        assert_eq!(
            stylesheet(source),
            ":root{\n--a:1px;\n}\n.x::after,.y a{content:\" \\2192\";font:1rem \"Segoe UI\",serif;}\n"
        );
    }

    /// The built-in stylesheets are written the way these rules expect: no comment marker or
    /// spaced separator inside a string.
    #[test]
    fn the_built_in_stylesheets_fit_the_rules() {
        let css = without_css_comments(super::super::STYLE_SOURCE)
            + &without_css_comments(super::super::CODE_STYLE)
            + &without_css_comments(super::super::TABS_STYLE);
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
