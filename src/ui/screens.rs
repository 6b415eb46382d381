//! The screens other than the live picture: safety, no camera / camera lost, session
//! summary with plots, history with export, the ice/heat timer, the habits card and the
//! settings. Methods on [`FormcheckApp`] so each can read and change the app's state.

use super::app::{FormcheckApp, Screen, SourceStatus};
use super::{theme, widgets};
use crate::guide::{self, Countdown, Therapy};
use crate::pose::ModelKind;
use crate::session::{self, EndReason};
use eframe::egui::{self, Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints};

const RESOLUTIONS: [(u32, u32); 3] = [(640, 480), (1280, 720), (1920, 1080)];

impl FormcheckApp {
    pub(super) fn safety_ui(&mut self, ui: &mut Ui) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.set_max_width(1100.0);
            ui.label(
                RichText::new("Before you start")
                    .size(theme::HEADLINE)
                    .strong(),
            );
            ui.label(RichText::new(guide::WHAT_IT_IS).size(theme::BODY + 4.0));
            ui.add_space(8.0);
            egui::Frame::new()
                .fill(theme::SAFETY_BG)
                .inner_margin(16)
                .corner_radius(10)
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(guide::STOP_IF_IT_HURTS)
                            .size(theme::TITLE)
                            .strong()
                            .color(theme::BORDERLINE),
                    );
                });
            ui.add_space(8.0);
            ui.label(
                RichText::new(guide::RED_FLAGS_INTRO)
                    .size(theme::BODY + 4.0)
                    .strong(),
            );
            for flag in guide::RED_FLAGS {
                ui.label(RichText::new(format!("•  {flag}")).size(theme::BODY + 2.0));
            }
            ui.add_space(16.0);
            let label = match self.after_safety {
                Some(super::app::AfterSafety::StartRoutine) => "I understand — start the routine",
                Some(super::app::AfterSafety::StartExercise(_)) => {
                    "I understand — start the exercise"
                }
                _ => "I understand",
            };
            if ui
                .add(
                    egui::Button::new(RichText::new(label).size(theme::TITLE)).fill(theme::INFO_BG),
                )
                .clicked()
            {
                self.acknowledge_safety();
            }
            if self.settings.safety_acknowledged {
                ui.label(
                    RichText::new("This page is always reachable from \"Safety\" at the top.")
                        .size(theme::SMALL)
                        .color(theme::TEXT_DIM),
                );
            }
        });
    }

    /// No camera (or the chosen source failed): say so and offer a video or a folder.
    pub(super) fn no_source_ui(&mut self, ui: &mut Ui, reason: &str) {
        ui.add_space(20.0);
        ui.label(
            RichText::new(reason)
                .size(theme::HEADLINE)
                .strong()
                .color(theme::BORDERLINE),
        );
        ui.label(
            RichText::new(
                "You can still practise: open a video file or a folder of photos, \
                 or plug in a camera and try again.",
            )
            .size(theme::BODY + 2.0),
        );
        ui.add_space(12.0);
        self.open_path_ui(ui);
        ui.add_space(12.0);
        if ui.button("Try the camera again").clicked() {
            self.use_camera();
        }
    }

    fn open_path_ui(&mut self, ui: &mut Ui) {
        ui.label(RichText::new("Video file or image folder:").size(theme::BODY));
        let mut open = false;
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.path_input)
                    .hint_text("/path/to/clip.mp4 or /path/to/photos/")
                    .desired_width(700.0)
                    .font(theme::font(theme::BODY)),
            );
            if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                open = true;
            }
            if ui.button("Open").clicked() {
                open = true;
            }
        });
        if open {
            let text = self.path_input.clone();
            self.open_path(&text);
        }
        if let Some(p) = &self.path_problem {
            ui.label(RichText::new(p).size(theme::BODY).color(theme::WRONG));
        }
    }

    /// The camera stopped mid-session: the session and routine are kept (paused).
    pub(super) fn camera_lost_ui(&mut self, ui: &mut Ui, message: &str) {
        widgets::banner_ui(ui, "The camera stopped.", widgets::BannerKind::Problem);
        ui.label(
            RichText::new(message)
                .size(theme::BODY)
                .color(theme::TEXT_DIM),
        );
        ui.label(
            RichText::new(
                "Your session is kept and paused. Plug the camera back in and reconnect.",
            )
            .size(theme::BODY + 2.0),
        );
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new("Reconnect").size(theme::TITLE))
                .clicked()
            {
                self.restart_pipeline();
            }
            if ui.button("End session").clicked() {
                self.end_session(EndReason::CameraLost, true);
            }
        });
        ui.add_space(12.0);
        self.open_path_ui(ui);
    }

    pub(super) fn summary_ui(&mut self, ui: &mut Ui) {
        ui.label(
            RichText::new("Session summary")
                .size(theme::HEADLINE)
                .strong(),
        );
        if let Some(p) = &self.summary_problem {
            ui.label(RichText::new(p).size(theme::BODY).color(theme::BORDERLINE));
        }
        let Some(loaded) = &self.summary else {
            ui.label(
                RichText::new(
                    "No session yet. Finish a routine or an exercise, or open one from History.",
                )
                .size(theme::BODY),
            );
            return;
        };
        let s = &loaded.summary;
        ui.label(
            RichText::new(format!(
                "{} · {} · {:.0} min · {} of {} exercises done · {} reps · {:.0} s held{}",
                s.started_at,
                if s.mode == session::Mode::Routine {
                    "routine"
                } else {
                    "free practice"
                },
                s.duration_secs / 60.0,
                s.exercises_done,
                s.exercises.len(),
                s.total_reps,
                s.total_hold_secs,
                match s.end_reason {
                    Some(EndReason::CameraLost) => " · camera lost",
                    Some(EndReason::Quit) => " · stopped early",
                    None => " · not ended cleanly",
                    _ => "",
                }
            ))
            .size(theme::BODY)
            .color(theme::TEXT_DIM),
        );
        egui::ScrollArea::vertical().show(ui, |ui| {
            for ex in &s.exercises {
                ui.separator();
                let target = ex.target.map_or("?".to_owned(), |t| t.to_string());
                let what = if ex.dose.as_ref().is_some_and(|d| d.is_hold()) { "holds" } else { "reps" };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&ex.name).size(theme::TITLE).strong());
                    ui.label(
                        RichText::new(format!("{} / {target} {what}", ex.done))
                            .size(theme::TITLE)
                            .color(if ex.met_dose { theme::GOOD } else { theme::BORDERLINE }),
                    );
                });
                ui.label(
                    RichText::new(format!(
                        "{} reps ({} reached the range, {:.1} s each) · {} holds ({} completed, {:.0} s) · {} corrections",
                        ex.reps, ex.reps_in_range, ex.mean_rep_secs, ex.holds, ex.holds_completed, ex.hold_secs, ex.corrections
                    ))
                    .size(theme::BODY),
                );
                if ex.movements > 0 {
                    let name = ex.movement_name.as_deref().unwrap_or("movement");
                    let s = if ex.movements == 1 { "" } else { "s" };
                    ui.label(RichText::new(format!("{} {name}{s} counted", ex.movements)).size(theme::BODY));
                }
                let reps = loaded.session.reps(&ex.id);
                if !reps.is_empty() {
                    ui.horizontal_wrapped(|ui| {
                        for (_, rep) in &reps {
                            let colour = if rep.quality.worst_fault.is_some() {
                                theme::WRONG
                            } else if rep.quality.range_reached {
                                theme::GOOD
                            } else {
                                theme::BORDERLINE
                            };
                            let side = rep.side.map(|s| format!(" {}", s.as_str())).unwrap_or_default();
                            let fault = rep.quality.worst_fault.as_deref().map(|f| format!(" · {f}")).unwrap_or_default();
                            let held = rep.quality.held_secs.map(|h| format!(", held {h:.1} s")).unwrap_or_default();
                            ui.label(
                                RichText::new(format!("rep {}{side}: {:.1} s{held}{fault}", rep.index, rep.quality.duration_secs))
                                    .size(theme::SMALL)
                                    .color(colour),
                            );
                        }
                    });
                }
                ui.columns(2, |cols| {
                    angle_plot_ui(&mut cols[0], &loaded.session, &ex.id);
                    hold_plot_ui(&mut cols[1], &loaded.session, &ex.id);
                });
            }
            ui.separator();
            ui.label(RichText::new("Corrections given most").size(theme::TITLE).strong());
            if s.top_corrections.is_empty() {
                ui.label(RichText::new("None: clean form.").size(theme::BODY).color(theme::GOOD));
            }
            for c in s.top_corrections.iter().take(5) {
                ui.label(RichText::new(format!("{}×  {}", c.count, c.message)).size(theme::BODY));
            }
        });
    }

    pub(super) fn history_ui(&mut self, ui: &mut Ui) {
        ui.label(RichText::new("History").size(theme::HEADLINE).strong());
        let Some(dir) = self.options.session_dir.clone() else {
            ui.label(RichText::new("Sessions are not recorded in this run.").size(theme::BODY));
            return;
        };
        if self.history.is_none() {
            self.history = Some(match session::list_sessions(&dir) {
                Ok(list) => Ok(list),
                Err(e) => Err(e.to_string()),
            });
        }
        ui.label(
            RichText::new(format!("Sessions in {}", dir.display()))
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        if let Some(m) = &self.export_message {
            ui.label(RichText::new(m).size(theme::BODY).color(theme::ACCENT));
        }
        let list = match &self.history {
            Some(Ok(list)) => list.clone(),
            Some(Err(e)) => {
                ui.label(RichText::new(e).size(theme::BODY).color(theme::BORDERLINE));
                return;
            }
            None => return,
        };
        if list.is_empty() {
            ui.label(RichText::new("No sessions yet.").size(theme::BODY));
        }
        let mut open = None;
        let mut export = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("history")
                .striped(true)
                .spacing([24.0, 8.0])
                .show(ui, |ui| {
                    for h in [
                        "started",
                        "mode",
                        "minutes",
                        "exercises",
                        "reps",
                        "held",
                        "",
                    ] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for s in &list {
                        ui.label(&s.started_at);
                        ui.label(if s.mode == session::Mode::Routine {
                            "routine"
                        } else {
                            "free"
                        });
                        ui.label(format!("{:.1}", s.duration_secs / 60.0));
                        ui.label(format!("{} / {}", s.exercises_done, s.exercises.len()));
                        ui.label(s.total_reps.to_string());
                        ui.label(format!("{:.0} s", s.total_hold_secs));
                        ui.horizontal(|ui| {
                            if ui.button("Open").clicked() {
                                open = Some(s.path.clone());
                            }
                            if ui.button("CSV").clicked() {
                                export = Some((s.path.clone(), "csv"));
                            }
                            if ui.button("JSON").clicked() {
                                export = Some((s.path.clone(), "json"));
                            }
                        });
                        ui.end_row();
                    }
                });
        });
        if let Some(p) = open {
            self.load_summary(&p);
        }
        if let Some((p, kind)) = export {
            self.export_message = Some(export_session(&p, kind));
        }
    }

    pub(super) fn ice_heat_ui(&mut self, ui: &mut Ui) {
        ui.label(RichText::new("Ice and heat").size(theme::HEADLINE).strong());
        ui.horizontal(|ui| {
            for t in [Therapy::Ice, Therapy::Heat] {
                if ui
                    .selectable_label(
                        self.countdown.therapy == t,
                        RichText::new(t.name()).size(theme::TITLE),
                    )
                    .clicked()
                    && self.countdown.therapy != t
                {
                    self.countdown = Countdown::new(t);
                }
            }
        });
        let therapy = self.countdown.therapy;
        ui.label(RichText::new(therapy.advice()).size(theme::BODY + 4.0));
        if therapy == Therapy::Heat {
            egui::Frame::new()
                .fill(theme::SAFETY_BG)
                .inner_margin(12)
                .corner_radius(8)
                .show(ui, |ui| {
                    ui.label(
                        RichText::new("No heat if you have:")
                            .size(theme::BODY)
                            .strong()
                            .color(theme::BORDERLINE),
                    );
                    for c in guide::HEAT_CAUTIONS {
                        ui.label(RichText::new(format!("•  {c}")).size(theme::BODY));
                    }
                });
        }
        let colour = if therapy == Therapy::Ice {
            theme::ICE
        } else {
            theme::HEAT
        };
        ui.label(
            RichText::new(self.countdown.text())
                .size(theme::BIG_NUMBER * 2.0)
                .strong()
                .color(colour),
        );
        ui.add(egui::ProgressBar::new(self.countdown.fraction()).fill(colour));
        ui.horizontal(|ui| {
            if self.countdown.is_running() {
                if ui
                    .button(RichText::new("Pause").size(theme::TITLE))
                    .clicked()
                {
                    self.countdown.pause();
                }
            } else if !self.countdown.is_done()
                && ui
                    .button(RichText::new("Start").size(theme::TITLE))
                    .clicked()
            {
                self.countdown.start();
            }
            if ui
                .button(RichText::new("Reset").size(theme::TITLE))
                .clicked()
            {
                self.countdown = Countdown::new(therapy);
            }
        });
        if self.countdown.is_done() {
            ui.label(
                RichText::new("Time is up: take it off.")
                    .size(theme::TITLE)
                    .color(theme::GOOD),
            );
        }
    }

    pub(super) fn habits_ui(&mut self, ui: &mut Ui) {
        ui.label(RichText::new("Every day").size(theme::HEADLINE).strong());
        for (title, text) in guide::HABITS {
            egui::Frame::new()
                .fill(theme::PANEL)
                .inner_margin(16)
                .corner_radius(10)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width().min(1000.0));
                    ui.label(
                        RichText::new(title)
                            .size(theme::TITLE)
                            .strong()
                            .color(theme::ACCENT),
                    );
                    ui.label(RichText::new(text).size(theme::BODY + 4.0));
                });
        }
    }

    pub(super) fn settings_ui(&mut self, ui: &mut Ui) {
        ui.label(RichText::new("Settings").size(theme::HEADLINE).strong());
        let before = self.settings.clone();
        egui::Grid::new("settings")
            .spacing([24.0, 14.0])
            .show(ui, |ui| {
                ui.label("Camera");
                ui.horizontal(|ui| {
                    if self.cameras.is_none() {
                        self.cameras =
                            Some(crate::source::list_cameras().map_err(|e| e.to_string()));
                    }
                    match &self.cameras {
                        Some(Ok(list)) if !list.is_empty() => {
                            let selected = list
                                .iter()
                                .find(|(i, _)| *i == self.settings.camera_index)
                                .map(|(i, n)| format!("{i}: {n}"))
                                .unwrap_or_else(|| self.settings.camera_index.to_string());
                            egui::ComboBox::new("camera", "device")
                                .selected_text(selected)
                                .show_ui(ui, |ui| {
                                    for (i, n) in list {
                                        ui.selectable_value(
                                            &mut self.settings.camera_index,
                                            *i,
                                            format!("{i}: {n}"),
                                        );
                                    }
                                });
                        }
                        Some(Ok(_)) => {
                            ui.label(RichText::new("no camera found").color(theme::BORDERLINE));
                        }
                        Some(Err(e)) => {
                            ui.label(RichText::new(e.as_str()).color(theme::BORDERLINE));
                        }
                        None => {}
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
                        self.settings.camera_width, self.settings.camera_height
                    ))
                    .show_ui(ui, |ui| {
                        for (w, h) in RESOLUTIONS {
                            if ui
                                .selectable_label(
                                    (self.settings.camera_width, self.settings.camera_height)
                                        == (w, h),
                                    format!("{w}×{h}"),
                                )
                                .clicked()
                            {
                                self.settings.camera_width = w;
                                self.settings.camera_height = h;
                            }
                        }
                    });
                ui.end_row();
                ui.label("Pose model");
                ui.horizontal(|ui| {
                    for m in ModelKind::ALL {
                        ui.radio_value(&mut self.settings.model, m, m.as_str());
                    }
                });
                ui.end_row();
                ui.label("Picture");
                ui.checkbox(&mut self.settings.mirror, "Mirror (like a mirror)");
                ui.end_row();
                ui.label("Sounds");
                ui.checkbox(
                    &mut self.settings.sounds,
                    "Tone when a rep counts or a hold completes",
                );
                ui.end_row();
                ui.label("Voice");
                ui.add_enabled(
                    self.cues.can_speak() || !self.options.audio,
                    egui::Checkbox::new(&mut self.settings.voice, "Speak corrections"),
                );
                ui.end_row();
                ui.label("Rest between exercises");
                ui.add(egui::Slider::new(&mut self.settings.rest_secs, 5.0..=120.0).suffix(" s"));
                ui.end_row();
            });
        ui.label(
            RichText::new(self.cues.describe())
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        if self.options.model.is_some() {
            ui.label(
                RichText::new(format!(
                    "This run uses --model {} from the command line.",
                    self.model()
                ))
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
            );
        }
        if self.settings != before {
            let restart = self.settings.camera_index != before.camera_index
                || self.settings.camera_width != before.camera_width
                || self.settings.camera_height != before.camera_height
                || (self.settings.model != before.model && self.options.model.is_none());
            self.save_settings();
            if restart {
                if matches!(self.source, Some(crate::source::SourceSpec::Camera(_))) {
                    self.use_camera();
                } else if self.settings.model != before.model {
                    self.restart_pipeline();
                }
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Use the camera").clicked() {
                self.use_camera();
                self.screen = Screen::Live;
            }
        });
        self.open_path_ui(ui);
        if let SourceStatus::Missing { reason } = &self.source_status {
            ui.label(
                RichText::new(reason)
                    .size(theme::SMALL)
                    .color(theme::BORDERLINE),
            );
        }
    }
}

fn angle_plot_ui(ui: &mut Ui, session: &session::Session, exercise: &str) {
    // The exercise's key angle: whichever angle name was recorded for it first.
    let name = session.events.iter().find_map(|e| match &e.record {
        session::Record::Angle(a) if a.exercise == exercise => Some(a.name.clone()),
        _ => None,
    });
    let Some(name) = name else {
        ui.label(
            RichText::new("No angle samples.")
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        return;
    };
    let series = session.angle_series(exercise, &name);
    ui.label(RichText::new(format!("{name} (°) over time (s)")).size(theme::SMALL));
    let points: PlotPoints = series.iter().map(|&(t, d)| [t, d]).collect();
    Plot::new(format!("angle-{exercise}"))
        .height(200.0)
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |p| {
            p.line(
                Line::new(name.clone(), points)
                    .color(theme::ACCENT)
                    .width(2.5),
            );
        });
}

fn hold_plot_ui(ui: &mut Ui, session: &session::Session, exercise: &str) {
    let holds = session.holds(exercise);
    if holds.is_empty() {
        ui.label(
            RichText::new("No holds.")
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        return;
    }
    ui.label(RichText::new("Hold durations (s)").size(theme::SMALL));
    let target = session.events.iter().find_map(|e| match &e.record {
        session::Record::Hold(h) if h.exercise == exercise => Some(h.target_secs),
        _ => None,
    });
    let bars: Vec<Bar> = holds
        .iter()
        .enumerate()
        .map(|(i, &(_, _, secs, completed))| {
            let colour: Color32 = if completed {
                theme::GOOD
            } else {
                theme::BORDERLINE
            };
            Bar::new((i + 1) as f64, secs).fill(colour).width(0.6)
        })
        .collect();
    Plot::new(format!("holds-{exercise}"))
        .height(200.0)
        .allow_scroll(false)
        .allow_drag(false)
        .include_y(0.0)
        .show(ui, |p| {
            p.bar_chart(BarChart::new("holds", bars).color(theme::GOOD));
            if let Some(t) = target {
                let n = holds.len() as f64 + 1.0;
                p.line(
                    Line::new("target", PlotPoints::from(vec![[0.0, t], [n, t]]))
                        .color(theme::TEXT_DIM),
                );
            }
        });
}

/// Writes `<session>.csv|json` next to the session file; returns a message for the screen.
fn export_session(path: &std::path::Path, kind: &str) -> String {
    let session = match session::read_session(path) {
        Ok(s) => s,
        Err(e) => return format!("Export failed: {e}"),
    };
    let out = path.with_extension(kind);
    let result = std::fs::File::create(&out).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        if kind == "csv" {
            session::export::write_csv(&session, &mut w)?;
        } else {
            session::export::write_json(&session, &mut w)?;
        }
        std::io::Write::flush(&mut w)
    });
    match result {
        Ok(()) => format!("Exported to {}", out.display()),
        Err(e) => format!("Export failed: {}: {e}", out.display()),
    }
}
