//! Teaching an exercise by showing it once: a demonstration (poses over time) → a content
//! file that coaches and counts it like a built-in one.
//!
//! 1. `candidates.rs` reads every frame with a probe exercise of the engine's own measure
//!    kinds (joint angles, the trunk's incline, heights), each sided one on both sides,
//!    through the real coach.
//! 2. `positions.rs` finds the still positions and splits them into the start and the held
//!    position (stillness, then the biggest change between them).
//! 3. Here: the reading that changes most between the two counts the movement (its side,
//!    when only one side moved, is the working side); an arm reading only when no trunk,
//!    leg or head reading separates the positions (arms support and balance the body: a
//!    cobra lifts the trunk while the arms push, a push-up pushes with the trunk level). Readings that jump faster than a body
//!    moves are mis-tracked and left out; the head only where its sign (toward the face) is stable. Sided measures are read on the near
//!    side, or with `--sides each` on the working side picked by that measure, so either
//!    side and a mirrored camera work; a movement of one limb (`--sides one`) is counted on
//!    whichever side moves (`side = "min"`/`"max"`), so the other limb counts too; joints straight
//!    in both positions become form conditions; the view is side-on when the shoulders
//!    overlap. Bands come from what was shown, widened by the 2D-pose error:
//!    the published side-on error (7°, 0.07 torso lengths) plus twice the counting reading's
//!    frame noise measured in the demonstration itself (a noisier camera or a smaller figure
//!    widens them).
//! 4. `write.rs` renders a commented file that a person can read and edit, and
//!    `figure.rs` adds its `[figure]` (the poses seen in the two positions, checked against
//!    the file's rules), which the picker draws.
//!
//! A demonstration that cannot teach is a [`TeachError`] that says what to do. The poses
//! show one person only (the pose model follows one), so a second person in the picture is
//! found by the paths that read the pictures: `people.rs` counts the people in about one
//! picture a second and refuses a demonstration with two or more in at least half of them,
//! before `teach` runs.

mod candidates;
mod figure;
mod people;
mod positions;
mod sides;
mod write;

pub use candidates::{read, Candidate, Column, Reading, Series, CANDIDATES};
pub use figure::{figure_of, pose_at};
pub use people::{check_people, People, Sample, SAMPLE_EVERY_SECS};
pub use positions::{still_positions, Position};
pub use sides::SidesFound;

use crate::body::Pose;
use crate::content::{Side, Unit, ViewNeed};
use crate::frame::Timestamp;
use std::fmt::Write as _;

/// The 2D-pose error bands are widened by, before this demonstration's own frame noise
/// ([`Counting::noise`]) is added: another person on another camera is read with the
/// published error of 2D pose against the truth side-on (the reference §0.1: MediaPipe knee
/// angles −2° ± 6° lateral, MAE ≈ 7°; content/README.md: 4–7°).
pub const ERROR_DEG: f32 = 7.0;
/// The same for lengths, torso lengths (7° turns a limb of one torso length by 0.12 torso
/// at its end, a thigh of 0.6 torso by 0.07).
pub const ERROR_TORSO: f32 = 0.07;
/// The published error off side-on (the reference §0.1: −14° ± 15° pooled over views 45–90°
/// off side-on): a file taught from a demonstration not seen side-on has `view = "any"`, so
/// it is coached from any angle, and its bands are widened by this instead.
pub const ERROR_OBLIQUE_DEG: f32 = 14.0;
/// The same for lengths (twice the side-on figure, as for angles).
pub const ERROR_OBLIQUE_TORSO: f32 = 0.14;
/// The frame noise is taken this many standard deviations wide (two: 95 % of frames; a
/// convention, like the published errors above not fitted on any clip).
pub const NOISE_SDS: f32 = 2.0;
/// The shortest demonstration that can teach, seconds.
pub const MIN_SECS: f64 = 2.0;
/// The shortest held position of a `--hold` demonstration, seconds.
pub const MIN_HOLD_SECS: f64 = 1.5;

/// How much of the exercise to do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DoseAsked {
    Reps(u32),
    Hold(f32),
}

/// Whether it is done once or once per side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SidesAsked {
    One,
    Each,
}

/// What to teach.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: String,
    pub name: String,
    pub dose: DoseAsked,
    pub sides: SidesAsked,
}

/// Longest exercise name `teach` takes (characters).
pub const MAX_NAME_CHARS: usize = 80;
/// Longest exercise id `teach` takes (it is also a file name).
pub const MAX_ID_CHARS: usize = 64;

/// A `--id` or `--name` that cannot be taught under (checked before the demonstration is
/// read, so a long analysis never ends on it).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BadRequest {
    #[error("the id {0:?} must be lower_snake_case (a–z, 0–9 and _, at most {MAX_ID_CHARS} characters), e.g. \"wall_sit\"; it is also the file name")]
    Id(String),
    #[error("the name must not be empty")]
    EmptyName,
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    LongName,
    #[error("the name contains {} (a control character, a line break or a text-direction override): use plain text", .0.escape_unicode())]
    NameChar(char),
}

/// Checks the id and name a person gave (see [`BadRequest`]).
pub fn check_request(request: &Request) -> Result<(), BadRequest> {
    let id = &request.id;
    let id_ok = !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !id_ok {
        return Err(BadRequest::Id(id.clone()));
    }
    let name = request.name.trim();
    if name.is_empty() {
        return Err(BadRequest::EmptyName);
    }
    if let Some(c) = crate::text::unsafe_char(&request.name) {
        return Err(BadRequest::NameChar(c));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(BadRequest::LongName);
    }
    Ok(())
}

/// Why a demonstration cannot teach, and what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TeachError {
    #[error("nobody was seen in the demonstration: let the camera see your whole body, side-on, and show the exercise again")]
    NobodySeen,
    #[error("the demonstration is too short ({secs:.1} s): show the start position for a second, do the movement, and hold the end position for 2 s")]
    TooShort { secs: f64 },
    #[error("your body is partly out of the picture (the {parts} were not seen in most frames): move back or turn the camera so it sees you from head to feet")]
    PartlyOutOfFrame { parts: String },
    #[error("no still held position was found: {what}")]
    NoStillHold { what: String },
    #[error("more than one person was seen (in {crowded} of the {sampled} pictures checked): only the person showing the exercise should be in the picture: ask anyone else to step out of view, and show the exercise again")]
    MoreThanOnePerson { crowded: usize, sampled: usize },
}

/// The reading that counts the movement, and its values in the two positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counting {
    pub column: Column,
    pub start: f32,
    pub held: f32,
    /// The reading's frame noise measured in this demonstration (standard deviation, in its
    /// unit) while in the two positions: the frame-to-frame differences' median absolute
    /// value × 1.4826 / √2 (a robust SD of one frame's error, which slow movement near an
    /// extreme hardly adds to). The bands are widened by [`NOISE_SDS`] of it on top of the
    /// published error.
    pub noise: f32,
}

/// What a demonstration taught.
#[derive(Debug, Clone, PartialEq)]
pub struct Taught {
    pub request: Request,
    pub view: ViewNeed,
    pub start: Option<Position>,
    pub held: Position,
    /// `None` for a demonstration that is all hold.
    pub counting: Option<Counting>,
    /// The side that moved, when only one did.
    pub working: Option<Side>,
    /// Joints straight in both positions: (candidate index, the least angle shown).
    pub straight: Vec<(usize, f32)>,
    /// A side-by-side demonstration (`--sides each`) read on its working side: positions
    /// and counting then hold the working side's values in the left columns.
    pub sides: Option<SidesFound>,
    /// The content file.
    pub toml: String,
}

/// Teaches `request` from a demonstration.
pub fn teach(
    frames: &[(Timestamp, Option<Pose>)],
    request: &Request,
) -> Result<Taught, TeachError> {
    let mut series = read(frames);
    check_demonstration(&series)?;
    let view = view(&series);
    series.drop_mistracked();
    series.drop_if_sign_flips("head");
    let hold = matches!(request.dose, DoseAsked::Hold(_));
    let each = (request.sides == SidesAsked::Each)
        .then(|| sides::each(&series, hold))
        .flatten();
    let (found, sides) = match each {
        Some((f, s)) => (f, Some(s)),
        None => (find(&series, hold)?, None),
    };
    let Found {
        start,
        held,
        counting,
    } = found;
    let working = match sides {
        Some(_) => None,
        None => counting.and_then(|c| one_sided(c, start.as_ref()?, &held)),
    };
    // Read on the working side, the left columns hold it.
    let straight_side = if sides.is_some() {
        Some(Side::Left)
    } else {
        working
    };
    let straight = straight_joints(start.as_ref(), &held, counting, straight_side);
    let mut taught = Taught {
        request: request.clone(),
        view,
        start,
        held,
        counting,
        working,
        straight,
        sides,
        toml: String::new(),
    };
    taught.toml = figure::with_figure(write::render(&taught), frames, &taught);
    Ok(taught)
}

/// The start and held positions of a demonstration, and what counts the movement.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub start: Option<Position>,
    pub held: Position,
    pub counting: Option<Counting>,
}

/// Finds the start and held positions: from still positions, or, for a `--reps`
/// demonstration whose still positions show no movement, from the extremes of the reading
/// that moves most (a movement never paused, a brief top).
fn find(series: &Series, hold: bool) -> Result<Found, TeachError> {
    let opening = positions::opening(series);
    let from = |list: &[Position]| {
        let split = positions::start_and_held(list, opening.as_ref(), hold)?;
        let counting = split.start.as_ref().and_then(|s| counting(s, &split.held));
        Some((split, counting))
    };
    let mut split = from(&still_positions(series));
    if !hold && split.as_ref().is_none_or(|(_, c)| c.is_none()) {
        if let Some(moving) =
            from(&positions::extreme_positions(series)).filter(|(_, c)| c.is_some())
        {
            split = Some(moving);
        }
    }
    let Some((split, counting)) = split else {
        return Err(TeachError::NoStillHold {
            what: "hold the end position still for 2 s".to_owned(),
        });
    };
    let start = match (split.start, hold) {
        (Some(s), _) => Some(s),
        (None, true) => None,
        (None, false) => {
            return Err(TeachError::NoStillHold {
                what: "only one position was shown: start still for a second, move, hold the end position for 2 s, then come back".to_owned(),
            })
        }
    };
    let held = split.held;
    let counting = counting.map(|c| Counting {
        noise: frame_noise(series, c.column, start.iter().chain([&held])),
        ..c
    });
    if hold && held.secs() < MIN_HOLD_SECS {
        return Err(TeachError::NoStillHold {
            what: format!(
                "the longest still position lasted {:.1} s: hold the end position still for 2 s",
                held.secs()
            ),
        });
    }
    Ok(Found {
        start,
        held,
        counting,
    })
}

/// The frame noise of `column` within `positions` (see [`Counting::noise`]); 0 with fewer
/// than 5 frame pairs.
fn frame_noise<'a>(
    series: &Series,
    column: Column,
    positions: impl Iterator<Item = &'a Position>,
) -> f32 {
    let Some(c) = candidates::columns().iter().position(|col| *col == column) else {
        return 0.0;
    };
    let mut diffs = Vec::new();
    for p in positions {
        let seen: Vec<f32> = (0..series.t.len())
            .filter(|&i| series.t[i] >= p.from_s && series.t[i] <= p.to_s)
            .filter_map(|i| series.values[i][c])
            .collect();
        diffs.extend(seen.windows(2).map(|w| (w[1] - w[0]).abs()));
    }
    if diffs.len() < 5 {
        return 0.0;
    }
    diffs.sort_by(f32::total_cmp);
    diffs[diffs.len() / 2] * 1.4826 / std::f32::consts::SQRT_2
}

/// Somebody seen, long enough, the body in the picture.
fn check_demonstration(s: &Series) -> Result<(), TeachError> {
    let seen: Vec<usize> = (0..s.t.len()).filter(|&i| s.person[i]).collect();
    if seen.is_empty() {
        return Err(TeachError::NobodySeen);
    }
    // Someone was seen: a demonstration of a frame or two is too short, not empty.
    let secs = s.t.last().copied().unwrap_or(0.0) - s.t.first().copied().unwrap_or(0.0);
    if seen.len() < 3 || secs < MIN_SECS {
        return Err(TeachError::TooShort { secs });
    }
    let cols = candidates::columns();
    let mut missing = Vec::new();
    for (name, words) in [
        ("trunk", "shoulders and hips"),
        ("hip", "hips"),
        ("knee", "knees and ankles"),
    ] {
        let known = seen
            .iter()
            .filter(|&&i| {
                cols.iter()
                    .enumerate()
                    .any(|(c, col)| col.candidate().id == name && s.values[i][c].is_some())
            })
            .count();
        if known * 10 < seen.len() * 6 {
            missing.push(words);
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(TeachError::PartlyOutOfFrame {
            parts: missing.join(", "),
        })
    }
}

/// The reading that changes most between the positions (in unit steps): a trunk, leg or
/// head reading when one separates them, else an arm reading ([`Candidate::arm`]).
fn counting(start: &Position, held: &Position) -> Option<Counting> {
    counting_among(start, held, false).or_else(|| counting_among(start, held, true))
}

/// [`counting`] among the trunk, leg and head readings, or among all (`arms`).
fn counting_among(start: &Position, held: &Position, arms: bool) -> Option<Counting> {
    let cols = candidates::columns();
    let mut best: Option<(f32, Counting)> = None;
    for (c, col) in cols
        .iter()
        .enumerate()
        .filter(|(_, col)| arms || !col.candidate().arm())
    {
        let (Some(a), Some(b)) = (start.values[c], held.values[c]) else {
            continue;
        };
        let d = (b - a).abs() / candidates::column_step(*col) * col.candidate().weight;
        if best.is_none_or(|(bd, _)| d > bd + 1e-3) {
            best = Some((
                d,
                Counting {
                    column: *col,
                    start: a,
                    held: b,
                    noise: 0.0,
                },
            ));
        }
    }
    best.filter(|(d, _)| *d >= positions::DIFFERENT_STEPS)
        .map(|(_, c)| c)
}

/// The side that moved, when the same reading on the other side (seen in both positions)
/// moved less than half as much.
fn one_sided(c: Counting, start: &Position, held: &Position) -> Option<Side> {
    let side = match c.column.reading {
        Reading::Left => Side::Left,
        Reading::Right => Side::Right,
        Reading::Mid => return None,
    };
    let cols = candidates::columns();
    let other = cols
        .iter()
        .position(|col| col.candidate == c.column.candidate && *col != c.column)?;
    let moved = (c.held - c.start).abs();
    // The other side hidden is no evidence that it stayed still.
    let other_moved = (held.values[other]? - start.values[other]?).abs();
    (other_moved < 0.5 * moved).then_some(side)
}

/// Knees and elbows straight (≥ 155°) in both positions, on the side that is read.
fn straight_joints(
    start: Option<&Position>,
    held: &Position,
    counting: Option<Counting>,
    working: Option<Side>,
) -> Vec<(usize, f32)> {
    let cols = candidates::columns();
    let mut out = Vec::new();
    for name in ["knee", "elbow"] {
        let Some(ci) = CANDIDATES.iter().position(|c| c.id == name) else {
            continue;
        };
        if counting.is_some_and(|c| c.column.candidate == ci) {
            continue;
        }
        let readings: Vec<usize> = cols
            .iter()
            .enumerate()
            .filter(|(_, col)| col.candidate == ci)
            .filter(|(_, col)| {
                !matches!(
                    (working, col.reading),
                    (Some(Side::Left), Reading::Right) | (Some(Side::Right), Reading::Left)
                )
            })
            .map(|(i, _)| i)
            .collect();
        let least = readings
            .iter()
            .flat_map(|&c| [start.and_then(|s| s.values[c]), held.values[c]])
            .collect::<Option<Vec<f32>>>()
            .and_then(|v| v.into_iter().reduce(f32::min));
        if let Some(least) = least.filter(|v| *v >= 155.0) {
            out.push((ci, least));
        }
    }
    out
}

/// Side-on when the shoulders overlap (median width under half the torso length).
fn view(s: &Series) -> ViewNeed {
    let mut w: Vec<f32> = s.shoulder_width.iter().flatten().copied().collect();
    w.sort_by(f32::total_cmp);
    match w.get(w.len() / 2) {
        Some(&m) if m < 0.5 => ViewNeed::Side,
        _ => ViewNeed::Any,
    }
}

impl Taught {
    /// What was found, in one line per position: "start: hip 95°, knee 88° (0.4–1.1 s); …".
    pub fn found(&self) -> String {
        let mut out = String::new();
        if let Some(s) = &self.start {
            let _ = write!(out, "start: {}; ", self.position_text(s));
        }
        let _ = write!(out, "held: {}", self.position_text(&self.held));
        match self.counting {
            Some(c) => {
                let _ = write!(out, "; counting on {}", self.column_words(c.column));
            }
            None => out.push_str("; all hold"),
        }
        out
    }
}

impl Taught {
    /// A column's words: as [`column_name`], or `hip (working side)` for a side-by-side
    /// demonstration, whose left columns hold the working side.
    pub fn column_words(&self, c: Column) -> String {
        match (self.sides, c.reading) {
            (Some(_), Reading::Left) => format!("{} (working side)", c.candidate().words),
            _ => column_name(c),
        }
    }

    /// One position in words: "hip 95°, knee 88° (0.4–1.1 s)", sided readings named as
    /// the working side when there is one.
    pub fn position_text(&self, p: &Position) -> String {
        let cols = candidates::columns();
        let shown: Vec<String> = cols
            .iter()
            .zip(&p.values)
            .filter(|(c, _)| matches!(c.candidate().id, "hip" | "knee" | "trunk"))
            .filter_map(|(c, v)| {
                Some(format!(
                    "{} {}",
                    self.column_words(*c),
                    value_text(c.candidate().unit, (*v)?)
                ))
            })
            .collect();
        format!("{} ({:.1}–{:.1} s)", shown.join(", "), p.from_s, p.to_s)
    }
}

/// `hip (left)`, `trunk from horizontal`.
pub fn column_name(c: Column) -> String {
    match c.reading {
        Reading::Left => format!("{} (left)", c.candidate().words),
        Reading::Right => format!("{} (right)", c.candidate().words),
        Reading::Mid => c.candidate().words.to_owned(),
    }
}

/// A value with its unit: `95°`, `0.42 torso`.
pub fn value_text(unit: Unit, v: f32) -> String {
    match unit {
        Unit::Angle => format!("{v:.0}°"),
        Unit::Torso => format!("{v:.2} torso"),
    }
}
