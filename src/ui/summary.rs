//! The session summary: what a session achieved per exercise (done against the dose, reps
//! with their quality, holds, movements), the key angle over time and the hold durations
//! as plots, and the corrections given most. Its state is the session loaded for it.

use super::theme;
use crate::session::{self, EndReason, SessionError};
use eframe::egui::{self, Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints};
use std::path::Path;

/// A finished session loaded back for the summary screen.
pub struct LoadedSummary {
    pub session: session::Session,
    pub summary: session::SessionSummary,
}

/// The session shown, or why none is.
#[derive(Default)]
pub struct SummaryScreen {
    loaded: Option<LoadedSummary>,
    problem: Option<String>,
}

impl SummaryScreen {
    /// Reads a session file for the screen.
    pub fn load(&mut self, path: &Path) {
        match session::read_session(path) {
            Ok(session) => {
                let summary = session.summary();
                self.loaded = Some(LoadedSummary { session, summary });
                self.problem = None;
            }
            Err(e) => {
                self.loaded = None;
                self.problem = Some(e.to_string());
            }
        }
    }

    /// The session that ended was not recorded (`why`, when writing it failed).
    pub fn not_recorded(&mut self, why: Option<&SessionError>) {
        self.loaded = None;
        self.problem = Some(match why {
            Some(e) => format!("The session is not recorded: {e}"),
            None => "This session was not recorded.".to_owned(),
        });
    }

    pub fn ui(&self, ui: &mut Ui) {
        ui.label(
            RichText::new("Session summary")
                .size(theme::HEADLINE)
                .strong(),
        );
        if let Some(p) = &self.problem {
            ui.label(RichText::new(p).size(theme::BODY).color(theme::BORDERLINE));
        }
        let Some(loaded) = &self.loaded else {
            ui.label(
                RichText::new(
                    "No session yet. Finish a routine or an exercise, or open one from History.",
                )
                .size(theme::BODY),
            );
            return;
        };
        let s = &loaded.summary;
        ui.label(
            RichText::new(format!(
                "{} · {} · {:.0} min · {} of {} exercises done · {} reps · {:.0} s held{}",
                s.started_at,
                if s.mode == session::Mode::Routine {
                    "routine"
                } else {
                    "free practice"
                },
                s.duration_secs / 60.0,
                s.exercises_done,
                s.exercises.len(),
                s.total_reps,
                s.total_hold_secs,
                match s.end_reason {
                    Some(EndReason::CameraLost) => " · camera lost",
                    Some(EndReason::Quit) => " · stopped early",
                    None => " · not ended cleanly",
                    _ => "",
                }
            ))
            .size(theme::BODY)
            .color(theme::TEXT_DIM),
        );
        egui::ScrollArea::vertical().show(ui, |ui| {
            for ex in &s.exercises {
                exercise_ui(ui, &loaded.session, ex);
            }
            ui.separator();
            ui.label(
                RichText::new("Corrections given most")
                    .size(theme::TITLE)
                    .strong(),
            );
            if s.top_corrections.is_empty() {
                ui.label(
                    RichText::new("None: clean form.")
                        .size(theme::BODY)
                        .color(theme::GOOD),
                );
            }
            for c in s.top_corrections.iter().take(5) {
                ui.label(RichText::new(format!("{}×  {}", c.count, c.message)).size(theme::BODY));
            }
        });
    }
}

/// One exercise of the session: done against the dose, reps and holds, plots.
fn exercise_ui(ui: &mut Ui, session: &session::Session, ex: &session::ExerciseSummary) {
    ui.separator();
    let target = ex.target.map_or("?".to_owned(), |t| t.to_string());
    let what = if ex.dose.as_ref().is_some_and(|d| d.is_hold()) {
        "holds"
    } else {
        "reps"
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(&ex.name).size(theme::TITLE).strong());
        ui.label(
            RichText::new(format!("{} / {target} {what}", ex.done))
                .size(theme::TITLE)
                .color(if ex.met_dose {
                    theme::GOOD
                } else {
                    theme::BORDERLINE
                }),
        );
    });
    ui.label(
        RichText::new(format!(
            "{} reps ({} reached the range, {:.1} s each) · {} holds ({} completed, {:.0} s) · {} corrections",
            ex.reps, ex.reps_in_range, ex.mean_rep_secs, ex.holds, ex.holds_completed, ex.hold_secs, ex.corrections
        ))
        .size(theme::BODY),
    );
    if ex.movements > 0 {
        let name = ex.movement_name.as_deref().unwrap_or("movement");
        let s = if ex.movements == 1 { "" } else { "s" };
        ui.label(RichText::new(format!("{} {name}{s} counted", ex.movements)).size(theme::BODY));
    }
    let reps = session.reps(&ex.id);
    if !reps.is_empty() {
        ui.horizontal_wrapped(|ui| {
            for (_, rep) in &reps {
                let colour = if rep.quality.worst_fault.is_some() {
                    theme::WRONG
                } else if rep.quality.range_reached {
                    theme::GOOD
                } else {
                    theme::BORDERLINE
                };
                let side = rep
                    .side
                    .map(|s| format!(" {}", s.name()))
                    .unwrap_or_default();
                let fault = rep
                    .quality
                    .worst_fault
                    .as_deref()
                    .map(|f| format!(" · {f}"))
                    .unwrap_or_default();
                let held = rep
                    .quality
                    .held_secs
                    .map(|h| format!(", held {h:.1} s"))
                    .unwrap_or_default();
                ui.label(
                    RichText::new(format!(
                        "rep {}{side}: {:.1} s{held}{fault}",
                        rep.index, rep.quality.duration_secs
                    ))
                    .size(theme::SMALL)
                    .color(colour),
                );
            }
        });
    }
    ui.columns(2, |cols| {
        angle_plot_ui(&mut cols[0], session, &ex.id);
        hold_plot_ui(&mut cols[1], session, &ex.id);
    });
}

fn angle_plot_ui(ui: &mut Ui, session: &session::Session, exercise: &str) {
    // The exercise's key angle: whichever angle name was recorded for it first.
    let name = session.events.iter().find_map(|e| match &e.record {
        session::Record::Angle(a) if a.exercise == exercise => Some(a.name.clone()),
        _ => None,
    });
    let Some(name) = name else {
        ui.label(
            RichText::new("No angle samples.")
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        return;
    };
    let series = session.angle_series(exercise, &name);
    ui.label(RichText::new(format!("{name} (°) over time (s)")).size(theme::SMALL));
    let points: PlotPoints = series.iter().map(|&(t, d)| [t, d]).collect();
    Plot::new(format!("angle-{exercise}"))
        .height(200.0)
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |p| {
            p.line(
                Line::new(name.clone(), points)
                    .color(theme::ACCENT)
                    .width(2.5),
            );
        });
}

fn hold_plot_ui(ui: &mut Ui, session: &session::Session, exercise: &str) {
    let holds = session.holds(exercise);
    if holds.is_empty() {
        ui.label(
            RichText::new("No holds.")
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        return;
    }
    ui.label(RichText::new("Hold durations (s)").size(theme::SMALL));
    let target = session.events.iter().find_map(|e| match &e.record {
        session::Record::Hold(h) if h.exercise == exercise => Some(h.target_secs),
        _ => None,
    });
    let bars: Vec<Bar> = holds
        .iter()
        .enumerate()
        .map(|(i, &(_, _, secs, completed))| {
            let colour: Color32 = if completed {
                theme::GOOD
            } else {
                theme::BORDERLINE
            };
            Bar::new((i + 1) as f64, secs).fill(colour).width(0.6)
        })
        .collect();
    Plot::new(format!("holds-{exercise}"))
        .height(200.0)
        .allow_scroll(false)
        .allow_drag(false)
        .include_y(0.0)
        .show(ui, |p| {
            p.bar_chart(BarChart::new("holds", bars).color(theme::GOOD));
            if let Some(t) = target {
                let n = holds.len() as f64 + 1.0;
                p.line(
                    Line::new("target", PlotPoints::from(vec![[0.0, t], [n, t]]))
                        .color(theme::TEXT_DIM),
                );
            }
        });
}
