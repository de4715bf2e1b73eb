//! PostgreSQL's own rules, as pure functions: `wal_status`, `safe_wal_size`, which WAL a
//! checkpoint may remove, when WAL volume requests a checkpoint, how many segments are
//! recycled. Both simulation engines call these; each function cites the code it follows
//! (see `../shared/facts.md`, Part 1 §1–§3).
//!
//! All arithmetic is in whole WAL segments where PostgreSQL's is, so results match a real
//! server to the byte (confirmed on PostgreSQL 15.18: with `max_wal_size = 64MB`, 65 MiB
//! retained is still `reserved`).

use crate::units::MB;
use serde::{Deserialize, Serialize};

/// The WAL settings the rules depend on, already validated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WalSettings {
    /// `wal_segment_size` in bytes (a power of two, 1 MB–1 GB; 16 MB by default).
    pub segment_size_bytes: u64,
    /// `max_wal_size` in MB.
    pub max_wal_size_mb: u64,
    /// `min_wal_size` in MB.
    pub min_wal_size_mb: u64,
    /// `wal_keep_size` in MB (0 disables).
    pub wal_keep_size_mb: u64,
    /// `max_slot_wal_keep_size` in MB; -1 = unlimited.
    pub max_slot_wal_keep_size_mb: i64,
    /// `checkpoint_completion_target` (0.9 by default since PostgreSQL 14, 0.5 before).
    pub checkpoint_completion_target: f64,
}

/// `pg_replication_slots.wal_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WalStatus {
    /// The claimed files are within `max_wal_size`.
    Reserved,
    /// `max_wal_size` is exceeded but the files are still retained.
    Extended,
    /// The slot no longer retains the required WAL; the next checkpoint removes it.
    Unreserved,
    /// Required WAL was removed; the slot is unusable.
    Lost,
}

impl WalStatus {
    /// The value as `pg_replication_slots` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            WalStatus::Reserved => "reserved",
            WalStatus::Extended => "extended",
            WalStatus::Unreserved => "unreserved",
            WalStatus::Lost => "lost",
        }
    }
}

impl std::fmt::Display for WalStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl WalSettings {
    /// Segment number of an LSN (`XLByteToSeg`).
    #[inline(always)]
    pub fn segment_of(&self, lsn: u64) -> u64 {
        // wal_segment_size is a power of two (validated): a shift, not a division.
        lsn >> self.segment_size_bytes.trailing_zeros()
    }

    /// First LSN of a segment (`XLogSegNoOffsetToRecPtr(seg, 0, ...)`).
    #[inline(always)]
    pub fn segment_start(&self, segment: u64) -> u64 {
        crate::arith::saturating_mul(segment, self.segment_size_bytes)
    }

    /// `ConvertToXSegs(mb, wal_segment_size)`: whole segments, rounded down.
    pub fn mb_to_segments(&self, mb: u64) -> u64 {
        mb.saturating_mul(MB) >> self.segment_size_bytes.trailing_zeros()
    }

    /// `CheckPointSegments` (xlog.c CalculateCheckpointSegments, PG11+):
    /// `floor(max_wal_size in segments / (1 + checkpoint_completion_target))`, at least 1.
    pub fn checkpoint_segments(&self) -> u64 {
        let segs = self.mb_to_segments(self.max_wal_size_mb) as f64;
        let target = segs / (1.0 + self.checkpoint_completion_target);
        (target as u64).max(1)
    }

    /// The write position at which WAL volume requests a checkpoint, given the redo LSN of
    /// the latest checkpoint. XLogWrite calls `XLogCheckpointNeeded(filled_segno)` when a
    /// segment fills; it fires at `filled_segno >= redo_seg + CheckPointSegments - 1`, i.e.
    /// when writing crosses into segment `redo_seg + CheckPointSegments`.
    pub fn wal_checkpoint_trigger_lsn(&self, redo_lsn: u64) -> u64 {
        let redo_seg = self.segment_of(redo_lsn);
        self.segment_start(redo_seg.saturating_add(self.checkpoint_segments()))
    }

    /// `KeepLogSeg(recptr, &seg)`: the oldest segment that must be kept, given the minimum
    /// `restart_lsn` over all slots (`None` if no slot reserves WAL), starting from `seg`.
    /// `max_slot_wal_keep_size` caps what slots keep; `wal_keep_size` is applied after the cap
    /// so it can keep more (xlog.c KeepLogSeg, PG13+).
    pub fn keep_log_seg(&self, recptr: u64, min_restart_lsn: Option<u64>, seg: u64) -> u64 {
        let curr_seg = self.segment_of(recptr);
        let mut segno = curr_seg;
        if let Some(keep) = min_restart_lsn {
            if keep < recptr {
                segno = self.segment_of(keep);
                if self.max_slot_wal_keep_size_mb >= 0 {
                    let slot_keep_segs = self.mb_to_segments(self.max_slot_wal_keep_size_mb as u64);
                    if curr_seg - segno > slot_keep_segs {
                        segno = curr_seg - slot_keep_segs;
                    }
                }
            }
        }
        if self.wal_keep_size_mb > 0 {
            let keep_segs = self.mb_to_segments(self.wal_keep_size_mb);
            if curr_seg - segno < keep_segs {
                segno = if curr_seg <= keep_segs {
                    1
                } else {
                    curr_seg - keep_segs
                };
            }
        }
        segno.min(seg)
    }

    /// `GetWALAvailability(restart_lsn)` (xlog.c), before pg_get_replication_slots' override
    /// for invalidated slots. `write_lsn` is the current WAL write position,
    /// `min_restart_lsn` the minimum over all slots, `last_removed_segment` what
    /// `XLogGetLastRemovedSegno()` returns (0 until a checkpoint removed a file).
    pub fn wal_availability(
        &self,
        restart_lsn: u64,
        write_lsn: u64,
        min_restart_lsn: Option<u64>,
        last_removed_segment: u64,
    ) -> WalStatus {
        let curr_seg = self.segment_of(write_lsn);
        let oldest_slot_seg = self.keep_log_seg(write_lsn, min_restart_lsn, curr_seg);
        let oldest_seg = last_removed_segment + 1;
        let keep_segs = self.mb_to_segments(self.max_wal_size_mb) + 1;
        let oldest_seg_max_wal_size = if curr_seg > keep_segs {
            curr_seg - keep_segs
        } else {
            1
        };
        let target_seg = self.segment_of(restart_lsn);
        if target_seg >= oldest_slot_seg {
            if target_seg >= oldest_seg_max_wal_size {
                WalStatus::Reserved
            } else {
                WalStatus::Extended
            }
        } else if target_seg >= oldest_seg {
            WalStatus::Unreserved
        } else {
            WalStatus::Lost
        }
    }

    /// `safe_wal_size` (slotfuncs.c pg_get_replication_slots): NULL when the slot is lost
    /// or `max_slot_wal_keep_size = -1`; otherwise the start of segment
    /// `seg(restart_lsn) + max(slot keep segs, wal_keep segs) + 1` minus the write position.
    /// Negative once the slot is `unreserved`.
    pub fn safe_wal_size(
        &self,
        restart_lsn: u64,
        write_lsn: u64,
        status: WalStatus,
    ) -> Option<i64> {
        if status == WalStatus::Lost || self.max_slot_wal_keep_size_mb < 0 {
            return None;
        }
        let target_seg = self.segment_of(restart_lsn);
        let slot_keep_segs = self.mb_to_segments(self.max_slot_wal_keep_size_mb as u64);
        let keep_segs = self.mb_to_segments(self.wal_keep_size_mb);
        let fail_seg = target_seg + slot_keep_segs.max(keep_segs) + 1;
        let fail_lsn = self.segment_start(fail_seg);
        Some(fail_lsn as i64 - write_lsn as i64)
    }

    /// `XLOGfileslop(redo)`: the highest segment to keep as a recycled, preallocated future
    /// file: enough for `(1 + checkpoint_completion_target) × CheckPointDistanceEstimate × 1.1`
    /// past the redo pointer, clamped between `min_wal_size` and `max_wal_size` of segments.
    pub fn recycle_limit_segment(&self, redo_lsn: u64, distance_estimate_bytes: f64) -> u64 {
        let redo_seg = self.segment_of(redo_lsn);
        let min_seg = redo_seg + self.mb_to_segments(self.min_wal_size_mb).saturating_sub(1);
        let max_seg = redo_seg + self.mb_to_segments(self.max_wal_size_mb).saturating_sub(1);
        let distance = (1.0 + self.checkpoint_completion_target) * distance_estimate_bytes * 1.10;
        let recycle = ((redo_lsn as f64 + distance) / self.segment_size_bytes as f64).ceil() as u64;
        recycle.clamp(min_seg, max_seg.max(min_seg))
    }
}

impl WalSettings {
    /// `PreallocXlogFiles(endptr)` (xlog.c), called at the end of every checkpoint with the
    /// checkpoint record's end: if the segment holding the last byte before `endptr` is at
    /// least 75 % full, the next segment file is created ahead of time (if it does not exist
    /// yet). Returns that segment. Seen on PostgreSQL 15.18: an idle slot's `pg_wal` holds one
    /// file more than the segments written whenever a checkpoint ends late in a segment.
    pub fn prealloc_segment(&self, endptr: u64) -> Option<u64> {
        let last = endptr.checked_sub(1)?;
        let offset = last & (self.segment_size_bytes - 1);
        // (uint32) (0.75 * wal_segment_size): exact for a power of two >= 4 bytes.
        (offset >= self.segment_size_bytes / 4 * 3).then(|| self.segment_of(last) + 1)
    }
}

/// `UpdateCheckPointDistanceEstimate(nbytes)` (xlog.c): jump up at once, decay slowly.
pub fn update_distance_estimate(estimate_bytes: f64, distance_bytes: f64) -> f64 {
    if estimate_bytes < distance_bytes {
        distance_bytes
    } else {
        0.90 * estimate_bytes + 0.10 * distance_bytes
    }
}

/// What the end of a checkpoint does to WAL and slots (CreateCheckPoint, PG13+):
/// `_logSegNo = seg(redo)`; `KeepLogSeg(recptr, &_logSegNo)`;
/// `InvalidateObsoleteReplicationSlots(_logSegNo)` invalidates every slot whose
/// `restart_lsn` is before the start of `_logSegNo`; if any was invalidated the keep
/// segment is computed again without them; then every segment below it is removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRemoval {
    /// Segments strictly below this one are removed (or recycled).
    pub keep_from_segment: u64,
    /// Indices (into the slice passed in) of slots invalidated at this checkpoint.
    pub invalidated: Vec<usize>,
}

impl WalSettings {
    /// Applies the checkpoint-end removal rule. `restart_lsns` holds each slot's
    /// `restart_lsn` (`None` for slots that reserve nothing, e.g. already invalidated).
    pub fn checkpoint_removal(
        &self,
        redo_lsn: u64,
        recptr: u64,
        restart_lsns: &[Option<u64>],
    ) -> CheckpointRemoval {
        let min_restart = restart_lsns.iter().flatten().copied().min();
        let mut keep = self.keep_log_seg(recptr, min_restart, self.segment_of(redo_lsn));
        let oldest_lsn = self.segment_start(keep);
        let invalidated: Vec<usize> = restart_lsns
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r {
                Some(lsn) if *lsn < oldest_lsn => Some(i),
                _ => None,
            })
            .collect();
        if !invalidated.is_empty() {
            let min_remaining = restart_lsns
                .iter()
                .enumerate()
                .filter(|(i, _)| !invalidated.contains(i))
                .filter_map(|(_, r)| *r)
                .min();
            keep = self.keep_log_seg(recptr, min_remaining, self.segment_of(redo_lsn));
        }
        CheckpointRemoval {
            keep_from_segment: keep,
            invalidated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(max_wal_mb: u64, max_slot_mb: i64) -> WalSettings {
        WalSettings {
            segment_size_bytes: 16 * MB,
            max_wal_size_mb: max_wal_mb,
            min_wal_size_mb: 80,
            wal_keep_size_mb: 0,
            max_slot_wal_keep_size_mb: max_slot_mb,
            checkpoint_completion_target: 0.9,
        }
    }

    #[test]
    fn checkpoint_segments_follow_calculate_checkpoint_segments() {
        // Defaults: 1024 MB / 16 MB = 64 segments; 64 / 1.9 = 33.68 -> 33.
        assert_eq!(settings(1024, -1).checkpoint_segments(), 33);
        // PG13 default target 0.5: 64 / 1.5 = 42.67 -> 42.
        let mut s = settings(1024, -1);
        s.checkpoint_completion_target = 0.5;
        assert_eq!(s.checkpoint_segments(), 42);
        // Tiny max_wal_size: 32 MB = 2 segments / 1.9 = 1.05 -> 1 (never below 1).
        assert_eq!(settings(32, -1).checkpoint_segments(), 1);
        // Trigger: redo in segment 10 -> requested when writing crosses into segment 10 + 33.
        assert_eq!(
            settings(1024, -1).wal_checkpoint_trigger_lsn(10 * 16 * MB + 5),
            43 * 16 * MB
        );
    }

    #[test]
    fn wal_status_is_whole_segments_like_pg15() {
        // facts.md §1 / toolchain.md: max_wal_size 64MB (4 segments): reserved while
        // curr_seg - restart_seg <= 4 + 1. restart in segment 2 (start), write pos 65 MiB
        // past restart -> segment 2 + 4 (65/16 = 4.06) = 6: 6 - 2 = 4 <= 5 -> reserved.
        let s = settings(64, 128);
        let restart = 2 * 16 * MB;
        assert_eq!(
            s.wal_availability(restart, restart + 65 * MB, Some(restart), 0),
            WalStatus::Reserved
        );
        // Segment 8: keepSegs = 5, oldestSegMaxWalSize = 8 - 5 = 3 > 2 -> extended.
        assert_eq!(
            s.wal_availability(restart, 8 * 16 * MB, Some(restart), 0),
            WalStatus::Extended
        );
        // Segment 7: 7 - 5 = 2, target 2 >= 2 -> still reserved.
        assert_eq!(
            s.wal_availability(restart, 7 * 16 * MB, Some(restart), 0),
            WalStatus::Reserved
        );
        // max_slot_wal_keep_size 128MB = 8 segments: KeepLogSeg caps at curr - 8 once
        // curr - 2 > 8, i.e. curr = 11 -> oldest slot seg 3 > 2 -> unreserved (nothing removed yet).
        assert_eq!(
            s.wal_availability(restart, 11 * 16 * MB, Some(restart), 0),
            WalStatus::Unreserved
        );
        assert_eq!(
            s.wal_availability(restart, 10 * 16 * MB + 1, Some(restart), 0),
            WalStatus::Extended
        );
        // After a checkpoint removed segments up to 2, the same numbers give lost.
        assert_eq!(
            s.wal_availability(restart, 11 * 16 * MB, Some(restart), 2),
            WalStatus::Lost
        );
    }

    #[test]
    fn unlimited_slot_keep_never_unreserves() {
        let s = settings(64, -1);
        let restart = 2 * 16 * MB;
        assert_eq!(
            s.wal_availability(restart, 500 * 16 * MB, Some(restart), 1),
            WalStatus::Extended
        );
        assert_eq!(
            s.safe_wal_size(restart, 500 * 16 * MB, WalStatus::Extended),
            None
        );
    }

    #[test]
    fn safe_wal_size_is_fail_lsn_minus_write_position() {
        // restart in segment 2, keep 128MB = 8 segs: failSeg = 2 + 8 + 1 = 11,
        // failLSN = 11 * 16 MiB = 176 MiB; write at 100 MiB -> 76 MiB safe.
        let s = settings(64, 128);
        let restart = 2 * 16 * MB + 123;
        assert_eq!(
            s.safe_wal_size(restart, 100 * MB, WalStatus::Reserved),
            Some(76 * MB as i64)
        );
        // Past the fail LSN it is negative (unreserved).
        assert_eq!(
            s.safe_wal_size(restart, 180 * MB, WalStatus::Unreserved),
            Some(-4 * MB as i64)
        );
        assert_eq!(s.safe_wal_size(restart, 180 * MB, WalStatus::Lost), None);
        // wal_keep_size larger than max_slot_wal_keep_size wins: 256MB = 16 segs -> failSeg 19.
        let mut s2 = s;
        s2.wal_keep_size_mb = 256;
        assert_eq!(
            s2.safe_wal_size(restart, 100 * MB, WalStatus::Reserved),
            Some((19 * 16 - 100) * MB as i64)
        );
    }

    #[test]
    fn keep_log_seg_applies_cap_then_wal_keep_size() {
        let mut s = settings(1024, 160); // 10 segments
                                         // curr seg 100, slot at seg 50: 100 - 50 > 10 -> capped at 90.
        assert_eq!(s.keep_log_seg(100 * 16 * MB, Some(50 * 16 * MB), 100), 90);
        // wal_keep_size 320MB = 20 segs: 100 - 90 < 20 -> 80.
        s.wal_keep_size_mb = 320;
        assert_eq!(s.keep_log_seg(100 * 16 * MB, Some(50 * 16 * MB), 100), 80);
        // No slot: wal_keep_size alone keeps 20 segments back.
        assert_eq!(s.keep_log_seg(100 * 16 * MB, None, 100), 80);
        // Never above the passed-in segment (redo).
        assert_eq!(s.keep_log_seg(100 * 16 * MB, None, 70), 70);
    }

    #[test]
    fn checkpoint_invalidates_slots_behind_the_cap() {
        let s = settings(1024, 160);
        // redo in seg 100, write seg 100, slot A at seg 50 (behind cap 90), slot B at seg 95.
        let r = s.checkpoint_removal(
            100 * 16 * MB,
            100 * 16 * MB + 10,
            &[Some(50 * 16 * MB), Some(95 * 16 * MB), None],
        );
        assert_eq!(r.invalidated, vec![0]);
        // Recomputed without A: min restart = seg 95 -> keep from 95.
        assert_eq!(r.keep_from_segment, 95);
        // Unlimited: nothing invalidated, keep from the oldest slot.
        let u = settings(1024, -1);
        let r = u.checkpoint_removal(100 * 16 * MB, 100 * 16 * MB, &[Some(50 * 16 * MB)]);
        assert!(r.invalidated.is_empty());
        assert_eq!(r.keep_from_segment, 50);
    }

    #[test]
    fn a_checkpoint_late_in_a_segment_preallocates_the_next() {
        let s = settings(64, 128);
        // Segment 2 starts at 32 MiB; 75 % of 16 MiB = 12 MiB.
        assert_eq!(s.prealloc_segment(2 * 16 * MB + 12 * MB), None);
        assert_eq!(s.prealloc_segment(2 * 16 * MB + 12 * MB + 1), Some(3));
        assert_eq!(s.prealloc_segment(3 * 16 * MB), Some(3)); // the last byte is in segment 2
        assert_eq!(s.prealloc_segment(3 * 16 * MB + 40), None);
        // Seen on 15.18: a CHECKPOINT ending at 0/1D3F0D0 (82 % into segment 1) left 2 files.
        assert_eq!(s.prealloc_segment(0x1D3_F0D0), Some(2));
        assert_eq!(s.prealloc_segment(0), None);
    }

    #[test]
    fn recycling_is_clamped_between_min_and_max_wal_size() {
        let s = settings(1024, -1);
        // Estimate 0: clamp to min_wal_size: redo seg 10 + 5 - 1 = 14.
        assert_eq!(s.recycle_limit_segment(10 * 16 * MB, 0.0), 14);
        // Estimate 160 MiB: 1.9 * 160 * 1.1 = 334.4 MiB past 160 MiB -> ceil(494.4/16) = 31.
        assert_eq!(s.recycle_limit_segment(10 * 16 * MB, 160.0 * MB as f64), 31);
        // Huge estimate: clamp to max_wal_size: 10 + 64 - 1 = 73.
        assert_eq!(s.recycle_limit_segment(10 * 16 * MB, 1e12), 73);
        assert_eq!(update_distance_estimate(100.0, 200.0), 200.0);
        assert_eq!(update_distance_estimate(200.0, 100.0), 190.0);
    }
}
