//! Still positions in a demonstration, and which are the start and the held one.
//!
//! A frame is still when, over ±0.3 s around it, no reading moved more than 10° (0.2 torso
//! lengths) — above the engine's frame noise (2D angles jitter a few degrees), below any
//! deliberate movement. Still runs of at least 0.5 s are positions. The two positions that
//! differ most (largest change of any reading, in steps of 10° or 0.2 torso) split them
//! into two groups: the group of the first position is the start; the other is the held
//! one (for `--hold`, the group held longest). When every position looks alike, a `--hold`
//! demonstration is all hold; a `--reps` one has no end position.

use super::candidates::{columns, Series};
use crate::content::Unit;

/// Half the window a frame's stillness is judged over, seconds.
const STILL_HALF_WINDOW: f64 = 0.3;
/// The shortest still run that is a position, seconds.
const MIN_POSITION_SECS: f64 = 0.5;
/// Readings change less than this (per unit step) in a still window: 10°, 0.2 torso.
const STILL_STEPS: f32 = 1.0;
/// Two positions are different when some reading differs by this many steps (20°, 0.4).
pub const DIFFERENT_STEPS: f32 = 2.0;

/// One unit step: 10° for angles, 0.2 torso lengths for lengths (a limb's 60° swing moves
/// its end about half a torso, so a step of either is a similar share of a movement).
pub fn step(unit: Unit) -> f32 {
    match unit {
        Unit::Angle => 10.0,
        Unit::Torso => 0.2,
    }
}

/// A still stretch of the demonstration and its readings (medians).
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub from_s: f64,
    pub to_s: f64,
    /// Per probe column; `None` when hidden in most of its frames.
    pub values: Vec<Option<f32>>,
}

impl Position {
    pub fn secs(&self) -> f64 {
        self.to_s - self.from_s
    }

    /// The largest change of any reading from `other`, in unit steps.
    pub fn distance(&self, other: &Position) -> f32 {
        let cols = columns();
        self.values
            .iter()
            .zip(&other.values)
            .zip(&cols)
            .filter_map(|((a, b), c)| {
                Some((a.as_ref()? - b.as_ref()?).abs() / step(c.candidate().unit))
            })
            .fold(0.0, f32::max)
    }
}

/// Every still position, in time order.
pub fn still_positions(s: &Series) -> Vec<Position> {
    let n = s.t.len();
    let cols = columns();
    let still: Vec<bool> = (0..n)
        .map(|i| {
            if !s.person[i] {
                return false;
            }
            let window: Vec<usize> = (0..n)
                .filter(|&j| s.person[j] && (s.t[j] - s.t[i]).abs() <= STILL_HALF_WINDOW)
                .collect();
            window.len() >= 3
                && cols.iter().enumerate().all(|(c, col)| {
                    let vals: Vec<f32> = window.iter().filter_map(|&j| s.values[j][c]).collect();
                    if vals.len() * 10 < window.len() * 6 {
                        return true;
                    }
                    let (lo, hi) = vals
                        .iter()
                        .fold((f32::MAX, f32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
                    hi - lo <= STILL_STEPS * step(col.candidate().unit)
                })
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !still[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && still[i] {
            i += 1;
        }
        let (from_s, to_s) = (s.t[start], s.t[i - 1]);
        if to_s - from_s >= MIN_POSITION_SECS {
            out.push(Position {
                from_s,
                to_s,
                values: medians(s, start..i),
            });
        }
    }
    out
}

fn medians(s: &Series, frames: std::ops::Range<usize>) -> Vec<Option<f32>> {
    let n_frames = frames.len();
    (0..columns().len())
        .map(|c| {
            let mut v: Vec<f32> = frames.clone().filter_map(|i| s.values[i][c]).collect();
            if v.len() * 2 < n_frames {
                return None;
            }
            v.sort_by(f32::total_cmp);
            v.get(v.len() / 2).copied()
        })
        .collect()
}

/// The start (if any) and the held position.
#[derive(Debug, Clone, PartialEq)]
pub struct StartAndHeld {
    pub start: Option<Position>,
    pub held: Position,
}

/// Splits the positions into start and held; `None` when there are none. `hold` = the
/// held group is the one held longest (else the one the demonstration does not start in).
pub fn start_and_held(positions: &[Position], hold: bool) -> Option<StartAndHeld> {
    let first = positions.first()?;
    let mut far = (0, 0, 0.0f32);
    for (i, a) in positions.iter().enumerate() {
        for (j, b) in positions.iter().enumerate().skip(i + 1) {
            let d = a.distance(b);
            if d > far.2 {
                far = (i, j, d);
            }
        }
    }
    let longest = |group: &[&Position]| -> Option<Position> {
        group
            .iter()
            .max_by(|a, b| a.secs().total_cmp(&b.secs()))
            .map(|p| (*p).clone())
    };
    if far.2 < DIFFERENT_STEPS {
        let all: Vec<&Position> = positions.iter().collect();
        return Some(StartAndHeld {
            start: None,
            held: longest(&all)?,
        });
    }
    let (a, b) = (&positions[far.0], &positions[far.1]);
    let (mut group_a, mut group_b) = (Vec::new(), Vec::new());
    for p in positions {
        if p.distance(a) <= p.distance(b) {
            group_a.push(p);
        } else {
            group_b.push(p);
        }
    }
    // The group the demonstration starts in is the start (group_a, when `first` is in it).
    if !group_a.contains(&first) {
        std::mem::swap(&mut group_a, &mut group_b);
    }
    let total = |g: &[&Position]| g.iter().map(|p| p.secs()).sum::<f64>();
    if hold && total(&group_a) > total(&group_b) {
        std::mem::swap(&mut group_a, &mut group_b);
    }
    Some(StartAndHeld {
        start: longest(&group_a),
        held: longest(&group_b)?,
    })
}
