//! [`FormcheckApp`]: the shell that routes input and pipeline events to the practice and
//! draws the current screen.
//!
//! Each UI frame: take the newest pipeline result and any events (never waiting), hand
//! coach events to [`Practice`] and carry out the [`Step`]s it answers (the worker's coach,
//! tones and voice, notices, the summary), tick the routine's countdowns, then draw the
//! current [`Screen`]. Screens draw from their own state and answer [`Action`]s, which the
//! shell applies. The pipeline is started lazily from the first frame (it needs the egui
//! context to wake the UI) and restarted when the source, camera or model changes; a lost
//! camera keeps the routine and the session and offers a reconnect.
//!
//! `FormcheckApp` is written here alone; the parts it holds that have work of their own are
//! types in `app/`: a pipeline event routed (`frame::Events`), the practice's steps carried
//! out (`steps::Carry`), the person's own exercises and their dialogs (`own::Own`), the
//! screens over the recorded sessions (`progress::Records`), the options kept after start
//! (`run::RunOptions`) and the first notices and screen (`start::Start`). A part answers
//! what the shell must carry out (`Then`, `Done`).

pub use super::action::{Action, AfterSafety, Screen};
pub use super::options::AppOptions;

mod frame;
mod own;
mod progress;
mod run;
mod start;
mod steps;

use super::controls::{self, Controls};
use super::feed::{probe_camera, Feed, SourceStatus};
use super::ice_heat::IceHeatScreen;
use super::live::LiveView;
use super::picker::Picker;
use super::settings::SettingsScreen;
use super::source::SourcePanel;
use super::teach::{TeachInput, TeachScreen};
use super::{bars, habits, messages, safety, theme};
use crate::audio::{Cues, Tone};
use crate::pipeline::PipelineEvent;
use crate::pose::{ModelKind, PoseConfig};
use crate::practice::{Attempt, Practice, RoutineState, Step};
use crate::prefs::Settings;
use crate::session::EndReason;
use crate::source::SourceSpec;
use eframe::egui::{self, Ui};
use frame::{Events, Then};
use own::Own;
use progress::Records;
use run::RunOptions;
use start::Start;
use std::collections::VecDeque;
use std::time::Duration;
use steps::Carry;
use web_time::Instant;

/// The app.
pub struct FormcheckApp {
    run: RunOptions,
    settings: Settings,
    cues: Cues,
    screen: Screen,
    after_safety: Option<AfterSafety>,
    notices: VecDeque<String>,
    practice: Practice,
    feed: Feed,
    live: LiveView,
    source_panel: SourcePanel,
    picker: Picker,
    /// The summary, History and Progress screens.
    records: Records,
    ice_heat: IceHeatScreen,
    settings_screen: SettingsScreen,
    teach: TeachScreen,
    /// The person's own exercises, and the Edit, Delete or dose dialog open for one.
    own: Own,
    /// The key help is shown over the screen.
    key_help: bool,
    last_tick: Option<Instant>,
}

impl FormcheckApp {
    pub fn new(options: AppOptions) -> Self {
        let AppOptions {
            source,
            exercise,
            routine,
            model,
            models_dir,
            settings_path,
            settings,
            settings_problem,
            catalog,
            content_problems,
            own_dir,
            session_dir,
            audio,
            no_camera_probe,
            camera_stand_in,
            start_screen,
            shutdown,
        } = options;
        let Start {
            notices,
            screen,
            after_safety,
            after,
        } = Start::of(
            &settings,
            start::Asked {
                settings_problem: settings_problem.as_deref(),
                content_problems: &content_problems,
                exercise,
                routine,
                start_screen,
            },
        );
        let (source, source_status) = match source {
            Some(s) => (Some(s), SourceStatus::Opening),
            None if no_camera_probe => (
                None,
                SourceStatus::Missing {
                    reason: crate::ui::feed::NO_CAMERA.into(),
                },
            ),
            None => probe_camera(&settings),
        };
        let mut practice = Practice::new(catalog);
        let feed = Feed::new(source, source_status, model.unwrap_or(settings.model));
        practice.frames_from(feed.epoch());
        let own = Own::new(own_dir);
        let cues = if audio {
            Cues::new(settings.sounds, settings.voice)
        } else {
            Cues::silent()
        };
        let mut app = Self {
            feed,
            source_panel: SourcePanel::new(settings.last_path.clone().unwrap_or_default()),
            picker: Picker::new(practice.catalog(), own.library.own_ids()),
            teach: TeachScreen::new(settings.last_path.clone().unwrap_or_default()),
            own,
            run: RunOptions {
                model,
                models_dir,
                settings_path,
                session_dir,
                audio,
                shutdown,
                camera_stand_in,
            },
            settings,
            cues,
            screen,
            after_safety,
            notices,
            practice,
            live: LiveView::default(),
            records: Records::default(),
            ice_heat: IceHeatScreen::default(),
            settings_screen: SettingsScreen::default(),
            key_help: false,
            last_tick: None,
        };
        if app.screen != Screen::Safety {
            app.run_after(after);
        }
        app
    }

    /// The coach's view the live screen shows now (the browser page publishes it).
    pub fn live_view(&self) -> Option<&crate::coach::CoachView> {
        self.live.view()
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }
    pub fn routine(&self) -> Option<&RoutineState> {
        self.practice.routine()
    }

    pub fn practice(&self) -> &Practice {
        &self.practice
    }

    /// The attempt being coached now.
    pub fn attempt(&self) -> Option<Attempt> {
        self.practice.attempt()
    }

    pub fn source_status(&self) -> &SourceStatus {
        &self.feed.status
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    /// The newest notice over the status bar (the browser page publishes it).
    pub fn notice(&self) -> Option<&str> {
        self.notices.back().map(String::as_str)
    }

    /// Whether the picture comes from a live camera (mirrored by default; files are not).
    fn live_camera(&self) -> bool {
        matches!(self.feed.source, Some(SourceSpec::Camera(_)))
    }

    /// Whether the picture is shown mirrored now.
    pub fn mirrored(&self) -> bool {
        self.settings.mirrors(self.live_camera())
    }

    /// The model this run uses.
    fn model(&self) -> ModelKind {
        self.run.model(&self.settings)
    }

    fn save_settings(&mut self) {
        if let Some(path) = &self.run.settings_path {
            if let Err(e) = self.settings.save(path) {
                self.notices.push_back(e.to_string());
            }
        }
        self.cues.sounds = self.settings.sounds;
        self.cues.voice = self.settings.voice;
    }

    /// Shows `screen`, as its button in the top bar does (and tests and screenshots).
    pub fn show_screen(&mut self, screen: Screen) {
        self.records.opening(screen);
        if screen == Screen::Safety {
            self.after_safety = None;
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
    /// The source stops meanwhile and starts again, from its beginning, when the routine does.
    pub fn request_routine(&mut self) {
        self.after_safety = Some(AfterSafety::StartRoutine);
        self.screen = Screen::Safety;
        if self.feed.pipeline_running() {
            self.restart_pipeline();
        }
    }

    /// Shows a bad `--source` on the no-source screen.
    pub fn report_path_problem(&mut self, problem: String) {
        self.feed.status = SourceStatus::Missing {
            reason: "The source given on the command line cannot be used.".into(),
        };
        self.source_panel.problem = Some(problem);
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

    fn load_summary(&mut self, path: &std::path::Path) {
        self.records.summary.load(path);
        self.screen = Screen::Summary;
    }

    // ---- Sources --------------------------------------------------------------------

    /// Opens a user-typed path (video or image folder); a bad path is reported, not fatal.
    pub fn open_path(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            self.source_panel.problem =
                Some("Type the path of a video file or an image folder.".into());
            return;
        }
        match SourceSpec::parse(text) {
            Ok(spec) => {
                self.source_panel.problem = None;
                self.settings.last_path = Some(text.to_owned());
                self.save_settings();
                self.set_source(spec);
            }
            Err(e) => self.source_panel.problem = Some(e.to_string()),
        }
    }

    fn set_source(&mut self, spec: SourceSpec) {
        self.feed.set_source(spec);
        self.live.clear();
        self.worker_stopped();
    }

    fn use_camera(&mut self) {
        if let Some(spec) = self.run.camera_stand_in.clone() {
            self.set_source(spec);
            return;
        }
        match probe_camera(&self.settings) {
            (Some(spec), _) => self.set_source(spec),
            (None, status) => {
                self.feed.clear_source(status);
                self.worker_stopped();
            }
        }
    }

    /// Restarts the pipeline with the same source (reconnect, or new camera/model settings),
    /// carrying the current coach over.
    fn restart_pipeline(&mut self) {
        if self.feed.restart() {
            self.worker_stopped();
        } else {
            self.use_camera();
        }
    }

    /// A worker was stopped: the attempts it was ending will send nothing more.
    fn worker_stopped(&mut self) {
        let steps = self.practice.worker_gone();
        self.apply_steps(steps);
    }

    fn start_pipeline(&mut self, ctx: &egui::Context) {
        let models_dir = self.run.models_dir();
        self.feed.start(
            models_dir,
            self.model(),
            &self.settings,
            self.practice.current_coach(),
            ctx,
        );
    }

    // ---- Practice -------------------------------------------------------------------

    /// Starts the guide's routine (after the safety screen).
    pub fn begin_routine(&mut self) {
        let setup = self
            .run
            .session_setup(&self.settings, self.feed.source.as_ref());
        let started = self.practice.begin_routine(&setup);
        self.started(started);
    }

    /// Starts free practice of one exercise from the picker. A video plays again from its
    /// beginning: what played before was only the pose preview, and nothing may count from
    /// the middle of a recording.
    pub fn practise(&mut self, id: &str) {
        if matches!(self.feed.source, Some(SourceSpec::Video(_))) && self.feed.pipeline_running() {
            self.restart_pipeline();
        }
        self.begin_exercise(id);
    }

    /// Starts free practice of one exercise.
    pub fn begin_exercise(&mut self, id: &str) {
        let setup = self
            .run
            .session_setup(&self.settings, self.feed.source.as_ref());
        let started = self.practice.begin_exercise(id, &setup);
        self.started(started);
    }

    fn started(&mut self, started: Result<Vec<Step>, crate::practice::CannotStart>) {
        match started {
            Ok(steps) => {
                self.apply_steps(steps);
                self.last_tick = None;
                self.screen = Screen::Live;
            }
            Err(why) => self.notices.push_back(why.to_string()),
        }
    }

    /// Ends the session; with `show`, its summary is shown once it has closed.
    pub fn end_session(&mut self, reason: EndReason, show: bool) {
        let steps = self.practice.end_session(reason, show);
        self.apply_steps(steps);
    }

    /// Routine controls (buttons and keys).
    pub fn routine_skip(&mut self) {
        let steps = self.practice.skip();
        self.apply_steps(steps);
    }

    pub fn routine_back(&mut self) {
        let steps = self.practice.back();
        self.apply_steps(steps);
    }

    pub fn routine_toggle_pause(&mut self) {
        self.practice.toggle_pause();
    }

    pub fn routine_start_now(&mut self) {
        let steps = self.practice.start_now();
        self.apply_steps(steps);
    }

    /// Carries out what the practice asked for.
    fn apply_steps(&mut self, steps: Vec<Step>) {
        Carry {
            feed: &mut self.feed,
            cues: &mut self.cues,
            notices: &mut self.notices,
            records: &mut self.records,
            screen: &mut self.screen,
        }
        .out(steps);
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::AcknowledgeSafety => self.acknowledge_safety(),
            Action::RequestRoutine => self.request_routine(),
            Action::StartExercise(id) => self.practise(&id),
            Action::Skip => self.routine_skip(),
            Action::Back => self.routine_back(),
            Action::TogglePause => self.routine_toggle_pause(),
            Action::StartNow => self.routine_start_now(),
            Action::EndSession(reason) => self.end_session(reason, true),
            Action::OpenPath(text) => self.open_path(&text),
            Action::UseCamera => self.use_camera(),
            Action::RestartPipeline => self.restart_pipeline(),
            Action::CameraGoOn => {
                if let SourceStatus::CameraBack { describe } = &self.feed.status {
                    self.feed.status = SourceStatus::Running {
                        describe: describe.clone(),
                    };
                    self.practice.set_paused(false);
                }
            }
            Action::ChooseSource => {
                self.feed.status = SourceStatus::Missing {
                    reason: "Choose a video or an image folder.".into(),
                };
                self.live.clear();
            }
            Action::OpenSummary(path) => self.load_summary(&path),
            Action::Navigate(screen) => self.show_screen(screen),
            Action::SettingsChanged(before) => self.settings_changed(&before),
            Action::ReportDetails { for_whom, answered } => {
                self.settings.patient_name = for_whom.patient;
                self.settings.programme_by = for_whom.programme_by;
                self.settings.report_include_video = for_whom.include_video;
                self.settings.report_details_asked |= answered;
                self.save_settings();
                self.records.progress.refresh();
            }
            Action::ToggleMirror => {
                self.settings.toggle_mirror(self.live_camera());
                self.save_settings();
            }
            Action::ToggleMute => {
                let on = self.settings.sounds || self.settings.voice;
                self.settings.sounds = !on;
                self.settings.voice = !on;
                self.save_settings();
            }
            Action::DismissNotices => self.notices.clear(),
            Action::ToggleKeyHelp => self.key_help = !self.key_help,
            Action::ItHurts => {
                let steps = self.practice.it_hurts(self.live.view());
                self.apply_steps(steps);
            }
            Action::HurtAnswer(answer) => self.practice.hurt_answer(answer),
            Action::HurtWayOn(way) => {
                let steps = self.practice.hurt_way_on(way);
                self.apply_steps(steps);
            }
            Action::RatePain(when, rating) => self.practice.rate_pain(when, rating),
            Action::RateEndPain(path, rating) => {
                let said = self.records.rate_end_pain(&path, rating);
                self.notices.extend(said);
            }
            // Remembered in the settings, so it is not asked at every session.
            Action::DeclineHold(declined) => {
                self.notices
                    .push_back(crate::ui::progress::declined_words(&declined));
                self.settings.declined_holds.push(declined);
                self.save_settings();
                self.records.doses_changed();
            }
            Action::TeachRecord => {
                // The camera becomes the source (when it is not already), and the teach
                // screen counts down.
                let stand_in = self.run.camera_stand_in.is_some()
                    && self.feed.source == self.run.camera_stand_in;
                if !stand_in && !matches!(self.feed.source, Some(SourceSpec::Camera(_))) {
                    self.use_camera();
                }
                self.teach.start_countdown();
            }
            // Read with the model this run uses.
            Action::TeachVideo => self
                .teach
                .start_video(PoseConfig::new(self.run.models_dir(), self.model())),
            own @ (Action::EditOwn(_)
            | Action::DeleteOwn(_)
            | Action::OwnChanged(_)
            | Action::EditDose(_)
            | Action::SetDose { .. }
            | Action::AcceptHold { .. }) => {
                let settings_path = self.run.settings_path.as_deref();
                let done = self
                    .own
                    .apply(own, &mut self.practice, &mut self.picker, settings_path);
                self.own_done(done);
            }
        }
    }

    /// Carries out what a change to the own exercises asked for.
    fn own_done(&mut self, done: own::Done) {
        self.notices.extend(done.notices);
        if done.doses_changed {
            self.records.doses_changed();
        }
    }

    /// Teaches from recorded poses, as when a camera recording stops (tests use it).
    pub fn teach_poses(&mut self, frames: crate::ui::teach::Frames) {
        self.screen = Screen::Teach;
        self.teach.teach_poses(frames);
    }

    /// Whether the teach screen shows a result.
    pub fn teach_has_result(&self) -> bool {
        self.teach.has_result()
    }

    fn settings_changed(&mut self, before: &Settings) {
        self.save_settings();
        if self.run.restarts(before, &self.settings) {
            if matches!(self.feed.source, Some(SourceSpec::Camera(_))) {
                self.use_camera();
            } else if self.settings.model != before.model {
                self.restart_pipeline();
            }
        }
    }

    /// Everything but drawing: pipeline results and events, countdowns.
    fn update_state(&mut self, ctx: &egui::Context) {
        // Nothing plays or counts behind the safety screen: the source starts (a video at its
        // beginning) once the person has read it.
        if self.feed.pending_start() && self.after_safety.is_none() {
            self.start_pipeline(ctx);
        }
        let now = Instant::now();
        let dt = self
            .last_tick
            .map_or(0.0, |t| now.duration_since(t).as_secs_f32());
        self.last_tick = Some(now);

        let (events, worker_done) = self.feed.drain();
        for e in events {
            self.on_pipeline_event(e);
        }
        self.feed.sample_rate();
        if worker_done {
            self.worker_stopped();
        }
        if let Some(result) = self.feed.latest() {
            // The source delivers: a session waiting for its first picture is recorded now.
            let steps = self.practice.frame_arrived();
            self.apply_steps(steps);
            self.live.show_frame(ctx, result, now);
        }

        let steps = self.practice.tick(dt.min(1.0));
        self.apply_steps(steps);
        // The coach runs only while the routine is coaching and the source delivers.
        self.feed.set_paused(!self.practice.coaching());
        // Pause holds a video where it is (a camera stays live).
        self.feed
            .hold_source(self.practice.routine().is_some_and(|r| r.is_paused()));
        if self.ice_heat.tick(f64::from(dt.min(1.0))) {
            self.cues.tone(Tone::HoldDone);
            self.cues.say(&format!(
                "{} time is up.",
                self.ice_heat.countdown.therapy.name()
            ));
        }
        if let Some(action) = self.teach.tick(dt.min(1.0), &self.own.library) {
            self.apply(action);
        }
        // A recording from the camera counts the people in about one picture a second.
        self.feed.count_people(self.teach.recording());
        if self.teach.busy() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        if let Some(view) = self.live.view() {
            self.practice.view_shown(view);
        }
        self.practice.poll_flush();
        if self.ice_heat.countdown.is_running() || self.practice.counting_down() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    /// Reacts to one pipeline event (the frame loop calls it; tests inject events).
    pub fn on_pipeline_event(&mut self, event: PipelineEvent) {
        let then = Events {
            feed: &mut self.feed,
            practice: &mut self.practice,
            teach: &mut self.teach,
            source_panel: &mut self.source_panel,
            notices: &mut self.notices,
        }
        .route(event);
        match then {
            Some(Then::Steps(steps)) => self.apply_steps(steps),
            Some(Then::EndSession(reason)) => self.end_session(reason, true),
            None => {}
        }
    }

    // ---- Drawing --------------------------------------------------------------------

    /// Draws the whole app into `ui` (what `eframe::App::ui` calls; tests call it directly).
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        theme::apply_display(
            &ctx,
            self.settings.high_contrast,
            self.settings.text_scale(),
        );
        self.run.poll_shutdown(&ctx);
        self.update_state(&ctx);
        let mut actions = Vec::new();
        if controls::help_key(ui) {
            actions.push(Action::ToggleKeyHelp);
        }
        let bar_fill = ui.visuals().window_fill;
        egui::Panel::top("nav")
            .frame(egui::Frame::new().fill(bar_fill).inner_margin(8))
            .show(ui, |ui| {
                actions.extend(bars::nav_ui(ui, self.screen, self.key_help));
            });
        // The status line (source, frame rate, latency) is a measurement: shown only when
        // asked for in Settings.
        if self.settings.show_measurements {
            egui::Panel::bottom("status")
                .frame(egui::Frame::new().fill(bar_fill).inner_margin(6))
                .show(ui, |ui| bars::status_ui(ui, &self.feed, &self.live));
        }
        // On the live screen the notices sit under the picture, not under the coach panel
        // (dismissing one moved Resume and Skip).
        if self.screen != Screen::Live {
            actions.extend(messages::notice_strip_ui(ui, &self.notices));
        }
        match self.screen {
            Screen::Live => actions.extend(self.live_ui(ui)),
            screen => {
                egui::CentralPanel::default()
                    .show(ui, |ui| actions.extend(self.screen_ui(ui, screen)));
            }
        }
        actions.extend(self.own.dialog.ui(&ctx, &self.own.library));
        if let Some(hurt) = self.practice.hurt() {
            actions.extend(super::pain::hurt_ui(&ctx, hurt));
        }
        if self.key_help {
            actions.extend(controls::key_help_ui(
                &ctx,
                Controls::of(self.practice.routine()),
                self.screen == Screen::Safety,
            ));
        }
        for action in actions {
            self.apply(action);
        }
    }

    /// Whether the key help is open.
    pub fn key_help_open(&self) -> bool {
        self.key_help
    }

    fn live_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        // Keys act at once, so this frame already shows their effect; none while the key
        // help is open, and only those whose button is offered.
        if !self.key_help && self.practice.hurt().is_none() {
            let controls = Controls::of(self.practice.routine());
            for action in controls::keys(ui, controls) {
                self.apply(action);
            }
        }
        self.live.ui(
            ui,
            &super::live::LiveInput {
                practice: &self.practice,
                status: &self.feed.status,
                model_problem: self.feed.model_problem.as_deref(),
                mirror: self.mirrored(),
                camera_fps: self.feed.camera_fps(),
                measurements: self.settings.show_measurements,
                muted: !(self.settings.sounds || self.settings.voice),
                notices: &self.notices,
            },
            &mut self.source_panel,
            &mut self.picker,
        )
    }

    fn screen_ui(&mut self, ui: &mut Ui, screen: Screen) -> Vec<Action> {
        match screen {
            Screen::Safety => safety::safety_ui(
                ui,
                self.after_safety.as_ref(),
                self.settings.safety_acknowledged,
                !self.key_help,
            )
            .into_iter()
            .collect(),
            Screen::Summary | Screen::History | Screen::Progress => {
                let input = progress::input(&self.run, &self.practice, &self.settings);
                self.records.ui(ui, screen, &input).into_iter().collect()
            }
            Screen::IceHeat => {
                self.ice_heat.ui(ui);
                Vec::new()
            }
            Screen::Habits => {
                habits::habits_ui(ui);
                Vec::new()
            }
            Screen::Settings => {
                let models_dir = self.run.models_dir();
                self.settings_screen.ui(
                    ui,
                    &mut self.settings,
                    &super::settings::SettingsInput {
                        cues: &self.cues,
                        audio: self.run.audio,
                        cli_model: self.run.model,
                        models_dir: &models_dir,
                        status: &self.feed.status,
                    },
                    &mut self.source_panel,
                )
            }
            Screen::Teach => self.teach.ui(
                ui,
                &TeachInput {
                    own: &self.own.library,
                    live: &self.live,
                    status: &self.feed.status,
                    mirror: self.mirrored(),
                },
            ),
            Screen::Live => Vec::new(),
        }
    }
}

impl eframe::App for FormcheckApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.end_session(EndReason::Quit, false);
        self.feed.stop();
        self.worker_stopped();
    }
}
