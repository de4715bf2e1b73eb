//! Every code block of the lessons checked against the real thing (issue 8, part 1).
//!
//! * Every ```` ```sql ```` block of every lesson (`www/course/src/content/course/*/*.mdx`) runs,
//!   in file order, with psql semantics (`psql -v ON_ERROR_STOP=1 -f`, several statements per
//!   block allowed) against a throwaway PostgreSQL 15 cluster set up the way the lab describes:
//!   the server settings of `labs/docker-compose.yml`'s postgres command, the database
//!   `inventory`, `labs/init/*.sql` run with psql as the postgres image runs them, then what the
//!   lesson says exists before its SQL (publication `dbz_publication`, slot `debezium_inventory`,
//!   which the lab's connector creates). One cluster per lesson, lessons side by side.
//!   A block runs in `inventory` unless its first lines say `-- database: NAME`; a block whose
//!   first line is `-- skip-check: <reason>` is listed with its reason and not run. A failing
//!   block fails the test naming the lesson, the block number, the file line and the error.
//! * What a lesson's prose says a result means is checked after the block it is about (the
//!   `checks` of each lesson below: a block is found by a piece of its text, so a rewritten
//!   block that loses the check fails the test instead of silently skipping it).
//! * Every ```` ```bash ```` block passes `bash -n` and `shellcheck -s bash`; every
//!   ```` ```json ```` block parses; connector configurations use only allowed keys
//!   (`data/connector-config-keys.tsv` + scaling-model's `POSTGRES_ALLOWED_KEYS`); every `curl`
//!   calls an endpoint of `data/connect-rest-endpoints.tsv` with a body of the right shape.
//!   `labs/README.md` is checked the same way (shell, JSON, curl; its SQL is not a lesson).

// Test code from top to bottom (helpers included): a failing expectation is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "lessons/blocks.rs"]
mod blocks;
#[path = "lessons/shell.rs"]
mod shell;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use blocks::{extract, lesson_files, repo_root, short_name, Block};
use pg_check::{find_bindir, parse_lsn, start_cluster, Cluster, Conn};
use serde_json::Value;

type Rows = Vec<Vec<Option<String>>>;

/// What a check sees: the lesson's database connection, every SQL block of the lesson, and a
/// notebook for values remembered between checks.
struct Ctx<'a> {
    conn: Conn,
    cluster: &'a Cluster,
    sql_blocks: Vec<Block>,
    memo: RefCell<BTreeMap<String, String>>,
}

impl Ctx<'_> {
    fn db(&self, db: &str) -> Conn {
        self.cluster.connect(db)
    }

    fn execute(&self, sql: &str) -> Result<(), String> {
        self.conn.execute(sql).map_err(|e| e.to_string())
    }

    fn value(&self, sql: &str) -> Result<String, String> {
        self.conn
            .value(sql)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{sql:?} returned NULL"))
    }

    /// The lesson's SQL block containing `marker`.
    fn block(&self, marker: &str) -> Result<&Block, String> {
        self.sql_blocks
            .iter()
            .find(|b| b.body.contains(marker))
            .ok_or_else(|| format!("no SQL block contains {marker:?}"))
    }

    /// Runs the SQL block containing `marker` again through psql (for idempotence claims).
    fn rerun(&self, marker: &str) -> Result<(), String> {
        let block = self.block(marker)?;
        run_psql_file(self.cluster, "inventory", &block.body).map_err(|(_, e)| e)
    }

    /// The rows of the SQL block containing `marker`, run as one query.
    fn rows_of(&self, marker: &str) -> Result<Rows, String> {
        let block = self.block(marker)?;
        self.conn.query(&block.body).map_err(|e| e.to_string())
    }
}

/// What the lesson says about the result of the block containing `marker`.
struct Check {
    marker: &'static str,
    /// Run this (single-statement) block through `Conn::query` and pass its rows, instead of
    /// `psql -f` — so that a query with side effects (decoding statistics) runs once.
    as_query: bool,
    what: &'static str,
    f: fn(&Ctx, &Rows) -> Result<(), String>,
}

struct Lesson {
    file: &'static str,
    /// Settings on top of the lab's, each with a reason in the code below.
    extra_settings: &'static [(&'static str, &'static str)],
    setup: fn(&Ctx) -> Result<(), String>,
    checks: Vec<Check>,
}

fn check(
    marker: &'static str,
    what: &'static str,
    f: fn(&Ctx, &Rows) -> Result<(), String>,
) -> Check {
    Check {
        marker,
        as_query: false,
        what,
        f,
    }
}

fn query_check(
    marker: &'static str,
    what: &'static str,
    f: fn(&Ctx, &Rows) -> Result<(), String>,
) -> Check {
    Check {
        marker,
        as_query: true,
        what,
        f,
    }
}

fn ensure(cond: bool, msg: impl FnOnce() -> String) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(msg())
    }
}

fn field(rows: &Rows, r: usize, c: usize) -> Result<String, String> {
    rows.get(r)
        .and_then(|row| row.get(c))
        .cloned()
        .flatten()
        .ok_or_else(|| format!("no value at row {r}, column {c} of {rows:?}"))
}

// ---- the lab's state before a lesson's SQL -------------------------------------------------

/// What the lab's connector creates on its first start (labs/README.md: the base config has no
/// `publication.autocreate.mode`, so Debezium's default `all_tables` runs
/// `CREATE PUBLICATION dbz_publication FOR ALL TABLES`; then it creates its slot with
/// `plugin.name=pgoutput`). Kafka is not here, so the test creates both the way it would.
fn connector_all_tables(ctx: &Ctx) -> Result<(), String> {
    create_publication_all_tables(ctx)?;
    create_connector_slot(ctx)
}

fn create_publication_all_tables(ctx: &Ctx) -> Result<(), String> {
    ctx.execute("CREATE PUBLICATION dbz_publication FOR ALL TABLES")
}

fn create_connector_slot(ctx: &Ctx) -> Result<(), String> {
    ctx.execute("SELECT pg_create_logical_replication_slot('debezium_inventory', 'pgoutput')")
}

/// Lesson 05's connector (its JSON: `publication.autocreate.mode=filtered` with the four
/// tables of `table.include.list`): Debezium runs `CREATE PUBLICATION ... FOR TABLE ...`.
fn connector_filtered(ctx: &Ctx) -> Result<(), String> {
    ctx.execute(
        "CREATE PUBLICATION dbz_publication FOR TABLE public.customers, public.products, \
         public.orders, public.order_items",
    )?;
    create_connector_slot(ctx)
}

/// Lesson 04 is about the new writer after a failover: on PostgreSQL 15 logical slots are not
/// copied to replicas, so the slot is missing; the publication (a catalog object) came along.
fn new_writer_after_failover(ctx: &Ctx) -> Result<(), String> {
    create_publication_all_tables(ctx)
}

/// Lesson 07: the lab connector, stopped, while the neighbouring database `analytics` wrote
/// more than `max_wal_size` of WAL with the lab's own `make_page_views` (120 000 rows, about
/// 78 MB). The lab keeps `max_wal_size` at its 1 GB default; writing a gigabyte would take
/// too long here, so this lesson's cluster scales the threshold down to 64 MB (the query
/// reads `max_wal_size` from the server, so it is the same query either way).
fn stopped_connector_busy_neighbour(ctx: &Ctx) -> Result<(), String> {
    connector_all_tables(ctx)?;
    ctx.db("analytics")
        .execute("SELECT public.make_page_views(120000)")
        .map_err(|e| e.to_string())
}

fn slot_exists(ctx: &Ctx, name: &str) -> Result<bool, String> {
    Ok(ctx.value(&format!(
        "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '{name}'"
    ))? == "1")
}

fn wait_for_setting(ctx: &Ctx, name: &str, want: &str) -> Result<(), String> {
    let mut last = String::new();
    for _ in 0..50 {
        last = ctx.value(&format!("SHOW {name}"))?;
        if last == want {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err(format!(
        "after pg_reload_conf() {name} = {last}, not {want}"
    ))
}

// ---- the lessons ---------------------------------------------------------------------------

fn lessons() -> Vec<Lesson> {
    vec![
        Lesson {
            file: "02-module-2/02-replication-slots-lifecycle.mdx",
            extra_settings: &[],
            setup: connector_all_tables,
            checks: vec![
                check(
                    "pg_create_logical_replication_slot('lesson02_slot', 'test_decoding')",
                    "two slots with the two plugins",
                    |ctx, _| {
                        for (slot, plugin) in
                            [("lesson02_slot", "test_decoding"), ("lesson02_pgoutput", "pgoutput")]
                        {
                            let p = ctx.value(&format!(
                                "SELECT plugin || ' ' || database FROM pg_replication_slots WHERE slot_name = '{slot}'"
                            ))?;
                            ensure(p == format!("{plugin} inventory"), || {
                                format!("{slot}: {p}, not {plugin} in inventory")
                            })?;
                            let c = ctx.value(&format!(
                                "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '{slot}'"
                            ))?;
                            ctx.memo.borrow_mut().insert(slot.to_string(), c);
                        }
                        // The prose: the SQL functions cannot read pgoutput (proto_version).
                        let err = ctx
                            .conn
                            .execute("SELECT * FROM pg_logical_slot_peek_changes('lesson02_pgoutput', NULL, NULL)")
                            .err()
                            .map(|e| e.to_string())
                            .unwrap_or_default();
                        ensure(err.contains("proto_version"), || {
                            format!("peek on a pgoutput slot should fail about proto_version: {err:?}")
                        })
                    },
                ),
                check(
                    "pg_logical_slot_get_changes('lesson02_slot'",
                    "get moves lesson02_slot's confirmed_flush_lsn, lesson02_pgoutput stays",
                    |ctx, _| {
                        for (slot, moves) in [("lesson02_slot", true), ("lesson02_pgoutput", false)] {
                            let before = parse_lsn(&ctx.memo.borrow()[slot]).map_err(|e| e.0)?;
                            let now = parse_lsn(&ctx.value(&format!(
                                "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '{slot}'"
                            ))?)
                            .map_err(|e| e.0)?;
                            ensure((now > before) == moves, || {
                                format!("{slot}: confirmed_flush_lsn {before:X} -> {now:X}, expected moved = {moves}")
                            })?;
                        }
                        Ok(())
                    },
                ),
                check(
                    "pg_drop_replication_slot('lesson02_pgoutput')",
                    "both lesson slots dropped",
                    |ctx, _| {
                        let n = ctx.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'lesson02%'")?;
                        ensure(n == "0", || format!("{n} lesson02 slots left"))
                    },
                ),
                check(
                    "SELECT pg_drop_replication_slot('debezium_inventory');",
                    "terminate + drop removes the connector's slot",
                    |ctx, _| ensure(!slot_exists(ctx, "debezium_inventory")?, || "debezium_inventory still exists".into()),
                ),
            ],
        },
        Lesson {
            file: "02-module-2/03-wal-configuration-tuning.mdx",
            extra_settings: &[],
            setup: connector_all_tables,
            checks: vec![
                query_check(
                    "pending_restart",
                    "the three decoding settings need a restart; the lab's values are in force",
                    |_, rows| {
                        let by_name: BTreeMap<String, (String, String)> = rows
                            .iter()
                            .filter_map(|r| {
                                Some((r.first()?.clone()?, (r.get(1)?.clone()?, r.get(3)?.clone()?)))
                            })
                            .collect();
                        for (name, setting, context) in [
                            ("wal_level", "logical", "postmaster"),
                            ("max_replication_slots", "10", "postmaster"),
                            ("max_wal_senders", "10", "postmaster"),
                            ("max_slot_wal_keep_size", "10240", "sighup"),
                            ("max_wal_size", "1024", "sighup"),
                        ] {
                            let got = by_name.get(name).ok_or_else(|| format!("no row for {name}"))?;
                            ensure(got.0 == setting && got.1 == context, || {
                                format!("{name}: setting {} context {}, expected {setting} {context}", got.0, got.1)
                            })?;
                        }
                        Ok(())
                    },
                ),
                check(
                    "ALTER SYSTEM SET max_slot_wal_keep_size = '50GB'",
                    "ALTER SYSTEM + pg_reload_conf() applies without a restart",
                    |ctx, _| wait_for_setting(ctx, "max_slot_wal_keep_size", "50GB"),
                ),
            ],
        },
        Lesson {
            file: "02-module-2/04-aurora-failover.mdx",
            extra_settings: &[],
            setup: new_writer_after_failover,
            checks: vec![
                check(
                    "SELECT pubname, puballtables FROM pg_publication;",
                    "the publication moved with the data, the slot did not",
                    |ctx, _| {
                        ensure(!slot_exists(ctx, "debezium_inventory")?, || "slot present".into())?;
                        let p = ctx.value("SELECT count(*) FROM pg_publication WHERE pubname = 'dbz_publication'")?;
                        ensure(p == "1", || "no dbz_publication".into())
                    },
                ),
                check(
                    "pg_create_logical_replication_slot('debezium_inventory', 'pgoutput')",
                    "the slot is created; lsn_proc 23456789 compares with restart_lsn in pg_lsn units",
                    |ctx, _| {
                        let rows = ctx.rows_of("'0/0'::pg_lsn + 23456789")?;
                        ensure(rows.len() == 1, || format!("{} rows, not 1", rows.len()))?;
                        let offset = field(&rows, 0, 0)?;
                        ensure(offset == "0/165EC15", || format!("offset_lsn {offset}, not 0/165EC15"))?;
                        let restart = parse_lsn(&field(&rows, 0, 1)?).map_err(|e| e.0)?;
                        let avail = field(&rows, 0, 2)?;
                        let want = if restart <= 23_456_789 { "t" } else { "f" };
                        ensure(avail == want, || format!("offset_still_available {avail}, restart_lsn {restart}"))
                    },
                ),
            ],
        },
        Lesson {
            file: "03-module-3/05-wal-bloat-heartbeat.mdx",
            extra_settings: &[],
            setup: connector_filtered,
            checks: vec![
                query_check(
                    "SELECT slot_name, plugin, slot_type, database, active, restart_lsn, confirmed_flush_lsn",
                    "the connector's slot is logical, pgoutput, in inventory",
                    |_, rows| {
                        ensure(rows.len() == 1, || format!("{rows:?}"))?;
                        let got = (field(rows, 0, 1)?, field(rows, 0, 2)?, field(rows, 0, 3)?);
                        ensure(got == ("pgoutput".into(), "logical".into(), "inventory".into()), || format!("{got:?}"))
                    },
                ),
                check(
                    "ALTER SYSTEM SET max_slot_wal_keep_size = '8GB'",
                    "applied by a reload",
                    |ctx, _| wait_for_setting(ctx, "max_slot_wal_keep_size", "8GB"),
                ),
                query_check(
                    "current_setting(name) AS value",
                    "the settings WAL retention depends on",
                    |_, rows| {
                        let names: Vec<String> = rows.iter().filter_map(|r| r.first().cloned().flatten()).collect();
                        ensure(names.len() == 6, || format!("{names:?}"))?;
                        let seg = rows.iter().find(|r| r.first().cloned().flatten().as_deref() == Some("wal_segment_size"));
                        ensure(seg.and_then(|r| r.get(1).cloned().flatten()).as_deref() == Some("16MB"), || format!("{seg:?}"))
                    },
                ),
                check(
                    "SELECT pg_logical_emit_message(false, 'heartbeat', now()::varchar);",
                    "decoding is per database: the slot of inventory sees inventory's message, not analytics'",
                    heartbeat_is_per_database,
                ),
                check(
                    "ON CONFLICT (id) DO UPDATE SET last_beat = EXCLUDED.last_beat",
                    "the heartbeat table is in the publication; the block can run again and keeps one row",
                    |ctx, _| {
                        ctx.rerun("ON CONFLICT (id) DO UPDATE SET last_beat = EXCLUDED.last_beat")?;
                        let n = ctx.value("SELECT count(*) FROM pg_publication_tables WHERE pubname = 'dbz_publication' AND tablename = 'debezium_heartbeat'")?;
                        ensure(n == "1", || "debezium_heartbeat is not in dbz_publication".into())?;
                        let rows = ctx.value("SELECT count(*) FROM public.debezium_heartbeat")?;
                        ensure(rows == "1", || format!("{rows} heartbeat rows"))
                    },
                ),
                query_check(
                    "END AS health",
                    "the slot-health query agrees with an independent reading of pg_replication_slots",
                    slot_health_agrees,
                ),
                query_check(
                    "FROM pg_ls_waldir();",
                    "pg_wal has files",
                    |_, rows| {
                        let n: u64 = field(rows, 0, 0)?.parse().map_err(|e| format!("{e}"))?;
                        ensure(n > 0, || "no WAL files".into())
                    },
                ),
            ],
        },
        Lesson {
            file: "03-module-3/06-connector-scaling-tasks.mdx",
            extra_settings: &[],
            setup: connector_all_tables,
            checks: vec![
                query_check(
                    "LEFT JOIN pg_stat_replication AS r ON r.pid = s.active_pid\nWHERE s.slot_type = 'logical'",
                    "one row per logical slot, inactive without a connector",
                    |_, rows| {
                        ensure(rows.len() == 1 && field(rows, 0, 0)? == "debezium_inventory" && field(rows, 0, 3)? == "f", || format!("{rows:?}"))
                    },
                ),
                check(
                    "CREATE PUBLICATION dbz_orders",
                    "the publication block can run again and leaves both publications",
                    |ctx, _| {
                        ctx.rerun("CREATE PUBLICATION dbz_orders")?;
                        let n = ctx.value("SELECT count(*) FROM pg_publication_tables WHERE pubname IN ('dbz_orders', 'dbz_catalog')")?;
                        ensure(n == "4", || format!("{n} published tables, not 4"))
                    },
                ),
                query_check(
                    "AS retained_wal\nFROM pg_replication_slots\nWHERE slot_name IN ('debezium_orders', 'debezium_catalog')",
                    "both slots retain the same WAL",
                    |_, rows| {
                        ensure(rows.len() == 2 && field(rows, 0, 1)? == field(rows, 1, 1)?, || format!("{rows:?}"))
                    },
                ),
                query_check(
                    "pg_logical_slot_peek_binary_changes('debezium_orders'",
                    "0 messages from each slot: the inserts are in no publication",
                    |_, rows| {
                        ensure(rows.len() == 2 && field(rows, 0, 1)? == "0" && field(rows, 1, 1)? == "0", || format!("{rows:?}"))
                    },
                ),
                query_check(
                    "FROM pg_stat_replication_slots",
                    "both slots decoded the same amount (all 20 000 inserts)",
                    |ctx, rows| {
                        ensure(rows.len() == 2, || format!("{rows:?}"))?;
                        // The lesson: "if there are zeros, repeat in a second".
                        let q = "SELECT string_agg(total_bytes::text || '/' || total_txns::text, ' ' ORDER BY slot_name) FROM pg_stat_replication_slots WHERE slot_name IN ('debezium_orders', 'debezium_catalog')";
                        let mut last = String::new();
                        for _ in 0..50 {
                            last = ctx.value(q)?;
                            let parts: Vec<&str> = last.split(' ').collect();
                            if parts.len() == 2 && !parts[0].starts_with("0/") && parts[0] == parts[1] {
                                let bytes: u64 = parts[0].split('/').next().unwrap_or("0").parse().unwrap_or(0);
                                // 20 000 rows of 200 bytes: several MB decoded by each slot.
                                return ensure(bytes > 4_000_000, || format!("only {bytes} bytes decoded"));
                            }
                            std::thread::sleep(std::time::Duration::from_millis(100));
                        }
                        Err(format!("decoding statistics differ or stay zero: {last}"))
                    },
                ),
                check(
                    "DROP TABLE public.scaling_demo;",
                    "demo slots and table gone, publications kept",
                    |ctx, _| {
                        let s = ctx.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name IN ('debezium_orders', 'debezium_catalog')")?;
                        let p = ctx.value("SELECT count(*) FROM pg_publication WHERE pubname IN ('dbz_orders', 'dbz_catalog')")?;
                        let t = ctx.value("SELECT count(*) FROM pg_class WHERE relname = 'scaling_demo'")?;
                        ensure((s.as_str(), p.as_str(), t.as_str()) == ("0", "2", "0"), || format!("slots {s}, publications {p}, tables {t}"))
                    },
                ),
            ],
        },
        Lesson {
            file: "03-module-3/07-disaster-recovery-procedures.mdx",
            extra_settings: &[("max_wal_size", "64MB")],
            setup: stopped_connector_busy_neighbour,
            checks: vec![
                query_check(
                    "restart_lsn - '0/0'::pg_lsn AS restart_lsn_num",
                    "pg_lsn - '0/0' is the LSN as the number stored in connect-offsets",
                    |_, rows| {
                        ensure(rows.len() == 1, || format!("{rows:?}"))?;
                        for (text, num) in [(3, 4), (5, 6)] {
                            let lsn = parse_lsn(&field(rows, 0, text)?).map_err(|e| e.0)?;
                            let n = field(rows, 0, num)?;
                            ensure(lsn.to_string() == n, || format!("{lsn} vs {n}"))?;
                        }
                        Ok(())
                    },
                ),
                query_check(
                    "AS lsn_proc_as_lsn",
                    "number -> LSN and back",
                    |_, rows| {
                        let got = (field(rows, 0, 0)?, field(rows, 0, 1)?);
                        ensure(got == ("0/1713E10".into(), "24198672".into()), || format!("{got:?}"))
                    },
                ),
                query_check(
                    "> pg_size_bytes(current_setting('max_wal_size'))",
                    "the orphaned-slot query finds the stopped connector's slot retaining more than max_wal_size",
                    |ctx, rows| {
                        ensure(rows.len() == 1 && field(rows, 0, 0)? == "debezium_inventory" && field(rows, 0, 2)? == "f", || format!("{rows:?}"))?;
                        let status = field(rows, 0, 3)?;
                        ensure(["reserved", "extended"].contains(&status.as_str()), || status.clone())?;
                        let cur = parse_lsn(&ctx.value("SELECT pg_current_wal_lsn()")?).map_err(|e| e.0)?;
                        let restart = parse_lsn(&ctx.value("SELECT restart_lsn FROM pg_replication_slots WHERE slot_name = 'debezium_inventory'")?).map_err(|e| e.0)?;
                        ensure(cur - restart > 64 << 20, || format!("retained {} bytes", cur - restart))
                    },
                ),
                check(
                    "AND NOT active;",
                    "the inactive slot is dropped",
                    |ctx, _| ensure(!slot_exists(ctx, "debezium_inventory")?, || "still there".into()),
                ),
                check(
                    "WHERE NOT EXISTS (\n    SELECT 1 FROM pg_replication_slots WHERE slot_name = 'debezium_inventory'",
                    "the slot is created, and running the block again changes nothing",
                    |ctx, _| {
                        ctx.rerun("WHERE NOT EXISTS (\n    SELECT 1 FROM pg_replication_slots")?;
                        let p = ctx.value("SELECT plugin || ' ' || count(*) OVER () FROM pg_replication_slots WHERE slot_name = 'debezium_inventory'")?;
                        ensure(p == "pgoutput 1", || p.clone())
                    },
                ),
                check(
                    "'execute-snapshot'",
                    "one execute-snapshot signal for public.orders, incremental",
                    |ctx, _| {
                        let data = ctx.value("SELECT data FROM public.debezium_signal WHERE type = 'execute-snapshot'")?;
                        let v: Value = serde_json::from_str(&data).map_err(|e| e.to_string())?;
                        ensure(v["data-collections"] == serde_json::json!(["public.orders"]) && v["type"] == "incremental", || data.clone())
                    },
                ),
                check(
                    "'dr-marker'",
                    "the marker row is there",
                    |ctx, _| {
                        let n = ctx.value("SELECT count(*) FROM public.orders WHERE status = 'dr-marker'")?;
                        ensure(n == "1", || format!("{n} markers"))
                    },
                ),
            ],
        },
    ]
}

/// Lesson 05, lab step 4 in SQL: a message emitted in `analytics` is not decoded by a slot of
/// `inventory`; the one emitted in `inventory` is, as one pgoutput `M` message (with
/// `messages` on; none without it).
fn heartbeat_is_per_database(ctx: &Ctx, _: &Rows) -> Result<(), String> {
    ctx.execute("SELECT pg_create_logical_replication_slot('heartbeat_demo', 'pgoutput')")?;
    let result = (|| {
        ctx.db("analytics")
            .execute("SELECT pg_logical_emit_message(false, 'heartbeat', 'from analytics')")
            .map_err(|e| e.to_string())?;
        let emitted =
            ctx.value("SELECT pg_logical_emit_message(false, 'heartbeat', 'from inventory')")?;
        let peek = |messages: bool| {
            ctx.conn
                .query(&format!(
                    "SELECT lsn, encode(substr(data, 1, 1), 'escape') FROM pg_logical_slot_peek_binary_changes('heartbeat_demo', NULL, NULL, 'proto_version', '1', 'publication_names', 'dbz_publication'{})",
                    if messages { ", 'messages', 'true'" } else { "" }
                ))
                .map_err(|e| e.to_string())
        };
        // A non-transactional message is decodable once WAL is flushed past it (the lab
        // waits with `sleep 1`; before PostgreSQL 17 the message does not flush itself).
        let mut with = Rows::new();
        for _ in 0..50 {
            with = peek(true)?;
            if !with.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        ensure(with.len() == 1 && field(&with, 0, 1)? == "M", || {
            format!("with messages: {with:?}")
        })?;
        // "её LSN совпадёт с тем, что вернула функция в inventory"
        let lsn = field(&with, 0, 0)?;
        ensure(lsn == emitted, || {
            format!("decoded message at {lsn}, pg_logical_emit_message returned {emitted}")
        })?;
        let without = peek(false)?;
        ensure(without.is_empty(), || {
            format!("without messages: {without:?}")
        })
    })();
    ctx.execute("SELECT pg_drop_replication_slot('heartbeat_demo')")?;
    result
}

/// Lesson 05's health query against an independent reading: same `wal_status`; the retained
/// WAL it prints is `pg_size_pretty` of the byte difference computed here from the raw LSNs;
/// `health` follows the lesson's rules (inactive → warning, > 1 GB → warning, > 5 GB or
/// unreserved/lost → critical).
fn slot_health_agrees(ctx: &Ctx, rows: &Rows) -> Result<(), String> {
    let mut rows = rows.clone();
    let mut last = String::new();
    // The query ran a moment before the independent reading: they agree unless WAL was
    // written in between (a running-xacts record of the bgwriter); then read both again.
    for _ in 0..3 {
        ensure(rows.len() == 1, || format!("{rows:?}"))?;
        let raw = ctx
            .conn
            .query("SELECT pg_current_wal_lsn(), restart_lsn, wal_status, active FROM pg_replication_slots WHERE slot_name = 'debezium_inventory'")
            .map_err(|e| e.to_string())?;
        let current = parse_lsn(&field(&raw, 0, 0)?).map_err(|e| e.0)?;
        let restart = parse_lsn(&field(&raw, 0, 1)?).map_err(|e| e.0)?;
        let retained = current - restart;
        let pretty = ctx.value(&format!("SELECT pg_size_pretty({retained}::numeric)"))?;
        let status = field(&raw, 0, 2)?;
        let active = field(&raw, 0, 3)? == "t";
        let health = if ["unreserved", "lost"].contains(&status.as_str()) || retained > 5 << 30 {
            "critical"
        } else if retained > 1 << 30 || !active {
            "warning"
        } else {
            "ok"
        };
        ensure(
            ["reserved", "extended", "unreserved", "lost"].contains(&status.as_str()),
            || status.clone(),
        )?;
        let got = (
            field(&rows, 0, 0)?,
            field(&rows, 0, 4)?,
            field(&rows, 0, 5)?,
            field(&rows, 0, 10)?,
        );
        let want = (
            "debezium_inventory".to_string(),
            status,
            pretty,
            health.to_string(),
        );
        if got == want {
            return Ok(());
        }
        last = format!("health query {got:?}, independent {want:?}");
        rows = ctx.rows_of("END AS health")?;
    }
    Err(last)
}

// ---- running blocks ------------------------------------------------------------------------

fn psql_path() -> PathBuf {
    find_bindir().expect("PostgreSQL binaries").join("psql")
}

static FILE_COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Runs `sql` as a psql script in `db`. On failure: (script line, psql's message without its
/// `psql:FILE:LINE:` prefix).
fn run_psql_file(cluster: &Cluster, db: &str, sql: &str) -> Result<(), (Option<usize>, String)> {
    let n = FILE_COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("cdc-lesson-{}-{n}.sql", std::process::id()));
    std::fs::write(&path, sql).map_err(|e| (None, e.to_string()))?;
    let out = psql_script(cluster, db, &path);
    let _ = std::fs::remove_file(&path);
    let out = out.map_err(|e| (None, e))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let prefix = format!("psql:{}:", path.display());
    let mut line = None;
    let mut msg = String::new();
    for l in stderr.lines() {
        if let Some(rest) = l.strip_prefix(&prefix) {
            if let Some((n, text)) = rest.split_once(':') {
                if line.is_none() {
                    line = n.parse().ok();
                }
                msg.push_str(text.trim());
                msg.push('\n');
                continue;
            }
        }
        msg.push_str(l.trim());
        msg.push('\n');
    }
    Err((line, msg.trim().to_string()))
}

fn psql_script(cluster: &Cluster, db: &str, file: &Path) -> Result<std::process::Output, String> {
    Command::new(psql_path())
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h"])
        .arg(cluster.socket_dir())
        .args([
            "-p",
            &cluster.port().to_string(),
            "-U",
            "postgres",
            "-d",
            db,
            "-f",
        ])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run psql: {e}"))
}

/// The postgres service's `-c name=value` settings in labs/docker-compose.yml.
fn lab_settings() -> Vec<(String, String)> {
    let compose = std::fs::read_to_string(repo_root().join("labs/docker-compose.yml"))
        .expect("labs/docker-compose.yml");
    let mut out = Vec::new();
    let mut after_c = false;
    for line in compose.lines() {
        let item = line.trim().trim_start_matches("- ").trim();
        let value = item
            .split('#')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if after_c {
            if let Some((k, v)) = value.split_once('=') {
                out.push((k.to_string(), v.to_string()));
            }
        }
        after_c = value == "-c";
    }
    out
}

/// The lab's database as the postgres image leaves it: `POSTGRES_DB=inventory`, then every
/// `labs/init/*.sql` in name order through `psql -v ON_ERROR_STOP=1 --no-psqlrc` in it.
fn lab_database(cluster: &Cluster) -> Result<(), String> {
    cluster
        .create_database("inventory")
        .map_err(|e| e.to_string())?;
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(repo_root().join("labs/init"))
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    scripts.sort();
    for s in scripts {
        let out = psql_script(cluster, "inventory", &s)?;
        if !out.status.success() {
            return Err(format!(
                "{}: {}",
                s.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    Ok(())
}

#[derive(Default)]
struct Outcome {
    name: String,
    executed: usize,
    skipped: Vec<String>,
    checks: usize,
    errors: Vec<String>,
}

fn start_lab_cluster(extra: &[(&str, &str)]) -> Cluster {
    let lab = lab_settings();
    assert!(
        lab.iter().any(|(k, v)| k == "wal_level" && v == "logical"),
        "labs/docker-compose.yml sets wal_level=logical: {lab:?}"
    );
    let mut settings: Vec<(&str, &str)> =
        lab.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    settings.extend_from_slice(extra);
    let cluster = start_cluster(&settings).expect("the cluster starts");
    lab_database(&cluster).expect("labs/init/*.sql run");
    cluster
}

/// Runs one lesson's SQL blocks (text given, so tests can feed a broken copy).
fn run_lesson(name: &str, text: &str, lesson: &Lesson) -> Outcome {
    let mut o = Outcome {
        name: name.to_string(),
        ..Outcome::default()
    };
    let all = match extract(text) {
        Ok(b) => b,
        Err(e) => {
            o.errors.push(format!("{name}: {e}"));
            return o;
        }
    };
    let sql: Vec<Block> = all.into_iter().filter(|b| b.lang == "sql").collect();
    if sql.is_empty() {
        return o;
    }
    let cluster = start_lab_cluster(lesson.extra_settings);
    let ctx = Ctx {
        conn: cluster.connect("inventory"),
        cluster: &cluster,
        sql_blocks: sql.clone(),
        memo: RefCell::new(BTreeMap::new()),
    };
    if let Err(e) = (lesson.setup)(&ctx) {
        o.errors.push(format!("{name}: lab setup failed: {e}"));
        return o;
    }
    let mut used = vec![0usize; lesson.checks.len()];
    for (i, block) in sql.iter().enumerate() {
        let n = i + 1;
        let at = format!("{name} SQL block {n} (line {})", block.fence_line);
        let checks: Vec<(usize, &Check)> = lesson
            .checks
            .iter()
            .enumerate()
            .filter(|(_, c)| block.body.contains(c.marker))
            .collect();
        if let Some(reason) = block.skip_reason() {
            o.skipped
                .push(format!("block {n} (line {}): {reason}", block.fence_line));
            if !checks.is_empty() {
                o.errors.push(format!(
                    "{at} is marked skip-check but the lesson's claims about it are checked here"
                ));
            }
            continue;
        }
        let db = block.database("inventory");
        let mut rows = Rows::new();
        let ran = if checks.iter().any(|(_, c)| c.as_query) {
            match cluster.connect(&db).query(&block.body) {
                Ok(r) => {
                    rows = r;
                    Ok(())
                }
                Err(e) => Err((None, e.to_string())),
            }
        } else {
            run_psql_file(&cluster, &db, &block.body)
        };
        match ran {
            Ok(()) => o.executed += 1,
            Err((line, msg)) => {
                let line = line.map_or(String::new(), |l| format!(", line {}", block.file_line(l)));
                o.errors.push(format!(
                    "{name} SQL block {n} (fence at line {}{line}, database {db}): {msg}",
                    block.fence_line
                ));
                // Later blocks build on this one: stop this lesson here.
                return o;
            }
        }
        for (k, c) in checks {
            used[k] += 1;
            o.checks += 1;
            if let Err(e) = (c.f)(&ctx, &rows) {
                o.errors.push(format!("{at}: {}: {e}", c.what));
            }
        }
    }
    for (c, n) in lesson.checks.iter().zip(used) {
        if n != 1 {
            o.errors.push(format!(
                "{name}: the check \"{}\" expects exactly one SQL block containing {:?}, found {n}",
                c.what, c.marker
            ));
        }
    }
    o
}

#[test]
fn every_sql_block_of_every_lesson_runs_on_postgresql_15() {
    let files = lesson_files();
    let lessons = lessons();
    // Every lesson with SQL has a specification here, and every specification a lesson.
    for f in &files {
        let name = short_name(f);
        let text = std::fs::read_to_string(f).expect("lesson");
        let has_sql = extract(&text)
            .expect("fences")
            .iter()
            .any(|b| b.lang == "sql");
        assert!(
            !has_sql || lessons.iter().any(|l| l.file == name),
            "{name} has SQL blocks but no entry in lessons() (lab setup + at least one check)"
        );
    }
    for l in &lessons {
        assert!(
            files.iter().any(|f| short_name(f) == l.file),
            "no lesson {}",
            l.file
        );
        assert!(!l.checks.is_empty(), "{}: at least one check", l.file);
    }
    let outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let handles: Vec<_> = lessons
            .iter()
            .map(|l| {
                let path = files.iter().find(|f| short_name(f) == l.file).cloned();
                s.spawn(move || {
                    let path = path.expect("lesson file");
                    let text = std::fs::read_to_string(&path).expect("lesson");
                    run_lesson(l.file, &text, l)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("lesson thread"))
            .collect()
    });
    println!("\nLesson SQL blocks on PostgreSQL 15 (lab settings, labs/init/*.sql):");
    let (mut ex, mut sk, mut ch) = (0, 0, 0);
    for o in &outcomes {
        println!(
            "  {:<50} {:>2} executed, {} skipped, {} checks",
            o.name,
            o.executed,
            o.skipped.len(),
            o.checks
        );
        for s in &o.skipped {
            println!("      skipped {s}");
        }
        ex += o.executed;
        sk += o.skipped.len();
        ch += o.checks;
    }
    println!(
        "  total: {ex} SQL blocks executed, {sk} skipped, {ch} checks of what the lessons say"
    );
    let errors: Vec<&String> = outcomes.iter().flat_map(|o| &o.errors).collect();
    assert!(
        errors.is_empty(),
        "\n{}",
        errors
            .iter()
            .map(|e| format!("- {e}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_failing_block_names_lesson_block_line_and_error_and_skips_are_listed() {
    let text = "# t\n\n```sql\nSELECT 1;\n```\n\n```sql\n-- skip-check: нужен Kafka\nSELECT broken;\n```\n\n```sql\nSELECT 1;\nSELECT * FROM public.no_such_table;\n```\n\n```sql\nSELECT 2;\n```\n";
    let lesson = Lesson {
        file: "test/broken.mdx",
        extra_settings: &[],
        setup: |_| Ok(()),
        checks: vec![check("SELECT 2;", "never reached", |_, _| Ok(()))],
    };
    let o = run_lesson("test/broken.mdx", text, &lesson);
    assert_eq!(o.executed, 1);
    assert_eq!(o.skipped, vec!["block 2 (line 7): нужен Kafka".to_string()]);
    assert_eq!(o.errors.len(), 1, "{:?}", o.errors);
    let e = &o.errors[0];
    assert!(
        e.contains("test/broken.mdx SQL block 3")
            && e.contains("fence at line 12, line 14")
            && e.contains("relation \"public.no_such_table\" does not exist"),
        "{e}"
    );
    // The lab database is really there: the orders of labs/init/01-inventory.sql.
    let good = "```sql\nSELECT count(*) FROM public.orders;\n```\n```sql\n-- database: analytics\nSELECT count(*) FROM public.page_views;\n```\n";
    let lesson = Lesson {
        file: "test/good.mdx",
        extra_settings: &[],
        setup: |_| Ok(()),
        checks: vec![query_check(
            "page_views",
            "analytics has the seeded page views",
            |_, rows| ensure(field(rows, 0, 0)? == "1000", || format!("{rows:?}")),
        )],
    };
    let o = run_lesson("test/good.mdx", good, &lesson);
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    assert_eq!((o.executed, o.checks), (2, 1));
}

// ---- shell, JSON, curl ---------------------------------------------------------------------

fn data(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(name),
    )
    .expect("data file")
}

fn allow_list() -> shell::AllowList {
    shell::AllowList::new(
        scaling_model::POSTGRES_ALLOWED_KEYS,
        &data("connector-config-keys.tsv"),
    )
}

fn run_tool(program: &str, args: &[&str], file: &Path) -> Result<(), String> {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run {program} (scripts/bootstrap installs it): {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// `bash -n` and `shellcheck -s bash` on a block; messages point at lesson lines.
fn check_shell(block: &Block, shellcheck_args: &[&str]) -> Result<(), String> {
    let n = FILE_COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("cdc-lesson-{}-{n}.sh", std::process::id()));
    std::fs::write(&path, &block.body).map_err(|e| e.to_string())?;
    let result = run_tool("bash", &["-n"], &path)
        .and_then(|()| run_tool("shellcheck", shellcheck_args, &path));
    let _ = std::fs::remove_file(&path);
    result.map_err(|e| {
        // shellcheck -f gcc: FILE:LINE:COL: level: message
        e.lines()
            .map(|l| {
                let rest = l.strip_prefix(&format!("{}:", path.display())).unwrap_or(l);
                match rest.split_once(':') {
                    Some((ln, msg)) if ln.parse::<usize>().is_ok() => {
                        format!("line {}:{msg}", block.file_line(ln.parse().unwrap_or(0)))
                    }
                    _ => rest.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Finds the JSON a `--data @FILE` refers to: a JSON block of the same document whose `name`
/// is the file's stem, or the one the prose names: "из раздела «S» в файл `F`" (the first JSON
/// block after the heading S) or "как `F`" / "в файл `F`" right before a JSON block.
fn json_for_file<'a>(file: &str, text: &str, blocks: &'a [Block]) -> Option<&'a Block> {
    let stem = file.strip_suffix(".json")?;
    let jsons = blocks.iter().filter(|b| b.lang == "json");
    if let Some(b) = jsons
        .clone()
        .find(|b| serde_json::from_str::<Value>(&b.body).is_ok_and(|v| v["name"] == stem))
    {
        return Some(b);
    }
    let tick = format!("`{file}`");
    if let Some(b) = jsons.clone().find(|b| {
        let last = b.prose_before.trim_end().lines().last().unwrap_or("");
        last.contains(&format!("как {tick}")) || last.contains(&format!("в файл {tick}"))
    }) {
        return Some(b);
    }
    let needle = format!("» в файл {tick}");
    let at = text.find(&needle)?;
    let section = text[..at].rsplit_once("из раздела «")?.1;
    let heading = text
        .lines()
        .position(|l| l.starts_with('#') && l.trim_start_matches('#').trim() == section)?
        + 1;
    jsons.clone().find(|b| b.fence_line > heading)
}

#[test]
fn shell_json_and_curl_blocks_follow_bash_shellcheck_debezium_and_the_connect_rest_api() {
    let table = shell::endpoints(&data("connect-rest-endpoints.tsv"));
    let allow = allow_list();
    let mut files = lesson_files();
    files.push(repo_root().join("labs/README.md"));
    let mut errors = Vec::new();
    println!("\nShell, JSON and curl in the lessons and labs/README.md:");
    let (mut tb, mut tj, mut tc, mut tcfg) = (0, 0, 0, 0);
    for f in &files {
        let name = short_name(f);
        let text = std::fs::read_to_string(f).expect("file");
        let blocks = extract(&text).expect("fences");
        let (mut nb, mut nj, mut nc, mut ncfg) = (0, 0, 0, 0);
        let mut runtime = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            let at = format!("{name} block {} ({}, line {})", i + 1, b.lang, b.fence_line);
            match b.lang.as_str() {
                "bash" | "sh" | "shell" => {
                    nb += 1;
                    if let Err(e) = check_shell(b, &["-s", "bash", "-f", "gcc"]) {
                        errors.push(format!("{at}:\n{e}"));
                    }
                    let loops = shell::for_loops(&b.body);
                    for cmd in shell::commands(&b.body) {
                        let Some(pos) = cmd.iter().position(|w| w == "curl") else {
                            continue;
                        };
                        let lead_ok = cmd[..pos].iter().all(|w| {
                            ["do", "then", "else", "!", "time"].contains(&w.as_str())
                                || w.contains('=')
                        });
                        if !lead_ok {
                            continue; // e.g. `command -v curl`
                        }
                        let curls = match shell::parse_curl(&cmd[pos + 1..], &loops) {
                            Ok(c) => c,
                            Err(e) => {
                                errors.push(format!("{at}: {e}"));
                                continue;
                            }
                        };
                        for c in curls {
                            nc += 1;
                            let Some(ep) = shell::route(&table, &c.method, &c.path) else {
                                errors.push(format!("{at}: curl {} {} is not a Kafka Connect REST endpoint (data/connect-rest-endpoints.tsv)", c.method, c.url));
                                continue;
                            };
                            // The lab runs Kafka Connect 3.7.0 (labs/docker-compose.yml).
                            let since: Vec<u32> =
                                ep.since.split('.').filter_map(|p| p.parse().ok()).collect();
                            if since > vec![3, 7] {
                                errors.push(format!(
                                    "{at}: {} {} needs Kafka {}, the lab runs 3.7",
                                    c.method, ep.path, ep.since
                                ));
                            }
                            let body = match &c.body {
                                None => None,
                                Some(shell::Body::Inline(s)) => {
                                    Some(("inline".to_string(), s.clone()))
                                }
                                Some(shell::Body::File(file)) => {
                                    match json_for_file(file, &text, &blocks) {
                                        Some(jb) => Some((
                                            format!(
                                                "{file} = JSON block at line {}",
                                                jb.fence_line
                                            ),
                                            jb.body.clone(),
                                        )),
                                        None => {
                                            errors.push(format!("{at}: --data @{file}: no JSON block of this page is that file"));
                                            None
                                        }
                                    }
                                }
                                Some(shell::Body::Runtime(what)) => {
                                    runtime.push(format!("{} {} body {what}", c.method, c.path));
                                    None
                                }
                            };
                            if let Some((from, body)) = body {
                                match serde_json::from_str::<Value>(&body) {
                                    Ok(v) => {
                                        for p in shell::body_problems(ep, &v, &allow) {
                                            errors.push(format!(
                                                "{at}: {} {} body ({from}): {p}",
                                                c.method, c.path
                                            ));
                                        }
                                    }
                                    Err(e) => errors.push(format!(
                                        "{at}: {} {} body ({from}) is not JSON: {e}",
                                        c.method, c.path
                                    )),
                                }
                            }
                        }
                    }
                }
                "json" => {
                    nj += 1;
                    match serde_json::from_str::<Value>(&b.body) {
                        Err(e) => errors.push(format!("{at}: not JSON: {e}")),
                        Ok(v) => {
                            let config = if v.get("connector.class").is_some() {
                                v.as_object()
                            } else if v.get("name").is_some() {
                                v.get("config").and_then(Value::as_object)
                            } else {
                                None
                            };
                            if let Some(c) = config {
                                ncfg += 1;
                                for p in shell::config_problems(c, &allow) {
                                    errors.push(format!("{at}: {p}"));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        println!("  {name:<50} {nb:>2} bash, {nj} JSON ({ncfg} connector configs), {nc} curl");
        for r in runtime {
            println!("      shape known only at run time: {r}");
        }
        tb += nb;
        tj += nj;
        tc += nc;
        tcfg += ncfg;
    }
    println!("  total: {tb} bash blocks (bash -n + shellcheck), {tj} JSON blocks ({tcfg} connector configs), {tc} curl commands");
    assert!(tb > 0 && tj > 0 && tc > 0);
    assert!(
        errors.is_empty(),
        "\n{}",
        errors
            .iter()
            .map(|e| format!("- {e}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_offset_backup_script_of_lesson_07_passes_shellcheck_as_is() {
    let f = lesson_files()
        .into_iter()
        .find(|f| short_name(f).ends_with("07-disaster-recovery-procedures.mdx"))
        .expect("lesson 07");
    let blocks = extract(&std::fs::read_to_string(&f).expect("lesson")).expect("fences");
    let script = blocks
        .iter()
        .find(|b| {
            b.lang == "bash"
                && b.body
                    .starts_with("#!/usr/bin/env bash\n# backup-offsets.sh")
        })
        .expect("the backup-offsets.sh block");
    // As-is: the shebang chooses the shell, every optional check off, severity style.
    check_shell(script, &["-S", "style", "-f", "gcc"]).expect("shellcheck backup-offsets.sh");
    // And a broken copy is caught.
    let broken = Block {
        body: script.body.replace(
            "\"$CONNECT_URL/connectors/$name/offsets\"",
            "$CONNECT_URL/connectors/$name/offsets",
        ),
        ..script.clone()
    };
    assert!(
        check_shell(&broken, &["-S", "style", "-f", "gcc"]).is_err(),
        "shellcheck catches an unquoted URL"
    );
}
