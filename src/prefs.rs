//! The app's persisted settings (camera, resolution, model, mirror, sounds, voice, and
//! whether the safety screen was acknowledged), one TOML file:
//! `$FORMCHECK_CONFIG_DIR/settings.toml`, else `<config dir>/formcheck/settings.toml`.
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
    pub camera_width: u32,
    pub camera_height: u32,
    pub model: ModelKind,
    /// Show the camera picture mirrored (like a mirror; the landmarks follow).
    pub mirror: bool,
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
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            camera_index: 0,
            camera_width: 1280,
            camera_height: 720,
            model: ModelKind::Full,
            mirror: true,
            sounds: true,
            voice: true,
            safety_acknowledged: false,
            rest_secs: 20.0,
            last_path: None,
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

/// `$FORMCHECK_CONFIG_DIR`, else `<config dir>/formcheck` (`~/.config/formcheck`).
pub fn config_dir() -> Result<PathBuf, PrefsError> {
    Ok(match std::env::var_os(CONFIG_DIR_ENV) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => dirs::config_dir()
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
    /// Reads `path`. A missing file gives the defaults; a broken one gives the defaults and
    /// the error to show.
    pub fn load(path: &Path) -> (Self, Option<PrefsError>) {
        let text = match std::fs::read_to_string(path) {
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
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
        }
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, text).map_err(|e| err(e.to_string()))?;
        std::fs::rename(&tmp, path).map_err(|e| err(e.to_string()))
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
}
