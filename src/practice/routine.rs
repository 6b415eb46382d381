//! Routine mode as a plain state machine: which exercise, which side, resting or coaching,
//! paused or not. No egui, no clock, no threads: the app feeds it elapsed seconds
//! ([`RoutineState::tick`]) and the coach's milestones ([`RoutineState::side_done`],
//! [`RoutineState::exercise_done`]) and it answers with [`RoutineSignal`]s saying when a
//! coach must start or stop. Keeping it pure lets the advance / pause / skip / back /
//! side-switch rules be tested without a display (tests/ui.rs).
//!
//! Free mode is the same machine with a single exercise.

use crate::content::{Exercise, ExerciseId, Side};

/// What the routine needs to know about one exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutineItem {
    pub id: ExerciseId,
    pub name: String,
    /// "Lie on your back, knees bent."
    pub setup_prompt: String,
    /// "5 × 20 s hold, each leg".
    pub dose_text: String,
    /// Side steps in order (empty for symmetric exercises).
    pub side_steps: Vec<Side>,
    /// "leg", "arm", "side" for the side-switch prompt.
    pub limb: String,
}

impl RoutineItem {
    pub fn from_exercise(ex: &Exercise) -> Self {
        Self {
            id: ex.id.clone(),
            name: ex.name.clone(),
            setup_prompt: ex.setup.prompt.clone(),
            dose_text: ex.dose_words(),
            side_steps: ex
                .sides
                .as_ref()
                .map(|s| s.steps.clone())
                .unwrap_or_default(),
            limb: ex
                .sides
                .as_ref()
                .map(|s| s.limb.clone())
                .unwrap_or_else(|| "side".to_owned()),
        }
    }
}

/// Durations of the routine's pauses, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoutineTiming {
    /// Before the first exercise: time to read the setup prompt and get into position.
    pub prepare_secs: f32,
    /// Between exercises.
    pub rest_secs: f32,
    /// Between the sides of one exercise ("now the other leg").
    pub switch_secs: f32,
}

impl Default for RoutineTiming {
    fn default() -> Self {
        Self {
            prepare_secs: 10.0,
            rest_secs: 20.0,
            switch_secs: 5.0,
        }
    }
}

/// Where the routine is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stage {
    /// Resting (or, before the first exercise, preparing) before the current exercise; its
    /// setup prompt is shown.
    Rest { secs_left: f32 },
    /// Coaching the current exercise.
    Active,
    /// Between two side steps of the current exercise.
    SwitchSide { secs_left: f32 },
    /// Every exercise is done or skipped.
    Finished,
}

/// What the app must do after a change of state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutineSignal {
    /// Start a fresh coach for exercise `index`.
    StartExercise(usize),
    /// Stop coaching exercise `index` (done, skipped or gone back from).
    EndExercise(usize),
    /// Exercise `index` was skipped before it started.
    Skipped(usize),
    /// The last exercise ended.
    Finished,
}

/// The routine's state.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutineState {
    items: Vec<RoutineItem>,
    index: usize,
    /// Side steps of the current exercise already done (in the order the coach saw them).
    sides_done: Vec<Side>,
    stage: Stage,
    paused: bool,
    timing: RoutineTiming,
}

impl RoutineState {
    /// Starts at the first exercise's preparation (finished at once when `items` is empty).
    pub fn new(items: Vec<RoutineItem>, timing: RoutineTiming) -> Self {
        let stage = if items.is_empty() {
            Stage::Finished
        } else {
            Stage::Rest {
                secs_left: timing.prepare_secs,
            }
        };
        Self {
            items,
            index: 0,
            sides_done: Vec::new(),
            stage,
            paused: false,
            timing,
        }
    }

    pub fn items(&self) -> &[RoutineItem] {
        &self.items
    }

    pub fn index(&self) -> usize {
        self.index
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn is_paused(&self) -> bool {
        self.paused
    }

    pub fn is_finished(&self) -> bool {
        self.stage == Stage::Finished
    }

    /// The exercise being prepared for, coached or switched.
    pub fn current(&self) -> Option<&RoutineItem> {
        if self.is_finished() {
            None
        } else {
            self.items.get(self.index)
        }
    }

    /// The side to work now (for sided exercises): the first step not done yet.
    pub fn current_side(&self) -> Option<Side> {
        self.current().and_then(|it| {
            it.side_steps
                .iter()
                .copied()
                .find(|s| !self.sides_done.contains(s))
        })
    }

    /// Side steps of the current exercise already done.
    pub fn sides_done(&self) -> &[Side] {
        &self.sides_done
    }

    /// Whether frames should reach the coach now.
    pub fn coaching(&self) -> bool {
        self.stage == Stage::Active && !self.paused
    }

    /// Pauses or resumes. Countdowns and the coach stop while paused.
    pub fn set_paused(&mut self, paused: bool) {
        if !self.is_finished() {
            self.paused = paused;
        }
    }

    pub fn toggle_pause(&mut self) {
        self.set_paused(!self.paused);
    }

    /// Advances countdowns by `dt_secs` of wall time.
    pub fn tick(&mut self, dt_secs: f32) -> Vec<RoutineSignal> {
        if self.paused || !dt_secs.is_finite() || dt_secs <= 0.0 {
            return Vec::new();
        }
        match self.stage {
            Stage::Rest { secs_left } => {
                let left = secs_left - dt_secs;
                if left <= 0.0 {
                    self.stage = Stage::Active;
                    vec![RoutineSignal::StartExercise(self.index)]
                } else {
                    self.stage = Stage::Rest { secs_left: left };
                    Vec::new()
                }
            }
            Stage::SwitchSide { secs_left } => {
                let left = secs_left - dt_secs;
                self.stage = if left <= 0.0 {
                    Stage::Active
                } else {
                    Stage::SwitchSide { secs_left: left }
                };
                Vec::new()
            }
            Stage::Active | Stage::Finished => Vec::new(),
        }
    }

    /// Ends a rest or side switch now.
    pub fn start_now(&mut self) -> Vec<RoutineSignal> {
        match self.stage {
            Stage::Rest { .. } => {
                self.stage = Stage::Active;
                vec![RoutineSignal::StartExercise(self.index)]
            }
            Stage::SwitchSide { .. } => {
                self.stage = Stage::Active;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The coach finished one side step. Moves to the side switch when another side follows.
    pub fn side_done(&mut self, side: Side) -> Vec<RoutineSignal> {
        let Some(item) = self.items.get(self.index) else {
            return Vec::new();
        };
        if self.stage != Stage::Active {
            return Vec::new();
        }
        // The coach decides which side was worked (the user may start with either).
        if !self.sides_done.contains(&side) {
            self.sides_done.push(side);
        }
        let remaining = item.side_steps.iter().any(|s| !self.sides_done.contains(s));
        if remaining {
            self.stage = Stage::SwitchSide {
                secs_left: self.timing.switch_secs,
            };
        }
        Vec::new()
    }

    /// The coach says the whole dose is done: rest, then the next exercise.
    pub fn exercise_done(&mut self) -> Vec<RoutineSignal> {
        if self.is_finished() {
            return Vec::new();
        }
        self.go_to(self.index + 1, self.timing.rest_secs)
    }

    /// Leaves the current exercise for the next one (its setup prompt is shown briefly).
    pub fn skip(&mut self) -> Vec<RoutineSignal> {
        if self.is_finished() {
            return Vec::new();
        }
        let unstarted = matches!(self.stage, Stage::Rest { .. });
        let mut signals = Vec::new();
        if unstarted {
            signals.push(RoutineSignal::Skipped(self.index));
        }
        signals.extend(self.go_to(self.index + 1, self.timing.switch_secs));
        signals
    }

    /// The exercises not started yet: the current one while it is being prepared, and every
    /// one after it (nothing once finished).
    pub fn ahead(&self) -> std::ops::Range<usize> {
        let first = match self.stage {
            Stage::Rest { .. } => self.index,
            Stage::Active | Stage::SwitchSide { .. } => self.index + 1,
            Stage::Finished => self.items.len(),
        };
        first.min(self.items.len())..self.items.len()
    }

    /// Starts the current exercise again after the side-switch pause, with `dose_text` as
    /// its dose (a gentler version after "It hurts").
    pub fn restart_current(&mut self, dose_text: &str) -> Vec<RoutineSignal> {
        if self.is_finished() {
            return Vec::new();
        }
        if let Some(item) = self.items.get_mut(self.index) {
            dose_text.clone_into(&mut item.dose_text);
        }
        self.go_to(self.index, self.timing.switch_secs)
    }

    /// Goes back to the previous exercise (or restarts the first).
    pub fn back(&mut self) -> Vec<RoutineSignal> {
        if self.items.is_empty() {
            return Vec::new();
        }
        let target = if self.is_finished() {
            self.items.len() - 1
        } else {
            self.index.saturating_sub(1)
        };
        self.go_to(target, self.timing.switch_secs)
    }

    fn go_to(&mut self, target: usize, rest_secs: f32) -> Vec<RoutineSignal> {
        let mut signals = Vec::new();
        if matches!(self.stage, Stage::Active | Stage::SwitchSide { .. }) {
            signals.push(RoutineSignal::EndExercise(self.index));
        }
        self.sides_done.clear();
        self.paused = false;
        if target >= self.items.len() {
            self.stage = Stage::Finished;
            signals.push(RoutineSignal::Finished);
        } else {
            self.index = target;
            self.stage = Stage::Rest {
                secs_left: rest_secs,
            };
        }
        signals
    }

    /// The one line to show for the routine's own state (the coach's headline is shown
    /// while coaching).
    pub fn headline(&self) -> Option<String> {
        let item = self.current()?;
        if self.paused {
            return Some("Paused".to_owned());
        }
        match self.stage {
            Stage::Rest { secs_left } => {
                let verb = if self.index == 0 { "Get ready" } else { "Rest" };
                Some(format!(
                    "{verb} {:.0} s · next: {}. {}",
                    secs_left.ceil(),
                    item.name,
                    item.setup_prompt
                ))
            }
            Stage::SwitchSide { .. } => {
                let side = self
                    .current_side()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                Some(format!("Now the other {}{side}", item.limb))
            }
            Stage::Active | Stage::Finished => None,
        }
    }

    /// "2 / 6".
    pub fn progress_text(&self) -> String {
        let n = self.items.len();
        let i = if self.is_finished() {
            n
        } else {
            self.index + 1
        };
        format!("{i} / {n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, sides: &[Side]) -> RoutineItem {
        RoutineItem {
            id: id.into(),
            name: id.into(),
            setup_prompt: "Lie down.".into(),
            dose_text: "3 reps".into(),
            side_steps: sides.to_vec(),
            limb: "leg".into(),
        }
    }

    #[test]
    fn paused_countdown_does_not_move() {
        let mut r = RoutineState::new(vec![item("a", &[])], RoutineTiming::default());
        r.set_paused(true);
        assert!(r.tick(100.0).is_empty());
        assert!(matches!(r.stage(), Stage::Rest { .. }));
        r.set_paused(false);
        assert_eq!(r.tick(100.0), vec![RoutineSignal::StartExercise(0)]);
    }
}
