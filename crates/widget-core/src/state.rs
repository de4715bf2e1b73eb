//! The widget's whole state — the same data as its permalink — and how it is read from the
//! element's `data-*` attributes and from the page's query string.
//!
//! Precedence: the attributes set the base; the query string, for this widget's id, overrides
//! it. A link that names a preset (`<id>.preset`) is complete: it replaces the attributes'
//! parameters and cursor (so a student who reset a parameter the page author set gets the
//! reset back from the link); a link without a preset only layers its values on the base.
//! Language, theme and height belong to the page and never travel in links.
//!
//! Values are plain integers in the parameter's unit (see [`crate::params`]); the cursor
//! (`data-cursor`, `<id>.t`) is milliseconds since the scenario start; `data-height` is CSS
//! pixels. Nothing is clamped silently: every refused value yields a [`Problem`] naming it
//! and what is used instead.

use crate::display::{display_attribute, Display};
use crate::lang::{Lang, Theme};
use crate::params::{WalParams, WAL_PARAMS};
use crate::presets::{preset, PRESET_NAMES};
use crate::problem::Problem;
use serde::Serialize;
use std::ops::RangeInclusive;
use wal_model::scenario::{RawScenario, Scenario, ValidationError, ValidationErrors};
use wal_model::units::HOUR_MS;
use wal_model::Report;

/// The finest series a widget asks for (the model accepts up to 20 000 buckets).
pub const MAX_SERIES_POINTS: i64 = 20_000;

/// Heights `data-height` accepts, CSS pixels.
pub const HEIGHT_RANGE_PX: RangeInclusive<u32> = 240..=2000;

/// Names of the shipped presets, in lesson order.
pub fn preset_names() -> Vec<&'static str> {
    PRESET_NAMES.to_vec()
}

/// The shipped preset's name as a `'static` string, if `name` is one.
pub fn preset_name(name: &str) -> Option<&'static str> {
    PRESET_NAMES.iter().copied().find(|p| *p == name)
}

/// A shipped preset's raw scenario (`None`: no such preset). Built from the Rust the build
/// script generated from the preset JSON ([`crate::presets`]): no parsing at run time.
pub fn preset_raw(name: &str) -> Option<RawScenario> {
    preset(name)
}

fn params_for(name: &str) -> WalParams {
    match preset_raw(name) {
        Some(raw) => WalParams::from_scenario(&raw),
        None => WalParams::fallback(),
    }
}

fn first_preset() -> &'static str {
    PRESET_NAMES
        .first()
        .copied()
        .unwrap_or("idle-db-no-heartbeat")
}

/// Everything `<cdc-wal-sim>` shows is a function of this.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WalState {
    /// The preset (a shipped preset's name).
    pub preset: &'static str,
    /// The preset's parameters and the overrides.
    pub params: WalParams,
    /// The time cursor, ms since the scenario start (`None`: not set; the widget decides).
    pub cursor_ms: Option<u64>,
    /// Language.
    pub lang: Lang,
    /// Theme.
    pub theme: Theme,
    /// Height in CSS pixels (`None`: the widget's default).
    pub height_px: Option<u32>,
}

impl Default for WalState {
    /// The first preset, nothing overridden, Russian, automatic theme.
    fn default() -> Self {
        let preset = first_preset();
        WalState {
            preset,
            params: params_for(preset),
            cursor_ms: None,
            lang: Lang::default(),
            theme: Theme::default(),
            height_px: None,
        }
    }
}

/// `<id>.<key>`: a widget's namespaced key in the page's query string (shared by every widget).
pub(crate) fn query_key(id: &str, key: &str) -> String {
    if id.is_empty() {
        key.to_string()
    } else {
        format!("{id}.{key}")
    }
}

/// The query pairs of the widget `id` (keys `<id>.<key>`), with the prefix taken off: the
/// inverse of [`query_key`]. With an empty `id` every pair is the widget's.
pub(crate) fn query_pairs_for<'a>(
    pairs: &'a [(String, String)],
    id: &str,
) -> Vec<(&'a str, &'a str)> {
    let prefix = if id.is_empty() {
        String::new()
    } else {
        format!("{id}.")
    };
    pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix(prefix.as_str()).map(|k| (k, v.as_str())))
        .collect()
}

impl WalState {
    /// The state of a shipped preset with nothing overridden (`None`: no such preset).
    pub fn for_preset(name: &str) -> Option<WalState> {
        let preset = preset_name(name)?;
        Some(WalState {
            preset,
            params: params_for(preset),
            ..WalState::default()
        })
    }

    /// Switches to another preset: its own parameters, no overrides, no cursor.
    pub fn set_preset(&mut self, name: &str) -> Result<(), Problem> {
        let Some(preset) = preset_name(name) else {
            return Err(bad_preset_problem(name, self.preset));
        };
        self.preset = preset;
        self.params = params_for(preset);
        self.cursor_ms = None;
        Ok(())
    }

    /// The scenario's duration as the parameters say (whole hours), ms.
    pub fn duration_ms(&self) -> u64 {
        let hours = self.params.number("duration").unwrap_or(1).max(0) as u64;
        hours.saturating_mul(HOUR_MS)
    }

    /// Moves the cursor; an instant past the end is put at the end.
    pub fn set_cursor(&mut self, t_ms: Option<u64>) {
        let end = self.duration_ms();
        self.cursor_ms = t_ms.map(|t| t.min(end));
    }

    /// The preset with the overrides applied (not yet validated).
    fn applied(&self) -> Result<RawScenario, ValidationErrors> {
        let mut raw = preset_raw(self.preset).ok_or_else(|| {
            ValidationErrors(vec![ValidationError {
                path: "preset".to_string(),
                message: format!("names no shipped preset, got {:?}", self.preset),
            }])
        })?;
        self.params.apply(&mut raw);
        Ok(raw)
    }

    /// The preset with the overrides applied, validated by the model.
    pub fn scenario(&self) -> Result<RawScenario, ValidationErrors> {
        let raw = self.applied()?;
        raw.validate()?;
        Ok(raw)
    }

    /// The scenario both raw (for the generated configuration) and validated (for the
    /// engine), validating once.
    pub fn validated(&self) -> Result<(RawScenario, Scenario), ValidationErrors> {
        let raw = self.applied()?;
        let scenario = raw.validate()?;
        Ok((raw, scenario))
    }

    /// Like [`WalState::validated`], with the series at a finer resolution: `max_points`
    /// buckets over the whole scenario (the widget asks for more when the chart is zoomed in,
    /// so a 20-minute window of a week still shows the commit-by-commit sawtooth). Clamped to
    /// what the model accepts, and never coarser than the preset's own resolution.
    pub fn validated_with_points(
        &self,
        max_points: i64,
    ) -> Result<(RawScenario, Scenario), ValidationErrors> {
        let mut raw = self.applied()?;
        // Only the series resolution changes: nothing the generated configuration shows.
        raw.output.max_points = max_points.clamp(raw.output.max_points, MAX_SERIES_POINTS);
        let scenario = raw.validate()?;
        Ok((raw, scenario))
    }

    /// Applies, validates and simulates.
    pub fn report(&self) -> Result<Report, ValidationErrors> {
        Ok(wal_model::simulate(&self.applied()?.validate()?))
    }

    /// The permalink's query pairs for this widget: `<id>.preset`, then every overridden
    /// parameter in table order (`<id>.heartbeat-interval`), then `<id>.t` for the cursor.
    /// With an empty `id` the keys are not namespaced.
    pub fn to_query(&self, id: &str) -> Vec<(String, String)> {
        let mut out = vec![(query_key(id, "preset"), self.preset.to_string())];
        for spec in WAL_PARAMS {
            if let Some(v) = self.params.overrides().get(spec.key) {
                out.push((query_key(id, spec.key), v.to_text()));
            }
        }
        if let Some(t) = self.cursor_ms {
            out.push((query_key(id, "t"), t.to_string()));
        }
        out
    }

    /// Reads this widget's pairs from a query string on top of `base` (the state from the
    /// attributes). Pairs of other ids are ignored; mangled values give problems and leave
    /// the base's value. See the module docs for when a link replaces the base.
    pub fn from_query(
        base: &WalState,
        pairs: &[(String, String)],
        id: &str,
    ) -> (WalState, Vec<Problem>) {
        let mine = query_pairs_for(pairs, id);
        let mut state = base.clone();
        let mut problems = Vec::new();
        if mine.is_empty() {
            return (state, problems);
        }
        if let Some((_, name)) = mine.iter().rev().find(|(k, _)| *k == "preset") {
            match preset_name(name) {
                Some(p) => {
                    state.preset = p;
                    state.params = params_for(p);
                    state.cursor_ms = None;
                }
                None => problems.push(bad_preset_problem(name, state.preset)),
            }
        }
        let mut items = Vec::new();
        let mut cursor = None;
        for (k, v) in &mine {
            match *k {
                "preset" => {}
                "t" => cursor = Some(*v),
                key if crate::params::spec(key).is_some() => items.push((key, *v)),
                other => problems.push(unknown_query_problem(&query_key(id, other), v)),
            }
        }
        problems.extend(state.params.set_texts(items));
        // A link that shortens the scenario keeps the base's cursor inside it (at the end).
        state.set_cursor(state.cursor_ms);
        if let Some(text) = cursor {
            read_cursor(&mut state, text, &mut problems);
        }
        (state, problems)
    }
}

/// Reads the state from the element's attributes, as the DOM gives them (`data-preset`,
/// `data-lang`, `data-theme`, `data-height`, `data-cursor`, `data-<param key>`). Attribute
/// names are matched case-insensitively; attributes that are not `data-*` (`id`, `class`,
/// `style`) are ignored; unknown `data-*` attributes are problems. A bad preset falls back
/// to the first preset; a bad parameter value to the preset's value.
pub fn from_attributes<'a>(
    attrs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (WalState, Vec<Problem>) {
    let attrs: Vec<(String, &str, &str)> = attrs
        .into_iter()
        .filter_map(|(name, value)| {
            let lower = name.to_ascii_lowercase();
            lower
                .strip_prefix("data-")
                .map(|key| (key.to_string(), name, value))
        })
        .collect();
    let mut state = WalState::default();
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
    let mut cursor = None;
    for (key, name, value) in &attrs {
        if display_attribute(key, value, &mut display, &mut problems) {
            continue;
        }
        match key.as_str() {
            "preset" => {}
            "cursor" => cursor = Some(*value),
            k if crate::params::spec(k).is_some() => items.push((k, *value)),
            _ => problems.push(unknown_attribute_problem(name, value)),
        }
    }
    state.lang = display.lang;
    state.theme = display.theme;
    state.height_px = display.height_px;
    problems.extend(state.params.set_texts(items));
    if let Some(text) = cursor {
        read_cursor(&mut state, text, &mut problems);
    }
    (state, problems)
}

fn read_cursor(state: &mut WalState, text: &str, problems: &mut Vec<Problem>) {
    let end = state.duration_ms();
    match text.trim().parse::<u64>() {
        Ok(t) if t <= end => state.cursor_ms = Some(t),
        _ => {
            let using_ru =
                state.cursor_ms.map_or("курсор не задан".to_string(), |t| {
                    format!("используется {t}")
                });
            let using_en = state
                .cursor_ms
                .map_or("no cursor is set".to_string(), |t| format!("using {t}"));
            problems.push(Problem::new(
                "cursor",
                text,
                |v| format!("«{v}» — не целое число от 0 до {end} мс (длительность сценария); {using_ru}"),
                |v| format!("\"{v}\" is not an integer from 0 to {end} ms (the scenario's duration); {using_en}"),
            ));
        }
    }
}

fn bad_preset_problem(name: &str, using: &str) -> Problem {
    unknown_preset_problem(name, using, &preset_names())
}

/// A preset name that is not among `valid` (shared by every widget's state).
pub(crate) fn unknown_preset_problem(name: &str, using: &str, valid: &[&str]) -> Problem {
    let valid = valid.join(", ");
    Problem::new(
        "preset",
        name,
        |v| format!("«{v}» — нет такого сценария; есть: {valid}; используется {using}"),
        |v| format!("\"{v}\" is not a preset; valid: {valid}; using {using}"),
    )
}

fn known_attributes() -> String {
    let mut names = vec![
        "data-preset".to_string(),
        "data-lang".to_string(),
        "data-theme".to_string(),
        "data-height".to_string(),
        "data-cursor".to_string(),
    ];
    names.extend(WAL_PARAMS.iter().map(|s| s.attribute()));
    names.join(", ")
}

fn unknown_attribute_problem(name: &str, value: &str) -> Problem {
    let known = known_attributes();
    crate::display::unknown_attribute_problem(name, value, &known)
}

fn unknown_query_problem(key: &str, value: &str) -> Problem {
    let known = WAL_PARAMS
        .iter()
        .map(|s| s.key)
        .chain(["preset", "t"])
        .collect::<Vec<_>>()
        .join(", ");
    Problem::new(
        key,
        value,
        |v| format!("неизвестный параметр ссылки (значение «{v}»); известные: {known}"),
        |v| format!("unknown link parameter (value \"{v}\"); known: {known}"),
    )
}
