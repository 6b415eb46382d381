//! The camera picture with the skeleton on it: bones coloured by side, the joints the
//! current exercise checks drawn thick in their form colour (good / borderline / wrong)
//! with their reading next to them, named and with its unit ("hip 164°").
//!
//! Landmarks are image pixels; [`ImageToUi`] maps them to the screen rectangle the picture
//! is fitted into, mirroring x when the picture is shown mirrored, so the skeleton stays
//! on the body either way.

use super::{theme, widgets};
use crate::body::{LandmarkId, Pose, BONES};
use crate::coach::{JointState, JointStatus};
use crate::content::{reading_of_unknown, Exercise};
use crate::draw::MIN_DRAW_VISIBILITY;
use eframe::egui::{self, Color32, Pos2, Rect, Vec2};

/// Image pixels → UI points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImageToUi {
    pub rect: Rect,
    pub image_size: Vec2,
    pub mirror: bool,
}

impl ImageToUi {
    /// Fits an image of `image_size` inside `available`, centred, keeping its aspect ratio.
    pub fn fit(available: Rect, image_size: Vec2, mirror: bool) -> Self {
        let scale = if image_size.x > 0.0 && image_size.y > 0.0 {
            (available.width() / image_size.x).min(available.height() / image_size.y)
        } else {
            1.0
        };
        let rect = Rect::from_center_size(available.center(), image_size * scale);
        Self {
            rect,
            image_size,
            mirror,
        }
    }

    pub fn scale(&self) -> f32 {
        if self.image_size.x > 0.0 {
            self.rect.width() / self.image_size.x
        } else {
            1.0
        }
    }

    pub fn ui_from_image(&self, x: f32, y: f32) -> Pos2 {
        let x = if self.mirror {
            self.image_size.x - x
        } else {
            x
        };
        self.rect.min + Vec2::new(x, y) * self.scale()
    }

    /// Texture coordinates (flipped when mirrored).
    pub fn uv(&self) -> Rect {
        if self.mirror {
            Rect::from_min_max(Pos2::new(1.0, 0.0), Pos2::new(0.0, 1.0))
        } else {
            Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0))
        }
    }
}

fn side_colour(id: LandmarkId) -> Color32 {
    let name = id.name();
    if name.starts_with("left") || name == "mouth_left" {
        theme::BONE_LEFT
    } else if name.starts_with("right") || name == "mouth_right" {
        theme::BONE_RIGHT
    } else {
        theme::BONE_CENTRE
    }
}

/// A checked joint with the words its label shows.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledJoint {
    pub status: JointStatus,
    /// "hip 164°", "hip 0.02 torso below line"; `None` while the measure is unknown.
    pub label: Option<String>,
}

/// Names each joint's value through its measure in `exercise` (the exercise the view is
/// of); a measure it does not have still gets its id and unit.
pub fn label_joints(joints: &[JointStatus], exercise: Option<&Exercise>) -> Vec<LabelledJoint> {
    joints
        .iter()
        .map(|j| LabelledJoint {
            label: j.value.map(|v| {
                exercise
                    .and_then(|ex| ex.measures.iter().find(|m| m.id == j.measure))
                    .map_or_else(
                        || reading_of_unknown(&j.measure, j.unit, v),
                        |m| m.short_reading(v),
                    )
            }),
            status: j.clone(),
        })
        .collect()
}

/// Paints the picture and the overlay into `available`; returns the picture's transform.
pub fn overlay_ui(
    ui: &mut egui::Ui,
    available: Rect,
    texture: &egui::TextureHandle,
    pose: Option<&Pose>,
    joints: &[LabelledJoint],
    mirror: bool,
) -> ImageToUi {
    let t = ImageToUi::fit(available, texture.size_vec2(), mirror);
    let painter = ui.painter_at(available);
    painter.image(texture.id(), t.rect, t.uv(), Color32::WHITE);
    // Landmarks may lie outside the picture (a foot out of frame): draw only on it.
    // Labels may run past the picture's edge into the dark margin, never out of `available`.
    let label_painter = painter.clone();
    let painter = painter.with_clip_rect(t.rect.intersect(available));
    let Some(pose) = pose else {
        return t;
    };
    let scale = (t.scale() * t.image_size.y.max(1.0) / 720.0).clamp(0.5, 2.0);
    let visible = |id: LandmarkId| pose.get(id).visibility >= MIN_DRAW_VISIBILITY;
    let at = |id: LandmarkId| {
        let l = pose.get(id);
        t.ui_from_image(l.x, l.y)
    };
    for (a, b) in BONES {
        if visible(a) && visible(b) {
            let colour = if side_colour(a) == side_colour(b) {
                side_colour(a)
            } else {
                theme::BONE_CENTRE
            };
            painter.line_segment([at(a), at(b)], theme::bone_stroke(colour, false));
        }
    }
    for id in LandmarkId::ALL {
        if visible(id) && id.index() > 10 {
            painter.circle_filled(
                at(id),
                theme::JOINT_RADIUS * scale + 1.5,
                theme::JOINT_OUTLINE,
            );
            painter.circle_filled(at(id), theme::JOINT_RADIUS * scale, side_colour(id));
        }
    }
    // Checked joints on top, unknown ones first so coloured ones win where they overlap.
    let mut ordered: Vec<&LabelledJoint> = joints.iter().collect();
    ordered.sort_by_key(|j| j.status.state != JointState::Unknown);
    // Labels go on last, over every joint, each moved clear of those already placed.
    let mut labels: Vec<(Pos2, &str, Color32)> = Vec::new();
    for LabelledJoint {
        status: joint,
        label,
    } in ordered
    {
        let colour = theme::joint_colour(joint.state);
        let points: Vec<Pos2> = joint.landmarks.iter().map(|&id| at(id)).collect();
        if joint.state != JointState::Unknown {
            for pair in points.windows(2) {
                if let [a, b] = pair {
                    painter.line_segment([*a, *b], theme::bone_stroke(colour, true));
                }
            }
        }
        let vertex = match points.len() {
            3 => points.get(1),
            _ => points.first(),
        };
        let Some(&vertex) = vertex else { continue };
        painter.circle_filled(
            vertex,
            theme::CHECKED_JOINT_RADIUS * scale + 2.0,
            theme::JOINT_OUTLINE,
        );
        painter.circle_filled(vertex, theme::CHECKED_JOINT_RADIUS * scale, colour);
        if let Some(text) = label {
            labels.push((vertex, text.as_str(), colour));
        }
    }
    let size = theme::ANGLE_LABEL * scale.clamp(0.75, 1.0);
    let mut placed: Vec<Rect> = Vec::new();
    for (vertex, text, colour) in labels {
        let at = vertex + Vec2::new(18.0, -14.0) * scale;
        placed.push(widgets::tag(
            &label_painter,
            at,
            text,
            colour,
            size,
            &placed,
        ));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_and_mirror() {
        let t = ImageToUi::fit(
            Rect::from_min_size(Pos2::ZERO, Vec2::new(200.0, 100.0)),
            Vec2::new(100.0, 100.0),
            true,
        );
        assert_eq!(
            t.rect,
            Rect::from_min_max(Pos2::new(50.0, 0.0), Pos2::new(150.0, 100.0))
        );
        assert_eq!(t.ui_from_image(0.0, 0.0), Pos2::new(150.0, 0.0));
        assert_eq!(t.ui_from_image(100.0, 50.0), Pos2::new(50.0, 50.0));
    }
}
