//! The measures a demonstration is read with: a fixed list of the engine's measure kinds
//! (joint angles, heights, the trunk's incline), each sided one read on both sides.
//!
//! The list is written as content-file text and loaded through the normal loader into a
//! probe exercise, and every frame is read by the real [`Coach`] (`Coach::readings`), so
//! the numbers teach sees are exactly the numbers the taught exercise will be coached with.

use crate::body::Pose;
use crate::coach::Coach;
use crate::content::{load_exercise_str, Exercise, Unit};
use crate::frame::Timestamp;
use std::fmt::Write as _;
use std::path::Path;

/// One measure teach may choose.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Its id in the taught file (`hip`).
    pub id: &'static str,
    /// Words for the printout (`hip angle`).
    pub words: &'static str,
    /// The measure's definition in a content file, without `side`.
    pub def: &'static str,
    /// Read on one body side (`side = …`), or on the midline.
    pub sided: bool,
    pub unit: Unit,
    /// How much a change of it counts when choosing what separates the positions: the
    /// arms (free to move in most exercises, and often hidden side-on) count 0.6 of the
    /// legs and trunk, and only when those do not separate them ([`Candidate::arm`]).
    pub weight: f32,
    /// How much the 2D-pose error turns it, against a limb's angle: the shoulder–ear
    /// segment is about a third of a thigh's length, so the same landmark error turns it
    /// about twice as much (stillness and position changes are judged in steps this much
    /// wider).
    pub jitter: f32,
}

impl Candidate {
    /// An arm reading: it counts the movement only when no trunk, leg or head reading
    /// separates the positions. In a demonstration the arms often move to support or
    /// balance the body (pressing up into a cobra, pushing back to child's pose) while the
    /// exercise is what the trunk and legs do; a cobra (the trunk lifts, the arms push) is
    /// then not counted as a push-up (the arms push, the trunk stays level), and an arm-only
    /// movement (a supine arm raise) still counts on the arm.
    pub fn arm(&self) -> bool {
        self.weight < 1.0
    }
}

/// Every candidate, in the order ties are broken.
pub const CANDIDATES: [Candidate; 8] = [
    Candidate {
        id: "hip",
        words: "hip",
        def: r#"kind = "angle", points = ["shoulder", "hip", "knee"]"#,
        sided: true,
        unit: Unit::Angle,
        weight: 1.0,
        jitter: 1.0,
    },
    Candidate {
        id: "knee",
        words: "knee",
        def: r#"kind = "angle", points = ["hip", "knee", "ankle"]"#,
        sided: true,
        unit: Unit::Angle,
        weight: 1.0,
        jitter: 1.0,
    },
    Candidate {
        id: "trunk",
        words: "trunk from horizontal",
        def: r#"kind = "incline", points = ["mid_hip", "mid_shoulder"], to = "horizontal", label = "shoulders and hips""#,
        sided: false,
        unit: Unit::Angle,
        weight: 1.0,
        jitter: 1.0,
    },
    Candidate {
        id: "shoulder",
        words: "shoulder",
        def: r#"kind = "angle", points = ["hip", "shoulder", "elbow"]"#,
        sided: true,
        unit: Unit::Angle,
        weight: 0.6,
        jitter: 1.0,
    },
    Candidate {
        id: "elbow",
        words: "elbow",
        def: r#"kind = "angle", points = ["shoulder", "elbow", "wrist"]"#,
        sided: true,
        unit: Unit::Angle,
        weight: 0.6,
        jitter: 1.0,
    },
    Candidate {
        id: "knee_up",
        words: "knee above hip",
        def: r#"kind = "height", points = ["knee", "hip"]"#,
        sided: true,
        unit: Unit::Torso,
        weight: 1.0,
        jitter: 1.0,
    },
    Candidate {
        id: "wrist_up",
        words: "wrist above shoulder",
        def: r#"kind = "height", points = ["wrist", "shoulder"]"#,
        sided: true,
        unit: Unit::Torso,
        weight: 0.6,
        jitter: 1.0,
    },
    // The head against the trunk line: BlazePose has no spine points, so a back that sags
    // and arches (cat and cow) shows mostly in the head (content/cat.toml: sag −48° to
    // +14°, arch +40° to +92° on real clips). Its steps are twice as wide (`jitter`), so it
    // separates two positions only when it moved twice as far as a joint would have to.
    Candidate {
        id: "head",
        words: "head from the trunk line",
        def: r#"kind = "body_angle", points = ["shoulder", "ear"], label = "head""#,
        sided: true,
        unit: Unit::Angle,
        weight: 1.0,
        jitter: 2.0,
    },
];

/// Which reading of a candidate: its side, or the midline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Left,
    Right,
    Mid,
}

/// One column of the probe: a candidate read one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub candidate: usize,
    pub reading: Reading,
}

impl Column {
    /// Every column, in the probe's order.
    pub fn all() -> Vec<Column> {
        columns()
    }

    pub fn candidate(self) -> &'static Candidate {
        &CANDIDATES[self.candidate]
    }

    /// Its measure's id in the probe (`hip_left`, `trunk`).
    pub fn measure_id(self) -> String {
        let id = self.candidate().id;
        match self.reading {
            Reading::Left => format!("{id}_left"),
            Reading::Right => format!("{id}_right"),
            Reading::Mid => id.to_owned(),
        }
    }
}

/// The probe's columns, in its measures' order.
pub fn columns() -> Vec<Column> {
    let mut out = Vec::new();
    for (i, c) in CANDIDATES.iter().enumerate() {
        if c.sided {
            for reading in [Reading::Left, Reading::Right] {
                out.push(Column {
                    candidate: i,
                    reading,
                });
            }
        } else {
            out.push(Column {
                candidate: i,
                reading: Reading::Mid,
            });
        }
    }
    out
}

/// The probe exercise: every column as a measure; its setup and phase always hold, so the
/// coach reads every frame.
fn probe() -> Exercise {
    let mut measures = String::new();
    for col in columns() {
        let c = col.candidate();
        let _ = match col.reading {
            Reading::Left => writeln!(measures, "{}_left = {{ {}, side = \"left\" }}", c.id, c.def),
            Reading::Right => {
                writeln!(
                    measures,
                    "{}_right = {{ {}, side = \"right\" }}",
                    c.id, c.def
                )
            }
            Reading::Mid => writeln!(measures, "{} = {{ {} }}", c.id, c.def),
        };
    }
    let always = r#"[{ measure = "trunk", max_deg = 90 }]"#;
    let text = format!(
        "id = \"teach_probe\"\nname = \"probe\"\ninstructions = [\"-\"]\nview = \"any\"\n\
         cycle = [\"any\"]\n[dose]\nhold_secs = 86400\n[measures]\n{measures}\
         [setup]\nprompt = \"-\"\nwhen = {always}\n[[phase]]\nid = \"any\"\nwhen = {always}\n\
         [recognize]\nwhen = {always}\n"
    );
    let (ex, problems) = load_exercise_str(Path::new("teach_probe.toml"), &text);
    debug_assert!(problems.is_empty(), "{problems:?}");
    ex.unwrap_or_else(|| unreachable!("the probe is fixed text that loads"))
}

/// Every frame's readings: `None` where nobody was seen or a value was hidden. Units as in
/// content files (degrees, torso lengths).
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub t: Vec<f64>,
    pub person: Vec<bool>,
    /// `values[frame][column]`.
    pub values: Vec<Vec<Option<f32>>>,
    /// Per frame with a person: shoulder width over torso length (small when side-on).
    pub shoulder_width: Vec<Option<f32>>,
}

/// Faster than any body part is moved on purpose: 40 steps a second (400°/s, 8 torso
/// lengths/s; a quick rep turns a joint about 200°/s).
const GLITCH_STEPS_PER_SEC: f32 = 40.0;
/// A reading that jumps that fast between more than this share of its consecutive frames is
/// mis-tracked (a hand hidden behind the body, a leg the model swaps), not moving: on the
/// real clips such readings jump in 11–12 % of frame pairs, tracked ones in 0–3 %.
const GLITCH_SHARE: f32 = 0.05;

impl Series {
    /// Leaves out (hides in every frame) each reading that is mis-tracked (see
    /// [`GLITCH_SHARE`]); returns them.
    pub fn drop_mistracked(&mut self) -> Vec<Column> {
        let mut dropped = Vec::new();
        for (c, col) in columns().into_iter().enumerate() {
            let step = column_step(col);
            let (mut pairs, mut jumps) = (0usize, 0usize);
            let mut last: Option<(f64, f32)> = None;
            for (t, v) in self.t.iter().zip(&self.values) {
                let Some(v) = v[c] else { continue };
                if let Some((t0, v0)) = last {
                    let dt = (*t - t0) as f32;
                    if dt > 0.0 {
                        pairs += 1;
                        jumps += usize::from((v - v0).abs() / step > GLITCH_STEPS_PER_SEC * dt);
                    }
                }
                last = Some((*t, v));
            }
            if pairs > 0 && jumps as f32 > GLITCH_SHARE * pairs as f32 {
                self.hide(c);
                dropped.push(col);
            }
        }
        dropped
    }

    /// Leaves out the signed candidate `id` when its sign flips (from past −1 step to past
    /// +1 step, or back) between more than 1 % of consecutive frames on either side: its sign
    /// follows which way the face is, and a view from the front cannot tell (real clips:
    /// 2.7–5 % from the front, none side-on). Returns whether it was left out.
    pub fn drop_if_sign_flips(&mut self, id: &str) -> bool {
        let cols: Vec<(usize, Column)> = columns()
            .into_iter()
            .enumerate()
            .filter(|(_, col)| col.candidate().id == id)
            .collect();
        let flips = |c: usize, step: f32| {
            let seen: Vec<f32> = self.values.iter().filter_map(|v| v[c]).collect();
            let n = seen
                .windows(2)
                .filter(|w| w[0].abs() > step && w[1].abs() > step && (w[0] > 0.0) != (w[1] > 0.0))
                .count();
            n * 100 > seen.len().saturating_sub(1)
        };
        let drop = cols
            .iter()
            .any(|(c, col)| flips(*c, column_step(*col) / col.candidate().jitter));
        if drop {
            for (c, _) in cols {
                self.hide(c);
            }
        }
        drop
    }

    fn hide(&mut self, c: usize) {
        for v in &mut self.values {
            v[c] = None;
        }
    }
}

/// Reads a demonstration with the probe.
pub fn read(frames: &[(Timestamp, Option<Pose>)]) -> Series {
    let probe = probe();
    let cols = columns();
    // The loader keeps measures by id (sorted), so columns are found by name.
    let names: Vec<String> = cols.iter().map(|c| c.measure_id()).collect();
    let mut coach = Coach::new(&probe);
    let mut s = Series::default();
    for (ts, pose) in frames {
        coach.update(pose.as_ref(), *ts);
        let readings = coach.readings();
        let values: Vec<Option<f32>> = names
            .iter()
            .map(|n| {
                pose.as_ref()?;
                readings
                    .iter()
                    .find(|(id, _)| id == n)
                    .and_then(|(_, v)| *v)
            })
            .collect();
        s.person
            .push(pose.is_some() && values.iter().any(Option::is_some));
        s.t.push(ts.secs_f64());
        s.values.push(values);
        s.shoulder_width
            .push(pose.as_ref().and_then(shoulder_width));
    }
    s
}

fn shoulder_width(p: &Pose) -> Option<f32> {
    use crate::body::LandmarkId as L;
    let at = |id| {
        let l = p.get(id);
        (l.visibility >= 0.3).then_some((l.x, l.y))
    };
    let (ls, rs) = (at(L::LeftShoulder)?, at(L::RightShoulder)?);
    let (lh, rh) = (at(L::LeftHip)?, at(L::RightHip)?);
    let mid = |a: (f32, f32), b: (f32, f32)| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    let (ms, mh) = (mid(ls, rs), mid(lh, rh));
    let torso = ((ms.0 - mh.0).powi(2) + (ms.1 - mh.1).powi(2)).sqrt();
    let width = ((ls.0 - rs.0).powi(2) + (ls.1 - rs.1).powi(2)).sqrt();
    (torso > 1.0).then_some(width / torso)
}

/// One unit step: 10° for angles, 0.2 torso lengths for lengths (a limb's 60° swing moves
/// its end about half a torso, so a step of either is a similar share of a movement).
pub fn step(unit: Unit) -> f32 {
    match unit {
        Unit::Angle => 10.0,
        Unit::Torso => 0.2,
    }
}

/// One step of a column: its unit's step, wider for a reading the 2D error turns more.
pub fn column_step(c: Column) -> f32 {
    step(c.candidate().unit) * c.candidate().jitter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_loads_with_every_column() {
        assert_eq!(probe().measures.len(), columns().len());
    }
}
