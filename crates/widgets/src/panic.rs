//! The panic hook: reports a panic to the loader as a `cdc-widget-panic` event on `window`,
//! naming the element whose component was running, before the instance aborts.
//!
//! A panic aborts the WebAssembly instance all widgets of the bundle share (and a panic inside
//! a Yew render would otherwise freeze every one of them). The loader answers the event by
//! resetting the instance and remounting the widgets from their last good state.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

thread_local! {
    static CURRENT_HOST: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
    static HOOK_INSTALLED: RefCell<bool> = const { RefCell::new(false) };
}

/// Records which widget is running (called at the start of every update and render).
pub fn set_current(host: &HtmlElement) {
    CURRENT_HOST.with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            *c = Some(host.clone());
        }
    });
}

/// Installs the hook once per instance (again after a reset: the flag lives in wasm memory).
pub fn install_hook() {
    let first = HOOK_INSTALLED.with(|f| !f.replace(true));
    if first {
        // Through Yew: its renderer replaces any hook set with std::panic::set_hook by its
        // own console hook unless a custom one was registered this way.
        yew::set_custom_panic_hook(Box::new(report));
    }
}

fn report(info: &std::panic::PanicHookInfo<'_>) {
    let message = info.to_string();
    let element = CURRENT_HOST
        .with(|c| c.try_borrow().ok().and_then(|c| c.clone()))
        .map_or(JsValue::NULL, JsValue::from);
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"element".into(), &element);
    let _ = js_sys::Reflect::set(&detail, &"message".into(), &JsValue::from_str(&message));
    web_sys::console::error_1(&JsValue::from_str(&format!(
        "cdc-lab widget panic: {message}"
    )));
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let (Some(window), Ok(event)) = (
        web_sys::window(),
        web_sys::CustomEvent::new_with_event_init_dict("cdc-widget-panic", &init),
    ) {
        let _ = window.dispatch_event(&event);
    }
}
