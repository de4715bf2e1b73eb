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

/// A checkpoint ends at the very instant of an offset commit (428 405 ms): the checkpoint end
/// looked at the connector again and planned its next commit strictly after that instant,
/// skipping the one that was still due.
#[test]
fn a_commit_at_the_instant_a_checkpoint_ends_still_happens() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"none","interval_ms":0},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":16172,"slot":"s0","start_ms":56449}],"disk":{"size_mb":256},"duration_ms":10800000,"events":[],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":14,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"created_at_ms":10800000,"database":"app","name":"s1"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[{"pattern":{"bytes_per_s":1101878,"kind":"steady"},"tables":"captured"},{"database":"app","pattern":{"end_hour":3,"kind":"business_hours","off_hours_bytes_per_s":848395,"peak_bytes_per_s":3393580,"start_hour":1,"weekend_bytes_per_s":0},"tables":"captured"}]}"#,
    );
}

/// `lsn.flush.mode=connector_and_driver` confirms the server's position to the slot, but it
/// writes no offset to Kafka: a connector that never emitted a record has no offset, so when
/// its dropped slot is recreated there is no "gap" to report (it would snapshot).
#[test]
fn keep_alive_flushing_writes_no_kafka_offset() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"3.4","downtime":[{"from_ms":2354238,"to_ms":3867804}],"heartbeat":{"action_query":"none","interval_ms":0},"lsn_flush_mode":"connector_and_driver","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":0}],"disk":{"size_mb":256},"duration_ms":10800000,"events":[{"at_ms":2014001,"bytes":1,"database":"app","kind":"write"},{"at_ms":2014334,"kind":"slot_drop","slot":"s0"},{"at_ms":1001,"connector":"c0","kind":"connector_fail"}],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":13,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"created_at_ms":10800000,"database":"app","name":"s1"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[]}"#,
    );
    let s = wal_model::from_json(r#"{"name":"t","duration_ms":7200000,"workload":[{"database":"app","pattern":{"kind":"steady","bytes_per_s":1000}}],"slots":[{"name":"s0","database":"app"}],"connectors":[{"name":"c0","slot":"s0","debezium_version":"3.4","lsn_flush_mode":"connector_and_driver"}],"events":[{"kind":"connector_stop","at_ms":600000,"connector":"c0"},{"kind":"slot_drop","at_ms":700000,"slot":"s0"},{"kind":"connector_start","at_ms":800000,"connector":"c0"}]}"#).unwrap();
    let r = wal_model::simulate(&s);
    // With captured writes the connector did emit records and has an offset: the recreated
    // slot skips what was written between the stop (600 s) and the new slot (800 s).
    assert!(r
        .events
        .iter()
        .any(|e| matches!(e.kind, wal_model::LogKind::DataGap { .. })));
}

/// A burst stops at 1 500 000 ms; the newest change is at the run's end, so the commit at
/// 1 500 999 ms confirms it. `Activity::first_at_or_after` treated the end as inactive, so
/// the fast engine waited for the next burst.
#[test]
fn the_last_change_of_a_burst_is_confirmed() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"none","interval_ms":0},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":562999}],"disk":{"size_mb":256},"duration_ms":10800000,"events":[],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":13,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"created_at_ms":10800000,"database":"app","name":"s1"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[{"database":"app","pattern":{"bursts":[{"bytes_per_s":559241,"from_ms":600000,"to_ms":1500000},{"bytes_per_s":1677723,"from_ms":7200000,"to_ms":7300000}],"kind":"bursts"},"tables":"captured"}]}"#,
    );
}

/// Debezium 1.9 with a pre-2.4 heartbeat train: a `57P03` failure splits the train; the
/// engine then "moved" the new train's first beat back to the planned start, resurrecting the
/// failed beat's message.
#[test]
fn a_failed_beat_writes_nothing_and_is_not_resurrected() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"table_update","interval_ms":11052},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":1853192}],"disk":{"size_mb":3616},"duration_ms":10800000,"events":[{"at_ms":1953661,"connector":"c0","kind":"heartbeat_error","sqlstate":"57P03"},{"at_ms":1838001,"bytes":1,"database":"app","kind":"write"},{"at_ms":0,"bytes":1,"database":"app","kind":"write"}],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":13,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"created_at_ms":10800000,"database":"app","name":"s1"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[{"database":"other","pattern":{"bytes_per_s":2000000,"kind":"steady"},"tables":"captured"}]}"#,
    );
}

/// Another connector's heartbeat messages (no WAL in the model) sent while this one streams
/// are its first replication message: its pre-2.4 heartbeats start from them.
#[test]
fn messages_sent_while_streaming_start_old_heartbeats() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"2.7","downtime":[],"heartbeat":{"action_query":"table_update","interval_ms":100},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":0},{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"emit_message","interval_ms":0},"lsn_flush_mode":"connector","name":"c1","offset_flush_interval_ms":1000,"slot":"s1","start_ms":0}],"disk":{"size_mb":256},"duration_ms":10800000,"events":[{"at_ms":0,"connector":"c1","kind":"heartbeat_error","sqlstate":"23505"},{"at_ms":0,"connector":"c1","interval_ms":49103,"kind":"heartbeat_on"}],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":13,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"database":"app","name":"s1","plugin":"decoderbufs"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[]}"#,
    );
}

/// The first offset commit writes an offset even when its records add no WAL (heartbeat
/// messages take none in the model): after the slot is dropped and recreated, the write in
/// between is a reported data gap.
#[test]
fn the_first_commit_writes_an_offset_even_without_new_wal() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"2.7","downtime":[],"heartbeat":{"action_query":"emit_message","interval_ms":100},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":0}],"disk":{"size_mb":256},"duration_ms":10800000,"events":[{"at_ms":1001,"connector":"c0","kind":"connector_fail"},{"at_ms":1001,"kind":"slot_drop","slot":"s0"},{"at_ms":7746604,"connector":"c0","kind":"connector_start"},{"at_ms":1001,"bytes":1,"database":"app","kind":"write"}],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":14,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"created_at_ms":10800000,"database":"app","name":"s1"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[]}"#,
    );
}

/// Another connector's heartbeat fails: the message it would have written never reaches this
/// connector's slot, so a commit planned on it must be planned again.
#[test]
fn a_failed_beat_of_another_connector_is_not_received() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"none","interval_ms":0},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":687163},{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"emit_message","interval_ms":0},"lsn_flush_mode":"connector","name":"c1","offset_flush_interval_ms":1000,"slot":"s1","start_ms":0}],"disk":{"size_mb":256},"duration_ms":10800000,"events":[{"at_ms":0,"connector":"c1","kind":"heartbeat_error","sqlstate":"57P03"},{"at_ms":637036,"connector":"c1","interval_ms":50133,"kind":"heartbeat_on"}],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":14,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"database":"app","name":"s1","plugin":"decoderbufs"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[{"database":"app","pattern":{"bytes_per_s":55925,"kind":"steady"},"tables":"filtered"}]}"#,
    );
}

/// A heartbeat fails (logged only) between two offset commits: the beats before it already
/// emitted records carrying newer positions, and the next commit still commits them.
#[test]
fn records_of_beats_before_a_failed_one_are_still_committed() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"emit_message","interval_ms":100,"target_database":"third"},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":69403,"slot":"s0","start_ms":0}],"disk":{"size_mb":256},"duration_ms":10800000,"events":[{"at_ms":3800175,"connector":"c0","interval_ms":14907,"kind":"heartbeat_on"},{"at_ms":10225093,"connector":"c0","kind":"heartbeat_error","sqlstate":"23505"}],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":13,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"created_at_ms":10800000,"database":"app","name":"s1"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[{"database":"app","pattern":{"bytes_per_s":223697,"kind":"steady"},"tables":"filtered"}]}"#,
    );
}

/// A pre-2.4 connector plans its first heartbeat on another connector's future message; that
/// connector stops at the same instant and starts again later. The planned train must follow
/// (here: be dropped, then planned on the new first message), and a planned train of its own
/// can never justify itself.
#[test]
fn a_planned_heartbeat_train_follows_the_message_it_waits_for() {
    agree(
        r#"{"alerts":{"critical_mb":512,"warning_mb":64},"connectors":[{"debezium_version":"1.9","downtime":[],"heartbeat":{"action_query":"emit_message","interval_ms":100},"lsn_flush_mode":"connector","name":"c0","offset_flush_interval_ms":1000,"slot":"s0","start_ms":0},{"debezium_version":"2.7","downtime":[{"from_ms":3469487,"to_ms":3478486}],"heartbeat":{"action_query":"emit_message","interval_ms":112515},"lsn_flush_mode":"connector","name":"c1","offset_flush_interval_ms":1000,"slot":"s1","start_ms":3469487}],"disk":{"size_mb":256},"duration_ms":10800000,"events":[],"name":"random","postgres":{"checkpoint_timeout_s":30,"max_slot_wal_keep_size_mb":-1,"max_wal_size_mb":64,"min_wal_size_mb":32,"version":14,"wal_keep_size_mb":0,"wal_segment_size_mb":16},"slots":[{"database":"app","name":"s0","plugin":"pgoutput"},{"database":"app","name":"s1","plugin":"decoderbufs"},{"created_at_ms":10800000,"database":"app","name":"s2"}],"workload":[{"database":"other","pattern":{"bytes_per_s":18642,"kind":"steady"},"tables":"captured"}]}"#,
    );
}
