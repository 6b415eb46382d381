//! The camera placement check: is the person placed so the coach can judge them?
//!
//! Before each exercise and while it runs, the window shows a short list of ticks, each
//! either right or saying what to change, in words: someone is in the picture; the whole
//! body is in frame (no part of it outside the picture, and no part the coach reports it
//! cannot see); side-on, when the exercise needs it; and the distance, as the share of the
//! picture the body spans along its longer side (a lying person spans the width, a standing
//! one the height); and, for a live camera, the frames it delivers a second (a camera slows
//! down in dim light, and below [`USABLE_FPS`] the coach misses quick movements).
//!
//! Nothing new is measured here: presence and the landmarks' positions come from the pose,
//! the side-on verdict from the coach's own view check ([`CoachView::view_prompt`], with its
//! hysteresis) once the exercise is coached, and before that from the same measure on the
//! single pose ([`looks_side_on`]); an unseen part is the coach's own "I can't see your …".
//! So the list never contradicts the coach's banner.

use crate::body::{LandmarkId, Pose};
use crate::coach::{looks_side_on, CoachView};
use crate::content::ViewNeed;
use crate::perf::CountWindow;
use crate::source::camera_mode::USABLE_FPS;

/// Below this share of the picture the person is told to come closer.
pub const MIN_SHARE: f32 = 0.45;
/// Above this share the person fills the picture: a little movement takes them out of it.
pub const MAX_SHARE: f32 = 0.97;

/// What one tick is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementItem {
    InPicture,
    WholeBody,
    SideOn,
    Distance,
    /// A live camera's delivered frames a second.
    FrameRate,
}

/// One tick: right or not, and its words (what is right, or what to change).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementCheck {
    pub item: PlacementItem,
    pub ok: bool,
    pub words: String,
}

/// The whole list, in the order it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub checks: Vec<PlacementCheck>,
}

impl Placement {
    /// Whether every tick is right.
    pub fn all_ok(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// The tick about `item`, if it was checked.
    pub fn get(&self, item: PlacementItem) -> Option<&PlacementCheck> {
        self.checks.iter().find(|c| c.item == item)
    }
}

/// The body parts that must be inside the picture, with their words.
const PARTS: [(&str, &[LandmarkId]); 5] = [
    ("head", &[LandmarkId::Nose]),
    (
        "shoulders",
        &[LandmarkId::LeftShoulder, LandmarkId::RightShoulder],
    ),
    ("hips", &[LandmarkId::LeftHip, LandmarkId::RightHip]),
    ("knees", &[LandmarkId::LeftKnee, LandmarkId::RightKnee]),
    ("feet", &[LandmarkId::LeftAnkle, LandmarkId::RightAnkle]),
];

/// Checks the placement of `pose` in a picture of `size` (width, height) pixels for an
/// exercise that needs `need`; `view` is the coach's view of that exercise, when it runs;
/// `camera_fps` the frames a live camera delivered a second, once measured
/// ([`DeliveredRate`]).
pub fn check(
    pose: Option<&Pose>,
    size: (u32, u32),
    need: ViewNeed,
    view: Option<&CoachView>,
    camera_fps: Option<f64>,
) -> Placement {
    let mut placement = check_person(pose, size, need, view);
    if let Some(fps) = camera_fps {
        placement.checks.push(frame_rate(fps));
    }
    placement
}

/// A live camera's rate: right from [`USABLE_FPS`] up.
fn frame_rate(fps: f64) -> PlacementCheck {
    let ok = fps >= f64::from(USABLE_FPS) - 0.5;
    PlacementCheck {
        item: PlacementItem::FrameRate,
        ok,
        words: if ok {
            format!("The camera delivers {fps:.0} frames a second.")
        } else {
            format!(
                "The camera delivers {fps:.0} frames a second — more light helps (cameras slow \
                 down in dim light), and quick movements may be missed."
            )
        },
    }
}

/// The frames a live camera delivered a second over the last [`RATE_WINDOW_SECS`], from the
/// capture count read now and then (once a UI frame).
#[derive(Debug, Clone)]
pub struct DeliveredRate {
    captured: CountWindow<1>,
}

/// The window the delivered rate is measured over; none is said before it is full.
pub const RATE_WINDOW_SECS: f64 = 3.0;

impl Default for DeliveredRate {
    fn default() -> Self {
        Self {
            captured: CountWindow::new(RATE_WINDOW_SECS),
        }
    }
}

impl DeliveredRate {
    /// Notes that `captured` frames had been captured at `t_secs` (a new pipeline counts
    /// from 0).
    pub fn push(&mut self, t_secs: f64, captured: u64) {
        self.captured.push(t_secs, [captured]);
    }

    /// Frames a second over the window, once it spans at least most of it.
    pub fn fps(&self) -> Option<f64> {
        let (secs, [frames]) = self.captured.growth()?;
        (secs >= RATE_WINDOW_SECS * 0.8).then(|| frames as f64 / secs)
    }

    pub fn clear(&mut self) {
        self.captured.clear();
    }
}

fn check_person(
    pose: Option<&Pose>,
    size: (u32, u32),
    need: ViewNeed,
    view: Option<&CoachView>,
) -> Placement {
    let present = pose.is_some() && view.is_none_or(|v| v.present);
    let Some(pose) = pose.filter(|_| present) else {
        return Placement {
            checks: vec![PlacementCheck {
                item: PlacementItem::InPicture,
                ok: false,
                words: "Nobody in the picture: get into position where the camera sees you.".into(),
            }],
        };
    };
    let mut checks = vec![
        PlacementCheck {
            item: PlacementItem::InPicture,
            ok: true,
            words: "You are in the picture.".into(),
        },
        whole_body(pose, size, view),
    ];
    if need == ViewNeed::Side {
        checks.push(side_on(pose, view));
    }
    checks.push(distance(pose, size));
    Placement { checks }
}

fn inside(pose: &Pose, id: LandmarkId, (w, h): (u32, u32)) -> bool {
    let l = pose.get(id);
    l.x >= 0.0 && l.y >= 0.0 && l.x < w as f32 && l.y < h as f32
}

fn whole_body(pose: &Pose, size: (u32, u32), view: Option<&CoachView>) -> PlacementCheck {
    let out: Vec<&str> = PARTS
        .iter()
        .filter(|(_, ids)| ids.iter().any(|&id| !inside(pose, id, size)))
        .map(|(words, _)| *words)
        .collect();
    let (ok, words) = if !out.is_empty() {
        let verb = if out.len() == 1 && out[0] == "head" {
            "is"
        } else {
            "are"
        };
        (
            false,
            format!(
                "Your {} {verb} outside the picture: move further from the camera, or turn it toward them.",
                join_words(&out)
            ),
        )
    } else if let Some(unseen) = view.and_then(|v| v.unknown.as_deref()) {
        (
            false,
            format!("{unseen} Move or turn so the camera has a clear view."),
        )
    } else {
        (true, "Whole body in frame.".to_owned())
    };
    PlacementCheck {
        item: PlacementItem::WholeBody,
        ok,
        words,
    }
}

fn side_on(pose: &Pose, view: Option<&CoachView>) -> PlacementCheck {
    let ok = match view {
        Some(v) => v.view_prompt.is_none(),
        None => looks_side_on(pose).unwrap_or(true),
    };
    PlacementCheck {
        item: PlacementItem::SideOn,
        ok,
        words: if ok {
            "Side-on to the camera.".into()
        } else {
            "Facing the camera: turn side-on, so your body crosses the picture.".into()
        },
    }
}

/// The share of the picture the body spans along its longer side, 0..1 (more when parts
/// are outside it).
pub fn share(pose: &Pose, (w, h): (u32, u32)) -> f32 {
    let points = PARTS
        .iter()
        .flat_map(|(_, ids)| ids.iter())
        .map(|&id| pose.get(id));
    let (mut x0, mut x1, mut y0, mut y1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
    for l in points {
        x0 = x0.min(l.x);
        x1 = x1.max(l.x);
        y0 = y0.min(l.y);
        y1 = y1.max(l.y);
    }
    ((x1 - x0) / w.max(1) as f32).max((y1 - y0) / h.max(1) as f32)
}

fn distance(pose: &Pose, size: (u32, u32)) -> PlacementCheck {
    let s = share(pose, size);
    let pct = (s * 100.0).round();
    let (ok, words) = if s < MIN_SHARE {
        (
            false,
            format!(
                "Far away: you span {pct:.0} % of the picture. Come closer, to about two thirds."
            ),
        )
    } else if s > MAX_SHARE {
        (
            false,
            "Too close: you fill the whole picture. Move back a little.".to_owned(),
        )
    } else {
        (
            true,
            format!("Distance good: you span {pct:.0} % of the picture."),
        )
    };
    PlacementCheck {
        item: PlacementItem::Distance,
        ok,
        words,
    }
}

/// "feet", "knees and feet", "hips, knees and feet".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{Landmark, WorldLandmark, NUM_LANDMARKS};

    const SIZE: (u32, u32) = (640, 360);

    /// A person lying across the picture from `x0` (head) to `x1` (feet) at height `y`;
    /// with `facing`, hips and shoulders wide apart as seen from the front.
    fn lying(x0: f32, x1: f32, y: f32, facing: bool) -> Pose {
        let at = |x: f32, y: f32| Landmark {
            x,
            y,
            z: 0.0,
            visibility: 1.0,
            presence: 1.0,
        };
        let along = |f: f32| x0 + (x1 - x0) * f;
        let spread = if facing { 40.0 } else { 2.0 };
        let mut landmarks = [at(along(0.3), y); NUM_LANDMARKS];
        for (id, f) in [
            (LandmarkId::Nose, 0.0),
            (LandmarkId::LeftShoulder, 0.2),
            (LandmarkId::LeftHip, 0.5),
            (LandmarkId::LeftKnee, 0.75),
            (LandmarkId::LeftAnkle, 1.0),
        ] {
            landmarks[id.index()] = at(along(f), y - spread);
            if id != LandmarkId::Nose {
                landmarks[id.mirrored().index()] = at(along(f), y + spread);
            }
        }
        Pose {
            landmarks,
            world: [WorldLandmark::default(); NUM_LANDMARKS],
            score: 1.0,
        }
    }

    #[test]
    fn a_person_well_placed_side_on_gets_every_tick() {
        let p = check(
            Some(&lying(100.0, 540.0, 250.0, false)),
            SIZE,
            ViewNeed::Side,
            None,
            None,
        );
        assert_eq!(p.checks.len(), 4, "{p:?}");
        assert!(p.all_ok(), "{p:?}");
        assert_eq!(
            p.get(PlacementItem::Distance).map(|c| c.words.as_str()),
            Some("Distance good: you span 69 % of the picture.")
        );
    }

    #[test]
    fn nobody_is_one_tick_that_says_so() {
        let p = check(None, SIZE, ViewNeed::Side, None, None);
        assert_eq!(p.checks.len(), 1);
        assert!(!p.all_ok());
        assert!(p.checks[0].words.starts_with("Nobody in the picture"));
    }

    #[test]
    fn feet_outside_the_picture_are_named_and_the_fix_given() {
        let p = check(
            Some(&lying(200.0, 700.0, 250.0, false)),
            SIZE,
            ViewNeed::Any,
            None,
            None,
        );
        let whole = p.get(PlacementItem::WholeBody).expect("checked");
        assert!(!whole.ok);
        assert_eq!(
            whole.words,
            "Your feet are outside the picture: move further from the camera, or turn it toward them."
        );
        // A view that needs nothing has no side-on tick.
        assert!(p.get(PlacementItem::SideOn).is_none());
    }

    #[test]
    fn far_away_and_facing_the_camera_say_what_to_change() {
        let p = check(
            Some(&lying(250.0, 400.0, 200.0, true)),
            SIZE,
            ViewNeed::Side,
            None,
            None,
        );
        let side = p.get(PlacementItem::SideOn).expect("checked");
        assert!(!side.ok && side.words.contains("turn side-on"), "{side:?}");
        let far = p.get(PlacementItem::Distance).expect("checked");
        assert!(!far.ok, "{far:?}");
        assert!(far.words.starts_with("Far away: you span 23 %"), "{far:?}");
    }

    #[test]
    fn the_coach_verdicts_win_once_it_runs() {
        use crate::coach::Coach;
        let catalog = crate::content::load_default().expect("built-in content");
        let ex = catalog.get("bridge").expect("bridge");
        let coach = Coach::new(ex);
        let mut view = coach.view();
        view.present = true;
        view.view_prompt = Some("Turn side-on to the camera.".into());
        view.unknown = Some("I can't see your knees.".into());
        // Side-on by the single pose, but the coach says otherwise: the coach wins.
        let p = check(
            Some(&lying(100.0, 540.0, 250.0, false)),
            SIZE,
            ViewNeed::Side,
            Some(&view),
            None,
        );
        assert!(!p.get(PlacementItem::SideOn).expect("checked").ok);
        assert_eq!(
            p.get(PlacementItem::WholeBody).map(|c| c.words.as_str()),
            Some("I can't see your knees. Move or turn so the camera has a clear view.")
        );
        view.present = false;
        let gone = check(
            Some(&lying(100.0, 540.0, 250.0, false)),
            SIZE,
            ViewNeed::Side,
            Some(&view),
            None,
        );
        assert_eq!(gone.checks.len(), 1);
    }

    #[test]
    fn a_slow_camera_is_named_with_the_fix() {
        let person = lying(100.0, 540.0, 250.0, false);
        let slow = check(Some(&person), SIZE, ViewNeed::Side, None, Some(9.2));
        let rate = slow.get(PlacementItem::FrameRate).expect("checked");
        assert!(!rate.ok);
        assert!(
            rate.words
                .starts_with("The camera delivers 9 frames a second — more light helps"),
            "{rate:?}"
        );
        let fine = check(Some(&person), SIZE, ViewNeed::Side, None, Some(29.7));
        assert!(fine.all_ok(), "{fine:?}");
        // A video or photos: no rate to judge.
        let video = check(Some(&person), SIZE, ViewNeed::Side, None, None);
        assert!(video.get(PlacementItem::FrameRate).is_none());
    }

    #[test]
    fn the_delivered_rate_is_said_once_measured_over_its_window() {
        let mut rate = DeliveredRate::default();
        // 9 frames a second, sampled at a UI's 60 Hz.
        for i in 0..60 {
            let t = f64::from(i) / 60.0;
            rate.push(t, (t * 9.0) as u64);
        }
        assert_eq!(rate.fps(), None, "one second is not enough to say");
        for i in 60..360 {
            let t = f64::from(i) / 60.0;
            rate.push(t, (t * 9.0) as u64);
        }
        let fps = rate.fps().expect("measured");
        assert!((fps - 9.0).abs() < 0.5, "{fps}");
        // A new pipeline counts from 0 again: the old samples go.
        rate.push(6.1, 0);
        assert_eq!(rate.fps(), None);
    }

    #[test]
    fn words_are_joined_as_people_write_them() {
        assert_eq!(join_words(&["feet"]), "feet");
        assert_eq!(join_words(&["knees", "feet"]), "knees and feet");
        assert_eq!(
            join_words(&["hips", "knees", "feet"]),
            "hips, knees and feet"
        );
    }
}
