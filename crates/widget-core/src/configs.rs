//! Copyable configuration that reflects the current parameters: `postgresql.conf` lines, the
//! Debezium connector's JSON (the body of `POST /connectors`), the Kafka Connect worker
//! settings that are not connector keys, and the slot-monitoring query.
//!
//! Only real keys are written: PostgreSQL settings in its unit syntax (`1GB`, `5min`),
//! Debezium PostgreSQL connector properties (`../shared/facts.md`, Part 2 §1), Kafka Connect
//! worker properties in a separate snippet. Things a configuration cannot say — a heartbeat
//! that runs in another database, the table an `UPDATE` heartbeat needs — are explained by
//! [`connector_notes`] next to it.

use crate::lang::Lang;
use wal_model::decimal;
use wal_model::scenario::{ActionQuery, LsnFlushMode, Plugin, RawConnector, RawScenario};

/// The `heartbeat.action.query` for `pg_logical_emit_message` (not in Debezium's docs, but
/// widely used; facts Part 2 §1).
pub const EMIT_MESSAGE_QUERY: &str =
    "SELECT pg_logical_emit_message(false, 'heartbeat', now()::varchar)";
/// The `heartbeat.action.query` for a heartbeat table.
pub const TABLE_UPDATE_QUERY: &str = "UPDATE debezium_heartbeat SET ts = now() WHERE id = 1";
/// The heartbeat table an `UPDATE` heartbeat needs, in the captured database.
pub const HEARTBEAT_TABLE_SQL: &str = "CREATE TABLE public.debezium_heartbeat (id int PRIMARY KEY, ts timestamptz);\nINSERT INTO public.debezium_heartbeat VALUES (1, now());";
/// The password placeholder: Kafka's `FileConfigProvider` reads it from a file on the worker.
pub const PASSWORD_PLACEHOLDER: &str = "${file:/secrets/pg.properties:password}";
/// The publication Debezium uses with `pgoutput` by default.
pub const PUBLICATION_NAME: &str = "dbz_publication";
/// The tables the sample connector captures.
pub const CAPTURED_TABLES: &str = "public.orders,public.customers";

/// The slot-monitoring query (facts Part 1 §8).
pub fn monitoring_sql() -> &'static str {
    "SELECT slot_name, active, restart_lsn, confirmed_flush_lsn, wal_status, safe_wal_size,\n       pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained_wal\nFROM pg_replication_slots;"
}

/// A size setting in PostgreSQL's unit syntax: `-1`, `0`, `512MB`, `1GB`, `1TB`.
pub fn pg_size_setting(mb: i64) -> String {
    if mb <= 0 {
        mb.to_string()
    } else if mb % (1024 * 1024) == 0 {
        format!("{}TB", mb / (1024 * 1024))
    } else if mb % 1024 == 0 {
        format!("{}GB", mb / 1024)
    } else {
        format!("{mb}MB")
    }
}

/// A time setting in PostgreSQL's unit syntax: `30s`, `5min`, `1h`, `1d`.
pub fn pg_time_setting(seconds: i64) -> String {
    if seconds > 0 && seconds % 86_400 == 0 {
        format!("{}d", seconds / 86_400)
    } else if seconds > 0 && seconds % 3600 == 0 {
        format!("{}h", seconds / 3600)
    } else if seconds > 0 && seconds % 60 == 0 {
        format!("{}min", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

/// Text safe inside a one-line comment.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn conf_line(out: &mut String, setting: &str, comment: &str) {
    out.push_str(&format!("{setting:<36}# {comment}\n"));
}

/// The `postgresql.conf` lines of the scenario's WAL settings, with short English comments.
pub fn postgresql_conf(raw: &RawScenario) -> String {
    let pg = &raw.postgres;
    let mut out = format!(
        "# postgresql.conf: WAL settings of scenario {} (PostgreSQL {})\n",
        one_line(&raw.name),
        pg.version
    );
    conf_line(
        &mut out,
        "wal_level = logical",
        "needed for logical decoding (restart required)",
    );
    conf_line(
        &mut out,
        &format!("max_wal_size = {}", pg_size_setting(pg.max_wal_size_mb)),
        "soft limit: more WAL starts a checkpoint early",
    );
    conf_line(
        &mut out,
        &format!("min_wal_size = {}", pg_size_setting(pg.min_wal_size_mb)),
        "WAL files kept for reuse",
    );
    let slot_comment = if pg.max_slot_wal_keep_size_mb < 0 {
        "-1: slots may retain unlimited WAL (default)"
    } else {
        "a slot retaining more is invalidated at a checkpoint"
    };
    conf_line(
        &mut out,
        &format!(
            "max_slot_wal_keep_size = {}",
            pg_size_setting(pg.max_slot_wal_keep_size_mb)
        ),
        slot_comment,
    );
    conf_line(
        &mut out,
        &format!("wal_keep_size = {}", pg_size_setting(pg.wal_keep_size_mb)),
        "WAL kept for standbys; 0 disables",
    );
    conf_line(
        &mut out,
        &format!(
            "checkpoint_timeout = {}",
            pg_time_setting(pg.checkpoint_timeout_s)
        ),
        "time between automatic checkpoints",
    );
    if let Some(t) = pg.checkpoint_completion_target {
        conf_line(
            &mut out,
            &format!("checkpoint_completion_target = {}", decimal::shortest(t)),
            "fraction of the interval a checkpoint is spread over",
        );
    }
    conf_line(
        &mut out,
        &format!(
            "#wal_segment_size = {}",
            pg_size_setting(pg.wal_segment_size_mb)
        ),
        &format!(
            "read-only: set at initdb --wal-segsize={}",
            pg.wal_segment_size_mb
        ),
    );
    out
}

/// `MAJOR.MINOR` of a Debezium version string, `(2, 7)` when unreadable.
fn version_of(k: &RawConnector) -> (u32, u32) {
    let mut it = k.debezium_version.trim().split('.');
    let major = it.next().and_then(|p| p.parse().ok());
    let minor = it.next().and_then(|p| p.parse().ok());
    match (major, minor) {
        (Some(a), Some(b)) => (a, b),
        _ => (2, 7),
    }
}

/// The slot's database and plugin for a connector (its slot, else the first slot).
fn slot_of<'a>(raw: &'a RawScenario, k: &RawConnector) -> (&'a str, Plugin) {
    raw.slots
        .iter()
        .find(|s| s.name == k.slot)
        .or(raw.slots.first())
        .map_or(("postgres", Plugin::Pgoutput), |s| {
            (s.database.as_str(), s.plugin)
        })
}

/// Does the heartbeat action query run in a database other than the captured one?
fn heartbeat_elsewhere<'a>(raw: &'a RawScenario, k: &'a RawConnector) -> Option<&'a str> {
    let (db, _) = slot_of(raw, k);
    k.heartbeat.target_database.as_deref().filter(|t| *t != db)
}

/// The `heartbeat.action.query` text of a variant (`None` for [`ActionQuery::None`]).
pub fn heartbeat_query_sql(q: ActionQuery) -> Option<&'static str> {
    match q {
        ActionQuery::None => None,
        ActionQuery::EmitMessage => Some(EMIT_MESSAGE_QUERY),
        ActionQuery::TableUpdate => Some(TABLE_UPDATE_QUERY),
    }
}

/// The connector's key/value pairs, in the order people read them.
pub fn connector_config(raw: &RawScenario) -> Vec<(&'static str, String)> {
    let Some(k) = raw.connectors.first() else {
        return Vec::new();
    };
    let (db, plugin) = slot_of(raw, k);
    let version = version_of(k);
    let hb = &k.heartbeat;
    let mut c: Vec<(&'static str, String)> = vec![
        (
            "connector.class",
            "io.debezium.connector.postgresql.PostgresConnector".to_string(),
        ),
        ("tasks.max", "1".to_string()),
        ("plugin.name", plugin.as_str().to_string()),
        ("slot.name", k.slot.clone()),
    ];
    if plugin == Plugin::Pgoutput {
        c.push(("publication.name", PUBLICATION_NAME.to_string()));
    }
    c.extend([
        ("database.hostname", "postgres".to_string()),
        ("database.port", "5432".to_string()),
        ("database.user", "debezium".to_string()),
        ("database.password", PASSWORD_PLACEHOLDER.to_string()),
        ("database.dbname", db.to_string()),
    ]);
    // topic.prefix replaced database.server.name in Debezium 2.0.
    let prefix_key = if version >= (2, 0) {
        "topic.prefix"
    } else {
        "database.server.name"
    };
    c.push((prefix_key, "dbserver1".to_string()));
    let table_heartbeat = hb.interval_ms > 0
        && hb.action_query == ActionQuery::TableUpdate
        && heartbeat_elsewhere(raw, k).is_none();
    let mut tables = CAPTURED_TABLES.to_string();
    if table_heartbeat {
        tables.push_str(",public.debezium_heartbeat");
    }
    c.push(("table.include.list", tables));
    if hb.interval_ms > 0 {
        c.push(("heartbeat.interval.ms", hb.interval_ms.to_string()));
        if heartbeat_elsewhere(raw, k).is_none() {
            if let Some(q) = heartbeat_query_sql(hb.action_query) {
                c.push(("heartbeat.action.query", q.to_string()));
            }
        }
    }
    if version >= (3, 4) && k.lsn_flush_mode == LsnFlushMode::ConnectorAndDriver {
        c.push(("lsn.flush.mode", "connector_and_driver".to_string()));
    }
    if k.status_update_interval_ms != 10_000 {
        c.push((
            "status.update.interval.ms",
            k.status_update_interval_ms.to_string(),
        ));
    }
    if k.retriable_restart_wait_ms != 10_000 {
        c.push((
            "retriable.restart.connector.wait.ms",
            k.retriable_restart_wait_ms.to_string(),
        ));
    }
    c
}

/// `s` as a JSON string literal, escaped as serde_json escapes it: `"` and `\\`, the short
/// forms `\b \f \n \r \t`, other control characters as `\u00XX`; everything else as is.
/// (Written by hand so the browser bundle links no JSON serializer.)
pub(crate) fn json_string(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let b = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX.get(b >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(b & 0xf).copied().unwrap_or(b'0')));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The first connector as the body of Kafka Connect's `POST /connectors`
/// (`{"name": …, "config": {…}}`), pretty-printed, every value a JSON string.
/// `{}` when the scenario has no connector.
pub fn connector_json(raw: &RawScenario) -> String {
    let Some(k) = raw.connectors.first() else {
        return "{}".to_string();
    };
    let body = connector_config(raw)
        .iter()
        .map(|(key, value)| format!("    {}: {}", json_string(key), json_string(value)))
        .collect::<Vec<_>>()
        .join(",\n");
    format!(
        "{{\n  \"name\": {},\n  \"config\": {{\n{body}\n  }}\n}}",
        json_string(&k.name)
    )
}

/// Kafka Connect worker settings (`connect-distributed.properties`): not connector keys, so
/// they cannot go into the connector JSON.
pub fn worker_properties(raw: &RawScenario) -> String {
    let flush = raw
        .connectors
        .first()
        .map_or(60_000, |k| k.offset_flush_interval_ms);
    format!(
        "# Kafka Connect worker (connect-distributed.properties), not connector config\n\
         # how often offsets are committed; Debezium confirms the LSN only after a commit\n\
         offset.flush.interval.ms={flush}\n\
         # lets ${{file:...}} in the connector config read the password from a file\n\
         config.providers=file\n\
         config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider\n"
    )
}

/// What the configuration cannot say, in `lang`: a heartbeat in another database, the table
/// an `UPDATE` heartbeat needs, version limits the scenario runs into.
pub fn connector_notes(raw: &RawScenario, lang: Lang) -> Vec<String> {
    let Some(k) = raw.connectors.first() else {
        return Vec::new();
    };
    let (db, plugin) = slot_of(raw, k);
    let version = version_of(k);
    let hb = &k.heartbeat;
    let mut notes = Vec::new();
    let query = heartbeat_query_sql(hb.action_query);
    if hb.interval_ms == 0 && query.is_some() {
        notes.push(lang.pick(
            "heartbeat.action.query выполняется только вместе с heartbeat: при heartbeat.interval.ms = 0 его нет в конфигурации.".to_string(),
            "heartbeat.action.query runs only with heartbeats: with heartbeat.interval.ms = 0 it is left out.".to_string(),
        ));
    }
    if let (true, Some(q), Some(other)) = (hb.interval_ms > 0, query, heartbeat_elsewhere(raw, k)) {
        notes.push(lang.pick(
            format!("В сценарии heartbeat-запрос ({q}) выполняется в базе {other}, а слот декодирует {db}. Debezium так не умеет: heartbeat.action.query выполняется на соединении коннектора с database.dbname ({db}). Так бывает, когда heartbeat пишет внешнее задание (например, pg_cron) в другой базе, поэтому в конфигурации коннектора heartbeat.action.query нет. Слот такие сообщения отбрасывает — как и модель."),
            format!("In this scenario the heartbeat statement ({q}) runs in database {other}, while the slot decodes {db}. Debezium cannot do that: heartbeat.action.query runs on the connector's own connection to database.dbname ({db}). It happens when an outside job (pg_cron, say) writes the heartbeat in another database, so the connector config has no heartbeat.action.query. The slot drops such messages — and so does the model."),
        ));
    }
    let here = heartbeat_elsewhere(raw, k).is_none();
    if hb.interval_ms > 0 && here && hb.action_query == ActionQuery::TableUpdate {
        notes.push(lang.pick(
            format!("Для UPDATE-heartbeat нужна таблица в базе {db}, в публикации и в table.include.list:\n{HEARTBEAT_TABLE_SQL}"),
            format!("An UPDATE heartbeat needs a table in database {db}, in the publication and in table.include.list:\n{HEARTBEAT_TABLE_SQL}"),
        ));
    }
    if hb.interval_ms > 0 && here && hb.action_query == ActionQuery::EmitMessage {
        if plugin == Plugin::Pgoutput && raw.postgres.version < 14 {
            notes.push(lang.pick(
                "pgoutput передаёт логические сообщения только с PostgreSQL 14: на PostgreSQL 13 pg_logical_emit_message слот не продвинет.".to_string(),
                "pgoutput passes logical messages on only from PostgreSQL 14: on PostgreSQL 13 pg_logical_emit_message does not move the slot.".to_string(),
            ));
        }
        if plugin != Plugin::Pgoutput {
            notes.push(lang.pick(
                format!(
                    "Модель считает, что {} логические сообщения не передаёт (не проверено).",
                    plugin.as_str()
                ),
                format!(
                    "The model assumes {} does not pass logical messages on (unverified).",
                    plugin.as_str()
                ),
            ));
        }
    }
    if hb.interval_ms > 0 && version < (2, 4) {
        notes.push(lang.pick(
            "До Debezium 2.4 heartbeat не отправляется, пока после старта не придёт первое событие (DBZ-6635).".to_string(),
            "Before Debezium 2.4 no heartbeat is sent until the first event after a start (DBZ-6635).".to_string(),
        ));
    }
    if version < (2, 0) {
        notes.push(lang.pick(
            "Debezium 1.x: вместо topic.prefix — database.server.name.".to_string(),
            "Debezium 1.x: database.server.name instead of topic.prefix.".to_string(),
        ));
    }
    if version >= (3, 4)
        && k.lsn_flush_mode == LsnFlushMode::ConnectorAndDriver
        && hb.interval_ms == 0
    {
        notes.push(lang.pick(
            "С lsn.flush.mode = connector_and_driver и heartbeat.interval.ms = 0 Debezium сам включает внутренний heartbeat раз в 600 000 мс.".to_string(),
            "With lsn.flush.mode = connector_and_driver and heartbeat.interval.ms = 0, Debezium turns on an internal heartbeat every 600,000 ms.".to_string(),
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_units() {
        assert_eq!(pg_size_setting(1024), "1GB");
        assert_eq!(pg_size_setting(80), "80MB");
        assert_eq!(pg_size_setting(-1), "-1");
        assert_eq!(pg_size_setting(0), "0");
        assert_eq!(pg_size_setting(8192), "8GB");
        assert_eq!(pg_size_setting(1_048_576), "1TB");
        assert_eq!(pg_size_setting(1536), "1536MB");
        assert_eq!(pg_time_setting(300), "5min");
        assert_eq!(pg_time_setting(3600), "1h");
        assert_eq!(pg_time_setting(86_400), "1d");
        assert_eq!(pg_time_setting(45), "45s");
        assert_eq!(pg_time_setting(90), "90s");
    }
}
