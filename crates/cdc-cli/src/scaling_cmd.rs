//! `cdc-lab scaling …`: the connector-scaling model (lesson 06) on the command line.
//!
//! ```text
//! cdc-lab scaling run <config.json> [--format text|json] [--lang ru|en]
//! cdc-lab scaling connectors <config.json>
//! cdc-lab scaling example
//! ```
//!
//! `run` prints the report (binding constraint, per-stage throughput, lag, latency, WAL
//! consequence, the 5-way comparison); `connectors` prints a JSON array whose elements are
//! Kafka Connect `POST /connectors` bodies; `example` prints a complete default config.
//! Exit codes: 0 ok, 2 invalid input or usage (the message names the field and quotes the
//! value), 1 I/O error.

use std::io::Write;

use scaling_model::{evaluate, fmt_num, rest_configs, Lang, RawConfig, Report};

const USAGE: &str = "usage:
  cdc-lab scaling run <config.json> [--format text|json] [--lang ru|en]
  cdc-lab scaling connectors <config.json>
  cdc-lab scaling example";

enum Failure {
    /// Bad input or usage: exit code 2.
    Input(String),
    /// I/O: exit code 1.
    Io(String),
}

/// Runs the `scaling` subcommand with the arguments after the word `scaling`.
pub fn main(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match run(args, out) {
        Ok(()) => 0,
        Err(Failure::Input(msg)) => {
            let _ = writeln!(err, "error: {msg}");
            2
        }
        Err(Failure::Io(msg)) => {
            let _ = writeln!(err, "error: {msg}");
            1
        }
    }
}

fn io(e: std::io::Error) -> Failure {
    Failure::Io(format!("cannot write output: {e}"))
}

fn run(args: &[String], out: &mut dyn Write) -> Result<(), Failure> {
    let Some((cmd, rest)) = args.split_first() else {
        return Err(Failure::Input(format!("missing subcommand\n{USAGE}")));
    };
    match cmd.as_str() {
        "example" => {
            if let Some(extra) = rest.first() {
                return Err(Failure::Input(format!(
                    "example takes no arguments, got {extra:?}\n{USAGE}"
                )));
            }
            let json = serde_json::to_string_pretty(&RawConfig::example())
                .map_err(|e| Failure::Io(format!("cannot serialize the example: {e}")))?;
            writeln!(out, "{json}").map_err(io)
        }
        "run" => {
            let mut path: Option<&str> = None;
            let mut format = "text";
            let mut lang = Lang::Ru;
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--format" => {
                        let v = it.next().map(String::as_str).unwrap_or("");
                        if v != "text" && v != "json" {
                            return Err(Failure::Input(format!(
                                "--format must be \"text\" or \"json\", got {v:?}"
                            )));
                        }
                        format = if v == "json" { "json" } else { "text" };
                    }
                    "--lang" => {
                        let v = it.next().map(String::as_str).unwrap_or("");
                        lang = Lang::parse(v).ok_or_else(|| {
                            Failure::Input(format!("--lang must be \"ru\" or \"en\", got {v:?}"))
                        })?;
                    }
                    other if other.starts_with("--") => {
                        return Err(Failure::Input(format!("unknown option {other:?}\n{USAGE}")));
                    }
                    other => {
                        if path.is_some() {
                            return Err(Failure::Input(format!(
                                "run takes one config file, got another: {other:?}\n{USAGE}"
                            )));
                        }
                        path = Some(other);
                    }
                }
            }
            let Some(path) = path else {
                return Err(Failure::Input(format!("run needs a config file\n{USAGE}")));
            };
            let config = load(path)?;
            let report = evaluate(&config);
            if format == "json" {
                writeln!(out, "{}", report.to_json()).map_err(io)
            } else {
                write_text(&report, lang, out).map_err(io)
            }
        }
        "connectors" => {
            let [path] = rest else {
                return Err(Failure::Input(format!(
                    "connectors takes exactly one config file\n{USAGE}"
                )));
            };
            let config = load(path)?;
            let json = serde_json::to_string_pretty(&rest_configs(&config))
                .map_err(|e| Failure::Io(format!("cannot serialize the configs: {e}")))?;
            writeln!(out, "{json}").map_err(io)
        }
        other => Err(Failure::Input(format!(
            "unknown subcommand {other:?}\n{USAGE}"
        ))),
    }
}

fn load(path: &str) -> Result<scaling_model::Config, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Io(format!("cannot read {path:?}: {e}")))?;
    let raw = RawConfig::from_json(&text).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    raw.validate()
        .map_err(|e| Failure::Input(format!("{path}: {e}")))
}

fn write_text(r: &Report, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let ru = lang == Lang::Ru;
    let t = |ru_s: &str, en_s: &str| {
        if ru {
            ru_s.to_string()
        } else {
            en_s.to_string()
        }
    };
    let eps = t("соб/с", "events/s");
    writeln!(out, "{}", r.summary.get(lang))?;
    writeln!(out)?;
    writeln!(
        out,
        "{}: {}",
        t("Узкое место", "Binding constraint"),
        r.binding.label.get(lang)
    )?;
    writeln!(
        out,
        "{}: {} {eps}",
        t("Предел без лага", "Lag-free limit"),
        fmt_num(r.throughput.max_sustainable_input_events_per_s)
    )?;
    writeln!(
        out,
        "{}: {}",
        t("Что поможет сейчас", "What would help now"),
        r.binding.help.get(lang)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{} ({} {} {eps}, {} {}):",
        t("Стадии на пике", "Stages at the peak"),
        t("вход", "input"),
        fmt_num(r.throughput.input_events_per_s),
        t("профиль", "profile"),
        r.profile_kind
    )?;
    for s in &r.stages {
        writeln!(
            out,
            "  - {}: {} {} / {} {} → {} {eps} ({}%)",
            s.label.get(lang),
            t("нагрузка", "offered"),
            fmt_num(s.offered_events_per_s),
            t("мощность", "capacity"),
            fmt_num(s.capacity_events_per_s),
            fmt_num(s.throughput_events_per_s),
            fmt_num(s.utilization_percent)
        )?;
    }
    for c in &r.connectors {
        writeln!(out, "  * {}: {}", c.name, c.tasks_note.get(lang))?;
    }
    writeln!(
        out,
        "  * {}: {} {}, {} ×{} ({}% {})",
        t("Декодирование", "Decoding"),
        r.decoding.slots,
        t("слот(ов)", "slot(s)"),
        t("работа", "work"),
        fmt_num(r.decoding.decode_multiplier),
        fmt_num(r.decoding.budget_used_percent),
        t("бюджета", "of the budget")
    )?;
    writeln!(
        out,
        "  * {}: {}/{} {}, {} {}",
        t("Потребители", "Consumers"),
        r.consumers.active_consumers,
        r.consumers.consumers,
        t("активны", "active"),
        r.consumers.partitions,
        t("партиций", "partitions")
    )?;
    writeln!(out)?;
    writeln!(out, "{}:", t("Лаг", "Lag"))?;
    writeln!(
        out,
        "  {}: {} {eps} ({}: {}, Kafka: {})",
        t("рост на пике", "growth at the peak"),
        fmt_num(r.throughput.lag_growth_events_per_s),
        t("коннекторы/WAL", "connectors/WAL"),
        fmt_num(r.throughput.source_lag_growth_events_per_s),
        fmt_num(r.throughput.consumer_lag_growth_events_per_s)
    )?;
    writeln!(
        out,
        "  {}: {} {} ({} {} {}), {} {}",
        t("максимум", "maximum"),
        fmt_num(r.lag.max_end_to_end_lag_events as f64),
        t("событий", "events"),
        fmt_num(r.lag.max_end_to_end_lag_s),
        t("с, в t =", "s, at t ="),
        r.lag.max_end_to_end_lag_at_s,
        t("в конце", "at the end"),
        fmt_num((r.lag.final_source_lag_events + r.lag.final_consumer_lag_events) as f64)
    )?;
    match (r.lag.drain_from_s, r.lag.drain_s) {
        (Some(from), Some(d)) => writeln!(
            out,
            "  {} {from} {}: {d} {}",
            t("рассасывание после t =", "drains after t ="),
            t("с", "s"),
            t("с", "s")
        )?,
        (Some(from), None) => writeln!(
            out,
            "  {} {from} {}",
            t("после t =", "after t ="),
            t(
                "с лаг не рассасывается до конца горизонта",
                "s the lag does not drain within the horizon"
            )
        )?,
        _ => writeln!(out, "  {}", t("лага нет", "no lag"))?,
    }
    writeln!(
        out,
        "{}: {} {} ({} {} + {} {} + {} {}); {} {} {}; {} {} {}",
        t("Задержка без очереди", "Latency without backlog"),
        fmt_num(r.latency.delivery_ms),
        t("мс", "ms"),
        t("ожидание poll", "poll wait"),
        fmt_num(r.latency.poll_wait_ms),
        t("батч", "batch"),
        fmt_num(r.latency.batch_ms),
        t("потребитель", "consumer"),
        fmt_num(r.latency.consumer_ms),
        t("очередь добавляет до", "backlog adds up to"),
        fmt_num(r.latency.backlog_wait_max_ms),
        t("мс", "ms"),
        t("подтверждение LSN через ~", "LSN confirmed after ~"),
        fmt_num(r.latency.offset_commit_ms),
        t("мс", "ms")
    )?;
    writeln!(out, "WAL: {}", r.wal.note.get(lang))?;
    writeln!(out)?;
    writeln!(out, "{}:", t("Сравнение", "Comparison"))?;
    for row in &r.comparison {
        writeln!(
            out,
            "  {}\n     {} {} {eps}; {}: {}; {} {} {eps}; {} {}",
            row.title.get(lang),
            t("предел", "limit"),
            fmt_num(row.max_sustainable_input_events_per_s),
            t("узкое место", "constraint"),
            row.binding.label.get(lang),
            t("рост лага", "lag growth"),
            fmt_num(row.lag_growth_events_per_s),
            t("макс. лаг", "max lag"),
            fmt_num(row.max_lag_events as f64)
        )?;
        writeln!(out, "     {}", row.note.get(lang))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", r.calibration.note.get(lang))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn call(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| (*s).to_string()).collect();
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = main(&args, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    fn temp_file(name: &str, contents: &str) -> String {
        let dir = std::env::temp_dir().join(format!("cdc-lab-scaling-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, contents).unwrap();
        p.to_string_lossy().into_owned()
    }

    #[test]
    fn example_round_trips_through_run() {
        let (code, json, _) = call(&["example"]);
        assert_eq!(code, 0);
        let p = temp_file("example.json", &json);
        let (code, text, err) = call(&["run", &p]);
        assert_eq!(code, 0, "{err}");
        assert!(text.contains("Узкое место"), "{text}");
        let (code, text, _) = call(&["run", &p, "--format", "json", "--lang", "en"]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(v["comparison"].as_array().unwrap().len() == 5);
        let (code, text, _) = call(&["connectors", &p]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v[0]["config"]["connector.class"],
            "io.debezium.connector.postgresql.PostgresConnector"
        );
    }

    #[test]
    fn invalid_input_exits_2_and_names_the_field() {
        let mut raw = RawConfig::example();
        raw.connectors[0].max_batch_size = Some(8192.0);
        let p = temp_file("bad.json", &serde_json::to_string(&raw).unwrap());
        let (code, _, err) = call(&["run", &p]);
        assert_eq!(code, 2);
        assert!(
            err.contains(
                "connectors[0].max_batch_size must be smaller than max_queue_size (8192), got \"8192\": \
                 Debezium refuses to start when max.batch.size >= max.queue.size"
            ),
            "{err}"
        );
        let p = temp_file("notjson.json", "{ nope");
        let (code, _, err) = call(&["connectors", &p]);
        assert_eq!(code, 2);
        assert!(err.contains("not valid json"), "{err}");
    }

    #[test]
    fn io_error_exits_1_and_usage_errors_exit_2() {
        let (code, _, err) = call(&["run", "/nonexistent/dir/config.json"]);
        assert_eq!(code, 1, "{err}");
        assert_eq!(call(&[]).0, 2);
        assert_eq!(call(&["frobnicate"]).0, 2);
        assert_eq!(call(&["run"]).0, 2);
        assert_eq!(call(&["run", "x.json", "--format", "xml"]).0, 2);
        assert_eq!(call(&["connectors"]).0, 2);
    }
}
