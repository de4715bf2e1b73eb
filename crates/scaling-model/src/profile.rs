//! The input profile: source events/s as a function of time, and its exact average over a
//! simulation step (the lag simulation treats each step as a constant rate equal to that
//! average, so bursts shorter than a step are not lost).

use crate::config::Profile;

const DAY_S: f64 = 86_400.0;

impl Profile {
    /// Events/s at time `t_s`.
    pub fn rate_at(&self, t_s: f64) -> f64 {
        match *self {
            Profile::Steady { rate_events_per_s } => rate_events_per_s,
            Profile::Daily {
                base_events_per_s,
                peak_events_per_s,
                peak_hour,
            } => {
                let w = std::f64::consts::TAU / DAY_S;
                let phase = w * (t_s - peak_hour * 3600.0);
                base_events_per_s
                    + (peak_events_per_s - base_events_per_s) * 0.5 * (1.0 + phase.cos())
            }
            Profile::Burst {
                base_events_per_s,
                burst_events_per_s,
                start_s,
                duration_s,
            } => {
                let start = start_s as f64;
                if t_s >= start && t_s < start + duration_s as f64 {
                    burst_events_per_s
                } else {
                    base_events_per_s
                }
            }
        }
    }

    /// Exact mean rate over `[t0, t1)` (t1 > t0).
    pub fn mean_rate(&self, t0: f64, t1: f64) -> f64 {
        let dt = t1 - t0;
        if dt <= 0.0 {
            return self.rate_at(t0);
        }
        match *self {
            Profile::Steady { rate_events_per_s } => rate_events_per_s,
            Profile::Daily {
                base_events_per_s,
                peak_events_per_s,
                peak_hour,
            } => {
                let w = std::f64::consts::TAU / DAY_S;
                let p = peak_hour * 3600.0;
                // ∫ (1 + cos(w(t − p)))/2 dt = dt/2 + (sin(w(t1 − p)) − sin(w(t0 − p)))/(2w)
                let integral = 0.5 * dt + ((w * (t1 - p)).sin() - (w * (t0 - p)).sin()) / (2.0 * w);
                let frac = crate::capacity::clamp(integral / dt, 0.0, 1.0);
                base_events_per_s + (peak_events_per_s - base_events_per_s) * frac
            }
            Profile::Burst {
                base_events_per_s,
                burst_events_per_s,
                start_s,
                duration_s,
            } => {
                let b0 = start_s as f64;
                let b1 = b0 + duration_s as f64;
                let overlap = (t1.min(b1) - t0.max(b0)).max(0.0);
                base_events_per_s + (burst_events_per_s - base_events_per_s) * overlap / dt
            }
        }
    }

    /// Events produced in `[0, t_s]` (closed form; the lag simulation differences it).
    pub fn cumulative(&self, t_s: f64) -> f64 {
        match *self {
            Profile::Steady { rate_events_per_s } => rate_events_per_s * t_s,
            Profile::Daily {
                base_events_per_s,
                peak_events_per_s,
                peak_hour,
            } => {
                let w = std::f64::consts::TAU / DAY_S;
                let p = peak_hour * 3600.0;
                let integral = 0.5 * t_s + ((w * (t_s - p)).sin() - (w * -p).sin()) / (2.0 * w);
                base_events_per_s * t_s
                    + (peak_events_per_s - base_events_per_s) * integral.max(0.0)
            }
            Profile::Burst {
                base_events_per_s,
                burst_events_per_s,
                start_s,
                duration_s,
            } => {
                let b0 = start_s as f64;
                let b1 = b0 + duration_s as f64;
                let overlap = (t_s.min(b1) - b0).max(0.0);
                base_events_per_s * t_s + (burst_events_per_s - base_events_per_s) * overlap
            }
        }
    }

    /// The highest rate of the profile.
    pub fn peak_rate(&self) -> f64 {
        match *self {
            Profile::Steady { rate_events_per_s } => rate_events_per_s,
            Profile::Daily {
                peak_events_per_s, ..
            } => peak_events_per_s,
            Profile::Burst {
                burst_events_per_s, ..
            } => burst_events_per_s,
        }
    }

    /// The same profile with every rate multiplied by `factor` (used by the property tests and
    /// by "what if" questions).
    pub fn scaled(&self, factor: f64) -> Profile {
        match *self {
            Profile::Steady { rate_events_per_s } => Profile::Steady {
                rate_events_per_s: rate_events_per_s * factor,
            },
            Profile::Daily {
                base_events_per_s,
                peak_events_per_s,
                peak_hour,
            } => Profile::Daily {
                base_events_per_s: base_events_per_s * factor,
                peak_events_per_s: peak_events_per_s * factor,
                peak_hour,
            },
            Profile::Burst {
                base_events_per_s,
                burst_events_per_s,
                start_s,
                duration_s,
            } => Profile::Burst {
                base_events_per_s: base_events_per_s * factor,
                burst_events_per_s: burst_events_per_s * factor,
                start_s,
                duration_s,
            },
        }
    }

    /// The kind name.
    pub fn kind(&self) -> &'static str {
        match self {
            Profile::Steady { .. } => "steady",
            Profile::Daily { .. } => "daily",
            Profile::Burst { .. } => "burst",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_mean_over_a_day_is_the_midpoint() {
        let p = Profile::Daily {
            base_events_per_s: 1000.0,
            peak_events_per_s: 3000.0,
            peak_hour: 14.0,
        };
        // (1 + cos)/2 averages to 1/2 over a full period: 1000 + 2000/2 = 2000.
        assert!((p.mean_rate(0.0, DAY_S) - 2000.0).abs() < 1e-6);
        assert!((p.rate_at(14.0 * 3600.0) - 3000.0).abs() < 1e-9);
        assert!((p.rate_at(2.0 * 3600.0) - 1000.0).abs() < 1e-9);
    }

    #[test]
    fn burst_mean_counts_partial_overlap() {
        let p = Profile::Burst {
            base_events_per_s: 100.0,
            burst_events_per_s: 1100.0,
            start_s: 30,
            duration_s: 60,
        };
        // Step [0, 60): 30 s of burst → 100 + 1000·30/60 = 600.
        assert!((p.mean_rate(0.0, 60.0) - 600.0).abs() < 1e-9);
    }
}
