//! What a demonstration taught, as the person sees it: the start and held positions drawn
//! as two stick figures (the poses the model saw in the middle of each still stretch, in
//! the picker's drawing style), each with its measures and its time span, and what counts.

use super::job::Frames;
use crate::content::FigurePose;
use crate::teach::{self, Position, Taught};
use crate::ui::{figure, theme};
use eframe::egui::{RichText, Ui};

/// The two positions drawn, then one line of measures for each, then what counts.
pub fn result_ui(ui: &mut Ui, frames: &Frames, taught: &Taught) {
    let held = figure_at(frames, &taught.held);
    let start = taught.start.as_ref().and_then(|s| figure_at(frames, s));
    let mut drawn: Vec<(&FigurePose, &str)> = Vec::new();
    if let Some(s) = &start {
        drawn.push((s, "Start"));
    }
    if let Some(h) = &held {
        drawn.push((h, "Held"));
    }
    if !drawn.is_empty() {
        let height = (ui.available_width() / 3.0)
            .min(ui.ctx().content_rect().height() / 4.0)
            .clamp(90.0, 200.0);
        figure::positions_ui(ui, &drawn, height);
    }
    if let Some(s) = &taught.start {
        measures_ui(ui, taught, "Start", s);
    }
    measures_ui(ui, taught, "Held", &taught.held);
    let counts = match taught.counting {
        Some(c) => format!(
            "Counts a rep each time your {} goes from {} to {}.",
            taught.column_words(c.column),
            teach::value_text(c.column.candidate().unit, c.start),
            teach::value_text(c.column.candidate().unit, c.held)
        ),
        None => "All hold: the held position is timed.".to_owned(),
    };
    ui.label(RichText::new(counts).size(theme::BODY).strong());
    if let Some(side) = taught.working {
        ui.label(
            RichText::new(format!(
                "Only your {} side moved; choose \"each side\" to do both in turn.",
                side.name()
            ))
            .size(theme::SMALL)
            .color(theme::TEXT_DIM),
        );
    }
}

/// "Start: hip 95°, knee 88° (0.4–1.1 s)".
pub fn measures_text(taught: &Taught, label: &str, p: &Position) -> String {
    format!("{label}: {}", taught.position_text(p))
}

fn measures_ui(ui: &mut Ui, taught: &Taught, label: &str, p: &Position) {
    ui.label(RichText::new(measures_text(taught, label, p)).size(theme::BODY));
}

/// The figure of the pose seen nearest the middle of `p`, the side seen better in front.
fn figure_at(frames: &Frames, p: &Position) -> Option<FigurePose> {
    teach::pose_at(frames, p).and_then(|pose| teach::figure_of(pose, None))
}
