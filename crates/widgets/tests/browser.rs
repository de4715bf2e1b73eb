//! Component tests in headless Chromium (wasm-bindgen-test): the browser's `Intl` behind the
//! formatting seam, mounting and unmounting `<cdc-wal-sim>` through the exported functions,
//! attribute problems shown in the widget, a chart actually drawn on the canvas, and the canvas
//! backend's slab-by-slab stroke covering what a one-path stroke does, and its paths without
//! their collinear points covering the same pixels as the full paths.
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

/// The pixels of a `width`×`height` canvas, RGBA (through `getImageData`, called by name: the
/// crate's web-sys features do not include `ImageData`).
fn pixels(context: &web_sys::CanvasRenderingContext2d, width: u32, height: u32) -> Vec<u8> {
    let get: js_sys::Function = js_sys::Reflect::get(context, &"getImageData".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let image = get
        .call4(context, &0.into(), &0.into(), &width.into(), &height.into())
        .unwrap();
    let data = js_sys::Reflect::get(&image, &"data".into()).unwrap();
    js_sys::Uint8ClampedArray::from(data).to_vec()
}

/// A new path through `points` on `context`, drawn straight with the canvas API (the reference
/// the backend's output is compared with).
fn trace_path(context: &web_sys::CanvasRenderingContext2d, points: &[(i32, i32)]) {
    context.begin_path();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            context.move_to(f64::from(*x), f64::from(*y));
        } else {
            context.line_to(f64::from(*x), f64::from(*y));
        }
    }
}

/// The reference canvas against another of the same size: how many pixels the reference
/// inked (not white), how many differ, and the largest difference in any channel.
fn compare_pixels(
    reference: &web_sys::CanvasRenderingContext2d,
    other: &web_sys::CanvasRenderingContext2d,
    width: u32,
    height: u32,
) -> (usize, usize, u8) {
    let (a, b) = (
        pixels(reference, width, height),
        pixels(other, width, height),
    );
    assert_eq!(a.len(), b.len());
    let (mut inked, mut differ, mut worst) = (0usize, 0usize, 0u8);
    for (pa, pb) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        if pa != [255, 255, 255, 255] {
            inked += 1;
        }
        let d = pa
            .iter()
            .zip(pb)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap();
        if d > 0 {
            differ += 1;
            worst = worst.max(d);
        }
    }
    (inked, differ, worst)
}

fn white_canvas(width: u32, height: u32) -> web_sys::CanvasRenderingContext2d {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    context
}

/// A long, thick polyline goes through the backend's slab-by-slab stroke
/// (`CanvasBackend::stroke_in_slabs`): it must cover the pixels one path would. The
/// reference is the same zigzag (720 points, 2 px, round joins: a slot's sawtooth on the
/// chart) stroked as one path on another canvas. Anti-aliasing may differ a little at edge
/// pixels (measured: ~8 % of the inked pixels, mean 2 levels, at most 56 of 255); a segment
/// missing from a slab, or a slab clipped short, leaves pixels white that the reference
/// inks (a difference of 200+ levels), and too few inked pixels means nothing was drawn.
#[wasm_bindgen_test]
fn long_thick_polylines_stroked_in_slabs_cover_the_same_pixels() {
    use plotters::style::{RGBAColor, ShapeStyle};
    use plotters_backend::DrawingBackend;
    let (width, height) = (1166u32, 340u32);
    // 1.5 px apart in x, y zigzagging 40-100 px: many edges on every scanline.
    let points: Vec<(i32, i32)> = (0..720)
        .map(|i: i32| {
            let y = if i % 2 == 0 {
                120 + (i * 7) % 40
            } else {
                220 + (i * 13) % 60
            };
            (20 + i * 3 / 2, y)
        })
        .collect();

    let reference = white_canvas(width, height);
    reference.set_line_join("round");
    reference.set_line_width(2.0);
    reference.set_stroke_style_str("#d55e00ff");
    trace_path(&reference, &points);
    reference.stroke();

    let slabs = white_canvas(width, height);
    let cache = cdc_widgets::canvas::TextCache::default();
    let mut backend = cdc_widgets::canvas::CanvasBackend::new(slabs.clone(), width, height, &cache);
    let style = ShapeStyle {
        color: RGBAColor(0xd5, 0x5e, 0x00, 1.0),
        filled: false,
        stroke_width: 2,
    };
    backend.draw_path(points.iter().copied(), &style).unwrap();
    drop(backend);

    let (inked, differ, worst) = compare_pixels(&reference, &slabs, width, height);
    // 719 segments of ≥ 1.5 px each, 2 px wide, mostly 40-160 px tall: tens of thousands of pixels.
    assert!(inked > 20_000, "the reference inked only {inked} pixels");
    assert!(
        worst <= 128,
        "a pixel differs by {worst} levels: part of the line is missing"
    );
    assert!(
        differ * 5 <= inked,
        "{differ} of {inked} inked pixels differ (more than anti-aliasing)"
    );
}

/// A series with flat runs and straight ramps, one point per pixel column (the chart's
/// `pg_wal` at a steady size, a slot's retained WAL between heartbeats), stroked 2 px wide and
/// filled down to a base line through the backend, which drops the points that lie on a
/// straight line between their neighbours: the same pixels as the full paths drawn directly
/// on another canvas, up to anti-aliasing (the ink of a run is the same line either way).
#[wasm_bindgen_test]
fn paths_without_their_collinear_points_cover_the_same_pixels() {
    use plotters::style::{RGBAColor, ShapeStyle};
    use plotters_backend::DrawingBackend;
    let (width, height) = (1166u32, 340u32);
    // x = 64..1088, one point per column: flat at y = 250 up to x = 400, a ramp up by one
    // pixel every second column to x = 600 (y = 250 − 100 = 150), flat at 150 to x = 900, a
    // step down to 200 and flat to the end. Only 6 of the 1 025 points are corners.
    let points: Vec<(i32, i32)> = (64..=1088)
        .map(|x: i32| {
            let y = match x {
                ..=400 => 250,
                401..=600 => 250 - (x - 400) / 2,
                601..=900 => 150,
                _ => 200,
            };
            (x, y)
        })
        .collect();
    let mut polygon = points.clone();
    polygon.push((1088, 300));
    polygon.push((64, 300));

    let reference = white_canvas(width, height);
    reference.set_line_join("round");
    trace_path(&reference, &polygon);
    reference.set_fill_style_str("#0072b224");
    reference.close_path();
    reference.fill();
    trace_path(&reference, &points);
    reference.set_line_width(2.0);
    reference.set_stroke_style_str("#d55e00ff");
    reference.stroke();

    let simplified = white_canvas(width, height);
    let cache = cdc_widgets::canvas::TextCache::default();
    let mut backend =
        cdc_widgets::canvas::CanvasBackend::new(simplified.clone(), width, height, &cache);
    let fill = ShapeStyle {
        color: RGBAColor(0x00, 0x72, 0xb2, f64::from(0x24u8) / 255.0),
        filled: true,
        stroke_width: 1,
    };
    backend
        .fill_polygon(polygon.iter().copied(), &fill)
        .unwrap();
    let line = ShapeStyle {
        color: RGBAColor(0xd5, 0x5e, 0x00, 1.0),
        filled: false,
        stroke_width: 2,
    };
    backend.draw_path(points.iter().copied(), &line).unwrap();
    drop(backend);

    let (inked, differ, worst) = compare_pixels(&reference, &simplified, width, height);
    // The area alone: 1 024 columns × 50–150 rows, over 100 000 pixels.
    assert!(inked > 100_000, "the reference inked only {inked} pixels");
    // A dropped corner would move a run by a pixel or more: full ink against background
    // (about 200 levels) somewhere along it.
    assert!(
        worst <= 64,
        "a pixel differs by {worst} levels: a corner of the path moved"
    );
    assert!(
        differ * 100 <= inked,
        "{differ} of {inked} inked pixels differ (more than anti-aliasing)"
    );
}
