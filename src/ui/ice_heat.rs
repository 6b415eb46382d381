//! Ice and heat: when each helps, the cautions for heat, and a countdown timer. Its
//! state is the countdown (ticked by the app even on other screens, so it can ring).

use super::theme;
use crate::guide::{self, Countdown, Therapy};
use eframe::egui::{self, RichText, Ui};

/// The countdown of the therapy chosen.
pub struct IceHeatScreen {
    pub countdown: Countdown,
}

impl Default for IceHeatScreen {
    fn default() -> Self {
        Self {
            countdown: Countdown::new(Therapy::Ice),
        }
    }
}

impl IceHeatScreen {
    /// Moves the countdown on; true when its time is up now.
    pub fn tick(&mut self, dt_secs: f64) -> bool {
        self.countdown.tick(dt_secs)
    }

    pub fn ui(&mut self, ui: &mut Ui) {
        ui.label(RichText::new("Ice and heat").size(theme::HEADLINE).strong());
        ui.horizontal(|ui| {
            for t in [Therapy::Ice, Therapy::Heat] {
                if ui
                    .selectable_label(
                        self.countdown.therapy == t,
                        RichText::new(t.name()).size(theme::TITLE),
                    )
                    .clicked()
                    && self.countdown.therapy != t
                {
                    self.countdown = Countdown::new(t);
                }
            }
        });
        let therapy = self.countdown.therapy;
        ui.label(RichText::new(therapy.advice()).size(theme::BODY + 4.0));
        if therapy == Therapy::Heat {
            egui::Frame::new()
                .fill(theme::SAFETY_BG)
                .inner_margin(12)
                .corner_radius(8)
                .show(ui, |ui| {
                    ui.label(
                        RichText::new("No heat if you have:")
                            .size(theme::BODY)
                            .strong()
                            .color(theme::BORDERLINE),
                    );
                    for c in guide::HEAT_CAUTIONS {
                        ui.label(RichText::new(format!("•  {c}")).size(theme::BODY));
                    }
                });
        }
        let colour = if therapy == Therapy::Ice {
            theme::ICE
        } else {
            theme::HEAT
        };
        ui.label(
            RichText::new(self.countdown.text())
                .size(theme::BIG_NUMBER * 2.0)
                .strong()
                .color(colour),
        );
        ui.add(egui::ProgressBar::new(self.countdown.fraction()).fill(colour));
        ui.horizontal(|ui| {
            if self.countdown.is_running() {
                if ui
                    .button(RichText::new("Pause").size(theme::TITLE))
                    .clicked()
                {
                    self.countdown.pause();
                }
            } else if !self.countdown.is_done()
                && ui
                    .button(RichText::new("Start").size(theme::TITLE))
                    .clicked()
            {
                self.countdown.start();
            }
            if ui
                .button(RichText::new("Reset").size(theme::TITLE))
                .clicked()
            {
                self.countdown = Countdown::new(therapy);
            }
        });
        if self.countdown.is_done() {
            ui.label(
                RichText::new("Time is up: take it off.")
                    .size(theme::TITLE)
                    .color(theme::GOOD),
            );
        }
    }
}
