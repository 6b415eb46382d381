//! The coach's clock and whether someone is in the picture.
//!
//! Time comes only from the frames' timestamps: a frame older than the previous one (or
//! with no finite time) is ignored, so a replay gives the same events as the live run.
//! Leaving the picture for a moment changes little; after the grace time the attempt's
//! setup and correction are dropped (the caller does that when told [`Absence::Gone`]).

use crate::frame::Timestamp;

/// The time of the last frame accepted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Clock {
    now: f64,
    started: bool,
}

impl Clock {
    /// Accepts a frame's timestamp: its time in seconds, or `None` for a frame to ignore.
    pub fn advance(&mut self, ts: Timestamp) -> Option<f64> {
        let now = ts.secs_f64();
        if !now.is_finite() || (self.started && now < self.now) {
            return None;
        }
        self.started = true;
        self.now = now;
        Some(now)
    }

    /// The time of the last frame accepted, in seconds.
    pub fn now(&self) -> f64 {
        self.now
    }
}

/// Whether someone is in the picture, and since when not.
#[derive(Debug, Clone, Default)]
pub(crate) struct Presence {
    present: bool,
    absent_since: Option<f64>,
}

/// How long the person has been gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Absence {
    /// Less than the grace time.
    Brief,
    /// At least the grace time.
    Gone,
}

impl Presence {
    pub fn present(&self) -> bool {
        self.present
    }

    /// A frame with a usable pose.
    pub fn seen(&mut self) {
        self.present = true;
        self.absent_since = None;
    }

    /// A frame without anyone.
    pub fn absent(&mut self, now: f64, grace_secs: f32) -> Absence {
        let since = *self.absent_since.get_or_insert(now);
        self.present = false;
        if now - since >= f64::from(grace_secs) {
            Absence::Gone
        } else {
            Absence::Brief
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_ignores_frames_from_the_past_and_without_time() {
        let mut clock = Clock::default();
        assert_eq!(clock.advance(Timestamp::from_secs_f64(2.0)), Some(2.0));
        assert_eq!(clock.advance(Timestamp::from_secs_f64(1.0)), None);
        assert_eq!(clock.advance(Timestamp::from_secs_f64(2.0)), Some(2.0));
        assert_eq!(clock.now(), 2.0);
    }

    #[test]
    fn absence_is_brief_until_the_grace_time_and_a_pose_ends_it() {
        let mut p = Presence::default();
        p.seen();
        assert!(p.present());
        assert_eq!(p.absent(1.0, 0.5), Absence::Brief);
        assert!(!p.present());
        assert_eq!(p.absent(1.5, 0.5), Absence::Gone);
        p.seen();
        assert_eq!(p.absent(3.0, 0.5), Absence::Brief);
    }
}
