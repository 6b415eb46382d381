//! `formcheck bench --in-flight N`: offline throughput with N frames in flight.
//!
//! The same decode thread, exercise engine and report as [`super::run`], but the pose comes
//! from [`Pipelined`]: each frame is handed in as it is decoded, and the frames it finishes
//! (in frame order, up to N frames later) go through the coach ([`Stream::pose`]) as they
//! come out; the last ones are drained at the end. Throughput, not latency: the app's live
//! pipeline never runs this.
//!
//! Stage times per frame are the estimator's own ([`crate::pose::pipelined::Done::times`]:
//! crop and landmark inference measured on the worker that ran them). The `frame` stage is
//! the main thread's busy time (handing frames in, waiting for finished ones, decoding,
//! smoothing and the engine) spread evenly over the frames finished by each hand-over, so
//! `pipeline_fps` (frames / sum of `frame`) is again the pose + engine throughput with
//! decoding excluded, the measure `benches/mediapipe/compare.sh` compares with MediaPipe.

use super::{
    coached_stream, make_producer, ns, report, timed_loop, BenchConfig, BenchError, BenchReport,
    Decoder, Samples, SourceInfo, Timed,
};
use crate::perf;
use crate::pose::pipelined::Done;
use crate::pose::Pipelined;
use crate::practice::stream::{Step, StepTimes};
use crate::practice::Stream;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Frames handed in and not yet through the coach, and what to record for them.
struct Outflow {
    /// Per frame handed in, in order: its decode and wait times.
    inputs: VecDeque<(u64, u64)>,
    /// Frames through the coach so far (the first `warmup` are not recorded).
    finished: usize,
    warmup: usize,
    /// Main-thread time not yet attributed to a finished frame.
    busy_ns: u64,
    samples: Samples,
}

impl Outflow {
    /// The finished frames through the coach, recorded; their buffers back to the decoder.
    fn coach(&mut self, done: &mut Vec<Done>, stream: &mut Stream, decoder: &Decoder) {
        if done.is_empty() {
            return;
        }
        let share = self.busy_ns / done.len() as u64;
        self.busy_ns = 0;
        for Done {
            frame,
            result,
            times,
        } in done.drain(..)
        {
            let t0 = Instant::now();
            let events = stream.pose(result.pose.as_ref(), frame.ts);
            let coach = t0.elapsed();
            let (decode_ns, wait_ns) = self.inputs.pop_front().unwrap_or_default();
            if self.finished >= self.warmup {
                let step = Step {
                    pose: result.pose,
                    detector_ran: result.detector_ran,
                    held: result.held,
                    error: None,
                    events,
                    sample: stream.sample(frame.ts),
                    times: StepTimes {
                        pose: Duration::from_nanos(share),
                        stages: times,
                        coach,
                    },
                };
                self.samples
                    .record(decode_ns, wait_ns, share + ns(coach), &step);
            }
            self.finished += 1;
            decoder.recycle(frame);
        }
    }
}

/// Runs the benchmark with `cfg.in_flight` frames in flight.
pub fn run(cfg: &BenchConfig) -> Result<BenchReport, BenchError> {
    let load_before = perf::load_average();
    let total = cfg.warmup + cfg.frames;
    let (producer, name, (width, height)) = make_producer(cfg.source.as_deref(), cfg.frames)?;
    let mut pose = Pipelined::new(cfg.pose.clone(), cfg.in_flight)?;
    let (mut stream, exercise) = coached_stream(cfg, None)?;
    let mut decoder = Decoder::spawn(producer, total, cfg.predecode)?;

    let mut out = Outflow {
        inputs: VecDeque::with_capacity(cfg.in_flight + 1),
        finished: 0,
        warmup: cfg.warmup,
        busy_ns: 0,
        samples: Samples::new(cfg.frames),
    };
    let mut done = Vec::with_capacity(cfg.in_flight + 1);
    // Both closures feed the same outflow and stream, one after the other.
    let shared = std::cell::RefCell::new((&mut out, &mut stream, &mut pose, &mut done));
    let (wall, cpu) = timed_loop(
        cfg,
        &mut decoder,
        |fed, decoder| {
            let (out, stream, pose, done) = &mut *shared.borrow_mut();
            let t0 = Instant::now();
            out.inputs.push_back((fed.decode_ns, fed.wait_ns));
            pose.push(fed.frame, done)?;
            out.busy_ns += ns(t0.elapsed());
            out.coach(done, stream, decoder);
            Ok(())
        },
        |decoder| {
            let (out, stream, pose, done) = &mut *shared.borrow_mut();
            let t0 = Instant::now();
            pose.drain(done)?;
            out.busy_ns += ns(t0.elapsed());
            out.coach(done, stream, decoder);
            Ok(())
        },
    )?;
    let timed = Timed {
        samples: out.samples,
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
