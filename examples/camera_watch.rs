//! Runs the app's live pipeline (the capture thread and the inference thread of `formcheck
//! run`, no window) on a camera for a number of seconds and prints, one JSON object a line,
//! every pipeline event with the seconds since start, and once a second the frames captured.
//! `.ci/camera-check` uses it on a real V4L2 driver: a camera whose feed stops is said within
//! two seconds and stays open, and its pictures coming back are said too (what the app's
//! "The camera is back — Go on" follows).
//!
//! ```text
//! cargo run --release --example camera_watch -- CAMERA_INDEX SECONDS [MODELS_DIR]
//! ```
//! Without a models folder (or with an empty one) no pose runs: only the capture is watched.

use formcheck::pipeline::{Pipeline, PipelineConfig, PipelineEvent};
use formcheck::pose::{ModelKind, PoseConfig};
use formcheck::source::{CameraConfig, SourceSpec};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(index), Some(secs)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: camera_watch CAMERA_INDEX SECONDS [MODELS_DIR]");
    };
    let index: u32 = index.parse()?;
    let secs: f64 = secs.parse()?;
    let models = args.get(2).map_or_else(
        || std::env::temp_dir().join("camera-watch-no-models"),
        std::path::PathBuf::from,
    );
    let start = Instant::now();
    let pipeline = Pipeline::start(
        PipelineConfig {
            source: SourceSpec::Camera(index),
            camera: CameraConfig {
                index,
                ..CameraConfig::default()
            },
            pose: PoseConfig::new(models, ModelKind::Lite),
            epoch: start,
        },
        None,
        Arc::new(|| {}),
    );
    let mut next_count = 1.0;
    while start.elapsed().as_secs_f64() < secs && !pipeline.finished() {
        std::thread::sleep(Duration::from_millis(50));
        let t = start.elapsed().as_secs_f64();
        for event in pipeline.events() {
            let (kind, detail) = match event {
                PipelineEvent::Opened { source } => ("opened", source),
                PipelineEvent::CameraStalled { message } => ("stalled", message),
                PipelineEvent::CameraResumed => ("resumed", String::new()),
                PipelineEvent::SourceFailed { message, .. } => ("failed", message),
                PipelineEvent::ModelReady { model } => ("model", model),
                PipelineEvent::ModelFailed { message } => ("no_model", message),
                other => ("other", format!("{other:?}")),
            };
            println!(
                "{}",
                serde_json::json!({"t_s": t, "unix_s": unix_s(), "event": kind, "detail": detail})
            );
        }
        if t >= next_count {
            next_count += 1.0;
            let captured = pipeline.stats().captured.load(Ordering::Relaxed);
            println!(
                "{}",
                serde_json::json!({"t_s": t, "event": "count", "captured": captured})
            );
        }
    }
    pipeline.stop_and_wait(Duration::from_millis(500));
    Ok(())
}

/// Wall-clock seconds, to set the events beside the times the check's script cut the feed.
fn unix_s() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}
