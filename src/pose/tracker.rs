//! [`BlazePose`]: MediaPipe's `pose_landmark_cpu.pbtxt` on ONNX Runtime — the detect-or-track
//! loop of [`super::tracking::Tracking`] with its model runs answered at once.
//!
//! [`BlazePose::people_in`] runs the detector alone on a whole picture and counts the people
//! it finds (teach refuses a demonstration with a second person in it).
//!
//! The owner of the two ONNX sessions and of all reusable buffers, so a steady-state frame
//! allocates nothing but its result.

use super::models;
use super::runtime::Model;
use super::tracking::{detector_outputs, output_map, Inputs, Next, Tracking};
use super::{PoseConfig, PoseError, PoseEstimator, PoseResult, StageTimes};
use crate::body::LandmarkId;
use crate::frame::Frame;

/// MediaPipe BlazePose on ONNX Runtime.
#[derive(Debug)]
pub struct BlazePose {
    tracking: Tracking,
    detector: Model,
    landmark: Model,
    inputs: Inputs,
    det_out: Vec<Vec<f32>>,
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
        // Checked here too, so a model without them fails at load, not at the first frame.
        detector_outputs(&det_spec)?;
        output_map(&lm_spec)?;
        let tracking = Tracking::new(config, &det_spec, &lm_spec)?;
        // Only fetch what is decoded: not the 256×256 segmentation mask.
        landmark.select_outputs(&tracking.landmark_outputs())?;
        detector.select_outputs(&tracking.detector_outputs())?;
        Ok(Self {
            tracking,
            detector,
            landmark,
            inputs: Inputs::default(),
            det_out: vec![Vec::new(); det_spec.output.len()],
        })
    }

    pub fn config(&self) -> &PoseConfig {
        self.tracking.config()
    }

    /// How many people the detector finds in the whole picture: its boxes at or above
    /// `min_detection_confidence` after weighted NMS, a box overlapping one already counted
    /// being the same person ([`super::detector::distinct_people`]). The detector runs as on a
    /// first frame, whatever is tracked; the tracking state and the stage times of the
    /// last `estimate` are kept.
    pub fn people_in(&mut self, frame: &Frame) -> Result<usize, PoseError> {
        super::tracking::check_size(frame)?;
        super::detector::preprocess(&frame.image, &mut self.inputs.detector);
        self.detector
            .run(&self.inputs.detector, &mut self.det_out)?;
        let [boxes, scores] = self.tracking.detector_outputs();
        let found = self
            .tracking
            .decode_detections(frame, self.output(boxes), self.output(scores));
        Ok(super::detector::distinct_people(&found))
    }

    fn output(&self, i: usize) -> &[f32] {
        self.det_out.get(i).map_or(&[], Vec::as_slice)
    }
}

impl PoseEstimator for BlazePose {
    fn pace_by(&mut self, joints: Option<&[LandmarkId]>) {
        self.tracking.pace_by(joints);
    }

    fn estimate(&mut self, frame: &Frame) -> Result<PoseResult, PoseError> {
        let mut next = self.tracking.begin(frame, &mut self.inputs)?;
        loop {
            match next {
                Next::Done(result) => return Ok(result),
                Next::Detect => {
                    self.detector
                        .run(&self.inputs.detector, &mut self.det_out)?;
                    let [boxes, scores] = self.tracking.detector_outputs();
                    let empty = Vec::new();
                    let boxes = self.det_out.get(boxes).unwrap_or(&empty);
                    let scores = self.det_out.get(scores).unwrap_or(&empty);
                    next = self
                        .tracking
                        .detected(frame, boxes, scores, &mut self.inputs);
                }
                Next::Landmarks => {
                    let tracking = &mut self.tracking;
                    return self.landmark.run_with(&self.inputs.landmarks, |out| {
                        tracking.landmarked(frame, out)
                    });
                }
            }
        }
    }

    fn reset(&mut self) {
        self.tracking.reset();
    }

    fn last_times(&self) -> StageTimes {
        self.tracking.times()
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
