//! The source database: a deterministic stream of numbered changes and the logical
//! replication slots, with PostgreSQL's own errors for `pg_drop_replication_slot` and
//! `pg_create_logical_replication_slot`.

use crate::names::NameMap;

/// The LSN before change 1 (`0/3000000`).
pub const LSN_BASE: u64 = 0x0300_0000;
/// WAL bytes per change: change `n` commits at `LSN_BASE + n * LSN_PER_CHANGE`.
pub const LSN_PER_CHANGE: u64 = 256;
/// Transaction id of change `n` is `TXID_BASE + n` (every change is its own transaction).
pub const TXID_BASE: u64 = 750;
/// Epoch microseconds of simulated time 0 (2023-11-14T22:13:20Z), for `ts_usec`.
pub const EPOCH_USEC_AT_ZERO: u64 = 1_700_000_000_000_000;
/// The tables the changes rotate through.
pub const TABLES: [&str; 3] = [
    "inventory.customers",
    "inventory.orders",
    "inventory.products",
];

/// The commit LSN of change `n` (`n >= 1`); `lsn_of(0)` is the position before any change.
pub fn lsn_of(change: u64) -> u64 {
    LSN_BASE.saturating_add(change.saturating_mul(LSN_PER_CHANGE))
}

/// The last change committed at or below `lsn` (0 when none).
pub fn change_at_or_below(lsn: u64) -> u64 {
    lsn.saturating_sub(LSN_BASE) / LSN_PER_CHANGE
}

/// One source change: what a student would see as a row change in the captured database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// 1, 2, 3, … in commit order.
    pub number: u64,
    /// Commit time, simulated ms.
    pub at_ms: u64,
    /// Commit LSN.
    pub lsn: u64,
    /// Transaction id.
    pub tx_id: u64,
    /// `schema.table`.
    pub table: &'static str,
    /// `INSERT` for odd numbers, `UPDATE` for even ones.
    pub message_type: &'static str,
}

/// The source's write pattern: one change every `change_interval_ms`, from time
/// `change_interval_ms` on (change `n` commits at `n * change_interval_ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// Milliseconds between two changes.
    pub change_interval_ms: u64,
}

impl Source {
    /// Change `n` (`n >= 1`).
    pub fn change(&self, number: u64) -> Change {
        let idx = usize::try_from(number.saturating_sub(1) % 3).unwrap_or(0);
        Change {
            number,
            at_ms: number.saturating_mul(self.change_interval_ms),
            lsn: lsn_of(number),
            tx_id: TXID_BASE.saturating_add(number),
            table: TABLES.get(idx).copied().unwrap_or("inventory.customers"),
            message_type: if number % 2 == 1 { "INSERT" } else { "UPDATE" },
        }
    }

    /// How many changes have committed by `now_ms`.
    pub fn written_by(&self, now_ms: u64) -> u64 {
        now_ms / self.change_interval_ms.max(1)
    }

    /// `pg_current_wal_lsn()` at `now_ms`.
    pub fn current_lsn(&self, now_ms: u64) -> u64 {
        lsn_of(self.written_by(now_ms))
    }
}

/// One row of `pg_replication_slots` (the columns the drill needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// `slot_name`.
    pub name: String,
    /// `restart_lsn`.
    pub restart_lsn: u64,
    /// `confirmed_flush_lsn`.
    pub confirmed_flush_lsn: u64,
    /// `active_pid` (`active` is `active_pid.is_some()`).
    pub active_pid: Option<u32>,
}

impl Slot {
    /// `active`.
    pub fn active(&self) -> bool {
        self.active_pid.is_some()
    }

    /// A confirmation from the consumer (`LogicalConfirmReceivedLocation`): `confirmed_flush_lsn`
    /// never moves backwards. `restart_lsn` moves to the previous `confirmed_flush_lsn`
    /// (simplification 3 in the crate docs).
    pub fn confirm(&mut self, lsn: u64) {
        if lsn > self.confirmed_flush_lsn {
            self.restart_lsn = self.restart_lsn.max(self.confirmed_flush_lsn);
            self.confirmed_flush_lsn = lsn;
        }
    }
}

/// A PostgreSQL error as `psql` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgError {
    /// SQLSTATE.
    pub sqlstate: &'static str,
    /// The `ERROR:` message.
    pub message: String,
}

impl PgError {
    /// `ERROR:  message` as psql prints it.
    pub fn psql_line(&self) -> String {
        format!("ERROR:  {}", self.message)
    }
}

/// The slots of the (current) primary, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slots {
    by_name: NameMap<Slot>,
}

impl Slots {
    /// The slot called `name`.
    pub fn get(&self, name: &str) -> Option<&Slot> {
        self.by_name.get(name)
    }

    /// The slot called `name`, mutable.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Slot> {
        self.by_name.get_mut(name)
    }

    /// All slots in name order.
    pub fn iter(&self) -> impl Iterator<Item = &Slot> {
        self.by_name.values()
    }

    /// `pg_create_logical_replication_slot(name, 'pgoutput')` at `current_lsn`: a new slot starts at
    /// the current insert position (slot.c `ReplicationSlotReserveWal`: restart_lsn =
    /// `GetXLogInsertRecPtr()`, facts.md Part 1 §4 (c)).
    ///
    /// Error: `replication slot "%s" already exists`, SQLSTATE 42710 (ERRCODE_DUPLICATE_OBJECT) —
    /// postgres/postgres src/backend/replication/slot.c `ReplicationSlotCreate`.
    pub fn create(&mut self, name: &str, current_lsn: u64) -> Result<&Slot, PgError> {
        if self.by_name.contains_key(name) {
            return Err(PgError {
                sqlstate: "42710",
                message: format!("replication slot \"{name}\" already exists"),
            });
        }
        self.by_name.insert(
            name.to_string(),
            Slot {
                name: name.to_string(),
                restart_lsn: current_lsn,
                confirmed_flush_lsn: current_lsn,
                active_pid: None,
            },
        );
        self.by_name.get(name).ok_or_else(|| PgError {
            // Unreachable: the slot was inserted just above.
            sqlstate: "XX000",
            message: format!("replication slot \"{name}\" could not be created"),
        })
    }

    /// `pg_drop_replication_slot(name)`.
    ///
    /// Errors (postgres/postgres src/backend/replication/slot.c `ReplicationSlotAcquire`, facts.md
    /// Part 1 §8): missing → `replication slot "%s" does not exist` (42704,
    /// ERRCODE_UNDEFINED_OBJECT); in use → `replication slot "%s" is active for PID %d` (55006,
    /// ERRCODE_OBJECT_IN_USE; the drop acquires with nowait = true).
    pub fn drop_slot(&mut self, name: &str) -> Result<(), PgError> {
        match self.by_name.get(name) {
            None => Err(PgError {
                sqlstate: "42704",
                message: format!("replication slot \"{name}\" does not exist"),
            }),
            Some(Slot {
                active_pid: Some(pid),
                ..
            }) => Err(PgError {
                sqlstate: "55006",
                message: format!("replication slot \"{name}\" is active for PID {pid}"),
            }),
            Some(_) => {
                self.by_name.remove(name);
                Ok(())
            }
        }
    }

    /// Removes every slot (a failover to a replica without failover slots).
    pub fn clear(&mut self) {
        self.by_name.clear();
    }
}
