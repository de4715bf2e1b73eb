//! The fast engine against the reference engine (`tests/reference`), which steps through
//! every heartbeat, offset commit, running-xacts record, checkpoint and segment boundary.
//! On every preset and on random scenarios: the event logs are identical, and the
//! `pg_replication_slots` row of every slot agrees at many instants (statuses exactly,
//! LSNs and sizes within one WAL segment).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;
mod reference;

use common::{arb_scenario, cases};

use proptest::prelude::*;
use wal_model::{presets, simulate, Report, Scenario};

/// Compares two reports; returns a description of the first difference.
pub fn compare(s: &Scenario, fast: &Report, slow: &Report) -> Result<(), String> {
    if fast.events != slow.events {
        let i = fast
            .events
            .iter()
            .zip(slow.events.iter())
            .position(|(a, b)| a != b)
            .unwrap_or(fast.events.len().min(slow.events.len()));
        return Err(format!(
            "event logs differ at #{i}: fast {:?} vs reference {:?} (fast {} events, reference {})",
            fast.events.get(i),
            slow.events.get(i),
            fast.events.len(),
            slow.events.len()
        ));
    }
    if fast.server_down_at_ms != slow.server_down_at_ms {
        return Err(format!(
            "server down at {:?} vs {:?}",
            fast.server_down_at_ms, slow.server_down_at_ms
        ));
    }
    let seg = s.wal.segment_size_bytes;
    let steps = 400u64;
    for j in 0..=steps {
        let t = s.duration_ms * j / steps;
        for i in 0..fast.slots.len() {
            let (a, b) = (fast.slot_row(i, t), slow.slot_row(i, t));
            match (&a, &b) {
                (None, None) => {}
                (Some(a), Some(b)) => {
                    if a.wal_status != b.wal_status || a.active != b.active {
                        return Err(format!("slot {i} at {t} ms: {a:?} vs {b:?}"));
                    }
                    let near = |x: Option<wal_model::Lsn>, y: Option<wal_model::Lsn>| match (x, y) {
                        (Some(x), Some(y)) => x.0.abs_diff(y.0) <= seg,
                        (None, None) => true,
                        _ => false,
                    };
                    if !near(a.restart_lsn, b.restart_lsn)
                        || !near(a.confirmed_flush_lsn, b.confirmed_flush_lsn)
                    {
                        return Err(format!("slot {i} at {t} ms: LSNs differ by more than a segment: {a:?} vs {b:?}"));
                    }
                }
                _ => {
                    return Err(format!(
                        "slot {i} at {t} ms exists in one engine only: {a:?} vs {b:?}"
                    ))
                }
            }
        }
        let (pa, pb) = (fast.pg_wal_bytes_at(t), slow.pg_wal_bytes_at(t));
        if pa.abs_diff(pb) > seg {
            return Err(format!("pg_wal at {t} ms: {pa} vs {pb}"));
        }
    }
    Ok(())
}

fn check(s: &Scenario) -> Result<(), String> {
    let fast = simulate(s);
    let slow = reference::simulate_reference(s);
    compare(s, &fast, &slow)
}

#[test]
fn every_preset_agrees_with_the_reference() {
    for p in presets::PRESETS {
        let s = presets::load(p.name).unwrap().unwrap();
        if let Err(e) = check(&s) {
            panic!("preset {}: {e}", p.name);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), timeout: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn random_scenarios_agree_with_the_reference(json in arb_scenario()) {
        let s = match wal_model::from_json(&json) {
            Ok(s) => s,
            Err(e) => return Err(TestCaseError::fail(format!("generator made an invalid scenario: {e}\n{json}"))),
        };
        if let Err(e) = check(&s) {
            return Err(TestCaseError::fail(format!("{e}\n{json}")));
        }
    }
}
