//! Property tests: bounds, monotonicity, finiteness, determinism, and rejection of bad input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use scaling_model::{evaluate, RawConfig, Report, StageKind};
use serde_json::{json, Value};

/// A random valid config as JSON.
fn valid_config() -> impl Strategy<Value = Value> {
    let table_sets = prop::collection::vec((1u32..100, 100u32..5000, 100u32..5000), 1..6);
    let profile = (
        0u8..3,
        0.0f64..30_000.0,
        1.0f64..3.0,
        0.0f64..23.0,
        0u32..40_000,
        1u32..20_000,
    );
    let connectors = (
        1usize..5,
        0u8..4,
        any::<bool>(),
        (2u64..20_000, 0.01f64..0.99, 1u64..10_000, any::<bool>()),
        1u64..6,
    );
    let kafka = (
        1u64..64,
        1u64..64,
        100.0f64..100_000.0,
        0.0f64..100.0,
        1e6f64..1e9,
    );
    let calibration = (
        100.0f64..100_000.0,
        0.0f64..90.0,
        0.0f64..100.0,
        0.0f64..300.0,
    );
    let server = (1e6f64..1e9, 1e6f64..1e9);
    let sim = (600u64..86_400, 1u64..300);
    (table_sets, profile, connectors, kafka, calibration, server, sim).prop_map(
        |(ts, prof, conn, kafka, cal, server, sim)| {
            let (n_conn, kind_sel, drop_last, (queue, batch_frac, poll, byte_limit), tasks) = conn;
            let kind = ["postgresql", "postgresql", "sqlserver", "mongodb"][kind_sel as usize];
            let version = match kind_sel {
                2 => "2.5",
                3 if drop_last => "2.5",
                3 => "2.7",
                _ => "3.4",
            };
            let total: u32 = ts.iter().map(|t| t.0).sum();
            let n = ts.len();
            let sets: Vec<Value> = ts
                .iter()
                .enumerate()
                .map(|(i, (w, size, wal))| {
                    let mut s = json!({
                        "name": format!("s{i}"), "tables": [format!("public.t{i}")],
                        "share_percent": f64::from(*w) * 100.0 / f64::from(total),
                        "avg_event_size_bytes": size, "wal_bytes_per_event": wal
                    });
                    if kind != "postgresql" {
                        s["database"] = json!(format!("db{}", i % 3));
                    }
                    s
                })
                .collect();
            let captured = if drop_last && n > 1 { n - 1 } else { n };
            let k = n_conn.min(captured);
            let batch = ((queue as f64 * batch_frac) as u64).clamp(1, queue - 1);
            let connectors: Vec<Value> = (0..k)
                .map(|c| {
                    let mine: Vec<String> = (0..captured).filter(|i| i % k == c).map(|i| format!("s{i}")).collect();
                    json!({
                        "name": format!("c{c}"), "kind": kind, "debezium_version": version,
                        "tasks_max": tasks, "table_sets": mine,
                        "max_queue_size": queue, "max_batch_size": batch, "poll_interval_ms": poll,
                        "max_queue_size_in_bytes": if byte_limit { 50_000_000 } else { 0 }
                    })
                })
                .collect();
            let (kind_p, rate, peak_factor, peak_hour, start, dur) = prof;
            let profile = match kind_p {
                0 => json!({ "kind": "steady", "rate_events_per_s": rate }),
                1 => json!({ "kind": "daily", "rate_events_per_s": rate,
                             "peak_events_per_s": rate * peak_factor, "peak_hour": peak_hour }),
                _ => json!({ "kind": "burst", "rate_events_per_s": rate,
                             "peak_events_per_s": rate * peak_factor,
                             "burst_start_s": start, "burst_duration_s": dur }),
            };
            let (duration, steps_div) = sim;
            let step = (duration / steps_div.min(300)).max(1);
            json!({
                "source": {
                    "server": { "walsender_decode_bytes_per_s": server.0, "decode_budget_bytes_per_s": server.1 },
                    "profile": profile,
                    "table_sets": sets
                },
                "connectors": connectors,
                "kafka": {
                    "partitions": kafka.0, "consumers": kafka.1, "consumer_rate_events_per_s": kafka.2,
                    "hot_key_share_percent": kafka.3, "write_capacity_bytes_per_s": kafka.4
                },
                "calibration": {
                    "single_connector_events_per_s": cal.0, "batch_overhead_percent": cal.1,
                    "size_dependent_percent": cal.2, "streaming_headroom_percent": cal.3
                },
                "simulation": { "duration_s": duration, "step_s": step }
            })
        },
    )
}

fn report_of(v: &Value) -> Report {
    let raw = RawConfig::from_value(v).unwrap_or_else(|e| panic!("{e}\n{v}"));
    let config = raw.validate().unwrap_or_else(|e| panic!("{e}\n{v}"));
    evaluate(&config)
}

fn le(a: f64, b: f64) -> bool {
    a <= b + 1e-9 * b.abs().max(1.0)
}

/// Keys whose value may be JSON null (they are `Option`s).
const NULLABLE: &[&str] = &[
    "saturation_input_events_per_s",
    "offered_bytes_per_s",
    "capacity_bytes_per_s",
    "drain_from_s",
    "drain_s",
    "slowest_slot",
    "slot_name",
];

fn walk_finite(v: &Value, key: &str, path: &str) {
    match v {
        Value::Null => assert!(NULLABLE.contains(&key), "null (NaN?) at {path}"),
        Value::Number(n) => {
            let x = n.as_f64().unwrap();
            assert!(
                x.is_finite() && x.abs() < 1e18,
                "absurd number {x} at {path}"
            );
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_finite(item, key, &format!("{path}[{i}]"));
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                walk_finite(item, k, &format!("{path}.{k}"));
            }
        }
        _ => {}
    }
}

fn check_finite(r: &Report) {
    // serde_json turns NaN into null, so check the Option<f64> fields directly as well.
    for s in &r.stages {
        for x in [
            s.saturation_input_events_per_s,
            s.offered_bytes_per_s,
            s.capacity_bytes_per_s,
        ]
        .into_iter()
        .flatten()
        {
            assert!(x.is_finite());
        }
    }
    walk_finite(&serde_json::to_value(r).unwrap(), "", "");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn throughput_never_exceeds_input_or_any_stage(v in valid_config()) {
        let r = report_of(&v);
        let t = &r.throughput;
        prop_assert!(le(t.end_to_end_events_per_s, t.source_events_per_s));
        prop_assert!(le(t.source_events_per_s, t.captured_events_per_s));
        prop_assert!(le(t.captured_events_per_s, t.input_events_per_s));
        for s in &r.stages {
            prop_assert!(le(s.throughput_events_per_s, s.capacity_events_per_s), "{}: {s:?}", s.id);
            prop_assert!(le(s.throughput_events_per_s, s.offered_events_per_s), "{}: {s:?}", s.id);
        }
        let tasks: f64 = r.stages.iter().filter(|s| s.kind == StageKind::ConnectorTask)
            .map(|s| s.capacity_events_per_s).sum();
        prop_assert!(le(t.source_events_per_s, tasks));
        let consumers = r.stages.iter().find(|s| s.kind == StageKind::Consumers).unwrap();
        prop_assert!(le(t.end_to_end_events_per_s, consumers.capacity_events_per_s.max(
            r.consumers.active_consumers as f64 * v["kafka"]["consumer_rate_events_per_s"].as_f64().unwrap())));
        let kafka = r.stages.iter().find(|s| s.kind == StageKind::KafkaWrite).unwrap();
        prop_assert!(le(t.source_events_per_s, kafka.capacity_events_per_s));
        // Lag series throughput never exceeds the consumers' total capacity.
        let cap = r.consumers.active_consumers as f64 * v["kafka"]["consumer_rate_events_per_s"].as_f64().unwrap();
        for p in &r.lag_series {
            prop_assert!(le(p.consumed_events_per_s, cap));
        }
    }

    #[test]
    fn no_nan_or_infinity_anywhere(v in valid_config()) {
        check_finite(&report_of(&v));
    }

    #[test]
    fn no_backlog_while_keeping_up(v in valid_config()) {
        // The reason the comparison may skip simulating setups whose peak stays below every
        // saturation point: the full simulation of such a setup never builds a backlog.
        let r = report_of(&v);
        if r.binding.keeping_up {
            prop_assert_eq!(r.lag.max_end_to_end_lag_events, 0);
            prop_assert_eq!(r.lag.max_retained_wal_bytes, 0);
        } else {
            prop_assert!(r.throughput.lag_growth_events_per_s > 0.0);
        }
    }

    #[test]
    fn deterministic_byte_identical_json(v in valid_config()) {
        // Same config ⇒ byte-identical JSON (from a value and from text, each twice).
        prop_assert_eq!(report_of(&v).to_json(), report_of(&v).to_json());
        let text = serde_json::to_string(&v).unwrap();
        let b1 = scaling_model::evaluate_json(&text).unwrap().to_json();
        let b2 = scaling_model::evaluate_json(&text).unwrap().to_json();
        prop_assert_eq!(b1, b2);
    }

    #[test]
    fn multiplying_partitions_never_reduces_throughput(v in valid_config(), k in 2u64..4) {
        let r1 = report_of(&v);
        let mut w = v.clone();
        let p = v["kafka"]["partitions"].as_u64().unwrap();
        w["kafka"]["partitions"] = json!(p * k);
        let r2 = report_of(&w);
        prop_assert!(le(r1.throughput.end_to_end_events_per_s, r2.throughput.end_to_end_events_per_s));
        prop_assert!(le(r1.throughput.max_sustainable_input_events_per_s, r2.throughput.max_sustainable_input_events_per_s));
    }

    #[test]
    fn one_more_partition_never_reduces_throughput_with_enough_consumers(v in valid_config()) {
        let p = v["kafka"]["partitions"].as_u64().unwrap();
        let mut a = v.clone();
        a["kafka"]["consumers"] = json!(p + 1 + v["kafka"]["consumers"].as_u64().unwrap());
        let mut b = a.clone();
        b["kafka"]["partitions"] = json!(p + 1);
        let (ra, rb) = (report_of(&a), report_of(&b));
        prop_assert!(le(ra.throughput.end_to_end_events_per_s, rb.throughput.end_to_end_events_per_s));
        prop_assert!(le(ra.throughput.max_sustainable_input_events_per_s, rb.throughput.max_sustainable_input_events_per_s));
    }

    #[test]
    fn more_input_never_reduces_lag(v in valid_config(), f in 1.0f64..3.0) {
        let r1 = report_of(&v);
        let mut w = v.clone();
        for key in ["rate_events_per_s", "peak_events_per_s"] {
            if let Some(x) = v["source"]["profile"][key].as_f64() {
                w["source"]["profile"][key] = json!(x * f);
            }
        }
        let r2 = report_of(&w);
        prop_assert!(r2.lag.max_end_to_end_lag_events + 1 >= r1.lag.max_end_to_end_lag_events);
        prop_assert!(r2.lag.max_source_lag_events + 1 >= r1.lag.max_source_lag_events);
        prop_assert!(r2.lag.max_retained_wal_bytes + 1_000_000 >= r1.lag.max_retained_wal_bytes
            || r2.lag.max_retained_wal_bytes as f64 >= r1.lag.max_retained_wal_bytes as f64 * (1.0 - 1e-9));
        prop_assert!(le(r1.throughput.lag_growth_events_per_s, r2.throughput.lag_growth_events_per_s));
    }

    #[test]
    fn invalid_values_are_rejected_with_the_path(v in valid_config(), pick in 0usize..26) {
        let bad: [(&[&str], Value); 26] = [
            (&["kafka", "partitions"], json!(0)),
            (&["kafka", "partitions"], json!(-1)),
            (&["kafka", "partitions"], json!(1.5)),
            (&["kafka", "partitions"], json!(1e6)),
            (&["kafka", "consumers"], json!(0)),
            (&["kafka", "consumers"], json!(20000)),
            (&["kafka", "consumer_rate_events_per_s"], json!(0)),
            (&["kafka", "consumer_rate_events_per_s"], json!(-5)),
            (&["kafka", "consumer_rate_events_per_s"], json!(1e12)),
            (&["kafka", "hot_key_share_percent"], json!(-1)),
            (&["kafka", "hot_key_share_percent"], json!(101)),
            (&["kafka", "partitions"], json!("4")),
            (&["source", "profile", "rate_events_per_s"], json!(-1)),
            (&["source", "profile", "rate_events_per_s"], json!(1e300)),
            (&["source", "profile", "kind"], json!("weekly")),
            (&["calibration", "single_connector_events_per_s"], json!(0)),
            (&["calibration", "batch_overhead_percent"], json!(95)),
            (&["simulation", "step_s"], json!(0)),
            (&["simulation", "duration_s"], json!(1e9)),
            (&["source", "server", "walsender_decode_bytes_per_s"], json!(0)),
            (&["kafka", "write_capacity_bytes_per_s"], json!(-1)),
            (&["kafka", "surprise"], json!(1)),
            (&["comparison"], json!({ "scale_n": 1 })),
            (&["kafka"], json!([1, 2])),
            (&["source", "table_sets"], json!([])),
            (&["connectors"], json!([])),
        ];
        let (path, value) = &bad[pick];
        let mut w = v.clone();
        let mut slot = &mut w;
        for key in path.iter() {
            slot = &mut slot[*key];
        }
        *slot = value.clone();
        let result = RawConfig::from_value(&w).and_then(|r| r.validate());
        let err = match result {
            Ok(_) => return Err(TestCaseError::fail(format!("accepted {path:?} = {value}"))),
            Err(e) => e,
        };
        let joined = path.join(".");
        prop_assert!(err.path().starts_with(&joined) || joined.starts_with(err.path()),
            "error path {:?} for {joined}: {err}", err.path());
        let msg = err.to_string();
        prop_assert!(msg.starts_with(&joined) || msg.starts_with(err.path()), "{msg}");
        prop_assert!(msg.contains('"') || msg.contains("required"), "no quoted value: {msg}");
    }

    #[test]
    fn connector_fields_are_checked(v in valid_config(), pick in 0usize..6) {
        let bad = [
            ("max_batch_size", json!(20_000_000)),
            ("max_queue_size", json!(1)),
            ("poll_interval_ms", json!(0)),
            ("tasks_max", json!(0)),
            ("slot_name", json!("Has Spaces")),
            ("debezium_version", json!("three")),
        ];
        let (field, value) = &bad[pick];
        let mut w = v.clone();
        w["connectors"][0][*field] = value.clone();
        let err = RawConfig::from_value(&w).and_then(|r| r.validate()).err();
        prop_assert!(err.is_some(), "accepted connectors[0].{field} = {value}");
        let err = err.unwrap();
        prop_assert!(err.path().starts_with("connectors[0]."), "{err}");
    }

    #[test]
    fn any_numbers_never_panic(v in valid_config(), which in 0usize..8, x in prop::num::f64::NORMAL | prop::num::f64::ZERO) {
        let keys: [&[&str]; 8] = [
            &["kafka", "partitions"],
            &["kafka", "consumers"],
            &["kafka", "hot_key_share_percent"],
            &["kafka", "consumer_rate_events_per_s"],
            &["source", "profile", "rate_events_per_s"],
            &["calibration", "single_connector_events_per_s"],
            &["simulation", "step_s"],
            &["source", "server", "decode_budget_bytes_per_s"],
        ];
        let mut w = v.clone();
        let mut slot = &mut w;
        for key in keys[which].iter() {
            slot = &mut slot[*key];
        }
        *slot = json!(x);
        if let Ok(config) = RawConfig::from_value(&w).and_then(|r| r.validate()) {
            check_finite(&evaluate(&config));
        }
    }

    #[test]
    fn garbage_text_never_panics(s in "\\PC{0,200}") {
        let _ = RawConfig::from_json(&s);
    }
}
