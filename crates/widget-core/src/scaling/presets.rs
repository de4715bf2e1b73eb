//! The shipped scaling presets as Rust values, generated at compile time by `build.rs`
//! (`build_scaling.rs`) from `presets/scaling/*.json`, parsed there with scaling-model's own
//! parser: the browser bundle links no JSON parser. `tests/scaling.rs` checks every generated
//! config equals the parsed JSON.

#[allow(unused_imports)]
use scaling_model::{
    RawCalibration, RawComparison, RawConfig, RawConnector, RawKafka, RawKafkaConnect, RawProfile,
    RawServer, RawSimulation, RawSource, RawTableSet,
};

#[inline(never)]
fn s(text: &str) -> String {
    text.to_owned()
}

include!(concat!(env!("OUT_DIR"), "/scaling_presets.rs"));
