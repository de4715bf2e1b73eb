//! WAL as a function of time: the cluster-wide insert position `LSN(t)` and, per database,
//! when the streams a slot could receive were active.
//!
//! Rates are piecewise constant, so `LSN(t)` is piecewise linear with jumps for discrete
//! writes. It is computed exactly in integers: the curve accumulates milli-bytes
//! (bytes/s × ms) in `u128` and an LSN is `start + floor(milli-bytes / 1000)`.
//! Simplification (stated in the crate docs): WAL is a fluid — a stream with a positive rate
//! has a record at every instant — and records the engines add themselves (heartbeat
//! messages, running-xacts and checkpoint records) take no WAL space.

use crate::scenario::{Scenario, TableClass};

/// One linear piece of the curve: from `from_ms`, LSN milli-bytes start at `acc_millibytes`
/// and grow by `rate` milli-bytes per ms (= bytes per second).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    from_ms: u64,
    acc_millibytes: u128,
    rate: u64,
    /// `start + acc_millibytes / 1000` and the remainder: LSNs inside the piece need only
    /// 64-bit arithmetic.
    lsn0: u64,
    rem0: u64,
}

/// The cluster's WAL insert position over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalCurve {
    start_lsn: u64,
    pieces: Vec<Piece>,
    /// For each piece, the index of the first piece at or after it with rate 0
    /// (`pieces.len()` if none): makes `growth_run_end` O(1).
    next_zero: Vec<usize>,
    /// The piece found last: engines ask about nearby instants again and again, so a look-up
    /// checks it before searching (a cache only; results never depend on it).
    hint: std::cell::Cell<usize>,
}

impl WalCurve {
    /// Builds the curve from every workload stream and every discrete write.
    pub fn new(s: &Scenario) -> WalCurve {
        // (time, rate delta, jump bytes)
        let mut deltas: Vec<(u64, i128, u128)> = Vec::new();
        for w in &s.workload {
            for p in &w.pieces {
                deltas.push((p.from_ms, p.bytes_per_s as i128, 0));
                deltas.push((p.to_ms, -(p.bytes_per_s as i128), 0));
            }
        }
        for e in &s.events {
            if let crate::scenario::EventKind::Write { bytes, .. } = e.kind {
                deltas.push((e.at_ms, 0, bytes as u128 * 1000));
            }
        }
        // Stable: equal instants keep push order (see `index_sort` for why not `sort_by_key`).
        index_sort::sort_by_key(&mut deltas, |d| d.0);
        let mut pieces = vec![Piece {
            from_ms: 0,
            acc_millibytes: 0,
            rate: 0,
            lsn0: 0,
            rem0: 0,
        }];
        let mut rate: i128 = 0;
        let mut acc: u128 = 0;
        let mut t_prev = 0u64;
        for (t, d_rate, jump) in deltas {
            acc += rate.max(0) as u128 * (t - t_prev) as u128;
            t_prev = t;
            rate += d_rate;
            acc += jump;
            let piece = Piece {
                from_ms: t,
                acc_millibytes: acc,
                rate: rate.max(0) as u64,
                lsn0: 0,
                rem0: 0,
            };
            match pieces.last_mut() {
                Some(last) if last.from_ms == t => *last = piece,
                _ => pieces.push(piece),
            }
        }
        for p in pieces.iter_mut() {
            p.lsn0 = s
                .start_lsn
                .saturating_add(u64::try_from(p.acc_millibytes / 1000).unwrap_or(u64::MAX));
            p.rem0 = (p.acc_millibytes % 1000) as u64;
        }
        let mut next_zero = vec![pieces.len(); pieces.len()];
        let mut nz = pieces.len();
        for (i, p) in pieces.iter().enumerate().rev() {
            if p.rate == 0 {
                nz = i;
            }
            if let Some(slot) = next_zero.get_mut(i) {
                *slot = nz;
            }
        }
        WalCurve {
            start_lsn: s.start_lsn,
            pieces,
            next_zero,
            hint: std::cell::Cell::new(0),
        }
    }

    fn piece_at(&self, t_ms: u64) -> Piece {
        let h = self.hint.get();
        if let Some(p) = self.pieces.get(h) {
            if p.from_ms <= t_ms && self.pieces.get(h + 1).is_none_or(|n| t_ms < n.from_ms) {
                return *p;
            }
        }
        let i = self.pieces.partition_point(|p| p.from_ms <= t_ms);
        self.hint.set(i.saturating_sub(1));
        self.pieces
            .get(i.saturating_sub(1))
            .copied()
            .unwrap_or(Piece {
                from_ms: 0,
                acc_millibytes: 0,
                rate: 0,
                lsn0: self.start_lsn,
                rem0: 0,
            })
    }

    fn millibytes_at(&self, t_ms: u64) -> u128 {
        let p = self.piece_at(t_ms);
        p.acc_millibytes + p.rate as u128 * (t_ms - p.from_ms) as u128
    }

    /// The insert LSN at time `t_ms` (writes at exactly `t_ms` included).
    pub fn lsn_at(&self, t_ms: u64) -> u64 {
        // The hinted piece first, by reference (the engines ask about the same stretch of the
        // curve again and again; copying a piece or checking a memo costs more than this).
        let h = self.hint.get();
        if let Some(p) = self.pieces.get(h) {
            if p.from_ms <= t_ms && self.pieces.get(h + 1).is_none_or(|n| t_ms < n.from_ms) {
                return Self::lsn_in(p, t_ms).unwrap_or_else(|| self.lsn_wide(t_ms));
            }
        }
        let p = self.piece_at(t_ms);
        Self::lsn_in(&p, t_ms).unwrap_or_else(|| self.lsn_wide(t_ms))
    }

    /// The LSN at `t_ms` inside piece `p` in 64-bit arithmetic, if it does not overflow.
    #[inline(always)]
    fn lsn_in(p: &Piece, t_ms: u64) -> Option<u64> {
        crate::arith::checked_mul(p.rate, t_ms - p.from_ms)
            .and_then(|x| x.checked_add(p.rem0))
            .map(|mb| p.lsn0 + mb / 1000)
    }

    /// The LSN at `t_ms` in 128-bit arithmetic (huge rates × long pieces).
    #[cold]
    fn lsn_wide(&self, t_ms: u64) -> u64 {
        self.start_lsn
            .saturating_add(u64::try_from(self.millibytes_at(t_ms) / 1000).unwrap_or(u64::MAX))
    }

    /// Write rate at `t_ms` in bytes per second.
    pub fn rate_at(&self, t_ms: u64) -> u64 {
        self.piece_at(t_ms).rate
    }

    /// The first time `>= from_ms` at which the LSN is at least `lsn`, if ever (binary search
    /// over the pieces: O(log n)).
    pub fn time_of_lsn(&self, lsn: u64, from_ms: u64) -> Option<u64> {
        if self.lsn_at(from_ms) >= lsn {
            return Some(from_ms);
        }
        let need = (lsn - self.start_lsn) as u128 * 1000;
        // First piece whose start already holds enough WAL; the crossing is in the piece
        // before it, or at its start (a jump).
        let j = self.pieces.partition_point(|p| p.acc_millibytes < need);
        let before = j.checked_sub(1).and_then(|i| self.pieces.get(i));
        let next_start = self.pieces.get(j).map(|p| p.from_ms);
        if let Some(p) = before {
            if p.rate > 0 {
                // In 64 bits when the missing milli-bytes fit (always, but for huge rates ×
                // long pieces): wasm32 has no 128-bit division, and this runs per threshold.
                let missing = need - p.acc_millibytes;
                let wait_ms = match u64::try_from(missing) {
                    Ok(m) => u128::from(crate::arith::div_ceil(m, p.rate)),
                    Err(_) => missing.div_ceil(p.rate as u128),
                };
                let t = p.from_ms as u128 + wait_ms;
                let t = u64::try_from(t).ok()?;
                return Some(
                    match next_start {
                        Some(ns) if t >= ns => ns,
                        _ => t,
                    }
                    .max(from_ms),
                );
            }
        }
        next_start.map(|ns| ns.max(from_ms))
    }

    /// The first time `> after_ms` at which WAL is written (the LSN exceeds its value at
    /// `after_ms`), if ever.
    pub fn first_growth_after(&self, after_ms: u64) -> Option<u64> {
        if self.piece_at(after_ms).rate > 0 {
            return Some(after_ms + 1);
        }
        let i = self.pieces.partition_point(|p| p.from_ms <= after_ms);
        let base = self.millibytes_at(after_ms);
        self.pieces
            .iter()
            .skip(i)
            .find(|p| p.rate > 0 || p.acc_millibytes > base)
            .map(|p| p.from_ms)
    }

    /// The end of the run of continuous writing that contains `t_ms` (the first time
    /// `>= t_ms` with rate 0), or `None` if writing never stops.
    pub fn growth_run_end(&self, t_ms: u64) -> Option<u64> {
        let i = self
            .pieces
            .partition_point(|p| p.from_ms <= t_ms)
            .saturating_sub(1);
        if self.piece_at(t_ms).rate == 0 {
            return Some(t_ms);
        }
        let z = self.next_zero.get(i).copied()?;
        self.pieces.get(z).map(|p| p.from_ms)
    }
}

/// When a set of streams was active: runs of positive rate `[from, to)` and instants of
/// discrete writes, both sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    runs: Vec<(u64, u64)>,
    points: Vec<u64>,
    /// The last answer of "how many runs start at or before t" (a cache: consecutive
    /// look-ups are about nearby instants).
    run_hint: std::cell::Cell<usize>,
}

impl Activity {
    /// Activity of the streams in `database` whose class is accepted by `class_filter`.
    pub fn of(
        s: &Scenario,
        database: usize,
        class_filter: impl Fn(TableClass) -> bool,
    ) -> Activity {
        let mut runs: Vec<(u64, u64)> = Vec::new();
        for w in s
            .workload
            .iter()
            .filter(|w| w.database == Some(database) && class_filter(w.tables))
        {
            runs.extend(w.pieces.iter().map(|p| (p.from_ms, p.to_ms)));
        }
        index_sort::sort(&mut runs);
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(runs.len());
        for (a, b) in runs {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let mut points: Vec<u64> = s
            .events
            .iter()
            .filter_map(|e| match e.kind {
                crate::scenario::EventKind::Write {
                    database: Some(d),
                    tables,
                    ..
                } if d == database && class_filter(tables) => Some(e.at_ms),
                _ => None,
            })
            .collect();
        index_sort::sort(&mut points);
        points.dedup();
        Activity {
            runs: merged,
            points,
            run_hint: std::cell::Cell::new(0),
        }
    }

    /// The latest active instant in `(lo, hi]`, if any. A run `[a, b)` is active up to (the
    /// limit at) `b`.
    pub fn latest_in(&self, lo: Option<u64>, hi: u64) -> Option<u64> {
        let i = self.runs_starting_by(hi);
        let from_runs = i
            .checked_sub(1)
            .and_then(|i| self.runs.get(i))
            .map(|r| r.1.min(hi));
        let j = self.points.partition_point(|&p| p <= hi);
        let from_points = j.checked_sub(1).and_then(|j| self.points.get(j)).copied();
        let best = from_runs.max(from_points)?;
        match lo {
            Some(lo) if best <= lo => None,
            _ => Some(best),
        }
    }

    /// How many runs start at or before `t` (`partition_point`, checked against the hint).
    fn runs_starting_by(&self, t: u64) -> usize {
        let h = self.run_hint.get();
        let starts_by = |k: usize| k == 0 || self.runs.get(k - 1).is_some_and(|r| r.0 <= t);
        let after = |k: usize| self.runs.get(k).is_none_or(|r| r.0 > t);
        if h <= self.runs.len() && starts_by(h) && after(h) {
            return h;
        }
        let i = self.runs.partition_point(|r| r.0 <= t);
        self.run_hint.set(i);
        i
    }

    /// The latest active instant in `(lo, hi)` (strictly before `hi`), if any. For runs the
    /// activity just before `hi` counts as `hi - 1`.
    pub fn latest_before(&self, lo: Option<u64>, hi: u64) -> Option<u64> {
        if hi == 0 {
            return None;
        }
        self.latest_in(lo, hi - 1)
    }

    /// The first active instant `>= from`, if any.
    pub fn first_at_or_after(&self, from: u64) -> Option<u64> {
        // A run [a, b) is active up to (the limit at) b, as in `latest_in`.
        let i = self.runs.partition_point(|r| r.1 < from);
        let from_runs = self.runs.get(i).map(|r| r.0.max(from));
        let j = self.points.partition_point(|&p| p < from);
        let from_points = self.points.get(j).copied();
        match (from_runs, from_points) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// True if nothing is ever active.
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty() && self.points.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::from_json;

    fn scenario(workload: &str, events: &str) -> Scenario {
        let text = format!(
            r#"{{"name":"t","duration_ms":3600000,"workload":[{workload}],"events":[{events}],
                "slots":[{{"name":"s","database":"app"}}]}}"#
        );
        match from_json(&text) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn lsn_grows_at_the_rate_and_jumps_at_writes() {
        // 1 MiB/s from 0 to 600 s, then idle; a 5 MiB write at 1000 s.
        let s = scenario(
            r#"{"database":"app","pattern":{"kind":"bursts","bursts":[{"from_ms":0,"to_ms":600000,"bytes_per_s":1048576}]}}"#,
            r#"{"kind":"write","at_ms":1000000,"database":"app","bytes":5242880}"#,
        );
        let c = WalCurve::new(&s);
        let start = s.start_lsn;
        // 1.5 s at 1 MiB/s = 1.5 MiB = 1572864 bytes.
        assert_eq!(c.lsn_at(1500), start + 1_572_864);
        // After the burst: 600 MiB.
        assert_eq!(c.lsn_at(700_000), start + 600 * 1_048_576);
        assert_eq!(c.lsn_at(1_000_000), start + 605 * 1_048_576);
        assert_eq!(c.lsn_at(999_999), start + 600 * 1_048_576);
        // Inverse: 1 MiB past start is reached at exactly 1000 ms.
        assert_eq!(c.time_of_lsn(start + 1_048_576, 0), Some(1000));
        // 601 MiB only with the write at 1000 s.
        assert_eq!(c.time_of_lsn(start + 601 * 1_048_576, 0), Some(1_000_000));
        assert_eq!(c.time_of_lsn(start + 700 * 1_048_576, 0), None);
        assert_eq!(c.first_growth_after(650_000), Some(1_000_000));
        assert_eq!(c.first_growth_after(10), Some(11));
        assert_eq!(c.growth_run_end(10), Some(600_000));
    }

    #[test]
    fn activity_answers_latest_and_first() {
        let s = scenario(
            r#"{"database":"app","pattern":{"kind":"bursts","bursts":[{"from_ms":1000,"to_ms":2000,"bytes_per_s":10},{"from_ms":5000,"to_ms":6000,"bytes_per_s":10}]}}"#,
            r#"{"kind":"write","at_ms":3000,"database":"app","bytes":1}"#,
        );
        let a = Activity::of(&s, 0, |_| true);
        assert_eq!(a.latest_in(None, 1500), Some(1500));
        assert_eq!(a.latest_in(None, 2500), Some(2000));
        assert_eq!(a.latest_in(None, 4000), Some(3000));
        assert_eq!(a.latest_in(Some(3000), 4000), None);
        assert_eq!(a.latest_in(None, 500), None);
        assert_eq!(a.first_at_or_after(0), Some(1000));
        assert_eq!(a.first_at_or_after(1500), Some(1500));
        // The end of a run counts as active (the newest change of a run that stops at 2000).
        assert_eq!(a.first_at_or_after(2000), Some(2000));
        assert_eq!(a.first_at_or_after(2001), Some(3000));
        assert_eq!(a.first_at_or_after(3001), Some(5000));
        assert_eq!(a.first_at_or_after(6000), Some(6000));
        assert_eq!(a.first_at_or_after(6001), None);
        assert_eq!(a.latest_before(None, 3000), Some(2000));
    }
}
