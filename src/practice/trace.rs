//! Traces: one exercise's coach over a recorded stream, every frame written down (for
//! `formcheck analyze --trace`, which content authors use to pick thresholds from real
//! footage). A row is read off a [`Stream`] right after a frame ([`TraceRows`]):
//! `analyze` takes its rows from the coach that makes its report (`ClipAnalysis::trace`),
//! so the coach runs once; [`Tracer`] runs a coach of its own for a stream alone.

use super::stream::{Replay, Stream};
use crate::body::Pose;
use crate::coach::CoachEvent;
use crate::content::{Catalog, ContentError, Exercise};
use crate::frame::Timestamp;
use std::rc::Rc;

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

/// One exercise's trace made one frame at a time: each frame's row is handed on when the
/// next frame has come (the last one's at [`Tracer::finish`], with the end's events), so a
/// long video is traced in bounded memory.
pub struct Tracer {
    replay: Replay<Rc<Pose>>,
    rows: TraceRows,
}

impl Tracer {
    pub fn new(exercise: &Exercise) -> Self {
        Self {
            replay: Replay::new(Stream::coaching(exercise)),
            rows: TraceRows::default(),
        }
    }

    /// The next frame's pose; returns the previous frame's row.
    pub fn push(&mut self, ts: Timestamp, pose: Option<Rc<Pose>>) -> Option<TraceRow> {
        let mut row = None;
        let rows = &mut self.rows;
        self.replay.push(ts, pose, |stream, ts, pose, events| {
            row = rows.row(stream, ts, pose.is_some(), &events);
        });
        row
    }

    /// The stream ended: the last frame's row.
    pub fn finish(self) -> Option<TraceRow> {
        let Self { replay, mut rows } = self;
        let mut row = None;
        replay.finish(|stream, ts, pose, events| {
            row = rows.row(stream, ts, pose.is_some(), &events);
        });
        row
    }
}

/// A trace's rows read off a coached stream frame by frame (the reps counted so far).
#[derive(Debug, Default)]
pub struct TraceRows {
    reps: u32,
}

impl TraceRows {
    /// The row of the frame at `ts` (the stream as it is right after it; `person`: a pose
    /// was seen) with that frame's `events`.
    pub fn row(
        &mut self,
        stream: &Stream,
        ts: Timestamp,
        person: bool,
        events: &[CoachEvent],
    ) -> Option<TraceRow> {
        trace_row(stream, &mut self.reps, ts, person, events)
    }
}

/// The row of the frame at `ts` (the stream as it was after it), counting its reps.
fn trace_row(
    stream: &Stream,
    reps: &mut u32,
    ts: Timestamp,
    person: bool,
    events: &[CoachEvent],
) -> Option<TraceRow> {
    let coach = stream.coach()?;
    *reps += events
        .iter()
        .filter(|e| matches!(e, CoachEvent::Rep { .. }))
        .count() as u32;
    let view = coach.view();
    Some(TraceRow {
        t_s: ts.secs_f64(),
        person,
        setup_ok: view.setup_ok,
        phase: view.phase,
        side: view.side.map(|s| s.name().to_owned()),
        holding: view.holding,
        hold_secs: view.hold_elapsed_secs,
        reps: *reps,
        correction: view.correction.map(|c| c.id),
        events: events.iter().filter_map(event_name).collect(),
        values: coach
            .readings()
            .into_iter()
            .map(|(id, v)| (id.to_owned(), v))
            .collect(),
    })
}

/// Runs one exercise's coach over a stream and records every frame.
pub fn trace_stream(
    catalog: &Catalog,
    id: &str,
    poses: &[(Timestamp, Option<Pose>)],
) -> Result<Vec<TraceRow>, ContentError> {
    let mut tracer = Tracer::new(catalog.get(id)?);
    let mut rows = Vec::with_capacity(poses.len());
    for (ts, pose) in poses {
        rows.extend(tracer.push(*ts, pose.clone().map(Rc::new)));
    }
    rows.extend(tracer.finish());
    Ok(rows)
}

/// How an event is written in a trace, e.g. `rep:2`, `phase:up`; `None` for events a
/// trace leaves out.
fn event_name(event: &CoachEvent) -> Option<String> {
    Some(match event {
        CoachEvent::PhaseEntered { phase } => format!("phase:{phase}"),
        CoachEvent::Rep { index, .. } => format!("rep:{index}"),
        CoachEvent::HoldStarted => "hold_started".to_owned(),
        CoachEvent::HoldPaused { .. } => "hold_paused".to_owned(),
        CoachEvent::HoldResumed => "hold_resumed".to_owned(),
        CoachEvent::HoldDone { .. } => "hold_done".to_owned(),
        CoachEvent::HoldStopped { secs, .. } => format!("hold_stopped:{secs:.1}"),
        CoachEvent::HoldEnded { secs, .. } => format!("hold_ended:{secs:.1}"),
        CoachEvent::ShortRep { index, .. } => format!("short_rep:{index}"),
        CoachEvent::CannotJudge { .. } => "cannot_judge".to_owned(),
        CoachEvent::SetupOk => "setup_ok".to_owned(),
        CoachEvent::SetupLost { .. } => "setup_lost".to_owned(),
        CoachEvent::Correction { id, .. } => format!("correction:{id}"),
        CoachEvent::Movement { name, index } => format!("{name}:{index}"),
        // What stops a judgement: the camera view, a part of the body that cannot be seen.
        CoachEvent::ViewWrong { .. } => "view_wrong".to_owned(),
        CoachEvent::ViewOk => "view_ok".to_owned(),
        CoachEvent::Unknown { what } => format!("unseen:{}", what.replace(' ', "_")),
        CoachEvent::Seen => "seen".to_owned(),
        _ => return None,
    })
}
