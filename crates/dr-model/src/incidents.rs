//! The incidents a drill starts from: each runs lesson 07's lab normally from time 0 (the
//! connector `inventory-connector`, prefix `inventory`, slot `debezium_inventory`,
//! `snapshot.mode=initial`, created at 0 on an empty database) and then breaks something at
//! [`INCIDENT_AT_MS`].

use crate::world::{ConnectorConfig, InputError, Op, Response, Settings, World};

/// The lab connector's name.
pub const CONNECTOR: &str = "inventory-connector";
/// The orphaned slot of the [`Incident::OrphanedSlot`] drill.
pub const ORPHANED_SLOT: &str = "debezium_old";
/// When the incident happens: 150 s, i.e. after the offset commits at 60 s and 120 s (with the
/// default 60 s `offset.flush.interval.ms`).
pub const INCIDENT_AT_MS: u64 = 150_000;

/// The incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incident {
    /// The Connect worker process crashed: no final offset commit; the worker is down until
    /// `StartWorker`.
    ConnectCrash,
    /// `DELETE /connectors/inventory-connector` by mistake: offsets and slot are kept.
    ConnectorDeleted,
    /// Failover to a replica without the slot (PostgreSQL < 17 or no failover slots): the task
    /// failed, the new primary has no slot, writes go on.
    FailoverSlotLost,
    /// The connector was stopped for maintenance and its offsets backed up; then the Kafka
    /// cluster's internal topics (`connect-configs`, `connect-offsets`) were lost. The change
    /// topics survived. The backup is in [`World::backup`].
    KafkaOffsetsLost,
    /// A slot of a connector deleted long ago (`debezium_old`, created at 0, never consumed)
    /// pins WAL while the lab connector runs normally.
    OrphanedSlot,
}

impl Incident {
    /// Every incident.
    pub const ALL: [Incident; 5] = [
        Incident::ConnectCrash,
        Incident::ConnectorDeleted,
        Incident::FailoverSlotLost,
        Incident::KafkaOffsetsLost,
        Incident::OrphanedSlot,
    ];

    /// The world right after the incident, at [`INCIDENT_AT_MS`].
    pub fn world(self, settings: Settings) -> Result<World, InputError> {
        let mut w = World::new(settings)?;
        if self == Incident::OrphanedSlot {
            w.apply(
                Op::CreateSlot {
                    name: ORPHANED_SLOT.to_string(),
                },
                0,
            )?;
        }
        w.apply(
            Op::CreateConnector {
                name: CONNECTOR.to_string(),
                config: ConnectorConfig::lab(),
                initial_state: None,
            },
            0,
        )?;
        w.advance(INCIDENT_AT_MS)?;
        match self {
            Incident::ConnectCrash => w.crash_worker(),
            Incident::ConnectorDeleted => {
                w.apply(
                    Op::DeleteConnector {
                        name: CONNECTOR.to_string(),
                    },
                    INCIDENT_AT_MS,
                )?;
            }
            Incident::FailoverSlotLost => w.failover(),
            Incident::KafkaOffsetsLost => {
                let stopped = w.apply(
                    Op::Stop {
                        name: CONNECTOR.to_string(),
                    },
                    INCIDENT_AT_MS,
                )?;
                // On a 3.4 worker there is no stop: the backup is then taken while it runs.
                if stopped.status() != Some(204) {
                    w.apply(
                        Op::Pause {
                            name: CONNECTOR.to_string(),
                        },
                        INCIDENT_AT_MS,
                    )?;
                }
                w.take_backup(CONNECTOR);
                w.lose_kafka_internal_topics();
            }
            Incident::OrphanedSlot => {}
        }
        Ok(w)
    }
}

/// A convenience for drills: `true` when the response is an HTTP 2xx or a successful SQL call.
pub fn succeeded(r: &Response) -> bool {
    match r {
        Response::Http { status, .. } => (200..300).contains(status),
        Response::Sql(res) => res.is_ok(),
        Response::Console(_) => true,
        Response::ConnectionRefused => false,
    }
}
