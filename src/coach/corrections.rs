//! The corrections machine: which of the exercise's faults are present, the one
//! correction shown, the cues shown during the attempt, and the joint colours.
//!
//! Each frame first reads the faults from the pose (a fault is only looked for while
//! coaching, in the phases it applies to, and ends with hysteresis on its widened
//! range); the coach then asks whether a fault breaks the hold, and finally lets the
//! cue chooser (`cues.rs`) pick what to show among the persisted faults and the
//! coach's own cues. A fault stops the hold once it has lasted a moment
//! ([`HOLD_BREAK_SECS`], or its own persist time if shorter): single noisy frames do
//! not eat into the hold.

use super::cues::{CueChooser, CueId, CueStep, ExtraCue};
use super::events::CoachEvent;
use super::rules::Evaluator;
use super::view::{JointState, JointStatus, ShownCorrection};
use crate::content::Exercise;
use crate::frame::Timestamp;

/// A fault must last this long (or its persist time, if shorter) to stop the hold.
const HOLD_BREAK_SECS: f32 = 0.3;

#[derive(Debug, Clone)]
pub(crate) struct Corrections {
    cues: CueChooser,
    /// Per correction: present this frame.
    present: Vec<bool>,
    /// Cues shown during the attempt, in the order first shown.
    seen: Vec<CueId>,
    /// Checked measures and their colours on the last frame.
    joints: Vec<JointStatus>,
}

/// How the faults present affect the hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HoldBreak {
    /// A hold-breaking fault is present in the hold phase.
    pub in_hold: bool,
    /// A hold-breaking fault has lasted long enough to stop the hold.
    pub broken: bool,
}

impl Corrections {
    pub fn new(n_corrections: usize) -> Self {
        Self {
            cues: CueChooser::new(n_corrections),
            present: vec![false; n_corrections],
            seen: Vec::new(),
            joints: Vec::new(),
        }
    }

    /// Reads this frame's faults and joint colours. `coaching` = setup reached and view
    /// right; `phase_known` = the phase machine could decide.
    pub fn look(
        &mut self,
        ex: &Exercise,
        ev: &Evaluator<'_>,
        phase: Option<usize>,
        coaching: bool,
        phase_known: bool,
    ) {
        for (i, c) in ex.corrections.iter().enumerate() {
            let was = self.cues.present(i);
            let present = coaching
                && phase_known
                && c.applies_in(phase)
                && ev.all_hold(&c.when, was) == Some(true);
            if let Some(slot) = self.present.get_mut(i) {
                *slot = present;
            }
        }
        self.joints = joint_statuses(ex, ev, phase, coaching, &self.present);
    }

    /// Whether a fault present breaks the hold (`phase` = the current phase).
    pub fn hold_break(&self, ex: &Exercise, phase: Option<usize>, now: f64) -> HoldBreak {
        let at_hold = phase == Some(ex.hold_phase);
        let mut out = HoldBreak {
            in_hold: false,
            broken: false,
        };
        for (i, c) in ex.corrections.iter().enumerate() {
            if !c.breaks_hold || self.present.get(i) != Some(&true) {
                continue;
            }
            out.in_hold |= at_hold;
            out.broken |= self
                .cues
                .persisted(i, now, c.persist_secs.min(HOLD_BREAK_SECS));
        }
        out
    }

    /// The message of the first hold-breaking fault present (why the hold paused).
    pub fn breaking_message<'a>(&self, ex: &'a Exercise) -> Option<&'a str> {
        ex.corrections
            .iter()
            .zip(&self.present)
            .find(|(c, present)| **present && c.breaks_hold)
            .map(|(c, _)| c.message.as_str())
    }

    /// The corrections whose fault has lasted its persist time.
    pub fn persisted<'a>(&'a self, ex: &'a Exercise, now: f64) -> impl Iterator<Item = usize> + 'a {
        ex.corrections
            .iter()
            .enumerate()
            .filter(move |(i, c)| self.cues.persisted(*i, now, c.persist_secs))
            .map(|(i, _)| i)
    }

    /// One frame: while coaching, the best of the persisted faults and `extra` (the
    /// coach's own cue) is shown; otherwise nothing is.
    pub fn step(
        &mut self,
        ex: &Exercise,
        coaching: bool,
        extra: Option<ExtraCue>,
        now: f64,
    ) -> Option<CoachEvent> {
        self.cues.shown_fixed = self.shown_looks_fixed(ex);
        let step = if coaching {
            self.cues.update(
                &ex.corrections,
                &self.present,
                extra,
                now,
                ex.tuning.min_show_secs,
            )
        } else {
            self.cues.clear()
        };
        self.event(step)
    }

    /// Whether the correction on screen is one of the exercise's, no longer present, and
    /// every measure it reads is drawn good now (showing it would contradict the picture).
    fn shown_looks_fixed(&self, ex: &Exercise) -> bool {
        let Some(CueId::Correction(i)) = self.cues.shown.as_ref().map(|s| s.cue) else {
            return false;
        };
        let (Some(c), Some(false)) = (ex.corrections.get(i), self.present.get(i).copied()) else {
            return false;
        };
        c.when.iter().all(|cond| {
            let id = ex.measure(cond.measure).map(|m| m.id.as_str());
            self.joints
                .iter()
                .any(|j| Some(j.measure.as_str()) == id && j.state == JointState::Good)
        })
    }

    /// The person left: no faults, no joints; once `gone` (past the grace time) the
    /// correction is taken down too.
    pub fn absent(&mut self, gone: bool) -> Option<CoachEvent> {
        self.present.fill(false);
        self.joints.clear();
        if !gone {
            return None;
        }
        let step = self.cues.clear();
        self.event(step)
    }

    /// The exercise is done: the correction shown is taken down.
    pub fn finish(&mut self) -> Option<CoachEvent> {
        self.cues
            .shown
            .take()
            .map(|_| CoachEvent::CorrectionCleared)
    }

    fn event(&mut self, step: CueStep) -> Option<CoachEvent> {
        match step {
            CueStep::Show { cue, id, message } => {
                if !self.seen.contains(&cue) {
                    self.seen.push(cue);
                }
                Some(CoachEvent::Correction { id, message })
            }
            CueStep::Cleared => Some(CoachEvent::CorrectionCleared),
            CueStep::None => None,
        }
    }

    /// The correction on screen.
    pub fn shown(&self) -> Option<ShownCorrection> {
        self.cues.shown.as_ref().map(|s| ShownCorrection {
            id: s.id.clone(),
            message: s.message.clone(),
            priority: s.priority,
            since: Timestamp::from_secs_f64(s.since),
        })
    }

    /// Checked measures and their colours on the last frame.
    pub fn joints(&self) -> &[JointStatus] {
        &self.joints
    }

    /// The ids of the cues shown during the attempt, in the order first shown.
    pub fn seen_ids(&self, ex: &Exercise) -> Vec<String> {
        self.seen
            .iter()
            .filter_map(|cue| match *cue {
                CueId::Correction(i) => ex.corrections.get(i).map(|c| c.id.clone()),
                CueId::Own(own) => Some(own.id().to_owned()),
            })
            .collect()
    }
}

/// The measures checked now and how each looks: while coaching, those of the phases
/// and of the corrections that apply in `phase`; before, those of the setup.
fn joint_statuses(
    ex: &Exercise,
    ev: &Evaluator<'_>,
    phase: Option<usize>,
    coaching: bool,
    present: &[bool],
) -> Vec<JointStatus> {
    let mut checked: Vec<usize> = Vec::new();
    let mut add = |i: usize| {
        if !checked.contains(&i) {
            checked.push(i);
        }
    };
    if coaching {
        for p in &ex.phases {
            for c in &p.when {
                add(c.measure);
            }
        }
        for c in ex.corrections.iter().filter(|c| c.applies_in(phase)) {
            for cond in &c.when {
                add(cond.measure);
            }
        }
    } else {
        for c in &ex.setup.when {
            add(c.measure);
        }
    }
    checked
        .into_iter()
        .filter_map(|i| {
            let m = ex.measure(i)?;
            let value = ev.value(i);
            let state = match value {
                None => JointState::Unknown,
                Some(v) => joint_state(ex, i, v, phase, coaching, present),
            };
            Some(JointStatus {
                measure: m.id.clone(),
                landmarks: ev.landmarks_of(i),
                value: value.map(|v| m.unit().shown(v)),
                unit: m.unit(),
                state,
            })
        })
        .collect()
}

/// Measure `i` at value `v`: wrong when a present fault reads it; borderline inside a
/// fault's margin (or, before coaching, just outside the setup range).
fn joint_state(
    ex: &Exercise,
    i: usize,
    v: f32,
    phase: Option<usize>,
    coaching: bool,
    present: &[bool],
) -> JointState {
    let wrong = ex.corrections.iter().enumerate().any(|(ci, c)| {
        present.get(ci) == Some(&true) && c.when.iter().any(|cond| cond.measure == i)
    });
    let border = ex
        .corrections
        .iter()
        .filter(|c| c.applies_in(phase))
        .flat_map(|c| c.when.iter())
        .filter(|cond| cond.measure == i)
        .any(|cond| cond.holds(v, true) && !cond.holds(v, false))
        || (!coaching
            && ex
                .setup
                .when
                .iter()
                .any(|cond| cond.measure == i && !cond.holds(v, false)));
    if wrong {
        JointState::Wrong
    } else if border {
        JointState::Borderline
    } else {
        JointState::Good
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bridge() -> Exercise {
        let catalog = crate::content::load_default().expect("the built-in content loads");
        catalog.get("bridge").expect("bridge exists").clone()
    }

    /// Steps at 10 fps with fault 0 present, coaching; returns the events.
    fn run(c: &mut Corrections, ex: &Exercise, from: f64, to: f64) -> Vec<CoachEvent> {
        let mut out = Vec::new();
        for k in 0..=((to - from) * 10.0).round() as usize {
            c.present[0] = true;
            out.extend(c.step(ex, true, None, from + k as f64 / 10.0));
        }
        out
    }

    #[test]
    fn a_shown_correction_is_recorded_once_and_taken_down_when_done() {
        let ex = bridge();
        let mut c = Corrections::new(ex.corrections.len());
        let shown = run(&mut c, &ex, 0.0, 3.0);
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(
            matches!(&shown[0], CoachEvent::Correction { id, .. } if *id == ex.corrections[0].id)
        );
        assert!(c.persisted(&ex, 3.0).any(|i| i == 0));
        // Not coaching: taken down; shown again later: still one entry in the record.
        assert_eq!(
            c.step(&ex, false, None, 3.1),
            Some(CoachEvent::CorrectionCleared)
        );
        run(&mut c, &ex, 3.2, 6.0);
        assert_eq!(c.seen_ids(&ex), [ex.corrections[0].id.clone()]);
        assert_eq!(c.finish(), Some(CoachEvent::CorrectionCleared));
        assert_eq!(c.finish(), None);
    }

    #[test]
    fn a_hold_breaking_fault_breaks_the_hold_after_a_moment() {
        let ex = bridge();
        let Some(i) = ex.corrections.iter().position(|c| c.breaks_hold) else {
            return;
        };
        let mut c = Corrections::new(ex.corrections.len());
        let hold = Some(ex.hold_phase);
        c.present[i] = true;
        c.cues.update(&ex.corrections, &c.present, None, 0.0, 2.5);
        let at_once = c.hold_break(&ex, hold, 0.0);
        assert!(at_once.in_hold && !at_once.broken);
        assert!(c.hold_break(&ex, hold, f64::from(HOLD_BREAK_SECS)).broken);
        assert_eq!(
            c.breaking_message(&ex),
            Some(ex.corrections[i].message.as_str())
        );
        assert_eq!(c.absent(false), None);
        assert_eq!(c.breaking_message(&ex), None);
    }
}
