//! Widgets in guides: `{{ status(checks=["activation", "account"]) }}` becomes a "Your status"
//! block, `{{ downloads() }}` the checker's download button.
//!
//! [`crate::widget_calls`] finds the calls before Markdown and leaves a marker comment where each
//! goes. After the model is assembled, [`expand`] renders every call with the widget's tera
//! component (a template in `templates/widgets/`) and puts it in place of its marker, after
//! cleaning, so a widget's own markup and script never go through the cleaner meant for
//! untrusted HTML.

pub(crate) mod arguments;
pub(crate) mod expand;
pub(crate) mod implicits;
pub(crate) mod markup;

/// Where the status widget's script is served.
pub(crate) const STATUS_SCRIPT_PATH: &str = "/status.js";
