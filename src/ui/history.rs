//! History: the recorded sessions in a table, each opened on the summary screen or
//! exported next to its file as CSV or JSON. Its state is the list read from the session
//! folder (read again each time the screen is opened) and the last export's message.

use super::app::Action;
use super::theme;
use crate::session::{self, SessionError, SessionSummary};
use eframe::egui::{self, RichText, Ui};
use std::path::Path;

/// The sessions listed, and the last export's message.
#[derive(Default)]
pub struct HistoryScreen {
    list: Option<Result<Vec<SessionSummary>, SessionError>>,
    export_message: Option<String>,
}

impl HistoryScreen {
    /// The list is read again the next time the screen is drawn.
    pub fn refresh(&mut self) {
        self.list = None;
    }

    pub fn ui(&mut self, ui: &mut Ui, session_dir: Option<&Path>) -> Option<Action> {
        ui.label(RichText::new("History").size(theme::HEADLINE).strong());
        let Some(dir) = session_dir else {
            ui.label(RichText::new("Sessions are not recorded in this run.").size(theme::BODY));
            return None;
        };
        let list = self.list.get_or_insert_with(|| session::list_sessions(dir));
        ui.label(
            RichText::new(format!("Sessions in {}", dir.display()))
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        if let Some(m) = &self.export_message {
            ui.label(RichText::new(m).size(theme::BODY).color(theme::ACCENT));
        }
        let list = match list {
            Ok(list) => list.clone(),
            Err(e) => {
                ui.label(
                    RichText::new(e.to_string())
                        .size(theme::BODY)
                        .color(theme::BORDERLINE),
                );
                return None;
            }
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
        if let Some((p, kind)) = export {
            self.export_message = Some(export_session(&p, kind));
        }
        open.map(Action::OpenSummary)
    }
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
