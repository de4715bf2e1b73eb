//! The scaling calculator's words, Russian and English: rates in events/s with plurals, the
//! binding-constraint sentence, "what would help now", the comparison table's labels, and
//! the note why `tasks.max` gives one task on PostgreSQL. Numbers go through the
//! [`NumberFormat`] seam (`Intl` in the browser).

use crate::fmt::{format_duration_ms, plural_word, NumberFormat};
use crate::lang::Lang;
use scaling_model::{ConnectorKind, Report};

/// `7 000 событий/с` / `7,000 events/s`.
pub fn events_per_s(rate: f64, nf: &dyn NumberFormat) -> String {
    let rate = if rate.is_finite() { rate.max(0.0) } else { 0.0 };
    let n = nf.decimal(rate, 0);
    match nf.lang() {
        Lang::Ru => {
            let word = plural_word(rate.round(), ["событие", "события", "событий"], nf);
            format!("{n} {word}/с")
        }
        Lang::En => format!("{n} events/s"),
    }
}

/// `259 200 000 событий` / `259,200,000 events`.
pub fn events_count(n: f64, nf: &dyn NumberFormat) -> String {
    let n = if n.is_finite() { n.max(0.0) } else { 0.0 };
    let text = nf.decimal(n, 0);
    match nf.lang() {
        Lang::Ru => {
            let word = plural_word(n.round(), ["событие", "события", "событий"], nf);
            format!("{text} {word}")
        }
        Lang::En => format!("{text} events"),
    }
}

/// The binding constraint in one sentence: what binds, the lag-free limit, the input now,
/// and whether lag grows.
pub fn binding_sentence(report: &Report, nf: &dyn NumberFormat) -> String {
    let lang = nf.lang();
    let b = &report.binding;
    let limit = events_per_s(b.saturation_input_events_per_s, nf);
    let peak = events_per_s(report.throughput.input_events_per_s, nf);
    let label = b.label.get(model_lang(lang));
    if b.keeping_up {
        lang.pick(
            format!("Узкое место: {label}. Без отставания — до {limit}; на входе до {peak}, запас есть."),
            format!("Binding constraint: {label}. Lag-free up to {limit}; the input peaks at {peak}, so there is headroom."),
        )
    } else {
        let growth = events_per_s(report.throughput.lag_growth_events_per_s, nf);
        lang.pick(
            format!("Узкое место: {label}. Без отставания — только до {limit}, а на входе до {peak}: отставание растёт на {growth}."),
            format!("Binding constraint: {label}. Lag-free only up to {limit}, but the input peaks at {peak}: lag grows by {growth}."),
        )
    }
}

/// "What would help now" (the model's advice for the binding constraint).
pub fn what_would_help(report: &Report, lang: Lang) -> String {
    let help = report.binding.help.get(model_lang(lang));
    let help = help.trim_end().trim_end_matches('.');
    lang.pick(
        format!("Что поможет сейчас: {help}."),
        format!("What would help now: {help}."),
    )
}

/// Why `tasks.max` did not add tasks, if it did not (one line per connector concerned).
pub fn tasks_notes(report: &Report, lang: Lang) -> Vec<String> {
    report
        .connectors
        .iter()
        .filter(|c| c.tasks_max > c.tasks_running)
        .map(|c| {
            let why = match c.kind {
                ConnectorKind::Postgresql => lang.pick(
                    "коннектор PostgreSQL всегда запускает одну задачу: один слот — один поток декодирования (walsender), разделить его нельзя",
                    "the PostgreSQL connector always runs one task: one slot is one decoding stream (walsender), which cannot be split",
                ),
                ConnectorKind::Sqlserver => lang.pick(
                    "SQL Server запускает не больше задач, чем баз в database.names",
                    "SQL Server runs at most one task per database in database.names",
                ),
                ConnectorKind::Mongodb => lang.pick(
                    "MongoDB с Debezium 2.6 запускает одну задачу",
                    "MongoDB runs one task since Debezium 2.6",
                ),
            };
            lang.pick(
                format!(
                    "{}: tasks.max = {}, работает задач: {} — {why}.",
                    c.name, c.tasks_max, c.tasks_running
                ),
                format!(
                    "{}: tasks.max = {}, tasks running: {} — {why}.",
                    c.name, c.tasks_max, c.tasks_running
                ),
            )
        })
        .collect()
}

/// The calibration sentence: the rule of thumb is an assumption.
pub fn calibration_note(report: &Report, nf: &dyn NumberFormat) -> String {
    let c = events_per_s(report.calibration.single_connector_events_per_s, nf);
    nf.lang().pick(
        format!("Допущение: один коннектор с настройками по умолчанию обрабатывает {c} при событиях 1 КБ. «~7 000 событий/с» — расхожая оценка без первоисточника; подставьте своё измерение."),
        format!("Assumption: one connector at default settings handles {c} with 1 KB events. \"~7,000 events/s\" is a rule of thumb without a primary source; put in your own measurement."),
    )
}

/// Time to drain the backlog, in words (`None` in the report: nothing to drain).
pub fn drain_text(report: &Report, nf: &dyn NumberFormat) -> String {
    let lang = nf.lang();
    match report.lag.drain_s {
        Some(s) if report.lag.max_end_to_end_lag_events > 0 => {
            let d = format_duration_ms(s.saturating_mul(1000), nf);
            lang.pick(
                format!("Отставание рассасывается за {d}."),
                format!("The backlog drains in {d}."),
            )
        }
        None if report.lag.max_end_to_end_lag_events > 0 => lang
            .pick(
                "Отставание не рассасывается до конца суток.",
                "The backlog does not drain within the simulated period.",
            )
            .to_string(),
        _ => lang.pick("Отставания нет.", "No backlog.").to_string(),
    }
}

/// Headers of the comparison table.
pub fn comparison_headers(lang: Lang) -> [&'static str; 5] {
    [
        lang.pick("Вариант", "Variant"),
        lang.pick("Предел без отставания", "Lag-free limit"),
        lang.pick("Узкое место", "Binding constraint"),
        lang.pick("Макс. отставание", "Max lag"),
        lang.pick("Задач", "Tasks"),
    ]
}

/// The model's [`scaling_model::Lang`] for ours.
pub fn model_lang(lang: Lang) -> scaling_model::Lang {
    match lang {
        Lang::Ru => scaling_model::Lang::Ru,
        Lang::En => scaling_model::Lang::En,
    }
}

/// A connector's Kafka Connect REST body (`POST /connectors`), pretty-printed by hand
/// (no JSON serializer in the bundle); keys in the model's (sorted) order.
pub fn connector_json(rest: &scaling_model::RestConnectorConfig) -> String {
    use crate::configs::json_string;
    let mut out = format!(
        "{{\n  \"name\": {},\n  \"config\": {{\n",
        json_string(&rest.name)
    );
    let n = rest.config.len();
    for (i, (k, v)) in rest.config.iter().enumerate() {
        let comma = if i + 1 < n { "," } else { "" };
        out.push_str(&format!(
            "    {}: {}{comma}\n",
            json_string(k),
            json_string(v)
        ));
    }
    out.push_str("  }\n}");
    out
}
