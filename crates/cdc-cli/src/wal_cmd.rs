//! The WAL simulator's commands: `run`, `slots`, `presets`.
//!
//! Text output speaks PostgreSQL: LSNs as `X/Y`, sizes as `pg_size_pretty` prints them, and
//! the log lines PostgreSQL and Debezium themselves write where there is one.

use std::io::Write;
use wal_model::report::{
    CheckpointCause, ConnectorState, EtaTarget, HeartbeatOutcome, LogKind, NeverReason,
};
use wal_model::units::{format_duration_ms, format_instant_ms, pg_size_pretty};
use wal_model::{presets, Eta, Report, Scenario};

/// Where a scenario comes from: a file path, or the name of a shipped preset.
fn load(source: &str, err: &mut dyn Write) -> Result<Scenario, i32> {
    if let Some(p) = presets::find(source) {
        return wal_model::from_json(p.json).map_err(|e| {
            let _ = writeln!(err, "preset {source} is invalid:\n{e}");
            2
        });
    }
    let text = match std::fs::read_to_string(source) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "cannot read {source:?}: {e} (and it is not a preset name; try `cdc-lab presets list`)");
            return Err(1);
        }
    };
    wal_model::from_json(&text).map_err(|e| {
        let _ = writeln!(err, "invalid scenario {source}:\n{e}");
        2
    })
}

struct Options {
    source: Option<String>,
    format: String,
    trace: Option<String>,
    every_ms: Option<u64>,
    out: Option<String>,
    at_ms: Option<u64>,
    dir: Option<String>,
}

fn parse_options(args: &[String], err: &mut dyn Write) -> Result<Options, i32> {
    let mut o = Options {
        source: None,
        format: "text".into(),
        trace: None,
        every_ms: None,
        out: None,
        at_ms: None,
        dir: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<String, i32> {
            it.next().cloned().ok_or_else(|| {
                let _ = writeln!(err, "{name} needs a value");
                2
            })
        };
        let number = |name: &str, v: String, err: &mut dyn Write| -> Result<u64, i32> {
            v.parse::<u64>().map_err(|_| {
                let _ = writeln!(err, "{name} must be a non-negative integer, got {v:?}");
                2
            })
        };
        match a.as_str() {
            "--format" => o.format = value("--format")?,
            "--trace" => o.trace = Some(value("--trace")?),
            "--every-ms" => {
                let v = value("--every-ms")?;
                o.every_ms = Some(number("--every-ms", v, err)?)
            }
            "--at-ms" => {
                let v = value("--at-ms")?;
                o.at_ms = Some(number("--at-ms", v, err)?)
            }
            "--out" => o.out = Some(value("--out")?),
            "--dir" => o.dir = Some(value("--dir")?),
            s if s.starts_with("--") => {
                let _ = writeln!(err, "unknown option {s:?}");
                return Err(2);
            }
            s => {
                if o.source.is_some() {
                    let _ = writeln!(err, "unexpected argument {s:?}");
                    return Err(2);
                }
                o.source = Some(s.to_string());
            }
        }
    }
    if !matches!(o.format.as_str(), "text" | "json") {
        let _ = writeln!(err, "--format must be text or json, got {:?}", o.format);
        return Err(2);
    }
    if let Some(t) = &o.trace {
        if !matches!(t.as_str(), "csv" | "jsonl") {
            let _ = writeln!(err, "--trace must be csv or jsonl, got {t:?}");
            return Err(2);
        }
    }
    if o.every_ms == Some(0) {
        let _ = writeln!(err, "--every-ms must be positive, got \"0\"");
        return Err(2);
    }
    Ok(o)
}

/// `cdc-lab run`.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let o = match parse_options(args, err) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let Some(source) = o.source.as_deref() else {
        let _ = writeln!(err, "run needs a scenario file or a preset name");
        return 2;
    };
    let scenario = match load(source, err) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let report = wal_model::simulate(&scenario);
    let mut buffer: Vec<u8> = Vec::new();
    let result = if let Some(trace) = &o.trace {
        write_trace(&report, trace, o.every_ms, &mut buffer)
    } else if o.format == "json" {
        serde_json::to_writer_pretty(&mut buffer, &report)
            .map_err(|e| e.to_string())
            .map(|_| ())
    } else {
        write_text(&scenario, &report, &mut buffer).map_err(|e| e.to_string())
    };
    if let Err(e) = result {
        let _ = writeln!(err, "{e}");
        return 2;
    }
    match &o.out {
        Some(path) => match std::fs::write(path, &buffer) {
            Ok(()) => 0,
            Err(e) => {
                let _ = writeln!(err, "cannot write {path:?}: {e}");
                1
            }
        },
        None => match out.write_all(&buffer) {
            Ok(()) => 0,
            Err(_) => 1,
        },
    }
}

/// `cdc-lab slots <scenario> --at-ms T`: the `pg_replication_slots` rows and ETAs at T.
pub fn slots(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let o = match parse_options(args, err) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let (Some(source), Some(at)) = (o.source.as_deref(), o.at_ms) else {
        let _ = writeln!(err, "slots needs a scenario and --at-ms T");
        return 2;
    };
    let scenario = match load(source, err) {
        Ok(s) => s,
        Err(c) => return c,
    };
    if at > scenario.duration_ms {
        let _ = writeln!(
            err,
            "--at-ms must be within the scenario (0..={}), got \"{at}\"",
            scenario.duration_ms
        );
        return 2;
    }
    let report = wal_model::simulate(&scenario);
    let mut text = String::new();
    for i in 0..report.slots.len() {
        match report.slot_row(i, at) {
            Some(row) => {
                if o.format == "json" {
                    text.push_str(&serde_json::to_string(&row).unwrap_or_default());
                    text.push('\n');
                } else {
                    text.push_str(&format!(
                        "-[ {} at {} ]-\n",
                        row.slot_name,
                        format_instant_ms(at)
                    ));
                    let opt = |v: Option<String>| v.unwrap_or_default();
                    for (k, v) in [
                        ("slot_name", row.slot_name.clone()),
                        ("plugin", row.plugin.clone()),
                        ("database", row.database.clone()),
                        ("active", if row.active { "t".into() } else { "f".into() }),
                        ("active_pid", opt(row.active_pid.map(|p| p.to_string()))),
                        ("restart_lsn", opt(row.restart_lsn.map(|l| l.to_string()))),
                        (
                            "confirmed_flush_lsn",
                            opt(row.confirmed_flush_lsn.map(|l| l.to_string())),
                        ),
                        ("wal_status", opt(row.wal_status.map(|s| s.to_string()))),
                        (
                            "safe_wal_size",
                            opt(row.safe_wal_size.map(|s| s.to_string())),
                        ),
                        (
                            "retained_wal",
                            opt(row.retained_bytes.map(|b| pg_size_pretty(b as i128))),
                        ),
                    ] {
                        text.push_str(&format!("{k:<20}| {v}\n"));
                    }
                    for (name, target) in [
                        ("warning", EtaTarget::Warning),
                        ("critical", EtaTarget::Critical),
                        ("extended", EtaTarget::Extended),
                        ("lost", EtaTarget::Lost),
                        ("disk full", EtaTarget::DiskFull),
                    ] {
                        text.push_str(&format!(
                            "eta {name:<16}| {}\n",
                            describe_eta(report.eta(i, target, at))
                        ));
                    }
                }
            }
            None => text.push_str(&format!(
                "-[ {} ]- does not exist at {}\n",
                report.slots.get(i).map_or("", |s| s.name.as_str()),
                format_instant_ms(at)
            )),
        }
    }
    match out.write_all(text.as_bytes()) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// `cdc-lab presets ...`.
pub fn presets(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match args.first().map(String::as_str) {
        Some("list") | None => {
            for p in presets::PRESETS {
                let title = wal_model::scenario::parse_json(p.json)
                    .map(|s| s.title.en)
                    .unwrap_or_default();
                let _ = writeln!(out, "{:<34} {}", p.name, title);
            }
            0
        }
        Some("show") => match args.get(1).and_then(|n| presets::find(n)) {
            Some(p) => {
                let _ = out.write_all(p.json.as_bytes());
                0
            }
            None => {
                let _ = writeln!(
                    err,
                    "no preset named {:?}; `cdc-lab presets list` shows them",
                    args.get(1).map_or("", |s| s.as_str())
                );
                2
            }
        },
        Some("export") => {
            let dir = match args.get(1).map(String::as_str) {
                Some("--dir") => match args.get(2) {
                    Some(d) => d.clone(),
                    None => {
                        let _ = writeln!(err, "--dir needs a value");
                        return 2;
                    }
                },
                None => ".".into(),
                Some(other) => {
                    let _ = writeln!(err, "unexpected argument {other:?}");
                    return 2;
                }
            };
            if let Err(e) = std::fs::create_dir_all(&dir) {
                let _ = writeln!(err, "cannot create {dir:?}: {e}");
                return 1;
            }
            for p in presets::PRESETS {
                let path = std::path::Path::new(&dir).join(format!("{}.json", p.name));
                if let Err(e) = std::fs::write(&path, p.json) {
                    let _ = writeln!(err, "cannot write {}: {e}", path.display());
                    return 1;
                }
                let _ = writeln!(out, "{}", path.display());
            }
            0
        }
        Some(other) => {
            let _ = writeln!(
                err,
                "unknown presets command {other:?} (list, show NAME, export [--dir DIR])"
            );
            2
        }
    }
}

fn describe_eta(eta: Eta) -> String {
    match eta {
        Eta::Now => "now".into(),
        Eta::At { t_ms, in_ms } => format!(
            "in {} (at {})",
            format_duration_ms(in_ms),
            format_instant_ms(t_ms)
        ),
        Eta::Beyond { in_ms } => format!(
            "beyond the scenario, about {} (extrapolated)",
            format_duration_ms(in_ms)
        ),
        Eta::Never { reason } => format!(
            "never: {}",
            match reason {
                NeverReason::UnlimitedSlotKeep => "max_slot_wal_keep_size = -1",
                NeverReason::DiskFullFirst => "the disk fills first",
                NeverReason::SlotAdvances => "the slot advances",
                NeverReason::NoSlot => "no slot",
                NeverReason::SlotLostFirst => "the slot is lost first",
                NeverReason::NoWalGrowth => "no WAL is written",
            }
        ),
    }
}

/// One line of the event log, in the words PostgreSQL, Debezium and Kafka Connect use.
pub fn describe(report: &Report, kind: &LogKind) -> String {
    let slot = |i: usize| {
        report
            .slots
            .get(i)
            .map_or("?", |s| s.name.as_str())
            .to_string()
    };
    let conn = |i: usize| {
        report
            .connectors
            .get(i)
            .map_or("?", |s| s.as_str())
            .to_string()
    };
    match kind {
        LogKind::CheckpointRemovedWal { cause, redo_lsn, removed_segments, recycled_segments, pg_wal_bytes } => format!(
            "checkpoint ({}) redo {redo_lsn}: {removed_segments} WAL file(s) removed or recycled ({recycled_segments} recycled); pg_wal now {}",
            match cause {
                CheckpointCause::Time => "time",
                CheckpointCause::Wal => "wal",
                CheckpointCause::Explicit => "immediate",
            },
            pg_size_pretty(*pg_wal_bytes as i128)
        ),
        LogKind::WalStatusChanged { slot: s, from, to } => format!(
            "slot \"{}\" wal_status {} -> {}",
            slot(*s),
            from.map_or("(none)".to_string(), |x| x.to_string()),
            to.map_or("(none)".to_string(), |x| x.to_string())
        ),
        LogKind::AlertRaised { slot: s, level, threshold_bytes } => {
            format!("ALERT {level:?}: slot \"{}\" retains more than {}", slot(*s), pg_size_pretty(*threshold_bytes as i128))
        }
        LogKind::AlertCleared { slot: s, level, threshold_bytes } => {
            format!("alert {level:?} cleared: slot \"{}\" retains less than {}", slot(*s), pg_size_pretty(*threshold_bytes as i128))
        }
        LogKind::SlotInvalidated { slot: s, restart_lsn, exceeds_limit_by_bytes } => format!(
            "LOG: invalidating obsolete replication slot \"{}\" DETAIL: The slot's restart_lsn {restart_lsn} exceeds the limit by {exceeds_limit_by_bytes} bytes. HINT: You might need to increase \"max_slot_wal_keep_size\".",
            slot(*s)
        ),
        LogKind::ConnectorStateChanged { connector, state } => format!(
            "connector {} is {}",
            conn(*connector),
            match state {
                ConnectorState::Running => "RUNNING",
                ConnectorState::Stopped => "STOPPED",
                ConnectorState::Failed => "FAILED",
                ConnectorState::Restarting => "RESTARTING (retriable error, waiting retriable.restart.connector.wait.ms)",
            }
        ),
        LogKind::SlotUnusable { connector, slot: s } => format!(
            "connector {}: ERROR: can no longer get changes from replication slot \"{}\" DETAIL: This slot has been invalidated because it exceeded the maximum reserved size.",
            conn(*connector),
            slot(*s)
        ),
        LogKind::HeartbeatFailed { connector, sqlstate, outcome } => format!(
            "connector {}: Could not execute heartbeat action query (Error: {sqlstate}) -> {}",
            conn(*connector),
            match outcome {
                HeartbeatOutcome::TaskFailed => "task FAILED (not retriable before Debezium 2.0)",
                HeartbeatOutcome::TaskRestarts => "retriable: the task restarts",
                HeartbeatOutcome::PollRetried => "RetriableException: Connect polls again",
                HeartbeatOutcome::Logged => "logged, the connector continues",
            }
        ),
        LogKind::SlotCreated { slot: s, lsn, by_connector } => {
            format!("slot \"{}\" created at {lsn}{}", slot(*s), if *by_connector { " by the connector (slot.name did not exist)" } else { "" })
        }
        LogKind::SlotDropped { slot: s } => format!("slot \"{}\" dropped", slot(*s)),
        LogKind::SlotCommandFailed { slot: s, sqlstate, active_pid } => match sqlstate.as_str() {
            "55006" => format!("ERROR: replication slot \"{}\" is active for PID {}", slot(*s), active_pid.unwrap_or(0)),
            "42704" => format!("ERROR: replication slot \"{}\" does not exist", slot(*s)),
            "42710" => format!("ERROR: replication slot \"{}\" already exists", slot(*s)),
            other => format!("ERROR {other} on slot \"{}\"", slot(*s)),
        },
        LogKind::DataGap { connector, from_lsn, to_lsn } => format!(
            "connector {}: DATA GAP: changes between {from_lsn} and {to_lsn} are skipped silently (the new slot starts at its creation point)",
            conn(*connector)
        ),
        LogKind::DiskFull { pg_wal_bytes, lsn } => format!(
            "PANIC: could not write to file \"pg_wal/xlogtemp\": No space left on device (pg_wal {}, at {lsn}); the server is down until space is freed",
            pg_size_pretty(*pg_wal_bytes as i128)
        ),
        LogKind::IgnoredServerDown { event } => format!("scenario event #{event} ignored: the server is down"),
    }
}

fn write_text(s: &Scenario, r: &Report, w: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        w,
        "scenario {} — {} ({})",
        s.name,
        s.title.en,
        format_duration_ms(s.duration_ms)
    )?;
    let slot_keep = if s.wal.max_slot_wal_keep_size_mb < 0 {
        "-1 (unlimited)".to_string()
    } else {
        format!("{} MB", s.wal.max_slot_wal_keep_size_mb)
    };
    writeln!(
        w,
        "PostgreSQL {}, max_wal_size {} MB, max_slot_wal_keep_size {slot_keep}, disk {}",
        s.pg_version,
        s.wal.max_wal_size_mb,
        pg_size_pretty(s.disk_size_bytes as i128)
    )?;
    writeln!(w)?;
    for e in &r.events {
        writeln!(w, "{}  {}", format_instant_ms(e.t_ms), describe(r, &e.kind))?;
    }
    writeln!(w)?;
    for (i, slot) in r.slots.iter().enumerate() {
        let max = r
            .series
            .iter()
            .filter_map(|p| p.slots.get(i).and_then(|x| x.retained_bytes))
            .map(|s| s.max)
            .max()
            .unwrap_or(0);
        writeln!(
            w,
            "slot {}: max retained WAL {}",
            slot.name,
            pg_size_pretty(max as i128)
        )?;
    }
    let max_wal = r
        .series
        .iter()
        .map(|p| p.pg_wal_bytes.max)
        .max()
        .unwrap_or(0);
    writeln!(w, "pg_wal peak {}", pg_size_pretty(max_wal as i128))?;
    Ok(())
}

/// Writes `pg_replication_slots`-shaped rows for every slot at every sample time: at each
/// series bucket end, or every `every_ms`.
fn write_trace(
    r: &Report,
    format: &str,
    every_ms: Option<u64>,
    w: &mut Vec<u8>,
) -> Result<(), String> {
    let times: Vec<u64> = match every_ms {
        Some(step) => {
            let n = r.duration_ms / step + 1;
            if n > 200_000 {
                return Err(format!(
                    "--every-ms {step} gives {n} samples; at most 200000 (use a larger step)"
                ));
            }
            (0..n).map(|i| i * step).collect()
        }
        None => std::iter::once(0)
            .chain(r.series.iter().map(|p| p.to_ms))
            .collect(),
    };
    let header = "t_ms,slot_name,active,active_pid,restart_lsn,confirmed_flush_lsn,wal_status,safe_wal_size,retained_bytes,pg_current_wal_lsn,pg_wal_bytes";
    if format == "csv" {
        writeln!(w, "{header}").map_err(|e| e.to_string())?;
    }
    for t in times {
        let pg_wal = r.pg_wal_bytes_at(t);
        for i in 0..r.slots.len() {
            let Some(row) = r.slot_row(i, t) else {
                continue;
            };
            if format == "csv" {
                let opt = |v: Option<String>| v.unwrap_or_default();
                writeln!(
                    w,
                    "{t},{},{},{},{},{},{},{},{},{},{pg_wal}",
                    row.slot_name,
                    if row.active { "t" } else { "f" },
                    opt(row.active_pid.map(|p| p.to_string())),
                    opt(row.restart_lsn.map(|l| l.to_string())),
                    opt(row.confirmed_flush_lsn.map(|l| l.to_string())),
                    opt(row.wal_status.map(|s| s.to_string())),
                    opt(row.safe_wal_size.map(|s| s.to_string())),
                    opt(row.retained_bytes.map(|s| s.to_string())),
                    row.current_lsn,
                )
                .map_err(|e| e.to_string())?;
            } else {
                let line = serde_json::json!({
                    "t_ms": t,
                    "slot_name": row.slot_name,
                    "active": row.active,
                    "active_pid": row.active_pid,
                    "restart_lsn": row.restart_lsn,
                    "confirmed_flush_lsn": row.confirmed_flush_lsn,
                    "wal_status": row.wal_status,
                    "safe_wal_size": row.safe_wal_size,
                    "retained_bytes": row.retained_bytes,
                    "pg_current_wal_lsn": row.current_lsn,
                    "pg_wal_bytes": pg_wal,
                });
                writeln!(w, "{line}").map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}
