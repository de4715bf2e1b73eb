//! Lesson 07's runbook as a checklist over the drill's history: which steps are done, done out
//! of order or skipped, and warnings for the dangerous shortcuts the lesson names.
//!
//! A pure function of the scenario's incident and the lines' [`Record`]s ([`runbook`]). Steps
//! follow the lesson's "Шаблон runbook" (steps 1–4, 6–9; step 5, comparing positions, is
//! thinking, not a command, and steps 10–12 happen after the drill); a step that an incident
//! does not need is [`StepState::NotNeeded`] (a crashed worker needs no offsets restored).
//! A step is done at the first line that does it successfully; it is **out of order** when an
//! earlier needed step was done only after it; an earlier needed step still open when a later
//! one is done is **skipped**.
//!
//! Warnings (each at the line that caused it): dropping a slot before any `GET …/status`, or
//! the connector's own slot while the connector still exists unstopped (the lesson: "Перед удалением убедитесь, что
//! коннектора нет"); `PATCH`/`DELETE …/offsets` while the connector is not STOPPED (the worker
//! refuses, lesson: "только в состоянии STOPPED"); restoring offsets without first looking at a
//! backup (`GET …/offsets`, the console consumer or the backup file); `pause` instead of `stop`
//! (the lesson: "Не используйте pause"); resetting offsets (the next start snapshots).

use crate::dr::drill::{Did, Record};
use crate::lang::Lang;
use dr_model::{ConnectorState, Incident, SnapshotMode};

/// One runbook step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunbookStep {
    /// The lesson's step number (1–9).
    pub number: u8,
    /// Russian text.
    pub text_ru: &'static str,
    /// English text.
    pub text_en: &'static str,
}

impl RunbookStep {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &'static str {
        lang.pick(self.text_ru, self.text_en)
    }
}

/// The checklist's steps, in the lesson's order.
pub static RUNBOOK: [RunbookStep; 9] = [
    RunbookStep {
        number: 1,
        text_ru: "Зафиксируйте состояние: GET …/status",
        text_en: "Record the state: GET …/status",
    },
    RunbookStep {
        number: 2,
        text_ru: "Остановите коннектор (PUT …/stop) или создайте его остановленным; не pause",
        text_en: "Stop the connector (PUT …/stop) or create it stopped; not pause",
    },
    RunbookStep {
        number: 3,
        text_ru: "Проверьте копию смещений: GET …/offsets, дамп connect-offsets или файл копии",
        text_en:
            "Check the offsets backup: GET …/offsets, the connect-offsets dump or the backup file",
    },
    RunbookStep {
        number: 4,
        text_ru: "Проверьте слот: pg_replication_slots",
        text_en: "Check the slot: pg_replication_slots",
    },
    RunbookStep {
        number: 6,
        text_ru: "Восстановите смещения: PATCH …/offsets, затем GET …/offsets",
        text_en: "Restore the offsets: PATCH …/offsets, then GET …/offsets",
    },
    RunbookStep {
        number: 7,
        text_ru: "Слот потерян: создайте его и задайте snapshot.mode=when_needed или always",
        text_en: "Slot lost: create it and set snapshot.mode=when_needed or always",
    },
    RunbookStep {
        number: 7,
        text_ru: "Удалите брошенный слот: только неактивный и только когда коннектора нет",
        text_en: "Drop the orphaned slot: only inactive, only when no connector owns it",
    },
    RunbookStep {
        number: 8,
        text_ru: "Запустите коннектор (resume, restart или воркер) и дождитесь RUNNING",
        text_en: "Start the connector (resume, restart or the worker) and wait for RUNNING",
    },
    RunbookStep {
        number: 9,
        text_ru: "Проверьте после запуска: статус и позиция слота",
        text_en: "Check after the start: the status and the slot's position",
    },
];

/// A step's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    /// Not needed for this incident.
    NotNeeded,
    /// Not done yet.
    Pending,
    /// Not done, but a later step was: skipped.
    Skipped,
    /// Done at this line (index into the transcript).
    Done(usize),
    /// Done at this line, before an earlier step.
    OutOfOrder(usize),
}

/// A warning at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line's index in the transcript.
    pub line: usize,
    /// Russian text.
    pub text_ru: &'static str,
    /// English text.
    pub text_en: &'static str,
}

impl Warning {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &'static str {
        lang.pick(self.text_ru, self.text_en)
    }
}

/// The checklist now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runbook {
    /// Each step of [`RUNBOOK`] with its state, same order.
    pub steps: Vec<(&'static RunbookStep, StepState)>,
    /// Warnings, by line.
    pub warnings: Vec<Warning>,
}

fn needed(incident: Incident, step: usize) -> bool {
    use Incident::*;
    match step {
        0 | 3 | 8 => true,
        1 => matches!(
            incident,
            ConnectorDeleted | FailoverSlotLost | KafkaOffsetsLost
        ),
        2 | 4 => matches!(incident, ConnectorDeleted | KafkaOffsetsLost),
        5 => incident == FailoverSlotLost,
        6 => incident == OrphanedSlot,
        7 => incident != OrphanedSlot,
        _ => false,
    }
}

fn first(records: &[Record], from: usize, f: impl Fn(&Record) -> bool) -> Option<usize> {
    records
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, r)| r.ok && f(r))
        .map(|(i, _)| i)
}

/// The line where step `step` (index into [`RUNBOOK`]) is first done.
fn done_at(records: &[Record], step: usize, started: Option<usize>) -> Option<usize> {
    match step {
        0 => first(records, 0, |r| r.did == Did::Status),
        1 => first(records, 0, |r| {
            matches!(
                r.did,
                Did::Stop
                    | Did::Create {
                        stopped: true,
                        lab_name: true
                    }
            )
        }),
        2 => first(records, 0, |r| {
            matches!(
                r.did,
                Did::GetOffsets | Did::ConsumeOffsets | Did::ReadBackup
            )
        }),
        3 => first(records, 0, |r| r.did == Did::QuerySlots),
        4 => {
            let patch = first(records, 0, |r| r.did == Did::PatchOffsets)?;
            first(records, patch + 1, |r| r.did == Did::GetOffsets)
        }
        5 => {
            let slot = first(records, 0, |r| r.did == Did::CreateSlot)?;
            let mode = first(records, 0, |r| {
                matches!(
                    r.did,
                    Did::PutConfig(SnapshotMode::WhenNeeded | SnapshotMode::Always)
                )
            })?;
            Some(slot.max(mode))
        }
        6 => first(records, 0, |r| r.did == Did::DropSlot { lab: false }),
        7 => first(records, 0, |r| match r.did {
            Did::Resume | Did::Restart | Did::StartWorker => true,
            Did::Create {
                stopped: false,
                lab_name: true,
            } => true,
            Did::PutConfig(_) => r.connector_before == Some(ConnectorState::Running),
            _ => false,
        }),
        8 => {
            let from = started.map_or(records.len(), |s| s + 1);
            first(records, from, |r| {
                matches!(r.did, Did::Status | Did::QuerySlots)
            })
        }
        _ => None,
    }
}

/// The checklist for `incident` after the lines `records`.
pub fn runbook(incident: Incident, records: &[Record]) -> Runbook {
    let mut done: Vec<Option<usize>> = Vec::new();
    for step in 0..RUNBOOK.len() {
        // Step 9 (check after the start) needs the start (step 8) or, for the orphaned slot, the drop.
        let started = if incident == Incident::OrphanedSlot {
            done.get(6).copied().flatten()
        } else {
            done.get(7).copied().flatten()
        };
        done.push(if needed(incident, step) {
            done_at(records, step, started)
        } else {
            None
        });
    }
    let mut steps = Vec::new();
    for (i, step) in RUNBOOK.iter().enumerate() {
        let state = if !needed(incident, i) {
            StepState::NotNeeded
        } else {
            match done.get(i).copied().flatten() {
                Some(at) => {
                    let earlier_later = (0..i)
                        .filter(|j| needed(incident, *j))
                        .any(|j| done.get(j).copied().flatten().is_some_and(|d| d > at));
                    if earlier_later {
                        StepState::OutOfOrder(at)
                    } else {
                        StepState::Done(at)
                    }
                }
                None => {
                    let later_done = (i + 1..RUNBOOK.len())
                        .filter(|j| needed(incident, *j))
                        .any(|j| done.get(j).copied().flatten().is_some());
                    if later_done {
                        StepState::Skipped
                    } else {
                        StepState::Pending
                    }
                }
            }
        };
        steps.push((step, state));
    }
    Runbook {
        steps,
        warnings: warnings(records),
    }
}

fn warnings(records: &[Record]) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut status_seen = false;
    let mut backup_seen = false;
    for (i, r) in records.iter().enumerate() {
        let w = |text_ru, text_en| Warning {
            line: i,
            text_ru,
            text_en,
        };
        match r.did {
            Did::DropSlot { lab } => {
                if !status_seen {
                    out.push(w(
                        "Слот удаляют, не проверив, что коннектора нет (сначала GET …/status)",
                        "A slot is dropped without checking that the connector is gone (GET …/status first)",
                    ));
                } else if lab
                    && matches!(
                        r.connector_before,
                        Some(ConnectorState::Running | ConnectorState::Paused)
                    )
                {
                    out.push(w(
                        "Слот коннектора удаляют, пока коннектор существует и не остановлен",
                        "The connector's slot is dropped while the connector exists and is not stopped",
                    ));
                }
            }
            Did::PatchOffsets | Did::ResetOffsets
                if r.connector_before != Some(ConnectorState::Stopped) =>
            {
                out.push(w(
                    "Смещения меняют до остановки коннектора: нужно состояние STOPPED (PUT …/stop)",
                    "Offsets are changed before the connector is stopped: STOPPED is required (PUT …/stop)",
                ));
            }
            _ => {}
        }
        if r.did == Did::PatchOffsets && !backup_seen {
            out.push(w(
                "Смещения восстанавливают, не посмотрев копию (GET …/offsets, дамп или файл копии)",
                "Offsets are restored without looking at a backup (GET …/offsets, the dump or the backup file)",
            ));
        }
        if r.did == Did::Pause {
            out.push(w(
                "pause не подходит: задачи остаются, смещения менять нельзя; используйте stop",
                "pause does not do: the tasks stay and offsets cannot be changed; use stop",
            ));
        }
        if r.did == Did::ResetOffsets && r.ok {
            out.push(w(
                "Смещения сброшены: при запуске коннектор сделает снимок (дубликаты)",
                "Offsets reset: on start the connector will snapshot (duplicates)",
            ));
        }
        status_seen |= r.did == Did::Status;
        backup_seen |= r.ok
            && matches!(
                r.did,
                Did::GetOffsets | Did::ConsumeOffsets | Did::ReadBackup
            );
    }
    out
}
