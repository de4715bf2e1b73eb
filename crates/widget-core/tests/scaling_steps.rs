//! Instructor scripts for `<cdc-scaling-calc>` (`widget_core::scaling::steps`): every shipped
//! script is valid; a step's state is rebuilt from the scaling preset (going back restores
//! it exactly); broken scripts are rejected naming the step, key and value (the checks of
//! questions and texts are the WAL scripts' own); and every number or outcome a narration
//! states is computed from that step's report (ScalingState → scaling_model report).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use scaling_model::{ConstraintKind, Report};
use widget_core::scaling::steps::{
    scaling_permalink, scaling_script, scaling_scripts_for, scaling_state_at, validate_scaling,
    ScalingScript, ScalingStep, SCALING_SCRIPTS, TASKS_MAX_MYTH,
};
use widget_core::scaling::text::binding_sentence;
use widget_core::scaling::ScalingState;
use widget_core::steps::{Choice, Question, Script};
use widget_core::{Lang, ParamValue, PlainFormat};

fn report_at(s: &ScalingScript, step: usize) -> (ScalingState, Report) {
    let state = scaling_state_at(s, step).unwrap_or_else(|p| panic!("{}: {p}", s.id));
    let report = state.report().unwrap_or_else(|e| panic!("{}: {e}", s.id));
    (state, report)
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.5
}

// ---------------------------------------------------------------- shipped scripts are valid

#[test]
fn every_shipped_scaling_script_is_valid() {
    assert!(!SCALING_SCRIPTS.is_empty());
    for s in SCALING_SCRIPTS {
        let problems = validate_scaling(s);
        assert!(problems.is_empty(), "{}: {problems:#?}", s.id);
        for k in 0..s.steps.len() {
            report_at(s, k);
        }
        assert_eq!(scaling_script(s.id), Some(s));
        assert!(scaling_scripts_for(s.preset).contains(s));
    }
    assert_eq!(scaling_scripts_for("default"), &[TASKS_MAX_MYTH]);
    assert!(scaling_scripts_for("burst").is_empty());
    assert_eq!(scaling_script("no-such-script"), None);
}

// ---------------------------------------------------------------- rebuilt from the preset

#[test]
fn step_zero_is_the_preset_and_going_back_restores_exactly() {
    let preset = ScalingState::for_preset("default").unwrap();
    assert_eq!(scaling_state_at(&TASKS_MAX_MYTH, 0).unwrap(), preset);
    let last = TASKS_MAX_MYTH.steps.len() - 1;
    let before = scaling_state_at(&TASKS_MAX_MYTH, 2).unwrap();
    let _ = scaling_state_at(&TASKS_MAX_MYTH, last).unwrap();
    assert_eq!(scaling_state_at(&TASKS_MAX_MYTH, 2).unwrap(), before);
    // Step 3 sets tasks.max = 4; step 4 sets it back to the preset's 1, which drops the override.
    assert!(before.params.is_overridden("tasks-max"));
    let tuned = scaling_state_at(&TASKS_MAX_MYTH, 3).unwrap();
    assert!(!tuned.params.is_overridden("tasks-max"));
    assert_eq!(
        scaling_permalink(&TASKS_MAX_MYTH, 3, "scale").unwrap(),
        tuned.to_query("scale")
    );
    assert!(scaling_state_at(&TASKS_MAX_MYTH, last + 1).is_err());
}

// ---------------------------------------------------------------- broken scripts are rejected

const fn step(changes: &'static [(&'static str, ParamValue)]) -> ScalingStep {
    ScalingStep {
        title_ru: "Шаг",
        title_en: "Step",
        narration_ru: "Текст.",
        narration_en: "Text.",
        changes,
        question: None,
    }
}

fn custom(steps: &'static [ScalingStep]) -> ScalingScript {
    Script {
        id: "test-script",
        preset: "default",
        title_ru: "Тест",
        title_en: "Test",
        steps,
    }
}

static OK: ScalingStep = step(&[]);

fn only_problem(s: &ScalingScript) -> widget_core::Problem {
    let problems = validate_scaling(s);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems.into_iter().next().unwrap()
}

#[test]
fn an_unknown_key_is_rejected_naming_step_and_key() {
    static STEPS: &[ScalingStep] = &[OK, step(&[("tasks-maks", ParamValue::Number(4))])];
    let s = custom(STEPS);
    let p = only_problem(&s);
    assert_eq!(p.key, "tasks-maks");
    assert!(
        p.message_en
            .starts_with("script \"test-script\", step 2: tasks-maks"),
        "{}",
        p.message_en
    );
    assert!(
        p.message_ru
            .starts_with("сценарий «test-script», шаг 2: tasks-maks"),
        "{}",
        p.message_ru
    );
    assert!(scaling_state_at(&s, 0).is_ok());
    assert_eq!(scaling_state_at(&s, 1).unwrap_err(), p);
}

#[test]
fn bad_values_are_rejected_by_the_table_and_by_the_model() {
    // Out of range for the table.
    static RANGE: &[ScalingStep] = &[step(&[("tasks-max", ParamValue::Number(99))])];
    let p = only_problem(&custom(RANGE));
    assert_eq!((p.key.as_str(), p.value.as_str()), ("tasks-max", "99"));
    assert!(p.message_en.contains("step 1"), "{}", p.message_en);
    // Wrong kind.
    static KIND: &[ScalingStep] = &[step(&[("profile", ParamValue::Number(1))])];
    assert_eq!(only_problem(&custom(KIND)).key, "profile");
    // Accepted by the table, refused by the model: the batch must be smaller than the queue.
    static MODEL: &[ScalingStep] = &[OK, step(&[("max-batch-size", ParamValue::Number(16_384))])];
    let p = only_problem(&custom(MODEL));
    assert_eq!(
        (p.key.as_str(), p.value.as_str()),
        ("max-batch-size", "16384")
    );
    assert!(p.message_en.contains("step 2"), "{}", p.message_en);
}

#[test]
fn a_bad_answer_index_bad_choice_counts_and_empty_texts_are_rejected() {
    const CHOICES: &[Choice] = &[
        Choice {
            label_ru: "Да",
            label_en: "Yes",
        },
        Choice {
            label_ru: "Нет",
            label_en: "No",
        },
    ];
    const fn asking(choices: &'static [Choice], answer: usize) -> ScalingStep {
        ScalingStep {
            question: Some(Question {
                prompt_ru: "Вопрос?",
                prompt_en: "Question?",
                choices,
                answer,
                explanation_ru: "Потому что.",
                explanation_en: "Because.",
            }),
            ..step(&[])
        }
    }
    static ANSWER: &[ScalingStep] = &[asking(CHOICES, 2)];
    let p = only_problem(&custom(ANSWER));
    assert_eq!((p.key.as_str(), p.value.as_str()), ("question.answer", "2"));
    assert!(p.message_en.contains("step 1"), "{}", p.message_en);
    static ONE: &[ScalingStep] = &[asking(
        &[Choice {
            label_ru: "Да",
            label_en: "Yes",
        }],
        0,
    )];
    assert_eq!(only_problem(&custom(ONE)).key, "question.choices");
    static EMPTY: &[ScalingStep] = &[ScalingStep {
        narration_en: " ",
        ..step(&[])
    }];
    assert_eq!(only_problem(&custom(EMPTY)).key, "narration");
    assert_eq!(only_problem(&custom(&[])).key, "steps");
    let bad_preset = Script {
        preset: "no-such-preset",
        ..custom(&[])
    };
    assert_eq!(only_problem(&bad_preset).key, "preset");
}

// ---------------------------------------------------------------- narration = report

/// Step 1. The calibration: one task with Debezium's defaults at 1 KB events runs at
/// C = 7,000 events/s; the daily peak is 9,000 events/s, so lag grows by 9,000 − 7,000 =
/// 2,000 events/s at 14:00.
#[test]
fn myth_1_one_connector_binds_at_7000_and_lag_grows_by_2000_at_the_9000_peak() {
    let (_, r) = report_at(&TASKS_MAX_MYTH, 0);
    assert_eq!(r.binding.kind, ConstraintKind::ConnectorTask);
    assert_eq!(r.connectors.len(), 1);
    assert_eq!(r.connectors[0].name, "shop-cdc");
    assert!(near(r.binding.saturation_input_events_per_s, 7000.0));
    assert!(near(r.throughput.input_events_per_s, 9000.0));
    assert!(near(r.throughput.lag_growth_events_per_s, 2000.0));
    assert!(!r.binding.keeping_up);
    let s = binding_sentence(&r, &PlainFormat(Lang::En));
    assert!(
        s.contains("7,000") && s.contains("9,000") && s.contains("2,000"),
        "{s}"
    );
}

/// Step 2 asks; its answer is "nothing": the state is step 1's, and step 3 (tasks.max = 4)
/// still runs one task (facts: "The PostgreSQL connector always uses a single task").
#[test]
fn myth_2_question_tasks_max_4_does_nothing() {
    let q = TASKS_MAX_MYTH.steps[1].question.unwrap();
    assert_eq!(q.answer, 1);
    assert!(q.choices[1].label_en.starts_with("Nothing"));
    // 4 × 7,000 = 28,000: the wrong answer's number is what four tasks would give.
    assert!(q.choices[0].label_en.contains("28,000"));
    assert_eq!(
        scaling_state_at(&TASKS_MAX_MYTH, 1).unwrap(),
        scaling_state_at(&TASKS_MAX_MYTH, 0).unwrap()
    );
    let (_, r) = report_at(&TASKS_MAX_MYTH, 2);
    assert_eq!(r.connectors[0].tasks_running, 1);
}

/// Step 3: tasks.max = 4 is accepted (written into the connector JSON), one task runs, the
/// same 7,000 limit, the same 2,000 events/s of lag growth.
#[test]
fn myth_3_tasks_max_4_still_one_task_same_limit() {
    let (state, r) = report_at(&TASKS_MAX_MYTH, 2);
    assert_eq!(state.params.get("tasks-max"), Some(ParamValue::Number(4)));
    assert_eq!(r.connectors[0].tasks_max, 4);
    assert_eq!(r.connectors[0].tasks_running, 1);
    assert!(near(r.binding.saturation_input_events_per_s, 7000.0));
    assert!(near(r.throughput.lag_growth_events_per_s, 2000.0));
    let (_, r0) = report_at(&TASKS_MAX_MYTH, 0);
    assert_eq!(
        r.binding.saturation_input_events_per_s,
        r0.binding.saturation_input_events_per_s
    );
}

/// Step 4: τ = 1/7,000 s, β = 20 % batch overhead at 2,048 events per batch. With a batch of
/// 4,096 (queue 16,384 ≥ 2 × batch, full overlap) the poll thread costs
/// (1 − β)·τ + β·τ·2048/4096 = 0.9·τ per event, so the task runs at 7,000 / 0.9 ≈ 7,778
/// events/s (+11.1 %); the peak lag growth is 9,000 − 7,778 ≈ 1,222 events/s.
#[test]
fn myth_4_tuned_queue_and_batch_gain_11_percent_lag_still_grows_by_1222() {
    let (state, r) = report_at(&TASKS_MAX_MYTH, 3);
    assert_eq!(state.params.get("tasks-max"), Some(ParamValue::Number(1)));
    assert!(near(r.binding.saturation_input_events_per_s, 7000.0 / 0.9));
    assert!(near(r.binding.saturation_input_events_per_s, 7778.0));
    assert!(near(r.throughput.lag_growth_events_per_s, 1222.0));
    assert!(near(r.calibration.tuned_gain_percent, 11.1));
    assert_eq!(r.binding.kind, ConstraintKind::ConnectorTask);
}

/// Step 5: 4 connectors, one table set each (shares 40/25/20/15 %). The busiest (orders) gets
/// 0.4 × 9,000 = 3,600 events/s < 7,778: no lag. 4 slots each decode the whole WAL: 4× the
/// decoding (9,000 × 1 KB = 9,216,000 B/s written, 36,864,000 B/s decoded). With 1 partition
/// one consumer at 10,000 events/s is the first limit.
#[test]
fn myth_5_four_connectors_no_lag_four_times_the_decoding_one_partition_binds_at_10000() {
    let (_, r) = report_at(&TASKS_MAX_MYTH, 4);
    assert_eq!(r.connectors.len(), 4);
    assert!(r.connectors.iter().all(|c| c.tasks_running == 1));
    let busiest = r
        .stages
        .iter()
        .filter(|s| s.id.starts_with("task:"))
        .map(|s| s.offered_events_per_s)
        .fold(0.0, f64::max);
    assert!(near(busiest, 3600.0));
    assert!(near(r.connectors[0].share_percent, 40.0));
    assert_eq!(r.connectors[0].name, "shop-cdc-1");
    assert_eq!(r.decoding.slots, 4);
    assert!(near(r.decoding.decode_multiplier, 4.0));
    assert!(near(r.decoding.wal_write_bytes_per_s, 9_216_000.0));
    assert!(near(r.decoding.decoded_bytes_per_s, 36_864_000.0));
    assert_eq!(r.binding.kind, ConstraintKind::Partitions);
    assert!(near(r.binding.saturation_input_events_per_s, 10_000.0));
    assert!(r.binding.keeping_up);
    assert!(near(r.throughput.lag_growth_events_per_s, 0.0));
    assert_eq!(r.lag.max_end_to_end_lag_events, 0);
}

/// Step 6: 4 partitions and 4 consumers at 10,000 events/s each: 40,000 together. The first
/// limit is the orders task again: 7,778 / 0.4 ≈ 19,444 events/s of total input.
#[test]
fn myth_6_partitions_and_consumers_40000_then_the_orders_task_at_19444() {
    let (_, r) = report_at(&TASKS_MAX_MYTH, 5);
    assert_eq!(r.consumers.partitions, 4);
    assert_eq!(r.consumers.active_consumers, 4);
    assert!(near(r.consumers.saturation_events_per_s, 40_000.0));
    assert_eq!(r.binding.kind, ConstraintKind::ConnectorTask);
    assert!(near(
        r.binding.saturation_input_events_per_s,
        7000.0 / 0.9 / 0.4
    ));
    assert!(near(r.binding.saturation_input_events_per_s, 19_444.0));
    assert!(r.binding.keeping_up);
    assert_eq!(r.binding.stage_id, "task:shop-cdc-1#0");
}
