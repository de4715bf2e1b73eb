//! Invariants of the fast engine on random valid scenarios, and clean rejection of random
//! invalid ones (facts.md §1, §4: positions never move back; restart ≤ confirmed ≤ current).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{arb_scenario, cases};
use proptest::prelude::*;
use wal_model::report::LogKind;
use wal_model::{from_json, simulate, WalStatus};

fn sample_times(duration_ms: u64) -> impl Iterator<Item = u64> {
    (0..=300u64).map(move |j| duration_ms * j / 300)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(400), ..ProptestConfig::default() })]

    /// restart_lsn <= confirmed_flush_lsn <= current LSN; a slot never moves backwards while
    /// it exists; wal_status is always what the rules give for the current numbers.
    #[test]
    fn slot_positions_are_ordered_and_monotone(json in arb_scenario()) {
        let s = from_json(&json).unwrap();
        let r = simulate(&s);
        for (i, history) in r.slot_history.iter().enumerate() {
            let mut prev: Option<(u64, u64)> = None;
            for rec in history {
                if !rec.exists {
                    prev = None;
                    continue;
                }
                if !rec.invalidated {
                    prop_assert!(rec.restart_lsn <= rec.confirmed_flush_lsn, "slot {i}: restart after confirmed: {rec:?}");
                }
                prop_assert!(rec.confirmed_flush_lsn <= r.current_lsn_at(rec.t_ms), "slot {i}: confirmed beyond current: {rec:?}");
                if let Some((pr, pc)) = prev {
                    if !rec.invalidated {
                        prop_assert!(rec.restart_lsn >= pr, "slot {i}: restart_lsn moved back at {}", rec.t_ms);
                    }
                    prop_assert!(rec.confirmed_flush_lsn >= pc, "slot {i}: confirmed moved back at {}", rec.t_ms);
                }
                // A slot recreated at the same name starts over; anything else only moves on.
                prev = Some((rec.restart_lsn, rec.confirmed_flush_lsn));
            }
        }
        for t in sample_times(s.duration_ms) {
            for i in 0..r.slots.len() {
                if let Some(row) = r.slot_row(i, t) {
                    let status = row.wal_status.unwrap();
                    match row.restart_lsn {
                        None => prop_assert_eq!(status, WalStatus::Lost),
                        Some(restart) => {
                            prop_assert!(restart.0 <= row.current_lsn.0);
                            prop_assert_eq!(row.retained_bytes, Some(row.current_lsn.0 - restart.0));
                            if s.wal.max_slot_wal_keep_size_mb < 0 {
                                prop_assert!(status <= WalStatus::Extended, "unreserved/lost need max_slot_wal_keep_size >= 0");
                                prop_assert_eq!(row.safe_wal_size, None);
                            } else if status != WalStatus::Lost {
                                let safe = row.safe_wal_size.unwrap();
                                // unreserved exactly when safe_wal_size <= 0 (one slot; several
                                // slots share KeepLogSeg's minimum, which cannot make it earlier).
                                if status == WalStatus::Unreserved {
                                    prop_assert!(safe <= 0, "unreserved with safe_wal_size {safe}");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// With every connector stopped (and no slot events), retained WAL never decreases until
    /// the slot is invalidated.
    #[test]
    fn stopped_connector_retains_monotonically(json in arb_scenario()) {
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["connectors"] = serde_json::json!([]);
        v["events"] = serde_json::json!([]);
        let s = from_json(&v.to_string()).unwrap();
        let r = simulate(&s);
        for i in 0..r.slots.len() {
            let mut prev = 0u64;
            for t in sample_times(s.duration_ms) {
                match r.slot_row(i, t) {
                    Some(row) => match row.retained_bytes {
                        Some(b) => {
                            prop_assert!(b >= prev, "slot {i}: retained fell from {prev} to {b} at {t} with no consumer");
                            prev = b;
                        }
                        None => break, // invalidated
                    },
                    None => prev = 0,
                }
            }
        }
    }

    /// Same scenario, same report, byte for byte.
    #[test]
    fn reports_are_deterministic(json in arb_scenario()) {
        let s = from_json(&json).unwrap();
        let a = serde_json::to_string(&simulate(&s)).unwrap();
        let b = serde_json::to_string(&simulate(&from_json(&json).unwrap())).unwrap();
        prop_assert_eq!(a, b);
    }

    /// The event log is in time order, the series is bounded and covers the scenario.
    #[test]
    fn events_are_ordered_and_series_bounded(json in arb_scenario()) {
        let s = from_json(&json).unwrap();
        let r = simulate(&s);
        prop_assert!(r.events.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
        prop_assert!(r.series.len() <= s.max_points);
        prop_assert!(r.series.windows(2).all(|w| w[0].to_ms <= w[1].from_ms));
        for p in &r.series {
            prop_assert!(p.pg_wal_bytes.min <= p.pg_wal_bytes.max);
            for sp in &p.slots {
                if let Some(span) = sp.retained_bytes {
                    prop_assert!(span.min <= span.last && span.last <= span.max);
                }
            }
        }
        // Every status transition in the log chains from the previous one of that slot.
        let mut last: Vec<Option<WalStatus>> = vec![None; r.slots.len()];
        for e in &r.events {
            if let LogKind::WalStatusChanged { slot, from, to } = &e.kind {
                prop_assert_eq!(last[*slot], *from);
                last[*slot] = *to;
            }
        }
    }

    /// Random mutations of a valid scenario never panic: they validate, or they are rejected
    /// with at least one message naming a field.
    #[test]
    fn random_invalid_scenarios_are_rejected_cleanly(json in arb_scenario(), path_pick in 0usize..64, value in prop_oneof![
        Just(serde_json::json!(-5)), Just(serde_json::json!(-2)), Just(serde_json::json!(0)),
        Just(serde_json::json!(u64::MAX)), Just(serde_json::json!(i64::MIN)), Just(serde_json::json!(1.5)),
        Just(serde_json::json!("x")), Just(serde_json::json!(null)), Just(serde_json::json!([])),
        Just(serde_json::json!({"bogus": 1})), Just(serde_json::json!(1e300)),
    ]) {
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        // Collect every leaf path, pick one, replace it.
        let mut leaves: Vec<Vec<String>> = Vec::new();
        fn walk(v: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
            match v {
                serde_json::Value::Object(m) => for (k, x) in m { path.push(k.clone()); walk(x, path, out); path.pop(); },
                serde_json::Value::Array(a) => for (i, x) in a.iter().enumerate() { path.push(i.to_string()); walk(x, path, out); path.pop(); },
                _ => out.push(path.clone()),
            }
        }
        walk(&v, &mut Vec::new(), &mut leaves);
        if let Some(path) = leaves.get(path_pick % leaves.len().max(1)) {
            let mut node = &mut v;
            for p in path {
                node = match node {
                    serde_json::Value::Object(m) => m.get_mut(p).unwrap(),
                    serde_json::Value::Array(a) => &mut a[p.parse::<usize>().unwrap()],
                    _ => unreachable!(),
                };
            }
            *node = value;
        }
        match from_json(&v.to_string()) {
            Ok(s) => { let _ = simulate(&s); }
            Err(e) => {
                prop_assert!(!e.0.is_empty());
                for err in &e.0 {
                    prop_assert!(!err.message.is_empty());
                }
            }
        }
    }
}
