//! The setup gate: coaching starts only once the starting posture is reached.
//!
//! "Lie on your back, knees bent": the exercise's setup conditions must hold for
//! `setup_secs` (the dwell; its frames also give the baselines their mean) while the
//! camera view is right. Once reached, the setup is lost only when the conditions have
//! failed for `grace_secs`, so a moment out of range does not throw the attempt away.
//! An unknown condition neither advances nor loses it: the dwell starts over, the
//! reached setup stands.

use crate::content::Tuning;

#[derive(Debug, Clone, Default)]
pub(crate) struct SetupGate {
    ok: bool,
    /// Start of the dwell under way.
    since: Option<f64>,
    /// Since when a reached setup has been failing.
    bad_since: Option<f64>,
}

/// What one frame did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetupStep {
    None,
    /// One more frame of the dwell (`fresh` = its first).
    Dwell {
        fresh: bool,
    },
    /// The dwell is complete: this frame was its last (and, if `fresh`, its first).
    Reached {
        fresh: bool,
    },
    /// The reached setup has failed for the grace time: the caller loses it.
    Lost,
}

impl SetupGate {
    /// Whether the setup is reached.
    pub fn ok(&self) -> bool {
        self.ok
    }

    /// One frame: `holds` = the setup conditions (`None` = unknown), `view_ok` = the
    /// camera view is right.
    pub fn step(
        &mut self,
        holds: Option<bool>,
        view_ok: bool,
        now: f64,
        tuning: &Tuning,
    ) -> SetupStep {
        match holds {
            Some(true) => {
                self.bad_since = None;
                if self.ok || !view_ok {
                    return SetupStep::None;
                }
                let fresh = self.since.is_none();
                let since = *self.since.get_or_insert(now);
                if now - since >= f64::from(tuning.setup_secs) {
                    self.ok = true;
                    SetupStep::Reached { fresh }
                } else {
                    SetupStep::Dwell { fresh }
                }
            }
            Some(false) => {
                self.since = None;
                if !self.ok {
                    return SetupStep::None;
                }
                let since = *self.bad_since.get_or_insert(now);
                if now - since >= f64::from(tuning.grace_secs) {
                    SetupStep::Lost
                } else {
                    SetupStep::None
                }
            }
            None => {
                self.since = None;
                SetupStep::None
            }
        }
    }

    /// The setup is lost (failed, the view turned wrong, or the person left).
    pub fn lose(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tuning() -> Tuning {
        let catalog = crate::content::load_default().expect("the built-in content loads");
        let mut t = catalog.exercises[0].tuning;
        t.setup_secs = 1.0;
        t.grace_secs = 0.5;
        t
    }

    /// Steps at 10 fps from `from` to `to` with the same inputs; returns the non-`None`
    /// steps with their times.
    fn run(
        gate: &mut SetupGate,
        from: f64,
        to: f64,
        holds: Option<bool>,
        view_ok: bool,
    ) -> Vec<(f64, SetupStep)> {
        let t = tuning();
        let mut out = Vec::new();
        for k in 0..=((to - from) * 10.0).round() as usize {
            let now = from + k as f64 / 10.0;
            let step = gate.step(holds, view_ok, now, &t);
            if step != SetupStep::None {
                out.push((now, step));
            }
        }
        out
    }

    #[test]
    fn the_setup_is_reached_after_the_dwell_and_lost_after_the_grace() {
        let mut gate = SetupGate::default();
        let dwell = run(&mut gate, 0.0, 1.0, Some(true), true);
        assert_eq!(
            dwell.first(),
            Some(&(0.0, SetupStep::Dwell { fresh: true }))
        );
        assert_eq!(
            dwell.get(1).map(|s| s.1),
            Some(SetupStep::Dwell { fresh: false })
        );
        assert_eq!(
            dwell.last().map(|s| s.1),
            Some(SetupStep::Reached { fresh: false })
        );
        assert!(gate.ok());
        // A short failure is forgiven; a long one is reported until the caller loses it.
        assert!(run(&mut gate, 1.1, 1.5, Some(false), true).is_empty());
        assert!(run(&mut gate, 1.6, 2.0, Some(true), true).is_empty());
        let lost = run(&mut gate, 2.1, 2.7, Some(false), true);
        assert_eq!(lost.first().map(|s| s.1), Some(SetupStep::Lost));
        gate.lose();
        assert!(!gate.ok());
    }

    #[test]
    fn an_unknown_or_failing_frame_restarts_the_dwell_and_a_wrong_view_pauses_it() {
        let mut gate = SetupGate::default();
        run(&mut gate, 0.0, 0.5, Some(true), true);
        run(&mut gate, 0.6, 0.6, None, true);
        let again = run(&mut gate, 0.7, 0.7, Some(true), true);
        assert_eq!(again, [(0.7, SetupStep::Dwell { fresh: true })]);
        // While the view is wrong nothing advances (and the dwell is not restarted).
        assert!(run(&mut gate, 0.8, 5.0, Some(true), false).is_empty());
        let reached = run(&mut gate, 5.1, 5.1, Some(true), true);
        assert_eq!(reached, [(5.1, SetupStep::Reached { fresh: false })]);
    }

    #[test]
    fn a_zero_dwell_is_reached_on_its_first_frame() {
        let mut gate = SetupGate::default();
        let mut t = tuning();
        t.setup_secs = 0.0;
        assert_eq!(
            gate.step(Some(true), true, 3.0, &t),
            SetupStep::Reached { fresh: true }
        );
    }
}
