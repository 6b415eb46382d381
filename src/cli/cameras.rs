//! `formcheck cameras`: the cameras this machine has, each with the picture formats it
//! offers and the mode formcheck would stream from it. None is a normal answer, said plainly.
//!
//! `--watch N` streams camera N through the app's own capture (the pipeline of `formcheck
//! run`, without the pose model) and says what happens, second by second: the frames
//! delivered, the camera stopping and coming back. A diagnostic for people, and the probe
//! `.ci/camera-check` runs on real drivers.

use super::{exit, BadValue};
use crate::pipeline::{Pipeline, PipelineConfig, PipelineEvent};
use crate::source::camera_mode::ModeRequest;
use crate::source::SourceSpec;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct CamerasArgs {
    #[command(flatten)]
    pub camera: super::CameraArgs,
    /// Stream this camera and say what it delivers, second by second (Ctrl-C stops).
    #[arg(long, value_name = "INDEX")]
    pub watch: Option<u32>,
    /// With --watch: stop after this many seconds.
    #[arg(long, value_name = "SECS", requires = "watch", value_parser = parse_secs)]
    pub secs: Option<f64>,
    /// With --watch: one JSON object a line (`t_s`, `unix_s`, `event`, and `detail` or
    /// `captured`).
    #[arg(long, requires = "watch")]
    pub json: bool,
}

fn parse_secs(s: &str) -> Result<f64, BadValue> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(BadValue::Secs(s.to_owned())),
    }
}

pub fn run(args: &CamerasArgs) -> anyhow::Result<i32> {
    if let Some(index) = args.watch {
        return watch(args, index);
    }
    let cams = crate::source::list_cameras()?;
    if cams.is_empty() {
        println!("No camera found. Plug a webcam in, or give a video file or an image folder as the source.");
        return Ok(exit::CAMERA);
    }
    let config = args.camera.config();
    let want = ModeRequest {
        width_px: config.width,
        height_px: config.height,
        fps: config.fps,
    };
    for (index, name) in cams {
        println!("{index}: {name}");
        match crate::source::camera_modes(index, &want) {
            Ok((modes, chosen)) => {
                println!("   offers {}", crate::source::camera_mode::summary(&modes));
                println!("   formcheck uses {chosen}");
            }
            Err(e) => println!("   cannot be opened: {e}"),
        }
    }
    Ok(exit::OK)
}

/// What the watch saw, as a line of text or JSON.
enum Seen {
    Event(&'static str, String),
    Count { captured: u64, per_sec: f64 },
}

fn watch(args: &CamerasArgs, index: u32) -> anyhow::Result<i32> {
    let shutdown = crate::shutdown::Shutdown::install()?;
    let start = Instant::now();
    let pipeline = Pipeline::start(
        PipelineConfig {
            source: SourceSpec::Camera(index),
            camera: crate::source::CameraConfig {
                index,
                ..args.camera.config()
            },
            pose: None,
            epoch: start,
        },
        None,
        Arc::new(|| {}),
    );
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut code = exit::OK;
    let (mut next_count, mut last_captured) = (1.0, 0u64);
    let secs = args.secs.unwrap_or(f64::INFINITY);
    while start.elapsed().as_secs_f64() < secs && !shutdown.requested() {
        std::thread::sleep(Duration::from_millis(50));
        let t = start.elapsed().as_secs_f64();
        let mut seen = Vec::new();
        for event in pipeline.events() {
            seen.push(match event {
                PipelineEvent::Opened { source } => Seen::Event("opened", source),
                PipelineEvent::CameraStalled { message } => Seen::Event("stopped", message),
                PipelineEvent::CameraResumed => {
                    Seen::Event("back", "the camera sends pictures again".into())
                }
                PipelineEvent::SourceFailed { message, .. } => {
                    code = exit::CAMERA;
                    Seen::Event("failed", message)
                }
                other => Seen::Event("other", format!("{other:?}")),
            });
        }
        if t >= next_count {
            next_count += 1.0;
            let captured = pipeline.stats().captured.load(Ordering::Relaxed);
            seen.push(Seen::Count {
                captured,
                per_sec: (captured - last_captured.min(captured)) as f64,
            });
            last_captured = captured;
        }
        for s in seen {
            print_seen(&mut out, args.json, t, &s)?;
        }
        if code != exit::OK {
            break;
        }
    }
    pipeline.stop_and_wait(Duration::from_millis(500));
    Ok(code)
}

fn print_seen(
    out: &mut impl std::io::Write,
    json: bool,
    t: f64,
    seen: &Seen,
) -> std::io::Result<()> {
    let unix_s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    match (json, seen) {
        (true, Seen::Event(kind, detail)) => writeln!(
            out,
            "{}",
            serde_json::json!({"t_s": t, "unix_s": unix_s, "event": kind, "detail": detail})
        )?,
        (true, Seen::Count { captured, .. }) => writeln!(
            out,
            "{}",
            serde_json::json!({"t_s": t, "unix_s": unix_s, "event": "count", "captured": captured})
        )?,
        (false, Seen::Event(kind, detail)) => writeln!(out, "{t:6.1} s  {kind}: {detail}")?,
        (false, Seen::Count { captured, per_sec }) => writeln!(
            out,
            "{t:6.1} s  {captured} frames so far ({per_sec:.0} in the last second)"
        )?,
    }
    out.flush()
}
