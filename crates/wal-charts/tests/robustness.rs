//! The chart never panics: degenerate reports (empty series, zero duration, one point,
//! all zeros, values near `u64::MAX`, slots without series, a scenario that does not match
//! the report), windows outside the run, zero-size and odd-size areas, nonsense styles; and
//! a property test over random windows, cursors, sizes, scales and themes on every preset.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use proptest::prelude::*;
use wal_charts::{ChartStyle, ChartTheme, ChartView};
use wal_model::report::{SlotInfo, Span};
use wal_model::scenario::Plugin;
use wal_model::{Report, Scenario, WalStatus};

thread_local! {
    // Reports cache WAL-curve look-ups in cells: one copy per test thread.
    static PRESETS: Vec<(Scenario, Report)> = wal_model::presets::PRESETS
        .iter()
        .map(|p| common::preset(p.name))
        .collect();
}

fn presets() -> Vec<(Scenario, Report)> {
    PRESETS.with(Clone::clone)
}

fn draw(r: &Report, s: &Scenario, v: &ChartView, style: &ChartStyle, size: (u32, u32)) {
    let texts = common::texts();
    let (svg, geo) = common::render_with(r, s, v, style, &texts, size);
    assert!(svg.starts_with("<svg"));
    assert!(geo.plot_left_px <= geo.plot_right_px && geo.plot_top_px <= geo.plot_bottom_px);
    let (from, to) = v.window();
    assert_eq!((geo.from_ms, geo.to_ms), (from, to));
}

const SIZES: [(u32, u32); 8] = [
    (0, 0),
    (0, 420),
    (800, 0),
    (1, 1),
    (30, 20),
    (800, 420),
    (5000, 60),
    (60, 3000),
];

fn views(r: &Report) -> Vec<ChartView> {
    let d = r.duration_ms;
    vec![
        ChartView::whole(r),
        ChartView {
            from_ms: d,
            to_ms: d,
            cursor_ms: Some(d),
        },
        ChartView {
            from_ms: d.saturating_mul(2),
            to_ms: d.saturating_mul(3).max(1),
            cursor_ms: Some(d.saturating_mul(2)),
        },
        ChartView {
            from_ms: 500,
            to_ms: 3,
            cursor_ms: Some(0),
        },
        ChartView {
            from_ms: 0,
            to_ms: u64::MAX,
            cursor_ms: Some(u64::MAX),
        },
        ChartView {
            from_ms: u64::MAX - 1,
            to_ms: u64::MAX,
            cursor_ms: Some(u64::MAX - 1),
        },
        ChartView {
            from_ms: d / 2,
            to_ms: d / 2 + 1,
            cursor_ms: Some(d / 2),
        },
    ]
}

fn degenerate_reports() -> Vec<(&'static str, Report)> {
    let (_, base) = common::preset("weekend-outage-slot-limit");
    let mut out = Vec::new();

    let mut r = base.clone();
    r.series.clear();
    out.push(("empty series", r));

    let mut r = base.clone();
    r.series.clear();
    r.events.clear();
    r.slot_history.iter_mut().for_each(Vec::clear);
    r.wal_files_history.clear();
    r.duration_ms = 0;
    out.push(("zero duration", r));

    let mut r = base.clone();
    r.series.truncate(1);
    out.push(("one point", r));

    let mut r = base.clone();
    for p in &mut r.series {
        p.pg_wal_bytes = Span::default();
        for s in &mut p.slots {
            s.retained_bytes = Some(Span::default());
            s.lag_bytes = Some(Span::default());
        }
    }
    r.warning_bytes = 0;
    r.critical_bytes = 0;
    r.disk_size_bytes = 0;
    r.wal.max_wal_size_mb = 0;
    r.wal.max_slot_wal_keep_size_mb = 0;
    out.push(("all zero", r));

    let mut r = base.clone();
    for (i, p) in r.series.iter_mut().enumerate() {
        let v = u64::MAX - i as u64;
        p.pg_wal_bytes = Span {
            min: v / 2,
            max: v,
            last: v,
        };
        for s in &mut p.slots {
            s.retained_bytes = Some(Span {
                min: 0,
                max: v,
                last: v,
            });
        }
    }
    r.warning_bytes = u64::MAX;
    r.critical_bytes = u64::MAX - 1;
    r.disk_size_bytes = u64::MAX;
    r.wal.max_wal_size_mb = u64::MAX;
    r.wal.max_slot_wal_keep_size_mb = i64::MAX;
    r.server_down_at_ms = Some(u64::MAX);
    out.push(("huge values", r));

    let mut r = base.clone();
    for i in 0..5 {
        r.slots.push(SlotInfo {
            name: format!("extra_slot_with_a_very_long_name_{i}_{}", "x".repeat(60)),
            database: "db".into(),
            plugin: Plugin::Pgoutput,
        });
    }
    r.connectors.push("ghost".into());
    out.push(("slots without series", r));

    let mut r = base.clone();
    r.slots.clear();
    out.push(("no slots", r));

    let mut r = base.clone();
    for p in &mut r.series {
        p.from_ms = 0;
        p.to_ms = 0;
        for s in &mut p.slots {
            s.worst_status = Some(WalStatus::Lost);
            s.retained_bytes = None;
        }
    }
    out.push(("zero-width buckets", r));

    let mut r = base;
    r.series.reverse();
    r.events.reverse();
    r.server_down_at_ms = Some(0);
    out.push(("out of order", r));
    out
}

#[test]
fn degenerate_reports_never_panic() {
    let scenarios: Vec<Scenario> = presets().iter().map(|(s, _)| s.clone()).collect();
    for (name, r) in degenerate_reports() {
        for s in [&scenarios[0], &scenarios[3], &scenarios[8]] {
            for v in views(&r) {
                for size in SIZES {
                    for theme in [ChartTheme::Light, ChartTheme::Projector] {
                        let style = common::style(theme);
                        let result =
                            catch_unwind(AssertUnwindSafe(|| draw(&r, s, &v, &style, size)));
                        assert!(result.is_ok(), "{name}: {v:?} {size:?} panicked");
                    }
                }
            }
        }
    }
}

#[test]
fn nonsense_styles_never_panic() {
    let all = presets();
    let (s, r) = &all[3];
    for scale in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-9, 1e9] {
        let mut style = ChartStyle::new(ChartTheme::Dark, scale);
        draw(r, s, &ChartView::whole(r), &style, (800, 420));
        style.font_px = scale;
        style.line_px = scale;
        style.backend_text_scale = scale;
        style.palette.slots.clear();
        draw(r, s, &ChartView::whole(r), &style, (800, 420));
    }
}

fn theme() -> impl Strategy<Value = ChartTheme> {
    prop_oneof![
        Just(ChartTheme::Light),
        Just(ChartTheme::Dark),
        Just(ChartTheme::Projector)
    ]
}

fn instant() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..40 * wal_model::units::DAY_MS,
        0u64..10_000,
        any::<u64>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn random_windows_and_sizes_never_panic(
        preset in 0usize..9,
        from in instant(),
        len in prop_oneof![0u64..1000, 0u64..3 * wal_model::units::DAY_MS, any::<u64>()],
        cursor in proptest::option::of(instant()),
        w in 0u32..1600,
        h in 0u32..900,
        scale in 0.25f64..4.0,
        theme in theme(),
    ) {
        let (s, r) = PRESETS.with(|p| p[preset % p.len()].clone());
        let (s, r) = (&s, &r);
        let v = ChartView { from_ms: from, to_ms: from.saturating_add(len), cursor_ms: cursor };
        let mut style = ChartStyle::new(theme, scale);
        style.backend_text_scale = 1.24;
        draw(r, s, &v, &style, (w, h));
    }
}
