//! What every widget's view shares: the parameter control rendered from a
//! [`ParamSpec`] row (slider / checkbox / select with its value, label and help), the
//! problems banner, clipboard copying, the export row and file downloads, and small
//! helpers. Factored out of `wal_sim.rs` so `<cdc-scaling-calc>` renders its table with the
//! very same code.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;
use widget_core::params::{Kind, ParamSpec, ParamValue};
use widget_core::{Lang, NumberFormat, Problem, Theme};
use yew::prelude::*;

/// `devicePixelRatio`, kept within 1..=4 (a bogus value must not allocate a huge canvas).
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 4.0)
}

/// Sizes a canvas' backing store (device pixels; untouched when unchanged, since setting it
/// clears the canvas) and returns its 2D context.
pub fn sized_context(
    canvas: &web_sys::HtmlCanvasElement,
    width_px: u32,
    height_px: u32,
) -> Option<web_sys::CanvasRenderingContext2d> {
    if canvas.width() != width_px {
        canvas.set_width(width_px);
    }
    if canvas.height() != height_px {
        canvas.set_height(height_px);
    }
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
}

/// Reports a widget's state after a successful render to the loader: its last good state for
/// a remount after a panic and, on pages that opt in (`<body data-cdc-url-state>`), what the
/// loader writes into the address bar once the widget has been quiet for a moment
/// (`history.replaceState` costs about as much as a recompute: not on every slider input).
pub fn report_good_state(pairs: &[(String, String)], on_state: &js_sys::Function) {
    let text = crate::url_state::encode(pairs);
    let _ = on_state.call1(&JsValue::NULL, &JsValue::from_str(&text));
}

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

thread_local! {
    /// The page's `prefers-color-scheme: dark`, asked once (`matchMedia` is slow enough to
    /// show in the per-input budget); [`color_scheme_changed`] forgets it.
    static PREFERS_DARK: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
}

/// Whether the widget draws dark (`auto` follows the page's colour scheme).
pub fn is_dark(theme: Theme) -> bool {
    match theme {
        Theme::Light => false,
        Theme::Dark => true,
        Theme::Auto => PREFERS_DARK.with(|cached| match cached.get() {
            Some(dark) => dark,
            None => {
                let dark = web_sys::window()
                    .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                    .is_some_and(|m| m.matches());
                cached.set(Some(dark));
                dark
            }
        }),
    }
}

/// The page's colour scheme changed (the loader's `theme_changed`): ask again next time.
pub fn color_scheme_changed() {
    PREFERS_DARK.with(|cached| cached.set(None));
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
                (
                    key,
                    ParamValue::Number(scale.value_from(v, position)),
                    started,
                )
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
        <div class={if changed { "param changed" } else { "param" }} data-param={key}>
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

/// What the export buttons download.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The chart as drawn (`canvas.toDataURL`).
    Png,
    /// The data behind the chart (e.g. [`widget_core::export::series_csv`]).
    Csv,
    /// The state and a summary of the report (e.g. [`widget_core::export::state_json`]).
    Json,
}

/// The "Export" row: PNG / CSV / JSON buttons (classes `export-png`, `export-csv`,
/// `export-json`); `csv_title` and `json_title` say what those two files hold.
pub fn export_row(
    lang: Lang,
    csv_title: &'static str,
    json_title: &'static str,
    on_export: &Callback<ExportKind>,
) -> Html {
    html! {
        <div class="export-row" role="group" aria-label={tr(lang, "Экспорт", "Export")}>
            <span>{ tr(lang, "Экспорт: ", "Export: ") }</span>
            <button type="button" class="export-png" onclick={on_export.reform(|_| ExportKind::Png)}
                title={tr(lang, "График как картинка PNG", "The chart as a PNG image")}>{ "PNG" }</button>
            <button type="button" class="export-csv" onclick={on_export.reform(|_| ExportKind::Csv)}
                title={csv_title}>{ "CSV" }</button>
            <button type="button" class="export-json" onclick={on_export.reform(|_| ExportKind::Json)}
                title={json_title}>{ "JSON" }</button>
        </div>
    }
}

/// Downloads what an export button asks for: the chart on `canvas` as `{stem}.png`, the text
/// `csv()` as `{stem}.csv` or `json()` as `{stem}.json` (only the asked one is built). A
/// failure is a console warning: nothing on the page depends on it.
pub fn export_file(
    kind: ExportKind,
    canvas: &NodeRef,
    stem: &str,
    csv: &dyn Fn() -> String,
    json: &dyn Fn() -> String,
) {
    let result = match kind {
        ExportKind::Png => match canvas.cast::<web_sys::HtmlCanvasElement>() {
            Some(canvas) => canvas
                .to_data_url()
                .and_then(|url| download(&url, &format!("{stem}.png"))),
            None => Ok(()),
        },
        ExportKind::Csv => download_text(&csv(), "text/csv;charset=utf-8", &format!("{stem}.csv")),
        ExportKind::Json => download_text(&json(), "application/json", &format!("{stem}.json")),
    };
    if let Err(e) = result {
        web_sys::console::warn_1(&JsValue::from_str(&format!("export: {e:?}")));
    }
}

/// Downloads `href` as `filename` through a temporary `<a download>` (clicked, removed).
pub fn download(href: &str, filename: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(href);
    anchor.set_download(filename);
    anchor.set_hidden(true);
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    Ok(())
}

/// Downloads `text` as a file through a Blob URL, revoked once the download has started.
pub fn download_text(text: &str, mime: &str, filename: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let result = download(&url, filename);
    // Revoking right after the click can cancel the download in some browsers: wait a tick.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000);
    }
    result
}
