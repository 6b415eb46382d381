//! The app's part in teaching and in the person's own exercises: recording from the camera
//! for the teach screen, a video read for it with the app's model, the Edit and Delete
//! dialogs the picker opens, and the reload after the own folder changed (the picker then
//! shows the saved exercise, marked as the person's).

use super::FormcheckApp;
use crate::content::ExerciseId;
use crate::pose::PoseConfig;
use crate::source::SourceSpec;
use crate::ui::dose::DoseForm;
use crate::ui::own::OwnDialog;
use crate::ui::Screen;

impl FormcheckApp {
    /// "Record from the camera": the camera becomes the source (when it is not already),
    /// and the teach screen counts down.
    pub(super) fn teach_record(&mut self) {
        let stand_in =
            self.run.camera_stand_in.is_some() && self.feed.source == self.run.camera_stand_in;
        if !stand_in && !matches!(self.feed.source, Some(SourceSpec::Camera(_))) {
            self.use_camera();
        }
        self.teach.start_countdown();
    }

    /// "Teach from this video": read with the model this run uses.
    pub(super) fn teach_video(&mut self) {
        let config = PoseConfig::new(self.models_dir(), self.model());
        self.teach.start_video(config);
    }

    /// Teaches from recorded poses, as when a camera recording stops (tests use it).
    pub fn teach_poses(&mut self, frames: crate::ui::teach::Frames) {
        self.screen = Screen::Teach;
        self.teach.teach_poses(frames);
    }

    /// Whether the teach screen shows a result.
    pub fn teach_has_result(&self) -> bool {
        self.teach.has_result()
    }

    pub(super) fn open_own_dialog(&mut self, id: &ExerciseId, delete: bool) {
        let name = self
            .practice
            .exercise(id.as_str())
            .map_or_else(|| id.to_string(), |e| e.name.clone());
        let dialog = if delete {
            OwnDialog::delete(&self.own, id, &name)
        } else {
            OwnDialog::edit(&self.own, id)
        };
        match dialog {
            Ok(d) => self.own_dialog = d,
            Err(why) => self.notice(why.to_string()),
        }
    }

    /// The own folder changed: the exercises are loaded again and `select` is chosen.
    pub(super) fn own_changed(&mut self, select: Option<ExerciseId>) {
        match self.own.reload() {
            Ok(catalog) => {
                if self.practice.set_catalog(catalog) {
                    self.picker
                        .refresh(self.practice.catalog(), self.own.own_ids(), select);
                } else {
                    self.notice("Your change is saved; it shows after this session.".into());
                }
            }
            Err(why) => self.notice(format!("Your exercises could not be loaded again: {why}")),
        }
    }
}

impl FormcheckApp {
    /// "Set the dose…": the dialog with the guide's ranges (`practice::dose::offer`), or a
    /// notice saying why this exercise's dose is not set here.
    pub(super) fn open_dose_dialog(&mut self, id: &ExerciseId) {
        let Some(current) = self.practice.exercise(id.as_str()).cloned() else {
            self.notice(format!("There is no exercise {id}."));
            return;
        };
        let shipped = crate::content::load_default()
            .ok()
            .and_then(|c| c.get(id.as_str()).ok().cloned());
        match (
            crate::practice::dose::offer(shipped.as_ref(), &current),
            shipped,
        ) {
            (Ok(offer), Some(shipped)) => {
                self.own_dialog = OwnDialog::Dose(Box::new(DoseForm::new(shipped, offer)));
            }
            (Err(why), _) => self.notice(why.to_string()),
            (Ok(_), None) => {}
        }
    }

    /// A dose inside the guide's range, kept in the person's own copy of the exercise: the
    /// routine, the summary and the report read it from there ("set by you").
    pub(super) fn set_dose(&mut self, id: ExerciseId, dose: &crate::content::DoseWrite) {
        let own = self.own.dir.clone().or_else(|| {
            // Tests without an own library keep the settings file's folder.
            self.run
                .settings_path
                .as_deref()
                .and_then(std::path::Path::parent)
                .map(|c| c.join("exercises"))
                .or_else(crate::prefs::own_exercises_dir)
        });
        let Some(own) = own else {
            self.notice(
                "Cannot keep the dose: there is no settings folder (set FORMCHECK_CONFIG_DIR)."
                    .into(),
            );
            return;
        };
        let shipped = crate::content::default_source();
        match crate::content::write_dose(&shipped, &own, id.as_str(), dose) {
            Ok(path) => {
                if self.own.dir.is_some() {
                    self.own_changed(Some(id.clone()));
                } else {
                    let catalog = crate::content::load_with_own(&shipped, Some(&own))
                        .map_err(|e| crate::practice::CatalogError::Unavailable(e.to_string()))
                        .map(|l| l.catalog);
                    self.practice.replace_catalog(catalog);
                }
                let name = self
                    .practice
                    .exercise(id.as_str())
                    .map_or_else(|| id.to_string(), |e| e.name.clone());
                self.notice(format!(
                    "From now on: {name}, {}. Saved in your own copy of the exercise, {} \
(delete it to go back to the guide's dose).",
                    dose.text,
                    path.display()
                ));
                self.progress.refresh();
                self.summary.refresh();
            }
            Err(e) => self.notice(format!("Cannot keep the dose: {e}")),
        }
    }
}
