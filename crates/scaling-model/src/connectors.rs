//! Connector kinds: how many tasks each really runs, how its work is split over tasks, and
//! the Kafka Connect REST JSON (`POST /connectors` body) generated for it.
//!
//! Task counts follow facts Part 2 §3 ("tasks.max / parallelism per connector"):
//! PostgreSQL always one task; SQL Server `min(tasks.max, databases)` from Debezium 1.9;
//! MongoDB `min(tasks.max, replica sets)` up to 2.5 and one task from 2.6.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, Connector, ConnectorKind, DebeziumVersion, TableSet};
use crate::text::Text;

/// Keys a generated PostgreSQL connector config may use. Source: Debezium
/// `documentation/modules/ROOT/pages/connectors/postgresql.adoc`, "Connector properties"
/// (required and advanced properties), plus Kafka Connect's own `connector.class` and
/// `tasks.max`.
pub const POSTGRES_ALLOWED_KEYS: &[&str] = &[
    "connector.class",
    "tasks.max",
    "plugin.name",
    "database.hostname",
    "database.port",
    "database.user",
    "database.password",
    "database.dbname",
    "topic.prefix",
    "slot.name",
    "publication.name",
    "publication.autocreate.mode",
    "table.include.list",
    "max.queue.size",
    "max.batch.size",
    "poll.interval.ms",
    "max.queue.size.in.bytes",
];

/// Keys a generated SQL Server connector config may use. Source: Debezium
/// `documentation/modules/ROOT/pages/connectors/sqlserver.adoc`, "Connector properties"
/// (`database.names`, `schema.history.internal.*` are required there).
pub const SQLSERVER_ALLOWED_KEYS: &[&str] = &[
    "connector.class",
    "tasks.max",
    "database.hostname",
    "database.port",
    "database.user",
    "database.password",
    "database.names",
    "topic.prefix",
    "table.include.list",
    "schema.history.internal.kafka.bootstrap.servers",
    "schema.history.internal.kafka.topic",
    "max.queue.size",
    "max.batch.size",
    "poll.interval.ms",
    "max.queue.size.in.bytes",
];

/// Keys a generated MongoDB connector config may use. Source: Debezium
/// `documentation/modules/ROOT/pages/connectors/mongodb.adoc`, "Connector properties"
/// (`mongodb.connection.mode` exists from 2.2 to 2.5, facts Part 2 §3).
pub const MONGODB_ALLOWED_KEYS: &[&str] = &[
    "connector.class",
    "tasks.max",
    "mongodb.connection.string",
    "mongodb.connection.mode",
    "topic.prefix",
    "collection.include.list",
    "max.queue.size",
    "max.batch.size",
    "poll.interval.ms",
    "max.queue.size.in.bytes",
];

/// The allowed keys for `kind`.
pub fn allowed_keys(kind: ConnectorKind) -> &'static [&'static str] {
    match kind {
        ConnectorKind::Postgresql => POSTGRES_ALLOWED_KEYS,
        ConnectorKind::Sqlserver => SQLSERVER_ALLOWED_KEYS,
        ConnectorKind::Mongodb => MONGODB_ALLOWED_KEYS,
    }
}

/// A Kafka Connect REST API connector definition: `{ "name": ..., "config": { ... } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestConnectorConfig {
    /// Connector name.
    pub name: String,
    /// Connector properties (all values are strings, as Kafka Connect expects).
    pub config: BTreeMap<&'static str, String>,
}

/// The databases (SQL Server) or replica sets (MongoDB) a connector reads, in the order of its
/// table sets.
pub fn connector_databases<'a>(c: &Connector, table_sets: &'a [TableSet]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for &i in &c.table_sets {
        if let Some(t) = table_sets.get(i) {
            if !out.contains(&t.database.as_str()) {
                out.push(t.database.as_str());
            }
        }
    }
    out
}

/// How many tasks the connector really runs, and a sentence explaining why.
pub fn tasks_running(c: &Connector, table_sets: &[TableSet]) -> (u64, Text) {
    let dbs = connector_databases(c, table_sets).len() as u64;
    match c.kind {
        ConnectorKind::Postgresql => {
            let note = if c.tasks_max > 1 {
                Text::new(
                    format!(
                        "tasks.max={} не действует: коннектор PostgreSQL всегда запускает одну задачу (один слот, один walsender)",
                        c.tasks_max
                    ),
                    format!(
                        "tasks.max={} has no effect: the PostgreSQL connector always runs one task (one slot, one walsender)",
                        c.tasks_max
                    ),
                )
            } else {
                Text::new(
                    "коннектор PostgreSQL: одна задача",
                    "PostgreSQL connector: one task",
                )
            };
            (1, note)
        }
        ConnectorKind::Sqlserver => {
            if c.debezium_version < DebeziumVersion::new(1, 9) {
                (
                    1,
                    Text::new(
                        format!(
                            "SQL Server в Debezium {}: одна задача (несколько задач по базам из database.names — с 1.9)",
                            c.debezium_version
                        ),
                        format!(
                            "SQL Server on Debezium {}: one task (one task per database in database.names arrived in 1.9)",
                            c.debezium_version
                        ),
                    ),
                )
            } else {
                let n = c.tasks_max.min(dbs).max(1);
                (
                    n,
                    Text::new(
                        format!(
                            "SQL Server: {n} задач(и) = min(tasks.max={}, баз в database.names={dbs})",
                            c.tasks_max
                        ),
                        format!(
                            "SQL Server: {n} task(s) = min(tasks.max={}, databases in database.names={dbs})",
                            c.tasks_max
                        ),
                    ),
                )
            }
        }
        ConnectorKind::Mongodb => {
            if c.debezium_version < DebeziumVersion::new(2, 6) {
                let n = c.tasks_max.min(dbs).max(1);
                (
                    n,
                    Text::new(
                        format!(
                            "MongoDB в Debezium {}: {n} задач(и) = min(tasks.max={}, replica set/шардов={dbs}); с 2.6 — всегда одна",
                            c.debezium_version, c.tasks_max
                        ),
                        format!(
                            "MongoDB on Debezium {}: {n} task(s) = min(tasks.max={}, replica sets/shards={dbs}); since 2.6 always one",
                            c.debezium_version, c.tasks_max
                        ),
                    ),
                )
            } else {
                let note = if c.tasks_max > 1 {
                    Text::new(
                        format!(
                            "tasks.max={} не действует: коннектор MongoDB с Debezium 2.6 запускает одну задачу",
                            c.tasks_max
                        ),
                        format!(
                            "tasks.max={} has no effect: the MongoDB connector runs a single task since Debezium 2.6",
                            c.tasks_max
                        ),
                    )
                } else {
                    Text::new(
                        "коннектор MongoDB: одна задача",
                        "MongoDB connector: one task",
                    )
                };
                (1, note)
            }
        }
    }
}

/// Splits the connector's table sets over its running tasks: database number `i` (in order of
/// appearance) goes to task `i mod tasks`. Returns, per task, the indices of its table sets.
pub fn task_table_sets(c: &Connector, table_sets: &[TableSet], tasks: u64) -> Vec<Vec<usize>> {
    let tasks = tasks.max(1) as usize;
    let dbs = connector_databases(c, table_sets);
    let mut out = vec![Vec::new(); tasks];
    for &i in &c.table_sets {
        let Some(t) = table_sets.get(i) else { continue };
        let db_index = dbs.iter().position(|d| *d == t.database).unwrap_or(0);
        if let Some(slot) = out.get_mut(db_index % tasks) {
            slot.push(i);
        }
    }
    out
}

/// The Kafka Connect REST JSON for every connector of `config`.
pub fn rest_configs(config: &Config) -> Vec<RestConnectorConfig> {
    config
        .connectors
        .iter()
        .map(|c| rest_config(config, c))
        .collect()
}

/// The Kafka Connect REST JSON for one connector.
pub fn rest_config(config: &Config, c: &Connector) -> RestConnectorConfig {
    let mut m: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut put = |k: &'static str, v: String| {
        m.insert(k, v);
    };
    let tables: Vec<&str> = c
        .table_sets
        .iter()
        .filter_map(|&i| config.table_sets.get(i))
        .flat_map(|t| t.tables.iter().map(String::as_str))
        .collect();
    put("tasks.max", c.tasks_max.to_string());
    put("topic.prefix", c.topic_prefix.clone());
    put("max.queue.size", c.queue.max_queue_size.to_string());
    put("max.batch.size", c.queue.max_batch_size.to_string());
    put("poll.interval.ms", c.queue.poll_interval_ms.to_string());
    if c.queue.max_queue_size_in_bytes > 0 {
        put(
            "max.queue.size.in.bytes",
            c.queue.max_queue_size_in_bytes.to_string(),
        );
    }
    let server = &config.server;
    // The password is read by Kafka Connect's FileConfigProvider (worker setting
    // `config.providers=file`), so no secret is written into the generated JSON.
    let password = "${file:/opt/kafka/secrets/cdc.properties:password}".to_string();
    match c.kind {
        ConnectorKind::Postgresql => {
            let db = c
                .table_sets
                .first()
                .and_then(|&i| config.table_sets.get(i))
                .map(|t| t.database.clone())
                .unwrap_or_else(|| server.default_database.clone());
            put(
                "connector.class",
                "io.debezium.connector.postgresql.PostgresConnector".to_string(),
            );
            put("plugin.name", "pgoutput".to_string());
            put("database.hostname", server.hostname.clone());
            put("database.port", server.port.unwrap_or(5432).to_string());
            put("database.user", server.user.clone());
            put("database.password", password);
            put("database.dbname", db);
            put("slot.name", c.slot_name.clone());
            put("publication.name", c.publication_name.clone());
            put("publication.autocreate.mode", "filtered".to_string());
            put("table.include.list", tables.join(","));
        }
        ConnectorKind::Sqlserver => {
            put(
                "connector.class",
                "io.debezium.connector.sqlserver.SqlServerConnector".to_string(),
            );
            put("database.hostname", server.hostname.clone());
            put("database.port", server.port.unwrap_or(1433).to_string());
            put("database.user", server.user.clone());
            put("database.password", password);
            put(
                "database.names",
                connector_databases(c, &config.table_sets).join(","),
            );
            put("table.include.list", tables.join(","));
            put(
                "schema.history.internal.kafka.bootstrap.servers",
                "kafka:9092".to_string(),
            );
            put(
                "schema.history.internal.kafka.topic",
                format!("schema-history.{}", c.topic_prefix),
            );
        }
        ConnectorKind::Mongodb => {
            put(
                "connector.class",
                "io.debezium.connector.mongodb.MongoDbConnector".to_string(),
            );
            put(
                "mongodb.connection.string",
                format!(
                    "mongodb://{}:{}/",
                    server.hostname,
                    server.port.unwrap_or(27017)
                ),
            );
            if c.debezium_version < DebeziumVersion::new(2, 6) {
                put("mongodb.connection.mode", "replica_set".to_string());
            }
            put("collection.include.list", tables.join(","));
        }
    }
    RestConnectorConfig {
        name: c.name.clone(),
        config: m,
    }
}
