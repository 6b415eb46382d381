//! The BlazePose person detector's pre- and post-processing, after MediaPipe's
//! `pose_detection_cpu.pbtxt`:
//!
//! - input: the whole image letterboxed into 224×224 (aspect kept, black border), values
//!   mapped to [-1, 1];
//! - 2254 SSD anchors (`SsdAnchorsCalculator`: 5 layers, strides 8/16/32/32/32, one aspect
//!   ratio plus the interpolated one, fixed anchor size, offset 0.5);
//! - raw output `[1, 2254, 12]`: box centre x/y, width, height, then 4 keypoints (hip centre,
//!   full-body scale point, shoulder centre, upper-body scale point), all in 224-pixel units
//!   relative to the anchor; `[1, 2254, 1]` logits → sigmoid (clipped at ±100);
//! - weighted non-maximum suppression at IoU 0.3 (`NonMaxSuppressionCalculator`, WEIGHTED).
//!
//! Detections come out in image pixels (the letterbox is removed here).
//!
//! [`distinct_people`] counts the people among them: the box is around the head, and NMS
//! at IoU 0.3 can leave two boxes on one person filling the picture (a close-up photo of
//! child's pose: IoU 0.298, the smaller box 46 % covered), so a box that covers a third of
//! itself or more with one already counted is the same person.

use super::warp::{warp_affine, Affine, Border};
use crate::body::geometry::Point2;
use image::RgbImage;

pub const INPUT_SIZE: usize = 224;
pub const NUM_ANCHORS: usize = 2254;
pub const NUM_COORDS: usize = 12;
pub const NUM_KEYPOINTS: usize = 4;
const NMS_IOU: f32 = 0.3;
/// A box covered this much (its share, or the other's) by a counted one is the same person.
const SAME_PERSON_COVER: f32 = 1.0 / 3.0;
const SCORE_CLIP: f32 = 100.0;

/// One anchor centre, normalised to the 224² input (anchor size is fixed at 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    pub x: f32,
    pub y: f32,
}

/// MediaPipe's SSD anchors for the pose detector, in output order.
pub fn anchors() -> Vec<Anchor> {
    const STRIDES: [usize; 5] = [8, 16, 32, 32, 32];
    let mut out = Vec::with_capacity(NUM_ANCHORS);
    let mut layer = 0;
    while layer < STRIDES.len() {
        let stride = STRIDES[layer];
        let mut last = layer;
        let mut per_cell = 0;
        while last < STRIDES.len() && STRIDES[last] == stride {
            // One aspect ratio (1.0) plus the interpolated-scale anchor.
            per_cell += 2;
            last += 1;
        }
        let fm = INPUT_SIZE.div_ceil(stride);
        for y in 0..fm {
            for x in 0..fm {
                for _ in 0..per_cell {
                    out.push(Anchor {
                        x: (x as f32 + 0.5) / fm as f32,
                        y: (y as f32 + 0.5) / fm as f32,
                    });
                }
            }
        }
        layer = last;
    }
    out
}

/// A person box with its 4 keypoints, in image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    pub score: f32,
    pub xmin: f32,
    pub ymin: f32,
    pub width: f32,
    pub height: f32,
    /// Hip centre, full-body scale point, shoulder centre, upper-body scale point.
    pub keypoints: [Point2; NUM_KEYPOINTS],
}

impl Detection {
    fn area(&self) -> f32 {
        self.width * self.height
    }

    /// The area the two boxes share.
    fn intersection(&self, o: &Detection) -> f32 {
        let ix = (self.xmin + self.width).min(o.xmin + o.width) - self.xmin.max(o.xmin);
        let iy = (self.ymin + self.height).min(o.ymin + o.height) - self.ymin.max(o.ymin);
        if ix <= 0.0 || iy <= 0.0 {
            return 0.0;
        }
        ix * iy
    }

    /// The share of the smaller box the two share.
    fn cover(&self, o: &Detection) -> f32 {
        let smaller = self.area().min(o.area());
        if smaller > 0.0 {
            self.intersection(o) / smaller
        } else {
            0.0
        }
    }

    fn iou(&self, o: &Detection) -> f32 {
        let inter = self.intersection(o);
        if inter <= 0.0 {
            return 0.0;
        }
        let union = self.area() + o.area() - inter;
        if union > 0.0 {
            inter / union
        } else {
            0.0
        }
    }
}

/// The letterbox: maps detector-input pixels to image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Letterbox {
    /// Side of the square the image was centred in, in image pixels.
    pub side: f32,
    /// Image pixel of the square's top-left corner.
    pub origin: Point2,
}

impl Letterbox {
    pub fn for_image(width: u32, height: u32) -> Self {
        let side = width.max(height) as f32;
        Self {
            side,
            origin: Point2::new((width as f32 - side) * 0.5, (height as f32 - side) * 0.5),
        }
    }

    /// Image pixel of a point normalised to the detector input (0..1).
    pub fn image_from_input(&self, x: f32, y: f32) -> Point2 {
        Point2::new(self.origin.x + x * self.side, self.origin.y + y * self.side)
    }

    fn tensor_to_image(&self) -> Affine {
        let k = self.side / INPUT_SIZE as f32;
        Affine {
            a: k,
            b: 0.0,
            c: self.origin.x,
            d: 0.0,
            e: k,
            f: self.origin.y,
        }
    }
}

/// Fills `out` (224·224·3 floats, NHWC) with the letterboxed image in [-1, 1].
pub fn preprocess(image: &RgbImage, out: &mut [f32]) -> Letterbox {
    let lb = Letterbox::for_image(image.width(), image.height());
    warp_affine(
        image,
        &lb.tensor_to_image(),
        Border::Zero,
        INPUT_SIZE,
        INPUT_SIZE,
        2.0 / 255.0,
        -1.0,
        out,
    );
    lb
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Decodes raw detector outputs into detections above `min_score`, after weighted NMS,
/// best first, in image pixels.
pub fn postprocess(
    boxes: &[f32],
    scores: &[f32],
    anchors: &[Anchor],
    letterbox: &Letterbox,
    min_score: f32,
) -> Vec<Detection> {
    let s = INPUT_SIZE as f32;
    let mut raw: Vec<Detection> = Vec::new();
    for (i, anchor) in anchors.iter().enumerate() {
        let (Some(&logit), Some(b)) = (
            scores.get(i),
            boxes.get(i * NUM_COORDS..(i + 1) * NUM_COORDS),
        ) else {
            break;
        };
        let score = sigmoid(logit.clamp(-SCORE_CLIP, SCORE_CLIP));
        if score.is_nan() || score < min_score {
            continue;
        }
        let xc = b[0] / s + anchor.x;
        let yc = b[1] / s + anchor.y;
        let w = b[2] / s;
        let h = b[3] / s;
        let min = letterbox.image_from_input(xc - w * 0.5, yc - h * 0.5);
        let mut keypoints = [Point2::default(); NUM_KEYPOINTS];
        for (k, kp) in keypoints.iter_mut().enumerate() {
            *kp = letterbox
                .image_from_input(b[4 + 2 * k] / s + anchor.x, b[5 + 2 * k] / s + anchor.y);
        }
        raw.push(Detection {
            score,
            xmin: min.x,
            ymin: min.y,
            width: w * letterbox.side,
            height: h * letterbox.side,
            keypoints,
        });
    }
    weighted_nms(raw)
}

/// MediaPipe's weighted non-maximum suppression: each kept detection is the
/// score-weighted mean of everything overlapping it by more than IoU 0.3.
pub fn weighted_nms(mut dets: Vec<Detection>) -> Vec<Detection> {
    dets.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while let Some(first) = dets.first().copied() {
        let (cands, rest): (Vec<Detection>, Vec<Detection>) =
            dets.into_iter().partition(|d| first.iou(d) > NMS_IOU);
        let mut merged = first;
        let total: f32 = cands.iter().map(|d| d.score).sum();
        if total > 0.0 && !cands.is_empty() {
            let (mut x0, mut y0, mut x1, mut y1) = (0.0, 0.0, 0.0, 0.0);
            let mut kps = [Point2::default(); NUM_KEYPOINTS];
            for d in &cands {
                x0 += d.xmin * d.score;
                y0 += d.ymin * d.score;
                x1 += (d.xmin + d.width) * d.score;
                y1 += (d.ymin + d.height) * d.score;
                for (acc, kp) in kps.iter_mut().zip(d.keypoints) {
                    *acc = *acc + kp * d.score;
                }
            }
            merged.xmin = x0 / total;
            merged.ymin = y0 / total;
            merged.width = (x1 - x0) / total;
            merged.height = (y1 - y0) / total;
            merged.keypoints = kps.map(|p| p * (1.0 / total));
        }
        out.push(merged);
        dets = rest;
        if cands.is_empty() {
            // `first` always overlaps itself unless its box is degenerate; drop it then.
            dets.retain(|d| d != &first);
        }
    }
    out
}

/// The people among detections (best first, after NMS): each box that covers less than a
/// third of itself, or of the other, with every box counted before it.
pub fn distinct_people(dets: &[Detection]) -> usize {
    let mut counted: Vec<&Detection> = Vec::new();
    for d in dets {
        if counted.iter().all(|c| c.cover(d) < SAME_PERSON_COVER) {
            counted.push(d);
        }
    }
    counted.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_count_and_layout() {
        let a = anchors();
        assert_eq!(a.len(), NUM_ANCHORS);
        // First layer: 28×28 cells, 2 anchors each.
        assert!((a[0].x - 0.5 / 28.0).abs() < 1e-6);
        assert_eq!(a[0], a[1]);
        assert!((a[2].x - 1.5 / 28.0).abs() < 1e-6);
        // Last: 7×7 cells, 6 anchors each.
        let last = a[NUM_ANCHORS - 1];
        assert!((last.x - 6.5 / 7.0).abs() < 1e-6 && (last.y - 6.5 / 7.0).abs() < 1e-6);
        assert_eq!(
            a[1568 + 392],
            Anchor {
                x: 0.5 / 7.0,
                y: 0.5 / 7.0
            }
        );
    }

    #[test]
    fn decode_one_box_through_letterbox() {
        let anchors = anchors();
        let mut boxes = vec![0.0; NUM_ANCHORS * NUM_COORDS];
        let mut scores = vec![-50.0; NUM_ANCHORS];
        let i = 1568 + 392; // anchor centre (0.5/7, 0.5/7)
        scores[i] = 3.0;
        boxes[i * NUM_COORDS + 2] = 22.4; // width 0.1
        boxes[i * NUM_COORDS + 3] = 44.8; // height 0.2
        boxes[i * NUM_COORDS + 4] = 22.4; // keypoint 0 x offset +0.1
                                          // A 400×200 image: side 400, letterbox origin y = -100.
        let lb = Letterbox::for_image(400, 200);
        let d = postprocess(&boxes, &scores, &anchors, &lb, 0.5);
        assert_eq!(d.len(), 1);
        let d = d[0];
        assert!((d.score - sigmoid(3.0)).abs() < 1e-6);
        assert!((d.width - 40.0).abs() < 1e-3 && (d.height - 80.0).abs() < 1e-3);
        let cx = 0.5 / 7.0 * 400.0;
        assert!((d.xmin - (cx - 20.0)).abs() < 1e-3);
        assert!((d.ymin - (cx - 100.0 - 40.0)).abs() < 1e-3);
        assert!((d.keypoints[0].x - (cx + 40.0)).abs() < 1e-3);
    }

    #[test]
    fn weighted_nms_merges_overlaps() {
        let base = Detection {
            score: 0.9,
            xmin: 0.0,
            ymin: 0.0,
            width: 10.0,
            height: 10.0,
            keypoints: [Point2::new(0.0, 0.0); 4],
        };
        let shifted = Detection {
            score: 0.3,
            xmin: 1.0,
            keypoints: [Point2::new(4.0, 0.0); 4],
            ..base
        };
        let far = Detection {
            score: 0.6,
            xmin: 100.0,
            ..base
        };
        let out = weighted_nms(vec![shifted, far, base]);
        assert_eq!(out.len(), 2);
        assert!((out[0].score - 0.9).abs() < 1e-6);
        assert!((out[0].xmin - 0.25).abs() < 1e-5);
        assert!((out[0].keypoints[0].x - 1.0).abs() < 1e-5);
        assert!((out[1].xmin - 100.0).abs() < 1e-5);
    }

    /// The two boxes NMS left on the one person of a close-up child's pose photo
    /// (real/childs_pose/childs_pose_15.jpg) are one person; two heads apart are two.
    #[test]
    fn overlapping_boxes_are_one_person() {
        let square = |score, xmin, ymin| Detection {
            score,
            xmin,
            ymin,
            width: 128.0,
            height: 128.0,
            keypoints: [Point2::default(); 4],
        };
        let (a, b) = (square(0.68, 218.0, 85.0), square(0.51, 159.0, 104.0));
        let nms = weighted_nms(vec![a, b]);
        assert_eq!(nms.len(), 2, "NMS keeps both (IoU {:.3})", a.iou(&b));
        assert_eq!(distinct_people(&nms), 1);
        assert_eq!(distinct_people(&[a, square(0.9, 500.0, 85.0)]), 2);
        assert_eq!(distinct_people(&[]), 0);
        // A small box inside a big one is the same person too.
        let big = Detection {
            width: 400.0,
            height: 400.0,
            ..square(0.9, 0.0, 0.0)
        };
        assert_eq!(distinct_people(&[big, square(0.6, 100.0, 100.0)]), 1);
    }

    #[test]
    fn nan_scores_are_dropped() {
        let anchors = anchors();
        let boxes = vec![f32::NAN; NUM_ANCHORS * NUM_COORDS];
        let scores = vec![f32::NAN; NUM_ANCHORS];
        let lb = Letterbox::for_image(10, 10);
        assert!(postprocess(&boxes, &scores, &anchors, &lb, 0.5).is_empty());
    }
}
