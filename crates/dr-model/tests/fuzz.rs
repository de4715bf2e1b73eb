//! Model and input fuzzing of the drill (issue 10).
//!
//! * **Model**: random `Settings` (valid, zero, `u64::MAX`, past the one-hour limit) on an
//!   empty world or any incident, then random sequences of operations with random names
//!   (the lab's, other valid ones, garbage), random configs, offsets patched to extreme LSNs,
//!   the world's own disasters, `advance`, and `now_ms` that mostly moves on but also stands
//!   still, goes back or jumps to `u64::MAX`. Nothing may panic; a refused call names a field,
//!   has a message without control characters, and leaves the world unchanged; after every
//!   step `now_ms` and `pg_current_wal_lsn()` never moved back, each slot has `restart_lsn ≤
//!   confirmed_flush_lsn ≤ current LSN`, every event is a change already written with its own
//!   LSN; at the end the verifier equals a brute-force recount and replaying the same steps
//!   gives the same world.
//! * **Input**: lesson 07's real command lines mutated (byte flips, truncation, duplication,
//!   quotes, unicode, control characters, very long lines, joined lines) through
//!   `command::parse` and `command::run` on a live incident world: no panic, every error and
//!   `cdc-lab:` message is non-empty and at most a few lines.
//!
//! The harness (`tests/fuzz/harness.rs` at the repository root) prints the seed and case of a
//! failure (a replayed drill prints its settings and steps, a broken slot invariant the
//! world's log); `scripts/fuzz` runs 10⁶ cases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[macro_use]
#[path = "../../../tests/fuzz/harness.rs"]
mod harness;

use dr_model::command::{self, Parsed};
use dr_model::world::MAX_INTERVAL_MS;
use dr_model::*;
use harness::{mutate_bytes, run, Rng};

const NAMES: [&str; 3] = [CONNECTOR, "other-connector", "x"];
const SLOTS: [&str; 3] = ["debezium_inventory", "debezium_other", ORPHANED_SLOT];

fn settings(rng: &mut Rng) -> Settings {
    // An incident runs the lab for 150 s first: at 1 change per ms that is 150 000 events
    // before the first step, so changes more often than every 100 ms (and commits more often
    // than every 10 ms) are one case in 200.
    let interval = |rng: &mut Rng, usual_lo: u64, usual_hi: u64| {
        if rng.chance(1, 12) {
            if rng.chance(1, 2) {
                *rng.pick(&[0, 1, MAX_INTERVAL_MS, MAX_INTERVAL_MS + 1, u64::MAX])
            } else {
                rng.extreme_u64()
            }
        } else if rng.chance(1, 200) {
            rng.range_u64(1, 10)
        } else {
            rng.log_u64(usual_lo, usual_hi)
        }
    };
    Settings {
        postgres: *rng.pick(&[PgVersion::Pg14OrOlder, PgVersion::Pg15Plus]),
        kafka: *rng.pick(&[
            KafkaVersion::V3_4,
            KafkaVersion::V3_5,
            KafkaVersion::V3_6,
            KafkaVersion::V3_7Plus,
        ]),
        debezium: *rng.pick(&[DebeziumVersion::Before2_6, DebeziumVersion::From2_6]),
        change_interval_ms: interval(rng, 100, 3_600_000),
        offset_flush_interval_ms: interval(rng, 10, 3_600_000),
    }
}

fn name(rng: &mut Rng) -> String {
    if rng.chance(1, 10) {
        rng.garbage()
    } else {
        (*rng.pick(&NAMES)).to_string()
    }
}

fn slot(rng: &mut Rng) -> String {
    if rng.chance(1, 10) {
        rng.garbage()
    } else {
        (*rng.pick(&SLOTS)).to_string()
    }
}

fn config(rng: &mut Rng) -> ConnectorConfig {
    ConnectorConfig {
        topic_prefix: if rng.chance(1, 10) {
            rng.garbage()
        } else {
            (*rng.pick(&["inventory", "other"])).to_string()
        },
        slot_name: slot(rng),
        snapshot_mode: *rng.pick(&[
            SnapshotMode::Initial,
            SnapshotMode::WhenNeeded,
            SnapshotMode::NoData,
            SnapshotMode::Always,
        ]),
    }
}

fn lsn_value(rng: &mut Rng) -> u64 {
    match rng.below(4) {
        0 => rng.extreme_u64(),
        _ => lsn_of(rng.below(2_000)),
    }
}

fn offsets(rng: &mut Rng) -> Vec<OffsetEntry> {
    (0..rng.below(4))
        .map(|_| OffsetEntry {
            server: if rng.chance(1, 8) {
                rng.garbage()
            } else {
                (*rng.pick(&["inventory", "other"])).to_string()
            },
            offset: if rng.chance(1, 5) {
                None
            } else {
                let lsn = lsn_value(rng);
                Some(SourceOffset {
                    lsn_proc: if rng.chance(1, 6) {
                        lsn_value(rng)
                    } else {
                        lsn
                    },
                    lsn_commit: lsn,
                    lsn,
                    tx_id: rng.extreme_u64(),
                    ts_usec: rng.extreme_u64(),
                    message_type: None,
                })
            },
        })
        .collect()
}

fn op(rng: &mut Rng) -> Op {
    match rng.below(16) {
        0 => Op::CreateConnector {
            name: name(rng),
            config: config(rng),
            initial_state: *rng.pick(&[
                None,
                Some(InitialState::Running),
                Some(InitialState::Paused),
                Some(InitialState::Stopped),
            ]),
        },
        1 => Op::PutConnectorConfig {
            name: name(rng),
            config: config(rng),
        },
        2 => Op::DeleteConnector { name: name(rng) },
        3 => Op::Status { name: name(rng) },
        4 => Op::Pause { name: name(rng) },
        5 => Op::Resume { name: name(rng) },
        6 => Op::Stop { name: name(rng) },
        7 => Op::Restart {
            name: name(rng),
            include_tasks: rng.chance(1, 2),
            only_failed: rng.chance(1, 2),
        },
        8 => Op::GetOffsets { name: name(rng) },
        9 => Op::PatchOffsets {
            name: name(rng),
            offsets: offsets(rng),
        },
        10 => Op::ResetOffsets { name: name(rng) },
        11 => Op::DropSlot { name: slot(rng) },
        12 => Op::CreateSlot { name: slot(rng) },
        13 => Op::StartWorker,
        _ => Op::ConsumeOffsetsTopic,
    }
}

/// The next `now_ms`: mostly later, sometimes the same, back in time, absurdly far (past
/// any drill's end), or rarely an extreme value that may be within it (up to 10⁶ changes at
/// once: the costly case, so one step in 300).
fn next_time(rng: &mut Rng, now: u64, change_interval_ms: u64) -> u64 {
    match rng.below(300) {
        0..=14 => now,
        15..=29 => now.saturating_sub(rng.range_u64(1, 100_000)),
        30..=39 => *rng.pick(&[
            u64::MAX,
            u64::MAX - 1,
            i64::MAX as u64,
            1 << 62,
            3_600_000 * 1_000_001,
        ]),
        40 => rng.extreme_u64(),
        // Up to ~50 changes later: the usual case, cheap at any change interval.
        _ => now.saturating_add(rng.range_u64(0, change_interval_ms.saturating_mul(50).max(1))),
    }
}

#[derive(Debug, Clone)]
enum Step {
    Apply(Op, u64),
    Advance(u64),
    Crash,
    Failover,
    LoseKafka,
    Backup(String),
}

fn steps(rng: &mut Rng, settings: &Settings) -> Vec<Step> {
    let n = if rng.chance(1, 20) {
        rng.range_u64(30, 120)
    } else {
        rng.below(25)
    };
    let mut now = 0u64;
    let mut out = Vec::new();
    for _ in 0..n {
        let t = next_time(rng, now, settings.change_interval_ms.clamp(1, 3_600_000));
        if t >= now && t < u64::MAX / 4 {
            now = t;
        }
        out.push(match rng.below(20) {
            0 => Step::Advance(t),
            1 => Step::Crash,
            2 => Step::Failover,
            3 => Step::LoseKafka,
            4 => Step::Backup(name(rng)),
            _ => Step::Apply(op(rng), t),
        });
    }
    out
}

fn input_error_ok(e: &InputError) -> Result<(), String> {
    ensure!(!e.field.is_empty(), "InputError without a field: {e:?}");
    ensure!(
        !e.message.trim().is_empty(),
        "InputError without a message: {e:?}"
    );
    ensure!(
        !e.message.chars().any(char::is_control),
        "control character in {:?}",
        e.message
    );
    ensure!(
        e.message.chars().count() <= 200,
        "message of {} characters",
        e.message.chars().count()
    );
    Ok(())
}

/// Everything that must hold after each step (events from `first_event` on are new).
fn check_world(
    w: &World,
    before_now: u64,
    before_lsn: u64,
    first_event: usize,
) -> Result<(), String> {
    let now = w.now_ms();
    let current = w.source().current_lsn(now);
    ensure!(now >= before_now, "now_ms moved back: {before_now} → {now}");
    ensure!(
        current >= before_lsn,
        "current LSN moved back: {before_lsn} → {current}"
    );
    for s in w.slots().iter() {
        ensure!(
            s.restart_lsn <= s.confirmed_flush_lsn && s.confirmed_flush_lsn <= current,
            "slot {}: restart {} ≤ confirmed {} ≤ current {current} broken; log:\n{:#?}",
            s.name,
            s.restart_lsn,
            s.confirmed_flush_lsn,
            w.log()
        );
        ensure!(
            w.retained_wal_bytes(&s.name) == Some(current - s.restart_lsn),
            "retained WAL of {}",
            s.name
        );
    }
    let written = w.source().written_by(now);
    ensure!(w.events().len() >= first_event, "events were removed");
    for e in &w.events()[first_event..] {
        match *e {
            ChangeEvent::Change { change, lsn, at_ms } => {
                ensure!(
                    change >= 1 && change <= written,
                    "change {change} delivered, {written} written"
                );
                ensure!(lsn == lsn_of(change), "change {change} with LSN {lsn}");
                ensure!(at_ms <= now, "event from the future");
            }
            ChangeEvent::Snapshot {
                through_change,
                at_ms,
                ..
            } => {
                ensure!(
                    through_change <= written,
                    "snapshot through {through_change}, {written} written"
                );
                ensure!(at_ms <= now, "snapshot from the future");
            }
        }
    }
    ensure!(
        w.log().windows(2).all(|p| p[0].0 <= p[1].0),
        "log out of time order"
    );
    Ok(())
}

/// Runs `steps`, checking each; returns the world.
fn drill(
    incident: Option<Incident>,
    settings: Settings,
    steps: &[Step],
) -> Result<Option<World>, String> {
    let made = match incident {
        Some(i) => i.world(settings),
        None => World::new(settings),
    };
    let mut w = match made {
        Ok(w) => w,
        Err(e) => {
            input_error_ok(&e)?;
            ensure!(settings.validate().is_err(), "valid settings refused: {e}");
            return Ok(None);
        }
    };
    ensure!(
        settings.validate().is_ok(),
        "invalid settings accepted: {settings:?}"
    );
    check_world(&w, 0, 0, 0)?;
    for step in steps {
        let (before_now, before_lsn) = (w.now_ms(), w.source().current_lsn(w.now_ms()));
        let first_event = w.events().len();
        match step {
            Step::Apply(op, t) => {
                // Refused exactly when a name is bad or the time is out of range; a refusal
                // changes nothing (the world is cloned only then: clones cost O(events)).
                let bad_time = *t < before_now || *t > settings.end_ms();
                let refused = bad_time || world::validate_op(op).is_err();
                let before = refused.then(|| w.clone());
                match w.apply(op.clone(), *t) {
                    Ok(_) => ensure!(!refused, "{op:?} at {t} accepted (now {before_now})"),
                    Err(e) => {
                        input_error_ok(&e)?;
                        ensure!(refused, "{op:?} at {t} refused: {e}");
                        ensure!(
                            Some(&w) == before.as_ref(),
                            "a refused {op:?} changed the world"
                        );
                    }
                }
            }
            Step::Advance(t) => {
                let refused = *t < before_now || *t > settings.end_ms();
                let before = refused.then(|| w.clone());
                match w.advance(*t) {
                    Ok(()) => ensure!(!refused, "advance to {t} accepted (now {before_now})"),
                    Err(e) => {
                        input_error_ok(&e)?;
                        ensure!(refused, "advance to {t} refused: {e}");
                        ensure!(
                            Some(&w) == before.as_ref(),
                            "a refused advance changed the world"
                        );
                    }
                }
            }
            Step::Crash => w.crash_worker(),
            Step::Failover => w.failover(),
            Step::LoseKafka => w.lose_kafka_internal_topics(),
            Step::Backup(n) => w.take_backup(n),
        }
        check_world(&w, before_now, before_lsn, first_event)?;
    }
    Ok(Some(w))
}

/// Brute-force recount: a counter per change number, each streamed event adds one to its
/// change, each snapshot one to every change up to its position.
fn recount(events: &[ChangeEvent]) -> (u64, Vec<u64>, Vec<(u64, u64)>) {
    let horizon = events
        .iter()
        .map(|e| match *e {
            ChangeEvent::Change { change, .. } => change,
            ChangeEvent::Snapshot { through_change, .. } => through_change,
        })
        .max()
        .unwrap_or(0);
    let mut count = vec![0u64; horizon as usize + 1];
    for e in events {
        match *e {
            ChangeEvent::Change { change, .. } => count[change as usize] += 1,
            ChangeEvent::Snapshot { through_change, .. } => {
                for c in count.iter_mut().take(through_change as usize + 1).skip(1) {
                    *c += 1;
                }
            }
        }
    }
    let gaps = (1..=horizon).filter(|&n| count[n as usize] == 0).collect();
    let dups = (1..=horizon)
        .filter(|&n| count[n as usize] > 1)
        .map(|n| (n, count[n as usize] - 1))
        .collect();
    (horizon, gaps, dups)
}

#[test]
fn fuzz_dr_random_drills() {
    run("fuzz_dr_random_drills", 6_000, |rng| {
        let settings = settings(rng);
        let incident = if rng.chance(1, 3) {
            None
        } else {
            Some(*rng.pick(&Incident::ALL))
        };
        let steps = steps(rng, &settings);
        if std::env::var_os("CDC_FUZZ_CASE").is_some() {
            eprintln!("{incident:?} {settings:?}\n{steps:#?}");
        }
        let Some(w) = drill(incident, settings, &steps)? else {
            return Ok(());
        };
        let v = verify(w.events(), settings.change_interval_ms);
        let (horizon, gaps, dups) = recount(w.events());
        ensure!(
            v.horizon == horizon,
            "horizon {} vs recount {horizon}",
            v.horizon
        );
        ensure!(v.gaps == gaps, "gaps {:?} vs recount {gaps:?}", v.gaps);
        ensure!(
            v.duplicates == dups,
            "duplicates {:?} vs recount {dups:?}",
            v.duplicates
        );
        let mut longest = 0u64;
        let mut run_len = 0u64;
        for (i, g) in gaps.iter().enumerate() {
            run_len = if i > 0 && gaps[i - 1] + 1 == *g {
                run_len + 1
            } else {
                1
            };
            longest = longest.max(run_len);
        }
        ensure!(
            v.rpo_ms == longest.saturating_mul(settings.change_interval_ms),
            "rpo {} vs {longest} lost changes",
            v.rpo_ms
        );
        // Replaying gives the same world (a tenth of the cases: it doubles the cost).
        if rng.chance(1, 10) {
            let again = drill(incident, settings, &steps)?;
            ensure!(again.as_ref() == Some(&w), "not deterministic");
        }
        Ok(())
    });
}

/// Random settings alone, on an empty world and on every incident: refused with a message
/// exactly when out of range, else the incident's world keeps the invariants.
#[test]
fn fuzz_dr_settings() {
    run("fuzz_dr_settings", 40_000, |rng| {
        let settings = settings(rng);
        let incident = if rng.chance(1, 2) {
            None
        } else {
            Some(*rng.pick(&Incident::ALL))
        };
        drill(incident, settings, &[]).map(|_| ())
    });
}

/// Lesson 07's command lines (and the panel's other forms), the seeds of the mutations.
const LINES: &[&str] = &[
    "curl -fsS -X PUT http://localhost:8083/connectors/inventory-connector/stop",
    "curl -fsS http://localhost:8083/connectors/inventory-connector/status | jq -r '.connector.state'",
    "curl -fsS http://localhost:8083/connectors/inventory-connector/offsets | jq .",
    "curl -fsS -X PATCH -H \"Content-Type: application/json\" -d '{\"offsets\":[{\"partition\":{\"server\":\"inventory\"},\"offset\":{\"lsn_proc\":50347008,\"lsn\":50347008,\"txId\":810}}]}' http://localhost:8083/connectors/inventory-connector/offsets",
    "curl -fsS -X PUT http://localhost:8083/connectors/inventory-connector/resume",
    "curl -fsS -X DELETE http://localhost:8083/connectors/inventory-connector/offsets",
    "curl -s -X POST -H 'Content-Type: application/json' --data '{\"name\": \"inventory-connector\", \"config\": {\"connector.class\": \"io.debezium.connector.postgresql.PostgresConnector\", \"topic.prefix\": \"inventory\", \"slot.name\": \"debezium_inventory\", \"snapshot.mode\": \"when_needed\"}, \"initial_state\": \"STOPPED\"}' http://localhost:8083/connectors",
    "curl -X PUT -H \"Content-Type: application/json\" --data-raw '{\"slot.name\":\"debezium_new\"}' http://localhost:8083/connectors/inventory-connector/config",
    "curl -s -X POST 'http://localhost:8083/connectors/inventory-connector/restart?includeTasks=true&onlyFailed=true'",
    "curl -fsS http://localhost:8083/connectors/inventory-connector/status | jq '.tasks[0].state'",
    "curl -si -X PUT localhost:8083/connectors/inventory-connector/pause",
    "curl -X DELETE http://localhost:8083/connectors/inventory-connector",
    "docker compose exec -T kafka /opt/kafka/bin/kafka-console-consumer.sh \\\n  --bootstrap-server kafka:9092 --topic connect-offsets --from-beginning --property print.key=true --timeout-ms 10000",
    "SELECT slot_name, active, restart_lsn - '0/0'::pg_lsn AS n, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained_wal FROM pg_replication_slots;",
    "SELECT slot_name, active_pid, confirmed_flush_lsn FROM pg_replication_slots WHERE NOT active",
    "SELECT slot_name, plugin, slot_type, database, temporary, active, active_pid, restart_lsn, confirmed_flush_lsn, wal_status FROM pg_replication_slots WHERE slot_name = 'debezium_inventory' AND NOT temporary",
    "SELECT pg_drop_replication_slot('debezium_inventory');",
    "SELECT * FROM pg_create_logical_replication_slot('debezium_inventory', 'pgoutput');",
    "docker compose exec -T postgres psql -U postgres -d inventory -c \"SELECT pg_drop_replication_slot('debezium_inventory');\"",
    "docker compose exec -T postgres psql -U postgres -d inventory -c \"SELECT pg_create_logical_replication_slot('debezium_inventory', 'pgoutput');\"",
    "docker compose start connect",
    "help",
    "  # a comment",
];

/// Inserted by the mutations: shell and JSON structure, jq, unicode, control characters.
const TOKENS: &[&str] = &[
    "'",
    "\"",
    "\\",
    "\\\n",
    "|",
    "| jq .",
    "| jq -r '.a[0].b'",
    "$URL",
    "$(date)",
    "`id`",
    "&&",
    ";",
    "#",
    " -X ",
    " -H 'Content-Type: application/json' ",
    " -d '{}' ",
    "--max-time 5",
    "?includeTasks=true",
    "%2F",
    "/",
    "\u{0}",
    "\u{1b}[31m",
    "\r",
    "\t",
    "\u{202e}",
    "я",
    "😀",
    "<b>x</b>",
    "{\"a\":",
    "[[[[[[[[",
    "]]]]",
    "1e400",
    "18446744073709551615",
    "-1",
    "WHERE",
    " AND ",
    "NOT ",
    "::pg_lsn",
    "(",
    ")",
    "'0/0'",
    "\n",
];

fn mutated_line(rng: &mut Rng) -> String {
    let mut bytes = rng.pick(LINES).as_bytes().to_vec();
    match rng.below(12) {
        0 => {
            // Very long: the seed repeated, or one character many times.
            let times = rng.log_u64(2, 2_000) as usize;
            bytes = bytes.repeat(times);
        }
        1 => {
            bytes.extend_from_slice(b"\n");
            bytes.extend_from_slice(rng.pick(LINES).as_bytes());
        }
        2 => bytes = rng.garbage().into_bytes(),
        _ => {}
    }
    for _ in 0..rng.range_u64(0, 4) {
        mutate_bytes(rng, &mut bytes, TOKENS);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn message_ok(m: &str, line: &str) -> Result<(), String> {
    ensure!(!m.trim().is_empty(), "empty message for {line:?}");
    ensure!(
        m.lines().count() <= 4,
        "message of {} lines for {line:?}: {m:?}",
        m.lines().count()
    );
    ensure!(
        m.chars().count() <= 600,
        "message of {} characters for {line:?}",
        m.chars().count()
    );
    Ok(())
}

#[test]
fn fuzz_dr_command_lines() {
    let base: Vec<World> = Incident::ALL
        .iter()
        .map(|i| i.world(Settings::default()).unwrap())
        .collect();
    run("fuzz_dr_command_lines", 60_000, |rng| {
        let line = mutated_line(rng);
        match command::parse(&line) {
            Parsed::Error(m) | Parsed::Unsupported(m) => message_ok(&m, &line)?,
            Parsed::Empty | Parsed::Help | Parsed::Command(_) => {}
        }
        // And through the panel on a live world, at a time that usually moves on.
        let mut w = rng.pick(&base).clone();
        let now = w.now_ms();
        let t = match rng.below(10) {
            0 => now.saturating_sub(1),
            1 => rng.extreme_u64(),
            _ => now + rng.below(120_000),
        };
        let before = w.clone();
        let out = command::run(&mut w, &line, t);
        if t < now && matches!(command::parse(&line), Parsed::Command(_)) {
            // Refused: the name check or the time check speaks first.
            ensure!(
                out.starts_with("cdc-lab: "),
                "time went back without the panel saying so: {out:?}"
            );
            ensure!(w == before, "a command back in time changed the world");
        }
        check_world(
            &w,
            now,
            before.source().current_lsn(now),
            before.events().len(),
        )?;
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// Regressions: failures the fuzz tests found, kept as named tests.
// ---------------------------------------------------------------------------------------

/// `apply(op, u64::MAX)` with a running connector emitted one event per change up to that
/// time — at one change per second, 1.8·10¹⁶ events: the call never returned. Time is now
/// refused past `Settings::end_ms()`: 10⁶ × min(1 000, 60 000) ms = 10⁹ ms at the defaults.
#[test]
fn regression_far_future_now_ms_is_refused_instead_of_emitting_forever() {
    let settings = Settings::default();
    assert_eq!(settings.end_ms(), 1_000_000_000);
    let mut w = Incident::OrphanedSlot.world(settings).unwrap();
    let before = w.clone();
    let e = w
        .apply(
            Op::Status {
                name: CONNECTOR.to_string(),
            },
            u64::MAX,
        )
        .unwrap_err();
    assert_eq!(e.field, "now_ms");
    assert!(
        e.message.contains("1000000000") && e.message.contains("18446744073709551615"),
        "{e}"
    );
    assert_eq!(w, before);
    let e = w.advance(1_000_000_001).unwrap_err();
    assert_eq!(e.field, "now_ms");
    assert_eq!(w, before);
    // The panel says the same, as a cdc-lab line.
    let out = command::run(
        &mut w,
        "curl -s http://localhost:8083/connectors/inventory-connector/status",
        u64::MAX,
    );
    assert!(
        out.starts_with("cdc-lab: now_ms: must be at most 1000000000"),
        "{out}"
    );
}

/// A slot or connector name with control characters was quoted raw in the refusal, so a
/// pasted `\n` or escape sequence reshaped the message. They are now shown as U+FFFD, like
/// widget-core's problems, and the value is still cut at 40 characters (then `…`).
#[test]
fn regression_control_characters_in_a_refused_name_are_not_echoed() {
    let mut w = World::new(Settings::default()).unwrap();
    let e = w
        .apply(
            Op::CreateSlot {
                name: "a\nb\u{1b}[31m".to_string(),
            },
            0,
        )
        .unwrap_err();
    assert_eq!(e.field, "slot_name");
    assert!(e.message.ends_with("got \"a\u{fffd}b\u{fffd}[31m\""), "{e}");
    let long = format!("{}\r", "x".repeat(45));
    let e = w.apply(Op::Status { name: long }, 0).unwrap_err();
    assert!(
        e.message.ends_with(&format!("got \"{}…\"", "x".repeat(40))),
        "{e}"
    );
}

/// An offset patched ahead of the server (change 1 000 while the source has written 62) and a
/// resume: the task streams from the patched LSN and polls nothing until the WAL gets there,
/// but every offset flush confirmed that never-polled LSN to the slot, so
/// `confirmed_flush_lsn` (0x30000000 + 256 × 1 000) passed `pg_current_wal_lsn()`. Debezium
/// flushes only what it polled: the slot now keeps the 60 s commit's `lsn_of(60)` until the
/// WAL reaches the offset.
#[test]
fn regression_offset_patched_ahead_is_not_confirmed_before_the_wal_reaches_it() {
    let mut w = World::new(Settings::default()).unwrap();
    let lab = || ConnectorConfig::lab();
    w.apply(
        Op::CreateConnector {
            name: CONNECTOR.to_string(),
            config: lab(),
            initial_state: None,
        },
        0,
    )
    .unwrap();
    w.advance(60_500).unwrap();
    assert_eq!(
        w.slots()
            .get("debezium_inventory")
            .unwrap()
            .confirmed_flush_lsn,
        lsn_of(60)
    );
    w.apply(
        Op::Stop {
            name: CONNECTOR.to_string(),
        },
        61_000,
    )
    .unwrap();
    let ahead = lsn_of(1_000);
    let entry = OffsetEntry {
        server: "inventory".to_string(),
        offset: Some(SourceOffset {
            lsn_proc: ahead,
            lsn_commit: ahead,
            lsn: ahead,
            tx_id: 1_750,
            ts_usec: 0,
            message_type: None,
        }),
    };
    let r = w
        .apply(
            Op::PatchOffsets {
                name: CONNECTOR.to_string(),
                offsets: vec![entry],
            },
            61_500,
        )
        .unwrap();
    assert_eq!(r.status(), Some(200));
    w.apply(
        Op::Resume {
            name: CONNECTOR.to_string(),
        },
        62_000,
    )
    .unwrap();
    // Commits at 122 s and 182 s: the WAL is at change 200 at 200 s, below the offset.
    w.advance(200_000).unwrap();
    let slot = w.slots().get("debezium_inventory").unwrap();
    assert_eq!(w.source().current_lsn(200_000), lsn_of(200));
    assert_eq!(slot.confirmed_flush_lsn, lsn_of(60));
}
