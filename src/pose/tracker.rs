//! [`BlazePose`]: the detect-or-track loop of MediaPipe's `pose_landmark_cpu.pbtxt`.
//!
//! Per frame: if there is no ROI from the previous frame (or in static-image mode), run the
//! person detector and take its best detection's ROI; crop, run the landmark model, and if its
//! pose-presence score clears `min_tracking_confidence`, decode, smooth (video mode) and keep
//! the ROI from the auxiliary landmarks for the next frame. Otherwise the person is lost: no
//! pose this frame, the detector runs on the next one.
//!
//! [`BlazePose::people_in`] runs the detector alone on a whole picture and counts the people
//! it finds (teach refuses a demonstration with a second person in it).
//!
//! The owner of the two ONNX sessions and of all reusable buffers, so a steady-state frame
//! allocates nothing but its result.

use super::detector::{self, Anchor, Detection};
use super::landmarks;
use super::models::{self, ModelSpec};
use super::rate::{PoseRate, RateStep};
use super::roi::Roi;
use super::runtime::Model;
use super::smooth::LandmarkSmoother;
use super::{Pose, PoseConfig, PoseError, PoseEstimator, PoseResult, StageTimes};
use crate::body::LandmarkId;
use crate::frame::Frame;
use std::time::Instant;

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

/// MediaPipe BlazePose on ONNX Runtime.
#[derive(Debug)]
pub struct BlazePose {
    config: PoseConfig,
    detector: Model,
    landmark: Model,
    anchors: Vec<Anchor>,
    det_boxes: usize,
    det_scores: usize,
    lm_map: LandmarkOutputs,
    det_input: Vec<f32>,
    lm_input: Vec<f32>,
    det_out: Vec<Vec<f32>>,
    tracked: Option<Roi>,
    smoother: LandmarkSmoother,
    /// The adaptive rate's state (`None`: the model runs on every frame).
    rate: Option<PoseRate>,
    /// The last model run's result, for a held frame.
    last: Option<PoseResult>,
    times: StageTimes,
}

impl BlazePose {
    /// Loads and verifies the detector and the chosen landmark model.
    pub fn new(config: PoseConfig) -> Result<Self, PoseError> {
        let det_spec = models::spec(models::DETECTOR)?;
        let lm_spec = models::spec(config.model.manifest_name())?;
        let (det_path, det_bytes) = models::read_verified(&config.models_dir, &det_spec)?;
        let (lm_path, lm_bytes) = models::read_verified(&config.models_dir, &lm_spec)?;
        let mut detector = Model::from_bytes(&det_bytes, &det_spec, &det_path, config.threads)?;
        let mut landmark = Model::from_bytes(&lm_bytes, &lm_spec, &lm_path, config.threads)?;
        let det_boxes = find_output(
            &det_spec,
            (detector::NUM_ANCHORS * detector::NUM_COORDS) as i64,
        )
        .ok_or_else(|| PoseError::Manifest {
            path: "models/manifest.toml".into(),
            why: "detector has no 2254x12 box output".into(),
        })?;
        let det_scores = find_output(&det_spec, detector::NUM_ANCHORS as i64).ok_or_else(|| {
            PoseError::Manifest {
                path: "models/manifest.toml".into(),
                why: "detector has no 2254x1 score output".into(),
            }
        })?;
        let lm_map = output_map(&lm_spec)?;
        // Only fetch what is decoded: not the 256×256 segmentation mask.
        let mut keep = vec![lm_map.landmarks, lm_map.flag, lm_map.world];
        keep.extend(lm_map.heatmap);
        landmark.select_outputs(&keep)?;
        detector.select_outputs(&[det_boxes, det_scores])?;
        Ok(Self {
            detector,
            landmark,
            anchors: detector::anchors(),
            det_boxes,
            det_scores,
            lm_map,
            det_input: vec![0.0; detector::INPUT_SIZE * detector::INPUT_SIZE * 3],
            lm_input: vec![0.0; landmarks::INPUT_SIZE * landmarks::INPUT_SIZE * 3],
            det_out: vec![Vec::new(); det_spec.output.len()],
            tracked: None,
            smoother: LandmarkSmoother::new(),
            rate: config
                .adaptive_rate
                .filter(|_| !config.static_image_mode)
                .map(PoseRate::new),
            last: None,
            times: StageTimes::default(),
            config,
        })
    }

    pub fn config(&self) -> &PoseConfig {
        &self.config
    }

    /// How many people the detector finds in the whole picture: its boxes at or above
    /// `min_detection_confidence` after weighted NMS, a box overlapping one already counted
    /// being the same person ([`detector::distinct_people`]). The detector runs as on a
    /// first frame, whatever is tracked; the tracking state and the stage times of the
    /// last `estimate` are kept.
    pub fn people_in(&mut self, frame: &Frame) -> Result<usize, PoseError> {
        check_size(frame)?;
        let times = self.times;
        let found = self.detections(frame);
        self.times = times;
        Ok(detector::distinct_people(&found?))
    }

    /// Runs the detector on the whole frame; the best detection's ROI, if any.
    fn detect(&mut self, frame: &Frame) -> Result<Option<Roi>, PoseError> {
        let dets = self.detections(frame)?;
        Ok(dets
            .first()
            .and_then(|d| Roi::for_landmarks(d.keypoints[0], d.keypoints[1])))
    }

    /// The detector's people in the whole frame, best first (its stage times noted).
    fn detections(&mut self, frame: &Frame) -> Result<Vec<Detection>, PoseError> {
        let t0 = Instant::now();
        let lb = detector::preprocess(&frame.image, &mut self.det_input);
        let t1 = Instant::now();
        self.detector.run(&self.det_input, &mut self.det_out)?;
        let t2 = Instant::now();
        let empty = Vec::new();
        let dets = detector::postprocess(
            self.det_out.get(self.det_boxes).unwrap_or(&empty),
            self.det_out.get(self.det_scores).unwrap_or(&empty),
            &self.anchors,
            &lb,
            self.config.min_detection_confidence,
        );
        let t3 = Instant::now();
        self.times.detect_pre = nanos(t1 - t0);
        self.times.detect_infer = nanos(t2 - t1);
        self.times.detect_post = nanos(t3 - t2);
        Ok(dets)
    }

    fn lose_track(&mut self) {
        self.tracked = None;
        self.smoother.reset();
        self.last = None;
        if let Some(rate) = &mut self.rate {
            rate.reset();
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

impl PoseEstimator for BlazePose {
    fn pace_by(&mut self, joints: Option<&[LandmarkId]>) {
        if let Some(rate) = &mut self.rate {
            rate.pace_by(joints);
        }
    }

    fn estimate(&mut self, frame: &Frame) -> Result<PoseResult, PoseError> {
        check_size(frame)?;
        self.times = StageTimes::default();
        let tracked = if self.config.static_image_mode {
            None
        } else {
            self.tracked
        };
        if let Some(held) = tracked.and_then(|t| self.held(frame, &t)) {
            return Ok(held);
        }
        let detector_ran = tracked.is_none();
        let roi = match tracked {
            Some(r) => Some(r),
            None => self.detect(frame)?,
        };
        let Some(roi) = roi else {
            self.lose_track();
            return Ok(PoseResult {
                pose: None,
                roi: None,
                detector_ran,
                held: false,
            });
        };

        let t0 = Instant::now();
        landmarks::preprocess(&frame.image, &roi, &mut self.lm_input);
        let t1 = Instant::now();
        let (map, min_score) = (self.lm_map, self.config.min_tracking_confidence);
        let (score, decoded, t2) = self.landmark.run_with(&self.lm_input, |out| {
            let t2 = Instant::now();
            let out = |i: usize| out.get(i).copied().unwrap_or(&[]);
            let score = out(map.flag).first().copied().unwrap_or(0.0);
            // NaN fails this test too.
            let present = score >= min_score;
            let decoded = present.then(|| {
                let heatmap = map.heatmap.map(out).unwrap_or(&[]);
                landmarks::postprocess(out(map.landmarks), heatmap, out(map.world), &roi)
            });
            (score, decoded, t2)
        })?;
        self.times.landmark_pre = nanos(t1 - t0);
        self.times.landmark_infer = nanos(t2 - t1);
        let Some(decoded) = decoded else {
            self.lose_track();
            self.times.landmark_post = nanos(t2.elapsed());
            return Ok(PoseResult {
                pose: None,
                roi: None,
                detector_ran,
                held: false,
            });
        };
        let t3 = Instant::now();
        self.times.landmark_post = nanos(t3 - t2);
        let Some(mut d) = decoded else {
            self.lose_track();
            return Ok(PoseResult {
                pose: None,
                roi: None,
                detector_ran,
                held: false,
            });
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
            detector_ran,
            held: false,
        };
        if self.rate.is_some() {
            self.last = Some(result.clone());
        }
        Ok(result)
    }

    fn reset(&mut self) {
        self.lose_track();
    }

    fn last_times(&self) -> StageTimes {
        self.times
    }
}

#[cfg(test)]
mod tests {
    /// The UI runs the estimator on a worker thread.
    #[test]
    fn blazepose_is_send() {
        fn send<T: Send>() {}
        send::<super::BlazePose>();
    }
}
