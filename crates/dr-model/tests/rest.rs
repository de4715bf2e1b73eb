//! Kafka Connect REST rules, the SQL slot functions, connect-offsets and the input boundary,
//! each with the source it follows (facts.md Part 2 §5 unless said otherwise).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use dr_model::*;

fn running_lab() -> World {
    let mut w = world(Settings::default());
    assert_eq!(create(&mut w, NAME, 0).status(), Some(201));
    w
}

#[test]
fn create_twice_is_409_already_exists() {
    // DistributedHerder.putConnectorConfig: AlreadyExistsException("Connector X already exists").
    let mut w = running_lab();
    let (status, body) = http(&create(&mut w, NAME, 1_000));
    assert_eq!(status, 409);
    assert_eq!(
        body,
        error_body(409, "Connector inventory-connector already exists")
    );
}

#[test]
fn status_of_a_running_connector() {
    let mut w = running_lab();
    let (status, body) = http(&op(&mut w, Op::Status { name: n(NAME) }, 5_000));
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "{\"name\":\"inventory-connector\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"connect:8083\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"connect:8083\"}],\"type\":\"source\"}"
    );
}

#[test]
fn unknown_connector_messages_per_endpoint() {
    let mut w = running_lab();
    let cases = [
        // AbstractHerder.connectorStatus.
        (
            Op::Status { name: n("nope") },
            404,
            "No status found for connector nope",
        ),
        // pauseConnector / resumeConnector / stopConnector: "Unknown connector " + name.
        (Op::Pause { name: n("nope") }, 404, "Unknown connector nope"),
        (
            Op::Resume { name: n("nope") },
            404,
            "Unknown connector nope",
        ),
        (Op::Stop { name: n("nope") }, 404, "Unknown connector nope"),
        // restartConnectorAndTasks: "Unknown connector: " + name.
        (
            Op::Restart {
                name: n("nope"),
                include_tasks: true,
                only_failed: false,
            },
            404,
            "Unknown connector: nope",
        ),
        // deleteConnectorConfig / modifyConnectorOffsetsChecks: "Connector X not found".
        (
            Op::DeleteConnector { name: n("nope") },
            404,
            "Connector nope not found",
        ),
        (
            Op::GetOffsets { name: n("nope") },
            404,
            "Connector nope not found",
        ),
        (
            Op::PatchOffsets {
                name: n("nope"),
                offsets: vec![entry_at(lsn(1))],
            },
            404,
            "Connector nope not found",
        ),
        // ConnectorsResource.alterConnectorOffsets checks the body first, so an empty PATCH
        // is a 400 even for an unknown connector.
        (
            Op::PatchOffsets {
                name: n("nope"),
                offsets: vec![],
            },
            400,
            "Partitions / offsets need to be provided for an alter offsets request",
        ),
        (
            Op::ResetOffsets { name: n("nope") },
            404,
            "Connector nope not found",
        ),
    ];
    for (o, code, msg) in cases {
        let (status, body) = http(&op(&mut w, o.clone(), 1_000));
        assert_eq!((status, body), (code, error_body(code, msg)), "{o:?}");
    }
}

#[test]
fn pause_resume_stop_states() {
    let mut w = running_lab();
    assert_eq!(
        op(&mut w, Op::Pause { name: n(NAME) }, 1_000).status(),
        Some(202)
    );
    assert_eq!(states(&w, NAME), (n("PAUSED"), vec![n("PAUSED")]));
    // Paused tasks keep their resources: the slot stays active (facts.md Part 2 §5).
    assert_eq!(w.slots().get(SLOT).unwrap().active_pid, Some(4_242));
    assert_eq!(
        op(&mut w, Op::Resume { name: n(NAME) }, 2_000).status(),
        Some(202)
    );
    assert_eq!(states(&w, NAME), (n("RUNNING"), vec![n("RUNNING")]));
    // Stop: no tasks, slot inactive.
    assert_eq!(
        op(&mut w, Op::Stop { name: n(NAME) }, 3_000).status(),
        Some(204)
    );
    assert_eq!(states(&w, NAME), (n("STOPPED"), vec![]));
    assert_eq!(w.slots().get(SLOT).unwrap().active_pid, None);
    let (_, body) = http(&op(&mut w, Op::Status { name: n(NAME) }, 3_000));
    assert!(body.contains("\"state\":\"STOPPED\""));
    assert!(body.contains("\"tasks\":[]"));
    // Resume also resumes a STOPPED connector: a new task, a new walsender PID.
    assert_eq!(
        op(&mut w, Op::Resume { name: n(NAME) }, 4_000).status(),
        Some(202)
    );
    assert_eq!(states(&w, NAME), (n("RUNNING"), vec![n("RUNNING")]));
    assert_eq!(w.slots().get(SLOT).unwrap().active_pid, Some(4_243));
}

const NOT_STOPPED: &str = "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/inventory-connector/stop' endpoint";

#[test]
fn patch_and_delete_offsets_need_a_stopped_connector() {
    // StandaloneHerder/DistributedHerder modifyConnectorOffsetsChecks → BadRequestException (400).
    let mut w = running_lab();
    for o in [
        Op::PatchOffsets {
            name: n(NAME),
            offsets: vec![entry_at(lsn(1))],
        },
        Op::ResetOffsets { name: n(NAME) },
    ] {
        assert_eq!(
            http(&op(&mut w, o.clone(), 1_000)),
            (400, error_body(400, NOT_STOPPED))
        );
        // PAUSED is not enough.
        op(&mut w, Op::Pause { name: n(NAME) }, 1_000);
        assert_eq!(
            http(&op(&mut w, o, 1_000)),
            (400, error_body(400, NOT_STOPPED))
        );
        op(&mut w, Op::Resume { name: n(NAME) }, 1_000);
    }
    op(&mut w, Op::Stop { name: n(NAME) }, 2_000);
    let (status, body) = http(&op(
        &mut w,
        Op::PatchOffsets {
            name: n(NAME),
            offsets: vec![entry_at(lsn(1))],
        },
        2_000,
    ));
    assert_eq!(status, 200);
    assert!(body.contains("have been altered successfully"));
    let (status, body) = http(&op(&mut w, Op::ResetOffsets { name: n(NAME) }, 2_000));
    assert_eq!(status, 200);
    assert!(body.contains("have been reset successfully"));
    assert_eq!(
        http(&op(&mut w, Op::GetOffsets { name: n(NAME) }, 2_000)),
        (200, n("{\"offsets\":[]}"))
    );
}

#[test]
fn worker_versions_gate_the_endpoints() {
    // KIP-875: stop and GET offsets 3.5.0; PATCH/DELETE offsets 3.6.0 (facts.md Part 2 §5).
    // A missing route is Jersey's 404 "HTTP 404 Not Found"; on 3.5 /offsets exists with GET
    // only, so PATCH/DELETE are 405 "HTTP 405 Method Not Allowed".
    let not_found = (404, error_body(404, "HTTP 404 Not Found"));
    let not_allowed = (405, error_body(405, "HTTP 405 Method Not Allowed"));
    let patch = Op::PatchOffsets {
        name: n(NAME),
        offsets: vec![entry_at(lsn(1))],
    };
    let reset = Op::ResetOffsets { name: n(NAME) };

    let mut w34 = world(Settings {
        kafka: KafkaVersion::V3_4,
        ..Settings::default()
    });
    create(&mut w34, NAME, 0);
    assert_eq!(
        http(&op(&mut w34, Op::Stop { name: n(NAME) }, 1)),
        not_found
    );
    assert_eq!(
        http(&op(&mut w34, Op::GetOffsets { name: n(NAME) }, 1)),
        not_found
    );
    assert_eq!(http(&op(&mut w34, patch.clone(), 1)), not_found);
    assert_eq!(http(&op(&mut w34, reset.clone(), 1)), not_found);

    let mut w35 = world(Settings {
        kafka: KafkaVersion::V3_5,
        ..Settings::default()
    });
    create(&mut w35, NAME, 0);
    assert_eq!(
        op(&mut w35, Op::Stop { name: n(NAME) }, 1).status(),
        Some(204)
    );
    assert_eq!(
        op(&mut w35, Op::GetOffsets { name: n(NAME) }, 1).status(),
        Some(200)
    );
    assert_eq!(http(&op(&mut w35, patch, 1)), not_allowed);
    assert_eq!(http(&op(&mut w35, reset, 1)), not_allowed);
}

#[test]
fn initial_state_exists_from_kafka_3_7() {
    // KIP-980 / KAFKA-15470: `initial_state` is a field of CreateConnectorRequest from tag 3.7.0
    // on; 3.6.0's request has only `name` and `config`, and Connect's plain JacksonJsonProvider
    // fails on an unknown property (Jackson's default), which ConnectExceptionMapper answers
    // with 500 and the exception's message. Nothing is created then.
    let mut w36 = world(Settings {
        kafka: KafkaVersion::V3_6,
        ..Settings::default()
    });
    let (status, body) = http(&create_with(
        &mut w36,
        NAME,
        ConnectorConfig::lab(),
        Some(InitialState::Stopped),
        0,
    ));
    assert_eq!(status, 500);
    assert!(
        body.contains("Unrecognized field \\\"initial_state\\\""),
        "{body}"
    );
    assert!(body.contains("(2 known properties: \\\"config\\\", \\\"name\\\"])"));
    assert_eq!(w36.connector_state(NAME), None);
    // Without the field a 3.6 worker creates the connector, running.
    assert_eq!(create(&mut w36, NAME, 1).status(), Some(201));
    assert_eq!(
        w36.connector_state(NAME).map(|(c, _)| c),
        Some(ConnectorState::Running)
    );

    // 3.7+: created stopped, no task, so the offsets can be patched before the first start.
    let mut w37 = world(Settings {
        kafka: KafkaVersion::V3_7Plus,
        ..Settings::default()
    });
    let created = create_with(
        &mut w37,
        NAME,
        ConnectorConfig::lab(),
        Some(InitialState::Stopped),
        0,
    );
    assert_eq!(created.status(), Some(201));
    assert_eq!(
        w37.connector_state(NAME),
        Some((ConnectorState::Stopped, None))
    );
    let patch = Op::PatchOffsets {
        name: n(NAME),
        offsets: vec![entry_at(lsn(1))],
    };
    assert_eq!(op(&mut w37, patch, 1).status(), Some(200));
}

#[test]
fn restart_forms() {
    let mut w = running_lab();
    let plain = Op::Restart {
        name: n(NAME),
        include_tasks: false,
        only_failed: false,
    };
    // The pre-KIP-745 form restarts only the Connector object: 204, same walsender.
    assert_eq!(http(&op(&mut w, plain, 1_000)), (204, n("")));
    assert_eq!(w.slots().get(SLOT).unwrap().active_pid, Some(4_242));
    // onlyFailed with a healthy task: nothing restarts.
    let (status, body) = http(&op(
        &mut w,
        Op::Restart {
            name: n(NAME),
            include_tasks: true,
            only_failed: true,
        },
        2_000,
    ));
    assert_eq!(status, 202);
    assert!(body.contains("\"tasks\":[{\"id\":0,\"state\":\"RUNNING\""));
    assert_eq!(w.slots().get(SLOT).unwrap().active_pid, Some(4_242));
    // includeTasks: the response shows RESTARTING, the task gets a new walsender.
    let (status, body) = http(&op(
        &mut w,
        Op::Restart {
            name: n(NAME),
            include_tasks: true,
            only_failed: false,
        },
        3_000,
    ));
    assert_eq!(status, 202);
    assert!(body.contains("\"connector\":{\"state\":\"RESTARTING\""));
    assert!(body.contains("\"tasks\":[{\"id\":0,\"state\":\"RESTARTING\""));
    assert_eq!(w.slots().get(SLOT).unwrap().active_pid, Some(4_243));
}

#[test]
fn restart_only_failed_restarts_a_failed_task() {
    // The slot is held by someone else (PID 4242), so the second connector's task fails;
    // once that holder stops, restart?includeTasks=true&onlyFailed=true brings it up.
    let mut w = running_lab();
    let other = ConnectorConfig {
        topic_prefix: n("other"),
        ..ConnectorConfig::lab()
    };
    create_with(&mut w, "other-connector", other, None, 1_000);
    let (_, tasks) = states(&w, "other-connector");
    assert_eq!(tasks, vec![n("FAILED")]);
    let (_, body) = http(&op(
        &mut w,
        Op::Status {
            name: n("other-connector"),
        },
        1_000,
    ));
    assert!(body.contains(
        "\"trace\":\"io.debezium.DebeziumException: ERROR: replication slot \\\"debezium_inventory\\\" is active for PID 4242\""
    ));
    op(&mut w, Op::Stop { name: n(NAME) }, 2_000);
    op(
        &mut w,
        Op::Restart {
            name: n("other-connector"),
            include_tasks: true,
            only_failed: true,
        },
        2_000,
    );
    assert_eq!(states(&w, "other-connector").1, vec![n("RUNNING")]);
}

#[test]
fn a_crashed_worker_refuses_connections() {
    let mut w = running_lab();
    w.crash_worker();
    assert_eq!(
        op(&mut w, Op::Status { name: n(NAME) }, 1_000),
        Response::ConnectionRefused
    );
    assert!(matches!(
        op(&mut w, Op::StartWorker, 2_000),
        Response::Console(_)
    ));
    assert_eq!(
        op(&mut w, Op::Status { name: n(NAME) }, 2_000).status(),
        Some(200)
    );
}

#[test]
fn slot_functions_use_postgresql_errors() {
    // slot.c: ReplicationSlotAcquire (55006 / 42704), ReplicationSlotCreate (42710).
    let mut w = running_lab();
    let drop_active = op(&mut w, Op::DropSlot { name: n(SLOT) }, 1_000);
    assert_eq!(
        drop_active,
        Response::Sql(Err(PgError {
            sqlstate: "55006",
            message: n("replication slot \"debezium_inventory\" is active for PID 4242"),
        }))
    );
    let create_existing = op(&mut w, Op::CreateSlot { name: n(SLOT) }, 1_000);
    assert_eq!(
        create_existing,
        Response::Sql(Err(PgError {
            sqlstate: "42710",
            message: n("replication slot \"debezium_inventory\" already exists"),
        }))
    );
    let drop_missing = op(&mut w, Op::DropSlot { name: n("nope") }, 1_000);
    assert_eq!(
        drop_missing,
        Response::Sql(Err(PgError {
            sqlstate: "42704",
            message: n("replication slot \"nope\" does not exist"),
        }))
    );
    // A new slot starts at the current LSN: at 7 s seven changes committed,
    // 0x3000000 + 7·256 = 50 333 440 = 0/3000700.
    let created = op(&mut w, Op::CreateSlot { name: n("fresh") }, 7_000);
    assert!(matches!(created, Response::Sql(Ok(ref s)) if s.contains("0/3000700")));
    let s = w.slots().get("fresh").unwrap();
    assert_eq!((s.restart_lsn, s.confirmed_flush_lsn), (lsn(7), lsn(7)));
    assert_eq!(lsn(7), 50_333_440);
    // Inactive: drop succeeds.
    assert!(matches!(
        op(&mut w, Op::DropSlot { name: n("fresh") }, 8_000),
        Response::Sql(Ok(_))
    ));
}

#[test]
fn offsets_are_committed_every_flush_interval_and_confirmed_to_the_slot() {
    let mut w = running_lab();
    w.advance(59_999).unwrap();
    assert!(w.offsets_topic().records().is_empty());
    // First commit at 60 s: change 60 (even → UPDATE), txId 750 + 60 = 810,
    // ts_usec = 1 700 000 000 000 000 + 60 000 ms × 1 000.
    let (status, body) = http(&op(&mut w, Op::GetOffsets { name: n(NAME) }, 60_000));
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "{\"offsets\":[{\"partition\":{\"server\":\"inventory\"},\"offset\":{\"lsn_proc\":50347008,\"messageType\":\"UPDATE\",\"lsn_commit\":50347008,\"lsn\":50347008,\"txId\":810,\"ts_usec\":1700000060000000}}]}"
    );
    assert_eq!(lsn(60), 50_347_008);
    // The slot: confirmed_flush = lsn(60); restart_lsn trails by one commit (the slot's start).
    let s = w.slots().get(SLOT).unwrap();
    assert_eq!((s.restart_lsn, s.confirmed_flush_lsn), (lsn(0), lsn(60)));
    w.advance(120_000).unwrap();
    let s = w.slots().get(SLOT).unwrap();
    assert_eq!((s.restart_lsn, s.confirmed_flush_lsn), (lsn(60), lsn(120)));
    // The console consumer: key TAB value, one line per commit, in log order.
    let Response::Console(out) = op(&mut w, Op::ConsumeOffsetsTopic, 120_000) else {
        panic!("console")
    };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[1],
        "[\"inventory-connector\",{\"server\":\"inventory\"}]\t{\"lsn_proc\":50362368,\"messageType\":\"UPDATE\",\"lsn_commit\":50362368,\"lsn\":50362368,\"txId\":870,\"ts_usec\":1700000120000000}"
    );
    assert_eq!(lsn(120), 50_362_368);
}

#[test]
fn reset_offsets_writes_a_tombstone_printed_as_null() {
    let mut w = running_lab();
    w.advance(60_000).unwrap();
    op(&mut w, Op::Stop { name: n(NAME) }, 61_000);
    op(&mut w, Op::ResetOffsets { name: n(NAME) }, 61_000);
    let Response::Console(out) = op(&mut w, Op::ConsumeOffsetsTopic, 61_000) else {
        panic!("console")
    };
    assert_eq!(
        out.lines().last(),
        Some("[\"inventory-connector\",{\"server\":\"inventory\"}]\tnull")
    );
    // The console line's value parses back into the offset (the restore path of lesson 07).
    let first = out.lines().next().unwrap();
    let value = first.split('\t').nth(1).unwrap();
    assert_eq!(SourceOffset::from_json(value).unwrap().lsn_commit, lsn(60));
}

#[test]
fn bad_input_names_the_field() {
    let mut w = running_lab();
    let e = w.apply(Op::Status { name: n("") }, 1).unwrap_err();
    assert_eq!(e.field, "name");
    let e = w
        .apply(
            Op::CreateConnector {
                name: n("x"),
                config: ConnectorConfig {
                    slot_name: n("Debezium-Slot"),
                    ..ConnectorConfig::lab()
                },
                initial_state: None,
            },
            1,
        )
        .unwrap_err();
    assert_eq!(e.field, "config.slot_name");
    assert!(e.message.contains("\"Debezium-Slot\""));
    let e = w.apply(Op::DropSlot { name: n("a b") }, 1).unwrap_err();
    assert_eq!(e.field, "slot_name");
    w.advance(10).unwrap();
    let e = w.apply(Op::Status { name: n(NAME) }, 5).unwrap_err();
    assert_eq!(e.field, "now_ms");
    let e = World::new(Settings {
        change_interval_ms: 0,
        ..Settings::default()
    })
    .unwrap_err();
    assert_eq!(e.field, "change_interval_ms");
    let e = World::new(Settings {
        offset_flush_interval_ms: 3_600_001,
        ..Settings::default()
    })
    .unwrap_err();
    assert_eq!(e.field, "offset_flush_interval_ms");
}
