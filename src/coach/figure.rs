//! The exercise's drawn figure checked against its own rules, so a picture can never show
//! a position the coach would not accept.
//!
//! The `[figure]` of a content file gives a start and a held position as joint points
//! (`content::Figure`). Each becomes a pose and the coach's own measures are read on it,
//! exactly as on a person ([`Evaluator`]): the start must pass the setup and, when the
//! cycle has more than one phase, its first phase; the held position must pass the hold
//! phase and set off none of the corrections checked there. A measure with a baseline is
//! read against the start position (where the setup is reached); a `motion` measure (how
//! still the person is) says nothing about a drawing and is left out. Every disagreement is
//! reported at once, as a [`ContentProblem`] of the exercise's file with the value the
//! figure shows and the range the rule wants; a figure that disagrees is not drawn.

use super::rules::{Evaluator, MotionHistory, Sides};
use crate::content::{
    Condition, ContentProblem, Exercise, MeasureKind, Side, Unit, BUILT_IN_PLACE,
};
use std::path::Path;

/// Every way the exercise's figure contradicts its rules (empty when it agrees, or when
/// there is no figure), as problems of the file `<place>/<id>.toml`.
pub fn figure_problems(ex: &Exercise, place: &Path) -> Vec<ContentProblem> {
    let Some(figure) = &ex.figure else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let file = place.join(format!("{}.toml", ex.id));
    let mut report = |key: &str, why: String| {
        out.push(ContentProblem {
            file: file.clone(),
            key: key.to_owned(),
            why,
        });
    };
    let start_pose = figure.start.pose();
    let no_baselines = vec![None; ex.measures.len()];
    let motion = vec![MotionHistory::default(); ex.measures.len()];
    let start = evaluator(ex, &start_pose, &no_baselines, &motion);
    // Baselines are the start position's own values.
    let baselines: Vec<Option<f32>> = ex
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| start.raw_value(i, m, start.side_of(i)))
        .collect();
    let start = evaluator(ex, &start_pose, &baselines, &motion);
    let held_pose = figure.held.pose();
    let held = evaluator(ex, &held_pose, &baselines, &motion);
    // A phase judged by the person's own range is judged by the figure's: from its start
    // to its held position.
    let ranges: Vec<Option<(f32, f32)>> = ex
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (a, b) = (start.value(i)?, held.value(i)?);
            ((a - b).abs() >= m.own_range?).then(|| (a.min(b), a.max(b)))
        })
        .collect();
    let start = start.with_ranges(&ranges);
    let held = held.with_ranges(&ranges);
    for c in &ex.setup.when {
        if let Some(why) = disagrees(ex, &start, c) {
            report("figure.start", format!("does not pass the setup: {why}"));
        }
    }
    if ex.cycle.len() > 1 {
        if let Some(first) = ex.cycle.first().and_then(|&i| ex.phases.get(i)) {
            for c in &first.when {
                if let Some(why) = disagrees(ex, &start, c) {
                    report(
                        "figure.start",
                        format!("is not in the phase {:?}: {why}", first.id),
                    );
                }
            }
        }
    }
    if let Some(phase) = ex.phases.get(ex.hold_phase) {
        for c in &phase.when {
            if let Some(why) = disagrees(ex, &held, c) {
                report(
                    "figure.held",
                    format!("is not in the held phase {:?}: {why}", phase.id),
                );
            }
        }
    }
    for corr in ex
        .corrections
        .iter()
        .filter(|c| c.applies_in(Some(ex.hold_phase)))
    {
        let judged: Vec<bool> = corr
            .when
            .iter()
            .filter(|c| !is_motion(ex, c))
            .filter_map(|c| held.holds(c, false))
            .collect();
        if !judged.is_empty() && judged.len() == corr.when.len() && judged.iter().all(|&b| b) {
            report(
                "figure.held",
                format!("sets off the correction {:?}: {:?}", corr.id, corr.message),
            );
        }
    }
    out
}

/// Whether the figure is drawn: it has one and it agrees with the rules.
pub fn figure_agrees(ex: &Exercise) -> bool {
    ex.figure.is_some() && figure_problems(ex, Path::new(BUILT_IN_PLACE)).is_empty()
}

/// The evaluator for one position: near side left, the working side picked by the side
/// rule as the coach picks it (or the near side).
fn evaluator<'a>(
    ex: &'a Exercise,
    pose: &'a crate::body::Pose,
    baselines: &'a [Option<f32>],
    motion: &'a [MotionHistory],
) -> Evaluator<'a> {
    let near = Sides {
        near: Side::Left,
        working: Side::Left,
    };
    let probe = Evaluator::new(ex, pose, near, baselines, motion);
    let working = ex.sides.as_ref().map_or(Side::Left, |rule| {
        let on = |s: Side| probe.value_on(rule.measure, s);
        match (on(Side::Left), on(Side::Right)) {
            (Some(l), Some(r)) if (r < l) == rule.pick_min && r != l => Side::Right,
            _ => Side::Left,
        }
    });
    Evaluator::new(
        ex,
        pose,
        Sides {
            near: Side::Left,
            working,
        },
        baselines,
        motion,
    )
}

fn is_motion(ex: &Exercise, c: &Condition) -> bool {
    ex.measure(c.measure)
        .is_some_and(|m| matches!(m.kind, MeasureKind::Motion { .. }))
}

/// Why the figure is outside a condition ("knee 170°, needs 45–130°"), or `None` when it
/// is inside (or the condition is about motion).
fn disagrees(ex: &Exercise, ev: &Evaluator<'_>, c: &Condition) -> Option<String> {
    if is_motion(ex, c) {
        return None;
    }
    let m = ex.measure(c.measure)?;
    let unit = m.unit();
    let shown = |v: f32| match unit {
        Unit::Angle => format!("{:.0}°", unit.shown(v)),
        Unit::Torso => format!("{:.2} torso", unit.shown(v)),
    };
    let range = match (c.min, c.max) {
        (Some(lo), Some(hi)) => format!("{}–{}", shown(lo), shown(hi)),
        (Some(lo), None) => format!("at least {}", shown(lo)),
        (None, Some(hi)) => format!("at most {}", shown(hi)),
        (None, None) => "anything".to_owned(),
    };
    if c.share {
        let pct = |v: Option<f32>| v.map_or("-".to_owned(), |x| format!("{:.0} %", x * 100.0));
        return match ev.holds(c, false) {
            None => Some(format!("{} cannot be read on the figure", m.id)),
            Some(false) => Some(format!(
                "{} is not {}–{} of the way from its lowest to its highest between the start \
                 and the held position (which must differ by at least {})",
                m.id,
                pct(c.min.or(Some(0.0))),
                pct(c.max.or(Some(1.0))),
                m.own_range.map_or(String::new(), shown),
            )),
            Some(true) => None,
        };
    }
    match ev.value(c.measure) {
        None => Some(format!("{} cannot be read on the figure", m.id)),
        Some(v) if !c.holds(v, false) => Some(format!("{} {}, needs {range}", m.id, shown(v))),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::geometry::Point2;
    use crate::body::LandmarkId;

    fn catalog() -> crate::content::Catalog {
        crate::content::load_default().expect("the built-in content loads")
    }

    #[test]
    fn every_built_in_exercise_has_a_figure_that_agrees_with_its_rules() {
        let catalog = catalog();
        assert_eq!(catalog.exercises.len(), 11);
        let mut problems = Vec::new();
        for ex in &catalog.exercises {
            assert!(ex.figure.is_some(), "{} has no [figure]", ex.id);
            problems.extend(
                figure_problems(ex, Path::new(BUILT_IN_PLACE))
                    .iter()
                    .map(ToString::to_string),
            );
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_figure_that_contradicts_the_rules_is_reported_in_full_and_not_drawn() {
        let catalog = catalog();
        let mut bridge = catalog.get("bridge").expect("bridge").clone();
        let figure = bridge.figure.as_mut().expect("bridge has a figure");
        // The held position's hips sagging to the start's: not "up", and the feet far.
        figure.held = figure.start.clone();
        if let Some(k) = figure.start.points.get_mut(&LandmarkId::LeftKnee) {
            *k = *k + Point2::new(0.6, -0.6);
        }
        let problems = figure_problems(&bridge, Path::new(BUILT_IN_PLACE));
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("figure.held")
                    && t.contains("is not in the held phase \"up\": hip")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("figure.start")
                    && t.contains("is not in the phase \"down\": hip")),
            "{text:#?}"
        );
        assert!(!figure_agrees(&bridge));
        let mut none = bridge.clone();
        none.figure = None;
        assert!(figure_problems(&none, Path::new(BUILT_IN_PLACE)).is_empty());
        assert!(!figure_agrees(&none));
    }
}
