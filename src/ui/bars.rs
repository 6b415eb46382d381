//! The top bar (the screens) and the status bar (source, frame rate, latency, model,
//! skipped frames; the newest notice has its own strip, `messages.rs`).

use super::action::{Action, Screen};
use super::feed::{Feed, SourceStatus};
use super::live::LiveView;
use super::theme;
use eframe::egui::{RichText, Ui};

pub fn nav_ui(ui: &mut Ui, current: Screen) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
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
            (Screen::IceHeat, "Ice / heat"),
            (Screen::Habits, "Habits"),
            (Screen::Settings, "Settings"),
            (Screen::Safety, "Safety"),
        ] {
            if ui.selectable_label(current == screen, label).clicked() {
                action = Some(Action::Navigate(screen));
            }
        }
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
        SourceStatus::Ended => parts.push("video ended".into()),
    }
    parts.extend(live.status_parts());
    parts.push(feed.model_status.clone());
    if let Some(dropped) = feed.dropped_frames() {
        parts.push(format!("{dropped} frames skipped"));
    }
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(parts.join("  ·  "))
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
    });
}
