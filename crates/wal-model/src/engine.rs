//! The fast engine: simulates a validated [`Scenario`] and produces a [`Report`].
//!
//! It never steps through simulated seconds, heartbeats or running-xacts records. It jumps
//! from one *state change* to the next: a scenario event, a checkpoint start or end, an offset
//! commit that moves a slot's `confirmed_flush_lsn`, a WAL position where a `wal_status`,
//! an alert or the disk changes, and series bucket boundaries. Between two of those every
//! quantity is a closed form of the WAL curve:
//!
//! * the LSN a commit at time `c` confirms is the LSN of the newest record the connector
//!   emitted by then — a captured change (`Activity::latest_in`), a heartbeat message, or a
//!   heartbeat record carrying the newest LSN received before it (heartbeats are a periodic
//!   train `first + k·interval`);
//! * the next commit that moves the slot is found by inverting the curve (`time_of_lsn`) and
//!   the activity/heartbeat trains, then rounding up to the commit grid `start + k·F`;
//! * the bgwriter's running-xacts records are runs of `first + k·15 s` while WAL grows, so the
//!   first one after any instant is a division, not a loop.
//!
//! So the cost grows with the number of commits that move a slot (≈ duration ÷
//! `offset.flush.interval.ms`) and checkpoints, and does not depend on the heartbeat
//! interval. The reference engine in `tests/reference` steps through every heartbeat, commit
//! and running-xacts record and must agree (see `tests/engines_agree.rs`).
//!
//! Same-instant order (both engines): scenario events, checkpoint end (its running-xacts
//! record, then removal), bgwriter running-xacts, heartbeats, offset commits, checkpoint start.
//!
//! The steady state has fast paths (`EngineOptions::fast_paths`, on in [`simulate`]; off, the
//! report is the same, `tests/fast_paths.rs`): when one connector streams and every status,
//! alert and disk threshold is ahead, its offset commits that fall before anything else can
//! happen run as *lone-commit steps* (`Engine::lone_commits`: the commit, its slot record and
//! the series, without the checks that cannot fire then); a refresh after such a commit
//! recomputes only the next commit; a commit at one of the connector's own visible heartbeats
//! takes that beat as the newest record. When the very next commit on the grid lands on such a
//! beat and moves the offset, that refresh takes it without `next_commit`'s look-ups
//! (`Engine::steady_next_commit`: `next_commit`'s first test with `position_at`'s fast path,
//! so the same answer), and an ordinary step's two observations go through one
//! `observe_pair`. Caches that only spare work, never change a result: the curve's LSN at the
//! step's instant (`now`), at the last other instant (`ahead`), and at the instant `ahead`
//! held before the probe of `t + 1` (`behind`, read by `observe_pair` only; it leaves `now`
//! and `ahead` as they would be, so the last step of a run makes the same curve look-ups and
//! the curve's look-up hint in the report is the same); the running-xacts history is extended
//! in one step while its cached stretch of continuous writing covers it.

use crate::report::{
    walsender_pid, AlertLevel, CheckpointCause, ConnectorState, HeartbeatOutcome, LogEvent,
    LogKind, Observation, Report, SeriesBuilder, SlotInfo, SlotRecord, WalFilesRecord,
};
use crate::rules::{update_distance_estimate, WalStatus};
use crate::scenario::{ActionQuery, EventKind, LsnFlushMode, Plugin, Scenario, TableClass};
use crate::units::Lsn;
use crate::wal::{Activity, WalCurve};

/// The bgwriter logs a running-xacts record every 15 s if WAL was written since the last one
/// (`LOG_SNAPSHOT_INTERVAL_MS`, bgwriter.c).
pub const RUNNING_XACTS_INTERVAL_MS: u64 = 15_000;

/// Runs the fast engine.
pub fn simulate(s: &Scenario) -> Report {
    simulate_with(s, EngineOptions::default()).0
}

/// Switches of the fast engine, for tests that compare its paths with each other (not part of
/// the lesson's API: every switch gives the same report, only the cost differs).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineOptions {
    /// Take the shortcuts of the steady state: lone-commit steps (`Engine::lone_commits`),
    /// the steady connector refresh (`Engine::refresh_connector`) and the connector's own
    /// heartbeat as the newest record (`Engine::position_at`). Off: every instant is an
    /// ordinary step and every refresh and look-up goes the general way.
    pub fast_paths: bool,
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions { fast_paths: true }
    }
}

/// What the engine did, for tests that must know a path was taken.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngineStats {
    /// Offset commits run as lone-commit steps.
    pub lone_commits: u64,
}

/// Runs the fast engine with `options`; the report is the same for every option.
#[doc(hidden)]
pub fn simulate_with(s: &Scenario, options: EngineOptions) -> (Report, EngineStats) {
    let mut engine = Engine::new(s);
    engine.options = options;
    engine.run()
}

/// What `Engine::next_instant` found at an instant `t`.
#[derive(Debug, Clone, Copy)]
struct NextInstant {
    /// The next instant after `t` at which the state may change.
    next: u64,
    /// The connector whose next commits, if they fall before `others`, may be run as
    /// lone-commit steps: the only streaming one, when at `t` every threshold LSN of every
    /// slot (statuses, alerts, disk) was still ahead of the write position.
    lone: Option<usize>,
    /// The first instant after `t` at which anything but that connector's commits may
    /// happen (`next` if there is no such connector).
    others: u64,
    /// `others` is not an immediate accept or a status/alert/disk threshold (the parts a
    /// commit can move): it stays the first other instant whatever the commits do.
    others_fixed: bool,
}

/// The logical-slot state PostgreSQL keeps, and its two update rules (logical.c).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotPositions {
    /// `restart_lsn`.
    pub restart_lsn: u64,
    /// `confirmed_flush_lsn`.
    pub confirmed_flush_lsn: u64,
    /// `candidate_restart_valid` = `candidate_restart_lsn` (the running-xacts record's LSN:
    /// with no long transaction open, the restart point is the snapshot serialized there).
    pub candidate: Option<u64>,
}

impl SlotPositions {
    /// A slot created at `lsn`.
    pub fn new(lsn: u64) -> SlotPositions {
        SlotPositions {
            restart_lsn: lsn,
            confirmed_flush_lsn: lsn,
            candidate: None,
        }
    }

    /// `LogicalIncreaseRestartDecodingForSlot` when the decoder reads a running-xacts record
    /// at `rx_lsn`: accept it at once if the consumer already confirmed past it, otherwise
    /// remember it as the candidate only if no candidate is pending ("only increase if the
    /// previous values have been applied"). Returns true if `restart_lsn` moved.
    pub fn on_running_xacts(&mut self, rx_lsn: u64) -> bool {
        if rx_lsn <= self.restart_lsn {
            return false;
        }
        if rx_lsn <= self.confirmed_flush_lsn {
            self.candidate = Some(rx_lsn);
            return self.on_confirm(self.confirmed_flush_lsn);
        }
        if self.candidate.is_none() {
            self.candidate = Some(rx_lsn);
        }
        false
    }

    /// `LogicalConfirmReceivedLocation(lsn)`: `confirmed_flush_lsn` never moves back; a pending
    /// candidate is applied once the confirmation reaches it. Returns true if `restart_lsn` moved.
    pub fn on_confirm(&mut self, lsn: u64) -> bool {
        if lsn > self.confirmed_flush_lsn {
            self.confirmed_flush_lsn = lsn;
        }
        match self.candidate {
            Some(c) if c <= lsn => {
                self.candidate = None;
                if c > self.restart_lsn {
                    self.restart_lsn = c;
                    return true;
                }
                false
            }
            _ => false,
        }
    }
}

/// Whether a heartbeat action query's WAL reaches a slot's consumer.
pub fn action_visible(action: ActionQuery, plugin: Plugin, pg_version: u32) -> bool {
    match action {
        ActionQuery::None => false,
        // pgoutput passes logical messages only with the `messages` option, PG 14+ (commit
        // ac4645c0); test_decoding prints them; decoderbufs: assumed not (UNSOURCED).
        ActionQuery::EmitMessage => match plugin {
            Plugin::Pgoutput => pg_version >= 14,
            Plugin::TestDecoding => true,
            Plugin::Decoderbufs => false,
        },
        // A change to a published, included table: every plugin decodes it.
        ActionQuery::TableUpdate => true,
    }
}

/// What a failing heartbeat action query does, by SQLSTATE and Debezium version
/// (PostgresConnectorTask heartbeat error handler; ErrorHandler since DBZ-5244, 2.0).
pub fn heartbeat_failure_outcome(
    sqlstate: &str,
    version: crate::scenario::DebeziumVersion,
) -> HeartbeatOutcome {
    match sqlstate {
        "57P01" | "42P01" => {
            if version.at_least(2, 0) {
                HeartbeatOutcome::TaskRestarts
            } else {
                HeartbeatOutcome::TaskFailed
            }
        }
        "57P03" => HeartbeatOutcome::PollRetried,
        _ => HeartbeatOutcome::Logged,
    }
}

/// A periodic train of heartbeat action-query writes into one database:
/// times `first_ms + k·interval_ms` below `until_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Train {
    /// First heartbeat.
    pub first_ms: u64,
    /// Interval.
    pub interval_ms: u64,
    /// End (exclusive).
    pub until_ms: u64,
    /// The action query.
    pub action: ActionQuery,
    /// Target database.
    pub database: usize,
    /// Owning connector.
    pub owner: usize,
}

impl Train {
    /// Latest beat `<= t`.
    pub fn last_at_or_before(&self, t: u64) -> Option<u64> {
        if t < self.first_ms || self.until_ms <= self.first_ms {
            return None;
        }
        let t = t.min(self.until_ms - 1);
        Some(self.first_ms + (t - self.first_ms) / self.interval_ms * self.interval_ms)
    }

    /// Whether a beat falls at `t` itself (`last_at_or_before(t) == Some(t)`, without the
    /// division's multiply-back).
    #[inline(always)]
    pub fn beats_at(&self, t: u64) -> bool {
        self.first_ms <= t
            && t < self.until_ms
            && (t - self.first_ms).checked_rem(self.interval_ms) == Some(0)
    }

    /// Latest beat `< t`.
    pub fn last_before(&self, t: u64) -> Option<u64> {
        self.last_at_or_before(t.checked_sub(1)?)
    }

    /// First beat `>= t`.
    pub fn first_at_or_after(&self, t: u64) -> Option<u64> {
        let b = if t <= self.first_ms {
            self.first_ms
        } else {
            crate::arith::checked_mul(
                crate::arith::div_ceil(t - self.first_ms, self.interval_ms),
                self.interval_ms,
            )?
            .checked_add(self.first_ms)?
        };
        (b < self.until_ms).then_some(b)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    NotStarted,
    Running { since: u64 },
    Stopped,
    Failed,
    Restarting { until: u64 },
}

#[derive(Debug, Clone)]
struct Conn {
    slot: usize,
    run: Run,
    hb_interval_ms: u64,
    /// First replication message received since `since` (lsnFlushingAllowed, pre-2.4 heartbeats).
    first_msg: Option<u64>,
    /// Index into `Engine::trains` of this epoch's heartbeat train.
    train: Option<usize>,
    /// Offset stored in Kafka (`lsn`), if any.
    stored: Option<u64>,
    /// Next commit that moves the slot, and the position it will commit (computed when it
    /// was found; every state change recomputes both).
    next_commit: Option<u64>,
    next_commit_pos: Option<u64>,
    /// The last commit processed (this epoch).
    last_commit_ms: Option<u64>,
    /// The position carried by the last beat of an earlier train of this epoch (a failed
    /// beat splits the train; records already emitted keep their offsets).
    carried_floor: Option<u64>,
    /// The epoch's heartbeat train is the one planned at the start (not yet split by a
    /// failed beat), so an earlier first message may still move its first beat.
    train_planned: bool,
    /// A pending heartbeat failure (from, SQLSTATE) and when it strikes.
    pending_error: Option<(u64, String)>,
    error_at: Option<u64>,
}

#[derive(Debug, Clone)]
struct Slot {
    database: usize,
    plugin: Plugin,
    exists: bool,
    invalidated: bool,
    created_ms: u64,
    pos: SlotPositions,
    /// Running-xacts records after this instant may become the candidate.
    awaiting_since: u64,
    status: Option<WalStatus>,
    alert: u8,
    /// The next running-xacts record this slot will accept at once, if any.
    accept_at: Option<u64>,
    /// Connector currently streaming it.
    streamer: Option<usize>,
}

impl Slot {
    /// A slot that does not exist yet (created at its `created_at_ms`, by an event, or by its
    /// connector).
    fn absent(database: usize, plugin: Plugin) -> Slot {
        Slot {
            database,
            plugin,
            exists: false,
            invalidated: false,
            created_ms: 0,
            pos: SlotPositions::new(0),
            awaiting_since: 0,
            status: None,
            alert: 0,
            accept_at: None,
            streamer: None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    cause: CheckpointCause,
    redo_lsn: u64,
    end_ms: u64,
}

/// Bgwriter running-xacts history: runs of records `first + k·15 s`, `k < count`.
#[derive(Debug, Clone, Default)]
pub struct RunningXacts {
    runs: Vec<(u64, u64)>,
    /// The last record logged and the time up to which the history is complete.
    last: Option<u64>,
    complete_to: u64,
    /// `[from, end)`: a stretch where WAL is written continuously (cache of
    /// `WalCurve::growth_run_end`; results never depend on it).
    growing: Option<(u64, u64)>,
}

impl RunningXacts {
    /// Extends the history up to `upto` (inclusive). `phase` is the first possible record
    /// time; `stop` freezes everything after it (server down).
    pub fn extend(&mut self, curve: &WalCurve, phase: u64, upto: u64, stop: Option<u64>) {
        let upto = stop.map_or(upto, |s| upto.min(s));
        if upto < self.complete_to {
            return;
        }
        // No new record can be due before `upto`: nothing to look up.
        if let Some(last) = self.last {
            if last + RUNNING_XACTS_INTERVAL_MS > upto {
                self.complete_to = upto;
                return;
            }
            // The steady case: the cached stretch of continuous writing holds the last record
            // and goes on past `upto`, so the records up to `upto` continue the newest run
            // (what one turn of the loop below does, without its look-ups and `div_ceil`).
            if let Some((from, end)) = self.growing {
                let next = last + RUNNING_XACTS_INTERVAL_MS;
                if from <= last && upto < end {
                    let count = (upto - next) / RUNNING_XACTS_INTERVAL_MS + 1;
                    match self.runs.last_mut() {
                        Some((first, n)) if *first + *n * RUNNING_XACTS_INTERVAL_MS == next => {
                            *n += count
                        }
                        _ => self.runs.push((next, count)),
                    }
                    self.last = Some(next + (count - 1) * RUNNING_XACTS_INTERVAL_MS);
                    self.complete_to = upto;
                    return;
                }
            }
        }
        loop {
            let next = match self.last {
                None => {
                    // First record at `phase` if WAL was written by then, else at the first write.
                    match curve.first_growth_after(0) {
                        Some(g) if g <= phase => Some(phase),
                        Some(g) => Some(g),
                        None => None,
                    }
                }
                Some(last) => {
                    let due = last + RUNNING_XACTS_INTERVAL_MS;
                    match self.growing {
                        // Writing goes on right after `last`: the next record is simply due.
                        Some((from, end)) if from <= last && last < end => Some(due),
                        _ => curve.first_growth_after(last).map(|g| due.max(g)),
                    }
                }
            };
            let Some(next) = next else { break };
            if next > upto {
                break;
            }
            // Continuous run: while WAL grows right after each record, records are 15 s apart.
            let run_end = match self.growing {
                Some((from, end)) if from <= next && next < end => end,
                _ => {
                    let end = curve.growth_run_end(next).unwrap_or(u64::MAX);
                    self.growing = Some((next, end));
                    end
                }
            };
            // Records at next + k·15 s for k = 0.. while (record k-1) < run_end, and <= upto.
            let by_upto = (upto - next) / RUNNING_XACTS_INTERVAL_MS + 1;
            let by_run = if run_end == u64::MAX {
                u64::MAX
            } else {
                crate::arith::div_ceil(run_end.saturating_sub(next), RUNNING_XACTS_INTERVAL_MS) + 1
            };
            let count = by_upto.min(by_run).max(1);
            match self.runs.last_mut() {
                Some((first, n)) if *first + *n * RUNNING_XACTS_INTERVAL_MS == next => *n += count,
                _ => self.runs.push((next, count)),
            }
            self.last = Some(next + (count - 1) * RUNNING_XACTS_INTERVAL_MS);
        }
        self.complete_to = upto;
    }

    /// First record strictly after `t` (within the extended history).
    pub fn first_after(&self, t: u64) -> Option<u64> {
        let last_record = |&(first, n): &(u64, u64)| first + (n - 1) * RUNNING_XACTS_INTERVAL_MS;
        // Look-ups are almost always about the newest run: settle them without searching
        // (the index `partition_point` would find: the runs' last records increase).
        let len = self.runs.len();
        let newest = len.checked_sub(1).and_then(|i| self.runs.get(i));
        let before_newest = len.checked_sub(2).and_then(|i| self.runs.get(i));
        let i = match newest {
            Some(r) if last_record(r) <= t => len,
            Some(_) if before_newest.is_none_or(|p| last_record(p) <= t) => len - 1,
            _ => self.runs.partition_point(|r| last_record(r) <= t),
        };
        let (first, _) = *self.runs.get(i)?;
        if first > t {
            return Some(first);
        }
        Some(first + ((t - first) / RUNNING_XACTS_INTERVAL_MS + 1) * RUNNING_XACTS_INTERVAL_MS)
    }

    /// The first record strictly after `t`, extending the history as far as needed.
    pub fn next_after(
        &mut self,
        curve: &WalCurve,
        phase: u64,
        t: u64,
        stop: Option<u64>,
    ) -> Option<u64> {
        self.extend(curve, phase, t, stop);
        if let Some(r) = self.first_after(t) {
            return Some(r);
        }
        let next = match self.last {
            None => match curve.first_growth_after(0) {
                Some(g) if g <= phase => Some(phase),
                other => other,
            },
            Some(last) => curve
                .first_growth_after(last)
                .map(|g| g.max(last + RUNNING_XACTS_INTERVAL_MS)),
        }?;
        (next > t && stop.is_none_or(|s| next <= s)).then_some(next)
    }
}

/// The first element `> after` of a sorted list. Look-ups are almost always about the
/// newest few entries, so scan back from the end a little before searching.
/// The first offset commit at or after `tau` of a connector running since `since` with flush
/// interval `f` (its commits fall on `since + n·f`, the first a whole interval after the
/// start), at instant `t`: not before `t`, nor at or before its last commit.
#[inline(always)]
fn commit_at_or_after(conn: &Conn, since: u64, f: u64, t: u64, tau: u64) -> u64 {
    // A commit due at `t` itself may still be ahead in this instant (a checkpoint end at the
    // same instant refreshes before commits run).
    let not_before = conn.last_commit_ms.map_or(t, |c| (c + 1).max(t));
    let tau = tau.max(not_before).max(since + f);
    since + crate::arith::div_ceil(tau - since, f) * f
}

fn first_after_sorted(sorted: &[u64], after: u64) -> Option<u64> {
    let n = sorted.len();
    let mut i = n;
    for _ in 0..8 {
        match i.checked_sub(1).and_then(|j| sorted.get(j)) {
            Some(&x) if x > after => i -= 1,
            Some(_) => return sorted.get(i).copied(),
            None => return sorted.first().copied(),
        }
    }
    sorted.get(sorted.partition_point(|&r| r <= after)).copied()
}

/// The earlier of two optional instants.
#[inline(always)]
fn earliest(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

struct Engine<'a> {
    s: &'a Scenario,
    curve: WalCurve,
    captured: Vec<Activity>,
    received: Vec<Activity>,
    trains: Vec<Train>,
    rx: RunningXacts,
    /// Running-xacts records outside the bgwriter's: checkpoint ends, slot creations.
    extra_rx: Vec<u64>,
    slots: Vec<Slot>,
    slot_names: Vec<String>,
    conns: Vec<Conn>,
    // checkpoints
    ckpt: Option<Checkpoint>,
    last_ckpt_attempt_ms: u64,
    redo_lsn: u64,
    /// `wal_checkpoint_trigger_lsn(redo_lsn)`, cached.
    wal_trigger_lsn: u64,
    /// Nesting of connector refreshes caused by heartbeat trains (bounded).
    refresh_depth: u32,
    prior_redo_lsn: Option<u64>,
    last_ckpt_record_lsn: u64,
    distance_estimate: f64,
    // pg_wal files
    last_removed_segment: u64,
    oldest_segment: u64,
    /// `segment_start(oldest_segment + disk_capacity_segments)`, kept with `oldest_segment`:
    /// the LSN at which the volume is full (asked at every look-up of the insert LSN).
    disk_full_lsn: u64,
    highest_segment: u64,
    down_at: Option<u64>,
    /// WAL ends at the segment that could not be created.
    down_lsn: Option<u64>,
    /// Segment files that fit on the volume.
    disk_capacity_segments: u64,
    // output
    events: Vec<LogEvent>,
    series: SeriesBuilder,
    slot_history: Vec<Vec<SlotRecord>>,
    wal_files_history: Vec<WalFilesRecord>,
    /// The current instant and the curve's LSN there: most look-ups in a step are about the
    /// step's own instant, so it is computed once (`curve_lsn`).
    now: (u64, u64),
    /// The last other instant looked up (the next instant is asked about several times).
    ahead: std::cell::Cell<(u64, u64)>,
    /// What `ahead` held before the last probe of `t + 1` (`next_immediate_accept`) replaced
    /// it: in a lone-commit step, the next commit's LSN. Consulted only by `observe_pair`
    /// (`lsn_lone`) and a lone-commit step's own instant, never in the last step of a run; it
    /// never changes `ahead` or `now` (they hold what they would without it), so it spares
    /// only calls of `WalCurve::lsn_at`. Those move the curve's look-up hint, which the
    /// report includes; but the last step of a run is an ordinary one that looks up its own
    /// instant first, with `now` and `ahead` as they would be, so the hint a run leaves is the
    /// same.
    behind: std::cell::Cell<(u64, u64)>,
    /// Scratch for `end_checkpoint`.
    restarts_buf: Vec<Option<u64>>,
    options: EngineOptions,
    stats: EngineStats,
}

impl<'a> Engine<'a> {
    fn new(s: &'a Scenario) -> Engine<'a> {
        let curve = WalCurve::new(s);
        let curve_lsn0 = curve.lsn_at(0);
        let captured = (0..s.databases.len())
            .map(|d| Activity::of(s, d, |c| c == TableClass::Captured))
            .collect();
        let received = (0..s.databases.len())
            .map(|d| Activity::of(s, d, |_| true))
            .collect();
        // Every slot name that can ever exist: declared, created by events.
        let mut slot_names: Vec<String> = s.slots.iter().map(|x| x.name.clone()).collect();
        let mut slots: Vec<Slot> = s
            .slots
            .iter()
            .map(|x| Slot::absent(x.database, x.plugin))
            .collect();
        for e in &s.events {
            if let EventKind::SlotCreate {
                name,
                database,
                plugin,
            } = &e.kind
            {
                if !slot_names.contains(name) {
                    slot_names.push(name.clone());
                    slots.push(Slot::absent(*database, *plugin));
                }
            }
        }
        let conns = s
            .connectors
            .iter()
            .map(|k| Conn {
                slot: slot_names.iter().position(|n| *n == k.slot).unwrap_or(0),
                run: Run::NotStarted,
                hb_interval_ms: k.heartbeat.interval_ms,
                first_msg: None,
                train: None,
                stored: None,
                next_commit: None,
                next_commit_pos: None,
                last_commit_ms: None,
                train_planned: false,
                carried_floor: None,
                pending_error: None,
                error_at: None,
            })
            .collect();
        let start_seg = s.wal.segment_of(s.start_lsn);
        let n_slots = slots.len();
        let min_flush_ms = s
            .connectors
            .iter()
            .map(|c| c.offset_flush_interval_ms)
            .min()
            .unwrap_or(u64::MAX);
        let disk_capacity_segments = (s.disk_size_bytes - s.disk_other_used_bytes)
            >> s.wal.segment_size_bytes.trailing_zeros();
        let history_capacity =
            usize::try_from((s.duration_ms / min_flush_ms.max(1)).min(1 << 20)).unwrap_or(0) + 16;
        Engine {
            s,
            curve,
            captured,
            received,
            trains: Vec::new(),
            rx: RunningXacts::default(),
            extra_rx: Vec::new(),
            slots,
            slot_names,
            conns,
            ckpt: None,
            last_ckpt_attempt_ms: 0,
            redo_lsn: s.start_lsn,
            wal_trigger_lsn: s.wal.wal_checkpoint_trigger_lsn(s.start_lsn),
            refresh_depth: 0,
            prior_redo_lsn: None,
            last_ckpt_record_lsn: s.start_lsn,
            distance_estimate: 0.0,
            last_removed_segment: 0,
            oldest_segment: start_seg,
            disk_full_lsn: s.wal.segment_start(start_seg + disk_capacity_segments),
            highest_segment: start_seg,
            down_at: None,
            down_lsn: None,
            disk_capacity_segments,
            events: Vec::new(),
            series: SeriesBuilder::new(s.duration_ms, s.max_points, n_slots),
            // About one record per offset commit: reserve once (no repeated regrowth).
            slot_history: vec![Vec::with_capacity(history_capacity); n_slots],
            wal_files_history: vec![WalFilesRecord {
                t_ms: 0,
                last_removed_segment: 0,
                oldest_segment: start_seg,
                highest_segment: start_seg,
            }],
            now: (0, curve_lsn0),
            ahead: std::cell::Cell::new((0, curve_lsn0)),
            behind: std::cell::Cell::new((0, curve_lsn0)),
            restarts_buf: Vec::with_capacity(n_slots),
            options: EngineOptions::default(),
            stats: EngineStats::default(),
        }
    }

    /// The insert LSN at `t`: never past the segment that cannot be created on a full disk.
    #[inline]
    fn lsn(&self, t: u64) -> u64 {
        match (self.down_at, self.down_lsn) {
            (Some(d), Some(cap)) => self.curve_lsn(t.min(d)).min(cap),
            _ => self.curve_lsn(t).min(self.disk_full_lsn()),
        }
    }

    /// `lsn` for `observe_pair`: `behind` may answer too (see there).
    #[inline(always)]
    fn lsn_lone(&self, t: u64) -> u64 {
        match (self.down_at, self.down_lsn) {
            (Some(d), Some(cap)) => self.curve_lsn_with(t.min(d), true).min(cap),
            _ => self.curve_lsn_with(t, true).min(self.disk_full_lsn()),
        }
    }

    /// `WalCurve::lsn_at`, answered from `now` for the current instant.
    #[inline(always)]
    fn curve_lsn(&self, t: u64) -> u64 {
        self.curve_lsn_with(t, false)
    }

    /// `curve_lsn`, also answered from `behind` if `look_behind` (lone-commit steps only).
    #[inline(always)]
    fn curve_lsn_with(&self, t: u64, look_behind: bool) -> u64 {
        if t == self.now.0 {
            self.now.1
        } else if t == self.ahead.get().0 {
            self.ahead.get().1
        } else {
            let behind = self.behind.get();
            let l = if look_behind && t == behind.0 {
                behind.1
            } else {
                self.curve.lsn_at(t)
            };
            self.ahead.set((t, l));
            l
        }
    }

    fn log(&mut self, t_ms: u64, kind: LogKind) {
        self.events.push(LogEvent { t_ms, kind });
    }

    // ----------------------------------------------------------------------------------
    // Main loop
    // ----------------------------------------------------------------------------------

    fn run(mut self) -> (Report, EngineStats) {
        let end = self.s.duration_ms;
        // Slots that exist at the start, then connectors that start at 0.
        for i in 0..self.s.slots.len() {
            if self.s.slots.get(i).and_then(|x| x.created_at_ms) == Some(0) {
                self.create_slot(i, 0, false);
            }
        }
        let mut next_event = 0usize;
        let mut t = 0u64;
        let mut conn_started = vec![false; self.conns.len()];
        loop {
            self.now = (t, self.curve.lsn_at(t));
            // Scenario events at t (and declared slot creations / first connector starts).
            for i in 0..self.s.slots.len() {
                if self.s.slots.get(i).and_then(|x| x.created_at_ms) == Some(t)
                    && t > 0
                    && !self.slots.get(i).is_some_and(|x| x.exists)
                {
                    self.create_slot(i, t, false);
                }
            }
            for k in 0..self.conns.len() {
                if !conn_started.get(k).copied().unwrap_or(true)
                    && self.s.connectors.get(k).map(|c| c.start_ms) == Some(t)
                {
                    if let Some(flag) = conn_started.get_mut(k) {
                        *flag = true;
                    }
                    if self.conns.get(k).map(|c| c.run) == Some(Run::NotStarted) {
                        self.start_connector(k, t);
                    }
                }
            }
            while let Some(e) = self.s.events.get(next_event) {
                if e.at_ms != t {
                    break;
                }
                self.apply_event(next_event, t);
                next_event += 1;
            }
            // Checkpoint end at t.
            if let Some(c) = self.ckpt {
                if c.end_ms == t && self.down_at.is_none() {
                    self.end_checkpoint(t);
                }
            }
            // Running-xacts records a slot accepts at once (its consumer already confirmed
            // past them): they move restart_lsn between commits.
            for i in 0..self.slots.len() {
                if self.slots.get(i).and_then(|x| x.accept_at) == Some(t) {
                    self.materialize(i, t);
                    self.record_slot(i, t);
                }
            }
            // Connector timers: restarts, heartbeat failures, commits.
            for k in 0..self.conns.len() {
                self.connector_timers(k, t);
            }
            // Checkpoint start at t.
            self.maybe_start_checkpoint(t);
            // Statuses, alerts, disk.
            self.check_disk(t);
            self.update_statuses(t);
            if t >= end {
                self.observe(t, false);
                break;
            }
            let step = self.next_instant(t, next_event, &conn_started);
            // Observe `t` and just before the state changes at `next` (values only grow in
            // between).
            self.observe_step(t, step.next);
            t = step.next;
            if self.options.fast_paths {
                t = self.lone_commits(t, step, next_event, &conn_started);
            }
        }
        let slots = self
            .slot_names
            .iter()
            .zip(self.slots.iter())
            .map(|(n, x)| SlotInfo {
                name: n.clone(),
                database: self
                    .s
                    .databases
                    .get(x.database)
                    .cloned()
                    .unwrap_or_default(),
                plugin: x.plugin,
            })
            .collect();
        let report = Report {
            scenario: self.s.name.clone(),
            duration_ms: end,
            pg_version: self.s.pg_version,
            wal: self.s.wal,
            warning_bytes: self.s.warning_bytes,
            critical_bytes: self.s.critical_bytes,
            disk_size_bytes: self.s.disk_size_bytes,
            slots,
            connectors: self.s.connectors.iter().map(|c| c.name.clone()).collect(),
            bucket_ms: self.series.bucket_ms(),
            series: self.series.finish(),
            events: self.events,
            server_down_at_ms: self.down_at,
            server_down_lsn: self.down_lsn,
            disk_other_used_bytes: self.s.disk_other_used_bytes,
            slot_history: self.slot_history,
            wal_files_history: self.wal_files_history,
            curve: self.curve,
        };
        (report, self.stats)
    }

    /// The connector whose offset commits the lone-commit steps may take: the only one that
    /// streams, with no heartbeat failure pending and no other connector restarting.
    fn lone_connector(&self) -> Option<usize> {
        let mut lone = None;
        for (k, c) in self.conns.iter().enumerate() {
            match c.run {
                Run::Running { .. } => {
                    if lone.is_some() || c.pending_error.is_some() || c.error_at.is_some() {
                        return None;
                    }
                    lone = Some(k);
                }
                Run::Restarting { .. } => return None,
                Run::NotStarted | Run::Stopped | Run::Failed => {}
            }
        }
        lone
    }

    /// The next instant after `t` at which the state may change, and what the lone-commit
    /// steps need to know about the stretch before it (see [`NextInstant`]).
    fn next_instant(&mut self, t: u64, next_event: usize, conn_started: &[bool]) -> NextInstant {
        let lone = if self.down_at.is_none() {
            self.lone_connector()
        } else {
            None
        };
        // Everything but the lone connector's next commit.
        let mut next = self.s.duration_ms;
        if let Some(e) = self.s.events.get(next_event) {
            next = next.min(e.at_ms);
        }
        for x in &self.s.slots {
            if let Some(c) = x.created_at_ms {
                if c > t {
                    next = next.min(c);
                }
            }
        }
        for (k, c) in self.s.connectors.iter().enumerate() {
            if !conn_started.get(k).copied().unwrap_or(true) && c.start_ms > t {
                next = next.min(c.start_ms);
            }
        }
        next = next.min(self.series.bucket_end(t));
        let mut lone_commit = None;
        for (k, c) in self.conns.iter().enumerate() {
            let commit = if Some(k) == lone {
                lone_commit = c.next_commit.filter(|&n| n > t);
                None
            } else {
                c.next_commit
            };
            for n in [
                commit,
                c.error_at,
                if let Run::Restarting { until } = c.run {
                    Some(until)
                } else {
                    None
                },
            ]
            .into_iter()
            .flatten()
            {
                if n > t {
                    next = next.min(n);
                }
            }
        }
        let mut thresholds_ahead = false;
        let mut fixed = next;
        if self.down_at.is_none() {
            // With a horizon past the lone commit (and before the immediate accepts, which
            // have none) these two find the same instants before that horizon as the main
            // loop's order would: each gives the exact crossing when it is before its horizon,
            // and something at or after the horizon otherwise.
            if let Some(n) = self.next_checkpoint_time(t, next) {
                next = next.min(n);
            }
            fixed = next;
            for i in 0..self.slots.len() {
                let accept = self.next_immediate_accept(i, t);
                if let Some(x) = self.slots.get_mut(i) {
                    x.accept_at = accept;
                }
                if let Some(a) = accept {
                    next = next.min(a);
                }
            }
            let (threshold, all_ahead) = self.next_threshold_time(t, next);
            if let Some(n) = threshold {
                next = next.min(n);
            }
            // Segment 0 is below every "oldest segment to keep" (`KeepLogSeg` and
            // `GetWALAvailability` never go under 1): a restart_lsn there is not `reserved`.
            let w = &self.s.wal;
            thresholds_ahead = all_ahead
                && self
                    .slots
                    .iter()
                    .filter(|x| x.exists && !x.invalidated)
                    .all(|x| w.segment_of(x.pos.restart_lsn) >= 1);
        }
        let others = next;
        NextInstant {
            next: lone_commit.map_or(others, |c| c.min(others)).max(t + 1),
            lone: lone.filter(|_| thresholds_ahead),
            others,
            others_fixed: others == fixed,
        }
    }

    /// Lone-commit steps: the offset commits of the only streaming connector that fall before
    /// anything else can happen (`step.others`), each run as the main loop would run its
    /// instant, less the parts that cannot do anything then. Returns the instant at which
    /// ordinary stepping resumes.
    ///
    /// Why each skipped part is idle at such a commit `c < step.others`, where `step` was
    /// computed at an instant `t0 < c` after which only this connector's commits ran (a commit
    /// changes nothing but its slot's `confirmed_flush_lsn`, `restart_lsn` and candidate, its
    /// connector's offset and next commit, and the running-xacts history read so far):
    /// * scenario events, slot creations, connector starts, checkpoint ends, other
    ///   connectors' timers and the bucket end are all at or after `step.others`;
    /// * a checkpoint start: neither its timer nor its WAL trigger is reached before
    ///   `step.others` (`next_checkpoint_time`);
    /// * the disk limit and every status/alert threshold: at `t0` every threshold LSN of every
    ///   slot was ahead of the write position (`NextInstant::lone`) and none is reached before
    ///   `step.others`; a commit only moves its slot's `restart_lsn` forward, which moves its
    ///   thresholds forward too, so none is reached before `step.others` at `c` either;
    /// * statuses and alerts (`update_statuses`): with every threshold ahead, every live slot
    ///   is `reserved` with no alert, at `t0` and at `c`. Its segment `r` is at least 1 and
    ///   the write segment `w` at most `r + keep` (max_wal_size threshold), so
    ///   `GetWALAvailability`'s max_wal_size bound `max(w − keep, 1)` is at most `r`; and
    ///   `KeepLogSeg` gives at most the minimum restart segment `m ≤ r`: the slot cap does
    ///   not apply while `w − m` is within `max(slot keep, wal_keep)` (slot-limit threshold),
    ///   or, where only `wal_keep` covers it, `wal_keep` takes the result back to
    ///   `max(w − wal_keep, 1) ≤ m`. Retained WAL stays at most `warning_bytes`. Slots that do
    ///   not exist or were invalidated keep their status and have no alert. Test builds check
    ///   this at every lone-commit step (`assert_statuses_hold`);
    /// * running-xacts records accepted at once: recomputed after every commit; any such
    ///   record hands back to `next_instant`.
    ///
    /// A next commit at or after `step.others` ends the run: the next instant is
    /// `step.others` when nothing a commit can move made it (`NextInstant::others_fixed`),
    /// otherwise `next_instant` finds it again.
    fn lone_commits(
        &mut self,
        mut t: u64,
        mut step: NextInstant,
        next_event: usize,
        conn_started: &[bool],
    ) -> u64 {
        while let Some(k) = step.lone {
            if t >= step.others || self.conns.get(k).and_then(|c| c.next_commit) != Some(t) {
                break;
            }
            self.stats.lone_commits += 1;
            // Usually the instant the last step observed last, still in `ahead` (which `now`
            // never changes, as in an ordinary step).
            let ahead = self.ahead.get();
            self.now = (
                t,
                if t == ahead.0 {
                    ahead.1
                } else {
                    self.curve.lsn_at(t)
                },
            );
            self.commit(k, t);
            // `update_statuses(t)` would change nothing (see above); checked in test builds.
            #[cfg(debug_assertions)]
            self.assert_statuses_hold(t);
            let mut accept_due = false;
            for i in 0..self.slots.len() {
                let accept = self.next_immediate_accept(i, t);
                if let Some(x) = self.slots.get_mut(i) {
                    x.accept_at = accept;
                }
                accept_due |= accept.is_some();
            }
            let commit = self.conns.get(k).and_then(|c| {
                (c.pending_error.is_none() && c.error_at.is_none())
                    .then_some(c.next_commit)
                    .flatten()
            });
            match commit {
                Some(c) if c > t && c < step.others && !accept_due => {
                    // The observations at `t` and just before `c` (nothing changes between
                    // them; `c` is before the bucket end), in one pass.
                    self.observe_pair(t, c);
                    t = c;
                }
                // The next commit is not before `step.others`: the main loop's next instant
                // is `step.others` itself when that is fixed (no accept is due now and the
                // thresholds only moved later), so `next_instant` need not run again.
                Some(c) if c >= step.others && !accept_due && step.others_fixed => {
                    self.observe_pair(t, step.others);
                    t = step.others;
                }
                _ => {
                    step = self.next_instant(t, next_event, conn_started);
                    self.observe_step(t, step.next);
                    t = step.next;
                }
            }
        }
        t
    }

    // ----------------------------------------------------------------------------------
    // Observation, statuses, alerts, disk
    // ----------------------------------------------------------------------------------

    fn min_restart(&self) -> Option<u64> {
        self.slots
            .iter()
            .filter(|x| x.exists && !x.invalidated)
            .map(|x| x.pos.restart_lsn)
            .min()
    }

    fn status_of(&self, i: usize, write_lsn: u64) -> Option<WalStatus> {
        let x = self.slots.get(i)?;
        if !x.exists {
            return None;
        }
        if x.invalidated {
            return Some(WalStatus::Lost);
        }
        let st = self.s.wal.wal_availability(
            x.pos.restart_lsn,
            write_lsn,
            self.min_restart(),
            self.last_removed_segment,
        );
        Some(if st == WalStatus::Lost && x.streamer.is_some() {
            WalStatus::Unreserved
        } else {
            st
        })
    }

    #[inline(always)]
    fn pg_wal_bytes(&self, lsn: u64) -> u64 {
        let curr = self.s.wal.segment_of(lsn);
        (curr.max(self.highest_segment) + 1 - self.oldest_segment) * self.s.wal.segment_size_bytes
    }

    /// Feeds the series. Statuses come from `update_statuses` (they change only at engine
    /// instants, and the value just before an instant is the one held since the last).
    fn observe(&mut self, t: u64, closing: bool) {
        let t = t.min(self.s.duration_ms);
        let lsn = self.lsn(t);
        let pg_wal = self.pg_wal_bytes(lsn);
        let slots = self.slots.iter().map(|x| match x.status {
            Some(st) if x.exists => {
                let retained = (!x.invalidated).then(|| lsn.saturating_sub(x.pos.restart_lsn));
                Some((
                    retained,
                    lsn.saturating_sub(x.pos.confirmed_flush_lsn),
                    st,
                    x.streamer.is_some(),
                ))
            }
            _ => None,
        });
        self.series.observe(
            t,
            Observation {
                current_lsn: lsn,
                pg_wal_bytes: pg_wal,
                slots,
            },
            closing,
        );
    }

    /// An ordinary step's two observations, at its instant `t` and just before `next`:
    /// `observe(t, false)` then `observe(next, true)`. They are made after `next_instant`,
    /// which changes nothing they read (it only sets each slot's `accept_at` and reads ahead
    /// in the running-xacts history), so with the fast paths on they go through
    /// `observe_pair`, one pass when both land in the newest bucket.
    fn observe_step(&mut self, t: u64, next: u64) {
        if self.options.fast_paths {
            self.observe_pair(t, next);
        } else {
            self.observe(t, false);
            self.observe(next, true);
        }
    }

    /// `observe(t1, false)` then `observe(t2, true)` with no state change between them: one
    /// pass over the slots when both land in the newest bucket, two observations otherwise.
    fn observe_pair(&mut self, t1: u64, t2: u64) {
        let t1 = t1.min(self.s.duration_ms);
        let t2 = t2.min(self.s.duration_ms);
        if !(self.series.in_last_bucket(t1) && self.series.in_last_bucket(t2.saturating_sub(1))) {
            self.observe(t1, false);
            self.observe(t2, true);
            return;
        }
        // Never at the last step (`t1` is before the end): `behind` may answer; in a lone-commit
        // step `t2` is usually the next commit, whose LSN it holds.
        let (lsn1, lsn2) = (self.lsn(t1), self.lsn_lone(t2));
        let pg_wal = (self.pg_wal_bytes(lsn1), self.pg_wal_bytes(lsn2));
        let slots = self.slots.iter().map(|x| match x.status {
            Some(st) if x.exists => {
                let restart = x.pos.restart_lsn;
                let confirmed = x.pos.confirmed_flush_lsn;
                Some((
                    (!x.invalidated)
                        .then(|| (lsn1.saturating_sub(restart), lsn2.saturating_sub(restart))),
                    (
                        lsn1.saturating_sub(confirmed),
                        lsn2.saturating_sub(confirmed),
                    ),
                    st,
                    x.streamer.is_some(),
                ))
            }
            _ => None,
        });
        self.series.observe_pair(lsn2, pg_wal, slots);
    }

    #[inline]
    fn record_slot(&mut self, i: usize, t: u64) {
        let Some(x) = self.slots.get(i) else { return };
        let rec = SlotRecord {
            t_ms: t,
            exists: x.exists,
            invalidated: x.invalidated,
            active: x.streamer.is_some(),
            restart_lsn: x.pos.restart_lsn,
            confirmed_flush_lsn: x.pos.confirmed_flush_lsn,
        };
        if let Some(h) = self.slot_history.get_mut(i) {
            match h.last_mut() {
                Some(last) if last.t_ms == t => *last = rec,
                Some(last) if SlotRecord { t_ms: t, ..*last } == rec => {}
                _ => h.push(rec),
            }
        }
    }

    /// Test builds: `update_statuses(t)` would change no status and no alert.
    #[cfg(debug_assertions)]
    fn assert_statuses_hold(&self, t: u64) {
        let lsn = self.lsn(t);
        for (i, x) in self.slots.iter().enumerate() {
            let retained = if x.exists && !x.invalidated {
                lsn.saturating_sub(x.pos.restart_lsn)
            } else {
                0
            };
            debug_assert_eq!(self.status_of(i, lsn), x.status, "slot {i} status at {t}");
            debug_assert!(
                x.alert == 0 && retained <= self.s.warning_bytes,
                "slot {i} alert at {t}"
            );
        }
    }

    fn update_statuses(&mut self, t: u64) {
        let lsn = self.lsn(t);
        for i in 0..self.slots.len() {
            let st = self.status_of(i, lsn);
            let Some(x) = self.slots.get(i) else { continue };
            if st != x.status {
                let from = x.status;
                if let Some(x) = self.slots.get_mut(i) {
                    x.status = st;
                }
                self.log(
                    t,
                    LogKind::WalStatusChanged {
                        slot: i,
                        from,
                        to: st,
                    },
                );
            }
            // Alerts on retained WAL.
            let Some(x) = self.slots.get(i) else { continue };
            let retained = if x.exists && !x.invalidated {
                lsn.saturating_sub(x.pos.restart_lsn)
            } else {
                0
            };
            let level = if retained > self.s.critical_bytes {
                2
            } else if retained > self.s.warning_bytes {
                1
            } else {
                0
            };
            let old = x.alert;
            if level != old {
                if let Some(x) = self.slots.get_mut(i) {
                    x.alert = level;
                }
                for l in (old + 1)..=level {
                    let (level, threshold_bytes) = self.alert_level(l);
                    self.log(
                        t,
                        LogKind::AlertRaised {
                            slot: i,
                            level,
                            threshold_bytes,
                        },
                    );
                }
                for l in ((level + 1)..=old).rev() {
                    let (level, threshold_bytes) = self.alert_level(l);
                    self.log(
                        t,
                        LogKind::AlertCleared {
                            slot: i,
                            level,
                            threshold_bytes,
                        },
                    );
                }
            }
        }
    }

    fn alert_level(&self, l: u8) -> (AlertLevel, u64) {
        if l >= 2 {
            (AlertLevel::Critical, self.s.critical_bytes)
        } else {
            (AlertLevel::Warning, self.s.warning_bytes)
        }
    }

    /// The next instant before `horizon` at which a status, an alert or the disk changes with
    /// WAL growth alone. Works in LSN space first and inverts the curve only for a threshold
    /// that is reached before the horizon. Also tells whether every threshold is still ahead
    /// of the write position at `t` (none passed yet).
    fn next_threshold_time(&self, t: u64, horizon: u64) -> (Option<u64>, bool) {
        let lsn = self.lsn(t);
        let mut best = u64::MAX;
        let mut all_ahead = true;
        self.for_each_threshold(|target| {
            if target > lsn {
                best = best.min(target);
            } else {
                all_ahead = false;
            }
        });
        if best == u64::MAX || self.curve_lsn(horizon) < best {
            return (None, all_ahead);
        }
        (self.curve.time_of_lsn(best, t), all_ahead)
    }

    /// Every LSN at which a status, an alert or the disk changes with WAL growth alone while
    /// the slots keep their `restart_lsn`: each is non-decreasing in the `restart_lsn` it
    /// depends on.
    fn for_each_threshold(&self, mut f: impl FnMut(u64)) {
        let w = &self.s.wal;
        let keep = w.mb_to_segments(w.max_wal_size_mb) + 1;
        let slot_keep = (w.max_slot_wal_keep_size_mb >= 0).then(|| {
            w.mb_to_segments(w.max_slot_wal_keep_size_mb as u64)
                .max(w.mb_to_segments(w.wal_keep_size_mb))
        });
        for x in self.slots.iter().filter(|x| x.exists && !x.invalidated) {
            let seg = w.segment_of(x.pos.restart_lsn);
            f(w.segment_start(seg + keep + 1));
            if let Some(sk) = slot_keep {
                f(w.segment_start(seg + sk + 1));
            }
            f(x.pos.restart_lsn + self.s.warning_bytes + 1);
            f(x.pos.restart_lsn + self.s.critical_bytes + 1);
        }
        f(self.disk_full_lsn());
    }

    #[inline]
    fn disk_full_lsn(&self) -> u64 {
        self.disk_full_lsn
    }

    fn check_disk(&mut self, t: u64) {
        if self.down_at.is_some() {
            return;
        }
        let lsn = self.curve_lsn(t);
        let full = self.disk_full_lsn();
        if lsn >= full {
            // PostgreSQL writes up to the segment it cannot create, then PANICs.
            let at = self.curve.time_of_lsn(full, 0).unwrap_or(t);
            self.down_at = Some(at.min(t));
            self.down_lsn = Some(full);
            let pg_wal = self.pg_wal_bytes(full.saturating_sub(1));
            self.log(
                t,
                LogKind::DiskFull {
                    pg_wal_bytes: pg_wal,
                    lsn: Lsn(full),
                },
            );
            self.ckpt = None;
            for k in 0..self.conns.len() {
                if matches!(
                    self.conns.get(k).map(|c| c.run),
                    Some(Run::Running { .. } | Run::Restarting { .. })
                ) {
                    self.set_run(k, Run::Failed, t);
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------
    // Scenario events
    // ----------------------------------------------------------------------------------

    fn apply_event(&mut self, index: usize, t: u64) {
        let Some(e) = self.s.events.get(index) else {
            return;
        };
        if self.down_at.is_some() && !matches!(e.kind, EventKind::Write { .. }) {
            self.log(t, LogKind::IgnoredServerDown { event: index });
            return;
        }
        match e.kind.clone() {
            EventKind::Write { .. } => {}
            EventKind::Checkpoint => {
                // An immediate CHECKPOINT finishes a running one at once, then runs its own.
                if self.ckpt.is_some() {
                    self.end_checkpoint(t);
                }
                self.start_checkpoint(t, CheckpointCause::Explicit);
                self.end_checkpoint(t);
            }
            EventKind::ConnectorStop(k) => {
                if matches!(
                    self.conns.get(k).map(|c| c.run),
                    Some(Run::Running { .. } | Run::Restarting { .. } | Run::Failed)
                ) {
                    self.final_commit(k, t);
                    self.set_run(k, Run::Stopped, t);
                }
            }
            EventKind::ConnectorStart(k) => self.start_connector(k, t),
            EventKind::ConnectorFail(k) => {
                if matches!(
                    self.conns.get(k).map(|c| c.run),
                    Some(Run::Running { .. } | Run::Restarting { .. })
                ) {
                    self.set_run(k, Run::Failed, t);
                }
            }
            EventKind::HeartbeatOn(k, interval) => {
                if let Some(c) = self.conns.get_mut(k) {
                    c.hb_interval_ms = interval;
                }
                // A configuration change restarts the connector's task.
                if matches!(self.conns.get(k).map(|c| c.run), Some(Run::Running { .. })) {
                    self.final_commit(k, t);
                    self.start_connector(k, t);
                }
            }
            EventKind::HeartbeatOff(k) => {
                if let Some(c) = self.conns.get_mut(k) {
                    c.hb_interval_ms = 0;
                }
                if matches!(self.conns.get(k).map(|c| c.run), Some(Run::Running { .. })) {
                    self.final_commit(k, t);
                    self.start_connector(k, t);
                }
            }
            EventKind::HeartbeatError(k, sqlstate) => {
                if let Some(c) = self.conns.get_mut(k) {
                    c.pending_error = Some((t, sqlstate));
                }
                self.refresh_connector(k, t);
            }
            EventKind::SlotDrop(name) => {
                let Some(i) = self.slot_names.iter().position(|n| *n == name) else {
                    return;
                };
                let Some(x) = self.slots.get(i) else { return };
                if !x.exists {
                    self.log(
                        t,
                        LogKind::SlotCommandFailed {
                            slot: i,
                            sqlstate: "42704".into(),
                            active_pid: None,
                        },
                    );
                } else if x.streamer.is_some() {
                    self.log(
                        t,
                        LogKind::SlotCommandFailed {
                            slot: i,
                            sqlstate: "55006".into(),
                            active_pid: Some(walsender_pid(i)),
                        },
                    );
                } else {
                    if let Some(x) = self.slots.get_mut(i) {
                        x.exists = false;
                        x.invalidated = false;
                    }
                    self.record_slot(i, t);
                    self.log(t, LogKind::SlotDropped { slot: i });
                    for k in 0..self.conns.len() {
                        self.refresh_connector(k, t);
                    }
                }
            }
            EventKind::SlotCreate { name, .. } => {
                let Some(i) = self.slot_names.iter().position(|n| *n == name) else {
                    return;
                };
                if self.slots.get(i).is_some_and(|x| x.exists) {
                    self.log(
                        t,
                        LogKind::SlotCommandFailed {
                            slot: i,
                            sqlstate: "42710".into(),
                            active_pid: None,
                        },
                    );
                } else {
                    self.create_slot(i, t, false);
                }
            }
        }
    }

    fn create_slot(&mut self, i: usize, t: u64, by_connector: bool) {
        let lsn = self.lsn(t);
        if let Some(x) = self.slots.get_mut(i) {
            x.exists = true;
            x.invalidated = false;
            x.created_ms = t;
            x.pos = SlotPositions::new(lsn);
            x.awaiting_since = t;
            x.streamer = None;
        }
        // ReplicationSlotReserveWal logs a running-xacts record right after reserving WAL;
        // every other streamed slot decodes it now.
        for j in 0..self.slots.len() {
            if j != i {
                self.materialize(j, t);
            }
        }
        self.extra_rx.push(t);
        for j in 0..self.slots.len() {
            if j != i {
                self.materialize(j, t);
                self.record_slot(j, t);
            }
        }
        self.record_slot(i, t);
        self.log(
            t,
            LogKind::SlotCreated {
                slot: i,
                lsn: Lsn(lsn),
                by_connector,
            },
        );
    }

    // ----------------------------------------------------------------------------------
    // Checkpoints
    // ----------------------------------------------------------------------------------

    fn next_checkpoint_time(&self, t: u64, horizon: u64) -> Option<u64> {
        if let Some(c) = self.ckpt {
            return (c.end_ms > t).then_some(c.end_ms);
        }
        let timer = self.last_ckpt_attempt_ms + self.s.checkpoint_timeout_ms;
        let limit = horizon.min(timer);
        let trigger = self.wal_trigger_lsn;
        // Invert the curve only if WAL reaches the trigger before anything else happens.
        let by_wal = if self.curve_lsn(limit) >= trigger {
            self.curve.time_of_lsn(trigger, t)
        } else {
            None
        };
        let n = by_wal.map_or(timer, |w| w.min(timer));
        Some(n.max(t + 1))
    }

    fn maybe_start_checkpoint(&mut self, t: u64) {
        if self.ckpt.is_some() || self.down_at.is_some() {
            return;
        }
        let lsn = self.lsn(t);
        let by_wal = lsn >= self.wal_trigger_lsn;
        let by_time = t >= self.last_ckpt_attempt_ms + self.s.checkpoint_timeout_ms;
        if by_wal {
            self.start_checkpoint(t, CheckpointCause::Wal);
        } else if by_time {
            self.last_ckpt_attempt_ms = t;
            // "checkpoint skipped because system is idle": no WAL since the last checkpoint record.
            if lsn > self.last_ckpt_record_lsn {
                self.start_checkpoint(t, CheckpointCause::Time);
            }
        }
    }

    fn start_checkpoint(&mut self, t: u64, cause: CheckpointCause) {
        let redo = self.lsn(t);
        self.last_ckpt_attempt_ms = t;
        self.prior_redo_lsn = Some(self.redo_lsn);
        self.redo_lsn = redo;
        self.wal_trigger_lsn = self.s.wal.wal_checkpoint_trigger_lsn(redo);
        let end_ms = if cause == CheckpointCause::Explicit {
            t
        } else {
            // Spread checkpoint: paced to finish at checkpoint_completion_target of the time
            // to the next one, whichever of time or WAL volume comes first (IsCheckpointOnSchedule).
            let target = self.s.wal.checkpoint_completion_target;
            let by_time = t + (target * self.s.checkpoint_timeout_ms as f64) as u64;
            let wal_budget = (target
                * (self.s.wal.checkpoint_segments() * self.s.wal.segment_size_bytes) as f64)
                as u64;
            // The WAL budget is reached after `by_time` if not by then (the usual case): no
            // need to invert the curve. Not in a run's last step, whose curve look-ups decide
            // the look-up hint the report keeps (`time_of_lsn` looks up `t` first).
            let budget_lsn = redo + wal_budget;
            let by_wal = if t < self.s.duration_ms && self.curve.lsn_at(by_time) < budget_lsn {
                u64::MAX
            } else {
                self.curve.time_of_lsn(budget_lsn, t).unwrap_or(u64::MAX)
            };
            by_time.min(by_wal).max(t)
        };
        self.ckpt = Some(Checkpoint {
            cause,
            redo_lsn: redo,
            end_ms,
        });
    }

    fn end_checkpoint(&mut self, t: u64) {
        let Some(c) = self.ckpt.take() else { return };
        // Bring slots up to date with running-xacts records before this instant.
        for i in 0..self.slots.len() {
            self.materialize(i, t);
        }
        // LogStandbySnapshot before the checkpoint record.
        self.extra_rx.push(t);
        for i in 0..self.slots.len() {
            self.materialize(i, t);
        }
        let recptr = self.lsn(t);
        self.last_ckpt_record_lsn = recptr;
        if let Some(prior) = self.prior_redo_lsn {
            self.distance_estimate = update_distance_estimate(
                self.distance_estimate,
                c.redo_lsn.saturating_sub(prior) as f64,
            );
        }
        // Reused between checkpoints (no allocation per checkpoint).
        let mut restarts = std::mem::take(&mut self.restarts_buf);
        restarts.clear();
        restarts.extend(
            self.slots
                .iter()
                .map(|x| (x.exists && !x.invalidated).then_some(x.pos.restart_lsn)),
        );
        let removal = self.s.wal.checkpoint_removal(c.redo_lsn, recptr, &restarts);
        let oldest_lsn = self.s.wal.segment_start(self.s.wal.keep_log_seg(
            recptr,
            restarts.iter().flatten().copied().min(),
            self.s.wal.segment_of(c.redo_lsn),
        ));
        self.restarts_buf = restarts;
        for &i in &removal.invalidated {
            let restart = self.slots.get(i).map_or(0, |x| x.pos.restart_lsn);
            if let Some(x) = self.slots.get_mut(i) {
                x.invalidated = true;
            }
            self.log(
                t,
                LogKind::SlotInvalidated {
                    slot: i,
                    restart_lsn: Lsn(restart),
                    exceeds_limit_by_bytes: oldest_lsn - restart,
                },
            );
            // The checkpointer terminates an active walsender first; the connector then fails.
            if let Some(k) = self.slots.get(i).and_then(|x| x.streamer) {
                self.slot_unusable(k, t);
            }
            self.record_slot(i, t);
        }
        let keep = removal.keep_from_segment;
        if keep > self.oldest_segment {
            let removed = keep - self.oldest_segment;
            let curr = self.s.wal.segment_of(recptr);
            self.highest_segment = self.highest_segment.max(curr);
            let limit = self
                .s
                .wal
                .recycle_limit_segment(c.redo_lsn, self.distance_estimate);
            let recycled = removed.min(limit.saturating_sub(self.highest_segment));
            self.highest_segment += recycled;
            self.oldest_segment = keep;
            self.disk_full_lsn = self.s.wal.segment_start(keep + self.disk_capacity_segments);
            self.last_removed_segment = self.last_removed_segment.max(keep - 1);
            self.wal_files_history.push(WalFilesRecord {
                t_ms: t,
                last_removed_segment: self.last_removed_segment,
                oldest_segment: self.oldest_segment,
                highest_segment: self.highest_segment,
            });
            let pg_wal_bytes = self.pg_wal_bytes(recptr);
            self.log(
                t,
                LogKind::CheckpointRemovedWal {
                    cause: c.cause,
                    redo_lsn: Lsn(c.redo_lsn),
                    removed_segments: removed,
                    recycled_segments: recycled,
                    pg_wal_bytes,
                },
            );
        }
        // PreallocXlogFiles(recptr): the next segment file exists ahead of the write position.
        if let Some(seg) = self.s.wal.prealloc_segment(recptr) {
            if seg > self.highest_segment {
                self.highest_segment = seg;
                self.wal_files_history.push(WalFilesRecord {
                    t_ms: t,
                    last_removed_segment: self.last_removed_segment,
                    oldest_segment: self.oldest_segment,
                    highest_segment: self.highest_segment,
                });
            }
        }
        for k in 0..self.conns.len() {
            self.refresh_connector(k, t);
        }
    }

    // ----------------------------------------------------------------------------------
    // Slots and running-xacts
    // ----------------------------------------------------------------------------------

    /// Feeds a streamed slot every running-xacts record in `(awaiting_since, t]` until one
    /// becomes a pending candidate.
    fn materialize(&mut self, i: usize, t: u64) {
        let Some(x) = self.slots.get(i) else { return };
        if !x.exists || x.invalidated || x.streamer.is_none() || x.pos.candidate.is_some() {
            return;
        }
        self.rx
            .extend(&self.curve, self.s.bgwriter_phase_ms, t, self.down_at);
        let mut since = x.awaiting_since;
        let mut moved = false;
        loop {
            let bg = self.rx.first_after(since).filter(|&r| r <= t);
            let ex = first_after_sorted(&self.extra_rx, since).filter(|&r| r <= t);
            let r = match (bg, ex) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => match a.or(b) {
                    Some(r) => r,
                    None => break,
                },
            };
            let rx_lsn = self.lsn(r);
            let Some(x) = self.slots.get_mut(i) else {
                return;
            };
            moved |= x.pos.on_running_xacts(rx_lsn);
            since = r;
            if x.pos.candidate.is_some() {
                break;
            }
        }
        if let Some(x) = self.slots.get_mut(i) {
            x.awaiting_since = since;
        }
        if moved {
            self.record_slot(i, t);
        }
    }

    /// When a streamed slot without a pending candidate will next read a running-xacts record
    /// it accepts at once: only possible once its consumer confirmed everything written.
    fn next_immediate_accept(&mut self, i: usize, t: u64) -> Option<u64> {
        let x = self.slots.get(i)?;
        if !x.exists || x.invalidated || x.streamer.is_none() || x.pos.candidate.is_some() {
            return None;
        }
        let confirmed = x.pos.confirmed_flush_lsn;
        // A record after `t` is at `t + 1` or later and the LSN never decreases: if WAL has
        // passed the confirmed position by `t + 1`, no later record can be accepted at once
        // (the usual case while writing goes on; it spares the running-xacts look-up).
        self.behind.set(self.ahead.get());
        if self.lsn(t.saturating_add(1)) > confirmed {
            return None;
        }
        let since = x.awaiting_since.max(t);
        let bg = self
            .rx
            .next_after(&self.curve, self.s.bgwriter_phase_ms, since, self.down_at);
        let r = bg?;
        (r > t && self.lsn(r) <= confirmed).then_some(r)
    }

    // ----------------------------------------------------------------------------------
    // Connectors
    // ----------------------------------------------------------------------------------

    fn set_run(&mut self, k: usize, run: Run, t: u64) {
        let Some(c) = self.conns.get(k) else { return };
        let was_streaming = matches!(c.run, Run::Running { .. });
        let slot = c.slot;
        // End this epoch's heartbeat train.
        if let Some(ti) = c.train {
            if let Some(tr) = self.trains.get_mut(ti) {
                tr.until_ms = tr.until_ms.min(t + 1).max(tr.first_ms.min(t + 1));
            }
        }
        if let Some(c) = self.conns.get_mut(k) {
            c.run = run;
            c.train = None;
            c.next_commit = None;
            c.next_commit_pos = None;
            c.last_commit_ms = None;
            c.train_planned = false;
            c.carried_floor = None;
            c.error_at = None;
            c.first_msg = None;
        }
        let streaming = matches!(run, Run::Running { .. });
        if was_streaming && !streaming {
            if let Some(x) = self.slots.get_mut(slot) {
                if x.streamer == Some(k) {
                    x.streamer = None;
                    x.pos.candidate = None;
                }
            }
            self.record_slot(slot, t);
        }
        let state = match run {
            Run::Running { .. } => ConnectorState::Running,
            Run::Stopped | Run::NotStarted => ConnectorState::Stopped,
            Run::Failed => ConnectorState::Failed,
            Run::Restarting { .. } => ConnectorState::Restarting,
        };
        self.log(
            t,
            LogKind::ConnectorStateChanged {
                connector: k,
                state,
            },
        );
        for j in 0..self.conns.len() {
            if j != k {
                self.refresh_connector(j, t);
            }
        }
    }

    fn slot_unusable(&mut self, k: usize, t: u64) {
        let slot = self.conns.get(k).map_or(0, |c| c.slot);
        self.log(t, LogKind::SlotUnusable { connector: k, slot });
        // Before 2.0 the task is FAILED. On 2.0+ the PSQLException is retried forever
        // (errors.max.retries = -1), every attempt failing the same way: never healthy again,
        // so the model shows it as FAILED too (the log entry says why).
        self.set_run(k, Run::Failed, t);
    }

    fn start_connector(&mut self, k: usize, t: u64) {
        if self.down_at.is_some() {
            return;
        }
        let Some(c) = self.conns.get(k) else { return };
        let slot = c.slot;
        if matches!(c.run, Run::Running { .. }) {
            // Restart: stop the current epoch first.
            self.set_run(k, Run::Stopped, t);
        }
        let Some(x) = self.slots.get(slot) else {
            return;
        };
        if x.exists && x.invalidated {
            self.set_run(k, Run::Running { since: t }, t);
            self.slot_unusable(k, t);
            return;
        }
        if x.streamer.is_some_and(|other| other != k) {
            // Another consumer holds the slot: "replication slot ... is active for PID".
            self.log(
                t,
                LogKind::SlotCommandFailed {
                    slot,
                    sqlstate: "55006".into(),
                    active_pid: Some(walsender_pid(slot)),
                },
            );
            self.set_run(k, Run::Failed, t);
            return;
        }
        if !x.exists {
            // Debezium creates `slot.name` if it does not exist; whatever happened between the
            // stored offset and now is skipped.
            self.create_slot(slot, t, true);
            let new_lsn = self.lsn(t);
            if let Some(stored) = self.conns.get(k).and_then(|c| c.stored) {
                if stored < new_lsn {
                    self.log(
                        t,
                        LogKind::DataGap {
                            connector: k,
                            from_lsn: Lsn(stored),
                            to_lsn: Lsn(new_lsn),
                        },
                    );
                }
            }
        }
        // Decoding restarts at restart_lsn: every running-xacts record after it is read again.
        let restart_time = self
            .slots
            .get(slot)
            .and_then(|x| self.curve.time_of_lsn(x.pos.restart_lsn, x.created_ms));
        if let Some(x) = self.slots.get_mut(slot) {
            x.streamer = Some(k);
            x.pos.candidate = None;
            if let Some(rt) = restart_time {
                x.awaiting_since = rt.max(x.created_ms);
            }
        }
        self.set_run(k, Run::Running { since: t }, t);
        // Decoding resumes at restart_lsn: running-xacts records already confirmed move
        // restart_lsn at once.
        self.materialize(slot, t);
        self.record_slot(slot, t);
        self.refresh_connector(k, t);
    }

    /// Visible heartbeat trains for a slot (writes in its database its plugin decodes).
    fn visible_trains(&self, slot: &Slot) -> impl Iterator<Item = &Train> + '_ {
        let db = slot.database;
        let plugin = slot.plugin;
        let v = self.s.pg_version;
        self.trains
            .iter()
            .filter(move |tr| tr.database == db && action_visible(tr.action, plugin, v))
    }

    fn latest_record(&self, slot: &Slot, lo: Option<u64>, c: u64) -> Option<u64> {
        let a = self
            .captured
            .get(slot.database)
            .and_then(|a| a.latest_in(lo, c));
        if a == Some(c) {
            // A change at `c` itself: no beat can be newer.
            return a;
        }
        let b = self
            .visible_trains(slot)
            .filter_map(|tr| tr.last_at_or_before(c))
            .filter(|&h| lo.is_none_or(|lo| h > lo))
            .max();
        a.max(b)
    }

    fn latest_received_before(&self, slot: &Slot, lo: Option<u64>, h: u64) -> Option<u64> {
        let a = self
            .received
            .get(slot.database)
            .and_then(|a| a.latest_before(lo, h));
        let b = self
            .visible_trains(slot)
            .filter_map(|tr| tr.last_before(h))
            .filter(|&x| lo.is_none_or(|lo| x > lo))
            .max();
        a.max(b)
    }

    /// The first change of `activity` or visible heartbeat message at or after `from`.
    fn first_at_or_after(&self, activity: &[Activity], slot: &Slot, from: u64) -> Option<u64> {
        let changes = activity
            .get(slot.database)
            .and_then(|a| a.first_at_or_after(from));
        let messages = self
            .visible_trains(slot)
            .filter_map(|tr| tr.first_at_or_after(from))
            .min();
        earliest(changes, messages)
    }

    fn first_received_at_or_after(&self, slot: &Slot, from: u64) -> Option<u64> {
        self.first_at_or_after(&self.received, slot, from)
    }

    fn first_record_at_or_after(&self, slot: &Slot, from: u64) -> Option<u64> {
        self.first_at_or_after(&self.captured, slot, from)
    }

    /// The offset (LSN) Kafka Connect holds for the connector after a commit at `c`: the
    /// newest record's position. Records only: keep-alive flushing never writes an offset.
    fn position_at(&self, k: usize, c: u64) -> Option<u64> {
        let conn = self.conns.get(k)?;
        let slot = self.slots.get(conn.slot)?;
        if self.options.fast_paths {
            if let Some(p) = self.own_beat_position(conn, slot, c) {
                return Some(p);
            }
        }
        let lo = Some(slot.created_ms);
        let rec = self.latest_record(slot, lo, c);
        // What the connector's newest heartbeat record carries is older than the beat itself,
        // so it matters only if that beat is newer than every record (`rec` is at most `c`).
        let carried = if rec == Some(c) {
            None
        } else {
            conn.train
                .and_then(|ti| self.trains.get(ti))
                .and_then(|tr| tr.last_at_or_before(c))
                .filter(|&h| rec.is_none_or(|r| r < h))
                .and_then(|h| self.latest_received_before(slot, lo, h))
        };
        rec.max(carried)
            .map(|t| self.lsn(t))
            .max(conn.carried_floor)
            .max(conn.stored)
    }

    /// `position_at`'s steady case: the connector's own heartbeat is a record at `c` itself,
    /// and no record can be newer (what `latest_record` would find, without its look-ups).
    /// `None`: not that case.
    #[inline(always)]
    fn own_beat_position(&self, conn: &Conn, slot: &Slot, c: u64) -> Option<u64> {
        if c <= slot.created_ms {
            return None;
        }
        let tr = self.trains.get(conn.train?)?;
        if !tr.beats_at(c)
            || tr.database != slot.database
            || !action_visible(tr.action, slot.plugin, self.s.pg_version)
        {
            return None;
        }
        Some(self.lsn(c)).max(conn.carried_floor).max(conn.stored)
    }

    /// The LSN flushed to the slot at a commit at `c` given the stored offset: the offset, or
    /// with `lsn.flush.mode=connector_and_driver` the server's position at `c` (keep-alive).
    fn flush_lsn_at(&self, k: usize, c: u64, stored: Option<u64>) -> Option<u64> {
        if self.s.connectors.get(k).map(|s| s.lsn_flush_mode)
            == Some(LsnFlushMode::ConnectorAndDriver)
        {
            stored.max(Some(self.lsn(c)))
        } else {
            stored
        }
    }

    fn flushing_allowed(&self, k: usize, c: u64) -> bool {
        let Some(spec) = self.s.connectors.get(k) else {
            return false;
        };
        if spec.lsn_flush_mode == LsnFlushMode::ConnectorAndDriver
            || !spec.debezium_version.at_least(2, 0)
        {
            return true;
        }
        self.conns
            .get(k)
            .and_then(|c| c.first_msg)
            .is_some_and(|m| m <= c)
    }

    /// Recomputes a running connector's first message, heartbeat train and next commit.
    fn refresh_connector(&mut self, k: usize, t: u64) {
        let (Some(conn), Some(spec)) = (self.conns.get(k), self.s.connectors.get(k)) else {
            return;
        };
        let Run::Running { since } = conn.run else {
            return;
        };
        let Some(slot) = self.slots.get(conn.slot) else {
            return;
        };
        if !slot.exists || slot.invalidated {
            return;
        }
        // The steady case (after most offset commits): the first message since the start is
        // known, the heartbeat train is settled (none, or one that is no longer planned on a
        // first message) and no failure is pending. What follows would set the first message,
        // the train and `error_at` to what they are, so only the next commit is new.
        if self.options.fast_paths
            && conn.pending_error.is_none()
            && conn.first_msg.is_some_and(|m| m <= t)
            && (conn.hb_interval_ms == 0
                || conn.train.is_some_and(|ti| {
                    spec.debezium_version.at_least(2, 4)
                        || !conn.train_planned
                        || self.trains.get(ti).is_some_and(|tr| tr.first_ms <= t)
                }))
        {
            let next_commit = match self.steady_next_commit(conn, spec, slot, since, t) {
                Some(found) => Some(found),
                None => self.next_commit(k, t),
            };
            if let Some(c) = self.conns.get_mut(k) {
                c.error_at = None;
                c.next_commit = next_commit.map(|(c, _)| c);
                c.next_commit_pos = next_commit.and_then(|(_, p)| p);
            }
            return;
        }
        // Heartbeat train of this epoch. From 2.4 on it starts with the task; before 2.4
        // (DBZ-6635) only after the first replication message since the start.
        let h = conn.hb_interval_ms;
        let mut train = conn.train;
        let conn_first_planned = conn.train_planned;
        let modern = spec.debezium_version.at_least(2, 4);
        // A new (or moved) train is new WAL in its database: other connectors must look again.
        let mut trains_changed = false;
        if train.is_none() && h > 0 && modern {
            train = Some(self.push_train(k, since + h));
            trains_changed = true;
        }
        // First replication message since the start (the backlog counts at `since`).
        let first_msg = self.first_message(k, since, t);
        let first_planned = conn_first_planned;
        if h > 0 && !modern {
            let planned_first = first_msg.map(|m| if m >= since + h { m } else { since + h });
            match (train, planned_first) {
                (None, Some(first)) => {
                    train = Some(self.push_train(k, first));
                    trains_changed = true;
                    if let Some(c) = self.conns.get_mut(k) {
                        c.train_planned = true;
                    }
                }
                // The epoch's planned train has not beaten yet: follow the first message it
                // is planned on, wherever that moved (another connector's train may have
                // appeared, moved or stopped).
                (Some(ti), planned) if first_planned => {
                    if let Some(tr) = self.trains.get_mut(ti) {
                        if tr.first_ms > t {
                            match planned {
                                Some(first) if first != tr.first_ms => {
                                    tr.first_ms = first;
                                    trains_changed = true;
                                }
                                Some(_) => {}
                                None => {
                                    tr.until_ms = tr.first_ms;
                                    train = None;
                                    trains_changed = true;
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(c) = self.conns.get_mut(k) {
            c.first_msg = first_msg;
            c.train = train;
        }
        // Bounded: trains of pre-2.4 connectors can depend on each other's messages.
        if trains_changed && self.refresh_depth < 8 {
            self.refresh_depth += 1;
            for j in 0..self.conns.len() {
                if j != k {
                    self.refresh_connector(j, t);
                }
            }
            self.refresh_depth -= 1;
        }
        let Some(spec) = self.s.connectors.get(k) else {
            return;
        };
        // Heartbeat failure timing.
        let error_at = self
            .conns
            .get(k)
            .and_then(|c| c.pending_error.as_ref())
            .and_then(|(from, _)| {
                if spec.heartbeat.action_query == ActionQuery::None {
                    return None;
                }
                train
                    .and_then(|ti| self.trains.get(ti))
                    .and_then(|tr| tr.first_at_or_after((*from).max(t)))
            });
        let next_commit = self.next_commit(k, t);
        if let Some(c) = self.conns.get_mut(k) {
            c.error_at = error_at;
            c.next_commit = next_commit.map(|(c, _)| c);
            c.next_commit_pos = next_commit.and_then(|(_, p)| p);
        }
    }

    /// `next_commit` in the steadiest case, with what the steady refresh already holds: the
    /// very next commit on the grid lands on one of the connector's own visible heartbeats
    /// and moves the stored offset. Then `next_commit` would return that commit from its
    /// first test, with the position `position_at`'s own fast path gives; this computes the
    /// same without their look-ups. `None`: not that case, ask `next_commit`.
    #[inline(always)]
    fn steady_next_commit(
        &self,
        conn: &Conn,
        spec: &crate::scenario::ConnectorSpec,
        slot: &Slot,
        since: u64,
        t: u64,
    ) -> Option<(u64, Option<u64>)> {
        let first = commit_at_or_after(conn, since, spec.offset_flush_interval_ms, t, 0);
        let p = self.own_beat_position(conn, slot, first)?;
        // `next_commit`'s first test, its first half (the second is not needed then).
        (p > conn.stored.unwrap_or(0)).then_some((first, Some(p)))
    }

    fn push_train(&mut self, k: usize, first_ms: u64) -> usize {
        let (interval_ms, action, database) = match (self.conns.get(k), self.s.connectors.get(k)) {
            (Some(c), Some(spec)) => (
                c.hb_interval_ms,
                spec.heartbeat.action_query,
                spec.heartbeat.target_database,
            ),
            _ => (1, ActionQuery::None, 0),
        };
        self.trains.push(Train {
            first_ms,
            interval_ms: interval_ms.max(1),
            until_ms: u64::MAX,
            action,
            database,
            owner: k,
        });
        self.trains.len() - 1
    }

    /// The first replication message the connector receives since `since`: a received change
    /// or visible message after its slot's `confirmed_flush_lsn` (the backlog counts at `since`).
    fn first_message(&self, k: usize, since: u64, t: u64) -> Option<u64> {
        let conn = self.conns.get(k)?;
        if let Some(m) = conn.first_msg {
            if m <= t {
                return Some(m);
            }
        }
        let slot = self.slots.get(conn.slot)?;
        // Changes count once WAL passed the confirmed position (the backlog arrives at
        // `since`); heartbeat messages take no WAL in the model, so those sent while the
        // connector streams count from its start.
        let after = self
            .curve
            .time_of_lsn(slot.pos.confirmed_flush_lsn + 1, slot.created_ms)
            .unwrap_or(u64::MAX)
            .max(slot.created_ms + 1);
        let changes = self
            .received
            .get(slot.database)
            .and_then(|a| a.first_at_or_after(after));
        let from = after.min(since).max(slot.created_ms + 1);
        // Before 2.4 its own beats exist only once a message arrived: a planned train of its
        // own cannot be what starts it (from 2.4 on its beats are unconditional messages).
        let modern = self
            .s
            .connectors
            .get(k)
            .is_some_and(|c| c.debezium_version.at_least(2, 4));
        let own = if modern { None } else { conn.train };
        let messages = self
            .trains
            .iter()
            .enumerate()
            .filter(|(i, tr)| {
                Some(*i) != own
                    && tr.database == slot.database
                    && action_visible(tr.action, slot.plugin, self.s.pg_version)
            })
            .filter_map(|(_, tr)| tr.first_at_or_after(from))
            .min();
        earliest(changes, messages).map(|m| m.max(since))
    }

    /// The first commit after `t` that changes the slot or the stored offset, with the
    /// position it commits.
    fn next_commit(&self, k: usize, t: u64) -> Option<(u64, Option<u64>)> {
        let conn = self.conns.get(k)?;
        let spec = self.s.connectors.get(k)?;
        let Run::Running { since } = conn.run else {
            return None;
        };
        let slot = self.slots.get(conn.slot)?;
        let f = spec.offset_flush_interval_ms;
        let confirmed = slot.pos.confirmed_flush_lsn;
        let stored = conn.stored.unwrap_or(0);
        let x = confirmed.max(stored);
        let commit_at_or_after = |tau: u64| commit_at_or_after(conn, since, f, t, tau);
        // Fast path (the steady case): the very next commit on the grid already matters.
        let first = commit_at_or_after(0);
        let p = self.position_at(k, first);
        if p.is_some_and(|p| p > stored)
            || (self
                .flush_lsn_at(k, first, p)
                .is_some_and(|fl| fl > confirmed)
                && self.flushing_allowed(k, first))
        {
            return Some((first, p));
        }
        let mut need: Option<u64> = None;
        if stored > confirmed {
            need = Some(since + f);
        }
        if conn.carried_floor.is_some_and(|fl| fl > stored) {
            // Records emitted before a failed beat are committed at the next commit.
            need = Some(t);
        }
        let lo_time = slot.created_ms;
        if conn.stored.is_none() {
            // The first commit with any record writes the connector's first offset, even if
            // the record adds no WAL (a heartbeat message in the model).
            let rec = self.first_record_at_or_after(slot, lo_time + 1);
            let hb = conn
                .train
                .and_then(|ti| self.trains.get(ti))
                .and_then(|tr| {
                    self.first_received_at_or_after(slot, lo_time + 1)
                        .and_then(|r| tr.first_at_or_after(r + 1))
                });
            if let Some(c) = earliest(rec, hb) {
                need = Some(need.map_or(c, |n| n.min(c)));
            }
        }
        if let Some(tx) = self.curve.time_of_lsn(x + 1, lo_time) {
            let from = tx.max(lo_time + 1);
            let mut cand = self.first_record_at_or_after(slot, from);
            if spec.lsn_flush_mode == LsnFlushMode::ConnectorAndDriver {
                cand = cand.map_or(Some(from), |c| Some(c.min(from)));
            }
            if let Some(tr) = conn.train.and_then(|ti| self.trains.get(ti)) {
                if let Some(r) = self.first_received_at_or_after(slot, from) {
                    if let Some(hb) = tr.first_at_or_after(r + 1) {
                        cand = Some(cand.map_or(hb, |c| c.min(hb)));
                    }
                }
            }
            if let Some(c) = cand {
                need = Some(need.map_or(c, |n| n.min(c)));
            }
        }
        let tau = need?;
        // Walk the commit grid: a commit matters if it moves the Kafka offset, or if it may
        // flush (lsnFlushingAllowed, 2.0+) a position past the slot's confirmed_flush_lsn.
        let mut c = commit_at_or_after(tau);
        for _ in 0..4 {
            let p = self.position_at(k, c);
            if p.is_some_and(|p| p > stored) {
                return Some((c, p));
            }
            let flush_moves = self.flush_lsn_at(k, c, p).is_some_and(|fl| fl > confirmed);
            if flush_moves {
                if self.flushing_allowed(k, c) {
                    return Some((c, p));
                }
                // Not allowed before the first message since the start.
                c = commit_at_or_after(conn.first_msg?.max(c + 1));
                continue;
            }
            c += f;
        }
        Some((c, None))
    }

    fn connector_timers(&mut self, k: usize, t: u64) {
        let Some(c) = self.conns.get(k) else { return };
        if let Run::Restarting { until } = c.run {
            if until == t {
                self.start_connector(k, t);
            }
            return;
        }
        if c.error_at == Some(t) {
            self.heartbeat_failure(k, t);
        }
        let Some(c) = self.conns.get(k) else { return };
        if c.next_commit == Some(t) {
            self.commit(k, t);
        }
    }

    fn heartbeat_failure(&mut self, k: usize, t: u64) {
        let Some((_, sqlstate)) = self.conns.get_mut(k).and_then(|c| c.pending_error.take()) else {
            return;
        };
        let Some(spec) = self.s.connectors.get(k) else {
            return;
        };
        let outcome = heartbeat_failure_outcome(&sqlstate, spec.debezium_version);
        let wait = spec.retriable_restart_wait_ms;
        self.log(
            t,
            LogKind::HeartbeatFailed {
                connector: k,
                sqlstate,
                outcome,
            },
        );
        // The failing beat writes nothing: split the train around it. What the beats before
        // it carried stays in their records.
        if let Some(ti) = self.conns.get(k).and_then(|c| c.train) {
            if let Some(tr) = self.trains.get(ti).copied() {
                let floor = self
                    .slots
                    .get(self.conns.get(k).map_or(0, |c| c.slot))
                    .and_then(|slot| {
                        tr.last_before(t).and_then(|h| {
                            self.latest_received_before(slot, Some(slot.created_ms), h)
                        })
                    });
                let floor_lsn = floor.map(|f| self.lsn(f));
                if let Some(c) = self.conns.get_mut(k) {
                    c.carried_floor = c.carried_floor.max(floor_lsn);
                }
                if let Some(tr_mut) = self.trains.get_mut(ti) {
                    tr_mut.until_ms = t;
                }
                if matches!(
                    outcome,
                    HeartbeatOutcome::PollRetried | HeartbeatOutcome::Logged
                ) {
                    self.trains.push(Train {
                        first_ms: t + tr.interval_ms,
                        ..tr
                    });
                    let idx = self.trains.len() - 1;
                    if let Some(c) = self.conns.get_mut(k) {
                        c.train = Some(idx);
                        c.train_planned = false;
                    }
                }
            }
        }
        match outcome {
            HeartbeatOutcome::TaskFailed => self.set_run(k, Run::Failed, t),
            HeartbeatOutcome::TaskRestarts => self.set_run(
                k,
                Run::Restarting {
                    until: t + wait.max(1),
                },
                t,
            ),
            HeartbeatOutcome::PollRetried | HeartbeatOutcome::Logged => {
                // The missing beat changes what every consumer of that database receives.
                for j in 0..self.conns.len() {
                    self.refresh_connector(j, t);
                }
            }
        }
    }

    fn commit(&mut self, k: usize, t: u64) {
        let Some(slot_i) = self.conns.get(k).map(|c| c.slot) else {
            return;
        };
        self.materialize(slot_i, t);
        let cached = self.conns.get(k).and_then(|c| {
            if c.next_commit == Some(t) {
                c.next_commit_pos
            } else {
                None
            }
        });
        let pos = match cached {
            Some(p) => Some(p),
            None => self.position_at(k, t),
        };
        if let Some(c) = self.conns.get_mut(k) {
            c.last_commit_ms = Some(t);
        }
        if let Some(c) = self.conns.get_mut(k) {
            c.stored = pos.max(c.stored);
        }
        if self.flushing_allowed(k, t) {
            let stored = self.conns.get(k).and_then(|c| c.stored);
            if let Some(flush) = self.flush_lsn_at(k, t, stored) {
                let moved = self
                    .slots
                    .get_mut(slot_i)
                    .is_some_and(|x| x.pos.on_confirm(flush));
                if moved {
                    // The next record after this instant becomes the candidate; records up to
                    // now were read while the applied one was pending (ignored).
                    if let Some(x) = self.slots.get_mut(slot_i) {
                        x.awaiting_since = t;
                    }
                }
            }
        }
        self.record_slot(slot_i, t);
        self.refresh_connector(k, t);
    }

    /// On a graceful stop Kafka Connect commits offsets one last time; the LSN is not flushed
    /// to PostgreSQL (that happens only at the next poll, which never comes).
    fn final_commit(&mut self, k: usize, t: u64) {
        if !matches!(self.conns.get(k).map(|c| c.run), Some(Run::Running { .. })) {
            return;
        }
        let pos = self.position_at(k, t);
        if let Some(c) = self.conns.get_mut(k) {
            c.stored = pos.max(c.stored);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_rule_literal() {
        let mut p = SlotPositions::new(100);
        p.on_running_xacts(200);
        assert_eq!(p.candidate, Some(200));
        p.on_running_xacts(300);
        assert_eq!(
            p.candidate,
            Some(200),
            "second record ignored while one is pending"
        );
        assert!(p.on_confirm(250));
        assert_eq!(
            (p.restart_lsn, p.confirmed_flush_lsn, p.candidate),
            (200, 250, None)
        );
        // A record the consumer already confirmed past is accepted at once.
        assert!(p.on_running_xacts(240));
        assert_eq!(p.restart_lsn, 240);
        // confirmed never moves back.
        p.on_confirm(10);
        assert_eq!(p.confirmed_flush_lsn, 250);
    }

    #[test]
    fn first_after_sorted_matches_a_plain_search() {
        let v: Vec<u64> = (0..40).map(|i| i * 10).collect();
        for after in 0..420 {
            let plain = v.iter().copied().find(|&x| x > after);
            assert_eq!(first_after_sorted(&v, after), plain, "after {after}");
        }
        assert_eq!(first_after_sorted(&[], 5), None);
        assert_eq!(first_after_sorted(&[7], 5), Some(7));
    }

    #[test]
    fn trains_are_periodic() {
        let tr = Train {
            first_ms: 10_000,
            interval_ms: 10_000,
            until_ms: 55_000,
            action: ActionQuery::EmitMessage,
            database: 0,
            owner: 0,
        };
        assert_eq!(tr.last_at_or_before(9_999), None);
        assert_eq!(tr.last_at_or_before(10_000), Some(10_000));
        assert_eq!(tr.last_at_or_before(39_999), Some(30_000));
        assert_eq!(tr.last_at_or_before(99_000), Some(50_000));
        assert_eq!(tr.last_before(30_000), Some(20_000));
        assert_eq!(tr.first_at_or_after(30_001), Some(40_000));
        assert_eq!(tr.first_at_or_after(50_001), None);
    }

    #[test]
    fn heartbeat_failures_follow_debezium_versions() {
        use crate::scenario::DebeziumVersion as V;
        let v19 = V { major: 1, minor: 9 };
        let v27 = V { major: 2, minor: 7 };
        assert_eq!(
            heartbeat_failure_outcome("57P01", v19),
            HeartbeatOutcome::TaskFailed
        );
        assert_eq!(
            heartbeat_failure_outcome("57P01", v27),
            HeartbeatOutcome::TaskRestarts
        );
        assert_eq!(
            heartbeat_failure_outcome("57P03", v19),
            HeartbeatOutcome::PollRetried
        );
        assert_eq!(
            heartbeat_failure_outcome("23505", v27),
            HeartbeatOutcome::Logged
        );
    }

    #[test]
    fn messages_reach_pgoutput_only_from_pg14() {
        assert!(!action_visible(
            ActionQuery::EmitMessage,
            Plugin::Pgoutput,
            13
        ));
        assert!(action_visible(
            ActionQuery::EmitMessage,
            Plugin::Pgoutput,
            14
        ));
        assert!(!action_visible(
            ActionQuery::EmitMessage,
            Plugin::Decoderbufs,
            16
        ));
        assert!(action_visible(
            ActionQuery::TableUpdate,
            Plugin::Decoderbufs,
            13
        ));
        assert!(!action_visible(ActionQuery::None, Plugin::Pgoutput, 17));
    }
}
