//! The app's part in progression within the guide: a suggested hold accepted (written into
//! the person's own copy of the exercise, which the picker then marks as theirs) or
//! declined (remembered in the settings, so it is not asked at every session).

use super::{FormcheckApp, Practice, RunOptions, Settings};
use crate::content::ExerciseId;
use crate::progress::progression::Declined;
use crate::ui::action::ProgressInput;
use std::path::Path;

impl FormcheckApp {
    /// "Accept: hold N s".
    pub(super) fn accept_hold(&mut self, exercise: ExerciseId, hold_secs: f32) {
        // The own folder's parent is the settings folder (`OwnLibrary::dir` is
        // `<config>/exercises`); tests without one keep the settings file's folder.
        let config = match &self.own.dir {
            Some(own) => own.parent().map(Path::to_path_buf),
            None => self
                .run
                .settings_path
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_path_buf),
        };
        let kept = crate::practice::hold_change::keep_hold(
            &mut self.practice,
            config.as_deref(),
            &exercise,
            hold_secs,
        );
        self.notice(crate::ui::progress::kept_words(&kept));
        if self.own.dir.is_some() {
            self.own_changed(Some(exercise));
        }
        self.progress.refresh();
        self.summary.refresh();
    }

    /// "Decline".
    pub(super) fn decline_hold(&mut self, declined: Declined) {
        self.notice(crate::ui::progress::declined_words(&declined));
        self.settings.declined_holds.push(declined);
        self.save_settings();
        self.progress.refresh();
        self.summary.refresh();
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
