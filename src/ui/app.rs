//! [`FormcheckApp`]: the shell that routes input and pipeline events to the practice and
//! draws the current screen.
//!
//! Each UI frame: take the newest pipeline result and any events (never waiting), hand
//! coach events to [`Practice`] and carry out the [`Step`]s it answers (the worker's coach,
//! tones and voice, notices, the summary), tick the routine's countdowns, then draw the
//! current [`Screen`]. Screens draw from their own state and answer [`Action`]s, which the
//! shell applies. The pipeline is started lazily from the first frame (it needs the egui
//! context to wake the UI) and restarted when the source, camera or model changes; a lost
//! camera keeps the routine and the session and offers a reconnect. The per-frame work
//! (pipeline results and events, countdowns) is in `app/frame.rs`.

pub use super::action::{Action, AfterSafety, Screen};
pub use super::options::AppOptions;

mod frame;
mod own;
mod progress;

use super::controls::{self, Controls};
use super::feed::{describe_spec, probe_camera, Feed, SourceStatus};
use super::history::HistoryScreen;
use super::ice_heat::IceHeatScreen;
use super::live::LiveView;
use super::own::{OwnDialog, OwnLibrary};
use super::picker::Picker;
use super::progress::ProgressScreen;
use super::settings::SettingsScreen;
use super::source::SourcePanel;
use super::summary::SummaryScreen;
use super::teach::{TeachInput, TeachScreen};
use super::{bars, habits, messages, safety, theme};
use crate::audio::Cues;
use crate::pipeline::PipelineCommand;
use crate::pose::{models, ModelKind};
use crate::practice::{
    Attempt, Practice, RoutineState, RoutineTiming, SessionSetup, Step, SummaryOf,
};
use crate::prefs::Settings;
use crate::session::EndReason;
use crate::shutdown::Shutdown;
use crate::source::SourceSpec;
use eframe::egui::{self, Ui};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use web_time::Instant;

/// What the app keeps of its options after start.
#[derive(Debug, Clone)]
struct RunOptions {
    model: Option<ModelKind>,
    models_dir: Option<PathBuf>,
    settings_path: Option<PathBuf>,
    session_dir: Option<PathBuf>,
    audio: bool,
    shutdown: Shutdown,
    camera_stand_in: Option<SourceSpec>,
}

/// How often an idle window looks for a stop signal.
const SHUTDOWN_POLL: std::time::Duration = std::time::Duration::from_millis(250);

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
    summary: SummaryScreen,
    history: HistoryScreen,
    progress: ProgressScreen,
    ice_heat: IceHeatScreen,
    settings_screen: SettingsScreen,
    teach: TeachScreen,
    /// The person's own exercises, and the Edit or Delete dialog open for one.
    own: OwnLibrary,
    own_dialog: OwnDialog,
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
        let mut notices = VecDeque::new();
        if let Some(p) = &settings_problem {
            notices.push_back(format!("{p} (using defaults)"));
        }
        if !content_problems.is_empty() {
            notices.push_back(format!(
                "Your own exercise files have {} problem(s); those files were left out:\n{}",
                content_problems.len(),
                content_problems.join("\n")
            ));
        }
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
        let after = match (exercise, routine) {
            (Some(id), _) => AfterSafety::StartExercise(id.into()),
            (None, true) => AfterSafety::StartRoutine,
            _ => AfterSafety::Live,
        };
        let first = start_screen.unwrap_or(Screen::Live);
        let (screen, after_safety) =
            if !settings.safety_acknowledged || matches!(after, AfterSafety::StartRoutine) {
                (Screen::Safety, Some(after.clone()))
            } else {
                (first, None)
            };
        let mut practice = Practice::new(catalog);
        let feed = Feed::new(source, source_status, model.unwrap_or(settings.model));
        practice.frames_from(feed.epoch());
        let own = OwnLibrary::new(own_dir);
        let cues = if audio {
            Cues::new(settings.sounds, settings.voice)
        } else {
            Cues::silent()
        };
        let mut app = Self {
            feed,
            source_panel: SourcePanel::new(settings.last_path.clone().unwrap_or_default()),
            picker: Picker::new(practice.catalog(), own.own_ids()),
            teach: TeachScreen::new(settings.last_path.clone().unwrap_or_default()),
            own,
            own_dialog: OwnDialog::default(),
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
            summary: SummaryScreen::default(),
            history: HistoryScreen::default(),
            progress: ProgressScreen::default(),
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
        self.run.model.unwrap_or(self.settings.model)
    }

    fn notice(&mut self, text: String) {
        self.notices.push_back(text);
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

    /// Shows `screen`, as its button in the top bar does (tests and screenshots).
    pub fn show_screen(&mut self, screen: Screen) {
        self.navigate(screen);
    }

    fn navigate(&mut self, screen: Screen) {
        if screen == Screen::History {
            self.history.refresh();
        }
        if screen == Screen::Progress {
            self.progress.refresh();
        }
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
        self.summary.load(path);
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

    /// Where the model files are: `--models-dir`, else the default folder.
    fn models_dir(&self) -> PathBuf {
        self.run
            .models_dir
            .clone()
            .unwrap_or_else(models::default_models_dir)
    }

    fn start_pipeline(&mut self, ctx: &egui::Context) {
        let models_dir = self.models_dir();
        let waker_ctx = ctx.clone();
        self.feed.start(
            models_dir,
            self.model(),
            &self.settings,
            self.practice.current_coach(),
            Arc::new(move || waker_ctx.request_repaint()),
        );
    }

    // ---- Practice -------------------------------------------------------------------

    fn session_setup(&self) -> SessionSetup {
        let mut timing = RoutineTiming {
            rest_secs: self.settings.rest_secs.max(0.0),
            ..RoutineTiming::default()
        };
        if matches!(self.feed.source, Some(SourceSpec::Video(_))) {
            // A recording already shows the person in position: no time to get ready.
            timing.prepare_secs = 0.0;
        }
        SessionSetup {
            timing,
            session_dir: self.run.session_dir.clone(),
            model: self.model().as_str().to_owned(),
            source: self
                .feed
                .source
                .as_ref()
                .map_or_else(|| "none".to_owned(), describe_spec),
        }
    }

    /// Starts the guide's routine (after the safety screen).
    pub fn begin_routine(&mut self) {
        let setup = self.session_setup();
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
        let setup = self.session_setup();
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
            Err(why) => self.notice(why.to_string()),
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
        for step in steps {
            match step {
                Step::StartCoach(run) => {
                    self.feed.carried_coach = None;
                    self.feed.send(PipelineCommand::SetCoach(Some(run)));
                }
                Step::StopCoach => {
                    self.feed.carried_coach = None;
                    self.feed.send(PipelineCommand::SetCoach(None));
                }
                Step::Tone(t) => self.cues.tone(t),
                Step::Say(text) => self.cues.say(&text),
                Step::Notice(text) => self.notice(text),
                Step::Summary(SummaryOf::File(path)) => {
                    self.load_summary(&path);
                    self.summary.ask_end_rating();
                }
                Step::Summary(SummaryOf::NotRecorded(why)) => {
                    self.summary.not_recorded(why.as_ref());
                    self.screen = Screen::Summary;
                }
            }
        }
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
            Action::Navigate(screen) => self.navigate(screen),
            Action::SettingsChanged(before) => self.settings_changed(&before),
            Action::ReportDetails { for_whom, answered } => {
                self.settings.patient_name = for_whom.patient;
                self.settings.programme_by = for_whom.programme_by;
                self.settings.report_include_video = for_whom.include_video;
                self.settings.report_details_asked |= answered;
                self.save_settings();
                self.progress.refresh();
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
                if let Err(e) = crate::practice::pain::rate_after_close(&path, rating) {
                    self.notice(format!("The pain rating was not saved: {e}"));
                }
                self.summary.load(&path);
            }
            Action::AcceptHold {
                exercise,
                hold_secs,
            } => self.accept_hold(exercise, hold_secs),
            Action::DeclineHold(declined) => self.decline_hold(declined),
            Action::TeachRecord => self.teach_record(),
            Action::TeachVideo => self.teach_video(),
            Action::EditOwn(id) => self.open_own_dialog(&id, false),
            Action::DeleteOwn(id) => self.open_own_dialog(&id, true),
            Action::OwnChanged(select) => self.own_changed(select),
            Action::EditDose(id) => self.open_dose_dialog(&id),
            Action::SetDose { exercise, dose } => self.set_dose(exercise, &dose),
        }
    }

    fn settings_changed(&mut self, before: &Settings) {
        let restart = self.settings.camera_index != before.camera_index
            || self.settings.camera_width != before.camera_width
            || self.settings.camera_height != before.camera_height
            || (self.settings.model != before.model && self.run.model.is_none());
        self.save_settings();
        if restart {
            if matches!(self.feed.source, Some(SourceSpec::Camera(_))) {
                self.use_camera();
            } else if self.settings.model != before.model {
                self.restart_pipeline();
            }
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
        self.poll_shutdown(&ctx);
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
        actions.extend(self.own_dialog.ui(&ctx, &self.own));
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

    /// A stop signal closes the window (and `on_exit` ends the session); until one comes the
    /// window wakes now and then to look, even when nothing else repaints it.
    fn poll_shutdown(&self, ctx: &egui::Context) {
        if self.run.shutdown.requested() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            ctx.request_repaint_after(SHUTDOWN_POLL);
        }
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
                mirror: self.settings.mirrors(self.live_camera()),
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
            Screen::Summary => {
                let input = progress::input(&self.run, &self.practice, &self.settings);
                self.summary.ui(ui, &input).into_iter().collect()
            }
            Screen::History => {
                let details = progress::report_details(&self.settings);
                self.history
                    .ui(
                        ui,
                        self.run.session_dir.as_deref(),
                        self.practice.catalog(),
                        &details,
                    )
                    .into_iter()
                    .collect()
            }
            Screen::Progress => {
                let input = progress::input(&self.run, &self.practice, &self.settings);
                self.progress.ui(ui, &input).into_iter().collect()
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
                let models_dir = self.models_dir();
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
                    own: &self.own,
                    live: &self.live,
                    status: &self.feed.status,
                    mirror: self.settings.mirrors(self.live_camera()),
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
