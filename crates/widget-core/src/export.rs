//! Exports of `<cdc-wal-sim>`: the time series as CSV and the state with a summary of the
//! report at the cursor as JSON, both built by hand from integers and strings (no float
//! formatting, no serde_json in the browser bundle).
//!
//! * [`series_csv`] — one row per series bucket: `from_ms,to_ms,current_lsn,pg_wal_bytes_max`,
//!   then per slot `<slot>_retained_bytes_max,<slot>_wal_status` (empty while the slot is
//!   absent or invalidated). Fields are quoted as RFC 4180 says; lines end with CRLF.
//! * [`state_json`] — the preset, the overridden parameters, the cursor and, at the cursor,
//!   the `pg_replication_slots` row cells and the ETAs as text.
//! * [`scaling_csv`] / [`scaling_json`] — the same for `<cdc-scaling-calc>`: the stages and
//!   the lag series as CSV, the state and a summary of the report as JSON (numbers through
//!   `scaling_model::decimal`, so no float `Display` is linked).

use wal_model::{EtaTarget, Lsn, Report};

use crate::configs::json_string;
use crate::fmt::NumberFormat;
use crate::params::ParamValue;
use crate::state::WalState;
use crate::text::{describe_eta, eta_label, slot_row_cells};

/// A CSV field, quoted when it holds a comma, a quote, CR or LF (quotes doubled).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The report's time series as CSV (header row, then one row per bucket).
pub fn series_csv(report: &Report) -> String {
    let mut out = String::new();
    let mut header: Vec<String> = ["from_ms", "to_ms", "current_lsn", "pg_wal_bytes_max"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for slot in &report.slots {
        header.push(csv_field(&format!("{}_retained_bytes_max", slot.name)));
        header.push(csv_field(&format!("{}_wal_status", slot.name)));
    }
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for point in &report.series {
        let mut row = vec![
            point.from_ms.to_string(),
            point.to_ms.to_string(),
            point.current_lsn.to_string(),
            point.pg_wal_bytes.max.to_string(),
        ];
        for i in 0..report.slots.len() {
            let slot = point.slots.get(i);
            row.push(
                slot.and_then(|s| s.retained_bytes)
                    .map(|r| r.max.to_string())
                    .unwrap_or_default(),
            );
            row.push(
                slot.and_then(|s| s.status)
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
            );
        }
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn param_json(value: &ParamValue) -> String {
    match value {
        ParamValue::Number(n) => n.to_string(),
        ParamValue::Toggle(b) => b.to_string(),
        ParamValue::Choice(c) => json_string(c),
    }
}

fn target_name(target: EtaTarget) -> &'static str {
    match target {
        EtaTarget::Warning => "warning",
        EtaTarget::Critical => "critical",
        EtaTarget::Extended => "extended",
        EtaTarget::Lost => "lost",
        EtaTarget::DiskFull => "disk_full",
    }
}

/// The ETA targets listed per slot in [`state_json`].
const TARGETS: [EtaTarget; 5] = [
    EtaTarget::Warning,
    EtaTarget::Critical,
    EtaTarget::Extended,
    EtaTarget::Lost,
    EtaTarget::DiskFull,
];

/// The state (preset, overridden parameters, cursor) and a summary of the report at
/// `t_ms`, as pretty-printed JSON. Texts (ETAs) are in `nf`'s language.
pub fn state_json(state: &WalState, report: &Report, t_ms: u64, nf: &dyn NumberFormat) -> String {
    let t = t_ms.min(report.duration_ms);
    let mut out = String::from("{\n");
    out.push_str(&format!("  \"preset\": {},\n", json_string(state.preset)));
    out.push_str(&format!(
        "  \"lang\": {},\n",
        json_string(nf.lang().pick("ru", "en"))
    ));
    let overrides: Vec<String> = state
        .params
        .overrides()
        .iter()
        .map(|(k, v)| format!("    {}: {}", json_string(k), param_json(v)))
        .collect();
    if overrides.is_empty() {
        out.push_str("  \"overrides\": {},\n");
    } else {
        out.push_str(&format!(
            "  \"overrides\": {{\n{}\n  }},\n",
            overrides.join(",\n")
        ));
    }
    out.push_str(&format!("  \"cursor_ms\": {t},\n"));
    out.push_str(&format!("  \"duration_ms\": {},\n", report.duration_ms));
    out.push_str(&format!("  \"pg_version\": {},\n", report.pg_version));
    out.push_str("  \"at_cursor\": {\n");
    out.push_str(&format!(
        "    \"current_lsn\": {},\n",
        json_string(&Lsn(report.current_lsn_at(t)).to_string())
    ));
    out.push_str(&format!(
        "    \"pg_wal_bytes\": {},\n",
        report.pg_wal_bytes_at(t)
    ));
    let slots: Vec<String> = report
        .slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            let row = match report.slot_row(i, t) {
                Some(row) => {
                    let cells: Vec<String> = slot_row_cells(&row, report.pg_version)
                        .into_iter()
                        .map(|c| {
                            let v = c.value.as_deref().map_or("null".to_owned(), json_string);
                            format!("          {}: {v}", json_string(c.column))
                        })
                        .collect();
                    format!("{{\n{}\n        }}", cells.join(",\n"))
                }
                None => "null".to_owned(),
            };
            let etas: Vec<String> = TARGETS
                .iter()
                .map(|&target| {
                    let eta = report.eta(i, target, t);
                    format!(
                        "          {}: {{ \"label\": {}, \"text\": {} }}",
                        json_string(target_name(target)),
                        json_string(&eta_label(target, report, nf)),
                        json_string(&describe_eta(&eta, target, nf))
                    )
                })
                .collect();
            format!(
                "      {{\n        \"name\": {},\n        \"row\": {row},\n        \"etas\": {{\n{}\n        }}\n      }}",
                json_string(&slot.name),
                etas.join(",\n")
            )
        })
        .collect();
    if slots.is_empty() {
        out.push_str("    \"slots\": []\n");
    } else {
        out.push_str(&format!("    \"slots\": [\n{}\n    ]\n", slots.join(",\n")));
    }
    out.push_str("  }\n}\n");
    out
}

/// Evenly spaced indices into a series of `len` points, at most `max` of them, always
/// including the first and the last (for the chart's data table).
pub fn sample_indices(len: usize, max: usize) -> Vec<usize> {
    if len <= max {
        return (0..len).collect();
    }
    if max < 2 {
        return (0..max).collect();
    }
    let last = len - 1;
    let steps = max - 1;
    (0..max).map(|k| k * last / steps).collect()
}

/// A rate as CSV / JSON number text without `core::fmt`'s float formatting: rounded to one
/// fraction digit (`scaling_model::decimal::fixed`), a trailing `.0` dropped (`7000`,
/// `3401.9`); `None` for non-finite values (empty in CSV, `null` in JSON).
fn number_text(x: f64) -> Option<String> {
    x.is_finite().then(|| {
        let text = scaling_model::decimal::fixed(x, 1);
        match text.strip_suffix(".0") {
            Some(whole) if whole != "-0" => whole.to_owned(),
            Some(_) => "0".to_owned(),
            None => text,
        }
    })
}

/// `<cdc-scaling-calc>`'s report as CSV, in two sections separated by an empty line: the
/// stages (`stage,offered_events_per_s,capacity_events_per_s,throughput_events_per_s,binding`,
/// one row per stage, `binding` is `yes` for the binding stage), then the lag series
/// (`t_s,input_events_per_s,source_lag_events,consumer_lag_events,end_to_end_lag_events`,
/// one row per point). Lines end with CRLF.
pub fn scaling_csv(report: &scaling_model::Report) -> String {
    let mut out = String::from(
        "stage,offered_events_per_s,capacity_events_per_s,throughput_events_per_s,binding\r\n",
    );
    for stage in &report.stages {
        let row = [
            csv_field(&stage.id),
            number_text(stage.offered_events_per_s).unwrap_or_default(),
            number_text(stage.capacity_events_per_s).unwrap_or_default(),
            number_text(stage.throughput_events_per_s).unwrap_or_default(),
            if stage.id == report.binding.stage_id {
                "yes"
            } else {
                "no"
            }
            .to_owned(),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(
        "t_s,input_events_per_s,source_lag_events,consumer_lag_events,end_to_end_lag_events\r\n",
    );
    for point in &report.lag_series {
        let row = [
            point.t_s.to_string(),
            number_text(point.input_events_per_s).unwrap_or_default(),
            point.source_lag_events.to_string(),
            point.consumer_lag_events.to_string(),
            point
                .source_lag_events
                .saturating_add(point.consumer_lag_events)
                .to_string(),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn json_number(x: f64) -> String {
    number_text(x).unwrap_or_else(|| "null".to_owned())
}

/// `<cdc-scaling-calc>`'s state (preset, overridden parameters) and a summary of its report
/// (input, binding stage, the stages, the largest lag) as pretty-printed JSON; labels in
/// `lang`.
pub fn scaling_json(
    state: &crate::scaling::ScalingState,
    report: &scaling_model::Report,
    lang: crate::Lang,
) -> String {
    let ml = crate::scaling::text::model_lang(lang);
    let mut out = String::from("{\n");
    out.push_str(&format!("  \"preset\": {},\n", json_string(state.preset)));
    out.push_str(&format!(
        "  \"lang\": {},\n",
        json_string(lang.pick("ru", "en"))
    ));
    let overrides: Vec<String> = state
        .params
        .overrides()
        .iter()
        .map(|(k, v)| format!("    {}: {}", json_string(k), param_json(v)))
        .collect();
    if overrides.is_empty() {
        out.push_str("  \"overrides\": {},\n");
    } else {
        out.push_str(&format!(
            "  \"overrides\": {{\n{}\n  }},\n",
            overrides.join(",\n")
        ));
    }
    out.push_str(&format!(
        "  \"input_events_per_s\": {},\n",
        json_number(report.throughput.input_events_per_s)
    ));
    out.push_str(&format!(
        "  \"max_sustainable_input_events_per_s\": {},\n",
        json_number(report.throughput.max_sustainable_input_events_per_s)
    ));
    out.push_str(&format!(
        "  \"binding\": {{ \"stage\": {}, \"label\": {}, \"keeping_up\": {} }},\n",
        json_string(&report.binding.stage_id),
        json_string(report.binding.label.get(ml)),
        report.binding.keeping_up
    ));
    let stages: Vec<String> = report
        .stages
        .iter()
        .map(|s| {
            format!(
                "    {{ \"stage\": {}, \"label\": {}, \"offered_events_per_s\": {}, \"capacity_events_per_s\": {}, \"throughput_events_per_s\": {}, \"binding\": {} }}",
                json_string(&s.id),
                json_string(s.label.get(ml)),
                json_number(s.offered_events_per_s),
                json_number(s.capacity_events_per_s),
                json_number(s.throughput_events_per_s),
                s.id == report.binding.stage_id
            )
        })
        .collect();
    if stages.is_empty() {
        out.push_str("  \"stages\": [],\n");
    } else {
        out.push_str(&format!("  \"stages\": [\n{}\n  ],\n", stages.join(",\n")));
    }
    out.push_str(&format!(
        "  \"max_lag_events\": {},\n",
        report.lag.max_end_to_end_lag_events
    ));
    out.push_str(&format!(
        "  \"max_lag_at_s\": {},\n",
        report.lag.max_end_to_end_lag_at_s
    ));
    out.push_str(&format!("  \"lag_points\": {}\n", report.lag_series.len()));
    out.push_str("}\n");
    out
}
