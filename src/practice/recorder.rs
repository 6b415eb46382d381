//! Coach events booked into the session record.
//!
//! [`record_for`] is the one place a [`CoachEvent`] becomes a session [`Record`] (a rep
//! with its quality and side, a quick rep marked as a short hold, every hold against its
//! target whether it reached it or stopped short, as long as it was held, a counted movement, a correction); `formcheck analyze` builds its report from the same records
//! ([`super::report`]). [`Recorder`] owns the open session file: it books records, keeps a
//! [`Tally`] per exercise for the `exercise_end` record, applies the file's side policy
//! (one-sided reps and holds name their side; symmetric ones, and reps of both limbs at
//! once, have none), books the frames' samples ([`super::samples`]: the key angle for the
//! summary plot, the range of motion during holds, [`super::range`], written as `range`
//! records when the exercise ends). Its clock is the wall clock in the app (a sample's frame
//! time is put on it through the frames' epoch, [`Recorder::frames_from`]);
//! `formcheck analyze --record` stamps records with the video's own time instead
//! ([`Recorder::at`]).

use super::range::RangeBook;
use super::samples::FrameSample;
use super::session_file::SessionFile;
use crate::coach::CoachEvent;
use crate::content::{Exercise, Side};
use crate::frame::Timestamp;
use crate::session::{self, EndReason, Mode, Record, SessionError, SharedLines, StartMeta};
use std::path::{Path, PathBuf};
use web_time::Instant;

/// Holds of 5 s or more that a rep needs in full make a hold exercise (counted in completed
/// holds); shorter ones, or ones a rep may hold short (cobra: 5 s, 3 s counts), are the pause
/// at the top of a rep (counted in reps). A dose of one is always a hold.
const HOLD_EXERCISE_SECS: f32 = 5.0;

/// What one exercise achieved in a session so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    pub exercise: String,
    /// Reps that count toward the dose (quick reps, short holds, do not).
    pub reps: u32,
    /// Completed holds.
    pub holds: u32,
}

/// The record for one coach event of `exercise_id` (whose dose holds for
/// `hold_target_secs`), with `side` for events that do not carry their own; `None` for
/// events that are not recorded.
pub fn record_for(
    exercise_id: &str,
    hold_target_secs: f32,
    side: Option<Side>,
    event: &CoachEvent,
) -> Option<Record> {
    let exercise = exercise_id.to_owned();
    let rep = |index: u32, quality: &crate::coach::RepQuality, short_hold: bool| {
        Record::Rep(session::Rep {
            exercise: exercise.clone(),
            index,
            side: quality.side.or(side),
            quality: session::RepQuality {
                range_reached: quality.range_reached,
                duration_secs: f64::from(quality.duration_secs),
                held_secs: Some(f64::from(quality.held_secs)),
                worst_fault: quality.worst_fault.clone(),
                short_hold,
            },
        })
    };
    let hold = |secs: f32, held_side: Option<Side>, completed: bool| {
        Record::Hold(session::Hold {
            exercise: exercise.clone(),
            side: held_side.or(side),
            secs: f64::from(secs),
            target_secs: f64::from(hold_target_secs),
            completed,
        })
    };
    Some(match event {
        CoachEvent::Rep { index, quality } => rep(*index, quality, false),
        CoachEvent::ShortRep { index, quality } => rep(*index, quality, true),
        CoachEvent::HoldEnded { secs, side } => hold(*secs, *side, true),
        CoachEvent::HoldStopped { secs, side } => hold(*secs, *side, false),
        CoachEvent::Movement { name, index } => Record::Movement(session::Movement {
            exercise: exercise.clone(),
            name: name.clone(),
            index: *index,
        }),
        CoachEvent::Correction { id, message } => Record::Correction(session::Correction {
            exercise: exercise.clone(),
            id: id.clone(),
            message: message.clone(),
        }),
        _ => return None,
    })
}

/// The side a session file names: left or right, never both.
fn file_side(side: Option<Side>) -> Option<Side> {
    side.filter(|s| *s != Side::Both)
}

/// The dose as the session file states it.
pub fn session_dose(ex: &Exercise) -> session::Dose {
    let long_hold =
        ex.dose.hold_secs >= HOLD_EXERCISE_SECS && ex.dose.min_hold_secs >= ex.dose.hold_secs;
    session::Dose {
        hold_secs: (ex.dose.reps <= 1 || long_hold).then_some(f64::from(ex.dose.hold_secs)),
        reps: ex.dose.reps,
        breaths: ex.pacer.map(|p| p.breaths),
        min_hold_secs: (ex.dose.min_hold_secs < ex.dose.hold_secs)
            .then_some(f64::from(ex.dose.min_hold_secs)),
        sides: ex.sides.as_ref().map_or(1, |s| {
            u32::try_from(s.steps.len().max(1)).unwrap_or(u32::MAX)
        }),
    }
}

/// How a session ended, for the summary screen.
#[derive(Debug)]
pub enum SummaryOf {
    /// The session file, closed.
    File(PathBuf),
    /// Nothing was recorded: no session folder, or it could not be written (why).
    NotRecorded(Option<SessionError>),
}

/// A session being recorded (or, without a session folder, only tallied).
#[derive(Debug)]
pub struct Recorder {
    /// The file, made when the source delivers its first picture.
    file: SessionFile,
    /// Why nothing is written although a folder was given.
    failed: Option<SessionError>,
    /// The first record that could not be written to the open file (a full disk), in words.
    write_error: Option<String>,
    started: Instant,
    /// The instant the frames' clock starts at (the app's session epoch), so a frame's
    /// time can be put on the session's clock.
    frames_epoch: Option<Instant>,
    /// The video's time when its records are stamped with it (`analyze --record`).
    media_t: Option<f64>,
    mode: Mode,
    tallies: Vec<Tally>,
    ranges: RangeBook,
}

impl Recorder {
    /// Records a session in `dir` (`None`: nothing is written); its file is made when the
    /// source delivers ([`Recorder::source_delivers`]).
    pub fn start(dir: Option<&Path>, meta: &StartMeta) -> Self {
        Self::with_file(SessionFile::new(dir, meta), meta)
    }

    /// Records a session into `lines` instead of a file (the browser build, which stores
    /// them itself): the same records, in the same format, from the start.
    pub fn in_memory(meta: &StartMeta, lines: SharedLines) -> Self {
        Self::with_file(SessionFile::in_memory(meta, lines), meta)
    }

    /// A session recorded into `file` (nothing is written when it could not be made: why
    /// is kept, [`Recorder::problem`]).
    fn with_file(file: Result<SessionFile, SessionError>, meta: &StartMeta) -> Self {
        let (file, failed) = match file {
            Ok(f) => (f, None),
            Err(e) => (SessionFile::Off, Some(e)),
        };
        Self {
            file,
            failed,
            write_error: None,
            started: Instant::now(),
            frames_epoch: None,
            media_t: None,
            mode: meta.mode,
            tallies: Vec::new(),
            ranges: RangeBook::default(),
        }
    }

    /// A picture came from the source: the file of a waiting session is made now. Returns
    /// why it could not be (then nothing is recorded), once.
    pub fn source_delivers(&mut self) -> Option<&SessionError> {
        if !self.file.waiting() {
            return None;
        }
        match self.file.open() {
            Ok(()) => None,
            Err(e) => Some(&*self.failed.insert(e)),
        }
    }

    /// Why the session is not being written, when a folder was given.
    pub fn problem(&self) -> Option<&SessionError> {
        self.failed.as_ref()
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Session time now, seconds: since the start, or the video's time once [`Recorder::at`]
    /// was called.
    pub fn t(&self) -> f64 {
        self.media_t
            .unwrap_or_else(|| self.started.elapsed().as_secs_f64())
    }

    /// The frames' timestamps count from `epoch` (the app's pipeline epoch).
    pub fn frames_from(&mut self, epoch: Instant) {
        self.frames_epoch = Some(epoch);
    }

    /// Session time, seconds, of a frame at `ts`: the video's own time under
    /// [`Recorder::at`]; on the session's clock when the frames' epoch is known; else now.
    pub fn t_of(&self, ts: Timestamp) -> f64 {
        if self.media_t.is_some() {
            return ts.secs_f64();
        }
        let Some(epoch) = self.frames_epoch else {
            return self.t();
        };
        let ahead = epoch.saturating_duration_since(self.started).as_secs_f64();
        let behind = self.started.saturating_duration_since(epoch).as_secs_f64();
        (ts.secs_f64() + ahead - behind).max(0.0)
    }

    /// Stamps the records from here on with `secs`, a recorded video's own time (a video
    /// analysed faster than real time keeps its timing in the session).
    pub fn at(&mut self, secs: f64) {
        self.media_t = Some(secs);
    }

    /// The tally of one exercise (zero when nothing was booked for it).
    pub fn tally(&self, exercise_id: &str) -> Tally {
        self.tallies
            .iter()
            .find(|t| t.exercise == exercise_id)
            .cloned()
            .unwrap_or_else(|| Tally {
                exercise: exercise_id.to_owned(),
                ..Tally::default()
            })
    }

    fn tally_mut(&mut self, exercise_id: &str) -> &mut Tally {
        let i = match self.tallies.iter().position(|t| t.exercise == exercise_id) {
            Some(i) => i,
            None => {
                self.tallies.push(Tally {
                    exercise: exercise_id.to_owned(),
                    ..Tally::default()
                });
                self.tallies.len() - 1
            }
        };
        &mut self.tallies[i]
    }

    fn append(&mut self, record: &Record) {
        let t = self.t();
        let written = self.file.append(t, record);
        self.note_write(written);
    }

    /// Remembers the first write that failed (and logs each).
    fn note_write(&mut self, written: Result<(), SessionError>) {
        if let Err(e) = written {
            if self.write_error.is_none() {
                tracing::warn!("session record: {e}");
                self.write_error = Some(e.to_string());
            } else {
                tracing::debug!("session record: {e}");
            }
        }
    }

    /// Why a record could not be written to the open file (the first such failure).
    pub fn write_error(&self) -> Option<&str> {
        self.write_error.as_deref()
    }

    /// The session file, once it is made.
    pub fn path(&self) -> Option<&Path> {
        self.file.path()
    }

    /// Books one record: counts reps and completed holds, names one side at most.
    pub fn book(&mut self, mut record: Record) {
        match &mut record {
            Record::Rep(r) => {
                r.side = file_side(r.side);
                if !r.quality.short_hold {
                    self.tally_mut(&r.exercise).reps += 1;
                }
            }
            Record::Hold(h) => {
                h.side = file_side(h.side);
                if h.completed {
                    self.tally_mut(&h.exercise).holds += 1;
                }
            }
            _ => {}
        }
        self.append(&record);
    }

    /// Writes a record that counts toward nothing (a pain rating, a pain event).
    pub fn note(&mut self, record: &Record) {
        self.append(record);
    }

    /// An exercise begins.
    pub fn exercise_started(&mut self, ex: &Exercise) {
        self.append(&Record::Exercise(session::ExerciseStart {
            id: ex.id.to_string(),
            name: ex.name.clone(),
            dose: session_dose(ex),
        }));
    }

    /// An exercise of the routine was not done (skipped, or not reached).
    pub fn exercise_skipped(&mut self, ex: &Exercise, why: session::SkipWhy) {
        self.append(&Record::Skipped(session::Skipped {
            id: ex.id.to_string(),
            name: ex.name.clone(),
            why,
        }));
    }

    /// An exercise ended: its range of motion per side, then what it achieved.
    pub fn exercise_ended(&mut self, exercise_id: &str) {
        for range in self.ranges.take(exercise_id) {
            self.append(&Record::Range(range));
        }
        let tally = self.tally(exercise_id);
        self.append(&Record::ExerciseEnd(session::ExerciseEnd {
            id: tally.exercise,
            reps: tally.reps,
            holds: tally.holds,
        }));
    }

    /// Books one frame's samples of `ex` (the exercise they were taken for): the key angle
    /// as an `angle` record, the held range measure into the range of motion.
    pub fn book_sample(&mut self, ex: &Exercise, sample: &FrameSample) {
        if let Some(held) = sample.held {
            self.ranges.add(ex, sample.side, held);
        }
        let Some(key) = sample.key else {
            return;
        };
        let Some(measure) = ex.measure(key.measure) else {
            return;
        };
        let t = self.t_of(sample.ts);
        let written = self
            .file
            .angle(t, &ex.id, &measure.id, f64::from(key.value));
        self.note_write(written);
    }

    /// Pushes buffered records to the OS when they have waited long enough.
    pub fn poll_flush(&mut self) {
        let flushed = self.file.poll_flush();
        self.note_write(flushed);
    }

    /// Writes the `end` record and closes the file (a session that never had a picture
    /// leaves none).
    pub fn end(mut self, reason: EndReason) -> Result<SummaryOf, SessionError> {
        for range in self.ranges.take_all() {
            self.append(&Record::Range(range));
        }
        let t = self.t();
        Ok(match self.file.end(t, reason)? {
            Some(path) => SummaryOf::File(path),
            None => SummaryOf::NotRecorded(self.failed),
        })
    }
}
