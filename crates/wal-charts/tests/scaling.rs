//! The scaling chart rendered to SVG natively: the bars, the input line where the numbers put
//! it, the lag series, and robustness against empty and non-finite input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use plotters::prelude::*;
use wal_charts::{draw_scaling_chart, ChartStyle, ChartTheme, ScalingChartData, StageBar};

fn data() -> ScalingChartData {
    let bar = |label: &str, capacity: f64, throughput: f64, binding: bool| StageBar {
        label: label.to_string(),
        capacity,
        throughput,
        binding,
        value_text: format!("{} / {}", throughput as u64, capacity as u64),
    };
    ScalingChartData {
        stages: vec![
            bar("source", 10_000.0, 10_000.0, false),
            bar("task", 7_000.0, 7_000.0, true),
            bar("kafka", 20_000.0, 7_000.0, false),
        ],
        input: 10_000.0,
        input_label: "input 10000".to_string(),
        lag: vec![(0, 0), (3600, 5_000_000), (7200, 10_000_000)],
        lag_title: "lag".to_string(),
        lag_max_label: "max 10000000".to_string(),
        time_labels: vec![(0, "00:00".to_string()), (7200, "02:00".to_string())],
    }
}

fn render(d: &ScalingChartData, w: u32, h: u32) -> (String, wal_charts::ScalingGeometry) {
    let mut svg = String::new();
    let g = {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let mut style = ChartStyle::new(ChartTheme::Light, 1.0);
        style.backend_text_scale = 1.24;
        draw_scaling_chart(&root, d, &style).unwrap()
    };
    (svg, g)
}

#[test]
fn bars_input_line_and_lag_are_drawn() {
    let (svg, g) = render(&data(), 600, 400);
    for text in [
        "source",
        "task",
        "kafka",
        "input 10000",
        "lag",
        "max 10000000",
        "02:00",
        "7000 / 7000",
    ] {
        assert!(svg.contains(text), "{text} missing");
    }
    // Input 10 000 of a 20 000 top: halfway along the bars.
    let mid = (g.bars_left + g.bars_right) / 2.0;
    assert!((g.input_x - mid).abs() < 1.0, "{g:?}");
    // The binding bar uses the critical colour; the lag line too.
    let critical = wal_charts::palette(ChartTheme::Light).critical;
    let hex = format!("#{:02X}{:02X}{:02X}", critical.0, critical.1, critical.2);
    assert!(svg.to_uppercase().contains(&hex), "{hex}");
    assert!(svg.contains("<polyline") || svg.contains("<path"));
    assert!(g.lag_top < g.lag_bottom && g.lag_bottom <= 400.0);
}

#[test]
fn empty_and_non_finite_input_does_not_panic() {
    let mut d = data();
    d.stages[0].capacity = f64::INFINITY;
    d.stages[1].throughput = f64::NAN;
    d.input = f64::NEG_INFINITY;
    render(&d, 600, 400);
    let empty = ScalingChartData {
        stages: Vec::new(),
        input: 0.0,
        input_label: String::new(),
        lag: Vec::new(),
        lag_title: String::new(),
        lag_max_label: "no lag".to_string(),
        time_labels: Vec::new(),
    };
    let (svg, _) = render(&empty, 10, 10);
    assert!(svg.contains("no lag"));
    render(&data(), 1, 1);
}

#[test]
fn a_baseline_is_drawn_dashed_with_its_label_on_ranges_that_fit_both() {
    // B: the data above (input 10 000, top 20 000). A: the task's capacity 30 000 and a lag
    // of 40 000 000 — larger than B's, so both ranges grow: the bars' top becomes 30 000 and
    // B's input line moves from 1/2 to 1/3 of the bars' width.
    let b = data();
    let mut a = data();
    a.stages[1].capacity = 30_000.0;
    a.lag = vec![(0, 0), (7200, 40_000_000)];
    let mut svg = String::new();
    let g = {
        let root = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
        let style = ChartStyle::new(ChartTheme::Light, 1.0);
        wal_charts::draw_scaling_chart_compared(&root, &b, &style, &a, "A").unwrap()
    };
    let third = g.bars_left + (g.bars_right - g.bars_left) / 3.0;
    assert!((g.input_x - third).abs() < 1.0, "{g:?}");
    // "A" at each of the three stages' marks and at the end of A's lag line.
    assert_eq!(svg.matches("\nA\n</text>").count(), 4, "{svg}");
    let (plain, _) = render(&b, 600, 400);
    assert!(!plain.contains("\nA\n</text>"));
    // Dashes: many more line pieces than the plain chart.
    assert!(svg.matches("<polyline").count() > plain.matches("<polyline").count() + 10);
}

/// The calculator's chart as a 360 px phone draws it (268 CSS px of canvas), with the model's
/// real Russian names, which are much longer than the canvas is wide.
fn phone_data() -> ScalingChartData {
    let bar = |label: &str, capacity: f64, throughput: f64, binding: bool| StageBar {
        label: label.to_string(),
        capacity,
        throughput,
        binding,
        value_text: format!("{} / {} событий/с", throughput as u64, capacity as u64),
    };
    ScalingChartData {
        stages: vec![
            bar("источник (изменения в базе)", 12_000.0, 12_000.0, false),
            bar(
                "декодирование WAL одним walsender'ом (слот debezium)",
                40_000.0,
                12_000.0,
                false,
            ),
            bar(
                "логическое декодирование на сервере БД: ×2 слота(ов) делят бюджет, каждый \
                 декодирует весь WAL базы inventory (слот debezium_orders)",
                9_000.0,
                9_000.0,
                false,
            ),
            bar(
                "единственная задача коннектора inventory",
                7_000.0,
                7_000.0,
                true,
            ),
            bar("запись в брокеры Kafka", 50_000.0, 7_000.0, false),
        ],
        input: 12_000.0,
        input_label: "вход 12 000 событий/с".to_string(),
        lag: vec![(0, 0), (43_200, 80_000_000), (86_400, 0)],
        lag_title: "Отставание, событий (за сутки)".to_string(),
        lag_max_label: "макс. 80 000 000 событий".to_string(),
        time_labels: (0..=4)
            .map(|i| (i * 21_600, format!("{:02}:00", i * 6)))
            .collect(),
    }
}

/// Every `<text>` of an SVG with its estimated box (the chart's own width estimate).
fn text_boxes(svg: &str) -> Vec<(String, [f64; 4])> {
    common::summary::parse(svg)
        .into_iter()
        .filter(|e| e.tag == "text")
        .map(|e| {
            let num = |k: &str| {
                e.attrs
                    .get(k)
                    .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
                    .unwrap()
            };
            let (x, y, size) = (num("x"), num("y"), num("font-size"));
            let w = wal_charts::text_width_px(&e.content, size);
            let x0 = match e.attrs.get("text-anchor").map(String::as_str) {
                Some("middle") => x - w / 2.0,
                Some("end") => x - w,
                _ => x,
            };
            (
                e.content.clone(),
                [x0, y - size * 0.5, x0 + w, y + size * 0.5],
            )
        })
        .collect()
}

#[test]
fn on_a_phone_no_label_overlaps_another_or_leaves_the_canvas() {
    for (w, dpr) in [(268_u32, 1.0), (268, 3.0), (320, 2.0)] {
        let d = phone_data();
        assert!(wal_charts::scaling_chart_stacked(&d, f64::from(w)));
        let h = wal_charts::scaling_chart_height_css_at(&d, f64::from(w));
        assert!(h > wal_charts::scaling_chart_height_css(d.stages.len()));
        let (pw, ph) = ((f64::from(w) * dpr) as u32, (f64::from(h) * dpr) as u32);
        let mut svg = String::new();
        let g = {
            let root = SVGBackend::with_string(&mut svg, (pw, ph)).into_drawing_area();
            draw_scaling_chart(&root, &d, &ChartStyle::new(ChartTheme::Light, dpr)).unwrap()
        };
        let boxes = text_boxes(&svg);
        // Every name is there, wrapped: its words in order over the lines.
        let all: String = boxes.iter().map(|(t, _)| format!("{t} ")).collect();
        for word in [
            "walsender",
            "единственная",
            "брокеры",
            "12000 / 12000",
            "вход 12 000",
        ] {
            assert!(all.contains(word), "{word} missing in {all}");
        }
        assert!(
            !boxes
                .iter()
                .any(|(t, _)| t.starts_with("логическое") && t.ends_with(')')),
            "the longest name is wrapped: {all}"
        );
        // To look at it: SCALING_SVG_OUT=/tmp cargo test -p wal-charts --test scaling
        if let Ok(dir) = std::env::var("SCALING_SVG_OUT") {
            std::fs::write(format!("{dir}/scaling-phone-{w}-x{dpr}.svg"), &svg).unwrap();
        }
        for (i, (ta, a)) in boxes.iter().enumerate() {
            assert!(
                a[0] >= -0.5 && a[2] <= f64::from(pw) + 0.5 && a[1] >= 0.0 && a[3] <= f64::from(ph),
                "{w}px ×{dpr}: {ta:?} {a:?} leaves the {pw}×{ph} canvas"
            );
            for (tb, b) in boxes.iter().skip(i + 1) {
                let overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
                assert!(!overlap, "{w}px ×{dpr}: {ta:?} {a:?} overlaps {tb:?} {b:?}");
            }
        }
        // The lag panel keeps its height: the rows grew, not the lag plot shrank.
        assert!(g.lag_bottom - g.lag_top > 120.0 * dpr, "{g:?}");
    }
}

#[test]
fn wide_enough_the_names_and_values_share_a_line_as_before() {
    let d = data();
    assert!(!wal_charts::scaling_chart_stacked(&d, 600.0));
    assert_eq!(
        wal_charts::scaling_chart_height_css_at(&d, 600.0),
        wal_charts::scaling_chart_height_css(3)
    );
    let (svg, _) = render(&d, 600, 400);
    let boxes = text_boxes(&svg);
    let y_of = |t: &str| {
        let b = boxes.iter().find(|(s, _)| s == t).unwrap().1;
        (b[1] + b[3]) / 2.0
    };
    assert_eq!(y_of("source"), y_of("10000 / 10000"));
}

#[test]
fn crowded_time_labels_are_thinned_not_overlapped() {
    let mut d = phone_data();
    d.time_labels = (0..=7)
        .map(|i| (i * 86_400 / 7, format!("день {i}, 00:00")))
        .collect();
    let (svg, _) = render(&d, 268, 600);
    let boxes = text_boxes(&svg);
    let days: Vec<_> = boxes
        .iter()
        .filter(|(t, _)| t.starts_with("день"))
        .collect();
    assert!(days.len() >= 2 && days.len() < 8, "{days:?}");
    assert!(days.iter().any(|(t, _)| t == "день 0, 00:00"));
    assert!(days.iter().any(|(t, _)| t == "день 7, 00:00"));
}
