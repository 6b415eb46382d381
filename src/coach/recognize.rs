//! Which exercise a single pose looks like.
//!
//! Each exercise file has a `[recognize]` block: conditions on its measures that describe
//! its characteristic position. A pose is scored against each: a condition inside its
//! range scores 1, and the score falls linearly to 0 over the soft edge (15° or 0.15
//! torso by default) outside it; an unknown measure scores 0.4 (hidden is not wrong, but
//! not evidence either). The exercise score is the geometric mean, so one clearly violated
//! condition rules an exercise out. Sided measures are tried with the left and with the
//! right side as the working one, because a photo can show either. The best score wins
//! when it reaches [`MIN_CONFIDENCE`]; otherwise the pose is none of them.

use super::rules::{Evaluator, MotionHistory, Sides};
use super::side::near_side;
use crate::content::{Exercise, Side, Unit};
use crate::pose::Pose;

/// Below this the pose is "none of the exercises".
pub const MIN_CONFIDENCE: f32 = 0.5;
const UNKNOWN_SCORE: f32 = 0.4;

/// The answer for one pose.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognition {
    /// The best exercise's id, if it scored at least [`MIN_CONFIDENCE`].
    pub best: Option<String>,
    /// Its score, 0..1 (also given when below the threshold).
    pub confidence: f32,
    /// Every exercise's score, best first.
    pub scores: Vec<(String, f32)>,
}

/// Scores `pose` against each exercise (e.g. `catalog.routine_exercises()`).
pub fn recognize(exercises: &[&Exercise], pose: &Pose) -> Recognition {
    let mut scores: Vec<(String, f32)> = exercises
        .iter()
        .map(|ex| (ex.id.clone(), score(ex, pose)))
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, confidence) = match scores.first() {
        Some((id, s)) if *s >= MIN_CONFIDENCE => (Some(id.clone()), *s),
        Some((_, s)) => (None, *s),
        None => (None, 0.0),
    };
    Recognition {
        best,
        confidence,
        scores,
    }
}

/// The exercise's recognition score for a pose, 0..1.
pub fn score(ex: &Exercise, pose: &Pose) -> f32 {
    let no_baselines = vec![None; ex.measures.len()];
    let no_motion = vec![MotionHistory::default(); ex.measures.len()];
    let near = near_side(pose, None, 0.0);
    [Side::Left, Side::Right]
        .into_iter()
        .map(|working| {
            let sides = Sides { near, working };
            let ev = Evaluator::new(ex, pose, sides, &no_baselines, &no_motion);
            let conds = &ex.recognize.when;
            if conds.is_empty() {
                return 0.0;
            }
            let mut log_sum = 0.0f32;
            for c in conds {
                let m = match ev.value(c.measure) {
                    None => UNKNOWN_SCORE,
                    Some(v) => {
                        let soft = match ex.measure(c.measure).map(|m| m.unit()) {
                            Some(Unit::Angle) => ex.recognize.soft_rad,
                            _ => ex.recognize.soft_torso,
                        };
                        (1.0 - c.distance_outside(v) / soft).clamp(0.0, 1.0)
                    }
                };
                log_sum += m.max(1e-6).ln();
            }
            let s = (log_sum / conds.len() as f32).exp();
            if s.is_finite() {
                s
            } else {
                0.0
            }
        })
        .fold(0.0, f32::max)
}
