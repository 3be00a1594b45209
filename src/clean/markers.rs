//! Ad comment markers: which HTML comments open and close an ad region.
//!
//! A marker is a whole comment, never a word inside one: `<!-- head start -->` or
//! `<!-- download begin -->` in an ordinary guide must not open a region that takes the rest of
//! the page with it. A comment matches a pattern of `clean.ad_markers` when its words (its text
//! trimmed, split at whitespace, compared without case) are the pattern's words, a `*` word
//! standing for any number of words, none included: `* ads begin` matches `ads begin` and
//! `affiliate ads begin`, not `ads begin here` nor `downloads begin`.
//!
//! The Markdown stage (which keeps a region in one piece for the cleaner), the cleaner (which
//! removes it) and `guidepost import` (which cuts it from the source) all walk comments through
//! [`Regions`], so they agree on where each region starts and ends.

use crate::config::AdMarker;

/// The configured begin/end patterns.
#[derive(Debug, Clone, Default)]
pub struct Markers {
    pairs: Vec<(Pattern, Pattern)>,
}

/// One pattern: lowercase words, `*` among them.
#[derive(Debug, Clone)]
struct Pattern {
    words: Vec<String>,
    shown: String,
}

impl Pattern {
    /// A pattern of nothing but `*` would match every comment: it matches none.
    fn new(text: &str) -> Pattern {
        let mut words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        let shown = words.join(" ");
        if words.iter().all(|w| w == "*") {
            words.clear();
        }
        Pattern { words, shown }
    }

    /// Whether `words` match, `*` standing for any run of words (wildcard matching that goes
    /// back to the last `*` on a mismatch, so it never takes more than words × pattern steps).
    fn matches(&self, words: &[String]) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let (mut p, mut w) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while w < words.len() {
            if p < self.words.len() && self.words[p] == "*" {
                star = Some((p, w));
                p += 1;
            } else if p < self.words.len() && self.words[p] == words[w] {
                p += 1;
                w += 1;
            } else if let Some((sp, sw)) = star {
                p = sp + 1;
                w = sw + 1;
                star = Some((sp, sw + 1));
            } else {
                return false;
            }
        }
        self.words[p..].iter().all(|word| word == "*")
    }
}

impl Markers {
    /// The markers of `clean.ad_markers`.
    pub fn new(config: &[AdMarker]) -> Markers {
        Markers {
            pairs: config
                .iter()
                .map(|m| (Pattern::new(&m.begin), Pattern::new(&m.end)))
                .collect(),
        }
    }

    /// Whether there are no markers at all.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The end pattern of pair `pair`, as configured, for messages.
    pub fn end_shown(&self, pair: usize) -> &str {
        self.pairs
            .get(pair)
            .map_or("", |(_, end)| end.shown.as_str())
    }
}

/// What one comment did to the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// It opened a region (with the marker pair it matched).
    Opened(usize),
    /// It closed the open region.
    Closed,
    /// Neither: an ordinary comment, a begin marker inside a region, a stray end marker.
    Nothing,
}

/// A walk over a document's comments, in document order.
#[derive(Debug, Clone)]
pub struct Regions<'a> {
    markers: &'a Markers,
    open: Option<usize>,
}

impl<'a> Regions<'a> {
    /// A walk that starts outside any region.
    pub fn new(markers: &'a Markers) -> Regions<'a> {
        Regions {
            markers,
            open: None,
        }
    }

    /// Takes the next comment's text (what stands between `<!--` and `-->`).
    pub fn feed(&mut self, comment: &str) -> Step {
        if self.markers.is_empty() {
            return Step::Nothing;
        }
        let words: Vec<String> = comment.split_whitespace().map(str::to_lowercase).collect();
        match self.open {
            None => match self
                .markers
                .pairs
                .iter()
                .position(|(b, _)| b.matches(&words))
            {
                Some(pair) => {
                    self.open = Some(pair);
                    Step::Opened(pair)
                }
                None => Step::Nothing,
            },
            Some(pair) if self.markers.pairs[pair].1.matches(&words) => {
                self.open = None;
                Step::Closed
            }
            Some(_) => Step::Nothing,
        }
    }

    /// The marker pair of the region open now, if any.
    pub fn open(&self) -> Option<usize> {
        self.open
    }
}

/// The warning for a begin marker that no end marker follows.
pub const UNCLOSED: &str = "ad region opened here is never closed; nothing was removed";

#[cfg(test)]
mod tests {
    use super::{Markers, Regions, Step};
    use crate::config::CleanConfig;

    fn walk(comments: &[&str]) -> Vec<Step> {
        let markers = Markers::new(&CleanConfig::default().ad_markers);
        let mut regions = Regions::new(&markers);
        comments.iter().map(|c| regions.feed(c)).collect()
    }

    #[test]
    fn a_marker_is_the_whole_comment() {
        use Step::{Closed, Nothing, Opened};
        assert_eq!(
            walk(&[" head start ", " download begin "]),
            [Nothing, Nothing]
        );
        assert_eq!(walk(&[" ads begin here "]), [Nothing]);
        assert_eq!(
            walk(&[" Affiliate  ADS begin ", " ads end "]),
            [Opened(0), Closed]
        );
        assert_eq!(
            walk(&["ad start", "ad begin", "x", "ad end"]),
            [Opened(3), Nothing, Nothing, Closed]
        );
        assert_eq!(walk(&["ads end", "ad start"]), [Nothing, Opened(3)]);
        // Google's section comments mark the article text used for ad targeting, not ads:
        // removing what they enclose would remove the guide.
        assert_eq!(
            walk(&["google_ad_section_start", "text", "google_ad_section_end"]),
            [Nothing, Nothing, Nothing]
        );
    }

    #[test]
    fn a_star_stands_for_any_run_of_words() {
        let markers = Markers::new(&[crate::config::AdMarker {
            begin: "* sponsored * start".into(),
            end: "sponsored end *".into(),
        }]);
        let mut regions = Regions::new(&markers);
        assert_eq!(regions.feed("sponsored start"), Step::Opened(0));
        assert_eq!(regions.feed("sponsored end of block"), Step::Closed);
        assert_eq!(regions.feed("a sponsored b c start"), Step::Opened(0));
        assert_eq!(regions.feed("the end"), Step::Nothing);
        assert_eq!(regions.open(), Some(0));
        assert_eq!(markers.end_shown(0), "sponsored end *");
    }
}
