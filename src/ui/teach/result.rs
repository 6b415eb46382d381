//! What a demonstration taught, as the person sees it: the start and held positions drawn
//! as two stick figures (the poses the model saw in the middle of each still stretch, in
//! the picker's drawing style), each with its measures and its time span, and what counts.

use super::job::Frames;
use crate::body::geometry::Point2;
use crate::body::{LandmarkId, Pose};
use crate::content::{FigurePose, FIGURE_JOINTS};
use crate::teach::{self, Position, Taught};
use crate::ui::{figure, theme};
use eframe::egui::{RichText, Ui};
use std::collections::BTreeMap;

/// Least visibility of a landmark drawn in a figure.
const MIN_VISIBILITY: f32 = 0.3;

/// The two positions drawn, then one line of measures for each, then what counts.
pub fn result_ui(ui: &mut Ui, frames: &Frames, taught: &Taught) {
    let held = figure_at(frames, &taught.held);
    let start = taught.start.as_ref().and_then(|s| figure_at(frames, s));
    let mut drawn: Vec<(&FigurePose, &str)> = Vec::new();
    if let Some(s) = &start {
        drawn.push((s, "Start"));
    }
    if let Some(h) = &held {
        drawn.push((h, "Held"));
    }
    if !drawn.is_empty() {
        let height = (ui.available_width() / 3.0)
            .min(ui.ctx().content_rect().height() / 4.0)
            .clamp(90.0, 200.0);
        figure::positions_ui(ui, &drawn, height);
    }
    if let Some(s) = &taught.start {
        measures_ui(ui, taught, "Start", s);
    }
    measures_ui(ui, taught, "Held", &taught.held);
    let counts = match taught.counting {
        Some(c) => format!(
            "Counts a rep each time your {} goes from {} to {}.",
            taught.column_words(c.column),
            teach::value_text(c.column.candidate().unit, c.start),
            teach::value_text(c.column.candidate().unit, c.held)
        ),
        None => "All hold: the held position is timed.".to_owned(),
    };
    ui.label(RichText::new(counts).size(theme::BODY).strong());
    if let Some(side) = taught.working {
        ui.label(
            RichText::new(format!(
                "Only your {} side moved; choose \"each side\" to do both in turn.",
                side.name()
            ))
            .size(theme::SMALL)
            .color(theme::TEXT_DIM),
        );
    }
}

/// "Start: hip 95°, knee 88° (0.4–1.1 s)".
pub fn measures_text(taught: &Taught, label: &str, p: &Position) -> String {
    format!("{label}: {}", taught.position_text(p))
}

fn measures_ui(ui: &mut Ui, taught: &Taught, label: &str, p: &Position) {
    ui.label(RichText::new(measures_text(taught, label, p)).size(theme::BODY));
}

/// The figure of the pose seen nearest the middle of `p`.
fn figure_at(frames: &Frames, p: &Position) -> Option<FigurePose> {
    let mid = (p.from_s + p.to_s) / 2.0;
    frames
        .iter()
        .filter_map(|(t, pose)| Some((t.secs_f64(), pose.as_ref()?)))
        .filter(|(t, _)| (p.from_s..=p.to_s).contains(t))
        .min_by(|a, b| (a.0 - mid).abs().total_cmp(&(b.0 - mid).abs()))
        .and_then(|(_, pose)| figure_of(pose))
}

/// A detected pose as a figure: torso lengths, y up; the side seen better is the near one
/// (drawn in front), the other side is the far one.
pub fn figure_of(pose: &Pose) -> Option<FigurePose> {
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
    let seen = |left: bool| -> f32 {
        FIGURE_JOINTS
            .iter()
            .map(|(_, id)| pose.get(if left { *id } else { id.mirrored() }).visibility)
            .sum()
    };
    let near_is_left = seen(true) >= seen(false);
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
