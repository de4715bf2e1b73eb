//! Decimal text of `f64` values by integer arithmetic, for the few places that print one
//! (a validation message, `postgresql.conf`, canvas colours and fonts).
//!
//! `core::fmt`'s float formatting (Grisu with a Dragon fallback, ~20 KB of WebAssembly) is
//! linked into the browser bundle as soon as one `{}` or `{:.3}` of an `f64` is reachable.
//! [`fixed`] gives exactly what `format!("{x:.N$}")` gives; [`shortest`] what `format!("{x}")`
//! gives for every value a person would type (see its docs for the exact domain). Both are
//! tested against `std` in `tests/decimal.rs`.

/// `x` with `digits` fraction digits (at most 22), exactly as `format!("{x:.digits$}")`:
/// the exact binary value rounded half to even, `-` for negative values (also when they
/// round to zero), `NaN`, `inf`, `-inf`.
pub fn fixed(x: f64, digits: u32) -> String {
    // m·10^22 < 2^127: the rounding below stays in u128.
    let digits = digits.min(22);
    if x.is_nan() {
        return "NaN".to_string();
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return out;
    }
    let (m, e) = decompose(x.abs());
    if e >= 0 {
        // A whole number: its digits, then zeros.
        out.push_str(&whole_number(m, e.unsigned_abs()));
        push_fraction(&mut out, 0, digits);
        return out;
    }
    // x·10^digits = m·10^digits / 2^shift.
    let pow = 10u128.pow(digits);
    let scaled = u128::from(m) * pow;
    let shift = e.unsigned_abs();
    let q = if shift >= 128 {
        0 // x·10^digits < 2^127 / 2^128: rounds to zero, never a tie
    } else {
        let q = scaled >> shift;
        let rem = scaled & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        if rem > half || (rem == half && q % 2 == 1) {
            q + 1
        } else {
            q
        }
    };
    out.push_str(&(q / pow).to_string());
    push_fraction(&mut out, q % pow, digits);
    out
}

/// `x` as `format!("{x}")` prints it (the shortest text that reads back as `x`, never an
/// exponent), computed as `x` rounded to 15 significant digits with trailing zeros dropped.
/// The same text as `std` for zero, every whole number below 2^53, and every `x` with
/// 10^-7 ≤ |x| < 2^53 whose shortest decimal has at most 15 significant digits (`0.9`,
/// `-1.5`, `0.000123`); a value that needs 16 or 17 digits to read back (`0.1 + 0.2`)
/// prints rounded to 15 (`0.3`).
pub fn shortest(x: f64) -> String {
    if !x.is_finite() {
        return fixed(x, 0);
    }
    let a = x.abs();
    // Fraction digits for 15 significant ones: 15 − the digits before the point, or 15 +
    // the zeros after it (at most 22 fraction digits in all).
    let digits = if a >= 1.0 {
        15u32.saturating_sub(fixed(a.trunc(), 0).len() as u32)
    } else {
        let text = fixed(a, 22);
        let zeros = text
            .trim_start_matches("0.")
            .bytes()
            .take_while(|&b| b == b'0')
            .count() as u32;
        (15 + zeros).min(22)
    };
    let text = fixed(x, digits);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// `x = m · 2^e` for a finite, non-negative `x` (`m < 2^53`).
fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    }
}

/// `.` and `frac` zero-padded to `digits` digits (nothing when `digits` is 0).
fn push_fraction(out: &mut String, frac: u128, digits: u32) {
    if digits == 0 {
        return;
    }
    out.push('.');
    let text = frac.to_string();
    for _ in text.len()..digits as usize {
        out.push('0');
    }
    out.push_str(&text);
}

/// The decimal digits of `m · 2^e`, exactly (base-10^9 limbs, least significant first).
fn whole_number(m: u64, e: u32) -> String {
    const BASE: u64 = 1_000_000_000;
    let mut limbs = vec![m % BASE, (m / BASE) % BASE, m / (BASE * BASE)];
    for _ in 0..e {
        let mut carry = 0;
        for limb in &mut limbs {
            let v = *limb * 2 + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            let text = limb.to_string();
            for _ in text.len()..9 {
                out.push('0');
            }
            out.push_str(&text);
        }
    }
    out
}
