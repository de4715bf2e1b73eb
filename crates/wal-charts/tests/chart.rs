//! Targeted tests with expectations worked out by hand: the y axis and the position of the
//! warning line, pointer mapping, `wal_status` bands, the disk-full marker, off-scale labels,
//! tick lanes, and the cost bounds (draw calls, texts, no text measuring).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::summary::{parse, Element};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use wal_charts::{
    bytes_axis, draw_wal_chart, palette, time_step_ms, time_ticks, ChartGeometry, ChartTheme,
    ChartView,
};
use wal_model::units::{DAY_MS, GB, HOUR_MS, MB, MINUTE_MS};
use wal_model::LogKind;

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn polylines(els: &[Element], stroke: &str) -> Vec<Vec<(i32, i32)>> {
    els.iter()
        .filter(|e| e.tag == "polyline" && e.attrs.get("stroke").is_some_and(|s| s == stroke))
        .map(points)
        .collect()
}

fn points(e: &Element) -> Vec<(i32, i32)> {
    e.attrs["points"]
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

fn texts(els: &[Element]) -> Vec<String> {
    els.iter()
        .filter(|e| e.tag == "text")
        .map(|e| e.content.clone())
        .collect()
}

// --- axes -----------------------------------------------------------------------------

#[test]
fn byte_axis_uses_binary_steps() {
    // 1109 MB with at most 10 steps: 64 MB would need 18, 128 MB needs 9 → top 1152 MB.
    assert_eq!(bytes_axis(1109 * MB, 10), (128 * MB, 1152 * MB));
    // 9 GB, 6 steps: 1 GB needs 9, 2 GB needs 5 → 10 GB.
    assert_eq!(bytes_axis(9 * GB, 6), (2 * GB, 10 * GB));
    // Exactly on a step.
    assert_eq!(bytes_axis(GB, 4), (256 * MB, GB));
    // Degenerate: zero bytes, zero ticks, the largest value.
    assert_eq!(bytes_axis(0, 0), (1, 1));
    assert_eq!(bytes_axis(u64::MAX, 3), (1 << 63, u64::MAX));
}

#[test]
fn time_steps_are_calendar_units() {
    assert_eq!(time_step_ms(7 * DAY_MS, 9), DAY_MS);
    assert_eq!(time_step_ms(20 * MINUTE_MS, 10), 2 * MINUTE_MS);
    assert_eq!(time_step_ms(3 * DAY_MS, 7), 12 * HOUR_MS);
    assert_eq!(time_step_ms(30 * DAY_MS, 9), 7 * DAY_MS);
    assert_eq!(time_step_ms(0, 0), 1);
    // Beyond four weeks per tick: multiples of four weeks.
    assert_eq!(time_step_ms(400 * DAY_MS, 2), 224 * DAY_MS);
    // Ticks land on multiples of the step (day 0, 00:00 is a Monday).
    assert_eq!(
        time_ticks(90 * MINUTE_MS, 5 * HOUR_MS, 2 * HOUR_MS, 10),
        vec![2 * HOUR_MS, 4 * HOUR_MS]
    );
    assert_eq!(time_ticks(u64::MAX - 5, u64::MAX, 2, 10).len(), 3);
    assert_eq!(time_ticks(0, u64::MAX, 1, 4).len(), 4);
}

#[test]
fn warning_line_sits_where_the_hand_worked_axis_puts_it() {
    // idle-db-heartbeat: pg_wal peaks at 592 MB; thresholds up to 2.5 × 592 MB = 1480 MB join
    // the range (warning and max_wal_size, both 1 GB; critical 5 GB and disk 50 GB do not).
    // Top 1024 MB + 1/12 = 1109 MB. Layout at 800×420, 12 px font: plot from y 27
    // (5 pad + 22 header) to 353 (420 − 2.5 − 22 labels − 21 strip − 22 lanes), 326 px:
    // at most ⌊326 / 31.2⌋ = 10 steps → 128 MB steps, top 1152 MB.
    let (s, r) = common::preset("idle-db-heartbeat");
    let (svg, geo) = common::render(&r, &s, &ChartView::whole(&r), ChartTheme::Light);
    assert_eq!((geo.plot_top_px, geo.plot_bottom_px), (27, 353));
    assert_eq!(geo.y_max_bytes, 1152 * MB);
    // 1 GB: 353 − 1024/1152 × 326 = 63.2 → row 63.
    let expected_y = 63;
    assert!((geo.bytes_to_y(GB) - 63.22).abs() < 0.01);
    let els = parse(&svg);
    let warning = polylines(&els, &hex(palette(ChartTheme::Light).warning));
    assert!(warning.len() > 20, "a dashed line: {}", warning.len());
    for dash in &warning {
        assert!(dash.iter().all(|&(_, y)| y == expected_y), "{dash:?}");
    }
    let t = texts(&els);
    assert!(t.contains(&"предупреждение 1 ГБ".to_string()), "{t:?}");
    assert!(t.contains(&"max_wal_size 1 ГБ".to_string()), "{t:?}");
    // Thresholds far above the data are labels at the top edge, not lines.
    assert!(t.contains(&"↑ критично 5 ГБ".to_string()), "{t:?}");
    assert!(t.contains(&"↑ диск 50 ГБ".to_string()), "{t:?}");
    assert!(polylines(&els, &hex(palette(ChartTheme::Light).critical)).is_empty());
}

// --- pointer mapping ------------------------------------------------------------------

fn geometry() -> ChartGeometry {
    ChartGeometry {
        plot_left_px: 100,
        plot_right_px: 900,
        plot_top_px: 10,
        plot_bottom_px: 310,
        from_ms: 1_000,
        to_ms: 9_000,
        y_max_bytes: 3 * GB,
    }
}

#[test]
fn x_and_ms_map_both_ways_and_clamp() {
    let g = geometry();
    // 10 ms per pixel.
    assert_eq!(g.x_to_ms(100.0), 1_000);
    assert_eq!(g.x_to_ms(500.0), 5_000);
    assert_eq!(g.x_to_ms(900.0), 9_000);
    assert_eq!(g.x_to_ms(500.04), 5_000);
    assert_eq!(g.x_to_ms(500.06), 5_001);
    assert!((g.ms_to_x(5_000) - 500.0).abs() < 1e-9);
    assert!(
        (g.ms_to_x(0) - 0.0).abs() < 1e-9,
        "not clamped: {}",
        g.ms_to_x(0)
    );
    // Clamped to the window.
    assert_eq!(g.x_to_ms(-50.0), 1_000);
    assert_eq!(g.x_to_ms(1e12), 9_000);
    assert_eq!(g.x_to_ms(f64::NAN), 1_000);
    assert_eq!(g.x_to_ms(f64::INFINITY), 9_000);
    // Round trip within half a millisecond-per-pixel.
    for i in 0..=800 {
        let x = 100.0 + f64::from(i);
        assert!((g.ms_to_x(g.x_to_ms(x)) - x).abs() <= 0.05, "{x}");
    }
    for t in (1_000..=9_000).step_by(7) {
        assert!(g.x_to_ms(g.ms_to_x(t)).abs_diff(t) <= 1, "{t}");
    }
    // Bytes.
    assert!((g.bytes_to_y(GB) - 210.0).abs() < 1e-9);
    assert_eq!(g.y_to_bytes(210.0), GB);
    assert_eq!(g.y_to_bytes(-5.0), 3 * GB);
    assert_eq!(g.y_to_bytes(1000.0), 0);
    assert!(g.contains(500.0, 100.0) && !g.contains(50.0, 100.0));
}

#[test]
fn degenerate_geometry_does_not_divide_by_zero() {
    let mut g = geometry();
    g.plot_right_px = g.plot_left_px;
    assert_eq!(g.x_to_ms(0.0), 1_000);
    assert_eq!(g.x_to_ms(200.0), 9_000);
    assert!(g.ms_to_x(5_000).is_finite());
    let huge = ChartGeometry {
        from_ms: 0,
        to_ms: u64::MAX,
        ..geometry()
    };
    assert_eq!(huge.x_to_ms(900.0), u64::MAX);
    assert_eq!(huge.x_to_ms(100.0), 0);
    let v = ChartView {
        from_ms: 7,
        to_ms: 7,
        cursor_ms: None,
    };
    assert_eq!(v.window(), (7, 8));
    let v = ChartView {
        from_ms: u64::MAX,
        to_ms: 3,
        cursor_ms: None,
    };
    assert_eq!(v.window(), (u64::MAX - 1, u64::MAX));
}

// --- bands ----------------------------------------------------------------------------

fn band_rects(els: &[Element], colour: RGBColor) -> Vec<(i32, i32)> {
    els.iter()
        .filter(|e| e.tag == "rect" && e.attrs.get("fill").is_some_and(|f| *f == hex(colour)))
        .map(|e| {
            let x: i32 = e.attrs["x"].parse().unwrap();
            let w: i32 = e.attrs["width"].parse().unwrap();
            (x, x + w)
        })
        .collect()
}

#[test]
fn a_slot_that_is_lost_gets_a_lost_band() {
    let (s, r) = common::preset("weekend-outage-slot-limit");
    let (svg, geo) = common::render(&r, &s, &ChartView::whole(&r), ChartTheme::Light);
    let els = parse(&svg);
    let t = texts(&els);
    for status in ["reserved", "extended", "lost"] {
        assert!(t.contains(&status.to_string()), "{status}: {t:?}");
    }
    let pal = palette(ChartTheme::Light);
    // The lost band (with its text box) starts at the invalidation, 541 470 000 ms.
    let lost = band_rects(&els, pal.lost);
    assert!(!lost.is_empty());
    let at = geo.ms_to_x(541_470_000);
    let start = lost.iter().map(|r| r.0).min().unwrap();
    assert!((f64::from(start) - at).abs() <= 2.0, "{start} vs {at}");
    assert_eq!(lost.iter().map(|r| r.1).max().unwrap(), geo.plot_right_px);
    // Cross-hatching over it: two zigzags in the band ink.
    let ink = polylines(&els, &hex(pal.band_ink));
    assert!(ink.iter().filter(|p| p.len() > 20).count() >= 2);
    // The slot-invalidated marker.
    assert!(t.contains(&"✕ слот потерян".to_string()), "{t:?}");
}

#[test]
fn a_slot_that_stays_reserved_gets_only_a_reserved_band() {
    let (s, r) = common::preset("idle-db-heartbeat");
    let (svg, geo) = common::render(&r, &s, &ChartView::whole(&r), ChartTheme::Light);
    let els = parse(&svg);
    let t = texts(&els);
    assert!(t.contains(&"reserved".to_string()));
    for status in ["extended", "unreserved", "lost"] {
        assert!(!t.contains(&status.to_string()), "{status}");
    }
    let pal = palette(ChartTheme::Light);
    assert!(band_rects(&els, pal.lost).is_empty());
    assert!(band_rects(&els, pal.extended).is_empty());
    let reserved = band_rects(&els, pal.reserved);
    assert_eq!(reserved.iter().map(|r| r.0).min(), Some(geo.plot_left_px));
    assert_eq!(reserved.iter().map(|r| r.1).max(), Some(geo.plot_right_px));
}

#[test]
fn no_band_while_the_slot_does_not_exist() {
    let scenario = wal_model::from_json(
        r#"{"name": "late-slot", "duration_ms": 7200000,
            "workload": [{"database": "inventory",
                          "pattern": {"kind": "steady", "bytes_per_s": 1048576}}],
            "slots": [{"name": "late", "database": "inventory", "created_at_ms": 3600000}]}"#,
    )
    .unwrap();
    let r = wal_model::simulate(&scenario);
    let (svg, geo) = common::render(&r, &scenario, &ChartView::whole(&r), ChartTheme::Light);
    let els = parse(&svg);
    let pal = palette(ChartTheme::Light);
    let start = band_rects(&els, pal.reserved)
        .into_iter()
        .chain(band_rects(&els, pal.extended))
        .map(|r| r.0)
        .min()
        .unwrap();
    // Created at half time: the band starts in the middle (one column of tolerance).
    let mid = f64::from(geo.plot_left_px + geo.plot_right_px) / 2.0;
    assert!((f64::from(start) - mid).abs() <= 1.5, "{start} vs {mid}");
    // No retained-WAL line before it either.
    let slot_lines = polylines(&els, &hex(pal.slot(0)));
    let first_x = slot_lines.iter().flatten().map(|p| p.0).min().unwrap();
    assert!(f64::from(first_x) >= mid - 2.0, "{first_x}");
}

// --- markers --------------------------------------------------------------------------

#[test]
fn the_disk_full_marker_is_drawn_where_the_server_stopped() {
    let (s, r) = common::preset("weekend-outage-disk-full");
    let down = r.server_down_at_ms.unwrap();
    assert!(r
        .events
        .iter()
        .any(|e| matches!(e.kind, LogKind::DiskFull { .. }) && e.t_ms == down));
    let (svg, geo) = common::render(&r, &s, &ChartView::whole(&r), ChartTheme::Light);
    let els = parse(&svg);
    assert!(texts(&els).contains(&"PostgreSQL остановлен".to_string()));
    let x = geo.ms_to_x(down).round() as i32;
    let critical = polylines(&els, &hex(palette(ChartTheme::Light).critical));
    assert!(
        critical.iter().any(|p| p.len() == 2
            && p[0].0 == x
            && p[1].0 == x
            && p[0].1 == geo.plot_top_px
            && p[1].1 == geo.plot_bottom_px),
        "no vertical marker at x {x}"
    );
    // The slot survives: no lost band, the server-down tint covers the rest of the run.
    assert!(!texts(&els).contains(&"lost".to_string()));
    let tint = els.iter().any(|e| {
        e.tag == "rect"
            && e.attrs
                .get("fill")
                .is_some_and(|f| *f == hex(palette(ChartTheme::Light).server_down))
    });
    assert!(tint);
}

#[test]
fn a_preset_without_disk_trouble_has_no_disk_full_marker() {
    let (s, r) = common::preset("weekend-outage-slot-limit");
    let (svg, _) = common::render(&r, &s, &ChartView::whole(&r), ChartTheme::Light);
    assert!(!texts(&parse(&svg)).contains(&"PostgreSQL остановлен".to_string()));
}

// --- tick lanes -----------------------------------------------------------------------

#[test]
fn heartbeat_and_checkpoint_ticks_appear_only_when_zoomed_in() {
    let (s, r) = common::preset("idle-db-heartbeat");
    let pal = palette(ChartTheme::Light);
    // Whole week: 60 480 heartbeats, 2016 checkpoints: no ticks, no lane names.
    let (svg, _) = common::render(&r, &s, &ChartView::whole(&r), ChartTheme::Light);
    let els = parse(&svg);
    let thin_slot_lines = |els: &[Element]| {
        els.iter()
            .filter(|e| {
                e.tag == "polyline"
                    && e.attrs["stroke"] == hex(pal.slot(0))
                    && e.attrs["stroke-width"] == "1"
            })
            .count()
    };
    assert_eq!(thin_slot_lines(&els), 0);
    assert!(!texts(&els).contains(&"heartbeat".to_string()));
    // 01:00–01:20 on Monday: beats every 10 s since the start at 0, t in [3 600 000, 4 800 000)
    // → 120 ticks. The checkpoint_timeout schedule (5 min) gives 01:00, 01:05, …, 01:20 → 5.
    let (from, to) = (3_600_000, 4_800_000);
    let v = ChartView {
        from_ms: from,
        to_ms: to,
        cursor_ms: None,
    };
    let (svg, geo) = common::render(&r, &s, &v, ChartTheme::Light);
    let els = parse(&svg);
    assert_eq!(thin_slot_lines(&els), 120);
    let t = texts(&els);
    assert!(t.contains(&"heartbeat".to_string()) && t.contains(&"checkpoint".to_string()));
    let lane_top = geo.plot_bottom_px + 2;
    let axis = hex(pal.axis);
    let schedule = els
        .iter()
        .filter(|e| e.tag == "polyline" && e.attrs["stroke"] == axis && e.attrs["opacity"] == "0.6")
        .count();
    assert_eq!(schedule, 5);
    // Logged checkpoints (those that removed WAL): full-height ticks from the lane top.
    let logged_in_report = r
        .events
        .iter()
        .filter(|e| {
            matches!(e.kind, LogKind::CheckpointRemovedWal { .. }) && e.t_ms >= from && e.t_ms <= to
        })
        .count();
    let logged = polylines(&els, &axis)
        .into_iter()
        .filter(|p| p.len() == 2 && p[0].1 == lane_top && p[0].0 == p[1].0)
        .count();
    assert!(logged_in_report > 0);
    assert_eq!(logged, logged_in_report);
}

// --- cost -----------------------------------------------------------------------------

/// What a chart asked of its backend.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    paths: usize,
    path_points: usize,
    rects: usize,
    polygons: usize,
    polygon_points: usize,
    circles: usize,
    texts: usize,
    measured: usize,
}

impl Counts {
    fn calls(&self) -> usize {
        self.paths + self.rects + self.polygons + self.circles + self.texts
    }
}

/// A backend that only counts (and refuses to measure text).
struct Counting {
    size: (u32, u32),
    counts: Rc<RefCell<Counts>>,
}

#[derive(Debug)]
struct Never;
impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("never")
    }
}
impl std::error::Error for Never {}

type Res<T = ()> = Result<T, DrawingErrorKind<Never>>;

impl DrawingBackend for Counting {
    type ErrorType = Never;
    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Res {
        Ok(())
    }
    fn present(&mut self) -> Res {
        Ok(())
    }
    fn draw_pixel(&mut self, _: BackendCoord, _: BackendColor) -> Res {
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        _: &S,
    ) -> Res {
        let mut c = self.counts.borrow_mut();
        c.paths += 1;
        c.path_points += path.into_iter().count();
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        _: BackendCoord,
        _: BackendCoord,
        _: &S,
        _: bool,
    ) -> Res {
        self.counts.borrow_mut().rects += 1;
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        _: &S,
    ) -> Res {
        let mut c = self.counts.borrow_mut();
        c.polygons += 1;
        c.polygon_points += vert.into_iter().count();
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(&mut self, _: BackendCoord, _: u32, _: &S, _: bool) -> Res {
        self.counts.borrow_mut().circles += 1;
        Ok(())
    }
    fn draw_text<S: BackendTextStyle>(&mut self, _: &str, _: &S, _: BackendCoord) -> Res {
        self.counts.borrow_mut().texts += 1;
        Ok(())
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, _: &str, _: &S) -> Res<(u32, u32)> {
        self.counts.borrow_mut().measured += 1;
        Err(DrawingErrorKind::DrawingError(Never))
    }
}

fn count(
    s: &wal_model::Scenario,
    r: &wal_model::Report,
    v: &ChartView,
    size: (u32, u32),
    scale: f64,
) -> Counts {
    let counts = Rc::new(RefCell::new(Counts::default()));
    let root = Counting {
        size,
        counts: Rc::clone(&counts),
    }
    .into_drawing_area();
    let style = wal_charts::ChartStyle::new(ChartTheme::Dark, scale);
    draw_wal_chart(&root, r, s, v, &style, &common::texts()).unwrap();
    drop(root);
    let c = *counts.borrow();
    c
}

#[test]
fn drawing_is_bounded_and_never_measures_text() {
    for p in wal_model::presets::PRESETS {
        let (s, r) = common::preset(p.name);
        let d = r.duration_ms;
        let views = [
            ChartView {
                from_ms: 0,
                to_ms: d,
                cursor_ms: Some(d / 2),
            },
            ChartView {
                from_ms: d / 3,
                to_ms: d / 3 + 20 * MINUTE_MS,
                cursor_ms: Some(d / 3),
            },
            ChartView {
                from_ms: d / 2,
                to_ms: d / 2 + 90_000,
                cursor_ms: None,
            },
        ];
        for v in &views {
            for (size, scale) in [((800u32, 420u32), 1.0), ((1600, 840), 2.0)] {
                let c = count(&s, &r, v, size, scale);
                let w = size.0 as usize;
                assert_eq!(c.measured, 0, "{}: text measured", p.name);
                assert!(c.texts <= 60, "{}: {} texts {c:?}", p.name, c.texts);
                assert!(c.calls() <= 1_500, "{}: {} calls {c:?}", p.name, c.calls());
                // Series: at most a couple of points per pixel column per series.
                assert!(c.polygon_points <= 2 * 2 * (w + 8) * 2, "{}: {c:?}", p.name);
                assert!(c.path_points <= 12 * w, "{}: {c:?}", p.name);
            }
        }
    }
}
