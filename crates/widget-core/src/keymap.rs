//! `KeyMap`: the parameter tables' map from a parameter key (`&'static str`) to a value.
//!
//! A `Vec` of `(key, value)` kept sorted by key, searched by binary search. It replaces
//! `BTreeMap<&'static str, _>` / `BTreeSet<&'static str>` in the parameter types: those maps
//! hold a few dozen entries at most, and each `BTreeMap` key/value type brought its own copy of
//! the B-tree's insert, remove, rebalancing, clone and drop code into every WebAssembly module
//! (several KB each). Iteration order (by key), equality, `Debug` and serde output are those of
//! the `BTreeMap` it replaces.

use serde::{Serialize, Serializer};

/// A small map from parameter keys to values, sorted by key (see the module docs).
#[derive(Clone, PartialEq, Eq)]
pub struct KeyMap<V> {
    entries: Vec<(&'static str, V)>,
}

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap::new()
    }
}

impl<V> KeyMap<V> {
    /// An empty map.
    pub const fn new() -> Self {
        KeyMap {
            entries: Vec::new(),
        }
    }

    /// Where `key` is (`Ok`) or would be inserted (`Err`).
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| (*k).cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        let i = self.find(key).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaced.
    pub fn insert(&mut self, key: &'static str, value: V) -> Option<V> {
        match self.find(key) {
            Ok(i) => self
                .entries
                .get_mut(i)
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = self.find(key).ok()?;
        (i < self.entries.len()).then(|| self.entries.remove(i).1)
    }

    /// Keeps only the entries for which `keep` says so.
    pub fn retain(&mut self, mut keep: impl FnMut(&&'static str, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order (as `BTreeMap::iter`).
    pub fn iter(&self) -> impl Iterator<Item = (&&'static str, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for KeyMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: Serialize> Serialize for KeyMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::KeyMap;
    use std::collections::BTreeMap;

    /// The same operations on a `KeyMap` and a `BTreeMap` give the same answers and contents,
    /// in the same order (keys inserted out of order, replaced, removed, some absent).
    #[test]
    fn behaves_like_a_btreemap() {
        let ops: [(&'static str, Option<i32>); 9] = [
            ("wal", Some(1)),
            ("duration", Some(2)),
            ("heartbeat", Some(3)),
            ("wal", Some(4)),
            ("absent", None),
            ("duration", None),
            ("alpha", Some(5)),
            ("zeta", Some(6)),
            ("heartbeat", None),
        ];
        let mut ours = KeyMap::new();
        let mut theirs = BTreeMap::new();
        for (k, op) in ops {
            match op {
                Some(v) => assert_eq!(ours.insert(k, v), theirs.insert(k, v), "insert {k}"),
                None => assert_eq!(ours.remove(k), theirs.remove(k), "remove {k}"),
            }
            assert_eq!(ours.len(), theirs.len());
            assert_eq!(ours.get(k), theirs.get(k));
        }
        // Left: alpha 5, wal 4, zeta 6.
        let ours_list: Vec<_> = ours.iter().collect();
        let theirs_list: Vec<_> = theirs.iter().collect();
        assert_eq!(ours_list, theirs_list);
        assert_eq!(ours_list, vec![(&"alpha", &5), (&"wal", &4), (&"zeta", &6)]);
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
        assert_eq!(
            serde_json::to_string(&ours).ok(),
            serde_json::to_string(&theirs).ok()
        );
        ours.retain(|k, _| *k != "wal");
        assert!(!ours.contains_key("wal") && ours.contains_key("zeta"));
        ours.clear();
        assert!(ours.is_empty());
    }
}
