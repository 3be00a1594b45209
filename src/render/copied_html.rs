//! HTML pages copied as they are (from `static/`, and non-Markdown `.html` files in
//! `content/`) get the site's Content-Security-Policy meta, like every page the templates write.
//!
//! Such a page is the author's, not generated, but it is published on the same origin, so a
//! script or load in it is as much the site's as one in a guide: the policy must hold there too.
//! The meta goes first in `<head>` when the page opens with one; otherwise at the very start of
//! the document (after a doctype), where the parser puts it in the implied head. A page that
//! carries its own policy meta keeps it unchanged (the audit still checks what it loads). The
//! positions come from one lol_html pass over the page; the meta is then spliced in.

use std::borrow::Cow;
use std::cell::Cell;

use lol_html::{HtmlRewriter, Settings, doc_text, doctype, element};

/// Whether a copied file at this site path is an HTML page.
pub(crate) fn is_page(site_path: &str) -> bool {
    let lower = site_path.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// The page with the policy meta `csp` added, or unchanged when it has a policy meta already.
pub(crate) fn with_policy<'a>(html: &'a [u8], csp: &str) -> Cow<'a, [u8]> {
    let Some(at) = insertion_point(html) else {
        return Cow::Borrowed(html);
    };
    let at = at.min(html.len());
    let content = csp
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{content}\">");
    let mut out = Vec::with_capacity(html.len() + meta.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(meta.as_bytes());
    out.extend_from_slice(&html[at..]);
    Cow::Owned(out)
}

/// Where the meta goes (a byte offset), or `None` when the page has its own policy meta: just
/// inside `<head>` when the first element other than `<html>` is a `<head>` and no text came
/// before it, else right after the doctype, else at the start.
fn insertion_point(html: &[u8]) -> Option<usize> {
    let has_policy = Cell::new(false);
    let after_doctype = Cell::new(0usize);
    // Decided by the first element other than <html>: inside its start tag's end, if a head.
    let first = Cell::new(None::<Option<usize>>);
    let text_first = Cell::new(false);
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .with_strict(false)
            .append_element_content_handler(element!("*", |el| {
                let tag = el.tag_name();
                if first.get().is_none() && tag != "html" {
                    let head = tag == "head" && !text_first.get();
                    first.set(Some(head.then(|| el.source_location().bytes().end)));
                }
                if tag == "meta"
                    && el
                        .get_attribute("http-equiv")
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("content-security-policy"))
                {
                    has_policy.set(true);
                }
                Ok(())
            }))
            .append_document_content_handler(doctype!(|d| {
                after_doctype.set(d.source_location().bytes().end);
                Ok(())
            }))
            .append_document_content_handler(doc_text!(|t| {
                if first.get().is_none() && !t.as_str().trim().is_empty() {
                    text_first.set(true);
                }
                Ok(())
            })),
        |_: &[u8]| {},
    );
    // Unparsable input still gets the policy, at the start; the audit reports the rest.
    if rewriter.write(html).and_then(|()| rewriter.end()).is_err() {
        return Some(0);
    }
    if has_policy.get() {
        return None;
    }
    Some(first.get().flatten().unwrap_or(after_doctype.get()))
}

#[cfg(test)]
mod tests {
    use super::with_policy;

    fn add(html: &str) -> String {
        String::from_utf8(with_policy(html.as_bytes(), "default-src 'self'").into_owned())
            .expect("UTF-8")
    }

    const META: &str =
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'">"#;

    #[test]
    fn the_meta_goes_first_in_head_or_at_the_start() {
        assert_eq!(
            add("<!DOCTYPE html><html lang=en><head><title>t</title></head><p>x"),
            format!("<!DOCTYPE html><html lang=en><head>{META}<title>t</title></head><p>x")
        );
        assert_eq!(
            add("<!doctype html>\n<title>t</title><p>x"),
            format!("<!doctype html>{META}\n<title>t</title><p>x")
        );
        assert_eq!(add("<p>x</p>"), format!("{META}<p>x</p>"));
        assert_eq!(
            add("<html><body>Hi<head></head>"),
            format!("{META}<html><body>Hi<head></head>")
        );
        assert_eq!(add("Text<head></head>"), format!("{META}Text<head></head>"));
    }

    #[test]
    fn a_page_with_its_own_policy_is_left_alone() {
        let own = r#"<head><META HTTP-EQUIV="content-security-policy" content="default-src 'none'"></head>"#;
        assert_eq!(add(own), own);
    }
}
