//! The WAL model against a real PostgreSQL 15 server (issue 8, part 2).
//!
//! Each scenario drives a throwaway cluster step by step (WAL written with one logical message
//! per step, `CHECKPOINT`, a consumer emulated with `pg_logical_slot_peek_changes` +
//! `pg_replication_slot_advance`, heartbeats with `pg_logical_emit_message`), records
//! `pg_replication_slots` and `pg_ls_waldir()` after every step, then replays the very same
//! steps — with the WAL byte counts measured on the server — through the model
//! (`wal_model::run_json`) and compares:
//!
//! * the `wal_status` sequence, step by step: identical;
//! * retained WAL (`pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)`): within one segment;
//! * the step (and so the checkpoint) at which the slot is invalidated: identical;
//! * `safe_wal_size`: identical whenever `restart_lsn` is in the same segment on both sides;
//! * `pg_wal` size: within the tolerance the model states (wal-model docs, simplification 10);
//! * who advances: the slot's consumer confirms only what it received from its own database.
//!
//! Why mostly logical messages rather than `INSERT ... generate_series` for the WAL volume: a message
//! is one WAL record whose space is reserved at once, so a checkpoint the write triggers gets
//! its redo pointer after the write — where the model (writes are instantaneous events) puts
//! it. An `INSERT` of many rows is many records, and a WAL-triggered checkpoint would start at
//! a timing-dependent point inside it. A transactional message also commits, so the WAL is
//! flushed and every segment-full checkpoint request has been made when the step returns.
//! The one scenario that writes rows (`captured-db-writes`, the consumer receives them) ends
//! every step with a `CHECKPOINT`, so the write position never gets far enough past the redo
//! pointer for a WAL-triggered checkpoint.
//!
//! The model replays the server's consumer as a Debezium 2.7 connector on the slot (offset
//! commits every second, one heartbeat per step into the database the step names, or none);
//! the idle-slot scenarios have no connector. Step k happens at model time `(k+1)·2 s`.
//! A consumer that decodes only when called moves `restart_lsn` one call later than a
//! streaming one (see `other-db-heartbeat-sql-consumer`); the model streams.
//!
//! After each step the test waits (polling the control file, not sleeping blindly) until no
//! WAL-triggered checkpoint is due or running: `pg_control_checkpoint().redo_lsn` is the
//! newest completed redo pointer, and XLogWrite requests a checkpoint exactly when the write
//! position reaches segment `seg(redo) + CheckPointSegments` (xlog.c XLogCheckpointNeeded).
//!
//! The measured agreement goes to `target/fidelity/wal-model.json` and a table is printed.

#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use pg_check::{format_lsn, parse_lsn, quote_literal, start_cluster, Cluster, Conn};
use serde::Serialize;
use serde_json::json;
use std::time::{Duration, Instant};
use wal_model::WalStatus;

const MB: u64 = 1024 * 1024;
const SEGMENT: u64 = 16 * MB;
const MAX_WAL_SIZE_MB: u64 = 64;
const MIN_WAL_SIZE_MB: u64 = 32;
/// `checkpoint_completion_target = 0`: the server has no dirty buffers to pace (WAL is
/// written as logical messages), so its checkpoints end at once; the model paces spread
/// checkpoints by time and WAL volume (simplification 4) unless the target is 0.
const COMPLETION_TARGET: &str = "0";
/// CheckPointSegments = floor(max_wal_size segments / (1 + target)) = 4.
const CHECKPOINT_SEGMENTS: u64 = MAX_WAL_SIZE_MB * MB / SEGMENT;
/// Model time per step; the emulated consumer commits at +1.5 s, checkpoints at +1.8 s.
const STEP_MS: u64 = 2_000;
const SLOT: &str = "debezium";
const CAPTURED: &str = "inventory";
const OTHER: &str = "analytics";
/// Retained WAL may differ by less than one segment (`restart_lsn` moves only to
/// running-xacts records; the server's bgwriter logs one every 15 s of real time).
const RETAINED_TOLERANCE: u64 = SEGMENT;
/// The model's stated `pg_wal` tolerance (wal-model docs, simplification 10): one segment.
const PG_WAL_TOLERANCE: u64 = SEGMENT;

/// What one step does on the server (in this order).
#[derive(Debug, Clone, Default)]
struct Plan {
    /// Write this many bytes of WAL in a database (one transactional logical message).
    fill: Option<(&'static str, u64)>,
    /// `INSERT ... generate_series` of this many rows into the captured database's table
    /// (changes the consumer receives).
    insert_rows: Option<u64>,
    /// `pg_logical_emit_message(false, 'heartbeat', ...)` in a database.
    heartbeat: Option<&'static str>,
    /// Run the consumer: peek the slot's changes and confirm the newest received.
    consume: bool,
    /// Explicit `CHECKPOINT`.
    checkpoint: bool,
    /// After the checkpoint, let the consumer's decoder read on to the end of WAL (as a
    /// streaming walsender does; it confirms nothing new, but reads the checkpoint's
    /// running-xacts record, which is what moves `restart_lsn`).
    decode_after_checkpoint: bool,
}

/// The server's state after a step.
#[derive(Debug, Clone, Serialize)]
struct ServerStep {
    label: String,
    current_lsn: String,
    #[serde(skip)]
    current: u64,
    wal_status: Option<String>,
    restart_lsn: Option<String>,
    confirmed_flush_lsn: Option<String>,
    safe_wal_size: Option<i64>,
    retained_bytes: Option<u64>,
    received_changes: usize,
    pg_wal_files: u64,
    pg_wal_bytes: u64,
    checkpoints_completed: usize,
    slot_invalidated: bool,
}

/// The model's view of the same instant.
#[derive(Debug, Clone, Serialize)]
struct ModelStep {
    current_lsn: String,
    wal_status: Option<String>,
    restart_lsn: Option<String>,
    confirmed_flush_lsn: Option<String>,
    safe_wal_size: Option<i64>,
    retained_bytes: Option<u64>,
    pg_wal_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
struct StepResult {
    step: usize,
    label: String,
    wal_bytes_written: u64,
    server: ServerStep,
    model: ModelStep,
    retained_diff_bytes: Option<u64>,
    pg_wal_diff_bytes: i64,
}

#[derive(Debug, Clone, Serialize)]
struct ScenarioResult {
    name: &'static str,
    description: &'static str,
    /// The same in Russian, for the course site's fidelity page.
    description_ru: &'static str,
    max_slot_wal_keep_size_mb: i64,
    steps: usize,
    statuses_server: Vec<String>,
    statuses_model: Vec<String>,
    statuses_agree: bool,
    invalidated_at_step_server: Option<usize>,
    invalidated_at_step_model: Option<usize>,
    max_retained_diff_bytes: u64,
    max_pg_wal_diff_bytes: i64,
    /// Steps whose `restart_lsn` is in the same segment on both sides but whose
    /// `safe_wal_size` differs (it depends only on that segment and the write position).
    safe_wal_size_mismatches: usize,
    final_retained_server: Option<u64>,
    final_retained_model: Option<u64>,
    step_results: Vec<StepResult>,
}

fn lsn_of(conn: &Conn, sql: &str) -> u64 {
    let v = conn
        .value(sql)
        .expect("LSN query")
        .expect("LSN is not NULL");
    parse_lsn(&v).expect("an LSN")
}

fn settings(keep_mb: i64) -> Vec<(String, String)> {
    vec![
        ("wal_level".into(), "logical".into()),
        ("max_wal_size".into(), format!("{MAX_WAL_SIZE_MB}MB")),
        ("min_wal_size".into(), format!("{MIN_WAL_SIZE_MB}MB")),
        (
            "max_slot_wal_keep_size".into(),
            if keep_mb < 0 {
                "-1".into()
            } else {
                format!("{keep_mb}MB")
            },
        ),
        ("checkpoint_timeout".into(), "1d".into()),
        (
            "checkpoint_completion_target".into(),
            COMPLETION_TARGET.into(),
        ),
        ("autovacuum".into(), "off".into()),
        ("fsync".into(), "off".into()),
        ("log_checkpoints".into(), "on".into()),
    ]
}

/// A cluster prepared for a scenario: two databases and the slot in the captured one.
struct Server {
    cluster: Cluster,
    start_lsn: u64,
    log_offset: usize,
}

impl Server {
    fn start(keep_mb: i64) -> Server {
        let owned = settings(keep_mb);
        let s: Vec<(&str, &str)> = owned
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let cluster = start_cluster(&s).expect("a PostgreSQL cluster starts");
        cluster.create_database(CAPTURED).expect("create inventory");
        cluster.create_database(OTHER).expect("create analytics");
        let inv = cluster.connect(CAPTURED);
        inv.execute("CREATE TABLE orders (id bigserial PRIMARY KEY, note text)")
            .expect("create the captured table");
        let log_offset = cluster.server_log().len();
        inv.execute(&format!(
            "SELECT pg_create_logical_replication_slot({}, 'test_decoding')",
            quote_literal(SLOT)
        ))
        .expect("create the slot");
        let start_lsn = lsn_of(
            &inv,
            &format!(
                "SELECT restart_lsn FROM pg_replication_slots WHERE slot_name = {}",
                quote_literal(SLOT)
            ),
        );
        Server {
            cluster,
            start_lsn,
            log_offset,
        }
    }

    fn conn(&self, db: &str) -> Conn {
        self.cluster.connect(db)
    }

    /// Waits until no WAL-triggered checkpoint is due or running (see the module docs).
    fn settle(&self) {
        let pg = self.conn("postgres");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let row = pg
                .query("SELECT pg_current_wal_lsn(), redo_lsn FROM pg_control_checkpoint()")
                .expect("control query");
            let write = parse_lsn(row[0][0].as_deref().expect("lsn")).expect("lsn");
            let redo = parse_lsn(row[0][1].as_deref().expect("redo")).expect("redo");
            if write / SEGMENT < redo / SEGMENT + CHECKPOINT_SEGMENTS {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "a WAL-triggered checkpoint did not complete within 60 s (write {}, redo {})",
                format_lsn(write),
                format_lsn(redo)
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until WAL up to `lsn` is flushed (logical decoding reads only flushed WAL).
    fn wait_flushed(&self, lsn: u64) {
        let pg = self.conn("postgres");
        let deadline = Instant::now() + Duration::from_secs(30);
        while lsn_of(&pg, "SELECT pg_current_wal_flush_lsn()") < lsn {
            assert!(Instant::now() < deadline, "WAL not flushed within 30 s");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn run_step(&self, label: String, plan: &Plan) -> ServerStep {
        let mut received = 0;
        if let Some((db, bytes)) = plan.fill {
            // ~bytes of WAL in one record (the record header and the commit add ~100 bytes).
            self.conn(db)
                .execute(&format!(
                    "SELECT pg_logical_emit_message(true, 'fill', repeat('x', {}))",
                    bytes
                ))
                .expect("fill");
            self.settle();
        }
        if let Some(rows) = plan.insert_rows {
            self.conn(CAPTURED)
                .execute(&format!(
                    "INSERT INTO orders (note) SELECT repeat('x', 100) FROM generate_series(1, {rows})"
                ))
                .expect("insert");
            self.settle();
        }
        if let Some(db) = plan.heartbeat {
            let lsn = lsn_of(
                &self.conn(db),
                "SELECT pg_logical_emit_message(false, 'heartbeat', now()::text)",
            );
            self.wait_flushed(lsn);
        }
        if plan.consume {
            received = self.consume();
        }
        if plan.checkpoint {
            self.conn("postgres")
                .execute("CHECKPOINT")
                .expect("CHECKPOINT");
        }
        self.settle();
        if plan.decode_after_checkpoint {
            received += self.consume();
        }
        self.observe(label, received)
    }

    /// The emulated consumer: peeks the slot's changes (only its own database's are
    /// decoded) and confirms the newest one received. Returns how many it received.
    fn consume(&self) -> usize {
        let mut received = 0;
        {
            let inv = self.conn(CAPTURED);
            let status = inv
                .value(&format!(
                    "SELECT wal_status FROM pg_replication_slots WHERE slot_name = {}",
                    quote_literal(SLOT)
                ))
                .expect("status");
            // A lost slot cannot be decoded any more (the consumer's error, not ours).
            if status.as_deref() != Some("lost") {
                let rows = inv
                    .query(&format!(
                        "SELECT lsn FROM pg_logical_slot_peek_changes({}, NULL, NULL)",
                        quote_literal(SLOT)
                    ))
                    .expect("peek");
                received = rows.len();
                let newest = rows
                    .iter()
                    .filter_map(|r| r[0].as_deref())
                    .map(|l| parse_lsn(l).expect("lsn"))
                    .max();
                let confirmed = lsn_of(
                    &inv,
                    &format!(
                        "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = {}",
                        quote_literal(SLOT)
                    ),
                );
                if let Some(n) = newest.filter(|n| *n > confirmed) {
                    inv.execute(&format!(
                        "SELECT pg_replication_slot_advance({}, '{}')",
                        quote_literal(SLOT),
                        format_lsn(n)
                    ))
                    .expect("advance");
                }
            }
        }
        received
    }

    fn observe(&self, label: String, received: usize) -> ServerStep {
        let pg = self.conn("postgres");
        let rows = pg
            .query(&format!(
                "SELECT pg_current_wal_lsn(), wal_status, restart_lsn, confirmed_flush_lsn, \
                 safe_wal_size, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint, \
                 (SELECT count(*) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{{24}}$'), \
                 (SELECT coalesce(sum(size), 0) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{{24}}$') \
                 FROM pg_replication_slots WHERE slot_name = {}",
                quote_literal(SLOT)
            ))
            .expect("observe");
        let r = &rows[0];
        let log = self.cluster.server_log();
        let log = log.get(self.log_offset..).unwrap_or("");
        let current = parse_lsn(r[0].as_deref().expect("lsn")).expect("lsn");
        ServerStep {
            label,
            current_lsn: format_lsn(current),
            current,
            wal_status: r[1].clone(),
            restart_lsn: r[2].clone(),
            confirmed_flush_lsn: r[3].clone(),
            safe_wal_size: r[4].as_deref().map(|v| v.parse().expect("bytes")),
            retained_bytes: r[5].as_deref().map(|v| v.parse().expect("bytes")),
            received_changes: received,
            pg_wal_files: r[6].as_deref().expect("count").parse().expect("count"),
            pg_wal_bytes: r[7].as_deref().expect("sum").parse().expect("sum"),
            checkpoints_completed: log.matches("checkpoint complete:").count(),
            slot_invalidated: log.contains("invalidating"),
        }
    }
}

/// Which consumer the model replays.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Consumer {
    /// Nobody reads the slot.
    None,
    /// A connector reading the slot, heartbeat messages emitted in this database (or none).
    Connector(Option<&'static str>),
}

struct Scenario {
    name: &'static str,
    description: &'static str,
    description_ru: &'static str,
    keep_mb: i64,
    consumer: Consumer,
}

/// The model scenario replaying the server's steps: step k's WAL at `(k+1)·STEP_MS`, the
/// heartbeat 0.5 s later, the consumer's commit at +1.5 s, the checkpoint at +1.8 s, and the
/// observation at +1.9 s.
fn model_scenario(
    sc: &Scenario,
    start_lsn: u64,
    plans: &[Plan],
    written: &[u64],
) -> serde_json::Value {
    let mut events = Vec::new();
    for (k, (plan, bytes)) in plans.iter().zip(written).enumerate() {
        let t = (k as u64 + 1) * STEP_MS;
        if *bytes > 0 {
            let mut e = json!({ "kind": "write", "at_ms": t, "bytes": bytes });
            if let Some((db, _)) = plan.fill {
                e["database"] = json!(db);
            }
            if plan.insert_rows.is_some() {
                e["database"] = json!(CAPTURED);
            }
            events.push(e);
        }
        if plan.checkpoint {
            events.push(json!({ "kind": "checkpoint", "at_ms": t + 1_800 }));
        }
    }
    let connectors = match sc.consumer {
        Consumer::None => json!([]),
        Consumer::Connector(hb) => {
            let heartbeat = match hb {
                Some(db) => json!({
                    "interval_ms": STEP_MS,
                    "action_query": "emit_message",
                    "target_database": db
                }),
                None => json!({ "interval_ms": 0 }),
            };
            json!([{
                "name": "inventory-connector",
                "slot": SLOT,
                "debezium_version": "2.7",
                "offset_flush_interval_ms": 1_000,
                "start_ms": 500,
                "heartbeat": heartbeat
            }])
        }
    };
    json!({
        "name": sc.name,
        "duration_ms": (plans.len() as u64 + 1) * STEP_MS,
        "postgres": {
            "version": 15,
            "max_wal_size_mb": MAX_WAL_SIZE_MB,
            "min_wal_size_mb": MIN_WAL_SIZE_MB,
            "checkpoint_timeout_s": 86_400,
            "checkpoint_completion_target": 0.0,
            "max_slot_wal_keep_size_mb": sc.keep_mb,
            "start_lsn": format_lsn(start_lsn)
        },
        "disk": { "size_mb": 10_240 },
        "workload": [],
        "slots": [{ "name": SLOT, "database": CAPTURED, "plugin": "test_decoding" }],
        "connectors": connectors,
        "events": events,
        "output": { "max_points": 2_000 }
    })
}

/// Runs the server side with a plan generator (`next(step, previous status)` returns the next
/// step or `None` to stop), then the model, and compares.
fn run_scenario(
    sc: Scenario,
    mut next: impl FnMut(usize, Option<&str>) -> Option<(String, Plan)>,
) -> ScenarioResult {
    let server = Server::start(sc.keep_mb);
    let mut plans = Vec::new();
    let mut steps: Vec<ServerStep> = Vec::new();
    let mut last_status: Option<String> = None;
    while let Some((label, plan)) = next(steps.len(), last_status.as_deref()) {
        assert!(steps.len() < 80, "{}: too many steps", sc.name);
        let s = server.run_step(label, &plan);
        last_status = s.wal_status.clone();
        plans.push(plan);
        steps.push(s);
    }
    let mut prev = server.start_lsn;
    let written: Vec<u64> = steps
        .iter()
        .map(|s| {
            let w = s.current - prev;
            prev = s.current;
            w
        })
        .collect();
    let scenario = model_scenario(&sc, server.start_lsn, &plans, &written);
    let report = wal_model::run_json(&scenario.to_string())
        .unwrap_or_else(|e| panic!("{}: the model rejects the replay: {e}", sc.name));

    let mut step_results = Vec::new();
    for (k, s) in steps.iter().enumerate() {
        let t = (k as u64 + 1) * STEP_MS + 1_900;
        let row = report.slot_row(0, t).expect("the slot exists in the model");
        assert_eq!(
            row.current_lsn.0, s.current,
            "{}: the model's WAL position follows the server's",
            sc.name
        );
        let model = ModelStep {
            current_lsn: format_lsn(row.current_lsn.0),
            wal_status: row.wal_status.map(|w| w.as_str().to_string()),
            restart_lsn: row.restart_lsn.map(|l| format_lsn(l.0)),
            confirmed_flush_lsn: row.confirmed_flush_lsn.map(|l| format_lsn(l.0)),
            safe_wal_size: row.safe_wal_size,
            retained_bytes: row.retained_bytes,
            pg_wal_bytes: report.pg_wal_bytes_at(t),
        };
        let retained_diff = match (s.retained_bytes, model.retained_bytes) {
            (Some(a), Some(b)) => Some(a.abs_diff(b)),
            _ => None,
        };
        step_results.push(StepResult {
            step: k,
            label: s.label.clone(),
            wal_bytes_written: written[k],
            pg_wal_diff_bytes: model.pg_wal_bytes as i64 - s.pg_wal_bytes as i64,
            server: s.clone(),
            model,
            retained_diff_bytes: retained_diff,
        });
    }
    let statuses_server: Vec<String> = step_results
        .iter()
        .map(|r| r.server.wal_status.clone().unwrap_or_default())
        .collect();
    let statuses_model: Vec<String> = step_results
        .iter()
        .map(|r| r.model.wal_status.clone().unwrap_or_default())
        .collect();
    let lost_at = |v: &[String]| v.iter().position(|s| s == WalStatus::Lost.as_str());
    let last = step_results.last().expect("at least one step");
    ScenarioResult {
        name: sc.name,
        description: sc.description,
        description_ru: sc.description_ru,
        max_slot_wal_keep_size_mb: sc.keep_mb,
        steps: step_results.len(),
        statuses_agree: statuses_server == statuses_model,
        invalidated_at_step_server: lost_at(&statuses_server),
        invalidated_at_step_model: lost_at(&statuses_model),
        final_retained_server: last.server.retained_bytes,
        final_retained_model: last.model.retained_bytes,
        statuses_server,
        statuses_model,
        max_retained_diff_bytes: step_results
            .iter()
            .filter_map(|r| r.retained_diff_bytes)
            .max()
            .unwrap_or(0),
        max_pg_wal_diff_bytes: step_results
            .iter()
            .map(|r| r.pg_wal_diff_bytes)
            .max_by_key(|d| d.abs())
            .unwrap_or(0),
        safe_wal_size_mismatches: step_results
            .iter()
            .filter(|r| {
                let seg =
                    |l: &Option<String>| l.as_deref().map(|l| parse_lsn(l).expect("lsn") / SEGMENT);
                let same_segment = seg(&r.server.restart_lsn).is_some()
                    && seg(&r.server.restart_lsn) == seg(&r.model.restart_lsn);
                same_segment && r.server.safe_wal_size != r.model.safe_wal_size
            })
            .count(),
        step_results,
    }
}

fn fill(db: &'static str, mb: u64) -> Plan {
    Plan {
        fill: Some((db, mb * MB)),
        ..Plan::default()
    }
}

fn checkpoint_only() -> (String, Plan) {
    (
        "CHECKPOINT".into(),
        Plan {
            checkpoint: true,
            ..Plan::default()
        },
    )
}

/// An idle slot (no consumer) and 8 MB steps until the server shows `unreserved`, one more
/// write, then an explicit `CHECKPOINT` (which must invalidate it), then one more write.
fn idle_slot_ladder() -> ScenarioResult {
    let mut seen_unreserved: Option<usize> = None;
    run_scenario(
        Scenario {
            name: "idle-slot-limit",
            description: "idle slot, max_slot_wal_keep_size = 128MB: reserved → extended → unreserved → lost at an explicit CHECKPOINT",
            description_ru: "слот без потребителя, max_slot_wal_keep_size = 128MB: reserved → extended → unreserved → lost при явном CHECKPOINT",
            keep_mb: 128,
            consumer: Consumer::None,
        },
        move |k, status| {
            if k == 0 {
                return Some(checkpoint_only());
            }
            if status == Some("unreserved") && seen_unreserved.is_none() {
                seen_unreserved = Some(k);
            }
            match seen_unreserved {
                None => Some((format!("write 8MB in {OTHER}"), fill(OTHER, 8))),
                Some(u) if k == u => Some((format!("write 8MB in {OTHER}"), fill(OTHER, 8))),
                Some(u) if k == u + 1 => Some(checkpoint_only()),
                Some(u) if k == u + 2 => Some((format!("write 8MB in {OTHER}"), fill(OTHER, 8))),
                Some(_) => None,
            }
        },
    )
}

/// The same writes with `max_slot_wal_keep_size = -1`: never lost, pg_wal keeps growing.
fn idle_slot_unlimited() -> ScenarioResult {
    run_scenario(
        Scenario {
            name: "idle-slot-unlimited",
            description: "idle slot, max_slot_wal_keep_size = -1: reserved → extended, never lost",
            description_ru: "слот без потребителя, max_slot_wal_keep_size = -1: reserved → extended, слот не теряется",
            keep_mb: -1,
            consumer: Consumer::None,
        },
        |k, _| match k {
            0 => Some(checkpoint_only()),
            1..=24 => Some((format!("write 8MB in {OTHER}"), fill(OTHER, 8))),
            25 => Some(checkpoint_only()),
            26 | 27 => Some((format!("write 8MB in {OTHER}"), fill(OTHER, 8))),
            _ => None,
        },
    )
}

/// Writes only in the other database, a consumer on the captured one, a `CHECKPOINT` per
/// step, and a heartbeat emitted in `heartbeat` (or none).
fn other_database(
    name: &'static str,
    description: &'static str,
    description_ru: &'static str,
    heartbeat: Option<&'static str>,
    decode_after_checkpoint: bool,
) -> ScenarioResult {
    run_scenario(
        Scenario {
            name,
            description,
            description_ru,
            keep_mb: 128,
            consumer: Consumer::Connector(heartbeat),
        },
        move |k, _| match k {
            0 => Some(checkpoint_only()),
            1..=24 => Some((
                match heartbeat {
                    Some(db) => {
                        format!("write 6MB in {OTHER}, heartbeat in {db}, consume, CHECKPOINT")
                    }
                    None => format!("write 6MB in {OTHER}, consume, CHECKPOINT"),
                },
                Plan {
                    fill: Some((OTHER, 6 * MB)),
                    heartbeat,
                    consume: true,
                    checkpoint: true,
                    decode_after_checkpoint,
                    insert_rows: None,
                },
            )),
            _ => None,
        },
    )
}

/// Writes in the captured database itself (`INSERT ... generate_series`, ~4 MB of WAL a
/// step), the consumer confirms the changes it receives, a `CHECKPOINT` per step (so no
/// WAL-triggered checkpoint starts inside an `INSERT`): the slot keeps up.
fn captured_database() -> ScenarioResult {
    run_scenario(
        Scenario {
            name: "captured-db-writes",
            description: "INSERT ... generate_series in the captured database, the consumer confirms what it receives: the slot keeps up",
            description_ru: "INSERT ... generate_series в захватываемой базе, потребитель подтверждает полученное: слот не отстаёт",
            keep_mb: 128,
            consumer: Consumer::Connector(None),
        },
        |k, _| match k {
            0 => Some(checkpoint_only()),
            1..=16 => Some((
                format!("INSERT 20000 rows in {CAPTURED}, consume, CHECKPOINT"),
                Plan {
                    insert_rows: Some(20_000),
                    consume: true,
                    checkpoint: true,
                    decode_after_checkpoint: true,
                    ..Plan::default()
                },
            )),
            _ => None,
        },
    )
}

fn target_dir() -> std::path::PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => d.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

/// The current UTC time as RFC 3339 (`2026-11-26T04:13:05Z`): when the comparison ran, for
/// the fidelity page. (The test may read the clock; the models never do.)
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil inverse).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

fn mib(b: u64) -> String {
    format!("{:.1}", b as f64 / MB as f64)
}

#[test]
fn wal_model_agrees_with_postgresql_15() {
    let started = Instant::now();
    // Independent clusters: run the scenarios side by side, report them in this order.
    let results: Vec<ScenarioResult> = std::thread::scope(|scope| {
        let runs: Vec<std::thread::ScopedJoinHandle<'_, ScenarioResult>> = vec![
            scope.spawn(idle_slot_ladder),
            scope.spawn(idle_slot_unlimited),
            scope.spawn(|| other_database(
                "other-db-no-heartbeat",
                "writes only in another database, no heartbeat: the slot never advances",
                "запись только в другой базе, heartbeat нет: слот не продвигается",
                None,
                true,
            )),
            scope.spawn(|| other_database(
                "other-db-heartbeat",
                "writes only in another database, heartbeat emitted in the captured database, the consumer decodes on after each checkpoint (as a walsender streams): the slot advances",
                "запись только в другой базе, heartbeat пишется в захватываемую базу, после каждой контрольной точки потребитель декодирует дальше (как walsender в потоке): слот продвигается",
                Some(CAPTURED),
                true,
            )),
            scope.spawn(|| other_database(
                "other-db-heartbeat-sql-consumer",
                "the same, but the consumer decodes only once per step (SQL functions): restart_lsn moves at its next call, one step behind the model's streaming connector",
                "то же, но потребитель декодирует один раз за шаг (SQL-функциями): restart_lsn сдвигается при следующем вызове, на шаг позже, чем у потокового коннектора модели",
                Some(CAPTURED),
                false,
            )),
            scope.spawn(captured_database),
            scope.spawn(|| other_database(
                "heartbeat-wrong-database",
                "writes only in another database, heartbeat emitted in that other database: not seen, the slot never advances",
                "запись только в другой базе, heartbeat пишется в ту же другую базу: слот его не видит и не продвигается",
                Some(OTHER),
                true,
            )),
        ];
        runs.into_iter()
            .map(|h| h.join().expect("a scenario panicked"))
            .collect()
    });
    let version = {
        let c = start_cluster(&[]).expect("cluster");
        c.connect("postgres")
            .value("SHOW server_version")
            .expect("version")
            .unwrap_or_default()
    };

    let out = target_dir().join("fidelity");
    std::fs::create_dir_all(&out).expect("create target/fidelity");
    let out = std::fs::canonicalize(&out).expect("target/fidelity exists");
    let file = out.join("wal-model.json");
    let doc = json!({
        "measured_at": utc_now(),
        "what": "wal-model replayed step by step against a real PostgreSQL server (crates/pg-check/tests/model_vs_server.rs)",
        "server_version": version,
        "settings": {
            "max_wal_size": format!("{MAX_WAL_SIZE_MB}MB"),
            "min_wal_size": format!("{MIN_WAL_SIZE_MB}MB"),
            "checkpoint_completion_target": COMPLETION_TARGET,
            "wal_segment_size": "16MB"
        },
        "tolerances": {
            "wal_status": "identical at every step",
            "retained_bytes": RETAINED_TOLERANCE,
            "pg_wal_bytes": PG_WAL_TOLERANCE,
            "invalidation": "same step"
        },
        "scenarios": results,
    });
    std::fs::write(
        &file,
        serde_json::to_string_pretty(&doc).expect("serialize"),
    )
    .expect("write the fidelity file");

    println!(
        "\nwal-model vs PostgreSQL {version} ({} s, {})",
        started.elapsed().as_secs(),
        file.display()
    );
    println!(
        "{:<32} {:>5} {:>7} {:>6} {:>14} {:>14} {:>12}",
        "scenario", "steps", "status", "lost@", "max Δretained B", "max Δpg_wal", "final MiB"
    );
    for r in &results {
        println!(
            "{:<32} {:>5} {:>7} {:>6} {:>14} {:>10} MiB {:>5}/{:<6}",
            r.name,
            r.steps,
            if r.statuses_agree { "same" } else { "DIFFER" },
            r.invalidated_at_step_server
                .map_or("-".to_string(), |s| s.to_string()),
            r.max_retained_diff_bytes,
            format!("{:+.1}", r.max_pg_wal_diff_bytes as f64 / MB as f64),
            r.final_retained_server.map_or("-".into(), mib),
            r.final_retained_model.map_or("-".into(), mib),
        );
    }

    let mut problems = Vec::new();
    for r in &results {
        if !r.statuses_agree {
            problems.push(format!(
                "{}: wal_status differs\n  server {:?}\n  model  {:?}",
                r.name, r.statuses_server, r.statuses_model
            ));
        }
        if r.invalidated_at_step_server != r.invalidated_at_step_model {
            problems.push(format!(
                "{}: invalidated at step {:?} on the server, {:?} in the model",
                r.name, r.invalidated_at_step_server, r.invalidated_at_step_model
            ));
        }
        if r.max_retained_diff_bytes >= RETAINED_TOLERANCE {
            problems.push(format!(
                "{}: retained WAL differs by {} bytes (≥ one segment)",
                r.name, r.max_retained_diff_bytes
            ));
        }
        if r.safe_wal_size_mismatches > 0 {
            problems.push(format!(
                "{}: safe_wal_size differs at {} steps with restart_lsn in the same segment",
                r.name, r.safe_wal_size_mismatches
            ));
        }
        if r.max_pg_wal_diff_bytes.unsigned_abs() > PG_WAL_TOLERANCE {
            problems.push(format!(
                "{}: pg_wal differs by {} bytes (> {PG_WAL_TOLERANCE})",
                r.name, r.max_pg_wal_diff_bytes
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the model disagrees with the server (details in {}):\n{}",
        file.display(),
        problems.join("\n")
    );

    // The lesson's claims, on the server itself.
    let by_name = |n: &str| results.iter().find(|r| r.name == n).expect("scenario ran");
    let ladder = by_name("idle-slot-limit");
    for s in ["reserved", "extended", "unreserved", "lost"] {
        assert!(
            ladder.statuses_server.iter().any(|x| x == s),
            "the idle slot passes through {s}: {:?}",
            ladder.statuses_server
        );
    }
    let lost = ladder.invalidated_at_step_server.expect("lost");
    assert_eq!(
        ladder.step_results[lost].label, "CHECKPOINT",
        "the slot is lost at the explicit CHECKPOINT after unreserved"
    );
    assert_eq!(
        ladder.statuses_server[lost - 1],
        "unreserved",
        "unreserved until that checkpoint"
    );
    let unlimited = by_name("idle-slot-unlimited");
    assert!(unlimited.invalidated_at_step_server.is_none());
    assert!(unlimited.statuses_server.iter().any(|x| x == "extended"));
    let good = by_name("other-db-heartbeat");
    assert!(good.invalidated_at_step_server.is_none());
    assert!(
        good.final_retained_server.expect("retained") < 2 * SEGMENT,
        "a heartbeat in the captured database keeps the slot near the head"
    );
    let captured = by_name("captured-db-writes");
    assert!(captured.invalidated_at_step_server.is_none());
    assert!(
        captured
            .step_results
            .iter()
            .skip(1)
            .all(|s| s.server.received_changes > 0),
        "the consumer receives the INSERTs"
    );
    assert!(
        captured.final_retained_server.expect("retained") < SEGMENT,
        "a consumer of the captured database keeps the slot near the head"
    );
    for n in ["other-db-no-heartbeat", "heartbeat-wrong-database"] {
        let r = by_name(n);
        assert!(
            r.invalidated_at_step_server.is_some(),
            "{n}: the slot never advances and is eventually lost"
        );
        assert!(
            r.step_results
                .iter()
                .all(|s| s.server.received_changes == 0),
            "{n}: the consumer receives nothing from another database"
        );
    }
}
