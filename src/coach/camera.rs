//! The camera view check: is the person filmed side-on, as the exercise needs?
//!
//! Lying exercises are judged on 2D angles, which only mean something side-on. How
//! frontal the view is comes from the body's own widths: hips and shoulders look narrow
//! side-on and wide facing the camera. The check has hysteresis in both value and time:
//! the view turns wrong above [`SIDE_VIEW_MAX_FRONTALNESS`] held for
//! [`VIEW_PERSIST_SECS`], and right again only clearly below it (80 %) for half as long,
//! so a person rolling a little while moving never makes the prompt flicker.

use super::rules::{landmark, torso_px};
use crate::body::{LandmarkId, Pose};

/// The prompt while the view is wrong.
pub(crate) const VIEW_PROMPT: &str = "Turn side-on to the camera.";
/// How long the view must look wrong before it is called wrong.
const VIEW_PERSIST_SECS: f64 = 1.0;
/// Above this frontalness the view is not side-on.
const SIDE_VIEW_MAX_FRONTALNESS: f32 = 0.45;

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

/// Above this the camera faces the person, read in 3D: |sin| of the angle between the
/// camera's axis and the body's side (0 side-on, 1 facing). 2D angles seen more than 45° off
/// side-on carry −14° ± 15° of error (the reference, §0.1), so past 45° nothing measured is a
/// side-view measure; the check waits for an unmistakable front view, past 67.5° (halfway
/// from 45° to facing, sin 67.5° = 0.92), because the 3D depth is estimated from one picture.
const FACING_MAX: f32 = 0.92;

/// How squarely the person faces the camera, from BlazePose's world landmarks (metres, x to
/// the right, z along the camera's axis): for the hip line and the shoulder line, the share
/// of its horizontal length that lies across the picture, the larger of the two. The 2D
/// widths above miss a front view whenever the torso is not foreshortened: an upright or
/// side-lying body facing the camera shows hips only 0.37–0.49 torso apart. `None` without
/// world landmarks (a synthetic or a reference pose).
pub(crate) fn facing(pose: &Pose) -> Option<f32> {
    let across = |left: LandmarkId| -> Option<f32> {
        let a = pose.world.get(left as usize)?;
        let b = pose.world.get(left.mirrored() as usize)?;
        let (dx, dz) = (a.x - b.x, a.z - b.z);
        let len = dx.hypot(dz);
        (len.is_finite() && len > 1e-4).then(|| dx.abs() / len)
    };
    let hips = across(LandmarkId::LeftHip);
    let shoulders = across(LandmarkId::LeftShoulder);
    hips.into_iter().chain(shoulders).reduce(f32::max)
}

/// How far from side-on the view is, on one scale for both readings: 1 at the limit of
/// either (2D widths [`SIDE_VIEW_MAX_FRONTALNESS`], 3D facing [`FACING_MAX`]), the larger.
pub(crate) fn off_side(pose: &Pose) -> Option<f32> {
    let flat = frontalness(pose).map(|f| f / SIDE_VIEW_MAX_FRONTALNESS);
    let deep = facing(pose).map(|f| f / FACING_MAX);
    flat.into_iter().chain(deep).reduce(f32::max)
}

/// Whether one pose looks side-on, by the same measure and threshold as the view check but
/// without its hysteresis in time (`None` when hips or shoulders cannot be placed): what a
/// camera placement check shows before the coach has run.
pub fn looks_side_on(pose: &Pose) -> Option<bool> {
    off_side(pose).map(|f| f <= 1.0)
}

/// The view check's state: ok or not, and since when the view has looked otherwise.
#[derive(Debug, Clone)]
pub(crate) struct ViewCheck {
    ok: bool,
    bad_since: Option<f64>,
    good_since: Option<f64>,
}

impl Default for ViewCheck {
    fn default() -> Self {
        Self {
            ok: true,
            bad_since: None,
            good_since: None,
        }
    }
}

/// What one frame changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ViewStep {
    Same,
    /// The view has been wrong long enough: say "turn side-on".
    Wrong,
    /// The view is side-on again.
    Right,
}

impl ViewCheck {
    /// Whether the view is right (it is until shown otherwise).
    pub fn ok(&self) -> bool {
        self.ok
    }

    /// One frame's distance from side-on, [`off_side`] (`None` = cannot be measured:
    /// nothing changes).
    pub fn step(&mut self, off_side: Option<f32>, now: f64) -> ViewStep {
        let Some(f) = off_side else {
            return ViewStep::Same;
        };
        if f > 1.0 {
            self.good_since = None;
            let since = *self.bad_since.get_or_insert(now);
            if self.ok && now - since >= VIEW_PERSIST_SECS {
                self.ok = false;
                return ViewStep::Wrong;
            }
        } else if f < 0.8 {
            self.bad_since = None;
            let since = *self.good_since.get_or_insert(now);
            if !self.ok && now - since >= VIEW_PERSIST_SECS * 0.5 {
                self.ok = true;
                return ViewStep::Right;
            }
        }
        ViewStep::Same
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Steps at 10 fps over `f(t)` and returns the changes with their times.
    fn run(check: &mut ViewCheck, from: f64, to: f64, f: Option<f32>) -> Vec<(f64, ViewStep)> {
        let mut out = Vec::new();
        for k in 0..=((to - from) * 10.0).round() as usize {
            let t = from + k as f64 / 10.0;
            let step = check.step(f, t);
            if step != ViewStep::Same {
                out.push((t, step));
            }
        }
        out
    }

    #[test]
    fn a_frontal_view_turns_wrong_after_a_second_and_right_after_half() {
        let mut check = ViewCheck::default();
        let wrong = run(&mut check, 0.0, 2.0, Some(1.5));
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!((wrong[0].0 - 1.0).abs() < 1e-6 && wrong[0].1 == ViewStep::Wrong);
        assert!(!check.ok());
        let right = run(&mut check, 2.1, 4.0, Some(0.2));
        assert_eq!(right.len(), 1, "{right:?}");
        assert!((right[0].0 - 2.6).abs() < 1e-6 && right[0].1 == ViewStep::Right);
        assert!(check.ok());
    }

    #[test]
    fn the_dead_band_and_unmeasurable_frames_change_nothing() {
        let mut check = ViewCheck::default();
        run(&mut check, 0.0, 2.0, Some(1.5));
        // Between 0.8 and 1 of the limit the view stays wrong, however long.
        assert!(run(&mut check, 2.1, 10.0, Some(0.9)).is_empty());
        assert!(run(&mut check, 10.1, 20.0, None).is_empty());
        assert!(!check.ok());
    }

    #[test]
    fn a_short_turn_is_forgiven() {
        let mut check = ViewCheck::default();
        assert!(run(&mut check, 0.0, 0.8, Some(1.5)).is_empty());
        assert!(run(&mut check, 0.9, 1.5, Some(0.2)).is_empty());
        assert!(run(&mut check, 1.6, 2.4, Some(1.5)).is_empty());
        assert!(check.ok());
    }

    /// A pose whose hips and shoulders lie `yaw_deg` off the camera's axis in 3D (0 = the
    /// line points at the camera: side-on), with the 2D picture side-on.
    fn turned(yaw_deg: f32) -> Pose {
        use crate::body::{Landmark, WorldLandmark, NUM_LANDMARKS};
        let mut p = Pose {
            landmarks: [Landmark {
                x: 100.0,
                y: 100.0,
                z: 0.0,
                visibility: 1.0,
                presence: 1.0,
            }; NUM_LANDMARKS],
            world: [WorldLandmark::default(); NUM_LANDMARKS],
            score: 1.0,
        };
        for (left, y) in [
            (LandmarkId::LeftShoulder, 50.0),
            (LandmarkId::LeftHip, 150.0),
        ] {
            p.landmarks[left as usize].y = y;
            p.landmarks[left.mirrored() as usize].y = y;
        }
        let (s, c) = yaw_deg.to_radians().sin_cos();
        for (left, y) in [(LandmarkId::LeftShoulder, -0.5), (LandmarkId::LeftHip, 0.0)] {
            p.world[left as usize] = WorldLandmark {
                x: 0.1 * s,
                y,
                z: 0.1 * c,
            };
            p.world[left.mirrored() as usize] = WorldLandmark {
                x: -0.1 * s,
                y,
                z: -0.1 * c,
            };
        }
        p
    }

    #[test]
    fn a_body_facing_the_camera_in_3d_is_not_side_on_whatever_its_2d_widths() {
        // 2D: hips and shoulders one above the other, no width at all (side-on by widths).
        assert_eq!(frontalness(&turned(0.0)), Some(0.0));
        assert_eq!(looks_side_on(&turned(0.0)), Some(true));
        assert_eq!(
            looks_side_on(&turned(40.0)),
            Some(true),
            "an oblique camera"
        );
        assert_eq!(
            looks_side_on(&turned(80.0)),
            Some(false),
            "facing the camera"
        );
        let f = facing(&turned(80.0)).unwrap_or_default();
        assert!((f - 80f32.to_radians().sin()).abs() < 1e-4, "{f}");
    }
}
