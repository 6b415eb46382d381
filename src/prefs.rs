//! The app's persisted settings (camera, resolution, model, mirror, sounds, voice, text
//! size, contrast, the measurements shown, and whether the safety screen was acknowledged), one TOML file:
//! `$FORMCHECK_CONFIG_DIR/settings.toml`, else `<config dir>/formcheck/settings.toml`.
//!
//! Every field has a default, so a file written by an older formcheck (without the newer
//! keys) still loads, keeping what it has.
//!
//! A boundary DTO (it derives serde) kept egui-free so it loads in tests. A missing file is
//! the first start; a broken one is reported and replaced by defaults rather than stopping
//! the app: settings are a convenience, not data.

use crate::pose::ModelKind;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Environment variable that moves the settings folder.
pub const CONFIG_DIR_ENV: &str = "FORMCHECK_CONFIG_DIR";

/// What persists between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub camera_index: u32,
    /// The chosen camera's name: found again by name when the numbering changes (another
    /// camera plugged in first).
    pub camera_name: Option<String>,
    pub camera_width: u32,
    pub camera_height: u32,
    pub model: ModelKind,
    /// Show the live camera mirrored (like a mirror; the landmarks follow).
    pub mirror: bool,
    /// Mirror videos and photos too (off: text burned into a clip reads the right way).
    pub mirror_files: bool,
    /// Tones when a rep counts and a hold completes.
    pub sounds: bool,
    /// Spoken corrections (espeak-ng, when installed).
    pub voice: bool,
    /// The safety screen was read and acknowledged once.
    pub safety_acknowledged: bool,
    /// Seconds of rest between the routine's exercises.
    pub rest_secs: f32,
    /// The last video or folder opened in the app (offered again on the no-camera screen).
    pub last_path: Option<String>,
    /// Size of text and controls, a factor on the system's scale (1 = as the system says).
    pub text_scale: f32,
    /// Black and white with strong outlines instead of the dark grey theme.
    pub high_contrast: bool,
    /// The measured angles beside the joints and the status line (frame rate, latency):
    /// for a physiotherapist or a developer, off for the patient.
    pub show_measurements: bool,
    /// Longer or shorter holds the person said no to (not offered again for a while;
    /// `progress::progression`).
    pub declined_holds: Vec<crate::progress::progression::Declined>,
    /// The patient's name for the physiotherapist's report (optional, asked once).
    pub patient_name: Option<String>,
    /// Who set the programme, for the report (optional, asked with the name).
    pub programme_by: Option<String>,
    /// The name and programme were asked (answered or left blank): not asked again.
    pub report_details_asked: bool,
    /// The report includes sessions from video files too.
    pub report_include_video: bool,
}

/// The text sizes offered, as factors of the system's scale, with their names.
pub const TEXT_SCALES: [(f32, &str); 4] = [
    (0.85, "Smaller"),
    (1.0, "Normal"),
    (1.2, "Larger"),
    (1.4, "Largest"),
];

impl Default for Settings {
    fn default() -> Self {
        Self {
            camera_index: 0,
            camera_name: None,
            camera_width: 1280,
            camera_height: 720,
            model: ModelKind::Full,
            mirror: true,
            mirror_files: false,
            sounds: true,
            voice: true,
            safety_acknowledged: false,
            rest_secs: 20.0,
            last_path: None,
            text_scale: 1.0,
            high_contrast: false,
            show_measurements: false,
            declined_holds: Vec::new(),
            patient_name: None,
            programme_by: None,
            report_details_asked: false,
            report_include_video: false,
        }
    }
}

/// Why settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum PrefsError {
    #[error("cannot find a settings folder; set {CONFIG_DIR_ENV}")]
    NoConfigDir,
    #[error("cannot read settings {path}: {why}")]
    Read { path: PathBuf, why: String },
    #[error("cannot write settings {path}: {why}")]
    Write { path: PathBuf, why: String },
}

/// The settings folder in the browser: the page's store seen as a folder (`files::page`),
/// its settings and own exercises laid out as on the desktop.
#[cfg(target_arch = "wasm32")]
pub const BROWSER_CONFIG_DIR: &str = "/browser";

/// `$FORMCHECK_CONFIG_DIR`, else `<config dir>/formcheck` (`~/.config/formcheck`); in the
/// browser, [`BROWSER_CONFIG_DIR`].
pub fn config_dir() -> Result<PathBuf, PrefsError> {
    #[cfg(target_arch = "wasm32")]
    return Ok(PathBuf::from(BROWSER_CONFIG_DIR));
    #[cfg(not(target_arch = "wasm32"))]
    Ok(match crate::places::env(CONFIG_DIR_ENV) {
        Some(d) => PathBuf::from(d),
        None => dirs::config_dir()
            .ok_or(PrefsError::NoConfigDir)?
            .join("formcheck"),
    })
}

/// `$FORMCHECK_CONFIG_DIR/settings.toml` or `<config dir>/formcheck/settings.toml`.
pub fn default_path() -> Result<PathBuf, PrefsError> {
    Ok(config_dir()?.join("settings.toml"))
}

/// The user's own exercise files: `exercises/` in the [`config_dir`] (`None` when there is
/// no config folder at all). It need not exist.
pub fn own_exercises_dir() -> Option<PathBuf> {
    config_dir().ok().map(|d| d.join("exercises"))
}

impl Settings {
    /// The report's details as the person gave them.
    pub fn report_for(&self) -> crate::progress::report_for::ReportFor {
        crate::progress::report_for::ReportFor {
            patient: self.patient_name.clone(),
            programme_by: self.programme_by.clone(),
            include_video: self.report_include_video,
        }
    }

    /// Whether a picture is shown mirrored: the live camera as set (a mirror by default),
    /// videos and photos only when asked for.
    pub fn mirrors(&self, live_camera: bool) -> bool {
        if live_camera {
            self.mirror
        } else {
            self.mirror_files
        }
    }

    /// Turns the mirror for this kind of source on or off.
    pub fn toggle_mirror(&mut self, live_camera: bool) {
        if live_camera {
            self.mirror = !self.mirror;
        } else {
            self.mirror_files = !self.mirror_files;
        }
    }

    /// The text size factor, kept to the range offered (a hand-edited file may hold anything).
    pub fn text_scale(&self) -> f32 {
        if self.text_scale.is_finite() {
            self.text_scale.clamp(0.7, 2.0)
        } else {
            1.0
        }
    }

    /// Reads `path`. A missing file gives the defaults; a broken one gives the defaults and
    /// the error to show.
    pub fn load(path: &Path) -> (Self, Option<PrefsError>) {
        let text = match crate::files::read_text_capped(path, crate::files::SETTINGS_FILE) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Self::default(), None),
            Err(e) => {
                return (
                    Self::default(),
                    Some(PrefsError::Read {
                        path: path.to_path_buf(),
                        why: e.to_string(),
                    }),
                )
            }
        };
        match toml::from_str(&text) {
            Ok(s) => (s, None),
            Err(e) => (
                Self::default(),
                Some(PrefsError::Read {
                    path: path.to_path_buf(),
                    why: e.message().to_owned(),
                }),
            ),
        }
    }

    /// Writes `path` (creating its folder), through a temporary file so a crash mid-write
    /// never leaves half a file.
    pub fn save(&self, path: &Path) -> Result<(), PrefsError> {
        let err = |why: String| PrefsError::Write {
            path: path.to_path_buf(),
            why,
        };
        let text = toml::to_string_pretty(self).map_err(|e| err(e.to_string()))?;
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
        }
        crate::files::write_atomic(path, text.as_bytes()).map_err(|e| err(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_broken_file() {
        let dir = std::env::temp_dir().join(format!("formcheck-prefs-{}", std::process::id()));
        let path = dir.join("settings.toml");
        let (s, e) = Settings::load(&path);
        assert!(e.is_none());
        assert_eq!(s, Settings::default());
        let changed = Settings {
            model: ModelKind::Lite,
            mirror: false,
            safety_acknowledged: true,
            last_path: Some("/x/y.mp4".into()),
            ..Settings::default()
        };
        changed.save(&path).unwrap();
        assert_eq!(Settings::load(&path).0, changed);
        std::fs::write(&path, "model = 3\n").unwrap();
        let (s, e) = Settings::load(&path);
        assert_eq!(s, Settings::default());
        assert!(e.unwrap().to_string().contains("settings.toml"));
        let _ = std::fs::remove_dir_all(dir);
    }

    /// A settings file written before the mirror, text-size and contrast keys existed loads
    /// with what it has and the new keys' defaults; its `mirror` keeps meaning the camera.
    #[test]
    fn an_older_file_still_loads() {
        let dir = std::env::temp_dir().join(format!("formcheck-prefs-old-{}", std::process::id()));
        let path = dir.join("settings.toml");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            &path,
            "camera_index = 1\ncamera_width = 640\ncamera_height = 480\nmodel = \"lite\"\n\
             mirror = false\nsounds = false\nvoice = true\nsafety_acknowledged = true\n\
             rest_secs = 30.0\nlast_path = \"/x/y.mp4\"\n",
        )
        .unwrap();
        let (s, e) = Settings::load(&path);
        assert!(e.is_none(), "{e:?}");
        assert_eq!(
            s,
            Settings {
                camera_index: 1,
                camera_width: 640,
                camera_height: 480,
                model: ModelKind::Lite,
                mirror: false,
                sounds: false,
                safety_acknowledged: true,
                rest_secs: 30.0,
                last_path: Some("/x/y.mp4".into()),
                ..Settings::default()
            }
        );
        assert!(!s.mirrors(true) && !s.mirrors(false));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn only_the_live_camera_is_mirrored_by_default() {
        let mut s = Settings::default();
        assert!(s.mirrors(true), "the camera reads like a mirror");
        assert!(!s.mirrors(false), "a video or photo is shown as recorded");
        s.toggle_mirror(false);
        assert!(s.mirrors(false) && s.mirrors(true));
        s.toggle_mirror(true);
        assert!(s.mirrors(false) && !s.mirrors(true));
        let odd = Settings {
            text_scale: f32::NAN,
            ..Settings::default()
        };
        assert_eq!(odd.text_scale(), 1.0);
    }
}
