//! One test per claim of lesson 06, with the expected numbers worked out by hand.
//!
//! Most tests use a round calibration so the arithmetic stays readable:
//! `C = 1000` events/s, batch overhead `β = 20 %`, size-independent costs (`κ = 0`), streaming
//! headroom `h = 100 %`. Then `τ = 1 ms`, per-batch overhead `o_b = 0.2·1 ms·2048 = 409.6 ms`,
//! poll cost per event `e_p = 0.8 ms`, streaming cost `e_s = 0.5 ms`.
//! Default settings (8192/2048): `p = 0.8 + 409.6/2048 = 1.0 ms` → **1000 events/s**.
//! Tuned (16384/4096): `p = 0.8 + 409.6/4096 = 0.9 ms` → **1111.1 events/s** (+11.1 %).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use scaling_model::{evaluate, ConstraintKind, RawConfig, Report};
use serde_json::{json, Value};

fn calibration() -> Value {
    json!({
        "single_connector_events_per_s": 1000,
        "reference_event_size_bytes": 1000,
        "batch_overhead_percent": 20,
        "size_dependent_percent": 0,
        "streaming_headroom_percent": 100
    })
}

/// A base config: steady `rate`, the given table sets and connectors, huge decoding, Kafka
/// and consumer capacity unless overridden.
fn config(rate: f64, table_sets: Value, connectors: Value) -> Value {
    json!({
        "source": {
            "server": {
                "hostname": "pg", "default_database": "app",
                "walsender_decode_bytes_per_s": 1e11, "decode_budget_bytes_per_s": 1e11
            },
            "profile": { "kind": "steady", "rate_events_per_s": rate },
            "table_sets": table_sets
        },
        "connectors": connectors,
        "kafka": {
            "write_capacity_bytes_per_s": 1e11, "partitions": 100, "consumers": 100,
            "consumer_rate_events_per_s": 1e6
        },
        "calibration": calibration(),
        "simulation": { "duration_s": 3600, "step_s": 60 }
    })
}

fn one_set() -> Value {
    json!([{ "name": "all", "tables": ["public.t"], "share_percent": 100,
             "avg_event_size_bytes": 1000, "wal_bytes_per_event": 1000 }])
}

fn run(v: &Value) -> Report {
    let raw = RawConfig::from_value(v).unwrap();
    evaluate(&raw.validate().unwrap())
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn tasks_max_has_no_effect_on_postgresql() {
    // Input 1500/s against one task of 1000/s: growth 500/s whatever tasks.max says.
    let mk = |tasks: u64| {
        config(
            1500.0,
            one_set(),
            json!([{ "name": "pg", "table_sets": ["all"], "tasks_max": tasks }]),
        )
    };
    let r1 = run(&mk(1));
    let r4 = run(&mk(4));
    assert_eq!(r4.connectors[0].tasks_running, 1);
    assert!(r4.connectors[0]
        .tasks_note
        .en
        .contains("tasks.max=4 has no effect"));
    assert!(close(
        r1.throughput.max_sustainable_input_events_per_s,
        1000.0,
        1e-6
    ));
    assert_eq!(r1.throughput, r4.throughput);
    assert_eq!(r1.lag, r4.lag);
    assert_eq!(r1.binding, r4.binding);
    // The comparison's variant 3 (tasks.max = N) equals variant 1 for PostgreSQL.
    let (v1, v3) = (&r1.comparison[0], &r1.comparison[2]);
    assert_eq!(v3.id, "tasks_max");
    assert_eq!(
        v1.max_sustainable_input_events_per_s,
        v3.max_sustainable_input_events_per_s
    );
    assert_eq!(v1.max_lag_events, v3.max_lag_events);
    assert_eq!(v3.tasks_running, 1);
    assert_eq!(v3.connectors[0].config["tasks.max"], "4");
}

fn three_databases(kind: &str, version: &str, tasks: u64) -> Value {
    // Shares 50/30/20 % in databases db1, db2, db3.
    config(
        10_000.0,
        json!([
            { "name": "a", "tables": ["dbo.a"], "share_percent": 50, "database": "db1",
              "avg_event_size_bytes": 1000, "wal_bytes_per_event": 1000 },
            { "name": "b", "tables": ["dbo.b"], "share_percent": 30, "database": "db2",
              "avg_event_size_bytes": 1000, "wal_bytes_per_event": 1000 },
            { "name": "c", "tables": ["dbo.c"], "share_percent": 20, "database": "db3",
              "avg_event_size_bytes": 1000, "wal_bytes_per_event": 1000 }
        ]),
        json!([{ "name": "ms", "kind": kind, "debezium_version": version, "tasks_max": tasks,
                 "table_sets": ["a", "b", "c"] }]),
    )
}

#[test]
fn sqlserver_with_three_databases_and_tasks_max_4_runs_3_tasks() {
    // min(tasks.max = 4, databases = 3) = 3 tasks, one database each, 1000/s per task.
    // Saturation of each task in source events/s: 1000/0.5 = 2000, 1000/0.3 = 3333.3,
    // 1000/0.2 = 5000 → the connector keeps up to 2000/s (the db1 task binds).
    let r = run(&three_databases("sqlserver", "2.5", 4));
    assert_eq!(r.connectors[0].tasks_running, 3);
    assert!(close(
        r.throughput.max_sustainable_input_events_per_s,
        2000.0,
        1e-6
    ));
    assert_eq!(r.binding.kind, ConstraintKind::ConnectorTask);
    assert_eq!(r.binding.stage_id, "task:ms#0");
    // At 10000/s input: outputs min(5000, 1000) + min(3000, 1000) + min(2000, 1000) = 3000.
    assert!(close(r.throughput.source_events_per_s, 3000.0, 1e-6));

    // tasks.max = 2: db1 → task 0, db2 → task 1, db3 → task 0 (round robin):
    // task 0 carries 70 % → 1000/0.7 = 1428.57/s.
    let r = run(&three_databases("sqlserver", "2.5", 2));
    assert_eq!(r.connectors[0].tasks_running, 2);
    assert!(close(
        r.throughput.max_sustainable_input_events_per_s,
        1000.0 / 0.7,
        1e-6
    ));

    // Before Debezium 1.9 SQL Server runs one task: 1000/s.
    let r = run(&three_databases("sqlserver", "1.8", 4));
    assert_eq!(r.connectors[0].tasks_running, 1);
    assert!(close(
        r.throughput.max_sustainable_input_events_per_s,
        1000.0,
        1e-6
    ));
}

#[test]
fn mongodb_multi_task_until_2_5_single_task_since_2_6() {
    // Three replica sets (the `database` of each table set), tasks.max = 4.
    // 2.5: min(4, 3) = 3 tasks → 2000/s as for SQL Server above. 2.6: one task → 1000/s.
    let r = run(&three_databases("mongodb", "2.5", 4));
    assert_eq!(r.connectors[0].tasks_running, 3);
    assert!(close(
        r.throughput.max_sustainable_input_events_per_s,
        2000.0,
        1e-6
    ));
    assert_eq!(
        r.connector_configs[0].config["mongodb.connection.mode"],
        "replica_set"
    );
    let r = run(&three_databases("mongodb", "2.6", 4));
    assert_eq!(r.connectors[0].tasks_running, 1);
    assert!(r.connectors[0].tasks_note.en.contains("since Debezium 2.6"));
    assert!(close(
        r.throughput.max_sustainable_input_events_per_s,
        1000.0,
        1e-6
    ));
    assert!(!r.connector_configs[0]
        .config
        .contains_key("mongodb.connection.mode"));
}

fn quarters(n: usize) -> Value {
    let share = 100.0 / n as f64;
    Value::Array(
        (0..n)
            .map(|i| {
                json!({ "name": format!("s{i}"), "tables": [format!("public.t{i}")],
                        "share_percent": share, "avg_event_size_bytes": 1000,
                        "wal_bytes_per_event": 1000 })
            })
            .collect(),
    )
}

fn split_connectors(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| json!({ "name": format!("c{i}"), "table_sets": [format!("s{i}")] }))
            .collect(),
    )
}

#[test]
fn n_connectors_raise_throughput_but_multiply_decoding() {
    // Four table sets of 25 %, 1000 WAL bytes per change, input 3000/s.
    // One connector: limit 1000/s; WAL written 3000·1000 = 3 MB/s, decoded 3 MB/s (×1).
    let one = config(
        3000.0,
        quarters(4),
        json!([{ "name": "c", "table_sets": ["s0", "s1", "s2", "s3"] }]),
    );
    let r1 = run(&one);
    assert!(close(
        r1.throughput.max_sustainable_input_events_per_s,
        1000.0,
        1e-6
    ));
    assert!(close(r1.decoding.decoded_bytes_per_s, 3e6, 1e-3));
    assert!(close(r1.decoding.decode_multiplier, 1.0, 1e-12));
    // Four connectors: each task carries 25 % → saturates at 1000/0.25 = 4000/s, so 3000/s
    // flows without lag; but each of the 4 slots decodes all 3 MB/s → 12 MB/s (×4).
    let r4 = run(&config(3000.0, quarters(4), split_connectors(4)));
    assert!(close(
        r4.throughput.max_sustainable_input_events_per_s,
        4000.0,
        1e-6
    ));
    assert!(close(r4.throughput.end_to_end_events_per_s, 3000.0, 1e-6));
    assert!(close(r4.decoding.decoded_bytes_per_s, 12e6, 1e-3));
    assert!(close(r4.decoding.decode_multiplier, 4.0, 1e-12));
    assert_eq!(r4.decoding.slots, 4);
    // The comparison's variant 4 from the single-connector setup gives the same numbers.
    let v4 = &r1.comparison[3];
    assert_eq!(v4.id, "connectors");
    assert_eq!(v4.connectors.len(), 4);
    assert!(close(v4.max_sustainable_input_events_per_s, 4000.0, 1e-6));
    assert!(close(v4.decoded_bytes_per_s, 12e6, 1e-3));
}

#[test]
fn decoding_budget_can_make_more_connectors_worse() {
    // walsender 10 MB/s, server budget 20 MB/s, 1000 WAL bytes per change.
    // 4 connectors: D = min(10, 20/4 = 5) MB/s → a slot keeps up to 5e6/1000 = 5000/s;
    //   the tasks saturate at 1000/0.25 = 4000/s → the tasks bind at 4000/s.
    // 8 connectors: D = min(10, 20/8 = 2.5) MB/s → 2500/s; tasks at 1000/0.125 = 8000/s →
    //   decoding binds at 2500/s: worse than 4 connectors.
    let mk = |n: usize| {
        let mut v = config(3000.0, quarters(n), split_connectors(n));
        v["source"]["server"]["walsender_decode_bytes_per_s"] = json!(1e7);
        v["source"]["server"]["decode_budget_bytes_per_s"] = json!(2e7);
        v
    };
    let r4 = run(&mk(4));
    assert_eq!(r4.binding.kind, ConstraintKind::ConnectorTask);
    assert!(close(
        r4.throughput.max_sustainable_input_events_per_s,
        4000.0,
        1e-6
    ));
    let r8 = run(&mk(8));
    assert_eq!(r8.binding.kind, ConstraintKind::Decoding);
    assert!(close(
        r8.throughput.max_sustainable_input_events_per_s,
        2500.0,
        1e-6
    ));
    assert!(r8.binding.label.en.contains("×8 slots"));
}

fn downstream(rate: f64, partitions: u64, consumers: u64, consumer_rate: f64, hot: f64) -> Value {
    let mut v = config(
        rate,
        one_set(),
        json!([{ "name": "pg", "table_sets": ["all"] }]),
    );
    // A fast connector so that the downstream binds.
    v["calibration"]["single_connector_events_per_s"] = json!(100_000);
    v["kafka"] = json!({
        "write_capacity_bytes_per_s": 1e11, "partitions": partitions, "consumers": consumers,
        "consumer_rate_events_per_s": consumer_rate, "hot_key_share_percent": hot
    });
    v
}

#[test]
fn more_consumers_than_partitions_do_not_help() {
    // 4 partitions, 500/s per consumer: 4 consumers → 4·500 = 2000/s.
    // 8 consumers: only min(8, 4) = 4 get a partition → still 2000/s, 4 idle.
    let r4 = run(&downstream(3000.0, 4, 4, 500.0, 0.0));
    let r8 = run(&downstream(3000.0, 4, 8, 500.0, 0.0));
    assert!(close(
        r4.throughput.max_sustainable_input_events_per_s,
        2000.0,
        1e-6
    ));
    assert!(close(
        r8.throughput.max_sustainable_input_events_per_s,
        2000.0,
        1e-6
    ));
    assert!(close(r8.throughput.end_to_end_events_per_s, 2000.0, 1e-6));
    assert_eq!(r8.consumers.idle_consumers, 4);
    assert_eq!(r8.binding.kind, ConstraintKind::Partitions);
    assert_eq!(r4.binding.kind, ConstraintKind::Partitions);
    // Consumer lag is in Kafka, not in the WAL: the connector keeps up.
    assert_eq!(r8.lag.max_source_lag_events, 0);
    assert_eq!(r8.wal.max_retained_wal_bytes, 0);
    assert!(r8.lag.max_consumer_lag_events > 0);
    // 2 consumers for 4 partitions: 2 partitions each → 50 % each → 500/0.5 = 1000/s.
    let r2 = run(&downstream(3000.0, 4, 2, 500.0, 0.0));
    assert_eq!(r2.binding.kind, ConstraintKind::Consumers);
    assert!(close(
        r2.throughput.max_sustainable_input_events_per_s,
        1000.0,
        1e-6
    ));
}

#[test]
fn a_hot_key_caps_one_partition() {
    // Hot key s = 50 %, P = C = 4, 1000/s per consumer.
    // Hot partition: 0.5 + 0.5/4 = 0.625 of the records → saturates at 1000/0.625 = 1600/s.
    // At 3000/s: hot consumer min(1875, 1000) = 1000, others 3·min(375, 1000) = 1125
    // → 2125/s through, lag grows 3000 − 2125 = 875/s.
    let r = run(&downstream(3000.0, 4, 4, 1000.0, 50.0));
    assert_eq!(r.binding.kind, ConstraintKind::HotKey);
    assert!(r.binding.label.en.starts_with("partition 0: hot key"));
    assert!(close(
        r.throughput.max_sustainable_input_events_per_s,
        1600.0,
        1e-6
    ));
    assert!(close(r.throughput.end_to_end_events_per_s, 2125.0, 1e-6));
    assert!(close(r.throughput.lag_growth_events_per_s, 875.0, 1e-6));
    assert!(close(r.consumers.hot_partition_share_percent, 62.5, 1e-9));
    // P = C = 8: 0.5 + 0.5/8 = 0.5625 → 1777.8/s; never above rate/s = 2000/s.
    let r8 = run(&downstream(3000.0, 8, 8, 1000.0, 50.0));
    assert!(close(
        r8.throughput.max_sustainable_input_events_per_s,
        1000.0 / 0.5625,
        1e-6
    ));
    let r1000 = run(&downstream(3000.0, 1000, 1000, 1000.0, 50.0));
    assert!(r1000.throughput.max_sustainable_input_events_per_s < 2000.0);
}

#[test]
fn lag_grows_at_input_minus_capacity() {
    // Input 1500/s, one task of 1000/s: lag grows 500/s. After 3600 s: 1 800 000 events.
    // Age of the oldest event: delivered D = 1000·t, it arrived when 1500·τ = D → τ = 2t/3,
    // lag = t − τ = t/3 = 1200 s at t = 3600.
    // WAL retained: 1 800 000 events · 1000 bytes = 1.8e9 bytes, growing 500·1000 = 5e5 B/s.
    let r = run(&config(
        1500.0,
        one_set(),
        json!([{ "name": "pg", "table_sets": ["all"] }]),
    ));
    assert!(close(r.throughput.lag_growth_events_per_s, 500.0, 1e-9));
    assert_eq!(r.lag.final_source_lag_events, 1_800_000);
    assert!(close(r.lag.max_source_lag_s, 1200.0, 1e-6));
    let last = r.lag_series.last().unwrap();
    assert_eq!(last.t_s, 3600);
    assert_eq!(last.source_lag_events, 1_800_000);
    assert_eq!(r.wal.max_retained_wal_bytes, 1_800_000_000);
    assert!(close(r.wal.retained_growth_bytes_per_s, 5e5, 1e-6));
    assert_eq!(
        r.wal.retained_wal_bytes.last().copied(),
        Some([3_600_000, 1_800_000_000])
    );
    // After 60 s: 30 000 events.
    assert_eq!(r.lag_series[1].source_lag_events, 30_000);
    // Healthy retention: 1500·1000 B/s · (60 s + 15 s) = 112.5e6 bytes.
    assert_eq!(r.wal.healthy_retained_bytes, 112_500_000);
}

#[test]
fn burst_drains_at_capacity_minus_base() {
    // Base 500/s, burst 1500/s for 600 s from t = 600, capacity 1000/s.
    // During the burst lag grows 500/s → 300 000 events at t = 1200; then it drains at
    // 1000 − 500 = 500/s → 600 s, empty at t = 1800.
    let mut v = config(
        500.0,
        one_set(),
        json!([{ "name": "pg", "table_sets": ["all"] }]),
    );
    v["source"]["profile"] = json!({
        "kind": "burst", "rate_events_per_s": 500, "peak_events_per_s": 1500,
        "burst_start_s": 600, "burst_duration_s": 600
    });
    let r = run(&v);
    assert_eq!(r.lag.max_source_lag_events, 300_000);
    assert_eq!(r.lag.max_end_to_end_lag_at_s, 1200);
    assert_eq!(r.lag.drain_from_s, Some(1200));
    assert_eq!(r.lag.drain_s, Some(600));
}

#[test]
fn tuning_helps_modestly_only_when_the_task_binds() {
    // Task binds (input 1500/s): defaults 1000/s, tuned 1111.1/s (+11.1 %).
    let r = run(&config(
        1500.0,
        one_set(),
        json!([{ "name": "pg", "table_sets": ["all"] }]),
    ));
    let (d, t) = (&r.comparison[0], &r.comparison[1]);
    assert!(close(d.max_sustainable_input_events_per_s, 1000.0, 1e-6));
    assert!(close(
        t.max_sustainable_input_events_per_s,
        1000.0 / 0.9,
        1e-6
    ));
    assert!(close(r.calibration.tuned_gain_percent, 100.0 / 9.0, 1e-6));
    assert!(
        r.binding.help.en.contains("+11.1%"),
        "{}",
        r.binding.help.en
    );

    // Consumers bind (1 partition, 1 consumer at 800/s): tuned = defaults = 800/s.
    let mut v = config(
        1500.0,
        one_set(),
        json!([{ "name": "pg", "table_sets": ["all"] }]),
    );
    v["kafka"]["partitions"] = json!(1);
    v["kafka"]["consumers"] = json!(1);
    v["kafka"]["consumer_rate_events_per_s"] = json!(800);
    let r = run(&v);
    let (d, t) = (&r.comparison[0], &r.comparison[1]);
    assert_eq!(d.binding.kind, ConstraintKind::Partitions);
    assert!(close(d.max_sustainable_input_events_per_s, 800.0, 1e-6));
    assert!(close(t.max_sustainable_input_events_per_s, 800.0, 1e-6));
    assert!(close(
        d.throughput_events_per_s,
        t.throughput_events_per_s,
        1e-9
    ));
    assert_eq!(d.max_lag_events, t.max_lag_events);
    // Variant 5 (4 partitions + 4 consumers) moves the limit to the task: min(1000, 3200).
    let v5 = &r.comparison[4];
    assert_eq!(v5.binding.kind, ConstraintKind::ConnectorTask);
    assert!(close(v5.max_sustainable_input_events_per_s, 1000.0, 1e-6));
}

#[test]
fn small_queue_serialises_the_two_threads() {
    // max.queue.size = 2049, max.batch.size = 2048: overlap (2049 − 2048)/2048 ≈ 0 →
    // per event ≈ p + q = 1.0 + 0.5 ms → ≈ 666.7/s (exactly 1/(1.0 + (1 − 1/2048)·0.5) ms).
    let r = run(&config(
        1500.0,
        one_set(),
        json!([{ "name": "pg", "table_sets": ["all"], "max_queue_size": 2049 }]),
    ));
    let expected = 1000.0 / (1.0 + (1.0 - 1.0 / 2048.0) * 0.5);
    assert!(close(
        r.throughput.max_sustainable_input_events_per_s,
        expected,
        1e-6
    ));
}

#[test]
fn latency_without_backlog() {
    // 500/s, default settings: a batch of 2048 would take 4.1 s to fill, so the poll returns
    // after poll.interval.ms = 500 ms with 250 events: poll wait 250 ms (half the cycle),
    // batch 250·0.8 ms + 409.6 ms = 609.6 ms; consumer 1/1e6 s = 0.001 ms.
    // LSN confirmed after 60 000/2 + 250 = 30 250 ms on average, 60 500 ms at worst.
    let r = run(&config(
        500.0,
        one_set(),
        json!([{ "name": "pg", "table_sets": ["all"] }]),
    ));
    assert!(close(r.latency.poll_wait_ms, 250.0, 1e-9));
    assert!(close(r.latency.batch_ms, 609.6, 1e-9));
    assert!(close(r.latency.delivery_ms, 859.601, 1e-9));
    assert!(close(r.latency.offset_commit_ms, 30_250.0, 1e-9));
    assert!(close(r.latency.offset_commit_max_ms, 60_500.0, 1e-9));
    assert_eq!(r.lag.max_end_to_end_lag_events, 0);
    assert_eq!(r.lag.drain_s, None);
}

#[test]
fn poll_interval_is_capped_from_3_7() {
    // poll.interval.ms = 10000 at 100/s: before 3.7 the poll waits 10 s (wait 5000 ms);
    // from 3.7 it is capped at 5000 ms (wait 2500 ms).
    let mk = |ver: &str| {
        config(
            100.0,
            one_set(),
            json!([{ "name": "pg", "table_sets": ["all"], "poll_interval_ms": 10000,
                     "debezium_version": ver }]),
        )
    };
    assert!(close(run(&mk("3.6")).latency.poll_wait_ms, 5000.0, 1e-9));
    assert!(close(run(&mk("3.7")).latency.poll_wait_ms, 2500.0, 1e-9));
}

#[test]
fn calibration_is_flagged_as_an_assumption() {
    let r = evaluate(&RawConfig::example().validate().unwrap());
    assert!(r.calibration.is_assumption);
    assert!(r.calibration.note.en.contains("rule of thumb"));
    assert!(r.calibration.note.ru.contains("допущение"));
    // Defaults: 7000/s at 1 KB; per-batch overhead 0.2/7000·2048 s = 58.514 ms.
    assert!(close(
        r.calibration.batch_overhead_ms,
        0.2 / 7000.0 * 2048.0 * 1000.0,
        1e-9
    ));
    assert!(close(r.calibration.poll_event_us, 0.8 / 7000.0 * 1e6, 1e-9));
}
