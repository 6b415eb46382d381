//! Changes to the user's own exercises folder, made from the app: a taught exercise saved,
//! an own exercise edited or deleted, an exercise added to the own routine.
//!
//! `own.rs` only reads the folder; this file writes it, always through the same loader: a
//! file is checked (`load_exercise_str`) before it is written, so an edit never leaves a
//! file that would be left out at the next start. Edits go through `toml_edit`, so the
//! person's comments and layout stay where they were; only the keys edited change.
//!
//! The rules a person meets:
//! - a new exercise may not take an id that is already used: a built-in one is refused
//!   (choose another name), one of the person's own only when they chose to replace it;
//! - only the person's own files can be edited or deleted; deleting one also takes it out
//!   of the own `routine.toml`;
//! - "Add to my routine" appends the id to the own `routine.toml`, made from the shipped
//!   routine the first time (so the guide's order is kept and the new one comes last).

use super::own::{Loaded, Origin};
use super::source::ContentSource;
use super::{load_exercise_str, ContentProblem};
use std::path::{Path, PathBuf};
use toml_edit::{value, Array, DocumentMut, Item, Table, Value};

const ROUTINE_FILE: &str = "routine.toml";

/// Why a change to the own folder was not made.
#[derive(Debug, thiserror::Error)]
pub enum OwnEditError {
    #[error("\"{id}\" is the id of a built-in exercise: choose another name")]
    BuiltInId { id: String },
    #[error("you already have an exercise \"{id}\": choose another name, or tick \"Replace my exercise\"")]
    OwnId { id: String },
    #[error("\"{id}\" is not one of your own exercises: only your own can be edited or deleted")]
    NotOwn { id: String },
    #[error("there is no folder for your own exercises (set FORMCHECK_CONFIG_DIR)")]
    NoFolder,
    #[error("cannot {what} {path}: {why}")]
    Io {
        what: &'static str,
        path: PathBuf,
        why: String,
    },
    #[error("{path} cannot be edited here: {why}")]
    NotEditable { path: PathBuf, why: String },
    #[error("the changed file would not load:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<ContentProblem>),
    /// The text to change is not TOML (a taught file is made here, so this is a bug).
    #[error("the exercise's text is not TOML: {0}")]
    NotToml(#[from] toml_edit::TomlError),
}

/// A file taught for one side that cannot be done each side in turn.
#[derive(Debug, thiserror::Error)]
#[error(
    "its held position has no one-sided measure to tell the sides apart: teach it again with \"each side\""
)]
struct NoOneSidedMeasure;

/// What the app edits of an own exercise: the name, the dose, the sides, the instructions.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnEdit {
    pub name: String,
    pub reps: u32,
    pub hold_secs: f32,
    /// Done once per side (a `[sides]` block).
    pub each_side: bool,
    /// One step per entry.
    pub instructions: Vec<String>,
}

/// An id from a name: lower_snake_case ASCII ("Wall sit (left)" → "wall_sit_left").
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    id.trim_end_matches('_').to_owned()
}

/// Whether `id` may be saved as a new exercise: refused when a built-in has it, or one of
/// the person's own (or a broken own file of that name) unless `replace` is chosen.
pub fn check_new_id(loaded: &Loaded, id: &str, replace: bool) -> Result<(), OwnEditError> {
    let own_broken = loaded.left_out.iter().any(|l| l == id);
    match loaded.origin(id) {
        Some(Origin::Shipped(_)) => Err(OwnEditError::BuiltInId { id: id.to_owned() }),
        Some(Origin::Replaces(_) | Origin::Own(_)) if !replace => {
            Err(OwnEditError::OwnId { id: id.to_owned() })
        }
        None if own_broken && !replace => Err(OwnEditError::OwnId { id: id.to_owned() }),
        _ => Ok(()),
    }
}

/// Saves a new exercise's text as `dir/<id>.toml` after checking it loads; returns the path.
pub fn save_new(dir: &Path, id: &str, text: &str) -> Result<PathBuf, OwnEditError> {
    let path = dir.join(format!("{id}.toml"));
    check_loads(&path, text)?;
    crate::files::create_dir_all(dir).map_err(|e| io("make", dir, &e))?;
    crate::files::write_atomic(&path, text.as_bytes()).map_err(|e| io("write", &path, &e))?;
    Ok(path)
}

/// The instructions of an exercise's text replaced (one step per entry): the person's own
/// words now, so a comment after the old ones ("replace with…") goes with them.
pub fn with_instructions(text: &str, steps: &[String]) -> Result<String, OwnEditError> {
    let mut doc: DocumentMut = text.parse()?;
    let mut v = Value::Array(steps_array(steps));
    v.decor_mut().set_prefix(" ");
    doc.as_table_mut().insert("instructions", Item::Value(v));
    Ok(doc.to_string())
}

/// The own file of `id`, or why it cannot be changed.
pub fn own_path<'a>(loaded: &'a Loaded, id: &str) -> Result<&'a Path, OwnEditError> {
    match loaded.origin(id) {
        Some(o @ (Origin::Own(_) | Origin::Replaces(_))) => Ok(o.path()),
        _ => Err(OwnEditError::NotOwn { id: id.to_owned() }),
    }
}

/// What the edit form starts from: the file's own values.
pub fn read_edit(path: &Path) -> Result<OwnEdit, OwnEditError> {
    let text = crate::files::read_text_capped(path, crate::files::EXERCISE_FILE)
        .map_err(|e| io("read", path, &e))?;
    let (ex, problems) = load_exercise_str(path, &text);
    let ex = ex
        .filter(|_| problems.is_empty())
        .ok_or(OwnEditError::Invalid(problems))?;
    Ok(OwnEdit {
        name: ex.name.clone(),
        reps: ex.dose.reps,
        hold_secs: ex.dose.hold_secs,
        each_side: ex.sides.is_some(),
        instructions: ex.instructions.clone(),
    })
}

/// Writes `edit` into the file at `path`, keeping everything else (comments included);
/// the result is checked before it replaces the file.
pub fn apply_edit(path: &Path, edit: &OwnEdit) -> Result<(), OwnEditError> {
    let text = crate::files::read_text_capped(path, crate::files::EXERCISE_FILE)
        .map_err(|e| io("read", path, &e))?;
    let not_editable = |why: String| OwnEditError::NotEditable {
        path: path.to_owned(),
        why,
    };
    let before = read_edit(path)?;
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| not_editable(e.to_string()))?;
    let root = doc.as_table_mut();
    set_keep_decor(root, "name", Value::from(edit.name.trim()));
    set_keep_decor(
        root,
        "instructions",
        Value::Array(steps_array(&edit.instructions)),
    );
    if (before.reps, before.hold_secs) != (edit.reps, edit.hold_secs) {
        let dose = root
            .get_mut("dose")
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| not_editable("it has no [dose] table".into()))?;
        // Words and limits that described the old dose would now be wrong.
        for stale in ["text", "hold_max_secs", "min_hold_secs"] {
            dose.remove(stale);
        }
        set_like(dose, "reps", Value::from(i64::from(edit.reps)));
        set_like(
            dose,
            "hold_secs",
            Value::from(f64::from(round1(edit.hold_secs))),
        );
    }
    if before.each_side != edit.each_side {
        if edit.each_side {
            add_sides(root).map_err(|e| not_editable(e.to_string()))?;
        } else {
            root.remove("sides");
        }
    }
    let new_text = doc.to_string();
    check_loads(path, &new_text)?;
    crate::files::write_atomic(path, new_text.as_bytes()).map_err(|e| io("write", path, &e))
}

/// Deletes the own exercise `id` and takes it out of the own routine (when there is one).
pub fn delete_own(loaded: &Loaded, dir: &Path, id: &str) -> Result<(), OwnEditError> {
    let path = own_path(loaded, id)?.to_owned();
    crate::files::remove_file(&path).map_err(|e| io("delete", &path, &e))?;
    let routine = dir.join(ROUTINE_FILE);
    if crate::files::is_file(&routine) {
        let mut doc = routine_doc(&routine)?;
        if let Some(list) = doc.get_mut("exercises").and_then(Item::as_array_mut) {
            list.retain(|v| v.as_str() != Some(id));
        }
        crate::files::write_atomic(&routine, doc.to_string().as_bytes())
            .map_err(|e| io("write", &routine, &e))?;
    }
    Ok(())
}

/// Appends `id` to the own routine (made from `shipped`'s routine when there is none).
/// Returns false when it was there already.
pub fn add_to_routine(dir: &Path, shipped: &ContentSource, id: &str) -> Result<bool, OwnEditError> {
    let routine = dir.join(ROUTINE_FILE);
    let mut doc = if crate::files::is_file(&routine) {
        routine_doc(&routine)?
    } else {
        let text = shipped
            .files()
            .ok()
            .and_then(|files| files.into_iter().find(|f| f.name() == ROUTINE_FILE))
            .and_then(|f| f.text.ok())
            .ok_or_else(|| OwnEditError::NotEditable {
                path: routine.clone(),
                why: "the built-in routine cannot be read".into(),
            })?;
        let mut doc: DocumentMut =
            text.parse()
                .map_err(|e: toml_edit::TomlError| OwnEditError::NotEditable {
                    path: routine.clone(),
                    why: e.to_string(),
                })?;
        doc.as_table_mut().decor_mut().set_prefix(
            "# Your routine: the guide's order, then your own exercises. Edit freely.\n",
        );
        doc
    };
    let list = doc
        .get_mut("exercises")
        .and_then(Item::as_array_mut)
        .ok_or_else(|| OwnEditError::NotEditable {
            path: routine.clone(),
            why: "it has no exercises = [...] list".into(),
        })?;
    if list.iter().any(|v| v.as_str() == Some(id)) {
        return Ok(false);
    }
    list.push(id);
    // One id a line, as the shipped file is laid out.
    for v in list.iter_mut() {
        v.decor_mut().set_prefix("\n    ");
    }
    list.set_trailing(",\n");
    list.set_trailing_comma(false);
    crate::files::create_dir_all(dir).map_err(|e| io("make", dir, &e))?;
    crate::files::write_atomic(&routine, doc.to_string().as_bytes())
        .map_err(|e| io("write", &routine, &e))?;
    Ok(true)
}

fn routine_doc(path: &Path) -> Result<DocumentMut, OwnEditError> {
    let text = crate::files::read_text_capped(path, crate::files::EXERCISE_FILE)
        .map_err(|e| io("read", path, &e))?;
    text.parse()
        .map_err(|e: toml_edit::TomlError| OwnEditError::NotEditable {
            path: path.to_owned(),
            why: e.to_string(),
        })
}

/// A `[sides]` block for a file without one: the held phase's first condition is the
/// measure that tells the working side (larger or smaller, as the held position asks), and
/// that measure is then read on the working side. Only a measure of one side's joints can.
fn add_sides(root: &mut Table) -> Result<(), NoOneSidedMeasure> {
    let no = || NoOneSidedMeasure;
    let cond = root
        .get("phase")
        .and_then(Item::as_array_of_tables)
        .and_then(|phases| phases.iter().last())
        .and_then(|held| held.get("when"))
        .and_then(Item::as_array)
        .and_then(|when| when.get(0))
        .and_then(Value::as_inline_table)
        .ok_or_else(no)?;
    let measure = cond
        .get("measure")
        .and_then(Value::as_str)
        .ok_or_else(no)?
        .to_owned();
    let pick = if cond.contains_key("min_deg") || cond.contains_key("min_torso") {
        "max"
    } else {
        "min"
    };
    let m = root
        .get_mut("measures")
        .and_then(Item::as_table_like_mut)
        .and_then(|t| t.get_mut(&measure))
        .and_then(Item::as_table_like_mut)
        .ok_or_else(no)?;
    let one_sided = m.get("points").and_then(Item::as_array).is_some_and(|pts| {
        pts.iter().all(|p| {
            p.as_str().is_some_and(|s| {
                !s.starts_with("mid_") && !s.starts_with("left_") && !s.starts_with("right_")
            })
        })
    }) && m
        .get("side")
        .and_then(Item::as_str)
        .is_none_or(|s| s == "near");
    if !one_sided {
        return Err(no());
    }
    m.insert("side", value("working"));
    let mut sides = Table::new();
    sides.insert("measure", value(measure));
    sides.insert("pick", value(pick));
    sides.insert("steps", value(Array::from_iter(["left", "right"])));
    sides.insert("limb", value("side"));
    sides
        .decor_mut()
        .set_prefix("\n# Each side in turn (set in the app).\n");
    root.insert("sides", Item::Table(sides));
    Ok(())
}

fn steps_array(steps: &[String]) -> Array {
    let mut a: Array = steps
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    for v in a.iter_mut() {
        v.decor_mut().set_prefix("\n    ");
    }
    a.set_trailing(",\n");
    a
}

/// Sets `key` to `v`, keeping the comment that followed the old value.
fn set_keep_decor(table: &mut Table, key: &str, mut v: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *v.decor_mut() = old.decor().clone();
    } else {
        v.decor_mut().set_prefix(" ");
    }
    table.insert(key, Item::Value(v));
}

fn set_like(table: &mut dyn toml_edit::TableLike, key: &str, mut v: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *v.decor_mut() = old.decor().clone();
    }
    table.insert(key, Item::Value(v));
}

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

fn check_loads(path: &Path, text: &str) -> Result<(), OwnEditError> {
    let (_, problems) = load_exercise_str(path, text);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(OwnEditError::Invalid(problems))
    }
}

fn io(what: &'static str, path: &Path, e: &std::io::Error) -> OwnEditError {
    OwnEditError::Io {
        what,
        path: path.to_owned(),
        why: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names() {
        assert_eq!(id_from_name("Wall sit (left)"), "wall_sit_left");
        assert_eq!(id_from_name("  My  bridge! "), "my_bridge");
        assert_eq!(id_from_name("Étirement 2"), "tirement_2");
        assert_eq!(id_from_name("!!"), "");
    }
}
