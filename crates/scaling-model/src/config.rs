//! Configuration: the raw JSON shape ([`RawConfig`]), its validation, and the validated
//! [`Config`] that the rest of the model trusts.
//!
//! `RawConfig` mirrors the JSON exactly (`#[serde(deny_unknown_fields)]`, optional fields with
//! documented defaults). [`RawConfig::from_json`] first checks the JSON against a small schema
//! table ([`schema`]) so that an unknown field or a value of the wrong type is reported with its
//! full path (`connectors[1].max_batch_size`), then [`RawConfig::validate`] checks ranges and
//! cross-field rules once and produces a [`Config`]. Every error names the field path and
//! quotes the bad value, in lowercase: `kafka.partitions must be a whole number between 1 and
//! 10000, got "0"`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::decimal;
use crate::schema;

/// Debezium default `max.queue.size` (facts Part 2 §1: CCC `DEFAULT_MAX_QUEUE_SIZE = 8192`).
pub const DEFAULT_MAX_QUEUE_SIZE: u64 = 8192;
/// Debezium default `max.batch.size` (facts Part 2 §1: `DEFAULT_MAX_BATCH_SIZE = 2048`).
pub const DEFAULT_MAX_BATCH_SIZE: u64 = 2048;
/// Debezium default `poll.interval.ms` (facts Part 2 §1: 500, not 1000).
pub const DEFAULT_POLL_INTERVAL_MS: u64 = 500;
/// Debezium default `max.queue.size.in.bytes`: 0 = no byte limit (facts Part 2 §1).
pub const DEFAULT_MAX_QUEUE_SIZE_IN_BYTES: u64 = 0;
/// Kafka Connect worker default `offset.flush.interval.ms` (facts Part 2 §2: 60000).
pub const DEFAULT_OFFSET_FLUSH_INTERVAL_MS: u64 = 60_000;
/// Debezium 3.7+ caps `poll.interval.ms` at 5000 ms (facts Part 2 §1, dbz#1644).
pub const MAX_ALLOWED_POLL_INTERVAL_MS: u64 = 5_000;
/// The course's rule of thumb: one PostgreSQL connector with default settings and ~1 KB
/// events tops out around 7,000 events/s. No primary source (facts Part 2 §4).
pub const DEFAULT_SINGLE_CONNECTOR_EVENTS_PER_S: f64 = 7_000.0;

/// Largest accepted source rate (events/s). Far above any single PostgreSQL server; larger
/// values are treated as typos.
pub const MAX_RATE_EVENTS_PER_S: f64 = 10_000_000.0;
/// Largest accepted byte rate (bytes/s): 100 GiB/s.
pub const MAX_BYTES_PER_S: f64 = 107_374_182_400.0;
/// Largest accepted event or WAL record size: 64 MiB.
pub const MAX_EVENT_SIZE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest accepted queue or batch size (events).
pub const MAX_QUEUE_EVENTS: u64 = 10_000_000;
/// Largest accepted partition or consumer count.
pub const MAX_PARTITIONS: u64 = 10_000;
/// Largest accepted number of connectors or table sets.
pub const MAX_ITEMS: usize = 64;
/// Largest accepted simulation horizon: 7 days.
pub const MAX_DURATION_S: u64 = 7 * 86_400;
/// Largest number of simulation steps (the lag series has at most this + 1 points).
pub const MAX_STEPS: u64 = 10_000;

/// A validation error: the field path and a message that quotes the bad value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    path: String,
    message: String,
}

impl ConfigError {
    /// An error at `path`; `message` continues the sentence after the path.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The field path, e.g. `connectors[1].max_batch_size` (empty for whole-document errors).
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{} {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

/// Quotes a number the way the user probably wrote it.
pub(crate) fn quote_num(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("\"{}\"", decimal::fixed(v, 0))
    } else if v.is_finite() && (v.abs() >= 1e15 || (v != 0.0 && v.abs() < 1e-6)) {
        format!("\"{}\"", decimal::exponent(v))
    } else {
        format!("\"{}\"", decimal::shortest(v))
    }
}

// ---------------------------------------------------------------------------------------------
// Raw (JSON) shape
// ---------------------------------------------------------------------------------------------

/// The configuration as written in JSON. Optional fields fall back to the defaults documented
/// on each field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// The database server and its change stream.
    pub source: RawSource,
    /// The Debezium connectors of the current setup (1 to 64).
    pub connectors: Vec<RawConnector>,
    /// Kafka Connect worker settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kafka_connect: Option<RawKafkaConnect>,
    /// Kafka cluster and the consumer group downstream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kafka: Option<RawKafka>,
    /// The cost model's calibration (an adjustable assumption, not a measurement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<RawCalibration>,
    /// Simulation horizon and step of the lag series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simulation: Option<RawSimulation>,
    /// Parameters of the 5-way comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<RawComparison>,
}

/// The source database server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Server identity and its logical-decoding capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<RawServer>,
    /// How the rate of change events varies over time.
    pub profile: RawProfile,
    /// Groups of tables with their share of the events (shares sum to 100 %).
    pub table_sets: Vec<RawTableSet>,
}

/// The database server (one PostgreSQL cluster, SQL Server instance or MongoDB deployment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServer {
    /// Host name used in generated connector configs. Default `postgres`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Port used in generated configs. Default 5432 (1433 for SQL Server, 27017 for MongoDB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<f64>,
    /// Database of table sets that name none. Default `app`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_database: Option<String>,
    /// Replication user in generated configs. Default `debezium`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// WAL bytes/s one walsender can read and decode. Default 52428800 (50 MiB/s). UNSOURCED
    /// as a benchmark; a vendor reports ~40 MB/s from one slot (facts Part 2 §4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walsender_decode_bytes_per_s: Option<f64>,
    /// WAL bytes/s the whole server can spend on logical decoding, shared by all slots.
    /// Default 209715200 (200 MiB/s, about four cores). UNSOURCED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decode_budget_bytes_per_s: Option<f64>,
}

/// The input profile: `steady`, `daily` or `burst`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    /// `steady`, `daily` (cosine day/night pattern) or `burst` (base rate with one burst).
    pub kind: String,
    /// Steady rate, or the base (night / between bursts) rate, in events/s for the whole server.
    pub rate_events_per_s: f64,
    /// `daily`: the rate at the peak hour; `burst`: the rate during the burst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_events_per_s: Option<f64>,
    /// `daily`: hour of the peak (0 ≤ h < 24). Default 14.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_hour: Option<f64>,
    /// `burst`: start of the burst in seconds from the start of the simulation. Default 3600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst_start_s: Option<f64>,
    /// `burst`: duration of the burst in seconds. Default 1800.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst_duration_s: Option<f64>,
}

/// A group of tables (a collection set for MongoDB) captured together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTableSet {
    /// Name used by `connectors[].table_sets`.
    pub name: String,
    /// Fully-qualified table names (`schema.table`), used for `table.include.list`.
    pub tables: Vec<String>,
    /// Share of all change events on the server, in percent (all shares sum to 100).
    pub share_percent: f64,
    /// Average change-event (Kafka record) size in bytes. Default 1024.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avg_event_size_bytes: Option<f64>,
    /// Average WAL bytes written per change. Default 1024 (UNSOURCED rough figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wal_bytes_per_event: Option<f64>,
    /// Database holding these tables (SQL Server: an entry of `database.names`; MongoDB: the
    /// replica set or shard). Default `source.server.default_database`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
}

/// One Debezium connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConnector {
    /// Connector name (Kafka Connect `name`).
    pub name: String,
    /// `postgresql` (default), `sqlserver` or `mongodb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Debezium version `MAJOR.MINOR` (e.g. `"2.5"`). Default `"3.4"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debezium_version: Option<String>,
    /// `tasks.max`. Default 1. Accepted for every kind; only SQL Server and MongoDB ≤ 2.5 use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks_max: Option<f64>,
    /// Names of the table sets this connector captures (disjoint across connectors).
    pub table_sets: Vec<String>,
    /// `topic.prefix`. Default: the connector name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_prefix: Option<String>,
    /// `slot.name` (PostgreSQL). Default: the name in lower case with `_` for other characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_name: Option<String>,
    /// `publication.name` (PostgreSQL). Default `dbz_<slot name>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_name: Option<String>,
    /// `max.queue.size`. Default 8192.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_queue_size: Option<f64>,
    /// `max.batch.size`. Default 2048; must be smaller than `max_queue_size`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_batch_size: Option<f64>,
    /// `poll.interval.ms`. Default 500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval_ms: Option<f64>,
    /// `max.queue.size.in.bytes`. Default 0 (no byte limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_queue_size_in_bytes: Option<f64>,
}

/// Kafka Connect worker settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKafkaConnect {
    /// `offset.flush.interval.ms`. Default 60000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset_flush_interval_ms: Option<f64>,
}

/// Kafka and the consumer group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKafka {
    /// Bytes/s the brokers accept from all connectors together. Default 104857600 (100 MiB/s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_capacity_bytes_per_s: Option<f64>,
    /// Partitions of the change topics the consumer group reads, all topics together. Default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitions: Option<f64>,
    /// Share of all events carrying the single hottest record key, in percent. Default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hot_key_share_percent: Option<f64>,
    /// Members of the consumer group. Default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumers: Option<f64>,
    /// Events/s one consumer processes. Default 10000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_rate_events_per_s: Option<f64>,
}

/// Calibration of the connector cost model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalibration {
    /// Events/s of one connector task with default settings at the reference event size.
    /// Default 7000 (the course's rule of thumb; no primary source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_connector_events_per_s: Option<f64>,
    /// Event size at which the calibration holds. Default 1024.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_event_size_bytes: Option<f64>,
    /// Share (percent) of the task's time per event that is per-batch overhead at the default
    /// `max.batch.size` 2048. Default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_overhead_percent: Option<f64>,
    /// Share (percent) of the per-event cost that grows with the event size. Default 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_dependent_percent: Option<f64>,
    /// How much faster (percent) the streaming thread is than the poll/send thread. Default 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streaming_headroom_percent: Option<f64>,
}

/// Simulation horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    /// Horizon in seconds. Default 86400 (24 h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<f64>,
    /// Step in seconds. Default 300 (289 points over 24 h). At most 10000 steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_s: Option<f64>,
}

/// Parameters of the 5-way comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComparison {
    /// N in "tasks.max=N", "N connectors", "N partitions + N consumers". Default 4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_n: Option<f64>,
}

// ---------------------------------------------------------------------------------------------
// Validated shape
// ---------------------------------------------------------------------------------------------

/// How the source rate varies over time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Profile {
    /// Constant rate.
    Steady {
        /// Events/s.
        rate_events_per_s: f64,
    },
    /// `base + (peak − base)·(1 + cos(2π(h − peak_hour)/24))/2`, h = hour of day.
    Daily {
        /// Rate at the quietest hour.
        base_events_per_s: f64,
        /// Rate at `peak_hour`.
        peak_events_per_s: f64,
        /// Hour of the peak.
        peak_hour: f64,
    },
    /// `base`, and `burst` during `[start, start + duration)`.
    Burst {
        /// Rate outside the burst.
        base_events_per_s: f64,
        /// Rate during the burst.
        burst_events_per_s: f64,
        /// Start of the burst.
        start_s: u64,
        /// Length of the burst.
        duration_s: u64,
    },
}

/// Kind of Debezium connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConnectorKind {
    /// `io.debezium.connector.postgresql.PostgresConnector`: always one task.
    Postgresql,
    /// `io.debezium.connector.sqlserver.SqlServerConnector`: one task per database (1.9+).
    Sqlserver,
    /// `io.debezium.connector.mongodb.MongoDbConnector`: one task per replica set up to 2.5.
    Mongodb,
}

impl ConnectorKind {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "postgresql" => Some(Self::Postgresql),
            "sqlserver" => Some(Self::Sqlserver),
            "mongodb" => Some(Self::Mongodb),
            _ => None,
        }
    }

    /// The name used in the JSON config.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Postgresql => "postgresql",
            Self::Sqlserver => "sqlserver",
            Self::Mongodb => "mongodb",
        }
    }
}

/// A Debezium version, `MAJOR.MINOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DebeziumVersion {
    /// Major version.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
}

impl DebeziumVersion {
    /// Builds `major.minor`.
    pub const fn new(major: u64, minor: u64) -> Self {
        Self { major, minor }
    }

    /// Parses `"2.5"`, `"2.5.1"`, `"2.5.1.Final"`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.split('.');
        let major = parts.next()?.parse::<u64>().ok()?;
        let minor = parts.next()?.parse::<u64>().ok()?;
        if major > 99 || minor > 99 {
            return None;
        }
        Some(Self { major, minor })
    }
}

impl fmt::Display for DebeziumVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The connector's change-event queue and polling settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QueueSettings {
    /// `max.queue.size`.
    pub max_queue_size: u64,
    /// `max.batch.size` (< `max_queue_size`).
    pub max_batch_size: u64,
    /// `poll.interval.ms`.
    pub poll_interval_ms: u64,
    /// `max.queue.size.in.bytes` (0 = no limit).
    pub max_queue_size_in_bytes: u64,
}

impl QueueSettings {
    /// Debezium's defaults: 8192 / 2048 / 500 ms / no byte limit.
    pub const DEFAULT: Self = Self {
        max_queue_size: DEFAULT_MAX_QUEUE_SIZE,
        max_batch_size: DEFAULT_MAX_BATCH_SIZE,
        poll_interval_ms: DEFAULT_POLL_INTERVAL_MS,
        max_queue_size_in_bytes: DEFAULT_MAX_QUEUE_SIZE_IN_BYTES,
    };
    /// The lesson's "tuned" settings: 16384 / 4096 / 500 ms.
    pub const TUNED: Self = Self {
        max_queue_size: 16_384,
        max_batch_size: 4_096,
        poll_interval_ms: 500,
        max_queue_size_in_bytes: 0,
    };
}

/// A validated table set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableSet {
    /// Name.
    pub name: String,
    /// Tables.
    pub tables: Vec<String>,
    /// Share of all events, as a fraction (0, 1]; the shares sum to 1.
    pub share: f64,
    /// Average Kafka record size.
    pub avg_event_size_bytes: u64,
    /// Average WAL bytes per change.
    pub wal_bytes_per_event: u64,
    /// Database (SQL Server database, MongoDB replica set).
    pub database: String,
}

/// A validated connector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Connector {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: ConnectorKind,
    /// Debezium version.
    pub debezium_version: DebeziumVersion,
    /// `tasks.max` as configured.
    pub tasks_max: u64,
    /// Indices into [`Config::table_sets`].
    pub table_sets: Vec<usize>,
    /// `topic.prefix`.
    pub topic_prefix: String,
    /// `slot.name` (PostgreSQL only).
    pub slot_name: String,
    /// `publication.name` (PostgreSQL only).
    pub publication_name: String,
    /// Queue settings.
    pub queue: QueueSettings,
}

/// Server settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// Host name.
    pub hostname: String,
    /// Port, or `None` for the kind's default.
    pub port: Option<u64>,
    /// Database of table sets that name none.
    pub default_database: String,
    /// User for generated configs.
    pub user: String,
    /// Decoding speed of one walsender.
    pub walsender_decode_bytes_per_s: f64,
    /// Decoding budget of the server.
    pub decode_budget_bytes_per_s: f64,
}

/// Kafka and consumer settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Kafka {
    /// Broker write capacity.
    pub write_capacity_bytes_per_s: f64,
    /// Partitions (all change topics together).
    pub partitions: u64,
    /// Share of events on the hottest key, fraction [0, 1].
    pub hot_key_share: f64,
    /// Consumer-group members.
    pub consumers: u64,
    /// Events/s one consumer processes.
    pub consumer_rate_events_per_s: f64,
}

/// Calibration of the cost model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Calibration {
    /// Events/s of one task, default settings, reference event size.
    pub single_connector_events_per_s: f64,
    /// Reference event size.
    pub reference_event_size_bytes: u64,
    /// Batch overhead share at the default batch size, fraction [0, 0.9].
    pub batch_overhead: f64,
    /// Size-dependent share of the per-event cost, fraction [0, 1].
    pub size_dependent: f64,
    /// Streaming thread headroom, fraction [0, 10].
    pub streaming_headroom: f64,
}

/// A validated configuration. Build it with [`RawConfig::validate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    pub(crate) server: Server,
    pub(crate) profile: Profile,
    pub(crate) table_sets: Vec<TableSet>,
    pub(crate) connectors: Vec<Connector>,
    pub(crate) offset_flush_interval_ms: u64,
    pub(crate) kafka: Kafka,
    pub(crate) calibration: Calibration,
    pub(crate) duration_s: u64,
    pub(crate) step_s: u64,
    pub(crate) scale_n: u64,
}

impl Config {
    /// The server.
    pub fn server(&self) -> &Server {
        &self.server
    }
    /// The input profile.
    pub fn profile(&self) -> Profile {
        self.profile
    }
    /// The table sets.
    pub fn table_sets(&self) -> &[TableSet] {
        &self.table_sets
    }
    /// The connectors.
    pub fn connectors(&self) -> &[Connector] {
        &self.connectors
    }
    /// Kafka and consumers.
    pub fn kafka(&self) -> Kafka {
        self.kafka
    }
    /// Calibration.
    pub fn calibration(&self) -> Calibration {
        self.calibration
    }
    /// `offset.flush.interval.ms`.
    pub fn offset_flush_interval_ms(&self) -> u64 {
        self.offset_flush_interval_ms
    }
    /// Simulation horizon (s) and step (s).
    pub fn horizon(&self) -> (u64, u64) {
        (self.duration_s, self.step_s)
    }
    /// N of the comparison.
    pub fn scale_n(&self) -> u64 {
        self.scale_n
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing and validation
// ---------------------------------------------------------------------------------------------

impl RawConfig {
    /// Parses JSON, reporting unknown fields and wrong types with their path.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            ConfigError::new("", format!("config is not valid JSON: {e}").to_lowercase())
        })?;
        Self::from_value(&value)
    }

    /// Like [`RawConfig::from_json`], from an already parsed JSON value.
    pub fn from_value(value: &serde_json::Value) -> Result<Self, ConfigError> {
        schema::check(value)?;
        serde_json::from_value(value.clone())
            .map_err(|e| ConfigError::new("", format!("config does not match the schema: {e}")))
    }

    /// The example configuration: one PostgreSQL connector with default settings over four
    /// table sets at 9,000 events/s with a daily pattern, one partition, one consumer.
    pub fn example() -> Self {
        let ts = |name: &str, tables: &[&str], share: f64| RawTableSet {
            name: name.to_string(),
            tables: tables.iter().map(|t| (*t).to_string()).collect(),
            share_percent: share,
            avg_event_size_bytes: Some(1024.0),
            wal_bytes_per_event: Some(1024.0),
            database: None,
        };
        RawConfig {
            source: RawSource {
                server: Some(RawServer {
                    hostname: Some("pg-primary".to_string()),
                    port: Some(5432.0),
                    default_database: Some("shop".to_string()),
                    user: Some("debezium".to_string()),
                    walsender_decode_bytes_per_s: Some(52_428_800.0),
                    decode_budget_bytes_per_s: Some(209_715_200.0),
                }),
                profile: RawProfile {
                    kind: "daily".to_string(),
                    rate_events_per_s: 3_000.0,
                    peak_events_per_s: Some(9_000.0),
                    peak_hour: Some(14.0),
                    burst_start_s: None,
                    burst_duration_s: None,
                },
                table_sets: vec![
                    ts("orders", &["public.orders", "public.order_items"], 40.0),
                    ts("payments", &["public.payments"], 25.0),
                    ts("inventory", &["public.stock", "public.warehouses"], 20.0),
                    ts("customers", &["public.customers", "public.addresses"], 15.0),
                ],
            },
            connectors: vec![RawConnector {
                name: "shop-cdc".to_string(),
                kind: Some("postgresql".to_string()),
                debezium_version: Some("3.4".to_string()),
                tasks_max: Some(1.0),
                table_sets: vec![
                    "orders".to_string(),
                    "payments".to_string(),
                    "inventory".to_string(),
                    "customers".to_string(),
                ],
                topic_prefix: Some("shop".to_string()),
                slot_name: Some("shop_cdc".to_string()),
                publication_name: Some("dbz_shop_cdc".to_string()),
                max_queue_size: Some(8192.0),
                max_batch_size: Some(2048.0),
                poll_interval_ms: Some(500.0),
                max_queue_size_in_bytes: Some(0.0),
            }],
            kafka_connect: Some(RawKafkaConnect {
                offset_flush_interval_ms: Some(60_000.0),
            }),
            kafka: Some(RawKafka {
                write_capacity_bytes_per_s: Some(104_857_600.0),
                partitions: Some(1.0),
                hot_key_share_percent: Some(0.0),
                consumers: Some(1.0),
                consumer_rate_events_per_s: Some(10_000.0),
            }),
            calibration: Some(RawCalibration {
                single_connector_events_per_s: Some(DEFAULT_SINGLE_CONNECTOR_EVENTS_PER_S),
                reference_event_size_bytes: Some(1024.0),
                batch_overhead_percent: Some(20.0),
                size_dependent_percent: Some(50.0),
                streaming_headroom_percent: Some(50.0),
            }),
            simulation: Some(RawSimulation {
                duration_s: Some(86_400.0),
                step_s: Some(300.0),
            }),
            comparison: Some(RawComparison { scale_n: Some(4.0) }),
        }
    }

    /// Checks every range and cross-field rule and returns the validated [`Config`].
    pub fn validate(&self) -> Result<Config, ConfigError> {
        let server = validate_server(self.source.server.as_ref())?;
        let profile = validate_profile(&self.source.profile)?;
        let table_sets = validate_table_sets(&self.source.table_sets, &server)?;
        check_byte_rates(&profile, &table_sets)?;
        let connectors = validate_connectors(&self.connectors, &table_sets)?;
        let offset_flush_interval_ms = match &self.kafka_connect {
            Some(kc) => opt_int(
                "kafka_connect.offset_flush_interval_ms",
                kc.offset_flush_interval_ms,
                DEFAULT_OFFSET_FLUSH_INTERVAL_MS,
                1,
                86_400_000,
            )?,
            None => DEFAULT_OFFSET_FLUSH_INTERVAL_MS,
        };
        let kafka = validate_kafka(self.kafka.as_ref())?;
        let calibration = validate_calibration(self.calibration.as_ref())?;
        let (duration_s, step_s) = validate_simulation(self.simulation.as_ref())?;
        let scale_n = match &self.comparison {
            Some(c) => opt_int("comparison.scale_n", c.scale_n, 4, 2, 64)?,
            None => 4,
        };
        Ok(Config {
            server,
            profile,
            table_sets,
            connectors,
            offset_flush_interval_ms,
            kafka,
            calibration,
            duration_s,
            step_s,
            scale_n,
        })
    }
}

impl Config {
    /// The raw form of this configuration (every default written out). `validate()` of the
    /// result gives back an equal `Config`.
    pub fn to_raw(&self) -> RawConfig {
        let (kind, rate, peak, peak_hour, start, dur) = match self.profile {
            Profile::Steady { rate_events_per_s } => {
                ("steady", rate_events_per_s, None, None, None, None)
            }
            Profile::Daily {
                base_events_per_s,
                peak_events_per_s,
                peak_hour,
            } => (
                "daily",
                base_events_per_s,
                Some(peak_events_per_s),
                Some(peak_hour),
                None,
                None,
            ),
            Profile::Burst {
                base_events_per_s,
                burst_events_per_s,
                start_s,
                duration_s,
            } => (
                "burst",
                base_events_per_s,
                Some(burst_events_per_s),
                None,
                Some(start_s as f64),
                Some(duration_s as f64),
            ),
        };
        RawConfig {
            source: RawSource {
                server: Some(RawServer {
                    hostname: Some(self.server.hostname.clone()),
                    port: self.server.port.map(|p| p as f64),
                    default_database: Some(self.server.default_database.clone()),
                    user: Some(self.server.user.clone()),
                    walsender_decode_bytes_per_s: Some(self.server.walsender_decode_bytes_per_s),
                    decode_budget_bytes_per_s: Some(self.server.decode_budget_bytes_per_s),
                }),
                profile: RawProfile {
                    kind: kind.to_string(),
                    rate_events_per_s: rate,
                    peak_events_per_s: peak,
                    peak_hour,
                    burst_start_s: start,
                    burst_duration_s: dur,
                },
                table_sets: self
                    .table_sets
                    .iter()
                    .map(|t| RawTableSet {
                        name: t.name.clone(),
                        tables: t.tables.clone(),
                        share_percent: t.share * 100.0,
                        avg_event_size_bytes: Some(t.avg_event_size_bytes as f64),
                        wal_bytes_per_event: Some(t.wal_bytes_per_event as f64),
                        database: Some(t.database.clone()),
                    })
                    .collect(),
            },
            connectors: self
                .connectors
                .iter()
                .map(|c| RawConnector {
                    name: c.name.clone(),
                    kind: Some(c.kind.as_str().to_string()),
                    debezium_version: Some(c.debezium_version.to_string()),
                    tasks_max: Some(c.tasks_max as f64),
                    table_sets: c
                        .table_sets
                        .iter()
                        .filter_map(|&i| self.table_sets.get(i).map(|t| t.name.clone()))
                        .collect(),
                    topic_prefix: Some(c.topic_prefix.clone()),
                    slot_name: Some(c.slot_name.clone()),
                    publication_name: Some(c.publication_name.clone()),
                    max_queue_size: Some(c.queue.max_queue_size as f64),
                    max_batch_size: Some(c.queue.max_batch_size as f64),
                    poll_interval_ms: Some(c.queue.poll_interval_ms as f64),
                    max_queue_size_in_bytes: Some(c.queue.max_queue_size_in_bytes as f64),
                })
                .collect(),
            kafka_connect: Some(RawKafkaConnect {
                offset_flush_interval_ms: Some(self.offset_flush_interval_ms as f64),
            }),
            kafka: Some(RawKafka {
                write_capacity_bytes_per_s: Some(self.kafka.write_capacity_bytes_per_s),
                partitions: Some(self.kafka.partitions as f64),
                hot_key_share_percent: Some(self.kafka.hot_key_share * 100.0),
                consumers: Some(self.kafka.consumers as f64),
                consumer_rate_events_per_s: Some(self.kafka.consumer_rate_events_per_s),
            }),
            calibration: Some(RawCalibration {
                single_connector_events_per_s: Some(self.calibration.single_connector_events_per_s),
                reference_event_size_bytes: Some(
                    self.calibration.reference_event_size_bytes as f64,
                ),
                batch_overhead_percent: Some(self.calibration.batch_overhead * 100.0),
                size_dependent_percent: Some(self.calibration.size_dependent * 100.0),
                streaming_headroom_percent: Some(self.calibration.streaming_headroom * 100.0),
            }),
            simulation: Some(RawSimulation {
                duration_s: Some(self.duration_s as f64),
                step_s: Some(self.step_s as f64),
            }),
            comparison: Some(RawComparison {
                scale_n: Some(self.scale_n as f64),
            }),
        }
    }
}

fn int_in(path: &str, v: f64, min: u64, max: u64) -> Result<u64, ConfigError> {
    if v.is_finite() && v.fract() == 0.0 && v >= min as f64 && v <= max as f64 {
        Ok(v as u64)
    } else {
        Err(ConfigError::new(
            path,
            format!(
                "must be a whole number between {min} and {max}, got {}",
                quote_num(v)
            ),
        ))
    }
}

fn opt_int(
    path: &str,
    v: Option<f64>,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, ConfigError> {
    match v {
        Some(v) => int_in(path, v, min, max),
        None => Ok(default),
    }
}

/// A number in `[min, max]` (`min_exclusive`: in `(min, max]`).
fn num_in(path: &str, v: f64, min: f64, max: f64, min_exclusive: bool) -> Result<f64, ConfigError> {
    let low_ok = if min_exclusive { v > min } else { v >= min };
    if v.is_finite() && low_ok && v <= max {
        Ok(v)
    } else {
        let range = if min_exclusive {
            format!(
                "greater than {} and at most {}",
                fmt_bound(min),
                fmt_bound(max)
            )
        } else {
            format!("between {} and {}", fmt_bound(min), fmt_bound(max))
        };
        Err(ConfigError::new(
            path,
            format!("must be {range}, got {}", quote_num(v)),
        ))
    }
}

fn fmt_bound(v: f64) -> String {
    if v.fract() == 0.0 {
        decimal::fixed(v, 0)
    } else {
        decimal::shortest(v)
    }
}

fn opt_num(
    path: &str,
    v: Option<f64>,
    default: f64,
    min: f64,
    max: f64,
    min_exclusive: bool,
) -> Result<f64, ConfigError> {
    match v {
        Some(v) => num_in(path, v, min, max, min_exclusive),
        None => Ok(default),
    }
}

fn name_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn check_name(path: &str, s: &str) -> Result<(), ConfigError> {
    if name_ok(s) {
        Ok(())
    } else {
        Err(ConfigError::new(
            path,
            format!(
                "must be 1 to 200 characters of letters, digits, '_', '-' or '.', got {:?}",
                s
            ),
        ))
    }
}

fn validate_server(raw: Option<&RawServer>) -> Result<Server, ConfigError> {
    let empty = RawServer {
        hostname: None,
        port: None,
        default_database: None,
        user: None,
        walsender_decode_bytes_per_s: None,
        decode_budget_bytes_per_s: None,
    };
    let r = raw.unwrap_or(&empty);
    let hostname = r.hostname.clone().unwrap_or_else(|| "postgres".to_string());
    check_name("source.server.hostname", &hostname)?;
    let port = match r.port {
        Some(p) => Some(int_in("source.server.port", p, 1, 65_535)?),
        None => None,
    };
    let default_database = r
        .default_database
        .clone()
        .unwrap_or_else(|| "app".to_string());
    check_name("source.server.default_database", &default_database)?;
    let user = r.user.clone().unwrap_or_else(|| "debezium".to_string());
    check_name("source.server.user", &user)?;
    let walsender = opt_num(
        "source.server.walsender_decode_bytes_per_s",
        r.walsender_decode_bytes_per_s,
        52_428_800.0,
        1.0,
        MAX_BYTES_PER_S,
        false,
    )?;
    let budget = opt_num(
        "source.server.decode_budget_bytes_per_s",
        r.decode_budget_bytes_per_s,
        209_715_200.0,
        1.0,
        MAX_BYTES_PER_S,
        false,
    )?;
    Ok(Server {
        hostname,
        port,
        default_database,
        user,
        walsender_decode_bytes_per_s: walsender,
        decode_budget_bytes_per_s: budget,
    })
}

fn validate_profile(p: &RawProfile) -> Result<Profile, ConfigError> {
    let rate = num_in(
        "source.profile.rate_events_per_s",
        p.rate_events_per_s,
        0.0,
        MAX_RATE_EVENTS_PER_S,
        false,
    )?;
    let unused = |field: &str, v: &Option<f64>| -> Result<(), ConfigError> {
        match v {
            Some(x) => Err(ConfigError::new(
                format!("source.profile.{field}"),
                format!(
                    "is not used by profile kind {:?}, got {}: remove it",
                    p.kind,
                    quote_num(*x)
                ),
            )),
            None => Ok(()),
        }
    };
    match p.kind.as_str() {
        "steady" => {
            unused("peak_events_per_s", &p.peak_events_per_s)?;
            unused("peak_hour", &p.peak_hour)?;
            unused("burst_start_s", &p.burst_start_s)?;
            unused("burst_duration_s", &p.burst_duration_s)?;
            Ok(Profile::Steady {
                rate_events_per_s: rate,
            })
        }
        "daily" => {
            unused("burst_start_s", &p.burst_start_s)?;
            unused("burst_duration_s", &p.burst_duration_s)?;
            let peak = peak_rate(p, rate)?;
            let peak_hour = opt_num(
                "source.profile.peak_hour",
                p.peak_hour,
                14.0,
                0.0,
                23.999,
                false,
            )?;
            Ok(Profile::Daily {
                base_events_per_s: rate,
                peak_events_per_s: peak,
                peak_hour,
            })
        }
        "burst" => {
            unused("peak_hour", &p.peak_hour)?;
            let peak = peak_rate(p, rate)?;
            let start_s = opt_int(
                "source.profile.burst_start_s",
                p.burst_start_s,
                3_600,
                0,
                MAX_DURATION_S,
            )?;
            let duration_s = opt_int(
                "source.profile.burst_duration_s",
                p.burst_duration_s,
                1_800,
                1,
                MAX_DURATION_S,
            )?;
            Ok(Profile::Burst {
                base_events_per_s: rate,
                burst_events_per_s: peak,
                start_s,
                duration_s,
            })
        }
        other => Err(ConfigError::new(
            "source.profile.kind",
            format!("must be one of \"steady\", \"daily\", \"burst\", got {other:?}"),
        )),
    }
}

/// Rejects absurd combinations: the peak rate times the largest event or WAL record must stay
/// within [`MAX_BYTES_PER_S`] (100 GiB/s), so every derived byte figure stays far from overflow.
fn check_byte_rates(profile: &Profile, table_sets: &[TableSet]) -> Result<(), ConfigError> {
    let biggest = table_sets
        .iter()
        .map(|t| t.avg_event_size_bytes.max(t.wal_bytes_per_event))
        .max()
        .unwrap_or(1) as f64;
    let peak = profile.peak_rate();
    if peak * biggest > MAX_BYTES_PER_S {
        let field = match profile {
            Profile::Steady { .. } => "source.profile.rate_events_per_s",
            _ => "source.profile.peak_events_per_s",
        };
        return Err(ConfigError::new(
            field,
            format!(
                "is too high for events of up to {} bytes, got {}: that is more than 100 GiB/s \
                 ({} bytes/s)",
                decimal::fixed(biggest, 0),
                quote_num(peak),
                decimal::fixed(MAX_BYTES_PER_S, 0)
            ),
        ));
    }
    Ok(())
}

fn peak_rate(p: &RawProfile, base: f64) -> Result<f64, ConfigError> {
    let path = "source.profile.peak_events_per_s";
    let Some(peak) = p.peak_events_per_s else {
        return Err(ConfigError::new(
            path,
            format!("is required for profile kind {:?}", p.kind),
        ));
    };
    let peak = num_in(path, peak, 0.0, MAX_RATE_EVENTS_PER_S, false)?;
    if peak < base {
        return Err(ConfigError::new(
            path,
            format!(
                "must be at least rate_events_per_s ({}), got {}",
                fmt_bound(base),
                quote_num(peak)
            ),
        ));
    }
    Ok(peak)
}

/// The position of the first name that equals an earlier one, if any: in the stable sorted
/// order equal names are adjacent with ascending positions, so each later one of a pair is a
/// repeat, and the smallest such position is the first.
fn first_repeat(names: &[&str]) -> Option<usize> {
    let order = index_sort::sorted_indices(names.len(), |a, b| names.get(a) < names.get(b));
    order
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if names.get(*a) == names.get(*b) => Some(*b),
            _ => None,
        })
        .min()
}

fn validate_table_sets(raw: &[RawTableSet], server: &Server) -> Result<Vec<TableSet>, ConfigError> {
    if raw.is_empty() || raw.len() > MAX_ITEMS {
        return Err(ConfigError::new(
            "source.table_sets",
            format!(
                "must list 1 to {MAX_ITEMS} table sets, got \"{}\"",
                raw.len()
            ),
        ));
    }
    // Where, in reading order, the first table repeats an earlier one (what a set of the names
    // seen so far would first refuse). Only the sets the loop below reaches are read: up to the
    // first with a bad table count.
    let reachable: Vec<&str> = raw
        .iter()
        .take_while(|t| (1..=1000).contains(&t.tables.len()))
        .flat_map(|t| t.tables.iter().map(String::as_str))
        .collect();
    let first_repeat = first_repeat(&reachable);
    let mut seq = 0usize;
    let mut out = Vec::with_capacity(raw.len());
    let mut sum = 0.0;
    for (i, t) in raw.iter().enumerate() {
        let base = format!("source.table_sets[{i}]");
        check_name(&format!("{base}.name"), &t.name)?;
        if raw.iter().take(i).any(|earlier| earlier.name == t.name) {
            return Err(ConfigError::new(
                format!("{base}.name"),
                format!("must be unique, got {:?} twice", t.name),
            ));
        }
        if t.tables.is_empty() || t.tables.len() > 1000 {
            return Err(ConfigError::new(
                format!("{base}.tables"),
                format!("must list 1 to 1000 tables, got \"{}\"", t.tables.len()),
            ));
        }
        for (j, table) in t.tables.iter().enumerate() {
            let tp = format!("{base}.tables[{j}]");
            check_name(&tp, table)?;
            let repeated = first_repeat == Some(seq);
            seq += 1;
            if repeated {
                return Err(ConfigError::new(
                    tp,
                    format!(
                        "appears in two table sets, got {table:?}: table sets must be disjoint"
                    ),
                ));
            }
        }
        let share = num_in(
            &format!("{base}.share_percent"),
            t.share_percent,
            0.001,
            100.0,
            false,
        )?;
        sum += share;
        let size = opt_int(
            &format!("{base}.avg_event_size_bytes"),
            t.avg_event_size_bytes,
            1024,
            1,
            MAX_EVENT_SIZE_BYTES,
        )?;
        let wal = opt_int(
            &format!("{base}.wal_bytes_per_event"),
            t.wal_bytes_per_event,
            1024,
            1,
            MAX_EVENT_SIZE_BYTES,
        )?;
        let database = t
            .database
            .clone()
            .unwrap_or_else(|| server.default_database.clone());
        check_name(&format!("{base}.database"), &database)?;
        out.push(TableSet {
            name: t.name.clone(),
            tables: t.tables.clone(),
            share: share / 100.0,
            avg_event_size_bytes: size,
            wal_bytes_per_event: wal,
            database,
        });
    }
    if (sum - 100.0).abs() > 0.01 {
        let list: Vec<String> = raw.iter().map(|t| quote_num(t.share_percent)).collect();
        return Err(ConfigError::new(
            "source.table_sets[].share_percent",
            format!(
                "must sum to 100, got {} ({})",
                quote_num((sum * 1000.0).round() / 1000.0),
                list.join(" + ")
            ),
        ));
    }
    // Normalise the rounding residue away so that shares sum to 1 exactly enough.
    for t in &mut out {
        t.share /= sum / 100.0;
    }
    Ok(out)
}

/// Lower-case letters, digits and `_` (PostgreSQL slot-name rule, facts Part 2 §1).
fn slot_name_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn default_slot_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .take(63)
        .collect();
    if s.is_empty() {
        s.push_str("debezium");
    }
    s
}

fn validate_connectors(
    raw: &[RawConnector],
    table_sets: &[TableSet],
) -> Result<Vec<Connector>, ConfigError> {
    if raw.is_empty() || raw.len() > MAX_ITEMS {
        return Err(ConfigError::new(
            "connectors",
            format!(
                "must list 1 to {MAX_ITEMS} connectors, got \"{}\"",
                raw.len()
            ),
        ));
    }
    let mut out: Vec<Connector> = Vec::with_capacity(raw.len());
    let mut owner: Vec<Option<usize>> = vec![None; table_sets.len()];
    for (i, c) in raw.iter().enumerate() {
        let base = format!("connectors[{i}]");
        check_name(&format!("{base}.name"), &c.name)?;
        if let Some(j) = out.iter().position(|o| o.name == c.name) {
            return Err(ConfigError::new(
                format!("{base}.name"),
                format!("is already used by connectors[{j}], got {:?}", c.name),
            ));
        }
        let kind_str = c.kind.clone().unwrap_or_else(|| "postgresql".to_string());
        let kind = ConnectorKind::parse(&kind_str).ok_or_else(|| {
            ConfigError::new(
                format!("{base}.kind"),
                format!(
                    "must be one of \"postgresql\", \"sqlserver\", \"mongodb\", got {kind_str:?}"
                ),
            )
        })?;
        let version_str = c
            .debezium_version
            .clone()
            .unwrap_or_else(|| "3.4".to_string());
        let version = DebeziumVersion::parse(&version_str)
            .filter(|v| v.major >= 1)
            .ok_or_else(|| {
                ConfigError::new(
                    format!("{base}.debezium_version"),
                    format!("must look like \"2.5\" (major 1 or later), got {version_str:?}"),
                )
            })?;
        if kind == ConnectorKind::Mongodb && version < DebeziumVersion::new(2, 2) {
            return Err(ConfigError::new(
                format!("{base}.debezium_version"),
                format!(
                    "must be 2.2 or later for mongodb, got {version_str:?}: the model generates \
                     mongodb.connection.string configs, which older versions do not read"
                ),
            ));
        }
        let tasks_max = opt_int(&format!("{base}.tasks_max"), c.tasks_max, 1, 1, 1000)?;
        if c.table_sets.is_empty() {
            return Err(ConfigError::new(
                format!("{base}.table_sets"),
                "must name at least one table set, got \"[]\"",
            ));
        }
        let mut idx = Vec::with_capacity(c.table_sets.len());
        for (j, name) in c.table_sets.iter().enumerate() {
            let tp = format!("{base}.table_sets[{j}]");
            let Some(k) = table_sets.iter().position(|t| &t.name == name) else {
                let known: Vec<&str> = table_sets.iter().map(|t| t.name.as_str()).collect();
                return Err(ConfigError::new(
                    tp,
                    format!(
                        "names no table set, got {name:?}; known: {}",
                        known.join(", ")
                    ),
                ));
            };
            match owner.get(k).copied().flatten() {
                Some(prev) if prev == i => {
                    return Err(ConfigError::new(
                        tp,
                        format!("is listed twice, got {name:?}"),
                    ));
                }
                Some(prev) => {
                    return Err(ConfigError::new(
                        tp,
                        format!(
                            "is already captured by connectors[{prev}], got {name:?}: two connectors on the \
                             same tables emit every change twice; give each connector a disjoint table set"
                        ),
                    ));
                }
                None => {}
            }
            if let Some(slot) = owner.get_mut(k) {
                *slot = Some(i);
            }
            idx.push(k);
        }
        if kind == ConnectorKind::Postgresql {
            // The distinct databases, sorted (what a `BTreeSet` gave, without its `from_iter`).
            let mut dbs: Vec<&str> = idx
                .iter()
                .filter_map(|&k| table_sets.get(k).map(|t| t.database.as_str()))
                .collect();
            index_sort::sort(&mut dbs);
            dbs.dedup();
            if dbs.len() > 1 {
                let list = dbs;
                return Err(ConfigError::new(
                    format!("{base}.table_sets"),
                    format!(
                        "span several databases, got {}: a postgresql connector (one slot) reads one database",
                        list.join(", ")
                    ),
                ));
            }
        }
        let topic_prefix = c.topic_prefix.clone().unwrap_or_else(|| c.name.clone());
        check_name(&format!("{base}.topic_prefix"), &topic_prefix)?;
        if let Some(j) = out.iter().position(|o| o.topic_prefix == topic_prefix) {
            return Err(ConfigError::new(
                format!("{base}.topic_prefix"),
                format!(
                    "is already used by connectors[{j}], got {topic_prefix:?}: topic.prefix must be unique across connectors"
                ),
            ));
        }
        let slot_name = c
            .slot_name
            .clone()
            .unwrap_or_else(|| default_slot_name(&c.name));
        if !slot_name_ok(&slot_name) {
            return Err(ConfigError::new(
                format!("{base}.slot_name"),
                format!("must be 1 to 63 lower-case letters, digits or '_', got {slot_name:?}"),
            ));
        }
        let publication_name = c
            .publication_name
            .clone()
            .unwrap_or_else(|| format!("dbz_{slot_name}"));
        if !slot_name_ok(&publication_name) {
            return Err(ConfigError::new(
                format!("{base}.publication_name"),
                format!(
                    "must be 1 to 63 lower-case letters, digits or '_', got {publication_name:?}"
                ),
            ));
        }
        if kind == ConnectorKind::Postgresql {
            if let Some(j) = out
                .iter()
                .position(|o| o.kind == ConnectorKind::Postgresql && o.slot_name == slot_name)
            {
                return Err(ConfigError::new(
                    format!("{base}.slot_name"),
                    format!(
                        "is already used by connectors[{j}], got {slot_name:?}: each connector needs its own \
                         replication slot (a shared slot delivers each change to only one of them)"
                    ),
                ));
            }
            if let Some(j) = out.iter().position(|o| {
                o.kind == ConnectorKind::Postgresql && o.publication_name == publication_name
            }) {
                return Err(ConfigError::new(
                    format!("{base}.publication_name"),
                    format!(
                        "is already used by connectors[{j}], got {publication_name:?}: connectors with different \
                         table sets need their own publication"
                    ),
                ));
            }
        }
        let max_queue_size = opt_int(
            &format!("{base}.max_queue_size"),
            c.max_queue_size,
            DEFAULT_MAX_QUEUE_SIZE,
            2,
            MAX_QUEUE_EVENTS,
        )?;
        let max_batch_size = opt_int(
            &format!("{base}.max_batch_size"),
            c.max_batch_size,
            DEFAULT_MAX_BATCH_SIZE,
            1,
            MAX_QUEUE_EVENTS,
        )?;
        if max_batch_size >= max_queue_size {
            return Err(ConfigError::new(
                format!("{base}.max_batch_size"),
                format!(
                    "must be smaller than max_queue_size ({max_queue_size}), got \"{max_batch_size}\": \
                     Debezium refuses to start when max.batch.size >= max.queue.size"
                ),
            ));
        }
        let poll_interval_ms = opt_int(
            &format!("{base}.poll_interval_ms"),
            c.poll_interval_ms,
            DEFAULT_POLL_INTERVAL_MS,
            1,
            3_600_000,
        )?;
        let max_queue_size_in_bytes = opt_int(
            &format!("{base}.max_queue_size_in_bytes"),
            c.max_queue_size_in_bytes,
            DEFAULT_MAX_QUEUE_SIZE_IN_BYTES,
            0,
            1 << 40,
        )?;
        if max_queue_size_in_bytes > 0 {
            let biggest = idx
                .iter()
                .filter_map(|&k| table_sets.get(k).map(|t| t.avg_event_size_bytes))
                .max()
                .unwrap_or(1);
            if max_queue_size_in_bytes < biggest {
                return Err(ConfigError::new(
                    format!("{base}.max_queue_size_in_bytes"),
                    format!(
                        "must be 0 (no limit) or hold at least one event ({biggest} bytes), got \"{max_queue_size_in_bytes}\""
                    ),
                ));
            }
        }
        out.push(Connector {
            name: c.name.clone(),
            kind,
            debezium_version: version,
            tasks_max,
            table_sets: idx,
            topic_prefix,
            slot_name,
            publication_name,
            queue: QueueSettings {
                max_queue_size,
                max_batch_size,
                poll_interval_ms,
                max_queue_size_in_bytes,
            },
        });
    }
    Ok(out)
}

fn validate_kafka(raw: Option<&RawKafka>) -> Result<Kafka, ConfigError> {
    let empty = RawKafka {
        write_capacity_bytes_per_s: None,
        partitions: None,
        hot_key_share_percent: None,
        consumers: None,
        consumer_rate_events_per_s: None,
    };
    let r = raw.unwrap_or(&empty);
    Ok(Kafka {
        write_capacity_bytes_per_s: opt_num(
            "kafka.write_capacity_bytes_per_s",
            r.write_capacity_bytes_per_s,
            104_857_600.0,
            1.0,
            MAX_BYTES_PER_S,
            false,
        )?,
        partitions: opt_int("kafka.partitions", r.partitions, 1, 1, MAX_PARTITIONS)?,
        hot_key_share: opt_num(
            "kafka.hot_key_share_percent",
            r.hot_key_share_percent,
            0.0,
            0.0,
            100.0,
            false,
        )? / 100.0,
        consumers: opt_int("kafka.consumers", r.consumers, 1, 1, MAX_PARTITIONS)?,
        consumer_rate_events_per_s: opt_num(
            "kafka.consumer_rate_events_per_s",
            r.consumer_rate_events_per_s,
            10_000.0,
            0.001,
            MAX_RATE_EVENTS_PER_S,
            false,
        )?,
    })
}

fn validate_calibration(raw: Option<&RawCalibration>) -> Result<Calibration, ConfigError> {
    let empty = RawCalibration {
        single_connector_events_per_s: None,
        reference_event_size_bytes: None,
        batch_overhead_percent: None,
        size_dependent_percent: None,
        streaming_headroom_percent: None,
    };
    let r = raw.unwrap_or(&empty);
    Ok(Calibration {
        single_connector_events_per_s: opt_num(
            "calibration.single_connector_events_per_s",
            r.single_connector_events_per_s,
            DEFAULT_SINGLE_CONNECTOR_EVENTS_PER_S,
            1.0,
            MAX_RATE_EVENTS_PER_S,
            false,
        )?,
        reference_event_size_bytes: opt_int(
            "calibration.reference_event_size_bytes",
            r.reference_event_size_bytes,
            1024,
            1,
            MAX_EVENT_SIZE_BYTES,
        )?,
        batch_overhead: opt_num(
            "calibration.batch_overhead_percent",
            r.batch_overhead_percent,
            20.0,
            0.0,
            90.0,
            false,
        )? / 100.0,
        size_dependent: opt_num(
            "calibration.size_dependent_percent",
            r.size_dependent_percent,
            50.0,
            0.0,
            100.0,
            false,
        )? / 100.0,
        streaming_headroom: opt_num(
            "calibration.streaming_headroom_percent",
            r.streaming_headroom_percent,
            50.0,
            0.0,
            1000.0,
            false,
        )? / 100.0,
    })
}

fn validate_simulation(raw: Option<&RawSimulation>) -> Result<(u64, u64), ConfigError> {
    let (d, s) = match raw {
        Some(r) => (r.duration_s, r.step_s),
        None => (None, None),
    };
    let duration_s = opt_int("simulation.duration_s", d, 86_400, 1, MAX_DURATION_S)?;
    let step_s = opt_int("simulation.step_s", s, 300, 1, MAX_DURATION_S)?;
    if step_s > duration_s {
        return Err(ConfigError::new(
            "simulation.step_s",
            format!("must not exceed duration_s ({duration_s}), got \"{step_s}\""),
        ));
    }
    let steps = duration_s.div_ceil(step_s);
    if steps > MAX_STEPS {
        return Err(ConfigError::new(
            "simulation.step_s",
            format!(
                "gives {steps} steps over duration_s ({duration_s}), got \"{step_s}\": at most {MAX_STEPS} steps are \
                 allowed, use a step of at least {} s",
                duration_s.div_ceil(MAX_STEPS)
            ),
        ));
    }
    Ok((duration_s, step_s))
}
