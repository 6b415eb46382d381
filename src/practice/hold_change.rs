//! A suggested hold accepted (`progress::progression`): kept in the person's own copy of the
//! exercise file (in `exercises/` of the settings folder, made from the shipped file the
//! first time), and the catalogue loaded again, so the routine holds it from the next
//! exercise on. The app calls it on "Accept"; what it says is the screen's.

use super::{CatalogError, Practice};
use crate::content::{self, OwnHoldError};
use std::path::{Path, PathBuf};

/// A hold kept.
#[derive(Debug, Clone, PartialEq)]
pub struct HoldKept {
    /// The person's own copy of the exercise, written.
    pub file: PathBuf,
    /// The exercise's name as the catalogue now has it.
    pub name: String,
    pub hold_secs: f32,
}

/// Why the hold was not kept.
#[derive(Debug, thiserror::Error)]
pub enum KeepHoldError {
    #[error("there is no settings folder (set FORMCHECK_CONFIG_DIR)")]
    NoFolder,
    #[error(transparent)]
    Write(#[from] OwnHoldError),
}

/// Keeps `hold_secs` for `exercise` in the own copy under `config_dir` (else the default
/// settings folder) and gives `practice` the catalogue read again.
pub fn keep_hold(
    practice: &mut Practice,
    config_dir: Option<&Path>,
    exercise: &str,
    hold_secs: f32,
) -> Result<HoldKept, KeepHoldError> {
    let own = match config_dir {
        Some(d) => Some(d.join("exercises")),
        None => crate::prefs::own_exercises_dir(),
    }
    .ok_or(KeepHoldError::NoFolder)?;
    let shipped = content::default_source();
    let file = content::write_hold(&shipped, &own, exercise, hold_secs)?;
    let catalog = content::load_with_own(&shipped, Some(&own))
        .map_err(|e| CatalogError::Unavailable(e.to_string()))
        .map(|l| l.catalog);
    practice.replace_catalog(catalog);
    let name = practice
        .catalog()
        .and_then(|c| c.get(exercise).ok())
        .map_or_else(|| exercise.to_owned(), |e| e.name.clone());
    Ok(HoldKept {
        file,
        name,
        hold_secs,
    })
}
