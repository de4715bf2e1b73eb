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

/// `a.checked_mul(b)`, without a 128-bit product when both factors are below 2³².
#[inline(always)]
pub(crate) fn checked_mul(a: u64, b: u64) -> Option<u64> {
    if (a | b) >> 32 == 0 {
        Some(a * b)
    } else {
        a.checked_mul(b)
    }
}

/// `a.saturating_mul(b)`, without a 128-bit product when both factors are below 2³².
#[inline(always)]
pub(crate) fn saturating_mul(a: u64, b: u64) -> u64 {
    if (a | b) >> 32 == 0 {
        a * b
    } else {
        a.saturating_mul(b)
    }
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
                assert_eq!(checked_mul(a, b), a.checked_mul(b), "{a} × {b}");
                assert_eq!(saturating_mul(a, b), a.saturating_mul(b), "{a} × {b}");
            }
        }
        // The largest product of the fast case fits: (2³² − 1)² = 2⁶⁴ − 2³³ + 1.
        let m = (1u64 << 32) - 1;
        assert_eq!(checked_mul(m, m), Some(u64::MAX - (1 << 33) + 2));
        // The smallest overflow needs the slow case: 2³² × 2³² = 2⁶⁴.
        assert_eq!(checked_mul(1 << 32, 1 << 32), None);
        assert_eq!(saturating_mul(1 << 32, 1 << 32), u64::MAX);
    }
}
