//! `srcset` and `imagesrcset` split into URLs as the HTML standard's "parse a srcset attribute"
//! splits them.
//!
//! A candidate is a URL and optional descriptors (`1x`, `300w`); commas separate candidates.
//! The URL is a run of characters up to whitespace and may hold commas itself
//! (`data:image/png;base64,iVBO…`, `/a,b.png`): only commas at its end, or the first comma after
//! its descriptors outside parentheses, separate. Splitting at every comma, as each user of
//! `srcset` used to, reads one `data:` URL as two and a path with a comma as a host. Every
//! candidate's URL is returned, also one whose descriptors a browser would reject, so that no
//! URL a browser may load is missed.

/// ASCII whitespace, the only whitespace the HTML standard splits on.
fn is_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')
}

/// The URL of every image candidate in a `srcset` value, in order.
pub(super) fn srcset_urls(value: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c| is_space(c) || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        if url.ends_with(',') {
            // No descriptors: the candidate ends with the URL.
            urls.push(url.trim_end_matches(','));
            rest = after;
        } else {
            urls.push(url);
            rest = after_descriptors(after);
        }
    }
}

/// What follows a candidate's descriptors: the text after the first comma outside
/// parentheses (the descriptor tokenizer's "in parens" state keeps commas).
fn after_descriptors(text: &str) -> &str {
    let mut in_parens = false;
    for (i, c) in text.char_indices() {
        match c {
            '(' => in_parens = true,
            ')' => in_parens = false,
            ',' if !in_parens => return &text[i + 1..],
            _ => {}
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::srcset_urls;

    #[test]
    fn candidates_are_separated_by_commas_after_their_descriptors() {
        assert_eq!(srcset_urls("a.png 1x, b.png 2x"), ["a.png", "b.png"]);
        assert_eq!(srcset_urls("a.png"), ["a.png"]);
        assert_eq!(srcset_urls("a.png 100w,b.png 200w"), ["a.png", "b.png"]);
        assert_eq!(srcset_urls("a.png, b.png"), ["a.png", "b.png"]);
        assert_eq!(srcset_urls(""), Vec::<&str>::new());
        assert_eq!(srcset_urls(" , ,, "), Vec::<&str>::new());
    }

    #[test]
    fn a_url_keeps_the_commas_inside_it() {
        assert_eq!(
            srcset_urls("data:image/png;base64,iVBORw0KGgo= 1x, /b,c.png 2x"),
            ["data:image/png;base64,iVBORw0KGgo=", "/b,c.png"]
        );
        // No whitespace after the comma: one URL, a path on this site.
        assert_eq!(
            srcset_urls("/x,//evil.example/y.png 2x"),
            ["/x,//evil.example/y.png"]
        );
        // Commas at the end of a URL end the candidate.
        assert_eq!(srcset_urls("/a.png,,, /b.png"), ["/a.png", "/b.png"]);
    }

    #[test]
    fn odd_whitespace_separates_only_when_it_is_ascii() {
        assert_eq!(
            srcset_urls("\t/a.png\n1x ,\r\n\u{c}/b.png   2x  ,"),
            ["/a.png", "/b.png"]
        );
        // A no-break space is part of the URL.
        assert_eq!(srcset_urls("/a.png\u{a0}1x"), ["/a.png\u{a0}1x"]);
    }

    #[test]
    fn a_third_party_candidate_is_found_in_any_position() {
        assert_eq!(
            srcset_urls("/a.png 1x, https://evil.example/b.png 2x"),
            ["/a.png", "https://evil.example/b.png"]
        );
        assert_eq!(
            srcset_urls("/a.png 1x,/b.png 1.5x,//evil.example/c.png 2x"),
            ["/a.png", "/b.png", "//evil.example/c.png"]
        );
        assert_eq!(
            srcset_urls("data:image/gif;base64,R0lG,AAA 1x, /b.png 2x, http://[::1]:8080/c.png 3x"),
            [
                "data:image/gif;base64,R0lG,AAA",
                "/b.png",
                "http://[::1]:8080/c.png"
            ]
        );
    }

    #[test]
    fn commas_inside_parentheses_stay_in_the_descriptors() {
        assert_eq!(
            srcset_urls("/a.png 1x (, //evil.example/b.png 2x), //evil.example/c.png"),
            ["/a.png", "//evil.example/c.png"]
        );
        assert_eq!(
            srcset_urls("/a.png 1x (unclosed, //evil.example/b.png"),
            ["/a.png"]
        );
    }
}
