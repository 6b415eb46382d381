//! Demonstrations done side by side (`--sides each`): one leg, then the other (and, for a
//! knee to chest, both).
//!
//! Read left and right as they are, such a demonstration has more than two positions, and
//! the largest change between them is the change of side (the straight leg of a seated
//! hamstring stretch swaps from left to right: 80° on both knees), not the movement. So it
//! is read on the working side instead, as the taught file will coach it:
//!
//! 1. The side is told by the sided reading whose left–right difference leads both ways
//!    (each side ahead of the other by at least two steps at some time: the knees of the
//!    seated stretch, the hips of the knee pull).
//! 2. The working side is where that reading is the larger or the smaller (`pick`): the side
//!    that moved alone from how the demonstration opened tells which (the pulled knee's hip
//!    is the smaller); when no side ever moved alone (the seated stretch changes legs through
//!    sitting), each pick is tried and the one whose working side moves more counts.
//! 3. Every sided reading is then taken from the working side of each frame, the other side
//!    left out, and the start and held positions are found as for any demonstration.
//! 4. A held position with the other side also there (both knees pulled) adds a "both" step.

use super::candidates::column_step;
use super::candidates::{columns, Reading, Series};
use super::positions::{self, still_positions, DIFFERENT_STEPS};
use super::Found;

/// How a side-by-side demonstration was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SidesFound {
    /// The candidate (index) that tells the side.
    pub measure: usize,
    /// The working side is where it is larger (else smaller).
    pub pick_max: bool,
    /// Both sides were also held together.
    pub both: bool,
}

/// The demonstration read on its working side, when it was done side by side.
pub fn each(s: &Series, hold: bool) -> Option<(Found, SidesFound)> {
    let measure = side_candidate(s)?;
    let picks = match moved_pick(s, measure) {
        Some(p) => vec![p],
        None => vec![true, false],
    };
    let mut best: Option<(f32, Found, bool)> = None;
    for pick_max in picks {
        let Ok(found) = super::find(&working_series(s, measure, pick_max), hold) else {
            continue;
        };
        let Some(c) = found.counting else { continue };
        let d = (c.held - c.start).abs() / column_step(c.column) * c.column.candidate().weight;
        if best.as_ref().is_none_or(|(bd, _, _)| d > *bd) {
            best = Some((d, found, pick_max));
        }
    }
    let (_, found, pick_max) = best?;
    let both = both_shown(s, measure, &found);
    Some((
        found,
        SidesFound {
            measure,
            pick_max,
            both,
        },
    ))
}

/// The columns (left, right) of a sided candidate.
fn pair(candidate: usize) -> Option<(usize, usize)> {
    let cols = columns();
    let at = |r: Reading| {
        cols.iter()
            .position(|c| c.candidate == candidate && c.reading == r)
    };
    Some((at(Reading::Left)?, at(Reading::Right)?))
}

/// The sided candidate whose left–right difference leads both ways by two steps or more
/// (the lesser of its 95th percentile and minus its 5th, in weighted steps).
fn side_candidate(s: &Series) -> Option<usize> {
    let cols = columns();
    let mut best: Option<(usize, f32)> = None;
    for (ci, cand) in super::CANDIDATES.iter().enumerate() {
        let Some((l, r)) = pair(ci) else { continue };
        let mut diff: Vec<f32> = s
            .values
            .iter()
            .filter_map(|v| Some(v[l]? - v[r]?))
            .collect();
        if diff.len() < 5 {
            continue;
        }
        diff.sort_by(f32::total_cmp);
        let (lo, hi) = (
            diff[diff.len() * 5 / 100],
            diff[(diff.len() * 95 / 100).min(diff.len() - 1)],
        );
        let lead = hi.min(-lo) / column_step(cols[l]) * cand.weight;
        if best.is_none_or(|(_, b)| lead > b + 1e-3) {
            best = Some((ci, lead));
        }
    }
    best.filter(|(_, lead)| *lead >= DIFFERENT_STEPS)
        .map(|(c, _)| c)
}

/// Whether the working side is where `measure` is larger: in still positions where only
/// one side moved from the opening (two steps or more, the other under half as much), the
/// side that moved; `None` when no side ever moved alone, or the evidence is split.
fn moved_pick(s: &Series, measure: usize) -> Option<bool> {
    let (l, r) = pair(measure)?;
    let open = positions::opening(s)?;
    let (ol, or) = (open.values[l]?, open.values[r]?);
    let step = column_step(columns()[l]);
    let (mut larger, mut smaller) = (0, 0);
    for p in still_positions(s) {
        let (Some(pl), Some(pr)) = (p.values[l], p.values[r]) else {
            continue;
        };
        let (dl, dr) = ((pl - ol).abs(), (pr - or).abs());
        let moved_left = dl >= DIFFERENT_STEPS * step && dr < 0.5 * dl;
        let moved_right = dr >= DIFFERENT_STEPS * step && dl < 0.5 * dr;
        if moved_left || moved_right {
            let (moved, other) = if moved_left { (pl, pr) } else { (pr, pl) };
            if moved > other {
                larger += 1;
            } else {
                smaller += 1;
            }
        }
    }
    match (larger, smaller) {
        (0, 0) => None,
        (a, b) if a > b => Some(true),
        (a, b) if b > a => Some(false),
        _ => None,
    }
}

/// `s` read on its working side: in each frame, the side where `measure` is larger
/// (`pick_max`) or smaller gives every sided reading's left column; right columns are
/// hidden. Frames without `measure` on both sides keep neither side.
pub fn working_series(s: &Series, measure: usize, pick_max: bool) -> Series {
    let cols = columns();
    let Some((l, r)) = pair(measure) else {
        return s.clone();
    };
    let mut out = s.clone();
    for v in &mut out.values {
        let right = match (v[l], v[r]) {
            (Some(a), Some(b)) => Some(if pick_max { b > a } else { b < a }),
            _ => None,
        };
        let orig = v.clone();
        for (i, col) in cols.iter().enumerate() {
            if !col.candidate().sided {
                continue;
            }
            let Some(mate) = pair(col.candidate) else {
                continue;
            };
            v[i] = match (col.reading, right) {
                (Reading::Left, Some(true)) => orig[mate.1],
                (Reading::Left, Some(false)) => orig[mate.0],
                _ => None,
            };
        }
    }
    out
}

/// Whether some still position has both sides of `measure` nearer the held value than the
/// start's (both knees pulled); never when `measure` itself does not move between them (the
/// seated stretch's straight knee: which leg, not how far).
fn both_shown(s: &Series, measure: usize, found: &Found) -> bool {
    let (Some((l, r)), Some(start)) = (pair(measure), found.start.as_ref()) else {
        return false;
    };
    let (Some(a), Some(b)) = (start.values[l], found.held.values[l]) else {
        return false;
    };
    if (b - a).abs() < DIFFERENT_STEPS * column_step(columns()[l]) {
        return false;
    }
    let nearer_held = |v: Option<f32>| v.is_some_and(|v| (v - b).abs() < (v - a).abs());
    still_positions(s)
        .iter()
        .any(|p| nearer_held(p.values[l]) && nearer_held(p.values[r]))
}
