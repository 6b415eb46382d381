//! `formcheck pose <image|folder|video>`: landmarks per frame as text or JSON lines, and
//! optional overlay images. Images run in static mode (detector every time), videos in video
//! mode (tracking + smoothing) unless told otherwise.

use super::{exit, ModelArgs};
use crate::body::{LandmarkId, Pose};
use crate::frame::Frame;
use crate::pose::{BlazePose, PoseEstimator, PoseResult};
use crate::source::SourceSpec;
use anyhow::Context as _;
use serde::Serialize;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct PoseArgs {
    /// An image, a folder of images, a video file, or a camera index (0, 1, …).
    pub input: String,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub camera: super::CameraArgs,
    /// Print one JSON object per frame (schema in docs/CLI.md).
    #[arg(long)]
    pub json: bool,
    /// Write overlay image(s) with the skeleton: a file for one image, a folder otherwise.
    #[arg(long, value_name = "OUT")]
    pub overlay: Option<PathBuf>,
    /// Treat every frame as an unrelated picture (no tracking, no smoothing).
    #[arg(long, conflicts_with = "video_mode")]
    pub r#static: bool,
    /// Track and smooth across images of a folder as if they were video frames.
    #[arg(long)]
    pub video_mode: bool,
    /// Stop after this many frames (a camera streams until stopped: Ctrl-C, or this).
    #[arg(long, value_name = "N")]
    pub frames: Option<u64>,
}

/// One landmark in the `--json` output.
#[derive(Debug, Serialize)]
pub struct JsonLandmark {
    pub name: &'static str,
    pub x: f32,
    pub y: f32,
    pub z: f32,
    pub visibility: f32,
    pub presence: f32,
}

/// One world landmark (metres, origin between the hips) in the `--json` output.
#[derive(Debug, Serialize)]
pub struct JsonWorldLandmark {
    pub name: &'static str,
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

/// One frame of `formcheck pose --json` (an API boundary: see docs/CLI.md).
#[derive(Debug, Serialize)]
pub struct JsonFrame {
    pub source: String,
    pub frame: u64,
    pub timestamp_s: f64,
    pub width: u32,
    pub height: u32,
    pub detector_ran: bool,
    pub score: Option<f32>,
    pub landmarks: Vec<JsonLandmark>,
    pub world_landmarks: Vec<JsonWorldLandmark>,
}

impl JsonFrame {
    pub fn new(frame: &Frame, result: &PoseResult) -> Self {
        let (landmarks, world_landmarks) = match &result.pose {
            Some(p) => (
                LandmarkId::ALL
                    .iter()
                    .map(|&id| {
                        let l = p.get(id);
                        JsonLandmark {
                            name: id.name(),
                            x: l.x,
                            y: l.y,
                            z: l.z,
                            visibility: l.visibility,
                            presence: l.presence,
                        }
                    })
                    .collect(),
                LandmarkId::ALL
                    .iter()
                    .zip(&p.world)
                    .map(|(&id, w)| JsonWorldLandmark {
                        name: id.name(),
                        x: w.x,
                        y: w.y,
                        z: w.z,
                    })
                    .collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        Self {
            source: frame.label.clone(),
            frame: frame.index,
            timestamp_s: frame.ts.secs_f64(),
            width: frame.image.width(),
            height: frame.image.height(),
            detector_ran: result.detector_ran,
            score: result.pose.as_ref().map(|p| p.score),
            landmarks,
            world_landmarks,
        }
    }
}

fn overlay_path(out: &Path, spec: &SourceSpec, frame: &Frame) -> PathBuf {
    match spec {
        SourceSpec::Image(_) => out.to_path_buf(),
        SourceSpec::Folder(_) => {
            let stem = Path::new(&frame.label)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("frame_{:06}", frame.index));
            out.join(format!("{stem}.png"))
        }
        _ => out.join(format!("frame_{:06}.png", frame.index)),
    }
}

fn write_overlay(path: &Path, frame: &Frame, pose: Option<&Pose>) -> anyhow::Result<()> {
    let mut img = frame.image.clone();
    if let Some(p) = pose {
        crate::draw::draw_pose(&mut img, p);
    }
    img.save(path)
        .with_context(|| format!("cannot write overlay {}", path.display()))
}

pub fn run(args: &PoseArgs) -> anyhow::Result<i32> {
    let spec = SourceSpec::parse(&args.input)?;
    let static_mode = match spec {
        SourceSpec::Image(_) => true,
        SourceSpec::Folder(_) => !args.video_mode,
        _ => args.r#static,
    };
    let mut source = spec.open(&args.camera.config())?;
    if matches!(spec, SourceSpec::Camera(_)) {
        // What the camera gave (its mode is chosen from what it offers).
        eprintln!("{}", source.describe());
    }
    if let (Some(out), false) = (&args.overlay, matches!(spec, SourceSpec::Image(_))) {
        std::fs::create_dir_all(out)
            .with_context(|| format!("cannot create overlay folder {}", out.display()))?;
    }
    let mut estimator = BlazePose::new(args.model.config(static_mode))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut code = exit::OK;
    let (mut frames, mut found, mut detector_runs) = (0u64, 0u64, 0u64);
    while args.frames.is_none_or(|n| frames < n) {
        let frame = match super::next_frame(source.as_mut(), &spec, &mut out)? {
            super::NextFrame::Frame(f) => f,
            super::NextFrame::End => break,
            super::NextFrame::Skipped => {
                code = exit::INPUT;
                continue;
            }
        };
        let result = estimator.estimate(&frame)?;
        frames += 1;
        found += u64::from(result.pose.is_some());
        detector_runs += u64::from(result.detector_ran);
        if args.json {
            serde_json::to_writer(&mut out, &JsonFrame::new(&frame, &result))?;
            writeln!(out)?;
        } else {
            match &result.pose {
                Some(p) => writeln!(
                    out,
                    "{}  {}x{}  person (score {:.2}, torso {:.0} px{})",
                    frame.label,
                    frame.image.width(),
                    frame.image.height(),
                    p.score,
                    p.torso_length(),
                    if result.detector_ran {
                        ", detector"
                    } else {
                        ", tracked"
                    }
                )?,
                None => writeln!(
                    out,
                    "{}  {}x{}  no person",
                    frame.label,
                    frame.image.width(),
                    frame.image.height()
                )?,
            }
        }
        if let Some(dir) = &args.overlay {
            write_overlay(
                &overlay_path(dir, &spec, &frame),
                &frame,
                result.pose.as_ref(),
            )?;
        }
    }
    out.flush()?;
    if !args.json && frames > 1 {
        eprintln!("{frames} frames, person in {found}, detector ran on {detector_runs}");
    }
    if let Some(why) = source.truncated() {
        eprintln!(
            "error: {} is truncated or damaged ({why}); the frames above are those read",
            args.input
        );
        code = exit::INPUT;
    }
    Ok(code)
}
