//! The hold timer: counts only time in which the form holds.
//!
//! Time comes from the frame timestamps. A frame adds the time since the previous frame
//! only when both were good, capped at the grace period so that a gap in the stream never
//! adds time nobody saw. A break shorter than the grace period is silent (no "paused"
//! message for a flicker); a longer one reports why the timer stopped. Accumulated time
//! is kept across pauses; the caller decides when an attempt starts over.
//!
//! A hold that starts over before it reached its target is not forgotten: [`HoldTimer::reset`]
//! keeps its seconds until the coach takes them ([`HoldTimer::take_stopped`]) and reports
//! the hold as stopped short, so every stretch of holding reaches the session record.
//!
//! A hold that reached its target goes on being timed while the form holds (no more steps):
//! the person may hold longer than the aim, and the hold is recorded as held. Its whole
//! seconds are kept when it starts over ([`HoldTimer::take_ended`]).

#[derive(Debug, Clone, Default)]
pub(crate) struct HoldTimer {
    pub elapsed_secs: f64,
    last_good: Option<f64>,
    bad_since: Option<f64>,
    pub started: bool,
    pub paused_reported: bool,
    pub done: bool,
    /// Seconds of a hold that was reset before it was done, until the coach takes them.
    stopped: Option<f64>,
    /// Seconds of a hold that reached its target (all of them, past the target too), reset
    /// since, until the coach takes them.
    ended: Option<f64>,
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
    /// Starts over. A hold under way that had not reached its target is kept as stopped
    /// (see [`HoldTimer::take_stopped`]).
    pub fn reset(&mut self) {
        let stopped = self.unfinished().or(self.stopped);
        let ended = self.reached().or(self.ended);
        *self = Self {
            stopped,
            ended,
            ..Self::default()
        };
    }

    /// The seconds held so far when a hold is under way and has not reached its target.
    pub fn unfinished(&self) -> Option<f64> {
        (self.started && !self.done && self.elapsed_secs > 0.0).then_some(self.elapsed_secs)
    }

    /// The seconds held so far when the hold under way has reached its target.
    pub fn reached(&self) -> Option<f64> {
        (self.started && self.done).then_some(self.elapsed_secs)
    }

    /// The seconds of the last hold that reached its target and was reset since, once.
    pub fn take_ended(&mut self) -> Option<f64> {
        self.ended.take()
    }

    /// The seconds of the last hold that was reset before it was done, once.
    pub fn take_stopped(&mut self) -> Option<f64> {
        self.stopped.take()
    }

    /// One frame: `good` = in the hold phase with the form holding.
    pub fn update(&mut self, good: bool, now: f64, target_secs: f32, grace_secs: f32) -> HoldStep {
        if self.done {
            // Past the target: timed as held, silently.
            if good {
                if let Some(prev) = self.last_good {
                    self.elapsed_secs += (now - prev).clamp(0.0, f64::from(grace_secs.max(0.1)));
                }
                self.last_good = Some(now);
            } else {
                self.last_good = None;
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the timer at 10 fps over `good(t)` and returns its events with times.
    fn run(
        secs: f64,
        good: impl Fn(f64) -> bool,
        target: f32,
    ) -> (HoldTimer, Vec<(f64, HoldStep)>) {
        let mut h = HoldTimer::default();
        let mut out = Vec::new();
        let mut t = 0.0;
        while t <= secs {
            let s = h.update(good(t), t, target, 0.5);
            if s != HoldStep::None {
                out.push((t, s));
            }
            t += 0.1;
        }
        (h, out)
    }

    #[test]
    fn counts_only_good_time_and_pauses_after_grace() {
        // Good 0–3 s, bad 3–5 s, good again: done at 10 s of good time.
        let (h, ev) = run(20.0, |t| !(3.05..5.05).contains(&t), 10.0);
        let kinds: Vec<&HoldStep> = ev.iter().map(|(_, s)| s).collect();
        assert_eq!(
            kinds,
            [
                &HoldStep::Started,
                &HoldStep::Paused,
                &HoldStep::Resumed,
                &HoldStep::Done
            ]
        );
        let done_at = ev.last().map_or(0.0, |(t, _)| *t);
        assert!((done_at - 12.1).abs() < 0.25, "done at {done_at}");
        assert!(h.done);
    }

    #[test]
    fn a_flicker_shorter_than_grace_is_silent() {
        let (_, ev) = run(5.0, |t| !(2.0..2.25).contains(&t), 4.0);
        assert!(!ev.iter().any(|(_, s)| *s == HoldStep::Paused));
    }

    #[test]
    fn a_reset_keeps_an_unfinished_hold_once_and_forgets_a_done_one() {
        let mut h = HoldTimer::default();
        h.update(true, 0.0, 10.0, 0.5);
        h.update(true, 0.4, 10.0, 0.5);
        h.reset();
        assert!(!h.started);
        assert!((h.take_stopped().unwrap_or_default() - 0.4).abs() < 1e-9);
        assert_eq!(h.take_stopped(), None, "taken once");
        h.update(true, 1.0, 0.2, 0.5);
        h.update(true, 1.3, 0.2, 0.5);
        assert!(h.done);
        h.reset();
        assert_eq!(
            h.take_stopped(),
            None,
            "a completed hold is not a stopped one"
        );
        assert!((h.take_ended().unwrap_or_default() - 0.3).abs() < 1e-9);
        assert_eq!(h.take_ended(), None, "taken once");
    }

    #[test]
    fn a_hold_past_its_target_is_timed_as_held() {
        // Good for 8 s against a 5 s target, then out of the position: 8 s held, Done once.
        let (mut h, ev) = run(10.0, |t| t < 8.05, 5.0);
        let done = ev.iter().filter(|(_, s)| *s == HoldStep::Done).count();
        assert_eq!(done, 1);
        assert_eq!(ev.len(), 2, "Started and Done only: {ev:?}");
        assert!((h.elapsed_secs - 8.0).abs() < 0.15, "{}", h.elapsed_secs);
        h.reset();
        let ended = h.take_ended().unwrap_or_default();
        assert!((ended - 8.0).abs() < 0.15, "ended {ended}");
    }

    #[test]
    fn a_gap_in_the_stream_adds_at_most_the_grace() {
        let mut h = HoldTimer::default();
        h.update(true, 0.0, 100.0, 0.5);
        h.update(true, 10.0, 100.0, 0.5);
        assert!(h.elapsed_secs <= 0.5 + 1e-9);
    }
}
