//! Slider positions ↔ parameter values, for range inputs: linear for small ranges,
//! logarithmic for ranges spanning more than three decades (write rates go from 0 to
//! 64 MiB/s, and 64 KiB/s must still be reachable by dragging). Pure arithmetic, so the view
//! only renders positions and the mapping is tested natively.

/// Slider positions ↔ parameter values: linear for small ranges, logarithmic for ranges
/// spanning more than three decades (rates from 0 to 64 MB/s must be draggable at 64 KB/s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SliderScale {
    min: i64,
    max: i64,
    step: i64,
    log: bool,
}

/// Number of positions of a logarithmic slider.
const LOG_POSITIONS: u32 = 1000;

impl SliderScale {
    /// The scale for a parameter's range.
    pub fn new(min: i64, max: i64, step: i64) -> Self {
        // An empty range (max < min) is the single value min: `value` clamps into min..=max.
        let max = max.max(min);
        let step = step.max(1);
        let low = min.max(step);
        let log = min >= -1 && max / low.max(1) > 1000;
        Self {
            min,
            max,
            step,
            log,
        }
    }

    /// Number of slider positions (the input's `max`).
    pub fn positions(&self) -> u32 {
        if self.log {
            LOG_POSITIONS
        } else {
            u32::try_from(self.max.saturating_sub(self.min) / self.step).unwrap_or(LOG_POSITIONS)
        }
    }

    fn log_low(&self) -> f64 {
        self.min.max(self.step) as f64
    }

    /// The value at a slider position (snapped to the step, within the range).
    pub fn value(&self, position: u32) -> i64 {
        let position = position.min(self.positions());
        let raw = if self.log {
            if position == 0 {
                return self.min;
            }
            let low = self.log_low().ln();
            let high = (self.max as f64).ln();
            let f = f64::from(position) / f64::from(LOG_POSITIONS);
            (low + (high - low) * f).exp().round() as i64
        } else {
            self.min
                .saturating_add(i64::from(position).saturating_mul(self.step))
        };
        let snapped = self
            .min
            .saturating_add((raw.saturating_sub(self.min) / self.step).saturating_mul(self.step));
        snapped.clamp(self.min, self.max)
    }

    /// The value a move of the slider from `current` to `position` gives: [`value`](Self::value),
    /// except that a move landing on `current` again goes one step further in its direction.
    /// In the low part of a logarithmic slider one position is less than one step (1 000
    /// positions for 60 s…3 600 s in 1 s steps: position 501 is 60.49 s, snapped back to
    /// 60 s), so without this an arrow key press there changes nothing and the slider is stuck
    /// for a keyboard user (tests/browser/keyboard.test.mjs found it).
    pub fn value_from(&self, current: i64, position: u32) -> i64 {
        let next = self.value(position);
        let here = self.position(current);
        if next != current || position == here {
            next
        } else if position > here {
            current.saturating_add(self.step).min(self.max)
        } else {
            current.saturating_sub(self.step).max(self.min)
        }
    }

    /// The slider position nearest a value.
    pub fn position(&self, value: i64) -> u32 {
        let value = value.clamp(self.min, self.max);
        if self.log {
            if value < self.step.max(1) {
                return 0;
            }
            let low = self.log_low().ln();
            let high = (self.max as f64).ln();
            let f = ((value as f64).ln() - low) / (high - low);
            (f * f64::from(LOG_POSITIONS))
                .round()
                .clamp(1.0, f64::from(LOG_POSITIONS)) as u32
        } else {
            // A range of more than u32::MAX steps has `positions()` = 1000: stay on the slider.
            u32::try_from(value.saturating_sub(self.min) / self.step)
                .unwrap_or(u32::MAX)
                .min(self.positions())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_ranges_map_one_step_per_position() {
        // duration: 1..=720 h in steps of 1 (less than three decades): 719 positions.
        let s = SliderScale::new(1, 720, 1);
        assert_eq!(s.positions(), 719);
        assert_eq!(s.value(0), 1);
        assert_eq!(s.value(1), 2);
        assert_eq!(s.position(24), 23); // (24 - 1) / 1
        assert_eq!(s.value(s.positions()), 720);
        // 60..=3600 s in steps of 60: (3600 - 60) / 60 = 59 positions.
        let s = SliderScale::new(60, 3600, 60);
        assert_eq!(s.positions(), 59);
        assert_eq!(s.value(9), 600);
    }

    #[test]
    fn wide_ranges_are_logarithmic_and_keep_zero() {
        // 0..=64 MiB/s in 1 KiB steps: a linear slider would have 65 536 positions and
        // 64 KiB/s at 0.1 % of its width.
        let max = 64 * 1024 * 1024;
        let s = SliderScale::new(0, max, 1024);
        assert_eq!(s.positions(), LOG_POSITIONS);
        assert_eq!(s.value(0), 0);
        assert_eq!(s.value(LOG_POSITIONS), max);
        // 64 KiB/s: ln(64) / ln(65536) of the way from 1 KiB to 64 MiB = 6/16 → position 375.
        assert_eq!(s.position(64 * 1024), 375);
        assert_eq!(s.value(375), 64 * 1024);
        // Every value is on the step grid.
        for p in 0..=LOG_POSITIONS {
            assert_eq!(s.value(p) % 1024, 0, "position {p}");
        }
    }

    /// Presses an arrow key: the position one past the value's own, through `value_from`.
    fn press(s: &SliderScale, value: i64, up: bool) -> i64 {
        let here = s.position(value);
        let position = if up {
            (here + 1).min(s.positions())
        } else {
            here.saturating_sub(1)
        };
        s.value_from(value, position)
    }

    #[test]
    fn an_arrow_key_always_moves_a_log_slider() {
        // offset.flush.interval.ms: 1 000..=3 600 000 ms in 1 000 ms steps (3.6 decades: log).
        let s = SliderScale::new(1_000, 3_600_000, 1_000);
        // Position 500 is 1 000 × 3 600^0.5 = 60 000 ms; position 501 is 60 000 × 3 600^0.001
        // = 60 493 ms, snapped down to the step: 60 000 again — the stuck key.
        assert_eq!(s.value(500), 60_000);
        assert_eq!(s.value(501), 60_000);
        assert_eq!(s.value_from(60_000, 501), 61_000);
        assert_eq!(s.value_from(60_000, 499), 59_000);
        // Where a position is more than a step, value_from is value.
        assert_eq!(s.value_from(60_000, 900), s.value(900));
        assert_eq!(s.value_from(60_000, 500), 60_000);
    }

    #[test]
    fn arrow_keys_walk_every_shipped_slider_end_to_end() {
        use crate::params::{Kind, WAL_PARAMS};
        use crate::scaling::SCALING_PARAMS;
        for spec in WAL_PARAMS.iter().chain(SCALING_PARAMS.iter()) {
            let Kind::Number { min, max, step } = spec.kind else {
                continue;
            };
            let s = SliderScale::new(min, max, step);
            // Up from the minimum: every press moves up, and the maximum is reached.
            let mut v = min;
            let mut presses = 0;
            while v < max {
                let next = press(&s, v, true);
                assert!(next > v, "{}: ArrowRight at {v} stays at {next}", spec.key);
                v = next;
                presses += 1;
                assert!(presses <= 100_000, "{}: no end", spec.key);
            }
            // And down again to the minimum.
            while v > min {
                let next = press(&s, v, false);
                assert!(next < v, "{}: ArrowLeft at {v} stays at {next}", spec.key);
                v = next;
            }
        }
    }

    #[test]
    fn positions_round_trip_and_out_of_range_is_clamped() {
        let s = SliderScale::new(-1, 1_048_576, 1);
        for p in [0, 1, 10, 500, 999, 1000] {
            let v = s.value(p);
            assert_eq!(s.value(s.position(v)), v, "position {p} value {v}");
        }
        assert_eq!(s.value(u32::MAX), 1_048_576);
        assert_eq!(s.position(i64::MIN), 0);
        assert_eq!(s.position(i64::MAX), s.positions());
    }
}
