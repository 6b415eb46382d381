//! The `[measures]` of an exercise file: kinds, points, sides, baselines and units.
//!
//! A measure names its kind (`angle`, `incline`, `body_angle`, ...) and the landmarks it
//! reads. Points are written as MediaPipe names (`left_knee`, fixed), side-relative names
//! (`knee`, resolved to the side being worked) or midpoints (`mid_hip`); [`parse_point`]
//! tells them apart. Each kind wants a given number of points and reads in one [`Unit`]
//! (radians, or torso lengths); `check::in_unit` picks out the values a condition or movement
//! gave in that unit. The words a measure's label defaults to come from [`body_part`].
//!
//! The checks here are methods of the [`Checker`] of `check.rs`, so their problems land in
//! the same list, in the order the file is walked.

use super::check::{in_unit, Checker};
use super::toml::MeasureDto;
use super::{AngleFrom, Baseline, Measure, MeasureKind, PointRef, SideChoice, Unit};
use crate::body::LandmarkId;

impl Checker {
    /// One `[measures.<id>]` table, `key` being `measures.<id>`.
    pub(super) fn measure(&mut self, key: &str, id: &str, m: &MeasureDto) -> Measure {
        let kind = self.measure_kind(key, m);
        if m.to.is_some() && !matches!(kind, MeasureKind::Incline { .. }) {
            self.err(&format!("{key}.to"), "only an incline has `to`");
        }
        if m.from.is_some() && !matches!(kind, MeasureKind::BodyAngle { .. }) {
            self.err(&format!("{key}.from"), "only a body_angle has `from`");
        }
        self.point_count(key, m, kind);
        let points = self.resolve_each(&format!("{key}.points"), &m.points, parse_point, |name| {
            format!(
                "{name:?} is not a landmark: use a MediaPipe name (left_knee), a side-relative one (knee) or a midpoint (mid_hip)"
            )
        });
        let side = self.side_choice(key, m.side.as_deref());
        let baseline = self.baseline(key, m.baseline.as_deref());
        let label = m.label.clone().unwrap_or_else(|| body_part_words(&points));
        let own_range = self.own_range(key, kind.unit(), m);
        Measure {
            id: id.to_owned(),
            kind,
            points,
            side,
            baseline,
            label,
            own_range,
        }
    }

    fn measure_kind(&mut self, key: &str, m: &MeasureDto) -> MeasureKind {
        match m.kind.as_str() {
            "angle" => MeasureKind::Angle,
            "incline" => self.incline(key, m.to.as_deref()),
            "body_angle" => self.body_angle(key, m.from.as_deref()),
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
        }
    }

    fn incline(&mut self, key: &str, to: Option<&str>) -> MeasureKind {
        match to {
            Some("horizontal") => MeasureKind::Incline { to_vertical: false },
            Some("vertical") => MeasureKind::Incline { to_vertical: true },
            other => {
                self.err(
                    &format!("{key}.to"),
                    format!("{other:?}: an incline needs to = \"horizontal\" or \"vertical\""),
                );
                MeasureKind::Incline { to_vertical: false }
            }
        }
    }

    fn body_angle(&mut self, key: &str, from: Option<&str>) -> MeasureKind {
        let from = match from {
            None | Some("head") => AngleFrom::Head,
            Some("feet") => AngleFrom::Feet,
            Some("up") => AngleFrom::Up,
            Some(other) => {
                self.err(
                    &format!("{key}.from"),
                    format!("{other:?} is not one of \"head\", \"feet\", \"up\""),
                );
                AngleFrom::Head
            }
        };
        MeasureKind::BodyAngle { from }
    }

    /// Three points for an angle or a line offset, two for the other kinds, at least one
    /// for motion.
    fn point_count(&mut self, key: &str, m: &MeasureDto, kind: MeasureKind) {
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
    }

    fn side_choice(&mut self, key: &str, side: Option<&str>) -> SideChoice {
        match side {
            None | Some("near") => SideChoice::Near,
            Some("working") => SideChoice::Working,
            Some("other") => SideChoice::Other,
            Some("left") => SideChoice::Left,
            Some("right") => SideChoice::Right,
            Some("min") => SideChoice::Min,
            Some("max") => SideChoice::Max,
            Some(other) => {
                self.err(
                    &format!("{key}.side"),
                    format!("{other:?} is not one of near, working, other, left, right, min, max"),
                );
                SideChoice::Near
            }
        }
    }

    /// `own_range_deg` / `own_range_torso`: positive, in the measure's unit.
    fn own_range(&mut self, key: &str, unit: Unit, m: &MeasureDto) -> Option<f32> {
        let ([given], suffix, scale, wrong_unit) =
            in_unit(unit, [m.own_range_deg], [m.own_range_torso]);
        if wrong_unit {
            self.err(
                key,
                format!("this measure is in {suffix}: use own_range_{suffix}"),
            );
            return None;
        }
        let span = given?;
        let key = format!("{key}.own_range_{suffix}");
        (self.positive(&key, Some(span), 0.0, false) > 0.0).then_some(span * scale)
    }

    fn baseline(&mut self, key: &str, baseline: Option<&str>) -> Baseline {
        match baseline {
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
        }
    }
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
fn body_part_words(points: &[PointRef]) -> String {
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
