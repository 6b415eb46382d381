//! Traces: one exercise's coach over a recorded stream, every frame written down (for
//! `formcheck analyze --trace`, which content authors use to pick thresholds from real
//! footage). The stream runs through the same [`Stream`] as everything else.

use super::stream::Stream;
use crate::body::Pose;
use crate::coach::CoachEvent;
use crate::content::{Catalog, ContentError};
use crate::frame::Timestamp;

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
    let ex = catalog.get(id)?;
    let mut stream = Stream::coaching(ex);
    let mut rows = Vec::with_capacity(poses.len());
    let mut reps = 0;
    stream.replay(
        poses.iter().map(|(ts, p)| (*ts, p.as_ref())),
        |stream, ts, pose, events| {
            let Some(coach) = stream.coach() else { return };
            reps += events
                .iter()
                .filter(|e| matches!(e, CoachEvent::Rep { .. }))
                .count() as u32;
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
                events: events.into_iter().filter_map(event_name).collect(),
                values: coach
                    .readings()
                    .into_iter()
                    .map(|(id, v)| (id.to_owned(), v))
                    .collect(),
            });
        },
    );
    Ok(rows)
}

/// How an event is written in a trace, e.g. `rep:2`, `phase:up`; `None` for events a
/// trace leaves out.
fn event_name(event: CoachEvent) -> Option<String> {
    Some(match event {
        CoachEvent::PhaseEntered { phase } => format!("phase:{phase}"),
        CoachEvent::Rep { index, .. } => format!("rep:{index}"),
        CoachEvent::HoldStarted => "hold_started".to_owned(),
        CoachEvent::HoldPaused { .. } => "hold_paused".to_owned(),
        CoachEvent::HoldResumed => "hold_resumed".to_owned(),
        CoachEvent::HoldDone { .. } => "hold_done".to_owned(),
        CoachEvent::HoldStopped { secs, .. } => format!("hold_stopped:{secs:.1}"),
        CoachEvent::ShortRep { index, .. } => format!("short_rep:{index}"),
        CoachEvent::CannotJudge { .. } => "cannot_judge".to_owned(),
        CoachEvent::SetupOk => "setup_ok".to_owned(),
        CoachEvent::SetupLost { .. } => "setup_lost".to_owned(),
        CoachEvent::Correction { id, .. } => format!("correction:{id}"),
        CoachEvent::Movement { name, index } => format!("{name}:{index}"),
        _ => return None,
    })
}
