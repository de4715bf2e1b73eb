//! Everything `<cdc-dr-drill>` (lesson 07, issue 9) decides without a browser, over
//! dr-model: the parameter table ([`params::DR_PARAMS`]: incident, versions, intervals), the
//! state that is the permalink ([`state::DrState`]: the parameters plus the lines typed,
//! replayed deterministically by [`drill::Drill`]), the scenarios with their task statements,
//! automatic checks and insert buttons ([`scenarios`]), lesson 07's runbook as a checklist
//! with warnings ([`runbook`]), what the state panels show ([`panels`]), the texts ([`text`]) and the instructor scripts ([`steps`]).
//!
//! ```text
//! attributes / query ─▶ DrState ─drill()─▶ Incident::world + replay(lines) ─▶ Drill
//!                                          Drill ─▶ check / runbook / verification / snippets
//! ```

/// The model crate itself, for views that only depend on widget-core.
pub use dr_model as model;

pub mod drill;
pub mod panels;
pub mod params;
pub mod runbook;
pub mod scenarios;
pub mod state;
pub mod steps;
pub mod text;

pub use drill::{Drill, Entry, STEP_MS};
pub use params::{dr_spec, DrParams, DR_PARAMS};
pub use state::{dr_from_attributes, DrState};
