//! The app's link to the live pipeline: which source is open, how it is doing, and the
//! running [`Pipeline`] itself. Nothing here draws or waits: the pipeline starts lazily on
//! the next UI frame, and each frame [`Feed::drain`] takes whatever events the workers
//! left.

use super::pace::DrawPace;
use crate::pipeline::{FrameResult, Pipeline, PipelineCommand, PipelineConfig, PipelineEvent};
use crate::pose::{ModelKind, PoseConfig};
use crate::practice::placement::DeliveredRate;
use crate::practice::CoachRun;
use crate::prefs::Settings;
use crate::source::{CameraConfig, SourceSpec};
use eframe::egui;
use std::path::PathBuf;
use web_time::Instant;

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
    /// The camera stopped delivering mid-session. `waiting`: it is still open and may send
    /// again by itself (else it failed and only a reconnect can bring it back).
    CameraLost {
        message: String,
        waiting: bool,
    },
    /// A camera that had stopped sends again; the session waits for the person to go on.
    CameraBack {
        describe: String,
    },
    /// A video ended.
    Ended,
}

/// The source, its status and the pipeline reading it.
pub struct Feed {
    /// Session epoch: every pipeline stamps its frames from here.
    epoch: Instant,
    pub source: Option<SourceSpec>,
    pub status: SourceStatus,
    pipeline: Option<Pipeline>,
    pending_start: bool,
    /// "model lite", "model full (loading)", "no model".
    pub model_status: String,
    pub model_problem: Option<String>,
    /// The attempt a stopped pipeline handed back (after a lost camera), for the next one.
    pub carried_coach: Option<CoachRun>,
    /// How the source described itself when it opened (kept while the camera is lost).
    pub opened: Option<String>,
    /// A live camera's delivered frames a second (for the placement check).
    rate: DeliveredRate,
    /// How often new frames ask for a screen (less once this computer skips frames).
    pace: DrawPace,
    /// The pause state last sent to the worker.
    paused_sent: Option<bool>,
    /// Whether a video is held where it is, as last sent to the worker.
    held_sent: Option<bool>,
    /// Whether the worker counts people, as last sent to it.
    people_sent: Option<bool>,
}

impl Feed {
    pub fn new(source: Option<SourceSpec>, status: SourceStatus, model: ModelKind) -> Self {
        Self {
            epoch: Instant::now(),
            pending_start: source.is_some(),
            source,
            status,
            pipeline: None,
            model_status: format!("model {model}"),
            model_problem: None,
            carried_coach: None,
            opened: None,
            rate: DeliveredRate::default(),
            pace: DrawPace::default(),
            paused_sent: None,
            held_sent: None,
            people_sent: None,
        }
    }

    /// The instant every pipeline's frames are stamped from.
    pub fn epoch(&self) -> Instant {
        self.epoch
    }

    /// Whether a pipeline is running (or stopping) on the source.
    pub fn pipeline_running(&self) -> bool {
        self.pipeline.is_some()
    }

    /// Whether a pipeline should be started on the next UI frame.
    pub fn pending_start(&self) -> bool {
        self.pending_start
    }

    /// Switches to `spec` (the pipeline restarts on the next UI frame).
    pub fn set_source(&mut self, spec: SourceSpec) {
        self.stop();
        self.source = Some(spec);
        self.status = SourceStatus::Opening;
        self.pending_start = true;
    }

    /// No source, for `status`'s reason.
    pub fn clear_source(&mut self, status: SourceStatus) {
        self.stop();
        self.source = None;
        self.status = status;
    }

    /// Restarts the pipeline on the same source; false when there is no source.
    pub fn restart(&mut self) -> bool {
        if self.source.is_none() {
            return false;
        }
        self.stop();
        self.status = SourceStatus::Opening;
        self.pending_start = true;
        true
    }

    /// Stops the pipeline without waiting; keeps the coach it handed back, if any.
    pub fn stop(&mut self) {
        if let Some(p) = self.pipeline.take() {
            p.request_stop();
            // Present when the worker had already ended (a lost camera): same attempt goes on.
            if let Some(c) = p.take_coach() {
                self.carried_coach = Some(c);
            }
        }
    }

    /// Starts the pipeline on the current source with `coach` (the carried one first).
    pub fn start(
        &mut self,
        models_dir: PathBuf,
        model: ModelKind,
        settings: &Settings,
        coach: Option<CoachRun>,
        ctx: &egui::Context,
    ) {
        self.pending_start = false;
        self.pace.reset();
        let waker = self.pace.waker(ctx);
        let Some(spec) = self.source.clone() else {
            return;
        };
        let mut pose = PoseConfig::new(models_dir, model);
        pose.static_image_mode = matches!(spec, SourceSpec::Folder(_));
        #[cfg(not(target_arch = "wasm32"))]
        {
            pose.threads = crate::pose::runtime::CAMERA_RATE_THREADS;
        }
        pose.adaptive_rate = Some(crate::pose::AdaptiveRate::default());
        let camera = CameraConfig {
            index: settings.camera_index,
            width: settings.camera_width,
            height: settings.camera_height,
            ..CameraConfig::default()
        };
        let coach = self.carried_coach.take().or(coach);
        self.model_status = format!("model {model} (loading)");
        self.model_problem = None;
        self.paused_sent = None;
        self.held_sent = None;
        self.people_sent = None;
        self.pipeline = Some(Pipeline::start(
            PipelineConfig {
                source: spec,
                camera,
                pose: Some(pose),
                epoch: self.epoch,
            },
            coach,
            waker,
        ));
    }

    /// Sends a command to the worker, if there is one.
    pub fn send(&self, cmd: PipelineCommand) {
        if let Some(p) = &self.pipeline {
            // Refused only when the worker has ended (its source failed; a restart sends
            // the current state again) or is 32 commands behind.
            if !p.send(cmd) {
                tracing::debug!("pipeline command not delivered");
            }
        }
    }

    /// Tells the worker whether the coach runs, when that changed.
    pub fn set_paused(&mut self, paused: bool) {
        if self.pipeline.is_some() && self.paused_sent != Some(paused) {
            self.paused_sent = Some(paused);
            self.send(PipelineCommand::SetPaused(paused));
        }
    }

    /// Holds a video where it is while the routine is paused (a camera keeps streaming),
    /// when that changed.
    pub fn hold_source(&mut self, held: bool) {
        if self.pipeline.is_some() && self.held_sent != Some(held) {
            self.held_sent = Some(held);
            self.send(PipelineCommand::HoldSource(held));
        }
    }

    /// Asks the worker to count the people in about one picture a second (the teach
    /// screen records a demonstration) or to stop, when that changed.
    pub fn count_people(&mut self, on: bool) {
        if self.pipeline.is_some() && self.people_sent != Some(on) {
            self.people_sent = Some(on);
            self.send(PipelineCommand::CountPeople(on));
        }
    }

    /// The events since the last call, and whether no worker runs any more (none was
    /// started, or it has ended and these are its last events).
    pub fn drain(&self) -> (Vec<PipelineEvent>, bool) {
        match &self.pipeline {
            Some(p) => {
                let done = p.finished();
                (p.events(), done)
            }
            None => (Vec::new(), true),
        }
    }

    /// Notes the frames a live camera has delivered so far, and the frames skipped for the
    /// drawing's pace (once a UI frame).
    pub fn sample_rate(&mut self) {
        if let Some(p) = &self.pipeline {
            let stats = p.stats();
            self.pace.sample(
                self.epoch.elapsed().as_secs_f64(),
                stats.captured.load(std::sync::atomic::Ordering::Relaxed),
                stats
                    .dropped_capture
                    .load(std::sync::atomic::Ordering::Relaxed),
            );
        }
        let captured = match (&self.source, &self.pipeline, &self.status) {
            (Some(SourceSpec::Camera(_)), Some(p), SourceStatus::Running { .. }) => p
                .stats()
                .captured
                .load(std::sync::atomic::Ordering::Relaxed),
            _ => {
                self.rate.clear();
                return;
            }
        };
        self.rate.push(self.epoch.elapsed().as_secs_f64(), captured);
    }

    /// A live camera's delivered frames a second, once measured.
    pub fn camera_fps(&self) -> Option<f64> {
        self.rate.fps()
    }

    /// The newest result, if one arrived since the last call.
    pub fn latest(&self) -> Option<FrameResult> {
        self.pipeline.as_ref().and_then(Pipeline::latest)
    }

    /// Frames the model could not keep up with.
    pub fn dropped_frames(&self) -> Option<u64> {
        self.pipeline.as_ref().map(|p| {
            p.stats()
                .dropped_capture
                .load(std::sync::atomic::Ordering::Relaxed)
        })
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

/// The live view's headline when there is no camera.
pub const NO_CAMERA: &str = "No camera found on this computer.";

/// The configured camera if any camera exists, else why not.
pub fn probe_camera(settings: &Settings) -> (Option<SourceSpec>, SourceStatus) {
    match crate::source::list_cameras() {
        Ok(list) if list.is_empty() => (
            None,
            SourceStatus::Missing {
                reason: NO_CAMERA.into(),
            },
        ),
        Ok(list) => {
            let index = crate::source::remembered_camera(
                &list,
                settings.camera_index,
                settings.camera_name.as_deref(),
            );
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
