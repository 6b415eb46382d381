//! What a screen draws: [`CoachView`], built on demand from the coach's state machines.
//!
//! Nothing here decides anything; it reads the machines and picks the one line to show
//! (the headline), most important first: the camera view, the setup, an unseen body
//! part, the correction, then the breathing pacer or the phase's cue.

use super::camera::VIEW_PROMPT;
use super::Coach;
use crate::body::LandmarkId;
use crate::content::ExerciseId;
use crate::content::{Pacer, Side, Unit};
use crate::frame::Timestamp;

/// How a checked joint looks, for colouring the skeleton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JointState {
    Good,
    /// Inside a hysteresis margin of a fault or just outside the phase range.
    Borderline,
    Wrong,
    Unknown,
}

/// One checked measure this frame.
#[derive(Debug, Clone, PartialEq)]
pub struct JointStatus {
    pub measure: String,
    pub landmarks: Vec<LandmarkId>,
    /// Degrees for angles, torso lengths for lengths; `None` when unknown.
    pub value: Option<f32>,
    pub unit: Unit,
    pub state: JointState,
}

/// The correction on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownCorrection {
    pub id: String,
    pub message: String,
    pub priority: i32,
    pub since: Timestamp,
}

/// The breathing pacer, when the exercise has one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreathCue {
    pub inhale: bool,
    /// Seconds left in this half-breath.
    pub secs_left: f32,
    /// Breaths completed (while the hold counted).
    pub breaths_done: u32,
    pub breaths_target: u32,
}

/// Everything a UI needs to draw the coach's state.
#[derive(Debug, Clone, PartialEq)]
pub struct CoachView {
    pub exercise_id: ExerciseId,
    pub exercise_name: String,
    /// Someone is in the frame.
    pub present: bool,
    pub setup_ok: bool,
    /// "Lie on your back, knees bent." while the setup is not reached.
    pub setup_prompt: Option<String>,
    /// While the setup is not reached: each of its conditions not met, with the value seen
    /// and the range needed ("knee angle 165°, needs 45–130°").
    pub not_yet: Vec<String>,
    /// Why nothing has counted for a few seconds although someone is there, and what to
    /// change.
    pub cannot_judge: Option<String>,
    /// "Turn side-on to the camera." while the view is wrong.
    pub view_prompt: Option<String>,
    /// "I can't see your knees." while a needed part is hidden.
    pub unknown: Option<String>,
    pub phase: Option<String>,
    /// The cue of the phase the measures are in: during the dwell before a phase is
    /// entered, already that phase's (never "lift your hips" with the hips up).
    pub phase_cue: Option<String>,
    pub holding: bool,
    pub hold_elapsed_secs: f32,
    pub hold_target_secs: f32,
    pub reps_done: u32,
    pub reps_target: u32,
    /// The working side now (for exercises with sides).
    pub side: Option<Side>,
    /// "leg", "arm" or "side".
    pub limb: Option<String>,
    pub sides_done: Vec<Side>,
    pub sides_remaining: Vec<Side>,
    pub correction: Option<ShownCorrection>,
    pub joints: Vec<JointStatus>,
    pub breath: Option<BreathCue>,
    /// Movements counted inside the hold (pelvic tilts), if the exercise counts any.
    pub movements: Option<MovementCount>,
    pub done: bool,
    /// The one line to show now, most important first: view, setup, unseen part,
    /// correction, phase cue.
    pub headline: String,
}

/// Movements counted inside the hold so far.
#[derive(Debug, Clone, PartialEq)]
pub struct MovementCount {
    /// e.g. "tilt".
    pub name: String,
    /// e.g. "tilts".
    pub plural: String,
    pub count: u32,
    /// One is under way and held long enough: it counts when the person relaxes.
    pub holding: bool,
}

impl Coach {
    /// Everything a UI needs now.
    pub fn view(&self) -> CoachView {
        let ex = &*self.ex;
        let phase = self.phases.current.and_then(|i| ex.phases.get(i));
        // The cue follows the measures, not the debounced phase.
        let prompted = self.phases.prompted().and_then(|i| ex.phases.get(i));
        let (sides_remaining, limb) = match &ex.sides {
            Some(rule) => (self.sides.remaining(rule), Some(rule.limb.clone())),
            None => (Vec::new(), None),
        };
        let holding = self.hold.started
            && !self.hold.paused_reported
            && !self.hold.done
            && self.phases.current == Some(ex.hold_phase);
        let mut view = CoachView {
            exercise_id: ex.id.clone(),
            exercise_name: ex.name.clone(),
            present: self.presence.present(),
            setup_ok: self.setup.ok(),
            setup_prompt: (!self.setup.ok() && !self.done).then(|| ex.setup.prompt.clone()),
            not_yet: self.not_yet.iter().map(|n| n.words.clone()).collect(),
            cannot_judge: self.waiting.shown().filter(|_| !self.done),
            view_prompt: (!self.camera.ok()).then(|| VIEW_PROMPT.to_owned()),
            unknown: self.unknown.reported(),
            phase: phase.map(|p| p.id.clone()),
            phase_cue: prompted.map(|p| p.cue.clone()).filter(|c| !c.is_empty()),
            holding,
            hold_elapsed_secs: self.hold.elapsed_secs as f32,
            hold_target_secs: ex.dose.hold_secs,
            reps_done: self.reps.in_step(),
            reps_target: ex.dose.reps,
            side: self.sides.working(ex),
            limb,
            sides_done: self.sides.done().to_vec(),
            sides_remaining,
            correction: self.corrections.shown(),
            joints: self.corrections.joints().to_vec(),
            // The pacer starts with the start position: no frozen "breath 0 / 5" while
            // the coach waits for it.
            breath: ex
                .pacer
                .filter(|_| self.setup.ok())
                .map(|p| breath_cue(p, self.hold.elapsed_secs)),
            movements: ex.movement.as_ref().map(|m| MovementCount {
                name: m.name.clone(),
                plural: m.plural.clone(),
                count: self.movement.count,
                holding: self.movement.holding(),
            }),
            done: self.done,
            headline: String::new(),
        };
        view.headline = headline(&view);
        view
    }
}

/// Where the breathing pacer is after `held_secs` of hold.
fn breath_cue(p: Pacer, held_secs: f64) -> BreathCue {
    let cycle = f64::from(p.inhale_secs + p.exhale_secs).max(0.1);
    let within = held_secs % cycle;
    let inhale = within < f64::from(p.inhale_secs);
    let secs_left = if inhale {
        f64::from(p.inhale_secs) - within
    } else {
        cycle - within
    };
    BreathCue {
        inhale,
        secs_left: secs_left as f32,
        breaths_done: ((held_secs / cycle).floor() as u32).min(p.breaths),
        breaths_target: p.breaths,
    }
}

/// The one line to show, most important first: why nothing counts once that has lasted,
/// then the view, the setup, an unseen part, the correction, the pacer or the phase's cue.
fn headline(view: &CoachView) -> String {
    let line = if view.done {
        "Well done."
    } else if !view.present {
        "Come into the picture."
    } else if let Some(c) = &view.cannot_judge {
        c
    } else if let Some(v) = &view.view_prompt {
        v
    } else if let Some(s) = &view.setup_prompt {
        s
    } else if let Some(u) = &view.unknown {
        u
    } else if let Some(c) = &view.correction {
        &c.message
    } else if let Some(b) = &view.breath {
        if b.inhale {
            "Breathe in…"
        } else {
            "Breathe out…"
        }
    } else {
        view.phase_cue.as_deref().unwrap_or_default()
    };
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pacer_alternates_and_counts_whole_breaths() {
        let p = Pacer {
            inhale_secs: 2.0,
            exhale_secs: 3.0,
            breaths: 2,
        };
        let start = breath_cue(p, 0.5);
        assert!(start.inhale && (start.secs_left - 1.5).abs() < 1e-6);
        let out = breath_cue(p, 3.0);
        assert!(!out.inhale && (out.secs_left - 2.0).abs() < 1e-6);
        assert_eq!(breath_cue(p, 7.0).breaths_done, 1);
        assert_eq!(breath_cue(p, 60.0).breaths_done, 2);
    }
}
