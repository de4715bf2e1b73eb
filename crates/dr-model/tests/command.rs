//! The terminal's command layer: lesson 07's command lines parse, each command form maps to
//! its `Op`, output is printed as the tools print it, and no input panics.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dr_model::command::{parse, pg_size_pretty, run, Action, Output, Parsed};
use dr_model::*;
use proptest::prelude::*;

const LESSON: &str = include_str!(
    "../../../www/course/src/content/course/03-module-3/07-disaster-recovery-procedures.mdx"
);

const URL: &str = "http://localhost:8083/connectors";

fn op(line: &str) -> Op {
    match parse(line) {
        Parsed::Command(c) => match c.action {
            Action::Op(op) => op,
            other => panic!("{line}: not an Op: {other:?}"),
        },
        other => panic!("{line}: {other:?}"),
    }
}

fn error(line: &str) -> String {
    match parse(line) {
        Parsed::Error(m) => m,
        other => panic!("{line}: expected a tool error, got {other:?}"),
    }
}

fn unsupported(line: &str) -> String {
    match parse(line) {
        Parsed::Unsupported(m) => m,
        other => panic!("{line}: expected unsupported, got {other:?}"),
    }
}

/// The lesson's fenced blocks of one language, each command joined over `\` continuations.
fn lesson_commands(lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut cur = String::new();
    for line in LESSON.lines() {
        if line.starts_with("```") {
            inside = !inside && line == format!("```{lang}");
            continue;
        }
        if !inside {
            continue;
        }
        cur.push_str(line);
        cur.push('\n');
        let continued = if lang == "sql" {
            !line.trim_end().ends_with(';') && !line.trim().is_empty()
        } else {
            line.ends_with('\\')
        };
        if !continued {
            if !cur.trim().is_empty() {
                out.push(cur.trim().to_string());
            }
            cur.clear();
        }
    }
    out
}

/// Lesson lines beyond the grammar, with the reason.
const UNSUPPORTED_BASH: [(&str, &str); 4] = [
    ("{connector: .connector.state", "jq object construction"),
    (".tasks[] | {state, trace}", "jq iteration and pipes"),
    (
        "--topic inventory.public.orders",
        "redirection; the change topic is not modelled",
    ),
    ("$", "shell variables / command substitution"),
];

#[test]
fn lesson_bash_commands_parse() {
    let mut checked = 0;
    for cmd in lesson_commands("bash") {
        if !(cmd.contains("localhost:8083")
            || cmd.contains("kafka-console-consumer")
            || cmd.contains("psql"))
        {
            continue;
        }
        checked += 1;
        let reason = UNSUPPORTED_BASH
            .iter()
            .find(|(marker, _)| cmd.contains(marker))
            .map(|(_, r)| r);
        match (parse(&cmd), reason) {
            (Parsed::Command(_), None) => {}
            (Parsed::Unsupported(m), Some(_)) => assert!(m.starts_with("cdc-lab: "), "{m}"),
            (p, r) => panic!("{cmd}\nparsed to {p:?}, expected unsupported because {r:?}"),
        }
    }
    assert!(checked >= 15, "only {checked} lesson commands found");
}

#[test]
fn lesson_sql_statements() {
    let sql: Vec<String> = lesson_commands("sql")
        .into_iter()
        .filter(|s| s.contains("replication_slot"))
        .collect();
    assert_eq!(sql.len(), 6, "{sql:#?}");
    let supported: Vec<bool> = sql
        .iter()
        .map(|s| matches!(parse(s), Parsed::Command(_)))
        .collect();
    // 1: the slot position query, 6: the lag query. 2 (orphans: ORDER BY, comparisons), 3
    // (join), 4 (drop by column) and 5 (create WHERE NOT EXISTS) are beyond the grammar.
    assert_eq!(
        supported,
        [true, false, false, false, false, true],
        "{sql:#?}"
    );
    for s in sql
        .iter()
        .filter(|s| !matches!(parse(s), Parsed::Command(_)))
    {
        assert!(matches!(parse(s), Parsed::Unsupported(_)), "{s}");
    }
}

#[test]
fn curl_forms() {
    let name = NAME.to_string();
    assert_eq!(
        op(&format!("curl -fsS -X PUT {URL}/{NAME}/stop")),
        Op::Stop { name: name.clone() }
    );
    assert_eq!(
        op(&format!(
            "curl -s -XPUT localhost:8083/connectors/{NAME}/pause"
        )),
        Op::Pause { name: name.clone() }
    );
    assert_eq!(
        op(&format!("curl --request PUT \"{URL}/{NAME}/resume\"")),
        Op::Resume { name: name.clone() }
    );
    assert_eq!(
        op(&format!("curl {URL}/{NAME}/status | jq")),
        Op::Status { name: name.clone() }
    );
    assert_eq!(
        op(&format!("curl -X DELETE {URL}/{NAME}")),
        Op::DeleteConnector { name: name.clone() }
    );
    assert_eq!(
        op(&format!("curl -s -X DELETE {URL}/{NAME}/offsets")),
        Op::ResetOffsets { name: name.clone() }
    );
    assert_eq!(
        op(&format!("curl -s {URL}/{NAME}/offsets | jq .")),
        Op::GetOffsets { name: name.clone() }
    );
    assert_eq!(
        op(&format!(
            "curl -s -X POST '{URL}/{NAME}/restart?includeTasks=true&onlyFailed=true'"
        )),
        Op::Restart {
            name: name.clone(),
            include_tasks: true,
            only_failed: true
        }
    );
    assert_eq!(
        op(&format!("curl -X POST {URL}/{NAME}/restart")),
        Op::Restart {
            name: name.clone(),
            include_tasks: false,
            only_failed: false
        }
    );
    let create = format!(
        "curl -s -X POST -H 'Content-Type: application/json' \\\n  --data '{{\"name\": \"{NAME}\", \"config\": {{\"connector.class\": \"io.debezium.connector.postgresql.PostgresConnector\", \"topic.prefix\": \"inventory\", \"slot.name\": \"debezium_inventory\", \"snapshot.mode\": \"when_needed\"}}, \"initial_state\": \"STOPPED\"}}' {URL}"
    );
    assert_eq!(
        op(&create),
        Op::CreateConnector {
            name: name.clone(),
            config: ConnectorConfig {
                snapshot_mode: SnapshotMode::WhenNeeded,
                ..ConnectorConfig::lab()
            },
            initial_state: Some(InitialState::Stopped),
        }
    );
    assert_eq!(
        op(&format!(
            "curl -X PUT -H \"Content-Type: application/json\" --data-raw '{{\"slot.name\":\"debezium_new\"}}' {URL}/{NAME}/config"
        )),
        Op::PutConnectorConfig {
            name: name.clone(),
            config: ConnectorConfig {
                slot_name: "debezium_new".to_string(),
                ..ConnectorConfig::lab()
            }
        }
    );
    let patch = format!(
        r#"curl -X PATCH -H 'Content-Type: application/json' -d '{{"offsets":[{{"partition":{{"server":"inventory"}},"offset":{{"lsn_proc":50347008,"lsn":50347008,"txId":810}}}}]}}' {URL}/{NAME}/offsets"#
    );
    let Op::PatchOffsets { offsets, .. } = op(&patch) else {
        panic!("not a patch")
    };
    assert_eq!(offsets.len(), 1);
    assert_eq!(offsets[0].server, "inventory");
    let o = offsets[0].offset.unwrap();
    assert_eq!(
        (o.lsn_proc, o.lsn_commit, o.tx_id),
        (50_347_008, 50_347_008, 810)
    );
    // "offset": null removes the partition's offset.
    let Op::PatchOffsets { offsets, .. } = op(&format!(
        r#"curl -X PATCH -H 'content-type: application/json' -d '{{"offsets":[{{"partition":{{"server":"inventory"}},"offset":null}}]}}' {URL}/{NAME}/offsets"#
    )) else {
        panic!("not a patch")
    };
    assert_eq!(offsets[0].offset, None);
    for bad in [
        "\"lsn\":1.5",
        "\"lsn\":-1",
        "\"lsn\":\"0/3000100\"",
        "\"lsn\":1e3",
    ] {
        assert!(unsupported(&format!(
            r#"curl -X PATCH -H 'Content-Type: application/json' -d '{{"offsets":[{{"partition":{{"server":"inventory"}},"offset":{{{bad}}}}}]}}' {URL}/{NAME}/offsets"#
        ))
        .contains("must be a non-negative integer"), "{bad}");
    }
}

#[test]
fn curl_routes_and_errors() {
    // The router's own answers.
    for (line, status) in [
        (format!("curl {URL}/{NAME}/nope"), 404),
        (format!("curl -X POST {URL}/{NAME}/stop"), 405),
        (format!("curl -X PATCH {URL}/{NAME}"), 405),
        (format!("curl -X DELETE {URL}"), 405),
        // curl -d without the JSON content type sends a form: Jersey's 415.
        (format!("curl -X PUT -d '{{}}' {URL}/{NAME}/config"), 415),
    ] {
        match parse(&line) {
            Parsed::Command(c) => {
                assert!(
                    matches!(c.action, Action::Http { status: s, .. } if s == status),
                    "{line}"
                )
            }
            p => panic!("{line}: {p:?}"),
        }
    }
    assert_eq!(
        error("curl http://connect:8083/connectors"),
        "curl: (6) Could not resolve host: connect"
    );
    assert_eq!(
        error("curl localhost:9999/connectors"),
        "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server"
    );
    assert_eq!(
        error("curl http://:8083/x"),
        "curl: (3) URL rejected: Malformed input to a URL function"
    );
    assert!(error("curl -s").starts_with("curl: no URL specified"));
    assert!(
        unsupported("curl --frobnicate localhost:8083/").contains("--frobnicate is not modelled")
    );
    assert_eq!(error("kafkacat -L"), "bash: kafkacat: command not found");
    assert!(unsupported(&format!(
        "curl -X PUT {URL}/{NAME}/stop\ncurl {URL}/{NAME}/status"
    ))
    .contains("one command per line"));
    assert!(unsupported(&format!(
        "curl -X PATCH --data @backup.json {URL}/{NAME}/offsets"
    ))
    .contains("no files"));
    assert!(unsupported(&format!(
        "curl -X POST -H 'Content-Type: application/json' -d '{{\"name\": ' {URL}"
    ))
    .contains("not valid JSON"));
    assert!(unsupported(&format!("curl {URL}/{NAME}/status | jq '.tasks[].state'")).contains("jq"));
    assert!(unsupported(&format!("curl -X PUT $URL/{NAME}/stop")).contains("variables"));
    assert_eq!(
        error("curl 'localhost:8083/connectors"),
        "bash: unexpected EOF while looking for matching `''"
    );
}

#[test]
fn consumer_and_sql_forms() {
    for line in [
        "docker compose exec kafka /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic connect-offsets --from-beginning --property print.key=true",
        "docker compose exec -T kafka /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic connect-offsets --from-beginning --property print.key=true --timeout-ms 10000",
        "kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic connect-offsets --from-beginning",
    ] {
        assert_eq!(op(line), Op::ConsumeOffsetsTopic, "{line}");
    }
    assert!(unsupported(
        "kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic connect-offsets --frob"
    )
    .contains("--frob is not modelled"));
    assert!(unsupported(
        "kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic inventory.public.orders"
    )
    .contains("connect-offsets"));
    assert_eq!(
        op("SELECT pg_drop_replication_slot('debezium_inventory');"),
        Op::DropSlot { name: SLOT.into() }
    );
    assert_eq!(
        op("select pg_drop_replication_slot( 'debezium_inventory' )"),
        Op::DropSlot { name: SLOT.into() }
    );
    assert_eq!(
        op("SELECT * FROM pg_create_logical_replication_slot('debezium_inventory', 'pgoutput');"),
        Op::CreateSlot { name: SLOT.into() }
    );
    assert_eq!(
        op("docker compose exec -T postgres psql -U postgres -d inventory -c \"SELECT pg_create_logical_replication_slot('debezium_inventory', 'pgoutput');\""),
        Op::CreateSlot { name: SLOT.into() }
    );
    assert_eq!(
        error("SELECT pg_drop_replication_slot('Bad-Name');"),
        "ERROR:  replication slot name \"Bad-Name\" contains invalid character\nHINT:  Replication slot names may only contain lower case letters, numbers, and the underscore character."
    );
    assert_eq!(
        error("SELECT pg_drop_replication_slot('x'"),
        "ERROR:  syntax error at end of input"
    );
    assert_eq!(
        error("SELECT pg_drop_replication_slot 'x'"),
        "ERROR:  syntax error at or near \"'x'\""
    );
    assert_eq!(
        error("SELECT slot_nam FROM pg_replication_slots"),
        "ERROR:  column \"slot_nam\" does not exist"
    );
    assert!(error("SELECT pg_drop_replication_slot('x")
        .starts_with("ERROR:  unterminated quoted string"));
    assert!(unsupported("DROP TABLE orders;").starts_with("cdc-lab: "));
    assert_eq!(error("docker compose exec web ls"), "no such service: web");
    assert!(unsupported(
        "docker compose exec kafka kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic connect-offsets"
    )
    .contains("/opt/kafka/bin/"));
}

fn lab_world() -> World {
    let mut w = World::new(Settings::default()).unwrap();
    let out = run(
        &mut w,
        &format!(
            "curl -s -X POST -H 'Content-Type: application/json' -d '{{\"name\":\"{NAME}\",\"config\":{{\"topic.prefix\":\"inventory\",\"slot.name\":\"debezium_inventory\"}}}}' {URL}"
        ),
        0,
    );
    assert_eq!(
        out,
        r#"{"name":"inventory-connector","config":{"connector.class":"io.debezium.connector.postgresql.PostgresConnector","topic.prefix":"inventory","slot.name":"debezium_inventory","snapshot.mode":"initial","name":"inventory-connector"},"tasks":[],"type":"source"}"#
    );
    w
}

const NAME: &str = "inventory-connector";
const SLOT: &str = "debezium_inventory";

#[test]
fn renders_curl() {
    let mut w = lab_world();
    assert_eq!(
        run(
            &mut w,
            &format!("curl -s {URL}/{NAME}/status | jq -r .connector.state"),
            1_000
        ),
        "RUNNING\n"
    );
    assert_eq!(
        run(
            &mut w,
            &format!("curl -s {URL}/{NAME}/status | jq '.tasks[0].state'"),
            1_000
        ),
        "\"RUNNING\"\n"
    );
    assert_eq!(
        run(&mut w, &format!("curl -fsS {URL}/missing/status"), 1_000),
        "curl: (22) The requested URL returned error: 404\n"
    );
    assert_eq!(
        run(&mut w, &format!("curl -s {URL}/missing/status"), 1_000),
        r#"{"error_code":404,"message":"No status found for connector missing"}"#
    );
    assert_eq!(
        run(&mut w, &format!("curl -i -X POST {URL}/{NAME}/stop"), 1_000),
        "HTTP/1.1 405 Method Not Allowed\nContent-Type: application/json\nContent-Length: 58\n\n{\"error_code\":405,\"message\":\"HTTP 405 Method Not Allowed\"}"
    );
    // ConnectorsResource.putConnectorConfig: the body's name must match the URL's.
    assert_eq!(
        run(
            &mut w,
            &format!("curl -s -X PUT -H 'Content-Type: application/json' -d '{{\"name\":\"other\"}}' {URL}/{NAME}/config"),
            1_000
        ),
        r#"{"error_code":400,"message":"Connector name configuration (other) doesn't match connector name in the URL (inventory-connector)"}"#
    );
    assert_eq!(
        run(
            &mut w,
            &format!("curl -si -X PUT {URL}/{NAME}/stop"),
            61_000
        ),
        "HTTP/1.1 204 No Content\n\n"
    );
    // The final commit of the stop: change 61 at 61 s.
    assert_eq!(
        run(&mut w, &format!("curl -s {URL}/{NAME}/offsets | jq ."), 61_000),
        "{\n  \"offsets\": [\n    {\n      \"partition\": {\n        \"server\": \"inventory\"\n      },\n      \"offset\": {\n        \"lsn_proc\": 50347264,\n        \"messageType\": \"INSERT\",\n        \"lsn_commit\": 50347264,\n        \"lsn\": 50347264,\n        \"txId\": 811,\n        \"ts_usec\": 1700000061000000\n      }\n    }\n  ]\n}\n"
    );
    assert_eq!(
        run(
            &mut w,
            &format!("curl -s {URL}/{NAME}/offsets | jq -S .offsets[0].partition"),
            61_000
        ),
        "{\n  \"server\": \"inventory\"\n}\n"
    );
    assert_eq!(
        run(
            &mut w,
            &format!("curl -s {URL}/{NAME}/status | jq .name.x"),
            61_000
        ),
        "jq: error (at <stdin>:0): Cannot index string with \"x\""
    );
    w.crash_worker();
    let status = format!("{URL}/{NAME}/status");
    assert_eq!(run(&mut w, &format!("curl -s {status}"), 62_000), "");
    let refused = "curl: (7) Failed to connect to localhost port 8083 after 0 ms: Couldn't connect to server\n";
    assert_eq!(run(&mut w, &format!("curl -sS {status}"), 62_000), refused);
    assert_eq!(
        run(&mut w, &format!("curl {status} | jq ."), 62_000),
        refused
    );
    assert_eq!(
        run(&mut w, &format!("curl {URL}/{NAME}/nope"), 62_000),
        refused
    );
    assert_eq!(
        run(&mut w, "docker compose start connect", 63_000),
        "Container connect  Started\n"
    );
}

#[test]
fn renders_consumer_and_psql() {
    let mut w = lab_world();
    let consumer = "docker compose exec -T kafka /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic connect-offsets --from-beginning --property print.key=true --timeout-ms 10000";
    assert_eq!(
        run(&mut w, consumer, 1_000),
        "Processed a total of 0 messages\n"
    );
    // The first offset commit at 60 s: change 60 (UPDATE, txId 810).
    let value = r#"{"lsn_proc":50347008,"messageType":"UPDATE","lsn_commit":50347008,"lsn":50347008,"txId":810,"ts_usec":1700000060000000}"#;
    assert_eq!(
        run(&mut w, consumer, 61_000),
        format!("[\"inventory-connector\",{{\"server\":\"inventory\"}}]\t{value}\nProcessed a total of 1 messages\n")
    );
    assert_eq!(
        run(
            &mut w,
            &consumer.replace(" --property print.key=true", ""),
            61_000
        ),
        format!("{value}\nProcessed a total of 1 messages\n")
    );
    assert_eq!(
        run(&mut w, &format!("{consumer} --max-messages 0"), 61_000),
        "Processed a total of 0 messages\n"
    );
    assert_eq!(
        run(&mut w, &consumer.replace(" --from-beginning", ""), 61_000),
        "Processed a total of 0 messages\n"
    );
    // At 70 s: restart_lsn 0/3000000 (the slot's start), 70 × 256 = 17 920 bytes retained:
    // ≥ 10 kB, so kB, rounded half up from one extra bit (17920 >> 9 = 35 → 18).
    assert_eq!(
        run(
            &mut w,
            "SELECT slot_name, active, restart_lsn - '0/0'::pg_lsn AS n, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained_wal FROM pg_replication_slots;",
            70_000
        ),
        concat!(
            "     slot_name      | active |    n     | retained_wal \n",
            "--------------------+--------+----------+--------------\n",
            " debezium_inventory | t      | 50331648 |        18 kB\n",
            "(1 row)\n"
        )
    );
    assert_eq!(
        run(&mut w, "SELECT slot_name, active_pid, confirmed_flush_lsn FROM pg_replication_slots WHERE NOT active", 70_000),
        " slot_name | active_pid | confirmed_flush_lsn \n-----------+------------+---------------------\n(0 rows)\n"
    );
    assert_eq!(
        run(
            &mut w,
            "SELECT pg_drop_replication_slot('debezium_inventory');",
            70_000
        ),
        "ERROR:  replication slot \"debezium_inventory\" is active for PID 4242\n"
    );
    assert_eq!(
        run(&mut w, "SELECT pg_drop_replication_slot('nope');", 70_000),
        "ERROR:  replication slot \"nope\" does not exist\n"
    );
    assert_eq!(
        run(
            &mut w,
            "SELECT * FROM pg_create_logical_replication_slot('spare', 'pgoutput');",
            70_000
        ),
        " slot_name |    lsn    \n-----------+-----------\n spare     | 0/3004600\n(1 row)\n"
    );
    assert_eq!(
        run(&mut w, "SELECT pg_create_logical_replication_slot('spare2', 'pgoutput');", 70_000),
        " pg_create_logical_replication_slot \n------------------------------------\n (spare2,0/3004600)\n(1 row)\n"
    );
    assert_eq!(
        run(&mut w, "SELECT pg_drop_replication_slot('spare');", 70_000),
        " pg_drop_replication_slot \n--------------------------\n \n(1 row)\n"
    );
    assert_eq!(run(&mut w, "  # a comment", 70_000), "");
    assert!(run(&mut w, "help", 70_000).starts_with("Supported commands:"));
}

#[test]
fn size_pretty() {
    assert_eq!(pg_size_pretty(0), "0 bytes");
    assert_eq!(pg_size_pretty(10_239), "10239 bytes");
    assert_eq!(pg_size_pretty(10_240), "10 kB");
    assert_eq!(pg_size_pretty(1_048_576), "1024 kB");
    assert_eq!(pg_size_pretty(20 * 1_048_576), "20 MB");
    assert_eq!(pg_size_pretty(3 * 1_073_741_824 / 2 * 20), "30 GB");
}

// ---------------------------------------------------------------- no panics

const TOKENS: [&str; 40] = [
    "curl",
    "-s",
    "-S",
    "-fsS",
    "-i",
    "-X",
    "PUT",
    "POST",
    "PATCH",
    "DELETE",
    "-H",
    "'Content-Type: application/json'",
    "-d",
    "'{\"name\":\"a\",\"config\":{}}'",
    "'{\"offsets\":[{\"partition\":{\"server\":\"inventory\"},\"offset\":{\"lsn\":1}}]}'",
    "http://localhost:8083/connectors",
    "localhost:8083/connectors/inventory-connector/stop",
    "http://localhost:8083/connectors/x/offsets?includeTasks=true",
    "|",
    "jq",
    ".",
    "-r",
    ".a.b[1]",
    "docker",
    "compose",
    "exec",
    "-T",
    "kafka",
    "postgres",
    "psql",
    "-c",
    "/opt/kafka/bin/kafka-console-consumer.sh",
    "--topic",
    "connect-offsets",
    "--bootstrap-server",
    "--property",
    "print.key=true",
    "SELECT",
    "pg_drop_replication_slot('x')",
    "\"",
];

const VALID: [&str; 6] = [
    "curl -fsS -X PUT http://localhost:8083/connectors/inventory-connector/stop",
    "curl -s http://localhost:8083/connectors/inventory-connector/offsets | jq -r '.offsets[0].offset.lsn'",
    r#"curl -X PATCH -H 'Content-Type: application/json' -d '{"offsets":[{"partition":{"server":"inventory"},"offset":{"lsn_proc":50347008,"lsn":50347008}}]}' http://localhost:8083/connectors/inventory-connector/offsets"#,
    "docker compose exec -T kafka /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic connect-offsets --from-beginning --property print.key=true",
    "SELECT slot_name, active, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained_wal FROM pg_replication_slots WHERE slot_name = 'debezium_inventory' AND NOT temporary;",
    "SELECT * FROM pg_create_logical_replication_slot('debezium_inventory', 'pgoutput');",
];

fn check(line: &str) {
    match parse(line) {
        Parsed::Error(m) | Parsed::Unsupported(m) => {
            assert!(!m.is_empty(), "empty message for {line:?}");
            assert!(
                m.chars().count() <= 300,
                "{} chars for {line:?}: {m}",
                m.chars().count()
            );
        }
        Parsed::Command(c) => if let Output::Curl(_) = c.output {},
        Parsed::Empty | Parsed::Help => {}
    }
    let mut w = World::new(Settings::default()).unwrap();
    let _ = run(&mut w, line, 1_000);
}

fn arb_line() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        proptest::collection::vec(proptest::sample::select(TOKENS.to_vec()), 0..16)
            .prop_map(|t| t.join(" ")),
        (
            proptest::sample::select(VALID.to_vec()),
            any::<prop::sample::Index>()
        )
            .prop_map(|(v, i)| {
                let cut = i.index(v.len() + 1);
                let mut s = v.to_string();
                while !s.is_char_boundary(cut.min(s.len())) {
                    s.pop();
                }
                s.truncate(cut.min(s.len()));
                s
            }),
        (0usize..200, any::<bool>()).prop_map(|(n, obj)| {
            let (open, close) = if obj {
                ("{\"a\":".repeat(n), "}".repeat(n))
            } else {
                ("[".repeat(n), "]".repeat(n))
            };
            format!("curl -X POST -d '{open}1{close}' http://localhost:8083/connectors")
        }),
        "[ -~]{0,60}".prop_map(|s| format!("SELECT {s} FROM pg_replication_slots")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]
    #[test]
    fn no_line_panics(line in arb_line()) {
        check(&line);
    }
}

#[test]
fn huge_and_deep_inputs() {
    check(&"a".repeat(100_000));
    check(&format!(
        "curl -d '{}' localhost:8083/connectors",
        "[".repeat(5_000)
    ));
    check(&format!(
        "curl -d '{}' localhost:8083/connectors",
        "{\"a\":".repeat(2_000)
    ));
    assert!(unsupported(&format!(
        "curl -X POST -H 'Content-Type: application/json' -d '{}1{}' localhost:8083/connectors",
        "[".repeat(40),
        "]".repeat(40)
    ))
    .contains("nesting deeper than 32"));
}
