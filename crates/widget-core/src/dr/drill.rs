//! The drill's terminal session over dr-model: a [`Drill`] is the incident's world plus every
//! line typed so far, each with its output, the simulated time it ran at and a [`Record`] of
//! what it did (for the runbook checklist).
//!
//! ## Simulated time (deterministic)
//! The drill starts at the incident, [`dr_model::INCIDENT_AT_MS`] (150 s). Every line takes
//! [`STEP_MS`] (5 s: typing and running a command) and runs at the end of it; `sleep N` takes
//! exactly `N` seconds (1 to [`MAX_SLEEP_S`]) and lets the world run on, so tasks stream and
//! offsets commit (every `offset.flush.interval.ms`); a sleep past [`MAX_DRILL_MS`] after the
//! incident is refused, which bounds the events the world keeps. Nothing depends on the wall clock, so
//! the same lines give the same drill: the permalink stores the lines and [`Drill::replay`]
//! rebuilds the world from a fresh [`Incident::world`] (an hour of drill at one change per
//! second is 3 600 events: rebuilding costs milliseconds).
//!
//! ## Lines beyond dr-model's grammar
//! The panel adds three shell commands to [`dr_model::command`]'s grammar: `sleep N` (GNU
//! coreutils' messages for a bad interval), `cat <file>` for the incident's backup files
//! ([`BACKUP_DUMP_FILE`]: the console consumer's `key TAB value` dump; [`BACKUP_JSON_FILE`]:
//! the `GET …/offsets` body the lesson's `backup-offsets.sh` saves) with `cat`'s own "No
//! such file or directory", and `help` lists them after the model's commands.

use dr_model::command::{self, Action, Parsed};
use dr_model::{
    verify, ConnectorState, Incident, InputError, Op, Response, Settings, SnapshotMode,
    Verification, World, CONNECTOR, INCIDENT_AT_MS,
};

/// Simulated time one command line takes, ms.
pub const STEP_MS: u64 = 5_000;
/// Longest `sleep`, s (one hour).
pub const MAX_SLEEP_S: u64 = 3_600;
/// Longest drill, ms of simulated time after the incident (six hours): bounds the change-event
/// topic the world keeps (21 600 events at one change per second, 216 000 at the fastest
/// 100 ms interval) however often "wait" is pressed.
pub const MAX_DRILL_MS: u64 = 6 * 3_600_000;
/// The console consumer's backup of `connect-offsets` (Kafka-offsets-lost incident).
pub const BACKUP_DUMP_FILE: &str = "connect-offsets-backup.txt";
/// The `GET …/offsets` backup `backup-offsets.sh` wrote (Kafka-offsets-lost incident).
pub const BACKUP_JSON_FILE: &str = "offset-backups/inventory-connector-offsets.json";

/// What a line did, as far as the runbook cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Did {
    /// `GET …/status`.
    Status,
    /// `POST /connectors`; `stopped` = `initial_state` STOPPED.
    Create {
        /// Created stopped.
        stopped: bool,
        /// The lab connector's name was used.
        lab_name: bool,
    },
    /// `PUT …/config` with this `snapshot.mode`.
    PutConfig(SnapshotMode),
    /// `DELETE /connectors/…`.
    Delete,
    /// `PUT …/pause`.
    Pause,
    /// `PUT …/resume`.
    Resume,
    /// `PUT …/stop`.
    Stop,
    /// `POST …/restart`.
    Restart,
    /// `GET …/offsets`.
    GetOffsets,
    /// `PATCH …/offsets`.
    PatchOffsets,
    /// `DELETE …/offsets`.
    ResetOffsets,
    /// `pg_drop_replication_slot`; `lab` = the lab connector's slot.
    DropSlot {
        /// The lab connector's slot.
        lab: bool,
    },
    /// `pg_create_logical_replication_slot`.
    CreateSlot,
    /// `docker compose start connect`.
    StartWorker,
    /// The console consumer on `connect-offsets`.
    ConsumeOffsets,
    /// `SELECT … FROM pg_replication_slots`.
    QuerySlots,
    /// `cat` of a backup file.
    ReadBackup,
    /// `sleep N`.
    Sleep,
    /// Nothing the runbook follows (help, an error, an unknown route).
    Other,
}

/// One line's record for the runbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// What it did.
    pub did: Did,
    /// Whether it succeeded (HTTP 2xx, SQL without error, a file that exists; a status request
    /// whatever it answered).
    pub ok: bool,
    /// The lab connector's state just before (`None`: no such connector or worker down).
    pub connector_before: Option<ConnectorState>,
}

/// One line of the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The line as typed.
    pub line: String,
    /// What the tool printed.
    pub output: String,
    /// Simulated time when it ran, ms.
    pub at_ms: u64,
    /// What it did.
    pub record: Record,
}

/// A drill: the world and the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    incident: Incident,
    world: World,
    entries: Vec<Entry>,
}

impl Drill {
    /// The world right after `incident`, no lines yet.
    pub fn start(incident: Incident, settings: Settings) -> Result<Drill, InputError> {
        Ok(Drill {
            incident,
            world: incident.world(settings)?,
            entries: Vec::new(),
        })
    }

    /// A fresh drill with `lines` run in order (blank lines skipped).
    pub fn replay<'a>(
        incident: Incident,
        settings: Settings,
        lines: impl IntoIterator<Item = &'a str>,
    ) -> Result<Drill, InputError> {
        let mut d = Drill::start(incident, settings)?;
        for line in lines {
            d.run(line);
        }
        Ok(d)
    }

    /// The incident.
    pub fn incident(&self) -> Incident {
        self.incident
    }

    /// The world now.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The transcript.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Simulated time now, ms.
    pub fn now_ms(&self) -> u64 {
        self.world.now_ms()
    }

    /// The verifier's verdict now.
    pub fn verification(&self) -> Verification {
        verify(
            self.world.events(),
            self.world.settings().change_interval_ms,
        )
    }

    /// Runs one line; `None` for a blank line (nothing recorded, no time passes).
    pub fn run(&mut self, line: &str) -> Option<&Entry> {
        if line.trim().is_empty() {
            return None;
        }
        let connector_before = if self.world.worker_up() {
            self.world.connector_state(CONNECTOR).map(|(c, _)| c)
        } else {
            None
        };
        let (output, did, ok, at_ms) = self.execute(line);
        self.entries.push(Entry {
            line: line.to_string(),
            output,
            at_ms,
            record: Record {
                did,
                ok,
                connector_before,
            },
        });
        self.entries.last()
    }

    fn execute(&mut self, line: &str) -> (String, Did, bool, u64) {
        let now = self.world.now_ms();
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.first() == Some(&"sleep") {
            return match sleep_seconds(&words) {
                Ok(s) => {
                    let at = now.saturating_add(s.saturating_mul(1_000));
                    if at > INCIDENT_AT_MS + MAX_DRILL_MS {
                        return (
                            format!("cdc-lab: the drill's clock stops 6 h after the incident; sleep {s} would pass it (start over)\n"),
                            Did::Sleep,
                            false,
                            now,
                        );
                    }
                    match self.world.advance(at) {
                        Ok(()) => (String::new(), Did::Sleep, true, at),
                        Err(e) => (format!("cdc-lab: {e}\n"), Did::Sleep, false, now),
                    }
                }
                Err(message) => (message, Did::Sleep, false, now),
            };
        }
        let at = now.saturating_add(STEP_MS);
        if let Err(e) = self.world.advance(at) {
            return (format!("cdc-lab: {e}\n"), Did::Other, false, now);
        }
        if words.first() == Some(&"cat") {
            let (out, ok) = self.cat(&words);
            return (out, Did::ReadBackup, ok, at);
        }
        match command::parse(line) {
            Parsed::Empty => (String::new(), Did::Other, true, at),
            Parsed::Help => (
                format!("{}\n{EXTRA_HELP}\n", command::HELP),
                Did::Other,
                true,
                at,
            ),
            Parsed::Error(m) | Parsed::Unsupported(m) => (format!("{m}\n"), Did::Other, false, at),
            Parsed::Command(cmd) => {
                let did = match &cmd.action {
                    Action::Op(op) => did_of(op),
                    Action::Slots(_) => Did::QuerySlots,
                    Action::Http { .. } => Did::Other,
                };
                let (out, resp) = command::execute_traced(&mut self.world, &cmd, at);
                let ok = match (&did, &resp) {
                    // Asking for the status records the state whatever the answer (404,
                    // connection refused): runbook step 1.
                    (Did::QuerySlots, _) | (Did::Status, Some(_)) => true,
                    (_, Some(r)) => dr_model::incidents::succeeded(r) && !is_http_error(r),
                    (_, None) => false,
                };
                (out, did, ok, at)
            }
        }
    }

    fn cat(&self, words: &[&str]) -> (String, bool) {
        let Some(file) = words.get(1) else {
            return (
                "cat: reading standard input is not modelled\n".to_string(),
                false,
            );
        };
        let file = file.trim_start_matches("./");
        match (self.world.backup(), file) {
            (Some(b), BACKUP_DUMP_FILE) => (b.console_dump.clone(), true),
            (Some(b), BACKUP_JSON_FILE) => (format!("{}\n", b.get_offsets_body), true),
            _ => (
                format!(
                    "cat: {}: No such file or directory\n",
                    crate::problem::shown_value(file)
                ),
                false,
            ),
        }
    }
}

/// The panel's own commands, listed after the model's in `help`.
pub const EXTRA_HELP: &str = "  sleep N   (N seconds of simulated time, 1–3600)
  cat connect-offsets-backup.txt   (the incident's backup, if it has one)
  cat offset-backups/inventory-connector-offsets.json";

fn is_http_error(r: &Response) -> bool {
    r.status().is_some_and(|s| s >= 300)
}

fn did_of(op: &Op) -> Did {
    match op {
        Op::CreateConnector {
            name,
            initial_state,
            ..
        } => Did::Create {
            stopped: *initial_state == Some(dr_model::InitialState::Stopped),
            lab_name: name == CONNECTOR,
        },
        Op::PutConnectorConfig { config, .. } => Did::PutConfig(config.snapshot_mode),
        Op::DeleteConnector { .. } => Did::Delete,
        Op::Status { .. } => Did::Status,
        Op::Pause { .. } => Did::Pause,
        Op::Resume { .. } => Did::Resume,
        Op::Stop { .. } => Did::Stop,
        Op::Restart { .. } => Did::Restart,
        Op::GetOffsets { .. } => Did::GetOffsets,
        Op::PatchOffsets { .. } => Did::PatchOffsets,
        Op::ResetOffsets { .. } => Did::ResetOffsets,
        Op::DropSlot { name } => Did::DropSlot {
            lab: name == "debezium_inventory",
        },
        Op::CreateSlot { .. } => Did::CreateSlot,
        Op::StartWorker => Did::StartWorker,
        Op::ConsumeOffsetsTopic => Did::ConsumeOffsets,
    }
}

/// `sleep N` / `sleep Ns`: the seconds, or coreutils' message.
fn sleep_seconds(words: &[&str]) -> Result<u64, String> {
    let help = "Try 'sleep --help' for more information.";
    let arg = match words {
        [_] => return Err(format!("sleep: missing operand\n{help}\n")),
        [_, arg] => *arg,
        _ => {
            return Err(
                "cdc-lab: sleep takes one interval in seconds here (sleep 60)\n".to_string(),
            )
        }
    };
    let digits = arg.strip_suffix('s').unwrap_or(arg);
    match digits.parse::<u64>() {
        Ok(s) if (1..=MAX_SLEEP_S).contains(&s) => Ok(s),
        Ok(_) => Err(format!(
            "cdc-lab: sleep between 1 and {MAX_SLEEP_S} seconds here, got \"{}\"\n",
            crate::problem::shown_value(arg)
        )),
        Err(_) => Err(format!(
            "sleep: invalid time interval '{}'\n{help}\n",
            crate::problem::shown_value(arg)
        )),
    }
}

/// The `PATCH …/offsets` line that restores `offsets` (the body `GET …/offsets` returns),
/// as the insert button writes it: the JSON inline, since the panel has no files for
/// `--data @file`.
pub fn patch_line(offsets_body: &str) -> String {
    format!(
        "curl -fsS -X PATCH -H 'Content-Type: application/json' -d '{offsets_body}' http://localhost:8083/connectors/{CONNECTOR}/offsets"
    )
}

/// The body to restore: the incident's backup if there is one, else what `connect-offsets`
/// holds for the lab connector now (`None`: nothing to restore).
pub fn restore_body(world: &World) -> Option<String> {
    if let Some(b) = world.backup() {
        return Some(b.get_offsets_body.clone());
    }
    let entries = world.offsets_topic().partitions(CONNECTOR);
    if entries.is_empty() {
        None
    } else {
        Some(dr_model::offsets::offsets_body(&entries))
    }
}

/// When the drill starts, ms.
pub const START_MS: u64 = INCIDENT_AT_MS;
