//! The command line: clap definitions ("low args", no I/O) and one module per subcommand.
//! Errors become exit codes in exactly one place, [`exit_code`].

pub mod analyze;
mod bad_value;
pub mod bench;
pub mod cameras;
pub mod delete;
pub mod doctor;
pub mod exercises;
pub mod export;
pub mod generate;
pub mod history;
mod output;
pub mod pose;
pub mod progress;
#[cfg(feature = "gui")]
pub mod run;
pub mod teach;
mod trace;
pub mod web;

use crate::pose::{ModelKind, PoseError};
use crate::session::SessionError;
use crate::source::SourceError;
pub use bad_value::BadValue;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Exit codes, documented in docs/CLI.md.
pub mod exit {
    /// Everything worked (a photo with nobody in it is a normal, successful answer).
    pub const OK: i32 = 0;
    /// Any other failure.
    pub const FAILURE: i32 = 1;
    /// Bad command line (clap's own code).
    pub const USAGE: i32 = 2;
    /// An input image, folder or video is missing, unreadable, empty or truncated; or a
    /// session id/file given to `export` is unknown or not a session.
    pub const INPUT: i32 = 3;
    /// A model file is missing, corrupt (SHA-256 mismatch) or not the expected model.
    pub const MODEL: i32 = 4;
    /// The ONNX Runtime library cannot be found or loaded.
    pub const RUNTIME: i32 = 5;
    /// No camera, or the camera failed.
    pub const CAMERA: i32 = 6;
    /// A content (exercise/routine) file is invalid, or an unknown exercise was named.
    pub const CONTENT: i32 = 7;
}

/// The next frame of a command-line input.
pub(crate) enum NextFrame {
    Frame(crate::frame::Frame),
    End,
    /// A bad image inside a folder: reported on stderr; the other images go on.
    Skipped,
}

/// Reads the next frame; a bad image inside a folder is reported (after flushing `out`, so
/// the message lands after the lines before it) instead of ending the run.
pub(crate) fn next_frame(
    source: &mut dyn crate::source::FrameSource,
    spec: &crate::source::SourceSpec,
    out: &mut impl std::io::Write,
) -> anyhow::Result<NextFrame> {
    match source.next_frame() {
        Ok(Some(f)) => Ok(NextFrame::Frame(f)),
        Ok(None) => Ok(NextFrame::End),
        Err(e @ SourceError::BadImage { .. })
            if matches!(spec, crate::source::SourceSpec::Folder(_)) =>
        {
            out.flush()?;
            eprintln!("error: {e}");
            Ok(NextFrame::Skipped)
        }
        Err(e) => Err(e.into()),
    }
}

/// Maps an error chain to its documented exit code.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    for cause in err.chain() {
        if cause
            .downcast_ref::<crate::content::ContentError>()
            .is_some()
        {
            return exit::CONTENT;
        }
        if let Some(e) = cause.downcast_ref::<PoseError>() {
            return match e {
                PoseError::RuntimeMissing(_) => exit::RUNTIME,
                PoseError::EmptyFrame { .. } => exit::INPUT,
                PoseError::Runtime { .. } => exit::FAILURE,
                _ => exit::MODEL,
            };
        }
        if let Some(e) = cause.downcast_ref::<SourceError>() {
            return match e {
                SourceError::NoCamera(_)
                | SourceError::Camera { .. }
                | SourceError::CameraDenied { .. }
                | SourceError::CameraBusy { .. }
                | SourceError::CameraStalled { .. }
                | SourceError::CameraUnsupported => exit::CAMERA,
                _ => exit::INPUT,
            };
        }
        if let Some(e) = cause.downcast_ref::<SessionError>() {
            return if e.is_input_error() {
                exit::INPUT
            } else {
                exit::FAILURE
            };
        }
    }
    exit::FAILURE
}

#[derive(Debug, Parser)]
#[command(
    name = "formcheck",
    version,
    about = "Offline form coach for back-relief stretches (BlazePose on ONNX Runtime).\nForm feedback, not medical advice."
)]
pub struct Args {
    /// Log level filter (off, error, warn, info, debug, trace, or `target=level,…`); RUST_LOG
    /// also works.
    #[arg(long, global = true, default_value = "warn", value_parser = parse_log)]
    pub log: String,
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by every command that runs the pose model.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// Landmark model: lite (fastest), full, heavy (most accurate; built by models/build_models.sh).
    #[arg(long, default_value = "full")]
    pub model: ModelKind,
    /// Folder with the .onnx files (default: FORMCHECK_MODELS, else beside the program, the
    /// package's share/formcheck/models, the data folder's models/; see `formcheck doctor`).
    #[arg(long)]
    pub models_dir: Option<PathBuf>,
    /// ONNX Runtime threads per model (1 to 4 × the CPU cores) [default: 2; 1 for
    /// `bench --pace`, as the app at camera rate].
    #[arg(long, value_parser = parse_threads)]
    pub threads: Option<usize>,
    /// Person-detector score threshold (0 to 1).
    #[arg(long, default_value_t = 0.5, value_parser = parse_unit)]
    pub min_detection_confidence: f32,
    /// Pose-presence threshold below which tracking is lost (0 to 1).
    #[arg(long, default_value_t = 0.5, value_parser = parse_unit)]
    pub min_tracking_confidence: f32,
    /// How often the landmark model runs on a video: `every` frame, `adaptive` (frames
    /// skipped while the person holds still or moves slowly, the last pose standing for them,
    /// as in the app), or `still` (only while the person holds still; to measure what slow
    /// motion saves) [default: every; adaptive for `bench --pace`].
    #[arg(long, value_enum)]
    pub pose_rate: Option<PoseRateArg>,
}

/// `--pose-rate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PoseRateArg {
    Every,
    Adaptive,
    Still,
}

impl PoseRateArg {
    /// The rate this choice sets (`None`: the model on every frame).
    pub fn rate(self) -> Option<crate::pose::AdaptiveRate> {
        let adaptive = crate::pose::AdaptiveRate::default();
        match self {
            Self::Every => None,
            Self::Adaptive => Some(adaptive),
            Self::Still => Some(crate::pose::AdaptiveRate {
                slow: None,
                ..adaptive
            }),
        }
    }
}

/// Most ONNX Runtime threads accepted: 4 per core (more only adds contention; 100000 threads
/// would take minutes to start).
pub fn max_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get) * 4
}

/// `--threads`: a whole number from 1 to [`max_threads`].
pub fn parse_threads(s: &str) -> Result<usize, BadValue> {
    let max = max_threads();
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(BadValue::Threads { max }),
    }
}

/// A confidence threshold: a number from 0 to 1 (NaN refused).
pub fn parse_unit(s: &str) -> Result<f32, BadValue> {
    match s.trim().parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(BadValue::Unit),
    }
}

const LOG_LEVELS: [&str; 6] = ["off", "error", "warn", "info", "debug", "trace"];

/// `--log`: a level, or comma-separated `target=level` directives with known levels.
pub fn parse_log(s: &str) -> Result<String, BadValue> {
    let level_ok = |l: &str| LOG_LEVELS.contains(&l.trim().to_ascii_lowercase().as_str());
    let ok = !s.trim().is_empty()
        && s.split(',').all(|d| match d.split_once('=') {
            Some((target, level)) => !target.trim().is_empty() && level_ok(level),
            None => level_ok(d),
        });
    if ok {
        Ok(s.to_owned())
    } else {
        Err(BadValue::Log)
    }
}

impl ModelArgs {
    pub fn config(&self, static_image_mode: bool) -> crate::pose::PoseConfig {
        let dir = self
            .models_dir
            .clone()
            .unwrap_or_else(crate::pose::models::default_models_dir);
        let mut c = crate::pose::PoseConfig::new(dir, self.model);
        c.static_image_mode = static_image_mode;
        c.threads = self
            .threads
            .unwrap_or(crate::pose::runtime::DEFAULT_THREADS);
        c.min_detection_confidence = self.min_detection_confidence;
        c.min_tracking_confidence = self.min_tracking_confidence;
        c.adaptive_rate = self.pose_rate.and_then(PoseRateArg::rate);
        c
    }
}

/// Camera choice for sources given as a camera index.
#[derive(Debug, Clone, clap::Args)]
pub struct CameraArgs {
    /// Requested camera width in pixels: the camera's nearest size that reaches 15 fps (or
    /// the asked rate, when lower) is used (`formcheck cameras` shows which).
    #[arg(long, default_value_t = 1280)]
    pub camera_width: u32,
    /// Requested camera height in pixels.
    #[arg(long, default_value_t = 720)]
    pub camera_height: u32,
    /// Requested camera frame rate.
    #[arg(long, default_value_t = 30)]
    pub camera_fps: u32,
}

impl CameraArgs {
    pub fn config(&self) -> crate::source::CameraConfig {
        crate::source::CameraConfig {
            index: 0,
            width: self.camera_width,
            height: self.camera_height,
            fps: self.camera_fps,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find the 33 body landmarks in an image, a folder of images or a video.
    Pose(pose::PoseArgs),
    /// Run pose and the exercise engine headless on an image, a folder or a video.
    Analyze(analyze::AnalyzeArgs),
    /// List the exercises and the routine with their doses.
    Exercises(exercises::ExercisesArgs),
    /// Teach your own exercise from one demonstration (a video or an image folder): writes
    /// an exercise file to your own exercises folder (or -o) and prints what it found.
    Teach(teach::TeachArgs),
    /// Open the live coaching app (camera, video or image folder).
    #[cfg(feature = "gui")]
    Run(run::RunArgs),
    /// List the cameras on this machine, the picture formats each offers and the mode
    /// formcheck would stream (exit code 6 when there are none).
    Cameras(cameras::CamerasArgs),
    /// List recorded sessions, newest first.
    History(history::HistoryArgs),
    /// Export one recorded session as CSV or JSON.
    Export(export::ExportArgs),
    /// Delete one recorded session, or all of them (`--all`), after a confirmation.
    Delete(delete::DeleteArgs),
    /// Progress over the recorded sessions, per exercise and week: range of motion, doses
    /// done, good form, corrections, days practised.
    Progress(progress::ProgressArgs),
    /// Write the report for your physiotherapist: one offline HTML file (print it to PDF).
    Report(progress::ReportArgs),
    /// Time the pipeline stage by stage (p50/p95/p99, fps, detector rate, CPU, memory).
    Bench(bench::BenchArgs),
    /// Check what formcheck needs (ONNX Runtime, models, exercises, camera, sound, folders),
    /// where it found each, and the fix for what is missing (exit 0 only when it can coach).
    Doctor(doctor::DoctorArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Say how to open the browser build on this computer: the command of its separate
    /// server (formcheck-serve, this computer only) and the address; formcheck itself serves
    /// nothing.
    #[command(
        long_about = "Say how to open the browser build on this computer.\n\nThe package installs the site in /usr/share/formcheck/web and its server, formcheck-serve, beside formcheck. This prints the server's command and the address to open (http://127.0.0.1:8700/), or says the site is not installed and where it looked (exit code 1). formcheck itself serves nothing: it keeps no network code and its network lockdown. formcheck-serve listens on 127.0.0.1 only and answers GET and HEAD for the site's files only (man formcheck-serve)."
    )]
    Web,
    /// Write the man pages (formcheck.1 and one per command) into a folder.
    #[command(hide = true)]
    Manpages {
        /// The folder to write them in (made if missing).
        dir: PathBuf,
    },
}
