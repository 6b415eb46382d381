//! History: the recorded sessions in a table, each opened on the summary screen, exported
//! next to its file as CSV or JSON, or deleted; everything can be deleted at once, and the
//! physiotherapist's report written (`report.rs`). Its state is the list read from the
//! session folder (read again each time the screen is opened and after a deletion), the
//! last export's outcome — the file it was saved to, with an "Open folder" button (through
//! `xdg-open`; when that is missing the screen says so and names the folder) — and a
//! deletion waiting for its confirmation ([`Asked`]), which says what will go and that it
//! cannot be undone, then what it did.
//!
//! The folder work is the library's (`progress::screens::read_history`,
//! `session::export::export_beside`, `session::Deletion`), each run on a thread of its own
//! ([`Background`]): the screen says "Reading your sessions…", "Exporting…" or "Deleting…"
//! meanwhile and draws what the work answers.

use super::action::Action;
use super::background::Background;
use super::opener::saved_ui;
use super::report::ReportButton;
use super::theme;
use super::widgets::sessions_read_ui;
use crate::content::Catalog;
use crate::progress::screens::read_history;
use crate::session::export::{export_beside, ExportError, ExportKind};
use crate::session::{self, Deleted, Deletion, SessionError, SessionSummary};
use eframe::egui::{self, RichText, Ui};
use std::path::{Path, PathBuf};

/// The sessions listed, the last export's outcome, a deletion to confirm.
#[derive(Default)]
pub struct HistoryScreen {
    /// The sessions being read off the UI thread, then the list.
    list: Option<Background<Result<Vec<SessionSummary>, SessionError>>>,
    /// The last export: being written, or the file it was saved to (or why not).
    export: Option<Work<Result<PathBuf, ExportError>>>,
    /// What "Open folder" last said of the export, when it failed.
    opener: Option<String>,
    confirm: Option<Asked>,
    /// The last deletion: being carried out, or what it did.
    deleted: Option<Work<Result<Deleted, SessionError>>>,
    report: ReportButton,
    /// In the browser: what the page said of the last export or import of every session.
    #[cfg(target_arch = "wasm32")]
    browser_said: Option<String>,
}

/// Work on a thread of its own ([`Background`]), then its answer.
enum Work<T> {
    Running(Background<T>),
    Done(T),
    /// The thread ended without an answer.
    Lost,
}

impl<T: Send + 'static> Work<T> {
    /// Starts `work` off the UI thread; the window is repainted when it is done.
    fn start(ui: &Ui, work: impl FnOnce() -> T + Send + 'static) -> Self {
        let ctx = ui.ctx().clone();
        Self::Running(Background::start(work, move || ctx.request_repaint()))
    }

    /// Takes the answer once it is there; whether it came (or the work was lost) just now.
    fn poll(&mut self) -> bool {
        let Self::Running(job) = self else {
            return false;
        };
        if job.poll().is_none() && !job.lost() {
            return false;
        }
        let done = std::mem::replace(self, Self::Lost);
        if let Self::Running(job) = done {
            *self = job.into_result().map_or(Self::Lost, Self::Done);
        }
        true
    }
}

/// A deletion asked for, waiting for "Yes, delete" or "Keep".
#[derive(Debug, Clone, PartialEq)]
enum Asked {
    /// One session: its file, and when it was (in words).
    One { path: PathBuf, when: String },
    /// Every session of the folder.
    All { paths: Vec<PathBuf>, dir: PathBuf },
}

impl Asked {
    /// The question, naming what will go.
    fn question(&self) -> String {
        match self {
            // In the browser what was exported or saved was downloaded: only the record goes.
            Self::One { when, .. } if cfg!(target_arch = "wasm32") => format!(
                "Delete the session of {when}? It will be removed from this browser. This cannot be undone."
            ),
            Self::One { path, when } => format!(
                "Delete the session of {when}? Its file {} and the CSV or JSON exported from it will be removed. This cannot be undone.",
                path.display()
            ),
            Self::All { paths, .. } if cfg!(target_arch = "wasm32") => format!(
                "Delete everything: all {} kept in this browser? Your progress and reports start again from nothing. This cannot be undone.",
                session::words::count(u32::try_from(paths.len()).unwrap_or(u32::MAX), "session", "sessions"),
            ),
            Self::All { paths, dir } => format!(
                "Delete everything: all {} in {}, with the CSV and JSON files exported from them and the reports saved there? Your progress and reports start again from nothing. This cannot be undone.",
                session::words::count(u32::try_from(paths.len()).unwrap_or(u32::MAX), "session", "sessions"),
                dir.display()
            ),
        }
    }

    /// What the library is asked to remove.
    fn deletion(&self) -> Deletion {
        match self {
            Self::One { path, .. } => Deletion::One(path.clone()),
            Self::All { paths, dir } => Deletion::All {
                paths: paths.clone(),
                dir: dir.clone(),
            },
        }
    }
}

impl HistoryScreen {
    /// In the browser, every session moves as one file (the page makes and reads it:
    /// `crate::session::page`): export, and import (the list is read again after it).
    #[cfg(target_arch = "wasm32")]
    fn browser_record_ui(&mut self, ui: &mut Ui) {
        use crate::session::page::{self, Ask};
        if let Some(said) = page::take_said() {
            self.browser_said = Some(said);
            self.refresh();
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button("Export every session (one file)").clicked() {
                page::ask(Ask::ExportAll);
            }
            if ui.button("Import sessions…").clicked() {
                page::ask(Ask::Import);
            }
        });
        if let Some(said) = &self.browser_said {
            ui.label(RichText::new(said).size(theme::BODY));
        }
        if let Some(kept) = page::kept() {
            ui.label(
                RichText::new(kept)
                    .size(theme::SMALL)
                    .color(theme::TEXT_DIM),
            );
        }
    }

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
        let mut place = format!("Sessions {}", crate::files::kept_where(dir, "in"));
        if cfg!(target_arch = "wasm32") {
            place.push_str(", on this device only");
        }
        ui.label(
            RichText::new(place)
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        #[cfg(target_arch = "wasm32")]
        self.browser_record_ui(ui);
        self.export_ui(ui);
        if self.confirm_ui(ui) {
            return None;
        }
        let job = self.list.get_or_insert_with(|| {
            let (dir, ctx) = (dir.to_path_buf(), ui.ctx().clone());
            Background::start(move || read_history(&dir), move || ctx.request_repaint())
        });
        let list = sessions_read_ui(ui, job)?.clone();
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
                        self.confirm = Some(Asked::All {
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
            Some(Picked::Export(p, kind)) => {
                self.export = Some(Work::start(ui, move || export_beside(&p, kind)));
                self.opener = None;
            }
            Some(Picked::Delete(path, when)) => {
                self.confirm = Some(Asked::One { path, when });
            }
            None => {}
        }
        report_action
    }

    /// The deletion waiting for an answer, and what the last one did; whether one is being
    /// carried out now (the list is read again once it is done).
    fn confirm_ui(&mut self, ui: &mut Ui) -> bool {
        if self.deleted.as_mut().is_some_and(Work::poll) {
            self.refresh();
        }
        if let Some(done) = &self.deleted {
            let (text, colour) = match done {
                Work::Running(_) => {
                    ui.label(RichText::new("Deleting…").size(theme::BODY));
                    return true;
                }
                Work::Lost => (
                    "The deletion did not finish: see which sessions are left.".to_owned(),
                    theme::WRONG,
                ),
                Work::Done(Ok(d)) => (
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
                Work::Done(Err(e)) => (format!("Nothing deleted: {e}"), theme::WRONG),
            };
            ui.label(RichText::new(text).size(theme::BODY).color(colour));
        }
        let Some(asked) = &self.confirm else {
            return false;
        };
        let mut answer = None;
        egui::Frame::new()
            .fill(theme::WARNING_BG)
            .inner_margin(10)
            .corner_radius(6)
            .show(ui, |ui| {
                ui.label(RichText::new(asked.question()).size(theme::BODY));
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
                let deletion = asked.deletion();
                self.deleted = Some(Work::start(ui, move || deletion.carry_out()));
                self.confirm = None;
                self.export = None;
            }
            Some(false) => self.confirm = None,
            None => {}
        }
        false
    }

    /// The last export: being written, where it was saved with "Open folder", or why it
    /// failed.
    fn export_ui(&mut self, ui: &mut Ui) {
        if let Some(export) = &mut self.export {
            export.poll();
        }
        let failed = |ui: &mut Ui, why: String| {
            ui.label(RichText::new(why).size(theme::BODY).color(theme::WRONG));
        };
        match &self.export {
            None => {}
            Some(Work::Running(_)) => {
                ui.label(RichText::new("Exporting…").size(theme::BODY));
            }
            Some(Work::Lost) => failed(ui, "Export failed: it could not be written.".into()),
            Some(Work::Done(Err(why))) => failed(ui, why.to_string()),
            Some(Work::Done(Ok(file))) => {
                let said = format!("Exported to {}", file.display());
                saved_ui(ui, &said, file, None, &mut self.opener);
            }
        }
    }
}

/// What a row's button asked for.
enum Picked {
    Open(PathBuf),
    Export(PathBuf, ExportKind),
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
                picked = Some(Picked::Export(s.path.clone(), ExportKind::Csv));
            }
            if ui.button("JSON").clicked() {
                picked = Some(Picked::Export(s.path.clone(), ExportKind::Json));
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
