//! formcheck: an offline coach for back-relief stretches.
//!
//! A frame from a webcam, a video or an image ([`source::FrameSource`]) goes through
//! MediaPipe BlazePose on ONNX Runtime ([`pose::BlazePose`]: detector or tracked ROI, 33
//! landmarks, One Euro smoothing) and comes out as a [`pose::Pose`] in image pixels. The
//! rest of the program (form checks, the live overlay, session records, the CLI reports)
//! reads poses, never pixels. Everything runs on the CPU and nothing leaves the machine:
//! there is no network code in this crate.
//!
//! See ARCHITECTURE.md for the path of one frame through the code.

pub mod draw;
pub mod frame;
pub mod geometry;
pub mod pose;
pub mod session;
pub mod source;
pub mod cli;
pub mod coach;
pub mod content;
pub mod synth;
pub mod audio;
pub mod guide;
pub mod pipeline;
pub mod prefs;
pub mod routine;
#[cfg(feature = "gui")]
pub mod ui;
