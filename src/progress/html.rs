//! The report for the physiotherapist: one self-contained HTML file.
//!
//! Everything is inline — the styles, the charts (SVG) — with no script, no web font and no
//! image fetched from anywhere, so the file opens offline, can be mailed or printed, and
//! the browser's Print gives a clean PDF (`@media print`: no background colours needed,
//! sections not split across pages). It says what the person was asked to do (the routine
//! and its doses), how often they practised, how their range of motion and pain went, the
//! corrections given most, and what formcheck is not (form feedback, not medical advice;
//! the red flags that need a clinician).

use super::pain_trend::pain_trend;
use super::report_for::{readable_date, readable_period, ReportFor};
use super::svg::{bar_chart, esc, line_chart, Series};
use super::Window;
use super::{ExerciseProgress, Progress};
use crate::content::Catalog;
use crate::guide;
use crate::session::Session;
use std::fmt::Write as _;

/// One routine exercise as the report lists it.
#[derive(Debug, Clone)]
pub struct RoutineLine {
    pub name: String,
    /// The dose as its file states it ("10 reps, hold the top 1–2 s").
    pub dose: String,
    /// Where the dose came from: "the guide", or "set by you" (the person's own copy of the
    /// exercise holds another dose than the one formcheck ships).
    pub from: &'static str,
}

/// Where `ex`'s dose came from: the shipped exercise's dose is the guide's; any other is
/// the person's (an accepted longer hold, an edited dose, a taught exercise).
pub fn dose_from(
    ex: &crate::content::Exercise,
    shipped: Option<&crate::content::Catalog>,
) -> &'static str {
    let same = shipped
        .and_then(|c| c.get(&ex.id).ok())
        .is_some_and(|s| s.dose == ex.dose);
    if same {
        "the guide"
    } else {
        "set by you"
    }
}

/// What the report covers, in words ("the last 30 days", "the last 12 sessions").
#[derive(Debug, Clone)]
pub struct ReportMeta {
    pub covers: String,
    /// `YYYY-MM-DD` the report was made.
    pub made_on: String,
    pub app_version: String,
    /// The patient, who set the programme, whether video sessions are in.
    pub for_whom: ReportFor,
    /// Sessions from video files the window held and the report left out.
    pub video_left_out: u32,
}

const STYLE: &str = "body{font-family:sans-serif;max-width:760px;margin:24px auto;color:#111;\
line-height:1.3;padding:0 12px}h1{font-size:22px;margin:0 0 2px}h2{font-size:17px;\
border-bottom:2px solid #3b7dd8;padding-bottom:2px;margin:16px 0 4px}h3{font-size:14px;\
margin:10px 0 2px}p{margin:4px 0}table.head th{width:11em;font-weight:normal;color:#555}\
svg.trend{max-height:110px}table{border-collapse:collapse;width:100%;margin:4px 0}\
th,td{text-align:left;padding:2px 5px;border-bottom:1px solid #ccc;font-size:13px}\
td.n,th.n{text-align:right}.note{border:2px solid #c0392b;padding:8px 12px;margin:12px 0}\
.muted{color:#555}svg.chart{width:100%;height:auto;max-width:640px}\
section{break-inside:avoid;page-break-inside:avoid}section.flow{break-inside:auto;\
page-break-inside:auto}@page{size:A4;margin:12mm}\
@media print{body{margin:0;max-width:none}a{color:inherit}}";

/// The report of `p` with `catalog`'s routine and doses, as `formcheck report` and the app's
/// "Report for my physiotherapist" write it; `covers` says which sessions ("the last 30
/// days"), `made_on` the date (`YYYY-MM-DD`), `for_whom` the patient and the programme,
/// `video_left_out` the sessions from video files left out of `p`.
pub fn report(
    p: &Progress,
    catalog: &crate::content::Catalog,
    covers: &str,
    made_on: &str,
    for_whom: &ReportFor,
    video_left_out: u32,
) -> String {
    let shipped = crate::content::load_default().ok();
    let routine: Vec<RoutineLine> = catalog
        .routine_exercises()
        .iter()
        .map(|e| RoutineLine {
            name: e.name.clone(),
            dose: e.dose_words(),
            from: dose_from(e, shipped.as_ref()),
        })
        .collect();
    let meta = ReportMeta {
        covers: covers.to_owned(),
        made_on: made_on.to_owned(),
        app_version: format!("version {}", env!("CARGO_PKG_VERSION")),
        for_whom: for_whom.clone(),
        video_left_out,
    };
    render(p, &routine, &meta)
}

/// The report as one HTML document.
pub fn render(p: &Progress, routine: &[RoutineLine], meta: &ReportMeta) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>formcheck practice report</title><style>{STYLE}</style></head><body>\n"
    );
    let period = match (&p.first_date, &p.last_date) {
        (Some(a), Some(b)) => readable_period(a, b),
        _ => "no sessions".to_owned(),
    };
    let _ = writeln!(
        h,
        "<h1>Practice report</h1><p class=\"muted\">Back-relief stretches coached by formcheck \
{} &middot; made on {}</p>",
        esc(&meta.app_version),
        esc(&readable_date(&meta.made_on))
    );
    header_table(&mut h, meta, &period);
    // The first page: what was prescribed and done, and each session; the rest after it.
    let _ = write!(
        h,
        "<p class=\"muted\"><strong>Form feedback, not medical advice</strong>; ranges of \
motion are 2-D camera estimates, about ±5–10°. The red flags that need a clinician are at the \
end.</p>"
    );
    routine_section(&mut h, routine, p);
    sessions_section(&mut h, p);
    adherence(&mut h, p);
    range_section(&mut h, p);
    doses(&mut h, p);
    pain(&mut h, p);
    corrections(&mut h, p);
    disclaimer(&mut h);
    h.push_str("</body></html>\n");
    h
}

/// Who the report is about, who set the programme, the period, and which sessions are in.
fn header_table(h: &mut String, meta: &ReportMeta, period: &str) {
    let who = &meta.for_whom;
    let patient = who
        .patient_name()
        .map_or_else(|| "<span class=\"muted\">not given</span>".to_owned(), esc);
    let sources = if who.include_video {
        "camera sessions and sessions from video files".to_owned()
    } else if meta.video_left_out > 0 {
        format!(
            "camera sessions only ({} from video files left out)",
            meta.video_left_out
        )
    } else {
        "camera sessions only".to_owned()
    };
    let _ = write!(
        h,
        "<table class=\"head\"><tr><th>Patient</th><td>{patient}</td></tr>\
<tr><th>Programme set by</th><td>{}</td></tr><tr><th>Period</th><td>{} ({})</td></tr>\
<tr><th>Sessions</th><td>{}</td></tr></table>",
        esc(&who.programme()),
        esc(period),
        esc(&meta.covers),
        esc(&sources)
    );
}

/// A report made: the HTML and how many sessions it covers.
#[derive(Debug)]
pub struct Made {
    pub html: String,
    pub sessions: u32,
    pub video_left_out: u32,
}

/// The report of `all` the sessions read, as `formcheck report` and the app make it: the
/// `window`'s sessions (`covers` in words), camera ones only unless `for_whom` includes
/// video, made on `made_on` (`YYYY-MM-DD`).
pub fn make(
    all: Vec<Session>,
    window: Window,
    catalog: &Catalog,
    covers: &str,
    made_on: &str,
    for_whom: &ReportFor,
) -> Made {
    let chosen = super::report_for::covered(super::select(all, window), for_whom.include_video);
    let p = super::progress(&chosen.sessions);
    let html = report(
        &p,
        catalog,
        covers,
        made_on,
        for_whom,
        chosen.video_left_out,
    );
    Made {
        html,
        sessions: p.sessions,
        video_left_out: chosen.video_left_out,
    }
}

fn disclaimer(h: &mut String) {
    let _ = write!(
        h,
        "<section class=\"note\"><p><strong>Form feedback, not medical advice.</strong> {} {}</p>\
<p>{}</p><ul>",
        esc(guide::WHAT_IT_IS),
        esc(guide::STOP_IF_IT_HURTS),
        esc(guide::RED_FLAGS_INTRO)
    );
    for flag in guide::RED_FLAGS {
        let _ = write!(h, "<li>{}</li>", esc(flag));
    }
    h.push_str("</ul></section>\n");
}

/// Prescribed against done: each routine exercise's dose and what was done of it over the
/// sessions ("12 of 30 reps in 3 sessions"; "not done").
fn routine_section(h: &mut String, routine: &[RoutineLine], p: &Progress) {
    h.push_str(
        "<section><h2>Prescribed and done</h2><table><tr><th>Exercise</th><th>Prescribed</th>\
<th>Dose from</th><th>Done</th></tr>",
    );
    for r in routine {
        let done = p.exercises.iter().find(|e| e.name == r.name).map_or_else(
            || "not done".to_owned(),
            |e| {
                let unit = if e.is_hold { "holds" } else { "reps" };
                format!(
                    "{} of {} {unit} in {} session{}",
                    e.done,
                    e.target,
                    e.sessions,
                    plural(e.sessions)
                )
            },
        );
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.name),
            esc(&r.dose),
            r.from,
            esc(&done)
        );
    }
    h.push_str("</table></section>\n");
}

/// One row per session: when, how long, exercises done and skipped, pain before and after
/// ("not rated" where it was not), the times it hurt, and the source.
fn sessions_section(h: &mut String, p: &Progress) {
    if p.session_rows.is_empty() {
        return;
    }
    h.push_str(
        "<section class=\"flow\"><h2>Sessions</h2><table><tr><th>Date</th><th class=\"n\">Length</th>\
<th>Exercises done</th><th>Back pain, start → end</th><th class=\"n\">It hurt</th>\
<th>Source</th></tr>",
    );
    let rated = |v: Option<u8>| v.map_or("not rated".to_owned(), |v| v.to_string());
    for r in &p.session_rows {
        let skipped = if r.skipped > 0 {
            format!(", {} skipped", r.skipped)
        } else {
            String::new()
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{} of {}{skipped}</td><td>{} → {}</td>\
<td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&r.date),
            esc(&crate::session::words::duration(r.duration_secs)),
            r.exercises_done,
            r.exercises_planned,
            rated(r.pain_start),
            rated(r.pain_end),
            r.hurt,
            r.source
        );
    }
    h.push_str("</table><h3>Back pain per session</h3>");
    h.push_str(&pain_trend(&p.session_rows));
    h.push_str("</section>\n");
}

fn adherence(h: &mut String, p: &Progress) {
    let _ = write!(
        h,
        "<section><h2>Adherence</h2><p>{} session{} on {} day{} over {} week{}.</p>",
        p.sessions,
        plural(p.sessions),
        p.days_practised,
        plural(p.days_practised),
        p.weeks.len(),
        plural(u32::try_from(p.weeks.len()).unwrap_or(0))
    );
    let bars: Vec<(String, f64)> = p
        .weeks
        .iter()
        .map(|w| {
            (
                super::report_for::readable_date(&w.monday)
                    .split(' ')
                    .skip(1)
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" "),
                f64::from(w.days),
            )
        })
        .collect();
    h.push_str(&bar_chart("Days practised per week", &bars, 7.0, None));
    h.push_str("<table><tr><th>Week of</th><th class=\"n\">Sessions</th><th class=\"n\">Days practised</th></tr>");
    for w in &p.weeks {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&readable_date(&w.monday)),
            w.sessions,
            w.days
        );
    }
    h.push_str("</table></section>\n");
}

/// The sides an exercise's ranges were recorded on, in order of first appearance.
fn sides(ex: &ExerciseProgress) -> Vec<Option<crate::session::Side>> {
    let mut out = Vec::new();
    for r in &ex.ranges {
        if !out.contains(&r.side) {
            out.push(r.side);
        }
    }
    out
}

fn range_section(h: &mut String, p: &Progress) {
    h.push_str(
        "<section><h2>Range of motion</h2><p class=\"muted\">The exercise's key angle \
while the position was held, per session: the best value (the most range) and the median.</p>",
    );
    let with_range: Vec<&ExerciseProgress> = p
        .exercises
        .iter()
        .filter(|e| !e.ranges.is_empty())
        .collect();
    if with_range.is_empty() {
        h.push_str("<p>No range of motion recorded in these sessions.</p>");
    }
    for ex in with_range {
        range_of(h, ex);
    }
    h.push_str("</section>\n");
}

fn range_of(h: &mut String, ex: &ExerciseProgress) {
    let measure = ex
        .ranges
        .first()
        .map_or(String::new(), |r| r.measure.replace('_', " "));
    let more = if ex.ranges.first().is_some_and(|r| r.higher_is_better) {
        "higher is more range"
    } else {
        "lower is more range"
    };
    let _ = write!(
        h,
        "<h3>{} — {} angle ({more})</h3><p class=\"muted\">A 2-D camera estimate, about \
±5–10°.</p>",
        esc(&ex.name),
        esc(&measure)
    );
    let colours = ["#3b7dd8", "#d35400"];
    let mut series = Vec::new();
    h.push_str("<table><tr><th>Side</th><th>First session</th><th>Last session</th><th class=\"n\">Best, first → last</th><th class=\"n\">Median, first → last</th></tr>");
    for (i, side) in sides(ex).into_iter().enumerate() {
        let pts: Vec<&super::RangePoint> = ex.ranges.iter().filter(|r| r.side == side).collect();
        let name = side.map_or("–", |s| s.name());
        let prefix = side.map(|s| format!("{}: ", s.name())).unwrap_or_default();
        let colour = colours[i % colours.len()];
        series.push(Series {
            label: format!("{prefix}best"),
            points: pts.iter().map(|r| (r.day as f64, r.best_deg)).collect(),
            colour,
            dashed: false,
        });
        series.push(Series {
            label: format!("{prefix}median"),
            points: pts.iter().map(|r| (r.day as f64, r.median_deg)).collect(),
            colour,
            dashed: true,
        });
        if let (Some(a), Some(b)) = (pts.first(), pts.last()) {
            let _ = write!(
                h,
                "<tr><td>{name}</td><td>{}</td><td>{}</td><td class=\"n\">{:.0}° → {:.0}°</td><td class=\"n\">{:.0}° → {:.0}°</td></tr>",
                readable_date(&a.date),
                readable_date(&b.date),
                a.best_deg,
                b.best_deg,
                a.median_deg,
                b.median_deg
            );
        }
    }
    h.push_str("</table>");
    h.push_str(&line_chart(
        &format!("{} range of motion", ex.name),
        "°",
        &series,
        |d| super::report_for::day_month(d.round() as i64),
    ));
}

fn doses(h: &mut String, p: &Progress) {
    h.push_str("<section><h2>Doses done</h2><table><tr><th>Exercise</th><th class=\"n\">Sessions</th>\
<th class=\"n\">Full dose done</th><th class=\"n\">Done of dose</th><th class=\"n\">Good form</th></tr>");
    for ex in &p.exercises {
        let unit = if ex.is_hold { "holds" } else { "reps" };
        // A hold is judged by being held (Done of dose), not by a form share.
        let form = ex
            .good_form_shown()
            .map_or("–".to_owned(), |s| format!("{:.0} %", s * 100.0));
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} of {}</td><td class=\"n\">{} of {} {unit}</td><td class=\"n\">{form}</td></tr>",
            esc(&ex.name),
            ex.sessions,
            ex.doses_met,
            ex.sessions,
            ex.done,
            ex.target
        );
    }
    h.push_str(
        "</table><p class=\"muted\">Good form: the share of reps that reached the range \
with no fault and were held long enough; a hold exercise shows – (its holds are in Done of \
dose).</p>",
    );
    not_done(h, p);
    h.push_str("</section>\n");
}

/// The routine's exercises left undone: skipped by the person, or not reached because the
/// session ended first (nothing when every exercise was started).
fn not_done(h: &mut String, p: &Progress) {
    if p.not_done.is_empty() {
        return;
    }
    h.push_str(
        "<h3>Not done</h3><table><tr><th>Exercise</th><th class=\"n\">Skipped</th>\
<th class=\"n\">Session ended first</th></tr>",
    );
    for k in &p.not_done {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&k.name),
            k.skipped,
            k.not_reached
        );
    }
    h.push_str(
        "</table><p class=\"muted\">Times a routine's exercise was not started: \
skipped by the person, or left when the session ended before it.</p>",
    );
}

fn pain(h: &mut String, p: &Progress) {
    h.push_str("<section><h2>Pain</h2>");
    if p.pain.is_empty() && p.pain_events.is_empty() {
        h.push_str("<p>No pain ratings or pain events were recorded in these sessions.</p>");
    }
    if !p.pain.is_empty() {
        let rated = |f: fn(&super::PainPoint) -> Option<u8>| -> Vec<(f64, f64)> {
            p.pain
                .iter()
                .filter_map(|x| f(x).map(|r| (x.day as f64, f64::from(r))))
                .collect()
        };
        let series = [
            Series {
                label: "before".into(),
                points: rated(|x| x.before),
                colour: "#c0392b",
                dashed: false,
            },
            Series {
                label: "after".into(),
                points: rated(|x| x.after),
                colour: "#7f8c8d",
                dashed: true,
            },
        ];
        let count = |f: fn(&super::PainPoint) -> Option<u8>| {
            p.pain.iter().filter(|x| f(x).is_some()).count()
        };
        let _ = write!(
            h,
            "<p>Pain from 0 (none) to 10: rated at the start in {} and at the end in {} of {} \
session{}; the others were not rated.</p>",
            count(|x| x.before),
            count(|x| x.after),
            p.pain.len(),
            plural(u32::try_from(p.pain.len()).unwrap_or(0))
        );
        h.push_str(&line_chart("Pain before and after", "", &series, |d| {
            super::report_for::day_month(d.round() as i64)
        }));
    }
    if !p.pain_events.is_empty() {
        h.push_str("<h3>When it hurt</h3><table><tr><th>Date</th><th>What was reported</th></tr>");
        for e in &p.pain_events {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&readable_date(&e.date)),
                esc(&e.said)
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>\n");
}

fn corrections(h: &mut String, p: &Progress) {
    h.push_str("<section><h2>Corrections given most</h2>");
    if p.top_corrections.is_empty() {
        h.push_str("<p>No corrections were needed.</p>");
    } else {
        h.push_str("<table><tr><th>Correction</th><th>In</th><th class=\"n\">Times</th></tr>");
        for c in p.top_corrections.iter().take(8) {
            let names: Vec<&str> = c
                .exercises
                .iter()
                .map(|id| {
                    p.exercises
                        .iter()
                        .find(|e| e.id == *id)
                        .map_or(id.as_str(), |e| e.name.as_str())
                })
                .collect();
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(&c.message),
                esc(&names.join(", ")),
                c.count
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>\n");
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
