//! Simulates one shipped preset a number of times: a fixed workload for instruction counts
//! (`valgrind --tool=callgrind`) and whole-process timings, which criterion's timing loop
//! would blur. An optional third argument sets `connectors[0].heartbeat.interval_ms`.
//!
//! Run: `cargo run --release -p wal-model --example simulate_preset -- idle-db-heartbeat 10`
//! (one simulation's instructions: the count for 2 runs minus the count for 1).

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let name = args
        .next()
        .unwrap_or_else(|| "idle-db-heartbeat".to_owned());
    let runs: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let heartbeat_ms: Option<u64> = args.next().and_then(|h| h.parse().ok());
    let Some(preset) = wal_model::presets::find(&name) else {
        eprintln!("no preset {name}");
        return ExitCode::FAILURE;
    };
    let mut json: serde_json::Value = match serde_json::from_str(preset.json) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("preset {name} is not JSON: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(h) = heartbeat_ms {
        match json.pointer_mut("/connectors/0/heartbeat/interval_ms") {
            Some(slot) => *slot = serde_json::Value::from(h),
            None => {
                eprintln!("preset {name} has no connectors[0].heartbeat.interval_ms");
                return ExitCode::FAILURE;
            }
        }
    }
    let scenario = match wal_model::from_json(&json.to_string()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("invalid scenario {name}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut events = 0;
    let mut lone_commits = 0;
    for _ in 0..runs {
        let (report, stats) = wal_model::simulate_with(
            std::hint::black_box(&scenario),
            wal_model::EngineOptions::default(),
        );
        events += report.events.len();
        lone_commits += stats.lone_commits;
    }
    println!("{name}: {runs} runs, {events} log events, {lone_commits} lone-commit steps");
    ExitCode::SUCCESS
}
