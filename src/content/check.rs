//! One parsed exercise file → a validated [`Exercise`], with every problem reported at once.
//!
//! [`Checker`] walks the DTO of `toml.rs` section by section, in a fixed order: header
//! (id, name, instructions, view), tuning, dose, measures, setup, phases and cycle, sides,
//! corrections, recognize, pacer, movement, range. Each section is one method; it converts names
//! to ids and degrees to radians and checks references and ranges. A problem does not stop
//! the walk: it is pushed (file, dotted key, why) and a stand-in value is used, so later
//! sections are still checked. The problems come out in walk order, which the tests pin.
//! Measures (kinds, points, units) are checked in `measure.rs`.

use super::problem;
use super::toml::{
    ConditionDto, CorrectionDto, DoseDto, ExerciseFile, MeasureDto, MovementDto, PacerDto,
    PhaseDto, RangeDto, RecognizeDto, SetupDto, SidesDto, TuningDto,
};
use super::{
    Condition, ContentProblem, Correction, Dose, DoseLimits, Exercise, ExerciseId, Measure,
    Movement, Pacer, Phase, RangeOfMotion, Recognize, Setup, Side, SideRule, Tuning, Unit,
    ViewNeed,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default hysteresis of a share condition: a fifth of the person's range, as the
/// enter/exit gap of MediaPipe's rep counter (a class entered at 6 of 10, left at 4;
/// reference §13.2) [S].
const DEFAULT_MARGIN_SHARE: f32 = 0.2;

/// Checks `dto` (read from `path`, used only in problems): the exercise, even when it has
/// problems, and every problem found.
pub(super) fn check_exercise(path: &Path, dto: ExerciseFile) -> (Exercise, Vec<ContentProblem>) {
    let mut c = Checker {
        file: path.to_owned(),
        problems: Vec::new(),
        measure_ids: BTreeMap::new(),
        measures: Vec::new(),
        tuning: Tuning::default(),
    };
    let ex = c.exercise(dto);
    (ex, c.problems)
}

/// The state of one file's check: the problems so far, and what later sections refer to
/// (the measures by id, the tuning that gives condition margins their default).
pub(super) struct Checker {
    file: PathBuf,
    problems: Vec<ContentProblem>,
    measure_ids: BTreeMap<String, usize>,
    measures: Vec<Measure>,
    tuning: Tuning,
}

impl Checker {
    pub(super) fn err(&mut self, key: &str, why: impl Into<String>) {
        self.problems.push(problem(&self.file, key, why.into()));
    }

    /// Resolves each name of the list `key` with `resolve`, reporting every name it does not
    /// know (as `key[i]`, with `why(name)`) and keeping the ones it does.
    pub(super) fn resolve_each<T>(
        &mut self,
        key: &str,
        names: &[String],
        resolve: impl Fn(&str) -> Option<T>,
        why: impl Fn(&str) -> String,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            match resolve(name) {
                Some(v) => out.push(v),
                None => self.err(&format!("{key}[{i}]"), why(name)),
            }
        }
        out
    }

    pub(super) fn positive(
        &mut self,
        key: &str,
        v: Option<f32>,
        default: f32,
        allow_zero: bool,
    ) -> f32 {
        match v {
            None => default,
            Some(x) if x.is_finite() && (x > 0.0 || (allow_zero && x == 0.0)) => x,
            Some(x) => {
                // A number past f32's range (`1e308`) reads as infinite: say what was written.
                let got = if x.is_infinite() {
                    format!(
                        "{}a number too large (beyond ±3.4e38)",
                        if x < 0.0 { "-" } else { "" }
                    )
                } else {
                    x.to_string()
                };
                self.err(key, format!("must be a positive number, got {got}"));
                default
            }
        }
    }

    fn exercise(&mut self, f: ExerciseFile) -> Exercise {
        let view = self.header(&f);
        self.tuning = self.tuning_of(&f.tuning);
        let dose_limits = self.dose_limits(&f.dose);
        let dose = self.dose(f.dose);
        self.measures(&f.measures);
        let setup = self.setup(&f.setup);
        let phases = self.phases(&f.phases);
        let cycle = self.cycle(&f.cycle, &phases);
        let hold_phase = cycle.last().copied().unwrap_or(0);
        let sides = f.sides.as_ref().map(|s| self.sides(s));
        let corrections = self.corrections(&f.corrections, &phases);
        let recognize = self.recognize(&f.recognize);
        let pacer = f.pacer.as_ref().map(|p| self.pacer(p));
        let movement = f.movement.as_ref().and_then(|m| self.movement(m));
        let figure = f.figure.as_ref().map(|d| self.figure(d));
        let range = f.range.as_ref().and_then(|r| self.range(r));
        Exercise {
            id: ExerciseId::from(f.id),
            name: f.name,
            summary: f.summary,
            instructions: f.instructions,
            cautions: f.cautions,
            view,
            dose,
            dose_limits,
            tuning: self.tuning,
            measures: std::mem::take(&mut self.measures),
            setup,
            sides,
            phases,
            cycle,
            hold_phase,
            corrections,
            recognize,
            pacer,
            movement,
            figure,
            range,
        }
    }

    /// `[range]`: an angle measure of the exercise, and `higher` or `lower`.
    fn range(&mut self, r: &RangeDto) -> Option<RangeOfMotion> {
        let measure = self.measure_ref("range.measure", &r.measure);
        let unit = self.measures.get(measure)?.unit();
        if unit != Unit::Angle {
            self.err(
                "range.measure",
                format!(
                    "measure {:?} is not an angle; a range of motion is in degrees",
                    r.measure
                ),
            );
            return None;
        }
        let higher_is_better = match r.better.as_str() {
            "higher" => true,
            "lower" => false,
            other => {
                self.err(
                    "range.better",
                    format!("{other:?}: use \"higher\" or \"lower\""),
                );
                return None;
            }
        };
        Some(RangeOfMotion {
            measure,
            higher_is_better,
        })
    }

    /// The id, name and instructions; the view the exercise needs.
    fn header(&mut self, f: &ExerciseFile) -> ViewNeed {
        if f.id.is_empty()
            || !f
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            self.err("id", "must be lower_snake_case, e.g. \"knee_to_chest\"");
        }
        if f.name.trim().is_empty() {
            self.err("name", "must not be empty");
        }
        if f.instructions.is_empty() {
            self.err("instructions", "give at least one step");
        }
        match f.view.as_str() {
            "side" => ViewNeed::Side,
            "any" => ViewNeed::Any,
            other => {
                self.err("view", format!("{other:?} is not one of \"side\", \"any\""));
                ViewNeed::Any
            }
        }
    }

    fn tuning_of(&mut self, t: &TuningDto) -> Tuning {
        let d = Tuning::default();
        let vis = t.min_visibility.unwrap_or(d.min_visibility);
        if !(0.0..=1.0).contains(&vis) {
            self.err("tuning.min_visibility", "must be between 0 and 1");
        }
        Tuning {
            min_visibility: vis.clamp(0.0, 1.0),
            margin_rad: self
                .positive("tuning.margin_deg", t.margin_deg, 8.0, true)
                .to_radians(),
            margin_torso: self.positive(
                "tuning.margin_torso",
                t.margin_torso,
                d.margin_torso,
                true,
            ),
            grace_secs: self.positive("tuning.grace_secs", t.grace_secs, d.grace_secs, true),
            persist_secs: self.positive(
                "tuning.persist_secs",
                t.persist_secs,
                d.persist_secs,
                true,
            ),
            min_show_secs: self.positive(
                "tuning.min_show_secs",
                t.min_show_secs,
                d.min_show_secs,
                true,
            ),
            setup_secs: self.positive("tuning.setup_secs", t.setup_secs, d.setup_secs, true),
            dwell_secs: self.positive("tuning.dwell_secs", t.dwell_secs, d.dwell_secs, true),
            unknown_secs: self.positive(
                "tuning.unknown_secs",
                t.unknown_secs,
                d.unknown_secs,
                true,
            ),
        }
    }

    /// `[dose] reps_range`, `hold_range_secs`: lowest first, reps at least 1, holds positive.
    /// The file's own dose need not lie inside (a person's hand-edited copy still loads);
    /// the app refuses to set one outside.
    fn dose_limits(&mut self, d: &DoseDto) -> DoseLimits {
        let reps = d.reps_range.and_then(|[lo, hi]| {
            if lo == 0 || lo > hi {
                self.err("dose.reps_range", "must be [lowest, highest], at least 1");
                None
            } else {
                Some((lo, hi))
            }
        });
        let hold_secs = d.hold_range_secs.and_then(|[lo, hi]| {
            if !(lo.is_finite() && hi.is_finite() && lo > 0.0 && lo <= hi) {
                self.err(
                    "dose.hold_range_secs",
                    "must be [shortest, longest], positive seconds",
                );
                None
            } else {
                Some((lo, hi))
            }
        });
        DoseLimits { reps, hold_secs }
    }

    fn dose(&mut self, d: DoseDto) -> Dose {
        let hold_secs = self.positive("dose.hold_secs", Some(d.hold_secs), 0.0, true);
        let dose = Dose {
            hold_secs,
            hold_max_secs: d.hold_max_secs,
            min_hold_secs: self.positive("dose.min_hold_secs", d.min_hold_secs, hold_secs, true),
            reps: d.reps,
            text: d.text,
        };
        if dose.reps == 0 {
            self.err("dose.reps", "must be at least 1");
        }
        if dose.min_hold_secs > dose.hold_secs {
            self.err("dose.min_hold_secs", "must be at most dose.hold_secs");
        }
        if let Some(max) = dose.hold_max_secs {
            if max.is_nan() || max < dose.hold_secs {
                self.err("dose.hold_max_secs", "must be at least dose.hold_secs");
            }
        }
        dose
    }

    /// Checks every measure and keeps it by id for the sections that refer to it.
    fn measures(&mut self, measures: &BTreeMap<String, MeasureDto>) {
        for (i, (id, m)) in measures.iter().enumerate() {
            let key = format!("measures.{id}");
            let measure = self.measure(&key, id, m);
            self.measure_ids.insert(id.clone(), i);
            self.measures.push(measure);
        }
    }

    fn setup(&mut self, s: &SetupDto) -> Setup {
        let setup = Setup {
            prompt: s.prompt.clone(),
            when: self.conditions("setup.when", &s.when),
        };
        if setup.prompt.trim().is_empty() {
            self.err("setup.prompt", "must not be empty");
        }
        setup
    }

    fn phases(&mut self, list: &[PhaseDto]) -> Vec<Phase> {
        let mut phases = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let key = format!("phase[{i}]");
            if phases.iter().any(|q: &Phase| q.id == p.id) || p.id == "between" {
                self.err(
                    &format!("{key}.id"),
                    format!("duplicate or reserved phase id {:?}", p.id),
                );
            }
            if p.when.is_empty() {
                self.err(
                    &format!("{key}.when"),
                    "a phase needs at least one condition",
                );
            }
            phases.push(Phase {
                id: p.id.clone(),
                cue: p.cue.clone(),
                when: self.conditions(&format!("{key}.when"), &p.when),
                ideal: self.conditions(&format!("{key}.ideal"), &p.ideal),
            });
        }
        if phases.is_empty() {
            self.err("phase", "give at least one [[phase]]");
        }
        phases
    }

    /// The phases of one rep, as indices into `phases`; the held one is the last.
    fn cycle(&mut self, names: &[String], phases: &[Phase]) -> Vec<usize> {
        let cycle = self.resolve_each(
            "cycle",
            names,
            |id| phase_index(phases, id),
            |id| format!("unknown phase {id:?}; phases: {}", phase_names(phases)),
        );
        if names.is_empty() {
            self.err("cycle", "list the phases of one rep, the held one last");
        }
        cycle
    }

    fn sides(&mut self, s: &SidesDto) -> SideRule {
        let measure = self.measure_ref("sides.measure", &s.measure);
        if let Some(m) = self.measures.get(measure) {
            if !m.is_sided() {
                self.err(
                    "sides.measure",
                    format!(
                        "measure {:?} names no sided landmark (use e.g. \"knee\")",
                        m.id
                    ),
                );
            }
        }
        let pick_min = match s.pick.as_str() {
            "min" => true,
            "max" => false,
            other => {
                self.err(
                    "sides.pick",
                    format!("{other:?} is not one of \"min\", \"max\""),
                );
                true
            }
        };
        let steps = self.side_steps(&s.steps);
        SideRule {
            measure,
            pick_min,
            steps,
            limb: s.limb.clone().unwrap_or_else(|| "side".to_owned()),
        }
    }

    fn side_steps(&mut self, names: &[String]) -> Vec<Side> {
        let mut steps = Vec::new();
        for (i, st) in names.iter().enumerate() {
            let side = match st.as_str() {
                "left" => Side::Left,
                "right" => Side::Right,
                "both" => Side::Both,
                other => {
                    self.err(
                        &format!("sides.steps[{i}]"),
                        format!("{other:?} is not one of \"left\", \"right\", \"both\""),
                    );
                    continue;
                }
            };
            if steps.contains(&side) {
                self.err(&format!("sides.steps[{i}]"), format!("{st:?} listed twice"));
            }
            steps.push(side);
        }
        if steps.is_empty() {
            self.err("sides.steps", "list at least one side");
        }
        steps
    }

    fn corrections(&mut self, list: &[CorrectionDto], phases: &[Phase]) -> Vec<Correction> {
        let mut corrections: Vec<Correction> = Vec::new();
        for (i, c) in list.iter().enumerate() {
            let key = format!("correction[{i}]");
            if corrections.iter().any(|q| q.id == c.id) {
                self.err(
                    &format!("{key}.id"),
                    format!("duplicate correction id {:?}", c.id),
                );
            }
            let correction = self.correction(&key, c, phases);
            corrections.push(correction);
        }
        corrections
    }

    fn correction(&mut self, key: &str, c: &CorrectionDto, phases: &[Phase]) -> Correction {
        if c.message.trim().is_empty() {
            self.err(&format!("{key}.message"), "must not be empty");
        }
        if c.when.is_empty() {
            self.err(
                &format!("{key}.when"),
                "a correction needs at least one condition",
            );
        }
        let cphases = self.correction_phases(key, &c.phases, phases);
        let persist_secs = self.positive(
            &format!("{key}.persist_secs"),
            c.persist_secs,
            self.tuning.persist_secs,
            true,
        );
        Correction {
            id: c.id.clone(),
            message: c.message.clone(),
            priority: c.priority,
            phases: cphases,
            when: self.conditions(&format!("{key}.when"), &c.when),
            persist_secs,
            breaks_hold: c.breaks_hold.unwrap_or(true),
        }
    }

    /// The phases a correction applies in: an index into `phases`, or `None` for "between".
    fn correction_phases(
        &mut self,
        key: &str,
        names: &[String],
        phases: &[Phase],
    ) -> Vec<Option<usize>> {
        let mut cphases = Vec::new();
        for (j, p) in names.iter().enumerate() {
            if p == "between" {
                cphases.push(None);
            } else if let Some(ix) = phase_index(phases, p) {
                cphases.push(Some(ix));
            } else {
                self.err(
                    &format!("{key}.phases[{j}]"),
                    format!(
                        "unknown phase {p:?}; phases: {}, between",
                        phase_names(phases)
                    ),
                );
            }
        }
        cphases
    }

    fn recognize(&mut self, r: &RecognizeDto) -> Recognize {
        let required = r
            .required
            .iter()
            .enumerate()
            .map(|(i, name)| self.measure_ref(&format!("recognize.required[{i}]"), name))
            .collect();
        let recognize = Recognize {
            when: self.conditions("recognize.when", &r.when),
            required,
            soft_rad: self
                .positive("recognize.soft_deg", r.soft_deg, 15.0, false)
                .to_radians(),
            soft_torso: self.positive("recognize.soft_torso", r.soft_torso, 0.15, false),
            over_built_ins: r.over_built_ins,
        };
        if r.when.is_empty() {
            self.err("recognize.when", "give at least one condition");
        }
        recognize
    }

    fn pacer(&mut self, p: &PacerDto) -> Pacer {
        Pacer {
            inhale_secs: self.positive("pacer.inhale_secs", Some(p.inhale_secs), 4.0, false),
            exhale_secs: self.positive("pacer.exhale_secs", Some(p.exhale_secs), 4.0, false),
            breaths: p.breaths,
        }
    }

    fn movement(&mut self, m: &MovementDto) -> Option<Movement> {
        let measure = self.measure_ref("movement.measure", &m.measure);
        let unit = self.measures.get(measure)?.unit();
        let ([change, back], suffix, scale, wrong_unit) = in_unit(
            unit,
            [m.change_deg, m.back_deg],
            [m.change_torso, m.back_torso],
        );
        if wrong_unit {
            self.err(
                "movement",
                format!(
                    "measure {:?} is in {suffix}: use change_{suffix} / back_{suffix}",
                    m.measure
                ),
            );
            return None;
        }
        let sign = match m.direction.as_str() {
            "increase" => 1.0,
            "decrease" => -1.0,
            other => {
                // Reported; the rest of the section is still checked.
                self.err(
                    "movement.direction",
                    format!("must be \"increase\" or \"decrease\", got {other:?}"),
                );
                1.0
            }
        };
        let Some(change) = change else {
            self.err("movement", format!("give change_{suffix}"));
            return None;
        };
        let change = self.positive(
            &format!("movement.change_{suffix}"),
            Some(change),
            1.0,
            false,
        );
        let back = self.positive(&format!("movement.back_{suffix}"), back, change * 0.5, true);
        if back >= change {
            self.err(
                &format!("movement.back_{suffix}"),
                format!("must be below change_{suffix} ({change})"),
            );
        }
        if m.name.trim().is_empty() {
            self.err("movement.name", "must not be empty");
        }
        Some(Movement {
            name: m.name.clone(),
            plural: m.plural.clone().unwrap_or_else(|| format!("{}s", m.name)),
            measure,
            sign,
            change: change * scale,
            back: back * scale,
            min_secs: self.positive("movement.min_secs", m.min_secs, 1.0, true),
        })
    }

    fn measure_ref(&mut self, key: &str, name: &str) -> usize {
        match self.measure_ids.get(name) {
            Some(&i) => i,
            None => {
                let known: Vec<&str> = self.measure_ids.keys().map(String::as_str).collect();
                self.err(
                    key,
                    format!("unknown measure {name:?}; measures: {}", known.join(", ")),
                );
                usize::MAX
            }
        }
    }

    fn conditions(&mut self, key: &str, list: &[ConditionDto]) -> Vec<Condition> {
        list.iter()
            .enumerate()
            .filter_map(|(i, c)| self.condition(&format!("{key}[{i}]"), c))
            .collect()
    }

    fn condition(&mut self, key: &str, c: &ConditionDto) -> Option<Condition> {
        let measure = self.measure_ref(&format!("{key}.measure"), &c.measure);
        let unit = self.measures.get(measure)?.unit();
        if [c.min_share, c.max_share, c.margin_share]
            .iter()
            .any(Option::is_some)
        {
            return self.share_condition(key, measure, c);
        }
        let (given, suffix, scale, wrong_unit) = in_unit(
            unit,
            [c.min_deg, c.max_deg, c.margin_deg],
            [c.min_torso, c.max_torso, c.margin_torso],
        );
        let default_margin = match unit {
            Unit::Angle => self.tuning.margin_rad,
            Unit::Torso => self.tuning.margin_torso,
        };
        if wrong_unit {
            self.err(
                key,
                format!(
                    "measure {:?} is in {suffix}: use min_{suffix} / max_{suffix} / margin_{suffix}",
                    c.measure
                ),
            );
            return None;
        }
        let [min, max, margin] = given;
        if min.is_none() && max.is_none() {
            self.err(key, format!("give min_{suffix} or max_{suffix}"));
            return None;
        }
        for (name, v) in [("min", min), ("max", max), ("margin", margin)] {
            if v.is_some_and(|x| !x.is_finite()) {
                self.err(&format!("{key}.{name}_{suffix}"), "must be a finite number");
                return None;
            }
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                self.err(
                    &format!("{key}.min_{suffix}"),
                    format!("min ({lo}) is above max ({hi})"),
                );
            }
        }
        if margin.is_some_and(|m| m < 0.0) {
            self.err(&format!("{key}.margin_{suffix}"), "must not be negative");
        }
        Some(Condition {
            measure,
            min: min.map(|v| v * scale),
            max: max.map(|v| v * scale),
            margin: margin.map_or(default_margin, |m| m.max(0.0) * scale),
            share: false,
        })
    }

    /// A condition on the share of the person's own range (`min_share`, …): only in a
    /// phase, on a measure that names its smallest own range, shares between 0 and 1.
    fn share_condition(
        &mut self,
        key: &str,
        measure: usize,
        c: &ConditionDto,
    ) -> Option<Condition> {
        let m = self.measures.get(measure)?;
        let values = [
            c.min_deg,
            c.max_deg,
            c.margin_deg,
            c.min_torso,
            c.max_torso,
            c.margin_torso,
        ];
        if values.iter().any(Option::is_some) {
            self.err(
                key,
                "give either *_share or values (*_deg, *_torso), not both",
            );
            return None;
        }
        if m.own_range.is_none() {
            let suffix = match m.unit() {
                Unit::Angle => "deg",
                Unit::Torso => "torso",
            };
            self.err(
                key,
                format!(
                    "measure {:?} has no own_range_{suffix}: a share is of the range the person \
                     has shown, which must reach that size first",
                    c.measure
                ),
            );
            return None;
        }
        if !key.starts_with("phase[") || key.contains(".ideal") {
            self.err(
                key,
                "a share of the person's own range is judged only in a [[phase]]'s `when`",
            );
            return None;
        }
        let (min, max) = (c.min_share, c.max_share);
        if min.is_none() && max.is_none() {
            self.err(key, "give min_share or max_share");
            return None;
        }
        for (name, v) in [("min", min), ("max", max), ("margin", c.margin_share)] {
            if v.is_some_and(|x| !(0.0..=1.0).contains(&x)) {
                self.err(
                    &format!("{key}.{name}_share"),
                    "must be a share from 0 to 1",
                );
                return None;
            }
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                self.err(
                    &format!("{key}.min_share"),
                    format!("min ({lo}) is above max ({hi})"),
                );
            }
        }
        Some(Condition {
            measure,
            min,
            max,
            margin: c.margin_share.unwrap_or(DEFAULT_MARGIN_SHARE),
            share: true,
        })
    }
}

fn phase_index(phases: &[Phase], id: &str) -> Option<usize> {
    phases.iter().position(|p| p.id == id)
}

fn phase_names(phases: &[Phase]) -> String {
    phases
        .iter()
        .map(|p| p.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Of values a file may give in degrees or in torso lengths: those in the measure's own
/// unit, that unit's key suffix, its scale to internal units, and whether any value was
/// given in the other unit.
pub(super) fn in_unit<const N: usize>(
    unit: Unit,
    deg: [Option<f32>; N],
    torso: [Option<f32>; N],
) -> ([Option<f32>; N], &'static str, f32, bool) {
    let any = |a: &[Option<f32>; N]| a.iter().any(Option::is_some);
    match unit {
        Unit::Angle => (deg, "deg", std::f32::consts::PI / 180.0, any(&torso)),
        Unit::Torso => (torso, "torso", 1.0, any(&deg)),
    }
}
