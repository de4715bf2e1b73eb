//! The reference engine: slow and obviously correct. It keeps one priority queue of every
//! discrete thing that happens — each heartbeat, each offset commit, each bgwriter
//! running-xacts record, each checkpoint start and end, each WAL segment boundary — and
//! applies PostgreSQL's and Debezium's rules to each in turn. It shares only the pure
//! pieces with the fast engine (the WAL curve, activity look-ups, `rules`, `SlotPositions`,
//! the Debezium version rules), so it checks everything the fast engine skips.
//!
//! Same-instant order (as documented in `engine.rs`): scenario events, checkpoint end,
//! running-xacts, heartbeats (and restarts), offset commits, checkpoint start; statuses,
//! alerts and the disk are evaluated after everything at that instant.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use wal_model::engine::{action_visible, heartbeat_failure_outcome, RUNNING_XACTS_INTERVAL_MS};
use wal_model::report::{
    walsender_pid, AlertLevel, CheckpointCause, ConnectorState, HeartbeatOutcome, LogEvent,
    LogKind, Report, SlotInfo, SlotRecord, WalFilesRecord,
};
use wal_model::rules::{update_distance_estimate, WalStatus};
use wal_model::scenario::{ActionQuery, EventKind, LsnFlushMode, Plugin, Scenario, TableClass};
use wal_model::wal::{Activity, WalCurve};
use wal_model::{Lsn, SlotPositions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ev {
    // rank 0
    DeclaredSlot(usize),
    FirstStart(usize),
    Scenario(usize),
    // rank 1
    CkptEnd(u64),
    // rank 2
    Bgwriter,
    // rank 3
    Restart(usize, u64),
    Heartbeat(usize, u64),
    // rank 4
    Commit(usize, u64),
    // rank 5
    CkptTimer(u64),
    // rank 6: evaluation points (segment boundary, alert crossings)
    Probe,
}

fn rank(e: &Ev) -> u8 {
    match e {
        Ev::DeclaredSlot(_) | Ev::FirstStart(_) | Ev::Scenario(_) => 0,
        Ev::CkptEnd(_) => 1,
        Ev::Bgwriter => 2,
        Ev::Restart(..) | Ev::Heartbeat(..) => 3,
        Ev::Commit(..) => 4,
        Ev::CkptTimer(_) => 5,
        Ev::Probe => 6,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    NotStarted,
    Running,
    Stopped,
    Failed,
    Restarting,
}

struct Conn {
    slot: usize,
    run: Run,
    epoch: u64,
    since: u64,
    hb_interval: u64,
    hb_started: bool,
    /// Generation of the scheduled heartbeat chain (a reschedule invalidates older beats).
    hb_gen: u64,
    /// When the first heartbeat of this epoch is scheduled (before 2.4).
    hb_first: Option<u64>,
    /// First replication message since `since`.
    first_msg: Option<u64>,
    /// LSN carried by the newest heartbeat record of this epoch.
    hb_pos: Option<u64>,
    stored: Option<u64>,
    pending_error: Option<(u64, String)>,
}

struct Slot {
    database: usize,
    plugin: Plugin,
    exists: bool,
    invalidated: bool,
    created: u64,
    pos: SlotPositions,
    streamer: Option<usize>,
    status: Option<WalStatus>,
    alert: u8,
}

struct Ckpt {
    cause: CheckpointCause,
    redo: u64,
    end: u64,
    gen: u64,
}

pub struct Reference<'a> {
    s: &'a Scenario,
    curve: WalCurve,
    captured: Vec<Activity>,
    received: Vec<Activity>,
    /// Heartbeat action writes per database: (time, action).
    messages: Vec<Vec<(u64, ActionQuery)>>,
    /// Every running-xacts record ever logged (time), in order.
    rx_log: Vec<u64>,
    last_bgwriter_rx: Option<u64>,
    slots: Vec<Slot>,
    names: Vec<String>,
    conns: Vec<Conn>,
    queue: BinaryHeap<Reverse<(u64, u8, u64, Ev)>>,
    seq: u64,
    ckpt: Option<Ckpt>,
    ckpt_gen: u64,
    last_attempt: u64,
    redo: u64,
    prior_redo: Option<u64>,
    last_record: u64,
    estimate: f64,
    last_removed: u64,
    oldest: u64,
    highest: u64,
    down_at: Option<u64>,
    down_lsn: Option<u64>,
    /// The earliest evaluation point already queued.
    probe_at: Option<u64>,
    events: Vec<LogEvent>,
    history: Vec<Vec<SlotRecord>>,
    files: Vec<WalFilesRecord>,
}

pub fn simulate_reference(s: &Scenario) -> Report {
    Reference::new(s).run()
}

impl<'a> Reference<'a> {
    fn new(s: &'a Scenario) -> Self {
        let curve = WalCurve::new(s);
        let mut names: Vec<String> = s.slots.iter().map(|x| x.name.clone()).collect();
        let mut slots: Vec<Slot> = s
            .slots
            .iter()
            .map(|x| Self::blank(x.database, x.plugin))
            .collect();
        for e in &s.events {
            if let EventKind::SlotCreate {
                name,
                database,
                plugin,
            } = &e.kind
            {
                if !names.contains(name) {
                    names.push(name.clone());
                    slots.push(Self::blank(*database, *plugin));
                }
            }
        }
        let conns = s
            .connectors
            .iter()
            .map(|k| Conn {
                slot: names.iter().position(|n| *n == k.slot).unwrap(),
                run: Run::NotStarted,
                epoch: 0,
                since: 0,
                hb_interval: k.heartbeat.interval_ms,
                hb_started: false,
                hb_gen: 0,
                hb_first: None,
                first_msg: None,
                hb_pos: None,
                stored: None,
                pending_error: None,
            })
            .collect();
        let seg = s.wal.segment_of(s.start_lsn);
        let n = slots.len();
        Reference {
            s,
            captured: (0..s.databases.len())
                .map(|d| Activity::of(s, d, |c| c == TableClass::Captured))
                .collect(),
            received: (0..s.databases.len())
                .map(|d| Activity::of(s, d, |_| true))
                .collect(),
            messages: vec![Vec::new(); s.databases.len()],
            curve,
            rx_log: Vec::new(),
            last_bgwriter_rx: None,
            slots,
            names,
            conns,
            queue: BinaryHeap::new(),
            seq: 0,
            ckpt: None,
            ckpt_gen: 0,
            last_attempt: 0,
            redo: s.start_lsn,
            prior_redo: None,
            last_record: s.start_lsn,
            estimate: 0.0,
            last_removed: 0,
            oldest: seg,
            highest: seg,
            down_at: None,
            down_lsn: None,
            probe_at: None,
            events: Vec::new(),
            history: vec![Vec::new(); n],
            files: vec![WalFilesRecord {
                t_ms: 0,
                last_removed_segment: 0,
                oldest_segment: seg,
                highest_segment: seg,
            }],
        }
    }

    fn blank(database: usize, plugin: Plugin) -> Slot {
        Slot {
            database,
            plugin,
            exists: false,
            invalidated: false,
            created: 0,
            pos: SlotPositions::new(0),
            streamer: None,
            status: None,
            alert: 0,
        }
    }

    fn push(&mut self, t: u64, e: Ev) {
        self.seq += 1;
        self.queue.push(Reverse((t, rank(&e), self.seq, e)));
    }

    /// WAL can never be written past the segment that does not fit on the disk.
    fn lsn(&self, t: u64) -> u64 {
        let lsn = self.curve.lsn_at(self.down_at.map_or(t, |d| t.min(d)));
        let capacity =
            (self.s.disk_size_bytes - self.s.disk_other_used_bytes) / self.s.wal.segment_size_bytes;
        let cap = self
            .down_lsn
            .unwrap_or(self.s.wal.segment_start(self.oldest + capacity));
        lsn.min(cap)
    }

    fn log(&mut self, t: u64, kind: LogKind) {
        self.events.push(LogEvent { t_ms: t, kind });
    }

    fn record(&mut self, i: usize, t: u64) {
        let x = &self.slots[i];
        let rec = SlotRecord {
            t_ms: t,
            exists: x.exists,
            invalidated: x.invalidated,
            active: x.streamer.is_some(),
            restart_lsn: x.pos.restart_lsn,
            confirmed_flush_lsn: x.pos.confirmed_flush_lsn,
        };
        let h = &mut self.history[i];
        match h.last_mut() {
            Some(last) if last.t_ms == t => *last = rec,
            Some(last) if SlotRecord { t_ms: t, ..*last } == rec => {}
            _ => h.push(rec),
        }
    }

    fn run(mut self) -> Report {
        let end = self.s.duration_ms;
        for (i, x) in self.s.slots.iter().enumerate() {
            if let Some(c) = x.created_at_ms {
                self.push(c, Ev::DeclaredSlot(i));
            }
        }
        for (k, c) in self.s.connectors.iter().enumerate() {
            self.push(c.start_ms, Ev::FirstStart(k));
        }
        for (i, e) in self.s.events.iter().enumerate() {
            self.push(e.at_ms, Ev::Scenario(i));
        }
        self.push(self.s.checkpoint_timeout_ms, Ev::CkptTimer(0));
        self.schedule_bgwriter(0);
        self.schedule_probe(0);
        self.push(0, Ev::Probe);
        while let Some(Reverse((t, _, _, ev))) = self.queue.pop() {
            if t > end {
                break;
            }
            self.handle(t, ev);
        }
        let slots = self
            .names
            .iter()
            .zip(self.slots.iter())
            .map(|(n, x)| SlotInfo {
                name: n.clone(),
                database: self.s.databases[x.database].clone(),
                plugin: x.plugin,
            })
            .collect();
        Report {
            scenario: self.s.name.clone(),
            duration_ms: end,
            pg_version: self.s.pg_version,
            wal: self.s.wal,
            warning_bytes: self.s.warning_bytes,
            critical_bytes: self.s.critical_bytes,
            disk_size_bytes: self.s.disk_size_bytes,
            slots,
            connectors: self.s.connectors.iter().map(|c| c.name.clone()).collect(),
            bucket_ms: 0,
            series: Vec::new(),
            events: self.events,
            server_down_at_ms: self.down_at,
            server_down_lsn: self.down_lsn,
            disk_other_used_bytes: self.s.disk_other_used_bytes,
            slot_history: self.history,
            wal_files_history: self.files,
            curve: self.curve,
        }
    }

    fn handle(&mut self, t: u64, ev: Ev) {
        match ev {
            Ev::DeclaredSlot(i) => {
                if !self.slots[i].exists {
                    self.create_slot(i, t, false);
                }
            }
            Ev::FirstStart(k) => {
                if self.conns[k].run == Run::NotStarted {
                    self.start(k, t);
                }
            }
            Ev::Scenario(i) => self.scenario_event(i, t),
            Ev::CkptEnd(gen) => {
                if self.ckpt.as_ref().is_some_and(|c| c.gen == gen) && self.down_at.is_none() {
                    self.end_checkpoint(t);
                }
            }
            Ev::Bgwriter => {
                if self.down_at.is_none() {
                    self.running_xacts(t);
                    self.last_bgwriter_rx = Some(t);
                    self.schedule_bgwriter(t);
                }
            }
            Ev::Restart(k, epoch) => {
                if self.conns[k].epoch == epoch && self.conns[k].run == Run::Restarting {
                    self.start(k, t);
                }
            }
            Ev::Heartbeat(k, gen) => {
                if self.conns[k].hb_gen == gen && self.conns[k].run == Run::Running {
                    self.heartbeat(k, t);
                }
            }
            Ev::Commit(k, epoch) => {
                if self.conns[k].epoch == epoch && self.conns[k].run == Run::Running {
                    self.commit(k, t);
                    let f = self.s.connectors[k].offset_flush_interval_ms;
                    self.push(t + f, Ev::Commit(k, epoch));
                }
            }
            Ev::CkptTimer(gen) => {
                if gen == self.ckpt_gen && self.ckpt.is_none() && self.down_at.is_none() {
                    if self.lsn(t) >= self.s.wal.wal_checkpoint_trigger_lsn(self.redo) {
                        self.start_checkpoint(t, CheckpointCause::Wal);
                    } else {
                        self.last_attempt = t;
                        if self.lsn(t) > self.last_record {
                            self.start_checkpoint(t, CheckpointCause::Time);
                        } else {
                            self.push(
                                t + self.s.checkpoint_timeout_ms,
                                Ev::CkptTimer(self.ckpt_gen),
                            );
                        }
                    }
                }
            }
            Ev::Probe => {}
        }
        // After everything at this instant: WAL-volume checkpoint request, disk, statuses.
        if self
            .queue
            .peek()
            .is_none_or(|Reverse((nt, _, _, _))| *nt != t)
        {
            self.end_of_instant(t);
        }
    }

    fn end_of_instant(&mut self, t: u64) {
        if self.down_at.is_none()
            && self.ckpt.is_none()
            && self.lsn(t) >= self.s.wal.wal_checkpoint_trigger_lsn(self.redo)
        {
            self.start_checkpoint(t, CheckpointCause::Wal);
        }
        self.check_disk(t);
        self.statuses(t);
        self.schedule_probe(t);
    }

    /// Next evaluation point: the next WAL segment boundary and alert crossings.
    fn schedule_probe(&mut self, t: u64) {
        if self.down_at.is_some() {
            return;
        }
        let lsn = self.lsn(t);
        let w = self.s.wal;
        let mut targets = vec![w.segment_start(w.segment_of(lsn) + 1)];
        for x in self.slots.iter().filter(|x| x.exists && !x.invalidated) {
            targets.push(x.pos.restart_lsn + self.s.warning_bytes + 1);
            targets.push(x.pos.restart_lsn + self.s.critical_bytes + 1);
        }
        // Only the earliest matters: the probe there schedules the next ones.
        let next = targets
            .into_iter()
            .filter(|&x| x > lsn)
            .filter_map(|x| self.curve.time_of_lsn(x, t))
            .filter(|&tt| tt > t)
            .min();
        if let Some(tt) = next {
            if tt <= self.s.duration_ms && self.probe_at.is_none_or(|p| p <= t || tt < p) {
                self.probe_at = Some(tt);
                self.push(tt, Ev::Probe);
            }
        }
        // The timer of a checkpoint is an event; WAL-volume requests are caught at probes.
    }

    fn schedule_bgwriter(&mut self, after: u64) {
        let next = match self.last_bgwriter_rx {
            None => match self.curve.first_growth_after(0) {
                Some(g) if g <= self.s.bgwriter_phase_ms => Some(self.s.bgwriter_phase_ms),
                other => other,
            },
            Some(last) => self
                .curve
                .first_growth_after(last)
                .map(|g| g.max(last + RUNNING_XACTS_INTERVAL_MS)),
        };
        if let Some(n) = next {
            if n <= self.s.duration_ms && n >= after {
                self.push(n, Ev::Bgwriter);
            }
        }
    }

    /// A running-xacts record at `t`: every streamed slot's decoder reads it.
    fn running_xacts(&mut self, t: u64) {
        self.rx_log.push(t);
        let lsn = self.lsn(t);
        for i in 0..self.slots.len() {
            let x = &mut self.slots[i];
            if x.exists && !x.invalidated && x.streamer.is_some() && x.pos.on_running_xacts(lsn) {
                self.record(i, t);
            }
        }
    }

    fn create_slot(&mut self, i: usize, t: u64, by_connector: bool) {
        let lsn = self.lsn(t);
        let x = &mut self.slots[i];
        x.exists = true;
        x.invalidated = false;
        x.created = t;
        x.pos = SlotPositions::new(lsn);
        x.streamer = None;
        self.record(i, t);
        self.log(
            t,
            LogKind::SlotCreated {
                slot: i,
                lsn: Lsn(lsn),
                by_connector,
            },
        );
        self.running_xacts(t);
    }

    // ---------------------------------------------------------------- checkpoints

    fn start_checkpoint(&mut self, t: u64, cause: CheckpointCause) {
        let redo = self.lsn(t);
        self.last_attempt = t;
        self.prior_redo = Some(self.redo);
        self.redo = redo;
        self.ckpt_gen += 1;
        let end = if cause == CheckpointCause::Explicit {
            t
        } else {
            let target = self.s.wal.checkpoint_completion_target;
            let by_time = t + (target * self.s.checkpoint_timeout_ms as f64) as u64;
            let budget = (target
                * (self.s.wal.checkpoint_segments() * self.s.wal.segment_size_bytes) as f64)
                as u64;
            let by_wal = self.curve.time_of_lsn(redo + budget, t).unwrap_or(u64::MAX);
            by_time.min(by_wal).max(t)
        };
        self.ckpt = Some(Ckpt {
            cause,
            redo,
            end,
            gen: self.ckpt_gen,
        });
        if cause != CheckpointCause::Explicit {
            self.push(end, Ev::CkptEnd(self.ckpt_gen));
        }
    }

    fn end_checkpoint(&mut self, t: u64) {
        let c = self.ckpt.take().unwrap();
        self.running_xacts(t);
        let recptr = self.lsn(t);
        self.last_record = recptr;
        if let Some(prior) = self.prior_redo {
            self.estimate =
                update_distance_estimate(self.estimate, c.redo.saturating_sub(prior) as f64);
        }
        let restarts: Vec<Option<u64>> = self
            .slots
            .iter()
            .map(|x| (x.exists && !x.invalidated).then_some(x.pos.restart_lsn))
            .collect();
        let removal = self.s.wal.checkpoint_removal(c.redo, recptr, &restarts);
        let oldest_lsn = self.s.wal.segment_start(self.s.wal.keep_log_seg(
            recptr,
            restarts.iter().flatten().copied().min(),
            self.s.wal.segment_of(c.redo),
        ));
        for &i in &removal.invalidated {
            let restart = self.slots[i].pos.restart_lsn;
            self.slots[i].invalidated = true;
            self.log(
                t,
                LogKind::SlotInvalidated {
                    slot: i,
                    restart_lsn: Lsn(restart),
                    exceeds_limit_by_bytes: oldest_lsn - restart,
                },
            );
            if let Some(k) = self.slots[i].streamer {
                self.log(
                    t,
                    LogKind::SlotUnusable {
                        connector: k,
                        slot: i,
                    },
                );
                self.set_run(k, Run::Failed, t);
            }
            self.record(i, t);
        }
        let keep = removal.keep_from_segment;
        if keep > self.oldest {
            let removed = keep - self.oldest;
            let curr = self.s.wal.segment_of(recptr);
            self.highest = self.highest.max(curr);
            let limit = self.s.wal.recycle_limit_segment(c.redo, self.estimate);
            let recycled = removed.min(limit.saturating_sub(self.highest));
            self.highest += recycled;
            self.oldest = keep;
            self.last_removed = self.last_removed.max(keep - 1);
            self.files.push(WalFilesRecord {
                t_ms: t,
                last_removed_segment: self.last_removed,
                oldest_segment: self.oldest,
                highest_segment: self.highest,
            });
            let pg_wal = (curr.max(self.highest) + 1 - self.oldest) * self.s.wal.segment_size_bytes;
            self.log(
                t,
                LogKind::CheckpointRemovedWal {
                    cause: c.cause,
                    redo_lsn: Lsn(c.redo),
                    removed_segments: removed,
                    recycled_segments: recycled,
                    pg_wal_bytes: pg_wal,
                },
            );
        }
        if let Some(seg) = self.s.wal.prealloc_segment(recptr) {
            if seg > self.highest {
                self.highest = seg;
                self.files.push(WalFilesRecord {
                    t_ms: t,
                    last_removed_segment: self.last_removed,
                    oldest_segment: self.oldest,
                    highest_segment: self.highest,
                });
            }
        }
        // The checkpointer's timer runs from this checkpoint's start.
        self.push(
            (self.last_attempt + self.s.checkpoint_timeout_ms).max(t),
            Ev::CkptTimer(self.ckpt_gen),
        );
    }

    // ---------------------------------------------------------------- statuses, disk

    fn min_restart(&self) -> Option<u64> {
        self.slots
            .iter()
            .filter(|x| x.exists && !x.invalidated)
            .map(|x| x.pos.restart_lsn)
            .min()
    }

    fn statuses(&mut self, t: u64) {
        let lsn = self.lsn(t);
        let min = self.min_restart();
        for i in 0..self.slots.len() {
            let x = &self.slots[i];
            let st = if !x.exists {
                None
            } else if x.invalidated {
                Some(WalStatus::Lost)
            } else {
                let s = self
                    .s
                    .wal
                    .wal_availability(x.pos.restart_lsn, lsn, min, self.last_removed);
                Some(if s == WalStatus::Lost && x.streamer.is_some() {
                    WalStatus::Unreserved
                } else {
                    s
                })
            };
            if st != x.status {
                let from = x.status;
                self.slots[i].status = st;
                self.log(
                    t,
                    LogKind::WalStatusChanged {
                        slot: i,
                        from,
                        to: st,
                    },
                );
            }
            let x = &self.slots[i];
            let retained = if x.exists && !x.invalidated {
                lsn.saturating_sub(x.pos.restart_lsn)
            } else {
                0
            };
            let level: u8 = if retained > self.s.critical_bytes {
                2
            } else if retained > self.s.warning_bytes {
                1
            } else {
                0
            };
            let old = x.alert;
            if level != old {
                self.slots[i].alert = level;
                let lv = |l: u8, s: &Scenario| {
                    if l >= 2 {
                        (AlertLevel::Critical, s.critical_bytes)
                    } else {
                        (AlertLevel::Warning, s.warning_bytes)
                    }
                };
                for l in (old + 1)..=level {
                    let (level, threshold_bytes) = lv(l, self.s);
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
                    let (level, threshold_bytes) = lv(l, self.s);
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

    fn check_disk(&mut self, t: u64) {
        if self.down_at.is_some() {
            return;
        }
        let capacity =
            (self.s.disk_size_bytes - self.s.disk_other_used_bytes) / self.s.wal.segment_size_bytes;
        let full = self.s.wal.segment_start(self.oldest + capacity);
        if self.curve.lsn_at(t) >= full {
            let at = self.curve.time_of_lsn(full, 0).unwrap_or(t);
            self.down_at = Some(at.min(t));
            self.down_lsn = Some(full);
            let curr = self.s.wal.segment_of(full - 1);
            let pg_wal = (curr.max(self.highest) + 1 - self.oldest) * self.s.wal.segment_size_bytes;
            self.log(
                t,
                LogKind::DiskFull {
                    pg_wal_bytes: pg_wal,
                    lsn: Lsn(full),
                },
            );
            self.ckpt = None;
            for k in 0..self.conns.len() {
                if matches!(self.conns[k].run, Run::Running | Run::Restarting) {
                    self.set_run(k, Run::Failed, t);
                }
            }
        }
    }

    // ---------------------------------------------------------------- scenario events

    fn scenario_event(&mut self, i: usize, t: u64) {
        let e = self.s.events[i].clone();
        if self.down_at.is_some() && !matches!(e.kind, EventKind::Write { .. }) {
            self.log(t, LogKind::IgnoredServerDown { event: i });
            return;
        }
        match e.kind {
            EventKind::Write { .. } => {}
            EventKind::Checkpoint => {
                if self.ckpt.is_some() {
                    self.end_checkpoint(t);
                }
                self.start_checkpoint(t, CheckpointCause::Explicit);
                self.end_checkpoint(t);
            }
            EventKind::ConnectorStop(k) => {
                if matches!(
                    self.conns[k].run,
                    Run::Running | Run::Restarting | Run::Failed
                ) {
                    self.final_commit(k, t);
                    self.set_run(k, Run::Stopped, t);
                }
            }
            EventKind::ConnectorStart(k) => self.start(k, t),
            EventKind::ConnectorFail(k) => {
                if matches!(self.conns[k].run, Run::Running | Run::Restarting) {
                    self.set_run(k, Run::Failed, t);
                }
            }
            EventKind::HeartbeatOn(k, iv) => {
                self.conns[k].hb_interval = iv;
                if self.conns[k].run == Run::Running {
                    self.final_commit(k, t);
                    self.start(k, t);
                }
            }
            EventKind::HeartbeatOff(k) => {
                self.conns[k].hb_interval = 0;
                if self.conns[k].run == Run::Running {
                    self.final_commit(k, t);
                    self.start(k, t);
                }
            }
            EventKind::HeartbeatError(k, sqlstate) => {
                self.conns[k].pending_error = Some((t, sqlstate))
            }
            EventKind::SlotDrop(name) => {
                let i = self.names.iter().position(|n| *n == name).unwrap();
                if !self.slots[i].exists {
                    self.log(
                        t,
                        LogKind::SlotCommandFailed {
                            slot: i,
                            sqlstate: "42704".into(),
                            active_pid: None,
                        },
                    );
                } else if self.slots[i].streamer.is_some() {
                    self.log(
                        t,
                        LogKind::SlotCommandFailed {
                            slot: i,
                            sqlstate: "55006".into(),
                            active_pid: Some(walsender_pid(i)),
                        },
                    );
                } else {
                    self.slots[i].exists = false;
                    self.slots[i].invalidated = false;
                    self.record(i, t);
                    self.log(t, LogKind::SlotDropped { slot: i });
                }
            }
            EventKind::SlotCreate { name, .. } => {
                let i = self.names.iter().position(|n| *n == name).unwrap();
                if self.slots[i].exists {
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

    // ---------------------------------------------------------------- connectors

    fn set_run(&mut self, k: usize, run: Run, t: u64) {
        let was = self.conns[k].run == Run::Running;
        let slot = self.conns[k].slot;
        self.conns[k].run = run;
        self.conns[k].epoch += 1;
        self.conns[k].hb_started = false;
        self.conns[k].hb_gen += 1;
        self.conns[k].hb_first = None;
        self.conns[k].first_msg = None;
        self.conns[k].hb_pos = None;
        if was && run != Run::Running {
            if self.slots[slot].streamer == Some(k) {
                self.slots[slot].streamer = None;
                self.slots[slot].pos.candidate = None;
            }
            self.record(slot, t);
        }
        let state = match run {
            Run::Running => ConnectorState::Running,
            Run::Stopped | Run::NotStarted => ConnectorState::Stopped,
            Run::Failed => ConnectorState::Failed,
            Run::Restarting => ConnectorState::Restarting,
        };
        self.log(
            t,
            LogKind::ConnectorStateChanged {
                connector: k,
                state,
            },
        );
    }

    fn start(&mut self, k: usize, t: u64) {
        if self.down_at.is_some() {
            return;
        }
        let slot = self.conns[k].slot;
        if self.conns[k].run == Run::Running {
            self.set_run(k, Run::Stopped, t);
        }
        if self.slots[slot].exists && self.slots[slot].invalidated {
            self.set_run(k, Run::Running, t);
            self.log(t, LogKind::SlotUnusable { connector: k, slot });
            self.set_run(k, Run::Failed, t);
            return;
        }
        if self.slots[slot].streamer.is_some_and(|o| o != k) {
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
        if !self.slots[slot].exists {
            self.create_slot(slot, t, true);
            let new_lsn = self.lsn(t);
            if let Some(stored) = self.conns[k].stored {
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
        self.slots[slot].streamer = Some(k);
        self.slots[slot].pos.candidate = None;
        self.set_run(k, Run::Running, t);
        self.conns[k].since = t;
        // The walsender reads WAL again from restart_lsn: every running-xacts record logged
        // since is decoded once more.
        let restart = self.slots[slot].pos.restart_lsn;
        let backlog: Vec<u64> = self
            .rx_log
            .iter()
            .copied()
            .filter(|&r| r <= t && self.lsn(r) > restart)
            .collect();
        for r in backlog {
            let lsn = self.lsn(r);
            self.slots[slot].pos.on_running_xacts(lsn);
        }
        self.record(slot, t);
        let epoch = self.conns[k].epoch;
        let f = self.s.connectors[k].offset_flush_interval_ms;
        self.push(t + f, Ev::Commit(k, epoch));
        let spec = &self.s.connectors[k];
        let h = self.conns[k].hb_interval;
        if h > 0 && spec.debezium_version.at_least(2, 4) {
            self.conns[k].hb_started = true;
            let gen = self.conns[k].hb_gen;
            self.push(t + h, Ev::Heartbeat(k, gen));
        } else if h > 0 {
            // Before 2.4 (DBZ-6635): no heartbeat until the first message after the start.
            let slot = &self.slots[slot];
            let after = self
                .curve
                .time_of_lsn(slot.pos.confirmed_flush_lsn + 1, slot.created)
                .unwrap_or(u64::MAX)
                .max(slot.created + 1);
            let a = self.received[slot.database].first_at_or_after(after);
            // Messages take no WAL in the model: those logged since the start count too.
            let from = after.min(t).max(slot.created + 1);
            let b = self.messages[slot.database]
                .iter()
                .filter(|(m, act)| *m >= from && self.visible(slot, *act))
                .map(|(m, _)| *m)
                .min();
            let m = match (a, b) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(m) = m {
                self.schedule_old_heartbeats(k, m.max(t));
            }
        }
    }

    fn schedule_old_heartbeats(&mut self, k: usize, m: u64) {
        let since = self.conns[k].since;
        let h = self.conns[k].hb_interval;
        let first = if m >= since + h { m } else { since + h };
        if self.conns[k].hb_first.is_some_and(|f| f <= first) {
            return;
        }
        self.conns[k].hb_gen += 1;
        self.conns[k].hb_first = Some(first);
        self.conns[k].hb_started = true;
        let gen = self.conns[k].hb_gen;
        self.push(first, Ev::Heartbeat(k, gen));
    }

    fn visible(&self, slot: &Slot, action: ActionQuery) -> bool {
        action_visible(action, slot.plugin, self.s.pg_version)
    }

    /// Newest visible message in `(slot.created, hi]`. Messages are logged in time order,
    /// so a backwards scan from `hi` is the plain reading of "the newest one".
    fn latest_message(&self, slot: &Slot, hi: u64) -> Option<u64> {
        let msgs = &self.messages[slot.database];
        let end = msgs.partition_point(|(m, _)| *m <= hi);
        msgs[..end]
            .iter()
            .rev()
            .take_while(|(m, _)| *m > slot.created)
            .find(|(_, act)| self.visible(slot, *act))
            .map(|(m, _)| *m)
    }

    /// Newest captured change or visible message in `(lo, hi]`.
    fn latest_record(&self, slot: &Slot, hi: u64) -> Option<u64> {
        let lo = Some(slot.created);
        let a = self.captured[slot.database].latest_in(lo, hi);
        a.max(self.latest_message(slot, hi))
    }

    /// Newest received change or visible message in `(lo, hi)`.
    fn latest_received_before(&self, slot: &Slot, hi: u64) -> Option<u64> {
        let lo = Some(slot.created);
        let a = self.received[slot.database].latest_before(lo, hi);
        a.max(hi.checked_sub(1).and_then(|h| self.latest_message(slot, h)))
    }

    /// Has the connector received a replication message by `t` since its start? (Backlog
    /// after `confirmed_flush_lsn` counts at the start.)
    fn first_message_by(&mut self, k: usize, t: u64) -> Option<u64> {
        if let Some(m) = self.conns[k].first_msg {
            return Some(m);
        }
        let slot = &self.slots[self.conns[k].slot];
        let after = self
            .curve
            .time_of_lsn(slot.pos.confirmed_flush_lsn + 1, slot.created)
            .unwrap_or(u64::MAX)
            .max(slot.created + 1);
        let a = self.received[slot.database]
            .first_at_or_after(after)
            .filter(|&m| m <= t);
        let from = after.min(self.conns[k].since).max(slot.created + 1);
        let b = self.messages[slot.database]
            .iter()
            .filter(|(m, act)| *m >= from && *m <= t && self.visible(slot, *act))
            .map(|(m, _)| *m)
            .min();
        let m = match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
        .map(|m| m.max(self.conns[k].since));
        self.conns[k].first_msg = m;
        m
    }

    fn heartbeat(&mut self, k: usize, t: u64) {
        let spec = self.s.connectors[k].clone();
        let epoch = self.conns[k].hb_gen;
        let h = self.conns[k].hb_interval;
        // A pending failure strikes this beat (only if there is an action query to fail).
        if spec.heartbeat.action_query != ActionQuery::None {
            if let Some((from, _)) = &self.conns[k].pending_error {
                if *from <= t {
                    let (_, sqlstate) = self.conns[k].pending_error.take().unwrap();
                    let outcome = heartbeat_failure_outcome(&sqlstate, spec.debezium_version);
                    self.log(
                        t,
                        LogKind::HeartbeatFailed {
                            connector: k,
                            sqlstate,
                            outcome,
                        },
                    );
                    match outcome {
                        HeartbeatOutcome::TaskFailed => self.set_run(k, Run::Failed, t),
                        HeartbeatOutcome::TaskRestarts => {
                            self.set_run(k, Run::Restarting, t);
                            let e = self.conns[k].epoch;
                            self.push(t + spec.retriable_restart_wait_ms.max(1), Ev::Restart(k, e));
                        }
                        HeartbeatOutcome::PollRetried | HeartbeatOutcome::Logged => {
                            self.push(t + h, Ev::Heartbeat(k, epoch))
                        }
                    }
                    return;
                }
            }
        }
        // The heartbeat record carries the newest LSN received before it...
        let slot = &self.slots[self.conns[k].slot];
        let carried = self.latest_received_before(slot, t).map(|r| self.lsn(r));
        if carried.is_some() {
            self.conns[k].hb_pos = carried.max(self.conns[k].hb_pos);
        }
        // ...and the action query writes into its target database.
        if spec.heartbeat.action_query != ActionQuery::None {
            let db = spec.heartbeat.target_database;
            self.messages[db].push((t, spec.heartbeat.action_query));
            // A message can be the first one another (pre-2.4) connector receives.
            for k2 in 0..self.conns.len() {
                let c = &self.conns[k2];
                let slot = &self.slots[c.slot];
                if k2 != k
                    && c.run == Run::Running
                    && c.hb_interval > 0
                    && !self.s.connectors[k2].debezium_version.at_least(2, 4)
                    && slot.database == db
                    && self.visible(slot, spec.heartbeat.action_query)
                    && t > slot.created
                {
                    self.schedule_old_heartbeats(k2, t);
                }
            }
        }
        self.push(t + h, Ev::Heartbeat(k, epoch));
    }

    /// The offset after a commit at `c`: the newest record's position (heartbeats included).
    fn position(&self, k: usize, c: u64) -> Option<u64> {
        let slot = &self.slots[self.conns[k].slot];
        let rec = self.latest_record(slot, c).map(|r| self.lsn(r));
        rec.max(self.conns[k].hb_pos).max(self.conns[k].stored)
    }

    fn commit(&mut self, k: usize, t: u64) {
        let pos = self.position(k, t);
        self.conns[k].stored = pos.max(self.conns[k].stored);
        let spec = &self.s.connectors[k];
        let allowed = spec.lsn_flush_mode == LsnFlushMode::ConnectorAndDriver
            || !spec.debezium_version.at_least(2, 0)
            || self.first_message_by(k, t).is_some_and(|m| m <= t);
        if allowed {
            // With keep-alive flushing the driver may confirm the server's position too.
            let mut flush = self.conns[k].stored;
            if spec.lsn_flush_mode == LsnFlushMode::ConnectorAndDriver {
                flush = flush.max(Some(self.lsn(t)));
            }
            if let Some(flush) = flush {
                let slot = self.conns[k].slot;
                self.slots[slot].pos.on_confirm(flush);
                self.record(slot, t);
            }
        }
    }

    fn final_commit(&mut self, k: usize, t: u64) {
        if self.conns[k].run != Run::Running {
            return;
        }
        let pos = self.position(k, t);
        self.conns[k].stored = pos.max(self.conns[k].stored);
    }
}
