//! [`Tracking`]: the detect-or-track loop of MediaPipe's `pose_landmark_cpu.pbtxt`, without
//! the models.
//!
//! Per frame: if there is no ROI from the previous frame (or in static-image mode), run the
//! person detector and take its best detection's ROI; crop, run the landmark model, and if its
//! pose-presence score clears `min_tracking_confidence`, decode, smooth (video mode) and keep
//! the ROI from the auxiliary landmarks for the next frame. Otherwise the person is lost: no
//! pose this frame, the detector runs on the next one.
//!
//! The loop is written as a state machine that asks for each model run ([`Next`]) instead of
//! making it, so the same tracking serves a model that answers at once (ONNX Runtime on the
//! desktop: [`super::BlazePose`] drives it in a loop) and one that answers later (the browser
//! build's onnxruntime-web, whose runs are promises). Each step writes the next model's input
//! into the caller's [`Inputs`] and reads its outputs as slices, in the manifest's order.

use super::detector::{self, Anchor, Detection};
use super::landmarks;
use super::models::ModelSpec;
use super::rate::{PoseRate, RateStep};
use super::roi::Roi;
use super::smooth::LandmarkSmoother;
use super::{Pose, PoseConfig, PoseError, PoseResult, StageTimes};
use crate::body::LandmarkId;
use crate::frame::Frame;
use web_time::Instant;

/// Output positions (in manifest order) of the tensors we read.
#[derive(Debug, Clone, Copy)]
pub(super) struct LandmarkOutputs {
    pub(super) landmarks: usize,
    pub(super) flag: usize,
    pub(super) heatmap: Option<usize>,
    pub(super) world: usize,
}

fn numel(shape: &[i64]) -> i64 {
    shape.iter().map(|d| d.max(&1)).product()
}

pub(super) fn find_output(spec: &ModelSpec, count: i64) -> Option<usize> {
    spec.output.iter().position(|o| numel(&o.shape) == count)
}

pub(super) fn output_map(spec: &ModelSpec) -> Result<LandmarkOutputs, PoseError> {
    let missing = |what: &str| PoseError::Manifest {
        path: "models/manifest.toml".into(),
        why: format!("{} has no {what} output", spec.name),
    };
    Ok(LandmarkOutputs {
        landmarks: find_output(spec, 195).ok_or_else(|| missing("195-float landmark"))?,
        flag: find_output(spec, 1).ok_or_else(|| missing("pose-presence"))?,
        heatmap: find_output(spec, 64 * 64 * 39),
        world: find_output(spec, 117).ok_or_else(|| missing("117-float world landmark"))?,
    })
}

/// The detector's box and score outputs (positions in manifest order).
pub(super) fn detector_outputs(spec: &ModelSpec) -> Result<(usize, usize), PoseError> {
    let missing = |why: &str| PoseError::Manifest {
        path: "models/manifest.toml".into(),
        why: why.to_owned(),
    };
    let boxes = find_output(spec, (detector::NUM_ANCHORS * detector::NUM_COORDS) as i64)
        .ok_or_else(|| missing("detector has no 2254x12 box output"))?;
    let scores = find_output(spec, detector::NUM_ANCHORS as i64)
        .ok_or_else(|| missing("detector has no 2254x1 score output"))?;
    Ok((boxes, scores))
}

/// A picture with no pixels is an error, not "nobody".
pub(super) fn check_size(frame: &Frame) -> Result<(), PoseError> {
    let (width, height) = frame.image.dimensions();
    if width == 0 || height == 0 {
        return Err(PoseError::EmptyFrame { width, height });
    }
    Ok(())
}

pub(super) fn nanos(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// The two models' input tensors (NHWC floats), written by [`Tracking`]'s steps and read by
/// whoever runs the models.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub detector: Vec<f32>,
    pub landmarks: Vec<f32>,
}

impl Default for Inputs {
    fn default() -> Self {
        Self {
            detector: vec![0.0; detector::INPUT_SIZE * detector::INPUT_SIZE * 3],
            landmarks: vec![0.0; landmarks::INPUT_SIZE * landmarks::INPUT_SIZE * 3],
        }
    }
}

/// What a frame needs next.
// A step's answer, moved once to its caller: boxing the result would cost an allocation a
// frame for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// The frame's result: no (further) model run is needed.
    Done(PoseResult),
    /// Run the person detector on [`Inputs::detector`], then [`Tracking::detected`].
    Detect,
    /// Run the landmark model on [`Inputs::landmarks`], then [`Tracking::landmarked`].
    Landmarks,
}

/// The frame between two steps: the region being read and how it was found.
#[derive(Debug, Clone, Copy)]
struct Pending {
    roi: Option<Roi>,
    detector_ran: bool,
    /// When the model now running was handed its input (its time is the gap to the answer).
    asked: Instant,
}

/// The per-video state of BlazePose (tracked region, smoothing, the adaptive rate), with
/// the model runs left to the caller.
#[derive(Debug)]
pub struct Tracking {
    config: PoseConfig,
    anchors: Vec<Anchor>,
    det_boxes: usize,
    det_scores: usize,
    lm_map: LandmarkOutputs,
    tracked: Option<Roi>,
    smoother: LandmarkSmoother,
    /// The adaptive rate's state (`None`: the model runs on every frame).
    rate: Option<PoseRate>,
    /// The last model run's result, for a held frame.
    last: Option<PoseResult>,
    pending: Option<Pending>,
    times: StageTimes,
}

impl Tracking {
    /// Tracking for the detector and landmark models `det_spec` and `lm_spec` describe.
    pub fn new(
        config: PoseConfig,
        det_spec: &ModelSpec,
        lm_spec: &ModelSpec,
    ) -> Result<Self, PoseError> {
        let (det_boxes, det_scores) = detector_outputs(det_spec)?;
        Ok(Self {
            anchors: detector::anchors(),
            det_boxes,
            det_scores,
            lm_map: output_map(lm_spec)?,
            tracked: None,
            smoother: LandmarkSmoother::new(),
            rate: config
                .adaptive_rate
                .filter(|_| !config.static_image_mode)
                .map(PoseRate::new),
            last: None,
            pending: None,
            times: StageTimes::default(),
            config,
        })
    }

    pub fn config(&self) -> &PoseConfig {
        &self.config
    }

    /// The detector outputs the steps read (boxes, scores), in manifest order.
    pub fn detector_outputs(&self) -> [usize; 2] {
        [self.det_boxes, self.det_scores]
    }

    /// The landmark outputs the steps read (not the 256×256 segmentation mask).
    pub fn landmark_outputs(&self) -> Vec<usize> {
        let map = self.lm_map;
        let mut keep = vec![map.landmarks, map.flag, map.world];
        keep.extend(map.heatmap);
        keep
    }

    /// Timings of the last frame's stages (a model's time is from its input to its answer).
    pub fn times(&self) -> StageTimes {
        self.times
    }

    /// Which landmarks pace the adaptive rate ([`super::PoseEstimator::pace_by`]).
    pub fn pace_by(&mut self, joints: Option<&[LandmarkId]>) {
        if let Some(rate) = &mut self.rate {
            rate.pace_by(joints);
        }
    }

    /// Forgets the person: the next frame starts with the detector.
    pub fn reset(&mut self) {
        self.tracked = None;
        self.smoother.reset();
        self.last = None;
        self.pending = None;
        if let Some(rate) = &mut self.rate {
            rate.reset();
        }
    }

    /// A frame begins: held from the last run, or the first model to run on it.
    pub fn begin(&mut self, frame: &Frame, inputs: &mut Inputs) -> Result<Next, PoseError> {
        check_size(frame)?;
        self.times = StageTimes::default();
        self.pending = None;
        let tracked = if self.config.static_image_mode {
            None
        } else {
            self.tracked
        };
        if let Some(held) = tracked.and_then(|t| self.held(frame, &t)) {
            return Ok(Next::Done(held));
        }
        match tracked {
            Some(roi) => Ok(self.crop(frame, roi, false, inputs)),
            None => {
                let t0 = Instant::now();
                detector::preprocess(&frame.image, &mut inputs.detector);
                let asked = Instant::now();
                self.times.detect_pre = nanos(asked - t0);
                self.pending = Some(Pending {
                    roi: None,
                    detector_ran: true,
                    asked,
                });
                Ok(Next::Detect)
            }
        }
    }

    /// The detector answered for the frame: the landmark model next, or nobody.
    pub fn detected(
        &mut self,
        frame: &Frame,
        boxes: &[f32],
        scores: &[f32],
        inputs: &mut Inputs,
    ) -> Next {
        let t2 = Instant::now();
        if let Some(p) = self.pending {
            self.times.detect_infer = nanos(t2 - p.asked);
        }
        let dets = self.decode_detections(frame, boxes, scores);
        self.times.detect_post = nanos(t2.elapsed());
        let roi = dets
            .first()
            .and_then(|d| Roi::for_landmarks(d.keypoints[0], d.keypoints[1]));
        match roi {
            Some(roi) => self.crop(frame, roi, true, inputs),
            None => Next::Done(self.lost(true)),
        }
    }

    /// The landmark model answered for the frame (`out`: its outputs in manifest order, an
    /// output not read may be empty): the frame's pose, or the person lost.
    pub fn landmarked(&mut self, frame: &Frame, out: &[&[f32]]) -> PoseResult {
        let t2 = Instant::now();
        let Some(pending) = self.pending.take() else {
            return self.lost(false);
        };
        self.times.landmark_infer = nanos(t2 - pending.asked);
        let Some(roi) = pending.roi else {
            return self.lost(pending.detector_ran);
        };
        let map = self.lm_map;
        let out = |i: usize| out.get(i).copied().unwrap_or(&[]);
        let score = out(map.flag).first().copied().unwrap_or(0.0);
        // NaN fails this test too.
        let present = score >= self.config.min_tracking_confidence;
        if !present {
            self.times.landmark_post = nanos(t2.elapsed());
            return self.lost(pending.detector_ran);
        }
        let heatmap = map.heatmap.map(out).unwrap_or(&[]);
        let decoded = landmarks::postprocess(out(map.landmarks), heatmap, out(map.world), &roi);
        let t3 = Instant::now();
        self.times.landmark_post = nanos(t3 - t2);
        let Some(mut d) = decoded else {
            return self.lost(pending.detector_ran);
        };
        if !self.config.static_image_mode {
            if self.config.smooth {
                let object_scale =
                    Roi::from_alignment_points(d.auxiliary[0].point(), d.auxiliary[1].point())
                        .map_or(0.0, |r| r.size);
                self.smoother.apply(
                    frame.ts.nanos(),
                    object_scale,
                    &mut d.landmarks,
                    &mut d.auxiliary,
                    &mut d.world,
                );
            }
            self.tracked = Roi::for_landmarks(d.auxiliary[0].point(), d.auxiliary[1].point());
        }
        if let (Some(rate), Some(next)) = (&mut self.rate, &self.tracked) {
            rate.ran(&frame.image, next, &d.landmarks, frame.ts.nanos());
        }
        self.times.smooth = nanos(t3.elapsed());
        let result = PoseResult {
            pose: Some(Pose {
                landmarks: d.landmarks,
                world: d.world,
                score,
            }),
            roi: Some(roi),
            detector_ran: pending.detector_ran,
            held: false,
        };
        if self.rate.is_some() {
            self.last = Some(result.clone());
        }
        result
    }

    /// The detector's people in the whole frame, best first, from its outputs (the tracking
    /// state is untouched: [`super::BlazePose::people_in`]).
    pub fn decode_detections(
        &self,
        frame: &Frame,
        boxes: &[f32],
        scores: &[f32],
    ) -> Vec<Detection> {
        let (width, height) = frame.image.dimensions();
        let lb = detector::Letterbox::for_image(width, height);
        detector::postprocess(
            boxes,
            scores,
            &self.anchors,
            &lb,
            self.config.min_detection_confidence,
        )
    }

    /// The landmark model's input cropped from `roi`.
    fn crop(&mut self, frame: &Frame, roi: Roi, detector_ran: bool, inputs: &mut Inputs) -> Next {
        let t0 = Instant::now();
        landmarks::preprocess(&frame.image, &roi, &mut inputs.landmarks);
        let asked = Instant::now();
        self.times.landmark_pre = nanos(asked - t0);
        self.pending = Some(Pending {
            roi: Some(roi),
            detector_ran,
            asked,
        });
        Next::Landmarks
    }

    /// Nobody this frame: tracking is lost and the detector runs on the next.
    fn lost(&mut self, detector_ran: bool) -> PoseResult {
        self.reset();
        PoseResult {
            pose: None,
            roi: None,
            detector_ran,
            held: false,
        }
    }

    /// The last run's result again, when the adaptive rate holds this frame.
    fn held(&mut self, frame: &Frame, tracked: &Roi) -> Option<PoseResult> {
        let rate = self.rate.as_mut()?;
        let last = self.last.as_ref()?;
        (rate.step(&frame.image, tracked, frame.ts.nanos()) == RateStep::Hold).then(|| PoseResult {
            held: true,
            detector_ran: false,
            ..last.clone()
        })
    }
}
