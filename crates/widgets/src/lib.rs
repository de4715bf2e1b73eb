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
//!
//! ## One module per widget
//!
//! Each widget is a cargo feature named after its tag without `cdc-` (`wal-sim`,
//! `scaling-calc`, `dr-drill`). `scripts/build-widgets` builds this crate once per feature into its own
//! WebAssembly module (`dist/widgets/wal-sim.js` + `wal-sim_bg.wasm`, …), plus once with
//! `wal-sim,scaling-calc` into `charts.js` + `charts_bg.wasm`; the loader fetches only the
//! module of each kind of widget on a page, or the combined one for the two chart widgets when a
//! page starts with both, once each. Modules share nothing
//! at run time: a panic resets only the module it happened in, and the calculator's lag → WAL
//! reaches a `<cdc-wal-sim>` through a DOM event the loader forwards ([`show_wal_state`]).
//! Adding a widget = one feature in `Cargo.toml`, one `#[cfg]` module and one arm in
//! [`mount`] / [`Mounted`] here, one name in `scripts/build-widgets`' `WIDGETS` and the
//! loader's `TAGS`. The default features (every widget) are what native
//! checks and wasm-bindgen-test build.

// A panic in a Yew render would stop every widget on the page: no indexing on anything.
#![deny(clippy::indexing_slicing)]

pub mod canvas;
pub mod controls;
#[cfg(feature = "dr-drill")]
pub mod dr_drill;
pub mod intl;
pub mod markup;
mod panic;
pub mod player;
#[cfg(feature = "scaling-calc")]
pub mod scaling_calc;
pub mod shell;
pub mod url_state;
#[cfg(feature = "wal-sim")]
pub mod wal_sim;

use std::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, ShadowRoot};
use yew::AppHandle;

/// CSS of every widget, inserted into each shadow root (host fonts inherit through it):
/// `widget.css` minified by `build.rs` (comments and layout whitespace removed).
const WIDGET_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

/// A mounted widget of this module (one variant per widget feature).
enum Mounted {
    #[cfg(feature = "wal-sim")]
    WalSim(AppHandle<wal_sim::WalSim>),
    #[cfg(feature = "scaling-calc")]
    ScalingCalc(AppHandle<scaling_calc::ScalingCalc>),
    #[cfg(feature = "dr-drill")]
    DrDrill(AppHandle<dr_drill::DrDrill>),
}

/// What the loader asks a mounted widget to do.
#[derive(Clone, Copy)]
enum Command {
    /// The element changed size.
    Resize,
    /// The element entered (true) or left the viewport.
    Visible(bool),
    /// The page's colour scheme changed.
    ThemeChanged,
    /// Test builds: panic inside the widget's update.
    #[cfg(feature = "debug-panic")]
    DebugPanic,
}

impl Mounted {
    fn destroy(self) {
        match self {
            #[cfg(feature = "wal-sim")]
            Mounted::WalSim(app) => app.destroy(),
            #[cfg(feature = "scaling-calc")]
            Mounted::ScalingCalc(app) => app.destroy(),
            #[cfg(feature = "dr-drill")]
            Mounted::DrDrill(app) => app.destroy(),
        }
    }

    fn command(&self, command: Command) {
        match self {
            #[cfg(feature = "wal-sim")]
            Mounted::WalSim(app) => app.send_message(match command {
                Command::Resize => wal_sim::Msg::Resize,
                Command::Visible(v) => wal_sim::Msg::Visible(v),
                Command::ThemeChanged => wal_sim::Msg::ThemeChanged,
                #[cfg(feature = "debug-panic")]
                Command::DebugPanic => wal_sim::Msg::DebugPanic,
            }),
            #[cfg(feature = "scaling-calc")]
            Mounted::ScalingCalc(app) => app.send_message(match command {
                Command::Resize => scaling_calc::Msg::Resize,
                Command::ThemeChanged => scaling_calc::Msg::Redraw,
                Command::Visible(v) => scaling_calc::Msg::Visible(v),
                #[cfg(feature = "debug-panic")]
                Command::DebugPanic => scaling_calc::Msg::DebugPanic,
            }),
            #[cfg(feature = "dr-drill")]
            Mounted::DrDrill(app) => app.send_message(match command {
                Command::Resize | Command::ThemeChanged => dr_drill::Msg::Redraw,
                Command::Visible(v) => dr_drill::Msg::Visible(v),
                #[cfg(feature = "debug-panic")]
                Command::DebugPanic => dr_drill::Msg::DebugPanic,
            }),
        }
    }
}

thread_local! {
    /// The mounted widgets by handle: a handful per page, so a list searched from the front (a
    /// `BTreeMap` here cost its own instantiation of the map's code, ≈ 3 KB of WebAssembly).
    static REGISTRY: RefCell<Vec<(u32, Mounted)>> = const { RefCell::new(Vec::new()) };
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
    let mounted = match tag {
        #[cfg(feature = "wal-sim")]
        "cdc-wal-sim" => {
            let props = wal_sim::WalSimProps::new(host, id, &attrs, last_state, on_state);
            Mounted::WalSim(
                yew::Renderer::<wal_sim::WalSim>::with_root_and_props(container, props).render(),
            )
        }
        #[cfg(feature = "scaling-calc")]
        "cdc-scaling-calc" => {
            let props = scaling_calc::ScalingCalcProps::new(host, id, &attrs, last_state, on_state);
            Mounted::ScalingCalc(
                yew::Renderer::<scaling_calc::ScalingCalc>::with_root_and_props(container, props)
                    .render(),
            )
        }
        #[cfg(feature = "dr-drill")]
        "cdc-dr-drill" => {
            let props = dr_drill::DrDrillProps::new(host, id, &attrs, last_state, on_state);
            Mounted::DrDrill(
                yew::Renderer::<dr_drill::DrDrill>::with_root_and_props(container, props).render(),
            )
        }
        other => {
            return Err(JsValue::from_str(&format!(
                "<{other}> is not in this module"
            )))
        }
    };
    let handle = NEXT_ID.with(|n| {
        let mut n = n.borrow_mut();
        let id = *n;
        *n = n.wrapping_add(1);
        id
    });
    REGISTRY.with(|r| r.borrow_mut().push((handle, mounted)));
    Ok(handle)
}

/// The widget of `handle`, if it is mounted.
fn find(registry: &[(u32, Mounted)], handle: u32) -> Option<&Mounted> {
    registry.iter().find(|(h, _)| *h == handle).map(|(_, m)| m)
}

fn send(handle: u32, command: Command) {
    REGISTRY.with(|r| {
        if let Some(mounted) = find(&r.borrow(), handle) {
            mounted.command(command);
        }
    });
}

/// Tears a widget down: Yew removes its DOM and drops its listeners and closures.
#[wasm_bindgen]
pub fn unmount(handle: u32) {
    let removed = REGISTRY.with(|r| {
        let mut registry = r.borrow_mut();
        let at = registry.iter().position(|(h, _)| *h == handle)?;
        Some(registry.swap_remove(at).1)
    });
    if let Some(mounted) = removed {
        mounted.destroy();
    }
}

/// The element changed size: re-layout and redraw the chart.
#[wasm_bindgen]
pub fn resize(handle: u32) {
    send(handle, Command::Resize);
}

/// The element scrolled into or out of view: off-screen widgets do not draw.
#[wasm_bindgen]
pub fn set_visible(handle: u32, visible: bool) {
    send(handle, Command::Visible(visible));
}

/// The page's `prefers-color-scheme` changed (matters for `data-theme="auto"`).
#[wasm_bindgen]
pub fn theme_changed(handle: u32) {
    controls::color_scheme_changed();
    send(handle, Command::ThemeChanged);
}

/// Shows a state in the `<cdc-wal-sim>` of `handle` (the calculator's lag → WAL on the same
/// page, forwarded by the loader from the calculator's `cdc-wal-sim-show` event): `query` is
/// the state's un-namespaced query text (`preset=…&…&t=…`), `note` what the mapping simplifies,
/// shown above the chart; the simulator scrolls itself into view and focuses its chart.
/// False if `handle` is not a mounted simulator. Mangled pairs are ignored like a mangled
/// permalink's (the preset's values stay).
#[cfg(feature = "wal-sim")]
#[wasm_bindgen]
pub fn show_wal_state(handle: u32, query: &str, note: String) -> bool {
    let pairs = url_state::decode(query);
    let (state, _problems) = widget_core::WalState::from_query(&Default::default(), &pairs, "");
    REGISTRY.with(|r| match find(&r.borrow(), handle) {
        Some(Mounted::WalSim(app)) => {
            app.send_message(wal_sim::Msg::Show(Box::new(state), note));
            true
        }
        #[allow(unreachable_patterns)]
        _ => false,
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
    send(handle, Command::DebugPanic);
}
