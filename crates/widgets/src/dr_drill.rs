//! `<cdc-dr-drill>`: the disaster-recovery drill of lesson 07 (issue 9).
//!
//! A terminal panel where students type lesson 07's commands (curl to the Kafka Connect REST
//! API, the console consumer, psql's slot functions, `sleep`, `cat` of the backup) against
//! dr-model's simulated world, and beside it the connector, slots, offsets topic, data topic,
//! a timeline, the runbook checklist, the task statement and the verifier's verdict.
//!
//! State is widget-core's [`DrState`] (the parameters plus the lines typed: the permalink);
//! the drill is [`Drill`] (rebuilt by replaying the lines, or extended line by line as they
//! are typed). Every decision — what a line prints, simulated time, the check, the runbook,
//! what the panels show — is widget-core's (`widget_core::dr`); this file only lays it out.
//! Input is only ever shown as text nodes. Instructor mode and the presenter view are the
//! shared [`crate::player`]'s.

use js_sys::Function;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use widget_core::dr::drill::Drill;
use widget_core::dr::panels::{panels, timeline_x, Panels, TimelineKind};
use widget_core::dr::params::DR_PARAMS;
use widget_core::dr::runbook::{runbook, StepState};
use widget_core::dr::scenarios::{check, scenario, snippets, SCENARIOS};
use widget_core::dr::state::{dr_from_attributes, DrState};
use widget_core::dr::steps::{dr_script, dr_scripts_for, dr_state_at, DrStep};
use widget_core::dr::text::{change_ranges, sim_time, step_state, verifier_summary, Label};
use widget_core::params::ParamValue;
use widget_core::{format_bytes, Group, Lang, Problem};
use yew::prelude::*;

use crate::controls::{self, tr};
use crate::intl::IntlFormat;
use crate::shell::{After, Shell, ShellMsg};
use crate::{markup, panic, shell};

/// Properties: the host element, its id (URL namespace), the parsed initial state.
#[derive(Properties, PartialEq)]
pub struct DrDrillProps {
    host: HtmlElement,
    id: String,
    initial: DrState,
    problems: Vec<Problem>,
    on_state: Function,
}

impl DrDrillProps {
    /// Parses the attributes, then the last good state (remount) or the page URL.
    pub fn new(
        host: HtmlElement,
        id: String,
        attributes: &[(String, String)],
        last_state: Option<String>,
        on_state: Function,
    ) -> Self {
        let (base, mut problems) = dr_from_attributes(shell::attribute_pairs(attributes));
        let pairs = shell::initial_pairs(last_state);
        let (initial, url_problems) = DrState::from_query(&base, &pairs, &id);
        problems.extend(url_problems);
        Self {
            host,
            id,
            initial,
            problems,
            on_state,
        }
    }
}

/// What the user (or the loader) asks for.
pub enum Msg {
    /// The input line changed.
    Input(String),
    /// Run the input line.
    Submit,
    /// ↑ (-1) / ↓ (+1) through the lines typed.
    History(i8),
    /// Put a command into the input line (not run).
    Insert(String),
    /// Let 60 s of simulated time pass (`sleep 60`).
    Wait,
    /// Start the drill over.
    Reset,
    /// Another scenario.
    Preset(String),
    /// A settings control changed.
    Param(&'static str, ParamValue),
    /// Copy a permalink.
    CopyLink,
    /// Resize / theme change (nothing drawn on a canvas: re-render only).
    Redraw,
    /// Visibility (nothing to pause).
    Visible(bool),
    /// Problems, clipboard, presenter view and the instructor player ([`crate::shell`]).
    Shell(ShellMsg),
    /// Test builds: panic inside update.
    #[cfg(feature = "debug-panic")]
    DebugPanic,
}

/// The component.
pub struct DrDrill {
    state: DrState,
    drill: Result<Drill, String>,
    input: String,
    /// Position in the typed lines while browsing with ↑/↓ (`None`: editing a new line).
    history_at: Option<usize>,
    shell: Shell<DrStep>,
    input_ref: NodeRef,
    transcript_ref: NodeRef,
    scroll_transcript: bool,
    focus_input: bool,
}

impl DrDrill {
    fn lang(&self) -> Lang {
        self.state.lang
    }

    fn rebuild(&mut self) {
        self.drill = self.state.drill().map_err(|e| e.to_string());
        self.shell.state_dirty = true;
        self.scroll_transcript = true;
    }

    fn run_line(&mut self, line: &str) {
        match self.state.push_line(line) {
            Ok(true) => {
                match &mut self.drill {
                    Ok(d) => {
                        d.run(line);
                    }
                    Err(_) => self.rebuild(),
                }
                self.shell.state_dirty = true;
                self.scroll_transcript = true;
            }
            Ok(false) => {}
            Err(p) => self.problem(p),
        }
    }

    /// Writes `self.input` into the input element (the view's `value` is not re-applied when
    /// the virtual DOM did not change while the user typed).
    fn sync_input(&self) {
        if let Some(input) = self.input_ref.cast::<HtmlInputElement>() {
            input.set_value(&self.input);
        }
    }

    fn problem(&mut self, p: Problem) {
        self.shell.problem(p);
    }

    fn show_step(&mut self) {
        let Some(p) = &self.shell.player else { return };
        match dr_state_at(p.script, p.step) {
            Ok(mut s) => {
                s.lang = self.state.lang;
                s.theme = self.state.theme;
                s.height_px = self.state.height_px;
                self.state = s;
                self.rebuild();
            }
            Err(problem) => self.shell.step_failed(problem),
        }
    }
}

impl Component for DrDrill {
    type Message = Msg;
    type Properties = DrDrillProps;

    fn create(ctx: &Context<Self>) -> Self {
        let props = ctx.props();
        panic::set_current(&props.host);
        let mut this = Self {
            state: props.initial.clone(),
            drill: Err(String::new()),
            input: String::new(),
            history_at: None,
            shell: Shell::new(props.problems.clone(), ctx.link().callback(Msg::Shell)),
            input_ref: NodeRef::default(),
            transcript_ref: NodeRef::default(),
            scroll_transcript: true,
            focus_input: false,
        };
        this.rebuild();
        this
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        panic::set_current(&ctx.props().host);
        match msg {
            Msg::Input(text) => {
                self.input = text;
                self.history_at = None;
                false
            }
            Msg::Submit => {
                let line = std::mem::take(&mut self.input);
                self.history_at = None;
                self.sync_input();
                self.run_line(&line);
                true
            }
            Msg::History(delta) => {
                let n = self.state.lines.len();
                if n == 0 {
                    return false;
                }
                let next = match (self.history_at, delta < 0) {
                    (None, true) => Some(n - 1),
                    (None, false) => None,
                    (Some(i), true) => Some(i.saturating_sub(1)),
                    (Some(i), false) if i + 1 < n => Some(i + 1),
                    (Some(_), false) => None,
                };
                self.history_at = next;
                self.input = next
                    .and_then(|i| self.state.lines.get(i))
                    .cloned()
                    .unwrap_or_default();
                self.sync_input();
                true
            }
            Msg::Insert(line) => {
                self.input = line;
                self.history_at = None;
                self.sync_input();
                self.focus_input = true;
                true
            }
            Msg::Wait => {
                self.run_line("sleep 60");
                true
            }
            Msg::Reset => {
                self.state.lines.clear();
                self.input.clear();
                self.sync_input();
                self.rebuild();
                true
            }
            Msg::Preset(name) => {
                match self.state.set_preset(&name) {
                    Ok(()) => self.rebuild(),
                    Err(p) => self.problem(p),
                }
                true
            }
            Msg::Param(key, value) => {
                match self.state.set(key, value) {
                    Ok(()) => self.rebuild(),
                    Err(p) => self.problem(p),
                }
                true
            }
            Msg::CopyLink => {
                let id = &ctx.props().id;
                self.shell.copy_link(id, &self.state.to_query(id));
                false
            }
            Msg::Shell(msg) => {
                match self.shell.update(msg, &ctx.props().host, dr_script) {
                    After::Render(render) => return render,
                    After::Relayout => self.scroll_transcript = true,
                    After::ShowStep => self.show_step(),
                }
                true
            }
            Msg::Redraw => {
                self.scroll_transcript = true;
                true
            }
            Msg::Visible(_) => false,
            #[cfg(feature = "debug-panic")]
            Msg::DebugPanic => {
                #[allow(clippy::panic)]
                {
                    panic!("debug panic requested by a test");
                }
            }
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first_render: bool) {
        panic::set_current(&ctx.props().host);
        if std::mem::take(&mut self.scroll_transcript) {
            if let Some(pre) = self.transcript_ref.cast::<HtmlElement>() {
                pre.set_scroll_top(pre.scroll_height());
            }
        }
        if std::mem::take(&mut self.focus_input) {
            if let Some(input) = self.input_ref.cast::<HtmlInputElement>() {
                let _ = input.focus();
                let end = u32::try_from(input.value().len()).unwrap_or(0);
                let _ = input.set_selection_range(end, end);
            }
        }
        let props = ctx.props();
        let state = &self.state;
        self.shell.rendered(
            self.drill.is_ok(),
            &|| state.to_query(&props.id),
            &props.on_state,
        );
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        panic::set_current(&ctx.props().host);
        let lang = self.lang();
        let style = self.state.height_px.map(|h| format!("--dr-height: {h}px"));
        let body = match &self.drill {
            Ok(d) => self.view_body(ctx, d),
            Err(message) => html! { <p class="problems" role="alert">{ message.clone() }</p> },
        };
        let content = html! {
            <>
                { self.view_head(ctx) }
                <div class="head-tools instructor">
                    { self.shell.instructor_tools(dr_scripts_for(self.state.preset()), lang) }
                </div>
                { self.shell.view_player(lang) }
                { self.shell.view_problems(lang) }
                { body }
            </>
        };
        self.shell
            .frame(Some("dr"), self.state.theme, lang, style, content)
    }
}

impl DrDrill {
    fn view_head(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang();
        let link = ctx.link();
        let onchange = link.callback(|e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            Msg::Preset(value)
        });
        let current = self.state.preset();
        let copied = match self.shell.copied {
            Some(Ok(_)) => tr(lang, "Ссылка скопирована", "Link copied"),
            Some(Err(())) => tr(lang, "Не удалось скопировать", "Could not copy"),
            None => "",
        };
        html! {
            <div class="head">
                <h3 class="title">{ Label::Title.text(lang) }</h3>
                <div class="head-tools">
                    <select class="scenario" aria-label={Label::Scenario.text(lang)} {onchange}>
                        { for SCENARIOS.iter().map(|s| {
                            let value = widget_core::dr::params::incident_value(s.incident);
                            html! { <option {value} selected={value == current}>{ s.title(lang) }</option> }
                        }) }
                    </select>
                    <button type="button" class="reset" onclick={markup::click(link, || Msg::Reset)}>{ Label::Reset.text(lang) }</button>
                    <button type="button" class="copy-link" onclick={markup::click(link, || Msg::CopyLink)}
                        title={tr(lang, "Скопировать ссылку на эти учения", "Copy a link to this drill")}>
                        { Label::Link.text(lang) }
                    </button>
                    <span class="muted" role="status">{ copied }</span>
                </div>
            </div>
        }
    }

    fn view_body(&self, ctx: &Context<Self>, d: &Drill) -> Html {
        let p = panels(d);
        html! {
            <>
                { self.view_task(d) }
                <div class="dr-cols">
                    { self.view_terminal(ctx, d, &p) }
                    <div class="dr-side">
                        { self.view_state(&p) }
                        { self.view_runbook(d) }
                        { self.view_timeline(&p) }
                    </div>
                </div>
                { self.view_settings(ctx) }
            </>
        }
    }

    fn view_task(&self, d: &Drill) -> Html {
        let lang = self.lang();
        let sc = scenario(d.incident());
        let c = check(d);
        let v = d.verification();
        let fmt = IntlFormat::new(lang);
        let passed = c.passed();
        html! {
            <section class={if passed { "panel task passed" } else { "panel task open" }} aria-label={Label::TaskStatement.text(lang)}>
                <h4>{ format!("{}: {}", Label::TaskStatement.text(lang), sc.title(lang)) }</h4>
                <p class="statement">{ sc.task(lang) }</p>
                <p class="verdict" role="status">
                    <strong>{ if passed { Label::Passed.text(lang) } else { Label::NotPassed.text(lang) } }</strong>
                </p>
                <ul class="checks">
                    { for c.items.iter().map(|i| html! {
                        <li class={if i.ok { "ok" } else { "no" }}>
                            <span aria-hidden="true">{ if i.ok { "✓ " } else { "✗ " } }</span>
                            <span class="sr-only">{ if i.ok { tr(lang, "выполнено: ", "done: ") } else { tr(lang, "не выполнено: ", "not done: ") } }</span>
                            { i.text(lang).to_owned() }
                        </li>
                    }) }
                </ul>
                <div class="verifier">
                    <strong>{ format!("{}: ", Label::Verifier.text(lang)) }</strong>
                    <span class="summary">{ verifier_summary(&v, &fmt) }</span>
                    if !v.gaps.is_empty() {
                        <p class="gaps">{ format!("{}: {}", Label::Gaps.text(lang), change_ranges(v.gaps.iter().copied(), 8)) }</p>
                    }
                    if !v.duplicates.is_empty() {
                        <p class="dups">{ format!("{}: {}", Label::Duplicates.text(lang), change_ranges(v.duplicates.iter().map(|(n, _)| *n), 8)) }</p>
                    }
                </div>
            </section>
        }
    }

    fn view_terminal(&self, ctx: &Context<Self>, d: &Drill, p: &Panels) -> Html {
        let lang = self.lang();
        let link = ctx.link();
        let fmt = IntlFormat::new(lang);
        let oninput = link.callback(|e: InputEvent| {
            Msg::Input(
                e.target_dyn_into::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default(),
            )
        });
        let onkeydown = link.batch_callback(|e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                Some(Msg::Submit)
            }
            "ArrowUp" => {
                e.prevent_default();
                Some(Msg::History(-1))
            }
            "ArrowDown" => {
                e.prevent_default();
                Some(Msg::History(1))
            }
            _ => None,
        });
        let last_output = d
            .entries()
            .last()
            .map(|e| e.output.clone())
            .unwrap_or_default();
        html! {
            <section class="panel terminal" aria-label={Label::Terminal.text(lang)}>
                <div class="term-head">
                    <h4>{ Label::Terminal.text(lang) }</h4>
                    <span class="sim-time">{ format!("{}: {}", Label::SimTime.text(lang), sim_time(p.now_ms, &fmt)) }</span>
                </div>
                <pre class="transcript" tabindex="0" ref={self.transcript_ref.clone()}
                    aria-label={tr(lang, "Вывод терминала", "Terminal output")}>
                    if d.entries().is_empty() {
                        <span class="muted">{ Label::EmptyTranscript.text(lang) }</span>
                    }
                    { for d.entries().iter().map(|e| html! {
                        <>
                            <span class="cmd">{ format!("$ {}\n", e.line) }</span>
                            { e.output.clone() }
                        </>
                    }) }
                </pre>
                <div class="sr-only" aria-live="polite">{ last_output }</div>
                <div class="prompt-row">
                    <span class="prompt" aria-hidden="true">{ "$" }</span>
                    <input type="text" class="cmdline" ref={self.input_ref.clone()} value={self.input.clone()}
                        aria-label={Label::Input.text(lang)} spellcheck="false" autocomplete="off" autocapitalize="off"
                        {oninput} {onkeydown} />
                    <button type="button" class="primary run" onclick={markup::click(link, || Msg::Submit)}>{ Label::Run.text(lang) }</button>
                </div>
                <div class="snippets" role="group" aria-label={Label::Insert.text(lang)}>
                    <span class="muted">{ format!("{}:", Label::Insert.text(lang)) }</span>
                    { for snippets(d).into_iter().map(|s| {
                        let line = s.line.clone();
                        html! {
                            <button type="button" class="snippet" title={s.line.clone()}
                                onclick={link.callback(move |_| Msg::Insert(line.clone()))}>{ s.label(lang) }</button>
                        }
                    }) }
                    <button type="button" class="wait" onclick={markup::click(link, || Msg::Wait)}>{ Label::Wait60.text(lang) }</button>
                </div>
                <p class="hint muted">{ Label::Hint.text(lang) }</p>
            </section>
        }
    }

    fn view_state(&self, p: &Panels) -> Html {
        let lang = self.lang();
        let fmt = IntlFormat::new(lang);
        let connector = match (p.worker_up, p.connector) {
            (false, _) => {
                html! { <td class="state bad">{ format!("✗ {}", Label::WorkerDown.text(lang)) }</td> }
            }
            (true, None) => {
                html! { <td class="state bad">{ format!("✗ {}", Label::NoConnector.text(lang)) }</td> }
            }
            (true, Some((c, _))) => {
                html! { <td class={if c == "RUNNING" { "state good" } else { "state warn" }}>{ c }</td> }
            }
        };
        let task = match p.connector {
            Some((_, Some(t))) => {
                html! { <td class={match t { "RUNNING" => "state good", "FAILED" => "state bad", _ => "state warn" }}>{ t }</td> }
            }
            _ => html! { <td class="muted">{ "—" }</td> },
        };
        html! {
            <section class="panel state-panel" aria-label={Label::State.text(lang)}>
                <h4>{ Label::State.text(lang) }</h4>
                <table class="row kv">
                    <tr><th scope="row">{ Label::Connector.text(lang) }</th>{ connector }</tr>
                    <tr><th scope="row">{ Label::Task.text(lang) }</th>{ task }</tr>
                </table>
                if let Some(trace) = &p.task_trace {
                    <p class="trace">{ trace.clone() }</p>
                }
                <h5>{ Label::Slots.text(lang) }</h5>
                if p.slots.is_empty() {
                    <p class="muted">{ Label::NoSlots.text(lang) }</p>
                } else {
                    <div class="scroll-x" tabindex="0" role="region" aria-label={Label::Slots.text(lang)}>
                        <table class="slots">
                            <thead><tr>
                                <th scope="col">{ "slot_name" }</th><th scope="col">{ "active" }</th>
                                <th scope="col">{ "restart_lsn" }</th><th scope="col">{ "confirmed_flush_lsn" }</th>
                                <th scope="col" title={tr(lang, "удерживаемый WAL", "WAL retained")}>{ "WAL" }</th>
                            </tr></thead>
                            <tbody>
                                { for p.slots.iter().map(|s| html! {
                                    <tr>
                                        <td>{ s.name.clone() }</td>
                                        <td class={if s.active { "good" } else { "warn" }}>{ if s.active { "t" } else { "f" } }</td>
                                        <td>{ s.restart_lsn.clone() }</td>
                                        <td>{ s.confirmed_flush_lsn.clone() }</td>
                                        <td>{ format_bytes(s.retained_bytes, &fmt) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
                <h5>{ Label::OffsetsTopic.text(lang) }</h5>
                { match &p.latest_offset {
                    Some(o) => html! {
                        <pre class="offset">{ format!("{}\n{}\n", o.key, o.value) }<span class="muted">{ format!("t = {} · {} {}", sim_time(o.at_ms, &fmt), p.offset_records, tr(lang, "записей", "records")) }</span></pre>
                    },
                    None => html! { <p class="muted">{ Label::NoOffsets.text(lang) }</p> },
                } }
                <h5>{ Label::DataTopic.text(lang) }</h5>
                <p class="data-topic">
                    { format!("{} {} · {}: {} ({} {}) · {}: {}",
                        p.events, Label::Events.text(lang),
                        Label::LastChange.text(lang), p.last_change,
                        tr(lang, "в базе", "in the database"), p.written,
                        Label::Snapshots.text(lang), p.snapshots) }
                </p>
            </section>
        }
    }

    fn view_runbook(&self, d: &Drill) -> Html {
        let lang = self.lang();
        let records: Vec<_> = d.entries().iter().map(|e| e.record.clone()).collect();
        let rb = runbook(d.incident(), &records);
        html! {
            <section class="panel runbook" aria-label={Label::Runbook.text(lang)}>
                <h4>{ Label::Runbook.text(lang) }</h4>
                <ol class="steps">
                    { for rb.steps.iter().map(|(step, state)| {
                        let (icon, words) = step_state(*state, lang);
                        let kind = match state {
                            StepState::Done(_) => "done",
                            StepState::OutOfOrder(_) | StepState::Skipped => "warn",
                            StepState::NotNeeded => "na",
                            StepState::Pending => "pending",
                        };
                        html! {
                            <li class={kind} value={step.number.to_string()}>
                                <span class="icon" aria-hidden="true">{ icon }</span>
                                <span class="text">{ step.text(lang) }</span>
                                <span class="words">{ format!(" — {words}") }</span>
                            </li>
                        }
                    }) }
                </ol>
                if !rb.warnings.is_empty() {
                    <ul class="warnings" role="list">
                        { for rb.warnings.iter().map(|w| html! {
                            <li><span aria-hidden="true">{ "⚠ " }</span><strong>{ tr(lang, "Внимание", "Warning") }</strong>
                                { format!(" ({} {}): {}", tr(lang, "команда", "command"), w.line + 1, w.text(lang)) }</li>
                        }) }
                    </ul>
                }
            </section>
        }
    }

    fn view_timeline(&self, p: &Panels) -> Html {
        let lang = self.lang();
        let fmt = IntlFormat::new(lang);
        const W: u32 = 600;
        let x_incident = timeline_x(p.incident_at_ms, p.now_ms, W);
        let items: Vec<_> = p.timeline.iter().rev().take(40).collect();
        html! {
            <section class="panel timeline" aria-label={Label::Timeline.text(lang)}>
                <h4>{ Label::Timeline.text(lang) }</h4>
                <svg class="strip" viewBox={format!("0 0 {W} 34")} preserveAspectRatio="none" role="img"
                    aria-label={format!("0 – {}", sim_time(p.now_ms, &fmt))}>
                    <line x1="0" y1="20" x2={W.to_string()} y2="20" class="axis" />
                    <rect x={x_incident.to_string()} y="6" width="3" height="28" class="incident" />
                    { for p.timeline.iter().map(|t| {
                        let x = timeline_x(t.at_ms, p.now_ms, W).to_string();
                        match t.kind {
                            TimelineKind::Log => html! { <circle cx={x} cy="20" r="3.5" class="log" /> },
                            TimelineKind::Command(_) => html! { <rect x={x} y="12" width="2" height="16" class="cmd" /> },
                        }
                    }) }
                </svg>
                <p class="legend muted">{ tr(lang, "▮ авария (150 с) · | команда · ● событие стенда", "▮ incident (150 s) · | command · ● lab event") }</p>
                <ol class="log" reversed=true>
                    { for items.into_iter().map(|t| html! {
                        <li class={match t.kind { TimelineKind::Log => "ev", TimelineKind::Command(_) => "cmd" }}>
                            <span class="t">{ sim_time(t.at_ms, &fmt) }</span>{ " " }
                            { match t.kind {
                                TimelineKind::Command(_) => html! { <code>{ format!("$ {}", shorten(&t.text, 90)) }</code> },
                                TimelineKind::Log => html! { { t.text.clone() } },
                            } }
                        </li>
                    }) }
                </ol>
            </section>
        }
    }

    fn view_settings(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang();
        let fmt = IntlFormat::new(lang);
        let on_change = ctx
            .link()
            .callback(|(key, value, _): controls::ParamChange| Msg::Param(key, value));
        html! {
            <details class="group settings">
                <summary>{ format!("{} ({})", Label::Settings.text(lang), tr(lang, "изменение начинает учения заново", "a change restarts the drill")) }</summary>
                { for Group::DR.iter().map(|group| html! {
                    <div class="param-group">
                        <h5>{ group.label(lang) }</h5>
                        { for DR_PARAMS.iter().filter(|s| s.group == *group && s.key != "incident").map(|spec| {
                            let value = self.state.params.get(spec.key).unwrap_or(spec.fallback);
                            controls::param_control(spec, value, self.state.params.is_overridden(spec.key), lang, &fmt, &on_change)
                        }) }
                    </div>
                }) }
            </details>
        }
    }
}

/// At most `max` characters of `s`, then `…`.
fn shorten(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}
