//! The camera placement ticks in the coach panel: before each exercise and while it runs,
//! whether the person is in frame, side-on when the exercise needs it, and at a good
//! distance, each in words (see [`crate::practice::placement`], which decides them).
//!
//! When everything is right the list folds into one green line, so it takes little room;
//! otherwise every tick is shown, the wrong ones saying what to change.

use super::theme;
use crate::practice::placement::{Placement, PlacementItem};
use eframe::egui::{self, pos2, vec2, RichText, Stroke, Ui};

/// Draws a tick (green disc with a check) or a cross (red disc with an ×), one text line
/// high; painted, so it needs no symbol font.
fn mark_ui(ui: &mut Ui, ok: bool) {
    let side = theme::SMALL;
    let (rect, _) = ui.allocate_exact_size(vec2(side, side), egui::Sense::hover());
    let p = ui.painter();
    let c = rect.center();
    let r = side * 0.5;
    p.circle_filled(c, r, if ok { theme::GOOD } else { theme::WRONG });
    let stroke = Stroke::new(2.0, egui::Color32::WHITE);
    let at = |x: f32, y: f32| pos2(c.x + x * r, c.y + y * r);
    if ok {
        p.line_segment([at(-0.5, 0.0), at(-0.1, 0.4)], stroke);
        p.line_segment([at(-0.1, 0.4), at(0.5, -0.4)], stroke);
    } else {
        p.line_segment([at(-0.4, -0.4), at(0.4, 0.4)], stroke);
        p.line_segment([at(-0.4, 0.4), at(0.4, -0.4)], stroke);
    }
}

/// Draws the placement ticks.
pub fn placement_ui(ui: &mut Ui, placement: &Placement) {
    if placement.all_ok() {
        let side = placement.get(PlacementItem::SideOn).is_some();
        let text = if side {
            "In frame: whole body, side-on, distance good"
        } else {
            "In frame: whole body, distance good"
        };
        ui.horizontal_wrapped(|ui| {
            mark_ui(ui, true);
            ui.label(RichText::new(text).size(theme::SMALL).color(theme::GOOD));
        });
        return;
    }
    ui.label(
        RichText::new("Camera placement")
            .size(theme::SMALL)
            .strong(),
    );
    for c in &placement.checks {
        ui.horizontal_wrapped(|ui| {
            mark_ui(ui, c.ok);
            ui.label(RichText::new(&c.words).size(theme::SMALL).color(if c.ok {
                theme::TEXT_DIM
            } else {
                ui.visuals().strong_text_color()
            }));
        });
    }
}
