//! [`ScalingState`]: the whole state of `<cdc-scaling-calc>` — the same data as its permalink —
//! read from the element's `data-*` attributes ([`scaling_from_attributes`]) and the query
//! string ([`ScalingState::from_query`], keys `<id>.<param>`), written back by
//! [`ScalingState::to_query`]. The rules are the WAL widget's ([`crate::state`]): attributes
//! set the base, a link for this id overrides it, a link naming a preset replaces the base's
//! parameters; language, theme and height never travel in links; every refused value is a
//! [`Problem`] that quotes it and says what is used instead.
//!
//! Unlike the WAL table, whether a combination is valid is decided by the model itself:
//! [`ScalingState::set`] applies the value, validates the config and refuses (reverting) what
//! `scaling_model` rejects, quoting the model's message.

use crate::display::{display_attribute, Display};
use crate::lang::{Lang, Theme};
use crate::problem::Problem;
use crate::scaling::params::{scaling_spec, ScalingParams, SCALING_PARAMS};
use crate::scaling::presets::{scaling_preset, SCALING_PRESET_NAMES};
use crate::state::{query_key, query_pairs_for, unknown_preset_problem};
use scaling_model::{Config, ConfigError, RawConfig, Report};

/// The shipped preset's name as a `'static` string, if `name` is one.
pub fn scaling_preset_name(name: &str) -> Option<&'static str> {
    SCALING_PRESET_NAMES.iter().copied().find(|p| *p == name)
}

fn first_preset() -> &'static str {
    SCALING_PRESET_NAMES.first().copied().unwrap_or("default")
}

fn params_for(name: &str) -> ScalingParams {
    scaling_preset(name).map_or_else(ScalingParams::fallback, |raw| {
        ScalingParams::from_config(&raw)
    })
}

/// Everything `<cdc-scaling-calc>` shows is a function of this.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScalingState {
    /// The preset (a shipped scaling preset's name).
    pub preset: &'static str,
    /// The preset's parameters and the overrides.
    pub params: ScalingParams,
    /// Language.
    pub lang: Lang,
    /// Theme.
    pub theme: Theme,
    /// Chart height in CSS pixels (`None`: the widget's default).
    pub height_px: Option<u32>,
}

impl Default for ScalingState {
    fn default() -> Self {
        let preset = first_preset();
        ScalingState {
            preset,
            params: params_for(preset),
            lang: Lang::default(),
            theme: Theme::default(),
            height_px: None,
        }
    }
}

impl ScalingState {
    /// The state of a shipped preset with nothing overridden.
    pub fn for_preset(name: &str) -> Option<ScalingState> {
        let preset = scaling_preset_name(name)?;
        Some(ScalingState {
            preset,
            params: params_for(preset),
            ..ScalingState::default()
        })
    }

    /// Switches to another preset: its own parameters, no overrides.
    pub fn set_preset(&mut self, name: &str) -> Result<(), Problem> {
        let Some(preset) = scaling_preset_name(name) else {
            return Err(bad_preset_problem(name, self.preset));
        };
        self.preset = preset;
        self.params = params_for(preset);
        Ok(())
    }

    /// The preset with the overrides applied (not validated).
    pub fn raw(&self) -> RawConfig {
        let mut raw = scaling_preset(self.preset).unwrap_or_else(RawConfig::example);
        self.params.apply(&mut raw);
        raw
    }

    /// The validated config.
    pub fn config(&self) -> Result<Config, ConfigError> {
        self.raw().validate()
    }

    /// Validates and evaluates.
    pub fn report(&self) -> Result<Report, ConfigError> {
        Ok(scaling_model::evaluate(&self.config()?))
    }

    /// Sets a parameter; refuses (and keeps the old value) what the table or the model rejects.
    pub fn set(&mut self, key: &str, value: crate::params::ParamValue) -> Result<(), Problem> {
        let before = self.params.clone();
        self.params.set(key, value)?;
        self.check_or_revert(key, &value.to_text(), before)
    }

    /// Like [`ScalingState::set`] for a value as text.
    pub fn set_text(&mut self, key: &str, text: &str) -> Result<(), Problem> {
        let before = self.params.clone();
        self.params.set_text(key, text)?;
        self.check_or_revert(key, text, before)
    }

    fn check_or_revert(
        &mut self,
        key: &str,
        text: &str,
        before: ScalingParams,
    ) -> Result<(), Problem> {
        match self.config() {
            Ok(_) => Ok(()),
            Err(e) => {
                let using = before.get(key).map(|v| v.to_text()).unwrap_or_default();
                self.params = before;
                Err(model_problem(key, text, &e, &using))
            }
        }
    }

    /// Sets many values (attributes, a link): each is checked by the table; then, while the
    /// model rejects the config, the last accepted value is reverted with a problem.
    pub fn set_texts<'a>(
        &mut self,
        items: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut accepted: Vec<(&str, &str, ScalingParams)> = Vec::new();
        for (key, text) in items {
            let before = self.params.clone();
            match self.params.set_text(key, text) {
                Ok(()) => accepted.push((key, text, before)),
                Err(p) => problems.push(p),
            }
        }
        while let Err(e) = self.config() {
            let Some((key, text, before)) = accepted.pop() else {
                break;
            };
            let using = before.get(key).map(|v| v.to_text()).unwrap_or_default();
            problems.push(model_problem(key, text, &e, &using));
            // Take back only this key.
            match before.get(key) {
                Some(v) if before.is_overridden(key) => {
                    let _ = self.params.set(key, v);
                }
                _ => self.params.reset(key),
            }
        }
        problems
    }

    /// The permalink's pairs: `<id>.preset`, then every overridden parameter in table order.
    pub fn to_query(&self, id: &str) -> Vec<(String, String)> {
        let mut out = vec![(query_key(id, "preset"), self.preset.to_string())];
        for spec in SCALING_PARAMS {
            if let Some(v) = self.params.overrides().get(spec.key) {
                out.push((query_key(id, spec.key), v.to_text()));
            }
        }
        out
    }

    /// Reads this widget's pairs from a query string on top of `base`.
    pub fn from_query(
        base: &ScalingState,
        pairs: &[(String, String)],
        id: &str,
    ) -> (ScalingState, Vec<Problem>) {
        let mine = query_pairs_for(pairs, id);
        let mut state = base.clone();
        let mut problems = Vec::new();
        if mine.is_empty() {
            return (state, problems);
        }
        if let Some((_, name)) = mine.iter().rev().find(|(k, _)| *k == "preset") {
            match scaling_preset_name(name) {
                Some(p) => {
                    state.preset = p;
                    state.params = params_for(p);
                }
                None => problems.push(bad_preset_problem(name, state.preset)),
            }
        }
        let mut items = Vec::new();
        for (k, v) in &mine {
            match *k {
                "preset" => {}
                key if scaling_spec(key).is_some() => items.push((key, *v)),
                other => problems.push(unknown_key_problem(&query_key(id, other), v)),
            }
        }
        problems.extend(state.set_texts(items));
        (state, problems)
    }
}

/// Reads the state from the element's attributes (`data-preset`, `data-lang`, `data-theme`,
/// `data-height`, `data-<param key>`); names case-insensitive, non-`data-*` ignored.
pub fn scaling_from_attributes<'a>(
    attrs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (ScalingState, Vec<Problem>) {
    let attrs: Vec<(String, &str, &str)> = attrs
        .into_iter()
        .filter_map(|(name, value)| {
            let lower = name.to_ascii_lowercase();
            lower
                .strip_prefix("data-")
                .map(|key| (key.to_string(), name, value))
        })
        .collect();
    let mut state = ScalingState::default();
    let mut problems = Vec::new();
    if let Some((_, _, value)) = attrs.iter().rev().find(|(k, _, _)| k == "preset") {
        if let Err(p) = state.set_preset(value) {
            problems.push(p);
        }
    }
    let mut display = Display {
        lang: state.lang,
        theme: state.theme,
        height_px: state.height_px,
    };
    let mut items = Vec::new();
    for (key, name, value) in &attrs {
        if display_attribute(key, value, &mut display, &mut problems) {
            continue;
        }
        match key.as_str() {
            // Read by the widget (`to_wal::playground_url`), not part of the state.
            "preset" | "playground-url" => {}
            k if scaling_spec(k).is_some() => items.push((k, *value)),
            _ => problems.push(unknown_attribute_problem(name, value)),
        }
    }
    state.lang = display.lang;
    state.theme = display.theme;
    state.height_px = display.height_px;
    let items: Vec<(&str, &str)> = items;
    problems.extend(state.set_texts(items));
    (state, problems)
}

fn model_problem(key: &str, text: &str, e: &ConfigError, using: &str) -> Problem {
    let why = e.to_string();
    Problem::new(
        key,
        text,
        |v| format!("«{v}» не подходит к остальным значениям ({why}); используется {using}"),
        |v| format!("\"{v}\" does not fit the other values ({why}); using {using}"),
    )
}

fn bad_preset_problem(name: &str, using: &str) -> Problem {
    unknown_preset_problem(name, using, SCALING_PRESET_NAMES)
}

fn unknown_attribute_problem(name: &str, value: &str) -> Problem {
    let known = [
        "data-preset",
        "data-lang",
        "data-theme",
        "data-height",
        "data-playground-url",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(SCALING_PARAMS.iter().map(|s| s.attribute()))
    .collect::<Vec<_>>()
    .join(", ");
    crate::display::unknown_attribute_problem(name, value, &known)
}

/// The problem for a key that is no scaling parameter.
pub(crate) fn unknown_key_problem(key: &str, value: &str) -> Problem {
    let known = SCALING_PARAMS
        .iter()
        .map(|s| s.key)
        .chain(["preset"])
        .collect::<Vec<_>>()
        .join(", ");
    Problem::new(
        key,
        value,
        |v| format!("неизвестный параметр (значение «{v}»); известные: {known}"),
        |v| format!("unknown parameter (value \"{v}\"); known: {known}"),
    )
}
