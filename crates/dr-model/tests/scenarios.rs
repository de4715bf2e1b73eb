//! Lesson 07's drills, played from the incidents with the lesson's own commands in typed form.
//!
//! Every incident: the lab connector created at 0 on an empty database (no snapshot rows), one
//! change per second, offsets committed at 60 s and 120 s (lsn(60), lsn(120)), incident at
//! 150 s. So before the incident changes 1..=150 were delivered; the slot has
//! confirmed_flush_lsn = lsn(120) and restart_lsn = lsn(60).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use dr_model::*;

fn incident(i: Incident) -> World {
    i.world(Settings::default()).unwrap()
}

#[test]
fn drill_1_connector_deleted_recreate_stopped_and_patch_offsets() {
    // Lesson 07: "DELETE /connectors/{name} удаляет конфигурацию, но не смещения … и не слот".
    let mut w = incident(Incident::ConnectorDeleted);
    assert!(w.connector_state(NAME).is_none());
    let slot = w.slots().get(SLOT).unwrap();
    assert!(!slot.active());
    // The delete's final commit wrote lsn(150); Debezium never flushed it (no next poll).
    assert_eq!(
        w.offsets_topic()
            .latest(NAME, "inventory")
            .unwrap()
            .lsn_commit,
        lsn(150)
    );
    assert_eq!(slot.confirmed_flush_lsn, lsn(120));
    // While the connector is missing the slot pins WAL: at 200 s, 200 − 60 = 140 changes ×
    // 256 B = 35 840 bytes behind restart_lsn.
    w.advance(200_000).unwrap();
    assert_eq!(w.retained_wal_bytes(SLOT), Some(35_840));

    // Recreate stopped (KIP-980), GET the offsets, PATCH them back (lesson 07's restore), resume.
    let r = create_with(
        &mut w,
        NAME,
        ConnectorConfig::lab(),
        Some(InitialState::Stopped),
        200_000,
    );
    assert_eq!(r.status(), Some(201));
    assert_eq!(states(&w, NAME), (n("STOPPED"), vec![]));
    let (_, body) = http(&op(&mut w, Op::GetOffsets { name: n(NAME) }, 200_000));
    assert!(body.contains("\"lsn_commit\":50370048"));
    let saved = w.offsets_topic().partitions(NAME);
    let r = op(
        &mut w,
        Op::PatchOffsets {
            name: n(NAME),
            offsets: saved,
        },
        200_000,
    );
    assert_eq!(r.status(), Some(200));
    op(&mut w, Op::Resume { name: n(NAME) }, 200_000);
    w.advance(300_000).unwrap();
    // Check: restart lsn(60) ≤ lsn_proc lsn(150); resume lsn(150) ≥ confirmed lsn(120) →
    // streams 151.. : nothing lost, nothing twice.
    let v = verify(w.events(), 1_000);
    assert_eq!((v.horizon, v.gaps.len(), v.duplicate_count()), (300, 0, 0));
}

#[test]
fn drill_1b_connector_deleted_recreated_under_the_same_name_just_resumes() {
    let mut w = incident(Incident::ConnectorDeleted);
    create(&mut w, NAME, 200_000);
    w.advance(260_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!((v.horizon, v.gaps.len(), v.duplicate_count()), (260, 0, 0));
}

#[test]
fn drill_2_slot_lost_in_failover_recreate_and_snapshot_closes_the_gap() {
    let mut w = incident(Incident::FailoverSlotLost);
    assert!(w.slots().get(SLOT).is_none());
    let (c, t) = states(&w, NAME);
    assert_eq!((c.as_str(), t), ("RUNNING", vec![n("FAILED")]));
    // Lesson 07 step 7: create the slot, set snapshot.mode=when_needed (PUT config restarts the
    // task).
    assert!(matches!(
        op(&mut w, Op::CreateSlot { name: n(SLOT) }, 200_000),
        Response::Sql(Ok(_))
    ));
    let r = op(
        &mut w,
        Op::PutConnectorConfig {
            name: n(NAME),
            config: lab_with(SnapshotMode::WhenNeeded),
        },
        200_000,
    );
    assert_eq!(r.status(), Some(200));
    assert_eq!(states(&w, NAME).1, vec![n("RUNNING")]);
    // 2.6+ check: new slot's restart_lsn lsn(200) > stored lsn_proc lsn(120) → not available →
    // when_needed snapshots through change 200.
    w.advance(300_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert!(v.gaps.is_empty(), "gaps {:?}", v.gaps);
    // Streamed 1..=150 before the failover + the snapshot → each once more.
    assert_eq!(v.duplicate_count(), 150);
    assert_eq!(v.horizon, 300);
}

#[test]
fn drill_2_mistake_old_debezium_recreates_the_slot_and_skips_silently() {
    // Debezium < 2.6, initial: no check. The offset lsn(120) is behind the new slot's
    // confirmed_flush lsn(200); PG 15+ starts there → 151..=200 never delivered (121..=150 had
    // been streamed before the failover). 50 changes = 50 s of writes.
    let mut w = Incident::FailoverSlotLost
        .world(Settings {
            debezium: DebeziumVersion::Before2_6,
            ..Settings::default()
        })
        .unwrap();
    op(&mut w, Op::CreateSlot { name: n(SLOT) }, 200_000);
    op(
        &mut w,
        Op::Restart {
            name: n(NAME),
            include_tasks: true,
            only_failed: true,
        },
        200_000,
    );
    w.advance(300_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!(v.gaps, (151..=200).collect::<Vec<_>>());
    assert_eq!((v.duplicate_count(), v.rpo_ms), (0, 50_000));
}

#[test]
fn drill_3_kafka_offsets_lost_restore_from_the_console_consumer_backup() {
    let mut w = incident(Incident::KafkaOffsetsLost);
    assert!(w.connector_state(NAME).is_none());
    assert!(w.offsets_topic().records().is_empty());
    let backup = w.backup().unwrap().clone();
    assert_eq!(backup.taken_at_ms, 150_000);
    // The console dump: commits at 60 s, 120 s and the stop's final commit at 150 s.
    let lines: Vec<&str> = backup.console_dump.lines().collect();
    assert_eq!(lines.len(), 3);
    let (key, value) = lines[2].split_once('\t').unwrap();
    assert_eq!(key, "[\"inventory-connector\",{\"server\":\"inventory\"}]");
    let restored = SourceOffset::from_json(value).unwrap();
    assert_eq!(restored.lsn_proc, lsn(150));
    assert_eq!(
        Some(Some(restored)),
        backup.entries.first().map(|e| e.offset)
    );

    create_with(
        &mut w,
        NAME,
        ConnectorConfig::lab(),
        Some(InitialState::Stopped),
        200_000,
    );
    let r = op(
        &mut w,
        Op::PatchOffsets {
            name: n(NAME),
            offsets: vec![OffsetEntry {
                server: n("inventory"),
                offset: Some(restored),
            }],
        },
        200_000,
    );
    assert_eq!(r.status(), Some(200));
    op(&mut w, Op::Resume { name: n(NAME) }, 200_000);
    w.advance(300_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!((v.horizon, v.gaps.len(), v.duplicate_count()), (300, 0, 0));
}

#[test]
fn drill_3_without_the_backup_the_connector_snapshots_everything_again() {
    // Lesson 07: "коннектор без смещения начнёт с нуля: полный снимок, то есть дубликаты".
    let mut w = incident(Incident::KafkaOffsetsLost);
    create(&mut w, NAME, 200_000);
    let v = verify(w.events(), 1_000);
    assert_eq!((v.gaps.len(), v.duplicate_count()), (0, 150));
}

#[test]
fn mistake_drop_the_slot_while_the_connector_runs_then_recreate_before_restoring() {
    let mut w = world(Settings {
        debezium: DebeziumVersion::Before2_6,
        ..Settings::default()
    });
    create(&mut w, NAME, 0);
    // Dropping the slot under a running connector: PostgreSQL refuses.
    let r = op(&mut w, Op::DropSlot { name: n(SLOT) }, 150_000);
    assert_eq!(
        r,
        Response::Sql(Err(PgError {
            sqlstate: "55006",
            message: n("replication slot \"debezium_inventory\" is active for PID 4242"),
        }))
    );
    // Stop (final commit lsn(150)), drop, recreate at 180 s, then resume.
    op(&mut w, Op::Stop { name: n(NAME) }, 150_000);
    assert!(matches!(
        op(&mut w, Op::DropSlot { name: n(SLOT) }, 160_000),
        Response::Sql(Ok(_))
    ));
    op(&mut w, Op::CreateSlot { name: n(SLOT) }, 180_000);
    op(&mut w, Op::Resume { name: n(NAME) }, 190_000);
    w.advance(250_000).unwrap();
    // Offset lsn(150) < confirmed lsn(180) → PG 15 streams after lsn(180): 151..=180 lost.
    let v = verify(w.events(), 1_000);
    assert_eq!(v.gaps, (151..=180).collect::<Vec<_>>());
    assert_eq!(v.rpo_ms, 30_000);
}

#[test]
fn connect_crash_restart_redelivers_since_the_last_commit() {
    // At-least-once: the crash loses the uncommitted offsets (last commit lsn(120)); the slot's
    // confirmed_flush is lsn(120) too, so the restart streams 121.. again: 30 duplicates.
    let mut w = incident(Incident::ConnectCrash);
    assert_eq!(
        op(&mut w, Op::Status { name: n(NAME) }, 160_000),
        Response::ConnectionRefused
    );
    op(&mut w, Op::StartWorker, 200_000);
    w.advance(260_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!((v.gaps.len(), v.duplicate_count()), (0, 30));
    assert_eq!(v.duplicates.first(), Some(&(121, 1)));
}

#[test]
fn orphaned_slot_pins_wal_until_dropped() {
    let mut w = incident(Incident::OrphanedSlot);
    // Created at 0, never consumed: restart_lsn = lsn(0); at 150 s, 150 × 256 = 38 400 bytes.
    assert_eq!(w.retained_wal_bytes(ORPHANED_SLOT), Some(38_400));
    // The lab slot retains only since its restart_lsn lsn(60): 90 × 256 = 23 040.
    assert_eq!(w.retained_wal_bytes(SLOT), Some(23_040));
    assert!(matches!(
        op(
            &mut w,
            Op::DropSlot {
                name: n(ORPHANED_SLOT)
            },
            160_000
        ),
        Response::Sql(Ok(_))
    ));
    assert!(w.slots().get(ORPHANED_SLOT).is_none());
    let v = verify(w.events(), 1_000);
    assert_eq!((v.gaps.len(), v.duplicate_count()), (0, 0));
}

#[test]
fn every_incident_builds_on_every_version_combination() {
    for i in Incident::ALL {
        for postgres in [PgVersion::Pg14OrOlder, PgVersion::Pg15Plus] {
            for kafka in [
                KafkaVersion::V3_4,
                KafkaVersion::V3_5,
                KafkaVersion::V3_6,
                KafkaVersion::V3_7Plus,
            ] {
                for debezium in [DebeziumVersion::Before2_6, DebeziumVersion::From2_6] {
                    let s = Settings {
                        postgres,
                        kafka,
                        debezium,
                        ..Settings::default()
                    };
                    let w = i.world(s).unwrap();
                    assert_eq!(w.now_ms(), INCIDENT_AT_MS);
                    // Before the incident nothing was lost.
                    assert!(verify(w.events(), 1_000).gaps.is_empty(), "{i:?} {s:?}");
                }
            }
        }
    }
}
