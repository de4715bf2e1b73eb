//! The words on the chart, all supplied by the caller (the chart has no i18n of its own),
//! and a cheap text-width estimate used for layout.
//!
//! The layout never asks the backend to measure text: plotters' browser font code measures
//! through the DOM, which is slow, and the estimate keeps native SVG and canvas layouts
//! identical. It errs on the wide side for proportional sans-serif fonts, so labels get a
//! little more room than they need rather than overlap.

use wal_model::WalStatus;

/// A marker's text: a one-glyph form for crowded places and a longer one when there is room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerLabel {
    /// One glyph (or a very short word), e.g. `■`.
    pub short: String,
    /// The glyph with a word, e.g. `■ STOPPED`.
    pub long: String,
}

impl MarkerLabel {
    /// A marker label from its two forms.
    pub fn new(short: &str, long: &str) -> Self {
        MarkerLabel {
            short: short.to_string(),
            long: long.to_string(),
        }
    }
}

/// Texts of the event markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerTexts {
    /// A connector (task) started or restarted streaming.
    pub connector_running: MarkerLabel,
    /// A connector was stopped.
    pub connector_stopped: MarkerLabel,
    /// A connector's task is FAILED.
    pub connector_failed: MarkerLabel,
    /// A connector waits to restart after a retriable error.
    pub connector_restarting: MarkerLabel,
    /// A checkpoint invalidated a slot (`wal_status = lost`).
    pub slot_invalidated: MarkerLabel,
    /// Changes were skipped between the old offset and a recreated slot.
    pub data_gap: MarkerLabel,
}

/// Every string the chart draws, and the formatters of its numbers.
pub struct ChartText<'a> {
    /// Title over the y axis (what the bytes are).
    pub y_title: String,
    /// Label of the `pg_wal` size series.
    pub pg_wal: String,
    /// Label of a slot's retained-WAL series, from the slot name
    /// (`debezium` → `удерживает слот debezium`).
    pub slot_label: &'a dyn Fn(&str) -> String,
    /// Name of the warning threshold; the chart appends `format_bytes(value)`.
    pub warning: String,
    /// Name of the critical threshold (value appended).
    pub critical: String,
    /// Name of the `max_wal_size` line (value appended).
    pub max_wal_size: String,
    /// Name of the `max_slot_wal_keep_size` line (value appended).
    pub max_slot_wal_keep_size: String,
    /// Name of the disk-capacity line (value appended): the `pg_wal` volume minus other files.
    pub disk: String,
    /// Text of the server-down marker, e.g. `PostgreSQL остановлен`.
    pub server_down: String,
    /// Name of the `wal_status` values as drawn in the bands (PostgreSQL's own words).
    pub wal_status: &'a dyn Fn(WalStatus) -> String,
    /// Event marker texts.
    pub markers: MarkerTexts,
    /// Name of the checkpoint tick lane (shown only when ticks are drawn).
    pub checkpoints: String,
    /// Name of the heartbeat tick lane (shown only when ticks are drawn).
    pub heartbeats: String,
    /// Byte values: axis ticks, threshold values, off-scale labels.
    pub format_bytes: &'a dyn Fn(u64) -> String,
    /// Instants (ms since the scenario start): axis ticks and the cursor handle.
    pub format_time: &'a dyn Fn(u64) -> String,
}

impl std::fmt::Debug for ChartText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChartText")
            .field("y_title", &self.y_title)
            .field("pg_wal", &self.pg_wal)
            .field("warning", &self.warning)
            .field("critical", &self.critical)
            .field("max_wal_size", &self.max_wal_size)
            .field("max_slot_wal_keep_size", &self.max_slot_wal_keep_size)
            .field("disk", &self.disk)
            .field("server_down", &self.server_down)
            .field("markers", &self.markers)
            .finish_non_exhaustive()
    }
}

/// `wal_status` as `pg_replication_slots` prints it (for [`ChartText::wal_status`]).
pub fn wal_status_name(status: WalStatus) -> String {
    status.as_str().to_string()
}

impl<'a> ChartText<'a> {
    /// The course's Russian texts around caller-supplied formatters and slot label
    /// (`wal_status` values and Kafka Connect states stay in English, as the tools print them).
    pub fn russian(
        format_bytes: &'a dyn Fn(u64) -> String,
        format_time: &'a dyn Fn(u64) -> String,
        slot_label: &'a dyn Fn(&str) -> String,
    ) -> Self {
        ChartText {
            y_title: "WAL, байты".to_string(),
            pg_wal: "pg_wal".to_string(),
            slot_label,
            warning: "предупреждение".to_string(),
            critical: "критично".to_string(),
            max_wal_size: "max_wal_size".to_string(),
            max_slot_wal_keep_size: "max_slot_wal_keep_size".to_string(),
            disk: "диск".to_string(),
            server_down: "PostgreSQL остановлен".to_string(),
            wal_status: &wal_status_name,
            markers: MarkerTexts {
                connector_running: MarkerLabel::new("▶", "▶ RUNNING"),
                connector_stopped: MarkerLabel::new("■", "■ STOPPED"),
                connector_failed: MarkerLabel::new("✖", "✖ FAILED"),
                connector_restarting: MarkerLabel::new("↻", "↻ RESTARTING"),
                slot_invalidated: MarkerLabel::new("✕", "✕ слот потерян"),
                data_gap: MarkerLabel::new("!", "! пропуск данных"),
            },
            checkpoints: "checkpoint".to_string(),
            heartbeats: "heartbeat".to_string(),
            format_bytes,
            format_time,
        }
    }
}

impl<'a> ChartText<'a> {
    /// The same texts in English (the widgets' `data-lang="en"`).
    pub fn english(
        format_bytes: &'a dyn Fn(u64) -> String,
        format_time: &'a dyn Fn(u64) -> String,
        slot_label: &'a dyn Fn(&str) -> String,
    ) -> Self {
        ChartText {
            y_title: "WAL, bytes".to_string(),
            warning: "warning".to_string(),
            critical: "critical".to_string(),
            disk: "disk".to_string(),
            server_down: "PostgreSQL stopped".to_string(),
            markers: MarkerTexts {
                slot_invalidated: MarkerLabel::new("✕", "✕ slot lost"),
                data_gap: MarkerLabel::new("!", "! data gap"),
                ..ChartText::russian(format_bytes, format_time, slot_label).markers
            },
            ..ChartText::russian(format_bytes, format_time, slot_label)
        }
    }
}

/// Estimated advance width of `text` at `font_px`, in pixels (see the module docs).
pub fn text_width_px(text: &str, font_px: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' => 0.3,
            ' ' => 0.3,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.4,
            '_' => 0.55,
            'm' | 'w' | 'M' | 'W' | 'ш' | 'щ' | 'ж' | 'ы' | 'ю' | 'м' | 'Ш' | 'Щ' | 'Ж' | 'Ю'
            | 'Ы' | 'М' => 0.88,
            '0'..='9' => 0.58,
            'A'..='Z' | 'А'..='Я' | 'Ё' => 0.7,
            c if (c as u32) >= 0x2000 => 1.0,
            _ => 0.58,
        })
        .sum();
    em * font_px
}
