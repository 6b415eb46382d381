//! The exercise engine: landmarks and a timestamp in, coaching events out.
//!
//! [`Coach`] runs one exercise attempt. Feed it every frame with
//! [`Coach::update`]`(pose, ts)` (`None` = nobody in the frame) and read
//! [`Coach::view`] for everything a screen needs. It is pure: no I/O, no clock (time comes
//! only from the timestamps), no threads, so a replayed video gives the same events as
//! the live run.
//!
//! `Coach` is a composition of small state machines, one file each, stepped in this
//! order every frame: presence and clock (`presence.rs`) → camera view ("turn side-on",
//! `camera.rs`) → near/working side (`sides.rs`) → setup gate ("lie on your back, knees
//! bent", `setup.rs`) with the baselines it sets (`baselines.rs`) → the frame is read
//! (measures, phase machine `phases.rs`, faults) → reps (`reps.rs`) → hold timer
//! (`hold.rs`) → movements inside the hold (`movement.rs`) → unseen parts
//! (`unknown.rs`) → one correction (`corrections.rs` over `cues.rs`). A measure that
//! needs a hidden landmark is unknown and freezes the decisions that depend on it ("I
//! can't see your knees"), so hidden joints never count. Measures themselves are in
//! `rules.rs`; the public event and view shapes in `events.rs` and `view.rs`.
//!
//! [`recognize`] tells which exercise a single pose looks like; [`AutoSelect`] turns
//! that into a stable choice over a stream (automatic mode).
//!
//! ```no_run
//! use formcheck::coach::{Coach, CoachEvent};
//! # fn frames() -> Vec<(formcheck::frame::Timestamp, Option<formcheck::body::Pose>)> { Vec::new() }
//! let catalog = formcheck::content::load_default()?; // every problem listed on failure
//! let bridge = catalog.get("bridge")?; // unknown id → error listing the valid ids
//! let mut coach = Coach::new(bridge);
//! for (ts, pose) in frames() {
//!     for event in coach.update(pose.as_ref(), ts) {
//!         if let CoachEvent::Rep { index, quality } = event {
//!             println!("rep {index}: {quality:?}");
//!         }
//!     }
//!     let view = coach.view(); // headline, hold ring, reps, joint colours, …
//!     if view.done {
//!         break;
//!     }
//! }
//! println!("{:?}", coach.summary());
//! # Ok::<(), formcheck::content::ContentError>(())
//! ```

mod baselines;
mod camera;
mod corrections;
mod cues;
mod events;
mod figure;
mod hold;
mod movement;
mod own_range;
mod phases;
mod presence;
mod recognize;
mod reps;
mod rules;
mod setup;
mod side;
mod sides;
mod unknown;
mod view;
mod waiting;

pub use camera::looks_side_on;
pub use events::{AttemptSummary, CoachEvent, RepQuality};
pub use figure::{figure_agrees, figure_problems};
pub use recognize::{explain, recognize, score, AutoSelect, Recognition, MIN_CONFIDENCE};
pub use rules::landmarks_read;
pub use view::{BreathCue, CoachView, JointState, JointStatus, MovementCount, ShownCorrection};

use crate::body::Pose;
use crate::content::{Condition, Exercise, Measure, Side, ViewNeed};
use crate::frame::Timestamp;
use baselines::Baselines;
use camera::{ViewCheck, ViewStep, VIEW_PROMPT};
use corrections::Corrections;
use cues::ExtraCue;
use hold::{HoldStep, HoldTimer};
use movement::{MovementCounter, MovementStep};
use own_range::{OwnRanges, Visited};
use phases::{PhaseMachine, PhaseStep};
use presence::{Absence, Clock, Presence};
use reps::{Counted, RepTracker};
use rules::{Evaluator, Motion, Sides};
use setup::{SetupGate, SetupStep};
use sides::{SideTracker, SidesStep, StepEnd};
use std::sync::Arc;
use unknown::{UnknownReporter, UnknownStep};
use waiting::{NotYet, Reason, WaitStep, Waiting};

/// One exercise attempt.
#[derive(Debug, Clone)]
pub struct Coach {
    ex: Arc<Exercise>,
    clock: Clock,
    presence: Presence,
    camera: ViewCheck,
    sides: SideTracker,
    setup: SetupGate,
    baselines: Baselines,
    motion: Motion,
    /// The person's own range of the measures that phases judge by it.
    ranges: OwnRanges,
    /// Every measure's value on the last frame (internal units), for traces.
    values: Vec<Option<f32>>,
    unknown: UnknownReporter,
    phases: PhaseMachine,
    hold: HoldTimer,
    reps: RepTracker,
    corrections: Corrections,
    movement: MovementCounter,
    /// The setup conditions not met on the last frame (while the setup is not reached).
    not_yet: Vec<NotYet>,
    waiting: Waiting,
    done: bool,
}

/// What one frame shows, read from the pose before the state machines act on it.
struct Look {
    /// Setup reached and camera view right.
    coaching: bool,
    phase: PhaseStep,
    /// The phase machine could decide (no measure it needs is unknown).
    phase_known: bool,
    /// In the hold phase, inside its ideal range.
    ideal_reached: bool,
    /// In the hold phase and still inside its range: while the phase machine waits out
    /// its dwell on the way out, the position is already lost and the time not held.
    in_position: bool,
    /// The value of the movement measure while in position.
    movement: Option<f32>,
    /// Body part words of what cannot be seen.
    unknown: Option<String>,
    /// A phase the person was in before their own range showed it (`own_range.rs`).
    visited: Option<Visited>,
}

impl Coach {
    pub fn new(exercise: &Exercise) -> Self {
        let n_measures = exercise.measures.len();
        Self {
            ex: Arc::new(exercise.clone()),
            clock: Clock::default(),
            presence: Presence::default(),
            camera: ViewCheck::default(),
            sides: SideTracker::default(),
            setup: SetupGate::default(),
            baselines: Baselines::new(n_measures),
            motion: Motion::new(n_measures),
            ranges: OwnRanges::new(exercise),
            values: vec![None; n_measures],
            unknown: UnknownReporter::default(),
            phases: PhaseMachine::default(),
            hold: HoldTimer::default(),
            reps: RepTracker::default(),
            corrections: Corrections::new(exercise.corrections.len()),
            movement: MovementCounter::default(),
            not_yet: Vec::new(),
            waiting: Waiting::default(),
            done: false,
        }
    }

    pub fn exercise(&self) -> &Exercise {
        &self.ex
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Feeds one frame. `pose` is `None` when nobody is in the frame. Timestamps must not
    /// go backwards; a frame older than the previous one is ignored.
    pub fn update(&mut self, pose: Option<&Pose>, ts: Timestamp) -> Vec<CoachEvent> {
        let mut events = Vec::new();
        let Some(now) = self.clock.advance(ts) else {
            return events;
        };
        if self.done {
            return events;
        }
        let Some(pose) = pose.filter(|p| usable(p)) else {
            self.absent(now, &mut events);
            return events;
        };
        self.presence.seen();
        // The exercise is shared, not copied: the machines below borrow it while the
        // coach's fields change.
        let ex = Arc::clone(&self.ex);
        self.check_camera(&ex, pose, now, &mut events);
        let holding = self.hold.started && !self.hold.done;
        let sides = self.sides.step(
            &ex,
            pose,
            (self.baselines.values(), self.motion.histories()),
            holding,
        );
        self.motion.push(&ex, pose, sides.sides, now);
        let setup_known = self.check_setup(&ex, pose, sides.sides, now, &mut events);
        let look = self.look(&ex, pose, sides, setup_known, now);
        // A phase visited before the person's own range could show it: the rep's start
        // phase gives its baselines (where it was); the phase the cycle waits for moves the
        // cycle on (a cat rounded into before the range was known, real clip cat_cow_04).
        // Jitter around where the person was found is no visit (`OwnRanges::push`).
        if let Some(v) = look.visited.as_ref() {
            if ex.cycle.first() == Some(&v.phase) {
                self.baselines.set_start(&ex, &v.raw);
            } else {
                self.reps.visited_unseen(&ex, v.phase);
            }
        }
        if let PhaseStep::Changed { to } = look.phase {
            self.enter_phase(&ex, to, now, &mut events);
        }
        if look.ideal_reached {
            self.reps.reach_range();
        }
        let form_ok = self.check_faults(&ex, now) && look.coaching && look.phase_known;
        let hold_side = self.sides.hold_side();
        let hold = self
            .sides
            .hold_step(&ex, look.in_position, form_ok, &mut self.hold, now);
        // A working side that changed mid-hold started the hold over.
        self.hold_stopped(hold_side, &mut events);
        self.step_hold(&ex, hold.good, &look, now, &mut events);
        self.count_movement(&ex, look.movement, now, &mut events);
        let why = if !self.camera.ok() {
            Some(Reason::view())
        } else if let Some(parts) = look.unknown.as_deref() {
            Some(Reason::unseen(parts))
        } else if !self.setup.ok() {
            Some(Reason::setup(&ex.setup.prompt, &self.not_yet))
        } else {
            None
        };
        if let WaitStep::CannotJudge(why) = self.waiting.step(why, now) {
            events.push(CoachEvent::CannotJudge { why });
        }
        match self.unknown.step(look.unknown, now, ex.tuning.unknown_secs) {
            UnknownStep::Unknown(what) => events.push(CoachEvent::Unknown { what }),
            UnknownStep::Seen => events.push(CoachEvent::Seen),
            UnknownStep::None => {}
        }
        self.step_correction(&ex, look.coaching, hold.switch_cue, now, &mut events);
        events
    }

    /// Nobody in the frame: the hold pauses; after the grace time the setup and the
    /// correction are dropped.
    fn absent(&mut self, now: f64, events: &mut Vec<CoachEvent>) {
        let ex = Arc::clone(&self.ex);
        let gone = self.presence.absent(now, ex.tuning.grace_secs) == Absence::Gone;
        self.waiting.step(None, now);
        self.not_yet.clear();
        self.movement.rebase();
        self.values.fill(None);
        self.motion.push_absent(&ex, now);
        let step = self
            .hold
            .update(false, now, ex.dose.hold_secs, ex.tuning.grace_secs);
        if step == HoldStep::Paused {
            events.push(CoachEvent::HoldPaused {
                reason: "You left the picture.".to_owned(),
            });
        }
        if gone && self.setup.ok() {
            self.lose_setup(events);
        }
        events.extend(self.corrections.absent(gone));
    }

    /// The camera view check, for exercises filmed side-on.
    fn check_camera(&mut self, ex: &Exercise, pose: &Pose, now: f64, events: &mut Vec<CoachEvent>) {
        if ex.view != ViewNeed::Side {
            return;
        }
        match self.camera.step(camera::off_side(pose), now) {
            ViewStep::Wrong => {
                events.push(CoachEvent::ViewWrong {
                    prompt: VIEW_PROMPT.to_owned(),
                });
                if self.setup.ok() {
                    self.lose_setup(events);
                }
            }
            ViewStep::Right => events.push(CoachEvent::ViewOk),
            ViewStep::Same => {}
        }
    }

    /// The setup gate and the baselines it sets. Returns whether the setup conditions
    /// could be judged (none of their measures unknown).
    fn check_setup(
        &mut self,
        ex: &Exercise,
        pose: &Pose,
        sides: Sides,
        now: f64,
        events: &mut Vec<CoachEvent>,
    ) -> bool {
        let ev = Evaluator::new(
            ex,
            pose,
            sides,
            self.baselines.values(),
            self.motion.histories(),
        );
        let holds = ev.all_hold(&ex.setup.when, self.setup.ok());
        self.not_yet = if self.setup.ok() {
            Vec::new()
        } else {
            waiting::not_yet(ex, &ev, &ex.setup.when)
        };
        let step = self.setup.step(holds, self.camera.ok(), now, &ex.tuning);
        if step == SetupStep::Lost {
            self.lose_setup(events);
        }
        // Baselines are taken from raw values (nothing subtracted yet).
        let raw_ev = Evaluator::new(ex, pose, sides, &[], self.motion.histories());
        let raw = |i: usize, m: &Measure| raw_ev.raw_value(i, m, raw_ev.side_of(i));
        match step {
            SetupStep::Dwell { fresh } => self.baselines.dwell(ex, fresh, raw),
            SetupStep::Reached { fresh } => {
                self.baselines.dwell(ex, fresh, raw);
                events.push(CoachEvent::SetupOk);
                self.baselines.take_setup(ex, raw);
                self.reps.begin(now);
            }
            SetupStep::None | SetupStep::Lost => {}
        }
        // Start-relative baselines follow the start phase of each rep.
        if self.setup.ok()
            && self.phases.current.is_some()
            && self.phases.current == ex.cycle.first().copied()
        {
            self.baselines.follow_start(ex, raw);
        }
        holds.is_some()
    }

    fn lose_setup(&mut self, events: &mut Vec<CoachEvent>) {
        self.setup.lose();
        self.phases.reset();
        self.reps.abandon();
        if self.ex.dose.reps > 1 && !self.hold.done {
            // A rep attempt is abandoned; a long single hold keeps its time.
            self.hold.reset();
            self.hold_stopped(self.sides.hold_side(), events);
        }
        events.push(CoachEvent::SetupLost {
            prompt: self.ex.setup.prompt.clone(),
        });
    }

    /// Reads the frame: every measure, what cannot be seen, the phase machine's step,
    /// the faults and joint colours. Nothing else changes yet.
    fn look(
        &mut self,
        ex: &Exercise,
        pose: &Pose,
        sides: SidesStep,
        setup_known: bool,
        now: f64,
    ) -> Look {
        let ev = Evaluator::new(
            ex,
            pose,
            sides.sides,
            self.baselines.values(),
            self.motion.histories(),
        );
        for (i, slot) in self.values.iter_mut().enumerate() {
            *slot = ev.value(i);
        }
        let coaching = self.setup.ok() && self.camera.ok();
        let visited = if coaching {
            let raw: Vec<Option<f32>> = ex
                .measures
                .iter()
                .enumerate()
                .map(|(i, m)| ev.raw_value(i, m, ev.side_of(i)))
                .collect();
            self.ranges.push(ex, &self.values, &raw, now)
        } else {
            None
        };
        let ev = ev.with_ranges(self.ranges.values());
        let mut unknown = if setup_known {
            None
        } else {
            first_unknown(&ev, &ex.setup.when)
        };
        if unknown.is_none() && self.setup.ok() {
            if let (Some(side), Some(rule)) = (sides.hidden, &ex.sides) {
                unknown = Some(format!("{} {}", side.name(), rule.limb));
            }
        }
        let phase = if coaching {
            self.phases.update(ex, &ev, now)
        } else {
            PhaseStep::Same
        };
        let phase_known = phase != PhaseStep::Unknown;
        if !phase_known && unknown.is_none() {
            unknown = first_unknown(&ev, ex.phases.iter().flat_map(|p| &p.when));
        }
        let current = self.phases.current;
        let hold_phase = ex
            .phases
            .get(ex.hold_phase)
            .filter(|_| coaching && current == Some(ex.hold_phase));
        let ideal_reached = hold_phase.is_some_and(|p| {
            let ideal = if p.ideal.is_empty() {
                &p.when
            } else {
                &p.ideal
            };
            ev.all_hold(ideal, true) == Some(true)
        });
        let in_position = hold_phase.is_some_and(|p| ev.all_hold(&p.when, true) == Some(true));
        self.corrections
            .look(ex, &ev, current, coaching, phase_known);
        let movement = ex
            .movement
            .as_ref()
            .filter(|_| in_position)
            .and_then(|m| ev.value(m.measure));
        Look {
            coaching,
            phase,
            phase_known,
            ideal_reached,
            in_position,
            movement,
            unknown,
            visited,
        }
    }

    /// The phase machine entered a phase (`None` = between phases).
    fn enter_phase(
        &mut self,
        ex: &Exercise,
        to: Option<usize>,
        now: f64,
        events: &mut Vec<CoachEvent>,
    ) {
        if let Some(p) = to.and_then(|i| ex.phases.get(i)) {
            events.push(CoachEvent::PhaseEntered {
                phase: p.id.clone(),
            });
        }
        let Some(p) = to else { return };
        if ex.cycle.first() == Some(&p) {
            // A new stay in the start phase: start-relative baselines start over.
            self.baselines.restart_start();
        }
        let side = self.sides.hold_side();
        let counted = self.reps.phase_entered(ex, p, &mut self.hold, side, now);
        self.hold_stopped(side, events);
        if let Some(counted) = counted {
            self.on_counted(ex, counted, events);
        }
    }

    /// A hold that was started over is reported with its seconds: stopped before its
    /// target, or ended after it (held as long as it was held).
    fn hold_stopped(&mut self, side: Option<Side>, events: &mut Vec<CoachEvent>) {
        if let Some(secs) = self.hold.take_stopped() {
            events.push(CoachEvent::HoldStopped {
                secs: secs as f32,
                side,
            });
        }
        if let Some(secs) = self.hold.take_ended() {
            events.push(CoachEvent::HoldEnded {
                secs: secs as f32,
                side,
            });
        }
    }

    /// Faults that break the hold, remembered for the rep. Returns whether the form
    /// holds as far as they are concerned.
    fn check_faults(&mut self, ex: &Exercise, now: f64) -> bool {
        let phase = self.phases.current;
        let hold_break = self.corrections.hold_break(ex, phase, now);
        if hold_break.in_hold {
            // Remembered for the rep: a fault, not impatience, cut this hold short.
            self.reps.fault_in_hold();
        }
        if hold_break.broken && phase == Some(ex.hold_phase) {
            self.reps.break_hold(ex, &self.hold);
        }
        !hold_break.broken
    }

    /// The hold timer, once the cycle has reached its last phase (or the hold began).
    fn step_hold(
        &mut self,
        ex: &Exercise,
        good: bool,
        look: &Look,
        now: f64,
        events: &mut Vec<CoachEvent>,
    ) {
        if !self.reps.hold_allowed(ex) && !self.hold.started {
            return;
        }
        match self
            .hold
            .update(good, now, ex.dose.hold_secs, ex.tuning.grace_secs)
        {
            HoldStep::Started => events.push(CoachEvent::HoldStarted),
            HoldStep::Resumed => events.push(CoachEvent::HoldResumed),
            HoldStep::Paused => events.push(CoachEvent::HoldPaused {
                reason: self.pause_reason(ex, look.in_position, look.phase_known),
            }),
            HoldStep::Done => {
                events.push(CoachEvent::HoldDone {
                    secs: self.hold.elapsed_secs as f32,
                });
                if ex.cycle.len() <= 1 {
                    self.count_rep(ex, now, events);
                }
            }
            HoldStep::None => {}
        }
    }

    fn pause_reason(&self, ex: &Exercise, in_position: bool, phase_known: bool) -> String {
        if !phase_known {
            return "I can't see you well enough.".to_owned();
        }
        if !self.setup.ok() {
            return ex.setup.prompt.clone();
        }
        if !in_position {
            return "You came out of the position.".to_owned();
        }
        self.corrections
            .breaking_message(ex)
            .unwrap_or("Hold the position.")
            .to_owned()
    }

    /// Movements inside the hold (tilts): watched only while in the position.
    fn count_movement(
        &mut self,
        ex: &Exercise,
        value: Option<f32>,
        now: f64,
        events: &mut Vec<CoachEvent>,
    ) {
        let Some(m) = &ex.movement else { return };
        if self.movement.update(m, now, value) == MovementStep::Counted {
            events.push(CoachEvent::Movement {
                name: m.name.clone(),
                index: self.movement.count,
            });
        }
    }

    /// One correction: the coach's own cue (switch side, hold longer) competes with the
    /// persisted faults, which also mark the rep's worst fault.
    fn step_correction(
        &mut self,
        ex: &Exercise,
        coaching: bool,
        switch_cue: Option<ExtraCue>,
        now: f64,
        events: &mut Vec<CoachEvent>,
    ) {
        let extra = switch_cue.or_else(|| self.reps.short_hold_cue(ex, now));
        for i in self.corrections.persisted(ex, now) {
            self.reps.note_fault(ex, i);
        }
        events.extend(self.corrections.step(ex, coaching, extra, now));
    }

    /// Counts the rep under way.
    fn count_rep(&mut self, ex: &Exercise, now: f64, events: &mut Vec<CoachEvent>) {
        let side = self.sides.hold_side();
        let counted = self.reps.count(ex, &mut self.hold, side, now);
        self.hold_stopped(side, events);
        self.on_counted(ex, counted, events);
    }

    /// A rep counted: its event, and the end of its side step or of the exercise.
    fn on_counted(&mut self, ex: &Exercise, counted: Counted, events: &mut Vec<CoachEvent>) {
        let side = counted.quality.side;
        if counted.short {
            events.push(CoachEvent::ShortRep {
                index: counted.index,
                quality: counted.quality,
            });
            return;
        }
        events.push(CoachEvent::Rep {
            index: counted.index,
            quality: counted.quality,
        });
        if !counted.step_done {
            return;
        }
        match self.sides.step_done(ex, side) {
            StepEnd::Side { side, last } => {
                events.push(CoachEvent::SideDone { side });
                if last {
                    self.finish(events);
                }
            }
            StepEnd::Exercise => self.finish(events),
        }
    }

    fn finish(&mut self, events: &mut Vec<CoachEvent>) {
        self.done = true;
        events.extend(self.corrections.finish());
        events.push(CoachEvent::ExerciseDone);
    }

    /// The stream ends (a video's last frame, or the person moves on to the next exercise):
    /// a rep whose hold counts is counted even though its return was not seen, and a hold
    /// still under way short of its target is reported as stopped with its seconds. Nothing
    /// else changes; feeding more frames afterwards carries on as before (a hold that then
    /// goes on would be reported again when it ends).
    pub fn end_of_stream(&mut self) -> Vec<CoachEvent> {
        let mut events = Vec::new();
        let ex = Arc::clone(&self.ex);
        if !self.done
            && self.setup.ok()
            && self.phases.current == Some(ex.hold_phase)
            && self.reps.at_top(&ex, &self.hold)
        {
            self.count_rep(&ex, self.clock.now(), &mut events);
            self.reps.abandon();
        }
        if let Some(secs) = self.hold.unfinished() {
            events.push(CoachEvent::HoldStopped {
                secs: secs as f32,
                side: self.sides.hold_side(),
            });
        }
        if self.hold.reached().is_some() {
            // A hold past its target ends here, as long as it was held; more frames would
            // time a new one.
            self.hold.reset();
            self.hold_stopped(self.sides.hold_side(), &mut events);
        }
        events
    }

    /// Every measure of the exercise with its value on the last frame, in the units the
    /// content files use (degrees or torso lengths); `None` when it could not be measured.
    /// For traces that show a content author what the engine saw.
    pub fn readings(&self) -> Vec<(&str, Option<f32>)> {
        self.ex
            .measures
            .iter()
            .zip(&self.values)
            .map(|(m, v)| (m.id.as_str(), v.map(|v| m.unit().shown(v))))
            .collect()
    }

    /// What the attempt achieved so far.
    pub fn summary(&self) -> AttemptSummary {
        AttemptSummary {
            exercise_id: self.ex.id.clone(),
            reps: self.reps.reps().to_vec(),
            held_secs: (self.reps.held_counted_secs() + self.hold.elapsed_secs) as f32,
            sides_done: self.sides.done().to_vec(),
            done: self.done,
            corrections: self.corrections.seen_ids(&self.ex),
            movements: self.movement.count,
        }
    }
}

/// A pose is usable when its torso can be measured at all (finite shoulders and hips).
fn usable(pose: &Pose) -> bool {
    pose.score.is_finite() && rules::torso_px(pose, 0.0).is_some()
}

/// Body part words of the first condition whose measure is unknown.
fn first_unknown<'c>(
    ev: &Evaluator<'_>,
    conds: impl IntoIterator<Item = &'c Condition>,
) -> Option<String> {
    conds.into_iter().find_map(|c| {
        if ev.value(c.measure).is_none() {
            ev.missing_parts(c.measure)
        } else {
            None
        }
    })
}
