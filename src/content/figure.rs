//! The `[figure]` of an exercise file: what the exercise looks like, as a stick figure of
//! its start and held positions seen side-on.
//!
//! Each position is a table of 2D joint points in torso lengths (x to the right, y up):
//! `nose`, `ear`, `shoulder`, `elbow`, `wrist`, `hip`, `knee`, `ankle`, `heel`, `toe` for
//! the side nearer the camera, and `far_<joint>` for the other side's limbs where they are
//! elsewhere (one knee hugged, the other leg long); a far joint not given is where the near
//! one is. The points become a [`Pose`] ([`FigurePose::pose`]) so the coach's own measures
//! can be read on the picture: `coach::figure` checks that the start position passes the
//! setup and the held position the hold phase, so a picture never contradicts the rules.
//! Here only its shape is checked (every joint given once, numbers finite), with every
//! problem reported like the rest of the file.

use super::check::Checker;
use crate::body::geometry::Point2;
use crate::body::{Landmark, LandmarkId, Pose, WorldLandmark, NUM_LANDMARKS};
use std::collections::BTreeMap;

/// The joints a position gives, with the landmark (left = near side) each stands for.
pub const JOINTS: [(&str, LandmarkId); 10] = [
    ("nose", LandmarkId::Nose),
    ("ear", LandmarkId::LeftEar),
    ("shoulder", LandmarkId::LeftShoulder),
    ("elbow", LandmarkId::LeftElbow),
    ("wrist", LandmarkId::LeftWrist),
    ("hip", LandmarkId::LeftHip),
    ("knee", LandmarkId::LeftKnee),
    ("ankle", LandmarkId::LeftAnkle),
    ("heel", LandmarkId::LeftHeel),
    ("toe", LandmarkId::LeftFootIndex),
];

/// Pixels per torso length in the pose a figure becomes.
const SCALE: f32 = 100.0;

/// One position: each landmark of the near (left) and far (right) side, in torso lengths,
/// y up.
#[derive(Debug, Clone, PartialEq)]
pub struct FigurePose {
    pub points: BTreeMap<LandmarkId, Point2>,
}

/// The start and held positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub start: FigurePose,
    pub held: FigurePose,
}

impl FigurePose {
    /// The point of a landmark, if the figure has it.
    pub fn point(&self, id: LandmarkId) -> Option<Point2> {
        self.points.get(&id).copied()
    }

    /// The position as a detected person would be: image pixels (y down), every landmark
    /// fully visible; eyes and mouth at the nose, the hand's points at the wrist.
    pub fn pose(&self) -> Pose {
        let at = |p: Point2| Landmark {
            x: p.x * SCALE,
            y: -p.y * SCALE,
            z: 0.0,
            visibility: 1.0,
            presence: 1.0,
        };
        let mut landmarks = [Landmark::default(); NUM_LANDMARKS];
        for id in LandmarkId::ALL {
            let stand_in = stand_in(id);
            if let Some(p) = self.point(id).or_else(|| self.point(stand_in)) {
                landmarks[id.index()] = at(p);
            }
        }
        Pose {
            landmarks,
            world: [WorldLandmark::default(); NUM_LANDMARKS],
            score: 1.0,
        }
    }
}

impl Figure {
    /// The position a share `t` of the way from start (0) to held (1), every joint moved
    /// in a straight line: the picker and the live panel show the movement with it.
    pub fn between(&self, t: f32) -> FigurePose {
        let t = t.clamp(0.0, 1.0);
        let mut points = self.start.points.clone();
        for (id, h) in &self.held.points {
            let s = self.start.point(*id).unwrap_or(*h);
            points.insert(
                *id,
                Point2::new(s.x + (h.x - s.x) * t, s.y + (h.y - s.y) * t),
            );
        }
        FigurePose { points }
    }

    /// Whether start and held differ (a still exercise, corpse pose, has nothing to show
    /// moving).
    pub fn moves(&self) -> bool {
        self.start.distance(&self.held) > 0.01
    }
}

impl FigurePose {
    /// The largest distance between the same joint of two positions, torso lengths (a
    /// joint one of them lacks counts as far apart).
    pub fn distance(&self, other: &Self) -> f32 {
        let mut ids: Vec<LandmarkId> = self.points.keys().copied().collect();
        ids.extend(other.points.keys().copied());
        ids.iter()
            .map(|id| match (self.point(*id), other.point(*id)) {
                (Some(a), Some(b)) => (a.x - b.x).hypot(a.y - b.y),
                _ => f32::INFINITY,
            })
            .fold(0.0, f32::max)
    }
}

/// The demonstration's timing, gentle: a rest at the start, an eased move to the held
/// position, a rest there, and back; one cycle lasts [`CYCLE_SECS`].
pub const CYCLE_SECS: f64 = 2.8;

/// Where a demonstration is at `time_secs`: 0 = start, 1 = held (smoothstep eased).
pub fn cycle_share(time_secs: f64) -> f32 {
    const REST: f64 = 0.45;
    let move_secs = CYCLE_SECS / 2.0 - REST;
    let t = time_secs.rem_euclid(CYCLE_SECS);
    let eased = |x: f64| {
        let x = x.clamp(0.0, 1.0);
        x * x * (3.0 - 2.0 * x)
    };
    let share = if t < REST {
        0.0
    } else if t < REST + move_secs {
        eased((t - REST) / move_secs)
    } else if t < 2.0 * REST + move_secs {
        1.0
    } else {
        1.0 - eased((t - 2.0 * REST - move_secs) / move_secs)
    };
    share as f32
}

/// The landmark a figure's point stands in for `id` when the figure has no point of its
/// own there: face points at the nose, hand points at the wrist.
fn stand_in(id: LandmarkId) -> LandmarkId {
    use LandmarkId as L;
    match id {
        L::LeftEyeInner
        | L::LeftEye
        | L::LeftEyeOuter
        | L::RightEyeInner
        | L::RightEye
        | L::RightEyeOuter
        | L::MouthLeft
        | L::MouthRight => L::Nose,
        L::LeftPinky | L::LeftIndex | L::LeftThumb => L::LeftWrist,
        L::RightPinky | L::RightIndex | L::RightThumb => L::RightWrist,
        other => other,
    }
}

impl Checker {
    /// The `[figure]` table: both positions, every joint given, numbers finite.
    pub(super) fn figure(&mut self, dto: &super::toml::FigureDto) -> Figure {
        Figure {
            start: self.figure_pose("figure.start", &dto.start),
            held: self.figure_pose("figure.held", &dto.held),
        }
    }

    fn figure_pose(&mut self, key: &str, table: &BTreeMap<String, [f32; 2]>) -> FigurePose {
        let mut points = BTreeMap::new();
        for (name, &[x, y]) in table {
            let (joint, far) = match name.strip_prefix("far_") {
                Some(j) => (j, true),
                None => (name.as_str(), false),
            };
            let Some(&(_, left)) = JOINTS.iter().find(|(n, _)| *n == joint) else {
                let names: Vec<&str> = JOINTS.iter().map(|(n, _)| *n).collect();
                self.err(
                    &format!("{key}.{name}"),
                    format!(
                        "not a joint of the figure: use {} (far_ before one for the other side)",
                        names.join(", ")
                    ),
                );
                continue;
            };
            if !(x.is_finite() && y.is_finite()) {
                self.err(&format!("{key}.{name}"), "must be two finite numbers");
                continue;
            }
            let p = Point2::new(x, y);
            if far {
                points.insert(left.mirrored(), p);
            } else {
                // The far side is where the near one is unless given (the table is read in
                // name order, so a far joint may already be there).
                points.insert(left, p);
                points.entry(left.mirrored()).or_insert(p);
            }
        }
        for (joint, _) in JOINTS {
            if !table.contains_key(joint) {
                self.err(
                    &format!("{key}.{joint}"),
                    "missing: give [x, y] in torso lengths",
                );
            }
        }
        FigurePose { points }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::LandmarkId as L;

    /// Bridge's file with its `[figure]` replaced by `figure`.
    fn bridge_with(figure: &str) -> (Option<crate::content::Exercise>, Vec<String>) {
        let text = include_str!("../../content/bridge.toml");
        let cut = text.find("[figure]").expect("bridge has a figure");
        let text = format!("{}{figure}", &text[..cut]);
        let (ex, problems) =
            super::super::load_exercise_str(std::path::Path::new("bridge.toml"), &text);
        (ex, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn the_demonstration_rests_moves_and_comes_back() {
        assert_eq!(cycle_share(0.0), 0.0);
        assert_eq!(cycle_share(0.3), 0.0);
        assert_eq!(cycle_share(CYCLE_SECS / 2.0), 1.0);
        let mid = cycle_share(0.45 + (CYCLE_SECS / 2.0 - 0.45) / 2.0);
        assert!((mid - 0.5).abs() < 1e-3, "{mid}");
        assert!(cycle_share(CYCLE_SECS * 0.9) < 1.0 && cycle_share(CYCLE_SECS * 0.9) > 0.0);
        assert_eq!(cycle_share(CYCLE_SECS * 3.0), 0.0);
        let catalog = crate::content::load_default().expect("content");
        let fig = catalog
            .get("bridge")
            .expect("bridge")
            .figure
            .clone()
            .expect("figure");
        assert!(fig.between(0.0).distance(&fig.start) < 1e-6);
        assert!(fig.between(1.0).distance(&fig.held) < 1e-6);
        let half = fig.between(0.5);
        let (s, h) = (fig.start.distance(&half), fig.held.distance(&half));
        assert!((s - h).abs() < 1e-4 && s > 0.1, "{s} {h}");
    }

    /// Issue 28 item 5: each exercise its own picture. No two built-in exercises draw the
    /// same pair of positions, and none's drawing is a part of another's (pelvic tilt drew
    /// the bridge's start position twice); every exercise but the still corpse pose moves.
    #[test]
    fn every_exercise_has_its_own_figure() {
        let catalog = crate::content::load_default().expect("content");
        let same = |a: &FigurePose, b: &FigurePose| a.distance(b) < 0.02;
        let figs: Vec<(&str, &Figure)> = catalog
            .exercises
            .iter()
            .map(|e| {
                (
                    e.id.as_str(),
                    e.figure.as_ref().expect("every built-in has a figure"),
                )
            })
            .collect();
        for (i, (a, fa)) in figs.iter().enumerate() {
            assert!(
                fa.moves() || *a == "corpse",
                "{a}: start and held are the same"
            );
            for (b, fb) in &figs[i + 1..] {
                let inside = |x: &Figure, y: &Figure| {
                    [&x.start, &x.held]
                        .iter()
                        .all(|p| same(p, &y.start) || same(p, &y.held))
                };
                assert!(
                    !inside(fa, fb) && !inside(fb, fa),
                    "{a} and {b} draw the same positions"
                );
            }
        }
    }

    #[test]
    fn every_shape_problem_of_a_figure_is_reported_at_once() {
        let (_, problems) = bridge_with(
            "[figure]\nstart = { nose = [0, 0], elbo = [1, 1], far_tail = [0, 0] }\nheld = {}\n",
        );
        let has =
            |key: &str, why: &str| problems.iter().any(|p| p.contains(key) && p.contains(why));
        assert!(
            has("figure.start.elbo", "not a joint of the figure"),
            "{problems:#?}"
        );
        assert!(
            has("figure.start.far_tail", "not a joint of the figure"),
            "{problems:#?}"
        );
        assert!(has("figure.start.knee", "missing"), "{problems:#?}");
        assert!(has("figure.held.nose", "missing"), "{problems:#?}");
        // 10 joints missing from held, 9 from start, 2 unknown names.
        assert_eq!(problems.len(), 21, "{problems:#?}");
    }

    #[test]
    fn far_joints_default_to_the_near_ones_and_the_pose_is_in_pixels_y_down() {
        let (ex, problems) = bridge_with(
            "[figure]\nstart = { nose = [0, 0], ear = [0, 0], shoulder = [-1, 0], elbow = [0, 0], wrist = [0, 0], hip = [0, 0], knee = [0.5, 0.5], far_knee = [1, 0], ankle = [1, 0], heel = [1, 0], toe = [1, 0] }\nheld = { nose = [0, 0], ear = [0, 0], shoulder = [-1, 0], elbow = [0, 0], wrist = [0, 0], hip = [0, 0], knee = [0.5, 0.5], ankle = [1, 0], heel = [1, 0], toe = [1, 0] }\n",
        );
        assert!(problems.is_empty(), "{problems:#?}");
        let fig = ex.and_then(|e| e.figure).expect("a figure");
        assert_eq!(fig.start.point(L::RightKnee), Some(Point2::new(1.0, 0.0)));
        assert_eq!(fig.held.point(L::RightKnee), Some(Point2::new(0.5, 0.5)));
        let pose = fig.start.pose();
        assert_eq!(pose.get(L::LeftKnee).point(), Point2::new(50.0, -50.0));
        assert_eq!(
            pose.get(L::LeftThumb).point(),
            pose.get(L::LeftWrist).point()
        );
    }
}
