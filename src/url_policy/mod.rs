//! Where URLs are in HTML and CSS, and what each one is: the one copy of that knowledge.
//!
//! The cleaner (raw HTML in content), the widget check (the markup a widget renders) and the
//! audit (every page, stylesheet and SVG the build writes) must agree on which attributes hold
//! URLs, how CSS names them, and whether a URL is this site's, another host's, or one that can
//! run code. Each used to keep its own lists, and they had drifted apart: a URL one of them
//! would stop could pass another. This module depends on no other part of Guidepost, only on
//! std and crates, so that each of them can use it.

mod attributes;
pub mod css;
mod embedded;
mod image_hosts;
mod kind;
mod refresh;
mod srcset;

pub use attributes::{
    Purpose, Resource, UrlAttribute, is_event_handler, reports_clicks, url_attribute,
};
pub use embedded::urls_inside;
pub use image_hosts::{HTTPS_ADVICE, ImageHost, ImageHosts};
pub use kind::{ALLOWED_SCHEMES, UrlKind, absolute, classify, host_of, scheme_allowed};
