//! The hold timer: counts only time in which the form holds.
//!
//! Time comes from the frame timestamps. A frame adds the time since the previous frame
//! only when both were good, capped at the grace period so that a gap in the stream never
//! adds time nobody saw. A break shorter than the grace period is silent (no "paused"
//! message for a flicker); a longer one reports why the timer stopped. Accumulated time
//! is kept across pauses; the caller decides when an attempt starts over.

#[derive(Debug, Clone, Default)]
pub(crate) struct HoldTimer {
    pub elapsed_secs: f64,
    last_good: Option<f64>,
    bad_since: Option<f64>,
    pub started: bool,
    pub paused_reported: bool,
    pub done: bool,
}

/// What the timer reports for one frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum HoldStep {
    None,
    Started,
    Resumed,
    Paused,
    Done,
}

impl HoldTimer {
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// One frame: `good` = in the hold phase with the form holding.
    pub fn update(&mut self, good: bool, now: f64, target_secs: f32, grace_secs: f32) -> HoldStep {
        if self.done {
            return HoldStep::None;
        }
        if good {
            let mut step = HoldStep::None;
            if let Some(prev) = self.last_good {
                if self.bad_since.is_none() {
                    self.elapsed_secs += (now - prev).clamp(0.0, f64::from(grace_secs.max(0.1)));
                }
            }
            if !self.started {
                self.started = true;
                step = HoldStep::Started;
            } else if self.paused_reported {
                step = HoldStep::Resumed;
            }
            self.paused_reported = false;
            self.bad_since = None;
            self.last_good = Some(now);
            if self.elapsed_secs + 1e-6 >= f64::from(target_secs) {
                self.done = true;
                return HoldStep::Done;
            }
            step
        } else {
            self.last_good = None;
            if !self.started {
                return HoldStep::None;
            }
            let since = *self.bad_since.get_or_insert(now);
            if !self.paused_reported && now - since >= f64::from(grace_secs) {
                self.paused_reported = true;
                return HoldStep::Paused;
            }
            HoldStep::None
        }
    }
}
