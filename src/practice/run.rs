//! One coached attempt: a [`Coach`] for one exercise, tagged with the [`Attempt`] it
//! belongs to, whose clock skips the pauses.
//!
//! The app's worker thread owns the run while it coaches; every event it sends back carries
//! the attempt, so events that arrive after the practice has moved on (the rep still held
//! at the top when an attempt ends) are booked to the attempt they came from.

use crate::body::Pose;
use crate::coach::{Coach, CoachEvent};
use crate::content::ExerciseId;
use crate::frame::Timestamp;

/// Which coached attempt an event belongs to (numbered from 1 within one app run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Attempt(pub u64);

/// A coach plus the pauses cut out of its clock.
#[derive(Debug, Clone)]
pub struct CoachRun {
    pub coach: Coach,
    attempt: Attempt,
    paused_at: Option<f64>,
    offset_secs: f64,
}

impl CoachRun {
    pub fn new(coach: Coach, attempt: Attempt) -> Self {
        Self {
            coach,
            attempt,
            paused_at: None,
            offset_secs: 0.0,
        }
    }

    pub fn attempt(&self) -> Attempt {
        self.attempt
    }

    pub fn exercise_id(&self) -> &ExerciseId {
        &self.coach.exercise().id
    }

    /// Pauses or resumes at session time `now_secs`.
    pub fn set_paused(&mut self, paused: bool, now_secs: f64) {
        match (paused, self.paused_at) {
            (true, None) => self.paused_at = Some(now_secs),
            (false, Some(at)) => {
                self.offset_secs += (now_secs - at).max(0.0);
                self.paused_at = None;
            }
            _ => {}
        }
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// Feeds one frame at `ts` (ignored while paused); the coach sees `ts` minus the
    /// pauses so far.
    pub fn update(&mut self, pose: Option<&Pose>, ts: Timestamp) -> Vec<CoachEvent> {
        if self.is_paused() {
            return Vec::new();
        }
        let ts = if self.offset_secs == 0.0 {
            ts
        } else {
            Timestamp::from_secs_f64(ts.secs_f64() - self.offset_secs)
        };
        self.coach.update(pose, ts)
    }

    /// The attempt ends: a rep held at the top counts although its return is not seen.
    pub fn end(&mut self) -> Vec<CoachEvent> {
        self.coach.end_of_stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coach_clock_skips_pauses() {
        let catalog = crate::content::load_default().unwrap();
        let coach = Coach::new(catalog.get("bridge").unwrap());
        let mut run = CoachRun::new(coach, Attempt(1));
        run.update(None, Timestamp::from_secs_f64(1.0));
        run.set_paused(true, 2.0);
        run.set_paused(true, 3.0); // a repeated pause keeps the first start
        assert!(run.is_paused());
        assert!(run.update(None, Timestamp::from_secs_f64(5.0)).is_empty());
        run.set_paused(false, 10.0);
        assert_eq!(run.offset_secs, 8.0);
        run.set_paused(true, 12.0);
        run.set_paused(false, 13.0);
        assert_eq!(run.offset_secs, 9.0);
        assert_eq!(run.attempt(), Attempt(1));
        assert_eq!(run.exercise_id(), "bridge");
    }
}
