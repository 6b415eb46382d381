//! Headless analysis: a whole recorded stream of poses (a video) or one pose (a photo) through
//! recognition and the coach, summarised as a report. Pure: poses and timestamps in, report
//! out; `formcheck analyze` and the real-clip tests share it.
//!
//! A clip runs through the same [`Stream`] as the app's worker, and its reps (quick ones
//! marked short), holds (completed or stopped short), movements and corrections are the
//! records the app books ([`super::recorder::record_for`]), so the app's session and the
//! report agree; the report adds what only a whole clip shows: the attempts at the held
//! position.

use super::recorder::record_for;
use super::stream::Stream;
use crate::body::Pose;
use crate::coach::{recognize, Coach, CoachEvent, JointState};
use crate::content::{Catalog, ContentError, Exercise, ExerciseId};
use crate::frame::Timestamp;
use crate::session::Record;

/// Which exercise to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExerciseChoice {
    /// Recognise it from the poses (routine exercises only).
    Auto,
    Id(String),
}

impl std::str::FromStr for ExerciseChoice {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(if s == "auto" {
            Self::Auto
        } else {
            Self::Id(s.to_owned())
        })
    }
}

/// Share of the frames with a person that must vote for one exercise before a clip is
/// taken to be that exercise.
pub const MIN_VOTE_SHARE: f32 = 0.4;

/// One counted rep.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RepReport {
    pub index: u32,
    pub t_s: f64,
    pub side: Option<String>,
    pub range_reached: bool,
    pub duration_secs: f32,
    /// Seconds the top of the rep was held with good form.
    pub held_secs: f32,
    pub worst_fault: Option<String>,
}

/// One stretch of holding the position (one `hold` record).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HoldReport {
    /// Its end less the seconds held (earlier when the hold paused inside).
    pub start_s: f64,
    pub end_s: f64,
    pub secs: f32,
    /// The dose's hold time was reached.
    pub completed: bool,
}

/// A correction as it was shown.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CorrectionReport {
    pub t_s: f64,
    pub id: String,
    pub message: String,
}

/// Why nothing could count for a while, as the coach said it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CannotJudgeReport {
    pub t_s: f64,
    pub why: String,
}

/// The report for a video (`formcheck analyze --json`, an API boundary: see the README).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClipReport {
    /// The exercise checked; `None` when recognition found none of the routine's.
    pub exercise: Option<ExerciseId>,
    /// Share of person frames that voted for it (1.0 when given by the user).
    pub confidence: f32,
    pub frames: usize,
    pub frames_with_person: usize,
    pub reps: Vec<RepReport>,
    /// Quick reps: the range was reached but the top held less than the dose's minimum;
    /// they do not count toward the dose.
    pub short_reps: Vec<RepReport>,
    /// Times the person went into the held position (the top of a rep, or the stretch of
    /// a hold exercise) once set up: counted reps plus attempts that did not count.
    pub attempts: u32,
    /// What the exercise counts inside its hold, e.g. "tilts"; `null` when nothing.
    pub movement_plural: Option<String>,
    /// Times of the movements counted inside the hold (pelvic tilts), seconds.
    pub movements: Vec<f64>,
    pub holds: Vec<HoldReport>,
    /// Seconds the position was held with good form, in total.
    pub held_secs: f32,
    pub corrections: Vec<CorrectionReport>,
    /// When someone was in the picture but nothing could count for a few seconds: why.
    pub cannot_judge: Vec<CannotJudgeReport>,
    pub done: bool,
}

fn exercise<'c>(catalog: &'c Catalog, id: &str) -> Result<&'c Exercise, ContentError> {
    catalog.get(id)
}

/// Votes per frame for the routine exercise each pose looks like.
pub fn recognise_stream(
    catalog: &Catalog,
    poses: &[(Timestamp, Option<Pose>)],
) -> Option<(ExerciseId, f32)> {
    let candidates = catalog.routine_exercises();
    let mut votes: Vec<(ExerciseId, usize)> = Vec::new();
    let mut with_person = 0usize;
    for pose in poses.iter().filter_map(|(_, p)| p.as_ref()) {
        with_person += 1;
        if let Some(best) = recognize(&candidates, pose).best {
            match votes.iter_mut().find(|(id, _)| *id == best) {
                Some((_, n)) => *n += 1,
                None => votes.push((best, 1)),
            }
        }
    }
    votes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let (id, n) = votes.into_iter().next()?;
    let share = n as f32 / with_person.max(1) as f32;
    (share >= MIN_VOTE_SHARE).then_some((id, share))
}

/// Adds one booked record at `t` to the report.
fn report_record(report: &mut ClipReport, t: f64, record: Record) {
    match record {
        Record::Rep(rep) => {
            let list = if rep.quality.short_hold {
                &mut report.short_reps
            } else {
                &mut report.reps
            };
            list.push(RepReport {
                index: rep.index,
                t_s: t,
                side: rep.side.map(|s| s.name().to_owned()),
                range_reached: rep.quality.range_reached,
                duration_secs: rep.quality.duration_secs as f32,
                held_secs: rep.quality.held_secs.unwrap_or_default() as f32,
                worst_fault: rep.quality.worst_fault,
            });
        }
        Record::Hold(hold) => report.holds.push(HoldReport {
            start_s: t - hold.secs,
            end_s: t,
            secs: hold.secs as f32,
            completed: hold.completed,
        }),
        Record::Movement(_) => report.movements.push(t),
        Record::Correction(c) => report.corrections.push(CorrectionReport {
            t_s: t,
            id: c.id,
            message: c.message,
        }),
        _ => {}
    }
}

/// Runs the coach over a recorded stream.
pub fn analyze_stream(
    catalog: &Catalog,
    choice: &ExerciseChoice,
    poses: &[(Timestamp, Option<Pose>)],
) -> Result<ClipReport, ContentError> {
    let frames_with_person = poses.iter().filter(|(_, p)| p.is_some()).count();
    let (id, confidence) = match choice {
        ExerciseChoice::Id(id) => (Some(exercise(catalog, id)?.id.clone()), 1.0),
        ExerciseChoice::Auto => match recognise_stream(catalog, poses) {
            Some((id, share)) => (Some(id), share),
            None => (None, 0.0),
        },
    };
    let mut report = ClipReport {
        exercise: id.clone(),
        confidence,
        frames: poses.len(),
        frames_with_person,
        reps: Vec::new(),
        short_reps: Vec::new(),
        attempts: 0,
        movement_plural: None,
        movements: Vec::new(),
        holds: Vec::new(),
        held_secs: 0.0,
        corrections: Vec::new(),
        cannot_judge: Vec::new(),
        done: false,
    };
    let Some(id) = id else {
        return Ok(report);
    };
    let ex = exercise(catalog, &id)?;
    report.movement_plural = ex.movement.as_ref().map(|m| m.plural.clone());
    let hold_phase = ex.phases.get(ex.hold_phase).map(|p| p.id.as_str());
    let mut stream = Stream::coaching(ex);
    stream.replay(
        poses.iter().map(|(ts, p)| (*ts, p.as_ref())),
        |_, ts, _, events| {
            let t = ts.secs_f64();
            for event in events {
                if matches!(&event, CoachEvent::PhaseEntered { phase } if Some(phase.as_str()) == hold_phase)
                {
                    report.attempts += 1;
                }
                if let CoachEvent::CannotJudge { why } = &event {
                    report.cannot_judge.push(CannotJudgeReport {
                        t_s: t,
                        why: why.clone(),
                    });
                }
                if let Some(record) = record_for(&ex.id, ex.dose.hold_secs, None, &event) {
                    report_record(&mut report, t, record);
                }
            }
        },
    );
    if let Some(summary) = stream.coach().map(Coach::summary) {
        report.held_secs = summary.held_secs;
        report.done = summary.done;
    }
    Ok(report)
}

/// One checked joint in a photo verdict.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JointReport {
    pub measure: String,
    pub value: Option<f32>,
    pub state: &'static str,
}

/// The report for a photo.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PhotoReport {
    pub person: bool,
    /// Recognised (or given) exercise; `None` for none of the routine's.
    pub exercise: Option<ExerciseId>,
    pub confidence: f32,
    /// "good form", a correction, or why it cannot be judged.
    pub verdict: String,
    pub corrections: Vec<String>,
    pub joints: Vec<JointReport>,
}

/// How long a photo is shown to the coach so its timers (setup, persistence) settle.
const PHOTO_SECS: f64 = 3.0;

/// Recognition and a form verdict for one photo.
pub fn analyze_photo(
    catalog: &Catalog,
    choice: &ExerciseChoice,
    pose: Option<&Pose>,
) -> Result<PhotoReport, ContentError> {
    let Some(pose) = pose else {
        return Ok(PhotoReport {
            person: false,
            exercise: None,
            confidence: 0.0,
            verdict: "no person in the picture".into(),
            corrections: Vec::new(),
            joints: Vec::new(),
        });
    };
    let candidates = catalog.routine_exercises();
    let (id, confidence) = match choice {
        ExerciseChoice::Id(id) => {
            let ex = exercise(catalog, id)?;
            (
                Some(ex.id.clone()),
                crate::coach::recognize(&[ex], pose).confidence,
            )
        }
        ExerciseChoice::Auto => {
            let r = recognize(&candidates, pose);
            (r.best, r.confidence)
        }
    };
    let Some(id) = id else {
        return Ok(PhotoReport {
            person: true,
            exercise: None,
            confidence,
            verdict: "none of the routine's exercises".into(),
            corrections: Vec::new(),
            joints: Vec::new(),
        });
    };
    let ex = exercise(catalog, &id)?;
    let mut coach = Coach::new(ex);
    let mut corrections: Vec<String> = Vec::new();
    let steps = (PHOTO_SECS * 30.0) as i64;
    for i in 0..=steps {
        for e in coach.update(Some(pose), Timestamp(i * 33_333_333)) {
            if let CoachEvent::Correction { message, .. } = e {
                if !corrections.contains(&message) {
                    corrections.push(message);
                }
            }
        }
    }
    let view = coach.view();
    let verdict = if let Some(p) = &view.view_prompt {
        p.clone()
    } else if let Some(p) = &view.setup_prompt {
        p.clone()
    } else if let Some(u) = &view.unknown {
        u.clone()
    } else if let Some(c) = &view.correction {
        c.message.clone()
    } else {
        "good form".into()
    };
    let joints = view
        .joints
        .iter()
        .map(|j| JointReport {
            measure: j.measure.clone(),
            value: j.value,
            state: match j.state {
                JointState::Good => "good",
                JointState::Borderline => "borderline",
                JointState::Wrong => "wrong",
                JointState::Unknown => "unknown",
            },
        })
        .collect();
    Ok(PhotoReport {
        person: true,
        exercise: Some(id),
        confidence,
        verdict,
        corrections,
        joints,
    })
}
