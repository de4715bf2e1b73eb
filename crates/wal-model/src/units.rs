//! Units the model speaks in: LSNs and byte counts as `u64`, times as `u64` milliseconds,
//! and the text forms a DBA reads (`16/B374D848`, `1024 MB`).
//!
//! Nothing here is approximate: formatting follows PostgreSQL's own (`%X/%X` for `pg_lsn`
//! in PostgreSQL 13–17, binary multiples like `pg_size_pretty`).

use serde::{Deserialize, Serialize};

/// One mebibyte, the unit PostgreSQL's `*_size` settings use when no unit is given.
pub const MB: u64 = 1024 * 1024;
/// One gibibyte.
pub const GB: u64 = 1024 * MB;
/// One second in model time units (milliseconds).
pub const SECOND_MS: u64 = 1000;
/// One minute in milliseconds.
pub const MINUTE_MS: u64 = 60 * SECOND_MS;
/// One hour in milliseconds.
pub const HOUR_MS: u64 = 60 * MINUTE_MS;
/// One day in milliseconds.
pub const DAY_MS: u64 = 24 * HOUR_MS;

/// A WAL position (log sequence number): a byte offset into the cluster's WAL stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Lsn(pub u64);

impl Lsn {
    /// Parses PostgreSQL's text form `X/Y` (hex high and low 32-bit halves).
    pub fn parse(text: &str) -> Option<Lsn> {
        let (hi, lo) = text.trim().split_once('/')?;
        if hi.is_empty() || lo.is_empty() || hi.len() > 8 || lo.len() > 8 {
            return None;
        }
        let hi = u64::from_str_radix(hi, 16).ok()?;
        let lo = u64::from_str_radix(lo, 16).ok()?;
        Some(Lsn((hi << 32) | lo))
    }
}

impl std::fmt::Display for Lsn {
    /// `%X/%X` as `pg_lsn` prints it in PostgreSQL 13–17.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xFFFF_FFFF)
    }
}

impl Serialize for Lsn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Lsn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Lsn::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid LSN {text:?}: expected the form \"16/B374D848\""
            ))
        })
    }
}

/// Formats a byte count exactly as `pg_size_pretty(bigint)` does in PostgreSQL 15+
/// (dbsize.c `size_pretty_units`: bytes below 10240, then kB/MB/GB/TB/PB with half
/// rounding below 20 × 1024 of the unit).
pub fn pg_size_pretty(bytes: i128) -> String {
    // (name, limit, round, unitbits) as in size_pretty_units.
    const UNITS: [(&str, i128, bool, u32); 6] = [
        ("bytes", 10 * 1024, false, 0),
        ("kB", 20 * 1024 - 1, true, 10),
        ("MB", 20 * 1024 - 1, true, 20),
        ("GB", 20 * 1024 - 1, true, 30),
        ("TB", 20 * 1024 - 1, true, 40),
        ("PB", 20 * 1024 - 1, true, 50),
    ];
    let half_rounded = |x: i128| (x + if x < 0 { -1 } else { 1 }) / 2;
    let mut size = bytes;
    for (i, &(name, limit, round, unitbits)) in UNITS.iter().enumerate() {
        let next = UNITS.get(i + 1);
        if next.is_none() || size.abs() < limit {
            let shown = if round { half_rounded(size) } else { size };
            return format!("{shown} {name}");
        }
        if let Some(&(_, _, next_round, next_bits)) = next {
            let bits = next_bits - unitbits - u32::from(next_round) + u32::from(round);
            size /= 1i128 << bits;
        }
    }
    format!("{size} bytes")
}

/// A short, human duration for logs and ETAs: `2 d 3 h`, `1 h 25 min`, `45 s`, `250 ms`.
pub fn format_duration_ms(ms: u64) -> String {
    if ms < SECOND_MS {
        return format!("{ms} ms");
    }
    let days = ms / DAY_MS;
    let hours = (ms % DAY_MS) / HOUR_MS;
    let minutes = (ms % HOUR_MS) / MINUTE_MS;
    let seconds = (ms % MINUTE_MS) / SECOND_MS;
    if days > 0 {
        format!("{days} d {hours} h")
    } else if hours > 0 {
        format!("{hours} h {minutes} min")
    } else if minutes > 0 {
        format!("{minutes} min {seconds} s")
    } else {
        format!("{seconds} s")
    }
}

/// A simulated instant as `d+HH:MM:SS.mmm` from the scenario start (day 0 is a Monday).
pub fn format_instant_ms(t_ms: u64) -> String {
    let days = t_ms / DAY_MS;
    let h = (t_ms % DAY_MS) / HOUR_MS;
    let m = (t_ms % HOUR_MS) / MINUTE_MS;
    let s = (t_ms % MINUTE_MS) / SECOND_MS;
    let ms = t_ms % SECOND_MS;
    format!("{days}+{h:02}:{m:02}:{s:02}.{ms:03}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lsn_prints_like_pg_lsn() {
        // 0x16_B374D848: high half 0x16, low half 0xB374D848.
        assert_eq!(Lsn(0x16_B374_D848).to_string(), "16/B374D848");
        assert_eq!(Lsn(0x0100_0028).to_string(), "0/1000028");
        assert_eq!(Lsn::parse("16/B374D848"), Some(Lsn(0x16_B374_D848)));
        assert_eq!(Lsn::parse("0/0"), Some(Lsn(0)));
        assert_eq!(Lsn::parse("nonsense"), None);
        assert_eq!(Lsn::parse("1/"), None);
        assert_eq!(Lsn::parse("123456789/0"), None);
    }

    #[test]
    fn size_pretty_matches_postgres() {
        // pg_size_pretty(10239) = '10239 bytes'; 10240 -> '10 kB'; 1 GiB -> '1024 MB'
        // (1073741824 / 1024 = 1048576 kB >= 10240 -> 1024 MB < 10240 stays MB).
        assert_eq!(pg_size_pretty(10_239), "10239 bytes");
        assert_eq!(pg_size_pretty(10_240), "10 kB");
        assert_eq!(pg_size_pretty(GB as i128), "1024 MB");
        assert_eq!(pg_size_pretty(10 * GB as i128), "10 GB");
        assert_eq!(pg_size_pretty(-(16 * MB as i128)), "-16 MB");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration_ms(250), "250 ms");
        assert_eq!(format_duration_ms(85 * MINUTE_MS), "1 h 25 min");
        assert_eq!(format_duration_ms(2 * DAY_MS + 3 * HOUR_MS), "2 d 3 h");
        assert_eq!(
            format_instant_ms(DAY_MS + 90 * MINUTE_MS + 5),
            "1+01:30:00.005"
        );
    }
}
