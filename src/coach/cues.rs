//! One correction at a time.
//!
//! Each fault must last its `persist_secs` before it may be shown (a single noisy frame
//! never speaks). Of the faults that have persisted, the highest priority is shown; it
//! stays on screen at least `min_show_secs` so it can be read, unless a fault of higher
//! priority appears (safety first), or the picture already shows it fixed (every measure
//! it reads is good again: a correction never contradicts the joint colours). A fault
//! that is over clears with hysteresis: it ends only when its conditions fail on the
//! widened range.

use crate::content::Correction;

#[derive(Debug, Clone, Default)]
pub(crate) struct FaultState {
    /// When the fault started, if present.
    since: Option<f64>,
}

/// A cue the coach makes itself, competing with the exercise's corrections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OwnCue {
    /// "Now the right leg." (a side already done is being held).
    SwitchSide,
    /// "Hold it for 2 s" (a rep came down before its hold was done).
    HoldLonger,
}

impl OwnCue {
    /// The id events and session records carry.
    pub fn id(self) -> &'static str {
        match self {
            OwnCue::SwitchSide => "switch_side",
            OwnCue::HoldLonger => "hold_longer",
        }
    }
}

/// Which cue: one of the exercise's corrections (by index) or one of the coach's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueId {
    Correction(usize),
    Own(OwnCue),
}

/// The correction on screen.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shown {
    pub cue: CueId,
    pub id: String,
    pub message: String,
    pub priority: i32,
    pub since: f64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct CueChooser {
    faults: Vec<FaultState>,
    pub shown: Option<Shown>,
    /// The shown correction's measures all look good this frame: it may go before it
    /// was read (set by the caller before [`CueChooser::update`]).
    pub shown_fixed: bool,
}

/// What changed on screen.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CueStep {
    None,
    Show {
        cue: CueId,
        id: String,
        message: String,
    },
    Cleared,
}

/// A cue the coach makes itself (e.g. "Now the other leg"), competing like a correction.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExtraCue {
    pub cue: OwnCue,
    pub message: String,
    pub priority: i32,
}

impl CueChooser {
    pub fn new(n: usize) -> Self {
        Self {
            faults: vec![FaultState::default(); n],
            shown: None,
            shown_fixed: false,
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
            cue: CueId::Own(e.cue),
            id: e.cue.id().to_owned(),
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
                    cue: CueId::Correction(i),
                    id: c.id.clone(),
                    message: c.message.clone(),
                    priority: c.priority,
                    since: now,
                });
            }
        }
        let shown_still_true = |s: &Shown, best: &Option<Shown>| match s.cue {
            CueId::Correction(i) => self.faults.get(i).is_some_and(|f| f.since.is_some()),
            CueId::Own(_) => best.as_ref().is_some_and(|b| b.id == s.id),
        };
        match (&self.shown, best) {
            (None, None) => CueStep::None,
            (None, Some(b)) => self.show(b),
            (Some(s), best) => {
                let same = best.as_ref().is_some_and(|b| b.id == s.id);
                if same {
                    return CueStep::None;
                }
                let read = now - s.since >= f64::from(min_show_secs) || self.shown_fixed;
                let still = shown_still_true(s, &best);
                match best {
                    Some(b) if b.priority > s.priority || (read && !still) => self.show(b),
                    None if read && !still => {
                        self.shown = None;
                        CueStep::Cleared
                    }
                    _ => CueStep::None,
                }
            }
        }
    }

    /// Puts `b` on screen.
    fn show(&mut self, b: Shown) -> CueStep {
        let step = CueStep::Show {
            cue: b.cue,
            id: b.id.clone(),
            message: b.message.clone(),
        };
        self.shown = Some(b);
        step
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

#[cfg(test)]
mod tests {
    use super::*;

    fn correction(id: &str, priority: i32) -> Correction {
        Correction {
            id: id.to_owned(),
            message: format!("fix {id}"),
            priority,
            phases: Vec::new(),
            when: Vec::new(),
            persist_secs: 1.0,
            breaks_hold: true,
        }
    }

    /// Steps at 10 fps; `present(t)` gives which faults are present.
    fn run(
        cs: &[Correction],
        secs: f64,
        present: impl Fn(f64) -> Vec<bool>,
    ) -> Vec<(f64, CueStep)> {
        let mut chooser = CueChooser::new(cs.len());
        let mut out = Vec::new();
        for k in 0..=(secs * 10.0) as usize {
            let t = k as f64 / 10.0;
            let step = chooser.update(cs, &present(t), None, t, 2.5);
            if step != CueStep::None {
                out.push((t, step));
            }
        }
        out
    }

    #[test]
    fn a_fault_shows_after_persisting_and_stays_long_enough_to_read() {
        let cs = [correction("a", 10)];
        // Present 0–1.5 s only: shown at 1.0 s, kept until 3.5 s although fixed at 1.5 s.
        let ev = run(&cs, 6.0, |t| vec![t < 1.5]);
        assert_eq!(ev.len(), 2, "{ev:?}");
        assert!((ev[0].0 - 1.0).abs() < 1e-6);
        assert!(matches!(&ev[0].1, CueStep::Show { id, .. } if id == "a"));
        assert!(
            (ev[1].0 - 3.5).abs() < 1e-6 && ev[1].1 == CueStep::Cleared,
            "{ev:?}"
        );
    }

    #[test]
    fn a_fault_the_picture_shows_fixed_goes_at_once() {
        let cs = [correction("a", 10)];
        let mut chooser = CueChooser::new(cs.len());
        assert_eq!(chooser.update(&cs, &[true], None, 0.0, 2.5), CueStep::None);
        assert!(matches!(
            chooser.update(&cs, &[true], None, 1.0, 2.5),
            CueStep::Show { .. }
        ));
        // Fixed at 1.5 s, but its measure is not yet good: it stays to be read.
        assert_eq!(chooser.update(&cs, &[false], None, 1.5, 2.5), CueStep::None);
        chooser.shown_fixed = true;
        assert_eq!(
            chooser.update(&cs, &[false], None, 1.6, 2.5),
            CueStep::Cleared
        );
    }

    #[test]
    fn a_short_flicker_never_shows() {
        let cs = [correction("a", 10)];
        assert!(run(&cs, 5.0, |t| vec![(1.0..1.8).contains(&t)]).is_empty());
    }

    #[test]
    fn higher_priority_preempts_and_only_one_is_shown() {
        let cs = [correction("minor", 10), correction("safety", 90)];
        // Minor from 0 s, safety from 1.5 s: minor shows at 1 s, safety replaces it at
        // 2.5 s without waiting for the minor to be read.
        let ev = run(&cs, 4.0, |t| vec![true, t >= 1.5]);
        let shown: Vec<&str> = ev
            .iter()
            .filter_map(|(_, s)| match s {
                CueStep::Show { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(shown, ["minor", "safety"]);
        assert!((ev[1].0 - 2.5).abs() < 1e-6, "{ev:?}");
    }

    #[test]
    fn lower_priority_waits_for_the_shown_one() {
        let cs = [correction("safety", 90), correction("minor", 10)];
        // Both present from 0; safety fixed at 1.2 s: minor only after safety was read.
        let ev = run(&cs, 5.0, |t| vec![t < 1.2, true]);
        assert!(matches!(&ev[0].1, CueStep::Show { id, .. } if id == "safety"));
        assert!(matches!(&ev[1].1, CueStep::Show { id, .. } if id == "minor"));
        assert!((ev[1].0 - 3.5).abs() < 1e-6, "{ev:?}");
    }
}
