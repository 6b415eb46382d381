//! The one frame → pose → coach loop.
//!
//! A [`Stream`] holds an optional pose estimator and an optional coached attempt (whose
//! exercise tells the estimator which landmarks are read, [`PoseEstimator::pace_by`]). Each
//! frame goes through the estimator (timed, stage by stage), then the coach at the frame's
//! timestamp; a recorded stream of poses goes straight to the coach ([`Stream::replay`],
//! or one pose at a time with [`Replay`]), and the end of a stream (or of an attempt) asks
//! the coach for the events only the end can give ([`Stream::end`]: a rep still held at
//! the top counts).
//!
//! The app's worker (`pipeline/`), `formcheck bench`, `formcheck analyze` (through
//! [`super::report`] and [`super::trace`]) and the tests all run this loop, so they see
//! the same events for the same poses. Its estimator can also count the people in a whole
//! picture ([`Estimate::people_in`]), which the app's worker samples while the teach screen
//! records a demonstration from the camera.

use super::run::{Attempt, CoachRun};
use super::samples::FrameSample;
use crate::body::Pose;
use crate::coach::{AttemptSummary, Coach, CoachEvent, CoachView};
use crate::content::Exercise;
use crate::frame::{Frame, Timestamp};
#[cfg(not(target_arch = "wasm32"))]
use crate::pose::BlazePose;
use crate::pose::{PoseError, PoseEstimator, PoseResult, StageTimes};
use std::borrow::Borrow;
use std::time::Duration;
use web_time::Instant;

/// A pose estimator that can also count the people in a whole picture (a second person
/// in a demonstration is refused by teaching).
pub trait Estimate: PoseEstimator {
    /// How many people are in the whole picture; what is tracked is kept.
    fn people_in(&mut self, frame: &Frame) -> Result<usize, PoseError>;
}

#[cfg(not(target_arch = "wasm32"))]
impl Estimate for BlazePose {
    fn people_in(&mut self, frame: &Frame) -> Result<usize, PoseError> {
        BlazePose::people_in(self, frame)
    }
}

/// A pose estimator the stream owns.
pub type Estimator = Box<dyn Estimate>;

/// Where the time of one frame went.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StepTimes {
    /// The estimator, all stages.
    pub pose: Duration,
    pub stages: StageTimes,
    /// The coach's update.
    pub coach: Duration,
}

/// What one frame gave.
#[derive(Debug)]
pub struct Step {
    pub pose: Option<Pose>,
    /// Whether the person detector ran (false: tracked from the previous frame).
    pub detector_ran: bool,
    /// Whether the pose was held from the last model run (adaptive pose rate, a still frame).
    pub held: bool,
    /// The estimator failed on this frame (the coach then saw no person).
    pub error: Option<PoseError>,
    pub events: Vec<CoachEvent>,
    /// What the session keeps of this frame (the coached exercise's key angle, its range
    /// of motion while held), taken here so that no frame's sample depends on a screen.
    pub sample: Option<FrameSample>,
    pub times: StepTimes,
}

/// Frames (or poses) through an estimator and a coached attempt.
#[derive(Default)]
pub struct Stream {
    estimator: Option<Estimator>,
    coach: Option<CoachRun>,
}

impl Stream {
    pub fn new(estimator: Option<Estimator>, coach: Option<CoachRun>) -> Self {
        let mut stream = Self { estimator, coach };
        stream.pace();
        stream
    }

    /// Tells the estimator which landmarks are read: the coached exercise's, or any
    /// exercise's without one (its adaptive pose rate is paced by those joints).
    fn pace(&mut self) {
        let Some(est) = &mut self.estimator else {
            return;
        };
        let read = self
            .coach
            .as_ref()
            .map(|run| crate::coach::landmarks_read(run.coach.exercise()));
        est.pace_by(read.as_deref());
    }

    /// A stream of recorded poses coached as one attempt of `exercise`.
    pub fn coaching(exercise: &Exercise) -> Self {
        Self::new(None, Some(CoachRun::new(Coach::new(exercise), Attempt(0))))
    }

    pub fn has_estimator(&self) -> bool {
        self.estimator.is_some()
    }

    pub fn run(&self) -> Option<&CoachRun> {
        self.coach.as_ref()
    }

    pub fn run_mut(&mut self) -> Option<&mut CoachRun> {
        self.coach.as_mut()
    }

    pub fn coach(&self) -> Option<&Coach> {
        self.coach.as_ref().map(|r| &r.coach)
    }

    /// Replaces the coached attempt; returns the one it replaces (not ended: see
    /// [`Stream::end`]).
    pub fn set_run(&mut self, run: Option<CoachRun>) -> Option<CoachRun> {
        let old = std::mem::replace(&mut self.coach, run);
        self.pace();
        old
    }

    /// One frame: the pose (when there is an estimator), then the coach.
    pub fn frame(&mut self, frame: &Frame) -> Step {
        let start = Instant::now();
        let (result, error, stages) = match &mut self.estimator {
            Some(est) => match est.estimate(frame) {
                Ok(r) => (Some(r), None, est.last_times()),
                Err(e) => (None, Some(e), StageTimes::default()),
            },
            None => (None, None, StageTimes::default()),
        };
        let pose_time = start.elapsed();
        let mut step = self.posed(result, frame.ts);
        step.error = error;
        step.times.pose = pose_time;
        step.times.stages = stages;
        step
    }

    /// One frame whose pose was estimated elsewhere (the browser runs the model in the
    /// page and hands its result here): the coach, its events and the frame's sample.
    pub fn posed(&mut self, result: Option<PoseResult>, ts: Timestamp) -> Step {
        let (pose, detector_ran, held) =
            result.map_or((None, false, false), |r| (r.pose, r.detector_ran, r.held));
        let coach_start = Instant::now();
        let events = self.pose(pose.as_ref(), ts);
        let coach = coach_start.elapsed();
        Step {
            pose,
            detector_ran,
            held,
            error: None,
            events,
            sample: self.sample(ts),
            times: StepTimes {
                coach,
                ..StepTimes::default()
            },
        }
    }

    /// The people in the whole of `frame` (`None` without an estimator).
    pub fn people_in(&mut self, frame: &Frame) -> Option<Result<usize, PoseError>> {
        self.estimator.as_mut().map(|e| e.people_in(frame))
    }

    /// One pose (or none) at `ts` through the coach.
    pub fn pose(&mut self, pose: Option<&Pose>, ts: Timestamp) -> Vec<CoachEvent> {
        match &mut self.coach {
            Some(run) => run.update(pose, ts),
            None => Vec::new(),
        }
    }

    /// The measures the session keeps of the frame at `ts` the coach has just seen.
    pub fn sample(&self, ts: Timestamp) -> Option<FrameSample> {
        self.coach.as_ref().and_then(|run| run.sample(ts))
    }

    /// The stream (or the attempt) ends: the coach's last events.
    pub fn end(&mut self) -> Vec<CoachEvent> {
        match &mut self.coach {
            Some(run) => run.end(),
            None => Vec::new(),
        }
    }

    /// The coach's view of the attempt now.
    pub fn view(&self) -> Option<CoachView> {
        self.coach().map(Coach::view)
    }

    /// A recorded stream of poses through the coach: `each` gets the stream after every
    /// frame, with that frame's events (the last frame's include [`Stream::end`]'s).
    pub fn replay<'p, I, F>(&mut self, poses: I, mut each: F)
    where
        I: IntoIterator<Item = (Timestamp, Option<&'p Pose>)>,
        F: FnMut(&Self, Timestamp, Option<&'p Pose>, Vec<CoachEvent>),
    {
        let mut replay = Replay::new(std::mem::take(self));
        for (ts, pose) in poses {
            replay.push(ts, pose, &mut each);
        }
        *self = replay.finish(&mut each);
    }
}

/// [`Stream::replay`] one pose at a time, for a stream that is never all in memory (a long
/// video read frame by frame): each frame is handed on when the next one has come, or at
/// [`Replay::finish`], so the last frame's events can include [`Stream::end`]'s. `P` is
/// how the pose is held (a reference, a shared or an owned pose).
pub struct Replay<P> {
    stream: Stream,
    /// The last frame pushed, with its events, not yet handed on.
    held: Option<(Timestamp, Option<P>, Vec<CoachEvent>)>,
}

impl<P: Borrow<Pose>> Replay<P> {
    pub fn new(stream: Stream) -> Self {
        Self { stream, held: None }
    }

    /// One pose at `ts` through the coach; `each` gets the previous frame (the stream as it
    /// was after it, its pose and its events), if there was one.
    pub fn push<F>(&mut self, ts: Timestamp, pose: Option<P>, each: F)
    where
        F: FnOnce(&Stream, Timestamp, Option<P>, Vec<CoachEvent>),
    {
        if let Some((held_ts, held_pose, events)) = self.held.take() {
            each(&self.stream, held_ts, held_pose, events);
        }
        let events = self.stream.pose(pose.as_ref().map(Borrow::borrow), ts);
        self.held = Some((ts, pose, events));
    }

    /// The stream ends: `each` gets the last frame with the end's events too; returns the
    /// stream.
    pub fn finish<F>(mut self, each: F) -> Stream
    where
        F: FnOnce(&Stream, Timestamp, Option<P>, Vec<CoachEvent>),
    {
        if let Some((ts, pose, mut events)) = self.held.take() {
            events.extend(self.stream.end());
            each(&self.stream, ts, pose, events);
        }
        self.stream
    }
}

/// Runs a whole stream of poses (e.g. from a video) through a fresh coach: what the
/// attempt achieved, and every event with the time of its frame.
pub fn run_poses<'p, I>(
    exercise: &Exercise,
    poses: I,
) -> (AttemptSummary, Vec<(Timestamp, CoachEvent)>)
where
    I: IntoIterator<Item = (Timestamp, Option<&'p Pose>)>,
{
    let mut stream = Stream::coaching(exercise);
    let mut events = Vec::new();
    stream.replay(poses, |_, ts, _, evs| {
        events.extend(evs.into_iter().map(|e| (ts, e)));
    });
    let summary = stream.coach().map(Coach::summary);
    (
        summary.unwrap_or_else(|| Coach::new(exercise).summary()),
        events,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::LandmarkId;
    use crate::pose::PoseResult;
    use std::sync::{Arc, Mutex};

    /// Remembers what it was last told to pace by (`Some(None)`: every rule's joints).
    struct Paced(Arc<Mutex<Option<Option<Vec<LandmarkId>>>>>);

    impl PoseEstimator for Paced {
        fn estimate(&mut self, _frame: &Frame) -> Result<PoseResult, PoseError> {
            Ok(PoseResult {
                pose: None,
                roi: None,
                detector_ran: false,
                held: false,
            })
        }
        fn reset(&mut self) {}
        fn pace_by(&mut self, joints: Option<&[LandmarkId]>) {
            if let Ok(mut told) = self.0.lock() {
                *told = Some(joints.map(<[LandmarkId]>::to_vec));
            }
        }
    }

    impl Estimate for Paced {
        fn people_in(&mut self, _frame: &Frame) -> Result<usize, PoseError> {
            Ok(0)
        }
    }

    #[test]
    fn the_coached_exercise_paces_the_estimator() {
        let catalog = crate::content::load_default().expect("content loads");
        let bridge = catalog.get("bridge").expect("bridge");
        let tilt = catalog.get("pelvic_tilt").expect("pelvic tilt");
        let run = |ex: &Exercise| CoachRun::new(Coach::new(ex), Attempt(0));
        let told = Arc::new(Mutex::new(None));
        let told_now = || told.lock().expect("lock").clone();
        let mut stream = Stream::new(Some(Box::new(Paced(Arc::clone(&told)))), Some(run(bridge)));
        let bridge_joints = crate::coach::landmarks_read(bridge);
        assert_eq!(told_now(), Some(Some(bridge_joints.clone())));
        assert!(!bridge_joints.contains(&LandmarkId::LeftWrist));
        // The next exercise of a routine: its own joints (a pelvic tilt reads the hands).
        stream.set_run(Some(run(tilt)));
        let tilt_joints = told_now().flatten().expect("joints");
        assert!(tilt_joints.contains(&LandmarkId::LeftWrist));
        // Nothing coached (teaching, recognition): every rule's joints.
        stream.set_run(None);
        assert_eq!(told_now(), Some(None));
    }
}
