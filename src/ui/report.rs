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
use super::opener::saved_ui;
use super::theme;
use crate::content::Catalog;
use crate::progress::html;
use crate::progress::report_for::ReportFor;
use crate::progress::{date_of, day_of, Window};
use crate::session::{self, format::rfc3339_utc};
use eframe::egui::{self, RichText, Ui};
use std::path::{Path, PathBuf};

/// Which sessions the report covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Period {
    Last30Days,
    #[default]
    All,
}

impl Period {
    /// The sessions it keeps, counting `today` (a day number).
    pub fn window(self, today: i64) -> Window {
        match self {
            Self::Last30Days => Window::Since { days: 30, today },
            Self::All => Window::All,
        }
    }

    /// What the report says it covers.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Last30Days => "the last 30 days",
            Self::All => "all sessions",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Last30Days => "Last 30 days",
            Self::All => "All sessions",
        }
    }

    fn file_tag(self) -> &'static str {
        match self {
            Self::Last30Days => "30d",
            Self::All => "all",
        }
    }
}

/// Today's day number (UTC), as `formcheck report` counts it.
pub fn today() -> i64 {
    day_of(&rfc3339_utc(std::time::SystemTime::now())).unwrap_or(0)
}

/// What the last "Report" click did.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Saved {
        file: PathBuf,
        sessions: u32,
        /// Sessions from video files the report left out (they are not practice).
        video_left_out: u32,
        /// What the last "Open …" said, when it failed.
        opener: Option<String>,
    },
    Failed(String),
}

pub use crate::progress::report_for::ReportDetails;

/// The name and programme being filled in.
#[derive(Debug, Clone, Default)]
struct DetailsForm {
    patient: String,
    programme_by: String,
}

/// The button, its period and its last outcome.
#[derive(Debug, Default)]
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
                ui.radio_value(&mut self.period, p, p.label());
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
        ui.horizontal_wrapped(|ui| {
            let button = ui.add_enabled(
                catalog.is_some() && self.form.is_none(),
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
            self.outcome = Some(
                match write_report(session_dir, catalog, self.period, today(), &for_whom) {
                    Ok((file, sessions, video_left_out)) => Outcome::Saved {
                        file,
                        sessions,
                        video_left_out,
                        opener: None,
                    },
                    Err(why) => Outcome::Failed(why),
                },
            );
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
        match &mut self.outcome {
            None => {}
            Some(Outcome::Failed(why)) => {
                ui.label(
                    RichText::new(why.as_str())
                        .size(theme::BODY)
                        .color(theme::WRONG),
                );
            }
            Some(Outcome::Saved {
                file,
                sessions,
                video_left_out,
                opener,
            }) => {
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

/// Writes the report of `period` into `session_dir`: the file, how many sessions it covers
/// and how many from video files it left out, or what to tell the person.
pub fn write_report(
    session_dir: &Path,
    catalog: &Catalog,
    period: Period,
    today: i64,
    for_whom: &ReportFor,
) -> Result<(PathBuf, u32, u32), String> {
    let all = session::read_all(session_dir).map_err(|e| format!("No report: {e}"))?;
    let made_on = date_of(today);
    let made = html::make(
        all,
        period.window(today),
        catalog,
        period.describe(),
        &made_on,
        for_whom,
    );
    let file = session_dir.join(format!("report-{made_on}-{}.html", period.file_tag()));
    crate::files::write_atomic(&file, made.html.as_bytes())
        .map_err(|e| format!("No report: cannot write {}: {e}", file.display()))?;
    Ok((file, made.sessions, made.video_left_out))
}
