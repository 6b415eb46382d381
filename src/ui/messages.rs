//! Messages in the window, never cut off: the newest notice (a session not recorded, a
//! settings file that could not be read, a warning from the pipeline) in its own strip over
//! the status bar, wrapped to the window's width; and a problem box for a live-view problem
//! (no pose model): a short headline in large type, then the whole message (paths, the fix)
//! in body type, wrapped. A status bar or a headline-sized banner cut long messages at the
//! window's edge at 1024×600.

use super::action::Action;
use super::theme;
use eframe::egui::{self, RichText, Ui};
use std::collections::VecDeque;

/// The strip with the newest notice (nothing when there is none); answers a dismissal.
pub fn notice_strip_ui(ui: &mut Ui, notices: &VecDeque<String>) -> Option<Action> {
    let notice = notices.back()?;
    let mut action = None;
    egui::Panel::bottom("notice")
        .frame(
            egui::Frame::new()
                .fill(theme::WARNING_BG)
                .inner_margin(egui::Margin::symmetric(10, 6)),
        )
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.small_button("dismiss").clicked() {
                    action = Some(Action::DismissNotices);
                }
                ui.add(
                    egui::Label::new(
                        RichText::new(notice)
                            .size(theme::SMALL + 1.0)
                            .color(theme::BORDERLINE),
                    )
                    .wrap(),
                );
            });
        });
    action
}

/// A problem in the live view: `headline` large, `detail` in body type, both wrapped.
pub fn problem_box_ui(ui: &mut Ui, headline: &str, detail: &str) {
    egui::Frame::new()
        .fill(theme::WARNING_BG)
        .inner_margin(egui::Margin::symmetric(20, 12))
        .corner_radius(10)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(headline)
                    .size(theme::TITLE)
                    .strong()
                    .color(theme::BORDERLINE),
            );
            ui.label(RichText::new(detail).size(theme::BODY).color(theme::TEXT));
        });
}
