//! `<cdc-dr-drill>`'s pure part: parameters and permalink (round trip, bad input), the drill's
//! simulated time and replay, each scenario's correct command sequence played to a pass and
//! its classic mistake failing with the gap or duplicates reasoned below, the runbook
//! checklist, the texts and the instructor script.
//!
//! Every incident: the lab connector created at 0 on an empty database, one change per second
//! (change n at n s), offsets committed at 60 s and 120 s, the incident at 150 s; so changes
//! 1..=150 were delivered before it. The drill starts at 150 s; each command takes 5 s (the
//! k-th command runs at 150 + 5k s), `sleep N` takes N s.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dr_model::{ChangeEvent, Incident, Settings};
use proptest::prelude::*;
use widget_core::dr::drill::{patch_line, restore_body, Did, Drill, STEP_MS};
use widget_core::dr::params::{DrParams, DR_PARAMS, INCIDENTS};
use widget_core::dr::runbook::{runbook, StepState, RUNBOOK};
use widget_core::dr::scenarios::*;
use widget_core::dr::state::{dr_from_attributes, DrState, MAX_LINES, MAX_LINE_CHARS};
use widget_core::dr::steps::{dr_state_at, validate_dr, CONNECTOR_DELETED_RESTORE, DR_SCRIPTS};
use widget_core::dr::text::{change_ranges, verifier_summary};
use widget_core::{Group, Lang, ParamValue, PlainFormat};

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn drill(incident: Incident, settings: Settings, lines: &[String]) -> Drill {
    Drill::replay(incident, settings, lines.iter().map(String::as_str)).unwrap()
}

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The PATCH line an insert button offers right after the incident.
fn patch_now(incident: Incident, settings: Settings) -> String {
    let d = Drill::start(incident, settings).unwrap();
    patch_line(&restore_body(d.world()).unwrap())
}

fn counts(d: &Drill) -> (usize, u64) {
    let v = d.verification();
    (v.gaps.len(), v.duplicate_count())
}

// ───────────────────────── parameters and state ─────────────────────────

#[test]
fn defaults_are_the_lab() {
    let p = DrParams::default();
    assert_eq!(p.settings(), Settings::default());
    assert_eq!(p.incident(), Incident::ConnectorDeleted);
    assert_eq!(INCIDENTS.len(), Incident::ALL.len());
    for spec in DR_PARAMS {
        assert!(Group::DR.contains(&spec.group), "{}", spec.key);
        assert!(spec.check(spec.fallback).is_ok(), "{}", spec.key);
    }
}

#[test]
fn every_param_maps_onto_the_settings() {
    let mut p = DrParams::default();
    p.set_text("kafka-version", "3.4").unwrap();
    p.set_text("debezium-version", "pre-2.6").unwrap();
    p.set_text("postgres-version", "14").unwrap();
    p.set_text("change-interval", "500").unwrap();
    p.set_text("offset-flush-interval", "10000").unwrap();
    p.set_text("incident", "orphaned-slot").unwrap();
    let s = p.settings();
    assert_eq!(s.kafka, dr_model::KafkaVersion::V3_4);
    assert_eq!(s.debezium, dr_model::DebeziumVersion::Before2_6);
    assert_eq!(s.postgres, dr_model::PgVersion::Pg14OrOlder);
    assert_eq!(
        (s.change_interval_ms, s.offset_flush_interval_ms),
        (500, 10_000)
    );
    assert_eq!(p.incident(), Incident::OrphanedSlot);
    // Setting a default back removes the override.
    p.set_text("kafka-version", "3.6").unwrap();
    assert_eq!(p.settings().kafka, dr_model::KafkaVersion::V3_6);
    p.set_text("kafka-version", "3.7").unwrap();
    assert!(!p.is_overridden("kafka-version"));
}

#[test]
fn bad_values_are_problems_quoting_them() {
    let mut p = DrParams::default();
    let e = p.set_text("change-interval", "-5").unwrap_err();
    assert!(
        e.message(Lang::Ru).contains("«-5»"),
        "{}",
        e.message(Lang::Ru)
    );
    assert!(
        e.message(Lang::En).contains("using 1000"),
        "{}",
        e.message(Lang::En)
    );
    // Off the 100 ms grid.
    assert!(p.set_text("change-interval", "150").is_err());
    let e = p.set_text("kafka-version", "2.8").unwrap_err();
    assert!(
        e.message(Lang::En).contains("3.4, 3.5, 3.6, 3.7"),
        "{}",
        e.message(Lang::En)
    );
    assert!(p.set_text("nope", "1").is_err());
    assert_eq!(p, DrParams::default(), "refused values change nothing");
}

#[test]
fn permalink_round_trip_restores_the_drill() {
    let mut s = DrState::default();
    s.set_preset("failover-slot-lost").unwrap();
    s.set("debezium-version", ParamValue::Choice("pre-2.6"))
        .unwrap();
    for l in [CREATE_SLOT_LINE, RESTART_LINE, "sleep 60", STATUS_LINE] {
        s.push_line(l).unwrap();
    }
    let q = s.to_query("dr1");
    assert_eq!(
        q[0],
        ("dr1.preset".to_string(), "failover-slot-lost".to_string())
    );
    assert_eq!(
        q[1],
        ("dr1.debezium-version".to_string(), "pre-2.6".to_string())
    );
    assert_eq!(q.iter().filter(|(k, _)| k == "dr1.cmd").count(), 4);
    let (back, problems) = DrState::from_query(&DrState::default(), &q, "dr1");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back, s);
    assert_eq!(back.drill().unwrap(), s.drill().unwrap());
    // Another widget's pairs are ignored.
    let (other, problems) = DrState::from_query(&DrState::default(), &q, "dr2");
    assert!(problems.is_empty());
    assert_eq!(other, DrState::default());
}

#[test]
fn bad_links_and_attributes_are_problems() {
    let (s, problems) = DrState::from_query(
        &DrState::default(),
        &pairs(&[
            ("d.preset", "meteor-strike"),
            ("d.kafka-version", "9"),
            ("d.colour", "red"),
            ("d.cmd", &"x".repeat(MAX_LINE_CHARS + 1)),
            ("d.cmd", "help"),
        ]),
        "d",
    );
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems[0].message(Lang::Ru).contains("meteor-strike"));
    assert!(problems[2].key.contains("colour"));
    assert!(problems[3].message(Lang::En).contains("2001 characters"));
    // What was fine is kept: the short line.
    assert_eq!(s.lines, vec!["help".to_string()]);
    assert_eq!(s.preset(), "connector-deleted");

    let many: Vec<(String, String)> = (0..MAX_LINES + 3)
        .map(|i| ("cmd".to_string(), format!("sleep {}", i + 1)))
        .collect();
    let (s, problems) = DrState::from_query(&DrState::default(), &many, "");
    assert_eq!(s.lines.len(), MAX_LINES);
    assert_eq!(problems.len(), 3, "one problem per dropped line");

    let (s, problems) = dr_from_attributes([
        ("data-preset", "kafka-offsets-lost"),
        ("data-lang", "en"),
        ("data-theme", "purple"),
        ("data-height", "10"),
        ("data-kafka-version", "3.5"),
        ("data-frob", "1"),
        ("id", "x"),
    ]);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert_eq!(s.lang, Lang::En);
    assert_eq!(s.preset(), "kafka-offsets-lost");
    assert_eq!(s.params.settings().kafka, dr_model::KafkaVersion::V3_5);
    // data-incident is the same as data-preset.
    let (s, problems) = dr_from_attributes([("data-incident", "connect-crash")]);
    assert!(problems.is_empty());
    assert_eq!(s.params.incident(), Incident::ConnectCrash);
}

#[test]
fn a_changed_setting_or_scenario_restarts_the_drill() {
    let mut s = DrState::default();
    s.push_line(STATUS_LINE).unwrap();
    assert!(!s.push_line("   ").unwrap(), "blank lines are not kept");
    s.set("kafka-version", ParamValue::Choice("3.7")).unwrap();
    assert_eq!(s.lines.len(), 1, "the same value changes nothing");
    s.set("kafka-version", ParamValue::Choice("3.5")).unwrap();
    assert!(s.lines.is_empty());
    s.push_line(STATUS_LINE).unwrap();
    s.set_preset("orphaned-slot").unwrap();
    assert!(s.lines.is_empty());
}

// ───────────────────────── drill mechanics ─────────────────────────

#[test]
fn simulated_time_is_five_seconds_a_command_and_sleep_adds_its_seconds() {
    let d = drill(
        Incident::ConnectorDeleted,
        Settings::default(),
        &lines(&[STATUS_LINE, "sleep 60", "nonsense", "sleep 5s", ""]),
    );
    let at: Vec<u64> = d.entries().iter().map(|e| e.at_ms).collect();
    // 150 + 5 = 155 s; + 60 = 215 s; + 5 = 220 s; + 5 = 225 s; the blank line is not kept.
    assert_eq!(at, vec![155_000, 215_000, 220_000, 225_000]);
    assert_eq!(d.now_ms(), 225_000);
    assert_eq!(STEP_MS, 5_000);
    assert!(
        d.entries()[2]
            .output
            .starts_with("bash: nonsense: command not found"),
        "{}",
        d.entries()[2].output
    );
}

#[test]
fn sleep_and_cat_answer_like_the_tools() {
    let d = drill(
        Incident::KafkaOffsetsLost,
        Settings::default(),
        &lines(&[
            "sleep",
            "sleep abc",
            "sleep 0",
            "sleep 1 2",
            "cat nope.txt",
            "cat connect-offsets-backup.txt",
            "cat offset-backups/inventory-connector-offsets.json",
        ]),
    );
    let out: Vec<&str> = d.entries().iter().map(|e| e.output.as_str()).collect();
    assert_eq!(
        out[0],
        "sleep: missing operand\nTry 'sleep --help' for more information.\n"
    );
    assert_eq!(
        out[1],
        "sleep: invalid time interval 'abc'\nTry 'sleep --help' for more information.\n"
    );
    assert!(out[2].starts_with("cdc-lab: sleep between 1 and 3600"));
    assert!(out[3].starts_with("cdc-lab: sleep takes one interval"));
    assert_eq!(out[4], "cat: nope.txt: No such file or directory\n");
    // The console dump: commits at 60 s, 120 s and the stop's final commit at 150 s.
    assert_eq!(out[5].lines().count(), 3);
    assert!(out[5].starts_with("[\"inventory-connector\",{\"server\":\"inventory\"}]\t{"));
    // Change 150: LSN 0x3000000 + 256 × 150 = 50 370 048.
    assert!(out[6].contains("\"lsn_commit\":50370048"), "{}", out[6]);
    // Failed sleeps take no time; only the cats took 5 s each: 150 + 3 × 5 = 165 s.
    assert_eq!(d.now_ms(), 165_000);
    // No backup in other incidents.
    let d = drill(
        Incident::ConnectorDeleted,
        Settings::default(),
        &lines(&["cat connect-offsets-backup.txt"]),
    );
    assert!(!d.entries()[0].record.ok);
}

#[test]
fn the_drill_clock_stops_six_hours_after_the_incident() {
    // Six sleeps of an hour reach 150 s + 6 h exactly; the seventh would pass the limit.
    let ls: Vec<String> = (0..7).map(|_| "sleep 3600".to_string()).collect();
    let d = drill(Incident::ConnectCrash, Settings::default(), &ls);
    assert_eq!(d.now_ms(), 150_000 + 6 * 3_600_000);
    assert!(d.entries()[5].record.ok);
    assert!(!d.entries()[6].record.ok);
    assert!(d.entries()[6]
        .output
        .starts_with("cdc-lab: the drill's clock stops 6 h"));
}

#[test]
fn running_line_by_line_equals_replaying() {
    let ls = lines(&[
        STATUS_LINE,
        CREATE_STOPPED_LINE,
        GET_OFFSETS_LINE,
        RESUME_LINE,
        "sleep 30",
        SLOT_QUERY_LINE,
    ]);
    let mut d = Drill::start(Incident::ConnectorDeleted, Settings::default()).unwrap();
    for l in &ls {
        d.run(l);
    }
    assert_eq!(
        d,
        drill(Incident::ConnectorDeleted, Settings::default(), &ls)
    );
}

#[test]
fn help_lists_the_panel_commands_too() {
    let d = drill(
        Incident::ConnectCrash,
        Settings::default(),
        &lines(&["help"]),
    );
    let out = &d.entries()[0].output;
    assert!(out.starts_with("Supported commands:"));
    assert!(out.contains("sleep N") && out.contains("cat connect-offsets-backup.txt"));
}

// ───────────────────────── scenarios: correct sequences ─────────────────────────

#[test]
fn connector_deleted_recreate_stopped_patch_resume_passes() {
    let s = Settings::default();
    let ls = vec![
        STATUS_LINE.to_string(),                  // 155 s: 404
        CREATE_STOPPED_LINE.to_string(),          // 160 s: STOPPED, no task
        GET_OFFSETS_LINE.to_string(),             // 165 s: lsn 150 (the delete's final commit)
        SLOT_QUERY_LINE.to_string(),              // 170 s
        patch_now(Incident::ConnectorDeleted, s), // 175 s
        GET_OFFSETS_LINE.to_string(),             // 180 s
        RESUME_LINE.to_string(),                  // 185 s: resumes after change 150
        "sleep 60".to_string(),                   // 245 s
        STATUS_LINE.to_string(),                  // 250 s
    ];
    let d = drill(Incident::ConnectorDeleted, s, &ls);
    let out: Vec<&str> = d.entries().iter().map(|e| e.output.as_str()).collect();
    assert!(out[0].contains("404"), "{}", out[0]);
    assert!(out[2].contains("50370048"), "{}", out[2]);
    assert!(out[4].contains("altered successfully"), "{}", out[4]);
    assert!(out[8].contains("\"RUNNING\""), "{}", out[8]);
    let v = d.verification();
    // Delivered 1..=150 before, 151..=250 after the resume: horizon 250, nothing lost or twice.
    assert_eq!((v.horizon, v.gaps.len(), v.duplicate_count()), (250, 0, 0));
    let c = check(&d);
    assert!(c.passed(), "{c:?}");
    let rb = runbook(Incident::ConnectorDeleted, &records(&d));
    assert!(rb.warnings.is_empty(), "{:?}", rb.warnings);
    for (step, state) in &rb.steps {
        assert!(
            matches!(state, StepState::Done(_) | StepState::NotNeeded),
            "step {} {state:?}",
            step.number
        );
    }
}

#[test]
fn failover_recreate_slot_and_snapshot_closes_the_gap_with_duplicates() {
    let ls = lines(&[
        STATUS_LINE,      // 155 s: task FAILED
        STOP_LINE,        // 160 s
        SLOT_QUERY_LINE,  // 165 s: no slot
        CREATE_SLOT_LINE, // 170 s: the new slot starts at lsn(170)
        WHEN_NEEDED_LINE, // 175 s: stays STOPPED
        RESUME_LINE,      // 180 s: restart_lsn lsn(170) > lsn_proc lsn(120) → snapshot through 180
        "sleep 60",       // 240 s
        STATUS_LINE,      // 245 s
    ]);
    let d = drill(Incident::FailoverSlotLost, Settings::default(), &ls);
    let v = d.verification();
    // 1..=150 streamed before the failover, the snapshot repeats them: 150 duplicates;
    // 151..=180 come once, in the snapshot; 181..=245 streamed.
    assert_eq!(
        (v.horizon, v.gaps.len(), v.duplicate_count()),
        (245, 0, 150)
    );
    assert!(d.world().events().iter().any(|e| matches!(
        e,
        ChangeEvent::Snapshot {
            through_change: 180,
            ..
        }
    )));
    assert!(check(&d).passed(), "{:?}", check(&d));
    let rb = runbook(Incident::FailoverSlotLost, &records(&d));
    assert!(rb.warnings.is_empty(), "{:?}", rb.warnings);
    assert!(
        rb.steps
            .iter()
            .all(|(_, s)| matches!(s, StepState::Done(_) | StepState::NotNeeded)),
        "{rb:?}"
    );
}

#[test]
fn kafka_offsets_lost_restore_from_the_console_backup_passes() {
    let s = Settings::default();
    let patch = patch_now(Incident::KafkaOffsetsLost, s);
    // The backup's value is the stop's final commit: change 150.
    assert!(patch.contains("\"lsn_proc\":50370048"), "{patch}");
    let ls = vec![
        STATUS_LINE.to_string(),         // 155 s: 404, the connector is gone
        CREATE_STOPPED_LINE.to_string(), // 160 s
        "cat connect-offsets-backup.txt".to_string(), // 165 s
        SLOT_QUERY_LINE.to_string(),     // 170 s: restart_lsn lsn(60) ≤ 150
        patch,                           // 175 s
        GET_OFFSETS_LINE.to_string(),    // 180 s
        RESUME_LINE.to_string(),         // 185 s: from change 151
        "sleep 60".to_string(),          // 245 s
    ];
    let d = drill(Incident::KafkaOffsetsLost, s, &ls);
    let v = d.verification();
    assert_eq!((v.horizon, v.gaps.len(), v.duplicate_count()), (245, 0, 0));
    assert!(check(&d).passed(), "{:?}", check(&d));
    assert!(runbook(Incident::KafkaOffsetsLost, &records(&d))
        .warnings
        .is_empty());
}

#[test]
fn connect_crash_start_the_worker_passes_with_redelivered_events() {
    let ls = lines(&[STATUS_LINE, START_WORKER_LINE, "sleep 60", STATUS_LINE]);
    let d = drill(Incident::ConnectCrash, Settings::default(), &ls);
    assert!(d.entries()[0]
        .output
        .starts_with("curl: (7) Failed to connect"));
    // The last commit was at 120 s: 121..=150 are sent again, 30 duplicates; nothing lost.
    assert_eq!(counts(&d), (0, 30));
    assert!(check(&d).passed(), "{:?}", check(&d));
}

#[test]
fn orphaned_slot_dropped_after_checking_passes() {
    let ls = lines(&[
        STATUS_LINE,
        INACTIVE_SLOTS_LINE,
        DROP_ORPHAN_LINE,
        SLOT_QUERY_LINE,
    ]);
    let d = drill(Incident::OrphanedSlot, Settings::default(), &ls);
    let out = &d.entries()[1].output;
    // Only debezium_old is inactive: created at 0, never consumed; the query runs at 160 s:
    // 160 × 256 B = 40 960 B, pg_size_pretty → 40 kB.
    assert!(
        out.contains("debezium_old") && !out.contains("debezium_inventory"),
        "{out}"
    );
    assert!(out.contains("40 kB"), "{out}");
    assert_eq!(counts(&d), (0, 0));
    let c = check(&d);
    assert!(c.passed(), "{c:?}");
    let rb = runbook(Incident::OrphanedSlot, &records(&d));
    assert!(rb.warnings.is_empty(), "{:?}", rb.warnings);
}

// ───────────────────────── scenarios: classic mistakes ─────────────────────────

#[test]
fn mistake_connector_deleted_recreated_under_another_name_snapshots_everything() {
    let other = r#"curl -fsS -X POST -H 'Content-Type: application/json' -d '{"name":"inventory-connector-v2","config":{"topic.prefix":"inventory","slot.name":"debezium_inventory"}}' http://localhost:8083/connectors"#;
    let d = drill(
        Incident::ConnectorDeleted,
        Settings::default(),
        &lines(&[other, "sleep 60"]),
    );
    // Another name is another offset key: no offset → snapshot (initial) at 155 s through
    // change 155; 1..=150 had been delivered → each twice: 150 duplicates, no gap.
    assert_eq!(counts(&d), (0, 150));
    let c = check(&d);
    assert!(!c.passed());
    assert!(!c.items[0].ok, "inventory-connector does not exist");
}

#[test]
fn mistake_failover_old_debezium_recreates_the_slot_without_snapshot_gap() {
    let s = Settings {
        debezium: dr_model::DebeziumVersion::Before2_6,
        ..Settings::default()
    };
    let d = drill(
        Incident::FailoverSlotLost,
        s,
        &lines(&[CREATE_SLOT_LINE, RESTART_LINE, "sleep 60"]),
    );
    // Slot created at 155 s = lsn(155); the offset lsn(120) is behind it; PG 15 starts at
    // confirmed_flush lsn(155): 151..=155 never arrive (121..=150 were streamed before).
    let v = d.verification();
    assert_eq!(v.gaps, (151..=155).collect::<Vec<u64>>());
    assert_eq!(v.rpo_ms, 5_000);
    let c = check(&d);
    assert!(!c.passed());
    assert!(c.items[0].ok, "RUNNING: the gap is silent");
    assert!(!c.items[2].ok);
}

#[test]
fn mistake_failover_new_debezium_without_snapshot_mode_fails_loudly() {
    let d = drill(
        Incident::FailoverSlotLost,
        Settings::default(),
        &lines(&[CREATE_SLOT_LINE, RESTART_LINE, STATUS_LINE]),
    );
    // 2.6+: restart_lsn lsn(155) > lsn_proc lsn(120), mode initial → the task fails.
    assert!(
        d.entries()[2].output.contains("no longer available"),
        "{}",
        d.entries()[2].output
    );
    assert!(!check(&d).passed());
}

#[test]
fn mistake_kafka_offsets_lost_create_without_stopped_snapshots() {
    let create = CREATE_STOPPED_LINE.replace(r#","initial_state":"STOPPED""#, "");
    let d = drill(
        Incident::KafkaOffsetsLost,
        Settings::default(),
        &lines(&[&create, "sleep 60"]),
    );
    // No offset → snapshot through change 155 at 155 s: 1..=150 twice → 150 duplicates.
    assert_eq!(counts(&d), (0, 150));
    assert!(!check(&d).passed());
}

#[test]
fn mistake_kafka_offsets_lost_patch_before_stop_is_refused_and_warned() {
    let create = CREATE_STOPPED_LINE.replace(r#","initial_state":"STOPPED""#, "");
    let patch = patch_now(Incident::KafkaOffsetsLost, Settings::default());
    let d = drill(
        Incident::KafkaOffsetsLost,
        Settings::default(),
        &lines(&[&create, &patch]),
    );
    assert!(
        d.entries()[1].output.contains("400"),
        "{}",
        d.entries()[1].output
    );
    let rb = runbook(Incident::KafkaOffsetsLost, &records(&d));
    let texts: Vec<&str> = rb.warnings.iter().map(|w| w.text(Lang::En)).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("before the connector is stopped")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("without looking at a backup")),
        "{texts:?}"
    );
}

#[test]
fn mistake_connect_crash_drop_the_slot_before_restarting() {
    let drop = "SELECT pg_drop_replication_slot('debezium_inventory');";
    let d = drill(
        Incident::ConnectCrash,
        Settings::default(),
        &lines(&[drop, START_WORKER_LINE, STATUS_LINE]),
    );
    // The worker is down, so the slot is inactive and the drop succeeds; on start Debezium
    // 2.6+ finds no slot → position not available → FAILED with mode initial.
    assert!(d.entries()[0].record.ok);
    assert!(!check(&d).passed());
    let rb = runbook(Incident::ConnectCrash, &records(&d));
    assert_eq!(rb.warnings.len(), 1);
    assert_eq!(rb.warnings[0].line, 0);
    assert!(rb.warnings[0].text(Lang::Ru).contains("не проверив"));
}

#[test]
fn mistake_orphaned_slot_drop_the_wrong_one() {
    let d = drill(
        Incident::OrphanedSlot,
        Settings::default(),
        &lines(&[
            STATUS_LINE,
            "SELECT pg_drop_replication_slot('debezium_inventory');",
            STOP_LINE,
            "SELECT pg_drop_replication_slot('debezium_inventory');",
        ]),
    );
    // Active: PostgreSQL refuses (55006), the runbook warns; stopped: dropped.
    assert!(
        d.entries()[1].output.contains("is active for PID"),
        "{}",
        d.entries()[1].output
    );
    assert!(d.entries()[3].record.ok);
    let c = check(&d);
    assert!(!c.passed());
    let rb = runbook(Incident::OrphanedSlot, &records(&d));
    assert_eq!(
        rb.warnings.iter().map(|w| w.line).collect::<Vec<_>>(),
        vec![1]
    );
}

// ───────────────────────── runbook ─────────────────────────

fn records(d: &Drill) -> Vec<widget_core::dr::drill::Record> {
    d.entries().iter().map(|e| e.record.clone()).collect()
}

#[test]
fn runbook_out_of_order_and_skipped() {
    // Create stopped (step 2) before the status (step 1): step 2 is out of order.
    let d = drill(
        Incident::KafkaOffsetsLost,
        Settings::default(),
        &lines(&[CREATE_STOPPED_LINE, STATUS_LINE]),
    );
    let rb = runbook(Incident::KafkaOffsetsLost, &records(&d));
    assert_eq!(rb.steps[0].1, StepState::Done(1));
    assert_eq!(rb.steps[1].1, StepState::OutOfOrder(0));
    assert_eq!(rb.steps[2].1, StepState::Pending);
    // The orphan dropped right away: status and slot check skipped, with the warning.
    let d = drill(
        Incident::OrphanedSlot,
        Settings::default(),
        &lines(&[DROP_ORPHAN_LINE]),
    );
    let rb = runbook(Incident::OrphanedSlot, &records(&d));
    assert_eq!(rb.steps[0].1, StepState::Skipped);
    assert_eq!(rb.steps[3].1, StepState::Skipped);
    assert_eq!(rb.steps[6].1, StepState::Done(0));
    assert_eq!(rb.steps[8].1, StepState::Pending);
    assert_eq!(rb.warnings.len(), 1);
    // Not-needed steps for a crash: stop, backup, restore, slot recreate, orphan.
    let rb = runbook(Incident::ConnectCrash, &[]);
    let not_needed: Vec<usize> = rb
        .steps
        .iter()
        .enumerate()
        .filter(|(_, (_, s))| *s == StepState::NotNeeded)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(not_needed, vec![1, 2, 4, 5, 6]);
    assert_eq!(RUNBOOK.len(), 9);
}

#[test]
fn runbook_pause_and_reset_are_warned_and_failed_commands_do_not_tick() {
    let d = drill(
        Incident::ConnectorDeleted,
        Settings::default(),
        &lines(&[
            STATUS_LINE,
            CREATE_STOPPED_LINE,
            "curl -fsS -X DELETE http://localhost:8083/connectors/inventory-connector/offsets",
            RESUME_LINE,
            "curl -fsS -X PUT http://localhost:8083/connectors/inventory-connector/pause",
        ]),
    );
    let rb = runbook(Incident::ConnectorDeleted, &records(&d));
    let lines_warned: Vec<usize> = rb.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines_warned, vec![2, 4]);
    // A PATCH that the worker refuses does not tick step 6.
    let patch = patch_now(Incident::ConnectorDeleted, Settings::default());
    let d = drill(
        Incident::ConnectorDeleted,
        Settings::default(),
        &lines(&[&patch, GET_OFFSETS_LINE]),
    );
    assert!(!d.entries()[0].record.ok, "404: no connector");
    assert_eq!(d.entries()[0].record.did, Did::PatchOffsets);
    let rb = runbook(Incident::ConnectorDeleted, &records(&d));
    assert_eq!(rb.steps[4].1, StepState::Pending);
}

// ───────────────────────── texts ─────────────────────────

#[test]
fn verifier_summary_uses_plurals() {
    let ru = PlainFormat(Lang::Ru);
    let en = PlainFormat(Lang::En);
    let v = |gaps: Vec<u64>, dups: Vec<(u64, u64)>, rpo_ms| dr_model::Verification {
        horizon: 300,
        gaps,
        duplicates: dups,
        rpo_ms,
    };
    assert_eq!(
        verifier_summary(&v(vec![], vec![], 0), &ru),
        "0 пропусков и 0 дубликатов"
    );
    let d150: Vec<(u64, u64)> = (1..=150).map(|n| (n, 1)).collect();
    assert_eq!(
        verifier_summary(&v(vec![], d150, 0), &ru),
        "0 пропусков и 150 дубликатов"
    );
    assert_eq!(
        verifier_summary(&v(vec![7], vec![(3, 2)], 1_000), &ru),
        "1 пропуск и 2 дубликата; RPO 1 с"
    );
    assert_eq!(
        verifier_summary(&v((151..=155).collect(), vec![], 5_000), &en),
        "5 gaps and 0 duplicates; RPO 5 s"
    );
    assert_eq!(
        verifier_summary(&v(vec![1], vec![(2, 1)], 1_000), &en),
        "1 gap and 1 duplicate; RPO 1 s"
    );
    assert_eq!(change_ranges([1, 2, 3, 7, 9, 10], 10), "1–3, 7, 9–10");
    assert_eq!(change_ranges([1, 3, 5, 7], 2), "1, 3, …");
    assert_eq!(change_ranges([], 3), "");
}

#[test]
fn every_scenario_has_texts_and_snippets_that_parse() {
    for incident in Incident::ALL {
        let sc = scenario(incident);
        assert_eq!(sc.incident, incident);
        for t in [sc.title_ru, sc.title_en, sc.task_ru, sc.task_en] {
            assert!(!t.trim().is_empty());
        }
        let d = Drill::start(incident, Settings::default()).unwrap();
        for snip in snippets(&d) {
            let mut d = d.clone();
            let e = d.run(&snip.line).unwrap().clone();
            assert!(
                !e.output.starts_with("cdc-lab:")
                    && !e.output.starts_with("bash:")
                    && !e.output.contains("syntax error"),
                "{incident:?} {}: {}",
                snip.line,
                e.output
            );
        }
    }
}

// ───────────────────────── instructor script ─────────────────────────

#[test]
fn scripts_validate_and_tell_the_truth() {
    for s in DR_SCRIPTS {
        assert!(validate_dr(s).is_empty(), "{:?}", validate_dr(s));
    }
    let sc = &CONNECTOR_DELETED_RESTORE;
    // Step 4 (index 3): GET offsets shows lsn_commit 50370048 (change 150).
    let d = dr_state_at(sc, 3).unwrap().drill().unwrap();
    assert!(
        d.entries()
            .last()
            .unwrap()
            .output
            .contains("\"lsn_commit\": 50370048"),
        "{}",
        d.entries().last().unwrap().output
    );
    // Its question: resume without PATCH continues from 151 — 0 gaps, 0 duplicates.
    let mut d2 = d.clone();
    d2.run(RESUME_LINE);
    d2.run("sleep 30");
    assert_eq!(counts(&d2), (0, 0));
    // The last step: passed, 0/0.
    let last = dr_state_at(sc, sc.steps.len() - 1)
        .unwrap()
        .drill()
        .unwrap();
    assert!(check(&last).passed());
    assert_eq!(counts(&last), (0, 0));
    assert!(dr_state_at(sc, 99).is_err());
}

#[test]
fn a_script_with_a_bad_line_is_refused() {
    use widget_core::dr::steps::{DrScript, DrStep};
    use widget_core::steps::Script;
    static BAD: DrScript = Script {
        id: "bad",
        preset: "connector-deleted",
        title_ru: "Плохой",
        title_en: "Bad",
        steps: &[DrStep {
            title_ru: "т",
            title_en: "t",
            narration_ru: "н",
            narration_en: "n",
            lines: &["curl --frobnicate localhost:8083/", "sleep x"],
            question: None,
        }],
    };
    let problems = validate_dr(&BAD);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].message(Lang::Ru).contains("шаг 1"));
    static NO_PRESET: DrScript = Script {
        id: "np",
        preset: "nope",
        title_ru: "x",
        title_en: "x",
        steps: &[],
    };
    assert_eq!(validate_dr(&NO_PRESET).len(), 1);
}

// ───────────────────────── properties ─────────────────────────

fn arb_line() -> impl Strategy<Value = String> {
    let pool: Vec<String> = [
        STATUS_LINE,
        STOP_LINE,
        GET_OFFSETS_LINE,
        RESUME_LINE,
        RESTART_LINE,
        SLOT_QUERY_LINE,
        INACTIVE_SLOTS_LINE,
        CREATE_SLOT_LINE,
        DROP_ORPHAN_LINE,
        CONSUMER_LINE,
        START_WORKER_LINE,
        CREATE_STOPPED_LINE,
        WHEN_NEEDED_LINE,
        "sleep 60",
        "sleep 7",
        "cat connect-offsets-backup.txt",
        "SELECT pg_drop_replication_slot('debezium_inventory');",
        "curl -fsS -X DELETE http://localhost:8083/connectors/inventory-connector",
        "curl -fsS -X DELETE http://localhost:8083/connectors/inventory-connector/offsets",
        "help",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    prop_oneof![
        3 => proptest::sample::select(pool),
        1 => "\\PC{0,80}",
        1 => "[ -~]{0,80}".prop_map(|s| format!("sleep {s}")),
        1 => "[ -~]{0,80}".prop_map(|s| format!("cat {s}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_lines_never_panic_and_replay_is_deterministic(
        incident in proptest::sample::select(Incident::ALL.to_vec()),
        ls in proptest::collection::vec(arb_line(), 0..12),
    ) {
        let a = drill(incident, Settings::default(), &ls);
        let b = drill(incident, Settings::default(), &ls);
        prop_assert_eq!(&a, &b);
        // Time never goes back and every kept line is in the transcript.
        let kept = ls.iter().filter(|l| !l.trim().is_empty()).count();
        prop_assert_eq!(a.entries().len(), kept);
        prop_assert!(a.entries().windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        let _ = check(&a);
        let _ = runbook(incident, &records(&a));
        let _ = snippets(&a);
    }

    #[test]
    fn permalink_round_trips_any_lines(
        ls in proptest::collection::vec("\\PC{1,60}", 0..8),
    ) {
        let mut s = DrState::default();
        for l in &ls {
            let _ = s.push_line(l);
        }
        let (back, problems) = DrState::from_query(&DrState::default(), &s.to_query("w"), "w");
        prop_assert!(problems.is_empty());
        prop_assert_eq!(back, s);
    }
}
