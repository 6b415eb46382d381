//! Session records: what happened in each practice session, kept on the user's machine.
//!
//! While a session runs, [`SessionWriter`] appends one JSON line per event (start, exercise,
//! rep, hold, correction, key-angle sample, exercise end, end) to
//! `<data dir>/formcheck/sessions/<YYYYmmdd-HHMMSS>-<short id>.jsonl`, flushing at least
//! every second so a killed process loses at most the last second. Afterwards
//! [`read_session`] and [`list_sessions`] read the files back (tolerating a cut-off last
//! line), [`summarize`] turns one into the numbers the summary screen and `formcheck
//! history` show, and [`export`] writes CSV or one JSON document.
//!
//! The record format lives in [`format`] and nowhere else; the exercise engine produces
//! records, it does not define them.

mod delete;
pub mod export;
pub mod format;
#[cfg(target_arch = "wasm32")]
pub mod page;
pub mod reader;
pub mod words;
pub mod writer;

pub use delete::{delete_sessions, Deleted, Deletion};
pub use format::encode_line;
pub use format::{
    Angle, Correction, Dose, End, EndReason, Event, ExerciseEnd, ExerciseStart, Hold, MeasureUnit,
    MeasureValue, Mode, Movement, Pain, PainAction, PainFeel, PainLocation, PainRating, PainWhen,
    Range, Record, Rep, RepQuality, Side, SkipWhy, Skipped, StartMeta, FORMAT_VERSION,
};
pub use reader::{
    list_sessions, read_all, read_session, ReadIssues, Session, SkipReason, SkippedLine,
};
pub use writer::{being_written, file_name, SessionWriter, SharedLines};

use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use crate::places::DATA_DIR_ENV;
use crate::places::{data_dir_from_env, default_data_dir};

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a formcheck session file ({why})")]
    NotASession { path: PathBuf, why: String },
    #[error("no session `{query}` in {dir}; run `formcheck history` to see session ids")]
    UnknownSession { query: String, dir: PathBuf },
    #[error("session `{query}` matches more than one file: {matches}; give one of these names")]
    AmbiguousSession { query: String, matches: String },
    #[error("no sessions recorded yet in {0}")]
    NoSessions(PathBuf),
    /// A path given for a session leads outside the sessions folder (another folder, `..`,
    /// a symbolic link): `export` reads and `delete` removes only files in the folder.
    #[error(
        "{query} is not a session file in the sessions folder {dir}: formcheck exports and \
         deletes only sessions there; give a session id from `formcheck history` or a file \
         name in that folder (copy a session file there first to use it)"
    )]
    OutsideFolder { query: String, dir: PathBuf },
    #[error("cannot find the user data directory; set {DATA_DIR_ENV}")]
    NoDataDir,
    /// The sessions folder cannot be read or written (a file, no permission, a read-only
    /// disk); the message says where the folder comes from and how to fix it.
    /// `error` is shown in the message rather than chained, so it is not printed twice.
    #[error("cannot use the sessions folder {dir} ({error}); {}", dir_fix(.dir))]
    UnusableDir { dir: PathBuf, error: std::io::Error },
    /// A recorded clip's session could not be written whole and its partial file was removed.
    #[error("the session could not be written whole ({why}); the partial file {path} was removed, so the history has no half session: free some disk space and record again")]
    PartialRemoved { path: PathBuf, why: String },
    /// The session is being recorded now (its writer holds the file's lock).
    #[error("{path} is being recorded now (by the app or `analyze --record`): it is not deleted; end that session first")]
    BeingWritten { path: PathBuf },
    #[error("invalid session metadata: {why}")]
    InvalidMeta { why: String },
    #[error("`{kind}` record has a non-finite `{field}`; not written")]
    NonFinite {
        kind: &'static str,
        field: &'static str,
    },
    #[error("cannot encode `{kind}` record: {why}")]
    Encode { kind: &'static str, why: String },
    #[error("the session has already ended")]
    Ended,
}

impl SessionError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        SessionError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The sessions folder `dir` cannot be used (see [`SessionError::UnusableDir`]).
    pub(crate) fn unusable_dir(dir: &Path, source: std::io::Error) -> Self {
        SessionError::UnusableDir {
            dir: dir.to_path_buf(),
            error: source,
        }
    }

    /// Whether the error is about what the user asked for or pointed at (a session id, a
    /// file that is not a session), as opposed to the program or the machine failing.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            SessionError::NotASession { .. }
                | SessionError::UnknownSession { .. }
                | SessionError::AmbiguousSession { .. }
                | SessionError::NoSessions(_)
                | SessionError::OutsideFolder { .. }
        )
    }
}

/// Where sessions are kept: `$FORMCHECK_DATA_DIR/sessions` when that variable is set and not
/// empty, else `<platform data dir>/formcheck/sessions` (`~/.local/share/...` on Linux).
pub fn default_dir() -> Result<PathBuf, SessionError> {
    crate::places::data_dir()
        .map(|d| d.join("sessions"))
        .ok_or(SessionError::NoDataDir)
}

/// Where the sessions folder `dir` comes from and how to make it usable: named by
/// `FORMCHECK_DATA_DIR` (unset it or point it at a writable folder), the default data folder
/// (make it writable or set the variable), or given directly.
fn dir_fix(dir: &Path) -> String {
    match data_dir_from_env() {
        Some(data) if dir.starts_with(&data) => format!(
            "it comes from {DATA_DIR_ENV}={}; unset {DATA_DIR_ENV} to use the default \
             folder ({}), or point it at a writable folder",
            data.display(),
            default_data_dir().map_or_else(
                || "~/.local/share/formcheck".to_string(),
                |d| d.display().to_string()
            )
        ),
        _ if default_data_dir().is_some_and(|d| dir.starts_with(d)) => format!(
            "it is in the default data folder (~/.local/share/formcheck on Linux); make that \
             a writable folder, or set {DATA_DIR_ENV} to a writable folder"
        ),
        _ => format!("make it a writable folder, or set {DATA_DIR_ENV} to one"),
    }
}

/// Finds a session file in `dir` by what a user would type: `latest`, a path to a file, a
/// file name (with or without `.jsonl`), a full session id or a unique prefix of an id (the
/// 8-character short id shown by `formcheck history`). Two files can hold the same id (a
/// copied file); an id that more than one file holds is ambiguous, and the error lists their
/// file names, which `history` shows for them and which always name one file.
///
/// Whatever is typed resolves only to a file directly in `dir`: a path elsewhere (absolute,
/// through `..`, or a symbolic link, even one inside the folder) is refused with
/// [`SessionError::OutsideFolder`], so `delete` never removes and `export` never reads a
/// file outside the sessions folder.
pub fn find_session(dir: &Path, query: &str) -> Result<PathBuf, SessionError> {
    let as_path = Path::new(query);
    if std::fs::symlink_metadata(as_path).is_ok() && looks_like_path(query) {
        return inside_folder(dir, as_path).ok_or_else(|| SessionError::OutsideFolder {
            query: query.to_string(),
            dir: dir.to_path_buf(),
        });
    }
    if query == "latest" {
        return list_sessions(dir)?
            .into_iter()
            .next()
            .map(|s| s.path)
            .ok_or_else(|| SessionError::NoSessions(dir.to_path_buf()));
    }
    let unknown = || SessionError::UnknownSession {
        query: query.to_string(),
        dir: dir.to_path_buf(),
    };
    let q = query.strip_suffix(".jsonl").unwrap_or(query);
    if q.is_empty() {
        return Err(unknown());
    }
    let files = reader::session_files(dir)?;
    if let Some(path) = files.iter().find(|p| file_stem(p) == q) {
        return Ok(path.clone());
    }
    let mut exact: Vec<PathBuf> = Vec::new();
    let mut prefixed: Vec<PathBuf> = Vec::new();
    for path in files {
        let Ok(session) = read_session(&path) else {
            continue;
        };
        if session.meta.session_id == q {
            exact.push(path);
        } else if session.meta.session_id.starts_with(q) {
            prefixed.push(path);
        }
    }
    let mut matches = if exact.is_empty() { prefixed } else { exact };
    match matches.len() {
        0 => Err(unknown()),
        1 => Ok(matches.remove(0)),
        _ => Err(SessionError::AmbiguousSession {
            query: query.to_string(),
            matches: matches
                .iter()
                .map(|p| file_stem(p))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Whether `query` names a path rather than an id or a bare file name.
fn looks_like_path(query: &str) -> bool {
    query.contains('/') || query.contains(std::path::MAIN_SEPARATOR) || query.starts_with('.')
}

/// `path` when it is a regular file (not a symbolic link) directly in `dir`.
fn inside_folder(dir: &Path, path: &Path) -> Option<PathBuf> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    let dir = std::fs::canonicalize(dir).ok()?;
    let real = std::fs::canonicalize(path).ok()?;
    (real.parent() == Some(dir.as_path())).then(|| path.to_path_buf())
}

/// A session file's name without `.jsonl`: what names it when ids are not enough.
fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The id `formcheck history` shows for each of `sessions`: the short id, or the file name
/// (without `.jsonl`) when another listed session has the same short id (a copied file, or
/// two ids that begin alike), so every id shown names one file for `formcheck export`.
pub fn display_ids(sessions: &[SessionSummary]) -> Vec<String> {
    sessions
        .iter()
        .map(|s| {
            let shared = sessions.iter().filter(|o| o.short_id == s.short_id).count() > 1;
            if shared {
                file_stem(&s.path)
            } else {
                s.short_id.clone()
            }
        })
        .collect()
}

/// One session in numbers: what `formcheck history` lists and the summary screen shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSummary {
    pub id: String,
    pub short_id: String,
    pub path: PathBuf,
    pub started_at: String,
    pub mode: Mode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routine: Option<String>,
    pub duration_secs: f64,
    /// `None` when the session has no `end` record (the process was killed or crashed).
    pub end_reason: Option<EndReason>,
    /// In order of first appearance.
    pub exercises: Vec<ExerciseSummary>,
    /// The routine's exercises that were never started (see [`Skipped`]): those skipped
    /// first, in the order they were, then those not reached.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_done: Vec<Skipped>,
    /// Exercises whose dose was met.
    pub exercises_done: usize,
    pub total_reps: u32,
    /// Seconds held over all holds (completed or not).
    pub total_hold_secs: f64,
    /// Corrections over the whole session, most frequent first.
    pub top_corrections: Vec<CorrectionCount>,
    /// Lines the reader skipped (see [`ReadIssues`]).
    pub skipped_lines: usize,
    pub truncated_tail: bool,
    /// Set when a newer formcheck wrote the file (see [`ReadIssues::newer_version`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newer_version: Option<u64>,
    /// Back pain rated at the start and the end (`None`: not rated, or skipped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain_start: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain_end: Option<u8>,
}

impl SessionSummary {
    /// Exercises the session set out to do: those started and those of the routine never
    /// started (skipped, or not reached).
    pub fn exercises_planned(&self) -> usize {
        self.exercises.len() + self.not_done.len()
    }

    pub fn ended_cleanly(&self) -> bool {
        self.end_reason.is_some()
    }
}

/// One exercise of a session, counted from its `rep` and `hold` records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseSummary {
    pub id: String,
    /// The id again when the `exercise` record is missing.
    pub name: String,
    /// `None` when the `exercise` record is missing (a skipped line).
    pub dose: Option<Dose>,
    /// Reps that count toward the dose.
    pub reps: u32,
    /// Quick reps: the range was reached but the top held too briefly to count.
    pub short_reps: u32,
    /// Reps that reached the target range.
    pub reps_in_range: u32,
    /// Mean rep duration in seconds (0 without reps).
    pub mean_rep_secs: f64,
    pub holds: u32,
    pub holds_completed: u32,
    /// Seconds held over all holds (completed or stopped short).
    pub hold_secs: f64,
    /// The longest single hold, seconds.
    pub longest_hold_secs: f64,
    /// Movements counted inside the holds (pelvic tilts), and what they are called.
    pub movements: u32,
    pub movement_name: Option<String>,
    /// What the dose asks for: reps for a rep exercise, completed holds for a hold exercise.
    pub target: Option<u32>,
    /// Reps (rep exercise) or completed holds (hold exercise) counted against `target`.
    pub done: u32,
    pub met_dose: bool,
    pub corrections: u32,
    /// Range of motion per side (`range` records; none in version-1 files).
    pub ranges: Vec<Range>,
}

/// How often one correction was given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrectionCount {
    pub id: String,
    /// The most recent wording.
    pub message: String,
    pub count: u32,
    /// Exercises it was given in, in order of first appearance.
    pub exercises: Vec<String>,
}

/// Counts a session: per exercise reps and holds against the dose, totals, and the
/// corrections given most. Counts come from the `rep`/`hold` records themselves, not from
/// `exercise_end` (which a killed session lacks).
pub fn summarize(session: &Session) -> SessionSummary {
    let mut tally = Tally::default();
    for event in &session.events {
        tally.add(&event.record);
    }
    let (exercises, not_done, corrections) = tally.finish();

    SessionSummary {
        id: session.meta.session_id.clone(),
        short_id: session.meta.short_id().to_string(),
        path: session.path.clone(),
        started_at: session.meta.started_at.clone(),
        mode: session.meta.mode,
        routine: session.meta.routine.clone(),
        duration_secs: session.duration_secs(),
        end_reason: session.end().map(|(_, r)| r),
        exercises_done: exercises.iter().filter(|e| e.met_dose).count(),
        total_reps: exercises.iter().map(|e| e.reps).sum(),
        total_hold_secs: exercises.iter().map(|e| e.hold_secs).sum(),
        exercises,
        not_done,
        top_corrections: corrections,
        skipped_lines: session.issues.skipped.len(),
        truncated_tail: session.issues.truncated_tail,
        newer_version: session.issues.newer_version,
        pain_start: rating(session, PainWhen::Start),
        pain_end: rating(session, PainWhen::End),
    }
}

/// The last pain rating given at `when` (`None`: not rated, or skipped).
fn rating(session: &Session, when: PainWhen) -> Option<u8> {
    session.events.iter().rev().find_map(|e| match &e.record {
        Record::PainRating(r) if r.when == when => Some(r.rating),
        _ => None,
    })?
}

/// Running counts while [`summarize`] reads a session's records in order: one slot per
/// exercise (in order of first appearance) with its summed rep durations, and the
/// corrections given.
#[derive(Default)]
struct Tally {
    exercises: Vec<ExerciseSummary>,
    index: HashMap<String, usize>,
    rep_secs: Vec<f64>,
    corrections: Vec<CorrectionCount>,
    skipped: Vec<Skipped>,
}

impl Tally {
    /// The slot of exercise `id`, made empty (named by its id) on first sight.
    fn slot(&mut self, id: &str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        self.exercises.push(ExerciseSummary {
            id: id.to_string(),
            name: id.to_string(),
            dose: None,
            reps: 0,
            short_reps: 0,
            reps_in_range: 0,
            mean_rep_secs: 0.0,
            holds: 0,
            holds_completed: 0,
            hold_secs: 0.0,
            longest_hold_secs: 0.0,
            movements: 0,
            movement_name: None,
            target: None,
            done: 0,
            met_dose: false,
            corrections: 0,
            ranges: Vec::new(),
        });
        self.rep_secs.push(0.0);
        let i = self.exercises.len() - 1;
        self.index.insert(id.to_string(), i);
        i
    }

    /// Counts one record against its exercise; records of no exercise are skipped. A
    /// `skipped` record is kept aside: it makes no slot (nothing of it was done).
    fn add(&mut self, record: &Record) {
        if let Record::Skipped(s) = record {
            if !self.skipped.iter().any(|k| k.id == s.id) {
                self.skipped.push(s.clone());
            }
            return;
        }
        let Some(id) = record.exercise() else {
            return;
        };
        let i = self.slot(id);
        let ex = &mut self.exercises[i];
        match record {
            Record::Exercise(e) => {
                ex.name = e.name.clone();
                ex.dose = Some(e.dose.clone());
            }
            Record::Rep(r) if r.quality.short_hold => ex.short_reps += 1,
            Record::Rep(r) => {
                ex.reps += 1;
                ex.reps_in_range += u32::from(r.quality.range_reached);
                self.rep_secs[i] += r.quality.duration_secs;
            }
            Record::Movement(m) => {
                ex.movements += 1;
                ex.movement_name = Some(m.name.clone());
            }
            Record::Hold(h) => {
                ex.holds += 1;
                // A hold inside the dose's range has reached it ("hold the top 1–2 s":
                // 1.6 s is not short of the dose).
                let in_range = ex.dose.as_ref().is_some_and(|d| d.hold_in_range(h.secs));
                ex.holds_completed += u32::from(h.completed || in_range);
                ex.hold_secs += h.secs;
                ex.longest_hold_secs = ex.longest_hold_secs.max(h.secs);
            }
            Record::Correction(c) => {
                ex.corrections += 1;
                self.correction(c);
            }
            Record::Range(r) => ex.ranges.push(r.clone()),
            _ => {}
        }
    }

    fn correction(&mut self, c: &Correction) {
        match self.corrections.iter_mut().find(|k| k.id == c.id) {
            Some(k) => {
                k.count += 1;
                k.message = c.message.clone();
                if !k.exercises.contains(&c.exercise) {
                    k.exercises.push(c.exercise.clone());
                }
            }
            None => self.corrections.push(CorrectionCount {
                id: c.id.clone(),
                message: c.message.clone(),
                count: 1,
                exercises: vec![c.exercise.clone()],
            }),
        }
    }

    /// Per exercise the mean rep time and the count against the dose; the exercises skipped
    /// and never started after all; the corrections most given first.
    fn finish(self) -> (Vec<ExerciseSummary>, Vec<Skipped>, Vec<CorrectionCount>) {
        let Tally {
            mut exercises,
            rep_secs,
            mut corrections,
            skipped,
            index,
        } = self;
        let not_done = skipped
            .into_iter()
            .filter(|s| !index.contains_key(&s.id))
            .collect();
        for (ex, secs) in exercises.iter_mut().zip(&rep_secs) {
            if ex.reps > 0 {
                ex.mean_rep_secs = secs / f64::from(ex.reps);
            }
            ex.done = match &ex.dose {
                Some(d) if d.is_hold() => ex.holds_completed,
                _ => ex.reps,
            };
            ex.target = ex.dose.as_ref().map(Dose::target_count);
            ex.met_dose = ex.target.is_some_and(|t| ex.done >= t);
        }
        // Stable sort: ties keep the order in which corrections were first given.
        corrections.sort_by_key(|c| std::cmp::Reverse(c.count));
        (exercises, not_done, corrections)
    }
}
