//! The presets compiled in by `build.rs` are exactly the shipped preset JSON: every generated
//! `RawScenario` equals the one the model's parser reads from the file, and the generated
//! name list is `wal_model::presets::PRESETS` in the same order.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use wal_model::presets::PRESETS;
use wal_model::RawScenario;
use widget_core::presets::{preset, PRESET_NAMES};
use widget_core::state::preset_raw;

#[test]
fn generated_names_are_the_shipped_presets_in_order() {
    let shipped: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    assert_eq!(PRESET_NAMES, shipped.as_slice());
}

#[test]
fn every_generated_preset_equals_its_parsed_json() {
    for p in PRESETS {
        let parsed = RawScenario::from_json(p.json)
            .unwrap_or_else(|e| panic!("preset {} does not parse: {e}", p.name));
        let generated = preset(p.name).unwrap_or_else(|| panic!("{} not generated", p.name));
        assert_eq!(generated, parsed, "preset {}", p.name);
        assert_eq!(preset_raw(p.name), Some(parsed), "preset {}", p.name);
    }
}

#[test]
fn unknown_names_have_no_preset() {
    assert_eq!(preset("no-such-preset"), None);
    assert_eq!(preset(""), None);
}
