//! What the coach says: the events of one attempt, in the order they happen, and the
//! summary of what the attempt achieved.
//!
//! These shapes are the coach's public contract: the app routes the events to the
//! routine, the audio cues and the session record, and the CLI prints them. The state
//! machines inside the coach use indices and small enums; names and messages are only
//! resolved here, at the edge.

use crate::content::{ExerciseId, Side};

/// Something that happened, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum CoachEvent {
    /// The starting posture was reached; coaching begins.
    SetupOk,
    /// The starting posture was lost (or the person left): show `prompt`.
    SetupLost {
        prompt: String,
    },
    /// Entered a phase (by id).
    PhaseEntered {
        phase: String,
    },
    HoldStarted,
    HoldPaused {
        reason: String,
    },
    HoldResumed,
    /// The hold reached its target (the tone); it goes on being timed while it lasts.
    HoldDone {
        secs: f32,
    },
    /// A hold that reached its target ended: all the seconds held with good form (past
    /// the target too), and the side it was held on when the coach knows it. This, not
    /// `HoldDone`, is the hold's record.
    HoldEnded {
        secs: f32,
        side: Option<Side>,
    },
    /// A hold ended before its target (a rep's top held short, a rep abandoned, the side
    /// changed, the attempt ended): the seconds held with good form, and the side it was
    /// held on when the coach knows it. Every stretch of holding ends in `HoldEnded` or this.
    HoldStopped {
        secs: f32,
        side: Option<Side>,
    },
    /// A rep was completed (`index` is 1-based within the current side step).
    Rep {
        index: u32,
        quality: RepQuality,
    },
    /// A rep whose top a hold-breaking fault cut short (before the dose's minimum): the
    /// person reached the range and came back, but in a form that stopped the hold. It is
    /// recorded, marked as a short hold, and does not count toward the dose; `index` is the
    /// rep it was an attempt at. (A quick top in good form is a [`CoachEvent::Rep`], its
    /// held seconds its quality.)
    ShortRep {
        index: u32,
        quality: RepQuality,
    },
    /// A correction is now shown (it replaces any earlier one). `id` is a correction id
    /// from the exercise file, or one of the coach's own cues: `switch_side` ("Now the
    /// right leg.") and `hold_longer` (a rep came down before the hold was done).
    Correction {
        id: String,
        message: String,
    },
    /// The shown correction was taken down.
    CorrectionCleared,
    /// All reps for one side step are done.
    SideDone {
        side: Side,
    },
    /// The camera view is wrong for this exercise.
    ViewWrong {
        prompt: String,
    },
    /// The camera view is right again.
    ViewOk,
    /// A needed body part cannot be seen.
    Unknown {
        what: String,
    },
    /// It can be seen again.
    Seen,
    /// Someone is in the picture but nothing has been able to count for a few seconds:
    /// why, and what to change (the view, the distance, a hidden body part, the start
    /// position). Said once per reason.
    CannotJudge {
        why: String,
    },
    ExerciseDone,
    /// A movement counted inside the hold (e.g. a pelvic tilt), 1-based.
    Movement {
        name: String,
        index: u32,
    },
}

/// How one rep went.
#[derive(Debug, Clone, PartialEq)]
pub struct RepQuality {
    /// The hold phase's ideal range (or the phase itself when none is given) was reached.
    pub range_reached: bool,
    /// From the start of the rep to its end.
    pub duration_secs: f32,
    /// The id of the highest-priority fault seen during the rep.
    pub worst_fault: Option<String>,
    /// Which side step the rep counted for.
    pub side: Option<Side>,
    /// Seconds the hold phase was held with good form (the dose's hold at most; less when
    /// a rep held at least the dose's minimum counted short).
    pub held_secs: f32,
}

/// A summary of a finished (or abandoned) attempt, e.g. for a video report.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptSummary {
    pub exercise_id: ExerciseId,
    pub reps: Vec<RepQuality>,
    /// Seconds held toward the dose: the holds of the reps that counted plus the hold
    /// under way (attempts abandoned before their hold was done are not included).
    pub held_secs: f32,
    pub sides_done: Vec<Side>,
    pub done: bool,
    pub corrections: Vec<String>,
    /// Movements counted inside the hold (pelvic tilts).
    pub movements: u32,
}
