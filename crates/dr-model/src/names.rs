//! `NameMap`: connectors and slots by name.
//!
//! An [`index_sort::SortedMap`] (a `Vec` kept sorted by name, searched by binary search) in
//! place of `BTreeMap<String, _>`: the same answers and the same (name) order for a fraction
//! of the code in the browser module (see that module for why).

/// Values by name, in name order (see the module docs).
pub type NameMap<V> = index_sort::SortedMap<String, V>;
