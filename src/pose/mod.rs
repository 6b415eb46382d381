//! Pose estimation: a frame in, MediaPipe's 33 body landmarks out.
//!
//! [`PoseEstimator`] is the API boundary the rest of the program sees; [`BlazePose`]
//! implements it by following MediaPipe's own graphs (`pose_detection_cpu.pbtxt`,
//! `pose_landmark_cpu.pbtxt` and their calculators) stage by stage:
//!
//! 1. [`detector`]: letterbox to 224², SSD anchors, box + 4 keypoint decoding, weighted NMS
//!    (only when there is no ROI to track);
//! 2. [`roi`]: rotated square region from the hip centre and the scale keypoint;
//! 3. [`landmarks`]: affine crop to 256², landmark decoding with heatmap refinement,
//!    projection back to image pixels;
//! 4. [`smooth`]: One Euro filtering driven by frame timestamps (video mode);
//! 5. [`tracker`]: the next frame's ROI from this frame's auxiliary landmarks;
//! 6. [`rate`]: while the person holds still (up to four frames in five) or moves slowly (up
//!    to two in three), the landmark model skips frames and the last pose stands for them
//!    (at camera rate, [`PoseConfig::adaptive_rate`]).
//!
//! [`pipelined`] runs the same stages with several frames' landmark inference in flight on
//! worker threads, for offline throughput (`formcheck bench --in-flight N`; never live).
//!
//! Everything but [`runtime`] (the only file that names `ort`) and [`tracker`] (which owns the
//! sessions and the per-video state) is pure arithmetic and unit-tested without a model.

pub mod detector;
pub mod landmarks;
pub mod models;
#[cfg(not(target_arch = "wasm32"))]
pub mod pipelined;
pub mod rate;
pub mod roi;
#[cfg(not(target_arch = "wasm32"))]
pub mod runtime;
pub mod smooth;
#[cfg(not(target_arch = "wasm32"))]
pub mod tracker;
pub mod tracking;
pub mod warp;

use crate::body::{LandmarkId, Pose};
pub use models::ModelKind;
#[cfg(not(target_arch = "wasm32"))]
pub use pipelined::Pipelined;
pub use rate::AdaptiveRate;
pub use roi::Roi;
#[cfg(not(target_arch = "wasm32"))]
pub use tracker::BlazePose;

use crate::frame::Frame;
use std::path::PathBuf;

/// What the estimator found in one frame, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct PoseResult {
    pub pose: Option<Pose>,
    /// The region the landmarks were read from (present with `pose`).
    pub roi: Option<Roi>,
    /// Whether the person detector ran for this frame (false = tracked from the previous ROI).
    pub detector_ran: bool,
    /// Whether `pose` is the last model run's, held through a still frame without running the
    /// landmark model ([`PoseConfig::adaptive_rate`]).
    pub held: bool,
}

/// Stage timings of one `estimate` call, in nanoseconds (0 = stage did not run).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimes {
    pub detect_pre: u64,
    pub detect_infer: u64,
    pub detect_post: u64,
    pub landmark_pre: u64,
    pub landmark_infer: u64,
    pub landmark_post: u64,
    pub smooth: u64,
}

/// Turns frames into poses. Implementations keep per-stream state (tracking,
/// smoothing); call [`PoseEstimator::reset`] between unrelated streams.
pub trait PoseEstimator {
    fn estimate(&mut self, frame: &Frame) -> Result<PoseResult, PoseError>;
    fn reset(&mut self);
    /// Timings of the last `estimate` call.
    fn last_times(&self) -> StageTimes {
        StageTimes::default()
    }
    /// Which landmarks the poses are read for (a coached exercise's, `None`: any exercise's),
    /// so an adaptive pose rate ([`rate::PoseRate::pace_by`]) is paced by those joints only.
    /// Estimators without one ignore it.
    fn pace_by(&mut self, _joints: Option<&[LandmarkId]>) {}
}

/// Intra-op threads per session when not configured. Measured on the 2-core target
/// (full landmark model: 16 ms with 1 thread, 11 ms with 2 and spinning off; spinning on
/// costs more than it gains when capture and UI share the cores).
pub const DEFAULT_THREADS: usize = 2;

/// Intra-op threads per session when frames come at a camera's rate (the app). Measured
/// with `formcheck bench --pace 30` on a real clip, full model, runs alternated on the 2-core
/// target (benches/RESULTS.md, issue 15): one thread costs about a quarter less CPU per
/// second of video than two (the second thread's hand-overs are pure overhead once the model
/// keeps up), with the same latency and no more dropped frames. Throughput runs (`analyze`,
/// `bench` without `--pace`) keep [`DEFAULT_THREADS`].
pub const CAMERA_RATE_THREADS: usize = 1;

/// How to run BlazePose.
#[derive(Debug, Clone, PartialEq)]
pub struct PoseConfig {
    pub model: ModelKind,
    /// Folder holding the `.onnx` files and `manifest.toml`.
    pub models_dir: PathBuf,
    /// Every frame is a new picture: run the detector each time, no smoothing.
    pub static_image_mode: bool,
    /// Detector score threshold (MediaPipe's `min_detection_confidence`).
    pub min_detection_confidence: f32,
    /// Pose-presence threshold below which tracking is lost (`min_tracking_confidence`).
    pub min_tracking_confidence: f32,
    /// Temporal smoothing in video mode.
    pub smooth: bool,
    /// ONNX Runtime intra-op threads per session.
    pub threads: usize,
    /// Video mode: skip the landmark model on frames where the person holds still or moves
    /// slowly ([`rate`]); `None` (the default) runs it on every frame. The app's live
    /// pipeline and `bench --pace` turn it on: at camera rate a still hold costs about a
    /// third of every frame, a slow rep about two thirds.
    pub adaptive_rate: Option<AdaptiveRate>,
}

impl PoseConfig {
    pub fn new(models_dir: PathBuf, model: ModelKind) -> Self {
        Self {
            model,
            models_dir,
            static_image_mode: false,
            min_detection_confidence: 0.5,
            min_tracking_confidence: 0.5,
            smooth: true,
            threads: DEFAULT_THREADS,
            adaptive_rate: None,
        }
    }
}

/// Why the pose pipeline could not run.
#[derive(Debug, thiserror::Error)]
pub enum PoseError {
    #[error("model file not found: {path}\n  {hint}")]
    ModelMissing { path: PathBuf, hint: String },
    #[error("model file {path} is not the expected {model} model: its SHA-256 is {actual}, expected {expected} (corrupt or replaced file; reinstall the formcheck package, or in the source tree restore it with `git checkout models/` or rebuild it with `bash models/build_models.sh`)")]
    ModelChecksum {
        model: String,
        path: PathBuf,
        expected: String,
        actual: String,
    },
    #[error("model {path} does not have the expected inputs/outputs: {why}")]
    ModelShape { path: PathBuf, why: String },
    #[error("cannot read model {path}: {source}")]
    ModelRead {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("bad model manifest {path}: {why}")]
    Manifest { path: PathBuf, why: String },
    #[error("{0}")]
    RuntimeMissing(String),
    #[error("ONNX Runtime failed while {context}: {message}")]
    Runtime { context: String, message: String },
    #[error("frame has no pixels ({width}x{height})")]
    EmptyFrame { width: u32, height: u32 },
}
