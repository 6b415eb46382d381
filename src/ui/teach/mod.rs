//! The "Teach an exercise" screen: show an exercise once, see what was understood, name
//! it and save it among your own.
//!
//! Its state is a small machine ([`Stage`]):
//! - `Choose`: what kind of exercise (reps or a hold, one side or each), then the source:
//!   "Record from the camera" or "Use a video" (a path, as the app opens videos; in the
//!   browser the page's file picker, and the chosen video becomes the pipeline's source:
//!   it is recorded from its start to its end as the camera is, with no countdown, then
//!   the camera comes back);
//! - `Countdown` (3-2-1, big) → `Recording` (the live picture with its skeleton, the
//!   seconds, Stop; it ends by itself after [`RECORD_SECS`]); the app hands it each pose
//!   ([`TeachScreen::on_frame`]) and, while it records, the people the live pipeline's worker
//!   counted in about one picture a second ([`TeachScreen::on_people`]); two or more in at
//!   least half of them is `MoreThanOnePerson`, as for a video;
//! - `Working`: a [`job::Job`] off the UI thread reads the video through the pose model
//!   and teaches, with its progress;
//! - `Failed`: the `TeachError`'s words and "Try again";
//! - `Result`: the two positions drawn with their measures (`result.rs`) and the form
//!   (`form.rs`): Save teaches again from the kept poses with the form's choices, checks
//!   the id and writes the file into the own folder; then "Add to my routine".

mod form;
mod job;
mod result;

pub use job::Frames;
pub use result::measures_text;

use super::action::Action;
use super::feed::SourceStatus;
use super::live::LiveView;
use super::own::OwnLibrary;
use super::{overlay, theme, widgets};
use crate::body::Pose;
use crate::frame::Timestamp;
use crate::pose::PoseConfig;
use crate::teach::{DoseAsked, Request, SidesAsked, Taught};
use eframe::egui::{self, RichText, Ui};
use form::Form;
use job::{Finished, Job};
use std::sync::Arc;

/// Seconds of countdown before recording.
pub const COUNTDOWN_SECS: f32 = 3.0;
/// The longest recording; Stop ends it sooner.
pub const RECORD_SECS: f32 = 20.0;

/// Where the screen is.
#[derive(Debug, Default)]
enum Stage {
    #[default]
    Choose,
    Countdown {
        left: f32,
    },
    Recording {
        secs: f32,
        frames: Frames,
        first: Option<Timestamp>,
        /// The people in each picture the worker counted.
        people: Vec<usize>,
        /// A video played as the pipeline's source (the browser), read to its end.
        video: bool,
    },
    Working {
        job: Job,
        what: &'static str,
    },
    Failed(String),
    Result(Box<Outcome>),
}

/// A demonstration taught: its poses (to teach again with the form's choices) and what
/// was found; a save in progress, and what was saved.
#[derive(Debug)]
struct Outcome {
    frames: Arc<Frames>,
    taught: Taught,
    saving: Option<Job>,
}

/// What the screen reads from the app.
pub struct TeachInput<'a> {
    pub own: &'a OwnLibrary,
    pub live: &'a LiveView,
    pub status: &'a SourceStatus,
    pub mirror: bool,
}

/// The teach screen's state.
#[derive(Debug, Default)]
pub struct TeachScreen {
    stage: Stage,
    form: Form,
    /// The video path field.
    pub video_path: String,
    /// Why the last source could not be used (no camera, a bad path).
    problem: Option<String>,
    /// What the app is to do at the next tick (the camera back after a video).
    after: Option<Action>,
}

impl TeachScreen {
    pub fn new(video_path: String) -> Self {
        Self {
            video_path,
            ..Self::default()
        }
    }

    /// The request the form asks for now.
    fn request(&self) -> Request {
        self.form.request()
    }

    /// Starts the countdown (the app has switched to the camera).
    pub fn start_countdown(&mut self) {
        self.problem = None;
        self.stage = Stage::Countdown {
            left: COUNTDOWN_SECS,
        };
    }

    /// Reads and teaches from the video at the path field. In the browser, asks the page's
    /// file picker for one instead: the video chosen is recorded as the pipeline's source
    /// (`choose_ui`).
    pub fn start_video(&mut self, pose: PoseConfig) {
        #[cfg(target_arch = "wasm32")]
        {
            let _ = pose;
            self.problem = None;
            crate::source::page::ask_for_video();
        }
        #[cfg(not(target_arch = "wasm32"))]
        self.read_video(pose);
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn read_video(&mut self, pose: PoseConfig) {
        let path = self.video_path.trim().to_owned();
        if path.is_empty() {
            self.problem = Some("Type the path of a video file or an image folder.".into());
            return;
        }
        self.problem = None;
        self.stage = Stage::Working {
            job: Job::video(path, pose, self.request()),
            what: "Reading the video",
        };
    }

    /// Teaches from poses already recorded (tests; the camera recording also has its
    /// people counted, [`TeachScreen::stop_recording`]).
    pub fn teach_poses(&mut self, frames: Frames) {
        self.stage = Stage::Working {
            job: Job::teach(Arc::new(frames), self.request()),
            what: "Teaching",
        };
    }

    /// Why the last demonstration cannot teach, while that is on screen.
    pub fn failure(&self) -> Option<&str> {
        match &self.stage {
            Stage::Failed(why) => Some(why),
            _ => None,
        }
    }

    /// Whether the camera is being recorded now (its people are to be counted).
    pub fn recording(&self) -> bool {
        matches!(self.stage, Stage::Recording { .. })
    }

    /// The people the worker counted in the picture at `ts`, kept while recording.
    pub fn on_people(&mut self, ts: Timestamp, count: usize) {
        if let Stage::Recording { people, first, .. } = &mut self.stage {
            // A count from before the recording's first picture (sent late) is not its own.
            if first.is_none_or(|t0| ts >= t0) {
                people.push(count);
            }
        }
    }

    /// Whether the camera's poses are wanted now (counting down or recording).
    pub fn wants_camera(&self) -> bool {
        matches!(
            self.stage,
            Stage::Countdown { .. } | Stage::Recording { video: false, .. }
        )
    }

    /// The video being recorded reached its end: it is taught, and the camera comes back.
    pub fn source_ended(&mut self) {
        if matches!(self.stage, Stage::Recording { video: true, .. }) {
            self.stop_recording();
            self.after = Some(Action::UseCamera);
        }
    }

    /// The video being recorded cannot be played (`message` says why): back to the choice,
    /// saying so, and the camera comes back.
    pub fn source_failed(&mut self, message: &str) {
        if matches!(self.stage, Stage::Recording { video: true, .. }) {
            self.problem = Some(format!("{message} Nothing was taught from it."));
            self.stage = Stage::Choose;
            self.after = Some(Action::UseCamera);
        }
    }

    /// Whether a result is on screen.
    pub fn has_result(&self) -> bool {
        matches!(self.stage, Stage::Result(_))
    }

    /// One picture's pose from the live pipeline, at `ts` on its clock.
    pub fn on_frame(&mut self, ts: Timestamp, pose: Option<&Pose>) {
        if let Stage::Recording { frames, first, .. } = &mut self.stage {
            let t0 = *first.get_or_insert(ts);
            frames.push((Timestamp(ts.nanos() - t0.nanos()), pose.cloned()));
        }
    }

    /// The clock: the countdown and the recording's length; the jobs' results. A save that
    /// finished answers [`Action::OwnChanged`].
    pub fn tick(&mut self, dt: f32, own: &OwnLibrary) -> Option<Action> {
        if let Some(action) = self.after.take() {
            return Some(action);
        }
        match &mut self.stage {
            Stage::Countdown { left } => {
                *left -= dt;
                if *left <= 0.0 {
                    self.stage = Stage::Recording {
                        secs: 0.0,
                        frames: Frames::new(),
                        first: None,
                        people: Vec::new(),
                        video: false,
                    };
                }
            }
            Stage::Recording { secs, video, .. } => {
                *secs += dt;
                // A video is read to its end, as on the desktop.
                if !*video && *secs >= RECORD_SECS {
                    self.stop_recording();
                }
            }
            Stage::Working { job, .. } => match job.poll()? {
                Finished::Taught { frames, result } => {
                    self.stage = match *result {
                        Ok(taught) => {
                            self.form.taught();
                            Stage::Result(Box::new(Outcome {
                                frames,
                                taught,
                                saving: None,
                            }))
                        }
                        Err(e) => Stage::Failed(e.to_string()),
                    };
                }
                Finished::Failed(why) => {
                    self.problem = Some(why);
                    self.stage = Stage::Choose;
                }
            },
            Stage::Result(outcome) => {
                let finished = outcome.saving.as_mut()?.poll()?;
                outcome.saving = None;
                return self.form.saved(finished, outcome, own);
            }
            Stage::Choose | Stage::Failed(_) => {}
        }
        None
    }

    /// Whether the screen needs frequent repaints (a clock or a job runs).
    pub fn busy(&self) -> bool {
        match &self.stage {
            Stage::Countdown { .. } | Stage::Recording { .. } | Stage::Working { .. } => true,
            Stage::Result(o) => o.saving.is_some(),
            Stage::Choose | Stage::Failed(_) => false,
        }
    }

    /// The recording ends: its people are checked, then it teaches.
    fn stop_recording(&mut self) {
        if let Stage::Recording { frames, people, .. } = std::mem::take(&mut self.stage) {
            self.stage = Stage::Working {
                job: Job::recorded(Arc::new(frames), people, self.request()),
                what: "Teaching",
            };
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, input: &TeachInput<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        // A camera that cannot be used sends the person back to the choice, saying why.
        if self.wants_camera() {
            if let SourceStatus::Missing { reason }
            | SourceStatus::CameraLost {
                message: reason, ..
            } = input.status
            {
                self.problem = Some(format!(
                    "{reason} Use a video instead, or plug a camera in."
                ));
                self.stage = Stage::Choose;
            }
        }
        ui.label(
            RichText::new("Teach an exercise")
                .size(theme::TITLE)
                .strong(),
        );
        match &mut self.stage {
            Stage::Choose => actions.extend(self.choose_ui(ui)),
            Stage::Countdown { left } => {
                let n = left.ceil().max(1.0);
                ui.label(
                    RichText::new("Get into your start position, side-on to the camera.")
                        .size(theme::BODY),
                );
                ui.label(
                    RichText::new(format!("{n:.0}"))
                        .size(theme::BIG_NUMBER * 2.0)
                        .strong()
                        .color(theme::ACCENT),
                );
                picture_ui(ui, input);
            }
            Stage::Recording {
                secs,
                frames,
                video,
                ..
            } => {
                if recording_ui(ui, *secs, frames.len(), *video, input) {
                    // A video stopped early is taught from what was read, as its end is.
                    if *video {
                        self.source_ended();
                    } else {
                        self.stop_recording();
                    }
                }
            }
            Stage::Working { job, what } => working_ui(ui, job, what),
            Stage::Failed(why) => {
                widgets::banner_ui(
                    ui,
                    "This demonstration cannot teach.",
                    widgets::BannerKind::Problem,
                );
                ui.label(RichText::new(why.as_str()).size(theme::BODY + 2.0));
                if ui
                    .button(RichText::new("Try again").size(theme::TITLE))
                    .clicked()
                {
                    self.stage = Stage::Choose;
                }
            }
            Stage::Result(outcome) => {
                let again = egui::ScrollArea::vertical()
                    .show(ui, |ui| {
                        result::result_ui(ui, &outcome.frames, &outcome.taught);
                        ui.separator();
                        self.form.ui(ui, outcome, input.own, &mut actions)
                    })
                    .inner;
                if again {
                    self.stage = Stage::Choose;
                }
            }
        }
        actions
    }

    /// The kind of exercise, then the source.
    fn choose_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        ui.label(
            RichText::new(
                "Show the exercise once: start still for a second, move into the position, \
                 hold it for 2 s, come back. formcheck finds the two positions and what changes.",
            )
            .size(theme::BODY),
        );
        ui.add_space(8.0);
        self.form.kind_ui(ui);
        ui.add_space(8.0);
        if let Some(p) = &self.problem {
            ui.label(RichText::new(p).size(theme::BODY).color(theme::WRONG));
        }
        if ui
            .button(RichText::new("Record from the camera").size(theme::TITLE))
            .clicked()
        {
            actions.push(Action::TeachRecord);
        }
        ui.add_space(12.0);
        self.video_ui(ui, &mut actions);
        ui.add_space(12.0);
        if ui.button("Back to the exercises").clicked() {
            actions.push(Action::Navigate(super::action::Screen::Live));
        }
        actions
    }

    /// In the browser there are no paths: the page's file picker chooses the video, which
    /// then plays as the pipeline's source and is recorded from its start to its end.
    #[cfg(target_arch = "wasm32")]
    fn video_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if ui
            .button(RichText::new("Teach from a video…").size(theme::TITLE))
            .clicked()
        {
            actions.push(Action::TeachVideo);
        }
        ui.label(
            RichText::new(
                "A video file on this device (MP4 or WebM): it plays here from start to end, \
                 and is not uploaded.",
            )
            .size(theme::BODY),
        );
        if let Some(path) = crate::source::page::take_chosen() {
            self.problem = None;
            self.stage = Stage::Recording {
                secs: 0.0,
                frames: Frames::new(),
                first: None,
                people: Vec::new(),
                video: true,
            };
            actions.push(Action::OpenPath(path.display().to_string()));
        }
    }

    /// The path field of a video file or image folder, and its button.
    #[cfg(not(target_arch = "wasm32"))]
    fn video_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let label =
            ui.label(RichText::new("Use a video (file or image folder):").size(theme::BODY));
        // Room for the button beside the field (it wraps below it in a narrow window).
        let width = (ui.available_width() - 260.0).clamp(120.0, 700.0);
        ui.horizontal_wrapped(|ui| {
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.video_path)
                        .hint_text("/path/to/demonstration.mp4")
                        .desired_width(width)
                        .font(theme::font(theme::BODY)),
                )
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Teach from this video").clicked() || enter {
                actions.push(Action::TeachVideo);
            }
        });
    }
}

/// Recording: the seconds, Stop (true when clicked), what to show, the live picture. A
/// video shows how far it has played instead.
fn recording_ui(ui: &mut Ui, secs: f32, poses: usize, video: bool, input: &TeachInput<'_>) -> bool {
    if video {
        return video_recording_ui(ui, poses, input);
    }
    let mut stop = false;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("Recording {:.0} s", secs.floor()))
                .size(theme::HEADLINE)
                .strong()
                .color(theme::WRONG),
        );
        stop = ui
            .button(RichText::new("Stop").size(theme::TITLE))
            .clicked();
    });
    ui.label(
        RichText::new(format!(
            "Show the exercise: start still for a second, move, hold the end position for 2 s. \
             It stops by itself after {RECORD_SECS:.0} s. ({poses} poses)"
        ))
        .size(theme::BODY),
    );
    picture_ui(ui, input);
    stop
}

/// A video read as the pipeline's source: how far it has played (the page says), its
/// poses, Stop (true when clicked: teach from what was read), and the picture.
fn video_recording_ui(ui: &mut Ui, poses: usize, input: &TeachInput<'_>) -> bool {
    let mut stop = false;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Reading the video…").size(theme::HEADLINE));
        stop = ui
            .button(RichText::new("Stop").size(theme::TITLE))
            .clicked();
    });
    #[cfg(target_arch = "wasm32")]
    let played = crate::source::page::video_time();
    #[cfg(not(target_arch = "wasm32"))]
    let played: Option<(f64, f64)> = None;
    let bar = match played.filter(|(_, length)| *length > 0.0) {
        Some((at, length)) => egui::ProgressBar::new((at / length).clamp(0.0, 1.0) as f32)
            .text(format!("{at:.1} s of {length:.1} s, {poses} poses")),
        None => egui::ProgressBar::new(0.0)
            .animate(true)
            .text(format!("{poses} poses")),
    };
    ui.add(bar.desired_width(ui.available_width().min(600.0)));
    picture_ui(ui, input);
    stop
}

/// A job running: what it does and how far it is.
fn working_ui(ui: &mut Ui, job: &Job, what: &str) {
    ui.label(RichText::new(format!("{what}…")).size(theme::HEADLINE));
    let p = job.progress;
    let bar = match p.fraction() {
        Some(f) => egui::ProgressBar::new(f).text(format!(
            "{} of {} pictures",
            p.done,
            p.total.unwrap_or(0)
        )),
        None => egui::ProgressBar::new(0.0)
            .animate(true)
            .text(format!("{} pictures", p.done)),
    };
    ui.add(bar.desired_width(ui.available_width().min(600.0)));
}

/// The live picture with its skeleton, under the countdown or while recording.
fn picture_ui(ui: &mut Ui, input: &TeachInput<'_>) {
    let rect = ui.available_rect_before_wrap();
    match input.live.picture() {
        Some((tex, pose)) => {
            overlay::overlay_ui(ui, rect, tex, pose, &[], input.mirror);
        }
        None => {
            ui.label(RichText::new("Waiting for the camera…").size(theme::TITLE));
        }
    }
}

impl Form {
    /// The request the form asks for: a placeholder id and name until it has them.
    fn request(&self) -> Request {
        let id = if self.id.is_empty() {
            "my_exercise"
        } else {
            &self.id
        };
        let name = if self.name.trim().is_empty() {
            "My exercise"
        } else {
            self.name.trim()
        };
        Request {
            id: id.to_owned(),
            name: name.to_owned(),
            dose: if self.hold {
                DoseAsked::Hold(self.hold_secs)
            } else {
                DoseAsked::Reps(self.reps)
            },
            sides: if self.each_side {
                SidesAsked::Each
            } else {
                SidesAsked::One
            },
        }
    }
}
