//! The exercise engine: landmarks and a timestamp in, coaching events out.
//!
//! [`Coach`] runs one exercise attempt. Feed it every frame with
//! [`Coach::update`]`(pose, ts)` (`None` = nobody in the frame) and read
//! [`Coach::view`] for everything a screen needs. It is pure: no I/O, no clock (time comes
//! only from the timestamps), no threads, so a replayed video gives the same events as
//! the live run.
//!
//! Per frame: presence → camera view ("turn side-on") → near/working side → setup
//! ("lie on your back, knees bent") → phase state machine → hold timer and rep counter
//! → one correction. A measure that needs a hidden landmark is unknown and freezes the
//! decisions that depend on it ("I can't see your knees"), so hidden joints never count.
//!
//! [`recognize`] tells which exercise a single pose looks like; [`AutoSelect`] turns
//! that into a stable choice over a stream (automatic mode).
//!
//! ```no_run
//! use formcheck::coach::{Coach, CoachEvent};
//! # fn frames() -> Vec<(formcheck::frame::Timestamp, Option<formcheck::pose::Pose>)> { Vec::new() }
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

mod cues;
mod hold;
mod movement;
mod phases;
mod recognize;
mod rules;
mod side;

pub use recognize::{explain, recognize, score, AutoSelect, Recognition, MIN_CONFIDENCE};

use crate::content::{Baseline, Exercise, MeasureKind, Side, Unit, ViewNeed};
use crate::frame::Timestamp;
use crate::pose::{LandmarkId, Pose};
use cues::{CueChooser, CueStep, ExtraCue};
use hold::{HoldStep, HoldTimer};
use movement::{MovementCounter, MovementStep};
use phases::{PhaseMachine, PhaseStep};
use rules::{Evaluator, MotionHistory, Sides};
use std::sync::Arc;

/// Something that happened, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum CoachEvent {
    /// The starting posture was reached; coaching begins.
    SetupOk,
    /// The starting posture was lost (or the person left): show `prompt`.
    SetupLost {
        prompt: String,
    },
    /// Entered a phase (by id).
    PhaseEntered {
        phase: String,
    },
    HoldStarted,
    HoldPaused {
        reason: String,
    },
    HoldResumed,
    /// The hold reached its target.
    HoldDone {
        secs: f32,
    },
    /// A rep was completed (`index` is 1-based within the current side step).
    Rep {
        index: u32,
        quality: RepQuality,
    },
    /// A correction is now shown (it replaces any earlier one). `id` is a correction id
    /// from the exercise file, or one of the coach's own cues: `switch_side` ("Now the
    /// right leg.") and `hold_longer` (a rep came down before the hold was done).
    Correction {
        id: String,
        message: String,
    },
    /// The shown correction was taken down.
    CorrectionCleared,
    /// All reps for one side step are done.
    SideDone {
        side: Side,
    },
    /// The camera view is wrong for this exercise.
    ViewWrong {
        prompt: String,
    },
    /// The camera view is right again.
    ViewOk,
    /// A needed body part cannot be seen.
    Unknown {
        what: String,
    },
    /// It can be seen again.
    Seen,
    ExerciseDone,
    /// A movement counted inside the hold (e.g. a pelvic tilt), 1-based.
    Movement {
        name: String,
        index: u32,
    },
}

/// How one rep went.
#[derive(Debug, Clone, PartialEq)]
pub struct RepQuality {
    /// The hold phase's ideal range (or the phase itself when none is given) was reached.
    pub range_reached: bool,
    /// From the start of the rep to its end.
    pub duration_secs: f32,
    /// The id of the highest-priority fault seen during the rep.
    pub worst_fault: Option<String>,
    /// Which side step the rep counted for.
    pub side: Option<Side>,
    /// Seconds the hold phase was held with good form (the dose's hold at most; less when
    /// a rep held at least the dose's minimum counted short).
    pub held_secs: f32,
}

/// How a checked joint looks, for colouring the skeleton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JointState {
    Good,
    /// Inside a hysteresis margin of a fault or just outside the phase range.
    Borderline,
    Wrong,
    Unknown,
}

/// One checked measure this frame.
#[derive(Debug, Clone, PartialEq)]
pub struct JointStatus {
    pub measure: String,
    pub landmarks: Vec<LandmarkId>,
    /// Degrees for angles, torso lengths for lengths; `None` when unknown.
    pub value: Option<f32>,
    pub unit: Unit,
    pub state: JointState,
}

/// The correction on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownCorrection {
    pub id: String,
    pub message: String,
    pub priority: i32,
    pub since: Timestamp,
}

/// The breathing pacer, when the exercise has one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreathCue {
    pub inhale: bool,
    /// Seconds left in this half-breath.
    pub secs_left: f32,
    /// Breaths completed (while the hold counted).
    pub breaths_done: u32,
    pub breaths_target: u32,
}

/// Everything a UI needs to draw the coach's state.
#[derive(Debug, Clone, PartialEq)]
pub struct CoachView {
    pub exercise_id: String,
    pub exercise_name: String,
    /// Someone is in the frame.
    pub present: bool,
    pub setup_ok: bool,
    /// "Lie on your back, knees bent." while the setup is not reached.
    pub setup_prompt: Option<String>,
    /// "Turn side-on to the camera." while the view is wrong.
    pub view_prompt: Option<String>,
    /// "I can't see your knees." while a needed part is hidden.
    pub unknown: Option<String>,
    pub phase: Option<String>,
    pub phase_cue: Option<String>,
    pub holding: bool,
    pub hold_elapsed_secs: f32,
    pub hold_target_secs: f32,
    pub reps_done: u32,
    pub reps_target: u32,
    /// The working side now (for exercises with sides).
    pub side: Option<Side>,
    /// "leg", "arm" or "side".
    pub limb: Option<String>,
    pub sides_done: Vec<Side>,
    pub sides_remaining: Vec<Side>,
    pub correction: Option<ShownCorrection>,
    pub joints: Vec<JointStatus>,
    pub breath: Option<BreathCue>,
    /// Movements counted inside the hold (pelvic tilts), if the exercise counts any.
    pub movements: Option<MovementCount>,
    pub done: bool,
    /// The one line to show now, most important first: view, setup, unseen part,
    /// correction, phase cue.
    pub headline: String,
}

/// Movements counted inside the hold so far.
#[derive(Debug, Clone, PartialEq)]
pub struct MovementCount {
    /// e.g. "tilts".
    pub plural: String,
    pub count: u32,
    /// One is under way and held long enough: it counts when the person relaxes.
    pub holding: bool,
}

/// A summary of a finished (or abandoned) attempt, e.g. for a video report.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptSummary {
    pub exercise_id: String,
    pub reps: Vec<RepQuality>,
    /// Seconds held toward the dose: the holds of the reps that counted plus the hold
    /// under way (attempts abandoned before their hold was done are not included).
    pub held_secs: f32,
    pub sides_done: Vec<Side>,
    pub done: bool,
    pub corrections: Vec<String>,
    /// Movements counted inside the hold (pelvic tilts).
    pub movements: u32,
}

const VIEW_PERSIST_SECS: f64 = 1.0;
/// A fault must last this long (or its persist time, if shorter) to stop the hold.
const HOLD_BREAK_SECS: f32 = 0.3;
const NEAR_SIDE_MARGIN: f32 = 0.1;
const WORKING_SIDE_MARGIN_RAD: f32 = 0.17;
const WORKING_SIDE_MARGIN_TORSO: f32 = 0.1;
const SWITCH_SIDE_PRIORITY: i32 = 50;
const SHORT_HOLD_PRIORITY: i32 = 35;
/// Visibility accepted for the hidden limb when checking "both limbs together".
const BOTH_LIMBS_MIN_VISIBILITY: f32 = 0.3;

/// One exercise attempt.
#[derive(Debug, Clone)]
pub struct Coach {
    ex: Arc<Exercise>,
    now: f64,
    started: bool,
    present: bool,
    absent_since: Option<f64>,
    // Camera view.
    view_ok: bool,
    view_bad_since: Option<f64>,
    view_good_since: Option<f64>,
    // Sides.
    near: Option<Side>,
    working: Option<Side>,
    // Setup.
    setup_ok: bool,
    setup_since: Option<f64>,
    setup_bad_since: Option<f64>,
    baselines: Vec<Option<f32>>,
    baseline_acc: Vec<(f32, u32)>,
    /// Running sums for `Baseline::Start` measures over the current start-phase stay.
    start_acc: Vec<(f32, u32)>,
    motion: Vec<MotionHistory>,
    // Unknown parts.
    unknown_since: Option<(f64, String)>,
    unknown_reported: Option<String>,
    // Phases, hold, reps.
    phases: PhaseMachine,
    hold: HoldTimer,
    hold_side: Option<Side>,
    switch_since: Option<f64>,
    short_hold_until: Option<f64>,
    rep_fault_broke_hold: bool,
    /// A fault lasted long enough to stop this rep's hold timer: the rep needs the full
    /// dose hold to count.
    rep_hold_broken: bool,
    /// Hold seconds of the reps that counted.
    held_counted_secs: f64,
    rep_progress: usize,
    rep_started: Option<f64>,
    rep_range_reached: bool,
    rep_worst: Option<(i32, String)>,
    reps: Vec<RepQuality>,
    reps_in_step: u32,
    sides_done: Vec<Side>,
    done: bool,
    // Corrections.
    cues: CueChooser,
    fault_present: Vec<bool>,
    corrections_seen: Vec<String>,
    joints: Vec<JointStatus>,
    /// Every measure's value on the last frame (internal units), for traces.
    values: Vec<Option<f32>>,
    movement: MovementCounter,
}

impl Coach {
    pub fn new(exercise: &Exercise) -> Self {
        let n_measures = exercise.measures.len();
        Self {
            ex: Arc::new(exercise.clone()),
            now: 0.0,
            started: false,
            present: false,
            absent_since: None,
            view_ok: true,
            view_bad_since: None,
            view_good_since: None,
            near: None,
            working: None,
            setup_ok: false,
            setup_since: None,
            setup_bad_since: None,
            baselines: vec![None; n_measures],
            baseline_acc: vec![(0.0, 0); n_measures],
            start_acc: vec![(0.0, 0); n_measures],
            motion: vec![MotionHistory::default(); n_measures],
            unknown_since: None,
            unknown_reported: None,
            phases: PhaseMachine::default(),
            hold: HoldTimer::default(),
            hold_side: None,
            switch_since: None,
            short_hold_until: None,
            rep_fault_broke_hold: false,
            rep_hold_broken: false,
            held_counted_secs: 0.0,
            rep_progress: 0,
            rep_started: None,
            rep_range_reached: false,
            rep_worst: None,
            reps: Vec::new(),
            reps_in_step: 0,
            sides_done: Vec::new(),
            done: false,
            cues: CueChooser::new(exercise.corrections.len()),
            fault_present: vec![false; exercise.corrections.len()],
            corrections_seen: Vec::new(),
            joints: Vec::new(),
            values: vec![None; n_measures],
            movement: MovementCounter::default(),
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
        let now = ts.secs_f64();
        let mut events = Vec::new();
        if !now.is_finite() || (self.started && now < self.now) {
            return events;
        }
        self.started = true;
        self.now = now;
        if self.done {
            return events;
        }
        let pose = pose.filter(|p| usable(p));
        let Some(pose) = pose else {
            self.absent(now, &mut events);
            return events;
        };
        self.present = true;
        self.absent_since = None;

        // Camera view.
        if self.ex.view == ViewNeed::Side {
            self.check_view(pose, now, &mut events);
        }

        // Sides and motion history.
        let near = side::near_side(pose, self.near, NEAR_SIDE_MARGIN);
        self.near = Some(near);
        let hidden_step = self.update_working_side(pose, near);
        let sides = Sides {
            near,
            working: match self.working {
                Some(Side::Both) | None => near,
                Some(s) => s,
            },
        };
        self.update_motion(pose, sides, now);

        // Setup.
        let ex = Arc::clone(&self.ex);
        let motion = self.motion.clone();
        let baselines = self.baselines.clone();
        let ev = Evaluator::new(&ex, pose, sides, &baselines, &motion);
        let setup = ev.all_hold(&ex.setup.when, self.setup_ok);
        let mut became_ok = false;
        match setup {
            Some(true) => {
                self.setup_bad_since = None;
                if !self.setup_ok && self.view_ok {
                    if self.setup_since.is_none() {
                        for acc in &mut self.baseline_acc {
                            *acc = (0.0, 0);
                        }
                    }
                    // Average the baselines over the setup dwell: one frame is too noisy.
                    for (i, m) in ex.measures.iter().enumerate() {
                        if m.baseline != Baseline::None {
                            if let (Some(v), Some(acc)) = (
                                ev.raw_value(i, m, ev.side_for(m.side)),
                                self.baseline_acc.get_mut(i),
                            ) {
                                acc.0 += v;
                                acc.1 += 1;
                            }
                        }
                    }
                    let since = *self.setup_since.get_or_insert(now);
                    if now - since >= f64::from(ex.tuning.setup_secs) {
                        self.setup_ok = true;
                        became_ok = true;
                        events.push(CoachEvent::SetupOk);
                    }
                }
            }
            Some(false) => {
                self.setup_since = None;
                if self.setup_ok {
                    let since = *self.setup_bad_since.get_or_insert(now);
                    if now - since >= f64::from(ex.tuning.grace_secs) {
                        self.lose_setup(&mut events);
                    }
                }
            }
            None => self.setup_since = None,
        }
        if became_ok {
            for (i, m) in ex.measures.iter().enumerate() {
                if m.baseline != Baseline::None {
                    let mean = self
                        .baseline_acc
                        .get(i)
                        .filter(|acc| acc.1 > 0)
                        .map(|acc| acc.0 / acc.1 as f32);
                    if let Some(slot) = self.baselines.get_mut(i) {
                        *slot = mean.or_else(|| ev.raw_value(i, m, ev.side_for(m.side)));
                    }
                }
            }
            // Assume the person starts at the beginning of the cycle.
            self.rep_progress = 1;
            self.rep_hold_broken = false;
            self.rep_started = Some(now);
        }
        // Start-relative baselines follow the start phase of each rep.
        if self.setup_ok
            && self.phases.current.is_some()
            && self.phases.current == ex.cycle.first().copied()
        {
            for (i, m) in ex.measures.iter().enumerate() {
                if m.baseline != Baseline::Start {
                    continue;
                }
                if let (Some(v), Some(acc)) = (
                    ev.raw_value(i, m, ev.side_for(m.side)),
                    self.start_acc.get_mut(i),
                ) {
                    acc.0 += v;
                    acc.1 += 1;
                    if let Some(slot) = self.baselines.get_mut(i) {
                        *slot = Some(acc.0 / acc.1 as f32);
                    }
                }
            }
        }
        // Re-create the evaluator so it sees the new baselines.
        let baselines = self.baselines.clone();
        let ev = Evaluator::new(&ex, pose, sides, &baselines, &motion);
        for (i, slot) in self.values.iter_mut().enumerate() {
            *slot = ev.value(i);
        }

        // What cannot be seen.
        let mut unknown_what = None;
        if setup.is_none() {
            unknown_what = first_unknown(&ev, &ex.setup.when);
        }
        if unknown_what.is_none() && self.setup_ok {
            if let (Some(side), Some(rule)) = (hidden_step, &ex.sides) {
                unknown_what = Some(format!("{} {}", side.name(), rule.limb));
            }
        }

        let coaching = self.setup_ok && self.view_ok;
        let mut form_ok = coaching;
        let mut phase_known = true;
        if coaching {
            match self.phases.update(&ex, &ev, now) {
                PhaseStep::Changed { to } => {
                    if let Some(p) = to.and_then(|i| ex.phases.get(i)) {
                        events.push(CoachEvent::PhaseEntered {
                            phase: p.id.clone(),
                        });
                    }
                    self.on_phase_entered(to, now, &mut events);
                }
                PhaseStep::Unknown => {
                    phase_known = false;
                    form_ok = false;
                    let conds: Vec<_> = ex.phases.iter().flat_map(|p| p.when.clone()).collect();
                    if unknown_what.is_none() {
                        unknown_what = first_unknown(&ev, &conds);
                    }
                }
                PhaseStep::Same => {}
            }
            // Ideal range for rep quality.
            if let Some(p) = self.phases.current.and_then(|i| ex.phases.get(i)) {
                if self.phases.current == Some(ex.hold_phase) {
                    let ideal = if p.ideal.is_empty() {
                        &p.when
                    } else {
                        &p.ideal
                    };
                    if ev.all_hold(ideal, true) == Some(true) {
                        self.rep_range_reached = true;
                    }
                }
            }
        }

        // Faults.
        let phase = self.phases.current;
        for (i, c) in ex.corrections.iter().enumerate() {
            let was = self.cues.present(i);
            let present = coaching
                && phase_known
                && c.applies_in(phase)
                && ev.all_hold(&c.when, was) == Some(true);
            if let Some(slot) = self.fault_present.get_mut(i) {
                *slot = present;
            }
            // A fault stops the hold once it has lasted a moment: single noisy frames
            // do not eat into the hold.
            if present && c.breaks_hold && phase == Some(ex.hold_phase) {
                // Remembered for the rep: a fault, not impatience, cut this hold short.
                self.rep_fault_broke_hold = true;
            }
            if present
                && c.breaks_hold
                && self
                    .cues
                    .persisted(i, now, c.persist_secs.min(HOLD_BREAK_SECS))
            {
                form_ok = false;
                if phase == Some(ex.hold_phase) {
                    self.rep_hold_broken = true;
                }
            }
        }

        // Side bookkeeping for the hold.
        let mut switch_cue = None;
        let step_side = self.step_side();
        let side_needed = self.side_is_remaining(step_side);
        // In the hold phase, and still inside its range: while the phase machine waits out
        // its dwell on the way out, the position is already lost and the time is not held.
        let in_hold_phase = coaching
            && phase == Some(ex.hold_phase)
            && ex
                .phases
                .get(ex.hold_phase)
                .is_some_and(|p| ev.all_hold(&p.when, true) == Some(true));
        let hold_good = in_hold_phase && form_ok && side_needed.unwrap_or(true);
        if in_hold_phase && hold_good && !self.hold.started {
            self.hold_side = step_side;
        }
        if in_hold_phase && side_needed == Some(false) && !self.hold.done {
            let since = *self.switch_since.get_or_insert(now);
            if now - since >= f64::from(ex.tuning.persist_secs) {
                switch_cue = self.switch_side_cue();
            }
        } else {
            self.switch_since = None;
        }
        if self.hold_side.is_some()
            && step_side != self.hold_side
            && in_hold_phase
            && !self.hold.done
        {
            // The working side changed mid-hold: this is a new attempt.
            self.hold.reset();
            self.hold_side = None;
        }
        let hold_allowed = self.rep_progress + 1 >= ex.cycle.len() || ex.cycle.len() <= 1;
        if hold_allowed || self.hold.started {
            let step = self
                .hold
                .update(hold_good, now, ex.dose.hold_secs, ex.tuning.grace_secs);
            match step {
                HoldStep::Started => events.push(CoachEvent::HoldStarted),
                HoldStep::Resumed => events.push(CoachEvent::HoldResumed),
                HoldStep::Paused => events.push(CoachEvent::HoldPaused {
                    reason: self.pause_reason(in_hold_phase, phase_known),
                }),
                HoldStep::Done => {
                    events.push(CoachEvent::HoldDone {
                        secs: self.hold.elapsed_secs as f32,
                    });
                    if ex.cycle.len() <= 1 {
                        self.complete_rep(now, &mut events);
                    }
                }
                HoldStep::None => {}
            }
        }

        // Movements inside the hold (tilts): watched only while in the position.
        if let Some(m) = &ex.movement {
            let value = if in_hold_phase {
                ev.value(m.measure)
            } else {
                None
            };
            if self.movement.update(m, now, value) == MovementStep::Counted {
                events.push(CoachEvent::Movement {
                    name: m.name.clone(),
                    index: self.movement.count,
                });
            }
        }

        // Unknown reporting.
        self.report_unknown(unknown_what, now, &mut events);

        // One correction.
        let present = self.fault_present.clone();
        if switch_cue.is_none() {
            switch_cue = self.short_hold_cue(now);
        }
        for (i, c) in ex.corrections.iter().enumerate() {
            if self.cues.persisted(i, now, c.persist_secs)
                && self.rep_worst.as_ref().is_none_or(|(p, _)| c.priority > *p)
            {
                self.rep_worst = Some((c.priority, c.id.clone()));
            }
        }
        let step = if coaching {
            self.cues.update(
                &ex.corrections,
                &present,
                switch_cue,
                now,
                ex.tuning.min_show_secs,
            )
        } else {
            self.cues.clear()
        };
        self.push_cue(step, &mut events);

        // Joint colours.
        self.joints = joint_statuses(&ex, &ev, phase, coaching, &present, &self.cues);
        events
    }

    fn push_cue(&mut self, step: CueStep, events: &mut Vec<CoachEvent>) {
        match step {
            CueStep::Show { id, message } => {
                if !self.corrections_seen.contains(&id) {
                    self.corrections_seen.push(id.clone());
                }
                events.push(CoachEvent::Correction { id, message });
            }
            CueStep::Cleared => events.push(CoachEvent::CorrectionCleared),
            CueStep::None => {}
        }
    }

    fn absent(&mut self, now: f64, events: &mut Vec<CoachEvent>) {
        let since = *self.absent_since.get_or_insert(now);
        self.present = false;
        self.joints.clear();
        self.movement.rebase();
        self.values.iter_mut().for_each(|v| *v = None);
        for (m, measure) in self.motion.iter_mut().zip(&self.ex.measures) {
            if let MeasureKind::Motion { window_secs } = measure.kind {
                m.push(now, None, window_secs);
            }
        }
        let step = self.hold.update(
            false,
            now,
            self.ex.dose.hold_secs,
            self.ex.tuning.grace_secs,
        );
        if step == HoldStep::Paused {
            events.push(CoachEvent::HoldPaused {
                reason: "You left the picture.".to_owned(),
            });
        }
        if self.setup_ok && now - since >= f64::from(self.ex.tuning.grace_secs) {
            self.lose_setup(events);
        }
        for slot in &mut self.fault_present {
            *slot = false;
        }
        if now - since >= f64::from(self.ex.tuning.grace_secs) {
            let step = self.cues.clear();
            self.push_cue(step, events);
        }
    }

    fn lose_setup(&mut self, events: &mut Vec<CoachEvent>) {
        self.setup_ok = false;
        self.setup_since = None;
        self.setup_bad_since = None;
        self.phases.reset();
        self.rep_progress = 0;
        if self.ex.dose.reps > 1 && !self.hold.done {
            // A rep attempt is abandoned; a long single hold keeps its time.
            self.hold.reset();
        }
        events.push(CoachEvent::SetupLost {
            prompt: self.ex.setup.prompt.clone(),
        });
    }

    fn check_view(&mut self, pose: &Pose, now: f64, events: &mut Vec<CoachEvent>) {
        let Some(f) = side::frontalness(pose) else {
            return;
        };
        if f > side::SIDE_VIEW_MAX_FRONTALNESS {
            self.view_good_since = None;
            let since = *self.view_bad_since.get_or_insert(now);
            if self.view_ok && now - since >= VIEW_PERSIST_SECS {
                self.view_ok = false;
                events.push(CoachEvent::ViewWrong {
                    prompt: VIEW_PROMPT.to_owned(),
                });
                if self.setup_ok {
                    self.lose_setup(events);
                }
            }
        } else if f < side::SIDE_VIEW_MAX_FRONTALNESS * 0.8 {
            self.view_bad_since = None;
            let since = *self.view_good_since.get_or_insert(now);
            if !self.view_ok && now - since >= VIEW_PERSIST_SECS * 0.5 {
                self.view_ok = true;
                events.push(CoachEvent::ViewOk);
            }
        }
    }

    /// Updates the working side. Returns a side step that is still to do but cannot be
    /// seen (its limb is hidden while the visible one is already done), so the coach can
    /// say "I can't see your right leg" instead of silently waiting.
    fn update_working_side(&mut self, pose: &Pose, near: Side) -> Option<Side> {
        let Some(rule) = self.ex.sides.clone() else {
            self.working = None;
            return None;
        };
        let sides = Sides {
            near,
            working: near,
        };
        let ev = Evaluator::new(&self.ex, pose, sides, &self.baselines, &self.motion);
        let l = ev.value_on(rule.measure, Side::Left);
        let r = ev.value_on(rule.measure, Side::Right);
        let margin = match self.ex.measure(rule.measure).map(|m| m.unit()) {
            Some(Unit::Angle) => WORKING_SIDE_MARGIN_RAD,
            _ => WORKING_SIDE_MARGIN_TORSO,
        };
        let better = |a: f32, b: f32| if rule.pick_min { a < b } else { a > b };
        let prev = self.working;
        let single = match (l, r) {
            (Some(l), Some(r)) => {
                let cur = match prev {
                    Some(Side::Left) => Some((Side::Left, l, r)),
                    Some(Side::Right) => Some((Side::Right, r, l)),
                    _ => None,
                };
                match cur {
                    // Keep the current side unless the other is clearly better.
                    Some((s, mine, other)) => {
                        let clearly = if rule.pick_min {
                            other < mine - margin
                        } else {
                            other > mine + margin
                        };
                        if clearly {
                            s.opposite()
                        } else {
                            s
                        }
                    }
                    None => {
                        if better(l, r) {
                            Side::Left
                        } else {
                            Side::Right
                        }
                    }
                }
            }
            (Some(_), None) => Side::Left,
            (None, Some(_)) => Side::Right,
            (None, None) => return None,
        };
        let remaining = |s: Side| rule.steps.contains(&s) && !self.sides_done.contains(&s);
        let hidden_step = match (l, r) {
            (Some(_), None) if remaining(Side::Right) && !remaining(Side::Left) => {
                Some(Side::Right)
            }
            (None, Some(_)) if remaining(Side::Left) && !remaining(Side::Right) => Some(Side::Left),
            _ => None,
        };
        // Both limbs working: both values satisfy the hold phase's conditions on the
        // measure. Two limbs together hide each other side-on, so the hidden one is read
        // at a relaxed visibility for this check only.
        let relaxed = Evaluator::new(&self.ex, pose, sides, &self.baselines, &self.motion)
            .with_min_visibility(BOTH_LIMBS_MIN_VISIBILITY);
        let both_l = l.or_else(|| relaxed.value_on(rule.measure, Side::Left));
        let both_r = r.or_else(|| relaxed.value_on(rule.measure, Side::Right));
        let both = rule.steps.contains(&Side::Both)
            && match (both_l, both_r) {
                (Some(l), Some(r)) => {
                    let conds: Vec<_> = self
                        .ex
                        .phases
                        .get(self.ex.hold_phase)
                        .map(|p| {
                            p.when
                                .iter()
                                .filter(|c| c.measure == rule.measure)
                                .copied()
                                .collect()
                        })
                        .unwrap_or_default();
                    // Widened: the two legs never cross the threshold in the same frame.
                    !conds.is_empty() && conds.iter().all(|c| c.holds(l, true) && c.holds(r, true))
                }
                _ => false,
            };
        self.working = Some(if both { Side::Both } else { single });
        hidden_step.filter(|_| !both)
    }

    fn update_motion(&mut self, pose: &Pose, sides: Sides, now: f64) {
        let ex = &self.ex;
        for (i, m) in ex.measures.iter().enumerate() {
            let MeasureKind::Motion { window_secs } = m.kind else {
                continue;
            };
            let ev = Evaluator::new(ex, pose, sides, &[], &[]);
            let side = ev.side_for(m.side);
            let pts: Option<Vec<_>> = m.points.iter().map(|&p| ev.point(p, side)).collect();
            if let Some(h) = self.motion.get_mut(i) {
                h.push(now, pts, window_secs);
            }
        }
    }

    /// The side step the current working side would count for.
    fn step_side(&self) -> Option<Side> {
        self.ex.sides.as_ref()?;
        self.working
    }

    /// `None` when the exercise has no sides.
    fn side_is_remaining(&self, side: Option<Side>) -> Option<bool> {
        let rule = self.ex.sides.as_ref()?;
        let side = side?;
        Some(rule.steps.contains(&side) && !self.sides_done.contains(&side))
    }

    fn switch_side_cue(&self) -> Option<ExtraCue> {
        let rule = self.ex.sides.as_ref()?;
        let next = rule.steps.iter().find(|s| !self.sides_done.contains(s))?;
        let message = match next {
            Side::Both => format!("Now both {}s together.", rule.limb),
            s => format!("Now the {} {}.", s.name(), rule.limb),
        };
        Some(ExtraCue {
            id: "switch_side".to_owned(),
            message,
            priority: SWITCH_SIDE_PRIORITY,
        })
    }

    /// "Hold it for 2 s" after a rep that came down too early, for a little while.
    fn short_hold_cue(&mut self, now: f64) -> Option<ExtraCue> {
        let until = self.short_hold_until?;
        if now >= until {
            self.short_hold_until = None;
            return None;
        }
        let hold = self.ex.dose.hold_secs;
        Some(ExtraCue {
            id: "hold_longer".to_owned(),
            message: format!(
                "Hold it for {hold:.0} s before coming back — that one was too short to count."
            ),
            priority: SHORT_HOLD_PRIORITY,
        })
    }

    fn pause_reason(&self, in_hold_phase: bool, phase_known: bool) -> String {
        if !phase_known {
            return "I can't see you well enough.".to_owned();
        }
        if !self.setup_ok {
            return self.ex.setup.prompt.clone();
        }
        if !in_hold_phase {
            return "You came out of the position.".to_owned();
        }
        for (i, c) in self.ex.corrections.iter().enumerate() {
            if self.fault_present.get(i) == Some(&true) && c.breaks_hold {
                return c.message.clone();
            }
        }
        "Hold the position.".to_owned()
    }

    fn on_phase_entered(&mut self, to: Option<usize>, now: f64, events: &mut Vec<CoachEvent>) {
        let cycle = self.ex.cycle.clone();
        let Some(p) = to else { return };
        let Some(first) = cycle.first().copied() else {
            return;
        };
        if p == first {
            // A new stay in the start phase: start-relative baselines start over.
            for acc in &mut self.start_acc {
                *acc = (0.0, 0);
            }
        }
        if cycle.len() > 1 && p == first {
            if self.rep_progress >= cycle.len() && self.hold_counts() {
                self.complete_rep(now, events);
            } else if self.ex.dose.reps > 1 {
                // An attempt that did not hold long enough does not count and starts
                // over; say why, so the next one is held.
                // (Not when a fault cut the hold short: that fault was the message.)
                if self.hold.started
                    && self.ex.dose.hold_secs >= 1.0
                    && self.rep_worst.is_none()
                    && !self.rep_fault_broke_hold
                {
                    self.short_hold_until = Some(now + f64::from(self.ex.tuning.min_show_secs));
                }
                self.hold.reset();
            }
            self.rep_progress = 1;
            self.rep_started = Some(now);
            self.rep_range_reached = false;
            self.rep_worst = None;
            self.rep_fault_broke_hold = false;
            self.rep_hold_broken = false;
            return;
        }
        if cycle.get(self.rep_progress) == Some(&p) {
            self.rep_progress += 1;
        } else if cycle.contains(&p) && cycle.get(self.rep_progress.saturating_sub(1)) != Some(&p) {
            // Out of order: wait for the start phase again.
            self.rep_progress = 0;
        }
    }

    /// Whether the current rep's hold is enough to count it: the dose's hold, or at least
    /// its minimum when no fault cut the hold short.
    fn hold_counts(&self) -> bool {
        let min = f64::from(self.ex.dose.min_hold_secs);
        self.hold.done
            || (self.hold.started && !self.rep_hold_broken && self.hold.elapsed_secs + 1e-6 >= min)
    }

    /// The stream ends (a video's last frame, or the person moves on to the next exercise):
    /// a rep whose hold counts is counted even though its return was not seen. Nothing else
    /// changes; feeding more frames afterwards carries on as before.
    pub fn end_of_stream(&mut self) -> Vec<CoachEvent> {
        let mut events = Vec::new();
        let ex = Arc::clone(&self.ex);
        if !self.done
            && ex.cycle.len() > 1
            && self.setup_ok
            && self.phases.current == Some(ex.hold_phase)
            && self.rep_progress >= ex.cycle.len()
            && self.hold_counts()
        {
            self.complete_rep(self.now, &mut events);
            self.rep_progress = 0;
        }
        events
    }

    fn complete_rep(&mut self, now: f64, events: &mut Vec<CoachEvent>) {
        let side = self.hold_side;
        let held_secs = self.hold.elapsed_secs as f32;
        self.held_counted_secs += self.hold.elapsed_secs;
        self.reps_in_step += 1;
        let quality = RepQuality {
            range_reached: self.rep_range_reached || self.ex.cycle.len() <= 1,
            duration_secs: self.rep_started.map_or(0.0, |s| (now - s) as f32),
            worst_fault: self.rep_worst.take().map(|(_, id)| id),
            side,
            held_secs,
        };
        self.reps.push(quality.clone());
        events.push(CoachEvent::Rep {
            index: self.reps_in_step,
            quality,
        });
        self.hold.reset();
        self.rep_range_reached = false;
        self.rep_started = Some(now);
        if self.reps_in_step >= self.ex.dose.reps {
            self.reps_in_step = 0;
            match (&self.ex.sides, side) {
                (Some(rule), Some(s)) => {
                    self.sides_done.push(s);
                    events.push(CoachEvent::SideDone { side: s });
                    if rule.steps.iter().all(|st| self.sides_done.contains(st)) {
                        self.finish(events);
                    }
                }
                _ => self.finish(events),
            }
        }
    }

    fn finish(&mut self, events: &mut Vec<CoachEvent>) {
        self.done = true;
        if self.cues.shown.is_some() {
            self.cues.shown = None;
            events.push(CoachEvent::CorrectionCleared);
        }
        events.push(CoachEvent::ExerciseDone);
    }

    fn report_unknown(&mut self, what: Option<String>, now: f64, events: &mut Vec<CoachEvent>) {
        match what {
            Some(w) => {
                let since = match &self.unknown_since {
                    Some((t, prev)) if *prev == w => *t,
                    _ => {
                        self.unknown_since = Some((now, w.clone()));
                        now
                    }
                };
                if now - since >= f64::from(self.ex.tuning.unknown_secs)
                    && self.unknown_reported.as_deref() != Some(w.as_str())
                {
                    let what = format!("I can't see your {w}.");
                    self.unknown_reported = Some(w);
                    events.push(CoachEvent::Unknown { what });
                }
            }
            None => {
                self.unknown_since = None;
                if self.unknown_reported.take().is_some() {
                    events.push(CoachEvent::Seen);
                }
            }
        }
    }

    /// Everything a UI needs now.
    pub fn view(&self) -> CoachView {
        let ex = &self.ex;
        let phase = self.phases.current.and_then(|i| ex.phases.get(i));
        let correction = self.cues.shown.as_ref().map(|s| ShownCorrection {
            id: s.id.clone(),
            message: s.message.clone(),
            priority: s.priority,
            since: Timestamp::from_secs_f64(s.since),
        });
        let (sides_remaining, limb) = match &ex.sides {
            Some(rule) => (
                rule.steps
                    .iter()
                    .copied()
                    .filter(|s| !self.sides_done.contains(s))
                    .collect(),
                Some(rule.limb.clone()),
            ),
            None => (Vec::new(), None),
        };
        let setup_prompt = (!self.setup_ok && !self.done).then(|| ex.setup.prompt.clone());
        let view_prompt = (!self.view_ok).then(|| VIEW_PROMPT.to_owned());
        let unknown = self
            .unknown_reported
            .as_ref()
            .map(|w| format!("I can't see your {w}."));
        let holding = self.hold.started
            && !self.hold.paused_reported
            && !self.hold.done
            && self.phases.current == Some(ex.hold_phase);
        let breath = ex.pacer.map(|p| {
            let cycle = f64::from(p.inhale_secs + p.exhale_secs).max(0.1);
            let t = self.hold.elapsed_secs;
            let within = t % cycle;
            let inhale = within < f64::from(p.inhale_secs);
            let secs_left = if inhale {
                f64::from(p.inhale_secs) - within
            } else {
                cycle - within
            };
            BreathCue {
                inhale,
                secs_left: secs_left as f32,
                breaths_done: ((t / cycle).floor() as u32).min(p.breaths),
                breaths_target: p.breaths,
            }
        });
        let headline = if self.done {
            "Well done.".to_owned()
        } else if !self.present {
            "Come into the picture.".to_owned()
        } else if let Some(v) = &view_prompt {
            v.clone()
        } else if let Some(s) = &setup_prompt {
            s.clone()
        } else if let Some(u) = &unknown {
            u.clone()
        } else if let Some(c) = &correction {
            c.message.clone()
        } else if let Some(b) = &breath {
            if b.inhale {
                "Breathe in…"
            } else {
                "Breathe out…"
            }
            .to_owned()
        } else {
            phase.map(|p| p.cue.clone()).unwrap_or_default()
        };
        CoachView {
            exercise_id: ex.id.clone(),
            exercise_name: ex.name.clone(),
            present: self.present,
            setup_ok: self.setup_ok,
            setup_prompt,
            view_prompt,
            unknown,
            phase: phase.map(|p| p.id.clone()),
            phase_cue: phase.map(|p| p.cue.clone()).filter(|c| !c.is_empty()),
            holding,
            hold_elapsed_secs: if self.hold.done {
                ex.dose.hold_secs
            } else {
                self.hold.elapsed_secs as f32
            },
            hold_target_secs: ex.dose.hold_secs,
            reps_done: self.reps_in_step,
            reps_target: ex.dose.reps,
            side: self.working.filter(|_| ex.sides.is_some()),
            limb,
            sides_done: self.sides_done.clone(),
            sides_remaining,
            correction,
            joints: self.joints.clone(),
            breath,
            movements: ex.movement.as_ref().map(|m| MovementCount {
                plural: m.plural.clone(),
                count: self.movement.count,
                holding: self.movement.holding(),
            }),
            done: self.done,
            headline,
        }
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
            reps: self.reps.clone(),
            held_secs: (self.held_counted_secs + self.hold.elapsed_secs) as f32,
            sides_done: self.sides_done.clone(),
            done: self.done,
            corrections: self.corrections_seen.clone(),
            movements: self.movement.count,
        }
    }
}

const VIEW_PROMPT: &str = "Turn side-on to the camera.";

/// Runs a whole stream of poses (e.g. from a video) through a fresh coach.
pub fn run_stream<'a, I>(
    exercise: &Exercise,
    frames: I,
) -> (AttemptSummary, Vec<(Timestamp, CoachEvent)>)
where
    I: IntoIterator<Item = (Timestamp, Option<&'a Pose>)>,
{
    let mut coach = Coach::new(exercise);
    let mut events = Vec::new();
    let mut last = None;
    for (ts, pose) in frames {
        for e in coach.update(pose, ts) {
            events.push((ts, e));
        }
        last = Some(ts);
    }
    if let Some(ts) = last {
        events.extend(coach.end_of_stream().into_iter().map(|e| (ts, e)));
    }
    (coach.summary(), events)
}

/// A pose is usable when its torso can be measured at all (finite shoulders and hips).
fn usable(pose: &Pose) -> bool {
    pose.score.is_finite() && rules::torso_px(pose, 0.0).is_some()
}

/// Body part words of the first condition whose measure is unknown.
fn first_unknown(ev: &Evaluator<'_>, conds: &[crate::content::Condition]) -> Option<String> {
    conds.iter().find_map(|c| {
        if ev.value(c.measure).is_none() {
            ev.missing_parts(c.measure)
        } else {
            None
        }
    })
}

fn joint_statuses(
    ex: &Exercise,
    ev: &Evaluator<'_>,
    phase: Option<usize>,
    coaching: bool,
    present: &[bool],
    _cues: &CueChooser,
) -> Vec<JointStatus> {
    let mut checked: Vec<usize> = Vec::new();
    let mut add = |i: usize| {
        if !checked.contains(&i) {
            checked.push(i);
        }
    };
    if coaching {
        for p in &ex.phases {
            for c in &p.when {
                add(c.measure);
            }
        }
        for c in ex.corrections.iter().filter(|c| c.applies_in(phase)) {
            for cond in &c.when {
                add(cond.measure);
            }
        }
    } else {
        for c in &ex.setup.when {
            add(c.measure);
        }
    }
    checked
        .into_iter()
        .filter_map(|i| {
            let m = ex.measure(i)?;
            let value = ev.value(i);
            let state = match value {
                None => JointState::Unknown,
                Some(v) => {
                    let wrong = ex.corrections.iter().enumerate().any(|(ci, c)| {
                        present.get(ci) == Some(&true)
                            && c.when.iter().any(|cond| cond.measure == i)
                    });
                    let border = ex
                        .corrections
                        .iter()
                        .filter(|c| c.applies_in(phase))
                        .flat_map(|c| c.when.iter())
                        .filter(|cond| cond.measure == i)
                        .any(|cond| cond.holds(v, true) && !cond.holds(v, false))
                        || (!coaching
                            && ex
                                .setup
                                .when
                                .iter()
                                .any(|cond| cond.measure == i && !cond.holds(v, false)));
                    if wrong {
                        JointState::Wrong
                    } else if border {
                        JointState::Borderline
                    } else {
                        JointState::Good
                    }
                }
            };
            Some(JointStatus {
                measure: m.id.clone(),
                landmarks: ev.landmarks_of(i),
                value: value.map(|v| m.unit().shown(v)),
                unit: m.unit(),
                state,
            })
        })
        .collect()
}
