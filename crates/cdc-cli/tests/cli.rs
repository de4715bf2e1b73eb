//! The `cdc-lab` binary end to end: presets, event log, traces with `pg_replication_slots`
//! column names, and exit code 2 with a message naming the field for bad input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::process::Command;

fn cdc_lab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cdc-lab"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cdc-lab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn run_a_preset_prints_the_incident() {
    let (code, out, _) = cdc_lab(&["run", "idle-db-no-heartbeat"]);
    assert_eq!(code, 0);
    // 1 GiB at 1 MiB/s: first whole millisecond past 1024 s = 0+00:17:04.001.
    assert!(out.contains("0+00:17:04.001  ALERT Warning"), "{out}");
    assert!(out.contains("PANIC: could not write to file"), "{out}");
}

#[test]
fn presets_list_show_export() {
    let (code, out, _) = cdc_lab(&["presets", "list"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), wal_model::presets::PRESETS.len());
    let (code, out, _) = cdc_lab(&["presets", "show", "idle-db-heartbeat"]);
    assert_eq!(code, 0);
    assert!(wal_model::from_json(&out).is_ok());
    let dir = std::env::temp_dir().join(format!("cdc-lab-export-{}", std::process::id()));
    let (code, _, _) = cdc_lab(&["presets", "export", "--dir", dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    // An exported preset runs from its file.
    let file = dir.join("bulk-load-burst.json");
    let (code, out, _) = cdc_lab(&["run", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["scenario"], "bulk-load-burst");
    let (code, _, err) = cdc_lab(&["presets", "show", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("\"nope\""));
}

#[test]
fn trace_columns_are_pg_replication_slots_names() {
    let (code, out, _) = cdc_lab(&[
        "run",
        "idle-db-heartbeat",
        "--trace",
        "csv",
        "--every-ms",
        "3600000",
    ]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "t_ms,slot_name,active,active_pid,restart_lsn,confirmed_flush_lsn,wal_status,safe_wal_size,retained_bytes,pg_current_wal_lsn,pg_wal_bytes"
    );
    // 7 days hourly: 169 samples, one slot.
    assert_eq!(lines.count(), 169);
    let (code, out, _) = cdc_lab(&["run", "idle-db-heartbeat", "--trace", "jsonl"]);
    assert_eq!(code, 0);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["slot_name"], "debezium");
    assert_eq!(first["wal_status"], "reserved");
}

#[test]
fn slots_at_an_instant() {
    let (code, out, _) = cdc_lab(&["slots", "weekend-outage-slot-limit", "--at-ms", "600000000"]);
    assert_eq!(code, 0);
    assert!(out.contains("wal_status          | lost"), "{out}");
    assert!(
        out.contains("restart_lsn         | \n"),
        "an invalidated slot shows NULL restart_lsn: {out}"
    );
}

#[test]
fn invalid_scenarios_exit_2_naming_the_field() {
    let bad = r#"{"name":"x","duration_ms":3600000,"postgres":{"max_slot_wal_keep_size_mb":-2}}"#;
    let p = temp_file("bad.json", bad);
    let (code, _, err) = cdc_lab(&["run", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("postgres.max_slot_wal_keep_size_mb") && err.contains("\"-2\""),
        "{err}"
    );
    let p = temp_file(
        "unknown.json",
        r#"{"name":"x","duration_ms":3600000,"colour":"red"}"#,
    );
    let (code, _, err) = cdc_lab(&["run", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("colour"), "{err}");
    let (code, _, _) = cdc_lab(&["run", "/nonexistent/file.json"]);
    assert_eq!(code, 1);
    let (code, _, err) = cdc_lab(&["run", "idle-db-heartbeat", "--every-ms", "-3"]);
    assert_eq!(code, 2);
    assert!(err.contains("\"-3\""), "{err}");
    let (code, _, _) = cdc_lab(&["frobnicate"]);
    assert_eq!(code, 2);
}

#[test]
fn scaling_commands_are_wired() {
    let (code, out, _) = cdc_lab(&["scaling", "example"]);
    assert_eq!(code, 0);
    let p = temp_file("scaling.json", &out);
    let (code, out, _) = cdc_lab(&["scaling", "connectors", p.to_str().unwrap()]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v.as_array().is_some_and(|a| !a.is_empty()));
}
