//! Which arguments a widget call may give: the component's own, never a value the build sets.
//!
//! A component declares what the build provides with `@name` (`@report`, `@checker`,
//! `@root_path`, ...; see [`super::implicits`]). Tera lets a caller's argument of the same name
//! win over the implicit value, and widgets are rendered after cleaning, so a guide could forge
//! the `--status` report or put its own URL where the build's download link goes. Every call is
//! checked here before it is rendered: a name the build sets is refused, whether or not the
//! component declares it, and an unknown name is refused with a hint that lists only the
//! arguments a call may give. Types and required arguments are left to the component.

use tera::ComponentInfo;

use crate::diagnostic::nearest;
use crate::widget_calls::{WidgetArg, WidgetCall, WidgetError};

/// The problems with `call`'s argument names, one per argument, at the argument's column.
pub(crate) fn check(
    call: &WidgetCall,
    component: &ComponentInfo,
    implicits: &tera::Context,
) -> Vec<WidgetError> {
    let own: Vec<&str> = component
        .args()
        .iter()
        .filter(|a| !a.is_implicit())
        .map(|a| a.name())
        .collect();
    let takes = match own.as_slice() {
        [] => format!("`{}` takes no arguments", call.name),
        names => format!(
            "`{}` takes {}",
            call.name,
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let is_implicit = |name: &str| {
        implicits.contains_key(name)
            || component
                .args()
                .iter()
                .any(|a| a.is_implicit() && a.name() == name)
    };
    call.args
        .iter()
        .filter_map(|arg| {
            let error = |message: String, hint: String| WidgetError {
                line: call.line,
                col: arg.col,
                message,
                hint,
            };
            if is_implicit(&arg.name) {
                Some(error(
                    format!("`{}` is set by the build, not by a widget call", arg.name),
                    format!("remove `{}=` from the call; {takes}", arg.name),
                ))
            } else if own.contains(&arg.name.as_str()) || component.rest_param().is_some() {
                None
            } else {
                let hint = match nearest(&arg.name, own.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`? {takes}"),
                    None => takes.clone(),
                };
                Some(error(
                    format!("widget `{}` has no argument `{}`", call.name, arg.name),
                    hint,
                ))
            }
        })
        .collect()
}

/// The call's arguments as the component's context (after [`check`] found no problem).
pub(crate) fn context(args: &[WidgetArg]) -> tera::Context {
    let mut context = tera::Context::new();
    for arg in args {
        context.insert(arg.name.clone(), &arg.value);
    }
    context
}
