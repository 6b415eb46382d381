//! Content folder → validated [`Catalog`], with every problem reported at once.
//!
//! Parsing is two-stage: serde reads a file into the DTOs of `toml.rs` (syntax, types,
//! unknown keys), then [`Checker`] converts names to ids and degrees to radians and
//! checks references and ranges, collecting problems instead of stopping at the first.
//! A file with problems is left out of the catalog; the others load.

use super::toml::{ConditionDto, ExerciseFile, MeasureDto, RoutineFile};
use super::{
    AngleFrom, Baseline, Catalog, Condition, ContentError, ContentProblem, Correction, Dose,
    Exercise, ExerciseId, Measure, MeasureKind, Movement, Pacer, Phase, PointRef, Recognize,
    Routine, Setup, Side, SideChoice, SideRule, Tuning, Unit, ViewNeed,
};
use crate::body::LandmarkId;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ROUTINE_FILE: &str = "routine.toml";

/// Reads every `*.toml` in `dir`: exercises, plus `routine.toml`. Only an unreadable
/// folder is an error; everything wrong inside a file is a [`ContentProblem`].
pub fn load_dir(dir: &Path) -> Result<(Catalog, Vec<ContentProblem>), ContentError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ContentError::ReadDir {
        path: dir.to_owned(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();

    let mut problems = Vec::new();
    let mut exercises: Vec<Exercise> = Vec::new();
    let mut routine: Option<(PathBuf, RoutineFile)> = None;
    // Ids of every exercise file that parsed, including those with problems, so the
    // routine check does not call a broken file "unknown".
    let mut parsed_ids: Vec<ExerciseId> = Vec::new();
    for path in paths {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(problem(&path, "", format!("cannot read: {e}")));
                continue;
            }
        };
        if path.file_name().is_some_and(|n| n == ROUTINE_FILE) {
            match ::toml::from_str::<RoutineFile>(&text) {
                Ok(r) => routine = Some((path, r)),
                Err(e) => problems.push(toml_problem(&path, &text, &e)),
            }
            continue;
        }
        let (exercise, mut file_problems) = load_exercise_str(&path, &text);
        if exercise.is_none() {
            // It did not parse, but it exists: the routine should not call it unknown.
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                parsed_ids.push(ExerciseId::from(stem));
            }
        }
        if let Some(ex) = exercise {
            parsed_ids.push(ex.id.clone());
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if ex.id != stem {
                file_problems.push(problem(
                    &path,
                    "id",
                    format!("id {:?} must match the file name {stem:?}", ex.id),
                ));
            } else if exercises.iter().any(|e| e.id == ex.id) {
                file_problems.push(problem(&path, "id", format!("duplicate id {:?}", ex.id)));
            } else if file_problems.is_empty() {
                exercises.push(ex);
            }
        }
        problems.extend(file_problems);
    }
    exercises.sort_by(|a, b| a.id.cmp(&b.id));

    let routine = match routine {
        Some((path, r)) => {
            for (i, id) in r.exercises.iter().enumerate() {
                if !parsed_ids.iter().any(|p| p == id) {
                    let mut valid: Vec<&str> = parsed_ids.iter().map(|p| p.as_str()).collect();
                    valid.sort_unstable();
                    problems.push(problem(
                        &path,
                        &format!("exercises[{i}]"),
                        format!("unknown exercise {id:?}; valid ids: {}", valid.join(", ")),
                    ));
                }
            }
            Routine {
                name: r.name,
                exercises: r.exercises.into_iter().map(ExerciseId::from).collect(),
            }
        }
        None => {
            problems.push(problem(
                &dir.join(ROUTINE_FILE),
                "",
                "missing routine file".to_owned(),
            ));
            Routine::default()
        }
    };
    Ok((Catalog { exercises, routine }, problems))
}

/// Parses and validates one exercise file's text. `path` is only used in problems.
/// Returns the exercise when it parsed (even with problems) and all problems found.
pub fn load_exercise_str(path: &Path, text: &str) -> (Option<Exercise>, Vec<ContentProblem>) {
    match ::toml::from_str::<ExerciseFile>(text) {
        Ok(dto) => {
            let mut c = Checker {
                file: path.to_owned(),
                problems: Vec::new(),
                measure_ids: BTreeMap::new(),
                measures: Vec::new(),
                tuning: Tuning::default(),
            };
            let ex = c.exercise(dto);
            (Some(ex), c.problems)
        }
        Err(e) => {
            // serde stops at the first schema error; check the sections one by one so
            // that every wrong section is reported, not just the first.
            let mut problems = section_problems(path, text);
            if problems.is_empty() {
                problems.push(toml_problem(path, text, &e));
            }
            (None, problems)
        }
    }
}

/// Schema problems per section of an exercise file that failed to deserialize: each
/// table, each `[[phase]]` and `[[correction]]`, each measure, and the top-level keys.
/// Empty when the file is not even valid TOML (the caller reports the syntax error).
fn section_problems(path: &Path, text: &str) -> Vec<ContentProblem> {
    use super::toml::{
        CorrectionDto, DoseDto, MovementDto, PacerDto, PhaseDto, RecognizeDto, SetupDto, SidesDto,
        TuningDto,
    };
    use ::toml::{Table, Value};
    fn check<T: serde::de::DeserializeOwned>(
        out: &mut Vec<ContentProblem>,
        path: &Path,
        key: &str,
        v: &Value,
    ) {
        if let Err(e) = v.clone().try_into::<T>() {
            out.push(problem(path, key, e.message().replace('\n', " ")));
        }
    }
    let Ok(table) = text.parse::<Table>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    const STRINGS: [&str; 5] = ["id", "name", "summary", "view", "cycle"];
    const KNOWN: [&str; 17] = [
        "id",
        "name",
        "summary",
        "instructions",
        "cautions",
        "view",
        "dose",
        "tuning",
        "measures",
        "setup",
        "sides",
        "phase",
        "cycle",
        "correction",
        "recognize",
        "pacer",
        "movement",
    ];
    for key in table.keys() {
        if !KNOWN.contains(&key.as_str()) {
            out.push(problem(
                path,
                key,
                format!("unknown key; expected one of {}", KNOWN.join(", ")),
            ));
        }
    }
    for required in [
        "id",
        "name",
        "instructions",
        "view",
        "dose",
        "measures",
        "setup",
        "phase",
        "cycle",
        "recognize",
    ] {
        if !table.contains_key(required) {
            out.push(problem(path, required, "missing".to_owned()));
        }
    }
    for key in STRINGS {
        match (key, table.get(key)) {
            ("cycle", Some(v)) => check::<Vec<String>>(&mut out, path, key, v),
            (_, Some(v)) => check::<String>(&mut out, path, key, v),
            _ => {}
        }
    }
    for key in ["instructions", "cautions"] {
        if let Some(v) = table.get(key) {
            check::<Vec<String>>(&mut out, path, key, v);
        }
    }
    type Check = fn(&mut Vec<ContentProblem>, &Path, &str, &Value);
    let sections: [(&str, Check); 7] = [
        ("dose", check::<DoseDto>),
        ("tuning", check::<TuningDto>),
        ("setup", check::<SetupDto>),
        ("sides", check::<SidesDto>),
        ("recognize", check::<RecognizeDto>),
        ("pacer", check::<PacerDto>),
        ("movement", check::<MovementDto>),
    ];
    for (key, f) in sections {
        if let Some(v) = table.get(key) {
            f(&mut out, path, key, v);
        }
    }
    if let Some(Value::Table(measures)) = table.get("measures") {
        for (id, v) in measures {
            check::<MeasureDto>(&mut out, path, &format!("measures.{id}"), v);
        }
    }
    for (key, f) in [
        ("phase", check::<PhaseDto> as Check),
        ("correction", check::<CorrectionDto>),
    ] {
        match table.get(key) {
            Some(Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    f(&mut out, path, &format!("{key}[{i}]"), v);
                }
            }
            Some(_) => out.push(problem(path, key, format!("use [[{key}]] tables"))),
            None => {}
        }
    }
    out
}

fn problem(file: &Path, key: &str, why: String) -> ContentProblem {
    ContentProblem {
        file: file.to_owned(),
        key: key.to_owned(),
        why,
    }
}

fn toml_problem(file: &Path, text: &str, e: &::toml::de::Error) -> ContentProblem {
    // toml's message names the key; the span gives the place. Keep it on one line.
    let why = e.message().replace('\n', " ");
    let key = match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let snippet = text.get(span.clone()).unwrap_or("").trim();
            if snippet.is_empty() || snippet.contains('\n') {
                format!("line {line}, column {column}")
            } else {
                format!("line {line}, column {column} ({snippet})")
            }
        }
        None => String::new(),
    };
    problem(file, &key, why)
}

struct Checker {
    file: PathBuf,
    problems: Vec<ContentProblem>,
    measure_ids: BTreeMap<String, usize>,
    measures: Vec<Measure>,
    tuning: Tuning,
}

impl Checker {
    fn err(&mut self, key: &str, why: impl Into<String>) {
        self.problems.push(problem(&self.file, key, why.into()));
    }

    /// Resolves each name of the list `key` with `resolve`, reporting every name it does not
    /// know (as `key[i]`, with `why(name)`) and keeping the ones it does.
    fn resolve_each<T>(
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

    fn positive(&mut self, key: &str, v: Option<f32>, default: f32, allow_zero: bool) -> f32 {
        match v {
            None => default,
            Some(x) if x.is_finite() && (x > 0.0 || (allow_zero && x == 0.0)) => x,
            Some(x) => {
                self.err(key, format!("must be a positive number, got {x}"));
                default
            }
        }
    }

    fn exercise(&mut self, f: ExerciseFile) -> Exercise {
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
        let view = match f.view.as_str() {
            "side" => ViewNeed::Side,
            "any" => ViewNeed::Any,
            other => {
                self.err("view", format!("{other:?} is not one of \"side\", \"any\""));
                ViewNeed::Any
            }
        };
        let d = Tuning::default();
        let t = &f.tuning;
        let vis = t.min_visibility.unwrap_or(d.min_visibility);
        if !(0.0..=1.0).contains(&vis) {
            self.err("tuning.min_visibility", "must be between 0 and 1");
        }
        self.tuning = Tuning {
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
        };
        let hold_secs = self.positive("dose.hold_secs", Some(f.dose.hold_secs), 0.0, true);
        let dose = Dose {
            hold_secs,
            hold_max_secs: f.dose.hold_max_secs,
            min_hold_secs: self.positive(
                "dose.min_hold_secs",
                f.dose.min_hold_secs,
                hold_secs,
                true,
            ),
            reps: f.dose.reps,
            text: f.dose.text,
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

        for (i, (id, m)) in f.measures.iter().enumerate() {
            let key = format!("measures.{id}");
            let measure = self.measure(&key, id, m);
            self.measure_ids.insert(id.clone(), i);
            self.measures.push(measure);
        }

        let setup = Setup {
            prompt: f.setup.prompt.clone(),
            when: self.conditions("setup.when", &f.setup.when),
        };
        if setup.prompt.trim().is_empty() {
            self.err("setup.prompt", "must not be empty");
        }

        let mut phases = Vec::new();
        for (i, p) in f.phases.iter().enumerate() {
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
        let phase_index = |id: &str| phases.iter().position(|p| p.id == id);
        let cycle = self.resolve_each("cycle", &f.cycle, phase_index, |id| {
            format!("unknown phase {id:?}; phases: {}", phase_names(&phases))
        });
        if f.cycle.is_empty() {
            self.err("cycle", "list the phases of one rep, the held one last");
        }
        let hold_phase = cycle.last().copied().unwrap_or(0);

        let sides = f.sides.as_ref().map(|s| {
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
            let mut steps = Vec::new();
            for (i, st) in s.steps.iter().enumerate() {
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
            SideRule {
                measure,
                pick_min,
                steps,
                limb: s.limb.clone().unwrap_or_else(|| "side".to_owned()),
            }
        });

        let mut corrections = Vec::new();
        for (i, c) in f.corrections.iter().enumerate() {
            let key = format!("correction[{i}]");
            if corrections.iter().any(|q: &Correction| q.id == c.id) {
                self.err(
                    &format!("{key}.id"),
                    format!("duplicate correction id {:?}", c.id),
                );
            }
            if c.message.trim().is_empty() {
                self.err(&format!("{key}.message"), "must not be empty");
            }
            if c.when.is_empty() {
                self.err(
                    &format!("{key}.when"),
                    "a correction needs at least one condition",
                );
            }
            let mut cphases = Vec::new();
            for (j, p) in c.phases.iter().enumerate() {
                if p == "between" {
                    cphases.push(None);
                } else if let Some(ix) = phase_index(p) {
                    cphases.push(Some(ix));
                } else {
                    self.err(
                        &format!("{key}.phases[{j}]"),
                        format!(
                            "unknown phase {p:?}; phases: {}, between",
                            phase_names(&phases)
                        ),
                    );
                }
            }
            let persist_secs = self.positive(
                &format!("{key}.persist_secs"),
                c.persist_secs,
                self.tuning.persist_secs,
                true,
            );
            corrections.push(Correction {
                id: c.id.clone(),
                message: c.message.clone(),
                priority: c.priority,
                phases: cphases,
                when: self.conditions(&format!("{key}.when"), &c.when),
                persist_secs,
                breaks_hold: c.breaks_hold.unwrap_or(true),
            });
        }

        let required = f
            .recognize
            .required
            .iter()
            .enumerate()
            .map(|(i, name)| self.measure_ref(&format!("recognize.required[{i}]"), name))
            .collect();
        let recognize = Recognize {
            when: self.conditions("recognize.when", &f.recognize.when),
            required,
            soft_rad: self
                .positive("recognize.soft_deg", f.recognize.soft_deg, 15.0, false)
                .to_radians(),
            soft_torso: self.positive("recognize.soft_torso", f.recognize.soft_torso, 0.15, false),
        };
        if f.recognize.when.is_empty() {
            self.err("recognize.when", "give at least one condition");
        }
        let pacer = f.pacer.as_ref().map(|p| Pacer {
            inhale_secs: self.positive("pacer.inhale_secs", Some(p.inhale_secs), 4.0, false),
            exhale_secs: self.positive("pacer.exhale_secs", Some(p.exhale_secs), 4.0, false),
            breaths: p.breaths,
        });

        let movement = f.movement.as_ref().and_then(|m| self.movement(m));

        Exercise {
            id: ExerciseId::from(f.id),
            name: f.name,
            summary: f.summary,
            instructions: f.instructions,
            cautions: f.cautions,
            view,
            dose,
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
        }
    }

    fn movement(&mut self, m: &super::toml::MovementDto) -> Option<Movement> {
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

    fn measure(&mut self, key: &str, id: &str, m: &MeasureDto) -> Measure {
        let kind = match m.kind.as_str() {
            "angle" => MeasureKind::Angle,
            "incline" => match m.to.as_deref() {
                Some("horizontal") => MeasureKind::Incline { to_vertical: false },
                Some("vertical") => MeasureKind::Incline { to_vertical: true },
                other => {
                    self.err(
                        &format!("{key}.to"),
                        format!("{other:?}: an incline needs to = \"horizontal\" or \"vertical\""),
                    );
                    MeasureKind::Incline { to_vertical: false }
                }
            },
            "body_angle" => match m.from.as_deref() {
                None | Some("head") => MeasureKind::BodyAngle {
                    from: AngleFrom::Head,
                },
                Some("feet") => MeasureKind::BodyAngle {
                    from: AngleFrom::Feet,
                },
                Some("up") => MeasureKind::BodyAngle {
                    from: AngleFrom::Up,
                },
                Some(other) => {
                    self.err(
                        &format!("{key}.from"),
                        format!("{other:?} is not one of \"head\", \"feet\", \"up\""),
                    );
                    MeasureKind::BodyAngle {
                        from: AngleFrom::Head,
                    }
                }
            },
            "distance" => MeasureKind::Distance,
            "height" => MeasureKind::Height,
            "line_offset" => MeasureKind::LineOffset,
            "motion" => MeasureKind::Motion {
                window_secs: self.positive(
                    &format!("{key}.window_secs"),
                    m.window_secs,
                    1.0,
                    false,
                ),
            },
            other => {
                self.err(
                    &format!("{key}.kind"),
                    format!(
                        "{other:?} is not a measure kind (angle, incline, body_angle, distance, height, line_offset, motion)"
                    ),
                );
                MeasureKind::Angle
            }
        };
        if m.to.is_some() && !matches!(kind, MeasureKind::Incline { .. }) {
            self.err(&format!("{key}.to"), "only an incline has `to`");
        }
        if m.from.is_some() && !matches!(kind, MeasureKind::BodyAngle { .. }) {
            self.err(&format!("{key}.from"), "only a body_angle has `from`");
        }
        let expected_points = match kind {
            MeasureKind::Angle | MeasureKind::LineOffset => Some(3),
            MeasureKind::Incline { .. }
            | MeasureKind::BodyAngle { .. }
            | MeasureKind::Distance
            | MeasureKind::Height => Some(2),
            MeasureKind::Motion { .. } => None,
        };
        match expected_points {
            Some(n) if m.points.len() != n => self.err(
                &format!("{key}.points"),
                format!(
                    "a {} measure needs {n} points, got {}",
                    m.kind,
                    m.points.len()
                ),
            ),
            None if m.points.is_empty() => {
                self.err(&format!("{key}.points"), "give at least one point")
            }
            _ => {}
        }
        let points = self.resolve_each(&format!("{key}.points"), &m.points, parse_point, |name| {
            format!(
                "{name:?} is not a landmark: use a MediaPipe name (left_knee), a side-relative one (knee) or a midpoint (mid_hip)"
            )
        });
        let side = match m.side.as_deref() {
            None | Some("near") => SideChoice::Near,
            Some("working") => SideChoice::Working,
            Some("other") => SideChoice::Other,
            Some("left") => SideChoice::Left,
            Some("right") => SideChoice::Right,
            Some(other) => {
                self.err(
                    &format!("{key}.side"),
                    format!("{other:?} is not one of near, working, other, left, right"),
                );
                SideChoice::Near
            }
        };
        let baseline = match m.baseline.as_deref() {
            None => Baseline::None,
            Some("setup") => Baseline::Setup,
            Some("start") => Baseline::Start,
            Some(other) => {
                self.err(
                    &format!("{key}.baseline"),
                    format!("{other:?} is not one of \"setup\", \"start\""),
                );
                Baseline::None
            }
        };
        let label = m.label.clone().unwrap_or_else(|| body_part_words(&points));
        Measure {
            id: id.to_owned(),
            kind,
            points,
            side,
            baseline,
            label,
        }
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
        })
    }
}

/// Of values a file may give in degrees or in torso lengths: those in the measure's own
/// unit, that unit's key suffix, its scale to internal units, and whether any value was
/// given in the other unit.
fn in_unit<const N: usize>(
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

fn phase_names(phases: &[Phase]) -> String {
    phases
        .iter()
        .map(|p| p.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `left_knee` → fixed; `knee` → sided; `mid_hip` → midpoint.
fn parse_point(name: &str) -> Option<PointRef> {
    if let Some(id) = LandmarkId::from_name(name) {
        return Some(PointRef::Fixed(id));
    }
    if let Some(base) = name.strip_prefix("mid_") {
        return LandmarkId::from_name(&format!("left_{base}")).map(PointRef::Mid);
    }
    LandmarkId::from_name(&format!("left_{name}")).map(PointRef::Sided)
}

/// Body part words for the landmarks of a measure ("knees", "hips and shoulders").
pub(crate) fn body_part_words(points: &[PointRef]) -> String {
    let mut words: Vec<&str> = Vec::new();
    for p in points {
        let id = match *p {
            PointRef::Fixed(id) | PointRef::Sided(id) | PointRef::Mid(id) => id,
        };
        let w = body_part(id);
        if !words.contains(&w) {
            words.push(w);
        }
    }
    match words.as_slice() {
        [] => "body".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The word for the body part a landmark belongs to ("knees", "hands", "head").
pub fn body_part(id: LandmarkId) -> &'static str {
    use LandmarkId as L;
    match id {
        L::LeftShoulder | L::RightShoulder => "shoulders",
        L::LeftElbow | L::RightElbow => "elbows",
        L::LeftWrist
        | L::RightWrist
        | L::LeftPinky
        | L::RightPinky
        | L::LeftIndex
        | L::RightIndex
        | L::LeftThumb
        | L::RightThumb => "hands",
        L::LeftHip | L::RightHip => "hips",
        L::LeftKnee | L::RightKnee => "knees",
        L::LeftAnkle
        | L::RightAnkle
        | L::LeftHeel
        | L::RightHeel
        | L::LeftFootIndex
        | L::RightFootIndex => "feet",
        _ => "head",
    }
}
