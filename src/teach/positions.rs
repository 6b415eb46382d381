//! Still positions in a demonstration, and which are the start and the held one.
//!
//! A frame is still when, over ±0.3 s around it, no reading moved more than 10° (0.2 torso
//! lengths) — above the engine's frame noise (2D angles jitter a few degrees), below any
//! deliberate movement. Still runs of at least 0.5 s are positions. The two positions that
//! differ most (largest change of any reading, in steps of 10° or 0.2 torso; of the trunk,
//! leg and head readings when those differ, the arms being support) split them
//! into two groups: the group nearer to how the demonstration opens (its first 0.5 s seen,
//! still or not: a demonstration that lifts at once has its first *still* position at the
//! top) is the start; the other is the held one (for `--hold`, the group held longest).
//! When every position looks alike, a `--hold` demonstration is all hold; a `--reps` one has
//! no end position — unless it never stopped: a movement done continuously (cat and cow) or
//! with a brief top (a bridge lifted and lowered at once) has no still top, so its positions
//! are the extremes of the reading that moves most (see [`extreme_positions`]).

use super::candidates::{column_step, columns, Series};

/// Half the window a frame's stillness is judged over, seconds.
const STILL_HALF_WINDOW: f64 = 0.3;
/// The shortest still run that is a position, seconds.
const MIN_POSITION_SECS: f64 = 0.5;
/// Readings change less than this (per unit step) in a still window: 10°, 0.2 torso.
const STILL_STEPS: f32 = 1.0;
/// Two positions are different when some reading differs by this many steps (20°, 0.4).
pub const DIFFERENT_STEPS: f32 = 2.0;

/// The share of the moving reading's range, from either end, that counts as at that end.
const EXTREME_SHARE: f32 = 0.2;
/// The shortest stay at an extreme that is a position, seconds: a person's movement slows
/// to turn (a rep's top held for a moment; a cat–cow done continuously, a sine of 3 s,
/// stays 0.9 s in the end fifth), while a movement that bounces straight back at an even
/// speed spends only a fifth of its swing there. Longer than a still position's 0.5 s,
/// since the extremes of a moving reading are not checked for stillness.
const MIN_EXTREME_SECS: f64 = 0.6;
/// Half the window the moving reading is smoothed over (a running median), seconds.
const SMOOTH_HALF_WINDOW: f64 = 0.15;
/// How the demonstration opens: its first seen frames over this long, seconds.
const OPENING_SECS: f64 = 0.5;

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
        self.distance_of(other, true)
    }

    /// The same over the trunk, leg and head readings, or over all (`arms`).
    fn distance_of(&self, other: &Position, arms: bool) -> f32 {
        let cols = columns();
        self.values
            .iter()
            .zip(&other.values)
            .zip(&cols)
            .filter(|(_, c)| arms || !c.candidate().arm())
            .filter_map(|((a, b), c)| Some((a.as_ref()? - b.as_ref()?).abs() / column_step(*c)))
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
                    hi - lo <= STILL_STEPS * column_step(*col)
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
/// held group is the one held longest (else the one the demonstration does not start in:
/// the group nearer `opening`, or the first position's without one).
pub fn start_and_held(
    positions: &[Position],
    opening: Option<&Position>,
    hold: bool,
) -> Option<StartAndHeld> {
    let first = positions.first()?;
    // Positions are told apart by the trunk, legs and head when those differ; by the arms
    // too only when they do not (see `Candidate::arm`: arms support and balance).
    let body_differs = positions.iter().enumerate().any(|(i, a)| {
        positions
            .iter()
            .skip(i + 1)
            .any(|b| a.distance_of(b, false) >= DIFFERENT_STEPS)
    });
    let dist = |a: &Position, b: &Position| a.distance_of(b, !body_differs);
    let mut far = (0, 0, 0.0f32);
    for (i, a) in positions.iter().enumerate() {
        for (j, b) in positions.iter().enumerate().skip(i + 1) {
            let d = dist(a, b);
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
        if dist(p, a) <= dist(p, b) {
            group_a.push(p);
        } else {
            group_b.push(p);
        }
    }
    // The group the demonstration starts in is the start.
    let starts_in_b = match opening {
        Some(o) => dist(o, b) < dist(o, a),
        None => !group_a.contains(&first),
    };
    if starts_in_b {
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

/// How the demonstration opens: medians over its first 0.5 s with a person seen.
pub fn opening(s: &Series) -> Option<Position> {
    let first = (0..s.t.len()).find(|&i| s.person[i])?;
    let end = (first..s.t.len())
        .find(|&i| s.t[i] - s.t[first] > OPENING_SECS)
        .unwrap_or(s.t.len());
    Some(Position {
        from_s: s.t[first],
        to_s: s.t[end - 1],
        values: medians(s, first..end),
    })
}

/// The positions of a demonstration that never stops: stays near either extreme of the
/// reading that moves most (its smoothed 5th–95th percentile spread, weighted as when
/// choosing what counts, an arm reading only when no other moves two steps; at least two
/// steps). A stay is a run of frames within a fifth of
/// that spread of one end, at least 0.6 s long — a brief top still is the top of the rep.
/// Percentiles and the running median keep a few mis-tracked frames from being an extreme.
pub fn extreme_positions(s: &Series) -> Vec<Position> {
    let moving = most_moving(s, false)
        .filter(|b| b.3 >= DIFFERENT_STEPS)
        .or_else(|| most_moving(s, true));
    let Some((c, lo, hi, _)) = moving.filter(|b| b.3 >= DIFFERENT_STEPS) else {
        return Vec::new();
    };
    stays_at_ends(s, c, lo, hi)
}

/// The reading that moves most (column, 5th and 95th percentile, weighted steps) among the
/// trunk, leg and head readings, or among all (`arms`; see `Candidate::arm`).
fn most_moving(s: &Series, arms: bool) -> Option<(usize, f32, f32, f32)> {
    let cols = columns();
    let seen = s.person.iter().filter(|p| **p).count();
    let mut best: Option<(usize, f32, f32, f32)> = None;
    for (c, col) in cols
        .iter()
        .enumerate()
        .filter(|(_, col)| arms || !col.candidate().arm())
    {
        let smooth = smoothed(s, c);
        let mut v: Vec<f32> = smooth.iter().flatten().copied().collect();
        if v.len() < 5 || v.len() * 10 < seen * 6 {
            continue;
        }
        v.sort_by(f32::total_cmp);
        let (lo, hi) = (
            v[v.len() * 5 / 100],
            v[(v.len() * 95 / 100).min(v.len() - 1)],
        );
        let d = (hi - lo) / column_step(*col) * col.candidate().weight;
        if best.is_none_or(|b| d > b.3 + 1e-3) {
            best = Some((c, lo, hi, d));
        }
    }
    best
}

/// The stays of column `c` within a fifth of its spread of either end, at least 0.6 s.
fn stays_at_ends(s: &Series, c: usize, lo: f32, hi: f32) -> Vec<Position> {
    let near = EXTREME_SHARE * (hi - lo);
    let zone: Vec<Option<bool>> = smoothed(s, c)
        .into_iter()
        .map(|v| {
            let v = v?;
            if v <= lo + near {
                Some(false)
            } else if v >= hi - near {
                Some(true)
            } else {
                None
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < zone.len() {
        let Some(z) = zone[i] else {
            i += 1;
            continue;
        };
        let start = i;
        while i < zone.len() && zone[i] == Some(z) {
            i += 1;
        }
        let (from_s, to_s) = (s.t[start], s.t[i - 1]);
        if to_s - from_s >= MIN_EXTREME_SECS {
            out.push(Position {
                from_s,
                to_s,
                values: medians(s, start..i),
            });
        }
    }
    out
}

/// Column `c`, each frame the median over ±0.15 s of the frames it is seen in.
fn smoothed(s: &Series, c: usize) -> Vec<Option<f32>> {
    let n = s.t.len();
    let (mut lo, mut hi) = (0, 0);
    (0..n)
        .map(|i| {
            s.values[i][c]?;
            while s.t[i] - s.t[lo] > SMOOTH_HALF_WINDOW {
                lo += 1;
            }
            while hi < n && s.t[hi] - s.t[i] <= SMOOTH_HALF_WINDOW {
                hi += 1;
            }
            let mut v: Vec<f32> = (lo..hi).filter_map(|j| s.values[j][c]).collect();
            v.sort_by(f32::total_cmp);
            v.get(v.len() / 2).copied()
        })
        .collect()
}
