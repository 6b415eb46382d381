//! Which BlazePose model files exist, where they live and what they must look like.
//!
//! `models/manifest.toml` (written by `models/build_models.sh`) is compiled into the binary:
//! it pins each file's SHA-256 and its input/output names and shapes, so a corrupt, swapped
//! or truncated model is refused at load with a message naming the file.

use super::PoseError;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

const MANIFEST: &str = include_str!("../../models/manifest.toml");

/// Landmark model size: lite is fastest, heavy most accurate.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    Lite,
    #[default]
    Full,
    Heavy,
}

impl ModelKind {
    pub const ALL: [ModelKind; 3] = [ModelKind::Lite, ModelKind::Full, ModelKind::Heavy];

    pub fn manifest_name(self) -> &'static str {
        match self {
            ModelKind::Lite => "pose_landmark_lite",
            ModelKind::Full => "pose_landmark_full",
            ModelKind::Heavy => "pose_landmark_heavy",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ModelKind::Lite => "lite",
            ModelKind::Full => "full",
            ModelKind::Heavy => "heavy",
        }
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ModelKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "lite" => Ok(Self::Lite),
            "full" => Ok(Self::Full),
            "heavy" => Ok(Self::Heavy),
            other => Err(format!(
                "unknown model '{other}' (expected lite, full or heavy)"
            )),
        }
    }
}

/// Name of the person-detector entry in the manifest.
pub const DETECTOR: &str = "pose_detection";

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct TensorSpec {
    pub name: String,
    pub shape: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ModelSpec {
    pub name: String,
    pub file: String,
    pub sha256: String,
    #[serde(default)]
    pub input: Vec<TensorSpec>,
    #[serde(default)]
    pub output: Vec<TensorSpec>,
}

#[derive(Debug, Deserialize)]
struct Manifest {
    model: Vec<ModelSpec>,
}

/// The compiled-in manifest entry for `name` (e.g. [`DETECTOR`], `pose_landmark_full`).
pub fn spec(name: &str) -> Result<ModelSpec, PoseError> {
    let manifest: Manifest = toml::from_str(MANIFEST).map_err(|e| PoseError::Manifest {
        path: PathBuf::from("models/manifest.toml"),
        why: e.to_string(),
    })?;
    manifest
        .model
        .into_iter()
        .find(|m| m.name == name)
        .ok_or_else(|| PoseError::Manifest {
            path: PathBuf::from("models/manifest.toml"),
            why: format!("no entry for model '{name}'"),
        })
}

/// Reads a model file and checks its SHA-256 against the manifest.
pub fn read_verified(dir: &Path, spec: &ModelSpec) -> Result<(PathBuf, Vec<u8>), PoseError> {
    let path = dir.join(&spec.file);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let hint = if spec.name == "pose_landmark_heavy" {
                "the heavy model is not shipped with the repository; build it with `bash models/build_models.sh` (needs the npm and PyPI registries), or use --model full".to_owned()
            } else {
                "restore it with `git checkout models/`, rebuild it with `bash models/build_models.sh`, or point --models-dir / FORMCHECK_MODELS at the folder holding it".to_owned()
            };
            return Err(PoseError::ModelMissing { path, hint });
        }
        Err(source) => return Err(PoseError::ModelRead { path, source }),
    };
    let actual = hex(&Sha256::digest(&bytes));
    if !actual.eq_ignore_ascii_case(&spec.sha256) {
        return Err(PoseError::ModelChecksum {
            model: spec.name.clone(),
            path,
            expected: spec.sha256.clone(),
            actual,
        });
    }
    Ok((path, bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the models are when no folder is given: `FORMCHECK_MODELS`, then `models/` in the
/// source tree this binary was built from, then `models/` beside the executable or in the
/// working directory.
pub fn default_models_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FORMCHECK_MODELS") {
        return PathBuf::from(dir);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    if built.join("manifest.toml").is_file() {
        return built;
    }
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    {
        let beside = exe_dir.join("models");
        if beside.is_dir() {
            return beside;
        }
    }
    PathBuf::from("models")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_has_every_model() {
        for name in [
            DETECTOR,
            "pose_landmark_lite",
            "pose_landmark_full",
            "pose_landmark_heavy",
        ] {
            let s = spec(name).expect("manifest entry");
            assert_eq!(s.sha256.len(), 64, "{name}");
            assert!(!s.input.is_empty() && !s.output.is_empty(), "{name}");
        }
    }

    #[test]
    fn parses_model_kind() {
        assert_eq!("lite".parse::<ModelKind>(), Ok(ModelKind::Lite));
        assert!("huge".parse::<ModelKind>().is_err());
    }
}
