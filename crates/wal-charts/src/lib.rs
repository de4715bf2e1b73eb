//! # wal-charts: the WAL simulator's chart, on any plotters backend
//!
//! Lesson 05's main picture: a replication slot pinning WAL until the disk fills. Drawn with
//! plotters' primitives (paths, rectangles, polygons, text) against a generic
//! `DrawingBackend`, so tests render it to SVG natively and the widget to a canvas. No font
//! feature: text is drawn by the backend, and the layout uses a width estimate
//! ([`text_width_px`]) instead of asking the backend to measure.
//!
//! ```text
//! Report + Scenario + ChartView + ChartStyle + ChartText ──draw_wal_chart──▶ pixels + ChartGeometry
//! ```
//!
//! ## What the chart shows
//! * **Retained WAL per slot** (`slots[i].retained_bytes`): a line through each bucket's max
//!   and a light envelope down to its min (buckets are aggregated; the line keeps every peak).
//!   Teeth narrower than four line widths (a heartbeat's sawtooth in a week's view) are drawn
//!   as their range: dips of the max line and bumps of the min narrower than that are filled,
//!   so the envelope shows how far the value swings instead of a moiré of bucket phases
//!   (`series` module docs). The line breaks where the slot does not exist or is invalidated.
//! * **`pg_wal` size**: a light area up to each bucket's max with a thin line on it, so it
//!   stays visible when a slot's line lies on top of it (narrow dips filled the same way).
//! * **Thresholds**, each with its own dash pattern and a label on the line: warning,
//!   critical, `max_wal_size`, `max_slot_wal_keep_size` (when ≥ 0) and the disk capacity
//!   left for `pg_wal` (volume minus other files, solid). The y range covers the visible data
//!   and every threshold up to 2.5 × the data's maximum (at least 64 MB); higher thresholds
//!   become `↑ name value` labels at the top edge instead of squashing the data.
//! * **`wal_status` strips** under the plot, one per slot: a colour, a pattern (none for
//!   reserved, sparse zigzag for extended, hatching for unreserved, cross-hatching for lost)
//!   and the status name where it fits. Each pixel column shows the worst status of its
//!   buckets (`SlotPoint::worst_status`), so short phases are not lost. No slot, no band.
//! * **Markers**: the server stopping on a full disk (a line, a label and a tint over the
//!   time it stays down), slot invalidation, data gaps, connector state changes
//!   (RUNNING / STOPPED / FAILED / RESTARTING; the start at 0 is not marked). Labels take the
//!   long form when there is room, else a glyph. At most one marker per pixel column.
//! * **Tick lanes** under the plot, drawn only when ticks are few enough to tell apart (at
//!   most 200 and 4 px apart): checkpoints (exact ticks for those that removed WAL, lighter
//!   ticks for the `checkpoint_timeout` schedule, an approximation) and heartbeats (computed
//!   from the connector's running intervals and heartbeat interval, an approximation); the
//!   docs of `src/marks.rs` give the details.
//! * **The time cursor**: a vertical line through plot, lanes and strips, a handle with the
//!   time on the x axis, and dots at the exact values at that instant
//!   (`Report::slot_row`, `Report::pg_wal_bytes_at`).
//! * **Axes**: calendar time steps (seconds … hours, days, weeks; day 0 is a Monday) and
//!   binary byte steps (…, 256 MB, 512 MB, 1 GB, 2 GB, …), labelled through the caller's
//!   formatters.
//!
//! [`draw_scaling_chart`] (module `scaling`) draws lesson 06's picture with the same
//! primitives: throughput per stage with the input marked, and the lag series.
//!
//! ## For backend implementors
//! Text comes as `draw_text` with `VPos::Center` and `HPos::{Left, Center, Right}`, at size
//! `font_px × ChartStyle::backend_text_scale` (1.0 by default: a canvas uses it as CSS
//! pixels; plotters' `SVGBackend` divides by 1.24, so SVG output sets 1.24). The chart never
//! calls `estimate_text_size`. Colours with alpha are used for fills (areas, envelopes, tint,
//! label halos); strokes are plain paths of integer width.
//!
//! ## Cost
//! At most one point per pixel column per series; events found by binary search with a cap
//! per column; ticks computed only inside the window and capped; a few dozen texts. Nothing
//! depends on the heartbeat interval or the length of the event log beyond a logarithm.

mod chart;
mod compare;
mod geometry;
mod marks;
mod paint;
mod scaling;
mod series;
mod text;
mod theme;

pub use chart::draw_wal_chart;
pub use compare::{draw_baseline, draw_wal_chart_compared};
pub use geometry::{bytes_axis, time_step_ms, time_ticks, ChartGeometry, ChartView};
pub use scaling::{
    draw_scaling_chart, draw_scaling_chart_compared, scaling_chart_height_css,
    scaling_chart_height_css_at, scaling_chart_stacked, ScalingChartData, ScalingGeometry,
    StageBar,
};
pub use text::{text_width_px, wal_status_name, ChartText, MarkerLabel, MarkerTexts};
pub use theme::{palette, ChartStyle, ChartTheme, Palette};
