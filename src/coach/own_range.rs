//! The person's own range of a measure: the lowest and highest they have shown while
//! being coached, so a phase can be judged between their own extremes rather than by a
//! fixed band (`Condition::share`).
//!
//! A phase condition in `*_share` reads the value as its place in that range (0 = the
//! lowest so far, 1 = the highest). People differ (a head carried low, a stiff neck, a
//! camera a little oblique shifts every angle by up to 14°), so a fixed band fitted on some
//! people misses others; their own range does not. Until the range reaches the measure's
//! `own_range` (set in the content from anatomy and the 2D error) no share condition holds:
//! jitter is never taken for a range. The extremes are taken from the median over the
//! exercise's dwell time, so a single-frame misreading (a face turning down out of view)
//! cannot set one: an extreme must last as long as a phase must to be entered.

use crate::content::Exercise;
use std::collections::VecDeque;

/// One measure's range.
#[derive(Debug, Clone, Default)]
struct Track {
    /// The recent values (seconds, value, every measure's raw value), for the median.
    recent: VecDeque<(f64, f32, Vec<Option<f32>>)>,
    lo: Option<f32>,
    hi: Option<f32>,
    /// When the lowest and the highest were reached.
    lo_secs: f64,
    hi_secs: f64,
    /// The first value (where the person was when coaching began).
    first: Option<f32>,
    /// Every measure's raw value when the lowest and the highest were reached.
    lo_raw: Vec<Option<f32>>,
    hi_raw: Vec<Option<f32>>,
}

impl Track {
    fn push(&mut self, now: f64, v: f32, window_secs: f64, raw: &[Option<f32>]) {
        self.recent.push_back((now, v, raw.to_vec()));
        while self
            .recent
            .front()
            .is_some_and(|&(t, _, _)| now - t > window_secs)
        {
            self.recent.pop_front();
        }
        let mut vals: Vec<f32> = self.recent.iter().map(|&(_, v, _)| v).collect();
        vals.sort_by(f32::total_cmp);
        let Some(&median) = vals.get(vals.len() / 2) else {
            return;
        };
        self.first = self.first.or(Some(median));
        if self.lo.is_none_or(|lo| median < lo) {
            self.lo = Some(median);
            self.lo_secs = now;
            self.lo_raw = self.recent_raw_mean(raw.len());
        }
        if self.hi.is_none_or(|hi| median > hi) {
            self.hi = Some(median);
            self.hi_secs = now;
            self.hi_raw = self.recent_raw_mean(raw.len());
        }
    }
}

/// A phase visited before the person's own range could show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Visited {
    pub phase: usize,
    /// Every measure's raw value there (for the start phase's baselines).
    pub raw: Vec<Option<f32>>,
}

impl Track {
    /// Every measure's raw value averaged over the window (as a start baseline is a mean).
    fn recent_raw_mean(&self, n: usize) -> Vec<Option<f32>> {
        (0..n)
            .map(|i| {
                let vals: Vec<f32> = self
                    .recent
                    .iter()
                    .filter_map(|(_, _, raw)| raw.get(i).copied().flatten())
                    .collect();
                (!vals.is_empty()).then(|| vals.iter().sum::<f32>() / vals.len() as f32)
            })
            .collect()
    }
}

/// The own range of every measure that has one (`Measure::own_range`).
#[derive(Debug, Clone, Default)]
pub(crate) struct OwnRanges {
    tracks: Vec<Option<Track>>,
    /// `(lowest, highest)` per measure once the range reached its minimum size.
    ranges: Vec<Option<(f32, f32)>>,
}

impl OwnRanges {
    pub fn new(ex: &Exercise) -> Self {
        Self {
            tracks: ex
                .measures
                .iter()
                .map(|m| m.own_range.map(|_| Track::default()))
                .collect(),
            ranges: vec![None; ex.measures.len()],
        }
    }

    /// One coached frame's values (internal units; `None` = unknown, skipped) and every
    /// measure's raw value (before baselines). Returns the phase the person was in at the
    /// first extreme of a range that has just become large enough, with the raw values
    /// then: that extreme was only known to be one now, so its phase was visited unseen.
    /// The coach takes a visit to the cycle's start phase for that rep's baselines, and one to
    /// the phase the cycle waits for as entered (`RepTracker::visited_unseen`).
    /// The extreme counts only when the person moved into it from where coaching began by at
    /// least the phase's margin and half the measure's `own_range`: the position they were
    /// found in, and the jitter around it, is not a visit.
    pub fn push(
        &mut self,
        ex: &Exercise,
        values: &[Option<f32>],
        raw: &[Option<f32>],
        now: f64,
    ) -> Option<Visited> {
        let window = f64::from(ex.tuning.dwell_secs);
        let mut visited = None;
        for (i, track) in self.tracks.iter_mut().enumerate() {
            let (Some(track), Some(Some(v))) = (track.as_mut(), values.get(i)) else {
                continue;
            };
            track.push(now, *v, window, raw);
            let min_span = ex.measures.get(i).and_then(|m| m.own_range);
            let (Some(lo), Some(hi), Some(min), Some(slot)) =
                (track.lo, track.hi, min_span, self.ranges.get_mut(i))
            else {
                continue;
            };
            let was = slot.is_some();
            *slot = (hi - lo >= min).then_some((lo, hi));
            if was || slot.is_none() {
                continue;
            }
            let (end, raw) = if track.lo_secs < track.hi_secs {
                (0.0, &track.lo_raw)
            } else {
                (1.0, &track.hi_raw)
            };
            let moved = track
                .first
                .and_then(|f| share(f, (lo, hi)))
                .map_or(0.0, |f| (f - end).abs());
            // Moved into it by at least the phase's margin of the range and by half the
            // smallest range that counts: 2D jitter around where the person was found (a
            // small, distant figure) is not a visit.
            let moved_enough = moved * (hi - lo) >= 0.5 * min;
            let phase = phase_at(ex, i, end).filter(|&p| {
                let margin = ex
                    .phases
                    .get(p)
                    .map_or(1.0, |p| p.when.iter().map(|c| c.margin).fold(0.0, f32::max));
                moved >= margin && moved_enough
            });
            if let (None, Some(phase)) = (&visited, phase) {
                visited = Some(Visited {
                    phase,
                    raw: raw.clone(),
                });
            }
        }
        visited
    }

    /// `(lowest, highest)` per measure index, `None` until the range is large enough.
    pub fn values(&self) -> &[Option<(f32, f32)>] {
        &self.ranges
    }
}

/// The phase judged by measure `i`'s own range alone whose strict range holds at `share`.
fn phase_at(ex: &Exercise, i: usize, share: f32) -> Option<usize> {
    ex.phases.iter().position(|p| {
        !p.when.is_empty()
            && p.when
                .iter()
                .all(|c| c.share && c.measure == i && c.holds(share, false))
    })
}

/// Where `v` is in the range `(lo, hi)`: 0 at the lowest, 1 at the highest (outside
/// when the value passes an extreme not yet taken in).
pub(crate) fn share(v: f32, (lo, hi): (f32, f32)) -> Option<f32> {
    let span = hi - lo;
    (span > 0.0 && v.is_finite()).then(|| (v - lo) / span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Exercise {
        let catalog = crate::content::load_default().expect("the built-in content loads");
        catalog.get("cat").expect("cat").clone()
    }

    fn neck(ex: &Exercise) -> usize {
        ex.measures
            .iter()
            .position(|m| m.id == "neck")
            .expect("the cat has a neck measure")
    }

    /// Feeds `deg` at 30 fps from `from`, one value per frame.
    fn feed(r: &mut OwnRanges, ex: &Exercise, from: f64, degs: &[f32]) {
        let i = neck(ex);
        for (k, d) in degs.iter().enumerate() {
            let mut values = vec![None; ex.measures.len()];
            values[i] = Some(d.to_radians());
            r.push(ex, &values, &values, from + k as f64 / 30.0);
        }
    }

    #[test]
    fn no_range_until_the_person_has_shown_the_minimum_span() {
        let ex = cat();
        let min = ex.measures[neck(&ex)]
            .own_range
            .expect("own range")
            .to_degrees();
        let mut r = OwnRanges::new(&ex);
        // Jitter of ±3° around a still head is never a range.
        let still: Vec<f32> = (0..60)
            .map(|k| if k % 2 == 0 { 3.0 } else { -3.0 })
            .collect();
        feed(&mut r, &ex, 0.0, &still);
        assert_eq!(r.values()[neck(&ex)], None);
        // A movement just short of the minimum (from the jitter's −3°) is not one either;
        // past it, it is.
        let short = [min - 6.0; 30];
        feed(&mut r, &ex, 2.0, &short);
        assert_eq!(r.values()[neck(&ex)], None);
        feed(&mut r, &ex, 3.0, &[min + 2.0; 30]);
        let (lo, hi) = r.values()[neck(&ex)].expect("a range once past the minimum");
        assert!((hi - lo).to_degrees() >= min);
    }

    #[test]
    fn the_first_extreme_is_a_phase_visited_once_the_range_shows_it() {
        let ex = cat();
        let arch = ex.phases.iter().position(|p| p.id == "arch").expect("arch");
        let mut r = OwnRanges::new(&ex);
        // Found at +13°, rounding to +36° (head tucked), then sagging to −20°: the range is
        // large enough only in the sag, and the first movement was into the arch.
        let i = neck(&ex);
        let mut visited = Vec::new();
        let degs: Vec<f32> = (0..30)
            .map(|k| 13.0 + 23.0 * k as f32 / 29.0)
            .chain((0..30).map(|_| 36.0))
            .chain((0..30).map(|k| 36.0 - 56.0 * k as f32 / 29.0))
            .collect();
        for (k, d) in degs.iter().enumerate() {
            let mut values = vec![None; ex.measures.len()];
            values[i] = Some(d.to_radians());
            visited.extend(
                r.push(&ex, &values, &values, k as f64 / 30.0)
                    .map(|v| v.phase),
            );
        }
        assert_eq!(visited, vec![arch]);
    }

    #[test]
    fn where_the_person_was_found_is_not_a_visit() {
        // Found at +10° and sagging to −35°: the +10° was not an arch, only a start.
        let ex = cat();
        let mut r = OwnRanges::new(&ex);
        let i = neck(&ex);
        let degs: Vec<f32> = (0..30)
            .map(|_| 10.0)
            .chain((0..30).map(|k| 10.0 - 45.0 * k as f32 / 29.0))
            .collect();
        for (k, d) in degs.iter().enumerate() {
            let mut values = vec![None; ex.measures.len()];
            values[i] = Some(d.to_radians());
            assert_eq!(r.push(&ex, &values, &values, k as f64 / 30.0), None);
        }
        assert!(r.values()[i].is_some());
    }

    #[test]
    fn a_single_frame_misreading_does_not_set_an_extreme() {
        let ex = cat();
        let mut r = OwnRanges::new(&ex);
        let mut degs = vec![0.0; 30];
        degs[15] = 170.0;
        degs.extend(vec![50.0; 30]);
        feed(&mut r, &ex, 0.0, &degs);
        let (lo, hi) = r.values()[neck(&ex)].expect("range 0–50°");
        assert!(lo.to_degrees().abs() < 0.5, "{}", lo.to_degrees());
        assert!((hi.to_degrees() - 50.0).abs() < 0.5, "{}", hi.to_degrees());
        assert_eq!(
            share(25f32.to_radians(), (lo, hi)).map(|s| (s * 10.0).round()),
            Some(5.0)
        );
    }
}
