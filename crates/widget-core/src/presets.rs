//! The shipped presets as Rust values, generated at compile time by `build.rs` from
//! `crates/wal-model/presets/*.json` (parsed there with the model's own parser).
//!
//! The browser bundle therefore contains no JSON parser and no preset JSON: [`preset`] builds
//! the [`RawScenario`] with struct literals. The JSON files stay the source of truth (the CLI
//! and the model's tests read them); `tests/presets.rs` checks that every generated scenario
//! equals the parsed one and that [`PRESET_NAMES`] lists `wal_model::presets::PRESETS` in
//! order.

// Which of these a given set of presets needs varies (no preset sets `start_lsn`, say).
#[allow(unused_imports)]
use wal_model::scenario::{
    ActionQuery, LsnFlushMode, Plugin, RawAlerts, RawBurst, RawConnector, RawDisk, RawEvent,
    RawHeartbeat, RawInterval, RawOutput, RawPattern, RawPostgres, RawScenario, RawSlot,
    RawWorkload, TableClass, Text,
};
#[allow(unused_imports)]
use wal_model::Lsn;

/// One out-of-line `String` constructor for every text in the generated code (smaller than
/// inlining an allocation and a copy at each of them).
#[inline(never)]
fn s(text: &str) -> String {
    text.to_owned()
}

include!(concat!(env!("OUT_DIR"), "/presets.rs"));
