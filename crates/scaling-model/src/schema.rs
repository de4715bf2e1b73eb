//! A small schema of the JSON config: field names, their JSON type and whether they are
//! required. [`check`] walks a parsed JSON value with it so that unknown fields, missing fields
//! and wrong types are reported with their full path (`connectors[1].max_batch_sise`) before
//! serde sees the document. A unit test keeps this table in step with the serde structs in
//! [`crate::config`].

use serde_json::Value;

use crate::config::ConfigError;

/// The JSON type of a field.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// A number.
    Num,
    /// A string.
    Str,
    /// An array of strings.
    StrList,
    /// An object with these fields.
    Obj(&'static [Field]),
    /// An array of objects with these fields.
    ObjList(&'static [Field]),
}

/// One field of an object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) shape: Shape,
    pub(crate) required: bool,
}

const fn req(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
    }
}

const fn opt(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
    }
}

use Shape::{Num, Obj, ObjList, Str, StrList};

const SERVER: &[Field] = &[
    opt("hostname", Str),
    opt("port", Num),
    opt("default_database", Str),
    opt("user", Str),
    opt("walsender_decode_bytes_per_s", Num),
    opt("decode_budget_bytes_per_s", Num),
];

const PROFILE: &[Field] = &[
    req("kind", Str),
    req("rate_events_per_s", Num),
    opt("peak_events_per_s", Num),
    opt("peak_hour", Num),
    opt("burst_start_s", Num),
    opt("burst_duration_s", Num),
];

const TABLE_SET: &[Field] = &[
    req("name", Str),
    req("tables", StrList),
    req("share_percent", Num),
    opt("avg_event_size_bytes", Num),
    opt("wal_bytes_per_event", Num),
    opt("database", Str),
];

const SOURCE: &[Field] = &[
    opt("server", Obj(SERVER)),
    req("profile", Obj(PROFILE)),
    req("table_sets", ObjList(TABLE_SET)),
];

const CONNECTOR: &[Field] = &[
    req("name", Str),
    opt("kind", Str),
    opt("debezium_version", Str),
    opt("tasks_max", Num),
    req("table_sets", StrList),
    opt("topic_prefix", Str),
    opt("slot_name", Str),
    opt("publication_name", Str),
    opt("max_queue_size", Num),
    opt("max_batch_size", Num),
    opt("poll_interval_ms", Num),
    opt("max_queue_size_in_bytes", Num),
];

const KAFKA_CONNECT: &[Field] = &[opt("offset_flush_interval_ms", Num)];

const KAFKA: &[Field] = &[
    opt("write_capacity_bytes_per_s", Num),
    opt("partitions", Num),
    opt("hot_key_share_percent", Num),
    opt("consumers", Num),
    opt("consumer_rate_events_per_s", Num),
];

const CALIBRATION: &[Field] = &[
    opt("single_connector_events_per_s", Num),
    opt("reference_event_size_bytes", Num),
    opt("batch_overhead_percent", Num),
    opt("size_dependent_percent", Num),
    opt("streaming_headroom_percent", Num),
];

const SIMULATION: &[Field] = &[opt("duration_s", Num), opt("step_s", Num)];

const COMPARISON: &[Field] = &[opt("scale_n", Num)];

/// The top-level object.
pub(crate) const ROOT: &[Field] = &[
    req("source", Obj(SOURCE)),
    req("connectors", ObjList(CONNECTOR)),
    opt("kafka_connect", Obj(KAFKA_CONNECT)),
    opt("kafka", Obj(KAFKA)),
    opt("calibration", Obj(CALIBRATION)),
    opt("simulation", Obj(SIMULATION)),
    opt("comparison", Obj(COMPARISON)),
];

/// Checks `value` against [`ROOT`].
pub(crate) fn check(value: &Value) -> Result<(), ConfigError> {
    check_obj(value, ROOT, "")
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}.{name}")
    }
}

/// A short quotation of a JSON value for error messages (at most ~60 characters).
fn quote(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("{s:?}"),
        other => format!("\"{other}\""),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

fn type_name(shape: Shape) -> &'static str {
    match shape {
        Num => "a number",
        Str => "a string",
        StrList => "an array of strings",
        Obj(_) => "an object",
        ObjList(_) => "an array of objects",
    }
}

fn check_obj(value: &Value, fields: &'static [Field], path: &str) -> Result<(), ConfigError> {
    let Value::Object(map) = value else {
        let shown = if path.is_empty() { "config" } else { path };
        return Err(ConfigError::new(
            shown,
            format!("must be an object, got {}", quote(value)),
        ));
    };
    // Unknown fields first, in document (sorted) order for determinism.
    for key in map.keys() {
        if !fields.iter().any(|f| f.name == key) {
            let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
            return Err(ConfigError::new(
                join(path, key),
                format!(
                    "is not a known field, got {key:?}; known fields here: {}",
                    known.join(", ")
                ),
            ));
        }
    }
    for f in fields {
        let fpath = join(path, f.name);
        match map.get(f.name) {
            None | Some(Value::Null) if f.required => {
                return Err(ConfigError::new(fpath, "is required but missing"));
            }
            None | Some(Value::Null) => {}
            Some(v) => check_value(v, f.shape, &fpath)?,
        }
    }
    Ok(())
}

fn check_value(v: &Value, shape: Shape, path: &str) -> Result<(), ConfigError> {
    let wrong = || {
        ConfigError::new(
            path,
            format!("must be {}, got {}", type_name(shape), quote(v)),
        )
    };
    match shape {
        Num => {
            if v.as_f64().is_some() {
                Ok(())
            } else {
                Err(wrong())
            }
        }
        Str => {
            if v.is_string() {
                Ok(())
            } else {
                Err(wrong())
            }
        }
        StrList => {
            let Value::Array(items) = v else {
                return Err(wrong());
            };
            for (i, item) in items.iter().enumerate() {
                if !item.is_string() {
                    return Err(ConfigError::new(
                        format!("{path}[{i}]"),
                        format!("must be a string, got {}", quote(item)),
                    ));
                }
            }
            Ok(())
        }
        Obj(fields) => check_obj(v, fields, path),
        ObjList(fields) => {
            let Value::Array(items) = v else {
                return Err(wrong());
            };
            for (i, item) in items.iter().enumerate() {
                check_obj(item, fields, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use crate::config::RawConfig;

    /// Every key of the fully written example appears in the schema and vice versa, so the
    /// schema cannot drift from the serde structs.
    #[test]
    fn schema_matches_serde_structs() {
        let mut raw = RawConfig::example();
        // Fill the optional fields the example leaves out.
        raw.source.profile.burst_start_s = Some(1.0);
        raw.source.profile.burst_duration_s = Some(1.0);
        for ts in &mut raw.source.table_sets {
            ts.database = Some("shop".to_string());
        }
        let v = serde_json::to_value(&raw).unwrap();
        fn walk(v: &Value, fields: &'static [Field], path: &str) {
            let map = v.as_object().unwrap();
            for f in fields {
                let child = map.get(f.name).unwrap_or_else(|| {
                    panic!("schema field {path}.{} not produced by serde", f.name)
                });
                match f.shape {
                    Obj(inner) => walk(child, inner, &format!("{path}.{}", f.name)),
                    ObjList(inner) => {
                        for item in child.as_array().unwrap() {
                            walk(item, inner, &format!("{path}.{}[]", f.name));
                        }
                    }
                    _ => {}
                }
            }
            for key in map.keys() {
                assert!(
                    fields.iter().any(|f| f.name == key),
                    "serde field {path}.{key} missing from the schema"
                );
            }
        }
        walk(&v, ROOT, "");
        check(&v).unwrap();
    }

    #[test]
    fn unknown_field_is_named_with_its_path() {
        let mut v = serde_json::to_value(RawConfig::example()).unwrap();
        v["connectors"][0]
            .as_object_mut()
            .unwrap()
            .insert("max_batch_sise".into(), Value::from(4096));
        let e = check(&v).unwrap_err();
        assert_eq!(e.path(), "connectors[0].max_batch_sise");
        assert!(e.to_string().contains("is not a known field"), "{e}");
    }

    #[test]
    fn wrong_type_is_named_with_its_path() {
        let mut v = serde_json::to_value(RawConfig::example()).unwrap();
        v["kafka"]["partitions"] = Value::from("four");
        let e = check(&v).unwrap_err();
        assert_eq!(
            e.to_string(),
            "kafka.partitions must be a number, got \"four\""
        );
    }
}
