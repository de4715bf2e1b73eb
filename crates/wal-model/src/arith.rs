//! 64-bit multiplications that stay 64-bit on `wasm32`.
//!
//! `u64::checked_mul` and `u64::saturating_mul` need the high half of the product to know
//! whether it overflowed. x86-64 and AArch64 get it from one instruction; WebAssembly has no
//! such instruction, so LLVM computes the full 128-bit product through `__multi3`, a call per
//! multiplication (it was 8 % of the model's time in the browser bundle, from the WAL curve's
//! `lsn_at` alone). The functions here first check the common case, both factors below 2³²,
//! where the product cannot overflow and one 64-bit multiplication is exact, and only
//! otherwise ask `std`. Same results as `std` for every input (`tests` below compare them).
//!
//! `#[inline(always)]`: the browser bundle is built at `opt-level = "z"`, where LLVM ignores
//! plain `#[inline]` hints and would leave these as calls.
//!
//! Only `wasm32` takes these paths: natively the extra test costs instructions (callgrind, the
//! 7-day preset: 19.70 M → 20.08 M per simulation, ≈ 4 % more CPU time) where the hardware
//! already gives the high half and the remainder for free, so elsewhere they are `std`'s own.
//! The split versions are compiled and tested on every target.

/// `a.checked_mul(b)`; on `wasm32` [`checked_mul_split`].
#[inline(always)]
pub(crate) fn checked_mul(a: u64, b: u64) -> Option<u64> {
    if cfg!(target_arch = "wasm32") {
        checked_mul_split(a, b)
    } else {
        a.checked_mul(b)
    }
}

/// `a.saturating_mul(b)`; on `wasm32` [`saturating_mul_split`].
#[inline(always)]
pub(crate) fn saturating_mul(a: u64, b: u64) -> u64 {
    if cfg!(target_arch = "wasm32") {
        saturating_mul_split(a, b)
    } else {
        a.saturating_mul(b)
    }
}

/// `a.div_ceil(b)`; on `wasm32` [`div_ceil_one_division`]. Panics on `b == 0`, like
/// `div_ceil`.
#[inline(always)]
pub(crate) fn div_ceil(a: u64, b: u64) -> u64 {
    if cfg!(target_arch = "wasm32") {
        div_ceil_one_division(a, b)
    } else {
        a.div_ceil(b)
    }
}

/// `a.checked_mul(b)`, without a 128-bit product when both factors are below 2³².
#[inline(always)]
fn checked_mul_split(a: u64, b: u64) -> Option<u64> {
    if (a | b) >> 32 == 0 {
        Some(a * b)
    } else {
        a.checked_mul(b)
    }
}

/// `a.saturating_mul(b)`, without a 128-bit product when both factors are below 2³².
#[inline(always)]
fn saturating_mul_split(a: u64, b: u64) -> u64 {
    if (a | b) >> 32 == 0 {
        a * b
    } else {
        a.saturating_mul(b)
    }
}

/// `a.div_ceil(b)` with one division: `u64::div_ceil` divides twice on `wasm32` (quotient
/// and remainder are separate instructions there) and is a call at `opt-level = "z"`.
/// Panics on `b == 0`, like `div_ceil`.
#[inline(always)]
fn div_ceil_one_division(a: u64, b: u64) -> u64 {
    let q = a / b;
    // q·b ≤ a: no overflow.
    q + u64::from(q * b != a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_std_at_the_edges_of_the_fast_case() {
        let edges = [
            0,
            1,
            2,
            1_000,
            (1 << 32) - 1,
            1 << 32,
            (1 << 32) + 1,
            u64::from(u32::MAX) * 3,
            1 << 63,
            u64::MAX - 1,
            u64::MAX,
        ];
        for &a in &edges {
            for &b in &edges {
                assert_eq!(checked_mul_split(a, b), a.checked_mul(b), "{a} × {b}");
                assert_eq!(saturating_mul_split(a, b), a.saturating_mul(b), "{a} × {b}");
            }
        }
        // The largest product of the fast case fits: (2³² − 1)² = 2⁶⁴ − 2³³ + 1.
        let m = (1u64 << 32) - 1;
        assert_eq!(checked_mul_split(m, m), Some(u64::MAX - (1 << 33) + 2));
        // The smallest overflow needs the slow case: 2³² × 2³² = 2⁶⁴.
        assert_eq!(checked_mul_split(1 << 32, 1 << 32), None);
        assert_eq!(saturating_mul_split(1 << 32, 1 << 32), u64::MAX);
    }

    #[test]
    fn div_ceil_is_std_div_ceil() {
        let values = [
            0,
            1,
            2,
            3,
            999,
            1_000,
            1_001,
            15_000,
            60_000,
            u64::MAX - 1,
            u64::MAX,
        ];
        for &a in &values {
            for &b in values.iter().filter(|&&b| b > 0) {
                assert_eq!(div_ceil_one_division(a, b), a.div_ceil(b), "{a} / {b}");
            }
        }
        // 7 / 2 rounds up to 4; 6 / 2 is exact.
        assert_eq!(
            (div_ceil_one_division(7, 2), div_ceil_one_division(6, 2)),
            (4, 3)
        );
    }
}
