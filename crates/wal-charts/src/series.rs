//! From the report's bucketed series to what is drawn: at most one point per pixel column,
//! lines split where a slot does not exist, clipped to the plot's x range; `wal_status`
//! runs per pixel column.
//!
//! Each bucket holds min / max / last over its span. A point sits at the bucket's centre with
//! the bucket's max (the line) and min (the lower edge of the light envelope). When more
//! buckets than pixel columns are visible, the buckets of a column are merged (max of the
//! maxima, min of the minima), so every peak survives. When zoomed in so far that a bucket
//! spans several pixels, it is drawn as a step (its max and min held across its span):
//! interpolating between centres would invent a slope the data does not have.

use wal_model::report::Span;
use wal_model::{SeriesPoint, WalStatus};

use crate::geometry::{clamp, ChartGeometry};

/// Buckets at least this wide (pixels) are drawn as steps: a flat max (and min) across the
/// bucket, since where inside it the value peaked is unknown.
const STEP_MIN_PX: f64 = 8.0;

/// A point of a series in pixels: x, y of the max, y of the min.
pub(crate) type Pt = (f64, f64, f64);

/// Indices `lo..hi` of the buckets overlapping `[from_ms, to_ms)`, widened by one bucket on
/// each side so lines run to the plot edges.
pub(crate) fn visible_range(series: &[SeriesPoint], from_ms: u64, to_ms: u64) -> (usize, usize) {
    let first = series.partition_point(|p| p.to_ms <= from_ms);
    let end = series.partition_point(|p| p.from_ms < to_ms);
    (
        first.saturating_sub(1),
        end.saturating_add(1).min(series.len()),
    )
}

/// Indices of the buckets overlapping the window itself (no widening).
pub(crate) fn inner_range(series: &[SeriesPoint], from_ms: u64, to_ms: u64) -> (usize, usize) {
    let first = series.partition_point(|p| p.to_ms <= from_ms);
    let end = series.partition_point(|p| p.from_ms < to_ms);
    (first, end.max(first))
}

fn mid_ms(p: &SeriesPoint) -> u64 {
    p.from_ms + p.to_ms.saturating_sub(p.from_ms) / 2
}

struct Acc {
    col: i64,
    any: bool,
    max: u64,
    min: u64,
}

/// The series `get` as drawable segments (pixels), clipped to the plot's x range, with y
/// clamped into the plot.
pub(crate) fn segments(
    series: &[SeriesPoint],
    geo: &ChartGeometry,
    get: impl Fn(&SeriesPoint) -> Option<Span>,
) -> Vec<Vec<Pt>> {
    let (lo, hi) = visible_range(series, geo.from_ms, geo.to_ms);
    let visible = series.get(lo..hi).unwrap_or(&[]);
    let width = i64::from(geo.plot_right_px) - i64::from(geo.plot_left_px);
    if width <= 0 || visible.is_empty() {
        return Vec::new();
    }
    // Raw points in time order (`None` = a break), values still in bytes.
    let mut raw: Vec<Option<(f64, u64, u64)>> = Vec::with_capacity(visible.len().min(4096));
    // Bucket width in pixels decides the form: steps when zoomed in, centre points in
    // between, merged columns when there are more buckets than columns.
    let bucket_px = visible
        .iter()
        .map(|p| geo.ms_to_x(p.to_ms) - geo.ms_to_x(p.from_ms))
        .fold(0.0, f64::max);
    if bucket_px >= STEP_MIN_PX {
        for p in visible {
            match get(p) {
                Some(s) => {
                    raw.push(Some((geo.ms_to_x(p.from_ms), s.max, s.min)));
                    raw.push(Some((geo.ms_to_x(p.to_ms), s.max, s.min)));
                }
                None => raw.push(None),
            }
        }
    } else if visible.len() as i64 <= width {
        for p in visible {
            raw.push(get(p).map(|s| (geo.ms_to_x(mid_ms(p)), s.max, s.min)));
        }
    } else {
        let left = f64::from(geo.plot_left_px);
        let mut acc: Option<Acc> = None;
        let flush = |acc: &Acc, raw: &mut Vec<Option<(f64, u64, u64)>>| {
            if acc.any {
                raw.push(Some((left + acc.col as f64 + 0.5, acc.max, acc.min)));
            } else {
                raw.push(None);
            }
        };
        for p in visible {
            let col = (geo.ms_to_x(mid_ms(p)) - left).floor();
            let col = clamp(col, -1.0, width as f64) as i64;
            let v = get(p);
            match acc.as_mut() {
                Some(a) if a.col == col => {
                    if let Some(s) = v {
                        if a.any {
                            a.max = a.max.max(s.max);
                            a.min = a.min.min(s.min);
                        } else {
                            a.any = true;
                            a.max = s.max;
                            a.min = s.min;
                        }
                    }
                }
                _ => {
                    if let Some(a) = acc.as_ref() {
                        flush(a, &mut raw);
                    }
                    acc = Some(Acc {
                        col,
                        any: v.is_some(),
                        max: v.map_or(0, |s| s.max),
                        min: v.map_or(0, |s| s.min),
                    });
                }
            }
        }
        if let Some(a) = acc.as_ref() {
            flush(a, &mut raw);
        }
    }
    let top = f64::from(geo.plot_top_px);
    let bottom = f64::from(geo.plot_bottom_px);
    let y = |b: u64| clamp(geo.bytes_to_y(b), top, bottom);
    let mut out = Vec::new();
    let mut current: Vec<Pt> = Vec::new();
    for r in raw {
        match r {
            Some((x, max, min)) => current.push((x, y(max), y(min))),
            None => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    let (x0, x1) = (f64::from(geo.plot_left_px), f64::from(geo.plot_right_px));
    out.into_iter()
        .map(|s| clip_x(&s, x0, x1))
        .filter(|s| !s.is_empty())
        .collect()
}

fn lerp(a: Pt, b: Pt, x: f64) -> Pt {
    let dx = b.0 - a.0;
    if dx.abs() < f64::EPSILON {
        return (x, a.1, a.2);
    }
    let f = (x - a.0) / dx;
    (x, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
}

/// Clips a polyline with increasing x to `[x0, x1]`, interpolating at the edges.
pub(crate) fn clip_x(points: &[Pt], x0: f64, x1: f64) -> Vec<Pt> {
    let mut out = Vec::with_capacity(points.len().min(4096));
    let mut prev: Option<Pt> = None;
    for &p in points {
        if p.0 < x0 {
            prev = Some(p);
            continue;
        }
        if let Some(a) = prev {
            if a.0 < x0 && out.is_empty() {
                out.push(lerp(a, p, x0));
            }
        }
        if p.0 > x1 {
            if let Some(a) = prev {
                if a.0 <= x1 {
                    out.push(lerp(a, p, x1));
                }
            }
            break;
        }
        out.push(p);
        prev = Some(p);
    }
    out
}

/// The worst `wal_status` of slot `slot` per pixel column of the plot (`None` where the slot
/// does not exist). Uses each bucket's `worst_status`, so a short `unreserved` phase inside a
/// bucket still shows.
pub(crate) fn status_columns(
    series: &[SeriesPoint],
    geo: &ChartGeometry,
    slot: usize,
) -> Vec<Option<WalStatus>> {
    let width = i64::from(geo.plot_right_px) - i64::from(geo.plot_left_px);
    if width <= 0 {
        return Vec::new();
    }
    let mut cols: Vec<Option<WalStatus>> = vec![None; width as usize];
    let (lo, hi) = inner_range(series, geo.from_ms, geo.to_ms);
    let left = f64::from(geo.plot_left_px);
    for p in series.get(lo..hi).unwrap_or(&[]) {
        let Some(status) = p.slots.get(slot).and_then(|s| s.worst_status) else {
            continue;
        };
        let a = clamp((geo.ms_to_x(p.from_ms) - left).floor(), 0.0, width as f64) as usize;
        let b = clamp((geo.ms_to_x(p.to_ms) - left).ceil(), 0.0, width as f64) as usize;
        let b = b.max(a + 1).min(cols.len());
        for c in cols.get_mut(a..b).unwrap_or(&mut []) {
            *c = Some(c.map_or(status, |w| w.max(status)));
        }
    }
    cols
}

/// Runs of equal values: `(start column, end column exclusive, value)`.
pub(crate) fn runs(cols: &[Option<WalStatus>]) -> Vec<(usize, usize, WalStatus)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut cur: Option<WalStatus> = None;
    for (i, c) in cols.iter().enumerate() {
        if *c != cur {
            if let Some(s) = cur {
                out.push((start, i, s));
            }
            start = i;
            cur = *c;
        }
    }
    if let Some(s) = cur {
        out.push((start, cols.len(), s));
    }
    out
}

/// The largest value of the visible buckets (pg_wal and every slot's retained WAL).
pub(crate) fn visible_max_bytes(series: &[SeriesPoint], from_ms: u64, to_ms: u64) -> u64 {
    let (lo, hi) = inner_range(series, from_ms, to_ms);
    series
        .get(lo..hi)
        .unwrap_or(&[])
        .iter()
        .map(|p| {
            p.slots
                .iter()
                .filter_map(|s| s.retained_bytes.map(|r| r.max))
                .fold(p.pg_wal_bytes.max, u64::max)
        })
        .max()
        .unwrap_or(0)
}
