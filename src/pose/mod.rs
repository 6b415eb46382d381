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
//! 5. [`tracker`]: the next frame's ROI from this frame's auxiliary landmarks.
//!
//! Everything but [`runtime`] (the only file that names `ort`) and [`tracker`] (which owns the
//! sessions and the per-video state) is pure arithmetic and unit-tested without a model.

pub mod detector;
pub mod landmark;
pub mod landmarks;
pub mod models;
pub mod roi;
pub mod runtime;
pub mod smooth;
pub mod tracker;
pub mod warp;

pub use landmark::{LandmarkId, BONES, NUM_LANDMARKS};
pub use models::ModelKind;
pub use roi::Roi;
pub use tracker::BlazePose;

use crate::frame::Frame;
use crate::geometry::Point2;
use std::path::PathBuf;

/// One body landmark in image space.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Landmark {
    /// Image pixels.
    pub x: f32,
    /// Image pixels.
    pub y: f32,
    /// Depth relative to the hips, in the same pixel scale as `x` (smaller = nearer the camera).
    pub z: f32,
    /// Probability that the landmark is visible (not occluded), 0..1.
    pub visibility: f32,
    /// Probability that the landmark is inside the frame, 0..1.
    pub presence: f32,
}

impl Landmark {
    pub fn point(&self) -> Point2 {
        Point2::new(self.x, self.y)
    }
}

/// A landmark in metres, origin between the hips (MediaPipe's world landmarks).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WorldLandmark {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

/// A detected person.
#[derive(Debug, Clone, PartialEq)]
pub struct Pose {
    pub landmarks: [Landmark; NUM_LANDMARKS],
    pub world: [WorldLandmark; NUM_LANDMARKS],
    /// The landmark model's pose-presence score, 0..1.
    pub score: f32,
    /// The region the landmarks were read from.
    pub roi: Roi,
}

impl Pose {
    pub fn get(&self, id: LandmarkId) -> &Landmark {
        // `LandmarkId` only has indices 0..33, so this cannot go out of bounds.
        &self.landmarks[id.index()]
    }

    /// Shoulder-midpoint to hip-midpoint distance in pixels.
    pub fn torso_length(&self) -> f32 {
        let s = self
            .get(LandmarkId::LeftShoulder)
            .point()
            .midpoint(self.get(LandmarkId::RightShoulder).point());
        let h = self
            .get(LandmarkId::LeftHip)
            .point()
            .midpoint(self.get(LandmarkId::RightHip).point());
        s.distance(h)
    }
}

/// What the estimator found in one frame, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct PoseResult {
    pub pose: Option<Pose>,
    /// Whether the person detector ran for this frame (false = tracked from the previous ROI).
    pub detector_ran: bool,
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
}

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
            threads: runtime::DEFAULT_THREADS,
        }
    }
}

/// Why the pose pipeline could not run.
#[derive(Debug, thiserror::Error)]
pub enum PoseError {
    #[error("model file not found: {path}\n  {hint}")]
    ModelMissing { path: PathBuf, hint: String },
    #[error("model file {path} is not the expected {model} model: its SHA-256 is {actual}, expected {expected} (corrupt or replaced file; restore it with `git checkout models/` or rebuild with `bash models/build_models.sh`)")]
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
