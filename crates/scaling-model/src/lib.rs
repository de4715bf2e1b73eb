//! # scaling-model: why `tasks.max` changes nothing and what does scale (lesson 06)
//!
//! A pure, deterministic model of a Debezium → Kafka Connect → Kafka → consumer pipeline.
//! No clock, no randomness, no I/O; only `std`, `serde` and `serde_json`; compiles natively and
//! for `wasm32-unknown-unknown`. The same config gives a byte-identical report.
//!
//! ```text
//! RawConfig (JSON, deny_unknown_fields) ─ RawConfig::from_json / validate() ─▶ Config
//! Config ─ evaluate() ─▶ Report { stages, binding, lag, lag_series, latency, wal, comparison, … }
//! Config ─ rest_configs() ─▶ Kafka Connect REST JSON per connector
//! ```
//!
//! ## What is modelled
//!
//! * **Source**: change events/s for the whole server over time ([`Profile`]: `steady`,
//!   `daily` cosine pattern, or one `burst`), split into *table sets* with a share of the
//!   events, an average Kafka record size and average WAL bytes per change.
//! * **Connectors**: each with its own table sets (disjoint), `topic.prefix`, slot and
//!   publication. A connector runs one or more *tasks* (see "Facts followed"). Each running
//!   task is a *path* that carries a fixed share `σ` of the source events.
//! * **Decoding** (PostgreSQL): every slot is decoded by its own walsender, which reads and
//!   decodes the *whole* WAL of its database, whatever its publication filters.
//! * **The task's pipeline**: Debezium's streaming thread fills the change-event queue
//!   (`max.queue.size`, `max.queue.size.in.bytes`); Kafka Connect's thread polls batches of up
//!   to `max.batch.size` (waiting at most `poll.interval.ms`), converts them and hands them to
//!   the producer; offsets are committed every `offset.flush.interval.ms`.
//! * **Kafka**: a write limit in bytes/s for all connectors together.
//! * **Downstream**: partitions (all change topics together), the share of events on the
//!   single hottest record key, consumers in one group and their processing rate.
//!
//! ## Formulas
//!
//! Notation: `R` source events/s; `σ_p` share of path p; `S_p` its mean record size.
//!
//! * **Calibration** ([`Costs::from_calibration`]). `C` = `calibration.single_connector_events_per_s`
//!   (default 7000), `β` = batch-overhead share (default 20 %), `h` = streaming headroom
//!   (default 50 %), `κ` = size-dependent share (default 50 %), `S_ref` = 1024 bytes.
//!   `τ = 1/C`; per-batch overhead `o_b = β·τ·2048`; poll-thread cost per event
//!   `e_p = (1−β)·τ`; streaming-thread cost per event `e_s = τ/(1+h)`. With C = 7000:
//!   `o_b` = 58.5 ms, `e_p` = 114.3 µs, `e_s` = 95.2 µs, so default settings give exactly
//!   7000 events/s at 1 KB.
//! * **Task capacity** ([`Costs::task`]). Size factor `f = (1−κ) + κ·S/S_ref`. Queue length
//!   `Q = min(max.queue.size, ⌊max.queue.size.in.bytes / S⌋)` (byte limit only when > 0);
//!   batch `B = min(max.batch.size, Q)`; overlap of the two threads `φ = clamp((Q−B)/B, 0, 1)`
//!   (with `Q ≥ 2B` the streaming thread fills the next batch while one is sent).
//!   Poll thread per event `p = e_p·f + o_b/B`; streaming `q = e_s·f`;
//!   `T = 1 / (max(p, q) + (1−φ)·min(p, q))`. Tuned settings (16384/4096/500) halve `o_b/B`:
//!   at 1 KB `p` = 114.3 + 14.3 µs → 7 778 events/s, **+11 %**; the gain is capped at
//!   `1/(1−β) − 1` = +25 % for infinite batches, and is **zero** whenever another stage binds.
//!   `poll.interval.ms` does not change capacity (a saturated queue fills each batch before
//!   the interval ends); it changes latency. From Debezium 3.7 it is capped at 5000 ms.
//! * **Decoding** ([`slot_decode_bytes_per_s`]): each of the `N` PostgreSQL slots decodes
//!   `D = min(walsender_decode_bytes_per_s, decode_budget_bytes_per_s / N)` WAL bytes/s.
//!   Its database writes `R·w_db` bytes/s, `w_db = Σ_{i ∈ db} share_i·wal_i`. The slot saturates
//!   at `R = D / w_db`; path p can deliver at most `D·σ_p / w_db` events/s. Total decoded =
//!   `N·R·w_db`: N connectors on one database ⇒ N× decoding work.
//! * **Path capacity**: `c_p = min(T_p, D·σ_p/w_db)`; offered `σ_p·R`; output
//!   `min(σ_p·R, c_p)`.
//! * **Kafka write**: if `Σ out_p·S_p > K` all outputs are scaled by `K / Σ out_p·S_p`.
//!   Saturation at `R = K / Σ σ_p·S_p`.
//! * **Consumers** ([`ConsumerLoads`]): `P` partitions, `C` consumers, `A = min(C, P)` active
//!   (the other `C − A` sit idle), hot-key share `s`. The default partitioner sends a key to
//!   `murmur2(key) % P`, so the hot key's partition receives `s + (1−s)/P` of all records and
//!   every other partition `(1−s)/P` (many other keys spread evenly). Partitions are spread as
//!   Kafka's range assignor does: `q = ⌊P/A⌋`, the first `P mod A` consumers get `q+1`; the hot
//!   partition sits on consumer 0, which owns `n₀ = ⌈P/A⌉`. Consumer loads:
//!   `L₀ = s + n₀·(1−s)/P`, others `n·(1−s)/P`. Throughput at merged input `M`:
//!   `Σ_j min(L_j·M, rate)` — at most `A·rate`. The group saturates at `M = rate / L₀`.
//!   Examples: `s = 0, P = C = 4` → `4·rate`; `C = 8, P = 4` → still `4·rate` (4 idle);
//!   `s = 30 %, P = C = 4` → `rate / (0.3 + 0.7/4) = 2.105·rate`; `s → 100 %` → `rate`.
//!   Note: `P = 4, C = 3` saturates at `2·rate` (one consumer owns half the partitions), lower
//!   than `P = C = 3` (`3·rate`): adding one partition without a consumer can *lower* the
//!   lag-free capacity. Multiplying `P` never does.
//! * **Binding constraint**: every stage has a saturation input (the source rate `R` at which
//!   it starts to fall behind, all upstream stages keeping up). The lowest one binds and is
//!   the setup's lag-free capacity; ties go to the upstream stage. Lag grows at
//!   `captured input − throughput` when above it.
//! * **Lag** (module `simulate`): a fluid queue per path and per consumer group member, stepped with
//!   the exact mean input over each step (`out = min(c·dt, backlog + in·dt)`). Lag seconds =
//!   age of the oldest unprocessed event from the cumulative arrival curve. Drain time is
//!   measured from the burst's end (or from the largest backlog) to an empty pipeline, to the
//!   step.
//! * **Latency** (no backlog): poll wait `½·min(poll.interval.ms, B/λ)` + batch time
//!   `n·e_p·f + o_b` + consumer `1/rate`; backlog adds the lag age. The slot's
//!   `confirmed_flush_lsn` follows after about `offset.flush.interval.ms/2` (worst: the full
//!   interval + poll interval).
//! * **WAL consequence**: a PostgreSQL task `b` events behind holds the WAL written since its
//!   position: `b/σ_p·w_server` bytes (`w_server = Σ share_i·wal_i` — WAL is shared by all
//!   tables and databases). The slowest slot sets the retained amount ([`WalExport`]:
//!   `retained_wal_bytes` as `[t_ms, bytes]`, `wal_rate_bytes_per_s`, `lag_events`). A healthy
//!   slot keeps `WAL rate × (offset.flush.interval.ms + 15 s)` anyway.
//!
//! ## The 5-way comparison
//!
//! Built from the current config ([`comparison_configs`]): the captured table sets (for
//! PostgreSQL, those in the first connector's database), the first connector's kind, version,
//! names; `N = comparison.scale_n` (default 4). (1) one connector, defaults; (2) one connector,
//! tuned (16384/4096/500); (3) `tasks.max=N` — identical to (1) for PostgreSQL; (4)
//! `min(N, table sets)` connectors, table sets assigned largest share first to the
//! least-loaded connector, each with its own slot, publication and `topic.prefix`; (5) one
//! connector with `N` partitions and `N` consumers. Variants 1–4 keep the current Kafka
//! settings.
//!
//! ## Facts followed (../shared/facts.md)
//!
//! * Part 2 §3 "tasks.max / parallelism per connector": PostgreSQL runs exactly one task
//!   whatever `tasks.max` says (accepted, reported as having no effect); SQL Server runs
//!   `min(tasks.max, databases in database.names)` from Debezium 1.9 (one before); MongoDB runs
//!   `min(tasks.max, replica sets/shards)` up to 2.5 and one task since 2.6. (The course issue's
//!   "MongoDB is multi-task" is outdated.)
//! * Part 2 §1 "PostgreSQL connector config defaults": `max.queue.size` 8192, `max.batch.size`
//!   2048 (queue must be larger — validation rejects `max_batch_size >= max_queue_size`),
//!   `poll.interval.ms` 500 (capped at 5000 from 3.7), `max.queue.size.in.bytes` 0; slot names
//!   lower-case letters, digits, `_`; unique slot per connector.
//! * Part 2 §2: `offset.flush.interval.ms` 60000; the LSN is confirmed after an offset commit.
//! * Part 2 §4 "Scaling patterns": scale-out = several connectors with their own slot,
//!   publication, table list and topic prefix; each slot decodes the whole WAL, so N
//!   connectors ≈ N× decoding — **UNSOURCED as a benchmark** (no measurement exists); record
//!   key = primary key, default partitioner `murmur2(key) % partitions` → per-key order.
//! * Part 2 §4: "~7,000 events/s" has no primary source (nearest: vendor benchmark ~6k ops/s on
//!   MSK Connect). It is `calibration.single_connector_events_per_s`; every report carries
//!   [`CalibrationReport::is_assumption`] and a sentence saying so.
//!
//! ## Simplifications (each departs from the fact sheet or from real behaviour)
//!
//! 1. Part 2 §4 "Scaling patterns" says each walsender "reads and decodes the whole WAL of the
//!    database": we charge each slot the WAL of its own database only and treat WAL of other
//!    databases as free to skip (Part 1 §5 "Logical decoding is per database" — the reading
//!    cost is ignored).
//! 2. The server's decoding budget is split *equally* between slots (exact when all slots are
//!    on one database, the lesson's case); walsender speed and budget are assumptions, not
//!    measurements (Part 2 §4: the N× cost is UNSOURCED).
//! 3. Part 2 §3 gives the SQL Server / MongoDB task counts but not how databases are assigned
//!    to tasks; we assign database `i` to task `i mod tasks` (round robin).
//! 4. A task's cost is linear in event size and batch count (Part 2 §4 lists tuning knobs but
//!    no cost data); converters, SMTs, TOAST/schema refreshes (Part 2 §4,
//!    `schema.refresh.mode`) and producer settings are folded into the calibration.
//! 5. Kafka is one byte limit for the whole cluster; per-partition broker limits, replication
//!    and `acks` latency are not modelled (producer ack time counts as 0 ms in latency).
//! 6. Part 2 §4 "record key → partition": keys other than the hot one are assumed to spread
//!    evenly (`murmur2` over many keys); the hot partition is placed on a consumer that owns
//!    the most partitions (worst case, as the range assignor does for partition 0). Debezium
//!    writes one topic per table; all change topics are treated as one topic with
//!    `kafka.partitions` partitions read by one group, and the hot-key share is of the merged
//!    stream.
//! 7. Consumers do not slow the connectors (Kafka decouples them): consumer lag builds up in
//!    Kafka, not in the WAL. Kafka write limits *do* slow the connectors (the producer blocks).
//! 8. Part 2 §2 (LSN confirmed only after an offset commit at the next poll) is reduced to the
//!    latency figure `offset_commit_ms` and the healthy baseline
//!    `WAL rate × (offset.flush.interval.ms + 15 s)`; the WAL model does this chain in detail.
//! 9. The poll loop is taken to return when a batch is full or `poll.interval.ms` has passed
//!    (Debezium's `ChangeEventQueue.poll`; not in the fact sheet).
//! 10. Lag is fluid (fractions of events), reported rounded to whole events; the multi-path
//!     end-to-end age assumes the merged stream keeps source order.
//! 11. Generated configs use current key names (`topic.prefix`, Debezium 2.0+;
//!     `mongodb.connection.string`, MongoDB model limited to Debezium 2.2+); the password is a
//!     `${file:...}` reference for Kafka Connect's FileConfigProvider, never a literal.

mod capacity;
mod config;
mod connectors;
pub mod decimal;
mod model;
mod profile;
mod report;
mod schema;
mod simulate;
mod text;

pub use capacity::{
    slot_decode_bytes_per_s, ConsumerGroupShare, ConsumerLoads, Costs, TaskCapacity, TaskThread,
};
pub use config::{
    Calibration, Config, ConfigError, Connector, ConnectorKind, DebeziumVersion, Kafka, Profile,
    QueueSettings, RawCalibration, RawComparison, RawConfig, RawConnector, RawKafka,
    RawKafkaConnect, RawProfile, RawServer, RawSimulation, RawSource, RawTableSet, Server,
    TableSet, DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_QUEUE_SIZE, DEFAULT_MAX_QUEUE_SIZE_IN_BYTES,
    DEFAULT_OFFSET_FLUSH_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS,
    DEFAULT_SINGLE_CONNECTOR_EVENTS_PER_S, MAX_ALLOWED_POLL_INTERVAL_MS, MAX_STEPS,
};
pub use connectors::{
    allowed_keys, rest_config, rest_configs, tasks_running, RestConnectorConfig,
    MONGODB_ALLOWED_KEYS, POSTGRES_ALLOWED_KEYS, SQLSERVER_ALLOWED_KEYS,
};
pub use model::effective_poll_interval_ms;
pub use report::{
    comparison_configs, evaluate, Binding, CalibrationReport, ComparisonRow, ConnectorReport,
    ConstraintKind, ConsumersReport, DecodingReport, Latency, Report, Stage, StageKind, Throughput,
    WalExport, RUNNING_XACTS_INTERVAL_MS,
};
pub use simulate::{LagPoint, LagSummary};
pub use text::{fmt_num, Lang, Text};

/// Parses, validates and evaluates a JSON config in one call.
pub fn evaluate_json(text: &str) -> Result<Report, ConfigError> {
    let raw = RawConfig::from_json(text)?;
    let config = raw.validate()?;
    Ok(evaluate(&config))
}

/// Parses and validates a JSON config, then returns the generated Kafka Connect REST JSON for
/// each connector.
pub fn connector_configs_json(text: &str) -> Result<Vec<RestConnectorConfig>, ConfigError> {
    let config = RawConfig::from_json(text)?.validate()?;
    Ok(rest_configs(&config))
}
