//! "It hurts" in the practice: the routine pauses, the questions are answered
//! ([`pain::Hurt`]), and the way on chosen is carried out — skip the exercise, start it
//! again with a gentler dose, or stop for today (the only way after a red flag). The record
//! is written when the way on is chosen, or when the session ends first.

use super::{pain, Practice, Step};
use crate::coach::CoachView;
use crate::content::Exercise;
use crate::session::{EndReason, PainAction, Record};

impl Practice {
    /// "It hurts" while `view` was on screen: the routine pauses (it goes on only by a way
    /// on the person chooses) and the questions are asked ([`Practice::hurt`]). Without the
    /// coach's view of the exercise the routine is at (getting ready, resting: no view, or
    /// the last exercise's), the pain is noted for that exercise without measures. Nothing
    /// happens while the questions are already open, or with no exercise.
    pub fn it_hurts(&mut self, view: Option<&CoachView>) -> Vec<Step> {
        if self.hurt.is_some() {
            return Vec::new();
        }
        let Some(current) = self
            .routine
            .as_ref()
            .and_then(|r| r.current())
            .map(|item| item.id.clone())
        else {
            return Vec::new();
        };
        self.set_paused(true);
        let view = view.filter(|v| v.exercise_id == current);
        let record = match view {
            Some(view) => pain::pain_record(view),
            None => {
                let done = self
                    .session
                    .as_ref()
                    .map_or(0, |o| o.recorder.tally(&current).reps);
                pain::pain_without_view(&current, done)
            }
        };
        let gentler = self
            .dosed(&current)
            .and_then(|ex| pain::gentler_dose(&ex.dose));
        self.hurt = Some(pain::Hurt::new(record, gentler));
        Vec::new()
    }

    /// The "It hurts" questions being answered, if any.
    pub fn hurt(&self) -> Option<&pain::Hurt> {
        self.hurt.as_ref()
    }

    /// An answer to the "It hurts" questions.
    pub fn hurt_answer(&mut self, answer: pain::HurtAnswer) {
        if let Some(h) = &mut self.hurt {
            h.answer(answer);
        }
    }

    /// The way on after "It hurts": skip the exercise, start it again gentler, or stop for
    /// today (a red flag makes every way on a stop).
    pub fn hurt_way_on(&mut self, way: PainAction) -> Vec<Step> {
        let gentler = self.hurt.as_ref().and_then(|h| h.gentler().cloned());
        match self.record_hurt(Some(way)) {
            Some(PainAction::Skip) => self.skip(),
            Some(PainAction::Gentler) => {
                let Some((dose, routine)) = gentler.zip(self.routine.as_mut()) else {
                    return Vec::new();
                };
                let Some(id) = routine.current().map(|i| i.id.clone()) else {
                    return Vec::new();
                };
                let signals = routine.restart_current(&dose.text);
                self.gentler.retain(|(e, _)| *e != id);
                self.gentler.push((id, dose));
                self.handle_signals(signals)
            }
            Some(PainAction::Stop) => self.end_session(EndReason::Quit, true),
            None => Vec::new(),
        }
    }

    /// Writes the pending "It hurts" record with the way on (`None`: the session ended
    /// before one was chosen); answers the way taken.
    pub(super) fn record_hurt(&mut self, way: Option<PainAction>) -> Option<PainAction> {
        let (record, way) = self.hurt.take()?.finish(way);
        if let Some(open) = &mut self.session {
            open.recorder.note(&Record::Pain(record));
        }
        way
    }

    /// The exercise `id` with the dose it is practised at in this session (a gentler one
    /// chosen after "It hurts", else its own).
    pub(super) fn dosed(&self, id: &str) -> Option<Exercise> {
        let mut ex = self.exercise(id)?.clone();
        if let Some((_, dose)) = self.gentler.iter().find(|(e, _)| *e == id) {
            ex.dose = dose.clone();
        }
        Some(ex)
    }
}
