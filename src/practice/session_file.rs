//! The session file, created when the first picture arrives.
//!
//! A session begins when the person starts a routine or an exercise, but a source that
//! cannot be opened (a missing file, a file that is not a video, no camera) never delivers
//! a picture, and a file made at the start would stay behind in the history as an empty
//! "unfinished" session. So [`SessionFile`] starts *waiting*: the folder is checked at
//! once (an unusable data folder is reported when the session begins, not later), the
//! records of the session's first moments (an exercise starting, one skipped) queue in
//! memory with their times, and the file is made, with the queue written to it, when the
//! source delivers its first picture ([`SessionFile::open`]). A session that ends while
//! still waiting leaves nothing on disk, even when the process is killed.

use crate::session::{EndReason, Record, SessionError, SessionWriter, SharedLines, StartMeta};
use std::path::{Path, PathBuf};

/// Most records a waiting session keeps (only the person's own actions happen before the
/// first picture; past this, the oldest are dropped).
const MAX_QUEUED: usize = 256;

/// Where a session's records go.
#[derive(Debug)]
pub enum SessionFile {
    /// Nowhere: no folder was given, or it could not be used.
    Off,
    /// No picture yet: the file is not made, records wait with their session times.
    Waiting {
        dir: PathBuf,
        meta: Box<StartMeta>,
        queued: Vec<(f64, Record)>,
    },
    /// The file is being written.
    Open(SessionWriter),
}

impl SessionFile {
    /// A session to be recorded in `dir` (`None`: not recorded). The folder is made (or
    /// found unusable) now; the file waits for [`SessionFile::open`].
    pub fn new(dir: Option<&Path>, meta: &StartMeta) -> Result<Self, SessionError> {
        let Some(dir) = dir else {
            return Ok(Self::Off);
        };
        SessionWriter::prepare_dir(dir)?;
        Ok(Self::Waiting {
            dir: dir.to_path_buf(),
            meta: Box::new(meta.clone()),
            queued: Vec::new(),
        })
    }

    /// A session kept in `lines` (no file; [`SessionWriter::in_memory`]), open at once.
    pub fn in_memory(meta: &StartMeta, lines: SharedLines) -> Result<Self, SessionError> {
        SessionWriter::in_memory(meta, lines).map(Self::Open)
    }

    /// Whether the file waits for the first picture.
    pub fn waiting(&self) -> bool {
        matches!(self, Self::Waiting { .. })
    }

    /// The source delivers: makes the file of a waiting session and writes what waited.
    /// On an error nothing more is recorded (the file is `Off`).
    pub fn open(&mut self) -> Result<(), SessionError> {
        let Self::Waiting { dir, meta, queued } = std::mem::replace(self, Self::Off) else {
            return Ok(());
        };
        let mut writer = SessionWriter::create(&dir, &meta)?;
        for (t, record) in &queued {
            writer.append(*t, record)?;
        }
        *self = Self::Open(writer);
        Ok(())
    }

    /// Appends `record` at session time `t` (queued while waiting).
    pub fn append(&mut self, t: f64, record: &Record) -> Result<(), SessionError> {
        match self {
            Self::Off => Ok(()),
            Self::Waiting { queued, .. } => {
                if queued.len() >= MAX_QUEUED {
                    queued.remove(0);
                }
                queued.push((t, record.clone()));
                Ok(())
            }
            Self::Open(w) => w.append(t, record),
        }
    }

    /// A key-angle sample (see [`SessionWriter::angle`]); only an open file takes one.
    pub fn angle(
        &mut self,
        t: f64,
        exercise: &str,
        name: &str,
        deg: f64,
    ) -> Result<(), SessionError> {
        match self {
            Self::Open(w) => w.angle(t, exercise, name, deg).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Lets buffered records reach the OS in time.
    pub fn poll_flush(&mut self) -> Result<(), SessionError> {
        match self {
            Self::Open(w) => w.poll_flush(),
            _ => Ok(()),
        }
    }

    /// The file being written, once it is made.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Open(w) => Some(w.path()),
            _ => None,
        }
    }

    /// Ends the session: an open file gets its `end` record and its path is returned; a
    /// session still waiting for a picture leaves no file (`None`).
    pub fn end(self, t: f64, reason: EndReason) -> Result<Option<PathBuf>, SessionError> {
        match self {
            Self::Open(w) => w.end(t, reason, None).map(Some),
            Self::Off | Self::Waiting { .. } => Ok(None),
        }
    }
}
