//! CSS read the way a browser reads it, for the questions the cleaner and the audit ask of it:
//! which URLs does it load, and can it load or run anything at all.
//!
//! CSS lets any character be written as an escape (`u\72l(` is `url(`, `"\68ttps://"` is
//! `"https://"`) and comments may stand between any two tokens, so a check that reads the text
//! as written misses what the browser sees. The CSS is tokenized by `cssparser` (Servo's and
//! Firefox's tokenizer, which follows CSS Syntax Level 3), every block and function included.
//! CSS with comments is read a second time with them taken out, as old Internet Explorer read
//! it (`expr/**/ession(` ran as `expression(`); what either reading finds counts. One piece of
//! code serves the cleaner (style attributes in content) and the audit (stylesheets, `<style>`
//! and style attributes in every written page).

use std::ops::Range;

use cssparser::{BasicParseErrorKind, ParseError, ParseErrorKind, Parser, Token};

/// What a piece of CSS (a stylesheet, a `<style>` element or a `style` attribute) loads or runs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// Every URL it loads, escapes decoded, in order: `url(…)` and `src(…)`, the strings of
    /// `image-set(…)` and `@import "…"`, and a `url(` the tokenizer could not close.
    pub urls: Vec<String>,
    /// It runs code: `expression(…)` (old Internet Explorer), `behavior:` or `-moz-binding:`.
    pub runs_code: bool,
    /// It names what loads or runs anything (`url`, `src`, `image-set`, `@import`,
    /// `expression`, `behavior`, `-moz-binding`), even where no URL could be read from it.
    pub names_a_load: bool,
    /// Its blocks nest deeper than the tokenizer follows (75 levels), so not all of it was read.
    pub too_deep: bool,
}

/// Functions whose strings (or unquoted argument) are URLs the browser loads.
const URL_FUNCTIONS: &[&str] = &["url", "src", "image-set", "-webkit-image-set"];

/// Names that load or run something, wherever they are written.
const LOADING_NAMES: &[&str] = &[
    "url",
    "src",
    "image-set",
    "-webkit-image-set",
    "import",
    "expression",
    "behavior",
    "-moz-binding",
];

/// Reads `css`.
pub fn read(css: &str) -> Reading {
    let mut reading = Reading::default();
    let comments = read_into(css, &mut reading);
    if !comments.is_empty() {
        let mut uncommented = String::with_capacity(css.len());
        let mut from = 0;
        for comment in comments {
            uncommented.push_str(&css[from..comment.start]);
            from = comment.end;
        }
        uncommented.push_str(&css[from..]);
        let mut again = Reading::default();
        read_into(&uncommented, &mut again);
        for url in again.urls {
            if !reading.urls.contains(&url) {
                reading.urls.push(url);
            }
        }
        reading.runs_code |= again.runs_code;
        reading.names_a_load |= again.names_a_load;
        reading.too_deep |= again.too_deep;
    }
    reading
}

/// Every URL the CSS loads ([`Reading::urls`]).
pub fn loads(css: &str) -> Vec<String> {
    read(css).urls
}

/// Whether the CSS loads a resource or runs code at all, or could not be read to the end.
pub fn loads_or_runs(css: &str) -> bool {
    let reading = read(css);
    !reading.urls.is_empty() || reading.runs_code || reading.names_a_load || reading.too_deep
}

/// Reads `css` into `reading`; returns the byte ranges of its comments.
fn read_into(css: &str, reading: &mut Reading) -> Vec<Range<usize>> {
    let mut parser = Parser::new(css);
    let mut walk = Walk {
        reading,
        comments: Vec::new(),
    };
    walk.block(&mut parser, false);
    walk.comments
}

/// One reading's state while it walks the tokens.
struct Walk<'r> {
    reading: &'r mut Reading,
    comments: Vec<Range<usize>>,
}

/// A name just read that gives the next token a meaning.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pending {
    /// `@import`: a string next is a URL.
    Import,
    /// The identifier `expression`: a `(` next runs it.
    Expression,
    /// `behavior` or `-moz-binding`: a `:` next makes it a property, which runs code.
    CodeProperty,
    /// Anything else.
    Nothing,
}

impl Walk<'_> {
    /// Reads the tokens of one block (the whole CSS at the top); `strings_are_urls` inside a
    /// URL function.
    fn block(&mut self, parser: &mut Parser<'_>, strings_are_urls: bool) {
        let mut pending = Pending::Nothing;
        loop {
            let start = parser.position().byte_index();
            let Ok(token) = parser.next_including_whitespace_and_comments() else {
                return;
            };
            let token = token.clone();
            let before = pending;
            pending = Pending::Nothing;
            match token {
                Token::Comment(_) => {
                    self.comments.push(start..parser.position().byte_index());
                    pending = before;
                }
                Token::WhiteSpace(_) => pending = before,
                Token::UnquotedUrl(url) | Token::BadUrl(url) => {
                    self.reading.names_a_load = true;
                    self.reading.urls.push(url.to_string());
                }
                Token::QuotedString(text) | Token::BadString(text)
                    if strings_are_urls || before == Pending::Import =>
                {
                    self.reading.urls.push(text.to_string());
                }
                Token::AtKeyword(name) => {
                    self.note_name(&name);
                    if name.eq_ignore_ascii_case("import") {
                        pending = Pending::Import;
                    }
                }
                Token::Ident(name) => {
                    self.note_name(&name);
                    if name.eq_ignore_ascii_case("expression") {
                        pending = Pending::Expression;
                    } else if name.eq_ignore_ascii_case("behavior")
                        || name.eq_ignore_ascii_case("-moz-binding")
                    {
                        pending = Pending::CodeProperty;
                    }
                }
                Token::Colon if before == Pending::CodeProperty => self.reading.runs_code = true,
                Token::Function(name) => {
                    self.note_name(&name);
                    if name.eq_ignore_ascii_case("expression") {
                        self.reading.runs_code = true;
                    }
                    let urls = URL_FUNCTIONS.iter().any(|f| name.eq_ignore_ascii_case(f));
                    self.nested(parser, urls);
                }
                Token::ParenthesisBlock => {
                    if before == Pending::Expression {
                        self.reading.runs_code = true;
                    }
                    self.nested(parser, false);
                }
                Token::CurlyBracketBlock | Token::SquareBracketBlock => self.nested(parser, false),
                _ => {}
            }
        }
    }

    /// Reads the block or function the parser has just opened.
    fn nested(&mut self, parser: &mut Parser<'_>, strings_are_urls: bool) {
        let read: Result<(), ParseError<()>> = parser.parse_nested_block(|inner| {
            self.block(inner, strings_are_urls);
            Ok(())
        });
        if let Err(ParseError {
            kind: ParseErrorKind::Basic(BasicParseErrorKind::TooManyNestedBlocks),
            ..
        }) = read
        {
            self.reading.too_deep = true;
        }
    }

    fn note_name(&mut self, name: &str) {
        if LOADING_NAMES.iter().any(|n| name.eq_ignore_ascii_case(n)) {
            self.reading.names_a_load = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{loads, loads_or_runs, read};

    #[test]
    fn escapes_are_decoded_as_the_css_syntax_says() {
        assert_eq!(loads(r"a{b:u\72l(x)}"), ["x"]);
        assert_eq!(loads(r"u\000072 l(x)"), ["x"]);
        assert_eq!(loads(r"url(\68ttps://e.example/)"), ["https://e.example/"]);
        assert_eq!(
            loads("@import \"\\68\r\nttps://e.example/\";"),
            ["https://e.example/"]
        );
        assert_eq!(loads(r"url(\00004a7)"), ["J7"]);
        assert_eq!(loads(r"url(\0 a\D800 b)"), ["\u{FFFD}a\u{FFFD}b"]);
        assert_eq!(loads(r"\u\r\l(x)"), ["x"]);
        assert_eq!(loads("@import \"a\\\nb\";"), ["ab"]);
        assert_eq!(loads(r"@\69mport 'x.css';"), ["x.css"]);
    }

    #[test]
    fn comments_go_outside_strings_only() {
        assert_eq!(loads("u/* x */rl(a)"), ["a"]);
        assert_eq!(loads("@import \"/*c*/x\";"), ["/*c*/x"]);
        assert_eq!(loads(r"\2f* url(y) */"), ["y"]);
        assert_eq!(loads("/* unclosed url(x)"), Vec::<String>::new());
        assert!(loads_or_runs("width: expr/**/ession(alert(1))"));
    }

    #[test]
    fn escaped_loads_are_found() {
        assert_eq!(
            loads(r#"@import "\68ttps://evil.example/x.css";"#),
            ["https://evil.example/x.css"]
        );
        assert_eq!(
            loads(r"body{background:u\72l(https://evil.example/b.png)}"),
            ["https://evil.example/b.png"]
        );
        assert_eq!(
            loads("a{background:url( 'x.png' ) /* url(no) */}"),
            ["x.png"]
        );
        assert!(loads_or_runs(r"background: u\72l(x)"));
        assert!(loads_or_runs("width: expression (alert(1))"));
        assert!(!loads_or_runs("color: red; text-align: center"));
    }

    #[test]
    fn every_place_a_url_can_be_is_read() {
        assert_eq!(
            loads(
                "@media print{@supports (display:grid){.a{background:image-set(\"/1.png\" 1x, 'https://e.example/2.png' 2x)}}}\
                 @font-face{src:url(/f.woff2) format('woff2'), src('/g.woff')}\
                 .b{cursor:-webkit-image-set(url(/c.png) 1x), auto}"
            ),
            [
                "/1.png",
                "https://e.example/2.png",
                "/f.woff2",
                "/g.woff",
                "/c.png"
            ]
        );
        // A url( that is never closed still names its URL.
        assert_eq!(
            loads("a{b:url(https://e.example/x\"y)}"),
            ["https://e.example/x\"y"]
        );
        // Strings elsewhere are not loads.
        assert_eq!(
            loads("a::before{content:'url(https://e.example/)'}"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn code_and_unreadable_nesting_are_told_apart_from_urls() {
        for css in [
            "x{behavior: url(a.htc)}",
            "x{-moz-binding : url(a.xml#b)}",
            "width: expression(alert(1))",
            "width: EXPRESSION (alert(1))",
        ] {
            assert!(read(css).runs_code, "{css}");
        }
        assert!(!read("scroll-behavior: smooth; overscroll-behavior: none").runs_code);
        let deep = format!("a{{b:{}url(x){}}}", "f(".repeat(100), ")".repeat(100));
        let reading = read(&deep);
        assert!(reading.too_deep);
        assert!(loads_or_runs(&deep));
        assert!(!read("a{b:c(d(e))}").too_deep);
    }
}
