//! The sides machine: which side faces the camera, which limb works, which side steps
//! are done, and which side the hold under way counts for.
//!
//! Exercises with sides (knee to chest: left, right, then both) are done as side steps.
//! Each frame the near side (for reading the rules) and the working side (the limb that
//! moves) are chosen with hysteresis, so noisy visibilities or a still leg never flip
//! them from frame to frame (the pose-level helpers are in `side.rs`); while a hold is under
//! way the other limb must differ by more than an oblique camera's 2D error, since a new
//! working side starts the hold over. Two limbs working
//! together count as `Both`: side-on they hide each other, so the hidden one is read at
//! a relaxed visibility for that check only.
//!
//! The hold counts for the side it started on. Holding a side that is already done does
//! not count; after the usual persist time the coach says "Now the right leg." And when
//! a needed side step's limb is the hidden one, the machine says which, so the coach can
//! say "I can't see your right leg" instead of silently waiting.

use super::cues::{ExtraCue, OwnCue};
use super::hold::HoldTimer;
use super::rules::{Evaluator, MotionHistory, Sides};
use super::side::near_side;
use crate::body::Pose;
use crate::content::{Exercise, Side, SideRule, Unit};

/// The far side must be this much more visible (mean visibility) to become the near one.
const NEAR_SIDE_MARGIN: f32 = 0.1;
/// The other limb must be clearly better by this much to become the working one.
const WORKING_SIDE_MARGIN_RAD: f32 = 0.17;
const WORKING_SIDE_MARGIN_TORSO: f32 = 0.1;
/// …and by this much while a hold is under way, since a new working side starts the hold
/// over. Two limbs in the same position read apart by the 2D error, which an oblique
/// camera takes to −14° ± 15° (reference §0.1): a long-sit forward bend filmed obliquely
/// (real clip seated_hamstring_stretch_03) reads its two straight knees 149° and 159°, and
/// the hold restarted each time they crossed. Changing legs moves the measure far more
/// (a straightened knee against a bent one, a pulled hip against a resting one).
const HOLDING_SIDE_MARGIN_RAD: f32 = 0.44;
const HOLDING_SIDE_MARGIN_TORSO: f32 = 0.25;
/// Visibility accepted for the hidden limb when checking "both limbs together".
const BOTH_LIMBS_MIN_VISIBILITY: f32 = 0.3;
/// "Now the other leg" outranks ordinary form corrections, not safety ones.
const SWITCH_SIDE_PRIORITY: i32 = 50;

#[derive(Debug, Clone, Default)]
pub(crate) struct SideTracker {
    near: Option<Side>,
    working: Option<Side>,
    /// Side steps finished, in order.
    done: Vec<Side>,
    /// The side step the hold under way counts for.
    hold_side: Option<Side>,
    /// Since when the person has held the position on a side already done.
    switch_since: Option<f64>,
}

/// What one frame found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SidesStep {
    /// The sides to read the rules on.
    pub sides: Sides,
    /// A side step still to do whose limb cannot be seen while the visible one is done.
    pub hidden: Option<Side>,
}

/// The sides' verdict on the hold this frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HoldSide {
    /// The hold may count: in position, form holding, on a side still to do.
    pub good: bool,
    /// "Now the right leg." once a done side has been held for the persist time.
    pub switch_cue: Option<ExtraCue>,
}

/// A side step's reps are all done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepEnd {
    /// This side step is done; `last` = so is every other.
    Side { side: Side, last: bool },
    /// No sides (or the rep's side is unknown): the exercise is done.
    Exercise,
}

impl SideTracker {
    /// One frame: the near and the working side (`holding` = a hold is under way).
    pub fn step(
        &mut self,
        ex: &Exercise,
        pose: &Pose,
        (baselines, motion): (&[Option<f32>], &[MotionHistory]),
        holding: bool,
    ) -> SidesStep {
        let near = near_side(pose, self.near, NEAR_SIDE_MARGIN);
        self.near = Some(near);
        let hidden = match &ex.sides {
            Some(rule) => self.update_working(ex, rule, pose, near, (baselines, motion), holding),
            None => {
                self.working = None;
                None
            }
        };
        let working = match self.working {
            Some(Side::Both) | None => near,
            Some(s) => s,
        };
        SidesStep {
            sides: Sides { near, working },
            hidden,
        }
    }

    /// Updates the working side; returns a side step still to do that cannot be seen.
    fn update_working(
        &mut self,
        ex: &Exercise,
        rule: &SideRule,
        pose: &Pose,
        near: Side,
        (baselines, motion): (&[Option<f32>], &[MotionHistory]),
        holding: bool,
    ) -> Option<Side> {
        let sides = Sides {
            near,
            working: near,
        };
        let ev = Evaluator::new(ex, pose, sides, baselines, motion);
        let l = ev.value_on(rule.measure, Side::Left);
        let r = ev.value_on(rule.measure, Side::Right);
        let single = match (l, r) {
            (Some(l), Some(r)) => {
                let margin = match (ex.measure(rule.measure).map(|m| m.unit()), holding) {
                    (Some(Unit::Angle), false) => WORKING_SIDE_MARGIN_RAD,
                    (Some(Unit::Angle), true) => HOLDING_SIDE_MARGIN_RAD,
                    (_, false) => WORKING_SIDE_MARGIN_TORSO,
                    (_, true) => HOLDING_SIDE_MARGIN_TORSO,
                };
                pick_working(self.working, l, r, rule.pick_min, margin)
            }
            (Some(_), None) => Side::Left,
            (None, Some(_)) => Side::Right,
            (None, None) => return None,
        };
        let remaining = |s: Side| rule.steps.contains(&s) && !self.done.contains(&s);
        let hidden = match (l, r) {
            (Some(_), None) if remaining(Side::Right) && !remaining(Side::Left) => {
                Some(Side::Right)
            }
            (None, Some(_)) if remaining(Side::Left) && !remaining(Side::Right) => Some(Side::Left),
            _ => None,
        };
        // Two limbs together hide each other side-on: read the hidden one relaxed.
        let relaxed = ev.with_min_visibility(BOTH_LIMBS_MIN_VISIBILITY);
        let both_l = l.or_else(|| relaxed.value_on(rule.measure, Side::Left));
        let both_r = r.or_else(|| relaxed.value_on(rule.measure, Side::Right));
        let both = rule.steps.contains(&Side::Both) && both_working(ex, rule, both_l, both_r);
        self.working = Some(if both { Side::Both } else { single });
        hidden.filter(|_| !both)
    }

    /// The side step the current working side would count for (`None` without sides).
    fn step_side(&self, ex: &Exercise) -> Option<Side> {
        ex.sides.as_ref()?;
        self.working
    }

    /// Whether `side` is a side step still to do; `None` without sides or side.
    fn is_remaining(&self, ex: &Exercise, side: Option<Side>) -> Option<bool> {
        let rule = ex.sides.as_ref()?;
        let side = side?;
        Some(rule.steps.contains(&side) && !self.done.contains(&side))
    }

    /// One frame of the hold: whether it may count on this side, which side it counts
    /// for, and whether to ask for the other side. A working side that changes mid-hold
    /// starts the hold over (`hold` is reset): that is a new attempt.
    pub fn hold_step(
        &mut self,
        ex: &Exercise,
        in_position: bool,
        form_ok: bool,
        hold: &mut HoldTimer,
        now: f64,
    ) -> HoldSide {
        let step_side = self.step_side(ex);
        let needed = self.is_remaining(ex, step_side);
        let good = in_position && form_ok && needed.unwrap_or(true);
        if in_position && good && !hold.started {
            self.hold_side = step_side;
        }
        let mut switch_cue = None;
        if in_position && needed == Some(false) && !hold.done {
            let since = *self.switch_since.get_or_insert(now);
            if now - since >= f64::from(ex.tuning.persist_secs) {
                switch_cue = self.switch_cue(ex);
            }
        } else {
            self.switch_since = None;
        }
        if self.hold_side.is_some() && step_side != self.hold_side && in_position && !hold.done {
            hold.reset();
            self.hold_side = None;
        }
        HoldSide { good, switch_cue }
    }

    /// "Now the right leg." for the next side step to do.
    fn switch_cue(&self, ex: &Exercise) -> Option<ExtraCue> {
        let rule = ex.sides.as_ref()?;
        let next = rule.steps.iter().find(|s| !self.done.contains(s))?;
        let message = match next {
            Side::Both => format!("Now both {}s together.", rule.limb),
            s => format!("Now the {} {}.", s.name(), rule.limb),
        };
        Some(ExtraCue {
            cue: OwnCue::SwitchSide,
            message,
            priority: SWITCH_SIDE_PRIORITY,
        })
    }

    /// The side the hold under way counts for.
    pub fn hold_side(&self) -> Option<Side> {
        self.hold_side
    }

    /// All reps of a side step are done (`side` = the side the last rep counted for).
    pub fn step_done(&mut self, ex: &Exercise, side: Option<Side>) -> StepEnd {
        match (&ex.sides, side) {
            (Some(rule), Some(s)) => {
                self.done.push(s);
                StepEnd::Side {
                    side: s,
                    last: rule.steps.iter().all(|st| self.done.contains(st)),
                }
            }
            _ => StepEnd::Exercise,
        }
    }

    /// The working side now, for exercises with sides.
    pub fn working(&self, ex: &Exercise) -> Option<Side> {
        self.working.filter(|_| ex.sides.is_some())
    }

    /// Side steps done, in order.
    pub fn done(&self) -> &[Side] {
        &self.done
    }

    /// Side steps still to do, in the exercise's order.
    pub fn remaining(&self, rule: &SideRule) -> Vec<Side> {
        rule.steps
            .iter()
            .copied()
            .filter(|s| !self.done.contains(s))
            .collect()
    }
}

/// The working side from both limbs' values: keep the current side unless the other is
/// better by `margin`; with no current side, the better one.
fn pick_working(current: Option<Side>, l: f32, r: f32, pick_min: bool, margin: f32) -> Side {
    let cur = match current {
        Some(Side::Left) => Some((Side::Left, l, r)),
        Some(Side::Right) => Some((Side::Right, r, l)),
        _ => None,
    };
    match cur {
        Some((s, mine, other)) => {
            let clearly = if pick_min {
                other < mine - margin
            } else {
                other > mine + margin
            };
            if clearly {
                s.opposite()
            } else {
                s
            }
        }
        None => {
            let left_better = if pick_min { l < r } else { l > r };
            if left_better {
                Side::Left
            } else {
                Side::Right
            }
        }
    }
}

/// Both limbs working: both values satisfy the hold phase's conditions on the side
/// measure, widened (the two legs never cross the threshold in the same frame).
fn both_working(ex: &Exercise, rule: &SideRule, l: Option<f32>, r: Option<f32>) -> bool {
    let (Some(l), Some(r)) = (l, r) else {
        return false;
    };
    let Some(hold) = ex.phases.get(ex.hold_phase) else {
        return false;
    };
    let mut conds = hold
        .when
        .iter()
        .filter(|c| c.measure == rule.measure)
        .peekable();
    conds.peek().is_some() && conds.all(|c| c.holds(l, true) && c.holds(r, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_working_side_swaps_only_when_the_other_is_clearly_better() {
        // Smaller is better (e.g. the hip angle of the pulled knee).
        assert_eq!(pick_working(None, 1.0, 2.0, true, 0.17), Side::Left);
        assert_eq!(pick_working(None, 2.0, 1.0, true, 0.17), Side::Right);
        assert_eq!(
            pick_working(Some(Side::Left), 1.1, 1.0, true, 0.17),
            Side::Left
        );
        assert_eq!(
            pick_working(Some(Side::Left), 1.2, 1.0, true, 0.17),
            Side::Right
        );
        // Larger is better.
        assert_eq!(
            pick_working(Some(Side::Right), 1.1, 1.0, false, 0.17),
            Side::Right
        );
        assert_eq!(
            pick_working(Some(Side::Right), 1.2, 1.0, false, 0.17),
            Side::Left
        );
        assert_eq!(
            pick_working(Some(Side::Both), 1.0, 2.0, false, 0.17),
            Side::Right
        );
    }

    fn knee_to_chest() -> Exercise {
        let catalog = crate::content::load_default().expect("the built-in content loads");
        catalog
            .get("knee_to_chest")
            .expect("knee_to_chest exists")
            .clone()
    }

    #[test]
    fn side_steps_end_the_exercise_when_all_are_done() {
        let ex = knee_to_chest();
        let mut sides = SideTracker::default();
        assert_eq!(
            sides.step_done(&ex, Some(Side::Left)),
            StepEnd::Side {
                side: Side::Left,
                last: false
            }
        );
        assert_eq!(sides.step_done(&ex, None), StepEnd::Exercise);
        sides.step_done(&ex, Some(Side::Right));
        assert_eq!(
            sides.step_done(&ex, Some(Side::Both)),
            StepEnd::Side {
                side: Side::Both,
                last: true
            }
        );
        assert_eq!(sides.done(), [Side::Left, Side::Right, Side::Both]);
    }

    #[test]
    fn holding_a_done_side_asks_for_the_next_after_the_persist_time() {
        let ex = knee_to_chest();
        let mut sides = SideTracker {
            working: Some(Side::Left),
            ..SideTracker::default()
        };
        sides.step_done(&ex, Some(Side::Left));
        let mut hold = HoldTimer::default();
        let persist = f64::from(ex.tuning.persist_secs);
        let first = sides.hold_step(&ex, true, true, &mut hold, 0.0);
        assert!(!first.good && first.switch_cue.is_none());
        let later = sides.hold_step(&ex, true, true, &mut hold, persist);
        let cue = later.switch_cue.expect("asks for the other side");
        assert_eq!(cue.message, "Now the right leg.");
        // Out of the position the wait starts over.
        sides.hold_step(&ex, false, true, &mut hold, persist + 0.1);
        let again = sides.hold_step(&ex, true, true, &mut hold, persist + 0.2);
        assert!(again.switch_cue.is_none());
    }

    #[test]
    fn a_hold_counts_for_the_side_it_started_on_and_restarts_when_it_changes() {
        let ex = knee_to_chest();
        let mut sides = SideTracker {
            working: Some(Side::Left),
            ..SideTracker::default()
        };
        let mut hold = HoldTimer::default();
        assert!(sides.hold_step(&ex, true, true, &mut hold, 0.0).good);
        hold.update(true, 0.0, 15.0, 0.5);
        hold.update(true, 0.3, 15.0, 0.5);
        assert_eq!(sides.hold_side(), Some(Side::Left));
        sides.working = Some(Side::Right);
        sides.hold_step(&ex, true, true, &mut hold, 0.4);
        assert!(!hold.started, "the hold starts over");
        assert_eq!(sides.hold_side(), None);
    }
}
