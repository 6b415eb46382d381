//! Progress over weeks: what the recorded sessions say about one person's practice.
//!
//! People do these stretches for weeks, and what they (and their physiotherapist) want to
//! know is whether it is getting better. [`progress`] folds a window of sessions
//! ([`Window`]: all, the last N, or the last D days) into per-exercise figures — range of
//! motion per session and side (the `range` records), reps or holds done against the dose,
//! the share of reps (or holds) done with good form, the corrections given most — and the
//! days practised, per calendar week. `formcheck progress` prints it (or `--json`), and
//! `formcheck report` ([`html`]) draws it for the physiotherapist. Pure: sessions in,
//! figures out; the day each session belongs to is its UTC start date. Only
//! [`report_file`] (the app's report saved in the session folder) and [`screens`] (what the
//! Progress and Summary screens read, off the UI thread) touch files.

pub mod html;
pub mod pain_trend;
pub mod progression;
pub mod report_file;
pub mod report_for;
pub mod screens;
pub mod suggested;
mod svg;

use crate::session::{
    format::civil_from_days, CorrectionCount, MeasureValue, PainWhen, Record, Session, Side,
};
use serde::Serialize;

/// Which sessions count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    All,
    /// The newest N sessions.
    Sessions(usize),
    /// Sessions that started in the last `days` days, counting `today` (a day number, see
    /// [`day_of`]) as the last.
    Since {
        days: u32,
        today: i64,
    },
}

/// Days since 1970-01-01 of an RFC 3339 start time (`2026-11-02T08:00:00Z` → its date).
pub fn day_of(started_at: &str) -> Option<i64> {
    let num = |r: std::ops::Range<usize>| started_at.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if started_at.get(4..5) != Some("-") || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (H. Hinnant), the inverse of `civil_from_days`.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `2026-11-02` for a day number.
pub fn date_of(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The Monday of the week a day is in.
pub fn monday_of(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

/// One week of practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// Its Monday, `YYYY-MM-DD`.
    pub monday: String,
    pub sessions: u32,
    pub days: u32,
}

/// One exercise's range of motion in one session, on one side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangePoint {
    pub date: String,
    pub day: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    pub measure: String,
    pub higher_is_better: bool,
    pub best_deg: f64,
    pub median_deg: f64,
}

/// One exercise in one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseWeek {
    pub monday: String,
    pub sessions: u32,
    /// Reps (rep exercise) or completed holds (hold exercise) done, and the doses' sum.
    pub done: u32,
    pub target: u32,
    /// The most range of the week (any side), when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_deg: Option<f64>,
}

/// One exercise over the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseProgress {
    pub id: String,
    pub name: String,
    /// Counted in completed holds (else in reps).
    pub is_hold: bool,
    pub sessions: u32,
    pub days: u32,
    /// Sessions in which the full dose was done.
    pub doses_met: u32,
    pub done: u32,
    pub target: u32,
    /// Share of reps done with good form (range reached, no fault; quick reps count as
    /// not good), or of holds completed for a hold exercise; `None` with none done.
    pub good_form_share: Option<f64>,
    /// Per session and side, oldest first.
    pub ranges: Vec<RangePoint>,
    pub weeks: Vec<ExerciseWeek>,
    /// Most given first.
    pub top_corrections: Vec<CorrectionCount>,
    /// Good and all reps (or completed and all holds) so far.
    #[serde(skip)]
    form: (u32, u32),
    /// The days practised so far.
    #[serde(skip)]
    day_list: Vec<i64>,
}

impl ExerciseProgress {
    /// The share of reps with good form, as the Progress screen and the report show it: a
    /// hold exercise has none (its holds are in Done; "good form 0 %" for a hold held to
    /// its aim would read as a failure).
    pub fn good_form_shown(&self) -> Option<f64> {
        self.good_form_share.filter(|_| !self.is_hold)
    }
}

/// The pain ratings of one session (0–10; `None`: skipped or not asked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainPoint {
    pub date: String,
    pub day: i64,
    pub before: Option<u8>,
    pub after: Option<u8>,
}

/// One time it hurt, with where the person was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainEvent {
    pub date: String,
    pub exercise: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    pub rep: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    pub hold_secs: f64,
    pub measures: Vec<MeasureValue>,
    /// The whole event in a clinician's words: where the person was, where it hurt, how
    /// much, what it was like and what they did next ([`crate::practice::pain::describe`]).
    pub said: String,
}

/// A routine's exercise not done in some sessions: how often it was skipped, and how often
/// the session ended before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotDone {
    pub id: String,
    pub name: String,
    pub skipped: u32,
    pub not_reached: u32,
}

/// Everything [`progress`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub sessions: u32,
    pub days_practised: u32,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub weeks: Vec<Week>,
    pub exercises: Vec<ExerciseProgress>,
    /// The routine's exercises left undone, in order of first appearance.
    pub not_done: Vec<NotDone>,
    /// Over all exercises, most given first.
    pub top_corrections: Vec<CorrectionCount>,
    /// Sessions with a pain rating given, oldest first.
    pub pain: Vec<PainPoint>,
    pub pain_events: Vec<PainEvent>,
    /// One row per session, oldest first (the report's session table).
    pub session_rows: Vec<SessionRow>,
}

/// One session as the report's table lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRow {
    /// "Mon 7 Dec 2026": a date that cannot be misread.
    pub date: String,
    pub duration_secs: f64,
    /// Exercises whose dose was met, and those the session set out to do.
    pub exercises_done: usize,
    pub exercises_planned: usize,
    /// The routine's exercises skipped by the person.
    pub skipped: usize,
    /// Back pain at the start and the end (`None`: not rated).
    pub pain_start: Option<u8>,
    pub pain_end: Option<u8>,
    /// Times the person said it hurt.
    pub hurt: usize,
    /// "camera" or "video file".
    pub source: &'static str,
}

/// "Mon 7 Dec 2026" for a day number.
pub fn weekday_date(day: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = civil_from_days(day);
    let weekday = DAYS[usize::try_from(day.rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[usize::try_from(m.saturating_sub(1)).unwrap_or(0).min(11)];
    format!("{weekday} {d} {month} {y}")
}

/// Whether a session's source was a camera (else a video file or an image folder).
pub fn from_camera(session: &Session) -> bool {
    session.meta.source.starts_with("camera")
}

fn session_row(session: &Session) -> Option<SessionRow> {
    let day = day_of(&session.meta.started_at)?;
    let summary = session.summary();
    let hurt = session
        .events
        .iter()
        .filter(|e| matches!(e.record, Record::Pain(_)))
        .count();
    Some(SessionRow {
        date: weekday_date(day),
        duration_secs: summary.duration_secs,
        exercises_done: summary.exercises_done,
        exercises_planned: summary.exercises_planned(),
        skipped: summary
            .not_done
            .iter()
            .filter(|k| k.why == crate::session::SkipWhy::Skipped)
            .count(),
        pain_start: summary.pain_start,
        pain_end: summary.pain_end,
        hurt,
        source: if from_camera(session) {
            "camera"
        } else {
            "video file"
        },
    })
}

/// The sessions of `all` that `window` keeps, oldest first (sessions without a readable
/// start date are left out).
pub fn select(mut all: Vec<Session>, window: Window) -> Vec<Session> {
    all.retain(|s| day_of(&s.meta.started_at).is_some());
    all.sort_by(|a, b| a.meta.started_at.cmp(&b.meta.started_at));
    match window {
        Window::All => all,
        Window::Sessions(n) => {
            let skip = all.len().saturating_sub(n);
            all.split_off(skip)
        }
        Window::Since { days, today } => {
            let first = today - i64::from(days) + 1;
            all.retain(|s| day_of(&s.meta.started_at).is_some_and(|d| d >= first));
            all
        }
    }
}

/// The progress shown by `sessions` (see [`select`]).
pub fn progress(sessions: &[Session]) -> Progress {
    let days: Vec<i64> = sessions
        .iter()
        .filter_map(|s| day_of(&s.meta.started_at))
        .collect();
    let mut weeks: Vec<(i64, Week, Vec<i64>)> = Vec::new();
    for &day in &days {
        let monday = monday_of(day);
        let i = match weeks.iter().position(|w| w.0 == monday) {
            Some(i) => i,
            None => {
                weeks.push((monday, week(monday), Vec::new()));
                weeks.len() - 1
            }
        };
        let (_, w, seen) = &mut weeks[i];
        w.sessions += 1;
        if !seen.contains(&day) {
            seen.push(day);
            w.days += 1;
        }
    }
    let mut unique = days.clone();
    unique.dedup();
    let mut exercises: Vec<ExerciseProgress> = Vec::new();
    let mut not_done: Vec<NotDone> = Vec::new();
    let (mut pain, mut pain_events) = (Vec::new(), Vec::new());
    for s in sessions {
        add_session(&mut exercises, &mut not_done, s);
        add_pain(&mut pain, &mut pain_events, s, &exercises);
    }
    let mut all_corrections: Vec<CorrectionCount> = Vec::new();
    for ex in &mut exercises {
        ex.top_corrections
            .sort_by_key(|c| std::cmp::Reverse(c.count));
        for c in &ex.top_corrections {
            merge_correction(&mut all_corrections, c, c.count);
        }
    }
    all_corrections.sort_by_key(|c| std::cmp::Reverse(c.count));
    Progress {
        sessions: u32::try_from(sessions.len()).unwrap_or(u32::MAX),
        days_practised: u32::try_from(unique.len()).unwrap_or(u32::MAX),
        first_date: days.first().map(|d| date_of(*d)),
        last_date: days.last().map(|d| date_of(*d)),
        weeks: weeks.into_iter().map(|(_, w, _)| w).collect(),
        exercises,
        not_done,
        top_corrections: all_corrections,
        pain,
        pain_events,
        session_rows: sessions.iter().filter_map(session_row).collect(),
    }
}

/// One session's pain ratings (when any was given) and pain events.
fn add_pain(
    points: &mut Vec<PainPoint>,
    events: &mut Vec<PainEvent>,
    session: &Session,
    exercises: &[ExerciseProgress],
) {
    let Some(day) = day_of(&session.meta.started_at) else {
        return;
    };
    let name_of = |id: &str| {
        exercises
            .iter()
            .find(|x| x.id == id)
            .map_or_else(|| id.to_owned(), |x| x.name.clone())
    };
    // The dose's reps, from the session's own `exercise` record (what was asked then).
    let said = |p: &crate::session::Pain| {
        let reps = session.events.iter().rev().find_map(|e| match &e.record {
            Record::Exercise(x) if x.id == p.exercise => Some(x.dose.reps),
            _ => None,
        });
        let name = name_of(&p.exercise);
        crate::practice::pain::describe(
            p,
            crate::practice::pain::PainContext {
                exercise_name: &name,
                key: None,
                reps_target: reps.filter(|r| *r > 1),
            },
        )
    };
    let (mut before, mut after) = (None, None);
    for e in &session.events {
        match &e.record {
            Record::PainRating(r) if r.when == PainWhen::Start => before = r.rating,
            Record::PainRating(r) => after = r.rating,
            Record::Pain(p) => events.push(PainEvent {
                date: date_of(day),
                exercise: p.exercise.clone(),
                name: name_of(&p.exercise),
                said: said(p),
                side: p.side,
                rep: p.rep,
                phase: p.phase.clone(),
                hold_secs: p.hold_secs,
                measures: p.measures.clone(),
            }),
            _ => {}
        }
    }
    if before.is_some() || after.is_some() {
        points.push(PainPoint {
            date: date_of(day),
            day,
            before,
            after,
        });
    }
}

fn week(monday: i64) -> Week {
    Week {
        monday: date_of(monday),
        sessions: 0,
        days: 0,
    }
}

fn merge_correction(list: &mut Vec<CorrectionCount>, c: &CorrectionCount, n: u32) {
    match list.iter_mut().find(|k| k.id == c.id) {
        Some(k) => {
            k.count += n;
            k.message.clone_from(&c.message);
            for e in &c.exercises {
                if !k.exercises.contains(e) {
                    k.exercises.push(e.clone());
                }
            }
        }
        None => list.push(CorrectionCount {
            count: n,
            ..c.clone()
        }),
    }
}

/// Good and all reps (or completed and all holds) of one exercise in one session.
pub(crate) fn form_counts(session: &Session, id: &str, is_hold: bool) -> (u32, u32) {
    let mut good = 0;
    let mut all = 0;
    for e in &session.events {
        match &e.record {
            Record::Rep(r) if !is_hold && r.exercise == id => {
                all += 1;
                let q = &r.quality;
                good += u32::from(q.range_reached && q.worst_fault.is_none() && !q.short_hold);
            }
            Record::Hold(h) if is_hold && h.exercise == id => {
                all += 1;
                good += u32::from(h.completed);
            }
            _ => {}
        }
    }
    (good, all)
}

/// Folds one session (read in date order) into the exercises' figures.
fn add_session(
    exercises: &mut Vec<ExerciseProgress>,
    not_done: &mut Vec<NotDone>,
    session: &Session,
) {
    let Some(day) = day_of(&session.meta.started_at) else {
        return;
    };
    let summary = session.summary();
    add_not_done(not_done, &summary.not_done);
    for ex in &summary.exercises {
        let is_hold = ex.dose.as_ref().is_some_and(crate::session::Dose::is_hold);
        let i = match exercises.iter().position(|p| p.id == ex.id) {
            Some(i) => i,
            None => {
                exercises.push(empty(&ex.id, &ex.name, is_hold));
                exercises.len() - 1
            }
        };
        let p = &mut exercises[i];
        if !p.day_list.contains(&day) {
            p.day_list.push(day);
            p.days += 1;
        }
        p.sessions += 1;
        p.doses_met += u32::from(ex.met_dose);
        p.done += ex.done;
        p.target += ex.target.unwrap_or(0);
        let (good, all) = form_counts(session, &ex.id, is_hold);
        p.form = (p.form.0 + good, p.form.1 + all);
        p.good_form_share = (p.form.1 > 0).then(|| f64::from(p.form.0) / f64::from(p.form.1));
        for r in &ex.ranges {
            p.ranges.push(RangePoint {
                date: date_of(day),
                day,
                side: r.side,
                measure: r.measure.clone(),
                higher_is_better: r.higher_is_better,
                best_deg: r.best_deg,
                median_deg: r.median_deg,
            });
        }
        add_week(p, day, ex.done, ex.target.unwrap_or(0));
        for c in summary
            .top_corrections
            .iter()
            .filter(|c| c.exercises.contains(&ex.id))
        {
            let n = correction_count(session, &ex.id, &c.id);
            merge_correction(&mut p.top_corrections, c, n);
        }
    }
}

/// Counts one session's undone exercises.
fn add_not_done(counts: &mut Vec<NotDone>, skipped: &[crate::session::Skipped]) {
    for k in skipped {
        let i = match counts.iter().position(|c| c.id == k.id) {
            Some(i) => i,
            None => {
                counts.push(NotDone {
                    id: k.id.clone(),
                    name: k.name.clone(),
                    skipped: 0,
                    not_reached: 0,
                });
                counts.len() - 1
            }
        };
        match k.why {
            crate::session::SkipWhy::Skipped => counts[i].skipped += 1,
            crate::session::SkipWhy::NotReached => counts[i].not_reached += 1,
        }
    }
}

fn empty(id: &str, name: &str, is_hold: bool) -> ExerciseProgress {
    ExerciseProgress {
        id: id.to_owned(),
        name: name.to_owned(),
        is_hold,
        sessions: 0,
        days: 0,
        doses_met: 0,
        done: 0,
        target: 0,
        good_form_share: None,
        ranges: Vec::new(),
        weeks: Vec::new(),
        top_corrections: Vec::new(),
        form: (0, 0),
        day_list: Vec::new(),
    }
}

/// Counts one session of an exercise into its week.
fn add_week(p: &mut ExerciseProgress, day: i64, done: u32, target: u32) {
    let monday = date_of(monday_of(day));
    let best = p
        .ranges
        .iter()
        .filter(|r| r.day == day)
        .map(|r| (r.best_deg, r.higher_is_better))
        .reduce(|a, b| if (b.0 > a.0) == b.1 { b } else { a })
        .map(|(v, _)| v);
    let higher = p.ranges.last().is_none_or(|r| r.higher_is_better);
    let i = match p.weeks.iter().position(|w| w.monday == monday) {
        Some(i) => i,
        None => {
            p.weeks.push(ExerciseWeek {
                monday,
                sessions: 0,
                done: 0,
                target: 0,
                best_deg: None,
            });
            p.weeks.len() - 1
        }
    };
    let w = &mut p.weeks[i];
    w.sessions += 1;
    w.done += done;
    w.target += target;
    w.best_deg = match (w.best_deg, best) {
        (Some(a), Some(b)) => Some(if (b > a) == higher { b } else { a }),
        (a, b) => a.or(b),
    };
}

/// How often correction `id` was given in `exercise` in one session.
fn correction_count(session: &Session, exercise: &str, id: &str) -> u32 {
    let n = session
        .events
        .iter()
        .filter(
            |e| matches!(&e.record, Record::Correction(c) if c.exercise == exercise && c.id == id),
        )
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The points of `side` to plot, one per day: of several sessions on one day, the one that
/// reached the most range (a line does not go back and forth on one date).
pub fn best_per_day(ranges: &[RangePoint], side: Option<Side>) -> Vec<&RangePoint> {
    let mut out: Vec<&RangePoint> = Vec::new();
    for r in ranges.iter().filter(|r| r.side == side) {
        match out.iter_mut().find(|o| o.day == r.day) {
            Some(o) if (r.best_deg > o.best_deg) == r.higher_is_better => *o = r,
            Some(_) => {}
            None => out.push(r),
        }
    }
    out
}
