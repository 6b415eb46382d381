//! Teaching off the UI thread: a [`Job`] is one worker thread that reads a video through
//! the pose model (video mode, as `formcheck teach` does, the people counted about once a
//! second: two or more in at least half of those pictures is `MoreThanOnePerson`) and then
//! teaches, or teaches from poses already recorded (a camera recording, or in the browser a
//! video played as the pipeline's source, with the people the live pipeline counted,
//! checked the same way). The screen polls it each frame ([`Job::poll`]),
//! never waiting; it reports its progress, then one [`Finished`].
//!
//! Dropping a job asks its thread to stop (the person left or chose again); the thread
//! notices between frames and ends without sending more.

use crate::body::Pose;
use crate::frame::Timestamp;
#[cfg(not(target_arch = "wasm32"))]
use crate::pose::tracker::BlazePose;
#[cfg(not(target_arch = "wasm32"))]
use crate::pose::PoseEstimator as _;
#[cfg(not(target_arch = "wasm32"))]
use crate::pose::{PoseConfig, PoseError};
#[cfg(not(target_arch = "wasm32"))]
use crate::source::{CameraConfig, SourceError, SourceSpec};
#[cfg(not(target_arch = "wasm32"))]
use crate::teach::People;
use crate::teach::{self, Request, Taught, TeachError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::Arc;

/// A demonstration: each frame's time and pose.
pub type Frames = Vec<(Timestamp, Option<Pose>)>;

/// How a job ended.
#[derive(Debug)]
pub enum Finished {
    /// The demonstration was read (its poses kept, to teach again with other choices) and
    /// taught, or it could not teach (the error says what to do).
    Taught {
        frames: Arc<Frames>,
        result: Box<Result<Taught, TeachError>>,
    },
    /// The video or the model could not be used.
    Failed(String),
}

/// What a job says while it runs (in the browser only the end: its videos are read by the
/// live pipeline, as a recording).
#[derive(Debug)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
enum Message {
    Progress { done: u64, total: Option<u64> },
    Finished(Finished),
}

/// What the screen shows while a job runs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    pub done: u64,
    pub total: Option<u64>,
}

impl Progress {
    /// Share of the work done, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        self.total
            .filter(|t| *t > 0)
            .map(|t| (self.done as f32 / t as f32).min(1.0))
    }
}

/// A running teach job.
#[derive(Debug)]
pub struct Job {
    rx: Receiver<Message>,
    stop: Arc<AtomicBool>,
    pub progress: Progress,
}

impl Job {
    /// Reads the video (or image folder) at `path` through the pose model, then teaches.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn video(path: String, pose: PoseConfig, request: Request) -> Self {
        Self::spawn(move |tx, stop| {
            let (frames, people) = match read_video(&path, pose, tx, stop) {
                Ok(Some(read)) => read,
                Ok(None) => return None,
                Err(why) => return Some(Finished::Failed(why.to_string())),
            };
            Some(checked(Arc::new(frames), people.check(), &request))
        })
    }

    /// Checks the people counted in a recording (`people`: one count a picture), then
    /// teaches from its poses.
    pub fn recorded(frames: Arc<Frames>, people: Vec<usize>, request: Request) -> Self {
        Self::spawn(move |_, _| Some(checked(frames, teach::check_people(&people), &request)))
    }

    /// Teaches from poses already read (recorded from the camera, or read before).
    pub fn teach(frames: Arc<Frames>, request: Request) -> Self {
        Self::spawn(move |_, _| Some(taught(frames, &request)))
    }

    fn spawn(
        work: impl FnOnce(&Sender<Message>, &AtomicBool) -> Option<Finished> + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let run = move || {
            if let Some(done) = work(&tx, &flag) {
                // The screen may be gone: nobody to tell.
                let _ = tx.send(Message::Finished(done));
            }
        };
        // A browser tab has no threads: the work runs now (teaching from poses already
        // read takes a moment; a video is not read there).
        #[cfg(not(target_arch = "wasm32"))]
        std::thread::spawn(run);
        #[cfg(target_arch = "wasm32")]
        run();
        Self {
            rx,
            stop,
            progress: Progress::default(),
        }
    }

    /// Takes what the thread sent, without waiting: the result once it has finished.
    pub fn poll(&mut self) -> Option<Finished> {
        loop {
            match self.rx.try_recv() {
                Ok(Message::Progress { done, total }) => self.progress = Progress { done, total },
                Ok(Message::Finished(f)) => return Some(f),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    return Some(Finished::Failed("teaching stopped unexpectedly".into()))
                }
            }
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Teaches when the people check passed; its error otherwise.
fn checked(frames: Arc<Frames>, people: Result<(), TeachError>, request: &Request) -> Finished {
    match people {
        Ok(()) => taught(frames, request),
        Err(e) => Finished::Taught {
            frames,
            result: Box::new(Err(e)),
        },
    }
}

fn taught(frames: Arc<Frames>, request: &Request) -> Finished {
    let result = Box::new(teach::teach(&frames, request));
    Finished::Taught { frames, result }
}

/// Why a demonstration video could not be read.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, thiserror::Error)]
enum ReadVideoError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("\"{0}\" is not a video file or an image folder")]
    NotAVideo(String),
    #[error(transparent)]
    Pose(#[from] PoseError),
}

/// Every frame's pose and the people counted in about one a second; `Ok(None)` when asked
/// to stop.
#[cfg(not(target_arch = "wasm32"))]
fn read_video(
    path: &str,
    pose: PoseConfig,
    tx: &Sender<Message>,
    stop: &AtomicBool,
) -> Result<Option<(Frames, People)>, ReadVideoError> {
    let spec = SourceSpec::parse(path)?;
    if matches!(spec, SourceSpec::Camera(_)) {
        return Err(ReadVideoError::NotAVideo(path.to_owned()));
    }
    let mut source = spec.open(&CameraConfig::default())?;
    let total = source.len_hint();
    let mut estimator = BlazePose::new(pose)?;
    let mut frames = Frames::new();
    let mut people = People::new();
    while let Some(frame) = source.next_frame()? {
        if stop.load(Ordering::SeqCst) {
            return Ok(None);
        }
        let r = estimator.estimate(&frame)?;
        people.sample(frame.ts, || estimator.people_in(&frame))?;
        frames.push((frame.ts, r.pose));
        let _ = tx.send(Message::Progress {
            done: frames.len() as u64,
            total,
        });
    }
    Ok(Some((frames, people)))
}
