//! A/B comparison: a pinned state's retained WAL drawn over the current chart.
//!
//! The instructor pins the current state as "A", changes a parameter, and the chart shows B
//! (the current report, drawn as usual) with A's retained WAL per slot as a dark dashed line
//! labelled "A" — a label and a dash pattern, not colour alone. It draws into the geometry the
//! main chart returned, so both share the axes; values above the y range are clamped to the
//! top edge like the main series.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use wal_model::Report;

use crate::geometry::ChartGeometry;
use crate::paint::{Anchor, Painter};
use crate::series;
use crate::theme::ChartStyle;

/// Dash and gap lengths of the baseline, in line widths.
pub(crate) const DASH: (f64, f64) = (4.0, 3.0);

/// Splits a polyline into dashes of `on` pixels separated by `off` pixels.
pub(crate) fn dashes(points: &[(f64, f64)], on: f64, off: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let (mut drawing, mut left) = (true, on);
    for pair in points.windows(2) {
        let [a, b] = pair else { continue };
        let (mut x, mut y) = *a;
        let mut length = ((b.0 - x).powi(2) + (b.1 - y).powi(2)).sqrt();
        if drawing && current.is_empty() {
            current.push((x, y));
        }
        while length > 0.0 {
            let step = left.min(length);
            let k = step / length;
            x += (b.0 - x) * k;
            y += (b.1 - y) * k;
            length -= step;
            left -= step;
            if drawing {
                current.push((x, y));
            }
            if left <= 0.0 {
                if drawing {
                    out.push(std::mem::take(&mut current));
                } else {
                    current.push((x, y));
                }
                drawing = !drawing;
                left = if drawing { on } else { off };
            }
        }
    }
    if current.len() > 1 {
        out.push(current);
    }
    out
}

/// Draws `baseline`'s retained WAL per slot into the plot described by `geometry` (the value
/// [`crate::draw_wal_chart`] returned for the current report), labelled `label` at the right
/// end of each line.
pub fn draw_baseline<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    geometry: &ChartGeometry,
    baseline: &Report,
    style: &ChartStyle,
    label: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if geometry.plot_right_px <= geometry.plot_left_px || geometry.y_max_bytes == 0 {
        return Ok(());
    }
    let p = Painter { area: root, style };
    let pal = &style.palette;
    let line = style.line();
    let color = pal.text.mix(0.85);
    for i in 0..baseline.slots.len() {
        let segs = series::segments(
            &baseline.series,
            geometry,
            |s| s.slots.get(i).and_then(|x| x.retained_bytes),
            line * series::TOOTH_MIN_LINES,
        );
        for seg in &segs {
            let pts: Vec<(f64, f64)> = seg.iter().map(|q| (q.0, q.1)).collect();
            for dash in dashes(&pts, DASH.0 * line, DASH.1 * line) {
                p.line(&dash, color, (line * 0.8).max(1.0))?;
            }
        }
        if let Some(&(x, y, _)) = segs.last().and_then(|s| s.last()) {
            let a = Anchor {
                x: x - style.font() * 0.3,
                y: y - style.font() * 0.8,
                h: HPos::Right,
            };
            p.text(label, a, style.font() * 0.9, color)?;
        }
    }
    Ok(())
}

/// The WAL chart of `report` with `baseline` (the pinned "A") drawn over it, on a y range
/// that fits both.
#[allow(clippy::too_many_arguments)]
pub fn draw_wal_chart_compared<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    scenario: &wal_model::Scenario,
    view: &crate::ChartView,
    style: &ChartStyle,
    text: &crate::ChartText<'_>,
    baseline: &Report,
    label: &str,
) -> Result<ChartGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let geometry =
        crate::chart::draw_chart(root, report, scenario, view, style, text, Some(baseline))?;
    draw_baseline(root, &geometry, baseline, style, label)?;
    Ok(geometry)
}

#[cfg(test)]
mod tests {
    use super::dashes;

    #[test]
    fn a_straight_line_becomes_alternating_dashes() {
        // 20 px with 4 on / 3 off: dashes at 0–4, 7–11, 14–18, and the start of 21 is past the end.
        let d = dashes(&[(0.0, 0.0), (20.0, 0.0)], 4.0, 3.0);
        let spans: Vec<(f64, f64)> = d
            .iter()
            .map(|s| (s.first().unwrap().0, s.last().unwrap().0))
            .collect();
        assert_eq!(spans, vec![(0.0, 4.0), (7.0, 11.0), (14.0, 18.0)]);
    }

    #[test]
    fn degenerate_input_gives_no_dashes() {
        assert!(dashes(&[], 4.0, 3.0).is_empty());
        assert!(dashes(&[(1.0, 1.0)], 4.0, 3.0).is_empty());
    }
}
