//! Debezium's start-up cases, each against the fact-sheet line it follows.
//!
//! Arithmetic used throughout: one change per second, change n at n s with
//! LSN 0x3000000 + 256·n (`lsn(n)`); offsets commit at 60 s, 120 s, … after a task starts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use dr_model::*;

fn settings(pg: PgVersion, dbz: DebeziumVersion) -> Settings {
    Settings {
        postgres: pg,
        debezium: dbz,
        ..Settings::default()
    }
}

/// The lab connector created at 0, run to 150 s, then stopped (final commit lsn(150), slot
/// confirmed to lsn(120), restart_lsn lsn(60)).
fn stopped_at_150(s: Settings, mode: SnapshotMode) -> World {
    let mut w = world(s);
    create_with(&mut w, NAME, lab_with(mode), None, 0);
    op(&mut w, Op::Stop { name: n(NAME) }, 150_000);
    let slot = w.slots().get(SLOT).unwrap();
    assert_eq!(
        (slot.restart_lsn, slot.confirmed_flush_lsn),
        (lsn(60), lsn(120))
    );
    assert_eq!(
        w.offsets_topic()
            .latest(NAME, "inventory")
            .unwrap()
            .lsn_commit,
        lsn(150)
    );
    w
}

fn patch(w: &mut World, at_lsn: u64, t: u64) {
    let r = op(
        w,
        Op::PatchOffsets {
            name: n(NAME),
            offsets: vec![entry_at(at_lsn)],
        },
        t,
    );
    assert_eq!(r.status(), Some(200));
}

fn resume(w: &mut World, t: u64) {
    assert_eq!(op(w, Op::Resume { name: n(NAME) }, t).status(), Some(202));
}

fn trace(w: &World) -> String {
    match w.connector_state(NAME).unwrap().1 {
        Some(TaskState::Failed(t)) => t,
        other => panic!("expected a failed task, got {other:?}"),
    }
}

#[test]
fn no_offset_initial_snapshots_then_streams() {
    // facts.md Part 2 §1: snapshot.mode initial snapshots when there is no offset.
    let mut w = world(Settings::default());
    create(&mut w, NAME, 10_000);
    assert_eq!(
        w.events().first(),
        Some(&ChangeEvent::Snapshot {
            through_change: 10,
            lsn: lsn(10),
            at_ms: 10_000
        })
    );
    w.advance(20_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!((v.horizon, v.gaps.len(), v.duplicate_count()), (20, 0, 0));
}

#[test]
fn no_offset_no_data_streams_from_the_slot_and_accepts_the_gap() {
    // facts.md Part 2 §1: no_data = "resume from stored LSN, or from slot creation point if none".
    let mut w = world(Settings::default());
    create_with(&mut w, NAME, lab_with(SnapshotMode::NoData), None, 10_000);
    w.advance(20_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!(v.gaps, (1..=10).collect::<Vec<_>>());
    assert_eq!(v.rpo_ms, 10_000);
}

#[test]
fn always_snapshots_even_with_an_offset() {
    let mut w = stopped_at_150(Settings::default(), SnapshotMode::Always);
    resume(&mut w, 160_000);
    // Snapshot through 160: changes 1..=150 were streamed before → 150 duplicates.
    let v = verify(w.events(), 1_000);
    assert_eq!((v.gaps.len(), v.duplicate_count()), (0, 150));
}

#[test]
fn resume_from_the_stored_offset_is_exact() {
    let mut w = stopped_at_150(Settings::default(), SnapshotMode::Initial);
    resume(&mut w, 200_000);
    w.advance(300_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!((v.horizon, v.gaps.len(), v.duplicate_count()), (300, 0, 0));
}

#[test]
fn slot_missing_debezium_2_6_fails_without_when_needed() {
    // facts.md Part 2 §6: validateLogPosition runs before the slot is recreated; slot missing →
    // not available → DebeziumException unless the mode snapshots on data error.
    let mut w = stopped_at_150(Settings::default(), SnapshotMode::Initial);
    assert!(matches!(
        op(&mut w, Op::DropSlot { name: n(SLOT) }, 160_000),
        Response::Sql(Ok(_))
    ));
    resume(&mut w, 170_000);
    let t = trace(&w);
    assert!(t.starts_with("io.debezium.DebeziumException: The connector is trying to read change stream starting at {lsn_proc=50370048,"));
    assert!(t.ends_with("but this is no longer available on the server. Reconfigure the connector to use a snapshot mode when needed."));
    assert_eq!(lsn(150), 50_370_048);
    // The check fails before the slot is created: still no slot.
    assert!(w.slots().get(SLOT).is_none());
}

#[test]
fn slot_missing_debezium_2_6_when_needed_snapshots() {
    let mut w = stopped_at_150(Settings::default(), SnapshotMode::WhenNeeded);
    op(&mut w, Op::DropSlot { name: n(SLOT) }, 160_000);
    resume(&mut w, 170_000);
    assert!(w
        .log()
        .iter()
        .any(|(_, l)| l == "Attempting to snapshot data to fill the gap."));
    w.advance(200_000).unwrap();
    // Snapshot through 170 closes 151..=170; 1..=150 delivered twice.
    let v = verify(w.events(), 1_000);
    assert_eq!(
        (v.horizon, v.gaps.len(), v.duplicate_count()),
        (200, 0, 150)
    );
}

#[test]
fn slot_missing_before_2_6_is_a_silent_gap() {
    // Lesson 07 / facts.md Part 2 §6 "Upgrading PostgreSQL": the new slot starts at its
    // creation; the offset (lsn(150)) is behind its confirmed_flush (lsn(170)); PG 15+ starts
    // there → changes 151..=170 are skipped: 20 changes, 20 s.
    let mut w = stopped_at_150(
        settings(PgVersion::Pg15Plus, DebeziumVersion::Before2_6),
        SnapshotMode::WhenNeeded,
    );
    op(&mut w, Op::DropSlot { name: n(SLOT) }, 160_000);
    resume(&mut w, 170_000);
    assert_eq!(w.connector_state(NAME).unwrap().1, Some(TaskState::Running));
    w.advance(200_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!(v.gaps, (151..=170).collect::<Vec<_>>());
    assert_eq!((v.duplicate_count(), v.rpo_ms), (0, 20_000));
}

#[test]
fn slot_missing_before_2_6_on_pg14_is_an_error() {
    // facts.md Part 2 §6: "PostgreSQL returns an error … (Postgres 14 and older)".
    let mut w = stopped_at_150(
        settings(PgVersion::Pg14OrOlder, DebeziumVersion::Before2_6),
        SnapshotMode::Initial,
    );
    op(&mut w, Op::DropSlot { name: n(SLOT) }, 160_000);
    resume(&mut w, 170_000);
    assert!(trace(&w).contains("is no longer available in the WAL"));
}

#[test]
fn offset_behind_confirmed_flush_pg15_starts_at_the_slot_with_duplicates() {
    // Offset restored to lsn(90): restart_lsn lsn(60) ≤ lsn_proc lsn(90), so the 2.6 check
    // passes; lsn(90) < confirmed_flush lsn(120) → PG 15+ streams after lsn(120). Changes
    // 121..=150 were delivered before the stop → 30 duplicates, no gap.
    let mut w = stopped_at_150(Settings::default(), SnapshotMode::Initial);
    patch(&mut w, lsn(90), 160_000);
    resume(&mut w, 160_000);
    w.advance(200_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!((v.gaps.len(), v.duplicate_count()), (0, 30));
    assert_eq!(v.duplicates.first(), Some(&(121, 1)));
    assert_eq!(v.duplicates.last(), Some(&(150, 1)));
}

#[test]
fn offset_behind_confirmed_flush_pg14_fails() {
    let mut w = stopped_at_150(
        settings(PgVersion::Pg14OrOlder, DebeziumVersion::From2_6),
        SnapshotMode::Initial,
    );
    patch(&mut w, lsn(90), 160_000);
    resume(&mut w, 160_000);
    assert!(trace(&w).contains("the requested LSN 50354688 is no longer available"));
    assert_eq!(lsn(90), 50_354_688);
}

#[test]
fn offset_behind_restart_lsn_fails_the_2_6_check_or_snapshots() {
    // lsn(30) < restart_lsn lsn(60): not available (facts.md Part 2 §6, compared with
    // restart_lsn, not confirmed_flush_lsn).
    let mut w = stopped_at_150(Settings::default(), SnapshotMode::Initial);
    patch(&mut w, lsn(30), 160_000);
    resume(&mut w, 160_000);
    assert!(trace(&w).contains("no longer available on the server"));

    let mut w = stopped_at_150(Settings::default(), SnapshotMode::WhenNeeded);
    patch(&mut w, lsn(30), 160_000);
    resume(&mut w, 160_000);
    assert_eq!(w.connector_state(NAME).unwrap().1, Some(TaskState::Running));
    assert!(w.events().iter().any(|e| matches!(
        e,
        ChangeEvent::Snapshot {
            through_change: 160,
            ..
        }
    )));
}

#[test]
fn offset_ahead_of_the_real_position_is_a_gap() {
    // PATCH lsn(200) at 160 s: the check passes (restart lsn(60) ≤ lsn(200)), resume from
    // lsn(200) ≥ confirmed lsn(120): changes 151..=200 are skipped as "already processed".
    // 50 changes, 50 s.
    let mut w = stopped_at_150(Settings::default(), SnapshotMode::Initial);
    patch(&mut w, lsn(200), 160_000);
    resume(&mut w, 160_000);
    w.advance(250_000).unwrap();
    let v = verify(w.events(), 1_000);
    assert_eq!(v.gaps, (151..=200).collect::<Vec<_>>());
    assert_eq!((v.duplicate_count(), v.rpo_ms, v.horizon), (0, 50_000, 250));
}

#[test]
fn a_renamed_connector_has_no_offset_and_snapshots() {
    // Lesson 07: another name is another offset key → "first start" → initial snapshot.
    let mut w = stopped_at_150(Settings::default(), SnapshotMode::Initial);
    op(&mut w, Op::DeleteConnector { name: n(NAME) }, 160_000);
    create(&mut w, "inventory-connector-v2", 170_000);
    let v = verify(w.events(), 1_000);
    assert_eq!((v.gaps.len(), v.duplicate_count()), (0, 150));
}
