//! The shared sort gives exactly the standard library's stable order, ties included.

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Keys from a small range force many ties; the payload (the original position) shows
    /// whether equal keys kept their order.
    #[test]
    fn sort_by_key_equals_std_stable_sort(keys in proptest::collection::vec(0u8..6, 0..200)) {
        let mut ours: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
        let mut std_sorted = ours.clone();
        index_sort::sort_by_key(&mut ours, |e| e.0);
        std_sorted.sort_by_key(|e| e.0);
        prop_assert_eq!(ours, std_sorted);
    }

    /// A comparator on part of the element (descending), as the scaling models use.
    #[test]
    fn sort_by_equals_std_sort_by(keys in proptest::collection::vec((0u8..4, 0u8..4), 0..120)) {
        let mut ours: Vec<(u8, u8, usize)> =
            keys.iter().zip(0..).map(|(&(a, b), i)| (a, b, i)).collect();
        let mut std_sorted = ours.clone();
        index_sort::sort_by(&mut ours, |x, y| y.0 < x.0);
        std_sorted.sort_by_key(|y| std::cmp::Reverse(y.0));
        prop_assert_eq!(ours, std_sorted);
    }

    /// Whole-element order: the same as `sort` and as `sort_unstable`.
    #[test]
    fn sort_equals_std_sort(v in proptest::collection::vec(any::<u16>(), 0..300)) {
        let mut ours = v.clone();
        let mut std_sorted = v.clone();
        index_sort::sort(&mut ours);
        std_sorted.sort_unstable();
        prop_assert_eq!(ours, std_sorted);
    }

    /// Already sorted input (the common case) and reversed input.
    #[test]
    fn sorted_and_reversed_inputs(n in 0usize..500) {
        let mut up: Vec<usize> = (0..n).collect();
        index_sort::sort(&mut up);
        prop_assert_eq!(&up, &(0..n).collect::<Vec<_>>());
        let mut down: Vec<usize> = (0..n).rev().collect();
        index_sort::sort(&mut down);
        prop_assert_eq!(down, (0..n).collect::<Vec<_>>());
    }

    /// A comparator that is not an order (random answers) still yields a permutation.
    #[test]
    fn an_inconsistent_comparator_gives_a_permutation(
        n in 0usize..100,
        answers in proptest::collection::vec(any::<bool>(), 1..64),
    ) {
        let mut k = 0usize;
        let mut order = index_sort::sorted_indices(n, |_, _| {
            k += 1;
            answers.get(k % answers.len()).copied().unwrap_or(false)
        });
        order.sort_unstable();
        prop_assert_eq!(order, (0..n).collect::<Vec<_>>());
    }
}

#[test]
fn sorted_indices_names_positions_in_order() {
    // Elements 30, 10, 20, 10: the smallest (10) is at 1 and again at 3 (stable: 1 first),
    // then 20 at 2, then 30 at 0.
    let v = [30, 10, 20, 10];
    let order = index_sort::sorted_indices(v.len(), |i, j| v.get(i) < v.get(j));
    assert_eq!(order, vec![1, 3, 2, 0]);
}
