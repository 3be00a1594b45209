//! Markdown rendering: tables, footnotes, strikethrough, task lists, heading attributes, smart
//! punctuation, GitHub alerts as callouts, unique heading ids with anchor links, the nested table
//! of contents, summaries in section lists, reading time, and `{{ … }}` kept literally (but for
//! widget calls).

use crate::support::{Site, attr, attrs, one, select, text, texts};
use scraper::Html;

/// The `markdown` fixture, built into a fresh temporary directory.
fn built() -> &'static Site {
    &crate::support::built("markdown").site
}

/// The page showing every Markdown feature.
fn features() -> Html {
    built().page("/features/")
}

#[test]
fn tables_render_with_head_and_body() {
    let page = features();
    assert_eq!(texts(&page, ".content table thead th"), ["Key", "Value"]);
    assert_eq!(texts(&page, ".content table tbody td"), ["os", "11"]);
}

#[test]
fn footnotes_link_to_their_definition() {
    let page = features();
    let reference = one(&page, ".content sup.footnote-reference a");
    assert_eq!(reference.value().attr("href"), Some("#note"));
    let definition = one(&page, ".content .footnote-definition");
    assert_eq!(definition.value().attr("id"), Some("note"));
    assert!(text(definition).contains("The footnote text."));
}

#[test]
fn footnotes_are_numbered_in_sequence_when_raw_html_lies_between() {
    let site = Site::new("markdown");
    site.write(
        "content/notes.md",
        "---\ntitle: Notes\n---\nOne[^a] two.\n\n<kbd>Ctrl</kbd>\n\nThree[^b].\n\n[^a]: first\n[^b]: second\n",
    );
    site.build_ok(&[]);
    let page = site.page("/notes/");
    assert_eq!(
        texts(&page, ".content sup.footnote-reference a"),
        ["1", "2"]
    );
    assert_eq!(
        texts(&page, ".content .footnote-definition-label"),
        ["1", "2"]
    );
    assert_eq!(texts(&page, ".content kbd"), ["Ctrl"]);
    let html = site.output_text("/notes/");
    assert!(
        !html.contains("gp-raw-"),
        "segment fences stay out of the page"
    );
}

#[test]
fn strikethrough_renders_as_del() {
    assert_eq!(texts(&features(), ".content del"), ["struck"]);
}

#[test]
fn task_lists_render_disabled_checkboxes() {
    let page = features();
    let boxes = select(&page, ".content li input[type=checkbox][disabled]");
    assert_eq!(boxes.len(), 2);
    assert!(
        boxes[0].value().attr("checked").is_some(),
        "first task is done"
    );
    assert!(
        boxes[1].value().attr("checked").is_none(),
        "second task is open"
    );
}

#[test]
fn heading_attributes_set_id_and_class() {
    let page = features();
    let heading = one(&page, ".content h2#custom-id");
    assert_eq!(heading.value().attr("class"), Some("highlight"));
    assert!(text(heading).starts_with("Custom heading"));
    assert!(
        !text(heading).contains('{'),
        "attribute block leaked into the text"
    );
}

#[test]
fn smart_punctuation_curls_quotes_and_joins_dashes() {
    let page = features();
    let first = text(select(&page, ".content p")[0]);
    assert_eq!(
        first,
        "Intro with \u{201c}double quotes\u{201d}, \u{2018}single quotes\u{2019}, an ellipsis\u{2026} and a dash \u{2013} here."
    );
}

#[test]
fn github_alerts_become_callouts() {
    let page = features();
    let expected = [
        ("note", "Note", "A note."),
        ("tip", "Tip", "A tip."),
        ("important", "Important", "Something important."),
        ("warning", "Warning", "A warning."),
        ("caution", "Caution", "Be careful."),
    ];
    for (class, title, body) in expected {
        let callout = one(&page, &format!(".content div.callout.callout-{class}"));
        assert_eq!(
            texts(&Html::parse_fragment(&callout.html()), "p.callout-title"),
            [title]
        );
        assert!(text(callout).ends_with(body), "{class}: {}", text(callout));
        assert!(!text(callout).contains("[!"), "{class}: marker leaked");
    }
    assert_eq!(select(&page, ".content div.callout").len(), 5);
    // A plain quote stays a quote.
    assert_eq!(texts(&page, ".content blockquote"), ["A plain quote."]);
}

#[test]
fn repeated_headings_get_unique_ids_each_with_an_anchor_link() {
    let page = features();
    let ids = attrs(&page, ".content h2, .content h3", "id");
    assert_eq!(
        ids,
        ["custom-id", "repeat", "child-one", "repeat-1", "child-two"]
    );
    for id in &ids {
        let anchor = one(&page, &format!(".content #{id} a.anchor"));
        assert_eq!(anchor.value().attr("href"), Some(format!("#{id}").as_str()));
    }
}

#[test]
fn table_of_contents_lists_h2_with_nested_h3() {
    let page = features();
    let toc = one(&page, "nav.toc");
    let toc = Html::parse_fragment(&toc.html());
    assert_eq!(
        attrs(&toc, "nav > ol > li > a", "href"),
        ["#custom-id", "#repeat", "#repeat-1"]
    );
    assert_eq!(
        texts(&toc, "nav > ol > li > a"),
        ["Custom heading", "Repeat", "Repeat"]
    );
    assert_eq!(
        attrs(&toc, "nav > ol > li:nth-child(2) > ol > li > a", "href"),
        ["#child-one"]
    );
    assert_eq!(
        attrs(&toc, "nav > ol > li:nth-child(3) > ol > li > a", "href"),
        ["#child-two"]
    );
    assert!(select(&toc, "nav > ol > li:nth-child(1) > ol").is_empty());
}

#[test]
fn table_of_contents_is_left_out_with_toc_false_or_fewer_than_two_headings() {
    let site = built();
    let hidden = site.page("/no-toc/");
    assert!(select(&hidden, "nav.toc").is_empty());
    assert_eq!(attrs(&hidden, ".content h2", "id"), ["one", "two"]);
    let single = site.page("/one-heading/");
    assert!(select(&single, "nav.toc").is_empty());
    assert_eq!(
        attrs(&single, ".content h2 a.anchor", "href"),
        ["#only-one"]
    );
}

#[test]
fn summary_is_the_excerpt_else_the_first_paragraph_in_section_lists() {
    let section = built().page("/summaries/");
    assert_eq!(
        texts(&section, ".page-list li > a"),
        ["With excerpt", "With more marker", "Plain"]
    );
    let summaries = texts(&section, ".page-list li > p");
    assert_eq!(summaries[0], "The excerpt wins.");
    assert_eq!(summaries[2], "Only the first paragraph.");
}

#[test]

fn summary_is_the_text_before_the_more_marker() {
    let section = built().page("/summaries/");
    let summaries = texts(&section, ".page-list li > p");
    assert_eq!(summaries.len(), 3);
    assert_eq!(
        summaries[1],
        "First paragraph before the marker. Second paragraph before the marker."
    );
}

#[test]
fn reading_time_is_words_over_200_rounded_up() {
    let long = built().page("/long/");
    // 450 words → 3 minutes.
    assert!(
        text(one(&long, ".page-header .meta")).ends_with("3 min read"),
        "{}",
        text(one(&long, ".page-header .meta"))
    );
    let short = features();
    assert!(text(one(&short, ".page-header .meta")).ends_with("1 min read"));
}

#[test]
fn template_syntax_in_text_and_code_stays_literal() {
    // Widget calls (`{{ name(...) }}`) are the one exception, tested in tests/it/widgets.rs.
    let page = features();
    let paragraphs = texts(&page, ".content p");
    assert!(
        paragraphs.contains(&"Template syntax {{ x }} and {{ page.title }} in text.".to_owned()),
        "{paragraphs:#?}"
    );
    assert!(texts(&page, ".content p code").contains(&"{{ status() }}".to_owned()));
    let block: String = one(&page, ".content pre code").text().collect();
    assert_eq!(block, "{{ x }}\n{{ status() }}\n");
}

#[test]

fn heading_ids_never_repeat_an_id_of_the_theme() {
    let page = built().page("/ids/");
    let ids = attrs(&page, "[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "duplicate ids on the page: {ids:?}"
    );
    // The skip link must still lead to the main landmark.
    assert_eq!(attr(&page, "a.skip-link", "href"), "#main");
    assert_eq!(one(&page, "#main").value().name(), "main");
}
