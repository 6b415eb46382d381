//! A detected person as plain data: 33 landmarks in image pixels with their visibility,
//! the same in metres around the hips, and the model's confidence that a person is there.
//! Nothing here knows how the landmarks were found (that is `crate::pose`), so the coach,
//! the content loader, the overlay and the tests can read and build poses without ONNX
//! Runtime.

use super::geometry::Point2;
use super::landmark::{LandmarkId, NUM_LANDMARKS};

/// One body landmark in image space.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Landmark {
    /// Image pixels.
    pub x: f32,
    /// Image pixels.
    pub y: f32,
    /// Depth relative to the hips, in the same pixel scale as `x` (smaller = nearer the camera).
    pub z: f32,
    /// Probability that the landmark is visible (not occluded), 0..1.
    pub visibility: f32,
    /// Probability that the landmark is inside the frame, 0..1.
    pub presence: f32,
}

impl Landmark {
    pub fn point(&self) -> Point2 {
        Point2::new(self.x, self.y)
    }
}

/// A landmark in metres, origin between the hips (MediaPipe's world landmarks).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WorldLandmark {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

/// A detected person.
#[derive(Debug, Clone, PartialEq)]
pub struct Pose {
    pub landmarks: [Landmark; NUM_LANDMARKS],
    pub world: [WorldLandmark; NUM_LANDMARKS],
    /// The landmark model's pose-presence score, 0..1.
    pub score: f32,
}

impl Pose {
    pub fn get(&self, id: LandmarkId) -> &Landmark {
        // `LandmarkId` only has indices 0..33, so this cannot go out of bounds.
        &self.landmarks[id.index()]
    }

    /// Shoulder-midpoint to hip-midpoint distance in pixels.
    pub fn torso_length(&self) -> f32 {
        let s = self
            .get(LandmarkId::LeftShoulder)
            .point()
            .midpoint(self.get(LandmarkId::RightShoulder).point());
        let h = self
            .get(LandmarkId::LeftHip)
            .point()
            .midpoint(self.get(LandmarkId::RightHip).point());
        s.distance(h)
    }
}
