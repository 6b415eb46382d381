//! Measures and conditions on one pose: a measure is a number or `Unknown`, never a guess.
//!
//! A landmark below the exercise's `min_visibility` (or not finite) makes every measure
//! that needs it unknown, and a condition on an unknown measure is neither true nor
//! false. That is what keeps a hidden knee from producing a wrong count or a wrong
//! correction. Lengths are divided by the torso length so that thresholds do not depend
//! on the camera distance.

use super::own_range::share;
use crate::body::geometry::{angle_to_horizontal, angle_to_vertical, joint_angle, Point2};
use crate::body::{LandmarkId, Pose};
use crate::content::{
    AngleFrom, Baseline, Condition, Exercise, Measure, MeasureKind, PointRef, Side, SideChoice,
};
use std::collections::VecDeque;

/// Left or right, as chosen for one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sides {
    /// The side nearer the camera.
    pub near: Side,
    /// The working side (a single side: `Both` is resolved to the near one here).
    pub working: Side,
}

/// Position history of one `motion` measure.
#[derive(Debug, Clone, Default)]
pub(crate) struct MotionHistory {
    samples: VecDeque<(f64, Vec<Point2>)>,
    /// Until when the landmarks are still settling onto the view after a camera cut.
    settling_until: Option<f64>,
}

impl MotionHistory {
    pub fn push(&mut self, secs: f64, points: Option<Vec<Point2>>, window_secs: f32) {
        // A frame where a point is hidden adds no sample; the window keeps the others,
        // and the value turns unknown only when too little of the window is left.
        if let Some(p) = points {
            if self
                .samples
                .back()
                .is_some_and(|(_, prev)| camera_cut(prev, &p))
            {
                self.settling_until = Some(secs + CUT_SETTLE_SECS);
            }
            if self.settling_until.is_some_and(|until| secs <= until) {
                // A new camera angle: the body did not move, the picture did. The window
                // is kept full, as if the body had been where the new view shows it, so a
                // still pose stays measured across the cut instead of turning unknown; and
                // so it stays while the landmarks finish settling onto the new view.
                for (_, old) in &mut self.samples {
                    old.clone_from(&p);
                }
            }
            self.samples.push_back((secs, p));
        }
        while let Some(&(t, _)) = self.samples.front() {
            if secs - t > f64::from(window_secs) {
                self.samples.pop_front();
            } else {
                break;
            }
        }
    }

    /// Mean over points of the RMS distance from their window mean, in pixels; `None`
    /// until the window is at least half full.
    fn rms_px(&self, window_secs: f32) -> Option<f32> {
        let (first, last) = (self.samples.front()?, self.samples.back()?);
        if last.0 - first.0 < f64::from(window_secs) * 0.5 || self.samples.len() < 3 {
            return None;
        }
        let n_points = first.1.len();
        let mut total = 0.0f32;
        for i in 0..n_points {
            let pts: Vec<Point2> = self
                .samples
                .iter()
                .filter_map(|(_, p)| p.get(i).copied())
                .collect();
            let n = pts.len() as f32;
            if n == 0.0 {
                return None;
            }
            let mean = pts.iter().fold(Point2::default(), |a, &p| a + p) * (1.0 / n);
            let var = pts.iter().map(|&p| (p - mean).dot(p - mean)).sum::<f32>() / n;
            total += var.sqrt();
        }
        Some(total / n_points.max(1) as f32)
    }
}

/// Position histories of an exercise's `motion` measures, one per measure (the others'
/// stay empty). They are fed every frame, before anything is evaluated on it.
#[derive(Debug, Clone)]
pub(crate) struct Motion {
    histories: Vec<MotionHistory>,
}

impl Motion {
    pub fn new(n_measures: usize) -> Self {
        Self {
            histories: vec![MotionHistory::default(); n_measures],
        }
    }

    /// Per measure, its history (for the evaluator).
    pub fn histories(&self) -> &[MotionHistory] {
        &self.histories
    }

    /// One frame with a pose: each motion measure's points on this frame's sides.
    pub fn push(&mut self, ex: &Exercise, pose: &Pose, sides: Sides, now: f64) {
        let ev = Evaluator::new(ex, pose, sides, &[], &[]);
        for (i, (m, h)) in ex.measures.iter().zip(&mut self.histories).enumerate() {
            let MeasureKind::Motion { window_secs } = m.kind else {
                continue;
            };
            let side = ev.side_of(i);
            let pts: Option<Vec<_>> = m.points.iter().map(|&p| ev.point(p, side)).collect();
            h.push(now, pts, window_secs);
        }
    }

    /// One frame without anyone: the windows move on.
    pub fn push_absent(&mut self, ex: &Exercise, now: f64) {
        for (h, m) in self.histories.iter_mut().zip(&ex.measures) {
            if let MeasureKind::Motion { window_secs } = m.kind {
                h.push(now, None, window_secs);
            }
        }
    }
}

/// How far (in body sizes) nearly every point must jump between two samples to be a cut.
const CUT_JUMP: f32 = 0.7;

/// How long after a camera cut the landmarks are still moving onto the new view: the jump
/// is seen on the cut's first frame, but the tracker's crop and the One Euro smoothing take
/// a few more frames to arrive (real clip corpse_01, side → oblique at 6.5 s: the trunk's
/// incline goes 8° → 10° → 15° → 16° over 0.13 s, then holds within 0.3°). Read as
/// movement, that glide filled the stillness window past its limit and stopped a still
/// hold half a second after the cut.
const CUT_SETTLE_SECS: f64 = 0.3;

/// Whether two consecutive samples of the same points show a camera cut rather than
/// movement: all points but at most two jump by more than [`CUT_JUMP`] times the body's
/// size (the points' RMS distance from their centre). Nobody moves like that in one frame:
/// on the real clips, movement gives at most 0.57 even at 3 fps, and the cuts of an edited
/// video (corpse_01: side → oblique → side) 0.8–1.1. Without it a cut reads as a window of
/// fidgeting, and a still pose held across the cuts keeps being interrupted.
fn camera_cut(prev: &[Point2], cur: &[Point2]) -> bool {
    let n = cur.len();
    if n < 5 || prev.len() != n {
        return false;
    }
    let centre = cur.iter().fold(Point2::default(), |a, &p| a + p) * (1.0 / n as f32);
    let spread = (cur
        .iter()
        .map(|&p| (p - centre).dot(p - centre))
        .sum::<f32>()
        / n as f32)
        .sqrt();
    let mut jumps: Vec<f32> = prev.iter().zip(cur).map(|(a, b)| a.distance(*b)).collect();
    jumps.sort_by(f32::total_cmp);
    spread > 0.0 && jumps.get(2).is_some_and(|&d| d > CUT_JUMP * spread)
}

/// Evaluates an exercise's measures on one pose.
pub(crate) struct Evaluator<'a> {
    pub exercise: &'a Exercise,
    pub pose: &'a Pose,
    pub sides: Sides,
    pub torso_px: Option<f32>,
    /// Landmarks below this visibility are hidden (the exercise's, unless relaxed).
    pub min_visibility: f32,
    pub baselines: &'a [Option<f32>],
    pub motion: &'a [MotionHistory],
    /// The person's own range per measure (`own_range.rs`); empty = none known, and every
    /// share condition is false.
    pub ranges: &'a [Option<(f32, f32)>],
}

impl<'a> Evaluator<'a> {
    pub fn new(
        exercise: &'a Exercise,
        pose: &'a Pose,
        sides: Sides,
        baselines: &'a [Option<f32>],
        motion: &'a [MotionHistory],
    ) -> Self {
        let mut ev = Self {
            exercise,
            pose,
            sides,
            torso_px: None,
            min_visibility: exercise.tuning.min_visibility,
            baselines,
            motion,
            ranges: &[],
        };
        ev.torso_px = torso_px(pose, ev.min_visibility);
        ev
    }

    /// The same evaluator with another visibility threshold.
    pub fn with_min_visibility(mut self, min_visibility: f32) -> Self {
        self.min_visibility = min_visibility;
        self.torso_px = torso_px(self.pose, min_visibility);
        self
    }

    /// The same evaluator judging share conditions by these own ranges.
    pub fn with_ranges(mut self, ranges: &'a [Option<(f32, f32)>]) -> Self {
        self.ranges = ranges;
        self
    }

    fn visible(&self, id: LandmarkId) -> Option<Point2> {
        landmark(self.pose, id, self.min_visibility)
    }

    /// The concrete landmark(s) behind a point reference on `side`.
    pub fn point(&self, p: PointRef, side: Side) -> Option<Point2> {
        match p {
            PointRef::Fixed(id) => self.visible(id),
            PointRef::Sided(left) => self.visible(on_side(left, side)),
            PointRef::Mid(left) => mid(self.pose, left, self.min_visibility),
        }
    }

    pub fn side_for(&self, choice: SideChoice) -> Side {
        match choice {
            SideChoice::Near | SideChoice::Min | SideChoice::Max => self.sides.near,
            SideChoice::Working => self.sides.working,
            SideChoice::Other => self.sides.working.opposite(),
            SideChoice::Left => Side::Left,
            SideChoice::Right => Side::Right,
        }
    }

    /// The side measure `index` is read on this frame: its [`SideChoice`]; for `min` and
    /// `max` the side where its value (before any baseline) is the smaller or the larger,
    /// the seen one when the other is hidden, the near one when both are.
    pub fn side_of(&self, index: usize) -> Side {
        let Some(m) = self.exercise.measure(index) else {
            return self.sides.near;
        };
        let larger = match m.side {
            SideChoice::Min => false,
            SideChoice::Max => true,
            other => return self.side_for(other),
        };
        let l = self.raw_value(index, m, Side::Left);
        let r = self.raw_value(index, m, Side::Right);
        match (l, r) {
            (Some(l), Some(r)) if (r > l) == larger && r != l => Side::Right,
            (Some(_), _) => Side::Left,
            (None, Some(_)) => Side::Right,
            (None, None) => self.sides.near,
        }
    }

    /// The measure's value on its own side, in internal units (radians, torso lengths).
    pub fn value(&self, index: usize) -> Option<f32> {
        self.value_on(index, self.side_of(index))
    }

    /// The measure's value on a given side.
    pub fn value_on(&self, index: usize, side: Side) -> Option<f32> {
        let m = self.exercise.measure(index)?;
        let raw = self.raw_value(index, m, side)?;
        let v = match m.baseline {
            Baseline::None => raw,
            Baseline::Setup | Baseline::Start => raw - (*self.baselines.get(index)?)?,
        };
        v.is_finite().then_some(v)
    }

    /// The measure's value before any baseline is subtracted.
    pub fn raw_value(&self, index: usize, m: &Measure, side: Side) -> Option<f32> {
        if let MeasureKind::Motion { window_secs } = m.kind {
            let torso = self.torso_px?;
            return Some(self.motion.get(index)?.rms_px(window_secs)? / torso);
        }
        let p = |i: usize| -> Option<Point2> { self.point(*m.points.get(i)?, side) };
        match m.kind {
            MeasureKind::Angle => Some(joint_angle(p(0)?, p(1)?, p(2)?)?.radians()),
            MeasureKind::Incline { to_vertical } => {
                let (a, b) = (p(0)?, p(1)?);
                let angle = if to_vertical {
                    angle_to_vertical(a, b)
                } else {
                    angle_to_horizontal(a, b)
                };
                Some(angle?.radians())
            }
            MeasureKind::BodyAngle { from } => {
                let (a, b) = (p(0)?, p(1)?);
                let axis = match from {
                    // Image y grows downward.
                    AngleFrom::Up => Point2::new(0.0, -1.0),
                    AngleFrom::Head | AngleFrom::Feet => {
                        let shoulder = self.point(PointRef::Mid(LandmarkId::LeftShoulder), side)?;
                        let hip = self.point(PointRef::Mid(LandmarkId::LeftHip), side)?;
                        if from == AngleFrom::Feet {
                            hip - shoulder
                        } else {
                            shoulder - hip
                        }
                    }
                };
                let front = self.front_sign(axis)?;
                let v = b - a;
                let theta = cross(axis, v).atan2(axis.dot(v));
                Some(theta * front)
            }
            MeasureKind::Distance => Some(p(0)?.distance(p(1)?) / self.torso_px?),
            MeasureKind::Height => Some((p(1)?.y - p(0)?.y) / self.torso_px?),
            MeasureKind::LineOffset => {
                let (a, b, c) = (p(0)?, p(1)?, p(2)?);
                let d = c - a;
                let len = d.length();
                if len.is_nan() || len <= f32::EPSILON {
                    return None;
                }
                let mut n = Point2::new(-d.y / len, d.x / len);
                if n.y > 0.0 {
                    n = n * -1.0;
                }
                Some((b - a).dot(n) / self.torso_px?)
            }
            MeasureKind::Motion { .. } => None,
        }
    }

    /// +1 when the front of the body (where the nose points) is on the positive-cross side
    /// of `axis`, −1 otherwise; unknown without a visible nose, ear and shoulder.
    ///
    /// The face looks at right angles to the neck, so the front is taken as the side of
    /// the shoulder→ear line the nose is on; that stays clear when the head is thrown
    /// back, where nose−ear alone runs along the body axis and its side flickers.
    fn front_sign(&self, axis: Point2) -> Option<f32> {
        let nose = self.visible(LandmarkId::Nose)?;
        let ear = match (
            self.visible(LandmarkId::LeftEar),
            self.visible(LandmarkId::RightEar),
        ) {
            (Some(l), Some(r)) => l.midpoint(r),
            (Some(e), None) | (None, Some(e)) => e,
            (None, None) => return None,
        };
        let shoulder = mid(self.pose, LandmarkId::LeftShoulder, self.min_visibility)?;
        let neck = ear - shoulder;
        let mut front = Point2::new(-neck.y, neck.x);
        if front.dot(nose - ear) < 0.0 {
            front = front * -1.0;
        }
        let c = cross(axis, front);
        if c.abs() < f32::EPSILON || !c.is_finite() {
            return None;
        }
        Some(c.signum())
    }

    /// Whether a condition holds: `None` when its measure is unknown.
    /// A share condition (`Condition::share`) holds on the value's place in the person's
    /// own range, and not at all while that range is unknown or too small.
    pub fn holds(&self, c: &Condition, widened: bool) -> Option<bool> {
        let v = self.value(c.measure)?;
        if !c.share {
            return Some(c.holds(v, widened));
        }
        let range = self.ranges.get(c.measure).copied().flatten();
        Some(
            range
                .and_then(|r| share(v, r))
                .is_some_and(|s| c.holds(s, widened)),
        )
    }

    /// All conditions: `Some(false)` if any is known false, `None` if none is false but
    /// some are unknown, `Some(true)` if all hold.
    pub fn all_hold(&self, conds: &[Condition], widened: bool) -> Option<bool> {
        let mut unknown = false;
        for c in conds {
            match self.holds(c, widened) {
                Some(false) => return Some(false),
                None => unknown = true,
                Some(true) => {}
            }
        }
        if unknown {
            None
        } else {
            Some(true)
        }
    }

    /// Body part words for the hidden landmarks of a measure ("knees"), or its label when
    /// the landmarks are seen but the value is still unknown (e.g. no baseline yet).
    pub fn missing_parts(&self, index: usize) -> Option<String> {
        let m = self.exercise.measure(index)?;
        let side = self.side_of(index);
        let mut words: Vec<&str> = Vec::new();
        for p in &m.points {
            if self.point(*p, side).is_none() {
                let id = match *p {
                    PointRef::Fixed(id) | PointRef::Sided(id) | PointRef::Mid(id) => id,
                };
                let w = crate::content::body_part(id);
                if !words.contains(&w) {
                    words.push(w);
                }
            }
        }
        Some(match words.as_slice() {
            [] => m.label.clone(),
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        })
    }

    /// The landmarks a measure reads on its side (for colouring the skeleton).
    pub fn landmarks_of(&self, index: usize) -> Vec<LandmarkId> {
        let Some(m) = self.exercise.measure(index) else {
            return Vec::new();
        };
        let side = self.side_of(index);
        let mut out = Vec::new();
        for p in &m.points {
            match *p {
                PointRef::Fixed(id) => out.push(id),
                PointRef::Sided(left) => out.push(on_side(left, side)),
                PointRef::Mid(left) => {
                    out.push(left);
                    out.push(left.mirrored());
                }
            }
        }
        out
    }
}

fn cross(a: Point2, b: Point2) -> f32 {
    a.x * b.y - a.y * b.x
}

/// The left landmark `left` moved to `side`.
pub(crate) fn on_side(left: LandmarkId, side: Side) -> LandmarkId {
    match side {
        Side::Right => left.mirrored(),
        Side::Left | Side::Both => left,
    }
}

/// A landmark's position if it is visible enough and finite.
pub(crate) fn landmark(pose: &Pose, id: LandmarkId, min_visibility: f32) -> Option<Point2> {
    let l = pose.landmarks.get(id.index())?;
    let p = l.point();
    (l.visibility >= min_visibility && l.visibility.is_finite() && p.is_finite()).then_some(p)
}

/// Midpoint of a left landmark and its mirror; one of them when only one is visible.
pub(crate) fn mid(pose: &Pose, left: LandmarkId, min_visibility: f32) -> Option<Point2> {
    match (
        landmark(pose, left, min_visibility),
        landmark(pose, left.mirrored(), min_visibility),
    ) {
        (Some(a), Some(b)) => Some(a.midpoint(b)),
        (Some(a), None) | (None, Some(a)) => Some(a),
        (None, None) => None,
    }
}

/// Every landmark the coach reads positions of while coaching `exercise`, sorted by index:
/// the points of its measures (a sided or midpoint reference on both sides, since either
/// side may be chosen), the torso (shoulders and hips: the length every distance is divided
/// by, and the camera view check) and, for a body angle, the face that tells the front of
/// the body (nose and ears). Visibility alone (which side faces the camera) is not a
/// position. The adaptive pose rate is paced by these ([`crate::pose::PoseEstimator::pace_by`]).
pub fn landmarks_read(exercise: &Exercise) -> Vec<LandmarkId> {
    use LandmarkId::{LeftEar, LeftHip, LeftShoulder, Nose};
    let mut read = [false; crate::body::NUM_LANDMARKS];
    let mut mark = |id: LandmarkId, both_sides: bool| {
        for id in [id, if both_sides { id.mirrored() } else { id }] {
            if let Some(r) = read.get_mut(id.index()) {
                *r = true;
            }
        }
    };
    mark(LeftShoulder, true);
    mark(LeftHip, true);
    for m in &exercise.measures {
        for p in &m.points {
            match *p {
                PointRef::Fixed(id) => mark(id, false),
                PointRef::Sided(id) | PointRef::Mid(id) => mark(id, true),
            }
        }
        if matches!(m.kind, MeasureKind::BodyAngle { .. }) {
            mark(Nose, false);
            mark(LeftEar, true);
        }
    }
    LandmarkId::ALL
        .into_iter()
        .filter(|id| read.get(id.index()).copied().unwrap_or(false))
        .collect()
}

/// Mid-shoulder to mid-hip in pixels, when both are seen and the length is usable.
pub(crate) fn torso_px(pose: &Pose, min_visibility: f32) -> Option<f32> {
    let s = mid(pose, LandmarkId::LeftShoulder, min_visibility)?;
    let h = mid(pose, LandmarkId::LeftHip, min_visibility)?;
    let t = s.distance(h);
    (t.is_finite() && t > 1.0).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{Landmark, WorldLandmark, NUM_LANDMARKS};

    /// A prone person facing right (+x) with the trunk raised `trunk_deg` and the
    /// shoulder→ear line at `neck_deg` above the image horizontal (toward the face).
    fn raised_pose(trunk_deg: f32, neck_deg: f32) -> Pose {
        let at = |x: f32, y: f32| Landmark {
            x,
            y,
            z: 0.0,
            visibility: 1.0,
            presence: 1.0,
        };
        let (t, n) = (trunk_deg.to_radians(), neck_deg.to_radians());
        // Image y grows downward; torso length 100 px, neck 40 px.
        let hip = (300.0, 400.0);
        let shoulder = (hip.0 + 100.0 * t.cos(), hip.1 - 100.0 * t.sin());
        let ear = (shoulder.0 + 40.0 * n.cos(), shoulder.1 - 40.0 * n.sin());
        // The face looks at right angles to the neck, forward.
        let face = n - std::f32::consts::FRAC_PI_2;
        let nose = (ear.0 + 15.0 * face.cos(), ear.1 - 15.0 * face.sin());
        let mut landmarks = [at(0.0, 0.0); NUM_LANDMARKS];
        for (id, p) in [
            (LandmarkId::LeftHip, hip),
            (LandmarkId::RightHip, hip),
            (LandmarkId::LeftShoulder, shoulder),
            (LandmarkId::RightShoulder, shoulder),
            (LandmarkId::LeftEar, ear),
            (LandmarkId::RightEar, ear),
            (LandmarkId::Nose, nose),
        ] {
            landmarks[id.index()] = at(p.0, p.1);
        }
        Pose {
            landmarks,
            world: [WorldLandmark::default(); NUM_LANDMARKS],
            score: 1.0,
        }
    }

    /// The head measured from the trunk and from straight up, in degrees.
    fn neck_readings(pose: &Pose) -> (f32, f32) {
        let text = r#"
id = "t"
name = "T"
summary = "s"
instructions = ["i"]
view = "any"
cycle = ["up"]
[dose]
hold_secs = 1.0
text = "t"
[measures]
neck = { kind = "body_angle", points = ["shoulder", "ear"] }
head_back = { kind = "body_angle", points = ["shoulder", "ear"], from = "up" }
[setup]
prompt = "p"
when = [{ measure = "neck", min_deg = -180 }]
[[phase]]
id = "up"
cue = "c"
when = [{ measure = "neck", min_deg = -180 }]
[recognize]
when = [{ measure = "neck", min_deg = -180 }]
"#;
        let (ex, problems) =
            crate::content::load_exercise_str(std::path::Path::new("t.toml"), text);
        let ex = ex.unwrap_or_else(|| panic!("{problems:?}"));
        let sides = Sides {
            near: Side::Left,
            working: Side::Left,
        };
        let ev = Evaluator::new(&ex, pose, sides, &[None, None], &[]);
        let deg = |id: &str| {
            ex.measures
                .iter()
                .position(|m| m.id == id)
                .and_then(|i| ev.value(i))
                .map_or(f32::NAN, f32::to_degrees)
        };
        (deg("neck"), deg("head_back"))
    }

    /// Five points of a lying body, 100 px apart, shifted by `dx`, with the last point
    /// (a hand) `wave` px off.
    fn body_points(dx: f32, wave: f32) -> Vec<Point2> {
        (0..5)
            .map(|i| {
                Point2::new(
                    dx + 100.0 * i as f32,
                    300.0 + if i == 4 { wave } else { 0.0 },
                )
            })
            .collect()
    }

    #[test]
    fn a_camera_cut_is_not_movement() {
        let mut m = MotionHistory::default();
        // Still for 2 s at 30 fps, then the picture jumps (a new camera angle): still at once.
        for i in 0..60 {
            m.push(f64::from(i) / 30.0, Some(body_points(0.0, 0.0)), 1.5);
        }
        m.push(2.0, Some(body_points(250.0, 0.0)), 1.5);
        assert!(
            m.rms_px(1.5).is_some_and(|v| v < 1e-3),
            "{:?}",
            m.rms_px(1.5)
        );
        // A hand waving 150 px is movement, not a cut.
        let mut m = MotionHistory::default();
        for i in 0..60 {
            let wave = if i % 2 == 0 { 0.0 } else { 150.0 };
            m.push(f64::from(i) / 30.0, Some(body_points(0.0, wave)), 1.5);
        }
        assert!(
            m.rms_px(1.5).is_some_and(|v| v > 10.0),
            "{:?}",
            m.rms_px(1.5)
        );
        // The whole body sliding a little each frame (lying down) is movement too.
        let mut m = MotionHistory::default();
        for i in 0..60 {
            m.push(
                f64::from(i) / 30.0,
                Some(body_points(8.0 * i as f32, 0.0)),
                1.5,
            );
        }
        assert!(
            m.rms_px(1.5).is_some_and(|v| v > 10.0),
            "{:?}",
            m.rms_px(1.5)
        );
    }

    #[test]
    fn the_landmarks_settling_after_a_cut_are_not_movement() {
        // Still, then a cut whose jump lands 40 px short and glides the rest over four
        // frames (the tracker and the smoothing catching up), then still again.
        let mut m = MotionHistory::default();
        for i in 0..60 {
            m.push(f64::from(i) / 30.0, Some(body_points(0.0, 0.0)), 1.5);
        }
        for (k, dx) in [210.0, 225.0, 240.0, 248.0, 250.0].into_iter().enumerate() {
            m.push(2.0 + k as f64 / 30.0, Some(body_points(dx, 0.0)), 1.5);
        }
        for i in 5..30 {
            m.push(
                2.0 + f64::from(i) / 30.0,
                Some(body_points(250.0, 0.0)),
                1.5,
            );
        }
        // Without the settling time the glide reads 19 px of movement.
        assert!(
            m.rms_px(1.5).is_some_and(|v| v < 1e-3),
            "{:?}",
            m.rms_px(1.5)
        );
        // Movement once the view has settled is movement again.
        for i in 30..45 {
            let wave = if i % 2 == 0 { 0.0 } else { 150.0 };
            m.push(
                2.0 + f64::from(i) / 30.0,
                Some(body_points(250.0, wave)),
                1.5,
            );
        }
        assert!(
            m.rms_px(1.5).is_some_and(|v| v > 10.0),
            "{:?}",
            m.rms_px(1.5)
        );
    }

    #[test]
    fn head_from_up_tells_a_raised_trunk_from_a_head_thrown_back() {
        // High cobra, head level (ear straight above the shoulder): bent back 38° from the
        // trunk, but 0° from the vertical.
        let (from_trunk, from_up) = neck_readings(&raised_pose(52.0, 90.0));
        assert!((from_trunk + 38.0).abs() < 0.5, "{from_trunk}");
        assert!(from_up.abs() < 0.5, "{from_up}");
        // Low cobra, head in line with the trunk: ear well in front of the vertical.
        let (from_trunk, from_up) = neck_readings(&raised_pose(25.0, 25.0));
        assert!(from_trunk.abs() < 0.5, "{from_trunk}");
        assert!((from_up - 65.0).abs() < 0.5, "{from_up}");
        // Head thrown back: the ear 35° behind the vertical through the shoulder.
        let (_, from_up) = neck_readings(&raised_pose(45.0, 125.0));
        assert!((from_up + 35.0).abs() < 0.5, "{from_up}");
    }
}
