//! What the ammonia allowlist will drop from a fragment, found before ammonia runs.
//!
//! Ammonia returns clean HTML and says nothing about what it took out, so on its own a
//! `<textarea>`, an `<svg>` or a `target` attribute would vanish from a page without the clean
//! report (and so `build -v`, `--strict` and `check`) knowing. The cleaner hands ammonia the
//! fragment it has just parsed and cleared of ads and unsafe attributes; this module walks that
//! same tree and asks the allowlist's own tables ([`super::sanitize::tag_fate`],
//! [`super::sanitize::keeps_attribute`]) what will go, with each item's source line. Ammonia
//! still decides; this only tells.

use std::collections::HashMap;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::report::{Removal, RemovalKind};
use super::sanitize::{TagFate, keeps_attribute, tag_fate};

/// Every element and attribute of `doc` (a parsed fragment) the allowlist will drop, in
/// document order; `lines` gives each node's source line.
pub(super) fn dropped(
    doc: &Html,
    lines: &HashMap<NodeId, usize>,
    allows_scheme: &dyn Fn(&str) -> bool,
) -> Vec<Removal> {
    let mut removals = Vec::new();
    let root = doc.root_element();
    // Inside an element that goes with its content: nothing more to say until it closes.
    let mut skipping: Option<NodeId> = None;
    for edge in root.traverse() {
        let node = match edge {
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                }
                continue;
            }
            Edge::Open(node) => node,
        };
        if skipping.is_some() || node.id() == root.id() {
            continue;
        }
        let Node::Element(element) = node.value() else {
            continue;
        };
        let line = lines.get(&node.id()).copied().unwrap_or(0);
        let tag = element.name();
        match tag_fate(tag) {
            TagFate::RemoveWithContent => {
                skipping = Some(node.id());
                removals.push(Removal::new(
                    RemovalKind::NotAllowed,
                    line,
                    format!("<{tag}> with its content"),
                ));
            }
            TagFate::Unwrap => removals.push(Removal::new(
                RemovalKind::NotAllowed,
                line,
                format!("<{tag}> (its content kept)"),
            )),
            TagFate::Keep => {
                for (name, value) in element.attrs() {
                    if !keeps_attribute(tag, name, value, allows_scheme) {
                        removals.push(Removal::new(
                            RemovalKind::NotAllowed,
                            line,
                            format!("{name} attribute on <{tag}>"),
                        ));
                    }
                }
            }
        }
    }
    removals
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use scraper::Html;

    use super::dropped;

    fn details(html: &str) -> Vec<String> {
        dropped(&Html::parse_fragment(html), &HashMap::new(), &|_| false)
            .into_iter()
            .map(|r| r.detail)
            .collect()
    }

    #[test]
    fn what_the_allowlist_drops_is_named() {
        assert_eq!(
            details("A <textarea>my <b>text</b></textarea> B"),
            ["<textarea> with its content"]
        );
        assert_eq!(
            details(r#"<svg width="10"><circle r="5"/></svg><select><option>x</select>"#),
            ["<svg> with its content", "<select> with its content"]
        );
        assert_eq!(
            details(r#"<center><a href="/x" target="_top">x</a></center>"#),
            ["<center> (its content kept)", "target attribute on <a>"]
        );
        assert_eq!(
            details(r#"<a href="http://exa mple/">x</a><input type="text">"#),
            ["href attribute on <a>", "type attribute on <input>"]
        );
    }

    #[test]
    fn what_it_keeps_is_not_named() {
        let kept = r#"<p class="x" id="y"><kbd>Ctrl</kbd><br><a href="/a" title="t">a</a>
            <img src="data:image/png;base64,iVBO" alt=""></p>
            <table><tr><th style="text-align: center">h</th><td colspan="2">d</td></tr></table>
            <ul><li><input type="checkbox" disabled checked> done</li></ul>"#;
        assert_eq!(details(kept), Vec::<String>::new());
    }
}
