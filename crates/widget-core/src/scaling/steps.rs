//! Instructor scripts for `<cdc-scaling-calc>`: the same script shape as the WAL widget's
//! ([`crate::steps::Script`], generic over the step) with a [`ScalingStep`] that carries only
//! texts, parameter changes and an optional predict-first [`Question`] (there is no time
//! cursor: the calculator shows a steady state at the profile's peak).
//!
//! The rules are those of [`crate::steps`]: a step's `changes` are relative to the previous
//! step, keys from [`SCALING_PARAMS`](crate::scaling::SCALING_PARAMS), applied in order with
//! [`ScalingState::set`] (the table's rules through `ScalingParams::set`, then the model's
//! own check, reverting what it rejects); the state of step `k` is **rebuilt from the preset**
//! ([`scaling_state_at`]); [`validate_scaling`] returns every problem (unknown key, refused
//! value, bad question, empty text) prefixed with the script and the step counted from 1.
//! Question, choice and text checks are [`crate::steps`]' own ([`narrated_problems`]).

use crate::params::ParamValue;
use crate::problem::Problem;
use crate::scaling::state::ScalingState;
use crate::steps::{
    at_step, narrated_problems, no_preset_problem, no_step_problem, script_problems, Choice,
    Question, Script,
};

/// One step of a scaling script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScalingStep {
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
    /// A predict-first question.
    pub question: Option<Question>,
}

crate::steps::narrated_by_fields!(ScalingStep);

/// A script for `<cdc-scaling-calc>`.
pub type ScalingScript = Script<ScalingStep>;

/// Every shipped scaling script, in lesson order.
pub static SCALING_SCRIPTS: &[ScalingScript] = &[TASKS_MAX_MYTH];

/// The shipped scaling scripts that start from `preset`.
pub fn scaling_scripts_for(preset: &str) -> &'static [ScalingScript] {
    BY_PRESET
        .iter()
        .find(|(p, _)| *p == preset)
        .map_or(&[], |(_, s)| s)
}

/// The shipped scaling scripts, grouped by preset.
static BY_PRESET: &[(&str, &[ScalingScript])] = &[("default", &[TASKS_MAX_MYTH])];

/// A shipped scaling script by id.
pub fn scaling_script(id: &str) -> Option<&'static ScalingScript> {
    crate::steps::script_by_id(SCALING_SCRIPTS, id)
}

/// The exact state of step `step` (counted from 0): the preset with steps `0..=step` applied
/// in order, from scratch. The first problem is returned instead.
pub fn scaling_state_at(script: &ScalingScript, step: usize) -> Result<ScalingState, Problem> {
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

/// The permalink query pairs of step `step`.
pub fn scaling_permalink(
    script: &ScalingScript,
    step: usize,
    id: &str,
) -> Result<Vec<(String, String)>, Problem> {
    Ok(scaling_state_at(script, step)?.to_query(id))
}

/// Every problem of a scaling script (empty: valid).
pub fn validate_scaling(script: &ScalingScript) -> Vec<Problem> {
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

fn start(script: &ScalingScript) -> Result<ScalingState, Problem> {
    ScalingState::for_preset(script.preset)
        .ok_or_else(|| no_preset_problem(script.id, script.preset))
}

fn apply_step(
    state: &mut ScalingState,
    script: &ScalingScript,
    index: usize,
    step: &ScalingStep,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (key, value) in step.changes {
        if let Err(p) = state.set(key, *value) {
            problems.push(p);
        }
    }
    problems.extend(narrated_problems(step));
    problems
        .into_iter()
        .map(|p| at_step(script, index, p))
        .collect()
}

/// "The tasks.max myth → what actually scales", on the `default` scaling preset (one
/// PostgreSQL connector `shop-cdc` over four table sets, a daily cycle peaking at 9,000
/// events/s, the "~7,000 events/s" calibration, 1 partition, 1 consumer at 10,000 events/s).
/// Every number here is checked by `tests/scaling_steps.rs`.
pub const TASKS_MAX_MYTH: ScalingScript = Script {
    id: "tasks-max-myth",
    preset: "default",
    title_ru: "Миф о tasks.max: что на самом деле масштабируется",
    title_en: "The tasks.max myth: what actually scales",
    steps: &[
        ScalingStep {
            title_ru: "Один коннектор на пике",
            title_en: "One connector at the peak",
            narration_ru: "Коннектор shop-cdc захватывает все таблицы. В 14:00 база выдаёт 9 000 событий/с, а единственная задача коннектора успевает около 7 000 событий/с: отставание растёт на 2 000 событий/с.",
            narration_en: "The shop-cdc connector captures every table. At 14:00 the database produces 9,000 events/s, but the connector's single task keeps up with about 7,000 events/s: lag grows by 2,000 events/s.",
            changes: &[],
            question: None,
        },
        ScalingStep {
            title_ru: "Что сделает tasks.max = 4?",
            title_en: "What will tasks.max = 4 do?",
            narration_ru: "Первое, что обычно пробуют, — поднять tasks.max. Подумайте, что изменится.",
            narration_en: "The first thing people usually try is raising tasks.max. Think about what changes.",
            changes: &[],
            question: Some(Question {
                prompt_ru: "Что сделает tasks.max = 4 с коннектором PostgreSQL?",
                prompt_en: "What will tasks.max = 4 do to a PostgreSQL connector?",
                choices: &[
                    Choice {
                        label_ru: "Четыре задачи, до 28 000 событий/с",
                        label_en: "Four tasks, up to 28,000 events/s",
                    },
                    Choice {
                        label_ru: "Ничего: задача останется одна",
                        label_en: "Nothing: there is still one task",
                    },
                    Choice {
                        label_ru: "Две задачи: по одной на поток",
                        label_en: "Two tasks: one per thread",
                    },
                ],
                answer: 1,
                explanation_ru: "Коннектор PostgreSQL всегда запускает одну задачу и не использует tasks.max: одна задача — это один слот репликации и один поток логического декодирования (walsender), разделить его нельзя.",
                explanation_en: "The PostgreSQL connector always runs one task and does not use tasks.max: one task is one replication slot and one logical decoding stream (walsender), which cannot be split.",
            }),
        },
        ScalingStep {
            title_ru: "tasks.max = 4",
            title_en: "tasks.max = 4",
            narration_ru: "Задайте tasks.max = 4. Kafka Connect принимает значение, но работает по-прежнему одна задача: предел те же 7 000 событий/с, отставание растёт на 2 000 событий/с.",
            narration_en: "Set tasks.max = 4. Kafka Connect accepts the value, but still one task runs: the limit is the same 7,000 events/s and lag grows by 2,000 events/s.",
            changes: &[("tasks-max", ParamValue::Number(4))],
            question: None,
        },
        ScalingStep {
            title_ru: "Настройка очереди и пачки",
            title_en: "Tuning the queue and the batch",
            narration_ru: "Верните tasks.max = 1 и задайте max.queue.size = 16384, max.batch.size = 4096. Накладные расходы на пачку делятся на вдвое больше событий: задача успевает около 7 778 событий/с (+11 %), но отставание всё равно растёт на 1 222 события/с.",
            narration_en: "Put tasks.max back to 1 and set max.queue.size = 16384, max.batch.size = 4096. The per-batch overhead is shared by twice as many events: the task keeps up with about 7,778 events/s (+11 %), but lag still grows by 1,222 events/s.",
            changes: &[
                ("tasks-max", ParamValue::Number(1)),
                ("max-queue-size", ParamValue::Number(16_384)),
                ("max-batch-size", ParamValue::Number(4096)),
            ],
            question: None,
        },
        ScalingStep {
            title_ru: "Четыре коннектора по наборам таблиц",
            title_en: "Four connectors over table sets",
            narration_ru: "Разделите таблицы между 4 коннекторами: у каждого свой слот и своя задача. Самому загруженному (orders, 40 %) на пике приходит 3 600 событий/с, отставания нет. Цена: каждый слот декодирует весь WAL базы, декодирования вчетверо больше. Узким местом стала единственная партиция: до 10 000 событий/с.",
            narration_en: "Split the tables among 4 connectors, each with its own slot and task. The busiest one (orders, 40 %) gets 3,600 events/s at the peak: no lag. The cost: every slot decodes the database's whole WAL, four times as much decoding. The single partition now binds: up to 10,000 events/s.",
            changes: &[("connectors", ParamValue::Number(4))],
            question: None,
        },
        ScalingStep {
            title_ru: "Партиции и потребители",
            title_en: "Partitions and consumers",
            narration_ru: "Задайте 4 партиции и 4 потребителя в группе: каждый читает свою партицию, вместе до 40 000 событий/с. Первым пределом снова стала задача коннектора orders: без отставания до 19 444 событий/с на входе.",
            narration_en: "Set 4 partitions and 4 consumers in the group: each reads its own partition, together up to 40,000 events/s. The first limit is the orders connector's task again: lag-free up to 19,444 events/s of input.",
            changes: &[
                ("partitions", ParamValue::Number(4)),
                ("consumers", ParamValue::Number(4)),
            ],
            question: None,
        },
    ],
};
