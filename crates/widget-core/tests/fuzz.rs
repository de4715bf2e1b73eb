//! Input fuzzing of the parsing layer (issue 10): mutated `data-*` attributes and permalinks
//! for both widgets (`from_attributes`, `WalState::from_query`, `scaling_from_attributes`,
//! `ScalingState::from_query`), `data-playground-url`, script steps by index, and slider
//! positions. Values are valid ones, near misses (±1 off the grid, whitespace, signs,
//! exponents, units) and garbage (extreme integers, NaN, markup, unicode, control characters,
//! 200 000-character runs). Nothing may panic, and:
//! * every problem repeats the value as `shown_value` shows it — at most 40 characters plus
//!   `…`, no control characters — inside quotes, in both languages, and the message's own text
//!   (without the quoted value and key) contains no `<` or `&` (no tag, no entity): the
//!   widgets insert messages as text nodes, and no message is built as HTML;
//! * whatever the input, the resulting state is one the model accepts (the parameter tables
//!   refuse what the model would reject), and a sample of them simulates without NaN or ∞;
//! * `to_query` → `from_query` is the identity for every reachable state, with no problems.
//!
//! The harness (`tests/fuzz/harness.rs` at the repository root) prints the seed and case of a
//! failure; `scripts/fuzz` runs 10⁶ cases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[macro_use]
#[path = "../../../tests/fuzz/harness.rs"]
mod harness;
#[path = "../../../tests/fuzz/finite.rs"]
mod finite;

use harness::{run, Rng};
use widget_core::params::{Kind, ParamSpec, ParamValue};
use widget_core::problem::shown_value;
use widget_core::scaling::to_wal::playground_url;
use widget_core::scaling::{
    scaling_from_attributes, ScalingState, SCALING_PARAMS, SCALING_PRESET_NAMES,
};
use widget_core::slider::SliderScale;
use widget_core::state::preset_names;
use widget_core::{from_attributes, Lang, Problem, WalState, WAL_PARAMS};

/// A value for `spec`: valid, a near miss, or garbage.
fn value_for(rng: &mut Rng, spec: &ParamSpec) -> String {
    match rng.below(10) {
        0..=4 => valid_value(rng, spec).to_text(),
        5 | 6 => near_miss(rng, spec),
        _ => rng.garbage(),
    }
}

fn valid_value(rng: &mut Rng, spec: &ParamSpec) -> ParamValue {
    match spec.kind {
        Kind::Number { min, max, step } => {
            let k = rng.range_i64(0, (max - min) / step.max(1));
            ParamValue::Number(min + k * step.max(1))
        }
        Kind::Toggle => ParamValue::Toggle(rng.chance(1, 2)),
        Kind::Choice(choices) => ParamValue::Choice(rng.pick(choices).value),
    }
}

fn near_miss(rng: &mut Rng, spec: &ParamSpec) -> String {
    let v = valid_value(rng, spec).to_text();
    match (spec.kind, rng.below(6)) {
        (Kind::Number { min, max, .. }, 0) => (if rng.chance(1, 2) {
            min - 1
        } else {
            max.saturating_add(1)
        })
        .to_string(),
        (Kind::Number { .. }, 1) => format!("{}", v.parse::<i64>().unwrap_or(0).saturating_add(1)),
        (_, 2) => format!(" {v}\t"),
        (_, 3) => format!("+{v}"),
        (_, 4) => v.to_uppercase(),
        _ => format!("{v}{}", rng.pick(&["e3", ".0", "ms", "%", "\u{0}", "<b>"])),
    }
}

/// The attributes a page author might write, with mistakes.
fn attributes(
    rng: &mut Rng,
    table: &'static [ParamSpec],
    presets: &[&str],
) -> Vec<(String, String)> {
    let n = if rng.chance(1, 20) {
        rng.range_u64(10, 60)
    } else {
        rng.below(6)
    };
    (0..n)
        .map(|_| match rng.below(12) {
            0 => (
                pick_case(rng, "data-preset"),
                if rng.chance(2, 3) {
                    (*rng.pick(presets)).to_string()
                } else {
                    rng.garbage()
                },
            ),
            1 => (
                pick_case(rng, "data-lang"),
                if rng.chance(1, 2) {
                    (*rng.pick(&["ru", "en", "RU"])).to_string()
                } else {
                    rng.garbage()
                },
            ),
            2 => (
                pick_case(rng, "data-theme"),
                if rng.chance(1, 2) {
                    (*rng.pick(&["light", "dark", "auto"])).to_string()
                } else {
                    rng.garbage()
                },
            ),
            3 => (
                pick_case(rng, "data-height"),
                if rng.chance(1, 2) {
                    rng.range_i64(200, 2100).to_string()
                } else {
                    rng.garbage()
                },
            ),
            4 => (
                "data-cursor".to_string(),
                if rng.chance(1, 2) {
                    rng.range_u64(0, 40 * 86_400_000).to_string()
                } else {
                    rng.garbage()
                },
            ),
            5 => (format!("data-{}", rng.string(12)), rng.garbage()),
            6 => (
                (*rng.pick(&["id", "class", "style", "onclick", "x"])).to_string(),
                rng.garbage(),
            ),
            _ => {
                let spec = rng.pick(table);
                (pick_case(rng, &spec.attribute()), value_for(rng, spec))
            }
        })
        .collect()
}

fn pick_case(rng: &mut Rng, name: &str) -> String {
    if rng.chance(1, 10) {
        name.to_uppercase()
    } else {
        name.to_string()
    }
}

/// Link pairs for the widget `id` (and other ids, and keys without an id).
fn link(
    rng: &mut Rng,
    id: &str,
    table: &'static [ParamSpec],
    presets: &[&str],
) -> Vec<(String, String)> {
    let n = if rng.chance(1, 20) {
        rng.range_u64(10, 60)
    } else {
        rng.below(6)
    };
    (0..n)
        .map(|_| {
            let prefix = match rng.below(10) {
                0 => String::new(),
                1 => "other.".to_string(),
                2 => format!("{}.", rng.string(6)),
                _ => format!("{id}."),
            };
            let (key, value) = match rng.below(8) {
                0 => (
                    "preset".to_string(),
                    if rng.chance(2, 3) {
                        (*rng.pick(presets)).to_string()
                    } else {
                        rng.garbage()
                    },
                ),
                1 => (
                    "t".to_string(),
                    if rng.chance(1, 2) {
                        rng.range_u64(0, 40 * 86_400_000).to_string()
                    } else {
                        rng.garbage()
                    },
                ),
                2 => (rng.string(10), rng.garbage()),
                _ => {
                    let spec = rng.pick(table);
                    (spec.key.to_string(), value_for(rng, spec))
                }
            };
            (format!("{prefix}{key}"), value)
        })
        .collect()
}

/// The problem contract: the value quoted as shown, in both languages; no control characters;
/// no markup of the message's own.
fn check_problem(p: &Problem, inputs: &[&str]) -> Result<(), String> {
    ensure!(
        p.value.chars().count() <= 41,
        "value not shortened: {:?}",
        p.value
    );
    ensure!(
        p.key.chars().count() <= 41,
        "key not shortened: {:?}",
        p.key
    );
    ensure!(
        inputs.iter().any(|raw| shown_value(raw) == p.value),
        "value {:?} is none of the inputs as shown",
        p.value
    );
    for lang in [Lang::Ru, Lang::En] {
        let m = p.message(lang);
        ensure!(!m.trim().is_empty(), "empty message");
        ensure!(
            !m.chars().any(char::is_control),
            "control character in {m:?}"
        );
        let quoted = match lang {
            Lang::Ru => format!("«{}»", p.value),
            Lang::En => format!("\"{}\"", p.value),
        };
        ensure!(
            m.contains(&quoted),
            "{lang:?} message does not quote {quoted}: {m}"
        );
        // `<` opens a tag and `&` an entity; `>` alone is text (`max.batch.size >= …`). The
        // key prefix goes first: the quoted value can also occur inside the key (`data-x""`).
        let prefix = format!("{}: ", p.key);
        ensure!(
            m.starts_with(&prefix),
            "message does not start with its key: {m}"
        );
        let own = m[prefix.len()..].replacen(&quoted, "", 1);
        ensure!(
            !own.contains(['<', '&']),
            "markup in the message's own text: {m}"
        );
    }
    Ok(())
}

fn check_wal_state(rng: &mut Rng, state: &WalState) -> Result<(), String> {
    ensure!(
        state.validated().is_ok(),
        "a reachable state is refused by the model: {:?}",
        state.validated().err()
    );
    // The link round trip: the same state, no problems (lang/theme/height do not travel).
    let base = WalState {
        lang: state.lang,
        theme: state.theme,
        height_px: state.height_px,
        ..WalState::default()
    };
    let id = *rng.pick(&["sim1", "", "a.b"]);
    let (back, problems) = WalState::from_query(&base, &state.to_query(id), id);
    ensure!(
        problems.is_empty(),
        "round trip gave problems: {problems:?}"
    );
    ensure!(
        &back == state,
        "round trip changed the state:\n{state:?}\n{back:?}"
    );
    if rng.chance(1, 200) {
        let report = state.report().map_err(|e| e.to_string())?;
        finite::check_finite(&report)?;
    }
    Ok(())
}

fn check_scaling_state(rng: &mut Rng, state: &ScalingState) -> Result<(), String> {
    ensure!(
        state.config().is_ok(),
        "a reachable state is refused by the model: {:?}",
        state.config().err()
    );
    let base = ScalingState {
        lang: state.lang,
        theme: state.theme,
        height_px: state.height_px,
        ..ScalingState::default()
    };
    let id = *rng.pick(&["calc", "", "a.b"]);
    let (back, problems) = ScalingState::from_query(&base, &state.to_query(id), id);
    ensure!(
        problems.is_empty(),
        "round trip gave problems: {problems:?}"
    );
    ensure!(
        &back == state,
        "round trip changed the state:\n{state:?}\n{back:?}"
    );
    if rng.chance(1, 50) {
        let report = state.report().map_err(|e| e.to_string())?;
        finite::check_finite(&report)?;
    }
    Ok(())
}

/// `check_problem` for every problem reported on `pairs` (attributes or query parameters).
fn check_problems(problems: &[Problem], pairs: &[(String, String)]) -> Result<(), String> {
    let raw = inputs(pairs);
    problems.iter().try_for_each(|p| check_problem(p, &raw))
}

fn inputs(pairs: &[(String, String)]) -> Vec<&str> {
    pairs
        .iter()
        .flat_map(|(k, v)| [k.as_str(), v.as_str()])
        .collect()
}

#[test]
fn fuzz_wal_attributes_and_links() {
    let presets = preset_names();
    run("fuzz_wal_attributes_and_links", 30_000, |rng| {
        let attrs = attributes(rng, WAL_PARAMS, &presets);
        let (state, problems) =
            from_attributes(attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        check_problems(&problems, &attrs)?;
        check_wal_state(rng, &state)?;
        let id = *rng.pick(&["sim1", "sim2"]);
        let pairs = link(rng, id, WAL_PARAMS, &presets);
        let (linked, problems) = WalState::from_query(&state, &pairs, id);
        check_problems(&problems, &pairs)?;
        check_wal_state(rng, &linked)
    });
}

#[test]
fn fuzz_scaling_attributes_and_links() {
    run("fuzz_scaling_attributes_and_links", 30_000, |rng| {
        let mut attrs = attributes(rng, SCALING_PARAMS, SCALING_PRESET_NAMES);
        if rng.chance(1, 5) {
            attrs.push(("data-playground-url".to_string(), rng.garbage()));
        }
        let (state, problems) =
            scaling_from_attributes(attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        check_problems(&problems, &attrs)?;
        check_scaling_state(rng, &state)?;
        let id = *rng.pick(&["calc", "calc2"]);
        let pairs = link(rng, id, SCALING_PARAMS, SCALING_PRESET_NAMES);
        let (linked, problems) = ScalingState::from_query(&state, &pairs, id);
        check_problems(&problems, &pairs)?;
        check_scaling_state(rng, &linked)
    });
}

/// Controls: typed values (a slider, a select) and text (an input field) one at a time.
#[test]
fn fuzz_controls_set_one_value() {
    let presets = preset_names();
    run("fuzz_controls_set_one_value", 20_000, |rng| {
        let wal_preset = rng.pick::<&str>(&presets);
        let scaling_preset = rng.pick::<&str>(SCALING_PRESET_NAMES);
        let mut wal = WalState::for_preset(wal_preset).unwrap();
        let mut scaling = ScalingState::for_preset(scaling_preset).unwrap();
        for _ in 0..rng.range_u64(1, 8) {
            // A text (an input field) or a typed value (a slider, a select).
            let spec = rng.pick(WAL_PARAMS);
            let typed = valid_value(rng, spec);
            let (raw, r) = if rng.chance(1, 2) {
                let text = value_for(rng, spec);
                let r = wal.params.set_text(spec.key, &text);
                (text, r)
            } else {
                (typed.to_text(), wal.params.set(spec.key, typed))
            };
            if let Err(p) = r {
                ensure!(
                    p.key == spec.key,
                    "problem for {} names {:?}",
                    spec.key,
                    p.key
                );
                check_problem(&p, &[&raw])?;
            }
            let spec = rng.pick(SCALING_PARAMS);
            let typed = valid_value(rng, spec);
            let (raw, r) = if rng.chance(1, 2) {
                let text = value_for(rng, spec);
                let r = scaling.set_text(spec.key, &text);
                (text, r)
            } else {
                (typed.to_text(), scaling.set(spec.key, typed))
            };
            if let Err(p) = r {
                ensure!(
                    p.key == spec.key,
                    "problem for {} names {:?}",
                    spec.key,
                    p.key
                );
                check_problem(&p, &[&raw])?;
            }
        }
        if rng.chance(1, 2) {
            wal.set_cursor(Some(rng.extreme_u64()));
        }
        check_wal_state(rng, &wal)?;
        check_scaling_state(rng, &scaling)
    });
}

/// `data-playground-url`: accepted values are site paths or http(s) addresses with no quote,
/// space, angle bracket or backslash (so no `javascript:` link and nothing that could break
/// out of an attribute); refused ones give a problem quoting them.
#[test]
fn fuzz_playground_url() {
    run("fuzz_playground_url", 30_000, |rng| {
        let v = match rng.below(4) {
            0 => format!("/{}", rng.string(20)),
            1 => format!(
                "{}{}",
                rng.pick(&[
                    "https://",
                    "http://",
                    "//",
                    "javascript:",
                    "data:",
                    " /",
                    "HTTPS://"
                ]),
                rng.string(20)
            ),
            _ => rng.garbage(),
        };
        let (url, problem) = playground_url(Some(&v));
        let safe = |u: &str| {
            ((u.starts_with('/') && !u.starts_with("//"))
                || u.starts_with("https://")
                || u.starts_with("http://"))
                && u.chars()
                    .all(|c| c.is_ascii_graphic() && !"\"'<>\\`".contains(c))
        };
        ensure!(safe(&url), "unsafe playground URL accepted: {url:?}");
        match problem {
            Some(p) => check_problem(&p, &[&v])?,
            None => ensure!(url == v.trim(), "accepted {v:?} as {url:?}"),
        }
        Ok(())
    });
}

/// Script steps by any index (a link or a clicker can ask for any): a state or a problem.
#[test]
fn fuzz_script_steps() {
    use widget_core::scaling::steps::{scaling_state_at, SCALING_SCRIPTS};
    use widget_core::steps::{state_at, SCRIPTS};
    run("fuzz_script_steps", 5_000, |rng| {
        let wal = rng.pick(SCRIPTS);
        let scaling = rng.pick(SCALING_SCRIPTS);
        let step = if rng.chance(1, 2) {
            rng.index(wal.steps.len() + 2)
        } else {
            rng.extreme_u64() as usize
        };
        match state_at(wal, step) {
            Ok(s) => {
                ensure!(
                    step < wal.steps.len(),
                    "step {step} of {} gave a state",
                    wal.steps.len()
                );
                check_wal_state(rng, &s)?;
            }
            Err(p) => ensure!(
                step >= wal.steps.len() && !p.message(Lang::En).is_empty(),
                "step {step}: {p}"
            ),
        }
        let step = if rng.chance(1, 2) {
            rng.index(scaling.steps.len() + 2)
        } else {
            rng.extreme_u64() as usize
        };
        match scaling_state_at(scaling, step) {
            Ok(s) => {
                ensure!(
                    step < scaling.steps.len(),
                    "step {step} of {} gave a state",
                    scaling.steps.len()
                );
                check_scaling_state(rng, &s)?;
            }
            Err(p) => ensure!(
                step >= scaling.steps.len() && !p.message(Lang::En).is_empty(),
                "step {step}: {p}"
            ),
        }
        Ok(())
    });
}

/// Slider positions ↔ values for every parameter and for random ranges: values stay in the
/// range and on the grid, positions within `0..=positions()`.
#[test]
fn fuzz_slider_scales() {
    run("fuzz_slider_scales", 50_000, |rng| {
        let (min, max, step) = if rng.chance(1, 2) {
            let spec = if rng.chance(1, 2) {
                rng.pick(WAL_PARAMS)
            } else {
                rng.pick(SCALING_PARAMS)
            };
            match spec.kind {
                Kind::Number { min, max, step } => (min, max, step),
                _ => return Ok(()),
            }
        } else {
            let a = rng.extreme_i64() / 4;
            let b = a.saturating_add(rng.extreme_i64().unsigned_abs() as i64 / 4);
            (
                a,
                b,
                if rng.chance(1, 2) {
                    1
                } else {
                    rng.extreme_i64()
                },
            )
        };
        let s = SliderScale::new(min, max, step);
        let p = if rng.chance(1, 2) {
            rng.below(u64::from(s.positions()) + 2) as u32
        } else {
            rng.next_u64() as u32
        };
        let v = s.value(p);
        ensure!(
            min <= v && v <= max.max(min),
            "value {v} outside {min}..={max}"
        );
        let back = s.position(if rng.chance(1, 2) {
            v
        } else {
            rng.extreme_i64()
        });
        ensure!(back <= s.positions(), "position {back} > {}", s.positions());
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// Regressions: failures the fuzz tests found, kept as named tests.
// ---------------------------------------------------------------------------------------

/// A page sets the cursor at 3 days into a 7-day preset; a link for the same widget shortens
/// the scenario to 1 hour without a cursor of its own. The cursor used to stay at 3 days —
/// past the end — so the state's own permalink (`t=259200000`) was refused when read back.
/// The cursor is now put at the end, as `set_cursor` does: 1 h = 3 600 000 ms.
#[test]
fn regression_link_shortening_the_scenario_keeps_the_cursor_inside() {
    let (base, problems) = from_attributes([
        ("data-preset", "weekend-outage-slot-limit"),
        ("data-cursor", "259200000"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(base.cursor_ms, Some(259_200_000));
    let pairs = vec![("sim1.duration".to_string(), "1".to_string())];
    let (state, problems) = WalState::from_query(&base, &pairs, "sim1");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(state.duration_ms(), 3_600_000);
    assert_eq!(state.cursor_ms, Some(3_600_000));
    let (back, problems) =
        WalState::from_query(&WalState::default(), &state.to_query("sim1"), "sim1");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back, state);
}

/// `SliderScale::new(10, -10, 1)`: `value` clamped into `min..=max` with `i64::clamp`, which
/// panics when `min > max`. An empty range is now the single value `min` (position 0).
#[test]
fn regression_slider_with_min_above_max_does_not_panic() {
    let s = SliderScale::new(10, -10, 1);
    assert_eq!(s.positions(), 0);
    assert_eq!(s.value(0), 10);
    assert_eq!(s.value(u32::MAX), 10);
    assert_eq!(s.position(-5), 0);
}

/// A linear range of more than `u32::MAX` steps (`-2⁶⁰..=2⁶⁰`, step 1) has 1000 positions,
/// but `position` returned the step count itself (up to `u32::MAX`), off the slider. It is now
/// at most `positions()`: `position(0)` = min(2⁶⁰, u32::MAX) capped at 1000.
#[test]
fn regression_slider_position_of_a_huge_linear_range_stays_on_the_slider() {
    let s = SliderScale::new(-(1 << 60), 1 << 60, 1);
    assert_eq!(s.positions(), 1000);
    assert_eq!(s.position(0), 1000);
    assert_eq!(s.position(-(1 << 60)), 0);
}
