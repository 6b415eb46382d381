//! The app's part in teaching and in the person's own exercises: recording from the camera
//! for the teach screen, a video read for it with the app's model, the Edit and Delete
//! dialogs the picker opens, and the reload after the own folder changed (the picker then
//! shows the saved exercise, marked as the person's).

use super::FormcheckApp;
use crate::content::ExerciseId;
use crate::pose::PoseConfig;
use crate::source::SourceSpec;
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
