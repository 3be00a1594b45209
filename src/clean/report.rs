//! What cleaning removed from one page: counts by kind and each item with its source line.
//!
//! `build -v` prints it per page, every build sums it into one line, and `--strict` / `check`
//! turn each item into an error at `file:line` so authors can clean the source itself. Warnings
//! are what the cleaner left alone but the author should fix (an ad region never closed): a
//! build prints them, `--strict` and `check` fail on them too.

use std::collections::BTreeMap;
use std::fmt;

/// Why something was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RemovalKind {
    /// Content between ad comment markers.
    AdRegion,
    /// An element pointing to an ad or affiliate network (network rule).
    AdNetwork,
    /// An element matching a cosmetic rule or configured selector.
    Cosmetic,
    /// A 0/1-pixel or hidden image.
    TrackingPixel,
    /// `<script>`, `<noscript>`, `<template>`, `<base>`, `<meta>`.
    Script,
    /// An event-handler attribute (`onclick`, `onerror`, ...).
    EventHandler,
    /// A `javascript:`, `vbscript:` or non-image `data:` URL.
    DangerousUrl,
    /// `<style>`, `<link>`, or a style attribute with `url()`/`expression()`.
    Style,
    /// `<iframe>`, `<object>`, `<embed>` and similar.
    Embed,
    /// `<form>`.
    Form,
    /// An image, video or other resource loaded from another host.
    RemoteResource,
    /// An attribute that reports clicks to a server (`ping`); the element stays.
    TrackingAttribute,
    /// A tag or attribute outside the allowlist (`<textarea>`, `<svg>`, `target`, ...).
    NotAllowed,
}

impl RemovalKind {
    /// A short singular name for diagnostics.
    pub fn name(self) -> &'static str {
        match self {
            RemovalKind::AdRegion => "an ad region",
            RemovalKind::AdNetwork => "an ad or affiliate link",
            RemovalKind::Cosmetic => "an ad element",
            RemovalKind::TrackingPixel => "a tracking pixel",
            RemovalKind::Script => "a script",
            RemovalKind::EventHandler => "an event handler",
            RemovalKind::DangerousUrl => "a dangerous URL",
            RemovalKind::Style => "a style that loads resources",
            RemovalKind::Embed => "an embedded frame or object",
            RemovalKind::Form => "a form",
            RemovalKind::RemoteResource => "a third-party resource",
            RemovalKind::TrackingAttribute => "a tracking attribute",
            RemovalKind::NotAllowed => "markup outside the allowlist",
        }
    }

    /// A short plural label for summaries.
    pub fn label(self) -> &'static str {
        match self {
            RemovalKind::AdRegion => "ad regions",
            RemovalKind::AdNetwork => "ad or affiliate links",
            RemovalKind::Cosmetic => "ad elements (cosmetic rules)",
            RemovalKind::TrackingPixel => "tracking pixels",
            RemovalKind::Script => "scripts",
            RemovalKind::EventHandler => "event handlers",
            RemovalKind::DangerousUrl => "dangerous URLs",
            RemovalKind::Style => "styles loading resources",
            RemovalKind::Embed => "embedded frames or objects",
            RemovalKind::Form => "forms",
            RemovalKind::RemoteResource => "third-party resources",
            RemovalKind::TrackingAttribute => "tracking attributes",
            RemovalKind::NotAllowed => "tags or attributes outside the allowlist",
        }
    }
}

/// One removed thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// Why.
    pub kind: RemovalKind,
    /// 1-based source line (0 when unknown).
    pub line: usize,
    /// What exactly, e.g. `<img src> to a.impactradius-go.com`.
    pub detail: String,
}

impl Removal {
    /// A removal record.
    pub fn new(kind: RemovalKind, line: usize, detail: String) -> Self {
        Self { kind, line, detail }
    }
}

/// Something the cleaner left in place that the author should fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanWarning {
    /// 1-based source line (0 when unknown).
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// Everything removed from one page, and what was left with a warning.
#[derive(Debug, Clone, Default)]
pub struct CleanReport {
    /// In source order.
    pub removals: Vec<Removal>,
    /// In source order.
    pub warnings: Vec<CleanWarning>,
}

impl CleanReport {
    /// Counts by kind.
    pub fn counts(&self) -> BTreeMap<RemovalKind, usize> {
        let mut counts = BTreeMap::new();
        for r in &self.removals {
            *counts.entry(r.kind).or_insert(0) += 1;
        }
        counts
    }

    /// Whether nothing was removed and nothing warned about.
    pub fn is_empty(&self) -> bool {
        self.removals.is_empty() && self.warnings.is_empty()
    }

    /// Adds another report (of a part of this page, or another page) to this one.
    pub fn absorb(&mut self, other: CleanReport) {
        self.removals.extend(other.removals);
        self.warnings.extend(other.warnings);
    }
}

impl fmt::Display for CleanReport {
    /// `3 ad regions, 2 tracking pixels`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .counts()
            .into_iter()
            .map(|(k, n)| format!("{n} {}", k.label()))
            .collect();
        if parts.is_empty() {
            f.write_str("nothing removed")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}
