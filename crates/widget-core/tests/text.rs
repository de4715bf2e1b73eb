//! UI text: every event kind in words (both languages, checked word for word), ETAs, the
//! takeaway sentence on the shipped presets (times worked out by hand from the preset JSON),
//! the slot table, parameter values and preset titles.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use wal_model::presets::PRESETS;
use wal_model::report::{
    AlertLevel, CheckpointCause, ConnectorState, HeartbeatOutcome, NeverReason,
};
use wal_model::units::{DAY_MS, GB, HOUR_MS, MB, MINUTE_MS};
use wal_model::{Eta, EtaTarget, LogEvent, LogKind, Lsn, Report, WalStatus};
use widget_core::text::{
    approximation_note, describe_eta, describe_event, event_severity, format_param_value,
    preset_description, preset_title, slot_column_help, slot_row_cells, takeaway, ui,
    wal_status_explanation, Severity, Ui,
};
use widget_core::{spec, Lang, ParamValue, PlainFormat, WalParams, WalState};

const RU: PlainFormat = PlainFormat(Lang::Ru);
const EN: PlainFormat = PlainFormat(Lang::En);

fn report(preset: &str) -> Report {
    WalState::for_preset(preset).unwrap().report().unwrap()
}

/// Fails to compile when the model gains a log kind this file does not describe.
fn covered(kind: &LogKind) -> &'static str {
    match kind {
        LogKind::CheckpointRemovedWal { .. } => "CheckpointRemovedWal",
        LogKind::WalStatusChanged { .. } => "WalStatusChanged",
        LogKind::AlertRaised { .. } => "AlertRaised",
        LogKind::AlertCleared { .. } => "AlertCleared",
        LogKind::SlotInvalidated { .. } => "SlotInvalidated",
        LogKind::ConnectorStateChanged { .. } => "ConnectorStateChanged",
        LogKind::SlotUnusable { .. } => "SlotUnusable",
        LogKind::HeartbeatFailed { .. } => "HeartbeatFailed",
        LogKind::SlotCreated { .. } => "SlotCreated",
        LogKind::SlotDropped { .. } => "SlotDropped",
        LogKind::SlotCommandFailed { .. } => "SlotCommandFailed",
        LogKind::DataGap { .. } => "DataGap",
        LogKind::DiskFull { .. } => "DiskFull",
        LogKind::IgnoredServerDown { .. } => "IgnoredServerDown",
    }
}

/// Every kind with its expected Russian and English text; slot 0 is `debezium`, connector 0
/// `inventory-connector` (idle-db-no-heartbeat).
fn every_kind() -> Vec<(LogKind, &'static str, &'static str)> {
    vec![
        (
            // 192 MiB = 201326592 bytes.
            LogKind::CheckpointRemovedWal {
                cause: CheckpointCause::Time,
                redo_lsn: Lsn(0),
                removed_segments: 12,
                recycled_segments: 0,
                pg_wal_bytes: 192 * MB,
            },
            "Контрольная точка (по checkpoint_timeout) удалила 12 сегментов WAL, pg_wal = 192 МБ",
            "Checkpoint (checkpoint_timeout) removed 12 WAL segments, pg_wal = 192 MB",
        ),
        (
            LogKind::CheckpointRemovedWal {
                cause: CheckpointCause::Wal,
                redo_lsn: Lsn(0),
                removed_segments: 3,
                recycled_segments: 2,
                pg_wal_bytes: 48 * MB,
            },
            "Контрольная точка (по объёму WAL, max_wal_size) удалила 3 сегмента WAL (из них для повторного использования переименовано: 2), pg_wal = 48 МБ",
            "Checkpoint (WAL volume, max_wal_size) removed 3 WAL segments (2 of them recycled for reuse), pg_wal = 48 MB",
        ),
        (
            LogKind::CheckpointRemovedWal {
                cause: CheckpointCause::Explicit,
                redo_lsn: Lsn(0),
                removed_segments: 21,
                recycled_segments: 0,
                pg_wal_bytes: 16 * MB,
            },
            "Контрольная точка (команда CHECKPOINT) удалила 21 сегмент WAL, pg_wal = 16 МБ",
            "Checkpoint (CHECKPOINT command) removed 21 WAL segments, pg_wal = 16 MB",
        ),
        (
            LogKind::WalStatusChanged {
                slot: 0,
                from: Some(WalStatus::Reserved),
                to: Some(WalStatus::Extended),
            },
            "Слот debezium: wal_status reserved → extended",
            "Slot debezium: wal_status reserved → extended",
        ),
        (
            LogKind::WalStatusChanged {
                slot: 0,
                from: None,
                to: Some(WalStatus::Reserved),
            },
            "Слот debezium: wal_status = reserved",
            "Slot debezium: wal_status = reserved",
        ),
        (
            LogKind::WalStatusChanged {
                slot: 0,
                from: Some(WalStatus::Lost),
                to: None,
            },
            "Слот debezium: wal_status lost → NULL (слота больше нет)",
            "Slot debezium: wal_status lost → NULL (the slot is gone)",
        ),
        (
            LogKind::AlertRaised {
                slot: 0,
                level: AlertLevel::Critical,
                threshold_bytes: 5 * GB,
            },
            "Критично: слот debezium удерживает больше 5 ГБ WAL",
            "Critical: slot debezium retains more than 5 GB of WAL",
        ),
        (
            LogKind::AlertRaised {
                slot: 0,
                level: AlertLevel::Warning,
                threshold_bytes: GB,
            },
            "Предупреждение: слот debezium удерживает больше 1 ГБ WAL",
            "Warning: slot debezium retains more than 1 GB of WAL",
        ),
        (
            LogKind::AlertCleared {
                slot: 0,
                level: AlertLevel::Warning,
                threshold_bytes: GB,
            },
            "Предупреждение снято: слот debezium снова удерживает не больше 1 ГБ WAL",
            "Warning cleared: slot debezium retains at most 1 GB of WAL again",
        ),
        (
            // restart_lsn 0x1_00000028 prints as 1/28.
            LogKind::SlotInvalidated {
                slot: 0,
                restart_lsn: Lsn(0x1_0000_0028),
                exceeds_limit_by_bytes: 16_777_216,
            },
            "Контрольная точка аннулировала слот debezium: LOG: invalidating obsolete replication slot \"debezium\" DETAIL: The slot's restart_lsn 1/28 exceeds the limit by 16777216 bytes.",
            "A checkpoint invalidated slot debezium: LOG: invalidating obsolete replication slot \"debezium\" DETAIL: The slot's restart_lsn 1/28 exceeds the limit by 16777216 bytes.",
        ),
        (
            LogKind::ConnectorStateChanged {
                connector: 0,
                state: ConnectorState::Failed,
            },
            "Коннектор inventory-connector: FAILED",
            "Connector inventory-connector: FAILED",
        ),
        (
            LogKind::ConnectorStateChanged {
                connector: 0,
                state: ConnectorState::Restarting,
            },
            "Коннектор inventory-connector: RESTARTING (повторяемая ошибка: перезапуск через retriable.restart.connector.wait.ms)",
            "Connector inventory-connector: RESTARTING (a retriable error: restart after retriable.restart.connector.wait.ms)",
        ),
        (
            LogKind::SlotUnusable {
                connector: 0,
                slot: 0,
            },
            "Коннектор inventory-connector: ERROR: can no longer get changes from replication slot \"debezium\" — слот аннулирован, его нужно удалить и создать заново",
            "Connector inventory-connector: ERROR: can no longer get changes from replication slot \"debezium\" — the slot is invalidated; drop and recreate it",
        ),
        (
            LogKind::HeartbeatFailed {
                connector: 0,
                sqlstate: "57P01".to_string(),
                outcome: HeartbeatOutcome::TaskFailed,
            },
            "Коннектор inventory-connector: Could not execute heartbeat action query (Error: 57P01) — задача переходит в FAILED: до Debezium 2.0 эта ошибка не повторяемая",
            "Connector inventory-connector: Could not execute heartbeat action query (Error: 57P01) — the task goes FAILED: before Debezium 2.0 this error is not retriable",
        ),
        (
            // Other SQLSTATEs are only logged, with Debezium's shorter message.
            LogKind::HeartbeatFailed {
                connector: 0,
                sqlstate: "23505".to_string(),
                outcome: HeartbeatOutcome::Logged,
            },
            "Коннектор inventory-connector: Could not execute heartbeat action (Error: 23505) — ошибка только записана в лог, коннектор работает дальше",
            "Connector inventory-connector: Could not execute heartbeat action (Error: 23505) — only logged; the connector carries on",
        ),
        (
            LogKind::SlotCreated {
                slot: 0,
                lsn: Lsn(0x300_0028),
                by_connector: true,
            },
            "Слот debezium создан на 0/3000028 коннектором (slot.name не существовал)",
            "Slot debezium created at 0/3000028 by the connector (slot.name did not exist)",
        ),
        (
            LogKind::SlotDropped { slot: 0 },
            "Слот debezium удалён (pg_drop_replication_slot)",
            "Slot debezium dropped (pg_drop_replication_slot)",
        ),
        (
            LogKind::SlotCommandFailed {
                slot: 0,
                sqlstate: "55006".to_string(),
                active_pid: Some(4000),
            },
            "Команда со слотом не выполнена: ERROR: replication slot \"debezium\" is active for PID 4000",
            "Slot command failed: ERROR: replication slot \"debezium\" is active for PID 4000",
        ),
        (
            LogKind::DataGap {
                connector: 0,
                from_lsn: Lsn(0x300_0028),
                to_lsn: Lsn(0x500_0000),
            },
            "Коннектор inventory-connector: изменения между 0/3000028 и 0/5000000 пропущены без ошибки — новый слот начинается с момента создания, пропуск заполнит только снимок",
            "Connector inventory-connector: changes between 0/3000028 and 0/5000000 are skipped silently — the new slot starts at its creation; only a snapshot fills the gap",
        ),
        (
            // 10 GiB of pg_wal; LSN 0x2_83000000 prints as 2/83000000.
            LogKind::DiskFull {
                pg_wal_bytes: 10 * GB,
                lsn: Lsn(0x2_8300_0000),
            },
            "PANIC: диск заполнен — PostgreSQL остановлен и не запустится, пока не освободить место (pg_wal = 10 ГБ, LSN 2/83000000; could not write to file \"pg_wal/xlogtemp\": No space left on device)",
            "PANIC: disk full — PostgreSQL stopped and will not start until space is freed (pg_wal = 10 GB, LSN 2/83000000; could not write to file \"pg_wal/xlogtemp\": No space left on device)",
        ),
        (
            // Events are counted from 1 for people: index 2 is event №3.
            LogKind::IgnoredServerDown { event: 2 },
            "Событие сценария №3 не выполнено: сервер остановлен",
            "Scenario event #3 not applied: the server is down",
        ),
    ]
}

#[test]
fn every_event_kind_is_described_in_both_languages() {
    let r = report("idle-db-no-heartbeat");
    let mut seen = std::collections::BTreeSet::new();
    for (kind, ru, en) in every_kind() {
        seen.insert(covered(&kind));
        let e = LogEvent { t_ms: 0, kind };
        assert_eq!(describe_event(&e, &r, &RU), ru);
        assert_eq!(describe_event(&e, &r, &EN), en);
    }
    // 14 kinds in wal_model::LogKind.
    assert_eq!(seen.len(), 14, "{seen:?}");
}

#[test]
fn events_of_every_preset_read_in_both_languages() {
    for p in PRESETS {
        let r = report(p.name);
        assert!(!r.events.is_empty(), "{}", p.name);
        for e in &r.events {
            let ru = describe_event(e, &r, &RU);
            let en = describe_event(e, &r, &EN);
            assert!(!ru.is_empty() && !en.is_empty());
            assert_ne!(ru, en, "{}: {ru}", p.name);
            // An unknown slot or connector index would show as "#n" (Russian writes "№"
            // for event numbers, so "#" never appears otherwise).
            assert!(!ru.contains('#'), "{}: {ru}", p.name);
        }
    }
}

#[test]
fn severities_follow_what_breaks() {
    let sev = |k: LogKind| event_severity(&k);
    assert_eq!(
        sev(LogKind::DiskFull {
            pg_wal_bytes: 0,
            lsn: Lsn(0)
        }),
        Severity::Critical
    );
    assert_eq!(
        sev(LogKind::AlertRaised {
            slot: 0,
            level: AlertLevel::Warning,
            threshold_bytes: 1
        }),
        Severity::Warning
    );
    assert_eq!(
        sev(LogKind::WalStatusChanged {
            slot: 0,
            from: None,
            to: Some(WalStatus::Reserved)
        }),
        Severity::Info
    );
    assert_eq!(
        sev(LogKind::WalStatusChanged {
            slot: 0,
            from: Some(WalStatus::Unreserved),
            to: Some(WalStatus::Lost)
        }),
        Severity::Critical
    );
}

#[test]
fn etas_in_words() {
    let at = Eta::At {
        t_ms: 0,
        in_ms: 85 * MINUTE_MS,
    };
    assert_eq!(
        describe_eta(&at, EtaTarget::Critical, &RU),
        "через 1 ч 25 мин"
    );
    assert_eq!(describe_eta(&at, EtaTarget::Critical, &EN), "in 1 h 25 min");
    assert_eq!(describe_eta(&Eta::Now, EtaTarget::Warning, &RU), "уже");
    assert_eq!(
        describe_eta(&Eta::Now, EtaTarget::DiskFull, &EN),
        "already: the disk is full"
    );
    let never = Eta::Never {
        reason: NeverReason::SlotAdvances,
    };
    assert_eq!(
        describe_eta(&never, EtaTarget::Critical, &RU),
        "никогда: слот продвигается"
    );
    assert_eq!(
        describe_eta(&never, EtaTarget::Critical, &EN),
        "never: the slot advances"
    );
    // 3 days 5 h: the two largest units.
    let beyond = Eta::Beyond {
        in_ms: 3 * DAY_MS + 5 * HOUR_MS,
    };
    assert_eq!(
        describe_eta(&beyond, EtaTarget::DiskFull, &RU),
        "за пределами сценария, ≈ через 3 сут 5 ч"
    );
    for reason in [
        NeverReason::UnlimitedSlotKeep,
        NeverReason::DiskFullFirst,
        NeverReason::NoSlot,
        NeverReason::SlotLostFirst,
        NeverReason::NoWalGrowth,
    ] {
        let t = describe_eta(&Eta::Never { reason }, EtaTarget::Lost, &RU);
        assert!(t.starts_with("никогда: ") && t.len() > "никогда: ".len());
    }
}

#[test]
fn takeaway_on_an_idle_database_counts_down_to_each_threshold() {
    // idle-db-no-heartbeat: inventory is idle, analytics writes 1048576 B/s, the connector
    // never confirms, so retained(t) = floor(1048576 × t_ms / 1000) bytes from t = 0.
    let r = report("idle-db-no-heartbeat");
    // Warning: retained > 1 GiB = 1073741824 first at t_ms = 1024001 (1048.576 × 1024000 is
    // exactly 1 GiB, not more): 17 min 4 s.
    assert_eq!(
        takeaway(&r, 0, 0, &RU),
        "При записи WAL 1 МБ/с слот debezium дойдёт до 1 ГБ (порог предупреждения) через 17 мин 4 с"
    );
    // At 30 min the warning is already on; critical (5 GiB) first at t_ms = 5120001:
    // 5120001 − 1800000 = 3320001 ms = 55 min 20 s.
    assert_eq!(
        takeaway(&r, 0, 30 * MINUTE_MS, &RU),
        "При записи WAL 1 МБ/с слот debezium дойдёт до 5 ГБ (критично) через 55 мин 20 с"
    );
    assert_eq!(
        takeaway(&r, 0, 30 * MINUTE_MS, &EN),
        "At 1 MB/s of WAL, slot debezium reaches 5 GB (critical) in 55 min 20 s"
    );
    // The 50 GB disk holds 51200 / 16 = 3200 segment files; the slot keeps every file from
    // segment 3 (start LSN 0/3000028), so the PANIC comes when the WAL enters segment
    // 3 + 3200 = 3203, at LSN 3203 × 16777216 = 53737078784, i.e. after
    // 53737078784 − 50331688 = 53686747096 bytes = 51199999.96 ms → t = 51200000 ms
    // (14 h 13 min 20 s). From 2 h: 44000000 ms = 12 h 13 min.
    assert_eq!(
        takeaway(&r, 0, 2 * HOUR_MS, &RU),
        "При записи WAL 1 МБ/с слот debezium заполнит диск pg_wal (50 ГБ) через 12 ч 13 мин — PostgreSQL остановится"
    );
    assert_eq!(
        takeaway(&r, 0, 20 * HOUR_MS, &RU),
        "Диск заполнен: PostgreSQL остановлен (день 1 (пн), 14:13:20, PANIC) и не запустится, пока не освободить место"
    );
}

#[test]
fn takeaway_on_a_healthy_slot_says_it_advances() {
    // idle-db-heartbeat: the preset's description works out about two minutes of WAL at
    // 1 MB/s (113 MB) as the most a healthy slot retains; allow 100–130 MB.
    let r = report("idle-db-heartbeat");
    let t = takeaway(&r, 0, DAY_MS, &RU);
    let prefix = "Слот debezium продвигается: удерживается не больше ";
    assert!(t.starts_with(prefix), "{t}");
    let number: u64 = t[prefix.len()..]
        .trim_end_matches(" МБ WAL")
        .parse()
        .unwrap_or_else(|_| panic!("{t}"));
    assert!((100..=130).contains(&number), "{t}");
}

#[test]
fn takeaway_over_a_weekend_outage() {
    // weekend-outage-slot-limit: stopped Friday 18:00 (410400000 ms), 65536 B/s, limit
    // 8 GiB: 8 GiB / 64 KiB/s = 131072 s ≈ 36 h 25 min after the stop = Sunday ≈ 06:25,
    // lost at the next checkpoint. Sunday noon (day 6 + 12 h) is well after.
    let r = report("weekend-outage-slot-limit");
    let t = takeaway(&r, 0, 6 * DAY_MS + 12 * HOUR_MS, &RU);
    assert!(
        t.starts_with("Слот debezium потерян (wal_status = lost)"),
        "{t}"
    );
    // Saturday noon (day 5 + 12 h): 18 h after the stop, ≈ 4 GiB retained (warning on);
    // critical 5 GiB = 81920 s = 22 h 45 min 20 s after the stop, minus the minute or two the
    // healthy slot already held: about 4 h 43–45 min ahead.
    let t = takeaway(&r, 0, 5 * DAY_MS + 12 * HOUR_MS, &RU);
    assert!(
        t.starts_with("При записи WAL 64 КБ/с слот debezium дойдёт до 5 ГБ (критично) через 4 ч 4"),
        "{t}"
    );
    // Between unreserved and lost the takeaway warns of the next checkpoint.
    let unreserved = r
        .events
        .iter()
        .find(|e| {
            matches!(
                e.kind,
                LogKind::WalStatusChanged {
                    to: Some(WalStatus::Unreserved),
                    ..
                }
            )
        })
        .expect("the slot passes through unreserved")
        .t_ms;
    let t = takeaway(&r, 0, unreserved, &EN);
    assert!(
        t.starts_with("Slot debezium is no longer protected (wal_status = unreserved)"),
        "{t}"
    );

    // weekend-outage-disk-full: 10 GiB disk = 640 files; from the stop at Friday 18:00 the
    // slot keeps everything: 640 × 16 MiB / 64 KiB/s = 163840 s = 45 h 30 min 40 s → Sunday
    // (day 7) 15:30:40, minus the part of a segment or two already on disk: Sunday 15:2x–15:30.
    let r = report("weekend-outage-disk-full");
    let t = takeaway(&r, 0, 7 * DAY_MS, &RU);
    assert!(
        t.starts_with("Диск заполнен: PostgreSQL остановлен (день 7 (вс), 15:2")
            || t.starts_with("Диск заполнен: PostgreSQL остановлен (день 7 (вс), 15:30"),
        "{t}"
    );
}

#[test]
fn takeaway_names_the_rate_only_when_it_holds() {
    // bulk-load-burst: 16384 B/s all day, 20 MB/s from 14:00 to 14:15. At 10:00 the next
    // threshold is the warning during the load, so the quiet 16 kB/s is not named.
    let r = report("bulk-load-burst");
    let t = takeaway(&r, 0, 10 * HOUR_MS, &RU);
    assert!(
        t.starts_with("Слот debezium дойдёт до 1 ГБ (порог предупреждения) через 4 ч"),
        "{t}"
    );
}

#[test]
fn slot_table_columns_follow_the_version() {
    let r = report("weekend-outage-slot-limit");
    let row = r.slot_row(0, 6 * DAY_MS + 12 * HOUR_MS).unwrap();
    let cells = slot_row_cells(&row, 15);
    let columns: Vec<&str> = cells.iter().map(|c| c.column).collect();
    assert_eq!(
        columns,
        [
            "slot_name",
            "plugin",
            "slot_type",
            "database",
            "temporary",
            "active",
            "active_pid",
            "restart_lsn",
            "confirmed_flush_lsn",
            "wal_status",
            "safe_wal_size",
            "two_phase",
            "retained_wal"
        ]
    );
    let value = |c: &str| cells.iter().find(|x| x.column == c).unwrap().value.clone();
    // Lost: restart_lsn and safe_wal_size are NULL, and so is retained_wal.
    assert_eq!(value("wal_status").as_deref(), Some("lost"));
    assert_eq!(value("restart_lsn"), None);
    assert_eq!(value("safe_wal_size"), None);
    assert_eq!(value("retained_wal"), None);
    assert_eq!(value("active").as_deref(), Some("false"));
    assert_eq!(value("slot_name").as_deref(), Some("debezium"));
    // PostgreSQL 13 has neither two_phase; 17 adds four more columns.
    assert_eq!(slot_row_cells(&row, 13).len(), cells.len() - 1);
    assert_eq!(slot_row_cells(&row, 17).len(), cells.len() + 4);
    for c in slot_row_cells(&row, 17) {
        assert!(
            slot_column_help(c.column, Lang::Ru).is_some(),
            "{}",
            c.column
        );
        assert!(
            slot_column_help(c.column, Lang::En).is_some(),
            "{}",
            c.column
        );
    }
}

#[test]
fn fixed_strings_exist_in_both_languages() {
    for key in Ui::ALL {
        assert!(
            !ui(key, Lang::Ru).is_empty() && !ui(key, Lang::En).is_empty(),
            "{key:?}"
        );
    }
    assert_eq!(ui(Ui::Copy, Lang::Ru), "Копировать");
    assert_eq!(ui(Ui::Copied, Lang::Ru), "Скопировано");
    assert_eq!(ui(Ui::Copy, Lang::En), "Copy");
    for s in [
        WalStatus::Reserved,
        WalStatus::Extended,
        WalStatus::Unreserved,
        WalStatus::Lost,
    ] {
        let ru = wal_status_explanation(s, Lang::Ru);
        let en = wal_status_explanation(s, Lang::En);
        assert!(ru.ends_with('.') && en.ends_with('.'));
        // One sentence each.
        assert_eq!(en.matches(". ").count(), 0, "{en}");
    }
}

#[test]
fn parameter_values_read_with_units() {
    let f = |k: &str, v: ParamValue, nf: &PlainFormat| format_param_value(spec(k).unwrap(), v, nf);
    assert_eq!(
        f("captured-rate", ParamValue::Number(65_536), &RU),
        "64 КБ/с"
    );
    assert_eq!(
        f("other-rate", ParamValue::Number(1_048_576), &EN),
        "1 MB/s"
    );
    assert_eq!(
        f("heartbeat-interval", ParamValue::Number(0), &RU),
        "выкл. (0)"
    );
    assert_eq!(
        f("heartbeat-interval", ParamValue::Number(10_000), &RU),
        "10 с"
    );
    assert_eq!(
        f("max-slot-wal-keep-size", ParamValue::Number(-1), &EN),
        "unlimited (-1)"
    );
    // 8192 MB = 8 GiB.
    assert_eq!(
        f("max-slot-wal-keep-size", ParamValue::Number(8192), &RU),
        "8 ГБ"
    );
    // 114 h = day 4 (index) 18:00 = Friday: shown as day 5.
    assert_eq!(
        f("outage-start", ParamValue::Number(114), &RU),
        "день 5 (пт), 18:00"
    );
    assert_eq!(f("outage-hours", ParamValue::Number(62), &RU), "2 сут 14 ч");
    assert_eq!(
        f("checkpoint-timeout", ParamValue::Number(300), &EN),
        "5 min"
    );
    assert_eq!(
        f("heartbeat-query", ParamValue::Choice("none"), &EN),
        "none (heartbeat only)"
    );
    assert_eq!(f("captured-filtered", ParamValue::Toggle(true), &RU), "да");
}

#[test]
fn approximations_are_explained() {
    let raw = wal_model::scenario::RawScenario::from_json(
        wal_model::presets::find("month-business-hours")
            .unwrap()
            .json,
    )
    .unwrap();
    let p = WalParams::from_scenario(&raw);
    let note = approximation_note(&p, "captured-rate", &RU).unwrap();
    assert!(note.starts_with(
        "В сценарии нагрузка по рабочим часам: 4 МБ/с в будни с 9:00 до 18:00, 256 КБ/с в остальное время, 64 КБ/с в выходные."
    ), "{note}");
    assert!(approximation_note(&p, "other-rate", &RU).is_none());
    assert!(approximation_note(&p, "outage-start", &EN).is_some());
}

#[test]
fn preset_titles_come_from_the_json() {
    assert_eq!(
        preset_title("weekend-outage-slot-limit", Lang::En).as_deref(),
        Some("Connector stopped over the weekend, max_slot_wal_keep_size = 8 GB")
    );
    assert!(preset_description("idle-db-no-heartbeat", Lang::Ru)
        .unwrap()
        .starts_with("Debezium захватывает базу inventory"));
    assert_eq!(preset_title("nope", Lang::Ru), None);
    for p in PRESETS {
        for lang in Lang::ALL {
            assert!(!preset_title(p.name, lang).unwrap().is_empty());
            assert!(!preset_description(p.name, lang).unwrap().is_empty());
        }
    }
}
