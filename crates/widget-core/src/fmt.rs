//! Numbers, sizes, rates, durations and instants as students read them, in Russian and English.
//!
//! Number formatting goes through the [`NumberFormat`] seam: in the browser the widget
//! implements it with `Intl.NumberFormat` and `Intl.PluralRules` (so a page gets exactly its
//! locale's separators); natively (tests, the CLI) [`PlainFormat`] implements the same rules
//! by hand: Russian `7 000` (U+00A0 between thousands) and `3,2`; English `7,000` and `3.2`;
//! CLDR plural rules for both.
//!
//! Sizes use binary multiples, as PostgreSQL's `pg_size_pretty` does, but read like prose:
//! `512 Б`, `3,2 ГБ`, `16 МБ` (one fraction digit below 100 of a unit, none above; a trailing
//! `,0` is dropped). Units: Б КБ МБ ГБ ТБ in Russian (glossary), B kB MB GB TB in English —
//! spelled as PostgreSQL spells them (`kB` with a small k).
//!
//! Scenario instants: day 0 is a Monday at 00:00 and scenarios last up to 30 days, so an
//! instant is written with its day number (counted from 1) and weekday:
//! `день 5 (пт), 18:00` / `day 5 (Fri), 18:00` (seconds only when they are not zero).

use crate::lang::Lang;
use wal_model::units::{DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS};

/// CLDR plural categories used by Russian and English (`Intl.PluralRules#select`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PluralCategory {
    /// `one`: 1, 21, 31… in Russian (not 11); exactly 1 in English.
    One,
    /// `few`: 2–4, 22–24… in Russian (not 12–14).
    Few,
    /// `many`: 0, 5–20, 25–30… in Russian.
    Many,
    /// `other`: fractions in Russian; everything but 1 in English.
    Other,
}

impl PluralCategory {
    /// Maps the string `Intl.PluralRules#select` returns (`"one"`, `"few"`, …); categories
    /// Russian and English never use (`zero`, `two`) become [`PluralCategory::Other`].
    pub fn from_intl(name: &str) -> PluralCategory {
        match name {
            "one" => PluralCategory::One,
            "few" => PluralCategory::Few,
            "many" => PluralCategory::Many,
            _ => PluralCategory::Other,
        }
    }
}

/// Locale-aware number formatting. The browser implements it with `Intl`; natively use
/// [`PlainFormat`].
pub trait NumberFormat {
    /// `value` with at most `max_fraction_digits` fraction digits (trailing zeros dropped),
    /// thousands grouped, in the locale's separators (`Intl.NumberFormat` with
    /// `maximumFractionDigits`).
    fn decimal(&self, value: f64, max_fraction_digits: u8) -> String;
    /// The plural category of `value` (`Intl.PluralRules#select`).
    fn plural(&self, value: f64) -> PluralCategory;
    /// The language texts are written in.
    fn lang(&self) -> Lang;
}

/// The native [`NumberFormat`]: Russian uses a decimal comma and U+00A0 between thousands
/// (`7 000`, `3,2`), English a decimal point and commas (`7,000`, `3.2`); CLDR plural rules.
/// Rounding is half away from zero (as `Intl`'s default `halfExpand`). At most 6 fraction
/// digits. The browser uses `Intl` instead, which may differ in rare details (e.g. how a
/// non-finite value is written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlainFormat(pub Lang);

/// The thousands separator [`PlainFormat`] uses for Russian (U+00A0 NO-BREAK SPACE).
pub const RU_GROUP_SEPARATOR: char = '\u{a0}';

impl NumberFormat for PlainFormat {
    fn decimal(&self, value: f64, max_fraction_digits: u8) -> String {
        let (group, point) = match self.0 {
            Lang::Ru => (RU_GROUP_SEPARATOR, ','),
            Lang::En => (',', '.'),
        };
        if value.is_nan() {
            return "NaN".to_string();
        }
        if value.is_infinite() {
            return if value < 0.0 { "-∞" } else { "∞" }.to_string();
        }
        let mut digits = i32::from(max_fraction_digits.min(6));
        let mut scaled = (value.abs() * 10f64.powi(digits)).round();
        if !scaled.is_finite() || scaled >= 1e30 {
            digits = 0;
            scaled = value.abs().round();
        }
        // `scaled` is a whole number: its decimal digits, then the point put back.
        let text = wal_model::decimal::fixed(scaled, 0);
        let split = text.len().saturating_sub(digits as usize);
        let (int_part, frac_part) = text.split_at(split);
        let int_part = if int_part.is_empty() { "0" } else { int_part };
        let mut frac = "0".repeat((digits as usize).saturating_sub(frac_part.len()));
        frac.push_str(frac_part);
        let frac = frac.trim_end_matches('0');
        let mut out = String::new();
        let is_zero = int_part.bytes().all(|b| b == b'0') && frac.is_empty();
        if value < 0.0 && !is_zero {
            out.push('-');
        }
        let n = int_part.len();
        for (i, ch) in int_part.chars().enumerate() {
            if i > 0 && (n - i) % 3 == 0 {
                out.push(group);
            }
            out.push(ch);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    fn plural(&self, value: f64) -> PluralCategory {
        let v = value.abs();
        let integer = v.fract() == 0.0 && v.is_finite();
        match self.0 {
            Lang::En => {
                if integer && v == 1.0 {
                    PluralCategory::One
                } else {
                    PluralCategory::Other
                }
            }
            Lang::Ru => {
                if !integer {
                    return PluralCategory::Other;
                }
                // Exact for every integer below 2^53; beyond that only the last digits matter
                // and f64 % is exact too.
                let mod10 = v % 10.0;
                let mod100 = v % 100.0;
                if mod10 == 1.0 && mod100 != 11.0 {
                    PluralCategory::One
                } else if (2.0..=4.0).contains(&mod10) && !(12.0..=14.0).contains(&mod100) {
                    PluralCategory::Few
                } else {
                    PluralCategory::Many
                }
            }
        }
    }

    fn lang(&self) -> Lang {
        self.0
    }
}

/// Picks the word form for `n`: `forms` are (one, few, many) as Russian needs them
/// (`["минута", "минуты", "минут"]`); English callers pass the plural twice
/// (`["minute", "minutes", "minutes"]`). A fraction (`other`) takes the `few` form:
/// Russian writes `1,5 минуты`, English `1.5 minutes`.
pub fn plural_word<'a>(n: f64, forms: [&'a str; 3], nf: &dyn NumberFormat) -> &'a str {
    let [one, few, many] = forms;
    match nf.plural(n) {
        PluralCategory::One => one,
        PluralCategory::Few | PluralCategory::Other => few,
        PluralCategory::Many => many,
    }
}

/// Size unit names, smallest first.
fn size_units(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Ru => ["Б", "КБ", "МБ", "ГБ", "ТБ"],
        Lang::En => ["B", "kB", "MB", "GB", "TB"],
    }
}

/// A byte count in binary multiples: `512 Б`, `3,2 ГБ`, `16 МБ` / `512 B`, `3.2 GB`, `16 MB`.
/// One fraction digit below 100 of the unit, none from 100 on; `1 024 МБ` never appears
/// (a value that rounds to 1024 of a unit is written in the next one).
pub fn format_bytes(bytes: u64, nf: &dyn NumberFormat) -> String {
    let units = size_units(nf.lang());
    let mut unit = 0usize;
    while unit < 4 && bytes >= 1u64 << (10 * (unit + 1)) {
        unit += 1;
    }
    loop {
        let name = units.get(unit).copied().unwrap_or("B");
        if unit == 0 {
            return format!("{} {name}", nf.decimal(bytes as f64, 0));
        }
        let value = bytes as f64 / (1u64 << (10 * unit)) as f64;
        let digits: u8 = if value < 100.0 { 1 } else { 0 };
        let factor = if digits == 1 { 10.0 } else { 1.0 };
        let rounded = (value * factor).round() / factor;
        if rounded >= 1024.0 && unit < 4 {
            unit += 1;
            continue;
        }
        return format!("{} {name}", nf.decimal(value, digits));
    }
}

/// A write rate: `64 КБ/с` / `64 kB/s`.
pub fn format_rate(bytes_per_s: u64, nf: &dyn NumberFormat) -> String {
    let per = nf.lang().pick("/с", "/s");
    format!("{}{per}", format_bytes(bytes_per_s, nf))
}

/// A duration split into days, hours, minutes, seconds (truncated, not rounded).
struct Parts {
    days: u64,
    hours: u64,
    minutes: u64,
    seconds: u64,
}

fn parts(ms: u64) -> Parts {
    Parts {
        days: ms / DAY_MS,
        hours: (ms % DAY_MS) / HOUR_MS,
        minutes: (ms % HOUR_MS) / MINUTE_MS,
        seconds: (ms % MINUTE_MS) / SECOND_MS,
    }
}

/// The two largest non-zero units of a duration, as (value, unit index) with units
/// 0 = ms, 1 = s, 2 = min, 3 = h, 4 = days. The second is omitted when zero.
fn two_largest(ms: u64) -> Vec<(u64, usize)> {
    if ms < SECOND_MS {
        return vec![(ms, 0)];
    }
    let p = parts(ms);
    let (first, second) = if p.days > 0 {
        ((p.days, 4), (p.hours, 3))
    } else if p.hours > 0 {
        ((p.hours, 3), (p.minutes, 2))
    } else if p.minutes > 0 {
        ((p.minutes, 2), (p.seconds, 1))
    } else {
        return vec![(p.seconds, 1)];
    };
    if second.0 > 0 {
        vec![first, second]
    } else {
        vec![first]
    }
}

/// A compact duration with its two largest units (truncated): `1 ч 25 мин`, `2 сут 3 ч`,
/// `45 с`, `250 мс` / `1 h 25 min`, `2 d 3 h`, `45 s`, `250 ms`.
pub fn format_duration_ms(ms: u64, nf: &dyn NumberFormat) -> String {
    let names = match nf.lang() {
        Lang::Ru => ["мс", "с", "мин", "ч", "сут"],
        Lang::En => ["ms", "s", "min", "h", "d"],
    };
    two_largest(ms)
        .into_iter()
        .map(|(v, u)| {
            format!(
                "{} {}",
                nf.decimal(v as f64, 0),
                names.get(u).unwrap_or(&"")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Word forms (one, few, many) per unit index, nominative (`1 минута`).
fn word_forms(lang: Lang, accusative: bool) -> [[&'static str; 3]; 5] {
    match lang {
        Lang::Ru => [
            if accusative {
                ["миллисекунду", "миллисекунды", "миллисекунд"]
            } else {
                ["миллисекунда", "миллисекунды", "миллисекунд"]
            },
            if accusative {
                ["секунду", "секунды", "секунд"]
            } else {
                ["секунда", "секунды", "секунд"]
            },
            if accusative {
                ["минуту", "минуты", "минут"]
            } else {
                ["минута", "минуты", "минут"]
            },
            ["час", "часа", "часов"],
            ["сутки", "суток", "суток"],
        ],
        Lang::En => [
            ["millisecond", "milliseconds", "milliseconds"],
            ["second", "seconds", "seconds"],
            ["minute", "minutes", "minutes"],
            ["hour", "hours", "hours"],
            ["day", "days", "days"],
        ],
    }
}

fn duration_words(ms: u64, nf: &dyn NumberFormat, accusative: bool) -> String {
    let forms = word_forms(nf.lang(), accusative);
    two_largest(ms)
        .into_iter()
        .map(|(v, u)| {
            let f = forms.get(u).copied().unwrap_or(["", "", ""]);
            format!(
                "{} {}",
                nf.decimal(v as f64, 0),
                plural_word(v as f64, f, nf)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A duration in words, for sentences read aloud, with the two largest units (truncated):
/// `1 час 25 минут`, `2 часа`, `5 суток`, `21 минута` / `1 hour 25 minutes`.
pub fn format_duration_words(ms: u64, nf: &dyn NumberFormat) -> String {
    duration_words(ms, nf, false)
}

/// "In" a duration, in words: `через 1 минуту`, `через 1 час 25 минут` / `in 1 minute`
/// (Russian needs the accusative after «через»).
pub fn format_in_words(ms: u64, nf: &dyn NumberFormat) -> String {
    let words = duration_words(ms, nf, true);
    match nf.lang() {
        Lang::Ru => format!("через {words}"),
        Lang::En => format!("in {words}"),
    }
}

/// Short weekday name of scenario day `day` (day 0 is a Monday): `пн`…`вс` / `Mon`…`Sun`.
pub fn weekday_short(day: u64, lang: Lang) -> &'static str {
    let names = match lang {
        Lang::Ru => ["пн", "вт", "ср", "чт", "пт", "сб", "вс"],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    };
    names.get((day % 7) as usize).copied().unwrap_or("")
}

/// A scenario instant: `день 5 (пт), 18:00` / `day 5 (Fri), 18:00`; days count from 1 (the
/// scenario starts on day 1, a Monday, at 00:00); seconds are shown only when not zero
/// (`18:00:05`); milliseconds are dropped.
pub fn format_instant_ms(t_ms: u64, lang: Lang) -> String {
    let day = t_ms / DAY_MS;
    let p = parts(t_ms);
    let clock = if p.seconds > 0 {
        format!("{:02}:{:02}:{:02}", p.hours, p.minutes, p.seconds)
    } else {
        format!("{:02}:{:02}", p.hours, p.minutes)
    };
    let word = lang.pick("день", "day");
    format!("{word} {} ({}), {clock}", day + 1, weekday_short(day, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RU: PlainFormat = PlainFormat(Lang::Ru);
    const EN: PlainFormat = PlainFormat(Lang::En);

    #[test]
    fn decimals_group_and_round_half_away_from_zero() {
        assert_eq!(RU.decimal(7000.0, 0), "7\u{a0}000");
        assert_eq!(EN.decimal(7000.0, 0), "7,000");
        assert_eq!(RU.decimal(3.2, 1), "3,2");
        assert_eq!(EN.decimal(3.2, 1), "3.2");
        // 1234567.891 with 2 digits: 123456789.1 → 123456789 → "1,234,567.89".
        assert_eq!(EN.decimal(1_234_567.891, 2), "1,234,567.89");
        // 3.25 is exact in binary: ×10 = 32.5 → half away from zero → 33 → "3.3".
        assert_eq!(EN.decimal(3.25, 1), "3.3");
        // Trailing zeros go: 2.0 → "2"; 0.05 with 1 digit → 0.5 → 1 → "0.1".
        assert_eq!(EN.decimal(2.0, 1), "2");
        assert_eq!(EN.decimal(0.05, 1), "0.1");
        assert_eq!(EN.decimal(-1500.0, 0), "-1,500");
        // -0.04 rounds to zero: no minus sign.
        assert_eq!(EN.decimal(-0.04, 1), "0");
        assert_eq!(EN.decimal(999.0, 0), "999");
        assert_eq!(EN.decimal(f64::INFINITY, 0), "∞");
        // Far beyond 1e30: whole digits only, still grouped.
        assert!(EN.decimal(1e40, 2).starts_with("10,000,000,000"));
    }

    #[test]
    fn russian_plurals_follow_cldr() {
        // one: n%10 = 1 and n%100 ≠ 11; few: n%10 in 2..4 and n%100 not in 12..14; else many.
        for (n, c) in [
            (1.0, PluralCategory::One),
            (21.0, PluralCategory::One),
            (101.0, PluralCategory::One),
            (11.0, PluralCategory::Many),
            (2.0, PluralCategory::Few),
            (24.0, PluralCategory::Few),
            (12.0, PluralCategory::Many),
            (14.0, PluralCategory::Many),
            (0.0, PluralCategory::Many),
            (5.0, PluralCategory::Many),
            (111.0, PluralCategory::Many),
            (1.5, PluralCategory::Other),
        ] {
            assert_eq!(RU.plural(n), c, "{n}");
        }
        assert_eq!(EN.plural(1.0), PluralCategory::One);
        assert_eq!(EN.plural(21.0), PluralCategory::Other);
        assert_eq!(EN.plural(0.0), PluralCategory::Other);
        let forms = ["минута", "минуты", "минут"];
        assert_eq!(plural_word(1.0, forms, &RU), "минута");
        assert_eq!(plural_word(2.0, forms, &RU), "минуты");
        assert_eq!(plural_word(5.0, forms, &RU), "минут");
        assert_eq!(plural_word(21.0, forms, &RU), "минута");
        assert_eq!(plural_word(1.5, forms, &RU), "минуты");
        assert_eq!(PluralCategory::from_intl("few"), PluralCategory::Few);
        assert_eq!(PluralCategory::from_intl("two"), PluralCategory::Other);
    }

    #[test]
    fn sizes_in_binary_multiples() {
        // 3 435 973 837 / 2^30 = 3.2000000002 → "3,2 ГБ".
        assert_eq!(format_bytes(3_435_973_837, &RU), "3,2 ГБ");
        assert_eq!(format_bytes(3_435_973_837, &EN), "3.2 GB");
        assert_eq!(format_bytes(512, &RU), "512 Б");
        assert_eq!(format_bytes(0, &EN), "0 B");
        // 16 × 2^20 = 16 MiB exactly: ",0" is dropped.
        assert_eq!(format_bytes(16 * 1024 * 1024, &RU), "16 МБ");
        assert_eq!(format_bytes(1024, &EN), "1 kB");
        // 1023 B stays in bytes (below 1 kB), grouped like any number.
        assert_eq!(format_bytes(1023, &EN), "1,023 B");
        assert_eq!(format_bytes(1023, &RU), "1\u{a0}023 Б");
        // 150.4 MiB = 157_705_830 B: ≥ 100 → no fraction → "150 MB".
        assert_eq!(format_bytes(157_705_830, &EN), "150 MB");
        // 1 GiB − 1 B = 1023.999999 MiB: would round to 1024 MB → written as 1 GB.
        assert_eq!(format_bytes((1 << 30) - 1, &EN), "1 GB");
        // 2^40 × 2048 = 2048 TiB: TB is the largest unit.
        assert_eq!(format_bytes(2048 << 40, &EN), "2,048 TB");
        assert_eq!(format_rate(64 * 1024, &RU), "64 КБ/с");
        assert_eq!(format_rate(64 * 1024, &EN), "64 kB/s");
    }

    #[test]
    fn durations_compact_and_in_words() {
        // 85 min = 1 h 25 min.
        assert_eq!(format_duration_ms(85 * MINUTE_MS, &RU), "1 ч 25 мин");
        assert_eq!(format_duration_ms(85 * MINUTE_MS, &EN), "1 h 25 min");
        assert_eq!(
            format_duration_ms(2 * DAY_MS + 3 * HOUR_MS, &RU),
            "2 сут 3 ч"
        );
        assert_eq!(format_duration_ms(45 * SECOND_MS, &RU), "45 с");
        assert_eq!(format_duration_ms(250, &EN), "250 ms");
        // Zero second unit is dropped; the third unit is truncated away.
        assert_eq!(format_duration_ms(2 * HOUR_MS + 59 * SECOND_MS, &RU), "2 ч");
        assert_eq!(
            format_duration_ms(5 * MINUTE_MS + 30 * SECOND_MS, &EN),
            "5 min 30 s"
        );
        assert_eq!(format_duration_words(MINUTE_MS, &RU), "1 минута");
        assert_eq!(format_duration_words(2 * MINUTE_MS, &RU), "2 минуты");
        assert_eq!(format_duration_words(5 * MINUTE_MS, &RU), "5 минут");
        assert_eq!(format_duration_words(21 * MINUTE_MS, &RU), "21 минута");
        assert_eq!(format_duration_words(85 * MINUTE_MS, &RU), "1 час 25 минут");
        assert_eq!(format_duration_words(2 * HOUR_MS, &RU), "2 часа");
        assert_eq!(format_duration_words(5 * DAY_MS, &RU), "5 суток");
        assert_eq!(format_duration_words(DAY_MS, &RU), "1 сутки");
        assert_eq!(
            format_duration_words(85 * MINUTE_MS, &EN),
            "1 hour 25 minutes"
        );
        assert_eq!(format_duration_words(MINUTE_MS, &EN), "1 minute");
        assert_eq!(format_in_words(MINUTE_MS, &RU), "через 1 минуту");
        assert_eq!(format_in_words(21 * SECOND_MS, &RU), "через 21 секунду");
        assert_eq!(format_in_words(3 * HOUR_MS, &EN), "in 3 hours");
    }

    #[test]
    fn instants_name_the_day_and_weekday() {
        // 410 400 000 ms = 4 days 18 h: day index 4 = Friday, shown as day 5.
        assert_eq!(
            format_instant_ms(410_400_000, Lang::Ru),
            "день 5 (пт), 18:00"
        );
        assert_eq!(
            format_instant_ms(410_400_000, Lang::En),
            "day 5 (Fri), 18:00"
        );
        assert_eq!(format_instant_ms(0, Lang::Ru), "день 1 (пн), 00:00");
        // Day 29 (index 28) is a Monday again; 03:15:07.5.
        let t = 28 * DAY_MS + 3 * HOUR_MS + 15 * MINUTE_MS + 7 * SECOND_MS + 500;
        assert_eq!(format_instant_ms(t, Lang::En), "day 29 (Mon), 03:15:07");
    }
}
