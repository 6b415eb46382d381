//! The hold in progress as the coach last showed it, so that every hold is recorded however
//! the session ends.
//!
//! When an attempt ends normally the worker sends its last events (a hold still under way
//! becomes `HoldStopped` with its seconds) before `AttemptEnded`. When the session ends
//! without them — the window closed, a stop signal (SIGTERM, SIGINT), the worker gone — the
//! practice has only what the screen showed: [`HoldWatch`] keeps the last hold in progress
//! of the attempt being coached, from the coach views the app samples every frame, and the
//! practice books it when the attempt is closed without the worker: as a hold stopped short,
//! or, past its target, as a hold that reached it with all its seconds.
//! A view left from an earlier attempt, or from a hold already booked, is not taken for a
//! new one: the watch starts only once a view shows no hold under way (a new coach's first
//! view does, and so does the coach once a hold has ended). An attempt the worker ended by
//! itself (the video ran out) has sent its last events: its watch stops.

use super::Attempt;
use crate::coach::CoachView;
use crate::content::Side;

/// A hold under way: its seconds so far, its side, and whether it has reached its target
/// (then it is booked as a hold that reached it, as long as it was held).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct HoldSeen {
    pub secs: f32,
    pub side: Option<Side>,
    pub reached: bool,
}

/// The attempt being coached and its hold in progress (see the module).
#[derive(Debug, Default)]
pub(super) struct HoldWatch {
    attempt: Option<Attempt>,
    /// A view of this attempt's own coach has been seen (no hold under way yet).
    armed: bool,
    seen: Option<HoldSeen>,
}

impl HoldWatch {
    /// `attempt` starts being coached.
    pub fn start(&mut self, attempt: Attempt) {
        *self = Self {
            attempt: Some(attempt),
            ..Self::default()
        };
    }

    /// A view of the exercise being coached.
    pub fn view(&mut self, view: &CoachView) {
        if self.attempt.is_none() {
            return;
        }
        let secs = view.hold_elapsed_secs;
        if !self.armed {
            if secs > 0.0 {
                return;
            }
            self.armed = true;
        }
        self.seen = (secs > 0.0 && !view.done).then_some(HoldSeen {
            secs,
            side: view.side,
            reached: secs + 1e-3 >= view.hold_target_secs,
        });
    }

    /// A hold of the attempt was booked from the coach's own event: none is in progress,
    /// and views still showing that hold (the last frame's, until a new one comes) are not
    /// taken for another: the watch starts again at a view with no hold under way.
    pub fn booked(&mut self) {
        self.seen = None;
        self.armed = false;
    }

    /// `attempt` ends: its hold in progress, if any; the watch stops.
    pub fn take(&mut self, attempt: Attempt) -> Option<HoldSeen> {
        if self.attempt != Some(attempt) {
            return None;
        }
        let seen = self.seen.take();
        *self = Self::default();
        seen
    }
}
