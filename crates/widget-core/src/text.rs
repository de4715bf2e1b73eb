//! Every string `<cdc-wal-sim>` shows, in Russian and English: button and chart labels, the
//! event log in words, ETAs, the one-sentence takeaway at the cursor, `wal_status`
//! explanations, preset titles.
//!
//! Russian follows `../shared/glossary-ru.md` ("слот репликации", "удерживаемый WAL",
//! "контрольная точка", "порог предупреждения", "критично", "диск заполнен"; «вы»). SQL
//! names, `wal_status` values, connector states and PostgreSQL's own log lines stay in English
//! in both languages, as a DBA sees them. Texts are plain text: widgets insert them as text
//! nodes.

use crate::fmt::{
    format_bytes, format_duration_ms, format_instant_ms, format_rate, plural_word, NumberFormat,
};
use crate::lang::Lang;
use crate::params::{Kind, ParamSpec, ParamValue, RateShape, Unit, WalParams};
use crate::state::preset_raw;
use wal_model::report::{
    AlertLevel, CheckpointCause, ConnectorState, HeartbeatOutcome, NeverReason,
};
use wal_model::units::{HOUR_MS, MB, SECOND_MS};
use wal_model::{Eta, EtaTarget, LogEvent, LogKind, Report, SlotRow, WalStatus};

/// Fixed UI strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ui {
    /// Copy button.
    Copy,
    /// Shown after copying.
    Copied,
    /// Copying failed (no clipboard permission).
    CopyFailed,
    /// Reset one parameter.
    Reset,
    /// Reset every parameter.
    ResetAll,
    /// Preset selector label.
    Preset,
    /// The folded "advanced" settings.
    Advanced,
    /// Play the timeline.
    Play,
    /// Pause the timeline.
    Pause,
    /// The time cursor.
    Cursor,
    /// Copy a link to this state.
    Permalink,
    /// Shown after copying the link.
    PermalinkCopied,
    /// Event log heading.
    EventLog,
    /// Empty event log.
    NoEvents,
    /// The slot table heading.
    SlotTable,
    /// Shown when the slot does not exist at the cursor.
    NoSlot,
    /// The configuration panel heading.
    Configs,
    /// Tab: postgresql.conf.
    PostgresqlConf,
    /// Tab: connector JSON.
    ConnectorJson,
    /// Tab: Kafka Connect worker.
    WorkerProperties,
    /// Tab: monitoring SQL.
    MonitoringSql,
    /// Heading of the list of problems found in attributes or the link.
    Problems,
    /// The scenario does not validate.
    ScenarioInvalid,
    /// The widget failed and can be restarted.
    WidgetFailed,
    /// Restart the widget.
    Restart,
    /// ETA panel heading.
    Forecast,
    /// Time axis.
    AxisTime,
    /// Size axis.
    AxisSize,
    /// Legend: retained WAL of the slot.
    LegendRetained,
    /// Legend: consumer lag (confirmed_flush_lsn).
    LegendLag,
    /// Legend: pg_wal on disk.
    LegendPgWal,
    /// Legend: disk size.
    LegendDisk,
    /// Legend: warning threshold.
    LegendWarning,
    /// Legend: critical threshold.
    LegendCritical,
    /// Legend: max_wal_size.
    LegendMaxWalSize,
    /// Legend: max_slot_wal_keep_size.
    LegendSlotKeep,
    /// Legend: connector down.
    LegendConnectorDown,
    /// Marker: checkpoint.
    MarkerCheckpoint,
    /// Marker: slot lost.
    MarkerLost,
    /// Marker: disk full.
    MarkerDiskFull,
    /// Shown for SQL NULL.
    Null,
    /// Yes (toggle on).
    Yes,
    /// No (toggle off).
    No,
}

impl Ui {
    /// Every UI string key.
    pub const ALL: [Ui; 43] = [
        Ui::Copy,
        Ui::Copied,
        Ui::CopyFailed,
        Ui::Reset,
        Ui::ResetAll,
        Ui::Preset,
        Ui::Advanced,
        Ui::Play,
        Ui::Pause,
        Ui::Cursor,
        Ui::Permalink,
        Ui::PermalinkCopied,
        Ui::EventLog,
        Ui::NoEvents,
        Ui::SlotTable,
        Ui::NoSlot,
        Ui::Configs,
        Ui::PostgresqlConf,
        Ui::ConnectorJson,
        Ui::WorkerProperties,
        Ui::MonitoringSql,
        Ui::Problems,
        Ui::ScenarioInvalid,
        Ui::WidgetFailed,
        Ui::Restart,
        Ui::Forecast,
        Ui::AxisTime,
        Ui::AxisSize,
        Ui::LegendRetained,
        Ui::LegendLag,
        Ui::LegendPgWal,
        Ui::LegendDisk,
        Ui::LegendWarning,
        Ui::LegendCritical,
        Ui::LegendMaxWalSize,
        Ui::LegendSlotKeep,
        Ui::LegendConnectorDown,
        Ui::MarkerCheckpoint,
        Ui::MarkerLost,
        Ui::MarkerDiskFull,
        Ui::Null,
        Ui::Yes,
        Ui::No,
    ];
}

/// A fixed UI string.
pub fn ui(key: Ui, lang: Lang) -> &'static str {
    let (ru, en) = match key {
        Ui::Copy => ("Копировать", "Copy"),
        Ui::Copied => ("Скопировано", "Copied"),
        Ui::CopyFailed => (
            "Не удалось скопировать: выделите текст вручную",
            "Could not copy: select the text by hand",
        ),
        Ui::Reset => ("Сбросить", "Reset"),
        Ui::ResetAll => ("Сбросить всё", "Reset all"),
        Ui::Preset => ("Сценарий", "Scenario"),
        Ui::Advanced => ("Дополнительно", "Advanced"),
        Ui::Play => ("Запустить", "Play"),
        Ui::Pause => ("Пауза", "Pause"),
        Ui::Cursor => ("Момент", "Instant"),
        Ui::Permalink => ("Ссылка на это состояние", "Link to this state"),
        Ui::PermalinkCopied => ("Ссылка скопирована", "Link copied"),
        Ui::EventLog => ("События", "Events"),
        Ui::NoEvents => ("Событий нет", "No events"),
        Ui::SlotTable => (
            "pg_replication_slots в выбранный момент",
            "pg_replication_slots at the chosen instant",
        ),
        Ui::NoSlot => (
            "Слота в этот момент нет",
            "The slot does not exist at this instant",
        ),
        Ui::Configs => ("Конфигурация", "Configuration"),
        Ui::PostgresqlConf => ("postgresql.conf", "postgresql.conf"),
        Ui::ConnectorJson => ("Коннектор (JSON)", "Connector (JSON)"),
        Ui::WorkerProperties => ("Воркер Kafka Connect", "Kafka Connect worker"),
        Ui::MonitoringSql => ("SQL для мониторинга", "Monitoring SQL"),
        Ui::Problems => ("Исправлено при загрузке", "Fixed on load"),
        Ui::ScenarioInvalid => (
            "Сценарий не прошёл проверку",
            "The scenario did not validate",
        ),
        Ui::WidgetFailed => ("Виджет сломался", "The widget failed"),
        Ui::Restart => ("Перезапустить", "Restart"),
        Ui::Forecast => ("Прогноз", "Forecast"),
        Ui::AxisTime => ("Время", "Time"),
        Ui::AxisSize => ("Размер", "Size"),
        Ui::LegendRetained => ("Удерживаемый WAL", "Retained WAL"),
        Ui::LegendLag => ("Отставание (lag)", "Lag"),
        Ui::LegendPgWal => ("pg_wal на диске", "pg_wal on disk"),
        Ui::LegendDisk => ("Размер диска", "Disk size"),
        Ui::LegendWarning => ("Порог предупреждения", "Warning threshold"),
        Ui::LegendCritical => ("Критично", "Critical"),
        Ui::LegendMaxWalSize => ("max_wal_size", "max_wal_size"),
        Ui::LegendSlotKeep => ("max_slot_wal_keep_size", "max_slot_wal_keep_size"),
        Ui::LegendConnectorDown => ("Коннектор остановлен", "Connector down"),
        Ui::MarkerCheckpoint => ("Контрольная точка", "Checkpoint"),
        Ui::MarkerLost => ("Слот потерян (lost)", "Slot lost"),
        Ui::MarkerDiskFull => ("Диск заполнен", "Disk full"),
        Ui::Null => ("NULL", "NULL"),
        Ui::Yes => ("да", "yes"),
        Ui::No => ("нет", "no"),
    };
    lang.pick(ru, en)
}

/// One sentence on what a `wal_status` value means.
pub fn wal_status_explanation(status: WalStatus, lang: Lang) -> &'static str {
    match status {
        WalStatus::Reserved => lang.pick(
            "Нужный слоту WAL укладывается в max_wal_size.",
            "The WAL the slot needs fits within max_wal_size.",
        ),
        WalStatus::Extended => lang.pick(
            "max_wal_size превышен, но слот (или wal_keep_size) всё ещё удерживает файлы WAL.",
            "max_wal_size is exceeded, but the slot (or wal_keep_size) still retains the WAL files.",
        ),
        WalStatus::Unreserved => lang.pick(
            "Слот больше не защищает свой WAL (превышен max_slot_wal_keep_size): ближайшая контрольная точка удалит нужные ему файлы.",
            "The slot no longer protects its WAL (max_slot_wal_keep_size is exceeded): the next checkpoint removes files it needs.",
        ),
        WalStatus::Lost => lang.pick(
            "Нужные слоту файлы WAL удалены: слот больше не годится, его нужно удалить и создать заново.",
            "WAL files the slot needs were removed: the slot is unusable and must be dropped and recreated.",
        ),
    }
}

/// One cell of the `pg_replication_slots` table: the SQL column name and its value as text
/// (`None` is SQL NULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotCell {
    /// Column name (stays the SQL name in both languages).
    pub column: &'static str,
    /// Value; `None` = NULL.
    pub value: Option<String>,
}

fn bool_text(b: bool) -> String {
    b.to_string()
}

/// The row's cells for a PostgreSQL version (columns that version has, in its order), plus
/// `retained_wal` as the monitoring query computes it (`pg_size_pretty`).
pub fn slot_row_cells(row: &SlotRow, pg_version: u32) -> Vec<SlotCell> {
    let cell = |column, value: Option<String>| SlotCell { column, value };
    let mut cells = vec![
        cell("slot_name", Some(row.slot_name.clone())),
        cell("plugin", Some(row.plugin.clone())),
        cell("slot_type", Some(row.slot_type.to_string())),
        cell("database", Some(row.database.clone())),
        cell("temporary", Some(bool_text(row.temporary))),
        cell("active", Some(bool_text(row.active))),
        cell("active_pid", row.active_pid.map(|p| p.to_string())),
        cell("restart_lsn", row.restart_lsn.map(|l| l.to_string())),
        cell(
            "confirmed_flush_lsn",
            row.confirmed_flush_lsn.map(|l| l.to_string()),
        ),
        cell("wal_status", row.wal_status.map(|s| s.as_str().to_string())),
        cell("safe_wal_size", row.safe_wal_size.map(|s| s.to_string())),
    ];
    if pg_version >= 14 {
        cells.push(cell("two_phase", row.two_phase.map(bool_text)));
    }
    if pg_version >= 16 {
        cells.push(cell("conflicting", row.conflicting.map(bool_text)));
    }
    if pg_version >= 17 {
        cells.push(cell(
            "invalidation_reason",
            row.invalidation_reason.map(str::to_string),
        ));
        cells.push(cell("failover", row.failover.map(bool_text)));
        cells.push(cell("synced", row.synced.map(bool_text)));
    }
    cells.push(cell(
        "retained_wal",
        row.retained_bytes
            .map(|b| wal_model::units::pg_size_pretty(i128::from(b))),
    ));
    cells
}

/// A short explanation of a `pg_replication_slots` column (for a caption or a tooltip).
pub fn slot_column_help(column: &str, lang: Lang) -> Option<&'static str> {
    Some(match column {
        "slot_name" => lang.pick("имя слота (slot.name коннектора)", "slot name (the connector's slot.name)"),
        "plugin" => lang.pick("плагин вывода", "output plugin"),
        "slot_type" => lang.pick("logical — логический слот", "logical: a logical slot"),
        "database" => lang.pick("база, которую декодирует слот", "the database the slot decodes"),
        "temporary" => lang.pick("временный слот исчезает с сессией", "a temporary slot goes away with its session"),
        "active" => lang.pick("слот сейчас читает walsender коннектора", "the connector's walsender is streaming it now"),
        "active_pid" => lang.pick("PID walsender'а; NULL, если слот не активен", "PID of the walsender; NULL when inactive"),
        "restart_lsn" => lang.pick("самый старый WAL, который может понадобиться слоту: всё от него удерживается", "the oldest WAL the slot may need: everything from it on is retained"),
        "confirmed_flush_lsn" => lang.pick("до какой позиции коннектор подтвердил получение", "how far the connector confirmed receiving"),
        "wal_status" => lang.pick("reserved / extended / unreserved / lost", "reserved / extended / unreserved / lost"),
        "safe_wal_size" => lang.pick("сколько ещё байт WAL можно записать, пока слот не станет lost; NULL при max_slot_wal_keep_size = -1", "bytes of WAL that can still be written before the slot is lost; NULL with max_slot_wal_keep_size = -1"),
        "two_phase" => lang.pick("декодирование двухфазных транзакций (PostgreSQL 14+)", "two-phase decoding (PostgreSQL 14+)"),
        "conflicting" => lang.pick("конфликт с восстановлением на реплике (PostgreSQL 16+)", "conflicted with recovery on a standby (PostgreSQL 16+)"),
        "invalidation_reason" => lang.pick("почему слот аннулирован: wal_removed (PostgreSQL 17+)", "why the slot was invalidated: wal_removed (PostgreSQL 17+)"),
        "failover" => lang.pick("слот синхронизируется на реплику (PostgreSQL 17+)", "synchronised to standbys (PostgreSQL 17+)"),
        "synced" => lang.pick("копия слота на реплике (PostgreSQL 17+)", "a synced copy on a standby (PostgreSQL 17+)"),
        "retained_wal" => lang.pick("pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) — удерживаемый WAL", "pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)): retained WAL"),
        _ => return None,
    })
}

fn slot_name(report: &Report, slot: usize) -> String {
    report
        .slots
        .get(slot)
        .map_or_else(|| format!("#{slot}"), |s| s.name.clone())
}

fn connector_name(report: &Report, connector: usize) -> String {
    report
        .connectors
        .get(connector)
        .cloned()
        .unwrap_or_else(|| format!("#{connector}"))
}

/// How serious an event is, for its colour and icon (every colour also has this text twin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Routine (checkpoints, state changes to RUNNING, clears).
    Info,
    /// Needs attention (warning alerts, stopped connectors, extended).
    Warning,
    /// Breaks something (critical alerts, lost slots, data gaps, disk full, FAILED).
    Critical,
}

/// The severity of an event.
pub fn event_severity(kind: &LogKind) -> Severity {
    match kind {
        LogKind::CheckpointRemovedWal { .. }
        | LogKind::AlertCleared { .. }
        | LogKind::SlotCreated { .. }
        | LogKind::SlotDropped { .. } => Severity::Info,
        LogKind::WalStatusChanged { to, .. } => match to {
            Some(WalStatus::Lost) => Severity::Critical,
            Some(WalStatus::Unreserved) | Some(WalStatus::Extended) => Severity::Warning,
            _ => Severity::Info,
        },
        LogKind::AlertRaised { level, .. } => match level {
            AlertLevel::Warning => Severity::Warning,
            AlertLevel::Critical => Severity::Critical,
        },
        LogKind::ConnectorStateChanged { state, .. } => match state {
            ConnectorState::Running => Severity::Info,
            ConnectorState::Stopped | ConnectorState::Restarting => Severity::Warning,
            ConnectorState::Failed => Severity::Critical,
        },
        LogKind::HeartbeatFailed { outcome, .. } => match outcome {
            HeartbeatOutcome::TaskFailed => Severity::Critical,
            _ => Severity::Warning,
        },
        LogKind::SlotCommandFailed { .. } | LogKind::IgnoredServerDown { .. } => Severity::Warning,
        LogKind::SlotInvalidated { .. }
        | LogKind::SlotUnusable { .. }
        | LogKind::DataGap { .. }
        | LogKind::DiskFull { .. } => Severity::Critical,
    }
}

fn status_text(s: Option<WalStatus>) -> &'static str {
    s.map_or("NULL", |s| s.as_str())
}

/// One event of the log in words (without its time: see [`format_instant_ms`]).
pub fn describe_event(event: &LogEvent, report: &Report, nf: &dyn NumberFormat) -> String {
    let lang = nf.lang();
    let ru = lang == Lang::Ru;
    let size = |b: u64| format_bytes(b, nf);
    match &event.kind {
        LogKind::CheckpointRemovedWal {
            cause,
            removed_segments,
            recycled_segments,
            pg_wal_bytes,
            ..
        } => {
            let n = nf.decimal(*removed_segments as f64, 0);
            let r = nf.decimal(*recycled_segments as f64, 0);
            if ru {
                let cause = match cause {
                    CheckpointCause::Time => "по checkpoint_timeout",
                    CheckpointCause::Wal => "по объёму WAL, max_wal_size",
                    CheckpointCause::Explicit => "команда CHECKPOINT",
                };
                let word = plural_word(
                    *removed_segments as f64,
                    ["сегмент", "сегмента", "сегментов"],
                    nf,
                );
                let recycled = if *recycled_segments > 0 {
                    format!(" (из них для повторного использования переименовано: {r})")
                } else {
                    String::new()
                };
                format!(
                    "Контрольная точка ({cause}) удалила {n} {word} WAL{recycled}, pg_wal = {}",
                    size(*pg_wal_bytes)
                )
            } else {
                let cause = match cause {
                    CheckpointCause::Time => "checkpoint_timeout",
                    CheckpointCause::Wal => "WAL volume, max_wal_size",
                    CheckpointCause::Explicit => "CHECKPOINT command",
                };
                let word = plural_word(
                    *removed_segments as f64,
                    ["segment", "segments", "segments"],
                    nf,
                );
                let recycled = if *recycled_segments > 0 {
                    format!(" ({r} of them recycled for reuse)")
                } else {
                    String::new()
                };
                format!(
                    "Checkpoint ({cause}) removed {n} WAL {word}{recycled}, pg_wal = {}",
                    size(*pg_wal_bytes)
                )
            }
        }
        LogKind::WalStatusChanged { slot, from, to } => {
            let name = slot_name(report, *slot);
            match (from, to, ru) {
                (None, Some(t), true) => format!("Слот {name}: wal_status = {}", t.as_str()),
                (None, Some(t), false) => format!("Slot {name}: wal_status = {}", t.as_str()),
                (_, None, true) => format!(
                    "Слот {name}: wal_status {} → NULL (слота больше нет)",
                    status_text(*from)
                ),
                (_, None, false) => format!(
                    "Slot {name}: wal_status {} → NULL (the slot is gone)",
                    status_text(*from)
                ),
                (Some(f), Some(t), true) => {
                    format!("Слот {name}: wal_status {} → {}", f.as_str(), t.as_str())
                }
                (Some(f), Some(t), false) => {
                    format!("Slot {name}: wal_status {} → {}", f.as_str(), t.as_str())
                }
            }
        }
        LogKind::AlertRaised {
            slot,
            level,
            threshold_bytes,
        } => {
            let name = slot_name(report, *slot);
            let t = size(*threshold_bytes);
            match (level, ru) {
                (AlertLevel::Warning, true) => {
                    format!("Предупреждение: слот {name} удерживает больше {t} WAL")
                }
                (AlertLevel::Critical, true) => {
                    format!("Критично: слот {name} удерживает больше {t} WAL")
                }
                (AlertLevel::Warning, false) => {
                    format!("Warning: slot {name} retains more than {t} of WAL")
                }
                (AlertLevel::Critical, false) => {
                    format!("Critical: slot {name} retains more than {t} of WAL")
                }
            }
        }
        LogKind::AlertCleared {
            slot,
            level,
            threshold_bytes,
        } => {
            let name = slot_name(report, *slot);
            let t = size(*threshold_bytes);
            match (level, ru) {
                (AlertLevel::Warning, true) => {
                    format!("Предупреждение снято: слот {name} снова удерживает не больше {t} WAL")
                }
                (AlertLevel::Critical, true) => format!(
                    "Критичное оповещение снято: слот {name} снова удерживает не больше {t} WAL"
                ),
                (AlertLevel::Warning, false) => {
                    format!("Warning cleared: slot {name} retains at most {t} of WAL again")
                }
                (AlertLevel::Critical, false) => {
                    format!("Critical alert cleared: slot {name} retains at most {t} of WAL again")
                }
            }
        }
        LogKind::SlotInvalidated {
            slot,
            restart_lsn,
            exceeds_limit_by_bytes,
        } => {
            let name = slot_name(report, *slot);
            let log = format!(
                "LOG: invalidating obsolete replication slot \"{name}\" DETAIL: The slot's restart_lsn {restart_lsn} exceeds the limit by {exceeds_limit_by_bytes} bytes."
            );
            lang.pick(
                format!("Контрольная точка аннулировала слот {name}: {log}"),
                format!("A checkpoint invalidated slot {name}: {log}"),
            )
        }
        LogKind::ConnectorStateChanged { connector, state } => {
            let name = connector_name(report, *connector);
            match (state, ru) {
                (ConnectorState::Running, true) => format!("Коннектор {name}: RUNNING"),
                (ConnectorState::Running, false) => format!("Connector {name}: RUNNING"),
                (ConnectorState::Stopped, true) => format!("Коннектор {name}: STOPPED"),
                (ConnectorState::Stopped, false) => format!("Connector {name}: STOPPED"),
                (ConnectorState::Failed, true) => format!("Коннектор {name}: FAILED"),
                (ConnectorState::Failed, false) => format!("Connector {name}: FAILED"),
                (ConnectorState::Restarting, true) => format!(
                    "Коннектор {name}: RESTARTING (повторяемая ошибка: перезапуск через retriable.restart.connector.wait.ms)"
                ),
                (ConnectorState::Restarting, false) => format!(
                    "Connector {name}: RESTARTING (a retriable error: restart after retriable.restart.connector.wait.ms)"
                ),
            }
        }
        LogKind::SlotUnusable { connector, slot } => {
            let c = connector_name(report, *connector);
            let s = slot_name(report, *slot);
            let err = format!("ERROR: can no longer get changes from replication slot \"{s}\"");
            lang.pick(
                format!(
                    "Коннектор {c}: {err} — слот аннулирован, его нужно удалить и создать заново"
                ),
                format!("Connector {c}: {err} — the slot is invalidated; drop and recreate it"),
            )
        }
        LogKind::HeartbeatFailed {
            connector,
            sqlstate,
            outcome,
        } => {
            let c = connector_name(report, *connector);
            let line = match outcome {
                HeartbeatOutcome::Logged => {
                    format!("Could not execute heartbeat action (Error: {sqlstate})")
                }
                _ => format!("Could not execute heartbeat action query (Error: {sqlstate})"),
            };
            let what = match outcome {
                HeartbeatOutcome::TaskFailed => lang.pick(
                    "задача переходит в FAILED: до Debezium 2.0 эта ошибка не повторяемая",
                    "the task goes FAILED: before Debezium 2.0 this error is not retriable",
                ),
                HeartbeatOutcome::TaskRestarts => lang.pick(
                    "ошибка связи повторяемая: задача перезапустится",
                    "a communication error is retriable: the task restarts",
                ),
                HeartbeatOutcome::PollRetried => lang.pick(
                    "RetriableException: Kafka Connect повторит опрос",
                    "RetriableException: Kafka Connect polls again",
                ),
                HeartbeatOutcome::Logged => lang.pick(
                    "ошибка только записана в лог, коннектор работает дальше",
                    "only logged; the connector carries on",
                ),
            };
            lang.pick(
                format!("Коннектор {c}: {line} — {what}"),
                format!("Connector {c}: {line} — {what}"),
            )
        }
        LogKind::SlotCreated {
            slot,
            lsn,
            by_connector,
        } => {
            let s = slot_name(report, *slot);
            match (by_connector, ru) {
                (true, true) => {
                    format!("Слот {s} создан на {lsn} коннектором (slot.name не существовал)")
                }
                (false, true) => format!("Слот {s} создан на {lsn}"),
                (true, false) => {
                    format!("Slot {s} created at {lsn} by the connector (slot.name did not exist)")
                }
                (false, false) => format!("Slot {s} created at {lsn}"),
            }
        }
        LogKind::SlotDropped { slot } => {
            let s = slot_name(report, *slot);
            lang.pick(
                format!("Слот {s} удалён (pg_drop_replication_slot)"),
                format!("Slot {s} dropped (pg_drop_replication_slot)"),
            )
        }
        LogKind::SlotCommandFailed {
            slot,
            sqlstate,
            active_pid,
        } => {
            let s = slot_name(report, *slot);
            let err = match sqlstate.as_str() {
                "55006" => format!(
                    "ERROR: replication slot \"{s}\" is active for PID {}",
                    active_pid.unwrap_or(0)
                ),
                "42704" => format!("ERROR: replication slot \"{s}\" does not exist"),
                "42710" => format!("ERROR: replication slot \"{s}\" already exists"),
                other => format!("ERROR ({other}) on replication slot \"{s}\""),
            };
            lang.pick(
                format!("Команда со слотом не выполнена: {err}"),
                format!("Slot command failed: {err}"),
            )
        }
        LogKind::DataGap {
            connector,
            from_lsn,
            to_lsn,
        } => {
            let c = connector_name(report, *connector);
            lang.pick(
                format!("Коннектор {c}: изменения между {from_lsn} и {to_lsn} пропущены без ошибки — новый слот начинается с момента создания, пропуск заполнит только снимок"),
                format!("Connector {c}: changes between {from_lsn} and {to_lsn} are skipped silently — the new slot starts at its creation; only a snapshot fills the gap"),
            )
        }
        LogKind::DiskFull { pg_wal_bytes, lsn } => {
            let line = "could not write to file \"pg_wal/xlogtemp\": No space left on device";
            lang.pick(
                format!("PANIC: диск заполнен — PostgreSQL остановлен и не запустится, пока не освободить место (pg_wal = {}, LSN {lsn}; {line})", size(*pg_wal_bytes)),
                format!("PANIC: disk full — PostgreSQL stopped and will not start until space is freed (pg_wal = {}, LSN {lsn}; {line})", size(*pg_wal_bytes)),
            )
        }
        LogKind::IgnoredServerDown { event } => {
            let n = event.saturating_add(1);
            lang.pick(
                format!("Событие сценария №{n} не выполнено: сервер остановлен"),
                format!("Scenario event #{n} not applied: the server is down"),
            )
        }
    }
}

/// What an ETA is about, as a label: `До порога предупреждения (1 ГБ)`.
pub fn eta_label(target: EtaTarget, report: &Report, nf: &dyn NumberFormat) -> String {
    let lang = nf.lang();
    match target {
        EtaTarget::Warning => {
            let t = format_bytes(report.warning_bytes, nf);
            lang.pick(
                format!("До порога предупреждения ({t})"),
                format!("Until the warning threshold ({t})"),
            )
        }
        EtaTarget::Critical => {
            let t = format_bytes(report.critical_bytes, nf);
            lang.pick(
                format!("До порога «критично» ({t})"),
                format!("Until the critical threshold ({t})"),
            )
        }
        EtaTarget::Extended => lang
            .pick("До wal_status = extended", "Until wal_status = extended")
            .to_string(),
        EtaTarget::Lost => lang
            .pick("До wal_status = lost", "Until wal_status = lost")
            .to_string(),
        EtaTarget::DiskFull => {
            let d = format_bytes(report.disk_size_bytes, nf);
            lang.pick(
                format!("До заполнения диска ({d})"),
                format!("Until the disk is full ({d})"),
            )
        }
    }
}

/// An ETA in words: `через 1 ч 25 мин`, `уже`, `никогда: слот продвигается`,
/// `за пределами сценария, ≈ через 3 сут`.
pub fn describe_eta(eta: &Eta, target: EtaTarget, nf: &dyn NumberFormat) -> String {
    let lang = nf.lang();
    match eta {
        Eta::Now => match target {
            EtaTarget::DiskFull => lang.pick("уже: диск заполнен", "already: the disk is full"),
            EtaTarget::Lost => lang.pick("уже: слот потерян", "already: the slot is lost"),
            _ => lang.pick("уже", "already"),
        }
        .to_string(),
        Eta::At { in_ms, .. } => {
            let d = format_duration_ms(*in_ms, nf);
            lang.pick(format!("через {d}"), format!("in {d}"))
        }
        Eta::Beyond { in_ms } => {
            let d = format_duration_ms(*in_ms, nf);
            lang.pick(
                format!("за пределами сценария, ≈ через {d}"),
                format!("beyond the scenario, in ≈ {d}"),
            )
        }
        Eta::Never { reason } => {
            let why = match reason {
                NeverReason::UnlimitedSlotKeep => lang.pick(
                    "max_slot_wal_keep_size = -1, слот не аннулируется",
                    "max_slot_wal_keep_size = -1, the slot is never invalidated",
                ),
                NeverReason::DiskFullFirst => {
                    lang.pick("раньше заполнится диск", "the disk fills up first")
                }
                NeverReason::SlotAdvances => lang.pick("слот продвигается", "the slot advances"),
                NeverReason::NoSlot => lang.pick("слота нет", "there is no slot"),
                NeverReason::SlotLostFirst => {
                    lang.pick("слот раньше станет lost", "the slot is lost first")
                }
                NeverReason::NoWalGrowth => lang.pick("WAL не растёт", "WAL does not grow"),
            };
            lang.pick(format!("никогда: {why}"), format!("never: {why}"))
        }
    }
}

/// The largest retained WAL of a slot over the whole series.
fn max_retained(report: &Report, slot: usize) -> Option<u64> {
    report
        .series
        .iter()
        .filter_map(|p| p.slots.get(slot))
        .filter_map(|s| s.retained_bytes.map(|r| r.max))
        .max()
}

/// The outcome at the cursor in one live sentence: the nearest of the warning, critical,
/// lost and disk-full moments (the write rate is named when it holds until then), or that
/// the slot advances, is lost, unreserved, or that the disk is full. E.g. `При записи WAL 1 МБ/с слот
/// debezium дойдёт до 5 ГБ (критично) через 1 ч 25 мин`, `Слот debezium продвигается:
/// удерживается не больше 113 МБ WAL`, `Диск заполнен: PostgreSQL остановлен — день 1 (пн),
/// 14:03:27`.
pub fn takeaway(report: &Report, slot: usize, t_ms: u64, nf: &dyn NumberFormat) -> String {
    let lang = nf.lang();
    let name = slot_name(report, slot);
    if let Some(down) = report.server_down_at_ms.filter(|d| *d <= t_ms) {
        let when = format_instant_ms(down, lang);
        return lang.pick(
            format!("Диск заполнен: PostgreSQL остановлен ({when}, PANIC) и не запустится, пока не освободить место"),
            format!("Disk full: PostgreSQL stopped ({when}, PANIC) and will not start until space is freed"),
        );
    }
    let Some(row) = report.slot_row(slot, t_ms) else {
        return lang.pick(
            format!("Слота {name} в этот момент нет"),
            format!("Slot {name} does not exist at this instant"),
        );
    };
    match row.wal_status {
        Some(WalStatus::Lost) => {
            return lang.pick(
                format!("Слот {name} потерян (wal_status = lost): нужный ему WAL удалён, слот надо пересоздать, а пропущенные изменения восстановить снимком"),
                format!("Slot {name} is lost (wal_status = lost): the WAL it needs is gone; recreate the slot and recover the missed changes with a snapshot"),
            );
        }
        Some(WalStatus::Unreserved) => {
            return lang.pick(
                format!("Слот {name} больше не защищён (wal_status = unreserved): ближайшая контрольная точка удалит его WAL, и слот станет lost"),
                format!("Slot {name} is no longer protected (wal_status = unreserved): the next checkpoint removes its WAL and the slot becomes lost"),
            );
        }
        _ => {}
    }
    let etas: Vec<(EtaTarget, Eta)> = [
        EtaTarget::Warning,
        EtaTarget::Critical,
        EtaTarget::Lost,
        EtaTarget::DiskFull,
    ]
    .into_iter()
    .map(|t| (t, report.eta(slot, t, t_ms)))
    .collect();
    let advancing = etas.iter().any(|(_, e)| {
        matches!(
            e,
            Eta::Never {
                reason: NeverReason::SlotAdvances
            }
        )
    });
    let next = etas
        .iter()
        .filter_map(|(target, eta)| match eta {
            Eta::At { in_ms, .. } => Some((*in_ms, *target, false)),
            // Extrapolated disk-full times assume a stuck slot.
            Eta::Beyond { in_ms } if !(advancing && *target == EtaTarget::DiskFull) => {
                Some((*in_ms, *target, true))
            }
            _ => None,
        })
        .min_by_key(|(in_ms, _, _)| *in_ms);
    let retained = row.retained_bytes.unwrap_or(0);
    if let Some((in_ms, target, beyond)) = next {
        let d = format_duration_ms(in_ms, nf);
        let when = match (beyond, lang) {
            (false, Lang::Ru) => format!("через {d}"),
            (false, Lang::En) => format!("in {d}"),
            (true, Lang::Ru) => format!("≈ через {d} (за пределами сценария)"),
            (true, Lang::En) => format!("in ≈ {d} (beyond the scenario)"),
        };
        let what = match (target, lang) {
            (EtaTarget::Warning, Lang::Ru) => format!(
                "дойдёт до {} (порог предупреждения) {when}",
                format_bytes(report.warning_bytes, nf)
            ),
            (EtaTarget::Warning, Lang::En) => format!(
                "reaches {} (the warning threshold) {when}",
                format_bytes(report.warning_bytes, nf)
            ),
            (EtaTarget::Critical, Lang::Ru) => format!(
                "дойдёт до {} (критично) {when}",
                format_bytes(report.critical_bytes, nf)
            ),
            (EtaTarget::Critical, Lang::En) => format!(
                "reaches {} (critical) {when}",
                format_bytes(report.critical_bytes, nf)
            ),
            (EtaTarget::Lost, Lang::Ru) => {
                format!("станет lost {when}: WAL будет удалён, слот придётся пересоздать")
            }
            (EtaTarget::Lost, Lang::En) => {
                format!("becomes lost {when}: its WAL is removed and the slot must be recreated")
            }
            (_, Lang::Ru) => format!(
                "заполнит диск pg_wal ({}) {when} — PostgreSQL остановится",
                format_bytes(report.disk_size_bytes, nf)
            ),
            (_, Lang::En) => format!(
                "fills the pg_wal disk ({}) {when} — PostgreSQL stops",
                format_bytes(report.disk_size_bytes, nf)
            ),
        };
        // Name the write rate only when it stays the same until the moment in question
        // (a quiet night before a bulk load would otherwise be blamed for it).
        let last = report.duration_ms.saturating_sub(1);
        let rate = report.curve.rate_at(t_ms.min(last));
        let then = t_ms.saturating_add(in_ms).saturating_sub(1).min(last);
        let steady = report.curve.rate_at(then) == rate;
        return if rate > 0 && steady {
            let r = format_rate(rate, nf);
            lang.pick(
                format!("При записи WAL {r} слот {name} {what}"),
                format!("At {r} of WAL, slot {name} {what}"),
            )
        } else {
            lang.pick(format!("Слот {name} {what}"), format!("Slot {name} {what}"))
        };
    }
    if advancing {
        let most = format_bytes(max_retained(report, slot).unwrap_or(retained), nf);
        return lang.pick(
            format!("Слот {name} продвигается: удерживается не больше {most} WAL"),
            format!("Slot {name} advances: it retains at most {most} of WAL"),
        );
    }
    let now = format_bytes(retained, nf);
    lang.pick(
        format!("Слот {name} удерживает {now} WAL; дальше WAL не растёт"),
        format!("Slot {name} retains {now} of WAL; WAL does not grow any further"),
    )
}

/// A parameter value as students read it: `64 КБ/с`, `1 ГБ`, `10 с`, `выкл. (0)`,
/// `без ограничения (-1)`, `день 5 (пт), 18:00`, a choice's label.
pub fn format_param_value(spec: &ParamSpec, value: ParamValue, nf: &dyn NumberFormat) -> String {
    let lang = nf.lang();
    match value {
        ParamValue::Toggle(b) => ui(if b { Ui::Yes } else { Ui::No }, lang).to_string(),
        ParamValue::Choice(c) => spec
            .choices()
            .iter()
            .find(|s| s.value == c)
            .map_or_else(|| c.to_string(), |s| s.label(lang).to_string()),
        ParamValue::Number(n) => {
            let u = n.max(0) as u64;
            match (spec.key, n) {
                ("heartbeat-interval", 0) => lang.pick("выкл. (0)", "off (0)").to_string(),
                ("max-slot-wal-keep-size", -1) => lang
                    .pick("без ограничения (-1)", "unlimited (-1)")
                    .to_string(),
                ("wal-keep-size", 0) => lang.pick("выкл. (0)", "off (0)").to_string(),
                ("outage-hours", 0) => lang.pick("без остановки", "no stop").to_string(),
                ("outage-start", _) => format_instant_ms(u.saturating_mul(HOUR_MS), lang),
                _ => match spec.unit {
                    Unit::BytesPerS => format_rate(u, nf),
                    Unit::Megabytes => format_bytes(u.saturating_mul(MB), nf),
                    Unit::Milliseconds => format_duration_ms(u, nf),
                    Unit::Seconds => format_duration_ms(u.saturating_mul(SECOND_MS), nf),
                    Unit::Hours => format_duration_ms(u.saturating_mul(HOUR_MS), nf),
                    Unit::EventsPerS => crate::scaling::text::events_per_s(n as f64, nf),
                    Unit::Bytes => format_bytes(u, nf),
                    Unit::Percent => format!("{} %", nf.decimal(n as f64, 0)),
                    Unit::None => nf.decimal(n as f64, 0),
                },
            }
        }
    }
}

/// When the shown value of `key` only approximates the preset, what the preset really does
/// and what changing the value will do; `None` when the value is exact.
pub fn approximation_note(params: &WalParams, key: &str, nf: &dyn NumberFormat) -> Option<String> {
    if !params.is_approximate(key) {
        return None;
    }
    let lang = nf.lang();
    if let Some(shape) = params.shape(key) {
        let mut text = match &shape.rate {
            RateShape::BusinessHours {
                peak_bytes_per_s,
                off_hours_bytes_per_s,
                weekend_bytes_per_s,
                start_hour,
                end_hour,
            } => {
                let r = |v: &i64| format_rate((*v).max(0) as u64, nf);
                lang.pick(
                    format!("В сценарии нагрузка по рабочим часам: {} в будни с {start_hour}:00 до {end_hour}:00, {} в остальное время, {} в выходные. Показан пик; новое значение заменит это постоянной скоростью.", r(peak_bytes_per_s), r(off_hours_bytes_per_s), r(weekend_bytes_per_s)),
                    format!("The scenario has a business-hours load: {} on weekdays from {start_hour}:00 to {end_hour}:00, {} at other times, {} at weekends. The peak is shown; a new value replaces it with a steady rate.", r(peak_bytes_per_s), r(off_hours_bytes_per_s), r(weekend_bytes_per_s)),
                )
            }
            _ => lang.pick(
                format!("В сценарии несколько потоков записи в эту базу ({}); показан первый, новое значение заменит их одним постоянным.", shape.rate_streams),
                format!("The scenario writes to this database in several streams ({}); the first is shown, and a new value replaces them with one steady stream.", shape.rate_streams),
            ),
        };
        if shape.burst_streams > 0 {
            text.push_str(lang.pick(
                " Пакетные загрузки (bursts) останутся как есть.",
                " Bulk loads (bursts) stay as they are.",
            ));
        }
        return Some(text);
    }
    Some(match key {
        "outage-start" | "outage-hours" => lang.pick(
            "В сценарии несколько остановок коннектора (или не на границе часа); показана первая, новое значение заменит их одной.",
            "The scenario stops the connector several times (or not on whole hours); the first stop is shown, and a new value replaces them with one.",
        ),
        "captured-filtered" => lang.pick(
            "В сценарии в захватываемую базу пишут и в захватываемые, и в отфильтрованные таблицы; новое значение применится ко всем потокам.",
            "The scenario writes to both captured and filtered tables of the captured database; a new value applies to every stream.",
        ),
        "heartbeat-database" => lang.pick(
            "В сценарии heartbeat выполняется в третьей базе; «другая база» выберет основную соседнюю.",
            "The scenario runs the heartbeat in a third database; \"another database\" picks the main other one.",
        ),
        _ => lang.pick(
            "Значение сценария округлено до шага параметра.",
            "The scenario's value is rounded to the parameter's step.",
        ),
    }
    .to_string())
}

/// The allowed range of a number parameter in words, for a control's caption:
/// `от 0 Б/с до 64 МБ/с`.
pub fn param_range_text(spec: &ParamSpec, nf: &dyn NumberFormat) -> Option<String> {
    let Kind::Number { min, max, .. } = spec.kind else {
        return None;
    };
    let lo = format_param_value(spec, ParamValue::Number(min), nf);
    let hi = format_param_value(spec, ParamValue::Number(max), nf);
    Some(
        nf.lang()
            .pick(format!("от {lo} до {hi}"), format!("from {lo} to {hi}")),
    )
}

/// A preset's title in `lang` (from its JSON, compiled in), `None` for an unknown preset.
pub fn preset_title(name: &str, lang: Lang) -> Option<String> {
    let raw = preset_raw(name)?;
    Some(lang.pick(raw.title.ru, raw.title.en))
}

/// A preset's description in `lang` (from its JSON, compiled in), `None` for an unknown preset.
pub fn preset_description(name: &str, lang: Lang) -> Option<String> {
    let raw = preset_raw(name)?;
    Some(lang.pick(raw.description.ru, raw.description.en))
}
