//! "Report for my physiotherapist", on the Progress and History screens: the same offline
//! HTML file `formcheck report` writes (`progress::html::report`), for the last 30 days or
//! every session, saved in the session folder as `report-<date>-30d.html` (or `-all`). Like
//! the CSV export, it then says where it was saved, with "Open report" and "Open folder"
//! (through `xdg-open`; nothing leaves the computer). Its state is the period chosen and
//! the last outcome.

use super::opener::saved_ui;
use super::theme;
use crate::content::Catalog;
use crate::progress::{self, date_of, day_of, Window};
use crate::session::{self, format::rfc3339_utc};
use eframe::egui::{RichText, Ui};
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
        /// What the last "Open …" said, when it failed.
        opener: Option<String>,
    },
    Failed(String),
}

/// The button, its period and its last outcome.
#[derive(Debug, Default)]
pub struct ReportButton {
    pub period: Period,
    outcome: Option<Outcome>,
}

impl ReportButton {
    /// The period choice, the button, and where the last report went.
    pub fn ui(&mut self, ui: &mut Ui, session_dir: &Path, catalog: Option<&Catalog>) {
        ui.horizontal_wrapped(|ui| {
            for p in [Period::Last30Days, Period::All] {
                ui.radio_value(&mut self.period, p, p.label());
            }
            let button = ui.add_enabled(
                catalog.is_some(),
                eframe::egui::Button::new(
                    RichText::new("Report for my physiotherapist").size(theme::BODY),
                ),
            );
            if button.clicked() {
                if let Some(catalog) = catalog {
                    self.outcome = Some(
                        match write_report(session_dir, catalog, self.period, today()) {
                            Ok((file, sessions)) => Outcome::Saved {
                                file,
                                sessions,
                                opener: None,
                            },
                            Err(why) => Outcome::Failed(why),
                        },
                    );
                }
            }
        });
        self.outcome_ui(ui);
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
                opener,
            }) => {
                let said = format!(
                    "Report of {} saved to {}",
                    session::words::count(*sessions, "session", "sessions"),
                    file.display()
                );
                saved_ui(ui, &said, file, Some(("Open report", "the report")), opener);
            }
        }
    }
}

/// Writes the report of `period` into `session_dir`: the file and how many sessions it
/// covers, or what to tell the person.
pub fn write_report(
    session_dir: &Path,
    catalog: &Catalog,
    period: Period,
    today: i64,
) -> Result<(PathBuf, u32), String> {
    let all = session::read_all(session_dir).map_err(|e| format!("No report: {e}"))?;
    let p = progress::progress(&progress::select(all, period.window(today)));
    let made_on = date_of(today);
    let html = progress::html::report(&p, catalog, period.describe(), &made_on);
    let file = session_dir.join(format!("report-{made_on}-{}.html", period.file_tag()));
    std::fs::write(&file, html)
        .map_err(|e| format!("No report: cannot write {}: {e}", file.display()))?;
    Ok((file, p.sessions))
}
