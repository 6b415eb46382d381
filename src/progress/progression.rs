//! Progression within the guide: when to suggest a longer (or shorter) hold, and never
//! beyond the guide's range.
//!
//! The guide gives some holds as a range — knee-to-chest and the seated hamstring stretch
//! 15–30 s, cobra 5–10 s, thread the needle 30–60 s, child's pose 30 s or longer (to 3
//! minutes), corpse 2–5 minutes. The content files carry it as `hold_secs` (the lower
//! bound, where everyone starts) and `hold_max_secs` (the upper bound). [`suggest`] reads
//! one exercise's recorded sessions and answers a [`Suggestion`]:
//!
//! - the full dose done with good form in each of the last [`SESSIONS`] sessions of the
//!   exercise, and no pain logged in them → the guide's upper bound ([`Suggestion::Longer`]);
//! - pain logged in any of those sessions → the guide's lower bound
//!   ([`Suggestion::Shorter`]; the app shows the red flags beside it);
//! - otherwise [`Suggestion::Keep`], with why ([`Keep`]): no range in the guide, too few
//!   sessions, the dose not done, form not good enough, already at the bound, or the person
//!   declined this very suggestion and has not done [`SESSIONS`] more sessions since.
//!
//! "Pain logged" is an "It hurts" during this exercise, or a session containing it whose
//! pain rating at the end was higher than at the start. "Good form" is at least
//! [`GOOD_FORM_SHARE`] of the session's reps with good form (range reached, no fault, held
//! long enough) or of its holds completed (a break in form cuts a hold short). Pure:
//! sessions in, a suggestion out; the person's choice is stored by the caller (an accepted
//! hold in their own copy of the exercise file, `content::own::write_hold`; a decline in the
//! settings, as a [`Declined`]).

use super::form_counts;
use crate::session::{PainWhen, Record, Session};
use serde::{Deserialize, Serialize};

/// How many of the newest sessions of an exercise must agree.
pub const SESSIONS: usize = 3;

/// The least share of good reps (or completed holds) in each of those sessions.
pub const GOOD_FORM_SHARE: f64 = 0.8;

/// Hold lengths closer than this are the same (seconds).
const SAME_SECS: f32 = 0.05;

/// The guide's range for a hold, from the shipped exercise file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuideRange {
    pub lower_secs: f32,
    pub upper_secs: f32,
}

impl GuideRange {
    /// The range of a shipped dose: `hold_secs` to `hold_max_secs` (`None` without a
    /// range: the guide gives one hold length).
    pub fn of(dose: &crate::content::Dose) -> Option<Self> {
        let upper = dose.hold_max_secs?;
        (upper > dose.hold_secs + SAME_SECS).then_some(Self {
            lower_secs: dose.hold_secs,
            upper_secs: upper,
        })
    }
}

/// A suggestion the person declined: not offered again until [`SESSIONS`] more sessions
/// of the exercise, started after `after`, ask for it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declined {
    pub exercise: String,
    /// The hold that was suggested, seconds.
    pub hold_secs: f32,
    /// The start time (RFC 3339) of the newest session of the exercise when it was declined.
    pub after: String,
}

/// What to suggest for one exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "suggest", rename_all = "snake_case")]
pub enum Suggestion {
    /// Hold longer: the guide's upper bound.
    Longer {
        from_secs: f32,
        to_secs: f32,
    },
    /// It hurt: back to the guide's lower bound (and the red flags).
    Shorter {
        from_secs: f32,
        to_secs: f32,
    },
    Keep {
        why: Keep,
    },
}

/// Why the hold stays as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// The guide gives one hold length for it.
    NoRange,
    /// Fewer than [`SESSIONS`] sessions of it.
    TooFewSessions,
    /// The full dose was not done in one of the last sessions.
    DoseNotDone,
    /// Too few good reps or completed holds in one of the last sessions.
    FormNotGood,
    /// Already at the guide's upper bound.
    AtUpperBound,
    /// It hurt, and the hold is already the guide's lower bound.
    PainAtLowerBound,
    /// The person said no to this suggestion, and has not done enough sessions since.
    Declined,
}

impl Suggestion {
    /// The hold it suggests, when it suggests a change.
    pub fn to_secs(&self) -> Option<f32> {
        match self {
            Self::Longer { to_secs, .. } | Self::Shorter { to_secs, .. } => Some(*to_secs),
            Self::Keep { .. } => None,
        }
    }

    /// The suggestion in words ("Hold 30 s instead of 15 s: …"), `None` for no change.
    pub fn words(&self) -> Option<String> {
        match self {
            Self::Longer { from_secs, to_secs } => Some(format!(
                "Hold {} instead of {}: the full dose with good form and no pain in your last {SESSIONS} sessions. That is the top of the guide's range.",
                secs(*to_secs),
                secs(*from_secs)
            )),
            Self::Shorter { from_secs, to_secs } => Some(format!(
                "It hurt recently: hold {} instead of {}, the bottom of the guide's range. If the pain stays, see a clinician.",
                secs(*to_secs),
                secs(*from_secs)
            )),
            Self::Keep { .. } => None,
        }
    }
}

/// "30 s", "2 min", "2.5 min".
pub fn secs(s: f32) -> String {
    if s >= 120.0 {
        let m = s / 60.0;
        if (m - m.round()).abs() < 0.01 {
            format!("{m:.0} min")
        } else {
            format!("{m:.1} min")
        }
    } else {
        format!("{s:.0} s")
    }
}

/// What to suggest for `exercise`, held `current_secs` now, with the guide's `range`
/// (`None`: the guide gives no range), from `sessions` (oldest first, any exercises) and the
/// person's earlier `declined` answer for it, if any.
pub fn suggest(
    sessions: &[Session],
    exercise: &str,
    current_secs: f32,
    range: Option<GuideRange>,
    declined: Option<&Declined>,
) -> Suggestion {
    let keep = |why| Suggestion::Keep { why };
    let Some(range) = range else {
        return keep(Keep::NoRange);
    };
    let own: Vec<&Session> = sessions
        .iter()
        .filter(|s| s.summary().exercises.iter().any(|e| e.id == exercise))
        .collect();
    let last = &own[own.len().saturating_sub(SESSIONS)..];
    let pain = last.iter().any(|s| hurt(s, exercise));
    let suggestion = if pain {
        if current_secs > range.lower_secs + SAME_SECS {
            Suggestion::Shorter {
                from_secs: current_secs,
                to_secs: range.lower_secs,
            }
        } else {
            return keep(Keep::PainAtLowerBound);
        }
    } else if current_secs + SAME_SECS >= range.upper_secs {
        return keep(Keep::AtUpperBound);
    } else if last.len() < SESSIONS {
        return keep(Keep::TooFewSessions);
    } else if let Some(why) = last.iter().find_map(|s| short_of_dose(s, exercise)) {
        return keep(why);
    } else {
        Suggestion::Longer {
            from_secs: current_secs,
            to_secs: range.upper_secs,
        }
    };
    match declined {
        Some(d)
            if d.exercise == exercise
                && suggestion
                    .to_secs()
                    .is_some_and(|to| (to - d.hold_secs).abs() < SAME_SECS)
                && own.iter().filter(|s| s.meta.started_at > d.after).count() < SESSIONS =>
        {
            keep(Keep::Declined)
        }
        _ => suggestion,
    }
}

/// One exercise's suggestion, named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseSuggestion {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub suggestion: Suggestion,
}

/// The suggestions that change something, for every exercise of `sessions` (oldest first):
/// the hold now from `current` (the catalogue the routine reads, own files included), the
/// guide's range from `shipped` (the files formcheck ships), earlier answers in `declined`.
pub fn suggestions(
    sessions: &[Session],
    shipped: &crate::content::Catalog,
    current: &crate::content::Catalog,
    declined: &[Declined],
) -> Vec<ExerciseSuggestion> {
    let mut out = Vec::new();
    for ex in &current.exercises {
        let Ok(guide) = shipped.get(ex.id.as_str()) else {
            continue;
        };
        let id = ex.id.as_str();
        let d = declined.iter().rev().find(|d| d.exercise == id);
        let suggestion = suggest(
            sessions,
            id,
            ex.dose.hold_secs,
            GuideRange::of(&guide.dose),
            d,
        );
        if suggestion.to_secs().is_some() {
            out.push(ExerciseSuggestion {
                id: id.to_owned(),
                name: ex.name.clone(),
                suggestion,
            });
        }
    }
    out
}

/// The start time of the newest session with `exercise` (what a [`Declined`] remembers).
pub fn newest_session(sessions: &[Session], exercise: &str) -> Option<String> {
    sessions
        .iter()
        .filter(|s| s.summary().exercises.iter().any(|e| e.id == exercise))
        .map(|s| s.meta.started_at.clone())
        .max()
}

/// Whether pain was logged in `session` for `exercise`: an "It hurts" during it, or an end
/// rating above the start rating.
fn hurt(session: &Session, exercise: &str) -> bool {
    let (mut before, mut after) = (None, None);
    for e in &session.events {
        match &e.record {
            Record::Pain(p) if p.exercise == exercise => return true,
            Record::PainRating(r) if r.when == PainWhen::Start => before = r.rating,
            Record::PainRating(r) => after = r.rating,
            _ => {}
        }
    }
    matches!((before, after), (Some(b), Some(a)) if a > b)
}

/// Why `session` does not count toward a longer hold of `exercise`, if it does not.
fn short_of_dose(session: &Session, exercise: &str) -> Option<Keep> {
    let summary = session.summary();
    let ex = summary.exercises.iter().find(|e| e.id == exercise)?;
    if !ex.met_dose {
        return Some(Keep::DoseNotDone);
    }
    let is_hold = ex.dose.as_ref().is_some_and(crate::session::Dose::is_hold);
    let (good, all) = form_counts(session, exercise, is_hold);
    if all == 0 || f64::from(good) < GOOD_FORM_SHARE * f64::from(all) {
        return Some(Keep::FormNotGood);
    }
    None
}

#[cfg(test)]
mod tests {
    //! Synthetic histories of knee-to-chest (guide: 15–30 s each leg).
    use super::*;
    use crate::session::reader::parse_session;
    use std::path::Path;

    const KNEE: GuideRange = GuideRange {
        lower_secs: 15.0,
        upper_secs: 30.0,
    };

    /// How one synthetic session went.
    #[derive(Clone, Copy)]
    struct Went {
        /// Completed holds of the two asked for.
        completed: u32,
        hurt: bool,
        /// Pain ratings at the start and the end.
        ratings: Option<(u8, u8)>,
    }

    const CLEAN: Went = Went {
        completed: 2,
        hurt: false,
        ratings: Some((3, 2)),
    };

    /// Session `day` (of November 2026) of knee-to-chest held `hold` seconds.
    fn session(day: u32, hold: f64, went: Went) -> Session {
        let mut lines = vec![
            format!(
                r#"{{"v":2,"t":0.0,"kind":"start","session_id":"00000000000000{day:02}","started_at":"2026-11-{day:02}T08:00:00Z","app_version":"0.1.0","model":"full","source":"camera 0","mode":"free"}}"#
            ),
            format!(
                r#"{{"v":2,"t":0.5,"kind":"exercise","id":"knee_to_chest","name":"Knee to chest","dose":{{"hold_secs":{hold},"reps":1,"sides":2}}}}"#
            ),
        ];
        if let Some((b, _)) = went.ratings {
            lines.push(format!(
                r#"{{"v":2,"t":0.1,"kind":"pain_rating","when":"start","rating":{b}}}"#
            ));
        }
        for (i, side) in ["left", "right"].into_iter().enumerate() {
            let done = u32::try_from(i).unwrap_or(0) < went.completed;
            let secs = if done { hold } else { hold / 2.0 };
            lines.push(format!(r#"{{"v":2,"t":{},"kind":"hold","exercise":"knee_to_chest","side":"{side}","secs":{secs},"target_secs":{hold},"completed":{done}}}"#, 20 + i * 40));
        }
        if went.hurt {
            lines.push(r#"{"v":2,"t":90.0,"kind":"pain","exercise":"knee_to_chest","side":"right","rep":1,"phase":"pull","hold_secs":4.0,"measures":[{"measure":"hip","value":70.0,"unit":"deg"}]}"#.to_owned());
        }
        lines.push(
            r#"{"v":2,"t":100.0,"kind":"exercise_end","id":"knee_to_chest","reps":0,"holds":2}"#
                .to_owned(),
        );
        if let Some((_, a)) = went.ratings {
            lines.push(format!(
                r#"{{"v":2,"t":101.0,"kind":"pain_rating","when":"end","rating":{a}}}"#
            ));
        }
        lines.push(r#"{"v":2,"t":102.0,"kind":"end","reason":"done"}"#.to_owned());
        let text = lines.join("\n") + "\n";
        let s = parse_session(Path::new("synthetic.jsonl"), text.as_bytes()).expect("parses");
        assert!(s.issues.is_empty(), "{:?}", s.issues);
        s
    }

    fn history(hold: f64, went: &[Went]) -> Vec<Session> {
        (1..).zip(went).map(|(d, w)| session(d, hold, *w)).collect()
    }

    #[test]
    fn three_clean_sessions_suggest_the_upper_bound() {
        let h = history(15.0, &[CLEAN, CLEAN, CLEAN]);
        let s = suggest(&h, "knee_to_chest", 15.0, Some(KNEE), None);
        assert_eq!(
            s,
            Suggestion::Longer {
                from_secs: 15.0,
                to_secs: 30.0
            }
        );
        assert!(s
            .words()
            .is_some_and(|w| w.starts_with("Hold 30 s instead of 15 s")));
    }

    #[test]
    fn only_the_last_three_sessions_count() {
        let missed = Went {
            completed: 1,
            ..CLEAN
        };
        let h = history(15.0, &[missed, missed, CLEAN, CLEAN, CLEAN]);
        assert!(matches!(
            suggest(&h, "knee_to_chest", 15.0, Some(KNEE), None),
            Suggestion::Longer { .. }
        ));
        let h = history(15.0, &[CLEAN, CLEAN, missed, CLEAN, CLEAN]);
        assert_eq!(
            suggest(&h, "knee_to_chest", 15.0, Some(KNEE), None),
            Suggestion::Keep {
                why: Keep::DoseNotDone
            }
        );
    }

    #[test]
    fn no_change_with_too_few_sessions_or_without_a_range() {
        let h = history(15.0, &[CLEAN, CLEAN]);
        assert_eq!(
            suggest(&h, "knee_to_chest", 15.0, Some(KNEE), None),
            Suggestion::Keep {
                why: Keep::TooFewSessions
            }
        );
        let h = history(15.0, &[CLEAN, CLEAN, CLEAN]);
        assert_eq!(
            suggest(&h, "knee_to_chest", 15.0, None, None),
            Suggestion::Keep { why: Keep::NoRange }
        );
        assert_eq!(
            suggest(&h, "cobra", 5.0, Some(KNEE), None),
            Suggestion::Keep {
                why: Keep::TooFewSessions
            },
            "sessions of another exercise do not count"
        );
    }

    #[test]
    fn already_at_the_upper_bound_stays() {
        let h = history(30.0, &[CLEAN, CLEAN, CLEAN]);
        assert_eq!(
            suggest(&h, "knee_to_chest", 30.0, Some(KNEE), None),
            Suggestion::Keep {
                why: Keep::AtUpperBound
            }
        );
    }

    #[test]
    fn pain_blocks_a_longer_hold_and_suggests_the_lower_bound() {
        let hurt = Went {
            hurt: true,
            ..CLEAN
        };
        // At the lower bound already: nothing shorter to suggest.
        let h = history(15.0, &[CLEAN, hurt, CLEAN]);
        assert_eq!(
            suggest(&h, "knee_to_chest", 15.0, Some(KNEE), None),
            Suggestion::Keep {
                why: Keep::PainAtLowerBound
            }
        );
        // Holding 30 s and it hurt: back to 15 s, never below the guide.
        let h = history(30.0, &[CLEAN, CLEAN, hurt]);
        assert_eq!(
            suggest(&h, "knee_to_chest", 30.0, Some(KNEE), None),
            Suggestion::Shorter {
                from_secs: 30.0,
                to_secs: 15.0
            }
        );
        // A rating higher at the end than at the start is pain too.
        let worse = Went {
            ratings: Some((2, 5)),
            ..CLEAN
        };
        let h = history(30.0, &[worse, CLEAN, CLEAN]);
        assert!(matches!(
            suggest(&h, "knee_to_chest", 30.0, Some(KNEE), None),
            Suggestion::Shorter { to_secs, .. } if (to_secs - 15.0).abs() < 1e-6
        ));
    }

    #[test]
    fn poor_form_blocks_a_longer_hold() {
        // Two of four holds completed meet the dose of 2, but that is 50 % good form.
        let h = history(15.0, &[CLEAN, CLEAN, CLEAN]);
        let mut last = h;
        let text = format!(
            "{}\n",
            [
                r#"{"v":2,"t":0.0,"kind":"start","session_id":"0000000000000009","started_at":"2026-11-09T08:00:00Z","app_version":"0.1.0","model":"full","source":"camera 0","mode":"free"}"#,
                r#"{"v":2,"t":0.5,"kind":"exercise","id":"knee_to_chest","name":"Knee to chest","dose":{"hold_secs":15.0,"reps":1,"sides":2}}"#,
                r#"{"v":2,"t":10,"kind":"hold","exercise":"knee_to_chest","side":"left","secs":4,"target_secs":15,"completed":false}"#,
                r#"{"v":2,"t":30,"kind":"hold","exercise":"knee_to_chest","side":"left","secs":15,"target_secs":15,"completed":true}"#,
                r#"{"v":2,"t":50,"kind":"hold","exercise":"knee_to_chest","side":"right","secs":3,"target_secs":15,"completed":false}"#,
                r#"{"v":2,"t":70,"kind":"hold","exercise":"knee_to_chest","side":"right","secs":15,"target_secs":15,"completed":true}"#,
                r#"{"v":2,"t":80,"kind":"exercise_end","id":"knee_to_chest","reps":0,"holds":4}"#,
                r#"{"v":2,"t":81,"kind":"end","reason":"done"}"#,
            ]
            .join("\n")
        );
        last.push(parse_session(Path::new("poor.jsonl"), text.as_bytes()).expect("parses"));
        assert_eq!(
            suggest(&last, "knee_to_chest", 15.0, Some(KNEE), None),
            Suggestion::Keep {
                why: Keep::FormNotGood
            }
        );
    }

    #[test]
    fn a_declined_suggestion_waits_for_three_more_sessions() {
        let h = history(15.0, &[CLEAN, CLEAN, CLEAN]);
        let declined = Declined {
            exercise: "knee_to_chest".into(),
            hold_secs: 30.0,
            after: newest_session(&h, "knee_to_chest").expect("a session"),
        };
        assert_eq!(declined.after, "2026-11-03T08:00:00Z");
        assert_eq!(
            suggest(&h, "knee_to_chest", 15.0, Some(KNEE), Some(&declined)),
            Suggestion::Keep {
                why: Keep::Declined
            }
        );
        let h = history(15.0, &[CLEAN, CLEAN, CLEAN, CLEAN, CLEAN]);
        assert_eq!(
            suggest(&h, "knee_to_chest", 15.0, Some(KNEE), Some(&declined)),
            Suggestion::Keep {
                why: Keep::Declined
            },
            "two sessions since"
        );
        let h = history(15.0, &[CLEAN; 6]);
        assert!(matches!(
            suggest(&h, "knee_to_chest", 15.0, Some(KNEE), Some(&declined)),
            Suggestion::Longer { .. }
        ));
    }

    #[test]
    fn the_guide_range_comes_from_the_shipped_dose() {
        let catalog = crate::content::load_default().expect("the built-in content loads");
        let range = |id: &str| GuideRange::of(&catalog.get(id).expect("exercise").dose);
        assert_eq!(range("knee_to_chest"), Some(KNEE));
        assert_eq!(range("seated_hamstring"), Some(KNEE));
        assert_eq!(
            range("cobra"),
            Some(GuideRange {
                lower_secs: 5.0,
                upper_secs: 10.0
            })
        );
        assert_eq!(range("bridge"), None, "reps, one hold length");
        assert_eq!(range("pelvic_tilt"), None);
    }
}
