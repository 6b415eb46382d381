//! One coached attempt: a [`Coach`] for one exercise, tagged with the [`Attempt`] it
//! belongs to, whose clock skips the pauses, and the [`Sampler`] of the measures its
//! session keeps from every frame.
//!
//! The app's worker thread owns the run while it coaches; every event it sends back carries
//! the attempt, so events that arrive after the practice has moved on (the rep still held
//! at the top when an attempt ends) are booked to the attempt they came from.

use super::samples::{FrameSample, Sampler};
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
    sampler: Sampler,
    /// When the pause under way began, on the frames' clock.
    paused_at: Option<Timestamp>,
    /// The pauses so far, nanoseconds.
    offset_nanos: i64,
}

impl CoachRun {
    pub fn new(coach: Coach, attempt: Attempt) -> Self {
        Self {
            sampler: Sampler::new(coach.exercise()),
            coach,
            attempt,
            paused_at: None,
            offset_nanos: 0,
        }
    }

    pub fn attempt(&self) -> Attempt {
        self.attempt
    }

    pub fn exercise_id(&self) -> &ExerciseId {
        &self.coach.exercise().id
    }

    /// Pauses or resumes at `now`, on the frames' clock.
    pub fn set_paused(&mut self, paused: bool, now: Timestamp) {
        match (paused, self.paused_at) {
            (true, None) => self.paused_at = Some(now),
            (false, Some(at)) => {
                self.offset_nanos += (now.nanos() - at.nanos()).max(0);
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
        self.coach
            .update(pose, Timestamp(ts.nanos() - self.offset_nanos))
    }

    /// The measures the session keeps of the frame at `ts` the coach has just seen (none
    /// while paused: the coach did not see it).
    pub fn sample(&self, ts: Timestamp) -> Option<FrameSample> {
        if self.is_paused() {
            return None;
        }
        self.sampler.sample(&self.coach, ts)
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
        let at = Timestamp::from_millis;
        run.update(None, at(1000));
        run.set_paused(true, at(2000));
        run.set_paused(true, at(3000)); // a repeated pause keeps the first start
        assert!(run.is_paused());
        assert!(run.update(None, at(5000)).is_empty());
        assert!(
            run.sample(at(5000)).is_none(),
            "nothing sampled while paused"
        );
        run.set_paused(false, at(10_000));
        assert_eq!(run.offset_nanos, at(8000).nanos());
        run.set_paused(true, at(12_000));
        run.set_paused(false, at(13_000));
        assert_eq!(run.offset_nanos, at(9000).nanos());
        assert_eq!(run.attempt(), Attempt(1));
        assert_eq!(run.exercise_id(), "bridge");
    }
}
