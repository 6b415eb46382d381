//! The pain rating strip over the picture: "Back pain now?" with one
//! button per value from 0 (none) to 10 and "No rating" — one click, never in the way (no
//! dialog: the routine and its buttons go on around it). The practice says which rating it
//! asks for (the start one, then the end one); an answer is an [`Action::RatePain`].

use super::action::Action;
use super::theme;
use crate::guide;
use crate::practice::pain::{self, Hurt, HurtAnswer};
use crate::session::{PainAction, PainWhen};
use eframe::egui::{self, RichText, Ui};

/// The strip for `when` in one row (question, 0–10, "No rating"), with its answer when one
/// was clicked.
pub fn pain_strip_ui(ui: &mut Ui, when: PainWhen) -> Option<Action> {
    let question = match when {
        PainWhen::Start => "Back pain now? (0 none–10 worst)",
        PainWhen::End => "Back pain at the end? (0–10)",
    };
    let mut answer = None;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 3.0;
        ui.spacing_mut().button_padding = egui::vec2(4.0, 1.0);
        ui.label(RichText::new(question).size(theme::SMALL));
        for value in 0..=10u8 {
            let label = RichText::new(value.to_string()).size(theme::SMALL);
            if ui
                .add(egui::Button::new(label).min_size(egui::vec2(22.0, 0.0)))
                .on_hover_text(format!("Pain {value} of 10"))
                .clicked()
            {
                answer = Some(Action::RatePain(when, Some(value)));
            }
        }
        if ui
            .button(RichText::new("No rating").size(theme::SMALL))
            .clicked()
        {
            answer = Some(Action::RatePain(when, None));
        }
    });
    answer
}

/// The "It hurts" questions over the live screen (the routine is paused): where, how much,
/// what it is like, then the ways on. The dialog keeps one size, so nothing moves under the
/// pointer: a chosen answer is only highlighted, and the questions scroll above the advice
/// and the ways on, which stay in sight at its foot. After a red flag the advice is the
/// red-flag advice and the one way on is stopping for today.
pub fn hurt_ui(ctx: &egui::Context, hurt: &Hurt) -> Option<Action> {
    let mut answer = None;
    let record = hurt.record();
    let screen = ctx.content_rect();
    let width = (screen.width() - 80.0).min(760.0);
    // The frame's margins and the gap at the top and bottom: 20 + 2 × 12 + 20.
    let height = (screen.height() - 70.0).min(560.0);
    let id = egui::Id::unique("it_hurts");
    // Anchored at the top (a centred dialog moved up when the red-flag advice made it taller).
    let area =
        egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 20.0));
    egui::Modal::new(id).area(area).show(ctx, |ui| {
        ui.set_width(width);
        ui.set_min_height(height);
        ui.set_max_height(height);
        ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
            ui.horizontal_wrapped(|ui| {
                for way in hurt.ways_on() {
                    let words = match way {
                        PainAction::Skip => "Skip this exercise".to_owned(),
                        PainAction::Gentler => {
                            hurt.gentler().map_or("A gentler version".to_owned(), |d| {
                                format!("Gentler: hold {}", secs_words(d.hold_secs))
                            })
                        }
                        PainAction::Stop => "Stop for today".to_owned(),
                    };
                    let button = egui::Button::new(RichText::new(words).size(theme::BODY).strong());
                    if ui.add(button).clicked() {
                        answer = Some(Action::HurtWayOn(way));
                    }
                }
            });
            ui.add_space(4.0);
            if let Some(flag) = hurt.red_flag() {
                red_flag_box(ui, &format!("You said: {flag}."));
            } else {
                ui.label(RichText::new(guide::STOP_IF_IT_HURTS).size(theme::BODY));
            }
            ui.separator();
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                ui.label(
                    RichText::new("It hurts: the exercise is paused.")
                        .size(theme::TITLE)
                        .strong(),
                );
                egui::ScrollArea::vertical().show(ui, |ui| {
                    questions_ui(ui, record, &mut answer);
                });
            });
        });
    });
    answer
}

/// Where, how bad, what it is like: each answer a button that is highlighted when chosen.
fn questions_ui(ui: &mut Ui, record: &crate::session::Pain, answer: &mut Option<Action>) {
    question(ui, "Where does it hurt?");
    ui.horizontal_wrapped(|ui| {
        for l in pain::LOCATIONS {
            if choice(
                ui,
                record.location == Some(l),
                &cap(pain::location_words(l)),
            ) {
                *answer = Some(Action::HurtAnswer(HurtAnswer::Location(l)));
            }
        }
    });
    question(ui, "How bad is it? (0 none – 10 worst)");
    ui.horizontal_wrapped(|ui| {
        for v in 0..=10u8 {
            if choice(ui, record.severity == Some(v), &v.to_string()) {
                *answer = Some(Action::HurtAnswer(HurtAnswer::Severity(v)));
            }
        }
    });
    question(ui, "What is it like?");
    ui.horizontal_wrapped(|ui| {
        for f in pain::FEELS {
            if choice(ui, record.feels == Some(f), &cap(pain::feel_words(f))) {
                *answer = Some(Action::HurtAnswer(HurtAnswer::Feels(f)));
            }
        }
    });
}

/// The red-flag advice: stop, and contact a clinician (`said`: which answer it was).
pub fn red_flag_box(ui: &mut Ui, said: &str) {
    egui::Frame::new()
        .fill(theme::WARNING_BG)
        .inner_margin(egui::Margin::symmetric(14, 10))
        .corner_radius(8)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!("{said} {}", guide::RED_FLAG_STOP))
                    .size(theme::BODY)
                    .color(theme::TEXT),
            );
        });
}

fn question(ui: &mut Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).size(theme::BODY).strong());
}

/// A choice button that keeps its size and place when chosen (it is only highlighted).
fn choice(ui: &mut Ui, selected: bool, text: &str) -> bool {
    ui.add(egui::Button::new(RichText::new(text).size(theme::BODY)).selected(selected))
        .clicked()
}

/// "3 s", "1.5 s".
fn secs_words(secs: f32) -> String {
    if (secs - secs.round()).abs() < 0.05 {
        format!("{secs:.0} s")
    } else {
        format!("{secs:.1} s")
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// The pain rating at the end of a session, on its summary: "Back pain now, at the end?"
/// 0–10 and Skip, in one row; the answer (`None`: skipped).
pub fn end_rating_ui(ui: &mut Ui) -> Option<Option<u8>> {
    let mut answer = None;
    egui::Frame::new()
        .fill(theme::INFO_BG)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .corner_radius(8)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new("Back pain now, at the end? (0 none – 10 worst)")
                    .size(theme::BODY)
                    .strong(),
            );
            ui.horizontal_wrapped(|ui| {
                for v in 0..=10u8 {
                    if choice(ui, false, &v.to_string()) {
                        answer = Some(Some(v));
                    }
                }
                if ui.button(RichText::new("Skip").size(theme::BODY)).clicked() {
                    answer = Some(None);
                }
            });
        });
    answer
}
