//! No source, or the camera lost mid-session: say so and offer a video file or an image
//! folder (or the camera again). [`SourcePanel`] keeps the typed path and the problem
//! with the last one; the settings screen shows the same path field.

use super::action::Action;
use super::{theme, widgets};
use crate::session::EndReason;
use eframe::egui::{self, RichText, Ui};

/// The path field and what went wrong with the last source.
#[derive(Debug, Clone, Default)]
pub struct SourcePanel {
    pub path_input: String,
    /// Why the last path (or `--source`, or the source that failed) cannot be used.
    pub problem: Option<String>,
}

impl SourcePanel {
    pub fn new(path_input: String) -> Self {
        Self {
            path_input,
            problem: None,
        }
    }

    /// No camera (or the chosen source failed): say so and offer a video or a folder. Why
    /// the source cannot be used comes right under the headline, and the whole screen
    /// scrolls, so no part of the message is cut off in a small window.
    pub fn no_source_ui(&mut self, ui: &mut Ui, reason: &str) -> Vec<Action> {
        let mut actions = Vec::new();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.add_space(20.0);
            ui.label(
                RichText::new(reason)
                    .size(theme::HEADLINE)
                    .strong()
                    .color(theme::BORDERLINE),
            );
            self.problem_ui(ui);
            // The same advice as `formcheck doctor` gives.
            ui.label(RichText::new(crate::source::NO_CAMERA_ADVICE).size(theme::BODY + 2.0));
            ui.add_space(12.0);
            actions.extend(self.path_field_ui(ui));
            ui.add_space(12.0);
            if ui.button("Try the camera again").clicked() {
                actions.push(Action::UseCamera);
            }
        });
        actions
    }

    /// The camera stopped mid-session: the session and routine are kept (paused). While
    /// `waiting`, the camera is still open and the app goes on by itself when pictures come.
    pub fn camera_lost_ui(&mut self, ui: &mut Ui, message: &str, waiting: bool) -> Vec<Action> {
        widgets::banner_ui(ui, "The camera stopped.", widgets::BannerKind::Problem);
        ui.label(
            RichText::new(message)
                .size(theme::BODY)
                .color(theme::TEXT_DIM),
        );
        ui.label(
            RichText::new(if waiting {
                "Your session is kept and paused. Waiting for the camera: when it sends \
                 pictures again you can go on."
            } else {
                "Your session is kept and paused. Plug the camera back in and reconnect."
            })
            .size(theme::BODY + 2.0),
        );
        let mut actions = Vec::new();
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new("Reconnect").size(theme::TITLE))
                .clicked()
            {
                actions.push(Action::RestartPipeline);
            }
            if ui.button("End session").clicked() {
                actions.push(Action::EndSession(EndReason::CameraLost));
            }
        });
        ui.add_space(12.0);
        actions.extend(self.open_path_ui(ui));
        actions
    }

    /// A camera that had stopped sends again: offer to go on (the session is still paused).
    pub fn camera_back_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        widgets::banner_ui(
            ui,
            "The camera is back. Your session is paused.",
            widgets::BannerKind::Prompt,
        );
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new("Go on").size(theme::TITLE))
                .clicked()
            {
                actions.push(Action::CameraGoOn);
            }
            if ui.button("End session").clicked() {
                actions.push(Action::EndSession(EndReason::CameraLost));
            }
        });
        actions
    }

    /// The path field with its Open button (Enter opens too), then the problem with the
    /// last path.
    pub fn open_path_ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let action = self.path_field_ui(ui);
        self.problem_ui(ui);
        action
    }

    /// Why the last path (or source) cannot be used, wrapped to the width there is.
    fn problem_ui(&self, ui: &mut Ui) {
        if let Some(p) = &self.problem {
            ui.label(RichText::new(p).size(theme::BODY).color(theme::WRONG));
        }
    }

    /// The path field with its Open button (Enter opens too), no wider than the space.
    fn path_field_ui(&mut self, ui: &mut Ui) -> Option<Action> {
        ui.label(RichText::new("Video file or image folder:").size(theme::BODY));
        let mut open = false;
        // Room for the Open button; a wider field would widen the panel, and the messages
        // below it would run past the window's edge.
        let width = (ui.available_width() - 90.0).clamp(120.0, 700.0);
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.path_input)
                    .hint_text("/path/to/clip.mp4 or /path/to/photos/")
                    .desired_width(width)
                    .font(theme::font(theme::BODY)),
            );
            if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                open = true;
            }
            if ui.button("Open").clicked() {
                open = true;
            }
        });
        open.then(|| Action::OpenPath(self.path_input.clone()))
    }
}
