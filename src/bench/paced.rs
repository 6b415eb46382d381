//! `formcheck bench --pace FPS`: what the pipeline costs at a camera's rate.
//!
//! The plain benchmark feeds frames as fast as the model takes them and reports throughput;
//! a person at a laptop feels something else: the fan and the battery while a 30 fps camera
//! runs for a 20-minute routine. This mode plays the source the way the app receives it.
//!
//! A capture thread hands frame `i` over at `start + i / FPS` of wall time (decoding happens
//! while it waits, as a camera exposes the next frame while the last one is read) into the
//! app's own single-slot mailbox ([`Slot`]): the newest frame wins and one the worker never
//! took is counted as dropped, exactly as the live pipeline's capture thread does. The main
//! thread is the worker: it takes the newest frame, runs the app's frame loop
//! ([`Stream::frame`]: pose estimate and the exercise engine) and records the latency from
//! hand-over to result (the app's capture-to-overlay figure, without drawing).
//!
//! The figure that matters is the process's CPU time (user + system, every thread, from
//! `/proc/self/stat`) over the paced run divided by the seconds of video fed: the share of
//! one core that watching at that rate costs. The ffmpeg decoder is a separate process and is
//! reported on its own (a camera's driver costs something else again). Warm-up frames run
//! unpaced before the clock starts, so ONNX Runtime's slow first inferences are not counted.

use super::{make_producer, ns, BenchConfig, BenchError, Producer};
use crate::content::ExerciseId;
use crate::frame::{Frame, Timestamp};
use crate::perf::{self, StageSamples, Summary};
use crate::pipeline::Slot;
use crate::pose::BlazePose;
use crate::practice::Stream;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Lowest and highest `--pace` accepted, frames per second.
pub const PACE_RANGE: (f64, f64) = (1.0, 240.0);

/// A `--pace` that is not a frame rate of [`PACE_RANGE`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a frame rate from {} to {} frames per second",
    PACE_RANGE.0,
    PACE_RANGE.1
)]
pub struct BadPace;

/// `--pace`: a frame rate from [`PACE_RANGE`].
pub fn parse_pace(s: &str) -> Result<f64, BadPace> {
    let (lo, hi) = PACE_RANGE;
    match s.trim().parse::<f64>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(BadPace),
    }
}

/// The result of a paced run; serialised by `formcheck bench --pace FPS --json`.
#[derive(Debug, Clone, Serialize)]
pub struct PacedReport {
    pub schema: u32,
    pub source: String,
    pub width: u32,
    pub height: u32,
    pub model: String,
    pub threads: usize,
    pub exercise: ExerciseId,
    /// The camera rate played, frames per second.
    pub pace_fps: f64,
    /// Frames handed over by the capture thread (after warm-up).
    pub fed: usize,
    /// Frames the worker ran the pipeline on.
    pub processed: usize,
    /// Frames replaced in the mailbox before the worker took them.
    pub dropped: usize,
    /// Seconds of video fed: `fed / pace_fps`.
    pub video_s: f64,
    pub wall_s: f64,
    /// Process CPU seconds per second of video, as a share of one core (0.25 = a quarter).
    pub cpu_share_of_core: Option<f64>,
    /// Process CPU time per processed frame, ms.
    pub cpu_ms_per_processed_frame: Option<f64>,
    /// ffmpeg's CPU per second of video, share of one core (video sources only).
    pub decoder_cpu_share_of_core: Option<f64>,
    /// Hand-over to result, per processed frame.
    pub latency: Option<Summary>,
    /// The pipeline's own time per processed frame (pose + engine).
    pub frame: Option<Summary>,
    pub detector_runs: usize,
    /// Processed frames whose pose was held from the last model run (the person was still).
    pub held: usize,
    pub frames_with_pose: usize,
    pub load_before: Option<[f64; 3]>,
    pub load_after: Option<[f64; 3]>,
    pub cpus: usize,
}

/// A frame in the mailbox and when it was handed over.
struct Handed {
    frame: Frame,
    at: Instant,
}

/// What the capture thread reports when it is done.
struct Fed {
    frames: usize,
    child_cpu: Duration,
}

/// Plays `producer` at `fps` into `slot` for `frames` frames; stops early on a source error
/// (returned) or when `stop` is set.
fn capture(
    mut producer: Box<dyn Producer>,
    frames: usize,
    fps: f64,
    slot: &Slot<Handed>,
    dropped: &AtomicU64,
    stop: &AtomicBool,
) -> Result<Fed, BenchError> {
    let start = Instant::now();
    let mut fed = 0;
    for i in 0..frames {
        if stop.load(Ordering::Acquire) {
            break;
        }
        let mut frame = producer.next(None)?;
        let due = start + Duration::from_secs_f64(i as f64 / fps);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        frame.ts = Timestamp::from_secs_f64(i as f64 / fps);
        if slot.put(Handed {
            frame,
            at: Instant::now(),
        }) {
            dropped.fetch_add(1, Ordering::Relaxed);
        }
        fed += 1;
    }
    Ok(Fed {
        frames: fed,
        child_cpu: producer.child_cpu(),
    })
}

/// The worker's tallies over the paced run.
struct Tally {
    latency: StageSamples,
    frame: StageSamples,
    detector_runs: usize,
    held: usize,
    with_pose: usize,
}

/// Runs the pipeline on every frame the worker can take until the capture thread is done
/// and the mailbox empty.
fn work(stream: &mut Stream, slot: &Slot<Handed>, done: &AtomicBool, expect: usize) -> Tally {
    let mut t = Tally {
        latency: StageSamples::with_capacity(expect),
        frame: StageSamples::with_capacity(expect),
        detector_runs: 0,
        held: 0,
        with_pose: 0,
    };
    loop {
        let finished = done.load(Ordering::Acquire);
        let Some(h) = slot.take_timeout(Duration::from_millis(50)) else {
            if finished {
                return t;
            }
            continue;
        };
        let t0 = Instant::now();
        let step = stream.frame(&h.frame);
        let end = Instant::now();
        t.frame.push(ns(end - t0));
        t.latency.push(ns(end - h.at));
        t.detector_runs += usize::from(step.detector_ran);
        t.held += usize::from(step.held);
        t.with_pose += usize::from(step.pose.is_some());
    }
}

/// Runs the paced benchmark: `cfg.warmup` frames unpaced, then `cfg.frames` frames at `fps`.
pub fn run(cfg: &BenchConfig, fps: f64) -> Result<PacedReport, BenchError> {
    let load_before = perf::load_average();
    let (mut producer, source, (width, height)) =
        make_producer(cfg.source.as_deref(), cfg.warmup + cfg.frames)?;
    let pose = BlazePose::new(cfg.pose.clone())?;
    let (mut stream, exercise) = super::coached_stream(cfg, Some(Box::new(pose)))?;
    for i in 0..cfg.warmup {
        let mut f = producer.next(None)?;
        f.ts = Timestamp::from_secs_f64((i as f64 - cfg.warmup as f64) / fps);
        let step = stream.frame(&f);
        if let Some(e) = step.error {
            return Err(e.into());
        }
    }

    let slot = Arc::new(Slot::<Handed>::default());
    let dropped = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let frames = cfg.frames;
    let cpu0 = perf::process_cpu_time();
    let wall0 = Instant::now();
    let capture_thread = {
        let (slot, dropped, done, stop) = (
            Arc::clone(&slot),
            Arc::clone(&dropped),
            Arc::clone(&done),
            Arc::clone(&stop),
        );
        std::thread::Builder::new()
            .name("bench-capture".into())
            .spawn(move || {
                let r = capture(producer, frames, fps, &slot, &dropped, &stop);
                done.store(true, Ordering::Release);
                r
            })
            .map_err(BenchError::Thread)?
    };
    let tally = work(&mut stream, &slot, &done, frames);
    let wall = wall0.elapsed();
    let cpu = cpu0
        .zip(perf::process_cpu_time())
        .map(|(a, b)| b.saturating_sub(a));
    stop.store(true, Ordering::Release);
    let fed = capture_thread
        .join()
        .map_err(|_| BenchError::CapturePanicked)??;
    if tally.frame.is_empty() {
        return Err(BenchError::NoFrames);
    }
    let video_s = fed.frames as f64 / fps;
    let processed = tally.frame.len();
    Ok(PacedReport {
        schema: 1,
        source,
        width,
        height,
        model: cfg.pose.model.to_string(),
        threads: cfg.pose.threads,
        exercise: exercise.id.clone(),
        pace_fps: fps,
        fed: fed.frames,
        processed,
        dropped: usize::try_from(dropped.load(Ordering::Relaxed)).unwrap_or(usize::MAX),
        video_s,
        wall_s: wall.as_secs_f64(),
        cpu_share_of_core: cpu.map(|c| c.as_secs_f64() / video_s),
        cpu_ms_per_processed_frame: cpu.map(|c| c.as_secs_f64() * 1e3 / processed as f64),
        decoder_cpu_share_of_core: Some(fed.child_cpu)
            .filter(|d| !d.is_zero())
            .map(|c| c.as_secs_f64() / video_s),
        latency: tally.latency.summary(),
        frame: tally.frame.summary(),
        detector_runs: tally.detector_runs,
        held: tally.held,
        frames_with_pose: tally.with_pose,
        load_before,
        load_after: perf::load_average(),
        cpus: std::thread::available_parallelism().map_or(0, |n| n.get()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pace_is_a_frame_rate_in_range() {
        assert_eq!(parse_pace("30"), Ok(30.0));
        assert_eq!(parse_pace("29.97"), Ok(29.97));
        for bad in ["0", "-30", "NaN", "inf", "1000", "thirty", ""] {
            assert!(parse_pace(bad).is_err(), "{bad:?} accepted");
        }
    }
}
