//! Lesson 06's chart, for `<cdc-scaling-calc>`: throughput per pipeline stage as horizontal
//! bars (capacity light, throughput solid, the binding stage in the critical colour) with the
//! source input marked by a vertical line across all bars, and under them the lag time series
//! (events behind, area + line) over the simulated period. Drawn with the same [`Painter`]
//! primitives as the WAL chart, generic over `DrawingBackend`; it takes plain numbers and
//! texts so it needs no model types. Float values are only compared and scaled, never
//! formatted (texts come from the caller).
//!
//! Narrow widths (a 360 px phone): when a stage's name and its value do not fit side by side
//! on one line ([`scaling_chart_stacked`]), each stage's name is wrapped onto lines of its own,
//! its value goes on the next line and its bar under that; the chart grows by
//! [`scaling_chart_height_css_at`]. Time labels that would touch their neighbour are skipped,
//! and the input label is kept inside the plot.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use plotters::style::Color;

use crate::compare::{dashes, DASH};
use crate::paint::{Anchor, DrawError, Painter};
use crate::text::text_width_px;
use crate::theme::ChartStyle;

/// One stage bar.
#[derive(Debug, Clone, PartialEq)]
pub struct StageBar {
    /// The stage's name, drawn above its bar.
    pub label: String,
    /// Capacity, events/s (the bar's full length).
    pub capacity: f64,
    /// Throughput at the peak input, events/s (the solid part).
    pub throughput: f64,
    /// The binding stage.
    pub binding: bool,
    /// `throughput / capacity` in words, drawn right of the bar.
    pub value_text: String,
}

/// What [`draw_scaling_chart`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingChartData {
    /// The stages, upstream first.
    pub stages: Vec<StageBar>,
    /// The peak input, events/s (the vertical line).
    pub input: f64,
    /// Its label (`вход: 10 000 событий/с`).
    pub input_label: String,
    /// The lag series: seconds since the start, events behind.
    pub lag: Vec<(u64, u64)>,
    /// The lag panel's title.
    pub lag_title: String,
    /// The label of the lag axis' top (the maximum, in words).
    pub lag_max_label: String,
    /// Labels under the lag panel's time axis: seconds since the start and text.
    pub time_labels: Vec<(u64, String)>,
}

/// What was drawn where (for tests and pointer use).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScalingGeometry {
    /// The input line's x, backend pixels.
    pub input_x: f64,
    /// The bars' left and right edge.
    pub bars_left: f64,
    /// The bars' right edge.
    pub bars_right: f64,
    /// Top of the lag panel's plot.
    pub lag_top: f64,
    /// Bottom of the lag panel's plot.
    pub lag_bottom: f64,
}

fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x.max(0.0)
    } else {
        0.0
    }
}

/// Draws the bars and the lag series onto `area`.
pub fn draw_scaling_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ScalingChartData,
    style: &ChartStyle,
) -> Result<ScalingGeometry, DrawError<DB>> {
    draw(area, data, style, None)
}

/// The chart of `data` with `baseline` (the pinned "A") drawn over it, the WAL chart's way
/// ([`crate::draw_wal_chart_compared`]): a dark dashed line labelled `label` — A's capacity
/// as a dashed mark across each bar of a stage with the same name, A's lag series dashed over
/// the lag panel — on ranges that fit both.
pub fn draw_scaling_chart_compared<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ScalingChartData,
    style: &ChartStyle,
    baseline: &ScalingChartData,
    label: &str,
) -> Result<ScalingGeometry, DrawError<DB>> {
    draw(area, data, style, Some((baseline, label)))
}

fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ScalingChartData,
    style: &ChartStyle,
    baseline: Option<(&ScalingChartData, &str)>,
) -> Result<ScalingGeometry, DrawError<DB>> {
    let base_color = style.palette.text.mix(0.85);
    let dash = |points: &[(f64, f64)]| {
        let line = style.line();
        dashes(points, DASH.0 * line, DASH.1 * line)
    };
    let p = Painter { area, style };
    let pal = &style.palette;
    area.fill(&pal.background)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let font = style.font();
    let pad = font;
    let left = pad;
    let right = (w - pad).max(left + 1.0);
    let layout = Layout::new(data, font, right - left);
    let bars_bottom = pad + layout.height_fonts() * font;
    let top_of = |d: &ScalingChartData| {
        d.stages
            .iter()
            .map(|s| finite(s.capacity).max(finite(s.throughput)))
            .fold(finite(d.input), f64::max)
    };
    let top_value = top_of(data)
        .max(baseline.map_or(0.0, |(b, _)| top_of(b)))
        .max(1.0);
    let x_of = |v: f64| left + (right - left) * (finite(v) / top_value).min(1.0);
    let muted = pal.text_muted.to_rgba();
    let input_x = x_of(data.input);
    let mut y = pad;
    let mut last_bar_bottom = None;
    for (s, lines) in data.stages.iter().zip(&layout.lines) {
        let rows = layout.rows(lines);
        for (j, line) in lines.iter().enumerate() {
            p.text(
                line,
                Anchor {
                    x: left,
                    y: y + font * (LINE_CENTRE + LINE_PITCH * j as f64),
                    h: HPos::Left,
                },
                font,
                pal.text.to_rgba(),
            )?;
        }
        let (b0, b1) = (y + font * rows.bar, y + font * (rows.bar + 1.0));
        p.rect(left, b0, right, b1, pal.grid.mix(0.35))?;
        p.rect(left, b0, x_of(s.capacity), b1, pal.axis.mix(0.35))?;
        let solid = if s.binding { pal.critical } else { pal.pg_wal };
        p.rect(
            left,
            b0 + 2.0,
            x_of(s.throughput),
            b1 - 2.0,
            solid.to_rgba(),
        )?;
        let value_at = if layout.stacked {
            Anchor {
                x: left,
                y: y + font * rows.value,
                h: HPos::Left,
            }
        } else {
            Anchor {
                x: right,
                y: y + font * rows.value,
                h: HPos::Right,
            }
        };
        p.text(&s.value_text, value_at, font * 0.9, muted)?;
        // A's capacity of the stage with the same name: a dashed mark across the bar.
        if let Some((b, label)) = baseline {
            if let Some(a) = b.stages.iter().find(|a| a.label == s.label) {
                let x = x_of(a.capacity);
                for d in dash(&[(x, b0 - 4.0), (x, b1 + 4.0)]) {
                    p.line(&d, base_color, (style.line() * 0.8).max(1.0))?;
                }
                p.text(
                    label,
                    Anchor {
                        x: x + 3.0,
                        y: (b0 + b1) / 2.0,
                        h: HPos::Left,
                    },
                    font * 0.8,
                    base_color,
                )?;
            }
        }
        // The input level, across this bar only (the labels stay readable).
        p.line(
            &[(input_x, b0 - 3.0), (input_x, b1 + 3.0)],
            pal.cursor.to_rgba(),
            style.line(),
        )?;
        last_bar_bottom = Some(b1);
        y += font * rows.height;
    }
    if let Some(y) = last_bar_bottom {
        p.line(
            &[(input_x, y), (input_x, bars_bottom)],
            pal.cursor.to_rgba(),
            style.line(),
        )?;
    }
    // Beside the input line, on the side with more room, kept inside the plot.
    let input_w = text_width_px(&data.input_label, font * 0.9);
    let (label_h, label_x) = if input_x > (left + right) / 2.0 {
        (HPos::Right, (input_x - 4.0).max(left + input_w).min(right))
    } else {
        (HPos::Left, (input_x + 4.0).min(right - input_w).max(left))
    };
    p.text_on(
        &data.input_label,
        Anchor {
            x: label_x,
            y: bars_bottom + font * 0.2,
            h: label_h,
        },
        font * 0.9,
        pal.cursor.to_rgba(),
        pal.background.mix(0.85),
    )?;
    // The lag panel.
    let title_y = bars_bottom + font * 2.0;
    p.text(
        &data.lag_title,
        Anchor {
            x: left,
            y: title_y,
            h: HPos::Left,
        },
        font,
        pal.text.to_rgba(),
    )?;
    let lag_top = title_y + font * 1.5;
    let lag_bottom = (h - font * 2.0).max(lag_top + 1.0);
    p.rect(left, lag_top, right, lag_bottom, pal.grid.mix(0.2))?;
    p.line(
        &[(left, lag_bottom), (right, lag_bottom)],
        pal.axis.to_rgba(),
        1.0,
    )?;
    let base_lag: &[(u64, u64)] = baseline.map_or(&[], |(b, _)| b.lag.as_slice());
    let t_end = data
        .lag
        .last()
        .map_or(1, |&(t, _)| t)
        .max(base_lag.last().map_or(1, |&(t, _)| t))
        .max(1) as f64;
    let lag_max = data
        .lag
        .iter()
        .chain(base_lag)
        .map(|&(_, l)| l)
        .max()
        .unwrap_or(0);
    let tx = |t: u64| left + (right - left) * (t as f64 / t_end).min(1.0);
    // Every tick is marked; a label is written only where it keeps a gap to the one before
    // and to the last one (so on a phone a week shows every other day, not a smear).
    let last_label = data.time_labels.len().saturating_sub(1);
    let label_at = |i: usize, t: u64| Anchor {
        x: tx(t),
        y: lag_bottom + font,
        h: if i == 0 {
            HPos::Left
        } else if i == last_label {
            HPos::Right
        } else {
            HPos::Center
        },
    };
    let gap = font * 0.6;
    let last_box = data
        .time_labels
        .last()
        .map(|(t, text)| p.text_box(text, label_at(last_label, *t), font * 0.9));
    let mut drawn_to = f64::NEG_INFINITY;
    for (i, (t, text)) in data.time_labels.iter().enumerate() {
        let a = label_at(i, *t);
        p.line(
            &[(a.x, lag_bottom), (a.x, lag_bottom + 4.0)],
            pal.axis.to_rgba(),
            1.0,
        )?;
        let b = p.text_box(text, a, font * 0.9);
        let clear_of_last = i == last_label || last_box.as_ref().is_none_or(|l| b.x1 + gap <= l.x0);
        if b.x0 >= drawn_to + gap && clear_of_last {
            p.text(text, a, font * 0.9, muted)?;
            drawn_to = b.x1;
        }
    }
    if lag_max > 0 {
        let ty = |l: u64| lag_bottom - (lag_bottom - lag_top) * (l as f64 / lag_max as f64);
        let pts: Vec<(f64, f64)> = data.lag.iter().map(|&(t, l)| (tx(t), ty(l))).collect();
        let mut area_pts = pts.clone();
        if let (Some(&(x0, _)), Some(&(x1, _))) = (pts.first(), pts.last()) {
            area_pts.push((x1, lag_bottom));
            area_pts.push((x0, lag_bottom));
        }
        p.polygon(&area_pts, pal.critical.mix(0.2))?;
        p.line(&pts, pal.critical.to_rgba(), style.line())?;
        p.text_on(
            &data.lag_max_label,
            Anchor {
                x: left + 4.0,
                y: lag_top + font * 0.8,
                h: HPos::Left,
            },
            font * 0.9,
            pal.critical.to_rgba(),
            pal.background.mix(0.85),
        )?;
        if let Some((_, label)) = baseline {
            let pts: Vec<(f64, f64)> = base_lag.iter().map(|&(t, l)| (tx(t), ty(l))).collect();
            for d in dash(&pts) {
                p.line(&d, base_color, (style.line() * 0.8).max(1.0))?;
            }
            if let Some(&(x, y)) = pts.last() {
                p.text(
                    label,
                    Anchor {
                        x: x - font * 0.3,
                        y: y - font * 0.8,
                        h: HPos::Right,
                    },
                    font * 0.9,
                    base_color,
                )?;
            }
        }
    } else {
        p.text(
            &data.lag_max_label,
            Anchor {
                x: left + 4.0,
                y: (lag_top + lag_bottom) / 2.0,
                h: HPos::Left,
            },
            font,
            muted,
        )?;
    }
    Ok(ScalingGeometry {
        input_x,
        bars_left: left,
        bars_right: right,
        lag_top,
        lag_bottom,
    })
}

/// Centre of a stage's first name line below the top of its row, in font heights.
const LINE_CENTRE: f64 = 0.6;
/// From one name line to the next, in font heights.
const LINE_PITCH: f64 = 1.15;
/// Most name lines a stage gets; the rest of a longer name is cut with `…`.
const MAX_LINES: usize = 4;

/// Where each stage's texts go: side by side (name left, value right, one line above the bar)
/// when every stage's pair fits the width, otherwise stacked (the name wrapped onto as many
/// lines as it needs, the value on a line of its own, then the bar).
struct Layout {
    stacked: bool,
    /// Each stage's name lines.
    lines: Vec<Vec<String>>,
}

/// Offsets in a stage's row, in font heights from its top.
struct Rows {
    value: f64,
    bar: f64,
    height: f64,
}

impl Layout {
    fn new(data: &ScalingChartData, font: f64, avail: f64) -> Self {
        let side = data.stages.iter().all(|s| {
            text_width_px(&s.label, font) + font + text_width_px(&s.value_text, font * 0.9) <= avail
        });
        let lines = data
            .stages
            .iter()
            .map(|s| {
                if side {
                    vec![s.label.clone()]
                } else {
                    wrap(&s.label, font, avail)
                }
            })
            .collect();
        Layout {
            stacked: !side,
            lines,
        }
    }

    fn rows(&self, lines: &[String]) -> Rows {
        if self.stacked {
            let value = LINE_CENTRE + LINE_PITCH * lines.len().max(1) as f64;
            let bar = value + 0.75;
            Rows {
                value,
                bar,
                height: bar + 1.7,
            }
        } else {
            Rows {
                value: LINE_CENTRE,
                bar: 1.3,
                height: 3.0,
            }
        }
    }

    /// Height of all the stages' rows, in font heights.
    fn height_fonts(&self) -> f64 {
        self.lines.iter().map(|l| self.rows(l).height).sum()
    }
}

/// `text` broken at spaces into lines no wider than `avail` (a word wider than that is cut
/// between characters), at most [`MAX_LINES`], the last one ending in `…` if text was left.
fn wrap(text: &str, font: f64, avail: f64) -> Vec<String> {
    let fits = |s: &str| text_width_px(s, font) <= avail;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if !fits(&line) && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && !fits(&format!("{last}…")) {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// Whether the chart, drawn `width_css` CSS pixels wide at the normal type size, stacks each
/// stage's name and value above its bar instead of writing them side by side.
pub fn scaling_chart_stacked(data: &ScalingChartData, width_css: f64) -> bool {
    Layout::new(data, 12.0, width_css - 24.0).stacked
}

/// The chart's height in CSS pixels when drawn `width_css` wide at the normal type size:
/// the stages' rows as [`scaling_chart_stacked`] lays them out, then the fixed lag panel.
/// Equals [`scaling_chart_height_css`] when the names and values fit side by side.
pub fn scaling_chart_height_css_at(data: &ScalingChartData, width_css: f64) -> u32 {
    let layout = Layout::new(data, 12.0, width_css - 24.0);
    let stages = (layout.height_fonts() * 12.0)
        .ceil()
        .clamp(0.0, 32.0 * 12.0 * 10.0);
    stages as u32 + 24 + 200
}

/// The chart's height in CSS pixels for `stages` bars whose names and values fit side by side
/// (the lag panel below is fixed); [`scaling_chart_height_css_at`] knows the width.
pub fn scaling_chart_height_css(stages: usize) -> u32 {
    let stages = u32::try_from(stages).unwrap_or(u32::MAX).min(32);
    12 * 3 * stages + 24 + 200
}
