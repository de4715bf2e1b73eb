//! Exports: the series CSV (parsed back by hand, RFC 4180 quoting) and the state JSON
//! (parsed with serde_json), checked against values worked out from the preset JSON.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use wal_model::units::{DAY_MS, HOUR_MS};
use wal_model::{Lsn, Report};
use widget_core::export::{csv_field, sample_indices, series_csv, state_json};
use widget_core::{Lang, ParamValue, PlainFormat, WalState};

const EN: PlainFormat = PlainFormat(Lang::En);

/// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF line ends).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF");
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                '\n' => panic!("bare LF"),
                c => field.push(c),
            }
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last line ends with CRLF"
    );
    rows
}

fn weekend() -> (WalState, Report) {
    let state = WalState::for_preset("weekend-outage-slot-limit").unwrap();
    let report = state.report().unwrap();
    (state, report)
}

#[test]
fn csv_has_a_header_and_one_row_per_bucket() {
    let (_, report) = weekend();
    let rows = parse_csv(&series_csv(&report));
    assert_eq!(
        rows[0],
        [
            "from_ms",
            "to_ms",
            "current_lsn",
            "pg_wal_bytes_max",
            "debezium_retained_bytes_max",
            "debezium_wal_status"
        ]
    );
    // The preset's 720 buckets over the whole scenario.
    assert_eq!(report.series.len(), 720);
    assert_eq!(rows.len(), 721);
    assert!(rows.iter().all(|r| r.len() == 6));
    let first = &rows[1];
    assert_eq!(first[0], "0");
    assert_eq!(first[1], report.bucket_ms.to_string());
    assert_eq!(report.bucket_ms * 720, report.duration_ms);
    // Healthy at the start: reserved, some WAL retained; LSNs in X/Y form.
    assert_eq!(first[5], "reserved");
    assert!(first[4].parse::<u64>().is_ok(), "{first:?}");
    assert!(first[2].contains('/'));
    let last = &rows[720];
    assert_eq!(last[1], report.duration_ms.to_string());
    assert_eq!(last[2], report.series[719].current_lsn.to_string());
    // Integers only: no decimal points anywhere outside the LSN column.
    for r in &rows[1..] {
        for (i, f) in r.iter().enumerate() {
            if i != 2 {
                assert!(!f.contains('.'), "{r:?}");
            }
        }
    }
    // Sunday noon (day 6 + 12 h) is well after the slot was lost (Sunday ≈ 06:25 plus the
    // next checkpoint): the bucket there says lost and retains nothing.
    let noon = usize::try_from((6 * DAY_MS + 12 * HOUR_MS) / report.bucket_ms).unwrap();
    let row = &rows[noon + 1];
    assert_eq!(row[5], "lost", "{row:?}");
    assert_eq!(row[4], "", "{row:?}");
    // Saturday noon: 18 h after the stop, still retained (about 4 GiB).
    let sat = usize::try_from((5 * DAY_MS + 12 * HOUR_MS) / report.bucket_ms).unwrap();
    let retained: u64 = rows[sat + 1][4].parse().unwrap();
    assert!((3 << 30..5 << 30).contains(&retained), "{retained}");
}

#[test]
fn csv_quotes_names_with_commas_and_quotes() {
    let (_, mut report) = weekend();
    report.slots[0].name = "a,\"b\"".to_owned();
    let text = series_csv(&report);
    assert!(
        text.starts_with(
            "from_ms,to_ms,current_lsn,pg_wal_bytes_max,\"a,\"\"b\"\"_retained_bytes_max\",\"a,\"\"b\"\"_wal_status\"\r\n"
        ),
        "{}",
        &text[..120]
    );
    let rows = parse_csv(&text);
    assert_eq!(rows[0][4], "a,\"b\"_retained_bytes_max");
    assert_eq!(rows[0][5], "a,\"b\"_wal_status");
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
}

#[test]
fn json_parses_and_summarises_the_cursor() {
    let (state, report) = weekend();
    let t = 6 * DAY_MS + 12 * HOUR_MS;
    let text = state_json(&state, &report, t, &EN);
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(v["preset"], "weekend-outage-slot-limit");
    assert_eq!(v["lang"], "en");
    assert_eq!(v["cursor_ms"], t);
    assert_eq!(v["duration_ms"], report.duration_ms);
    assert_eq!(v["overrides"], serde_json::json!({}));
    let at = &v["at_cursor"];
    assert_eq!(at["current_lsn"], Lsn(report.current_lsn_at(t)).to_string());
    assert_eq!(at["pg_wal_bytes"], report.pg_wal_bytes_at(t));
    let slot = &at["slots"][0];
    assert_eq!(slot["name"], "debezium");
    assert_eq!(slot["row"]["slot_name"], "debezium");
    assert_eq!(slot["row"]["wal_status"], "lost");
    assert!(slot["row"]["restart_lsn"].is_null());
    assert_eq!(slot["etas"]["lost"]["text"], "already: the slot is lost");
    assert!(slot["etas"]["warning"]["label"]
        .as_str()
        .unwrap()
        .starts_with("Until the warning threshold"));

    // The cursor is clamped to the scenario.
    let v: serde_json::Value =
        serde_json::from_str(&state_json(&state, &report, u64::MAX, &EN)).unwrap();
    assert_eq!(v["cursor_ms"], report.duration_ms);
}

#[test]
fn json_lists_overrides_and_escapes_names() {
    let (mut state, _) = weekend();
    state
        .params
        .set("heartbeat-interval", ParamValue::Number(10_000))
        .unwrap();
    let mut report = state.report().unwrap();
    report.slots[0].name = "a,\"b\"\\".to_owned();
    let text = state_json(&state, &report, 0, &PlainFormat(Lang::Ru));
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(
        v["overrides"],
        serde_json::json!({ "heartbeat-interval": 10000 })
    );
    assert_eq!(v["lang"], "ru");
    assert_eq!(v["cursor_ms"], 0);
    assert_eq!(v["at_cursor"]["slots"][0]["name"], "a,\"b\"\\");
    assert_eq!(v["at_cursor"]["slots"][0]["row"]["wal_status"], "reserved");
}

#[test]
fn samples_are_even_and_keep_both_ends() {
    assert_eq!(sample_indices(5, 48), vec![0, 1, 2, 3, 4]);
    let s = sample_indices(720, 48);
    assert_eq!(s.len(), 48);
    assert_eq!(s[0], 0);
    assert_eq!(s[47], 719);
    assert!(s.windows(2).all(|w| (15..=16).contains(&(w[1] - w[0]))));
    assert_eq!(sample_indices(720, 1), vec![0]);
    assert!(sample_indices(720, 0).is_empty());
    assert!(sample_indices(0, 48).is_empty());
}

/// The default scaling preset, worked by hand: 9 000 events/s offered; decoding has a
/// 50 MiB/s budget over 1 KiB events (51 200), the single connector task the 7 000 events/s
/// calibration (binding), Kafka 100 MiB/s (102 400), one partition one consumer at 10 000.
/// Past the task everything carries 7 000. The lag series is a day in 300 s steps (289 points).
#[test]
fn scaling_csv_lists_the_stages_then_the_lag_series() {
    let state = widget_core::scaling::ScalingState::default();
    assert_eq!(state.preset, "default");
    let report = state.report().unwrap();
    let csv = widget_core::export::scaling_csv(&report);
    assert!(csv.ends_with("\r\n"));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    let blank = lines.iter().position(|l| l.is_empty()).unwrap();
    // Header + one row per stage, then the empty separator line.
    assert_eq!(blank, 1 + report.stages.len());
    assert_eq!(
        &lines[..blank],
        &[
            "stage,offered_events_per_s,capacity_events_per_s,throughput_events_per_s,binding",
            "source,9000,9000,9000,no",
            "decoding:shop_cdc,9000,51200,9000,no",
            "task:shop-cdc#0,9000,7000,7000,yes",
            "kafka,7000,102400,7000,no",
            "consumers,7000,10000,7000,no",
        ]
    );
    let binding: Vec<&&str> = lines[1..blank]
        .iter()
        .filter(|l| l.ends_with(",yes"))
        .collect();
    assert_eq!(binding.len(), 1);
    assert!(binding[0].starts_with(&format!("{},", report.binding.stage_id)));
    assert_eq!(
        lines[blank + 1],
        "t_s,input_events_per_s,source_lag_events,consumer_lag_events,end_to_end_lag_events"
    );
    let series = &lines[blank + 2..lines.len() - 1];
    assert_eq!(series.len(), report.lag_series.len());
    assert_eq!(series.len(), 289);
    assert_eq!(series[0], "0,3401.9,0,0,0");
    assert!(series[288].starts_with("86400,"));
    // The largest total backlog is in the series, at the time the summary names.
    let at = format!("{},", report.lag.max_end_to_end_lag_at_s);
    let peak = series.iter().find(|l| l.starts_with(&at)).unwrap();
    assert!(peak.ends_with(&format!(",{}", report.lag.max_end_to_end_lag_events)));
    assert_eq!(report.lag.max_end_to_end_lag_events, 43_930_207);
    // No float `Display` artefacts.
    assert!(!csv.contains("e+") && !csv.contains("999999"));
}

#[test]
fn scaling_json_is_valid_and_names_the_binding_stage() {
    let (state, problems) =
        widget_core::scaling::scaling_from_attributes([("data-tasks-max", "4")]);
    assert!(problems.is_empty(), "{problems:?}");
    let report = state.report().unwrap();
    let text = widget_core::export::scaling_json(&state, &report, Lang::En);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["preset"], "default");
    assert_eq!(v["lang"], "en");
    assert_eq!(v["overrides"]["tasks-max"], 4);
    assert_eq!(v["input_events_per_s"], 9000);
    assert_eq!(v["binding"]["stage"], "task:shop-cdc#0");
    assert_eq!(v["binding"]["keeping_up"], false);
    let stages = v["stages"].as_array().unwrap();
    assert_eq!(stages.len(), report.stages.len());
    let bound: Vec<_> = stages.iter().filter(|s| s["binding"] == true).collect();
    assert_eq!(bound.len(), 1);
    assert_eq!(bound[0]["stage"], "task:shop-cdc#0");
    assert_eq!(bound[0]["capacity_events_per_s"], 7000);
    assert_eq!(v["max_lag_events"], 43_930_207);
    assert_eq!(v["lag_points"], 289);
    let ru = widget_core::export::scaling_json(&state, &report, Lang::Ru);
    let v: serde_json::Value = serde_json::from_str(&ru).unwrap();
    assert_eq!(v["lang"], "ru");
}
