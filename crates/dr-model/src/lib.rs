//! # dr-model: the disaster-recovery drill (lesson 07, issue 9)
//!
//! A pure, deterministic model of a PostgreSQL source with logical replication slots, a Kafka
//! Connect worker running one Debezium PostgreSQL connector per name, the `connect-offsets`
//! topic and the change-event topic. Students operate it with typed versions of lesson 07's
//! commands (the REST calls, `pg_drop_replication_slot` / `pg_create_logical_replication_slot`,
//! `kafka-console-consumer --property print.key=true`) and the [`verify()`] function lists the
//! gap or the duplicates their recovery produced. No clock, no randomness, no I/O, no
//! dependencies; time is passed in as integer ms, LSNs are `u64`; compiles for
//! `wasm32-unknown-unknown`.
//!
//! ```text
//! Incident::world(Settings) ─▶ World ─ apply(Op, now_ms) ─▶ Response   (HTTP status + body, SQL result/error, console text)
//!                                   ─ advance(now_ms)                  (changes commit, tasks emit, offsets commit)
//! World::events() ─ verify() ─▶ Verification { gaps, duplicates, rpo_ms }
//! ```
//!
//! ## What is modelled
//!
//! * **Source** ([`source`]): change `n` (1, 2, …) commits at `n × change_interval_ms` with LSN
//!   `0x3000000 + 256·n` and txId `750 + n`, rotating over three tables, INSERT/UPDATE.
//!   Slots: `restart_lsn`, `confirmed_flush_lsn`, `active_pid`; a new slot starts at the current
//!   LSN (slot.c `ReplicationSlotReserveWal`); drop/create with PostgreSQL's errors
//!   (`does not exist` 42704, `is active for PID %d` 55006, `already exists` 42710 — slot.c).
//! * **Kafka Connect REST** ([`world::Op`]): create (201; 409 "Connector X already exists"),
//!   PUT config, delete (204; 404 "Connector X not found"), status (200; 404 "No status found
//!   for connector X"), pause / resume (202; 404 "Unknown connector X"), stop (3.5+, 204),
//!   restart (`includeTasks`/`onlyFailed`: 204 for the plain form, 202 + status with RESTARTING
//!   for KIP-745's; 404 "Unknown connector: X"), GET offsets (3.5+), PATCH / DELETE offsets
//!   (3.6+; PATCH with no offsets: 400 "Partitions / offsets need to be provided …"; STOPPED
//!   only: 400 "Connectors must be in the STOPPED state before their offsets can be
//!   modified. …"; 200 with the "framework-managed offsets … altered/reset successfully"
//!   message). An endpoint the worker version lacks: 404 `HTTP 404 Not Found` (no route), or 405
//!   `HTTP 405 Method Not Allowed` for PATCH/DELETE on a 3.5 worker whose `/offsets` has only
//!   GET. Sources next to each rule in `world.rs`; facts.md Part 2 §5.
//! * **Offsets** ([`offsets`]): committed every `offset.flush.interval.ms` (from task start) as
//!   records keyed `["<name>",{"server":"<topic.prefix>"}]` with `lsn_proc`, `messageType`,
//!   `lsn_commit`, `lsn`, `txId`, `ts_usec`; a graceful stop (stop, delete, restart, config
//!   change) makes a final commit; a crash or failover does not. Debezium confirms the committed
//!   LSN to the slot at the commit (its "next poll"), but not the final commit of a stopping task
//!   (facts.md Part 2 §2: the flush happens at the next `poll()`). The console consumer prints
//!   every record, key TAB value, tombstones `null`.
//! * **Start-up** (`World::start_task`): slot held by another PID → FAILED. No offset →
//!   snapshot (`initial`, `when_needed`, `always`) or stream from the slot (`no_data`). `always`
//!   → snapshot. Debezium 2.6+: the position is available only if the slot exists and its
//!   `restart_lsn ≤ lsn_proc`; otherwise `when_needed` snapshots ("Attempting to snapshot data
//!   to fill the gap") and every other mode fails with "The connector is trying to read change
//!   stream starting at …, but this is no longer available on the server. …" (facts.md Part 2
//!   §6). Then (all versions) a missing slot is created at the current LSN; an offset behind the
//!   slot's `confirmed_flush_lsn` fails on PostgreSQL ≤ 14 and starts from `confirmed_flush_lsn`
//!   on 15+ (facts.md Part 2 §6, `offset.mismatch.strategy` paragraph); an offset at or ahead of
//!   it resumes from the offset, skipping everything up to it as already processed. So a slot
//!   recreated after the offset, on Debezium < 2.6, is a silent gap; an offset patched ahead of
//!   the real position is a gap; a snapshot over delivered data is duplicates.
//! * **Incidents** ([`incidents::Incident`]): Connect crash, connector deleted, failover losing
//!   the slot, Kafka internal topics lost (with a backup), orphaned slot pinning WAL.
//! * **Verifier** ([`verify()`]): gaps and duplicates by change number, the longest lost run as RPO.
//! * **Commands** ([`command`]): the terminal panel's grammar — lesson 07's curl calls (with
//!   `| jq` paths), the console consumer, psql's slot functions and a `pg_replication_slots`
//!   query — parsed to [`Op`]s and printed as curl, psql and the consumer print; a `cdc-lab:`
//!   message for lines beyond the grammar, never a panic.
//!
//! ## Simplifications (each with the fact it departs from)
//!
//! 1. One change per transaction, committed instantly, at a constant rate; so `lsn`,
//!    `lsn_proc` and `lsn_commit` of an offset are equal. Real offsets distinguish them
//!    (facts.md Part 2 §5) and transactions span many changes.
//! 2. A running task reads, emits and Kafka acknowledges each change the moment it commits: no
//!    queue, no poll interval, no producer latency (facts.md Part 2 §2: only acked records'
//!    offsets are committed; here every emitted record is acked at once).
//! 3. `restart_lsn` moves to the previous `confirmed_flush_lsn` at each confirmation, i.e. it
//!    trails by one offset commit. PostgreSQL moves it only at running-xacts records (every
//!    15 s with WAL activity, and at checkpoints) once confirmed past them (facts.md Part 1 §4).
//!    WAL removal, `wal_status` and slot invalidation are lesson 05's model, not this one's.
//! 4. A snapshot is instantaneous and appears as one event standing for all rows; the slot
//!    export and the snapshot's own offsets (`snapshot`, `last_snapshot_record`) are not modelled.
//! 5. The verifier counts a snapshot as delivering every change up to its position (the rows'
//!    state includes them), so a snapshot over data already delivered counts as duplicates of
//!    all of it — lesson 07's "повторный снимок всех таблиц (дубликаты)".
//! 6. Retries are not modelled: a slot "active for PID" fails the task at once (Debezium
//!    retries `slot.max.retries` = 6 times every 10 s first, facts.md Part 2 §7); a failover
//!    fails the task (Debezium ≥ 2.0 would retry the connection). `errors.max.retries` is 0.
//! 7. Debezium before 2.6 has no log-position check, and its `when_needed` snapshots only when
//!    the offset is missing (facts.md Part 2 §6: the PostgreSQL check came with DBZ-7461, 2.6;
//!    lesson 07: "В старых версиях разрыв молчаливый"). `offset.mismatch.strategy` (3.4+),
//!    `slot.seek.to.known.offset.on.start`, incremental snapshots and failover slots (PG 17) are
//!    not modelled.
//! 8. PostgreSQL ≤ 14's error for an offset behind `confirmed_flush_lsn` is worded by the
//!    model: the Debezium documentation says only that "PostgreSQL returns an error because the
//!    requested LSN is no longer available in the WAL" (facts.md Part 2 §6). The same rule is
//!    applied whatever `restart_lsn` is.
//! 9. `initial_state` on create exists from Kafka 3.7 on (KIP-980, KAFKA-15470: the field is in
//!    `CreateConnectorRequest` at tag 3.7.0, not at 3.6.0). facts.md says "3.6+ — version
//!    UNSOURCED"; the Kafka source says 3.7, and the model follows the source. Before 3.7 the
//!    model answers such a body with 500 and Jackson's "Unrecognized field" message: DERIVED
//!    from Connect's plain `JacksonJsonProvider` (RestServer), Jackson failing on unknown
//!    properties by default and ConnectExceptionMapper's 500 for other exceptions; not run on
//!    a real worker.
//! 10. Success status codes were read from ConnectorsResource.java (create 201, PUT config
//!     201/200, delete 204, pause/resume 202, stop 204, restart 204 or 202, offsets 200); the
//!     error messages from the herders' source text. The 404/405 for endpoints a worker version
//!     lacks are Jersey's behaviour for an unknown path/method, not read in source (DERIVED).
//! 11. `connect-offsets` is one ordered log: its 25 partitions and compaction are not modelled
//!     (neither changes the latest value per key, which is what a worker reads). The worker
//!     assigns tasks instantly: `UNASSIGNED` and `RESTARTING` (outside a restart response) never
//!     show.
//! 12. A failover loses no committed transactions and writes never pause; the new primary keeps
//!     the LSN sequence.
//! 13. The change-event topic keeps every event, so memory grows with the changes delivered (an
//!     hour's drill at one change per second is 3 600 events); nothing else grows with time.
//!     A drill ends after [`world::MAX_DRILL_STEPS`] (10⁶) source changes or offset-commit
//!     intervals, whichever comes first ([`Settings::end_ms`]): a later `now_ms` is refused,
//!     so one call can never emit or commit without bound.

pub mod command;
pub mod incidents;
mod json;
mod names;
pub mod offsets;
pub mod source;
pub mod verify;
pub mod world;

pub use incidents::{Incident, CONNECTOR, INCIDENT_AT_MS, ORPHANED_SLOT};
pub use offsets::{OffsetEntry, OffsetRecord, OffsetsTopic, SourceOffset};
pub use source::{lsn_of, PgError, Slot, Source};
pub use verify::{verify, Verification};
pub use world::{
    ChangeEvent, ConnectorConfig, ConnectorState, DebeziumVersion, InitialState, InputError,
    KafkaVersion, Op, PgVersion, Response, Settings, SnapshotMode, TaskState, World,
};
