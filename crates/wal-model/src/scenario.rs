//! The scenario format: what a lesson, a preset or an experiment on a real server describes.
//!
//! Raw JSON ([`RawScenario`], `deny_unknown_fields`) is parsed once and validated once into a
//! [`Scenario`] that the engines trust: names resolved to indices, units converted to bytes
//! and milliseconds, every range checked. Errors name the field path and quote the bad value
//! (`connectors[0].heartbeat.interval_ms must be 0 (off) or between 100 and 3600000, got "-5"`).

use crate::rules::WalSettings;
use crate::units::{Lsn, DAY_MS, GB, MB};
use serde::{Deserialize, Serialize};

/// Longest scenario the model accepts: 30 days.
pub const MAX_DURATION_MS: u64 = 30 * DAY_MS;
/// Highest write rate of one workload stream: 10 GB/s (far beyond any real server).
pub const MAX_RATE_BYTES_PER_S: i64 = 10 * GB as i64;

/// Text in both course languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Russian (the course's default language).
    pub ru: String,
    /// English.
    pub en: String,
}

/// A scenario as written in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Short identifier (`idle-db-no-heartbeat`).
    pub name: String,
    /// Title shown to students.
    #[serde(default)]
    pub title: Text,
    /// One paragraph on the incident the scenario teaches.
    #[serde(default)]
    pub description: Text,
    /// Simulated time span in milliseconds (at most 30 days).
    pub duration_ms: i64,
    /// PostgreSQL settings.
    #[serde(default)]
    pub postgres: RawPostgres,
    /// The volume that holds `pg_wal`.
    #[serde(default)]
    pub disk: RawDisk,
    /// Alert thresholds on retained WAL.
    #[serde(default)]
    pub alerts: RawAlerts,
    /// WAL-producing workload streams.
    #[serde(default)]
    pub workload: Vec<RawWorkload>,
    /// Logical replication slots that exist at the start (or are created at `created_at_ms`).
    #[serde(default)]
    pub slots: Vec<RawSlot>,
    /// Debezium PostgreSQL connectors, each consuming one slot.
    #[serde(default)]
    pub connectors: Vec<RawConnector>,
    /// Discrete events at given times.
    #[serde(default)]
    pub events: Vec<RawEvent>,
    /// How much output to keep.
    #[serde(default)]
    pub output: RawOutput,
}

/// PostgreSQL settings (`postgresql.conf` names, units in the field names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawPostgres {
    /// Major version, 13–17.
    pub version: i64,
    /// `wal_segment_size` (fixed at initdb), MB.
    pub wal_segment_size_mb: i64,
    /// `max_wal_size`, MB.
    pub max_wal_size_mb: i64,
    /// `min_wal_size`, MB.
    pub min_wal_size_mb: i64,
    /// `checkpoint_timeout`, seconds.
    pub checkpoint_timeout_s: i64,
    /// `checkpoint_completion_target`; default 0.9 on 14+, 0.5 on 13.
    pub checkpoint_completion_target: Option<f64>,
    /// `wal_keep_size`, MB.
    pub wal_keep_size_mb: i64,
    /// `max_slot_wal_keep_size`, MB; -1 = unlimited.
    pub max_slot_wal_keep_size_mb: i64,
    /// WAL position at time 0 (default: 40 bytes into segment 3, as on a fresh cluster).
    pub start_lsn: Option<Lsn>,
    /// Time of the bgwriter's first running-xacts record (its 15 s timer is not aligned with
    /// anything else on a real server).
    pub bgwriter_phase_ms: i64,
}

impl Default for RawPostgres {
    fn default() -> Self {
        RawPostgres {
            version: 15,
            wal_segment_size_mb: 16,
            max_wal_size_mb: 1024,
            min_wal_size_mb: 80,
            checkpoint_timeout_s: 300,
            checkpoint_completion_target: None,
            wal_keep_size_mb: 0,
            max_slot_wal_keep_size_mb: -1,
            start_lsn: None,
            bgwriter_phase_ms: 7_000,
        }
    }
}

/// The `pg_wal` volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawDisk {
    /// Volume size, MB.
    pub size_mb: i64,
    /// Space used by other files on the same volume, MB.
    pub other_used_mb: i64,
}

impl Default for RawDisk {
    fn default() -> Self {
        RawDisk {
            size_mb: 100 * 1024,
            other_used_mb: 0,
        }
    }
}

/// Alert thresholds on retained WAL per slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawAlerts {
    /// Warning threshold, MB (the course uses 1 GB).
    pub warning_mb: i64,
    /// Critical threshold, MB (the course uses 5 GB).
    pub critical_mb: i64,
}

impl Default for RawAlerts {
    fn default() -> Self {
        RawAlerts {
            warning_mb: 1024,
            critical_mb: 5 * 1024,
        }
    }
}

/// Output limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawOutput {
    /// Most time-series points (buckets) the report keeps.
    pub max_points: i64,
}

impl Default for RawOutput {
    fn default() -> Self {
        RawOutput { max_points: 720 }
    }
}

/// Which tables a workload stream writes, as the slot's consumer sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TableClass {
    /// Tables in the publication and in `table.include.list`: change events are emitted.
    #[default]
    Captured,
    /// Tables the connector receives but drops (not in `table.include.list`).
    Filtered,
}

/// One WAL-producing stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorkload {
    /// Database written to; absent = WAL that belongs to no database (checkpoint full-page
    /// images, vacuum of shared catalogs, `pg_switch_wal`, ...).
    #[serde(default)]
    pub database: Option<String>,
    /// Which tables, as the connector sees them.
    #[serde(default)]
    pub tables: TableClass,
    /// The rate over time.
    pub pattern: RawPattern,
}

/// A write-rate pattern. Day 0 of a scenario is a Monday starting at 00:00.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawPattern {
    /// The same rate all the time.
    Steady {
        /// WAL bytes per second.
        bytes_per_s: i64,
    },
    /// Business hours on weekdays, a lower rate at night and at weekends.
    BusinessHours {
        /// Rate in business hours on weekdays.
        peak_bytes_per_s: i64,
        /// Rate outside business hours on weekdays.
        off_hours_bytes_per_s: i64,
        /// Rate all day on Saturday and Sunday.
        weekend_bytes_per_s: i64,
        /// First business hour (0–23).
        #[serde(default = "default_start_hour")]
        start_hour: i64,
        /// End of business hours (1–24, after `start_hour`).
        #[serde(default = "default_end_hour")]
        end_hour: i64,
    },
    /// Intervals of writing (bulk loads); zero outside them.
    Bursts {
        /// The intervals; they must not overlap.
        bursts: Vec<RawBurst>,
    },
}

fn default_start_hour() -> i64 {
    9
}
fn default_end_hour() -> i64 {
    18
}

/// One burst of writing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBurst {
    /// Start, ms.
    pub from_ms: i64,
    /// End (exclusive), ms.
    pub to_ms: i64,
    /// WAL bytes per second during the burst.
    pub bytes_per_s: i64,
}

/// Logical decoding output plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Plugin {
    /// Built-in `pgoutput` (passes logical messages with the `messages` option, PG 14+).
    #[default]
    Pgoutput,
    /// Debezium's `decoderbufs` (Debezium's community default).
    Decoderbufs,
    /// `test_decoding` (contrib; for experiments with SQL functions).
    TestDecoding,
}

impl Plugin {
    /// Name as in `pg_replication_slots.plugin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Plugin::Pgoutput => "pgoutput",
            Plugin::Decoderbufs => "decoderbufs",
            Plugin::TestDecoding => "test_decoding",
        }
    }
}

/// A logical replication slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlot {
    /// `slot_name`.
    pub name: String,
    /// The database the slot decodes.
    pub database: String,
    /// Output plugin.
    #[serde(default)]
    pub plugin: Plugin,
    /// When the slot is created (0 = exists at the start).
    #[serde(default)]
    pub created_at_ms: i64,
}

/// `heartbeat.action.query` variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActionQuery {
    /// No action query: heartbeats carry only the last LSN the connector received.
    #[default]
    None,
    /// `SELECT pg_logical_emit_message(false, 'heartbeat', now()::varchar)`.
    EmitMessage,
    /// `UPDATE debezium_heartbeat SET ts = now() WHERE id = 1` on a table in the publication
    /// and in `table.include.list`.
    TableUpdate,
}

/// Heartbeat settings of a connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct RawHeartbeat {
    /// `heartbeat.interval.ms` (0 = off, Debezium's default).
    pub interval_ms: i64,
    /// `heartbeat.action.query`.
    pub action_query: ActionQuery,
    /// Database the action query writes into (default: the slot's database).
    pub target_database: Option<String>,
}

/// `lsn.flush.mode` (Debezium 3.4+; `flush.lsn.source=true` before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LsnFlushMode {
    /// The connector flushes the LSN of what it committed (the only mode before 3.4).
    #[default]
    Connector,
    /// pgjdbc keep-alives may also flush the server's LSN (DBZ-9641, 3.4+).
    ConnectorAndDriver,
}

/// A time interval `[from_ms, to_ms)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInterval {
    /// Start, ms.
    pub from_ms: i64,
    /// End (exclusive), ms.
    pub to_ms: i64,
}

/// A Debezium PostgreSQL connector (one task) on a Kafka Connect worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConnector {
    /// Connector name.
    pub name: String,
    /// `slot.name`.
    pub slot: String,
    /// Debezium version, `MAJOR.MINOR` (1.4–3.x).
    #[serde(default = "default_debezium_version")]
    pub debezium_version: String,
    /// Kafka Connect worker `offset.flush.interval.ms`.
    #[serde(default = "default_offset_flush_ms")]
    pub offset_flush_interval_ms: i64,
    /// Heartbeat settings.
    #[serde(default)]
    pub heartbeat: RawHeartbeat,
    /// `lsn.flush.mode`.
    #[serde(default)]
    pub lsn_flush_mode: LsnFlushMode,
    /// `status.update.interval.ms` (pgjdbc status updates; used by keep-alive flushing).
    #[serde(default = "default_status_update_ms")]
    pub status_update_interval_ms: i64,
    /// `retriable.restart.connector.wait.ms` (Debezium 2.0+ restart after a retriable error).
    #[serde(default = "default_restart_wait_ms")]
    pub retriable_restart_wait_ms: i64,
    /// When the connector first starts (ms).
    #[serde(default)]
    pub start_ms: i64,
    /// Intervals when the connector is stopped (maintenance, a weekend outage).
    #[serde(default)]
    pub downtime: Vec<RawInterval>,
}

fn default_debezium_version() -> String {
    "2.7".to_string()
}
fn default_offset_flush_ms() -> i64 {
    60_000
}
fn default_status_update_ms() -> i64 {
    10_000
}
fn default_restart_wait_ms() -> i64 {
    10_000
}

/// A discrete event at a given time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawEvent {
    /// Write `bytes` of WAL in a database at once (e.g. `INSERT ... generate_series`).
    Write {
        /// When, ms.
        at_ms: i64,
        /// Database (absent = no database).
        #[serde(default)]
        database: Option<String>,
        /// Which tables.
        #[serde(default)]
        tables: TableClass,
        /// WAL bytes.
        bytes: i64,
    },
    /// An explicit `CHECKPOINT` (immediate, forced).
    Checkpoint {
        /// When, ms.
        at_ms: i64,
    },
    /// Stop the connector (`PUT /connectors/{name}/stop` or a crash of the worker).
    ConnectorStop {
        /// When, ms.
        at_ms: i64,
        /// Connector name.
        connector: String,
    },
    /// Start (or restart) the connector.
    ConnectorStart {
        /// When, ms.
        at_ms: i64,
        /// Connector name.
        connector: String,
    },
    /// The task fails with a non-retriable error and stays FAILED.
    ConnectorFail {
        /// When, ms.
        at_ms: i64,
        /// Connector name.
        connector: String,
    },
    /// Turn heartbeats on (or change the interval).
    HeartbeatOn {
        /// When, ms.
        at_ms: i64,
        /// Connector name.
        connector: String,
        /// New `heartbeat.interval.ms`.
        interval_ms: i64,
    },
    /// Turn heartbeats off.
    HeartbeatOff {
        /// When, ms.
        at_ms: i64,
        /// Connector name.
        connector: String,
    },
    /// The next heartbeat action query at or after `at_ms` fails with this SQLSTATE
    /// (`57P01` after a failover or restart, `57P03`, `42P01`, ...).
    HeartbeatError {
        /// When, ms.
        at_ms: i64,
        /// Connector name.
        connector: String,
        /// SQLSTATE of the error.
        sqlstate: String,
    },
    /// `SELECT pg_drop_replication_slot('<slot>')`.
    SlotDrop {
        /// When, ms.
        at_ms: i64,
        /// Slot name.
        slot: String,
    },
    /// `SELECT pg_create_logical_replication_slot('<slot>', '<plugin>')` in `database`.
    SlotCreate {
        /// When, ms.
        at_ms: i64,
        /// Slot name.
        slot: String,
        /// Database.
        database: String,
        /// Plugin.
        #[serde(default)]
        plugin: Plugin,
    },
}

impl RawEvent {
    /// The event's time.
    pub fn at_ms(&self) -> i64 {
        match self {
            RawEvent::Write { at_ms, .. }
            | RawEvent::Checkpoint { at_ms }
            | RawEvent::ConnectorStop { at_ms, .. }
            | RawEvent::ConnectorStart { at_ms, .. }
            | RawEvent::ConnectorFail { at_ms, .. }
            | RawEvent::HeartbeatOn { at_ms, .. }
            | RawEvent::HeartbeatOff { at_ms, .. }
            | RawEvent::HeartbeatError { at_ms, .. }
            | RawEvent::SlotDrop { at_ms, .. }
            | RawEvent::SlotCreate { at_ms, .. } => *at_ms,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Validated form
// ---------------------------------------------------------------------------------------

/// A database, by index into [`Scenario::databases`].
pub type DbId = usize;

/// A Debezium version `major.minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DebeziumVersion {
    /// Major.
    pub major: u32,
    /// Minor.
    pub minor: u32,
}

impl DebeziumVersion {
    /// True if this version is `major.minor` or newer.
    pub fn at_least(self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }
}

impl std::fmt::Display for DebeziumVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A validated rate piece: `bytes_per_s` from `from_ms` (inclusive) to `to_ms` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RatePiece {
    /// Start, ms.
    pub from_ms: u64,
    /// End, ms.
    pub to_ms: u64,
    /// Rate.
    pub bytes_per_s: u64,
}

/// A validated workload stream: its rate as sorted, non-overlapping pieces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workload {
    /// Database, `None` for WAL of no database.
    pub database: Option<DbId>,
    /// Table class.
    pub tables: TableClass,
    /// Non-zero rate pieces, sorted.
    pub pieces: Vec<RatePiece>,
}

/// A validated slot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlotSpec {
    /// Name.
    pub name: String,
    /// Database.
    pub database: DbId,
    /// Plugin.
    pub plugin: Plugin,
    /// Creation time (`None`: created only by an event or by its connector).
    pub created_at_ms: Option<u64>,
}

/// Validated heartbeat settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heartbeat {
    /// Interval, 0 = off.
    pub interval_ms: u64,
    /// Action query.
    pub action_query: ActionQuery,
    /// Target database of the action query.
    pub target_database: DbId,
}

/// A validated connector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConnectorSpec {
    /// Name.
    pub name: String,
    /// Slot name (the slot may be created by the connector).
    pub slot: String,
    /// Index of the slot spec with that name, if the scenario declares it.
    pub database: DbId,
    /// Debezium version.
    pub debezium_version: DebeziumVersion,
    /// `offset.flush.interval.ms`.
    pub offset_flush_interval_ms: u64,
    /// Heartbeat settings at the start.
    pub heartbeat: Heartbeat,
    /// `lsn.flush.mode`.
    pub lsn_flush_mode: LsnFlushMode,
    /// `status.update.interval.ms`.
    pub status_update_interval_ms: u64,
    /// `retriable.restart.connector.wait.ms`.
    pub retriable_restart_wait_ms: u64,
    /// First start.
    pub start_ms: u64,
}

/// What a validated event does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum EventKind {
    /// WAL written at once.
    Write {
        /// Database.
        database: Option<DbId>,
        /// Tables.
        tables: TableClass,
        /// Bytes.
        bytes: u64,
    },
    /// `CHECKPOINT`.
    Checkpoint,
    /// Connector stops.
    ConnectorStop(usize),
    /// Connector starts.
    ConnectorStart(usize),
    /// Connector fails (non-retriable).
    ConnectorFail(usize),
    /// Heartbeat on with interval.
    HeartbeatOn(usize, u64),
    /// Heartbeat off.
    HeartbeatOff(usize),
    /// Next heartbeat action fails with SQLSTATE.
    HeartbeatError(usize, String),
    /// Drop slot by name.
    SlotDrop(String),
    /// Create slot.
    SlotCreate {
        /// Name.
        name: String,
        /// Database.
        database: DbId,
        /// Plugin.
        plugin: Plugin,
    },
}

/// A validated event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// When.
    pub at_ms: u64,
    /// What.
    pub kind: EventKind,
}

/// A validated scenario: everything the engines need, nothing they must re-check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Identifier.
    pub name: String,
    /// Title.
    pub title: Text,
    /// Description.
    pub description: Text,
    /// Duration, ms.
    pub duration_ms: u64,
    /// PostgreSQL major version.
    pub pg_version: u32,
    /// WAL settings for the rules.
    pub wal: WalSettings,
    /// `checkpoint_timeout`, ms.
    pub checkpoint_timeout_ms: u64,
    /// WAL position at time 0.
    pub start_lsn: u64,
    /// First bgwriter running-xacts time.
    pub bgwriter_phase_ms: u64,
    /// Volume size, bytes.
    pub disk_size_bytes: u64,
    /// Other data on the volume, bytes.
    pub disk_other_used_bytes: u64,
    /// Warning threshold, bytes.
    pub warning_bytes: u64,
    /// Critical threshold, bytes.
    pub critical_bytes: u64,
    /// Database names, by [`DbId`].
    pub databases: Vec<String>,
    /// Workload streams.
    pub workload: Vec<Workload>,
    /// Slots declared by the scenario.
    pub slots: Vec<SlotSpec>,
    /// Connectors.
    pub connectors: Vec<ConnectorSpec>,
    /// Events sorted by time (stable: equal times keep file order).
    pub events: Vec<Event>,
    /// Most series points.
    pub max_points: usize,
}

/// One validation problem: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationError {
    /// Field path, e.g. `connectors[0].heartbeat.interval_ms`.
    pub path: String,
    /// Message, quoting the bad value.
    pub message: String,
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{} {}", self.path, self.message)
        }
    }
}

/// All validation problems of a scenario (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Parses JSON text into a raw scenario; a syntax error or an unknown field is reported with
/// the path where it happened.
#[cfg(feature = "json-paths")]
pub fn parse_json(text: &str) -> Result<RawScenario, ValidationErrors> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        ValidationErrors(vec![ValidationError {
            path,
            message: format!("is invalid: {}", e.inner()),
        }])
    })
}

/// Parses JSON text into a raw scenario (without the `json-paths` feature: serde_json's
/// message with line and column, no field path).
#[cfg(not(feature = "json-paths"))]
pub fn parse_json(text: &str) -> Result<RawScenario, ValidationErrors> {
    serde_json::from_str(text).map_err(|e| {
        ValidationErrors(vec![ValidationError {
            path: String::new(),
            message: format!("is invalid: {e}"),
        }])
    })
}

/// Parses and validates JSON text.
pub fn from_json(text: &str) -> Result<Scenario, ValidationErrors> {
    parse_json(text)?.validate()
}

struct Checker {
    errors: Vec<ValidationError>,
}

impl Checker {
    fn fail(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(ValidationError {
            path: path.into(),
            message: message.into(),
        });
    }

    /// Checks `min <= value <= max`, returning the value as u64 when it is.
    fn range(&mut self, path: &str, value: i64, min: i64, max: i64, what: &str) -> u64 {
        if value < min || value > max {
            self.fail(
                path,
                format!("must be between {min} and {max}{what}, got \"{value}\""),
            );
            return min.max(0) as u64;
        }
        value as u64
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn parse_debezium_version(text: &str) -> Option<DebeziumVersion> {
    let mut parts = text.trim().split('.');
    let major = parts.next()?.parse::<u32>().ok()?;
    let minor = parts.next()?.parse::<u32>().ok()?;
    // Allow a patch/qualifier tail like "2.7.3.Final".
    Some(DebeziumVersion { major, minor })
}

impl RawScenario {
    /// Parses JSON into a raw scenario (same as [`parse_json`]).
    pub fn from_json(text: &str) -> Result<RawScenario, ValidationErrors> {
        parse_json(text)
    }

    /// Validates everything and resolves names; returns every problem found, not just the first.
    pub fn validate(&self) -> Result<Scenario, ValidationErrors> {
        let mut c = Checker { errors: Vec::new() };
        if !valid_name(&self.name) {
            c.fail(
                "name",
                format!(
                    "must be 1–63 letters, digits, '-' or '_', got {:?}",
                    self.name
                ),
            );
        }
        let duration_ms = c.range(
            "duration_ms",
            self.duration_ms,
            1_000,
            MAX_DURATION_MS as i64,
            " ms (30 days)",
        );
        let end = duration_ms;

        // --- PostgreSQL
        let p = &self.postgres;
        let pg_version = c.range("postgres.version", p.version, 13, 17, "") as u32;
        let seg_mb = p.wal_segment_size_mb;
        let seg_ok = (1..=1024).contains(&seg_mb) && (seg_mb as u64).is_power_of_two();
        if !seg_ok {
            c.fail(
                "postgres.wal_segment_size_mb",
                format!("must be a power of two between 1 and 1024, got \"{seg_mb}\""),
            );
        }
        let seg_mb = if seg_ok { seg_mb as u64 } else { 16 };
        let max_wal_size_mb = c.range(
            "postgres.max_wal_size_mb",
            p.max_wal_size_mb,
            2 * seg_mb as i64,
            1 << 30,
            " (at least 2 WAL segments)",
        );
        let min_wal_size_mb = c.range(
            "postgres.min_wal_size_mb",
            p.min_wal_size_mb,
            2 * seg_mb as i64,
            1 << 30,
            " (at least 2 WAL segments)",
        );
        if p.min_wal_size_mb > p.max_wal_size_mb {
            c.fail(
                "postgres.min_wal_size_mb",
                format!(
                    "must not exceed max_wal_size_mb ({}), got \"{}\"",
                    p.max_wal_size_mb, p.min_wal_size_mb
                ),
            );
        }
        let checkpoint_timeout_s = c.range(
            "postgres.checkpoint_timeout_s",
            p.checkpoint_timeout_s,
            30,
            86_400,
            " (30s–1d)",
        );
        let target = p
            .checkpoint_completion_target
            .unwrap_or(if pg_version >= 14 { 0.9 } else { 0.5 });
        if !(0.0..=1.0).contains(&target) || !target.is_finite() {
            c.fail(
                "postgres.checkpoint_completion_target",
                format!(
                    "must be between 0 and 1, got \"{}\"",
                    crate::decimal::shortest(target)
                ),
            );
        }
        let target = if (0.0..=1.0).contains(&target) {
            target
        } else {
            0.9
        };
        let wal_keep_size_mb = c.range(
            "postgres.wal_keep_size_mb",
            p.wal_keep_size_mb,
            0,
            1 << 30,
            "",
        );
        if p.max_slot_wal_keep_size_mb < -1 || p.max_slot_wal_keep_size_mb > (1 << 30) {
            c.fail(
                "postgres.max_slot_wal_keep_size_mb",
                format!(
                    "must be -1 (unlimited) or between 0 and {}, got \"{}\"",
                    1i64 << 30,
                    p.max_slot_wal_keep_size_mb
                ),
            );
        }
        let max_slot = p.max_slot_wal_keep_size_mb.clamp(-1, 1 << 30);
        let seg_bytes = seg_mb * MB;
        let start_lsn = p.start_lsn.map_or(3 * seg_bytes + 40, |l| l.0);
        if start_lsn < seg_bytes || start_lsn > (1u64 << 62) {
            c.fail("postgres.start_lsn", format!("must be past segment 0 (at least {}) and within the first 2^62 bytes, got \"{}\"", Lsn(seg_bytes), Lsn(start_lsn)));
        }
        let start_lsn = start_lsn.clamp(seg_bytes, 1u64 << 62);
        let bgwriter_phase_ms = c.range(
            "postgres.bgwriter_phase_ms",
            p.bgwriter_phase_ms,
            0,
            15_000,
            "",
        );

        // --- disk, alerts, output
        let disk_size_mb = c.range("disk.size_mb", self.disk.size_mb, 64, 1 << 30, "");
        let other_mb = c.range(
            "disk.other_used_mb",
            self.disk.other_used_mb,
            0,
            1 << 30,
            "",
        );
        if other_mb + 2 * seg_mb > disk_size_mb {
            c.fail(
                "disk.other_used_mb",
                format!("leaves no room for WAL on a {disk_size_mb} MB volume, got \"{other_mb}\""),
            );
        }
        let warning_mb = c.range("alerts.warning_mb", self.alerts.warning_mb, 1, 1 << 30, "");
        let critical_mb = c.range(
            "alerts.critical_mb",
            self.alerts.critical_mb,
            1,
            1 << 30,
            "",
        );
        if self.alerts.critical_mb <= self.alerts.warning_mb {
            c.fail(
                "alerts.critical_mb",
                format!(
                    "must be above warning_mb ({}), got \"{}\"",
                    self.alerts.warning_mb, self.alerts.critical_mb
                ),
            );
        }
        let max_points =
            c.range("output.max_points", self.output.max_points, 2, 20_000, "") as usize;

        // --- databases (first-appearance order: deterministic)
        let mut databases: Vec<String> = Vec::new();
        let mut db_id = |name: &str, path: &str, c: &mut Checker| -> DbId {
            if !valid_name(name) {
                c.fail(
                    path,
                    format!("must be a database name of letters, digits, '-' or '_', got {name:?}"),
                );
            }
            if let Some(i) = databases.iter().position(|d| d == name) {
                i
            } else {
                databases.push(name.to_string());
                databases.len() - 1
            }
        };

        // --- workload
        let mut workload = Vec::new();
        for (i, w) in self.workload.iter().enumerate() {
            let path = format!("workload[{i}]");
            let database = w
                .database
                .as_deref()
                .map(|d| db_id(d, &format!("{path}.database"), &mut c));
            let pieces = pattern_pieces(&w.pattern, end, &format!("{path}.pattern"), &mut c);
            workload.push(Workload {
                database,
                tables: w.tables,
                pieces,
            });
        }

        // --- slots
        let mut slots = Vec::new();
        for (i, s) in self.slots.iter().enumerate() {
            let path = format!("slots[{i}]");
            if !valid_slot_name(&s.name) {
                c.fail(format!("{path}.name"), format!("must be 1–63 lower-case letters, digits or '_' (PostgreSQL's rule for slot names), got {:?}", s.name));
            }
            if self.slots.iter().take(i).any(|o| o.name == s.name) {
                c.fail(
                    format!("{path}.name"),
                    format!("duplicates an earlier slot, got {:?}", s.name),
                );
            }
            let database = db_id(&s.database, &format!("{path}.database"), &mut c);
            let created = c.range(
                &format!("{path}.created_at_ms"),
                s.created_at_ms,
                0,
                end as i64,
                "",
            );
            slots.push(SlotSpec {
                name: s.name.clone(),
                database,
                plugin: s.plugin,
                created_at_ms: Some(created),
            });
        }

        // --- connectors
        let mut connectors = Vec::new();
        for (i, k) in self.connectors.iter().enumerate() {
            let path = format!("connectors[{i}]");
            if !valid_name(&k.name) {
                c.fail(
                    format!("{path}.name"),
                    format!("must be 1–63 letters, digits, '-' or '_', got {:?}", k.name),
                );
            }
            if self.connectors.iter().take(i).any(|o| o.name == k.name) {
                c.fail(
                    format!("{path}.name"),
                    format!("duplicates an earlier connector, got {:?}", k.name),
                );
            }
            if self.connectors.iter().take(i).any(|o| o.slot == k.slot) {
                c.fail(format!("{path}.slot"), format!("is already used by another connector: each connector needs its own slot (a shared slot delivers each change to only one of them), got {:?}", k.slot));
            }
            let slot_db = self
                .slots
                .iter()
                .position(|s| s.name == k.slot)
                .and_then(|si| slots.get(si))
                .map(|s: &SlotSpec| s.database);
            let database = match slot_db {
                Some(d) => d,
                None => {
                    c.fail(
                        format!("{path}.slot"),
                        format!(
                            "names no slot in \"slots\" (declare it with its database), got {:?}",
                            k.slot
                        ),
                    );
                    0
                }
            };
            let version = match parse_debezium_version(&k.debezium_version) {
                Some(v) if v.at_least(1, 4) && !v.at_least(4, 0) => v,
                _ => {
                    c.fail(format!("{path}.debezium_version"), format!("must be a Debezium version from 1.4 to 3.x written MAJOR.MINOR, got {:?}", k.debezium_version));
                    DebeziumVersion { major: 2, minor: 7 }
                }
            };
            let flush = c.range(
                &format!("{path}.offset_flush_interval_ms"),
                k.offset_flush_interval_ms,
                1_000,
                3_600_000,
                "",
            );
            let hb = &k.heartbeat;
            if hb.interval_ms != 0 && !(100..=3_600_000).contains(&hb.interval_ms) {
                c.fail(
                    format!("{path}.heartbeat.interval_ms"),
                    format!(
                        "must be 0 (off) or between 100 and 3600000, got \"{}\"",
                        hb.interval_ms
                    ),
                );
            }
            let interval_ms = if hb.interval_ms == 0 || (100..=3_600_000).contains(&hb.interval_ms)
            {
                hb.interval_ms as u64
            } else {
                0
            };
            let target_database = match &hb.target_database {
                Some(t) => db_id(t, &format!("{path}.heartbeat.target_database"), &mut c),
                None => database,
            };
            if k.lsn_flush_mode == LsnFlushMode::ConnectorAndDriver && !version.at_least(3, 4) {
                c.fail(format!("{path}.lsn_flush_mode"), format!("connector_and_driver exists only in Debezium 3.4+ (DBZ-9641), got version {:?}", k.debezium_version));
            }
            let status = c.range(
                &format!("{path}.status_update_interval_ms"),
                k.status_update_interval_ms,
                1_000,
                3_600_000,
                "",
            );
            let wait = c.range(
                &format!("{path}.retriable_restart_wait_ms"),
                k.retriable_restart_wait_ms,
                0,
                3_600_000,
                "",
            );
            let start = c.range(&format!("{path}.start_ms"), k.start_ms, 0, end as i64, "");
            connectors.push(ConnectorSpec {
                name: k.name.clone(),
                slot: k.slot.clone(),
                database,
                debezium_version: version,
                offset_flush_interval_ms: flush,
                heartbeat: Heartbeat {
                    interval_ms,
                    action_query: hb.action_query,
                    target_database,
                },
                lsn_flush_mode: k.lsn_flush_mode,
                status_update_interval_ms: status,
                retriable_restart_wait_ms: wait,
                start_ms: start,
            });
        }

        // --- events (downtime intervals become stop/start events)
        let mut events: Vec<Event> = Vec::new();
        for (i, k) in self.connectors.iter().enumerate() {
            let mut intervals: Vec<(u64, u64, usize)> = Vec::new();
            for (j, d) in k.downtime.iter().enumerate() {
                let path = format!("connectors[{i}].downtime[{j}]");
                let from = c.range(&format!("{path}.from_ms"), d.from_ms, 0, end as i64, "");
                let to = c.range(&format!("{path}.to_ms"), d.to_ms, 0, end as i64, "");
                if d.to_ms <= d.from_ms {
                    c.fail(
                        format!("{path}.to_ms"),
                        format!("must be after from_ms ({}), got \"{}\"", d.from_ms, d.to_ms),
                    );
                    continue;
                }
                intervals.push((from, to, j));
            }
            index_sort::sort(&mut intervals);
            for w in intervals.windows(2) {
                if let [(_, a_to, a), (b_from, _, b)] = w {
                    if b_from < a_to {
                        c.fail(
                            format!("connectors[{i}].downtime[{b}]"),
                            format!("overlaps downtime[{a}] (from_ms {b_from} < to_ms {a_to})"),
                        );
                    }
                }
            }
            for (from, to, _) in intervals {
                events.push(Event {
                    at_ms: from,
                    kind: EventKind::ConnectorStop(i),
                });
                if to < end {
                    events.push(Event {
                        at_ms: to,
                        kind: EventKind::ConnectorStart(i),
                    });
                }
            }
        }
        let connector_index = |name: &str| self.connectors.iter().position(|k| k.name == name);
        for (i, e) in self.events.iter().enumerate() {
            let path = format!("events[{i}]");
            let at_ms = c.range(&format!("{path}.at_ms"), e.at_ms(), 0, end as i64, "");
            let conn = |name: &str, c: &mut Checker| -> usize {
                connector_index(name).unwrap_or_else(|| {
                    c.fail(
                        format!("{path}.connector"),
                        format!("names no connector, got {name:?}"),
                    );
                    0
                })
            };
            let kind = match e {
                RawEvent::Write {
                    database,
                    tables,
                    bytes,
                    ..
                } => {
                    let bytes = c.range(&format!("{path}.bytes"), *bytes, 1, 1 << 50, "");
                    let database = database
                        .as_deref()
                        .map(|d| db_id(d, &format!("{path}.database"), &mut c));
                    EventKind::Write {
                        database,
                        tables: *tables,
                        bytes,
                    }
                }
                RawEvent::Checkpoint { .. } => EventKind::Checkpoint,
                RawEvent::ConnectorStop { connector, .. } => {
                    EventKind::ConnectorStop(conn(connector, &mut c))
                }
                RawEvent::ConnectorStart { connector, .. } => {
                    EventKind::ConnectorStart(conn(connector, &mut c))
                }
                RawEvent::ConnectorFail { connector, .. } => {
                    EventKind::ConnectorFail(conn(connector, &mut c))
                }
                RawEvent::HeartbeatOn {
                    connector,
                    interval_ms,
                    ..
                } => {
                    let k = conn(connector, &mut c);
                    let iv = c.range(
                        &format!("{path}.interval_ms"),
                        *interval_ms,
                        100,
                        3_600_000,
                        "",
                    );
                    EventKind::HeartbeatOn(k, iv)
                }
                RawEvent::HeartbeatOff { connector, .. } => {
                    EventKind::HeartbeatOff(conn(connector, &mut c))
                }
                RawEvent::HeartbeatError {
                    connector,
                    sqlstate,
                    ..
                } => {
                    let k = conn(connector, &mut c);
                    if sqlstate.len() != 5
                        || !sqlstate
                            .chars()
                            .all(|ch| ch.is_ascii_digit() || ch.is_ascii_uppercase())
                    {
                        c.fail(format!("{path}.sqlstate"), format!("must be a five-character SQLSTATE like \"57P01\", got {sqlstate:?}"));
                    }
                    EventKind::HeartbeatError(k, sqlstate.clone())
                }
                RawEvent::SlotDrop { slot, .. } => EventKind::SlotDrop(slot.clone()),
                RawEvent::SlotCreate {
                    slot,
                    database,
                    plugin,
                    ..
                } => {
                    if !valid_slot_name(slot) {
                        c.fail(
                            format!("{path}.slot"),
                            format!("must be 1–63 lower-case letters, digits or '_', got {slot:?}"),
                        );
                    }
                    let database = db_id(database, &format!("{path}.database"), &mut c);
                    EventKind::SlotCreate {
                        name: slot.clone(),
                        database,
                        plugin: *plugin,
                    }
                }
            };
            events.push(Event { at_ms, kind });
        }
        index_sort::sort_by_key(&mut events, |e| e.at_ms);

        // --- totals: the WAL written must fit a u64 LSN.
        let mut total: u128 = start_lsn as u128;
        for w in &workload {
            for p in &w.pieces {
                total += p.bytes_per_s as u128 * (p.to_ms - p.from_ms) as u128 / 1000 + 1;
            }
        }
        for e in &events {
            if let EventKind::Write { bytes, .. } = e.kind {
                total += bytes as u128;
            }
        }
        if total > (u64::MAX >> 1) as u128 {
            c.fail("workload", format!("would write {total} bytes of WAL: beyond a u64 LSN; lower the rates or the duration"));
        }

        if !c.errors.is_empty() {
            return Err(ValidationErrors(c.errors));
        }
        Ok(Scenario {
            name: self.name.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            duration_ms,
            pg_version,
            wal: WalSettings {
                segment_size_bytes: seg_bytes,
                max_wal_size_mb,
                min_wal_size_mb,
                wal_keep_size_mb,
                max_slot_wal_keep_size_mb: max_slot,
                checkpoint_completion_target: target,
            },
            checkpoint_timeout_ms: checkpoint_timeout_s * 1000,
            start_lsn,
            bgwriter_phase_ms,
            disk_size_bytes: disk_size_mb * MB,
            disk_other_used_bytes: other_mb * MB,
            warning_bytes: warning_mb * MB,
            critical_bytes: critical_mb * MB,
            databases,
            workload,
            slots,
            connectors,
            events,
            max_points,
        })
    }
}

fn valid_slot_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn rate(c: &mut Checker, path: &str, value: i64) -> u64 {
    c.range(path, value, 0, MAX_RATE_BYTES_PER_S, " bytes/s")
}

/// Turns a pattern into sorted, non-overlapping, non-zero rate pieces within `[0, end)`.
fn pattern_pieces(p: &RawPattern, end: u64, path: &str, c: &mut Checker) -> Vec<RatePiece> {
    let mut pieces = Vec::new();
    let mut push = |from: u64, to: u64, r: u64| {
        let to = to.min(end);
        if r > 0 && from < to {
            pieces.push(RatePiece {
                from_ms: from,
                to_ms: to,
                bytes_per_s: r,
            });
        }
    };
    match p {
        RawPattern::Steady { bytes_per_s } => {
            let r = rate(c, &format!("{path}.bytes_per_s"), *bytes_per_s);
            push(0, end, r);
        }
        RawPattern::BusinessHours {
            peak_bytes_per_s,
            off_hours_bytes_per_s,
            weekend_bytes_per_s,
            start_hour,
            end_hour,
        } => {
            let peak = rate(c, &format!("{path}.peak_bytes_per_s"), *peak_bytes_per_s);
            let off = rate(
                c,
                &format!("{path}.off_hours_bytes_per_s"),
                *off_hours_bytes_per_s,
            );
            let weekend = rate(
                c,
                &format!("{path}.weekend_bytes_per_s"),
                *weekend_bytes_per_s,
            );
            let sh = c.range(&format!("{path}.start_hour"), *start_hour, 0, 23, "");
            let eh = c.range(&format!("{path}.end_hour"), *end_hour, 1, 24, "");
            if end_hour <= start_hour {
                c.fail(
                    format!("{path}.end_hour"),
                    format!("must be after start_hour ({start_hour}), got \"{end_hour}\""),
                );
                return pieces;
            }
            let hour = crate::units::HOUR_MS;
            let mut day = 0u64;
            while day * DAY_MS < end {
                let d0 = day * DAY_MS;
                if day % 7 >= 5 {
                    push(d0, d0 + DAY_MS, weekend);
                } else {
                    push(d0, d0 + sh * hour, off);
                    push(d0 + sh * hour, d0 + eh * hour, peak);
                    push(d0 + eh * hour, d0 + DAY_MS, off);
                }
                day += 1;
            }
        }
        RawPattern::Bursts { bursts } => {
            let mut spans: Vec<(u64, u64, u64, usize)> = Vec::new();
            for (j, b) in bursts.iter().enumerate() {
                let bp = format!("{path}.bursts[{j}]");
                let from = c.range(&format!("{bp}.from_ms"), b.from_ms, 0, end as i64, "");
                let to = c.range(&format!("{bp}.to_ms"), b.to_ms, 0, end as i64, "");
                let r = rate(c, &format!("{bp}.bytes_per_s"), b.bytes_per_s);
                if b.to_ms <= b.from_ms {
                    c.fail(
                        format!("{bp}.to_ms"),
                        format!("must be after from_ms ({}), got \"{}\"", b.from_ms, b.to_ms),
                    );
                    continue;
                }
                spans.push((from, to, r, j));
            }
            index_sort::sort(&mut spans);
            for w in spans.windows(2) {
                if let [(_, a_to, _, a), (b_from, _, _, b)] = w {
                    if b_from < a_to {
                        c.fail(
                            format!("{path}.bursts[{b}]"),
                            format!("overlaps bursts[{a}] (from_ms {b_from} < to_ms {a_to})"),
                        );
                    }
                }
            }
            for (from, to, r, _) in spans {
                push(from, to, r);
            }
        }
    }
    // Merge adjacent pieces of equal rate (business hours produce off|off at midnight).
    let mut merged: Vec<RatePiece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match merged.last_mut() {
            Some(last) if last.to_ms == p.from_ms && last.bytes_per_s == p.bytes_per_s => {
                last.to_ms = p.to_ms
            }
            _ => merged.push(p),
        }
    }
    merged
}
