//! Decimal text of `f64` values by integer arithmetic.
//!
//! `core::fmt`'s float formatting (Grisu with a Dragon fallback, ~20 KB of WebAssembly) is
//! linked into the browser bundle as soon as one `{}`, `{:.1}` or `{:e}` of an `f64` is
//! reachable. These functions give the same text from the exact decimal expansion of the
//! binary value (every finite `f64` is `m · 2^e`, a finite decimal), so they agree with `std`
//! on every finite value, not just the common ones:
//!
//! - [`fixed`]`(x, n)` is `format!("{x:.n$}")` (the exact value rounded half to even);
//! - [`shortest`]`(x)` is `format!("{x}")` (the shortest digits that read back as `x`, the
//!   closest such, never an exponent);
//! - [`fixed_signed`]`(x, n)` is `format!("{x:+.n$}")`;
//! - [`exponent`]`(x)` is `format!("{x:e}")`.
//!
//! All three are checked against `std` in `tests/decimal.rs`.

/// `x` with `digits` fraction digits, exactly as `format!("{x:.digits$}")`: the exact binary
/// value rounded half to even, `-` for negative values (also when they round to zero, and
/// for `-0.0`), `NaN`, `inf`, `-inf`.
pub fn fixed(x: f64, digits: u8) -> String {
    let mut out = String::new();
    if !push_sign(&mut out, x) {
        return out;
    }
    let (m, e) = decompose(x.abs());
    let (mut d, exp10) = exact(m, e);
    let digits = usize::from(digits);
    let frac_exact = exp10.unsigned_abs() as usize; // exp10 ≤ 0
    if frac_exact <= digits {
        // Exact already: append zeros up to `digits` fraction digits.
        d.resize(d.len() + (digits - frac_exact), b'0');
    } else {
        // Round off the last `cut` digits, half to even. Leading zeros keep an integer digit
        // and room for a carry.
        let cut = frac_exact - digits;
        let mut padded = vec![b'0'; cut + 1];
        padded.extend_from_slice(&d);
        let keep = padded.len() - cut;
        let rest = padded.split_off(keep);
        let last_odd = padded.last().is_some_and(|&b| (b - b'0') % 2 == 1);
        if rounds_up(&rest, last_odd) {
            increment(&mut padded);
        }
        d = padded;
    }
    // `d` holds the value times 10^digits.
    let int_len = d.len().saturating_sub(digits);
    let (int_part, frac_part) = d.split_at(int_len);
    push_int(&mut out, int_part);
    if digits > 0 {
        out.push('.');
        for _ in frac_part.len()..digits {
            out.push('0');
        }
        push_ascii(&mut out, frac_part);
    }
    out
}

/// `x` as `format!("{x:+.digits$}")` prints it: [`fixed`] with a `+` in front of a
/// non-negative value (`+0` for `0.0`, `+inf`; `NaN` gets no sign).
pub fn fixed_signed(x: f64, digits: u8) -> String {
    let text = fixed(x, digits);
    if x.is_nan() || x.is_sign_negative() {
        text
    } else {
        format!("+{text}")
    }
}

/// `x` as `format!("{x}")` prints it: the shortest digits that read back as `x` (the closest
/// such to `x`), positional, never an exponent (`0.1`, `1e21` as `1000000000000000000000`,
/// `-0` for `-0.0`), `NaN`, `inf`, `-inf`.
pub fn shortest(x: f64) -> String {
    let mut out = String::new();
    if !push_sign(&mut out, x) {
        return out;
    }
    let (sig, k) = shortest_digits(x.abs());
    // value = 0.sig · 10^(k + 1) = sig[0].sig[1..] · 10^k
    if k < 0 {
        out.push_str("0.");
        for _ in 0..(k.unsigned_abs() - 1) {
            out.push('0');
        }
        push_ascii(&mut out, &sig);
    } else {
        let int_len = k.unsigned_abs() as usize + 1;
        if sig.len() <= int_len {
            push_ascii(&mut out, &sig);
            for _ in sig.len()..int_len {
                out.push('0');
            }
        } else {
            let (int_part, frac_part) = sig.split_at(int_len);
            push_ascii(&mut out, int_part);
            out.push('.');
            push_ascii(&mut out, frac_part);
        }
    }
    out
}

/// `x` as `format!("{x:e}")` prints it: the shortest digits as in [`shortest`], written as
/// `d.ddde±k` (`1e15`, `-2.5e-7`, `0e0`), `NaN`, `inf`, `-inf`.
pub fn exponent(x: f64) -> String {
    let mut out = String::new();
    if !push_sign(&mut out, x) {
        return out;
    }
    let (sig, k) = shortest_digits(x.abs());
    let (first, rest) = sig.split_at(sig.len().min(1));
    push_ascii(&mut out, first);
    if !rest.is_empty() {
        out.push('.');
        push_ascii(&mut out, rest);
    }
    out.push('e');
    if k < 0 {
        out.push('-');
    }
    out.push_str(&k.unsigned_abs().to_string());
    out
}

/// Pushes `-` for a negative `x` (including `-0.0` and `-inf`) and the whole text of a
/// non-finite one; `true` when the digits of a finite `x` are still to come.
fn push_sign(out: &mut String, x: f64) -> bool {
    if x.is_nan() {
        out.push_str("NaN");
        return false;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return false;
    }
    true
}

/// The shortest significant digits (ASCII, no leading or trailing zeros; `"0"` for zero) of a
/// finite, non-negative `x` that read back as `x`, and the decimal exponent `k` of the first:
/// `x ≈ sig[0].sig[1..] · 10^k`. Mirrors `core`'s Dragon `format_shortest`: the first length
/// at which the truncated or the rounded-up digits fall inside the rounding interval of `x`
/// (its ends included when the mantissa is even), rounding up when both do and the dropped
/// part is at least half.
fn shortest_digits(x: f64) -> (Vec<u8>, i32) {
    if x == 0.0 {
        return (vec![b'0'], 0);
    }
    let bits = x.to_bits();
    let (m, e) = decompose(x);
    // `core::num::flt2dec::decode`: a subnormal's mantissa is doubled (so always even); a
    // normal one with the smallest mantissa has a lower neighbour half as far away.
    let subnormal = (bits >> 52) & 0x7ff == 0;
    let inclusive = subnormal || m % 2 == 0;
    let minus = if !subnormal && m == 1u64 << 52 { 1 } else { 2 };
    // x, its lower and its upper rounding bound, all times 2^(2 − e) (integers).
    let (xd, exp10) = exact(4 * m, e - 2);
    let (lo, _) = exact(4 * m - minus, e - 2);
    let (hi, _) = exact(4 * m + 2, e - 2);
    // Same length for all three, plus a leading zero for a carry.
    let width = xd.len().max(lo.len()).max(hi.len()) + 1;
    let pad = |d: Vec<u8>| -> Vec<u8> {
        let mut p = vec![b'0'; width - d.len()];
        p.extend_from_slice(&d);
        p
    };
    let (xd, lo, hi) = (pad(xd), pad(lo), pad(hi));
    let first = xd.iter().take_while(|&&b| b == b'0').count();
    let mut chosen = xd.clone();
    let mut len = width;
    for j in first + 1..=width {
        let (head, rest) = xd.split_at(j);
        if rest.iter().all(|&b| b == b'0') {
            chosen = head.to_vec();
            len = j;
            break;
        }
        let mut floor = head.to_vec();
        floor.resize(width, b'0');
        let mut ceil = head.to_vec();
        increment(&mut ceil);
        ceil.resize(width, b'0');
        let down = if inclusive { floor >= lo } else { floor > lo };
        let up = if inclusive { ceil <= hi } else { ceil < hi };
        if down || up {
            let half_or_more = rest.first().is_some_and(|&b| b >= b'5');
            let pick = if up && (!down || half_or_more) {
                ceil
            } else {
                floor
            };
            chosen = pick;
            chosen.truncate(j);
            len = j;
            break;
        }
    }
    // value = int(chosen) · 10^(width − len + exp10)
    let lead = chosen.iter().take_while(|&&b| b == b'0').count();
    let mut sig = chosen.split_off(lead);
    while sig.len() > 1 && sig.last() == Some(&b'0') {
        sig.pop();
    }
    let digits_before = len as i64 - lead as i64 + exp10 as i64 + (width - len) as i64;
    // digits_before counts the digits of the integer part (≤ 0 for values below 1).
    let k = i32::try_from(digits_before - 1).unwrap_or(0);
    (sig, k)
}

/// Whether dropping the digits `rest` rounds up, half to even (`last_odd`: the last digit
/// kept is odd).
fn rounds_up(rest: &[u8], last_odd: bool) -> bool {
    match rest.split_first() {
        Some((&b'5', tail)) => tail.iter().any(|&b| b != b'0') || last_odd,
        Some((&d, _)) => d > b'5',
        None => false,
    }
}

/// Adds one to the ASCII decimal number `d` in place (the caller leaves room for a carry).
fn increment(d: &mut [u8]) {
    for b in d.iter_mut().rev() {
        if *b == b'9' {
            *b = b'0';
        } else {
            *b += 1;
            return;
        }
    }
}

/// Pushes ASCII digits.
fn push_ascii(out: &mut String, d: &[u8]) {
    out.extend(d.iter().map(|&b| char::from(b)));
}

/// Pushes an integer's ASCII digits without leading zeros (`0` when there are none).
fn push_int(out: &mut String, d: &[u8]) {
    let lead = d.iter().take_while(|&&b| b == b'0').count();
    match d.get(lead..) {
        Some(rest) if !rest.is_empty() => push_ascii(out, rest),
        _ => out.push('0'),
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

/// The exact decimal digits of `m · 2^e` as `(digits, exp10)` with the value
/// `digits · 10^exp10` (`exp10 ≤ 0`; ASCII digits, no leading zeros, `"0"` for zero):
/// `m · 2^e` itself for `e ≥ 0`, `m · 5^−e` with `exp10 = e` otherwise.
fn exact(m: u64, e: i32) -> (Vec<u8>, i32) {
    const BASE: u64 = 1_000_000_000;
    // Base-10^9 limbs, least significant first.
    let mut limbs = vec![m % BASE, (m / BASE) % BASE, m / (BASE * BASE)];
    let mul = |limbs: &mut Vec<u64>, k: u64| {
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let v = *limb * k + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    };
    let mut n = e.unsigned_abs();
    let (step_k, step_n, one) = if e >= 0 {
        (1u64 << 29, 29, 2u32)
    } else {
        (1_220_703_125, 13, 5u32) // 5^13
    };
    while n >= step_n {
        mul(&mut limbs, step_k);
        n -= step_n;
    }
    mul(&mut limbs, u64::from(one).pow(n));
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = Vec::with_capacity(limbs.len() * 9);
    for (i, limb) in limbs.iter().rev().enumerate() {
        let text = limb.to_string();
        if i > 0 {
            out.resize(out.len() + (9 - text.len()), b'0');
        }
        out.extend_from_slice(text.as_bytes());
    }
    (out, e.min(0))
}
