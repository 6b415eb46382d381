//! Exercises are data: one TOML file per exercise in `content/`, plus `routine.toml`,
//! compiled into the binary (`source.rs`; `$FORMCHECK_CONTENT` names a folder instead).
//!
//! This module owns the validated domain types ([`Exercise`], [`Measure`], [`Condition`],
//! [`Phase`], [`Correction`], [`Dose`], [`Routine`], [`Catalog`]); `toml.rs` holds the serde
//! DTOs that mirror the files; `source.rs` lists the files (built in or a folder), `load.rs`
//! reads each file, `check.rs` converts one into the other (with `measure.rs` for the
//! measures, `figure.rs` for the drawn start and held positions), reporting every problem at once ([`ContentProblem`]: file, key, why). Angles are radians here and degrees only in the
//! files. Adding an exercise needs a file, not Rust, unless it needs a new kind of measure.

mod check;
mod figure;
mod id;
mod load;
mod measure;
mod own;
mod own_edit;
mod own_hold;
mod reading;
mod source;
pub mod toml;

pub use figure::{cycle_share, Figure, FigurePose, CYCLE_SECS, JOINTS as FIGURE_JOINTS};
pub use id::ExerciseId;
pub use load::{load_dir, load_exercise_str, load_files, load_source};
pub use measure::body_part;
pub use own::{load_with_own, Loaded, Origin};
pub use own_edit::{
    add_to_routine, apply_edit, check_new_id, delete_own, id_from_name, own_path, read_edit,
    save_new, with_instructions, OwnEdit, OwnEditError,
};
pub use own_hold::{write_dose, write_hold, DoseWrite, HoldEdit, OwnHoldError};
pub use reading::reading_of_unknown;
pub use source::{default_source, ContentFile, ContentSource, BUILT_IN_PLACE, CONTENT_DIR_ENV};

use crate::body::LandmarkId;
use std::fmt;
use std::path::{Path, PathBuf};

/// Loads the default content ([`default_source`]: `$FORMCHECK_CONTENT`, else built in) and
/// fails if any file has a problem.
pub fn load_default() -> Result<Catalog, ContentError> {
    load_source_strict(&default_source())
}

/// Loads `dir` and turns any problem into an error listing all of them.
pub fn load_strict(dir: &Path) -> Result<Catalog, ContentError> {
    load_source_strict(&ContentSource::Folder(dir.to_owned()))
}

/// Loads `source` and turns any problem into an error listing all of them.
pub fn load_source_strict(source: &ContentSource) -> Result<Catalog, ContentError> {
    let (catalog, problems) = load_source(source)?;
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(ContentError::Invalid { problems })
    }
}

/// One thing wrong with one content file.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentProblem {
    pub file: PathBuf,
    /// Dotted key path, e.g. `phase[1].when[0].min_deg`.
    pub key: String,
    pub why: String,
}

impl fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.file.display(), self.why)
        } else {
            write!(f, "{}: {}: {}", self.file.display(), self.key, self.why)
        }
    }
}

/// Why content could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("cannot read content folder {path}: {source}")]
    ReadDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} problem(s) in the content files:\n{}", problems.len(), list_problems(problems))]
    Invalid { problems: Vec<ContentProblem> },
    #[error("unknown exercise {id:?}; valid ids: {}", valid.join(", "))]
    UnknownExercise { id: String, valid: Vec<ExerciseId> },
}

fn list_problems(problems: &[ContentProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// All exercises and the routine, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub exercises: Vec<Exercise>,
    pub routine: Routine,
}

impl Catalog {
    /// The exercise with this id, or an error listing the valid ids.
    pub fn get(&self, id: &str) -> Result<&Exercise, ContentError> {
        self.exercises
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| ContentError::UnknownExercise {
                id: id.to_owned(),
                valid: self.ids(),
            })
    }

    pub fn ids(&self) -> Vec<ExerciseId> {
        self.exercises.iter().map(|e| e.id.clone()).collect()
    }

    /// The routine's exercises in order (ids that are missing were reported at load).
    pub fn routine_exercises(&self) -> Vec<&Exercise> {
        self.routine
            .exercises
            .iter()
            .filter_map(|id| self.exercises.iter().find(|e| &e.id == id))
            .collect()
    }

    /// What `--exercise auto` chooses from: the routine's exercises in order, then the
    /// others (the user's own exercises that are not in the routine), by id.
    pub fn recognisable(&self) -> Vec<&Exercise> {
        let mut out = self.routine_exercises();
        for ex in &self.exercises {
            if !out.iter().any(|e| e.id == ex.id) {
                out.push(ex);
            }
        }
        out
    }
}

/// The order the guide gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Routine {
    pub name: String,
    pub exercises: Vec<ExerciseId>,
}

/// Which camera view an exercise needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewNeed {
    /// Side-on to the camera.
    Side,
    Any,
}

/// One exercise, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub id: ExerciseId,
    pub name: String,
    pub summary: String,
    pub instructions: Vec<String>,
    pub cautions: Vec<String>,
    pub view: ViewNeed,
    pub dose: Dose,
    /// The guide's ranges the person may set the dose within (`[dose] reps_range`,
    /// `hold_range_secs`).
    pub dose_limits: DoseLimits,
    pub tuning: Tuning,
    pub measures: Vec<Measure>,
    pub setup: Setup,
    pub sides: Option<SideRule>,
    pub phases: Vec<Phase>,
    /// Indices into `phases`: one rep goes through these in order and returns to the first.
    pub cycle: Vec<usize>,
    /// Index into `phases`: the phase that is held (the cycle's last).
    pub hold_phase: usize,
    pub corrections: Vec<Correction>,
    pub recognize: Recognize,
    pub pacer: Option<Pacer>,
    /// A movement counted inside the hold, if the exercise has one.
    pub movement: Option<Movement>,
    /// What it looks like: start and held positions (`[figure]`), if the file gives them.
    pub figure: Option<Figure>,
    /// The key measure of its range of motion (`[range]`), if the file names one.
    pub range: Option<RangeOfMotion>,
}

/// The measure that shows an exercise's range of motion (cobra: trunk extension, bridge:
/// hip extension), and which way is more range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeOfMotion {
    /// Index into [`Exercise::measures`]; an angle.
    pub measure: usize,
    /// More range is a higher value (bridge hip angle) or a lower one (knee-to-chest).
    pub higher_is_better: bool,
}

impl Exercise {
    pub fn measure(&self, i: usize) -> Option<&Measure> {
        self.measures.get(i)
    }

    pub fn phase_index(&self, id: &str) -> Option<usize> {
        self.phases.iter().position(|p| p.id == id)
    }

    /// Number of side steps (1 when the exercise has no sides).
    pub fn side_steps(&self) -> usize {
        self.sides.as_ref().map_or(1, |s| s.steps.len().max(1))
    }

    /// The dose in words: the file's own text when given, else built from its numbers
    /// ("10 reps, hold 1 s", "hold 30 s (left, right)"): a file written by hand or taught
    /// need not say it in words.
    pub fn dose_words(&self) -> String {
        if !self.dose.text.is_empty() {
            return self.dose.text.clone();
        }
        let mut words = Vec::new();
        if self.dose.reps > 1 {
            words.push(format!("{} reps", self.dose.reps));
        }
        if self.dose.hold_secs > 0.0 {
            words.push(format!("hold {} s", self.dose.hold_secs));
        }
        let mut s = words.join(", ");
        if let Some(rule) = &self.sides {
            let steps: Vec<&str> = rule.steps.iter().map(|s| s.name()).collect();
            s.push_str(&format!(" ({})", steps.join(", ")));
        }
        s
    }
}

/// How much: per side step, `reps` times the hold phase held for `hold_secs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dose {
    /// The hold to aim for: the timer's target.
    pub hold_secs: f32,
    pub hold_max_secs: Option<f32>,
    /// The least hold that still counts a rep of a repeated exercise (≤ `hold_secs`): a rep
    /// held at least this long with no fault cutting it short counts, marked short.
    pub min_hold_secs: f32,
    pub reps: u32,
    pub text: String,
}

/// The ranges the guide gives for a dose, within which the person (or their
/// physiotherapist) may set it in the app; `None`: the guide gives one number.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DoseLimits {
    pub reps: Option<(u32, u32)>,
    pub hold_secs: Option<(f32, f32)>,
}

impl DoseLimits {
    /// Whether anything can be set.
    pub fn editable(&self) -> bool {
        self.reps.is_some() || self.hold_secs.is_some()
    }
}

/// Timing and tolerance knobs, with engine defaults when a file leaves them out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Landmarks below this visibility make a measure unknown.
    pub min_visibility: f32,
    /// Default hysteresis margin for angle conditions, radians.
    pub margin_rad: f32,
    /// Default hysteresis margin for length conditions, torso lengths.
    pub margin_torso: f32,
    /// Breaks in form or presence shorter than this do not pause the hold.
    pub grace_secs: f32,
    /// A fault must last this long before it is shown.
    pub persist_secs: f32,
    /// A shown correction stays at least this long.
    pub min_show_secs: f32,
    /// The setup must hold this long before coaching starts.
    pub setup_secs: f32,
    /// A new phase must hold this long before it is entered.
    pub dwell_secs: f32,
    /// A needed measure must be unknown this long before "I can't see…" is said.
    pub unknown_secs: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            min_visibility: 0.5,
            margin_rad: 8f32.to_radians(),
            margin_torso: 0.05,
            grace_secs: 0.7,
            persist_secs: 1.0,
            min_show_secs: 2.5,
            setup_secs: 0.5,
            dwell_secs: 0.2,
            unknown_secs: 1.0,
        }
    }
}

/// What a measure's numbers mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Radians inside; degrees in files and on screen.
    Angle,
    /// Torso lengths (mid-shoulder to mid-hip).
    Torso,
}

impl Unit {
    /// An internal value (radians or torso lengths) in the units files and screens use
    /// (degrees or torso lengths).
    pub fn shown(self, internal: f32) -> f32 {
        match self {
            Unit::Angle => internal.to_degrees(),
            Unit::Torso => internal,
        }
    }
}

/// The geometry a measure computes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MeasureKind {
    /// Interior angle at the middle of three points, `[0, π]`.
    Angle,
    /// Angle of the segment p0→p1 to the image horizontal (or vertical), `[0, π/2]`.
    Incline { to_vertical: bool },
    /// Angle of p0→p1 from a reference direction (see [`AngleFrom`]), signed positive
    /// toward the front of the body (the nose side), `(-π, π]`. Shoulder flexion is
    /// `body_angle` shoulder→wrist from the feet.
    BodyAngle { from: AngleFrom },
    /// Distance p0–p1 in torso lengths.
    Distance,
    /// How far p0 is above p1 (image up), in torso lengths.
    Height,
    /// Signed distance of p1 from the line p0–p2, positive = above the line, torso lengths.
    LineOffset,
    /// How much the points move: mean over points of the RMS distance from their mean
    /// position over a window, torso lengths (≈ 0 when still; robust to jitter).
    Motion { window_secs: f32 },
}

/// What a `body_angle` is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AngleFrom {
    /// The body axis toward the head (mid-hip→mid-shoulder).
    Head,
    /// The body axis toward the feet (mid-shoulder→mid-hip).
    Feet,
    /// Straight up in the picture. Where the body axis is no good reference, e.g. the head
    /// in a high cobra: the hip–shoulder line cannot see the lower back's arch, so a head
    /// held level reads as bent back from it, while the ear behind the vertical through the
    /// shoulder is a head thrown back whatever the trunk does.
    Up,
}

impl MeasureKind {
    pub fn unit(self) -> Unit {
        match self {
            MeasureKind::Angle | MeasureKind::Incline { .. } | MeasureKind::BodyAngle { .. } => {
                Unit::Angle
            }
            MeasureKind::Distance
            | MeasureKind::Height
            | MeasureKind::LineOffset
            | MeasureKind::Motion { .. } => Unit::Torso,
        }
    }
}

/// A landmark named in a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointRef {
    /// Exactly this landmark.
    Fixed(LandmarkId),
    /// This landmark on the measure's chosen side (stored as the left one).
    Sided(LandmarkId),
    /// Midpoint of the left landmark and its mirror.
    Mid(LandmarkId),
}

/// Which body side a measure is read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideChoice {
    /// The side nearer the camera (higher visibility).
    Near,
    /// The working side (see [`SideRule`]); the near side when there is none.
    Working,
    /// The side opposite the working side.
    Other,
    Left,
    Right,
    /// Whichever side reads it smaller (`Min`) or larger (`Max`) this frame: a movement of
    /// one limb counted on either limb (a taught exercise shown with one leg, done with the
    /// other or facing the other way). A side hidden leaves the other.
    Min,
    Max,
}

/// Whether a measure is absolute or relative to a reference value of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    None,
    /// Relative to its mean while the setup was being reached.
    Setup,
    /// Relative to its mean during the latest stay in the rep's start phase (the
    /// cycle's first), so each rep is compared with its own start; the setup value
    /// until then.
    Start,
}

/// One named number computed from a pose.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub id: String,
    pub kind: MeasureKind,
    pub points: Vec<PointRef>,
    pub side: SideChoice,
    pub baseline: Baseline,
    /// Body part words for "I can't see your …".
    pub label: String,
    /// The smallest range of this measure a person must show before a phase condition
    /// judges by their own range (`Condition::share`); internal units.
    pub own_range: Option<f32>,
}

impl Measure {
    pub fn unit(&self) -> Unit {
        self.kind.unit()
    }

    /// Whether any point depends on the chosen side.
    pub fn is_sided(&self) -> bool {
        self.points.iter().any(|p| matches!(p, PointRef::Sided(_)))
    }
}

/// A range on one measure with a hysteresis margin: entering needs `[min, max]`,
/// staying needs `[min - margin, max + margin]`. Internal units (radians, torso).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Condition {
    /// Index into [`Exercise::measures`].
    pub measure: usize,
    pub min: Option<f32>,
    pub max: Option<f32>,
    pub margin: f32,
    /// `min`, `max` and `margin` are shares of the person's own range of the measure
    /// (0 = the lowest they have shown, 1 = the highest), not values (`coach::own_range`).
    pub share: bool,
}

impl Condition {
    /// Whether `value` is in range; `widened` applies the margin (used to stay).
    pub fn holds(&self, value: f32, widened: bool) -> bool {
        let m = if widened { self.margin } else { 0.0 };
        self.min.is_none_or(|lo| value >= lo - m) && self.max.is_none_or(|hi| value <= hi + m)
    }

    /// How far `value` is outside the range (0 inside).
    pub fn distance_outside(&self, value: f32) -> f32 {
        let below = self.min.map_or(0.0, |lo| (lo - value).max(0.0));
        let above = self.max.map_or(0.0, |hi| (value - hi).max(0.0));
        below.max(above)
    }
}

/// The posture family that must hold for coaching (e.g. "on your back, knees bent").
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub prompt: String,
    pub when: Vec<Condition>,
}

/// A named position.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub id: String,
    pub cue: String,
    pub when: Vec<Condition>,
    pub ideal: Vec<Condition>,
}

/// A body side: of a side step in an exercise file, of the coach's working side, and of a
/// rep or hold in a session record (where it is written as `"left"` / `"right"`; a
/// symmetric rep has no side).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Left,
    Right,
    /// Both limbs at once (double knee-to-chest).
    Both,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Both => "both",
        }
    }

    pub fn opposite(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
            Side::Both => Side::Both,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the working side is told apart, and which side steps the dose has.
#[derive(Debug, Clone, PartialEq)]
pub struct SideRule {
    /// Index into [`Exercise::measures`] (a sided measure).
    pub measure: usize,
    /// The working side is where the measure is smaller (`true`) or larger.
    pub pick_min: bool,
    pub steps: Vec<Side>,
    /// "leg", "arm", "side".
    pub limb: String,
}

/// A fault and the short message that corrects it.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub id: String,
    pub message: String,
    /// Higher wins.
    pub priority: i32,
    /// Phase indices where it is checked; `None` entry = between phases. Empty = always.
    pub phases: Vec<Option<usize>>,
    /// The fault is present when all hold.
    pub when: Vec<Condition>,
    pub persist_secs: f32,
    pub breaks_hold: bool,
}

impl Correction {
    pub fn applies_in(&self, phase: Option<usize>) -> bool {
        self.phases.is_empty() || self.phases.contains(&phase)
    }
}

/// The pose that identifies an exercise, scored softly.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognize {
    pub when: Vec<Condition>,
    /// Indices into [`Exercise::measures`] that must be known.
    pub required: Vec<usize>,
    pub soft_rad: f32,
    pub soft_torso: f32,
    /// Recognised only where an exercise without this flag (a built-in) is recognised
    /// too, and only when scoring above it (a taught exercise; `coach::recognize`).
    pub over_built_ins: bool,
}

/// A small movement counted inside the hold (e.g. pelvic tilts during the 60 s): the
/// measure moves away from its resting level by `change` (in `direction`), is held for
/// `min_secs`, and comes back within `back`. Internal units (radians, torso lengths).
#[derive(Debug, Clone, PartialEq)]
pub struct Movement {
    pub name: String,
    pub plural: String,
    /// Index into [`Exercise::measures`].
    pub measure: usize,
    /// +1 when the measure increases, -1 when it decreases.
    pub sign: f32,
    pub change: f32,
    pub back: f32,
    pub min_secs: f32,
}

/// A breathing pace shown during the hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacer {
    pub inhale_secs: f32,
    pub exhale_secs: f32,
    pub breaths: u32,
}

/// A problem found in `file` at `key`.
pub(crate) fn problem(file: &std::path::Path, key: &str, why: String) -> ContentProblem {
    ContentProblem {
        file: file.to_owned(),
        key: key.to_owned(),
        why,
    }
}
