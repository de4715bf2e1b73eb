//! A/B for `<cdc-scaling-calc>`: the parameters that differ ([`crate::compare::param_diffs`]
//! over [`SCALING_PARAMS`], the WAL widget's function) and the outcomes of A and B — the
//! binding constraint, the lag-free capacity, the largest lag, the drain time, the delivery
//! latency and the WAL retained because of lag.

use crate::compare::{param_diffs, OutcomeRow};
use crate::fmt::{format_bytes, format_duration_ms, NumberFormat};
use crate::scaling::text::{events_count, events_per_s, model_lang};
use crate::scaling::{ScalingState, SCALING_PARAMS};
use scaling_model::Report;

/// `label: A → B` for every scaling parameter that differs.
pub fn scaling_param_diffs(
    a: &ScalingState,
    b: &ScalingState,
    nf: &dyn NumberFormat,
) -> Vec<String> {
    param_diffs(SCALING_PARAMS, |k| a.params.get(k), |k| b.params.get(k), nf)
}

/// The outcomes of A and B, one row each.
pub fn scaling_outcomes(a: &Report, b: &Report, nf: &dyn NumberFormat) -> Vec<OutcomeRow> {
    let lang = nf.lang();
    let ml = model_lang(lang);
    let binding = |r: &Report| r.binding.label.get(ml).to_owned();
    let capacity = |r: &Report| events_per_s(r.binding.saturation_input_events_per_s, nf);
    let lag = |r: &Report| {
        let age = format_duration_ms(ms(r.lag.max_end_to_end_lag_s * 1000.0), nf);
        format!(
            "{} ({age})",
            events_count(r.lag.max_end_to_end_lag_events as f64, nf)
        )
    };
    let drain = |r: &Report| match r.lag.drain_s {
        _ if r.lag.max_end_to_end_lag_events == 0 => {
            lang.pick("нет отставания", "no lag").to_owned()
        }
        Some(s) => format_duration_ms(s.saturating_mul(1000), nf),
        None => lang.pick("не рассасывается", "does not drain").to_owned(),
    };
    let latency = |r: &Report| format_duration_ms(ms(r.latency.delivery_ms), nf);
    let wal = |r: &Report| format_bytes(r.wal.max_retained_wal_bytes, nf);
    vec![
        OutcomeRow::new(
            lang.pick("узкое место", "binding constraint"),
            binding(a),
            binding(b),
        ),
        OutcomeRow::new(
            lang.pick("предел без отставания", "lag-free limit"),
            capacity(a),
            capacity(b),
        ),
        OutcomeRow::new(lang.pick("макс. отставание", "max lag"), lag(a), lag(b)),
        OutcomeRow::new(
            lang.pick("отставание рассасывается за", "drain time"),
            drain(a),
            drain(b),
        ),
        OutcomeRow::new(
            lang.pick("задержка без очереди", "latency without backlog"),
            latency(a),
            latency(b),
        ),
        OutcomeRow::new(
            lang.pick("WAL из-за отставания", "WAL retained by lag"),
            wal(a),
            wal(b),
        ),
    ]
}

fn ms(x: f64) -> u64 {
    if x.is_finite() && x > 0.0 {
        x.round() as u64
    } else {
        0
    }
}
