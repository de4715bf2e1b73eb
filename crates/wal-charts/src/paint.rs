//! Drawing primitives on a generic plotters `DrawingArea`: polylines, rectangles, polygons,
//! dashed lines and hatching drawn as plain paths (no plotters series or fonts needed),
//! text with a halo box, and a tiny label placer that keeps labels from overlapping.

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBAColor, ShapeStyle, TextStyle};

use crate::text::text_width_px;
use crate::theme::ChartStyle;

/// The error of a drawing operation on backend `DB`.
pub(crate) type DrawError<DB> = DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>;
/// The result of a drawing operation on backend `DB`.
pub(crate) type DrawResult<DB> = Result<(), DrawError<DB>>;

/// A pixel coordinate as the backend wants it (rounded, kept in a sane range).
pub(crate) fn px(v: f64) -> i32 {
    if v.is_nan() {
        0
    } else {
        v.round().clamp(-1_000_000.0, 1_000_000.0) as i32
    }
}

/// A stroke width in whole pixels, at least 1.
pub(crate) fn stroke(w: f64) -> u32 {
    if w.is_finite() {
        w.round().clamp(1.0, 64.0) as u32
    } else {
        1
    }
}

/// An axis-aligned box in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BoxPx {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BoxPx {
    fn overlaps(&self, o: &BoxPx) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    fn inside(&self, o: &BoxPx) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }
}

/// Remembers where labels went; refuses a box that overlaps one or leaves the bounds.
#[derive(Debug)]
pub(crate) struct Placer {
    bounds: BoxPx,
    placed: Vec<BoxPx>,
}

impl Placer {
    pub(crate) fn new(bounds: BoxPx) -> Self {
        Placer {
            bounds,
            placed: Vec::new(),
        }
    }

    /// Takes the box if it is free.
    pub(crate) fn take(&mut self, b: BoxPx) -> bool {
        if !b.inside(&self.bounds) || self.placed.iter().any(|p| p.overlaps(&b)) {
            return false;
        }
        self.placed.push(b);
        true
    }

    /// True if the box lies within the bounds (whatever it overlaps).
    pub(crate) fn fits(&self, b: &BoxPx) -> bool {
        b.inside(&self.bounds)
    }

    /// How much of the box (area, px²) is already used by placed boxes.
    pub(crate) fn overlap(&self, b: &BoxPx) -> f64 {
        self.placed
            .iter()
            .map(|p| {
                let w = (b.x1.min(p.x1) - b.x0.max(p.x0)).max(0.0);
                let h = (b.y1.min(p.y1) - b.y0.max(p.y0)).max(0.0);
                w * h
            })
            .sum()
    }

    /// Marks a box as used whatever overlaps it.
    pub(crate) fn reserve(&mut self, b: BoxPx) {
        self.placed.push(b);
    }
}

/// A text to lay out: its anchor point and alignment.
#[derive(Clone, Copy)]
pub(crate) struct Anchor {
    pub x: f64,
    pub y: f64,
    pub h: HPos,
}

/// Draws on one area with one style.
pub(crate) struct Painter<'a, DB: DrawingBackend> {
    pub area: &'a DrawingArea<DB, Shift>,
    pub style: &'a ChartStyle,
}

impl<DB: DrawingBackend> Painter<'_, DB> {
    /// A polyline.
    pub(crate) fn line(&self, pts: &[(f64, f64)], color: RGBAColor, width: f64) -> DrawResult<DB> {
        if pts.is_empty() {
            return Ok(());
        }
        let path: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area.draw(&PathElement::new(
            path,
            ShapeStyle {
                color,
                filled: false,
                stroke_width: stroke(width),
            },
        ))
    }

    /// A filled rectangle (corners in any order).
    pub(crate) fn rect(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: RGBAColor,
    ) -> DrawResult<DB> {
        let (a, b) = (px(x0.min(x1)), px(x0.max(x1)));
        let (c, d) = (px(y0.min(y1)), px(y0.max(y1)));
        if a == b || c == d {
            return Ok(());
        }
        self.area
            .draw(&Rectangle::new([(a, c), (b, d)], color.filled()))
    }

    /// A filled polygon.
    pub(crate) fn polygon(&self, pts: &[(f64, f64)], color: RGBAColor) -> DrawResult<DB> {
        if pts.len() < 3 {
            return Ok(());
        }
        let path: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area.draw(&Polygon::new(path, color.filled()))
    }

    /// A filled circle.
    pub(crate) fn dot(&self, x: f64, y: f64, r: f64, color: RGBAColor) -> DrawResult<DB> {
        self.area
            .draw(&Circle::new((px(x), px(y)), px(r.max(1.0)), color.filled()))
    }

    /// A horizontal line from `x0` to `x1` with a dash pattern (on, off, on, off, … pixels;
    /// empty = solid).
    pub(crate) fn dashed_hline(
        &self,
        x0: f64,
        x1: f64,
        y: f64,
        pattern: &[f64],
        color: RGBAColor,
        width: f64,
    ) -> DrawResult<DB> {
        let period: f64 = pattern.iter().sum();
        if pattern.is_empty() || period.is_nan() || period < 2.0 {
            return self.line(&[(x0, y), (x1, y)], color, width);
        }
        let mut x = x0;
        let mut i = 0usize;
        // Bounded: a period of at least 2 px over a line of at most a few thousand px.
        let mut guard = 0;
        while x < x1 && guard < 10_000 {
            let len = pattern
                .get(i % pattern.len())
                .copied()
                .unwrap_or(1.0)
                .max(1.0);
            let end = (x + len).min(x1);
            if i % 2 == 0 {
                self.line(&[(x, y), (end, y)], color, width)?;
            }
            x = end;
            i += 1;
            guard += 1;
        }
        Ok(())
    }

    /// A zigzag between `y0` and `y1` from `x0` to `x1` with the given period: one path.
    /// One zigzag is diagonal hatching; two, half a period apart, cross-hatching.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn zigzag(
        &self,
        x0: f64,
        x1: f64,
        y0: f64,
        y1: f64,
        period: f64,
        start_low: bool,
        color: RGBAColor,
        width: f64,
    ) -> DrawResult<DB> {
        let half = (period / 2.0).max(1.0);
        if x1 <= x0 {
            return Ok(());
        }
        let mut pts = Vec::with_capacity(((x1 - x0) / half) as usize + 2);
        let mut x = x0;
        let mut low = start_low;
        while x < x1 && pts.len() < 20_000 {
            pts.push((x, if low { y1 } else { y0 }));
            x += half;
            low = !low;
        }
        // Last point on the edge, interpolated.
        if let Some(&(lx, ly)) = pts.last() {
            let target = if low { y1 } else { y0 };
            let f = ((x1 - lx) / half).clamp(0.0, 1.0);
            pts.push((x1, ly + (target - ly) * f));
        }
        self.line(&pts, color, width)
    }

    fn text_style(&self, size_px: f64, color: RGBAColor, h: HPos) -> TextStyle<'_> {
        let font = FontDesc::new(
            FontFamily::Name(&self.style.font_family),
            self.style.backend_size(size_px),
            FontStyle::Normal,
        );
        let mut t = TextStyle::from(font).pos(Pos::new(h, VPos::Center));
        t.color = color.to_backend_color();
        t
    }

    /// The box a text would occupy (estimated).
    pub(crate) fn text_box(&self, s: &str, a: Anchor, size_px: f64) -> BoxPx {
        let w = text_width_px(s, size_px);
        let h = size_px * 1.25;
        let x0 = match a.h {
            HPos::Left => a.x,
            HPos::Center => a.x - w / 2.0,
            HPos::Right => a.x - w,
        };
        BoxPx {
            x0: x0 - 2.0,
            y0: a.y - h / 2.0,
            x1: x0 + w + 2.0,
            y1: a.y + h / 2.0,
        }
    }

    /// A text, vertically centred on the anchor.
    pub(crate) fn text(
        &self,
        s: &str,
        a: Anchor,
        size_px: f64,
        color: RGBAColor,
    ) -> DrawResult<DB> {
        if s.is_empty() {
            return Ok(());
        }
        let style = self.text_style(size_px, color, a.h);
        self.area
            .draw(&Text::new(s.to_string(), (px(a.x), px(a.y)), style))
    }

    /// A text on a box of `halo` (the background, so lines under it do not hide it).
    pub(crate) fn text_on(
        &self,
        s: &str,
        a: Anchor,
        size_px: f64,
        color: RGBAColor,
        halo: RGBAColor,
    ) -> DrawResult<DB> {
        if s.is_empty() {
            return Ok(());
        }
        let b = self.text_box(s, a, size_px);
        self.rect(b.x0, b.y0, b.x1, b.y1, halo)?;
        self.text(s, a, size_px, color)
    }
}
