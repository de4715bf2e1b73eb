//! The parameter table of `<cdc-wal-sim>`: one row per parameter drives the controls, the
//! `data-*` attributes, the permalink, validation and the docs — and [`WalParams`], which
//! reads a preset's values and writes the ones a student changed back into a scenario.
//!
//! Values are plain integers in the parameter's unit (bytes/s, MB, ms, s, hours), `true` /
//! `false`, or a choice's value. A number must lie in `min..=max` and on the step grid
//! (`min + k × step`): a slider can then show every valid value exactly, and Debezium's rule
//! "heartbeat.interval.ms is 0 or at least 100" is the grid `0, 100, 200, …`.
//!
//! ## How a preset maps to the parameters (and back)
//! * **captured database** = the database of the first slot; **other database** = the first
//!   workload database that is not it (created as `analytics` when needed); **the connector**
//!   = the first connector. Parameters without such a thing show their `fallback` and
//!   [`WalParams::apply`] leaves the scenario alone for them.
//! * A preset is only changed where the student changed something: [`WalParams`] keeps the
//!   preset's values and the overrides apart, and `apply` writes only the overrides.
//! * `captured-rate` / `other-rate` show the first steady or business-hours stream of that
//!   database (business hours: the peak rate). Overriding one replaces that stream with a
//!   steady one and removes the database's other steady/business-hours streams; bursts
//!   (bulk loads) and one-off writes stay. [`WalParams::shape`] tells the widget when the
//!   preset's load is not steady, and [`WalParams::is_approximate`] when the shown value does
//!   not describe the preset exactly (so setting the same value still changes the scenario).
//! * `captured-filtered` sets the table class of every stream of the captured database.
//! * `outage-start` + `outage-hours` replace the connector's downtime list with one interval
//!   (none when `outage-hours` is 0); a preset with several intervals shows the first.
//!   An interval is cut at the scenario's end (an outage after the end is no outage).
//! * `duration` also drops what would happen after the new end (events, bursts, downtime),
//!   since the model rejects times beyond the end.
//! * `max-wal-size` lowers `min_wal_size` with it when needed (PostgreSQL's rule min ≤ max);
//!   `disk-size` lowers `other_used_mb` so that two segments still fit.
//! * Cross-parameter rules ([`WalParams::set`] refuses, batches revert): warning threshold
//!   below critical; `lsn-flush-mode = connector_and_driver` needs Debezium 3.4+;
//!   `max-wal-size` at least two WAL segments; the disk holds two segments beside other files.

use crate::keymap::KeyMap;
use crate::lang::Lang;
use crate::problem::Problem;
use serde::Serialize;
use wal_model::scenario::{
    ActionQuery, LsnFlushMode, RawInterval, RawPattern, RawScenario, RawWorkload, TableClass,
};
use wal_model::units::HOUR_MS;

/// Control groups, as a DBA thinks about them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// What writes WAL.
    Workload,
    /// `postgresql.conf`.
    Postgres,
    /// The connector and its Kafka Connect worker.
    Debezium,
    /// When the connector is down; how long the scenario runs.
    Schedule,
    /// The `pg_wal` volume.
    Disk,
    /// Alert thresholds.
    Alerts,
    /// Scaling calculator: the source's change stream.
    Source,
    /// Scaling calculator: the connectors and their queue settings.
    Connectors,
    /// Scaling calculator: Kafka partitions and the consumer group.
    Kafka,
    /// Scaling calculator: the calibration assumption.
    Calibration,
    /// DR drill: the incident and the time scale.
    Drill,
    /// DR drill: the versions of PostgreSQL, Kafka Connect and Debezium.
    Versions,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: [Group; 6] = [
        Group::Workload,
        Group::Postgres,
        Group::Debezium,
        Group::Schedule,
        Group::Disk,
        Group::Alerts,
    ];

    /// The scaling calculator's groups, in display order (`ALL` stays the WAL widget's).
    pub const SCALING: [Group; 4] = [
        Group::Source,
        Group::Connectors,
        Group::Kafka,
        Group::Calibration,
    ];

    /// The DR drill's groups, in display order.
    pub const DR: [Group; 2] = [Group::Drill, Group::Versions];

    /// The group's heading.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Group::Workload => lang.pick("Нагрузка", "Workload"),
            Group::Postgres => "PostgreSQL",
            Group::Debezium => "Debezium",
            Group::Schedule => lang.pick("Расписание коннектора", "Connector schedule"),
            Group::Disk => lang.pick("Диск", "Disk"),
            Group::Alerts => lang.pick("Оповещения", "Alerts"),
            Group::Source => lang.pick("Источник (PostgreSQL)", "Source (PostgreSQL)"),
            Group::Connectors => lang.pick("Коннекторы Debezium", "Debezium connectors"),
            Group::Kafka => lang.pick("Kafka и потребители", "Kafka and consumers"),
            Group::Calibration => lang.pick("Допущение модели", "Model assumption"),
            Group::Drill => lang.pick("Учения", "Drill"),
            Group::Versions => lang.pick("Версии", "Versions"),
        }
    }
}

/// The unit a number parameter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Bytes per second.
    BytesPerS,
    /// Megabytes (MiB, as PostgreSQL's `*_size` settings without a unit).
    Megabytes,
    /// Milliseconds.
    Milliseconds,
    /// Seconds.
    Seconds,
    /// Hours.
    Hours,
    /// Change events per second.
    EventsPerS,
    /// Bytes.
    Bytes,
    /// Per cent.
    Percent,
    /// No unit (toggles, choices).
    None,
}

impl Unit {
    /// The unit's short name: `Б/с`, `МБ`, `мс`, `с`, `ч` / `B/s`, `MB`, `ms`, `s`, `h`;
    /// empty for [`Unit::None`].
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Unit::BytesPerS => lang.pick("Б/с", "B/s"),
            Unit::Megabytes => lang.pick("МБ", "MB"),
            Unit::Milliseconds => lang.pick("мс", "ms"),
            Unit::Seconds => lang.pick("с", "s"),
            Unit::Hours => lang.pick("ч", "h"),
            Unit::EventsPerS => lang.pick("событий/с", "events/s"),
            Unit::Bytes => lang.pick("Б", "B"),
            Unit::Percent => "%",
            Unit::None => "",
        }
    }
}

/// One value of a choice parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChoiceSpec {
    /// The value as written in attributes and links.
    pub value: &'static str,
    /// Russian label.
    pub label_ru: &'static str,
    /// English label.
    pub label_en: &'static str,
}

impl ChoiceSpec {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.label_ru, self.label_en)
    }
}

/// What kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An integer in `min..=max` on the grid `min + k × step`.
    Number {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
        /// Grid step (1 = any integer).
        step: i64,
    },
    /// `true` or `false`.
    Toggle,
    /// One of the listed values.
    Choice(&'static [ChoiceSpec]),
}

/// A parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// A number in the parameter's unit.
    Number(i64),
    /// A toggle.
    Toggle(bool),
    /// A choice's value (one of the parameter's [`ChoiceSpec::value`]s).
    Choice(&'static str),
}

impl ParamValue {
    /// The value as attributes and links write it: `10000`, `true`, `emit_message`.
    pub fn to_text(&self) -> String {
        match self {
            ParamValue::Number(n) => n.to_string(),
            ParamValue::Toggle(b) => b.to_string(),
            ParamValue::Choice(c) => (*c).to_string(),
        }
    }

    /// The number, if it is one.
    pub fn as_number(&self) -> Option<i64> {
        match self {
            ParamValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The toggle, if it is one.
    pub fn as_toggle(&self) -> Option<bool> {
        match self {
            ParamValue::Toggle(b) => Some(*b),
            _ => None,
        }
    }

    /// The choice, if it is one.
    pub fn as_choice(&self) -> Option<&'static str> {
        match self {
            ParamValue::Choice(c) => Some(c),
            _ => None,
        }
    }
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// Why a value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// Not an integer at all.
    NotInteger,
    /// An integer outside `min..=max` (or too large for 64 bits).
    OutOfRange,
    /// Inside the range but off the step grid.
    OffStep,
    /// Not `true` / `false`.
    NotToggle,
    /// Not one of the choices.
    NotChoice,
}

/// One parameter: its key, where it is shown, its unit, range and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParamSpec {
    /// Kebab-case key: the `data-<key>` attribute and the `<id>.<key>` link key.
    pub key: &'static str,
    /// Control group.
    pub group: Group,
    /// Russian label.
    pub label_ru: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// Unit of a number.
    pub unit: Unit,
    /// Kind and range.
    pub kind: Kind,
    /// Used when the preset cannot supply a value (e.g. it has no connector).
    pub fallback: ParamValue,
    /// Russian help (what the setting is, what moving it shows).
    pub help_ru: &'static str,
    /// English help.
    pub help_en: &'static str,
    /// Folded under "advanced".
    pub advanced: bool,
}

impl ParamSpec {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.label_ru, self.label_en)
    }

    /// The help text in `lang`.
    pub fn help(&self, lang: Lang) -> &'static str {
        lang.pick(self.help_ru, self.help_en)
    }

    /// The attribute that sets it: `data-<key>`.
    pub fn attribute(&self) -> String {
        format!("data-{}", self.key)
    }

    /// The choices of a choice parameter (empty otherwise).
    pub fn choices(&self) -> &'static [ChoiceSpec] {
        match self.kind {
            Kind::Choice(c) => c,
            _ => &[],
        }
    }

    /// Checks a typed value (from a slider or a select).
    pub fn check(&self, value: ParamValue) -> Result<ParamValue, Rejection> {
        match (self.kind, value) {
            (Kind::Number { min, max, step }, ParamValue::Number(n)) => {
                if n < min || n > max {
                    Err(Rejection::OutOfRange)
                } else if step > 1 && (n - min) % step != 0 {
                    Err(Rejection::OffStep)
                } else {
                    Ok(value)
                }
            }
            (Kind::Number { .. }, _) => Err(Rejection::NotInteger),
            (Kind::Toggle, ParamValue::Toggle(_)) => Ok(value),
            (Kind::Toggle, _) => Err(Rejection::NotToggle),
            (Kind::Choice(choices), ParamValue::Choice(c)) => choices
                .iter()
                .find(|s| s.value == c)
                .map(|s| ParamValue::Choice(s.value))
                .ok_or(Rejection::NotChoice),
            (Kind::Choice(_), _) => Err(Rejection::NotChoice),
        }
    }

    /// Parses a value as written in an attribute or a link (surrounding whitespace ignored):
    /// a plain integer in the parameter's unit; `true`/`false` (also `1`/`0`, `on`/`off`,
    /// `yes`/`no`, any case) for toggles; a choice's value exactly.
    pub fn parse(&self, text: &str) -> Result<ParamValue, Rejection> {
        let t = text.trim();
        match self.kind {
            Kind::Number { .. } => match t.parse::<i64>() {
                Ok(n) => self.check(ParamValue::Number(n)),
                Err(_) => {
                    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
                    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                        Err(Rejection::OutOfRange)
                    } else {
                        Err(Rejection::NotInteger)
                    }
                }
            },
            Kind::Toggle => {
                let lower = t.to_ascii_lowercase();
                match lower.as_str() {
                    "true" | "1" | "on" | "yes" => Ok(ParamValue::Toggle(true)),
                    "false" | "0" | "off" | "no" => Ok(ParamValue::Toggle(false)),
                    _ => Err(Rejection::NotToggle),
                }
            }
            Kind::Choice(choices) => choices
                .iter()
                .find(|s| s.value == t)
                .map(|s| ParamValue::Choice(s.value))
                .ok_or(Rejection::NotChoice),
        }
    }

    /// What is allowed, for messages: `0 to 3600000 ms in steps of 100` / `от 0 до 3600000
    /// мс с шагом 100`; `none, emit_message, table_update`; `true or false`.
    pub fn allowed(&self, lang: Lang) -> String {
        match self.kind {
            Kind::Number { min, max, step } => {
                let unit = self.unit.label(lang);
                let unit = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                };
                let step_text = if step > 1 {
                    lang.pick(format!(" с шагом {step}"), format!(" in steps of {step}"))
                } else {
                    String::new()
                };
                lang.pick(
                    format!("от {min} до {max}{unit}{step_text}"),
                    format!("{min} to {max}{unit}{step_text}"),
                )
            }
            Kind::Toggle => lang.pick("true или false", "true or false").to_string(),
            Kind::Choice(choices) => choices
                .iter()
                .map(|c| c.value)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The problem for a refused `raw` value, saying what is used instead.
    pub fn problem(&self, raw: &str, why: Rejection, using: Option<ParamValue>) -> Problem {
        let using_ru = using.map_or(String::new(), |u| format!("; используется {u}"));
        let using_en = using.map_or(String::new(), |u| format!("; using {u}"));
        let allowed_ru = self.allowed(Lang::Ru);
        let allowed_en = self.allowed(Lang::En);
        let (min, max, step) = match self.kind {
            Kind::Number { min, max, step } => (min, max, step),
            _ => (0, 0, 1),
        };
        let unit_ru = self.unit.label(Lang::Ru);
        let unit_en = self.unit.label(Lang::En);
        Problem::new(
            self.key,
            raw,
            |v| match why {
                Rejection::NotInteger => {
                    format!("«{v}» — не целое число; допустимо: {allowed_ru}{using_ru}")
                }
                Rejection::OutOfRange => {
                    format!("«{v}» вне диапазона от {min} до {max} {unit_ru}{using_ru}")
                }
                Rejection::OffStep => {
                    format!("«{v}» не кратно шагу {step} (допустимо: {allowed_ru}){using_ru}")
                }
                Rejection::NotToggle => format!("«{v}» — не true и не false{using_ru}"),
                Rejection::NotChoice => {
                    format!("«{v}» — не одно из значений {allowed_ru}{using_ru}")
                }
            },
            |v| match why {
                Rejection::NotInteger => {
                    format!("\"{v}\" is not an integer; allowed: {allowed_en}{using_en}")
                }
                Rejection::OutOfRange => {
                    format!("\"{v}\" is not between {min} and {max} {unit_en}{using_en}")
                }
                Rejection::OffStep => {
                    format!("\"{v}\" is not a multiple of {step} (allowed: {allowed_en}){using_en}")
                }
                Rejection::NotToggle => format!("\"{v}\" is not true or false{using_en}"),
                Rejection::NotChoice => format!("\"{v}\" is not one of {allowed_en}{using_en}"),
            },
        )
    }
}

const MIB: i64 = 1024 * 1024;

/// `pg-version` choices.
pub const PG_VERSIONS: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "13",
        label_ru: "PostgreSQL 13",
        label_en: "PostgreSQL 13",
    },
    ChoiceSpec {
        value: "14",
        label_ru: "PostgreSQL 14",
        label_en: "PostgreSQL 14",
    },
    ChoiceSpec {
        value: "15",
        label_ru: "PostgreSQL 15",
        label_en: "PostgreSQL 15",
    },
    ChoiceSpec {
        value: "16",
        label_ru: "PostgreSQL 16",
        label_en: "PostgreSQL 16",
    },
    ChoiceSpec {
        value: "17",
        label_ru: "PostgreSQL 17",
        label_en: "PostgreSQL 17",
    },
];

/// `debezium-version` choices: one version on each side of the behaviour changes the model
/// knows (2.0 retriable heartbeat errors, 2.4 DBZ-6635, 3.4 `lsn.flush.mode`).
pub const DEBEZIUM_VERSIONS: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "1.9",
        label_ru: "1.9 (до 2.0)",
        label_en: "1.9 (before 2.0)",
    },
    ChoiceSpec {
        value: "2.3",
        label_ru: "2.3 (до 2.4)",
        label_en: "2.3 (before 2.4)",
    },
    ChoiceSpec {
        value: "2.7",
        label_ru: "2.7",
        label_en: "2.7",
    },
    ChoiceSpec {
        value: "3.4",
        label_ru: "3.4 (lsn.flush.mode)",
        label_en: "3.4 (lsn.flush.mode)",
    },
];

/// `heartbeat-query` choices (`heartbeat.action.query`).
pub const HEARTBEAT_QUERIES: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "none",
        label_ru: "нет (только heartbeat)",
        label_en: "none (heartbeat only)",
    },
    ChoiceSpec {
        value: "emit_message",
        label_ru: "pg_logical_emit_message",
        label_en: "pg_logical_emit_message",
    },
    ChoiceSpec {
        value: "table_update",
        label_ru: "UPDATE debezium_heartbeat",
        label_en: "UPDATE debezium_heartbeat",
    },
];

/// `heartbeat-database` choices.
pub const HEARTBEAT_DATABASES: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "captured",
        label_ru: "захватываемая база",
        label_en: "the captured database",
    },
    ChoiceSpec {
        value: "other",
        label_ru: "другая база",
        label_en: "another database",
    },
];

/// `lsn-flush-mode` choices (`lsn.flush.mode`, Debezium 3.4+).
pub const LSN_FLUSH_MODES: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "connector",
        label_ru: "connector",
        label_en: "connector",
    },
    ChoiceSpec {
        value: "connector_and_driver",
        label_ru: "connector_and_driver (3.4+)",
        label_en: "connector_and_driver (3.4+)",
    },
];

/// Every parameter of `<cdc-wal-sim>`, in display (and link) order.
pub static WAL_PARAMS: &[ParamSpec] = &[
    ParamSpec {
        key: "captured-rate",
        group: Group::Workload,
        label_ru: "Запись в захватываемую базу",
        label_en: "Writes to the captured database",
        unit: Unit::BytesPerS,
        kind: Kind::Number { min: 0, max: 64 * MIB, step: 1024 },
        fallback: ParamValue::Number(0),
        help_ru: "Сколько WAL в секунду пишет база, которую декодирует слот: её изменения получает коннектор. 0 — база простаивает. Если в сценарии нагрузка по рабочим часам, показана пиковая скорость, а новое значение заменит её постоянной.",
        help_en: "How much WAL per second the database the slot decodes writes: the connector receives its changes. 0 means the database is idle. If the scenario has a business-hours load, the peak rate is shown, and a new value replaces it with a steady one.",
        advanced: false,
    },
    ParamSpec {
        key: "captured-filtered",
        group: Group::Workload,
        label_ru: "Пишут только в таблицы вне table.include.list",
        label_en: "Only tables outside table.include.list are written",
        unit: Unit::None,
        kind: Kind::Toggle,
        fallback: ParamValue::Toggle(false),
        help_ru: "Коннектор получает эти изменения и отбрасывает их: в Kafka ничего не уходит, смещение не фиксируется, и без heartbeat слот удерживает WAL.",
        help_en: "The connector receives these changes and drops them: nothing reaches Kafka, no offset is committed, and without a heartbeat the slot retains WAL.",
        advanced: true,
    },
    ParamSpec {
        key: "other-rate",
        group: Group::Workload,
        label_ru: "Запись в другую базу",
        label_en: "Writes to another database",
        unit: Unit::BytesPerS,
        kind: Kind::Number { min: 0, max: 64 * MIB, step: 1024 },
        fallback: ParamValue::Number(0),
        help_ru: "WAL другой базы того же кластера, которую коннектор не захватывает. WAL общий для кластера, а логическое декодирование — по базе: этот WAL слот удерживает, но коннектор его не видит и подтверждать ему нечего. Если такой базы в сценарии нет, она появится как analytics.",
        help_en: "WAL of another database in the same cluster, which the connector does not capture. WAL is shared by the cluster, but logical decoding is per database: the slot retains this WAL, yet the connector never sees it and has nothing to confirm. If the scenario has no such database, it is added as analytics.",
        advanced: false,
    },
    ParamSpec {
        key: "pg-version",
        group: Group::Postgres,
        label_ru: "Версия PostgreSQL",
        label_en: "PostgreSQL version",
        unit: Unit::None,
        kind: Kind::Choice(PG_VERSIONS),
        fallback: ParamValue::Choice("15"),
        help_ru: "В PostgreSQL 13 pgoutput не передаёт логические сообщения (pg_logical_emit_message) — это появилось в 14. От версии зависят и столбцы pg_replication_slots (two_phase с 14, conflicting с 16, invalidation_reason с 17).",
        help_en: "On PostgreSQL 13 pgoutput does not pass logical messages (pg_logical_emit_message) on; that came in 14. The pg_replication_slots columns depend on the version too (two_phase from 14, conflicting from 16, invalidation_reason from 17).",
        advanced: false,
    },
    ParamSpec {
        key: "max-wal-size",
        group: Group::Postgres,
        label_ru: "max_wal_size",
        label_en: "max_wal_size",
        unit: Unit::Megabytes,
        kind: Kind::Number { min: 64, max: 65_536, step: 1 },
        fallback: ParamValue::Number(1024),
        help_ru: "Мягкий предел WAL между контрольными точками (по умолчанию 1 ГБ): при таком объёме контрольная точка начинается раньше срока. Слот, удерживающий больше max_wal_size, получает wal_status = extended.",
        help_en: "The soft limit of WAL between checkpoints (1 GB by default): at this volume a checkpoint starts early. A slot retaining more than max_wal_size gets wal_status = extended.",
        advanced: false,
    },
    ParamSpec {
        key: "max-slot-wal-keep-size",
        group: Group::Postgres,
        label_ru: "max_slot_wal_keep_size",
        label_en: "max_slot_wal_keep_size",
        unit: Unit::Megabytes,
        kind: Kind::Number { min: -1, max: 1_048_576, step: 1 },
        fallback: ParamValue::Number(-1),
        help_ru: "Сколько WAL слоту разрешено удерживать. -1 (по умолчанию) — без ограничения, и диск может заполниться. При превышении wal_status = unreserved, а ближайшая контрольная точка удаляет WAL: слот становится lost, его надо пересоздать.",
        help_en: "How much WAL a slot may retain. -1 (the default) means no limit, and the disk can fill up. Beyond it wal_status = unreserved, and the next checkpoint removes the WAL: the slot becomes lost and must be recreated.",
        advanced: false,
    },
    ParamSpec {
        key: "wal-keep-size",
        group: Group::Postgres,
        label_ru: "wal_keep_size",
        label_en: "wal_keep_size",
        unit: Unit::Megabytes,
        kind: Kind::Number { min: 0, max: 65_536, step: 1 },
        fallback: ParamValue::Number(0),
        help_ru: "WAL, который хранится для реплик независимо от слотов; 0 (по умолчанию) — выключено. Применяется после ограничения max_slot_wal_keep_size.",
        help_en: "WAL kept for standbys regardless of slots; 0 (the default) disables it. Applied after the max_slot_wal_keep_size cap.",
        advanced: true,
    },
    ParamSpec {
        key: "checkpoint-timeout",
        group: Group::Postgres,
        label_ru: "checkpoint_timeout",
        label_en: "checkpoint_timeout",
        unit: Unit::Seconds,
        kind: Kind::Number { min: 30, max: 86_400, step: 1 },
        fallback: ParamValue::Number(300),
        help_ru: "Время между автоматическими контрольными точками (по умолчанию 5 мин). WAL удаляется только в конце контрольной точки, и тогда же слот может стать lost.",
        help_en: "Time between automatic checkpoints (5 min by default). WAL is removed only at the end of a checkpoint, and that is also when a slot can become lost.",
        advanced: true,
    },
    ParamSpec {
        key: "debezium-version",
        group: Group::Debezium,
        label_ru: "Версия Debezium",
        label_en: "Debezium version",
        unit: Unit::None,
        kind: Kind::Choice(DEBEZIUM_VERSIONS),
        fallback: ParamValue::Choice("2.7"),
        help_ru: "До 2.0 ошибка heartbeat.action.query после переключения (57P01) переводит задачу в FAILED, с 2.0 задача перезапускается. До 2.4 heartbeat не отправляется, пока после старта не придёт первое событие. lsn.flush.mode — с 3.4.",
        help_en: "Before 2.0 a heartbeat.action.query error after a failover (57P01) turns the task FAILED; from 2.0 the task restarts. Before 2.4 no heartbeat is sent until the first event after a start. lsn.flush.mode exists from 3.4.",
        advanced: false,
    },
    ParamSpec {
        key: "heartbeat-interval",
        group: Group::Debezium,
        label_ru: "heartbeat.interval.ms",
        label_en: "heartbeat.interval.ms",
        unit: Unit::Milliseconds,
        kind: Kind::Number { min: 0, max: 3_600_000, step: 100 },
        fallback: ParamValue::Number(0),
        help_ru: "Как часто коннектор отправляет heartbeat (и выполняет heartbeat.action.query); 0 — выключено (по умолчанию). Heartbeat несёт последний полученный LSN, и коннектор подтверждает его без новых событий — но только если через слот что-то пришло.",
        help_en: "How often the connector sends a heartbeat (and runs heartbeat.action.query); 0 turns it off (the default). A heartbeat carries the last LSN received, so the connector confirms it without new events — but only if something came through the slot.",
        advanced: false,
    },
    ParamSpec {
        key: "heartbeat-query",
        group: Group::Debezium,
        label_ru: "heartbeat.action.query",
        label_en: "heartbeat.action.query",
        unit: Unit::None,
        kind: Kind::Choice(HEARTBEAT_QUERIES),
        fallback: ParamValue::Choice("none"),
        help_ru: "Запрос, который коннектор выполняет при каждом heartbeat, чтобы через слот прошло событие. pg_logical_emit_message не требует таблицы (pgoutput передаёт сообщения с PostgreSQL 14); для UPDATE нужна таблица в публикации и в table.include.list.",
        help_en: "A statement the connector runs with every heartbeat so that an event comes through the slot. pg_logical_emit_message needs no table (pgoutput passes messages on from PostgreSQL 14); the UPDATE needs a table in the publication and in table.include.list.",
        advanced: false,
    },
    ParamSpec {
        key: "heartbeat-database",
        group: Group::Debezium,
        label_ru: "База, где выполняется heartbeat",
        label_en: "Database the heartbeat runs in",
        unit: Unit::None,
        kind: Kind::Choice(HEARTBEAT_DATABASES),
        fallback: ParamValue::Choice("captured"),
        help_ru: "Debezium выполняет heartbeat.action.query в своей базе (database.dbname). «Другая база» показывает heartbeat, который пишет не туда — например, задание pg_cron в соседней базе: слот такие сообщения отбрасывает.",
        help_en: "Debezium runs heartbeat.action.query in its own database (database.dbname). \"Another database\" shows a heartbeat written to the wrong place — for example a pg_cron job in the database next door: the slot drops such messages.",
        advanced: true,
    },
    ParamSpec {
        key: "lsn-flush-mode",
        group: Group::Debezium,
        label_ru: "lsn.flush.mode",
        label_en: "lsn.flush.mode",
        unit: Unit::None,
        kind: Kind::Choice(LSN_FLUSH_MODES),
        fallback: ParamValue::Choice("connector"),
        help_ru: "Debezium 3.4+: connector_and_driver разрешает драйверу pgjdbc подтверждать LSN из keep-alive сообщений сервера, и слот продвигается даже без событий в захватываемой базе.",
        help_en: "Debezium 3.4+: connector_and_driver lets the pgjdbc driver confirm the LSN of the server's keep-alive messages, so the slot advances even with no events in the captured database.",
        advanced: true,
    },
    ParamSpec {
        key: "offset-flush-interval",
        group: Group::Debezium,
        label_ru: "offset.flush.interval.ms (Kafka Connect)",
        label_en: "offset.flush.interval.ms (Kafka Connect)",
        unit: Unit::Milliseconds,
        kind: Kind::Number { min: 1_000, max: 3_600_000, step: 1_000 },
        fallback: ParamValue::Number(60_000),
        help_ru: "Настройка воркера Kafka Connect (по умолчанию 60 000 мс): как часто фиксируются смещения. Debezium подтверждает LSN только после фиксации, поэтому даже исправный слот удерживает WAL примерно за этот интервал.",
        help_en: "A Kafka Connect worker setting (60,000 ms by default): how often offsets are committed. Debezium confirms an LSN only after a commit, so even a healthy slot retains about this interval's WAL.",
        advanced: true,
    },
    ParamSpec {
        key: "outage-start",
        group: Group::Schedule,
        label_ru: "Остановка коннектора: через сколько часов",
        label_en: "Connector stop: hours after the start",
        unit: Unit::Hours,
        kind: Kind::Number { min: 0, max: 720, step: 1 },
        fallback: ParamValue::Number(114),
        help_ru: "Когда коннектор останавливают, в часах от начала сценария (он начинается в понедельник в 00:00; 114 ч — пятница, 18:00).",
        help_en: "When the connector is stopped, in hours from the start of the scenario (which starts on a Monday at 00:00; 114 h is Friday 18:00).",
        advanced: false,
    },
    ParamSpec {
        key: "outage-hours",
        group: Group::Schedule,
        label_ru: "Длительность остановки",
        label_en: "Stop duration",
        unit: Unit::Hours,
        kind: Kind::Number { min: 0, max: 720, step: 1 },
        fallback: ParamValue::Number(0),
        help_ru: "Сколько часов коннектор не работает; 0 — без остановки. Всё это время слот удерживает весь новый WAL.",
        help_en: "How many hours the connector is down; 0 means no stop. All that time the slot retains all new WAL.",
        advanced: false,
    },
    ParamSpec {
        key: "duration",
        group: Group::Schedule,
        label_ru: "Длительность сценария",
        label_en: "Scenario duration",
        unit: Unit::Hours,
        kind: Kind::Number { min: 1, max: 720, step: 1 },
        fallback: ParamValue::Number(72),
        help_ru: "Сколько часов моделировать (до 30 суток). Если сократить, всё, что происходит после нового конца, отбрасывается.",
        help_en: "How many hours to simulate (up to 30 days). When shortened, whatever happens after the new end is dropped.",
        advanced: false,
    },
    ParamSpec {
        key: "disk-size",
        group: Group::Disk,
        label_ru: "Размер диска pg_wal",
        label_en: "pg_wal disk size",
        unit: Unit::Megabytes,
        kind: Kind::Number { min: 1024, max: 1_048_576, step: 1024 },
        fallback: ParamValue::Number(102_400),
        help_ru: "Том, на котором лежит pg_wal. Когда WAL его заполняет, PostgreSQL аварийно останавливается (PANIC) и не запустится, пока не освободить место.",
        help_en: "The volume that holds pg_wal. When WAL fills it, PostgreSQL stops with a PANIC and will not start until space is freed.",
        advanced: false,
    },
    ParamSpec {
        key: "warning-threshold",
        group: Group::Alerts,
        label_ru: "Порог предупреждения",
        label_en: "Warning threshold",
        unit: Unit::Megabytes,
        kind: Kind::Number { min: 1, max: 1_048_576, step: 1 },
        fallback: ParamValue::Number(1024),
        help_ru: "Предупреждение, когда слот удерживает больше этого объёма WAL (в курсе — 1 ГБ). Должен быть ниже критического порога.",
        help_en: "A warning when a slot retains more WAL than this (1 GB in the course). Must be below the critical threshold.",
        advanced: false,
    },
    ParamSpec {
        key: "critical-threshold",
        group: Group::Alerts,
        label_ru: "Порог «критично»",
        label_en: "Critical threshold",
        unit: Unit::Megabytes,
        kind: Kind::Number { min: 1, max: 1_048_576, step: 1 },
        fallback: ParamValue::Number(5120),
        help_ru: "Критичное оповещение, когда слот удерживает больше этого объёма WAL (в курсе — 5 ГБ).",
        help_en: "A critical alert when a slot retains more WAL than this (5 GB in the course).",
        advanced: false,
    },
];

/// Looks a parameter up by key.
pub fn spec(key: &str) -> Option<&'static ParamSpec> {
    WAL_PARAMS.iter().find(|s| s.key == key)
}

/// The shape of a workload rate the preset gives a database (what `captured-rate` /
/// `other-rate` stand for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RateShape {
    /// No steady or business-hours stream: the rate is 0.
    Absent,
    /// A steady rate: the parameter describes it exactly.
    Steady,
    /// Business hours: the parameter shows the peak.
    BusinessHours {
        /// Rate in business hours on weekdays.
        peak_bytes_per_s: i64,
        /// Rate outside business hours on weekdays.
        off_hours_bytes_per_s: i64,
        /// Rate at weekends.
        weekend_bytes_per_s: i64,
        /// First business hour.
        start_hour: i64,
        /// End of business hours.
        end_hour: i64,
    },
}

/// How the preset loads one database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkloadShape {
    /// The database's name (`None`: the scenario has no such database yet).
    pub database: Option<String>,
    /// Its first steady or business-hours stream.
    pub rate: RateShape,
    /// How many steady/business-hours streams it has (an override merges them into one).
    pub rate_streams: usize,
    /// How many burst streams it has (kept by an override).
    pub burst_streams: usize,
}

/// The value of every parameter for one preset: the preset's own values and the validated
/// overrides a student (or a page author, or a link) set. Only overrides are written back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WalParams {
    preset: KeyMap<ParamValue>,
    overrides: KeyMap<ParamValue>,
    approximate: KeyMap<()>,
    captured: WorkloadShape,
    other: WorkloadShape,
    segment_mb: i64,
    disk_other_used_mb: i64,
}

/// Name given to the other database when a scenario has none.
pub const OTHER_DATABASE_DEFAULT: &str = "analytics";

fn is_rate_pattern(p: &RawPattern) -> bool {
    matches!(
        p,
        RawPattern::Steady { .. } | RawPattern::BusinessHours { .. }
    )
}

fn shape_of(raw: &RawScenario, database: Option<&str>) -> (WorkloadShape, Option<i64>) {
    let streams: Vec<&RawWorkload> = match database {
        Some(db) => raw
            .workload
            .iter()
            .filter(|w| w.database.as_deref() == Some(db))
            .collect(),
        None => Vec::new(),
    };
    let rate_streams: Vec<&&RawWorkload> = streams
        .iter()
        .filter(|w| is_rate_pattern(&w.pattern))
        .collect();
    let (rate, value) = match rate_streams.first().map(|w| &w.pattern) {
        Some(RawPattern::Steady { bytes_per_s }) => (RateShape::Steady, Some(*bytes_per_s)),
        Some(RawPattern::BusinessHours {
            peak_bytes_per_s,
            off_hours_bytes_per_s,
            weekend_bytes_per_s,
            start_hour,
            end_hour,
        }) => (
            RateShape::BusinessHours {
                peak_bytes_per_s: *peak_bytes_per_s,
                off_hours_bytes_per_s: *off_hours_bytes_per_s,
                weekend_bytes_per_s: *weekend_bytes_per_s,
                start_hour: *start_hour,
                end_hour: *end_hour,
            },
            Some(*peak_bytes_per_s),
        ),
        _ => (RateShape::Absent, None),
    };
    (
        WorkloadShape {
            database: database.map(str::to_string),
            rate,
            rate_streams: rate_streams.len(),
            burst_streams: streams.len() - rate_streams.len(),
        },
        value,
    )
}

fn captured_database(raw: &RawScenario) -> Option<&str> {
    raw.slots.first().map(|s| s.database.as_str())
}

fn other_database(raw: &RawScenario) -> Option<&str> {
    let captured = captured_database(raw);
    raw.workload
        .iter()
        .filter_map(|w| w.database.as_deref())
        .find(|d| Some(*d) != captured)
}

/// The name the other database gets: the scenario's, or `analytics` (`analytics_2` if the
/// captured database is itself called `analytics`).
fn other_database_name(raw: &RawScenario) -> String {
    match other_database(raw) {
        Some(d) => d.to_string(),
        None if captured_database(raw) == Some(OTHER_DATABASE_DEFAULT) => {
            format!("{OTHER_DATABASE_DEFAULT}_2")
        }
        None => OTHER_DATABASE_DEFAULT.to_string(),
    }
}

fn choice_for(choices: &'static [ChoiceSpec], value: &str) -> Option<ParamValue> {
    choices
        .iter()
        .find(|c| c.value == value)
        .map(|c| ParamValue::Choice(c.value))
}

/// `MAJOR.MINOR` of a version string like `2.7` or `2.7.3.Final`.
fn major_minor(version: &str) -> String {
    version
        .trim()
        .split('.')
        .take(2)
        .collect::<Vec<_>>()
        .join(".")
}

fn action_query_name(q: ActionQuery) -> &'static str {
    match q {
        ActionQuery::None => "none",
        ActionQuery::EmitMessage => "emit_message",
        ActionQuery::TableUpdate => "table_update",
    }
}

fn lsn_flush_mode_name(m: LsnFlushMode) -> &'static str {
    match m {
        LsnFlushMode::Connector => "connector",
        LsnFlushMode::ConnectorAndDriver => "connector_and_driver",
    }
}

/// A rule between parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conflict {
    /// warning-threshold ≥ critical-threshold.
    Thresholds,
    /// connector_and_driver before Debezium 3.4.
    LsnFlushMode,
    /// max-wal-size below two WAL segments.
    MaxWalSize,
    /// disk-size leaves no room for two segments beside other files.
    DiskSize,
    /// So many WAL-triggered checkpoints that one simulation would take seconds in a
    /// browser (see [`MAX_ESTIMATED_CHECKPOINTS`]).
    TooManyCheckpoints,
}

/// The most WAL-triggered checkpoints a widget will simulate for one input
/// ([`WalParams::estimated_wal_checkpoints`]). The engine's cost grows with them (about
/// 5 million a second natively, slower in WebAssembly): 200 000 keeps the worst case near
/// 0.1 s per recompute. Beyond it PostgreSQL itself would log "checkpoints are occurring too
/// frequently"; the student is asked to raise `max_wal_size` or shorten the scenario.
pub const MAX_ESTIMATED_CHECKPOINTS: u64 = 200_000;

impl Conflict {
    /// The keys involved; the first is reverted first (the one that depends on the other).
    fn keys(self) -> &'static [&'static str] {
        match self {
            Conflict::Thresholds => &["critical-threshold", "warning-threshold"],
            Conflict::LsnFlushMode => &["lsn-flush-mode", "debezium-version"],
            Conflict::MaxWalSize => &["max-wal-size"],
            Conflict::DiskSize => &["disk-size"],
            Conflict::TooManyCheckpoints => {
                &["max-wal-size", "captured-rate", "other-rate", "duration"]
            }
        }
    }
}

impl WalParams {
    /// Every parameter at its fallback, no preset behind it.
    pub fn fallback() -> WalParams {
        let mut preset = KeyMap::new();
        for s in WAL_PARAMS {
            preset.insert(s.key, s.fallback);
        }
        WalParams {
            preset,
            overrides: KeyMap::new(),
            approximate: KeyMap::new(),
            captured: WorkloadShape {
                database: None,
                rate: RateShape::Absent,
                rate_streams: 0,
                burst_streams: 0,
            },
            other: WorkloadShape {
                database: None,
                rate: RateShape::Absent,
                rate_streams: 0,
                burst_streams: 0,
            },
            segment_mb: 16,
            disk_other_used_mb: 0,
        }
    }

    /// Reads each parameter's value from a scenario (see the module docs for the mapping);
    /// no overrides.
    pub fn from_scenario(raw: &RawScenario) -> WalParams {
        let mut p = WalParams::fallback();
        let mut put = |key: &'static str, value: Option<ParamValue>| {
            if let Some(v) = value {
                p.preset.insert(key, v);
            }
        };
        let n = |v: i64| Some(ParamValue::Number(v));

        let captured = captured_database(raw);
        let (captured_shape, captured_rate) = shape_of(raw, captured);
        let (other_shape, other_rate) = shape_of(raw, other_database(raw));
        put(
            "captured-rate",
            n(captured_rate.unwrap_or(0)).filter(|_| captured.is_some()),
        );
        put(
            "captured-filtered",
            captured
                .and_then(|db| {
                    raw.workload
                        .iter()
                        .find(|w| w.database.as_deref() == Some(db))
                })
                .map(|w| ParamValue::Toggle(w.tables == TableClass::Filtered)),
        );
        put("other-rate", n(other_rate.unwrap_or(0)));

        let pg = &raw.postgres;
        put(
            "pg-version",
            choice_for(PG_VERSIONS, &pg.version.to_string()),
        );
        put("max-wal-size", n(pg.max_wal_size_mb));
        put("max-slot-wal-keep-size", n(pg.max_slot_wal_keep_size_mb));
        put("wal-keep-size", n(pg.wal_keep_size_mb));
        put("checkpoint-timeout", n(pg.checkpoint_timeout_s));

        let hour = HOUR_MS as i64;
        if let Some(k) = raw.connectors.first() {
            put(
                "debezium-version",
                choice_for(DEBEZIUM_VERSIONS, &major_minor(&k.debezium_version)),
            );
            put("heartbeat-interval", n(k.heartbeat.interval_ms));
            put(
                "heartbeat-query",
                choice_for(
                    HEARTBEAT_QUERIES,
                    action_query_name(k.heartbeat.action_query),
                ),
            );
            let elsewhere = k
                .heartbeat
                .target_database
                .as_deref()
                .is_some_and(|t| Some(t) != captured);
            put(
                "heartbeat-database",
                choice_for(
                    HEARTBEAT_DATABASES,
                    if elsewhere { "other" } else { "captured" },
                ),
            );
            put(
                "lsn-flush-mode",
                choice_for(LSN_FLUSH_MODES, lsn_flush_mode_name(k.lsn_flush_mode)),
            );
            put("offset-flush-interval", n(k.offset_flush_interval_ms));
            match k.downtime.first() {
                Some(d) => {
                    let from = d.from_ms.max(0);
                    let len = d.to_ms.saturating_sub(from).max(0);
                    // Shown in whole hours: start rounded down, length rounded up.
                    put("outage-start", n(from / hour));
                    put("outage-hours", n(len.saturating_add(hour - 1) / hour));
                }
                None => put("outage-hours", n(0)),
            }
        }
        put(
            "duration",
            n(raw.duration_ms.max(0).saturating_add(hour - 1) / hour),
        );
        put("disk-size", n(raw.disk.size_mb));
        put("warning-threshold", n(raw.alerts.warning_mb));
        put("critical-threshold", n(raw.alerts.critical_mb));

        // Values that do not describe the preset exactly.
        let inexact_rate = |s: &WorkloadShape| {
            s.rate_streams > 1 || matches!(s.rate, RateShape::BusinessHours { .. })
        };
        if inexact_rate(&captured_shape) {
            p.approximate.insert("captured-rate", ());
        }
        if inexact_rate(&other_shape) {
            p.approximate.insert("other-rate", ());
        }
        if let Some(k) = raw.connectors.first() {
            let whole = |d: &RawInterval| d.from_ms % hour == 0 && d.to_ms % hour == 0;
            if k.downtime.len() > 1 || k.downtime.first().is_some_and(|d| !whole(d)) {
                p.approximate.insert("outage-start", ());
                p.approximate.insert("outage-hours", ());
            }
            if k.heartbeat
                .target_database
                .as_deref()
                .is_some_and(|t| Some(t) != captured && Some(t) != other_database(raw))
            {
                p.approximate.insert("heartbeat-database", ());
            }
        }
        let mixed_tables = captured.is_some_and(|db| {
            let mut classes = raw
                .workload
                .iter()
                .filter(|w| w.database.as_deref() == Some(db))
                .map(|w| w.tables);
            let first = classes.next();
            classes.any(|c| Some(c) != first)
        });
        if mixed_tables {
            p.approximate.insert("captured-filtered", ());
        }
        if raw.duration_ms % hour != 0 {
            p.approximate.insert("duration", ());
        }
        p.captured = captured_shape;
        p.other = other_shape;
        p.segment_mb = raw.postgres.wal_segment_size_mb;
        p.disk_other_used_mb = raw.disk.other_used_mb;
        p
    }

    /// The current value: the override, else the preset's value.
    pub fn get(&self, key: &str) -> Option<ParamValue> {
        self.overrides
            .get(key)
            .or_else(|| self.preset.get(key))
            .copied()
    }

    /// The current number of a number parameter (`None` for other kinds or unknown keys).
    pub fn number(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|v| v.as_number())
    }

    /// The preset's value (or the fallback where the preset has none).
    pub fn preset_value(&self, key: &str) -> Option<ParamValue> {
        self.preset.get(key).copied()
    }

    /// True if the key was set by a student, an attribute or a link.
    pub fn is_overridden(&self, key: &str) -> bool {
        self.overrides.contains_key(key)
    }

    /// The overrides, by key.
    pub fn overrides(&self) -> &KeyMap<ParamValue> {
        &self.overrides
    }

    /// True if the preset's value of `key` only approximates the preset (a business-hours
    /// load shown by its peak, several downtime intervals shown by the first, …): setting
    /// the same value still changes the scenario.
    pub fn is_approximate(&self, key: &str) -> bool {
        self.approximate.contains_key(key)
    }

    /// How the preset loads the captured (`captured-rate`) or other (`other-rate`) database;
    /// `None` for other keys.
    pub fn shape(&self, key: &str) -> Option<&WorkloadShape> {
        match key {
            "captured-rate" => Some(&self.captured),
            "other-rate" => Some(&self.other),
            _ => None,
        }
    }

    /// A rough upper bound of the checkpoints WAL volume triggers over the scenario:
    /// (captured + other rate, peaks for business hours) × duration ÷ `CheckPointSegments`
    /// (max_wal_size in segments ÷ 1.9, at least 1) segments. The simulation's cost grows
    /// with it: measured natively at about 5 million per second (64 MB/s in both databases
    /// for 30 days with max_wal_size = 64 MB is ~10 million: 2 s). A widget can use it to
    /// warn or to simulate off the input event.
    pub fn estimated_wal_checkpoints(&self) -> u64 {
        let num = |k: &str| self.number(k).unwrap_or(0).max(0) as u128;
        let rate = num("captured-rate") + num("other-rate");
        let seconds = num("duration") * (HOUR_MS as u128 / 1000);
        let seg_mb = self.segment_mb.max(1) as u128;
        let segments = (num("max-wal-size") / seg_mb * 10 / 19).max(1);
        let per_checkpoint = segments * seg_mb * 1024 * 1024;
        u64::try_from(rate * seconds / per_checkpoint).unwrap_or(u64::MAX)
    }

    fn store(&mut self, spec: &'static ParamSpec, value: ParamValue) {
        if self.preset.get(spec.key) == Some(&value) && !self.approximate.contains_key(spec.key) {
            self.overrides.remove(spec.key);
        } else {
            self.overrides.insert(spec.key, value);
        }
    }

    fn violated(&self) -> Vec<Conflict> {
        let mut out = Vec::new();
        let num = |k: &str| self.number(k).unwrap_or(0);
        if num("warning-threshold") >= num("critical-threshold") {
            out.push(Conflict::Thresholds);
        }
        let version = self
            .get("debezium-version")
            .and_then(|v| v.as_choice())
            .unwrap_or("2.7");
        let new_enough = {
            let mut it = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
            let v = (it.next().unwrap_or(0), it.next().unwrap_or(0));
            v >= (3, 4)
        };
        if self.get("lsn-flush-mode") == Some(ParamValue::Choice("connector_and_driver"))
            && !new_enough
        {
            out.push(Conflict::LsnFlushMode);
        }
        if num("max-wal-size") < 2 * self.segment_mb {
            out.push(Conflict::MaxWalSize);
        }
        if num("disk-size") < self.disk_other_used_mb.saturating_add(2 * self.segment_mb) {
            out.push(Conflict::DiskSize);
        }
        if self.estimated_wal_checkpoints() > MAX_ESTIMATED_CHECKPOINTS {
            out.push(Conflict::TooManyCheckpoints);
        }
        out
    }

    fn conflict_problem(
        &self,
        conflict: Conflict,
        key: &str,
        raw: &str,
        using: ParamValue,
        checkpoints: u64,
    ) -> Problem {
        let get = |k: &str| self.get(k).map_or(String::new(), |v| v.to_text());
        let seg2 = 2 * self.segment_mb;
        let room = self.disk_other_used_mb.saturating_add(seg2);
        Problem::new(
            key,
            raw,
            |v| {
                match (conflict, key) {
                (Conflict::Thresholds, "critical-threshold") => format!(
                    "«{v}» должен быть больше warning-threshold ({}); используется {using}",
                    get("warning-threshold")
                ),
                (Conflict::Thresholds, _) => format!(
                    "«{v}» должен быть меньше critical-threshold ({}); используется {using}",
                    get("critical-threshold")
                ),
                (Conflict::LsnFlushMode, "lsn-flush-mode") => format!(
                    "«{v}» требует debezium-version 3.4 или новее (сейчас {}); используется {using}",
                    get("debezium-version")
                ),
                (Conflict::LsnFlushMode, _) => format!(
                    "«{v}» старше 3.4, а lsn-flush-mode = connector_and_driver есть только с 3.4; используется {using}"
                ),
                (Conflict::MaxWalSize, _) => format!(
                    "«{v}» меньше двух сегментов WAL ({seg2} МБ); используется {using}"
                ),
                (Conflict::DiskSize, _) => format!(
                    "«{v}» не вмещает два сегмента WAL рядом с другими файлами ({room} МБ); используется {using}"
                ),
                (Conflict::TooManyCheckpoints, _) => format!(
                    "«{v}»: контрольных точек по объёму WAL было бы ≈ {checkpoints} (больше {MAX_ESTIMATED_CHECKPOINTS}); увеличьте max-wal-size или сократите duration; используется {using}"
                ),
            }
            },
            |v| {
                match (conflict, key) {
                (Conflict::Thresholds, "critical-threshold") => format!(
                    "\"{v}\" must be above warning-threshold ({}); using {using}",
                    get("warning-threshold")
                ),
                (Conflict::Thresholds, _) => format!(
                    "\"{v}\" must be below critical-threshold ({}); using {using}",
                    get("critical-threshold")
                ),
                (Conflict::LsnFlushMode, "lsn-flush-mode") => format!(
                    "\"{v}\" needs debezium-version 3.4 or newer (now {}); using {using}",
                    get("debezium-version")
                ),
                (Conflict::LsnFlushMode, _) => format!(
                    "\"{v}\" is older than 3.4, and lsn-flush-mode connector_and_driver exists only from 3.4; using {using}"
                ),
                (Conflict::MaxWalSize, _) => format!(
                    "\"{v}\" is less than two WAL segments ({seg2} MB); using {using}"
                ),
                (Conflict::DiskSize, _) => format!(
                    "\"{v}\" does not hold two WAL segments beside the other files ({room} MB); using {using}"
                ),
                (Conflict::TooManyCheckpoints, _) => format!(
                    "\"{v}\" would need about {checkpoints} WAL-triggered checkpoints (more than {MAX_ESTIMATED_CHECKPOINTS}); raise max-wal-size or shorten duration; using {using}"
                ),
            }
            },
        )
    }

    /// Sets one parameter from a control. Refuses (and changes nothing) when the value is
    /// invalid or breaks a rule between parameters; the problem says why.
    pub fn set(&mut self, key: &str, value: ParamValue) -> Result<(), Problem> {
        let Some(spec) = spec(key) else {
            return Err(unknown_key_problem(key, &value.to_text()));
        };
        let raw = value.to_text();
        let checked = spec
            .check(value)
            .map_err(|why| spec.problem(&raw, why, self.get(spec.key)))?;
        self.set_checked(spec, checked, &raw)
    }

    /// Sets a parameter from text (an input field): see [`ParamSpec::parse`].
    pub fn set_text(&mut self, key: &str, text: &str) -> Result<(), Problem> {
        let Some(spec) = spec(key) else {
            return Err(unknown_key_problem(key, text));
        };
        let value = spec
            .parse(text)
            .map_err(|why| spec.problem(text, why, self.get(spec.key)))?;
        self.set_checked(spec, value, text)
    }

    fn set_checked(
        &mut self,
        spec: &'static ParamSpec,
        value: ParamValue,
        raw: &str,
    ) -> Result<(), Problem> {
        let before = self.overrides.clone();
        let old = self.get(spec.key).unwrap_or(spec.fallback);
        self.store(spec, value);
        if let Some(conflict) = self
            .violated()
            .into_iter()
            .find(|c| c.keys().contains(&spec.key))
        {
            let checkpoints = self.estimated_wal_checkpoints();
            self.overrides = before;
            return Err(self.conflict_problem(conflict, spec.key, raw, old, checkpoints));
        }
        Ok(())
    }

    /// Sets several parameters at once (attributes, a link): each value is checked on its
    /// own, then the rules between parameters are checked on the result, so the order of the
    /// items does not matter. A value that fails is not applied (the previous value stays)
    /// and yields a problem; unknown keys yield problems too. Later duplicates win.
    pub fn set_texts<'a>(
        &mut self,
        items: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Vec<Problem> {
        let before = self.overrides.clone();
        let mut problems = Vec::new();
        let mut changed: KeyMap<String> = KeyMap::new();
        for (key, text) in items {
            let Some(spec) = spec(key) else {
                problems.push(unknown_key_problem(key, text));
                continue;
            };
            match spec.parse(text) {
                Ok(v) => {
                    self.store(spec, v);
                    changed.insert(spec.key, text.to_string());
                }
                Err(why) => problems.push(spec.problem(text, why, self.get(spec.key))),
            }
        }
        // Revert changed keys until no rule is broken; the state before was consistent, so
        // reverting everything changed always ends it.
        while let Some((conflict, key)) = self.violated().into_iter().find_map(|c| {
            c.keys()
                .iter()
                .find(|k| changed.contains_key(k))
                .map(|k| (c, *k))
        }) {
            let text = changed.remove(key).unwrap_or_default();
            let checkpoints = self.estimated_wal_checkpoints();
            match before.get(key) {
                Some(v) => {
                    self.overrides.insert(key, *v);
                }
                None => {
                    self.overrides.remove(key);
                }
            }
            let using = self.get(key).unwrap_or(ParamValue::Number(0));
            problems.push(self.conflict_problem(conflict, key, &text, using, checkpoints));
        }
        problems
    }

    /// Drops the override of `key` (back to the preset's value). Refused if that breaks a
    /// rule between parameters (e.g. the preset's warning threshold above an overridden
    /// critical one).
    pub fn reset(&mut self, key: &str) -> Result<(), Problem> {
        match self.preset_value(key) {
            Some(v) if self.is_overridden(key) => {
                let before = self.overrides.clone();
                self.overrides.remove(key);
                if let Some(c) = self
                    .violated()
                    .into_iter()
                    .find(|c| c.keys().contains(&key))
                {
                    let checkpoints = self.estimated_wal_checkpoints();
                    self.overrides = before;
                    let using = self.get(key).unwrap_or(v);
                    return Err(self.conflict_problem(c, key, &v.to_text(), using, checkpoints));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Drops every override.
    pub fn reset_all(&mut self) {
        self.overrides.clear();
    }

    /// Writes the overridden values into a scenario (normally the preset these parameters
    /// were read from); see the module docs for the mapping.
    pub fn apply(&self, raw: &mut RawScenario) {
        let ov = |k: &str| self.overrides.get(k).copied();
        let num = |k: &str| ov(k).and_then(|v| v.as_number());
        let hour = HOUR_MS as i64;

        if let Some(h) = num("duration") {
            raw.duration_ms = h.saturating_mul(hour);
            clip_to_end(raw, raw.duration_ms);
        }
        let end = raw.duration_ms;

        // PostgreSQL
        if let Some(v) = ov("pg-version")
            .and_then(|v| v.as_choice())
            .and_then(|c| c.parse::<i64>().ok())
        {
            raw.postgres.version = v;
        }
        if let Some(v) = num("max-wal-size") {
            raw.postgres.max_wal_size_mb = v;
            raw.postgres.min_wal_size_mb = raw.postgres.min_wal_size_mb.min(v);
        }
        if let Some(v) = num("max-slot-wal-keep-size") {
            raw.postgres.max_slot_wal_keep_size_mb = v;
        }
        if let Some(v) = num("wal-keep-size") {
            raw.postgres.wal_keep_size_mb = v;
        }
        if let Some(v) = num("checkpoint-timeout") {
            raw.postgres.checkpoint_timeout_s = v;
        }

        // Disk and alerts
        if let Some(v) = num("disk-size") {
            raw.disk.size_mb = v;
            let room = v
                .saturating_sub(2 * raw.postgres.wal_segment_size_mb)
                .max(0);
            raw.disk.other_used_mb = raw.disk.other_used_mb.min(room);
        }
        if let Some(v) = num("warning-threshold") {
            raw.alerts.warning_mb = v;
        }
        if let Some(v) = num("critical-threshold") {
            raw.alerts.critical_mb = v;
        }

        // Workload
        let captured = captured_database(raw).map(str::to_string);
        let other = other_database_name(raw);
        if let Some(db) = &captured {
            if let Some(rate) = num("captured-rate") {
                set_steady_rate(raw, db, rate);
            }
            if let Some(filtered) = ov("captured-filtered").and_then(|v| v.as_toggle()) {
                let class = if filtered {
                    TableClass::Filtered
                } else {
                    TableClass::Captured
                };
                for w in raw
                    .workload
                    .iter_mut()
                    .filter(|w| w.database.as_deref() == Some(db.as_str()))
                {
                    w.tables = class;
                }
            }
        }
        if let Some(rate) = num("other-rate") {
            set_steady_rate(raw, &other, rate);
        }

        // The connector
        let Some(k) = raw.connectors.first_mut() else {
            return;
        };
        if let Some(v) = ov("debezium-version").and_then(|v| v.as_choice()) {
            k.debezium_version = v.to_string();
        }
        if let Some(v) = num("heartbeat-interval") {
            k.heartbeat.interval_ms = v;
        }
        if let Some(v) = ov("heartbeat-query").and_then(|v| v.as_choice()) {
            k.heartbeat.action_query = match v {
                "emit_message" => ActionQuery::EmitMessage,
                "table_update" => ActionQuery::TableUpdate,
                _ => ActionQuery::None,
            };
        }
        if let Some(v) = ov("heartbeat-database").and_then(|v| v.as_choice()) {
            k.heartbeat.target_database = (v == "other").then(|| other.clone());
        }
        if let Some(v) = ov("lsn-flush-mode").and_then(|v| v.as_choice()) {
            k.lsn_flush_mode = if v == "connector_and_driver" {
                LsnFlushMode::ConnectorAndDriver
            } else {
                LsnFlushMode::Connector
            };
        }
        if let Some(v) = num("offset-flush-interval") {
            k.offset_flush_interval_ms = v;
        }
        if ov("outage-start").is_some() || ov("outage-hours").is_some() {
            let start = self.number("outage-start").unwrap_or(0).max(0);
            let hours = self.number("outage-hours").unwrap_or(0).max(0);
            let from = start.saturating_mul(hour).min(end);
            let to = start.saturating_add(hours).saturating_mul(hour).min(end);
            k.downtime = if hours > 0 && to > from {
                vec![RawInterval {
                    from_ms: from,
                    to_ms: to,
                }]
            } else {
                Vec::new()
            };
        }
    }
}

fn unknown_key_problem(key: &str, raw: &str) -> Problem {
    let known = WAL_PARAMS
        .iter()
        .map(|s| s.key)
        .collect::<Vec<_>>()
        .join(", ");
    Problem::new(
        key,
        raw,
        |v| format!("неизвестный параметр (значение «{v}»); известные: {known}"),
        |v| format!("unknown parameter (value \"{v}\"); known: {known}"),
    )
}

/// Replaces the steady / business-hours streams of `db` with one steady stream (keeping the
/// first one's table class and position); bursts stay.
fn set_steady_rate(raw: &mut RawScenario, db: &str, rate: i64) {
    let tables = raw
        .workload
        .iter()
        .find(|w| w.database.as_deref() == Some(db))
        .map_or(TableClass::Captured, |w| w.tables);
    let mut seen = false;
    raw.workload.retain_mut(|w| {
        if w.database.as_deref() != Some(db) || !is_rate_pattern(&w.pattern) {
            return true;
        }
        if seen {
            return false;
        }
        seen = true;
        w.pattern = RawPattern::Steady { bytes_per_s: rate };
        true
    });
    if !seen && rate > 0 {
        raw.workload.push(RawWorkload {
            database: Some(db.to_string()),
            tables,
            pattern: RawPattern::Steady { bytes_per_s: rate },
        });
    }
}

/// Drops or cuts what happens after `end` (the model accepts no time beyond the end).
fn clip_to_end(raw: &mut RawScenario, end: i64) {
    for w in &mut raw.workload {
        if let RawPattern::Bursts { bursts } = &mut w.pattern {
            bursts.retain(|b| b.from_ms < end);
            for b in bursts.iter_mut() {
                b.to_ms = b.to_ms.min(end);
            }
        }
    }
    for s in &mut raw.slots {
        s.created_at_ms = s.created_at_ms.min(end);
    }
    for k in &mut raw.connectors {
        k.start_ms = k.start_ms.min(end);
        k.downtime.retain(|d| d.from_ms < end);
        for d in k.downtime.iter_mut() {
            d.to_ms = d.to_ms.min(end);
        }
    }
    raw.events.retain(|e| e.at_ms() <= end);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_on_the_grid() {
        let hb = spec("heartbeat-interval").unwrap();
        assert_eq!(hb.parse(" 10000 "), Ok(ParamValue::Number(10_000)));
        assert_eq!(hb.parse("0"), Ok(ParamValue::Number(0)));
        // 50 is in 0..=3600000 but not on the 100-grid: Debezium's "0 or ≥ 100" rule.
        assert_eq!(hb.parse("50"), Err(Rejection::OffStep));
        assert_eq!(hb.parse("-5"), Err(Rejection::OutOfRange));
        assert_eq!(hb.parse("3600100"), Err(Rejection::OutOfRange));
        assert_eq!(
            hb.parse("99999999999999999999999"),
            Err(Rejection::OutOfRange)
        );
        assert_eq!(hb.parse("abc"), Err(Rejection::NotInteger));
        assert_eq!(hb.parse("1e4"), Err(Rejection::NotInteger));
        assert_eq!(hb.parse(""), Err(Rejection::NotInteger));
        assert_eq!(hb.parse("10 s"), Err(Rejection::NotInteger));
        let t = spec("captured-filtered").unwrap();
        assert_eq!(t.parse("TRUE"), Ok(ParamValue::Toggle(true)));
        assert_eq!(t.parse("off"), Ok(ParamValue::Toggle(false)));
        assert_eq!(t.parse("maybe"), Err(Rejection::NotToggle));
        let c = spec("heartbeat-query").unwrap();
        assert_eq!(
            c.parse("emit_message"),
            Ok(ParamValue::Choice("emit_message"))
        );
        assert_eq!(c.parse("EMIT_MESSAGE"), Err(Rejection::NotChoice));
        assert_eq!(c.check(ParamValue::Number(1)), Err(Rejection::NotChoice));
    }

    #[test]
    fn problems_quote_the_value_and_the_range() {
        let hb = spec("heartbeat-interval").unwrap();
        let p = hb.problem(
            "-5",
            Rejection::OutOfRange,
            Some(ParamValue::Number(10_000)),
        );
        assert_eq!(
            p.message_en,
            "heartbeat-interval: \"-5\" is not between 0 and 3600000 ms; using 10000"
        );
        assert_eq!(
            p.message_ru,
            "heartbeat-interval: «-5» вне диапазона от 0 до 3600000 мс; используется 10000"
        );
        let p = hb.problem("abc", Rejection::NotInteger, Some(ParamValue::Number(0)));
        assert_eq!(
            p.message_en,
            "heartbeat-interval: \"abc\" is not an integer; allowed: 0 to 3600000 ms in steps of 100; using 0"
        );
        let q = spec("heartbeat-query").unwrap();
        let p = q.problem("x", Rejection::NotChoice, Some(ParamValue::Choice("none")));
        assert_eq!(
            p.message_en,
            "heartbeat-query: \"x\" is not one of none, emit_message, table_update; using none"
        );
    }
}
