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
    #[error("cannot change the dose in {path}: {why}")]
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
    write_own(shipped, own_dir, id, |text, copied| {
        with_hold(text, hold_secs, copied)
    })
}

/// A dose the person set in the app, as it goes into their copy of the exercise file:
/// `None` for `min_hold_secs` and `hold_max_secs` leaves the key out (the default).
#[derive(Debug, Clone, PartialEq)]
pub struct DoseWrite {
    pub reps: u32,
    pub hold_secs: f32,
    pub min_hold_secs: Option<f32>,
    pub hold_max_secs: Option<f32>,
    /// The dose in words ("8 reps, hold 7 s").
    pub text: String,
    /// `[pacer] breaths`, for a paced breathing exercise.
    pub breaths: Option<u32>,
}

/// Sets exercise `id`'s dose to `dose` in `own_dir/<id>.toml` (made from the `shipped` file
/// when the person has no copy yet, else their copy edited with its comments and every
/// other key kept), checked to load, written whole or not at all. Returns the file written.
pub fn write_dose(
    shipped: &ContentSource,
    own_dir: &Path,
    id: &str,
    dose: &DoseWrite,
) -> Result<PathBuf, OwnHoldError> {
    write_own(shipped, own_dir, id, |text, copied| {
        with_dose(text, dose, copied)
    })
}

/// The person's copy of `id` (or the shipped file) changed by `edit`, checked, and written
/// atomically into `own_dir`.
fn write_own(
    shipped: &ContentSource,
    own_dir: &Path,
    id: &str,
    edit: impl FnOnce(&str, bool) -> Result<String, HoldEdit>,
) -> Result<PathBuf, OwnHoldError> {
    let name = format!("{id}.toml");
    let path = own_dir.join(&name);
    let (text, copied) = if crate::files::is_file(&path) {
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
    let new = edit(&text, copied).map_err(|why| OwnHoldError::NotEditable {
        path: path.clone(),
        why,
    })?;
    let (_, problems) = load_exercise_str(&path, &new);
    if !problems.is_empty() {
        return Err(OwnHoldError::Invalid { path, problems });
    }
    crate::files::create_dir_all(own_dir).map_err(|source| OwnHoldError::Write {
        path: own_dir.to_owned(),
        source,
    })?;
    crate::files::write_atomic(&path, new.as_bytes()).map_err(|source| OwnHoldError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// `text` with the `[dose]` (and `[pacer] breaths`) of `d`; a fresh copy says where it came from.
fn with_dose(text: &str, d: &DoseWrite, copied: bool) -> Result<String, HoldEdit> {
    let mut doc = text.parse::<toml_edit::DocumentMut>()?;
    let dose = doc
        .get_mut("dose")
        .and_then(toml_edit::Item::as_table_like_mut)
        .ok_or(HoldEdit::NoDose)?;
    let secs = |x: f32| toml_edit::Value::from(f64::from((x * 10.0).round() / 10.0));
    set_keeping_comment(dose, "reps", toml_edit::Value::from(i64::from(d.reps)));
    set_keeping_comment(dose, "hold_secs", secs(d.hold_secs));
    for (key, v) in [
        ("min_hold_secs", d.min_hold_secs),
        ("hold_max_secs", d.hold_max_secs),
    ] {
        match v {
            Some(x) => set_keeping_comment(dose, key, secs(x)),
            None => {
                dose.remove(key);
            }
        }
    }
    set_keeping_comment(dose, "text", toml_edit::Value::from(d.text.clone()));
    if let Some(b) = d.breaths {
        let pacer = doc
            .get_mut("pacer")
            .and_then(toml_edit::Item::as_table_like_mut)
            .ok_or(HoldEdit::NoPacer)?;
        set_keeping_comment(pacer, "breaths", toml_edit::Value::from(i64::from(b)));
    }
    let body = doc.to_string();
    Ok(if copied {
        format!(
            "# Your own copy of this exercise, made by formcheck when you set its dose ({}),\n\
# within the guide's range. Delete this file to go back to the guide's dose.\n{body}",
            d.text
        )
    } else {
        body
    })
}

/// Why an exercise's text could not take a new dose.
#[derive(Debug, thiserror::Error)]
pub enum HoldEdit {
    #[error("{0}")]
    NotToml(#[from] toml_edit::TomlError),
    #[error("it has no [dose] table")]
    NoDose,
    #[error("it has no [pacer] table for the breaths")]
    NoPacer,
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

/// Sets `key` to `v`, keeping the comment that followed the old value (its source).
fn set_keeping_comment(table: &mut dyn toml_edit::TableLike, key: &str, mut v: toml_edit::Value) {
    if let Some(old) = table.get(key).and_then(toml_edit::Item::as_value) {
        *v.decor_mut() = old.decor().clone();
    }
    table.insert(key, toml_edit::Item::Value(v));
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

    #[test]
    fn a_set_dose_is_an_own_copy_the_routine_and_the_report_read() {
        let dir = scratch("dose");
        let shipped = crate::content::load_default().expect("content");
        let bridge = shipped.get("bridge").expect("bridge").clone();
        let choice = crate::practice::dose::DoseChoice {
            reps: 6,
            hold_secs: 3.0,
        };
        let dose = crate::practice::dose::set(&bridge, choice).expect("inside the range");
        let path = write_dose(&ContentSource::BuiltIn, &dir, "bridge", &dose).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.contains("# Bridge (glute bridge)."),
            "comments kept: {text}"
        );
        let reps_line = text
            .lines()
            .find(|l| l.starts_with("reps = "))
            .unwrap_or_default();
        assert!(
            reps_line.starts_with("reps = 6 ")
                && reps_line.ends_with("# ACE: 5–10 controlled reps [S]"),
            "the value's source comment kept: {text}"
        );
        let loaded =
            super::super::load_with_own(&ContentSource::BuiltIn, Some(&dir)).expect("loads");
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let ex = loaded.catalog.get("bridge").expect("bridge");
        assert_eq!((ex.dose.reps, ex.dose.hold_secs), (6, 3.0));
        assert_eq!(ex.dose.text, "6 reps, hold 3 s");
        assert_eq!(
            crate::progress::html::dose_from(ex, Some(&shipped)),
            "set by you"
        );
        // A line the person added by hand stays; the guide's dose again reads "the guide".
        std::fs::write(&path, format!("# my physio said so\n{text}")).expect("hand edit");
        let guide =
            crate::practice::dose::set(&bridge, crate::practice::dose::DoseChoice::of(&bridge))
                .expect("the guide's");
        write_dose(&ContentSource::BuiltIn, &dir, "bridge", &guide).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("# my physio said so"), "{text}");
        let loaded =
            super::super::load_with_own(&ContentSource::BuiltIn, Some(&dir)).expect("loads");
        let ex = loaded.catalog.get("bridge").expect("bridge");
        assert_eq!(
            crate::progress::html::dose_from(ex, Some(&shipped)),
            "the guide"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_broken_own_copy_is_not_replaced() {
        let dir = scratch("broken");
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("bridge.toml");
        std::fs::write(&path, "id = \"bridge\"\n[dose\n").expect("write");
        let shipped = crate::content::load_default().expect("content");
        let bridge = shipped.get("bridge").expect("bridge");
        let dose = crate::practice::dose::set(
            bridge,
            crate::practice::dose::DoseChoice {
                reps: 6,
                hold_secs: 2.0,
            },
        )
        .expect("inside");
        assert!(write_dose(&ContentSource::BuiltIn, &dir, "bridge", &dose).is_err());
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "id = \"bridge\"\n[dose\n",
            "the person's file is kept as it was"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
