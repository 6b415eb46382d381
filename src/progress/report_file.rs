//! The app's "Report for my physiotherapist" written into the session folder: every session
//! read, the report of a [`Period`] made (`html::make`, as `formcheck report` makes it) and
//! saved as `report-<date>-30d.html` (or `-all`) beside the sessions. The one part of
//! `progress/` that touches files; the screen runs it on a thread of its own and shows what
//! it answers.

use super::report_for::ReportFor;
use super::{date_of, day_of, html, Window};
use crate::content::Catalog;
use crate::session::{self, format::rfc3339_utc, SessionError};
use std::path::{Path, PathBuf};

/// Which sessions the report covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Period {
    Last30Days,
    #[default]
    All,
}

impl Period {
    /// The sessions it keeps, counting `today` (a day number).
    pub fn window(self, today: i64) -> Window {
        match self {
            Self::Last30Days => Window::Since { days: 30, today },
            Self::All => Window::All,
        }
    }

    /// What the report says it covers.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Last30Days => "the last 30 days",
            Self::All => "all sessions",
        }
    }

    /// The end of the file's name: `30d` or `all`.
    pub fn file_tag(self) -> &'static str {
        match self {
            Self::Last30Days => "30d",
            Self::All => "all",
        }
    }
}

/// Today's day number (UTC), as `formcheck report` counts it.
pub fn today() -> i64 {
    day_of(&rfc3339_utc(web_time::SystemTime::now())).unwrap_or(0)
}

/// A report saved: where, how many sessions it covers, how many from video files it left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub file: PathBuf,
    pub sessions: u32,
    pub video_left_out: u32,
}

/// Why no report was saved.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("No report: {0}")]
    Sessions(#[from] SessionError),
    #[error("No report: cannot write {}: {source}", file.display())]
    Write {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes the report of `period` into `session_dir` (replacing the one of the same day and
/// period), counting `today` as the last day.
pub fn write_report(
    session_dir: &Path,
    catalog: &Catalog,
    period: Period,
    today: i64,
    for_whom: &ReportFor,
) -> Result<Written, ReportError> {
    let all = session::read_all(session_dir)?;
    let made_on = date_of(today);
    let made = html::make(
        all,
        period.window(today),
        catalog,
        period.describe(),
        &made_on,
        for_whom,
    );
    let file = session_dir.join(format!("report-{made_on}-{}.html", period.file_tag()));
    crate::files::write_atomic(&file, made.html.as_bytes()).map_err(|source| {
        ReportError::Write {
            file: file.clone(),
            source,
        }
    })?;
    Ok(Written {
        file,
        sessions: made.sessions,
        video_left_out: made.video_left_out,
    })
}
