//! The frame every widget shares (`<cdc-wal-sim>`, `<cdc-scaling-calc>`, `<cdc-dr-drill>`):
//! the problems banner, the clipboard's answer, copy-link, the presenter view, the instructor
//! player's messages and keys, the root `<div class="w …">`, and the report of the last good
//! state after a render. One copy instead of three: each widget keeps only what is its own
//! (its model, its panels, how a script step rebuilds its state).
//!
//! A widget holds a [`Shell`], wraps [`ShellMsg`] in one variant of its own `Msg`, hands it to
//! [`Shell::update`] and acts on the returned [`After`]; its view puts its content into
//! [`Shell::frame`] and its `rendered` calls [`Shell::rendered`].

use js_sys::Function;
use web_sys::{HtmlElement, KeyboardEvent};
use widget_core::steps::{Narrated, Script};
use widget_core::{Lang, Problem, Theme};
use yew::prelude::*;

use crate::controls::{self, tr};
use crate::player::{self, Player, PlayerAction};
use crate::url_state;

/// The messages every widget handles the same way.
#[derive(Clone, Copy)]
pub enum ShellMsg {
    /// The clipboard answered (`Ok("link")`, `Ok("config")`, or `Err` when it refused).
    Copied(Result<&'static str, ()>),
    /// The problems banner was dismissed.
    DismissProblems,
    /// Start an instructor script at its first step.
    StartScript(&'static str),
    /// Go to a step of the running script (clamped to its range).
    GoToStep(usize),
    /// Next / previous step (keys: → PageDown Space / ← PageUp, as presentation clickers send).
    /// Forward waits for the answer: the result is revealed only after a choice.
    StepBy(i8),
    /// The audience chose an answer to the step's question.
    Answer(usize),
    /// Leave the script (the current state stays).
    StopScript,
    /// Presenter view on/off: full screen, large type, projector theme.
    TogglePresenter,
}

/// What the widget does after [`Shell::update`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum After {
    /// Nothing more; re-render if true.
    Render(bool),
    /// The layout changed (presenter view, a veil lifted, the player closed): redraw what
    /// depends on the size, then re-render.
    Relayout,
    /// The player is at another step: rebuild that step's state ([`Shell::player`]), then
    /// re-render.
    ShowStep,
}

/// The shared part of a widget's state. `S` is the widget's instructor step type.
pub struct Shell<S: 'static> {
    /// Refused values (attributes, the permalink, a control), in Russian and English.
    pub problems: Vec<Problem>,
    /// The banner was dismissed (until the next problem).
    pub problems_dismissed: bool,
    /// The clipboard's last answer (what was copied, or a refusal).
    pub copied: Option<Result<&'static str, ()>>,
    /// Presenter view: full screen, large type, projector theme.
    pub presenter: bool,
    /// The running instructor script.
    pub player: Option<Player<S>>,
    /// The player panel, focused after each step or answer so the clicker keeps working
    /// (a clicked choice becomes disabled and would otherwise drop the focus to the page).
    pub player_ref: NodeRef,
    /// Focus the player panel after the next render.
    pub focus_player: bool,
    /// The state changed since it was last reported as good.
    pub state_dirty: bool,
    /// [`ShellMsg`]s from the frame, the banner and the player (made once per widget).
    on: Callback<ShellMsg>,
}

impl<S: Narrated> Shell<S> {
    /// A fresh shell showing `problems` (those found in the attributes and the URL); `on`
    /// delivers its messages to the widget.
    pub fn new(problems: Vec<Problem>, on: Callback<ShellMsg>) -> Self {
        Self {
            problems,
            problems_dismissed: false,
            copied: None,
            presenter: false,
            player: None,
            player_ref: NodeRef::default(),
            focus_player: false,
            state_dirty: true,
            on,
        }
    }

    /// Shows a problem (replacing an earlier one about the same key) and the banner again.
    pub fn problem(&mut self, problem: Problem) {
        self.problems.retain(|p| p.key != problem.key);
        self.problems.push(problem);
        self.problems_dismissed = false;
    }

    /// A question waits for its answer: the results stay veiled.
    pub fn awaiting_answer(&self) -> bool {
        self.player.as_ref().is_some_and(Player::awaiting_answer)
    }

    /// Handles a shared message; `script` finds a script by id, `host` is the widget's element.
    pub fn update(
        &mut self,
        msg: ShellMsg,
        host: &HtmlElement,
        script: fn(&str) -> Option<&'static Script<S>>,
    ) -> After {
        match msg {
            ShellMsg::Copied(result) => {
                self.copied = Some(result);
                After::Render(true)
            }
            ShellMsg::DismissProblems => {
                self.problems_dismissed = true;
                After::Render(true)
            }
            ShellMsg::StartScript(id) => match script(id) {
                Some(script) => {
                    self.player = Some(Player::new(script));
                    self.focus_player = true;
                    After::ShowStep
                }
                None => After::Render(false),
            },
            ShellMsg::GoToStep(step) => self.go_to(step),
            ShellMsg::StepBy(delta) => match self.player.as_ref().and_then(|p| p.target(delta)) {
                Some(step) => self.go_to(step),
                None => After::Render(false),
            },
            ShellMsg::Answer(choice) => {
                if self.player.as_mut().is_some_and(|p| p.answer(choice)) {
                    self.focus_player = true;
                    After::Relayout
                } else {
                    After::Render(false)
                }
            }
            ShellMsg::StopScript => {
                self.player = None;
                After::Relayout
            }
            ShellMsg::TogglePresenter => {
                self.presenter = !self.presenter;
                player::set_fullscreen(host, self.presenter);
                After::Relayout
            }
        }
    }

    fn go_to(&mut self, step: usize) -> After {
        if self.player.as_mut().is_some_and(|p| p.go_to(step)) {
            self.focus_player = true;
            After::ShowStep
        } else {
            After::Render(false)
        }
    }

    /// A script step's state could not be built: say why and leave the script.
    pub fn step_failed(&mut self, problem: Problem) {
        self.problem(problem);
        self.player = None;
    }

    /// Copies a permalink to `pairs` (the widget's state as query pairs under `id`).
    pub fn copy_link(&self, id: &str, pairs: &[(String, String)]) {
        let link = url_state::permalink(id, pairs);
        controls::copy_to_clipboard(link, "link", self.on.reform(ShellMsg::Copied));
    }

    /// Copies `text` (a configuration); the answer arrives as [`ShellMsg::Copied`].
    pub fn copy_text(&self, text: String) {
        controls::copy_to_clipboard(text, "config", self.on.reform(ShellMsg::Copied));
    }

    /// What the copy status line says about the clipboard's last answer.
    pub fn copied_text(&self, lang: Lang) -> &'static str {
        copied_text(self.copied, lang)
    }

    /// After a render: keeps the player focused and, once the state rendered fine (`ok`),
    /// reports it to the loader as the last good state (`pairs`: built only then).
    pub fn rendered(
        &mut self,
        ok: bool,
        pairs: &dyn Fn() -> Vec<(String, String)>,
        on_state: &Function,
    ) {
        player::keep_focus(&mut self.focus_player, &self.player_ref);
        if self.state_dirty && ok {
            self.state_dirty = false;
            controls::report_good_state(&pairs(), on_state);
        }
    }

    /// The start buttons of `scripts` and the presenter toggle.
    pub fn instructor_tools(&self, scripts: &'static [Script<S>], lang: Lang) -> Html {
        html! {
            <>
                { player::start_buttons(scripts, self.player.is_some(), lang, &self.on.reform(ShellMsg::StartScript)) }
                { player::presenter_toggle(self.presenter, lang, self.on.reform(|_| ShellMsg::TogglePresenter)) }
            </>
        }
    }

    /// The player panel while a script runs.
    pub fn view_player(&self, lang: Lang) -> Html {
        let Some(p) = &self.player else {
            return Html::default();
        };
        let on = self.on.reform(|action| match action {
            PlayerAction::StepBy(delta) => ShellMsg::StepBy(delta),
            PlayerAction::Answer(choice) => ShellMsg::Answer(choice),
            PlayerAction::Stop => ShellMsg::StopScript,
        });
        player::view_player(p, lang, &self.player_ref, &on)
    }

    /// The problems banner, unless there are none or it was dismissed.
    pub fn view_problems(&self, lang: Lang) -> Html {
        if self.problems.is_empty() || self.problems_dismissed {
            return Html::default();
        }
        controls::problems_banner(
            &self.problems,
            lang,
            self.on.reform(|_| ShellMsg::DismissProblems),
        )
    }

    /// The widget's root element around `content`: `class="w light|dark KIND [presenter]"`,
    /// its language, an optional `style`, and the clicker keys while a script runs.
    pub fn frame(
        &self,
        kind: Option<&'static str>,
        theme: Theme,
        lang: Lang,
        style: Option<String>,
        content: Html,
    ) -> Html {
        frame(
            kind,
            controls::is_dark(theme),
            self.presenter,
            self.player.is_some(),
            lang,
            style,
            &self.on,
            content,
        )
    }
}

/// The copy status line: what the clipboard's last answer means.
pub fn copied_text(copied: Option<Result<&'static str, ()>>, lang: Lang) -> &'static str {
    match copied {
        Some(Ok("link")) => tr(lang, "Ссылка скопирована", "Link copied"),
        Some(Ok(_)) => tr(lang, "Скопировано", "Copied"),
        Some(Err(())) => tr(
            lang,
            "Не удалось скопировать: выделите текст и нажмите Ctrl+C",
            "Could not copy: select the text and press Ctrl+C",
        ),
        None => "",
    }
}

/// [`Shell::frame`] without the step type (one copy in the bundle).
#[allow(clippy::too_many_arguments)]
fn frame(
    kind: Option<&'static str>,
    dark: bool,
    presenter: bool,
    stepping: bool,
    lang: Lang,
    style: Option<String>,
    on: &Callback<ShellMsg>,
    content: Html,
) -> Html {
    let class = classes!(
        "w",
        if dark { "dark" } else { "light" },
        kind,
        presenter.then_some("presenter")
    );
    let on = on.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if let Some(delta) = player::clicker_step(&e, stepping) {
            on.emit(ShellMsg::StepBy(delta));
        }
    });
    html! {
        <div class={class} {style} lang={lang.as_str()} tabindex="-1" {onkeydown}>
            { content }
        </div>
    }
}

/// The widget's initial state pairs: the last good state after a remount, else the page URL.
pub fn initial_pairs(last_state: Option<String>) -> Vec<(String, String)> {
    match last_state {
        Some(text) => url_state::decode(&text),
        None => url_state::page_query(),
    }
}

/// The element's attributes as `(name, value)` string pairs.
pub fn attribute_pairs(attributes: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    attributes.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}
