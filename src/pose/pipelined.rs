//! [`Pipelined`]: BlazePose with several frames in flight, for offline throughput.
//!
//! [`super::BlazePose`] follows `pose_landmark_cpu.pbtxt` one frame at a time, as MediaPipe's
//! own loop does: the ROI of frame N comes from frame N-1's landmarks, so frame N cannot
//! start before N-1 is decoded. On the 2-core target the landmark model is ~85 % of a frame,
//! and ONNX Runtime's second intra-op thread buys only ~4 % at this model's size
//! (benches/RESULTS.md, issue 15). Going wide instead of deep: this estimator keeps up to
//! `in_flight` frames in flight, each crop + landmark inference on its own worker thread with
//! its own ONNX Runtime session (one intra-op thread by default), and everything that carries
//! state from frame to frame stays on the caller's thread, in frame order.
//!
//! What changes from `pose_landmark_cpu.pbtxt` (and from [`super::BlazePose`]):
//! - **The ROI a frame is cropped with** is the newest one known when the frame is handed in.
//!   With two in flight that is frame N-2's (N-1's landmarks are still being computed), where
//!   the graph's `PreviousLoopbackCalculator` gives N-1's. MediaPipe's tracking already
//!   assumes the body moves little between consecutive frames (the ROI is widened by
//!   `RectTransformationCalculator`'s 1.25 scale for that); one more frame of motion at
//!   30 fps stays inside that margin for the slow stretches this program coaches
//!   (the landmarks' distance to the sequential ones is measured in benches/RESULTS.md).
//!   That margin is about time, not frames: a ROI older than [`MAX_ROI_AGE`] by the new
//!   frame's timestamp (two frames of a 20 fps video or slower, e.g. a 12 fps GIF of
//!   push-ups, a 3 fps slideshow) is not used; the frames in flight are finished first and
//!   the frame is cropped with the previous frame's ROI, as in the sequential loop.
//! - **Track loss** is handled as the graph does, in frame order: when a frame's pose-presence
//!   score falls below `min_tracking_confidence` (or decoding fails), the track is lost; a
//!   frame already in flight with a ROI from the lost track is redone on its worker with the
//!   decision the sequential loop would have taken (the ROI re-found by an earlier redo, else
//!   the detector). A frame handed in while nothing is tracked waits for every frame in
//!   flight to finish (drain), then runs the detector on the caller's thread as today.
//! - **Unchanged**: the detector and its ROI, the crop, the model, decoding, One Euro
//!   smoothing (driven by each frame's timestamp, applied in frame order) and the next ROI
//!   from the auxiliary landmarks; static-image mode (every frame drains, then detects).
//! - **Not supported**: the adaptive pose rate ([`PoseConfig::adaptive_rate`] is ignored;
//!   it is a camera-rate saving and this type is for offline throughput).
//!
//! Results come out in frame order, one [`Done`] per frame handed in (the frame is handed
//! back for reuse), up to `in_flight` frames after the frame went in; [`Pipelined::drain`]
//! finishes the rest at the end of a stream. Latency is therefore worse than
//! [`super::BlazePose`]'s by design: this type is for `formcheck bench --in-flight N`, never
//! for the app's live pipeline.

use super::detector::{self, Anchor};
use super::landmarks::{self, Decoded};
use super::models;
use super::roi::Roi;
use super::runtime::Model;
use super::smooth::LandmarkSmoother;
use super::tracking::{check_size, find_output, nanos, output_map, LandmarkOutputs};
use super::{Pose, PoseConfig, PoseError, PoseResult, StageTimes};
use crate::frame::Frame;
use std::collections::VecDeque;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Instant;

/// The oldest ROI a frame is cropped with while other frames are in flight, by timestamps
/// (two frames at 20 fps; at 30 fps frame N-2's ROI is 67 ms old). An older one means a slow
/// source where the body moves further between frames: finish the frames in flight first.
pub const MAX_ROI_AGE: std::time::Duration = std::time::Duration::from_millis(100);

/// Where a frame is cropped: a ROI (whether the detector ran for it) with the stage times so
/// far, or nobody found.
enum Found {
    Roi(Roi, bool, StageTimes),
    Nobody(StageTimes),
}

/// One frame finished, in frame order.
#[derive(Debug)]
pub struct Done {
    /// The frame as it was handed in (for reuse of its buffer).
    pub frame: Frame,
    pub result: PoseResult,
    /// Its stages: detector and post-processing on the caller's thread, crop and landmark
    /// inference on a worker.
    pub times: StageTimes,
}

/// A crop and a landmark run for a worker; `out` are reusable output buffers.
struct Job {
    frame: Frame,
    roi: Roi,
    out: Vec<Vec<f32>>,
}

/// A worker's answer: the job back with its outputs filled.
struct Ran {
    job: Job,
    crop_ns: u64,
    infer_ns: u64,
    status: Result<(), PoseError>,
}

fn worker_gone() -> PoseError {
    PoseError::Runtime {
        context: "running the landmark model on a worker thread".to_owned(),
        message: "the worker thread stopped".to_owned(),
    }
}

/// A thread owning one landmark session: crops and runs the jobs it is sent, in order.
struct Worker {
    jobs: Option<mpsc::Sender<Job>>,
    done: mpsc::Receiver<Ran>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    fn spawn(index: usize, mut model: Model) -> Result<Self, PoseError> {
        let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
        let (done_tx, done_rx) = mpsc::channel::<Ran>();
        let handle = std::thread::Builder::new()
            .name(format!("pose-landmark-{index}"))
            .spawn(move || {
                let mut input = vec![0.0; landmarks::INPUT_SIZE * landmarks::INPUT_SIZE * 3];
                for mut job in jobs_rx {
                    let t0 = Instant::now();
                    landmarks::preprocess(&job.frame.image, &job.roi, &mut input);
                    let t1 = Instant::now();
                    let status = model.run(&input, &mut job.out);
                    let ran = Ran {
                        crop_ns: nanos(t1 - t0),
                        infer_ns: nanos(t1.elapsed()),
                        job,
                        status,
                    };
                    if done_tx.send(ran).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| PoseError::Runtime {
                context: "starting a landmark worker thread".to_owned(),
                message: e.to_string(),
            })?;
        Ok(Self {
            jobs: Some(jobs_tx),
            done: done_rx,
            handle: Some(handle),
        })
    }

    fn send(&self, job: Job) -> Result<(), PoseError> {
        self.jobs
            .as_ref()
            .and_then(|tx| tx.send(job).ok())
            .ok_or_else(worker_gone)
    }

    fn recv(&self) -> Result<Ran, PoseError> {
        self.done.recv().map_err(|_| worker_gone())
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the job channel ends the worker's loop.
        drop(self.jobs.take());
        if let Some(handle) = self.handle.take() {
            // A worker that panicked has nothing left to clean up.
            let _ = handle.join();
        }
    }
}

/// The person detector on the caller's thread (as in [`super::BlazePose`]).
struct PersonDetector {
    model: Model,
    anchors: Vec<Anchor>,
    boxes: usize,
    scores: usize,
    input: Vec<f32>,
    out: Vec<Vec<f32>>,
    min_confidence: f32,
}

impl PersonDetector {
    fn new(config: &PoseConfig) -> Result<Self, PoseError> {
        let spec = models::spec(models::DETECTOR)?;
        let (path, bytes) = models::read_verified(&config.models_dir, &spec)?;
        let mut model = Model::from_bytes(&bytes, &spec, &path, config.threads)?;
        let missing = |why: &str| PoseError::Manifest {
            path: "models/manifest.toml".into(),
            why: why.to_owned(),
        };
        let boxes = find_output(&spec, (detector::NUM_ANCHORS * detector::NUM_COORDS) as i64)
            .ok_or_else(|| missing("detector has no 2254x12 box output"))?;
        let scores = find_output(&spec, detector::NUM_ANCHORS as i64)
            .ok_or_else(|| missing("detector has no 2254x1 score output"))?;
        model.select_outputs(&[boxes, scores])?;
        Ok(Self {
            model,
            anchors: detector::anchors(),
            boxes,
            scores,
            input: vec![0.0; detector::INPUT_SIZE * detector::INPUT_SIZE * 3],
            out: vec![Vec::new(); spec.output.len()],
            min_confidence: config.min_detection_confidence,
        })
    }

    /// The best detection's ROI in the whole frame, if any; its stage times go to `times`.
    fn detect(&mut self, frame: &Frame, times: &mut StageTimes) -> Result<Option<Roi>, PoseError> {
        let t0 = Instant::now();
        let lb = detector::preprocess(&frame.image, &mut self.input);
        let t1 = Instant::now();
        self.model.run(&self.input, &mut self.out)?;
        let t2 = Instant::now();
        let empty = Vec::new();
        let dets = detector::postprocess(
            self.out.get(self.boxes).unwrap_or(&empty),
            self.out.get(self.scores).unwrap_or(&empty),
            &self.anchors,
            &lb,
            self.min_confidence,
        );
        times.detect_pre = nanos(t1 - t0);
        times.detect_infer = nanos(t2 - t1);
        times.detect_post = nanos(t2.elapsed());
        Ok(dets
            .first()
            .and_then(|d| Roi::for_landmarks(d.keypoints[0], d.keypoints[1])))
    }
}

/// The state carried from frame to frame, updated in frame order.
#[derive(Debug, Default)]
struct Track {
    roi: Option<Roi>,
    /// Timestamp (ns) of the frame whose landmarks gave `roi`.
    roi_ts: i64,
    smoother: LandmarkSmoother,
    /// Bumped at every loss: a frame cropped with an older track's ROI is redone.
    epoch: u64,
}

impl Track {
    fn lose(&mut self) {
        self.roi = None;
        self.smoother.reset();
        self.epoch += 1;
    }
}

/// A frame on a worker.
#[derive(Debug, Clone, Copy)]
struct Pending {
    worker: usize,
    epoch: u64,
    detector_ran: bool,
    times: StageTimes,
}

fn nobody(detector_ran: bool) -> PoseResult {
    PoseResult {
        pose: None,
        roi: None,
        detector_ran,
        held: false,
    }
}

/// MediaPipe BlazePose with up to `in_flight` frames' landmark inference running at once.
pub struct Pipelined {
    config: PoseConfig,
    detector: PersonDetector,
    workers: Vec<Worker>,
    lm_map: LandmarkOutputs,
    /// Output buffers back from finished jobs, for the next ones.
    spare: Vec<Vec<Vec<f32>>>,
    outputs: usize,
    in_flight: VecDeque<Pending>,
    track: Track,
}

impl std::fmt::Debug for Pipelined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipelined")
            .field("workers", &self.workers.len())
            .field("in_flight", &self.in_flight.len())
            .finish_non_exhaustive()
    }
}

impl Pipelined {
    /// Loads the detector and one landmark session per frame in flight (`in_flight` ≥ 1),
    /// each with `config.threads` intra-op threads, and starts their worker threads.
    pub fn new(config: PoseConfig, in_flight: usize) -> Result<Self, PoseError> {
        let detector = PersonDetector::new(&config)?;
        let spec = models::spec(config.model.manifest_name())?;
        let (path, bytes) = models::read_verified(&config.models_dir, &spec)?;
        let lm_map = output_map(&spec)?;
        // Only fetch what is decoded: not the 256×256 segmentation mask.
        let mut keep = vec![lm_map.landmarks, lm_map.flag, lm_map.world];
        keep.extend(lm_map.heatmap);
        let workers = (0..in_flight.max(1))
            .map(|i| {
                let mut model = Model::from_bytes(&bytes, &spec, &path, config.threads)?;
                model.select_outputs(&keep)?;
                Worker::spawn(i, model)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            detector,
            lm_map,
            spare: Vec::new(),
            outputs: spec.output.len(),
            in_flight: VecDeque::with_capacity(workers.len()),
            workers,
            track: Track::default(),
            config,
        })
    }

    pub fn config(&self) -> &PoseConfig {
        &self.config
    }

    /// How many frames may be in flight at once.
    pub fn in_flight(&self) -> usize {
        self.workers.len()
    }

    /// Hands `frame` in. The frames finished meanwhile (the oldest ones, when every worker
    /// is busy; all of them, when nothing is tracked) are appended to `done` in frame order.
    pub fn push(&mut self, frame: Frame, done: &mut Vec<Done>) -> Result<(), PoseError> {
        check_size(&frame)?;
        while self.in_flight.len() >= self.workers.len() {
            self.finish_oldest(done)?;
        }
        let age = u64::try_from(frame.ts.nanos().saturating_sub(self.track.roi_ts)).unwrap_or(0);
        if age > nanos(MAX_ROI_AGE) {
            // A slow source: crop with the previous frame's ROI, as the sequential loop does.
            self.drain(done)?;
        }
        let tracked = self.track.roi.filter(|_| !self.config.static_image_mode);
        let (roi, detector_ran, times) = match tracked {
            Some(roi) => (roi, false, StageTimes::default()),
            None => {
                // Nothing tracked: the frames in flight may find the person again, and the
                // detector must see the frames in order, as in the sequential loop.
                self.drain(done)?;
                let tracked = self.track.roi.filter(|_| !self.config.static_image_mode);
                match self.roi_or_nobody(&frame, tracked)? {
                    Found::Roi(roi, detector_ran, times) => (roi, detector_ran, times),
                    Found::Nobody(times) => {
                        done.push(Done {
                            frame,
                            result: nobody(true),
                            times,
                        });
                        return Ok(());
                    }
                }
            }
        };
        let worker = (0..self.workers.len())
            .find(|w| self.in_flight.iter().all(|p| p.worker != *w))
            .unwrap_or(0);
        self.submit(worker, frame, roi)?;
        self.in_flight.push_back(Pending {
            worker,
            epoch: self.track.epoch,
            detector_ran,
            times,
        });
        Ok(())
    }

    /// Finishes every frame in flight, appending them to `done` in frame order (at the end
    /// of a stream).
    pub fn drain(&mut self, done: &mut Vec<Done>) -> Result<(), PoseError> {
        while !self.in_flight.is_empty() {
            self.finish_oldest(done)?;
        }
        Ok(())
    }

    /// A new stream: frames still in flight are finished and dropped, the track forgotten.
    pub fn reset(&mut self) -> Result<(), PoseError> {
        let mut dropped = Vec::new();
        let drained = self.drain(&mut dropped);
        self.track.lose();
        drained
    }

    fn submit(&mut self, worker: usize, frame: Frame, roi: Roi) -> Result<(), PoseError> {
        let out = self
            .spare
            .pop()
            .unwrap_or_else(|| vec![Vec::new(); self.outputs]);
        self.workers
            .get(worker)
            .ok_or_else(worker_gone)?
            .send(Job { frame, roi, out })
    }

    fn recv(&self, worker: usize) -> Result<Ran, PoseError> {
        self.workers.get(worker).ok_or_else(worker_gone)?.recv()
    }

    /// Waits for the oldest frame in flight and finishes it (redoing it when the track its
    /// ROI came from was lost meanwhile).
    fn finish_oldest(&mut self, done: &mut Vec<Done>) -> Result<(), PoseError> {
        let Some(pending) = self.in_flight.pop_front() else {
            return Ok(());
        };
        let ran = self.recv(pending.worker)?;
        ran.status?;
        if pending.epoch == self.track.epoch {
            done.push(self.decode(ran.job, ran.crop_ns, ran.infer_ns, pending));
            return Ok(());
        }
        // Cropped with a lost track's ROI: take the sequential loop's decision for it.
        let Job { frame, out, .. } = ran.job;
        self.spare.push(out);
        let (roi, detector_ran, times) = match self.roi_or_nobody(&frame, self.track.roi)? {
            Found::Roi(roi, detector_ran, times) => (roi, detector_ran, times),
            Found::Nobody(times) => {
                done.push(Done {
                    frame,
                    result: nobody(true),
                    times,
                });
                return Ok(());
            }
        };
        self.submit(pending.worker, frame, roi)?;
        let ran = self.recv(pending.worker)?;
        ran.status?;
        let redone = Pending {
            detector_ran,
            times,
            ..pending
        };
        done.push(self.decode(ran.job, ran.crop_ns, ran.infer_ns, redone));
        Ok(())
    }

    /// The sequential loop's decision for a frame: the `tracked` ROI, else the detector's;
    /// [`Found::Nobody`] (the track lost) when the detector finds no one either.
    fn roi_or_nobody(&mut self, frame: &Frame, tracked: Option<Roi>) -> Result<Found, PoseError> {
        let mut times = StageTimes::default();
        if let Some(roi) = tracked {
            return Ok(Found::Roi(roi, false, times));
        }
        Ok(match self.detector.detect(frame, &mut times)? {
            Some(roi) => Found::Roi(roi, true, times),
            None => {
                self.track.lose();
                Found::Nobody(times)
            }
        })
    }

    /// Decodes a finished landmark run, smooths it and moves the track on (frame order).
    fn decode(&mut self, job: Job, crop_ns: u64, infer_ns: u64, pending: Pending) -> Done {
        let Job { frame, roi, out } = job;
        let mut times = pending.times;
        times.landmark_pre = crop_ns;
        times.landmark_infer = infer_ns;
        let t0 = Instant::now();
        let map = self.lm_map;
        let get = |i: usize| out.get(i).map(Vec::as_slice).unwrap_or(&[]);
        let score = get(map.flag).first().copied().unwrap_or(0.0);
        let decoded = (!score.is_nan() && score >= self.config.min_tracking_confidence)
            .then(|| {
                let heatmap = map.heatmap.map(get).unwrap_or(&[]);
                landmarks::postprocess(get(map.landmarks), heatmap, get(map.world), &roi)
            })
            .flatten();
        let t1 = Instant::now();
        times.landmark_post = nanos(t1 - t0);
        let result = match decoded {
            Some(mut d) => {
                self.follow(&frame, &mut d);
                times.smooth = nanos(t1.elapsed());
                PoseResult {
                    pose: Some(Pose {
                        landmarks: d.landmarks,
                        world: d.world,
                        score,
                    }),
                    roi: Some(roi),
                    detector_ran: pending.detector_ran,
                    held: false,
                }
            }
            None => {
                self.track.lose();
                nobody(pending.detector_ran)
            }
        };
        self.spare.push(out);
        Done {
            frame,
            result,
            times,
        }
    }

    /// Video mode: One Euro smoothing at the frame's timestamp, and the next ROI.
    fn follow(&mut self, frame: &Frame, d: &mut Decoded) {
        if self.config.static_image_mode {
            return;
        }
        if self.config.smooth {
            let object_scale =
                Roi::from_alignment_points(d.auxiliary[0].point(), d.auxiliary[1].point())
                    .map_or(0.0, |r| r.size);
            self.track.smoother.apply(
                frame.ts.nanos(),
                object_scale,
                &mut d.landmarks,
                &mut d.auxiliary,
                &mut d.world,
            );
        }
        self.track.roi = Roi::for_landmarks(d.auxiliary[0].point(), d.auxiliary[1].point());
        self.track.roi_ts = frame.ts.nanos();
    }
}

#[cfg(test)]
mod tests {
    /// `formcheck bench` may run it off the main thread like [`super::super::BlazePose`].
    #[test]
    fn pipelined_is_send() {
        fn send<T: Send>() {}
        send::<super::Pipelined>();
    }
}
