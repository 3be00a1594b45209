//! Table-driven tests of [`super::convert`]: one HTML fragment in, the exact Markdown out, and
//! exactly what the author is told about it.
//!
//! Each fragment is judged by the build's default cleaner as `body.rs` does it, without its
//! source-line markers, so every finding is at line 0 and is written here as `removed: …`,
//! `remote image: …` or `relative: …`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use scraper::Html;

use super::convert;
use crate::clean::Cleaner;
use crate::config::CleanConfig;
use crate::import::judge;
use crate::import::report::Findings;

/// One case: the HTML, the Markdown it becomes, and every finding it gives, in order.
type Row = (&'static str, &'static str, &'static [&'static str]);

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        Cleaner::new(
            &CleanConfig::default(),
            Path::new("."),
            "https://help.example/",
        )
        .unwrap_or_else(|_| panic!("the default rules compile"))
    })
}

/// `html` as Markdown (blocks joined as `body.rs` joins them) and its findings; `targets` are
/// the ids the rest of the document links to.
fn converted(html: &str, targets: &[&str]) -> (String, Vec<String>) {
    let mut doc = Html::parse_fragment(html);
    let judged = judge::judge(&mut doc, cleaner());
    let targets: HashSet<String> = targets.iter().map(|t| (*t).to_owned()).collect();
    let mut found = Findings::default();
    let markdown = convert(&doc, &judged, cleaner(), &targets, &mut found).join("\n\n");
    let findings = found
        .removed
        .iter()
        .map(|f| format!("removed: {}", f.what))
        .chain(
            found
                .remote_images
                .iter()
                .map(|f| format!("remote image: {}", f.what)),
        )
        .chain(
            found
                .relative_links
                .iter()
                .map(|f| format!("relative: {}", f.what)),
        )
        .chain(
            found
                .warnings
                .iter()
                .map(|f| format!("warning: {}", f.what)),
        )
        .collect();
    (markdown, findings)
}

/// Runs every row and fails once, listing every row that did not give what it expects.
fn check_with_targets(rows: &[Row], targets: &[&str]) {
    let mut failures = Vec::new();
    for (html, markdown, findings) in rows {
        let (got, got_findings) = converted(html, targets);
        if got != *markdown || got_findings != *findings {
            failures.push(format!(
                "HTML:     {html:?}\nexpected: {markdown:?}\n          {findings:?}\n\
                 got:      {got:?}\n          {got_findings:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n\n")
    );
}

fn check(rows: &[Row]) {
    check_with_targets(rows, &[]);
}

/// One case carried through to the page: the HTML, the Markdown it becomes, and the HTML the
/// build makes of that Markdown, which must show what the original showed.
type RenderedRow = (&'static str, &'static str, &'static str);

/// Markdown as the build's Markdown stage parses it (pulldown-cmark, the build's options).
fn rendered(markdown: &str) -> String {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(markdown, crate::markdown::options());
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

/// Runs every row (none may give a finding) and fails once, listing every row whose Markdown
/// or rendered HTML is not what it expects.
fn check_rendered(rows: &[RenderedRow]) {
    let mut failures = Vec::new();
    for (html, markdown, page) in rows {
        let (got, findings) = converted(html, &[]);
        let got_page = rendered(&got);
        if got != *markdown || got_page != *page || !findings.is_empty() {
            failures.push(format!(
                "HTML:     {html:?}\nexpected: {markdown:?}\n          renders {page:?}\n\
                 got:      {got:?}\n          renders {got_page:?}\n          {findings:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n\n")
    );
}

#[test]
fn headings() {
    check(&[
        ("<h1>Title</h1>", "# Title", &[]),
        ("<h2>Two</h2><h3>Three</h3>", "## Two\n\n### Three", &[]),
        (
            "<h4>Four</h4><h5>Five</h5><h6>Six</h6>",
            "#### Four\n\n##### Five\n\n###### Six",
            &[],
        ),
        // Inline content, whitespace collapsed, a <br> written as a space.
        (
            "<h2>  Reset <em>the</em>\n  key<br>now </h2>",
            "## Reset *the* key now",
            &[],
        ),
        // `#` and `{` are escaped in headings (a closing sequence, heading attributes).
        ("<h2>C# and {braces}</h2>", r"## C\# and \{braces}", &[]),
        // An id other than the text's slug is kept as `{#id}`; the slug's own id is not needed.
        (
            r#"<h2 id="reset-steps">Reset it</h2>"#,
            "## Reset it {#reset-steps}",
            &[],
        ),
        (r#"<h2 id="reset-it">Reset it</h2>"#, "## Reset it", &[]),
        (r#"<h2 id="not valid!">Reset</h2>"#, "## Reset", &[]),
        // A heading with nothing to show goes.
        ("<h2> </h2><p>Text</p>", "Text", &[]),
    ]);
}

#[test]
fn paragraphs_and_whitespace() {
    check(&[
        ("<p>One</p><p>Two</p>", "One\n\nTwo", &[]),
        // Runs of whitespace are one space; edges do not show.
        (
            "<p>  Open \n\n  the\tSettings   app. </p>",
            "Open the Settings app.",
            &[],
        ),
        // One <br> is a hard break; two in a row end the paragraph.
        ("<p>Line one<br>Line two</p>", "Line one  \nLine two", &[]),
        (
            "<p>Part one<br><br>Part two</p>",
            "Part one\n\nPart two",
            &[],
        ),
        (
            "<p>Space before <br> the break</p>",
            "Space before  \nthe break",
            &[],
        ),
        // Loose text and containers: text runs become paragraphs, blocks break them.
        (
            "Loose text<div>In a div</div>More text",
            "Loose text\n\nIn a div\n\nMore text",
            &[],
        ),
        ("<div><section><p>Deep</p></section></div>", "Deep", &[]),
        // Unknown elements are transparent.
        (
            "<p>A <span>span</span> and <font>font</font>.</p>",
            "A span and font.",
            &[],
        ),
        // A block inside a paragraph's inline content is only spaced.
        ("<p>a<span><div>b</div></span>c</p>", "a\n\nb\n\nc", &[]),
        // Empty paragraphs write nothing.
        ("<p> </p><p>\n</p><p>Kept</p>", "Kept", &[]),
        ("<hr>", "---", &[]),
        (
            "<p>Before</p><hr><p>After</p>",
            "Before\n\n---\n\nAfter",
            &[],
        ),
    ]);
}

#[test]
fn emphasis() {
    check(&[
        (
            "<p><strong>Bold</strong> and <b>b</b></p>",
            "**Bold** and **b**",
            &[],
        ),
        ("<p><em>Em</em> and <i>i</i></p>", "*Em* and *i*", &[]),
        // Spaces at an element's edges move outside its delimiters.
        ("<p>a<b> bold </b>b</p>", "a **bold** b", &[]),
        ("<p>a<em> em</em>b</p>", "a *em*b", &[]),
        // Nested emphasis of the same kind is written once.
        (
            "<p><b>one <strong>two</strong> three</b></p>",
            "**one two three**",
            &[],
        ),
        ("<p><strong><em>both</em></strong></p>", "***both***", &[]),
        // Emphasis with nothing in it leaves only its space.
        ("<p>a<b> </b>b</p>", "a b", &[]),
        // A line break at an element's edge goes outside its delimiters.
        (
            "<p><b>Step 1:<br></b>Open Settings.</p>",
            "**Step 1:**  \nOpen Settings.",
            &[],
        ),
        ("<p>a <i><br>b</i></p>", "a  \n*b*", &[]),
        ("<p>a <b><br></b> b</p>", "a  \nb", &[]),
        ("<p>a<b><br><br></b>b</p>", "a\n\nb", &[]),
        (
            "<p><del>old</del> <s>gone</s> <strike>struck</strike></p>",
            "~~old~~ ~~gone~~ ~~struck~~",
            &[],
        ),
    ]);
}

#[test]
fn emphasis_of_one_kind_is_written_once() {
    // Side by side, or nested: one run of emphasis.
    check_rendered(&[
        (
            "<p><b>Win</b><b>dows</b></p>",
            "**Windows**",
            "<p><strong>Windows</strong></p>\n",
        ),
        (
            "<p><i>a</i><em>b</em> c</p>",
            "*ab* c",
            "<p><em>ab</em> c</p>\n",
        ),
        (
            "<p><del>a</del><s>b</s></p>",
            "~~ab~~",
            "<p><del>ab</del></p>\n",
        ),
        (
            "<p><strong><em>a</em></strong><strong><em>b</em></strong></p>",
            "***ab***",
            "<p><em><strong>ab</strong></em></p>\n",
        ),
        // Nested strikethrough is written once (`~~~~` would open a code block).
        (
            "<p><del><s>gone</s> too</del></p>",
            "~~gone too~~",
            "<p><del>gone too</del></p>\n",
        ),
        // A `*` of the text is no delimiter.
        (
            "<p><b>2*</b><b>3</b></p>",
            r"**2\*3**",
            "<p><strong>2*3</strong></p>\n",
        ),
        // Through an element that only writes its content.
        (
            "<p><b>a</b><span><b>b</b></span></p>",
            "**ab**",
            "<p><strong>ab</strong></p>\n",
        ),
        // Apart, or of different kinds, they stay apart.
        (
            "<p><b>a</b> <b>b</b></p>",
            "**a** **b**",
            "<p><strong>a</strong> <strong>b</strong></p>\n",
        ),
        (
            "<p><b>a</b><i>b</i><b>c</b></p>",
            "**a***b***c**",
            "<p><strong>a</strong><em>b</em><strong>c</strong></p>\n",
        ),
    ]);
}

#[test]
fn emphasis_against_punctuation_still_emphasizes() {
    check_rendered(&[
        // A `*` run can open and close inside a word.
        ("<p><em>x</em>y</p>", "*x*y", "<p><em>x</em>y</p>\n"),
        // Opening before punctuation needs a space or punctuation before it: a word's last
        // character is written as a reference.
        (
            "<p>a<strong>.b</strong></p>",
            "&#97;**.b**",
            "<p>a<strong>.b</strong></p>\n",
        ),
        (
            "<p>x<b><i>(y)</i></b></p>",
            "&#120;***(y)***",
            "<p>x<em><strong>(y)</strong></em></p>\n",
        ),
        // Closing after punctuation needs a space or punctuation after it.
        ("<p><em>x.</em>y</p>", "*x.*&#121;", "<p><em>x.</em>y</p>\n"),
        (
            "<p><b><code>slmgr</code></b>s and <b><a href=\"https://example.com/\">link</a></b>s</p>",
            "**`slmgr`**&#115; and **[link](https://example.com/)**&#115;",
            "<p><strong><code>slmgr</code></strong>s and <strong><a href=\"https://example.com/\">link</a></strong>s</p>\n",
        ),
        (
            "<p><b>「設定」</b>を開く</p>",
            "**「設定」**&#12434;開く",
            "<p><strong>「設定」</strong>を開く</p>\n",
        ),
        (
            "<p><del>x.</del>y</p>",
            "~~x.~~&#121;",
            "<p><del>x.</del>y</p>\n",
        ),
        (
            "<p><i>x.</i><a>y</a></p>",
            "*x.*&#121;",
            "<p><em>x.</em>y</p>\n",
        ),
        (
            "<h2><b>x.</b>y</h2>",
            "## **x.**&#121;",
            "<h2><strong>x.</strong>y</h2>\n",
        ),
        // Spaces and punctuation around it need nothing.
        (
            "<p>(<b>.b</b>) <i>x.</i> y, <b>z.</b>!</p>",
            "(**.b**) *x.* y, **z.**!",
            "<p>(<strong>.b</strong>) <em>x.</em> y, <strong>z.</strong>!</p>\n",
        ),
        // `~~` opens before punctuation anyway.
        (
            "<p>a<del>.b</del></p>",
            "a~~.b~~",
            "<p>a<del>.b</del></p>\n",
        ),
    ]);
}

#[test]
fn links() {
    check(&[
        (
            r#"<p><a href="https://example.com/docs">the docs</a></p>"#,
            "[the docs](https://example.com/docs)",
            &[],
        ),
        (
            r#"<p><a href=" https://example.com/ " title="Its  &quot;title&quot;">x</a></p>"#,
            r#"[x](https://example.com/ "Its \"title\"")"#,
            &[],
        ),
        // Relative links pointed into the original site: kept and listed.
        (
            r#"<p><a href="/guides/reset.html">Reset</a></p>"#,
            "[Reset](/guides/reset.html)",
            &["relative: link /guides/reset.html"],
        ),
        (
            r#"<p><a href="other.md">Other</a></p>"#,
            "[Other](other.md)",
            &["relative: link other.md"],
        ),
        // Fragments and the site's own address are not relative.
        (
            r##"<p><a href="#steps">Steps</a></p>"##,
            "[Steps](#steps)",
            &[],
        ),
        (
            r#"<p><a href="mailto:help@example.com">Mail us</a></p>"#,
            "[Mail us](mailto:help@example.com)",
            &[],
        ),
        // Destinations Markdown cannot hold as they are go in <...>.
        (
            r#"<p><a href="https://example.com/a b">spaced</a></p>"#,
            "[spaced](<https://example.com/a b>)",
            &[],
        ),
        (
            r#"<p><a href="https://example.com/x(1)">parens</a></p>"#,
            "[parens](https://example.com/x(1))",
            &[],
        ),
        (
            r#"<p><a href="https://example.com/x)(">unbalanced</a></p>"#,
            "[unbalanced](<https://example.com/x)(>)",
            &[],
        ),
        // Formatting inside and around the link text.
        (
            r#"<p>See <a href="https://example.com/"> <b>this</b> page </a>now.</p>"#,
            "See [**this** page](https://example.com/) now.",
            &[],
        ),
        (
            r#"<p><a href="https://example.com/">Link<br></a>next</p>"#,
            "[Link](https://example.com/)  \nnext",
            &[],
        ),
        // A `!` right before a link is escaped, or the link would become an image.
        (
            r#"<p>Wow!<a href="https://example.com/">link</a> and ! <a href="https://example.com/">spaced</a></p>"#,
            r"Wow\![link](https://example.com/) and ! [spaced](https://example.com/)",
            &[],
        ),
        // No href: the text stays; no text: the link goes.
        ("<p><a>no href</a></p>", "no href", &[]),
        (
            r#"<p>a<a href="https://example.com/"> </a>b</p>"#,
            "ab",
            &[],
        ),
        // An id on a link is kept as an anchor before it.
        (
            r#"<p><a id="top" href="https://example.com/">Top</a></p>"#,
            r#"<a id="top"></a>[Top](https://example.com/)"#,
            &[],
        ),
        (
            r#"<p><a name="old">Old anchor</a></p>"#,
            r#"<a id="old"></a>Old anchor"#,
            &[],
        ),
    ]);
}

/// The destinations of the links and images Markdown reads in `markdown`.
fn destinations(markdown: &str) -> Vec<String> {
    pulldown_cmark::Parser::new_ext(markdown, crate::markdown::options())
        .filter_map(|event| match event {
            pulldown_cmark::Event::Start(
                pulldown_cmark::Tag::Link { dest_url, .. }
                | pulldown_cmark::Tag::Image { dest_url, .. },
            ) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn urls_survive_the_round_trip() {
    // (HTML, its Markdown, the URLs Markdown reads back: the HTML's own).
    let rows: &[(&str, &str, &[&str])] = &[
        (
            r#"<p><a href="https://example.com/a\b\*c\\">x</a></p>"#,
            r"[x](https://example.com/a\\b\\*c\\\\)",
            &[r"https://example.com/a\b\*c\\"],
        ),
        (
            r#"<p><a href="https://example.com/a b\(">x</a></p>"#,
            r"[x](<https://example.com/a b\\(>)",
            &[r"https://example.com/a b\("],
        ),
        (
            r#"<p><img src="https://help.example/img\_x.png" alt="i"></p>"#,
            r"![i](https://help.example/img\\_x.png)",
            &[r"https://help.example/img\_x.png"],
        ),
        // Text that reads like an entity reference stays text; a lone `&` needs nothing.
        (
            r#"<p><a href="https://example.com/?q=&amp;amp;x&amp;y=1">x</a></p>"#,
            r"[x](https://example.com/?q=\&amp;x&y=1)",
            &["https://example.com/?q=&amp;x&y=1"],
        ),
    ];
    let mut failures = Vec::new();
    for (html, markdown, urls) in rows {
        let (got, _) = converted(html, &[]);
        let read = destinations(&got);
        if got != *markdown || read != *urls {
            failures.push(format!(
                "HTML:     {html:?}\nexpected: {markdown:?} reading {urls:?}\n\
                 got:      {got:?} reading {read:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn titles_keep_their_text() {
    check_rendered(&[
        // Text that reads like an entity reference stays text.
        (
            r#"<p><a href="https://example.com/" title="&amp;lt;b&amp;gt; &amp;amp; &amp;#38; Q&amp;A">x</a></p>"#,
            r#"[x](https://example.com/ "\&lt;b\&gt; \&amp; \&#38; Q&A")"#,
            "<p><a href=\"https://example.com/\" title=\"&amp;lt;b&amp;gt; &amp;amp; &amp;#38; Q&amp;A\">x</a></p>\n",
        ),
        (
            r#"<p><img src="https://help.example/a.png" alt="a" title="&amp;copy; \ &quot;q&quot;"></p>"#,
            r#"![a](https://help.example/a.png "\&copy; \\ \"q\"")"#,
            "<p><img src=\"https://help.example/a.png\" alt=\"a\" title=\"&amp;copy; \\ &quot;q&quot;\" /></p>\n",
        ),
    ]);
}

#[test]
fn unsafe_and_affiliate_links_keep_their_text() {
    check(&[
        (
            r#"<p>Buy <a href="https://amzn.to/3xYz">this disk</a> today.</p>"#,
            "Buy this disk today.",
            &["removed: affiliate link to amzn.to (its text kept)"],
        ),
        (
            r#"<p><a href="javascript:alert(1)">Click</a></p>"#,
            "Click",
            &["removed: javascript: link (its text kept)"],
        ),
        (
            r#"<p><a href="https://www.amazon.com/dp/B0?tag=me-20">Amazon</a></p>"#,
            "Amazon",
            &["removed: affiliate link to www.amazon.com (its text kept)"],
        ),
    ]);
}

#[test]
fn images() {
    check(&[
        // The alt text is written with its brackets escaped.
        (
            r#"<p><img src="/img/key.png" alt="The [Activate]  button"></p>"#,
            r"![The \[Activate\] button](/img/key.png)",
            &["relative: image /img/key.png"],
        ),
        // Alt text is inline Markdown too: what would be syntax in it is escaped.
        (
            r#"<p><img src="/a.png" alt="2*3*4, `x`, <b>, _c_, ~s~ and a_b"></p>"#,
            r"![2\*3\*4, \`x\`, \<b>, \_c\_, \~s\~ and a_b](/a.png)",
            &["relative: image /a.png"],
        ),
        (
            r#"<p><img src="/a.png" alt="" title="A title"></p>"#,
            r#"![](/a.png "A title")"#,
            &["relative: image /a.png"],
        ),
        // Images from other hosts are kept for the author to replace.
        (
            r#"<p><img src="https://cdn.example/shot.png" alt="Shot"></p>"#,
            "![Shot](https://cdn.example/shot.png)",
            &["remote image: https://cdn.example/shot.png"],
        ),
        // Protocol-relative URLs get https:, lazy-loading placeholders give way to the real one.
        (
            r#"<p><img src="//cdn.example/a.png" alt="a"></p>"#,
            "![a](https://cdn.example/a.png)",
            &["remote image: https://cdn.example/a.png"],
        ),
        (
            r#"<p><img src="data:image/gif;base64,R0lGOD" data-src="/real.png" alt="r"></p>"#,
            "![r](/real.png)",
            &["relative: image /real.png"],
        ),
        (
            r#"<p><img data-lazy-src="/lazy.png" alt="l"></p>"#,
            "![l](/lazy.png)",
            &["relative: image /lazy.png"],
        ),
        // No source at all: nothing to show.
        (r#"<p>a <img alt="none"> b</p>"#, "a b", &[]),
        // Inline with text, and a linked image.
        (
            r#"<p>Press <img src="/win.png" alt="Windows"> then R.</p>"#,
            "Press ![Windows](/win.png) then R.",
            &["relative: image /win.png"],
        ),
        (
            r#"<p><a href="https://example.com/"><img src="/i.png" alt="i"></a></p>"#,
            "[![i](/i.png)](https://example.com/)",
            &["relative: image /i.png"],
        ),
    ]);
}

#[test]
fn ad_images_and_tracking_pixels_go() {
    check(&[
        (
            r#"<p>Text<img src="https://pagead2.googlesyndication.com/ad.gif" alt="ad"></p>"#,
            "Text",
            &["removed: ad or affiliate link (<img src> to pagead2.googlesyndication.com)"],
        ),
        (
            r#"<p>Text<img src="https://stats.example/p.gif" width="1" height="1"></p>"#,
            "Text",
            &["removed: tracking pixel https://stats.example/p.gif"],
        ),
        // An ad link that wrapped only an ad image goes with it.
        (
            r#"<p>Text <a href="https://amzn.to/x"><img src="https://amazon-adsystem.com/b.gif"></a></p>"#,
            "Text",
            &["removed: ad or affiliate link (<a href> to amzn.to)"],
        ),
        // A link the build would empty of an ad goes when import empties it too, and is
        // reported.
        (
            r#"<p>Text <a href="https://example.com/"><img src="https://doubleclick.net/b.gif"></a></p>"#,
            "Text",
            &[
                "removed: ad or affiliate link (<img src> to doubleclick.net)",
                "removed: link that only wrapped a removed ad (to https://example.com/)",
            ],
        ),
        // The build empties a link of a remote image too, but import keeps the image (listed
        // for the author to replace), so the link stays.
        (
            r#"<p><a href="https://example.com/"><img src="https://cdn.example/b.png" alt="b"></a></p>"#,
            "[![b](https://cdn.example/b.png)](https://example.com/)",
            &["remote image: https://cdn.example/b.png"],
        ),
    ]);
}

#[test]
fn lists() {
    check(&[
        ("<ul><li>One</li><li>Two</li></ul>", "- One\n- Two", &[]),
        ("<ol><li>One</li><li>Two</li></ol>", "1. One\n2. Two", &[]),
        // `start` numbers the items; wider markers indent what follows them further.
        (
            r#"<ol start="3"><li>Three</li><li>Four</li></ol>"#,
            "3. Three\n4. Four",
            &[],
        ),
        (
            r#"<ol start="9"><li>Nine<ul><li>sub</li></ul></li><li>Ten<ul><li>sub</li></ul></li></ol>"#,
            "9. Nine\n   - sub\n10. Ten\n    - sub",
            &[],
        ),
        (
            r#"<ol start="x"><li>Not a number</li></ol>"#,
            "1. Not a number",
            &[],
        ),
        // Nested lists are indented under their item, and stay tight.
        (
            "<ul><li>Top<ul><li>Nested<ol><li>Deep</li></ol></li></ul></li><li>Next</li></ul>",
            "- Top\n  - Nested\n    1. Deep\n- Next",
            &[],
        ),
        // A list written straight inside a list belongs to the item before it.
        (
            "<ul><li>Item</li><ul><li>Stray</li></ul></ul>",
            "- Item\n  - Stray",
            &[],
        ),
        // An item holding paragraphs makes the list loose.
        (
            "<ul><li><p>First</p><p>More</p></li><li>Second</li></ul>",
            "- First\n\n  More\n\n- Second",
            &[],
        ),
        // Text in an item that would start a block is escaped.
        (
            "<ul><li>1. not a number</li><li>- not a bullet</li></ul>",
            "- 1\\. not a number\n- \\- not a bullet",
            &[],
        ),
        // Two lists in a row would merge: the second changes its marker.
        ("<ul><li>a</li></ul><ul><li>b</li></ul>", "- a\n\n* b", &[]),
        (
            "<ol><li>a</li></ol><ol><li>b</li></ol>",
            "1. a\n\n1) b",
            &[],
        ),
        // Empty lists write nothing; `menu` is a list too.
        ("<ul> </ul><ul><li> </li></ul>", "", &[]),
        ("<menu><li>Cut</li></menu>", "- Cut", &[]),
        // Task lists: checkboxes become [x] and [ ].
        (
            r#"<ul><li><input type="checkbox" checked> Done</li><li><input type="checkbox"> To do</li></ul>"#,
            "- [x] Done\n- [ ] To do",
            &[],
        ),
    ]);
}

#[test]
fn list_numbers_markdown_cannot_write_stay_html() {
    check(&[(
        r#"<ol start="-1" onclick="x()"><li>a</li></ol>"#,
        "<ol start=\"-1\"><li>a</li>\n</ol>",
        &["removed: event handler onclick on <ol>"],
    )]);
    check_rendered(&[
        // Nine digits are the most a list number may have.
        (
            r#"<ol start="999999998"><li>a</li><li>b</li></ol>"#,
            "999999998. a\n999999999. b",
            "<ol start=\"999999998\">\n<li>a</li>\n<li>b</li>\n</ol>\n",
        ),
        (
            r#"<ol start="999999998"><li>a</li><li>b</li><li>c</li></ol>"#,
            "<ol start=\"999999998\"><li>a</li>\n<li>b</li>\n<li>c</li>\n</ol>",
            "<ol start=\"999999998\"><li>a</li>\n<li>b</li>\n<li>c</li>\n</ol>",
        ),
        (
            r#"<ol start="12345678901234567890"><li>Big</li></ol>"#,
            "<ol start=\"12345678901234567890\"><li>Big</li>\n</ol>",
            "<ol start=\"12345678901234567890\"><li>Big</li>\n</ol>",
        ),
        // No sign.
        (
            r#"<ol start="-2"><li>a</li><li><b>b</b></li></ol>"#,
            "<ol start=\"-2\"><li>a</li>\n<li><b>b</b></li>\n</ol>",
            "<ol start=\"-2\"><li>a</li>\n<li><b>b</b></li>\n</ol>",
        ),
        // `start` read as HTML reads it.
        (
            r#"<ol start=" +7th"><li>a</li></ol>"#,
            "7. a",
            "<ol start=\"7\">\n<li>a</li>\n</ol>\n",
        ),
        (
            r#"<ol start="0"><li>a</li></ol>"#,
            "0. a",
            "<ol start=\"0\">\n<li>a</li>\n</ol>\n",
        ),
    ]);
}

#[test]
fn code() {
    check(&[
        // Inline code: whitespace collapsed, fenced past the backticks inside.
        (
            "<p>Run <code>slmgr  /xpr</code> now.</p>",
            "Run `slmgr /xpr` now.",
            &[],
        ),
        ("<p><code>a`b</code></p>", "``a`b``", &[]),
        ("<p><code>`x`</code></p>", "`` `x` ``", &[]),
        ("<p>a<code> spaced </code>b</p>", "a `spaced` b", &[]),
        // Nothing inside code is escaped or formatted.
        ("<p><code>*a* <b>[b]</b></code></p>", "`*a* [b]`", &[]),
        ("<p><tt>tele</tt></p>", "`tele`", &[]),
        // Code blocks keep their text as it is, with its language.
        (
            "<pre><code class=\"language-powershell\">Get-Item  *\n  indented\n</code></pre>",
            "```powershell\nGet-Item  *\n  indented\n```",
            &[],
        ),
        (
            "<pre>a <b>bold</b> &lt;tag&gt;<br>next</pre>",
            "```\na bold <tag>\nnext\n```",
            &[],
        ),
        // A fence longer than any run of backticks inside.
        (
            "<pre><code>```\ninside\n```</code></pre>",
            "````\n```\ninside\n```\n````",
            &[],
        ),
        // Only safe characters of a language name are kept.
        (
            "<pre><code class=\"hl language-c++;rm\">x</code></pre>",
            "```c++rm\nx\n```",
            &[],
        ),
        ("<pre>  \n</pre>", "", &[]),
    ]);
}

#[test]
fn code_spans_side_by_side_join() {
    check_rendered(&[
        (
            "<p><code>a</code><code>b</code></p>",
            "`ab`",
            "<p><code>ab</code></p>\n",
        ),
        (
            "<p>Run <code>net</code><tt>sh</tt><code> wlan</code> now</p>",
            "Run `netsh` `wlan` now",
            "<p>Run <code>netsh</code> <code>wlan</code> now</p>\n",
        ),
        (
            "<p><code>a`</code><code>b</code></p>",
            "``a`b``",
            "<p><code>a`b</code></p>\n",
        ),
        (
            "<p><code>a</code><span><code>b</code></span></p>",
            "`ab`",
            "<p><code>ab</code></p>\n",
        ),
        // With a space between they stay two.
        (
            "<p><code>a</code> <code>b</code> <code>c </code><code>d</code></p>",
            "`a` `b` `c` `d`",
            "<p><code>a</code> <code>b</code> <code>c</code> <code>d</code></p>\n",
        ),
    ]);
    check(&[(
        "<table><tr><th>A</th></tr><tr><td><code>a|</code><code>b</code></td></tr></table>",
        "| A |\n| --- |\n| `a\\|b` |",
        &[],
    )]);
}

#[test]
fn tables() {
    check(&[
        (
            "<table><thead><tr><th>Code</th><th>Meaning</th></tr></thead>\
             <tbody><tr><td>0xC004F213</td><td>No <b>key</b></td></tr></tbody></table>",
            "| Code | Meaning |\n| --- | --- |\n| 0xC004F213 | No **key** |",
            &[],
        ),
        // A first row of <th> is a header too; alignments come from align or style.
        (
            r#"<table><tr><th align="left">L</th><th align="center">C</th><th style="text-align:right">R</th></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>"#,
            "| L | C | R |\n| --- | :---: | ---: |\n| 1 | 2 | 3 |",
            &[],
        ),
        // `|` is escaped in cells, a <br> stays <br>, short rows are padded.
        (
            "<table><tr><th>A</th><th>B</th></tr><tr><td>a|b <code>c|d</code></td></tr>\
             <tr><td>one<br>two</td><td></td></tr></table>",
            "| A | B |\n| --- | --- |\n| a\\|b `c\\|d` |  |\n| one<br>two |  |",
            &[],
        ),
        // A `|` anywhere in a cell's markup is escaped, or it would end the cell.
        (
            r#"<table><tr><th>A</th><th>B</th></tr><tr><td><a href="https://example.com/a|b" title="t|u">x</a> <img src="/a|b.png" alt="p|q"> <abbr title="y|z">Y</abbr></td><td>2</td></tr></table>"#,
            r#"| A | B |
| --- | --- |
| [x](https://example.com/a\|b "t\|u") ![p\|q](/a\|b.png) <abbr title="y&#124;z">Y</abbr> | 2 |"#,
            &["relative: image /a|b.png"],
        ),
        // Elsewhere it is only text.
        (
            r#"<p><a href="https://example.com/a|b" title="t|u">x</a> <img src="/a|b.png" alt="p|q"></p>"#,
            r#"[x](https://example.com/a|b "t|u") ![p|q](/a|b.png)"#,
            &["relative: image /a|b.png"],
        ),
        // Without a header row, with merged cells or a caption, a table stays HTML.
        (
            "<table><tr><td>a</td><td>b</td></tr></table>",
            "<table><tbody><tr><td>a</td><td>b</td></tr>\n</tbody>\n</table>",
            &[],
        ),
        (
            r#"<table><tr><th colspan="2">Both</th></tr><tr><td>a</td><td>b</td></tr></table>"#,
            "<table><tbody><tr><th colspan=\"2\">Both</th></tr>\n<tr><td>a</td><td>b</td></tr>\n</tbody>\n</table>",
            &[],
        ),
        (
            "<table><caption>Cap</caption><tr><th>A</th></tr></table>",
            "<table><caption>Cap</caption>\n<tbody><tr><th>A</th></tr>\n</tbody>\n</table>",
            &[],
        ),
        // What is dropped from a table kept as HTML is reported once.
        (
            r#"<table onclick="x()"><tr><td>a</td></tr></table>"#,
            "<table><tbody><tr><td>a</td></tr>\n</tbody>\n</table>",
            &["removed: event handler onclick on <table>"],
        ),
        // Block content in a cell keeps the table HTML too.
        (
            "<table><tr><th>A</th></tr><tr><td><ul><li>x</li></ul></td></tr></table>",
            "<table><tbody><tr><th>A</th></tr>\n<tr><td><ul><li>x</li>\n</ul></td></tr>\n</tbody>\n</table>",
            &[],
        ),
    ]);
}

#[test]
fn blockquotes() {
    check(&[
        ("<blockquote><p>Quoted</p></blockquote>", "> Quoted", &[]),
        (
            "<blockquote><p>One</p><p>Two</p></blockquote>",
            "> One\n>\n> Two",
            &[],
        ),
        (
            "<blockquote>Loose <b>text</b><blockquote>Inner</blockquote></blockquote>",
            "> Loose **text**\n>\n> > Inner",
            &[],
        ),
        (
            "<blockquote><ul><li>a</li><li>b</li></ul></blockquote>",
            "> - a\n> - b",
            &[],
        ),
        ("<blockquote> </blockquote>", "", &[]),
    ]);
}

#[test]
fn markdown_syntax_in_text_is_escaped() {
    check(&[
        (
            "<p>2*3 = 6, [note], a <tag>, ~x~ and a\\b</p>",
            r"2\*3 = 6, \[note\], a , \~x\~ and a\\b",
            &[],
        ),
        ("<p>&lt;b&gt; is not bold</p>", r"\<b> is not bold", &[]),
        // `_` inside a word stays; at a word's edge it is escaped.
        (
            "<p>snake_case and _underscored_</p>",
            r"snake_case and \_underscored\_",
            &[],
        ),
        // A `&` is escaped only where it would make an entity.
        (
            "<p>Q&amp;A and &amp;amp; and &amp;#38;</p>",
            r"Q&A and \&amp; and \&#38;",
            &[],
        ),
        (
            "<p>`tick` and {brace} # hash | pipe</p>",
            r"\`tick\` and {brace} # hash | pipe",
            &[],
        ),
        // What would start a block at the start of a line is escaped.
        ("<p># not a heading</p>", r"\# not a heading", &[]),
        ("<p>&gt; not a quote</p>", r"\> not a quote", &[]),
        ("<p>- not a bullet</p>", r"\- not a bullet", &[]),
        ("<p>+ plus</p>", r"\+ plus", &[]),
        ("<p>= equals</p>", r"\= equals", &[]),
        ("<p>1. Not a list</p>", r"1\. Not a list", &[]),
        ("<p>3) Not a list</p>", r"3\) Not a list", &[]),
        ("<p>2024. A year</p>", r"2024\. A year", &[]),
        ("<p>2024 was a year</p>", "2024 was a year", &[]),
        ("<p>1234567890. Too long</p>", "1234567890. Too long", &[]),
        (
            "<p>Line<br>- after a break</p>",
            "Line  \n\\- after a break",
            &[],
        ),
    ]);
}

#[test]
fn html_is_kept_where_markdown_has_nothing() {
    check(&[
        (
            "<p>Press <kbd>Win</kbd> + <kbd>R</kbd>.</p>",
            "Press <kbd>Win</kbd> + <kbd>R</kbd>.",
            &[],
        ),
        (
            "<p>H<sub>2</sub>O and x<sup>2</sup></p>",
            "H<sub>2</sub>O and x<sup>2</sup>",
            &[],
        ),
        // Only allowlisted attributes (and a valid id) are written.
        (
            r#"<p><abbr title="Key Management Service" class="x" id="kms">KMS</abbr></p>"#,
            r#"<abbr id="kms" title="Key Management Service">KMS</abbr>"#,
            &[],
        ),
        (
            r#"<p><mark style="color:red">marked</mark></p>"#,
            "<mark>marked</mark>",
            &[],
        ),
        // An element with only whitespace in it writes no tags, but its space stays.
        ("<p>a<kbd> </kbd>b</p>", "a b", &[]),
        ("<p>a<sup>\n</sup>b</p>", "a b", &[]),
        (
            "<p>a<mark><br></mark>b <kbd>Ctrl<br></kbd>c</p>",
            "a  \nb <kbd>Ctrl</kbd>  \nc",
            &[],
        ),
        (
            "<details open><summary>More <b>info</b></summary><p>Hidden</p></details>",
            "<details open>\n<summary>More <b>info</b></summary>\n\nHidden\n\n</details>",
            &[],
        ),
        (
            "<details><summary>Empty</summary></details>",
            "<details>\n<summary>Empty</summary>\n</details>",
            &[],
        ),
        (
            "<dl><dt>Term</dt><dd>Meaning &amp; more</dd></dl>",
            "<dl><dt>Term</dt>\n<dd>Meaning &amp; more</dd>\n</dl>",
            &[],
        ),
    ]);
}

#[test]
fn footnotes() {
    check(&[(
        r##"<p>Text<sup class="footnote-reference"><a href="#1">1</a></sup></p><div class="footnote-definition" id="1"><sup class="footnote-definition-label">1</sup><p>The note.</p></div>"##,
        "Text[^1]\n\n[^1]: The note.",
        &[],
    )]);
}

#[test]
fn ids_that_links_target_become_anchors() {
    check_with_targets(
        &[
            (
                r#"<div id="part"><p>In it</p></div>"#,
                "<a id=\"part\"></a>\n\nIn it",
                &[],
            ),
            (r#"<p id="para">Text</p>"#, "<a id=\"para\"></a>Text", &[]),
            (
                r#"<ul id="list"><li>a</li></ul>"#,
                "<a id=\"list\"></a>\n\n- a",
                &[],
            ),
            (
                r#"<p>A <span id="word">word</span></p>"#,
                "A <a id=\"word\"></a>word",
                &[],
            ),
            // Ids nothing links to are dropped.
            (r#"<p id="other">Text</p>"#, "Text", &[]),
        ],
        &["part", "para", "list", "word"],
    );
}

#[test]
fn what_guides_cannot_hold_is_dropped_and_reported() {
    check(&[
        // Scripts, styles, frames and forms are the cleaner's removals, reported in its words.
        (
            "<p>Before</p><script>track()</script><p>After</p>",
            "Before\n\nAfter",
            &["removed: script (<script>)"],
        ),
        // A style sheet is reported as loading resources only when it does.
        (
            "<p>Text<style>p { color: red }</style></p>",
            "Text",
            &["removed: style sheet (<style>)"],
        ),
        (
            r#"<style>@import "https://fonts.example/a.css";</style><p>Text</p>"#,
            "Text",
            &["removed: style that loads resources (<style>)"],
        ),
        (
            "<style>.hero { background: url(/bg.png) }</style><p>Text</p>",
            "Text",
            &["removed: style that loads resources (<style>)"],
        ),
        (
            r#"<iframe src="https://www.youtube.com/embed/x"></iframe><p>Text</p>"#,
            "Text",
            &["removed: embedded frame or object (<iframe>)"],
        ),
        (
            r#"<form action="/s"><input name="q"><button>Go</button></form><p>Text</p>"#,
            "Text",
            &["removed: form (<form>)"],
        ),
        // The rest of what no guide can hold is left out here.
        (
            "<p>Icon <svg><circle r=\"1\"/></svg> here</p>",
            "Icon here",
            &["removed: <svg> element (guides cannot hold it)"],
        ),
        (
            "<p>A <input type=\"text\"> field</p>",
            "A field",
            &["removed: <input> element (guides cannot hold it)"],
        ),
        (
            "<p>A <button>button</button></p>",
            "A",
            &["removed: <button> element (guides cannot hold it)"],
        ),
        (
            "<noscript><p>Enable JS</p></noscript><p>Text</p>",
            "Text",
            &["removed: script (<noscript>)"],
        ),
    ]);
}

#[test]
fn ads_disclaimers_and_link_farms_go() {
    check(&[
        (
            r#"<p>Text</p><ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>"#,
            "Text",
            &["removed: ad element (matches `ins.adsbygoogle`)"],
        ),
        (
            r#"<div class="adsense"><p>Buy now</p></div><p>Text</p>"#,
            "Text",
            &["removed: ad element (matches `.adsense`)"],
        ),
        (
            "<p>Disclaimer: this post contains affiliate links.</p><p>Text</p>",
            "Text",
            &["removed: affiliate disclaimer"],
        ),
        (
            "<div>We may earn a commission when you buy through links.</div><p>Text</p>",
            "Text",
            &["removed: affiliate disclaimer"],
        ),
        // A guide's own disclaimer is no ad.
        (
            "<p>Disclaimer: back up your files first.</p>",
            "Disclaimer: back up your files first.",
            &[],
        ),
        (
            r#"<p>Also read:</p><ul><li><a href="https://a.example/1">One</a></li><li><a href="https://b.example/2">Two</a></li></ul><p>Text</p>"#,
            "Text",
            &["removed: link farm \"Also read:\" (2 links)"],
        ),
        // A list of the site's own links after such a label is kept.
        (
            r#"<p>Related</p><ul><li><a href="/one/">One</a></li><li><a href="/two/">Two</a></li></ul>"#,
            "Related\n\n- [One](/one/)\n- [Two](/two/)",
            &["relative: link /one/", "relative: link /two/"],
        ),
        // Event handlers and tracking attributes go; the element stays.
        (
            r#"<p><a href="https://example.com/" onclick="t()" ping="https://t.example/">Go</a></p>"#,
            "[Go](https://example.com/)",
            &[
                "removed: event handler onclick on <a>",
                "removed: tracking attribute ping on <a>",
            ],
        ),
        // Elements that only support others go without a word.
        (
            "<p>a<wbr>b</p><video><source src=\"/v.mp4\"></video>",
            "ab",
            &["removed: <video> element (guides cannot hold it)"],
        ),
    ]);
}
