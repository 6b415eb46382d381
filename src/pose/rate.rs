//! Adaptive pose rate: the landmark model skips frames while the person holds still.
//!
//! On at camera rate (the app's live pipeline, `bench --pace`), off by default elsewhere
//! (`analyze`, `pose`, `teach`: offline, every frame; `--pose-rate adaptive` to try it).
//!
//! Back stretches are slow and many are held for 20–30 s. A still hold does not need 30 pose
//! updates a second, while a rep does; the landmark model is ~85 % of a frame's cost. So, in
//! video mode while tracking, [`PoseRate`] decides before each frame whether the model must
//! run ([`RateStep::Run`]) or the last pose can stand for this frame ([`RateStep::Hold`]).
//! The overlay still moves at camera rate: a held pose is drawn on the new picture.
//!
//! A frame is held only when all of these are true:
//! 1. the landmarks were still: between the last two model runs the smoothed landmarks moved
//!    less than [`AdaptiveRate::still_speed`] of the crop's side per second of video (so a
//!    rep in progress, even a slow one, keeps every frame);
//! 2. the picture is still: a coarse grid of luma samples over the tracked crop (the
//!    detector-free region the model would read, [`GRID`]² nearest-pixel samples, a few µs)
//!    differs from the grid sampled when the model last ran by less than
//!    [`AdaptiveRate::still_pixels`] grey levels on average. Motion starting shows here on
//!    its first frame, and the model runs on that frame;
//! 3. fewer than [`AdaptiveRate::max_held`] frames in a row were held, and the frame is at
//!    most [`AdaptiveRate::max_gap_ns`] of video after the model's last run, so the model
//!    still runs at least every `max_held + 1` frames and every ~0.15 s even when frames are
//!    dropped (a loaded machine: held frames then never stand for a longer stretch of time),
//!    and slow drift is caught.
//!
//! How long a hold may last (4 frames, 150 ms; it was 2 frames, 75 ms, before): motion
//! starting shows in the grid on its first frame whatever the cap, so the cap only bounds
//! what can change *below* both stillness thresholds. The landmarks held are the smoothed
//! ones, and at the speeds rule 1 admits (3 % of the crop's side per second, i.e. ~0.04
//! object sizes per second, the crop being 1.25 object sizes) the One Euro filter
//! ([`super::smooth`]: min cutoff 0.05 Hz, beta 80) passes nothing above 0.05 + 80 · 0.0375
//! ≈ 3 Hz; a model run at least every 5th frame at 30 fps (6 Hz) samples that at about
//! twice its highest frequency. At that speed the pose can drift at most 0.5 % of the crop's
//! side (~1.2 % of torso length) over a held stretch before the next run corrects it. On
//! the real clips (`benches/RESULTS.md`), a longer cap (5 frames) held little more: most
//! runs during a hold come from rules 1 and 2, not from the cap.
//!
//! Held landmarks are the last run's, unchanged (a still pose predicts itself); the smoother
//! is not fed on a held frame, so its next run sees the real time step.

use super::Roi;
use crate::body::Landmark;
use image::RgbImage;

/// Samples per side of the motion grid laid over the tracked crop.
pub const GRID: usize = 24;

/// When frames may be held; `PoseConfig::adaptive_rate` (`None` = the model runs every frame).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdaptiveRate {
    /// Most frames in a row the model may skip (4: it runs at least on every 5th frame).
    pub max_held: u32,
    /// Most video time (ns) a held frame may lie after the model's last run.
    pub max_gap_ns: i64,
    /// Landmark speed below which the person counts as still, as a share of the crop's side
    /// per second (the crop is ~2.5 torso lengths).
    pub still_speed: f32,
    /// Mean absolute luma change over the crop's grid (0–255) below which the picture counts
    /// as unchanged since the model's last run.
    pub still_pixels: f32,
}

impl Default for AdaptiveRate {
    fn default() -> Self {
        Self {
            max_held: 4,
            // Four frames at 30 fps, with a margin for the timestamps' jitter.
            max_gap_ns: 150_000_000,
            // 0.1 % of the crop's side per frame at 30 fps.
            still_speed: 0.03,
            still_pixels: 1.0,
        }
    }
}

/// What to do with the next frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateStep {
    /// Run the landmark model.
    Run,
    /// Keep the last pose for this frame.
    Hold,
}

/// The per-stream state of the adaptive rate (see the module docs).
#[derive(Debug, Clone)]
pub struct PoseRate {
    config: AdaptiveRate,
    /// The grid sampled on the frame the model last ran on (empty: no run to compare with).
    reference: Vec<u8>,
    sample: Vec<u8>,
    /// The landmarks of the last run.
    last: Option<[Landmark; crate::body::NUM_LANDMARKS]>,
    /// When the model last ran (frame timestamp, ns).
    last_run: i64,
    /// Whether the landmarks moved slower than `still_speed` between the last two runs.
    still: bool,
    /// Frames held since the last run.
    held: u32,
}

impl PoseRate {
    pub fn new(config: AdaptiveRate) -> Self {
        Self {
            config,
            reference: Vec::with_capacity(GRID * GRID),
            sample: Vec::with_capacity(GRID * GRID),
            last: None,
            last_run: 0,
            still: false,
            held: 0,
        }
    }

    /// Forgets the stream: the next frame runs the model.
    pub fn reset(&mut self) {
        self.reference.clear();
        self.last = None;
        self.last_run = 0;
        self.still = false;
        self.held = 0;
    }

    /// Decides about the frame at `ts` (ns) whose crop is `roi` (the region tracked from the
    /// last run).
    pub fn step(&mut self, image: &RgbImage, roi: &Roi, ts: i64) -> RateStep {
        let gap = ts.saturating_sub(self.last_run);
        if !self.still
            || self.held >= self.config.max_held
            || self.reference.is_empty()
            || !(0..=self.config.max_gap_ns).contains(&gap)
        {
            return RateStep::Run;
        }
        sample_grid(image, roi, &mut self.sample);
        if mean_abs_diff(&self.sample, &self.reference) < self.config.still_pixels {
            self.held += 1;
            RateStep::Hold
        } else {
            RateStep::Run
        }
    }

    /// Notes a model run on the frame at `ts` (ns): `image`, whose landmarks (smoothed) were
    /// `landmarks`, with `roi` the region to track next.
    pub fn ran(&mut self, image: &RgbImage, roi: &Roi, landmarks: &[Landmark], ts: i64) {
        let secs = ts.saturating_sub(self.last_run) as f32 * 1e-9;
        self.still = self.last.as_ref().is_some_and(|prev| {
            secs > 0.0 && mean_motion(prev, landmarks) < self.config.still_speed * roi.size * secs
        });
        self.last_run = ts;
        self.last = landmarks.try_into().ok();
        sample_grid(image, roi, &mut self.reference);
        self.held = 0;
    }
}

/// Mean distance in pixels between two landmark sets (pairs beyond the shorter are ignored).
fn mean_motion(a: &[Landmark], b: &[Landmark]) -> f32 {
    let n = a.len().min(b.len());
    if n == 0 {
        return f32::INFINITY;
    }
    let sum: f32 = a
        .iter()
        .zip(b)
        .map(|(p, q)| (p.x - q.x).hypot(p.y - q.y))
        .sum();
    sum / n as f32
}

/// Luma (BT.601, integer) at the nearest pixel of `GRID`² points spread over `roi`, clamped
/// to the image; written into `out`.
fn sample_grid(image: &RgbImage, roi: &Roi, out: &mut Vec<u8>) {
    out.clear();
    let (w, h) = image.dimensions();
    if w == 0 || h == 0 {
        return;
    }
    let (max_x, max_y) = ((w - 1) as f32, (h - 1) as f32);
    for j in 0..GRID {
        let v = (j as f32 + 0.5) / GRID as f32;
        for i in 0..GRID {
            let u = (i as f32 + 0.5) / GRID as f32;
            let p = roi.image_from_roi(u, v);
            // Saturating float → integer casts after clamping: never out of the image.
            let x = p.x.clamp(0.0, max_x).round() as u32;
            let y = p.y.clamp(0.0, max_y).round() as u32;
            let [r, g, b] = image.get_pixel(x, y).0;
            let luma = (77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b)) >> 8;
            out.push(u8::try_from(luma).unwrap_or(u8::MAX));
        }
    }
}

/// Mean absolute difference of two equally long sample grids; infinite when they differ in
/// length (nothing to compare).
fn mean_abs_diff(a: &[u8], b: &[u8]) -> f32 {
    if a.len() != b.len() || a.is_empty() {
        return f32::INFINITY;
    }
    let sum: u32 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u32::from(x.abs_diff(*y)))
        .sum();
    sum as f32 / a.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::geometry::Point2;
    use crate::body::NUM_LANDMARKS;

    fn roi() -> Roi {
        Roi {
            center: Point2::new(32.0, 32.0),
            size: 48.0,
            rotation: 0.3,
        }
    }

    fn picture(shift: u32) -> RgbImage {
        RgbImage::from_fn(64, 64, |x, y| {
            let v = u8::try_from(((x + shift) * 7 + y * 3) % 256).unwrap_or(0);
            image::Rgb([v, v, v])
        })
    }

    fn pose(dx: f32) -> [Landmark; NUM_LANDMARKS] {
        let mut l = [Landmark::default(); NUM_LANDMARKS];
        for (i, p) in l.iter_mut().enumerate() {
            p.x = 10.0 + i as f32 + dx;
            p.y = 20.0;
        }
        l
    }

    /// Frame `i`'s timestamp at 30 fps, ns.
    fn at(i: i64) -> i64 {
        i * 1_000_000_000 / 30
    }

    /// Two still runs, on frames 0 and 1.
    fn still_rate() -> PoseRate {
        let mut r = PoseRate::new(AdaptiveRate::default());
        r.ran(&picture(0), &roi(), &pose(0.0), at(0));
        r.ran(&picture(0), &roi(), &pose(0.0), at(1));
        r
    }

    #[test]
    fn first_frames_run_the_model() {
        let mut r = PoseRate::new(AdaptiveRate::default());
        assert_eq!(r.step(&picture(0), &roi(), at(0)), RateStep::Run);
        // One run gives no motion to judge stillness by.
        r.ran(&picture(0), &roi(), &pose(0.0), at(0));
        assert_eq!(r.step(&picture(0), &roi(), at(1)), RateStep::Run);
    }

    #[test]
    fn a_still_hold_runs_every_fifth_frame() {
        let mut r = still_rate();
        let steps: Vec<RateStep> = (2..12)
            .map(|i| {
                let s = r.step(&picture(0), &roi(), at(i));
                if s == RateStep::Run {
                    r.ran(&picture(0), &roi(), &pose(0.0), at(i));
                }
                s
            })
            .collect();
        use RateStep::{Hold, Run};
        assert_eq!(
            steps,
            [Hold, Hold, Hold, Hold, Run, Hold, Hold, Hold, Hold, Run]
        );
    }

    #[test]
    fn a_changed_picture_runs_at_once() {
        let mut r = still_rate();
        assert_eq!(r.step(&picture(5), &roi(), at(2)), RateStep::Run);
    }

    #[test]
    fn dropped_frames_shorten_the_hold() {
        let mut r = still_rate();
        // Frames 2 to 5 dropped: frame 6 lies 5 frames (0.17 s) after the last run.
        assert_eq!(r.step(&picture(0), &roi(), at(6)), RateStep::Run);
        let mut r = still_rate();
        assert_eq!(r.step(&picture(0), &roi(), at(5)), RateStep::Hold);
        assert_eq!(r.step(&picture(0), &roi(), at(7)), RateStep::Run);
    }

    #[test]
    fn moving_landmarks_run_every_frame() {
        let mut r = PoseRate::new(AdaptiveRate::default());
        r.ran(&picture(0), &roi(), &pose(0.0), at(0));
        // 1 px per frame on a 48 px crop: 2 % of its side, a rep in progress.
        r.ran(&picture(0), &roi(), &pose(1.0), at(1));
        assert_eq!(r.step(&picture(0), &roi(), at(2)), RateStep::Run);
    }

    #[test]
    fn reset_forgets_the_stream() {
        let mut r = still_rate();
        r.reset();
        assert_eq!(r.step(&picture(0), &roi(), at(2)), RateStep::Run);
    }

    #[test]
    fn grids_of_different_pictures_differ() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        sample_grid(&picture(0), &roi(), &mut a);
        sample_grid(&picture(0), &roi(), &mut b);
        assert_eq!(a.len(), GRID * GRID);
        assert!(mean_abs_diff(&a, &b) < 1e-6);
        sample_grid(&picture(9), &roi(), &mut b);
        assert!(mean_abs_diff(&a, &b) > 10.0);
        assert_eq!(mean_abs_diff(&a, &[]), f32::INFINITY);
    }
}
