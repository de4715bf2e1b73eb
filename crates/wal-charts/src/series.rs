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
//!
//! **Teeth narrower than the eye can follow become their range.** A heartbeat every N minutes
//! makes a slot's retained WAL a sawtooth of period N. When a tooth spans only a few pixels
//! (the 7-day view is 14 minutes per bucket, ≈ 1.4 px: a 30-minute heartbeat gives 3 px
//! teeth), the bucket maxima alternate between "this bucket held a peak" and "it did not",
//! and the line through them zigzags in a beat pattern — a moiré with a period of hours that
//! is not in the data, and, stroked, the most expensive thing on the canvas to rasterize
//! (ARCHITECTURE.md, "Interaction latency"). So, below `STEP_MIN_PX`, the maxima go through a
//! morphological *closing* and the minima through an *opening* whose window spans
//! `min_tooth_px` pixels: a dip of the max line (or a bump of the min line) narrower than that
//! is filled to the level around it; peaks, valleys, plateaus and monotone ramps are kept as
//! they are (closing only raises, opening only lowers). The envelope therefore still contains
//! every bucket's `[min, max]` and every peak survives; what a narrow dip of the max line
//! showed is shown by the envelope's lower edge. Zoomed in far enough (teeth wider than
//! `min_tooth_px`) the chart draws the teeth themselves; the data table and the slot row give
//! the exact per-bucket and per-instant values.

use wal_model::report::Span;
use wal_model::{SeriesPoint, WalStatus};

use crate::geometry::{clamp, ChartGeometry};

/// Buckets at least this wide (pixels) are drawn as steps: a flat max (and min) across the
/// bucket, since where inside it the value peaked is unknown.
const STEP_MIN_PX: f64 = 8.0;

/// Teeth narrower than this many series line widths (8 CSS px at the 2 px line; wider on the
/// projector theme's thicker line) are drawn as their range (module docs).
pub(crate) const TOOTH_MIN_LINES: f64 = 4.0;

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
///
/// `min_tooth_px`: dips of the max line and bumps of the min line narrower than this are
/// filled (module docs); 0 keeps every bucket's values as they are.
pub(crate) fn segments(
    series: &[SeriesPoint],
    geo: &ChartGeometry,
    get: impl Fn(&SeriesPoint) -> Option<Span>,
    min_tooth_px: f64,
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
        fill_narrow_teeth(&mut raw, teeth_window(min_tooth_px, bucket_px));
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
        // One point per pixel column.
        fill_narrow_teeth(&mut raw, teeth_window(min_tooth_px, 1.0));
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

/// Longest window the teeth filter uses (points): beyond it a tooth is wide enough to draw.
const TEETH_WINDOW_MAX: usize = 64;

/// How many consecutive points span `min_tooth_px` at `pitch_px` pixels per point (1: none).
fn teeth_window(min_tooth_px: f64, pitch_px: f64) -> usize {
    if !(min_tooth_px.is_finite() && pitch_px.is_finite() && pitch_px > 0.0) {
        return 1;
    }
    (min_tooth_px / pitch_px)
        .ceil()
        .clamp(1.0, TEETH_WINDOW_MAX as f64) as usize
}

/// The morphological closing of the maxima and opening of the minima of each unbroken run of
/// `raw` (`None` breaks), with a flat window of `window` points (module docs). A dip of the
/// maxima that is fewer than `window` points wide and has higher values on both sides rises to
/// the lower side; a bump of the minima likewise sinks. Nothing else moves: peaks, valleys,
/// plateaus and monotone runs (also at the ends of a run) come out as they went in.
fn fill_narrow_teeth(raw: &mut [Option<(f64, u64, u64)>], window: usize) {
    if window < 2 {
        return;
    }
    let mut start = 0;
    while start < raw.len() {
        let len = raw
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|r| r.is_some())
            .count();
        if len >= 3 {
            let cells = raw.get_mut(start..start + len).unwrap_or(&mut []);
            let max: Vec<u64> = cells.iter().flatten().map(|p| p.1).collect();
            let min: Vec<u64> = cells.iter().flatten().map(|p| p.2).collect();
            let closed = morph(&max, window, u64::max, u64::min);
            let opened = morph(&min, window, u64::min, u64::max);
            for ((cell, hi), lo) in cells.iter_mut().zip(closed).zip(opened) {
                if let Some(p) = cell.as_mut() {
                    p.1 = hi;
                    p.2 = lo;
                }
            }
        }
        start += len + 1;
    }
}

/// `outer` over a window of `window` points around each position, then `inner` over the
/// mirrored window of those: closing with (max, min), opening with (min, max). The first pass
/// also runs over positions up to a window beyond both ends (their windows cut to the values
/// there), so a monotone run keeps its first and last values instead of taking its
/// neighbours'.
fn morph(
    values: &[u64],
    window: usize,
    outer: fn(u64, u64) -> u64,
    inner: fn(u64, u64) -> u64,
) -> Vec<u64> {
    let n = values.len();
    let window = window.max(1);
    let before = (window - 1) / 2;
    let after = window - 1 - before;
    // first[k]: `outer` over values[j − before ..= j + after] for j = k − after, cut to 0..n.
    let first: Vec<u64> = (0..n + before + after)
        .map(|k| {
            let lo = k.saturating_sub(after + before);
            let hi = k.saturating_add(1).min(n);
            values
                .get(lo..hi)
                .unwrap_or(&[])
                .iter()
                .copied()
                .reduce(outer)
                .unwrap_or(0)
        })
        .collect();
    // Position i takes `inner` over first[j + after] for j in i − after ..= i + before.
    (0..n)
        .map(|i| {
            first
                .get(i..=i + before + after)
                .unwrap_or(&[])
                .iter()
                .copied()
                .reduce(inner)
                .unwrap_or(0)
        })
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use proptest::prelude::*;
    use wal_model::report::SlotPoint;
    use wal_model::Lsn;

    fn closed(values: &[u64], window: usize) -> Vec<u64> {
        morph(values, window, u64::max, u64::min)
    }

    fn opened(values: &[u64], window: usize) -> Vec<u64> {
        morph(values, window, u64::min, u64::max)
    }

    #[test]
    fn alternating_maxima_close_to_the_peaks() {
        // The moiré: every other bucket held a peak (10), the others ended lower (4). Window 2:
        // each 1-point dip has a 10 on both sides, so it rises to 10.
        assert_eq!(closed(&[10, 4, 10, 4, 10], 2), vec![10; 5]);
        // The minima of the same buckets, mirrored: every 1-point bump sinks to 2.
        assert_eq!(opened(&[2, 8, 2, 8, 2], 2), vec![2; 5]);
    }

    #[test]
    fn dips_narrower_than_the_window_fill_to_their_lower_side() {
        // A 2-point dip (2, 3) between 9 and 7, window 3: rises to min(9, 7) = 7.
        assert_eq!(closed(&[9, 9, 2, 3, 7, 7], 3), vec![9, 9, 7, 7, 7, 7]);
        // A 3-point dip is as wide as the window: kept.
        let wide = [9, 9, 2, 2, 2, 9, 9];
        assert_eq!(closed(&wide, 3), wide.to_vec());
        // ... and filled by a 4-point window.
        assert_eq!(closed(&wide, 4), vec![9; 7]);
    }

    #[test]
    fn peaks_ramps_and_ends_stay_as_they_are() {
        // A lone peak: closing only fills dips.
        let peak = [1, 1, 8, 1, 1];
        assert_eq!(closed(&peak, 4), peak.to_vec());
        // Monotone runs keep their first and last values (no neighbour's value leaks in at
        // the ends of the run), for every window up to the run's length and beyond.
        let ramp = [1, 2, 3, 5, 8, 13, 21];
        let fall: Vec<u64> = ramp.iter().rev().copied().collect();
        for w in 1..=9 {
            assert_eq!(closed(&ramp, w), ramp.to_vec(), "window {w}");
            assert_eq!(opened(&ramp, w), ramp.to_vec(), "window {w}");
            assert_eq!(closed(&fall, w), fall, "window {w}");
            assert_eq!(opened(&fall, w), fall, "window {w}");
        }
        // A dip at the very start has nothing on its left: kept.
        assert_eq!(closed(&[2, 9, 9, 9], 3), vec![2, 9, 9, 9]);
    }

    #[test]
    fn teeth_window_spans_the_tooth_width_in_points() {
        // 8 px at 1.4 px per point: ceil(5.71) = 6 points; at one point per column, 8.
        assert_eq!(teeth_window(8.0, 1.4), 6);
        assert_eq!(teeth_window(8.0, 1.0), 8);
        // Points wider apart than the tooth: nothing to fill.
        assert_eq!(teeth_window(8.0, 9.0), 1);
        assert_eq!(teeth_window(0.0, 1.4), 1);
        // Nonsense in, no filter (and no panic) out; huge ratios are capped.
        assert_eq!(teeth_window(f64::NAN, 1.0), 1);
        assert_eq!(teeth_window(8.0, 0.0), 1);
        assert_eq!(teeth_window(1e9, 1.0), TEETH_WINDOW_MAX);
    }

    #[test]
    fn breaks_split_the_runs() {
        // Two runs of alternating maxima around a break, window 2: each run is filled on its
        // own; a run shorter than 3 points is left alone.
        let p = |max: u64| Some((0.0, max, max));
        let mut raw = vec![
            p(10),
            p(4),
            p(10),
            None,
            p(6),
            p(1),
            p(6),
            p(1),
            p(6),
            None,
            p(5),
            p(0),
        ];
        fill_narrow_teeth(&mut raw, 2);
        let maxima: Vec<Option<u64>> = raw.iter().map(|r| r.map(|p| p.1)).collect();
        assert_eq!(
            maxima,
            vec![
                Some(10),
                Some(10),
                Some(10),
                None,
                Some(6),
                Some(6),
                Some(6),
                Some(6),
                Some(6),
                None,
                Some(5),
                Some(0)
            ]
        );
        // Their minima are the same values opened: an inner bump (the middle 6) sinks; the
        // ends have nothing beyond them and stay.
        let minima: Vec<Option<u64>> = raw.iter().map(|r| r.map(|p| p.2)).collect();
        let expected = [10, 4, 10, 0, 6, 1, 1, 1, 6, 0, 5, 0];
        let expected: Vec<Option<u64>> = expected
            .iter()
            .enumerate()
            .map(|(i, v)| (i != 3 && i != 9).then_some(*v))
            .collect();
        assert_eq!(minima, expected);
    }

    /// A week of 720 buckets of a slot whose heartbeat period is 30 minutes: the bucket
    /// (14 min) holds the peak (3 600 MB) in some buckets and not in others.
    fn sawtooth_week() -> Vec<SeriesPoint> {
        const MB: u64 = 1_000_000;
        let bucket_ms: u64 = 7 * 24 * 3_600_000 / 720; // 840 000 ms = 14 min
        let period_ms: u64 = 30 * 60_000;
        // Retained WAL t ms into a tooth: 1 800 MB + 1 MB/s.
        let at = |t: u64| 1_800 * MB + (t % period_ms) / 1000 * MB;
        (0..720u64)
            .map(|i| {
                let (from, to) = (i * bucket_ms, (i + 1) * bucket_ms);
                // The max is just before a heartbeat inside the bucket if there is one,
                // otherwise at the bucket's end; the min just after one, or at its start.
                let beat = (from / period_ms + 1) * period_ms;
                let (max, min) = if beat <= to {
                    (at(beat - 1000), at(beat))
                } else {
                    (at(to), at(from))
                };
                SeriesPoint {
                    from_ms: from,
                    to_ms: to,
                    current_lsn: Lsn(0),
                    pg_wal_bytes: Span {
                        min,
                        max,
                        last: max,
                    },
                    slots: vec![SlotPoint {
                        retained_bytes: Some(Span {
                            min,
                            max,
                            last: max,
                        }),
                        ..SlotPoint::default()
                    }],
                }
            })
            .collect()
    }

    #[test]
    fn a_week_of_narrow_teeth_is_drawn_as_its_range() {
        let series = sawtooth_week();
        // 1 008 px for 720 buckets: 1.4 px each, centre points.
        let geo = ChartGeometry {
            plot_left_px: 0,
            plot_right_px: 1008,
            plot_top_px: 0,
            plot_bottom_px: 400,
            from_ms: 0,
            to_ms: 7 * 24 * 3_600_000,
            y_max_bytes: 4_000_000_000,
        };
        let get = |s: &SeriesPoint| s.slots.first().and_then(|x| x.retained_bytes);
        let raw = segments(&series, &geo, get, 0.0);
        let banded = segments(&series, &geo, get, 8.0);
        let (raw, banded) = (&raw[0], &banded[0]);
        // Unfiltered, the max line turns at most buckets (the zigzag).
        let turns = |s: &[Pt]| {
            s.windows(3)
                .filter(|w| (w[1].1 - w[0].1) * (w[2].1 - w[1].1) < 0.0)
                .count()
        };
        assert!(turns(raw) > 300, "{} turns", turns(raw));
        // Banded (window ceil(8 / 1.4) = 6 points; a peak every 30 / 14 ≈ 2.1 buckets), the
        // max line lies within a pixel of the peak level, 1 800 + 1 799 MB = 3 599 MB, at
        // y = 400 × (1 − 3.599 / 4) ≈ 40.1 px, apart from the first tooth's run-up (the
        // first two points: nothing before them to fill from).
        let peak_y = 400.0 * (1.0 - 3_599.0 / 4_000.0);
        assert!(banded[2..].iter().all(|p| (p.1 - peak_y).abs() < 1.0));
        // The band still holds every bucket: max above (smaller y) and min below the data's.
        for (b, r) in banded.iter().zip(raw.iter()) {
            assert!(b.1 <= r.1 + 1e-9 && b.2 >= r.2 - 1e-9, "{b:?} vs {r:?}");
        }
    }

    proptest! {
        /// Closing never lowers a value, opening never raises one, both are idempotent, so
        /// the drawn envelope always contains the data and filtering twice changes nothing.
        #[test]
        fn closing_and_opening_contain_the_data(
            values in proptest::collection::vec(0u64..1_000, 0..64),
            window in 0usize..10,
        ) {
            let c = closed(&values, window);
            let o = opened(&values, window);
            prop_assert_eq!(c.len(), values.len());
            for ((v, hi), lo) in values.iter().zip(&c).zip(&o) {
                prop_assert!(hi >= v && lo <= v);
            }
            prop_assert_eq!(closed(&c, window), c);
            prop_assert_eq!(opened(&o, window), o);
        }
    }
}
