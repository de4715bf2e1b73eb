//! Instructor scripts for `<cdc-dr-drill>`: the shared script shape
//! ([`crate::steps::Script`]) over a [`DrStep`] that carries texts, the **command lines the
//! step runs** (relative to the previous step, as typed in the terminal) and an optional
//! predict-first [`Question`].
//!
//! The state of step `k` is rebuilt from the scenario by replaying the lines of steps
//! `0..=k` on a fresh incident world ([`dr_state_at`]), so going back restores the exact
//! transcript. [`validate_dr`] returns every problem: an unknown scenario, a line the panel
//! would answer with a tool error or a "not modelled" message, too many lines, and the shared
//! question and text checks ([`narrated_problems`]), each prefixed with the script and the
//! step counted from 1.

use crate::dr::drill::Did;
use crate::dr::scenarios::{
    CREATE_STOPPED_LINE, GET_OFFSETS_LINE, RESUME_LINE, SLOT_QUERY_LINE, STATUS_LINE,
};
use crate::dr::state::{DrState, MAX_LINES};
use crate::problem::Problem;
use crate::steps::{
    at_step, narrated_problems, no_preset_problem, no_step_problem, script_problems, Choice,
    Question, Script,
};
use dr_model::command::{parse, Parsed};

/// One step of a drill script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrStep {
    /// Short Russian title.
    pub title_ru: &'static str,
    /// Short English title.
    pub title_en: &'static str,
    /// Russian narration.
    pub narration_ru: &'static str,
    /// English narration.
    pub narration_en: &'static str,
    /// Lines this step runs, in order.
    pub lines: &'static [&'static str],
    /// A predict-first question.
    pub question: Option<Question>,
}

crate::steps::narrated_by_fields!(DrStep);

/// A script for `<cdc-dr-drill>`.
pub type DrScript = Script<DrStep>;

/// Every shipped drill script.
pub static DR_SCRIPTS: &[DrScript] = &[CONNECTOR_DELETED_RESTORE];

/// The scripts that start from `preset`.
pub fn dr_scripts_for(preset: &str) -> &'static [DrScript] {
    if preset == CONNECTOR_DELETED_RESTORE.preset {
        DR_SCRIPTS
    } else {
        &[]
    }
}

/// A shipped script by id.
pub fn dr_script(id: &str) -> Option<&'static DrScript> {
    crate::steps::script_by_id(DR_SCRIPTS, id)
}

fn start(script: &DrScript) -> Result<DrState, Problem> {
    let mut state = DrState::default();
    state
        .set_preset(script.preset)
        .map_err(|_| no_preset_problem(script.id, script.preset))?;
    Ok(state)
}

/// The exact state of step `step` (from 0): the scenario with the lines of steps `0..=step`.
pub fn dr_state_at(script: &DrScript, step: usize) -> Result<DrState, Problem> {
    let mut state = start(script)?;
    let Some(steps) = script.steps.get(..=step) else {
        return Err(no_step_problem(script, step));
    };
    for (i, s) in steps.iter().enumerate() {
        for line in s.lines {
            state.push_line(line).map_err(|p| at_step(script, i, p))?;
        }
    }
    Ok(state)
}

/// Every problem of a drill script (empty: valid).
pub fn validate_dr(script: &DrScript) -> Vec<Problem> {
    let mut state = match start(script) {
        Ok(s) => s,
        Err(p) => return vec![p],
    };
    let mut problems = script_problems(script);
    let mut count = 0usize;
    for (i, s) in script.steps.iter().enumerate() {
        let mut here = narrated_problems(s);
        for line in s.lines {
            count += 1;
            if count > MAX_LINES {
                here.push(Problem::new(
                    "lines",
                    line,
                    |v| format!("«{v}»: больше {MAX_LINES} команд"),
                    |v| format!("\"{v}\": more than {MAX_LINES} commands"),
                ));
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let own = matches!(words.first(), Some(&"sleep") | Some(&"cat"));
            if !own && matches!(parse(line), Parsed::Error(_) | Parsed::Unsupported(_)) {
                here.push(Problem::new(
                    "lines",
                    line,
                    |v| format!("«{v}» — панель не примет эту команду"),
                    |v| format!("\"{v}\" is not a command the panel runs"),
                ));
            }
            let _ = state.push_line(line);
        }
        problems.extend(here.into_iter().map(|p| at_step(script, i, p)));
    }
    // Every `sleep`/`cat` must be the panel's: replay and look for refused ones.
    if let Ok(d) = state.drill() {
        for e in d.entries() {
            if matches!(e.record.did, Did::Sleep | Did::ReadBackup) && !e.record.ok {
                problems.push(Problem::new(
                    "lines",
                    &e.line,
                    |v| format!("сценарий «{}»: «{v}» не выполняется", script.id),
                    |v| format!("script \"{}\": \"{v}\" does not run", script.id),
                ));
            }
        }
    }
    problems
}

/// The PATCH that puts back the lab connector's last offset after the `connector-deleted`
/// incident with the default settings: change 150 committed by the delete, LSN
/// 0x3000000 + 256 × 150 = 50 370 048, txId 750 + 150 = 900.
pub const PATCH_CHANGE_150_LINE: &str = r#"curl -fsS -X PATCH -H 'Content-Type: application/json' -d '{"offsets":[{"partition":{"server":"inventory"},"offset":{"lsn_proc":50370048,"lsn_commit":50370048,"lsn":50370048,"txId":900}}]}' http://localhost:8083/connectors/inventory-connector/offsets"#;

/// "Connector deleted → recreate stopped, PATCH, resume", on `connector-deleted`. Every
/// outcome narrated here is checked by `tests/dr.rs`.
pub const CONNECTOR_DELETED_RESTORE: DrScript = Script {
    id: "connector-deleted-restore",
    preset: "connector-deleted",
    title_ru: "Коннектор удалён: вернуть без потерь",
    title_en: "Connector deleted: back without loss",
    steps: &[
        DrStep {
            title_ru: "Авария",
            title_en: "The incident",
            narration_ru: "Стенд работал 150 с: одно изменение в секунду, смещения фиксировались на 60-й и 120-й секунде. Затем кто-то выполнил DELETE /connectors/inventory-connector.",
            narration_en: "The lab ran for 150 s: one change per second, offsets committed at 60 s and 120 s. Then someone ran DELETE /connectors/inventory-connector.",
            lines: &[],
            question: Some(Question {
                prompt_ru: "Что потеряно при удалении коннектора?",
                prompt_en: "What is lost when the connector is deleted?",
                choices: &[
                    Choice {
                        label_ru: "Только конфигурация",
                        label_en: "Only the configuration",
                    },
                    Choice {
                        label_ru: "Конфигурация и смещения",
                        label_en: "The configuration and the offsets",
                    },
                    Choice {
                        label_ru: "Конфигурация, смещения и слот",
                        label_en: "The configuration, the offsets and the slot",
                    },
                ],
                answer: 0,
                explanation_ru: "DELETE удаляет конфигурацию, но не смещения в connect-offsets и не слот. При удалении воркер ещё и зафиксировал последнее смещение: изменение 150.",
                explanation_en: "DELETE removes the configuration, not the offsets in connect-offsets and not the slot. On delete the worker even committed the last offset: change 150.",
            }),
        },
        DrStep {
            title_ru: "Шаг 1: статус",
            title_en: "Step 1: status",
            narration_ru: "Первый шаг runbook — зафиксировать состояние. Коннектора нет: воркер отвечает 404, curl -f печатает ошибку.",
            narration_en: "The runbook's first step is to record the state. The connector is gone: the worker answers 404 and curl -f prints the error.",
            lines: &[STATUS_LINE],
            question: None,
        },
        DrStep {
            title_ru: "Шаг 4: слот",
            title_en: "Step 4: the slot",
            narration_ru: "Слот debezium_inventory на месте, но неактивен и удерживает WAL: confirmed_flush_lsn остался на 120-й секунде.",
            narration_en: "The slot debezium_inventory is still there, but inactive and retaining WAL: confirmed_flush_lsn stayed at 120 s.",
            lines: &[SLOT_QUERY_LINE],
            question: None,
        },
        DrStep {
            title_ru: "Создать остановленным",
            title_en: "Create it stopped",
            narration_ru: "Создайте коннектор с тем же именем и initial_state STOPPED: задач нет, и можно проверить смещения до первого запуска. GET …/offsets показывает сохранённое смещение: lsn_commit 50370048 — изменение 150.",
            narration_en: "Create the connector under the same name with initial_state STOPPED: no tasks, so you can check the offsets before the first start. GET …/offsets shows the stored offset: lsn_commit 50370048, change 150.",
            lines: &[CREATE_STOPPED_LINE, GET_OFFSETS_LINE],
            question: Some(Question {
                prompt_ru: "Что будет, если сейчас сделать resume без PATCH?",
                prompt_en: "What happens if you resume now without a PATCH?",
                choices: &[
                    Choice {
                        label_ru: "Полный снимок: дубликаты",
                        label_en: "A full snapshot: duplicates",
                    },
                    Choice {
                        label_ru: "Продолжит с изменения 151",
                        label_en: "It continues from change 151",
                    },
                    Choice {
                        label_ru: "Ошибка: позиция недоступна",
                        label_en: "An error: the position is not available",
                    },
                ],
                answer: 1,
                explanation_ru: "Имя и topic.prefix те же, значит, тот же ключ смещения: коннектор найдёт изменение 150 и продолжит с 151. PATCH тем же значением — это проверка runbook, а не спасение.",
                explanation_en: "The same name and topic.prefix mean the same offset key: the connector finds change 150 and continues from 151. A PATCH with the same value is the runbook's check, not the rescue.",
            }),
        },
        DrStep {
            title_ru: "PATCH, resume, проверка",
            title_en: "PATCH, resume, check",
            narration_ru: "Запишите смещение из копии через PATCH, проверьте GET, запустите resume и подождите минуту. Верификатор: 0 пропусков и 0 дубликатов.",
            narration_en: "Write the offset from the backup with PATCH, check it with GET, resume and wait a minute. The verifier: 0 gaps and 0 duplicates.",
            lines: &[
                PATCH_CHANGE_150_LINE,
                GET_OFFSETS_LINE,
                RESUME_LINE,
                "sleep 60",
                STATUS_LINE,
            ],
            question: None,
        },
    ],
};
