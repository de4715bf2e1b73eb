//! What happens at instants: event markers from the report's log, checkpoint ticks and
//! heartbeat ticks. All of it is bounded work per redraw, whatever the log's length or the
//! heartbeat interval: events are looked up by binary search per pixel column with a cap per
//! column, and ticks are computed only inside the window and only when few enough to tell
//! apart.
//!
//! **Checkpoints.** The report logs a checkpoint only when it removed or recycled WAL
//! (`CheckpointRemovedWal`); those ticks are exact. Checkpoints that removed nothing (the
//! ones a pinning slot makes useless) and idle-skipped ones are not logged, so the lane also
//! shows the `checkpoint_timeout` schedule `k · checkpoint_timeout` as lighter ticks. That
//! schedule is an approximation: a WAL-volume checkpoint (`max_wal_size`) restarts the
//! timer in PostgreSQL (and in the model), which the schedule ignores.
//!
//! **Heartbeats.** Computed, not logged: a connector streams from a `ConnectorStateChanged`
//! to `running` until its next state change; while it streams, with
//! `heartbeat.interval.ms = h > 0` (the scenario's value, changed by `heartbeat_on` /
//! `heartbeat_off` events), beats fall at `since + k·h`, `k ≥ 1` (the model's
//! simplification 6). Approximations: before Debezium 2.4 the real train starts only at
//! the first message after a start (DBZ-6635); a failed beat that splits a train is not
//! shown; beats stop when the server goes down.

use wal_model::report::{ConnectorState, LogKind};
use wal_model::scenario::EventKind;
use wal_model::{LogEvent, Report, Scenario};

use crate::geometry::ChartGeometry;

/// Kinds of event markers, in drawing priority (first wins a crowded pixel column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MarkKind {
    /// A slot invalidated by a checkpoint.
    SlotInvalidated,
    /// A data gap (connector recreated its slot).
    DataGap,
    /// A connector state change.
    Connector(ConnectorStateOrd),
}

/// `ConnectorState` with an order (failures first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ConnectorStateOrd {
    /// FAILED.
    Failed,
    /// Restarting after a retriable error.
    Restarting,
    /// Stopped.
    Stopped,
    /// Running.
    Running,
}

impl From<ConnectorState> for ConnectorStateOrd {
    fn from(s: ConnectorState) -> Self {
        match s {
            ConnectorState::Running => ConnectorStateOrd::Running,
            ConnectorState::Stopped => ConnectorStateOrd::Stopped,
            ConnectorState::Failed => ConnectorStateOrd::Failed,
            ConnectorState::Restarting => ConnectorStateOrd::Restarting,
        }
    }
}

/// One marker: when and what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    pub t_ms: u64,
    pub kind: MarkKind,
}

/// Most log entries examined per pixel column.
const EVENTS_PER_COLUMN: usize = 64;

fn mark_of(e: &LogEvent) -> Option<MarkKind> {
    match &e.kind {
        LogKind::SlotInvalidated { .. } => Some(MarkKind::SlotInvalidated),
        LogKind::DataGap { .. } => Some(MarkKind::DataGap),
        // The initial start is the scenario's premise, not an event.
        LogKind::ConnectorStateChanged { state, .. } if e.t_ms > 0 => {
            Some(MarkKind::Connector((*state).into()))
        }
        _ => None,
    }
}

/// Markers in the window, at most one per pixel column (the most important one; for a
/// connector's several changes at one instant, its last state).
pub(crate) fn event_marks(report: &Report, geo: &ChartGeometry) -> Vec<Mark> {
    let width = i64::from(geo.plot_right_px) - i64::from(geo.plot_left_px);
    let events = &report.events;
    let mut out: Vec<Mark> = Vec::new();
    if width <= 0 {
        return out;
    }
    let mut i = events.partition_point(|e| e.t_ms < geo.from_ms);
    for col in 0..width {
        let col_end = if col + 1 == width {
            geo.to_ms
        } else {
            geo.x_to_ms(f64::from(geo.plot_left_px) + (col + 1) as f64)
        };
        let mut best: Option<Mark> = None;
        let mut seen = 0;
        while let Some(e) = events.get(i) {
            if e.t_ms > col_end || (e.t_ms == col_end && col + 1 < width) {
                break;
            }
            if seen >= EVENTS_PER_COLUMN {
                i = events.partition_point(|x| x.t_ms < col_end);
                break;
            }
            seen += 1;
            i += 1;
            let Some(kind) = mark_of(e) else { continue };
            let kind = match (kind, &e.kind) {
                // A restart logs STOPPED then RUNNING at one instant: keep the last state.
                (MarkKind::Connector(_), LogKind::ConnectorStateChanged { connector, .. }) => {
                    last_state_at(events, i - 1, *connector).map_or(kind, MarkKind::Connector)
                }
                _ => kind,
            };
            let m = Mark { t_ms: e.t_ms, kind };
            if best.is_none_or(|b| m.kind < b.kind) {
                best = Some(m);
            }
        }
        if let Some(m) = best {
            out.push(m);
        }
        if i >= events.len() || events.get(i).is_some_and(|e| e.t_ms > geo.to_ms) {
            break;
        }
    }
    out
}

/// The last state of `connector` logged at the same instant as `events[at]`.
fn last_state_at(events: &[LogEvent], at: usize, connector: usize) -> Option<ConnectorStateOrd> {
    let t = events.get(at)?.t_ms;
    events
        .iter()
        .skip(at)
        .take(EVENTS_PER_COLUMN)
        .take_while(|e| e.t_ms == t)
        .filter_map(|e| match &e.kind {
            LogKind::ConnectorStateChanged {
                connector: c,
                state,
            } if *c == connector => Some(ConnectorStateOrd::from(*state)),
            _ => None,
        })
        .last()
}

/// Whether instants every `every_ms` are few and far enough apart to draw in the window.
fn distinguishable(geo: &ChartGeometry, every_ms: u64, cap: u64) -> bool {
    if every_ms == 0 {
        return false;
    }
    let span = geo.to_ms.saturating_sub(geo.from_ms);
    let width = (i64::from(geo.plot_right_px) - i64::from(geo.plot_left_px)).max(0) as u64;
    let count = span / every_ms;
    count <= cap && count.saturating_mul(4) <= width
}

/// Checkpoint ticks: `(schedule, logged)`. The schedule (`k·checkpoint_timeout`) is empty
/// when too dense; logged checkpoints (those that removed WAL) are empty when more than
/// `cap` fall in the window or two of them are closer than 3 px.
pub(crate) fn checkpoint_ticks(
    report: &Report,
    scenario: &Scenario,
    geo: &ChartGeometry,
    cap: u64,
) -> (Vec<u64>, Vec<u64>) {
    let every = scenario.checkpoint_timeout_ms;
    let end = geo.to_ms.min(report.server_down_at_ms.unwrap_or(u64::MAX));
    let schedule = if distinguishable(geo, every, cap) {
        crate::geometry::time_ticks(geo.from_ms, end, every, cap as usize + 1)
            .into_iter()
            .filter(|t| *t > 0 && *t < report.duration_ms)
            .collect()
    } else {
        Vec::new()
    };
    let events = &report.events;
    let first = events.partition_point(|e| e.t_ms < geo.from_ms);
    let last = events.partition_point(|e| e.t_ms <= geo.to_ms);
    let mut logged = Vec::new();
    // Bounded scan: a window with more log entries than this is too wide for ticks anyway.
    let scan_cap = (cap as usize).saturating_mul(64);
    if last.saturating_sub(first) <= scan_cap {
        for e in events.get(first..last).unwrap_or(&[]) {
            if matches!(e.kind, LogKind::CheckpointRemovedWal { .. }) {
                logged.push(e.t_ms);
                if logged.len() as u64 > cap {
                    logged.clear();
                    break;
                }
            }
        }
    }
    // Distinguishable: every two consecutive ticks at least 3 px apart (a burst of
    // WAL-triggered checkpoints would otherwise draw a solid bar).
    let crowded = logged
        .windows(2)
        .any(|w| matches!(w, [a, b] if geo.ms_to_x(*b) - geo.ms_to_x(*a) < 3.0));
    if crowded {
        logged.clear();
    }
    (schedule, logged)
}

/// The heartbeat interval of connector `k` in force at `t_ms`.
fn heartbeat_interval_at(scenario: &Scenario, k: usize, t_ms: u64) -> u64 {
    let mut iv = scenario
        .connectors
        .get(k)
        .map_or(0, |c| c.heartbeat.interval_ms);
    for e in &scenario.events {
        if e.at_ms > t_ms {
            break;
        }
        match e.kind {
            EventKind::HeartbeatOn(c, v) if c == k => iv = v,
            EventKind::HeartbeatOff(c) if c == k => iv = 0,
            _ => {}
        }
    }
    iv
}

/// Heartbeat ticks in the window: `(t_ms, connector)`; empty when they would be too dense
/// (more than `cap`, or closer than 4 px). See the module docs for the approximation.
pub(crate) fn heartbeat_ticks(
    report: &Report,
    scenario: &Scenario,
    geo: &ChartGeometry,
    cap: u64,
) -> Vec<(u64, usize)> {
    let mut out = Vec::new();
    let n = report.connectors.len().min(scenario.connectors.len());
    if n == 0 {
        return out;
    }
    // The smallest interval any connector ever uses decides if ticks can be told apart.
    let min_iv = scenario
        .connectors
        .iter()
        .map(|c| c.heartbeat.interval_ms)
        .chain(scenario.events.iter().filter_map(|e| match e.kind {
            EventKind::HeartbeatOn(_, v) => Some(v),
            _ => None,
        }))
        .filter(|v| *v > 0)
        .min();
    let Some(min_iv) = min_iv else { return out };
    if !distinguishable(geo, min_iv, cap) {
        return out;
    }
    let events = &report.events;
    let start = events.partition_point(|e| e.t_ms < geo.from_ms);
    let end_i = events.partition_point(|e| e.t_ms <= geo.to_ms);
    // Bounded: windows this narrow hold few log entries; give up rather than scan a flood.
    const SCAN_CAP: usize = 100_000;
    if end_i.saturating_sub(start) > SCAN_CAP {
        return out;
    }
    let stop_ms = geo.to_ms.min(report.server_down_at_ms.unwrap_or(u64::MAX));
    for k in 0..n {
        // State at the window start: the last state change before it (bounded backward scan).
        let mut since: Option<u64> = None;
        for e in events
            .get(..start)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take(SCAN_CAP)
        {
            if let LogKind::ConnectorStateChanged { connector, state } = &e.kind {
                if *connector == k {
                    since = (*state == ConnectorState::Running).then_some(e.t_ms);
                    break;
                }
            }
        }
        let mut runs: Vec<(u64, u64)> = Vec::new();
        for e in events.get(start..end_i).unwrap_or(&[]) {
            if let LogKind::ConnectorStateChanged { connector, state } = &e.kind {
                if *connector != k {
                    continue;
                }
                if let Some(s) = since.take() {
                    runs.push((s, e.t_ms));
                }
                if *state == ConnectorState::Running {
                    since = Some(e.t_ms);
                }
            }
        }
        if let Some(s) = since {
            runs.push((s, stop_ms));
        }
        for (s, e) in runs {
            let iv = heartbeat_interval_at(scenario, k, s);
            if iv == 0 {
                continue;
            }
            let e = e.min(stop_ms);
            let lo = geo.from_ms.max(s.saturating_add(iv));
            if lo > e {
                continue;
            }
            let j = (lo - s).div_ceil(iv);
            let mut t = s.saturating_add(j.saturating_mul(iv));
            while t < e && t <= geo.to_ms {
                out.push((t, k));
                if out.len() as u64 > cap {
                    return Vec::new();
                }
                match t.checked_add(iv) {
                    Some(next) => t = next,
                    None => break,
                }
            }
        }
    }
    index_sort::sort(&mut out);
    out
}
