//! `decimal::fixed` is `format!("{x:.N$}")` and `decimal::shortest` is `format!("{x}")` on
//! their documented domains: checked against `std` on hand-picked values (ties, powers of
//! two and ten, neighbours of k/1000), on the domain's edges and on random bit patterns.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use wal_model::decimal::{fixed, shortest};

fn next_up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}
fn next_down(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

fn check_fixed(x: f64) {
    for d in 0..=22 {
        assert_eq!(
            fixed(x, d),
            format!("{x:.0$}", d as usize),
            "{x:e} with {d} digits"
        );
    }
}

/// `format!("{x}")` needs at most 15 significant digits.
fn is_short(x: f64) -> bool {
    let text = format!("{x}");
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len() <= 15
}

fn check_shortest(x: f64) {
    let a = x.abs();
    if a == 0.0
        || (a.fract() == 0.0 && a < 9_007_199_254_740_992.0)
        || ((1e-7..9e15).contains(&a) && is_short(x))
    {
        assert_eq!(shortest(x), format!("{x}"), "{x:e}");
    }
}

fn samples() -> Vec<f64> {
    let mut xs = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        0.25,
        0.125,
        0.0625,
        0.1875,
        2.5,
        1.5,
        0.0005,
        0.0015,
        0.9,
        0.85,
        0.14,
        0.3,
        0.1 + 0.2,
        12.0,
        13.5,
        1e15,
        1e16,
        1e20,
        1e23,
        1e300,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        1e-7,
        1.5e-7,
        0.000123,
        123456.789,
        4503599627370496.5,
        9007199254740991.0,
        0.049999999999999996,
        0.95,
        0.995,
        0.9995,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for k in 0..=4000 {
        let v = f64::from(k) / 1000.0;
        xs.extend([v, next_up(v), -v]);
        if k > 0 {
            xs.push(next_down(v));
        }
        xs.push(f64::from(k) / 2048.0);
    }
    for p in -30..30 {
        xs.push(10f64.powi(p));
        xs.push(2f64.powi(p * 3));
    }
    xs
}

#[test]
fn fixed_is_std_on_chosen_values() {
    for x in samples() {
        check_fixed(x);
    }
}

#[test]
fn shortest_is_std_on_chosen_values() {
    for x in samples() {
        check_shortest(x);
    }
    assert_eq!(shortest(0.9), "0.9");
    assert_eq!(shortest(-0.0), "-0");
    assert_eq!(shortest(1.5), "1.5");
    // Outside the domain: rounded to 15 significant digits.
    assert_eq!(shortest(0.1 + 0.2), "0.3");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn fixed_is_std_on_random_bits(bits in any::<u64>()) {
        check_fixed(f64::from_bits(bits));
    }

    #[test]
    fn fixed_is_std_on_moderate_values(x in -1e6f64..1e6) {
        check_fixed(x);
    }

    #[test]
    fn shortest_is_std_on_short_decimals(mantissa in -999_999_999_999_999i64..999_999_999_999_999, exp in -22i32..16) {
        // A decimal with at most 15 significant digits, as a person would type it.
        let text = format!("{mantissa}e{exp}");
        let x: f64 = text.parse().unwrap();
        check_shortest(x);
    }

    #[test]
    fn shortest_is_std_on_random_bits(bits in any::<u64>()) {
        check_shortest(f64::from_bits(bits));
    }
}
