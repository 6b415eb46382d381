//! How a session's numbers are said to a person: the summary screen and `formcheck history`
//! use the same words for the same things.
//!
//! Durations read the way people say them ("45 s", "2 min 10 s", never "0 min"; tenths only
//! under 10 s, where a rep's 1.5 s hold matters), start times are the machine's local time
//! (the file keeps UTC), an ended session has one word per reason ("finished", "ended
//! early", ...), and a dose is counted in its own unit: reps, holds of so many seconds, or
//! breaths for a paced breathing hold.

use super::{EndReason, ExerciseSummary, SkipWhy, Skipped};
use chrono::{DateTime, Local};

/// A duration as people say it: `0.4 s`, `7.5 s`, `45 s`, `2 min`, `2 min 10 s`, `1 h 5 min`.
pub fn duration(secs: f64) -> String {
    let secs = if secs.is_finite() { secs.max(0.0) } else { 0.0 };
    if secs < 9.95 {
        let tenths = format!("{secs:.1}");
        return format!("{} s", tenths.trim_end_matches(".0"));
    }
    let whole = secs.round() as u64;
    let (h, m, s) = (whole / 3600, (whole % 3600) / 60, whole % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// A time held against its `aim` (seconds; `None`: no aim), said as [`duration`] does but
/// never rounded up to an aim it fell short of: 1.96 s of a 2 s aim is "1.9 s", not "2 s"
/// beside an amber bar that says the aim was not reached.
pub fn held(secs: f64, aim: Option<f64>) -> String {
    let short = aim.is_some_and(|a| secs < a);
    let shown = match (short, secs < 9.95) {
        (true, true) => (secs * 10.0).floor() / 10.0,
        (true, false) => secs.floor(),
        (false, _) => secs,
    };
    duration(shown)
}

/// A session's start (`2025-06-01T08:30:12Z` in the file) in the machine's local time, e.g.
/// `Sun 1 Jun 2025, 10:30`; the text as written when it is not a time.
pub fn local_time(started_at: &str) -> String {
    DateTime::parse_from_rfc3339(started_at).map_or_else(
        |_| started_at.to_owned(),
        |t| {
            t.with_timezone(&Local)
                .format("%a %-d %b %Y, %H:%M")
                .to_string()
        },
    )
}

/// How a session ended, in the words both the summary and `history` use; `None` (no `end`
/// record) is a session the program did not close.
pub fn ending(reason: Option<EndReason>) -> &'static str {
    match reason {
        Some(EndReason::Done) => "finished",
        Some(EndReason::Quit) => "ended early",
        Some(EndReason::SourceEnded) => "the video ended",
        Some(EndReason::CameraLost) => "camera lost",
        Some(EndReason::Error) => "ended by an error",
        None => "not closed (the program stopped)",
    }
}

/// `n` and the noun, singular or plural: `1 rep`, `3 reps`.
pub fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What one exercise achieved against its dose, in the dose's own unit: `3 / 10 reps`,
/// `2 / 3 holds of 30 s`, `3 / 5 breaths`, or for a single hold the time held of its
/// target (`held 27 s of 30 s`). `None` when the file has no dose for it.
pub fn against_dose(ex: &ExerciseSummary) -> Option<String> {
    let dose = ex.dose.as_ref()?;
    let target = dose.target_count();
    Some(match dose.hold_secs {
        None => format!("{} / {target} reps", ex.done),
        Some(hold) => match dose.breaths {
            Some(breaths) if breaths > 0 => {
                let per = hold / f64::from(breaths);
                let best = ex.longest_hold_secs;
                let done = ((best + 1e-6) / per).floor().min(f64::from(breaths)) as u32;
                format!("{done} / {breaths} breaths")
            }
            _ if target == 1 => format!(
                "held {} of {}",
                held(ex.longest_hold_secs.min(hold), Some(hold)),
                duration(hold)
            ),
            _ => format!("{} / {target} holds of {}", ex.done, duration(hold)),
        },
    })
}

/// The routine's exercises not done, each group with why: "Not done: Cobra (skipped) ·
/// Corpse pose, Breathing (the session ended first)". `None` when everything was started.
pub fn not_done(skipped: &[Skipped]) -> Option<String> {
    let names = |why: SkipWhy| -> Vec<&str> {
        skipped
            .iter()
            .filter(|s| s.why == why)
            .map(|s| s.name.as_str())
            .collect()
    };
    let mut parts = Vec::new();
    let by_person = names(SkipWhy::Skipped);
    if !by_person.is_empty() {
        parts.push(format!("{} (skipped)", by_person.join(", ")));
    }
    let not_reached = names(SkipWhy::NotReached);
    if !not_reached.is_empty() {
        parts.push(format!(
            "{} (the session ended first)",
            not_reached.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| format!("Not done: {}", parts.join(" · ")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hold_short_of_its_aim_is_never_said_as_the_aim() {
        use super::held;
        assert_eq!(held(1.96, Some(2.0)), "1.9 s");
        assert_eq!(held(1.44, Some(2.0)), "1.4 s");
        assert_eq!(held(29.7, Some(30.0)), "29 s");
        assert_eq!(held(2.0, Some(2.0)), "2 s");
        assert_eq!(held(1.96, None), "2 s");
    }

    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        let cases = [
            (0.0, "0 s"),
            (0.44, "0.4 s"),
            (1.5, "1.5 s"),
            (2.0, "2 s"),
            (45.2, "45 s"),
            (59.6, "1 min"),
            (130.0, "2 min 10 s"),
            (3900.0, "1 h 5 min"),
            (f64::NAN, "0 s"),
        ];
        for (secs, want) in cases {
            assert_eq!(duration(secs), want, "{secs}");
        }
    }

    #[test]
    fn a_start_time_that_is_not_a_time_is_shown_as_written() {
        assert_eq!(local_time("yesterday"), "yesterday");
        let shown = local_time("2025-06-01T08:30:12Z");
        assert!(shown.contains("2025") && shown.contains("Jun"), "{shown}");
    }

    #[test]
    fn not_done_groups_by_why() {
        let k = |name: &str, why| Skipped {
            id: name.to_lowercase(),
            name: name.to_owned(),
            why,
        };
        assert_eq!(not_done(&[]), None);
        assert_eq!(
            not_done(&[
                k("Cobra", SkipWhy::Skipped),
                k("Corpse pose", SkipWhy::NotReached),
                k("Bridge", SkipWhy::Skipped),
                k("Breathing", SkipWhy::NotReached),
            ])
            .as_deref(),
            Some(
                "Not done: Cobra, Bridge (skipped) · Corpse pose, Breathing (the session ended first)"
            )
        );
        assert_eq!(
            not_done(&[k("Cobra", SkipWhy::NotReached)]).as_deref(),
            Some("Not done: Cobra (the session ended first)")
        );
    }
}
