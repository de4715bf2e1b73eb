//! Shared test helpers: short constructors for the typed operations and the lab world.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dr_model::*;

pub const NAME: &str = CONNECTOR;
pub const SLOT: &str = "debezium_inventory";

/// `lsn_of(n)` spelled out: 0x3000000 = 50 331 648, plus 256 bytes per change.
pub fn lsn(n: u64) -> u64 {
    50_331_648 + 256 * n
}

pub fn world(settings: Settings) -> World {
    World::new(settings).unwrap()
}

pub fn create(w: &mut World, name: &str, t: u64) -> Response {
    w.apply(
        Op::CreateConnector {
            name: name.to_string(),
            config: ConnectorConfig::lab(),
            initial_state: None,
        },
        t,
    )
    .unwrap()
}

pub fn create_with(
    w: &mut World,
    name: &str,
    config: ConnectorConfig,
    initial_state: Option<InitialState>,
    t: u64,
) -> Response {
    w.apply(
        Op::CreateConnector {
            name: name.to_string(),
            config,
            initial_state,
        },
        t,
    )
    .unwrap()
}

pub fn lab_with(mode: SnapshotMode) -> ConnectorConfig {
    ConnectorConfig {
        snapshot_mode: mode,
        ..ConnectorConfig::lab()
    }
}

pub fn op(w: &mut World, o: Op, t: u64) -> Response {
    w.apply(o, t).unwrap()
}

pub fn n(s: &str) -> String {
    s.to_string()
}

pub fn http(r: &Response) -> (u16, String) {
    match r {
        Response::Http { status, body } => (*status, body.clone()),
        other => panic!("expected HTTP, got {other:?}"),
    }
}

pub fn error_body(code: u16, msg: &str) -> String {
    format!("{{\"error_code\":{code},\"message\":\"{msg}\"}}")
}

pub fn states(w: &World, name: &str) -> (String, Vec<String>) {
    let (c, t) = w.connector_state(name).expect("connector exists");
    (
        c.as_str().to_string(),
        t.iter().map(|t| t.as_str().to_string()).collect(),
    )
}

pub fn entry_at(lsn_value: u64) -> OffsetEntry {
    OffsetEntry {
        server: n("inventory"),
        offset: Some(SourceOffset {
            lsn_proc: lsn_value,
            lsn_commit: lsn_value,
            lsn: lsn_value,
            tx_id: 0,
            ts_usec: 0,
            message_type: None,
        }),
    }
}
