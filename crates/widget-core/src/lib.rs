//! # widget-core: everything `<cdc-wal-sim>` decides without a browser
//!
//! Pure Rust (no `web-sys`, no `wasm-bindgen`; it compiles for `wasm32-unknown-unknown`), so
//! every decision the widget makes is unit- and property-tested natively:
//!
//! * [`params`] — the one parameter table ([`WAL_PARAMS`]) that drives the sliders, the
//!   `data-*` attributes, the permalink, validation and docs; [`WalParams`] maps a preset to
//!   parameter values and writes the overridden ones back into a `RawScenario`.
//! * [`state`] — [`WalState`], the widget's whole state (the same data as its permalink),
//!   read from attributes ([`from_attributes`]) and the query string
//!   ([`WalState::from_query`]), written to it ([`WalState::to_query`]). Bad input becomes a
//!   [`Problem`] that quotes it, never a panic and never a silent clamp.
//! * [`fmt`] — sizes, rates, durations, instants and plurals in Russian and English, through
//!   the [`NumberFormat`] seam (`Intl` in the browser, [`PlainFormat`] natively).
//! * [`text`] — every UI string, the event log in words, ETAs and the takeaway sentence.
//! * [`configs`] — copyable `postgresql.conf`, connector JSON, worker properties, SQL.
//! * [`registry`] — the list of widgets ([`WIDGETS`]).
//! * [`slider`] — slider positions ↔ parameter values (logarithmic for wide ranges).
//! * [`lang`] — [`Lang`] and [`Theme`].
//!
//! ```text
//! attributes ─┐
//!             ├─▶ WalState ──scenario()──▶ RawScenario ──validate──▶ simulate ──▶ Report
//! query ──────┘      │                                                          │
//!                    └──────────── text / fmt / configs ◀───────────────────────┘
//! ```

pub mod configs;
pub mod fmt;
pub mod lang;
pub mod params;
pub mod problem;
pub mod registry;
pub mod slider;
pub mod state;
pub mod text;

pub use fmt::{
    format_bytes, format_duration_ms, format_duration_words, format_in_words, format_instant_ms,
    format_rate, plural_word, NumberFormat, PlainFormat, PluralCategory,
};
pub use lang::{Lang, Theme};
pub use params::{
    spec, ChoiceSpec, Group, Kind, ParamSpec, ParamValue, Rejection, Unit, WalParams, WAL_PARAMS,
};
pub use problem::Problem;
pub use registry::{WidgetInfo, WIDGETS};
pub use state::{from_attributes, WalState};
