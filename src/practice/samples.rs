//! What every frame measured that the session keeps, taken where every frame is: on the
//! worker, right after the coach saw the frame.
//!
//! A session keeps two measures per frame: the exercise's key angle (the summary's plot,
//! `angle` records) and, while the position is held, its range-of-motion measure (the
//! `range` records, [`super::range`]). [`Sampler`] knows both measures of one exercise by
//! index, once, when the attempt starts; [`Sampler::sample`] reads them off the coach after
//! each frame into a [`FrameSample`] stamped with the frame's own [`Timestamp`]. The worker
//! sends the samples with the attempt they belong to and the practice books them
//! ([`super::Practice::book_samples`]); the window only draws. So a result the window never
//! shows (the newest-wins mailbox dropped it) loses no sample, and a repaint without a new
//! frame takes none twice.

use crate::coach::Coach;
use crate::content::{Exercise, Side, Unit};
use crate::frame::Timestamp;

/// One measure's value on one frame: its index in the exercise's measures and its value
/// in the unit the content files use (degrees, torso lengths).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasureValue {
    pub measure: usize,
    pub value: f32,
}

/// What one frame measured for the session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameSample {
    /// The frame's time (the source's clock, as the coach saw it before pauses were cut).
    pub ts: Timestamp,
    /// The key angle, degrees.
    pub key: Option<MeasureValue>,
    /// The range-of-motion measure, while the position is held.
    pub held: Option<MeasureValue>,
    /// The working side (one-sided exercises).
    pub side: Option<Side>,
}

/// Which of an exercise's measures a session samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sampler {
    key: Option<usize>,
    range: Option<usize>,
}

impl Sampler {
    pub fn new(ex: &Exercise) -> Self {
        let is_angle = |i: &usize| ex.measure(*i).is_some_and(|m| m.unit() == Unit::Angle);
        Self {
            key: key_measure(ex).filter(is_angle),
            range: ex
                .range
                .map(|r| r.measure)
                .filter(|&i| ex.measure(i).is_some()),
        }
    }

    /// The measures of the frame `coach` has just seen at `ts` (`None`: nothing measured).
    pub fn sample(&self, coach: &Coach, ts: Timestamp) -> Option<FrameSample> {
        if self.key.is_none() && self.range.is_none() {
            return None;
        }
        let readings = coach.readings();
        let value = |i: Option<usize>| {
            let i = i?;
            let value = readings.get(i)?.1.filter(|v| v.is_finite())?;
            Some(MeasureValue { measure: i, value })
        };
        let view = coach.view();
        let key = value(self.key);
        let held = value(self.range).filter(|_| view.holding);
        (key.is_some() || held.is_some()).then_some(FrameSample {
            ts,
            key,
            held,
            side: view.side,
        })
    }
}

/// The measure that shows an exercise's movement: its range-of-motion measure when the
/// content file names one (`[range]`), else the first angle its held phase is defined by
/// (e.g. the hip angle of the bridge), else its first angle measure.
pub fn key_measure(ex: &Exercise) -> Option<usize> {
    if let Some(i) = ex
        .range
        .map(|r| r.measure)
        .filter(|&i| ex.measure(i).is_some())
    {
        return Some(i);
    }
    let is_angle = |i: usize| ex.measure(i).is_some_and(|m| m.unit() == Unit::Angle);
    let from_phase = ex
        .phases
        .get(ex.hold_phase)
        .and_then(|p| p.when.iter().find(|c| is_angle(c.measure)))
        .map(|c| c.measure);
    from_phase.or_else(|| (0..ex.measures.len()).find(|&i| is_angle(i)))
}

/// The key measure's id ("hip"), see [`key_measure`].
pub fn key_angle(ex: &Exercise) -> Option<String> {
    key_measure(ex)
        .and_then(|i| ex.measure(i))
        .map(|m| m.id.clone())
}
