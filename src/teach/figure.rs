//! The taught exercise's `[figure]`: what it looks like, drawn in the picker as the
//! built-in exercises are.
//!
//! A content figure is a start and a held position as joint points in torso lengths, x to
//! the right, y up, the side nearer the camera given as `nose`, `ear`, … `toe` and the
//! other side's limbs as `far_<joint>` (`content::figure`). A demonstration has them: the
//! pose the model saw nearest the middle of each still position ([`pose_at`]), scaled by
//! its own torso length ([`figure_of`]) and moved so the near hip is at 0, as the built-in
//! figures are drawn (a demonstration that is all hold shows its held position twice). A
//! far joint the model barely saw (hidden behind the body) is left where the near one is.
//!
//! The coach reads a figure with its near side on the left landmarks, so which of the
//! demonstration's sides becomes the figure's near side matters: first the side the file
//! reads its measures on (the counting reading's side, or the working side), then the
//! other. Each is checked as the picker checks it (`coach::figure_problems`: the start
//! passes the setup, the held position the hold phase, no correction set off), and the
//! first that agrees is written. When neither does, the file says so instead, and the
//! picker shows no drawing: a picture that contradicts the rules is never written.

use super::candidates::Reading;
use super::{Position, Taught};
use crate::body::geometry::Point2;
use crate::body::{LandmarkId, Pose};
use crate::content::{self, FigurePose, Side, FIGURE_JOINTS};
use crate::frame::Timestamp;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Least visibility of a far landmark drawn where the model saw it.
const MIN_VISIBILITY: f32 = 0.3;

/// The pose seen nearest the middle of `p`.
pub fn pose_at<'f>(frames: &'f [(Timestamp, Option<Pose>)], p: &Position) -> Option<&'f Pose> {
    let mid = (p.from_s + p.to_s) / 2.0;
    frames
        .iter()
        .filter_map(|(t, pose)| Some((t.secs_f64(), pose.as_ref()?)))
        .filter(|(t, _)| (p.from_s..=p.to_s).contains(t))
        .min_by(|a, b| (a.0 - mid).abs().total_cmp(&(b.0 - mid).abs()))
        .map(|(_, pose)| pose)
}

/// A detected pose as a figure: torso lengths, y up, where the camera saw it; `near_left`
/// says which side is the near one (drawn in front), `None` the side seen better.
pub fn figure_of(pose: &Pose, near_left: Option<bool>) -> Option<FigurePose> {
    let mid = |a: LandmarkId, b: LandmarkId| {
        let (a, b) = (pose.get(a), pose.get(b));
        Point2::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0)
    };
    let shoulders = mid(LandmarkId::LeftShoulder, LandmarkId::RightShoulder);
    let hips = mid(LandmarkId::LeftHip, LandmarkId::RightHip);
    let torso = (shoulders - hips).length();
    if torso < 1.0 {
        return None;
    }
    let near_is_left = near_left.unwrap_or_else(|| near_is_left(pose));
    let mut points = BTreeMap::new();
    for (_, id) in FIGURE_JOINTS {
        let (near, far) = if near_is_left {
            (id, id.mirrored())
        } else {
            (id.mirrored(), id)
        };
        for (slot, from) in [(id, near), (id.mirrored(), far)] {
            let l = pose.get(from);
            if l.visibility >= MIN_VISIBILITY || slot == id {
                points.insert(slot, Point2::new(l.x / torso, -l.y / torso));
            }
        }
    }
    let nose = pose.get(LandmarkId::Nose);
    points.insert(
        LandmarkId::Nose,
        Point2::new(nose.x / torso, -nose.y / torso),
    );
    Some(FigurePose { points })
}

/// `toml` with a `[figure]` of the demonstration's two positions that agrees with its
/// rules, or a comment saying why there is none.
pub(super) fn with_figure(
    toml: String,
    frames: &[(Timestamp, Option<Pose>)],
    t: &Taught,
) -> String {
    let held = pose_at(frames, &t.held);
    let start = match &t.start {
        Some(s) => pose_at(frames, s),
        None => held,
    };
    let (Some(start), Some(held)) = (start, held) else {
        return format!("{toml}\n# No [figure]: no pose was seen in the two positions.\n");
    };
    let read_left = match read_side(t) {
        Some(Side::Right) => false,
        Some(_) => true,
        None => near_is_left(held),
    };
    let mut why = String::new();
    for near_left in [read_left, !read_left] {
        let (Some(s), Some(h)) = (
            figure_of(start, Some(near_left)),
            figure_of(held, Some(near_left)),
        ) else {
            continue;
        };
        let text = format!("{toml}\n{}", table(&s, &h));
        match problems(&t.request.id, &text) {
            None => return text,
            Some(p) if why.is_empty() => why = p,
            Some(_) => {}
        }
    }
    format!("{toml}\n# No [figure]: the poses seen do not pass these rules ({why}).\n")
}

/// The side the file reads sided measures on: the counting reading's side, or the side
/// that moved.
fn read_side(t: &Taught) -> Option<Side> {
    match t.counting.map(|c| c.column.reading) {
        Some(Reading::Left) => Some(Side::Left),
        Some(Reading::Right) => Some(Side::Right),
        _ => t.working,
    }
}

/// Whether the left side was seen better (its joints' visibilities add up to more).
fn near_is_left(pose: &Pose) -> bool {
    let seen = |left: bool| -> f32 {
        FIGURE_JOINTS
            .iter()
            .map(|(_, id)| pose.get(if left { *id } else { id.mirrored() }).visibility)
            .sum()
    };
    seen(true) >= seen(false)
}

/// The first way the file's figure contradicts its rules, `None` when it agrees.
fn problems(id: &str, text: &str) -> Option<String> {
    let file = format!("{id}.toml");
    let (ex, loaded) = content::load_exercise_str(Path::new(&file), text);
    if let Some(p) = loaded.first() {
        return Some(p.to_string());
    }
    let ex = ex?;
    let found = crate::coach::figure_problems(&ex, Path::new(""));
    found.first().map(|p| format!("{}: {}", p.key, p.why))
}

/// The `[figure]` table: each position with its near hip at 0, two decimals.
fn table(start: &FigurePose, held: &FigurePose) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# What it looks like (the poses seen in the middle of the two positions; torso lengths,\n\
         # x right, y up, the hip at 0): the picker draws it. Checked against the rules above."
    );
    let _ = writeln!(o, "[figure]");
    for (key, pose) in [("start", start), ("held", held)] {
        let _ = writeln!(o, "{key} = {{ {} }}", points(pose));
    }
    o
}

/// `nose = [-1.44, 0.16], …, far_knee = [0.90, 0.10]`: the near joints, then the far
/// ones that are not where the near ones are.
fn points(pose: &FigurePose) -> String {
    let origin = pose
        .point(LandmarkId::LeftHip)
        .unwrap_or(Point2::new(0.0, 0.0));
    let at = |p: Point2| {
        let p = p - origin;
        format!("[{:.2}, {:.2}]", p.x + 0.0, p.y + 0.0)
    };
    let mut parts = Vec::new();
    for (name, id) in FIGURE_JOINTS {
        if let Some(p) = pose.point(id) {
            parts.push(format!("{name} = {}", at(p)));
        }
    }
    for (name, id) in FIGURE_JOINTS {
        if id == LandmarkId::Nose {
            continue;
        }
        let (near, far) = (pose.point(id), pose.point(id.mirrored()));
        if let Some(f) = far.filter(|f| near.is_none_or(|n| at(n) != at(*f))) {
            parts.push(format!("far_{name} = {}", at(f)));
        }
    }
    parts.join(", ")
}
