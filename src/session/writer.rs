//! Writes one session file while the session runs.
//!
//! The writer is an edge module: it owns a file and a monotonic clock (for flushing only;
//! record times `t` always come from the caller's frame timestamps). Records go through a
//! `BufWriter<File>` so a 30 fps loop does not make a system call per frame, and the buffer
//! is pushed to the OS whenever data has waited for the flush interval (1 s by default), on
//! `end` and on drop. A killed process therefore loses at most the records of the last
//! interval, provided the caller touches the writer at least once per frame
//! ([`SessionWriter::poll_flush`] when it has nothing to append).
//!
//! Each line is serialized whole before it reaches the buffer, so the buffer only ever
//! holds complete lines; a torn last line can still happen (kill during the write, full
//! disk) and the reader tolerates it.

use super::format::{compact_stamp, encode_line, Angle, End, EndReason, Record, StartMeta};
use super::SessionError;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use web_time::Instant;

/// The lines of a session kept in memory (each without its newline), shared with whoever
/// stores them: the browser build, which has no files ([`SessionWriter::in_memory`]).
pub type SharedLines = Arc<Mutex<Vec<String>>>;

/// Where a writer's lines go.
#[derive(Debug)]
enum Out {
    File(BufWriter<File>),
    Memory(SharedLines),
}

impl Out {
    fn write_line(&mut self, line: String) -> std::io::Result<()> {
        match self {
            Out::File(out) => {
                let mut bytes = line.into_bytes();
                bytes.push(b'\n');
                out.write_all(&bytes)
            }
            Out::Memory(lines) => {
                lines
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(line);
                Ok(())
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::File(out) => out.flush(),
            Out::Memory(_) => Ok(()),
        }
    }

    fn sync(&mut self) -> std::io::Result<()> {
        match self {
            Out::File(out) => out.get_ref().sync_data(),
            Out::Memory(_) => Ok(()),
        }
    }
}

/// Default longest time a record waits in memory before reaching the OS.
pub const FLUSH_INTERVAL: Duration = Duration::from_secs(1);

/// Shortest session-time gap between two `angle` samples of the same angle written by
/// [`SessionWriter::angle`] (4 samples per second are plenty for the summary plot).
pub const ANGLE_MIN_INTERVAL_SECS: f64 = 0.25;

/// An open session file. Create with [`SessionWriter::create`], feed with
/// [`SessionWriter::append`], close with [`SessionWriter::end`].
#[derive(Debug)]
pub struct SessionWriter {
    path: PathBuf,
    out: Out,
    flush_interval: Duration,
    /// When the oldest unflushed record was appended; `None` when the buffer is empty.
    dirty_since: Option<Instant>,
    last_angle: HashMap<(String, String), f64>,
    ended: bool,
}

impl SessionWriter {
    /// Creates `<dir>/<YYYYmmdd-HHMMSS>-<short id>.jsonl` (making `dir` if needed), writes
    /// the `start` record at `t = 0` and flushes it, so even a session killed at once leaves
    /// an identifiable file.
    pub fn create(dir: &Path, meta: &StartMeta) -> Result<Self, SessionError> {
        Self::with_flush_interval(dir, meta, FLUSH_INTERVAL)
    }

    /// [`SessionWriter::create`] with another flush interval (tests use a short one).
    pub fn with_flush_interval(
        dir: &Path,
        meta: &StartMeta,
        flush_interval: Duration,
    ) -> Result<Self, SessionError> {
        let name = file_name(meta)?;
        Self::prepare_dir(dir)?;
        let path = dir.join(name);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied
                | std::io::ErrorKind::ReadOnlyFilesystem
                | std::io::ErrorKind::NotADirectory => SessionError::unusable_dir(dir, e),
                _ => SessionError::io(&path, e),
            })?;
        lock(&file);
        let mut writer = SessionWriter {
            path,
            out: Out::File(BufWriter::new(file)),
            flush_interval,
            dirty_since: None,
            last_angle: HashMap::new(),
            ended: false,
        };
        let started = writer
            .append(0.0, &Record::Start(meta.clone()))
            .and_then(|()| writer.flush());
        if let Err(e) = started {
            // A file without its `start` (a full disk) is no session: leave none.
            writer.ended = true;
            let _ = std::fs::remove_file(&writer.path);
            return Err(e);
        }
        Ok(writer)
    }

    /// A session written to `lines` instead of a file (the browser build, which stores the
    /// lines itself), with the same records, times and thinning as a file. Its
    /// [`SessionWriter::path`] is the file name the session would have (in the browser,
    /// inside its sessions folder, [`super::page::DIR`]).
    pub fn in_memory(meta: &StartMeta, lines: SharedLines) -> Result<Self, SessionError> {
        let name = file_name(meta)?;
        #[cfg(target_arch = "wasm32")]
        let path = super::page::path_of(&name);
        #[cfg(not(target_arch = "wasm32"))]
        let path = PathBuf::from(name);
        let mut writer = SessionWriter {
            path,
            out: Out::Memory(lines),
            flush_interval: FLUSH_INTERVAL,
            dirty_since: None,
            last_angle: HashMap::new(),
            ended: false,
        };
        writer.append(0.0, &Record::Start(meta.clone()))?;
        Ok(writer)
    }

    /// Makes the sessions folder `dir` if needed; an error names it as unusable (a file in
    /// the way, no permission, a read-only disk) with the fix.
    pub fn prepare_dir(dir: &Path) -> Result<(), SessionError> {
        std::fs::create_dir_all(dir).map_err(|e| SessionError::unusable_dir(dir, e))
    }

    /// The file being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record at session time `t` (seconds, rounded to milliseconds). Flushes
    /// when buffered data is older than the flush interval, and always after `end` (which
    /// also syncs the file to disk). Records with NaN or infinite numbers are refused with
    /// [`SessionError::NonFinite`] and nothing is written, so the file stays readable.
    pub fn append(&mut self, t: f64, record: &Record) -> Result<(), SessionError> {
        if self.ended {
            return Err(SessionError::Ended);
        }
        let line = encode_line(t, record)?;
        self.out
            .write_line(line)
            .map_err(|e| SessionError::io(&self.path, e))?;
        self.dirty_since.get_or_insert_with(Instant::now);
        if let Record::End(_) = record {
            self.ended = true;
            self.flush()?;
            self.out
                .sync()
                .map_err(|e| SessionError::io(&self.path, e))?;
        } else {
            self.poll_flush()?;
        }
        Ok(())
    }

    /// Appends an `angle` sample unless the same angle of the same exercise was written less
    /// than [`ANGLE_MIN_INTERVAL_SECS`] of session time ago. Returns whether it was written.
    pub fn angle(
        &mut self,
        t: f64,
        exercise: &str,
        name: &str,
        deg: f64,
    ) -> Result<bool, SessionError> {
        let key = (exercise.to_string(), name.to_string());
        if let Some(&last) = self.last_angle.get(&key) {
            if t >= last && t - last < ANGLE_MIN_INTERVAL_SECS {
                return Ok(false);
            }
        }
        let record = Record::Angle(Angle {
            exercise: exercise.to_string(),
            name: name.to_string(),
            deg,
        });
        self.append(t, &record)?;
        self.last_angle.insert(key, t);
        Ok(true)
    }

    /// Flushes if buffered data has waited for the flush interval. Call once per frame when
    /// there is nothing to append, so the last records never wait longer than the interval.
    pub fn poll_flush(&mut self) -> Result<(), SessionError> {
        match self.dirty_since {
            Some(since) if since.elapsed() >= self.flush_interval => self.flush(),
            _ => Ok(()),
        }
    }

    /// Pushes everything buffered to the OS now.
    pub fn flush(&mut self) -> Result<(), SessionError> {
        self.out
            .flush()
            .map_err(|e| SessionError::io(&self.path, e))?;
        self.dirty_since = None;
        Ok(())
    }

    /// Appends the `end` record, flushes and syncs, and returns the file's path.
    pub fn end(
        mut self,
        t: f64,
        reason: EndReason,
        detail: Option<String>,
    ) -> Result<PathBuf, SessionError> {
        self.append(t, &Record::End(End { reason, detail }))?;
        Ok(self.path.clone())
    }
}

/// A session's file name, `<YYYYmmdd-HHMMSS>-<short id>.jsonl`, from its start (the
/// browser build names its stored sessions the same way).
pub fn file_name(meta: &StartMeta) -> Result<String, SessionError> {
    let stamp = compact_stamp(&meta.started_at).ok_or_else(|| SessionError::InvalidMeta {
        why: format!("started_at `{}` is not RFC 3339 UTC", meta.started_at),
    })?;
    let short = meta.short_id();
    if short.is_empty() || !short.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(SessionError::InvalidMeta {
            why: format!(
                "session id `{}` must be letters and digits",
                meta.session_id
            ),
        });
    }
    Ok(format!("{stamp}-{short}.jsonl"))
}

/// Holds an advisory lock on the session file while it is written (released when the file
/// is closed, also when the process is killed), so `formcheck delete` can tell a session
/// being recorded ([`being_written`]) and leave it.
fn lock(file: &File) {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
        tracing::debug!("cannot lock the session file: {e}");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// Whether the session file at `path` is being written now (by this or another formcheck
/// process: its writer holds the file's lock).
pub fn being_written(path: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{flock, FlockOperation};
        let Ok(file) = File::open(path) else {
            return false;
        };
        // Taken (then released when `file` closes) only when no writer holds it.
        flock(&file, FlockOperation::NonBlockingLockShared).is_err()
    }
    #[cfg(target_arch = "wasm32")]
    return super::page::being_written(path);
    #[cfg(not(any(target_os = "linux", target_arch = "wasm32")))]
    {
        let _ = path;
        false
    }
}

impl Drop for SessionWriter {
    /// Best-effort flush (a session dropped without `end` reads back as not ended cleanly).
    fn drop(&mut self) {
        if let Err(e) = self.out.flush() {
            tracing::warn!("cannot flush session file {}: {e}", self.path.display());
        }
    }
}
