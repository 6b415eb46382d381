//! More than one person in a demonstration.
//!
//! The pose model follows one person, so a second one in the picture would go unnoticed in
//! the poses, and the exercise might be taught from whoever was tracked. The paths that read
//! a demonstration through the pose model (`formcheck teach`, the app's teach job) therefore
//! count the people in a picture about once a second ([`SAMPLE_EVERY_SECS`]; the person
//! detector on the whole picture, `BlazePose::people_in`, costs about as much as a pose, so
//! not on every frame). [`People`] decides which pictures are counted and keeps the counts;
//! [`check_people`] refuses the demonstration when two or more people were seen in at least
//! half of the counted pictures: someone passing by for a moment does not block teaching, a
//! second person there most of the time does.

use super::TeachError;
use crate::frame::Timestamp;

/// About how often a picture is counted, seconds of the demonstration's clock.
pub const SAMPLE_EVERY_SECS: f64 = 1.0;

/// Slack on the sampling interval, so a source whose frame times round just under the
/// second (29.97 fps) is still sampled once a second.
const SLACK_NANOS: i64 = 1_000_000;

/// Whether a picture is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    /// Count the people in it.
    Count,
    /// Too soon after the last counted one.
    Skip,
}

/// The people counted in a demonstration's sampled pictures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People {
    last: Option<Timestamp>,
    counts: Vec<usize>,
}

impl People {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the picture at `ts` is counted: the first, then the first one at least
    /// [`SAMPLE_EVERY_SECS`] after the last counted (or any, when the clock went back).
    pub fn step(&mut self, ts: Timestamp) -> Sample {
        let every = (SAMPLE_EVERY_SECS * 1e9) as i64 - SLACK_NANOS;
        let due = self
            .last
            .is_none_or(|last| ts < last || ts.nanos() - last.nanos() >= every);
        if due {
            self.last = Some(ts);
            Sample::Count
        } else {
            Sample::Skip
        }
    }

    /// Counts the picture at `ts` with `count` when it is due ([`People::step`]).
    pub fn sample<E>(
        &mut self,
        ts: Timestamp,
        count: impl FnOnce() -> Result<usize, E>,
    ) -> Result<(), E> {
        if self.step(ts) == Sample::Count {
            self.counts.push(count()?);
        }
        Ok(())
    }

    /// The people in each counted picture, in order.
    pub fn counts(&self) -> &[usize] {
        &self.counts
    }

    /// [`check_people`] on the counts.
    pub fn check(&self) -> Result<(), TeachError> {
        check_people(&self.counts)
    }
}

/// Two or more people in at least half of the counted pictures is
/// [`TeachError::MoreThanOnePerson`]; no pictures counted is no evidence, and passes.
pub fn check_people(counts: &[usize]) -> Result<(), TeachError> {
    let crowded = counts.iter().filter(|&&n| n >= 2).count();
    if crowded > 0 && crowded * 2 >= counts.len() {
        Err(TeachError::MoreThanOnePerson {
            crowded,
            sampled: counts.len(),
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_of_the_samples_with_two_people_refuse() {
        assert_eq!(check_people(&[]), Ok(()));
        assert_eq!(check_people(&[1, 1, 0, 1]), Ok(()));
        // A passer-by in one picture of five.
        assert_eq!(check_people(&[1, 2, 1, 1, 1]), Ok(()));
        // Just under half.
        assert_eq!(check_people(&[2, 1, 2, 1, 1]), Ok(()));
        // Exactly half.
        assert_eq!(
            check_people(&[2, 1, 3, 1]),
            Err(TeachError::MoreThanOnePerson {
                crowded: 2,
                sampled: 4
            })
        );
        assert_eq!(
            check_people(&[2]),
            Err(TeachError::MoreThanOnePerson {
                crowded: 1,
                sampled: 1
            })
        );
        let words = check_people(&[2, 2]).err().map(|e| e.to_string());
        assert!(
            words.as_deref().is_some_and(
                |w| w.contains("only the person showing the exercise should be in the picture")
            ),
            "{words:?}"
        );
    }

    #[test]
    fn one_picture_about_every_second() {
        let mut people = People::new();
        // 29.97 fps for 5 s: pictures at 0, 1, 2, 3, 4 s (about).
        let mut counted = Vec::new();
        for i in 0..150 {
            let ts = Timestamp::from_secs_f64(f64::from(i) * 1001.0 / 30000.0);
            if people.step(ts) == Sample::Count {
                counted.push(i);
            }
        }
        assert_eq!(counted, [0, 30, 60, 90, 120]);
        // A clock that goes back (a new source) counts at once.
        assert_eq!(people.step(Timestamp::from_millis(100)), Sample::Count);
        assert_eq!(people.step(Timestamp::from_millis(200)), Sample::Skip);
    }

    #[test]
    fn sample_counts_only_when_due() {
        let mut people = People::new();
        let mut calls = 0;
        for ms in [0, 500, 1000, 1500, 2000] {
            people
                .sample(Timestamp::from_millis(ms), || {
                    calls += 1;
                    Ok::<_, ()>(if ms == 1000 { 2 } else { 1 })
                })
                .unwrap_or_else(|()| panic!("count"));
        }
        assert_eq!(calls, 3);
        assert_eq!(people.counts(), [1, 2, 1]);
        assert_eq!(people.check(), Ok(()));
        let failed = People::new().sample(Timestamp::default(), || Err("detector"));
        assert_eq!(failed, Err("detector"));
    }
}
