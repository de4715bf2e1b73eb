//! Stage capacities: the connector task's cost model, logical decoding on the server, and the
//! consumer group's load per member (partitions, key skew).
//!
//! All formulas are written out in the crate documentation (`lib.rs`, "Formulas").

use serde::Serialize;

use crate::config::{Calibration, Kafka, QueueSettings, DEFAULT_MAX_BATCH_SIZE};

/// `x` limited to `[lo, hi]` (NaN stays NaN), like `f64::clamp` but without its run-time
/// check of the bounds, whose panic message would link float formatting into the browser.
pub(crate) fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

/// The connector task's per-event and per-batch costs, derived from the calibration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Costs {
    /// Poll/convert/send thread: seconds per event at the reference size, batch overhead excluded.
    pub poll_event_s: f64,
    /// Streaming thread (read from the slot, build the change event): seconds per event at
    /// the reference size.
    pub stream_event_s: f64,
    /// Seconds of fixed overhead per polled batch.
    pub batch_overhead_s: f64,
    /// Share of the per-event costs that grows linearly with the event size.
    pub size_dependent: f64,
    /// Reference event size.
    pub reference_event_size_bytes: f64,
}

impl Costs {
    /// Derives the costs so that one task with Debezium's default settings and events of the
    /// reference size runs at exactly `single_connector_events_per_s`:
    ///
    /// `τ = 1 / C`, `batch_overhead_s = β·τ·2048`, `poll_event_s = (1 − β)·τ`,
    /// `stream_event_s = τ / (1 + h)`.
    pub fn from_calibration(c: &Calibration) -> Self {
        let tau = 1.0 / c.single_connector_events_per_s;
        Self {
            poll_event_s: (1.0 - c.batch_overhead) * tau,
            stream_event_s: tau / (1.0 + c.streaming_headroom),
            batch_overhead_s: c.batch_overhead * tau * DEFAULT_MAX_BATCH_SIZE as f64,
            size_dependent: c.size_dependent,
            reference_event_size_bytes: c.reference_event_size_bytes as f64,
        }
    }

    /// Multiplier of the per-event cost for events of `size_bytes`:
    /// `(1 − κ) + κ·size / reference`.
    pub fn size_factor(&self, size_bytes: f64) -> f64 {
        (1.0 - self.size_dependent)
            + self.size_dependent * size_bytes / self.reference_event_size_bytes
    }

    /// Capacity of one task with `queue` settings and mean event size `size_bytes`.
    pub fn task(&self, queue: &QueueSettings, size_bytes: f64) -> TaskCapacity {
        let size_bytes = size_bytes.max(1.0);
        // max.queue.size.in.bytes caps the queue length in events (whichever limit comes first).
        let queue_events = if queue.max_queue_size_in_bytes > 0 {
            let by_bytes = (queue.max_queue_size_in_bytes as f64 / size_bytes)
                .floor()
                .max(1.0);
            (queue.max_queue_size as f64).min(by_bytes)
        } else {
            queue.max_queue_size as f64
        };
        let batch = (queue.max_batch_size as f64).min(queue_events).max(1.0);
        let overlap = clamp((queue_events - batch) / batch, 0.0, 1.0);
        let f = self.size_factor(size_bytes);
        let poll = self.poll_event_s * f + self.batch_overhead_s / batch;
        let stream = self.stream_event_s * f;
        let per_event = poll.max(stream) + (1.0 - overlap) * poll.min(stream);
        let thread = if poll >= stream {
            TaskThread::Poll
        } else {
            TaskThread::Streaming
        };
        TaskCapacity {
            events_per_s: 1.0 / per_event,
            poll_thread_events_per_s: 1.0 / poll,
            streaming_thread_events_per_s: 1.0 / stream,
            effective_batch: batch,
            overlap,
            batch_overhead_share: (self.batch_overhead_s / batch) / poll,
            limited_by: thread,
        }
    }
}

/// Which of the task's two threads limits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskThread {
    /// Kafka Connect's poll → convert → produce thread (batch overhead lives here).
    Poll,
    /// Debezium's streaming thread reading from the replication slot.
    Streaming,
}

/// Capacity of one connector task.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TaskCapacity {
    /// Events/s the task sustains.
    pub events_per_s: f64,
    /// The poll thread alone.
    pub poll_thread_events_per_s: f64,
    /// The streaming thread alone.
    pub streaming_thread_events_per_s: f64,
    /// Events per polled batch at saturation (`min(max.batch.size, queue length)`).
    pub effective_batch: f64,
    /// How much the two threads overlap: `clamp((queue − batch) / batch, 0, 1)`.
    pub overlap: f64,
    /// Share of the poll thread's time per event spent in per-batch overhead.
    pub batch_overhead_share: f64,
    /// The slower thread.
    pub limited_by: TaskThread,
}

/// Decoding capacity of one replication slot (walsender), in WAL bytes/s:
/// `min(walsender, budget / slots)`.
pub fn slot_decode_bytes_per_s(
    walsender_bytes_per_s: f64,
    budget_bytes_per_s: f64,
    slots: usize,
) -> f64 {
    let n = slots.max(1) as f64;
    walsender_bytes_per_s.min(budget_bytes_per_s / n)
}

/// One group of identical consumers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ConsumerGroupShare {
    /// Number of consumers in this group.
    pub consumers: u64,
    /// Partitions each of them owns.
    pub partitions_each: u64,
    /// Share of all records each of them receives.
    pub load_each: f64,
    /// Whether this group is the consumer holding the hot key's partition.
    pub has_hot_key: bool,
}

/// How the consumer group's work is spread: partitions over consumers, hot key on one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsumerLoads {
    /// Consumers that own at least one partition: `min(consumers, partitions)`.
    pub active_consumers: u64,
    /// Consumers without a partition (they sit idle).
    pub idle_consumers: u64,
    /// Groups of identical consumers (at most three).
    pub groups: Vec<ConsumerGroupShare>,
    /// Largest share one consumer receives.
    pub max_load: f64,
    /// Share of the hot key's partition: `s + (1 − s)/P`.
    pub hot_partition_load: f64,
    /// Events/s one consumer processes.
    pub consumer_rate_events_per_s: f64,
}

impl ConsumerLoads {
    /// Spreads `partitions` over `consumers` like Kafka's range assignor (counts as even as
    /// possible, the first `P mod A` consumers get one more) and puts the hot key's partition
    /// on consumer 0, which owns the most partitions (the worst case).
    pub fn new(k: &Kafka) -> Self {
        let p = k.partitions.max(1);
        let a = k.consumers.max(1).min(p);
        let s = clamp(k.hot_key_share, 0.0, 1.0);
        let q = p / a;
        let r = p % a;
        let per_partition = (1.0 - s) / p as f64;
        let n0 = if r > 0 { q + 1 } else { q };
        let mut groups = vec![ConsumerGroupShare {
            consumers: 1,
            partitions_each: n0,
            load_each: s + n0 as f64 * per_partition,
            has_hot_key: true,
        }];
        if r > 1 {
            groups.push(ConsumerGroupShare {
                consumers: r - 1,
                partitions_each: q + 1,
                load_each: (q + 1) as f64 * per_partition,
                has_hot_key: false,
            });
        }
        let rest = if r > 0 { a - r } else { a - 1 };
        if rest > 0 {
            groups.push(ConsumerGroupShare {
                consumers: rest,
                partitions_each: q,
                load_each: q as f64 * per_partition,
                has_hot_key: false,
            });
        }
        let max_load = groups.iter().map(|g| g.load_each).fold(0.0, f64::max);
        Self {
            active_consumers: a,
            idle_consumers: k.consumers.saturating_sub(a),
            groups,
            max_load,
            hot_partition_load: s + per_partition,
            consumer_rate_events_per_s: k.consumer_rate_events_per_s,
        }
    }

    /// Records/s the group processes when `input` records/s arrive (steady state):
    /// `Σ_groups n·min(load·input, rate)`.
    pub fn throughput(&self, input: f64) -> f64 {
        self.groups
            .iter()
            .map(|g| {
                g.consumers as f64 * (g.load_each * input).min(self.consumer_rate_events_per_s)
            })
            .sum()
    }

    /// Input rate at which the busiest consumer saturates: `rate / max_load`.
    pub fn saturation_input(&self) -> f64 {
        if self.max_load > 0.0 {
            self.consumer_rate_events_per_s / self.max_load
        } else {
            f64::MAX
        }
    }

    /// Total processing capacity of the active consumers: `A·rate`.
    pub fn total_capacity(&self) -> f64 {
        self.active_consumers as f64 * self.consumer_rate_events_per_s
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn cal() -> Calibration {
        Calibration {
            single_connector_events_per_s: 7000.0,
            reference_event_size_bytes: 1024,
            batch_overhead: 0.2,
            size_dependent: 0.5,
            streaming_headroom: 0.5,
        }
    }

    #[test]
    fn defaults_reproduce_the_calibration() {
        let c = Costs::from_calibration(&cal());
        let t = c.task(&QueueSettings::DEFAULT, 1024.0);
        assert!((t.events_per_s - 7000.0).abs() < 1e-6, "{t:?}");
        assert_eq!(t.limited_by, TaskThread::Poll);
    }

    #[test]
    fn three_consumers_four_partitions() {
        // P = 4, C = 3: consumer 0 owns 2 partitions (50 %), the others 1 each (25 %).
        let k = Kafka {
            write_capacity_bytes_per_s: 1e9,
            partitions: 4,
            hot_key_share: 0.0,
            consumers: 3,
            consumer_rate_events_per_s: 1000.0,
        };
        let l = ConsumerLoads::new(&k);
        assert_eq!(l.active_consumers, 3);
        assert!((l.max_load - 0.5).abs() < 1e-12);
        assert!((l.saturation_input() - 2000.0).abs() < 1e-9);
        let total: f64 = l
            .groups
            .iter()
            .map(|g| g.consumers as f64 * g.load_each)
            .sum();
        assert!((total - 1.0).abs() < 1e-12);
    }
}
