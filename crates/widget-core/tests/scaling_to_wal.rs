//! Lag → WAL: the calculator's WAL consequence mapped onto `<cdc-wal-sim>`'s state, checked
//! by running the WAL model on that state — what the calculator's sentence promises is what
//! the simulator's slot row then shows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use widget_core::params::ParamValue;
use widget_core::scaling::to_wal::{
    estimated_checkpoints, explanation, OUTAGE_START_H, PLAYGROUND_WAL_ID, PRESET_VALUES,
    WAL_PRESET,
};
use widget_core::scaling::{lag_to_wal, scaling_from_attributes, LagToWal, ScalingState};
use widget_core::{Lang, PlainFormat, WalState};

const HOUR_MS: u64 = 3_600_000;
const MIB: u64 = 1 << 20;

fn state(preset: &str) -> ScalingState {
    ScalingState::for_preset(preset).unwrap()
}

/// The simulator's state for `link`: its pairs read by the simulator's own parser, on top of
/// another preset (as a page's `<cdc-wal-sim>` would have), with no problem.
fn sim_state(link: &LagToWal) -> WalState {
    let base = WalState::for_preset("idle-db-no-heartbeat").unwrap();
    let (state, problems) = WalState::from_query(&base, &link.query(""), "");
    assert!(problems.is_empty(), "{problems:?}");
    state
}

/// Simulates the mapped state and returns the slot's retained WAL at `t_ms`.
fn retained_in_sim(wal: &WalState, t_ms: u64) -> u64 {
    let (_, scenario) = wal.validated().expect("the mapped state validates");
    let report = wal_model::simulate(&scenario);
    report
        .slot_row(0, t_ms)
        .and_then(|row| row.retained_bytes)
        .expect("the slot exists at the cursor")
}

/// The simulator shows `R·c` at the cursor, plus at most what a healthy slot kept when the
/// connector stopped: `R` × (2 × 60 s offset flush + 2 × 15 s running-xacts: a pending
/// running-xacts candidate waits for the next confirmation, logical.c) — and never
/// less than `R·c`, since `restart_lsn` cannot pass the stop.
fn assert_carries(link: &widget_core::scaling::LagToWal) {
    let wal = sim_state(link);
    let cursor = wal.cursor_ms.unwrap();
    assert_eq!(cursor, OUTAGE_START_H * HOUR_MS + link.cursor_after_ms);
    assert_eq!(cursor, link.cursor_ms);
    let shown = retained_in_sim(&wal, cursor);
    let promised = link.retained_at_cursor_bytes;
    let slack = link.rate_bytes_per_s * 150;
    assert!(
        shown >= promised && shown <= promised + slack,
        "simulator shows {shown} B, the calculator promised {promised} B (+ at most {slack} B)"
    );
    // Growth over 10 s inside the outage (before any disk fills) is exactly R·10 s:
    // restart_lsn stands still.
    let a = retained_in_sim(&wal, OUTAGE_START_H * HOUR_MS + 10_000);
    let b = retained_in_sim(&wal, OUTAGE_START_H * HOUR_MS + 20_000);
    assert_eq!(b - a, link.rate_bytes_per_s * 10);
}

#[test]
fn burst_maps_by_hand() {
    let report = state("burst").report().unwrap();
    // The calculator: 6 144 000 000 B retained at most, growing from 32 400 s (the last zero
    // point of the 300 s grid) to 33 600 s: W = 1 200 s → H = ⌈1 200 / 3 600⌉ = 1 h.
    assert_eq!(report.wal.max_retained_wal_bytes, 6_144_000_000);
    let link = lag_to_wal(&report).unwrap();
    assert_eq!(link.hours, 1);
    // R = 6 144 000 000 / 3 600 = 1 706 666.7 B/s = 1 666.67 KiB/s → 1 667 KiB/s = 1 707 008 B/s.
    assert_eq!(link.rate_bytes_per_s, 1_707_008);
    // Disk 10 GiB: half = 5 368 709 120 B ÷ 1 707 008 B/s = 3 145.1 s → 52 min = 3 120 s;
    // c = min(1 h, 1 h, 3 120 s) = 3 120 s; R·c = 1 707 008 × 3 120 = 5 325 864 960 B.
    assert_eq!(link.disk_bytes, 10_240 * MIB);
    assert_eq!(link.cursor_after_ms, 3_120_000);
    assert_eq!(link.retained_at_cursor_bytes, 5_325_864_960);
    // R·H = 1 707 008 × 3 600 = 6 145 228 800 B ≈ the calculator's 6 144 000 000 B.
    assert_eq!(link.retained_at_end_bytes, 6_145_228_800);
    assert_carries(&link);
}

#[test]
fn steady_overload_keeps_the_calculators_growth_rate() {
    let (s, problems) =
        scaling_from_attributes([("data-profile", "steady"), ("data-rate", "10000")]);
    assert!(problems.is_empty(), "{problems:?}");
    let report = s.report().unwrap();
    let g = report.wal.retained_growth_bytes_per_s;
    assert!(g > 0.0);
    let link = lag_to_wal(&report).unwrap();
    // Lag grows all day: H = 24 h and R = M / 86 400 s = g, to the 1 KiB/s step.
    assert_eq!(link.hours, 24);
    assert!(
        (link.rate_bytes_per_s as f64 - g).abs() <= 512.0,
        "R = {} B/s, g = {g} B/s",
        link.rate_bytes_per_s
    );
    assert_carries(&link);
}

#[test]
fn the_default_daily_peak_fills_the_disk() {
    let report = state("default").report().unwrap();
    let link = lag_to_wal(&report).unwrap();
    // Grows from 33 600 s to 67 200 s: W = 33 600 s → H = 10 h.
    assert_eq!(link.hours, 10);
    assert!(link.retained_at_end_bytes >= link.disk_bytes);
    assert_carries(&link);
    let (_, scenario) = sim_state(&link).validated().unwrap();
    let sim = wal_model::simulate(&scenario);
    let disk_full = sim
        .events
        .iter()
        .any(|e| matches!(e.kind, wal_model::LogKind::DiskFull { .. }));
    assert!(disk_full, "the simulator shows the disk filling up");
    let nf = PlainFormat(Lang::Ru);
    let summary = link.summary(&nf);
    assert!(summary.contains("PANIC"), "{summary}");
    assert!(explanation(&link, &nf).contains("Упрощение"));
}

#[test]
fn an_excess_beyond_the_simulators_range_is_capped_and_said() {
    let (s, problems) =
        scaling_from_attributes([("data-profile", "steady"), ("data-rate", "200000")]);
    assert!(problems.is_empty(), "{problems:?}");
    let link = lag_to_wal(&s.report().unwrap()).unwrap();
    assert!(link.capped);
    assert_eq!(link.rate_bytes_per_s, 64 * MIB);
    assert!(link
        .summary(&PlainFormat(Lang::En))
        .contains("it shows less"));
    assert_carries(&link);
}

#[test]
fn no_lag_no_link() {
    let report = state("hot-key").report().unwrap();
    assert_eq!(report.wal.max_retained_wal_bytes, 0);
    assert!(lag_to_wal(&report).is_none());
}

#[test]
fn the_playground_link_round_trips_through_the_simulators_query() {
    let report = state("burst").report().unwrap();
    let link = lag_to_wal(&report).unwrap();
    let href = link.playground_href("/");
    assert!(
        href.starts_with("/?wal.preset=weekend-outage-disk-full&"),
        "{href}"
    );
    assert!(href.contains("wal.captured-rate=1707008"), "{href}");
    assert!(href.contains("wal.t=6720000"), "{href}");
    let query = href.trim_start_matches("/?");
    let pairs: Vec<(String, String)> = query
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect();
    let base = WalState::for_preset("idle-db-no-heartbeat").unwrap();
    let (read, problems) = WalState::from_query(&base, &pairs, PLAYGROUND_WAL_ID);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(read.preset, WAL_PRESET);
    let wal = sim_state(&link);
    assert_eq!(read.params, wal.params);
    assert_eq!(read.cursor_ms, wal.cursor_ms);
    assert_eq!(
        link.playground_href("/course/play/?x=1#sim"),
        format!("/course/play/?x=1&{query}#sim")
    );
}

#[test]
fn the_playground_url_is_a_path_or_a_web_address() {
    use widget_core::scaling::to_wal::playground_url;
    assert_eq!(playground_url(None), ("/".to_string(), None));
    assert_eq!(playground_url(Some("/play/")).0, "/play/");
    assert_eq!(
        playground_url(Some("https://cdc.example/")).0,
        "https://cdc.example/"
    );
    for bad in ["javascript:alert(1)", "//evil.example/", "", "/a b", "/\"x"] {
        let (url, problem) = playground_url(Some(bad));
        assert_eq!(url, "/", "{bad}");
        let problem = problem.expect("a problem");
        assert_eq!(problem.key, "data-playground-url");
    }
    // The attribute is known to the calculator: no "unknown attribute" problem.
    let (_, problems) = scaling_from_attributes([("data-playground-url", "/play/")]);
    assert!(problems.is_empty(), "{problems:?}");
}

/// The state lag → WAL built before it wrote the pairs itself: `WAL_PRESET`'s `WalState` with
/// the mapping's values set one by one through the parameter table (so with its checks), the
/// cursor last. Kept here as the reference the pairs must parse to.
fn old_state(link: &LagToWal) -> Option<WalState> {
    let mut state = WalState::for_preset(WAL_PRESET)?;
    let n = |v: u64| ParamValue::Number(i64::try_from(v).unwrap());
    state
        .params
        .set("duration", n(link.hours + OUTAGE_START_H + 1))
        .ok()?;
    state
        .params
        .set("captured-rate", n(link.rate_bytes_per_s))
        .ok()?;
    state.params.set("other-rate", n(0)).ok()?;
    state.params.set("outage-start", n(OUTAGE_START_H)).ok()?;
    state.params.set("outage-hours", n(link.hours)).ok()?;
    state.set_cursor(Some(OUTAGE_START_H * HOUR_MS + link.cursor_after_ms));
    Some(state)
}

/// The pairs parse, through the simulator's own parser, to exactly the state the old code
/// built, for every calculator preset and some hand-made configurations (steady overloads
/// from just over capacity to beyond the simulator's 64 MB/s, a longer lag, bigger events).
#[test]
fn the_pairs_parse_to_the_state_built_through_the_parameter_table() {
    let mut configs: Vec<ScalingState> = widget_core::scaling::SCALING_PRESET_NAMES
        .iter()
        .map(|name| state(name))
        .collect();
    for attrs in [
        vec![("data-profile", "steady"), ("data-rate", "7500")],
        vec![("data-profile", "steady"), ("data-rate", "10000")],
        vec![("data-profile", "steady"), ("data-rate", "200000")],
        vec![
            ("data-profile", "steady"),
            ("data-rate", "9000"),
            ("data-event-size", "4096"),
        ],
        vec![("data-profile", "burst")],
        vec![("data-peak-rate", "30000")],
    ] {
        let (s, problems) = scaling_from_attributes(attrs.iter().copied());
        assert!(problems.is_empty(), "{attrs:?}: {problems:?}");
        configs.push(s);
    }
    let mut linked = 0;
    for config in &configs {
        let Some(link) = lag_to_wal(&config.report().unwrap()) else {
            continue;
        };
        linked += 1;
        let old = old_state(&link).expect("the old code offered this link too");
        let new = sim_state(&link);
        assert_eq!(new.preset, old.preset);
        assert_eq!(new.params, old.params, "{:?}", link.query(""));
        assert_eq!(new.cursor_ms, old.cursor_ms);
        // And the link is the old link, pair for pair.
        assert_eq!(link.query("wal"), old.to_query("wal"));
    }
    // The presets with lag plus the six configurations above (all overloaded).
    assert!(linked >= 6, "only {linked} configurations had lag");
}

/// `PRESET_VALUES` are `WAL_PRESET`'s own values, none of them approximate (an approximate
/// value would be an override even when equal).
#[test]
fn preset_values_are_the_presets() {
    let state = WalState::for_preset(WAL_PRESET).unwrap();
    let num = |key: &str| match state.params.get(key) {
        Some(ParamValue::Number(n)) => u64::try_from(n).unwrap(),
        other => panic!("{key}: {other:?}"),
    };
    let p = &PRESET_VALUES;
    assert_eq!(num("captured-rate"), p.captured_rate_bytes_per_s);
    assert_eq!(num("other-rate"), p.other_rate_bytes_per_s);
    assert_eq!(num("outage-start"), p.outage_start_h);
    assert_eq!(num("outage-hours"), p.outage_hours);
    assert_eq!(num("duration"), p.duration_h);
    assert_eq!(num("disk-size"), p.disk_mb);
    assert_eq!(num("max-wal-size"), p.max_wal_size_mb);
    for key in [
        "captured-rate",
        "other-rate",
        "outage-start",
        "outage-hours",
        "duration",
    ] {
        assert!(!state.params.is_approximate(key), "{key}");
    }
}

/// The refusal lag → WAL applies itself (no link when the simulator would refuse the state as
/// too costly) uses the simulator's own estimate: equal for rates and durations across the
/// range. E.g. 64 MB/s for 720 h: max_wal_size 1 024 MB / 16 MB = 64 segments × 10 / 19 = 33
/// (integer) → 33 × 16 MB = 553 648 128 B per checkpoint; 67 108 864 B/s × 2 592 000 s ÷
/// 553 648 128 B = 314 181 (integer), over the 200 000 allowed.
#[test]
fn the_cost_estimate_is_the_simulators() {
    assert_eq!(estimated_checkpoints(64 * MIB, 720), 314_181);
    assert!(estimated_checkpoints(64 * MIB, 720) > widget_core::params::MAX_ESTIMATED_CHECKPOINTS);
    for (rate, hours) in [
        (1024, 1),
        (65_536, 192),
        (1_707_008, 3),
        (64 * MIB, 26),
        (20 * MIB, 400),
    ] {
        let mut state = WalState::for_preset(WAL_PRESET).unwrap();
        let n = |v: u64| ParamValue::Number(i64::try_from(v).unwrap());
        state.params.set("duration", n(hours)).unwrap();
        state.params.set("captured-rate", n(rate)).unwrap();
        assert_eq!(
            estimated_checkpoints(rate, hours),
            state.params.estimated_wal_checkpoints(),
            "{rate} B/s for {hours} h"
        );
    }
}
