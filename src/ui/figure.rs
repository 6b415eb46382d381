//! What an exercise looks like: its `[figure]` drawn as a stick figure that shows the
//! movement, in the picker and while getting ready — resting in the start position, moving
//! (eased) to the held one, resting there and back, one cycle in
//! [`crate::content::CYCLE_SECS`] (issue 28 item 5, as every exercise app shows a demo).
//! The label under it says where it is (Start, Hold, or the way it is moving). The teach
//! screen draws a demonstration's positions side by side ([`positions_ui`]).
//!
//! Only a figure that agrees with the exercise's rules is drawn
//! ([`crate::coach::figure_agrees`]): the start passes the setup and the held position the
//! hold phase, so the picture never shows what the coach would not accept. Both positions
//! share one scale, so a lift or a reach reads as the change it is; the far side's limbs
//! are drawn dimmer behind the near side's, with a floor line under the lowest point.

use super::theme;
use crate::body::geometry::Point2;
use crate::body::LandmarkId as L;
use crate::content::{Exercise, Figure, FigurePose};
use eframe::egui::{self, pos2, vec2, Color32, Rect, Stroke, Ui};

/// The limbs of one side, as chains of landmarks (left = near).
const LIMBS: [&[L]; 3] = [
    &[L::LeftShoulder, L::LeftElbow, L::LeftWrist],
    &[
        L::LeftHip,
        L::LeftKnee,
        L::LeftAnkle,
        L::LeftHeel,
        L::LeftFootIndex,
        L::LeftAnkle,
    ],
    &[L::LeftEar, L::LeftShoulder, L::LeftHip],
];

/// A figure's height for the room there is: a third of the width, 80–140 points.
pub fn height_for(ui: &Ui) -> f32 {
    (ui.available_width() / 3.0).clamp(80.0, 140.0)
}

/// Draws the exercise's movement, `height` points tall, when it has a figure that agrees
/// with its rules; nothing otherwise.
pub fn exercise_figure_ui(ui: &mut Ui, ex: &Exercise, height: f32) {
    if !crate::coach::figure_agrees(ex) {
        return;
    }
    if let Some(fig) = &ex.figure {
        figure_ui(ui, fig, height);
    }
}

/// Draws `fig` moving from start to held and back (a still one as it is), on the scale of
/// both positions.
pub fn figure_ui(ui: &mut Ui, fig: &Figure, height: f32) {
    let time = ui.input(|i| i.time);
    let (pose, words) = if fig.moves() {
        // A gentle pace, and only as often as the eye needs.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(50));
        let t = crate::content::cycle_share(time);
        let later = crate::content::cycle_share(time + 0.05);
        let words = match t {
            t if t <= 0.0 => "Start",
            t if t >= 1.0 => "Hold",
            _ if later > t => "Moving to the hold",
            _ => "Back to the start",
        };
        (fig.between(t), words)
    } else {
        (fig.start.clone(), "Start and hold: still")
    };
    cells_ui(
        ui,
        &[(&pose, words)],
        &[&fig.start, &fig.held],
        "Figures: Start, Hold",
        height,
    );
}

/// Draws positions side by side on one scale, each labelled under it (the teach screen
/// draws a demonstration's start and held positions, or only the held one).
pub fn positions_ui(ui: &mut Ui, positions: &[(&FigurePose, &str)], height: f32) {
    // Named for screen readers (and tests): "Figures: Start, Held".
    let names: Vec<&str> = positions.iter().map(|(_, w)| *w).collect();
    let poses: Vec<&FigurePose> = positions.iter().map(|(p, _)| *p).collect();
    cells_ui(
        ui,
        positions,
        &poses,
        &format!("Figures: {}", names.join(", ")),
        height,
    );
}

/// Draws `positions` side by side, each labelled under it, on the scale that fits all of
/// `scale_of` (so a moving figure keeps its size), named `name` for screen readers.
fn cells_ui(
    ui: &mut Ui,
    positions: &[(&FigurePose, &str)],
    scale_of: &[&FigurePose],
    name: &str,
    height: f32,
) {
    let width = ui.available_width();
    let label_h = theme::SMALL + 4.0;
    let (rect, response) =
        ui.allocate_exact_size(vec2(width, height + label_h), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, name));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 6.0, ui.visuals().extreme_bg_color);
    let (lo, hi) = bounds(scale_of);
    let gap = 12.0;
    let n = positions.len().max(1) as f32;
    let cell_w = (width - gap * (n - 1.0)) / n;
    let span = hi - lo;
    let box_h = height - 12.0;
    let scale = ((cell_w - 16.0) / span.x.max(0.1)).min(box_h / span.y.max(0.1));
    for (i, (pose, words)) in positions.iter().enumerate() {
        let left = rect.left() + i as f32 * (cell_w + gap);
        let cell = Rect::from_min_size(pos2(left, rect.top()), vec2(cell_w, height));
        painter.text(
            pos2(cell.center().x, rect.bottom() - 2.0),
            egui::Align2::CENTER_BOTTOM,
            *words,
            theme::font(theme::SMALL),
            theme::TEXT_DIM,
        );
        // Centred in its cell, the floor at the bottom of the drawing.
        let draw_w = span.x * scale;
        let origin = pos2(cell.center().x - draw_w / 2.0, cell.bottom() - 6.0);
        let to_screen = |p: Point2| {
            pos2(
                origin.x + (p.x - lo.x) * scale,
                origin.y - (p.y - lo.y) * scale,
            )
        };
        draw_pose(&painter, pose, &to_screen, scale);
        painter.line_segment(
            [
                pos2(cell.left() + 8.0, origin.y + 2.0),
                pos2(cell.right() - 8.0, origin.y + 2.0),
            ],
            Stroke::new(1.0, theme::UNKNOWN),
        );
    }
}

/// The smallest and largest x and y over the positions.
fn bounds(poses: &[&FigurePose]) -> (Point2, Point2) {
    let mut lo = Point2::new(f32::MAX, f32::MAX);
    let mut hi = Point2::new(f32::MIN, f32::MIN);
    for p in poses.iter().flat_map(|p| p.points.values()) {
        lo = Point2::new(lo.x.min(p.x), lo.y.min(p.y));
        hi = Point2::new(hi.x.max(p.x), hi.y.max(p.y));
    }
    // Room for the head's circle.
    (lo - Point2::new(0.2, 0.2), hi + Point2::new(0.2, 0.2))
}

fn draw_pose(
    painter: &egui::Painter,
    pose: &FigurePose,
    to_screen: &dyn Fn(Point2) -> egui::Pos2,
    scale: f32,
) {
    let width = (scale * 0.07).clamp(2.0, 6.0);
    let far = Stroke::new(width, Color32::from_rgb(110, 120, 135));
    let near = Stroke::new(width, theme::ACCENT);
    for (stroke, mirror) in [(far, true), (near, false)] {
        for limb in LIMBS {
            let points: Vec<egui::Pos2> = limb
                .iter()
                .map(|&id| if mirror { id.mirrored() } else { id })
                .filter_map(|id| pose.point(id))
                .map(to_screen)
                .collect();
            painter.add(egui::Shape::line(points, stroke));
        }
    }
    if let (Some(ear), Some(nose)) = (pose.point(L::LeftEar), pose.point(L::Nose)) {
        let centre = to_screen(ear.midpoint(nose));
        painter.circle(centre, (scale * 0.17).max(4.0), theme::ACCENT, Stroke::NONE);
    }
}
