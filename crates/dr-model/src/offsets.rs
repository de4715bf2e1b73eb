//! The `connect-offsets` topic: a compacted log of key/value records in the Debezium
//! PostgreSQL format, and what `kafka-console-consumer --property print.key=true
//! --from-beginning` prints from it.
//!
//! Key: `["<connector>",{"server":"<topic.prefix>"}]` (facts.md Part 2 §5: PostgresPartition
//! `SERVER_PARTITION_KEY = "server"`). Value: `lsn_proc`, `messageType`, `lsn_commit`, `lsn`,
//! `txId`, `ts_usec` (facts.md Part 2 §5: PostgresOffsetContext / SourceInfo keys; LSNs as
//! numbers, not `X/Y` text).

use crate::json;

/// A Debezium PostgreSQL source offset (the keys the drill uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceOffset {
    /// `lsn_proc`: the last completely processed LSN.
    pub lsn_proc: u64,
    /// `lsn_commit`: the LSN of the last COMMIT.
    pub lsn_commit: u64,
    /// `lsn`: the LSN of the last event.
    pub lsn: u64,
    /// `txId`.
    pub tx_id: u64,
    /// `ts_usec`: commit time, epoch µs.
    pub ts_usec: u64,
    /// `messageType` (`INSERT`, `UPDATE`, …), when the offset came from a change.
    pub message_type: Option<&'static str>,
}

impl SourceOffset {
    /// The LSN Debezium resumes from and flushes: `lsn_commit` (facts.md Part 2 §2 and §5:
    /// "`lsn_commit` if present else `lsn_proc`"; this model always writes `lsn_commit`).
    pub fn resume_lsn(&self) -> u64 {
        self.lsn_commit
    }

    /// The value JSON as Kafka Connect's JSON converter writes it (no schema envelope).
    pub fn to_json(&self) -> String {
        let mut fields: Vec<(&str, String)> = vec![("lsn_proc", self.lsn_proc.to_string())];
        if let Some(t) = self.message_type {
            fields.push(("messageType", json::string(t)));
        }
        fields.push(("lsn_commit", self.lsn_commit.to_string()));
        fields.push(("lsn", self.lsn.to_string()));
        fields.push(("txId", self.tx_id.to_string()));
        fields.push(("ts_usec", self.ts_usec.to_string()));
        json::object(&fields)
    }

    /// Reads a value written by [`SourceOffset::to_json`] or typed in the same shape (any key
    /// order, whitespace allowed). `None` when a required number is missing. `lsn_proc`, `lsn`
    /// and `lsn_commit` fall back on each other as Debezium does for `lsn_commit`.
    pub fn from_json(text: &str) -> Option<SourceOffset> {
        let lsn = json::number_field(text, "lsn");
        let lsn_proc = json::number_field(text, "lsn_proc").or(lsn)?;
        let lsn_commit = json::number_field(text, "lsn_commit").unwrap_or(lsn_proc);
        Some(SourceOffset {
            lsn_proc,
            lsn_commit,
            lsn: lsn.unwrap_or(lsn_proc),
            tx_id: json::number_field(text, "txId").unwrap_or(0),
            ts_usec: json::number_field(text, "ts_usec").unwrap_or(0),
            message_type: json::string_field(text, "messageType").and_then(|m| match m.as_str() {
                "INSERT" => Some("INSERT"),
                "UPDATE" => Some("UPDATE"),
                "DELETE" => Some("DELETE"),
                "COMMIT" => Some("COMMIT"),
                _ => None,
            }),
        })
    }
}

/// One partition's offset in a `GET`/`PATCH /connectors/{name}/offsets` body:
/// `{"partition":{"server":…},"offset":{…}|null}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetEntry {
    /// The `server` of the source partition (`topic.prefix`).
    pub server: String,
    /// The offset; `None` (`"offset": null` in PATCH) removes the partition's offset.
    pub offset: Option<SourceOffset>,
}

/// One record of `connect-offsets`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetRecord {
    /// Connector name (first element of the key).
    pub connector: String,
    /// `server` of the partition map (second element of the key).
    pub server: String,
    /// The value; `None` is a tombstone.
    pub value: Option<SourceOffset>,
    /// When it was written, simulated ms.
    pub at_ms: u64,
}

impl OffsetRecord {
    /// The key JSON: `["<connector>",{"server":"<server>"}]`.
    pub fn key_json(&self) -> String {
        key_json(&self.connector, &self.server)
    }
}

/// The key JSON for a connector and a partition.
pub fn key_json(connector: &str, server: &str) -> String {
    format!(
        "[{},{}]",
        json::string(connector),
        json::object(&[("server", json::string(server))])
    )
}

/// The `connect-offsets` topic: every record in write order. Compaction is not modelled (it
/// never changes the latest value of a key, which is all a worker reads).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetsTopic {
    records: Vec<OffsetRecord>,
}

impl OffsetsTopic {
    /// Appends a record.
    pub fn write(&mut self, record: OffsetRecord) {
        self.records.push(record);
    }

    /// All records in log order.
    pub fn records(&self) -> &[OffsetRecord] {
        &self.records
    }

    /// The offset a worker reads for `(connector, server)`: the latest record of that key,
    /// `None` when there is none or it is a tombstone.
    pub fn latest(&self, connector: &str, server: &str) -> Option<SourceOffset> {
        self.records
            .iter()
            .rev()
            .find(|r| r.connector == connector && r.server == server)
            .and_then(|r| r.value)
    }

    /// Every partition of `connector` with a live (non-tombstone) offset, in server order.
    pub fn partitions(&self, connector: &str) -> Vec<OffsetEntry> {
        let mut servers: Vec<&str> = self
            .records
            .iter()
            .filter(|r| r.connector == connector)
            .map(|r| r.server.as_str())
            .collect();
        index_sort::sort(&mut servers);
        servers.dedup();
        servers
            .into_iter()
            .filter_map(|s| {
                self.latest(connector, s).map(|o| OffsetEntry {
                    server: s.to_string(),
                    offset: Some(o),
                })
            })
            .collect()
    }

    /// What `kafka-console-consumer.sh --topic connect-offsets --from-beginning --property
    /// print.key=true` prints: one line per record in log order, key TAB value, tombstones as
    /// `null` (the default formatter's key separator is a tab and a null value prints `null`).
    /// Records of all partitions are shown in write order (the topic's 25 partitions are not
    /// modelled: every key of one connector lands in one partition anyway).
    pub fn console_consumer_output(&self) -> String {
        let mut out = String::new();
        for r in &self.records {
            out.push_str(&r.key_json());
            out.push('\t');
            match &r.value {
                Some(v) => out.push_str(&v.to_json()),
                None => out.push_str("null"),
            }
            out.push('\n');
        }
        out
    }
}

/// `{"offsets":[{"partition":{"server":…},"offset":{…}}]}` — the `GET .../offsets` body, which
/// `PATCH` accepts unchanged.
pub fn offsets_body(entries: &[OffsetEntry]) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|e| {
            json::object(&[
                (
                    "partition",
                    json::object(&[("server", json::string(&e.server))]),
                ),
                (
                    "offset",
                    e.offset.map_or_else(|| "null".to_string(), |o| o.to_json()),
                ),
            ])
        })
        .collect();
    json::object(&[("offsets", format!("[{}]", items.join(",")))])
}
