//! Scripted performances as data: each exercise is a table row ([`Exercise`]) holding its
//! correct [`Form`] and each wrong form a correction names, written as steps (move to a
//! body, hold, fidget, repeat) and the [`Outcome`] the coach should report. This file holds
//! the vocabulary and the one interpreter ([`script`]); the rows are in `scripts.rs`.
//!
//! Durations that follow the content file are [`Secs::HoldPlus`] (the dose's hold plus a
//! margin) and repeat counts that follow it are [`Times::Dose`], so a script keeps matching
//! `content/*.toml` when a dose changes.

use super::figure::BodyPose;
use super::script::Script;
use super::scripts::EXERCISES;

/// Every performance starts by lying (or sitting) still this long.
const SETTLE_SECS: f32 = 1.5;

/// What a scripted sequence should produce.
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    /// Reps completed in total (over all side steps).
    pub reps: u32,
    /// Total counted hold seconds (`None`: not checked, e.g. a wrong form that holds well
    /// for a moment before the fault starts).
    pub held_secs: Option<f32>,
    /// The correction that must fire (and no other), or none at all.
    pub correction: Option<String>,
    pub done: bool,
}

/// A scripted exercise performance.
#[derive(Debug, Clone, PartialEq)]
pub struct Performance {
    pub script: Script,
    pub expect: Expect,
}

/// The dose a script follows (from the content file, or a test's own numbers).
#[derive(Debug, Clone, Copy)]
pub(super) struct Dose {
    hold_secs: f32,
    reps: u32,
}

/// A duration in a script.
#[derive(Debug, Clone, Copy)]
pub(super) enum Secs {
    Fixed(f32),
    /// The dose's hold plus this margin.
    HoldPlus(f32),
}

impl Secs {
    fn of(self, dose: Dose) -> f32 {
        match self {
            Self::Fixed(s) => s,
            Self::HoldPlus(margin) => dose.hold_secs + margin,
        }
    }
}

/// A count in a script or an expectation.
#[derive(Debug, Clone, Copy)]
pub(super) enum Times {
    Fixed(u32),
    /// The dose's reps.
    Dose,
}

impl Times {
    fn of(self, dose: Dose) -> u32 {
        match self {
            Self::Fixed(n) => n,
            Self::Dose => dose.reps,
        }
    }
}

/// A small oscillation around the current body.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fidget {
    pub secs: f32,
    pub amp_deg: f32,
    pub period_secs: f32,
}

/// One step of a performance.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    /// Move to the body over the seconds.
    To(BodyPose, f32),
    /// Stay still.
    Hold(Secs),
    /// Arms, knees and head fidget ([`Script::fidget`]).
    Fidget(Fidget),
    /// Legs and head rock, the arms stay ([`Script::fidget_body`]).
    FidgetBody(Fidget),
    /// The steps, this many times.
    Repeat(Times, &'static [Step]),
}

impl Step {
    fn apply(&self, s: Script, dose: Dose) -> Script {
        match *self {
            Self::To(body, secs) => s.to(body, secs),
            Self::Hold(secs) => s.hold(secs.of(dose)),
            Self::Fidget(f) => s.fidget(f.secs, f.amp_deg, f.period_secs),
            Self::FidgetBody(f) => s.fidget_body(f.secs, f.amp_deg, f.period_secs),
            Self::Repeat(times, steps) => (0..times.of(dose)).fold(s, |s, _| run(s, steps, dose)),
        }
    }
}

fn run(s: Script, steps: &[Step], dose: Dose) -> Script {
    steps.iter().fold(s, |s, step| step.apply(s, dose))
}

/// What a form should make the coach report.
#[derive(Debug, Clone, Copy)]
pub(super) enum Outcome {
    /// Good form: this many reps, each holding the dose; the exercise completes.
    Completes(Times),
    /// A cue that does not stop the hold: its correction fires and the reps still count.
    Cue { reps: Times, done: bool },
    /// A fault that stops the hold timer: its correction fires, no rep, never completes
    /// (good form for a moment before the fault starts may count, so the hold is unchecked).
    Breaks,
}

impl Outcome {
    fn expect(self, dose: Dose, correction: Option<&str>) -> Expect {
        let (reps, done) = match self {
            Self::Completes(reps) => (reps.of(dose), true),
            Self::Cue { reps, done } => (reps.of(dose), done),
            Self::Breaks => (0, false),
        };
        Expect {
            reps,
            held_secs: (reps > 0 || done).then_some(reps as f32 * dose.hold_secs),
            correction: correction.map(str::to_owned),
            done,
        }
    }
}

/// One way of performing an exercise: a starting body, then the steps (after settling).
#[derive(Debug, Clone, Copy)]
pub(super) struct Form {
    pub start: BodyPose,
    pub steps: &'static [Step],
    pub outcome: Outcome,
}

/// An exercise's row: its characteristic still position, its correct form and its wrong
/// forms by correction id.
#[derive(Debug, Clone, Copy)]
pub(super) struct Exercise {
    pub id: &'static str,
    pub still: BodyPose,
    pub correct: Form,
    pub wrong: &'static [(&'static str, Form)],
}

fn exercise(id: &str) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|e| e.id == id)
}

/// The wrong forms [`script`] can perform for an exercise (ids of its corrections).
pub fn variants(exercise_id: &str) -> Vec<&'static str> {
    exercise(exercise_id).map_or_else(Vec::new, |e| e.wrong.iter().map(|(id, _)| *id).collect())
}

/// A performance of `exercise_id`: `variant` = `None` for correct form, or the id of a
/// correction whose fault it shows. The dose numbers come from the content file
/// (`hold_secs`, `reps`), so the script follows the content. `None` when unknown.
pub fn script(
    exercise_id: &str,
    variant: Option<&str>,
    hold_secs: f32,
    reps: u32,
) -> Option<Performance> {
    let ex = exercise(exercise_id)?;
    let variant = variant.filter(|v| !v.is_empty());
    let form = match variant {
        None => &ex.correct,
        Some(v) => &ex.wrong.iter().find(|(id, _)| *id == v)?.1,
    };
    let dose = Dose { hold_secs, reps };
    Some(Performance {
        script: run(Script::new(form.start).hold(SETTLE_SECS), form.steps, dose),
        expect: form.outcome.expect(dose, variant),
    })
}

/// A still pose of each exercise's characteristic position (for recognition tests), or
/// of a standing person for `"standing"`.
pub fn still_pose(exercise_id: &str) -> Option<BodyPose> {
    match exercise_id {
        "standing" => Some(BodyPose::standing()),
        id => exercise(id).map(|e| e.still),
    }
}
