//! The picker, shown in the coach panel when nothing is coached: start the routine, or
//! pick one exercise for free practice (both buttons first, the routine's contents under
//! them). Its state is the exercise chosen in the list, drawn moving under it, and which
//! exercises are the person's own: those are marked "(yours)" and have Edit and Delete; an
//! exercise the guide gives a dose range for has "Set the dose…"; "Teach an exercise" opens
//! the teach screen.

use super::action::Action;
use super::action::Screen;
use super::theme;
use crate::content::{Catalog, ExerciseId};
use crate::practice::Practice;
use eframe::egui::{self, RichText, Ui};

/// The exercise chosen for free practice.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    free_choice: ExerciseId,
    /// The person's own exercises.
    own: Vec<ExerciseId>,
}

impl Picker {
    /// Starts on the catalogue's first exercise.
    pub fn new(catalog: Option<&Catalog>, own: Vec<ExerciseId>) -> Self {
        Self {
            free_choice: catalog
                .and_then(|c| c.exercises.first().map(|e| e.id.clone()))
                .unwrap_or_default(),
            own,
        }
    }

    /// The exercises changed: `select` is chosen (a saved one), else the choice is kept
    /// while it still exists.
    pub fn refresh(
        &mut self,
        catalog: Option<&Catalog>,
        own: Vec<ExerciseId>,
        select: Option<ExerciseId>,
    ) {
        let keep = select.unwrap_or_else(|| self.free_choice.clone());
        *self = Self::new(catalog, own);
        if catalog.is_some_and(|c| c.exercises.iter().any(|e| e.id == keep)) {
            self.free_choice = keep;
        }
    }

    /// The name shown in the list: own exercises are marked.
    fn shown_name(&self, id: &ExerciseId, name: &str) -> String {
        if self.own.contains(id) {
            format!("{name} (yours)")
        } else {
            name.to_owned()
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, practice: &Practice) -> Option<Action> {
        ui.label(RichText::new("Ready").size(theme::TITLE).strong());
        ui.label(
            RichText::new("Pose only: start the routine or pick one exercise.").size(theme::BODY),
        );
        if let Some(p) = practice.catalog_problem() {
            ui.label(
                RichText::new(format!("Exercises unavailable: {p}"))
                    .size(theme::SMALL)
                    .color(theme::BORDERLINE),
            );
        }
        let catalog = practice.catalog()?;
        let routine_name = if catalog.routine.name.is_empty() {
            "the routine".to_owned()
        } else {
            catalog.routine.name.clone()
        };
        let mut action = None;
        if ui
            .add_enabled(
                !catalog.routine.exercises.is_empty(),
                egui::Button::new(format!("Start the routine: {routine_name}")),
            )
            .clicked()
        {
            action = Some(Action::RequestRoutine);
        }
        ui.separator();
        ui.label(RichText::new("Free practice").size(theme::BODY).strong());
        egui::ComboBox::new("free_choice", "exercise")
            .selected_text(
                catalog
                    .exercises
                    .iter()
                    .find(|e| e.id == self.free_choice)
                    .map(|e| self.shown_name(&e.id, &e.name))
                    .unwrap_or_default(),
            )
            .show_ui(ui, |ui| {
                for ex in &catalog.exercises {
                    let shown = self.shown_name(&ex.id, &ex.name);
                    ui.selectable_value(&mut self.free_choice, ex.id.clone(), shown);
                }
            });
        // What it looks like, start and held.
        if let Some(ex) = catalog.exercises.iter().find(|e| e.id == self.free_choice) {
            super::figure::exercise_figure_ui(ui, ex, super::figure::height_for(ui));
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button("Practise this exercise").clicked() {
                action = Some(Action::StartExercise(self.free_choice.clone()));
            }
            // The dose of an exercise the guide gives a range for (the guide's file decides).
            let ranged = catalog
                .exercises
                .iter()
                .find(|e| e.id == self.free_choice)
                .is_some_and(|e| e.dose_limits.editable());
            if ranged && ui.button("Set the dose…").clicked() {
                action = Some(Action::EditDose(self.free_choice.clone()));
            }
            // Only the person's own can be changed; built-ins have neither button.
            if self.own.contains(&self.free_choice) {
                if ui.button("Edit").clicked() {
                    action = Some(Action::EditOwn(self.free_choice.clone()));
                }
                if ui.button("Delete").clicked() {
                    action = Some(Action::DeleteOwn(self.free_choice.clone()));
                }
            }
        });
        if ui.button("Teach an exercise…").clicked() {
            action = Some(Action::Navigate(Screen::Teach));
        }
        // The routine's contents last, so both ways to start stay in sight in a small window.
        ui.separator();
        ui.label(
            RichText::new(format!("{routine_name}:"))
                .size(theme::BODY)
                .strong(),
        );
        for ex in catalog.routine_exercises() {
            let line = match ex.dose_words() {
                words if words.is_empty() => format!("• {}", ex.name),
                words => format!("• {} — {words}", ex.name),
            };
            ui.label(RichText::new(line).size(theme::SMALL));
        }
        action
    }
}
