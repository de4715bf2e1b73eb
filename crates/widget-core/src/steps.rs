//! Instructor scenario steps for `<cdc-wal-sim>`: a [`Script`] is an ordered list of
//! [`Step`]s for one preset, in the manner of "The Secret Lives of Data" — each step says one
//! new thing (Russian and English narration), changes a few parameters, puts the time cursor
//! somewhere (optionally zooming the chart to a [`Window`]) and may ask a predict-first
//! [`Question`] whose explanation is revealed after a choice.
//!
//! ## The model
//! * A step's `changes` are **relative to the previous step**: `(key, value)` pairs with keys
//!   from [`crate::WAL_PARAMS`], applied in order with [`crate::WalParams::set`], so exactly
//!   the rules of the sliders, attributes and links apply (range, step grid, choice values,
//!   the rules between parameters). Setting a parameter back to the preset's value drops the
//!   override, as a slider does.
//! * A step's cursor is its own ([`Cursor::At`] ms, or [`Cursor::End`]); it is not inherited.
//! * **The state of step `k` is rebuilt from the preset** by applying steps `0..=k` in order
//!   ([`state_at`]). Nothing is undone or patched: going back to step 2 after step 4 (or after
//!   a student moved a slider) gives exactly the state step 2 had, whatever path led there,
//!   and a step's permalink ([`permalink`]) is a pure function of the script and the index.
//!   A simulation is cheap next to a click, so rebuilding costs nothing visible.
//! * [`validate`] walks the whole script once and returns every [`Problem`] (unknown key,
//!   refused value, cursor or window outside the scenario, a question without 2–4 choices or
//!   with an answer index out of range, empty text). Messages name the script and the step
//!   **counted from 1**, as an instructor reads them ("шаг 3" = index 2), then the key and
//!   the quoted value. `tests/steps.rs` validates every shipped script, so a script naming a
//!   parameter that no longer exists fails the test suite, not the class.
//!
//! Scripts are Rust statics of `&'static str` (no JSON parser reaches the browser bundle);
//! [`scripts_for`] finds the ones for a preset, [`script`] one by id.

use crate::lang::Lang;
use crate::params::ParamValue;
use crate::problem::Problem;
use crate::state::WalState;

/// Where a step puts the time cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    /// Milliseconds since the scenario start (must not be past its end).
    At(u64),
    /// The end of the scenario (whatever the duration is at this step).
    End,
}

/// A chart window to zoom to, ms since the scenario start (`from_ms < to_ms ≤ duration`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Left edge.
    pub from_ms: u64,
    /// Right edge.
    pub to_ms: u64,
}

/// One answer of a predict-first question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// Russian label.
    pub label_ru: &'static str,
    /// English label.
    pub label_en: &'static str,
}

impl Choice {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.label_ru, self.label_en)
    }
}

/// A predict-first question: asked before the outcome is discussed; the explanation is
/// revealed after a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// Russian prompt.
    pub prompt_ru: &'static str,
    /// English prompt.
    pub prompt_en: &'static str,
    /// 2 to 4 choices.
    pub choices: &'static [Choice],
    /// Index of the right choice in `choices`.
    pub answer: usize,
    /// Russian explanation.
    pub explanation_ru: &'static str,
    /// English explanation.
    pub explanation_en: &'static str,
}

impl Question {
    /// The prompt in `lang`.
    pub fn prompt(&self, lang: Lang) -> &'static str {
        lang.pick(self.prompt_ru, self.prompt_en)
    }

    /// The explanation in `lang`.
    pub fn explanation(&self, lang: Lang) -> &'static str {
        lang.pick(self.explanation_ru, self.explanation_en)
    }

    /// True if `choice` is the right answer.
    pub fn is_right(&self, choice: usize) -> bool {
        choice == self.answer
    }
}

/// One step of a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Short Russian title.
    pub title_ru: &'static str,
    /// Short English title.
    pub title_en: &'static str,
    /// Russian narration: one new idea, "вы" voice, identifiers in English.
    pub narration_ru: &'static str,
    /// English narration.
    pub narration_en: &'static str,
    /// Parameter changes relative to the previous step, applied in order.
    pub changes: &'static [(&'static str, ParamValue)],
    /// Where the cursor goes.
    pub cursor: Cursor,
    /// The chart window to zoom to (`None`: the whole scenario).
    pub window: Option<Window>,
    /// A predict-first question.
    pub question: Option<Question>,
}

impl Step {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title_ru, self.title_en)
    }

    /// The narration in `lang`.
    pub fn narration(&self, lang: Lang) -> &'static str {
        lang.pick(self.narration_ru, self.narration_en)
    }
}

/// What the step player needs from a step of any widget's script: its texts and its
/// question. [`Step`] (the WAL widget) and
/// [`ScalingStep`](crate::scaling::steps::ScalingStep) implement it, so one player view and
/// one validation of texts and questions serve both.
pub trait Narrated {
    /// Short title in `lang`.
    fn title(&self, lang: Lang) -> &'static str;
    /// Narration in `lang`.
    fn narration(&self, lang: Lang) -> &'static str;
    /// The predict-first question, if any.
    fn question(&self) -> Option<&Question>;
    /// Every text of the step (titles, narrations), for the empty-text check.
    fn texts(&self) -> [&'static str; 4];
}

/// [`Narrated`] for a step type with the fields `title_ru`, `title_en`, `narration_ru`,
/// `narration_en` and `question` (every widget's step type has them): one definition for
/// [`Step`], [`ScalingStep`](crate::scaling::steps::ScalingStep) and
/// [`DrStep`](crate::dr::steps::DrStep).
macro_rules! narrated_by_fields {
    ($step:ty) => {
        impl $crate::steps::Narrated for $step {
            fn title(&self, lang: $crate::lang::Lang) -> &'static str {
                lang.pick(self.title_ru, self.title_en)
            }

            fn narration(&self, lang: $crate::lang::Lang) -> &'static str {
                lang.pick(self.narration_ru, self.narration_en)
            }

            fn question(&self) -> Option<&$crate::steps::Question> {
                self.question.as_ref()
            }

            fn texts(&self) -> [&'static str; 4] {
                [
                    self.title_ru,
                    self.title_en,
                    self.narration_ru,
                    self.narration_en,
                ]
            }
        }
    };
}
pub(crate) use narrated_by_fields;

narrated_by_fields!(Step);

/// The script of `scripts` with this id.
pub fn script_by_id<S>(scripts: &'static [Script<S>], id: &str) -> Option<&'static Script<S>> {
    scripts.iter().find(|s| s.id == id)
}

/// An ordered list of steps for one preset. Generic over the step type so the same script
/// shape drives either widget: `Script` (= `Script<Step>`) for `<cdc-wal-sim>`,
/// [`ScalingScript`](crate::scaling::steps::ScalingScript) for `<cdc-scaling-calc>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Script<S: 'static = Step> {
    /// Unique id (kebab-case).
    pub id: &'static str,
    /// The shipped preset the script starts from.
    pub preset: &'static str,
    /// Russian title.
    pub title_ru: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// The steps, in order.
    pub steps: &'static [S],
}

impl<S> Script<S> {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title_ru, self.title_en)
    }
}

/// Every shipped script, in lesson order.
pub static SCRIPTS: &[Script] = &[IDLE_DB_HEARTBEAT, WEEKEND_SLOT_LIMIT];

/// The shipped scripts for `preset`, grouped by preset (empty: none).
static BY_PRESET: &[(&str, &[Script])] = &[
    ("idle-db-no-heartbeat", &[IDLE_DB_HEARTBEAT]),
    ("weekend-outage-disk-full", &[WEEKEND_SLOT_LIMIT]),
];

/// The shipped scripts that start from `preset` (empty for a preset without scripts).
pub fn scripts_for(preset: &str) -> &'static [Script] {
    BY_PRESET
        .iter()
        .find(|(p, _)| *p == preset)
        .map_or(&[], |(_, s)| s)
}

/// A shipped script by id.
pub fn script(id: &str) -> Option<&'static Script> {
    script_by_id(SCRIPTS, id)
}

/// The exact state of step `step` (counted from 0): the preset with steps `0..=step` applied
/// in order, from scratch. The first problem (bad preset, index past the end, refused value,
/// cursor past the end) is returned instead.
pub fn state_at(script: &Script, step: usize) -> Result<WalState, Problem> {
    let mut state = start(script)?;
    let Some(steps) = script.steps.get(..=step) else {
        return Err(no_step_problem(script, step));
    };
    for (i, s) in steps.iter().enumerate() {
        if let Some(p) = apply_step(&mut state, script, i, s).into_iter().next() {
            return Err(p);
        }
    }
    Ok(state)
}

/// The permalink query pairs of step `step` ([`WalState::to_query`] of [`state_at`]).
pub fn permalink(script: &Script, step: usize, id: &str) -> Result<Vec<(String, String)>, Problem> {
    Ok(state_at(script, step)?.to_query(id))
}

/// Every problem of a script (empty: the script is valid). See the module docs.
pub fn validate(script: &Script) -> Vec<Problem> {
    let mut state = match start(script) {
        Ok(s) => s,
        Err(p) => return vec![p],
    };
    let mut problems = script_problems(script);
    for (i, s) in script.steps.iter().enumerate() {
        problems.extend(apply_step(&mut state, script, i, s));
    }
    problems
}

/// The preset's state, nothing overridden, no cursor.
fn start(script: &Script) -> Result<WalState, Problem> {
    WalState::for_preset(script.preset).ok_or_else(|| no_preset_problem(script.id, script.preset))
}

/// A script whose preset does not exist (any widget's scripts).
pub(crate) fn no_preset_problem(script_id: &str, preset: &str) -> Problem {
    Problem::new(
        "preset",
        preset,
        |v| format!("сценарий «{script_id}»: «{v}» — нет такого пресета"),
        |v| format!("script \"{script_id}\": \"{v}\" is not a preset"),
    )
}

/// Applies one step to `state` (refused changes are skipped; a bad cursor leaves the cursor
/// unset) and returns its problems, each naming the step.
fn apply_step(state: &mut WalState, script: &Script, index: usize, step: &Step) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (key, value) in step.changes {
        if let Err(p) = state.params.set(key, *value) {
            problems.push(p);
        }
    }
    let end = state.duration_ms();
    let cursor = match step.cursor {
        Cursor::At(t) if t <= end => Some(t),
        Cursor::At(t) => {
            problems.push(Problem::new(
                "cursor",
                &t.to_string(),
                |v| format!("«{v}» мс — после конца сценария ({end} мс)"),
                |v| format!("\"{v}\" ms is past the scenario's end ({end} ms)"),
            ));
            None
        }
        Cursor::End => Some(end),
    };
    state.set_cursor(cursor);
    if let Some(w) = step.window {
        if w.from_ms >= w.to_ms || w.to_ms > end {
            let raw = format!("{}..{}", w.from_ms, w.to_ms);
            problems.push(Problem::new(
                "window",
                &raw,
                |v| format!("«{v}» мс — нужно from < to ≤ {end} мс (конец сценария)"),
                |v| format!("\"{v}\" ms: needs from < to ≤ {end} ms (the scenario's end)"),
            ));
        }
    }
    problems.extend(narrated_problems(step));
    problems
        .into_iter()
        .map(|p| at_step(script, index, p))
        .collect()
}

/// The problem for a step index past the end of `script` (shared by every widget's
/// `state_at`).
pub fn no_step_problem<S>(script: &Script<S>, step: usize) -> Problem {
    let count = script.steps.len();
    Problem::new(
        "step",
        &step.to_string(),
        |v| {
            format!(
                "сценарий «{}»: нет шага с индексом «{v}» (шагов {count})",
                script.id
            )
        },
        |v| {
            format!(
                "script \"{}\": no step with index \"{v}\" ({count} steps)",
                script.id
            )
        },
    )
}

/// The script-level problems of any widget's script: no steps, an empty title.
pub fn script_problems<S>(script: &Script<S>) -> Vec<Problem> {
    let mut problems = Vec::new();
    if script.steps.is_empty() {
        problems.push(Problem::new(
            "steps",
            "",
            |_| format!("сценарий «{}»: нет ни одного шага", script.id),
            |_| format!("script \"{}\" has no steps", script.id),
        ));
    }
    for (text, what) in [(script.title_ru, "title_ru"), (script.title_en, "title_en")] {
        if text.trim().is_empty() {
            problems.push(Problem::new(
                what,
                text,
                |_| format!("сценарий «{}»: пустой заголовок", script.id),
                |_| format!("script \"{}\": empty title", script.id),
            ));
        }
    }
    problems
}

/// The problems of a step's texts and question, whatever the widget: a question without 2–4
/// choices, an answer index out of range, an empty text. Not yet prefixed with the step
/// ([`at_step`] does that).
pub fn narrated_problems(step: &impl Narrated) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(q) = step.question() {
        let n = q.choices.len();
        if !(2..=4).contains(&n) {
            problems.push(Problem::new(
                "question.choices",
                &n.to_string(),
                |v| format!("«{v}» вариантов ответа — нужно от 2 до 4"),
                |v| format!("\"{v}\" choices: needs 2 to 4"),
            ));
        }
        if q.answer >= n {
            problems.push(Problem::new(
                "question.answer",
                &q.answer.to_string(),
                |v| {
                    format!(
                        "«{v}» — нет такого варианта (индексы от 0 до {})",
                        n.saturating_sub(1)
                    )
                },
                |v| {
                    format!(
                        "\"{v}\" is not a choice (indices 0 to {})",
                        n.saturating_sub(1)
                    )
                },
            ));
        }
        let texts = [q.prompt_ru, q.prompt_en, q.explanation_ru, q.explanation_en]
            .into_iter()
            .chain(q.choices.iter().flat_map(|c| [c.label_ru, c.label_en]));
        if texts.into_iter().any(|t| t.trim().is_empty()) {
            problems.push(empty_text_problem("question"));
        }
    }
    if step.texts().iter().any(|t| t.trim().is_empty()) {
        problems.push(empty_text_problem("narration"));
    }
    problems
}

fn empty_text_problem(key: &str) -> Problem {
    Problem::new(
        key,
        "",
        |_| "пустой текст (нужны ru и en)".to_string(),
        |_| "empty text (ru and en are both needed)".to_string(),
    )
}

/// Prefixes a problem's messages with the script and the step, counted from 1.
pub fn at_step<S>(script: &Script<S>, index: usize, p: Problem) -> Problem {
    let n = index.saturating_add(1);
    Problem {
        message_ru: format!("сценарий «{}», шаг {n}: {}", script.id, p.message_ru),
        message_en: format!("script \"{}\", step {n}: {}", script.id, p.message_en),
        ..p
    }
}

const MIN: u64 = 60_000;
const HOUR: u64 = 60 * MIN;

/// "Idle database in a busy cluster, no heartbeat → a heartbeat fixes it", on
/// `idle-db-no-heartbeat` (PostgreSQL 15, Debezium 2.7, analytics writes 1 MB/s, a 50 GB
/// `pg_wal` disk, 72 h). Every number here is checked by `tests/steps.rs`.
pub const IDLE_DB_HEARTBEAT: Script = Script {
    id: "idle-db-heartbeat-fix",
    preset: "idle-db-no-heartbeat",
    title_ru: "Тихая база в нагруженном кластере: зачем heartbeat",
    title_en: "An idle database on a busy cluster: why a heartbeat",
    steps: &[
        Step {
            title_ru: "Тихая база, шумный сосед",
            title_en: "An idle database, a busy neighbour",
            narration_ru: "Debezium захватывает базу inventory, в неё никто не пишет. Соседняя база analytics пишет 1 МБ/с. WAL общий для всего кластера: за 10 минут слот уже удерживает 600 МБ.",
            narration_en: "Debezium captures the inventory database; nobody writes to it. The analytics database next to it writes 1 MB/s. WAL is shared by the whole cluster: after 10 minutes the slot already retains 600 MB.",
            changes: &[],
            cursor: Cursor::At(10 * MIN),
            window: Some(Window { from_ms: 0, to_ms: 20 * MIN }),
            question: None,
        },
        Step {
            title_ru: "Что будет дальше?",
            title_en: "What happens next?",
            narration_ru: "Логическое декодирование работает по базе: изменения analytics коннектору не приходят. Подумайте, что будет с удерживаемым WAL.",
            narration_en: "Logical decoding is per database: the changes of analytics never reach the connector. Think about what happens to the retained WAL.",
            changes: &[],
            cursor: Cursor::At(10 * MIN),
            window: Some(Window { from_ms: 0, to_ms: 20 * MIN }),
            question: Some(Question {
                prompt_ru: "Что будет с удерживаемым WAL?",
                prompt_en: "What happens to the retained WAL?",
                choices: &[
                    Choice {
                        label_ru: "Останется около 600 МБ: коннектору нечего читать",
                        label_en: "It stays at about 600 MB: the connector has nothing to read",
                    },
                    Choice {
                        label_ru: "Будет расти, пока не заполнит диск",
                        label_en: "It grows until the disk is full",
                    },
                    Choice {
                        label_ru: "Его удалит ближайшая контрольная точка",
                        label_en: "The next checkpoint removes it",
                    },
                ],
                answer: 1,
                explanation_ru: "Коннектору нечего подтверждать, поэтому confirmed_flush_lsn и restart_lsn стоят на месте. Контрольная точка не удаляет WAL, который нужен слоту, а WAL analytics продолжает прибывать.",
                explanation_en: "The connector has nothing to confirm, so confirmed_flush_lsn and restart_lsn stay put. A checkpoint does not remove WAL a slot needs, and the analytics WAL keeps coming.",
            }),
        },
        Step {
            title_ru: "Пороги",
            title_en: "The thresholds",
            narration_ru: "Через 17 минут слот удерживает больше 1 ГБ — предупреждение. До 18-й минуты wal_status становится extended: WAL больше max_wal_size. Через 1 ч 25 мин — больше 5 ГБ, критично.",
            narration_en: "After 17 minutes the slot retains more than 1 GB: a warning. Before minute 18 wal_status turns extended: more WAL than max_wal_size. After 1 h 25 min it is more than 5 GB: critical.",
            changes: &[],
            cursor: Cursor::At(90 * MIN),
            window: Some(Window { from_ms: 0, to_ms: 2 * HOUR }),
            question: None,
        },
        Step {
            title_ru: "Диск заполнен",
            title_en: "The disk is full",
            narration_ru: "Через 14 часов диск pg_wal на 50 ГБ заполнен. PostgreSQL аварийно останавливается (PANIC) и не запустится, пока вы не освободите место.",
            narration_en: "After 14 hours the 50 GB pg_wal disk is full. PostgreSQL stops with a PANIC and will not start until you free some space.",
            changes: &[],
            cursor: Cursor::End,
            window: None,
            question: None,
        },
        Step {
            title_ru: "Heartbeat без запроса",
            title_en: "A heartbeat without a query",
            narration_ru: "Включите heartbeat: heartbeat.interval.ms = 10000, heartbeat.action.query не задан. Коннектор раз в 10 секунд отправляет heartbeat-сообщение с последним полученным LSN.",
            narration_en: "Turn the heartbeat on: heartbeat.interval.ms = 10000, no heartbeat.action.query. Every 10 seconds the connector sends a heartbeat carrying the last LSN it received.",
            changes: &[("heartbeat-interval", ParamValue::Number(10_000))],
            cursor: Cursor::End,
            window: None,
            question: Some(Question {
                prompt_ru: "Поможет ли такой heartbeat?",
                prompt_en: "Does this heartbeat help?",
                choices: &[
                    Choice {
                        label_ru: "Да, слот начнёт продвигаться",
                        label_en: "Yes, the slot starts to advance",
                    },
                    Choice {
                        label_ru: "Нет, диск заполнится так же через 14 часов",
                        label_en: "No, the disk fills just the same after 14 hours",
                    },
                ],
                answer: 1,
                explanation_ru: "Heartbeat подтверждает только последний LSN, полученный через слот. Из inventory ничего не приходит, поэтому подтверждать нечего: график не изменился.",
                explanation_en: "A heartbeat confirms only the last LSN received through the slot. Nothing comes from inventory, so there is nothing to confirm: the chart has not changed.",
            }),
        },
        Step {
            title_ru: "Heartbeat с pg_logical_emit_message",
            title_en: "A heartbeat with pg_logical_emit_message",
            narration_ru: "Задайте heartbeat.action.query: SELECT pg_logical_emit_message(false, 'heartbeat', now()::varchar). Сообщение пишется в inventory и проходит через слот, коннектор подтверждает LSN. Слот удерживает не больше 113 МБ все 72 часа.",
            narration_en: "Set heartbeat.action.query: SELECT pg_logical_emit_message(false, 'heartbeat', now()::varchar). The message is written in inventory and comes through the slot, so the connector confirms the LSN. The slot retains at most 113 MB for all 72 hours.",
            changes: &[("heartbeat-query", ParamValue::Choice("emit_message"))],
            cursor: Cursor::End,
            window: None,
            question: None,
        },
    ],
};

/// "max_slot_wal_keep_size: a lost slot or a full disk", on `weekend-outage-disk-full`
/// (64 KB/s, the connector down from Friday 18:00 to Monday 08:00, a 10 GB `pg_wal` disk; the
/// scenario starts on a Monday at 00:00). Every number here is checked by `tests/steps.rs`.
pub const WEEKEND_SLOT_LIMIT: Script = Script {
    id: "weekend-slot-limit",
    preset: "weekend-outage-disk-full",
    title_ru: "max_slot_wal_keep_size: потерянный слот или заполненный диск",
    title_en: "max_slot_wal_keep_size: a lost slot or a full disk",
    steps: &[
        Step {
            title_ru: "Коннектор остановлен на выходные",
            title_en: "The connector is stopped for the weekend",
            narration_ru: "Коннектор остановили в пятницу в 18:00 и вернут в понедельник в 08:00. База inventory пишет 64 КБ/с, max_slot_wal_keep_size = -1: слот может удерживать WAL без ограничения.",
            narration_en: "The connector was stopped on Friday at 18:00 and comes back on Monday at 08:00. The inventory database writes 64 KB/s; max_slot_wal_keep_size = -1: the slot may retain WAL without a limit.",
            changes: &[],
            cursor: Cursor::At(114 * HOUR),
            window: Some(Window { from_ms: 96 * HOUR, to_ms: 192 * HOUR }),
            question: None,
        },
        Step {
            title_ru: "Хватит ли диска?",
            title_en: "Is the disk big enough?",
            narration_ru: "Диск pg_wal — 10 ГБ. Пока коннектор стоит, слот удерживает весь новый WAL.",
            narration_en: "The pg_wal disk is 10 GB. While the connector is down, the slot retains all new WAL.",
            changes: &[],
            cursor: Cursor::At(114 * HOUR),
            window: Some(Window { from_ms: 96 * HOUR, to_ms: 192 * HOUR }),
            question: Some(Question {
                prompt_ru: "Хватит ли 10 ГБ до понедельника?",
                prompt_en: "Will 10 GB last until Monday?",
                choices: &[
                    Choice {
                        label_ru: "Да, хватит",
                        label_en: "Yes, it will",
                    },
                    Choice {
                        label_ru: "Нет, диск заполнится",
                        label_en: "No, the disk fills up",
                    },
                ],
                answer: 1,
                explanation_ru: "62 часа по 64 КБ/с — это около 13,6 ГБ WAL, больше 10 ГБ.",
                explanation_en: "62 hours at 64 KB/s is about 13.6 GB of WAL, more than 10 GB.",
            }),
        },
        Step {
            title_ru: "Диск заполнен",
            title_en: "The disk is full",
            narration_ru: "В воскресенье около 15:30 диск pg_wal заполнен, и PostgreSQL аварийно останавливается (PANIC). Слот цел, но база недоступна всем, пока вы не освободите место.",
            narration_en: "On Sunday at about 15:30 the pg_wal disk is full and PostgreSQL stops with a PANIC. The slot survives, but the database is down for everyone until you free some space.",
            changes: &[],
            cursor: Cursor::At(160 * HOUR),
            window: Some(Window { from_ms: 96 * HOUR, to_ms: 192 * HOUR }),
            question: None,
        },
        Step {
            title_ru: "Предел 8 ГБ",
            title_en: "A limit of 8 GB",
            narration_ru: "Задайте max_slot_wal_keep_size = 8 ГБ (8192 МБ). Это предел WAL, который слоту разрешено удерживать.",
            narration_en: "Set max_slot_wal_keep_size = 8 GB (8192 MB). That is how much WAL the slot may retain.",
            changes: &[("max-slot-wal-keep-size", ParamValue::Number(8192))],
            cursor: Cursor::At(114 * HOUR),
            window: Some(Window { from_ms: 96 * HOUR, to_ms: 192 * HOUR }),
            question: Some(Question {
                prompt_ru: "Что теперь произойдёт в выходные?",
                prompt_en: "What happens over the weekend now?",
                choices: &[
                    Choice {
                        label_ru: "Диск всё равно заполнится",
                        label_en: "The disk still fills up",
                    },
                    Choice {
                        label_ru: "Слот станет lost, а диск уцелеет",
                        label_en: "The slot becomes lost and the disk survives",
                    },
                    Choice {
                        label_ru: "PostgreSQL притормозит запись",
                        label_en: "PostgreSQL slows writes down",
                    },
                ],
                answer: 1,
                explanation_ru: "Когда слот удерживает больше 8 ГБ, wal_status = unreserved, и ближайшая контрольная точка удаляет WAL: слот становится lost. Запись PostgreSQL не тормозит.",
                explanation_en: "Once the slot retains more than 8 GB, wal_status = unreserved, and the next checkpoint removes the WAL: the slot becomes lost. PostgreSQL does not slow writes down.",
            }),
        },
        Step {
            title_ru: "Слот потерян, диск спасён",
            title_en: "The slot is lost, the disk is saved",
            narration_ru: "В воскресенье около 06:30 слот удерживает больше 8 ГБ. Контрольная точка делает его lost и удаляет WAL: pg_wal снова меньше 1 ГБ, сервер работает.",
            narration_en: "On Sunday at about 06:30 the slot retains more than 8 GB. A checkpoint makes it lost and removes the WAL: pg_wal is below 1 GB again and the server keeps running.",
            changes: &[],
            cursor: Cursor::At(152 * HOUR),
            window: Some(Window { from_ms: 96 * HOUR, to_ms: 192 * HOUR }),
            question: None,
        },
        Step {
            title_ru: "Понедельник: разрыв данных",
            title_en: "Monday: a data gap",
            narration_ru: "В 08:00 коннектор стартует и получает ERROR: can no longer get changes from replication slot, задача падает (FAILED). Слот надо пересоздать, а изменения выходных — восстановить снимком (snapshot).",
            narration_en: "At 08:00 the connector starts and gets ERROR: can no longer get changes from replication slot; the task is FAILED. The slot must be recreated and the weekend's changes recovered with a snapshot.",
            changes: &[],
            cursor: Cursor::At(176 * HOUR),
            window: Some(Window { from_ms: 96 * HOUR, to_ms: 192 * HOUR }),
            question: None,
        },
    ],
};
