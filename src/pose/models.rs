//! Which BlazePose model files exist, where they live and what they must look like.
//!
//! `models/manifest.toml` (written by `models/build_models.sh`) is compiled into the binary:
//! it pins each file's SHA-256 and its input/output names and shapes, so a corrupt, swapped
//! or truncated model is refused at load with a message naming the file. The files are
//! looked for in several places ([`search_dirs`]), so an installed binary finds the
//! package's copies and a developer's build finds the source tree's.

use super::PoseError;
use crate::places;
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

/// A model name that is not one of the three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown model '{0}' (expected lite, full or heavy)")]
pub struct UnknownModel(pub String);

impl FromStr for ModelKind {
    type Err = UnknownModel;
    fn from_str(s: &str) -> Result<Self, UnknownModel> {
        match s {
            "lite" => Ok(Self::Lite),
            "full" => Ok(Self::Full),
            "heavy" => Ok(Self::Heavy),
            other => Err(UnknownModel(other.to_owned())),
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

/// Set to a folder to read the models from there only.
pub const MODELS_DIR_ENV: &str = "FORMCHECK_MODELS";

/// Where the models are looked for when no folder is given, in order: `$FORMCHECK_MODELS`
/// alone when it is set; else `models/` beside the binary, `<prefix>/share/formcheck/models`
/// (the package's layout: `/usr/bin/formcheck` → `/usr/share/formcheck/models`), `models/`
/// in the user's data folder (`~/.local/share/formcheck/models`: where to add the heavy
/// model), and `models/` in the source tree the binary was built from.
pub fn search_dirs() -> Vec<PathBuf> {
    if let Some(dir) = crate::places::env(MODELS_DIR_ENV) {
        return vec![PathBuf::from(dir)];
    }
    let mut dirs = Vec::new();
    if let Some(exe) = places::exe_dir() {
        dirs.push(exe.join("models"));
    }
    dirs.extend(places::package_share_dir().map(|d| d.join("models")));
    dirs.extend(places::data_dir().map(|d| d.join("models")));
    dirs.push(places::source_tree().join("models"));
    places::dedup(dirs)
}

/// The folder used when none is given: the first of [`search_dirs`] holding the person
/// detector (or the first of them when none does: loading then names every place tried).
/// A model missing from it is still looked for in the others (see [`locate`]).
pub fn default_models_dir() -> PathBuf {
    let dirs = search_dirs();
    let detector = spec(DETECTOR).map(|s| s.file).unwrap_or_default();
    dirs.iter()
        .find(|d| d.join(&detector).is_file())
        .or(dirs.first())
        .cloned()
        .unwrap_or_else(|| PathBuf::from("models"))
}

/// The file of `spec`: in `dir`, then, when `dir` is one of the default places, in the
/// other default places. Missing everywhere → [`PoseError::ModelMissing`] naming each
/// place tried and the fix.
pub fn locate(dir: &Path, spec: &ModelSpec) -> Result<PathBuf, PoseError> {
    let defaults = search_dirs();
    let mut tried = vec![dir.to_path_buf()];
    if defaults.iter().any(|d| d == dir) {
        tried.extend(defaults);
    }
    let tried = places::dedup(tried);
    if let Some(found) = tried
        .iter()
        .map(|d| d.join(&spec.file))
        .find(|p| p.exists())
    {
        return Ok(found);
    }
    let data_models = places::data_dir().map_or_else(
        || "~/.local/share/formcheck/models".to_owned(),
        |d| d.join("models").display().to_string(),
    );
    let fix = if spec.name == "pose_landmark_heavy" {
        format!(
            "the heavy model is not shipped; build it with `bash models/build_models.sh` in the source tree (needs the npm and PyPI registries) and put {} in {data_models}, or use --model full",
            spec.file
        )
    } else {
        format!(
            "install the formcheck package (it puts the models in /usr/share/formcheck/models), put {} in {data_models}, restore the source tree's models/ with `git checkout models/`, or point --models-dir / {MODELS_DIR_ENV} at the folder holding it",
            spec.file
        )
    };
    Err(PoseError::ModelMissing {
        path: dir.join(&spec.file),
        hint: format!("looked in {}; {fix}", places::list(&tried)),
    })
}

/// Finds a model file (see [`locate`]) and checks its SHA-256 against the manifest.
pub fn read_verified(dir: &Path, spec: &ModelSpec) -> Result<(PathBuf, Vec<u8>), PoseError> {
    let path = locate(dir, spec)?;
    // Only a regular file of sane size (a link to /dev/zero would never end).
    let bytes = crate::files::read_capped(&path, crate::files::MODEL_FILE).map_err(|source| {
        PoseError::ModelRead {
            path: path.clone(),
            source,
        }
    })?;
    let actual = sha256_hex(&bytes);
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

/// The SHA-256 of `bytes` as lower-case hex, as the manifest writes it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every model in the manifest: the detector, then the landmark models lite, full, heavy.
pub fn all_specs() -> Result<Vec<ModelSpec>, PoseError> {
    let mut names = vec![DETECTOR];
    names.extend(ModelKind::ALL.iter().map(|k| k.manifest_name()));
    names.into_iter().map(spec).collect()
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
    fn a_missing_model_names_every_place_tried() {
        let dir = std::env::temp_dir().join(format!("formcheck-no-models-{}", std::process::id()));
        let detector = spec(DETECTOR).expect("detector");
        // A folder given explicitly is the only place tried.
        let err = locate(&dir, &detector).expect_err("missing");
        let text = err.to_string();
        assert!(text.contains(&dir.display().to_string()), "{text}");
        assert!(text.contains("--models-dir"), "{text}");
        // The default places: each one is named.
        if let Err(e) = locate(
            &search_dirs()[0],
            &spec("pose_landmark_heavy").expect("heavy"),
        ) {
            let text = e.to_string();
            for d in search_dirs() {
                assert!(text.contains(&d.display().to_string()), "{d:?} in {text}");
            }
            assert!(text.contains("--model full"), "{text}");
        }
    }

    #[test]
    fn parses_model_kind() {
        assert_eq!("lite".parse::<ModelKind>(), Ok(ModelKind::Lite));
        assert!("huge".parse::<ModelKind>().is_err());
    }
}
