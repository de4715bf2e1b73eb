//! Lag → WAL: the calculator's WAL consequence of lag ([`scaling_model::WalExport`]) as a
//! state of `<cdc-wal-sim>` ([`WalState`]), so a lesson can show that a connector that cannot
//! keep up fills the disk. The view sends this state to a `<cdc-wal-sim>` on the same page or
//! opens the playground with it as a link ([`LagToWal::playground_href`]).
//!
//! ## The mapping (and what it simplifies)
//!
//! The WAL model has no connector with a throughput limit: its connector either runs (and
//! confirms everything it received within `offset.flush.interval.ms` + the next running-xacts
//! record) or is stopped (and confirms nothing). So the lagging connector is shown as the one
//! thing the WAL model does have that retains WAL at a chosen rate — a **stopped connector on
//! a database that writes only the excess**:
//!
//! * `M` = the calculator's largest lag-caused retention (`wal.max_retained_wal_bytes`), `W` =
//!   how long it grows: from the last series point with nothing retained before the maximum
//!   to the maximum (`wal.retained_wal_bytes`); `H = ⌈W / 1 h⌉` (outages are whole hours).
//! * the simulator's preset is `weekend-outage-disk-full` (10 GB `pg_wal` disk,
//!   `max_slot_wal_keep_size = -1`), with `captured-rate` `R = M / (H·3600 s)` rounded to the
//!   parameter's 1 KB/s step, `other-rate` 0, the connector stopped from hour 1 for `H` hours,
//!   and `duration` `H + 2` hours;
//! * the cursor is put at `1 h + c`, `c = min(H h − 1 min, 1 h, half the disk ÷ R)` (whole
//!   minutes, at least one; not the instant the connector restarts), where the simulator's
//!   slot row shows `retained_wal ≈ R·c` — before the disk is full, when the numbers can
//!   still be compared.
//!
//! While the connector is stopped the slot's `restart_lsn` stands still, so the simulator's
//! retained WAL grows by exactly `R` per second (WAL is cluster-wide, facts "Decoding is per
//! database"), plus the amount a healthy slot keeps at the moment it stops (about `R` ×
//! (60 s offset flush + 15 s running-xacts), up to twice that while a running-xacts candidate
//! waits for the next confirmation; facts "the chain that decides how much WAL a healthy slot
//! keeps"; `tests/scaling_to_wal.rs` allows `R` × 150 s). For a steady profile `M = g·T` and
//! `R` is the calculator's own growth rate (input − capacity) × WAL bytes per event; for a
//! daily peak or a burst `R` is the mean growth over the whole hours in which it grows, so that after `H` hours the slot holds the
//! calculator's `M`.
//!
//! ## No `WalState` here
//!
//! The state is built as `<cdc-wal-sim>`'s permalink pairs directly ([`LagToWal::query`]),
//! from the few numbers the mapping sets and the preset's values of them
//! ([`PRESET_VALUES`]), rather than through [`crate::WalState`]: that would link the WAL
//! presets and the whole parameter table (`state::params_for`, ≈ 20 KB of code plus its
//! texts) into the calculator's module, which has no simulator. The simulator's own parser
//! reads the pairs (`WalState::from_query`, in the simulator's module or the playground);
//! `tests/scaling_to_wal.rs` checks that they parse to exactly the state that building a
//! `WalState` here gave, and that [`PRESET_VALUES`] are the preset's.
//!
//! Simplifications, said to the student next to the button ([`explanation`]):
//! 1. The simulator's database writes only the excess `R`, not the server's real WAL rate:
//!    what a running-but-slow connector confirms is left out, and only the part it cannot
//!    confirm is written (facts: a slot retains all WAL since `restart_lsn`, which a lagging
//!    connector moves forward slowly, while the stopped one does not move it at all).
//! 2. When the outage ends the simulated connector confirms at once, while the real one
//!    drains its backlog at (capacity − input) — the calculator's drain time.
//! 3. Growth within the hours is even (a daily peak's curve is averaged).
//! 4. `captured-rate` is at most 64 MB/s: a faster excess is shown at 64 MB/s and the sentence
//!    says the simulator shows less ([`LagToWal::capped`]).

use crate::fmt::{format_bytes, format_duration_ms, format_rate, NumberFormat};
use crate::problem::Problem;
use scaling_model::Report;

/// The WAL preset the mapping starts from (a 10 GB disk, no slot limit).
pub const WAL_PRESET: &str = "weekend-outage-disk-full";
/// The id of the playground's `<cdc-wal-sim>` (its URL keys are `wal.<param>`).
pub const PLAYGROUND_WAL_ID: &str = "wal";
/// The playground's address when the element has no `data-playground-url`.
pub const DEFAULT_PLAYGROUND_URL: &str = "/";
/// The simulated connector stops this many hours after the start (the slot exists by then).
pub const OUTAGE_START_H: u64 = 1;
/// `captured-rate`'s step.
const RATE_STEP: u64 = 1024;
const HOUR_MS: u64 = 3_600_000;
const MINUTE_MS: u64 = 60_000;
/// `captured-rate`'s largest value (64 MB/s): a faster excess is shown at this rate.
const MAX_RATE: u64 = 64 << 20;
/// The longest outage the simulator accepts with the hour before and after (720 h in all).
const MAX_HOURS: u64 = 718;
/// The simulator's own limit on a state's cost (`params::MAX_ESTIMATED_CHECKPOINTS`): a state
/// over it is refused there, so no link is offered.
const MAX_ESTIMATED_CHECKPOINTS: u64 = crate::params::MAX_ESTIMATED_CHECKPOINTS;

/// What [`WAL_PRESET`] sets for the parameters the mapping uses (none of them approximate): a
/// pair equal to the preset's value is left out of the link, as `WalState::to_query` does.
/// `tests/scaling_to_wal.rs` checks these against the preset itself.
pub struct PresetValues {
    /// `captured-rate`, bytes/s.
    pub captured_rate_bytes_per_s: u64,
    /// `other-rate`, bytes/s.
    pub other_rate_bytes_per_s: u64,
    /// `outage-start`, hours.
    pub outage_start_h: u64,
    /// `outage-hours`.
    pub outage_hours: u64,
    /// `duration`, hours.
    pub duration_h: u64,
    /// `disk-size`, MB.
    pub disk_mb: u64,
    /// `max-wal-size`, MB (for the checkpoint estimate).
    pub max_wal_size_mb: u64,
    /// The WAL segment size, MB (for the checkpoint estimate).
    pub segment_mb: u64,
}

/// [`WAL_PRESET`]'s values (crates/wal-model/presets/weekend-outage-disk-full.json:
/// 64 KB/s into `inventory`, stopped 114 h → 176 h, 192 h, a 10 GB disk; PostgreSQL's
/// defaults for `max_wal_size` and the segment).
pub const PRESET_VALUES: PresetValues = PresetValues {
    captured_rate_bytes_per_s: 65_536,
    other_rate_bytes_per_s: 0,
    outage_start_h: 114,
    outage_hours: 62,
    duration_h: 192,
    disk_mb: 10_240,
    max_wal_size_mb: 1024,
    segment_mb: 16,
};

/// `WalParams::estimated_wal_checkpoints` for [`WAL_PRESET`] with `captured-rate` =
/// `rate_bytes_per_s` and `duration` = `duration_h` (the same arithmetic on the preset's
/// `max-wal-size`, segment and `other-rate`).
pub fn estimated_checkpoints(rate_bytes_per_s: u64, duration_h: u64) -> u64 {
    let p = &PRESET_VALUES;
    let seg_mb = u128::from(p.segment_mb.max(1));
    let segments = (u128::from(p.max_wal_size_mb) / seg_mb * 10 / 19).max(1);
    let per_checkpoint = segments * seg_mb * 1024 * 1024;
    let rate = u128::from(rate_bytes_per_s) + u128::from(p.other_rate_bytes_per_s);
    let seconds = u128::from(duration_h) * u128::from(HOUR_MS / 1000);
    u64::try_from(rate * seconds / per_checkpoint).unwrap_or(u64::MAX)
}

/// The simulator's state for the current lag, and the numbers it will show.
#[derive(Debug, Clone, PartialEq)]
pub struct LagToWal {
    /// `<cdc-wal-sim>`'s state as its permalink's pairs, keys not namespaced: `preset`, the
    /// parameters that differ from the preset in the simulator's table order, `t` (see
    /// [`LagToWal::query`]).
    pairs: Vec<(&'static str, u64)>,
    /// The simulator's cursor, ms from the scenario's start (`1 h + c`).
    pub cursor_ms: u64,
    /// `captured-rate`: WAL written while the connector is stopped, bytes/s (`R`).
    pub rate_bytes_per_s: u64,
    /// The outage: whole hours (`H`).
    pub hours: u64,
    /// The calculator's largest lag-caused retention (`M`).
    pub calc_max_retained_bytes: u64,
    /// Where the cursor is, ms after the outage's start (`c`).
    pub cursor_after_ms: u64,
    /// `R·c`: what the simulator's slot row shows at the cursor (plus at most the healthy
    /// amount kept when the connector stopped).
    pub retained_at_cursor_bytes: u64,
    /// `R·H`: retained at the outage's end unless the disk fills first.
    pub retained_at_end_bytes: u64,
    /// The simulated `pg_wal` disk.
    pub disk_bytes: u64,
    /// `R` was cut to the simulator's largest `captured-rate` (64 MB/s): the simulator shows
    /// less than the calculator.
    pub capped: bool,
}

/// The simulator state for `report`'s WAL consequence; `None` when nothing is retained
/// because of lag (no PostgreSQL slot, or the connectors keep up).
pub fn lag_to_wal(report: &Report) -> Option<LagToWal> {
    let wal = &report.wal;
    let m = wal.max_retained_wal_bytes;
    if !wal.applies || m == 0 {
        return None;
    }
    let series = &wal.retained_wal_bytes;
    let peak_at = series
        .iter()
        .find(|&&[_, bytes]| bytes == m)
        .map(|&[t, _]| t)
        .unwrap_or(wal.duration_ms);
    let start = series
        .iter()
        .filter(|&&[t, bytes]| t < peak_at && bytes == 0)
        .map(|&[t, _]| t)
        .next_back()
        .unwrap_or(0);
    let window_ms = peak_at.saturating_sub(start).max(1);
    let hours = window_ms.div_ceil(HOUR_MS).clamp(1, MAX_HOURS);
    let exact = m as f64 / (hours * 3600) as f64;
    let steps = (exact / RATE_STEP as f64).round().max(1.0) as u64;
    let wanted = steps.saturating_mul(RATE_STEP);
    let rate = wanted.min(MAX_RATE);

    let duration_h = hours + OUTAGE_START_H + 1;
    // The simulator refuses a state whose simulation would cost too much (its rule between
    // `duration`, the rates and `max_wal_size`), checked after each value as setting them
    // one by one did: `duration` with the preset's rate first, then `captured-rate`.
    let preset = &PRESET_VALUES;
    if estimated_checkpoints(preset.captured_rate_bytes_per_s, duration_h)
        > MAX_ESTIMATED_CHECKPOINTS
        || estimated_checkpoints(rate, duration_h) > MAX_ESTIMATED_CHECKPOINTS
    {
        return None;
    }
    let disk_bytes = preset.disk_mb.saturating_mul(1 << 20);
    let half_disk_ms = (disk_bytes / 2).saturating_mul(1000) / rate;
    let cursor_after_ms = (hours * HOUR_MS - MINUTE_MS)
        .min(HOUR_MS)
        .min(half_disk_ms / MINUTE_MS * MINUTE_MS)
        .max(MINUTE_MS);
    let cursor_ms = OUTAGE_START_H * HOUR_MS + cursor_after_ms;
    // In `WAL_PARAMS` order; a value equal to the preset's is not an override.
    let pairs = [
        ("captured-rate", rate, preset.captured_rate_bytes_per_s),
        ("other-rate", 0, preset.other_rate_bytes_per_s),
        ("outage-start", OUTAGE_START_H, preset.outage_start_h),
        ("outage-hours", hours, preset.outage_hours),
        ("duration", duration_h, preset.duration_h),
    ]
    .into_iter()
    .filter(|&(_, value, in_preset)| value != in_preset)
    .map(|(key, value, _)| (key, value))
    .chain([("t", cursor_ms)])
    .collect();
    Some(LagToWal {
        pairs,
        cursor_ms,
        rate_bytes_per_s: rate,
        hours,
        calc_max_retained_bytes: m,
        cursor_after_ms,
        retained_at_cursor_bytes: rate.saturating_mul(cursor_after_ms) / 1000,
        retained_at_end_bytes: rate.saturating_mul(hours * 3600),
        disk_bytes,
        capped: wanted > rate,
    })
}

impl LagToWal {
    /// `<cdc-wal-sim>`'s permalink pairs for the element `id` (`<id>.preset`, …; not
    /// namespaced when `id` is empty), what `WalState::to_query` gives for this state.
    pub fn query(&self, id: &str) -> Vec<(String, String)> {
        let key = |k: &str| {
            if id.is_empty() {
                k.to_owned()
            } else {
                format!("{id}.{k}")
            }
        };
        std::iter::once((key("preset"), WAL_PRESET.to_owned()))
            .chain(self.pairs.iter().map(|(k, v)| (key(k), v.to_string())))
            .collect()
    }

    /// The playground link: `base` (`data-playground-url`, default `/`) with the simulator's
    /// pairs under [`PLAYGROUND_WAL_ID`], already percent-encoded (values are plain tokens:
    /// digits, letters and `-`).
    pub fn playground_href(&self, base: &str) -> String {
        let query = self
            .query(PLAYGROUND_WAL_ID)
            .into_iter()
            .map(|(k, v)| format!("{}={}", encode(&k), encode(&v)))
            .collect::<Vec<_>>()
            .join("&");
        let (path, hash) = match base.split_once('#') {
            Some((p, h)) => (p, format!("#{h}")),
            None => (base, String::new()),
        };
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{path}{sep}{query}{hash}")
    }

    /// What the simulator will show, in one sentence.
    pub fn summary(&self, nf: &dyn NumberFormat) -> String {
        let rate = format_rate(self.rate_bytes_per_s, nf);
        let per_hour = format_bytes(self.rate_bytes_per_s.saturating_mul(3600), nf);
        let after = format_duration_ms(self.cursor_after_ms, nf);
        let at_cursor = format_bytes(self.retained_at_cursor_bytes, nf);
        let hours = format_duration_ms(self.hours * HOUR_MS, nf);
        let at_end = format_bytes(self.retained_at_end_bytes, nf);
        let (end_ru, end_en) = if self.hours > 1 {
            (
                format!(", за {hours} — ≈ {at_end}"),
                format!(", after {hours} ≈ {at_end}"),
            )
        } else {
            (String::new(), String::new())
        };
        let disk = format_bytes(self.disk_bytes, nf);
        let fills = self.retained_at_end_bytes >= self.disk_bytes;
        let capped = if self.capped {
            nf.lang().pick(
                " Отставание копит WAL быстрее, чем позволяет симулятор (до 64 МБ/с): он покажет меньше.",
                " The lag piles up WAL faster than the simulator allows (up to 64 MB/s): it shows less.",
            )
        } else {
            ""
        };
        let text = nf.lang().pick(
            format!(
                "В симуляторе WAL удерживаемый WAL растёт на {rate} ({per_hour} в час): через {after} слот удерживает ≈ {at_cursor}{end_ru}{}",
                if fills {
                    format!(", а диск pg_wal на {disk} заполнится раньше: PostgreSQL остановится (PANIC).")
                } else {
                    format!(" (диск pg_wal {disk}).")
                }
            ),
            format!(
                "In the WAL simulator retained WAL grows by {rate} ({per_hour} an hour): after {after} the slot retains ≈ {at_cursor}{end_en}{}",
                if fills {
                    format!(", but the {disk} pg_wal disk fills first: PostgreSQL stops (PANIC).")
                } else {
                    format!(" (a {disk} pg_wal disk).")
                }
            ),
        );
        format!("{text}{capped}")
    }
}

/// The simplification in words: next to the button, and above the simulator's chart when the
/// state is sent to a `<cdc-wal-sim>` on the same page.
pub fn explanation(link: &LagToWal, nf: &dyn NumberFormat) -> String {
    let m = format_bytes(link.calc_max_retained_bytes, nf);
    let hours = format_duration_ms(link.hours * HOUR_MS, nf);
    let rate = format_rate(link.rate_bytes_per_s, nf);
    nf.lang().pick(
        format!("Упрощение: в симуляторе WAL нет коннектора с пределом пропускной способности, поэтому отставание показано остановленным коннектором: {hours} база пишет {rate} — столько WAL в среднем копится из-за отставания (до {m} по расчёту). Рост удерживаемого WAL тот же; после остановки симулятор подтверждает всё сразу, а настоящий коннектор разбирает очередь постепенно."),
        format!("Simplification: the WAL simulator has no connector with a throughput limit, so the lag is shown as a stopped connector: for {hours} the database writes {rate} — the WAL that piles up because of the lag on average (up to {m} by the calculation). Retained WAL grows the same; after the stop the simulator confirms everything at once, while a real connector works through its backlog gradually."),
    )
}

/// The playground's address from `data-playground-url`: a path on this site (`/…`, not
/// `//…`) or an `http(s)://` address; anything else (`javascript:`, spaces, quotes) is
/// refused with a [`Problem`] and [`DEFAULT_PLAYGROUND_URL`] is used.
pub fn playground_url(attribute: Option<&str>) -> (String, Option<Problem>) {
    let Some(value) = attribute else {
        return (DEFAULT_PLAYGROUND_URL.to_owned(), None);
    };
    let v = value.trim();
    let path = v.starts_with('/') && !v.starts_with("//");
    let web = v.starts_with("https://") || v.starts_with("http://");
    let clean = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'));
    if (path || web) && clean {
        return (v.to_owned(), None);
    }
    let problem = Problem::new(
        "data-playground-url",
        value,
        |v| {
            format!("«{v}» — не путь на этом сайте (/…) и не адрес http(s)://; используется {DEFAULT_PLAYGROUND_URL}")
        },
        |v| {
            format!("\"{v}\" is neither a path on this site (/…) nor an http(s):// address; using {DEFAULT_PLAYGROUND_URL}")
        },
    );
    (DEFAULT_PLAYGROUND_URL.to_owned(), Some(problem))
}

/// Percent-encodes what is not an unreserved URL character.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn encodes_only_reserved_characters() {
        assert_eq!(encode("wal.captured-rate"), "wal.captured-rate");
        assert_eq!(encode("a b&c"), "a%20b%26c");
    }
}
