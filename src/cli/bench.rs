//! `formcheck bench`: times the real pipeline (see [`crate::bench`]) and prints a table,
//! or one JSON object with `--json` (schema in docs/CLI.md).

use super::{exit, ModelArgs};
use crate::bench::paced::{self, PacedReport};
use crate::bench::{self, BenchConfig, BenchError, BenchReport, STAGE_HELP};
use crate::perf;
use anyhow::Context as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// A video file or an image folder (looped if shorter than --frames). Default: a
    /// procedurally rendered clip, so the benchmark runs on any machine.
    #[arg(long)]
    pub source: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Timed frames.
    #[arg(long, default_value_t = 300)]
    pub frames: usize,
    /// Untimed frames run first (ONNX Runtime's first inferences are slow).
    #[arg(long, default_value_t = 10)]
    pub warmup: usize,
    /// Feed frames at this camera rate (frames per second of wall time, the newest wins, as
    /// the app gets them) and report CPU per second of video, frames processed and dropped,
    /// and latency. --frames then counts frames fed.
    #[arg(long, value_name = "FPS", value_parser = paced::parse_pace)]
    pub pace: Option<f64>,
    /// Frames in flight at once (offline throughput): with 2, two frames' landmark
    /// inference run at the same time on two worker threads, each with its own ONNX
    /// Runtime session (one thread each unless --threads says otherwise), and a frame is
    /// cropped with the newest ROI known when it starts (frame N-2's while N-1 is in
    /// flight). 1 (the default) runs the app's own loop, one frame at a time.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=8))]
    pub in_flight: u16,
    /// Decode every frame before timing (as MediaPipe's side of benches/mediapipe/compare.sh
    /// does), so the timed loop shares the CPUs with no decoder. Frames are kept in memory:
    /// about 0.9 MB each at 640x480.
    #[arg(long)]
    pub predecode: bool,
    /// The exercise coached while timing (an id from `formcheck exercises`); its landmarks
    /// pace the adaptive pose rate. Default: the routine's first.
    #[arg(long, value_name = "ID")]
    pub exercise: Option<String>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Write the built-in clip's frames as PNGs into this folder and exit (for running
    /// other tools on the same pixels).
    #[arg(long, value_name = "DIR")]
    pub save_clip: Option<PathBuf>,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<i32> {
    if let Some(dir) = &args.save_clip {
        let n = bench::save_clip(dir, args.frames).map_err(into_anyhow)?;
        eprintln!("wrote {n} frames to {}", dir.display());
        return Ok(exit::OK);
    }
    anyhow::ensure!(args.frames > 0, "--frames must be at least 1");
    let mut cfg = BenchConfig {
        source: args.source.clone(),
        frames: args.frames,
        warmup: args.warmup,
        pose: args.model.config(false),
        in_flight: usize::from(args.in_flight),
        predecode: args.predecode,
        exercise: args.exercise.clone(),
    };
    if cfg.in_flight > 1 {
        anyhow::ensure!(
            args.pace.is_none(),
            "--in-flight measures offline throughput; --pace measures the app's one frame at a time"
        );
        anyhow::ensure!(
            cfg.pose.adaptive_rate.is_none(),
            "--in-flight runs the landmark model on every frame; it has no adaptive pose rate"
        );
        if args.model.threads.is_none() {
            cfg.pose.threads = 1;
        }
    }
    if let Some(fps) = args.pace {
        let mut cfg = cfg;
        if args.model.threads.is_none() {
            cfg.pose.threads = crate::pose::runtime::CAMERA_RATE_THREADS;
        }
        if args.model.pose_rate.is_none() {
            cfg.pose.adaptive_rate = Some(crate::pose::AdaptiveRate::default());
        }
        let report = paced::run(&cfg, fps).map_err(into_anyhow)?;
        return print_report(&report, args.json, paced_table);
    }
    let report = bench::run(&cfg).map_err(into_anyhow)?;
    print_report(&report, args.json, table)
}

/// Prints a bench report as JSON (`--json`) or as its table; the bench succeeded.
fn print_report<R: serde::Serialize>(
    report: &R,
    json: bool,
    table: impl FnOnce(&R) -> String,
) -> anyhow::Result<i32> {
    if json {
        println!(
            "{}",
            serde_json::to_string(report).context("cannot serialise the report")?
        );
    } else {
        print!("{}", table(report));
    }
    Ok(exit::OK)
}

/// A source or model error keeps its own type, so [`super::exit_code`] maps it as for
/// every other command.
fn into_anyhow(e: BenchError) -> anyhow::Error {
    match e {
        BenchError::Source(e) => e.into(),
        BenchError::Pose(e) => e.into(),
        BenchError::Content(e) => e.into(),
        other => other.into(),
    }
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.digits$}"))
}

fn load(l: Option<[f64; 3]>) -> String {
    l.map_or_else(
        || "n/a".to_owned(),
        |l| format!("{:.2} {:.2} {:.2}", l[0], l[1], l[2]),
    )
}

/// The human-readable report.
pub fn table(r: &BenchReport) -> String {
    let mut s = String::new();
    s += &format!("source    {} ({}x{})\n", r.source, r.width, r.height);
    s += &format!(
        "model     {} · ORT threads {}{} · {} timed frames after {} warm-up · exercise {}\n",
        r.model,
        r.threads,
        if r.in_flight > 1 {
            format!(" per session · {} frames in flight", r.in_flight)
        } else {
            String::new()
        },
        r.frames,
        r.warmup,
        r.exercise
    );
    s += &format!(
        "machine   {} CPUs · load {} → {}\n\n",
        r.cpus,
        load(r.load_before),
        load(r.load_after)
    );
    s += &format!(
        "{:<15} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}\n",
        "stage", "runs", "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    for st in &r.stages {
        let m = &st.summary;
        s += &format!(
            "{:<15} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2}\n",
            st.name, m.count, m.mean_ms, m.p50_ms, m.p95_ms, m.p99_ms, m.max_ms
        );
    }
    s += "\n";
    s += &format!(
        "end-to-end      {:.1} fps (wall {:.2} s, decode overlapped)\n",
        r.fps, r.wall_s
    );
    s += &format!(
        "pipeline only   {:.1} fps (frames / sum of `frame`)\n",
        r.pipeline_fps
    );
    s += &format!(
        "detector        ran on {} of {} frames ({:.1} %); pose found on {}\n",
        r.detector_runs,
        r.frames,
        r.detector_rate * 100.0,
        r.frames_with_pose
    );
    s += &format!(
        "CPU             {} ms/frame (this process, {} cores busy on average); ffmpeg {} ms/frame\n",
        opt(r.cpu_ms_per_frame, 2),
        opt(r.cpu_utilisation, 2),
        opt(r.decoder_cpu_ms_per_frame, 2)
    );
    s += &format!("peak memory     {} MiB (VmHWM)\n", opt(r.peak_rss_mib, 1));
    s
}

/// The human-readable report of a paced run.
pub fn paced_table(r: &PacedReport) -> String {
    let ms = |m: Option<&perf::Summary>, f: fn(&perf::Summary) -> f64| opt(m.map(f), 2);
    let pct =
        |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{:.1} %", v * 100.0));
    let mut s = String::new();
    s += &format!("source    {} ({}x{})\n", r.source, r.width, r.height);
    s += &format!(
        "model     {} · ORT threads {} · paced at {} fps · exercise {}\n",
        r.model, r.threads, r.pace_fps, r.exercise
    );
    s += &format!(
        "machine   {} CPUs · load {} → {}\n\n",
        r.cpus,
        load(r.load_before),
        load(r.load_after)
    );
    s += &format!(
        "video           {:.2} s fed ({} frames) in {:.2} s wall\n",
        r.video_s, r.fed, r.wall_s
    );
    s += &format!(
        "frames          {} processed, {} dropped (the worker was busy)\n",
        r.processed, r.dropped
    );
    s += &format!(
        "CPU             {} of one core per second of video ({} ms per processed frame); ffmpeg {}\n",
        pct(r.cpu_share_of_core),
        opt(r.cpu_ms_per_processed_frame, 2),
        pct(r.decoder_cpu_share_of_core)
    );
    s += &format!(
        "latency         p50 {} ms · p95 {} ms (hand-over to result)\n",
        ms(r.latency.as_ref(), |m| m.p50_ms),
        ms(r.latency.as_ref(), |m| m.p95_ms)
    );
    s += &format!(
        "frame           p50 {} ms · p95 {} ms (pose + engine)\n",
        ms(r.frame.as_ref(), |m| m.p50_ms),
        ms(r.frame.as_ref(), |m| m.p95_ms)
    );
    s += &format!(
        "detector        ran on {} of {} processed frames; pose found on {}\n",
        r.detector_runs, r.processed, r.frames_with_pose
    );
    s += &format!(
        "pose rate       landmark model ran on {} of {} processed frames; {} held (still)\n",
        r.processed - r.held,
        r.processed,
        r.held
    );
    s
}

/// One line per stage explaining it (printed by `--help`-adjacent docs and tests).
pub fn stage_legend() -> String {
    STAGE_HELP
        .iter()
        .map(|(n, h)| format!("{n:<15} {h}\n"))
        .collect()
}
