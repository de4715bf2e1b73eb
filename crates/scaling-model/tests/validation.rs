//! Bad input is rejected with a message that names the field path and quotes the value;
//! generated connector configs use only real Debezium / Kafka Connect keys; the repository's
//! presets are valid; every module has a `//!` doc.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use scaling_model::{allowed_keys, evaluate, rest_configs, RawConfig};
use serde_json::{json, Value};

fn example() -> Value {
    serde_json::to_value(RawConfig::example()).unwrap()
}

fn err_of(v: &Value) -> String {
    match RawConfig::from_value(v).and_then(|r| r.validate()) {
        Ok(_) => panic!("accepted: {v}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn max_batch_size_must_be_smaller_than_max_queue_size() {
    let mut v = example();
    v["connectors"][0]["max_batch_size"] = json!(8192);
    assert_eq!(
        err_of(&v),
        "connectors[0].max_batch_size must be smaller than max_queue_size (8192), got \"8192\": \
         Debezium refuses to start when max.batch.size >= max.queue.size"
    );
}

#[test]
fn zero_and_negative_partitions() {
    let mut v = example();
    v["kafka"]["partitions"] = json!(0);
    assert_eq!(
        err_of(&v),
        "kafka.partitions must be a whole number between 1 and 10000, got \"0\""
    );
    v["kafka"]["partitions"] = json!(-3);
    assert_eq!(
        err_of(&v),
        "kafka.partitions must be a whole number between 1 and 10000, got \"-3\""
    );
    v["kafka"]["partitions"] = json!(2.5);
    assert_eq!(
        err_of(&v),
        "kafka.partitions must be a whole number between 1 and 10000, got \"2.5\""
    );
}

#[test]
fn consumer_rate_zero() {
    let mut v = example();
    v["kafka"]["consumer_rate_events_per_s"] = json!(0);
    assert_eq!(
        err_of(&v),
        "kafka.consumer_rate_events_per_s must be between 0.001 and 10000000, got \"0\""
    );
}

#[test]
fn shares_must_sum_to_100() {
    let mut v = example();
    v["source"]["table_sets"][0]["share_percent"] = json!(30);
    assert_eq!(
        err_of(&v),
        "source.table_sets[].share_percent must sum to 100, got \"90\" (\"30\" + \"25\" + \"20\" + \"15\")"
    );
}

#[test]
fn overflowing_rates() {
    let mut v = example();
    v["source"]["profile"]["peak_events_per_s"] = json!(1e300);
    assert_eq!(
        err_of(&v),
        "source.profile.peak_events_per_s must be between 0 and 10000000, got \"1e300\""
    );
    let mut v = example();
    v["source"]["profile"]["rate_events_per_s"] = json!(-1);
    assert!(err_of(&v).starts_with(
        "source.profile.rate_events_per_s must be between 0 and 10000000, got \"-1\""
    ));
}

#[test]
fn unknown_field_and_wrong_type() {
    let mut v = example();
    v["connectors"][0]["max_batch_sise"] = json!(4096);
    assert!(err_of(&v).starts_with(
        "connectors[0].max_batch_sise is not a known field, got \"max_batch_sise\"; known fields here: name, kind"
    ));
    let mut v = example();
    v["extra"] = json!(1);
    assert!(err_of(&v).starts_with("extra is not a known field"));
    let mut v = example();
    v["connectors"][0]["table_sets"] = json!(["orders", 7]);
    assert_eq!(
        err_of(&v),
        "connectors[0].table_sets[1] must be a string, got \"7\""
    );
    let mut v = example();
    v["source"].as_object_mut().unwrap().remove("profile");
    assert_eq!(err_of(&v), "source.profile is required but missing");
    assert!(RawConfig::from_json("[1, 2")
        .unwrap_err()
        .to_string()
        .starts_with("config is not valid json"));
}

#[test]
fn connector_rules() {
    // Shared slot.
    let mut v = example();
    v["connectors"][0]["table_sets"] = json!(["orders"]);
    v["connectors"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "second", "table_sets": ["payments"], "slot_name": "shop_cdc" }));
    assert!(err_of(&v).starts_with(
        "connectors[1].slot_name is already used by connectors[0], got \"shop_cdc\": each connector needs its own replication slot"
    ));
    // Overlapping table sets.
    let mut v = example();
    v["connectors"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "second", "table_sets": ["orders"] }));
    assert!(err_of(&v).starts_with(
        "connectors[1].table_sets[0] is already captured by connectors[0], got \"orders\""
    ));
    // Unknown table set, bad slot name, unknown kind, old MongoDB.
    let mut v = example();
    v["connectors"][0]["table_sets"] = json!(["nope"]);
    assert!(err_of(&v).starts_with("connectors[0].table_sets[0] names no table set, got \"nope\""));
    let mut v = example();
    v["connectors"][0]["slot_name"] = json!("Shop-CDC");
    assert_eq!(
        err_of(&v),
        "connectors[0].slot_name must be 1 to 63 lower-case letters, digits or '_', got \"Shop-CDC\""
    );
    let mut v = example();
    v["connectors"][0]["kind"] = json!("oracle");
    assert_eq!(
        err_of(&v),
        "connectors[0].kind must be one of \"postgresql\", \"sqlserver\", \"mongodb\", got \"oracle\""
    );
    let mut v = example();
    v["connectors"][0]["kind"] = json!("mongodb");
    v["connectors"][0]["debezium_version"] = json!("2.1");
    assert!(
        err_of(&v).starts_with("connectors[0].debezium_version must be 2.2 or later for mongodb")
    );
    // A PostgreSQL connector cannot span databases.
    let mut v = example();
    v["source"]["table_sets"][1]["database"] = json!("billing");
    assert!(err_of(&v).starts_with("connectors[0].table_sets span several databases"));
}

#[test]
fn absurd_byte_rates_are_rejected() {
    let mut v = example();
    v["source"]["profile"]["peak_events_per_s"] = json!(9_000_000);
    v["source"]["table_sets"][0]["wal_bytes_per_event"] = json!(60_000_000);
    assert!(err_of(&v).starts_with(
        "source.profile.peak_events_per_s is too high for events of up to 60000000 bytes, got \"9000000\""
    ));
}

#[test]
fn simulation_is_bounded() {
    let mut v = example();
    v["simulation"] = json!({ "duration_s": 604800, "step_s": 1 });
    assert!(err_of(&v)
        .starts_with("simulation.step_s gives 604800 steps over duration_s (604800), got \"1\""));
}

#[test]
fn generated_configs_use_only_allowed_keys() {
    for (kind, version) in [
        ("postgresql", "3.4"),
        ("sqlserver", "2.5"),
        ("mongodb", "2.5"),
        ("mongodb", "3.0"),
    ] {
        let mut v = example();
        v["connectors"][0]["kind"] = json!(kind);
        v["connectors"][0]["debezium_version"] = json!(version);
        v["connectors"][0]["max_queue_size_in_bytes"] = json!(104857600);
        let config = RawConfig::from_value(&v).unwrap().validate().unwrap();
        let report = evaluate(&config);
        let mut all = rest_configs(&config);
        for row in &report.comparison {
            all.extend(row.connectors.iter().cloned());
        }
        let allowed = allowed_keys(config.connectors()[0].kind);
        for c in &all {
            for key in c.config.keys() {
                assert!(
                    allowed.contains(key),
                    "{kind}: key {key} is not in the allowed list"
                );
            }
        }
    }
}

#[test]
fn postgres_config_shape() {
    let config = RawConfig::example().validate().unwrap();
    let c = &rest_configs(&config)[0];
    assert_eq!(c.name, "shop-cdc");
    let expect = [
        ("connector.class", "io.debezium.connector.postgresql.PostgresConnector"),
        ("tasks.max", "1"),
        ("plugin.name", "pgoutput"),
        ("database.hostname", "pg-primary"),
        ("database.dbname", "shop"),
        ("topic.prefix", "shop"),
        ("slot.name", "shop_cdc"),
        ("publication.name", "dbz_shop_cdc"),
        ("publication.autocreate.mode", "filtered"),
        (
            "table.include.list",
            "public.orders,public.order_items,public.payments,public.stock,public.warehouses,public.customers,public.addresses",
        ),
        ("max.queue.size", "8192"),
        ("max.batch.size", "2048"),
        ("poll.interval.ms", "500"),
    ];
    for (k, val) in expect {
        assert_eq!(c.config.get(k).map(String::as_str), Some(val), "{k}");
    }
    // The comparison's split connectors have distinct slots, publications and prefixes.
    let report = evaluate(&config);
    let split = &report.comparison[3].connectors;
    let slots: std::collections::BTreeSet<_> = split
        .iter()
        .map(|c| c.config["slot.name"].clone())
        .collect();
    let prefixes: std::collections::BTreeSet<_> = split
        .iter()
        .map(|c| c.config["topic.prefix"].clone())
        .collect();
    assert_eq!(slots.len(), split.len());
    assert_eq!(prefixes.len(), split.len());
}

#[test]
fn to_raw_round_trips() {
    let config = RawConfig::example().validate().unwrap();
    assert_eq!(config.to_raw().validate().unwrap(), config);
}

#[test]
fn presets_are_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../presets/scaling");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let raw = RawConfig::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        raw.validate()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        n += 1;
    }
    assert!(n >= 1, "no presets in {}", dir.display());
}

#[test]
fn every_module_starts_with_a_doc_comment() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} lacks a //! module doc",
            path.display()
        );
    }
}

#[test]
fn table_set_names_and_tables_must_be_unique() {
    // The example's sets: orders, payments, inventory, customers.
    let mut v = example();
    v["source"]["table_sets"][2]["name"] = json!("orders");
    assert_eq!(
        err_of(&v),
        "source.table_sets[2].name must be unique, got \"orders\" twice"
    );
    // Two repeats; in reading order (orders: public.orders, public.order_items; payments:
    // public.payments; inventory: public.payments ← position 3; customers: public.customers,
    // public.orders ← position 6) the first is inventory's, although "public.orders" sorts first.
    let mut v = example();
    v["source"]["table_sets"][2]["tables"] = json!(["public.payments", "public.warehouses"]);
    v["source"]["table_sets"][3]["tables"] = json!(["public.customers", "public.orders"]);
    assert_eq!(
        err_of(&v),
        "source.table_sets[2].tables[0] appears in two table sets, got \"public.payments\": \
         table sets must be disjoint"
    );
    // A set with no tables stops the reading before a later repeat.
    let mut v = example();
    v["source"]["table_sets"][1]["tables"] = json!([]);
    v["source"]["table_sets"][3]["tables"] = json!(["public.orders"]);
    assert_eq!(
        err_of(&v),
        "source.table_sets[1].tables must list 1 to 1000 tables, got \"0\""
    );
}
