//! History: the recorded sessions in a table, each opened on the summary screen, exported
//! next to its file as CSV or JSON, or deleted; everything can be deleted at once, and the
//! physiotherapist's report written (`report.rs`). Its state is the list read from the
//! session folder (read again each time the screen is opened and after a deletion), the
//! last export's outcome — the file it was saved to, with an "Open folder" button (through
//! `xdg-open`; when that is missing the screen says so and names the folder) — and a
//! deletion waiting for its confirmation ([`Deletion`]), which says what will go and that
//! it cannot be undone.

use super::action::Action;
use super::opener::saved_ui;
use super::report::ReportButton;
use super::theme;
use crate::content::Catalog;
use crate::session::{self, SessionError, SessionSummary};
use eframe::egui::{self, RichText, Ui};
use std::path::{Path, PathBuf};

/// The sessions listed, the last export's outcome, a deletion to confirm.
#[derive(Default)]
pub struct HistoryScreen {
    list: Option<Result<Vec<SessionSummary>, SessionError>>,
    export: Option<Exported>,
    confirm: Option<Deletion>,
    /// What the last deletion did.
    deleted: Option<Result<session::Deleted, SessionError>>,
    report: ReportButton,
}

/// A deletion asked for, waiting for "Yes, delete" or "Keep".
#[derive(Debug, Clone, PartialEq)]
enum Deletion {
    /// One session: its file, and when it was (in words).
    One { path: PathBuf, when: String },
    /// Every session of the folder.
    All { paths: Vec<PathBuf>, dir: PathBuf },
}

impl Deletion {
    /// The question, naming what will go.
    fn question(&self) -> String {
        match self {
            Self::One { path, when } => format!(
                "Delete the session of {when}? Its file {} and the CSV or JSON exported from it will be removed. This cannot be undone.",
                path.display()
            ),
            Self::All { paths, dir } => format!(
                "Delete everything: all {} in {}, with the CSV and JSON files exported from them and the reports saved there? Your progress and reports start again from nothing. This cannot be undone.",
                session::words::count(u32::try_from(paths.len()).unwrap_or(u32::MAX), "session", "sessions"),
                dir.display()
            ),
        }
    }

    /// Removes the files (see [`session::delete_sessions`]): what was done, or why not.
    fn carry_out(&self) -> Result<session::Deleted, SessionError> {
        let (paths, all_of) = match self {
            Self::One { path, .. } => (std::slice::from_ref(path), None),
            Self::All { paths, dir } => (paths.as_slice(), Some(dir.as_path())),
        };
        session::delete_sessions(paths, all_of)
    }
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

impl HistoryScreen {
    /// The list is read again the next time the screen is drawn.
    pub fn refresh(&mut self) {
        self.list = None;
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        session_dir: Option<&Path>,
        catalog: Option<&Catalog>,
        report: &super::report::ReportDetails,
    ) -> Option<Action> {
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
        self.confirm_ui(ui);
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
        let mut report_action = None;
        if list.is_empty() {
            ui.label(
                RichText::new(
                    "No sessions yet. Finish a routine or an exercise and it is listed here.",
                )
                .size(theme::BODY),
            );
        } else {
            report_action = self.report.ui(ui, dir, catalog, report);
            // Away from the report button: at the foot of the screen, under the list.
            egui::Panel::bottom("delete_everything")
                .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 10)))
                .show(ui, |ui| {
                    if ui.button("Delete everything…").clicked() {
                        self.confirm = Some(Deletion::All {
                            paths: list.iter().map(|s| s.path.clone()).collect(),
                            dir: dir.to_owned(),
                        });
                    }
                });
        }
        let picked = egui::ScrollArea::vertical()
            .show(ui, |ui| table_ui(ui, &list))
            .inner;
        match picked {
            Some(Picked::Open(p)) => return Some(Action::OpenSummary(p)),
            Some(Picked::Export(p, kind)) => self.export = Some(export_session(&p, kind)),
            Some(Picked::Delete(path, when)) => {
                self.confirm = Some(Deletion::One { path, when });
            }
            None => {}
        }
        report_action
    }

    /// The deletion waiting for an answer, and what the last one did.
    fn confirm_ui(&mut self, ui: &mut Ui) {
        if let Some(done) = &self.deleted {
            let (text, colour) = match done {
                Ok(d) => (
                    format!(
                        "Deleted {}.",
                        session::words::count(
                            u32::try_from(d.sessions).unwrap_or(u32::MAX),
                            "session",
                            "sessions"
                        )
                    ),
                    theme::ACCENT,
                ),
                Err(e) => (format!("Nothing deleted: {e}"), theme::WRONG),
            };
            ui.label(RichText::new(text).size(theme::BODY).color(colour));
        }
        let Some(deletion) = &self.confirm else {
            return;
        };
        let mut answer = None;
        egui::Frame::new()
            .fill(theme::WARNING_BG)
            .inner_margin(10)
            .corner_radius(6)
            .show(ui, |ui| {
                ui.label(RichText::new(deletion.question()).size(theme::BODY));
                ui.horizontal(|ui| {
                    if ui
                        .button(RichText::new("Yes, delete").size(theme::BODY))
                        .clicked()
                    {
                        answer = Some(true);
                    }
                    if ui.button(RichText::new("Keep").size(theme::BODY)).clicked() {
                        answer = Some(false);
                    }
                });
            });
        match answer {
            Some(true) => {
                self.deleted = Some(deletion.carry_out());
                self.confirm = None;
                self.export = None;
                self.refresh();
            }
            Some(false) => self.confirm = None,
            None => {}
        }
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
                let said = format!("Exported to {}", file.display());
                saved_ui(ui, &said, file, None, opener);
            }
        }
    }
}

/// What a row's button asked for.
enum Picked {
    Open(PathBuf),
    Export(PathBuf, &'static str),
    /// Delete this session (its start time in words, for the question).
    Delete(PathBuf, String),
}

/// The sessions, newest first: each in two lines (when and how long; the exercises done and
/// the pain) with its buttons under them, so a row never runs past a narrow window.
fn table_ui(ui: &mut Ui, list: &[SessionSummary]) -> Option<Picked> {
    let mut picked = None;
    for s in list {
        ui.separator();
        let when = session::words::local_time(&s.started_at);
        ui.label(
            RichText::new(format!(
                "{when} · {}",
                session::words::duration(s.duration_secs)
            ))
            .size(theme::BODY)
            .strong(),
        );
        ui.label(
            RichText::new(format!(
                "{} · back pain {}",
                exercises_words(s),
                pain_words(s)
            ))
            .size(theme::BODY),
        );
        ui.horizontal_wrapped(|ui| {
            if ui.button("Open").clicked() {
                picked = Some(Picked::Open(s.path.clone()));
            }
            if ui.button("CSV").clicked() {
                picked = Some(Picked::Export(s.path.clone(), "csv"));
            }
            if ui.button("JSON").clicked() {
                picked = Some(Picked::Export(s.path.clone(), "json"));
            }
            if ui.button("Delete").clicked() {
                picked = Some(Picked::Delete(s.path.clone(), when.clone()));
            }
        });
    }
    picked
}

/// The exercises a session did, by name, with how many of those planned met their dose:
/// "Bridge, Cobra (1 of 11 done)".
fn exercises_words(s: &SessionSummary) -> String {
    let names: Vec<&str> = s.exercises.iter().map(|e| e.name.as_str()).collect();
    let shown = match names.len() {
        0 => "none started".to_owned(),
        1..=3 => names.join(", "),
        n => format!("{}, and {} more", names[..2].join(", "), n - 2),
    };
    format!(
        "{shown} ({} of {} done)",
        s.exercises_done,
        s.exercises_planned()
    )
}

/// Back pain at the start and the end: "start 4, end 3", "start 4, end not rated".
fn pain_words(s: &SessionSummary) -> String {
    let r = |v: Option<u8>| v.map_or("not rated".to_owned(), |v| v.to_string());
    if s.pain_start.is_none() && s.pain_end.is_none() {
        return "not rated".to_owned();
    }
    format!("start {}, end {}", r(s.pain_start), r(s.pain_end))
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
