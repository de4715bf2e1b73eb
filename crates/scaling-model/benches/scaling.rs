//! Criterion benchmark: a full `evaluate` of the example config — the current setup with its
//! 24-hour lag series plus the 5-configuration comparison (each with its own 24-hour
//! simulation). Budget: ≤ 100 µs median natively.

#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};
use scaling_model::{evaluate, RawConfig};
use std::hint::black_box;

fn bench_evaluate(c: &mut Criterion) {
    let Ok(config) = RawConfig::example().validate() else {
        return;
    };
    c.bench_function("evaluate_example_24h_with_comparison", |b| {
        b.iter(|| evaluate(black_box(&config)))
    });
    let Ok(config_json) = serde_json::to_string(&RawConfig::example()) else {
        return;
    };
    c.bench_function("parse_validate_evaluate_json", |b| {
        b.iter(|| {
            scaling_model::evaluate_json(black_box(&config_json))
                .map(|r| r.lag.max_source_lag_events)
        })
    });
}

criterion_group!(benches, bench_evaluate);
criterion_main!(benches);
