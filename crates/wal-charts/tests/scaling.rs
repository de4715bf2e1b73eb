//! The scaling chart rendered to SVG natively: the bars, the input line where the numbers put
//! it, the lag series, and robustness against empty and non-finite input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

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
