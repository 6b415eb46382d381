//! The safety screen: what the app is and is not, when to stop, and the red flags that
//! mean seeing a doctor first. Shown before the first exercise and before every routine;
//! always reachable from the top bar.

use super::action::{Action, AfterSafety};
use super::{theme, widgets};
use crate::guide;
use eframe::egui::{self, RichText, Ui};

/// The page; Enter or Space press "I understand" too, when `keys` (the key help is closed).
pub fn safety_ui(
    ui: &mut Ui,
    after: Option<&AfterSafety>,
    acknowledged: bool,
    keys: bool,
) -> Option<Action> {
    let mut action = None;
    // The button stays at the foot of the window however small it is; the text scrolls
    // above it. Laid out bottom-up in one pass, so the button is in place on the first frame.
    ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
        ui.add_space(6.0);
        action = acknowledge_ui(ui, after, acknowledged);
        ui.separator();
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            page_ui(ui);
        });
    });
    // One action however it was pressed (a focused button also clicks on Enter or Space).
    if keys && action.is_none() && acknowledge_key(ui) {
        action = Some(Action::AcknowledgeSafety);
    }
    action
}

/// Enter or Space, unless typing somewhere.
fn acknowledge_key(ui: &Ui) -> bool {
    !ui.ctx().egui_wants_keyboard_input()
        && ui.input(|i| i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Space))
}

/// The button, and where the page can be found again.
fn acknowledge_ui(ui: &mut Ui, after: Option<&AfterSafety>, acknowledged: bool) -> Option<Action> {
    let label = match after {
        Some(AfterSafety::StartRoutine) => "I understand — start the routine",
        Some(AfterSafety::StartExercise(_)) => "I understand — start the exercise",
        _ => "I understand",
    };
    let mut action = None;
    // A row of the button's own height: a plain `horizontal` in a bottom-up layout gets a
    // standard row's height and the large button would hang below the window's foot.
    let height = theme::TITLE * 1.3 + 2.0 * ui.spacing().button_padding.y;
    widgets::row_ui(ui, height, |ui| {
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

/// What the app is, when to stop, and the red flags.
fn page_ui(ui: &mut Ui) {
    // A short window gets smaller type and spacing, so the whole page fits without scrolling.
    let compact = ui.available_height() < 560.0;
    let (headline, lead, stop, item) = if compact {
        (
            theme::TITLE,
            theme::BODY,
            theme::BODY + 4.0,
            theme::BODY - 1.0,
        )
    } else {
        (
            theme::HEADLINE,
            theme::BODY + 4.0,
            theme::TITLE,
            theme::BODY + 2.0,
        )
    };
    egui::ScrollArea::vertical().show(ui, |ui| {
        if compact {
            ui.spacing_mut().item_spacing.y = 6.0;
        }
        ui.set_max_width(ui.available_width().min(1100.0));
        ui.label(RichText::new("Before you start").size(headline).strong());
        ui.label(RichText::new(guide::WHAT_IT_IS).size(lead));
        ui.add_space(6.0);
        egui::Frame::new()
            .fill(theme::SAFETY_BG)
            .inner_margin(if compact { 10 } else { 16 })
            .corner_radius(10)
            .show(ui, |ui| {
                ui.label(
                    RichText::new(guide::STOP_IF_IT_HURTS)
                        .size(stop)
                        .strong()
                        .color(theme::BORDERLINE),
                );
            });
        ui.add_space(6.0);
        ui.label(RichText::new(guide::RED_FLAGS_INTRO).size(lead).strong());
        for flag in guide::RED_FLAGS {
            ui.label(RichText::new(format!("•  {flag}")).size(item));
        }
    });
}
