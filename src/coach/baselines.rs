//! Baselines: the person's own starting values, for measures judged relative to them.
//!
//! A measure with `baseline = "setup"` is read as a change from its value in the
//! starting posture; one with `baseline = "start"` as a change from its value during
//! the current stay in the cycle's start phase (so each rep starts from where the
//! person actually rests). One frame is too noisy for either, so both are means: the
//! setup baseline over the setup dwell (falling back to the frame that completed the
//! setup when no frame could be read), the start baseline over the frames of the stay
//! so far.
//!
//! Values come in raw (before any baseline is subtracted) through a closure, so the
//! caller decides how a measure is read; this type only keeps the sums.

use crate::content::{Baseline, Exercise, Measure};

/// A running mean.
#[derive(Debug, Clone, Copy, Default)]
struct Mean {
    sum: f32,
    n: u32,
}

impl Mean {
    fn add(&mut self, v: f32) {
        self.sum += v;
        self.n += 1;
    }

    fn get(self) -> Option<f32> {
        (self.n > 0).then(|| self.sum / self.n as f32)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Baselines {
    /// Per measure: the baseline now (`None` = not known yet, or no baseline).
    values: Vec<Option<f32>>,
    /// Per measure: the mean over the setup dwell under way.
    setup: Vec<Mean>,
    /// Per measure: the mean over the current start-phase stay.
    start: Vec<Mean>,
}

impl Baselines {
    pub fn new(n_measures: usize) -> Self {
        Self {
            values: vec![None; n_measures],
            setup: vec![Mean::default(); n_measures],
            start: vec![Mean::default(); n_measures],
        }
    }

    /// Per measure, the baseline to subtract (for the evaluator).
    pub fn values(&self) -> &[Option<f32>] {
        &self.values
    }

    /// One frame of the setup dwell (`fresh` = its first frame: the sums start over).
    pub fn dwell(
        &mut self,
        ex: &Exercise,
        fresh: bool,
        raw: impl Fn(usize, &Measure) -> Option<f32>,
    ) {
        if fresh {
            self.setup.fill(Mean::default());
        }
        for (i, m) in ex.measures.iter().enumerate() {
            if m.baseline != Baseline::None {
                if let (Some(v), Some(acc)) = (raw(i, m), self.setup.get_mut(i)) {
                    acc.add(v);
                }
            }
        }
    }

    /// The setup is reached: every baseline becomes its dwell mean (this frame's raw
    /// value when the dwell read nothing).
    pub fn take_setup(&mut self, ex: &Exercise, raw: impl Fn(usize, &Measure) -> Option<f32>) {
        for (i, m) in ex.measures.iter().enumerate() {
            if m.baseline != Baseline::None {
                let mean = self.setup.get(i).and_then(|acc| acc.get());
                if let Some(slot) = self.values.get_mut(i) {
                    *slot = mean.or_else(|| raw(i, m));
                }
            }
        }
    }

    /// The start phase was visited unseen (`own_range.rs`): start-relative baselines are
    /// the values there.
    pub fn set_start(&mut self, ex: &Exercise, raw: &[Option<f32>]) {
        self.start.fill(Mean::default());
        for (i, m) in ex.measures.iter().enumerate() {
            if m.baseline != Baseline::Start {
                continue;
            }
            if let (Some(Some(v)), Some(slot)) = (raw.get(i), self.values.get_mut(i)) {
                *slot = Some(*v);
            }
        }
    }

    /// A new stay in the start phase begins: start-relative baselines start over.
    pub fn restart_start(&mut self) {
        self.start.fill(Mean::default());
    }

    /// One frame in the start phase: start-relative baselines follow its mean.
    pub fn follow_start(&mut self, ex: &Exercise, raw: impl Fn(usize, &Measure) -> Option<f32>) {
        for (i, m) in ex.measures.iter().enumerate() {
            if m.baseline != Baseline::Start {
                continue;
            }
            if let (Some(v), Some(acc)) = (raw(i, m), self.start.get_mut(i)) {
                acc.add(v);
                if let Some(slot) = self.values.get_mut(i) {
                    *slot = acc.get();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An exercise whose first measure has a setup baseline (and, if any, a second one
    /// a start baseline).
    fn exercise() -> Exercise {
        let catalog = crate::content::load_default().expect("the built-in content loads");
        let mut ex = catalog.exercises[0].clone();
        ex.measures.truncate(2);
        ex.measures[0].baseline = Baseline::Setup;
        if let Some(m) = ex.measures.get_mut(1) {
            m.baseline = Baseline::Start;
        }
        ex
    }

    #[test]
    fn the_setup_baseline_is_the_mean_over_the_dwell_and_starts_over_when_fresh() {
        let ex = exercise();
        let mut b = Baselines::new(ex.measures.len());
        b.dwell(&ex, true, |_, _| Some(9.0));
        b.dwell(&ex, true, |_, _| Some(1.0));
        b.dwell(&ex, false, |_, _| Some(2.0));
        b.dwell(&ex, false, |_, _| None);
        b.take_setup(&ex, |_, _| Some(7.0));
        assert_eq!(b.values()[0], Some(1.5));
    }

    #[test]
    fn with_nothing_read_during_the_dwell_the_last_frame_is_the_baseline() {
        let ex = exercise();
        let mut b = Baselines::new(ex.measures.len());
        b.dwell(&ex, true, |_, _| None);
        b.take_setup(&ex, |_, _| Some(7.0));
        assert_eq!(b.values()[0], Some(7.0));
    }

    #[test]
    fn the_start_baseline_follows_each_stay() {
        let ex = exercise();
        if ex.measures.len() < 2 {
            return;
        }
        let mut b = Baselines::new(ex.measures.len());
        b.follow_start(&ex, |_, _| Some(1.0));
        b.follow_start(&ex, |_, _| Some(3.0));
        assert_eq!(b.values()[1], Some(2.0));
        // The setup measure does not follow the start phase.
        assert_eq!(b.values()[0], None);
        b.restart_start();
        b.follow_start(&ex, |_, _| Some(5.0));
        assert_eq!(b.values()[1], Some(5.0));
    }
}
