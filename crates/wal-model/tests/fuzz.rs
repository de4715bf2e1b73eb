//! Model fuzzing (issue 10): random scenarios, valid and invalid, with extreme values (0, 1,
//! `i64::MIN`/`MAX`, powers of two, NaN and ±∞ for the one float, huge rates and writes,
//! tiny intervals, empty and long lists), the shipped presets with mutated fields, and
//! mutated JSON text. Every case goes `RawScenario → validate → simulate` and must not panic;
//! a rejected scenario has at least one non-empty message; an accepted one gives a report
//! without NaN or infinity whose invariants hold (below). The harness (`tests/fuzz/harness.rs`
//! at the repository root) prints the seed and case of a failure; `scripts/fuzz` runs 10⁶.
//!
//! Invariants checked on every report:
//! * the series has at most `max_points` buckets, in order, each `min ≤ last ≤ max`;
//! * the event log is in time order and within the scenario;
//! * `pg_current_wal_lsn()` never moves back and starts at `start_lsn` or later (a write
//!   event at 0);
//! * every live slot record has `start_lsn ≤ restart_lsn ≤ confirmed_flush_lsn ≤ current
//!   LSN`, so retained WAL (`current − restart_lsn`) ≤ WAL written (`current − start_lsn`);
//! * `slot_row` and every `eta` answer at any instant without panicking, and a row's
//!   `retained_bytes` is `current_lsn − restart_lsn`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[macro_use]
#[path = "../../../tests/fuzz/harness.rs"]
mod harness;
#[path = "../../../tests/fuzz/finite.rs"]
mod finite;

use harness::{mutate_bytes, run, Rng};
use wal_model::report::EtaTarget;
use wal_model::scenario::{
    ActionQuery, LsnFlushMode, Plugin, RawAlerts, RawBurst, RawConnector, RawDisk, RawEvent,
    RawHeartbeat, RawInterval, RawOutput, RawPattern, RawPostgres, RawSlot, RawWorkload,
    TableClass, Text,
};
use wal_model::{simulate, Lsn, RawScenario, Report, Scenario};

const HOUR_MS: i64 = 3_600_000;

/// How a scenario is generated: `clean` gives only plausible, mutually consistent values
/// (almost always valid); otherwise every field may be extreme, garbage, or inconsistent.
struct Gen<'a> {
    rng: &'a mut Rng,
    chaos: bool,
}

impl Gen<'_> {
    /// `plausible`, or (in chaos, one time in `odds`) an extreme integer.
    fn int(&mut self, odds: u64, plausible: impl FnOnce(&mut Rng) -> i64) -> i64 {
        if self.chaos && self.rng.chance(1, odds) {
            self.rng.extreme_i64()
        } else {
            plausible(self.rng)
        }
    }

    /// One of `usual`, or (in chaos, one time in 12) garbage text.
    fn name(&mut self, usual: &[&str]) -> String {
        if self.chaos && self.rng.chance(1, 12) {
            self.rng.garbage()
        } else {
            (*self.rng.pick(usual)).to_string()
        }
    }

    fn database(&mut self) -> String {
        self.name(&["app", "app", "other", "third"])
    }

    fn rate(&mut self) -> i64 {
        self.int(12, |r| match r.below(8) {
            0 => 0,
            1 => r.range_i64(1_000_000, 200_000_000),
            _ => r.log_u64(1, 20_000_000) as i64,
        })
    }

    fn time_in(&mut self, duration_ms: i64) -> i64 {
        self.int(16, |r| r.range_i64(0, duration_ms.max(0)))
    }

    /// Sorted, non-overlapping intervals inside the scenario (chaos: anywhere).
    fn intervals(&mut self, duration_ms: i64, max: u64) -> Vec<(i64, i64)> {
        let n = self.rng.below(max + 1);
        if self.chaos {
            return (0..n)
                .map(|_| {
                    let from = self.time_in(duration_ms);
                    let to = self.int(16, |r| {
                        from.saturating_add(r.log_u64(1, 20 * HOUR_MS as u64) as i64)
                    });
                    (from, to)
                })
                .collect();
        }
        let mut cuts: Vec<i64> = (0..2 * n)
            .map(|_| self.rng.range_i64(0, duration_ms))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        cuts.chunks_exact(2).map(|c| (c[0], c[1])).collect()
    }

    fn pattern(&mut self, duration_ms: i64) -> RawPattern {
        match self.rng.below(3) {
            0 => RawPattern::Steady {
                bytes_per_s: self.rate(),
            },
            1 => {
                let start_hour = self.int(10, |r| r.range_i64(0, 23));
                RawPattern::BusinessHours {
                    peak_bytes_per_s: self.rate(),
                    off_hours_bytes_per_s: self.rate(),
                    weekend_bytes_per_s: self.rate(),
                    start_hour,
                    end_hour: self.int(10, |r| r.range_i64(start_hour.clamp(0, 23) + 1, 24)),
                }
            }
            _ => {
                let many = self.rng.chance(1, 30);
                let bursts = self.intervals(duration_ms, if many { 200 } else { 3 });
                RawPattern::Bursts {
                    bursts: bursts
                        .into_iter()
                        .map(|(from_ms, to_ms)| RawBurst {
                            from_ms,
                            to_ms,
                            bytes_per_s: self.rate(),
                        })
                        .collect(),
                }
            }
        }
    }

    fn version(&mut self) -> String {
        if self.chaos && self.rng.chance(1, 4) {
            if self.rng.chance(1, 2) {
                self.rng.garbage()
            } else {
                (*self
                    .rng
                    .pick(&["1.3", "4.0", "2", "", "2.x", "-1.5", "99999999999.1"]))
                .to_string()
            }
        } else {
            (*self.rng.pick(&[
                "1.4",
                "1.9",
                "2.0",
                "2.1",
                "2.3",
                "2.4",
                "2.7",
                "3.0",
                "3.4",
                "3.4.1.Final",
            ]))
            .to_string()
        }
    }

    fn connector(&mut self, i: usize, duration_ms: i64, slots: usize) -> RawConnector {
        let downtime = self
            .intervals(duration_ms, 3)
            .into_iter()
            .map(|(from_ms, to_ms)| RawInterval { from_ms, to_ms })
            .collect();
        let debezium_version = self.version();
        let new_enough = debezium_version.starts_with("3.4");
        RawConnector {
            name: self.name(&[CONNECTOR_NAMES[i % 3]]),
            slot: if self.chaos {
                self.name(&SLOT_NAMES)
            } else {
                SLOT_NAMES[i % slots.max(1)].to_string()
            },
            lsn_flush_mode: if (self.chaos || new_enough) && self.rng.chance(1, 2) {
                LsnFlushMode::ConnectorAndDriver
            } else {
                LsnFlushMode::Connector
            },
            debezium_version,
            // The engine's cost is about duration / offset.flush.interval.ms steps: log-uniform
            // from the smallest accepted (1 s) keeps the average case cheap and still tries it.
            offset_flush_interval_ms: self.int(14, |r| r.log_u64(1_000, 3_600_000) as i64),
            heartbeat: RawHeartbeat {
                interval_ms: self.int(10, |r| match r.below(3) {
                    0 => 0,
                    1 => r.range_i64(100, 1_000),
                    _ => r.log_u64(100, 3_600_000) as i64,
                }),
                action_query: *self.rng.pick(&[
                    ActionQuery::None,
                    ActionQuery::EmitMessage,
                    ActionQuery::TableUpdate,
                ]),
                target_database: if self.rng.chance(1, 3) {
                    Some(self.database())
                } else {
                    None
                },
            },
            status_update_interval_ms: self.int(14, |r| r.log_u64(1_000, 3_600_000) as i64),
            retriable_restart_wait_ms: self.int(14, |r| r.range_i64(0, 3_600_000)),
            start_ms: self.time_in(duration_ms / 4),
            downtime,
        }
    }

    fn event(&mut self, duration_ms: i64, connectors: usize) -> RawEvent {
        let at_ms = self.time_in(duration_ms);
        if !self.chaos && connectors == 0 {
            return RawEvent::Checkpoint { at_ms };
        }
        let connector = self.name(&CONNECTOR_NAMES[..connectors.clamp(1, 3)]);
        match self.rng.below(10) {
            0 => RawEvent::Write {
                at_ms,
                database: if self.rng.chance(2, 3) {
                    Some(self.database())
                } else {
                    None
                },
                tables: *self.rng.pick(&[TableClass::Captured, TableClass::Filtered]),
                bytes: self.int(6, |r| r.log_u64(1, 1 << 34) as i64),
            },
            1 => RawEvent::Checkpoint { at_ms },
            2 => RawEvent::ConnectorStop { at_ms, connector },
            3 => RawEvent::ConnectorStart { at_ms, connector },
            4 => RawEvent::ConnectorFail { at_ms, connector },
            5 => RawEvent::HeartbeatOn {
                at_ms,
                connector,
                interval_ms: self.int(8, |r| r.log_u64(100, 3_600_000) as i64),
            },
            6 => RawEvent::HeartbeatOff { at_ms, connector },
            7 => RawEvent::HeartbeatError {
                at_ms,
                connector,
                sqlstate: self.name(&["57P01", "57P03", "42P01", "23505"]),
            },
            8 => RawEvent::SlotDrop {
                at_ms,
                slot: self.name(&SLOT_NAMES),
            },
            _ => RawEvent::SlotCreate {
                at_ms,
                slot: self.name(&SLOT_NAMES),
                database: self.database(),
                plugin: *self.rng.pick(&[
                    Plugin::Pgoutput,
                    Plugin::Decoderbufs,
                    Plugin::TestDecoding,
                ]),
            },
        }
    }
}

const SLOT_NAMES: [&str; 4] = ["s0", "s1", "s2", "debezium"];
const CONNECTOR_NAMES: [&str; 3] = ["c0", "c1", "c2"];

/// A random scenario: clean (plausible and consistent, about two thirds of the cases) or
/// chaotic (any field extreme, garbage or inconsistent). Durations are log-uniform up to 2 h
/// (1 in 300 up to 30 days), so accepted ones usually simulate in well under a millisecond.
fn scenario(rng: &mut Rng) -> RawScenario {
    let chaos = rng.chance(1, 3);
    let mut g = Gen { rng, chaos };
    let duration_ms = g.int(20, |r| {
        if r.chance(1, 300) {
            r.range_i64(1_000, 30 * 24 * HOUR_MS)
        } else {
            r.log_u64(1_000, 2 * HOUR_MS as u64) as i64
        }
    });
    let seg = g.int(20, |r| *r.pick(&[1, 2, 16, 16, 16, 64, 1024]));
    let seg_ok = if (1..=1024).contains(&seg) && (seg as u64).is_power_of_two() {
        seg
    } else {
        16
    };
    let max_wal = g.int(16, |r| {
        r.log_u64(2 * seg_ok as u64, (8 * 1024).max(4 * seg_ok as u64)) as i64
    });
    let postgres = RawPostgres {
        version: g.int(16, |r| r.range_i64(13, 17)),
        wal_segment_size_mb: seg,
        max_wal_size_mb: max_wal,
        min_wal_size_mb: g.int(16, |r| r.range_i64(2 * seg_ok, (2 * seg_ok).max(max_wal))),
        checkpoint_timeout_s: g.int(16, |r| r.log_u64(30, 86_400) as i64),
        checkpoint_completion_target: match g.rng.below(4) {
            0 => None,
            1 if chaos => Some(g.rng.extreme_f64()),
            _ => Some(g.rng.unit()),
        },
        wal_keep_size_mb: g.int(16, |r| {
            if r.chance(1, 2) {
                0
            } else {
                r.log_u64(1, 4096) as i64
            }
        }),
        max_slot_wal_keep_size_mb: g.int(16, |r| {
            if r.chance(1, 3) {
                -1
            } else {
                r.range_i64(0, 4096)
            }
        }),
        start_lsn: match g.rng.below(5) {
            0 if chaos => Some(Lsn(g.rng.extreme_u64())),
            1 => Some(Lsn(
                seg_ok as u64 * 1024 * 1024 * g.rng.log_u64(1, 1 << 20) + g.rng.below(1 << 20)
            )),
            _ => None,
        },
        bgwriter_phase_ms: g.int(16, |r| r.range_i64(0, 15_000)),
    };
    let size_mb = g.int(16, |r| r.log_u64(64.max(4 * seg_ok as u64), 1 << 20) as i64);
    let disk = RawDisk {
        size_mb,
        other_used_mb: g.int(16, |r| r.range_i64(0, size_mb.max(0) / 2)),
    };
    let warning_mb = g.int(16, |r| r.log_u64(1, 8192) as i64);
    let alerts = RawAlerts {
        warning_mb,
        critical_mb: g.int(16, |r| warning_mb.saturating_add(r.log_u64(1, 8192) as i64)),
    };
    let workload = (0..g.rng.below(5))
        .map(|_| RawWorkload {
            database: if g.rng.chance(3, 4) {
                Some(g.database())
            } else {
                None
            },
            tables: *g.rng.pick(&[TableClass::Captured, TableClass::Filtered]),
            pattern: g.pattern(duration_ms),
        })
        .collect();
    let n_slots = g.rng.below(4) as usize;
    let slots = (0..n_slots)
        .map(|i| RawSlot {
            name: g.name(&[SLOT_NAMES[i]]),
            database: g.database(),
            plugin: *g
                .rng
                .pick(&[Plugin::Pgoutput, Plugin::Decoderbufs, Plugin::TestDecoding]),
            created_at_ms: if g.rng.chance(1, 2) {
                0
            } else {
                g.time_in(duration_ms)
            },
        })
        .collect();
    let n_connectors = if chaos {
        g.rng.below(4) as usize
    } else {
        g.rng.below(n_slots as u64 + 1) as usize
    };
    let connectors = (0..n_connectors)
        .map(|i| g.connector(i, duration_ms, n_slots))
        .collect();
    let n_events = if g.rng.chance(1, 40) {
        g.rng.range_u64(20, 200)
    } else {
        g.rng.below(8)
    };
    let events = (0..n_events)
        .map(|_| g.event(duration_ms, n_connectors))
        .collect();
    RawScenario {
        name: g.name(&["fuzz"]),
        title: Text::default(),
        description: Text::default(),
        duration_ms,
        postgres,
        disk,
        alerts,
        workload,
        slots,
        connectors,
        events,
        output: RawOutput {
            max_points: g.int(16, |r| r.log_u64(2, 2_000) as i64),
        },
    }
}

/// A rough count of the engine's steps (its cost, see ARCHITECTURE.md "Performance"): offset
/// commits, plus checkpoints triggered by the WAL volume, plus timed checkpoints and buckets.
/// The model accepts scenarios that need 10¹⁰ steps (10 GB/s into 1 MB segments for 30 days);
/// the fuzz tests validate those but simulate only what stays under [`MAX_STEPS`].
fn estimated_steps(s: &Scenario) -> u128 {
    let d = u128::from(s.duration_ms);
    let commits: u128 = s
        .connectors
        .iter()
        .map(|c| d / u128::from(c.offset_flush_interval_ms.max(1)))
        .sum();
    let peak: u128 = s
        .workload
        .iter()
        .map(|w| {
            w.pieces
                .iter()
                .map(|p| u128::from(p.bytes_per_s))
                .max()
                .unwrap_or(0)
        })
        .sum();
    let writes: u128 = s
        .events
        .iter()
        .map(|e| match e.kind {
            wal_model::scenario::EventKind::Write { bytes, .. } => u128::from(bytes),
            _ => 0,
        })
        .sum();
    let per_checkpoint =
        (u128::from(s.wal.checkpoint_segments()) * u128::from(s.wal.segment_size_bytes)).max(1);
    let checkpoints = (peak * d / 1000 + writes) / per_checkpoint
        + d / u128::from(s.checkpoint_timeout_ms.max(1));
    commits + 2 * checkpoints + s.max_points as u128
}

/// Random scenarios are simulated only below this many estimated steps (≈ 20 ms in the test
/// profile).
const MAX_STEPS: u128 = 20_000;
/// The same for mutated presets: the shipped ones need up to ≈ 90 000 (the 30-day one).
const MAX_PRESET_STEPS: u128 = 200_000;

/// Validates; a rejection must carry messages; an acceptance must simulate and keep every
/// invariant. Returns whether it was simulated. A replayed case (`CDC_FUZZ_CASE`) prints its
/// scenario as JSON first.
fn check(raw: &RawScenario, max_steps: u128) -> Result<bool, String> {
    if std::env::var_os("CDC_FUZZ_CASE").is_some() {
        eprintln!("{}", serde_json::to_string(raw).unwrap_or_default());
    }
    match raw.validate() {
        Err(errors) => {
            ensure!(!errors.0.is_empty(), "rejected without a message: {raw:?}");
            for e in &errors.0 {
                ensure!(
                    !e.message.trim().is_empty(),
                    "empty message at {:?}",
                    e.path
                );
            }
            ensure!(!errors.to_string().trim().is_empty(), "empty Display");
            Ok(false)
        }
        Ok(s) if estimated_steps(&s) > max_steps => Ok(false),
        Ok(s) => {
            let started = std::time::Instant::now();
            let report = simulate(&s);
            if std::env::var_os("CDC_FUZZ_CASE").is_some() {
                eprintln!(
                    "simulated in {:.1} ms: {} log events, {} WAL-file records, {} slot records",
                    started.elapsed().as_secs_f64() * 1e3,
                    report.events.len(),
                    report.wal_files_history.len(),
                    report.slot_history.iter().map(Vec::len).sum::<usize>()
                );
            }
            check_report(&s, &report)?;
            Ok(true)
        }
    }
}

fn check_report(s: &Scenario, r: &Report) -> Result<(), String> {
    finite::check_finite(r)?;
    ensure!(
        r.series.len() <= s.max_points,
        "{} buckets > max_points {}",
        r.series.len(),
        s.max_points
    );
    for w in r.series.windows(2) {
        ensure!(w[0].to_ms <= w[1].from_ms, "series buckets overlap: {w:?}");
    }
    for p in &r.series {
        ensure!(
            p.from_ms <= p.to_ms && p.to_ms <= s.duration_ms,
            "bucket outside the scenario: {p:?}"
        );
        ensure!(
            p.pg_wal_bytes.min <= p.pg_wal_bytes.last && p.pg_wal_bytes.last <= p.pg_wal_bytes.max,
            "pg_wal span out of order: {p:?}"
        );
        for sp in &p.slots {
            if let Some(span) = sp.retained_bytes {
                ensure!(
                    span.min <= span.last && span.last <= span.max,
                    "retained span out of order: {span:?}"
                );
            }
        }
    }
    for w in r.events.windows(2) {
        ensure!(
            w[0].t_ms <= w[1].t_ms,
            "event log out of order at {}",
            w[1].t_ms
        );
    }
    if let Some(last) = r.events.last() {
        ensure!(last.t_ms <= s.duration_ms, "event after the end: {last:?}");
    }
    // A write event at 0 is already in the LSN at 0.
    ensure!(
        r.current_lsn_at(0) >= s.start_lsn,
        "current LSN at 0 is {} < start_lsn {}",
        r.current_lsn_at(0),
        s.start_lsn
    );
    // Sample instants: evenly spaced ones, the end, and up to 32 event times (a report can
    // log 10⁵ checkpoints, and each `eta` scans the log).
    let mut times: Vec<u64> = (0..=16u64).map(|j| s.duration_ms / 16 * j).collect();
    let every = (r.events.len() / 32).max(1);
    times.extend(r.events.iter().step_by(every).map(|e| e.t_ms));
    times.push(s.duration_ms);
    times.sort_unstable();
    let mut prev_lsn = 0u64;
    for (k, &t) in times.iter().enumerate() {
        let lsn = r.current_lsn_at(t);
        ensure!(
            lsn >= prev_lsn,
            "current LSN moved back at {t}: {prev_lsn} → {lsn}"
        );
        prev_lsn = lsn;
        for i in 0..r.slots.len() {
            if let Some(row) = r.slot_row(i, t) {
                if let (Some(restart), Some(retained)) = (row.restart_lsn, row.retained_bytes) {
                    ensure!(
                        retained == row.current_lsn.0 - restart.0,
                        "slot {i} at {t}: retained {retained} ≠ current − restart"
                    );
                }
            }
            if k % 8 == 0 {
                for target in [
                    EtaTarget::Warning,
                    EtaTarget::Critical,
                    EtaTarget::Extended,
                    EtaTarget::Lost,
                    EtaTarget::DiskFull,
                ] {
                    let _ = r.eta(i, target, t);
                }
            }
        }
    }
    for (i, history) in r.slot_history.iter().enumerate() {
        for rec in history {
            if !rec.exists || rec.invalidated {
                continue;
            }
            let current = r.current_lsn_at(rec.t_ms);
            ensure!(
                s.start_lsn <= rec.restart_lsn
                    && rec.restart_lsn <= rec.confirmed_flush_lsn
                    && rec.confirmed_flush_lsn <= current,
                "slot {i} at {}: start {} ≤ restart {} ≤ confirmed {} ≤ current {} broken",
                rec.t_ms,
                s.start_lsn,
                rec.restart_lsn,
                rec.confirmed_flush_lsn,
                current
            );
        }
    }
    Ok(())
}

/// Random scenarios from scratch: about half are simulated, the rest rejected (or, a few,
/// valid but too costly to simulate here).
#[test]
fn fuzz_wal_random_scenarios() {
    let mut accepted = 0u64;
    let n = run("fuzz_wal_random_scenarios", 50_000, |rng| {
        if check(&scenario(rng), MAX_STEPS)? {
            accepted += 1;
        }
        Ok(())
    });
    eprintln!("fuzz_wal_random_scenarios: {accepted} of {n} valid and simulated");
    // A generator that no longer produces valid scenarios would test only the validator.
    assert!(
        n < 100 || accepted * 3 >= n,
        "only {accepted} of {n} scenarios were simulated"
    );
}

/// Sets one field of `raw` (picked by `which`) to an extreme or garbage value.
fn mutate(rng: &mut Rng, raw: &mut RawScenario) {
    let x = rng.extreme_i64();
    match rng.below(24) {
        0 => raw.duration_ms = x,
        1 => raw.postgres.version = x,
        2 => raw.postgres.wal_segment_size_mb = x,
        3 => raw.postgres.max_wal_size_mb = x,
        4 => raw.postgres.min_wal_size_mb = x,
        5 => raw.postgres.checkpoint_timeout_s = x,
        6 => raw.postgres.checkpoint_completion_target = Some(rng.extreme_f64()),
        7 => raw.postgres.wal_keep_size_mb = x,
        8 => raw.postgres.max_slot_wal_keep_size_mb = x,
        9 => raw.postgres.start_lsn = Some(Lsn(rng.extreme_u64())),
        10 => raw.postgres.bgwriter_phase_ms = x,
        11 => raw.disk.size_mb = x,
        12 => raw.disk.other_used_mb = x,
        13 => raw.alerts.warning_mb = x,
        14 => raw.alerts.critical_mb = x,
        15 => raw.output.max_points = x,
        16 => {
            let (d, n) = (raw.duration_ms, raw.connectors.len());
            let e = Gen { rng, chaos: true }.event(d, n);
            raw.events.push(e);
        }
        17 => raw.workload.clear(),
        18 => raw.connectors.clear(),
        19 => {
            let d = raw.duration_ms;
            let p = Gen { rng, chaos: true }.pattern(d);
            if let Some(w) = raw.workload.first_mut() {
                w.pattern = p;
            }
        }
        _ => {
            if !raw.connectors.is_empty() {
                let i = rng.index(raw.connectors.len());
                let d = raw.duration_ms;
                let c = &mut raw.connectors[i];
                match rng.below(6) {
                    0 => c.offset_flush_interval_ms = x.max(60_000),
                    1 => c.heartbeat.interval_ms = x,
                    2 => c.start_ms = x,
                    3 => c.debezium_version = Gen { rng, chaos: true }.version(),
                    4 => c.downtime.push(RawInterval {
                        from_ms: rng.range_i64(0, d.max(0)),
                        to_ms: rng.range_i64(0, d.max(0)),
                    }),
                    _ => c.slot = rng.garbage(),
                }
            }
        }
    }
}

fn presets() -> Vec<RawScenario> {
    wal_model::presets::PRESETS
        .iter()
        .map(|p| RawScenario::from_json(p.json).unwrap())
        .collect()
}

/// The shipped presets (7–30 days each) with one to three fields set to extreme values.
#[test]
fn fuzz_wal_mutated_presets() {
    let presets = presets();
    run("fuzz_wal_mutated_presets", 2_000, |rng| {
        let mut raw = rng.pick(&presets).clone();
        for _ in 0..rng.range_u64(1, 3) {
            mutate(rng, &mut raw);
        }
        check(&raw, MAX_PRESET_STEPS).map(|_| ())
    });
}

/// Mutated JSON text of the presets (byte flips, truncation, duplication, insertions): the
/// parser never panics and every error has a message.
#[test]
fn fuzz_wal_json_text() {
    run("fuzz_wal_json_text", 50_000, |rng| {
        let preset = rng.pick(wal_model::presets::PRESETS);
        let mut text: Vec<u8> = preset.json.as_bytes().to_vec();
        for _ in 0..rng.range_u64(1, 4) {
            mutate_bytes(rng, &mut text, JSON_TOKENS);
        }
        let text = String::from_utf8_lossy(&text);
        match RawScenario::from_json(&text) {
            Ok(raw) => {
                // Still JSON of the right shape: validate only (a mutation can make a preset
                // arbitrarily long to simulate; the random-scenario tests cover simulation).
                if let Err(e) = raw.validate() {
                    ensure!(
                        !e.0.is_empty() && e.0.iter().all(|m| !m.message.is_empty()),
                        "empty validation message"
                    );
                }
            }
            Err(e) => {
                ensure!(
                    !e.0.is_empty() && e.0.iter().all(|m| !m.message.is_empty()),
                    "empty parse message"
                );
            }
        }
        Ok(())
    });
}

/// Inserted by the text mutations.
const JSON_TOKENS: &[&str] = &[
    "9999999999999999999999",
    "-1",
    "1e400",
    "NaN",
    "null",
    "\"\"",
    "[]",
    "{}",
    "\\u0000",
    "\"",
];
