//! The pain rating strip over the picture: "Back pain now?" with one
//! button per value from 0 (none) to 10 and "No rating" — one click, never in the way (no
//! dialog: the routine and its buttons go on around it). The practice says which rating it
//! asks for (the start one, then the end one); an answer is an [`Action::RatePain`].

use super::action::Action;
use super::theme;
use crate::session::PainWhen;
use eframe::egui::{self, RichText, Ui};

/// The strip for `when` in one row (question, 0–10, "No rating"), with its answer when one
/// was clicked.
pub fn pain_strip_ui(ui: &mut Ui, when: PainWhen) -> Option<Action> {
    let question = match when {
        PainWhen::Start => "Back pain now? (0 none–10 worst)",
        PainWhen::End => "Back pain at the end? (0–10)",
    };
    let mut answer = None;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 3.0;
        ui.spacing_mut().button_padding = egui::vec2(4.0, 1.0);
        ui.label(RichText::new(question).size(theme::SMALL));
        for value in 0..=10u8 {
            let label = RichText::new(value.to_string()).size(theme::SMALL);
            if ui
                .add(egui::Button::new(label).min_size(egui::vec2(22.0, 0.0)))
                .on_hover_text(format!("Pain {value} of 10"))
                .clicked()
            {
                answer = Some(Action::RatePain(when, Some(value)));
            }
        }
        if ui
            .button(RichText::new("No rating").size(theme::SMALL))
            .clicked()
        {
            answer = Some(Action::RatePain(when, None));
        }
    });
    answer
}
