//! The unknown-parts reporter: "I can't see your knees."
//!
//! A measure that needs a hidden landmark is unknown and freezes what depends on it.
//! The person should hear why nothing happens, but not about every flicker: the same
//! body part must stay unseen for `unknown_secs` before it is reported, once, and the
//! report is taken back ("seen") as soon as nothing is missing.
//!
//! A part is named by its words ("knees", "right leg"), which is also its identity:
//! two measures missing the same landmarks are the same report.

/// The reporter's state.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnknownReporter {
    /// The part unseen now and since when.
    since: Option<(f64, String)>,
    /// The part last reported.
    reported: Option<String>,
}

/// What one frame changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UnknownStep {
    None,
    /// Say "I can't see your …" (the whole sentence).
    Unknown(String),
    /// Everything needed is seen again.
    Seen,
}

impl UnknownReporter {
    /// One frame: `what` = the unseen part's words, `None` when nothing is missing.
    pub fn step(&mut self, what: Option<String>, now: f64, unknown_secs: f32) -> UnknownStep {
        let Some(w) = what else {
            self.since = None;
            return if self.reported.take().is_some() {
                UnknownStep::Seen
            } else {
                UnknownStep::None
            };
        };
        let since = match &self.since {
            Some((t, prev)) if *prev == w => *t,
            _ => {
                self.since = Some((now, w.clone()));
                now
            }
        };
        if now - since >= f64::from(unknown_secs) && self.reported.as_deref() != Some(w.as_str()) {
            let sentence = sentence(&w);
            self.reported = Some(w);
            return UnknownStep::Unknown(sentence);
        }
        UnknownStep::None
    }

    /// The sentence for the part reported now, if any.
    pub fn reported(&self) -> Option<String> {
        self.reported.as_deref().map(sentence)
    }
}

fn sentence(what: &str) -> String {
    format!("I can't see your {what}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_reported_once_after_the_wait_and_taken_back_when_seen() {
        let mut r = UnknownReporter::default();
        let knees = || Some("knees".to_owned());
        assert_eq!(r.step(knees(), 0.0, 1.0), UnknownStep::None);
        assert_eq!(r.step(knees(), 0.5, 1.0), UnknownStep::None);
        assert_eq!(
            r.step(knees(), 1.0, 1.0),
            UnknownStep::Unknown("I can't see your knees.".to_owned())
        );
        assert_eq!(r.step(knees(), 2.0, 1.0), UnknownStep::None);
        assert_eq!(r.reported().as_deref(), Some("I can't see your knees."));
        assert_eq!(r.step(None, 2.5, 1.0), UnknownStep::Seen);
        assert_eq!(r.step(None, 3.0, 1.0), UnknownStep::None);
        assert_eq!(r.reported(), None);
    }

    #[test]
    fn another_part_waits_afresh_and_a_flicker_is_never_reported() {
        let mut r = UnknownReporter::default();
        r.step(Some("knees".to_owned()), 0.0, 1.0);
        assert_eq!(r.step(None, 0.5, 1.0), UnknownStep::None);
        r.step(Some("knees".to_owned()), 0.6, 1.0);
        assert_eq!(
            r.step(Some("right leg".to_owned()), 1.2, 1.0),
            UnknownStep::None
        );
        assert_eq!(
            r.step(Some("right leg".to_owned()), 2.2, 1.0),
            UnknownStep::Unknown("I can't see your right leg.".to_owned())
        );
    }
}
