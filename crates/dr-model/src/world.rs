//! The drill's world: source database, Kafka Connect worker, `connect-offsets`, the change-event
//! topic. `apply(op, now_ms)` runs one typed operation (a REST call, an SQL function, a worker
//! start, a console consumer); `advance(now_ms)` lets time pass.

use crate::names::NameMap;

use crate::command::psql_table;
use crate::json;
use crate::offsets::{offsets_body, OffsetEntry, OffsetRecord, OffsetsTopic, SourceOffset};
use crate::source::{change_at_or_below, lsn_of, PgError, Slots, Source, EPOCH_USEC_AT_ZERO};

/// PostgreSQL major version, as far as the drill cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PgVersion {
    /// 14 and older: asking a slot for an LSN before its `confirmed_flush_lsn` is an error.
    Pg14OrOlder,
    /// 15 and newer: the slot starts from `confirmed_flush_lsn` instead.
    Pg15Plus,
}

/// Kafka Connect worker version: which REST endpoints exist (facts.md Part 2 §5, KIP-875).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KafkaVersion {
    /// 3.4: no `stop`, no offsets endpoints.
    V3_4,
    /// 3.5: `PUT .../stop` and `GET .../offsets`.
    V3_5,
    /// 3.6: also `PATCH` and `DELETE .../offsets`.
    V3_6,
    /// 3.7 and newer: also `initial_state` on create (KIP-980, KAFKA-15470: the field is in
    /// `CreateConnectorRequest` from tag 3.7.0 on; 3.6.0's has only `name` and `config`).
    V3_7Plus,
}

/// Debezium version, as far as the start-up check goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DebeziumVersion {
    /// Before 2.6: no log-position check for PostgreSQL; a lost position is a silent gap.
    Before2_6,
    /// 2.6 and newer: `validateLogPosition` at start (DBZ-7461).
    From2_6,
}

/// `snapshot.mode` (the values the drill offers; facts.md Part 2 §1 and §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotMode {
    /// Snapshot only when there is no offset.
    Initial,
    /// Snapshot when there is no offset or the stored position is not available (2.6+ check).
    WhenNeeded,
    /// Never snapshot: resume from the offset, or from the slot's position when there is none.
    NoData,
    /// Snapshot on every start.
    Always,
}

impl SnapshotMode {
    /// The property value.
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotMode::Initial => "initial",
            SnapshotMode::WhenNeeded => "when_needed",
            SnapshotMode::NoData => "no_data",
            SnapshotMode::Always => "always",
        }
    }
}

/// The world's fixed settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// PostgreSQL version.
    pub postgres: PgVersion,
    /// Kafka Connect version.
    pub kafka: KafkaVersion,
    /// Debezium version.
    pub debezium: DebeziumVersion,
    /// One source change every this many ms.
    pub change_interval_ms: u64,
    /// Worker `offset.flush.interval.ms` (default 60 000, facts.md Part 2 §2).
    pub offset_flush_interval_ms: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            postgres: PgVersion::Pg15Plus,
            kafka: KafkaVersion::V3_7Plus,
            debezium: DebeziumVersion::From2_6,
            change_interval_ms: 1_000,
            offset_flush_interval_ms: 60_000,
        }
    }
}

/// Largest interval accepted for either setting: one hour.
pub const MAX_INTERVAL_MS: u64 = 3_600_000;

/// What a Kafka Connect worker before 3.7 answers (HTTP 500) to a `POST /connectors` body
/// with `initial_state`: Jackson's `UnrecognizedPropertyException` message, without the source
/// position and reference chain that follow it (see [`KafkaVersion::V3_7Plus`]).
pub const UNKNOWN_INITIAL_STATE: &str = "Unrecognized field \"initial_state\" (class org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest), not marked as ignorable (2 known properties: \"config\", \"name\"])";

/// How long a drill can run, in source changes or offset-commit intervals, whichever comes
/// first ([`Settings::end_ms`]). Time is passed in, so without a limit one call with a far
/// `now_ms` would emit (and keep) one event per change and commit once per interval up to it:
/// `u64::MAX` ms at one change per ms never returns. A million bounds both (at the defaults,
/// 1 change/s and commits every 60 s: 10⁶ s ≈ 11.6 days; the event topic then holds at most
/// 10⁶ changes per emission).
pub const MAX_DRILL_STEPS: u64 = 1_000_000;

/// Bad input, naming the field and quoting the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The field, e.g. `config.slot_name`.
    pub field: &'static str,
    /// What was wrong, with the value quoted.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl Settings {
    /// The last instant a drill with these settings can reach: [`MAX_DRILL_STEPS`] changes or
    /// offset-commit intervals, whichever is shorter.
    pub fn end_ms(self) -> u64 {
        MAX_DRILL_STEPS.saturating_mul(self.change_interval_ms.min(self.offset_flush_interval_ms))
    }

    /// Checks the ranges.
    pub fn validate(self) -> Result<Settings, InputError> {
        for (field, v) in [
            ("change_interval_ms", self.change_interval_ms),
            ("offset_flush_interval_ms", self.offset_flush_interval_ms),
        ] {
            if v == 0 || v > MAX_INTERVAL_MS {
                return Err(InputError {
                    field,
                    message: format!("must be between 1 and {MAX_INTERVAL_MS}, got \"{v}\""),
                });
            }
        }
        Ok(self)
    }
}

/// The connector configuration keys the drill uses (the rest of a Debezium config is implied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectorConfig {
    /// `topic.prefix`: the `server` of the offset key.
    pub topic_prefix: String,
    /// `slot.name`.
    pub slot_name: String,
    /// `snapshot.mode`.
    pub snapshot_mode: SnapshotMode,
}

impl ConnectorConfig {
    /// Lesson 07's lab connector: prefix `inventory`, slot `debezium_inventory`, `initial`.
    pub fn lab() -> ConnectorConfig {
        ConnectorConfig {
            topic_prefix: "inventory".to_string(),
            slot_name: "debezium_inventory".to_string(),
            snapshot_mode: SnapshotMode::Initial,
        }
    }
}

/// A connector's target state on create (`initial_state`, KIP-980).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitialState {
    /// Start normally.
    Running,
    /// Created paused.
    Paused,
    /// Created stopped (no tasks): offsets can be patched before the first start.
    Stopped,
}

/// One typed operation of the drill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `POST /connectors`.
    CreateConnector {
        /// `name`.
        name: String,
        /// `config`.
        config: ConnectorConfig,
        /// `initial_state` (`None` = not sent).
        initial_state: Option<InitialState>,
    },
    /// `PUT /connectors/{name}/config` (create or update; a running task restarts).
    PutConnectorConfig {
        /// Connector name.
        name: String,
        /// The new config.
        config: ConnectorConfig,
    },
    /// `DELETE /connectors/{name}`.
    DeleteConnector {
        /// Connector name.
        name: String,
    },
    /// `GET /connectors/{name}/status`.
    Status {
        /// Connector name.
        name: String,
    },
    /// `PUT /connectors/{name}/pause`.
    Pause {
        /// Connector name.
        name: String,
    },
    /// `PUT /connectors/{name}/resume`.
    Resume {
        /// Connector name.
        name: String,
    },
    /// `PUT /connectors/{name}/stop` (3.5+).
    Stop {
        /// Connector name.
        name: String,
    },
    /// `POST /connectors/{name}/restart?includeTasks=…&onlyFailed=…`.
    Restart {
        /// Connector name.
        name: String,
        /// `includeTasks`.
        include_tasks: bool,
        /// `onlyFailed`.
        only_failed: bool,
    },
    /// `GET /connectors/{name}/offsets` (3.5+).
    GetOffsets {
        /// Connector name.
        name: String,
    },
    /// `PATCH /connectors/{name}/offsets` (3.6+, connector STOPPED).
    PatchOffsets {
        /// Connector name.
        name: String,
        /// The body's `offsets`.
        offsets: Vec<OffsetEntry>,
    },
    /// `DELETE /connectors/{name}/offsets` (3.6+, connector STOPPED).
    ResetOffsets {
        /// Connector name.
        name: String,
    },
    /// `SELECT pg_drop_replication_slot('name')`.
    DropSlot {
        /// Slot name.
        name: String,
    },
    /// `SELECT pg_create_logical_replication_slot('name', 'pgoutput')`.
    CreateSlot {
        /// Slot name.
        name: String,
    },
    /// `docker compose start connect`: a stopped worker comes back and starts its connectors.
    StartWorker,
    /// `kafka-console-consumer.sh --topic connect-offsets --from-beginning --property print.key=true`.
    ConsumeOffsetsTopic,
}

/// What an operation returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// An HTTP answer from the worker; `body` is empty for 204.
    Http {
        /// Status code.
        status: u16,
        /// Body (JSON or empty).
        body: String,
    },
    /// The worker is down: `curl: (7) Failed to connect`.
    ConnectionRefused,
    /// An SQL function's result: the result text or PostgreSQL's error.
    Sql(Result<String, PgError>),
    /// Lines printed by a command.
    Console(String),
}

impl Response {
    /// The HTTP status, if this is an HTTP response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Response::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Kafka Connect's connector state as `GET .../status` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectorState {
    /// `RUNNING`.
    Running,
    /// `PAUSED`.
    Paused,
    /// `STOPPED` (3.5+).
    Stopped,
}

impl ConnectorState {
    /// The state string.
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectorState::Running => "RUNNING",
            ConnectorState::Paused => "PAUSED",
            ConnectorState::Stopped => "STOPPED",
        }
    }
}

/// A task's state as `GET .../status` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskState {
    /// `RUNNING`.
    Running,
    /// `PAUSED`.
    Paused,
    /// `FAILED` with the trace.
    Failed(String),
    /// `UNASSIGNED` (not produced by this model: assignment is instant).
    Unassigned,
}

impl TaskState {
    /// The state string.
    pub fn as_str(&self) -> &'static str {
        match self {
            TaskState::Running => "RUNNING",
            TaskState::Paused => "PAUSED",
            TaskState::Failed(_) => "FAILED",
            TaskState::Unassigned => "UNASSIGNED",
        }
    }
}

/// A Debezium streaming session: the task's replication connection.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Session {
    pid: u32,
    /// Every change with an LSN at or below this has been emitted (or skipped).
    emitted_through_lsn: u64,
    /// The latest offset Kafka Connect has written for this task.
    committed_lsn: u64,
    /// The next scheduled offset commit.
    next_commit_ms: u64,
}

/// The connector's one task (the PostgreSQL connector always runs one task, facts.md Part 2 §3).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Task {
    state: TaskState,
    /// `None` until the task has started streaming (a task created paused has none).
    session: Option<Session>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Connector {
    config: ConnectorConfig,
    target: ConnectorState,
    /// `None` when STOPPED (a stopped connector has zero tasks).
    task: Option<Task>,
}

/// One record of the change-event topic(s) (all tables together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeEvent {
    /// A streamed change (`op` `c` or `u`).
    Change {
        /// The change number.
        change: u64,
        /// Its LSN.
        lsn: u64,
        /// When it was produced, simulated ms.
        at_ms: u64,
    },
    /// A snapshot: stands for the rows' state as of `through_change` (`op` `r` records).
    Snapshot {
        /// The last change the snapshot includes.
        through_change: u64,
        /// The snapshot's LSN.
        lsn: u64,
        /// When it was taken, simulated ms.
        at_ms: u64,
    },
}

/// An offset backup: what `backup-offsets.sh` (GET offsets) and the console consumer saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetBackup {
    /// When it was taken.
    pub taken_at_ms: u64,
    /// The connector it belongs to.
    pub connector: String,
    /// The `GET .../offsets` body.
    pub get_offsets_body: String,
    /// The entries, ready for `PATCH`.
    pub entries: Vec<OffsetEntry>,
    /// The console consumer's dump of `connect-offsets`.
    pub console_dump: String,
}

/// The whole drill state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    settings: Settings,
    source: Source,
    now_ms: u64,
    slots: Slots,
    worker_up: bool,
    connectors: NameMap<Connector>,
    offsets: OffsetsTopic,
    events: Vec<ChangeEvent>,
    next_pid: u32,
    log: Vec<(u64, String)>,
    backup: Option<OffsetBackup>,
}

const FIRST_PID: u32 = 4_242;

impl World {
    /// An empty world at time 0: no slots, no connectors, the worker up.
    pub fn new(settings: Settings) -> Result<World, InputError> {
        let settings = settings.validate()?;
        Ok(World {
            settings,
            source: Source {
                change_interval_ms: settings.change_interval_ms,
            },
            now_ms: 0,
            slots: Slots::default(),
            worker_up: true,
            connectors: NameMap::new(),
            offsets: OffsetsTopic::default(),
            events: Vec::new(),
            next_pid: FIRST_PID,
            log: Vec::new(),
            backup: None,
        })
    }

    /// The settings.
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Simulated time.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// The source's change stream.
    pub fn source(&self) -> Source {
        self.source
    }

    /// The slots (`pg_replication_slots`).
    pub fn slots(&self) -> &Slots {
        &self.slots
    }

    /// WAL retained by a slot now: `pg_current_wal_lsn() - restart_lsn`.
    pub fn retained_wal_bytes(&self, slot: &str) -> Option<u64> {
        let cur = self.source.current_lsn(self.now_ms);
        self.slots
            .get(slot)
            .map(|s| cur.saturating_sub(s.restart_lsn))
    }

    /// The `connect-offsets` topic.
    pub fn offsets_topic(&self) -> &OffsetsTopic {
        &self.offsets
    }

    /// The change-event topic in produce order.
    pub fn events(&self) -> &[ChangeEvent] {
        &self.events
    }

    /// What happened, in words close to the real logs (time, line).
    pub fn log(&self) -> &[(u64, String)] {
        &self.log
    }

    /// The offset backup an incident left (if any).
    pub fn backup(&self) -> Option<&OffsetBackup> {
        self.backup.as_ref()
    }

    /// Whether the worker answers.
    pub fn worker_up(&self) -> bool {
        self.worker_up
    }

    /// The connector's and its task's state (`None` when there is no such connector).
    pub fn connector_state(&self, name: &str) -> Option<(ConnectorState, Option<TaskState>)> {
        self.connectors
            .get(name)
            .map(|c| (c.target, c.task.as_ref().map(|t| t.state.clone())))
    }

    /// The connectors' names, in order.
    pub fn connector_names(&self) -> Vec<&str> {
        self.connectors.keys().map(String::as_str).collect()
    }

    /// A connector's configuration.
    pub fn connector_config(&self, name: &str) -> Option<&ConnectorConfig> {
        self.connectors.get(name).map(|c| &c.config)
    }

    /// Records an offset backup of `connector` now (GET offsets + console dump).
    pub fn take_backup(&mut self, connector: &str) {
        let entries = self.offsets.partitions(connector);
        self.backup = Some(OffsetBackup {
            taken_at_ms: self.now_ms,
            connector: connector.to_string(),
            get_offsets_body: offsets_body(&entries),
            entries,
            console_dump: self.offsets.console_consumer_output(),
        });
    }

    fn say(&mut self, line: String) {
        self.log.push((self.now_ms, line));
    }

    fn check_time(&self, now_ms: u64) -> Result<(), InputError> {
        if now_ms < self.now_ms {
            return Err(InputError {
                field: "now_ms",
                message: format!(
                    "time cannot go back: now is {}, got \"{now_ms}\"",
                    self.now_ms
                ),
            });
        }
        let end = self.settings.end_ms();
        if now_ms > end {
            return Err(InputError {
                field: "now_ms",
                message: format!(
                    "must be at most {end}: a drill ends after {MAX_DRILL_STEPS} source changes or offset commits, got \"{now_ms}\""
                ),
            });
        }
        Ok(())
    }

    /// Lets time pass to `now_ms`: changes commit, running tasks emit them, Kafka Connect
    /// commits offsets every `offset.flush.interval.ms` and Debezium confirms them to the slot.
    pub fn advance(&mut self, now_ms: u64) -> Result<(), InputError> {
        self.check_time(now_ms)?;
        loop {
            // The next offset commit at or before now_ms, over all running sessions.
            let next = self
                .connectors
                .iter()
                .filter_map(|(name, c)| {
                    c.task
                        .as_ref()
                        .and_then(|t| t.session.as_ref())
                        .map(|s| (s.next_commit_ms, name.clone()))
                })
                .filter(|(t, _)| *t <= now_ms)
                .min();
            match next {
                Some((t, name)) => {
                    self.now_ms = self.now_ms.max(t);
                    self.emit_all();
                    self.commit(&name, true);
                    let interval = self.settings.offset_flush_interval_ms;
                    if let Some(s) = self.session_mut(&name) {
                        s.next_commit_ms = t.saturating_add(interval);
                    }
                }
                None => break,
            }
        }
        self.now_ms = now_ms;
        self.emit_all();
        Ok(())
    }

    fn session_mut(&mut self, name: &str) -> Option<&mut Session> {
        self.connectors
            .get_mut(name)
            .and_then(|c| c.task.as_mut())
            .and_then(|t| t.session.as_mut())
    }

    /// Every RUNNING task emits the changes committed since its last emission.
    fn emit_all(&mut self) {
        let written = self.source.written_by(self.now_ms);
        let now = self.now_ms;
        for c in self.connectors.values_mut() {
            let Some(task) = c.task.as_mut() else {
                continue;
            };
            if task.state != TaskState::Running {
                continue;
            }
            let Some(s) = task.session.as_mut() else {
                continue;
            };
            let first = change_at_or_below(s.emitted_through_lsn).saturating_add(1);
            for n in first..=written {
                self.events.push(ChangeEvent::Change {
                    change: n,
                    lsn: lsn_of(n),
                    at_ms: now,
                });
            }
            s.emitted_through_lsn = s.emitted_through_lsn.max(lsn_of(written));
        }
    }

    /// Kafka Connect's offset commit for `name`'s task: writes the offset of the last emitted
    /// record when it moved; `confirm` = Debezium flushes it to the slot (at its next poll, so
    /// not on the final commit of a stopping task).
    fn commit(&mut self, name: &str, confirm: bool) {
        let Some(c) = self.connectors.get_mut(name) else {
            return;
        };
        let Some(s) = c.task.as_mut().and_then(|t| t.session.as_mut()) else {
            return;
        };
        let lsn = s.emitted_through_lsn;
        if lsn > s.committed_lsn {
            s.committed_lsn = lsn;
            let change = self.source.change(change_at_or_below(lsn));
            let value = SourceOffset {
                lsn_proc: lsn,
                lsn_commit: lsn,
                lsn,
                tx_id: change.tx_id,
                ts_usec: EPOCH_USEC_AT_ZERO.saturating_add(change.at_ms.saturating_mul(1_000)),
                message_type: (change.number > 0).then_some(change.message_type),
            };
            self.offsets.write(OffsetRecord {
                connector: name.to_string(),
                server: c.config.topic_prefix.clone(),
                value: Some(value),
                at_ms: self.now_ms,
            });
        }
        // Debezium flushes the LSN of the last record it polled: `BaseSourceTask.commitRecord`
        // keeps each acked record's source offset and `commit()` hands only those to the
        // coordinator (debezium-core connector/common/BaseSourceTask.java, main at 016164ef;
        // not yet in facts.md, whose Part 2 paragraph on `performCommit` describes the older
        // path through the offset store). A task resumed from an offset ahead of the server
        // (patched ahead) polls nothing until the WAL reaches it, so there is nothing to
        // confirm before that: confirmed_flush_lsn never passes the write position.
        let current = self.source.current_lsn(self.now_ms);
        if confirm && s.committed_lsn <= current {
            let slot_name = c.config.slot_name.clone();
            let committed = s.committed_lsn;
            if let Some(slot) = self.slots.get_mut(&slot_name) {
                slot.confirm(committed);
            }
        }
    }

    /// A graceful task stop: the final offset commit (not confirmed to the slot: Debezium
    /// flushes at its next poll, which never comes), the walsender exits.
    fn stop_task(&mut self, name: &str) {
        self.emit_all();
        self.commit(name, false);
        self.release_slot(name);
    }

    fn release_slot(&mut self, name: &str) {
        let Some(c) = self.connectors.get_mut(name) else {
            return;
        };
        if let Some(task) = c.task.as_mut() {
            if let Some(s) = task.session.take() {
                if let Some(slot) = self.slots.get_mut(&c.config.slot_name) {
                    if slot.active_pid == Some(s.pid) {
                        slot.active_pid = None;
                    }
                }
            }
        }
    }

    /// Starts `name`'s task: Debezium's start-up (see the crate docs, "Start-up").
    fn start_task(&mut self, name: &str) {
        let Some(c) = self.connectors.get(name) else {
            return;
        };
        let config = c.config.clone();
        let stored = self.offsets.latest(name, &config.topic_prefix);
        let current = self.source.current_lsn(self.now_ms);
        let result = self.startup(&config, stored, current);
        let task_state = match result {
            Ok(start) => {
                let pid = self.next_pid;
                self.next_pid = self.next_pid.saturating_add(1);
                if let Some(slot) = self.slots.get_mut(&config.slot_name) {
                    slot.active_pid = Some(pid);
                }
                let (emitted_through_lsn, snapshot) = match start {
                    Start::Stream { from_lsn } => (from_lsn, None),
                    Start::Snapshot { at_lsn } => (at_lsn, Some(at_lsn)),
                };
                if let Some(at_lsn) = snapshot {
                    let through = change_at_or_below(at_lsn);
                    if through > 0 {
                        self.events.push(ChangeEvent::Snapshot {
                            through_change: through,
                            lsn: at_lsn,
                            at_ms: self.now_ms,
                        });
                    }
                    self.say(format!(
                        "{name}: snapshot completed through change {through} (LSN {at_lsn})"
                    ));
                }
                let session = Session {
                    pid,
                    emitted_through_lsn,
                    committed_lsn: if snapshot.is_some() {
                        0
                    } else {
                        stored.map_or(0, |o| o.resume_lsn())
                    },
                    next_commit_ms: self
                        .now_ms
                        .saturating_add(self.settings.offset_flush_interval_ms),
                };
                self.say(format!(
                    "{name}: streaming from LSN {emitted_through_lsn} (walsender PID {pid})"
                ));
                Some(Task {
                    state: TaskState::Running,
                    session: Some(session),
                })
            }
            Err(trace) => {
                self.say(format!("{name}: task failed: {trace}"));
                Some(Task {
                    state: TaskState::Failed(trace),
                    session: None,
                })
            }
        };
        if let Some(c) = self.connectors.get_mut(name) {
            c.task = task_state;
        }
        self.emit_all();
    }

    /// Debezium PostgreSQL start-up: where to start, or the failure trace.
    fn startup(
        &mut self,
        config: &ConnectorConfig,
        stored: Option<SourceOffset>,
        current_lsn: u64,
    ) -> Result<Start, String> {
        let slot_name = config.slot_name.as_str();
        if let Some(pid) = self.slots.get(slot_name).and_then(|s| s.active_pid) {
            // Another walsender holds the slot (facts.md Part 1 §8; Part 2 §7: Debezium retries
            // `slot.max.retries` = 6 times every 10 s, then fails — retries not modelled).
            return Err(format!(
                "io.debezium.DebeziumException: ERROR: replication slot \"{slot_name}\" is active for PID {pid}"
            ));
        }
        let mode = config.snapshot_mode;
        let Some(offset) = stored else {
            // No offset (facts.md Part 2 §1 snapshot.mode: initial / when_needed / always
            // snapshot; no_data resumes "from slot creation point if none").
            self.ensure_slot(slot_name, current_lsn);
            return Ok(match mode {
                SnapshotMode::NoData => Start::Stream {
                    from_lsn: self
                        .slots
                        .get(slot_name)
                        .map_or(current_lsn, |s| s.confirmed_flush_lsn),
                },
                _ => Start::Snapshot {
                    at_lsn: current_lsn,
                },
            });
        };
        if mode == SnapshotMode::Always {
            self.ensure_slot(slot_name, current_lsn);
            return Ok(Start::Snapshot {
                at_lsn: current_lsn,
            });
        }
        if self.settings.debezium >= DebeziumVersion::From2_6 {
            // validateLogPosition, before the slot is (re)created: available only if the slot
            // exists and restart_lsn <= stored lsn_proc (facts.md Part 2 §6).
            let available = self
                .slots
                .get(slot_name)
                .is_some_and(|s| s.restart_lsn <= offset.lsn_proc);
            if !available {
                if mode == SnapshotMode::WhenNeeded {
                    self.say(
                        "Last recorded offset is no longer available on the server.".to_string(),
                    );
                    self.say("Attempting to snapshot data to fill the gap.".to_string());
                    self.ensure_slot(slot_name, current_lsn);
                    return Ok(Start::Snapshot {
                        at_lsn: current_lsn,
                    });
                }
                return Err(format!(
                    "io.debezium.DebeziumException: The connector is trying to read change stream starting at {}, but this is no longer available on the server. Reconfigure the connector to use a snapshot mode when needed.",
                    offset_as_java_map(&offset)
                ));
            }
        }
        self.ensure_slot(slot_name, current_lsn);
        let confirmed = self
            .slots
            .get(slot_name)
            .map_or(current_lsn, |s| s.confirmed_flush_lsn);
        let resume = offset.resume_lsn();
        if resume < confirmed {
            // facts.md Part 2 §6 (offset.mismatch.strategy=no_validation): PostgreSQL 14 and
            // older return an error, 15 and newer start from confirmed_flush_lsn.
            return match self.settings.postgres {
                PgVersion::Pg14OrOlder => Err(format!(
                    "org.postgresql.util.PSQLException: the requested LSN {resume} is no longer available in the WAL of slot \"{slot_name}\" (confirmed_flush_lsn {confirmed})"
                )),
                PgVersion::Pg15Plus => Ok(Start::Stream { from_lsn: confirmed }),
            };
        }
        // Offset at or ahead of the slot: the slot streams from confirmed_flush_lsn and
        // Debezium skips everything at or below the stored LSN as already processed.
        Ok(Start::Stream { from_lsn: resume })
    }

    /// Debezium creates its slot when it is missing (facts.md Part 2 §1 `slot.name`).
    fn ensure_slot(&mut self, name: &str, current_lsn: u64) {
        if self.slots.get(name).is_none() && self.slots.create(name, current_lsn).is_ok() {
            self.say(format!(
                "Creating replication slot \"{name}\" at LSN {current_lsn}"
            ));
        }
    }

    /// Simulates a crash of the Connect worker: tasks die without a final offset commit.
    pub fn crash_worker(&mut self) {
        self.emit_all();
        let names: Vec<String> = self.connectors.keys().cloned().collect();
        for n in &names {
            self.release_slot(n);
            if let Some(t) = self.connectors.get_mut(n).and_then(|c| c.task.as_mut()) {
                t.session = None;
            }
        }
        self.worker_up = false;
        self.say("Kafka Connect worker crashed".to_string());
    }

    /// A failover to a replica without the slots: the connections drop (no final commit, the
    /// tasks fail: "If the primary server fails, the connector stops", facts.md Part 2 §7) and
    /// the new primary has no slot.
    pub fn failover(&mut self) {
        self.emit_all();
        let names: Vec<String> = self.connectors.keys().cloned().collect();
        for n in &names {
            if let Some(c) = self.connectors.get_mut(n) {
                let slot = c.config.slot_name.clone();
                if let Some(t) = c.task.as_mut() {
                    if t.session.take().is_some() {
                        t.state = TaskState::Failed(format!(
                            "org.postgresql.util.PSQLException: ERROR: replication slot \"{slot}\" does not exist"
                        ));
                    }
                }
            }
        }
        self.slots.clear();
        self.say("primary failed over; the new primary has no replication slots".to_string());
    }

    /// The internal topics are lost (new Kafka cluster): connector configs and offsets gone.
    pub fn lose_kafka_internal_topics(&mut self) {
        self.crash_worker();
        self.connectors.clear();
        self.offsets = OffsetsTopic::default();
        self.worker_up = true;
        self.say("connect-configs and connect-offsets lost; worker restarted empty".to_string());
    }

    /// Runs one operation at `now_ms` (time first advances to `now_ms`).
    pub fn apply(&mut self, op: Op, now_ms: u64) -> Result<Response, InputError> {
        validate_op(&op)?;
        self.advance(now_ms)?;
        Ok(match op {
            // psql's output of `SELECT pg_drop_replication_slot(…)` (one void column) and of
            // `SELECT * FROM pg_create_logical_replication_slot(…)` (slot_name, lsn).
            Op::DropSlot { name } => Response::Sql(self.slots.drop_slot(&name).map(|()| {
                psql_table(
                    &["pg_drop_replication_slot".to_string()],
                    &[vec![(String::new(), false)]],
                )
            })),
            Op::CreateSlot { name } => {
                let cur = self.source.current_lsn(self.now_ms);
                Response::Sql(self.slots.create(&name, cur).map(|s| {
                    psql_table(
                        &["slot_name".to_string(), "lsn".to_string()],
                        &[vec![
                            (s.name.clone(), false),
                            (pg_lsn_text(s.confirmed_flush_lsn), false),
                        ]],
                    )
                }))
            }
            Op::ConsumeOffsetsTopic => Response::Console(self.offsets.console_consumer_output()),
            Op::StartWorker => {
                if self.worker_up {
                    Response::Console(String::new())
                } else {
                    self.worker_up = true;
                    self.say("Kafka Connect worker started".to_string());
                    let names: Vec<String> = self.connectors.keys().cloned().collect();
                    for n in names {
                        let target = self.connectors.get(&n).map(|c| c.target);
                        match target {
                            Some(ConnectorState::Running) => self.start_task(&n),
                            Some(ConnectorState::Paused) => {
                                if let Some(c) = self.connectors.get_mut(&n) {
                                    c.task = Some(Task {
                                        state: TaskState::Paused,
                                        session: None,
                                    });
                                }
                            }
                            _ => {}
                        }
                    }
                    Response::Console("Container connect  Started".to_string())
                }
            }
            rest => {
                if !self.worker_up {
                    Response::ConnectionRefused
                } else {
                    self.rest(rest)
                }
            }
        })
    }

    fn rest(&mut self, op: Op) -> Response {
        let kafka = self.settings.kafka;
        match op {
            Op::CreateConnector {
                name,
                config,
                initial_state,
            } => {
                if self.connectors.contains_key(&name) {
                    // AlreadyExistsException → 409 (DistributedHerder.putConnectorConfig;
                    // ConnectExceptionMapper).
                    return error(409, &format!("Connector {name} already exists"));
                }
                // initial_state exists from 3.7 on (KAFKA-15470). Before, the request body is
                // read into a `CreateConnectorRequest` with only `name` and `config`, by a plain
                // `JacksonJsonProvider` (RestServer), and Jackson fails on unknown properties by
                // default: the exception reaches ConnectExceptionMapper, which answers 500 with
                // its message (the real message goes on with the JSON source position).
                if kafka < KafkaVersion::V3_7Plus && initial_state.is_some() {
                    return error(500, UNKNOWN_INITIAL_STATE);
                }
                let target = match initial_state {
                    Some(InitialState::Stopped) => ConnectorState::Stopped,
                    Some(InitialState::Paused) => ConnectorState::Paused,
                    _ => ConnectorState::Running,
                };
                let body = connector_info(&name, &config);
                self.connectors.insert(
                    name.clone(),
                    Connector {
                        config,
                        target,
                        task: None,
                    },
                );
                match target {
                    ConnectorState::Running => self.start_task(&name),
                    ConnectorState::Paused => self.set_task(
                        &name,
                        Some(Task {
                            state: TaskState::Paused,
                            session: None,
                        }),
                    ),
                    ConnectorState::Stopped => {}
                }
                Response::Http { status: 201, body }
            }
            Op::PutConnectorConfig { name, config } => {
                let Some(c) = self.connectors.get(&name) else {
                    return self.rest(Op::CreateConnector {
                        name,
                        config,
                        initial_state: None,
                    });
                };
                // A new config restarts the connector and its tasks in their target state.
                let target = c.target;
                self.stop_task(&name);
                if let Some(c) = self.connectors.get_mut(&name) {
                    c.config = config.clone();
                }
                match target {
                    ConnectorState::Running => self.start_task(&name),
                    ConnectorState::Paused => self.set_task(
                        &name,
                        Some(Task {
                            state: TaskState::Paused,
                            session: None,
                        }),
                    ),
                    ConnectorState::Stopped => self.set_task(&name, None),
                }
                Response::Http {
                    status: 200,
                    body: connector_info(&name, &config),
                }
            }
            Op::DeleteConnector { name } => {
                if !self.connectors.contains_key(&name) {
                    return error(404, &format!("Connector {name} not found"));
                }
                // Deleting removes the config, not the offsets nor the slot (lesson 07).
                self.stop_task(&name);
                self.connectors.remove(&name);
                self.say(format!("{name}: deleted"));
                no_content()
            }
            Op::Status { name } => match self.connectors.get(&name) {
                // AbstractHerder.connectorStatus: NotFoundException("No status found for
                // connector " + connName) → 404.
                None => error(404, &format!("No status found for connector {name}")),
                Some(c) => Response::Http {
                    status: 200,
                    body: status_body(&name, c, None),
                },
            },
            Op::Pause { name } => {
                // StandaloneHerder/DistributedHerder.pauseConnector: NotFoundException("Unknown
                // connector " + connector) → 404. Success: ConnectorsResource.pauseConnector
                // returns Response.accepted() → 202 (resume likewise).
                if !self.connectors.contains_key(&name) {
                    return error(404, &format!("Unknown connector {name}"));
                }
                if let Some(c) = self.connectors.get_mut(&name) {
                    c.target = ConnectorState::Paused;
                    match c.task.as_mut() {
                        Some(t) if t.state == TaskState::Running => t.state = TaskState::Paused,
                        Some(_) => {}
                        None => {
                            c.task = Some(Task {
                                state: TaskState::Paused,
                                session: None,
                            })
                        }
                    }
                }
                accepted()
            }
            Op::Resume { name } => {
                if !self.connectors.contains_key(&name) {
                    return error(404, &format!("Unknown connector {name}"));
                }
                // resume: PAUSED or STOPPED → RUNNING (facts.md Part 2 §5); a FAILED task stays
                // FAILED (only restart restarts it).
                let (needs_start, resumes) = match self.connectors.get(&name) {
                    Some(c) => match &c.task {
                        None => (true, false),
                        Some(Task {
                            state: TaskState::Paused,
                            session: None,
                        }) => (true, false),
                        Some(Task {
                            state: TaskState::Paused,
                            session: Some(_),
                        }) => (false, true),
                        Some(_) => (false, false),
                    },
                    None => (false, false),
                };
                if let Some(c) = self.connectors.get_mut(&name) {
                    c.target = ConnectorState::Running;
                    if resumes {
                        if let Some(t) = c.task.as_mut() {
                            t.state = TaskState::Running;
                        }
                    }
                }
                if needs_start {
                    self.start_task(&name);
                } else {
                    self.emit_all();
                }
                accepted()
            }
            Op::Stop { name } => {
                if kafka < KafkaVersion::V3_5 {
                    return no_route();
                }
                // DistributedHerder.stopConnector: NotFoundException("Unknown connector " +
                // connName). Success: ConnectorsResource.stopConnector returns void → 204.
                if !self.connectors.contains_key(&name) {
                    return error(404, &format!("Unknown connector {name}"));
                }
                self.stop_task(&name);
                if let Some(c) = self.connectors.get_mut(&name) {
                    c.target = ConnectorState::Stopped;
                    c.task = None;
                }
                no_content()
            }
            Op::Restart {
                name,
                include_tasks,
                only_failed,
            } => {
                // restartConnectorAndTasks: NotFoundException("Unknown connector: " + name).
                if !self.connectors.contains_key(&name) {
                    return error(404, &format!("Unknown connector: {name}"));
                }
                if !include_tasks && !only_failed {
                    // ConnectorsResource.restartConnector: forceRestartConnectorOnly "for
                    // backward compatibility, just restart the connector instance and return OK
                    // with no body" → 204 (Response.noContent()); tasks untouched.
                    return no_content();
                }
                // KIP-745 (ConnectorsResource.restartConnector: Response.accepted() with the
                // ConnectorStateInfo) → 202, the instances being restarted shown RESTARTING.
                let restart_task = include_tasks
                    && self.connectors.get(&name).is_some_and(|c| match &c.task {
                        Some(t) => !only_failed || matches!(t.state, TaskState::Failed(_)),
                        None => false,
                    });
                let body = self
                    .connectors
                    .get(&name)
                    .map(|c| status_body(&name, c, Some((!only_failed, restart_task))))
                    .unwrap_or_default();
                if restart_task {
                    let target = self.connectors.get(&name).map(|c| c.target);
                    self.stop_task(&name);
                    match target {
                        Some(ConnectorState::Running) => self.start_task(&name),
                        _ => self.set_task(
                            &name,
                            Some(Task {
                                state: TaskState::Paused,
                                session: None,
                            }),
                        ),
                    }
                }
                Response::Http { status: 202, body }
            }
            Op::GetOffsets { name } => {
                if kafka < KafkaVersion::V3_5 {
                    return no_route();
                }
                if !self.connectors.contains_key(&name) {
                    return error(404, &format!("Connector {name} not found"));
                }
                Response::Http {
                    status: 200,
                    body: offsets_body(&self.offsets.partitions(&name)),
                }
            }
            Op::PatchOffsets { name, offsets } => {
                if self.settings.kafka >= KafkaVersion::V3_6 && offsets.is_empty() {
                    // ConnectorsResource.alterConnectorOffsets checks the body before the herder
                    // looks the connector up: BadRequestException → 400.
                    return error(
                        400,
                        "Partitions / offsets need to be provided for an alter offsets request",
                    );
                }
                if let Some(r) = self.modify_offsets_checks(&name) {
                    return r;
                }
                for e in offsets {
                    self.offsets.write(OffsetRecord {
                        connector: name.clone(),
                        server: e.server,
                        value: e.offset,
                        at_ms: self.now_ms,
                    });
                }
                message(
                    "The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.",
                )
            }
            Op::ResetOffsets { name } => {
                if let Some(r) = self.modify_offsets_checks(&name) {
                    return r;
                }
                for e in self.offsets.partitions(&name) {
                    self.offsets.write(OffsetRecord {
                        connector: name.clone(),
                        server: e.server,
                        value: None,
                        at_ms: self.now_ms,
                    });
                }
                message(
                    "The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.",
                )
            }
            Op::DropSlot { .. }
            | Op::CreateSlot { .. }
            | Op::StartWorker
            | Op::ConsumeOffsetsTopic => Response::Console(String::new()),
        }
    }

    fn set_task(&mut self, name: &str, task: Option<Task>) {
        if let Some(c) = self.connectors.get_mut(name) {
            c.task = task;
        }
    }

    /// PATCH/DELETE offsets preconditions: 3.6+ (on 3.5 only GET exists on the path → 405; on
    /// 3.4 the path does not exist → 404), the connector exists (404 "Connector X not found")
    /// and is STOPPED (400) — StandaloneHerder/DistributedHerder `modifyConnectorOffsetsChecks`.
    fn modify_offsets_checks(&self, name: &str) -> Option<Response> {
        match self.settings.kafka {
            KafkaVersion::V3_4 => return Some(no_route()),
            KafkaVersion::V3_5 => {
                return Some(error(405, "HTTP 405 Method Not Allowed"));
            }
            KafkaVersion::V3_6 | KafkaVersion::V3_7Plus => {}
        }
        match self.connectors.get(name) {
            None => Some(error(404, &format!("Connector {name} not found"))),
            Some(c) if c.target != ConnectorState::Stopped || c.task.is_some() => Some(error(
                400,
                &format!(
                    "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/{name}/stop' endpoint"
                ),
            )),
            Some(_) => None,
        }
    }
}

/// Where a started task begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// Stream changes after this LSN.
    Stream { from_lsn: u64 },
    /// Snapshot at this LSN, then stream after it.
    Snapshot { at_lsn: u64 },
}

/// `X/Y` text of an LSN.
pub fn pg_lsn_text(lsn: u64) -> String {
    format!("{:X}/{:X}", lsn >> 32, lsn & 0xFFFF_FFFF)
}

fn offset_as_java_map(o: &SourceOffset) -> String {
    format!(
        "{{lsn_proc={}, lsn_commit={}, lsn={}, txId={}, ts_usec={}}}",
        o.lsn_proc, o.lsn_commit, o.lsn, o.tx_id, o.ts_usec
    )
}

/// `{"error_code":N,"message":"…"}` (ConnectExceptionMapper → ErrorMessage).
fn error(status: u16, msg: &str) -> Response {
    Response::Http {
        status,
        body: json::object(&[
            ("error_code", status.to_string()),
            ("message", json::string(msg)),
        ]),
    }
}

/// An endpoint the worker version does not have: Jersey's own NotFoundException, mapped by
/// ConnectExceptionMapper to `{"error_code":404,"message":"HTTP 404 Not Found"}`.
fn no_route() -> Response {
    error(404, "HTTP 404 Not Found")
}

fn no_content() -> Response {
    Response::Http {
        status: 204,
        body: String::new(),
    }
}

fn accepted() -> Response {
    Response::Http {
        status: 202,
        body: String::new(),
    }
}

fn message(msg: &str) -> Response {
    Response::Http {
        status: 200,
        body: json::object(&[("message", json::string(msg))]),
    }
}

fn connector_info(name: &str, config: &ConnectorConfig) -> String {
    let cfg = json::object(&[
        (
            "connector.class",
            json::string("io.debezium.connector.postgresql.PostgresConnector"),
        ),
        ("topic.prefix", json::string(&config.topic_prefix)),
        ("slot.name", json::string(&config.slot_name)),
        ("snapshot.mode", json::string(config.snapshot_mode.as_str())),
        ("name", json::string(name)),
    ]);
    json::object(&[
        ("name", json::string(name)),
        ("config", cfg),
        ("tasks", "[]".to_string()),
        ("type", json::string("source")),
    ])
}

const WORKER_ID: &str = "connect:8083";

/// The status body; `restarting = Some((connector, task))` marks instances as RESTARTING.
fn status_body(name: &str, c: &Connector, restarting: Option<(bool, bool)>) -> String {
    let (conn_restart, task_restart) = restarting.unwrap_or((false, false));
    let conn_state = if conn_restart {
        "RESTARTING"
    } else {
        c.target.as_str()
    };
    let tasks: Vec<String> = c
        .task
        .iter()
        .map(|t| {
            let mut f = vec![
                ("id", "0".to_string()),
                (
                    "state",
                    json::string(if task_restart {
                        "RESTARTING"
                    } else {
                        t.state.as_str()
                    }),
                ),
                ("worker_id", json::string(WORKER_ID)),
            ];
            if let (TaskState::Failed(trace), false) = (&t.state, task_restart) {
                f.push(("trace", json::string(trace)));
            }
            json::object(&f)
        })
        .collect();
    json::object(&[
        ("name", json::string(name)),
        (
            "connector",
            json::object(&[
                ("state", json::string(conn_state)),
                ("worker_id", json::string(WORKER_ID)),
            ]),
        ),
        ("tasks", format!("[{}]", tasks.join(","))),
        ("type", json::string("source")),
    ])
}

fn check_name(field: &'static str, v: &str) -> Result<(), InputError> {
    if v.is_empty() || v.len() > 249 || v.chars().any(char::is_control) || v.contains('/') {
        return Err(InputError {
            field,
            message: format!(
                "must be 1 to 249 characters without '/' or control characters, got \"{}\"",
                quote40(v)
            ),
        });
    }
    Ok(())
}

/// Slot names: lower-case letters, digits and underscores, at most 63 bytes (facts.md Part 2
/// §1 `slot.name`; NAMEDATALEN − 1).
fn check_slot_name(field: &'static str, v: &str) -> Result<(), InputError> {
    let ok = !v.is_empty()
        && v.len() <= 63
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        return Err(InputError {
            field,
            message: format!(
                "must be 1 to 63 lower-case letters, digits or underscores, got \"{}\"",
                quote40(v)
            ),
        });
    }
    Ok(())
}

/// A value as messages quote it: at most 40 characters (then `…`), control characters as
/// U+FFFD, so a pasted escape sequence or newline cannot reshape the message.
fn quote40(v: &str) -> String {
    let mut cut: String = v
        .chars()
        .take(40)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if v.chars().nth(40).is_some() {
        cut.push('…');
    }
    cut
}

fn check_config(c: &ConnectorConfig) -> Result<(), InputError> {
    check_name("config.topic_prefix", &c.topic_prefix)?;
    check_slot_name("config.slot_name", &c.slot_name)
}

/// The boundary: every name and config an operation carries.
pub fn validate_op(op: &Op) -> Result<(), InputError> {
    match op {
        Op::CreateConnector { name, config, .. } | Op::PutConnectorConfig { name, config } => {
            check_name("name", name)?;
            check_config(config)
        }
        Op::DeleteConnector { name }
        | Op::Status { name }
        | Op::Pause { name }
        | Op::Resume { name }
        | Op::Stop { name }
        | Op::Restart { name, .. }
        | Op::GetOffsets { name }
        | Op::ResetOffsets { name } => check_name("name", name),
        Op::PatchOffsets { name, offsets } => {
            check_name("name", name)?;
            for e in offsets {
                check_name("offsets.partition.server", &e.server)?;
            }
            Ok(())
        }
        Op::DropSlot { name } | Op::CreateSlot { name } => check_slot_name("slot_name", name),
        Op::StartWorker | Op::ConsumeOffsetsTopic => Ok(()),
    }
}
