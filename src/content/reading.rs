//! A measure's value in words a person understands: "hip 164°", "shin 62° from level",
//! "hip 0.02 torso below the shoulder–knee line", "shoulders 0.10 torso below hips".
//!
//! The overlay labels the checked joints with these and `formcheck analyze` prints them, so
//! no number is ever shown bare. The words come from the measure's kind and its points (the
//! landmark names the exercise file already gives), not from its id, so a new exercise file
//! gets readable labels without new Rust. Lengths are in torso lengths (mid-shoulder to
//! mid-hip), written "torso"; a measure relative to a baseline says so ("from the start").

use super::{AngleFrom, Baseline, Measure, MeasureKind, PointRef, SideChoice, Unit};
use crate::body::LandmarkId;

/// Below this (torso lengths) a line offset reads "on the line".
const ON_THE_LINE: f32 = 0.005;

impl Measure {
    /// `value` (in shown units: degrees or torso lengths, see [`Unit::shown`]) in words.
    pub fn reading(&self, value: f32) -> String {
        let relative = self.baseline != Baseline::None;
        match self.kind {
            MeasureKind::Angle => {
                let vertex = self.points.get(1).map_or_else(|| self.label.clone(), word);
                let name = format!("{}{vertex}", self.side_prefix());
                if relative {
                    format!("{name} {} from the start", signed_degrees(value))
                } else {
                    format!("{name} {value:.0}°")
                }
            }
            MeasureKind::Incline { to_vertical } => {
                let reference = if to_vertical { "upright" } else { "level" };
                format!("{} {value:.0}° from {reference}", self.segment())
            }
            MeasureKind::BodyAngle { from } => self.body_angle(from, value, relative),
            MeasureKind::Distance => {
                let name = format!("{} to {}", self.point_word(0), self.point_word(1));
                if relative {
                    format!("{name} {} from the start", signed_torso(value))
                } else {
                    format!("{name} {value:.2} torso")
                }
            }
            MeasureKind::Height => {
                let (a, b) = (self.point_word(0), self.point_word(1));
                if relative {
                    let way = if value >= 0.0 { "higher" } else { "lower" };
                    format!("{a} {:.2} torso {way} than at the start", value.abs())
                } else {
                    let way = if value >= 0.0 { "above" } else { "below" };
                    format!("{a} {:.2} torso {way} {b}", value.abs())
                }
            }
            MeasureKind::LineOffset => {
                let line = format!("the {}–{} line", self.point_word(0), self.point_word(2));
                let b = self.point_word(1);
                if value.abs() < ON_THE_LINE {
                    format!("{b} on {line}")
                } else {
                    let way = if value > 0.0 { "above" } else { "below" };
                    format!("{b} {:.2} torso {way} {line}", value.abs())
                }
            }
            MeasureKind::Motion { .. } => format!("{} moving {value:.2} torso", self.label),
        }
    }

    /// A shorter reading for a label beside the joint on the picture: the same name and
    /// unit, without the reference the long form spells out ("shin 62°", "hip 0.02 torso
    /// below line", "ear 0.03 torso higher").
    pub fn short_reading(&self, value: f32) -> String {
        let relative = self.baseline != Baseline::None;
        match self.kind {
            MeasureKind::Angle if relative => {
                let vertex = self.point_word(1);
                format!("{}{vertex} {}", self.side_prefix(), signed_degrees(value))
            }
            MeasureKind::Angle => self.reading(value),
            MeasureKind::Incline { .. } => format!("{} {value:.0}°", self.segment()),
            MeasureKind::BodyAngle { from } => {
                let way = if value >= 0.0 { "forward" } else { "back" };
                match from {
                    AngleFrom::Feet if !relative => format!("{} {value:.0}°", self.segment()),
                    _ => format!("{} {:.0}° {way}", self.segment(), value.abs()),
                }
            }
            MeasureKind::Distance => {
                let name = format!("{}–{}", self.point_word(0), self.point_word(1));
                if relative {
                    format!("{name} {}", signed_torso(value))
                } else {
                    format!("{name} {value:.2} torso")
                }
            }
            MeasureKind::Height => {
                let way = match (relative, value >= 0.0) {
                    (true, true) => "higher",
                    (true, false) => "lower",
                    (false, true) => "above",
                    (false, false) => "below",
                };
                format!("{} {:.2} torso {way}", self.point_word(0), value.abs())
            }
            MeasureKind::LineOffset => {
                let b = self.point_word(1);
                if value.abs() < ON_THE_LINE {
                    format!("{b} on the line")
                } else {
                    let way = if value > 0.0 { "above" } else { "below" };
                    format!("{b} {:.2} torso {way} line", value.abs())
                }
            }
            MeasureKind::Motion { .. } => self.reading(value),
        }
    }

    fn body_angle(&self, from: AngleFrom, value: f32, relative: bool) -> String {
        let seg = self.segment();
        let way = if value >= 0.0 { "forward" } else { "back" };
        let deg = value.abs();
        if relative {
            return format!("{seg} {deg:.0}° {way} of where it started");
        }
        match from {
            AngleFrom::Head => format!("{seg} {deg:.0}° {way} of the body line"),
            AngleFrom::Feet => format!("{seg} {value:.0}° from your side"),
            AngleFrom::Up => format!("{seg} {deg:.0}° {way} of upright"),
        }
    }

    fn side_prefix(&self) -> &'static str {
        match self.side {
            SideChoice::Other => "other ",
            _ => "",
        }
    }

    fn point_word(&self, i: usize) -> String {
        self.points.get(i).map_or_else(|| self.label.clone(), word)
    }

    /// The body segment between the first two points ("thigh", "shin", "trunk").
    fn segment(&self) -> String {
        let (Some(a), Some(b)) = (self.points.first(), self.points.get(1)) else {
            return self.label.clone();
        };
        let (wa, wb) = (base_word(*a), base_word(*b));
        let pair = |x: &str, y: &str| (wa == x && wb == y) || (wa == y && wb == x);
        let noun = if pair("hip", "knee") {
            "thigh"
        } else if pair("knee", "ankle") || pair("knee", "heel") {
            "shin"
        } else if pair("hip", "shoulder") {
            "trunk"
        } else if pair("shoulder", "wrist") {
            "arm"
        } else if pair("shoulder", "elbow") {
            "upper arm"
        } else if pair("elbow", "wrist") {
            "forearm"
        } else if pair("shoulder", "ear") || pair("shoulder", "nose") {
            "neck"
        } else {
            return format!("{}{}–{} line", self.side_prefix(), word(a), word(b));
        };
        format!("{}{noun}", self.side_prefix())
    }
}

/// A value of a measure this build does not know (a view from another exercise): its id in
/// words with its unit.
pub fn reading_of_unknown(id: &str, unit: Unit, value: f32) -> String {
    let name = id.replace('_', " ");
    match unit {
        Unit::Angle => format!("{name} {value:.0}°"),
        Unit::Torso => format!("{name} {value:.2} torso"),
    }
}

fn signed_degrees(v: f32) -> String {
    format!("{}{:.0}°", sign(v, 0.5), v.abs())
}

fn signed_torso(v: f32) -> String {
    format!("{}{:.2} torso", sign(v, 0.005), v.abs())
}

/// The sign a change is written with: none for a change that rounds to zero at the precision
/// shown (`half_step`), so nobody reads "−0.00".
fn sign(v: f32, half_step: f32) -> &'static str {
    if v.abs() < half_step {
        ""
    } else if v < 0.0 {
        "−"
    } else {
        "+"
    }
}

/// "hip" for `left_hip` (either side), "shoulders" for `mid_shoulder`, "toes" for the foot
/// index, "left hip" for a point fixed to one side.
fn word(p: &PointRef) -> String {
    match *p {
        PointRef::Sided(id) => plain(id).to_owned(),
        PointRef::Mid(id) => format!("{}s", plain(id)),
        PointRef::Fixed(id) => {
            let side = if id.name().starts_with("left") {
                "left "
            } else if id.name().starts_with("right") {
                "right "
            } else {
                ""
            };
            format!("{side}{}", plain(id))
        }
    }
}

/// The landmark's name without its side ("hip" for either hip), for matching segments.
fn base_word(p: PointRef) -> &'static str {
    match p {
        PointRef::Sided(id) | PointRef::Mid(id) | PointRef::Fixed(id) => plain(id),
    }
}

fn plain(id: LandmarkId) -> &'static str {
    let name = id.name();
    let bare = name
        .strip_prefix("left_")
        .or_else(|| name.strip_prefix("right_"))
        .unwrap_or(name);
    match bare {
        "foot_index" => "toes",
        "eye_inner" => "inner eye",
        "eye_outer" => "outer eye",
        "mouth_left" | "mouth_right" => "mouth",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use crate::content::load_exercise_str;

    fn measure(kind: &str) -> crate::content::Measure {
        let text = format!(
            r#"
id = "x"
name = "X"
summary = "s"
instructions = ["i"]
view = "side"
cycle = ["up"]
[dose]
hold_secs = 5.0
reps = 1
text = "5 s"
[measures]
m = {kind}
a = {{ kind = "angle", points = ["shoulder", "hip", "knee"] }}
[[phase]]
id = "up"
cue = "c"
when = [{{ measure = "a", min_deg = 0 }}]
[setup]
prompt = "p"
when = [{{ measure = "a", min_deg = 0 }}]
[recognize]
when = [{{ measure = "a", min_deg = 0 }}]
"#
        );
        let (ex, problems) = load_exercise_str(std::path::Path::new("x.toml"), &text);
        assert!(problems.is_empty(), "{problems:?}");
        ex.expect("an exercise")
            .measures
            .into_iter()
            .find(|m| m.id == "m")
            .expect("the measure")
    }

    #[test]
    fn every_kind_reads_with_a_name_and_a_unit() {
        let cases = [
            (
                r#"{ kind = "angle", points = ["shoulder", "hip", "knee"] }"#,
                164.4,
                "hip 164°",
            ),
            (
                r#"{ kind = "angle", points = ["shoulder", "hip", "knee"], side = "other" }"#,
                90.0,
                "other hip 90°",
            ),
            (
                r#"{ kind = "angle", points = ["hip", "knee", "ankle"], baseline = "setup" }"#,
                -6.0,
                "knee −6° from the start",
            ),
            (
                r#"{ kind = "angle", points = ["hip", "knee", "ankle"], baseline = "setup" }"#,
                -0.3,
                "knee 0° from the start",
            ),
            (
                r#"{ kind = "distance", points = ["ear", "shoulder"], baseline = "setup" }"#,
                -0.001,
                "ear to shoulder 0.00 torso from the start",
            ),
            (
                r#"{ kind = "distance", points = ["ear", "shoulder"], baseline = "setup" }"#,
                0.04,
                "ear to shoulder +0.04 torso from the start",
            ),
            (
                r#"{ kind = "incline", points = ["knee", "ankle"], to = "horizontal" }"#,
                62.0,
                "shin 62° from level",
            ),
            (
                r#"{ kind = "incline", points = ["mid_hip", "mid_shoulder"], to = "horizontal" }"#,
                20.0,
                "trunk 20° from level",
            ),
            (
                r#"{ kind = "body_angle", points = ["shoulder", "wrist"], from = "feet" }"#,
                170.0,
                "arm 170° from your side",
            ),
            (
                r#"{ kind = "body_angle", points = ["shoulder", "ear"], from = "up" }"#,
                -12.0,
                "neck 12° back of upright",
            ),
            (
                r#"{ kind = "distance", points = ["hip", "heel"] }"#,
                0.8,
                "hip to heel 0.80 torso",
            ),
            (
                r#"{ kind = "height", points = ["mid_shoulder", "mid_hip"] }"#,
                -0.1,
                "shoulders 0.10 torso below hips",
            ),
            (
                r#"{ kind = "height", points = ["ear", "shoulder"], baseline = "setup" }"#,
                0.03,
                "ear 0.03 torso higher than at the start",
            ),
            (
                r#"{ kind = "line_offset", points = ["shoulder", "hip", "knee"] }"#,
                -0.02,
                "hip 0.02 torso below the shoulder–knee line",
            ),
            (
                r#"{ kind = "line_offset", points = ["shoulder", "hip", "knee"] }"#,
                0.001,
                "hip on the shoulder–knee line",
            ),
            (
                r#"{ kind = "motion", points = ["nose", "hip"], window_secs = 1.5, label = "body" }"#,
                0.01,
                "body moving 0.01 torso",
            ),
        ];
        for (kind, value, want) in cases {
            assert_eq!(measure(kind).reading(value), want, "{kind}");
        }
    }

    #[test]
    fn short_readings_keep_the_name_and_the_unit() {
        let cases = [
            (
                r#"{ kind = "angle", points = ["shoulder", "hip", "knee"] }"#,
                164.4,
                "hip 164°",
            ),
            (
                r#"{ kind = "incline", points = ["knee", "ankle"], to = "horizontal" }"#,
                62.0,
                "shin 62°",
            ),
            (
                r#"{ kind = "line_offset", points = ["shoulder", "hip", "knee"] }"#,
                -0.02,
                "hip 0.02 torso below line",
            ),
            (
                r#"{ kind = "height", points = ["ear", "shoulder"], baseline = "setup" }"#,
                0.03,
                "ear 0.03 torso higher",
            ),
            (
                r#"{ kind = "height", points = ["mid_shoulder", "mid_hip"] }"#,
                -0.1,
                "shoulders 0.10 torso below",
            ),
            (
                r#"{ kind = "body_angle", points = ["shoulder", "ear"], from = "up" }"#,
                -12.0,
                "neck 12° back",
            ),
            (
                r#"{ kind = "distance", points = ["hip", "knee"], baseline = "start" }"#,
                -0.05,
                "hip–knee −0.05 torso",
            ),
        ];
        for (kind, value, want) in cases {
            assert_eq!(measure(kind).short_reading(value), want, "{kind}");
        }
    }

    #[test]
    fn a_measure_from_elsewhere_still_has_its_unit() {
        use super::reading_of_unknown;
        use crate::content::Unit;
        assert_eq!(
            reading_of_unknown("over_line", Unit::Torso, -0.02),
            "over line -0.02 torso"
        );
        assert_eq!(reading_of_unknown("hip", Unit::Angle, 170.2), "hip 170°");
    }
}
