//! `<cdc-scaling-calc>`'s pure part: the parameter table over scaling-model's `RawConfig`,
//! hand-worked outcomes (tasks.max on PostgreSQL, the 7,000 events/s calibration binding at
//! 10,000 events/s), the compiled-in presets against their JSON, the bad-input contract and
//! the permalink round trip.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use scaling_model::{ConstraintKind, RawConfig};
use widget_core::scaling::text::{binding_sentence, tasks_notes, what_would_help};
use widget_core::scaling::{
    scaling_from_attributes, scaling_preset, ScalingState, SCALING_PARAMS, SCALING_PRESET_NAMES,
};
use widget_core::{Group, Kind, Lang, ParamValue, PlainFormat};

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn steady(rate: &str) -> ScalingState {
    let (s, problems) = scaling_from_attributes([("data-profile", "steady"), ("data-rate", rate)]);
    assert!(problems.is_empty(), "{problems:?}");
    s
}

#[test]
fn generated_presets_equal_the_json() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../presets/scaling");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let parsed = RawConfig::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(scaling_preset(&name), Some(parsed), "{name}");
        count += 1;
    }
    assert_eq!(count, SCALING_PRESET_NAMES.len());
    assert_eq!(SCALING_PRESET_NAMES.first(), Some(&"default"));
}

#[test]
fn every_preset_evaluates_with_no_overrides() {
    for name in SCALING_PRESET_NAMES {
        let s = ScalingState::for_preset(name).unwrap();
        assert!(s.params.overrides().is_empty());
        s.report().unwrap();
    }
}

#[test]
fn wal_groups_are_unchanged_and_scaling_has_its_own() {
    assert_eq!(
        Group::ALL,
        [
            Group::Workload,
            Group::Postgres,
            Group::Debezium,
            Group::Schedule,
            Group::Disk,
            Group::Alerts
        ]
    );
    for spec in SCALING_PARAMS {
        assert!(Group::SCALING.contains(&spec.group), "{}", spec.key);
        assert!(spec.check(spec.fallback).is_ok(), "{}", spec.key);
    }
}

#[test]
fn tasks_max_4_on_postgresql_still_runs_one_task() {
    let (s, problems) = scaling_from_attributes([("data-tasks-max", "4")]);
    assert!(problems.is_empty(), "{problems:?}");
    let r = s.report().unwrap();
    assert_eq!(r.connectors.len(), 1);
    assert_eq!(r.connectors[0].tasks_max, 4);
    assert_eq!(r.connectors[0].tasks_running, 1);
    let notes = tasks_notes(&r, Lang::Ru);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("одну задачу"), "{notes:?}");
    // The generated JSON does say tasks.max = 4 (the connector accepts it).
    assert_eq!(
        r.connector_configs[0]
            .config
            .get("tasks.max")
            .map(String::as_str),
        Some("4")
    );
}

#[test]
fn calibration_7000_binds_the_single_task_at_10000_events_per_s() {
    // Default preset: 1 KB events, default queue settings → one task does exactly the
    // calibration's 7 000 events/s; the walsender (50 MB/s ≈ 51 200 events/s), Kafka
    // (100 MB/s) and the consumer (10 000 events/s) are all above it.
    let s = steady("10000");
    let r = s.report().unwrap();
    assert_eq!(r.binding.kind, ConstraintKind::ConnectorTask);
    assert!(!r.binding.keeping_up);
    assert!((r.binding.saturation_input_events_per_s - 7000.0).abs() < 1.0);
    let ru = binding_sentence(&r, &PlainFormat(Lang::Ru));
    assert!(ru.contains("единственная задача коннектора"), "{ru}");
    assert!(ru.contains("7\u{a0}000 событий/с"), "{ru}");
    assert!(ru.contains("3\u{a0}000 событий/с"), "{ru}");
    let en = binding_sentence(&r, &PlainFormat(Lang::En));
    assert!(en.contains("7,000 events/s"), "{en}");
    assert!(what_would_help(&r, Lang::Ru).starts_with("Что поможет сейчас:"));
    // At 6 000 events/s the same setup keeps up.
    let r = steady("6000").report().unwrap();
    assert!(r.binding.keeping_up);
    // Doubling the assumption moves the limit with it.
    let mut s = steady("10000");
    s.set("calibration", ParamValue::Number(14_000)).unwrap();
    let r = s.report().unwrap();
    assert!(r.binding.keeping_up, "{:?}", r.binding);
}

#[test]
fn connectors_split_the_table_sets() {
    let mut s = steady("10000");
    s.set("connectors", ParamValue::Number(4)).unwrap();
    let raw = s.raw();
    assert_eq!(raw.connectors.len(), 4);
    let slots: Vec<_> = raw.connectors.iter().map(|c| c.slot_name.clone()).collect();
    assert_eq!(
        slots,
        ["shop_cdc_1", "shop_cdc_2", "shop_cdc_3", "shop_cdc_4"].map(|x| Some(x.to_string()))
    );
    let r = s.report().unwrap();
    assert_eq!(r.connector_configs.len(), 4);
    assert_ne!(r.binding.kind, ConstraintKind::ConnectorTask);
    // More connectors than table sets: one per set.
    s.set("connectors", ParamValue::Number(8)).unwrap();
    assert_eq!(s.raw().connectors.len(), 4);
}

#[test]
fn sqlserver_and_profiles_validate() {
    for profile in ["steady", "daily", "burst"] {
        for kind in ["postgresql", "sqlserver"] {
            let (s, problems) =
                scaling_from_attributes([("data-profile", profile), ("data-connector-kind", kind)]);
            assert!(problems.is_empty(), "{profile} {kind}: {problems:?}");
            s.report().unwrap();
        }
    }
}

#[test]
fn bad_values_are_named_and_fall_back() {
    let (s, problems) = scaling_from_attributes([
        ("data-tasks-max", "lots"),
        ("data-rate", "-5"),
        ("data-nope", "<b>x</b>"),
        ("data-preset", "nope"),
    ]);
    assert_eq!(s.preset, "default");
    assert!(s.params.overrides().is_empty());
    let text: Vec<&str> = problems.iter().map(|p| p.message(Lang::En)).collect();
    assert_eq!(problems.len(), 4, "{text:?}");
    assert!(text
        .iter()
        .any(|m| m.contains("\"lots\" is not an integer")));
    assert!(text
        .iter()
        .any(|m| m.contains("\"-5\" is not between 0 and 200000")));
    assert!(text.iter().any(|m| m.starts_with("data-nope")));
    assert!(text.iter().any(|m| m.contains("\"nope\" is not a preset")));
}

#[test]
fn combinations_the_model_rejects_are_refused_with_its_reason() {
    // max.batch.size must stay below max.queue.size (8192 by default).
    let (s, problems) = scaling_from_attributes([("data-max-batch-size", "8192")]);
    assert_eq!(s.params.number("max-batch-size"), Some(2048));
    assert_eq!(problems.len(), 1);
    let m = problems[0].message(Lang::En);
    assert!(
        m.starts_with("max-batch-size: \"8192\" does not fit"),
        "{m}"
    );
    assert!(m.contains("using 2048"), "{m}");
    // Together with a larger queue it is fine, whatever the order.
    let (s, problems) = scaling_from_attributes([
        ("data-max-batch-size", "8192"),
        ("data-max-queue-size", "16384"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(s.params.number("max-batch-size"), Some(8192));
    // A single refused step keeps the old state.
    let mut s = ScalingState::default();
    let before = s.clone();
    assert!(s.set("max-batch-size", ParamValue::Number(8192)).is_err());
    assert_eq!(s, before);
}

#[test]
fn link_overrides_attributes_and_names_other_ids_nothing() {
    let (base, _) = scaling_from_attributes([("data-tasks-max", "2")]);
    let (s, problems) = ScalingState::from_query(
        &base,
        &pairs(&[
            ("scale.consumers", "3"),
            ("other.consumers", "9"),
            ("scale.zzz", "1"),
        ]),
        "scale",
    );
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message(Lang::En).starts_with("scale.zzz"));
    assert_eq!(s.params.number("consumers"), Some(3));
    assert_eq!(s.params.number("tasks-max"), Some(2));
    // A link naming a preset replaces the attributes' parameters.
    let (s, _) = ScalingState::from_query(&base, &pairs(&[("scale.preset", "default")]), "scale");
    assert_eq!(s.params.number("tasks-max"), Some(1));
}

fn value_strategy() -> impl Strategy<Value = (usize, i64)> {
    (0..SCALING_PARAMS.len(), 0..10_000i64)
}

proptest! {
    #[test]
    fn permalink_round_trips(
        preset in 0..SCALING_PRESET_NAMES.len(),
        changes in proptest::collection::vec(value_strategy(), 0..6),
    ) {
        let mut s = ScalingState::for_preset(SCALING_PRESET_NAMES[preset]).unwrap();
        for (i, n) in changes {
            let spec = &SCALING_PARAMS[i];
            let value = match spec.kind {
                Kind::Number { min, max, step } => {
                    let steps = (max - min) / step;
                    ParamValue::Number(min + (n % (steps + 1)) * step)
                }
                Kind::Choice(c) => ParamValue::Choice(c[(n as usize) % c.len()].value),
                Kind::Toggle => ParamValue::Toggle(n % 2 == 0),
            };
            let _ = s.set(spec.key, value);
        }
        prop_assert!(s.config().is_ok());
        let q = s.to_query("scale");
        let (back, problems) = ScalingState::from_query(&ScalingState::default(), &q, "scale");
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(back, s);
    }

    #[test]
    fn garbage_never_panics_and_always_validates(
        items in proptest::collection::vec(("[a-z-]{1,16}", "\\PC{0,12}"), 0..8),
    ) {
        let attrs: Vec<(String, String)> =
            items.iter().map(|(k, v)| (format!("data-{k}"), v.clone())).collect();
        let (s, _) = scaling_from_attributes(attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        prop_assert!(s.config().is_ok());
        let (s, _) = ScalingState::from_query(&s, &items, "");
        prop_assert!(s.config().is_ok());
    }
}

#[test]
fn connector_json_is_valid_json_equal_to_the_model() {
    let mut s = steady("10000");
    s.set("connectors", ParamValue::Number(2)).unwrap();
    let r = s.report().unwrap();
    for rest in &r.connector_configs {
        let text = widget_core::scaling::text::connector_json(rest);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["name"], rest.name.as_str());
        assert_eq!(v["config"].as_object().unwrap().len(), rest.config.len());
        for (k, val) in &rest.config {
            assert_eq!(v["config"][*k], val.as_str());
        }
    }
}
