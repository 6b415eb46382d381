//! The session summary: what a session achieved per exercise (done against the dose in the
//! dose's own unit, each rep with its own numbers, quick reps marked as too short to count,
//! every hold with its length, movements), the key angle over time from the exercise's
//! start and the hold durations as plots with labelled axes, and the corrections given
//! most. Words and durations come from [`session::words`], as `formcheck history`'s do.
//! Its state is the session file shown and its read, done off the UI thread
//! (`progress::screens::read_summary`, as Progress reads its sessions).

use super::action::Action;
use super::action::ProgressInput;
use super::background::Background;
use super::plot::{y_axis, PLOT_HEIGHT};
use super::suggested::suggested_ui;
use super::theme;
use super::widgets::read_ui;
use crate::practice::pain;
use crate::progress::screens::{read_summary, SummaryAsk, SummaryRead};
use crate::session::{self, words, SessionError};
use eframe::egui::{self, Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints, Points};
use std::path::{Path, PathBuf};

/// The session shown, or why none is. The session file and the holds its exercises have
/// earned a change of are read off the UI thread once the screen is drawn (again after
/// [`Self::refresh`]).
#[derive(Default)]
pub struct SummaryScreen {
    /// The session file shown.
    file: Option<PathBuf>,
    /// Its read (`progress::screens::read_summary`), running, then done.
    read: Option<Background<Result<SummaryRead, SessionError>>>,
    /// Why no session is shown (it was not recorded).
    problem: Option<String>,
    /// The session shown has just ended: its end pain rating is asked (once, unless it
    /// was rated).
    ask_end: bool,
}

impl SummaryScreen {
    /// Shows a session file (read when the screen is next drawn).
    pub fn load(&mut self, path: &Path) {
        self.file = Some(path.to_path_buf());
        self.read = None;
        self.problem = None;
        self.ask_end = false;
    }

    /// The session shown has just ended: ask its pain at the end, unless it was rated.
    pub fn ask_end_rating(&mut self) {
        self.ask_end = true;
    }

    /// The session that ended was not recorded (`why`, when writing it failed).
    pub fn not_recorded(&mut self, why: Option<&SessionError>) {
        self.file = None;
        self.read = None;
        self.ask_end = false;
        self.problem = Some(match why {
            Some(e) => format!("The session is not recorded: {e}"),
            None => "This session was not recorded.".to_owned(),
        });
    }

    /// Read the session and its suggestions again the next time the screen is drawn (one
    /// was accepted or declined).
    pub fn refresh(&mut self) {
        self.read = None;
    }

    /// The screen; Accept or Decline of a suggested hold, or the end pain rating, comes
    /// back as an action.
    pub fn ui(&mut self, ui: &mut Ui, input: &ProgressInput<'_>) -> Option<Action> {
        ui.label(
            RichText::new("Session summary")
                .size(theme::HEADLINE)
                .strong(),
        );
        if let Some(p) = &self.problem {
            ui.label(RichText::new(p).size(theme::BODY).color(theme::BORDERLINE));
        }
        let Some(file) = &self.file else {
            no_session_ui(ui);
            return None;
        };
        let job = self.read.get_or_insert_with(|| {
            let ask = SummaryAsk {
                file: file.clone(),
                dir: input.session_dir.map(Path::to_path_buf),
                catalog: input.catalog.cloned(),
                declined: input.declined.to_vec(),
            };
            let ctx = ui.ctx().clone();
            Background::start(move || read_summary(&ask), move || ctx.request_repaint())
        });
        let read = match read_ui(
            ui,
            job,
            "Reading the session…",
            "The session could not be read.",
        )? {
            Ok(read) => read,
            Err(()) => {
                no_session_ui(ui);
                return None;
            }
        };
        let ask_end = self.ask_end && pain::ratings(&read.session).1.is_none();
        let mut clicked = None;
        body_ui(ui, read, ask_end, input.catalog, &mut clicked);
        clicked
    }
}

/// No session to show: where one comes from.
fn no_session_ui(ui: &mut Ui) {
    ui.label(
        RichText::new("No session yet. Finish a routine or an exercise, or open one from History.")
            .size(theme::BODY),
    );
}

/// The session read: its line, pain, each exercise and the corrections.
fn body_ui(
    ui: &mut Ui,
    loaded: &SummaryRead,
    ask_end: bool,
    catalog: Option<&crate::content::Catalog>,
    clicked: &mut Option<Action>,
) {
    let s = &loaded.summary;
    ui.label(
        RichText::new(header_line(s))
            .size(theme::BODY)
            .color(theme::TEXT_DIM),
    );
    if let Some(flag) = loaded.session.events.iter().find_map(|e| match &e.record {
        session::Record::Pain(p) => pain::red_flag(p),
        _ => None,
    }) {
        super::pain::red_flag_box(ui, &format!("You said it hurt with {flag}."));
    }
    if ask_end {
        if let Some(rating) = super::pain::end_rating_ui(ui) {
            *clicked = Some(Action::RateEndPain(loaded.session.path.clone(), rating));
        }
    }
    ui.label(RichText::new(ratings_line(&loaded.session)).size(theme::BODY));
    egui::ScrollArea::vertical().show(ui, |ui| {
        if let Some(suggested) = &loaded.suggested {
            if let Some(a) = suggested_ui(ui, suggested) {
                *clicked = Some(a);
            }
        }
        for ex in &s.exercises {
            exercise_ui(ui, &loaded.session, catalog, ex);
        }
        if let Some(line) = words::not_done(&s.not_done) {
            ui.separator();
            ui.label(RichText::new(line).size(theme::BODY));
        }
        ui.separator();
        ui.label(
            RichText::new("Corrections given most")
                .size(theme::TITLE)
                .strong(),
        );
        // "Clean form" only of work that was counted and had no fault, shown or not: a
        // rep marked with a fault never said aloud is not clean form.
        let counted = s.total_reps > 0 || s.exercises.iter().any(|e| e.holds_completed > 0);
        let faulty = loaded.session.faulty_reps();
        if s.top_corrections.is_empty() && counted && faulty == 0 {
            ui.label(
                RichText::new("None: clean form.")
                    .size(theme::BODY)
                    .color(theme::GOOD),
            );
        } else if s.top_corrections.is_empty() && faulty > 0 {
            ui.label(
                RichText::new(format!(
                    "None said aloud; {} had a brief fault (named with the rep above).",
                    words::count(faulty, "rep", "reps")
                ))
                .size(theme::BODY),
            );
        } else if s.top_corrections.is_empty() {
            ui.label(RichText::new("None given.").size(theme::BODY));
        }
        for c in s.top_corrections.iter().take(5) {
            ui.label(RichText::new(format!("{}×  {}", c.count, c.message)).size(theme::BODY));
        }
    });
}

/// The line under the title: when (local time), what, how long, how much, how it ended.
fn header_line(s: &session::SessionSummary) -> String {
    let mode = if s.mode == session::Mode::Routine {
        "routine"
    } else {
        "free practice"
    };
    format!(
        "{} · {mode} · {} · {} of {} exercises done · {} · {} held · {}",
        words::local_time(&s.started_at),
        words::duration(s.duration_secs),
        s.exercises_done,
        s.exercises_planned(),
        words::count(s.total_reps, "rep", "reps"),
        words::duration(s.total_hold_secs),
        words::ending(s.end_reason),
    )
}

/// The back pain the person rated at the start and the end, each "not rated" when it was
/// not ("Back pain (0–10): 4 at the start, not rated at the end").
fn ratings_line(session: &session::Session) -> String {
    let (start, end) = pain::ratings(session);
    format!(
        "Back pain (0–10): {} at the start, {} at the end",
        pain::rating_words(start),
        pain::rating_words(end)
    )
}

/// Each "It hurts" during the exercise, in a clinician's words ("It hurt: During Cobra (2
/// of 8 reps done; trunk angle 38°, a 2-D camera estimate): pain, low back, 6/10, sharp.
/// Chose to skip the exercise."): a session stopped because it hurt says so.
fn hurt_lines(session: &session::Session, ex: &session::ExerciseSummary) -> Vec<String> {
    let cx = pain::PainContext {
        exercise_name: &ex.name,
        key: None,
        reps_target: ex.dose.as_ref().filter(|d| d.reps > 1).map(|d| d.reps),
    };
    session
        .events
        .iter()
        .filter_map(|e| match &e.record {
            session::Record::Pain(p) if p.exercise == ex.id => {
                Some(format!("It hurt: {}", pain::describe(p, cx)))
            }
            _ => None,
        })
        .collect()
}

/// What an exercise did, beyond the count against the dose: reps (quick ones apart), holds
/// with their time (breathing in breaths, the dose's own unit), movements, corrections.
pub(super) fn done_line(ex: &session::ExerciseSummary) -> String {
    let mut parts = Vec::new();
    if ex.reps > 0 || ex.short_reps > 0 {
        parts.push(format!("{} counted", words::count(ex.reps, "rep", "reps")));
    }
    if ex.short_reps > 0 {
        parts.push(format!(
            "{} held too briefly to count (only reps held long enough count toward the dose)",
            words::count(ex.short_reps, "quick rep", "quick reps")
        ));
    }
    let breaths = ex.dose.as_ref().and_then(|d| d.breaths.filter(|b| *b > 0));
    if let (Some(breaths), true) = (breaths, ex.holds > 0) {
        parts.push(format!(
            "{} of slow breathing in all (the dose: {breaths} breaths)",
            words::duration(ex.hold_secs)
        ));
    } else if ex.holds > 0 {
        // A hold counts from the dose's shortest (`min_hold_secs`), which is not its aim
        // (`hold_secs`): "reached the aim of at least 3 s" misread cobra's 5 s aim.
        let reached =
            ex.dose
                .as_ref()
                .map_or(String::new(), |d| match (d.min_hold_secs, d.hold_secs) {
                    (Some(min), _) => format!(
                        "{} held long enough to count, at least {}",
                        ex.holds_completed,
                        words::duration(min)
                    ),
                    (None, Some(hold)) => format!(
                        "{} reached the aim of {}",
                        ex.holds_completed,
                        words::duration(hold)
                    ),
                    (None, None) => format!("{} completed", ex.holds_completed),
                });
        parts.push(format!(
            "{} ({reached}), {} held in all",
            words::count(ex.holds, "hold", "holds"),
            words::duration(ex.hold_secs)
        ));
    }
    if ex.movements > 0 {
        let name = ex.movement_name.as_deref().unwrap_or("movement");
        parts.push(format!("{} {name}{}", ex.movements, plural(ex.movements)));
    }
    parts.push(words::count(ex.corrections, "correction", "corrections"));
    parts.join(" · ")
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One exercise of the session: done against the dose, reps and holds, plots.
fn exercise_ui(
    ui: &mut Ui,
    session: &session::Session,
    catalog: Option<&crate::content::Catalog>,
    ex: &session::ExerciseSummary,
) {
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&ex.name).size(theme::TITLE).strong());
        if let Some(dose) = words::against_dose(ex) {
            ui.label(
                RichText::new(dose)
                    .size(theme::TITLE)
                    .color(if ex.met_dose {
                        theme::GOOD
                    } else {
                        theme::BORDERLINE
                    }),
            );
        }
    });
    ui.label(RichText::new(done_line(ex)).size(theme::BODY));
    for hurt in hurt_lines(session, ex) {
        ui.label(
            RichText::new(hurt)
                .size(theme::BODY)
                .color(theme::BORDERLINE),
        );
    }
    reps_ui(ui, session, catalog, &ex.id);
    ui.columns(2, |cols| {
        angle_plot_ui(&mut cols[0], session, &ex.id);
        hold_plot_ui(&mut cols[1], session, &ex.id);
    });
}

/// The words of a fault: as the session gave them, else the exercise's own correction
/// message, else "a form fault" — never the fault's id.
fn fault_words(
    session: &session::Session,
    catalog: Option<&crate::content::Catalog>,
    exercise: &str,
    id: &str,
) -> String {
    session
        .events
        .iter()
        .rev()
        .find_map(|e| match &e.record {
            session::Record::Correction(c) if c.id == id => Some(c.message.clone()),
            _ => None,
        })
        .or_else(|| {
            let ex = catalog?.get(exercise).ok()?;
            let c = ex.corrections.iter().find(|c| c.id == id)?;
            Some(c.message.clone())
        })
        .unwrap_or_else(|| "a form fault".to_owned())
}

/// Each rep with its own numbers: how long it took, how long its top was held, and what
/// stood out (a quick rep, the range not reached, the worst fault).
fn reps_ui(
    ui: &mut Ui,
    session: &session::Session,
    catalog: Option<&crate::content::Catalog>,
    exercise: &str,
) {
    let reps = session.reps(exercise);
    if reps.is_empty() {
        return;
    }
    let aim = session.hold_aim(exercise);
    egui::Grid::new(format!("reps-{exercise}"))
        .spacing([16.0, 2.0])
        .show(ui, |ui| {
            for (_, rep) in &reps {
                let q = &rep.quality;
                let side = rep
                    .side
                    .map(|s| format!(" {}", s.name()))
                    .unwrap_or_default();
                let (name, colour, note) = if q.short_hold {
                    (
                        format!("quick rep{side}"),
                        theme::BORDERLINE,
                        "held too briefly to count".to_owned(),
                    )
                } else if let Some(f) = &q.worst_fault {
                    (
                        format!("rep {}{side}", rep.index),
                        theme::BORDERLINE,
                        fault_words(session, catalog, exercise, f),
                    )
                } else if !q.range_reached {
                    (
                        format!("rep {}{side}", rep.index),
                        theme::BORDERLINE,
                        "range not reached".to_owned(),
                    )
                } else {
                    (
                        format!("rep {}{side}", rep.index),
                        theme::GOOD,
                        String::new(),
                    )
                };
                let cell = |ui: &mut Ui, text: String| {
                    ui.label(RichText::new(text).size(theme::SMALL).color(colour));
                };
                cell(ui, name);
                cell(ui, format!("took {}", words::duration(q.duration_secs)));
                cell(
                    ui,
                    q.held_secs
                        .map(|h| format!("top held {}", words::held(h, aim)))
                        .unwrap_or_default(),
                );
                cell(ui, note);
                ui.end_row();
            }
        });
}

/// Seconds without an angle sample that break the plotted line: the writer samples every
/// [`session::writer::ANGLE_MIN_INTERVAL_SECS`] while the coach sees the person, so a longer
/// gap is a pause, or the person out of sight, and is drawn as one (not as a straight or
/// flat stretch the person never did).
const ANGLE_GAP_SECS: f64 = 4.0 * session::writer::ANGLE_MIN_INTERVAL_SECS;

/// `(t, deg)` samples as plot lines from the exercise's `start`, broken where no sample came
/// for more than `gap_secs`.
fn pieces(series: &[(f64, f64)], start: f64, gap_secs: f64) -> Vec<Vec<[f64; 2]>> {
    let mut out: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut last_t = None;
    for &(t, deg) in series {
        let new_piece = last_t.is_none_or(|l: f64| t - l > gap_secs);
        if new_piece {
            out.push(Vec::new());
        }
        if let Some(piece) = out.last_mut() {
            piece.push([t - start, deg]);
        }
        last_t = Some(t);
    }
    out
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
    let start = session.exercise_start(exercise);
    let series = session.angle_series(exercise, &name);
    ui.label(RichText::new(format!("{name} angle over the exercise")).size(theme::SMALL));
    let pieces = pieces(&series, start, ANGLE_GAP_SECS);
    Plot::new(format!("angle-{exercise}"))
        .height(PLOT_HEIGHT)
        .x_axis_label("seconds since the exercise began")
        .custom_y_axes(y_axis("degrees"))
        .include_x(0.0)
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |p| {
            for piece in pieces {
                // A lone sample between gaps is a dot a person can see, not a line of none.
                if piece.len() == 1 {
                    p.points(
                        Points::new(name.clone(), PlotPoints::from(piece))
                            .color(theme::ACCENT)
                            .radius(2.5),
                    );
                } else {
                    p.line(
                        Line::new(name.clone(), PlotPoints::from(piece))
                            .color(theme::ACCENT)
                            .width(2.5),
                    );
                }
            }
        });
}

fn hold_plot_ui(ui: &mut Ui, session: &session::Session, exercise: &str) {
    let holds = session.holds(exercise);
    if holds.is_empty() {
        ui.label(
            RichText::new("No holds recorded.")
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        return;
    }
    let target = session.hold_aim(exercise);
    // A dose given as a range ("hold the top 1–2 s") is reached at its shortest hold.
    let least = session.events.iter().rev().find_map(|e| match &e.record {
        session::Record::Exercise(x) if x.id == exercise => x.dose.min_hold_secs,
        _ => None,
    });
    let breaths = session.events.iter().rev().find_map(|e| match &e.record {
        session::Record::Exercise(x) if x.id == exercise => x.dose.breaths,
        _ => None,
    });
    ui.label(
        RichText::new(match (breaths, least, target) {
            (Some(b), _, _) => format!("Slow breathing, seconds (green: all {b} breaths)"),
            (None, Some(l), _) => format!(
                "Hold durations (green: held at least {}, inside the dose)",
                words::duration(l)
            ),
            (None, None, Some(t)) => format!(
                "Hold durations (green: reached the {} aim)",
                words::duration(t)
            ),
            (None, None, None) => "Hold durations".to_owned(),
        })
        .size(theme::SMALL),
    );
    let bars: Vec<Bar> = holds
        .iter()
        .enumerate()
        .map(|(i, &(_, _, secs, completed))| {
            let reached = completed || least.is_some_and(|l| secs + 1e-6 >= l);
            let colour: Color32 = if reached {
                theme::GOOD
            } else {
                theme::BORDERLINE
            };
            Bar::new((i + 1) as f64, secs).fill(colour).width(0.6)
        })
        .collect();
    Plot::new(format!("holds-{exercise}"))
        .height(PLOT_HEIGHT)
        .x_axis_label("hold")
        .custom_y_axes(y_axis("seconds held"))
        .x_axis_formatter(|mark, _| {
            let whole = mark.value >= 1.0 && mark.value.fract() == 0.0;
            if whole {
                format!("{:.0}", mark.value)
            } else {
                String::new()
            }
        })
        .allow_scroll(false)
        .allow_drag(false)
        .include_y(0.0)
        .show(ui, |p| {
            p.bar_chart(BarChart::new("holds", bars).color(theme::GOOD));
            if let Some(t) = target {
                let n = holds.len() as f64 + 0.5;
                p.line(
                    Line::new("aim", PlotPoints::from(vec![[0.5, t], [n, t]]))
                        .color(theme::TEXT_DIM),
                );
            }
        });
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn a_pause_breaks_the_angle_line() {
        let series = [
            (10.0, 90.0),
            (10.25, 95.0),
            (10.5, 100.0),
            (25.0, 100.0),
            (25.25, 98.0),
        ];
        assert_eq!(
            pieces(&series, 10.0, 1.0),
            vec![
                vec![[0.0, 90.0], [0.25, 95.0], [0.5, 100.0]],
                vec![[15.0, 100.0], [15.25, 98.0]],
            ]
        );
        assert_eq!(pieces(&series[..2], 10.0, 1.0).len(), 1);
        assert!(pieces(&[], 0.0, 1.0).is_empty());
    }
}
