//! The parameter table of `<cdc-dr-drill>` ([`DR_PARAMS`], the same [`ParamSpec`] form as the
//! other widgets) and [`DrParams`], the chosen values mapped onto dr-model's
//! [`Settings`] and [`Incident`].
//!
//! Every parameter has a fixed default (its `fallback`): the course lab (PostgreSQL 15+,
//! Kafka Connect 3.7, Debezium 2.7, one change per second, `offset.flush.interval.ms` =
//! 60 000). Only values that differ from it are written to the permalink. `snapshot.mode` is
//! not a parameter: it belongs to the connector's configuration, which the student changes in
//! the drill itself (`PUT …/config`), as in the lesson.

use crate::keymap::KeyMap;
use crate::params::{ChoiceSpec, Group, Kind, ParamSpec, ParamValue, Unit};
use crate::problem::Problem;
use dr_model::{DebeziumVersion, Incident, KafkaVersion, PgVersion, Settings};

/// The incidents a drill starts from, in lesson order (values = the scenario names).
pub const INCIDENTS: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "connector-deleted",
        label_ru: "коннектор удалён",
        label_en: "connector deleted",
    },
    ChoiceSpec {
        value: "failover-slot-lost",
        label_ru: "failover: слот потерян",
        label_en: "failover: slot lost",
    },
    ChoiceSpec {
        value: "kafka-offsets-lost",
        label_ru: "потеряны смещения в Kafka",
        label_en: "Kafka offsets lost",
    },
    ChoiceSpec {
        value: "connect-crash",
        label_ru: "падение Kafka Connect",
        label_en: "Kafka Connect crash",
    },
    ChoiceSpec {
        value: "orphaned-slot",
        label_ru: "брошенный слот",
        label_en: "orphaned slot",
    },
];

/// Kafka Connect worker versions.
pub const KAFKA_VERSIONS: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "3.4",
        label_ru: "3.4 (нет stop и /offsets)",
        label_en: "3.4 (no stop, no /offsets)",
    },
    ChoiceSpec {
        value: "3.5",
        label_ru: "3.5 (stop, GET /offsets)",
        label_en: "3.5 (stop, GET /offsets)",
    },
    ChoiceSpec {
        value: "3.6",
        label_ru: "3.6 (PATCH /offsets)",
        label_en: "3.6 (PATCH /offsets)",
    },
    ChoiceSpec {
        value: "3.7",
        label_ru: "3.7 и новее (initial_state)",
        label_en: "3.7 and newer (initial_state)",
    },
];

/// Debezium versions, as far as the start-up position check goes.
pub const DEBEZIUM_VERSIONS: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "pre-2.6",
        label_ru: "до 2.6 (без проверки позиции)",
        label_en: "before 2.6 (no position check)",
    },
    ChoiceSpec {
        value: "2.6",
        label_ru: "2.6 и новее (проверка позиции)",
        label_en: "2.6 and newer (position check)",
    },
];

/// PostgreSQL versions, as far as a position behind the slot goes.
pub const POSTGRES_VERSIONS: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "14",
        label_ru: "14 и старше",
        label_en: "14 and older",
    },
    ChoiceSpec {
        value: "15",
        label_ru: "15 и новее",
        label_en: "15 and newer",
    },
];

/// Every parameter of the DR drill, in display order.
pub static DR_PARAMS: &[ParamSpec] = &[
    ParamSpec {
        key: "incident",
        group: Group::Drill,
        label_ru: "Авария",
        label_en: "Incident",
        unit: Unit::None,
        kind: Kind::Choice(INCIDENTS),
        fallback: ParamValue::Choice("connector-deleted"),
        help_ru: "С какой аварии начинаются учения: стенд урока работал 150 с, затем случилась авария.",
        help_en: "The incident the drill starts from: the lesson's lab ran for 150 s, then the incident happened.",
        advanced: false,
    },
    ParamSpec {
        key: "change-interval",
        group: Group::Drill,
        label_ru: "Интервал изменений в базе",
        label_en: "Source change interval",
        unit: Unit::Milliseconds,
        kind: Kind::Number { min: 100, max: 60_000, step: 100 },
        fallback: ParamValue::Number(1_000),
        help_ru: "База фиксирует одно изменение раз в столько миллисекунд.",
        help_en: "The database commits one change every this many milliseconds.",
        advanced: true,
    },
    ParamSpec {
        key: "offset-flush-interval",
        group: Group::Drill,
        label_ru: "offset.flush.interval.ms",
        label_en: "offset.flush.interval.ms",
        unit: Unit::Milliseconds,
        kind: Kind::Number { min: 1_000, max: 600_000, step: 1_000 },
        fallback: ParamValue::Number(60_000),
        help_ru: "Как часто воркер фиксирует смещения в connect-offsets (по умолчанию 60 000 мс); после фиксации Debezium подтверждает LSN слоту.",
        help_en: "How often the worker commits offsets to connect-offsets (default 60,000 ms); after a commit Debezium confirms the LSN to the slot.",
        advanced: true,
    },
    ParamSpec {
        key: "kafka-version",
        group: Group::Versions,
        label_ru: "Kafka Connect",
        label_en: "Kafka Connect",
        unit: Unit::None,
        kind: Kind::Choice(KAFKA_VERSIONS),
        fallback: ParamValue::Choice("3.7"),
        help_ru: "Версия воркера: PUT …/stop и GET …/offsets появились в 3.5, PATCH и DELETE …/offsets — в 3.6 (KIP-875), поле initial_state в POST /connectors — в 3.7 (KIP-980).",
        help_en: "Worker version: PUT …/stop and GET …/offsets came in 3.5, PATCH and DELETE …/offsets in 3.6 (KIP-875), the initial_state field of POST /connectors in 3.7 (KIP-980).",
        advanced: false,
    },
    ParamSpec {
        key: "debezium-version",
        group: Group::Versions,
        label_ru: "Debezium",
        label_en: "Debezium",
        unit: Unit::None,
        kind: Kind::Choice(DEBEZIUM_VERSIONS),
        fallback: ParamValue::Choice("2.6"),
        help_ru: "С 2.6 коннектор при старте проверяет, что позиция из смещения ещё доступна в слоте; до 2.6 разрыв молчаливый.",
        help_en: "From 2.6 the connector checks at start that the offset's position is still available in the slot; before 2.6 a gap is silent.",
        advanced: false,
    },
    ParamSpec {
        key: "postgres-version",
        group: Group::Versions,
        label_ru: "PostgreSQL",
        label_en: "PostgreSQL",
        unit: Unit::None,
        kind: Kind::Choice(POSTGRES_VERSIONS),
        fallback: ParamValue::Choice("15"),
        help_ru: "Смещение позади confirmed_flush_lsn слота: 15+ начинает с confirmed_flush_lsn, 14 и старше возвращает ошибку.",
        help_en: "An offset behind the slot's confirmed_flush_lsn: 15+ starts from confirmed_flush_lsn, 14 and older returns an error.",
        advanced: true,
    },
];

/// Looks a parameter up by key.
pub fn dr_spec(key: &str) -> Option<&'static ParamSpec> {
    DR_PARAMS.iter().find(|s| s.key == key)
}

/// The incident named by a choice value.
pub fn incident_of(value: &str) -> Option<Incident> {
    let i = INCIDENTS.iter().position(|c| c.value == value)?;
    // INCIDENTS is in the order below.
    [
        Incident::ConnectorDeleted,
        Incident::FailoverSlotLost,
        Incident::KafkaOffsetsLost,
        Incident::ConnectCrash,
        Incident::OrphanedSlot,
    ]
    .get(i)
    .copied()
}

/// The choice value of an incident.
pub fn incident_value(incident: Incident) -> &'static str {
    match incident {
        Incident::ConnectorDeleted => "connector-deleted",
        Incident::FailoverSlotLost => "failover-slot-lost",
        Incident::KafkaOffsetsLost => "kafka-offsets-lost",
        Incident::ConnectCrash => "connect-crash",
        Incident::OrphanedSlot => "orphaned-slot",
    }
}

/// The chosen values (only those differing from the fallback are kept).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DrParams {
    overrides: KeyMap<ParamValue>,
}

impl DrParams {
    /// The current value of `key` (the override or the fallback).
    pub fn get(&self, key: &str) -> Option<ParamValue> {
        let spec = dr_spec(key)?;
        Some(
            self.overrides
                .get(spec.key)
                .copied()
                .unwrap_or(spec.fallback),
        )
    }

    /// Whether `key` differs from its default.
    pub fn is_overridden(&self, key: &str) -> bool {
        self.overrides.contains_key(key)
    }

    /// The values that differ from the defaults, by key.
    pub fn overrides(&self) -> &KeyMap<ParamValue> {
        &self.overrides
    }

    /// Sets a typed value; refuses what the table refuses (the old value stays).
    pub fn set(&mut self, key: &str, value: ParamValue) -> Result<(), Problem> {
        let Some(spec) = dr_spec(key) else {
            return Err(unknown_param_problem(key, &value.to_text()));
        };
        let value = spec
            .check(value)
            .map_err(|why| spec.problem(&value.to_text(), why, self.get(spec.key)))?;
        if value == spec.fallback {
            self.overrides.remove(spec.key);
        } else {
            self.overrides.insert(spec.key, value);
        }
        Ok(())
    }

    /// Parses and sets a value as written in an attribute or a link.
    pub fn set_text(&mut self, key: &str, text: &str) -> Result<(), Problem> {
        let Some(spec) = dr_spec(key) else {
            return Err(unknown_param_problem(key, text));
        };
        let value = spec
            .parse(text)
            .map_err(|why| spec.problem(text, why, self.get(spec.key)))?;
        self.set(spec.key, value)
    }

    /// Back to the defaults except the incident.
    pub fn reset_settings(&mut self) {
        self.overrides.retain(|k, _| *k == "incident");
    }

    /// The incident.
    pub fn incident(&self) -> Incident {
        self.choice("incident")
            .and_then(incident_of)
            .unwrap_or(Incident::ConnectorDeleted)
    }

    fn choice(&self, key: &str) -> Option<&'static str> {
        self.get(key).and_then(|v| v.as_choice())
    }

    fn number_u64(&self, key: &str, default: u64) -> u64 {
        self.get(key)
            .and_then(|v| v.as_number())
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(default)
    }

    /// The model's settings.
    pub fn settings(&self) -> Settings {
        Settings {
            postgres: match self.choice("postgres-version") {
                Some("14") => PgVersion::Pg14OrOlder,
                _ => PgVersion::Pg15Plus,
            },
            kafka: match self.choice("kafka-version") {
                Some("3.4") => KafkaVersion::V3_4,
                Some("3.5") => KafkaVersion::V3_5,
                Some("3.6") => KafkaVersion::V3_6,
                _ => KafkaVersion::V3_7Plus,
            },
            debezium: match self.choice("debezium-version") {
                Some("pre-2.6") => DebeziumVersion::Before2_6,
                _ => DebeziumVersion::From2_6,
            },
            change_interval_ms: self.number_u64("change-interval", 1_000),
            offset_flush_interval_ms: self.number_u64("offset-flush-interval", 60_000),
        }
    }
}

/// The problem for a key that is no parameter of the drill.
pub(crate) fn unknown_param_problem(key: &str, value: &str) -> Problem {
    let known = DR_PARAMS
        .iter()
        .map(|s| s.key)
        .chain(["preset", "cmd"])
        .collect::<Vec<_>>()
        .join(", ");
    Problem::new(
        key,
        value,
        |v| format!("неизвестный параметр (значение «{v}»); известные: {known}"),
        |v| format!("unknown parameter (value \"{v}\"); known: {known}"),
    )
}
