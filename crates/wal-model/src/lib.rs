//! # wal-model: WAL retention by logical replication slots, in pure Rust
//!
//! The model behind lesson 05's simulator: a PostgreSQL cluster writes WAL from a workload
//! schedule; logical replication slots keep it until their Debezium connector confirms an
//! LSN; checkpoints remove what no slot needs; `max_slot_wal_keep_size` invalidates slots that
//! fall too far behind; a full `pg_wal` volume stops the server. It reports what a DBA would
//! see: `pg_replication_slots` rows, `pg_wal` size, an event log, alerts and ETAs.
//!
//! ```text
//! JSON ──parse──▶ RawScenario ──validate──▶ Scenario ──simulate──▶ Report
//! ```
//!
//! No clock, no randomness, no web dependencies: the same scenario gives the same report,
//! byte for byte, natively and in WebAssembly. LSNs and byte counts are `u64`, times are `u64`
//! milliseconds since the scenario start (day 0 is a Monday, 00:00).
//!
//! ## What follows PostgreSQL and Debezium exactly (see `../shared/facts.md`)
//! * `wal_status`, `safe_wal_size`, `KeepLogSeg`, checkpoint-time invalidation and removal,
//!   `CheckPointSegments`, recycling (`XLOGfileslop`): [`rules`], in whole segments, PG13+.
//! * `restart_lsn` moves only to a running-xacts record (bgwriter every 15 s when WAL was
//!   written, every checkpoint, slot creation) once `confirmed_flush_lsn` reached it, one
//!   candidate at a time ([`SlotPositions`]).
//! * Logical decoding is per database: writes elsewhere never reach a slot's consumer.
//! * Debezium confirms only at Kafka Connect offset commits (`offset.flush.interval.ms`),
//!   the LSN of the newest record: a captured change, a logical message, or a heartbeat
//!   carrying the newest LSN received; `lsnFlushingAllowed` (2.0+) needs a message since the
//!   start; before 2.4 no heartbeat is sent until the first message after a start (DBZ-6635);
//!   `lsn.flush.mode=connector_and_driver` (3.4+).
//! * `pg_logical_emit_message` reaches `pgoutput` consumers only on PostgreSQL 14+.
//! * Failing heartbeat action queries: `57P01`/`42P01` fail the task before Debezium 2.0 and
//!   restart it after `retriable.restart.connector.wait.ms` on 2.0+; `57P03` is retried; other
//!   SQLSTATEs are logged.
//! * A full `pg_wal` volume: PANIC, the server stops (an outage, not read-only).
//!
//! ## Simplifications (each departs from a fact-sheet line; shown to students where it matters)
//! 1. **WAL is a fluid.** A stream with a positive rate has a record at every instant, so the
//!    newest change before time `t` is at `t` (facts: records are discrete, each with its own
//!    LSN). Heartbeat messages, running-xacts and checkpoint records take no WAL space (real:
//!    tens of bytes each); the tiny "a heartbeat makes an idle cluster non-idle" effect is lost.
//! 2. **Insert = write = flush position.** `wal_status` uses the write position and
//!    `pg_current_wal_lsn()` the insert position; the model uses one curve (differences are
//!    below one WAL page).
//! 3. **Running-xacts candidates have no open transactions**: the candidate `restart_lsn` is
//!    the record's own LSN (facts §4: with a long transaction open it is that transaction's
//!    start, pinning WAL further back).
//! 4. **Spread checkpoints** end at `checkpoint_completion_target` × `checkpoint_timeout`, or
//!    earlier when that fraction of `CheckPointSegments` is written (facts: pacing by dirty
//!    buffers; an empty buffer pool finishes at once). `CHECKPOINT` is immediate.
//!    Full-page-image bursts after a checkpoint are not modelled.
//! 5. **Kafka acknowledges at once** and Debezium's `poll()` after a commit is immediate (real:
//!    within `poll.interval.ms`, 500 ms). The backlog after a restart is read instantly.
//! 6. **Heartbeat timing**: beats at `start + k·heartbeat.interval.ms` (before 2.4, from the
//!    first message); a configuration change (heartbeat on/off) restarts the task.
//! 7. **`connector_and_driver`** flushes the server's LSN as of each offset commit (real: the
//!    keep-alive LSN after the last data was confirmed, at `status.update.interval.ms`).
//! 8. **Invalidated slot on Debezium 2.0+** keeps retrying forever, every attempt failing with
//!    `can no longer get changes from replication slot`; the model shows it as FAILED.
//! 9. **`decoderbufs` and logical messages**: assumed not delivered (UNSOURCED).
//! 10. **`pg_wal` files**: recycled segments follow `XLOGfileslop` and every checkpoint
//!     preallocates the next segment when it ends at least 75 % into the current one
//!     (`PreallocXlogFiles`); a fresh cluster starts with one segment file (initdb's own
//!     files are not modelled), so `pg_wal` matches a real server within one segment once the
//!     first checkpoint ran (measured: to the segment, see below).
//! 11. **Heartbeat messages take no WAL** (simplification 1), so "received after the confirmed
//!     position" is decided by time for them: a message sent while the connector streams is a
//!     new replication message; one sent while it was down is not re-delivered.
//! 12. **No snapshot**: a connector that finds its slot gone recreates it and the event log
//!     reports the data gap; what `snapshot.mode` would do about it is lesson 07's drill.
//! 13. **One open-transaction-free decoder**: `catalog_xmin`/`xmin` are not modelled (the
//!     `pg_replication_slots` row omits them).
//!
//! ## Checked against a real server
//! `crates/pg-check/tests/model_vs_server.rs` drives throwaway PostgreSQL 15 clusters through
//! step-by-step scenarios (an idle slot up to `lost`; the same with
//! `max_slot_wal_keep_size = -1`; writes only in another database with no heartbeat, with a
//! heartbeat in the captured database, with a heartbeat in the wrong database; rows inserted
//! in the captured database), replays the same steps with the measured WAL byte counts
//! through [`run_json`] and requires: the same `wal_status` at every step, invalidation at the
//! same step, retained WAL within one segment and `pg_wal` within one segment. It writes what
//! it measured to `target/fidelity/wal-model.json`. Measured on 15.18: `wal_status` and
//! `pg_wal` identical at every step, retained WAL within 232 bytes (the sizes of heartbeat,
//! running-xacts and checkpoint records, simplification 1). What it makes visible:
//! * A consumer that decodes only when it is called (the SQL functions) moves `restart_lsn`
//!   to a checkpoint's running-xacts record only at its next call; a streaming walsender reads
//!   that record at once, which is what the model does (Debezium streams). Measured: one
//!   step's WAL (6 MB) of difference for the calling consumer.
//! * The comparison uses `checkpoint_completion_target = 0`: the server had no dirty buffers
//!   to pace, so its WAL-triggered checkpoints ended at once, while the model paces every
//!   spread checkpoint (simplification 4), which this check therefore does not cover.
//!
//! ## Performance
//! The engine jumps from one state change to the next using closed forms (see [`engine`]);
//! its cost does not depend on the heartbeat interval. Steady offset commits of a lone
//! streaming connector take a shorter path with the same result (`tests/fast_paths.rs`).
//! `benches/engine.rs` measures it; `examples/simulate_preset.rs` is a fixed workload for
//! instruction counts.

mod arith;
pub mod decimal;
pub mod engine;
pub mod presets;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod units;
pub mod wal;

pub use engine::{simulate, SlotPositions};
#[doc(hidden)]
pub use engine::{simulate_with, EngineOptions, EngineStats};
pub use report::{Eta, EtaTarget, LogEvent, LogKind, Report, SeriesPoint, SlotRow};
pub use rules::{WalSettings, WalStatus};
pub use scenario::{from_json, RawScenario, Scenario, ValidationError, ValidationErrors};
pub use units::Lsn;

/// Parses, validates and simulates a JSON scenario.
pub fn run_json(text: &str) -> Result<Report, ValidationErrors> {
    Ok(simulate(&from_json(text)?))
}
