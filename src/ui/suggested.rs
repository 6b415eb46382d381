//! The holds to change within the guide's range (`progress::progression`), each with Accept
//! and Decline, and the red flags beside a shorter hold after pain. Shown on the Progress
//! screen for every exercise, and on a session's summary for the exercises it did, so the
//! suggestion a session earned is offered right after it.

use super::action::Action;
use super::theme;
use crate::guide;
use crate::progress::progression::{self, Declined, ExerciseSuggestion, Suggestion};
use crate::progress::suggested::Suggested;
use eframe::egui::{self, RichText, Ui};

/// Each hold to change of `suggested` (read off the UI thread), with Accept and Decline.
pub fn suggested_ui(ui: &mut Ui, suggested: &Suggested) -> Option<Action> {
    let mut action = None;
    for s in suggested.suggestions() {
        if let Some(words) = s.suggestion.words() {
            action = action.or(one_ui(ui, suggested, s, &words));
        }
    }
    action
}

fn one_ui(
    ui: &mut Ui,
    suggested: &Suggested,
    s: &ExerciseSuggestion,
    words: &str,
) -> Option<Action> {
    let shorter = matches!(s.suggestion, Suggestion::Shorter { .. });
    let fill = if shorter {
        theme::WARNING_BG
    } else {
        theme::INFO_BG
    };
    let mut action = None;
    egui::Frame::new()
        .fill(fill)
        .inner_margin(10)
        .corner_radius(6)
        .show(ui, |ui| {
            ui.label(RichText::new(&s.name).size(theme::TITLE).strong());
            ui.label(RichText::new(words).size(theme::BODY));
            if shorter {
                ui.label(RichText::new(guide::RED_FLAGS_INTRO).size(theme::BODY));
                for flag in guide::RED_FLAGS {
                    ui.label(RichText::new(format!("• {flag}")).size(theme::SMALL));
                }
            }
            let to = s.suggestion.to_secs().unwrap_or_default();
            ui.horizontal(|ui| {
                let accept = format!("Accept: hold {}", progression::secs(to));
                if ui.button(RichText::new(accept).size(theme::BODY)).clicked() {
                    action = Some(Action::AcceptHold {
                        exercise: s.id.as_str().into(),
                        hold_secs: to,
                    });
                }
                if ui
                    .button(RichText::new("Decline").size(theme::BODY))
                    .clicked()
                {
                    let after = suggested.newest(&s.id);
                    action = Some(Action::DeclineHold(Declined {
                        exercise: s.id.clone(),
                        hold_secs: to,
                        after,
                    }));
                }
            });
        });
    action
}
