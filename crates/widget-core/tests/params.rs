//! The parameter table and its mapping onto scenarios: the table's own rules (keys, labels,
//! ranges), what each preset shows, what `apply` writes (checked by hand against the preset
//! JSON), and that every in-range value on every preset gives a scenario the model accepts
//! and simulates.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use wal_model::presets::PRESETS;
use wal_model::scenario::{ActionQuery, LsnFlushMode, RawPattern, RawScenario, TableClass};
use widget_core::params::{RateShape, OTHER_DATABASE_DEFAULT};
use widget_core::{spec, Kind, Lang, ParamValue, WalParams, WAL_PARAMS};

fn raw(name: &str) -> RawScenario {
    RawScenario::from_json(wal_model::presets::find(name).unwrap().json).unwrap()
}

/// Applies `params` to the preset and checks the model accepts and simulates it.
fn applied(name: &str, params: &WalParams) -> RawScenario {
    let mut r = raw(name);
    params.apply(&mut r);
    let scenario = r
        .validate()
        .unwrap_or_else(|e| panic!("{name} with {:?}: {e}", params.overrides()));
    let report = wal_model::simulate(&scenario);
    assert_eq!(report.scenario, name);
    r
}

#[test]
fn keys_are_unique_kebab_case_and_documented() {
    let mut keys: Vec<&str> = WAL_PARAMS.iter().map(|s| s.key).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), WAL_PARAMS.len(), "duplicate keys");
    for s in WAL_PARAMS {
        let kebab = !s.key.is_empty()
            && !s.key.starts_with('-')
            && !s.key.ends_with('-')
            && !s.key.contains("--")
            && s.key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(kebab, "{} is not kebab-case", s.key);
        // "preset", "lang", "theme", "height", "cursor" and "t" are taken by the state.
        assert!(
            !["preset", "lang", "theme", "height", "cursor", "t"].contains(&s.key),
            "{} clashes with a state key",
            s.key
        );
        for text in [s.label_ru, s.label_en, s.help_ru, s.help_en] {
            assert!(!text.trim().is_empty(), "{} lacks a label or help", s.key);
        }
        // Russian texts are Russian: at least one Cyrillic letter in the help.
        assert!(
            s.help_ru.chars().any(|c| ('а'..='я').contains(&c)),
            "{} help_ru is not Russian",
            s.key
        );
        assert_eq!(s.check(s.fallback), Ok(s.fallback), "{} fallback", s.key);
        match s.kind {
            Kind::Number { min, max, step } => {
                assert!(min < max && step >= 1, "{}", s.key);
                // "a multiple of step" in messages assumes the grid starts on a multiple.
                assert_eq!(min.rem_euclid(step), 0, "{} min off its grid", s.key);
                assert_eq!((max - min) % step, 0, "{} max off its grid", s.key);
            }
            Kind::Choice(choices) => {
                assert!(!choices.is_empty());
                for c in choices {
                    assert!(!c.label_ru.is_empty() && !c.label_en.is_empty());
                }
            }
            Kind::Toggle => {}
        }
        assert!(s.attribute().starts_with("data-"));
        assert_eq!(spec(s.key), Some(s));
        assert!(!s.group.label(Lang::Ru).is_empty() && !s.group.label(Lang::En).is_empty());
    }
    assert!(spec("no-such-key").is_none());
}

#[test]
fn teaching_ranges_are_what_the_issue_asks_for() {
    let range = |k: &str| match spec(k).unwrap().kind {
        Kind::Number { min, max, step } => (min, max, step),
        _ => panic!("{k} is not a number"),
    };
    // 64 MB/s = 64 × 1048576 = 67108864 bytes/s.
    assert_eq!(range("captured-rate"), (0, 67_108_864, 1024));
    assert_eq!(range("other-rate"), (0, 67_108_864, 1024));
    // Heartbeat: 0 = off, up to 1 h = 3600000 ms; Debezium's minimum 100 ms is the grid.
    assert_eq!(range("heartbeat-interval"), (0, 3_600_000, 100));
    assert_eq!(range("max-slot-wal-keep-size").0, -1);
    // 1 h .. 30 days = 720 h.
    assert_eq!(range("duration"), (1, 720, 1));
    assert_eq!(
        spec("warning-threshold").unwrap().fallback,
        ParamValue::Number(1024)
    );
    assert_eq!(
        spec("critical-threshold").unwrap().fallback,
        ParamValue::Number(5120)
    );
    let versions: Vec<&str> = spec("pg-version")
        .unwrap()
        .choices()
        .iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(versions, ["13", "14", "15", "16", "17"]);
}

#[test]
fn shipped_presets_show_values_inside_the_table() {
    for p in PRESETS {
        let params = WalParams::from_scenario(&raw(p.name));
        for s in WAL_PARAMS {
            let v = params.get(s.key).unwrap();
            assert_eq!(s.check(v), Ok(v), "{}: {} = {v}", p.name, s.key);
        }
        assert!(params.overrides().is_empty());
    }
}

#[test]
fn presets_are_read_as_worked_out_by_hand() {
    let n = |p: &WalParams, k: &str| p.number(k).unwrap();
    let c = |p: &WalParams, k: &str| p.get(k).unwrap().as_choice().unwrap();

    // idle-db-no-heartbeat: inventory idle, analytics 1048576 B/s, 72 h, 50 GB disk.
    let p = WalParams::from_scenario(&raw("idle-db-no-heartbeat"));
    assert_eq!(n(&p, "captured-rate"), 0);
    assert_eq!(p.shape("captured-rate").unwrap().rate, RateShape::Absent);
    assert_eq!(n(&p, "other-rate"), 1_048_576);
    assert_eq!(
        p.shape("other-rate").unwrap().database.as_deref(),
        Some("analytics")
    );
    assert_eq!(n(&p, "heartbeat-interval"), 0);
    assert_eq!(c(&p, "heartbeat-query"), "none");
    // 259200000 ms / 3600000 = 72 h.
    assert_eq!(n(&p, "duration"), 72);
    assert_eq!(n(&p, "disk-size"), 51_200);
    // No downtime: outage-hours 0, outage-start the fallback 114 (Friday 18:00).
    assert_eq!(n(&p, "outage-hours"), 0);
    assert_eq!(n(&p, "outage-start"), 114);
    assert_eq!(c(&p, "pg-version"), "15");
    assert_eq!(n(&p, "max-slot-wal-keep-size"), -1);

    // weekend-outage-slot-limit: downtime 410400000..633600000 ms = 114 h .. 176 h → 62 h.
    let p = WalParams::from_scenario(&raw("weekend-outage-slot-limit"));
    assert_eq!(n(&p, "outage-start"), 114);
    assert_eq!(n(&p, "outage-hours"), 62);
    assert_eq!(n(&p, "max-slot-wal-keep-size"), 8192);
    assert!(!p.is_approximate("outage-start"));

    // heartbeat-wrong-database: the action query runs in analytics.
    let p = WalParams::from_scenario(&raw("heartbeat-wrong-database"));
    assert_eq!(c(&p, "heartbeat-database"), "other");
    assert_eq!(c(&p, "heartbeat-query"), "emit_message");
    assert_eq!(n(&p, "heartbeat-interval"), 10_000);

    // heartbeat-fails-after-failover: Debezium 1.9.
    let p = WalParams::from_scenario(&raw("heartbeat-fails-after-failover"));
    assert_eq!(c(&p, "debezium-version"), "1.9");

    // all-changes-filtered: the captured stream writes filtered tables.
    let p = WalParams::from_scenario(&raw("all-changes-filtered"));
    assert_eq!(p.get("captured-filtered"), Some(ParamValue::Toggle(true)));
    assert_eq!(n(&p, "captured-rate"), 1_048_576);

    // month-business-hours: peak 4194304 shown, approximate; two downtimes, first
    // 849600000..860400000 = 236 h .. 239 h → start 236, 3 h; 2592000000 ms = 720 h.
    let p = WalParams::from_scenario(&raw("month-business-hours"));
    assert_eq!(n(&p, "captured-rate"), 4_194_304);
    assert!(p.is_approximate("captured-rate"));
    assert!(!p.is_approximate("other-rate"));
    assert_eq!(
        p.shape("captured-rate").unwrap().rate,
        RateShape::BusinessHours {
            peak_bytes_per_s: 4_194_304,
            off_hours_bytes_per_s: 262_144,
            weekend_bytes_per_s: 65_536,
            start_hour: 9,
            end_hour: 18,
        }
    );
    assert_eq!(n(&p, "other-rate"), 131_072);
    assert_eq!(n(&p, "outage-start"), 236);
    assert_eq!(n(&p, "outage-hours"), 3);
    assert!(p.is_approximate("outage-start"));
    assert_eq!(n(&p, "duration"), 720);

    // bulk-load-burst: the steady 16384 B/s is shown; the burst stream is counted.
    let p = WalParams::from_scenario(&raw("bulk-load-burst"));
    assert_eq!(n(&p, "captured-rate"), 16_384);
    assert_eq!(p.shape("captured-rate").unwrap().burst_streams, 1);
    assert!(!p.is_approximate("captured-rate"));
}

#[test]
fn apply_writes_only_overrides() {
    for p in PRESETS {
        let params = WalParams::from_scenario(&raw(p.name));
        let mut r = raw(p.name);
        params.apply(&mut r);
        assert_eq!(
            r,
            raw(p.name),
            "{}: nothing overridden, nothing changed",
            p.name
        );
    }
}

#[test]
fn setting_the_preset_value_is_no_override_unless_it_only_approximates() {
    let mut p = WalParams::from_scenario(&raw("idle-db-no-heartbeat"));
    p.set("other-rate", ParamValue::Number(1_048_576)).unwrap();
    assert!(!p.is_overridden("other-rate"));
    p.set("other-rate", ParamValue::Number(2_097_152)).unwrap();
    assert!(p.is_overridden("other-rate"));
    p.reset("other-rate").unwrap();
    assert!(!p.is_overridden("other-rate"));

    // The peak of a business-hours load: the same number still makes the load steady.
    let mut p = WalParams::from_scenario(&raw("month-business-hours"));
    p.set("captured-rate", ParamValue::Number(4_194_304))
        .unwrap();
    assert!(p.is_overridden("captured-rate"));
    let r = applied("month-business-hours", &p);
    let inventory: Vec<_> = r
        .workload
        .iter()
        .filter(|w| w.database.as_deref() == Some("inventory"))
        .collect();
    assert_eq!(inventory.len(), 1);
    assert_eq!(
        inventory[0].pattern,
        RawPattern::Steady {
            bytes_per_s: 4_194_304
        }
    );
}

#[test]
fn workload_overrides_map_onto_databases() {
    // idle-db-no-heartbeat has no stream for inventory: captured-rate adds one.
    let mut p = WalParams::from_scenario(&raw("idle-db-no-heartbeat"));
    p.set("captured-rate", ParamValue::Number(65_536)).unwrap();
    p.set("other-rate", ParamValue::Number(0)).unwrap();
    let r = applied("idle-db-no-heartbeat", &p);
    assert_eq!(r.workload.len(), 2);
    assert_eq!(r.workload[0].database.as_deref(), Some("analytics"));
    assert_eq!(r.workload[0].pattern, RawPattern::Steady { bytes_per_s: 0 });
    assert_eq!(r.workload[1].database.as_deref(), Some("inventory"));
    assert_eq!(r.workload[1].tables, TableClass::Captured);
    assert_eq!(
        r.workload[1].pattern,
        RawPattern::Steady {
            bytes_per_s: 65_536
        }
    );

    // weekend-outage-disk-full has only inventory: other-rate creates "analytics".
    let mut p = WalParams::from_scenario(&raw("weekend-outage-disk-full"));
    assert_eq!(p.number("other-rate"), Some(0));
    p.set("other-rate", ParamValue::Number(1024)).unwrap();
    let r = applied("weekend-outage-disk-full", &p);
    assert_eq!(r.workload.len(), 2);
    assert_eq!(
        r.workload[1].database.as_deref(),
        Some(OTHER_DATABASE_DEFAULT)
    );
    assert_eq!(
        r.workload[1].pattern,
        RawPattern::Steady { bytes_per_s: 1024 }
    );

    // bulk-load-burst: the steady part changes, the 20 MB/s burst stays.
    let mut p = WalParams::from_scenario(&raw("bulk-load-burst"));
    p.set("captured-rate", ParamValue::Number(0)).unwrap();
    let r = applied("bulk-load-burst", &p);
    assert_eq!(r.workload[0].pattern, RawPattern::Steady { bytes_per_s: 0 });
    assert!(matches!(&r.workload[1].pattern, RawPattern::Bursts { bursts } if bursts.len() == 1));

    // all-changes-filtered: captured-filtered off makes the stream captured.
    let mut p = WalParams::from_scenario(&raw("all-changes-filtered"));
    p.set("captured-filtered", ParamValue::Toggle(false))
        .unwrap();
    let r = applied("all-changes-filtered", &p);
    assert_eq!(r.workload[0].tables, TableClass::Captured);
}

#[test]
fn connector_overrides_map_onto_the_first_connector() {
    let mut p = WalParams::from_scenario(&raw("idle-db-no-heartbeat"));
    p.set("heartbeat-interval", ParamValue::Number(5_000))
        .unwrap();
    p.set("heartbeat-query", ParamValue::Choice("table_update"))
        .unwrap();
    p.set("heartbeat-database", ParamValue::Choice("other"))
        .unwrap();
    p.set("debezium-version", ParamValue::Choice("3.4"))
        .unwrap();
    p.set("lsn-flush-mode", ParamValue::Choice("connector_and_driver"))
        .unwrap();
    p.set("offset-flush-interval", ParamValue::Number(10_000))
        .unwrap();
    let r = applied("idle-db-no-heartbeat", &p);
    let k = &r.connectors[0];
    assert_eq!(k.heartbeat.interval_ms, 5_000);
    assert_eq!(k.heartbeat.action_query, ActionQuery::TableUpdate);
    assert_eq!(k.heartbeat.target_database.as_deref(), Some("analytics"));
    assert_eq!(k.debezium_version, "3.4");
    assert_eq!(k.lsn_flush_mode, LsnFlushMode::ConnectorAndDriver);
    assert_eq!(k.offset_flush_interval_ms, 10_000);

    // Back to the captured database: target_database None (= the slot's database).
    let mut p = WalParams::from_scenario(&raw("heartbeat-wrong-database"));
    p.set("heartbeat-database", ParamValue::Choice("captured"))
        .unwrap();
    let r = applied("heartbeat-wrong-database", &p);
    assert_eq!(r.connectors[0].heartbeat.target_database, None);
}

#[test]
fn schedule_overrides_replace_downtime_and_cut_at_the_end() {
    // month-business-hours has two downtimes; one override leaves exactly one:
    // start 100 h = 360000000 ms, 5 h later = 378000000 ms.
    let mut p = WalParams::from_scenario(&raw("month-business-hours"));
    p.set("outage-start", ParamValue::Number(100)).unwrap();
    p.set("outage-hours", ParamValue::Number(5)).unwrap();
    let r = applied("month-business-hours", &p);
    let d = &r.connectors[0].downtime;
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].from_ms, d[0].to_ms), (360_000_000, 378_000_000));

    // outage-hours 0 clears the weekend outage.
    let mut p = WalParams::from_scenario(&raw("weekend-outage-slot-limit"));
    p.set("outage-hours", ParamValue::Number(0)).unwrap();
    assert!(applied("weekend-outage-slot-limit", &p).connectors[0]
        .downtime
        .is_empty());

    // Duration 24 h = 86400000 ms < the outage start 114 h: no outage is left, and the
    // 192 h preset becomes 24 h.
    let mut p = WalParams::from_scenario(&raw("weekend-outage-slot-limit"));
    p.set("duration", ParamValue::Number(24)).unwrap();
    let r = applied("weekend-outage-slot-limit", &p);
    assert_eq!(r.duration_ms, 86_400_000);
    assert!(r.connectors[0].downtime.is_empty());

    // An outage from 20 h for 10 h in a 24 h scenario is cut to 20 h .. 24 h
    // = 72000000 .. 86400000 ms.
    p.set("outage-start", ParamValue::Number(20)).unwrap();
    p.set("outage-hours", ParamValue::Number(10)).unwrap();
    let d = applied("weekend-outage-slot-limit", &p).connectors[0]
        .downtime
        .clone();
    assert_eq!((d[0].from_ms, d[0].to_ms), (72_000_000, 86_400_000));

    // heartbeat-fails-after-failover: its heartbeat error at 7200000 ms (2 h) is dropped
    // from a 1 h scenario; the write at 60000 ms stays.
    let mut p = WalParams::from_scenario(&raw("heartbeat-fails-after-failover"));
    p.set("duration", ParamValue::Number(1)).unwrap();
    let r = applied("heartbeat-fails-after-failover", &p);
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].at_ms(), 60_000);

    // bulk-load-burst: its burst runs 50400000..51300000 ms (14:00–14:15); a 14 h
    // scenario ends at 14 × 3600000 = 50400000 ms, where the burst would start: dropped.
    let mut p = WalParams::from_scenario(&raw("bulk-load-burst"));
    p.set("duration", ParamValue::Number(14)).unwrap();
    let r = applied("bulk-load-burst", &p);
    assert!(matches!(&r.workload[1].pattern, RawPattern::Bursts { bursts } if bursts.is_empty()));
}

#[test]
fn postgres_and_disk_overrides_keep_hidden_settings_consistent() {
    // max_wal_size 64 MB is below the preset's min_wal_size 80 MB: min follows it down.
    let mut p = WalParams::from_scenario(&raw("idle-db-no-heartbeat"));
    p.set("max-wal-size", ParamValue::Number(64)).unwrap();
    p.set("pg-version", ParamValue::Choice("13")).unwrap();
    p.set("checkpoint-timeout", ParamValue::Number(30)).unwrap();
    p.set("wal-keep-size", ParamValue::Number(64)).unwrap();
    p.set("max-slot-wal-keep-size", ParamValue::Number(2048))
        .unwrap();
    p.set("disk-size", ParamValue::Number(1024)).unwrap();
    p.set("warning-threshold", ParamValue::Number(100)).unwrap();
    p.set("critical-threshold", ParamValue::Number(200))
        .unwrap();
    let r = applied("idle-db-no-heartbeat", &p);
    let pg = &r.postgres;
    assert_eq!((pg.max_wal_size_mb, pg.min_wal_size_mb), (64, 64));
    assert_eq!(pg.version, 13);
    assert_eq!(pg.checkpoint_timeout_s, 30);
    assert_eq!(pg.wal_keep_size_mb, 64);
    assert_eq!(pg.max_slot_wal_keep_size_mb, 2048);
    assert_eq!(r.disk.size_mb, 1024);
    assert_eq!((r.alerts.warning_mb, r.alerts.critical_mb), (100, 200));
}

#[test]
fn rules_between_parameters_refuse_or_revert() {
    let mut p = WalParams::from_scenario(&raw("idle-db-no-heartbeat"));
    // Warning 6000 MB above the preset's critical 5120 MB: refused, nothing changes.
    let e = p
        .set("warning-threshold", ParamValue::Number(6000))
        .unwrap_err();
    assert_eq!(
        e.message_en,
        "warning-threshold: \"6000\" must be below critical-threshold (5120); using 1024"
    );
    assert!(!p.is_overridden("warning-threshold"));
    // In a batch the order does not matter: both together are fine.
    let problems = p.set_texts([
        ("warning-threshold", "6000"),
        ("critical-threshold", "8000"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(p.number("warning-threshold"), Some(6000));
    // A batch that breaks the rule reverts the key it changed.
    let problems = p.set_texts([("critical-threshold", "10")]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].key, "critical-threshold");
    assert_eq!(p.number("critical-threshold"), Some(8000));
    assert!(problems[0].message_ru.contains("«10»"));

    // connector_and_driver needs 3.4: refused on 2.7, accepted after switching.
    let e = p
        .set("lsn-flush-mode", ParamValue::Choice("connector_and_driver"))
        .unwrap_err();
    assert!(
        e.message_en
            .contains("needs debezium-version 3.4 or newer (now 2.7)"),
        "{e}"
    );
    p.set("debezium-version", ParamValue::Choice("3.4"))
        .unwrap();
    p.set("lsn-flush-mode", ParamValue::Choice("connector_and_driver"))
        .unwrap();
    // ... and then going back to 2.7 is refused.
    assert!(p
        .set("debezium-version", ParamValue::Choice("2.7"))
        .is_err());
    assert_eq!(p.get("debezium-version"), Some(ParamValue::Choice("3.4")));

    // Unknown keys and wrong kinds are problems, not panics.
    assert!(p.set("nope", ParamValue::Number(1)).is_err());
    assert!(p.set("duration", ParamValue::Toggle(true)).is_err());
    assert!(p.set_text("duration", "721").is_err());
}

#[test]
fn checkpoint_estimate_follows_the_arithmetic() {
    // idle-db-no-heartbeat: 1048576 B/s × 72 h × 3600 s = 271790899200 bytes; max_wal_size
    // 1024 MB = 64 segments of 16 MB → 64 × 10 / 19 = 33 segments = 553648128 bytes per
    // checkpoint → 271790899200 / 553648128 = 490.9 → 490.
    let p = WalParams::from_scenario(&raw("idle-db-no-heartbeat"));
    assert_eq!(p.estimated_wal_checkpoints(), 490);
    // Nothing written: no WAL checkpoints.
    let mut p = WalParams::from_scenario(&raw("idle-db-no-heartbeat"));
    p.set("other-rate", ParamValue::Number(0)).unwrap();
    assert_eq!(p.estimated_wal_checkpoints(), 0);
}

fn values_to_try(s: &widget_core::ParamSpec) -> Vec<ParamValue> {
    match s.kind {
        Kind::Number { min, max, .. } => {
            vec![ParamValue::Number(min), ParamValue::Number(max), s.fallback]
        }
        Kind::Toggle => vec![ParamValue::Toggle(false), ParamValue::Toggle(true)],
        Kind::Choice(c) => c.iter().map(|c| ParamValue::Choice(c.value)).collect(),
    }
}

#[test]
fn every_extreme_on_every_preset_validates_and_simulates() {
    for p in PRESETS {
        for s in WAL_PARAMS {
            for v in values_to_try(s) {
                let mut params = WalParams::from_scenario(&raw(p.name));
                // Rules between parameters may refuse a value (e.g. warning = max is above
                // critical): a refused value changes nothing, which must validate too.
                let _ = params.set(s.key, v);
                applied(p.name, &params);
            }
        }
    }
}

fn value_strategy(s: &'static widget_core::ParamSpec) -> BoxedStrategy<String> {
    match s.kind {
        Kind::Number { min, max, step } => (0..=(max - min) / step)
            .prop_map(move |k| (min + k * step).to_string())
            .boxed(),
        Kind::Toggle => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        Kind::Choice(c) => proptest::sample::select(c.iter().map(|c| c.value).collect::<Vec<_>>())
            .prop_map(str::to_string)
            .boxed(),
    }
}

fn overrides_strategy() -> impl Strategy<Value = (usize, Vec<(&'static str, String)>)> {
    let per_param: Vec<_> = WAL_PARAMS
        .iter()
        .map(|s| proptest::option::weighted(0.4, value_strategy(s)).prop_map(move |v| (s.key, v)))
        .collect();
    (0..PRESETS.len(), per_param).prop_map(|(i, vs)| {
        (
            i,
            vs.into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Random in-range values on a random preset: every value the table allows is either
    /// applied or refused by a rule between parameters, and the result always validates and
    /// simulates.
    #[test]
    fn random_in_range_values_validate_and_simulate((preset, items) in overrides_strategy()) {
        let name = PRESETS[preset].name;
        let mut params = WalParams::from_scenario(&raw(name));
        let problems = params.set_texts(items.iter().map(|(k, v)| (*k, v.as_str())));
        // Only rules between parameters can refuse an in-range value.
        for p in &problems {
            let between = ["warning-threshold", "critical-threshold", "lsn-flush-mode", "debezium-version"]
                .contains(&p.key.as_str());
            let too_costly = p.message_en.contains("WAL-triggered checkpoints");
            prop_assert!(between || too_costly, "{}", p.message_en);
        }
        applied(name, &params);
    }
}

/// A combination that would take seconds to simulate is refused with a problem naming the
/// estimate, and the previous value stays.
#[test]
fn too_many_checkpoints_are_refused() {
    use widget_core::params::MAX_ESTIMATED_CHECKPOINTS;
    let mut state = widget_core::WalState::for_preset("month-business-hours").unwrap();
    let before = state.params.get("other-rate");
    // 64 MiB/s for 30 days with max_wal_size = 1 GB: CheckPointSegments = 64 segments / 1.9
    // = 33 segments = 528 MiB, so 64 MiB/s × 2 592 000 s / 528 MiB ≈ 314 000 checkpoints,
    // above the 200 000 limit.
    let err = state
        .params
        .set(
            "other-rate",
            widget_core::ParamValue::Number(64 * 1024 * 1024),
        )
        .unwrap_err();
    assert!(state.params.estimated_wal_checkpoints() <= MAX_ESTIMATED_CHECKPOINTS);
    assert_eq!(state.params.get("other-rate"), before);
    assert!(err.message_en.contains("checkpoints"), "{}", err.message_en);
    assert!(
        err.message_ru.contains("контрольных точек"),
        "{}",
        err.message_ru
    );
}

/// Every preset as shipped stays well under the limit (the busiest, the month with business
/// hours, estimates ~20 000 from its peak rates).
#[test]
fn presets_are_cheap_to_simulate() {
    for name in widget_core::state::preset_names() {
        let state = widget_core::WalState::for_preset(name).unwrap();
        assert!(
            state.params.estimated_wal_checkpoints()
                < widget_core::params::MAX_ESTIMATED_CHECKPOINTS / 5,
            "{name}: {}",
            state.params.estimated_wal_checkpoints()
        );
    }
}
