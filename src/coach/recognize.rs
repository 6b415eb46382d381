//! Which exercise a single pose looks like.
//!
//! Each exercise file has a `[recognize]` block: conditions on its measures that describe
//! its characteristic position. A pose is scored against each: a condition inside its
//! range scores 1, and the score falls linearly to 0 over the soft edge (15° or 0.15
//! torso by default) outside it; an unknown measure scores 0.4 (hidden is not wrong, but
//! not evidence either). The exercise score is the geometric mean, so one clearly violated
//! condition rules an exercise out; the score is then scaled by the square root of the
//! share of conditions that could be measured, so a mostly hidden pose is never
//! confidently anything. Measures listed as `required` must be seen at all. Sided measures are tried with the left and with the
//! right side as the working one, because a photo can show either. The best score wins
//! when it reaches [`MIN_CONFIDENCE`]; otherwise the pose is none of them.

use super::rules::{Evaluator, MotionHistory, Sides};
use super::side::near_side;
use crate::body::Pose;
use crate::content::{Exercise, ExerciseId, Side, Unit};

/// Below this the pose is "none of the exercises".
pub const MIN_CONFIDENCE: f32 = 0.5;
const UNKNOWN_SCORE: f32 = 0.4;

/// The answer for one pose.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognition {
    /// The best exercise's id, if it scored at least [`MIN_CONFIDENCE`].
    pub best: Option<ExerciseId>,
    /// Its score, 0..1 (also given when below the threshold).
    pub confidence: f32,
    /// Every exercise's score, best first.
    pub scores: Vec<(ExerciseId, f32)>,
}

/// Scores `pose` against each exercise (e.g. `catalog.routine_exercises()`).
pub fn recognize(exercises: &[&Exercise], pose: &Pose) -> Recognition {
    let mut scores: Vec<(ExerciseId, f32)> = exercises
        .iter()
        .map(|ex| (ex.id.clone(), score(ex, pose)))
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    // A taught exercise (`over_built_ins`) wins only over a built-in that is recognised
    // itself: where the built-ins see none, so does recognition; on a tie the built-in wins.
    let taught = |id: &ExerciseId| {
        exercises
            .iter()
            .any(|ex| &ex.id == id && ex.recognize.over_built_ins)
    };
    let built_in_best = scores
        .iter()
        .filter(|(id, _)| !taught(id))
        .map(|&(_, s)| s)
        .fold(0.0f32, f32::max);
    let eligible = scores
        .iter()
        .find(|(id, s)| !taught(id) || (*s > built_in_best && built_in_best >= MIN_CONFIDENCE));
    let (best, confidence) = match eligible {
        Some((id, s)) if *s >= MIN_CONFIDENCE => (Some(id.clone()), *s),
        Some((_, s)) => (None, *s),
        None => (None, built_in_best),
    };
    Recognition {
        best,
        confidence,
        scores,
    }
}

/// The exercise's recognition score for a pose, 0..1.
pub fn score(ex: &Exercise, pose: &Pose) -> f32 {
    best_side(ex, pose).0
}

/// Each recognition condition's measure value (degrees or torso lengths) and score on
/// the best-scoring side, e.g. `hip=62.1(1.00)`: for tuning content and for debugging.
pub fn explain(ex: &Exercise, pose: &Pose) -> String {
    let (_, parts) = best_side(ex, pose);
    parts.join(" ")
}

fn best_side(ex: &Exercise, pose: &Pose) -> (f32, Vec<String>) {
    let no_baselines = vec![None; ex.measures.len()];
    let no_motion = vec![MotionHistory::default(); ex.measures.len()];
    let near = near_side(pose, None, 0.0);
    let mut best = (0.0f32, Vec::new());
    for working in [Side::Left, Side::Right] {
        let sides = Sides { near, working };
        let ev = Evaluator::new(ex, pose, sides, &no_baselines, &no_motion);
        let conds = &ex.recognize.when;
        if conds.is_empty() {
            continue;
        }
        if let Some(&missing) = ex
            .recognize
            .required
            .iter()
            .find(|&&m| ev.value(m).is_none())
        {
            let name = ex.measure(missing).map_or("?", |m| m.id.as_str());
            if best.1.is_empty() {
                best = (0.0, vec![format!("{name}=? (required)")]);
            }
            continue;
        }
        let mut log_sum = 0.0f32;
        let mut known = 0usize;
        let mut parts = Vec::new();
        for c in conds {
            let unit = ex.measure(c.measure).map(|m| m.unit());
            let value = ev.value(c.measure);
            let m = match value {
                None => UNKNOWN_SCORE,
                Some(v) => {
                    known += 1;
                    let soft = match unit {
                        Some(Unit::Angle) => ex.recognize.soft_rad,
                        _ => ex.recognize.soft_torso,
                    };
                    (1.0 - c.distance_outside(v) / soft).clamp(0.0, 1.0)
                }
            };
            log_sum += m.max(1e-6).ln();
            let name = ex.measure(c.measure).map_or("?", |m| m.id.as_str());
            let shown = match (value, unit) {
                (Some(v), Some(Unit::Angle)) => format!("{:.1}", v.to_degrees()),
                (Some(v), _) => format!("{v:.2}"),
                (None, _) => "?".to_owned(),
            };
            parts.push(format!("{name}={shown}({m:.2})"));
        }
        // Hidden measures are not evidence: scale by the share that could be measured.
        let known_share = known as f32 / conds.len() as f32;
        let s = (log_sum / conds.len() as f32).exp() * known_share.sqrt();
        let s = if s.is_finite() { s } else { 0.0 };
        if s > best.0 || best.1.is_empty() {
            best = (s, parts);
        }
    }
    best
}

/// Recognition over a stream, for an automatic mode: the exercise that has been the best
/// match for most of the last `window_secs`, once it is stable.
#[derive(Debug, Clone)]
pub struct AutoSelect {
    window_secs: f64,
    /// Share of the window the winner must hold (0..1).
    min_share: f32,
    recent: std::collections::VecDeque<(f64, Option<ExerciseId>)>,
    current: Option<ExerciseId>,
}

impl AutoSelect {
    pub fn new(window_secs: f32, min_share: f32) -> Self {
        Self {
            window_secs: f64::from(window_secs.max(0.1)),
            min_share: min_share.clamp(0.0, 1.0),
            recent: std::collections::VecDeque::new(),
            current: None,
        }
    }

    /// Feeds one frame; returns `Some(id)` when the stable choice changes (to an exercise
    /// id, or to `""` for none).
    pub fn update(
        &mut self,
        exercises: &[&Exercise],
        pose: Option<&Pose>,
        ts: crate::frame::Timestamp,
    ) -> Option<ExerciseId> {
        let now = ts.secs_f64();
        let best = pose.and_then(|p| recognize(exercises, p).best);
        self.recent.push_back((now, best));
        while let Some(&(t, _)) = self.recent.front() {
            if now - t > self.window_secs {
                self.recent.pop_front();
            } else {
                break;
            }
        }
        let span = self.recent.front().map_or(0.0, |(t, _)| now - t);
        if span < self.window_secs * 0.8 {
            return None;
        }
        let n = self.recent.len() as f32;
        let mut counts: Vec<(Option<ExerciseId>, usize)> = Vec::new();
        for (_, b) in &self.recent {
            match counts.iter_mut().find(|(id, _)| id == b) {
                Some((_, c)) => *c += 1,
                None => counts.push((b.clone(), 1)),
            }
        }
        let (winner, count) = counts.into_iter().max_by_key(|(_, c)| *c)?;
        if count as f32 / n < self.min_share || winner == self.current {
            return None;
        }
        self.current = winner.clone();
        Some(winner.unwrap_or_default())
    }

    /// The stable choice now.
    pub fn current(&self) -> Option<&str> {
        self.current.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Timestamp;

    /// A taught copy of the bridge (issue 27 item 4): it never wins where no built-in is
    /// recognised, and a built-in recognised as well as it wins the tie.
    #[test]
    fn a_taught_exercise_wins_only_over_a_recognised_built_in() {
        let catalog = crate::content::load_default().expect("the built-in content loads");
        let bridge = catalog.get("bridge").expect("bridge").clone();
        let cat = catalog.get("cat").expect("cat").clone();
        let mut taught = bridge.clone();
        taught.id = ExerciseId::from("my_bridge");
        taught.recognize.over_built_ins = true;
        let pose = bridge.figure.as_ref().expect("a figure").held.pose();
        assert!(score(&taught, &pose) >= MIN_CONFIDENCE);
        assert!(score(&cat, &pose) < MIN_CONFIDENCE);
        // Alone with a built-in that sees nothing here: none.
        let r = recognize(&[&taught, &cat], &pose);
        assert_eq!(r.best, None, "{:?}", r.scores);
        // Without the flag it would have won: the flag is what keeps it out.
        let mut plain = taught.clone();
        plain.recognize.over_built_ins = false;
        assert_eq!(
            recognize(&[&plain, &cat], &pose).best.as_deref(),
            Some("my_bridge")
        );
        // Beside the built-in bridge, which scores the same: the built-in.
        let r = recognize(&[&taught, &bridge, &cat], &pose);
        assert_eq!(r.best.as_deref(), Some("bridge"), "{:?}", r.scores);
    }

    #[test]
    fn auto_select_waits_for_a_stable_majority() {
        let mut auto = AutoSelect::new(1.0, 0.7);
        // No exercises: every frame is "none", which is where it starts: no change.
        let changes: Vec<ExerciseId> = (0..60)
            .filter_map(|i| auto.update(&[], None, Timestamp::from_millis(i * 33)))
            .collect();
        assert!(changes.is_empty());
        assert_eq!(auto.current(), None);
    }
}
