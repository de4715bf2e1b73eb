//! [`DrState`]: the whole state of `<cdc-dr-drill>` — the same data as its permalink — read
//! from the element's `data-*` attributes ([`dr_from_attributes`]) and the query string
//! ([`DrState::from_query`], keys `<id>.<key>`), written back by [`DrState::to_query`].
//!
//! The state is the parameters (the incident is the preset: `data-preset` and
//! `data-incident` both choose it) plus **the lines typed so far**: the drill is rebuilt by
//! replaying them on a fresh incident world ([`DrState::drill`]), so a link restores the exact
//! transcript. Lines travel as repeated `<id>.cmd=` pairs in order (the page's URL encoding
//! escapes them); at most [`MAX_LINES`] lines of at most [`MAX_LINE_CHARS`] characters each —
//! beyond that a [`Problem`] says what was dropped. A link that names this widget replaces the
//! attributes' drill (its lines, none if it has no `cmd`); language, theme and height never
//! travel in links.

use crate::display::{display_attribute, Display};
use crate::dr::drill::Drill;
use crate::dr::params::{dr_spec, incident_value, unknown_param_problem, DrParams, INCIDENTS};
use crate::lang::{Lang, Theme};
use crate::params::ParamValue;
use crate::problem::Problem;
use crate::state::{query_key, query_pairs_for, unknown_preset_problem};
use dr_model::InputError;

/// Most lines a drill keeps (and a link restores).
pub const MAX_LINES: usize = 40;
/// Longest line kept, in characters (the longest lesson command here, a `POST` with the
/// connector config, is about 330).
pub const MAX_LINE_CHARS: usize = 2_000;

/// Everything `<cdc-dr-drill>` shows is a function of this.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DrState {
    /// The parameters (incident, versions, intervals).
    pub params: DrParams,
    /// The lines typed, in order (no blank lines).
    pub lines: Vec<String>,
    /// Language.
    pub lang: Lang,
    /// Theme.
    pub theme: Theme,
    /// Height in CSS pixels (`None`: the widget's default).
    pub height_px: Option<u32>,
}

fn preset_names() -> Vec<&'static str> {
    INCIDENTS.iter().map(|c| c.value).collect()
}

impl DrState {
    /// The preset (scenario) name: the incident's value.
    pub fn preset(&self) -> &'static str {
        incident_value(self.params.incident())
    }

    /// Switches to another scenario: same settings, a fresh drill.
    pub fn set_preset(&mut self, name: &str) -> Result<(), Problem> {
        let spec = dr_spec("incident");
        match spec.and_then(|s| s.parse(name).ok()) {
            Some(v) => {
                self.params.set("incident", v)?;
                self.lines.clear();
                Ok(())
            }
            None => Err(unknown_preset_problem(name, self.preset(), &preset_names())),
        }
    }

    /// Sets a parameter; a change restarts the drill (the lines were typed in another world).
    pub fn set(&mut self, key: &str, value: ParamValue) -> Result<(), Problem> {
        let before = self.params.clone();
        self.params.set(key, value)?;
        if self.params != before {
            self.lines.clear();
        }
        Ok(())
    }

    /// Adds a typed line (blank lines are not kept); refuses one too long or one too many.
    pub fn push_line(&mut self, line: &str) -> Result<bool, Problem> {
        if line.trim().is_empty() {
            return Ok(false);
        }
        check_line(line)?;
        if self.lines.len() >= MAX_LINES {
            return Err(too_many_problem(line));
        }
        self.lines.push(line.to_string());
        Ok(true)
    }

    /// The drill: the incident's world with every line replayed.
    pub fn drill(&self) -> Result<Drill, InputError> {
        Drill::replay(
            self.params.incident(),
            self.params.settings(),
            self.lines.iter().map(String::as_str),
        )
    }

    /// The permalink's pairs: `<id>.preset`, the changed parameters in table order, then one
    /// `<id>.cmd` per line.
    pub fn to_query(&self, id: &str) -> Vec<(String, String)> {
        let mut out = vec![(query_key(id, "preset"), self.preset().to_string())];
        for spec in crate::dr::params::DR_PARAMS {
            if spec.key == "incident" {
                continue;
            }
            if let Some(v) = self.params.overrides().get(spec.key) {
                out.push((query_key(id, spec.key), v.to_text()));
            }
        }
        for line in &self.lines {
            out.push((query_key(id, "cmd"), line.clone()));
        }
        out
    }

    /// Reads this widget's pairs on top of `base`.
    pub fn from_query(
        base: &DrState,
        pairs: &[(String, String)],
        id: &str,
    ) -> (DrState, Vec<Problem>) {
        let mine = query_pairs_for(pairs, id);
        let mut state = base.clone();
        let mut problems = Vec::new();
        if mine.is_empty() {
            return (state, problems);
        }
        state.lines.clear();
        let mut lines = Vec::new();
        for (k, v) in &mine {
            match *k {
                "preset" => {
                    if let Err(p) = state.set_preset(v) {
                        problems.push(p);
                    }
                }
                "cmd" => lines.push(*v),
                key if dr_spec(key).is_some() => {
                    if let Err(p) = state.params.set_text(key, v) {
                        problems.push(p);
                    }
                }
                other => problems.push(unknown_param_problem(&query_key(id, other), v)),
            }
        }
        for line in lines {
            if let Err(p) = state.push_line(line) {
                problems.push(p);
            }
        }
        (state, problems)
    }
}

fn check_line(line: &str) -> Result<(), Problem> {
    let chars = line.chars().count();
    if chars > MAX_LINE_CHARS {
        return Err(Problem::new(
            "cmd",
            line,
            |v| {
                format!("«{v}» — строка из {chars} символов длиннее {MAX_LINE_CHARS}; не выполнена")
            },
            |v| format!("\"{v}\" is {chars} characters, longer than {MAX_LINE_CHARS}; not run"),
        ));
    }
    Ok(())
}

fn too_many_problem(line: &str) -> Problem {
    Problem::new(
        "cmd",
        line,
        |v| {
            format!(
                "«{v}» — в учениях уже {MAX_LINES} команд, больше не сохраняется; начните заново"
            )
        },
        |v| {
            format!(
                "\"{v}\": the drill already has {MAX_LINES} commands, no more are kept; start over"
            )
        },
    )
}

/// Reads the state from the element's attributes (`data-preset` / `data-incident`,
/// `data-lang`, `data-theme`, `data-height`, `data-<param key>`); names case-insensitive,
/// non-`data-*` ignored.
pub fn dr_from_attributes<'a>(
    attrs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (DrState, Vec<Problem>) {
    let mut state = DrState::default();
    let mut problems = Vec::new();
    let mut display = Display {
        lang: state.lang,
        theme: state.theme,
        height_px: state.height_px,
    };
    for (name, value) in attrs {
        let lower = name.to_ascii_lowercase();
        let Some(key) = lower.strip_prefix("data-") else {
            continue;
        };
        if display_attribute(key, value, &mut display, &mut problems) {
            continue;
        }
        match key {
            "preset" | "incident" => {
                if let Err(p) = state.set_preset(value) {
                    problems.push(p);
                }
            }
            k if dr_spec(k).is_some() => {
                if let Err(p) = state.params.set_text(k, value) {
                    problems.push(p);
                }
            }
            _ => problems.push(unknown_attribute_problem(name, value)),
        }
    }
    state.lang = display.lang;
    state.theme = display.theme;
    state.height_px = display.height_px;
    (state, problems)
}

fn unknown_attribute_problem(name: &str, value: &str) -> Problem {
    let known = ["data-preset", "data-lang", "data-theme", "data-height"]
        .iter()
        .map(|s| s.to_string())
        .chain(crate::dr::params::DR_PARAMS.iter().map(|s| s.attribute()))
        .collect::<Vec<_>>()
        .join(", ");
    crate::display::unknown_attribute_problem(name, value, &known)
}
