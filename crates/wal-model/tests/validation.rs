//! Bad input named in the foundation issue: each is rejected by validation with a message
//! that names the field path and quotes the bad value — never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use wal_model::from_json;

fn base() -> serde_json::Value {
    serde_json::json!({
        "name": "t", "duration_ms": 3_600_000,
        "workload": [{"database": "app", "pattern": {"kind": "steady", "bytes_per_s": 1000}}],
        "slots": [{"name": "s", "database": "app"}],
        "connectors": [{"name": "c", "slot": "s"}]
    })
}

fn rejects(v: serde_json::Value, path: &str, quoted: &str) {
    match from_json(&v.to_string()) {
        Ok(_) => panic!("accepted: {v}"),
        Err(e) => {
            let text = e.to_string();
            assert!(
                text.contains(path),
                "message does not name {path:?}: {text}"
            );
            assert!(
                text.contains(quoted),
                "message does not quote {quoted:?}: {text}"
            );
        }
    }
}

#[test]
fn the_base_scenario_is_valid() {
    assert!(from_json(&base().to_string()).is_ok());
}

#[test]
fn unknown_field() {
    let mut v = base();
    v["postgres"] = serde_json::json!({"max_wal_sise_mb": 64});
    rejects(v, "postgres", "max_wal_sise_mb");
}

#[test]
fn negative_rate() {
    let mut v = base();
    v["workload"][0]["pattern"]["bytes_per_s"] = serde_json::json!(-5);
    rejects(v, "workload[0].pattern.bytes_per_s", "\"-5\"");
}

#[test]
fn max_slot_wal_keep_size_below_minus_one() {
    let mut v = base();
    v["postgres"] = serde_json::json!({"max_slot_wal_keep_size_mb": -2});
    rejects(v, "postgres.max_slot_wal_keep_size_mb", "\"-2\"");
}

#[test]
fn a_schedule_that_overlaps_itself() {
    let mut v = base();
    v["connectors"][0]["downtime"] =
        serde_json::json!([{"from_ms": 1000, "to_ms": 5000}, {"from_ms": 4000, "to_ms": 6000}]);
    rejects(v, "connectors[0].downtime[1]", "overlaps downtime[0]");
    let mut v = base();
    v["workload"][0]["pattern"] = serde_json::json!({"kind": "bursts", "bursts": [
        {"from_ms": 0, "to_ms": 10000, "bytes_per_s": 5}, {"from_ms": 9000, "to_ms": 12000, "bytes_per_s": 5}]});
    rejects(v, "workload[0].pattern.bursts[1]", "overlaps bursts[0]");
}

#[test]
fn a_duration_beyond_30_days() {
    let mut v = base();
    v["duration_ms"] = serde_json::json!(30u64 * 86_400_000 + 1);
    rejects(v, "duration_ms", "\"2592000001\"");
}

#[test]
fn a_value_that_would_overflow_a_u64_lsn() {
    // start 3FFFFFFF/0 ≈ 4.6117e18 plus 4200 writes of 2^50 bytes (4.729e18) passes 2^63:
    // the model keeps LSNs below 2^63 so that every sum of two positions fits a u64.
    let mut v = base();
    v["postgres"] = serde_json::json!({"start_lsn": "3FFFFFFF/0"});
    let writes: Vec<_> = (0..4200)
        .map(|i| serde_json::json!({"kind": "write", "at_ms": i, "bytes": 1u64 << 50}))
        .collect();
    v["events"] = serde_json::json!(writes);
    rejects(v, "workload", "beyond a u64 LSN");
    // A rate too high to be real is rejected on its own.
    let mut v = base();
    v["workload"][0]["pattern"]["bytes_per_s"] = serde_json::json!(i64::MAX);
    rejects(
        v,
        "workload[0].pattern.bytes_per_s",
        &format!("\"{}\"", i64::MAX),
    );
}

#[test]
fn other_bad_values_name_their_fields() {
    let mut v = base();
    v["connectors"][0]["heartbeat"] = serde_json::json!({"interval_ms": -5});
    rejects(v, "connectors[0].heartbeat.interval_ms", "\"-5\"");
    let mut v = base();
    v["connectors"][0]["debezium_version"] = serde_json::json!("9.9");
    rejects(v, "connectors[0].debezium_version", "\"9.9\"");
    let mut v = base();
    v["connectors"][0]["lsn_flush_mode"] = serde_json::json!("connector_and_driver");
    rejects(v, "connectors[0].lsn_flush_mode", "3.4");
    let mut v = base();
    v["postgres"] = serde_json::json!({"wal_segment_size_mb": 24});
    rejects(v, "postgres.wal_segment_size_mb", "\"24\"");
    let mut v = base();
    v["alerts"] = serde_json::json!({"warning_mb": 5000, "critical_mb": 1000});
    rejects(v, "alerts.critical_mb", "\"1000\"");
    let mut v = base();
    v["connectors"][0]["slot"] = serde_json::json!("nope");
    rejects(v, "connectors[0].slot", "\"nope\"");
    let mut v = base();
    v["events"] = serde_json::json!([{"kind": "heartbeat_error", "at_ms": 5, "connector": "c", "sqlstate": "oops"}]);
    rejects(v, "events[0].sqlstate", "\"oops\"");
    let mut v = base();
    v["slots"][0]["name"] = serde_json::json!("Bad-Name");
    rejects(v, "slots[0].name", "\"Bad-Name\"");
}

#[test]
fn syntax_errors_and_wrong_types_do_not_panic() {
    for text in [
        "",
        "{",
        "[]",
        "null",
        "{\"name\": 5}",
        "{\"name\":\"x\",\"duration_ms\":\"soon\"}",
        "\u{0}",
    ] {
        assert!(from_json(text).is_err(), "accepted {text:?}");
    }
}

#[test]
fn all_errors_are_reported_at_once() {
    let mut v = base();
    v["duration_ms"] = serde_json::json!(5);
    v["postgres"] = serde_json::json!({"max_slot_wal_keep_size_mb": -7});
    let e = from_json(&v.to_string()).unwrap_err();
    assert!(e.0.len() >= 2, "{e}");
}
