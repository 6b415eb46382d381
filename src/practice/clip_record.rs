//! A video's analysis recorded as a session (`formcheck analyze <video> --record`).
//!
//! A video recorded at home (or made for the physiotherapist) should count like a session
//! in the app: it shows in the history, the progress and the report. [`ClipRecorder`]
//! books the coach's events of the clip into a [`Recorder`], the same one the app uses, so
//! the records are the app's records (reps with their quality, holds completed or stopped
//! short, corrections, key-angle samples, the range of motion during holds). The only
//! difference is the clock: records are stamped with the video's own time, so a clip
//! analysed faster than real time keeps its timing.

use super::recorder::{record_for, Recorder, SummaryOf};
use super::stream::Stream;
use crate::coach::CoachEvent;
use crate::content::Exercise;
use crate::frame::Timestamp;
use crate::session::{EndReason, SessionError};

/// The session being written for one coached clip.
#[derive(Debug)]
pub struct ClipRecorder {
    recorder: Recorder,
    /// The first frame has been booked (the file exists, the exercise has begun).
    begun: bool,
}

impl ClipRecorder {
    pub fn new(recorder: Recorder) -> Self {
        Self {
            recorder,
            begun: false,
        }
    }

    /// One frame of `ex`'s coached clip at `ts` (the stream as it is after the frame), with
    /// its events.
    pub fn frame(&mut self, ex: &Exercise, stream: &Stream, ts: Timestamp, events: &[CoachEvent]) {
        let r = &mut self.recorder;
        r.at(ts.secs_f64());
        if !self.begun {
            self.begun = true;
            if let Some(e) = r.source_delivers() {
                tracing::warn!("session record: {e}");
            }
            r.exercise_started(ex);
        }
        let side = stream.coach().and_then(|c| c.view().side);
        for event in events {
            if let Some(record) = record_for(&ex.id, ex.dose.hold_secs, side, event) {
                r.book(record);
            }
        }
        if let Some(sample) = stream.sample(ts) {
            r.book_sample(ex, &sample);
        }
    }

    /// A record that counts toward nothing (a pain event, "It hurts" in the browser build),
    /// at the last frame's time.
    pub fn note(&mut self, record: &crate::session::Record) {
        self.recorder.note(record);
    }

    /// The clip ended (`reason`): the exercise's range and counts, then the `end` record;
    /// the file written, or why nothing was.
    ///
    /// A clip's session is written whole or not kept: when a record could not be written
    /// (a full disk), the partial file is removed and the error says so
    /// ([`SessionError::PartialRemoved`]); the video is still there to record again, and the
    /// history shows no half session.
    pub fn finish(mut self, ex: &Exercise, reason: EndReason) -> Result<SummaryOf, SessionError> {
        if self.begun {
            self.recorder.exercise_ended(&ex.id);
        }
        let partial = self.recorder.path().map(std::path::Path::to_path_buf);
        let lost = self.recorder.write_error().map(str::to_owned);
        let removed = |path: std::path::PathBuf, why: String| {
            let _ = std::fs::remove_file(&path);
            SessionError::PartialRemoved { path, why }
        };
        match (self.recorder.end(reason), lost, partial) {
            (Ok(SummaryOf::File(path)), Some(why), _) => Err(removed(path, why)),
            (Err(e), _, Some(path)) => Err(removed(path, e.to_string())),
            (done, _, _) => done,
        }
    }
}
