//! Headless analysis: a whole recorded stream of poses (a video) or one pose (a photo) through
//! recognition and the coach, summarised as a report. Pure: poses and timestamps in, report
//! out; `formcheck analyze` and the real-clip tests share it. A clip is folded one frame
//! at a time ([`ClipAnalysis`]), so `analyze` on a long video keeps no poses.
//!
//! A clip runs through the same [`Stream`] as the app's worker, and its reps (quick ones
//! marked short), holds (completed or stopped short), movements and corrections are the
//! records the app books ([`super::recorder::record_for`]), so the app's session and the
//! report agree; the report adds what only a whole clip shows: the attempts at the held
//! position.

use super::clip_record::ClipRecorder;
use super::recorder::{record_for, SummaryOf};
use super::stream::{Replay, Stream};
use super::trace::{TraceRow, TraceRows};
use crate::body::Pose;
use crate::coach::{recognize, Coach, CoachEvent, JointState};
use crate::content::{Catalog, ContentError, Exercise, ExerciseId};
use crate::frame::Timestamp;
use crate::session::{EndReason, Record, SessionError};
use std::rc::Rc;

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

/// The report for a video (`formcheck analyze --json`, an API boundary: see docs/CLI.md).
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

/// Votes for the routine exercise each pose looks like, frame by frame.
#[derive(Debug, Default)]
struct Votes {
    votes: Vec<(ExerciseId, usize)>,
    with_person: usize,
}

impl Votes {
    fn add(&mut self, candidates: &[&Exercise], pose: &Pose) {
        self.with_person += 1;
        if let Some(best) = recognize(candidates, pose).best {
            match self.votes.iter_mut().find(|(id, _)| *id == best) {
                Some((_, n)) => *n += 1,
                None => self.votes.push((best, 1)),
            }
        }
    }

    /// The exercise most frames voted for and its share, if it has [`MIN_VOTE_SHARE`].
    fn winner(mut self) -> Option<(ExerciseId, f32)> {
        self.votes
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let (id, n) = self.votes.into_iter().next()?;
        let share = n as f32 / self.with_person.max(1) as f32;
        (share >= MIN_VOTE_SHARE).then_some((id, share))
    }
}

/// Votes per frame for the exercise each pose looks like (the routine's, then the user's own).
pub fn recognise_stream(
    catalog: &Catalog,
    poses: &[(Timestamp, Option<Pose>)],
) -> Option<(ExerciseId, f32)> {
    let candidates = catalog.recognisable();
    let mut votes = Votes::default();
    for pose in poses.iter().filter_map(|(_, p)| p.as_ref()) {
        votes.add(&candidates, pose);
    }
    votes.winner()
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

impl ClipReport {
    /// A report with nothing counted yet.
    fn empty(exercise: Option<ExerciseId>, confidence: f32) -> Self {
        Self {
            exercise,
            confidence,
            frames: 0,
            frames_with_person: 0,
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
        }
    }
}

/// What one exercise's coach gave over a clip so far: the report's lists and counts.
struct ClipBook {
    report: ClipReport,
    /// The phase that is the held position (the top of a rep, or a hold's stretch).
    hold_phase: Option<String>,
    /// The session the clip is recorded as (`analyze --record`).
    recorder: Option<ClipRecorder>,
}

impl ClipBook {
    /// One frame's events (the last frame's include the end's).
    fn frame(&mut self, ex: &Exercise, stream: &Stream, ts: Timestamp, events: Vec<CoachEvent>) {
        if let Some(r) = &mut self.recorder {
            r.frame(ex, stream, ts, &events);
        }
        let t = ts.secs_f64();
        for event in events {
            match &event {
                CoachEvent::PhaseEntered { phase } if self.hold_phase.as_ref() == Some(phase) => {
                    self.report.attempts += 1;
                }
                CoachEvent::CannotJudge { why } => {
                    self.report.cannot_judge.push(CannotJudgeReport {
                        t_s: t,
                        why: why.clone(),
                    });
                }
                _ => {}
            }
            if let Some(record) = record_for(&ex.id, ex.dose.hold_secs, None, &event) {
                report_record(&mut self.report, t, record);
            }
        }
    }
}

/// One exercise coached over a clip, its report built frame by frame (and its trace's
/// rows read off the same coach, when traced).
struct CoachedClip<'c> {
    ex: &'c Exercise,
    replay: Replay<Rc<Pose>>,
    book: ClipBook,
    trace: Option<TraceRows>,
}

/// Where a traced analysis hands each frame's trace row, with the exercise it traces.
pub type TraceSink<'s> = &'s mut dyn FnMut(&ExerciseId, TraceRow);

impl<'c> CoachedClip<'c> {
    fn new(ex: &'c Exercise) -> Self {
        Self {
            ex,
            replay: Replay::new(Stream::coaching(ex)),
            book: ClipBook {
                report: ClipReport::empty(Some(ex.id.clone()), 1.0),
                hold_phase: ex.phases.get(ex.hold_phase).map(|p| p.id.clone()),
                recorder: None,
            },
            trace: None,
        }
    }

    fn push(&mut self, ts: Timestamp, pose: Option<Rc<Pose>>, sink: &mut TraceSink<'_>) {
        let (ex, book, trace) = (self.ex, &mut self.book, &mut self.trace);
        self.replay.push(ts, pose, |s, ts, pose, events| {
            traced(ex, trace, sink, s, ts, pose.is_some(), &events);
            book.frame(ex, s, ts, events);
        });
    }

    /// The report, and the recorded session's file (or why it was not written) when the
    /// clip was recorded; `reason` is why the clip ended.
    fn finish(
        self,
        reason: EndReason,
        sink: &mut TraceSink<'_>,
    ) -> (ClipReport, Option<Result<SummaryOf, SessionError>>) {
        let Self {
            ex,
            replay,
            mut book,
            mut trace,
        } = self;
        let stream = replay.finish(|s, ts, pose, events| {
            traced(ex, &mut trace, sink, s, ts, pose.is_some(), &events);
            book.frame(ex, s, ts, events);
        });
        let recorded = book.recorder.take().map(|r| r.finish(ex, reason));
        let mut report = book.report;
        report.movement_plural = ex.movement.as_ref().map(|m| m.plural.clone());
        if let Some(summary) = stream.coach().map(Coach::summary) {
            report.held_secs = summary.held_secs;
            report.done = summary.done;
        }
        (report, recorded)
    }
}

/// Hands the frame's trace row to `sink` when the exercise is traced.
fn traced(
    ex: &Exercise,
    trace: &mut Option<TraceRows>,
    sink: &mut TraceSink<'_>,
    stream: &Stream,
    ts: Timestamp,
    person: bool,
    events: &[CoachEvent],
) {
    if let Some(row) = trace
        .as_mut()
        .and_then(|t| t.row(stream, ts, person, events))
    {
        sink(&ex.id, row);
    }
}

/// A clip's report built one frame at a time, so a video of any length is analysed in
/// bounded memory: the counts, the recognition votes and what the report lists are kept,
/// never the poses. Recognising the exercise needs the whole clip, so with
/// [`ExerciseChoice::Auto`] every routine exercise is coached along (a coach's frame is a
/// few microseconds) and the one recognised gives the report, exactly as if the clip had
/// been recognised first and then coached.
pub struct ClipAnalysis<'c> {
    /// The exercises to recognise among (empty when the exercise was given).
    candidates: Vec<&'c Exercise>,
    votes: Votes,
    frames: usize,
    runs: Vec<CoachedClip<'c>>,
}

impl<'c> ClipAnalysis<'c> {
    /// An analysis of `choice` (an unknown exercise id is an error).
    pub fn new(catalog: &'c Catalog, choice: &ExerciseChoice) -> Result<Self, ContentError> {
        let (candidates, coached) = match choice {
            ExerciseChoice::Id(id) => (Vec::new(), vec![exercise(catalog, id)?]),
            ExerciseChoice::Auto => {
                let candidates = catalog.recognisable();
                let mut coached: Vec<&Exercise> = Vec::new();
                for ex in &candidates {
                    if !coached.iter().any(|c| c.id == ex.id) {
                        coached.push(ex);
                    }
                }
                (candidates, coached)
            }
        };
        Ok(Self {
            candidates,
            votes: Votes::default(),
            frames: 0,
            runs: coached.into_iter().map(CoachedClip::new).collect(),
        })
    }

    /// The exercises coached along: the given one, or every one that can be recognised.
    pub fn exercises(&self) -> impl Iterator<Item = &'c Exercise> + '_ {
        self.runs.iter().map(|r| r.ex)
    }

    /// Traces every exercise coached along (`formcheck analyze --trace`): each frame's row
    /// comes from the coach that makes the report, through [`ClipAnalysis::push_traced`].
    pub fn trace(&mut self) {
        for run in &mut self.runs {
            run.trace = Some(TraceRows::default());
        }
    }

    /// The next frame's pose (`None`: nobody in the picture).
    pub fn push(&mut self, ts: Timestamp, pose: Option<Rc<Pose>>) {
        self.push_traced(ts, pose, &mut |_, _| {});
    }

    /// [`ClipAnalysis::push`], handing the trace rows of the frame before (a frame's row
    /// waits for the next frame, see [`Replay`]) to `sink`.
    pub fn push_traced(&mut self, ts: Timestamp, pose: Option<Rc<Pose>>, mut sink: TraceSink<'_>) {
        self.frames += 1;
        if let Some(p) = &pose {
            if self.candidates.is_empty() {
                self.votes.with_person += 1;
            } else {
                self.votes.add(&self.candidates, p);
            }
        }
        for run in &mut self.runs {
            run.push(ts, pose.clone(), &mut sink);
        }
    }

    /// Records the clip as a session with `recorder` (the app's recorder, stamped with the
    /// video's time); only an analysis of one given exercise is recorded (`false` with
    /// [`ExerciseChoice::Auto`]: nothing will be).
    pub fn record(&mut self, recorder: super::Recorder) -> bool {
        match (self.candidates.is_empty(), self.runs.as_mut_slice()) {
            (true, [run]) => {
                run.book.recorder = Some(ClipRecorder::new(recorder));
                true
            }
            _ => false,
        }
    }

    /// The clip ended: its report.
    pub fn finish(self) -> ClipReport {
        self.finish_recorded(EndReason::Done).0
    }

    /// The clip ended (`reason`: `done`, or `error` for a damaged video): its report, and
    /// the recorded session (see [`ClipAnalysis::record`]).
    pub fn finish_recorded(
        self,
        reason: EndReason,
    ) -> (ClipReport, Option<Result<SummaryOf, SessionError>>) {
        self.finish_traced(reason, &mut |_, _| {})
    }

    /// [`ClipAnalysis::finish_recorded`], handing the reported exercise's last trace row
    /// to `sink`.
    pub fn finish_traced(
        self,
        reason: EndReason,
        mut sink: TraceSink<'_>,
    ) -> (ClipReport, Option<Result<SummaryOf, SessionError>>) {
        let with_person = self.votes.with_person;
        let (id, confidence) = if self.candidates.is_empty() {
            (self.runs.first().map(|r| r.ex.id.clone()), 1.0)
        } else {
            self.votes
                .winner()
                .map_or((None, 0.0), |(id, s)| (Some(id), s))
        };
        let (mut report, recorded) = id
            .as_ref()
            .and_then(|id| self.runs.into_iter().find(|r| r.ex.id == *id))
            .map_or_else(
                || (ClipReport::empty(None, 0.0), None),
                |run| run.finish(reason, &mut sink),
            );
        report.exercise = id;
        report.confidence = confidence;
        report.frames = self.frames;
        report.frames_with_person = with_person;
        (report, recorded)
    }
}

/// Runs the coach over a recorded stream.
pub fn analyze_stream(
    catalog: &Catalog,
    choice: &ExerciseChoice,
    poses: &[(Timestamp, Option<Pose>)],
) -> Result<ClipReport, ContentError> {
    let mut analysis = ClipAnalysis::new(catalog, choice)?;
    for (ts, pose) in poses {
        analysis.push(*ts, pose.clone().map(Rc::new));
    }
    Ok(analysis.finish())
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
    let candidates = catalog.recognisable();
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
