//! `NameMap`: connectors and slots by name, a `Vec` kept sorted by name.
//!
//! The drill holds a handful of connectors and slots. A `BTreeMap<String, _>` per value type
//! brought its own copy of the B-tree's insert, remove, rebalancing, clone and drop code into
//! the browser module (several KB each); a sorted `Vec` searched by binary search gives the
//! same answers and the same (name) order for a fraction of the code.

/// Values by name, in name order (see the module docs).
#[derive(Clone, PartialEq, Eq)]
pub struct NameMap<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap::new()
    }
}

impl<V> NameMap<V> {
    /// An empty map.
    pub const fn new() -> Self {
        NameMap {
            entries: Vec::new(),
        }
    }

    /// Where `name` is (`Ok`) or would be inserted (`Err`).
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    /// The value called `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        let i = self.find(name).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// The value called `name`, mutable.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        let i = self.find(name).ok()?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    /// Whether there is a value called `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets `name` to `value`; returns the value it replaced.
    pub fn insert(&mut self, name: String, value: V) -> Option<V> {
        match self.find(&name) {
            Ok(i) => self
                .entries
                .get_mut(i)
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.entries.insert(i, (name, value));
                None
            }
        }
    }

    /// Removes `name`; returns its value.
    pub fn remove(&mut self, name: &str) -> Option<V> {
        let i = self.find(name).ok()?;
        (i < self.entries.len()).then(|| self.entries.remove(i).1)
    }

    /// Removes every value.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The names in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in name order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The values in name order, mutable.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// Names and values in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for NameMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::NameMap;
    use std::collections::BTreeMap;

    /// The same operations on a `NameMap` and a `BTreeMap` give the same answers, contents
    /// and order (names inserted out of order, replaced, removed, some absent).
    #[test]
    fn behaves_like_a_btreemap() {
        let ops: [(&str, Option<u32>); 8] = [
            ("inventory-connector", Some(1)),
            ("debezium", Some(2)),
            ("orders", Some(3)),
            ("debezium", Some(4)),
            ("absent", None),
            ("orders", None),
            ("a", Some(5)),
            ("zz", Some(6)),
        ];
        let mut ours = NameMap::new();
        let mut theirs = BTreeMap::new();
        for (k, op) in ops {
            match op {
                Some(v) => assert_eq!(
                    ours.insert(k.to_string(), v),
                    theirs.insert(k.to_string(), v),
                    "insert {k}"
                ),
                None => assert_eq!(ours.remove(k), theirs.remove(k), "remove {k}"),
            }
            assert_eq!(ours.get(k), theirs.get(k));
            assert_eq!(ours.contains_key(k), theirs.contains_key(k));
        }
        // Left: a 5, debezium 4, inventory-connector 1, zz 6.
        let ours_list: Vec<_> = ours.iter().collect();
        assert_eq!(ours_list, theirs.iter().collect::<Vec<_>>());
        assert_eq!(ours.values().copied().collect::<Vec<_>>(), vec![5, 4, 1, 6]);
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
        if let Some(v) = ours.get_mut("zz") {
            *v = 7;
        }
        for v in ours.values_mut() {
            *v += 1;
        }
        assert_eq!(
            ours.keys().cloned().collect::<Vec<_>>(),
            ["a", "debezium", "inventory-connector", "zz"]
        );
        assert_eq!(ours.values().copied().collect::<Vec<_>>(), vec![6, 5, 2, 8]);
        ours.clear();
        assert!(ours.get("a").is_none());
    }
}
