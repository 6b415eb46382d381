//! The stick figure: a [`BodyPose`] (joint angles, as a person would describe the position)
//! and its forward kinematics into the 33 BlazePose landmarks in body space.
//!
//! The figure lives in a sagittal plane (x forward, y up, in torso lengths) with a lateral
//! offset `z` per body side (left positive). The named positions (`supine`, `prone`,
//! `tabletop`, ...) are `const` so the exercise scripts can build on them in tables.

use formcheck::body::geometry::Point2;
use formcheck::body::{LandmarkId, NUM_LANDMARKS};
use formcheck::content::Side;

/// One body configuration. Angles in degrees (keyframes are data for humans).
///
/// `trunk_deg` is the absolute direction of hip→shoulder (0 = +x, 90 = up). The body's
/// front is `trunk_deg − 90`. Joint angles are interior angles as the coach measures
/// them; flexion moves a limb toward the front.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyPose {
    pub trunk_deg: f32,
    /// Neck relative to the trunk: positive tips the head back (extension).
    pub neck_deg: f32,
    /// Interior shoulder–hip–knee angle per side `[left, right]` (180 = straight;
    /// above 180 = extended behind the trunk line).
    pub hip_deg: [f32; 2],
    pub knee_deg: [f32; 2],
    /// Upper arm from the trunk, toward the front (0 = along the sides, 90 = forward).
    pub shoulder_deg: [f32; 2],
    pub elbow_deg: [f32; 2],
    /// Foot to shank (90 = flexed ankle, 160 = pointed toes).
    pub ankle_deg: [f32; 2],
    /// Ear-to-shoulder length, torso lengths (shorter = shrugged).
    pub neck_len: f32,
    /// Extra lateral swing of an arm under the body (thread the needle), torso lengths.
    pub arm_across: [f32; 2],
    /// Shoulder–hip chord relative to standing (a rounded spine shortens it: cat).
    pub torso_scale: f32,
}

impl BodyPose {
    /// Lying on the back, legs long, arms by the sides.
    pub const fn supine() -> Self {
        Self {
            trunk_deg: 180.0,
            neck_deg: 0.0,
            hip_deg: [180.0; 2],
            knee_deg: [180.0; 2],
            shoulder_deg: [0.0; 2],
            elbow_deg: [175.0; 2],
            ankle_deg: [100.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    /// Supine with knees bent and feet flat.
    pub const fn supine_knees_bent() -> Self {
        Self {
            hip_deg: [130.0; 2],
            knee_deg: [85.0; 2],
            ..Self::supine()
        }
    }

    /// Lying on the front, hands beside the chest.
    pub const fn prone() -> Self {
        Self {
            trunk_deg: 0.0,
            neck_deg: 10.0,
            hip_deg: [180.0; 2],
            knee_deg: [178.0; 2],
            shoulder_deg: [-30.0; 2],
            elbow_deg: [40.0; 2],
            ankle_deg: [160.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    /// On hands and knees, back flat.
    pub const fn tabletop() -> Self {
        Self {
            trunk_deg: 0.0,
            neck_deg: 0.0,
            hip_deg: [90.0; 2],
            knee_deg: [90.0; 2],
            shoulder_deg: [90.0; 2],
            elbow_deg: [175.0; 2],
            ankle_deg: [160.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    /// Sitting upright on a chair edge, knees bent.
    pub const fn seated() -> Self {
        Self {
            trunk_deg: 95.0,
            neck_deg: 0.0,
            hip_deg: [95.0; 2],
            knee_deg: [95.0; 2],
            shoulder_deg: [20.0; 2],
            elbow_deg: [120.0; 2],
            ankle_deg: [95.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    /// Standing tall (for negatives).
    pub const fn standing() -> Self {
        Self {
            trunk_deg: 90.0,
            neck_deg: 0.0,
            hip_deg: [180.0; 2],
            knee_deg: [180.0; 2],
            shoulder_deg: [5.0; 2],
            elbow_deg: [170.0; 2],
            ankle_deg: [90.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    pub(super) fn lerp(&self, o: &Self, t: f32) -> Self {
        let l = |a: f32, b: f32| a + (b - a) * t;
        let l2 = |a: [f32; 2], b: [f32; 2]| [l(a[0], b[0]), l(a[1], b[1])];
        Self {
            trunk_deg: l(self.trunk_deg, o.trunk_deg),
            neck_deg: l(self.neck_deg, o.neck_deg),
            hip_deg: l2(self.hip_deg, o.hip_deg),
            knee_deg: l2(self.knee_deg, o.knee_deg),
            shoulder_deg: l2(self.shoulder_deg, o.shoulder_deg),
            elbow_deg: l2(self.elbow_deg, o.elbow_deg),
            ankle_deg: l2(self.ankle_deg, o.ankle_deg),
            neck_len: l(self.neck_len, o.neck_len),
            arm_across: l2(self.arm_across, o.arm_across),
            torso_scale: l(self.torso_scale, o.torso_scale),
        }
    }
}

/// Segment lengths in torso lengths (adult proportions).
const THIGH: f32 = 0.85;
const SHANK: f32 = 0.8;
const FOOT: f32 = 0.26;
const HEEL: f32 = 0.07;
const UPPER_ARM: f32 = 0.6;
const FOREARM: f32 = 0.5;
const HAND: f32 = 0.15;
const HIP_HALF_WIDTH: f32 = 0.17;
const SHOULDER_HALF_WIDTH: f32 = 0.22;
const HEAD_HALF_WIDTH: f32 = 0.08;

fn dir(deg: f32) -> Point2 {
    let r = deg.to_radians();
    Point2::new(r.cos(), r.sin())
}

/// 3D points: sagittal (x, y) plus lateral `z` (left side positive).
#[derive(Clone, Copy, Default)]
pub(super) struct P3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

fn p3(p: Point2, z: f32) -> P3 {
    P3 { x: p.x, y: p.y, z }
}

/// Forward kinematics: all 33 landmarks in body space, hip midpoint at the origin.
pub(super) fn skeleton(b: &BodyPose) -> [P3; NUM_LANDMARKS] {
    use LandmarkId as L;
    let mut out = [P3::default(); NUM_LANDMARKS];
    let mut set = |id: LandmarkId, p: P3| {
        if let Some(slot) = out.get_mut(id.index()) {
            *slot = p;
        }
    };
    let t = b.trunk_deg;
    let hip = Point2::new(0.0, 0.0);
    let shoulder = hip + dir(t) * b.torso_scale;
    // Head.
    let neck_dir = t + b.neck_deg;
    let ear = shoulder + dir(neck_dir) * b.neck_len;
    let face = neck_dir - 90.0;
    let nose = ear + dir(face) * 0.16 + dir(neck_dir) * 0.02;
    let eye = ear + dir(face) * 0.12 + dir(neck_dir) * 0.06;
    let mouth = ear + dir(face) * 0.13 + dir(neck_dir) * -0.04;
    set(L::Nose, p3(nose, 0.0));
    for (sign, ids) in [
        (
            1.0,
            [
                L::LeftEar,
                L::LeftEyeInner,
                L::LeftEye,
                L::LeftEyeOuter,
                L::MouthLeft,
            ],
        ),
        (
            -1.0,
            [
                L::RightEar,
                L::RightEyeInner,
                L::RightEye,
                L::RightEyeOuter,
                L::MouthRight,
            ],
        ),
    ] {
        let [ear_id, inner, eye_id, outer, mouth_id] = ids;
        set(ear_id, p3(ear, sign * HEAD_HALF_WIDTH));
        set(inner, p3(eye + dir(face) * 0.01, sign * 0.02));
        set(eye_id, p3(eye, sign * 0.035));
        set(outer, p3(eye - dir(face) * 0.01, sign * 0.05));
        set(mouth_id, p3(mouth, sign * 0.03));
    }
    for (i, sign) in [(0usize, 1.0f32), (1, -1.0)] {
        let side = if i == 0 { Side::Left } else { Side::Right };
        let id = |l: LandmarkId| if side == Side::Right { l.mirrored() } else { l };
        let g = |a: [f32; 2]| a.get(i).copied().unwrap_or(0.0);
        // Leg.
        let thigh_dir = t + 180.0 + (180.0 - g(b.hip_deg));
        let knee = hip + dir(thigh_dir) * THIGH;
        let shank_dir = thigh_dir - (180.0 - g(b.knee_deg));
        let ankle = knee + dir(shank_dir) * SHANK;
        let foot_dir = shank_dir + g(b.ankle_deg);
        let toe = ankle + dir(foot_dir) * FOOT;
        let heel = ankle - dir(foot_dir) * HEEL + dir(shank_dir) * 0.05;
        let zh = sign * HIP_HALF_WIDTH;
        set(id(L::LeftHip), p3(hip, zh));
        set(id(L::LeftKnee), p3(knee, zh));
        set(id(L::LeftAnkle), p3(ankle, zh));
        set(id(L::LeftHeel), p3(heel, zh));
        set(id(L::LeftFootIndex), p3(toe, zh));
        // Arm.
        let upper_dir = t + 180.0 + g(b.shoulder_deg);
        let elbow = shoulder + dir(upper_dir) * UPPER_ARM;
        let fore_dir = upper_dir + (180.0 - g(b.elbow_deg));
        let wrist = elbow + dir(fore_dir) * FOREARM;
        let hand = wrist + dir(fore_dir) * HAND;
        let zs = sign * SHOULDER_HALF_WIDTH;
        let across = -sign * g(b.arm_across);
        set(id(L::LeftShoulder), p3(shoulder, zs));
        set(id(L::LeftElbow), p3(elbow, zs + across * 0.5));
        set(id(L::LeftWrist), p3(wrist, zs + across));
        set(id(L::LeftPinky), p3(hand, zs + across - sign * 0.02));
        set(
            id(L::LeftIndex),
            p3(hand + dir(fore_dir) * 0.02, zs + across),
        );
        set(
            id(L::LeftThumb),
            p3(hand - dir(fore_dir) * 0.05, zs + across + sign * 0.03),
        );
    }
    out
}
