//! No source, or the camera lost mid-session: say so and offer a video file or an image
//! folder (or the camera again). [`SourcePanel`] keeps the typed path and the problem
//! with the last one; the settings screen shows the same path field. "Choose…" opens a
//! chooser (folders and videos, `source::browse`): a video is opened with one click, a
//! folder of photos with "Use the N photos here"; nobody has to type a path.

use super::action::Action;
use super::{theme, widgets};
use crate::session::EndReason;
use crate::source::browse::{self, EntryKind, Listing};
use eframe::egui::{self, RichText, Ui};

/// The path field and what went wrong with the last source.
#[derive(Debug, Clone, Default)]
pub struct SourcePanel {
    pub path_input: String,
    /// Why the last path (or `--source`, or the source that failed) cannot be used.
    pub problem: Option<String>,
    /// The chooser, open on a folder (or why that folder cannot be listed). Not in the
    /// browser, which has no folders to list: its page chooses the file.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    chooser: Option<Result<Listing, std::sync::Arc<browse::BrowseError>>>,
}

impl SourcePanel {
    pub fn new(path_input: String) -> Self {
        Self {
            path_input,
            problem: None,
            chooser: None,
        }
    }

    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    fn browse(&mut self, dir: &std::path::Path) {
        self.chooser = Some(browse::list(dir).map_err(std::sync::Arc::new));
    }

    /// The chooser: the folder, Up, its folders and videos; a click on a video opens it.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    fn chooser_ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let chooser = self.chooser.clone()?;
        let mut action = None;
        let mut go: Option<std::path::PathBuf> = None;
        let mut close = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let listing = match &chooser {
                Ok(l) => l,
                Err(why) => {
                    ui.label(
                        RichText::new(why.to_string())
                            .size(theme::BODY)
                            .color(theme::WRONG),
                    );
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                    return;
                }
            };
            ui.horizontal_wrapped(|ui| {
                if let Some(up) = listing.dir.parent() {
                    if ui
                        .button(RichText::new("Up one folder").size(theme::BODY))
                        .clicked()
                    {
                        go = Some(up.to_owned());
                    }
                }
                ui.label(
                    RichText::new(listing.dir.display().to_string())
                        .size(theme::BODY)
                        .strong(),
                );
            });
            if listing.pictures > 0 {
                let words = format!("Use the {} photos here", listing.pictures);
                if ui.button(RichText::new(words).size(theme::BODY)).clicked() {
                    action = Some(Action::OpenPath(listing.dir.display().to_string()));
                }
            }
            if listing.entries.is_empty() {
                ui.label(
                    RichText::new("No videos or folders here.")
                        .size(theme::BODY)
                        .color(theme::TEXT_DIM),
                );
            }
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .show(ui, |ui| {
                    for e in &listing.entries {
                        let label = match e.kind {
                            EntryKind::Folder => format!("{}/", e.name),
                            EntryKind::Video => e.name.clone(),
                        };
                        if ui.button(RichText::new(label).size(theme::BODY)).clicked() {
                            match e.kind {
                                EntryKind::Folder => go = Some(e.path.clone()),
                                EntryKind::Video => {
                                    action = Some(Action::OpenPath(e.path.display().to_string()));
                                }
                            }
                        }
                    }
                });
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
        if let Some(dir) = go {
            self.browse(&dir);
        }
        if let Some(Action::OpenPath(p)) = &action {
            self.path_input.clone_from(p);
            close = true;
        }
        if close {
            self.chooser = None;
        }
        action
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

    /// In the browser there are no paths: the page's own file picker chooses a video
    /// (`crate::source::page`), which opens as a typed path does.
    #[cfg(target_arch = "wasm32")]
    fn path_field_ui(&mut self, ui: &mut Ui) -> Option<Action> {
        if ui
            .button(RichText::new("Choose a video…").size(theme::BODY))
            .clicked()
        {
            crate::source::page::ask_for_video();
        }
        crate::source::page::take_chosen().map(|p| Action::OpenPath(p.display().to_string()))
    }

    /// The path field with its Open button (Enter opens too), no wider than the space.
    #[cfg(not(target_arch = "wasm32"))]
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
        if ui
            .button(RichText::new("Choose…").size(theme::BODY))
            .clicked()
        {
            let start = browse::start_dir(&self.path_input);
            self.browse(&start);
        }
        let chosen = self.chooser_ui(ui);
        open.then(|| Action::OpenPath(self.path_input.clone()))
            .or(chosen)
    }
}
