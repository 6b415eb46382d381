//! Which body side faces the camera, read from one pose.
//!
//! In a side view the far limbs hide behind the near ones, so rules read the near side
//! (higher mean visibility). The choice uses hysteresis: a side swaps only when the
//! other is clearly more visible, so noisy visibilities do not flip the skeleton
//! colouring or the "now the other leg" logic from frame to frame. The sides machine
//! that keeps these choices over time is in `sides.rs`; the camera view check in
//! `camera.rs`.

use crate::body::{LandmarkId, Pose};
use crate::content::Side;

const SIDE_LANDMARKS: [LandmarkId; 6] = [
    LandmarkId::LeftShoulder,
    LandmarkId::LeftElbow,
    LandmarkId::LeftWrist,
    LandmarkId::LeftHip,
    LandmarkId::LeftKnee,
    LandmarkId::LeftAnkle,
];

/// Mean visibility of the body landmarks on one side (non-finite counts as 0).
pub(crate) fn side_visibility(pose: &Pose, side: Side) -> f32 {
    let sum: f32 = SIDE_LANDMARKS
        .iter()
        .map(|&l| {
            let id = if side == Side::Right { l.mirrored() } else { l };
            pose.landmarks
                .get(id.index())
                .map(|lm| lm.visibility)
                .filter(|v| v.is_finite())
                .unwrap_or(0.0)
                .clamp(0.0, 1.0)
        })
        .sum();
    sum / SIDE_LANDMARKS.len() as f32
}

/// The near side with hysteresis: the other side must be more visible by `margin`.
pub(crate) fn near_side(pose: &Pose, previous: Option<Side>, margin: f32) -> Side {
    let (l, r) = (
        side_visibility(pose, Side::Left),
        side_visibility(pose, Side::Right),
    );
    match previous {
        Some(Side::Left) if r <= l + margin => Side::Left,
        Some(Side::Right) if l <= r + margin => Side::Right,
        _ => {
            if l >= r {
                Side::Left
            } else {
                Side::Right
            }
        }
    }
}
