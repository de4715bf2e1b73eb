//! What every widget's view shares: the parameter control rendered from a
//! [`ParamSpec`] row (slider / checkbox / select with its value, label and help), the
//! problems banner, clipboard copying and small helpers. Factored out of `wal_sim.rs` so
//! `<cdc-scaling-calc>` renders its table with the very same code.

use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use widget_core::params::{Kind, ParamSpec, ParamValue};
use widget_core::{Lang, NumberFormat, Problem, Theme};
use yew::prelude::*;

/// `performance.now()`, 0 without a window.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Russian or English.
pub fn tr(lang: Lang, ru: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// Whether the widget draws dark (`auto` follows the page's colour scheme).
pub fn is_dark(theme: Theme) -> bool {
    match theme {
        Theme::Light => false,
        Theme::Dark => true,
        Theme::Auto => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches()),
    }
}

/// A control changed: the key, the new value and `performance.now()` at the input event.
pub type ParamChange = (&'static str, ParamValue, f64);

/// One parameter's control row. `value` is the current value, `changed` whether it differs
/// from the preset's.
pub fn param_control(
    spec: &'static ParamSpec,
    value: ParamValue,
    changed: bool,
    lang: Lang,
    fmt: &dyn NumberFormat,
    on_change: &Callback<ParamChange>,
) -> Html {
    let key = spec.key;
    let input_id = format!("p-{key}");
    let label = spec.label(lang);
    let help = spec.help(lang);
    let shown = widget_core::text::format_param_value(spec, value, fmt);
    let control = match (spec.kind, value) {
        (Kind::Number { min, max, step }, ParamValue::Number(v)) => {
            let scale = widget_core::slider::SliderScale::new(min, max, step);
            let oninput = on_change.reform(move |e: InputEvent| {
                let started = now_ms();
                let position = e
                    .target_dyn_into::<HtmlInputElement>()
                    .and_then(|i| i.value().parse::<u32>().ok())
                    .unwrap_or(0);
                (key, ParamValue::Number(scale.value(position)), started)
            });
            html! {
                <input type="range" id={input_id.clone()} min="0" max={scale.positions().to_string()}
                    step="1" value={scale.position(v).to_string()} aria-valuetext={shown.clone()} {oninput} />
            }
        }
        (Kind::Toggle, ParamValue::Toggle(on)) => {
            let onchange = on_change.reform(move |e: Event| {
                let checked = e
                    .target_dyn_into::<HtmlInputElement>()
                    .is_some_and(|i| i.checked());
                (key, ParamValue::Toggle(checked), now_ms())
            });
            html! { <input type="checkbox" id={input_id.clone()} checked={on} {onchange} /> }
        }
        (Kind::Choice(choices), ParamValue::Choice(current)) => {
            let onchange = on_change.reform(move |e: Event| {
                let selected = e
                    .target_dyn_into::<web_sys::HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default();
                let value = choices
                    .iter()
                    .find(|c| c.value == selected)
                    .map_or(current, |c| c.value);
                (key, ParamValue::Choice(value), now_ms())
            });
            html! {
                <select id={input_id.clone()} {onchange}>
                    { for choices.iter().map(|c| html! {
                        <option value={c.value} selected={c.value == current}>
                            { c.label(lang) }
                        </option>
                    }) }
                </select>
            }
        }
        _ => html! {},
    };
    html! {
        <div class={classes!("param", changed.then_some("changed"))} data-param={key}>
            <label for={input_id}>{ label }</label>
            <span class="value">{ shown }</span>
            { control }
            <span class="help">{ help }</span>
        </div>
    }
}

/// The banner listing refused values (text nodes only).
pub fn problems_banner(problems: &[Problem], lang: Lang, on_dismiss: Callback<MouseEvent>) -> Html {
    html! {
        <div class="problems" role="status">
            <strong>{ tr(lang, "Некоторые значения не приняты:", "Some values were not accepted:") }</strong>
            <ul>
                { for problems.iter().map(|p| html! { <li>{ p.message(lang).to_owned() }</li> }) }
            </ul>
            <button type="button" onclick={on_dismiss}>
                { tr(lang, "Понятно", "Dismiss") }
            </button>
        </div>
    }
}

/// Writes `text` to the clipboard and reports `Ok(what)` or `Err(())` through `done`.
/// `navigator.clipboard` is missing outside secure contexts: look before calling.
pub fn copy_to_clipboard(
    text: String,
    what: &'static str,
    done: Callback<Result<&'static str, ()>>,
) {
    let clipboard = web_sys::window()
        .map(|w| w.navigator())
        .filter(|n| {
            js_sys::Reflect::get(n, &JsValue::from_str("clipboard"))
                .is_ok_and(|c| !c.is_undefined())
        })
        .map(|n| n.clipboard());
    let Some(clipboard) = clipboard else {
        done.emit(Err(()));
        return;
    };
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let result = wasm_bindgen_futures::JsFuture::from(promise).await;
        done.emit(result.map(|_| what).map_err(|_| ()));
    });
}
