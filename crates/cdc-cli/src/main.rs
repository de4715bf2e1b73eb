//! `cdc-lab`: runs the cdc-lab models from the command line.
//!
//! ```text
//! cdc-lab run <scenario.json | preset-name> [--format text|json] [--trace csv|jsonl] [--every-ms N] [--out FILE]
//! cdc-lab slots <scenario.json | preset-name> --at-ms T
//! cdc-lab presets list | show NAME | export [--dir DIR]
//! cdc-lab scaling run <config.json> | connectors <config.json> | example
//! ```
//!
//! Exit codes: 0 success, 2 invalid input (scenario, arguments), 1 I/O errors. The trace's
//! column names are those of `pg_replication_slots`, so traces can be compared with what a
//! real server returns (`tests/` does).

mod scaling_cmd;
mod wal_cmd;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = run(&args, &mut out, &mut err);
    let _ = out.flush();
    std::process::exit(code);
}

/// Dispatches a command line; returns the exit code.
fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match args.first().map(String::as_str) {
        Some("run") => wal_cmd::run(args.get(1..).unwrap_or_default(), out, err),
        Some("slots") => wal_cmd::slots(args.get(1..).unwrap_or_default(), out, err),
        Some("presets") => wal_cmd::presets(args.get(1..).unwrap_or_default(), out, err),
        Some("scaling") => scaling_cmd::main(args.get(1..).unwrap_or_default(), out, err),
        Some("help" | "--help" | "-h") | None => {
            let _ = writeln!(out, "{}", USAGE);
            0
        }
        Some(other) => {
            let _ = writeln!(err, "unknown command {other:?}\n\n{USAGE}");
            2
        }
    }
}

const USAGE: &str = "usage:
  cdc-lab run <scenario.json | preset> [--format text|json] [--trace csv|jsonl] [--every-ms N] [--out FILE]
  cdc-lab slots <scenario.json | preset> --at-ms T
  cdc-lab presets list | show NAME | export [--dir DIR]
  cdc-lab scaling run <config.json> [--format text|json] | connectors <config.json> | example";
