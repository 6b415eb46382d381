//! The unit that flows through the pipeline: one RGB image with its timestamp.
//!
//! Time comes only from here: the pose filter and the coach read `Frame::ts`, never a
//! clock, so a replayed video gives the same events as the live run that recorded it.

use image::RgbImage;

/// A point in time on a source's own clock, in nanoseconds since the source started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_secs_f64(secs: f64) -> Self {
        Self((secs * 1e9).round() as i64)
    }

    pub const fn from_millis(ms: i64) -> Self {
        Self(ms * 1_000_000)
    }

    pub const fn nanos(self) -> i64 {
        self.0
    }

    pub fn secs_f64(self) -> f64 {
        self.0 as f64 * 1e-9
    }
}

/// One decoded frame.
#[derive(Debug, Clone)]
pub struct Frame {
    pub image: RgbImage,
    pub ts: Timestamp,
    /// 0-based position in its source.
    pub index: u64,
    /// What the frame came from, e.g. a file name for image folders.
    pub label: String,
}
