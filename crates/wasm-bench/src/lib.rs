//! # wasm-bench: the WAL model's time per simulation in WebAssembly
//!
//! The simulator widget recomputes its report on every slider input:
//! `WalState::validated_with_points(720)` (the preset with the overrides applied, validated)
//! and `wal_model::simulate`, dropping the previous report. This crate runs exactly that for a
//! shipped preset, `runs` times, and returns the time per run. `scripts/wasm-model-bench`
//! builds it like the widget bundle (profile `wasm-release`, `wasm-bindgen`, `wasm-opt -Oz`)
//! for node and prints the figures; the native build of the same code
//! (`examples/native.rs`) gives the figure to compare with.
//!
//! The crate is a workspace member so that clippy and the native tests check it, but nothing
//! depends on it: it never enters the widget bundle.

use wal_model::Scenario;
use widget_core::WalState;

/// Series buckets the widget asks for over a whole scenario (`WalSim::series_points` at the
/// default zoom).
pub const WIDGET_SERIES_POINTS: i64 = 720;

/// The state of the preset `name` as the widget holds it, or a message naming the value.
pub fn preset_state(name: &str) -> Result<WalState, String> {
    WalState::for_preset(name).ok_or_else(|| {
        format!(
            "no preset {name:?} (known: {})",
            widget_core::state::preset_names().join(", ")
        )
    })
}

/// What the widget does on an input: apply and validate (at the widget's resolution), then
/// simulate; the report is dropped at the end as the widget drops its previous one. Returns
/// a small digest of the report (its event count and series length), so that the work cannot
/// be optimised away and two builds can be compared.
pub fn recompute(state: &WalState) -> Result<u64, String> {
    let (_raw, scenario) = state
        .validated_with_points(WIDGET_SERIES_POINTS)
        .map_err(|e| e.to_string())?;
    Ok(simulate_only(&scenario))
}

/// `wal_model::simulate` alone on an already validated scenario, with the same digest as
/// [`recompute`].
pub fn simulate_only(scenario: &Scenario) -> u64 {
    let report = wal_model::simulate(std::hint::black_box(scenario));
    digest(&report)
}

fn digest(report: &wal_model::Report) -> u64 {
    let history: usize = report.slot_history.iter().map(Vec::len).sum();
    (report.events.len() as u64) << 32 | history as u64
}

/// FNV-1a (64-bit) of the report's `Debug` text for the preset `name` at the widget's
/// resolution: the same number from two builds (native and WebAssembly, before and after a
/// change) means the same report, field by field. Not timed.
pub fn report_hash(name: &str) -> Result<u64, String> {
    let state = preset_state(name)?;
    let (_raw, scenario) = state
        .validated_with_points(WIDGET_SERIES_POINTS)
        .map_err(|e| e.to_string())?;
    let text = format!("{:?}", wal_model::simulate(&scenario));
    Ok(text.bytes().fold(0xcbf2_9ce4_8422_2325, |h: u64, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    }))
}

#[cfg(target_arch = "wasm32")]
mod js {
    //! The exports node calls, timed with `performance.now()`.

    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance)]
        fn now() -> f64;
    }

    /// Milliseconds per run of [`super::recompute`] (validate + simulate + drop, as the
    /// widget's input does) over `runs` runs of the preset `name`.
    #[wasm_bindgen]
    pub fn simulate_preset(name: &str, runs: u32) -> Result<f64, JsError> {
        let state = super::preset_state(name).map_err(|e| JsError::new(&e))?;
        ms_per_run(runs, || {
            super::recompute(&state).map_err(|e| JsError::new(&e))
        })
    }

    /// Milliseconds per `wal_model::simulate` alone (validated once, outside the clock).
    #[wasm_bindgen]
    pub fn simulate_only_preset(name: &str, runs: u32) -> Result<f64, JsError> {
        let state = super::preset_state(name).map_err(|e| JsError::new(&e))?;
        let (_raw, scenario) = state
            .validated_with_points(super::WIDGET_SERIES_POINTS)
            .map_err(|e| JsError::new(&e.to_string()))?;
        ms_per_run(runs, || Ok(super::simulate_only(&scenario)))
    }

    /// Milliseconds per run of `once` over `runs` runs (at least one). The digests it returns
    /// are summed and kept, so that the work cannot be optimised away.
    fn ms_per_run(
        runs: u32,
        mut once: impl FnMut() -> Result<u64, JsError>,
    ) -> Result<f64, JsError> {
        let runs = runs.max(1);
        let start = now();
        let mut digest = 0u64;
        for _ in 0..runs {
            digest = digest.wrapping_add(once()?);
        }
        let elapsed = now() - start;
        std::hint::black_box(digest);
        Ok(elapsed / f64::from(runs))
    }

    /// [`super::report_hash`] as 16 hex digits: the runner prints it so that two builds can
    /// be seen to compute the same report.
    #[wasm_bindgen]
    pub fn report_hash(name: &str) -> Result<String, JsError> {
        super::report_hash(name)
            .map(|h| format!("{h:016x}"))
            .map_err(|e| JsError::new(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_preset_is_named_in_the_message() {
        let Err(message) = preset_state("no-such-preset") else {
            panic!("an unknown preset was accepted");
        };
        assert!(message.contains("\"no-such-preset\""), "{message}");
        assert!(message.contains("idle-db-heartbeat"), "{message}");
    }

    #[test]
    fn recompute_simulates_the_widgets_scenario() {
        // The 7-day preset at the widget's 720 points: recompute (validate + simulate) and
        // simulate alone on the same validated scenario must see the same report.
        let state = preset_state("idle-db-heartbeat").unwrap();
        let (_, scenario) = state.validated_with_points(WIDGET_SERIES_POINTS).unwrap();
        assert_eq!(scenario.max_points, 720);
        let digest = recompute(&state).unwrap();
        assert_eq!(digest, simulate_only(&scenario));
        // One slot-history record per offset commit, at most: 7 d / 60 s = 10 080 commits,
        // so the low half of the digest is positive and at most 10 080 + a few creations.
        let history = digest & 0xffff_ffff;
        assert!(history > 0 && history <= 10_100, "{history}");
    }
}
