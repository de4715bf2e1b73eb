//! A plotters [`DrawingBackend`] over a `<canvas>` 2D context, sized in device pixels.
//!
//! Why not `plotters-canvas`: it ignores `devicePixelRatio` (blurry on HiDPI screens and
//! projectors) and measures every label through the DOM. Here the caller sizes the canvas
//! backing store to CSS size × `devicePixelRatio`, the charts crate scales fonts and lines by
//! the same factor, and text widths are cached per (font, text) across redraws.

use std::cell::RefCell;
use std::collections::HashMap;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use wal_model::decimal;
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

/// Error type of the canvas backend (a JS exception turned into text).
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasError {}

fn js_err(e: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(
        e.as_string().unwrap_or_else(|| format!("{e:?}")),
    ))
}

/// Text widths measured once per (CSS font, text); kept by the widget across redraws.
pub type TextCache = RefCell<HashMap<(String, String), (u32, u32)>>;

/// Bound on the cache: labels change with zoom; never let it grow without limit.
const TEXT_CACHE_MAX: usize = 512;

/// Polylines at least this long and this thick are stroked slab by slab
/// ([`CanvasBackend::stroke_in_slabs`]); thinner ones measured cheap in one path (0.3 ms).
const SLAB_MIN_POINTS: usize = 64;
const SLAB_MIN_WIDTH_PX: u32 = 2;
/// Width of a slab in device pixels (an integer: slabs meet on pixel edges).
const SLAB_PX: i64 = 32;

/// `points` without the points that add nothing to a path: a repeat of the point before it,
/// and a point on the straight line between its neighbours, going on in the same direction
/// (exact integer test: cross product 0, dot product > 0). The path covers the same pixels
/// with fewer segments (up to the anti-aliasing of a few joint pixels). Why: a series is one
/// point per pixel column, and where it is flat (`pg_wal` at a steady size, a slot whose
/// retained WAL stays put because heartbeats confirm it) hundreds of points lie on one line.
/// Each point is a call from WebAssembly into the canvas, and Chromium's software canvas
/// replays every segment when it rasterizes the frame (the commit). On the 7-day preset the
/// heartbeat slider gives such flat lines for intervals up to about 3 minutes: 4 861 canvas
/// calls per redraw become 775 (see ARCHITECTURE.md, "Interaction latency"). A point where
/// the path turns back on itself is kept (a stroke's end would move).
pub(crate) fn without_collinear(points: &mut Vec<BackendCoord>) {
    let mut kept: usize = 0;
    for i in 0..points.len() {
        let Some(&p) = points.get(i) else {
            break;
        };
        let last = kept.checked_sub(1).and_then(|j| points.get(j)).copied();
        if last == Some(p) {
            continue;
        }
        let before = kept.checked_sub(2).and_then(|j| points.get(j)).copied();
        if let (Some(a), Some(b)) = (before, last) {
            // i128: differences of two i32 fit in 33 bits, their products in 66.
            let (abx, aby) = (
                i128::from(b.0) - i128::from(a.0),
                i128::from(b.1) - i128::from(a.1),
            );
            let (bpx, bpy) = (
                i128::from(p.0) - i128::from(b.0),
                i128::from(p.1) - i128::from(b.1),
            );
            if abx * bpy - aby * bpx == 0 && abx * bpx + aby * bpy > 0 {
                // `b` lies on the way from `a` to `p`: `p` takes its place.
                if let Some(slot) = kept.checked_sub(1).and_then(|j| points.get_mut(j)) {
                    *slot = p;
                }
                continue;
            }
        }
        if let Some(slot) = points.get_mut(kept) {
            *slot = p;
        }
        kept += 1;
    }
    points.truncate(kept);
}

/// Whether a polyline (after [`without_collinear`]: every point a corner) turns often enough,
/// or travels far enough up and down, that slab by slab is the cheaper stroke: at least one
/// corner per 3 px of its width, or a vertical travel of 6 times its width. Measured in
/// Chromium's software canvas on 720-point lines over 1 000 px: a zigzag at every point
/// 2.4–14 ms in one path, 0.9–2.2 in slabs; a spike every 22 px or more (a slot's peaks at
/// a 5-minute heartbeat) 0.1–0.3 ms in one path, 0.3–0.6 in slabs.
fn busy_for_one_path(points: &[BackendCoord]) -> bool {
    let (Some(first), Some(last), true) = (points.first(), points.last(), points.len() >= 2) else {
        return false;
    };
    let extent = (i64::from(last.0) - i64::from(first.0)).abs().max(1);
    let corners = points.len() as i64;
    let travel: i64 = points
        .windows(2)
        .map(|w| match w {
            [a, b] => (i64::from(b.1) - i64::from(a.1)).abs(),
            _ => 0,
        })
        .sum();
    corners.saturating_mul(3) >= extent || travel >= extent.saturating_mul(6)
}

/// The backend: a 2D context and the backing-store size in device pixels.
///
/// Every call into the canvas crosses from WebAssembly to JavaScript, so the backend keeps
/// the styles it last set (and skips setting them again) and batches consecutive line
/// segments of one style into a single path, stroked when anything else is drawn.
pub struct CanvasBackend<'a> {
    context: CanvasRenderingContext2d,
    width_px: u32,
    height_px: u32,
    text_cache: &'a TextCache,
    stroke: Option<(BackendColor, u32)>,
    fill: Option<BackendColor>,
    font: String,
    /// `textAlign` and `textBaseline` as last set (empty: not yet): most labels share them.
    text_align: &'static str,
    text_baseline: &'static str,
    /// Style and offset (px) of the open batch of line segments, if any.
    pending_lines: Option<(BackendColor, u32, f64)>,
}

impl Drop for CanvasBackend<'_> {
    fn drop(&mut self) {
        self.flush_lines();
    }
}

fn same_color(a: BackendColor, b: BackendColor) -> bool {
    a.rgb == b.rgb && a.alpha == b.alpha
}

impl<'a> CanvasBackend<'a> {
    /// Wraps a context whose canvas already has the given backing-store size.
    pub fn new(
        context: CanvasRenderingContext2d,
        width_px: u32,
        height_px: u32,
        text_cache: &'a TextCache,
    ) -> Self {
        context.set_line_join("round");
        Self {
            context,
            width_px,
            height_px,
            text_cache,
            stroke: None,
            fill: None,
            font: String::new(),
            text_align: "",
            text_baseline: "",
            pending_lines: None,
        }
    }

    fn set_stroke(&mut self, color: BackendColor, width: u32) {
        let same = self
            .stroke
            .is_some_and(|(c, w)| w == width && same_color(c, color));
        if !same {
            self.context.set_stroke_style_str(&css_color(color));
            self.context.set_line_width(f64::from(width.max(1)));
            self.stroke = Some((color, width));
        }
    }

    fn set_fill(&mut self, color: BackendColor) {
        if !self.fill.is_some_and(|c| same_color(c, color)) {
            self.context.set_fill_style_str(&css_color(color));
            self.fill = Some(color);
        }
    }

    fn set_font(&mut self, font: String) {
        if self.font != font {
            self.context.set_font(&font);
            self.font = font;
        }
    }

    /// Starts a new path through `points` (after stroking any open batch of lines); returns
    /// false when there are no points.
    fn trace_path(&mut self, points: impl IntoIterator<Item = BackendCoord>) -> bool {
        let mut points = points.into_iter();
        let Some(first) = points.next() else {
            return false;
        };
        self.flush_lines();
        self.context.begin_path();
        self.context.move_to(f64::from(first.0), f64::from(first.1));
        for p in points {
            self.context.line_to(f64::from(p.0), f64::from(p.1));
        }
        true
    }

    /// Strokes a long polyline one vertical slab of the canvas at a time: in each slab, clipped
    /// to it, the runs of segments that can reach it. Each pixel belongs to one slab and gets
    /// the segments (and round joins) that touch it, so the picture is the one-path stroke's,
    /// up to the anti-aliasing of edge pixels (at most a few levels: Skia may pick another
    /// anti-aliasing method for a smaller path). Why: a thick stroke of a long, dense polyline
    /// (a slot's sawtooth, 720 points zigzagging over a hundred pixels) is rasterized as one
    /// outline with hundreds of edges on every scanline — 5–10 ms in software, in the frame
    /// after the input; slab by slab it takes 1–2 ms (see ARCHITECTURE.md, "Interaction
    /// latency").
    fn stroke_in_slabs(&mut self, points: &[BackendCoord], color: BackendColor, width: u32) {
        let xs = points.iter().map(|p| p.0);
        let ys = points.iter().map(|p| p.1);
        let (Some(min_x), Some(max_x), Some(min_y), Some(max_y)) =
            (xs.clone().min(), xs.max(), ys.clone().min(), ys.max())
        else {
            return;
        };
        // How far a segment's ink reaches beyond its end points: half the width (the round
        // join) plus anti-aliasing, with room to spare.
        let reach = i64::from(width) + 2;
        self.flush_lines();
        self.set_stroke(color, width);
        let top = (i64::from(min_y) - reach) as f64;
        let height = (i64::from(max_y) - i64::from(min_y) + 2 * reach) as f64;
        let mut x0 = (i64::from(min_x) - reach).div_euclid(SLAB_PX) * SLAB_PX;
        let end = i64::from(max_x) + reach;
        while x0 <= end {
            let x1 = x0 + SLAB_PX;
            self.context.save();
            self.context.begin_path();
            self.context.rect(x0 as f64, top, SLAB_PX as f64, height);
            self.context.clip();
            self.context.begin_path();
            let mut open = false;
            for pair in points.windows(2) {
                let &[a, b] = pair else {
                    continue;
                };
                let lo = i64::from(a.0.min(b.0)) - reach;
                let hi = i64::from(a.0.max(b.0)) + reach;
                if hi >= x0 && lo < x1 {
                    if !open {
                        self.context.move_to(f64::from(a.0), f64::from(a.1));
                        open = true;
                    }
                    self.context.line_to(f64::from(b.0), f64::from(b.1));
                } else {
                    open = false;
                }
            }
            self.context.stroke();
            self.context.restore();
            x0 = x1;
        }
    }

    /// Adds the segment `from`–`to`, moved by `off` px on both axes, to the open batch of
    /// segments of this style (stroked together by [`Self::flush_lines`]), opening a new
    /// batch if the style or offset differs.
    fn batch_line(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        color: BackendColor,
        width: u32,
        off: f64,
    ) {
        let continues = self
            .pending_lines
            .is_some_and(|(c, w, o)| w == width && o == off && same_color(c, color));
        if !continues {
            self.flush_lines();
            self.set_stroke(color, width);
            self.context.begin_path();
            self.pending_lines = Some((color, width, off));
        }
        self.context
            .move_to(f64::from(from.0) + off, f64::from(from.1) + off);
        self.context
            .line_to(f64::from(to.0) + off, f64::from(to.1) + off);
    }

    /// Strokes the open batch of line segments.
    fn flush_lines(&mut self) {
        if self.pending_lines.take().is_some() {
            self.context.stroke();
        }
    }
}

/// `#rrggbbaa`, written by hand: a chart sets a colour hundreds of times per redraw, and going
/// through `format!` and decimal text for the alpha cost more than the drawing it sets up.
fn css_color(c: BackendColor) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let (r, g, b) = c.rgb;
    // Alpha 0..1 onto 0..255 (NaN → 0, out of range clamped by the cast).
    let a = (c.alpha * 255.0).round() as u8;
    let mut out = String::with_capacity(9);
    out.push('#');
    for byte in [r, g, b, a] {
        for nibble in [byte >> 4, byte & 0xf] {
            if let Some(&h) = HEX.get(usize::from(nibble)) {
                out.push(char::from(h));
            }
        }
    }
    out
}

fn css_font<S: BackendTextStyle>(style: &S) -> String {
    let weight = match style.style() {
        FontStyle::Bold => "bold ",
        FontStyle::Italic => "italic ",
        FontStyle::Oblique => "oblique ",
        FontStyle::Normal => "",
    };
    format!(
        "{weight}{}px {}",
        decimal::fixed(style.size(), 0),
        style.family().as_str()
    )
}

impl DrawingBackend for CanvasBackend<'_> {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.width_px, self.height_px)
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush_lines();
        self.set_fill(color);
        self.context
            .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let (color, width) = (style.color(), style.stroke_width());
        if color.alpha == 0.0 {
            return Ok(());
        }
        // Half-pixel offset keeps odd-width lines crisp.
        let off = if width % 2 == 1 { 0.5 } else { 0.0 };
        self.batch_line(from, to, color, width, off);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush_lines();
        let (x0, y0) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (w, h) = (
            f64::from(bottom_right.0 - upper_left.0),
            f64::from(bottom_right.1 - upper_left.1),
        );
        if fill {
            self.set_fill(style.color());
            self.context.fill_rect(x0, y0, w, h);
        } else {
            self.set_stroke(style.color(), style.stroke_width());
            self.context.stroke_rect(x0, y0, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (color, width) = (style.color(), style.stroke_width());
        let mut points: Vec<BackendCoord> = path.into_iter().collect();
        without_collinear(&mut points);
        if let (&[from, to], true) = (points.as_slice(), color.alpha >= 1.0) {
            // One opaque segment (a grid line, a dash, a tick: hundreds per chart) joins the
            // batch of its style: one stroke for all of them instead of one each, which the
            // canvas rasterizes in the frame's commit. Opaque only: where two segments of one
            // batch overlap, their ink is not laid down twice (with a translucent colour the
            // overlap would come out lighter than two separate strokes).
            self.batch_line(from, to, color, width, 0.0);
        } else if width >= SLAB_MIN_WIDTH_PX
            && points.len() >= SLAB_MIN_POINTS
            && busy_for_one_path(&points)
        {
            self.stroke_in_slabs(&points, color, width);
        } else if self.trace_path(points) {
            self.set_stroke(color, width);
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut points: Vec<BackendCoord> = vert.into_iter().collect();
        without_collinear(&mut points);
        if self.trace_path(points) {
            self.set_fill(style.color());
            self.context.close_path();
            self.context.fill();
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush_lines();
        self.context.begin_path();
        self.context
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(js_err)?;
        if fill {
            self.set_fill(style.color());
            self.context.fill();
        } else {
            self.set_stroke(style.color(), style.stroke_width());
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush_lines();
        let angle = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => std::f64::consts::FRAC_PI_2,
            FontTransform::Rotate180 => std::f64::consts::PI,
            FontTransform::Rotate270 => -std::f64::consts::FRAC_PI_2,
        };
        let anchor = style.anchor();
        let align = match anchor.h_pos {
            HPos::Left => "left",
            HPos::Right => "right",
            HPos::Center => "center",
        };
        if self.text_align != align {
            self.context.set_text_align(align);
            self.text_align = align;
        }
        let baseline = match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        if self.text_baseline != baseline {
            self.context.set_text_baseline(baseline);
            self.text_baseline = baseline;
        }
        self.set_font(css_font(style));
        self.set_fill(color);
        if angle == 0.0 {
            self.context
                .fill_text(text, f64::from(pos.0), f64::from(pos.1))
                .map_err(js_err)?;
        } else {
            self.context.save();
            self.context
                .translate(f64::from(pos.0), f64::from(pos.1))
                .map_err(js_err)?;
            self.context.rotate(angle).map_err(js_err)?;
            self.context.fill_text(text, 0.0, 0.0).map_err(js_err)?;
            self.context.restore();
        }
        Ok(())
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        let font = css_font(style);
        let key = (font, text.to_owned());
        if let Some(size) = self.text_cache.borrow().get(&key) {
            return Ok(*size);
        }
        self.context.set_font(&key.0);
        let metrics = self.context.measure_text(text).map_err(js_err);
        // Put back the font the drawing calls believe is set.
        if self.font != key.0 {
            self.context.set_font(&self.font);
        }
        let metrics = metrics?;
        let size = (
            metrics.width().max(0.0).ceil() as u32,
            style.size().max(0.0).ceil() as u32,
        );
        let mut cache = self.text_cache.borrow_mut();
        if cache.len() >= TEXT_CACHE_MAX {
            cache.clear();
        }
        cache.insert(key, size);
        Ok(size)
    }
}

#[cfg(test)]
mod tests {
    use super::{busy_for_one_path, without_collinear};

    fn simplified(points: &[(i32, i32)]) -> Vec<(i32, i32)> {
        let mut v = points.to_vec();
        without_collinear(&mut v);
        v
    }

    #[test]
    fn a_flat_run_keeps_only_its_ends() {
        // Five points on y = 7, x rising: the three inside add nothing.
        assert_eq!(
            simplified(&[(0, 7), (1, 7), (2, 7), (3, 7), (4, 7)]),
            [(0, 7), (4, 7)]
        );
        // A diagonal run (direction (2, 1) each step) followed by a flat one: the corner at
        // (4, 2) stays, the points inside each run go.
        assert_eq!(
            simplified(&[(0, 0), (2, 1), (4, 2), (5, 2), (9, 2)]),
            [(0, 0), (4, 2), (9, 2)]
        );
    }

    #[test]
    fn repeats_go_and_turns_stay() {
        // (1, 1) twice: one goes; (2, 0) is a turn (cross product (1)(−1) − (1)(1) = −2 ≠ 0).
        assert_eq!(
            simplified(&[(0, 0), (1, 1), (1, 1), (2, 0)]),
            [(0, 0), (1, 1), (2, 0)]
        );
        // Collinear but turning back on itself (dot product (3)(−2) = −6 < 0): kept, a stroke's
        // end at x = 3 would otherwise move.
        assert_eq!(
            simplified(&[(0, 5), (3, 5), (1, 5)]),
            [(0, 5), (3, 5), (1, 5)]
        );
    }

    #[test]
    fn extreme_coordinates_do_not_overflow() {
        // Corner to corner and back: both differences are ±(2^32 − 1) on each axis, so each
        // product in the cross product is (2^32 − 1)^2 ≈ 2^64, beyond i64. Cross product 0,
        // dot product −2 (2^32 − 1)^2 < 0: the path turns back, every point stays.
        let there_and_back = [
            (i32::MIN, i32::MIN),
            (i32::MAX, i32::MAX),
            (i32::MIN, i32::MIN),
        ];
        assert_eq!(simplified(&there_and_back), there_and_back);
        // Through the origin on the diagonal: (0, 0) lies between the corners and goes.
        assert_eq!(
            simplified(&[(i32::MIN, i32::MIN), (0, 0), (i32::MAX, i32::MAX)]),
            [(i32::MIN, i32::MIN), (i32::MAX, i32::MAX)]
        );
    }

    #[test]
    fn short_paths_are_left_alone() {
        assert_eq!(simplified(&[]), []);
        assert_eq!(simplified(&[(3, 4)]), [(3, 4)]);
        assert_eq!(simplified(&[(3, 4), (3, 4)]), [(3, 4)]);
        assert_eq!(simplified(&[(0, 0), (9, 0)]), [(0, 0), (9, 0)]);
    }

    #[test]
    fn slabs_only_for_lines_that_turn_often_or_travel_far() {
        // A zigzag at every point, 2 px apart, 4 px tall (a dense sawtooth): 500 corners over
        // 998 px, 500 × 3 = 1 500 ≥ 998: slabs.
        let zigzag: Vec<(i32, i32)> = (0..500).map(|i| (i * 2, 100 + (i % 2) * 4)).collect();
        assert!(busy_for_one_path(&zigzag));
        // A spike every 22 px (a slot's peaks at a 5-minute heartbeat), 40 px tall: 3 corners
        // per spike, 46 spikes → 138 corners over 1 012 px (138 × 3 = 414 < 1 012), travel
        // 46 × 80 = 3 680 < 6 × 1 012 = 6 072: one path.
        let spikes: Vec<(i32, i32)> = (0..46)
            .flat_map(|k| [(k * 22, 200), (k * 22 + 2, 160), (k * 22 + 4, 200)])
            .chain([(1_012, 200)])
            .collect();
        assert!(!busy_for_one_path(&spikes));
        // The same spikes 80 px tall: travel 46 × 160 = 7 360 ≥ 6 072: slabs.
        let tall: Vec<(i32, i32)> = spikes
            .iter()
            .map(|&(x, y)| (x, if y == 160 { 120 } else { y }))
            .collect();
        assert!(busy_for_one_path(&tall));
        // Nothing, or one point: nothing to stroke in slabs.
        assert!(!busy_for_one_path(&[]));
        assert!(!busy_for_one_path(&[(5, 5)]));
    }
}
