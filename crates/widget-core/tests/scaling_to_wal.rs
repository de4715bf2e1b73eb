//! Lag → WAL: the calculator's WAL consequence mapped onto `<cdc-wal-sim>`'s state, checked
//! by running the WAL model on that state — what the calculator's sentence promises is what
//! the simulator's slot row then shows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use widget_core::scaling::to_wal::{explanation, OUTAGE_START_H, PLAYGROUND_WAL_ID, WAL_PRESET};
use widget_core::scaling::{lag_to_wal, scaling_from_attributes, ScalingState};
use widget_core::{Lang, PlainFormat, WalState};

const HOUR_MS: u64 = 3_600_000;
const MIB: u64 = 1 << 20;

fn state(preset: &str) -> ScalingState {
    ScalingState::for_preset(preset).unwrap()
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
    let cursor = link.state.cursor_ms.unwrap();
    assert_eq!(cursor, OUTAGE_START_H * HOUR_MS + link.cursor_after_ms);
    let shown = retained_in_sim(&link.state, cursor);
    let promised = link.retained_at_cursor_bytes;
    let slack = link.rate_bytes_per_s * 150;
    assert!(
        shown >= promised && shown <= promised + slack,
        "simulator shows {shown} B, the calculator promised {promised} B (+ at most {slack} B)"
    );
    // Growth over 10 s inside the outage (before any disk fills) is exactly R·10 s:
    // restart_lsn stands still.
    let a = retained_in_sim(&link.state, OUTAGE_START_H * HOUR_MS + 10_000);
    let b = retained_in_sim(&link.state, OUTAGE_START_H * HOUR_MS + 20_000);
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
    let (_, scenario) = link.state.validated().unwrap();
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
    assert_eq!(read.params, link.state.params);
    assert_eq!(read.cursor_ms, link.state.cursor_ms);
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
