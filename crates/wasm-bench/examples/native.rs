//! The native side of `scripts/wasm-model-bench`: the same work as the WebAssembly exports
//! (`recompute`: validate at the widget's resolution + simulate + drop; `simulate_only`),
//! timed in-process with the same rounds, so the two figures sit side by side. Time is this
//! thread's CPU time where Linux gives it (`/proc/thread-self/schedstat`: waits for a CPU on
//! a busy machine are not counted, as in the node runner), wall-clock time elsewhere.
//!
//! Run: `cargo run --release -p wasm-bench --example native -- idle-db-heartbeat 50 7`
//! (preset, runs per round, rounds; prints the median of the rounds after one warm-up round).

use std::process::ExitCode;
use std::time::Instant;

/// Nanoseconds: the thread's CPU time if the system gives it, else wall-clock time since `t0`.
fn clock_ns(t0: Instant) -> u128 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u128>().ok())
        .unwrap_or_else(|| t0.elapsed().as_nanos())
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n => xs.get(n / 2).copied().unwrap_or(f64::NAN),
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let name = args
        .next()
        .unwrap_or_else(|| "idle-db-heartbeat".to_owned());
    let runs: u32 = args
        .next()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50)
        .max(1);
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(7).max(1);
    let state = match wasm_bench::preset_state(&name) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("native: {e}");
            return ExitCode::FAILURE;
        }
    };
    let scenario = match state.validated_with_points(wasm_bench::WIDGET_SERIES_POINTS) {
        Ok((_, s)) => s,
        Err(e) => {
            eprintln!("native: preset {name} does not validate: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut recompute_ms = Vec::new();
    let mut simulate_ms = Vec::new();
    let mut digest = 0u64;
    let t0 = Instant::now();
    let ms_per_run =
        |from: u128| (clock_ns(t0).saturating_sub(from)) as f64 / 1e6 / f64::from(runs);
    // Round 0 is the warm-up.
    for round in 0..=rounds {
        let start = clock_ns(t0);
        for _ in 0..runs {
            match wasm_bench::recompute(&state) {
                Ok(d) => digest = digest.wrapping_add(d),
                Err(e) => {
                    eprintln!("native: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        let a = ms_per_run(start);
        let start = clock_ns(t0);
        for _ in 0..runs {
            digest = digest.wrapping_add(wasm_bench::simulate_only(&scenario));
        }
        let b = ms_per_run(start);
        if round > 0 {
            recompute_ms.push(a);
            simulate_ms.push(b);
        }
    }
    std::hint::black_box(digest);
    let hash = match wasm_bench::report_hash(&name) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("native: {e}");
            return ExitCode::FAILURE;
        }
    };
    // One line, read by scripts/wasm-model-bench.
    println!(
        "{name} recompute_ms={:.4} simulate_ms={:.4} report={hash:016x}",
        median(recompute_ms),
        median(simulate_ms)
    );
    ExitCode::SUCCESS
}
