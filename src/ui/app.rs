//! [`FormcheckApp`]: the app's state and its live view.
//!
//! Each UI frame: take the newest pipeline result and any events (never waiting), route
//! coach events to the routine, the tones/voice and the session record, tick the routine's
//! countdowns, then draw the current [`Screen`]. The pipeline is started lazily from the
//! first frame (it needs the egui context to wake the UI) and restarted when the source,
//! camera or model changes; a lost camera keeps the routine and the session and offers a
//! reconnect.

use super::{overlay, theme, widgets};
use crate::audio::{Cues, Tone};
use crate::coach::{Coach, CoachEvent, CoachView};
use crate::content::{self, Catalog, Exercise, Side, Unit};
use crate::guide::{Countdown, Therapy};
use crate::pipeline::{
    CoachRun, FrameResult, Pipeline, PipelineCommand, PipelineConfig, PipelineEvent,
};
use crate::pose::{models, ModelKind, PoseConfig};
use crate::prefs::Settings;
use crate::routine::{RoutineItem, RoutineSignal, RoutineState, RoutineTiming, Stage};
use crate::session::{self, EndReason, Mode, Record, SessionWriter, StartMeta};
use crate::source::{CameraConfig, SourceSpec};
use eframe::egui::{self, Key, RichText, Ui};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Safety,
    Live,
    Summary,
    History,
    IceHeat,
    Habits,
    Settings,
}

/// What to do once the safety screen is acknowledged.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterSafety {
    Live,
    StartRoutine,
    StartExercise(String),
}

/// How the app was started (`formcheck run` options, or a test's script).
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// `--source`; `None` = the camera from the settings (or the no-camera screen).
    pub source: Option<SourceSpec>,
    /// `--exercise`: practise this one (free mode).
    pub exercise: Option<String>,
    /// `--routine`: start the guide's routine.
    pub routine: bool,
    /// `--model`, overriding the settings for this run.
    pub model: Option<ModelKind>,
    pub models_dir: Option<PathBuf>,
    /// Where settings live (`None`: nothing is saved, as in tests).
    pub settings_path: Option<PathBuf>,
    /// Settings to start from.
    pub settings: Settings,
    /// A problem reading the settings file, shown once.
    pub settings_problem: Option<String>,
    /// The exercise catalogue, or why it could not be loaded.
    pub catalog: Result<Catalog, String>,
    /// Where session records go (`None`: not recorded).
    pub session_dir: Option<PathBuf>,
    /// Play tones and speak (off in tests and screenshots).
    pub audio: bool,
    /// Do not look for cameras (tests): no source means the no-camera screen.
    pub no_camera_probe: bool,
    /// Open this screen first (after the safety screen if it is due).
    pub start_screen: Option<Screen>,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            source: None,
            exercise: None,
            routine: false,
            model: None,
            models_dir: None,
            settings_path: None,
            settings: Settings::default(),
            settings_problem: None,
            catalog: Err("no exercises loaded".into()),
            session_dir: None,
            audio: false,
            no_camera_probe: false,
            start_screen: None,
        }
    }
}

/// Where the frames come from, as the UI sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceStatus {
    /// No source: `reason` says why (no camera found, the camera failed to open, ...).
    Missing {
        reason: String,
    },
    Opening,
    Running {
        describe: String,
    },
    /// The camera stopped delivering mid-session.
    CameraLost {
        message: String,
    },
    /// A video ended.
    Ended,
}

/// A session being recorded.
struct Recording {
    writer: Option<SessionWriter>,
    started: Instant,
    mode: Mode,
    /// Per exercise id: (reps, completed holds), for `exercise_end`.
    counts: Vec<(String, u32, u32)>,
    problem: Option<String>,
}

impl Recording {
    fn t(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    fn append(&mut self, record: &Record) {
        let t = self.t();
        if let Some(w) = &mut self.writer {
            if let Err(e) = w.append(t, record) {
                self.problem = Some(format!("session record: {e}"));
            }
        }
    }

    fn count(&mut self, id: &str) -> &mut (String, u32, u32) {
        if let Some(i) = self.counts.iter().position(|c| c.0 == id) {
            &mut self.counts[i]
        } else {
            self.counts.push((id.to_owned(), 0, 0));
            let last = self.counts.len() - 1;
            &mut self.counts[last]
        }
    }
}

/// A finished session loaded back for the summary screen.
pub struct LoadedSummary {
    pub session: session::Session,
    pub summary: session::SessionSummary,
}

/// The app.
pub struct FormcheckApp {
    pub(super) settings: Settings,
    pub(super) settings_path: Option<PathBuf>,
    pub(super) catalog: Option<Catalog>,
    pub(super) catalog_problem: Option<String>,
    pub(super) options: AppOptions,
    pub(super) cues: Cues,
    pub(super) screen: Screen,
    pub(super) after_safety: Option<AfterSafety>,
    pub(super) notices: VecDeque<String>,
    /// The exercise whose attempt is being ended: its last events are still recorded.
    pub(super) finishing: Option<String>,
    /// Pipeline events read while ending an attempt, handled on the next UI frame.
    pub(super) deferred_events: Vec<PipelineEvent>,

    // Source and pipeline.
    pub(super) ctx: Option<egui::Context>,
    pub(super) epoch: Instant,
    pub(super) source: Option<SourceSpec>,
    pub(super) source_status: SourceStatus,
    pipeline: Option<Pipeline>,
    pending_start: bool,
    pub(super) model_status: String,
    pub(super) model_problem: Option<String>,
    pub(super) latest: Option<FrameResult>,
    texture: Option<egui::TextureHandle>,
    arrivals: VecDeque<Instant>,
    latency_ms: f64,
    pub(super) path_input: String,
    pub(super) path_problem: Option<String>,
    pub(super) cameras: Option<Result<Vec<(u32, String)>, String>>,

    // Coaching.
    pub(super) routine: Option<RoutineState>,
    pub(super) routine_mode: Mode,
    coach_paused_sent: Option<bool>,
    /// The attempt a stopped pipeline handed back (after a lost camera), for the next one.
    carried_coach: Option<CoachRun>,
    recording: Option<Recording>,
    pub(super) summary: Option<LoadedSummary>,
    pub(super) summary_problem: Option<String>,
    pub(super) free_choice: String,
    last_tick: Option<Instant>,

    // Other screens.
    pub(super) history: Option<Result<Vec<session::SessionSummary>, String>>,
    pub(super) export_message: Option<String>,
    pub(super) countdown: Countdown,
}

impl FormcheckApp {
    pub fn new(mut options: AppOptions) -> Self {
        let settings = options.settings.clone();
        let (catalog, catalog_problem) =
            match std::mem::replace(&mut options.catalog, Err(String::new())) {
                Ok(c) => (Some(c), None),
                Err(e) => (None, Some(e)),
            };
        let mut notices = VecDeque::new();
        if let Some(p) = &options.settings_problem {
            notices.push_back(format!("{p} (using defaults)"));
        }
        let (source, source_status) = match &options.source {
            Some(s) => (Some(s.clone()), SourceStatus::Opening),
            None if options.no_camera_probe => (
                None,
                SourceStatus::Missing {
                    reason: "No camera found on this computer.".into(),
                },
            ),
            None => probe_camera(&settings),
        };
        let after = match (&options.exercise, options.routine) {
            (Some(id), _) => AfterSafety::StartExercise(id.clone()),
            (None, true) => AfterSafety::StartRoutine,
            _ => AfterSafety::Live,
        };
        let first = options.start_screen.unwrap_or(Screen::Live);
        let (screen, after_safety) =
            if !settings.safety_acknowledged || matches!(after, AfterSafety::StartRoutine) {
                (Screen::Safety, Some(after.clone()))
            } else {
                (first, None)
            };
        let free_choice = catalog
            .as_ref()
            .and_then(|c| c.exercises.first().map(|e| e.id.clone()))
            .unwrap_or_default();
        let cues = if options.audio {
            Cues::new(settings.sounds, settings.voice)
        } else {
            Cues::silent()
        };
        let path_input = settings.last_path.clone().unwrap_or_default();
        let mut app = Self {
            model_status: format!("model {}", options.model.unwrap_or(settings.model)),
            settings,
            settings_path: options.settings_path.clone(),
            catalog,
            catalog_problem,
            cues,
            screen,
            after_safety,
            notices,
            ctx: None,
            epoch: Instant::now(),
            pending_start: source.is_some(),
            source,
            source_status,
            pipeline: None,
            model_problem: None,
            latest: None,
            texture: None,
            arrivals: VecDeque::new(),
            latency_ms: 0.0,
            path_input,
            path_problem: None,
            cameras: None,
            routine: None,
            routine_mode: Mode::Free,
            coach_paused_sent: None,
            carried_coach: None,
            finishing: None,
            deferred_events: Vec::new(),
            recording: None,
            summary: None,
            summary_problem: None,
            free_choice,
            last_tick: None,
            history: None,
            export_message: None,
            countdown: Countdown::new(Therapy::Ice),
            options,
        };
        if app.screen != Screen::Safety {
            app.run_after(after);
        }
        app
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn routine(&self) -> Option<&RoutineState> {
        self.routine.as_ref()
    }

    pub fn source_status(&self) -> &SourceStatus {
        &self.source_status
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The model this run uses.
    pub(super) fn model(&self) -> ModelKind {
        self.options.model.unwrap_or(self.settings.model)
    }

    pub(super) fn save_settings(&mut self) {
        if let Some(path) = &self.settings_path {
            if let Err(e) = self.settings.save(path) {
                self.notices.push_back(e.to_string());
            }
        }
        self.cues.sounds = self.settings.sounds;
        self.cues.voice = self.settings.voice;
    }

    pub(super) fn navigate(&mut self, screen: Screen) {
        if screen == Screen::History {
            self.history = None;
        }
        self.screen = screen;
    }

    /// Acknowledges the safety screen and does what was waiting for it.
    pub fn acknowledge_safety(&mut self) {
        if !self.settings.safety_acknowledged {
            self.settings.safety_acknowledged = true;
            self.save_settings();
        }
        self.screen = Screen::Live;
        if let Some(after) = self.after_safety.take() {
            self.run_after(after);
        }
    }

    fn run_after(&mut self, after: AfterSafety) {
        match after {
            AfterSafety::StartRoutine => self.begin_routine(),
            AfterSafety::StartExercise(id) => self.begin_exercise(&id),
            AfterSafety::Live => {}
        }
    }

    /// Asks for the safety screen, then the routine.
    pub fn request_routine(&mut self) {
        self.after_safety = Some(AfterSafety::StartRoutine);
        self.screen = Screen::Safety;
    }

    /// Shows a bad `--source` on the no-source screen.
    pub fn report_path_problem(&mut self, problem: String) {
        self.source_status = SourceStatus::Missing {
            reason: "The source given on the command line cannot be used.".into(),
        };
        self.path_problem = Some(problem);
    }

    /// Opens a recorded session on the summary screen (`--open-session`).
    pub fn open_session_file(&mut self, path: &std::path::Path) {
        self.load_summary(path);
        if self.screen == Screen::Safety && self.settings.safety_acknowledged {
            self.after_safety = None;
        }
        if !self.settings.safety_acknowledged {
            // The summary is shown; the safety screen stays one click away.
            self.notices
                .push_back("Read the Safety page before your first exercise.".into());
        }
    }

    // ---- Sources --------------------------------------------------------------------

    /// Opens a user-typed path (video or image folder); a bad path is reported, not fatal.
    pub fn open_path(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            self.path_problem = Some("Type the path of a video file or an image folder.".into());
            return;
        }
        match SourceSpec::parse(text) {
            Ok(spec) => {
                self.path_problem = None;
                self.settings.last_path = Some(text.to_owned());
                self.save_settings();
                self.set_source(spec);
            }
            Err(e) => self.path_problem = Some(e.to_string()),
        }
    }

    pub(super) fn set_source(&mut self, spec: SourceSpec) {
        self.stop_pipeline();
        self.source = Some(spec);
        self.source_status = SourceStatus::Opening;
        self.pending_start = true;
        self.latest = None;
    }

    pub(super) fn use_camera(&mut self) {
        match probe_camera(&self.settings) {
            (Some(spec), _) => self.set_source(spec),
            (None, status) => {
                self.stop_pipeline();
                self.source = None;
                self.source_status = status;
            }
        }
    }

    /// Restarts the pipeline with the same source (reconnect, or new camera/model settings),
    /// carrying the current coach over.
    pub(super) fn restart_pipeline(&mut self) {
        if self.source.is_some() {
            self.stop_pipeline();
            self.source_status = SourceStatus::Opening;
            self.pending_start = true;
        } else {
            self.use_camera();
        }
    }

    fn stop_pipeline(&mut self) {
        if let Some(p) = self.pipeline.take() {
            p.request_stop();
            // Present when the worker had already ended (a lost camera): same attempt goes on.
            if let Some(c) = p.take_coach() {
                self.carried_coach = Some(c);
            }
        }
    }

    fn start_pipeline(&mut self, ctx: &egui::Context) {
        self.pending_start = false;
        let Some(spec) = self.source.clone() else {
            return;
        };
        let models_dir = self
            .options
            .models_dir
            .clone()
            .unwrap_or_else(models::default_models_dir);
        let mut pose = PoseConfig::new(models_dir, self.model());
        pose.static_image_mode = matches!(spec, SourceSpec::Folder(_));
        let camera = CameraConfig {
            index: self.settings.camera_index,
            width: self.settings.camera_width,
            height: self.settings.camera_height,
            ..CameraConfig::default()
        };
        // Carry the attempt over from a previous pipeline, else start the current one.
        let coach = self.carried_coach.take().or_else(|| self.current_coach());
        let waker_ctx = ctx.clone();
        self.model_status = format!("model {} (loading)", self.model());
        self.model_problem = None;
        self.coach_paused_sent = None;
        self.pipeline = Some(Pipeline::start(
            PipelineConfig {
                source: spec,
                camera,
                pose,
                epoch: self.epoch,
            },
            coach,
            Arc::new(move || waker_ctx.request_repaint()),
        ));
    }

    /// A fresh coach for the routine's current exercise, when it is being coached.
    fn current_coach(&self) -> Option<CoachRun> {
        let routine = self.routine.as_ref()?;
        if !matches!(routine.stage(), Stage::Active | Stage::SwitchSide { .. }) {
            return None;
        }
        let ex = self.exercise(&routine.current()?.id)?;
        Some(CoachRun::new(Coach::new(ex)))
    }

    pub(super) fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.catalog.as_ref()?.exercises.iter().find(|e| e.id == id)
    }

    // ---- Routine and free mode ------------------------------------------------------

    /// Starts the guide's routine (after the safety screen).
    pub fn begin_routine(&mut self) {
        let items: Vec<RoutineItem> = match &self.catalog {
            Some(c) => c
                .routine_exercises()
                .into_iter()
                .map(RoutineItem::from_exercise)
                .collect(),
            None => Vec::new(),
        };
        if items.is_empty() {
            self.notices.push_back(
                self.catalog_problem
                    .clone()
                    .unwrap_or_else(|| "The routine has no exercises.".into()),
            );
            return;
        }
        let name = self
            .catalog
            .as_ref()
            .map(|c| c.routine.name.clone())
            .unwrap_or_default();
        self.start_state(items, Mode::Routine, Some(name));
    }

    /// Starts free practice of one exercise.
    pub fn begin_exercise(&mut self, id: &str) {
        let Some(ex) = self.exercise(id) else {
            let valid = self
                .catalog
                .as_ref()
                .map(|c| c.ids().join(", "))
                .unwrap_or_default();
            self.notices.push_back(match &self.catalog_problem {
                Some(p) => p.clone(),
                None => format!("Unknown exercise \"{id}\"; valid: {valid}"),
            });
            return;
        };
        let items = vec![RoutineItem::from_exercise(ex)];
        self.start_state(items, Mode::Free, None);
    }

    fn start_state(&mut self, items: Vec<RoutineItem>, mode: Mode, routine: Option<String>) {
        self.end_session(EndReason::Quit, false);
        let mut timing = RoutineTiming {
            rest_secs: self.settings.rest_secs.max(0.0),
            ..RoutineTiming::default()
        };
        if matches!(self.source, Some(SourceSpec::Video(_))) {
            // A recording already shows the person in position: no time to get ready.
            timing.prepare_secs = 0.0;
        }
        self.routine = Some(RoutineState::new(items, timing));
        self.routine_mode = mode;
        self.last_tick = None;
        self.start_recording(mode, routine.as_deref());
        self.screen = Screen::Live;
    }

    fn start_recording(&mut self, mode: Mode, routine: Option<&str>) {
        let source = self
            .source
            .as_ref()
            .map(describe_spec)
            .unwrap_or_else(|| "none".into());
        let meta = StartMeta::new_now(self.model().as_str(), &source, mode, routine);
        let (writer, problem) = match &self.options.session_dir {
            Some(dir) => match SessionWriter::create(dir, &meta) {
                Ok(w) => (Some(w), None),
                Err(e) => (None, Some(format!("The session is not recorded: {e}"))),
            },
            None => (None, None),
        };
        if let Some(p) = &problem {
            self.notices.push_back(p.clone());
        }
        self.recording = Some(Recording {
            writer,
            started: Instant::now(),
            mode,
            counts: Vec::new(),
            problem,
        });
    }

    /// Ends the session; with `show`, loads it for the summary screen.
    pub fn end_session(&mut self, reason: EndReason, show: bool) {
        if let Some(routine) = &self.routine {
            if matches!(routine.stage(), Stage::Active | Stage::SwitchSide { .. }) {
                let i = routine.index();
                self.handle_signals(vec![RoutineSignal::EndExercise(i)]);
            }
        }
        self.routine = None;
        self.send(PipelineCommand::SetCoach(None));
        let Some(rec) = self.recording.take() else {
            return;
        };
        let t = rec.t();
        let Some(writer) = rec.writer else {
            if show {
                self.summary = None;
                self.summary_problem = Some(
                    rec.problem
                        .unwrap_or_else(|| "This session was not recorded.".into()),
                );
                self.screen = Screen::Summary;
            }
            return;
        };
        match writer.end(t, reason, None) {
            Ok(path) if show => self.load_summary(&path),
            Ok(_) => {}
            Err(e) => self.notices.push_back(format!("session record: {e}")),
        }
        let _ = rec.mode;
    }

    pub(super) fn load_summary(&mut self, path: &std::path::Path) {
        match session::read_session(path) {
            Ok(session) => {
                let summary = session.summary();
                self.summary = Some(LoadedSummary { session, summary });
                self.summary_problem = None;
            }
            Err(e) => {
                self.summary = None;
                self.summary_problem = Some(e.to_string());
            }
        }
        self.screen = Screen::Summary;
    }

    fn send(&mut self, cmd: PipelineCommand) {
        if let Some(p) = &self.pipeline {
            // Refused only when the worker has ended (its source failed; a restart sends
            // the current state again) or is 32 commands behind.
            if !p.send(cmd) {
                tracing::debug!("pipeline command not delivered");
            }
        }
    }

    /// Routine controls (buttons and keys).
    pub fn routine_skip(&mut self) {
        let s = self.routine.as_mut().map(|r| r.skip()).unwrap_or_default();
        self.handle_signals(s);
    }

    pub fn routine_back(&mut self) {
        let s = self.routine.as_mut().map(|r| r.back()).unwrap_or_default();
        self.handle_signals(s);
    }

    pub fn routine_toggle_pause(&mut self) {
        if let Some(r) = &mut self.routine {
            r.toggle_pause();
        }
    }

    pub fn routine_start_now(&mut self) {
        let s = self
            .routine
            .as_mut()
            .map(|r| r.start_now())
            .unwrap_or_default();
        self.handle_signals(s);
    }

    fn handle_signals(&mut self, signals: Vec<RoutineSignal>) {
        for s in signals {
            match s {
                RoutineSignal::StartExercise(i) => {
                    self.carried_coach = None;
                    let item = self
                        .routine
                        .as_ref()
                        .and_then(|r| r.items().get(i).cloned());
                    let Some(item) = item else { continue };
                    let Some(ex) = self.exercise(&item.id).cloned() else {
                        continue;
                    };
                    self.send(PipelineCommand::SetCoach(Some(Box::new(CoachRun::new(
                        Coach::new(&ex),
                    )))));
                    if let Some(rec) = &mut self.recording {
                        rec.append(&Record::Exercise(session::ExerciseStart {
                            id: ex.id.clone(),
                            name: ex.name.clone(),
                            dose: session_dose(&ex),
                        }));
                    }
                }
                RoutineSignal::EndExercise(i) => {
                    self.carried_coach = None;
                    let id = self
                        .routine
                        .as_ref()
                        .and_then(|r| r.items().get(i))
                        .map(|it| it.id.clone());
                    self.finish_attempt(id.clone());
                    if let (Some(rec), Some(id)) = (&mut self.recording, id) {
                        let (_, reps, holds) = rec.count(&id).clone();
                        rec.append(&Record::ExerciseEnd(session::ExerciseEnd {
                            id,
                            reps,
                            holds,
                        }));
                    }
                }
                RoutineSignal::Finished => {
                    self.end_session(EndReason::Done, true);
                }
            }
        }
    }

    /// Ends the coached attempt at `exercise_id`: the worker drops its coach, which can
    /// still count a rep held at the top; wait briefly for it (it may already have ended
    /// with a video, having sent its last events) and record what it sent, before the
    /// exercise's end is written.
    fn finish_attempt(&mut self, exercise_id: Option<String>) {
        self.send(PipelineCommand::SetCoach(None));
        let events = match &self.pipeline {
            Some(p) => {
                p.flush(Duration::from_millis(500));
                p.events()
            }
            None => Vec::new(),
        };
        // Coach events now; the others (e.g. the end of a video) wait for the next frame of
        // the UI, so that ending one attempt never starts another ending inside it.
        self.finishing = exercise_id;
        for e in events {
            match e {
                PipelineEvent::Coach {
                    exercise_id, event, ..
                } => self.on_coach_event(&exercise_id, event),
                other => self.deferred_events.push(other),
            }
        }
        self.finishing = None;
    }

    fn on_coach_event(&mut self, exercise_id: &str, event: CoachEvent) {
        let current = self
            .routine
            .as_ref()
            .and_then(|r| r.current())
            .map(|it| it.id.clone());
        let finishing = self.finishing.as_deref() == Some(exercise_id);
        if current.as_deref() != Some(exercise_id) && !finishing {
            return; // a late event from the previous exercise
        }
        if finishing
            && current.as_deref() != Some(exercise_id)
            && matches!(
                event,
                CoachEvent::SideDone { .. } | CoachEvent::ExerciseDone
            )
        {
            return; // the routine has already moved on
        }
        let hold_target = self.exercise(exercise_id).map_or(0.0, |e| e.dose.hold_secs);
        let side = self.routine.as_ref().and_then(|r| r.current_side());
        match event {
            CoachEvent::Rep { index, quality } => {
                self.cues.tone(Tone::Rep);
                if let Some(rec) = &mut self.recording {
                    rec.count(exercise_id).1 += 1;
                    rec.append(&Record::Rep(session::Rep {
                        exercise: exercise_id.to_owned(),
                        index,
                        side: session_side(quality.side.or(side)),
                        quality: session::RepQuality {
                            range_reached: quality.range_reached,
                            duration_secs: f64::from(quality.duration_secs),
                            held_secs: Some(f64::from(quality.held_secs)),
                            worst_fault: quality.worst_fault,
                        },
                    }));
                }
            }
            CoachEvent::HoldDone { secs } => {
                self.cues.tone(Tone::HoldDone);
                if let Some(rec) = &mut self.recording {
                    rec.count(exercise_id).2 += 1;
                    rec.append(&Record::Hold(session::Hold {
                        exercise: exercise_id.to_owned(),
                        side: session_side(side),
                        secs: f64::from(secs),
                        target_secs: f64::from(hold_target),
                        completed: true,
                    }));
                }
            }
            CoachEvent::Movement { name, index } => {
                self.cues.tone(Tone::Rep);
                if let Some(rec) = &mut self.recording {
                    rec.append(&Record::Movement(session::Movement {
                        exercise: exercise_id.to_owned(),
                        name,
                        index,
                    }));
                }
            }
            CoachEvent::Correction { id, message } => {
                self.cues.say(&message);
                if let Some(rec) = &mut self.recording {
                    rec.append(&Record::Correction(session::Correction {
                        exercise: exercise_id.to_owned(),
                        id,
                        message,
                    }));
                }
            }
            CoachEvent::SideDone { side } => {
                let s = self
                    .routine
                    .as_mut()
                    .map(|r| r.side_done(side))
                    .unwrap_or_default();
                if let Some(item) = self.routine.as_ref().and_then(|r| r.current()) {
                    if matches!(
                        self.routine.as_ref().map(|r| r.stage()),
                        Some(Stage::SwitchSide { .. })
                    ) {
                        self.cues.say(&format!("Now the other {}.", item.limb));
                    }
                }
                self.handle_signals(s);
            }
            CoachEvent::ExerciseDone => {
                let s = self
                    .routine
                    .as_mut()
                    .map(|r| r.exercise_done())
                    .unwrap_or_default();
                self.handle_signals(s);
            }
            _ => {}
        }
    }

    // ---- Per-frame work -------------------------------------------------------------

    /// Everything but drawing: pipeline results and events, countdowns, keys.
    fn update_state(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        if self.pending_start {
            self.start_pipeline(ctx);
        }
        let now = Instant::now();
        let dt = self
            .last_tick
            .map(|t| now.duration_since(t).as_secs_f32())
            .unwrap_or(0.0);
        self.last_tick = Some(now);

        let mut events = std::mem::take(&mut self.deferred_events);
        events.extend(
            self.pipeline
                .as_ref()
                .map(|p| p.events())
                .unwrap_or_default(),
        );
        for e in events {
            self.on_pipeline_event(e);
        }
        if let Some(result) = self.pipeline.as_ref().and_then(|p| p.latest()) {
            self.show_frame(ctx, result, now);
        }

        if let Some(r) = &mut self.routine {
            let signals = r.tick(dt.min(1.0));
            self.handle_signals(signals);
        }
        // The coach runs only while the routine is coaching and the source delivers.
        let want_paused = !self.routine.as_ref().is_some_and(|r| r.coaching());
        if self.coach_paused_sent != Some(want_paused) && self.pipeline.is_some() {
            self.coach_paused_sent = Some(want_paused);
            self.send(PipelineCommand::SetPaused(want_paused));
        }
        if self.countdown.tick(f64::from(dt.min(1.0))) {
            self.cues.tone(Tone::HoldDone);
            self.cues
                .say(&format!("{} time is up.", self.countdown.therapy.name()));
        }
        self.record_angle();
        if let Some(w) = self.recording.as_mut().and_then(|r| r.writer.as_mut()) {
            let _ = w.poll_flush();
        }
        let ticking = self.countdown.is_running()
            || self.routine.as_ref().is_some_and(|r| {
                matches!(r.stage(), Stage::Rest { .. } | Stage::SwitchSide { .. })
            });
        if ticking {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    /// Reacts to one pipeline event (the frame loop calls it; tests inject events).
    pub fn on_pipeline_event(&mut self, event: PipelineEvent) {
        match event {
            PipelineEvent::Opened { source } => {
                self.source_status = SourceStatus::Running { describe: source };
            }
            PipelineEvent::ModelReady { model } => {
                self.model_status = format!("model {model}");
            }
            PipelineEvent::ModelFailed { message } => {
                self.model_status = "no model".into();
                self.model_problem = Some(message);
            }
            PipelineEvent::Coach {
                exercise_id, event, ..
            } => self.on_coach_event(&exercise_id, event),
            PipelineEvent::SourceFailed { message, camera } => {
                let was_running = matches!(self.source_status, SourceStatus::Running { .. });
                self.source_status = if camera && was_running {
                    if let Some(r) = &mut self.routine {
                        r.set_paused(true);
                    }
                    SourceStatus::CameraLost { message }
                } else {
                    self.path_problem = Some(message);
                    SourceStatus::Missing {
                        reason: if camera {
                            "The camera cannot be opened.".into()
                        } else {
                            "This video or folder cannot be opened.".into()
                        },
                    }
                };
            }
            PipelineEvent::Warning { message } => {
                self.notices.push_back(message);
                while self.notices.len() > 4 {
                    self.notices.pop_front();
                }
            }
            PipelineEvent::EndOfStream => {
                self.source_status = SourceStatus::Ended;
                // A video is the whole session: show what it achieved.
                if self.recording.is_some() {
                    self.end_session(EndReason::Quit, true);
                }
            }
        }
    }

    fn show_frame(&mut self, ctx: &egui::Context, result: FrameResult, now: Instant) {
        let img = &result.image;
        let size = [img.width() as usize, img.height() as usize];
        let colour = egui::ColorImage::from_rgb(size, img.as_raw());
        match &mut self.texture {
            Some(t) => t.set(colour, egui::TextureOptions::LINEAR),
            None => {
                self.texture =
                    Some(ctx.load_texture("camera", colour, egui::TextureOptions::LINEAR));
            }
        }
        if let Some(c) = result.timings.captured_at {
            let ms = now.duration_since(c).as_secs_f64() * 1e3;
            self.latency_ms = if self.latency_ms == 0.0 {
                ms
            } else {
                0.8 * self.latency_ms + 0.2 * ms
            };
        }
        self.arrivals.push_back(now);
        while self
            .arrivals
            .front()
            .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(2))
        {
            self.arrivals.pop_front();
        }
        self.latest = Some(result);
    }

    fn fps(&self) -> f64 {
        match (self.arrivals.front(), self.arrivals.back()) {
            (Some(a), Some(b)) if self.arrivals.len() > 1 => {
                let secs = b.duration_since(*a).as_secs_f64();
                if secs > 0.0 {
                    (self.arrivals.len() - 1) as f64 / secs
                } else {
                    0.0
                }
            }
            _ => 0.0,
        }
    }

    /// Samples the exercise's key angle (its first angle measure) into the session record.
    fn record_angle(&mut self) {
        let Some(view) = self.latest.as_ref().and_then(|r| r.view.as_ref()) else {
            return;
        };
        let key = self.exercise(&view.exercise_id).and_then(key_angle);
        let Some((name, deg)) = view
            .joints
            .iter()
            .find(|j| j.unit == Unit::Angle && key.as_deref().is_none_or(|k| k == j.measure))
            .and_then(|j| j.value.map(|v| (j.measure.clone(), v)))
        else {
            return;
        };
        let exercise = view.exercise_id.clone();
        if let Some(rec) = &mut self.recording {
            let t = rec.t();
            if let Some(w) = &mut rec.writer {
                let _ = w.angle(t, &exercise, &name, f64::from(deg));
            }
        }
    }

    fn keys(&mut self, ui: &Ui) {
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        let (space, right, left, m, enter) = ui.input(|i| {
            (
                i.key_pressed(Key::Space) || i.key_pressed(Key::P),
                i.key_pressed(Key::ArrowRight) || i.key_pressed(Key::N),
                i.key_pressed(Key::ArrowLeft) || i.key_pressed(Key::B),
                i.key_pressed(Key::M),
                i.key_pressed(Key::Enter),
            )
        });
        if space {
            self.routine_toggle_pause();
        }
        if right {
            self.routine_skip();
        }
        if left {
            self.routine_back();
        }
        if enter {
            self.routine_start_now();
        }
        if m {
            self.settings.mirror = !self.settings.mirror;
            self.save_settings();
        }
    }

    // ---- Drawing --------------------------------------------------------------------

    /// Draws the whole app into `ui` (what `eframe::App::ui` calls; tests call it directly).
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.update_state(&ctx);
        egui::Panel::top("nav")
            .frame(egui::Frame::new().fill(theme::PANEL).inner_margin(8))
            .show(ui, |ui| self.nav_ui(ui));
        egui::Panel::bottom("status")
            .frame(egui::Frame::new().fill(theme::PANEL).inner_margin(6))
            .show(ui, |ui| self.status_ui(ui));
        match self.screen {
            Screen::Safety => {
                egui::CentralPanel::default().show(ui, |ui| self.safety_ui(ui));
            }
            Screen::Live => self.live_ui(ui),
            Screen::Summary => {
                egui::CentralPanel::default().show(ui, |ui| self.summary_ui(ui));
            }
            Screen::History => {
                egui::CentralPanel::default().show(ui, |ui| self.history_ui(ui));
            }
            Screen::IceHeat => {
                egui::CentralPanel::default().show(ui, |ui| self.ice_heat_ui(ui));
            }
            Screen::Habits => {
                egui::CentralPanel::default().show(ui, |ui| self.habits_ui(ui));
            }
            Screen::Settings => {
                egui::CentralPanel::default().show(ui, |ui| self.settings_ui(ui));
            }
        }
    }

    fn nav_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("formcheck")
                    .size(theme::TITLE)
                    .strong()
                    .color(theme::ACCENT),
            );
            ui.add_space(16.0);
            for (screen, label) in [
                (Screen::Live, "Live"),
                (Screen::Summary, "Summary"),
                (Screen::History, "History"),
                (Screen::IceHeat, "Ice / heat"),
                (Screen::Habits, "Habits"),
                (Screen::Settings, "Settings"),
                (Screen::Safety, "Safety"),
            ] {
                if ui.selectable_label(self.screen == screen, label).clicked() {
                    if screen == Screen::Safety {
                        self.after_safety = None;
                    }
                    self.navigate(screen);
                }
            }
        });
    }

    fn status_ui(&mut self, ui: &mut Ui) {
        let mut parts = Vec::new();
        match &self.source_status {
            SourceStatus::Running { describe } => parts.push(describe.clone()),
            SourceStatus::Opening => parts.push("opening source…".into()),
            SourceStatus::Missing { .. } => parts.push("no source".into()),
            SourceStatus::CameraLost { .. } => parts.push("camera lost".into()),
            SourceStatus::Ended => parts.push("video ended".into()),
        }
        if self.latest.is_some() {
            parts.push(format!("{:.0} fps", self.fps()));
            parts.push(format!("latency {:.0} ms", self.latency_ms));
            if let Some(r) = &self.latest {
                parts.push(format!("pose {:.0} ms", r.timings.pose.as_secs_f64() * 1e3));
            }
        }
        parts.push(self.model_status.clone());
        if let Some(p) = &self.pipeline {
            let dropped = p
                .stats()
                .dropped_capture
                .load(std::sync::atomic::Ordering::Relaxed);
            parts.push(format!("{dropped} frames skipped"));
        }
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(parts.join("  ·  "))
                    .size(theme::SMALL)
                    .color(theme::TEXT_DIM),
            );
            if let Some(n) = self.notices.back().cloned() {
                ui.separator();
                ui.label(RichText::new(n).size(theme::SMALL).color(theme::BORDERLINE));
                if ui.small_button("dismiss").clicked() {
                    self.notices.clear();
                }
            }
        });
    }

    fn live_ui(&mut self, ui: &mut Ui) {
        self.keys(ui);
        let view: Option<CoachView> = self.latest.as_ref().and_then(|r| r.view.clone());
        egui::Panel::right("coach_panel")
            .exact_size(theme::SIDE_PANEL_WIDTH)
            .frame(egui::Frame::new().fill(theme::PANEL).inner_margin(16))
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.coach_panel_ui(ui, view.as_ref()));
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(theme::BACKGROUND).inner_margin(8))
            .show(ui, |ui| self.picture_ui(ui, view.as_ref()));
    }

    fn picture_ui(&mut self, ui: &mut Ui, view: Option<&CoachView>) {
        // The one line that matters now, in large type.
        if let Some((text, kind)) = self.banner(view) {
            widgets::banner_ui(ui, &text, kind);
        }
        // Problems with the source replace the picture.
        match self.source_status.clone() {
            SourceStatus::Missing { reason } if self.latest.is_none() => {
                self.no_source_ui(ui, &reason);
                return;
            }
            SourceStatus::CameraLost { message } => {
                self.camera_lost_ui(ui, &message);
                return;
            }
            _ => {}
        }
        if let Some(p) = self.model_problem.clone() {
            widgets::banner_ui(
                ui,
                &format!("No pose model: {p}"),
                widgets::BannerKind::Problem,
            );
        }
        if self.source_status == SourceStatus::Ended {
            ui.horizontal(|ui| {
                ui.label(RichText::new("The video ended.").size(theme::BODY));
                if ui.button("Play again").clicked() {
                    self.restart_pipeline();
                }
                if ui.button("Open another video or folder").clicked() {
                    self.source_status = SourceStatus::Missing {
                        reason: "Choose a video or an image folder.".into(),
                    };
                    self.latest = None;
                }
            });
        }
        let rect = ui.available_rect_before_wrap();
        match (&self.texture, &self.latest) {
            (Some(tex), Some(result)) => {
                let tex = tex.clone();
                let joints = view.map(|v| v.joints.clone()).unwrap_or_default();
                overlay::overlay_ui(
                    ui,
                    rect,
                    &tex,
                    result.pose.as_ref(),
                    &joints,
                    self.settings.mirror,
                );
            }
            _ => {
                ui.centered_and_justified(|ui| {
                    ui.label(RichText::new("Waiting for the first picture…").size(theme::TITLE));
                });
            }
        }
    }

    /// The headline for the picture: the routine's own state, else the coach's.
    fn banner(&self, view: Option<&CoachView>) -> Option<(String, widgets::BannerKind)> {
        use widgets::BannerKind;
        if let Some(r) = &self.routine {
            if let Some(h) = r.headline() {
                return Some((h, BannerKind::Prompt));
            }
        }
        let v = view?;
        if v.headline.is_empty() {
            return None;
        }
        let kind = if v.correction.is_some()
            && v.view_prompt.is_none()
            && v.setup_prompt.is_none()
            && v.unknown.is_none()
        {
            BannerKind::Correction
        } else {
            BannerKind::Prompt
        };
        Some((v.headline.clone(), kind))
    }

    fn coach_panel_ui(&mut self, ui: &mut Ui, view: Option<&CoachView>) {
        let item = self.routine.as_ref().and_then(|r| r.current().cloned());
        match (&self.routine, item) {
            (Some(routine), Some(item)) => {
                let mode = if self.routine_mode == Mode::Routine {
                    format!("Routine {}", routine.progress_text())
                } else {
                    "Free practice".to_owned()
                };
                ui.label(
                    RichText::new(mode)
                        .size(theme::SMALL)
                        .color(theme::TEXT_DIM),
                );
                ui.label(RichText::new(&item.name).size(theme::TITLE).strong());
                ui.label(
                    RichText::new(&item.dose_text)
                        .size(theme::BODY)
                        .color(theme::ACCENT),
                );
                if let Some(side) = view.and_then(|v| v.side).or(routine.current_side()) {
                    if side != Side::Both {
                        ui.label(
                            RichText::new(format!("{} {}", cap(side.name()), item.limb))
                                .size(theme::BODY)
                                .strong(),
                        );
                    }
                }
                ui.separator();
                let target = view.map_or(0.0, |v| v.hold_target_secs);
                if target > 0.0 {
                    let v = view.map_or((0.0, false), |v| (v.hold_elapsed_secs, v.holding));
                    ui.vertical_centered(|ui| widgets::ring_timer_ui(ui, v.0, target, v.1));
                }
                if let Some(v) = view {
                    // A single hold (dose of one rep) is shown by the ring alone.
                    if v.reps_target > 1 {
                        widgets::rep_counter_ui(ui, v.reps_done, v.reps_target, "reps");
                    }
                    if let Some(m) = &v.movements {
                        widgets::count_ui(ui, m.count, &m.plural, m.holding);
                    }
                    if let Some(b) = &v.breath {
                        ui.label(
                            RichText::new(format!(
                                "{} {:.0} s · breath {} / {}",
                                if b.inhale { "In" } else { "Out" },
                                b.secs_left.ceil(),
                                b.breaths_done,
                                b.breaths_target
                            ))
                            .size(theme::BODY),
                        );
                    }
                }
                ui.separator();
                if let Some(ex) = self.exercise(&item.id) {
                    for (i, step) in ex.instructions.iter().enumerate() {
                        ui.label(RichText::new(format!("{}. {step}", i + 1)).size(theme::BODY));
                    }
                    for c in &ex.cautions {
                        ui.label(
                            RichText::new(format!("Caution: {c}"))
                                .size(theme::SMALL)
                                .color(theme::BORDERLINE),
                        );
                    }
                }
                ui.separator();
                ui.horizontal_wrapped(|ui| {
                    if ui.button("Back").on_hover_text("← or B").clicked() {
                        self.routine_back();
                    }
                    let paused = self.routine.as_ref().is_some_and(|r| r.is_paused());
                    if ui
                        .button(if paused { "Resume" } else { "Pause" })
                        .on_hover_text("Space")
                        .clicked()
                    {
                        self.routine_toggle_pause();
                    }
                    if ui.button("Skip").on_hover_text("→ or N").clicked() {
                        self.routine_skip();
                    }
                    if matches!(
                        self.routine.as_ref().map(|r| r.stage()),
                        Some(Stage::Rest { .. } | Stage::SwitchSide { .. })
                    ) && ui.button("Start now").on_hover_text("Enter").clicked()
                    {
                        self.routine_start_now();
                    }
                });
                if ui.button("End session").clicked() {
                    self.end_session(EndReason::Quit, true);
                }
            }
            _ => self.picker_ui(ui),
        }
    }

    /// With nothing being coached: start the routine or pick one exercise.
    fn picker_ui(&mut self, ui: &mut Ui) {
        ui.label(RichText::new("Ready").size(theme::TITLE).strong());
        ui.label(
            RichText::new("Pose only: start the routine or pick one exercise.").size(theme::BODY),
        );
        if let Some(p) = &self.catalog_problem {
            ui.label(
                RichText::new(format!("Exercises unavailable: {p}"))
                    .size(theme::SMALL)
                    .color(theme::BORDERLINE),
            );
        }
        let Some(catalog) = &self.catalog else { return };
        let routine_name = if catalog.routine.name.is_empty() {
            "the routine".to_owned()
        } else {
            catalog.routine.name.clone()
        };
        let mut start_routine = false;
        let mut start_one = None;
        if ui
            .add_enabled(
                !catalog.routine.exercises.is_empty(),
                egui::Button::new(format!("Start the routine: {routine_name}")),
            )
            .clicked()
        {
            start_routine = true;
        }
        for ex in catalog.routine_exercises() {
            ui.label(RichText::new(format!("• {} — {}", ex.name, ex.dose.text)).size(theme::SMALL));
        }
        ui.separator();
        ui.label(RichText::new("Free practice").size(theme::BODY).strong());
        egui::ComboBox::new("free_choice", "exercise")
            .selected_text(
                catalog
                    .exercises
                    .iter()
                    .find(|e| e.id == self.free_choice)
                    .map(|e| e.name.clone())
                    .unwrap_or_default(),
            )
            .show_ui(ui, |ui| {
                for ex in &catalog.exercises {
                    ui.selectable_value(&mut self.free_choice, ex.id.clone(), &ex.name);
                }
            });
        if ui.button("Practise this exercise").clicked() {
            start_one = Some(self.free_choice.clone());
        }
        if start_routine {
            self.request_routine();
        }
        if let Some(id) = start_one {
            self.begin_exercise(&id);
        }
    }
}

impl eframe::App for FormcheckApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.end_session(EndReason::Quit, false);
        self.stop_pipeline();
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "camera 0", "video clip.mp4", ...
pub fn describe_spec(spec: &SourceSpec) -> String {
    match spec {
        SourceSpec::Camera(i) => format!("camera {i}"),
        SourceSpec::Video(p) => format!("video {}", p.display()),
        SourceSpec::Folder(p) => format!("folder {}", p.display()),
        SourceSpec::Image(p) => format!("image {}", p.display()),
    }
}

/// The configured camera if any camera exists, else why not.
fn probe_camera(settings: &Settings) -> (Option<SourceSpec>, SourceStatus) {
    match crate::source::list_cameras() {
        Ok(list) if list.is_empty() => (
            None,
            SourceStatus::Missing {
                reason: "No camera found on this computer.".into(),
            },
        ),
        Ok(list) => {
            let index = if list.iter().any(|(i, _)| *i == settings.camera_index) {
                settings.camera_index
            } else {
                list.first().map_or(0, |(i, _)| *i)
            };
            (Some(SourceSpec::Camera(index)), SourceStatus::Opening)
        }
        Err(e) => (
            None,
            SourceStatus::Missing {
                reason: format!("Cameras are unavailable: {e}"),
            },
        ),
    }
}

fn session_side(side: Option<Side>) -> Option<session::Side> {
    match side {
        Some(Side::Left) => Some(session::Side::Left),
        Some(Side::Right) => Some(session::Side::Right),
        Some(Side::Both) | None => None,
    }
}

/// The angle that shows an exercise's movement: the first angle its held phase is defined
/// by (e.g. the hip angle of the bridge), else its first angle measure.
pub fn key_angle(ex: &Exercise) -> Option<String> {
    let is_angle = |i: usize| ex.measure(i).is_some_and(|m| m.unit() == Unit::Angle);
    let from_phase = ex
        .phases
        .get(ex.hold_phase)
        .and_then(|p| p.when.iter().find(|c| is_angle(c.measure)))
        .and_then(|c| ex.measure(c.measure));
    from_phase
        .or_else(|| ex.measures.iter().find(|m| m.unit() == Unit::Angle))
        .map(|m| m.id.clone())
}

/// Holds of 5 s or more make a hold exercise (counted in completed holds); shorter ones
/// are the pause at the top of a rep (counted in reps).
const HOLD_EXERCISE_SECS: f32 = 5.0;

fn session_dose(ex: &Exercise) -> session::Dose {
    session::Dose {
        hold_secs: (ex.dose.hold_secs >= HOLD_EXERCISE_SECS)
            .then_some(f64::from(ex.dose.hold_secs)),
        reps: ex.dose.reps,
        sides: ex.sides.as_ref().map_or(1, |s| s.steps.len().max(1) as u32),
    }
}

/// Loads the catalogue as `formcheck run` does, turning problems into one message.
pub fn load_catalog() -> Result<Catalog, String> {
    content::load_default().map_err(|e| e.to_string())
}
