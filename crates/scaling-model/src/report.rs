//! [`evaluate`]: the report for a validated [`Config`] — per-stage throughput, the binding
//! constraint in words, lag, latency, the WAL consequence and the 5-way comparison.

use serde::Serialize;

use crate::capacity::{ConsumerLoads, TaskThread};
use crate::config::{Config, Connector, ConnectorKind, Kafka, QueueSettings};
use crate::connectors::{rest_configs, RestConnectorConfig};
use crate::model::{effective_poll_interval_ms, Flow, Model};
use crate::simulate::{no_lag_summary, simulate, Arrivals, LagPoint, LagSummary};
use crate::text::{fmt_num, Text};

/// Interval of running-xacts records written by the bgwriter (facts Part 1 §9: 15 s); part of
/// the WAL a healthy slot keeps.
pub const RUNNING_XACTS_INTERVAL_MS: u64 = 15_000;

/// What kind of stage a [`Stage`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// The source database producing change events.
    Source,
    /// Logical decoding of the WAL by one slot's walsender.
    Decoding,
    /// One connector task.
    ConnectorTask,
    /// Writing to the Kafka brokers.
    KafkaWrite,
    /// The consumer group reading the partitions.
    Consumers,
}

/// Steady-state numbers of one stage at the profile's peak rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    /// Stable identifier (`source`, `decoding:<slot>`, `task:<connector>#<n>`, `kafka`, `consumers`).
    pub id: String,
    /// Kind.
    pub kind: StageKind,
    /// Name for students.
    pub label: Text,
    /// Events/s this stage is offered at the peak (its own stream).
    pub offered_events_per_s: f64,
    /// Events/s it can process (its own stream). Consumers: all active consumers together
    /// (`A·rate`); the group already lags above `saturation_input_events_per_s`.
    pub capacity_events_per_s: f64,
    /// Events/s it passes on at the peak.
    pub throughput_events_per_s: f64,
    /// `offered / capacity`, percent. For consumers: the busiest consumer's utilization
    /// (`offered / saturation point`), which can exceed 100 % while others idle.
    pub utilization_percent: f64,
    /// Total source events/s at which this stage starts to fall behind (`None` for the source).
    pub saturation_input_events_per_s: Option<f64>,
    /// Byte view where it matters (decoding: WAL bytes; Kafka: record bytes).
    pub offered_bytes_per_s: Option<f64>,
    /// Byte capacity where it matters.
    pub capacity_bytes_per_s: Option<f64>,
}

/// Kind of the binding constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKind {
    /// Logical decoding on the database server.
    Decoding,
    /// A connector task (the single PostgreSQL task, usually).
    ConnectorTask,
    /// Kafka brokers' write capacity.
    KafkaWrite,
    /// Too few consumers for the partitions.
    Consumers,
    /// Too few partitions (every partition already has a consumer).
    Partitions,
    /// One hot record key on one partition.
    HotKey,
}

/// The stage that saturates first as the input grows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Binding {
    /// Kind.
    pub kind: ConstraintKind,
    /// Id of the stage ([`Stage::id`]).
    pub stage_id: String,
    /// The constraint in words a student understands.
    pub label: Text,
    /// What would help now.
    pub help: Text,
    /// Total source events/s at which it saturates (= the setup's lag-free capacity).
    pub saturation_input_events_per_s: f64,
    /// Whether the profile's peak stays at or below that.
    pub keeping_up: bool,
}

/// Throughput at the profile's peak.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Throughput {
    /// Source events/s at the peak.
    pub input_events_per_s: f64,
    /// Of which captured by some connector.
    pub captured_events_per_s: f64,
    /// Written to Kafka.
    pub source_events_per_s: f64,
    /// Processed by consumers.
    pub end_to_end_events_per_s: f64,
    /// Largest input the setup sustains without lag.
    pub max_sustainable_input_events_per_s: f64,
    /// Connector-side lag growth at the peak: captured − written.
    pub source_lag_growth_events_per_s: f64,
    /// Kafka-side lag growth at the peak: written − consumed.
    pub consumer_lag_growth_events_per_s: f64,
    /// Total lag growth at the peak: captured − consumed.
    pub lag_growth_events_per_s: f64,
}

/// Per-connector view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConnectorReport {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: ConnectorKind,
    /// `tasks.max` as configured.
    pub tasks_max: u64,
    /// Tasks that really run.
    pub tasks_running: u64,
    /// Why.
    pub tasks_note: Text,
    /// Slot (PostgreSQL).
    pub slot_name: Option<String>,
    /// Share of all source events it captures, percent.
    pub share_percent: f64,
    /// Events/s its tasks sustain together.
    pub capacity_events_per_s: f64,
    /// Events/s written at the peak.
    pub throughput_events_per_s: f64,
    /// Which thread limits its busiest task.
    pub limited_by: TaskThread,
}

/// Logical decoding on the server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecodingReport {
    /// PostgreSQL slots (one walsender each).
    pub slots: u64,
    /// WAL bytes/s the server writes at the peak (all databases).
    pub wal_write_bytes_per_s: f64,
    /// WAL bytes/s decoded at the peak, all slots together: each slot decodes its whole database.
    pub decoded_bytes_per_s: f64,
    /// `decoded / written`: N connectors on one database ⇒ N×.
    pub decode_multiplier: f64,
    /// Server decoding budget.
    pub budget_bytes_per_s: f64,
    /// `decoded / budget`, percent.
    pub budget_used_percent: f64,
    /// UNSOURCED note.
    pub note: Text,
}

/// The consumer group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsumersReport {
    /// Partitions.
    pub partitions: u64,
    /// Consumers.
    pub consumers: u64,
    /// Consumers with at least one partition.
    pub active_consumers: u64,
    /// Consumers without partitions.
    pub idle_consumers: u64,
    /// Share of records on the hot key's partition, percent.
    pub hot_partition_share_percent: f64,
    /// Share of records on the busiest consumer, percent.
    pub busiest_consumer_share_percent: f64,
    /// Records/s at which the busiest consumer saturates.
    pub saturation_events_per_s: f64,
}

/// Latency estimate without backlog, plus the backlog's contribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latency {
    /// Average wait for the poll to return a batch: half of `min(poll.interval.ms, batch fill time)`.
    pub poll_wait_ms: f64,
    /// Time to convert and send one batch.
    pub batch_ms: f64,
    /// One record's processing time at the consumer.
    pub consumer_ms: f64,
    /// `poll_wait + batch + consumer` (no backlog).
    pub delivery_ms: f64,
    /// Largest extra wait from backlog over the horizon (the end-to-end lag).
    pub backlog_wait_max_ms: f64,
    /// Average delay until the slot's `confirmed_flush_lsn` covers an event: half the
    /// `offset.flush.interval.ms` plus the poll wait (facts Part 2 §2).
    pub offset_commit_ms: f64,
    /// Worst case of the same: a full `offset.flush.interval.ms` plus `poll.interval.ms`.
    pub offset_commit_max_ms: f64,
}

/// The WAL consequence of lag, as plain data the WAL model can consume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WalExport {
    /// Whether any PostgreSQL slot exists.
    pub applies: bool,
    /// `[t_ms, bytes]`: WAL retained because of lag by the slowest slot (beyond the healthy amount).
    pub retained_wal_bytes: Vec<[u64; 2]>,
    /// Mean WAL write rate of the server over the horizon.
    pub wal_rate_bytes_per_s: f64,
    /// WAL write rate at the peak.
    pub peak_wal_rate_bytes_per_s: f64,
    /// Largest connector-side backlog, events.
    pub lag_events: u64,
    /// Growth of retained WAL at the peak (slowest slot), bytes/s.
    pub retained_growth_bytes_per_s: f64,
    /// Largest lag-caused retention.
    pub max_retained_wal_bytes: u64,
    /// What a healthy slot keeps anyway: peak WAL rate × (offset.flush.interval.ms + 15 s
    /// running-xacts interval) (facts summary, "the chain that decides how much WAL a healthy
    /// slot keeps").
    pub healthy_retained_bytes: u64,
    /// Horizon.
    pub duration_ms: u64,
    /// Slot that retains the most (None without lag).
    pub slowest_slot: Option<String>,
    /// One sentence for the lesson.
    pub note: Text,
}

/// The calibration and that it is an assumption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationReport {
    /// Events/s of one task, default settings, reference size.
    pub single_connector_events_per_s: f64,
    /// Reference event size.
    pub reference_event_size_bytes: u64,
    /// Poll-thread cost per event at the reference size, µs (batch overhead excluded).
    pub poll_event_us: f64,
    /// Streaming-thread cost per event at the reference size, µs.
    pub stream_event_us: f64,
    /// Fixed overhead per polled batch, ms.
    pub batch_overhead_ms: f64,
    /// Capacity gain of the tuned settings (16384/4096/500) at the reference size, percent.
    pub tuned_gain_percent: f64,
    /// Always true: the figure is a rule of thumb the instructor can change.
    pub is_assumption: bool,
    /// The sentence to show.
    pub note: Text,
}

/// One column of the 5-way comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    /// `defaults`, `tuned`, `tasks_max`, `connectors`, `partitions`.
    pub id: String,
    /// Title.
    pub title: Text,
    /// End-to-end events/s at the peak.
    pub throughput_events_per_s: f64,
    /// Written to Kafka at the peak.
    pub source_events_per_s: f64,
    /// Lag-free capacity.
    pub max_sustainable_input_events_per_s: f64,
    /// Binding constraint.
    pub binding: Binding,
    /// Lag growth at the peak.
    pub lag_growth_events_per_s: f64,
    /// Largest total backlog over the horizon.
    pub max_lag_events: u64,
    /// Largest end-to-end lag, seconds.
    pub max_lag_s: f64,
    /// Largest connector-side backlog (the part that holds WAL).
    pub max_source_lag_events: u64,
    /// Largest lag-caused WAL retention.
    pub max_retained_wal_bytes: u64,
    /// WAL decoded per second on the server at the peak.
    pub decoded_bytes_per_s: f64,
    /// Tasks running, all connectors.
    pub tasks_running: u64,
    /// Connector configs of this variant.
    pub connectors: Vec<RestConnectorConfig>,
    /// What this variant shows.
    pub note: Text,
}

/// Everything the widget and the CLI show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// One-line verdict.
    pub summary: Text,
    /// Profile kind.
    pub profile_kind: String,
    /// Throughput at the peak.
    pub throughput: Throughput,
    /// Stages at the peak.
    pub stages: Vec<Stage>,
    /// The binding constraint.
    pub binding: Binding,
    /// Connectors.
    pub connectors: Vec<ConnectorReport>,
    /// Decoding on the server.
    pub decoding: DecodingReport,
    /// Consumer group.
    pub consumers: ConsumersReport,
    /// Lag summary.
    pub lag: LagSummary,
    /// Lag series (at most 10001 points).
    pub lag_series: Vec<LagPoint>,
    /// Latency.
    pub latency: Latency,
    /// WAL consequence.
    pub wal: WalExport,
    /// The 5-way comparison.
    pub comparison: Vec<ComparisonRow>,
    /// Calibration.
    pub calibration: CalibrationReport,
    /// Generated connector configs of the current setup.
    pub connector_configs: Vec<RestConnectorConfig>,
}

impl Report {
    /// Pretty JSON (deterministic: struct fields in declaration order, maps sorted).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// Finite or zero: reports never carry NaN or infinity.
fn fin(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

fn pct(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        fin(100.0 * a / b)
    } else {
        0.0
    }
}

struct Analysis {
    model: Model,
    flow: Flow,
    stages: Vec<Stage>,
    binding: Binding,
    lag: LagSummary,
    series: Vec<LagPoint>,
}

fn stage_label_task(config: &Config, model: &Model, path_index: usize) -> (String, Text) {
    let Some(p) = model.paths.get(path_index) else {
        return ("task:?".to_string(), Text::new("задача", "task"));
    };
    let name = config
        .connectors
        .get(p.connector)
        .map(|c| c.name.as_str())
        .unwrap_or("?");
    let tasks = model.tasks.get(p.connector).map(|t| t.0).unwrap_or(1);
    let id = format!("task:{name}#{}", p.task);
    let label = if tasks <= 1 {
        Text::new(
            format!("единственная задача коннектора {name}"),
            format!("the single task of connector {name}"),
        )
    } else {
        Text::new(
            format!("задача {} из {tasks} коннектора {name}", p.task),
            format!("task {} of {tasks} of connector {name}", p.task),
        )
    };
    (id, label)
}

/// Lag summaries already simulated, keyed by [`Model::signature`] (the comparison's variants
/// often share a model: `tasks.max=N` on PostgreSQL is variant 1 again).
type Memo = Vec<(Vec<u64>, LagSummary)>;

fn analyse(config: &Config, arrivals: &Arrivals, keep_series: bool, memo: &mut Memo) -> Analysis {
    let model = Model::build(config);
    let peak = config.profile.peak_rate();
    let flow = model.flow(peak);
    let mut stages = Vec::new();
    stages.push(Stage {
        id: "source".to_string(),
        kind: StageKind::Source,
        label: Text::new(
            "источник (изменения в базе)",
            "source (changes in the database)",
        ),
        offered_events_per_s: peak,
        capacity_events_per_s: peak,
        throughput_events_per_s: fin(flow.captured),
        utilization_percent: 100.0,
        saturation_input_events_per_s: None,
        offered_bytes_per_s: Some(fin(peak * model.wal_per_source_event)),
        capacity_bytes_per_s: None,
    });
    // Candidates for the binding constraint: (saturation input, stage index, kind).
    let mut candidates: Vec<(f64, usize, ConstraintKind, Option<usize>)> = Vec::new();
    let n_slots = model.slots.len();
    for s in &model.slots {
        let slot_name = config
            .connectors
            .get(s.connector)
            .map(|c| c.slot_name.as_str())
            .unwrap_or("?");
        let mean_wal = if s.db_share > 0.0 {
            s.wal_per_source_event / s.db_share
        } else {
            1.0
        };
        let offered_bytes = peak * s.wal_per_source_event;
        let sat = if s.wal_per_source_event > 0.0 {
            s.decode_bytes_per_s / s.wal_per_source_event
        } else {
            f64::MAX
        };
        let label = if s.budget_limited && n_slots > 1 {
            Text::new(
                format!(
                    "логическое декодирование на сервере БД: ×{n_slots} слота(ов) делят бюджет, каждый декодирует весь WAL базы {} (слот {slot_name})",
                    s.database
                ),
                format!(
                    "logical decoding on the database server: ×{n_slots} slots share the budget, each decodes the whole WAL of database {} (slot {slot_name})",
                    s.database
                ),
            )
        } else {
            Text::new(
                format!("декодирование WAL одним walsender'ом (слот {slot_name})"),
                format!("WAL decoding by one walsender (slot {slot_name})"),
            )
        };
        candidates.push((sat, stages.len(), ConstraintKind::Decoding, None));
        stages.push(Stage {
            id: format!("decoding:{slot_name}"),
            kind: StageKind::Decoding,
            label,
            offered_events_per_s: fin(peak * s.db_share),
            capacity_events_per_s: fin(s.decode_bytes_per_s / mean_wal),
            throughput_events_per_s: fin((peak * s.db_share).min(s.decode_bytes_per_s / mean_wal)),
            utilization_percent: pct(offered_bytes, s.decode_bytes_per_s),
            saturation_input_events_per_s: Some(fin(sat)),
            offered_bytes_per_s: Some(fin(offered_bytes)),
            capacity_bytes_per_s: Some(fin(s.decode_bytes_per_s)),
        });
    }
    for (pi, p) in model.paths.iter().enumerate() {
        let (id, label) = stage_label_task(config, &model, pi);
        let offered = flow.offered.get(pi).copied().unwrap_or(0.0);
        let sat = p.task_cap.events_per_s / p.share;
        candidates.push((sat, stages.len(), ConstraintKind::ConnectorTask, Some(pi)));
        stages.push(Stage {
            id,
            kind: StageKind::ConnectorTask,
            label,
            offered_events_per_s: fin(offered),
            capacity_events_per_s: fin(p.task_cap.events_per_s),
            throughput_events_per_s: fin(flow.out.get(pi).copied().unwrap_or(0.0)),
            utilization_percent: pct(offered, p.task_cap.events_per_s),
            saturation_input_events_per_s: Some(fin(sat)),
            offered_bytes_per_s: None,
            capacity_bytes_per_s: None,
        });
    }
    let bytes_per_event = model.kafka_bytes_per_source_event();
    let unscaled: f64 = flow.out.iter().sum::<f64>() / flow.kafka_scale.max(f64::MIN_POSITIVE);
    let offered_kafka_bytes: f64 = model
        .paths
        .iter()
        .zip(&flow.out)
        .map(|(p, o)| p.size_bytes * o / flow.kafka_scale.max(f64::MIN_POSITIVE))
        .sum();
    let kafka_sat = if bytes_per_event > 0.0 {
        model.kafka_bytes_per_s / bytes_per_event
    } else {
        f64::MAX
    };
    // Mean record size of what actually flows (falls back to the captured mix at zero input).
    let mean_record = if unscaled > 0.0 {
        offered_kafka_bytes / unscaled
    } else if model.captured_share > 0.0 {
        bytes_per_event / model.captured_share
    } else {
        1.0
    };
    candidates.push((kafka_sat, stages.len(), ConstraintKind::KafkaWrite, None));
    stages.push(Stage {
        id: "kafka".to_string(),
        kind: StageKind::KafkaWrite,
        label: Text::new("запись в брокеры Kafka", "writing to the Kafka brokers"),
        offered_events_per_s: fin(offered_kafka_bytes / mean_record),
        capacity_events_per_s: fin(model.kafka_bytes_per_s / mean_record),
        throughput_events_per_s: fin(flow.source_throughput),
        utilization_percent: pct(offered_kafka_bytes, model.kafka_bytes_per_s),
        saturation_input_events_per_s: Some(fin(kafka_sat)),
        offered_bytes_per_s: Some(fin(offered_kafka_bytes)),
        capacity_bytes_per_s: Some(fin(model.kafka_bytes_per_s)),
    });
    let loads = &model.consumers;
    let cons_sat = if model.captured_share > 0.0 {
        loads.saturation_input() / model.captured_share
    } else {
        f64::MAX
    };
    let cons_kind = consumer_constraint(&config.kafka, loads);
    candidates.push((cons_sat, stages.len(), cons_kind, None));
    stages.push(Stage {
        id: "consumers".to_string(),
        kind: StageKind::Consumers,
        label: consumer_label(&config.kafka, loads, cons_kind),
        offered_events_per_s: fin(flow.source_throughput),
        capacity_events_per_s: fin(loads.total_capacity()),
        throughput_events_per_s: fin(flow.consumed),
        utilization_percent: pct(flow.source_throughput, loads.saturation_input()),
        saturation_input_events_per_s: Some(fin(cons_sat)),
        offered_bytes_per_s: None,
        capacity_bytes_per_s: None,
    });

    // Binding: the lowest saturation point; ties go to the upstream stage (listed first).
    let mut best: Option<(f64, usize, ConstraintKind, Option<usize>)> = None;
    for c in &candidates {
        match best {
            Some((b, _, _, _)) if c.0 >= b => {}
            _ => best = Some(*c),
        }
    }
    let (sat, si, kind, path) = best.unwrap_or((f64::MAX, 0, ConstraintKind::ConnectorTask, None));
    let stage = stages.get(si).cloned();
    let stage_id = stage.as_ref().map(|s| s.id.clone()).unwrap_or_default();
    let mut label = stage
        .as_ref()
        .map(|s| s.label.clone())
        .unwrap_or_else(|| Text::new("?", "?"));
    let keeping_up = peak <= sat * (1.0 + 1e-9);
    if keeping_up {
        label = Text::new(
            format!("всё успевает; первым упрётся: {}", label.ru),
            format!(
                "everything keeps up; the first limit would be: {}",
                label.en
            ),
        );
    }
    let help = help_text(config, &model, kind, path, keeping_up, sat, peak);
    let binding = Binding {
        kind,
        stage_id,
        label,
        help,
        saturation_input_events_per_s: fin(sat.min(f64::MAX)),
        keeping_up,
    };
    let sig = model.signature();
    let cached = if keep_series {
        None
    } else if keeping_up {
        // Peak input at or below every saturation point: no backlog can form.
        Some(no_lag_summary(arrivals))
    } else {
        memo.iter().find(|(k, _)| *k == sig).map(|(_, v)| v.clone())
    };
    let (lag, series) = match cached {
        Some(lag) => (lag, Vec::new()),
        None => {
            let (lag, series) = simulate(config, &model, arrivals, keep_series);
            memo.push((sig, lag.clone()));
            (lag, series)
        }
    };
    Analysis {
        model,
        flow,
        stages,
        binding,
        lag,
        series,
    }
}

fn consumer_constraint(k: &Kafka, loads: &ConsumerLoads) -> ConstraintKind {
    let s = k.hot_key_share;
    let hot_group_rest = loads
        .groups
        .iter()
        .find(|g| g.has_hot_key)
        .map(|g| g.load_each - s)
        .unwrap_or(0.0);
    if s > 0.0 && s >= hot_group_rest {
        ConstraintKind::HotKey
    } else if k.consumers < k.partitions {
        ConstraintKind::Consumers
    } else {
        ConstraintKind::Partitions
    }
}

fn consumer_label(k: &Kafka, loads: &ConsumerLoads, kind: ConstraintKind) -> Text {
    match kind {
        ConstraintKind::HotKey => Text::new(
            format!(
                "партиция 0: горячий ключ ({}% событий на одном ключе, один потребитель)",
                fmt_num(k.hot_key_share * 100.0)
            ),
            format!(
                "partition 0: hot key ({}% of events on one key, one consumer)",
                fmt_num(k.hot_key_share * 100.0)
            ),
        ),
        ConstraintKind::Consumers => Text::new(
            format!(
                "потребители ({}) на партиции ({}): самому загруженному достаётся {}%",
                k.consumers,
                k.partitions,
                fmt_num(loads.max_load * 100.0)
            ),
            format!(
                "consumers ({}) for the partitions ({}): the busiest gets {}%",
                k.consumers,
                k.partitions,
                fmt_num(loads.max_load * 100.0)
            ),
        ),
        _ => Text::new(
            format!(
                "число партиций ({}): параллельно работающих потребителей не больше {}{}",
                k.partitions,
                k.partitions,
                if loads.idle_consumers > 0 {
                    format!("; простаивают: {}", loads.idle_consumers)
                } else {
                    String::new()
                }
            ),
            format!(
                "the partition count ({}): no more than {} consumers can work in parallel{}",
                k.partitions,
                k.partitions,
                if loads.idle_consumers > 0 {
                    format!("; idle: {}", loads.idle_consumers)
                } else {
                    String::new()
                }
            ),
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn help_text(
    config: &Config,
    model: &Model,
    kind: ConstraintKind,
    path: Option<usize>,
    keeping_up: bool,
    sat: f64,
    peak: f64,
) -> Text {
    if keeping_up && peak <= 0.0 {
        return Text::new(
            "сейчас ничего не нужно: нагрузки нет",
            "nothing needed now: there is no load",
        );
    }
    if keeping_up {
        return Text::new(
            format!(
                "сейчас ничего не нужно: пик {} соб/с при пределе {} соб/с (запас {}%)",
                fmt_num(peak),
                fmt_num(sat),
                fmt_num(pct(sat - peak, peak.max(f64::MIN_POSITIVE)))
            ),
            format!(
                "nothing needed now: peak {} events/s against a limit of {} events/s ({}% headroom)",
                fmt_num(peak),
                fmt_num(sat),
                fmt_num(pct(sat - peak, peak.max(f64::MIN_POSITIVE)))
            ),
        );
    }
    match kind {
        ConstraintKind::ConnectorTask => {
            let Some(p) = path.and_then(|i| model.paths.get(i)) else {
                return Text::new("разделите нагрузку между коннекторами", "split the load over connectors");
            };
            let Some(c) = config.connectors.get(p.connector) else {
                return Text::new("разделите нагрузку между коннекторами", "split the load over connectors");
            };
            let tuned = model.costs.task(&QueueSettings::TUNED, p.size_bytes);
            let gain = pct(tuned.events_per_s - p.task_cap.events_per_s, p.task_cap.events_per_s);
            let tuning = if p.task_cap.limited_by == TaskThread::Streaming || gain <= 0.5 {
                Text::new(
                    " Увеличение max.batch.size/max.queue.size здесь почти ничего не даст.",
                    " Bigger max.batch.size/max.queue.size would gain almost nothing here.",
                )
            } else {
                Text::new(
                    format!(
                        " max.queue.size=16384, max.batch.size=4096 дадут лишь около +{}%.",
                        fmt_num(gain)
                    ),
                    format!(
                        " max.queue.size=16384, max.batch.size=4096 would add only about +{}%.",
                        fmt_num(gain)
                    ),
                )
            };
            let n_sets = c.table_sets.len();
            let split = match c.kind {
                ConnectorKind::Postgresql if n_sets > 1 => Text::new(
                    format!(
                        "Разделите наборы таблиц коннектора {} (их {n_sets}) между несколькими коннекторами (у каждого свой slot.name, publication.name, topic.prefix); tasks.max не поможет — задача всегда одна. Цена: каждый слот декодирует весь WAL базы.",
                        c.name
                    ),
                    format!(
                        "Split the {n_sets} table sets of connector {} over several connectors (each with its own slot.name, publication.name, topic.prefix); tasks.max will not help — there is always one task. Cost: every slot decodes the whole WAL of the database.",
                        c.name
                    ),
                ),
                ConnectorKind::Postgresql => Text::new(
                    format!(
                        "Коннектор {} уже захватывает один набор таблиц: делите набор мельче или ускоряйте задачу (размер событий, конвертер); tasks.max не поможет.",
                        c.name
                    ),
                    format!(
                        "Connector {} already captures a single table set: split it finer or make the task cheaper (event size, converter); tasks.max will not help.",
                        c.name
                    ),
                ),
                ConnectorKind::Sqlserver => Text::new(
                    format!(
                        "SQL Server: поднимите tasks.max до числа баз в database.names или разделите базы между коннекторами ({}).",
                        c.name
                    ),
                    format!(
                        "SQL Server: raise tasks.max up to the number of databases in database.names, or split the databases over connectors ({}).",
                        c.name
                    ),
                ),
                ConnectorKind::Mongodb => Text::new(
                    format!(
                        "MongoDB: с Debezium 2.6 одна задача на коннектор — делите коллекции между коннекторами ({}).",
                        c.name
                    ),
                    format!(
                        "MongoDB: one task per connector since Debezium 2.6 — split the collections over connectors ({}).",
                        c.name
                    ),
                ),
            };
            Text::new(format!("{}{}", split.ru, tuning.ru), format!("{}{}", split.en, tuning.en))
        }
        ConstraintKind::Decoding => Text::new(
            format!(
                "Декодирование на сервере не успевает: каждый из {} слотов читает и декодирует весь WAL базы. Больше коннекторов сделают хуже; объедините коннекторы (меньше слотов) или дайте серверу больше CPU.",
                model.slots.len()
            ),
            format!(
                "Decoding on the server cannot keep up: each of the {} slots reads and decodes the whole WAL of the database. More connectors make it worse; merge connectors (fewer slots) or give the server more CPU.",
                model.slots.len()
            ),
        ),
        ConstraintKind::KafkaWrite => Text::new(
            "Брокеры Kafka не успевают принимать записи: добавьте брокеров/дисков или включите сжатие у producer'а; настройки Debezium не помогут.",
            "The Kafka brokers cannot take the writes: add brokers/disks or enable producer compression; Debezium settings will not help.",
        ),
        ConstraintKind::Consumers => Text::new(
            format!(
                "Добавьте потребителей в группу — до числа партиций ({}); коннектор тут ни при чём, лаг копится в Kafka, а не в WAL.",
                config.kafka.partitions
            ),
            format!(
                "Add consumers to the group — up to the partition count ({}); the connector is not the problem, lag builds up in Kafka, not in the WAL.",
                config.kafka.partitions
            ),
        ),
        ConstraintKind::Partitions => Text::new(
            format!(
                "Увеличьте число партиций и потребителей вместе: потребителей сверх {} партиций некому раздать; лаг копится в Kafka, не в WAL.",
                config.kafka.partitions
            ),
            format!(
                "Raise partitions and consumers together: consumers beyond the {} partitions get nothing; lag builds up in Kafka, not in the WAL.",
                config.kafka.partitions
            ),
        ),
        ConstraintKind::HotKey => Text::new(
            format!(
                "Один ключ несёт {}% событий и всегда попадает в одну партицию (murmur2(key) % partitions): больше партиций и потребителей не помогут. Ускорьте обработку этого ключа или смените ключ (message.key.columns), если порядок по нему не нужен.",
                fmt_num(config.kafka.hot_key_share * 100.0)
            ),
            format!(
                "One key carries {}% of the events and always lands on one partition (murmur2(key) % partitions): more partitions and consumers will not help. Make processing of that key faster or change the key (message.key.columns) if its order is not needed.",
                fmt_num(config.kafka.hot_key_share * 100.0)
            ),
        ),
    }
}

fn latency(config: &Config, a: &Analysis) -> Latency {
    let mut poll_wait_ms = 0.0_f64;
    let mut batch_ms = 0.0_f64;
    let mut poll_interval_max = 0.0_f64;
    for (p, &out) in a.model.paths.iter().zip(&a.flow.out) {
        let Some(c) = config.connectors.get(p.connector) else {
            continue;
        };
        let poll_s = effective_poll_interval_ms(c) as f64 / 1000.0;
        poll_interval_max = poll_interval_max.max(poll_s * 1000.0);
        let lambda = out.max(1e-9);
        let batch = p.task_cap.effective_batch;
        let cycle = poll_s.min(batch / lambda);
        let n = batch.min(lambda * cycle).max(1.0);
        let per_event = a.model.costs.poll_event_s * a.model.costs.size_factor(p.size_bytes);
        let this_batch = n * per_event + a.model.costs.batch_overhead_s;
        if cycle * 500.0 + this_batch * 1000.0 > poll_wait_ms + batch_ms {
            poll_wait_ms = cycle * 500.0;
            batch_ms = this_batch * 1000.0;
        }
    }
    let consumer_ms = 1000.0 / config.kafka.consumer_rate_events_per_s;
    let flush = config.offset_flush_interval_ms as f64;
    Latency {
        poll_wait_ms: fin(poll_wait_ms),
        batch_ms: fin(batch_ms),
        consumer_ms: fin(consumer_ms),
        delivery_ms: fin(poll_wait_ms + batch_ms + consumer_ms),
        backlog_wait_max_ms: fin(a.lag.max_end_to_end_lag_s * 1000.0),
        offset_commit_ms: fin(flush / 2.0 + poll_wait_ms),
        offset_commit_max_ms: fin(flush + poll_interval_max),
    }
}

fn wal_export(config: &Config, a: &Analysis) -> WalExport {
    let applies = !a.model.slots.is_empty();
    let peak = config.profile.peak_rate();
    let w = a.model.wal_per_source_event;
    let mut growth = 0.0_f64;
    let mut slowest: Option<(f64, String)> = None;
    for ((p, &offered), &out) in a.model.paths.iter().zip(&a.flow.offered).zip(&a.flow.out) {
        let Some(_) = p.slot else { continue };
        let g = (offered - out).max(0.0) / p.share * w;
        let name = config
            .connectors
            .get(p.connector)
            .map(|c| c.slot_name.clone())
            .unwrap_or_default();
        if g > growth {
            growth = g;
            slowest = Some((g, name));
        }
    }
    let retained: Vec<[u64; 2]> = a
        .series
        .iter()
        .map(|pt| [pt.t_s.saturating_mul(1000), pt.retained_wal_bytes])
        .collect();
    let healthy =
        peak * w * (config.offset_flush_interval_ms + RUNNING_XACTS_INTERVAL_MS) as f64 / 1000.0;
    let note = if !applies {
        Text::new(
            "нет коннекторов PostgreSQL: слот не удерживает WAL",
            "no PostgreSQL connector: no slot retains WAL",
        )
    } else if a.lag.max_retained_wal_bytes > 0 {
        Text::new(
            format!(
                "лаг сегодня — тревога по диску ночью: отстающий слот удерживает до {} байт WAL сверх обычных {} байт",
                fmt_num(a.lag.max_retained_wal_bytes as f64),
                fmt_num(healthy)
            ),
            format!(
                "lag today = disk alarm tonight: the lagging slot retains up to {} bytes of WAL on top of the usual {} bytes",
                fmt_num(a.lag.max_retained_wal_bytes as f64),
                fmt_num(healthy)
            ),
        )
    } else {
        Text::new(
            format!(
                "коннекторы успевают: слот удерживает только обычные ~{} байт WAL (поток WAL × (offset.flush.interval.ms + 15 с))",
                fmt_num(healthy)
            ),
            format!(
                "the connectors keep up: the slot keeps only the usual ~{} bytes of WAL (WAL rate × (offset.flush.interval.ms + 15 s))",
                fmt_num(healthy)
            ),
        )
    };
    WalExport {
        applies,
        retained_wal_bytes: retained,
        wal_rate_bytes_per_s: fin(a.lag.mean_input_events_per_s * w),
        peak_wal_rate_bytes_per_s: fin(peak * w),
        lag_events: a.lag.max_source_lag_events,
        retained_growth_bytes_per_s: fin(growth),
        max_retained_wal_bytes: a.lag.max_retained_wal_bytes,
        healthy_retained_bytes: if healthy.is_finite() && healthy > 0.0 {
            healthy.round() as u64
        } else {
            0
        },
        duration_ms: config.duration_s.saturating_mul(1000),
        slowest_slot: if a.lag.max_retained_wal_bytes > 0 {
            slowest.map(|s| s.1)
        } else {
            None
        },
        note,
    }
}

fn throughput(a: &Analysis, peak: f64) -> Throughput {
    let captured = a.flow.captured;
    Throughput {
        input_events_per_s: fin(peak),
        captured_events_per_s: fin(captured),
        source_events_per_s: fin(a.flow.source_throughput),
        end_to_end_events_per_s: fin(a.flow.consumed),
        max_sustainable_input_events_per_s: fin(a.binding.saturation_input_events_per_s),
        source_lag_growth_events_per_s: fin((captured - a.flow.source_throughput).max(0.0)),
        consumer_lag_growth_events_per_s: fin((a.flow.source_throughput - a.flow.consumed).max(0.0)),
        lag_growth_events_per_s: fin((captured - a.flow.consumed).max(0.0)),
    }
}

fn decoding_report(config: &Config, a: &Analysis, peak: f64) -> DecodingReport {
    let written = peak * a.model.wal_per_source_event;
    let decoded: f64 = a
        .model
        .slots
        .iter()
        .map(|s| peak * s.wal_per_source_event)
        .sum();
    DecodingReport {
        slots: a.model.slots.len() as u64,
        wal_write_bytes_per_s: fin(written),
        decoded_bytes_per_s: fin(decoded),
        decode_multiplier: fin(if written > 0.0 { decoded / written } else { 0.0 }),
        budget_bytes_per_s: fin(config.server.decode_budget_bytes_per_s),
        budget_used_percent: pct(decoded, config.server.decode_budget_bytes_per_s),
        note: Text::new(
            "каждый слот декодирует весь WAL своей базы, поэтому N коннекторов ≈ N× работы декодирования на сервере; бюджет и скорость walsender'а — допущения (UNSOURCED, измерений нет)",
            "each slot decodes the whole WAL of its database, so N connectors ≈ N× decoding work on the server; the budget and walsender speed are assumptions (UNSOURCED, no measurement exists)",
        ),
    }
}

fn connector_reports(config: &Config, a: &Analysis) -> Vec<ConnectorReport> {
    config
        .connectors
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let (running, note) = a
                .model
                .tasks
                .get(ci)
                .cloned()
                .unwrap_or((1, Text::new("", "")));
            let mut share = 0.0;
            let mut cap = 0.0;
            let mut thr = 0.0;
            let mut limited = TaskThread::Poll;
            let mut worst = f64::MAX;
            for (p, &o) in a.model.paths.iter().zip(&a.flow.out) {
                if p.connector != ci {
                    continue;
                }
                share += p.share;
                cap += p.capacity;
                thr += o;
                let ratio = p.task_cap.events_per_s / p.share;
                if ratio < worst {
                    worst = ratio;
                    limited = p.task_cap.limited_by;
                }
            }
            ConnectorReport {
                name: c.name.clone(),
                kind: c.kind,
                tasks_max: c.tasks_max,
                tasks_running: running,
                tasks_note: note,
                slot_name: (c.kind == ConnectorKind::Postgresql).then(|| c.slot_name.clone()),
                share_percent: fin(share * 100.0),
                capacity_events_per_s: fin(cap),
                throughput_events_per_s: fin(thr),
                limited_by: limited,
            }
        })
        .collect()
}

fn calibration_report(config: &Config) -> CalibrationReport {
    let costs = crate::capacity::Costs::from_calibration(&config.calibration);
    let size = config.calibration.reference_event_size_bytes as f64;
    let d = costs.task(&QueueSettings::DEFAULT, size).events_per_s;
    let t = costs.task(&QueueSettings::TUNED, size).events_per_s;
    let c = config.calibration.single_connector_events_per_s;
    CalibrationReport {
        single_connector_events_per_s: c,
        reference_event_size_bytes: config.calibration.reference_event_size_bytes,
        poll_event_us: fin(costs.poll_event_s * 1e6),
        stream_event_us: fin(costs.stream_event_s * 1e6),
        batch_overhead_ms: fin(costs.batch_overhead_s * 1e3),
        tuned_gain_percent: pct(t - d, d),
        is_assumption: true,
        note: Text::new(
            format!(
                "{} соб/с на коннектор — эмпирическое правило курса, а не измерение (ближайший замер: ~6 000 оп/с на MSK Connect в бенчмарке вендора). Это настраиваемое допущение: измените calibration.single_connector_events_per_s под свою систему.",
                fmt_num(c)
            ),
            format!(
                "{} events/s per connector is the course's rule of thumb, not a measurement (nearest data point: ~6,000 ops/s on MSK Connect in a vendor benchmark). It is an adjustable assumption: set calibration.single_connector_events_per_s for your system.",
                fmt_num(c)
            ),
        ),
    }
}

/// Evaluates a validated configuration.
pub fn evaluate(config: &Config) -> Report {
    let mut memo: Memo = Vec::new();
    let arrivals = Arrivals::new(config);
    let a = analyse(config, &arrivals, true, &mut memo);
    let peak = config.profile.peak_rate();
    let throughput = throughput(&a, peak);
    let latency = latency(config, &a);
    let wal = wal_export(config, &a);
    let decoding = decoding_report(config, &a, peak);
    let loads = &a.model.consumers;
    let consumers = ConsumersReport {
        partitions: config.kafka.partitions,
        consumers: config.kafka.consumers,
        active_consumers: loads.active_consumers,
        idle_consumers: loads.idle_consumers,
        hot_partition_share_percent: fin(loads.hot_partition_load * 100.0),
        busiest_consumer_share_percent: fin(loads.max_load * 100.0),
        saturation_events_per_s: fin(loads.saturation_input()),
    };
    let connectors = connector_reports(config, &a);
    let summary = if a.binding.keeping_up {
        Text::new(
            format!(
                "Пик {} соб/с обрабатывается без лага; предел {} соб/с.",
                fmt_num(peak),
                fmt_num(throughput.max_sustainable_input_events_per_s)
            ),
            format!(
                "The peak of {} events/s is handled without lag; the limit is {} events/s.",
                fmt_num(peak),
                fmt_num(throughput.max_sustainable_input_events_per_s)
            ),
        )
    } else {
        Text::new(
            format!(
                "На пике {} соб/с лаг растёт на {} соб/с; узкое место — {}.",
                fmt_num(peak),
                fmt_num(throughput.lag_growth_events_per_s),
                a.binding.label.ru
            ),
            format!(
                "At the peak of {} events/s lag grows by {} events/s; the bottleneck is {}.",
                fmt_num(peak),
                fmt_num(throughput.lag_growth_events_per_s),
                a.binding.label.en
            ),
        )
    };
    let comparison = comparison(config, &arrivals, &mut memo);
    let Analysis {
        stages,
        binding,
        lag,
        series,
        ..
    } = a;
    Report {
        summary,
        profile_kind: config.profile.kind().to_string(),
        throughput,
        stages,
        binding,
        connectors,
        decoding,
        consumers,
        lag,
        lag_series: series,
        latency,
        wal,
        comparison,
        calibration: calibration_report(config),
        connector_configs: rest_configs(config),
    }
}

/// The five variants of the comparison, built from the current config (see the crate docs).
pub fn comparison_configs(config: &Config) -> Vec<(String, Text, Config)> {
    let Some(first) = config.connectors.first() else {
        return Vec::new();
    };
    let n = config.scale_n;
    let db = first
        .table_sets
        .first()
        .and_then(|&i| config.table_sets.get(i))
        .map(|t| t.database.clone())
        .unwrap_or_default();
    let mut captured: Vec<usize> = Vec::new();
    for (i, t) in config.table_sets.iter().enumerate() {
        let in_some = config.connectors.iter().any(|c| c.table_sets.contains(&i));
        let db_ok = first.kind != ConnectorKind::Postgresql || t.database == db;
        if in_some && db_ok {
            captured.push(i);
        }
    }
    let single = |queue: QueueSettings, tasks_max: u64| Connector {
        name: first.name.clone(),
        kind: first.kind,
        debezium_version: first.debezium_version,
        tasks_max,
        table_sets: captured.clone(),
        topic_prefix: first.topic_prefix.clone(),
        slot_name: first.slot_name.clone(),
        publication_name: first.publication_name.clone(),
        queue,
    };
    let with = |connectors: Vec<Connector>, kafka: Kafka| Config {
        connectors,
        kafka,
        ..config.clone()
    };
    let mut out = Vec::with_capacity(5);
    out.push((
        "defaults".to_string(),
        Text::new(
            "1. один коннектор, настройки по умолчанию",
            "1. one connector, defaults",
        ),
        with(vec![single(QueueSettings::DEFAULT, 1)], config.kafka),
    ));
    out.push((
        "tuned".to_string(),
        Text::new(
            "2. один коннектор, max.queue.size=16384, max.batch.size=4096, poll.interval.ms=500",
            "2. one connector, max.queue.size=16384, max.batch.size=4096, poll.interval.ms=500",
        ),
        with(vec![single(QueueSettings::TUNED, 1)], config.kafka),
    ));
    out.push((
        "tasks_max".to_string(),
        Text::new(format!("3. tasks.max={n}"), format!("3. tasks.max={n}")),
        with(vec![single(QueueSettings::DEFAULT, n)], config.kafka),
    ));
    // 4. N connectors over disjoint table sets: largest share first, to the least-loaded one.
    let k = (n as usize).min(captured.len()).max(1);
    let mut order = captured.clone();
    index_sort::sort_by(&mut order, |&a, &b| {
        let sa = config.table_sets.get(a).map(|t| t.share).unwrap_or(0.0);
        let sb = config.table_sets.get(b).map(|t| t.share).unwrap_or(0.0);
        sb.total_cmp(&sa).then(a.cmp(&b)).is_lt()
    });
    let mut bins: Vec<(f64, Vec<usize>)> = vec![(0.0, Vec::new()); k];
    for i in order {
        let share = config.table_sets.get(i).map(|t| t.share).unwrap_or(0.0);
        let mut best = 0;
        let mut best_load = f64::MAX;
        for (bi, b) in bins.iter().enumerate() {
            if b.0 < best_load {
                best_load = b.0;
                best = bi;
            }
        }
        if let Some(b) = bins.get_mut(best) {
            b.0 += share;
            b.1.push(i);
        }
    }
    let slot_base: String = first.slot_name.chars().take(56).collect();
    let many: Vec<Connector> = bins
        .into_iter()
        .enumerate()
        .filter(|(_, b)| !b.1.is_empty())
        .map(|(i, (_, mut sets))| {
            index_sort::sort(&mut sets);
            let slot = format!("{slot_base}_{}", i + 1);
            Connector {
                name: format!("{}-{}", first.name, i + 1),
                kind: first.kind,
                debezium_version: first.debezium_version,
                tasks_max: 1,
                table_sets: sets,
                topic_prefix: format!("{}_{}", first.topic_prefix, i + 1),
                publication_name: format!("dbz_{slot}"),
                slot_name: slot,
                queue: QueueSettings::DEFAULT,
            }
        })
        .collect();
    let k_real = many.len();
    out.push((
        "connectors".to_string(),
        Text::new(
            format!("4. несколько коннекторов ({k_real}) на непересекающихся наборах таблиц"),
            format!("4. {k_real} connectors over disjoint table sets"),
        ),
        with(many, config.kafka),
    ));
    let scaled_kafka = Kafka {
        partitions: n,
        consumers: n,
        ..config.kafka
    };
    out.push((
        "partitions".to_string(),
        Text::new(
            format!("5. один коннектор; партиций и потребителей: {n}"),
            format!("5. one connector + {n} partitions + {n} consumers"),
        ),
        with(vec![single(QueueSettings::DEFAULT, 1)], scaled_kafka),
    ));
    out
}

fn comparison(config: &Config, arrivals: &Arrivals, memo: &mut Memo) -> Vec<ComparisonRow> {
    let rows = comparison_configs(config);
    let mut out: Vec<ComparisonRow> = Vec::with_capacity(rows.len());
    let mut defaults_thr: Option<f64> = None;
    for (id, title, cfg) in rows {
        let a = analyse(&cfg, arrivals, false, memo);
        let peak = cfg.profile.peak_rate();
        let t = throughput(&a, peak);
        let decoded: f64 = a
            .model
            .slots
            .iter()
            .map(|s| peak * s.wal_per_source_event)
            .sum();
        let tasks_running: u64 = a.model.tasks.iter().map(|t| t.0).sum();
        let base = *defaults_thr.get_or_insert(t.max_sustainable_input_events_per_s);
        let change = pct(t.max_sustainable_input_events_per_s - base, base);
        let note = match id.as_str() {
            "defaults" => Text::new(
                format!("базовый вариант: предел {} соб/с", fmt_num(base)),
                format!("baseline: limit {} events/s", fmt_num(base)),
            ),
            "tasks_max"
                if cfg.connectors.first().map(|c| c.kind) == Some(ConnectorKind::Postgresql) =>
            {
                Text::new(
                    "то же, что вариант 1: коннектор PostgreSQL всегда запускает одну задачу",
                    "identical to variant 1: the PostgreSQL connector always runs one task",
                )
            }
            _ => Text::new(
                format!(
                    "предел {} соб/с ({}% к варианту 1)",
                    fmt_num(t.max_sustainable_input_events_per_s),
                    crate::decimal::fixed_signed(change, 0)
                ),
                format!(
                    "limit {} events/s ({}% vs variant 1)",
                    fmt_num(t.max_sustainable_input_events_per_s),
                    crate::decimal::fixed_signed(change, 0)
                ),
            ),
        };
        out.push(ComparisonRow {
            id,
            title,
            throughput_events_per_s: t.end_to_end_events_per_s,
            source_events_per_s: t.source_events_per_s,
            max_sustainable_input_events_per_s: t.max_sustainable_input_events_per_s,
            binding: a.binding.clone(),
            lag_growth_events_per_s: t.lag_growth_events_per_s,
            max_lag_events: a.lag.max_end_to_end_lag_events,
            max_lag_s: fin(a.lag.max_end_to_end_lag_s),
            max_source_lag_events: a.lag.max_source_lag_events,
            max_retained_wal_bytes: a.lag.max_retained_wal_bytes,
            decoded_bytes_per_s: fin(decoded),
            tasks_running,
            connectors: rest_configs(&cfg),
            note,
        });
    }
    out
}
