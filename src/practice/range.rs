//! Range of motion: how far the person got in each exercise, per session and side.
//!
//! An exercise's content file names its key measure (`[range]`: cobra's trunk extension,
//! the bridge's hip angle) and which way is more range. While the coach says the position
//! is held, [`RangeBook::add`] keeps that measure's value from every frame the worker
//! sampled ([`super::samples`]), per exercise and side; when the exercise ends, [`RangeBook::take`] turns the samples into
//! one `range` record per side: the best value (the most range) and the median (what the
//! holds were typically like, which one lucky frame does not move). Values are only taken
//! during holds, so the way into and out of the position does not count.

use super::samples::MeasureValue;
use crate::content::{Exercise, Side};
use crate::session::Range;

/// The samples of one exercise on one side.
#[derive(Debug)]
struct Samples {
    exercise: String,
    side: Option<Side>,
    measure: String,
    higher_is_better: bool,
    values: Vec<f64>,
}

/// Key-measure samples taken during holds, per exercise and side, until the exercise ends.
#[derive(Debug, Default)]
pub struct RangeBook {
    open: Vec<Samples>,
}

impl RangeBook {
    /// Keeps one held frame's value of `ex`'s range measure, on `side`.
    pub fn add(&mut self, ex: &Exercise, side: Option<Side>, held: MeasureValue) {
        let Some(rom) = ex.range.filter(|r| r.measure == held.measure) else {
            return;
        };
        let Some(measure) = ex.measure(rom.measure) else {
            return;
        };
        let side = side.filter(|s| *s != Side::Both);
        let i = match self
            .open
            .iter()
            .position(|s| s.exercise == *ex.id && s.side == side)
        {
            Some(i) => i,
            None => {
                self.open.push(Samples {
                    exercise: ex.id.to_string(),
                    side,
                    measure: measure.id.clone(),
                    higher_is_better: rom.higher_is_better,
                    values: Vec::new(),
                });
                self.open.len() - 1
            }
        };
        self.open[i].values.push(f64::from(held.value));
    }

    /// The ranges of `exercise` (one per side, in the order first held); its samples are
    /// dropped.
    pub fn take(&mut self, exercise: &str) -> Vec<Range> {
        let (taken, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.open)
            .into_iter()
            .partition(|s| s.exercise == exercise);
        self.open = kept;
        taken.into_iter().filter_map(summarise).collect()
    }

    /// The ranges of every exercise still open.
    pub fn take_all(&mut self) -> Vec<Range> {
        std::mem::take(&mut self.open)
            .into_iter()
            .filter_map(summarise)
            .collect()
    }
}

/// Best and median of one side's samples (`None` without samples).
fn summarise(s: Samples) -> Option<Range> {
    let mut values = s.values;
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let (first, last) = (*values.first()?, *values.last()?);
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    Some(Range {
        exercise: s.exercise,
        side: s.side,
        measure: s.measure,
        higher_is_better: s.higher_is_better,
        best_deg: if s.higher_is_better { last } else { first },
        median_deg: median,
        samples: u32::try_from(n).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(higher_is_better: bool, values: &[f64]) -> Samples {
        Samples {
            exercise: "bridge".into(),
            side: Some(Side::Left),
            measure: "hip".into(),
            higher_is_better,
            values: values.to_vec(),
        }
    }

    #[test]
    fn best_is_the_most_range_and_the_median_the_middle() {
        let up = summarise(samples(true, &[170.0, 150.0, 175.0, 160.0])).expect("a range");
        assert_eq!((up.best_deg, up.median_deg, up.samples), (175.0, 165.0, 4));
        assert_eq!(up.side, Some(Side::Left));
        let down = summarise(samples(false, &[70.0, 60.0, 65.0])).expect("a range");
        assert_eq!((down.best_deg, down.median_deg), (60.0, 65.0));
        assert!(summarise(samples(true, &[])).is_none());
    }
}
