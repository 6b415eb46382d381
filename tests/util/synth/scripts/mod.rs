//! The exercise table: for every exercise in `content/`, how the stick figure performs it in
//! correct form and in each wrong form its corrections name (in the order the tests list
//! them), and its characteristic still position for recognition.
//!
//! Each wrong form's body is the correct body with the fault applied (struct update on the
//! correct pose), named after the correction, so a row reads "the same movement, but ...".
//! Poses are in degrees as [`BodyPose`] describes them; timings in seconds. `reps.rs` holds
//! the exercises done as repeated reps, `holds.rs` the held stretches and the lying still.

use super::figure::BodyPose;
use super::perform::{Exercise, Fidget, Form, Outcome, Secs, Step, Times};

mod holds;
mod reps;

pub(super) const EXERCISES: &[Exercise] = &[
    reps::BRIDGE,
    reps::COBRA,
    reps::CAT,
    holds::KNEE_TO_CHEST,
    holds::DIAPHRAGMATIC_BREATHING,
    holds::PELVIC_TILT,
    reps::SUPINE_ARM_RAISE,
    holds::CORPSE,
    holds::SEATED_HAMSTRING,
    holds::THREAD_THE_NEEDLE,
    holds::CHILDS_POSE,
];

const SUPINE: BodyPose = BodyPose::supine();
const KNEES_BENT: BodyPose = BodyPose::supine_knees_bent();
const PRONE: BodyPose = BodyPose::prone();
const TABLETOP: BodyPose = BodyPose::tabletop();
const SEATED: BodyPose = BodyPose::seated();

const fn to(body: BodyPose, secs: f32) -> Step {
    Step::To(body, secs)
}

const fn hold(secs: f32) -> Step {
    Step::Hold(Secs::Fixed(secs))
}

/// Holds the dose plus `margin` seconds (the coach needs a moment to see the hold start).
const fn hold_dose(margin: f32) -> Step {
    Step::Hold(Secs::HoldPlus(margin))
}

/// The steps the dose's reps times.
const fn dose_reps(steps: &'static [Step]) -> Step {
    Step::Repeat(Times::Dose, steps)
}

/// The steps twice (wrong forms of a rep exercise show two reps).
const fn twice(steps: &'static [Step]) -> Step {
    Step::Repeat(Times::Fixed(2), steps)
}

/// One rep: to `up` over `ramp`, hold, back to `down` over `ramp`, rest 1 s.
const fn lift(down: BodyPose, up: BodyPose, ramp: f32, hold: Secs) -> [Step; 4] {
    [
        to(up, ramp),
        Step::Hold(hold),
        to(down, ramp),
        Step::Hold(Secs::Fixed(1.0)),
    ]
}

/// A wrong form of a single position: from `rest` into the faulty `pose` over 2 s, held
/// 6 s, back.
const fn fault(rest: BodyPose, pose: BodyPose) -> [Step; 4] {
    lift(rest, pose, 2.0, Secs::Fixed(6.0))
}

/// A form whose fault stops the hold timer.
const fn breaks(start: BodyPose, steps: &'static [Step]) -> Form {
    Form {
        start,
        steps,
        outcome: Outcome::Breaks,
    }
}

/// A form whose cue leaves the hold running, so `reps` still count.
const fn cue(start: BodyPose, steps: &'static [Step], reps: u32, done: bool) -> Form {
    Form {
        start,
        steps,
        outcome: Outcome::Cue {
            reps: Times::Fixed(reps),
            done,
        },
    }
}

/// Correct form.
const fn completes(start: BodyPose, steps: &'static [Step], reps: Times) -> Form {
    Form {
        start,
        steps,
        outcome: Outcome::Completes(reps),
    }
}
