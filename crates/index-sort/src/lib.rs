//! # index-sort: one stable sort (and one small map) for every crate that reaches the browser
//!
//! `slice::sort_by_key`, `sort_by`, `sort` and `sort_unstable` are generic over the element
//! type and the comparison, so each call site compiles its own copy of the standard library's
//! driftsort / quicksort (1.4–2.4 KB each, ≈ 4 KB with their helpers, after `wasm-opt -Oz`);
//! `wal-sim` carried about ten of them (36 KB). Here the sorting is done once, on indices, by
//! a non-generic merge sort that asks a `dyn` comparison `less(i, j)` about the elements at
//! indices `i` and `j`; the elements are then moved into that order by a non-generic
//! permutation that calls a `dyn` swap. What stays generic per call site is a closure or two.
//!
//! The sort is **stable** (equal elements keep their order), so it gives exactly what
//! `sort_by` / `sort_by_key` / `sort` give, and also what `sort_unstable` gives whenever equal
//! elements cannot be told apart (a total order on the whole element). Bottom-up merge sort,
//! O(n log n) comparisons in the worst case; a merge whose halves are already in order costs
//! one comparison, and input already in order (the usual case here: pieces and events generated
//! in time order) is recognised first, in n − 1 comparisons. The lists sorted are short
//! (workload pieces, events, thresholds, JSON object keys; the drill's delivered change
//! numbers are the long one, and arrive nearly in order), and none of them is on the engine's
//! per-step path, so a `dyn` call per comparison is cheap.
//!
//! No panics (every index is reached through `get`). The crate also holds [`SortedMap`], the
//! sorted-`Vec` map that replaces `BTreeMap` for the same reason (one copy of the code, not one
//! per key/value type; see its module); its only dependency is serde, for its `Serialize`.

mod map;
pub use map::SortedMap;

/// The stable sorted order of `len` elements: the returned `order` lists `0..len` so that
/// element `order[k]` comes `k`-th. `less(i, j)` says whether element `i` sorts strictly before
/// element `j` (a strict weak order, as for `sort_by`; an inconsistent one gives some
/// permutation of `0..len`, never a panic).
pub fn sorted_indices(len: usize, mut less: impl FnMut(usize, usize) -> bool) -> Vec<usize> {
    merge_sort(len, &mut less)
}

/// Sorts `v` stably by `less` (like `v.sort_by(|a, b| …)` where `less(a, b)` is `Less`).
pub fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    let order = merge_sort(v.len(), &mut |i, j| match (v.get(i), v.get(j)) {
        (Some(a), Some(b)) => less(a, b),
        _ => false,
    });
    permute(order, &mut |i, j| v.swap(i, j));
}

/// Sorts `v` stably by `key` (like `v.sort_by_key(key)`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a) < key(b));
}

/// Sorts `v` (like `v.sort()`; for `sort_unstable()` too, since equal elements of a total
/// order are indistinguishable).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a < b);
}

/// `0..len` in stable order by `less`: bottom-up merge sort between two index buffers.
#[inline(never)]
fn merge_sort(len: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut src: Vec<usize> = (0..len).collect();
    // Already in order (the usual case: events and pieces are generated in time order):
    // n − 1 comparisons and no copying.
    if (1..len).all(|i| !less(i, i - 1)) {
        return src;
    }
    let mut dst: Vec<usize> = vec![0; len];
    let mut width = 1usize;
    while width < len {
        let mut start = 0usize;
        while start < len {
            let mid = start.saturating_add(width).min(len);
            let end = start.saturating_add(width.saturating_mul(2)).min(len);
            let (Some(left), Some(right), Some(out)) = (
                src.get(start..mid),
                src.get(mid..end),
                dst.get_mut(start..end),
            ) else {
                break;
            };
            merge(left, right, out, less);
            start = end;
        }
        std::mem::swap(&mut src, &mut dst);
        width = width.saturating_mul(2);
    }
    src
}

/// Merges two stably sorted runs into `out` (`out.len() == left.len() + right.len()`); on ties
/// the left run's element comes first.
fn merge(
    left: &[usize],
    right: &[usize],
    out: &mut [usize],
    less: &mut dyn FnMut(usize, usize) -> bool,
) {
    let in_order = match (left.last(), right.first()) {
        (Some(&l), Some(&r)) => !less(r, l),
        _ => true,
    };
    let mut l = left.iter().copied().peekable();
    let mut r = right.iter().copied().peekable();
    for slot in out.iter_mut() {
        let take_right = match (l.peek(), r.peek()) {
            (Some(_), Some(_)) if in_order => false,
            (Some(&a), Some(&b)) => less(b, a),
            (None, _) => true,
            (Some(_), None) => false,
        };
        let next = if take_right { r.next() } else { l.next() };
        if let Some(x) = next {
            *slot = x;
        }
    }
}

/// Moves elements so that position `k` holds what was at `order[k]`, by swaps along each cycle
/// of the permutation. `order` must be a permutation of `0..order.len()` (what `merge_sort`
/// returns); anything else stops early rather than panic.
#[inline(never)]
fn permute(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut cur = start;
        // Each step puts the element that belongs at `cur` there and marks `cur` done
        // (`order[cur] = cur`); the element that was at `start` travels along the cycle and
        // lands at its end.
        loop {
            let Some(slot) = order.get_mut(cur) else {
                return;
            };
            let next = std::mem::replace(slot, cur);
            if next == start || next == cur {
                break;
            }
            swap(cur, next);
            cur = next;
        }
    }
}
