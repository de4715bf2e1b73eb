//! `KeyMap`: the parameter tables' map from a parameter key (`&'static str`) to a value.
//!
//! An [`index_sort::SortedMap`] (a `Vec` kept sorted by key, searched by binary search) in
//! place of `BTreeMap<&'static str, _>` / `BTreeSet<&'static str>`: see that module for why.
//! Iteration order (by key), equality, `Debug` and serde output are the `BTreeMap`'s.

/// A small map from parameter keys to values, sorted by key (see the module docs).
pub type KeyMap<V> = index_sort::SortedMap<&'static str, V>;
