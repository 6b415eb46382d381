//! Which body side faces the camera, which limb is working, and whether the camera sees
//! the person side-on.
//!
//! In a side view the far limbs hide behind the near ones, so rules read the near side
//! (higher mean visibility). Both choices use hysteresis: a side swaps only when the
//! other is clearly better, so noisy visibilities do not flip the skeleton colouring
//! or the "now the other leg" logic from frame to frame.

use super::rules::{landmark, torso_px};
use crate::content::Side;
use crate::pose::{LandmarkId, Pose};

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

/// How frontal the view is: the smaller of hip and shoulder width over the torso
/// length (≈ 0 side-on, ≈ 0.6–0.9 facing the camera). Positions are used whatever their
/// visibility: BlazePose still places hidden landmarks, which is enough for a width.
pub(crate) fn frontalness(pose: &Pose) -> Option<f32> {
    let torso = torso_px(pose, 0.0)?;
    let width = |left: LandmarkId| -> Option<f32> {
        let a = landmark(pose, left, 0.0)?;
        let b = landmark(pose, left.mirrored(), 0.0)?;
        Some(a.distance(b) / torso)
    };
    let hips = width(LandmarkId::LeftHip)?;
    let shoulders = width(LandmarkId::LeftShoulder)?;
    let f = hips.min(shoulders);
    f.is_finite().then_some(f)
}

/// Above this frontalness the view is not side-on.
pub(crate) const SIDE_VIEW_MAX_FRONTALNESS: f32 = 0.45;
