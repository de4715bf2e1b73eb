//! Every text `<cdc-dr-drill>` shows that is not the tools' own output: labels ([`Label`]),
//! the verifier's summary with Russian plurals ([`verifier_summary`]), change numbers as
//! ranges ([`change_ranges`]), simulated time ([`sim_time`]), step states and states of the
//! connector in words.

use crate::dr::runbook::StepState;
use crate::fmt::{format_duration_ms, plural_word, NumberFormat};
use crate::lang::Lang;
use dr_model::Verification;

/// The widget's fixed labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The widget's title.
    Title,
    /// Terminal panel heading.
    Terminal,
    /// The input line's accessible name.
    Input,
    /// The run button.
    Run,
    /// The wait button.
    Wait60,
    /// Start over.
    Reset,
    /// Insert buttons' heading.
    Insert,
    /// State panel heading.
    State,
    /// Connector row.
    Connector,
    /// Task row.
    Task,
    /// Worker down.
    WorkerDown,
    /// No connector.
    NoConnector,
    /// Slots heading.
    Slots,
    /// No slots.
    NoSlots,
    /// Offsets topic heading.
    OffsetsTopic,
    /// Empty offsets topic.
    NoOffsets,
    /// Data topic heading.
    DataTopic,
    /// Timeline heading.
    Timeline,
    /// Runbook heading.
    Runbook,
    /// Task heading.
    TaskStatement,
    /// Verifier heading.
    Verifier,
    /// Passed.
    Passed,
    /// Not yet passed.
    NotPassed,
    /// Copy link.
    Link,
    /// Scenario select.
    Scenario,
    /// Settings heading.
    Settings,
    /// Hint under the input.
    Hint,
    /// Simulated time.
    SimTime,
    /// Events delivered.
    Events,
    /// Last change delivered.
    LastChange,
    /// Snapshots.
    Snapshots,
    /// Gaps list.
    Gaps,
    /// Duplicates list.
    Duplicates,
    /// The transcript is empty.
    EmptyTranscript,
}

impl Label {
    /// The text in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        use Label::*;
        let (ru, en) = match self {
            Title => ("Учения по DR: восстановление коннектора", "DR drill: recovering the connector"),
            Terminal => ("Терминал", "Terminal"),
            Input => ("Команда (Enter — выполнить, ↑/↓ — история)", "Command (Enter runs, ↑/↓ history)"),
            Run => ("Выполнить", "Run"),
            Wait60 => ("Подождать 60 с", "Wait 60 s"),
            Reset => ("Начать заново", "Start over"),
            Insert => ("Вставить команду", "Insert a command"),
            State => ("Состояние", "State"),
            Connector => ("Коннектор", "Connector"),
            Task => ("Задача", "Task"),
            WorkerDown => ("воркер Kafka Connect не отвечает", "the Kafka Connect worker is down"),
            NoConnector => ("нет (не создан или удалён)", "none (not created or deleted)"),
            Slots => ("Слоты репликации", "Replication slots"),
            NoSlots => ("слотов нет", "no slots"),
            OffsetsTopic => ("connect-offsets: последняя запись", "connect-offsets: latest record"),
            NoOffsets => ("записей нет", "no records"),
            DataTopic => ("Топик данных", "Data topic"),
            Timeline => ("Хронология", "Timeline"),
            Runbook => ("Runbook (регламент действий)", "Runbook"),
            TaskStatement => ("Задание", "Task"),
            Verifier => ("Верификатор", "Verifier"),
            Passed => ("✓ Задание выполнено", "✓ Task done"),
            NotPassed => ("✗ Задание ещё не выполнено", "✗ Task not done yet"),
            Link => ("Ссылка", "Link"),
            Scenario => ("Сценарий", "Scenario"),
            Settings => ("Параметры стенда", "Lab settings"),
            Hint => ("Кнопки вставляют команду в строку ввода, но не выполняют её. help — список команд.", "Buttons insert a command into the input line without running it. help lists the commands."),
            SimTime => ("Время стенда", "Lab time"),
            Events => ("событий в топике", "events in the topic"),
            LastChange => ("последнее изменение", "last change"),
            Snapshots => ("снимков", "snapshots"),
            Gaps => ("Пропуски (номера изменений)", "Gaps (change numbers)"),
            Duplicates => ("Дубликаты (номера изменений)", "Duplicates (change numbers)"),
            EmptyTranscript => ("Команд пока нет. Начните с GET …/status.", "No commands yet. Start with GET …/status."),
        };
        lang.pick(ru, en)
    }
}

/// `0 пропусков и 150 дубликатов` / `0 gaps and 150 duplicates`, with the RPO when there are
/// gaps (`; RPO 50 с`).
pub fn verifier_summary(v: &Verification, nf: &dyn NumberFormat) -> String {
    let gaps = v.gaps.len() as u64;
    let dups = v.duplicate_count();
    let lang = nf.lang();
    let (g_forms, d_forms, and) = match lang {
        Lang::Ru => (
            ["пропуск", "пропуска", "пропусков"],
            ["дубликат", "дубликата", "дубликатов"],
            "и",
        ),
        Lang::En => (
            ["gap", "gaps", "gaps"],
            ["duplicate", "duplicates", "duplicates"],
            "and",
        ),
    };
    let mut out = format!(
        "{} {} {and} {} {}",
        nf.decimal(gaps as f64, 0),
        plural_word(gaps as f64, g_forms, nf),
        nf.decimal(dups as f64, 0),
        plural_word(dups as f64, d_forms, nf),
    );
    if gaps > 0 {
        out.push_str(&format!("; RPO {}", format_duration_ms(v.rpo_ms, nf)));
    }
    out
}

/// Change numbers as ranges: `151–200, 230`; at most `max_ranges` ranges, then `…`.
pub fn change_ranges(numbers: impl IntoIterator<Item = u64>, max_ranges: usize) -> String {
    let mut ranges: Vec<(u64, u64)> = Vec::new();
    for n in numbers {
        match ranges.last_mut() {
            Some((_, hi)) if n == hi.saturating_add(1) => *hi = n,
            _ => ranges.push((n, n)),
        }
    }
    let mut parts: Vec<String> = ranges
        .iter()
        .take(max_ranges)
        .map(|(lo, hi)| {
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}–{hi}")
            }
        })
        .collect();
    if ranges.len() > max_ranges {
        parts.push("…".to_string());
    }
    parts.join(", ")
}

/// Simulated time as `2 мин 35 с` / `2 min 35 s` (`0 с` at 0).
pub fn sim_time(ms: u64, nf: &dyn NumberFormat) -> String {
    format_duration_ms(ms, nf)
}

/// A runbook step's state in words (always with its icon, never colour alone).
pub fn step_state(state: StepState, lang: Lang) -> (&'static str, String) {
    match state {
        StepState::NotNeeded => ("–", lang.pick("не нужен", "not needed").to_string()),
        StepState::Pending => ("○", lang.pick("не выполнен", "pending").to_string()),
        StepState::Skipped => ("⚠", lang.pick("пропущен", "skipped").to_string()),
        StepState::Done(line) => (
            "✓",
            lang.pick(
                format!("выполнен (команда {})", line + 1),
                format!("done (command {})", line + 1),
            ),
        ),
        StepState::OutOfOrder(line) => (
            "↯",
            lang.pick(
                format!("выполнен не по порядку (команда {})", line + 1),
                format!("done out of order (command {})", line + 1),
            ),
        ),
    }
}
