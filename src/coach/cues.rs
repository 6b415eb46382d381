//! One correction at a time.
//!
//! Each fault must last its `persist_secs` before it may be shown (a single noisy frame
//! never speaks). Of the faults that have persisted, the highest priority is shown; it
//! stays on screen at least `min_show_secs` so it can be read, unless a fault of higher
//! priority appears (safety first). A fault that is over clears with hysteresis: it
//! ends only when its conditions fail on the widened range.

use crate::content::Correction;

#[derive(Debug, Clone, Default)]
pub(crate) struct FaultState {
    /// When the fault started, if present.
    since: Option<f64>,
}

/// The correction on screen.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shown {
    /// Index into the exercise's corrections, or `None` for a coach-made cue.
    pub index: Option<usize>,
    pub id: String,
    pub message: String,
    pub priority: i32,
    pub since: f64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct CueChooser {
    faults: Vec<FaultState>,
    pub shown: Option<Shown>,
}

/// What changed on screen.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CueStep {
    None,
    Show { id: String, message: String },
    Cleared,
}

/// A cue the coach makes itself (e.g. "Now the other leg"), competing like a correction.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExtraCue {
    pub id: String,
    pub message: String,
    pub priority: i32,
}

impl CueChooser {
    pub fn new(n: usize) -> Self {
        Self {
            faults: vec![FaultState::default(); n],
            shown: None,
        }
    }

    pub fn reset(&mut self) {
        for f in &mut self.faults {
            f.since = None;
        }
    }

    /// Whether fault `i` is present now (not yet necessarily persisted).
    pub fn present(&self, i: usize) -> bool {
        self.faults.get(i).is_some_and(|f| f.since.is_some())
    }

    /// Whether fault `i` has lasted at least `persist_secs`.
    pub fn persisted(&self, i: usize, now: f64, persist_secs: f32) -> bool {
        self.faults
            .get(i)
            .and_then(|f| f.since)
            .is_some_and(|since| now - since + 1e-9 >= f64::from(persist_secs))
    }

    /// `present[i]`: fault i is present this frame (`None` = not checked / unknown).
    pub fn update(
        &mut self,
        corrections: &[Correction],
        present: &[bool],
        extra: Option<ExtraCue>,
        now: f64,
        min_show_secs: f32,
    ) -> CueStep {
        for (i, f) in self.faults.iter_mut().enumerate() {
            if present.get(i).copied().unwrap_or(false) {
                f.since.get_or_insert(now);
            } else {
                f.since = None;
            }
        }
        // The best persisted fault.
        let mut best: Option<Shown> = extra.map(|e| Shown {
            index: None,
            id: e.id,
            message: e.message,
            priority: e.priority,
            since: now,
        });
        for (i, (c, f)) in corrections.iter().zip(&self.faults).enumerate() {
            let Some(since) = f.since else { continue };
            if now - since + 1e-9 < f64::from(c.persist_secs) {
                continue;
            }
            if best.as_ref().is_none_or(|b| c.priority > b.priority) {
                best = Some(Shown {
                    index: Some(i),
                    id: c.id.clone(),
                    message: c.message.clone(),
                    priority: c.priority,
                    since: now,
                });
            }
        }
        let shown_still_true = |s: &Shown, best: &Option<Shown>| match s.index {
            Some(i) => self.faults.get(i).is_some_and(|f| f.since.is_some()),
            None => best.as_ref().is_some_and(|b| b.id == s.id),
        };
        match (&self.shown, best) {
            (None, None) => CueStep::None,
            (None, Some(b)) => {
                let step = CueStep::Show {
                    id: b.id.clone(),
                    message: b.message.clone(),
                };
                self.shown = Some(b);
                step
            }
            (Some(s), best) => {
                let same = best.as_ref().is_some_and(|b| b.id == s.id);
                if same {
                    return CueStep::None;
                }
                let read = now - s.since >= f64::from(min_show_secs);
                let still = shown_still_true(s, &best);
                match best {
                    Some(b) if b.priority > s.priority || (read && !still) => {
                        let step = CueStep::Show {
                            id: b.id.clone(),
                            message: b.message.clone(),
                        };
                        self.shown = Some(b);
                        step
                    }
                    None if read && !still => {
                        self.shown = None;
                        CueStep::Cleared
                    }
                    _ => CueStep::None,
                }
            }
        }
    }

    /// Drops whatever is shown (e.g. when the person leaves or the setup is lost).
    pub fn clear(&mut self) -> CueStep {
        self.reset();
        if self.shown.take().is_some() {
            CueStep::Cleared
        } else {
            CueStep::None
        }
    }
}
