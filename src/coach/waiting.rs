//! Why nothing counts: what the coach waits for, in words a person can act on.
//!
//! While the starting position is not reached the coach can name each setup condition that
//! is not met yet, with the value it sees and the range it needs ("knee angle 165°, needs
//! 45–130°"), so a person waiting in the routine sees what to change rather than a timer
//! that does not move.
//!
//! When someone is in the picture and nothing can count for [`STUCK_SECS`] (the camera sees
//! them from the front, a body part the exercise needs is hidden, the starting position is
//! not reached), [`Waiting`] says why once, as [`super::CoachEvent::CannotJudge`], and keeps
//! the sentence (with its live numbers) for the screen until the coach can judge again. A
//! reason is identified by its kind and measure, not its numbers, so a value that drifts
//! does not repeat the message.

use super::rules::Evaluator;
use crate::content::{Condition, Exercise, Unit};

/// How long a visible person may go without anything counting before the coach says why.
pub(crate) const STUCK_SECS: f64 = 3.0;

/// Why nothing can count on this frame: a stable key and the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reason {
    pub key: String,
    pub sentence: String,
}

impl Reason {
    /// The camera sees the person from the front (or back) for a side-on exercise.
    pub fn view() -> Self {
        Self {
            key: "view".to_owned(),
            sentence: "I can't judge this from the front: turn side-on to the camera.".to_owned(),
        }
    }

    /// `parts` ("knees") cannot be seen.
    pub fn unseen(parts: &str) -> Self {
        Self {
            key: format!("unseen:{parts}"),
            sentence: format!(
                "I can't see your {parts}: move the camera back so your whole body is in \
                 the picture, side-on."
            ),
        }
    }

    /// The starting position (`prompt`) is not reached; `not_yet` says what is off.
    pub fn setup(prompt: &str, not_yet: &[NotYet]) -> Self {
        let prompt = prompt.trim_end_matches('.');
        let sentence = match not_yet.first() {
            Some(first) => format!(
                "Waiting for the start position ({prompt}): {}.",
                first.words
            ),
            None => format!("Waiting for the start position: {prompt}."),
        };
        Self {
            key: format!(
                "setup:{}",
                not_yet.first().map_or("", |n| n.measure.as_str())
            ),
            sentence,
        }
    }
}

/// One setup condition not met: its measure's id and what is off, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotYet {
    pub measure: String,
    pub words: String,
}

/// The setup conditions of `ex` not met on this frame, in words; unknown ones are left to
/// the unseen-parts report.
pub(crate) fn not_yet(ex: &Exercise, ev: &Evaluator<'_>, conds: &[Condition]) -> Vec<NotYet> {
    conds
        .iter()
        .filter_map(|c| {
            let v = ev.value(c.measure)?;
            let m = ex.measure(c.measure)?;
            (!c.holds(v, false)).then(|| NotYet {
                measure: m.id.clone(),
                words: condition_words(ex, c, v),
            })
        })
        .collect()
}

/// "knee angle 165°, needs 45–130°", "head −0.05 torso lengths, needs at least 0".
fn condition_words(ex: &Exercise, c: &Condition, value: f32) -> String {
    let Some(m) = ex.measure(c.measure) else {
        return String::new();
    };
    let unit = m.unit();
    let (name, fmt): (String, fn(f32) -> String) = match unit {
        Unit::Angle => (format!("{} angle", m.id.replace('_', " ")), |v| {
            format!("{v:.0}°")
        }),
        Unit::Torso => (m.label.clone(), |v| format!("{v:.2} torso lengths")),
    };
    let shown = |x: f32| fmt(unit.shown(x));
    let needs = match (c.min, c.max) {
        (Some(lo), Some(hi)) => format!("{}–{}", shown(lo).trim_end_matches('°'), shown(hi)),
        (Some(lo), None) => format!("at least {}", shown(lo)),
        (None, Some(hi)) => format!("at most {}", shown(hi)),
        (None, None) => return name,
    };
    let needs = needs.replace(" torso lengths–", "–");
    format!("{name} {}, needs {needs}", shown(value))
}

/// Says once why nothing can count, after [`STUCK_SECS`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Waiting {
    /// Since when nothing could count (a person visible).
    since: Option<f64>,
    /// The reason said, and its sentence as of the last frame.
    said: Option<Reason>,
}

/// What one frame changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WaitStep {
    None,
    /// Say why nothing counts (a new reason, or the first after the wait).
    CannotJudge(String),
}

impl Waiting {
    /// One frame: `why` nothing can count (`None`: the coach can judge, or nobody is there).
    pub fn step(&mut self, why: Option<Reason>, now: f64) -> WaitStep {
        let Some(why) = why else {
            self.since = None;
            self.said = None;
            return WaitStep::None;
        };
        let since = *self.since.get_or_insert(now);
        if now - since < STUCK_SECS {
            return WaitStep::None;
        }
        let new = self.said.as_ref().is_none_or(|s| s.key != why.key);
        let sentence = why.sentence.clone();
        self.said = Some(why);
        if new {
            WaitStep::CannotJudge(sentence)
        } else {
            WaitStep::None
        }
    }

    /// The sentence for the screen while nothing can count, with this frame's numbers.
    pub fn shown(&self) -> Option<String> {
        self.said.as_ref().map(|r| r.sentence.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_why_after_the_wait_once_per_reason() {
        let mut w = Waiting::default();
        let setup = |v: &str| {
            let knee = NotYet {
                measure: "knee".to_owned(),
                words: format!("knee angle {v}°, needs 45–130°"),
            };
            Reason::setup("Lie on your back.", &[knee])
        };
        assert_eq!(w.step(Some(setup("165")), 0.0), WaitStep::None);
        assert_eq!(w.step(Some(setup("166")), 2.9), WaitStep::None);
        let said = w.step(Some(setup("167")), 3.0);
        assert_eq!(
            said,
            WaitStep::CannotJudge(
                "Waiting for the start position (Lie on your back): knee angle 167°, needs 45–130°."
                    .to_owned()
            )
        );
        assert_eq!(
            w.step(Some(setup("170")), 4.0),
            WaitStep::None,
            "same reason"
        );
        assert!(
            w.shown().is_some_and(|s| s.contains("170°")),
            "live numbers"
        );
        assert!(matches!(
            w.step(Some(Reason::view()), 5.0),
            WaitStep::CannotJudge(_)
        ));
        assert_eq!(w.step(None, 6.0), WaitStep::None);
        assert_eq!(w.shown(), None);
    }
}
