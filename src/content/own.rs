//! The user's own exercises, loaded beside the ones formcheck ships.
//!
//! A physiotherapist prescribes exercises that are not in the guide; the patient writes them
//! (or `formcheck teach` writes them) as ordinary exercise files in their own folder,
//! `$FORMCHECK_CONFIG_DIR/exercises/` (default `~/.config/formcheck/exercises/`; the folder
//! is resolved by `prefs::own_exercises_dir`, this file only reads it). The rules:
//!
//! - the shipped files (built in, or `$FORMCHECK_CONTENT`) must all load: a problem there is
//!   an error, as before;
//! - each own file goes through the same loader and checks; a broken own file is left out
//!   and every problem is reported, while the rest load;
//! - an own file with a shipped exercise's id (so the same file name) replaces it; if that
//!   own file is broken, the shipped exercise stays and the problem says so;
//! - an own `routine.toml` replaces the shipped routine (order, which exercises); a broken
//!   one leaves the shipped routine in place.
//!
//! [`Loaded`] keeps where each exercise came from ([`Origin`]) for `formcheck exercises`.

use super::load::load_files;
use super::source::{folder_files, ContentFile, ContentSource};
use super::{Catalog, ContentError, ContentProblem, ExerciseId};
use std::path::{Path, PathBuf};

const ROUTINE_FILE: &str = "routine.toml";
/// What `load_files` says when the list has no routine that parsed.
const MISSING_ROUTINE: &str = "missing routine file";

/// Where an exercise (or the routine) of a [`Loaded`] catalogue came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// One of the shipped files (`<built-in content>/x.toml`, or a `$FORMCHECK_CONTENT` path).
    Shipped(PathBuf),
    /// A file in the user's folder, with an id nothing ships.
    Own(PathBuf),
    /// A file in the user's folder that replaces the shipped exercise of the same id.
    Replaces(PathBuf),
}

impl Origin {
    /// The file it was read from.
    pub fn path(&self) -> &Path {
        match self {
            Self::Shipped(p) | Self::Own(p) | Self::Replaces(p) => p,
        }
    }

    /// Whether it is one of the user's own files.
    pub fn is_own(&self) -> bool {
        !matches!(self, Self::Shipped(_))
    }
}

/// The shipped content with the user's own files over it.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub catalog: Catalog,
    /// Problems in the user's own files; those files were left out (the shipped files had
    /// none, or loading failed).
    pub problems: Vec<ContentProblem>,
    /// Where each exercise of the catalogue was read from, in the catalogue's order.
    pub origins: Vec<(ExerciseId, Origin)>,
    /// Where the routine was read from.
    pub routine_origin: Option<Origin>,
    /// Ids of own exercise files that were left out for their problems (and that no shipped
    /// exercise stands in for).
    pub left_out: Vec<ExerciseId>,
}

impl Loaded {
    /// Where the exercise `id` came from.
    pub fn origin(&self, id: &str) -> Option<&Origin> {
        self.origins.iter().find(|(i, _)| i == id).map(|(_, o)| o)
    }

    /// The exercise `id` as a command asked for it: a problem when it is unknown, or when it
    /// is one of the user's files that was left out (then every problem is the error).
    pub fn require(&self, id: &str) -> Result<&super::Exercise, ContentError> {
        if self.left_out.iter().any(|l| l == id) {
            return Err(ContentError::Invalid {
                problems: self.problems.clone(),
            });
        }
        self.catalog.get(id)
    }

    /// The catalogue, or every problem when nothing at all loaded.
    pub fn usable(&self) -> Result<&Catalog, ContentError> {
        if self.catalog.exercises.is_empty() {
            Err(ContentError::Invalid {
                problems: self.problems.clone(),
            })
        } else {
            Ok(&self.catalog)
        }
    }
}

/// Loads `shipped` strictly, then the `*.toml` files of `own_dir` (when given and present)
/// over it. Only shipped problems and an own folder that exists but cannot be listed are
/// errors; problems in own files are in [`Loaded::problems`].
pub fn load_with_own(
    shipped: &ContentSource,
    own_dir: Option<&Path>,
) -> Result<Loaded, ContentError> {
    let shipped_files = shipped.files()?;
    let (base, base_problems) = load_files(shipped_files.clone(), &shipped.place());
    if !base_problems.is_empty() {
        return Err(ContentError::Invalid {
            problems: base_problems,
        });
    }
    let own_files = match own_dir {
        Some(dir) if crate::files::is_dir(dir) => folder_files(dir)?,
        _ => Vec::new(),
    };
    let merged: Vec<ContentFile> = shipped_files
        .iter()
        .filter(|s| !own_files.iter().any(|o| o.name() == s.name()))
        .chain(own_files.iter())
        .cloned()
        .collect();
    let (mut catalog, mut problems) = load_files(merged, &shipped.place());
    let own_routine = own_files.iter().find(|f| f.name() == ROUTINE_FILE);
    let mut routine_origin = Some(Origin::Shipped(shipped.place().join(ROUTINE_FILE)));
    if let Some(file) = own_routine {
        // It did not parse (the merged list then has no routine): the shipped one stays.
        if problems.iter().any(|p| p.why == MISSING_ROUTINE) {
            problems.retain(|p| p.why != MISSING_ROUTINE);
            problems.push(note(&file.path, "left out; the built-in routine is used"));
            catalog.routine = base.routine.clone();
        } else {
            routine_origin = Some(Origin::Own(file.path.clone()));
        }
    }
    let mut left_out = Vec::new();
    let mut fell_back = Vec::new();
    for file in own_files.iter().filter(|f| f.name() != ROUTINE_FILE) {
        let stem = ExerciseId::from(file_stem(&file.path));
        if catalog.exercises.iter().any(|e| e.id == stem) {
            continue;
        }
        match base.exercises.iter().find(|e| e.id == stem) {
            Some(shipped_ex) => {
                catalog.exercises.push(shipped_ex.clone());
                fell_back.push(stem);
                problems.push(note(
                    &file.path,
                    "left out; the built-in exercise of this id is used instead",
                ));
            }
            None => left_out.push(stem),
        }
    }
    catalog.exercises.sort_by(|a, b| a.id.cmp(&b.id));
    let origins = origins(&catalog, &base, &own_files, &fell_back, shipped);
    Ok(Loaded {
        catalog,
        problems,
        origins,
        routine_origin,
        left_out,
    })
}

fn origins(
    catalog: &Catalog,
    base: &Catalog,
    own_files: &[ContentFile],
    fell_back: &[ExerciseId],
    shipped: &ContentSource,
) -> Vec<(ExerciseId, Origin)> {
    catalog
        .exercises
        .iter()
        .map(|ex| {
            let own = own_files
                .iter()
                .find(|f| file_stem(&f.path) == ex.id.as_str())
                .filter(|_| !fell_back.contains(&ex.id));
            let origin = match own {
                Some(f) if base.exercises.iter().any(|b| b.id == ex.id) => {
                    Origin::Replaces(f.path.clone())
                }
                Some(f) => Origin::Own(f.path.clone()),
                None => Origin::Shipped(shipped.place().join(format!("{}.toml", ex.id))),
            };
            (ex.id.clone(), origin)
        })
        .collect()
}

fn file_stem(path: &Path) -> &str {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("")
}

fn note(path: &Path, why: &str) -> ContentProblem {
    ContentProblem {
        file: path.to_owned(),
        key: String::new(),
        why: why.to_owned(),
    }
}
