//! What the app keeps of its options after start ([`RunOptions`]), and what it works out
//! from them with the settings: the model used, where the model files are, what a session
//! starts with, and whether a stop signal came.

use super::Settings;
use crate::pose::{models, ModelKind};
use crate::practice::{RoutineTiming, SessionSetup};
use crate::shutdown::Shutdown;
use crate::source::SourceSpec;
use crate::ui::feed::describe_spec;
use eframe::egui;
use std::path::PathBuf;

/// How often an idle window looks for a stop signal.
const SHUTDOWN_POLL: std::time::Duration = std::time::Duration::from_millis(250);

/// What the app keeps of its options after start.
#[derive(Debug, Clone)]
pub(super) struct RunOptions {
    pub model: Option<ModelKind>,
    pub models_dir: Option<PathBuf>,
    pub settings_path: Option<PathBuf>,
    pub session_dir: Option<PathBuf>,
    pub audio: bool,
    pub shutdown: Shutdown,
    pub camera_stand_in: Option<SourceSpec>,
}

impl RunOptions {
    /// The model this run uses: `--model`, else the settings'.
    pub fn model(&self, settings: &Settings) -> ModelKind {
        self.model.unwrap_or(settings.model)
    }

    /// Where the model files are: `--models-dir`, else the default folder.
    pub fn models_dir(&self) -> PathBuf {
        self.models_dir
            .clone()
            .unwrap_or_else(models::default_models_dir)
    }

    /// What a session reading `source` starts with.
    pub fn session_setup(&self, settings: &Settings, source: Option<&SourceSpec>) -> SessionSetup {
        let mut timing = RoutineTiming {
            rest_secs: settings.rest_secs.max(0.0),
            ..RoutineTiming::default()
        };
        if matches!(source, Some(SourceSpec::Video(_))) {
            // A recording already shows the person in position: no time to get ready.
            timing.prepare_secs = 0.0;
        }
        SessionSetup {
            timing,
            session_dir: self.session_dir.clone(),
            model: self.model(settings).as_str().to_owned(),
            source: source.map_or_else(|| "none".to_owned(), describe_spec),
        }
    }

    /// Whether the settings changed from `before` to `now` ask for the source to start
    /// again: another camera or size, or another model when `--model` did not choose it.
    pub fn restarts(&self, before: &Settings, now: &Settings) -> bool {
        now.camera_index != before.camera_index
            || now.camera_width != before.camera_width
            || now.camera_height != before.camera_height
            || (now.model != before.model && self.model.is_none())
    }

    /// A stop signal closes the window (and `on_exit` ends the session); until one comes the
    /// window wakes now and then to look, even when nothing else repaints it.
    pub fn poll_shutdown(&self, ctx: &egui::Context) {
        if self.shutdown.requested() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            ctx.request_repaint_after(SHUTDOWN_POLL);
        }
    }
}
