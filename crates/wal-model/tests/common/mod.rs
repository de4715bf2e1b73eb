//! Shared test helpers: a generator of random valid scenarios covering every feature
//! (workload patterns, filtered tables, several slots and connectors of every Debezium
//! version, heartbeats in the right or the wrong database, downtime, every scenario event).

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;

/// Case count: `PROPTEST_CASES` overrides the CI default (run more locally or in a soak).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const SQLSTATES: [&str; 4] = ["57P01", "57P03", "42P01", "23505"];

/// Random valid scenarios: small, so the reference stays quick, but covering every feature.
pub fn arb_scenario() -> impl Strategy<Value = String> {
    let workload = (
        0usize..4,     // database: 0 = none, 1 = app, 2 = other, 3 = third
        any::<bool>(), // filtered tables
        prop_oneof![Just(0u64), 1_000u64..2_000_000, 2_000_000u64..8_000_000],
        0u64..4, // pattern kind
    );
    let connector = (
        0u64..3_600_000, // start
        prop_oneof![Just("1.9"), Just("2.1"), Just("2.7"), Just("3.4")],
        prop_oneof![Just(0u64), 100u64..2_000, 2_000u64..120_000],
        0u64..3,       // action query
        any::<bool>(), // wrong database
        prop_oneof![Just(1_000u64), 5_000u64..120_000],
        any::<bool>(), // connector_and_driver
        proptest::collection::vec((0u64..3 * 3_600_000, 1_000u64..3_600_000), 0..3),
    );
    let event = (0u64..3 * 3_600_000, 0u8..9, 1u64..300_000_000);
    (
        proptest::collection::vec(workload, 0..4),
        proptest::collection::vec(connector, 0..3),
        proptest::collection::vec(event, 0..6),
        (13i64..=17, prop_oneof![Just(64i64), Just(256), Just(1024)], prop_oneof![Just(-1i64), Just(0), 32i64..2048]),
        (prop_oneof![Just(16i64), Just(16), Just(64)], 30i64..900, 0i64..512, 256i64..8192),
    )
        .prop_map(|(workload, connectors, events, (version, max_wal, max_slot), (seg, ckpt_timeout, wal_keep, disk))| {
            let max_wal = max_wal.max(2 * seg);
            let dbs = ["", "app", "other", "third"];
            let mut w = Vec::new();
            for (db, filtered, rate, kind) in workload {
                let pattern = match kind {
                    0 => serde_json::json!({"kind":"steady","bytes_per_s":rate}),
                    1 => serde_json::json!({"kind":"business_hours","peak_bytes_per_s":rate,"off_hours_bytes_per_s":rate/4,"weekend_bytes_per_s":0,"start_hour":1,"end_hour":3}),
                    _ => serde_json::json!({"kind":"bursts","bursts":[{"from_ms":600_000,"to_ms":1_500_000,"bytes_per_s":rate},{"from_ms":7_200_000,"to_ms":7_300_000,"bytes_per_s":rate*3}]}),
                };
                let mut o = serde_json::json!({"tables": if filtered {"filtered"} else {"captured"}, "pattern": pattern});
                if db > 0 {
                    o["database"] = serde_json::json!(dbs[db]);
                }
                w.push(o);
            }
            let slot_names = ["s0", "s1", "s2"];
            let mut slots = Vec::new();
            let mut conns = Vec::new();
            for (i, (start, version, hb, action, wrong_db, flush, cad, downtime)) in connectors.into_iter().enumerate() {
                let db = if i == 2 { "other" } else { "app" };
                slots.push(serde_json::json!({"name": slot_names[i], "database": db, "plugin": if i == 1 { "decoderbufs" } else { "pgoutput" }}));
                let action = ["none", "emit_message", "table_update"][action as usize];
                let mut heartbeat = serde_json::json!({"interval_ms": hb, "action_query": action});
                if wrong_db {
                    heartbeat["target_database"] = serde_json::json!("third");
                }
                let mut dt: Vec<(u64, u64)> = downtime.into_iter().map(|(a, d)| (a, a + d)).collect();
                dt.sort();
                let mut clean: Vec<(u64, u64)> = Vec::new();
                for (a, b) in dt {
                    if clean.last().is_none_or(|l| a > l.1) {
                        clean.push((a, b.min(3 * 3_600_000)));
                    }
                }
                let clean: Vec<_> = clean.into_iter().filter(|(a, b)| b > a).map(|(a, b)| serde_json::json!({"from_ms": a, "to_ms": b})).collect();
                conns.push(serde_json::json!({
                    "name": format!("c{i}"), "slot": slot_names[i], "debezium_version": version,
                    "offset_flush_interval_ms": flush, "heartbeat": heartbeat, "start_ms": start,
                    "lsn_flush_mode": if cad && version == "3.4" { "connector_and_driver" } else { "connector" },
                    "downtime": clean,
                }));
            }
            let n_conn = conns.len();
            let mut evs = Vec::new();
            for (at, kind, n) in events {
                let c = format!("c{}", if n_conn > 0 { (n as usize) % n_conn } else { 0 });
                let slot = slot_names[(n as usize) % 3];
                let e = match kind {
                    0 => serde_json::json!({"kind":"write","at_ms":at,"database":"app","bytes":n}),
                    1 => serde_json::json!({"kind":"checkpoint","at_ms":at}),
                    2 if n_conn > 0 => serde_json::json!({"kind":"connector_stop","at_ms":at,"connector":c}),
                    3 if n_conn > 0 => serde_json::json!({"kind":"connector_start","at_ms":at,"connector":c}),
                    4 if n_conn > 0 => serde_json::json!({"kind":"heartbeat_error","at_ms":at,"connector":c,"sqlstate":SQLSTATES[(n % 4) as usize]}),
                    5 => serde_json::json!({"kind":"slot_drop","at_ms":at,"slot":slot}),
                    6 => serde_json::json!({"kind":"slot_create","at_ms":at,"slot":slot,"database":"app"}),
                    7 if n_conn > 0 => serde_json::json!({"kind":"heartbeat_on","at_ms":at,"connector":c,"interval_ms": 1000 + n % 60_000}),
                    8 if n_conn > 0 => serde_json::json!({"kind":"connector_fail","at_ms":at,"connector":c}),
                    _ => serde_json::json!({"kind":"write","at_ms":at,"bytes":n}),
                };
                evs.push(e);
            }
            // Slots named by events must be declared somewhere: declare all three.
            while slots.len() < 3 {
                let i = slots.len();
                slots.push(serde_json::json!({"name": slot_names[i], "database": "app", "created_at_ms": 3 * 3_600_000}));
            }
            serde_json::json!({
                "name": "random", "duration_ms": 3 * 3_600_000,
                "postgres": {"version": version, "wal_segment_size_mb": seg, "max_wal_size_mb": max_wal,
                             "min_wal_size_mb": 2 * seg, "checkpoint_timeout_s": ckpt_timeout,
                             "max_slot_wal_keep_size_mb": max_slot, "wal_keep_size_mb": wal_keep},
                "disk": {"size_mb": disk.max(4 * seg)},
                "alerts": {"warning_mb": 64, "critical_mb": 512},
                "workload": w, "slots": slots, "connectors": conns, "events": evs,
            })
            .to_string()
        })
}
