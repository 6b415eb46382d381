//! The on-disk session record: the only serde types for sessions.
//!
//! A session file is JSON Lines, one [`Record`] per line, each line carrying the format
//! version `v` and the session time `t` (seconds since the session started, taken from frame
//! timestamps, never from a clock in here):
//!
//! ```text
//! {"v":2,"t":0.0,"kind":"start","session_id":"3f9a2c1b7d604e15","started_at":"2025-06-01T08:30:12Z",...}
//! {"v":2,"t":4.2,"kind":"rep","exercise":"cat_cow","index":1,"quality":{"range_reached":true,"duration_secs":3.1}}
//! ```
//!
//! Why lines and not one document: a process killed mid-session leaves a file whose every
//! complete line is still valid, and only the last line can be cut short (the reader
//! tolerates that). Why a version on every line: a newer formcheck may add kinds or fields;
//! an older reader skips kinds it does not know and ignores fields it does not know, so an
//! old binary can still list and export new sessions.
//!
//! Compatibility rules: fields may be added (readers ignore unknown fields), kinds may be
//! added (readers skip and count unknown kinds); renaming or removing a field, or changing
//! its meaning, needs a new version. Version 2 added the `range` kind (range of motion per
//! exercise and side) and the pain kinds (`pain_rating` at the start and end of a session,
//! `pain` when the person says it hurts); a version-1 file reads as before, without them.
//! The `skipped` kind (a routine's exercise the person skipped, or one the session ended
//! before reaching) came later within version 2, as the rules allow: an older build skips
//! and counts it.

use serde::{Deserialize, Serialize};
// std's clock on the desktop (the same types); the browser's on wasm32, where std's panics.
use web_time::{SystemTime, UNIX_EPOCH};

/// The format version this build writes, and the newest it fully understands.
pub const FORMAT_VERSION: u32 = 2;

/// Every `kind` this build knows. A line with another kind is skipped (and counted) on read.
pub const KNOWN_KINDS: &[&str] = &[
    "start",
    "exercise",
    "rep",
    "hold",
    "movement",
    "correction",
    "angle",
    "range",
    "pain_rating",
    "pain",
    "exercise_end",
    "skipped",
    "end",
];

/// Whether the session follows a routine or is free practice of single exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Routine,
    Free,
}

/// Body side of a one-sided rep or hold (absent for symmetric exercises): the one
/// [`crate::content::Side`], written `"left"` / `"right"`.
pub use crate::content::Side;

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The routine or exercise was completed.
    Done,
    /// The user stopped early.
    Quit,
    /// The video (or image folder) being coached came to its end before the dose was done
    /// (record version 2).
    SourceEnded,
    /// The camera stopped delivering frames.
    CameraLost,
    /// The program hit an error.
    Error,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Done => "done",
            EndReason::Quit => "quit",
            EndReason::SourceEnded => "source_ended",
            EndReason::CameraLost => "camera_lost",
            EndReason::Error => "error",
        }
    }
}

/// The `start` record: who, when, with what. Always the first line of a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartMeta {
    /// 16 lowercase hex digits; the first 8 are the "short id" in the file name.
    pub session_id: String,
    /// Wall-clock start, RFC 3339 UTC with whole seconds (`2025-06-01T08:30:12Z`).
    pub started_at: String,
    /// `CARGO_PKG_VERSION` of the writer.
    pub app_version: String,
    /// Pose model used (`lite`, `full`, `heavy`).
    pub model: String,
    /// Human description of the frame source (`camera 0`, a video path, ...).
    pub source: String,
    pub mode: Mode,
    /// Routine id when `mode` is `routine`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routine: Option<String>,
}

impl StartMeta {
    /// Metadata for a session starting now, with a fresh id and `started_at` from the clock.
    pub fn new_now(model: &str, source: &str, mode: Mode, routine: Option<&str>) -> Self {
        let now = SystemTime::now();
        StartMeta {
            session_id: new_session_id(now),
            started_at: rfc3339_utc(now),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            model: model.to_string(),
            source: source.to_string(),
            mode,
            routine: routine.map(str::to_string),
        }
    }

    /// The first 8 characters of the session id (used in file names and the history table).
    pub fn short_id(&self) -> &str {
        short_id(&self.session_id)
    }
}

/// The first 8 characters of a session id (or all of it when shorter).
pub fn short_id(session_id: &str) -> &str {
    match session_id.char_indices().nth(8) {
        Some((i, _)) => &session_id[..i],
        None => session_id,
    }
}

/// What the user is asked to do for one exercise. Targets count per side: an exercise with
/// `reps: 5, sides: 2` asks for 5 left and 5 right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dose {
    /// Hold length in seconds for a hold exercise; absent for a rep exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_secs: Option<f64>,
    /// Reps (or holds, for a hold exercise) per side.
    pub reps: u32,
    /// 1 for symmetric exercises, 2 for left-and-right ones.
    pub sides: u32,
    /// Paced breaths the hold is made of (belly breathing): the dose is counted in breaths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaths: Option<u32>,
    /// The shortest hold the dose accepts, when it is a range ("hold the top 1–2 s": 1 s):
    /// a hold of at least this long has reached the dose (added within version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_hold_secs: Option<f64>,
}

impl Dose {
    /// Total reps or completed holds the dose asks for, over all sides.
    pub fn target_count(&self) -> u32 {
        self.reps.saturating_mul(self.sides.max(1))
    }

    /// Whether this is a hold exercise (counted in completed holds, not reps).
    pub fn is_hold(&self) -> bool {
        self.hold_secs.is_some()
    }

    /// Whether a hold of `secs` that stopped short of `target_secs` is still inside the
    /// dose's range (at least its shortest hold).
    pub fn hold_in_range(&self, secs: f64) -> bool {
        self.min_hold_secs.is_some_and(|m| secs + 1e-6 >= m)
    }
}

/// The `exercise` record: an exercise begins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseStart {
    pub id: String,
    pub name: String,
    pub dose: Dose,
}

/// How one rep went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepQuality {
    /// The key angle reached the target range during the rep.
    pub range_reached: bool,
    pub duration_secs: f64,
    /// Seconds the top of the rep was held with good form (absent in files before it was
    /// recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_secs: Option<f64>,
    /// Id of the worst form fault seen during the rep, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst_fault: Option<String>,
    /// A quick rep: it reached the range but its top was held less than the dose's
    /// minimum (or a fault cut the hold short), so it does not count toward the dose.
    /// Absent (false) for reps that count, and in files written before it existed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub short_hold: bool,
}

/// The `rep` record: one rep finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rep {
    pub exercise: String,
    /// 1-based, counted per exercise and side.
    pub index: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    pub quality: RepQuality,
}

/// The `hold` record: a hold ended, completed or stopped short of its target (a rep's
/// top held less than the aim, a hold broken off or ended with the attempt). Every
/// stretch of holding has one, so the time held is never lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hold {
    pub exercise: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// How long the position was held.
    pub secs: f64,
    pub target_secs: f64,
    /// The hold reached `target_secs`.
    pub completed: bool,
}

/// The `movement` record: a movement counted inside a hold (a pelvic tilt).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    pub exercise: String,
    /// What it is called (`tilt`).
    pub name: String,
    /// 1-based, counted per exercise attempt.
    pub index: u32,
}

/// The `correction` record: a cue was given to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub exercise: String,
    /// Stable id of the fault (`hips_lifted`), for counting.
    pub id: String,
    /// The words shown or spoken.
    pub message: String,
}

/// The `angle` record: one sample of an exercise's key angle, for the summary plot. Written
/// a few times per second at most (see `SessionWriter::angle`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Angle {
    pub exercise: String,
    /// Which angle (`hip_flexion`).
    pub name: String,
    pub deg: f64,
}

/// The `range` record (version 2): an exercise's range of motion on one side in one
/// session, from its key measure (named in the exercise's content file) sampled on every
/// frame while the position was held. Written before the exercise's `exercise_end`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub exercise: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// The key measure (`hip`).
    pub measure: String,
    /// More range is a higher value (`true`: bridge hip extension) or a lower one.
    pub higher_is_better: bool,
    /// The most range reached: the highest value, or the lowest when lower is better.
    pub best_deg: f64,
    pub median_deg: f64,
    /// Frames sampled while holding.
    pub samples: u32,
}

/// When a pain rating was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PainWhen {
    Start,
    End,
}

/// The `pain_rating` record (version 2): the person's pain from 0 (none) to 10 at the start
/// or the end of a session; `rating` is `null` when they skipped the question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PainRating {
    pub when: PainWhen,
    pub rating: Option<u8>,
}

/// One measure's value at a moment, in its unit (degrees or torso lengths).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureValue {
    pub measure: String,
    pub value: f64,
    pub unit: MeasureUnit,
}

/// A recorded measure's unit, as the file writes it (`deg`, `torso`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeasureUnit {
    #[serde(rename = "deg")]
    Degrees,
    #[serde(rename = "torso")]
    TorsoLengths,
    /// A unit a newer version wrote: the value is kept, never read as an angle.
    #[serde(other)]
    Other,
}

impl MeasureUnit {
    /// As the file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Degrees => "deg",
            Self::TorsoLengths => "torso",
            Self::Other => "other",
        }
    }
}

impl std::fmt::Display for MeasureUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `pain` record (version 2): the person said it hurts ("It hurts", `H`), with where
/// they were: the exercise, side, rep, phase, hold time and the exercise's measures; then
/// (fields added later within version 2, absent in older files) what they answered: where
/// it hurt, how much, what it felt like, and the way on they chose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pain {
    pub exercise: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// The rep under way (reps done + 1).
    pub rep: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Seconds held when it hurt (0 outside a hold).
    pub hold_secs: f64,
    pub measures: Vec<MeasureValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<PainLocation>,
    /// 0 (none) to 10 (worst).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feels: Option<PainFeel>,
    /// What the person chose to do next (absent: the session ended before they chose).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<PainAction>,
    /// An answer was a red flag of the guide (tingling or numbness, pain below the knee):
    /// the session was stopped with the advice to contact a clinician.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub red_flag: bool,
}

/// Where it hurt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PainLocation {
    LowBack,
    Buttock,
    LegAboveKnee,
    LegBelowKnee,
    Elsewhere,
}

/// What the pain felt like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PainFeel {
    Ache,
    Sharp,
    TinglingOrNumbness,
}

/// The way on chosen after "It hurts".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PainAction {
    /// Skip this exercise.
    Skip,
    /// A gentler version: a shorter hold, only as far as is comfortable, within the guide.
    Gentler,
    /// Stop for today.
    Stop,
}

/// The `exercise_end` record: the engine's own counts when it left an exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseEnd {
    pub id: String,
    pub reps: u32,
    pub holds: u32,
}

/// The `skipped` record: an exercise of the routine that was not started in it, and why.
/// Written when the person skips it (before it started) and, for the exercises still ahead,
/// when the session ends; an exercise skipped and then gone back to and done is done (its
/// `exercise` record follows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    pub id: String,
    pub name: String,
    pub why: SkipWhy,
}

/// Why an exercise of the routine was not done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipWhy {
    /// The person pressed Skip before it started.
    Skipped,
    /// The session ended before the routine reached it.
    NotReached,
}

/// The `end` record: the session finished. Its absence means the process died.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct End {
    pub reason: EndReason,
    /// Error text when `reason` is `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// One line of a session file, without its `v` and `t`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Start(StartMeta),
    Exercise(ExerciseStart),
    Rep(Rep),
    Hold(Hold),
    Movement(Movement),
    Correction(Correction),
    Angle(Angle),
    Range(Range),
    PainRating(PainRating),
    Pain(Pain),
    ExerciseEnd(ExerciseEnd),
    Skipped(Skipped),
    End(End),
}

impl Record {
    /// The `kind` tag as written.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Start(_) => "start",
            Record::Exercise(_) => "exercise",
            Record::Rep(_) => "rep",
            Record::Hold(_) => "hold",
            Record::Movement(_) => "movement",
            Record::Correction(_) => "correction",
            Record::Angle(_) => "angle",
            Record::Range(_) => "range",
            Record::PainRating(_) => "pain_rating",
            Record::Pain(_) => "pain",
            Record::ExerciseEnd(_) => "exercise_end",
            Record::Skipped(_) => "skipped",
            Record::End(_) => "end",
        }
    }

    /// The exercise id the record belongs to, if any.
    pub fn exercise(&self) -> Option<&str> {
        match self {
            Record::Exercise(e) => Some(&e.id),
            Record::Rep(r) => Some(&r.exercise),
            Record::Hold(h) => Some(&h.exercise),
            Record::Movement(m) => Some(&m.exercise),
            Record::Correction(c) => Some(&c.exercise),
            Record::Angle(a) => Some(&a.exercise),
            Record::Range(r) => Some(&r.exercise),
            Record::Pain(p) => Some(&p.exercise),
            Record::PainRating(_) => None,
            Record::ExerciseEnd(e) => Some(&e.id),
            Record::Skipped(s) => Some(&s.id),
            Record::Start(_) | Record::End(_) => None,
        }
    }

    /// The name of the first number in the record that is NaN or infinite (JSON cannot hold
    /// those: serde_json would write `null` and the line would no longer read back).
    pub fn non_finite_field(&self) -> Option<&'static str> {
        let bad = |x: f64| !x.is_finite();
        match self {
            Record::Exercise(e) if e.dose.hold_secs.is_some_and(bad) => Some("dose.hold_secs"),
            Record::Rep(r) if bad(r.quality.duration_secs) => Some("quality.duration_secs"),
            Record::Hold(h) if bad(h.secs) => Some("secs"),
            Record::Hold(h) if bad(h.target_secs) => Some("target_secs"),
            Record::Angle(a) if bad(a.deg) => Some("deg"),
            Record::Range(r) if bad(r.best_deg) => Some("best_deg"),
            Record::Range(r) if bad(r.median_deg) => Some("median_deg"),
            Record::Pain(p) if bad(p.hold_secs) => Some("hold_secs"),
            Record::Pain(p) if p.measures.iter().any(|m| bad(m.value)) => Some("measures.value"),
            _ => None,
        }
    }
}

/// A record with its session time, as read back (and as exported to JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Seconds since session start.
    pub t: f64,
    #[serde(flatten)]
    pub record: Record,
}

/// One record as a line of a session file, without its newline: `{"v":..,"t":..,"kind":..}`,
/// at session time `t` (seconds, rounded to milliseconds). Records with NaN or infinite
/// numbers are refused with [`super::SessionError::NonFinite`], so a file stays readable.
/// The one encoder of the format: the desktop's [`super::SessionWriter`] and the browser
/// build's record write what it returns.
pub fn encode_line(t: f64, record: &Record) -> Result<String, super::SessionError> {
    use super::SessionError;
    if !t.is_finite() {
        return Err(SessionError::NonFinite {
            kind: record.kind(),
            field: "t",
        });
    }
    if let Some(field) = record.non_finite_field() {
        return Err(SessionError::NonFinite {
            kind: record.kind(),
            field,
        });
    }
    let line = LineRef {
        v: FORMAT_VERSION,
        t: (t * 1000.0).round() / 1000.0,
        record,
    };
    serde_json::to_string(&line).map_err(|e| SessionError::Encode {
        kind: record.kind(),
        why: e.to_string(),
    })
}

/// One line as written: `{"v":..,"t":..,"kind":..,...}`.
#[derive(Serialize)]
pub(crate) struct LineRef<'a> {
    pub v: u32,
    pub t: f64,
    #[serde(flatten)]
    pub record: &'a Record,
}

/// Formats a time as RFC 3339 UTC with whole seconds, e.g. `2025-06-01T08:30:12Z`.
/// Times before 1970 are clamped to the epoch. Hand-written (civil-from-days, H. Hinnant) so
/// the crate needs no date library for one timestamp per session.
pub fn rfc3339_utc(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2025-06-01T08:30:12Z` → `20250601-083012` (the file-name stamp). `None` when the text
/// is not in the shape [`rfc3339_utc`] writes.
pub fn compact_stamp(started_at: &str) -> Option<String> {
    let b = started_at.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<&str> {
        let s = started_at.get(r)?;
        s.bytes().all(|c| c.is_ascii_digit()).then_some(s)
    };
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    Some(format!(
        "{}{}{}-{}{}{}",
        digits(0..4)?,
        digits(5..7)?,
        digits(8..10)?,
        digits(11..13)?,
        digits(14..16)?,
        digits(17..19)?
    ))
}

/// A new random-enough session id: 16 hex digits from the time, the process id and std's
/// per-process random hash keys (no RNG crate needed; ids only have to differ between
/// sessions of one user).
fn new_session_id(now: SystemTime) -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        now.duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    // No processes in a browser (std's id panics there); the clock and the counter remain.
    #[cfg(not(target_arch = "wasm32"))]
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{:016x}", h.finish())
}
