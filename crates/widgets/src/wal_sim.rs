//! `<cdc-wal-sim>`: the WAL / replication-slot / heartbeat simulator of lesson 05.
//!
//! A Yew component with a small closed [`Msg`] set. State is widget-core's [`WalState`] (the
//! same data as the permalink); every change runs `WalState::scenario` → validate →
//! [`wal_model::simulate`] and redraws the chart with [`wal_charts::draw_wal_chart`]. The view
//! only lays out what the pure crates computed: the slot row, ETAs, the event log and the
//! generated configuration all come from `wal-model` and `widget-core`.

use std::rc::Rc;

use js_sys::Function;
use plotters::prelude::IntoDrawingArea;
use wal_model::{EtaTarget, RawScenario, Report, Scenario};
use wasm_bindgen::JsValue;
use web_sys::{HtmlCanvasElement, HtmlElement};
use widget_core::params::{ParamSpec, ParamValue, WAL_PARAMS};
use widget_core::steps::Step;
use widget_core::text::{ui, Ui};
use widget_core::{Lang, Problem, WalState};
use yew::prelude::*;

use crate::canvas::{CanvasBackend, TextCache};
use crate::controls::{self, now_ms, tr, ExportKind, ParamChange};
use crate::intl::IntlFormat;
use crate::shell::{After, Shell, ShellMsg};
use crate::{markup, panic, shell};

/// Default chart height in CSS px (`data-height` overrides it).
const CHART_HEIGHT_PX: u32 = 340;
/// Series buckets over the whole chart (the model's default; more when zoomed in).
const SERIES_POINTS: i64 = 720;
/// Events listed before and after the cursor.
const LOG_BEFORE: usize = 5;
const LOG_AFTER: usize = 3;
/// The `pg_replication_slots` columns shown (the monitoring query's), plus `retained_wal`.
const SLOT_COLUMNS: &[&str] = &[
    "slot_name",
    "active",
    "restart_lsn",
    "confirmed_flush_lsn",
    "wal_status",
    "safe_wal_size",
    "retained_wal",
];

/// Properties: the host element, its id (URL namespace), the parsed initial state.
#[derive(Properties, PartialEq)]
pub struct WalSimProps {
    host: HtmlElement,
    id: String,
    initial: WalState,
    problems: Vec<Problem>,
    chart_height_px: u32,
    on_state: Function,
}

impl WalSimProps {
    /// Parses the element's attributes, then the last good state (after a remount) or the
    /// page URL (first mount), into the initial state and the problems found on the way.
    pub fn new(
        host: HtmlElement,
        id: String,
        attributes: &[(String, String)],
        last_state: Option<String>,
        on_state: Function,
    ) -> Self {
        let (base, mut problems) = widget_core::from_attributes(shell::attribute_pairs(attributes));
        let pairs = shell::initial_pairs(last_state);
        let (initial, url_problems) = WalState::from_query(&base, &pairs, &id);
        problems.extend(url_problems);
        let chart_height_px = initial.height_px.unwrap_or(CHART_HEIGHT_PX);
        Self {
            host,
            id,
            initial,
            problems,
            chart_height_px,
            on_state,
        }
    }
}

/// What the user (or the loader) asks for.
pub enum Msg {
    /// A control changed a parameter (`started_ms`: `performance.now()` at the input event).
    Param(&'static str, ParamValue, f64),
    /// Back to the preset's values.
    ResetParams,
    /// Another preset.
    Preset(String),
    /// Move the time cursor.
    Cursor(u64),
    /// Keyboard on the chart.
    Key(String, bool),
    /// Pointer on the chart (x in CSS px from the canvas' left edge).
    PointerDown(f64),
    /// Pointer moved (only while dragging).
    PointerMove(f64),
    /// Pointer released.
    PointerUp,
    /// Zoom in around the cursor.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Show the whole scenario.
    ZoomReset,
    /// Which configuration text to show.
    Tab(ConfigTab),
    /// Copy the shown configuration text.
    Copy,
    /// Copy a link that restores this state.
    CopyLink,
    /// Problems, clipboard, presenter view and the instructor player ([`crate::shell`]).
    Shell(ShellMsg),
    /// The element changed size.
    Resize,
    /// The element entered or left the viewport.
    Visible(bool),
    /// The page's colour scheme changed.
    ThemeChanged,
    /// Pin the current state as "A" for an A/B comparison (or unpin it).
    TogglePinA,
    /// Another widget (the calculator's lag → WAL) shows a state here, with a note on what
    /// it simplifies; the simulator scrolls into view and focuses its chart.
    Show(Box<WalState>, String),
    /// Download the chart, the series or the state.
    Export(ExportKind),
    /// The chart's data table was opened or closed.
    DataTable(bool),
    /// Test builds: panic inside update.
    #[cfg(feature = "debug-panic")]
    DebugPanic,
}

/// The configuration tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ConfigTab {
    /// `postgresql.conf` lines.
    Postgres,
    /// The Debezium connector JSON.
    Connector,
    /// Kafka Connect worker properties (`offset.flush.interval.ms` is a worker setting).
    Worker,
    /// The slot-monitoring query.
    Sql,
}

/// Rows of the chart's data table (sampled evenly; the CSV has every bucket).
const TABLE_ROWS: usize = 48;

/// The simulation result for the current state.
struct Simulation {
    /// The scenario as written (for the generated configuration).
    raw: RawScenario,
    scenario: Scenario,
    report: Rc<Report>,
}

/// The component.
pub struct WalSim {
    state: WalState,
    shell: Shell<Step>,
    sim: Result<Simulation, String>,
    view_from_ms: u64,
    view_to_ms: u64,
    dragging: bool,
    geometry: Option<wal_charts::ChartGeometry>,
    canvas: NodeRef,
    text_cache: TextCache,
    fmt: IntlFormat,
    visible: bool,
    chart_dirty: bool,
    tab: ConfigTab,
    input_started_ms: Option<f64>,
    chart_height_px: u32,
    model_ms: f64,
    draw_ms: f64,
    /// The chart's data table is open (its rows are rendered only then).
    table_open: bool,
    /// The pinned state "A" and its report, drawn over the chart for an A/B comparison.
    pinned: Option<(WalState, Rc<Report>)>,
    /// A note from the widget that sent the state (lag → WAL), shown above the chart.
    shown_note: Option<String>,
    /// Scroll into view and focus the chart after the next render.
    focus_chart: bool,
    /// Where the parameter rows send changes (made once, not on every render).
    on_param: Callback<ParamChange>,
    /// The configuration panel's tab buttons and copy button (made once, like `on_param`).
    on_tab: Callback<ConfigTab>,
    on_copy: Callback<MouseEvent>,
    /// The canvas' laid-out size in CSS px, read once and kept until the element is resized
    /// (reading it after every input would force a layout in the middle of the update).
    canvas_css: Option<(f64, f64)>,
}

fn simulate(state: &WalState, series_points: i64) -> Result<Simulation, String> {
    let (raw, scenario) = state
        .validated_with_points(series_points)
        .map_err(|e| e.to_string())?;
    let report = Rc::new(wal_model::simulate(&scenario));
    Ok(Simulation {
        raw,
        scenario,
        report,
    })
}

impl WalSim {
    fn lang(&self) -> Lang {
        self.state.lang
    }

    fn dark(&self) -> bool {
        controls::is_dark(self.state.theme)
    }

    fn duration_ms(&self) -> u64 {
        self.sim.as_ref().map_or(0, |s| s.report.duration_ms)
    }

    fn cursor_ms(&self) -> u64 {
        let d = self.duration_ms();
        self.state.cursor_ms.unwrap_or(d).min(d)
    }

    /// Series buckets for the current zoom: the preset's 720 over the whole scenario, more
    /// when zoomed in so the visible window keeps about as many buckets as the whole chart.
    fn series_points(&self) -> i64 {
        let duration = self.state.duration_ms().max(1);
        let window = self.view_to_ms.saturating_sub(self.view_from_ms);
        if window == 0 || window >= duration {
            return SERIES_POINTS;
        }
        let points = u128::from(duration) * SERIES_POINTS as u128 / u128::from(window);
        i64::try_from(points).unwrap_or(i64::MAX)
    }

    /// Recomputes the model; keeps the zoom window when it still fits.
    fn recompute(&mut self) {
        self.sim = simulate(&self.state, self.series_points());
        let d = self.duration_ms();
        if self.view_to_ms > d || self.view_to_ms <= self.view_from_ms {
            self.view_from_ms = 0;
            self.view_to_ms = d;
        }
        self.chart_dirty = true;
        self.shell.state_dirty = true;
    }

    fn set_cursor(&mut self, t_ms: u64) -> bool {
        let t = t_ms.min(self.duration_ms());
        if self.state.cursor_ms == Some(t) {
            return false;
        }
        self.state.cursor_ms = Some(t);
        self.chart_dirty = true;
        self.shell.state_dirty = true;
        true
    }

    fn cursor_from_x(&mut self, x_css: f64) -> bool {
        let dpr = controls::device_pixel_ratio();
        match self.geometry {
            Some(g) => {
                let t = g.x_to_ms(x_css * dpr);
                self.set_cursor(t)
            }
            None => false,
        }
    }

    /// One keyboard step: a pixel column of the chart (or 1/200 of the window).
    fn step_ms(&self) -> u64 {
        let window = self.view_to_ms.saturating_sub(self.view_from_ms);
        let columns = self
            .geometry
            .map_or(200, |g| (g.plot_right_px - g.plot_left_px).max(1) as u64);
        (window / columns).max(1)
    }

    fn zoom(&mut self, factor_num: u64, factor_den: u64) {
        let d = self.duration_ms();
        let window = self.view_to_ms.saturating_sub(self.view_from_ms);
        let new_window = (window.saturating_mul(factor_num) / factor_den).clamp(60_000.min(d), d);
        let centre = self.cursor_ms();
        let from = centre.saturating_sub(new_window / 2);
        let to = from.saturating_add(new_window).min(d);
        self.view_from_ms = to.saturating_sub(new_window);
        self.view_to_ms = to;
        // Finer series for the new window (the chart draws at most one point per column).
        self.recompute();
    }

    /// Rebuilds the state of the player's current step from the preset (so going back
    /// restores it exactly), keeping this widget's language, theme and height.
    fn show_step(&mut self) {
        let Some(player) = &self.shell.player else {
            return;
        };
        match widget_core::steps::state_at(player.script, player.step) {
            Ok(mut state) => {
                state.lang = self.state.lang;
                state.theme = self.state.theme;
                state.height_px = self.state.height_px;
                let window = player.current().and_then(|s| s.window);
                self.state = state;
                match window {
                    Some(w) => {
                        self.view_from_ms = w.from_ms;
                        self.view_to_ms = w.to_ms;
                    }
                    None => {
                        self.view_from_ms = 0;
                        self.view_to_ms = 0;
                    }
                }
                self.recompute();
            }
            Err(problem) => self.shell.step_failed(problem),
        }
    }

    fn zoom_reset(&mut self) {
        self.view_from_ms = 0;
        self.view_to_ms = self.duration_ms();
        self.recompute();
    }

    /// After a resize of the element: whether the canvas still has the laid-out size the
    /// chart was drawn for (and the backing store the device pixel ratio asks for). Read in
    /// the resize observer's turn, after layout, so it forces none. Never in the presenter
    /// view, whose free height changes with each step.
    fn canvas_keeps_size(&self) -> bool {
        let (Some((width_css, height_css)), Some(canvas)) =
            (self.canvas_css, self.canvas.cast::<HtmlCanvasElement>())
        else {
            return false;
        };
        let now = (
            f64::from(canvas.client_width()),
            f64::from(canvas.client_height()),
        );
        let width_px = (width_css * controls::device_pixel_ratio()).round() as u32;
        !self.shell.presenter && now == (width_css, height_css) && canvas.width() == width_px
    }

    fn draw(&mut self) {
        let Ok(sim) = &self.sim else {
            return;
        };
        let Some(canvas) = self.canvas.cast::<HtmlCanvasElement>() else {
            return;
        };
        // Cached outside the presenter view (there the player panel above the chart changes
        // the free height with every step).
        let (css_width, laid_out_height) = match self.canvas_css {
            Some(size) if !self.shell.presenter => size,
            _ => {
                let size = (
                    f64::from(canvas.client_width()),
                    f64::from(canvas.client_height()),
                );
                self.canvas_css = Some(size);
                size
            }
        };
        if css_width < 10.0 {
            // Not laid out yet (hidden): measure again next time.
            self.canvas_css = None;
            return;
        }
        let dpr = controls::device_pixel_ratio();
        // The laid-out height (presenter view stretches the canvas with CSS).
        let height_css = match laid_out_height {
            h if h >= 10.0 => h,
            _ => f64::from(self.chart_height_px),
        };
        let width_px = (css_width * dpr).round() as u32;
        let height_px = (height_css * dpr).round() as u32;
        let Some(context) = controls::sized_context(&canvas, width_px, height_px) else {
            return;
        };
        let theme = if self.shell.presenter {
            wal_charts::ChartTheme::Projector
        } else if self.dark() {
            wal_charts::ChartTheme::Dark
        } else {
            wal_charts::ChartTheme::Light
        };
        // Presenter view: larger type and thicker lines for a shared screen.
        let scale = if self.shell.presenter {
            dpr * 1.35
        } else {
            dpr
        };
        let style = wal_charts::ChartStyle::new(theme, scale);
        let fmt = &self.fmt;
        let lang = self.state.lang;
        let format_bytes = |b: u64| widget_core::format_bytes(b, fmt);
        let format_time = |t: u64| widget_core::format_instant_ms(t, lang);
        let slot_label = |name: &str| match lang {
            Lang::Ru => format!("удерживает слот {name}"),
            Lang::En => format!("retained by slot {name}"),
        };
        let text = match lang {
            Lang::Ru => wal_charts::ChartText::russian(&format_bytes, &format_time, &slot_label),
            Lang::En => wal_charts::ChartText::english(&format_bytes, &format_time, &slot_label),
        };
        let view = wal_charts::ChartView {
            from_ms: self.view_from_ms,
            to_ms: self.view_to_ms,
            cursor_ms: Some(self.cursor_ms()),
        };
        let backend = CanvasBackend::new(context, width_px, height_px, &self.text_cache);
        let root = backend.into_drawing_area();
        let drawn = match &self.pinned {
            Some((_, baseline)) => wal_charts::draw_wal_chart_compared(
                &root,
                &sim.report,
                &sim.scenario,
                &view,
                &style,
                &text,
                baseline,
                "A",
            ),
            None => {
                wal_charts::draw_wal_chart(&root, &sim.report, &sim.scenario, &view, &style, &text)
            }
        };
        match drawn {
            Ok(geometry) => self.geometry = Some(geometry),
            Err(e) => web_sys::console::warn_1(&JsValue::from_str(&format!("chart: {e}"))),
        }
        self.chart_dirty = false;
    }
}

impl Component for WalSim {
    type Message = Msg;
    type Properties = WalSimProps;

    fn create(ctx: &Context<Self>) -> Self {
        let props = ctx.props();
        panic::set_current(&props.host);
        let state = props.initial.clone();
        let mut this = Self {
            fmt: IntlFormat::new(state.lang),
            state,
            shell: Shell::new(props.problems.clone(), ctx.link().callback(Msg::Shell)),
            sim: Err(String::new()),
            view_from_ms: 0,
            view_to_ms: 0,
            dragging: false,
            geometry: None,
            canvas: NodeRef::default(),
            text_cache: TextCache::default(),
            // Off-screen until the loader's visibility observer says otherwise (it reports every
            // element once it is observed): a widget below the fold draws nothing until it is
            // scrolled into view (tests/browser/offscreen.test.mjs).
            visible: false,
            chart_dirty: true,
            tab: ConfigTab::Postgres,
            input_started_ms: None,
            chart_height_px: props.chart_height_px,
            model_ms: 0.0,
            draw_ms: 0.0,
            table_open: false,
            pinned: None,
            shown_note: None,
            focus_chart: false,
            on_param: ctx.link().callback(|(k, v, t)| Msg::Param(k, v, t)),
            on_tab: ctx.link().callback(Msg::Tab),
            on_copy: markup::click(ctx.link(), || Msg::Copy),
            canvas_css: None,
        };
        this.recompute();
        this
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        panic::set_current(&ctx.props().host);
        match msg {
            Msg::Param(key, value, started_ms) => {
                match self.state.params.set(key, value) {
                    Ok(()) => {
                        self.input_started_ms = Some(started_ms);
                        let t0 = now_ms();
                        self.recompute();
                        self.model_ms = now_ms() - t0;
                    }
                    Err(problem) => {
                        // Refused (a rule between parameters): say why; the re-render puts
                        // the control back (Yew compares an input's value with the DOM's).
                        self.shell.problem(problem);
                    }
                }
                true
            }
            Msg::ResetParams => {
                self.shown_note = None;
                self.state.params.reset_all();
                self.recompute();
                true
            }
            Msg::Preset(name) => {
                self.shown_note = None;
                match self.state.set_preset(&name) {
                    Ok(()) => {
                        self.view_from_ms = 0;
                        self.view_to_ms = 0;
                        self.recompute();
                    }
                    Err(problem) => self.shell.problem(problem),
                }
                true
            }
            Msg::Cursor(t) => self.set_cursor(t),
            Msg::Key(key, shift) => {
                let step = self.step_ms() * if shift { 10 } else { 1 };
                let cursor = self.cursor_ms();
                match key.as_str() {
                    "ArrowLeft" | "ArrowDown" => self.set_cursor(cursor.saturating_sub(step)),
                    "ArrowRight" | "ArrowUp" => self.set_cursor(cursor.saturating_add(step)),
                    "PageDown" => self.set_cursor(cursor.saturating_sub(step * 20)),
                    "PageUp" => self.set_cursor(cursor.saturating_add(step * 20)),
                    "Home" => self.set_cursor(self.view_from_ms),
                    "End" => self.set_cursor(self.view_to_ms),
                    "+" | "=" => {
                        self.zoom(1, 2);
                        true
                    }
                    "-" | "_" => {
                        self.zoom(2, 1);
                        true
                    }
                    "0" => {
                        self.zoom_reset();
                        true
                    }
                    _ => false,
                }
            }
            Msg::PointerDown(x) => {
                self.dragging = true;
                self.cursor_from_x(x)
            }
            Msg::PointerMove(x) => self.dragging && self.cursor_from_x(x),
            Msg::PointerUp => {
                self.dragging = false;
                false
            }
            Msg::ZoomIn => {
                self.zoom(1, 2);
                true
            }
            Msg::ZoomOut => {
                self.zoom(2, 1);
                true
            }
            Msg::ZoomReset => {
                self.zoom_reset();
                true
            }
            Msg::Tab(tab) => {
                self.tab = tab;
                self.shell.copied = None;
                true
            }
            Msg::Copy => {
                let text = match &self.sim {
                    Ok(sim) => config_text(&sim.raw, self.tab),
                    Err(_) => String::new(),
                };
                self.shell.copy_text(text);
                false
            }
            Msg::CopyLink => {
                let id = &ctx.props().id;
                self.shell.copy_link(id, &self.state.to_query(id));
                false
            }
            Msg::Shell(msg) => {
                match self
                    .shell
                    .update(msg, &ctx.props().host, widget_core::steps::script)
                {
                    After::Render(render) => return render,
                    After::Relayout => self.canvas_css = None,
                    After::ShowStep => self.show_step(),
                }
                self.chart_dirty = true;
                true
            }
            Msg::Resize => {
                // The loader observes the whole element, whose height changes with an input's
                // text (event log, slot rows): redraw only when the canvas' own size changed.
                if self.canvas_keeps_size() {
                    return false;
                }
                self.canvas_css = None;
                self.chart_dirty = true;
                true
            }
            Msg::Visible(visible) => {
                self.visible = visible;
                if visible {
                    self.canvas_css = None;
                }
                visible && self.chart_dirty
            }
            Msg::ThemeChanged => {
                self.chart_dirty = true;
                true
            }
            Msg::Show(state, note) => {
                let mut state = *state;
                state.lang = self.state.lang;
                state.theme = self.state.theme;
                state.height_px = self.state.height_px;
                self.state = state;
                self.shell.player = None;
                self.view_from_ms = 0;
                self.view_to_ms = 0;
                self.shown_note = Some(note);
                self.focus_chart = true;
                self.recompute();
                true
            }
            Msg::TogglePinA => {
                self.pinned = match (&self.pinned, &self.sim) {
                    (None, Ok(sim)) => Some((self.state.clone(), Rc::clone(&sim.report))),
                    _ => None,
                };
                self.chart_dirty = true;
                true
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
        if std::mem::take(&mut self.focus_chart) {
            ctx.props().host.scroll_into_view();
            if let Some(canvas) = self.canvas.cast::<HtmlElement>() {
                let _ = canvas.focus();
            }
        }
        if self.visible && self.chart_dirty {
            let t0 = now_ms();
            self.draw();
            self.draw_ms = now_ms() - t0;
        }
        // Once the state rendered fine, it is the last good state for a remount.
        let props = ctx.props();
        let state = &self.state;
        self.shell.rendered(
            self.sim.is_ok(),
            &|| state.to_query(&props.id),
            &props.on_state,
        );
        if let Some(started) = self.input_started_ms.take() {
            // Timings for the browser benchmark (tests/browser/bench.mjs): input → redrawn and
            // reported (all this input's work), and the model's and the chart's shares of it.
            let host = ctx.props().host.as_ref();
            let elapsed = now_ms() - started;
            let _ = js_sys::Reflect::set(host, &"__cdcLastUpdateMs".into(), &elapsed.into());
            let _ = js_sys::Reflect::set(host, &"__cdcModelMs".into(), &self.model_ms.into());
            let _ = js_sys::Reflect::set(host, &"__cdcDrawMs".into(), &self.draw_ms.into());
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        panic::set_current(&ctx.props().host);
        let lang = self.lang();
        let body = match &self.sim {
            Ok(sim) => self.view_body(ctx, sim),
            Err(message) => html! {
                <p class="problems" role="alert">{ message.clone() }</p>
            },
        };
        let content = html! {
            <>
                { self.view_head(ctx) }
                { self.shell.view_problems(lang) }
                { self.shell.view_player(lang) }
                { body }
            </>
        };
        self.shell
            .frame(None, self.state.theme, lang, None, content)
    }
}

impl WalSim {
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
        let title = widget_core::text::preset_title(self.state.preset, lang).unwrap_or_default();
        let description =
            widget_core::text::preset_description(self.state.preset, lang).unwrap_or_default();
        html! {
            <div class="head">
                <h3 class="title">{ title }</h3>
                <div class="head-tools">
                    <label>
                        <span class="sr-only">{ tr(lang, "Сценарий", "Scenario") }</span>
                        <select aria-label={tr(lang, "Сценарий", "Scenario")} {onchange}>
                            { for widget_core::presets::PRESET_NAMES.iter().map(|&name| html! {
                                <option value={name} selected={name == self.state.preset}>
                                    { widget_core::text::preset_title(name, lang).unwrap_or_else(|| name.to_owned()) }
                                </option>
                            }) }
                        </select>
                    </label>
                    <details class="about">
                        <summary>{ tr(lang, "О сценарии", "About this scenario") }</summary>
                        <p class="desc">{ description }</p>
                    </details>
                    { self.shell.instructor_tools(widget_core::steps::scripts_for(self.state.preset), lang) }
                    <button type="button" onclick={markup::click(link, || Msg::CopyLink)}
                        title={tr(lang, "Скопировать ссылку на это состояние", "Copy a link to this state")}>
                        { tr(lang, "Ссылка", "Link") }
                    </button>
                </div>
            </div>
        }
    }

    fn view_body(&self, ctx: &Context<Self>, sim: &Simulation) -> Html {
        let lang = self.lang();
        let link = ctx.link();
        let cursor = self.cursor_ms();
        let report = &sim.report;
        let takeaway = widget_core::text::takeaway(report, 0, cursor, &self.fmt);
        let cursor_text = widget_core::format_instant_ms(cursor, lang);
        let onpointerdown = link.callback(|e: PointerEvent| {
            if let Some(target) = e.target_dyn_into::<web_sys::Element>() {
                let _ = target.set_pointer_capture(e.pointer_id());
            }
            Msg::PointerDown(f64::from(e.offset_x()))
        });
        let onpointermove =
            link.callback(|e: PointerEvent| Msg::PointerMove(f64::from(e.offset_x())));
        let onpointerup = link.callback(|_: PointerEvent| Msg::PointerUp);
        let stepping = self.shell.player.is_some();
        let onkeydown = link.batch_callback(move |e: KeyboardEvent| {
            let key = e.key();
            // While a script runs, PageUp/PageDown are the clicker's: let them reach the
            // widget's step handler.
            if stepping && matches!(key.as_str(), "PageUp" | "PageDown") {
                return None;
            }
            let handled = matches!(
                key.as_str(),
                "ArrowLeft"
                    | "ArrowRight"
                    | "ArrowUp"
                    | "ArrowDown"
                    | "Home"
                    | "End"
                    | "PageUp"
                    | "PageDown"
                    | "+"
                    | "="
                    | "-"
                    | "_"
                    | "0"
            );
            if handled {
                e.prevent_default();
                Some(Msg::Key(key, e.shift_key()))
            } else {
                None
            }
        });
        let height = format!("height:{}px", self.chart_height_px);
        let hide_result = self.shell.awaiting_answer();
        html! {
            <>
                if hide_result {
                    <p class="takeaway hidden-result">{ tr(lang, "Результат скрыт, пока не выбран ответ.", "The result stays hidden until an answer is chosen.") }</p>
                } else {
                    <p class="takeaway" aria-live="polite">{ takeaway.clone() }</p>
                }
                if let Some(note) = &self.shown_note {
                    <p class="note from-calc">{ note.clone() }</p>
                }
                <div class={if hide_result { "chart-box veiled" } else { "chart-box" }}>
                    <canvas ref={self.canvas.clone()} style={height} tabindex="0" role="slider"
                        aria-label={tr(lang, "Время на графике: стрелки двигают курсор, + и − меняют масштаб",
                            "Chart time: arrows move the cursor, + and − zoom")}
                        aria-valuemin="0" aria-valuemax={report.duration_ms.to_string()}
                        aria-valuenow={cursor.to_string()} aria-valuetext={cursor_text.clone()}
                        {onpointerdown} {onpointermove} {onpointerup} {onkeydown}>
                        { takeaway }
                    </canvas>
                </div>
                <div class="chart-tools">
                    <span>{ tr(lang, "Курсор: ", "Cursor: ") }<span class="cursor-time">{ cursor_text }</span></span>
                    <button type="button" onclick={markup::click(link, || Msg::ZoomIn)} aria-label={tr(lang, "Приблизить", "Zoom in")}>{ "+" }</button>
                    <button type="button" onclick={markup::click(link, || Msg::ZoomOut)} aria-label={tr(lang, "Отдалить", "Zoom out")}>{ "−" }</button>
                    <button type="button" onclick={markup::click(link, || Msg::ZoomReset)}>{ tr(lang, "Весь сценарий", "Whole scenario") }</button>
                    <button type="button" class="pin-a" aria-pressed={markup::bool_text(self.pinned.is_some())}
                        onclick={markup::click(link, || Msg::TogglePinA)}
                        title={tr(lang, "Закрепить текущее состояние как A и сравнивать с ним изменения (B)", "Pin the current state as A and compare your changes (B) with it")}>
                        { if self.pinned.is_some() { tr(lang, "Убрать A", "Unpin A") } else { tr(lang, "Закрепить как A", "Pin as A") } }
                    </button>
                    <span class="muted">{ tr(lang, "← → двигают курсор, Shift — быстрее", "← → move the cursor, Shift = faster") }</span>
                </div>
                { self.view_data_table(ctx, report) }
                { controls::export_row(lang,
                    tr(lang, "Временные ряды графика (CSV)", "The chart's time series (CSV)"),
                    tr(lang, "Состояние и отчёт в момент курсора (JSON)", "The state and the report at the cursor (JSON)"),
                    &link.callback(Msg::Export)) }
                <div class="cols">
                    <div>
                        { self.view_compare(report, cursor) }
                        { self.view_slot_rows(report, cursor) }
                        { self.view_etas(report, cursor) }
                        { self.view_log(ctx, report, cursor) }
                    </div>
                    <div>
                        { self.view_controls(ctx, sim) }
                    </div>
                </div>
                { self.view_configs(sim) }
            </>
        }
    }

    /// A/B: what differs between the pinned state A and the current state B — the parameters,
    /// then the outcomes at the cursor (retained WAL, `wal_status`, time to disk full / lost).
    fn view_compare(&self, report: &Report, cursor: u64) -> Html {
        let Some((a_state, a_report)) = &self.pinned else {
            return html! {};
        };
        let lang = self.lang();
        let nf = &self.fmt;
        let params = widget_core::compare::param_diffs(
            WAL_PARAMS,
            |k| a_state.params.get(k),
            |k| self.state.params.get(k),
            nf,
        );
        let retained = |r: &Report| {
            r.slot_row(0, cursor)
                .and_then(|row| row.retained_bytes)
                .map_or_else(|| "NULL".to_owned(), |b| widget_core::format_bytes(b, nf))
        };
        let status = |r: &Report| {
            r.wal_status_at(0, cursor)
                .map_or("NULL", |s| s.as_str())
                .to_owned()
        };
        let eta = |r: &Report, target: EtaTarget| {
            widget_core::text::describe_eta(&r.eta(0, target, cursor), target, nf)
        };
        let outcomes = [
            (
                tr(lang, "удерживаемый WAL", "retained WAL"),
                retained(a_report),
                retained(report),
            ),
            ("wal_status", status(a_report), status(report)),
            (
                tr(lang, "до заполнения диска", "until the disk is full"),
                eta(a_report, EtaTarget::DiskFull),
                eta(report, EtaTarget::DiskFull),
            ),
            (
                tr(lang, "до wal_status = lost", "until wal_status = lost"),
                eta(a_report, EtaTarget::Lost),
                eta(report, EtaTarget::Lost),
            ),
        ];
        html! {
            <div class="panel compare" aria-live="polite">
                <h4>{ tr(lang, "Сравнение: A (закреплено, пунктир) → B (сейчас)", "Comparison: A (pinned, dashed) → B (now)") }</h4>
                if params.is_empty() {
                    <p class="muted">{ tr(lang, "Параметры совпадают: измените что-нибудь.", "Same parameters: change something.") }</p>
                } else {
                    <ul class="diff-params">{ for params.into_iter().map(|d| html! { <li>{ d }</li> }) }</ul>
                }
                <table class="row" role="table">
                    <tr role="row"><td class="corner"></td><th role="columnheader" scope="col">{ "A" }</th><th role="columnheader" scope="col">{ "B" }</th></tr>
                    { for outcomes.into_iter().map(|(name, a, b)| {
                        let changed = a != b;
                        html! {
                            <tr role="row" class={changed.then_some("changed")}>
                                <th role="rowheader" scope="row">{ name }</th><td role="cell">{ a }</td><td role="cell">{ b }</td>
                            </tr>
                        }
                    }) }
                </table>
            </div>
        }
    }

    fn view_slot_rows(&self, report: &Report, cursor: u64) -> Html {
        let lang = self.lang();
        html! {
            <div class="panel">
                <h4>{ tr(lang, "pg_replication_slots в момент курсора", "pg_replication_slots at the cursor") }</h4>
                { for (0..report.slots.len()).map(|i| {
                    match report.slot_row(i, cursor) {
                        Some(row) => html! {
                            <table class="row" data-slot={row.slot_name.clone()}>
                                { for widget_core::text::slot_row_cells(&row, report.pg_version)
                                    .into_iter()
                                    .filter(|c| SLOT_COLUMNS.contains(&c.column))
                                    .map(|c| {
                                        let value = c.value.unwrap_or_else(|| "NULL".to_owned());
                                        let title = widget_core::text::slot_column_help(c.column, lang).unwrap_or_default();
                                        let shown = if c.column == "wal_status" {
                                            html! { <span class={format!("status {value}")}>{ value }</span> }
                                        } else {
                                            html! { value }
                                        };
                                        html! {
                                            <tr><th scope="row" title={title}>{ c.column }</th><td data-col={c.column}>{ shown }</td></tr>
                                        }
                                    }) }
                            </table>
                        },
                        None => html! {
                            <p class="muted">{ format!("{}: {}", report.slots.get(i).map_or("", |s| s.name.as_str()), ui(Ui::NoSlot, lang)) }</p>
                        },
                    }
                }) }
                <p class="muted sql">{ format!("pg_current_wal_lsn() = {}", wal_model::Lsn(report.current_lsn_at(cursor))) }</p>
            </div>
        }
    }

    fn view_etas(&self, report: &Report, cursor: u64) -> Html {
        let lang = self.lang();
        // With their `data-eta` names (the variants' names, without Debug formatting).
        let targets = [
            (EtaTarget::Warning, "Warning"),
            (EtaTarget::Critical, "Critical"),
            (EtaTarget::Lost, "Lost"),
            (EtaTarget::DiskFull, "DiskFull"),
        ];
        html! {
            <div class="panel">
                <h4>{ tr(lang, "Сколько осталось (от курсора)", "Time left (from the cursor)") }</h4>
                <ul class="etas">
                    { for targets.iter().map(|&(target, name)| {
                        let eta = report.eta(0, target, cursor);
                        let label = widget_core::text::eta_label(target, report, &self.fmt);
                        html! { <li data-eta={name}>{ format!("{label}: {}", widget_core::text::describe_eta(&eta, target, &self.fmt)) }</li> }
                    }) }
                </ul>
            </div>
        }
    }

    fn view_log(&self, ctx: &Context<Self>, report: &Report, cursor: u64) -> Html {
        let lang = self.lang();
        let after = report.events.partition_point(|e| e.t_ms <= cursor);
        let start = after.saturating_sub(LOG_BEFORE);
        let shown = report
            .events
            .iter()
            .enumerate()
            .skip(start)
            .take(LOG_BEFORE + LOG_AFTER);
        html! {
            <div class="panel">
                <h4>{ tr(lang, "Журнал событий рядом с курсором", "Event log around the cursor") }</h4>
                if report.events.is_empty() {
                    <p class="muted">{ tr(lang, "Событий нет.", "No events.") }</p>
                }
                <ol class="log">
                    { for shown.map(|(i, event)| {
                        let class = if i + 1 == after { "at" } else if i < after { "past" } else { "future" };
                        let t = event.t_ms;
                        html! {
                            <li class={class}>
                                <button type="button" class="t" onclick={ctx.link().callback(move |_| Msg::Cursor(t))}>
                                    { widget_core::format_instant_ms(t, lang) }
                                </button>
                                { widget_core::text::describe_event(event, report, &self.fmt) }
                            </li>
                        }
                    }) }
                </ol>
            </div>
        }
    }

    fn view_controls(&self, ctx: &Context<Self>, _sim: &Simulation) -> Html {
        let lang = self.lang();
        let groups = widget_core::Group::ALL;
        html! {
            <div class="controls">
                { for groups.iter().map(|group| {
                    let basic: Vec<&'static ParamSpec> =
                        WAL_PARAMS.iter().filter(|p| p.group == *group && !p.advanced).collect();
                    let advanced: Vec<&'static ParamSpec> =
                        WAL_PARAMS.iter().filter(|p| p.group == *group && p.advanced).collect();
                    let advanced_changed = advanced.iter().any(|p| self.state.params.is_overridden(p.key));
                    html! {
                        <details class="group" open={!basic.is_empty()}>
                            <summary>{ group.label(lang) }</summary>
                            { for basic.iter().map(|spec| self.view_param(spec)) }
                            if !advanced.is_empty() {
                                <details class="advanced" open={advanced_changed || basic.is_empty()}>
                                    <summary>{ ui(Ui::Advanced, lang) }</summary>
                                    { for advanced.iter().map(|spec| self.view_param(spec)) }
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

    fn view_param(&self, spec: &'static ParamSpec) -> Html {
        let value = self.state.params.get(spec.key).unwrap_or(spec.fallback);
        let changed = self.state.params.is_overridden(spec.key);
        controls::param_control(spec, value, changed, self.lang(), &self.fmt, &self.on_param)
    }

    fn view_configs(&self, sim: &Simulation) -> Html {
        config_panel(
            &sim.raw,
            self.tab,
            self.lang(),
            self.shell.copied,
            &self.on_tab,
            &self.on_copy,
        )
    }
}

/// The generated configuration text of a tab.
fn config_text(raw: &RawScenario, tab: ConfigTab) -> String {
    match tab {
        ConfigTab::Postgres => widget_core::configs::postgresql_conf(raw),
        ConfigTab::Connector => widget_core::configs::connector_json(raw),
        ConfigTab::Worker => widget_core::configs::worker_properties(raw),
        ConfigTab::Sql => widget_core::configs::monitoring_sql().to_owned(),
    }
}

/// The configuration panel: tabs for postgresql.conf, the connector JSON, the worker
/// properties and the monitoring SQL, the text of the chosen one and its copy button.
fn config_panel(
    raw: &RawScenario,
    tab: ConfigTab,
    lang: Lang,
    copied: Option<Result<&'static str, ()>>,
    on_tab: &Callback<ConfigTab>,
    on_copy: &Callback<MouseEvent>,
) -> Html {
    let tab_button = |this: ConfigTab, label: &'static str| {
        html! {
            <button type="button" role="tab" aria-selected={markup::bool_text(tab == this)}
                onclick={on_tab.reform(move |_| this)}>{ label }</button>
        }
    };
    let copied = shell::copied_text(copied, lang);
    html! {
        <div class="panel configs">
            <div class="tabs" role="tablist">
                { tab_button(ConfigTab::Postgres, "postgresql.conf") }
                { tab_button(ConfigTab::Connector, tr(lang, "коннектор (JSON)", "connector (JSON)")) }
                { tab_button(ConfigTab::Worker, tr(lang, "воркер Kafka Connect", "Kafka Connect worker")) }
                { tab_button(ConfigTab::Sql, tr(lang, "мониторинг (SQL)", "monitoring (SQL)")) }
            </div>
            <pre class="config" tabindex="0" aria-label={tr(lang, "Текст настроек", "The configuration text")}><code>{ config_text(raw, tab) }</code></pre>
            if tab == ConfigTab::Connector {
                { for widget_core::configs::connector_notes(raw, lang).into_iter().map(|note| html! { <p class="note">{ note }</p> }) }
            }
            <div class="copy-row">
                <button type="button" class="primary copy" onclick={on_copy.clone()}>
                    { tr(lang, "Копировать", "Copy") }
                </button>
                <span class="copied" aria-live="polite">{ copied }</span>
            </div>
        </div>
    }
}

impl WalSim {
    fn export(&self, kind: ExportKind) {
        let Ok(sim) = &self.sim else {
            return;
        };
        controls::export_file(
            kind,
            &self.canvas,
            &format!("wal-{}", self.state.preset),
            &|| widget_core::export::series_csv(&sim.report),
            &|| {
                widget_core::export::state_json(
                    &self.state,
                    &sim.report,
                    self.cursor_ms(),
                    &self.fmt,
                )
            },
        );
    }

    /// The chart's content as a table (a text alternative for screen readers): up to
    /// [`TABLE_ROWS`] buckets sampled evenly, rendered only while the `<details>` is open.
    fn view_data_table(&self, ctx: &Context<Self>, report: &Report) -> Html {
        let lang = self.lang();
        let ontoggle = ctx.link().callback(|e: Event| {
            Msg::DataTable(
                e.target_dyn_into::<web_sys::HtmlDetailsElement>()
                    .is_some_and(|d| d.open()),
            )
        });
        let rows = if self.table_open {
            widget_core::export::sample_indices(report.series.len(), TABLE_ROWS)
        } else {
            Vec::new()
        };
        let fmt = &self.fmt;
        html! {
            <details class="chart-data" open={self.table_open} {ontoggle}>
                <summary>{ tr(lang, "Таблица данных графика", "Chart data as a table") }</summary>
                if self.table_open {
                    <div class="scroll-x" tabindex="0" role="region" aria-label={tr(lang, "Таблица данных графика", "Chart data as a table")}>
                    <table class="data">
                        <caption>{ tr(lang,
                            "Максимум за интервал; не больше 48 строк, все интервалы — в CSV",
                            "Maximum over each interval; at most 48 rows, every interval is in the CSV") }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ tr(lang, "Время", "Time") }</th>
                                <th scope="col">{ "pg_wal" }</th>
                                { for report.slots.iter().map(|slot| html! {
                                    <>
                                        <th scope="col">{ match lang {
                                            Lang::Ru => format!("удерживает {}", slot.name),
                                            Lang::En => format!("retained by {}", slot.name),
                                        } }</th>
                                        <th scope="col">{ format!("wal_status {}", slot.name) }</th>
                                    </>
                                }) }
                            </tr>
                        </thead>
                        <tbody>
                            { for rows.iter().filter_map(|&i| report.series.get(i)).map(|point| html! {
                                <tr>
                                    <th scope="row">{ widget_core::format_instant_ms(point.to_ms, lang) }</th>
                                    <td>{ widget_core::format_bytes(point.pg_wal_bytes.max, fmt) }</td>
                                    { for (0..report.slots.len()).map(|s| {
                                        let slot = point.slots.get(s);
                                        let retained = slot
                                            .and_then(|p| p.retained_bytes)
                                            .map_or_else(|| "—".to_owned(), |r| widget_core::format_bytes(r.max, fmt));
                                        let status = slot
                                            .and_then(|p| p.status)
                                            .map_or("—", |st| st.as_str());
                                        html! { <><td>{ retained }</td><td>{ status }</td></> }
                                    }) }
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
