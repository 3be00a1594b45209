//! Recognizing the boilerplate of republished articles by its text: affiliate disclaimers and
//! the labels of "Also read" link farms.
//!
//! Both tests are deliberately narrow. A disclaimer must be short and talk about affiliate
//! links or commissions on purchases, so a guide's own warnings ("Disclaimer: back up first")
//! stay; a label must be the whole text of its element, and only counts when a list of links to
//! other sites follows it (checked by the caller).

/// Longest text (in characters) a block may have to be taken for a disclaimer.
const DISCLAIMER_MAX_CHARS: usize = 320;

/// Whole-element texts that introduce a link farm.
const FARM_LABELS: &[&str] = &[
    "also read",
    "read also",
    "related",
    "related posts",
    "related articles",
    "related reading",
    "related stories",
    "you may also like",
    "you might also like",
    "more articles",
    "recommended reading",
];

/// Lowercase text with whitespace runs collapsed to one space and trimmed.
pub(super) fn normalized(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Phrases that say the page itself carries affiliate links or pays its author commissions.
const AFFILIATE_CLAIMS: &[&str] = &[
    "contains affiliate",
    "contain affiliate",
    "includes affiliate",
    "include affiliate",
    "uses affiliate",
    "use affiliate",
    "through affiliate",
    "via affiliate",
    "affiliate links in this",
    "affiliate link in this",
    "is an affiliate link",
    "are affiliate links",
    "affiliate disclosure",
    "affiliate commission",
    "amazon associate",
];

/// Phrases about earning from what readers buy (counted only with the word "commission").
const COMMISSION_CLAIMS: &[&str] = &[
    "at no extra cost",
    "at no additional cost",
    "no extra cost to you",
    "may receive",
    "may earn",
    "might earn",
    "earn a",
    "receive a",
    "small commission",
    "qualifying purchase",
];

/// Phrases that deny affiliate links: "this site has no affiliate links" is not a disclaimer.
const DENIALS: &[&str] = &[
    "no affiliate",
    "not affiliate",
    "without affiliate",
    "never use affiliate",
    "not use affiliate",
    "n't use affiliate",
    "not contain affiliate",
    "n't contain affiliate",
    "no commission",
    "never earn",
    "not earn",
    "n't earn",
];

/// Whether a block's whole text is a short affiliate disclaimer.
pub(super) fn is_disclaimer(text: &str) -> bool {
    let t = normalized(text);
    if t.is_empty() || t.chars().count() > DISCLAIMER_MAX_CHARS {
        return false;
    }
    if DENIALS.iter().any(|d| t.contains(d)) {
        return false;
    }
    let affiliate = AFFILIATE_CLAIMS.iter().any(|c| t.contains(c));
    let commission = t.contains("commission") && COMMISSION_CLAIMS.iter().any(|c| t.contains(c));
    affiliate || commission
}

/// Whether an element's whole text is a link-farm label such as "Also read:".
pub(super) fn is_farm_label(text: &str) -> bool {
    let t = normalized(text);
    let t = t.trim_matches(|c: char| matches!(c, ':' | '…' | '.' | '-' | '–' | '—' | '»' | ' '));
    FARM_LABELS.contains(&t)
}

#[cfg(test)]
mod tests {
    use super::{is_disclaimer, is_farm_label};

    #[test]
    fn only_short_affiliate_disclaimers_are_recognized() {
        assert!(is_disclaimer(
            "Disclaimer: This post includes affiliate links If you click on a link and make a \
             purchase, I may receive a commission at no extra cost to you."
        ));
        assert!(is_disclaimer(
            "As an Amazon Associate I earn from qualifying purchases."
        ));
        assert!(is_disclaimer(
            "We may earn a commission when you buy through links."
        ));
        assert!(!is_disclaimer(
            "Disclaimer: changing the product key can deactivate Windows."
        ));
        assert!(!is_disclaimer(
            "The European Commission fined Microsoft over bundling."
        ));
        assert!(!is_disclaimer(
            "So this site has no ads, no affiliate links, no trackers and no cookies."
        ));
        assert!(!is_disclaimer(
            "Affiliate links are how many sites earn money."
        ));
        let long = format!(
            "{} affiliate links",
            "Windows activation explained. ".repeat(20)
        );
        assert!(!is_disclaimer(&long));
    }

    #[test]
    fn farm_labels_are_whole_texts() {
        assert!(is_farm_label("Also read:"));
        assert!(is_farm_label("  You may also like "));
        assert!(is_farm_label("Related posts"));
        assert!(!is_farm_label("Also read the official notes:"));
        assert!(!is_farm_label("See also"));
    }
}
