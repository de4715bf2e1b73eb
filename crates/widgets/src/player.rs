//! The instructor step player both widgets share: [`Player`] (which step of which script,
//! the answer given to its question), its panel ([`view_player`]: counter, title, ←/→/exit,
//! narration, the predict-first question), the start buttons and the presenter toggle, the
//! clicker keys ([`clicker_step`]: PageUp/PageDown anywhere in the widget, →/←/Space outside
//! controls) and full screen on/off. Generic over the step type through
//! [`widget_core::steps::Narrated`], so `<cdc-wal-sim>` and `<cdc-scaling-calc>` run the same
//! code; each widget rebuilds the step's state itself (`state_at` of its own script type).

use web_sys::{HtmlElement, KeyboardEvent};
use widget_core::steps::{Narrated, Script};
use widget_core::Lang;
use yew::prelude::*;

use crate::controls::tr;
use crate::markup;

/// A running instructor script: which step, and the answer given to its question.
pub struct Player<S: 'static> {
    /// The script.
    pub script: &'static Script<S>,
    /// The current step, counted from 0.
    pub step: usize,
    /// The choice made for the current step's question.
    pub answer: Option<usize>,
}

impl<S: Narrated> Player<S> {
    /// At the first step.
    pub fn new(script: &'static Script<S>) -> Self {
        Self {
            script,
            step: 0,
            answer: None,
        }
    }

    /// The current step.
    pub fn current(&self) -> Option<&'static S> {
        self.script.steps.get(self.step)
    }

    /// The step's question is still waiting for an answer (its result stays hidden).
    pub fn awaiting_answer(&self) -> bool {
        self.current().is_some_and(|s| s.question().is_some()) && self.answer.is_none()
    }

    /// Goes to `step` (clamped to the script); false if that is the current step.
    pub fn go_to(&mut self, step: usize) -> bool {
        let last = self.script.steps.len().saturating_sub(1);
        let step = step.min(last);
        if step == self.step {
            return false;
        }
        self.step = step;
        self.answer = None;
        true
    }

    /// The step one forward or back, or `None` when forward waits for an answer (the result
    /// is revealed only after a choice).
    pub fn target(&self, delta: i8) -> Option<usize> {
        if delta > 0 && self.awaiting_answer() {
            return None;
        }
        Some(if delta > 0 {
            self.step.saturating_add(1)
        } else {
            self.step.saturating_sub(1)
        })
    }

    /// Records the first answer; false if one was given already.
    pub fn answer(&mut self, choice: usize) -> bool {
        if self.answer.is_some() {
            return false;
        }
        self.answer = Some(choice);
        true
    }
}

/// What the player panel asks of its widget.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PlayerAction {
    /// One step forward (+1) or back (−1).
    StepBy(i8),
    /// The audience chose an answer.
    Answer(usize),
    /// Leave the script.
    Stop,
}

/// The player panel (focusable through `panel`, so the clicker keeps working after a click).
pub fn view_player<S: Narrated>(
    player: &Player<S>,
    lang: Lang,
    panel: &NodeRef,
    on: &Callback<PlayerAction>,
) -> Html {
    let Some(step) = player.current() else {
        return html! {};
    };
    let total = player.script.steps.len();
    let awaiting = player.awaiting_answer();
    view_step(
        step,
        player.step,
        total,
        player.answer,
        awaiting,
        lang,
        panel,
        on,
    )
}

/// [`view_player`] without the step type: one copy in a module with several widgets.
#[allow(clippy::too_many_arguments)]
fn view_step(
    step: &dyn Narrated,
    step_index: usize,
    total: usize,
    answered: Option<usize>,
    awaiting: bool,
    lang: Lang,
    panel: &NodeRef,
    on: &Callback<PlayerAction>,
) -> Html {
    let question = step.question().map(|q| {
        html! {
            <div class="question" role="group" aria-label={q.prompt(lang).to_owned()}>
                <p class="prompt"><strong>{ tr(lang, "Вопрос: ", "Question: ") }</strong>{ q.prompt(lang) }</p>
                <div class="choices">
                    { for q.choices.iter().enumerate().map(|(i, c)| {
                        let class = match answered {
                            Some(_) if q.is_right(i) => "choice right",
                            Some(a) if a == i => "choice wrong",
                            _ => "choice",
                        };
                        html! {
                            <button type="button" {class} disabled={answered.is_some()}
                                onclick={on.reform(move |_| PlayerAction::Answer(i))}>{ c.label(lang) }</button>
                        }
                    }) }
                </div>
                if let Some(a) = answered {
                    <p class="explanation" aria-live="polite">
                        <strong>{ if q.is_right(a) { tr(lang, "Верно. ", "Right. ") } else { tr(lang, "Не совсем. ", "Not quite. ") } }</strong>
                        { q.explanation(lang) }
                    </p>
                }
            </div>
        }
    });
    html! {
        <div class="player" aria-live="polite" tabindex="-1" ref={panel.clone()}>
            <div class="player-head">
                <span class="counter">{ format!("{} {}/{}", tr(lang, "Шаг", "Step"), step_index + 1, total) }</span>
                <strong>{ step.title(lang) }</strong>
                <span class="player-nav">
                    <button type="button" disabled={step_index == 0} onclick={on.reform(|_| PlayerAction::StepBy(-1))}
                        aria-label={tr(lang, "Предыдущий шаг", "Previous step")}>{ "←" }</button>
                    <button type="button" class="next" disabled={step_index + 1 >= total || awaiting}
                        onclick={on.reform(|_| PlayerAction::StepBy(1))} aria-label={tr(lang, "Следующий шаг", "Next step")}>{ "→" }</button>
                    <button type="button" onclick={on.reform(|_| PlayerAction::Stop)}>{ tr(lang, "Выйти", "Exit") }</button>
                </span>
            </div>
            <p class="narration">{ step.narration(lang) }</p>
            { for question }
        </div>
    }
}

/// One "▶ title" button per script (none while a script runs).
pub fn start_buttons<S>(
    scripts: &'static [Script<S>],
    running: bool,
    lang: Lang,
    on_start: &Callback<&'static str>,
) -> Html {
    if running {
        return html! {};
    }
    html! {
        { for scripts.iter().map(|script| {
            let id = script.id;
            html! {
                <button type="button" class="primary start-script" onclick={on_start.reform(move |_| id)}
                    title={tr(lang, "Пошаговый разбор для занятия: → / PageDown — дальше, ← / PageUp — назад", "Step-by-step for class: → / PageDown next, ← / PageUp back")}>
                    { format!("▶ {}", script.title(lang)) }
                </button>
            }
        }) }
    }
}

/// The presenter view's on/off button.
pub fn presenter_toggle(presenter: bool, lang: Lang, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" class="presenter-toggle" aria-pressed={markup::bool_text(presenter)} {onclick}>
            { if presenter { tr(lang, "Обычный вид", "Normal view") } else { tr(lang, "Презентация", "Presenter view") } }
        </button>
    }
}

/// Full screen for the presenter view on `host` (needs the user's gesture; if the browser
/// refuses, the presenter styles still apply inside the page), or leaves it.
pub fn set_fullscreen(host: &HtmlElement, on: bool) {
    if on {
        let _ = host.request_fullscreen();
    } else if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if document.fullscreen_element().is_some() {
            document.exit_fullscreen();
        }
    }
}

/// The widget root's clicker keys while a script runs: PageDown/PageUp anywhere (the chart's
/// own handler lets them through), →/Space and ← outside controls. Returns the step delta and
/// prevents the key's default; `None` for every other key.
pub fn clicker_step(e: &KeyboardEvent, stepping: bool) -> Option<i8> {
    if !stepping {
        return None;
    }
    // Keys that belong to a control stay with it.
    let in_control = e
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .is_some_and(|t| {
            matches!(
                t.tag_name().as_str(),
                "INPUT" | "SELECT" | "BUTTON" | "CANVAS" | "TEXTAREA"
            )
        });
    let delta = match e.key().as_str() {
        "PageDown" => 1,
        "PageUp" => -1,
        "ArrowRight" | " " if !in_control => 1,
        "ArrowLeft" if !in_control => -1,
        _ => return None,
    };
    e.prevent_default();
    Some(delta)
}

/// Focuses the player panel if `pending` (after a step or an answer: a clicked choice becomes
/// disabled and would otherwise drop the focus to the page).
pub fn keep_focus(pending: &mut bool, panel: &NodeRef) {
    if std::mem::take(pending) {
        if let Some(panel) = panel.cast::<HtmlElement>() {
            let _ = panel.focus();
        }
    }
}
