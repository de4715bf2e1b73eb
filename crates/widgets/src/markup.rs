//! Small helpers that keep the widgets' views from multiplying code.
//!
//! Every distinct closure passed to `Scope::callback` is a type of its own, with its own
//! `Callback` construction, call shim and drop code in the WebAssembly module; [`click`] makes
//! every button whose message carries no data share one closure type per component.
//! (Measured, see ARCHITECTURE.md, "Bundle size": moving the views' repeated `html!` elements
//! into shared functions did not pay — a static element inline is a few compact, well
//! compressing instructions, a call with its arguments is not smaller.)

use yew::html::Scope;
use yew::prelude::*;

/// A click callback that sends `make()`: one closure type per component for every button
/// whose message carries no data (`click(link, || Msg::ZoomIn)`).
pub fn click<C: Component>(link: &Scope<C>, make: fn() -> C::Message) -> Callback<MouseEvent> {
    link.callback(move |_: MouseEvent| make())
}

/// `"true"` or `"false"`, for `aria-pressed` / `aria-selected` (without `bool`'s `Display`,
/// which builds a `String` through the formatter).
pub fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}
