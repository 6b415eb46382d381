//! The dose dialog the picker opens for a routine exercise ("Set the dose…", issue 28 item
//! 8): reps and the hold (breaths for paced breathing), with the guide's range beside each.
//! It draws and answers: a dose outside the guide's range is refused by the policy
//! (`practice::dose::set`) with the range in words, one inside becomes
//! [`Action::SetDose`], which the app writes into the person's own copy of the exercise.

use super::action::Action;
use super::theme;
use crate::content::{Exercise, ExerciseId};
use crate::practice::dose::{self, DoseChoice, DoseOffer};
use eframe::egui::{self, RichText, Ui};

/// The dialog's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct DoseForm {
    pub id: ExerciseId,
    /// The guide's exercise (its ranges and words).
    pub shipped: Exercise,
    pub offer: DoseOffer,
    pub reps: u32,
    pub hold_secs: f32,
    /// Breathing is set in breaths.
    pub breaths: u32,
    pub problem: Option<String>,
}

impl DoseForm {
    pub fn new(shipped: Exercise, offer: DoseOffer) -> Self {
        let breaths = offer
            .breath_secs
            .map_or(0, |b| (offer.current.hold_secs / b).round() as u32);
        Self {
            id: shipped.id.clone(),
            reps: offer.current.reps,
            hold_secs: offer.current.hold_secs,
            breaths,
            shipped,
            offer,
            problem: None,
        }
    }

    fn choice(&self) -> DoseChoice {
        DoseChoice {
            reps: self.reps,
            hold_secs: match self.offer.breath_secs {
                Some(b) => self.breaths as f32 * b,
                None => self.hold_secs,
            },
        }
    }

    fn set_choice(&mut self, c: DoseChoice) {
        self.reps = c.reps;
        self.hold_secs = c.hold_secs;
        if let Some(b) = self.offer.breath_secs {
            self.breaths = (c.hold_secs / b).round() as u32;
        }
    }
}

/// Draws the form; `Some(Action::SetDose)` on a dose inside the guide's range, `Some(None)`
/// on Cancel.
pub fn form_ui(ui: &mut Ui, f: &mut DoseForm) -> Option<Option<Action>> {
    ui.label(
        RichText::new(format!("Dose of \"{}\"", f.offer.name))
            .size(theme::TITLE)
            .strong(),
    );
    ui.label(
        RichText::new(
            "Set it as you and your physiotherapist agreed, within the guide's range. \
A gentle stretch is enough.",
        )
        .size(theme::BODY),
    );
    ui.label(
        RichText::new(format!("The guide: {}", f.shipped.dose.text))
            .size(theme::SMALL)
            .color(theme::TEXT_DIM),
    );
    let limits = f.offer.limits;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(RichText::new("Reps").size(theme::BODY));
        ui.add_enabled(
            limits.reps.is_some(),
            egui::DragValue::new(&mut f.reps).range(1..=100),
        )
        .labelled_by(label.id);
        ui.label(
            RichText::new(match limits.reps {
                Some((lo, hi)) => format!("guide: {lo}–{hi}"),
                None => "the guide's number".to_owned(),
            })
            .size(theme::SMALL)
            .color(theme::TEXT_DIM),
        );
    });
    hold_ui(ui, f);
    // Always a line here, so Save does not move under the pointer when a problem shows.
    match &f.problem {
        Some(p) => ui.label(RichText::new(p).size(theme::BODY).color(theme::WRONG)),
        None => ui.label(
            RichText::new("A number outside the guide's range is not kept.")
                .size(theme::BODY)
                .color(theme::TEXT_DIM),
        ),
    };
    let mut answer = None;
    ui.horizontal_wrapped(|ui| {
        if ui.button(RichText::new("Save").size(theme::BODY)).clicked() {
            match dose::set(&f.shipped, f.choice()) {
                Ok(write) => {
                    answer = Some(Some(Action::SetDose {
                        exercise: f.id.clone(),
                        dose: Box::new(write),
                    }));
                }
                Err(why) => f.problem = Some(why.to_string()),
            }
        }
        if ui.button("Back to the guide's dose").clicked() {
            let guide = f.offer.guide;
            f.set_choice(guide);
            f.problem = None;
        }
        if ui.button("Cancel").clicked() {
            answer = Some(None);
        }
    });
    answer
}

/// The hold (breaths for paced breathing), with the guide's range beside it.
fn hold_ui(ui: &mut Ui, f: &mut DoseForm) {
    let limits = f.offer.limits;
    ui.horizontal_wrapped(|ui| match f.offer.breath_secs {
        Some(b) => {
            let label = ui.label(RichText::new("Breaths").size(theme::BODY));
            ui.add(egui::DragValue::new(&mut f.breaths).range(1..=1000))
                .labelled_by(label.id);
            if let Some((lo, hi)) = limits.hold_secs {
                ui.label(
                    RichText::new(format!(
                        "guide: {:.0}–{:.0} ({}–{})",
                        (lo / b).round(),
                        (hi / b).round(),
                        dose::secs_words(lo),
                        dose::secs_words(hi)
                    ))
                    .size(theme::SMALL)
                    .color(theme::TEXT_DIM),
                );
            }
        }
        None => {
            let label = ui.label(RichText::new("Hold (s)").size(theme::BODY));
            ui.add_enabled(
                limits.hold_secs.is_some(),
                egui::DragValue::new(&mut f.hold_secs)
                    .range(0.0..=3600.0)
                    .speed(0.5)
                    .fixed_decimals(0),
            )
            .labelled_by(label.id);
            ui.label(
                RichText::new(match limits.hold_secs {
                    Some((lo, hi)) => {
                        format!("guide: {}–{}", dose::secs_words(lo), dose::secs_words(hi))
                    }
                    None => "the guide's hold".to_owned(),
                })
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
            );
        }
    });
}
