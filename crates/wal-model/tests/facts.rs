//! One small scenario per fact-sheet rule the engine implements, with the expected numbers
//! worked out by hand (facts.md section named in each test). LSNs: start 0/3000028 =
//! 50 331 688; 1 MiB/s = 1 048 576 bytes/s, so LSN(t_ms) = 50 331 688 + t_ms × 1048.576.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use wal_model::report::{AlertLevel, LogKind};
use wal_model::{from_json, simulate, Report};

const START: u64 = 50_331_688;
const MIB: u64 = 1_048_576;

/// One slot `debezium` on `inventory`; `other` writes 1 MiB/s unless `workload` says otherwise.
fn run(
    connector: serde_json::Value,
    workload: serde_json::Value,
    version: u32,
    hours: u64,
) -> Report {
    let mut c = connector;
    c["name"] = serde_json::json!("inventory-connector");
    c["slot"] = serde_json::json!("debezium");
    let s = serde_json::json!({
        "name": "fact", "duration_ms": hours * 3_600_000,
        "postgres": {"version": version},
        "workload": workload,
        "slots": [{"name": "debezium", "database": "inventory"}],
        "connectors": [c],
    });
    simulate(&from_json(&s.to_string()).unwrap())
}

fn busy_other() -> serde_json::Value {
    serde_json::json!([{"database": "other", "pattern": {"kind": "steady", "bytes_per_s": MIB}}])
}

fn warning_at(r: &Report) -> Option<u64> {
    r.events
        .iter()
        .find(|e| {
            matches!(
                e.kind,
                LogKind::AlertRaised {
                    level: AlertLevel::Warning,
                    ..
                }
            )
        })
        .map(|e| e.t_ms)
}

fn max_retained(r: &Report) -> u64 {
    r.series
        .iter()
        .filter_map(|p| p.slots[0].retained_bytes)
        .map(|s| s.max)
        .max()
        .unwrap()
}

/// facts.md "rules that matter most": Debezium confirms only at offset commits
/// (offset.flush.interval.ms, 60 s); restart_lsn moves only to a running-xacts record
/// (bgwriter: 7 s, 22 s, 37 s, ... here) once the confirmation reached it.
#[test]
fn confirmation_waits_for_the_commit_and_restart_lsn_for_running_xacts() {
    let r = run(
        serde_json::json!({"debezium_version": "2.7"}),
        serde_json::json!([{"database": "inventory", "pattern": {"kind": "steady", "bytes_per_s": MIB}}]),
        15,
        1,
    );
    // Just before the first commit nothing is confirmed.
    let row = r.slot_row(0, 59_999).unwrap();
    assert_eq!(row.confirmed_flush_lsn.unwrap().0, START);
    // At 60 s: confirmed = LSN(60 s) = START + 60 × 1 MiB; restart = the first running-xacts
    // record (7 s) = START + 7 × 1 MiB.
    let row = r.slot_row(0, 60_000).unwrap();
    assert_eq!(row.confirmed_flush_lsn.unwrap().0, START + 60 * MIB);
    assert_eq!(row.restart_lsn.unwrap().0, START + 7 * MIB);
    // At 120 s: the candidate is the first record after the 60 s commit: 67 s.
    let row = r.slot_row(0, 120_000).unwrap();
    assert_eq!(row.restart_lsn.unwrap().0, START + 67 * MIB);
    assert_eq!(row.confirmed_flush_lsn.unwrap().0, START + 120 * MIB);
}

/// facts.md §5 (per-database decoding) and Part 2 §2 DBZ-6635: before Debezium 2.4 no
/// heartbeat is sent until the first event after a start, so an idle captured database never
/// gets one; from 2.4 on the heartbeat starts with the task and bounds retention.
#[test]
fn heartbeats_before_2_4_wait_for_a_first_event() {
    let hb = serde_json::json!({"interval_ms": 10_000, "action_query": "emit_message"});
    let old = run(
        serde_json::json!({"debezium_version": "2.3", "heartbeat": hb}),
        busy_other(),
        15,
        6,
    );
    // Retained > 1 GiB once floor(t × 1048.576) > 1 073 741 824 → t = 1 024 001 ms.
    assert_eq!(warning_at(&old), Some(1_024_001));
    let new = run(
        serde_json::json!({"debezium_version": "2.4", "heartbeat": hb}),
        busy_other(),
        15,
        6,
    );
    assert_eq!(warning_at(&new), None);
    // Steady state: restart trails the commit two minutes minus the 7 s record offset:
    // 113 s × 1 MiB (as in the idle-db-heartbeat preset).
    assert_eq!(max_retained(&new), 113 * MIB);
}

/// facts.md §6/§7: pgoutput passes logical messages only from PostgreSQL 14 (messages
/// option); a heartbeat-table UPDATE is a change every plugin decodes.
#[test]
fn pgoutput_sees_logical_messages_only_from_pg14() {
    let msg = serde_json::json!({"debezium_version": "2.7", "heartbeat": {"interval_ms": 10_000, "action_query": "emit_message"}});
    assert_eq!(
        warning_at(&run(msg.clone(), busy_other(), 13, 2)),
        Some(1_024_001)
    );
    assert_eq!(warning_at(&run(msg, busy_other(), 14, 2)), None);
    let table = serde_json::json!({"debezium_version": "2.7", "heartbeat": {"interval_ms": 10_000, "action_query": "table_update"}});
    assert_eq!(warning_at(&run(table, busy_other(), 13, 2)), None);
}

/// facts.md §5 and Part 2 §2: a heartbeat without an action query carries only the last LSN
/// received from the slot's own database — on an idle database that is nothing new.
#[test]
fn a_heartbeat_without_action_query_cannot_help_an_idle_database() {
    let r = run(
        serde_json::json!({"debezium_version": "2.7", "heartbeat": {"interval_ms": 10_000}}),
        busy_other(),
        15,
        2,
    );
    assert_eq!(warning_at(&r), Some(1_024_001));
    assert_eq!(
        r.slot_row(0, 7_200_000)
            .unwrap()
            .confirmed_flush_lsn
            .unwrap()
            .0,
        START
    );
}

/// facts.md §5 (DBZ-9641): lsn.flush.mode=connector_and_driver (3.4+) lets keep-alives
/// confirm WAL that produced no events.
#[test]
fn keep_alive_flushing_bounds_an_idle_database_on_3_4() {
    let r = run(
        serde_json::json!({"debezium_version": "3.4", "lsn_flush_mode": "connector_and_driver"}),
        busy_other(),
        15,
        2,
    );
    assert_eq!(warning_at(&r), None);
    // Same bound as the heartbeat case: restart 113 s behind at worst.
    assert_eq!(max_retained(&r), 113 * MIB);
    let plain = run(
        serde_json::json!({"debezium_version": "3.4"}),
        busy_other(),
        15,
        2,
    );
    assert_eq!(warning_at(&plain), Some(1_024_001));
}

/// facts.md Part 2 §2: an event filtered out by table.include.list is received (its COMMIT
/// updates the offset) but emits no record: only a heartbeat carries its LSN to a commit.
#[test]
fn filtered_changes_need_a_heartbeat_to_be_confirmed() {
    let filtered = serde_json::json!([{"database": "inventory", "tables": "filtered", "pattern": {"kind": "steady", "bytes_per_s": MIB}}]);
    let none = run(
        serde_json::json!({"debezium_version": "2.7"}),
        filtered.clone(),
        15,
        1,
    );
    assert_eq!(warning_at(&none), Some(1_024_001));
    let hb = run(
        serde_json::json!({"debezium_version": "2.7", "heartbeat": {"interval_ms": 10_000}}),
        filtered,
        15,
        1,
    );
    assert_eq!(warning_at(&hb), None);
    // The heartbeat at 60 s carries the newest LSN received before it, LSN(59 999 ms) =
    // START + floor(59 999 × 1048.576) = START + 62 913 511 = START + 60 MiB − 1049; the
    // commit at 60 s (after the heartbeat at the same instant) confirms it.
    assert_eq!(
        hb.slot_row(0, 60_000)
            .unwrap()
            .confirmed_flush_lsn
            .unwrap()
            .0,
        START + 60 * MIB - 1049
    );
}

/// facts.md §3: WAL is removed only at the end of a checkpoint; an idle system skips
/// checkpoints, so nothing is ever removed.
#[test]
fn an_idle_cluster_removes_nothing() {
    let r = run(
        serde_json::json!({"debezium_version": "2.7"}),
        serde_json::json!([]),
        15,
        3,
    );
    assert!(r
        .events
        .iter()
        .all(|e| !matches!(e.kind, LogKind::CheckpointRemovedWal { .. })));
    assert_eq!(r.pg_wal_bytes_at(3 * 3_600_000), 16 * MIB);
}

/// `PreallocXlogFiles` (seen on PostgreSQL 15.18 by crates/pg-check): an idle slot created at
/// 0/1D3EFE8, then `CHECKPOINT` ending 82 % into segment 1 leaves two files (segments 1 and
/// 2); 8 MiB more (into segment 2 at 32 %) and another `CHECKPOINT` add nothing, 4 MiB more
/// (57 %): still two; 4 MiB more (82 %) and a `CHECKPOINT`: three.
#[test]
fn a_checkpoint_late_in_a_segment_preallocates_the_next_file() {
    let start = 0x1D3_EFE8u64;
    let s = serde_json::json!({
        "name": "prealloc", "duration_ms": 10_000,
        "postgres": {"version": 15, "max_wal_size_mb": 64, "min_wal_size_mb": 32,
                     "checkpoint_timeout_s": 86_400, "checkpoint_completion_target": 0.0,
                     "start_lsn": format!("0/{start:X}")},
        "slots": [{"name": "debezium", "database": "inventory"}],
        "events": [
            {"kind": "checkpoint", "at_ms": 1_000},
            {"kind": "write", "at_ms": 2_000, "database": "other", "bytes": 8 * MIB},
            {"kind": "checkpoint", "at_ms": 2_500},
            {"kind": "write", "at_ms": 3_000, "database": "other", "bytes": 4 * MIB},
            {"kind": "checkpoint", "at_ms": 3_500},
            {"kind": "write", "at_ms": 4_000, "database": "other", "bytes": 4 * MIB},
            {"kind": "checkpoint", "at_ms": 4_500}
        ]
    });
    let r = simulate(&from_json(&s.to_string()).unwrap());
    let seg = 16 * MIB;
    assert_eq!(
        r.pg_wal_bytes_at(500),
        seg,
        "one file before any checkpoint"
    );
    assert_eq!(r.pg_wal_bytes_at(1_500), 2 * seg);
    assert_eq!(r.pg_wal_bytes_at(2_700), 2 * seg);
    assert_eq!(r.pg_wal_bytes_at(3_700), 2 * seg);
    assert_eq!(r.pg_wal_bytes_at(4_700), 3 * seg);
}
