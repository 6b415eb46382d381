//! `formcheck bench`: the real pipeline, timed stage by stage.
//!
//! A decode thread feeds frames through a bounded channel of 2 (decode overlaps inference,
//! as in the live app) and gets finished frames back for reuse, so the steady state
//! allocates no pixel buffers. The main thread runs the app's own frame loop
//! ([`Stream::frame`]: [`BlazePose`] — detector or tracked ROI → crop → landmark model →
//! decoding → smoothing — then the exercise engine, [`Coach::update`]) on every frame, and
//! records each stage's duration
//! ([`crate::perf::StageSamples`]), how often the detector ran, CPU time and peak memory.
//!
//! Sources: a video file (looped by reopening when shorter than `--frames`), an image folder
//! (looped), or with no source the procedural clip of [`scene`].

pub mod in_flight;
pub mod paced;
pub mod scene;

use crate::coach::Coach;
use crate::content::{self, ContentProblem, Exercise, ExerciseId};
use crate::frame::{Frame, Timestamp};
use crate::perf::{self, StageSamples, Summary};
use crate::pose::{BlazePose, PoseConfig, PoseError};
use crate::practice::stream::Step;
use crate::practice::{Attempt, CoachRun, Stream};
use crate::source::{images, video::VideoSource, FrameSource, SourceError, SourceSpec};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Why a benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Pose(#[from] PoseError),
    #[error("the built-in bench exercise does not load: {0:?}")]
    Exercise(Vec<ContentProblem>),
    #[error(transparent)]
    Content(#[from] content::ContentError),
    #[error("the source path is not valid UTF-8")]
    PathNotUtf8,
    #[error("cannot start the decode thread")]
    Thread(#[source] std::io::Error),
    #[error("the paced capture thread stopped unexpectedly")]
    CapturePanicked,
    #[error("no frames were timed")]
    NoFrames,
    #[error("cannot create {}", .path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}", .path.display())]
    WriteFrame {
        path: PathBuf,
        source: image::ImageError,
    },
}

/// What to run.
#[derive(Debug, Clone)]
pub struct BenchConfig {
    /// Video file or image folder; `None` = the built-in procedural clip.
    pub source: Option<PathBuf>,
    /// Timed frames.
    pub frames: usize,
    /// Untimed frames before timing (ONNX Runtime's first runs are slow).
    pub warmup: usize,
    pub pose: PoseConfig,
    /// Frames in flight at once: 1 runs the app's own loop ([`BlazePose`]); more run
    /// [`crate::pose::Pipelined`] (offline throughput, see [`in_flight`]).
    pub in_flight: usize,
    /// Decode every frame before the timed loop, as MediaPipe's side of
    /// `benches/mediapipe/compare.sh` does, so the loop shares the CPUs with no decoder.
    pub predecode: bool,
    /// The exercise coached (and whose landmarks pace an adaptive pose rate); `None`: the
    /// first of the routine ([`bench_exercise`]).
    pub exercise: Option<String>,
}

/// Stage names in pipeline order, as they appear in the table and the JSON `stages` map.
pub const STAGES: [&str; 11] = [
    "decode",
    "wait",
    "detect_pre",
    "detect_infer",
    "detect_post",
    "crop",
    "landmark_infer",
    "landmark_post",
    "smooth",
    "engine",
    "frame",
];

/// What each stage measures (for the README and `--help`-like output).
pub const STAGE_HELP: [(&str, &str); 11] = [
    (
        "decode",
        "decode thread: one frame from ffmpeg / image decoder / clip (overlapped)",
    ),
    ("wait", "main thread blocked waiting for a decoded frame"),
    (
        "detect_pre",
        "detector letterbox to 224² (frames where the detector ran)",
    ),
    ("detect_infer", "detector model (ONNX Runtime)"),
    ("detect_post", "anchor decoding + weighted NMS + ROI"),
    (
        "crop",
        "rotated ROI crop to 256² floats (landmark pre-processing)",
    ),
    ("landmark_infer", "landmark model (ONNX Runtime)"),
    (
        "landmark_post",
        "landmark decoding, heatmap refinement, projection",
    ),
    ("smooth", "One Euro smoothing + next ROI"),
    ("engine", "exercise engine Coach::update"),
    (
        "frame",
        "whole frame on the main thread: pose estimate + engine (excludes wait)",
    ),
];

/// One stage in the report.
#[derive(Debug, Clone, Serialize)]
pub struct StageReport {
    pub name: &'static str,
    #[serde(flatten)]
    pub summary: Summary,
}

/// The result of a run; serialised as `formcheck bench --json` (schema in docs/CLI.md).
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub schema: u32,
    pub source: String,
    pub width: u32,
    pub height: u32,
    pub model: String,
    pub threads: usize,
    /// Frames in flight at once (1: one frame at a time, as the app).
    pub in_flight: usize,
    /// Every frame was decoded before the timed loop (`--predecode`).
    pub predecode: bool,
    pub frames: usize,
    pub warmup: usize,
    /// End-to-end throughput: timed frames / wall time of the timed loop (decode overlapped).
    pub fps: f64,
    /// Frames / sum of `frame` times: throughput of the pose pipeline + engine alone, the
    /// same measure as MediaPipe's benchmark script (which times only `process()`).
    pub pipeline_fps: f64,
    pub wall_s: f64,
    /// Frames where the person detector ran (the rest were tracked from the previous ROI).
    pub detector_runs: usize,
    /// `detector_runs / frames`.
    pub detector_rate: f64,
    pub frames_with_pose: usize,
    /// CPU time (user + system, all threads of this process) per timed frame.
    pub cpu_ms_per_frame: Option<f64>,
    /// CPU time of the ffmpeg decoder process per timed frame (video sources only).
    pub decoder_cpu_ms_per_frame: Option<f64>,
    /// Process CPU time / wall time (2.0 = both cores busy).
    pub cpu_utilisation: Option<f64>,
    /// Peak resident memory (VmHWM) of this process, MiB.
    pub peak_rss_mib: Option<f64>,
    /// Load averages (1, 5, 15 min) at the start and end of the run.
    pub load_before: Option<[f64; 3]>,
    pub load_after: Option<[f64; 3]>,
    pub cpus: usize,
    pub exercise: ExerciseId,
    /// Per stage, in pipeline order; stages that never ran are left out.
    pub stages: Vec<StageReport>,
}

impl BenchReport {
    pub fn stage(&self, name: &str) -> Option<&Summary> {
        self.stages
            .iter()
            .find(|s| s.name == name)
            .map(|s| &s.summary)
    }
}

/// The exercise the engine stage runs: `id` from the content folder; without one the first
/// routine exercise of the content folder, or a built-in bridge when there is no content yet.
pub fn bench_exercise(id: Option<&str>) -> Result<Exercise, BenchError> {
    if let Some(id) = id {
        return Ok(content::load_default()?.get(id)?.clone());
    }
    if let Ok(catalog) = content::load_default() {
        if let Some(ex) = catalog.routine_exercises().first() {
            return Ok((*ex).clone());
        }
    }
    let (ex, problems) =
        content::load_exercise_str(Path::new("<built-in bench exercise>"), BENCH_EXERCISE);
    match ex {
        Some(ex) if problems.is_empty() => Ok(ex),
        _ => Err(BenchError::Exercise(problems)),
    }
}

const BENCH_EXERCISE: &str = r#"
id = "bench_bridge"
name = "Bench bridge"
instructions = ["Lie on your back, knees bent.", "Lift your hips, hold, lower."]
view = "side"
cycle = ["down", "up"]

[dose]
hold_secs = 5.0
reps = 3

[measures.hip]
kind = "angle"
points = ["shoulder", "hip", "knee"]

[measures.knee]
kind = "angle"
points = ["hip", "knee", "ankle"]

[setup]
prompt = "Lie on your back, knees bent."
when = [{ measure = "knee", min_deg = 45.0, max_deg = 120.0 }]

[[phase]]
id = "down"
cue = "Rest"
when = [{ measure = "hip", max_deg = 150.0 }]

[[phase]]
id = "up"
cue = "Lift your hips"
when = [{ measure = "hip", min_deg = 160.0 }]

[[correction]]
id = "knees"
message = "Keep your knees bent"
priority = 50
when = [{ measure = "knee", min_deg = 130.0 }]

[recognize]
when = [{ measure = "hip", min_deg = 160.0 }]
"#;

/// A decoded frame and how long decoding it took.
type Decoded = Result<(Frame, u64), SourceError>;

/// Produces frames forever (looping the source) until `frames` were sent or the receiver
/// hangs up. Returns the decoder child's CPU time when there is one.
trait Producer: Send {
    fn next(&mut self, spare: Option<Frame>) -> Result<Frame, SourceError>;
    fn child_cpu(&self) -> Duration {
        Duration::ZERO
    }
}

struct ClipProducer {
    clip: Vec<image::RgbImage>,
    next: u64,
}

impl Producer for ClipProducer {
    fn next(&mut self, spare: Option<Frame>) -> Result<Frame, SourceError> {
        let i = self.next;
        self.next += 1;
        let src = &self.clip[(i as usize) % self.clip.len()];
        let image = match spare {
            Some(f) if f.image.dimensions() == src.dimensions() => {
                let mut img = f.image;
                img.copy_from_slice(src);
                img
            }
            _ => src.clone(),
        };
        Ok(Frame {
            image,
            ts: Timestamp::from_secs_f64(i as f64 / scene::FPS),
            index: i,
            label: String::new(),
        })
    }
}

/// A source reopened at its end; timestamps keep increasing across loops.
struct LoopProducer {
    spec: SourceSpec,
    source: Box<dyn FrameSource + Send>,
    video_pid: Option<u32>,
    child_cpu: Duration,
    next: u64,
    fps: f64,
}

fn open_looped(
    spec: &SourceSpec,
) -> Result<(Box<dyn FrameSource + Send>, Option<u32>), SourceError> {
    Ok(match spec {
        SourceSpec::Video(p) => {
            let v = VideoSource::open(p)?;
            let pid = v.decoder_pid();
            (Box::new(v), Some(pid))
        }
        SourceSpec::Folder(p) => (
            Box::new(images::ImageSource::folder(p, images::FOLDER_FPS)?),
            None,
        ),
        SourceSpec::Image(p) => (Box::new(images::ImageSource::single(p)?), None),
        SourceSpec::Camera(_) => return Err(SourceError::CameraUnsupported),
    })
}

impl LoopProducer {
    fn account_child(&mut self) {
        if let Some(pid) = self.video_pid {
            if let Some(t) = perf::cpu_time_of(&pid.to_string()) {
                self.child_cpu += t;
            }
        }
    }
}

impl Producer for LoopProducer {
    fn next(&mut self, spare: Option<Frame>) -> Result<Frame, SourceError> {
        let mut spare = spare;
        for _ in 0..2 {
            if let Some(mut f) = self.source.next_frame_reusing(spare.take())? {
                f.index = self.next;
                f.ts = Timestamp::from_secs_f64(self.next as f64 / self.fps);
                self.next += 1;
                return Ok(f);
            }
            // End of the source: loop by reopening it. The ffmpeg child has exited but is
            // only reaped when the source is dropped, so its CPU time is still readable.
            self.account_child();
            let (source, pid) = open_looped(&self.spec)?;
            self.source = source;
            self.video_pid = pid;
        }
        Err(SourceError::EmptyVideo(PathBuf::from(
            self.source.describe(),
        )))
    }

    fn child_cpu(&self) -> Duration {
        let live = self
            .video_pid
            .and_then(|pid| perf::cpu_time_of(&pid.to_string()))
            .unwrap_or_default();
        self.child_cpu + live
    }
}

/// A frame producer, a description of its source and the frame size.
type ProducerInfo = (Box<dyn Producer>, String, (u32, u32));

/// Opens the source (or renders the built-in clip) for the decode thread.
fn make_producer(source: Option<&Path>, frames: usize) -> Result<ProducerInfo, BenchError> {
    let Some(path) = source else {
        let clip = scene::render_clip(frames);
        return Ok((
            Box::new(ClipProducer { clip, next: 0 }),
            format!(
                "built-in procedural clip {}x{} ({} distinct frames, looped)",
                scene::WIDTH,
                scene::HEIGHT,
                scene::PERIOD
            ),
            (scene::WIDTH, scene::HEIGHT),
        ));
    };
    let arg = path.to_str().ok_or(BenchError::PathNotUtf8)?;
    let spec = SourceSpec::parse(arg)?;
    let (source, pid) = open_looped(&spec)?;
    let fps = source.fps_hint().unwrap_or(images::FOLDER_FPS);
    let describe = source.describe();
    let mut p = LoopProducer {
        spec,
        source,
        video_pid: pid,
        child_cpu: Duration::ZERO,
        next: 0,
        fps,
    };
    // Peek one frame for the size, then start over so the timed run sees frame 0 first.
    let first = p.next(None)?;
    let size = first.image.dimensions();
    let (source, pid) = open_looped(&p.spec)?;
    p.account_child();
    p.source = source;
    p.video_pid = pid;
    p.next = 0;
    Ok((Box::new(p), describe, size))
}

fn ns(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

fn stage_index(name: &str) -> usize {
    STAGES.iter().position(|s| *s == name).unwrap_or(0)
}

/// The timed frames' samples, per stage in [`STAGES`] order.
struct Samples {
    stages: Vec<StageSamples>,
    detector_runs: usize,
    with_pose: usize,
    timed: usize,
}

impl Samples {
    fn new(frames: usize) -> Self {
        Self {
            stages: STAGES
                .iter()
                .map(|_| StageSamples::with_capacity(frames))
                .collect(),
            detector_runs: 0,
            with_pose: 0,
            timed: 0,
        }
    }

    fn push(&mut self, stage: &str, ns: u64) {
        self.stages[stage_index(stage)].push(ns);
    }

    /// One timed frame: decoding, waiting for it, its stages and the whole frame.
    fn record(&mut self, decode_ns: u64, wait_ns: u64, frame_ns: u64, step: &Step) {
        self.timed += 1;
        let st = step.times.stages;
        self.push("decode", decode_ns);
        self.push("wait", wait_ns);
        if step.detector_ran {
            self.detector_runs += 1;
            self.push("detect_pre", st.detect_pre);
            self.push("detect_infer", st.detect_infer);
            self.push("detect_post", st.detect_post);
        }
        if st.landmark_infer > 0 {
            self.push("crop", st.landmark_pre);
            self.push("landmark_infer", st.landmark_infer);
            self.push("landmark_post", st.landmark_post);
        }
        if step.pose.is_some() {
            self.with_pose += 1;
            self.push("smooth", st.smooth);
        }
        self.push("engine", ns(step.times.coach));
        self.push("frame", frame_ns);
    }
}

/// The decode thread and its channels: decoded frames in, spent frames back for reuse.
struct Decoder {
    frames: mpsc::Receiver<Decoded>,
    /// Frames decoded ahead of the loop ([`Decoder::decode_all`]), handed out first.
    ready: std::collections::VecDeque<Decoded>,
    spare: mpsc::Sender<Frame>,
    handle: std::thread::JoinHandle<Duration>,
}

impl Decoder {
    /// Decode thread → bounded channel of 2 → main thread → spare channel → decode thread,
    /// for `total` frames; with `predecode`, every frame is decoded before this returns.
    fn spawn(
        producer: Box<dyn Producer>,
        total: usize,
        predecode: bool,
    ) -> Result<Self, BenchError> {
        let mut decoder = Self::start(producer, total)?;
        if predecode {
            decoder.decode_all();
        }
        Ok(decoder)
    }

    fn start(mut producer: Box<dyn Producer>, total: usize) -> Result<Self, BenchError> {
        let (tx, rx) = mpsc::sync_channel::<Decoded>(2);
        let (spare_tx, spare_rx) = mpsc::channel::<Frame>();
        let handle = std::thread::Builder::new()
            .name("bench-decode".into())
            .spawn(move || {
                for _ in 0..total {
                    let spare = spare_rx.try_recv().ok();
                    let t = Instant::now();
                    let msg = producer.next(spare).map(|f| (f, ns(t.elapsed())));
                    let failed = msg.is_err();
                    if tx.send(msg).is_err() || failed {
                        break;
                    }
                }
                producer.child_cpu()
            })
            .map_err(BenchError::Thread)?;
        Ok(Self {
            frames: rx,
            ready: std::collections::VecDeque::new(),
            spare: spare_tx,
            handle,
        })
    }

    /// Waits until the thread has decoded every frame and keeps them (`--predecode`): the
    /// timed loop then runs with no decoder beside it.
    fn decode_all(&mut self) {
        while let Ok(msg) = self.frames.recv() {
            self.ready.push_back(msg);
        }
    }

    /// The next decoded frame; `None` when the source has ended.
    fn next(&mut self) -> Option<Decoded> {
        self.ready.pop_front().or_else(|| self.frames.recv().ok())
    }

    /// Hands a frame's buffer back; the decoder may already be gone at the end.
    fn recycle(&self, frame: Frame) {
        let _ = self.spare.send(frame);
    }

    /// Stops the thread; the decoder child's CPU time, when there was one.
    fn finish(self) -> Option<Duration> {
        drop(self.frames);
        drop(self.spare);
        self.handle.join().ok().filter(|d| !d.is_zero())
    }
}

/// What the source is.
struct SourceInfo {
    name: String,
    width: u32,
    height: u32,
}

/// The timed loop's measurements.
struct Timed {
    samples: Samples,
    wall: Duration,
    cpu: Option<Duration>,
    decoder_cpu: Option<Duration>,
    load_before: Option<[f64; 3]>,
}

/// The stream every benchmark times: `estimator` (or none: the poses come from elsewhere)
/// and a coach of the benchmark's exercise.
fn coached_stream(
    cfg: &BenchConfig,
    estimator: Option<crate::practice::stream::Estimator>,
) -> Result<(Stream, Exercise), BenchError> {
    let exercise = bench_exercise(cfg.exercise.as_deref())?;
    let coach = CoachRun::new(Coach::new(&exercise), Attempt::default());
    Ok((Stream::new(estimator, Some(coach)), exercise))
}

/// One decoded frame handed to a timed loop's body.
struct Fed {
    /// Its position in the run (the first `cfg.warmup` are not timed).
    n: usize,
    frame: Frame,
    /// Decoding it, on the decode thread.
    decode_ns: u64,
    /// The main thread waiting for it.
    wait_ns: u64,
}

/// The timed loop both frame-by-frame benchmarks share: `cfg.warmup + cfg.frames` frames
/// from `decoder` through `each`, then `drain` (still timed); the wall and process CPU
/// time from the end of the warm-up.
fn timed_loop(
    cfg: &BenchConfig,
    decoder: &mut Decoder,
    mut each: impl FnMut(Fed, &Decoder) -> Result<(), BenchError>,
    drain: impl FnOnce(&Decoder) -> Result<(), BenchError>,
) -> Result<(Duration, Option<Duration>), BenchError> {
    let mut cpu0 = None;
    let mut loop_start = Instant::now();
    for n in 0..cfg.warmup + cfg.frames {
        if n == cfg.warmup {
            cpu0 = perf::process_cpu_time();
            loop_start = Instant::now();
        }
        let t_wait = Instant::now();
        let Some(msg) = decoder.next() else {
            break;
        };
        let (frame, decode_ns) = msg?;
        let fed = Fed {
            n,
            frame,
            decode_ns,
            wait_ns: ns(t_wait.elapsed()),
        };
        each(fed, decoder)?;
    }
    drain(decoder)?;
    let wall = loop_start.elapsed();
    let cpu = cpu0
        .zip(perf::process_cpu_time())
        .map(|(a, b)| b.saturating_sub(a));
    Ok((wall, cpu))
}

/// Runs the benchmark: one frame at a time through the app's own loop, or with
/// `cfg.in_flight` > 1 through [`in_flight::run`].
pub fn run(cfg: &BenchConfig) -> Result<BenchReport, BenchError> {
    if cfg.in_flight > 1 {
        return in_flight::run(cfg);
    }
    let load_before = perf::load_average();
    let total = cfg.warmup + cfg.frames;
    let (producer, name, (width, height)) = make_producer(cfg.source.as_deref(), cfg.frames)?;
    let pose = BlazePose::new(cfg.pose.clone())?;
    let (mut stream, exercise) = coached_stream(cfg, Some(Box::new(pose)))?;
    let mut decoder = Decoder::spawn(producer, total, cfg.predecode)?;

    let mut samples = Samples::new(cfg.frames);
    let (wall, cpu) = timed_loop(
        cfg,
        &mut decoder,
        |fed, decoder| {
            let t0 = Instant::now();
            let step = stream.frame(&fed.frame);
            let frame_ns = ns(t0.elapsed());
            if let Some(e) = step.error {
                return Err(e.into());
            }
            if fed.n >= cfg.warmup {
                samples.record(fed.decode_ns, fed.wait_ns, frame_ns, &step);
            }
            decoder.recycle(fed.frame);
            Ok(())
        },
        |_| Ok(()),
    )?;
    let timed = Timed {
        samples,
        wall,
        cpu,
        decoder_cpu: decoder.finish(),
        load_before,
    };
    let source = SourceInfo {
        name,
        width,
        height,
    };
    report(cfg, source, &exercise.id, timed)
}

/// The report of a timed loop.
fn report(
    cfg: &BenchConfig,
    source: SourceInfo,
    exercise: &ExerciseId,
    timed: Timed,
) -> Result<BenchReport, BenchError> {
    let Timed {
        samples,
        wall,
        cpu,
        decoder_cpu,
        load_before,
    } = timed;
    let Samples {
        stages,
        detector_runs,
        with_pose,
        timed,
    } = samples;
    if timed == 0 {
        return Err(BenchError::NoFrames);
    }
    let total = cfg.warmup + cfg.frames;
    let frames = timed as f64;
    let frame_total_s = stages[stage_index("frame")].total_ns() as f64 / 1e9;
    Ok(BenchReport {
        schema: 1,
        source: source.name,
        width: source.width,
        height: source.height,
        model: cfg.pose.model.to_string(),
        threads: cfg.pose.threads,
        in_flight: cfg.in_flight.max(1),
        predecode: cfg.predecode,
        frames: timed,
        warmup: cfg.warmup,
        fps: frames / wall.as_secs_f64(),
        pipeline_fps: if frame_total_s > 0.0 {
            frames / frame_total_s
        } else {
            0.0
        },
        wall_s: wall.as_secs_f64(),
        detector_runs,
        detector_rate: detector_runs as f64 / frames,
        frames_with_pose: with_pose,
        cpu_ms_per_frame: cpu.map(|c| c.as_secs_f64() * 1e3 / frames),
        decoder_cpu_ms_per_frame: decoder_cpu.map(|c| c.as_secs_f64() * 1e3 / total as f64),
        cpu_utilisation: cpu.map(|c| c.as_secs_f64() / wall.as_secs_f64()),
        peak_rss_mib: perf::peak_rss_bytes().map(|b| b as f64 / (1024.0 * 1024.0)),
        load_before,
        load_after: perf::load_average(),
        cpus: std::thread::available_parallelism().map_or(0, |n| n.get()),
        exercise: exercise.clone(),
        stages: STAGES
            .iter()
            .zip(&stages)
            .filter_map(|(name, s)| s.summary().map(|summary| StageReport { name, summary }))
            .collect(),
    })
}

/// Writes the procedural clip's distinct frames as PNGs (`frame_000.png`…) into `dir`, so
/// other tools (MediaPipe's benchmark) can run on exactly the same pixels.
pub fn save_clip(dir: &Path, frames: usize) -> Result<usize, BenchError> {
    std::fs::create_dir_all(dir).map_err(|source| BenchError::CreateDir {
        path: dir.to_owned(),
        source,
    })?;
    let clip = scene::render_clip(frames.max(scene::PERIOD));
    for (i, img) in clip.iter().enumerate() {
        let path = dir.join(format!("frame_{i:03}.png"));
        img.save(&path)
            .map_err(|source| BenchError::WriteFrame { path, source })?;
    }
    Ok(clip.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_exercise_loads() {
        let (ex, problems) = content::load_exercise_str(Path::new("bench"), BENCH_EXERCISE);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(ex.is_some());
    }

    #[test]
    fn stage_tables_agree() {
        for (s, (h, _)) in STAGES.iter().zip(STAGE_HELP) {
            assert_eq!(*s, h);
        }
    }
}
