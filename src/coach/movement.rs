//! Counting a small movement inside a hold: the pelvic tilts done during the pelvic-tilt
//! minute. The movement is a few degrees (a posterior tilt folds the bent legs 2–3° toward
//! the body, side-on), so it is never judged against a fixed angle: it is a departure
//! from the person's own resting level, which follows slow drift.
//!
//! Why this shape:
//! - the value is a median over a short window, so single noisy frames do nothing;
//! - the resting level is a slow average of the filtered value as it was `REST_DELAY_SECS`
//!   ago, taken only while resting: a tilt builds up over a second or two, and by the time
//!   its first frames would reach the average it is a movement and the average is frozen
//!   (its build-up frames are then dropped). Every resting frame feeds it alike, so it has
//!   no bias toward either side and follows slow drift;
//! - frame-to-frame noise is measured as the spread of the raw values around the median,
//!   and a movement must clear both the content's change and four standard errors of the
//!   median, so a noisy camera counts nothing rather than counting noise;
//! - a movement counts once it has been held `min_secs` and has come back within `back`
//!   of the resting level; one that never comes back in `MAX_MOVE_SECS` is a change of
//!   position, and the resting level starts over there.

use crate::content::Movement;
use std::collections::VecDeque;

/// Window of the median filter.
const MEDIAN_SECS: f64 = 0.5;
/// Time constant of the resting level.
const REST_TAU_SECS: f64 = 3.0;
/// The resting level is first the mean over this long; no movement counts before.
const WARMUP_SECS: f64 = 2.0;
/// A movement must clear this many standard deviations of the resting wobble.
const NOISE_SIGMAS: f32 = 4.0;
/// Longer than this away from the resting level is a new position, not a movement.
const MAX_MOVE_SECS: f64 = 20.0;
/// The resting level follows the value with this delay.
const REST_DELAY_SECS: f64 = 2.0;
/// Time constant of the noise estimate.
const NOISE_TAU_SECS: f64 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Resting,
    /// Away from the resting level since `since`; `above_since` = since when it has stayed
    /// past the threshold (it must stay there `min_secs` to be held).
    Moving {
        since: f64,
        above_since: Option<f64>,
        held: bool,
    },
}

/// What one update found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MovementStep {
    None,
    /// Held long enough: it will count when it comes back.
    Held,
    /// Came back: one more counted.
    Counted,
}

#[derive(Debug, Clone)]
pub(crate) struct MovementCounter {
    window: VecDeque<(f64, f32)>,
    rest: Option<f32>,
    /// Running variance of the raw values around their median (frame noise).
    noise_var: f32,
    watched_since: f64,
    /// Filtered values not yet fed to the resting level (the delay line).
    pending: VecDeque<(f64, f32)>,
    /// Sum and count of the filtered values during the warm-up (their mean starts the
    /// resting level: one frame would be too noisy).
    warmup: (f32, u32),
    last: f64,
    state: State,
    pub count: u32,
}

impl Default for MovementCounter {
    fn default() -> Self {
        Self {
            window: VecDeque::new(),
            rest: None,
            noise_var: 0.0,
            watched_since: 0.0,
            pending: VecDeque::new(),
            warmup: (0.0, 0),
            last: 0.0,
            state: State::Resting,
            count: 0,
        }
    }
}

impl MovementCounter {
    /// Forgets the resting level (the person left the position); keeps the count.
    pub fn rebase(&mut self) {
        let count = self.count;
        *self = Self {
            count,
            ..Self::default()
        };
    }

    /// Whether a movement is under way and already held long enough to count.
    pub fn holding(&self) -> bool {
        matches!(self.state, State::Moving { held: true, .. })
    }

    /// One frame. `value` is the measure now, `None` when it cannot be seen or the person
    /// is not in the position (then nothing moves and the resting level starts over).
    pub fn update(&mut self, m: &Movement, now: f64, value: Option<f32>) -> MovementStep {
        let Some(v) = value.filter(|v| v.is_finite()) else {
            self.rebase();
            return MovementStep::None;
        };
        let dt = if self.window.is_empty() {
            0.0
        } else {
            (now - self.last).clamp(0.0, 0.5)
        };
        self.last = now;
        self.window.push_back((now, v));
        while self
            .window
            .front()
            .is_some_and(|(t, _)| now - *t > MEDIAN_SECS)
        {
            self.window.pop_front();
        }
        let f = median(self.window.iter().map(|(_, v)| *v));
        // The noise is a plain mean over the warm-up, then a running average.
        let a_noise = if self.rest.is_none() {
            1.0 / (self.warmup.1 + 1) as f32
        } else {
            (dt / NOISE_TAU_SECS).min(1.0) as f32
        };
        self.noise_var += a_noise * ((v - f).powi(2) - self.noise_var);
        let Some(rest) = self.rest else {
            if self.warmup.1 == 0 {
                self.watched_since = now;
            }
            self.warmup.0 += f;
            self.warmup.1 += 1;
            if now - self.watched_since >= WARMUP_SECS {
                self.rest = Some(self.warmup.0 / self.warmup.1 as f32);
            }
            return MovementStep::None;
        };
        let dev = (f - rest) * m.sign;
        // Standard error of a median of n samples ≈ 1.25 σ / √n.
        let n = self.window.len().max(1) as f32;
        let noise = 1.25 * self.noise_var.sqrt() / n.sqrt();
        let threshold = m.change.max(NOISE_SIGMAS * noise);
        match self.state {
            State::Resting => {
                if dev >= threshold {
                    // Its build-up frames never reach the resting level.
                    self.pending.clear();
                    self.state = State::Moving {
                        since: now,
                        above_since: Some(now),
                        held: false,
                    };
                    return self.check_held(m, now, true);
                }
                self.pending.push_back((now, f));
                let mut r = rest;
                while let Some(&(t, old)) = self.pending.front() {
                    if now - t < REST_DELAY_SECS {
                        break;
                    }
                    self.pending.pop_front();
                    let a = (dt / REST_TAU_SECS).min(1.0) as f32;
                    r += a * (old - r);
                }
                self.rest = Some(r);
                MovementStep::None
            }
            State::Moving { since, held, .. } => {
                if dev <= m.back {
                    self.state = State::Resting;
                    if held {
                        self.count += 1;
                        return MovementStep::Counted;
                    }
                    return MovementStep::None;
                }
                if now - since > MAX_MOVE_SECS {
                    // A new position: watch it afresh.
                    self.rest = None;
                    self.warmup = (0.0, 0);
                    self.pending.clear();
                    self.state = State::Resting;
                    return MovementStep::None;
                }
                self.check_held(m, now, dev >= threshold)
            }
        }
    }

    fn check_held(&mut self, m: &Movement, now: f64, above: bool) -> MovementStep {
        if let State::Moving {
            since,
            above_since,
            held: false,
        } = self.state
        {
            let above_since = if above {
                Some(above_since.unwrap_or(now))
            } else {
                None
            };
            let held = above_since.is_some_and(|t| now - t >= f64::from(m.min_secs));
            self.state = State::Moving {
                since,
                above_since,
                held,
            };
            if held {
                return MovementStep::Held;
            }
        }
        MovementStep::None
    }
}

fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f32> = values.collect();
    v.sort_by(f32::total_cmp);
    match v.len() {
        0 => f32::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => 0.5 * (v[n / 2 - 1] + v[n / 2]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tilt() -> Movement {
        Movement {
            name: "tilt".into(),
            plural: "tilts".into(),
            measure: 0,
            sign: -1.0,
            change: 1.5,
            back: 0.7,
            min_secs: 0.8,
        }
    }

    /// Runs 30 fps over `value(t)` and returns the times of counted movements.
    fn run(secs: f64, value: impl Fn(f64) -> f32) -> Vec<f64> {
        let m = tilt();
        let mut c = MovementCounter::default();
        let mut out = Vec::new();
        let mut i = 0;
        loop {
            let t = f64::from(i) / 30.0;
            if t > secs {
                break;
            }
            if c.update(&m, t, Some(value(t))) == MovementStep::Counted {
                out.push(t);
            }
            i += 1;
        }
        assert_eq!(c.count as usize, out.len());
        out
    }

    /// Deterministic pseudo-noise in [-1, 1].
    fn noise(t: f64) -> f32 {
        ((t * 7919.0).sin() * 43758.545).rem_euclid(1.0) as f32 * 2.0 - 1.0
    }

    #[test]
    fn counts_each_tilt_held_and_released() {
        // Resting at 53°, tilts (−2.6°) held 2 s at 5 s and 10 s, tiny noise.
        let got = run(16.0, |t| {
            let tilt = (5.0..7.0).contains(&t) || (10.0..12.0).contains(&t);
            53.0 - if tilt { 2.6 } else { 0.0 } + 0.05 * noise(t)
        });
        assert_eq!(got.len(), 2, "{got:?}");
        assert!((7.0..7.8).contains(&got[0]) && (12.0..12.8).contains(&got[1]));
    }

    #[test]
    fn a_flick_shorter_than_min_secs_or_the_wrong_way_is_not_counted() {
        let got = run(12.0, |t| {
            if (4.0..4.4).contains(&t) {
                50.0
            } else if (7.0..9.0).contains(&t) {
                56.0
            } else {
                53.0
            }
        });
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn slow_drift_is_followed_not_counted() {
        // 3° over 15 s: the resting level follows.
        let got = run(20.0, |t| 53.0 - 0.2 * t.min(15.0) as f32);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn noise_as_large_as_the_tilt_counts_nothing() {
        let got = run(60.0, |t| 53.0 + 2.5 * noise(t));
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_new_position_starts_a_new_resting_level() {
        // Moves 4° and stays there: no count, and a later tilt from there counts.
        let got = run(40.0, |t| {
            let base = if t < 5.0 { 53.0 } else { 49.0 };
            let tilt = (32.0..34.0).contains(&t);
            base - if tilt { 2.6 } else { 0.0 }
        });
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0] > 34.0);
    }
}
