//! The pipeline built from a [`Config`]: one *path* per running connector task (share of the
//! source events, task capacity, decoding limit of its slot), the shared Kafka write limit and
//! the consumer group. Steady-state throughput at a given input rate and each stage's
//! saturation point are computed here; the time-stepped lag simulation is in
//! [`crate::simulate`].

use crate::capacity::{slot_decode_bytes_per_s, ConsumerLoads, Costs, TaskCapacity};
use crate::config::{
    Config, Connector, ConnectorKind, DebeziumVersion, MAX_ALLOWED_POLL_INTERVAL_MS,
};
use crate::connectors::{task_table_sets, tasks_running};
use crate::text::Text;

/// `poll.interval.ms` as the connector applies it: capped at 5000 ms from Debezium 3.7.
pub fn effective_poll_interval_ms(c: &Connector) -> u64 {
    if c.debezium_version >= DebeziumVersion::new(3, 7) {
        c.queue.poll_interval_ms.min(MAX_ALLOWED_POLL_INTERVAL_MS)
    } else {
        c.queue.poll_interval_ms
    }
}

/// One running connector task.
#[derive(Debug, Clone)]
pub(crate) struct Path {
    /// Index of the connector.
    pub(crate) connector: usize,
    /// Task number within the connector.
    pub(crate) task: usize,
    /// Share of all source events this task carries.
    pub(crate) share: f64,
    /// Mean Kafka record size of its events.
    pub(crate) size_bytes: f64,
    /// The task's own capacity.
    pub(crate) task_cap: TaskCapacity,
    /// `min(task, decoding)`.
    pub(crate) capacity: f64,
    /// Slot index into [`Model::slots`] (PostgreSQL only).
    pub(crate) slot: Option<usize>,
}

/// A PostgreSQL replication slot.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub(crate) connector: usize,
    pub(crate) database: String,
    /// WAL bytes of its database per source event (`Σ_{i ∈ db} share_i·wal_i`).
    pub(crate) wal_per_source_event: f64,
    /// Share of source events in its database.
    pub(crate) db_share: f64,
    /// Decoding capacity, WAL bytes/s.
    pub(crate) decode_bytes_per_s: f64,
    /// Whether the server budget (not the walsender) sets `decode_bytes_per_s`.
    pub(crate) budget_limited: bool,
}

/// The whole pipeline.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) paths: Vec<Path>,
    pub(crate) slots: Vec<Slot>,
    pub(crate) kafka_bytes_per_s: f64,
    pub(crate) consumers: ConsumerLoads,
    /// Share of source events some connector captures.
    pub(crate) captured_share: f64,
    /// Server-wide WAL bytes per source event.
    pub(crate) wal_per_source_event: f64,
    pub(crate) costs: Costs,
    /// Running tasks and their explanation, per connector.
    pub(crate) tasks: Vec<(u64, Text)>,
}

/// Steady-state flow at one input rate.
#[derive(Debug, Clone)]
pub(crate) struct Flow {
    /// Offered events/s per path.
    pub(crate) offered: Vec<f64>,
    /// Events/s per path written to Kafka.
    pub(crate) out: Vec<f64>,
    /// Kafka write scale factor ψ ∈ (0, 1].
    pub(crate) kafka_scale: f64,
    /// Events/s written to Kafka.
    pub(crate) source_throughput: f64,
    /// Events/s processed by consumers.
    pub(crate) consumed: f64,
    /// Captured events/s offered.
    pub(crate) captured: f64,
}

fn weighted_size(config: &Config, sets: &[usize]) -> (f64, f64) {
    let mut share = 0.0;
    let mut bytes = 0.0;
    for &i in sets {
        if let Some(t) = config.table_sets.get(i) {
            share += t.share;
            bytes += t.share * t.avg_event_size_bytes as f64;
        }
    }
    let size = if share > 0.0 { bytes / share } else { 1.0 };
    (share, size)
}

impl Model {
    pub(crate) fn build(config: &Config) -> Self {
        let costs = Costs::from_calibration(&config.calibration);
        let pg: Vec<usize> = config
            .connectors
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == ConnectorKind::Postgresql)
            .map(|(i, _)| i)
            .collect();
        let per_slot = slot_decode_bytes_per_s(
            config.server.walsender_decode_bytes_per_s,
            config.server.decode_budget_bytes_per_s,
            pg.len(),
        );
        let budget_limited = config.server.decode_budget_bytes_per_s / (pg.len().max(1) as f64)
            < config.server.walsender_decode_bytes_per_s;
        let mut slots = Vec::with_capacity(pg.len());
        let mut slot_of = vec![None; config.connectors.len()];
        for &ci in &pg {
            let Some(c) = config.connectors.get(ci) else {
                continue;
            };
            let db = c
                .table_sets
                .first()
                .and_then(|&i| config.table_sets.get(i))
                .map(|t| t.database.clone())
                .unwrap_or_default();
            let (mut w, mut s) = (0.0, 0.0);
            for t in config.table_sets.iter().filter(|t| t.database == db) {
                w += t.share * t.wal_bytes_per_event as f64;
                s += t.share;
            }
            if let Some(x) = slot_of.get_mut(ci) {
                *x = Some(slots.len());
            }
            slots.push(Slot {
                connector: ci,
                database: db,
                wal_per_source_event: w,
                db_share: s,
                decode_bytes_per_s: per_slot,
                budget_limited,
            });
        }
        let mut paths = Vec::new();
        let mut tasks = Vec::with_capacity(config.connectors.len());
        for (ci, c) in config.connectors.iter().enumerate() {
            let (n, note) = tasks_running(c, &config.table_sets);
            tasks.push((n, note));
            for (ti, sets) in task_table_sets(c, &config.table_sets, n).iter().enumerate() {
                let (share, size) = weighted_size(config, sets);
                if share <= 0.0 {
                    continue;
                }
                let task_cap = costs.task(&c.queue, size);
                let slot = slot_of.get(ci).copied().flatten();
                let decode = slot.and_then(|s| slots.get(s)).map(|s| {
                    if s.wal_per_source_event > 0.0 {
                        s.decode_bytes_per_s * share / s.wal_per_source_event
                    } else {
                        f64::MAX
                    }
                });
                let capacity = match decode {
                    Some(d) => task_cap.events_per_s.min(d),
                    None => task_cap.events_per_s,
                };
                paths.push(Path {
                    connector: ci,
                    task: ti,
                    share,
                    size_bytes: size,
                    task_cap,
                    capacity,
                    slot,
                });
            }
        }
        let captured_share = paths.iter().map(|p| p.share).sum::<f64>().min(1.0);
        let wal_per_source_event = config
            .table_sets
            .iter()
            .map(|t| t.share * t.wal_bytes_per_event as f64)
            .sum();
        Self {
            paths,
            slots,
            kafka_bytes_per_s: config.kafka.write_capacity_bytes_per_s,
            consumers: ConsumerLoads::new(&config.kafka),
            captured_share,
            wal_per_source_event,
            costs,
            tasks,
        }
    }

    /// Steady-state flow when the source produces `rate` events/s and nothing is backlogged.
    pub(crate) fn flow(&self, rate: f64) -> Flow {
        let offered: Vec<f64> = self.paths.iter().map(|p| p.share * rate).collect();
        let mut out: Vec<f64> = self
            .paths
            .iter()
            .zip(&offered)
            .map(|(p, &o)| o.min(p.capacity))
            .collect();
        let bytes: f64 = self
            .paths
            .iter()
            .zip(&out)
            .map(|(p, &o)| o * p.size_bytes)
            .sum();
        let kafka_scale = if bytes > self.kafka_bytes_per_s && bytes > 0.0 {
            self.kafka_bytes_per_s / bytes
        } else {
            1.0
        };
        for o in &mut out {
            *o *= kafka_scale;
        }
        let source_throughput: f64 = out.iter().sum();
        let consumed = self
            .consumers
            .throughput(source_throughput)
            .min(source_throughput);
        Flow {
            captured: offered.iter().sum(),
            offered,
            out,
            kafka_scale,
            source_throughput,
            consumed,
        }
    }

    /// Everything the lag simulation reads, as exact bit patterns: two models with the same
    /// signature (and the same profile and horizon) simulate identically.
    pub(crate) fn signature(&self) -> Vec<u64> {
        let mut v = Vec::with_capacity(self.paths.len() * 4 + self.consumers.groups.len() * 2 + 4);
        for p in &self.paths {
            v.push(p.share.to_bits());
            v.push(p.capacity.to_bits());
            v.push(p.size_bytes.to_bits());
            v.push(u64::from(p.slot.is_some()));
        }
        v.push(u64::MAX);
        for g in &self.consumers.groups {
            v.push(g.consumers);
            v.push(g.load_each.to_bits());
        }
        v.push(self.consumers.consumer_rate_events_per_s.to_bits());
        v.push(self.kafka_bytes_per_s.to_bits());
        v.push(self.captured_share.to_bits());
        v.push(self.wal_per_source_event.to_bits());
        v
    }

    /// Kafka record bytes per source event (all captured paths).
    pub(crate) fn kafka_bytes_per_source_event(&self) -> f64 {
        self.paths.iter().map(|p| p.share * p.size_bytes).sum()
    }
}
