//! What a simulation reports: bounded time series, an ordered event log, the
//! `pg_replication_slots` row of any slot at any instant, and ETAs.
//!
//! The report keeps a compact history of every slot state change and every WAL removal, so
//! that a row or an ETA at an arbitrary instant is exact, not interpolated from the series.

use crate::rules::{WalSettings, WalStatus};
use crate::scenario::Plugin;
use crate::units::Lsn;
use crate::wal::WalCurve;
use serde::Serialize;

/// Min / max / last of a value over a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Span {
    /// Smallest value seen in the bucket.
    pub min: u64,
    /// Largest value seen in the bucket.
    pub max: u64,
    /// Value at the end of the bucket.
    pub last: u64,
}

impl Span {
    #[inline(always)]
    fn start(v: u64) -> Span {
        Span {
            min: v,
            max: v,
            last: v,
        }
    }
    #[inline(always)]
    fn observe(&mut self, v: u64) {
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        self.last = v;
    }
    /// Observes `v` in `span`, starting it if the bucket has none yet.
    #[inline(always)]
    fn observe_or_start(span: &mut Option<Span>, v: u64) {
        match span {
            Some(span) => span.observe(v),
            None => *span = Some(Span::start(v)),
        }
    }
}

/// One slot in one bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct SlotPoint {
    /// Retained WAL `pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)`; `None` while the
    /// slot does not exist or was invalidated for the whole bucket.
    pub retained_bytes: Option<Span>,
    /// Consumer lag `pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)`.
    pub lag_bytes: Option<Span>,
    /// The worst `wal_status` seen in the bucket (`lost` > `unreserved` > `extended` > `reserved`).
    pub worst_status: Option<WalStatus>,
    /// `wal_status` at the end of the bucket.
    pub status: Option<WalStatus>,
    /// True if the slot's consumer was streaming at the end of the bucket.
    pub active: bool,
}

/// One bucket of the time series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesPoint {
    /// Bucket start, ms.
    pub from_ms: u64,
    /// Bucket end, ms.
    pub to_ms: u64,
    /// `pg_current_wal_lsn()` at the end of the bucket.
    pub current_lsn: Lsn,
    /// Size of `pg_wal` (all segment files, including recycled ones).
    pub pg_wal_bytes: Span,
    /// One entry per slot, in [`Report::slots`] order.
    pub slots: Vec<SlotPoint>,
}

/// Why a checkpoint ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckpointCause {
    /// `checkpoint_timeout` elapsed.
    Time,
    /// WAL volume reached `CheckPointSegments` since the last redo point.
    Wal,
    /// An explicit `CHECKPOINT`.
    Explicit,
}

/// Connector (task) states as Kafka Connect reports them, plus Debezium's restart wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorState {
    /// Streaming.
    Running,
    /// Stopped (by an operator or a schedule).
    Stopped,
    /// FAILED: stays so until someone restarts it.
    Failed,
    /// A retriable error: Debezium (2.0+) restarts the task after `retriable.restart.connector.wait.ms`.
    Restarting,
}

/// Alert levels on retained WAL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertLevel {
    /// Above the warning threshold (1 GB in the course).
    Warning,
    /// Above the critical threshold (5 GB in the course).
    Critical,
}

/// What happened to a failing heartbeat action query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeartbeatOutcome {
    /// Debezium before 2.0: `DebeziumException`, not retriable → the task is FAILED.
    TaskFailed,
    /// Debezium 2.0+: a communication error → retriable: the task restarts after the wait.
    TaskRestarts,
    /// `57P03`: Kafka `RetriableException`: Connect polls again; the task keeps running.
    PollRetried,
    /// Any other SQLSTATE: only logged; the connector continues.
    Logged,
}

/// One entry of the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LogKind {
    /// A checkpoint ended and removed (or recycled) WAL segments.
    CheckpointRemovedWal {
        /// Why it ran.
        cause: CheckpointCause,
        /// Redo LSN of the checkpoint.
        redo_lsn: Lsn,
        /// Segment files removed or recycled.
        removed_segments: u64,
        /// Of those, recycled as future segments.
        recycled_segments: u64,
        /// `pg_wal` size after it.
        pg_wal_bytes: u64,
    },
    /// `wal_status` of a slot changed.
    WalStatusChanged {
        /// Slot index.
        slot: usize,
        /// Before (`None`: the slot did not exist).
        from: Option<WalStatus>,
        /// After (`None`: the slot no longer exists).
        to: Option<WalStatus>,
    },
    /// Retained WAL rose above a threshold.
    AlertRaised {
        /// Slot index.
        slot: usize,
        /// Level.
        level: AlertLevel,
        /// Threshold in bytes.
        threshold_bytes: u64,
    },
    /// Retained WAL fell back below a threshold.
    AlertCleared {
        /// Slot index.
        slot: usize,
        /// Level.
        level: AlertLevel,
        /// Threshold in bytes.
        threshold_bytes: u64,
    },
    /// `LOG: invalidating obsolete replication slot` at a checkpoint.
    SlotInvalidated {
        /// Slot index.
        slot: usize,
        /// `restart_lsn` it had.
        restart_lsn: Lsn,
        /// How far beyond the limit it was (the DETAIL line).
        exceeds_limit_by_bytes: u64,
    },
    /// A connector changed state.
    ConnectorStateChanged {
        /// Connector index.
        connector: usize,
        /// New state.
        state: ConnectorState,
    },
    /// The connector cannot stream from its slot: `ERROR: can no longer get changes from
    /// replication slot` (SQLSTATE 55000).
    SlotUnusable {
        /// Connector index.
        connector: usize,
        /// Slot index.
        slot: usize,
    },
    /// A heartbeat action query failed.
    HeartbeatFailed {
        /// Connector index.
        connector: usize,
        /// SQLSTATE.
        sqlstate: String,
        /// What Debezium did.
        outcome: HeartbeatOutcome,
    },
    /// A slot was created (by a scenario event, or by the connector at start: `slot.name`).
    SlotCreated {
        /// Slot index.
        slot: usize,
        /// At this LSN (`restart_lsn` = `confirmed_flush_lsn`).
        lsn: Lsn,
        /// Created by the connector starting without its slot.
        by_connector: bool,
    },
    /// `pg_drop_replication_slot` succeeded.
    SlotDropped {
        /// Slot index.
        slot: usize,
    },
    /// `ERROR: replication slot "…" is active for PID …` (55006) or `… does not exist` (42704)
    /// or `… already exists` (42710).
    SlotCommandFailed {
        /// Slot index.
        slot: usize,
        /// SQLSTATE.
        sqlstate: String,
        /// PID of the walsender when the slot is active.
        active_pid: Option<u32>,
    },
    /// Changes between the connector's stored offset and its new slot are skipped silently.
    DataGap {
        /// Connector index.
        connector: usize,
        /// Last offset the connector had (exclusive).
        from_lsn: Lsn,
        /// Where the new slot starts.
        to_lsn: Lsn,
    },
    /// `PANIC: could not write to file "pg_wal/xlogtemp…": No space left on device`: the server
    /// stops and cannot start until space is freed.
    DiskFull {
        /// `pg_wal` size when it happened.
        pg_wal_bytes: u64,
        /// The WAL position that could not be written.
        lsn: Lsn,
    },
    /// A scenario event that could not take effect because the server is down.
    IgnoredServerDown {
        /// Index in the scenario's sorted event list.
        event: usize,
    },
}

/// A timestamped log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEvent {
    /// When, ms.
    pub t_ms: u64,
    /// What.
    #[serde(flatten)]
    pub kind: LogKind,
}

/// Static facts about a slot in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotInfo {
    /// `slot_name`.
    pub name: String,
    /// `database`.
    pub database: String,
    /// `plugin`.
    pub plugin: Plugin,
}

/// A recorded slot state (from `t_ms` until the next record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SlotRecord {
    /// From when.
    pub t_ms: u64,
    /// The slot exists.
    pub exists: bool,
    /// Invalidated (`restart_lsn` is NULL, `wal_status` is lost).
    pub invalidated: bool,
    /// Streamed by a walsender.
    pub active: bool,
    /// `restart_lsn`.
    pub restart_lsn: u64,
    /// `confirmed_flush_lsn`.
    pub confirmed_flush_lsn: u64,
}

/// A recorded WAL-file state (from `t_ms` on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WalFilesRecord {
    /// From when.
    pub t_ms: u64,
    /// `XLogGetLastRemovedSegno()`.
    pub last_removed_segment: u64,
    /// Oldest segment file present.
    pub oldest_segment: u64,
    /// Highest segment file present (recycled files included).
    pub highest_segment: u64,
}

/// `pg_replication_slots` as PostgreSQL 13–17 shows it for a logical slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotRow {
    /// `slot_name`.
    pub slot_name: String,
    /// `plugin`.
    pub plugin: String,
    /// `slot_type` (always `logical` here).
    pub slot_type: &'static str,
    /// `database`.
    pub database: String,
    /// `temporary`.
    pub temporary: bool,
    /// `active`.
    pub active: bool,
    /// `active_pid` (a made-up but stable PID while active).
    pub active_pid: Option<u32>,
    /// `restart_lsn` (NULL once invalidated).
    pub restart_lsn: Option<Lsn>,
    /// `confirmed_flush_lsn`.
    pub confirmed_flush_lsn: Option<Lsn>,
    /// `wal_status`.
    pub wal_status: Option<WalStatus>,
    /// `safe_wal_size`.
    pub safe_wal_size: Option<i64>,
    /// `two_phase` (PostgreSQL 14+).
    pub two_phase: Option<bool>,
    /// `conflicting` (PostgreSQL 16+).
    pub conflicting: Option<bool>,
    /// `invalidation_reason` (PostgreSQL 17+).
    pub invalidation_reason: Option<&'static str>,
    /// `failover` (PostgreSQL 17+).
    pub failover: Option<bool>,
    /// `synced` (PostgreSQL 17+).
    pub synced: Option<bool>,
    /// `pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)`.
    pub retained_bytes: Option<u64>,
    /// `pg_current_wal_lsn()` at that instant.
    pub current_lsn: Lsn,
}

/// What an ETA is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EtaTarget {
    /// Retained WAL above the warning threshold.
    Warning,
    /// Retained WAL above the critical threshold.
    Critical,
    /// `wal_status = extended`.
    Extended,
    /// `wal_status = lost`.
    Lost,
    /// `pg_wal` fills the disk.
    DiskFull,
}

/// Why something never happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NeverReason {
    /// `max_slot_wal_keep_size = -1`: a slot is never invalidated.
    UnlimitedSlotKeep,
    /// The disk fills first and the server stops.
    DiskFullFirst,
    /// The slot advances: retained WAL stays bounded.
    SlotAdvances,
    /// The slot does not exist at that instant.
    NoSlot,
    /// The slot is lost first (its WAL is released).
    SlotLostFirst,
    /// Nothing writes WAL at the end of the scenario.
    NoWalGrowth,
}

/// Time to an event from some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "eta", rename_all = "snake_case")]
pub enum Eta {
    /// Already true at that instant.
    Now,
    /// Happens in the scenario.
    At {
        /// When.
        t_ms: u64,
        /// How long from the instant asked about.
        in_ms: u64,
    },
    /// Not within the scenario; extrapolated from the write rate at its end.
    Beyond {
        /// Estimated time from the instant asked about.
        in_ms: u64,
    },
    /// Never, for this reason.
    Never {
        /// Why.
        reason: NeverReason,
    },
}

/// Everything a simulation produces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Scenario name.
    pub scenario: String,
    /// Duration, ms.
    pub duration_ms: u64,
    /// PostgreSQL major version.
    pub pg_version: u32,
    /// Settings used by the rules.
    pub wal: WalSettings,
    /// Warning threshold, bytes.
    pub warning_bytes: u64,
    /// Critical threshold, bytes.
    pub critical_bytes: u64,
    /// Disk size, bytes.
    pub disk_size_bytes: u64,
    /// Slots, in series order.
    pub slots: Vec<SlotInfo>,
    /// Connector names.
    pub connectors: Vec<String>,
    /// Bucket width, ms.
    pub bucket_ms: u64,
    /// The series (at most `max_points` buckets).
    pub series: Vec<SeriesPoint>,
    /// The event log, in time order.
    pub events: Vec<LogEvent>,
    /// When the server stopped because `pg_wal` filled the disk.
    pub server_down_at_ms: Option<u64>,
    /// The WAL position where writing stopped (the start of the segment that could not be created).
    pub server_down_lsn: Option<u64>,
    /// Space on the `pg_wal` volume used by other files, bytes.
    pub disk_other_used_bytes: u64,
    /// Slot state history (per slot, in time order).
    pub slot_history: Vec<Vec<SlotRecord>>,
    /// WAL file history (time order).
    pub wal_files_history: Vec<WalFilesRecord>,
    /// The WAL curve, for exact LSNs at any instant.
    #[serde(skip)]
    pub curve: WalCurve,
}

/// A stable, made-up walsender PID for a slot (PostgreSQL PIDs are just numbers to students).
pub fn walsender_pid(slot_index: usize) -> u32 {
    4_000 + 17 * slot_index as u32
}

impl Report {
    /// `pg_current_wal_lsn()` at an instant (frozen once the server is down).
    pub fn current_lsn_at(&self, t_ms: u64) -> u64 {
        let t = match self.server_down_at_ms {
            Some(d) => t_ms.min(d),
            None => t_ms,
        };
        let lsn = self.curve.lsn_at(t.min(self.duration_ms));
        self.server_down_lsn.map_or(lsn, |cap| lsn.min(cap))
    }

    fn slot_record_at(&self, slot: usize, t_ms: u64) -> Option<SlotRecord> {
        let h = self.slot_history.get(slot)?;
        let i = h.partition_point(|r| r.t_ms <= t_ms);
        h.get(i.checked_sub(1)?).copied()
    }

    fn wal_files_at(&self, t_ms: u64) -> WalFilesRecord {
        let i = self.wal_files_history.partition_point(|r| r.t_ms <= t_ms);
        i.checked_sub(1)
            .and_then(|i| self.wal_files_history.get(i))
            .copied()
            .unwrap_or(WalFilesRecord {
                t_ms: 0,
                last_removed_segment: 0,
                oldest_segment: 0,
                highest_segment: 0,
            })
    }

    /// Minimum `restart_lsn` over all existing, valid slots at an instant.
    fn min_restart_at(&self, t_ms: u64) -> Option<u64> {
        (0..self.slots.len())
            .filter_map(|i| self.slot_record_at(i, t_ms))
            .filter(|r| r.exists && !r.invalidated)
            .map(|r| r.restart_lsn)
            .min()
    }

    /// `wal_status` of a slot at an instant, by PostgreSQL's rules.
    pub fn wal_status_at(&self, slot: usize, t_ms: u64) -> Option<WalStatus> {
        let r = self.slot_record_at(slot, t_ms)?;
        if !r.exists {
            return None;
        }
        if r.invalidated {
            return Some(WalStatus::Lost);
        }
        let files = self.wal_files_at(t_ms);
        let status = self.wal.wal_availability(
            r.restart_lsn,
            self.current_lsn_at(t_ms),
            self.min_restart_at(t_ms),
            files.last_removed_segment,
        );
        // pg_get_replication_slots: a removed segment with a live walsender shows as unreserved.
        Some(if status == WalStatus::Lost && r.active {
            WalStatus::Unreserved
        } else {
            status
        })
    }

    /// `pg_wal` size at an instant.
    pub fn pg_wal_bytes_at(&self, t_ms: u64) -> u64 {
        let f = self.wal_files_at(t_ms);
        let curr = self.wal.segment_of(self.current_lsn_at(t_ms));
        (curr.max(f.highest_segment) + 1 - f.oldest_segment) * self.wal.segment_size_bytes
    }

    /// The complete `pg_replication_slots` row of a slot at an instant (`None` if the slot
    /// does not exist then).
    pub fn slot_row(&self, slot: usize, t_ms: u64) -> Option<SlotRow> {
        let info = self.slots.get(slot)?;
        let r = self.slot_record_at(slot, t_ms)?;
        if !r.exists {
            return None;
        }
        let current = self.current_lsn_at(t_ms);
        let status = self.wal_status_at(slot, t_ms);
        let restart = if r.invalidated {
            None
        } else {
            Some(r.restart_lsn)
        };
        let safe = match (restart, status) {
            (Some(rl), Some(st)) => self.wal.safe_wal_size(rl, current, st),
            _ => None,
        };
        let v = self.pg_version;
        Some(SlotRow {
            slot_name: info.name.clone(),
            plugin: info.plugin.as_str().to_string(),
            slot_type: "logical",
            database: info.database.clone(),
            temporary: false,
            active: r.active,
            active_pid: r.active.then(|| walsender_pid(slot)),
            restart_lsn: restart.map(Lsn),
            confirmed_flush_lsn: Some(Lsn(r.confirmed_flush_lsn)),
            wal_status: status,
            safe_wal_size: safe,
            two_phase: (v >= 14).then_some(false),
            conflicting: (v >= 16).then_some(false),
            invalidation_reason: if v >= 17 && r.invalidated {
                Some("wal_removed")
            } else {
                None
            },
            failover: (v >= 17).then_some(false),
            synced: (v >= 17).then_some(false),
            retained_bytes: restart.map(|rl| current.saturating_sub(rl)),
            current_lsn: Lsn(current),
        })
    }

    /// Time from `t_ms` until `target` happens for `slot` (the slot is ignored for
    /// [`EtaTarget::DiskFull`]).
    pub fn eta(&self, slot: usize, target: EtaTarget, t_ms: u64) -> Eta {
        let row = self.slot_row(slot, t_ms);
        // Already true?
        let now = match target {
            EtaTarget::DiskFull => self.server_down_at_ms.is_some_and(|d| d <= t_ms),
            EtaTarget::Warning => row
                .as_ref()
                .and_then(|r| r.retained_bytes)
                .is_some_and(|b| b > self.warning_bytes),
            EtaTarget::Critical => row
                .as_ref()
                .and_then(|r| r.retained_bytes)
                .is_some_and(|b| b > self.critical_bytes),
            EtaTarget::Extended => row
                .as_ref()
                .and_then(|r| r.wal_status)
                .is_some_and(|s| s >= WalStatus::Extended),
            EtaTarget::Lost => row
                .as_ref()
                .and_then(|r| r.wal_status)
                .is_some_and(|s| s == WalStatus::Lost),
        };
        if now {
            return Eta::Now;
        }
        let start = self.events.partition_point(|e| e.t_ms <= t_ms);
        let hit = self
            .events
            .iter()
            .skip(start)
            .find(|e| match (&e.kind, target) {
                (LogKind::DiskFull { .. }, EtaTarget::DiskFull) => true,
                (
                    LogKind::AlertRaised {
                        slot: s,
                        level: AlertLevel::Warning,
                        ..
                    },
                    EtaTarget::Warning,
                ) => *s == slot,
                (
                    LogKind::AlertRaised {
                        slot: s,
                        level: AlertLevel::Critical,
                        ..
                    },
                    EtaTarget::Critical,
                ) => *s == slot,
                (
                    LogKind::WalStatusChanged {
                        slot: s,
                        to: Some(to),
                        ..
                    },
                    EtaTarget::Extended,
                ) => *s == slot && *to >= WalStatus::Extended,
                (
                    LogKind::WalStatusChanged {
                        slot: s,
                        to: Some(WalStatus::Lost),
                        ..
                    },
                    EtaTarget::Lost,
                ) => *s == slot,
                _ => false,
            });
        if let Some(e) = hit {
            return Eta::At {
                t_ms: e.t_ms,
                in_ms: e.t_ms - t_ms,
            };
        }
        if target == EtaTarget::Lost && self.wal.max_slot_wal_keep_size_mb < 0 {
            return Eta::Never {
                reason: NeverReason::UnlimitedSlotKeep,
            };
        }
        if target != EtaTarget::DiskFull && self.server_down_at_ms.is_some() {
            return Eta::Never {
                reason: NeverReason::DiskFullFirst,
            };
        }
        if row.is_none() {
            return Eta::Never {
                reason: NeverReason::NoSlot,
            };
        }
        // Extrapolate from the end of the scenario if the slot is stuck there.
        let end = self.duration_ms;
        let rate = self.curve.rate_at(end.saturating_sub(1));
        let end_row = self.slot_row(slot, end);
        let end_restart = end_row.as_ref().and_then(|r| r.restart_lsn);
        let stuck = match (row.as_ref().and_then(|r| r.restart_lsn), end_restart) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        if target != EtaTarget::DiskFull {
            if end_row.as_ref().and_then(|r| r.wal_status) == Some(WalStatus::Lost) {
                return Eta::Never {
                    reason: NeverReason::SlotLostFirst,
                };
            }
            if !stuck {
                return Eta::Never {
                    reason: NeverReason::SlotAdvances,
                };
            }
        }
        if rate == 0 {
            return Eta::Never {
                reason: NeverReason::NoWalGrowth,
            };
        }
        let end_lsn = self.current_lsn_at(end);
        let needed_lsn = match target {
            EtaTarget::Warning => end_restart.map(|r| r.0 + self.warning_bytes + 1),
            EtaTarget::Critical => end_restart.map(|r| r.0 + self.critical_bytes + 1),
            EtaTarget::Extended => end_restart.map(|r| {
                let keep = self.wal.mb_to_segments(self.wal.max_wal_size_mb) + 1;
                self.wal.segment_start(self.wal.segment_of(r.0) + keep + 1)
            }),
            EtaTarget::Lost => end_restart.map(|r| {
                let slot_keep = self
                    .wal
                    .mb_to_segments(self.wal.max_slot_wal_keep_size_mb.max(0) as u64);
                let keep = self.wal.mb_to_segments(self.wal.wal_keep_size_mb);
                // Unreserved at the fail LSN; lost at the next checkpoint (not extrapolated).
                self.wal
                    .segment_start(self.wal.segment_of(r.0) + slot_keep.max(keep) + 1)
            }),
            EtaTarget::DiskFull => {
                let f = self.wal_files_at(end);
                let capacity = self
                    .disk_size_bytes
                    .saturating_sub(self.disk_other_used_bytes)
                    / self.wal.segment_size_bytes;
                Some(self.wal.segment_start(f.oldest_segment + capacity))
            }
        };
        match needed_lsn {
            Some(n) => {
                let more = n.saturating_sub(end_lsn) as u128;
                // The first whole millisecond at which the LSN reaches it (as in the engine).
                let secs_ms = (more * 1000).div_ceil(rate as u128);
                Eta::Beyond {
                    in_ms: (end - t_ms).saturating_add(u64::try_from(secs_ms).unwrap_or(u64::MAX)),
                }
            }
            None => Eta::Never {
                reason: NeverReason::NoSlot,
            },
        }
    }
}

/// Builds the bounded series while the engine runs: every value the series shows is
/// non-decreasing between two engine steps, so observing it at each step's ends and at bucket
/// boundaries captures every peak.
#[derive(Debug, Clone)]
pub(crate) struct SeriesBuilder {
    bucket_ms: u64,
    duration_ms: u64,
    slots: usize,
    points: Vec<SeriesPoint>,
}

/// One slot's values at an instant: (retained, lag, status, active).
pub(crate) type SlotObservation = (Option<u64>, u64, WalStatus, bool);

/// One slot's values at two instants, for [`SeriesBuilder::observe_pair`]:
/// (retained, lag, status, active), each value as (first, second).
pub(crate) type SlotObservationPair = (Option<(u64, u64)>, (u64, u64), WalStatus, bool);

/// One observation of every series value at an instant.
pub(crate) struct Observation<I> {
    pub current_lsn: u64,
    pub pg_wal_bytes: u64,
    /// (retained, lag, status, active) per slot; `None` when the slot does not exist. An
    /// iterator, so the engine hands its values over without filling a buffer first.
    pub slots: I,
}

impl SeriesBuilder {
    pub(crate) fn new(duration_ms: u64, max_points: usize, slots: usize) -> SeriesBuilder {
        let bucket_ms = duration_ms.div_ceil(max_points.max(1) as u64).max(1);
        SeriesBuilder {
            bucket_ms,
            duration_ms,
            slots,
            points: Vec::with_capacity(max_points),
        }
    }

    pub(crate) fn bucket_ms(&self) -> u64 {
        self.bucket_ms
    }

    /// The end of the bucket containing `t_ms`.
    pub(crate) fn bucket_end(&self, t_ms: u64) -> u64 {
        ((t_ms / self.bucket_ms + 1) * self.bucket_ms).min(self.duration_ms)
    }

    /// Records an observation at `t_ms` into the bucket that contains it (an observation at
    /// exactly a bucket's end also closes that bucket).
    #[inline(always)]
    pub(crate) fn observe<I: Iterator<Item = Option<SlotObservation>>>(
        &mut self,
        t_ms: u64,
        o: Observation<I>,
        closing: bool,
    ) {
        // The instant whose bucket receives the observation.
        let key = if closing && t_ms > 0 { t_ms - 1 } else { t_ms };
        // Almost every observation lands in the newest bucket: check it before dividing.
        let in_last = self.in_last_bucket(key);
        if !in_last {
            let from = key / self.bucket_ms * self.bucket_ms;
            if from >= self.duration_ms {
                return;
            }
            // The slot points start empty; the loop below fills them as for any observation.
            self.points.push(SeriesPoint {
                from_ms: from,
                to_ms: (from + self.bucket_ms).min(self.duration_ms),
                current_lsn: Lsn(o.current_lsn),
                pg_wal_bytes: Span::start(o.pg_wal_bytes),
                slots: vec![SlotPoint::default(); self.slots],
            });
        }
        let Some(p) = self.points.last_mut() else {
            return;
        };
        p.current_lsn = Lsn(o.current_lsn);
        if in_last {
            p.pg_wal_bytes.observe(o.pg_wal_bytes);
        }
        for (sp, s) in p.slots.iter_mut().zip(o.slots) {
            match s {
                Some((retained, lag, status, active)) => {
                    if let Some(r) = retained {
                        Span::observe_or_start(&mut sp.retained_bytes, r);
                    }
                    Span::observe_or_start(&mut sp.lag_bytes, lag);
                    sp.worst_status = Some(sp.worst_status.map_or(status, |w| w.max(status)));
                    sp.status = Some(status);
                    sp.active = active;
                }
                None => {
                    sp.status = None;
                    sp.active = false;
                }
            }
        }
    }

    /// Whether an observation keyed at `key` (see `observe`) lands in the newest bucket.
    #[inline(always)]
    pub(crate) fn in_last_bucket(&self, key: u64) -> bool {
        self.points
            .last()
            .is_some_and(|p| p.from_ms <= key && key - p.from_ms < self.bucket_ms)
    }

    /// Two observations in a row, both landing in the newest bucket (`in_last_bucket`), with
    /// the same statuses: the same as two `observe` calls, in one pass. `current_lsn` is the
    /// second one's; `pg_wal_bytes` and each slot's values are (first, second).
    #[inline(always)]
    pub(crate) fn observe_pair<I: Iterator<Item = Option<SlotObservationPair>>>(
        &mut self,
        current_lsn: u64,
        pg_wal_bytes: (u64, u64),
        slots: I,
    ) {
        #[inline(always)]
        fn observe_both(span: &mut Option<Span>, (a, b): (u64, u64)) {
            Span::observe_or_start(span, a);
            Span::observe_or_start(span, b);
        }
        let Some(p) = self.points.last_mut() else {
            return;
        };
        p.current_lsn = Lsn(current_lsn);
        p.pg_wal_bytes.observe(pg_wal_bytes.0);
        p.pg_wal_bytes.observe(pg_wal_bytes.1);
        for (sp, s) in p.slots.iter_mut().zip(slots) {
            match s {
                Some((retained, lag, status, active)) => {
                    if let Some(r) = retained {
                        observe_both(&mut sp.retained_bytes, r);
                    }
                    observe_both(&mut sp.lag_bytes, lag);
                    sp.worst_status = Some(sp.worst_status.map_or(status, |w| w.max(status)));
                    sp.status = Some(status);
                    sp.active = active;
                }
                None => {
                    sp.status = None;
                    sp.active = false;
                }
            }
        }
    }

    pub(crate) fn finish(self) -> Vec<SeriesPoint> {
        self.points
    }
}
