//! Pain, where it happens.
//!
//! Two things are recorded. A rating from 0 (none) to 10 at the start and the end of a
//! session, which the person may skip (a skipped rating is kept as skipped, so "no answer"
//! is not mistaken for "no pain"). And "It hurts" (a button, the `H` key) at any moment of
//! an exercise: the routine pauses, and the record says where the person was — the
//! exercise, side, rep, phase, seconds held and the value of every measure the exercise
//! checks ("pain at 38° trunk in cobra, rep 3") — and the guide's advice is shown: stop, and
//! the red flags that need a clinician. The session goes on only when the person resumes.

use crate::coach::CoachView;
use crate::content::{Side, Unit};
use crate::guide;
use crate::session::{MeasureValue, Pain, PainWhen};

/// Which pain ratings a session has had (a session that ends without an end rating has
/// none in its file: not answered).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PainAnswers {
    pub start: bool,
    pub end: bool,
}

impl PainAnswers {
    /// The rating to ask for now: the start one until it is given or skipped, then the end
    /// one (which may be given again: the last counts).
    pub fn question(self) -> PainWhen {
        if self.start {
            PainWhen::End
        } else {
            PainWhen::Start
        }
    }

    pub fn answered(&mut self, when: PainWhen) {
        match when {
            PainWhen::Start => self.start = true,
            PainWhen::End => self.end = true,
        }
    }
}

/// The `pain` record for "It hurts" now, from the coach's view.
pub fn pain_record(view: &CoachView) -> Pain {
    Pain {
        exercise: view.exercise_id.to_string(),
        side: view.side.filter(|s| *s != Side::Both),
        rep: view.reps_done + 1,
        phase: view.phase.clone(),
        hold_secs: if view.holding {
            f64::from(view.hold_elapsed_secs)
        } else {
            0.0
        },
        measures: view
            .joints
            .iter()
            .filter_map(|j| {
                let value = j.value.filter(|v| v.is_finite())?;
                Some(MeasureValue {
                    measure: j.measure.clone(),
                    value: f64::from(value),
                    unit: match j.unit {
                        Unit::Angle => "deg",
                        Unit::Torso => "torso",
                    }
                    .to_owned(),
                })
            })
            .collect(),
    }
}

/// The `pain` record for "It hurts" when the coach has no view of the exercise (getting
/// ready, resting): the exercise and the rep under way after `reps_done`, no measures.
pub fn pain_without_view(exercise: &str, reps_done: u32) -> Pain {
    Pain {
        exercise: exercise.to_owned(),
        side: None,
        rep: reps_done + 1,
        phase: None,
        hold_secs: 0.0,
        measures: Vec::new(),
    }
}

/// "pain in Cobra at trunk 38°, rep 3, left side, after 4 s held" — the first angle
/// measure (the exercise's key one when `key` names it) with where the person was; the rep
/// only when the exercise `counts_reps` (a single hold has no "rep 1").
pub fn describe(p: &Pain, exercise_name: &str, key: Option<&str>, counts_reps: bool) -> String {
    let angle = p
        .measures
        .iter()
        .filter(|m| m.unit == "deg")
        .find(|m| key.is_none_or(|k| k == m.measure))
        .or_else(|| p.measures.iter().find(|m| m.unit == "deg"));
    let mut s = format!("pain in {exercise_name}");
    if let Some(m) = angle {
        s += &format!(" at {} {:.0}°", m.measure, m.value);
    }
    if counts_reps {
        s += &format!(", rep {}", p.rep);
    }
    if let Some(side) = p.side {
        s += &format!(", {} side", side.name());
    }
    if p.hold_secs >= 1.0 {
        s += &format!(", after {:.0} s held", p.hold_secs);
    }
    s
}

/// What the guide says when it hurts: stop, and when to see a clinician.
pub fn advice() -> String {
    format!(
        "{} {} {}",
        guide::STOP_IF_IT_HURTS,
        guide::RED_FLAGS_INTRO,
        guide::RED_FLAGS.join("; ")
    )
}

/// A rating the person gave, kept within 0–10.
pub fn rating(value: u8) -> u8 {
    value.min(10)
}
