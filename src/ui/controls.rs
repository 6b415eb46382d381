//! The routine's controls and keys, and the key help.
//!
//! [`Controls`] says which controls do something now: Back only after the first exercise,
//! Skip only when another exercise follows (in free practice of one exercise both would
//! only end it, which End session says plainly), Start now only while a countdown runs
//! (get ready, rest, side switch). The buttons and the keys read the same [`Controls`], so
//! a key never does what no button offers. `?` (or F1) opens the key help from any screen;
//! the top bar shows a "? keys" hint for it.

use super::action::Action;
use super::{theme, widgets};
use crate::practice::{RoutineState, Stage};
use crate::session::EndReason;
use eframe::egui::{self, Key, RichText, Ui};

/// Which routine controls do something now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Controls {
    pub back: bool,
    pub skip: bool,
    pub start_now: bool,
    /// Pause/Resume and End session: whenever something is coached or counting down.
    pub pause: bool,
    /// The routine is paused (the button reads "Resume").
    pub paused: bool,
}

impl Controls {
    pub fn of(routine: Option<&RoutineState>) -> Self {
        let Some(r) = routine.filter(|r| !r.is_finished()) else {
            return Self::default();
        };
        Self {
            back: r.index() > 0,
            skip: r.index() + 1 < r.items().len(),
            start_now: matches!(r.stage(), Stage::Rest { .. } | Stage::SwitchSide { .. }),
            pause: true,
            paused: r.is_paused(),
        }
    }

    /// Whether `action` (from a key) does something now.
    pub fn allows(&self, action: &Action) -> bool {
        match action {
            Action::Back => self.back,
            Action::Skip => self.skip,
            Action::StartNow => self.start_now,
            Action::TogglePause | Action::ItHurts => self.pause,
            _ => true,
        }
    }
}

/// One key of the help: keys, what it does, and whether it does it now.
struct KeyHelp {
    keys: &'static str,
    what: &'static str,
    now: bool,
}

/// The keys; `on_safety`: the safety screen is shown (Enter or Space acknowledge it).
fn key_list(c: Controls, on_safety: bool) -> [KeyHelp; 10] {
    [
        KeyHelp {
            keys: "Enter or Space",
            what: "I understand (on the safety page)",
            now: on_safety,
        },
        KeyHelp {
            keys: "Space or P",
            what: if c.paused { "Resume" } else { "Pause" },
            now: c.pause,
        },
        KeyHelp {
            keys: "Right arrow or N",
            what: "Skip to the next exercise",
            now: c.skip,
        },
        KeyHelp {
            keys: "Left arrow or B",
            what: "Back to the previous exercise",
            now: c.back,
        },
        KeyHelp {
            keys: "Enter",
            what: "Start now (skip the countdown)",
            now: c.start_now,
        },
        KeyHelp {
            keys: "H",
            what: "It hurts: pause, note where, show the advice",
            now: c.pause,
        },
        KeyHelp {
            keys: "M",
            what: "Mirror the picture",
            now: true,
        },
        KeyHelp {
            keys: "S",
            what: "Sound off or on (tones and voice)",
            now: true,
        },
        KeyHelp {
            keys: "? or F1",
            what: "Show or hide these keys",
            now: true,
        },
        KeyHelp {
            keys: "Esc",
            what: "Close this help",
            now: true,
        },
    ]
}

/// The live view's keys, those that do something now: space pauses, right arrow / N skips,
/// left arrow / B goes back, Enter starts now, M mirrors, S mutes, H says it hurts.
pub fn keys(ui: &Ui, controls: Controls) -> Vec<Action> {
    if ui.ctx().egui_wants_keyboard_input() {
        return Vec::new();
    }
    ui.input(|i| {
        [
            (
                i.key_pressed(Key::Space) || i.key_pressed(Key::P),
                Action::TogglePause,
            ),
            (
                i.key_pressed(Key::ArrowRight) || i.key_pressed(Key::N),
                Action::Skip,
            ),
            (
                i.key_pressed(Key::ArrowLeft) || i.key_pressed(Key::B),
                Action::Back,
            ),
            (i.key_pressed(Key::Enter), Action::StartNow),
            (i.key_pressed(Key::M), Action::ToggleMirror),
            (i.key_pressed(Key::S), Action::ToggleMute),
            (i.key_pressed(Key::H), Action::ItHurts),
        ]
        .into_iter()
        .filter_map(|(pressed, action)| pressed.then_some(action))
        .filter(|a| controls.allows(a))
        .collect()
    })
}

/// `?` or F1 (any screen, unless typing): show or hide the key help.
pub fn help_key(ui: &Ui) -> bool {
    !ui.ctx().egui_wants_keyboard_input()
        && ui.input(|i| i.key_pressed(Key::Questionmark) || i.key_pressed(Key::F1))
}

/// The routine buttons that do something now, with their keys on hover; End session always.
/// Drawn in a bottom-up layout at the coach panel's foot, and placed so buttons keep their
/// places as others come and go: the main row at the bottom (Pause and Skip first, End
/// session at the right), Back, Start now and It hurts (at the right) on a row above it.
/// Each row fits the narrowest panel (1024×600) with "Resume" in place of "Pause"; with
/// Back on the main row, Back and End session overlapped there.
pub fn controls_ui(ui: &mut Ui, c: Controls) -> Vec<Action> {
    let mut actions = Vec::new();
    let height = widgets::button_row_height(ui);
    widgets::row_ui(ui, height, |ui| {
        if c.pause
            && ui
                .button(if c.paused { "Resume" } else { "Pause" })
                .on_hover_text("Space")
                .clicked()
        {
            actions.push(Action::TogglePause);
        }
        if c.skip
            && ui
                .button("Skip")
                .on_hover_text("Right arrow or N")
                .clicked()
        {
            actions.push(Action::Skip);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("End session").clicked() {
                actions.push(Action::EndSession(EndReason::Quit));
            }
        });
    });
    if c.back || c.start_now || c.pause {
        widgets::row_ui(ui, height, |ui| {
            if c.back && ui.button("Back").on_hover_text("Left arrow or B").clicked() {
                actions.push(Action::Back);
            }
            if c.start_now
                && ui
                    .button(RichText::new("Start now").strong())
                    .on_hover_text("Enter")
                    .clicked()
            {
                actions.push(Action::StartNow);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if c.pause && ui.button("It hurts").on_hover_text("H").clicked() {
                    actions.push(Action::ItHurts);
                }
            });
        });
    }
    actions
}

/// The key help, over whatever screen is shown; closes on Esc, a click outside or Close.
pub fn key_help_ui(ctx: &egui::Context, c: Controls, on_safety: bool) -> Option<Action> {
    let mut close = false;
    let response = egui::Modal::new(egui::Id::unique("key_help")).show(ctx, |ui| {
        ui.label(RichText::new("Keys").size(theme::TITLE).strong());
        egui::Grid::new("keys")
            .num_columns(2)
            .spacing([24.0, 10.0])
            .show(ui, |ui| {
                for k in key_list(c, on_safety) {
                    let colour = if k.now { theme::TEXT } else { theme::TEXT_DIM };
                    ui.label(
                        RichText::new(k.keys)
                            .size(theme::BODY)
                            .strong()
                            .color(colour),
                    );
                    let what = if k.now {
                        k.what.to_owned()
                    } else {
                        format!("{} (not now)", k.what)
                    };
                    ui.label(RichText::new(what).size(theme::BODY).color(colour));
                    ui.end_row();
                }
            });
        ui.label(
            RichText::new("The routine keys work on the Live screen.")
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        if ui.button("Close").clicked() {
            close = true;
        }
    });
    (close || response.should_close()).then_some(Action::ToggleKeyHelp)
}
