//! Table-driven tests of [`super::render`]: each table is one concern of the Markdown stage,
//! each row a Markdown body and what must hold once it is rendered.
//!
//! Bodies are rendered as `content/guides/page.md` of a small site planned by the model stage
//! (as `build` plans it), with the build's default cleaner. A table runs every row and fails
//! once, naming every row that did not give what it expects. Expected values are compared with
//! the results by their `Debug` form, so a row can write `&str` where the result holds `String`.

use std::fmt::Debug;
use std::path::Path;
use std::sync::OnceLock;

use super::*;
use crate::clean::Cleaner;
use crate::config::{CleanConfig, Config};
use crate::load::Loaded;
use crate::model::{ModelOptions, Site, plan};

/// The site every row is rendered in: `(path under content/, file text)`.
const FILES: &[(&str, &str)] = &[
    ("guides/_index.md", "---\ntitle: Guides\n---\n"),
    (
        "guides/page.md",
        "---\ntitle: Page\n---\nThe page under test.\n",
    ),
    ("guides/setup.md", "---\ntitle: Setup\n---\nBody.\n"),
    ("guides/deeper/keys.md", "---\ntitle: Keys\n---\nBody.\n"),
    (
        "guides/draft.md",
        "---\ntitle: Draft\ndraft: true\n---\nBody.\n",
    ),
    ("top.md", "# Top\n"),
    ("guides/my page.md", "---\ntitle: Spaced\n---\n"),
];

/// Where the page under test lives.
const REL: &str = "guides/page.md";
const SITE_PATH: &str = "/guides/page/";

/// The site of [`FILES`], planned (file → URL) with the site at `base_url`.
fn site_at(base_url: &str) -> Site {
    let pages = FILES
        .iter()
        .map(|(rel, text)| {
            let shown = Path::new("content").join(rel);
            crate::load::parse_page(&shown, Path::new(rel), text).expect("page parses")
        })
        .collect();
    let config = Config {
        base_url: base_url.to_owned(),
        ..Config::default()
    };
    let loaded = Loaded {
        pages,
        ..Loaded::default()
    };
    let (site, problems) = plan(config, loaded, Vec::new(), ModelOptions::default());
    assert!(!problems.has_errors(), "{problems:?}");
    site
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| site_at("https://help.example/"))
}

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

/// `body` rendered as the page under test, its first line being file line `body_line`.
fn render_in(site: &Site, body: &str, body_line: usize) -> Rendered {
    let input = PageInput {
        body,
        body_line,
        rel: REL,
        site_path: SITE_PATH,
    };
    render(&input, site, Some(cleaner()))
}

/// One row: its name, the Markdown body, and what must come out.
type Row<T> = (&'static str, &'static str, T);

/// A heading: `(level, id, title)`.
type H = (u8, &'static str, &'static str);
/// A link found: `(target, as written, line, column)`.
type L = (LinkTarget, &'static str, usize, usize);
/// A removal: `(kind, line, detail)`.
type R = (RemovalKind, usize, &'static str);
/// A position: `(line, column)`.
type P = (usize, usize);

/// Renders every row (body starting on file line 1) and compares `got` of the result with the
/// row's expectation; fails once, listing every row that differs.
fn check<T: Debug>(rows: &[Row<T>], got: impl Fn(&Rendered) -> String) {
    check_in(site(), 1, rows, got);
}

/// [`check`] in another site, the body starting on file line `body_line`.
fn check_in<T: Debug>(
    site: &Site,
    body_line: usize,
    rows: &[Row<T>],
    got: impl Fn(&Rendered) -> String,
) {
    let mut failures = Vec::new();
    for (name, body, expected) in rows {
        let actual = got(&render_in(site, body, body_line));
        let expected = format!("{expected:?}");
        if expected != actual {
            failures.push(format!(
                "row `{name}`\n  markdown: {body:?}\n  expected: {expected}\n  got:      {actual}"
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

/// What the HTML must contain and must not contain.
struct Html {
    has: &'static [&'static str],
    lacks: &'static [&'static str],
}

/// Renders every row and checks its HTML holds every `has` and none of the `lacks`.
fn check_html(rows: &[Row<Html>]) {
    let mut failures = Vec::new();
    for (name, body, expected) in rows {
        let html = render_in(site(), body, 1).html;
        let missing: Vec<&str> = expected
            .has
            .iter()
            .copied()
            .filter(|s| !html.contains(s))
            .collect();
        let present: Vec<&str> = expected
            .lacks
            .iter()
            .copied()
            .filter(|s| html.contains(s))
            .collect();
        if !missing.is_empty() || !present.is_empty() {
            failures.push(format!(
                "row `{name}`\n  markdown: {body:?}\n  missing:  {missing:?}\n  \
                 present:  {present:?}\n  html:     {html:?}"
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

/// The `Debug` form of a result, to compare with a row's expectation.
fn shown(value: &impl Debug) -> String {
    format!("{value:?}")
}

/// `(level, id, title)` of every heading.
fn headings(r: &Rendered) -> Vec<(u8, &str, &str)> {
    r.headings
        .iter()
        .map(|h| (h.level, h.id.as_str(), h.title.as_str()))
        .collect()
}

/// The anchors besides the theme's own ids, sorted.
fn anchors(r: &Rendered) -> Vec<&str> {
    let mut anchors: Vec<&str> = r
        .anchors
        .iter()
        .map(String::as_str)
        .filter(|a| !THEME_IDS.contains(a))
        .collect();
    anchors.sort_unstable();
    anchors
}

/// `(target, as written, line, column)` of every link and image found.
fn links(r: &Rendered) -> Vec<(&LinkTarget, &str, usize, usize)> {
    r.links
        .iter()
        .map(|l| (&l.target, l.written.as_str(), l.line, l.col))
        .collect()
}

/// `(kind, line, detail)` of every removal.
fn removals(r: &Rendered) -> Vec<(RemovalKind, usize, &str)> {
    r.clean
        .removals
        .iter()
        .map(|x| (x.kind, x.line, x.detail.as_str()))
        .collect()
}

fn site_path(path: &str, fragment: Option<&str>) -> LinkTarget {
    LinkTarget::Site {
        path: path.to_owned(),
        fragment: fragment.map(str::to_owned),
    }
}

fn anchor(id: &str) -> LinkTarget {
    LinkTarget::Anchor(id.to_owned())
}

fn missing(file: &str) -> LinkTarget {
    LinkTarget::MissingFile(file.to_owned())
}

#[test]
fn heading_ids_are_slugs_made_unique() {
    let rows: &[Row<&[H]>] = &[
        (
            "slug",
            "## Reset the Key",
            &[(2, "reset-the-key", "Reset the Key")],
        ),
        (
            "setext",
            "Title\n=====\n\nSub\n---",
            &[(1, "title", "Title"), (2, "sub", "Sub")],
        ),
        (
            "duplicates count up",
            "# Same\n\n## Same\n\n### Same",
            &[
                (1, "same", "Same"),
                (2, "same-1", "Same"),
                (3, "same-2", "Same"),
            ],
        ),
        (
            "explicit id",
            "## Reset it {#reset-steps}",
            &[(2, "reset-steps", "Reset it")],
        ),
        (
            "GitHub's rule: dashes and quotes as written (before smart punctuation), each space a hyphen",
            "## Step -- two\n\n## Don't \"quote\"... me\n\n## Settings > Accounts & Sign-in",
            &[
                (2, "step----two", "Step – two"),
                (2, "dont-quote-me", "Don’t “quote”… me"),
                (
                    2,
                    "settings--accounts--sign-in",
                    "Settings > Accounts & Sign-in",
                ),
            ],
        ),
        (
            "braces holding a bare word are heading text, not attributes",
            "### -Name {Optional}",
            &[(3, "-name-optional", "-Name {Optional}")],
        ),
        (
            "the same in a setext heading, closing hashes aside",
            "Get-Item {Path}\n---\n\n## Set {Value} ##",
            &[
                (2, "get-item-path", "Get-Item {Path}"),
                (2, "set-value", "Set {Value}"),
            ],
        ),
        (
            "explicit id taken by an earlier slug",
            "## Steps\n\n## Other {#steps}",
            &[(2, "steps", "Steps"), (2, "steps-1", "Other")],
        ),
        (
            "slug taken by an earlier explicit id",
            "## Other {#steps}\n\n## Steps",
            &[(2, "steps", "Other"), (2, "steps-1", "Steps")],
        ),
        ("theme ids are taken", "## Main", &[(2, "main-1", "Main")]),
        (
            "no letters: section",
            "## !!!\n\n## ???",
            &[(2, "section", "!!!"), (2, "section-1", "???")],
        ),
        (
            "inline markup gives its text",
            "#### `slmgr` *now* [here](setup.md)",
            &[(4, "slmgr-now-here", "slmgr now here")],
        ),
        (
            "any script",
            "## Ärger mit 11",
            &[(2, "ärger-mit-11", "Ärger mit 11")],
        ),
        (
            "an id in raw HTML before is taken",
            "<div id=\"intro\">x</div>\n\n## Intro",
            &[(2, "intro-1", "Intro")],
        ),
        (
            "smart punctuation in the title",
            "## It's \"done\"",
            &[(2, "its-done", "It’s “done”")],
        ),
    ];
    check(rows, |r| shown(&headings(r)));
}

#[test]
fn headings_are_written_with_id_anchor_link_and_safe_attributes() {
    check_html(&[
        (
            "id and anchor link",
            "## Reset the Key",
            Html {
                has: &[
                    "<h2 id=\"reset-the-key\">Reset the Key <a class=\"anchor\" \
                     href=\"#reset-the-key\" aria-label=\"Link to this section: Reset the Key\">\
                     #</a></h2>",
                ],
                lacks: &["<h2>"],
            },
        ),
        (
            "classes and safe attributes kept",
            "## Title {#t .wide lang=de data-x=1}",
            Html {
                has: &["<h2 id=\"t\" class=\"wide\" lang=\"de\" data-x=\"1\">"],
                lacks: &[],
            },
        ),
        (
            "handlers and style dropped",
            "## Title {onclick=alert(1) style=color:red}",
            Html {
                has: &["<h2 id=\"title\">"],
                lacks: &["onclick", "style", "alert"],
            },
        ),
        (
            "quotes in the title are escaped in the label",
            "## Say `\"hi\"`",
            Html {
                has: &["aria-label=\"Link to this section: Say &quot;hi&quot;\""],
                lacks: &["aria-label=\"Link to this section: Say \"hi\""],
            },
        ),
    ]);
    // The dropped attributes are reported at the heading's line.
    check(
        &[
            (
                "dropped attributes reported",
                "Text\n\n## Title {onclick=x style=y}",
                &[
                    (RemovalKind::EventHandler, 3, "heading attribute `onclick`"),
                    (RemovalKind::Style, 3, "heading attribute `style`"),
                ],
            ),
            (
                "an attribute that is no event handler is not called one",
                "## Title {width=3 ONload=x}",
                &[
                    (RemovalKind::NotAllowed, 1, "heading attribute `width`"),
                    (RemovalKind::EventHandler, 1, "heading attribute `ONload`"),
                ],
            ),
        ],
        |r| shown(&removals(r)),
    );
}

#[test]
fn anchors_collect_every_id_a_link_may_target() {
    let rows: &[Row<&[&str]>] = &[
        ("nothing", "Just text.", &[]),
        ("heading ids", "# A\n\n## A", &["a", "a-1"]),
        (
            "raw HTML ids, either quote",
            "<div id=\"one\">x</div> <span id='two'>y</span>",
            &["one", "two"],
        ),
        // `data-id` and `grid=` are not `id`.
        (
            "only whole id attributes",
            "<b data-id=\"no\" grid=\"no\">x</b>",
            &[],
        ),
        ("footnotes", "Note[^n].\n\n[^n]: The note.", &["n"]),
    ];
    check(rows, |r| shown(&anchors(r)));
    // The theme's own ids are always taken, so no heading can take them.
    let rendered = render_in(site(), "Text", 1);
    for id in THEME_IDS {
        assert!(rendered.anchors.contains(*id), "theme id {id} missing");
    }
}

#[test]
fn the_first_h1_is_the_title_heading() {
    let rows: &[Row<Option<&str>>] = &[
        ("none", "## Only h2\n\nText", None),
        ("first h1", "# First\n\n# Second", Some("First")),
        (
            "after an h2",
            "## Intro\n\n# Title *here*",
            Some("Title here"),
        ),
        ("setext", "Title\n===", Some("Title")),
    ];
    check(rows, |r| shown(&r.first_h1));
}

#[test]
fn without_first_h1_takes_the_title_heading_out() {
    let rows = [
        ("<h1 id=\"a\">A</h1>\n<p>x</p>\n", "<p>x</p>\n"),
        (
            "<p>x</p>\n<h1>A</h1>\n<h1>B</h1>\n",
            "<p>x</p>\n<h1>B</h1>\n",
        ),
        ("<p>no heading</p>", "<p>no heading</p>"),
        ("<h1>unclosed", "<h1>unclosed"),
    ];
    for (html, expected) in rows {
        assert_eq!(without_first_h1(html), expected, "row {html:?}");
    }
}

#[test]
fn links_are_resolved_and_recorded() {
    let rows: &[Row<&[L]>] = &[
        (
            "sibling .md",
            "[s](setup.md)",
            &[(site_path("/guides/setup/", None), "setup.md", 1, 1)],
        ),
        (
            ".md in a subfolder, with a fragment",
            "[k](deeper/keys.md#steps)",
            &[(
                site_path("/guides/deeper/keys/", Some("steps")),
                "deeper/keys.md#steps",
                1,
                1,
            )],
        ),
        (
            ".md up a folder",
            "[t](../top.md)",
            &[(site_path("/top/", None), "../top.md", 1, 1)],
        ),
        (
            "a section's _index.md",
            "[g](_index.md)",
            &[(site_path("/guides/", None), "_index.md", 1, 1)],
        ),
        (
            ".md from the content root, with or without content/",
            "[a](/guides/setup.md) [b](/content/top.md)",
            &[
                (site_path("/guides/setup/", None), "/guides/setup.md", 1, 1),
                (site_path("/top/", None), "/content/top.md", 1, 23),
            ],
        ),
        (
            "missing and draft files",
            "[m](nope.md) [d](draft.md)",
            &[
                (missing("guides/nope.md"), "nope.md", 1, 1),
                (missing("guides/draft.md"), "draft.md", 1, 14),
            ],
        ),
        (
            "a file name with a space, in <...>",
            "[a](<my page.md>)",
            &[(site_path("/guides/my-page/", None), "my page.md", 1, 1)],
        ),
        (
            "a file name with a space, percent-encoded",
            "[a](my%20page.md) [b](no%20such.md)",
            &[
                (site_path("/guides/my-page/", None), "my%20page.md", 1, 1),
                (missing("guides/no such.md"), "no%20such.md", 1, 19),
            ],
        ),
        (
            "anchor",
            "[a](#steps)",
            &[(anchor("steps"), "#steps", 1, 1)],
        ),
        (
            "site paths, normalized, query dropped",
            "[a](/about/) [b](/a/./b/../c?x=1#f)",
            &[
                (site_path("/about/", None), "/about/", 1, 1),
                (site_path("/a/c", Some("f")), "/a/./b/../c?x=1#f", 1, 14),
            ],
        ),
        (
            "relative to the page's path",
            "[f](files/a.zip) [u](../other/)",
            &[
                (
                    site_path("/guides/page/files/a.zip", None),
                    "files/a.zip",
                    1,
                    1,
                ),
                (site_path("/guides/other/", None), "../other/", 1, 18),
            ],
        ),
        (
            "images",
            "![a](/img/a.png) ![b](pic.png)",
            &[
                (site_path("/img/a.png", None), "/img/a.png", 1, 1),
                (site_path("/guides/page/pic.png", None), "pic.png", 1, 18),
            ],
        ),
        (
            "a linked image: link, then image",
            "[![i](/i.png)](setup.md)",
            &[
                (site_path("/guides/setup/", None), "setup.md", 1, 1),
                (site_path("/i.png", None), "/i.png", 1, 2),
            ],
        ),
        (
            "external and contact links are not recorded",
            "[e](https://example.com/a.md) [p](//cdn.example/x) [m](mailto:a@b.example) \
             [t](tel:+1)",
            &[],
        ),
        (
            "reference links",
            "[ref][r]\n\n[r]: setup.md",
            &[(site_path("/guides/setup/", None), "setup.md", 1, 1)],
        ),
        (
            "mdBook's chapter.html for a chapter.md beside the file, fragment kept",
            "[s](setup.html#steps) [k](deeper/keys.html) [t](../top.html)",
            &[
                (
                    site_path("/guides/setup/", Some("steps")),
                    "setup.html#steps",
                    1,
                    1,
                ),
                (
                    site_path("/guides/deeper/keys/", None),
                    "deeper/keys.html",
                    1,
                    23,
                ),
                (site_path("/top/", None), "../top.html", 1, 45),
            ],
        ),
        (
            "an .html with no .md beside it, or a draft's, is read from the page's URL",
            "[n](nope.html) [d](draft.html) [a](/guides/setup.html)",
            &[
                (site_path("/guides/page/nope.html", None), "nope.html", 1, 1),
                (
                    site_path("/guides/page/draft.html", None),
                    "draft.html",
                    1,
                    16,
                ),
                (
                    site_path("/guides/setup.html", None),
                    "/guides/setup.html",
                    1,
                    32,
                ),
            ],
        ),
        ("an empty destination is not recorded", "[e]()", &[]),
        (
            "autolinks are external",
            "<https://example.com/> and plain https://example.com/",
            &[],
        ),
    ];
    check(rows, |r| shown(&links(r)));
}

#[test]
fn an_image_alone_in_its_paragraph_links_to_itself_full_size() {
    check_html(&[
        (
            "own diagram: a link to the file around it, alt kept, words under it",
            "![Flow of the steps](flow.svg)",
            Html {
                has: &[
                    "<p><a class=\"figure-open\" href=\"flow.svg\"><img src=\"flow.svg\" \
                     alt=\"Flow of the steps\" /><br><span data-pagefind-ignore=\"\">Open the full-size image</span></a></p>\n",
                ],
                lacks: &[],
            },
        ),
        (
            "in a loose list item, with a site path",
            "1. Step\n\n   ![a](/img/a.png)\n",
            Html {
                has: &["<a class=\"figure-open\" href=\"/img/a.png\"><img src=\"/img/a.png\""],
                lacks: &[],
            },
        ),
        (
            "in a block with raw HTML, which the cleaner reads",
            "1. Press <kbd>Win</kbd>\n\n   ![a](a.svg)\n",
            Html {
                has: &[
                    "<a class=\"figure-open\" href=\"a.svg\"><img ",
                    "<br><span data-pagefind-ignore=\"\">Open the full-size image</span></a>",
                ],
                lacks: &[],
            },
        ),
        (
            "beside text: left as it is",
            "See ![a](a.svg) here",
            Html {
                has: &["<p>See <img src=\"a.svg\" alt=\"a\" /> here</p>"],
                lacks: &["figure-open", "full-size"],
            },
        ),
        (
            "already a link: left as it is",
            "[![a](a.svg)](setup.md)",
            Html {
                has: &["<a href=\"/guides/setup/\"><img src=\"a.svg\""],
                lacks: &["figure-open", "full-size"],
            },
        ),
        (
            "two images in one paragraph: left as they are",
            "![a](a.svg) ![b](b.svg)",
            Html {
                has: &["<img src=\"a.svg\"", "<img src=\"b.svg\""],
                lacks: &["figure-open"],
            },
        ),
        (
            "a data image: no link",
            "![d](data:image/png;base64,AAAA)",
            Html {
                has: &["<p><img src=\"data:image/png;base64,AAAA\" alt=\"d\" /></p>"],
                lacks: &["figure-open"],
            },
        ),
    ]);
}

#[test]
fn links_are_written_with_the_page_urls() {
    check_html(&[
        (
            ".md becomes the page URL",
            "[s](setup.md#top)",
            Html {
                has: &["<a href=\"/guides/setup/#top\">s</a>"],
                lacks: &["setup.md"],
            },
        ),
        (
            "missing files stay as written",
            "[m](nope.md)",
            Html {
                has: &["<a href=\"nope.md\">m</a>"],
                lacks: &[],
            },
        ),
        (
            "relative links stay relative",
            "[f](files/a.zip)",
            Html {
                has: &["<a href=\"files/a.zip\">f</a>"],
                lacks: &["/guides/page/files"],
            },
        ),
        (
            "external links get rel",
            "[e](https://example.com/ \"T\")",
            Html {
                has: &[
                    "<a href=\"https://example.com/\" title=\"T\" rel=\"noopener noreferrer\">e</a>",
                ],
                lacks: &[],
            },
        ),
        (
            "own host is not external",
            "[o](https://help.example/x/)",
            Html {
                has: &["<a href=\"https://help.example/x/\">o</a>"],
                lacks: &["rel="],
            },
        ),
    ]);
}

#[test]
fn internal_absolute_links_get_the_base_path() {
    let docs = site_at("https://help.example/docs/");
    let rows: &[Row<(&[&str], &[L])>] = &[
        (
            ".md",
            "[s](setup.md)",
            (
                &["href=\"/docs/guides/setup/\""],
                &[(site_path("/guides/setup/", None), "setup.md", 1, 1)],
            ),
        ),
        (
            "absolute path (an image's link to itself too)",
            "![i](/img/a.png)",
            (
                &["href=\"/docs/img/a.png\"", "src=\"/docs/img/a.png\""],
                &[(site_path("/img/a.png", None), "/img/a.png", 1, 1)],
            ),
        ),
        (
            "relative path unchanged",
            "[r](files/a.zip)",
            (
                &["href=\"files/a.zip\""],
                &[(
                    site_path("/guides/page/files/a.zip", None),
                    "files/a.zip",
                    1,
                    1,
                )],
            ),
        ),
    ];
    // The row's expected hrefs are compared with those found in the HTML.
    check_in(&docs, 1, rows, |r| {
        let written: Vec<&str> = r
            .html
            .split(' ')
            .filter(|part| part.starts_with("href=") || part.starts_with("src="))
            .filter_map(|part| {
                let value = part.split_once('"')?.1;
                let end = value.find('"')?;
                Some(&part[..part.len() - value.len() + end + 1])
            })
            .collect();
        shown(&(written, links(r)))
    });
}

#[test]
fn positions_are_file_lines_and_columns() {
    let rows: &[Row<(&[P], &[P])>] = &[
        // `(links, widget calls)`, each as (line, column); the body starts on file line 5.
        ("first line", "[s](setup.md)", (&[(5, 1)], &[])),
        (
            "later lines",
            "Text\n\nMore [s](setup.md) and\n  [t](../top.md)",
            (&[(7, 6), (8, 3)], &[]),
        ),
        (
            "columns count characters",
            "Ünïcödé ✓ [s](setup.md)",
            (&[(5, 11)], &[]),
        ),
        (
            "in list and quote",
            "- a\n  - b [s](setup.md)\n\n> q\n> > [t](../top.md)",
            (&[(6, 7), (9, 5)], &[]),
        ),
        (
            "in a table",
            "| a | b |\n|---|---|\n| x | [s](setup.md) |",
            (&[(7, 7)], &[]),
        ),
        (
            "widget calls and links after them",
            "Ä {{ status() }} [s](setup.md)\n\n{{ note(text=\"x\") }} [t](../top.md)",
            (&[(5, 18), (7, 22)], &[(5, 3), (7, 1)]),
        ),
        ("image", "Text\n\n   ![i](/a.png)", (&[(7, 4)], &[])),
    ];
    check_in(site(), 5, rows, |r| {
        let links: Vec<(usize, usize)> = r.links.iter().map(|l| (l.line, l.col)).collect();
        let calls: Vec<(usize, usize)> = r.widgets.iter().map(|w| (w.line, w.col)).collect();
        shown(&(links, calls))
    });
}

#[test]
fn first_paragraph_summary_and_words() {
    // `(first paragraph, summary, words)`.
    let rows: &[Row<(&str, Option<&str>, usize)>] = &[
        ("empty", "", ("", None, 0)),
        (
            "first paragraph, soft breaks as spaces",
            "Open the\nSettings app.\n\nSecond.",
            ("Open the Settings app.", None, 5),
        ),
        (
            "markup gives its text",
            "Run `slmgr` *now* with [this](setup.md) **key** today",
            ("Run slmgr now with this key today", None, 6),
        ),
        (
            "headings and lists are not the first paragraph",
            "# Title\n\n- item\n\n> Quoted\n\nText.",
            ("Quoted", None, 4),
        ),
        (
            "a paragraph of a widget only is skipped",
            "{{ status() }}\n\nText after.",
            ("Text after.", None, 2),
        ),
        (
            "summary before more",
            "One two.\n\nThree.\n\n<!-- more -->\n\nFour five.",
            ("One two.", Some("One two. Three."), 5),
        ),
        (
            "summary keeps words apart",
            "# Title\n\nLine one\nline `two`.\n\n- item\n\n<!-- more -->\n\nAfter.",
            (
                "Line one line two.",
                Some("Title Line one line two. item"),
                7,
            ),
        ),
        // Words are counted per run of text (`Win`, `dows`): an estimate, for reading time.
        (
            "summary joins inline markup as written",
            "Open **Win**dows `x`.\n\n<!-- more -->",
            ("Open Windows x.", Some("Open Windows x."), 4),
        ),
        (
            "an inline more comment counts too",
            "Text <!-- more --> inline.",
            ("Text inline.", Some("Text"), 2),
        ),
        (
            "a widget call leaves one space",
            "Intro {{ status() }} text",
            ("Intro text", None, 2),
        ),
        (
            "words of prose, not of code",
            "One two\n\n```\nthree four\n```\n\n`five`",
            ("One two", None, 4),
        ),
    ];
    check(rows, |r| shown(&(&r.first_paragraph, &r.summary, r.words)));
}

#[test]
fn raw_html_goes_through_the_cleaner() {
    check_html(&[
        (
            "script removed",
            "Text\n\n<script>track()</script>\n\nMore",
            Html {
                has: &["<p>Text</p>", "<p>More</p>"],
                lacks: &["<script", "track()"],
            },
        ),
        (
            "event handlers removed, element kept",
            "<p onclick=\"x()\" onmouseover=\"y()\">hi</p>",
            Html {
                has: &["<p>hi</p>"],
                lacks: &["onclick", "onmouseover", "x()"],
            },
        ),
        (
            "inline HTML in a paragraph",
            "A <b onclick=\"x()\">bold</b> <kbd>Win</kbd> word",
            Html {
                has: &["<b>bold</b>", "<kbd>Win</kbd>"],
                lacks: &["onclick"],
            },
        ),
        (
            "tracking pixel removed",
            "Text <img src=\"https://stats.example/p.gif\" width=\"1\" height=\"1\"> end",
            Html {
                has: &["Text", "end"],
                lacks: &["<img", "stats.example"],
            },
        ),
        (
            "javascript: URL removed",
            "<a href=\"javascript:alert(1)\">x</a>",
            Html {
                has: &[">x</a>"],
                lacks: &["javascript:"],
            },
        ),
        (
            "iframe and style removed",
            "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n<style>p{}</style>\n\nText",
            Html {
                has: &["<p>Text</p>"],
                lacks: &["<iframe", "<style", "p{}"],
            },
        ),
        (
            "ad region between markers removed",
            "Before\n\n<!-- ad start -->\n<div>Buy now</div>\n<!-- ad end -->\n\nAfter",
            Html {
                has: &["<p>Before</p>", "<p>After</p>"],
                lacks: &["Buy now"],
            },
        ),
        (
            "pure Markdown never goes through the cleaner",
            "*a* `<script>` [l](setup.md)",
            Html {
                has: &["<code>&lt;script&gt;</code>", "<em>a</em>"],
                lacks: &["<script>"],
            },
        ),
    ]);
    let rows: &[Row<&[R]>] = &[
        (
            "each removal at its source line",
            "Text\n\n<script>x()</script>\n\n<p onclick=\"y()\">p</p>",
            &[
                (RemovalKind::Script, 3, "<script>"),
                (RemovalKind::EventHandler, 5, "onclick on <p>"),
            ],
        ),
        (
            "tracking pixel",
            "<img src=\"https://stats.example/p.gif\" width=\"1\" height=\"1\">",
            &[(RemovalKind::TrackingPixel, 1, "hidden or 1-pixel image")],
        ),
        ("clean HTML removes nothing", "<kbd>Win</kbd>", &[]),
    ];
    check(rows, |r| shown(&removals(r)));
    // Without a cleaner (benchmarks), raw HTML is written as it is.
    let input = PageInput {
        body: "<script>x()</script>",
        body_line: 1,
        rel: REL,
        site_path: SITE_PATH,
    };
    assert!(
        render(&input, site(), None)
            .html
            .contains("<script>x()</script>")
    );
}

#[test]
fn markdown_links_and_images_are_judged() {
    let rows: &[Row<(&str, &[R])>] = &[
        (
            "ad link: its text stays",
            "Buy [this](https://amzn.to/x) now",
            (
                "<p>Buy this now</p>\n",
                &[(RemovalKind::AdNetwork, 1, "link to https://amzn.to/x")],
            ),
        ),
        (
            "dangerous link",
            "[js](javascript:alert(1))",
            (
                "<p>js</p>\n",
                &[(RemovalKind::DangerousUrl, 1, "link to javascript:alert(1)")],
            ),
        ),
        (
            "remote image goes, and the empty paragraph",
            "Text\n\n![r](https://cdn.example/x.png)",
            (
                "<p>Text</p>\n",
                &[(
                    RemovalKind::RemoteResource,
                    3,
                    "image https://cdn.example/x.png",
                )],
            ),
        ),
        (
            "a link wrapping only a removed image goes too",
            "[![ad](https://pagead2.googlesyndication.com/a.gif)](https://example.com/)",
            (
                "",
                &[
                    (
                        RemovalKind::AdNetwork,
                        1,
                        "image https://pagead2.googlesyndication.com/a.gif",
                    ),
                    (
                        RemovalKind::AdNetwork,
                        1,
                        "link to https://example.com/ that only wrapped removed content",
                    ),
                ],
            ),
        ),
        (
            "a link with text besides the image stays",
            "[see ![r](https://cdn.example/x.png)](setup.md)",
            (
                "<p><a href=\"/guides/setup/\">see </a></p>\n",
                &[(
                    RemovalKind::RemoteResource,
                    1,
                    "image https://cdn.example/x.png",
                )],
            ),
        ),
        (
            "plain http image: advice",
            "![r](http://cdn.example/x.png)",
            (
                "",
                &[(
                    RemovalKind::RemoteResource,
                    1,
                    "image http://cdn.example/x.png",
                )],
            ),
        ),
        (
            "data image kept",
            "![d](data:image/png;base64,AAAA)",
            (
                "<p><img src=\"data:image/png;base64,AAAA\" alt=\"d\" /></p>\n",
                &[],
            ),
        ),
    ];
    check(rows, |r| shown(&(&r.html, removals(r))));
}

#[test]
fn widget_calls_leave_markers_and_errors() {
    // `(calls as (name, line, col), indices of the calls with a marker, of those in a <p>,
    // errors as (line, col, message))`.
    type Expected = (
        &'static [(&'static str, usize, usize)],
        &'static [usize],
        &'static [usize],
        &'static [(usize, usize, &'static str)],
    );
    let rows: &[Row<Expected>] = &[
        ("none", "No {{ calls }} here", (&[], &[], &[], &[])),
        (
            "in a paragraph",
            "Intro {{ status() }} text",
            (&[("status", 1, 7)], &[0], &[0], &[]),
        ),
        (
            "a paragraph of its own loses its <p>",
            "Text\n\n{{ status(checks=[\"activation\"]) }}",
            (&[("status", 3, 1)], &[0], &[], &[]),
        ),
        (
            "in a heading: an error",
            "## Head {{ status() }}",
            (
                &[("status", 1, 9)],
                &[],
                &[],
                &[(
                    1,
                    9,
                    "widget `status` cannot go inside a heading, link or image",
                )],
            ),
        ),
        (
            "in a link: an error",
            "Text\n\n[x {{ status() }}](setup.md)",
            (
                &[("status", 3, 4)],
                &[],
                &[],
                &[(
                    3,
                    4,
                    "widget `status` cannot go inside a heading, link or image",
                )],
            ),
        ),
        (
            "in an image's text: an error",
            "![a {{ status() }}](/a.png)",
            (
                &[("status", 1, 5)],
                &[],
                &[],
                &[(
                    1,
                    5,
                    "widget `status` cannot go inside a heading, link or image",
                )],
            ),
        ),
        (
            "in code: text",
            "`{{ status() }}`\n\n```\n{{ status() }}\n```",
            (&[], &[], &[], &[]),
        ),
        (
            "written wrongly",
            "Text\n\n{{ status(checks=[\"a\"] }}",
            (
                &[],
                &[],
                &[],
                &[(
                    3,
                    1,
                    "the call to widget `status` does not end with `) }}` on the line it starts",
                )],
            ),
        ),
        (
            "two calls, one wrong",
            "{{ a() }} and {{ b(x=) }}",
            (
                &[("a", 1, 1)],
                &[0],
                &[0],
                &[(
                    1,
                    22,
                    "widget `b`: expected a value (text in quotes, a number, true, false, [..] \
                     or {..}), found the end of the call",
                )],
            ),
        ),
    ];
    check(rows, |r| {
        let calls: Vec<(&str, usize, usize)> = r
            .widgets
            .iter()
            .map(|w| (w.name.as_str(), w.line, w.col))
            .collect();
        let placed: Vec<usize> = (0..r.widgets.len())
            .filter(|i| r.html.contains(&widget_calls::marker(*i)))
            .collect();
        let in_paragraph: Vec<usize> = placed
            .iter()
            .copied()
            .filter(|i| {
                let before = &r.html[..r.html.find(&widget_calls::marker(*i)).unwrap_or(0)];
                before.rfind("<p>") > before.rfind("</p>")
            })
            .collect();
        let errors: Vec<(usize, usize, String)> = r
            .widget_errors
            .iter()
            .map(|e| (e.line, e.col, e.message.clone()))
            .collect();
        shown(&(calls, placed, in_paragraph, errors))
    });
}

#[test]
fn extensions_the_options_enable() {
    check_html(&[
        (
            "tables",
            "| a | b |\n|:--|--:|\n| 1 | 2 |",
            Html {
                has: &[
                    "<table><thead><tr><th style=\"text-align: left\">a</th>",
                    "<td style=\"text-align: right\">2</td>",
                ],
                lacks: &["| a |"],
            },
        ),
        (
            "footnotes",
            "Note[^n].\n\n[^n]: The note.",
            Html {
                has: &[
                    "<sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup>",
                    "<div class=\"footnote-definition\" id=\"n\">",
                ],
                lacks: &["[^n]"],
            },
        ),
        (
            "task lists",
            "- [x] done\n- [ ] todo",
            Html {
                has: &[
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>",
                    "<input disabled=\"\" type=\"checkbox\"/>",
                ],
                lacks: &["[x]", "[ ]"],
            },
        ),
        (
            "strikethrough",
            "~~gone~~",
            Html {
                has: &["<del>gone</del>"],
                lacks: &["~~"],
            },
        ),
        (
            "alerts become callouts",
            "> [!WARNING]\n> Back up first.",
            Html {
                has: &[
                    "<div class=\"callout callout-warning\" role=\"note\" aria-label=\"Warning\">",
                    "<p class=\"callout-title\">Warning</p>",
                    "<p>Back up first.</p>\n</div>",
                ],
                lacks: &["<blockquote", "[!WARNING]"],
            },
        ),
        (
            "plain quotes stay quotes",
            "> Quoted",
            Html {
                has: &["<blockquote>"],
                lacks: &["callout"],
            },
        ),
        (
            "smart punctuation",
            "\"Quotes\" -- and... 'single'",
            Html {
                has: &["“Quotes” – and… ‘single’"],
                lacks: &["\"Quotes\""],
            },
        ),
        (
            "no bare-URL autolinks",
            "www.example.com",
            Html {
                has: &["<p>www.example.com</p>"],
                lacks: &["<a"],
            },
        ),
    ]);
}

#[test]
fn code_keeps_its_text_escaped() {
    check_html(&[
        (
            "code block",
            "```rust\nlet a = \"<b>&amp;\"; // *no* [link](x.md)\n```",
            Html {
                has: &[
                    "<pre><code class=\"language-rust\"><span class=\"hl-k\">let</span> a \
                     <span class=\"hl-k\">= </span><span class=\"hl-s\">\"&lt;b&gt;&amp;amp;\"\
                     </span>; <span class=\"hl-c\">// *no* [link](x.md)\n</span></code></pre>",
                ],
                lacks: &["<b>", "<em>", "<a ", "style"],
            },
        ),
        (
            "code block in a language not highlighted",
            "```no-such-language\nlet a = \"<b>&amp;\";\n```",
            Html {
                has: &["<pre><code class=\"language-no-such-language\">let a = \
                     \"&lt;b&gt;&amp;amp;\";\n</code></pre>"],
                lacks: &["<b>", "<span"],
            },
        ),
        (
            "indented code block",
            "Text\n\n    <script>x()</script>",
            Html {
                has: &["<pre><code>&lt;script&gt;x()&lt;/script&gt;</code></pre>"],
                lacks: &["<script>"],
            },
        ),
        (
            "code span",
            "Type `<i>` and `--` and `\"x\"`",
            Html {
                has: &[
                    "<code>&lt;i&gt;</code>",
                    "<code>--</code>",
                    "<code>\"x\"</code>",
                ],
                lacks: &["<i>", "–"],
            },
        ),
    ]);
    // Links in code are not links.
    check(
        &[(
            "no links in code",
            "`[a](nope.md)`\n\n```\n[b](nope.md)\n```",
            0,
        )],
        |r| shown(&r.links.len()),
    );
}
