//! History: the recorded sessions in a table, each opened on the summary screen or
//! exported next to its file as CSV or JSON. Its state is the list read from the session
//! folder (read again each time the screen is opened) and the last export's outcome: the
//! file it was saved to, with an "Open folder" button (through `xdg-open`; when that is
//! missing the screen says so and names the folder).

use super::app::Action;
use super::theme;
use crate::session::{self, SessionError, SessionSummary};
use eframe::egui::{self, RichText, Ui};
use std::path::{Path, PathBuf};

/// The sessions listed, and the last export's outcome.
#[derive(Default)]
pub struct HistoryScreen {
    list: Option<Result<Vec<SessionSummary>, SessionError>>,
    export: Option<Exported>,
}

/// What the last export did.
#[derive(Debug, Clone, PartialEq)]
enum Exported {
    /// Saved to this file; `opener` is what "Open folder" last said (if it failed).
    Saved {
        file: PathBuf,
        opener: Option<String>,
    },
    Failed(String),
}

/// A row's height, so labels sit level with the row's buttons.
const ROW_HEIGHT: f32 = 40.0;

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
        ui.label(
            RichText::new(format!("Sessions in {}", dir.display()))
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        self.export_ui(ui);
        let list = match self.list.get_or_insert_with(|| session::list_sessions(dir)) {
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
                .num_columns(7)
                .min_row_height(ROW_HEIGHT)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    for h in ["started", "mode", "length", "exercises", "reps", "held", ""] {
                        cell(ui, RichText::new(h).strong());
                    }
                    ui.end_row();
                    for s in &list {
                        cell(ui, session::words::local_time(&s.started_at).into());
                        cell(
                            ui,
                            if s.mode == session::Mode::Routine {
                                "routine"
                            } else {
                                "free"
                            }
                            .into(),
                        );
                        cell(ui, session::words::duration(s.duration_secs).into());
                        cell(
                            ui,
                            format!("{} / {}", s.exercises_done, s.exercises.len()).into(),
                        );
                        cell(ui, s.total_reps.to_string().into());
                        cell(ui, session::words::duration(s.total_hold_secs).into());
                        cell_ui(ui, |ui| {
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
            self.export = Some(export_session(&p, kind));
        }
        open.map(Action::OpenSummary)
    }

    /// The last export: where it was saved, with "Open folder"; or why it failed.
    fn export_ui(&mut self, ui: &mut Ui) {
        match &mut self.export {
            None => {}
            Some(Exported::Failed(why)) => {
                ui.label(
                    RichText::new(why.as_str())
                        .size(theme::BODY)
                        .color(theme::WRONG),
                );
            }
            Some(Exported::Saved { file, opener }) => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("Exported to {}", file.display()))
                            .size(theme::BODY)
                            .color(theme::ACCENT),
                    );
                    if ui.button("Open folder").clicked() {
                        let dir = file.parent().unwrap_or(Path::new("."));
                        *opener = open_folder(dir).err();
                    }
                });
                if let Some(why) = opener {
                    ui.label(
                        RichText::new(why.as_str())
                            .size(theme::BODY)
                            .color(theme::BORDERLINE),
                    );
                }
            }
        }
    }
}

/// A table cell whose content is centred on the row's height (labels level with buttons).
fn cell(ui: &mut Ui, text: RichText) {
    cell_ui(ui, |ui| {
        ui.label(text);
    });
}

fn cell_ui(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    ui.allocate_ui_with_layout(
        egui::vec2(0.0, ROW_HEIGHT),
        egui::Layout::left_to_right(egui::Align::Center),
        add,
    );
}

/// Opens `dir` in the desktop's file manager through `xdg-open`, without waiting for it.
/// Err: what to tell the person (no `xdg-open` on this computer, or it failed to start).
pub fn open_folder(dir: &Path) -> Result<(), String> {
    open_folder_with("xdg-open", dir)
}

/// [`open_folder`] with the opener program named (tests use one that is absent).
pub fn open_folder_with(opener: &str, dir: &Path) -> Result<(), String> {
    match std::process::Command::new(opener)
        .arg(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(child) => {
            // Reaped on its own thread so no zombie is left behind.
            let mut child = child;
            std::thread::spawn(move || child.wait());
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "Cannot open the folder: {opener} is not installed on this computer. The file is in {}",
            dir.display()
        )),
        Err(e) => Err(format!(
            "Cannot open the folder {} with {opener}: {e}",
            dir.display()
        )),
    }
}

/// Writes `<session>.csv|json` next to the session file.
fn export_session(path: &std::path::Path, kind: &str) -> Exported {
    let session = match session::read_session(path) {
        Ok(s) => s,
        Err(e) => return Exported::Failed(format!("Export failed: {e}")),
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
        Ok(()) => Exported::Saved {
            file: out,
            opener: None,
        },
        Err(e) => Exported::Failed(format!("Export failed: {}: {e}", out.display())),
    }
}
