//! What the state panels beside the terminal show, computed from a [`Drill`]: the connector
//! and task state, the slot rows, the latest `connect-offsets` record, the data topic's
//! counts and the timeline (the model's log and the commands, by simulated time). The view
//! only lays these out.

use crate::dr::drill::Drill;
use dr_model::world::pg_lsn_text;
use dr_model::{ChangeEvent, CONNECTOR, INCIDENT_AT_MS};

/// One `pg_replication_slots` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRow {
    /// `slot_name`.
    pub name: String,
    /// `active`.
    pub active: bool,
    /// `restart_lsn` as `X/Y`.
    pub restart_lsn: String,
    /// `confirmed_flush_lsn` as `X/Y`.
    pub confirmed_flush_lsn: String,
    /// WAL retained, bytes.
    pub retained_bytes: u64,
}

/// The latest `connect-offsets` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestOffset {
    /// Key JSON.
    pub key: String,
    /// Value JSON, `null` for a tombstone.
    pub value: String,
    /// When it was written, ms.
    pub at_ms: u64,
}

/// What kind of timeline item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineKind {
    /// The model's log line (what the services did).
    Log,
    /// A command typed (index into the transcript).
    Command(usize),
}

/// One timeline item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    /// Simulated time, ms.
    pub at_ms: u64,
    /// The text.
    pub text: String,
    /// Its kind.
    pub kind: TimelineKind,
}

/// Everything the panels show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panels {
    /// Whether the worker answers.
    pub worker_up: bool,
    /// The lab connector's state and its task's (`None`: no connector).
    pub connector: Option<(&'static str, Option<&'static str>)>,
    /// The task's failure trace, if FAILED.
    pub task_trace: Option<String>,
    /// Slot rows, by name.
    pub slots: Vec<SlotRow>,
    /// The newest `connect-offsets` record.
    pub latest_offset: Option<LatestOffset>,
    /// Records in `connect-offsets`.
    pub offset_records: usize,
    /// Events in the change topic.
    pub events: usize,
    /// Snapshots among them.
    pub snapshots: usize,
    /// The newest change delivered.
    pub last_change: u64,
    /// The newest change written at the source.
    pub written: u64,
    /// Timeline, by time (log lines before commands at the same instant).
    pub timeline: Vec<TimelineItem>,
    /// Simulated time now.
    pub now_ms: u64,
    /// When the incident happened.
    pub incident_at_ms: u64,
}

/// The panels of `drill` now.
pub fn panels(drill: &Drill) -> Panels {
    let w = drill.world();
    let now = w.now_ms();
    let (connector, task_trace) = match (w.worker_up(), w.connector_state(CONNECTOR)) {
        (true, Some((c, t))) => {
            let trace = match &t {
                Some(dr_model::TaskState::Failed(trace)) => Some(trace.clone()),
                _ => None,
            };
            (Some((c.as_str(), t.as_ref().map(|t| t.as_str()))), trace)
        }
        _ => (None, None),
    };
    let current = w.source().current_lsn(now);
    let slots = w
        .slots()
        .iter()
        .map(|s| SlotRow {
            name: s.name.clone(),
            active: s.active(),
            restart_lsn: pg_lsn_text(s.restart_lsn),
            confirmed_flush_lsn: pg_lsn_text(s.confirmed_flush_lsn),
            retained_bytes: current.saturating_sub(s.restart_lsn),
        })
        .collect();
    let records = w.offsets_topic().records();
    let latest_offset = records.last().map(|r| LatestOffset {
        key: r.key_json(),
        value: r.value.map_or_else(|| "null".to_string(), |v| v.to_json()),
        at_ms: r.at_ms,
    });
    let events = w.events();
    let snapshots = events
        .iter()
        .filter(|e| matches!(e, ChangeEvent::Snapshot { .. }))
        .count();
    let mut timeline: Vec<TimelineItem> = w
        .log()
        .iter()
        .map(|(at_ms, text)| TimelineItem {
            at_ms: *at_ms,
            text: text.clone(),
            kind: TimelineKind::Log,
        })
        .collect();
    timeline.extend(
        drill
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| TimelineItem {
                at_ms: e.at_ms,
                text: e.line.clone(),
                kind: TimelineKind::Command(i),
            }),
    );
    // Stable: log lines (pushed first) stay before commands at the same instant.
    index_sort::sort_by_key(&mut timeline, |t| t.at_ms);
    Panels {
        worker_up: w.worker_up(),
        connector,
        task_trace,
        slots,
        latest_offset,
        offset_records: records.len(),
        events: events.len(),
        snapshots,
        last_change: drill.verification().horizon,
        written: w.source().written_by(now),
        timeline,
        now_ms: now,
        incident_at_ms: INCIDENT_AT_MS,
    }
}

/// The x position of `at_ms` on a timeline `width` wide that spans 0..=`now_ms`.
pub fn timeline_x(at_ms: u64, now_ms: u64, width: u32) -> u32 {
    if now_ms == 0 {
        return 0;
    }
    let x = u128::from(at_ms.min(now_ms)) * u128::from(width) / u128::from(now_ms);
    u32::try_from(x).unwrap_or(width)
}
