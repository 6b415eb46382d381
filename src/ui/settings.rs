//! Settings: camera, resolution, pose model, mirror, sounds, voice and rest time, saved at
//! once; and the source (the camera, or a video file or image folder). Its state is the
//! list of cameras found (looked up once, again on Refresh).

use super::app::{Action, Screen};
use super::feed::SourceStatus;
use super::source::SourcePanel;
use super::theme;
use crate::audio::Cues;
use crate::pose::ModelKind;
use crate::prefs::Settings;
use crate::source::SourceError;
use eframe::egui::{self, RichText, Ui};

const RESOLUTIONS: [(u32, u32); 3] = [(640, 480), (1280, 720), (1920, 1080)];

/// What the settings screen reads from the rest of the app.
pub struct SettingsInput<'a> {
    pub cues: &'a Cues,
    /// Tones and voice are on in this run.
    pub audio: bool,
    /// `--model` given on the command line.
    pub cli_model: Option<ModelKind>,
    pub status: &'a SourceStatus,
}

/// The cameras found, or why none could be listed.
#[derive(Default)]
pub struct SettingsScreen {
    cameras: Option<Result<Vec<(u32, String)>, SourceError>>,
}

impl SettingsScreen {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        settings: &mut Settings,
        input: &SettingsInput<'_>,
        source: &mut SourcePanel,
    ) -> Vec<Action> {
        ui.label(RichText::new("Settings").size(theme::HEADLINE).strong());
        let before = settings.clone();
        egui::Grid::new("settings")
            .spacing([24.0, 14.0])
            .show(ui, |ui| {
                self.camera_rows(ui, settings);
                preference_rows(ui, settings, input);
            });
        ui.label(
            RichText::new(input.cues.describe())
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        if let Some(model) = input.cli_model {
            ui.label(
                RichText::new(format!(
                    "This run uses --model {model} from the command line."
                ))
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
            );
        }
        let mut actions = Vec::new();
        if *settings != before {
            actions.push(Action::SettingsChanged(Box::new(before)));
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Use the camera").clicked() {
                actions.push(Action::UseCamera);
                actions.push(Action::Navigate(Screen::Live));
            }
        });
        actions.extend(source.open_path_ui(ui));
        if let SourceStatus::Missing { reason } = input.status {
            ui.label(
                RichText::new(reason)
                    .size(theme::SMALL)
                    .color(theme::BORDERLINE),
            );
        }
        actions
    }

    /// Camera device and resolution.
    fn camera_rows(&mut self, ui: &mut Ui, settings: &mut Settings) {
        ui.label("Camera");
        ui.horizontal(|ui| {
            let cameras = self.cameras.get_or_insert_with(crate::source::list_cameras);
            match cameras {
                Ok(list) if !list.is_empty() => {
                    let selected = list
                        .iter()
                        .find(|(i, _)| *i == settings.camera_index)
                        .map(|(i, n)| format!("{i}: {n}"))
                        .unwrap_or_else(|| settings.camera_index.to_string());
                    egui::ComboBox::new("camera", "device")
                        .selected_text(selected)
                        .show_ui(ui, |ui| {
                            for (i, n) in list.iter() {
                                ui.selectable_value(
                                    &mut settings.camera_index,
                                    *i,
                                    format!("{i}: {n}"),
                                );
                            }
                        });
                }
                Ok(_) => {
                    ui.label(RichText::new("no camera found").color(theme::BORDERLINE));
                }
                Err(e) => {
                    ui.label(RichText::new(e.to_string()).color(theme::BORDERLINE));
                }
            }
            if ui.button("Refresh").clicked() {
                self.cameras = None;
            }
        });
        ui.end_row();
        ui.label("Resolution");
        egui::ComboBox::new("resolution", "size")
            .selected_text(format!(
                "{}×{}",
                settings.camera_width, settings.camera_height
            ))
            .show_ui(ui, |ui| {
                for (w, h) in RESOLUTIONS {
                    if ui
                        .selectable_label(
                            (settings.camera_width, settings.camera_height) == (w, h),
                            format!("{w}×{h}"),
                        )
                        .clicked()
                    {
                        settings.camera_width = w;
                        settings.camera_height = h;
                    }
                }
            });
        ui.end_row();
    }
}

/// Model, picture, sounds, voice and rest time.
fn preference_rows(ui: &mut Ui, settings: &mut Settings, input: &SettingsInput<'_>) {
    ui.label("Pose model");
    ui.horizontal(|ui| {
        for m in ModelKind::ALL {
            ui.radio_value(&mut settings.model, m, m.as_str());
        }
    });
    ui.end_row();
    ui.label("Picture");
    ui.checkbox(&mut settings.mirror, "Mirror (like a mirror)");
    ui.end_row();
    ui.label("Sounds");
    ui.checkbox(
        &mut settings.sounds,
        "Tone when a rep counts or a hold completes",
    );
    ui.end_row();
    ui.label("Voice");
    ui.add_enabled(
        input.cues.can_speak() || !input.audio,
        egui::Checkbox::new(&mut settings.voice, "Speak corrections"),
    );
    ui.end_row();
    ui.label("Rest between exercises");
    ui.add(egui::Slider::new(&mut settings.rest_secs, 5.0..=120.0).suffix(" s"));
    ui.end_row();
}
