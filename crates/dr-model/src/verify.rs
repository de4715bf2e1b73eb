//! The verifier: source changes against the events delivered to the change-event topic.
//!
//! A change counts as delivered once per streamed event of it and once per snapshot that
//! includes it (a snapshot re-sends the rows' state, which contains every earlier change:
//! simplification 5 in the crate docs). Up to the newest change anything delivered reaches:
//! a change delivered 0 times is a **gap**, more than once a **duplicate**. Changes after that
//! horizon are still in flight, not lost.

use crate::world::ChangeEvent;

/// The verifier's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The newest change any event delivers (0 when nothing was delivered).
    pub horizon: u64,
    /// Changes at or below the horizon never delivered, ascending.
    pub gaps: Vec<u64>,
    /// `(change, extra deliveries)` for changes delivered more than once, ascending.
    pub duplicates: Vec<(u64, u64)>,
    /// The longest run of consecutive lost changes, in ms of source writes (run length ×
    /// change interval): the recovery point actually achieved. 0 without gaps.
    pub rpo_ms: u64,
}

impl Verification {
    /// Number of extra deliveries over all duplicated changes.
    pub fn duplicate_count(&self) -> u64 {
        self.duplicates.iter().map(|(_, k)| *k).sum()
    }
}

/// Compares the delivered events with the source (changes `1..`, one every
/// `change_interval_ms`).
pub fn verify(events: &[ChangeEvent], change_interval_ms: u64) -> Verification {
    // Streamed change numbers, sorted below and counted per change by walking them.
    let mut streamed: Vec<u64> = Vec::new();
    let mut snapshots: Vec<u64> = Vec::new();
    let mut horizon = 0;
    for e in events {
        match *e {
            ChangeEvent::Change { change, .. } => {
                streamed.push(change);
                horizon = horizon.max(change);
            }
            ChangeEvent::Snapshot { through_change, .. } => {
                snapshots.push(through_change);
                horizon = horizon.max(through_change);
            }
        }
    }
    // Snapshots covering change n = snapshots with through >= n: walk n upwards over the
    // sorted `through` values.
    index_sort::sort(&mut snapshots);
    index_sort::sort(&mut streamed);
    let mut next = 0usize; // streamed[..next] are < n
    let mut gaps = Vec::new();
    let mut duplicates = Vec::new();
    let mut below = 0usize; // snapshots with through < n
    let mut run = 0u64;
    let mut longest = 0u64;
    for n in 1..=horizon {
        while snapshots.get(below).is_some_and(|t| *t < n) {
            below += 1;
        }
        let by_snapshot = u64::try_from(snapshots.len() - below).unwrap_or(u64::MAX);
        while streamed.get(next).is_some_and(|c| *c < n) {
            next += 1;
        }
        let mut by_stream = 0u64;
        while streamed.get(next).is_some_and(|c| *c == n) {
            by_stream += 1;
            next += 1;
        }
        let total = by_stream + by_snapshot;
        if total == 0 {
            gaps.push(n);
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
            if total > 1 {
                duplicates.push((n, total - 1));
            }
        }
    }
    Verification {
        horizon,
        gaps,
        duplicates,
        rpo_ms: longest.saturating_mul(change_interval_ms),
    }
}
