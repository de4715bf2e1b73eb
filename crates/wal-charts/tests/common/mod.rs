//! Shared test helpers: Russian formatters like the widget's, and rendering a chart to an SVG
//! string with plotters' `SVGBackend`.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod summary;

use plotters::prelude::*;
use wal_charts::{draw_wal_chart, ChartGeometry, ChartStyle, ChartText, ChartTheme, ChartView};
use wal_model::units::{DAY_MS, GB, HOUR_MS, MB, MINUTE_MS};
use wal_model::{Report, Scenario};

/// Bytes in the course's Russian style: binary units, decimal comma.
pub fn format_bytes(v: u64) -> String {
    const KB: u64 = 1024;
    if v == 0 {
        "0".to_string()
    } else if v % GB == 0 {
        format!("{} ГБ", v / GB)
    } else if v >= GB && (u128::from(v) * 10) % u128::from(GB) == 0 {
        format!("{},{} ГБ", v / GB, (v % GB) * 10 / GB)
    } else if v >= GB && v % MB != 0 {
        format!("{:.1} ГБ", v as f64 / GB as f64).replace('.', ",")
    } else if v >= MB && v % MB == 0 {
        format!("{} МБ", v / MB)
    } else if v >= MB {
        format!("{:.1} МБ", v as f64 / MB as f64).replace('.', ",")
    } else if v >= KB {
        format!("{} КБ", v / KB)
    } else {
        format!("{v} Б")
    }
}

/// Instants since the scenario start (day 0 is a Monday).
pub fn format_time(t: u64) -> String {
    const DAYS: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
    let day = t / DAY_MS;
    let wd = DAYS[(day % 7) as usize];
    let rest = t % DAY_MS;
    let (hh, mm) = (rest / HOUR_MS, rest % HOUR_MS / MINUTE_MS);
    let ss = rest % MINUTE_MS / 1000;
    if rest == 0 {
        format!("{wd} д{}", day + 1)
    } else if ss != 0 {
        format!("{hh:02}:{mm:02}:{ss:02}")
    } else {
        format!("{wd} {hh:02}:{mm:02}")
    }
}

/// `удерживает слот {name}`.
pub fn slot_label(name: &str) -> String {
    format!("удерживает слот {name}")
}

/// The course's texts with the helpers above.
pub fn texts() -> ChartText<'static> {
    ChartText::russian(&format_bytes, &format_time, &slot_label)
}

/// A preset's scenario and report.
pub fn preset(name: &str) -> (Scenario, Report) {
    let s = wal_model::presets::load(name).unwrap().unwrap();
    let r = wal_model::simulate(&s);
    (s, r)
}

/// The style used in tests: SVG wants `backend_text_scale` 1.24 (plotters divides by it).
pub fn style(theme: ChartTheme) -> ChartStyle {
    let mut st = ChartStyle::new(theme, 1.0);
    st.backend_text_scale = 1.24;
    st
}

/// Renders a chart to an SVG string.
pub fn render_with(
    report: &Report,
    scenario: &Scenario,
    view: &ChartView,
    style: &ChartStyle,
    text: &ChartText<'_>,
    size: (u32, u32),
) -> (String, ChartGeometry) {
    let mut svg = String::new();
    let geo;
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        geo = draw_wal_chart(&root, report, scenario, view, style, text).unwrap();
        root.present().unwrap();
    }
    (svg, geo)
}

/// Renders with the default texts at 800×420.
pub fn render(
    report: &Report,
    scenario: &Scenario,
    view: &ChartView,
    theme: ChartTheme,
) -> (String, ChartGeometry) {
    render_with(report, scenario, view, &style(theme), &texts(), (800, 420))
}
