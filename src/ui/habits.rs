//! The habits card: what helps a back every day, one framed paragraph each.

use super::theme;
use crate::guide;
use eframe::egui::{self, RichText, Ui};

pub fn habits_ui(ui: &mut Ui) {
    ui.label(RichText::new("Every day").size(theme::HEADLINE).strong());
    for (title, text) in guide::HABITS {
        egui::Frame::new()
            .fill(theme::PANEL)
            .inner_margin(16)
            .corner_radius(10)
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(1000.0));
                ui.label(
                    RichText::new(title)
                        .size(theme::TITLE)
                        .strong()
                        .color(theme::ACCENT),
                );
                ui.label(RichText::new(text).size(theme::BODY + 4.0));
            });
    }
}
