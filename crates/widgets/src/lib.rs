//! # cdc-widgets: the custom elements of cdc-lab
//!
//! The only crate that touches the DOM. `www/widgets/loader.js` defines the custom elements
//! (`<cdc-wal-sim>`, …) and calls the functions exported here:
//!
//! ```text
//! loader.js ──mount(tag, host, shadowRoot, container, id, lastState, onState)──▶ handle id
//!           ──resize / set_visible / theme_changed / unmount(handle id)──▶
//! ```
//!
//! Handles are plain numbers into a registry, not wasm-bindgen objects: after a panic the
//! loader resets the whole WebAssembly instance, and a JS object holding a pointer into the
//! old memory would free a random allocation of the new one when garbage-collected.
//!
//! Every widget is a Yew component over the pure crates: `widget-core` decides what the
//! attributes, the URL and the controls mean; `wal-model` simulates (dr-model, through
//! `widget_core::dr`, for `<cdc-dr-drill>`); `wal-charts` draws onto
//! [`canvas::CanvasBackend`]. No simulation logic lives here.

// A panic in a Yew render would stop every widget on the page: no indexing on anything.
#![deny(clippy::indexing_slicing)]

pub mod canvas;
pub mod controls;
pub mod dr_drill;
pub mod intl;
mod panic;
pub mod player;
pub mod scaling_calc;
pub mod url_state;
pub mod wal_sim;

use std::cell::RefCell;
use std::collections::BTreeMap;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, ShadowRoot};
use yew::AppHandle;

/// CSS of every widget, inserted into each shadow root (host fonts inherit through it).
const WIDGET_CSS: &str = include_str!("widget.css");

enum Mounted {
    WalSim(AppHandle<wal_sim::WalSim>),
    ScalingCalc(AppHandle<scaling_calc::ScalingCalc>),
    DrDrill(AppHandle<dr_drill::DrDrill>),
}

thread_local! {
    static REGISTRY: RefCell<BTreeMap<u32, (HtmlElement, Mounted)>> = const { RefCell::new(BTreeMap::new()) };
    static NEXT_ID: RefCell<u32> = const { RefCell::new(1) };
}

fn attributes(host: &Element) -> Vec<(String, String)> {
    host.get_attribute_names()
        .iter()
        .filter_map(|name| name.as_string())
        .map(|name| {
            let value = host.get_attribute(&name).unwrap_or_default();
            (name, value)
        })
        .collect()
}

/// Mounts a widget of kind `tag` into `container` (inside `root`, the element's shadow root).
/// `last_state` is the state text the widget last reported through `on_state` (after a
/// remount), or `null` on first mount (then the page URL is read). Returns a handle id.
#[wasm_bindgen]
pub fn mount(
    tag: &str,
    host: HtmlElement,
    root: ShadowRoot,
    container: Element,
    id: String,
    last_state: Option<String>,
    on_state: Function,
) -> Result<u32, JsValue> {
    panic::install_hook();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let style = document.create_element("style")?;
    style.set_text_content(Some(WIDGET_CSS));
    root.prepend_with_node_1(&style)?;

    let attrs = attributes(&host);
    let element = host.clone();
    let mounted = match tag {
        "cdc-wal-sim" => {
            let props = wal_sim::WalSimProps::new(host, id, &attrs, last_state, on_state);
            Mounted::WalSim(
                yew::Renderer::<wal_sim::WalSim>::with_root_and_props(container, props).render(),
            )
        }
        "cdc-scaling-calc" => {
            let props = scaling_calc::ScalingCalcProps::new(host, id, &attrs, last_state, on_state);
            Mounted::ScalingCalc(
                yew::Renderer::<scaling_calc::ScalingCalc>::with_root_and_props(container, props)
                    .render(),
            )
        }
        "cdc-dr-drill" => {
            let props = dr_drill::DrDrillProps::new(host, id, &attrs, last_state, on_state);
            Mounted::DrDrill(
                yew::Renderer::<dr_drill::DrDrill>::with_root_and_props(container, props).render(),
            )
        }
        other => return Err(JsValue::from_str(&format!("unknown widget <{other}>"))),
    };
    let handle = NEXT_ID.with(|n| {
        let mut n = n.borrow_mut();
        let id = *n;
        *n = n.wrapping_add(1);
        id
    });
    REGISTRY.with(|r| r.borrow_mut().insert(handle, (element, mounted)));
    Ok(handle)
}

fn send(
    handle: u32,
    msg: impl FnOnce() -> wal_sim::Msg,
    scaling: scaling_calc::Msg,
    dr: dr_drill::Msg,
) {
    REGISTRY.with(|r| match r.borrow().get(&handle) {
        Some((_, Mounted::WalSim(app))) => app.send_message(msg()),
        Some((_, Mounted::ScalingCalc(app))) => app.send_message(scaling),
        Some((_, Mounted::DrDrill(app))) => app.send_message(dr),
        None => {}
    });
}

/// Tears a widget down: Yew removes its DOM and drops its listeners and closures.
#[wasm_bindgen]
pub fn unmount(handle: u32) {
    let removed = REGISTRY.with(|r| r.borrow_mut().remove(&handle));
    match removed {
        Some((_, Mounted::WalSim(app))) => app.destroy(),
        Some((_, Mounted::ScalingCalc(app))) => app.destroy(),
        Some((_, Mounted::DrDrill(app))) => app.destroy(),
        None => {}
    }
}

/// The element changed size: re-layout and redraw the chart.
#[wasm_bindgen]
pub fn resize(handle: u32) {
    send(
        handle,
        || wal_sim::Msg::Resize,
        scaling_calc::Msg::Redraw,
        dr_drill::Msg::Redraw,
    );
}

/// The element scrolled into or out of view: off-screen widgets do not draw.
#[wasm_bindgen]
pub fn set_visible(handle: u32, visible: bool) {
    send(
        handle,
        || wal_sim::Msg::Visible(visible),
        scaling_calc::Msg::Visible(visible),
        dr_drill::Msg::Visible(visible),
    );
}

/// The page's `prefers-color-scheme` changed (matters for `data-theme="auto"`).
#[wasm_bindgen]
pub fn theme_changed(handle: u32) {
    send(
        handle,
        || wal_sim::Msg::ThemeChanged,
        scaling_calc::Msg::Redraw,
        dr_drill::Msg::Redraw,
    );
}

/// Shows `state` in the `<cdc-wal-sim>` mounted on `target` (the calculator's lag → WAL on
/// the same page), with `note` (what the mapping simplifies) above its chart; the simulator
/// scrolls itself into view and focuses its chart. False if no simulator is mounted there.
pub(crate) fn show_in_wal_sim(
    target: &Element,
    state: widget_core::WalState,
    note: String,
) -> bool {
    REGISTRY.with(|r| {
        let registry = r.borrow();
        let found = registry.values().find_map(|(host, mounted)| match mounted {
            Mounted::WalSim(app) if host.is_same_node(Some(target.as_ref())) => Some(app),
            _ => None,
        });
        match found {
            Some(app) => {
                app.send_message(wal_sim::Msg::Show(Box::new(state), note));
                true
            }
            None => false,
        }
    })
}

/// Number of mounted widgets (for the browser tests' leak checks).
#[wasm_bindgen]
pub fn mounted_count() -> usize {
    REGISTRY.with(|r| r.borrow().len())
}

/// Test builds only: makes a widget panic inside its Yew update, to prove that the others
/// keep working and that the loader recovers.
#[cfg(feature = "debug-panic")]
#[wasm_bindgen]
pub fn debug_panic(handle: u32) {
    send(
        handle,
        || wal_sim::Msg::DebugPanic,
        scaling_calc::Msg::DebugPanic,
        dr_drill::Msg::DebugPanic,
    );
}
