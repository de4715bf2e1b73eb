//! A/B comparison: the differing parameters in words (shared by both widgets) and the
//! calculator's outcome rows, worked out by hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use widget_core::compare::param_diffs;
use widget_core::params::WAL_PARAMS;
use widget_core::scaling::compare::{scaling_outcomes, scaling_param_diffs};
use widget_core::scaling::scaling_from_attributes;
use widget_core::{Lang, ParamValue, PlainFormat, WalState};

#[test]
fn wal_params_that_differ_are_listed_in_table_order() {
    let a = WalState::for_preset("idle-db-no-heartbeat").unwrap();
    let mut b = a.clone();
    b.params
        .set("heartbeat-interval", ParamValue::Number(10_000))
        .unwrap();
    let nf = PlainFormat(Lang::En);
    let diffs = param_diffs(WAL_PARAMS, |k| a.params.get(k), |k| b.params.get(k), &nf);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert!(diffs[0].starts_with("heartbeat.interval.ms: "), "{diffs:?}");
    assert!(diffs[0].contains(" → "), "{diffs:?}");
    assert!(param_diffs(WAL_PARAMS, |k| a.params.get(k), |k| a.params.get(k), &nf).is_empty());
}

#[test]
fn calculator_a_keeps_up_b_lags() {
    let steady = |rate: &str| {
        let (s, p) = scaling_from_attributes([("data-profile", "steady"), ("data-rate", rate)]);
        assert!(p.is_empty(), "{p:?}");
        s
    };
    let (a, b) = (steady("3000"), steady("10000"));
    let nf = PlainFormat(Lang::En);
    let diffs = scaling_param_diffs(&a, &b, &nf);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert!(diffs[0].starts_with("Change rate (base): 3"), "{diffs:?}");
    let (ra, rb) = (a.report().unwrap(), b.report().unwrap());
    let rows = scaling_outcomes(&ra, &rb, &nf);
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "binding constraint",
            "lag-free limit",
            "max lag",
            "drain time",
            "latency without backlog",
            "WAL retained by lag"
        ]
    );
    // The same setup: the same lag-free limit (the input does not change the capacity: 7 000
    // events/s, the calibration at 1 KB); A (3 000 < 7 000) only names the first limit, B
    // binds on it. A has no lag; B lags all day: (10 000 − 7 000) × 86 400 s = 259 200 000
    // events behind at the end, 259 200 000 / 10 000 events/s = 25 920 s = 7 h 12 min old,
    // never drained.
    assert_eq!(
        rows[0].a,
        "everything keeps up; the first limit would be: the single task of connector shop-cdc"
    );
    assert_eq!(rows[0].b, "the single task of connector shop-cdc");
    assert!(!rows[1].changed(), "{rows:?}");
    assert_eq!(rows[1].a, "7,000 events/s");
    assert_eq!(rows[2].a, "0 events (0 ms)");
    assert_eq!(rows[2].b, "259,200,000 events (7 h 12 min)");
    assert_eq!(rows[3].a, "no lag");
    assert_eq!(rows[3].b, "does not drain");
    assert_eq!(rows[5].a, "0 B");
    assert!(rows[5].changed());
}
