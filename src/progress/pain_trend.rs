//! The pain trend of the report's first page: back pain at the start and the end of every
//! session, one column per session in order, 0–10. A session without a rating is shown as
//! missing — a grey "–" on the axis and a break in the line — never joined over or taken
//! for no pain.

use super::report_for::readable_period;
use super::svg::{esc, legend_entry};
use super::SessionRow;
use std::fmt::Write as _;

const W: f64 = 640.0;
const H: f64 = 110.0;
const L: f64 = 30.0;
const R: f64 = 10.0;
const T: f64 = 8.0;
const B: f64 = 30.0;

/// One session's rating of one kind (start or end).
pub type Rating = fn(&SessionRow) -> Option<u8>;

/// Where session `i` of `n` and rating `v` are drawn.
struct Place {
    n: usize,
}

impl Place {
    fn x(&self, i: usize) -> f64 {
        if self.n == 1 {
            L + (W - L - R) / 2.0
        } else {
            L + (W - L - R) * i as f64 / (self.n - 1) as f64
        }
    }

    fn y(v: u8) -> f64 {
        T + (H - T - B) * (1.0 - f64::from(v) / 10.0)
    }
}

/// The trend as inline SVG with a line of words under it; empty without sessions.
pub fn pain_trend(rows: &[SessionRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-label="Back pain per session, start and end" class="chart trend">"#
    );
    for v in [0u8, 5, 10] {
        let y = Place::y(v);
        let _ = write!(
            out,
            r##"<line x1="{L}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end" fill="#444">{v}</text>"##,
            W - R,
            L - 4.0,
            y + 4.0
        );
    }
    let series: [(Rating, &str, &str, &str); 2] = [
        (|r| r.pain_start, "#c0392b", "", "start"),
        (|r| r.pain_end, "#555", r#" stroke-dasharray="5 3""#, "end"),
    ];
    for (k, (value, colour, dash, label)) in series.iter().enumerate() {
        line(&mut out, rows, *value, (colour, dash), k);
        legend_entry(&mut out, L + 8.0 + 110.0 * k as f64, H, colour, dash, label);
    }
    let _ = write!(
        out,
        r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#888">– not rated</text>"##,
        L + 8.0 + 220.0,
        H - 4.0
    );
    if let (Some(a), Some(b)) = (rows.first(), rows.last()) {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end" fill="#444">{}</text>"##,
            W - R,
            H - 4.0,
            esc(&readable_period(&a.date, &b.date))
        );
    }
    out.push_str("</svg>");
    out.push_str(&in_words(rows));
    out
}

/// One kind of rating over the sessions: runs of consecutive rated sessions joined, a
/// missing rating marked "–" on the axis and breaking the line.
fn line(
    out: &mut String,
    rows: &[SessionRow],
    value: Rating,
    (colour, dash): (&str, &str),
    k: usize,
) {
    let place = Place { n: rows.len() };
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut String| {
        if run.len() > 1 {
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>"#,
                run.join(" ")
            );
        }
        run.clear();
    };
    for (i, r) in rows.iter().enumerate() {
        let x = place.x(i);
        if let Some(v) = value(r) {
            let y = Place::y(v);
            run.push(format!("{x:.1},{y:.1}"));
            let _ = write!(
                out,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="{colour}"/>"#
            );
        } else {
            flush(&mut run, out);
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#888">–</text>"##,
                x + if k == 0 { -4.0 } else { 4.0 },
                H - B + 2.0
            );
        }
    }
    flush(&mut run, out);
}

/// One kind of rating over the sessions for a plot (the app's Progress screen), as the
/// report draws it: session `i` at x = i + 1; the runs of consecutive rated sessions, each
/// drawn as one line, and the x of each session not rated (marked, never joined over).
pub fn rated_runs(rows: &[SessionRow], value: Rating) -> (Vec<Vec<[f64; 2]>>, Vec<f64>) {
    let (mut runs, mut missing) = (Vec::new(), Vec::new());
    let mut run: Vec<[f64; 2]> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let x = i as f64 + 1.0;
        match value(r) {
            Some(v) => run.push([x, f64::from(v)]),
            None => {
                missing.push(x);
                if !run.is_empty() {
                    runs.push(std::mem::take(&mut run));
                }
            }
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    (runs, missing)
}

/// The first and last rating of each kind, and how many sessions were rated.
fn in_words(rows: &[SessionRow]) -> String {
    let n = rows.len();
    let rated = |f: Rating| rows.iter().filter(|r| f(r).is_some()).count();
    let words = |f: Rating| {
        let vals: Vec<u8> = rows.iter().filter_map(f).collect();
        match (vals.first(), vals.last()) {
            (Some(a), Some(b)) if vals.len() > 1 => format!("{a} → {b}"),
            (Some(a), _) => a.to_string(),
            _ => "never rated".to_owned(),
        }
    };
    format!(
        "<p class=\"muted\">Back pain 0–10, first rating → last: at the start {} (rated in {} \
of {n}), at the end {} (rated in {} of {n}).</p>",
        words(|r| r.pain_start),
        rated(|r| r.pain_start),
        words(|r| r.pain_end),
        rated(|r| r.pain_end),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(date: &str, start: Option<u8>, end: Option<u8>) -> SessionRow {
        SessionRow {
            date: date.into(),
            duration_secs: 600.0,
            exercises_done: 3,
            exercises_planned: 4,
            skipped: 0,
            pain_start: start,
            pain_end: end,
            hurt: 0,
            source: "camera",
        }
    }

    #[test]
    fn a_missing_rating_breaks_the_line_and_is_marked() {
        let rows = [
            row("Mon 7 Dec 2026", Some(6), Some(4)),
            row("Tue 8 Dec 2026", None, Some(3)),
            row("Wed 9 Dec 2026", Some(4), None),
        ];
        let svg = pain_trend(&rows);
        // The start line: 6 and 4 are not joined over the missing rating (no start
        // polyline at all: each run has one point); the end line joins 4 and 3.
        assert_eq!(svg.matches("<polyline").count(), 1, "{svg}");
        assert_eq!(
            svg.matches(">–</text>").count(),
            2,
            "two missing ratings marked"
        );
        assert!(
            svg.contains("at the start 6 → 4 (rated in 2 of 3)"),
            "{svg}"
        );
        assert!(svg.contains("at the end 4 → 3 (rated in 2 of 3)"), "{svg}");
        assert!(pain_trend(&[]).is_empty());
        // The app's plot: the same runs, the missing sessions by number.
        let (runs, missing) = rated_runs(&rows, |r| r.pain_start);
        assert_eq!(runs, vec![vec![[1.0, 6.0]], vec![[3.0, 4.0]]]);
        assert_eq!(missing, vec![2.0]);
        let (runs, missing) = rated_runs(&rows, |r| r.pain_end);
        assert_eq!(runs, vec![vec![[1.0, 4.0], [2.0, 3.0]]]);
        assert_eq!(missing, vec![3.0]);
    }
}
