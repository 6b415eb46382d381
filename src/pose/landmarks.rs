//! The BlazePose landmark model's pre- and post-processing, after MediaPipe's
//! `pose_landmark_by_roi_cpu.pbtxt` and `tensors_to_pose_landmarks_and_segmentation.pbtxt`:
//!
//! - input: the ROI cropped (rotated, bilinear, edge-replicated) into 256×256, values in [0, 1];
//! - outputs: 195 floats = 39 landmarks × (x, y, z, visibility logit, presence logit) in
//!   256-pixel units (33 body landmarks, then 2 auxiliary ones used for tracking: hip centre
//!   and scale point, then 4 unused); the pose-presence score; a 64×64×39 heatmap that
//!   refines x/y (`RefineLandmarksFromHeatmapCalculator`, kernel 7, min confidence 0.5);
//!   117 floats = 39 world landmarks × (x, y, z) in metres.
//! - landmarks are projected back to image pixels through the ROI (`LandmarkProjectionCalculator`);
//!   world landmarks are only rotated (`WorldLandmarkProjectionCalculator`).

use super::roi::Roi;
use super::warp::{warp_affine, Border};
use crate::body::geometry::Point2;
use crate::body::{Landmark, WorldLandmark, NUM_LANDMARKS};
use image::RgbImage;

pub const INPUT_SIZE: usize = 256;
/// Landmarks in the model output (33 body + 2 auxiliary + 4 unused).
pub const NUM_OUTPUT_LANDMARKS: usize = 39;
pub const HEATMAP_SIZE: usize = 64;
const HEATMAP_KERNEL: usize = 7;
const MIN_CONFIDENCE_TO_REFINE: f32 = 0.5;

/// Fills `out` (256·256·3 floats, NHWC) with the ROI crop in [0, 1].
pub fn preprocess(image: &RgbImage, roi: &Roi, out: &mut [f32]) {
    warp_affine(
        image,
        &roi.tensor_to_image(INPUT_SIZE),
        Border::Replicate,
        INPUT_SIZE,
        INPUT_SIZE,
        1.0 / 255.0,
        0.0,
        out,
    );
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Decoded landmark-model output, in image space.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub landmarks: [Landmark; NUM_LANDMARKS],
    /// Hip centre and scale point, for the next frame's ROI.
    pub auxiliary: [Landmark; 2],
    pub world: [WorldLandmark; NUM_LANDMARKS],
}

/// Decodes the raw landmark tensor (≥195 floats), the heatmap (64·64·39, HWC; may be empty
/// to skip refinement) and the world tensor (≥117 floats) read from `roi`.
/// `None` if a tensor is too short.
pub fn postprocess(raw: &[f32], heatmap: &[f32], world_raw: &[f32], roi: &Roi) -> Option<Decoded> {
    let raw = raw.get(..NUM_OUTPUT_LANDMARKS * 5)?;
    let world_raw = world_raw.get(..NUM_OUTPUT_LANDMARKS * 3)?;
    let s = INPUT_SIZE as f32;
    // ROI-normalised landmarks (TensorsToLandmarksCalculator).
    let mut norm = [(0.0f32, 0.0f32, 0.0f32, 0.0f32, 0.0f32); 35];
    for (i, lm) in norm.iter_mut().enumerate() {
        let r = &raw[i * 5..i * 5 + 5];
        *lm = (r[0] / s, r[1] / s, r[2] / s, sigmoid(r[3]), sigmoid(r[4]));
    }
    if heatmap.len() >= HEATMAP_SIZE * HEATMAP_SIZE * NUM_OUTPUT_LANDMARKS {
        for (i, lm) in norm.iter_mut().enumerate() {
            if let Some((x, y)) = refine_from_heatmap(heatmap, i, lm.0, lm.1) {
                lm.0 = x;
                lm.1 = y;
            }
        }
    }
    let project = |&(x, y, z, visibility, presence): &(f32, f32, f32, f32, f32)| {
        let p = roi.image_from_roi(x, y);
        Landmark {
            x: p.x,
            y: p.y,
            z: z * roi.size,
            visibility,
            presence,
        }
    };
    let mut landmarks = [Landmark::default(); NUM_LANDMARKS];
    for (out, lm) in landmarks.iter_mut().zip(&norm) {
        *out = project(lm);
    }
    let auxiliary = [project(&norm[33]), project(&norm[34])];
    let mut world = [WorldLandmark::default(); NUM_LANDMARKS];
    for (i, w) in world.iter_mut().enumerate() {
        let r = &world_raw[i * 3..i * 3 + 3];
        let p = Point2::new(r[0], r[1]).rotated(roi.rotation);
        *w = WorldLandmark {
            x: p.x,
            y: p.y,
            z: r[2],
        };
    }
    Some(Decoded {
        landmarks,
        auxiliary,
        world,
    })
}

/// MediaPipe's `RefineLandmarksFromHeatMap` for landmark `channel` at ROI-normalised
/// `(x, y)`: the sigmoid-weighted centre of mass of a 7×7 window around it, used when the
/// window's peak confidence reaches 0.5.
fn refine_from_heatmap(heatmap: &[f32], channel: usize, x: f32, y: f32) -> Option<(f32, f32)> {
    let hm = HEATMAP_SIZE as i64;
    let (cx, cy) = ((x * hm as f32) as i64, (y * hm as f32) as i64);
    if !(x.is_finite() && y.is_finite()) || cx < 0 || cx >= hm || cy < 0 || cy >= hm {
        return None;
    }
    let off = (HEATMAP_KERNEL as i64 - 1) / 2;
    let (c0, c1) = ((cx - off).max(0), (cx + off + 1).min(hm));
    let (r0, r1) = ((cy - off).max(0), (cy + off + 1).min(hm));
    let (mut sum, mut wc, mut wr, mut max_conf) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for row in r0..r1 {
        for col in c0..c1 {
            let idx = (row * hm + col) as usize * NUM_OUTPUT_LANDMARKS + channel;
            let conf = sigmoid(*heatmap.get(idx)?);
            sum += conf;
            max_conf = max_conf.max(conf);
            wc += col as f32 * conf;
            wr += row as f32 * conf;
        }
    }
    (max_conf >= MIN_CONFIDENCE_TO_REFINE && sum > 0.0)
        .then(|| (wc / hm as f32 / sum, wr / hm as f32 / sum))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roi() -> Roi {
        Roi {
            center: Point2::new(200.0, 100.0),
            size: 256.0,
            rotation: 0.0,
        }
    }

    #[test]
    fn projects_centre_and_corner() {
        let mut raw = vec![0.0; 195];
        raw[0] = 128.0; // landmark 0 at the ROI centre
        raw[1] = 128.0;
        raw[3] = 10.0; // visibility logit
        raw[5 * 33] = 0.0; // aux 0 at the top-left corner
        let world = vec![0.5; 117];
        let d = postprocess(&raw, &[], &world, &roi()).expect("decodes");
        assert!((d.landmarks[0].x - 200.0).abs() < 1e-3 && (d.landmarks[0].y - 100.0).abs() < 1e-3);
        assert!(d.landmarks[0].visibility > 0.99);
        assert!((d.landmarks[1].presence - 0.5).abs() < 1e-6);
        assert!((d.auxiliary[0].x - 72.0).abs() < 1e-3 && (d.auxiliary[0].y - -28.0).abs() < 1e-3);
        assert!((d.world[0].x - 0.5).abs() < 1e-6);
    }

    #[test]
    fn heatmap_pulls_towards_peak() {
        let mut heat = vec![-20.0; HEATMAP_SIZE * HEATMAP_SIZE * NUM_OUTPUT_LANDMARKS];
        // Peak for landmark 2 at heatmap cell (col 34, row 30).
        heat[(30 * HEATMAP_SIZE + 34) * NUM_OUTPUT_LANDMARKS + 2] = 20.0;
        let r = refine_from_heatmap(&heat, 2, 32.0 / 64.0, 32.0 / 64.0).expect("refined");
        assert!((r.0 - 34.0 / 64.0).abs() < 1e-3 && (r.1 - 30.0 / 64.0).abs() < 1e-3);
        // Too far from the peak: window has no confident cell, no refinement.
        assert!(refine_from_heatmap(&heat, 2, 10.0 / 64.0, 10.0 / 64.0).is_none());
    }

    #[test]
    fn short_tensor_is_none() {
        assert!(postprocess(&[0.0; 10], &[], &[0.0; 117], &roi()).is_none());
    }
}
