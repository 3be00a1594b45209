//! Ad and tracker rules in EasyList syntax, matched by the `adblock` crate.
//!
//! One engine per build holds the curated default list compiled into the binary plus every list
//! named in `site.yaml`, so a user can drop in EasyList or EasyPrivacy unchanged. Network rules
//! decide whether a URL in content is an ad or a tracker; cosmetic rules (`##selector`) name
//! elements to remove from raw HTML.

use std::collections::HashSet;
use std::path::Path;

use adblock::Engine;
use adblock::lists::{FilterSet, ParseOptions};
use adblock::request::Request;

use crate::diagnostic::{Diagnostic, display_path};
use crate::fs_util;

/// The curated default list, compiled in.
pub const DEFAULT_RULES: &str = include_str!("default-rules.txt");

/// The compiled rules and the cosmetic selectors that apply to every page.
pub struct Rules {
    engine: Engine,
    /// Generic cosmetic selectors not keyed by a class or id (`ins.adsbygoogle`, ...).
    pub generic_selectors: Vec<String>,
    exceptions: HashSet<String>,
    source_url: String,
}

impl Rules {
    /// Compiles the default list and the files in `lists` (relative to `root`).
    pub fn load(
        root: &Path,
        lists: &[std::path::PathBuf],
        site_url: &str,
    ) -> Result<Rules, Vec<Diagnostic>> {
        let mut set = FilterSet::new(false);
        set.add_filter_list(DEFAULT_RULES.to_owned(), ParseOptions::default());
        let mut problems = Vec::new();
        for list in lists {
            let path = root.join(list);
            match fs_util::read(&path).map(String::from_utf8) {
                Ok(Ok(text)) => {
                    set.add_filter_list(text, ParseOptions::default());
                }
                Ok(Err(_)) => problems.push(
                    Diagnostic::error(
                        display_path(root, &path),
                        0,
                        0,
                        "rule list is not valid UTF-8",
                    )
                    .with_hint("save the list as UTF-8"),
                ),
                Err(e) => problems.push(
                    Diagnostic::error("site.yaml", 0, 0, e.to_string())
                        .with_hint("fix the path in clean.rule_lists (relative to the site root)"),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let engine = Engine::new_with_filter_set(set);
        let resources = engine.url_cosmetic_resources(site_url);
        let mut generic_selectors: Vec<String> = resources.hide_selectors.into_iter().collect();
        generic_selectors.sort();
        Ok(Rules {
            engine,
            generic_selectors,
            exceptions: resources.exceptions,
            source_url: site_url.to_owned(),
        })
    }

    /// Whether a network rule blocks `url` loaded as `request_type` (`image`, `media`,
    /// `object`, `document`, ...) from a page of this site.
    pub fn blocks(&self, url: &str, request_type: &str) -> bool {
        match Request::new(
            &crate::url_policy::absolute(url),
            &self.source_url,
            request_type,
            "GET",
        ) {
            Ok(request) => self.engine.check_network_request(&request).should_block(),
            Err(_) => false,
        }
    }

    /// Cosmetic selectors keyed by these classes and ids (generic rules such as `.ad-banner`).
    pub fn class_id_selectors(&self, classes: &[String], ids: &[String]) -> Vec<String> {
        if classes.is_empty() && ids.is_empty() {
            return Vec::new();
        }
        self.engine
            .hidden_class_id_selectors(classes, ids, &self.exceptions)
    }
}
