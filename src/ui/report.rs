//! "Report for my physiotherapist", on the Progress and History screens: the same offline
//! HTML file `formcheck report` writes (`progress::html::report`), for the last 30 days or
//! every session, saved in the session folder as `report-<date>-30d.html` (or `-all`). Like
//! the CSV export, it then says where it was saved, with "Open report" and "Open folder"
//! (through `xdg-open`; nothing leaves the computer). Its state is the period chosen and
//! the last outcome. The first time, it asks for the patient's name and who set the
//! programme (both optional; answered once, changed with "Name on the report…"); sessions
//! from video files are left out unless "Include sessions from video files" is ticked.
//! What the person answers goes back to the app as [`Action::ReportDetails`] (saved in the
//! settings).

use super::action::Action;
use super::background::Background;
use super::opener::saved_ui;
use super::theme;
use crate::content::Catalog;
use crate::progress::report_file::{self, write_report, Period, ReportError, Written};
use crate::progress::report_for::ReportFor;
use crate::session;
use eframe::egui::{self, RichText, Ui};
use std::path::Path;

/// The period's choice, as the radio button names it.
fn label(period: Period) -> &'static str {
    match period {
        Period::Last30Days => "Last 30 days",
        Period::All => "All sessions",
    }
}

/// What the last "Report" click did.
enum Outcome {
    /// Being written on a thread of its own (`progress::report_file::write_report`).
    Writing(Background<Result<Written, ReportError>>),
    Saved {
        /// The file, its sessions and those from video files it left out (they are not
        /// practice).
        written: Written,
        /// What the last "Open …" said, when it failed.
        opener: Option<String>,
    },
    Failed(ReportError),
    /// The writing thread ended without an answer.
    Lost,
}

pub use crate::progress::report_for::ReportDetails;

/// The name and programme being filled in.
#[derive(Debug, Clone, Default)]
struct DetailsForm {
    patient: String,
    programme_by: String,
}

/// The button, its period and its last outcome.
#[derive(Default)]
pub struct ReportButton {
    pub period: Period,
    outcome: Option<Outcome>,
    /// The name and programme asked (the first report, or "Name on the report…").
    form: Option<DetailsForm>,
}

impl ReportButton {
    /// The period choice, the video choice, the button, and where the last report went.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        session_dir: &Path,
        catalog: Option<&Catalog>,
        details: &ReportDetails,
    ) -> Option<Action> {
        let mut action = None;
        let mut for_whom = details.for_whom.clone();
        let mut make = false;
        ui.horizontal_wrapped(|ui| {
            for p in [Period::Last30Days, Period::All] {
                ui.radio_value(&mut self.period, p, label(p));
            }
            if ui
                .checkbox(
                    &mut for_whom.include_video,
                    RichText::new("In the report, include sessions from video files")
                        .size(theme::BODY),
                )
                .changed()
            {
                action = Some(Action::ReportDetails {
                    for_whom: for_whom.clone(),
                    answered: false,
                });
            }
        });
        let writing = matches!(self.outcome, Some(Outcome::Writing(_)));
        ui.horizontal_wrapped(|ui| {
            let button = ui.add_enabled(
                catalog.is_some() && self.form.is_none() && !writing,
                egui::Button::new(RichText::new("Report for my physiotherapist").size(theme::BODY)),
            );
            if button.clicked() {
                if details.asked {
                    make = true;
                } else {
                    self.form = Some(DetailsForm::of(&for_whom));
                }
            }
            if details.asked && self.form.is_none() && ui.button("Name on the report…").clicked()
            {
                self.form = Some(DetailsForm::of(&for_whom));
            }
        });
        if let Some(answered) = self.form_ui(ui) {
            for_whom.patient = answered.patient;
            for_whom.programme_by = answered.programme_by;
            action = Some(Action::ReportDetails {
                for_whom: for_whom.clone(),
                answered: true,
            });
            make = true;
        }
        if let (true, Some(catalog)) = (make, catalog) {
            let (dir, catalog, period) = (session_dir.to_path_buf(), catalog.clone(), self.period);
            let ctx = ui.ctx().clone();
            self.outcome = Some(Outcome::Writing(Background::start(
                move || write_report(&dir, &catalog, period, report_file::today(), &for_whom),
                move || ctx.request_repaint(),
            )));
        }
        self.outcome_ui(ui);
        action
    }

    /// The name and programme questions: the answers when "Make the report" is pressed.
    fn form_ui(&mut self, ui: &mut Ui) -> Option<ReportFor> {
        let form = self.form.as_mut()?;
        let mut done = None;
        let mut cancel = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(
                RichText::new("For the report (both optional, asked once)")
                    .size(theme::BODY)
                    .strong(),
            );
            let width = ui.available_width().min(420.0);
            let name = ui.label(RichText::new("Your name").size(theme::BODY));
            ui.add(egui::TextEdit::singleline(&mut form.patient).desired_width(width))
                .labelled_by(name.id);
            let by = ui.label(RichText::new("Who set your programme?").size(theme::BODY));
            ui.add(
                egui::TextEdit::singleline(&mut form.programme_by)
                    .hint_text("e.g. Jane Smith, physiotherapist")
                    .desired_width(width),
            )
            .labelled_by(by.id);
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button(RichText::new("Make the report").size(theme::BODY))
                    .clicked()
                {
                    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
                    done = Some(ReportFor {
                        patient: text(&form.patient),
                        programme_by: text(&form.programme_by),
                        include_video: false,
                    });
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
        if done.is_some() || cancel {
            self.form = None;
        }
        done
    }

    fn outcome_ui(&mut self, ui: &mut Ui) {
        let finished = match &mut self.outcome {
            Some(Outcome::Writing(job)) => job.poll().is_some() || job.lost(),
            _ => false,
        };
        if finished {
            if let Some(Outcome::Writing(job)) = self.outcome.take() {
                self.outcome = Some(match job.into_result() {
                    Some(Ok(written)) => Outcome::Saved {
                        written,
                        opener: None,
                    },
                    Some(Err(why)) => Outcome::Failed(why),
                    None => Outcome::Lost,
                });
            }
        }
        match &mut self.outcome {
            None => {}
            Some(Outcome::Writing(_)) => {
                ui.label(RichText::new("Writing the report…").size(theme::BODY));
            }
            Some(Outcome::Lost) => {
                ui.label(
                    RichText::new("No report: it could not be written.")
                        .size(theme::BODY)
                        .color(theme::WRONG),
                );
            }
            Some(Outcome::Failed(why)) => {
                ui.label(
                    RichText::new(why.to_string())
                        .size(theme::BODY)
                        .color(theme::WRONG),
                );
            }
            Some(Outcome::Saved { written, opener }) => {
                let Written {
                    file,
                    sessions,
                    video_left_out,
                } = written;
                let left_out = if *video_left_out > 0 {
                    format!(
                        " ({} from video files left out: tick \"In the report, include \
                         sessions from video files\" to add them)",
                        session::words::count(*video_left_out, "session", "sessions")
                    )
                } else {
                    String::new()
                };
                let said = format!(
                    "Report of {}{left_out} saved to {}",
                    session::words::count(*sessions, "session", "sessions"),
                    file.display()
                );
                saved_ui(ui, &said, file, Some(("Open report", "the report")), opener);
            }
        }
    }
}

impl DetailsForm {
    fn of(r: &ReportFor) -> Self {
        Self {
            patient: r.patient.clone().unwrap_or_default(),
            programme_by: r.programme_by.clone().unwrap_or_default(),
        }
    }
}
