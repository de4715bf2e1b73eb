//! Criterion benchmarks of the fast engine on the shipped presets.
//!
//! Budgets (from the issue): the 7-day preset `idle-db-heartbeat` with a 10 s heartbeat
//! ≤ 1 ms median; the 30-day `month-business-hours` ≤ 5 ms; a 1 s heartbeat within 2× of a
//! 60 s one (the engine jumps between state changes, so its cost must not follow the
//! heartbeat interval).
//!
//! Run: `cargo bench -p wal-model --bench engine -- --warm-up-time 1 --measurement-time 3`.

#![allow(clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use wal_model::presets;

/// The JSON text of a shipped preset.
fn preset_json(name: &str) -> &'static str {
    match presets::find(name) {
        Some(p) => p.json,
        None => panic!("no preset {name}"),
    }
}

/// A validated scenario from JSON text.
fn scenario(text: &str) -> wal_model::Scenario {
    match wal_model::from_json(text) {
        Ok(s) => s,
        Err(e) => panic!("invalid scenario: {e}"),
    }
}

/// `idle-db-heartbeat` with `connectors[0].heartbeat.interval_ms` set to `interval_ms`.
fn idle_heartbeat_with_interval(interval_ms: u64) -> wal_model::Scenario {
    let mut v: serde_json::Value = match serde_json::from_str(preset_json("idle-db-heartbeat")) {
        Ok(v) => v,
        Err(e) => panic!("preset is not JSON: {e}"),
    };
    match v.pointer_mut("/connectors/0/heartbeat/interval_ms") {
        Some(slot) => *slot = serde_json::Value::from(interval_ms),
        None => panic!("idle-db-heartbeat has no connectors[0].heartbeat.interval_ms"),
    }
    scenario(&v.to_string())
}

fn benches(c: &mut Criterion) {
    // Preset (b): 7 days, heartbeat every 10 s.
    let week = scenario(preset_json("idle-db-heartbeat"));
    assert_eq!(week.duration_ms, 7 * 24 * 3_600_000);
    assert_eq!(
        week.connectors.first().map(|k| k.heartbeat.interval_ms),
        Some(10_000)
    );
    c.bench_function("preset_b_7d_hb10s", |b| {
        b.iter(|| wal_model::simulate(black_box(&week)))
    });

    let month = scenario(preset_json("month-business-hours"));
    assert_eq!(month.duration_ms, 30 * 24 * 3_600_000);
    c.bench_function("month_30d", |b| {
        b.iter(|| wal_model::simulate(black_box(&month)))
    });

    let hb1 = idle_heartbeat_with_interval(1_000);
    let hb60 = idle_heartbeat_with_interval(60_000);
    c.bench_function("heartbeat_interval_1s", |b| {
        b.iter(|| wal_model::simulate(black_box(&hb1)))
    });
    c.bench_function("heartbeat_interval_60s", |b| {
        b.iter(|| wal_model::simulate(black_box(&hb60)))
    });

    // Preset (a), 3 days, from its JSON text: parse, validate, simulate.
    let text = preset_json("idle-db-no-heartbeat");
    c.bench_function("validate_and_simulate_idle_3d", |b| {
        b.iter(|| match wal_model::run_json(black_box(text)) {
            Ok(r) => r,
            Err(e) => panic!("invalid scenario: {e}"),
        })
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
