//! Progress: is it getting better? Per exercise over sessions and weeks — range of motion
//! (best and median per side, plotted against the date in degrees), reps or holds done
//! against the dose, the share done with good form, the corrections given most — pain
//! before and after each session and each time it hurt, and the days practised per week.
//! The figures are `progress::progress`'s, the ones `formcheck progress` prints; nothing is
//! counted again here. Above them, the holds to change within the guide's range
//! (`progress::progression`), each with Accept and Decline, and the red flags beside a
//! shorter hold after pain; and the physiotherapist's report (`report.rs`).
//!
//! Its state: the period shown (last 30 days or all), the sessions read (again each time
//! the screen is opened or the period changes) with their figures and suggestions, and the
//! report button.

use super::action::Action;
use super::action::ProgressInput;
use super::background::Background;
use super::plot::{y_axis, PLOT_HEIGHT};
use super::report::ReportButton;
use super::suggested::suggested_ui;
use super::theme;
use super::widgets::sessions_read_ui;
use crate::practice::hold_change::{HoldKept, KeepHoldError};
use crate::progress::progression::{self, Declined};
use crate::progress::report_file::{self, Period};
use crate::progress::report_for::{day_month, readable_date, readable_period};
use crate::progress::screens::{read_progress, ProgressRead};
use crate::progress::suggested::ReadError;
use crate::progress::{self, ExerciseProgress, Progress};
use crate::session::{words, Side};
use eframe::egui::{self, Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints, Points};

/// The period, what was read for it, and the report button.
#[derive(Default)]
pub struct ProgressScreen {
    /// The sessions being read off the UI thread, then what was read.
    read: Option<Background<Result<ProgressRead, ReadError>>>,
    report: ReportButton,
}

impl ProgressScreen {
    /// Read the sessions again the next time the screen is drawn.
    pub fn refresh(&mut self) {
        self.read = None;
    }

    pub fn ui(&mut self, ui: &mut Ui, input: &ProgressInput<'_>) -> Option<Action> {
        ui.label(RichText::new("Progress").size(theme::HEADLINE).strong());
        let Some(dir) = input.session_dir else {
            ui.label(RichText::new("Sessions are not recorded in this run.").size(theme::BODY));
            return None;
        };
        let before = self.report.period;
        let job = self.read.get_or_insert_with(|| {
            let (dir, catalog, declined) = (
                dir.to_path_buf(),
                input.catalog.cloned(),
                input.declined.to_vec(),
            );
            let ctx = ui.ctx().clone();
            Background::start(
                move || {
                    read_progress(
                        &dir,
                        catalog.as_ref(),
                        &declined,
                        before,
                        report_file::today(),
                    )
                },
                move || ctx.request_repaint(),
            )
        });
        let read = sessions_read_ui(ui, job)?;
        if read.progress.sessions == 0 && self.report.period == Period::All {
            empty_ui(ui);
            return None;
        }
        let mut action = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let report = self.report.ui(ui, dir, input.catalog, &input.report);
                action = suggested_ui(ui, &read.suggested).or(report);
                overview_ui(ui, &read.progress, self.report.period);
                for ex in &read.progress.exercises {
                    ui.separator();
                    exercise_ui(ui, ex);
                }
                not_done_ui(ui, &read.progress);
            });
        if self.report.period != before {
            self.refresh();
        }
        action
    }
}

/// No session at all: what to do.
fn empty_ui(ui: &mut Ui) {
    ui.label(
        RichText::new(
            "No sessions yet. Do the routine (Live, then Start routine) or practise one exercise, \
and your range of motion, holds, form and pain show here after each session. A video of \
yourself counts too: open it in Settings and practise with it.",
        )
        .size(theme::BODY),
    );
}

/// Sessions, days and weeks; days practised per week; pain before and after.
fn overview_ui(ui: &mut Ui, p: &Progress, period: Period) {
    let (Some(first), Some(last)) = (&p.first_date, &p.last_date) else {
        ui.label(RichText::new(format!("No sessions in {}.", period.describe())).size(theme::BODY));
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} on {}, {}",
            words::count(p.sessions, "session", "sessions"),
            words::count(p.days_practised, "day", "days"),
            readable_period(first, last),
        ))
        .size(theme::BODY),
    );
    ui.columns(2, |cols| {
        weeks_plot_ui(&mut cols[0], p);
        pain_plot_ui(&mut cols[1], p);
    });
    if !p.pain_events.is_empty() {
        ui.label(RichText::new("When it hurt").size(theme::BODY).strong());
        for e in &p.pain_events {
            ui.label(
                RichText::new(format!("{}: {}", readable_date(&e.date), e.said))
                    .size(theme::SMALL)
                    .color(theme::BORDERLINE),
            );
        }
    }
}

/// The routine's exercises left undone in the period, and how often.
fn not_done_ui(ui: &mut Ui, p: &Progress) {
    if p.not_done.is_empty() {
        return;
    }
    ui.separator();
    ui.label(RichText::new("Not done").size(theme::TITLE).strong());
    for k in &p.not_done {
        let mut parts = Vec::new();
        if k.skipped > 0 {
            parts.push(format!(
                "skipped {}",
                words::count(k.skipped, "time", "times")
            ));
        }
        if k.not_reached > 0 {
            parts.push(format!(
                "the session ended before it {}",
                words::count(k.not_reached, "time", "times")
            ));
        }
        ui.label(RichText::new(format!("{}: {}", k.name, parts.join(", "))).size(theme::BODY));
    }
}

/// A date axis: day numbers shown as "7 Dec".
fn date_axis(mark: egui_plot::GridMark, _: &std::ops::RangeInclusive<f64>) -> String {
    if mark.value.fract() == 0.0 {
        day_month(mark.value as i64)
    } else {
        String::new()
    }
}

/// A week's axis: its bar sits on the Thursday (day numbers count from a Thursday, 1 Jan
/// 1970, so every seventh is one), labelled with the Monday the week begins on.
fn week_axis(mark: egui_plot::GridMark, _: &std::ops::RangeInclusive<f64>) -> String {
    if mark.value.rem_euclid(7.0) == 0.0 {
        day_month(mark.value as i64 - 3)
    } else {
        String::new()
    }
}

fn weeks_plot_ui(ui: &mut Ui, p: &Progress) {
    ui.label(RichText::new("Days practised per week").size(theme::SMALL));
    let bars: Vec<Bar> = p
        .weeks
        .iter()
        .filter_map(|w| progress::day_of(&format!("{}T00:00:00Z", w.monday)).map(|d| (d, w)))
        .map(|(d, w)| Bar::new(d as f64 + 3.0, f64::from(w.days)).width(5.0))
        .collect();
    Plot::new("progress-weeks")
        .height(PLOT_HEIGHT)
        .x_axis_label("week of")
        .x_axis_formatter(week_axis)
        // A mark on each week's bar, and one a day up to the week's 7: egui_plot's own
        // spacing puts marks at 10-day steps between the bars and hides every count but 0.
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [7.0, 28.0, 364.0]))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 7.0, 7.0]))
        .custom_y_axes(y_axis("days"))
        .include_y(0.0)
        .include_y(7.0)
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("days", bars).color(theme::GOOD));
        });
}

fn pain_plot_ui(ui: &mut Ui, p: &Progress) {
    ui.label(RichText::new("Pain 0–10, before and after, by session").size(theme::SMALL));
    let rows = &p.session_rows;
    if !rows
        .iter()
        .any(|r| r.pain_start.is_some() || r.pain_end.is_some())
    {
        ui.label(
            RichText::new("No pain ratings given yet.")
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        return;
    }
    // As the report draws it: one column per session, a rating not given is a gap in the
    // line and a "–" under the axis, never joined over or read as no pain.
    let series: [(&str, progress::pain_trend::Rating, Color32, f64); 2] = [
        ("before", |r| r.pain_start, theme::BORDERLINE, -0.15),
        ("after", |r| r.pain_end, theme::ACCENT, 0.15),
    ];
    Plot::new("progress-pain")
        .height(PLOT_HEIGHT)
        .legend(Legend::default())
        .x_axis_label("session (– not rated)")
        .custom_y_axes(y_axis("pain"))
        .include_y(-1.0)
        .include_y(10.0)
        .include_x(0.5)
        .include_x(rows.len() as f64 + 0.5)
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |plot| {
            for (name, value, colour, dx) in series {
                let (runs, missing) = progress::pain_trend::rated_runs(rows, value);
                for run in runs {
                    if run.len() > 1 {
                        plot.line(
                            Line::new(name, PlotPoints::from(run.clone()))
                                .color(colour)
                                .width(2.0),
                        );
                    }
                    plot.points(Points::new(name, run).color(colour).radius(3.5));
                }
                for x in missing {
                    plot.text(
                        egui_plot::Text::new(
                            name,
                            egui_plot::PlotPoint::new(x + dx, -0.6),
                            RichText::new("–").size(theme::BODY).strong(),
                        )
                        .color(colour),
                    );
                }
            }
        });
}

/// One exercise: done against the dose, good form, range plot, corrections.
fn exercise_ui(ui: &mut Ui, ex: &ExerciseProgress) {
    ui.label(RichText::new(&ex.name).size(theme::TITLE).strong());
    let unit = if ex.is_hold { "holds" } else { "reps" };
    let mut line = format!(
        "{} on {} · {} of {} {unit} done · full dose in {} of {}",
        words::count(ex.sessions, "session", "sessions"),
        words::count(ex.days, "day", "days"),
        ex.done,
        ex.target,
        ex.doses_met,
        ex.sessions,
    );
    if let Some(g) = ex.good_form_shown() {
        line += &format!(" · good form {:.0} %", g * 100.0);
    }
    ui.label(RichText::new(line).size(theme::BODY));
    range_ui(ui, ex);
    for c in ex.top_corrections.iter().take(3) {
        ui.label(
            RichText::new(format!("{}×  {}", c.count, c.message))
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
    }
}

/// The range of motion per session and side: best (solid) and median (thin), in degrees.
fn range_ui(ui: &mut Ui, ex: &ExerciseProgress) {
    let Some(first) = ex.ranges.first() else {
        ui.label(
            RichText::new("No range of motion recorded.")
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        return;
    };
    let direction = if first.higher_is_better {
        "higher is more range"
    } else {
        "lower is more range"
    };
    let mut words_line = Vec::new();
    let sides: [(Option<Side>, &str, Color32); 3] = [
        (None, "", theme::ACCENT),
        (Some(Side::Left), "left ", theme::BONE_LEFT),
        (Some(Side::Right), "right ", theme::BONE_RIGHT),
    ];
    for (side, name, _) in sides {
        let pts: Vec<_> = ex.ranges.iter().filter(|r| r.side == side).collect();
        if let (Some(a), Some(b)) = (pts.first(), pts.last()) {
            words_line.push(if pts.len() == 1 {
                format!("{name}best {:.0}°, median {:.0}°", a.best_deg, a.median_deg)
            } else {
                format!(
                    "{name}best {:.0}° in the first session, {:.0}° in the last; \
                     median {:.0}°, then {:.0}°",
                    a.best_deg, b.best_deg, a.median_deg, b.median_deg
                )
            });
        }
    }
    ui.label(
        RichText::new(format!(
            "{} angle ({direction}): {} (a 2-D camera estimate, about ±5–10°)",
            first.measure.replace('_', " "),
            words_line.join("; ")
        ))
        .size(theme::SMALL),
    );
    let sided = ex.ranges.iter().any(|r| r.side.is_some());
    ui.label(
        RichText::new(if sided {
            "Thick line: the best of the day; thin: its median. Orange: left side; cyan: right side."
        } else {
            "Thick line: the best of the day; thin: its median."
        })
        .size(theme::SMALL)
        .color(theme::TEXT_DIM),
    );
    Plot::new(format!("range-{}", ex.id))
        .height(PLOT_HEIGHT)
        .x_axis_label("date")
        .x_axis_formatter(date_axis)
        .custom_y_axes(y_axis(&format!(
            "{} angle (°)",
            first.measure.replace('_', " ")
        )))
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |plot| {
            for (side, name, colour) in sides {
                let pts = progress::best_per_day(&ex.ranges, side);
                if pts.is_empty() {
                    continue;
                }
                let best: Vec<[f64; 2]> = pts.iter().map(|r| [r.day as f64, r.best_deg]).collect();
                let median: Vec<[f64; 2]> =
                    pts.iter().map(|r| [r.day as f64, r.median_deg]).collect();
                plot.line(
                    Line::new(format!("{name}best"), PlotPoints::from(best.clone()))
                        .color(colour)
                        .width(2.5),
                );
                plot.points(
                    Points::new(format!("{name}best"), best)
                        .color(colour)
                        .radius(3.5),
                );
                plot.line(
                    Line::new(format!("{name}median"), PlotPoints::from(median))
                        .color(colour.gamma_multiply(0.6))
                        .width(1.2),
                );
            }
        });
}

/// What keeping a new hold says: what the routine holds now and where it is kept, or why
/// it is not.
pub fn kept_words(kept: &Result<HoldKept, KeepHoldError>) -> String {
    match kept {
        Ok(k) => format!(
            "From now on: hold {} in {}. Saved in your own copy of the exercise, {} (delete it to go back to the guide's dose).",
            progression::secs(k.hold_secs),
            k.name,
            crate::files::kept_where(&k.file, "")
        ),
        Err(KeepHoldError::NoFolder) => {
            "Cannot keep the new hold: there is no settings folder (set FORMCHECK_CONFIG_DIR)."
                .to_owned()
        }
        Err(e) => format!("Cannot keep the new hold: {e}"),
    }
}

/// What a decline says.
pub fn declined_words(d: &Declined) -> String {
    format!(
        "Declined: {} stays as it is. formcheck asks again after {} more sessions of it.",
        d.exercise,
        progression::SESSIONS
    )
}
