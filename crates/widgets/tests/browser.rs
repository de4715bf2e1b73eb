//! Component tests in headless Chromium (wasm-bindgen-test): the browser's `Intl` behind the
//! formatting seam, mounting and unmounting `<cdc-wal-sim>` through the exported functions,
//! attribute problems shown in the widget, and a chart actually drawn on the canvas.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cdc_widgets::intl::IntlFormat;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, ShadowRootInit, ShadowRootMode};
use widget_core::{format_bytes, Lang, NumberFormat, PluralCategory};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn intl_formats_russian_numbers_and_plurals() {
    let ru = IntlFormat::new(Lang::Ru);
    // 3 435 973 837 B / 2^30 = 3.2 GiB: Russian decimal comma.
    assert_eq!(format_bytes(3_435_973_837, &ru), "3,2 ГБ");
    // Intl's ru-RU grouping uses a no-break space: 7 000.
    assert_eq!(ru.decimal(7000.0, 0), "7\u{a0}000");
    assert_eq!(ru.plural(1.0), PluralCategory::One);
    assert_eq!(ru.plural(21.0), PluralCategory::One);
    assert_eq!(ru.plural(3.0), PluralCategory::Few);
    assert_eq!(ru.plural(11.0), PluralCategory::Many);
    let en = IntlFormat::new(Lang::En);
    assert_eq!(en.decimal(7000.0, 0), "7,000");
    assert_eq!(en.plural(1.0), PluralCategory::One);
    assert_eq!(en.plural(2.0), PluralCategory::Other);
}

fn host(attrs: &[(&str, &str)]) -> (HtmlElement, web_sys::ShadowRoot, Element) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    host.set_attribute("style", "display:block;width:900px")
        .unwrap();
    for (k, v) in attrs {
        host.set_attribute(k, v).unwrap();
    }
    document.body().unwrap().append_child(&host).unwrap();
    let init = ShadowRootInit::new(ShadowRootMode::Open);
    let root = host.attach_shadow(&init).unwrap();
    let container = document.create_element("div").unwrap();
    root.append_child(&container).unwrap();
    (host, root, container)
}

async fn settle() {
    // Yew renders on the microtask queue; a macrotask later everything has been drawn.
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn mounts_draws_and_unmounts() {
    let (host, root, container) = host(&[("data-preset", "weekend-outage-slot-limit")]);
    let before = cdc_widgets::mounted_count();
    let handle = cdc_widgets::mount(
        "cdc-wal-sim",
        host.clone(),
        root.clone(),
        container,
        "t1".into(),
        None,
        js_sys::Function::new_no_args(""),
    )
    .unwrap();
    settle().await;
    assert_eq!(cdc_widgets::mounted_count(), before + 1);
    // Not yet reported visible (the loader's IntersectionObserver does that): nothing drawn,
    // the canvas keeps its default 300 px backing store.
    let undrawn: HtmlCanvasElement = root
        .query_selector("canvas")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(undrawn.width(), 300, "drawn before it was visible");
    cdc_widgets::set_visible(handle, true);
    settle().await;
    let status = root
        .query_selector("td[data-col=wal_status]")
        .unwrap()
        .unwrap();
    // The cursor starts at the end of the scenario: the weekend lost the slot.
    assert_eq!(status.text_content().unwrap(), "lost");
    let canvas: HtmlCanvasElement = root
        .query_selector("canvas")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(
        canvas.width() >= 800,
        "backing store sized from the layout: {}",
        canvas.width()
    );
    cdc_widgets::unmount(handle);
    settle().await;
    assert_eq!(cdc_widgets::mounted_count(), before);
    assert!(
        root.query_selector("canvas").unwrap().is_none(),
        "Yew removed its DOM"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn bad_attributes_are_reported_in_the_widget() {
    let (host, root, container) = host(&[
        ("data-preset", "nope"),
        ("data-warning-threshold", "<b>x</b>"),
    ]);
    let handle = cdc_widgets::mount(
        "cdc-wal-sim",
        host.clone(),
        root.clone(),
        container,
        "t2".into(),
        None,
        js_sys::Function::new_no_args(""),
    )
    .unwrap();
    settle().await;
    let problems = root.query_selector(".problems").unwrap().unwrap();
    let text = problems.text_content().unwrap();
    assert!(text.contains("nope"), "{text}");
    assert!(text.contains("<b>x</b>"), "{text}");
    assert!(
        root.query_selector(".problems b").unwrap().is_none(),
        "shown as text, not markup"
    );
    assert!(
        root.query_selector("td[data-col=wal_status]")
            .unwrap()
            .is_some(),
        "fell back to a preset"
    );
    cdc_widgets::unmount(handle);
    host.remove();
}
