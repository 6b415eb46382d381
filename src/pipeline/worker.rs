//! The worker's policy, apart from how frames reach it and how its events leave: the coached
//! attempt and its commands, each frame's coach events, samples and recorded poses in
//! batches, the people counted while a recording is asked for, and the end of an attempt.
//!
//! The desktop's inference thread (`threads.rs`) and the browser's page-driven pipeline
//! (`web.rs`) both run one [`Worker`], so the app sees the same events in the same order
//! from either: only the hand-over differs (a bounded channel there, a queue the page's
//! frame loop fills here).

use super::{FrameResult, FrameTimings, PipelineCommand, PipelineEvent, POSE_BATCH, SAMPLE_BATCH};
use crate::body::Pose;
use crate::coach::CoachEvent;
use crate::frame::{Frame, Timestamp};
use crate::practice::stream::{Step, Stream};
use crate::practice::{CoachRun, FrameSample};
use crate::teach::{People, Sample};
use std::sync::Arc;

/// Where the worker's events go.
pub(super) trait Sink {
    fn send(&self, event: PipelineEvent);
}

/// What the worker keeps between frames.
pub(super) struct Worker<S> {
    /// Frame → pose → coach.
    pub stream: Stream,
    sink: S,
    /// Session time of the last frame processed.
    last_frame: Timestamp,
    /// Whether the coach is paused (a new attempt starts paused too).
    paused: bool,
    /// Samples of the coached attempt not sent yet.
    samples: Vec<FrameSample>,
    /// Which pictures to count the people in, while asked to.
    people: Option<People>,
    /// The poses of a recording not sent yet (while `people` counts).
    poses: Vec<(Timestamp, Option<Pose>)>,
}

impl<S: Sink> Worker<S> {
    pub fn new(stream: Stream, sink: S) -> Self {
        Self {
            stream,
            sink,
            last_frame: Timestamp::default(),
            paused: false,
            samples: Vec::new(),
            people: None,
            poses: Vec::new(),
        }
    }

    pub fn sink(&self) -> &S {
        &self.sink
    }

    /// Session time of the last frame processed.
    pub fn last_frame(&self) -> Timestamp {
        self.last_frame
    }

    /// Carries out `command` at session time `now`; answers the commands that belong to
    /// the hand-over (holding the source, a flush) for the caller to carry out.
    pub fn command(&mut self, command: PipelineCommand, now: Timestamp) -> Option<PipelineCommand> {
        match command {
            PipelineCommand::SetCoach(c) => {
                self.end_coach(now);
                let paused = self.paused;
                self.stream.set_run(c.map(|mut c| {
                    c.set_paused(paused, now);
                    *c
                }));
            }
            PipelineCommand::SetPaused(p) => {
                self.paused = p;
                if let Some(c) = self.stream.run_mut() {
                    c.set_paused(p, now);
                }
            }
            PipelineCommand::CountPeople(on) => {
                self.send_poses();
                self.people = on.then(People::new);
            }
            other @ (PipelineCommand::HoldSource(_) | PipelineCommand::Flush(_)) => {
                return Some(other)
            }
        }
        None
    }

    /// What one frame gave (`step`, the stream's answer for `frame`): its events, sample
    /// and recorded pose go out, and the result to show. Also answers the frame when its
    /// people are to be counted ([`Worker::count_people`], after the result is handed
    /// over).
    pub fn took(
        &mut self,
        frame: Frame,
        step: Step,
        timings: FrameTimings,
    ) -> (FrameResult, Option<Frame>) {
        let count = self
            .people
            .as_mut()
            .is_some_and(|p| p.step(frame.ts) == Sample::Count)
            .then(|| frame.clone());
        if let Some(e) = &step.error {
            self.sink.send(PipelineEvent::Warning {
                message: e.to_string(),
            });
        }
        self.last_frame = frame.ts;
        for event in step.events {
            self.send_coach_event(frame.ts, event);
        }
        if self.people.is_some() {
            self.keep_pose(frame.ts, step.pose.clone());
        }
        if let Some(sample) = step.sample {
            self.keep_sample(sample);
        }
        let result = FrameResult {
            image: Arc::new(frame.image),
            ts: frame.ts,
            index: frame.index,
            label: frame.label,
            pose: step.pose,
            view: self.stream.view(),
            timings: FrameTimings {
                pose: step.times.pose,
                held: step.held,
                stages: step.times.stages,
                coach: step.times.coach,
                ..timings
            },
        };
        (result, count)
    }

    /// Counts the people in `frame` and sends the count (in the browser the page runs the
    /// detector and `web.rs` sends it); a detector that fails (it has already said so on
    /// this frame's pose, or will) counts nothing.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub fn count_people(&mut self, frame: &Frame) {
        match self.stream.people_in(frame) {
            Some(Ok(count)) => self.sink.send(PipelineEvent::People {
                ts: frame.ts,
                count,
            }),
            Some(Err(e)) => tracing::debug!("people not counted: {e}"),
            None => {}
        }
    }

    /// Sends one coach event of the attempt being coached (its samples so far first).
    fn send_coach_event(&mut self, ts: Timestamp, event: CoachEvent) {
        self.send_samples();
        if let Some(run) = self.stream.run() {
            self.sink.send(PipelineEvent::Coach {
                attempt: run.attempt(),
                exercise_id: run.exercise_id().clone(),
                ts,
                event,
            });
        }
    }

    /// Keeps one frame's sample; sends the batch once it spans [`SAMPLE_BATCH`].
    fn keep_sample(&mut self, sample: FrameSample) {
        self.samples.push(sample);
        if self
            .samples
            .first()
            .is_some_and(|s| sample.ts.nanos() - s.ts.nanos() >= SAMPLE_BATCH.nanos())
        {
            self.send_samples();
        }
    }

    /// Keeps a recorded frame's pose; sends the batch once it spans [`POSE_BATCH`].
    fn keep_pose(&mut self, ts: Timestamp, pose: Option<Pose>) {
        self.poses.push((ts, pose));
        if self
            .poses
            .first()
            .is_some_and(|(t0, _)| ts.nanos() - t0.nanos() >= POSE_BATCH.nanos())
        {
            self.send_poses();
        }
    }

    /// Sends the recorded poses not sent yet.
    pub fn send_poses(&mut self) {
        if !self.poses.is_empty() {
            let frames = std::mem::take(&mut self.poses);
            self.sink.send(PipelineEvent::Poses { frames });
        }
    }

    /// Sends the samples of the attempt being coached that are not sent yet.
    fn send_samples(&mut self) {
        if self.samples.is_empty() {
            return;
        }
        let samples = std::mem::take(&mut self.samples);
        if let Some(run) = self.stream.run() {
            self.sink.send(PipelineEvent::Samples {
                attempt: run.attempt(),
                exercise_id: run.exercise_id().clone(),
                samples,
            });
        }
    }

    /// The coached attempt ends (the user moved on, or the source ran out): a rep held at
    /// the top counts although its return is not seen. Its last events go out, then
    /// [`PipelineEvent::AttemptEnded`].
    pub fn end_coach(&mut self, ts: Timestamp) {
        let Some(attempt) = self.stream.run().map(CoachRun::attempt) else {
            return;
        };
        for event in self.stream.end() {
            self.send_coach_event(ts, event);
        }
        self.send_samples();
        self.sink.send(PipelineEvent::AttemptEnded { attempt });
    }
}
