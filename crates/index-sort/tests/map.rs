//! `SortedMap` against `BTreeMap`: the same operations give the same answers, contents, order,
//! `Debug` text and JSON, for both key types the workspace uses (`&'static str`, `String`).

use index_sort::SortedMap;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Keys inserted out of order, replaced, removed, some absent; then the `String`-keyed
/// accessors (`get_mut`, `values_mut`, `keys`).
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
    let mut ours = SortedMap::new();
    let mut theirs = BTreeMap::new();
    for (k, op) in ops {
        match op {
            Some(v) => assert_eq!(ours.insert(k, v), theirs.insert(k, v), "insert {k}"),
            None => assert_eq!(ours.remove(k), theirs.remove(k), "remove {k}"),
        }
        assert_eq!(ours.len(), theirs.len());
        assert_eq!(ours.get(k), theirs.get(k));
        assert_eq!(ours.contains_key(k), theirs.contains_key(k));
    }
    // Left: alpha 5, wal 4, zeta 6.
    let ours_list: Vec<_> = ours.iter().collect();
    assert_eq!(ours_list, theirs.iter().collect::<Vec<_>>());
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

    let mut named: SortedMap<String, u32> = SortedMap::new();
    for (name, v) in [("orders", 1), ("debezium", 2), ("a", 3)] {
        named.insert(name.to_owned(), v);
    }
    if let Some(v) = named.get_mut("orders") {
        *v = 7;
    }
    for v in named.values_mut() {
        *v += 1;
    }
    // a 3+1, debezium 2+1, orders 7+1.
    assert_eq!(
        named.keys().cloned().collect::<Vec<_>>(),
        ["a", "debezium", "orders"]
    );
    assert_eq!(named.values().copied().collect::<Vec<_>>(), vec![4, 3, 8]);
}

proptest! {
    /// Any sequence of inserts and removes over a small key space leaves the same map.
    #[test]
    fn random_operations_match_a_btreemap(ops in prop::collection::vec((0u8..12, any::<Option<u16>>()), 0..60)) {
        let mut ours: SortedMap<String, u16> = SortedMap::new();
        let mut theirs: BTreeMap<String, u16> = BTreeMap::new();
        for (k, op) in ops {
            let key = format!("k{k}");
            match op {
                Some(v) => prop_assert_eq!(ours.insert(key.clone(), v), theirs.insert(key.clone(), v)),
                None => prop_assert_eq!(ours.remove(&key), theirs.remove(&key)),
            }
            prop_assert_eq!(ours.get(&key), theirs.get(&key));
        }
        prop_assert_eq!(ours.iter().collect::<Vec<_>>(), theirs.iter().collect::<Vec<_>>());
        prop_assert_eq!(ours.len(), theirs.len());
    }
}
