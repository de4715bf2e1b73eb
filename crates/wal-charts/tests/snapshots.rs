//! Snapshot tests: every preset rendered to SVG (800×420, light and dark, the whole run with
//! the cursor at a third), plus two zoomed windows that show the tick lanes, compared with the
//! committed `tests/snapshots/*.svg` through a coarse structural summary (see
//! `common/summary.rs`). `UPDATE_SNAPSHOTS=1 cargo test -p wal-charts --test snapshots`
//! rewrites them. The last tests show the comparison is not blind: a chart without a threshold
//! line, without its bands or with a shifted series does not match its snapshot.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::path::PathBuf;

use common::summary::{compare, summarize};
use wal_charts::{ChartTheme, ChartView};
use wal_model::{Report, Scenario};

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.svg"))
}

fn updating() -> bool {
    std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1")
}

/// Differences between a rendered SVG and the committed snapshot `name`.
fn diff_with_snapshot(name: &str, svg: &str) -> Vec<String> {
    let path = snapshot_path(name);
    let Ok(expected) = std::fs::read_to_string(&path) else {
        return vec![format!(
            "no snapshot {} (run with UPDATE_SNAPSHOTS=1)",
            path.display()
        )];
    };
    compare(&summarize(&expected), &summarize(svg))
}

/// Compares (or rewrites) one snapshot; returns the failure text, if any.
fn check(name: &str, svg: &str) -> Option<String> {
    if updating() {
        std::fs::create_dir_all(snapshot_path(name).parent().unwrap()).unwrap();
        std::fs::write(snapshot_path(name), svg).unwrap();
        return None;
    }
    let diffs = diff_with_snapshot(name, svg);
    (!diffs.is_empty()).then(|| {
        format!(
            "{name} differs from its snapshot:\n  {}",
            diffs.join("\n  ")
        )
    })
}

fn assert_all(failures: Vec<Option<String>>) {
    let failures: Vec<String> = failures.into_iter().flatten().collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn whole_with_cursor(report: &Report) -> ChartView {
    let mut v = ChartView::whole(report);
    v.cursor_ms = Some(report.duration_ms / 3);
    v
}

const THEMES: [(ChartTheme, &str); 2] = [(ChartTheme::Light, "light"), (ChartTheme::Dark, "dark")];

#[test]
fn every_preset_matches_its_snapshots() {
    let mut failures = Vec::new();
    for p in wal_model::presets::PRESETS {
        let (s, r) = common::preset(p.name);
        for (theme, tn) in THEMES {
            let (svg, _) = common::render(&r, &s, &whole_with_cursor(&r), theme);
            failures.push(check(&format!("{}-{tn}", p.name), &svg));
        }
    }
    assert_all(failures);
}

fn zoomed(name: &str, from_ms: u64, to_ms: u64) -> (Scenario, Report, ChartView) {
    let (s, r) = common::preset(name);
    let v = ChartView {
        from_ms,
        to_ms,
        cursor_ms: Some(from_ms + (to_ms - from_ms) / 2),
    };
    (s, r, v)
}

#[test]
fn zoomed_windows_match_their_snapshots() {
    // 20 minutes of a 10 s heartbeat: 120 heartbeat ticks and the checkpoint lane.
    let (s, r, v) = zoomed("idle-db-heartbeat", 3_600_000, 3_600_000 + 20 * 60_000);
    let (svg, _) = common::render(&r, &s, &v, ChartTheme::Light);
    let first = check("zoom-idle-db-heartbeat-light", &svg);
    // 50 minutes around the checkpoint that invalidates the slot (steps, not slopes).
    let (s, r, v) = zoomed("weekend-outage-slot-limit", 540_000_000, 543_000_000);
    let (svg, _) = common::render(&r, &s, &v, ChartTheme::Light);
    let second = check("zoom-weekend-outage-slot-limit-light", &svg);
    assert_all(vec![first, second]);
}

fn slot_limit() -> (Scenario, Report) {
    common::preset("weekend-outage-slot-limit")
}

fn render_light(s: &Scenario, r: &Report) -> String {
    common::render(r, s, &whole_with_cursor(r), ChartTheme::Light).0
}

/// Differences from the committed slot-limit snapshot (from a fresh render of the unchanged
/// preset while snapshots are being rewritten, so these tests do not race the rewrite).
fn diff_with_slot_limit(svg: &str) -> Vec<String> {
    if updating() {
        let (s, r) = slot_limit();
        return compare(&summarize(&render_light(&s, &r)), &summarize(svg));
    }
    diff_with_snapshot("weekend-outage-slot-limit-light", svg)
}

#[test]
fn the_unchanged_chart_matches() {
    let (s, r) = slot_limit();
    assert_eq!(
        diff_with_slot_limit(&render_light(&s, &r)),
        Vec::<String>::new()
    );
}

#[test]
fn a_missing_threshold_line_is_caught() {
    let (s, mut r) = slot_limit();
    // Without max_slot_wal_keep_size its line and label are gone; nothing else changes.
    r.wal.max_slot_wal_keep_size_mb = -1;
    let diffs = diff_with_slot_limit(&render_light(&s, &r));
    assert!(
        diffs.iter().any(|d| d.contains("#8250DF")),
        "the missing line went unnoticed: {diffs:?}"
    );
}

#[test]
fn missing_bands_are_caught() {
    let (s, mut r) = slot_limit();
    for p in &mut r.series {
        for sl in &mut p.slots {
            sl.worst_status = None;
        }
    }
    let diffs = diff_with_slot_limit(&render_light(&s, &r));
    // The lost band (its colour) and its label.
    assert!(diffs.iter().any(|d| d.contains("#FFC7C7")), "{diffs:?}");
    assert!(diffs.iter().any(|d| d.contains(": lost")), "{diffs:?}");
}

#[test]
fn a_shifted_series_is_caught() {
    let (s, mut r) = slot_limit();
    // Retained WAL 10 % lower everywhere: same elements, different shape.
    for p in &mut r.series {
        for sl in &mut p.slots {
            if let Some(span) = sl.retained_bytes.as_mut() {
                span.max -= span.max / 10;
                span.min -= span.min / 10;
            }
        }
    }
    let diffs = diff_with_slot_limit(&render_light(&s, &r));
    assert!(
        diffs
            .iter()
            .any(|d| d.contains("#D55E00") && d.contains("moved")),
        "{diffs:?}"
    );
}
