//! How the app is started: `formcheck run`'s options resolved, or a test's script.

use super::action::Screen;
use crate::content::Catalog;
use crate::pose::ModelKind;
use crate::practice::CatalogError;
use crate::prefs::Settings;
use crate::shutdown::Shutdown;
use crate::source::SourceSpec;
use std::path::PathBuf;

/// How the app was started (`formcheck run` options, or a test's script).
#[derive(Debug)]
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
    pub catalog: Result<Catalog, CatalogError>,
    /// The user's own exercises folder (`None`: none, as in most tests); the teach screen
    /// saves there and the picker edits and deletes the files in it.
    pub own_dir: Option<PathBuf>,
    /// Problems in the user's own exercise files (those files were left out), shown once.
    pub content_problems: Vec<String>,
    /// Where session records go (`None`: not recorded).
    pub session_dir: Option<PathBuf>,
    /// Play tones and speak (off in tests and screenshots).
    pub audio: bool,
    /// Do not look for cameras (tests): no source means the no-camera screen.
    pub no_camera_probe: bool,
    /// A source opened wherever the app would open the camera (tests: there is no webcam,
    /// e.g. the teach screen's "Record from the camera" on a photo); `None`: the camera.
    pub camera_stand_in: Option<SourceSpec>,
    /// Open this screen first (after the safety screen if it is due).
    pub start_screen: Option<Screen>,
    /// Set by SIGTERM/SIGINT/SIGHUP (`formcheck run` installs it): the app closes its window,
    /// which ends and writes the session as the close button does.
    pub shutdown: Shutdown,
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
            own_dir: None,
            content_problems: Vec::new(),
            session_dir: None,
            audio: false,
            no_camera_probe: false,
            camera_stand_in: None,
            start_screen: None,
            shutdown: Shutdown::new(),
        }
    }
}
