//! Exports of `<cdc-wal-sim>`: the time series as CSV and the state with a summary of the
//! report at the cursor as JSON, both built by hand from integers and strings (no float
//! formatting, no serde_json in the browser bundle).
//!
//! * [`series_csv`] — one row per series bucket: `from_ms,to_ms,current_lsn,pg_wal_bytes_max`,
//!   then per slot `<slot>_retained_bytes_max,<slot>_wal_status` (empty while the slot is
//!   absent or invalidated). Fields are quoted as RFC 4180 says; lines end with CRLF.
//! * [`state_json`] — the preset, the overridden parameters, the cursor and, at the cursor,
//!   the `pg_replication_slots` row cells and the ETAs as text.

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
