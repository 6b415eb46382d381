//! Deleting sessions: the one function the app's History and `formcheck delete` both call,
//! so a session goes the same way from either.
//!
//! A session is its file and what was made from it alone: the CSV and JSON exported beside
//! it (`<session>.csv`, `<session>.json`, as History's Export writes them). Deleting every
//! session of the folder also removes the reports saved there (`report-*.html`), which are
//! made from those sessions. Nothing else is touched: only files that read as sessions are
//! deleted, never one being written now, and nothing at all when one of them is either.

use super::{read_session, writer, SessionError};
use std::path::{Path, PathBuf};

/// What a deletion removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deleted {
    pub sessions: usize,
    /// CSV and JSON files exported from the deleted sessions.
    pub exports: usize,
    /// Reports saved in the folder (only when every session was deleted).
    pub reports: usize,
}

/// A deletion History asks for, once the person has confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deletion {
    /// One session file.
    One(PathBuf),
    /// Every session of the folder `dir` (their files), with the reports saved there.
    All { paths: Vec<PathBuf>, dir: PathBuf },
}

impl Deletion {
    /// Removes the files ([`delete_sessions`]): what was done, or why nothing was.
    pub fn carry_out(&self) -> Result<Deleted, SessionError> {
        match self {
            Self::One(path) => delete_sessions(std::slice::from_ref(path), None),
            Self::All { paths, dir } => delete_sessions(paths, Some(dir)),
        }
    }
}

/// Deletes the session files `paths` with the exports made from each; with `all_of`, the
/// folder whose every session this is, the reports saved there too. Each path must read as
/// a session and none may be being written ([`writer::being_written`]), else nothing is
/// removed.
pub fn delete_sessions(paths: &[PathBuf], all_of: Option<&Path>) -> Result<Deleted, SessionError> {
    for path in paths {
        read_session(path)?;
        if writer::being_written(path) {
            return Err(SessionError::BeingWritten { path: path.clone() });
        }
    }
    let mut deleted = Deleted::default();
    for path in paths {
        remove_session_file(path)?;
        deleted.sessions += 1;
        for kind in ["csv", "json"] {
            if std::fs::remove_file(path.with_extension(kind)).is_ok() {
                deleted.exports += 1;
            }
        }
    }
    if let Some(dir) = all_of {
        deleted.reports = remove_reports(dir);
    }
    Ok(deleted)
}

/// Removes one session's file (in the browser, from the page's store: `super::page`).
fn remove_session_file(path: &Path) -> Result<(), SessionError> {
    #[cfg(not(target_arch = "wasm32"))]
    return std::fs::remove_file(path).map_err(|e| SessionError::io(path, e));
    #[cfg(target_arch = "wasm32")]
    match super::page::remove(path) {
        true => Ok(()),
        false => Err(SessionError::io(
            path,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        )),
    }
}

/// Removes the reports (`report-*.html`, regular files) saved in `dir`; how many.
fn remove_reports(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("report-")
                && name.ends_with(".html")
                && e.file_type().is_ok_and(|t| t.is_file())
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}
