//! `<cdc-scaling-calc>`: the connector-scaling calculator of lesson 06.
//!
//! State is widget-core's [`ScalingState`] (the same data as the permalink); every change runs
//! `ScalingState::report` (apply → validate → `scaling_model::evaluate`). The view lays out
//! what the model computed: the binding constraint in a sentence, "what would help now",
//! throughput per stage as bars with the input level marked, lag, drain time, latency, the
//! five-way comparison, why `tasks.max` gave one task, and each connector's JSON to copy.
//! Controls come from `SCALING_PARAMS` through the shared [`crate::controls`].
//!
//! Instructor mode is the WAL widget's, through the shared [`crate::player`]: a start button
//! per script of the preset ([`widget_core::scaling::steps`]), each step's state rebuilt from
//! the preset (`scaling_state_at`, so going back restores it exactly), a question veils the
//! charts, the binding sentence and the advice until answered, clicker keys step, and the
//! presenter view (full screen, large type) shows only the player, the verdict and the chart.

use std::rc::Rc;

use js_sys::Function;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::JsValue;
use web_sys::{HtmlCanvasElement, HtmlElement};
use widget_core::params::ParamValue;
use widget_core::scaling::compare as scompare;
use widget_core::scaling::model::Report;
use widget_core::scaling::steps::{
    scaling_script, scaling_scripts_for, scaling_state_at, ScalingStep,
};
use widget_core::scaling::text as stext;
use widget_core::scaling::to_wal;
use widget_core::scaling::{scaling_from_attributes, ScalingState, SCALING_PARAMS};
use widget_core::text::{ui, Ui};
use widget_core::{Group, Lang, NumberFormat, Problem};
use yew::prelude::*;

use crate::canvas::{CanvasBackend, TextCache};
use crate::controls::{self, tr, ExportKind, ParamChange};
use crate::intl::IntlFormat;
use crate::shell::{After, Shell, ShellMsg};
use crate::{markup, panic, shell, url_state};

/// Properties: the host element, its id (URL namespace), the parsed initial state.
#[derive(Properties, PartialEq)]
pub struct ScalingCalcProps {
    host: HtmlElement,
    id: String,
    initial: ScalingState,
    problems: Vec<Problem>,
    on_state: Function,
    /// Where the playground is (`data-playground-url`, default `/`), for lag → WAL when no
    /// `<cdc-wal-sim>` is on the page.
    playground_url: String,
}

impl ScalingCalcProps {
    /// Parses the attributes, then the last good state (remount) or the page URL.
    pub fn new(
        host: HtmlElement,
        id: String,
        attributes: &[(String, String)],
        last_state: Option<String>,
        on_state: Function,
    ) -> Self {
        let (base, mut problems) = scaling_from_attributes(shell::attribute_pairs(attributes));
        let pairs = shell::initial_pairs(last_state);
        let (initial, url_problems) = ScalingState::from_query(&base, &pairs, &id);
        problems.extend(url_problems);
        let attribute = attributes
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("data-playground-url"))
            .map(|(_, v)| v.as_str());
        let (playground_url, problem) = to_wal::playground_url(attribute);
        problems.extend(problem);
        Self {
            host,
            id,
            initial,
            problems,
            on_state,
            playground_url,
        }
    }
}

/// What the user (or the loader) asks for.
pub enum Msg {
    /// A control changed a parameter.
    Param(&'static str, ParamValue, f64),
    /// Back to the preset's values.
    ResetParams,
    /// Another preset.
    Preset(String),
    /// Which connector's JSON to show.
    Connector(usize),
    /// Copy the shown connector JSON.
    Copy,
    /// Copy a permalink.
    CopyLink,
    /// Redraw the chart (theme change).
    Redraw,
    /// The element was resized: redraw only if the canvas' own width changed.
    Resize,
    /// The element entered or left the viewport (off-screen widgets do not draw).
    Visible(bool),
    /// Download the chart, the stages and lag series, or the state.
    Export(ExportKind),
    /// The chart's data table was opened or closed.
    DataTable(bool),
    /// Pin the current state as "A" for an A/B comparison (or unpin it).
    TogglePinA,
    /// Show the WAL consequence of the lag in the `<cdc-wal-sim>` on this page.
    LagToWal,
    /// Problems, clipboard, presenter view and the instructor player ([`crate::shell`]).
    Shell(ShellMsg),
    /// Test builds: panic inside update.
    #[cfg(feature = "debug-panic")]
    DebugPanic,
}

/// The component.
pub struct ScalingCalc {
    state: ScalingState,
    shell: Shell<ScalingStep>,
    report: Result<Report, String>,
    fmt: IntlFormat,
    connector: usize,
    canvas: NodeRef,
    text_cache: TextCache,
    visible: bool,
    chart_dirty: bool,
    /// Whether the chart's data table is open (rendered only then).
    table_open: bool,
    /// The pinned state "A" and its report, drawn over the chart for an A/B comparison.
    pinned: Option<(ScalingState, Rc<Report>)>,
    /// The chart's height for its current width and texts (names wrapped on a phone), in CSS
    /// px, once the chart has been laid out; `None` before the first draw.
    fitted_height: Option<u32>,
    /// Where the parameter rows send changes (made once, not on every render).
    on_param: Callback<ParamChange>,
    /// The canvas' laid-out width in CSS px, read once and kept until the element is resized
    /// or the layout changes (reading it after every input would force a layout mid-update).
    canvas_width_css: Option<f64>,
}

/// Rows of the lag series in the chart's data table (sampled evenly; the CSV has them all).
const TABLE_ROWS: usize = 25;

impl ScalingCalc {
    fn lang(&self) -> Lang {
        self.state.lang
    }

    fn recompute(&mut self) {
        self.report = self.state.report().map_err(|e| e.to_string());
        self.shell.state_dirty = true;
        self.chart_dirty = true;
    }

    /// Rebuilds the state of the player's current step from the preset (so going back
    /// restores it exactly), keeping this widget's language, theme and height.
    fn show_step(&mut self) {
        let Some(player) = &self.shell.player else {
            return;
        };
        match scaling_state_at(player.script, player.step) {
            Ok(mut state) => {
                state.lang = self.state.lang;
                state.theme = self.state.theme;
                state.height_px = self.state.height_px;
                self.state = state;
                self.connector = 0;
                self.recompute();
            }
            Err(problem) => self.shell.step_failed(problem),
        }
    }

    /// A question waits for its answer: the results stay veiled.
    fn veiled(&self) -> bool {
        self.shell.awaiting_answer()
    }

    fn chart_data(&self, report: &Report) -> wal_charts::ScalingChartData {
        let lang = self.lang();
        let ml = stext::model_lang(lang);
        let nf = &self.fmt;
        let stages = report
            .stages
            .iter()
            .map(|s| wal_charts::StageBar {
                label: s.label.get(ml).to_owned(),
                capacity: s.capacity_events_per_s,
                throughput: s.throughput_events_per_s,
                binding: s.id == report.binding.stage_id,
                value_text: format!(
                    "{} / {}",
                    nf.decimal(s.throughput_events_per_s, 0),
                    stext::events_per_s(s.capacity_events_per_s, nf)
                ),
            })
            .collect();
        let lag: Vec<(u64, u64)> = report
            .lag_series
            .iter()
            .map(|p| {
                (
                    p.t_s,
                    p.source_lag_events.saturating_add(p.consumer_lag_events),
                )
            })
            .collect();
        let end = lag.last().map_or(0, |&(t, _)| t);
        let step = if end > 2 * 86_400 { 86_400 } else { 6 * 3600 };
        let time_labels = (0..=end / step)
            .map(|i| {
                let t = i * step;
                (
                    t,
                    widget_core::format_instant_ms(t.saturating_mul(1000), lang),
                )
            })
            .collect();
        let max = report.lag.max_end_to_end_lag_events;
        let lag_max_label = if max == 0 {
            tr(lang, "Отставания нет", "No lag").to_owned()
        } else {
            format!(
                "{} {}",
                tr(lang, "макс.", "max"),
                stext::events_count(max as f64, nf)
            )
        };
        wal_charts::ScalingChartData {
            stages,
            input: report.throughput.input_events_per_s,
            input_label: format!(
                "{} {}",
                tr(lang, "вход", "input"),
                stext::events_per_s(report.throughput.input_events_per_s, nf)
            ),
            lag,
            lag_title: tr(
                lang,
                "Отставание, событий (за сутки)",
                "Lag, events (over the day)",
            )
            .to_owned(),
            lag_max_label,
            time_labels,
        }
    }

    fn chart_height_css(&self) -> u32 {
        let stages = self.report.as_ref().map_or(0, |r| r.stages.len());
        self.state
            .height_px
            .or(self.fitted_height)
            .unwrap_or_else(|| wal_charts::scaling_chart_height_css(stages))
    }

    /// After a resize of the element: whether the canvas still has the laid-out width the
    /// chart was drawn for (and the backing store the device pixel ratio asks for). The loader
    /// observes the whole element, whose height changes with an input's text (the constraint
    /// sentence, the table): those resizes need no second drawing in the same frame. Read in
    /// the resize observer's turn, after layout, so it forces none. Never in the presenter
    /// view, whose free height changes with each step.
    fn canvas_keeps_width(&self) -> bool {
        let (Some(width_css), Some(canvas)) = (
            self.canvas_width_css,
            self.canvas.cast::<HtmlCanvasElement>(),
        ) else {
            return false;
        };
        let width_px = (width_css * controls::device_pixel_ratio()).round() as u32;
        !self.shell.presenter
            && f64::from(canvas.client_width()) == width_css
            && canvas.width() == width_px
    }

    /// Draws the chart, first giving the canvas the height its width needs (a phone wraps the
    /// stage names onto more rows). That height is set on the element here, in the same frame,
    /// so nothing below the chart jumps; the view writes the same `style` from then on.
    fn draw(&mut self) {
        let Ok(report) = &self.report else {
            return;
        };
        let Some(canvas) = self.canvas.cast::<HtmlCanvasElement>() else {
            return;
        };
        let css_width = match self.canvas_width_css {
            Some(width) => width,
            None => f64::from(canvas.client_width()),
        };
        if css_width < 10.0 {
            // Not laid out yet (hidden): measure again next time.
            self.canvas_width_css = None;
            return;
        }
        self.canvas_width_css = Some(css_width);
        let data = self.chart_data(report);
        if !self.shell.presenter && self.state.height_px.is_none() {
            let fitted = wal_charts::scaling_chart_height_css_at(&data, css_width);
            if self.fitted_height != Some(fitted) {
                self.fitted_height = Some(fitted);
                let _ = canvas.set_attribute("style", &canvas_style(fitted));
            }
        }
        let dpr = controls::device_pixel_ratio();
        let width_px = (css_width * dpr).round() as u32;
        // Normally drawn at its own height; in the presenter view the canvas takes the free
        // height (CSS flex) and is drawn at exactly that size, with larger type, so labels stay
        // readable on a projector instead of being scaled down with the picture.
        // The chart's rows are laid out in proportion to the type size, so the type grows only
        // as far as the free height allows (up to 1.35×) and the picture always fits.
        let natural_css = f64::from(self.chart_height_css());
        // Only the presenter view's height is the layout's (not cached: the player panel above
        // the chart changes it); otherwise the chart's own height, without reading the layout.
        let laid_out_height = if self.shell.presenter {
            f64::from(canvas.client_height())
        } else {
            0.0
        };
        let (height_css, type_scale) = match laid_out_height {
            h if self.shell.presenter && h >= 10.0 => {
                (h, (h / natural_css.max(1.0)).clamp(0.6, 1.35))
            }
            _ => (natural_css, 1.0),
        };
        let height_px = (height_css * dpr).round() as u32;
        let Some(context) = controls::sized_context(&canvas, width_px, height_px) else {
            return;
        };
        let theme = if self.shell.presenter {
            wal_charts::ChartTheme::Projector
        } else if controls::is_dark(self.state.theme) {
            wal_charts::ChartTheme::Dark
        } else {
            wal_charts::ChartTheme::Light
        };
        let style = wal_charts::ChartStyle::new(theme, dpr * type_scale);
        let backend = CanvasBackend::new(context, width_px, height_px, &self.text_cache);
        let root = backend.into_drawing_area();
        let drawn = match &self.pinned {
            Some((_, a)) => {
                let baseline = self.chart_data(a);
                wal_charts::draw_scaling_chart_compared(&root, &data, &style, &baseline, "A")
            }
            None => wal_charts::draw_scaling_chart(&root, &data, &style),
        };
        if let Err(e) = drawn {
            web_sys::console::warn_1(&JsValue::from_str(&format!("chart: {e}")));
        }
        self.chart_dirty = false;
    }

    fn connector_text(&self) -> String {
        match &self.report {
            Ok(r) => r
                .connector_configs
                .get(self.connector)
                .or_else(|| r.connector_configs.first())
                .map(stext::connector_json)
                .unwrap_or_default(),
            Err(_) => String::new(),
        }
    }
}

impl Component for ScalingCalc {
    type Message = Msg;
    type Properties = ScalingCalcProps;

    fn create(ctx: &Context<Self>) -> Self {
        let props = ctx.props();
        panic::set_current(&props.host);
        let state = props.initial.clone();
        let mut this = Self {
            fmt: IntlFormat::new(state.lang),
            state,
            shell: Shell::new(props.problems.clone(), ctx.link().callback(Msg::Shell)),
            report: Err(String::new()),
            connector: 0,
            canvas: NodeRef::default(),
            text_cache: TextCache::default(),
            // Off-screen until the loader's visibility observer says otherwise (it reports every
            // element once it is observed): a widget below the fold draws nothing until it is
            // scrolled into view (tests/browser/offscreen.test.mjs).
            visible: false,
            chart_dirty: true,
            table_open: false,
            pinned: None,
            fitted_height: None,
            canvas_width_css: None,
            on_param: ctx.link().callback(|(k, v, t)| Msg::Param(k, v, t)),
        };
        this.recompute();
        // The chart's height for the width it will get, before the first paint (Yew calls
        // `rendered`, where the canvas is measured, only after the browser has painted once).
        if this.state.height_px.is_none() {
            let width = guess_canvas_width(f64::from(props.host.client_width()));
            if let (Ok(report), Some(width)) = (&this.report, width) {
                let data = this.chart_data(report);
                this.fitted_height = Some(wal_charts::scaling_chart_height_css_at(&data, width));
            }
        }
        this
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        panic::set_current(&ctx.props().host);
        match msg {
            Msg::Param(key, value, _) => {
                match self.state.set(key, value) {
                    Ok(()) => self.recompute(),
                    // Refused: say why; the re-render puts the control back (Yew compares an
                    // input's value with the DOM's).
                    Err(problem) => self.shell.problem(problem),
                }
                true
            }
            Msg::ResetParams => {
                self.state.params.reset_all();
                self.recompute();
                true
            }
            Msg::Preset(name) => {
                match self.state.set_preset(&name) {
                    Ok(()) => {
                        self.connector = 0;
                        self.recompute();
                    }
                    Err(problem) => self.shell.problem(problem),
                }
                true
            }
            Msg::Connector(i) => {
                self.connector = i;
                self.shell.copied = None;
                true
            }
            Msg::Copy => {
                let text = self.connector_text();
                self.shell.copy_text(text);
                false
            }
            Msg::CopyLink => {
                let id = &ctx.props().id;
                self.shell.copy_link(id, &self.state.to_query(id));
                false
            }
            Msg::Shell(msg) => {
                match self.shell.update(msg, &ctx.props().host, scaling_script) {
                    After::Render(render) => return render,
                    After::Relayout => self.canvas_width_css = None,
                    After::ShowStep => self.show_step(),
                }
                self.chart_dirty = true;
                true
            }
            Msg::Resize if self.canvas_keeps_width() => false,
            Msg::Resize | Msg::Redraw => {
                self.canvas_width_css = None;
                self.chart_dirty = true;
                true
            }
            Msg::Visible(visible) => {
                self.visible = visible;
                if visible {
                    self.canvas_width_css = None;
                }
                visible && self.chart_dirty
            }
            Msg::Export(kind) => {
                self.export(kind);
                false
            }
            Msg::DataTable(open) => {
                let changed = self.table_open != open;
                self.table_open = open;
                changed
            }
            Msg::TogglePinA => {
                self.pinned = match (&self.pinned, &self.report) {
                    (None, Ok(report)) => Some((self.state.clone(), Rc::new(report.clone()))),
                    _ => None,
                };
                self.chart_dirty = true;
                true
            }
            Msg::LagToWal => {
                self.lag_to_wal(ctx);
                false
            }
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
        if self.visible && self.chart_dirty {
            self.draw();
        }
        let props = ctx.props();
        let state = &self.state;
        self.shell.rendered(
            self.report.is_ok(),
            &|| state.to_query(&props.id),
            &props.on_state,
        );
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        panic::set_current(&ctx.props().host);
        let lang = self.lang();
        let body = match &self.report {
            Ok(report) => self.view_body(ctx, report),
            Err(message) => html! { <p class="problems" role="alert">{ message.clone() }</p> },
        };
        let content = html! {
            <>
                { self.view_head(ctx) }
                <div class="head-tools instructor">
                    { self.shell.instructor_tools(scaling_scripts_for(self.state.preset), lang) }
                </div>
                { self.shell.view_player(lang) }
                { self.shell.view_problems(lang) }
                { body }
            </>
        };
        self.shell
            .frame(Some("scaling"), self.state.theme, lang, None, content)
    }
}

impl ScalingCalc {
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
        html! {
            <div class="head">
                <h3 class="title">{ tr(lang, "Калькулятор масштабирования коннекторов", "Connector scaling calculator") }</h3>
                <div class="head-tools">
                    <select aria-label={tr(lang, "Сценарий", "Scenario")} {onchange}>
                        { for widget_core::scaling::SCALING_PRESET_NAMES.iter().map(|&name| html! {
                            <option value={name} selected={name == self.state.preset}>{ name }</option>
                        }) }
                    </select>
                    <button type="button" onclick={markup::click(link, || Msg::CopyLink)}
                        title={tr(lang, "Скопировать ссылку на это состояние", "Copy a link to this state")}>
                        { tr(lang, "Ссылка", "Link") }
                    </button>
                </div>
            </div>
        }
    }

    fn view_body(&self, ctx: &Context<Self>, report: &Report) -> Html {
        let lang = self.lang();
        let nf: &dyn NumberFormat = &self.fmt;
        let verdict = if self.veiled() {
            html! {
                <p class="takeaway hidden-result">{ tr(lang, "Результат скрыт, пока не выбран ответ.", "The result stays hidden until an answer is chosen.") }</p>
            }
        } else {
            html! {
                <>
                    <p class="takeaway binding" aria-live="polite">{ stext::binding_sentence(report, nf) }</p>
                    <p class="help-now">{ stext::what_would_help(report, lang) }</p>
                    { for stext::tasks_notes(report, lang).into_iter().map(|n| html! { <p class="note tasks-note">{ n }</p> }) }
                </>
            }
        };
        if self.shell.presenter {
            return html! {
                <>
                    { verdict }
                    { self.view_stages(ctx, report) }
                </>
            };
        }
        html! {
            <>
                { verdict }
                { self.view_compare(report) }
                <div class="cols">
                    <div>
                        { self.view_stages(ctx, report) }
                        { self.view_data_table(ctx, report) }
                        { controls::export_row(lang,
                            tr(lang, "Этапы и ряд отставания (CSV)", "The stages and the lag series (CSV)"),
                            tr(lang, "Состояние и сводка расчёта (JSON)", "The state and a summary of the result (JSON)"),
                            &ctx.link().callback(Msg::Export)) }
                        { self.view_lag(report) }
                        { self.view_lag_to_wal(ctx, report) }
                    </div>
                    <div>{ self.view_controls(ctx) }</div>
                </div>
                { self.view_comparison(report) }
                <p class="muted calibration">{ stext::calibration_note(report, nf) }</p>
                { self.view_configs(ctx, report) }
            </>
        }
    }

    fn view_stages(&self, ctx: &Context<Self>, report: &Report) -> Html {
        let lang = self.lang();
        let pin = (!self.shell.presenter).then(|| html! {
            <button type="button" class="pin-a" aria-pressed={markup::bool_text(self.pinned.is_some())}
                onclick={markup::click(ctx.link(), || Msg::TogglePinA)}
                title={tr(lang, "Закрепить текущее состояние как A и сравнивать с ним изменения (B)", "Pin the current state as A and compare your changes (B) with it")}>
                { if self.pinned.is_some() { tr(lang, "Убрать A", "Unpin A") } else { tr(lang, "Закрепить как A", "Pin as A") } }
            </button>
        });
        let ml = stext::model_lang(lang);
        let height = canvas_style(self.chart_height_css());
        html! {
            <div class={if self.veiled() { "panel stages veiled" } else { "panel stages" }} aria-hidden={self.veiled().then_some("true")}>
                <h4>{ tr(lang, "Пропускная способность по этапам (пик) и отставание", "Throughput per stage (peak) and lag") }</h4>
                <canvas ref={self.canvas.clone()} style={height} role="img"
                    aria-label={stext::binding_sentence(report, &self.fmt)}>
                    { for report.stages.iter().map(|s| {
                        let binding = s.id == report.binding.stage_id;
                        html! {
                            <div class={if binding { "stage binding" } else { "stage" }} data-stage={s.id.clone()}>
                                { format!("{}: {} / {}", s.label.get(ml),
                                    stext::events_per_s(s.throughput_events_per_s, &self.fmt),
                                    stext::events_per_s(s.capacity_events_per_s, &self.fmt)) }
                            </div>
                        }
                    }) }
                </canvas>
                <p class="muted">{ tr(lang,
                    "Светлая полоса — предел этапа, тёмная — сколько он пропускает на пике; вертикальная черта — вход; красным — узкое место.",
                    "Light bar: the stage's limit; dark: what it passes at the peak; the vertical line: the input; red: the binding stage.") }
                    if self.pinned.is_some() {
                        { tr(lang, " Пунктир «A» — предел этапа и отставание закреплённого состояния.", " Dashed \"A\": the pinned state's stage limit and lag.") }
                    }
                </p>
                { pin }
            </div>
        }
    }

    /// A/B: what differs between the pinned state A and the current state B — the parameters
    /// (the WAL widget's [`widget_core::compare::param_diffs`]), then the outcomes.
    fn view_compare(&self, report: &Report) -> Html {
        let Some((a_state, a_report)) = &self.pinned else {
            return html! {};
        };
        if self.veiled() {
            return html! {};
        }
        let lang = self.lang();
        let params = scompare::scaling_param_diffs(a_state, &self.state, &self.fmt);
        let rows = scompare::scaling_outcomes(a_report, report, &self.fmt);
        html! {
            <div class="panel compare" aria-live="polite">
                <h4>{ tr(lang, "Сравнение: A (закреплено, пунктир) → B (сейчас)", "Comparison: A (pinned, dashed) → B (now)") }</h4>
                if a_state.preset != self.state.preset {
                    <p class="muted">{ format!("{}: {} → {}", tr(lang, "Сценарий", "Scenario"), a_state.preset, self.state.preset) }</p>
                }
                if params.is_empty() {
                    <p class="muted">{ tr(lang, "Параметры совпадают: измените что-нибудь.", "Same parameters: change something.") }</p>
                } else {
                    <ul class="diff-params">{ for params.into_iter().map(|d| html! { <li>{ d }</li> }) }</ul>
                }
                <table class="row" role="table">
                    <tr role="row"><td class="corner"></td><th role="columnheader" scope="col">{ "A" }</th><th role="columnheader" scope="col">{ "B" }</th></tr>
                    { for rows.into_iter().map(|row| html! {
                        <tr role="row" class={row.changed().then_some("changed")}>
                            <th role="rowheader" scope="row">{ row.name }</th><td role="cell">{ row.a }</td><td role="cell">{ row.b }</td>
                        </tr>
                    }) }
                </table>
            </div>
        }
    }

    /// Lag → WAL: what the lag does to the slot's retained WAL, in the WAL simulator's numbers,
    /// the simplification in a sentence, and a link that opens the simulator with that state —
    /// the one on this page if there is one (the click becomes [`Msg::LagToWal`]), otherwise the
    /// playground (`data-playground-url`).
    fn view_lag_to_wal(&self, ctx: &Context<Self>, report: &Report) -> Html {
        let lang = self.lang();
        let Some(link) = to_wal::lag_to_wal(report) else {
            return html! {};
        };
        let href = link.playground_href(&ctx.props().playground_url);
        let onclick = ctx.link().batch_callback(|e: MouseEvent| {
            if wal_sim_on_page().is_some() {
                e.prevent_default();
                Some(Msg::LagToWal)
            } else {
                None
            }
        });
        html! {
            <div class={if self.veiled() { "panel lag-to-wal veiled" } else { "panel lag-to-wal" }} aria-hidden={self.veiled().then_some("true")}>
                <h4>{ tr(lang, "Отставание → WAL", "Lag → WAL") }</h4>
                <p class="wal-summary">{ link.summary(&self.fmt) }</p>
                <p class="muted wal-simplification">{ to_wal::explanation(&link, &self.fmt) }</p>
                <a class="button primary open-wal" href={href} {onclick}>
                    { tr(lang, "Показать в симуляторе WAL", "Show in the WAL simulator") }
                </a>
            </div>
        }
    }

    /// Sends the lag's WAL state to the `<cdc-wal-sim>` on this page, or opens the playground.
    fn lag_to_wal(&self, ctx: &Context<Self>) {
        let Ok(report) = &self.report else {
            return;
        };
        let Some(link) = to_wal::lag_to_wal(report) else {
            return;
        };
        let note = to_wal::explanation(&link, &self.fmt);
        let shown = wal_sim_on_page()
            .is_some_and(|target| show_in_wal_sim(&target, &link.query(""), &note));
        if !shown {
            let href = link.playground_href(&ctx.props().playground_url);
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&href);
            }
        }
    }

    fn view_lag(&self, report: &Report) -> Html {
        let lang = self.lang();
        let lag = &report.lag;
        let max_lag = self.fmt.decimal(lag.max_end_to_end_lag_events as f64, 0);
        let lag_age = widget_core::format_duration_ms(
            (lag.max_end_to_end_lag_s * 1000.0).max(0.0) as u64,
            &self.fmt,
        );
        let latency =
            widget_core::format_duration_ms(report.latency.delivery_ms.max(0.0) as u64, &self.fmt);
        html! {
            <div class={if self.veiled() { "panel lag veiled" } else { "panel lag" }} aria-hidden={self.veiled().then_some("true")}>
                <h4>{ tr(lang, "Отставание и задержка", "Lag and latency") }</h4>
                <ul>
                    <li data-k="max-lag">{ format!("{}: {max_lag} ({lag_age})", tr(lang, "Максимальное отставание, событий", "Max lag, events")) }</li>
                    <li data-k="drain">{ stext::drain_text(report, &self.fmt) }</li>
                    <li data-k="latency">{ format!("{}: {latency}", tr(lang, "Задержка доставки без очереди", "Delivery latency without backlog")) }</li>
                </ul>
            </div>
        }
    }

    fn view_controls(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang();
        html! {
            <div class="controls">
                { for Group::SCALING.iter().map(|group| {
                    let basic: Vec<_> = SCALING_PARAMS.iter().filter(|p| p.group == *group && !p.advanced).collect();
                    let advanced: Vec<_> = SCALING_PARAMS.iter().filter(|p| p.group == *group && p.advanced).collect();
                    let row = |spec: &&'static widget_core::ParamSpec| {
                        let spec: &'static widget_core::ParamSpec = spec;
                        let value = self.state.params.get(spec.key).unwrap_or(spec.fallback);
                        let changed = self.state.params.is_overridden(spec.key);
                        controls::param_control(spec, value, changed, lang, &self.fmt, &self.on_param)
                    };
                    html! {
                        <details class="group" open=true>
                            <summary>{ group.label(lang) }</summary>
                            { for basic.iter().map(row) }
                            if !advanced.is_empty() {
                                <details class="advanced" open={advanced.iter().any(|p| self.state.params.is_overridden(p.key))}>
                                    <summary>{ ui(Ui::Advanced, lang) }</summary>
                                    { for advanced.iter().map(row) }
                                </details>
                            }
                        </details>
                    }
                }) }
                <button type="button" onclick={markup::click(ctx.link(), || Msg::ResetParams)}>
                    { tr(lang, "Вернуть значения сценария", "Back to the scenario's values") }
                </button>
            </div>
        }
    }

    fn view_comparison(&self, report: &Report) -> Html {
        let lang = self.lang();
        let ml = stext::model_lang(lang);
        let [h0, h1, h2, h3, h4] = stext::comparison_headers(lang);
        html! {
            <div class={if self.veiled() { "panel comparison veiled" } else { "panel comparison" }} aria-hidden={self.veiled().then_some("true")}>
                <h4>{ tr(lang, "Что изменилось бы", "What each option would change") }</h4>
                // A table on wide screens; on a phone each variant becomes a card of
                // "header: value" lines (CSS, data-label). The explicit roles keep it a table
                // for screen readers when CSS changes the cells' display.
                <table role="table">
                    <thead role="rowgroup"><tr role="row">
                        <th role="columnheader" scope="col">{h0}</th><th role="columnheader" scope="col">{h1}</th>
                        <th role="columnheader" scope="col">{h2}</th><th role="columnheader" scope="col">{h3}</th>
                        <th role="columnheader" scope="col">{h4}</th>
                    </tr></thead>
                    <tbody role="rowgroup">
                        { for report.comparison.iter().map(|row| html! {
                            <tr role="row" data-variant={row.id.clone()}>
                                <th role="rowheader" scope="row">{ row.title.get(ml).to_owned() }</th>
                                <td role="cell" data-label={h1}>{ stext::events_per_s(row.max_sustainable_input_events_per_s, &self.fmt) }</td>
                                <td role="cell" data-label={h2}>{ row.binding.label.get(ml).to_owned() }</td>
                                <td role="cell" data-label={h3}>{ self.fmt.decimal(row.max_lag_events as f64, 0) }</td>
                                <td role="cell" data-label={h4}>{ row.tasks_running.to_string() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        }
    }

    fn view_configs(&self, ctx: &Context<Self>, report: &Report) -> Html {
        let lang = self.lang();
        let link = ctx.link();
        let copied = self.shell.copied_text(lang);
        html! {
            <div class="panel configs">
                <div class="tabs" role="tablist">
                    { for report.connector_configs.iter().enumerate().map(|(i, c)| html! {
                        <button type="button" role="tab" aria-selected={markup::bool_text(i == self.connector)}
                            onclick={link.callback(move |_| Msg::Connector(i))}>{ c.name.clone() }</button>
                    }) }
                </div>
                <pre class="config" tabindex="0" aria-label={tr(lang, "JSON коннектора", "The connector's JSON")}><code>{ self.connector_text() }</code></pre>
                <div class="copy-row">
                    <button type="button" class="primary copy" onclick={markup::click(link, || Msg::Copy)}>
                        { tr(lang, "Копировать", "Copy") }
                    </button>
                    <span class="copied" aria-live="polite">{ copied }</span>
                </div>
            </div>
        }
    }

    fn export(&self, kind: ExportKind) {
        let Ok(report) = &self.report else {
            return;
        };
        controls::export_file(
            kind,
            &self.canvas,
            &format!("scaling-{}", self.state.preset),
            &|| widget_core::export::scaling_csv(report),
            &|| widget_core::export::scaling_json(&self.state, report, self.lang()),
        );
    }

    /// The chart's content as tables (a text alternative for screen readers): the stages
    /// (capacity, output, binding) and up to [`TABLE_ROWS`] points of the lag series sampled
    /// evenly, rendered only while the `<details>` is open and no question veils the result.
    fn view_data_table(&self, ctx: &Context<Self>, report: &Report) -> Html {
        let lang = self.lang();
        let ml = stext::model_lang(lang);
        let nf = &self.fmt;
        let ontoggle = ctx.link().callback(|e: Event| {
            Msg::DataTable(
                e.target_dyn_into::<web_sys::HtmlDetailsElement>()
                    .is_some_and(|d| d.open()),
            )
        });
        let show = self.table_open && !self.veiled();
        let rows = if show {
            widget_core::export::sample_indices(report.lag_series.len(), TABLE_ROWS)
        } else {
            Vec::new()
        };
        html! {
            <details class="chart-data" open={self.table_open} {ontoggle}>
                <summary>{ tr(lang, "Таблица данных графика", "Chart data as a table") }</summary>
                if show {
                    <div class="scroll-x" tabindex="0" role="region" aria-label={tr(lang, "Этапы на пике", "Stages at the peak")}>
                    <table class="data stages-data">
                        <caption>{ tr(lang, "Этапы на пике", "Stages at the peak") }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ tr(lang, "Этап", "Stage") }</th>
                                <th scope="col">{ tr(lang, "Предел", "Capacity") }</th>
                                <th scope="col">{ tr(lang, "Пропускает", "Output") }</th>
                                <th scope="col">{ tr(lang, "Узкое место", "Binding") }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for report.stages.iter().map(|s| {
                                let binding = s.id == report.binding.stage_id;
                                html! {
                                    <tr data-stage={s.id.clone()} class={binding.then_some("binding")}>
                                        <th scope="row">{ s.label.get(ml).to_owned() }</th>
                                        <td>{ stext::events_per_s(s.capacity_events_per_s, nf) }</td>
                                        <td>{ stext::events_per_s(s.throughput_events_per_s, nf) }</td>
                                        <td>{ if binding { tr(lang, "да", "yes") } else { tr(lang, "нет", "no") } }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    </div>
                    <div class="scroll-x" tabindex="0" role="region" aria-label={tr(lang, "Отставание, событий", "Lag, events")}>
                    <table class="data lag-data">
                        <caption>{ tr(lang,
                            "Отставание, событий; не больше 25 строк, весь ряд — в CSV",
                            "Lag, events; at most 25 rows, the whole series is in the CSV") }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ tr(lang, "Время", "Time") }</th>
                                <th scope="col">{ tr(lang, "У коннекторов", "At the connectors") }</th>
                                <th scope="col">{ tr(lang, "В Kafka", "In Kafka") }</th>
                                <th scope="col">{ tr(lang, "Всего", "Total") }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for rows.iter().filter_map(|&i| report.lag_series.get(i)).map(|p| html! {
                                <tr>
                                    <th scope="row">{ widget_core::format_instant_ms(p.t_s.saturating_mul(1000), lang) }</th>
                                    <td>{ nf.decimal(p.source_lag_events as f64, 0) }</td>
                                    <td>{ nf.decimal(p.consumer_lag_events as f64, 0) }</td>
                                    <td>{ nf.decimal(p.source_lag_events.saturating_add(p.consumer_lag_events) as f64, 0) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    </div>
                }
            </details>
        }
    }
}

/// The chart canvas' CSS width in a widget `host_width` wide, from widget.css: `.w` border 1 +
/// padding 16 each side, `.panel` border 1 + padding 12, and above a 720 px container the
/// `.cols` grid's first column (1.25 of 2.25 after the 14 px gap). Only a first guess, so the
/// first paint has the right height; [`ScalingCalc::draw`] measures the canvas itself.
fn guess_canvas_width(host_width: f64) -> Option<f64> {
    let inner = host_width - 34.0;
    let column = if inner > 720.0 {
        (inner - 14.0) * 1.25 / 2.25
    } else {
        inner
    };
    let canvas = column - 26.0;
    (canvas >= 10.0).then_some(canvas)
}

/// The chart canvas' `style` at a height in CSS px.
fn canvas_style(height_css: u32) -> String {
    format!("height:{height_css}px;width:100%")
}

/// The first `<cdc-wal-sim>` of the page, if any.
/// Asks the `<cdc-wal-sim>` element `target` to show `state` with `note`: a cancelable
/// `cdc-wal-sim-show` event (detail `{ query, note }`, the state as un-namespaced query text)
/// that the loader forwards to the simulator's module and cancels to say "shown". The widgets
/// live in separate WebAssembly modules, so this goes through the DOM. False if nobody took it.
fn show_in_wal_sim(target: &web_sys::Element, pairs: &[(String, String)], note: &str) -> bool {
    let detail = js_sys::Object::new();
    let query = url_state::encode(pairs);
    let _ = js_sys::Reflect::set(&detail, &"query".into(), &JsValue::from_str(&query));
    let _ = js_sys::Reflect::set(&detail, &"note".into(), &JsValue::from_str(note));
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    init.set_cancelable(true);
    match web_sys::CustomEvent::new_with_event_init_dict("cdc-wal-sim-show", &init) {
        // dispatch_event is false when a listener called preventDefault (the loader did).
        Ok(event) => target
            .dispatch_event(&event)
            .is_ok_and(|delivered| !delivered),
        Err(_) => false,
    }
}

fn wal_sim_on_page() -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("cdc-wal-sim").ok().flatten())
}
