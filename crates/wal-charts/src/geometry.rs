//! The visible window, where the plot area ended up, and the axes: mapping between time and
//! x, bytes and y, and the "nice" tick steps (calendar-like time steps, binary byte steps).

use wal_model::units::{DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS};
use wal_model::Report;

/// `x.clamp(lo, hi)` for bounds computed at run time, without its panic: `f64::clamp` checks
/// `lo <= hi` and formats both with `Debug`, which links `core`'s float formatting (~20 KB of
/// WebAssembly) into the bundle. The same result as `f64::clamp` whenever that would not
/// panic (NaN stays NaN); with `lo > hi`, `lo`.
pub(crate) fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

/// What part of the simulation the chart shows, and where the time cursor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartView {
    /// Start of the visible window, ms since the scenario start.
    pub from_ms: u64,
    /// End of the visible window, ms (a window with `to_ms <= from_ms` is widened to 1 ms).
    pub to_ms: u64,
    /// The time cursor, if any.
    pub cursor_ms: Option<u64>,
}

impl ChartView {
    /// The whole simulated time, no cursor.
    pub fn whole(report: &Report) -> Self {
        ChartView {
            from_ms: 0,
            to_ms: report.duration_ms.max(1),
            cursor_ms: None,
        }
    }

    /// The window as drawn: never empty.
    pub fn window(&self) -> (u64, u64) {
        if self.to_ms > self.from_ms {
            (self.from_ms, self.to_ms)
        } else if self.from_ms == u64::MAX {
            (u64::MAX - 1, u64::MAX)
        } else {
            (self.from_ms, self.from_ms + 1)
        }
    }
}

/// Where the plot area ended up (backend pixels) and what it shows, for pointer scrubbing
/// and for drawing on top of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartGeometry {
    /// Left edge of the plot area (x of `from_ms`).
    pub plot_left_px: i32,
    /// Right edge of the plot area (x of `to_ms`).
    pub plot_right_px: i32,
    /// Top edge of the plot area (y of `y_max_bytes`).
    pub plot_top_px: i32,
    /// Bottom edge of the plot area (y of 0 bytes).
    pub plot_bottom_px: i32,
    /// Start of the visible window, ms.
    pub from_ms: u64,
    /// End of the visible window, ms.
    pub to_ms: u64,
    /// The byte value at the top of the plot area.
    pub y_max_bytes: u64,
}

impl ChartGeometry {
    /// The instant under a pixel column, clamped to the window (a NaN gives `from_ms`).
    pub fn x_to_ms(&self, x_px: f64) -> u64 {
        let width = f64::from(self.plot_right_px) - f64::from(self.plot_left_px);
        let span = self.to_ms.saturating_sub(self.from_ms);
        if x_px.is_nan() {
            return self.from_ms;
        }
        if width <= 0.0 {
            return if x_px > f64::from(self.plot_left_px) {
                self.to_ms
            } else {
                self.from_ms
            };
        }
        let f = ((x_px - f64::from(self.plot_left_px)) / width).clamp(0.0, 1.0);
        // `as` saturates; the min keeps rounding from stepping past the window.
        let offset = ((f * span as f64).round() as u64).min(span);
        self.from_ms.saturating_add(offset).min(self.to_ms)
    }

    /// The x of an instant (not clamped: instants outside the window map outside the plot).
    pub fn ms_to_x(&self, t_ms: u64) -> f64 {
        let width = f64::from(self.plot_right_px) - f64::from(self.plot_left_px);
        let span = self.to_ms.saturating_sub(self.from_ms).max(1) as f64;
        let dt = if t_ms >= self.from_ms {
            (t_ms - self.from_ms) as f64
        } else {
            -((self.from_ms - t_ms) as f64)
        };
        f64::from(self.plot_left_px) + dt / span * width
    }

    /// The y of a byte value (not clamped).
    pub fn bytes_to_y(&self, bytes: u64) -> f64 {
        let height = f64::from(self.plot_bottom_px) - f64::from(self.plot_top_px);
        let top = self.y_max_bytes.max(1) as f64;
        f64::from(self.plot_bottom_px) - bytes as f64 / top * height
    }

    /// The byte value at a y, clamped to `0..=y_max_bytes`.
    pub fn y_to_bytes(&self, y_px: f64) -> u64 {
        let height = f64::from(self.plot_bottom_px) - f64::from(self.plot_top_px);
        if height <= 0.0 || y_px.is_nan() {
            return 0;
        }
        let f = ((f64::from(self.plot_bottom_px) - y_px) / height).clamp(0.0, 1.0);
        ((f * self.y_max_bytes as f64).round() as u64).min(self.y_max_bytes)
    }

    /// True if a point lies in the plot area (edges included).
    pub fn contains(&self, x_px: f64, y_px: f64) -> bool {
        x_px >= f64::from(self.plot_left_px)
            && x_px <= f64::from(self.plot_right_px)
            && y_px >= f64::from(self.plot_top_px)
            && y_px <= f64::from(self.plot_bottom_px)
    }
}

/// Time tick steps, ms: sub-second, seconds, minutes, hours, days, weeks.
const TIME_STEPS_MS: [u64; 31] = [
    1,
    2,
    5,
    10,
    20,
    50,
    100,
    200,
    500,
    SECOND_MS,
    2 * SECOND_MS,
    5 * SECOND_MS,
    10 * SECOND_MS,
    15 * SECOND_MS,
    30 * SECOND_MS,
    MINUTE_MS,
    2 * MINUTE_MS,
    5 * MINUTE_MS,
    10 * MINUTE_MS,
    15 * MINUTE_MS,
    30 * MINUTE_MS,
    HOUR_MS,
    2 * HOUR_MS,
    3 * HOUR_MS,
    6 * HOUR_MS,
    12 * HOUR_MS,
    DAY_MS,
    2 * DAY_MS,
    7 * DAY_MS,
    14 * DAY_MS,
    28 * DAY_MS,
];

/// The smallest "nice" time step that gives at most `max_ticks` ticks over `span_ms`
/// (steps are multiples of calendar units, so ticks fall on whole minutes, hours, days and
/// Mondays: day 0 of a scenario is a Monday, 00:00).
pub fn time_step_ms(span_ms: u64, max_ticks: u64) -> u64 {
    let max_ticks = max_ticks.max(1);
    for step in TIME_STEPS_MS {
        if span_ms / step <= max_ticks {
            return step;
        }
    }
    let four_weeks = 28 * DAY_MS;
    let weeks = span_ms / four_weeks / max_ticks + 1;
    weeks.saturating_mul(four_weeks)
}

/// Tick instants of `step_ms` inside `[from_ms, to_ms]`, at most `cap` of them.
pub fn time_ticks(from_ms: u64, to_ms: u64, step_ms: u64, cap: usize) -> Vec<u64> {
    let step = step_ms.max(1);
    let mut t = from_ms.div_ceil(step).saturating_mul(step);
    let mut out = Vec::new();
    while t <= to_ms && out.len() < cap {
        out.push(t);
        match t.checked_add(step) {
            Some(next) => t = next,
            None => break,
        }
    }
    out
}

/// A byte axis from 0: a binary step (a power of two: …, 256 MB, 512 MB, 1 GB, 2 GB, …) and
/// the axis maximum, the smallest multiple of the step that is at least `top_bytes`, with at
/// most `max_ticks` steps. The maximum saturates at `u64::MAX`.
pub fn bytes_axis(top_bytes: u64, max_ticks: u64) -> (u64, u64) {
    let top = top_bytes.max(1);
    let max_ticks = max_ticks.max(1);
    for k in 0..64u32 {
        let step = 1u64 << k;
        let n = top.div_ceil(step);
        if n <= max_ticks {
            return (step, n.saturating_mul(step));
        }
    }
    (1u64 << 63, u64::MAX)
}
