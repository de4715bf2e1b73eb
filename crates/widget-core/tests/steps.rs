//! Instructor scripts (`widget_core::steps`): every shipped script is valid; a step's state is
//! rebuilt from the preset (so going back restores it exactly, whatever the path); broken
//! scripts are rejected with messages naming the step, key and value; and every number or
//! outcome a narration states is checked against the model's report for that step, so the
//! narration cannot drift from the simulation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use wal_model::report::{Eta, EtaTarget, LogKind};
use wal_model::{Report, WalStatus};
use widget_core::steps::{
    permalink, script, scripts_for, state_at, validate, Choice, Cursor, Question, Script, Step,
    Window, IDLE_DB_HEARTBEAT, SCRIPTS, WEEKEND_SLOT_LIMIT,
};
use widget_core::{ParamValue, WalState};

const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * MIB;
const MIN: u64 = 60_000;
const HOUR: u64 = 60 * MIN;

fn report_at(s: &Script, step: usize) -> (WalState, Report) {
    let state = state_at(s, step).unwrap_or_else(|p| panic!("{}: {p}", s.id));
    let report = state.report().unwrap_or_else(|e| panic!("{}: {e:?}", s.id));
    (state, report)
}

fn cursor(state: &WalState) -> u64 {
    state.cursor_ms.expect("every step sets a cursor")
}

fn eta_at(r: &Report, target: EtaTarget) -> u64 {
    match r.eta(0, target, 0) {
        Eta::At { t_ms, .. } => t_ms,
        other => panic!("{target:?}: expected a time, got {other:?}"),
    }
}

fn max_retained(r: &Report) -> u64 {
    r.series
        .iter()
        .flat_map(|p| &p.slots)
        .filter_map(|s| s.retained_bytes.map(|b| b.max))
        .max()
        .unwrap_or(0)
}

fn has(r: &Report, pred: impl Fn(&LogKind) -> bool) -> bool {
    r.events.iter().any(|e| pred(&e.kind))
}

// ---------------------------------------------------------------- shipped scripts are valid

#[test]
fn every_shipped_script_is_valid() {
    assert!(SCRIPTS.len() >= 2);
    for s in SCRIPTS {
        let problems = validate(s);
        assert!(problems.is_empty(), "{}: {problems:#?}", s.id);
        for k in 0..s.steps.len() {
            let state = state_at(s, k).unwrap_or_else(|p| panic!("{} step {k}: {p}", s.id));
            state
                .scenario()
                .unwrap_or_else(|e| panic!("{} step {k} does not validate: {e:?}", s.id));
        }
    }
}

#[test]
fn script_ids_are_unique_and_found() {
    for s in SCRIPTS {
        assert_eq!(script(s.id), Some(s));
        assert_eq!(SCRIPTS.iter().filter(|o| o.id == s.id).count(), 1);
        assert!(scripts_for(s.preset).contains(s), "{} not listed", s.id);
    }
    assert_eq!(script("no-such-script"), None);
}

#[test]
fn steps_for_a_preset() {
    assert_eq!(scripts_for("idle-db-no-heartbeat"), &[IDLE_DB_HEARTBEAT]);
    assert_eq!(
        scripts_for("weekend-outage-disk-full"),
        &[WEEKEND_SLOT_LIMIT]
    );
    assert!(scripts_for("month-business-hours").is_empty());
    assert!(scripts_for("no-such-preset").is_empty());
    // Every script listed under a preset starts from that preset and is a shipped script.
    for name in widget_core::state::preset_names() {
        for s in scripts_for(name) {
            assert_eq!(s.preset, name);
            assert!(SCRIPTS.contains(s));
        }
    }
}

#[test]
fn questions_have_two_to_four_choices_and_a_right_answer() {
    for s in SCRIPTS {
        for (i, step) in s.steps.iter().enumerate() {
            if let Some(q) = step.question {
                assert!((2..=4).contains(&q.choices.len()), "{} step {i}", s.id);
                assert!(q.answer < q.choices.len(), "{} step {i}", s.id);
                assert!(q.is_right(q.answer));
            }
        }
    }
}

// ---------------------------------------------------------------- rebuilt from the preset

#[test]
fn step_zero_without_changes_is_the_preset_with_a_cursor() {
    let s0 = state_at(&IDLE_DB_HEARTBEAT, 0).unwrap();
    let mut preset = WalState::for_preset("idle-db-no-heartbeat").unwrap();
    preset.set_cursor(Some(10 * MIN));
    assert_eq!(s0, preset);
}

#[test]
fn forward_then_back_restores_the_earlier_state_exactly() {
    for s in SCRIPTS {
        let n = s.steps.len();
        let forward: Vec<WalState> = (0..n).map(|k| state_at(s, k).unwrap()).collect();
        // Walk back down: each is equal to what the forward walk produced.
        for k in (0..n).rev() {
            assert_eq!(state_at(s, k).unwrap(), forward[k], "{} step {k}", s.id);
        }
        // A student's tweak at the last step does not leak into an earlier step.
        let mut tweaked = forward[n - 1].clone();
        tweaked
            .params
            .set("disk-size", ParamValue::Number(20_480))
            .unwrap();
        tweaked.set_cursor(Some(0));
        assert_ne!(tweaked, forward[n - 1]);
        assert_eq!(state_at(s, n - 2).unwrap(), forward[n - 2]);
    }
}

#[test]
fn a_step_is_the_same_whatever_path_led_there() {
    let s = &WEEKEND_SLOT_LIMIT;
    let direct = state_at(s, 4).unwrap();
    // 0 → 5 → 2 → 4, 4 → 0 → 4, jumping around: always the same state at 4.
    for path in [[0usize, 5, 2, 4], [4, 0, 3, 4], [5, 5, 1, 4]] {
        let mut last = None;
        for k in path {
            last = Some(state_at(s, k).unwrap());
        }
        assert_eq!(last.unwrap(), direct);
    }
    // Applying step 4's changes by hand on top of step 3 gives the same parameters as well.
    let mut by_hand = state_at(s, 3).unwrap();
    for (k, v) in s.steps[4].changes {
        by_hand.params.set(k, *v).unwrap();
    }
    assert_eq!(by_hand.params, direct.params);
}

#[test]
fn changes_accumulate_and_setting_the_preset_value_drops_the_override() {
    let s = &IDLE_DB_HEARTBEAT;
    assert!(state_at(s, 3).unwrap().params.overrides().is_empty());
    let s4 = state_at(s, 4).unwrap();
    assert_eq!(s4.params.number("heartbeat-interval"), Some(10_000));
    assert_eq!(s4.params.overrides().len(), 1);
    let s5 = state_at(s, 5).unwrap();
    assert_eq!(s5.params.number("heartbeat-interval"), Some(10_000));
    assert_eq!(
        s5.params.get("heartbeat-query"),
        Some(ParamValue::Choice("emit_message"))
    );
    // A script that sets a value and then sets the preset's value back ends at the preset.
    static BACK: &[Step] = &[
        step(
            &[("heartbeat-interval", ParamValue::Number(10_000))],
            Cursor::End,
        ),
        step(
            &[("heartbeat-interval", ParamValue::Number(0))],
            Cursor::End,
        ),
    ];
    let back = custom(BACK);
    assert!(state_at(&back, 1).unwrap().params.overrides().is_empty());
}

#[test]
fn cursor_end_follows_the_duration_of_that_step() {
    static SHORT: &[Step] = &[
        step(&[], Cursor::End),
        step(&[("duration", ParamValue::Number(24))], Cursor::End),
    ];
    let s = custom(SHORT);
    assert_eq!(state_at(&s, 0).unwrap().cursor_ms, Some(72 * HOUR));
    assert_eq!(state_at(&s, 1).unwrap().cursor_ms, Some(24 * HOUR));
}

#[test]
fn a_step_permalink_is_the_query_of_its_state() {
    let q = permalink(&IDLE_DB_HEARTBEAT, 5, "wal").unwrap();
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        q,
        pairs(&[
            ("wal.preset", "idle-db-no-heartbeat"),
            ("wal.heartbeat-interval", "10000"),
            ("wal.heartbeat-query", "emit_message"),
            ("wal.t", "259200000"),
        ])
    );
    // The link reads back to exactly the step's parameters and cursor.
    let (back, problems) = WalState::from_query(&WalState::default(), &q, "wal");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back, state_at(&IDLE_DB_HEARTBEAT, 5).unwrap());
    assert_eq!(
        permalink(&WEEKEND_SLOT_LIMIT, 3, "").unwrap(),
        pairs(&[
            ("preset", "weekend-outage-disk-full"),
            ("max-slot-wal-keep-size", "8192"),
            ("t", "410400000"),
        ])
    );
}

// ---------------------------------------------------------------- broken scripts

const fn step(changes: &'static [(&'static str, ParamValue)], cursor: Cursor) -> Step {
    Step {
        title_ru: "Шаг",
        title_en: "Step",
        narration_ru: "Текст.",
        narration_en: "Text.",
        changes,
        cursor,
        window: None,
        question: None,
    }
}

fn custom(steps: &'static [Step]) -> Script {
    Script {
        id: "test-script",
        preset: "idle-db-no-heartbeat",
        title_ru: "Тест",
        title_en: "Test",
        steps,
    }
}

static OK: Step = step(&[], Cursor::At(0));

fn only_problem(s: &Script) -> widget_core::Problem {
    let problems = validate(s);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems.into_iter().next().unwrap()
}

#[test]
fn an_unknown_key_is_rejected_naming_step_and_key() {
    static STEPS: &[Step] = &[
        OK,
        step(
            &[("heartbeat-intervall", ParamValue::Number(10_000))],
            Cursor::End,
        ),
    ];
    let s = custom(STEPS);
    let p = only_problem(&s);
    assert_eq!(p.key, "heartbeat-intervall");
    assert_eq!(p.value, "10000");
    assert!(
        p.message_en
            .starts_with("script \"test-script\", step 2: heartbeat-intervall"),
        "{}",
        p.message_en
    );
    assert!(
        p.message_ru
            .starts_with("сценарий «test-script», шаг 2: heartbeat-intervall"),
        "{}",
        p.message_ru
    );
    // state_at refuses the bad step and every later one, and accepts the earlier ones.
    assert!(state_at(&s, 0).is_ok());
    assert_eq!(state_at(&s, 1).unwrap_err(), p);
}

#[test]
fn an_out_of_range_value_is_rejected_naming_step_key_and_value() {
    static STEPS: &[Step] = &[
        OK,
        OK,
        step(
            &[("max-slot-wal-keep-size", ParamValue::Number(-5))],
            Cursor::End,
        ),
    ];
    let p = only_problem(&custom(STEPS));
    assert_eq!(
        (p.key.as_str(), p.value.as_str()),
        ("max-slot-wal-keep-size", "-5")
    );
    assert!(
        p.message_en
            .contains("step 3: max-slot-wal-keep-size: \"-5\" is not between -1 and 1048576"),
        "{}",
        p.message_en
    );
    assert!(
        p.message_ru
            .contains("шаг 3: max-slot-wal-keep-size: «-5» вне диапазона"),
        "{}",
        p.message_ru
    );
}

#[test]
fn off_grid_wrong_kind_and_cross_parameter_values_are_rejected() {
    static STEPS: &[Step] = &[step(
        &[
            // Off the 100 ms grid (Debezium: 0 or at least 100).
            ("heartbeat-interval", ParamValue::Number(50)),
            // A number for a choice.
            ("pg-version", ParamValue::Number(15)),
            // Not a choice.
            ("heartbeat-query", ParamValue::Choice("insert")),
            // Breaks warning < critical (5120 by default).
            ("warning-threshold", ParamValue::Number(6000)),
        ],
        Cursor::End,
    )];
    let problems = validate(&custom(STEPS));
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "heartbeat-interval",
            "pg-version",
            "heartbeat-query",
            "warning-threshold"
        ]
    );
    assert!(problems.iter().all(|p| p.message_en.contains("step 1: ")));
}

#[test]
fn a_bad_answer_index_and_bad_choice_counts_are_rejected() {
    static ONE: &[Choice] = &[Choice {
        label_ru: "Да",
        label_en: "Yes",
    }];
    static TWO: &[Choice] = &[
        Choice {
            label_ru: "Да",
            label_en: "Yes",
        },
        Choice {
            label_ru: "Нет",
            label_en: "No",
        },
    ];
    const fn asking(choices: &'static [Choice], answer: usize) -> Step {
        Step {
            question: Some(Question {
                prompt_ru: "Вопрос?",
                prompt_en: "Question?",
                choices,
                answer,
                explanation_ru: "Потому что.",
                explanation_en: "Because.",
            }),
            ..step(&[], Cursor::At(0))
        }
    }
    static BAD_ANSWER: &[Step] = &[OK, OK, OK, asking(TWO, 2)];
    let p = only_problem(&custom(BAD_ANSWER));
    assert_eq!((p.key.as_str(), p.value.as_str()), ("question.answer", "2"));
    assert!(
        p.message_en
            .contains("step 4: question.answer: \"2\" is not a choice (indices 0 to 1)"),
        "{}",
        p.message_en
    );
    assert!(
        p.message_ru
            .contains("шаг 4: question.answer: «2» — нет такого варианта"),
        "{}",
        p.message_ru
    );

    static TOO_FEW: &[Step] = &[asking(ONE, 0)];
    let p = only_problem(&custom(TOO_FEW));
    assert_eq!(
        (p.key.as_str(), p.value.as_str()),
        ("question.choices", "1")
    );
    assert!(state_at(&custom(TOO_FEW), 0).is_err());
}

#[test]
fn cursor_window_preset_index_and_empty_text_problems() {
    static LATE: &[Step] = &[step(&[], Cursor::At(72 * HOUR + 1))];
    let p = only_problem(&custom(LATE));
    assert_eq!((p.key.as_str(), p.value.as_str()), ("cursor", "259200001"));
    assert!(p.message_en.contains("step 1: cursor"));

    // The cursor is checked against the duration after the step's own changes.
    static SHORTENED: &[Step] = &[step(
        &[("duration", ParamValue::Number(1))],
        Cursor::At(2 * HOUR),
    )];
    assert_eq!(only_problem(&custom(SHORTENED)).key, "cursor");

    static WINDOWS: &[Step] = &[
        Step {
            window: Some(Window {
                from_ms: 5,
                to_ms: 5,
            }),
            ..step(&[], Cursor::End)
        },
        Step {
            window: Some(Window {
                from_ms: 0,
                to_ms: 73 * HOUR,
            }),
            ..step(&[], Cursor::End)
        },
    ];
    let problems = validate(&custom(WINDOWS));
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0].value, "5..5");
    assert!(problems[1].message_en.contains("step 2: window"));

    static EMPTY: &[Step] = &[Step {
        narration_en: " ",
        ..step(&[], Cursor::End)
    }];
    assert_eq!(only_problem(&custom(EMPTY)).key, "narration");

    let no_preset = Script {
        preset: "no-such-preset",
        ..custom(LATE)
    };
    let p = only_problem(&no_preset);
    assert_eq!(
        (p.key.as_str(), p.value.as_str()),
        ("preset", "no-such-preset")
    );
    assert_eq!(state_at(&no_preset, 0).unwrap_err(), p);

    let p = state_at(&IDLE_DB_HEARTBEAT, 6).unwrap_err();
    assert_eq!((p.key.as_str(), p.value.as_str()), ("step", "6"));

    assert_eq!(only_problem(&custom(&[])).key, "steps");
}

// ---------------------------------------------------------------- narration = model
// Script 1: idle-db-heartbeat-fix (analytics writes 1 MiB/s, inventory nothing).

#[test]
fn idle_1_idle_database_busy_neighbour_600_mb_after_10_minutes() {
    let (state, r) = report_at(&IDLE_DB_HEARTBEAT, 0);
    assert_eq!(state.params.number("captured-rate"), Some(0));
    assert_eq!(state.params.number("other-rate"), Some(1_048_576));
    let t = cursor(&state);
    assert_eq!(t, 10 * MIN);
    // 600 s × 1 MiB/s, all retained: nothing has been confirmed.
    let row = r.slot_row(0, t).unwrap();
    assert_eq!(row.retained_bytes, Some(600 * MIB));
    assert_eq!(row.wal_status, Some(WalStatus::Reserved));
}

#[test]
fn idle_2_question_retained_wal_grows_until_the_disk_is_full() {
    let s = &IDLE_DB_HEARTBEAT;
    assert_eq!(state_at(s, 1).unwrap(), state_at(s, 0).unwrap());
    let q = s.steps[1].question.unwrap();
    assert!(q.choices[q.answer]
        .label_en
        .contains("grows until the disk is full"));
    let (_, r) = report_at(s, 1);
    // Not "stays at 600 MB", not removed by a checkpoint: it only grows, to a full disk.
    assert!(r.slot_row(0, 20 * MIN).unwrap().retained_bytes.unwrap() > 600 * MIB);
    assert!(has(&r, |k| matches!(k, LogKind::DiskFull { .. })));
    let mut last = 0;
    for p in &r.series {
        if let Some(b) = p.slots[0].retained_bytes {
            assert!(b.min >= last, "retained WAL went down at {} ms", p.from_ms);
            last = b.last;
        }
    }
}

#[test]
fn idle_3_thresholds_17_min_18_min_and_1_h_25_min() {
    let (state, r) = report_at(&IDLE_DB_HEARTBEAT, 2);
    let warning = eta_at(&r, EtaTarget::Warning);
    let extended = eta_at(&r, EtaTarget::Extended);
    let critical = eta_at(&r, EtaTarget::Critical);
    // 1 GiB at 1 MiB/s = 1024 s = 17 min 4 s; 5 GiB = 5120 s = 1 h 25 min 20 s.
    assert!((17 * MIN..18 * MIN).contains(&warning), "{warning}");
    assert!(warning < extended && extended <= 18 * MIN, "{extended}");
    assert!((85 * MIN..86 * MIN).contains(&critical), "{critical}");
    // The cursor (1 h 30 min) and the window (0–2 h) show all three.
    let t = cursor(&state);
    assert!(critical <= t && t <= 2 * HOUR);
    let row = r.slot_row(0, t).unwrap();
    assert_eq!(row.wal_status, Some(WalStatus::Extended));
    assert!(row.retained_bytes.unwrap() > 5 * GIB);
}

#[test]
fn idle_4_the_50_gb_disk_is_full_after_14_hours() {
    let (state, r) = report_at(&IDLE_DB_HEARTBEAT, 3);
    assert_eq!(state.params.number("disk-size"), Some(51_200));
    let down = r.server_down_at_ms.expect("PostgreSQL stops");
    // 50 GiB at 1 MiB/s = 51 200 s = 14 h 13 min 20 s.
    assert!((14 * HOUR..14 * HOUR + 30 * MIN).contains(&down), "{down}");
    assert!(has(&r, |k| matches!(k, LogKind::DiskFull { .. })));
    assert_eq!(cursor(&state), r.duration_ms);
}

#[test]
fn idle_5_a_heartbeat_without_a_query_does_not_help() {
    let s = &IDLE_DB_HEARTBEAT;
    let (state, r) = report_at(s, 4);
    assert_eq!(state.params.number("heartbeat-interval"), Some(10_000));
    assert_eq!(
        state.params.get("heartbeat-query"),
        Some(ParamValue::Choice("none"))
    );
    let (_, before) = report_at(s, 3);
    // "The disk fills just the same after 14 hours": the same instant, the same thresholds.
    assert_eq!(r.server_down_at_ms, before.server_down_at_ms);
    for t in [
        EtaTarget::Warning,
        EtaTarget::Extended,
        EtaTarget::Critical,
        EtaTarget::DiskFull,
    ] {
        assert_eq!(eta_at(&r, t), eta_at(&before, t), "{t:?}");
    }
    let q = s.steps[4].question.unwrap();
    assert!(q.choices[q.answer]
        .label_en
        .starts_with("No, the disk fills"));
}

#[test]
fn idle_6_emit_message_heartbeat_keeps_retained_wal_at_most_113_mb() {
    let (state, r) = report_at(&IDLE_DB_HEARTBEAT, 5);
    assert_eq!(state.params.number("duration"), Some(72));
    // By hand: 1 MiB/s × (heartbeat 10 s + offset flush 60 s + running-xacts ≤ 15 s + a
    // segment's rounding) ≈ 100–115 MiB; the preset's story says 113 MB.
    let max = max_retained(&r);
    assert!(max > 100 * MIB && max <= 113 * MIB + MIB / 2, "{max}");
    assert_eq!(r.server_down_at_ms, None);
    assert!(!has(&r, |k| matches!(k, LogKind::AlertRaised { .. })));
    assert_eq!(
        r.slot_row(0, cursor(&state)).unwrap().wal_status,
        Some(WalStatus::Reserved)
    );
}

// Script 2: weekend-slot-limit (64 KiB/s; down Friday 18:00 = 114 h → Monday 08:00 = 176 h).

#[test]
fn weekend_1_connector_stopped_friday_18_00_until_monday_08_00() {
    let (state, r) = report_at(&WEEKEND_SLOT_LIMIT, 0);
    assert_eq!(state.params.number("outage-start"), Some(114));
    assert_eq!(state.params.number("outage-hours"), Some(62));
    assert_eq!(state.params.number("captured-rate"), Some(65_536));
    assert_eq!(state.params.number("max-slot-wal-keep-size"), Some(-1));
    assert_eq!(cursor(&state), 114 * HOUR);
    // Healthy until then: the slot retains less than one segment.
    assert!(r.slot_row(0, 114 * HOUR).unwrap().retained_bytes.unwrap() < 16 * MIB);
    assert!(!r.slot_row(0, 115 * HOUR).unwrap().active);
}

#[test]
fn weekend_2_question_62_hours_at_64_kb_s_is_13_6_gb() {
    let (state, r) = report_at(&WEEKEND_SLOT_LIMIT, 1);
    assert_eq!(state.params.number("disk-size"), Some(10_240));
    // 62 h × 3600 s × 64 KiB = 14 284 800 KiB = 13.62 GiB > 10 GiB.
    let bytes = 62 * 3600 * 64 * 1024;
    assert_eq!(bytes * 100 / GIB, 1362);
    assert!(bytes > 10 * GIB);
    assert!(r.server_down_at_ms.is_some());
}

#[test]
fn weekend_3_disk_full_on_sunday_about_15_30_slot_survives() {
    let (state, r) = report_at(&WEEKEND_SLOT_LIMIT, 2);
    let down = r.server_down_at_ms.expect("PostgreSQL stops");
    // Sunday = 144 h + hh; 15:00–16:00.
    assert!((159 * HOUR..160 * HOUR).contains(&down), "{down}");
    assert!(has(&r, |k| matches!(k, LogKind::DiskFull { .. })));
    let t = cursor(&state);
    assert!(t >= down);
    assert_eq!(
        r.slot_row(0, t).unwrap().wal_status,
        Some(WalStatus::Extended)
    );
    assert!(!has(&r, |k| matches!(k, LogKind::SlotInvalidated { .. })));
}

#[test]
fn weekend_4_question_the_limit_loses_the_slot_not_the_disk() {
    let (state, r) = report_at(&WEEKEND_SLOT_LIMIT, 3);
    assert_eq!(state.params.number("max-slot-wal-keep-size"), Some(8192));
    assert_eq!(r.server_down_at_ms, None);
    assert!(has(&r, |k| matches!(k, LogKind::SlotInvalidated { .. })));
    // Unreserved first, then lost.
    assert!(has(&r, |k| matches!(
        k,
        LogKind::WalStatusChanged {
            to: Some(WalStatus::Unreserved),
            ..
        }
    )));
}

#[test]
fn weekend_5_slot_lost_on_sunday_about_06_30_pg_wal_below_1_gb() {
    let (state, r) = report_at(&WEEKEND_SLOT_LIMIT, 4);
    let lost = eta_at(&r, EtaTarget::Lost);
    // 8 GiB at 64 KiB/s = 131 072 s = 36.4 h after 114 h = 150.4 h = Sunday 06:24.
    assert!(
        (150 * HOUR + 15 * MIN..150 * HOUR + 45 * MIN).contains(&lost),
        "{lost}"
    );
    let t = cursor(&state);
    assert!(t > lost);
    assert_eq!(r.wal_status_at(0, t), Some(WalStatus::Lost));
    assert!(r.pg_wal_bytes_at(t) < GIB);
    assert_eq!(r.server_down_at_ms, None);
}

#[test]
fn weekend_6_monday_08_00_the_connector_fails_on_the_lost_slot() {
    let (state, r) = report_at(&WEEKEND_SLOT_LIMIT, 5);
    let t = cursor(&state);
    assert_eq!(t, 176 * HOUR);
    assert!(r
        .events
        .iter()
        .any(|e| e.t_ms == t && matches!(e.kind, LogKind::SlotUnusable { .. })));
    assert!(r.events.iter().any(|e| e.t_ms == t
        && matches!(
            e.kind,
            LogKind::ConnectorStateChanged {
                state: wal_model::report::ConnectorState::Failed,
                ..
            }
        )));
}
