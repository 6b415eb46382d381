//! The dose is the person's and their physiotherapist's (issue 28, item 8): the reps and the
//! hold of a routine exercise may be set in the app, within the ranges the guide gives
//! (`[dose] reps_range`, `hold_range_secs` in the shipped exercise file, from
//! `design/exercise-reference.md`). This is the policy, without a window: what the dialog
//! offers ([`offer`]), and what a choice becomes ([`set`]): refused with the guide's range
//! in words when outside it, else the [`DoseWrite`] that goes into the person's own copy of
//! the exercise file (`content::write_dose`), whose dose the routine, the summary and the
//! report then read ("set by you"). The ranges are always the shipped file's: a range
//! written by hand into the person's copy does not widen what the app lets them set.

use crate::content::{DoseLimits, DoseWrite, Exercise};

/// Holds closer than this are the same (seconds).
const SAME_SECS: f32 = 0.05;

/// A dose as the person sets it: reps per side step and the hold, seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoseChoice {
    pub reps: u32,
    pub hold_secs: f32,
}

impl DoseChoice {
    /// The dose `ex` has now.
    pub fn of(ex: &Exercise) -> Self {
        Self {
            reps: ex.dose.reps,
            hold_secs: ex.dose.hold_secs,
        }
    }

    fn same(self, other: Self) -> bool {
        self.reps == other.reps && (self.hold_secs - other.hold_secs).abs() < SAME_SECS
    }
}

/// Why a dose cannot be set.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DoseRefused {
    #[error("{name} is your own exercise: change its dose with Edit.")]
    OwnExercise { name: String },
    #[error("The guide gives one dose for {name} ({text}); it cannot be changed here.")]
    OneDose { name: String, text: String },
    #[error("Reps for {name}: the guide's range is {lo}–{hi}; {got} is outside it.")]
    Reps {
        name: String,
        lo: u32,
        hi: u32,
        got: u32,
    },
    #[error("{name} gives {reps} reps; the guide has no range for them.")]
    RepsFixed { name: String, reps: u32 },
    #[error("Hold for {name}: the guide's range is {lo}–{hi}; {got} is outside it.")]
    Hold {
        name: String,
        lo: String,
        hi: String,
        got: String,
    },
    #[error("{name} holds {hold}; the guide has no range for it.")]
    HoldFixed { name: String, hold: String },
}

/// What the dose dialog offers for one exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct DoseOffer {
    pub name: String,
    pub limits: DoseLimits,
    /// The dose now (the person's, when they set one).
    pub current: DoseChoice,
    /// The guide's dose, for "Back to the guide's dose".
    pub guide: DoseChoice,
    /// One paced breath, seconds (breathing exercises are set in breaths).
    pub breath_secs: Option<f32>,
}

/// What the dialog offers for `current` (the exercise as the routine reads it), with the
/// limits of `shipped` (the guide's file; `None`: the person's own exercise).
pub fn offer(shipped: Option<&Exercise>, current: &Exercise) -> Result<DoseOffer, DoseRefused> {
    let Some(shipped) = shipped else {
        return Err(DoseRefused::OwnExercise {
            name: current.name.clone(),
        });
    };
    if !shipped.dose_limits.editable() {
        return Err(DoseRefused::OneDose {
            name: shipped.name.clone(),
            text: shipped.dose.text.clone(),
        });
    }
    Ok(DoseOffer {
        name: shipped.name.clone(),
        limits: shipped.dose_limits,
        current: DoseChoice::of(current),
        guide: DoseChoice::of(shipped),
        breath_secs: breath_secs(shipped),
    })
}

/// `choice` for the guide's exercise `shipped`, checked against the guide's ranges: what to
/// write into the person's copy, or why not. The guide's own dose gives back the guide's
/// file's dose exactly (its words too), so the report says "the guide" again.
pub fn set(shipped: &Exercise, choice: DoseChoice) -> Result<DoseWrite, DoseRefused> {
    let name = || shipped.name.clone();
    let d = &shipped.dose;
    match shipped.dose_limits.reps {
        Some((lo, hi)) if !(lo..=hi).contains(&choice.reps) => {
            return Err(DoseRefused::Reps {
                name: name(),
                lo,
                hi,
                got: choice.reps,
            })
        }
        None if choice.reps != d.reps => {
            return Err(DoseRefused::RepsFixed {
                name: name(),
                reps: d.reps,
            })
        }
        _ => {}
    }
    match shipped.dose_limits.hold_secs {
        Some((lo, hi))
            if !choice.hold_secs.is_finite()
                || choice.hold_secs < lo - SAME_SECS
                || choice.hold_secs > hi + SAME_SECS =>
        {
            return Err(DoseRefused::Hold {
                name: name(),
                lo: secs_words(lo),
                hi: secs_words(hi),
                got: secs_words(choice.hold_secs),
            })
        }
        None if (choice.hold_secs - d.hold_secs).abs() >= SAME_SECS => {
            return Err(DoseRefused::HoldFixed {
                name: name(),
                hold: secs_words(d.hold_secs),
            })
        }
        _ => {}
    }
    let guide = DoseChoice::of(shipped);
    let choice = DoseChoice {
        reps: choice.reps,
        // Breaths are whole; the hold is a tenth of a second at most.
        hold_secs: match breath_secs(shipped) {
            Some(b) => (choice.hold_secs / b).round().max(1.0) * b,
            None => (choice.hold_secs * 10.0).round() / 10.0,
        },
    };
    let breaths = |h: f32| breath_secs(shipped).map(|b| (h / b).round().max(1.0) as u32);
    if choice.same(guide) {
        return Ok(DoseWrite {
            reps: d.reps,
            hold_secs: d.hold_secs,
            min_hold_secs: (d.min_hold_secs < d.hold_secs).then_some(d.min_hold_secs),
            hold_max_secs: d.hold_max_secs,
            text: d.text.clone(),
            breaths: shipped.pacer.map(|p| p.breaths),
        });
    }
    Ok(DoseWrite {
        reps: choice.reps,
        hold_secs: choice.hold_secs,
        // A rep held a little short still counts as the guide's file says, never more than
        // the hold itself.
        min_hold_secs: (d.min_hold_secs < d.hold_secs)
            .then_some(d.min_hold_secs.min(choice.hold_secs)),
        hold_max_secs: d.hold_max_secs.map(|m| m.max(choice.hold_secs)),
        text: dose_words(shipped, choice),
        breaths: breaths(choice.hold_secs),
    })
}

/// The dose in words as the person set it: "8 reps, hold 7 s", "hold 45 s each side",
/// "3 × 20 s", "10 slow breaths". Only the reps changed keeps the guide's words with the
/// new number ("8 reps: sag, then arch").
pub fn dose_words(ex: &Exercise, c: DoseChoice) -> String {
    let d = &ex.dose;
    if let Some(b) = breath_secs(ex) {
        return format!("{} slow breaths", (c.hold_secs / b).round().max(1.0));
    }
    let old_reps = format!("{} reps", d.reps);
    if (c.hold_secs - d.hold_secs).abs() < SAME_SECS && d.text.starts_with(&old_reps) {
        return d.text.replacen(&old_reps, &format!("{} reps", c.reps), 1);
    }
    let each = ex.sides.as_ref().map_or(String::new(), |s| {
        let both = s.steps.contains(&crate::content::Side::Both);
        format!(" each {}{}", s.limb, if both { ", then both" } else { "" })
    });
    let hold = secs_words(c.hold_secs);
    match c.reps {
        1 => format!("hold {hold}{each}"),
        n if c.hold_secs >= 15.0 => format!("{n} × {hold}{each}"),
        n => format!("{n} reps, hold {hold}{each}"),
    }
}

/// One paced breath of `ex`, seconds, for a paced breathing exercise whose hold is its
/// breaths.
fn breath_secs(ex: &Exercise) -> Option<f32> {
    ex.pacer
        .filter(|p| p.breaths > 0)
        .map(|p| p.inhale_secs + p.exhale_secs)
        .filter(|b| *b > 0.0)
}

/// "7 s", "2.5 s", "3 minutes", "2 min 30 s".
pub fn secs_words(secs: f32) -> String {
    let whole = (secs - secs.round()).abs() < SAME_SECS;
    if secs >= 120.0 && whole {
        let s = secs.round() as u32;
        return match (s / 60, s % 60) {
            (m, 0) => format!("{m} minutes"),
            (m, r) => format!("{m} min {r} s"),
        };
    }
    if whole {
        format!("{:.0} s", secs)
    } else {
        format!("{:.1} s", secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(id: &str) -> Exercise {
        crate::content::load_default()
            .expect("content loads")
            .get(id)
            .expect("exercise")
            .clone()
    }

    #[test]
    fn every_shipped_dose_lies_inside_its_own_range() {
        let catalog = crate::content::load_default().expect("content loads");
        for ex in &catalog.exercises {
            let l = ex.dose_limits;
            if let Some((lo, hi)) = l.reps {
                assert!((lo..=hi).contains(&ex.dose.reps), "{}", ex.id);
            }
            if let Some((lo, hi)) = l.hold_secs {
                assert!(
                    lo <= ex.dose.hold_secs && ex.dose.hold_secs <= hi,
                    "{}",
                    ex.id
                );
                // A progression's longer hold (hold_max_secs) is inside the range too.
                if let Some(m) = ex.dose.hold_max_secs {
                    assert!(m <= hi, "{}", ex.id);
                }
            }
            // Inside its own range, set() gives the guide's dose back unchanged.
            if l.editable() {
                let w = set(ex, DoseChoice::of(ex)).expect("the guide's dose");
                assert_eq!(
                    (w.reps, w.text.as_str()),
                    (ex.dose.reps, ex.dose.text.as_str())
                );
            }
        }
    }

    #[test]
    fn a_dose_outside_the_guide_is_refused_with_the_range() {
        let bridge = shipped("bridge");
        let too_many = set(
            &bridge,
            DoseChoice {
                reps: 12,
                hold_secs: 2.0,
            },
        )
        .expect_err("12 reps is past 5–10");
        assert_eq!(
            too_many.to_string(),
            "Reps for Bridge: the guide's range is 5–10; 12 is outside it."
        );
        let too_long = set(
            &bridge,
            DoseChoice {
                reps: 8,
                hold_secs: 6.0,
            },
        )
        .expect_err("6 s is past 1–4 s");
        assert_eq!(
            too_long.to_string(),
            "Hold for Bridge: the guide's range is 1 s–4 s; 6 s is outside it."
        );
        // Pelvic tilt: the guide gives one dose.
        let tilt = shipped("pelvic_tilt");
        let one = offer(Some(&tilt), &tilt).expect_err("one dose");
        assert!(one.to_string().contains("60 s of gentle tilts"), "{one}");
        // Supine arm raise: the hold has a range, the reps do not.
        let arms = shipped("supine_arm_raise");
        assert!(matches!(
            set(
                &arms,
                DoseChoice {
                    reps: 4,
                    hold_secs: 30.0
                }
            ),
            Err(DoseRefused::RepsFixed { reps: 3, .. })
        ));
        // The person's own exercise is edited with Edit, not here.
        assert!(matches!(
            offer(None, &arms),
            Err(DoseRefused::OwnExercise { .. })
        ));
    }

    #[test]
    fn a_dose_inside_the_guide_is_written_in_words() {
        let bridge = shipped("bridge");
        let w = set(
            &bridge,
            DoseChoice {
                reps: 8,
                hold_secs: 2.0,
            },
        )
        .expect("inside");
        assert_eq!(w.text, "8 reps, hold the top 1–2 s");
        assert_eq!(w.min_hold_secs, Some(1.0));
        let w = set(
            &bridge,
            DoseChoice {
                reps: 6,
                hold_secs: 3.0,
            },
        )
        .expect("inside");
        assert_eq!((w.reps, w.hold_secs), (6, 3.0));
        assert_eq!(w.text, "6 reps, hold 3 s");
        let knee = shipped("knee_to_chest");
        let w = set(
            &knee,
            DoseChoice {
                reps: 2,
                hold_secs: 20.0,
            },
        )
        .expect("inside");
        assert_eq!(w.text, "2 × 20 s each leg, then both");
        assert_eq!(w.hold_max_secs, Some(30.0));
        assert_eq!(w.min_hold_secs, None, "the hold is the least that counts");
        // Breathing is set in breaths: 10 breaths of 10 s.
        let breathe = shipped("diaphragmatic_breathing");
        let w = set(
            &breathe,
            DoseChoice {
                reps: 1,
                hold_secs: 97.0,
            },
        )
        .expect("inside");
        assert_eq!((w.hold_secs, w.breaths), (100.0, Some(10)));
        assert_eq!(w.text, "10 slow breaths");
        assert_eq!(secs_words(150.0), "2 min 30 s");
        assert_eq!(secs_words(180.0), "3 minutes");
    }
}
