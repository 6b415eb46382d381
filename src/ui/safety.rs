//! The safety screen: what the app is and is not, when to stop, and the red flags that
//! mean seeing a doctor first. Shown before the first exercise and before every routine;
//! always reachable from the top bar.

use super::app::{Action, AfterSafety};
use super::theme;
use crate::guide;
use eframe::egui::{self, RichText, Ui};

pub fn safety_ui(ui: &mut Ui, after: Option<&AfterSafety>, acknowledged: bool) -> Option<Action> {
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.set_max_width(ui.available_width().min(1100.0));
        ui.label(
            RichText::new("Before you start")
                .size(theme::HEADLINE)
                .strong(),
        );
        ui.label(RichText::new(guide::WHAT_IT_IS).size(theme::BODY + 4.0));
        ui.add_space(8.0);
        egui::Frame::new()
            .fill(theme::SAFETY_BG)
            .inner_margin(16)
            .corner_radius(10)
            .show(ui, |ui| {
                ui.label(
                    RichText::new(guide::STOP_IF_IT_HURTS)
                        .size(theme::TITLE)
                        .strong()
                        .color(theme::BORDERLINE),
                );
            });
        ui.add_space(8.0);
        ui.label(
            RichText::new(guide::RED_FLAGS_INTRO)
                .size(theme::BODY + 4.0)
                .strong(),
        );
        for flag in guide::RED_FLAGS {
            ui.label(RichText::new(format!("•  {flag}")).size(theme::BODY + 2.0));
        }
        ui.add_space(16.0);
        let label = match after {
            Some(AfterSafety::StartRoutine) => "I understand — start the routine",
            Some(AfterSafety::StartExercise(_)) => "I understand — start the exercise",
            _ => "I understand",
        };
        if ui
            .add(egui::Button::new(RichText::new(label).size(theme::TITLE)).fill(theme::INFO_BG))
            .clicked()
        {
            action = Some(Action::AcknowledgeSafety);
        }
        if acknowledged {
            ui.label(
                RichText::new("This page is always reachable from \"Safety\" at the top.")
                    .size(theme::SMALL)
                    .color(theme::TEXT_DIM),
            );
        }
    });
    action
}
