//! Asking the build's own cleaner which elements of a piece of HTML are ads, trackers or unsafe.
//!
//! Import must remove exactly what the build would (or `check` would still fail), so it does not
//! keep a second copy of the rules: it runs [`Cleaner::clean_fragment`] and reads its report.
//! That report names a source line per removal, taken from `<!--gp:N-->` comments; here every
//! element gets its own comment with its own number, so each removal names exactly one element.
//! The real source lines (from the Markdown stage's markers) are kept aside for the report.

use std::collections::HashMap;

use ego_tree::NodeId;
use html5ever::tendril::StrTendril;
use scraper::node::Comment;
use scraper::{Html, Node};

use crate::clean::{Cleaner, Removal, RemovalKind};

/// The cleaner's verdicts on one parsed fragment.
pub(super) struct Judged {
    /// The source line of every node.
    pub(super) lines: HashMap<NodeId, usize>,
    /// Elements the cleaner removes, with why (attribute-level findings left out).
    pub(super) doomed: HashMap<NodeId, Removal>,
}

/// The number in a `<!--gp:N-->` comment.
fn marker(node: &Node) -> Option<usize> {
    match node {
        Node::Comment(c) => c.comment.strip_prefix("gp:")?.parse().ok(),
        _ => None,
    }
}

/// Reads the source lines from the `<!--gp:LINE-->` comments in `doc` (removing them), then has
/// the cleaner judge every element.
pub(super) fn judge(doc: &mut Html, cleaner: &Cleaner) -> Judged {
    let mut lines = HashMap::new();
    let mut line = 0;
    let mut comments = Vec::new();
    for node in doc.tree.root().descendants() {
        if let Some(n) = marker(node.value()) {
            line = n;
            comments.push(node.id());
        }
        lines.insert(node.id(), line);
    }
    for id in comments {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }

    let root = doc.root_element().id();
    let elements: Vec<NodeId> = doc
        .tree
        .get(root)
        .map(|r| {
            r.descendants()
                .skip(1)
                .filter(|n| n.value().is_element())
                .map(|n| n.id())
                .collect()
        })
        .unwrap_or_default();
    let mut numbered = Vec::with_capacity(elements.len());
    for (k, id) in elements.iter().enumerate() {
        if let Some(mut node) = doc.tree.get_mut(*id) {
            let comment = Comment {
                comment: StrTendril::from(format!("gp:{}", k + 1)),
            };
            numbered.push(node.insert_before(Node::Comment(comment)).id());
        }
    }
    let html = doc.root_element().inner_html();
    for id in numbered {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }

    // Warnings (an ad region never closed) are the business of `super::regions`.
    let (_, report) = cleaner.clean_fragment(&html, 0);
    let mut doomed = HashMap::new();
    for removal in report.removals {
        let Some(id) = removal
            .line
            .checked_sub(1)
            .and_then(|k| elements.get(k))
            .copied()
        else {
            continue;
        };
        let tag = doc
            .tree
            .get(id)
            .and_then(|n| n.value().as_element().map(|e| e.name().to_owned()))
            .unwrap_or_default();
        if removes_element(removal.kind, &tag) {
            doomed.entry(id).or_insert(removal);
        }
    }
    Judged { lines, doomed }
}

/// Whether a removal of `kind` reported at a `<tag>` takes the element away (rather than one of
/// its attributes, which import drops and reports itself).
fn removes_element(kind: RemovalKind, tag: &str) -> bool {
    match kind {
        // Import writes its own markup from what the allowlist keeps (`super::convert`).
        RemovalKind::EventHandler
        | RemovalKind::DangerousUrl
        | RemovalKind::TrackingAttribute
        | RemovalKind::NotAllowed => false,
        RemovalKind::Style => matches!(tag, "style" | "link"),
        _ => true,
    }
}
