//! A longer (or shorter) hold the person accepted, kept in their own copy of the exercise.
//!
//! The routine reads each exercise's dose from the catalogue, and the catalogue is the
//! shipped files with the person's own folder over them (`own.rs`): an own file with a
//! shipped exercise's name replaces it, for the app, `analyze` and `exercises` alike. So an
//! accepted progression ("hold 30 s instead of 15 s") is written there: [`write_hold`]
//! copies the shipped file (or edits the own copy already there) with `[dose] hold_secs`
//! changed, keeping every comment and key (`toml_edit`), checks that the result loads, and
//! replaces the file in one rename. `formcheck exercises` then lists it as the person's own
//! version, and deleting that file brings the guide's starting dose back.

use super::{load_exercise_str, ContentProblem, ContentSource};
use std::path::{Path, PathBuf};

/// Why the hold could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum OwnHoldError {
    #[error("no exercise file {0}.toml to copy")]
    NotFound(String),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::sync::Arc<std::io::Error>,
    },
    #[error("cannot change the hold in {path}: {why}")]
    NotEditable { path: PathBuf, why: HoldEdit },
    #[error("{path} would not load with the new hold: {}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        path: PathBuf,
        problems: Vec<ContentProblem>,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Sets exercise `id`'s hold to `hold_secs` in `own_dir/<id>.toml`, made from the
/// `shipped` file when the person has no copy yet. Returns the file written.
pub fn write_hold(
    shipped: &ContentSource,
    own_dir: &Path,
    id: &str,
    hold_secs: f32,
) -> Result<PathBuf, OwnHoldError> {
    let name = format!("{id}.toml");
    let path = own_dir.join(&name);
    let (text, copied) = if path.is_file() {
        let text =
            crate::files::read_text_capped(&path, crate::files::EXERCISE_FILE).map_err(|e| {
                OwnHoldError::Read {
                    path: path.clone(),
                    source: std::sync::Arc::new(e),
                }
            })?;
        (text, false)
    } else {
        let files = shipped
            .files()
            .map_err(|_| OwnHoldError::NotFound(id.to_owned()))?;
        let file = files
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| OwnHoldError::NotFound(id.to_owned()))?;
        let text = file.text.map_err(|source| OwnHoldError::Read {
            path: file.path.clone(),
            source,
        })?;
        (text, true)
    };
    let new = with_hold(&text, hold_secs, copied).map_err(|why| OwnHoldError::NotEditable {
        path: path.clone(),
        why,
    })?;
    let (_, problems) = load_exercise_str(&path, &new);
    if !problems.is_empty() {
        return Err(OwnHoldError::Invalid { path, problems });
    }
    let write = |p: &Path, text: &str| {
        std::fs::write(p, text).map_err(|source| OwnHoldError::Write {
            path: p.to_owned(),
            source,
        })
    };
    std::fs::create_dir_all(own_dir).map_err(|source| OwnHoldError::Write {
        path: own_dir.to_owned(),
        source,
    })?;
    let tmp = path.with_extension("toml.tmp");
    write(&tmp, &new)?;
    std::fs::rename(&tmp, &path).map_err(|source| OwnHoldError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Why an exercise's text could not take a new hold.
#[derive(Debug, thiserror::Error)]
pub enum HoldEdit {
    #[error("{0}")]
    NotToml(#[from] toml_edit::TomlError),
    #[error("it has no [dose] table")]
    NoDose,
}

/// `text` with `[dose] hold_secs = hold_secs`; a fresh copy says where it came from.
fn with_hold(text: &str, hold_secs: f32, copied: bool) -> Result<String, HoldEdit> {
    let mut doc = text.parse::<toml_edit::DocumentMut>()?;
    let dose = doc
        .get_mut("dose")
        .and_then(toml_edit::Item::as_table_like_mut)
        .ok_or(HoldEdit::NoDose)?;
    dose.insert(
        "hold_secs",
        toml_edit::value(f64::from((hold_secs * 10.0).round() / 10.0)),
    );
    let body = doc.to_string();
    Ok(if copied {
        format!(
            "# Your own copy of this exercise, made by formcheck when you accepted a hold of \
{hold_secs:.0} s\n# (progression within the guide's range). Delete this file to go back to the guide's dose.\n{body}"
        )
    } else {
        body
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("formcheck-own-hold-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn an_accepted_hold_is_an_own_copy_the_catalogue_reads() {
        let dir = scratch("copy");
        let path =
            write_hold(&ContentSource::BuiltIn, &dir, "knee_to_chest", 30.0).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("hold_secs = 30.0"), "{text}");
        assert!(
            text.contains("hold_max_secs = 30.0"),
            "the guide's range kept"
        );
        assert!(
            text.contains("# Knee-to-chest. Reference §4."),
            "comments kept"
        );
        let loaded =
            super::super::load_with_own(&ContentSource::BuiltIn, Some(&dir)).expect("loads");
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let ex = loaded.catalog.get("knee_to_chest").expect("exercise");
        assert!((ex.dose.hold_secs - 30.0).abs() < 1e-6);
        assert!(loaded
            .origin("knee_to_chest")
            .is_some_and(super::super::Origin::is_own));
        // Back to 15 s edits the same copy.
        write_hold(&ContentSource::BuiltIn, &dir, "knee_to_chest", 15.0).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("hold_secs = 15.0"), "{text}");
        assert_eq!(text.matches("# Your own copy").count(), 1, "{text}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_unknown_exercise_is_not_written() {
        let dir = scratch("unknown");
        assert!(matches!(
            write_hold(&ContentSource::BuiltIn, &dir, "handstand", 30.0),
            Err(OwnHoldError::NotFound(_))
        ));
        assert!(!dir.exists());
    }
}
