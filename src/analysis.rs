//! Headless analysis: a whole recorded stream of poses (a video) or one pose (a photo) through
//! recognition and the coach, summarised as a report. Pure: poses and timestamps in, report
//! out; `formcheck analyze`, the real-clip tests and the benchmark share it.

use crate::coach::{recognize, Coach, CoachEvent, JointState};
use crate::content::{Catalog, ContentError, Exercise};
use crate::frame::Timestamp;
use crate::pose::Pose;

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

/// One stretch of holding the position.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HoldReport {
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

/// The report for a video (`formcheck analyze --json`, an API boundary: see the README).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClipReport {
    /// The exercise checked; `None` when recognition found none of the routine's.
    pub exercise: Option<String>,
    /// Share of person frames that voted for it (1.0 when given by the user).
    pub confidence: f32,
    pub frames: usize,
    pub frames_with_person: usize,
    pub reps: Vec<RepReport>,
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
    pub done: bool,
}

fn exercise<'c>(catalog: &'c Catalog, id: &str) -> Result<&'c Exercise, ContentError> {
    catalog.get(id)
}

/// Votes per frame for the routine exercise each pose looks like.
pub fn recognise_stream(
    catalog: &Catalog,
    poses: &[(Timestamp, Option<Pose>)],
) -> Option<(String, f32)> {
    let candidates = catalog.routine_exercises();
    let mut votes: Vec<(String, usize)> = Vec::new();
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

/// A hold from `start` to `end` that did not reach the dose (broken off, or held short).
fn unfinished_hold(start: f64, end: f64) -> HoldReport {
    HoldReport {
        start_s: start,
        end_s: end,
        secs: (end - start) as f32,
        completed: false,
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
        attempts: 0,
        movement_plural: None,
        movements: Vec::new(),
        holds: Vec::new(),
        held_secs: 0.0,
        corrections: Vec::new(),
        done: false,
    };
    let Some(id) = id else {
        return Ok(report);
    };
    let ex = exercise(catalog, &id)?;
    let hold_phase = ex
        .phases
        .get(ex.hold_phase)
        .map(|p| p.id.clone())
        .unwrap_or_default();
    report.movement_plural = ex.movement.as_ref().map(|m| m.plural.clone());
    let mut coach = Coach::new(ex);
    let mut hold_start: Option<f64> = None;
    let mut last_t = 0.0;
    for (i, (ts, pose)) in poses.iter().enumerate() {
        let t = ts.secs_f64();
        last_t = t;
        let mut events = coach.update(pose.as_ref(), *ts);
        if i + 1 == poses.len() {
            // A rep held at the top when the video ends counts; its return is not shown.
            events.extend(coach.end_of_stream());
        }
        // Out of the held position before the hold counted: an attempt (closed after the
        // frame's events, as a rep that counts closes it itself).
        let mut left_hold = false;
        for event in events {
            match event {
                CoachEvent::Rep { index, quality } => {
                    // A rep ends its hold: one held short of the dose closes here.
                    if let Some(start) = hold_start.take() {
                        let end = start + f64::from(quality.held_secs);
                        report.holds.push(unfinished_hold(start, end));
                    }
                    report.reps.push(RepReport {
                        index,
                        t_s: t,
                        side: quality.side.map(|s| s.name().to_owned()),
                        range_reached: quality.range_reached,
                        duration_secs: quality.duration_secs,
                        held_secs: quality.held_secs,
                        worst_fault: quality.worst_fault,
                    });
                }
                CoachEvent::HoldStarted | CoachEvent::HoldResumed => {
                    hold_start.get_or_insert(t);
                }
                CoachEvent::PhaseEntered { phase } if phase == hold_phase => report.attempts += 1,
                CoachEvent::Movement { .. } => report.movements.push(t),
                CoachEvent::PhaseEntered { .. } => left_hold = true,
                CoachEvent::HoldPaused { .. } => {
                    if let Some(start) = hold_start.take() {
                        report.holds.push(unfinished_hold(start, t));
                    }
                }
                CoachEvent::HoldDone { secs } => {
                    // The engine's own count of good-form seconds (grace gaps excluded).
                    hold_start = None;
                    let start = t - f64::from(secs);
                    report.holds.push(HoldReport {
                        start_s: start,
                        end_s: t,
                        secs,
                        completed: true,
                    });
                }
                CoachEvent::Correction { id, message } => {
                    report.corrections.push(CorrectionReport {
                        t_s: t,
                        id,
                        message,
                    })
                }
                _ => {}
            }
        }
        if left_hold {
            if let Some(start) = hold_start.take() {
                report.holds.push(unfinished_hold(start, t));
            }
        }
    }
    if let Some(start) = hold_start {
        report.holds.push(unfinished_hold(start, last_t));
    }
    let summary = coach.summary();
    report.held_secs = summary.held_secs;
    report.done = summary.done;
    Ok(report)
}

/// One frame of a trace: what the coach saw and decided (for `formcheck analyze --trace`,
/// which content authors use to pick thresholds from real footage).
#[derive(Debug, Clone, PartialEq)]
pub struct TraceRow {
    pub t_s: f64,
    pub person: bool,
    pub setup_ok: bool,
    pub phase: Option<String>,
    /// The working side, for exercises done per side.
    pub side: Option<String>,
    pub holding: bool,
    pub hold_secs: f32,
    pub reps: u32,
    pub correction: Option<String>,
    /// Events of this frame, e.g. `rep`, `hold_done`, `phase:up`.
    pub events: Vec<String>,
    /// Each measure's value (degrees or torso lengths), in the exercise's order.
    pub values: Vec<(String, Option<f32>)>,
}

/// Runs one exercise's coach over a stream and records every frame.
pub fn trace_stream(
    catalog: &Catalog,
    id: &str,
    poses: &[(Timestamp, Option<Pose>)],
) -> Result<Vec<TraceRow>, ContentError> {
    let ex = exercise(catalog, id)?;
    let mut coach = Coach::new(ex);
    let mut rows = Vec::with_capacity(poses.len());
    let mut reps = 0;
    for (i, (ts, pose)) in poses.iter().enumerate() {
        let mut events = coach.update(pose.as_ref(), *ts);
        if i + 1 == poses.len() {
            events.extend(coach.end_of_stream());
        }
        reps += events
            .iter()
            .filter(|e| matches!(e, CoachEvent::Rep { .. }))
            .count() as u32;
        let events = events
            .into_iter()
            .filter_map(|e| {
                Some(match e {
                    CoachEvent::PhaseEntered { phase } => format!("phase:{phase}"),
                    CoachEvent::Rep { index, .. } => format!("rep:{index}"),
                    CoachEvent::HoldStarted => "hold_started".to_owned(),
                    CoachEvent::HoldPaused { .. } => "hold_paused".to_owned(),
                    CoachEvent::HoldResumed => "hold_resumed".to_owned(),
                    CoachEvent::HoldDone { .. } => "hold_done".to_owned(),
                    CoachEvent::SetupOk => "setup_ok".to_owned(),
                    CoachEvent::SetupLost { .. } => "setup_lost".to_owned(),
                    CoachEvent::Correction { id, .. } => format!("correction:{id}"),
                    CoachEvent::Movement { name, index } => format!("{name}:{index}"),
                    _ => return None,
                })
            })
            .collect();
        let view = coach.view();
        rows.push(TraceRow {
            t_s: ts.secs_f64(),
            person: pose.is_some(),
            setup_ok: view.setup_ok,
            phase: view.phase,
            side: view.side.map(|s| s.name().to_owned()),
            holding: view.holding,
            hold_secs: view.hold_elapsed_secs,
            reps,
            correction: view.correction.map(|c| c.id),
            events,
            values: coach
                .readings()
                .into_iter()
                .map(|(id, v)| (id.to_owned(), v))
                .collect(),
        });
    }
    Ok(rows)
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
    pub exercise: Option<String>,
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
