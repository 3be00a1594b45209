//! The built-in files every site gets besides its templates: the default stylesheet, the
//! favicon, the search box's script, the status widget's script, the code blocks'
//! stylesheet and copy button, and the tabs widget's script and stylesheet.
//!
//! They are kept here, below rendering, search and widgets, which all serve one of them: each
//! is written to be read and served compacted ([`compact`]). A site's `static/` file of the same
//! path replaces the built-in one.

pub(crate) mod compact;

/// The default stylesheet as written (served compacted as [`compact::STYLE`] at `/style.css`).
pub(crate) const STYLE_SOURCE: &str = include_str!("style.css");

/// The default favicon, served at `/favicon.svg`: a signpost, drawn for Guidepost (plain shapes,
/// no script, nothing loaded from elsewhere).
pub(crate) const FAVICON: &str = include_str!("favicon.svg");

/// The search box's script, served at `/search.js` when search is on.
pub(crate) const SEARCH_SCRIPT: &str = include_str!("search.js");

/// The status widget's script, served at `/status.js` when a page shows the status widget.
pub(crate) const STATUS_SCRIPT: &str = include_str!("status.js");

/// The code blocks' token colors and copy button, served at [`CODE_STYLE_PATH`] when a page
/// has a code block (only those pages load it, so pages without code do not pay for it).
pub(crate) const CODE_STYLE: &str = include_str!("code.css");

/// Where [`CODE_STYLE`] is served.
pub(crate) const CODE_STYLE_PATH: &str = "/code.css";

/// The code blocks' copy button, served at [`CODE_SCRIPT_PATH`] when a page has a code block.
pub(crate) const CODE_SCRIPT: &str = include_str!("code.js");

/// Where [`CODE_SCRIPT`] is served.
pub(crate) const CODE_SCRIPT_PATH: &str = "/code.js";

/// The tabs widget's script, served at [`TABS_SCRIPT_PATH`] when a page shows the tabs widget.
pub(crate) const TABS_SCRIPT: &str = include_str!("tabs.js");

/// Where [`TABS_SCRIPT`] is served.
pub(crate) const TABS_SCRIPT_PATH: &str = "/tabs.js";

/// The tab list's look, served at [`TABS_STYLE_PATH`] when a page shows the tabs widget.
pub(crate) const TABS_STYLE: &str = include_str!("tabs.css");

/// Where [`TABS_STYLE`] is served.
pub(crate) const TABS_STYLE_PATH: &str = "/tabs.css";
