//! The top bar (the screens) and the status bar (source, frame rate, latency, model,
//! skipped frames; the newest notice has its own strip, `messages.rs`).

use super::action::{Action, Screen};
use super::feed::{Feed, SourceStatus};
use super::live::LiveView;
use super::theme;
use eframe::egui::{self, RichText, Ui};

/// The screens, and the "? keys" hint at the right (it opens the key help).
pub fn nav_ui(ui: &mut Ui, current: Screen, key_help: bool) -> Option<Action> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        // Eight screens and the key hint fit in a 1024-point window.
        ui.spacing_mut().button_padding.x = 9.0;
        ui.spacing_mut().item_spacing.x = 6.0;
        ui.label(
            RichText::new("formcheck")
                .size(theme::TITLE)
                .strong()
                .color(theme::ACCENT),
        );
        ui.add_space(16.0);
        for (screen, label) in [
            (Screen::Live, "Live"),
            (Screen::Summary, "Summary"),
            (Screen::History, "History"),
            (Screen::Progress, "Progress"),
            (Screen::IceHeat, "Ice / heat"),
            (Screen::Habits, "Habits"),
            (Screen::Settings, "Settings"),
            (Screen::Safety, "Safety"),
        ] {
            if ui.selectable_label(current == screen, label).clicked() {
                action = Some(Action::Navigate(screen));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .selectable_label(key_help, "? keys")
                .on_hover_text("Keyboard shortcuts (? or F1)")
                .clicked()
            {
                action = Some(Action::ToggleKeyHelp);
            }
        });
    });
    action
}

pub fn status_ui(ui: &mut Ui, feed: &Feed, live: &LiveView) {
    let mut parts = Vec::new();
    match &feed.status {
        SourceStatus::Running { describe } => parts.push(describe.clone()),
        SourceStatus::Opening => parts.push("opening source…".into()),
        SourceStatus::Missing { .. } => parts.push("no source".into()),
        SourceStatus::CameraLost { .. } => parts.push("camera lost".into()),
        SourceStatus::CameraBack { describe } => parts.push(describe.clone()),
        SourceStatus::Ended => parts.push("video ended".into()),
    }
    parts.extend(live.status_parts());
    parts.push(feed.model_status.clone());
    if let Some(dropped) = feed.dropped_frames() {
        let frames = if dropped == 1 { "frame" } else { "frames" };
        parts.push(format!("{dropped} {frames} skipped"));
    }
    // Wraps onto a second line in a narrow window rather than running off its edge.
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(parts.join("  ·  "))
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
    });
}
