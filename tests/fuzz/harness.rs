//! The fuzz harness shared by every crate's `tests/fuzz.rs` (included with `#[path]`, so no
//! crate depends on another for it): a seeded PRNG with generators of extreme values and
//! garbage text, and [`run`], which runs a number of cases and names the seed and the case of a
//! failure — or of a panic — so it reproduces with one command.
//!
//! * `CDC_FUZZ_SCALE=K` — run K times each test's CI count (`scripts/fuzz` uses 10: each
//!   crate's tests then run over 10⁶ cases together).
//! * `CDC_FUZZ_CASES=N` — exactly N cases per fuzz test instead.
//! * `CDC_FUZZ_SEED=S` — the base seed (default: a fixed one, so CI runs are reproducible).
//! * `CDC_FUZZ_CASE=I` — run only case `I` (what a failure message tells you to set).
//! * `CDC_FUZZ_TRACE=1` — print every case's time (to find what makes a run slow).
//!
//! Case `i` of test `name` draws from `Rng::new(mix(seed, name, i))`: a case does not depend
//! on the cases before it, so it replays alone.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::panic::{catch_unwind, AssertUnwindSafe};

/// The default base seed (any constant would do; this one spells nothing).
pub const DEFAULT_SEED: u64 = 0x5eed_cdc1_ab07_f022;

/// SplitMix64: tiny, fast, and good enough to pick test inputs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting at `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0)");
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform index into a collection of `len` items (`len > 0`).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        assert!(lo <= hi);
        let span = (hi as i128 - lo as i128 + 1) as u128;
        if span > u128::from(u64::MAX) {
            return self.next_u64() as i64;
        }
        (lo as i128 + i128::from(self.below(span as u64))) as i64
    }

    /// Uniform in `lo..=hi`.
    pub fn range_u64(&mut self, lo: u64, hi: u64) -> u64 {
        assert!(lo <= hi);
        match (hi - lo).checked_add(1) {
            Some(span) => lo + self.below(span),
            None => self.next_u64(),
        }
    }

    /// Log-uniform in `lo..=hi` (`1 <= lo`): as many small values as large ones.
    pub fn log_u64(&mut self, lo: u64, hi: u64) -> u64 {
        assert!(1 <= lo && lo <= hi);
        let (a, b) = ((lo as f64).ln(), (hi as f64).ln());
        let x = (a + (b - a) * self.unit()).exp() as u64;
        x.clamp(lo, hi)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    /// One of `items` (non-empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.index(items.len());
        &items[i]
    }

    /// An integer that breaks things: 0, ±1, the type's ends, powers of two and their
    /// neighbours, or plain random bits.
    pub fn extreme_i64(&mut self) -> i64 {
        match self.below(10) {
            0 => *self.pick(&[0, 1, -1, 2, -2]),
            1 => *self.pick(&[i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1]),
            2 => *self.pick(&[
                i64::from(i32::MAX),
                i64::from(u32::MAX),
                1 << 53,
                (1 << 53) + 1,
                1 << 62,
                -(1 << 62),
            ]),
            3 | 4 => {
                let p = 1i64 << self.below(62);
                p + self.range_i64(-1, 1)
            }
            5 | 6 => self.next_u64() as i64,
            _ => self.range_i64(-1_000, 100_000),
        }
    }

    /// Like [`Rng::extreme_i64`], unsigned (with `u64::MAX` and its neighbours).
    pub fn extreme_u64(&mut self) -> u64 {
        match self.below(10) {
            0 => *self.pick(&[0, 1, 2, 3]),
            1 => *self.pick(&[
                u64::MAX,
                u64::MAX - 1,
                i64::MAX as u64,
                (i64::MAX as u64) + 1,
            ]),
            2 => *self.pick(&[
                u64::from(u32::MAX),
                1 << 53,
                (1 << 53) + 1,
                1 << 63,
                1 << 32,
            ]),
            3 | 4 => {
                let p = 1u64 << self.below(64);
                p.wrapping_add(self.range_u64(0, 2)).wrapping_sub(1)
            }
            5 | 6 => self.next_u64(),
            _ => self.range_u64(0, 100_000),
        }
    }

    /// A float that breaks things: NaN, ±∞, ±0, the smallest and largest values, huge and
    /// tiny magnitudes, integers past 2⁵³, or an ordinary value.
    pub fn extreme_f64(&mut self) -> f64 {
        match self.below(12) {
            0 => *self.pick(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -f64::NAN]),
            1 => *self.pick(&[0.0, -0.0, 1.0, -1.0, 0.5, -0.5]),
            2 => *self.pick(&[
                f64::MAX,
                f64::MIN,
                f64::MIN_POSITIVE,
                5e-324,
                -5e-324,
                f64::EPSILON,
            ]),
            3 => *self.pick(&[
                1e300,
                -1e300,
                1e-300,
                9_007_199_254_740_993.0,
                1e18,
                1e15 + 0.5,
            ]),
            4 => f64::from_bits(self.next_u64()),
            5 => (self.next_u64() as i64) as f64,
            6 => 10f64.powi(self.range_i64(-30, 30) as i32) * (self.unit() - 0.5),
            7 => self.extreme_i64() as f64,
            _ => self.unit() * 100_000.0 - 1_000.0,
        }
    }

    /// A random character: ASCII most of the time, else control characters, quotes, markup,
    /// Cyrillic, combining marks, right-to-left and zero-width characters, emoji, U+FFFD.
    pub fn char(&mut self) -> char {
        match self.below(16) {
            0..=7 => char::from(self.range_u64(0x20, 0x7e) as u8),
            8 => *self.pick(&[
                '\0', '\n', '\r', '\t', '\u{7f}', '\u{1b}', '\u{85}', '\u{8}',
            ]),
            9 => *self.pick(&['\'', '"', '\\', '`', '$', '&', ';', '|', '#', '<', '>', '=']),
            10 => *self.pick(&['я', 'Ж', 'ё', '«', '»', '—', '…', '№']),
            11 => *self.pick(&[
                '\u{301}', '\u{200b}', '\u{200d}', '\u{202e}', '\u{feff}', '\u{2028}',
            ]),
            12 => *self.pick(&['😀', '𝕏', '\u{fffd}', '\u{10ffff}', '中', 'ß', 'İ', 'ﬀ']),
            _ => char::from_u32(self.range_u64(0, 0x10_ffff) as u32).unwrap_or('?'),
        }
    }

    /// A random string of up to `max_chars` characters from [`Rng::char`].
    pub fn string(&mut self, max_chars: usize) -> String {
        let n = self.index(max_chars + 1);
        (0..n).map(|_| self.char()).collect()
    }

    /// Text a page author, a link or a student might type, or something hostile: numbers with
    /// signs, exponents, separators and units, extreme integers and floats, markup, unicode,
    /// control characters, the empty string, very long runs.
    pub fn garbage(&mut self) -> String {
        match self.below(14) {
            0 => String::new(),
            1 => self.extreme_i64().to_string(),
            2 => self.extreme_u64().to_string(),
            3 => format!("{}", self.extreme_f64()),
            4 => format!("{:e}", self.extreme_f64()),
            5 => {
                let n = self.extreme_i64();
                let deco = *self.pick(&[
                    " ", "  ", "\t", "+", "0", "00", "_", ",", ".0", "ms", "MB", "e3", "k", "%",
                    "\u{a0}",
                ]);
                if self.chance(1, 2) {
                    format!("{deco}{n}")
                } else {
                    format!("{n}{deco}")
                }
            }
            6 => (*self.pick(&[
                "true",
                "false",
                "TRUE",
                "yes",
                "on",
                "1",
                "0",
                "-0",
                "+0",
                "NaN",
                "nan",
                "inf",
                "-inf",
                "Infinity",
                "null",
                "undefined",
                "[]",
                "{}",
                "0x10",
                "1e3",
                "1_000",
                "１２",
                "٣",
                "ru",
                "en",
                "RU",
                "auto",
                "dark",
                "light",
                "none",
                "emit_message",
            ]))
            .to_string(),
            7 => (*self.pick(&[
                "<script>alert(1)</script>",
                "<b>x</b>",
                "&lt;",
                "&amp;amp;",
                "\"><img src=x onerror=alert(1)>",
                "javascript:alert(1)",
                "</cdc-wal-sim>",
                "<!--",
                "]]>",
                "{{x}}",
                "${x}",
                "%3Cb%3E",
            ]))
            .to_string(),
            8 => {
                let c = self.char();
                let n = self.log_u64(1, 200_000) as usize;
                std::iter::repeat_n(c, n).collect()
            }
            9 => format!("{}{}", self.range_i64(-100, 100_000), self.string(3)),
            _ => self.string(24),
        }
    }
}

/// One random edit of a byte string: a bit flip, a truncation, a duplicated run, an inserted
/// digit or one of `tokens`, a deleted run, or a structural byte of JSON and shell.
pub fn mutate_bytes(rng: &mut Rng, text: &mut Vec<u8>, tokens: &[&str]) {
    if text.is_empty() {
        text.push(*rng.pick(b"{[\"'"));
        return;
    }
    let at = rng.index(text.len());
    match rng.below(7) {
        0 => text[at] ^= 1 << rng.below(8),
        1 => text.truncate(at),
        2 => {
            let end = (at + rng.index(64) + 1).min(text.len());
            let piece = text[at..end].to_vec();
            text.splice(at..at, piece);
        }
        3 => text.insert(at, *rng.pick(b"0123456789-.eE")),
        4 if !tokens.is_empty() => {
            let t = rng.pick(tokens);
            text.splice(at..at, t.bytes());
        }
        5 => {
            let end = (at + rng.index(32) + 1).min(text.len());
            text.drain(at..end);
        }
        _ => text[at] = *rng.pick(b"{}[]\",:'|\\ "),
    }
}

/// Cases per fuzz test: `CDC_FUZZ_CASES`, else `default` × `CDC_FUZZ_SCALE` (1 by default).
pub fn cases(default: u64) -> u64 {
    env_u64("CDC_FUZZ_CASES")
        .unwrap_or_else(|| default.saturating_mul(env_u64("CDC_FUZZ_SCALE").unwrap_or(1)))
}

fn env_u64(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    match text.trim().parse() {
        Ok(v) => Some(v),
        Err(_) => panic!("{name} must be an unsigned integer, got {text:?}"),
    }
}

/// The seed of case `case` of the test `name`.
pub fn case_seed(seed: u64, name: &str, case: u64) -> u64 {
    // FNV-1a of the name, then one SplitMix step over everything.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    Rng::new(seed ^ h.rotate_left(17) ^ case.wrapping_mul(0x9e37_79b9_7f4a_7c15)).next_u64()
}

/// Runs `default_cases` cases of `check` (see the module docs for the environment). A case
/// fails by returning `Err(message)` or by panicking; the test then panics naming the seed
/// and the case. Returns the number of cases run.
pub fn run(
    name: &str,
    default_cases: u64,
    mut check: impl FnMut(&mut Rng) -> Result<(), String>,
) -> u64 {
    let seed = env_u64("CDC_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_u64("CDC_FUZZ_CASE");
    let (first, count) = match only {
        Some(c) => (c, 1),
        None => (0, cases(default_cases)),
    };
    let started = std::time::Instant::now();
    let mut slowest = (0u64, std::time::Duration::ZERO);
    for case in first..first + count {
        let mut rng = Rng::new(case_seed(seed, name, case));
        let case_started = std::time::Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| check(&mut rng)));
        let took = case_started.elapsed();
        if took > slowest.1 {
            slowest = (case, took);
        }
        if env_u64("CDC_FUZZ_TRACE").is_some() {
            eprintln!(
                "fuzz {name}: case {case} took {:.1} ms",
                took.as_secs_f64() * 1e3
            );
        }
        let failure = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(message)) => message,
            Err(payload) => {
                let text = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
                    .unwrap_or_else(|| "(non-text panic payload)".to_string());
                format!("panicked: {text}")
            }
        };
        panic!(
            "fuzz {name}: case {case} failed; reproduce with CDC_FUZZ_SEED={seed} CDC_FUZZ_CASE={case} cargo test -p {} --test fuzz {name} -- --nocapture\n{failure}",
            env!("CARGO_PKG_NAME")
        );
    }
    eprintln!(
        "fuzz {name}: {count} cases (seed {seed}) in {:.2} s; slowest case {} ({:.1} ms)",
        started.elapsed().as_secs_f64(),
        slowest.0,
        slowest.1.as_secs_f64() * 1e3
    );
    count
}

/// `return Err(message)` unless `cond`: assertions for [`run`]'s closures (include the
/// module with `#[macro_use]`).
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {{
        let holds: bool = $cond;
        if !holds {
            return Err(format!($($fmt)+));
        }
    }};
}
