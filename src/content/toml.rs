//! Serde DTOs 1:1 with the files in `content/`: degrees, landmark names as strings, no
//! logic. `load.rs` reads them and `check.rs` turns them into the validated types of
//! [`crate::content`]. Every struct denies unknown fields so that a misspelt key is
//! reported, not ignored.

use serde::Deserialize;
use std::collections::BTreeMap;

/// One `content/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseFile {
    pub id: String,
    pub name: String,
    /// One short paragraph for the picker.
    #[serde(default)]
    pub summary: String,
    /// Steps in our own words, shown in order.
    pub instructions: Vec<String>,
    /// Safety notes shown before the exercise.
    #[serde(default)]
    pub cautions: Vec<String>,
    /// `side` or `any`.
    pub view: String,
    pub dose: DoseDto,
    #[serde(default)]
    pub tuning: TuningDto,
    /// Named measures, referenced by the conditions below.
    pub measures: BTreeMap<String, MeasureDto>,
    pub setup: SetupDto,
    #[serde(default)]
    pub sides: Option<SidesDto>,
    #[serde(rename = "phase")]
    pub phases: Vec<PhaseDto>,
    /// Phase ids that make one rep, in order; the last one is the hold phase.
    pub cycle: Vec<String>,
    #[serde(default, rename = "correction")]
    pub corrections: Vec<CorrectionDto>,
    pub recognize: RecognizeDto,
    #[serde(default)]
    pub pacer: Option<PacerDto>,
    #[serde(default)]
    pub movement: Option<MovementDto>,
    /// What the exercise looks like: its start and held positions as 2D joint points.
    #[serde(default)]
    pub figure: Option<FigureDto>,
    /// The exercise's range-of-motion measure (`[range]`), summarised per session and side.
    #[serde(default)]
    pub range: Option<RangeDto>,
}

/// `[figure]`: joint name → `[x, y]` in torso lengths (y up), per position.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureDto {
    pub start: BTreeMap<String, [f32; 2]>,
    pub held: BTreeMap<String, [f32; 2]>,
}

/// `[range]`: the key measure whose best and median value during holds show progress.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeDto {
    /// An angle measure of the exercise (e.g. `hip`).
    pub measure: String,
    /// `higher` or `lower`: which way is more range.
    pub better: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoseDto {
    /// Seconds the hold phase must be held per rep (0 = just reach it).
    #[serde(default)]
    pub hold_secs: f32,
    /// Upper end of the guide's range, for display only.
    #[serde(default)]
    pub hold_max_secs: Option<f32>,
    /// The least hold that still counts a rep (the lower end of a sourced range);
    /// defaults to `hold_secs`.
    #[serde(default)]
    pub min_hold_secs: Option<f32>,
    /// Reps per side.
    #[serde(default = "one")]
    pub reps: u32,
    /// Text of the dose as the guide gives it, e.g. "15–30 s each leg, then both".
    #[serde(default)]
    pub text: String,
    /// The guide's range of reps the person may set in the app, `[lowest, highest]`
    /// (absent: the guide gives one number, not editable).
    #[serde(default)]
    pub reps_range: Option<[u32; 2]>,
    /// The guide's range of the hold the person may set in the app, seconds.
    #[serde(default)]
    pub hold_range_secs: Option<[f32; 2]>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TuningDto {
    pub min_visibility: Option<f32>,
    pub margin_deg: Option<f32>,
    pub margin_torso: Option<f32>,
    pub grace_secs: Option<f32>,
    pub persist_secs: Option<f32>,
    pub min_show_secs: Option<f32>,
    pub setup_secs: Option<f32>,
    pub dwell_secs: Option<f32>,
    pub unknown_secs: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureDto {
    /// `angle`, `incline`, `body_angle`, `distance`, `height`, `line_offset`, `motion`.
    pub kind: String,
    /// Landmark names; `knee` = the chosen side's knee, `left_knee` = that one,
    /// `mid_hip` = midpoint of both hips.
    pub points: Vec<String>,
    /// `near` (default), `working`, `other`, `left`, `right`.
    #[serde(default)]
    pub side: Option<String>,
    /// For `incline`: `horizontal` or `vertical`.
    #[serde(default)]
    pub to: Option<String>,
    /// For `body_angle`: measured from the direction to the `head` (default), the `feet`,
    /// or straight `up` in the picture.
    #[serde(default)]
    pub from: Option<String>,
    /// For `motion`: the averaging window.
    #[serde(default)]
    pub window_secs: Option<f32>,
    /// `setup`: the value is relative to its value when the setup was reached.
    #[serde(default)]
    pub baseline: Option<String>,
    /// Words for "I can't see your …" (default: derived from the landmarks).
    #[serde(default)]
    pub label: Option<String>,
    /// The smallest own range (in the measure's unit) a phase may judge by: a phase
    /// condition in `*_share` reads the value as a share of the range the person has shown.
    #[serde(default)]
    pub own_range_deg: Option<f32>,
    #[serde(default)]
    pub own_range_torso: Option<f32>,
}

/// A range on one measure. Angles in degrees (`min_deg`), lengths in torso lengths
/// (`min_torso`; also `motion`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDto {
    pub measure: String,
    pub min_deg: Option<f32>,
    pub max_deg: Option<f32>,
    pub margin_deg: Option<f32>,
    pub min_torso: Option<f32>,
    pub max_torso: Option<f32>,
    pub margin_torso: Option<f32>,
    /// A share of the person's own range of the measure (0 = their lowest, 1 = their
    /// highest so far); only in a `[[phase]]`, on a measure with `own_range_*`.
    pub min_share: Option<f32>,
    pub max_share: Option<f32>,
    pub margin_share: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupDto {
    /// "Lie on your back, knees bent."
    pub prompt: String,
    pub when: Vec<ConditionDto>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SidesDto {
    /// The bilateral measure that tells the working side apart.
    pub measure: String,
    /// `min` or `max`: the working side is the one where the measure is smaller/larger.
    pub pick: String,
    /// What the person must do, in any order: `left`, `right`, `both`.
    pub steps: Vec<String>,
    /// Word for the working limb in prompts: "leg", "arm", "side".
    #[serde(default)]
    pub limb: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseDto {
    pub id: String,
    /// Shown while in this phase, e.g. "Lift your hips".
    #[serde(default)]
    pub cue: String,
    pub when: Vec<ConditionDto>,
    /// Optional stricter range: a rep "reached the range" if these held at some frame.
    #[serde(default)]
    pub ideal: Vec<ConditionDto>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionDto {
    pub id: String,
    pub message: String,
    /// Higher wins; safety faults (neck, lumbar) ≥ 80.
    pub priority: i32,
    /// Phases where the fault is checked; `between` = between phases. Default: all.
    #[serde(default)]
    pub phases: Vec<String>,
    /// The fault is present when all of these hold.
    pub when: Vec<ConditionDto>,
    pub persist_secs: Option<f32>,
    /// Whether the fault stops the hold timer (default true).
    pub breaks_hold: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecognizeDto {
    /// The pose that identifies the exercise (usually its hold phase).
    pub when: Vec<ConditionDto>,
    /// Measures that must be measurable: if one is hidden the pose is not this exercise
    /// (e.g. the straight knee of a hamstring stretch).
    #[serde(default)]
    pub required: Vec<String>,
    /// Soft edge for scoring, degrees (default 15).
    pub soft_deg: Option<f32>,
    /// Soft edge for scoring, torso lengths (default 0.15).
    pub soft_torso: Option<f32>,
    /// A taught exercise (`formcheck teach` writes it): recognised only over a built-in
    /// exercise, never on a pose none of them is recognised in.
    #[serde(default)]
    pub over_built_ins: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PacerDto {
    pub inhale_secs: f32,
    pub exhale_secs: f32,
    pub breaths: u32,
}

/// A small movement counted inside the hold (a pelvic tilt): a change of one measure
/// away from its resting level and back.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovementDto {
    /// What one is called, e.g. "tilt".
    pub name: String,
    /// The plural, e.g. "tilts" (default: name + "s").
    #[serde(default)]
    pub plural: Option<String>,
    pub measure: String,
    /// `increase` or `decrease`: which way the measure moves.
    pub direction: String,
    /// The change from the resting level that is a movement (in the measure's unit).
    #[serde(default)]
    pub change_deg: Option<f32>,
    #[serde(default)]
    pub change_torso: Option<f32>,
    /// Back within this of the resting level = relaxed again.
    #[serde(default)]
    pub back_deg: Option<f32>,
    #[serde(default)]
    pub back_torso: Option<f32>,
    /// The movement must be held this long to count.
    #[serde(default)]
    pub min_secs: Option<f32>,
}

/// `content/routine.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutineFile {
    pub name: String,
    pub exercises: Vec<String>,
}
