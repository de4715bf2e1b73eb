//! The parameter table of `<cdc-scaling-calc>` ([`SCALING_PARAMS`], the same [`ParamSpec`]
//! form as the WAL widget's) and [`ScalingParams`], which reads a scaling preset's values and
//! writes the ones a student changed back into a [`RawConfig`].
//!
//! ## How a preset maps to the parameters (and back)
//! * `profile`, `rate`, `peak-rate`: the source profile. `peak-rate` is the daily peak or the
//!   burst rate; a steady preset shows three times its rate there (used when the student picks
//!   `daily` or `burst`). Switching to `steady` drops the peak, peak hour and burst fields.
//! * `event-size` sets every table set's average Kafka record size.
//! * `connectors` = N: the table sets are split among `min(N, table sets)` connectors made from
//!   the first one (largest share first to the least-loaded connector, as the model's own
//!   comparison does), each with its own name, `topic.prefix`, slot and publication.
//! * `connector-kind`, `tasks-max`, `max-queue-size`, `max-batch-size`, `poll-interval` are
//!   written to every connector; the Kafka and consumer parameters to `kafka`;
//!   `calibration` to `calibration.single_connector_events_per_s` — the "~7,000 events/s"
//!   rule of thumb, an adjustable assumption, not a measurement.
//! * A preset is only changed where the student changed something: `apply` writes only the
//!   overrides. Whether the result is a valid config is the model's call
//!   ([`crate::scaling::ScalingState::set`] refuses values the model rejects).

use crate::keymap::KeyMap;
use crate::params::{ChoiceSpec, Group, Kind, ParamSpec, ParamValue, Unit};
use crate::problem::Problem;
use scaling_model::{RawCalibration, RawConfig, RawConnector, RawKafka};

/// The source profiles.
pub const PROFILES: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "steady",
        label_ru: "постоянная нагрузка",
        label_en: "steady",
    },
    ChoiceSpec {
        value: "daily",
        label_ru: "суточный цикл (пик днём)",
        label_en: "daily cycle (daytime peak)",
    },
    ChoiceSpec {
        value: "burst",
        label_ru: "всплеск (30 мин)",
        label_en: "burst (30 min)",
    },
];

/// The connector types the calculator offers.
pub const CONNECTOR_KINDS: &[ChoiceSpec] = &[
    ChoiceSpec {
        value: "postgresql",
        label_ru: "PostgreSQL",
        label_en: "PostgreSQL",
    },
    ChoiceSpec {
        value: "sqlserver",
        label_ru: "SQL Server",
        label_en: "SQL Server",
    },
];

/// Every parameter of the scaling calculator, in display order.
pub static SCALING_PARAMS: &[ParamSpec] = &[
    ParamSpec {
        key: "rate",
        group: Group::Source,
        label_ru: "Поток изменений (базовый)",
        label_en: "Change rate (base)",
        unit: Unit::EventsPerS,
        kind: Kind::Number { min: 0, max: 200_000, step: 100 },
        fallback: ParamValue::Number(3000),
        help_ru: "Сколько событий изменения в секунду порождает сервер: постоянно, ночью (суточный цикл) или вне всплеска.",
        help_en: "Change events per second the server produces: all the time, at night (daily cycle) or outside the burst.",
        advanced: false,
    },
    ParamSpec {
        key: "profile",
        group: Group::Source,
        label_ru: "Профиль нагрузки",
        label_en: "Load profile",
        unit: Unit::None,
        kind: Kind::Choice(PROFILES),
        fallback: ParamValue::Choice("steady"),
        help_ru: "Постоянный поток, суточный цикл с пиком в 14:00 или один всплеск через час после начала.",
        help_en: "A steady stream, a daily cycle peaking at 14:00, or one burst an hour after the start.",
        advanced: false,
    },
    ParamSpec {
        key: "peak-rate",
        group: Group::Source,
        label_ru: "Пик / всплеск",
        label_en: "Peak / burst",
        unit: Unit::EventsPerS,
        kind: Kind::Number { min: 0, max: 200_000, step: 100 },
        fallback: ParamValue::Number(9000),
        help_ru: "Поток в пиковый час (суточный цикл) или во время всплеска; не меньше базового. При постоянной нагрузке не используется.",
        help_en: "The rate at the peak hour (daily cycle) or during the burst; at least the base rate. Not used by a steady load.",
        advanced: false,
    },
    ParamSpec {
        key: "event-size",
        group: Group::Source,
        label_ru: "Средний размер события",
        label_en: "Average event size",
        unit: Unit::Bytes,
        kind: Kind::Number { min: 64, max: 65_536, step: 64 },
        fallback: ParamValue::Number(1024),
        help_ru: "Размер записи в Kafka. Часть затрат задачи растёт с размером: крупные события снижают её пропускную способность.",
        help_en: "The Kafka record size. Part of a task's cost grows with size: large events lower its throughput.",
        advanced: true,
    },
    ParamSpec {
        key: "connectors",
        group: Group::Connectors,
        label_ru: "Число коннекторов",
        label_en: "Number of connectors",
        unit: Unit::None,
        kind: Kind::Number { min: 1, max: 8, step: 1 },
        fallback: ParamValue::Number(1),
        help_ru: "Наборы таблиц делятся между коннекторами (не больше, чем наборов). У каждого свой слот, публикация и topic.prefix; каждый слот декодирует весь WAL базы.",
        help_en: "The table sets are split among the connectors (at most one per set). Each has its own slot, publication and topic.prefix; every slot decodes the database's whole WAL.",
        advanced: false,
    },
    ParamSpec {
        key: "connector-kind",
        group: Group::Connectors,
        label_ru: "Тип коннектора",
        label_en: "Connector type",
        unit: Unit::None,
        kind: Kind::Choice(CONNECTOR_KINDS),
        fallback: ParamValue::Choice("postgresql"),
        help_ru: "Коннектор PostgreSQL всегда запускает одну задачу. SQL Server (Debezium 1.9+) — до одной задачи на базу из database.names.",
        help_en: "The PostgreSQL connector always runs one task. SQL Server (Debezium 1.9+) runs up to one task per database in database.names.",
        advanced: false,
    },
    ParamSpec {
        key: "tasks-max",
        group: Group::Connectors,
        label_ru: "tasks.max",
        label_en: "tasks.max",
        unit: Unit::None,
        kind: Kind::Number { min: 1, max: 16, step: 1 },
        fallback: ParamValue::Number(1),
        help_ru: "Верхняя граница числа задач. Коннектор PostgreSQL её принимает, но всё равно запускает одну задачу.",
        help_en: "An upper bound on the number of tasks. The PostgreSQL connector accepts it but still runs one task.",
        advanced: false,
    },
    ParamSpec {
        key: "max-queue-size",
        group: Group::Connectors,
        label_ru: "max.queue.size",
        label_en: "max.queue.size",
        unit: Unit::None,
        kind: Kind::Number { min: 256, max: 131_072, step: 256 },
        fallback: ParamValue::Number(8192),
        help_ru: "Очередь событий между потоком чтения и Kafka Connect; должна быть больше max.batch.size (лучше вдвое).",
        help_en: "The event queue between the streaming thread and Kafka Connect; must be larger than max.batch.size (twice is better).",
        advanced: false,
    },
    ParamSpec {
        key: "max-batch-size",
        group: Group::Connectors,
        label_ru: "max.batch.size",
        label_en: "max.batch.size",
        unit: Unit::None,
        kind: Kind::Number { min: 128, max: 65_536, step: 128 },
        fallback: ParamValue::Number(2048),
        help_ru: "Событий в одной пачке: крупнее пачка — меньше накладных расходов на событие (выигрыш не больше +25 %).",
        help_en: "Events per batch: larger batches spread the per-batch overhead (the gain is at most +25 %).",
        advanced: false,
    },
    ParamSpec {
        key: "poll-interval",
        group: Group::Connectors,
        label_ru: "poll.interval.ms",
        label_en: "poll.interval.ms",
        unit: Unit::Milliseconds,
        kind: Kind::Number { min: 50, max: 5000, step: 50 },
        fallback: ParamValue::Number(500),
        help_ru: "Сколько ждать неполную пачку. Пропускную способность не меняет, меняет задержку при малой нагрузке.",
        help_en: "How long to wait for a partial batch. It does not change throughput; it changes latency at low load.",
        advanced: true,
    },
    ParamSpec {
        key: "partitions",
        group: Group::Kafka,
        label_ru: "Партиций",
        label_en: "Partitions",
        unit: Unit::None,
        kind: Kind::Number { min: 1, max: 256, step: 1 },
        fallback: ParamValue::Number(1),
        help_ru: "Партиций в топиках изменений. Потребителей в группе работает не больше, чем партиций.",
        help_en: "Partitions of the change topics. No more consumers of a group work than there are partitions.",
        advanced: false,
    },
    ParamSpec {
        key: "consumers",
        group: Group::Kafka,
        label_ru: "Потребителей в группе",
        label_en: "Consumers in the group",
        unit: Unit::None,
        kind: Kind::Number { min: 1, max: 256, step: 1 },
        fallback: ParamValue::Number(1),
        help_ru: "Лишние (больше числа партиций) простаивают.",
        help_en: "Those beyond the number of partitions sit idle.",
        advanced: false,
    },
    ParamSpec {
        key: "consumer-rate",
        group: Group::Kafka,
        label_ru: "Скорость одного потребителя",
        label_en: "Rate of one consumer",
        unit: Unit::EventsPerS,
        kind: Kind::Number { min: 100, max: 200_000, step: 100 },
        fallback: ParamValue::Number(10_000),
        help_ru: "Сколько событий в секунду обрабатывает один потребитель.",
        help_en: "Events per second one consumer processes.",
        advanced: false,
    },
    ParamSpec {
        key: "hot-key",
        group: Group::Kafka,
        label_ru: "Доля горячего ключа",
        label_en: "Hot-key share",
        unit: Unit::Percent,
        kind: Kind::Number { min: 0, max: 100, step: 1 },
        fallback: ParamValue::Number(0),
        help_ru: "Доля событий с одним ключом (одна строка). Все они идут в одну партицию к одному потребителю — его не разделить.",
        help_en: "The share of events with one key (one row). They all go to one partition and one consumer, which cannot be split.",
        advanced: true,
    },
    ParamSpec {
        key: "calibration",
        group: Group::Calibration,
        label_ru: "Один коннектор по умолчанию (допущение)",
        label_en: "One connector at defaults (assumption)",
        unit: Unit::EventsPerS,
        kind: Kind::Number { min: 500, max: 100_000, step: 100 },
        fallback: ParamValue::Number(7000),
        help_ru: "«Около 7 000 событий/с на коннектор» — расхожая оценка без первоисточника (ближайший замер — около 6 000 оп/с). Это допущение модели: подставьте своё, измеренное.",
        help_en: "\"About 7,000 events/s per connector\" is a rule of thumb with no primary source (the nearest measurement is about 6,000 ops/s). It is the model's assumption: put in your own measurement.",
        advanced: false,
    },
];

/// Looks a scaling parameter up by key.
pub fn scaling_spec(key: &str) -> Option<&'static ParamSpec> {
    SCALING_PARAMS.iter().find(|s| s.key == key)
}

fn choice(choices: &'static [ChoiceSpec], value: &str) -> Option<ParamValue> {
    choices
        .iter()
        .find(|c| c.value == value)
        .map(|c| ParamValue::Choice(c.value))
}

fn int(x: f64) -> i64 {
    if x.is_finite() {
        x.round() as i64
    } else {
        0
    }
}

/// A preset's parameter values and the student's overrides.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScalingParams {
    preset: KeyMap<ParamValue>,
    overrides: KeyMap<ParamValue>,
}

impl ScalingParams {
    /// Every parameter at its fallback.
    pub fn fallback() -> ScalingParams {
        let mut preset = KeyMap::new();
        for s in SCALING_PARAMS {
            preset.insert(s.key, s.fallback);
        }
        ScalingParams {
            preset,
            overrides: KeyMap::new(),
        }
    }

    /// Reads a preset's values.
    pub fn from_config(raw: &RawConfig) -> ScalingParams {
        let mut p = ScalingParams::fallback();
        let mut put = |key: &'static str, v: ParamValue| {
            p.preset.insert(key, v);
        };
        let profile = &raw.source.profile;
        if let Some(v) = choice(PROFILES, &profile.kind) {
            put("profile", v);
        }
        let rate = int(profile.rate_events_per_s);
        put("rate", ParamValue::Number(rate));
        let peak = profile
            .peak_events_per_s
            .map_or_else(|| rate.saturating_mul(3).min(200_000), int);
        put("peak-rate", ParamValue::Number(peak));
        if let Some(size) = raw
            .source
            .table_sets
            .first()
            .and_then(|t| t.avg_event_size_bytes)
        {
            put("event-size", ParamValue::Number(int(size)));
        }
        put(
            "connectors",
            ParamValue::Number(raw.connectors.len() as i64),
        );
        if let Some(c) = raw.connectors.first() {
            if let Some(v) = choice(CONNECTOR_KINDS, c.kind.as_deref().unwrap_or("postgresql")) {
                put("connector-kind", v);
            }
            let num = |x: Option<f64>, d: i64| ParamValue::Number(x.map_or(d, int));
            put("tasks-max", num(c.tasks_max, 1));
            put("max-queue-size", num(c.max_queue_size, 8192));
            put("max-batch-size", num(c.max_batch_size, 2048));
            put("poll-interval", num(c.poll_interval_ms, 500));
        }
        if let Some(k) = &raw.kafka {
            let num = |x: Option<f64>, d: i64| ParamValue::Number(x.map_or(d, int));
            put("partitions", num(k.partitions, 1));
            put("consumers", num(k.consumers, 1));
            put("consumer-rate", num(k.consumer_rate_events_per_s, 10_000));
            put("hot-key", num(k.hot_key_share_percent, 0));
        }
        if let Some(c) = raw
            .calibration
            .as_ref()
            .and_then(|c| c.single_connector_events_per_s)
        {
            put("calibration", ParamValue::Number(int(c)));
        }
        p
    }

    /// The current value (override, else the preset's).
    pub fn get(&self, key: &str) -> Option<ParamValue> {
        self.overrides
            .get(key)
            .or_else(|| self.preset.get(key))
            .copied()
    }

    /// The current value of a number parameter.
    pub fn number(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|v| v.as_number())
    }

    /// The preset's value.
    pub fn preset_value(&self, key: &str) -> Option<ParamValue> {
        self.preset.get(key).copied()
    }

    /// Whether the student changed it.
    pub fn is_overridden(&self, key: &str) -> bool {
        self.overrides.contains_key(key)
    }

    /// The overrides.
    pub fn overrides(&self) -> &KeyMap<ParamValue> {
        &self.overrides
    }

    /// Sets a value the table accepts (a value equal to the preset's removes the override).
    /// Whether the whole config stays valid is checked by the state.
    pub fn set(&mut self, key: &str, value: ParamValue) -> Result<(), Problem> {
        let Some(spec) = scaling_spec(key) else {
            return Err(crate::scaling::state::unknown_key_problem(
                key,
                &value.to_text(),
            ));
        };
        let value = spec
            .check(value)
            .map_err(|why| spec.problem(&value.to_text(), why, self.get(spec.key)))?;
        if self.preset.get(spec.key) == Some(&value) {
            self.overrides.remove(spec.key);
        } else {
            self.overrides.insert(spec.key, value);
        }
        Ok(())
    }

    /// Parses and sets a value as written in an attribute or a link.
    pub fn set_text(&mut self, key: &str, text: &str) -> Result<(), Problem> {
        let Some(spec) = scaling_spec(key) else {
            return Err(crate::scaling::state::unknown_key_problem(key, text));
        };
        let value = spec
            .parse(text)
            .map_err(|why| spec.problem(text, why, self.get(spec.key)))?;
        self.set(spec.key, value)
    }

    /// Removes an override.
    pub fn reset(&mut self, key: &str) {
        self.overrides.remove(key);
    }

    /// Removes every override.
    pub fn reset_all(&mut self) {
        self.overrides.clear();
    }

    /// Writes the overrides into `raw` (see the module docs).
    pub fn apply(&self, raw: &mut RawConfig) {
        let over = |key: &str| self.overrides.get(key).copied();
        let num = |key: &str| self.number(key).unwrap_or(0) as f64;
        // Source profile.
        let profile_changed = over("profile").is_some();
        if profile_changed || over("peak-rate").is_some() || over("rate").is_some() {
            let kind = self
                .get("profile")
                .and_then(|v| v.as_choice())
                .unwrap_or("steady");
            let p = &mut raw.source.profile;
            p.rate_events_per_s = num("rate");
            if profile_changed {
                p.kind = kind.to_string();
                p.peak_hour = None;
                p.burst_start_s = None;
                p.burst_duration_s = None;
            }
            p.peak_events_per_s = if kind == "steady" {
                None
            } else {
                Some(num("peak-rate"))
            };
        }
        if over("event-size").is_some() {
            for t in &mut raw.source.table_sets {
                t.avg_event_size_bytes = Some(num("event-size"));
            }
        }
        if over("connectors").is_some() {
            split_connectors(raw, self.number("connectors").unwrap_or(1).max(1) as usize);
        }
        for c in &mut raw.connectors {
            if let Some(kind) = over("connector-kind").and_then(|v| v.as_choice()) {
                c.kind = Some(kind.to_string());
                if kind != "postgresql" {
                    c.slot_name = None;
                    c.publication_name = None;
                }
            }
            if over("tasks-max").is_some() {
                c.tasks_max = Some(num("tasks-max"));
            }
            if over("max-queue-size").is_some() {
                c.max_queue_size = Some(num("max-queue-size"));
            }
            if over("max-batch-size").is_some() {
                c.max_batch_size = Some(num("max-batch-size"));
            }
            if over("poll-interval").is_some() {
                c.poll_interval_ms = Some(num("poll-interval"));
            }
        }
        let kafka_keys = ["partitions", "consumers", "consumer-rate", "hot-key"];
        if kafka_keys.iter().any(|k| over(k).is_some()) {
            let k = raw.kafka.get_or_insert(RawKafka {
                write_capacity_bytes_per_s: None,
                partitions: None,
                hot_key_share_percent: None,
                consumers: None,
                consumer_rate_events_per_s: None,
            });
            if over("partitions").is_some() {
                k.partitions = Some(num("partitions"));
            }
            if over("consumers").is_some() {
                k.consumers = Some(num("consumers"));
            }
            if over("consumer-rate").is_some() {
                k.consumer_rate_events_per_s = Some(num("consumer-rate"));
            }
            if over("hot-key").is_some() {
                k.hot_key_share_percent = Some(num("hot-key"));
            }
        }
        if over("calibration").is_some() {
            let c = raw.calibration.get_or_insert(RawCalibration {
                single_connector_events_per_s: None,
                reference_event_size_bytes: None,
                batch_overhead_percent: None,
                size_dependent_percent: None,
                streaming_headroom_percent: None,
            });
            c.single_connector_events_per_s = Some(num("calibration"));
        }
    }
}

/// Replaces the connectors by `n` (at most one per table set) made from the first: table sets
/// largest share first, each to the connector with the least share so far.
fn split_connectors(raw: &mut RawConfig, n: usize) {
    let Some(template) = raw.connectors.first().cloned() else {
        return;
    };
    let sets = &raw.source.table_sets;
    let n = n.min(sets.len()).max(1);
    let mut order: Vec<usize> = (0..sets.len()).collect();
    index_sort::sort_by(&mut order, |&a, &b| {
        let (sa, sb) = (
            sets.get(a).map_or(0.0, |t| t.share_percent),
            sets.get(b).map_or(0.0, |t| t.share_percent),
        );
        sb.total_cmp(&sa).then(a.cmp(&b)).is_lt()
    });
    let mut load = vec![0.0_f64; n];
    let mut names: Vec<Vec<String>> = vec![Vec::new(); n];
    for i in order {
        let Some(set) = sets.get(i) else { continue };
        let target = (0..n)
            .min_by(|&a, &b| {
                let (la, lb) = (load.get(a).copied(), load.get(b).copied());
                la.unwrap_or(0.0)
                    .total_cmp(&lb.unwrap_or(0.0))
                    .then(a.cmp(&b))
            })
            .unwrap_or(0);
        if let (Some(l), Some(list)) = (load.get_mut(target), names.get_mut(target)) {
            *l += set.share_percent;
            list.push(set.name.clone());
        }
    }
    let suffix = |base: &Option<String>, i: usize, sep: &str| {
        base.as_ref().map(|b| {
            if n == 1 {
                b.clone()
            } else {
                format!("{b}{sep}{}", i + 1)
            }
        })
    };
    raw.connectors = names
        .into_iter()
        .enumerate()
        .map(|(i, table_sets)| RawConnector {
            name: if n == 1 {
                template.name.clone()
            } else {
                format!("{}-{}", template.name, i + 1)
            },
            table_sets,
            topic_prefix: suffix(&template.topic_prefix, i, "_"),
            slot_name: suffix(&template.slot_name, i, "_"),
            publication_name: suffix(&template.publication_name, i, "_"),
            ..template.clone()
        })
        .collect();
}

/// The parameters of one group, in table order.
pub fn group_params(group: Group) -> impl Iterator<Item = &'static ParamSpec> {
    SCALING_PARAMS.iter().filter(move |p| p.group == group)
}
