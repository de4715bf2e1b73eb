//! `decimal::fixed`, `decimal::shortest` and `decimal::exponent` give exactly the text of
//! `format!("{x:.N$}")`, `format!("{x}")` and `format!("{x:e}")`: checked against `std` on
//! hand-picked values (ties, powers of two and ten, extremes) and on random values.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use scaling_model::decimal::{exponent, fixed, fixed_signed, shortest};

fn check(x: f64) {
    for d in 0..=6u8 {
        let n = usize::from(d);
        assert_eq!(fixed(x, d), format!("{x:.n$}"), "fixed({x:e}, {d})");
        assert_eq!(
            fixed_signed(x, d),
            format!("{x:+.n$}"),
            "fixed_signed({x:e}, {d})"
        );
    }
    assert_eq!(shortest(x), format!("{x}"), "shortest({x:e})");
    assert_eq!(exponent(x), format!("{x:e}"), "exponent({x:e})");
}

fn check_both_signs(x: f64) {
    check(x);
    check(-x);
}

#[test]
fn edge_cases() {
    let values = [
        0.0,
        0.05,
        0.15,
        0.25,
        0.35,
        0.45,
        0.5,
        1.5,
        2.5,
        3.5,
        0.125,
        0.375,
        1.005,
        2.675,
        0.1 + 0.2,
        1.0 / 3.0,
        2.0 / 3.0,
        9.95,
        9.995,
        99.95,
        999.5,
        1e15,
        1e16,
        1e17,
        1e21,
        1e22,
        1e23,
        123_456_789.0,
        107_374_182_400.0,
        9_007_199_254_740_993.0,
        18_446_744_073_709_551_616.0,
        1e-6,
        1e-7,
        1.5e-7,
        1e-300,
        f64::MIN_POSITIVE,
        f64::MIN_POSITIVE / 3.0,
        f64::from_bits(1),
        f64::from_bits(2),
        f64::from_bits(3),
        f64::MAX,
        f64::EPSILON,
        5e-324,
        2f64.powi(60),
        2f64.powi(-60),
        2f64.powi(1000),
        0.1,
        0.7,
        1234.5678,
        7000.0,
        0.0499999,
        0.04999999999999999,
    ];
    for x in values {
        check_both_signs(x);
    }
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(fixed(x, 1), format!("{x:.1}"));
        assert_eq!(fixed_signed(x, 0), format!("{x:+.0}"));
        assert_eq!(shortest(x), format!("{x}"));
        assert_eq!(exponent(x), format!("{x:e}"));
    }
    assert_eq!(fixed(-0.0, 1), "-0.0");
    assert_eq!(shortest(-0.0), "-0");
}

#[test]
fn ties_and_neighbours_of_k_over_1000() {
    for k in 0..20_000u32 {
        let x = f64::from(k) / 1000.0;
        check_both_signs(x);
        check(f64::from_bits(x.to_bits() + 1));
        if k > 0 {
            check(f64::from_bits(x.to_bits() - 1));
        }
    }
}

#[test]
fn powers_of_two_and_ten() {
    for e in -1074..=1023 {
        check(2f64.powi(e));
        let x = 2f64.powi(e);
        check(f64::from_bits(x.to_bits().saturating_sub(1)));
        check(f64::from_bits(x.to_bits() + 1));
    }
    for e in -323..=308 {
        check(10f64.powi(e));
        check(format!("1e{e}").parse().unwrap());
        check(format!("5e{e}").parse().unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// Realistic ranges: rates, percentages, byte counts, with 0 to 3 fraction digits.
    #[test]
    fn fixed_matches_std_in_realistic_ranges(x in -1e12f64..1e12, d in 0u8..=3) {
        let n = usize::from(d);
        prop_assert_eq!(fixed(x, d), format!("{x:.n$}"));
        prop_assert_eq!(fixed_signed(x, d), format!("{x:+.n$}"));
        prop_assert_eq!(shortest(x), format!("{x}"));
    }

    #[test]
    fn fixed_matches_std_on_small_values(x in -10.0f64..10.0, d in 0u8..=3) {
        let n = usize::from(d);
        prop_assert_eq!(fixed(x, d), format!("{x:.n$}"));
        prop_assert_eq!(shortest(x), format!("{x}"));
        prop_assert_eq!(exponent(x), format!("{x:e}"));
    }

    /// Values a person types: a few digits and a decimal exponent.
    #[test]
    fn typed_values_match_std(m in -999_999i64..999_999, e in -30i32..30) {
        let x: f64 = format!("{m}e{e}").parse().unwrap();
        check(x);
    }

    /// Any finite bit pattern, subnormals and huge values included.
    #[test]
    fn any_finite_value_matches_std(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        if x.is_finite() {
            prop_assert_eq!(shortest(x), format!("{x}"));
            prop_assert_eq!(exponent(x), format!("{x:e}"));
            for d in [0u8, 1, 3] {
                let n = usize::from(d);
                prop_assert_eq!(fixed(x, d), format!("{x:.n$}"));
            }
        }
    }
}
