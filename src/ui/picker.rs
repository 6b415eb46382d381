//! The picker, shown in the coach panel when nothing is coached: start the routine, or
//! pick one exercise for free practice (both buttons first, the routine's contents under
//! them). Its state is the exercise chosen in the list.

use super::app::Action;
use super::theme;
use crate::content::{Catalog, ExerciseId};
use crate::practice::Practice;
use eframe::egui::{self, RichText, Ui};

/// The exercise chosen for free practice.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    free_choice: ExerciseId,
}

impl Picker {
    /// Starts on the catalogue's first exercise.
    pub fn new(catalog: Option<&Catalog>) -> Self {
        Self {
            free_choice: catalog
                .and_then(|c| c.exercises.first().map(|e| e.id.clone()))
                .unwrap_or_default(),
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
                    .map(|e| e.name.clone())
                    .unwrap_or_default(),
            )
            .show_ui(ui, |ui| {
                for ex in &catalog.exercises {
                    ui.selectable_value(&mut self.free_choice, ex.id.clone(), &ex.name);
                }
            });
        if ui.button("Practise this exercise").clicked() {
            action = Some(Action::StartExercise(self.free_choice.clone()));
        }
        // The routine's contents last, so both ways to start stay in sight in a small window.
        ui.separator();
        ui.label(
            RichText::new(format!("{routine_name}:"))
                .size(theme::BODY)
                .strong(),
        );
        for ex in catalog.routine_exercises() {
            ui.label(RichText::new(format!("• {} — {}", ex.name, ex.dose.text)).size(theme::SMALL));
        }
        action
    }
}
