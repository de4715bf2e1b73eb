//! The lag simulation: a fluid queue per connector task (events waiting in WAL/slot) and per
//! consumer (records waiting in Kafka), stepped through the input profile.
//!
//! Each step of length `dt` uses the exact mean input rate of the profile over the step. With
//! constant rates inside a step a fluid queue is solved exactly:
//! `out = min(capacity·dt, backlog + in·dt)`, `backlog' = backlog + in·dt − out`. The Kafka
//! write limit scales all tasks' output by the same factor when their bytes exceed it.
//!
//! Lag in seconds is the age of the oldest unprocessed event (like Debezium's
//! `MilliSecondsBehindSource`), read from the cumulative arrival curve `A(t)`: a task that has
//! delivered `D` events of its share `σ` is at source position `D/σ`, which arrived at
//! `A⁻¹(D/σ)`; its lag is `t − A⁻¹(D/σ)`.

use serde::Serialize;

use crate::config::{Config, Profile};
use crate::model::Model;

/// One point of the lag series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LagPoint {
    /// Time from the start of the simulation.
    pub t_s: u64,
    /// Mean source rate over the step that ends here (at t = 0: the rate at 0).
    pub input_events_per_s: f64,
    /// Records/s processed by the consumers over the step.
    pub consumed_events_per_s: f64,
    /// Events not yet read by the connectors (waiting in the WAL / slot).
    pub source_lag_events: u64,
    /// Records in Kafka not yet processed by the consumers.
    pub consumer_lag_events: u64,
    /// Age of the oldest event not yet written to Kafka (worst task), seconds.
    pub source_lag_s: f64,
    /// Age of the oldest event not yet processed by a consumer, seconds.
    pub end_to_end_lag_s: f64,
    /// WAL the slowest PostgreSQL slot retains because of lag (beyond the healthy amount).
    pub retained_wal_bytes: u64,
}

/// Summary of a simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LagSummary {
    /// Mean source rate over the horizon.
    pub mean_input_events_per_s: f64,
    /// Largest connector-side backlog, events.
    pub max_source_lag_events: u64,
    /// Largest Kafka-side backlog, events.
    pub max_consumer_lag_events: u64,
    /// Largest total backlog (source + consumers), events.
    pub max_end_to_end_lag_events: u64,
    /// When the largest total backlog occurs.
    pub max_end_to_end_lag_at_s: u64,
    /// Largest source lag, seconds.
    pub max_source_lag_s: f64,
    /// Largest end-to-end lag, seconds.
    pub max_end_to_end_lag_s: f64,
    /// Backlogs at the end of the horizon.
    pub final_source_lag_events: u64,
    /// Kafka-side backlog at the end of the horizon.
    pub final_consumer_lag_events: u64,
    /// Largest lag-caused WAL retention.
    pub max_retained_wal_bytes: u64,
    /// Start of the drain measurement: the end of the burst (`burst` profile) or the moment of
    /// the largest backlog (other profiles). `None` when nothing ever lagged.
    pub drain_from_s: Option<u64>,
    /// Seconds from `drain_from_s` until the whole backlog is gone, to the simulation step.
    /// `None` when it does not drain within the horizon (or nothing lagged).
    pub drain_s: Option<u64>,
}

/// Backlogs below this many events count as empty (the fluid model leaves rounding dust).
const EPS_EVENTS: f64 = 1e-6;

fn to_count(x: f64) -> u64 {
    if x.is_finite() && x > 0.5 {
        x.round().min(u64::MAX as f64) as u64
    } else {
        0
    }
}

/// The time at which the cumulative arrivals reached `x`, by linear interpolation. `cursor`
/// remembers where the previous (smaller or equal) `x` was found: positions only move forward,
/// so the search is amortised O(1).
fn arrival_time(cum: &[f64], times: &[f64], x: f64, cursor: &mut usize) -> f64 {
    let mut j1 = *cursor;
    while cum.get(j1).is_some_and(|&a| a < x) {
        j1 += 1;
    }
    *cursor = j1;
    if j1 == 0 {
        return times.first().copied().unwrap_or(0.0);
    }
    let (Some(&a0), Some(&t0)) = (cum.get(j1 - 1), times.get(j1 - 1)) else {
        return 0.0;
    };
    match (cum.get(j1), times.get(j1)) {
        (Some(&a1), Some(&t1)) if a1 > a0 => t0 + (x - a0) / (a1 - a0) * (t1 - t0),
        _ => times.last().copied().unwrap_or(0.0),
    }
}

/// The cumulative arrival curve `A(t)` at the step boundaries. It depends only on the profile
/// and the horizon, so one is shared by the current setup and every comparison variant.
#[derive(Debug, Clone)]
pub(crate) struct Arrivals {
    times: Vec<f64>,
    cum: Vec<f64>,
}

impl Arrivals {
    pub(crate) fn new(config: &Config) -> Self {
        let duration = config.duration_s as f64;
        let step = config.step_s as f64;
        let n_steps = config.duration_s.div_ceil(config.step_s) as usize;
        let mut times = Vec::with_capacity(n_steps + 1);
        let mut cum = Vec::with_capacity(n_steps + 1);
        times.push(0.0);
        cum.push(0.0);
        let mut prev = 0.0_f64;
        for i in 1..=n_steps {
            let t = (i as f64 * step).min(duration);
            let a = config.profile.cumulative(t).max(prev);
            times.push(t);
            cum.push(a);
            prev = a;
        }
        Self { times, cum }
    }

    /// Mean source rate over the horizon.
    pub(crate) fn mean_rate(&self) -> f64 {
        match (self.times.last(), self.cum.last()) {
            (Some(&t), Some(&a)) if t > 0.0 => a / t,
            _ => 0.0,
        }
    }
}

/// The summary of a setup that never lags (peak input at or below every saturation point):
/// every backlog stays empty, so no stepping is needed.
pub(crate) fn no_lag_summary(arrivals: &Arrivals) -> LagSummary {
    LagSummary {
        mean_input_events_per_s: arrivals.mean_rate(),
        max_source_lag_events: 0,
        max_consumer_lag_events: 0,
        max_end_to_end_lag_events: 0,
        max_end_to_end_lag_at_s: 0,
        max_source_lag_s: 0.0,
        max_end_to_end_lag_s: 0.0,
        final_source_lag_events: 0,
        final_consumer_lag_events: 0,
        max_retained_wal_bytes: 0,
        drain_from_s: None,
        drain_s: None,
    }
}

/// Runs the simulation. With `keep_series` false only the summary is produced.
pub(crate) fn simulate(
    config: &Config,
    model: &Model,
    arrivals: &Arrivals,
    keep_series: bool,
) -> (LagSummary, Vec<LagPoint>) {
    let profile = &config.profile;
    let duration = config.duration_s as f64;
    let times = &arrivals.times;
    let cum_all = &arrivals.cum;
    let n_steps = times.len().saturating_sub(1);
    let n_paths = model.paths.len();
    let groups = &model.consumers.groups;
    let rate_c = model.consumers.consumer_rate_events_per_s;

    let mut backlog = vec![0.0_f64; n_paths];
    let mut delivered = vec![0.0_f64; n_paths];
    let mut cbacklog = vec![0.0_f64; groups.len()];
    let mut consumed_each = vec![0.0_f64; groups.len()];
    let mut out = vec![0.0_f64; n_paths];
    let mut path_cursor = vec![0_usize; n_paths];
    let mut group_cursor = vec![0_usize; groups.len()];

    let mut series = Vec::with_capacity(if keep_series { n_steps + 1 } else { 0 });
    if keep_series {
        series.push(LagPoint {
            t_s: 0,
            input_events_per_s: profile.rate_at(0.0),
            consumed_events_per_s: 0.0,
            source_lag_events: 0,
            consumer_lag_events: 0,
            source_lag_s: 0.0,
            end_to_end_lag_s: 0.0,
            retained_wal_bytes: 0,
        });
    }
    let mut s = no_lag_summary(arrivals);
    let mut max_total = 0.0_f64;
    let mut total_at: Vec<f64> = Vec::with_capacity(n_steps + 1);
    total_at.push(0.0);
    let captured = model.captured_share;

    for i in 1..=n_steps {
        let (Some(&t0), Some(&t1), Some(&prev_cum), Some(&now_cum)) = (
            times.get(i - 1),
            times.get(i),
            cum_all.get(i - 1),
            cum_all.get(i),
        ) else {
            break;
        };
        let dt = t1 - t0;
        let rate = if dt > 0.0 {
            (now_cum - prev_cum) / dt
        } else {
            0.0
        };
        // Only arrivals up to now are searched.
        let cum = cum_all.get(..=i).unwrap_or(cum_all);
        let times_now = times.get(..=i).unwrap_or(times);

        // Connector tasks.
        let mut bytes = 0.0;
        for ((p, b), o) in model.paths.iter().zip(&backlog).zip(out.iter_mut()) {
            let inflow = p.share * rate * dt;
            *o = (p.capacity * dt).min(b + inflow);
            bytes += *o * p.size_bytes;
        }
        let limit = model.kafka_bytes_per_s * dt;
        let scale = if bytes > limit && bytes > 0.0 {
            limit / bytes
        } else {
            1.0
        };
        let mut merged = 0.0;
        let mut source_lag = 0.0;
        let mut source_age = 0.0_f64;
        let mut retained = 0.0_f64;
        for ((((p, b), d), o), cur) in model
            .paths
            .iter()
            .zip(backlog.iter_mut())
            .zip(delivered.iter_mut())
            .zip(out.iter())
            .zip(path_cursor.iter_mut())
        {
            let o = o * scale;
            let inflow = p.share * rate * dt;
            *b = (*b + inflow - o).max(0.0);
            *d += o;
            merged += o;
            source_lag += *b;
            if *b > EPS_EVENTS && p.share > 0.0 {
                let age = t1 - arrival_time(cum, times_now, *d / p.share, cur);
                source_age = source_age.max(age);
                if p.slot.is_some() {
                    retained = retained.max(*b / p.share * model.wal_per_source_event);
                }
            }
        }

        // Consumers.
        let mut consumer_lag = 0.0;
        let mut consumed_now = 0.0;
        let mut e2e_age = source_age;
        for (((g, cb), ce), cur) in groups
            .iter()
            .zip(cbacklog.iter_mut())
            .zip(consumed_each.iter_mut())
            .zip(group_cursor.iter_mut())
        {
            let inflow = g.load_each * merged;
            let o = (rate_c * dt).min(*cb + inflow);
            *cb = (*cb + inflow - o).max(0.0);
            *ce += o;
            consumer_lag += g.consumers as f64 * *cb;
            consumed_now += g.consumers as f64 * o;
            if g.load_each > 0.0 && captured > 0.0 && (*cb > EPS_EVENTS || source_lag > EPS_EVENTS)
            {
                let pos = *ce / (g.load_each * captured);
                if pos < now_cum - EPS_EVENTS {
                    e2e_age = e2e_age.max(t1 - arrival_time(cum, times_now, pos, cur));
                }
            }
        }
        let total = source_lag + consumer_lag;
        total_at.push(total);
        if total > max_total {
            max_total = total;
            s.max_end_to_end_lag_at_s = t1 as u64;
        }
        let src_events = to_count(source_lag);
        let con_events = to_count(consumer_lag);
        s.max_source_lag_events = s.max_source_lag_events.max(src_events);
        s.max_consumer_lag_events = s.max_consumer_lag_events.max(con_events);
        s.max_source_lag_s = s.max_source_lag_s.max(source_age);
        s.max_end_to_end_lag_s = s.max_end_to_end_lag_s.max(e2e_age);
        let retained_bytes = to_count(retained);
        s.max_retained_wal_bytes = s.max_retained_wal_bytes.max(retained_bytes);
        if i == n_steps {
            s.final_source_lag_events = src_events;
            s.final_consumer_lag_events = con_events;
        }
        if keep_series {
            series.push(LagPoint {
                t_s: t1 as u64,
                input_events_per_s: rate,
                consumed_events_per_s: if dt > 0.0 { consumed_now / dt } else { 0.0 },
                source_lag_events: src_events,
                consumer_lag_events: con_events,
                source_lag_s: source_age,
                end_to_end_lag_s: e2e_age,
                retained_wal_bytes: retained_bytes,
            });
        }
    }
    s.max_end_to_end_lag_events = to_count(max_total);

    // Drain time.
    if max_total > EPS_EVENTS {
        let from = match *profile {
            Profile::Burst {
                start_s,
                duration_s,
                ..
            } => start_s.saturating_add(duration_s),
            _ => s.max_end_to_end_lag_at_s,
        };
        if (from as f64) <= duration {
            s.drain_from_s = Some(from);
            s.drain_s = times
                .iter()
                .zip(&total_at)
                .find(|(&t, &b)| t >= from as f64 && b <= EPS_EVENTS)
                .map(|(&t, _)| (t as u64).saturating_sub(from));
        }
    }
    (s, series)
}
