//! The drill's scenarios: one per incident, each with a task statement (ru/en), the
//! automatic check of that task ([`check`]) and the lesson's commands offered as insert
//! buttons ([`snippets`]).
//!
//! ## What each check asks, and why (facts.md Part 2 §2, §6; lesson 07)
//! * **connector-deleted**, **kafka-offsets-lost**: the lab connector and its task RUNNING,
//!   changes written after the incident delivered, **0 gaps and 0 duplicates**. Achievable:
//!   the deleted connector's offsets are still in `connect-offsets` (or in the backup), and the
//!   stop/delete made a final commit of everything delivered (lsn of change 150), so resuming
//!   from it re-sends nothing.
//! * **failover-slot-lost**: RUNNING, **0 gaps**; duplicates are unavoidable and allowed. The
//!   new slot starts at its creation: only a snapshot delivers the changes between the last
//!   offset and it, and a snapshot re-sends the rows' state, which the verifier counts as a
//!   duplicate of every change delivered before (crate docs of dr-model, simplification 5).
//! * **connect-crash**: RUNNING, **0 gaps**; duplicates allowed: a crash makes no final commit,
//!   so the changes after the last commit (120 s) are sent again (at-least-once).
//! * **orphaned-slot**: `debezium_old` dropped, the lab slot kept, the connector RUNNING,
//!   0 gaps and 0 duplicates (nothing else should change).

use crate::dr::drill::{patch_line, restore_body, Drill};
use crate::lang::Lang;
use dr_model::{ConnectorState, Incident, TaskState, CONNECTOR, ORPHANED_SLOT};

/// The lab connector's slot.
pub const LAB_SLOT: &str = "debezium_inventory";

/// A scenario's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// The incident.
    pub incident: Incident,
    /// Russian title.
    pub title_ru: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// Russian task statement.
    pub task_ru: &'static str,
    /// English task statement.
    pub task_en: &'static str,
    /// Whether duplicates are allowed by the check (unavoidable in this incident).
    pub duplicates_allowed: bool,
}

impl Scenario {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title_ru, self.title_en)
    }

    /// The task in `lang`.
    pub fn task(&self, lang: Lang) -> &'static str {
        lang.pick(self.task_ru, self.task_en)
    }
}

/// Every scenario, in lesson order (the three of the lesson's DR-drill section first).
pub static SCENARIOS: [Scenario; 5] = [
    Scenario {
        incident: Incident::ConnectorDeleted,
        title_ru: "Коннектор удалён по ошибке",
        title_en: "Connector deleted by mistake",
        task_ru: "Кто-то выполнил DELETE /connectors/inventory-connector. Верните коннектор под тем же именем так, чтобы он продолжил с сохранённого смещения: создайте его остановленным (initial_state STOPPED), проверьте и восстановите смещения через PATCH, запустите. Цель: коннектор RUNNING, верификатор — 0 пропусков и 0 дубликатов.",
        task_en: "Someone ran DELETE /connectors/inventory-connector. Bring the connector back under the same name so that it continues from its stored offset: create it stopped (initial_state STOPPED), check and restore the offsets with PATCH, start it. Goal: the connector RUNNING, the verifier showing 0 gaps and 0 duplicates.",
        duplicates_allowed: false,
    },
    Scenario {
        incident: Incident::FailoverSlotLost,
        title_ru: "Failover: слот потерян",
        title_en: "Failover: slot lost",
        task_ru: "База переключилась на реплику, на новом основном сервере слота debezium_inventory нет, задача коннектора FAILED. Создайте слот, закройте разрыв снимком (snapshot.mode=when_needed через PUT …/config) и запустите коннектор. Цель: RUNNING и 0 пропусков; дубликаты здесь неизбежны — снимок повторяет уже доставленные строки.",
        task_en: "The database failed over to a replica, the new primary has no debezium_inventory slot, the connector's task is FAILED. Create the slot, close the gap with a snapshot (snapshot.mode=when_needed through PUT …/config) and start the connector. Goal: RUNNING and 0 gaps; duplicates are unavoidable here — the snapshot repeats rows already delivered.",
        duplicates_allowed: true,
    },
    Scenario {
        incident: Incident::KafkaOffsetsLost,
        title_ru: "Потеряны смещения в Kafka",
        title_en: "Kafka offsets lost",
        task_ru: "Коннектор остановили, сняли копию connect-offsets консольным потребителем, и тут кластер Kafka потерял служебные топики: коннектора и смещений больше нет. Посмотрите копию (cat connect-offsets-backup.txt), создайте коннектор остановленным, выполните PATCH значением из копии и resume. Цель: RUNNING, 0 пропусков и 0 дубликатов.",
        task_en: "The connector was stopped and connect-offsets backed up with the console consumer, then the Kafka cluster lost its internal topics: the connector and its offsets are gone. Look at the backup (cat connect-offsets-backup.txt), create the connector stopped, PATCH the value from the backup and resume. Goal: RUNNING, 0 gaps and 0 duplicates.",
        duplicates_allowed: false,
    },
    Scenario {
        incident: Incident::ConnectCrash,
        title_ru: "Падение Kafka Connect",
        title_en: "Kafka Connect crash",
        task_ru: "Процесс воркера Kafka Connect упал. Верните его (docker compose start connect) и убедитесь, что коннектор и задача RUNNING. Цель: 0 пропусков; дубликаты событий после последней фиксации смещений ожидаемы (at-least-once).",
        task_en: "The Kafka Connect worker process crashed. Bring it back (docker compose start connect) and make sure the connector and its task are RUNNING. Goal: 0 gaps; duplicates of the events after the last offset commit are expected (at-least-once).",
        duplicates_allowed: true,
    },
    Scenario {
        incident: Incident::OrphanedSlot,
        title_ru: "Брошенный слот удерживает WAL",
        title_en: "An orphaned slot pins WAL",
        task_ru: "Слот давно удалённого коннектора удерживает WAL. Найдите неактивный слот, убедитесь, что он не принадлежит живому коннектору, и удалите его, не трогая слот debezium_inventory. Цель: debezium_old удалён, коннектор RUNNING, 0 пропусков и 0 дубликатов.",
        task_en: "A slot of a connector deleted long ago pins WAL. Find the inactive slot, make sure no live connector owns it and drop it without touching debezium_inventory. Goal: debezium_old dropped, the connector RUNNING, 0 gaps and 0 duplicates.",
        duplicates_allowed: false,
    },
];

/// The scenario of an incident.
pub fn scenario(incident: Incident) -> &'static Scenario {
    SCENARIOS
        .iter()
        .find(|s| s.incident == incident)
        .unwrap_or(&SCENARIOS[0])
}

/// One condition of the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    /// Russian text.
    pub text_ru: String,
    /// English text.
    pub text_en: String,
    /// Whether it holds.
    pub ok: bool,
}

impl CheckItem {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.text_ru,
            Lang::En => &self.text_en,
        }
    }
}

/// The task's check now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Every condition.
    pub items: Vec<CheckItem>,
}

impl Check {
    /// All conditions hold.
    pub fn passed(&self) -> bool {
        self.items.iter().all(|i| i.ok)
    }
}

fn item(ok: bool, ru: impl Into<String>, en: impl Into<String>) -> CheckItem {
    CheckItem {
        text_ru: ru.into(),
        text_en: en.into(),
        ok,
    }
}

/// Checks the scenario's task against the drill now.
pub fn check(drill: &Drill) -> Check {
    let sc = scenario(drill.incident());
    let w = drill.world();
    let v = drill.verification();
    let mut items = Vec::new();
    let running = w.worker_up()
        && matches!(
            w.connector_state(CONNECTOR),
            Some((ConnectorState::Running, Some(TaskState::Running)))
        );
    items.push(item(
        running,
        "inventory-connector и его задача в состоянии RUNNING",
        "inventory-connector and its task are RUNNING",
    ));
    // Changes written after the incident reached the topic: the stream moved again.
    let at_incident = w.source().written_by(dr_model::INCIDENT_AT_MS);
    items.push(item(
        v.horizon > at_incident,
        "в топик пришли изменения, сделанные после аварии",
        "changes made after the incident reached the topic",
    ));
    items.push(item(
        v.gaps.is_empty(),
        "0 пропусков (изменений, не дошедших до топика)",
        "0 gaps (changes that never reached the topic)",
    ));
    if !sc.duplicates_allowed {
        items.push(item(
            v.duplicates.is_empty(),
            "0 дубликатов",
            "0 duplicates",
        ));
    }
    if sc.incident == Incident::OrphanedSlot {
        let slots = w.slots();
        items.push(item(
            slots.get(ORPHANED_SLOT).is_none(),
            "брошенный слот debezium_old удалён",
            "the orphaned slot debezium_old is dropped",
        ));
        items.push(item(
            slots.get(LAB_SLOT).is_some(),
            "слот debezium_inventory на месте",
            "the slot debezium_inventory is kept",
        ));
    }
    Check { items }
}

/// A command an insert button puts into the input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Russian label.
    pub label_ru: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// The command line.
    pub line: String,
}

impl Snippet {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.label_ru, self.label_en)
    }
}

/// `GET …/status`, the whole body.
pub const STATUS_LINE: &str =
    "curl -fsS http://localhost:8083/connectors/inventory-connector/status | jq .";
/// `PUT …/stop` (lesson 07).
pub const STOP_LINE: &str =
    "curl -fsS -X PUT http://localhost:8083/connectors/inventory-connector/stop";
/// `GET …/offsets | jq .` (lesson 07).
pub const GET_OFFSETS_LINE: &str =
    "curl -fsS http://localhost:8083/connectors/inventory-connector/offsets | jq .";
/// `PUT …/resume` (lesson 07).
pub const RESUME_LINE: &str =
    "curl -fsS -X PUT http://localhost:8083/connectors/inventory-connector/resume";
/// Restart failed tasks (lesson 07).
pub const RESTART_LINE: &str = "curl -fsS -X POST 'http://localhost:8083/connectors/inventory-connector/restart?includeTasks=true&onlyFailed=true'";
/// The lesson's slot query (one line).
pub const SLOT_QUERY_LINE: &str = "SELECT slot_name, active, restart_lsn, restart_lsn - '0/0'::pg_lsn AS restart_lsn_num, confirmed_flush_lsn, confirmed_flush_lsn - '0/0'::pg_lsn AS confirmed_flush_num, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained_wal FROM pg_replication_slots;";
/// Inactive logical slots (the lesson's orphan query within the panel's grammar).
pub const INACTIVE_SLOTS_LINE: &str = "SELECT slot_name, active, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained_wal FROM pg_replication_slots WHERE slot_type = 'logical' AND NOT active AND NOT temporary;";
/// Creates the lab slot (lesson 07).
pub const CREATE_SLOT_LINE: &str =
    "SELECT * FROM pg_create_logical_replication_slot('debezium_inventory', 'pgoutput');";
/// Drops the orphaned slot.
pub const DROP_ORPHAN_LINE: &str = "SELECT pg_drop_replication_slot('debezium_old');";
/// The console consumer backup command (lesson 07, printed instead of redirected).
pub const CONSUMER_LINE: &str = "docker compose exec -T kafka /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic connect-offsets --from-beginning --property print.key=true --timeout-ms 10000";
/// Brings the crashed worker back.
pub const START_WORKER_LINE: &str = "docker compose start connect";

/// `POST /connectors` with the lab config and `initial_state` STOPPED (KIP-980).
pub const CREATE_STOPPED_LINE: &str = r#"curl -fsS -X POST -H 'Content-Type: application/json' -d '{"name":"inventory-connector","config":{"connector.class":"io.debezium.connector.postgresql.PostgresConnector","topic.prefix":"inventory","slot.name":"debezium_inventory","snapshot.mode":"initial"},"initial_state":"STOPPED"}' http://localhost:8083/connectors"#;

/// `PUT …/config` with the lab config and `snapshot.mode` = `when_needed` (lesson 07 step 7).
pub const WHEN_NEEDED_LINE: &str = r#"curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"connector.class":"io.debezium.connector.postgresql.PostgresConnector","topic.prefix":"inventory","slot.name":"debezium_inventory","snapshot.mode":"when_needed"}' http://localhost:8083/connectors/inventory-connector/config"#;

fn snip(label_ru: &'static str, label_en: &'static str, line: impl Into<String>) -> Snippet {
    Snippet {
        label_ru,
        label_en,
        line: line.into(),
    }
}

/// The insert buttons of the drill's scenario now (the PATCH line carries the body to restore:
/// the incident's backup, or what `connect-offsets` holds for the connector).
pub fn snippets(drill: &Drill) -> Vec<Snippet> {
    let status = snip("статус", "status", STATUS_LINE);
    let slots = snip("слоты", "slots", SLOT_QUERY_LINE);
    let resume = snip("resume", "resume", RESUME_LINE);
    let patch = restore_body(drill.world())
        .map(|body| snip("PATCH из копии", "PATCH from backup", patch_line(&body)));
    let mut out = vec![status];
    match drill.incident() {
        Incident::ConnectorDeleted => {
            out.push(snip(
                "создать STOPPED",
                "create STOPPED",
                CREATE_STOPPED_LINE,
            ));
            out.push(snip("GET offsets", "GET offsets", GET_OFFSETS_LINE));
            out.extend(patch);
            out.push(resume);
            out.push(slots);
        }
        Incident::FailoverSlotLost => {
            out.push(snip("stop", "stop", STOP_LINE));
            out.push(slots);
            out.push(snip("создать слот", "create slot", CREATE_SLOT_LINE));
            out.push(snip(
                "snapshot.mode=when_needed",
                "snapshot.mode=when_needed",
                WHEN_NEEDED_LINE,
            ));
            out.push(resume);
            out.push(snip("restart FAILED", "restart FAILED", RESTART_LINE));
        }
        Incident::KafkaOffsetsLost => {
            out.push(snip(
                "копия connect-offsets",
                "connect-offsets backup",
                "cat connect-offsets-backup.txt",
            ));
            out.push(snip("потребитель", "consumer", CONSUMER_LINE));
            out.push(slots);
            out.push(snip(
                "создать STOPPED",
                "create STOPPED",
                CREATE_STOPPED_LINE,
            ));
            out.extend(patch);
            out.push(snip("GET offsets", "GET offsets", GET_OFFSETS_LINE));
            out.push(resume);
        }
        Incident::ConnectCrash => {
            out.push(snip(
                "запустить воркер",
                "start the worker",
                START_WORKER_LINE,
            ));
            out.push(slots);
            out.push(snip("restart FAILED", "restart FAILED", RESTART_LINE));
        }
        Incident::OrphanedSlot => {
            out.push(snip(
                "неактивные слоты",
                "inactive slots",
                INACTIVE_SLOTS_LINE,
            ));
            out.push(slots);
            out.push(snip(
                "удалить debezium_old",
                "drop debezium_old",
                DROP_ORPHAN_LINE,
            ));
        }
    }
    out
}
