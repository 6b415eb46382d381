//! The phase state machine: which named position the person is in, with hysteresis.
//!
//! Entering a phase needs its conditions to hold on their strict ranges for the dwell
//! time; staying needs them only on the ranges widened by each condition's margin. The
//! dead band between the two must exceed the peak-to-peak jitter of 2D angles (about
//! ±5–7° side-on), which is why margins default to 8° and a band between two phases'
//! strict ranges is usually 10–20°. An unknown measure freezes the machine: a hidden knee
//! never moves the person to another phase.
//!
//! The dwell delays the phase, not what the screen asks for: [`PhaseMachine::prompted`]
//! is the phase whose range the measures are already in (the one being entered during
//! its dwell), so a person whose hips are up is never told to lift them for that moment.

use super::rules::Evaluator;
use crate::content::Exercise;

#[derive(Debug, Clone, Default)]
pub(crate) struct PhaseMachine {
    /// Index into the exercise's phases; `None` = between phases.
    pub current: Option<usize>,
    candidate: Option<(Option<usize>, f64)>,
    /// When the current phase was entered.
    pub since_secs: f64,
}

/// What one update found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhaseStep {
    Same,
    Changed {
        to: Option<usize>,
    },
    /// Some measure the decision needs is unknown.
    Unknown,
}

impl PhaseMachine {
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    pub fn update(&mut self, ex: &Exercise, ev: &Evaluator<'_>, now: f64) -> PhaseStep {
        // Stay while the current phase holds on its widened range.
        if let Some(cur) = self.current {
            match ex.phases.get(cur).map(|p| ev.all_hold(&p.when, true)) {
                Some(Some(true)) => {
                    self.candidate = None;
                    return PhaseStep::Same;
                }
                Some(None) => return PhaseStep::Unknown,
                _ => {}
            }
        }
        // Otherwise the first phase whose strict range holds, else "between".
        let mut target = None;
        let mut unknown = false;
        for (i, p) in ex.phases.iter().enumerate() {
            if Some(i) == self.current {
                continue;
            }
            match ev.all_hold(&p.when, false) {
                Some(true) => {
                    target = Some(i);
                    break;
                }
                None => unknown = true,
                Some(false) => {}
            }
        }
        if target.is_none() && unknown {
            return PhaseStep::Unknown;
        }
        if target == self.current {
            self.candidate = None;
            return PhaseStep::Same;
        }
        let since = match self.candidate {
            Some((t, since)) if t == target => since,
            _ => {
                self.candidate = Some((target, now));
                now
            }
        };
        if now - since >= f64::from(ex.tuning.dwell_secs) {
            self.enter(target, now)
        } else {
            PhaseStep::Same
        }
    }

    /// The phase whose cue fits the measures now: the phase being entered while its
    /// dwell runs (its strict range already holds), else the current one (its widened
    /// range holds, or the person is between phases and has reached no other).
    pub fn prompted(&self) -> Option<usize> {
        match self.candidate {
            Some((Some(target), _)) => Some(target),
            _ => self.current,
        }
    }

    /// Enters `target` now.
    fn enter(&mut self, target: Option<usize>, now: f64) -> PhaseStep {
        self.current = target;
        self.candidate = None;
        self.since_secs = now;
        PhaseStep::Changed { to: target }
    }
}
