//! Model fuzzing (issue 10): random configurations, valid and invalid, through
//! `RawConfig → validate → evaluate` (which runs the lag simulation and the 5-way comparison)
//! and `rest_configs`, plus mutated JSON text through `RawConfig::from_json`. Every float field
//! is tried with NaN, ±∞, ±0, subnormals, `f64::MAX`, huge rates and tiny steps. Nothing may
//! panic; a rejected configuration has a non-empty message; an accepted one gives a report with
//! no NaN or infinity anywhere (walked field by field: JSON would hide NaN as `null`) whose
//! invariants hold:
//! * end-to-end ≤ source ≤ captured ≤ input throughput, each stage's throughput ≤ its capacity
//!   and ≤ what it is offered (to a relative 1e-9);
//! * the lag series has at most `MAX_STEPS + 1` points, in time order, each consuming at
//!   most the consumers' capacity;
//! * the generated connector configs use only the allowed keys of their kind.
//!
//! The harness (`tests/fuzz/harness.rs` at the repository root) prints the seed and case of a
//! failure; `scripts/fuzz` runs 10⁶ cases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[macro_use]
#[path = "../../../tests/fuzz/harness.rs"]
mod harness;
#[path = "../../../tests/fuzz/finite.rs"]
mod finite;

use harness::{mutate_bytes, run, Rng};
use scaling_model::{
    allowed_keys, evaluate, rest_configs, Config, RawCalibration, RawComparison, RawConfig,
    RawConnector, RawKafka, RawKafkaConnect, RawProfile, RawServer, RawSimulation, RawSource,
    RawTableSet, Report, StageKind, MAX_STEPS,
};

/// `None` (the default) a third of the time, else `plausible`, one time in `odds` an extreme
/// float.
fn opt(rng: &mut Rng, odds: u64, plausible: impl FnOnce(&mut Rng) -> f64) -> Option<f64> {
    match rng.below(3) {
        0 => None,
        _ => Some(num(rng, odds, plausible)),
    }
}

fn num(rng: &mut Rng, odds: u64, plausible: impl FnOnce(&mut Rng) -> f64) -> f64 {
    if rng.chance(1, odds) {
        rng.extreme_f64()
    } else {
        plausible(rng)
    }
}

fn log(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    (lo.ln() + (hi.ln() - lo.ln()) * rng.unit()).exp()
}

fn text(rng: &mut Rng, usual: &str) -> String {
    if rng.chance(1, 15) {
        rng.garbage()
    } else {
        usual.to_string()
    }
}

fn opt_text(rng: &mut Rng, usual: &str) -> Option<String> {
    if rng.chance(1, 2) {
        None
    } else {
        Some(text(rng, usual))
    }
}

/// A random configuration: plausible values most of the time (about half validate), extreme
/// floats, garbage names and wrong list sizes some of the time. Simulation steps are few on
/// average (the horizon over the step), up to the 10 000 the model accepts.
fn config(rng: &mut Rng) -> RawConfig {
    let kind = if rng.chance(1, 20) {
        rng.garbage()
    } else {
        (*rng.pick(&[
            "postgresql",
            "postgresql",
            "postgresql",
            "sqlserver",
            "mongodb",
        ]))
        .to_string()
    };
    let n_sets = match rng.below(40) {
        0 => 0,
        1 => rng.range_u64(60, 70) as usize,
        _ => rng.range_u64(1, 6) as usize,
    };
    let weights: Vec<f64> = (0..n_sets).map(|_| rng.range_u64(1, 100) as f64).collect();
    let total: f64 = weights.iter().sum();
    let table_sets: Vec<RawTableSet> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| RawTableSet {
            name: text(rng, &format!("t{i}")),
            tables: if rng.chance(1, 30) {
                Vec::new()
            } else {
                vec![text(rng, &format!("public.t{i}"))]
            },
            share_percent: num(rng, 25, |_| w * 100.0 / total),
            avg_event_size_bytes: opt(rng, 12, |r| log(r, 1.0, 64.0 * 1024.0 * 1024.0)),
            wal_bytes_per_event: opt(rng, 12, |r| log(r, 1.0, 1e6)),
            database: if kind == "postgresql" && rng.chance(4, 5) {
                None
            } else {
                opt_text(rng, &format!("db{}", i % 3))
            },
        })
        .collect();
    let n_conn = match rng.below(40) {
        0 => 0,
        1 => rng.range_u64(60, 70) as usize,
        _ => rng.range_u64(1, 4) as usize,
    };
    let connectors = (0..n_conn)
        .map(|c| RawConnector {
            name: text(rng, &format!("cdc-{c}")),
            kind: if rng.chance(1, 4) {
                None
            } else {
                Some(kind.clone())
            },
            debezium_version: if rng.chance(1, 3) {
                None
            } else if rng.chance(1, 10) {
                Some(rng.garbage())
            } else {
                Some(
                    (*rng.pick(&["1.9", "2.5", "2.7", "3.0", "3.4", "3.7", "0.1", "9.9"]))
                        .to_string(),
                )
            },
            tasks_max: opt(rng, 10, |r| r.range_u64(1, 8) as f64),
            table_sets: (0..n_sets)
                .filter(|i| i % n_conn.max(1) == c)
                .map(|i| format!("t{i}"))
                .collect(),
            topic_prefix: opt_text(rng, &format!("p{c}")),
            slot_name: opt_text(rng, &format!("slot_{c}")),
            publication_name: opt_text(rng, &format!("pub_{c}")),
            max_queue_size: opt(rng, 10, |r| log(r, 2.0, 1e7).round()),
            max_batch_size: opt(rng, 10, |r| log(r, 1.0, 1e6).round()),
            poll_interval_ms: opt(rng, 10, |r| log(r, 1.0, 60_000.0).round()),
            max_queue_size_in_bytes: opt(rng, 10, |r| {
                if r.chance(1, 2) {
                    0.0
                } else {
                    log(r, 1.0, 1e12).round()
                }
            }),
        })
        .collect();
    let duration = log(rng, 60.0, 7.0 * 86_400.0).round();
    // Usually ≤ ~300 steps; one time in 50, up to the model's limit of 10 000.
    let steps = if rng.chance(1, 50) {
        rng.range_u64(1, MAX_STEPS + 5)
    } else {
        rng.range_u64(1, 300)
    };
    RawConfig {
        source: RawSource {
            server: if rng.chance(1, 3) {
                None
            } else {
                Some(RawServer {
                    hostname: opt_text(rng, "pg"),
                    port: opt(rng, 8, |r| r.range_u64(1, 65_535) as f64),
                    default_database: opt_text(rng, "app"),
                    user: opt_text(rng, "debezium"),
                    walsender_decode_bytes_per_s: opt(rng, 10, |r| log(r, 1e3, 1e11)),
                    decode_budget_bytes_per_s: opt(rng, 10, |r| log(r, 1e3, 1e11)),
                })
            },
            profile: {
                let k = if rng.chance(1, 20) {
                    rng.garbage()
                } else {
                    (*rng.pick(&["steady", "daily", "burst"])).to_string()
                };
                let rate = num(rng, 10, |r| {
                    if r.chance(1, 10) {
                        0.0
                    } else {
                        log(r, 1e-3, 1e7)
                    }
                });
                RawProfile {
                    peak_events_per_s: if k == "steady" && rng.chance(9, 10) {
                        None
                    } else {
                        opt(rng, 10, |r| rate * (1.0 + 3.0 * r.unit()))
                    },
                    peak_hour: if k == "daily" || rng.chance(1, 10) {
                        opt(rng, 10, |r| r.unit() * 24.0)
                    } else {
                        None
                    },
                    burst_start_s: if k == "burst" || rng.chance(1, 10) {
                        opt(rng, 10, |r| (r.unit() * duration).round())
                    } else {
                        None
                    },
                    burst_duration_s: if k == "burst" || rng.chance(1, 10) {
                        opt(rng, 10, |r| log(r, 1.0, duration).round())
                    } else {
                        None
                    },
                    kind: k,
                    rate_events_per_s: rate,
                }
            },
            table_sets,
        },
        connectors,
        kafka_connect: if rng.chance(1, 2) {
            None
        } else {
            Some(RawKafkaConnect {
                offset_flush_interval_ms: opt(rng, 8, |r| log(r, 1.0, 3.6e6).round()),
            })
        },
        kafka: if rng.chance(1, 3) {
            None
        } else {
            Some(RawKafka {
                write_capacity_bytes_per_s: opt(rng, 10, |r| log(r, 1e3, 1e11)),
                partitions: opt(rng, 10, |r| r.log_u64(1, 10_000) as f64),
                hot_key_share_percent: opt(rng, 10, |r| r.unit() * 100.0),
                consumers: opt(rng, 10, |r| r.log_u64(1, 10_000) as f64),
                consumer_rate_events_per_s: opt(rng, 10, |r| log(r, 1e-3, 1e7)),
            })
        },
        calibration: if rng.chance(1, 2) {
            None
        } else {
            Some(RawCalibration {
                single_connector_events_per_s: opt(rng, 10, |r| log(r, 1.0, 1e7)),
                reference_event_size_bytes: opt(rng, 10, |r| log(r, 1.0, 1e6)),
                batch_overhead_percent: opt(rng, 10, |r| r.unit() * 90.0),
                size_dependent_percent: opt(rng, 10, |r| r.unit() * 100.0),
                streaming_headroom_percent: opt(rng, 10, |r| r.unit() * 300.0),
            })
        },
        simulation: if rng.chance(1, 4) {
            None
        } else {
            Some(RawSimulation {
                duration_s: Some(num(rng, 10, |_| duration)),
                step_s: Some(num(rng, 10, |_| (duration / steps as f64).ceil())),
            })
        },
        comparison: if rng.chance(1, 2) {
            None
        } else {
            Some(RawComparison {
                scale_n: opt(rng, 8, |r| r.range_u64(1, 64) as f64),
            })
        },
    }
}

fn le(a: f64, b: f64) -> bool {
    a <= b + 1e-9 * b.abs().max(1.0)
}

fn check_report(config: &Config, r: &Report) -> Result<(), String> {
    finite::check_finite(r)?;
    let t = &r.throughput;
    ensure!(
        le(t.end_to_end_events_per_s, t.source_events_per_s),
        "end-to-end above source: {t:?}"
    );
    ensure!(
        le(t.source_events_per_s, t.captured_events_per_s),
        "source above captured: {t:?}"
    );
    ensure!(
        le(t.captured_events_per_s, t.input_events_per_s),
        "captured above input: {t:?}"
    );
    for s in &r.stages {
        ensure!(
            le(s.throughput_events_per_s, s.capacity_events_per_s),
            "{}: throughput above capacity: {s:?}",
            s.id
        );
        ensure!(
            le(s.throughput_events_per_s, s.offered_events_per_s),
            "{}: throughput above offered: {s:?}",
            s.id
        );
        ensure!(
            s.utilization_percent >= 0.0,
            "{}: negative utilization",
            s.id
        );
    }
    ensure!(
        r.lag_series.len() as u64 <= MAX_STEPS + 1,
        "{} lag points",
        r.lag_series.len()
    );
    for w in r.lag_series.windows(2) {
        ensure!(
            w[0].t_s < w[1].t_s,
            "lag series out of order at {}",
            w[1].t_s
        );
    }
    let cap = r.consumers.active_consumers as f64 * config.kafka().consumer_rate_events_per_s;
    let consumers = r.stages.iter().find(|s| s.kind == StageKind::Consumers);
    ensure!(consumers.is_some(), "no consumer stage");
    for p in &r.lag_series {
        ensure!(
            le(p.consumed_events_per_s, cap),
            "consumed {} above the consumers' {cap}",
            p.consumed_events_per_s
        );
        ensure!(
            p.source_lag_s >= 0.0 && p.end_to_end_lag_s >= 0.0,
            "negative lag age: {p:?}"
        );
    }
    for rc in rest_configs(config) {
        let kind = config
            .connectors()
            .iter()
            .find(|c| c.name == rc.name)
            .map(|c| c.kind);
        ensure!(
            kind.is_some(),
            "config for an unknown connector {:?}",
            rc.name
        );
        let allowed = allowed_keys(kind.unwrap());
        for key in rc.config.keys() {
            ensure!(allowed.contains(key), "{}: key {key} not allowed", rc.name);
        }
    }
    Ok(())
}

/// A shipped preset (or the example) with plausible, in-range edits: almost always valid.
fn clean_config(rng: &mut Rng, seeds: &[RawConfig]) -> RawConfig {
    let mut c = rng.pick(seeds).clone();
    for _ in 0..rng.range_u64(1, 6) {
        match rng.below(8) {
            0 => c.source.profile.rate_events_per_s = log(rng, 1e-3, 2e5),
            1 => {
                if let Some(t) = c.source.table_sets.first_mut() {
                    t.avg_event_size_bytes = Some(log(rng, 1.0, 1e6).round());
                    t.wal_bytes_per_event = Some(log(rng, 1.0, 1e5).round());
                }
            }
            2 => {
                let i = rng.index(c.connectors.len().max(1));
                if let Some(k) = c.connectors.get_mut(i) {
                    let q = log(rng, 2.0, 1e6).round();
                    k.max_queue_size = Some(q);
                    k.max_batch_size = Some((rng.unit() * (q - 1.0)).floor().max(1.0));
                    k.poll_interval_ms = Some(log(rng, 1.0, 5_000.0).round());
                }
            }
            3 => {
                let k = c.kafka.get_or_insert(RawKafka {
                    write_capacity_bytes_per_s: None,
                    partitions: None,
                    hot_key_share_percent: None,
                    consumers: None,
                    consumer_rate_events_per_s: None,
                });
                k.partitions = Some(rng.log_u64(1, 1_000) as f64);
                k.consumers = Some(rng.log_u64(1, 1_000) as f64);
                k.hot_key_share_percent = Some((rng.unit() * 100.0).round());
                k.consumer_rate_events_per_s = Some(log(rng, 1.0, 1e6));
            }
            4 => {
                c.calibration = Some(RawCalibration {
                    single_connector_events_per_s: Some(log(rng, 1.0, 1e6)),
                    reference_event_size_bytes: Some(log(rng, 1.0, 1e5).round()),
                    batch_overhead_percent: Some((rng.unit() * 90.0).round()),
                    size_dependent_percent: Some((rng.unit() * 100.0).round()),
                    streaming_headroom_percent: Some((rng.unit() * 300.0).round()),
                })
            }
            5 => {
                let duration = log(rng, 60.0, 7.0 * 86_400.0).round();
                let steps = if rng.chance(1, 50) {
                    rng.range_u64(1, MAX_STEPS)
                } else {
                    rng.range_u64(1, 300)
                };
                c.simulation = Some(RawSimulation {
                    duration_s: Some(duration),
                    step_s: Some((duration / steps as f64).ceil()),
                });
            }
            6 => {
                c.kafka_connect = Some(RawKafkaConnect {
                    offset_flush_interval_ms: Some(log(rng, 1.0, 3.6e6).round()),
                })
            }
            _ => {
                c.comparison = Some(RawComparison {
                    scale_n: Some(rng.range_u64(1, 16) as f64),
                })
            }
        }
    }
    c
}

fn seeds() -> Vec<RawConfig> {
    let mut seeds = vec![RawConfig::example()];
    for text in preset_texts() {
        seeds.push(RawConfig::from_json(&text).unwrap());
    }
    seeds
}

fn preset_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../presets/scaling");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

/// Validates; rejected → a message; accepted → evaluate and check. Returns whether accepted.
fn check(raw: &RawConfig) -> Result<bool, String> {
    match raw.validate() {
        Err(e) => {
            ensure!(
                !e.to_string().trim().is_empty(),
                "rejected without a message: {raw:?}"
            );
            Ok(false)
        }
        Ok(config) => {
            check_report(&config, &evaluate(&config))?;
            Ok(true)
        }
    }
}

/// Random configurations: two thirds edited presets (plausible values), one third from
/// scratch with any value (nearly all rejected).
#[test]
fn fuzz_scaling_random_configs() {
    let seeds = seeds();
    let mut accepted = 0u64;
    let n = run("fuzz_scaling_random_configs", 50_000, |rng| {
        let raw = if rng.chance(1, 3) {
            config(rng)
        } else {
            clean_config(rng, &seeds)
        };
        if check(&raw)? {
            accepted += 1;
        }
        Ok(())
    });
    eprintln!("fuzz_scaling_random_configs: {accepted} of {n} accepted and evaluated");
    assert!(
        n < 100 || accepted * 3 >= n,
        "only {accepted} of {n} configs were valid"
    );
}

/// The example and the shipped presets as JSON text with random edits: parsing (the schema
/// check, then serde) never panics and errors have a message.
#[test]
fn fuzz_scaling_json_text() {
    let mut seeds: Vec<String> = vec![serde_json::to_string(&RawConfig::example()).unwrap()];
    seeds.extend(preset_texts());
    run("fuzz_scaling_json_text", 50_000, |rng| {
        let mut text = rng.pick(&seeds).as_bytes().to_vec();
        for _ in 0..rng.range_u64(1, 4) {
            mutate_bytes(rng, &mut text, JSON_TOKENS);
        }
        let text = String::from_utf8_lossy(&text);
        match RawConfig::from_json(&text) {
            Err(e) => ensure!(
                !e.to_string().trim().is_empty(),
                "parse error without a message"
            ),
            Ok(raw) => {
                // Evaluate only cheap ones: an edit can turn the step into 10 000 steps.
                if let Err(e) = raw.validate() {
                    ensure!(
                        !e.to_string().trim().is_empty(),
                        "rejected without a message"
                    );
                }
            }
        }
        Ok(())
    });
}

/// Inserted by the text mutations.
const JSON_TOKENS: &[&str] = &[
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "9007199254740993",
    "NaN",
    "null",
    "\"\"",
    "[]",
    "{}",
    "\"",
];
