//! The person's own exercises in the app: their folder ([`OwnLibrary`]), the Edit, Delete
//! and dose dialogs the picker opens, a dose or an accepted hold kept in the person's own
//! copy of the exercise, and the reload after the own folder changed (the picker then shows
//! the saved exercise, marked as the person's). [`Own`] answers what the shell must do
//! ([`Done`]): the notices to show, and whether the doses the Progress and summary screens
//! read changed.

use crate::content::ExerciseId;
use crate::practice::Practice;
use crate::ui::action::Action;
use crate::ui::dose::DoseForm;
use crate::ui::own::{OwnDialog, OwnLibrary};
use crate::ui::picker::Picker;
use std::path::{Path, PathBuf};

/// The person's own exercises, and the Edit, Delete or dose dialog open for one.
pub(super) struct Own {
    pub library: OwnLibrary,
    pub dialog: OwnDialog,
}

/// What the shell does after a change to the own exercises.
#[derive(Debug, Default)]
pub(super) struct Done {
    /// What to tell the person, in order.
    pub notices: Vec<String>,
    /// A dose changed: the Progress and summary screens read their sessions again.
    pub doses_changed: bool,
}

impl Own {
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self {
            library: OwnLibrary::new(dir),
            dialog: OwnDialog::default(),
        }
    }

    /// Carries out an action on the own exercises (the picker's Edit, Delete and "Set the
    /// dose…", the dialogs' answers, an accepted hold); other actions do nothing here.
    /// `settings_path` stands in for the own folder's place in tests without one.
    pub fn apply(
        &mut self,
        action: Action,
        practice: &mut Practice,
        picker: &mut Picker,
        settings_path: Option<&Path>,
    ) -> Done {
        let said = |notice: Option<String>| Done {
            notices: notice.into_iter().collect(),
            doses_changed: false,
        };
        match action {
            Action::EditOwn(id) => said(self.open_dialog(practice, &id, false)),
            Action::DeleteOwn(id) => said(self.open_dialog(practice, &id, true)),
            Action::OwnChanged(select) => said(self.changed(practice, picker, select)),
            Action::EditDose(id) => said(self.open_dose_dialog(practice, &id)),
            Action::SetDose { exercise, dose } => {
                self.set_dose(practice, picker, settings_path, exercise, &dose)
            }
            Action::AcceptHold {
                exercise,
                hold_secs,
            } => self.accept_hold(practice, picker, settings_path, exercise, hold_secs),
            _ => Done::default(),
        }
    }

    /// Opens the Edit or Delete dialog of `id`; why not, when it cannot be opened.
    fn open_dialog(
        &mut self,
        practice: &Practice,
        id: &ExerciseId,
        delete: bool,
    ) -> Option<String> {
        let name = practice
            .exercise(id.as_str())
            .map_or_else(|| id.to_string(), |e| e.name.clone());
        let dialog = if delete {
            OwnDialog::delete(&self.library, id, &name)
        } else {
            OwnDialog::edit(&self.library, id)
        };
        match dialog {
            Ok(d) => {
                self.dialog = d;
                None
            }
            Err(why) => Some(why.to_string()),
        }
    }

    /// The own folder changed: the exercises are loaded again and `select` is chosen; what
    /// to tell the person, when anything.
    fn changed(
        &mut self,
        practice: &mut Practice,
        picker: &mut Picker,
        select: Option<ExerciseId>,
    ) -> Option<String> {
        match self.library.reload() {
            Ok(catalog) => {
                if practice.set_catalog(catalog) {
                    picker.refresh(practice.catalog(), self.library.own_ids(), select);
                    None
                } else {
                    Some("Your change is saved; it shows after this session.".into())
                }
            }
            Err(why) => Some(format!("Your exercises could not be loaded again: {why}")),
        }
    }

    /// "Set the dose…": the dialog with the guide's ranges (`practice::dose::offer`), or
    /// why this exercise's dose is not set here.
    fn open_dose_dialog(&mut self, practice: &Practice, id: &ExerciseId) -> Option<String> {
        let Some(current) = practice.exercise(id.as_str()).cloned() else {
            return Some(format!("There is no exercise {id}."));
        };
        let shipped = crate::content::load_default()
            .ok()
            .and_then(|c| c.get(id.as_str()).ok().cloned());
        match (
            crate::practice::dose::offer(shipped.as_ref(), &current),
            shipped,
        ) {
            (Ok(offer), Some(shipped)) => {
                self.dialog = OwnDialog::Dose(Box::new(DoseForm::new(shipped, offer)));
                None
            }
            (Err(why), _) => Some(why.to_string()),
            (Ok(_), None) => None,
        }
    }

    /// A dose inside the guide's range, kept in the person's own copy of the exercise: the
    /// routine, the summary and the report read it from there ("set by you").
    /// `settings_path` stands in for the own folder's place in tests without one.
    fn set_dose(
        &mut self,
        practice: &mut Practice,
        picker: &mut Picker,
        settings_path: Option<&Path>,
        id: ExerciseId,
        dose: &crate::content::DoseWrite,
    ) -> Done {
        let mut done = Done::default();
        let own = self.library.dir.clone().or_else(|| {
            // Tests without an own library keep the settings file's folder.
            settings_path
                .and_then(Path::parent)
                .map(|c| c.join("exercises"))
                .or_else(crate::prefs::own_exercises_dir)
        });
        let Some(own) = own else {
            done.notices.push(
                "Cannot keep the dose: there is no settings folder (set FORMCHECK_CONFIG_DIR)."
                    .into(),
            );
            return done;
        };
        let shipped = crate::content::default_source();
        match crate::content::write_dose(&shipped, &own, id.as_str(), dose) {
            Ok(path) => {
                if self.library.dir.is_some() {
                    done.notices
                        .extend(self.changed(practice, picker, Some(id.clone())));
                } else {
                    let catalog = crate::content::load_with_own(&shipped, Some(&own))
                        .map_err(|e| crate::practice::CatalogError::Unavailable(e.to_string()))
                        .map(|l| l.catalog);
                    practice.replace_catalog(catalog);
                }
                let name = practice
                    .exercise(id.as_str())
                    .map_or_else(|| id.to_string(), |e| e.name.clone());
                done.notices.push(format!(
                    "From now on: {name}, {}. Saved in your own copy of the exercise, {} \
(delete it to go back to the guide's dose).",
                    dose.text,
                    crate::files::kept_where(&path, "")
                ));
                done.doses_changed = true;
            }
            Err(e) => done.notices.push(format!("Cannot keep the dose: {e}")),
        }
        done
    }

    /// "Accept: hold N s": the hold written into the person's own copy of the exercise
    /// (`practice::hold_change::keep_hold`), which the picker then marks as theirs.
    fn accept_hold(
        &mut self,
        practice: &mut Practice,
        picker: &mut Picker,
        settings_path: Option<&Path>,
        exercise: ExerciseId,
        hold_secs: f32,
    ) -> Done {
        // The own folder's parent is the settings folder (`OwnLibrary::dir` is
        // `<config>/exercises`); tests without one keep the settings file's folder.
        let config = match &self.library.dir {
            Some(own) => own.parent().map(Path::to_path_buf),
            None => settings_path.and_then(Path::parent).map(Path::to_path_buf),
        };
        let kept = crate::practice::hold_change::keep_hold(
            practice,
            config.as_deref(),
            &exercise,
            hold_secs,
        );
        let mut done = Done {
            notices: vec![crate::ui::progress::kept_words(&kept)],
            doses_changed: true,
        };
        if self.library.dir.is_some() {
            done.notices
                .extend(self.changed(practice, picker, Some(exercise)));
        }
        done
    }
}
