//! The practice session as a state machine the app asks what to do.
//!
//! [`Practice`] owns the exercise catalogue, the [`RoutineState`] (free practice is a
//! one-exercise routine), the numbering of coached [`Attempt`]s and the [`Recorder`] of
//! the open session. The app calls it with what happened (a button, a tick of the clock,
//! a coach event from the worker, the worker acknowledging the end of an attempt) and
//! carries out the [`Step`]s it answers: start or stop the worker's coach, play a tone,
//! say a sentence, show a notice, show a closed session's summary.
//!
//! Ending an attempt never waits for the worker. The practice tells the worker to stop
//! coaching and keeps the attempt as *ended*: the worker still sends the attempt's last
//! events (a rep held at the top counts when the attempt ends), tagged with the attempt,
//! and then [`Practice::attempt_ended`]. Events of an ended attempt are booked (a late
//! side or exercise milestone is not: the routine has moved on), and only then is its
//! `exercise_end` record written. A session that ends with attempts still out closes
//! when the last one is in, or when the app reports the worker gone
//! ([`Practice::worker_gone`]).
//!
//! A session's file is made when the source delivers its first picture
//! ([`Practice::frame_arrived`], or a coach event), so a source that cannot be opened
//! leaves no empty session behind.

mod hurt;

use super::hold_watch::{HoldSeen, HoldWatch};
use super::pain;
use super::recorder::{record_for, Recorder, SummaryOf};
use super::routine::{RoutineItem, RoutineSignal, RoutineState, RoutineTiming, Stage};
use super::run::{Attempt, CoachRun};
use super::samples::FrameSample;
use crate::audio::Tone;
use crate::body::Pose;
use crate::coach::{recognize, Coach, CoachEvent, CoachView};
use crate::content::{Catalog, ContentError, ContentProblem, Exercise, ExerciseId, Side};
use crate::session::{EndReason, Mode, PainRating, PainWhen, Record, SkipWhy, StartMeta};
use std::path::PathBuf;

/// Why there are no exercises to practise.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Content(#[from] ContentError),
    /// Nothing was loaded (tests, or a caller with its own reason).
    #[error("{0}")]
    Unavailable(String),
}

impl From<&str> for CatalogError {
    fn from(why: &str) -> Self {
        Self::Unavailable(why.to_owned())
    }
}

/// Loads the catalogue as `formcheck run` does: the shipped exercises with the user's own
/// files over them (`content::load_with_own`). The problems of own files, which were left
/// out, come beside it to be shown.
pub fn load_catalog() -> (Result<Catalog, CatalogError>, Vec<ContentProblem>) {
    let own = crate::prefs::own_exercises_dir();
    match crate::content::load_with_own(&crate::content::default_source(), own.as_deref()) {
        Ok(loaded) => match loaded.usable() {
            Ok(_) => (Ok(loaded.catalog), loaded.problems),
            Err(e) => (Err(e.into()), Vec::new()),
        },
        Err(e) => (Err(e.into()), Vec::new()),
    }
}

/// Why a routine or an exercise cannot start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CannotStart {
    /// There is no catalogue (the problem, as loading it reported it).
    #[error("{0}")]
    NoCatalog(String),
    #[error("The routine has no exercises.")]
    EmptyRoutine,
    #[error("Unknown exercise \"{id}\"; valid: {}", .valid.join(", "))]
    UnknownExercise { id: String, valid: Vec<ExerciseId> },
}

/// What the app must do.
#[derive(Debug)]
pub enum Step {
    /// Coach this attempt from now on (the worker ends the one it had).
    StartCoach(Box<CoachRun>),
    /// Stop coaching: pose only (the worker ends the attempt it had).
    StopCoach,
    Tone(Tone),
    Say(String),
    Notice(String),
    /// A session closed: show its summary.
    Summary(SummaryOf),
}

/// How a new session is recorded and paced.
#[derive(Debug, Clone)]
pub struct SessionSetup {
    pub timing: RoutineTiming,
    /// Where session files go (`None`: not recorded).
    pub session_dir: Option<PathBuf>,
    /// The pose model (`lite`, ...), for the file's header.
    pub model: String,
    /// The source, described ("camera 0", "video clip.mp4").
    pub source: String,
}

/// An attempt that was ended while its last events may still be on their way.
#[derive(Debug, Clone, PartialEq)]
struct EndedAttempt {
    attempt: Attempt,
    exercise_id: ExerciseId,
    /// The routine's side when it ended (for holds of one-sided exercises).
    side: Option<Side>,
    /// The hold in progress when it ended, as last shown: booked if the worker's own last
    /// events never come (the window closed, a stop signal), dropped when they do.
    hold: Option<HoldSeen>,
}

/// A session's record and the ended attempts it still waits for.
#[derive(Debug)]
struct Open {
    recorder: Recorder,
    ended: Vec<EndedAttempt>,
    pain: pain::PainAnswers,
}

/// A session that was ended and closes once its ended attempts are in.
#[derive(Debug)]
struct Closing {
    open: Open,
    reason: EndReason,
    show: bool,
}

/// The practice: catalogue, routine, attempts, record.
#[derive(Debug)]
pub struct Practice {
    catalog: Result<Catalog, CatalogError>,
    routine: Option<RoutineState>,
    mode: Mode,
    /// The attempt being coached (while the routine is active or switching sides).
    attempt: Option<Attempt>,
    attempts_started: u64,
    /// The hold in progress of the attempt being coached.
    hold_watch: HoldWatch,
    session: Option<Open>,
    closing: Vec<Closing>,
    /// `false` once the pose model could not be loaded: nothing can be coached, so no
    /// picture makes a session file and no summary of nothing is shown.
    model_loaded: bool,
    /// "It hurts" being answered (the routine is paused meanwhile).
    hurt: Option<pain::Hurt>,
    /// Gentler doses chosen after "It hurts", for the rest of the session.
    gentler: Vec<(ExerciseId, crate::content::Dose)>,
    /// The instant the frames' timestamps count from (the app's pipeline epoch).
    frames_epoch: Option<web_time::Instant>,
}

impl Practice {
    pub fn new(catalog: Result<Catalog, CatalogError>) -> Self {
        Self {
            catalog,
            routine: None,
            mode: Mode::Free,
            attempt: None,
            attempts_started: 0,
            hold_watch: HoldWatch::default(),
            session: None,
            closing: Vec::new(),
            model_loaded: true,
            hurt: None,
            gentler: Vec::new(),
            frames_epoch: None,
        }
    }

    /// A new catalogue (the person saved, edited or deleted one of their own exercises).
    /// Refused (false) while a session is open: its exercises stay as they were.
    pub fn set_catalog(&mut self, catalog: Catalog) -> bool {
        if self.session.is_some() {
            return false;
        }
        self.catalog = Ok(catalog);
        true
    }

    /// The pose model loaded (`true`, the default) or could not be (`false`). Without it
    /// the pictures arrive but nothing is coached: a session waiting for its first picture
    /// keeps waiting, so it ends leaving no file, and ending it shows no summary (the
    /// window keeps the model's problem in sight).
    pub fn set_model_loaded(&mut self, loaded: bool) {
        self.model_loaded = loaded;
    }

    pub fn catalog(&self) -> Option<&Catalog> {
        self.catalog.as_ref().ok()
    }

    /// The catalogue loaded again (an own file changed); what is under way keeps the
    /// exercise it began with.
    pub fn replace_catalog(&mut self, catalog: Result<Catalog, CatalogError>) {
        self.catalog = catalog;
    }

    /// Why there is no catalogue.
    pub fn catalog_problem(&self) -> Option<&CatalogError> {
        self.catalog.as_ref().err()
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.catalog()?.exercises.iter().find(|e| e.id == id)
    }

    pub fn routine(&self) -> Option<&RoutineState> {
        self.routine.as_ref()
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The attempt being coached now.
    pub fn attempt(&self) -> Option<Attempt> {
        self.attempt
    }

    /// Whether a session is being recorded (or waits to close).
    pub fn recording(&self) -> bool {
        self.session.is_some()
    }

    /// Whether the coach should run now (the routine is coaching).
    pub fn coaching(&self) -> bool {
        self.routine.as_ref().is_some_and(RoutineState::coaching)
    }

    /// Whether a countdown runs (the screen must keep redrawing).
    pub fn counting_down(&self) -> bool {
        self.routine
            .as_ref()
            .is_some_and(|r| matches!(r.stage(), Stage::Rest { .. } | Stage::SwitchSide { .. }))
    }

    /// A fresh coach for the attempt in progress (for a newly started worker).
    pub fn current_coach(&self) -> Option<CoachRun> {
        let routine = self.routine.as_ref()?;
        if !matches!(routine.stage(), Stage::Active | Stage::SwitchSide { .. }) {
            return None;
        }
        let ex = self.dosed(&routine.current()?.id)?;
        Some(CoachRun::new(Coach::new(&ex), self.attempt?))
    }

    // ---- Starting and ending -----------------------------------------------------------

    /// Starts the catalogue's routine.
    pub fn begin_routine(&mut self, setup: &SessionSetup) -> Result<Vec<Step>, CannotStart> {
        let (items, name) = match self.catalog() {
            Some(c) => (
                c.routine_exercises()
                    .into_iter()
                    .map(RoutineItem::from_exercise)
                    .collect::<Vec<_>>(),
                c.routine.name.clone(),
            ),
            None => (Vec::new(), String::new()),
        };
        if items.is_empty() {
            return Err(match self.catalog_problem() {
                Some(p) => CannotStart::NoCatalog(p.to_string()),
                None => CannotStart::EmptyRoutine,
            });
        }
        Ok(self.start(items, Mode::Routine, Some(&name), setup))
    }

    /// Starts free practice of one exercise.
    pub fn begin_exercise(
        &mut self,
        id: &str,
        setup: &SessionSetup,
    ) -> Result<Vec<Step>, CannotStart> {
        let Some(ex) = self.exercise(id) else {
            return Err(match (self.catalog_problem(), self.catalog()) {
                (Some(p), _) => CannotStart::NoCatalog(p.to_string()),
                (None, c) => CannotStart::UnknownExercise {
                    id: id.to_owned(),
                    valid: c.map(Catalog::ids).unwrap_or_default(),
                },
            });
        };
        let items = vec![RoutineItem::from_exercise(ex)];
        Ok(self.start(items, Mode::Free, None, setup))
    }

    fn start(
        &mut self,
        items: Vec<RoutineItem>,
        mode: Mode,
        routine: Option<&str>,
        setup: &SessionSetup,
    ) -> Vec<Step> {
        let mut steps = self.end_session(EndReason::Quit, false);
        self.routine = Some(RoutineState::new(items, setup.timing));
        self.mode = mode;
        let meta = StartMeta::new_now(&setup.model, &setup.source, mode, routine);
        #[cfg(not(target_arch = "wasm32"))]
        let mut recorder = Recorder::start(setup.session_dir.as_deref(), &meta);
        // A browser tab has no folder: the page takes the lines and stores them.
        #[cfg(target_arch = "wasm32")]
        let mut recorder = Recorder::in_memory(&meta, crate::session::page::new_session(&meta));
        if let Some(epoch) = self.frames_epoch {
            recorder.frames_from(epoch);
        }
        if let Some(e) = recorder.problem() {
            steps.push(Step::Notice(format!("The session is not recorded: {e}")));
        }
        self.session = Some(Open {
            recorder,
            ended: Vec::new(),
            pain: pain::PainAnswers::default(),
        });
        steps
    }

    /// Ends the session (the attempt in progress first); with `show`, its summary is shown
    /// once it has closed.
    pub fn end_session(&mut self, reason: EndReason, show: bool) -> Vec<Step> {
        self.record_hurt(None);
        self.gentler.clear();
        let mut steps = Vec::new();
        if let Some(routine) = &self.routine {
            if matches!(routine.stage(), Stage::Active | Stage::SwitchSide { .. }) {
                let i = routine.index();
                steps.extend(self.handle_signals(vec![RoutineSignal::EndExercise(i)]));
            }
        }
        if let Some(routine) = &self.routine {
            for i in routine.ahead() {
                self.record_skipped(i, SkipWhy::NotReached);
            }
        }
        self.routine = None;
        steps.push(Step::StopCoach);
        if let Some(open) = self.session.take() {
            let show = show && self.model_loaded;
            self.closing.push(Closing { open, reason, show });
            steps.extend(self.close_finished());
        }
        steps
    }

    /// Closes the sessions that no longer wait for an attempt.
    fn close_finished(&mut self) -> Vec<Step> {
        let mut steps = Vec::new();
        let (done, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.closing)
            .into_iter()
            .partition(|c| c.open.ended.is_empty());
        self.closing = waiting;
        for c in done {
            match c.open.recorder.end(c.reason) {
                Ok(summary) if c.show => steps.push(Step::Summary(summary)),
                Ok(_) => {}
                Err(e) => steps.push(Step::Notice(format!("session record: {e}"))),
            }
        }
        steps
    }

    // ---- Routine controls --------------------------------------------------------------

    pub fn skip(&mut self) -> Vec<Step> {
        let s = self.routine.as_mut().map(RoutineState::skip);
        self.handle_signals(s.unwrap_or_default())
    }

    pub fn back(&mut self) -> Vec<Step> {
        let s = self.routine.as_mut().map(RoutineState::back);
        self.handle_signals(s.unwrap_or_default())
    }

    pub fn start_now(&mut self) -> Vec<Step> {
        let s = self.routine.as_mut().map(RoutineState::start_now);
        self.handle_signals(s.unwrap_or_default())
    }

    pub fn toggle_pause(&mut self) {
        if let Some(r) = &mut self.routine {
            r.toggle_pause();
        }
    }

    /// The person rated their pain at the start or end of the session (`None`: skipped).
    pub fn rate_pain(&mut self, when: PainWhen, rating: Option<u8>) {
        if let Some(open) = &mut self.session {
            open.pain.answered(when);
            open.recorder.note(&Record::PainRating(PainRating {
                when,
                rating: rating.map(pain::rating),
            }));
        }
    }

    /// The pain rating to ask for in the session being recorded (start, then end).
    pub fn pain_question(&self) -> Option<PainWhen> {
        self.session.as_ref().map(|o| o.pain.question())
    }

    /// Pauses (e.g. while the camera is away) or resumes.
    pub fn set_paused(&mut self, paused: bool) {
        if let Some(r) = &mut self.routine {
            r.set_paused(paused);
        }
    }

    /// `dt_secs` of wall time passed: countdowns move on.
    pub fn tick(&mut self, dt_secs: f32) -> Vec<Step> {
        let s = self.routine.as_mut().map(|r| r.tick(dt_secs));
        self.handle_signals(s.unwrap_or_default())
    }

    fn handle_signals(&mut self, signals: Vec<RoutineSignal>) -> Vec<Step> {
        let mut steps = Vec::new();
        for s in signals {
            match s {
                RoutineSignal::StartExercise(i) => steps.extend(self.start_attempt(i)),
                RoutineSignal::EndExercise(i) => steps.extend(self.end_attempt(i)),
                RoutineSignal::Skipped(i) => self.record_skipped(i, SkipWhy::Skipped),
                RoutineSignal::Finished => steps.extend(self.end_session(EndReason::Done, true)),
            }
        }
        steps
    }

    /// Records that the routine's exercise `index` was not done, and why.
    fn record_skipped(&mut self, index: usize, why: SkipWhy) {
        let Some(item) = self.routine.as_ref().and_then(|r| r.items().get(index)) else {
            return;
        };
        let Some(ex) = self.exercise(&item.id).cloned() else {
            return;
        };
        if let Some(open) = &mut self.session {
            open.recorder.exercise_skipped(&ex, why);
        }
    }

    fn start_attempt(&mut self, index: usize) -> Option<Step> {
        let item = self.routine.as_ref()?.items().get(index)?;
        let ex = self.dosed(&item.id)?;
        self.attempts_started += 1;
        let attempt = Attempt(self.attempts_started);
        self.attempt = Some(attempt);
        self.hold_watch.start(attempt);
        if let Some(open) = &mut self.session {
            open.recorder.exercise_started(&ex);
        }
        Some(Step::StartCoach(Box::new(CoachRun::new(
            Coach::new(&ex),
            attempt,
        ))))
    }

    fn end_attempt(&mut self, index: usize) -> Vec<Step> {
        let routine = self.routine.as_ref();
        let exercise_id = routine
            .and_then(|r| r.items().get(index))
            .map(|it| it.id.clone());
        let side = routine.and_then(RoutineState::current_side);
        let attempt = self.attempt.take();
        let hold = attempt.and_then(|a| self.hold_watch.take(a));
        match (exercise_id, attempt, &mut self.session) {
            (Some(exercise_id), Some(attempt), Some(open)) => open.ended.push(EndedAttempt {
                attempt,
                exercise_id,
                side,
                hold,
            }),
            (Some(exercise_id), None, Some(open)) => open.recorder.exercise_ended(&exercise_id),
            _ => {}
        }
        vec![Step::StopCoach]
    }

    // ---- Events from the worker --------------------------------------------------------

    /// A picture came from the source: a session waiting for its first one makes its file
    /// (one whose source never delivers, or whose pictures cannot be coached for want of
    /// the pose model, leaves none). Cheap when there is nothing to do.
    /// A session already ended waits for its attempts, not for pictures: it is not opened.
    pub fn frame_arrived(&mut self) -> Vec<Step> {
        if !self.model_loaded {
            return Vec::new();
        }
        self.session
            .as_mut()
            .map_or_else(Vec::new, |open| source_delivers(&mut open.recorder))
    }

    /// A coach event of `attempt` (coaching `exercise_id`); the event says that pictures
    /// arrive.
    pub fn on_coach_event(
        &mut self,
        attempt: Attempt,
        exercise_id: &str,
        event: CoachEvent,
    ) -> Vec<Step> {
        let mut steps = self.frame_arrived();
        steps.extend(self.coach_event(attempt, exercise_id, event));
        steps
    }

    fn coach_event(&mut self, attempt: Attempt, exercise_id: &str, event: CoachEvent) -> Vec<Step> {
        let current = self.routine.as_ref().and_then(|r| r.current());
        if self.attempt == Some(attempt) && current.is_some_and(|it| it.id == exercise_id) {
            return self.on_current_event(exercise_id, event);
        }
        // A late event of an ended attempt: booked, unless it is a milestone the routine
        // has moved past.
        if matches!(
            event,
            CoachEvent::SideDone { .. } | CoachEvent::ExerciseDone
        ) {
            return Vec::new();
        }
        let hold_target = self.hold_target(exercise_id);
        let sessions = open_sessions(&mut self.session, &mut self.closing);
        for open in sessions {
            if let Some(ended) = open.ended.iter_mut().find(|e| e.attempt == attempt) {
                if ended.exercise_id != exercise_id {
                    return Vec::new();
                }
                if is_hold(&event) {
                    ended.hold = None;
                }
                let side = ended.side;
                // The attempt was coached, so pictures came (a test may inject no frame).
                let mut steps = source_delivers(&mut open.recorder);
                steps.extend(book(
                    Some(&mut open.recorder),
                    exercise_id,
                    hold_target,
                    side,
                    &event,
                ));
                return steps;
            }
        }
        Vec::new()
    }

    fn hold_target(&self, exercise_id: &str) -> f32 {
        self.exercise(exercise_id).map_or(0.0, |e| e.dose.hold_secs)
    }

    fn on_current_event(&mut self, exercise_id: &str, event: CoachEvent) -> Vec<Step> {
        match event {
            CoachEvent::SideDone { side } => {
                let Some(routine) = &mut self.routine else {
                    return Vec::new();
                };
                let signals = routine.side_done(side);
                let mut steps = Vec::new();
                if let (Some(item), Stage::SwitchSide { .. }) = (routine.current(), routine.stage())
                {
                    steps.push(Step::Say(format!("Now the other {}.", item.limb)));
                }
                steps.extend(self.handle_signals(signals));
                steps
            }
            CoachEvent::ExerciseDone => {
                let s = self.routine.as_mut().map(RoutineState::exercise_done);
                self.handle_signals(s.unwrap_or_default())
            }
            event => {
                if is_hold(&event) {
                    self.hold_watch.booked();
                }
                let hold_target = self.hold_target(exercise_id);
                let side = self.routine.as_ref().and_then(RoutineState::current_side);
                let recorder = self.session.as_mut().map(|o| &mut o.recorder);
                book(recorder, exercise_id, hold_target, side, &event)
            }
        }
    }

    /// The worker has ended `attempt` and sent all its events.
    pub fn attempt_ended(&mut self, attempt: Attempt) -> Vec<Step> {
        // Ended by the worker itself (the source ran out): its last events are in.
        let _ = self.hold_watch.take(attempt);
        self.resolve(|e| e.attempt == attempt, false)
    }

    /// No worker holds an attempt any more (it ended, or was stopped): nothing more will
    /// come for the ended attempts.
    ///
    /// This is where a session ends however it ends (End session, the window closed, a stop
    /// signal): a hold still in progress, whose `HoldStopped` the worker never sent, is
    /// booked as stopped short before the exercise's `range` and `exercise_end` and the
    /// session's `end`.
    pub fn worker_gone(&mut self) -> Vec<Step> {
        self.resolve(|_| true, true)
    }

    /// Writes the `exercise_end` of the ended attempts that match (with `unsent_holds`,
    /// first the hold each had in progress), then closes the sessions that wait for nothing
    /// more.
    fn resolve(
        &mut self,
        matches: impl Fn(&EndedAttempt) -> bool,
        unsent_holds: bool,
    ) -> Vec<Step> {
        let catalog = self.catalog.as_ref().ok();
        let sessions = open_sessions(&mut self.session, &mut self.closing);
        for open in sessions {
            let (done, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut open.ended)
                .into_iter()
                .partition(&matches);
            open.ended = waiting;
            for e in done {
                if let Some(hold) = e.hold.filter(|_| unsent_holds) {
                    let target = catalog
                        .and_then(|c| c.get(&e.exercise_id).ok())
                        .map_or(0.0, |ex| ex.dose.hold_secs);
                    let (secs, side) = (hold.secs, hold.side);
                    let event = if hold.reached {
                        CoachEvent::HoldEnded { secs, side }
                    } else {
                        CoachEvent::HoldStopped { secs, side }
                    };
                    book(
                        Some(&mut open.recorder),
                        &e.exercise_id,
                        target,
                        e.side,
                        &event,
                    );
                }
                open.recorder.exercise_ended(&e.exercise_id);
            }
        }
        self.close_finished()
    }

    /// When the person waits outside the start position of the exercise being coached
    /// (`view`) in the position of another of the routine's exercises: "This looks like
    /// child's pose; the routine is at belly breathing." Recognition runs on `pose` only then.
    pub fn looks_like(&self, pose: &Pose, view: &CoachView) -> Option<String> {
        if !view.present || view.setup_ok || view.done {
            return None;
        }
        let catalog = self.catalog()?;
        let other = recognize(&catalog.routine_exercises(), pose).best?;
        if other == view.exercise_id {
            return None;
        }
        let name = |id: &str| {
            let name = self.exercise(id).map_or(id, |e| e.name.as_str());
            let mut chars = name.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_lowercase().chain(chars).collect::<String>()
            })
        };
        let at = if self.mode == Mode::Routine {
            "the routine is at"
        } else {
            "you are practising"
        };
        Some(format!(
            "This looks like {}; {at} {}.",
            name(&other),
            name(&view.exercise_id)
        ))
    }

    /// A view of the coach the window shows: the hold in progress it shows is noted (see
    /// [`HoldWatch`]).
    pub fn view_shown(&mut self, view: &CoachView) {
        let coached = self.routine.as_ref().and_then(RoutineState::current);
        if self.attempt.is_some() && coached.is_some_and(|it| it.id == view.exercise_id) {
            self.hold_watch.view(view);
        }
    }

    /// The frames' timestamps count from `epoch` (the app's pipeline epoch): samples are
    /// put on each session's clock from it.
    pub fn frames_from(&mut self, epoch: web_time::Instant) {
        self.frames_epoch = Some(epoch);
        if let Some(open) = &mut self.session {
            open.recorder.frames_from(epoch);
        }
    }

    /// The worker's samples of `attempt` (coaching `exercise_id`), one per frame it coached:
    /// booked into the session the attempt belongs to (the open one, or the one an ended
    /// attempt still closes).
    pub fn book_samples(&mut self, attempt: Attempt, exercise_id: &str, samples: &[FrameSample]) {
        let Some(ex) = self
            .catalog
            .as_ref()
            .ok()
            .and_then(|c| c.get(exercise_id).ok())
        else {
            return;
        };
        let current = self.attempt == Some(attempt);
        let open = open_sessions(&mut self.session, &mut self.closing).find(|open| {
            current
                || open
                    .ended
                    .iter()
                    .any(|e| e.attempt == attempt && e.exercise_id == exercise_id)
        });
        if let Some(open) = open {
            for sample in samples {
                open.recorder.book_sample(ex, sample);
            }
        }
    }

    /// Lets buffered records reach the OS in time.
    pub fn poll_flush(&mut self) {
        let sessions = open_sessions(&mut self.session, &mut self.closing);
        for open in sessions {
            open.recorder.poll_flush();
        }
    }
}

/// The open session and the ones closing: where an ended attempt's events may belong.
fn open_sessions<'a>(
    session: &'a mut Option<Open>,
    closing: &'a mut [Closing],
) -> impl Iterator<Item = &'a mut Open> {
    session
        .iter_mut()
        .chain(closing.iter_mut().map(|c| &mut c.open))
}

/// Whether `event` ends a hold (booked as a `hold` record).
fn is_hold(event: &CoachEvent) -> bool {
    matches!(
        event,
        CoachEvent::HoldEnded { .. } | CoachEvent::HoldStopped { .. }
    )
}

/// The source delivers: the recorder's file is made if it waited; a notice if it cannot be.
fn source_delivers(recorder: &mut Recorder) -> Vec<Step> {
    recorder
        .source_delivers()
        .map(|e| Step::Notice(format!("The session is not recorded: {e}")))
        .into_iter()
        .collect()
}

/// Books one recorded event (rep, quick rep, hold, movement, correction) with its tone or
/// voice (none for a quick rep or a hold stopped short: the coach's cue asks for the hold).
fn book(
    recorder: Option<&mut Recorder>,
    exercise_id: &str,
    hold_target: f32,
    side: Option<Side>,
    event: &CoachEvent,
) -> Vec<Step> {
    let cue = match event {
        CoachEvent::Rep { .. } | CoachEvent::Movement { .. } => Some(Step::Tone(Tone::Rep)),
        CoachEvent::HoldDone { .. } => Some(Step::Tone(Tone::HoldDone)),
        CoachEvent::Correction { message, .. } => Some(Step::Say(message.clone())),
        CoachEvent::ShortRep { .. }
        | CoachEvent::HoldStopped { .. }
        | CoachEvent::HoldEnded { .. } => None,
        _ => return Vec::new(),
    };
    if let (Some(rec), Some(record)) = (recorder, record_for(exercise_id, hold_target, side, event))
    {
        rec.book(record);
    }
    cue.into_iter().collect()
}
