//! formcheck: an offline coach for back-relief stretches.
//!
//! A frame from a webcam, a video or an image ([`source::FrameSource`]) goes through
//! MediaPipe BlazePose on ONNX Runtime ([`pose::BlazePose`]: detector or tracked ROI, 33
//! landmarks, One Euro smoothing) and comes out as a [`body::Pose`] in image pixels. The
//! rest of the program (form checks, the live overlay, session records, the CLI reports)
//! reads poses, never pixels. Everything runs on the CPU and nothing leaves the machine:
//! there is no network code in this crate.
//!
//! The exercise engine is pure: [`content`] loads the exercises (one TOML file each in
//! `content/`, validated with every problem reported), [`coach::Coach`] turns a stream
//! of poses and timestamps into coaching events and a view for the screen, and
//! [`coach::recognize`] tells which exercise a pose is. [`practice`] runs the frame →
//! pose → coach loop and the session around it (routine, record, reports) without a
//! window; [`ui`] only shows it. (The synthetic people the tests run through the coach
//! live with the tests, in `tests/util/synth/`.)
//!
//! See ARCHITECTURE.md for the path of one frame through the code.
pub mod audio;
#[cfg(not(target_arch = "wasm32"))]
pub mod bench;
pub mod body;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod coach;
pub mod content;
pub mod draw;
pub mod files;
pub mod frame;
pub mod guide;
#[cfg(not(target_arch = "wasm32"))]
pub mod lockdown;
pub mod perf;
pub mod pipeline;
pub mod places;
pub mod pose;
pub mod practice;
pub mod prefs;
pub mod progress;
pub mod session;
pub mod shutdown;
pub mod source;
pub mod teach;
pub mod text;
#[cfg(feature = "gui")]
pub mod ui;
