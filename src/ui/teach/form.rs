//! The teach screen's form: the kind of exercise (asked before teaching, since a hold and
//! a repeated movement are found differently), then its name (the id is made from it), dose, sides and
//! instructions. Save teaches again from the kept poses with these choices (off the UI
//! thread), refuses an id that is taken (a built-in's always; the person's own unless
//! they tick "Replace my exercise"), and writes the file into the own folder; "Add to my
//! routine" and "Practise it now" follow.

use super::job::{Finished, Job};
use super::Outcome;
use crate::content::{self, ExerciseId, OwnEditError};
use crate::ui::action::Action;
use crate::ui::own::{self, OwnLibrary};
use crate::ui::theme;
use eframe::egui::{self, RichText, Ui};
use std::path::PathBuf;

/// The form's fields and what became of the last save.
#[derive(Debug)]
pub struct Form {
    pub name: String,
    /// Made from the name (the file name of the saved exercise).
    pub id: String,
    /// A hold (`hold_secs`), else repeated (`reps`).
    pub hold: bool,
    pub reps: u32,
    pub hold_secs: f32,
    pub each_side: bool,
    /// One step a line.
    pub instructions: String,
    /// The person chose to replace their own exercise of this id.
    replace: bool,
    /// The id belongs to one of the person's own exercises (the replace box is offered).
    own_clash: bool,
    problem: Option<String>,
    saved: Option<(ExerciseId, PathBuf)>,
    note: Option<String>,
}

impl Default for Form {
    fn default() -> Self {
        Self {
            name: String::new(),
            id: String::new(),
            hold: false,
            reps: 10,
            hold_secs: 20.0,
            each_side: false,
            instructions: String::new(),
            replace: false,
            own_clash: false,
            problem: None,
            saved: None,
            note: None,
        }
    }
}

impl Form {
    /// Reps or a hold, and how many; one side or each.
    pub fn kind_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(RichText::new("The exercise is").size(theme::BODY));
            ui.radio_value(&mut self.hold, false, "repeated");
            ui.radio_value(&mut self.hold, true, "a hold");
            if self.hold {
                let label = ui.label(RichText::new("for (s)").size(theme::BODY));
                ui.add(
                    egui::DragValue::new(&mut self.hold_secs)
                        .range(1.0..=600.0)
                        .speed(0.5)
                        .fixed_decimals(0),
                )
                .labelled_by(label.id);
            } else {
                let label = ui.label(RichText::new("reps").size(theme::BODY));
                ui.add(egui::DragValue::new(&mut self.reps).range(1..=100))
                    .labelled_by(label.id);
            }
        });
        own::sides_ui(ui, &mut self.each_side);
    }

    /// A new result: the form starts over for it (the name and kind are kept).
    pub fn taught(&mut self) {
        self.problem = None;
        self.saved = None;
        self.note = None;
        if self.instructions.trim().is_empty() {
            self.instructions =
                "Start as in your demonstration.\nMove into the held position and hold it.".into();
        }
    }

    /// The form under the result; true when the person wants to teach another.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        outcome: &mut Outcome,
        own: &OwnLibrary,
        actions: &mut Vec<Action>,
    ) -> bool {
        let label = ui.label(RichText::new("Name").size(theme::BODY));
        let name = ui
            .add(egui::TextEdit::singleline(&mut self.name).font(theme::font(theme::BODY)))
            .labelled_by(label.id);
        // The id (its file name) is made from the name: the person is asked for a name only.
        if name.changed() {
            self.id = content::id_from_name(&self.name);
        }
        self.kind_ui(ui);
        let label = ui.label(RichText::new("Instructions (one step a line)").size(theme::BODY));
        ui.add(
            egui::TextEdit::multiline(&mut self.instructions)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        if self.own_clash {
            ui.checkbox(&mut self.replace, "Replace my exercise of this name");
        }
        if let Some(p) = &self.problem {
            ui.label(RichText::new(p).size(theme::BODY).color(theme::WRONG));
        }
        let mut again = false;
        ui.horizontal(|ui| {
            let saving = outcome.saving.is_some();
            if ui
                .add_enabled(
                    !saving,
                    egui::Button::new(RichText::new("Save").size(theme::TITLE)),
                )
                .clicked()
            {
                self.save(outcome, own);
            }
            if saving {
                ui.spinner();
            }
            if ui.button("Teach another").clicked() {
                again = true;
            }
        });
        self.after_save_ui(ui, own, actions);
        again
    }

    /// What was saved, and what can be done with it.
    fn after_save_ui(&mut self, ui: &mut Ui, own: &OwnLibrary, actions: &mut Vec<Action>) {
        let Some((id, path)) = self.saved.clone() else {
            return;
        };
        let kept = crate::files::kept_where(&path, "as");
        ui.label(
            RichText::new(format!(
                "Saved {kept}. It is in the exercise list now, marked as yours."
            ))
            .size(theme::BODY)
            .color(theme::GOOD),
        );
        ui.horizontal(|ui| {
            if ui.button("Add to my routine").clicked() {
                match own.dir.as_deref().map(|dir| {
                    content::add_to_routine(dir, &content::default_source(), id.as_str())
                }) {
                    Some(Ok(added)) => {
                        self.note = Some(if added {
                            "Added to the end of your routine.".into()
                        } else {
                            "It is in your routine already.".into()
                        });
                        actions.push(Action::OwnChanged(Some(id.clone())));
                    }
                    Some(Err(e)) => self.note = Some(e.to_string()),
                    None => self.note = Some(OwnEditError::NoFolder.to_string()),
                }
            }
            if ui.button("Practise it now").clicked() {
                actions.push(Action::StartExercise(id.clone()));
            }
        });
        if let Some(n) = &self.note {
            ui.label(RichText::new(n).size(theme::BODY));
        }
    }

    /// Checks the name and id, then teaches again with the form's choices (off the thread).
    fn save(&mut self, outcome: &mut Outcome, own: &OwnLibrary) {
        self.problem = None;
        self.saved = None;
        self.note = None;
        if self.name.trim().is_empty() {
            self.problem = Some("Give the exercise a name.".into());
            return;
        }
        self.id = content::id_from_name(&self.name);
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            self.problem = Some(
                "Give the exercise a name with at least one letter or digit (a–z, 0–9).".into(),
            );
            return;
        }
        if own::steps(&self.instructions).is_empty() {
            self.problem = Some("Give at least one instruction.".into());
            return;
        }
        let Some(loaded) = own.loaded().filter(|_| own.dir.is_some()) else {
            self.problem = Some(OwnEditError::NoFolder.to_string());
            return;
        };
        if let Err(e) = content::check_new_id(loaded, &self.id, self.replace) {
            self.own_clash = matches!(e, OwnEditError::OwnId { .. });
            let name = self.name.trim();
            self.problem = Some(match e {
                OwnEditError::BuiltInId { .. } => format!(
                    "There is already a built-in exercise called \"{name}\": choose another name."
                ),
                OwnEditError::OwnId { .. } => format!(
                    "You already have an exercise called \"{name}\": choose another name, or \
tick \"Replace my exercise of this name\"."
                ),
                e => e.to_string(),
            });
            return;
        }
        outcome.saving = Some(Job::teach(outcome.frames.clone(), self.request()));
    }

    /// A save's teaching finished: write the file; the library reloads.
    pub fn saved(
        &mut self,
        finished: Finished,
        outcome: &mut Outcome,
        own: &OwnLibrary,
    ) -> Option<Action> {
        let taught = match finished {
            Finished::Taught { result, .. } => match *result {
                Ok(t) => t,
                Err(e) => {
                    self.problem = Some(format!("With these choices it cannot teach: {e}"));
                    return None;
                }
            },
            Finished::Failed(why) => {
                self.problem = Some(why);
                return None;
            }
        };
        let written = own
            .dir
            .as_deref()
            .ok_or(OwnEditError::NoFolder)
            .and_then(|dir| {
                let text =
                    content::with_instructions(&taught.toml, &own::steps(&self.instructions))?;
                content::save_new(dir, &self.id, &text)
            });
        outcome.taught = taught;
        match written {
            Ok(path) => {
                let id = ExerciseId::from(self.id.as_str());
                self.saved = Some((id.clone(), path));
                self.replace = false;
                self.own_clash = false;
                Some(Action::OwnChanged(Some(id)))
            }
            Err(why) => {
                self.problem = Some(why.to_string());
                None
            }
        }
    }
}
