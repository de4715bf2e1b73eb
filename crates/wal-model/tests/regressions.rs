//! Every disagreement the random tests found between the fast engine and the reference,
//! shrunk and kept by name. Each scenario once made the fast engine wrong (or panic).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod reference;

fn agree(json: &str) {
    let s = wal_model::from_json(json).unwrap();
    let fast = wal_model::simulate(&s);
    let slow = reference::simulate_reference(&s);
    assert_eq!(fast.events, slow.events, "event logs differ");
    for t in (0..=200u64).map(|j| s.duration_ms * j / 200) {
        for i in 0..fast.slots.len() {
            assert_eq!(
                fast.slot_row(i, t),
                slow.slot_row(i, t),
                "slot {i} at {t} ms"
            );
        }
    }
}

/// A 100 ms heartbeat train asked for the first beat after `u64::MAX` (no WAL ever after
/// the confirmed position): `first_ms + k·interval` overflowed and panicked.
#[test]
fn heartbeat_train_lookup_past_the_end_does_not_overflow() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"2.7","downtime":[],"heartbeat":{"action_query":"emit_message","interval_ms":100},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":0}],"disk":{"size_mb":256},"duration_ms":14400000,"events":[],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":14,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"created_at_ms":14400000,"database":"app","name":"s1"},{"created_at_ms":14400000,"database":"app","name":"s2"}],"workload":[]}"#,
    );
}

/// WAL stops after a burst; the consumer has confirmed everything; the next running-xacts
/// record (7305 s) is accepted at once and moves restart_lsn — between two commits. The fast
/// engine used to wait for the next checkpoint (7314.857 s).
#[test]
fn running_xacts_accepted_at_once_between_commits() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"none","interval_ms":0},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":0}],"disk":{"size_mb":256},"duration_ms":14400000,"events":[],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":13,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"created_at_ms":14400000,"database":"app","name":"s1"},{"created_at_ms":14400000,"database":"app","name":"s2"}],"workload":[{"database":"app","pattern":{"bursts":[{"bytes_per_s":2000000,"from_ms":600000,"to_ms":1500000},{"bytes_per_s":6000000,"from_ms":7200000,"to_ms":7300000}],"kind":"bursts"},"tables":"captured"}]}"#,
    );
}

/// Two connectors on one database: c1 (decoderbufs, cannot see its own messages) starts its
/// pre-2.4 heartbeat train only when filtered changes arrive at 600 s; c0 (pgoutput) receives
/// those messages and confirms. The fast engine did not look again at c0 when c1's train
/// appeared.
#[test]
fn another_connectors_heartbeat_messages_are_records() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"none","interval_ms":0},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":0},{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"emit_message","interval_ms":100},"lsn_flush_mode":"connector","name":"c1","offset_flush_interval_ms":1000,"slot":"s1","start_ms":0}],"disk":{"size_mb":256},"duration_ms":14400000,"events":[],"name":"random","postgres":{"checkpoint_timeout_s":177,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":14,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"database":"app","name":"s1","plugin":"decoderbufs"},{"created_at_ms":14400000,"database":"app","name":"s2"}],"workload":[{"database":"app","pattern":{"bursts":[{"bytes_per_s":65794,"from_ms":600000,"to_ms":1500000},{"bytes_per_s":197382,"from_ms":7200000,"to_ms":7300000}],"kind":"bursts"},"tables":"filtered"}]}"#,
    );
}

/// Creating a slot logs a running-xacts record: another slot whose consumer has confirmed
/// everything accepts it at once (restart_lsn jumps, its alert clears).
#[test]
fn slot_creation_record_moves_other_slots() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"none","interval_ms":0},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":0},{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"none","interval_ms":0},"lsn_flush_mode":"connector","name":"c1","offset_flush_interval_ms":1000,"slot":"s1","start_ms":0}],"disk":{"size_mb":5687},"duration_ms":10800000,"events":[{"at_ms":7493000,"connector":"c1","interval_ms":56001,"kind":"heartbeat_on"}],"name":"random","postgres":{"checkpoint_timeout_s":173,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":1024,"min_wal_size_mb":32,"version":13,"wal_keep_size_mb":332,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"database":"app","name":"s1","plugin":"decoderbufs"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[{"database":"app","pattern":{"bursts":[{"bytes_per_s":263173,"from_ms":600000,"to_ms":1500000},{"bytes_per_s":789519,"from_ms":7200000,"to_ms":7300000}],"kind":"bursts"},"tables":"filtered"}]}"#,
    );
}

/// A 268 MB write lands at the instant a checkpoint ends, on a disk with room for seven 64 MB
/// segments: the write cannot get past the segment that does not fit (PANIC), so the
/// checkpoint sees WAL only up to there. The reference used to let the checkpoint see the
/// whole write, remove more and avoid the full disk.
#[test]
fn a_write_that_fills_the_disk_stops_at_the_segment_that_does_not_fit() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[],"disk":{"size_mb":448},"duration_ms":10800000,"events":[{"at_ms":4999696,"bytes":268434639,"kind":"write"},{"at_ms":0,"bytes":1,"database":"app","kind":"write"}],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":128,"min_wal_size_mb":128,"version":13,"wal_keep_size_mb":320,"wal_segment_size_mb":64},"slots":[{"created_at_ms":10800000,"database":"app","name":"s0"},{"created_at_ms":10800000,"database":"app","name":"s1"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[{"pattern":{"bytes_per_s":429523,"kind":"steady"},"tables":"captured"},{"pattern":{"bytes_per_s":0,"kind":"steady"},"tables":"captured"}]}"#,
    );
}
