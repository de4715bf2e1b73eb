//! The presets shipped with the model: JSON scenarios for the incidents lesson 05 teaches.
//! They live in `crates/wal-model/presets/*.json` and are compiled in, so the CLI and the
//! tests all read the same files; the widgets get the same scenarios as Rust values that
//! widget-core's build script generates from these files (no JSON parser in the browser).

use crate::scenario::{from_json, Scenario, ValidationErrors};

/// A preset: its name and JSON text.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Name (also the file name without `.json`).
    pub name: &'static str,
    /// The scenario JSON.
    pub json: &'static str,
}

/// Every shipped preset, in lesson order.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "idle-db-no-heartbeat",
        json: include_str!("../presets/idle-db-no-heartbeat.json"),
    },
    Preset {
        name: "idle-db-heartbeat",
        json: include_str!("../presets/idle-db-heartbeat.json"),
    },
    Preset {
        name: "heartbeat-wrong-database",
        json: include_str!("../presets/heartbeat-wrong-database.json"),
    },
    Preset {
        name: "weekend-outage-slot-limit",
        json: include_str!("../presets/weekend-outage-slot-limit.json"),
    },
    Preset {
        name: "weekend-outage-disk-full",
        json: include_str!("../presets/weekend-outage-disk-full.json"),
    },
    Preset {
        name: "bulk-load-burst",
        json: include_str!("../presets/bulk-load-burst.json"),
    },
    Preset {
        name: "all-changes-filtered",
        json: include_str!("../presets/all-changes-filtered.json"),
    },
    Preset {
        name: "heartbeat-fails-after-failover",
        json: include_str!("../presets/heartbeat-fails-after-failover.json"),
    },
    Preset {
        name: "month-business-hours",
        json: include_str!("../presets/month-business-hours.json"),
    },
];

/// Looks a preset up by name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Loads and validates a preset.
pub fn load(name: &str) -> Option<Result<Scenario, ValidationErrors>> {
    find(name).map(|p| from_json(p.json))
}
