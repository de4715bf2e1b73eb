//! One test per shipped preset: the events that carry each preset's story, with the
//! expected numbers worked out by hand from `shared/facts.md` and the preset's parameters
//! (the arithmetic is in the comments), then checked against `wal_model::simulate`.
//!
//! Conventions used in every derivation (crate docs, `rules.rs`, `engine.rs`):
//! * `LSN(t) = start_lsn + floor(accumulated bytes)`, rates in bytes/s over milliseconds;
//!   `start_lsn` = 0/3000028 = 50331688 = segment 3 (16 MiB segments) + 40 bytes.
//! * retained = `pg_current_wal_lsn − restart_lsn`; an alert fires when retained > threshold
//!   (strictly): warning 1 GiB = 1073741824, critical 5 GiB = 5368709120.
//! * `wal_status` (GetWALAvailability, whole segments): `extended` once
//!   `seg(current) ≥ seg(restart) + 64 + 2` (max_wal_size 1024 MB = 64 segments, keepSegs 65);
//!   `unreserved` once `seg(current) ≥ seg(restart) + slot_keep_segs + 1`; `lost` at the end of
//!   the first checkpoint whose KeepLogSeg cap passes `restart_lsn`.
//! * Time checkpoints start every 300 s from t = 0 and end 270 s later (0.9 × 300 s) unless WAL
//!   ends them sooner (0.9 × 33 × 16 MiB = 498283315 bytes after the redo); a WAL checkpoint is
//!   requested on crossing into segment `seg(redo) + 33` (CheckPointSegments = floor(64/1.9)).
//! * bgwriter running-xacts records at 7 s, 22 s, 37 s, … (every 15 s); offset commits at
//!   connector start + k × 60 s; heartbeats at start + k × interval (Debezium ≥ 2.4).
//! * restart_lsn moves only when a commit's confirmation reaches the pending candidate, the
//!   first running-xacts record after the previous move. With commits at multiples of 60 s
//!   and records at 7 + 15k s, the candidate after a commit at `c` is the record at `c + 7 s`
//!   (unless a checkpoint ends in between), so a healthy slot keeps at most
//!   `LSN(c + 60 s) − LSN(c − 53 s)`: 113 s of WAL (up to 120 s when a checkpoint end is the
//!   candidate). Time checkpoints end at 570 + 300k s ≡ 30 (mod 60 s): never a candidate.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use wal_model::report::{
    AlertLevel, CheckpointCause, ConnectorState, HeartbeatOutcome, NeverReason,
};
use wal_model::{Eta, EtaTarget, LogKind, Lsn, Report, Scenario, WalStatus};

const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * MIB;
const MINUTE_MS: u64 = 60_000;
const HOUR_MS: u64 = 3_600_000;
const DAY_MS: u64 = 24 * HOUR_MS;
/// 0/3000028.
const START_LSN: u64 = 50_331_688;

// ---------------------------------------------------------------------------------------
// Hand-derived instants shared by the story tests and the description test.
// ---------------------------------------------------------------------------------------

/// idle-db-no-heartbeat: retained = floor(t × 1048576 / 1000) (restart_lsn stays at
/// start_lsn); > 1073741824 once t × 1048576 ≥ 1073741825000 → t ≥ 1024000.00095 → 1024001 ms.
const IDLE_WARNING_MS: u64 = 1_024_001;
/// `extended` once seg(current) ≥ 3 + 66 = 69: LSN ≥ 69 × 16777216 = 1157627904, i.e.
/// floor(t × 1048.576) ≥ 1157627904 − 50331688 = 1107296216 → t ≥ 1055999.96 → 1056000 ms.
const IDLE_EXTENDED_MS: u64 = 1_056_000;
/// > 5368709120 once t × 1048576 ≥ 5368709121000 → t ≥ 5120000.00095 → 5120001 ms.
const IDLE_CRITICAL_MS: u64 = 5_120_001;
/// Nothing is ever removed (the slot keeps segment 3), so the oldest file stays segment 3;
/// 51200 MB / 16 MB = 3200 segments fit; entering segment 3 + 3200 = 3203 fails:
/// LSN ≥ 3203 × 16777216 = 53737422848 → floor(t × 1048.576) ≥ 53737422848 − 50331688
/// = 53687091160 → t ≥ 51199999.96 → 51200000 ms (14 h 13 min 20 s).
const IDLE_DISK_FULL_MS: u64 = 51_200_000;
const IDLE_DISK_FULL_LSN: u64 = 53_737_422_848;

/// idle-db-heartbeat: the peak is just before a commit at c: LSN(c) − LSN(c − 113 s)
/// = 113 × 1048576 = 118489088 bytes (c and c − 113 s are whole seconds: no rounding).
const HB_MAX_RETAINED: u64 = 113 * MIB;

/// weekend outage: the stop at 410400000 ms (day 4 = Friday, 18:00) pre-empts the commit at
/// 410400 s (scenario events come first), so the last flush is at 410340 s; it applied the
/// candidate after the commit at 410280 s, the record at 410287 s (410287 − 7 = 27352 × 15).
/// R = LSN(410287000) = 50331688 + 410287 × 65536 = 50331688 + 26888568832 = 26938900520,
/// in segment 1605 (1605 × 16777216 = 26927431680 ≤ R < 26944208896).
const WEEKEND_STOP_MS: u64 = 410_400_000;
const WEEKEND_START_MS: u64 = 633_600_000;
const WEEKEND_RESTART_LSN: u64 = 26_938_900_520;
/// confirmed_flush_lsn = LSN(410340000) = 50331688 + 410340 × 65536 = 26942373928.
const WEEKEND_CONFIRMED_LSN: u64 = 26_942_373_928;
/// At 65536 B/s one segment takes 256 s, and LSN(t) = k × 16 MiB + 40 at t = (k − 3) × 256 s,
/// so segment k is entered at t = (k − 3) × 256000 ms (the 40 bytes are 0.6 ms: ceil lands
/// on the whole second).
const fn weekend_segment_entered_ms(k: u64) -> u64 {
    (k - 3) * 256_000
}
/// retained > 1 GiB: (t − 410287000) × 65.536 > 1073741824 → t − 410287000 > 16384000 ms
/// → t = 410287000 + 16384001 = 426671001 ms (Friday 22:31).
const WEEKEND_WARNING_MS: u64 = 426_671_001;
/// retained > 5 GiB: t − 410287000 > 81920000 → 492207001 ms (Saturday 16:43).
const WEEKEND_CRITICAL_MS: u64 = 492_207_001;
/// `extended` at segment 1605 + 66 = 1671 → (1671 − 3) × 256000 = 427008000 ms.
const WEEKEND_EXTENDED_MS: u64 = weekend_segment_entered_ms(1671);
/// 8192 MB = 512 segments: `unreserved` at segment 1605 + 512 + 1 = 2118
/// → (2118 − 3) × 256000 = 541440000 ms (Sunday 06:24).
const WEEKEND_UNRESERVED_MS: u64 = weekend_segment_entered_ms(2118);
/// Checkpoints end at 300k + 270 s; the first end after 541440 s: k = ceil(541170 / 300)
/// = 1804 → 541200 + 270 = 541470 s. Its record pointer LSN(541470 s) is in segment 2118
/// (2118 entered at 541440 s, 2119 at 541696 s): KeepLogSeg caps at 2118 − 512 = 1606,
/// min with seg(redo = LSN(541200 s)) = 3 + floor(541200 / 256) = 2117 → 1606 > 1605.
const WEEKEND_LOST_MS: u64 = 541_470_000;
/// 10240 MB / 16 MB = 640 segments; the oldest file is segment 1605 (the checkpoint ending at
/// 410670 s kept from min(seg(R) = 1605, seg(redo = LSN(410400 s)) = 1606)); entering
/// 1605 + 640 = 2245 fails → (2245 − 3) × 256000 = 573952000 ms (day 6 = Sunday, 15:25:52).
const WEEKEND_DISK_FULL_MS: u64 = weekend_segment_entered_ms(2245);

/// bulk-load-burst: burst from 50400000 ms (14:00) for 900 s at 20971520 B/s on top of
/// 16384 B/s: r = 20987904 B/s. Warning: restart_lsn at 14:00 is LSN(50347000) (applied by the
/// commit at 50400 s), 53 s × 16384 = 868352 bytes behind LSN(50400 s); the burst adds
/// floor(τ × 20987.904) in τ ms: 868352 + floor(τ × 20987.904) > 1073741824
/// ⇔ floor(τ × 20987.904) ≥ 1072873473 ⇔ τ ≥ 1072873473000 / 20987904 = 51118.66 → 51119 ms.
const BULK_WARNING_MS: u64 = 50_400_000 + 51_119;
/// Cleared at the commit at 51360 s: the candidate after the commit at 51300 s (burst end) is
/// the record at 51307 s (the checkpoint running then, started ≈ 51296.7 s, ends by time at
/// ≈ 51566.7 s), so retained drops to 53 s × 16384 = 868352 bytes. Before that, the
/// restart_lsn applied at 51300 s is a record in (51240 s, 51247 s], ≥ 53 s × r ≈ 1.11 GB back.
const BULK_CLEARED_MS: u64 = 51_360_000;
/// restart_lsn LSN(50347000) = 50331688 + 50347 × 16384 = 875216936 is in segment 52;
/// `extended` once seg(current) ≥ 118. L0 = LSN(50400000) = 876085288 = 52 × 16 MiB + 3670056;
/// 118 × 16777216 − L0 = 1103626200 bytes → τ = ceil(1103626200000 / 20987904) = 52584 ms.
/// Afterwards, right after each commit the slot still keeps ≥ 53 s × r = 1112358912 bytes
/// = 66.3 segments, so it never returns to `reserved` until the commit at 51360 s.
const BULK_EXTENDED_MS: u64 = 50_400_000 + 52_584;
/// The largest peak: the checkpoint started on entering segment 52 + 6 × 33 = 250
/// (τ = ceil((198 × 16777216 − 3670056) × 1000 / 20987904) = ceil(158101.48) = 158102 ms),
/// redo = L0 + floor(158102 × 20987.904) = L0 + 3318229598; it ends when 498283315 more bytes
/// are written: τ = ceil((3318229598 + 498283315) × 1000 / 20987904) = ceil(181843.45)
/// = 181844 ms — inside (180 s, 187 s), so it, not the bgwriter record at 187 s, is the
/// candidate applied at the commit at τ = 240 s. Just before the commit at τ = 300 s:
/// retained = 300 × 20987904 − floor(181844 × 20987.904) = 6296371200 − 3816524414
/// = 2479846786 bytes (118.2 s of WAL). Other checkpoint ends in (60m, 60m + 7) s fall at
/// τ ≈ 366.5, 603.9 (peaks 113.5 s, 116.1 s) and 841.3 (peak after the burst, ≈ 1.23 GB).
const BULK_MAX_RETAINED: u64 = 2_479_846_786;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn scenario(name: &str) -> Scenario {
    match wal_model::presets::load(name) {
        Some(Ok(s)) => s,
        Some(Err(e)) => panic!("preset {name} does not validate: {e}"),
        None => panic!("no preset {name}"),
    }
}

fn report(name: &str) -> Report {
    wal_model::simulate(&scenario(name))
}

/// A preset's JSON with one change applied, simulated.
fn report_with(name: &str, change: impl FnOnce(&mut serde_json::Value)) -> Report {
    let p = wal_model::presets::find(name).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(p.json).unwrap();
    change(&mut v);
    wal_model::run_json(&v.to_string()).unwrap()
}

fn alerts_raised(r: &Report) -> Vec<(u64, AlertLevel)> {
    r.events
        .iter()
        .filter_map(|e| match e.kind {
            LogKind::AlertRaised { slot: 0, level, .. } => Some((e.t_ms, level)),
            _ => None,
        })
        .collect()
}

fn alerts_cleared(r: &Report) -> Vec<(u64, AlertLevel)> {
    r.events
        .iter()
        .filter_map(|e| match e.kind {
            LogKind::AlertCleared { slot: 0, level, .. } => Some((e.t_ms, level)),
            _ => None,
        })
        .collect()
}

fn status_changes(r: &Report) -> Vec<(u64, Option<WalStatus>, Option<WalStatus>)> {
    r.events
        .iter()
        .filter_map(|e| match e.kind {
            LogKind::WalStatusChanged { slot: 0, from, to } => Some((e.t_ms, from, to)),
            _ => None,
        })
        .collect()
}

fn connector_states(r: &Report) -> Vec<(u64, ConnectorState)> {
    r.events
        .iter()
        .filter_map(|e| match e.kind {
            LogKind::ConnectorStateChanged {
                connector: 0,
                state,
            } => Some((e.t_ms, state)),
            _ => None,
        })
        .collect()
}

fn invalidations(r: &Report) -> Vec<(u64, Lsn, u64)> {
    r.events
        .iter()
        .filter_map(|e| match e.kind {
            LogKind::SlotInvalidated {
                slot: 0,
                restart_lsn,
                exceeds_limit_by_bytes,
            } => Some((e.t_ms, restart_lsn, exceeds_limit_by_bytes)),
            _ => None,
        })
        .collect()
}

fn disk_full(r: &Report) -> Vec<(u64, u64, Lsn)> {
    r.events
        .iter()
        .filter_map(|e| match e.kind {
            LogKind::DiskFull { pg_wal_bytes, lsn } => Some((e.t_ms, pg_wal_bytes, lsn)),
            _ => None,
        })
        .collect()
}

/// Largest retained WAL of slot 0 over the whole series.
fn max_retained(r: &Report) -> u64 {
    r.series
        .iter()
        .filter_map(|p| p.slots[0].retained_bytes.map(|s| s.max))
        .max()
        .unwrap_or(0)
}

/// Largest retained WAL of slot 0 over the buckets overlapping `[from, to]`.
fn max_retained_between(r: &Report, from: u64, to: u64) -> u64 {
    r.series
        .iter()
        .filter(|p| p.to_ms > from && p.from_ms <= to)
        .filter_map(|p| p.slots[0].retained_bytes.map(|s| s.max))
        .max()
        .unwrap_or(0)
}

fn max_pg_wal(r: &Report) -> u64 {
    r.series
        .iter()
        .map(|p| p.pg_wal_bytes.max)
        .max()
        .unwrap_or(0)
}

fn in_window(t: u64, lo_exclusive: u64, hi_inclusive: u64) -> bool {
    lo_exclusive < t && t <= hi_inclusive
}

// ---------------------------------------------------------------------------------------
// Preset (a): idle-db-no-heartbeat
// ---------------------------------------------------------------------------------------

#[test]
fn idle_db_no_heartbeat_retains_everything_until_the_disk_fills() {
    let r = report("idle-db-no-heartbeat");
    // Nothing is written to inventory: no message, no confirmation (2.0+ needs a message
    // before flushing), restart_lsn = start_lsn for ever.
    assert_eq!(
        alerts_raised(&r),
        vec![
            (IDLE_WARNING_MS, AlertLevel::Warning),
            (IDLE_CRITICAL_MS, AlertLevel::Critical)
        ]
    );
    assert!(alerts_cleared(&r).is_empty());
    assert_eq!(
        status_changes(&r),
        vec![
            (0, None, Some(WalStatus::Reserved)),
            (
                IDLE_EXTENDED_MS,
                Some(WalStatus::Reserved),
                Some(WalStatus::Extended)
            )
        ]
    );
    // pg_wal at the PANIC: segments 3..=3202 = 3200 × 16777216 = 53687091200 (the whole disk).
    assert_eq!(
        disk_full(&r),
        vec![(IDLE_DISK_FULL_MS, 3200 * 16 * MIB, Lsn(IDLE_DISK_FULL_LSN))]
    );
    assert_eq!(r.server_down_at_ms, Some(IDLE_DISK_FULL_MS));
    assert_eq!(
        connector_states(&r),
        vec![
            (0, ConnectorState::Running),
            (IDLE_DISK_FULL_MS, ConnectorState::Failed)
        ]
    );
    assert!(invalidations(&r).is_empty());
    // The slot keeps segment 3: no checkpoint ever removes a file.
    assert!(!r
        .events
        .iter()
        .any(|e| matches!(e.kind, LogKind::CheckpointRemovedWal { .. })));
    // Retained grows until the PANIC, then stays frozen (checked to the byte in
    // `a_full_disk_freezes_wal_at_the_segment_that_could_not_be_created`).
    assert!(max_retained(&r) >= 3199 * 16 * MIB);
}

#[test]
fn idle_db_no_heartbeat_slot_row_pg_wal_and_eta() {
    let r = report("idle-db-no-heartbeat");
    // At 600 s: current = 50331688 + 600 × 1048576 = 679477288, segment 40 (40.5);
    // restart = confirmed = start_lsn; 40 − 3 = 37 < 66 → reserved; max_slot_wal_keep_size
    // = -1 → safe_wal_size NULL.
    let row = r.slot_row(0, 600_000).unwrap();
    assert_eq!(row.slot_name, "debezium");
    assert_eq!(row.plugin, "pgoutput");
    assert_eq!(row.database, "inventory");
    assert!(row.active);
    assert_eq!(row.active_pid, Some(4_000));
    assert_eq!(row.current_lsn, Lsn(679_477_288));
    assert_eq!(row.restart_lsn, Some(Lsn(START_LSN)));
    assert_eq!(row.confirmed_flush_lsn, Some(Lsn(START_LSN)));
    assert_eq!(row.wal_status, Some(WalStatus::Reserved));
    assert_eq!(row.safe_wal_size, None);
    assert_eq!(row.retained_bytes, Some(600 * MIB));
    // PostgreSQL 15: two_phase shown, conflicting (16+) and failover/synced (17+) not.
    assert_eq!(
        (row.two_phase, row.conflicting, row.failover, row.synced),
        (Some(false), None, None, None)
    );
    // pg_wal holds segments 3..=40: 38 × 16 MiB = 637534208.
    assert_eq!(r.pg_wal_bytes_at(600_000), 38 * 16 * MIB);

    assert_eq!(
        r.eta(0, EtaTarget::Warning, 0),
        Eta::At {
            t_ms: IDLE_WARNING_MS,
            in_ms: IDLE_WARNING_MS
        }
    );
    // From 10 min: 1056000 − 600000 = 456000 ms.
    assert_eq!(
        r.eta(0, EtaTarget::Extended, 600_000),
        Eta::At {
            t_ms: IDLE_EXTENDED_MS,
            in_ms: 456_000
        }
    );
    assert_eq!(
        r.eta(0, EtaTarget::Critical, HOUR_MS),
        Eta::At {
            t_ms: IDLE_CRITICAL_MS,
            in_ms: IDLE_CRITICAL_MS - HOUR_MS
        }
    );
    // 51200000 − 3600000 = 47600000 ms.
    assert_eq!(
        r.eta(0, EtaTarget::DiskFull, HOUR_MS),
        Eta::At {
            t_ms: IDLE_DISK_FULL_MS,
            in_ms: 47_600_000
        }
    );
    assert_eq!(
        r.eta(0, EtaTarget::Lost, 0),
        Eta::Never {
            reason: NeverReason::UnlimitedSlotKeep
        }
    );
    assert_eq!(r.eta(0, EtaTarget::Warning, 2 * HOUR_MS), Eta::Now);
}

// ---------------------------------------------------------------------------------------
// Preset (b): idle-db-heartbeat
// ---------------------------------------------------------------------------------------

#[test]
fn idle_db_heartbeat_keeps_retained_wal_at_113_mib_all_week() {
    let r = report("idle-db-heartbeat");
    assert_eq!(r.duration_ms, 7 * DAY_MS);
    // Heartbeat messages at 10 s, 20 s, …; the commit at c (a multiple of 60 s) confirms
    // LSN(c) (heartbeats come before commits at the same instant). Peak just before each
    // commit: 113 s of WAL at 1 MiB/s (the first interval peaks at 60 MiB, the second at
    // LSN(120 s) − LSN(7 s) = 113 MiB).
    assert_eq!(max_retained(&r), HB_MAX_RETAINED);
    assert!(alerts_raised(&r).is_empty());
    assert_eq!(
        status_changes(&r),
        vec![(0, None, Some(WalStatus::Reserved))]
    );
    assert_eq!(connector_states(&r), vec![(0, ConnectorState::Running)]);
    assert!(disk_full(&r).is_empty());
    assert_eq!(r.server_down_at_ms, None);
    // pg_wal stays bounded: far below max_wal_size + the retained 113 MiB.
    assert!(
        max_pg_wal(&r) <= 2 * GIB,
        "pg_wal peaked at {}",
        max_pg_wal(&r)
    );
}

#[test]
fn idle_db_heartbeat_slot_row_and_eta() {
    let r = report("idle-db-heartbeat");
    // At 150 s: commits at 60 s and 120 s; the one at 120 s applied the record at 67 s.
    // restart = 50331688 + 67 × 1048576 = 120586280; confirmed = LSN(120 s) = 176160808;
    // current = LSN(150 s) = 207618088; retained = 87031808 (83 MiB).
    let row = r.slot_row(0, 150_000).unwrap();
    assert_eq!(row.restart_lsn, Some(Lsn(120_586_280)));
    assert_eq!(row.confirmed_flush_lsn, Some(Lsn(176_160_808)));
    assert_eq!(row.current_lsn, Lsn(207_618_088));
    assert_eq!(row.retained_bytes, Some(83 * MIB));
    assert_eq!(row.wal_status, Some(WalStatus::Reserved));
    assert_eq!(row.safe_wal_size, None);
    // One day + 30 s: the commit at 86400 s applied the record at 86347 s (86347 − 7 =
    // 5756 × 15). restart = 50331688 + 86347 × 1048576 = 90591723560; confirmed =
    // 50331688 + 86400 × 1048576 = 90647298088; current = 50331688 + 86430 × 1048576 =
    // 90678755368; retained = 83 MiB again.
    let t = DAY_MS + 30_000;
    let row = r.slot_row(0, t).unwrap();
    assert_eq!(row.restart_lsn, Some(Lsn(90_591_723_560)));
    assert_eq!(row.confirmed_flush_lsn, Some(Lsn(90_647_298_088)));
    assert_eq!(row.current_lsn, Lsn(90_678_755_368));
    assert_eq!(row.retained_bytes, Some(83 * MIB));
    assert!(row.active);
    // The slot advances: no alert is ever due.
    assert_eq!(
        r.eta(0, EtaTarget::Warning, t),
        Eta::Never {
            reason: NeverReason::SlotAdvances
        }
    );
    assert_eq!(
        r.eta(0, EtaTarget::Lost, t),
        Eta::Never {
            reason: NeverReason::UnlimitedSlotKeep
        }
    );
}

// ---------------------------------------------------------------------------------------
// heartbeat-wrong-database
// ---------------------------------------------------------------------------------------

#[test]
fn heartbeat_in_the_wrong_database_changes_nothing() {
    // The messages are written in analytics; the slot decodes inventory and drops them.
    // Same rate, start LSN and 50 GB disk as idle-db-no-heartbeat → the same instants.
    let r = report("heartbeat-wrong-database");
    assert_eq!(
        alerts_raised(&r),
        vec![
            (IDLE_WARNING_MS, AlertLevel::Warning),
            (IDLE_CRITICAL_MS, AlertLevel::Critical)
        ]
    );
    assert_eq!(
        status_changes(&r),
        vec![
            (0, None, Some(WalStatus::Reserved)),
            (
                IDLE_EXTENDED_MS,
                Some(WalStatus::Reserved),
                Some(WalStatus::Extended)
            )
        ]
    );
    assert_eq!(
        disk_full(&r),
        vec![(IDLE_DISK_FULL_MS, 3200 * 16 * MIB, Lsn(IDLE_DISK_FULL_LSN))]
    );
    // Nothing was ever confirmed.
    let row = r.slot_row(0, IDLE_DISK_FULL_MS - 1).unwrap();
    assert_eq!(row.confirmed_flush_lsn, Some(Lsn(START_LSN)));
    assert_eq!(row.restart_lsn, Some(Lsn(START_LSN)));
    // The reference: exactly the same log as without a heartbeat.
    assert_eq!(r.events, report("idle-db-no-heartbeat").events);
}

// ---------------------------------------------------------------------------------------
// weekend-outage-slot-limit
// ---------------------------------------------------------------------------------------

#[test]
fn weekend_outage_with_slot_limit_loses_the_slot_at_a_checkpoint() {
    let r = report("weekend-outage-slot-limit");
    assert_eq!(WEEKEND_EXTENDED_MS, 427_008_000);
    assert_eq!(WEEKEND_UNRESERVED_MS, 541_440_000);
    assert_eq!(
        status_changes(&r),
        vec![
            (0, None, Some(WalStatus::Reserved)),
            (
                WEEKEND_EXTENDED_MS,
                Some(WalStatus::Reserved),
                Some(WalStatus::Extended)
            ),
            (
                WEEKEND_UNRESERVED_MS,
                Some(WalStatus::Extended),
                Some(WalStatus::Unreserved)
            ),
            (
                WEEKEND_LOST_MS,
                Some(WalStatus::Unreserved),
                Some(WalStatus::Lost)
            ),
        ]
    );
    // DETAIL "exceeds the limit by": start of segment 1606 − R = 1606 × 16777216 − 26938900520
    // = 26944208896 − 26938900520 = 5308376 bytes.
    assert_eq!(
        invalidations(&r),
        vec![(WEEKEND_LOST_MS, Lsn(WEEKEND_RESTART_LSN), 5_308_376)]
    );
    assert_eq!(
        alerts_raised(&r),
        vec![
            (WEEKEND_WARNING_MS, AlertLevel::Warning),
            (WEEKEND_CRITICAL_MS, AlertLevel::Critical)
        ]
    );
    // An invalidated slot retains nothing: both alerts clear at the invalidation.
    assert_eq!(
        alerts_cleared(&r),
        vec![
            (WEEKEND_LOST_MS, AlertLevel::Critical),
            (WEEKEND_LOST_MS, AlertLevel::Warning)
        ]
    );
    // Monday 08:00: the connector starts and gets "can no longer get changes" → FAILED.
    assert_eq!(
        connector_states(&r),
        vec![
            (0, ConnectorState::Running),
            (WEEKEND_STOP_MS, ConnectorState::Stopped),
            (WEEKEND_START_MS, ConnectorState::Running),
            (WEEKEND_START_MS, ConnectorState::Failed),
        ]
    );
    assert!(r.events.iter().any(|e| e.t_ms == WEEKEND_START_MS
        && matches!(
            e.kind,
            LogKind::SlotUnusable {
                connector: 0,
                slot: 0
            }
        )));
    // The disk is saved: the oldest file would have to be 640 segments back (seg 2245).
    assert!(disk_full(&r).is_empty());
    assert_eq!(r.server_down_at_ms, None);
    // Before the stop the slot is healthy: ≤ 120 s × 65536 B/s of WAL retained (the 16-min
    // bucket that holds the stop, from 409920000 ms, is left out).
    assert!(max_retained_between(&r, 0, 409_000_000) <= 120 * 65_536);
}

#[test]
fn a_full_disk_freezes_wal_at_the_segment_that_could_not_be_created() {
    // The PANIC is raised when segment k cannot be created: no WAL at or past its first byte
    // (k × 16 MiB, the DiskFull event's `lsn`, "the WAL position that could not be written")
    // can be written, so the frozen pg_current_wal_lsn is that boundary, not LSN(t) 40 bytes
    // into the missing segment.
    // idle-db-no-heartbeat: k = 3203 → 53737422848; retained = 53737422848 − 50331688
    // = 53687091160.
    let r = report("idle-db-no-heartbeat");
    assert_eq!(
        r.current_lsn_at(IDLE_DISK_FULL_MS + HOUR_MS),
        IDLE_DISK_FULL_LSN
    );
    assert_eq!(max_retained(&r), IDLE_DISK_FULL_LSN - START_LSN);
    // weekend-outage-disk-full: k = 2245 → 37664849920; retained = 37664849920 − 26938900520
    // = 10725949400.
    let r = report("weekend-outage-disk-full");
    let row = r.slot_row(0, 600_000_000).unwrap();
    assert_eq!(row.current_lsn, Lsn(37_664_849_920));
    assert_eq!(row.retained_bytes, Some(10_725_949_400));
}

#[test]
fn weekend_outage_with_slot_limit_slot_row_and_eta() {
    let r = report("weekend-outage-slot-limit");
    // Saturday, t = 500000000: current = 50331688 + 500000 × 65536 = 32818331688, segment
    // 3 + floor(500000 / 256) = 1956; 1956 − 1605 = 351 ≥ 66 → extended (≤ 2117: not
    // unreserved). safe_wal_size = start of 1605 + 512 + 1 = 2118 − current
    // = 35534143488 − 32818331688 = 2715811800. retained = 89713 s × 65536 = 5879431168.
    let row = r.slot_row(0, 500_000_000).unwrap();
    assert!(!row.active);
    assert_eq!(row.active_pid, None);
    assert_eq!(row.restart_lsn, Some(Lsn(WEEKEND_RESTART_LSN)));
    assert_eq!(row.confirmed_flush_lsn, Some(Lsn(WEEKEND_CONFIRMED_LSN)));
    assert_eq!(row.current_lsn, Lsn(32_818_331_688));
    assert_eq!(row.wal_status, Some(WalStatus::Extended));
    assert_eq!(row.safe_wal_size, Some(2_715_811_800));
    assert_eq!(row.retained_bytes, Some(5_879_431_168));
    // Sunday 08:00 (600000000): lost; restart_lsn and safe_wal_size NULL.
    let row = r.slot_row(0, 600_000_000).unwrap();
    assert_eq!(row.wal_status, Some(WalStatus::Lost));
    assert_eq!(row.restart_lsn, None);
    assert_eq!(row.safe_wal_size, None);
    assert_eq!(row.retained_bytes, None);
    assert_eq!(row.confirmed_flush_lsn, Some(Lsn(WEEKEND_CONFIRMED_LSN)));
    // ETAs from the stop: extended in 427008000 − 410400000 = 16608000 ms, lost in
    // 541470000 − 410400000 = 131070000 ms.
    assert_eq!(
        r.eta(0, EtaTarget::Extended, WEEKEND_STOP_MS),
        Eta::At {
            t_ms: WEEKEND_EXTENDED_MS,
            in_ms: 16_608_000
        }
    );
    assert_eq!(
        r.eta(0, EtaTarget::Lost, WEEKEND_STOP_MS),
        Eta::At {
            t_ms: WEEKEND_LOST_MS,
            in_ms: 131_070_000
        }
    );
    assert_eq!(
        r.eta(0, EtaTarget::Warning, 0),
        Eta::At {
            t_ms: WEEKEND_WARNING_MS,
            in_ms: WEEKEND_WARNING_MS
        }
    );
}

// ---------------------------------------------------------------------------------------
// weekend-outage-disk-full
// ---------------------------------------------------------------------------------------

#[test]
fn weekend_outage_without_slot_limit_fills_the_disk_on_sunday() {
    let r = report("weekend-outage-disk-full");
    assert_eq!(WEEKEND_DISK_FULL_MS, 573_952_000);
    // pg_wal at the PANIC: segments 1605..=2244 = 640 × 16 MiB = 10737418240 (the disk);
    // the failing segment starts at 2245 × 16777216 = 37664849920.
    assert_eq!(
        disk_full(&r),
        vec![(WEEKEND_DISK_FULL_MS, 640 * 16 * MIB, Lsn(37_664_849_920))]
    );
    assert_eq!(r.server_down_at_ms, Some(WEEKEND_DISK_FULL_MS));
    assert_eq!(
        status_changes(&r),
        vec![
            (0, None, Some(WalStatus::Reserved)),
            (
                WEEKEND_EXTENDED_MS,
                Some(WalStatus::Reserved),
                Some(WalStatus::Extended)
            )
        ]
    );
    assert_eq!(
        alerts_raised(&r),
        vec![
            (WEEKEND_WARNING_MS, AlertLevel::Warning),
            (WEEKEND_CRITICAL_MS, AlertLevel::Critical)
        ]
    );
    assert!(invalidations(&r).is_empty());
    // The stopped connector stays stopped; Monday's start cannot happen (server down).
    assert_eq!(
        connector_states(&r),
        vec![
            (0, ConnectorState::Running),
            (WEEKEND_STOP_MS, ConnectorState::Stopped)
        ]
    );
    assert!(
        r.events
            .iter()
            .any(|e| e.t_ms == WEEKEND_START_MS
                && matches!(e.kind, LogKind::IgnoredServerDown { .. }))
    );

    // After the PANIC: restart_lsn kept, wal_status extended (segment 2244 or 2245 vs 1605),
    // no safe_wal_size (unlimited). The frozen LSN itself is checked in
    // `a_full_disk_freezes_wal_at_the_segment_that_could_not_be_created`.
    let row = r.slot_row(0, 600_000_000).unwrap();
    assert_eq!(row.restart_lsn, Some(Lsn(WEEKEND_RESTART_LSN)));
    assert_eq!(row.wal_status, Some(WalStatus::Extended));
    assert_eq!(row.safe_wal_size, None);
    // 573952000 − 410400000 = 163552000 ms.
    assert_eq!(
        r.eta(0, EtaTarget::DiskFull, WEEKEND_STOP_MS),
        Eta::At {
            t_ms: WEEKEND_DISK_FULL_MS,
            in_ms: 163_552_000
        }
    );
    assert_eq!(
        r.eta(0, EtaTarget::Lost, WEEKEND_STOP_MS),
        Eta::Never {
            reason: NeverReason::UnlimitedSlotKeep
        }
    );
}

// ---------------------------------------------------------------------------------------
// bulk-load-burst
// ---------------------------------------------------------------------------------------

#[test]
fn bulk_load_burst_raises_and_clears_the_warning() {
    let r = report("bulk-load-burst");
    assert_eq!(
        alerts_raised(&r),
        vec![(BULK_WARNING_MS, AlertLevel::Warning)]
    );
    assert_eq!(
        alerts_cleared(&r),
        vec![(BULK_CLEARED_MS, AlertLevel::Warning)]
    );
    assert_eq!(
        status_changes(&r),
        vec![
            (0, None, Some(WalStatus::Reserved)),
            (
                BULK_EXTENDED_MS,
                Some(WalStatus::Reserved),
                Some(WalStatus::Extended)
            ),
            (
                BULK_CLEARED_MS,
                Some(WalStatus::Extended),
                Some(WalStatus::Reserved)
            ),
        ]
    );
    assert_eq!(max_retained(&r), BULK_MAX_RETAINED);
    // "About two minutes": between 113 s and 120 s of burst WAL (r = 20987904 B/s).
    const { assert!(113 * 20_987_904 < BULK_MAX_RETAINED && BULK_MAX_RETAINED <= 120 * 20_987_904) };
    // pg_wal holds at least the retained WAL: beyond max_wal_size (1 GiB).
    assert!(max_pg_wal(&r) >= BULK_MAX_RETAINED);
    // WAL-volume checkpoints: restart_lsn moves at the 15 commits τ = 60 … 900 s, and each
    // move is followed (before the next) by the end of a WAL-triggered checkpoint
    // (one every 33 segments ≈ 26.4 s) that removes the segments behind it; they all
    // happen between 14:00 and the end of the checkpoint running at the burst's end
    // (≈ 51566.7 s).
    let wal_removals: Vec<u64> = r
        .events
        .iter()
        .filter_map(|e| match e.kind {
            LogKind::CheckpointRemovedWal {
                cause: CheckpointCause::Wal,
                ..
            } => Some(e.t_ms),
            _ => None,
        })
        .collect();
    assert!(wal_removals.len() >= 15, "{wal_removals:?}");
    assert!(
        wal_removals
            .iter()
            .all(|&t| (50_400_000..=51_570_000).contains(&t)),
        "{wal_removals:?}"
    );
    assert_eq!(connector_states(&r), vec![(0, ConnectorState::Running)]);
    assert!(disk_full(&r).is_empty());
}

// ---------------------------------------------------------------------------------------
// all-changes-filtered
// ---------------------------------------------------------------------------------------

#[test]
fn all_changes_filtered_retains_like_an_idle_database() {
    // Every change is received but filtered: no record reaches Kafka, no offset is committed.
    // Same rate (1 MiB/s) and start LSN as idle-db-no-heartbeat → same instants.
    let r = report("all-changes-filtered");
    assert_eq!(
        alerts_raised(&r),
        vec![
            (IDLE_WARNING_MS, AlertLevel::Warning),
            (IDLE_CRITICAL_MS, AlertLevel::Critical)
        ]
    );
    assert_eq!(
        status_changes(&r),
        vec![
            (0, None, Some(WalStatus::Reserved)),
            (
                IDLE_EXTENDED_MS,
                Some(WalStatus::Reserved),
                Some(WalStatus::Extended)
            )
        ]
    );
    // 100 GB = 6400 segments: full only on entering segment 6403 at (6400 × 16 s) = 102400 s,
    // after the 1-day scenario.
    assert!(disk_full(&r).is_empty());
    let row = r.slot_row(0, DAY_MS).unwrap();
    assert_eq!(row.confirmed_flush_lsn, Some(Lsn(START_LSN)));
    // current = 50331688 + 86400 × 1048576 = 90647298088; retained = 86400 MiB.
    assert_eq!(row.current_lsn, Lsn(90_647_298_088));
    assert_eq!(row.retained_bytes, Some(86_400 * MIB));
    assert_eq!(row.wal_status, Some(WalStatus::Extended));
}

#[test]
fn all_changes_filtered_is_fixed_by_a_heartbeat_without_action_query() {
    // Heartbeats carry the newest LSN received before them (the filtered stream), so the
    // commit at c confirms LSN(c − 1 ms) ≥ the record at c − 53 s: peak 113 s × 1 MiB/s.
    let r = report_with("all-changes-filtered", |v| {
        v["connectors"][0]["heartbeat"] = serde_json::json!({ "interval_ms": 10_000 });
    });
    assert_eq!(max_retained(&r), HB_MAX_RETAINED);
    assert!(alerts_raised(&r).is_empty());
    assert_eq!(
        status_changes(&r),
        vec![(0, None, Some(WalStatus::Reserved))]
    );
}

#[test]
fn all_changes_filtered_eta_to_disk_full_beyond_the_scenario() {
    // Extrapolated from the end: oldest file segment 3, 102400 MB / 16 MB = 6400 segments,
    // full on entering segment 6403 (6403 × 16777216 = 107424514048). LSN reaches it when
    // floor(t × 1048.576) ≥ 107424514048 − 50331688 = 107374182360 → t ≥ 102399999.96 ms
    // → the first instant is t = 102400000 ms (same ceiling rule as every in-scenario event).
    let r = report("all-changes-filtered");
    assert_eq!(
        r.eta(0, EtaTarget::DiskFull, 0),
        Eta::Beyond { in_ms: 102_400_000 }
    );
}

// ---------------------------------------------------------------------------------------
// heartbeat-fails-after-failover
// ---------------------------------------------------------------------------------------

#[test]
fn heartbeat_fails_after_failover_on_debezium_1_9() {
    let r = report("heartbeat-fails-after-failover");
    // Debezium 1.9: no heartbeat before the first message (the write at 60 s), then beats at
    // 60 s, 70 s, …; the error at 7200 s hits the beat at 7200 s (60 + 714 × 10): 57P01 is
    // not retriable before 2.0 → FAILED, before the commit at the same instant.
    let failures: Vec<(u64, String, HeartbeatOutcome)> = r
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            LogKind::HeartbeatFailed {
                connector: 0,
                sqlstate,
                outcome,
            } => Some((e.t_ms, sqlstate.clone(), *outcome)),
            _ => None,
        })
        .collect();
    assert_eq!(
        failures,
        vec![(7_200_000, "57P01".to_string(), HeartbeatOutcome::TaskFailed)]
    );
    assert_eq!(
        connector_states(&r),
        vec![
            (0, ConnectorState::Running),
            (7_200_000, ConnectorState::Failed)
        ]
    );
    // Healthy before: the first commit (60 s) confirms LSN(60 s) = 50331688 + 60 MiB + 8192;
    // the largest peak is before the commit at 120 s: LSN(120 s) − LSN(7 s) = 113 MiB + 8192
    // (the 8192-byte write lies in between) = 118497280.
    assert_eq!(max_retained_between(&r, 0, 7_000_000), 113 * MIB + 8_192);
    // The last flush was the commit at 7140 s, which applied the record at 7087 s:
    // R = 50331688 + 8192 + 7087 × 1048576 = 7481597992 (segment 445);
    // confirmed = 50331688 + 8192 + 7140 × 1048576 = 7537172520.
    let row = r.slot_row(0, 7_300_000).unwrap();
    assert_eq!(row.restart_lsn, Some(Lsn(7_481_597_992)));
    assert_eq!(row.confirmed_flush_lsn, Some(Lsn(7_537_172_520)));
    assert!(!row.active);
    // Warning: (t − 7087000) × 1048.576 > 1073741824 → t = 7087000 + 1024001 = 8111001;
    // critical: t = 7087000 + 5120001 = 12207001.
    assert_eq!(
        alerts_raised(&r),
        vec![
            (8_111_001, AlertLevel::Warning),
            (12_207_001, AlertLevel::Critical)
        ]
    );
    // extended at segment 445 + 66 = 511: 511 × 16777216 = 8573157376; floor(t × 1048.576)
    // ≥ 8573157376 − 50339880 = 8522817496 → t ≥ 8127992.15 → 8127993 ms.
    assert_eq!(
        status_changes(&r),
        vec![
            (0, None, Some(WalStatus::Reserved)),
            (
                8_127_993,
                Some(WalStatus::Reserved),
                Some(WalStatus::Extended)
            )
        ]
    );
    // 100 GB from segment 445: full at LSN (445 + 6400) × 16 MiB, t ≈ 109472 s > 1 day.
    assert!(disk_full(&r).is_empty());
}

#[test]
fn heartbeat_failure_on_debezium_2_7_restarts_the_task_after_10_s() {
    let r = report_with("heartbeat-fails-after-failover", |v| {
        v["connectors"][0]["debezium_version"] = serde_json::json!("2.7");
    });
    assert_eq!(
        connector_states(&r),
        vec![
            (0, ConnectorState::Running),
            (7_200_000, ConnectorState::Restarting),
            (7_210_000, ConnectorState::Running)
        ]
    );
    assert!(r.events.iter().any(|e| e.t_ms == 7_200_000
        && matches!(
            &e.kind,
            LogKind::HeartbeatFailed {
                outcome: HeartbeatOutcome::TaskRestarts,
                ..
            }
        )));
    // The restarted task flushes again: the worst gap is from the record at 7087 s (applied
    // at 7140 s) to the first commit after the restart that moves the slot (7270 s) and the
    // one after: a few minutes at 1 MiB/s, far below 1 GiB.
    assert!(alerts_raised(&r).is_empty());
    assert!(max_retained(&r) < 300 * MIB, "{}", max_retained(&r));
}

// ---------------------------------------------------------------------------------------
// month-business-hours
// ---------------------------------------------------------------------------------------

// Stop 1: day 9 (Wednesday) 20:00 → 23:00 (849600000 → 860400000), off hours: inventory
// 262144 + analytics 131072 = 393216 B/s. The last flush is the commit at 849540 s; it
// applied the candidate after the commit at 849480 s: the bgwriter record at 849487 s or a
// checkpoint end in (849480 s, 849487 s) — the checkpoint phase on a Wednesday evening
// depends on every WAL-triggered checkpoint since day 0, so only this 7 s window is derived:
// ρ1 ∈ (849480000, 849487000]. LSN is linear at 393.216 B/ms there (piece boundaries are
// whole hours, so no rounding at whole-second ρ).
// Warning: (t − ρ1) × 393.216 > 1073741824 → t − ρ1 ≥ 2730667 ms (1 GiB / 384 KiB/s =
// 2730.67 s) → t ∈ (852210667, 852217667].
// Extended: entering seg(R) + 66 takes (65, 66] segments = (2773.33 s, 2816 s] → t ∈
// (852253333, 852303000].
// Restart at 860400 s; the first commit (860460 s) applies the record after 849540 s (still
// ≈ 10913 s back); the second (860520 s) applies the record at 860467 s (or a checkpoint end
// just before it): ≤ 60 s back → warning cleared and `reserved` again at 860520000.
//
// Stop 2: day 19 (Saturday) 01:00 → 09:00 (1645200000 → 1674000000), weekend: 65536 +
// 131072 = 196608 B/s. ρ2 ∈ (1645080000, 1645087000].
// Warning: 1 GiB / 196608 = 5461.33 s → t − ρ2 ≥ 5461334 → t ∈ (1650541334, 1650548334].
// Extended: (65, 66] segments = (5546.67 s, 5632 s] → t ∈ (1650626667, 1650719000].
// Critical: 5 GiB / 196608 = 27306.67 s → t − ρ2 ≥ 27306667 → t ∈ (1672386667, 1672393667].
// After the restart at 1674000 s the commit at 1674060 s moves restart_lsn only to the record
// after 1645140 s (28913 s × 196608 = 5684527104 > 5 GiB: still critical); the commit at
// 1674120 s clears both alerts.
// Max retained (model rules): LSN(1674060 s) − LSN(ρ2) or LSN(1674120 s) − LSN(ρ2'), each in
// [28973 s, 28980 s) × 196608 = [5696323584, 5697699840); < 16 GiB (1024 segments): never
// unreserved. Healthy periods keep < 120 s × (4194304 + 131072) = 519045120 < 1 GiB.

#[test]
fn month_business_hours_grows_only_during_the_two_stops() {
    let r = report("month-business-hours");
    assert_eq!(
        connector_states(&r),
        vec![
            (0, ConnectorState::Running),
            (849_600_000, ConnectorState::Stopped),
            (860_400_000, ConnectorState::Running),
            (1_645_200_000, ConnectorState::Stopped),
            (1_674_000_000, ConnectorState::Running),
        ]
    );
    let raised = alerts_raised(&r);
    assert_eq!(raised.len(), 3, "{raised:?}");
    assert_eq!(raised[0].1, AlertLevel::Warning);
    assert!(
        in_window(raised[0].0, 852_210_667, 852_217_667),
        "{raised:?}"
    );
    assert_eq!(raised[1].1, AlertLevel::Warning);
    assert!(
        in_window(raised[1].0, 1_650_541_334, 1_650_548_334),
        "{raised:?}"
    );
    assert_eq!(raised[2].1, AlertLevel::Critical);
    assert!(
        in_window(raised[2].0, 1_672_386_667, 1_672_393_667),
        "{raised:?}"
    );
    assert_eq!(
        alerts_cleared(&r),
        vec![
            (860_520_000, AlertLevel::Warning),
            (1_674_120_000, AlertLevel::Critical),
            (1_674_120_000, AlertLevel::Warning),
        ]
    );
    let st = status_changes(&r);
    assert_eq!(st.len(), 5, "{st:?}");
    assert_eq!(st[0], (0, None, Some(WalStatus::Reserved)));
    assert_eq!(
        (st[1].1, st[1].2),
        (Some(WalStatus::Reserved), Some(WalStatus::Extended))
    );
    assert!(in_window(st[1].0, 852_253_333, 852_303_000), "{st:?}");
    assert_eq!(
        st[2],
        (
            860_520_000,
            Some(WalStatus::Extended),
            Some(WalStatus::Reserved)
        )
    );
    assert_eq!(
        (st[3].1, st[3].2),
        (Some(WalStatus::Reserved), Some(WalStatus::Extended))
    );
    assert!(in_window(st[3].0, 1_650_626_667, 1_650_719_000), "{st:?}");
    assert_eq!(
        st[4],
        (
            1_674_120_000,
            Some(WalStatus::Extended),
            Some(WalStatus::Reserved)
        )
    );
    let max = max_retained(&r);
    assert!((5_696_323_584..5_697_699_840).contains(&max), "{max}");
    // Healthy days: below 120 s of peak-hour WAL.
    assert!(max_retained_between(&r, 0, 849_000_000) < 519_045_120);
    assert!(invalidations(&r).is_empty());
    assert!(disk_full(&r).is_empty());
}

#[test]
fn month_reconnect_moves_restart_lsn_to_the_last_confirmed_running_xacts() {
    // facts.md Part 1 §4: LogicalIncreaseRestartDecodingForSlot applies a running-xacts
    // record at once when its LSN ≤ confirmed_flush_lsn. On the reconnect at 860400 s decoding
    // re-reads WAL from restart_lsn = LSN(ρ1 ≤ 849487 s) and meets the records at 849502,
    // 849517 and 849532 s, all ≤ confirmed_flush_lsn = LSN(849540 s): restart_lsn moves at
    // once to the last of them (≥ LSN(849532 s)), before any commit.
    // At 860430 s (after the reconnect, before the first commit at 860460 s), retained is
    // therefore ≤ LSN(860430 s) − LSN(849532 s) = 10898 s × 393216 = 4285267968, and
    // ≥ LSN(860430 s) − LSN(849540 s) = 10890 s × 393216 = 4282122240 (restart ≤ confirmed).
    let r = report("month-business-hours");
    let row = r.slot_row(0, 860_430_000).unwrap();
    assert!(row.active);
    let retained = row.retained_bytes.unwrap();
    assert!(
        (4_282_122_240..=4_285_267_968).contains(&retained),
        "retained {retained} at 860430 s"
    );
}

// ---------------------------------------------------------------------------------------
// Every preset: validation, texts, and numbers stated in the descriptions
// ---------------------------------------------------------------------------------------

/// Rounds `ms` to the nearest whole `unit_ms`.
fn rounded(ms: u64, unit_ms: u64) -> u64 {
    (ms + unit_ms / 2) / unit_ms
}

fn raw(name: &str) -> serde_json::Value {
    serde_json::from_str(wal_model::presets::find(name).unwrap().json).unwrap()
}

#[test]
fn every_preset_validates_and_has_both_languages() {
    assert_eq!(wal_model::presets::PRESETS.len(), 9);
    for p in wal_model::presets::PRESETS {
        let s = scenario(p.name);
        assert_eq!(s.name, p.name, "file name and scenario name differ");
        for (what, text) in [
            ("title.ru", &s.title.ru),
            ("title.en", &s.title.en),
            ("description.ru", &s.description.ru),
            ("description.en", &s.description.en),
        ] {
            assert!(!text.trim().is_empty(), "{}: empty {what}", p.name);
        }
        // The same numbers appear in both languages (digits only, in order of appearance is
        // not required: the sets must match).
        let digits = |t: &str| {
            let mut v: Vec<String> = t
                .split(|c: char| !c.is_ascii_digit())
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect();
            v.sort();
            v.dedup();
            v
        };
        assert_eq!(
            digits(&s.description.ru),
            digits(&s.description.en),
            "{}: numbers differ between ru and en",
            p.name
        );
        assert_eq!(
            digits(&s.title.ru),
            digits(&s.title.en),
            "{}: title numbers differ between ru and en",
            p.name
        );
    }
}

fn assert_mentions(name: &str, ru: &[&str], en: &[&str]) {
    let s = scenario(name);
    for w in ru {
        assert!(
            s.description.ru.contains(w) || s.title.ru.contains(w),
            "{name}: ru text does not say {w:?}"
        );
    }
    for w in en {
        assert!(
            s.description.en.contains(w) || s.title.en.contains(w),
            "{name}: en text does not say {w:?}"
        );
    }
}

#[test]
fn descriptions_state_the_numbers_the_tests_derive() {
    // idle-db-no-heartbeat: 17 / 18 / 85 minutes, 14 hours, 50 GB, 1 MB/s.
    let v = raw("idle-db-no-heartbeat");
    assert_eq!(v["workload"][0]["pattern"]["bytes_per_s"], 1_048_576);
    assert_eq!(v["disk"]["size_mb"], 50 * 1024);
    assert_eq!(rounded(IDLE_WARNING_MS, MINUTE_MS), 17); // 17.07 min
    assert_eq!(rounded(IDLE_EXTENDED_MS, MINUTE_MS), 18); // 17.6 min
    assert_eq!(rounded(IDLE_CRITICAL_MS, MINUTE_MS), 85); // 85.3 min
    assert_eq!(rounded(IDLE_DISK_FULL_MS, HOUR_MS), 14); // 14.2 h
    assert_mentions(
        "idle-db-no-heartbeat",
        &[
            "1 МБ/с",
            "17 минут",
            "18 минут",
            "85 минут",
            "14 часов",
            "50 ГБ",
        ],
        &[
            "1 MB/s",
            "17 minutes",
            "18 minutes",
            "85 minutes",
            "14 hours",
            "50 GB",
        ],
    );

    // idle-db-heartbeat: 10 s heartbeat, commits every minute, 113 MB at 1 MB/s, a week.
    let v = raw("idle-db-heartbeat");
    assert_eq!(v["connectors"][0]["heartbeat"]["interval_ms"], 10_000);
    assert_eq!(v["duration_ms"], 7 * DAY_MS);
    assert_eq!(HB_MAX_RETAINED / MIB, 113);
    assert_mentions(
        "idle-db-heartbeat",
        &[
            "10 секунд",
            "heartbeat.interval.ms=10000",
            "offset.flush.interval.ms=60000",
            "113 МБ при 1 МБ/с",
            "всю неделю",
        ],
        &[
            "10 seconds",
            "heartbeat.interval.ms=10000",
            "offset.flush.interval.ms=60000",
            "113 MB at 1 MB/s",
            "all week",
        ],
    );

    // heartbeat-wrong-database: the two databases and the PG 14 limit of pgoutput.
    let v = raw("heartbeat-wrong-database");
    assert_eq!(
        v["connectors"][0]["heartbeat"]["target_database"],
        "analytics"
    );
    assert_eq!(v["slots"][0]["database"], "inventory");
    assert_mentions(
        "heartbeat-wrong-database",
        &["analytics", "inventory", "PostgreSQL 14"],
        &["analytics", "inventory", "PostgreSQL 14"],
    );

    // weekend-outage-slot-limit: Friday 18:00 → Monday 08:00, 64 KB/s, 8 GB.
    for name in ["weekend-outage-slot-limit", "weekend-outage-disk-full"] {
        let v = raw(name);
        assert_eq!(
            v["connectors"][0]["downtime"][0]["from_ms"],
            WEEKEND_STOP_MS
        );
        assert_eq!(v["connectors"][0]["downtime"][0]["to_ms"], WEEKEND_START_MS);
        assert_eq!(v["workload"][0]["pattern"]["bytes_per_s"], 65_536);
    }
    // Day 0 is a Monday: 410400000 = 4 d 18 h (Friday 18:00); 633600000 = 7 d 8 h (Monday 08:00).
    assert_eq!(
        (
            WEEKEND_STOP_MS / DAY_MS % 7,
            WEEKEND_STOP_MS % DAY_MS / HOUR_MS
        ),
        (4, 18)
    );
    assert_eq!(
        (
            WEEKEND_START_MS / DAY_MS % 7,
            WEEKEND_START_MS % DAY_MS / HOUR_MS
        ),
        (0, 8)
    );
    assert_eq!(
        raw("weekend-outage-slot-limit")["postgres"]["max_slot_wal_keep_size_mb"],
        8 * 1024
    );
    assert_mentions(
        "weekend-outage-slot-limit",
        &[
            "пятницу в 18:00",
            "понедельника 08:00",
            "64 КБ/с",
            "8 ГБ",
            "unreserved",
            "lost",
        ],
        &[
            "Friday at 18:00",
            "Monday 08:00",
            "64 KB/s",
            "8 GB",
            "unreserved",
            "lost",
        ],
    );

    // weekend-outage-disk-full: 10 GB disk fills on Sunday afternoon (day 6, 15:25).
    assert_eq!(
        raw("weekend-outage-disk-full")["disk"]["size_mb"],
        10 * 1024
    );
    assert_eq!(WEEKEND_DISK_FULL_MS / DAY_MS % 7, 6);
    assert!((12..18).contains(&(WEEKEND_DISK_FULL_MS % DAY_MS / HOUR_MS)));
    assert_mentions(
        "weekend-outage-disk-full",
        &["10 ГБ", "воскресенье днём", "-1"],
        &["10 GB", "Sunday afternoon", "-1"],
    );

    // bulk-load-burst: 18 GB in 15 minutes at 20 MB/s; about two minutes retained, > 1 GB.
    let v = raw("bulk-load-burst");
    let burst = &v["workload"][1]["pattern"]["bursts"][0];
    let span_ms = burst["to_ms"].as_u64().unwrap() - burst["from_ms"].as_u64().unwrap();
    assert_eq!(span_ms, 15 * MINUTE_MS);
    assert_eq!(burst["bytes_per_s"], 20 * MIB);
    // 20 MiB/s × 900 s = 18000 MiB ≈ 17.6 GiB → "18 GB".
    assert_eq!(rounded(20 * MIB * 900, GIB), 18);
    // 2479846786 bytes / 20987904 B/s = 118.2 s ≈ 2 min, and > 1 GiB.
    assert_eq!(rounded(BULK_MAX_RETAINED * 1000 / 20_987_904, MINUTE_MS), 2);
    const { assert!(BULK_MAX_RETAINED > GIB) };
    assert_mentions(
        "bulk-load-burst",
        &["18 ГБ за 15 минут", "20 МБ/с", "двух минут", "больше 1 ГБ"],
        &[
            "18 GB in 15 minutes",
            "20 MB/s",
            "two minutes",
            "more than 1 GB",
        ],
    );

    // all-changes-filtered: 1 MB/s into a table outside table.include.list.
    assert_eq!(
        raw("all-changes-filtered")["workload"][0]["pattern"]["bytes_per_s"],
        1_048_576
    );
    assert_mentions(
        "all-changes-filtered",
        &["1 МБ/с", "table.include.list"],
        &["1 MB/s", "table.include.list"],
    );

    // heartbeat-fails-after-failover: 10 s heartbeat, a write a minute after the start,
    // 57P01 after 2 hours, 2.0+ restarts after 10 s.
    let v = raw("heartbeat-fails-after-failover");
    assert_eq!(v["connectors"][0]["heartbeat"]["interval_ms"], 10_000);
    assert_eq!(v["events"][0]["at_ms"], MINUTE_MS);
    assert_eq!(v["events"][1]["at_ms"], 2 * HOUR_MS);
    assert_eq!(v["events"][1]["sqlstate"], "57P01");
    assert_eq!(
        scenario("heartbeat-fails-after-failover").connectors[0].retriable_restart_wait_ms,
        10_000
    );
    assert_mentions(
        "heartbeat-fails-after-failover",
        &[
            "каждые 10 секунд",
            "через минуту после запуска",
            "Через 2 часа",
            "57P01",
            "через 10 секунд",
            "1.9",
        ],
        &[
            "10-second heartbeat",
            "a minute after the start",
            "After 2 hours",
            "57P01",
            "after 10 seconds",
            "1.9",
        ],
    );

    // month-business-hours: 30 days, 4 MB/s / 256 KB/s / 64 KB/s, 10 s heartbeat, two stops.
    let v = raw("month-business-hours");
    assert_eq!(v["duration_ms"], 30 * DAY_MS);
    let p = &v["workload"][0]["pattern"];
    assert_eq!(
        (
            p["peak_bytes_per_s"].as_u64(),
            p["off_hours_bytes_per_s"].as_u64(),
            p["weekend_bytes_per_s"].as_u64()
        ),
        (Some(4 * MIB), Some(256 * 1024), Some(64 * 1024))
    );
    assert_eq!(v["connectors"][0]["heartbeat"]["interval_ms"], 10_000);
    assert_eq!(
        v["connectors"][0]["downtime"].as_array().map(Vec::len),
        Some(2)
    );
    assert_mentions(
        "month-business-hours",
        &[
            "Тридцать дней",
            "4 МБ/с днём",
            "256 КБ/с ночью",
            "64 КБ/с в выходные",
            "каждые 10 секунд",
            "дважды",
        ],
        &[
            "Thirty days",
            "4 MB/s by day",
            "256 KB/s at night",
            "64 KB/s at weekends",
            "10-second heartbeat",
            "stopped twice",
        ],
    );
}
