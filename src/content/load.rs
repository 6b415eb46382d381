//! Content files → validated [`Catalog`], with every problem reported at once.
//!
//! Parsing is two-stage: serde reads a file into the DTOs of `toml.rs` (syntax, types,
//! unknown keys), then the `Checker` of `check.rs` converts names to ids and degrees to
//! radians and checks references and ranges, collecting problems instead of stopping at
//! the first. This file does the reading: the files a [`ContentSource`] lists (built in, or
//! a folder), each file, the routine, and the problems found before the checker can run — a
//! TOML syntax error (with line and column), or schema errors, which serde stops at after
//! the first, so they are looked for again section by section. A file with problems is left
//! out of the catalog; the others load.

use super::check::check_exercise;
use super::source::{ContentFile, ContentSource};
use super::toml::{ExerciseFile, MeasureDto, RoutineFile};
use super::{problem, Catalog, ContentError, ContentProblem, Exercise, ExerciseId, Routine};
use ::toml::{Table, Value};
use std::path::{Path, PathBuf};

const ROUTINE_FILE: &str = "routine.toml";

/// Reads every `*.toml` in `dir`: exercises, plus `routine.toml`. Only an unreadable
/// folder is an error; everything wrong inside a file is a [`ContentProblem`].
pub fn load_dir(dir: &Path) -> Result<(Catalog, Vec<ContentProblem>), ContentError> {
    load_source(&ContentSource::Folder(dir.to_owned()))
}

/// Reads every file of `source`: exercises, plus `routine.toml`.
pub fn load_source(source: &ContentSource) -> Result<(Catalog, Vec<ContentProblem>), ContentError> {
    Ok(load_files(source.files()?, &source.place()))
}

/// Loads a list of content files (`place` names where a missing routine file was looked
/// for). Everything wrong inside a file is a [`ContentProblem`].
pub fn load_files(files: Vec<ContentFile>, place: &Path) -> (Catalog, Vec<ContentProblem>) {
    let mut problems = Vec::new();
    let mut exercises: Vec<Exercise> = Vec::new();
    let mut routine: Option<(PathBuf, RoutineFile)> = None;
    // Ids of every exercise file that parsed, including those with problems, so the
    // routine check does not call a broken file "unknown".
    let mut parsed_ids: Vec<ExerciseId> = Vec::new();
    for file in files {
        let path = file.path;
        let text = match file.text {
            Ok(t) => t,
            Err(e) => {
                problems.push(problem(&path, "", format!("cannot read: {e}")));
                continue;
            }
        };
        if path.file_name().is_some_and(|n| n == ROUTINE_FILE) {
            match ::toml::from_str::<RoutineFile>(&text) {
                Ok(r) => routine = Some((path, r)),
                Err(e) => problems.push(toml_problem(&path, &text, &e)),
            }
            continue;
        }
        let (exercise, mut file_problems) = load_exercise_str(&path, &text);
        if exercise.is_none() {
            // It did not parse, but it exists: the routine should not call it unknown.
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                parsed_ids.push(ExerciseId::from(stem));
            }
        }
        if let Some(ex) = exercise {
            parsed_ids.push(ex.id.clone());
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if ex.id != stem {
                file_problems.push(problem(
                    &path,
                    "id",
                    format!("id {:?} must match the file name {stem:?}", ex.id),
                ));
            } else if exercises.iter().any(|e| e.id == ex.id) {
                file_problems.push(problem(&path, "id", format!("duplicate id {:?}", ex.id)));
            } else if file_problems.is_empty() {
                exercises.push(ex);
            }
        }
        problems.extend(file_problems);
    }
    exercises.sort_by(|a, b| a.id.cmp(&b.id));

    let routine = match routine {
        Some((path, r)) => {
            for (i, id) in r.exercises.iter().enumerate() {
                if !parsed_ids.iter().any(|p| p == id) {
                    let mut valid: Vec<&str> = parsed_ids.iter().map(|p| p.as_str()).collect();
                    valid.sort_unstable();
                    problems.push(problem(
                        &path,
                        &format!("exercises[{i}]"),
                        format!("unknown exercise {id:?}; valid ids: {}", valid.join(", ")),
                    ));
                }
            }
            Routine {
                name: r.name,
                exercises: r.exercises.into_iter().map(ExerciseId::from).collect(),
            }
        }
        None => {
            problems.push(problem(
                &place.join(ROUTINE_FILE),
                "",
                "missing routine file".to_owned(),
            ));
            Routine::default()
        }
    };
    (Catalog { exercises, routine }, problems)
}

/// Parses and validates one exercise file's text. `path` is only used in problems.
/// Returns the exercise when it parsed (even with problems) and all problems found.
pub fn load_exercise_str(path: &Path, text: &str) -> (Option<Exercise>, Vec<ContentProblem>) {
    match ::toml::from_str::<ExerciseFile>(text) {
        Ok(dto) => {
            let (ex, mut problems) = check_exercise(path, dto);
            if let Ok(table) = text.parse::<Table>() {
                unsafe_text(&mut problems, path, "", &Value::Table(table));
            }
            (Some(ex), problems)
        }
        Err(e) => {
            // serde stops at the first schema error; check the sections one by one so
            // that every wrong section is reported, not just the first.
            let mut problems = section_problems(path, text);
            if problems.is_empty() {
                problems.push(toml_problem(path, text, &e));
            }
            (None, problems)
        }
    }
}

/// Every string of the file (at `key`) with a character that could take over the terminal
/// it is printed on or reorder what it says (a control character, a line break, a
/// text-direction override: [`crate::text::is_unsafe`]), one problem each.
fn unsafe_text(out: &mut Vec<ContentProblem>, path: &Path, key: &str, v: &Value) {
    match v {
        Value::String(s) => {
            if let Some(c) = crate::text::unsafe_char(s) {
                out.push(problem(
                    path,
                    key,
                    format!(
                        "contains {} (a control character, a line break or a text-direction \
                         override), which could change what a terminal shows: use plain text",
                        c.escape_unicode()
                    ),
                ));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                unsafe_text(out, path, &format!("{key}[{i}]"), item);
            }
        }
        Value::Table(t) => {
            for (k, item) in t {
                let at = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}.{k}")
                };
                unsafe_text(out, path, &at, item);
            }
        }
        _ => {}
    }
}

/// Schema problems per section of an exercise file that failed to deserialize: each
/// table, each `[[phase]]` and `[[correction]]`, each measure, and the top-level keys.
/// Empty when the file is not even valid TOML (the caller reports the syntax error).
fn section_problems(path: &Path, text: &str) -> Vec<ContentProblem> {
    let Ok(table) = text.parse::<Table>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    top_level_keys(&mut out, path, &table);
    top_level_values(&mut out, path, &table);
    tables(&mut out, path, &table);
    arrays_of_tables(&mut out, path, &table);
    out
}

/// Reports `v` at `key` when it does not deserialize into `T`.
fn check<T: serde::de::DeserializeOwned>(
    out: &mut Vec<ContentProblem>,
    path: &Path,
    key: &str,
    v: &Value,
) {
    if let Err(e) = v.clone().try_into::<T>() {
        out.push(problem(path, key, e.message().replace('\n', " ")));
    }
}

type Check = fn(&mut Vec<ContentProblem>, &Path, &str, &Value);

/// Unknown top-level keys, then missing required ones.
fn top_level_keys(out: &mut Vec<ContentProblem>, path: &Path, table: &Table) {
    const KNOWN: [&str; 19] = [
        "id",
        "name",
        "summary",
        "instructions",
        "cautions",
        "view",
        "dose",
        "tuning",
        "measures",
        "setup",
        "sides",
        "phase",
        "cycle",
        "correction",
        "recognize",
        "pacer",
        "movement",
        "figure",
        "range",
    ];
    for key in table.keys() {
        if !KNOWN.contains(&key.as_str()) {
            out.push(problem(
                path,
                key,
                format!("unknown key; expected one of {}", KNOWN.join(", ")),
            ));
        }
    }
    for required in [
        "id",
        "name",
        "instructions",
        "view",
        "dose",
        "measures",
        "setup",
        "phase",
        "cycle",
        "recognize",
    ] {
        if !table.contains_key(required) {
            out.push(problem(path, required, "missing".to_owned()));
        }
    }
}

/// The top-level strings and lists of strings.
fn top_level_values(out: &mut Vec<ContentProblem>, path: &Path, table: &Table) {
    const STRINGS: [&str; 5] = ["id", "name", "summary", "view", "cycle"];
    for key in STRINGS {
        match (key, table.get(key)) {
            ("cycle", Some(v)) => check::<Vec<String>>(out, path, key, v),
            (_, Some(v)) => check::<String>(out, path, key, v),
            _ => {}
        }
    }
    for key in ["instructions", "cautions"] {
        if let Some(v) = table.get(key) {
            check::<Vec<String>>(out, path, key, v);
        }
    }
}

/// The single tables (`[dose]`, `[setup]`, ...), then each `[measures.<id>]`.
fn tables(out: &mut Vec<ContentProblem>, path: &Path, table: &Table) {
    use super::toml::{
        DoseDto, FigureDto, MovementDto, PacerDto, RangeDto, RecognizeDto, SetupDto, SidesDto,
        TuningDto,
    };
    let sections: [(&str, Check); 9] = [
        ("dose", check::<DoseDto>),
        ("tuning", check::<TuningDto>),
        ("setup", check::<SetupDto>),
        ("sides", check::<SidesDto>),
        ("recognize", check::<RecognizeDto>),
        ("pacer", check::<PacerDto>),
        ("movement", check::<MovementDto>),
        ("figure", check::<FigureDto>),
        ("range", check::<RangeDto>),
    ];
    for (key, f) in sections {
        if let Some(v) = table.get(key) {
            f(out, path, key, v);
        }
    }
    if let Some(Value::Table(measures)) = table.get("measures") {
        for (id, v) in measures {
            check::<MeasureDto>(out, path, &format!("measures.{id}"), v);
        }
    }
}

/// Each `[[phase]]` and `[[correction]]`.
fn arrays_of_tables(out: &mut Vec<ContentProblem>, path: &Path, table: &Table) {
    use super::toml::{CorrectionDto, PhaseDto};
    for (key, f) in [
        ("phase", check::<PhaseDto> as Check),
        ("correction", check::<CorrectionDto>),
    ] {
        match table.get(key) {
            Some(Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    f(out, path, &format!("{key}[{i}]"), v);
                }
            }
            Some(_) => out.push(problem(path, key, format!("use [[{key}]] tables"))),
            None => {}
        }
    }
}

fn toml_problem(file: &Path, text: &str, e: &::toml::de::Error) -> ContentProblem {
    // toml's message names the key; the span gives the place. Keep it on one line.
    let why = e.message().replace('\n', " ");
    let key = match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let snippet = text.get(span.clone()).unwrap_or("").trim();
            if snippet.is_empty() || snippet.contains('\n') {
                format!("line {line}, column {column}")
            } else {
                format!("line {line}, column {column} ({snippet})")
            }
        }
        None => String::new(),
    };
    problem(file, &key, why)
}
