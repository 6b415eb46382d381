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
use crate::pose::{PoseConfig, StageTimes};
use crate::practice::{Attempt, CoachRun, FrameSample};
use crate::source::{CameraConfig, SourceSpec};
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use web_time::Instant;

#[cfg(not(target_arch = "wasm32"))]
mod capture;
#[cfg(not(target_arch = "wasm32"))]
mod threads;
#[cfg(target_arch = "wasm32")]
pub mod web;
mod worker;

#[cfg(not(target_arch = "wasm32"))]
pub use threads::Pipeline;
#[cfg(target_arch = "wasm32")]
pub use web::Pipeline;

/// Frame rate at which a still photo is re-emitted.
pub const STILL_FPS: f64 = 10.0;
/// How long each photo of a folder is shown before the next.
pub const STILL_SECS: f64 = 4.0;
/// Capacity of the event channel (events are rare: a few per second at most).
pub(crate) const EVENT_CAPACITY: usize = 256;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) const COMMAND_CAPACITY: usize = 32;
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

/// The desktop's events out of its worker threads: a bounded channel that never blocks (a
/// full one counts the event as dropped), then the UI woken.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone)]
pub(crate) struct Emitter {
    pub tx: SyncSender<PipelineEvent>,
    pub stats: Arc<PipelineStats>,
    pub waker: Waker,
}

#[cfg(not(target_arch = "wasm32"))]
impl worker::Sink for Emitter {
    fn send(&self, event: PipelineEvent) {
        if self.tx.try_send(event).is_err() {
            self.stats
                .dropped_events
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        (self.waker)();
    }
}

#[cfg(test)]
mod tests;
