//! Syntax highlighting of fenced code blocks at build time, as a few CSS classes.
//!
//! Readers get colored code without a script, and the Content-Security-Policy stays as it is:
//! the output is `<span class="hl-…">` around tokens, never a `style` attribute. The grammars are
//! bat's set of Sublime Text syntaxes (syntect's parser, via two-face), which has PowerShell and
//! Batch File besides JSON, YAML, Rust, shell and HTML. Each grammar names tokens with its own
//! TextMate scopes; we fold them into seven token kinds ([`KINDS`]), so a theme colors seven
//! classes (the default theme's light and dark palettes are in `code.css`) and a page carries
//! short class names. A language the set does not know, or none, stays plain escaped text.

use std::sync::LazyLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The grammars, loaded once, on the first code block that names a language.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Token kinds and their classes: a token takes the kind of the innermost scope that starts
/// with one of the prefixes (the first that matches, in this order). `storage` is a keyword:
/// grammars put `let`, `fn` and `function` under `storage.type`.
const KINDS: [(&str, &[&str]); 7] = [
    ("hl-c", &["comment"]),
    ("hl-s", &["string"]),
    ("hl-n", &["constant"]),
    (
        "hl-f",
        &[
            "entity.name.function",
            "support.function",
            "variable.function",
        ],
    ),
    (
        "hl-t",
        &[
            "entity.name.tag",
            "entity.other.attribute-name",
            "entity.name.type",
            "support.type",
        ],
    ),
    ("hl-k", &["keyword", "storage"]),
    ("hl-v", &["variable"]),
];

/// Names readers write after the fence that the grammars know by another name.
const ALIASES: [(&str, &str); 5] = [
    ("batch", "bat"),
    ("pwsh", "ps1"),
    ("shell", "sh"),
    ("console", "sh"),
    ("yml", "yaml"),
];

/// The scopes of [`KINDS`], parsed once.
static KIND_SCOPES: LazyLock<Vec<(&'static str, Vec<Scope>)>> = LazyLock::new(|| {
    KINDS
        .iter()
        .map(|(class, prefixes)| {
            let scopes = prefixes
                .iter()
                .map(|p| Scope::new(p).expect("a valid scope"))
                .collect();
            (*class, scopes)
        })
        .collect()
});

/// The grammar for a fence's language (its info string's first word), unless it is plain text.
fn syntax_for(language: &str) -> Option<&'static SyntaxReference> {
    let language = language.to_ascii_lowercase();
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == language)
        .map_or(language.as_str(), |(_, name)| name);
    if token.is_empty() || token == "text" || token == "txt" || token == "plain" {
        return None;
    }
    SYNTAXES.find_syntax_by_token(token)
}

/// Whether a fence's language gets highlighted.
pub fn knows(language: &str) -> bool {
    syntax_for(language).is_some()
}

/// The class of the innermost scope on the stack that names a token kind.
fn class_of(stack: &ScopeStack) -> Option<&'static str> {
    stack.as_slice().iter().rev().find_map(|scope| {
        KIND_SCOPES
            .iter()
            .find(|(_, prefixes)| prefixes.iter().any(|p| p.is_prefix_of(*scope)))
            .map(|(class, _)| *class)
    })
}

/// Writes text escaped for an element's content.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Runs of text with one class each, merged where neighbours share it, as HTML.
#[derive(Default)]
struct Spans {
    html: String,
    open: Option<&'static str>,
}

impl Spans {
    fn push(&mut self, class: Option<&'static str>, text: &str) {
        if text.is_empty() {
            return;
        }
        // Whitespace takes no color: it joins the run it sits in rather than split it.
        let class = if text.trim().is_empty() {
            self.open
        } else {
            class
        };
        if class != self.open {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(class) = class {
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
            }
            self.open = class;
        }
        push_escaped(&mut self.html, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}

/// The code as HTML with its tokens in `hl-*` spans, or `None` when the language is not one
/// the grammars know (the caller writes the code plain) or the grammar fails on it.
pub fn highlight(language: &str, code: &str) -> Option<String> {
    let syntax = syntax_for(language)?;
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut spans = Spans::default();
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let mut at = 0;
        for (offset, op) in ops {
            spans.push(class_of(&stack), &line[at..offset]);
            stack.apply(&op).ok()?;
            at = offset;
        }
        spans.push(class_of(&stack), &line[at..]);
    }
    Some(spans.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_languages_the_guides_use_are_known() {
        for language in [
            "powershell",
            "PowerShell",
            "ps1",
            "pwsh",
            "cmd",
            "bat",
            "batch",
            "json",
            "yaml",
            "yml",
            "rust",
            "sh",
            "bash",
            "shell",
            "html",
        ] {
            assert!(knows(language), "{language}");
        }
        for language in ["", "text", "plain", "no-such-language"] {
            assert!(!knows(language), "{language}");
        }
    }

    #[test]
    fn powershell_tokens_take_classes() {
        let html = highlight(
            "powershell",
            "# key\n(Get-CimInstance SoftwareLicensingService).OA3xOriginalProductKey -eq 'x' $a 1\n",
        )
        .unwrap();
        assert!(html.contains("<span class=\"hl-c\"># key"), "{html}");
        assert!(
            html.contains("<span class=\"hl-f\">Get-CimInstance</span>"),
            "{html}"
        );
        // Whitespace joins the run before it rather than close it.
        assert!(html.contains("<span class=\"hl-k\">-eq </span>"), "{html}");
        assert!(html.contains("<span class=\"hl-s\">'x' </span>"), "{html}");
        assert!(html.contains("<span class=\"hl-v\">$a </span>"), "{html}");
        assert!(!html.contains("style"), "{html}");
    }

    #[test]
    fn code_is_escaped_and_kept_whole() {
        let code = "<p class=\"a\">&amp;</p>\n";
        let html = highlight("html", code).unwrap();
        assert!(!html.contains("<p"), "{html}");
        let text = html
            .split('<')
            .map(|part| part.split_once('>').map_or(part, |(_, t)| t))
            .collect::<String>();
        assert_eq!(text, "&lt;p class=\"a\"&gt;&amp;amp;&lt;/p&gt;\n");
    }
}
