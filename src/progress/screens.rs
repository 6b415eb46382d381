//! What the app's Progress, Summary and History screens read from the session folder, each
//! read whole on a thread of the screen's own (the window keeps drawing meanwhile): the
//! figures of a period with the suggested holds, one session with the holds its exercises
//! earned, and the list of sessions (History's export and deletion are
//! `session::export::export_beside` and `session::Deletion`, run the same way). Like
//! `report_file.rs`, it touches files; the rest of `progress/` is pure.

use super::report_file::Period;
use super::suggested::{ReadError, Suggested};
use super::{progress, select, Progress, Window};
use crate::content::Catalog;
use crate::progress::progression::Declined;
use crate::session::{self, Session, SessionError, SessionSummary};
use std::path::{Path, PathBuf};

/// The Progress screen's read: the figures of the period and the suggestions (over every
/// session).
#[derive(Debug)]
pub struct ProgressRead {
    pub progress: Progress,
    pub suggested: Suggested,
}

/// Reads every session of `dir`: the figures of `period` (counting `today`, a day number)
/// and the suggestions over all of them.
pub fn read_progress(
    dir: &Path,
    catalog: Option<&Catalog>,
    declined: &[Declined],
    period: Period,
    today: i64,
) -> Result<ProgressRead, ReadError> {
    let all = session::read_all(dir)?;
    let everything = select(all.clone(), Window::All);
    let shown = select(all, period.window(today));
    Ok(ProgressRead {
        progress: progress(&shown),
        suggested: Suggested::read(&everything, catalog, declined)?,
    })
}

/// History's list: every session of `dir`, newest first ([`session::list_sessions`]).
pub fn read_history(dir: &Path) -> Result<Vec<SessionSummary>, SessionError> {
    session::list_sessions(dir)
}

/// A finished session read back for the summary screen, and the holds its exercises
/// earned.
#[derive(Debug)]
pub struct SummaryRead {
    pub session: Session,
    pub summary: SessionSummary,
    /// The suggestions for the session's exercises (over every session of the folder);
    /// `None` without a folder, or when it cannot be read.
    pub suggested: Option<Suggested>,
}

/// What the summary screen asks to read: the session file, and the folder (with the
/// catalogue and the holds declined) its suggestions are read from.
#[derive(Debug, Clone)]
pub struct SummaryAsk {
    pub file: PathBuf,
    pub dir: Option<PathBuf>,
    pub catalog: Option<Catalog>,
    pub declined: Vec<Declined>,
}

/// Reads the session of `ask.file` and its suggestions; a folder that cannot be read only
/// leaves the suggestions out.
pub fn read_summary(ask: &SummaryAsk) -> Result<SummaryRead, SessionError> {
    let session = session::read_session(&ask.file)?;
    let summary = session.summary();
    let suggested = ask.dir.as_deref().and_then(|dir| {
        let read = || -> Result<Suggested, ReadError> {
            let everything = select(session::read_all(dir)?, Window::All);
            let did = |id: &str| summary.exercises.iter().any(|e| e.id == id);
            Ok(Suggested::read(&everything, ask.catalog.as_ref(), &ask.declined)?.only(did))
        };
        read()
            .map_err(|why| tracing::debug!("no suggestions on the summary: {why}"))
            .ok()
    });
    Ok(SummaryRead {
        session,
        summary,
        suggested,
    })
}
