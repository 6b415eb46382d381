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

/// Whether one pose looks side-on, by the same measure and threshold as the view check but
/// without its hysteresis in time (`None` when hips or shoulders cannot be placed): what a
/// camera placement check shows before the coach has run.
pub fn looks_side_on(pose: &Pose) -> Option<bool> {
    frontalness(pose).map(|f| f <= SIDE_VIEW_MAX_FRONTALNESS)
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

    /// One frame's frontalness (`None` = cannot be measured: nothing changes).
    pub fn step(&mut self, frontalness: Option<f32>, now: f64) -> ViewStep {
        let Some(f) = frontalness else {
            return ViewStep::Same;
        };
        if f > SIDE_VIEW_MAX_FRONTALNESS {
            self.good_since = None;
            let since = *self.bad_since.get_or_insert(now);
            if self.ok && now - since >= VIEW_PERSIST_SECS {
                self.ok = false;
                return ViewStep::Wrong;
            }
        } else if f < SIDE_VIEW_MAX_FRONTALNESS * 0.8 {
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
        let wrong = run(&mut check, 0.0, 2.0, Some(0.7));
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!((wrong[0].0 - 1.0).abs() < 1e-6 && wrong[0].1 == ViewStep::Wrong);
        assert!(!check.ok());
        let right = run(&mut check, 2.1, 4.0, Some(0.1));
        assert_eq!(right.len(), 1, "{right:?}");
        assert!((right[0].0 - 2.6).abs() < 1e-6 && right[0].1 == ViewStep::Right);
        assert!(check.ok());
    }

    #[test]
    fn the_dead_band_and_unmeasurable_frames_change_nothing() {
        let mut check = ViewCheck::default();
        run(&mut check, 0.0, 2.0, Some(0.7));
        // Between 0.36 and 0.45 the view stays wrong, however long.
        assert!(run(&mut check, 2.1, 10.0, Some(0.4)).is_empty());
        assert!(run(&mut check, 10.1, 20.0, None).is_empty());
        assert!(!check.ok());
    }

    #[test]
    fn a_short_turn_is_forgiven() {
        let mut check = ViewCheck::default();
        assert!(run(&mut check, 0.0, 0.8, Some(0.7)).is_empty());
        assert!(run(&mut check, 0.9, 1.5, Some(0.1)).is_empty());
        assert!(run(&mut check, 1.6, 2.4, Some(0.7)).is_empty());
        assert!(check.ok());
    }
}
