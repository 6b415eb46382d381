//! A [`Script`]: keyframes of a [`BodyPose`] over time, linearly interpolated, built by
//! chaining moves (`to`), holds and fidgets from a starting position.

use super::figure::BodyPose;

/// A keyframe: the body at a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Key {
    pub secs: f32,
    pub body: BodyPose,
}

/// Keyframes, linearly interpolated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script {
    pub keys: Vec<Key>,
}

impl Script {
    pub fn new(start: BodyPose) -> Self {
        Self {
            keys: vec![Key {
                secs: 0.0,
                body: start,
            }],
        }
    }

    pub fn duration_secs(&self) -> f32 {
        self.keys.last().map_or(0.0, |k| k.secs)
    }

    fn last(&self) -> BodyPose {
        self.keys.last().map_or_else(BodyPose::supine, |k| k.body)
    }

    /// Moves to `body` over `secs`.
    pub fn to(mut self, body: BodyPose, secs: f32) -> Self {
        let t = self.duration_secs() + secs.max(0.0);
        self.keys.push(Key { secs: t, body });
        self
    }

    /// Stays still for `secs`.
    pub fn hold(self, secs: f32) -> Self {
        let b = self.last();
        self.to(b, secs)
    }

    /// Adds a small oscillation around the current body (fidgeting) for `secs`.
    pub fn fidget(mut self, secs: f32, amp_deg: f32, period_secs: f32) -> Self {
        let base = self.last();
        let n = (secs / (period_secs * 0.5)).ceil().max(1.0) as usize;
        for k in 0..n {
            let mut b = base;
            let s = if k % 2 == 0 { amp_deg } else { -amp_deg };
            b.shoulder_deg = [base.shoulder_deg[0] + s, base.shoulder_deg[1] + s];
            b.knee_deg = [base.knee_deg[0] - s * 0.5, base.knee_deg[1] - s * 0.5];
            b.neck_deg = base.neck_deg + s * 0.5;
            self = self.to(b, period_secs * 0.5);
        }
        self.to(base, period_secs * 0.5)
    }

    /// Rocks the legs and head (not the arms) around the current body for `secs`.
    pub fn fidget_body(mut self, secs: f32, amp_deg: f32, period_secs: f32) -> Self {
        let base = self.last();
        let n = (secs / (period_secs * 0.5)).ceil().max(1.0) as usize;
        for k in 0..n {
            let mut b = base;
            let s = if k % 2 == 0 { amp_deg } else { -amp_deg };
            b.hip_deg = [base.hip_deg[0] + s, base.hip_deg[1] + s];
            b.knee_deg = [base.knee_deg[0] - s, base.knee_deg[1] - s];
            b.neck_deg = base.neck_deg + s * 0.5;
            self = self.to(b, period_secs * 0.5);
        }
        self.to(base, period_secs * 0.5)
    }

    /// The same performance at another tempo: every move (a keyframe interval in which the
    /// body changes) takes `factor` times as long, every hold (the body unchanged) as long as
    /// before — a slower (`factor` > 1) or faster person doing the same dose.
    pub fn tempo(&self, factor: f32) -> Self {
        let mut keys = Vec::with_capacity(self.keys.len());
        let mut t = 0.0;
        for (i, k) in self.keys.iter().enumerate() {
            if let Some(prev) = i.checked_sub(1).map(|j| self.keys[j]) {
                let span = k.secs - prev.secs;
                t += if k.body == prev.body {
                    span
                } else {
                    span * factor
                };
            } else {
                t = k.secs;
            }
            keys.push(Key {
                secs: t,
                body: k.body,
            });
        }
        Self { keys }
    }

    /// The body at time `secs`.
    pub fn at(&self, secs: f32) -> BodyPose {
        let Some(first) = self.keys.first() else {
            return BodyPose::supine();
        };
        if secs <= first.secs {
            return first.body;
        }
        for w in self.keys.windows(2) {
            if let [a, b] = w {
                if secs <= b.secs {
                    let span = (b.secs - a.secs).max(1e-6);
                    return a.body.lerp(&b.body, (secs - a.secs) / span);
                }
            }
        }
        self.last()
    }
}
