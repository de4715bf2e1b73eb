//! Colours and sizes: the three themes (light, dark, projector) and the style a chart is
//! drawn with. Sizes are in backend pixels: the caller multiplies CSS pixels by
//! `devicePixelRatio` (and a presenter factor) through [`ChartStyle::new`]'s `scale`.
//!
//! Colours never carry meaning alone: every threshold line also has its own dash pattern and
//! a label, every `wal_status` band a pattern and a label, every series a label on the line.
//! The series colours follow the Okabe–Ito colour-blind-safe palette.

use plotters::style::RGBColor;
use wal_model::WalStatus;

/// Which page theme the chart follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartTheme {
    /// Dark text on a light page.
    Light,
    /// Light text on a dark page.
    Dark,
    /// High contrast and thicker lines, for a shared screen at the back of a room.
    Projector,
}

/// Every colour the WAL chart uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// Chart background.
    pub background: RGBColor,
    /// Labels and titles.
    pub text: RGBColor,
    /// Secondary text: tick labels, lane names.
    pub text_muted: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Axis lines and checkpoint ticks.
    pub axis: RGBColor,
    /// `pg_wal` size (area and line).
    pub pg_wal: RGBColor,
    /// Per-slot colours, cycled by slot index (an empty list falls back to `text`).
    pub slots: Vec<RGBColor>,
    /// Warning threshold line.
    pub warning: RGBColor,
    /// Critical threshold line.
    pub critical: RGBColor,
    /// `max_wal_size` line.
    pub max_wal_size: RGBColor,
    /// `max_slot_wal_keep_size` line.
    pub max_slot_wal_keep_size: RGBColor,
    /// Capacity of the `pg_wal` volume.
    pub disk: RGBColor,
    /// Time cursor and its handle.
    pub cursor: RGBColor,
    /// Text on the cursor handle.
    pub cursor_text: RGBColor,
    /// `wal_status = reserved` band.
    pub reserved: RGBColor,
    /// `wal_status = extended` band.
    pub extended: RGBColor,
    /// `wal_status = unreserved` band.
    pub unreserved: RGBColor,
    /// `wal_status = lost` band.
    pub lost: RGBColor,
    /// Band patterns (hatching) and band labels.
    pub band_ink: RGBColor,
    /// Tint over the time the server is down, and its marker.
    pub server_down: RGBColor,
}

impl Palette {
    /// The colour of slot `index` (cycled).
    pub fn slot(&self, index: usize) -> RGBColor {
        match self.slots.len() {
            0 => self.text,
            n => self.slots.get(index % n).copied().unwrap_or(self.text),
        }
    }

    /// The band colour of a `wal_status`.
    pub fn band(&self, status: WalStatus) -> RGBColor {
        match status {
            WalStatus::Reserved => self.reserved,
            WalStatus::Extended => self.extended,
            WalStatus::Unreserved => self.unreserved,
            WalStatus::Lost => self.lost,
        }
    }
}

const fn rgb(hex: u32) -> RGBColor {
    RGBColor((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// The palette of a theme.
pub fn palette(theme: ChartTheme) -> Palette {
    match theme {
        ChartTheme::Light => Palette {
            background: rgb(0xFFFFFF),
            text: rgb(0x1F2328),
            text_muted: rgb(0x59636E),
            grid: rgb(0xE4E7EB),
            axis: rgb(0x818B98),
            pg_wal: rgb(0x0072B2),
            slots: vec![rgb(0xD55E00), rgb(0x009E73), rgb(0xCC79A7), rgb(0x8A6A00)],
            warning: rgb(0x9A6700),
            critical: rgb(0xB3122E),
            max_wal_size: rgb(0x57606A),
            max_slot_wal_keep_size: rgb(0x8250DF),
            disk: rgb(0x1F2328),
            cursor: rgb(0x24292F),
            cursor_text: rgb(0xFFFFFF),
            reserved: rgb(0xDAF2E1),
            extended: rgb(0xFCEFC2),
            unreserved: rgb(0xFFD9B8),
            lost: rgb(0xFFC7C7),
            band_ink: rgb(0x24292F),
            server_down: rgb(0x6E7781),
        },
        ChartTheme::Dark => Palette {
            background: rgb(0x161B22),
            text: rgb(0xE6EDF3),
            text_muted: rgb(0x9DA7B3),
            grid: rgb(0x2A313A),
            axis: rgb(0x6E7781),
            pg_wal: rgb(0x56B4E9),
            slots: vec![rgb(0xFF9E57), rgb(0x3FD69A), rgb(0xE79AC8), rgb(0xF0E442)],
            warning: rgb(0xE3B341),
            critical: rgb(0xFF6A8A),
            max_wal_size: rgb(0xA5AFBA),
            max_slot_wal_keep_size: rgb(0xC297FF),
            disk: rgb(0xF0F6FC),
            cursor: rgb(0xF0F6FC),
            cursor_text: rgb(0x0D1117),
            reserved: rgb(0x1D3B2A),
            extended: rgb(0x433613),
            unreserved: rgb(0x57310F),
            lost: rgb(0x5E1F22),
            band_ink: rgb(0xE6EDF3),
            server_down: rgb(0x8B949E),
        },
        ChartTheme::Projector => Palette {
            background: rgb(0xFFFFFF),
            text: rgb(0x000000),
            text_muted: rgb(0x202020),
            grid: rgb(0xC8CCD0),
            axis: rgb(0x404040),
            pg_wal: rgb(0x0050A0),
            slots: vec![rgb(0xC04000), rgb(0x007A55), rgb(0xA0287A), rgb(0x705000)],
            warning: rgb(0x805500),
            critical: rgb(0xC00000),
            max_wal_size: rgb(0x404040),
            max_slot_wal_keep_size: rgb(0x6020C0),
            disk: rgb(0x000000),
            cursor: rgb(0x000000),
            cursor_text: rgb(0xFFFFFF),
            reserved: rgb(0xC4EDCF),
            extended: rgb(0xFBE38E),
            unreserved: rgb(0xFFC08A),
            lost: rgb(0xFF9E9E),
            band_ink: rgb(0x000000),
            server_down: rgb(0x404040),
        },
    }
}

/// How a chart is drawn: colours, font and line sizes in backend pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    /// Colours.
    pub palette: Palette,
    /// CSS font family (the host page's, for example `system-ui, sans-serif`).
    pub font_family: String,
    /// Font size in backend pixels.
    pub font_px: f64,
    /// Width of the series lines in backend pixels (other lines are derived from it).
    pub line_px: f64,
    /// Factor between `font_px` and the size handed to the backend's text style. Plotters'
    /// `SVGBackend` writes `font-size = size / 1.24`, so SVG output wants 1.24; a canvas
    /// backend that uses the size as CSS pixels wants 1.0 (the default).
    pub backend_text_scale: f64,
}

impl ChartStyle {
    /// The style of a theme at a scale (`devicePixelRatio` × presenter factor): 12 CSS px
    /// text, 2 CSS px series lines (3.5 on the projector theme).
    pub fn new(theme: ChartTheme, scale: f64) -> Self {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale.min(16.0)
        } else {
            1.0
        };
        let line_css_px = match theme {
            ChartTheme::Projector => 3.5,
            ChartTheme::Light | ChartTheme::Dark => 2.0,
        };
        ChartStyle {
            palette: palette(theme),
            font_family: "sans-serif".to_string(),
            font_px: 12.0 * scale,
            line_px: line_css_px * scale,
            backend_text_scale: 1.0,
        }
    }

    /// Font size clamped to something drawable (public fields may hold anything).
    pub(crate) fn font(&self) -> f64 {
        if self.font_px.is_finite() && self.font_px >= 1.0 {
            self.font_px.min(200.0)
        } else {
            12.0
        }
    }

    /// Line width clamped to something drawable.
    pub(crate) fn line(&self) -> f64 {
        if self.line_px.is_finite() && self.line_px >= 0.5 {
            self.line_px.min(50.0)
        } else {
            2.0
        }
    }

    /// The size handed to the backend for a text of `font_px` layout pixels.
    pub(crate) fn backend_size(&self, font_px: f64) -> f64 {
        let k = if self.backend_text_scale.is_finite() && self.backend_text_scale > 0.0 {
            self.backend_text_scale.min(4.0)
        } else {
            1.0
        };
        font_px * k
    }
}
