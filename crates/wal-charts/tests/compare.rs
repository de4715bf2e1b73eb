//! A/B comparison: the pinned report's line is drawn over the current chart on a y range that
//! fits both, labelled "A".
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use plotters::prelude::*;
use wal_charts::{
    draw_wal_chart, draw_wal_chart_compared, ChartStyle, ChartText, ChartTheme, ChartView,
};
use wal_model::units::GB;

fn report(name: &str) -> (wal_model::Scenario, wal_model::Report) {
    let scenario = wal_model::presets::load(name).unwrap().unwrap();
    let report = wal_model::simulate(&scenario);
    (scenario, report)
}

#[test]
fn the_pinned_line_widens_the_y_range_and_is_labelled() {
    // B: the heartbeat keeps the slot near 113 MB; A: without it the slot retains WAL until
    // the 50 GB disk is full. Alone, B's axis stays far below 1 GB of data plus its alert lines;
    // compared with A it must reach A's 50 GB.
    let (b_scenario, b) = report("idle-db-heartbeat");
    let (_, a) = report("idle-db-no-heartbeat");
    let style = ChartStyle::new(ChartTheme::Light, 1.0);
    let text = ChartText::russian(
        &common::format_bytes,
        &common::format_time,
        &common::slot_label,
    );
    let view = ChartView {
        from_ms: 0,
        to_ms: a.duration_ms.min(b.duration_ms),
        cursor_ms: None,
    };

    let mut alone = String::new();
    let geo_alone = {
        let root = SVGBackend::with_string(&mut alone, (800, 420)).into_drawing_area();
        draw_wal_chart(&root, &b, &b_scenario, &view, &style, &text).unwrap()
    };
    let mut compared = String::new();
    let geo = {
        let root = SVGBackend::with_string(&mut compared, (800, 420)).into_drawing_area();
        draw_wal_chart_compared(&root, &b, &b_scenario, &view, &style, &text, &a, "A").unwrap()
    };
    assert!(
        geo_alone.y_max_bytes < 50 * GB / 8,
        "B alone: {}",
        geo_alone.y_max_bytes
    );
    assert!(geo.y_max_bytes >= 50 * GB, "compared: {}", geo.y_max_bytes);
    // plotters' SVG backend writes each text's content on a line of its own.
    let labelled_a = |svg: &str| svg.lines().any(|l| l.trim() == "A");
    assert!(labelled_a(&compared), "the baseline is labelled A");
    assert!(!labelled_a(&alone));
    // The dashed baseline adds many short path elements.
    assert!(compared.matches("<polyline").count() > alone.matches("<polyline").count() + 20);
}
