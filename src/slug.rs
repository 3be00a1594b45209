//! Slugs: heading ids and taxonomy term URLs from free text.
//!
//! Lowercase; letters and digits kept (any script); spaces, `-` and `_` become `-`; everything
//! else is dropped; runs of `-` collapse and none lead or trail. Authors link to headings by
//! these ids, so the rule is documented in the README and must not change silently.

/// A heading's id by GitHub's rule (the default, `heading_ids: github`): lowercase; letters,
/// digits, `-` and `_` kept; each space becomes `-`; everything else is dropped; nothing
/// collapses or is trimmed. `Step -- two` → `step----two`.
pub fn github(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// The slug of `text`; empty when `text` holds no letter or digit.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.is_empty()
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{github, slugify};

    #[test]
    fn github_rule_matches_github() {
        for (text, id) in [
            ("Step -- two", "step----two"),
            (
                "How to Link Your Windows Product Key",
                "how-to-link-your-windows-product-key",
            ),
            (
                "0xC004F213: no product key found",
                "0xc004f213-no-product-key-found",
            ),
            (
                "Settings > Accounts & Sign-in",
                "settings--accounts--sign-in",
            ),
            ("snake_case and kebab-case", "snake_case-and-kebab-case"),
            (" Leading space", "-leading-space"),
            ("Ärger mit Windows 11", "ärger-mit-windows-11"),
            ("C++ (and C#)?", "c-and-c"),
            ("!!!", ""),
        ] {
            assert_eq!(github(text), id, "id of {text:?}");
        }
    }

    #[test]
    fn slug_rule_matches_the_documented_examples() {
        let cases = [
            (
                "How to Link Your Windows Product Key",
                "how-to-link-your-windows-product-key",
            ),
            (
                "0xC004F213: no product key found",
                "0xc004f213-no-product-key-found",
            ),
            ("Settings > Accounts & Sign-in", "settings-accounts-sign-in"),
            ("  --Trim__me--  ", "trim-me"),
            ("Ärger mit Windows 11", "ärger-mit-windows-11"),
            ("!!!", ""),
        ];
        for (text, slug) in cases {
            assert_eq!(slugify(text), slug, "slug of {text:?}");
        }
    }
}
