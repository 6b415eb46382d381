//! The rotated square region the landmark model reads, in image pixels.
//!
//! MediaPipe builds it the same way from a detection and from the previous frame's
//! auxiliary landmarks (`AlignmentPointsRectsCalculator` then `RectTransformationCalculator`
//! in `pose_detection_to_roi.pbtxt` / `pose_landmarks_to_roi.pbtxt`): the centre is the hip
//! centre, the side is twice the distance to the scale point, the rotation makes the
//! hip→scale-point vector point up (target angle 90°), then the square is grown 1.25×.

use super::warp::Affine;
use crate::body::geometry::{normalize_radians, Point2};

/// MediaPipe's `scale_x`/`scale_y` in `RectTransformationCalculator`.
pub const ROI_SCALE: f32 = 1.25;

/// A rotated square in image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Roi {
    pub center: Point2,
    /// Side length in pixels.
    pub size: f32,
    /// Radians; positive turns clockwise on screen (image y points down).
    pub rotation: f32,
}

impl Roi {
    /// The unscaled alignment rectangle from a centre and a scale point (MediaPipe's
    /// `AlignmentPointsRectsCalculator` with `rotation_vector_target_angle_degrees: 90`).
    /// `None` when the two points coincide or are not finite.
    pub fn from_alignment_points(center: Point2, scale_point: Point2) -> Option<Self> {
        let d = scale_point - center;
        let size = 2.0 * d.length();
        if size.is_nan() || size <= 1e-3 || !size.is_finite() || !center.is_finite() {
            return None;
        }
        let rotation = normalize_radians(std::f32::consts::FRAC_PI_2 - (-d.y).atan2(d.x));
        Some(Self {
            center,
            size,
            rotation,
        })
    }

    /// The ROI the landmark model reads: the alignment rectangle grown by [`ROI_SCALE`].
    pub fn for_landmarks(center: Point2, scale_point: Point2) -> Option<Self> {
        Self::from_alignment_points(center, scale_point).map(|r| Self {
            size: r.size * ROI_SCALE,
            ..r
        })
    }

    /// Image pixel of a point given in ROI-normalised coordinates (0..1 across the square,
    /// before rotation), as MediaPipe's `LandmarkProjectionCalculator`.
    pub fn image_from_roi(&self, x: f32, y: f32) -> Point2 {
        self.center
            + Point2::new((x - 0.5) * self.size, (y - 0.5) * self.size).rotated(self.rotation)
    }

    /// The affine map from a `dim × dim` tensor's pixels to image pixels
    /// (tensor pixel `u` ↔ ROI-normalised `u / dim`).
    pub fn tensor_to_image(&self, dim: usize) -> Affine {
        let k = self.size / dim as f32;
        let (s, c) = self.rotation.sin_cos();
        let origin = self.image_from_roi(0.0, 0.0);
        Affine {
            a: c * k,
            b: -s * k,
            c: origin.x,
            d: s * k,
            e: c * k,
            f: origin.y,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upright_person_has_no_rotation() {
        // Scale point straight above the hips.
        let r = Roi::for_landmarks(Point2::new(100.0, 200.0), Point2::new(100.0, 100.0));
        let r = r.expect("valid roi");
        assert!(r.rotation.abs() < 1e-6);
        assert!((r.size - 250.0).abs() < 1e-4);
        let top_left = r.image_from_roi(0.0, 0.0);
        assert!((top_left.x - -25.0).abs() < 1e-3 && (top_left.y - 75.0).abs() < 1e-3);
    }

    #[test]
    fn lying_person_rotates_a_quarter_turn() {
        // Scale point to the right of the hips (person lying, head to the right).
        let r = Roi::from_alignment_points(Point2::new(100.0, 100.0), Point2::new(200.0, 100.0))
            .expect("valid roi");
        assert!((r.rotation - std::f32::consts::FRAC_PI_2).abs() < 1e-5);
        // ROI "up" (y = 0) is the scale point's side.
        let up = r.image_from_roi(0.5, 0.0);
        assert!((up.x - 200.0).abs() < 1e-3 && (up.y - 100.0).abs() < 1e-3);
    }

    #[test]
    fn affine_matches_projection() {
        let r = Roi {
            center: Point2::new(50.0, 60.0),
            size: 128.0,
            rotation: 0.7,
        };
        let m = r.tensor_to_image(256);
        let (x, y) = m.apply(64.0, 192.0);
        let p = r.image_from_roi(0.25, 0.75);
        assert!((x - p.x).abs() < 1e-3 && (y - p.y).abs() < 1e-3);
    }

    #[test]
    fn degenerate_points_give_none() {
        let p = Point2::new(3.0, 4.0);
        assert!(Roi::from_alignment_points(p, p).is_none());
        assert!(Roi::from_alignment_points(Point2::new(f32::NAN, 0.0), p).is_none());
    }
}
