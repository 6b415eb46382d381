//! The rep tracker: where the person is in the exercise's cycle, and what each rep was
//! worth.
//!
//! A rep is one pass through the cycle (e.g. bridge: down → up → down). Progress moves
//! one phase at a time in cycle order; a phase out of order waits for the start phase
//! again. Coming back to the start phase counts the rep: for a rep exercise, reaching the
//! top is the rep and how long it was held is its quality, never a condition (a quick top
//! counts; "Hold the top for 2 s" coaches the next one), unless a fault stopped the hold
//! before the dose's minimum (then it is recorded as a short rep and does not count). For a
//! one-rep exercise with a start phase (knee to chest) the hold is the dose: it counts when
//! the hold does. Single-phase exercises (one long hold) count when the hold is done.
//!
//! For each rep it keeps what the quality needs: when it started, whether the ideal
//! range was reached, the worst fault that persisted (by correction index), and the
//! hold seconds. The hold timer itself is the caller's (`hold.rs`); the tracker reads
//! and resets it.

use super::cues::{ExtraCue, OwnCue};
use super::events::RepQuality;
use super::hold::HoldTimer;
use crate::content::{Exercise, Side};

/// "Hold it longer" ranks below form corrections of some weight.
const SHORT_HOLD_PRIORITY: i32 = 35;

/// A rep still at the top when the stream ends (its return not seen) counts when its hold
/// passed the dose's minimum by this much. Without a margin, a lift cut off just as it
/// reaches the minimum is decided by frame timing: glute_bridge_03 ends 0.96 s into its
/// fourth top (`analyze`, the file's frame times; a hold is measured between frames), and
/// the app, which stamps frames by the wall clock, read 0.97 s, 0.999 s and 1.001 s in three
/// runs, counting 3 reps or 4 against the clip's 3. A frame and a bit at 25 fps is over that
/// jitter and well under glute_bridge_02's last top (1.2 s, a rep its manifest counts,
/// which the app may read shorter under load, when the clip's last frames are dropped).
pub(crate) const UNSEEN_RETURN_MARGIN_SECS: f64 = 0.05;

#[derive(Debug, Clone, Default)]
pub(crate) struct RepTracker {
    /// Cycle phases passed in this rep (0 = waiting for the start phase).
    progress: usize,
    started: Option<f64>,
    range_reached: bool,
    /// Index of the highest-priority correction that persisted in this rep.
    worst: Option<usize>,
    /// A fault (not impatience) cut this rep's hold short.
    fault_broke_hold: bool,
    /// A fault lasted long enough to stop this rep's hold timer: the rep needs the full
    /// dose hold to count.
    hold_broken: bool,
    /// Show "hold it longer" until then.
    short_hold_until: Option<f64>,
    /// Hold seconds of the reps that counted.
    held_counted_secs: f64,
    reps: Vec<RepQuality>,
    /// Reps counted in the current side step.
    in_step: u32,
}

/// A rep that counted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Counted {
    /// 1-based within the side step.
    pub index: u32,
    pub quality: RepQuality,
    /// It was the side step's last rep.
    pub step_done: bool,
    /// A quick rep: it reached the range, but its hold does not count toward the dose.
    pub short: bool,
}

impl RepTracker {
    /// The setup is reached: the person is assumed to start at the beginning of the cycle.
    pub fn begin(&mut self, now: f64) {
        self.progress = 1;
        self.hold_broken = false;
        self.started = Some(now);
    }

    /// Phase `p` was visited before the person's own range could show it (`own_range.rs`):
    /// when it is the phase the cycle waits for, the cycle moves on as if it had been entered
    /// (a person who starts in the cat has done that rep's arch when the first sag shows it).
    pub fn visited_unseen(&mut self, ex: &Exercise, p: usize) {
        if self.progress > 0 && ex.cycle.get(self.progress) == Some(&p) {
            self.progress += 1;
        }
    }

    /// The setup is lost (or the stream ended on a counted rep): wait for the start phase.
    pub fn abandon(&mut self) {
        self.progress = 0;
    }

    /// Whether the hold timer may run: at the cycle's last phase (or a one-phase cycle).
    pub fn hold_allowed(&self, ex: &Exercise) -> bool {
        self.progress + 1 >= ex.cycle.len() || ex.cycle.len() <= 1
    }

    /// The hold phase's ideal range was reached this frame.
    pub fn reach_range(&mut self) {
        self.range_reached = true;
    }

    /// A hold-breaking fault is present in the hold phase.
    pub fn fault_in_hold(&mut self) {
        self.fault_broke_hold = true;
    }

    /// A fault stopped this rep's hold timer. Before the dose's minimum hold the rep then
    /// needs the full dose; once the minimum was held in good form the rep is earned, and a
    /// fault on the way out (an instructor leaving cobra by lifting the hips into downward
    /// dog) does not take it back.
    pub fn break_hold(&mut self, ex: &Exercise, hold: &HoldTimer) {
        if hold.elapsed_secs + 1e-6 < f64::from(ex.dose.min_hold_secs) {
            self.hold_broken = true;
        }
    }

    /// Correction `i` persisted: remember it if it is the worst so far in this rep.
    pub fn note_fault(&mut self, ex: &Exercise, i: usize) {
        let Some(c) = ex.corrections.get(i) else {
            return;
        };
        let worse = self
            .worst
            .and_then(|w| ex.corrections.get(w))
            .is_none_or(|w| c.priority > w.priority);
        if worse {
            self.worst = Some(i);
        }
    }

    /// Whether the current rep's hold is enough to count it: the dose's hold, or at least
    /// its minimum when no fault cut the hold short.
    pub fn hold_counts(&self, ex: &Exercise, hold: &HoldTimer) -> bool {
        let min = f64::from(ex.dose.min_hold_secs);
        hold.done || (hold.started && !self.hold_broken && hold.elapsed_secs + 1e-6 >= min)
    }

    /// Whether a rep that reached the top and came back counts. For a rep exercise the top
    /// is the rep: how long it was held is its quality, never a condition (a bridge with a
    /// quick top counts), unless a fault stopped the hold before the minimum and the hold
    /// did not then reach its target (a top reached in bad form is the fault's, not a rep). For a one-rep exercise whose cycle has a
    /// start (knee to chest: rest, pull) the hold is the dose and must count.
    fn top_counts(&self, ex: &Exercise, hold: &HoldTimer) -> bool {
        self.hold_counts(ex, hold) || (ex.dose.reps > 1 && !self.hold_broken)
    }

    /// After a top held short of the dose's hold: "Hold it for 2 s" for a little while,
    /// unless a fault cut the hold short (that fault was the message).
    fn ask_to_hold(&mut self, ex: &Exercise, hold: &HoldTimer, now: f64) {
        if hold.started
            && ex.dose.hold_secs >= 1.0
            && self.worst.is_none()
            && !self.fault_broke_hold
        {
            self.short_hold_until = Some(now + f64::from(ex.tuning.min_show_secs));
        }
    }

    /// At the top of a multi-phase cycle with a hold that counts although its return is
    /// not seen (the stream ends here): the dose's hold, or the minimum passed by
    /// [`UNSEEN_RETURN_MARGIN_SECS`].
    pub fn at_top(&self, ex: &Exercise, hold: &HoldTimer) -> bool {
        let clear = hold.done
            || hold.elapsed_secs >= f64::from(ex.dose.min_hold_secs) + UNSEEN_RETURN_MARGIN_SECS;
        ex.cycle.len() > 1 && self.progress >= ex.cycle.len() && self.hold_counts(ex, hold) && clear
    }

    /// The phase machine entered phase `p`: advances the cycle; back at the start phase
    /// the rep counts (returned) or, held too briefly, starts over.
    pub fn phase_entered(
        &mut self,
        ex: &Exercise,
        p: usize,
        hold: &mut HoldTimer,
        side: Option<Side>,
        now: f64,
    ) -> Option<Counted> {
        let cycle = &ex.cycle;
        let first = *cycle.first()?;
        if cycle.len() > 1 && p == first {
            let at_top = self.progress >= cycle.len();
            let counted = if at_top && self.top_counts(ex, hold) {
                if ex.dose.reps > 1 && !self.hold_counts(ex, hold) {
                    // A quick top counts; its hold is a quality, coached for the next one
                    // (not when a fault was the message).
                    self.ask_to_hold(ex, hold, now);
                }
                Some(self.count(ex, hold, side, now))
            } else {
                // A fault cut the top short: recorded as a short hold, not counted.
                let short = (at_top && self.range_reached && ex.dose.reps > 1)
                    .then(|| self.short_rep(ex, hold, side, now));
                if ex.dose.reps > 1 {
                    self.ask_to_hold(ex, hold, now);
                    hold.reset();
                }
                short
            };
            self.progress = 1;
            self.started = Some(now);
            self.range_reached = false;
            self.worst = None;
            self.fault_broke_hold = false;
            self.hold_broken = false;
            return counted;
        }
        if cycle.get(self.progress) == Some(&p) {
            self.progress += 1;
        } else if cycle.contains(&p) && cycle.get(self.progress.saturating_sub(1)) != Some(&p) {
            // Out of order: wait for the start phase again.
            self.progress = 0;
        }
        None
    }

    /// Counts the rep under way (`side` = the side step its hold counted for); the hold
    /// starts over.
    pub fn count(
        &mut self,
        ex: &Exercise,
        hold: &mut HoldTimer,
        side: Option<Side>,
        now: f64,
    ) -> Counted {
        self.held_counted_secs += hold.elapsed_secs;
        self.in_step += 1;
        let quality = RepQuality {
            range_reached: self.range_reached || ex.cycle.len() <= 1,
            duration_secs: self.started.map_or(0.0, |s| (now - s) as f32),
            worst_fault: self
                .worst
                .take()
                .and_then(|i| ex.corrections.get(i))
                .map(|c| c.id.clone()),
            side,
            held_secs: hold.elapsed_secs as f32,
        };
        self.reps.push(quality.clone());
        let index = self.in_step;
        let step_done = self.in_step >= ex.dose.reps;
        if step_done {
            self.in_step = 0;
        }
        hold.reset();
        self.range_reached = false;
        self.started = Some(now);
        Counted {
            index,
            quality,
            step_done,
            short: false,
        }
    }

    /// A rep that reached the range but whose hold does not count (`short`): its quality,
    /// numbered as the rep it was an attempt at. The dose's count does not move.
    fn short_rep(
        &mut self,
        ex: &Exercise,
        hold: &HoldTimer,
        side: Option<Side>,
        now: f64,
    ) -> Counted {
        let quality = RepQuality {
            range_reached: true,
            duration_secs: self.started.map_or(0.0, |s| (now - s) as f32),
            worst_fault: self
                .worst
                .and_then(|i| ex.corrections.get(i))
                .map(|c| c.id.clone()),
            side,
            held_secs: hold.elapsed_secs as f32,
        };
        Counted {
            index: self.in_step + 1,
            quality,
            step_done: false,
            short: true,
        }
    }

    /// "Hold it for 2 s" after a rep that came down too early, for a little while.
    pub fn short_hold_cue(&mut self, ex: &Exercise, now: f64) -> Option<ExtraCue> {
        let until = self.short_hold_until?;
        if now >= until {
            self.short_hold_until = None;
            return None;
        }
        let hold = ex.dose.hold_secs;
        Some(ExtraCue {
            cue: OwnCue::HoldLonger,
            message: format!("Hold the top for {hold:.0} s before coming back."),
            priority: SHORT_HOLD_PRIORITY,
        })
    }

    /// Reps counted in the current side step.
    pub fn in_step(&self) -> u32 {
        self.in_step
    }

    /// Every rep that counted, in order.
    pub fn reps(&self) -> &[RepQuality] {
        &self.reps
    }

    /// Hold seconds of the reps that counted.
    pub fn held_counted_secs(&self) -> f64 {
        self.held_counted_secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bridge() -> Exercise {
        let catalog = crate::content::load_default().expect("the built-in content loads");
        catalog.get("bridge").expect("bridge exists").clone()
    }

    /// Holds for `secs` at 10 fps from `from`.
    fn hold_for(hold: &mut HoldTimer, ex: &Exercise, from: f64, secs: f64) {
        for k in 0..=(secs * 10.0).round() as usize {
            hold.update(
                true,
                from + k as f64 / 10.0,
                ex.dose.hold_secs,
                ex.tuning.grace_secs,
            );
        }
    }

    #[test]
    fn a_rep_counts_when_the_cycle_comes_back_to_the_start_after_a_full_hold() {
        let ex = bridge();
        let (down, up) = (ex.cycle[0], ex.cycle[1]);
        let mut reps = RepTracker::default();
        let mut hold = HoldTimer::default();
        reps.begin(0.0);
        assert_eq!(reps.phase_entered(&ex, up, &mut hold, None, 1.0), None);
        assert!(reps.hold_allowed(&ex));
        reps.reach_range();
        hold_for(&mut hold, &ex, 1.0, f64::from(ex.dose.hold_secs) + 0.2);
        assert!(reps.at_top(&ex, &hold));
        let counted = reps
            .phase_entered(&ex, down, &mut hold, None, 5.0)
            .expect("the rep counts");
        assert_eq!(counted.index, 1);
        assert!(counted.quality.range_reached);
        assert!((counted.quality.duration_secs - 5.0).abs() < 1e-6);
        assert_eq!(counted.step_done, ex.dose.reps == 1);
        assert!(!hold.started, "the hold starts over");
        assert_eq!(reps.reps().len(), 1);
    }

    #[test]
    fn a_quick_top_counts_and_asks_to_hold_the_next_one() {
        let ex = bridge();
        let (down, up) = (ex.cycle[0], ex.cycle[1]);
        let mut reps = RepTracker::default();
        let mut hold = HoldTimer::default();
        reps.begin(0.0);
        reps.phase_entered(&ex, up, &mut hold, None, 1.0);
        reps.reach_range();
        hold_for(&mut hold, &ex, 1.0, 0.3);
        let counted = reps
            .phase_entered(&ex, down, &mut hold, None, 1.8)
            .expect("a quick top is a rep");
        assert!(!counted.short);
        assert_eq!(counted.index, 1);
        assert!(
            (counted.quality.held_secs - 0.3).abs() < 1e-3,
            "its hold is its quality"
        );
        assert!(counted.quality.range_reached);
        assert_eq!(reps.in_step(), 1, "the dose's count moves");
        assert_eq!(hold.take_stopped().map(|s| (s * 10.0).round()), Some(3.0));
        let cue = reps.short_hold_cue(&ex, 1.9).expect("coaches the hold");
        assert_eq!(cue.cue, OwnCue::HoldLonger);
        let later = 1.8 + f64::from(ex.tuning.min_show_secs);
        assert!(reps.short_hold_cue(&ex, later).is_none());
    }

    #[test]
    fn a_top_a_fault_cut_short_is_a_short_rep_and_does_not_count() {
        let ex = bridge();
        let (down, up) = (ex.cycle[0], ex.cycle[1]);
        let mut reps = RepTracker::default();
        let mut hold = HoldTimer::default();
        reps.begin(0.0);
        reps.phase_entered(&ex, up, &mut hold, None, 1.0);
        reps.reach_range();
        hold_for(&mut hold, &ex, 1.0, 0.3);
        reps.fault_in_hold();
        reps.break_hold(&ex, &hold);
        let short = reps
            .phase_entered(&ex, down, &mut hold, None, 1.8)
            .expect("recorded as a short rep");
        assert!(short.short && !short.step_done);
        assert_eq!(reps.in_step(), 0, "the dose's count does not move");
        assert!(reps.reps().is_empty());
        assert!(
            reps.short_hold_cue(&ex, 1.9).is_none(),
            "the fault was the message"
        );
    }

    #[test]
    fn a_one_rep_exercise_with_a_start_needs_its_hold() {
        let catalog = crate::content::load_default().expect("the built-in content loads");
        let ex = catalog.get("knee_to_chest").expect("knee to chest").clone();
        assert_eq!(ex.dose.reps, 1);
        let (rest, pull) = (ex.cycle[0], ex.cycle[1]);
        let mut reps = RepTracker::default();
        let mut hold = HoldTimer::default();
        reps.begin(0.0);
        reps.phase_entered(&ex, pull, &mut hold, None, 1.0);
        hold_for(&mut hold, &ex, 1.0, 3.0);
        assert_eq!(reps.phase_entered(&ex, rest, &mut hold, None, 4.5), None);
    }

    #[test]
    fn a_rep_ending_the_stream_at_the_top_needs_the_minimum_clearly() {
        let ex = bridge();
        let up = ex.cycle[1];
        let min = f64::from(ex.dose.min_hold_secs);
        for (held, counts) in [(min, false), (min + UNSEEN_RETURN_MARGIN_SECS + 0.1, true)] {
            let mut reps = RepTracker::default();
            let mut hold = HoldTimer::default();
            reps.begin(0.0);
            reps.phase_entered(&ex, up, &mut hold, None, 1.0);
            hold_for(&mut hold, &ex, 1.0, held);
            assert!(reps.hold_counts(&ex, &hold), "held {held:.2} s");
            assert_eq!(reps.at_top(&ex, &hold), counts, "held {held:.2} s");
        }
    }

    #[test]
    fn a_fault_after_the_minimum_hold_keeps_the_rep_one_before_it_voids_it() {
        let ex = bridge();
        let (down, up) = (ex.cycle[0], ex.cycle[1]);
        let min = f64::from(ex.dose.min_hold_secs);
        assert!(
            min + 0.6 < f64::from(ex.dose.hold_secs),
            "bridge's minimum is under its dose"
        );
        // (seconds held before the fault, seconds held after it, counts)
        for (before, after, counts) in [(min + 0.3, 0.0, true), (min - 0.5, 0.8, false)] {
            let mut reps = RepTracker::default();
            let mut hold = HoldTimer::default();
            reps.begin(0.0);
            reps.phase_entered(&ex, up, &mut hold, None, 1.0);
            hold_for(&mut hold, &ex, 1.0, before);
            reps.fault_in_hold();
            reps.break_hold(&ex, &hold);
            hold_for(&mut hold, &ex, 1.0 + before, after);
            assert!(hold.elapsed_secs + 1e-6 >= min, "held the minimum in all");
            let counted = reps.phase_entered(&ex, down, &mut hold, None, 3.0 + before + after);
            assert_eq!(
                counted.is_some(),
                counts,
                "fault after {before:.1} s of hold"
            );
        }
    }

    #[test]
    fn the_worst_fault_is_the_highest_priority_one() {
        let ex = bridge();
        let by_priority = |p: i32| ex.corrections.iter().position(|c| c.priority == p);
        let (Some(low), Some(high)) = (by_priority(40), by_priority(90)) else {
            return;
        };
        let mut reps = RepTracker::default();
        let mut hold = HoldTimer::default();
        reps.note_fault(&ex, low);
        reps.note_fault(&ex, high);
        reps.note_fault(&ex, low);
        let counted = reps.count(&ex, &mut hold, None, 1.0);
        assert_eq!(
            counted.quality.worst_fault.as_deref(),
            Some(ex.corrections[high].id.as_str())
        );
    }

    #[test]
    fn a_phase_out_of_order_waits_for_the_start_again() {
        let ex = bridge();
        let up = ex.cycle[1];
        let mut reps = RepTracker::default();
        let mut hold = HoldTimer::default();
        // Not begun: "up" is out of order, the hold may not run.
        reps.phase_entered(&ex, up, &mut hold, None, 1.0);
        assert!(!reps.hold_allowed(&ex));
    }
}
