//! The live pipeline behind the app: a capture thread and an inference thread, so that
//! the camera, the model and the UI never wait for each other.
//!
//! ```text
//!  capture thread ──(latest-frame slot)──▶ inference thread ──(latest-result slot)──▶ UI
//!   opens the source        newest wins,      BlazePose + Coach      newest wins
//!   paces videos/stills     drops counted     ──(bounded channel)──▶ coach/source events
//! ```
//!
//! Both hand-overs are single-slot mailboxes: a slow model makes the capture thread
//! overwrite frames (counted in [`PipelineStats`]), a slow UI makes the inference thread
//! overwrite results; nobody blocks. Discrete events (a rep, a hold, a lost camera) go
//! through a bounded channel with `try_send`, so even they cannot block the worker. The UI
//! talks back through a second bounded channel ([`PipelineCommand`]).
//!
//! Time: every frame is re-stamped with the monotonic time since a session epoch the
//! caller owns, so a reconnected camera or a looping image folder keeps time moving forward
//! and the coach (which ignores frames from the past) carries on with the same attempt.
//! Pauses are cut out of the coach's clock ([`CoachRun`]), so a paused hold does not count;
//! a paused routine also holds a video where it is ([`PipelineCommand::HoldSource`]), so it
//! goes on from the same frame on resume.
//! The capture time travels with each frame through the mailbox, for the latency shown.
//!
//! The worker runs the one frame → pose → coach loop ([`Stream`]). Each coach event is
//! tagged with its [`Attempt`]; when the UI ends an attempt the worker sends the attempt's
//! last events and then [`PipelineEvent::AttemptEnded`], so the UI never waits for it.
//! What the session keeps of every frame (the key angle, the range of motion during holds)
//! is sampled here too, after the coach saw the frame, and sent in batches
//! ([`PipelineEvent::Samples`], at most [`SAMPLE_BATCH`] apart, always before the attempt's
//! next coach event and its end): the newest-wins result mailbox only feeds the picture.
//!
//! While the teach screen records a demonstration ([`PipelineCommand::CountPeople`]), the
//! worker also counts the people in one picture about a second (`teach::People`, the person
//! detector on the whole picture, after that frame's result is handed over, so the live view
//! does not wait for it) and sends each count ([`PipelineEvent::People`]).
//!
//! Still images used as a live source are held (a single photo) or shown in turn for
//! [`STILL_SECS`] each and looped (a folder), re-emitted at [`STILL_FPS`], so the live view
//! and the coach see a steady picture.

use crate::body::Pose;
use crate::coach::{CoachEvent, CoachView};
use crate::content::ExerciseId;
use crate::frame::Timestamp;
use crate::pose::{BlazePose, PoseConfig, StageTimes};
use crate::practice::stream::{Estimator, Stream};
use crate::practice::{Attempt, CoachRun, FrameSample};
use crate::source::{CameraConfig, SourceSpec};
use crate::teach::{People, Sample};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

mod capture;

use capture::{capture_loop, Captured, Mailbox, SourceHold};

/// Frame rate at which a still photo is re-emitted.
pub const STILL_FPS: f64 = 10.0;
/// How long each photo of a folder is shown before the next.
pub const STILL_SECS: f64 = 4.0;
/// Capacity of the event channel (events are rare: a few per second at most).
const EVENT_CAPACITY: usize = 256;
const COMMAND_CAPACITY: usize = 32;
/// The longest the worker keeps frame samples before sending them (frame time).
pub const SAMPLE_BATCH: Timestamp = Timestamp::from_millis(250);
/// The longest the worker keeps a recording's poses before sending them (frame time).
pub const POSE_BATCH: Timestamp = Timestamp::from_millis(100);

/// A single-slot mailbox: `put` replaces what is there (the newest wins), `take` waits a
/// bounded time. Neither side can block the other for longer than a mutex hand-over.
pub struct Slot<T> {
    value: Mutex<Option<T>>,
    ready: Condvar,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self {
            value: Mutex::new(None),
            ready: Condvar::new(),
        }
    }
}

impl<T> Slot<T> {
    /// Stores `v`; returns true when it replaced an unread value (a drop).
    pub fn put(&self, v: T) -> bool {
        let mut g = match self.value.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let dropped = g.replace(v).is_some();
        drop(g);
        self.ready.notify_one();
        dropped
    }

    /// Takes the value if there is one, without waiting.
    pub fn try_take(&self) -> Option<T> {
        match self.value.lock() {
            Ok(mut g) => g.take(),
            Err(p) => p.into_inner().take(),
        }
    }

    /// Takes the value, waiting at most `timeout` for one.
    pub fn take_timeout(&self, timeout: Duration) -> Option<T> {
        let g = match self.value.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let mut g = match self.ready.wait_timeout_while(g, timeout, |v| v.is_none()) {
            Ok((g, _)) => g,
            Err(p) => p.into_inner().0,
        };
        g.take()
    }
}

/// What the UI can ask of the worker.
#[derive(Debug)]
pub enum PipelineCommand {
    /// Coach this exercise from now on (`None`: pose only).
    SetCoach(Option<Box<CoachRun>>),
    SetPaused(bool),
    /// Holds a video where it is (true: no frame is read, its clock stops) or lets it play
    /// on from the same frame (false). A camera keeps streaming and stills keep showing.
    HoldSource(bool),
    /// Counts the people in one picture about a second and sends every frame's pose (true; a
    /// new recording starts) or stops (false): the teach screen's camera recording.
    CountPeople(bool),
    /// Answer once every earlier command is done and its events are sent (tests and
    /// tools; the app itself never waits: it books the end of an attempt when
    /// [`PipelineEvent::AttemptEnded`] arrives).
    Flush(SyncSender<()>),
}

/// Where the time of one frame went.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameTimings {
    /// When the frame was captured (decoded from the source).
    pub captured_at: Option<Instant>,
    /// Capture → start of inference (time waiting in the slot).
    pub queue: Duration,
    /// BlazePose, all stages (on a held frame only the check that it could be held).
    pub pose: Duration,
    /// The pose was held from the last model run (adaptive pose rate): no model ran.
    pub held: bool,
    pub stages: StageTimes,
    /// The coach's update.
    pub coach: Duration,
}

/// One processed frame, for display.
#[derive(Debug, Clone)]
pub struct FrameResult {
    pub image: Arc<image::RgbImage>,
    /// The frame's time since the session epoch.
    pub ts: Timestamp,
    pub index: u64,
    pub label: String,
    pub pose: Option<Pose>,
    pub view: Option<CoachView>,
    pub timings: FrameTimings,
}

/// Something that happened, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum PipelineEvent {
    /// The source opened.
    Opened { source: String },
    /// The pose model loaded.
    ModelReady { model: String },
    /// The model could not be loaded; frames are shown without landmarks.
    ModelFailed { message: String },
    /// A coach event of `attempt` (coaching `exercise_id`) on the frame at `ts`.
    Coach {
        attempt: Attempt,
        exercise_id: ExerciseId,
        ts: Timestamp,
        event: CoachEvent,
    },
    /// What the session keeps of each frame `attempt` coached (coaching `exercise_id`), in
    /// frame order; sent before the attempt's next coach event and before its end.
    Samples {
        attempt: Attempt,
        exercise_id: ExerciseId,
        samples: Vec<FrameSample>,
    },
    /// The worker ended `attempt` (a new coach, none, or the end of the source) and has
    /// sent all its events.
    AttemptEnded { attempt: Attempt },
    /// The source could not be opened, or stopped delivering (camera unplugged).
    SourceFailed { message: String, camera: bool },
    /// The camera sent no picture for a while; it stays open and may send again.
    CameraStalled { message: String },
    /// A stalled camera sends pictures again.
    CameraResumed,
    /// A problem that does not stop the source (an unreadable photo in a folder).
    Warning { message: String },
    /// The poses of the frames since the last batch, while a recording is asked for
    /// ([`PipelineCommand::CountPeople`]): every frame the worker saw, whichever results the
    /// window took.
    Poses {
        frames: Vec<(Timestamp, Option<Pose>)>,
    },
    /// The people in the picture at `ts` (while counting was asked for).
    People { ts: Timestamp, count: usize },
    /// A video reached its end.
    EndOfStream,
}

/// Counters shared with the UI.
#[derive(Debug, Default)]
pub struct PipelineStats {
    /// Frames captured.
    pub captured: AtomicU64,
    /// Frames overwritten before inference read them.
    pub dropped_capture: AtomicU64,
    /// Results overwritten before the UI read them.
    pub dropped_results: AtomicU64,
    /// Events lost because the channel was full.
    pub dropped_events: AtomicU64,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    pub source: SourceSpec,
    pub camera: CameraConfig,
    /// The pose model to run; `None` runs the capture alone (`formcheck cameras --watch`).
    pub pose: Option<PoseConfig>,
    /// Session epoch: frame times are measured from here.
    pub epoch: Instant,
}

/// Called from the worker threads after each result or event (the UI's repaint request).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// A running pipeline. Dropping it stops the threads (without waiting for them).
pub struct Pipeline {
    results: Arc<Slot<FrameResult>>,
    events: Receiver<PipelineEvent>,
    commands: SyncSender<PipelineCommand>,
    stop: Arc<AtomicBool>,
    stats: Arc<PipelineStats>,
    coach_back: Arc<Mutex<Option<CoachRun>>>,
    threads: Vec<JoinHandle<()>>,
    source: SourceSpec,
}

impl Pipeline {
    /// Starts both threads. Opening the source and loading the model happen on them: this
    /// returns at once and reports failures as events.
    pub fn start(config: PipelineConfig, coach: Option<CoachRun>, waker: Waker) -> Self {
        let frames: Arc<Slot<Captured>> = Arc::default();
        let results: Arc<Slot<FrameResult>> = Arc::default();
        let (event_tx, events) = mpsc::sync_channel(EVENT_CAPACITY);
        let (commands, command_rx) = mpsc::sync_channel(COMMAND_CAPACITY);
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(PipelineStats::default());
        let coach_back = Arc::new(Mutex::new(None));
        let source_done = Arc::new(AtomicBool::new(false));
        let hold = Arc::new(SourceHold::default());
        let emit = Emitter {
            tx: event_tx,
            stats: stats.clone(),
            waker: waker.clone(),
        };

        let mut threads = Vec::new();
        let capture = {
            let (frames, stop, hold, stats, emit, done) = (
                frames.clone(),
                stop.clone(),
                hold.clone(),
                stats.clone(),
                emit.clone(),
                source_done.clone(),
            );
            let (spec, camera, epoch) =
                (config.source.clone(), config.camera.clone(), config.epoch);
            std::thread::Builder::new()
                .name("formcheck-capture".into())
                .spawn(move || {
                    let mailbox = Mailbox {
                        frames: &frames,
                        stop: &stop,
                        hold: &hold,
                        stats: &stats,
                        emit: &emit,
                    };
                    capture_loop(&spec, &camera, epoch, &mailbox);
                    done.store(true, Ordering::Release);
                })
        };
        let inference = {
            let (frames, results, stop, stats, emit) = (
                frames,
                results.clone(),
                stop.clone(),
                stats.clone(),
                emit.clone(),
            );
            let coach_back = coach_back.clone();
            let pose_config = config.pose.clone();
            let epoch = config.epoch;
            std::thread::Builder::new()
                .name("formcheck-inference".into())
                .spawn(move || {
                    let mut worker = Inference {
                        stream: Stream::new(None, coach),
                        results,
                        stats,
                        emit,
                        waker,
                        epoch,
                        last_frame: Timestamp::default(),
                        samples: Vec::new(),
                        hold,
                        people: None,
                        poses: Vec::new(),
                    };
                    worker.run(pose_config, &frames, &command_rx, &stop, &source_done);
                    if let Ok(mut back) = coach_back.lock() {
                        *back = worker.stream.set_run(None);
                    }
                })
        };
        for t in [capture, inference] {
            match t {
                Ok(h) => threads.push(h),
                Err(e) => emit.send(PipelineEvent::SourceFailed {
                    message: format!("cannot start a worker thread: {e}"),
                    camera: false,
                }),
            }
        }
        Self {
            results,
            events,
            commands,
            stop,
            stats,
            coach_back,
            threads,
            source: config.source,
        }
    }

    pub fn source(&self) -> &SourceSpec {
        &self.source
    }

    /// The newest result, if a new one arrived since the last call.
    pub fn latest(&self) -> Option<FrameResult> {
        self.results.try_take()
    }

    /// Events since the last call, in order (never waits).
    pub fn events(&self) -> Vec<PipelineEvent> {
        self.events.try_iter().collect()
    }

    /// Waits up to `timeout` until the worker has handled every command sent so far (and
    /// sent their events); false when it did not answer (ended, or busy that long).
    pub fn flush(&self, timeout: Duration) -> bool {
        let (tx, rx) = mpsc::sync_channel(1);
        self.send(PipelineCommand::Flush(tx)) && rx.recv_timeout(timeout).is_ok()
    }

    /// Sends a command without waiting; returns false if the worker is gone or busy.
    pub fn send(&self, command: PipelineCommand) -> bool {
        match self.commands.try_send(command) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => false,
        }
    }

    pub fn stats(&self) -> &PipelineStats {
        &self.stats
    }

    /// Whether both worker threads have ended.
    pub fn finished(&self) -> bool {
        self.threads.iter().all(|t| t.is_finished())
    }

    /// The coach the inference thread held when it ended (after a lost camera), so a
    /// reconnected pipeline can carry on with the same attempt.
    pub fn take_coach(&self) -> Option<CoachRun> {
        self.coach_back.lock().ok().and_then(|mut c| c.take())
    }

    /// Asks the threads to stop; does not wait.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::Release);
    }

    /// Stops and waits up to `timeout` for the threads (tests and shutdown).
    pub fn stop_and_wait(mut self, timeout: Duration) -> bool {
        self.request_stop();
        let until = Instant::now() + timeout;
        while Instant::now() < until {
            if self.finished() {
                for t in self.threads.drain(..) {
                    let _ = t.join();
                }
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        self.request_stop();
    }
}

#[derive(Clone)]
struct Emitter {
    tx: SyncSender<PipelineEvent>,
    stats: Arc<PipelineStats>,
    waker: Waker,
}

impl Emitter {
    fn send(&self, event: PipelineEvent) {
        if self.tx.try_send(event).is_err() {
            self.stats.dropped_events.fetch_add(1, Ordering::Relaxed);
        }
        (self.waker)();
    }
}

struct Inference {
    /// Frame → pose → coach.
    stream: Stream,
    results: Arc<Slot<FrameResult>>,
    stats: Arc<PipelineStats>,
    emit: Emitter,
    waker: Waker,
    /// The session epoch frames are stamped from.
    epoch: Instant,
    /// Session time of the last frame processed.
    last_frame: Timestamp,
    /// Samples of the coached attempt not sent yet.
    samples: Vec<FrameSample>,
    /// Whether the capture thread holds a video where it is.
    hold: Arc<SourceHold>,
    /// Which pictures to count the people in, while asked to.
    people: Option<People>,
    /// The poses of a recording not sent yet (while `people` counts).
    poses: Vec<(Timestamp, Option<Pose>)>,
}

impl Inference {
    fn run(
        &mut self,
        config: Option<PoseConfig>,
        frames: &Slot<Captured>,
        commands: &Receiver<PipelineCommand>,
        stop: &AtomicBool,
        source_done: &AtomicBool,
    ) {
        let estimator: Option<Estimator> = match config.map(|c| (c.model.to_string(), c)) {
            None => None,
            Some((model, config)) => match BlazePose::new(config) {
                Ok(p) => {
                    self.emit.send(PipelineEvent::ModelReady { model });
                    Some(Box::new(p))
                }
                Err(e) => {
                    self.emit.send(PipelineEvent::ModelFailed {
                        message: e.to_string(),
                    });
                    None
                }
            },
        };
        let coach = self.stream.set_run(None);
        self.stream = Stream::new(estimator, coach);
        let mut paused = false;
        while !stop.load(Ordering::Acquire) {
            for cmd in commands.try_iter() {
                let now = self.epoch_now();
                match cmd {
                    PipelineCommand::SetCoach(c) => {
                        self.end_coach(now);
                        self.stream.set_run(c.map(|mut c| {
                            c.set_paused(paused, now);
                            *c
                        }));
                    }
                    PipelineCommand::SetPaused(p) => {
                        paused = p;
                        if let Some(c) = self.stream.run_mut() {
                            c.set_paused(p, now);
                        }
                    }
                    PipelineCommand::HoldSource(h) => self.hold.set(h),
                    PipelineCommand::CountPeople(on) => {
                        self.send_poses();
                        self.people = on.then(People::new);
                    }
                    PipelineCommand::Flush(reply) => {
                        let _ = reply.try_send(());
                    }
                }
            }
            let Some(captured) = frames.take_timeout(Duration::from_millis(50)) else {
                if source_done.load(Ordering::Acquire) {
                    let now = self.last_frame;
                    self.end_coach(now);
                    return;
                }
                continue;
            };
            self.process(captured);
        }
    }

    /// Sends one coach event of the attempt being coached (its samples so far first).
    fn send_coach_event(&mut self, ts: Timestamp, event: CoachEvent) {
        self.send_samples();
        if let Some(run) = self.stream.run() {
            self.emit.send(PipelineEvent::Coach {
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
    fn send_poses(&mut self) {
        if !self.poses.is_empty() {
            let frames = std::mem::take(&mut self.poses);
            self.emit.send(PipelineEvent::Poses { frames });
        }
    }

    /// Sends the samples of the attempt being coached that are not sent yet.
    fn send_samples(&mut self) {
        if self.samples.is_empty() {
            return;
        }
        let samples = std::mem::take(&mut self.samples);
        if let Some(run) = self.stream.run() {
            self.emit.send(PipelineEvent::Samples {
                attempt: run.attempt(),
                exercise_id: run.exercise_id().clone(),
                samples,
            });
        }
    }

    /// The coached attempt ends (the user moved on, or the source ran out): a rep held at
    /// the top counts although its return is not seen. Its last events go out, then
    /// [`PipelineEvent::AttemptEnded`].
    fn end_coach(&mut self, ts: Timestamp) {
        let Some(attempt) = self.stream.run().map(CoachRun::attempt) else {
            return;
        };
        for event in self.stream.end() {
            self.send_coach_event(ts, event);
        }
        self.send_samples();
        self.emit.send(PipelineEvent::AttemptEnded { attempt });
    }

    /// Session time now, on the clock the frames are stamped with.
    fn epoch_now(&self) -> Timestamp {
        Timestamp(i64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(i64::MAX))
    }

    fn process(&mut self, captured: Captured) {
        let start = Instant::now();
        let Captured { frame, at } = captured;
        let step = self.stream.frame(&frame);
        let count = self
            .people
            .as_mut()
            .is_some_and(|p| p.step(frame.ts) == Sample::Count)
            .then(|| frame.clone());
        if let Some(e) = &step.error {
            self.emit.send(PipelineEvent::Warning {
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
                captured_at: Some(at),
                queue: start.saturating_duration_since(at),
                pose: step.times.pose,
                held: step.held,
                stages: step.times.stages,
                coach: step.times.coach,
            },
        };
        if self.results.put(result) {
            self.stats.dropped_results.fetch_add(1, Ordering::Relaxed);
        }
        (self.waker)();
        if let Some(frame) = count {
            self.count_people(&frame);
        }
    }

    /// Counts the people in `frame` and sends the count; a detector that fails (it has
    /// already said so on this frame's pose, or will) counts nothing.
    fn count_people(&mut self, frame: &crate::frame::Frame) {
        match self.stream.people_in(frame) {
            Some(Ok(count)) => self.emit.send(PipelineEvent::People {
                ts: frame.ts,
                count,
            }),
            Some(Err(e)) => tracing::debug!("people not counted: {e}"),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests;
