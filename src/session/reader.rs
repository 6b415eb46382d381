//! Reads session files back, forgivingly.
//!
//! Policy (nothing recorded is lost because of one bad line):
//! - the first record must be a `start`; a file without one is [`SessionError::NotASession`];
//! - a garbled, cut-off or NUL-filled **last** line is what a killed process or a crash
//!   leaves: it is dropped silently apart from [`ReadIssues::truncated_tail`];
//! - a garbled line **in the middle** is skipped and reported with its 1-based line number
//!   in [`ReadIssues::skipped`] (the rest of the session is still worth showing; the CLI
//!   prints a warning naming the lines);
//! - a line of a kind this build does not know (written by a newer formcheck) is skipped
//!   and counted as [`SkipReason::UnknownKind`]; unknown fields are ignored;
//! - a second `start` is skipped as [`SkipReason::ExtraStart`];
//! - a file with records of a version newer than this build's ([`FORMAT_VERSION`]) is read as
//!   far as this build understands it, and says so in [`ReadIssues::newer_version`] (the CLI
//!   warns, `history` marks it), instead of passing for a current file.

use super::format::{EndReason, Event, Record, Side, StartMeta, FORMAT_VERSION, KNOWN_KINDS};
use super::{summarize, SessionError, SessionSummary};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A session as read from its file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    pub path: PathBuf,
    pub meta: StartMeta,
    /// Every record after `start`, in file order (including `end` if present).
    pub events: Vec<Event>,
    pub issues: ReadIssues,
}

/// What the reader had to skip.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReadIssues {
    /// The last line was cut short or garbled and was dropped.
    pub truncated_tail: bool,
    /// Lines skipped elsewhere, with their 1-based line numbers.
    pub skipped: Vec<SkippedLine>,
    /// The highest record version `v` in the file when it is newer than this build's
    /// [`FORMAT_VERSION`]: a newer formcheck wrote it, and this build may miss some of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newer_version: Option<u64>,
}

impl ReadIssues {
    /// Lines of kinds this build does not know.
    pub fn unknown_kinds(&self) -> usize {
        self.skipped
            .iter()
            .filter(|s| matches!(s.reason, SkipReason::UnknownKind(_)))
            .count()
    }

    /// Lines that could not be parsed (not counting a truncated tail).
    pub fn garbled(&self) -> usize {
        self.skipped
            .iter()
            .filter(|s| matches!(s.reason, SkipReason::Garbled(_)))
            .count()
    }

    pub fn is_empty(&self) -> bool {
        !self.truncated_tail && self.skipped.is_empty() && self.newer_version.is_none()
    }

    /// A sentence for the user when the file is of a newer format, else None.
    pub fn newer_version_note(&self) -> Option<String> {
        self.newer_version.map(|v| {
            format!(
                "written by a newer formcheck (record version {v}; this one reads version {FORMAT_VERSION}): \
what it does not know is left out; update formcheck to see all of it"
            )
        })
    }
}

/// One skipped line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkippedLine {
    /// 1-based line number in the file.
    pub line: usize,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A kind from a newer format (the kind's name).
    UnknownKind(String),
    /// Not valid JSON or not a valid record (the parser's message).
    Garbled(String),
    /// A `start` record after the first one.
    ExtraStart,
}

impl Session {
    /// Reps marked with a fault (shown to the person or not); quick reps apart.
    pub fn faulty_reps(&self) -> u32 {
        let n = self
            .events
            .iter()
            .filter(|e| {
                matches!(&e.record, Record::Rep(r)
                    if r.quality.worst_fault.is_some() && !r.quality.short_hold)
            })
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// When `exercise` began in the session (its first `exercise` record), seconds; 0 when
    /// it has none.
    pub fn exercise_start(&self, exercise: &str) -> f64 {
        self.events
            .iter()
            .find_map(|e| match &e.record {
                Record::Exercise(x) if x.id == exercise => Some(e.t),
                _ => None,
            })
            .unwrap_or(0.0)
    }

    /// `exercise`'s hold aim in seconds, as its hold records give it.
    pub fn hold_aim(&self, exercise: &str) -> Option<f64> {
        self.events.iter().find_map(|e| match &e.record {
            Record::Hold(h) if h.exercise == exercise => Some(h.target_secs),
            _ => None,
        })
    }

    /// The `end` record's time and reason; `None` when the process died before writing it.
    pub fn end(&self) -> Option<(f64, EndReason)> {
        self.events.iter().rev().find_map(|e| match &e.record {
            Record::End(end) => Some((e.t, end.reason)),
            _ => None,
        })
    }

    /// Session length: the `end` time, or the last record's time for an unfinished session.
    pub fn duration_secs(&self) -> f64 {
        match self.end() {
            Some((t, _)) => t,
            None => self.events.iter().map(|e| e.t).fold(0.0, f64::max),
        }
    }

    /// `(t, deg)` samples of one angle of one exercise, in time order, for the summary plot.
    pub fn angle_series(&self, exercise: &str, name: &str) -> Vec<(f64, f64)> {
        self.events
            .iter()
            .filter_map(|e| match &e.record {
                Record::Angle(a) if a.exercise == exercise && a.name == name => Some((e.t, a.deg)),
                _ => None,
            })
            .collect()
    }

    /// `(t, side, secs, completed)` of every hold of one exercise.
    pub fn holds(&self, exercise: &str) -> Vec<(f64, Option<Side>, f64, bool)> {
        self.events
            .iter()
            .filter_map(|e| match &e.record {
                Record::Hold(h) if h.exercise == exercise => {
                    Some((e.t, h.side, h.secs, h.completed))
                }
                _ => None,
            })
            .collect()
    }

    /// The rep records of one exercise with their times.
    pub fn reps(&self, exercise: &str) -> Vec<(f64, &super::format::Rep)> {
        self.events
            .iter()
            .filter_map(|e| match &e.record {
                Record::Rep(r) if r.exercise == exercise => Some((e.t, r)),
                _ => None,
            })
            .collect()
    }

    /// The per-exercise summary (see [`summarize`]).
    pub fn summary(&self) -> SessionSummary {
        summarize(self)
    }
}

/// Reads one session file (policy in the module docs).
pub fn read_session(path: &Path) -> Result<Session, SessionError> {
    // Only a regular file, and at most `files::SESSION_FILE` (a device or a pipe would
    // never end).
    #[cfg(not(target_arch = "wasm32"))]
    let bytes = crate::files::read_capped(path, crate::files::SESSION_FILE)
        .map_err(|e| SessionError::io(path, e))?;
    // The browser's sessions folder is the page's store (`super::page`).
    #[cfg(target_arch = "wasm32")]
    let bytes = super::page::read(path).ok_or_else(|| {
        SessionError::io(path, std::io::Error::from(std::io::ErrorKind::NotFound))
    })?;
    parse_session(path, &bytes)
}

/// Parses the bytes of a session file; `path` is only used in messages and the result.
pub fn parse_session(path: &Path, bytes: &[u8]) -> Result<Session, SessionError> {
    // Lossy: a multi-byte character cut by a kill only garbles the (tolerated) last line.
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| {
            !l.trim_matches(|c: char| c.is_whitespace() || c == '\0')
                .is_empty()
        })
        .collect();
    let last_line = lines.last().map(|&(n, _)| n);

    let mut meta: Option<StartMeta> = None;
    let mut events = Vec::new();
    let mut issues = ReadIssues::default();
    for &(number, line) in &lines {
        if let Some(v) = line_version(line).filter(|&v| v > u64::from(FORMAT_VERSION)) {
            issues.newer_version = Some(issues.newer_version.map_or(v, |n| n.max(v)));
        }
        let record = match parse_line(line) {
            Ok(Some((t, record))) => (t, record),
            Ok(None) => {
                let kind = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
                    .unwrap_or_default();
                issues.skipped.push(SkippedLine {
                    line: number,
                    reason: SkipReason::UnknownKind(kind),
                });
                continue;
            }
            Err(why) if Some(number) == last_line => {
                tracing::debug!(
                    "{}: dropping cut-off last line {number}: {why}",
                    path.display()
                );
                issues.truncated_tail = true;
                continue;
            }
            Err(why) => {
                if meta.is_none() {
                    return Err(SessionError::NotASession {
                        path: path.to_path_buf(),
                        why: format!("line {number}: {why}"),
                    });
                }
                issues.skipped.push(SkippedLine {
                    line: number,
                    reason: SkipReason::Garbled(why.to_string()),
                });
                continue;
            }
        };
        match (record, &meta) {
            ((_, Record::Start(m)), None) => meta = Some(m),
            ((_, Record::Start(_)), Some(_)) => issues.skipped.push(SkippedLine {
                line: number,
                reason: SkipReason::ExtraStart,
            }),
            ((_, r), None) => {
                return Err(SessionError::NotASession {
                    path: path.to_path_buf(),
                    why: format!(
                        "line {number} is a `{}` record, expected `start` first",
                        r.kind()
                    ),
                })
            }
            ((t, record), Some(_)) => events.push(Event { t, record }),
        }
    }
    let meta = meta.ok_or_else(|| SessionError::NotASession {
        path: path.to_path_buf(),
        why: "no complete `start` record".to_string(),
    })?;
    Ok(Session {
        path: path.to_path_buf(),
        meta,
        events,
        issues,
    })
}

/// The `v` of a line that is a JSON object with one, cheaply (no full parse of the record).
fn line_version(line: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Versioned {
        v: u64,
    }
    serde_json::from_str::<Versioned>(line).ok().map(|x| x.v)
}

/// Why a line of a session file is garbled.
#[derive(Debug, thiserror::Error)]
enum LineError {
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("not a JSON object")]
    NotAnObject,
    #[error("missing version `v`")]
    NoVersion,
    #[error("version `v` must be at least 1")]
    VersionZero,
    #[error("missing time `t`")]
    NoTime,
    #[error("missing `kind`")]
    NoKind,
    #[error("bad `{kind}` record: {source}")]
    BadRecord {
        kind: String,
        source: serde_json::Error,
    },
}

/// `Ok(None)`: a well-formed line of an unknown kind. `Err`: garbled.
fn parse_line(line: &str) -> Result<Option<(f64, Record)>, LineError> {
    let value: serde_json::Value = serde_json::from_str(line)?;
    let obj = value.as_object().ok_or(LineError::NotAnObject)?;
    let v = obj
        .get("v")
        .and_then(|v| v.as_u64())
        .ok_or(LineError::NoVersion)?;
    if v == 0 {
        return Err(LineError::VersionZero);
    }
    let t = obj
        .get("t")
        .and_then(|t| t.as_f64())
        .filter(|t| t.is_finite())
        .ok_or(LineError::NoTime)?;
    let kind = obj
        .get("kind")
        .and_then(|k| k.as_str())
        .ok_or(LineError::NoKind)?;
    if !KNOWN_KINDS.contains(&kind) {
        return Ok(None);
    }
    match serde_json::from_value::<Record>(value.clone()) {
        Ok(record) => Ok(Some((t, record))),
        // A newer version may have changed a known kind incompatibly: skip, don't fail.
        Err(_) if v > u64::from(FORMAT_VERSION) => Ok(None),
        Err(source) => Err(LineError::BadRecord {
            kind: kind.to_owned(),
            source,
        }),
    }
}

/// Why the missing folder `dir` could never be made, if it could not: the nearest folder
/// above it that exists has no write permission for anyone (`/proc`, a read-only folder;
/// a file on the way is already an error of `read_dir`). A missing folder that can be
/// made is simply an empty history (no session recorded yet); one that cannot is a data
/// folder pointed at the wrong place, and saying "no sessions" would hide that.
#[cfg(not(target_arch = "wasm32"))]
fn cannot_be_made(dir: &Path) -> Option<std::io::Error> {
    let (above, meta) = dir
        .ancestors()
        .skip(1)
        .find_map(|a| std::fs::metadata(a).ok().map(|m| (a, m)))?;
    meta.permissions().readonly().then(|| {
        std::io::Error::other(format!(
            "it does not exist and cannot be made: {} is read-only",
            above.display()
        ))
    })
}

/// Summaries of every readable `*.jsonl` session in `dir`, newest first. A missing folder
/// is an empty history; files that are not sessions are skipped with a warning in the log.
pub fn list_sessions(dir: &Path) -> Result<Vec<SessionSummary>, SessionError> {
    let mut out = Vec::new();
    for path in session_files(dir)? {
        match read_session(&path) {
            Ok(s) => out.push(summarize(&s)),
            Err(e) => tracing::warn!("skipping {}: {e}", path.display()),
        }
    }
    out.sort_by(|a, b| {
        b.started_at
            .cmp(&a.started_at)
            .then_with(|| b.path.file_name().cmp(&a.path.file_name()))
    });
    Ok(out)
}

/// Every session in `dir` that reads (files that are not sessions are skipped with a
/// warning in the log), in no particular order.
pub fn read_all(dir: &Path) -> Result<Vec<Session>, SessionError> {
    let mut out = Vec::new();
    for path in session_files(dir)? {
        match read_session(&path) {
            Ok(s) => out.push(s),
            Err(e) => tracing::warn!("skipping {}: {e}", path.display()),
        }
    }
    Ok(out)
}

/// The `*.jsonl` files in `dir` (empty when it does not exist yet but can be made).
pub(crate) fn session_files(dir: &Path) -> Result<Vec<PathBuf>, SessionError> {
    // The browser's sessions folder is the page's store (`super::page`).
    #[cfg(target_arch = "wasm32")]
    return Ok(super::page::paths(dir));
    #[cfg(not(target_arch = "wasm32"))]
    folder_files(dir)
}

#[cfg(not(target_arch = "wasm32"))]
fn folder_files(dir: &Path) -> Result<Vec<PathBuf>, SessionError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match cannot_be_made(dir) {
                Some(why) => Err(SessionError::unusable_dir(dir, why)),
                None => Ok(Vec::new()),
            };
        }
        Err(e) => return Err(SessionError::unusable_dir(dir, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| SessionError::io(dir, e))?;
        let path = entry.path();
        // A symbolic link (even to a session elsewhere) is not a session of this folder:
        // `export` would read, and `delete` remove, what lies outside it.
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if path.extension().is_some_and(|x| x == "jsonl") && regular {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
