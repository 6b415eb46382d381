//! One picture's way through the pose stages when the page runs the models: the tracking
//! asks for a model run ([`Next`]), the page runs it in onnxruntime-web on the input kept
//! here and hands the outputs back. Both pages go through it — the plain page's
//! [`crate::Coach`] and the app's [`crate::shell::Feed`] — so the buffers, the models' output
//! names and the order the outputs come back in are kept in one place.

use formcheck::frame::Frame;
use formcheck::pose::models::{self, ModelSpec};
use formcheck::pose::tracking::{Inputs, Next, Tracking};
use formcheck::pose::{AdaptiveRate, PoseConfig, PoseResult};
use wasm_bindgen::prelude::*;

/// The tracking, the models' inputs for the frame under way, and that frame.
pub(crate) struct ModelRuns {
    tracking: Tracking,
    inputs: Inputs,
    det_names: Vec<String>,
    /// Which of the landmark model's outputs the tracking reads, in the order passed back.
    lm_outputs: Vec<usize>,
    lm_names: Vec<String>,
    lm_count: usize,
    /// The frame between its model runs (kept after it is done, for its time).
    frame: Option<Frame>,
}

impl ModelRuns {
    /// The tracking for the `model` landmark model ("lite" or "full"): single pictures each
    /// on its own (`pictures`, as `formcheck pose PICTURE`), or a camera's frames at the
    /// desktop's adaptive rate.
    pub fn new(model: &str, pictures: bool) -> Result<Self, JsError> {
        let kind = crate::landmark_kind(model)?;
        let det = crate::spec(models::DETECTOR)?;
        let lm = crate::spec(kind.manifest_name())?;
        let mut config = PoseConfig::new(Default::default(), kind);
        if pictures {
            config.static_image_mode = true;
        } else {
            config.adaptive_rate = Some(AdaptiveRate::default());
        }
        let tracking =
            Tracking::new(config, &det, &lm).map_err(|e| JsError::new(&e.to_string()))?;
        let name =
            |s: &ModelSpec, i: usize| s.output.get(i).map(|o| o.name.clone()).unwrap_or_default();
        let det_names = tracking
            .detector_outputs()
            .iter()
            .map(|&i| name(&det, i))
            .collect();
        let lm_outputs = tracking.landmark_outputs();
        let lm_names = lm_outputs.iter().map(|&i| name(&lm, i)).collect();
        Ok(Self {
            tracking,
            inputs: Inputs::default(),
            det_names,
            lm_outputs,
            lm_names,
            lm_count: lm.output.len(),
            frame: None,
        })
    }

    pub fn tracking_mut(&mut self) -> &mut Tracking {
        &mut self.tracking
    }

    pub fn tracking(&self) -> &Tracking {
        &self.tracking
    }

    /// The detector's output names the page passes back to [`ModelRuns::detected`], in order.
    pub fn detector_output_names(&self) -> Vec<String> {
        self.det_names.clone()
    }

    /// The landmark model's output names the page passes back to [`ModelRuns::landmarked`].
    pub fn landmark_output_names(&self) -> Vec<String> {
        self.lm_names.clone()
    }

    /// The detector's input for the frame under way (1×224×224×3, NHWC).
    pub fn detector_input(&self) -> Vec<f32> {
        self.inputs.detector.clone()
    }

    /// The landmark model's input for the frame under way (1×256×256×3, NHWC).
    pub fn landmark_input(&self) -> Vec<f32> {
        self.inputs.landmarks.clone()
    }

    /// A new frame: what it needs first.
    pub fn begin(&mut self, frame: Frame) -> Result<Next, JsError> {
        let next = self
            .tracking
            .begin(&frame, &mut self.inputs)
            .map_err(|e| JsError::new(&e.to_string()))?;
        self.frame = Some(frame);
        Ok(next)
    }

    /// The detector's outputs for the frame under way: what it needs next.
    pub fn detected(&mut self, boxes: &[f32], scores: &[f32]) -> Result<Next, JsError> {
        let frame = under_way(&self.frame)?;
        Ok(self
            .tracking
            .detected(frame, boxes, scores, &mut self.inputs))
    }

    /// The landmark model's outputs (in [`ModelRuns::landmark_output_names`] order) for
    /// the frame under way: its pose.
    pub fn landmarked(&mut self, outputs: &[js_sys::Float32Array]) -> Result<PoseResult, JsError> {
        let frame = under_way(&self.frame)?;
        let slices = by_position(&self.lm_outputs, self.lm_count, outputs);
        let refs: Vec<&[f32]> = slices.iter().map(Vec::as_slice).collect();
        Ok(self.tracking.landmarked(frame, &refs))
    }

    /// The last frame begun.
    pub fn frame(&self) -> Option<&Frame> {
        self.frame.as_ref()
    }

    /// The last frame begun, taken (the app's pipeline keeps its picture).
    pub fn take_frame(&mut self) -> Option<Frame> {
        self.frame.take()
    }
}

fn under_way(frame: &Option<Frame>) -> Result<&Frame, JsError> {
    frame
        .as_ref()
        .ok_or_else(|| JsError::new("no frame under way"))
}

/// The landmark model's outputs as the page passed them (`outputs`, in `lm_outputs`
/// order) put back in the model's own order among its `lm_count` outputs.
fn by_position(
    lm_outputs: &[usize],
    lm_count: usize,
    outputs: &[js_sys::Float32Array],
) -> Vec<Vec<f32>> {
    let mut by_position: Vec<Vec<f32>> = vec![Vec::new(); lm_count];
    for (&i, data) in lm_outputs.iter().zip(outputs) {
        if let Some(slot) = by_position.get_mut(i) {
            *slot = data.to_vec();
        }
    }
    by_position
}
