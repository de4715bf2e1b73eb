//! Generated configuration: the connector JSON parses and uses only real keys (the allow-list
//! below names each key's source), heartbeat keys appear exactly when heartbeats are on,
//! worker settings stay out of the connector, and `postgresql.conf` uses PostgreSQL's units.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use wal_model::presets::PRESETS;
use wal_model::scenario::RawScenario;
use widget_core::configs::{
    connector_json, connector_notes, monitoring_sql, postgresql_conf, worker_properties,
    EMIT_MESSAGE_QUERY, TABLE_UPDATE_QUERY,
};
use widget_core::{Lang, WalState};

/// Every key the connector JSON may contain, with where it is documented.
const ALLOWED_CONFIG_KEYS: &[(&str, &str)] = &[
    // Kafka Connect connector config (kafka docs/connect.html, ConnectorConfig).
    ("connector.class", "Kafka Connect ConnectorConfig"),
    (
        "tasks.max",
        "Kafka Connect ConnectorConfig; PG always runs one task (postgresql.adoc)",
    ),
    // Debezium PostgreSQL connector (postgresql.adoc, facts Part 2 §1).
    (
        "plugin.name",
        "postgresql.adoc #postgresql-property-plugin-name",
    ),
    (
        "slot.name",
        "postgresql.adoc #postgresql-property-slot-name",
    ),
    ("publication.name", "postgresql.adoc (pgoutput only)"),
    ("database.hostname", "postgresql.adoc connection properties"),
    ("database.port", "postgresql.adoc connection properties"),
    ("database.user", "postgresql.adoc connection properties"),
    ("database.password", "postgresql.adoc connection properties"),
    ("database.dbname", "postgresql.adoc connection properties"),
    (
        "topic.prefix",
        "postgresql.adoc #postgresql-property-topic-prefix (2.0+)",
    ),
    (
        "database.server.name",
        "v1.9.0.Final postgresql.adoc (before topic.prefix)",
    ),
    (
        "table.include.list",
        "postgresql.adoc #postgresql-property-table-include-list",
    ),
    (
        "heartbeat.interval.ms",
        "postgresql.adoc #postgresql-property-heartbeat-interval-ms",
    ),
    (
        "heartbeat.action.query",
        "postgresql.adoc #postgresql-property-heartbeat-action-query",
    ),
    (
        "lsn.flush.mode",
        "postgresql.adoc #postgresql-property-lsn-flush-mode (3.4+)",
    ),
    ("status.update.interval.ms", "postgresql.adoc"),
    (
        "retriable.restart.connector.wait.ms",
        "postgresql.adoc, CommonConnectorConfig",
    ),
];

fn parsed(json: &str) -> serde_json::Map<String, serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let top = v.as_object().unwrap();
    let mut keys: Vec<&String> = top.keys().collect();
    keys.sort();
    assert_eq!(keys, ["config", "name"], "the body of POST /connectors");
    top["config"].as_object().unwrap().clone()
}

fn state(preset: &str, attrs: &[(&str, &str)]) -> RawScenario {
    let mut all = vec![("data-preset", preset)];
    all.extend_from_slice(attrs);
    let (s, problems) = widget_core::from_attributes(all);
    assert!(problems.is_empty(), "{problems:?}");
    s.scenario().unwrap()
}

fn check_connector(raw: &RawScenario) -> serde_json::Map<String, serde_json::Value> {
    let config = parsed(&connector_json(raw));
    for (k, v) in &config {
        assert!(
            ALLOWED_CONFIG_KEYS.iter().any(|(a, _)| a == k),
            "{k} is not an allowed connector key"
        );
        assert!(v.is_string(), "{k}: Connect config values are strings");
    }
    let k = &raw.connectors[0];
    let hb_on = k.heartbeat.interval_ms > 0;
    assert_eq!(
        config.contains_key("heartbeat.interval.ms"),
        hb_on,
        "{}",
        raw.name
    );
    if !hb_on {
        assert!(!config.contains_key("heartbeat.action.query"));
    }
    // Offsets are committed by the worker: never a connector key.
    assert!(!config.contains_key("offset.flush.interval.ms"));
    config
}

#[test]
fn every_preset_gives_a_valid_connector() {
    for p in PRESETS {
        let raw = state(p.name, &[]);
        check_connector(&raw);
        for lang in Lang::ALL {
            for note in connector_notes(&raw, lang) {
                assert!(!note.is_empty());
            }
        }
    }
}

#[test]
fn heartbeat_keys_follow_the_parameters() {
    for interval in ["0", "100", "10000"] {
        for query in ["none", "emit_message", "table_update"] {
            for db in ["captured", "other"] {
                let raw = state(
                    "idle-db-no-heartbeat",
                    &[
                        ("data-heartbeat-interval", interval),
                        ("data-heartbeat-query", query),
                        ("data-heartbeat-database", db),
                    ],
                );
                let c = check_connector(&raw);
                let expect_query = interval != "0" && query != "none" && db == "captured";
                assert_eq!(
                    c.contains_key("heartbeat.action.query"),
                    expect_query,
                    "{interval} {query} {db}"
                );
                if expect_query {
                    let q = c["heartbeat.action.query"].as_str().unwrap();
                    let want = if query == "emit_message" {
                        EMIT_MESSAGE_QUERY
                    } else {
                        TABLE_UPDATE_QUERY
                    };
                    assert_eq!(q, want);
                }
                // An UPDATE heartbeat's table must be captured too.
                let tables = c["table.include.list"].as_str().unwrap();
                assert_eq!(
                    tables.contains("public.debezium_heartbeat"),
                    expect_query && query == "table_update"
                );
            }
        }
    }
}

#[test]
fn the_idle_database_with_a_heartbeat_reads_as_expected() {
    let raw = state("idle-db-heartbeat", &[]);
    let c = check_connector(&raw);
    let s = |k: &str| c[k].as_str().unwrap().to_string();
    assert_eq!(
        s("connector.class"),
        "io.debezium.connector.postgresql.PostgresConnector"
    );
    assert_eq!(s("plugin.name"), "pgoutput");
    assert_eq!(s("publication.name"), "dbz_publication");
    assert_eq!(s("slot.name"), "debezium");
    assert_eq!(s("database.dbname"), "inventory");
    assert_eq!(s("topic.prefix"), "dbserver1");
    assert_eq!(s("heartbeat.interval.ms"), "10000");
    assert_eq!(
        s("heartbeat.action.query"),
        "SELECT pg_logical_emit_message(false, 'heartbeat', now()::varchar)"
    );
    assert_eq!(
        s("database.password"),
        "${file:/secrets/pg.properties:password}"
    );
    assert!(!c.contains_key("lsn.flush.mode"));
    assert!(connector_json(&raw).starts_with(
        "{\n  \"name\": \"inventory-connector\",\n  \"config\": {\n    \"connector.class\""
    ));
}

#[test]
fn debezium_1_9_names_the_server_instead_of_a_topic_prefix() {
    let raw = state("heartbeat-fails-after-failover", &[]);
    let c = check_connector(&raw);
    assert!(c.contains_key("database.server.name"));
    assert!(!c.contains_key("topic.prefix"));
    let notes = connector_notes(&raw, Lang::En).join("\n");
    assert!(notes.contains("DBZ-6635"), "{notes}");
}

#[test]
fn a_heartbeat_in_another_database_is_explained_not_configured() {
    let raw = state("heartbeat-wrong-database", &[]);
    let c = check_connector(&raw);
    assert_eq!(c["heartbeat.interval.ms"], "10000");
    assert!(!c.contains_key("heartbeat.action.query"));
    assert_eq!(c["database.dbname"], "inventory");
    let notes = connector_notes(&raw, Lang::Ru);
    assert!(
        notes.iter().any(|n| n.contains("analytics")
            && n.contains("database.dbname (inventory)")
            && n.contains("pg_cron")),
        "{notes:?}"
    );
}

#[test]
fn lsn_flush_mode_only_on_3_4_when_set() {
    let raw = state(
        "idle-db-no-heartbeat",
        &[
            ("data-debezium-version", "3.4"),
            ("data-lsn-flush-mode", "connector_and_driver"),
        ],
    );
    let c = check_connector(&raw);
    assert_eq!(c["lsn.flush.mode"], "connector_and_driver");
    // Heartbeat off: Debezium turns on its own 600000 ms heartbeat (facts Part 2 §1).
    assert!(connector_notes(&raw, Lang::En)
        .iter()
        .any(|n| n.contains("600,000 ms")));
    let raw = state("idle-db-no-heartbeat", &[("data-debezium-version", "3.4")]);
    assert!(!check_connector(&raw).contains_key("lsn.flush.mode"));
}

#[test]
fn postgres_13_and_emit_message_get_a_note() {
    let raw = state("idle-db-heartbeat", &[("data-pg-version", "13")]);
    assert!(connector_notes(&raw, Lang::En)
        .iter()
        .any(|n| n.contains("only from PostgreSQL 14")));
    let raw = state("idle-db-heartbeat", &[]);
    assert!(connector_notes(&raw, Lang::En).is_empty());
}

#[test]
fn postgresql_conf_uses_postgres_units() {
    let conf = postgresql_conf(&state("weekend-outage-slot-limit", &[]));
    let lines: Vec<&str> = conf.lines().collect();
    let setting = |name: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{name} = ")))
            .map(|l| l.split('#').next().unwrap().trim().to_string())
            .unwrap_or_else(|| panic!("{name} missing:\n{conf}"))
    };
    assert_eq!(setting("wal_level"), "wal_level = logical");
    // 1024 MB = 1GB; 8192 MB = 8GB; 80 MB stays MB; 300 s = 5min.
    assert_eq!(setting("max_wal_size"), "max_wal_size = 1GB");
    assert_eq!(
        setting("max_slot_wal_keep_size"),
        "max_slot_wal_keep_size = 8GB"
    );
    assert_eq!(setting("min_wal_size"), "min_wal_size = 80MB");
    assert_eq!(setting("wal_keep_size"), "wal_keep_size = 0");
    assert_eq!(setting("checkpoint_timeout"), "checkpoint_timeout = 5min");
    // wal_segment_size is fixed at initdb: a comment, not a setting.
    assert!(lines.iter().any(
        |l| l.starts_with("#wal_segment_size = 16MB") && l.contains("initdb --wal-segsize=16")
    ));
    // Every setting line has a comment.
    for l in &lines {
        assert!(l.starts_with('#') || l.contains(" # "), "{l}");
    }
    let conf = postgresql_conf(&state(
        "idle-db-no-heartbeat",
        &[
            ("data-max-slot-wal-keep-size", "1536"),
            ("data-checkpoint-timeout", "90"),
        ],
    ));
    assert!(conf.contains("max_slot_wal_keep_size = 1536MB"));
    assert!(conf.contains("checkpoint_timeout = 90s"));
    assert!(!conf.contains("max_slot_wal_keep_size = -1"));
}

#[test]
fn worker_settings_are_a_separate_snippet() {
    let w = worker_properties(&state(
        "idle-db-no-heartbeat",
        &[("data-offset-flush-interval", "10000")],
    ));
    assert!(w.lines().any(|l| l == "offset.flush.interval.ms=10000"));
    assert!(w.lines().any(|l| l == "config.providers=file"));
    for l in w.lines().filter(|l| !l.starts_with('#')) {
        assert!(l.contains('='), "{l}");
    }
}

#[test]
fn the_monitoring_query_is_the_course_query() {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        words(monitoring_sql()),
        "SELECT slot_name, active, restart_lsn, confirmed_flush_lsn, wal_status, safe_wal_size, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained_wal FROM pg_replication_slots;"
    );
}

#[test]
fn every_debezium_choice_gives_a_valid_config() {
    // Every choice combination of the Debezium group on two presets.
    for preset in ["idle-db-no-heartbeat", "all-changes-filtered"] {
        for v in ["1.9", "2.3", "2.7", "3.4"] {
            for q in ["none", "emit_message", "table_update"] {
                let mut s = WalState::for_preset(preset).unwrap();
                let problems = s.params.set_texts([
                    ("debezium-version", v),
                    ("heartbeat-query", q),
                    ("heartbeat-interval", "2500"),
                ]);
                assert!(problems.is_empty());
                check_connector(&s.scenario().unwrap());
            }
        }
    }
}

/// `connector_json` as it was written with serde_json before the hand-written escaping.
fn connector_json_via_serde(raw: &RawScenario) -> String {
    let Some(k) = raw.connectors.first() else {
        return "{}".to_string();
    };
    let body = widget_core::configs::connector_config(raw)
        .iter()
        .map(|(key, value)| {
            format!(
                "    {}: {}",
                serde_json::to_string(key).unwrap(),
                serde_json::to_string(value).unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join(",\n");
    format!(
        "{{\n  \"name\": {},\n  \"config\": {{\n{body}\n  }}\n}}",
        serde_json::to_string(&k.name).unwrap()
    )
}

#[test]
fn connector_json_is_what_serde_json_wrote() {
    let mut raws: Vec<RawScenario> = PRESETS.iter().map(|p| state(p.name, &[])).collect();
    // Names and values a model would refuse still go through the same escaping: quotes,
    // backslashes, every control character, DEL, non-ASCII and astral characters.
    let awkward: String = (0u32..0x80)
        .chain([0xa0, 0x2028, 0x2029, 0xfeff, 0x1f600])
        .filter_map(char::from_u32)
        .collect();
    let mut raw = raws[0].clone();
    raw.connectors[0].name = format!("a \"quoted\" \\ name {awkward}");
    raw.connectors[0].slot = awkward.clone();
    raw.slots[0].database = format!("база\n\"{awkward}\"");
    raws.push(raw);
    for raw in &raws {
        let json = connector_json(raw);
        assert_eq!(json, connector_json_via_serde(raw), "{}", raw.name);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let expected: serde_json::Value =
            serde_json::from_str(&connector_json_via_serde(raw)).unwrap();
        assert_eq!(value, expected);
        assert_eq!(value["name"], raw.connectors[0].name.as_str());
    }
    let mut none = raws[0].clone();
    none.connectors.clear();
    assert_eq!(connector_json(&none), "{}");
}
