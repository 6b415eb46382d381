//! The screens over the recorded sessions — the summary, History and Progress — as the app
//! keeps them ([`Records`]): each reads its sessions, writes its exports and reports, on a
//! thread of its own (`ui/background.rs`), and is read again when it is opened or when a
//! dose it shows changed. Also what those screens are given to read ([`input`]).

use super::{Practice, RunOptions, Screen, Settings};
use crate::ui::action::{Action, ProgressInput};
use crate::ui::history::HistoryScreen;
use crate::ui::progress::ProgressScreen;
use crate::ui::summary::SummaryScreen;
use eframe::egui::Ui;
use std::path::Path;

/// The summary, History and Progress screens.
#[derive(Default)]
pub(super) struct Records {
    pub summary: SummaryScreen,
    pub history: HistoryScreen,
    pub progress: ProgressScreen,
}

impl Records {
    /// A dose or a declined hold changed: Progress and the summary read their sessions
    /// again.
    pub fn doses_changed(&mut self) {
        self.progress.refresh();
        self.summary.refresh();
    }

    /// `screen` is being opened: History and Progress read their sessions again.
    pub fn opening(&mut self, screen: Screen) {
        if screen == Screen::History {
            self.history.refresh();
        }
        if screen == Screen::Progress {
            self.progress.refresh();
        }
    }

    /// The pain rating at the end of the session just closed, into its file (`None`:
    /// skipped); the summary reads it again. Why it was not saved, when it was not.
    pub fn rate_end_pain(&mut self, path: &Path, rating: Option<u8>) -> Option<String> {
        let said = crate::practice::pain::rate_after_close(path, rating)
            .err()
            .map(|e| format!("The pain rating was not saved: {e}"));
        self.summary.load(path);
        said
    }

    /// Draws `screen` when it is one of these (else nothing).
    pub fn ui(&mut self, ui: &mut Ui, screen: Screen, input: &ProgressInput<'_>) -> Option<Action> {
        match screen {
            Screen::Summary => self.summary.ui(ui, input),
            Screen::History => self
                .history
                .ui(ui, input.session_dir, input.catalog, &input.report),
            Screen::Progress => self.progress.ui(ui, input),
            _ => None,
        }
    }
}

/// What the Progress and Summary screens read: the session folder, the catalogue the
/// routine reads and the holds declined before.
pub(super) fn input<'a>(
    run: &'a RunOptions,
    practice: &'a Practice,
    settings: &'a Settings,
) -> ProgressInput<'a> {
    ProgressInput {
        session_dir: run.session_dir.as_deref(),
        catalog: practice.catalog(),
        declined: &settings.declined_holds,
        report: report_details(settings),
    }
}

/// The report's name, programme and video choice as the settings hold them.
pub(super) fn report_details(settings: &Settings) -> crate::ui::report::ReportDetails {
    crate::ui::report::ReportDetails {
        for_whom: settings.report_for(),
        asked: settings.report_details_asked,
    }
}
