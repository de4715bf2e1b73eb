//! The WAL chart itself: layout, axes, series, thresholds, markers, tick lanes, `wal_status`
//! strips and the time cursor, drawn in that order on any plotters backend.

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::HPos;
use plotters::style::{Color, RGBAColor, RGBColor};
use wal_model::units::MB;
use wal_model::{Report, Scenario, WalStatus};

use crate::geometry::{bytes_axis, clamp, time_step_ms, time_ticks, ChartGeometry, ChartView};
use crate::marks::{self, ConnectorStateOrd, MarkKind};
use crate::paint::{Anchor, BoxPx, DrawError, DrawResult, Painter, Placer};
use crate::series::{self, Pt};
use crate::text::{text_width_px, ChartText};
use crate::theme::{ChartStyle, Palette};

/// Data is never drawn on an axis shorter than this (an all-zero report still gets a scale).
const MIN_AXIS_BYTES: u64 = 64 * MB;
/// A threshold joins the y range when it is at most this many times the data's maximum
/// (as a fraction: 5/2); higher ones become "↑" labels at the top edge.
const THRESHOLD_REACH: (u64, u64) = (5, 2);
/// Most ticks of one kind drawn in a lane.
const TICK_CAP: u64 = 200;

/// A horizontal threshold line.
struct Threshold {
    bytes: u64,
    /// `name value`.
    label: String,
    /// The value alone (when the full label finds no room).
    value: String,
    color: RGBColor,
    /// Dash pattern in units of half the series line width (empty: solid).
    dash: &'static [f64],
    /// Width relative to the series line.
    width_k: f64,
}

fn thresholds(report: &Report, text: &ChartText<'_>, pal: &Palette) -> Vec<Threshold> {
    let label = |name: &str, bytes: u64| {
        let value = (text.format_bytes)(bytes);
        if name.is_empty() {
            value
        } else {
            format!("{name} {value}")
        }
    };
    let value = |bytes: u64| (text.format_bytes)(bytes);
    let mut out = vec![
        Threshold {
            bytes: report.warning_bytes,
            label: label(&text.warning, report.warning_bytes),
            value: value(report.warning_bytes),
            color: pal.warning,
            dash: &[8.0, 5.0],
            width_k: 0.6,
        },
        Threshold {
            bytes: report.critical_bytes,
            label: label(&text.critical, report.critical_bytes),
            value: value(report.critical_bytes),
            color: pal.critical,
            dash: &[14.0, 5.0],
            width_k: 0.7,
        },
    ];
    let max_wal = report.wal.max_wal_size_mb.saturating_mul(MB);
    out.push(Threshold {
        bytes: max_wal,
        label: label(&text.max_wal_size, max_wal),
        value: value(max_wal),
        color: pal.max_wal_size,
        dash: &[2.0, 4.0],
        width_k: 0.6,
    });
    if let Ok(keep_mb) = u64::try_from(report.wal.max_slot_wal_keep_size_mb) {
        let keep = keep_mb.saturating_mul(MB);
        out.push(Threshold {
            bytes: keep,
            label: label(&text.max_slot_wal_keep_size, keep),
            value: value(keep),
            color: pal.max_slot_wal_keep_size,
            dash: &[12.0, 4.0, 2.0, 4.0],
            width_k: 0.6,
        });
    }
    let disk = report
        .disk_size_bytes
        .saturating_sub(report.disk_other_used_bytes);
    out.push(Threshold {
        bytes: disk,
        label: label(&text.disk, disk),
        value: value(disk),
        color: pal.disk,
        dash: &[],
        width_k: 0.8,
    });
    out
}

fn rgba(c: RGBColor) -> RGBAColor {
    c.to_rgba()
}

/// The y of a polyline (its max line) at `x`, interpolated; `None` outside it.
fn y_at(seg: &[Pt], x: f64) -> Option<f64> {
    let i = seg.partition_point(|p| p.0 < x);
    match (i.checked_sub(1).and_then(|j| seg.get(j)), seg.get(i)) {
        (Some(a), Some(b)) => {
            let dx = b.0 - a.0;
            Some(if dx.abs() < f64::EPSILON {
                a.1.min(b.1)
            } else {
                a.1 + (b.1 - a.1) * (x - a.0) / dx
            })
        }
        (None, Some(b)) if (b.0 - x).abs() < 0.5 => Some(b.1),
        (Some(a), None) if (a.0 - x).abs() < 0.5 => Some(a.1),
        _ => None,
    }
}

/// Smallest and largest y of a polyline's max line over `[x0, x1]`.
fn y_extent(seg: &[Pt], x0: f64, x1: f64) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut take = |y: f64| {
        lo = lo.min(y);
        hi = hi.max(y);
    };
    for x in [x0, x1] {
        if let Some(y) = y_at(seg, x) {
            take(y);
        }
    }
    let a = seg.partition_point(|p| p.0 < x0);
    let b = seg.partition_point(|p| p.0 <= x1);
    for p in seg.get(a..b).unwrap_or(&[]) {
        take(p.1);
    }
    (lo <= hi).then_some((lo, hi))
}

/// Shortens `s` with "…" until its estimated width fits `max_px`.
fn fit(s: &str, size_px: f64, max_px: f64) -> String {
    if text_width_px(s, size_px) <= max_px {
        return s.to_string();
    }
    let mut out: String = s.to_string();
    while !out.is_empty() {
        out.pop();
        let candidate = format!("{out}…");
        if text_width_px(&candidate, size_px) <= max_px {
            return candidate;
        }
    }
    String::new()
}

/// Vertical layout of the chart, in pixels.
struct Layout {
    pad: f64,
    top: f64,
    bottom: f64,
    lane_h: f64,
    strips_top: f64,
    strip_h: f64,
    strips_bottom: f64,
    label_y: f64,
}

fn layout(h: f64, font: f64, n_slots: usize) -> Layout {
    let pad = (font * 0.4).round().max(1.0);
    let header_h = (font * 1.8).round();
    let lane_h = (font * 0.8).round().max(2.0);
    let lanes_h = 2.0 * lane_h + 2.0;
    let mut strip_h = (font * 1.6).round();
    if n_slots > 0 {
        strip_h = strip_h.min((h * 0.3 / n_slots as f64).floor()).max(2.0);
    }
    let strips_h = if n_slots > 0 {
        n_slots as f64 * strip_h + 2.0
    } else {
        0.0
    };
    let xlab_h = (font * 1.8).round();
    let top = pad + header_h;
    let bottom = (h - pad * 0.5 - xlab_h - strips_h - lanes_h).round();
    let strips_top = bottom + lanes_h + 2.0;
    Layout {
        pad,
        top,
        bottom,
        lane_h,
        strips_top,
        strip_h,
        strips_bottom: strips_top + strips_h - 2.0,
        label_y: h - pad * 0.5 - xlab_h / 2.0,
    }
}

/// Draws the WAL chart of `report` (simulated from `scenario`) into `root`, returning where
/// the plot area went. See the crate docs for what it shows.
///
/// Never panics: an empty or degenerate report draws an empty chart; an area too small for
/// a plot is only filled with the background; errors are the backend's.
pub fn draw_wal_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    scenario: &Scenario,
    view: &ChartView,
    style: &ChartStyle,
    text: &ChartText<'_>,
) -> Result<ChartGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    draw_chart(root, report, scenario, view, style, text, None)
}

/// The chart body; `baseline` (an A/B comparison's pinned report) only widens the y range so
/// its line fits (it is drawn afterwards by [`crate::draw_wal_chart_compared`]).
pub(crate) fn draw_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    scenario: &Scenario,
    view: &ChartView,
    style: &ChartStyle,
    text: &ChartText<'_>,
    baseline: Option<&Report>,
) -> Result<ChartGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w_px, h_px) = root.dim_in_pixel();
    let (from_ms, to_ms) = view.window();
    let mut geo = ChartGeometry {
        plot_left_px: 0,
        plot_right_px: 0,
        plot_top_px: 0,
        plot_bottom_px: 0,
        from_ms,
        to_ms,
        y_max_bytes: 0,
    };
    if w_px == 0 || h_px == 0 {
        return Ok(geo);
    }
    let pal = &style.palette;
    root.fill(&pal.background)?;
    let p = Painter { area: root, style };
    let font = style.font();
    let line = style.line();
    let small = font * 0.9;
    let (w, h) = (f64::from(w_px), f64::from(h_px));
    let lay = layout(h, font, report.slots.len());
    let (top, bottom) = (lay.top, lay.bottom.max(lay.top));

    // --- y range: the data, plus thresholds close enough above it
    let ths = thresholds(report, text, pal);
    let data_max = series::visible_max_bytes(&report.series, from_ms, to_ms)
        .max(baseline.map_or(0, |b| series::visible_max_bytes(&b.series, from_ms, to_ms)));
    let base = data_max.max(MIN_AXIS_BYTES);
    let reach = base.saturating_mul(THRESHOLD_REACH.0) / THRESHOLD_REACH.1;
    let top_raw = ths
        .iter()
        .map(|t| t.bytes)
        .filter(|b| *b <= reach)
        .fold(base, u64::max);
    let max_yticks = ((bottom - top) / (font * 2.6)).floor().clamp(1.0, 12.0) as u64;
    let (ystep, y_max) = bytes_axis(top_raw.saturating_add(top_raw / 12), max_yticks);
    let yticks: Vec<u64> = (0..=max_yticks + 1)
        .filter_map(|k| k.checked_mul(ystep))
        .filter(|v| *v <= y_max)
        .collect();
    let ylabels: Vec<String> = yticks.iter().map(|v| (text.format_bytes)(*v)).collect();

    // --- left margin: y labels, slot names, lane names
    let widest = |items: &mut dyn Iterator<Item = f64>| items.fold(0.0, f64::max);
    let ylab_w = widest(&mut ylabels.iter().map(|s| text_width_px(s, small)));
    let names_w = widest(&mut report.slots.iter().map(|s| text_width_px(&s.name, small)));
    let lanes_w = widest(
        &mut [&text.checkpoints, &text.heartbeats]
            .into_iter()
            .map(|s| text_width_px(s, small * 0.85)),
    );
    let left = (lay.pad + ylab_w.max(names_w).max(lanes_w) + font * 0.7)
        .min(w * 0.35)
        .round();
    let right = (w - lay.pad - font * 0.6).round().max(left);
    geo = ChartGeometry {
        plot_left_px: left as i32,
        plot_right_px: right as i32,
        plot_top_px: top as i32,
        plot_bottom_px: bottom as i32,
        from_ms,
        to_ms,
        y_max_bytes: y_max,
    };
    if right - left < font * 2.0 || bottom - top < font * 2.0 {
        return Ok(geo);
    }
    let halo = pal.background.mix(0.85);
    let thin = (line * 0.4).max(1.0);

    // --- grid, ticks and axis labels. The lines come first, all grid lines together and then
    // all ticks, so a canvas strokes each set as one path (no label sits on a line, so the
    // order changes no pixel); the labels follow in the order they always had.
    let span = to_ms - from_ms;
    let sample = [from_ms, to_ms, from_ms + span / 2]
        .iter()
        .map(|t| text_width_px(&(text.format_time)(*t), small))
        .fold(0.0, f64::max);
    let max_xticks = ((right - left) / (sample + font * 1.5)).floor().max(1.0) as u64;
    let step = time_step_ms(span, max_xticks);
    // The cursor handle sits on this row too: tick labels under it are left out.
    let cursor = view.cursor_ms.filter(|c| *c >= from_ms && *c <= to_ms);
    let handle = cursor.map(|c| {
        let s = (text.format_time)(c);
        let bw = text_width_px(&s, small) + font;
        let cx = clamp(geo.ms_to_x(c), bw / 2.0, (w - bw / 2.0).max(bw / 2.0));
        (s, cx, bw)
    });
    // Each x tick: its x, and its label with the label's centre when it has room.
    let mut xticks: Vec<(f64, Option<(String, f64)>)> = Vec::new();
    let mut last_x1 = f64::NEG_INFINITY;
    for t in time_ticks(from_ms, to_ms, step, 64) {
        let x = geo.ms_to_x(t);
        let s = (text.format_time)(t);
        let tw = text_width_px(&s, small);
        let cx = clamp(x, tw / 2.0 + 1.0, (w - tw / 2.0 - 1.0).max(tw / 2.0 + 1.0));
        let under_handle = handle
            .as_ref()
            .is_some_and(|(_, hx, bw)| (cx - *hx).abs() < (tw + *bw) / 2.0 + font * 0.3);
        if cx - tw / 2.0 < last_x1 + font * 0.6 || under_handle {
            xticks.push((x, None));
        } else {
            last_x1 = cx + tw / 2.0;
            xticks.push((x, Some((s, cx))));
        }
    }
    for v in yticks.iter().filter(|v| **v > 0) {
        let y = geo.bytes_to_y(*v);
        p.line(&[(left, y), (right, y)], rgba(pal.grid), thin)?;
    }
    for (x, _) in xticks.iter().filter(|(x, _)| *x > left + 0.5) {
        p.line(&[(*x, top), (*x, bottom)], rgba(pal.grid), thin)?;
    }
    for (x, _) in xticks.iter().filter(|(_, label)| label.is_some()) {
        p.line(&[(*x, bottom), (*x, bottom + 3.0)], rgba(pal.axis), thin)?;
    }
    for (v, s) in yticks.iter().zip(&ylabels) {
        let y = geo.bytes_to_y(*v);
        // "0" sits above the axis so it does not meet the tick lanes below.
        let ya = if *v == 0 { y - small * 0.6 } else { y };
        let a = Anchor {
            x: left - font * 0.4,
            y: ya,
            h: HPos::Right,
        };
        p.text(s, a, small, rgba(pal.text_muted))?;
    }
    for (_, label) in &xticks {
        if let Some((s, cx)) = label {
            let a = Anchor {
                x: *cx,
                y: lay.label_y,
                h: HPos::Center,
            };
            p.text(s, a, small, rgba(pal.text_muted))?;
        }
    }

    // --- the server is down: tint the time it stays down
    let down_x = report
        .server_down_at_ms
        .filter(|d| *d <= to_ms)
        .map(|d| geo.ms_to_x(d));
    if let Some(dx) = down_x {
        let x0 = dx.max(left);
        let x1 = geo
            .ms_to_x(
                report
                    .duration_ms
                    .max(report.server_down_at_ms.unwrap_or(0)),
            )
            .min(right);
        if x1 > x0 {
            p.rect(x0, top, x1, bottom, pal.server_down.mix(0.14))?;
        }
    }

    // --- pg_wal: an area up to the max, a thin line on it
    let teeth_px = line * series::TOOTH_MIN_LINES;
    let pg = series::segments(&report.series, &geo, |s| Some(s.pg_wal_bytes), teeth_px);
    for seg in &pg {
        if let (Some(first), Some(last)) = (seg.first(), seg.last()) {
            let mut poly: Vec<(f64, f64)> = seg.iter().map(|q| (q.0, q.1)).collect();
            poly.push((last.0, bottom));
            poly.push((first.0, bottom));
            p.polygon(&poly, pal.pg_wal.mix(0.14))?;
        }
        let pts: Vec<(f64, f64)> = seg.iter().map(|q| (q.0, q.1)).collect();
        p.line(&pts, rgba(pal.pg_wal), (line * 0.6).max(1.0))?;
    }

    // --- thresholds in range
    let scale = line / 2.0;
    for t in ths.iter().filter(|t| t.bytes <= y_max) {
        let y = geo.bytes_to_y(t.bytes);
        let dash: Vec<f64> = t.dash.iter().map(|d| d * scale).collect();
        p.dashed_hline(
            left,
            right,
            y,
            &dash,
            rgba(t.color),
            (line * t.width_k).max(1.0),
        )?;
    }

    // --- slots: envelope min..max, line through max
    let slot_segs: Vec<Vec<Vec<Pt>>> = (0..report.slots.len())
        .map(|i| {
            series::segments(
                &report.series,
                &geo,
                |s| s.slots.get(i).and_then(|x| x.retained_bytes),
                teeth_px,
            )
        })
        .collect();
    for (i, segs) in slot_segs.iter().enumerate() {
        let c = pal.slot(i);
        for seg in segs {
            if seg.iter().any(|q| q.2 - q.1 > 1.0) {
                let mut poly: Vec<(f64, f64)> = seg.iter().map(|q| (q.0, q.1)).collect();
                poly.extend(seg.iter().rev().map(|q| (q.0, q.2)));
                p.polygon(&poly, c.mix(0.25))?;
            }
        }
    }
    for (i, segs) in slot_segs.iter().enumerate() {
        let c = pal.slot(i);
        for seg in segs {
            let mut pts: Vec<(f64, f64)> = seg.iter().map(|q| (q.0, q.1)).collect();
            if let [only] = pts.as_slice() {
                pts = vec![(only.0 - 2.0, only.1), (only.0 + 2.0, only.1)];
            }
            p.line(&pts, rgba(c), line)?;
        }
    }

    // --- frame
    p.line(
        &[(left, top), (left, bottom), (right, bottom)],
        rgba(pal.axis),
        thin,
    )?;

    // --- event markers: lines now, labels with the others
    let marks = marks::event_marks(report, &geo);
    let mark_color = |k: MarkKind| match k {
        MarkKind::SlotInvalidated | MarkKind::DataGap => pal.critical,
        MarkKind::Connector(ConnectorStateOrd::Failed) => pal.critical,
        MarkKind::Connector(ConnectorStateOrd::Restarting) => pal.warning,
        MarkKind::Connector(_) => pal.text_muted,
    };
    for m in &marks {
        let x = clamp(geo.ms_to_x(m.t_ms), left, right);
        p.line(&[(x, top), (x, bottom)], mark_color(m.kind).mix(0.8), thin)?;
    }
    if let Some(dx) = down_x.filter(|x| *x >= left - 0.5 && *x <= right + 0.5) {
        p.line(
            &[(dx, top), (dx, bottom)],
            rgba(pal.critical),
            (line * 0.75).max(1.0),
        )?;
    }

    // --- labels in the plot, most important first
    let mut placer = Placer::new(BoxPx {
        x0: left,
        y0: top,
        x1: right,
        y1: bottom,
    });
    let row = |k: f64| top + font * (0.85 + 1.35 * k);
    if let Some(dx) = down_x.filter(|x| *x >= left - 0.5 && *x <= right + 0.5) {
        let s = text.server_down.as_str();
        let mut cands = Vec::new();
        for k in [0.0, 1.0, 2.0] {
            let right_of = Anchor {
                x: dx + 4.0,
                y: row(k),
                h: HPos::Left,
            };
            let left_of = Anchor {
                x: dx - 4.0,
                y: row(k),
                h: HPos::Right,
            };
            cands.push((s, right_of));
            cands.push((s, left_of));
        }
        place(
            &p,
            &mut placer,
            &cands,
            small,
            rgba(pal.critical),
            halo,
            true,
        )?;
    }
    for m in &marks {
        let x = clamp(geo.ms_to_x(m.t_ms), left, right);
        let label = match m.kind {
            MarkKind::SlotInvalidated => &text.markers.slot_invalidated,
            MarkKind::DataGap => &text.markers.data_gap,
            MarkKind::Connector(ConnectorStateOrd::Running) => &text.markers.connector_running,
            MarkKind::Connector(ConnectorStateOrd::Stopped) => &text.markers.connector_stopped,
            MarkKind::Connector(ConnectorStateOrd::Failed) => &text.markers.connector_failed,
            MarkKind::Connector(ConnectorStateOrd::Restarting) => {
                &text.markers.connector_restarting
            }
        };
        let color = rgba(mark_color(m.kind));
        let mut cands = Vec::new();
        for s in [label.long.as_str(), label.short.as_str()] {
            for k in [0.0, 1.0] {
                let right_of = Anchor {
                    x: x + 3.0,
                    y: row(k),
                    h: HPos::Left,
                };
                let left_of = Anchor {
                    x: x - 3.0,
                    y: row(k),
                    h: HPos::Right,
                };
                cands.push((s, right_of));
                cands.push((s, left_of));
            }
        }
        place(&p, &mut placer, &cands, small, color, halo, false)?;
    }
    for t in ths.iter().filter(|t| t.bytes <= y_max) {
        let y = geo.bytes_to_y(t.bytes);
        let mut cands = Vec::new();
        // The full label along the line, then the bare value.
        for s in [t.label.as_str(), t.value.as_str()] {
            for f in [0.0, 0.25, 0.5, 0.75] {
                let x = left + font * 0.4 + (right - left) * f;
                for dy in [-font * 0.75, font * 0.75] {
                    let a = Anchor {
                        x,
                        y: y + dy,
                        h: HPos::Left,
                    };
                    cands.push((s, a));
                }
            }
        }
        place(&p, &mut placer, &cands, small, rgba(t.color), halo, true)?;
    }
    for (i, segs) in slot_segs.iter().enumerate() {
        let name = report.slots.get(i).map_or("", |s| s.name.as_str());
        let s = (text.slot_label)(name);
        label_series(
            &p,
            &mut placer,
            &s,
            segs,
            (left, right),
            font,
            rgba(pal.slot(i)),
            halo,
            true,
        )?;
    }
    label_series(
        &p,
        &mut placer,
        &text.pg_wal,
        &pg,
        (left, right),
        font,
        rgba(pal.pg_wal),
        halo,
        false,
    )?;

    // --- tick lanes under the plot
    let lane1 = bottom + 2.0;
    let lane2 = lane1 + lay.lane_h;
    let lane_label = |s: &str, y: f64| {
        let a = Anchor {
            x: left - font * 0.4,
            y,
            h: HPos::Right,
        };
        p.text(s, a, small * 0.85, rgba(pal.text_muted))
    };
    let (schedule, logged) = marks::checkpoint_ticks(report, scenario, &geo, TICK_CAP);
    if !schedule.is_empty() || !logged.is_empty() {
        lane_label(&text.checkpoints, lane1 + lay.lane_h / 2.0)?;
        for t in schedule {
            let x = geo.ms_to_x(t);
            p.line(
                &[
                    (x, lane1 + lay.lane_h * 0.45),
                    (x, lane1 + lay.lane_h - 1.0),
                ],
                pal.axis.mix(0.6),
                thin,
            )?;
        }
        for t in logged {
            let x = geo.ms_to_x(t);
            p.line(
                &[(x, lane1), (x, lane1 + lay.lane_h - 1.0)],
                rgba(pal.axis),
                thin,
            )?;
        }
    }
    let beats = marks::heartbeat_ticks(report, scenario, &geo, TICK_CAP);
    if !beats.is_empty() {
        lane_label(&text.heartbeats, lane2 + lay.lane_h / 2.0)?;
        for (t, k) in beats {
            let slot = scenario
                .connectors
                .get(k)
                .and_then(|c| report.slots.iter().position(|s| s.name == c.slot))
                .unwrap_or(k);
            let x = geo.ms_to_x(t);
            p.line(
                &[(x, lane2 + 1.0), (x, lane2 + lay.lane_h - 1.0)],
                rgba(pal.slot(slot)),
                thin,
            )?;
        }
    }

    // --- wal_status strips, one per slot
    for i in 0..report.slots.len() {
        let y0 = lay.strips_top + i as f64 * lay.strip_h;
        let y1 = y0 + lay.strip_h - 1.0;
        p.rect(left, y0, right, y1, pal.grid.mix(0.45))?;
        let cols = series::status_columns(&report.series, &geo, i);
        for (a, b, st) in series::runs(&cols) {
            let (x0, x1) = (left + a as f64, left + b as f64);
            draw_band(&p, x0, x1, y0, y1, st, pal, text, small)?;
        }
        if let Some(slot) = report.slots.get(i) {
            let room = left - lay.pad - font * 0.4;
            let s = fit(&slot.name, small, room);
            let a = Anchor {
                x: left - font * 0.4,
                y: (y0 + y1) / 2.0,
                h: HPos::Right,
            };
            p.text(&s, a, small, rgba(pal.text))?;
        }
    }

    // --- header: y title on the left, thresholds above the range on the right
    // High in the header row, clear of the top y label that reaches into it.
    let header_y = lay.pad + small * 0.6;
    let title = Anchor {
        x: lay.pad,
        y: header_y,
        h: HPos::Left,
    };
    p.text(&text.y_title, title, small, rgba(pal.text))?;
    let mut head = Placer::new(BoxPx {
        x0: 0.0,
        y0: 0.0,
        x1: w,
        y1: top,
    });
    head.reserve(p.text_box(&text.y_title, title, small));
    let mut x = right;
    let mut above: Vec<&Threshold> = ths.iter().filter(|t| t.bytes > y_max).collect();
    index_sort::sort_by_key(&mut above, |t| t.bytes);
    for t in above {
        let s = format!("↑ {}", t.label);
        let a = Anchor {
            x,
            y: header_y,
            h: HPos::Right,
        };
        let b = p.text_box(&s, a, small);
        if head.take(b) {
            p.text(&s, a, small, rgba(t.color))?;
            x = b.x0 - font;
        }
    }

    // --- the time cursor, on top of everything
    if let (Some(c), Some((s, cx, bw))) = (cursor, handle) {
        let x = geo.ms_to_x(c);
        let y_end = if report.slots.is_empty() {
            bottom
        } else {
            lay.strips_bottom
        };
        let cw = (line * 0.6).max(1.0);
        p.line(&[(x, top), (x, y_end)], rgba(pal.cursor), cw)?;
        let k = font * 0.45;
        p.polygon(
            &[(x - k, top - k * 1.4), (x + k, top - k * 1.4), (x, top)],
            rgba(pal.cursor),
        )?;
        if c <= report.duration_ms {
            let r = (line * 1.6).max(2.5);
            let dot = |bytes: u64, color: RGBColor| -> DrawResult<DB> {
                let y = geo.bytes_to_y(bytes);
                if y >= top - 0.5 && y <= bottom + 0.5 {
                    p.dot(x, y, r + 1.5, rgba(pal.background))?;
                    p.dot(x, y, r, rgba(color))?;
                }
                Ok(())
            };
            if !report.series.is_empty() {
                dot(report.pg_wal_bytes_at(c), pal.pg_wal)?;
            }
            for i in 0..report.slots.len() {
                if let Some(b) = report.slot_row(i, c).and_then(|r| r.retained_bytes) {
                    dot(b, pal.slot(i))?;
                }
            }
        }
        let bh = small * 1.5;
        p.rect(
            cx - bw / 2.0,
            lay.label_y - bh / 2.0,
            cx + bw / 2.0,
            lay.label_y + bh / 2.0,
            rgba(pal.cursor),
        )?;
        let a = Anchor {
            x: cx,
            y: lay.label_y,
            h: HPos::Center,
        };
        p.text(&s, a, small, rgba(pal.cursor_text))?;
    }
    Ok(geo)
}

/// Places a label at the first free candidate (each candidate may be a different text: a
/// long form first, a short one after). With `force`, when none is free, at the candidate
/// inside the bounds that covers the least of the other labels (else the first): a line must
/// never lose its text twin.
/// Returns whether it was drawn.
#[allow(clippy::too_many_arguments)]
fn place<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    placer: &mut Placer,
    cands: &[(&str, Anchor)],
    size: f64,
    color: RGBAColor,
    halo: RGBAColor,
    force: bool,
) -> Result<bool, DrawError<DB>> {
    let cands: Vec<&(&str, Anchor)> = cands.iter().filter(|(s, _)| !s.is_empty()).collect();
    for (s, a) in &cands {
        if placer.take(p.text_box(s, *a, size)) {
            p.text_on(s, *a, size, color, halo)?;
            return Ok(true);
        }
    }
    if force {
        // The candidate inside the bounds that covers the least of the labels placed.
        let mut best: Option<(f64, &(&str, Anchor))> = None;
        for c in &cands {
            let b = p.text_box(c.0, c.1, size);
            if placer.fits(&b) {
                let o = placer.overlap(&b);
                if best.is_none_or(|(bo, _)| o < bo) {
                    best = Some((o, c));
                }
            }
        }
        let inside = best.map(|(_, c)| c).or(cands.first().copied());
        if let Some((s, a)) = inside {
            placer.reserve(p.text_box(s, *a, size));
            p.text_on(s, *a, size, color, halo)?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// Labels a series on its line: near its last visible point, else further back; above the
/// line first (`above`) or below it.
#[allow(clippy::too_many_arguments)]
fn label_series<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    placer: &mut Placer,
    s: &str,
    segs: &[Vec<Pt>],
    (left, right): (f64, f64),
    font: f64,
    color: RGBAColor,
    halo: RGBAColor,
    above: bool,
) -> Result<bool, DrawError<DB>> {
    let size = font * 0.9;
    let tw = crate::text::text_width_px(s, size);
    let Some(seg) = segs.iter().rev().find(|s| !s.is_empty()) else {
        return Ok(false);
    };
    let mut cands = Vec::new();
    for f in [1.0, 0.9, 0.75, 0.6, 0.5, 0.4, 0.25, 0.1, 0.0] {
        let idx = ((seg.len() - 1) as f64 * f).round() as usize;
        let Some(pt) = seg.get(idx) else { continue };
        let (x0, x1, a) = if pt.0 - tw - 6.0 >= left {
            (pt.0 - tw - 6.0, pt.0 - 4.0, (pt.0 - 4.0, HPos::Right))
        } else {
            (
                pt.0 + 4.0,
                (pt.0 + tw + 6.0).min(right),
                (pt.0 + 4.0, HPos::Left),
            )
        };
        let Some((ymin, ymax)) = y_extent(seg, x0, x1) else {
            continue;
        };
        let up = Anchor {
            x: a.0,
            y: ymin - font * 0.8,
            h: a.1,
        };
        let down = Anchor {
            x: a.0,
            y: ymax + font * 0.8,
            h: a.1,
        };
        if above {
            cands.push((s, up));
            cands.push((s, down));
        } else {
            cands.push((s, down));
            cands.push((s, up));
        }
    }
    place(p, placer, &cands, size, color, halo, true)
}

/// One run of a `wal_status` strip: colour, pattern, and the status name when it fits.
#[allow(clippy::too_many_arguments)]
fn draw_band<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    st: WalStatus,
    pal: &Palette,
    text: &ChartText<'_>,
    size: f64,
) -> DrawResult<DB> {
    let band = pal.band(st);
    p.rect(x0, y0, x1, y1, rgba(band))?;
    let h = y1 - y0;
    if h >= 5.0 {
        let ink = pal.band_ink.mix(0.45);
        let (a, b) = (y0 + 1.0, y1 - 1.0);
        match st {
            WalStatus::Reserved => {}
            WalStatus::Extended => {
                p.zigzag(x0, x1, a, b, h * 2.5, true, pal.band_ink.mix(0.3), 1.0)?
            }
            WalStatus::Unreserved => p.zigzag(x0, x1, a, b, h * 0.8, true, ink, 1.0)?,
            WalStatus::Lost => {
                p.zigzag(x0, x1, a, b, h * 0.8, true, ink, 1.0)?;
                p.zigzag(x0, x1, a, b, h * 0.8, false, ink, 1.0)?;
            }
        }
    }
    let s = (text.wal_status)(st);
    let label_size = size.min(h * 0.8);
    let tw = text_width_px(&s, label_size);
    if x1 - x0 >= tw + size && label_size >= 6.0 {
        let a = Anchor {
            x: (x0 + x1) / 2.0,
            y: (y0 + y1) / 2.0,
            h: HPos::Center,
        };
        p.text_on(&s, a, label_size, rgba(pal.band_ink), rgba(band))?;
    }
    Ok(())
}
