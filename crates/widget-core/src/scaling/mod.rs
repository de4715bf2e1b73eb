//! Everything `<cdc-scaling-calc>` (lesson 06) decides without a browser, built on the same
//! machinery as the WAL widget: a [`ParamSpec`](crate::params::ParamSpec) table
//! ([`params::SCALING_PARAMS`]), a state that is the permalink ([`state::ScalingState`], read
//! from attributes and `<id>.key=value` query pairs, with [`Problem`](crate::Problem)s for bad
//! input), the presets compiled in by `build.rs` ([`presets`]), the texts ([`text`]) and the
//! instructor scripts ([`steps`]: the WAL widget's script shape over a [`steps::ScalingStep`]),
//! the lag → WAL mapping onto `<cdc-wal-sim>`'s state ([`to_wal`]) and the A/B outcome rows
//! ([`compare`]).
//!
//! ```text
//! attributes / query ─▶ ScalingState ─raw()─▶ RawConfig ─validate─▶ Config ─evaluate─▶ Report
//! ```

/// The model crate itself, for views that only depend on widget-core.
pub use scaling_model as model;

pub mod compare;
pub mod params;
pub mod presets;
pub mod state;
pub mod steps;
pub mod text;
pub mod to_wal;

pub use params::{scaling_spec, ScalingParams, SCALING_PARAMS};
pub use presets::{scaling_preset, SCALING_PRESET_NAMES};
pub use state::{scaling_from_attributes, ScalingState};
pub use to_wal::{lag_to_wal, LagToWal};
