//! Settings: camera, resolution, pose model, mirror, sounds, voice, rest time, text size
//! and contrast, saved at once; and the source (the camera, or a video file or image
//! folder). Its state is the list of cameras found (looked up once, again on Refresh).
//!
//! Accuracy (the pose model) is offered in words, faster or more accurate, only for the
//! models whose files are there. No setting names a program or a command.

use super::action::{Action, Screen};
use super::feed::SourceStatus;
use super::source::SourcePanel;
use super::theme;
use crate::audio::Cues;
use crate::pose::ModelKind;
use crate::prefs::Settings;
use crate::source::SourceError;
use eframe::egui::{self, RichText, Ui};
use std::path::Path;

const RESOLUTIONS: [(u32, u32); 3] = [(640, 480), (1280, 720), (1920, 1080)];

/// What the settings screen reads from the rest of the app.
pub struct SettingsInput<'a> {
    pub cues: &'a Cues,
    /// Tones and voice are on in this run.
    pub audio: bool,
    /// `--model` given on the command line.
    pub cli_model: Option<ModelKind>,
    /// Where the model files are looked for.
    pub models_dir: &'a Path,
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
        let mut actions = Vec::new();
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("settings")
                .num_columns(2)
                .spacing([24.0, 14.0])
                .show(ui, |ui| {
                    self.camera_rows(ui, settings);
                    model_row(ui, settings, input);
                    preference_rows(ui, settings, input);
                    display_rows(ui, settings);
                });
            ui.add_space(8.0);
            if let Some(words) = input.cues.plain_words() {
                help(ui, words);
            }
            if *settings != before {
                actions.push(Action::SettingsChanged(Box::new(before.clone())));
            }
            actions.extend(source_rows(ui, input, source));
        });
        actions
    }

    /// Camera device and resolution.
    fn camera_rows(&mut self, ui: &mut Ui, settings: &mut Settings) {
        ui.label("Camera");
        ui.horizontal(|ui| {
            // In the browser the page hands the list over only once a camera is allowed (and
            // again when one is plugged in), maybe after this screen was first drawn: read it
            // each time, it is a copy of the page's list, not a look at the devices.
            if cfg!(target_arch = "wasm32") {
                self.cameras = None;
            }
            let cameras = self.cameras.get_or_insert_with(crate::source::list_cameras);
            match cameras {
                Ok(list) if !list.is_empty() => {
                    let current = crate::source::remembered_camera(
                        list,
                        settings.camera_index,
                        settings.camera_name.as_deref(),
                    );
                    let selected = list
                        .iter()
                        .find(|(i, _)| *i == current)
                        .map(|(i, n)| camera_label(*i, n))
                        .unwrap_or_else(|| format!("camera {current}"));
                    egui::ComboBox::new("camera", "device")
                        .selected_text(selected)
                        .show_ui(ui, |ui| {
                            for (i, n) in list.iter() {
                                if ui
                                    .selectable_label(*i == current, camera_label(*i, n))
                                    .clicked()
                                {
                                    settings.camera_index = *i;
                                    settings.camera_name = Some(n.clone());
                                }
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

/// A camera as the picker names it: its name first, its number after.
fn camera_label(index: u32, name: &str) -> String {
    format!("{name} (camera {index})")
}

/// The source: the camera, or a video or folder.
fn source_rows(ui: &mut Ui, input: &SettingsInput<'_>, source: &mut SourcePanel) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.separator();
    if ui.button("Use the camera").clicked() {
        actions.push(Action::UseCamera);
        actions.push(Action::Navigate(Screen::Live));
    }
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

/// Help text under a setting: body size, wrapped, dimmed only a little.
fn help(ui: &mut Ui, text: &str) {
    ui.label(
        RichText::new(text)
            .size(theme::BODY - 2.0)
            .color(theme::TEXT_DIM),
    );
}

/// Whether a landmark model's file is in `dir`.
pub fn model_installed(dir: &Path, kind: ModelKind) -> bool {
    dir.join(format!("{}.onnx", kind.manifest_name())).is_file()
}

/// What a pose model is for a person choosing: faster or more accurate.
fn accuracy_words(m: ModelKind) -> &'static str {
    match m {
        ModelKind::Lite => "Faster",
        ModelKind::Full => "More accurate",
        ModelKind::Heavy => "Most accurate (slow)",
    }
}

/// Accuracy: the pose models whose files are there, in words (faster, more accurate); the
/// others are left out.
fn model_row(ui: &mut Ui, settings: &mut Settings, input: &SettingsInput<'_>) {
    ui.label("Accuracy");
    ui.vertical(|ui| {
        ui.horizontal_wrapped(|ui| {
            for m in ModelKind::ALL {
                if model_installed(input.models_dir, m) || settings.model == m {
                    ui.radio_value(&mut settings.model, m, accuracy_words(m));
                }
            }
        });
        help(
            ui,
            "Faster suits a slow computer; more accurate follows the body more closely.",
        );
        if let Some(model) = input.cli_model {
            help(
                ui,
                &format!(
                    "This run was started with \"{}\" chosen; the choice here applies next time.",
                    accuracy_words(model).to_lowercase()
                ),
            );
        }
    });
    ui.end_row();
}

/// Text size and contrast.
fn display_rows(ui: &mut Ui, settings: &mut Settings) {
    ui.label("Text size");
    ui.horizontal_wrapped(|ui| {
        for (scale, name) in crate::prefs::TEXT_SCALES {
            let on = (settings.text_scale() - scale).abs() < 0.01;
            if ui.selectable_label(on, name).clicked() {
                settings.text_scale = scale;
            }
        }
    });
    ui.end_row();
    ui.label("Contrast");
    ui.checkbox(
        &mut settings.high_contrast,
        "High contrast (black and white, outlined controls)",
    );
    ui.end_row();
    ui.label("Measurements");
    ui.vertical(|ui| {
        ui.checkbox(&mut settings.show_measurements, "Show measurements");
        help(
            ui,
            "The angles beside the joints and the frame rate, for a physiotherapist.",
        );
    });
    ui.end_row();
}

/// Picture, sounds, voice and rest time.
fn preference_rows(ui: &mut Ui, settings: &mut Settings, input: &SettingsInput<'_>) {
    ui.label("Picture");
    ui.vertical(|ui| {
        ui.checkbox(
            &mut settings.mirror,
            "Mirror the camera (move left, see it move left)",
        );
        ui.checkbox(&mut settings.mirror_files, "Mirror videos and photos too");
        help(ui, "M mirrors the picture on the Live screen.");
    });
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
    let label = ui.label("Rest between exercises");
    ui.horizontal(|ui| {
        // The slider alone, named for screen readers; its value as text beside it.
        ui.add(egui::Slider::new(&mut settings.rest_secs, 5.0..=120.0).show_value(false))
            .labelled_by(label.id);
        ui.label(format!("{:.0} s", settings.rest_secs));
    });
    ui.end_row();
}
