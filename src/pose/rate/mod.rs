//! Adaptive pose rate: the landmark model skips frames while the person holds still or moves
//! slowly.
//!
//! On at camera rate (the app's live pipeline, `bench --pace`), off by default elsewhere
//! (`analyze`, `pose`, `teach`: offline, every frame; `--pose-rate adaptive` to try it).
//!
//! Back stretches are slow and many are held for 20–30 s; the landmark model is ~85 % of a
//! frame's cost. So, in video mode while tracking, [`PoseRate`] decides before each frame
//! whether the model must run ([`RateStep::Run`]) or the last pose can stand for this frame
//! ([`RateStep::Hold`]). The overlay still moves at camera rate: a held pose is drawn on the
//! new picture. Held landmarks are the last run's, unchanged (no extrapolation: a guess that
//! overshoots a turning point is worse than a pose a few milliseconds old); the smoother is
//! not fed on a held frame, so its next run sees the real time step.
//!
//! Which rule applies depends on how the smoothed landmarks moved between the last two runs.
//!
//! **Rule A, a still hold** (they moved less than [`StillHold::speed`] of the crop's side per
//! second of video on average). A frame is held when
//! 1. the picture is still: a coarse grid of luma samples over the tracked crop (the region
//!    the model would read, [`GRID`]² nearest-pixel samples, a few µs) differs from the grid
//!    sampled when the model last ran by less than [`StillHold::pixels`] grey levels on
//!    average, or by less than [`NOISE_MARGIN`] times the picture's own frame-to-frame
//!    change where that is larger ([`PictureNoise`]: a camera's sensor noise moves the grid
//!    while nothing moves; simulated noise of 1.6 grey levels between frames made every
//!    frame of a still hold run before). Motion starting shows here on its first frame,
//!    and the model runs on it;
//! 2. fewer than [`StillHold::max_held`] frames in a row were held, and the frame is at most
//!    [`StillHold::max_gap_ns`] of video after the model's last run, so the model still runs
//!    at least every `max_held + 1` frames and every ~0.15 s even when frames are dropped (a
//!    loaded machine: held frames then never stand for a longer stretch of time), and slow
//!    drift is caught.
//!
//! How long a still hold may last (4 frames, 150 ms): motion starting shows in the grid on
//! its first frame whatever the cap, so the cap only bounds what can change *below* both
//! stillness thresholds. At the speeds rule A admits (3 % of the crop's side per second,
//! ~0.04 object sizes per second, the crop being 1.25 object sizes) the One Euro filter
//! ([`super::smooth`]: min cutoff 0.05 Hz, beta 80) passes nothing above 0.05 + 80 · 0.0375
//! ≈ 3 Hz; a model run at least every 5th frame at 30 fps (6 Hz) samples that at about twice
//! its highest frequency. The pose can drift at most 0.5 % of the crop's side (~1.2 % of
//! torso length) over a held stretch before the next run corrects it.
//!
//! **A settled pose** ([`Settled`]) may stand longer than that cap, because both of its
//! reasons scale with the speed actually measured: past the cap a frame is still held when
//! the fastest paced joint (below), at the speed it had over the last runs (as rule B
//! measures it), cannot have moved [`Settled::stale`] (rule B's 0.5 % of the crop's side)
//! since the last run, and the runs still sample the smoother's output at twice the filter's
//! cutoff at that speed (0.05 + 80 · speed in object sizes per second: a pose lying still,
//! its joints creeping 0.3 % of the crop's side a second, passes nothing above 0.3 Hz). The
//! same picture test applies on every frame. At most [`Settled::max_gap_ns`] (0.5 s) pass
//! without a run even when the pose is still to the pixel: what both thresholds miss then
//! shows within half a second, and a hold's timer, which the coach shows in whole seconds,
//! is late by at most half of one. On the guide's lying and breathing holds (pelvic tilt,
//! breathing, corpse) the model then runs 2.5–6 times a second where it ran 7–10 times; a
//! movement too small for both tests (a pelvic tilt) can be counted up to ~0.4 s later
//! (`benches/RESULTS.md`, issue 15, sixth round).
//!
//! **Rule B, slow motion** (otherwise). A rep in progress moves, but a slow stretch moves
//! little in a frame's time. The same bound as rule A's drift is kept: a frame is held when
//! the fastest paced joint, moving at the speed it had over the last runs, would have moved at most [`SlowMotion::stale`] (0.5 % of
//! the crop's side, ~1.25 % of torso length) since the model's last run: at that speed a held
//! pose is no further from the body than that. The speed is measured over at least
//! [`SlowMotion::baseline_ns`] (0.1 s): over one frame's time the smoothed landmarks' jitter,
//! ~0.2 % of the crop's side, would pass for motion. On a segment a rule measures (at least
//! half a torso length long) the bound is under 1.5° of angle, and the extremes of a rep,
//! where the counters' thresholds lie, are where the joints slow down, so a held pose is
//! least stale there. At most [`SlowMotion::max_held`] frames in a row and
//! [`SlowMotion::max_gap_ns`] of video are held (10 Hz: a change of pace shows within 0.1 s).
//! A joint too faint for any rule ([`PACED_MIN_VISIBILITY`]) does not pace the model; with
//! none visible, every frame runs.
//!
//! On the real clips (`benches/RESULTS.md`, issue 15, fifth round) rule B holds a third to a
//! half of a rep clip's frames and leaves every count of the real-clip table as it was; a
//! looser bound (1 % of the crop's side) held more and changed a count.
//!
//! **Paced joints.** Which joints' speed counts is what the poses are read for
//! ([`PoseRate::pace_by`]): while an exercise is coached, the landmarks its own rules read
//! (`coach::landmarks_read`: its measures' points on both sides, the torso, the face for a
//! body angle; the app's worker and every [`crate::practice::stream::Stream`] pass them on
//! when the coached exercise changes); with none chosen (recognition, teaching), every
//! rule's [`PACED_JOINTS`]. A hand waving during a bridge then does not run the model; the
//! bound is kept on every landmark the coach reads (the integration test
//! `coach::what_an_exercise_paces_by_is_all_its_coach_reads` moves every other landmark on
//! every frame of every synthetic performance and finds no measure, phase, rep, hold second
//! or correction changed).

mod picture;

use super::smooth::BODY;
use super::Roi;
use crate::body::{Landmark, LandmarkId};
use image::RgbImage;
use picture::{mean_abs_diff, sample_grid, PictureNoise};
pub use picture::{GRID, NOISE_MARGIN, NOISE_WINDOW};
use std::collections::VecDeque;

/// The joints whose speed paces the model through slow motion while no exercise is chosen
/// (automatic mode, recognition): what any exercise rule measures angles and heights with
/// (the head by its nose), both sides. A coached exercise narrows this to the landmarks its
/// own rules read ([`PoseRate::pace_by`]).
pub const PACED_JOINTS: [LandmarkId; 13] = [
    LandmarkId::Nose,
    LandmarkId::LeftShoulder,
    LandmarkId::RightShoulder,
    LandmarkId::LeftElbow,
    LandmarkId::RightElbow,
    LandmarkId::LeftWrist,
    LandmarkId::RightWrist,
    LandmarkId::LeftHip,
    LandmarkId::RightHip,
    LandmarkId::LeftKnee,
    LandmarkId::RightKnee,
    LandmarkId::LeftAnkle,
    LandmarkId::RightAnkle,
];

/// A joint below this visibility in either run does not pace the model: no exercise rule
/// reads a landmark that faint (the lowest `min_visibility` any rule uses is 0.3).
pub const PACED_MIN_VISIBILITY: f32 = 0.3;

/// When frames may be held; `PoseConfig::adaptive_rate` (`None` = the model runs every frame).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdaptiveRate {
    /// Rule A: a still hold.
    pub still: StillHold,
    /// Rule B: slow motion (`None`: only still holds skip the model).
    pub slow: Option<SlowMotion>,
}

impl Default for AdaptiveRate {
    fn default() -> Self {
        Self {
            still: StillHold::default(),
            slow: Some(SlowMotion::default()),
        }
    }
}

/// Rule A: the person holds still (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StillHold {
    /// Most frames in a row the model may skip (4: it runs at least on every 5th frame).
    pub max_held: u32,
    /// Most video time (ns) a held frame may lie after the model's last run.
    pub max_gap_ns: i64,
    /// Landmark speed below which the person counts as still, as a share of the crop's side
    /// per second (the crop is ~2.5 torso lengths).
    pub speed: f32,
    /// Mean absolute luma change over the crop's grid (0–255) below which the picture counts
    /// as unchanged since the model's last run.
    pub pixels: f32,
    /// Past `max_held` and `max_gap_ns`: how long a settled pose may stand (`None`: never).
    pub settled: Option<Settled>,
}

/// Rule A past its fixed cap: a pose whose measured speed says it cannot have moved
/// (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settled {
    /// Most video time (ns) a held frame may lie after the model's last run.
    pub max_gap_ns: i64,
    /// How far the fastest paced joint may have moved since the last run, at its measured
    /// speed, as a share of the crop's side (rule B's bound).
    pub stale: f32,
}

impl Default for Settled {
    fn default() -> Self {
        Self {
            // Twice a second (see the module docs).
            max_gap_ns: 500_000_000,
            // Rule B's: ~1.25 % of torso length.
            stale: 0.005,
        }
    }
}

impl Default for StillHold {
    fn default() -> Self {
        Self {
            max_held: 4,
            // Four frames at 30 fps, with a margin for the timestamps' jitter.
            max_gap_ns: 150_000_000,
            // 0.1 % of the crop's side per frame at 30 fps.
            speed: 0.03,
            pixels: 1.0,
            settled: Some(Settled::default()),
        }
    }
}

/// Rule B: the person moves slowly (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlowMotion {
    /// Most frames in a row the model may skip (2: it runs at least on every 3rd frame).
    pub max_held: u32,
    /// Most video time (ns) a held frame may lie after the model's last run.
    pub max_gap_ns: i64,
    /// How far the fastest paced joint may have moved since the last run, at the speed it
    /// had over the last `baseline_ns` of runs, as a share of the crop's side.
    pub stale: f32,
    /// Shortest stretch of video (ns) a joint's speed is measured over: the newest run at
    /// least this much older than the last (else the oldest of the last [`HISTORY`] runs).
    pub baseline_ns: i64,
}

impl Default for SlowMotion {
    fn default() -> Self {
        Self {
            max_held: 2,
            // Two frames at 30 fps (10 Hz), with a margin for the timestamps' jitter.
            max_gap_ns: 75_000_000,
            // ~1.25 % of torso length: under 1.5° on the shortest segment a rule measures.
            stale: 0.005,
            // Three frames at 30 fps: the smoothed landmarks' frame-to-frame jitter, taken
            // over one frame's time, would pass for motion.
            baseline_ns: 100_000_000,
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

/// Model runs remembered for measuring speeds over [`SlowMotion::baseline_ns`].
pub const HISTORY: usize = 8;

/// The per-stream state of the adaptive rate (see the module docs).
#[derive(Debug, Clone)]
pub struct PoseRate {
    config: AdaptiveRate,
    /// The grid sampled on the frame the model last ran on (empty: no run to compare with).
    reference: Vec<u8>,
    sample: Vec<u8>,
    /// How much the picture changes by itself from frame to frame.
    noise: PictureNoise,
    /// The last [`HISTORY`] runs' timestamps (ns) and landmarks, oldest first.
    runs: VecDeque<(i64, [Landmark; crate::body::NUM_LANDMARKS])>,
    /// When the model last ran (frame timestamp, ns).
    last_run: i64,
    /// How the landmarks moved between the last two runs.
    motion: Motion,
    /// Frames held since the last run.
    held: u32,
    /// The joints whose speed paces the model ([`PACED_JOINTS`] unless narrowed).
    paced: Vec<LandmarkId>,
}

/// How the landmarks moved between the last two model runs.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Motion {
    /// Slower than `StillHold::speed` on average.
    still: bool,
    /// The fastest paced joint's speed, image pixels per second (infinite: unknown).
    joint_px_per_s: f32,
}

impl Motion {
    const UNKNOWN: Self = Self {
        still: false,
        joint_px_per_s: f32::INFINITY,
    };
}

impl PoseRate {
    pub fn new(config: AdaptiveRate) -> Self {
        Self {
            config,
            reference: Vec::with_capacity(GRID * GRID),
            sample: Vec::with_capacity(GRID * GRID),
            noise: PictureNoise::default(),
            runs: VecDeque::with_capacity(HISTORY),
            last_run: 0,
            motion: Motion::UNKNOWN,
            held: 0,
            paced: PACED_JOINTS.to_vec(),
        }
    }

    /// Paces the model by these joints' speed (`None` or none given: [`PACED_JOINTS`]).
    ///
    /// A coached exercise passes the landmarks its rules read (`coach::landmarks_read`): a
    /// hand waving while the hips hold a bridge then moves nothing the coach measures, and
    /// the bound a held pose keeps (0.5 % of the crop's side) is kept where it is read. What
    /// no rule reads may then stand stale for a held stretch (at most two frames in motion,
    /// the picture test still catching motion anywhere in the crop during a still hold).
    /// The speeds already measured are kept; the next run measures with the new joints.
    pub fn pace_by(&mut self, joints: Option<&[LandmarkId]>) {
        self.paced.clear();
        match joints {
            Some(j) if !j.is_empty() => self.paced.extend_from_slice(j),
            _ => self.paced.extend_from_slice(&PACED_JOINTS),
        }
    }

    /// Forgets the stream: the next frame runs the model.
    pub fn reset(&mut self) {
        self.reference.clear();
        self.noise = PictureNoise::default();
        self.runs.clear();
        self.last_run = 0;
        self.motion = Motion::UNKNOWN;
        self.held = 0;
    }

    /// Decides about the frame at `ts` (ns) whose crop is `roi` (the region tracked from the
    /// last run).
    pub fn step(&mut self, image: &RgbImage, roi: &Roi, ts: i64) -> RateStep {
        let gap = ts.saturating_sub(self.last_run);
        if self.reference.is_empty() || gap < 0 {
            return RateStep::Run;
        }
        let hold = if self.motion.still {
            self.still_hold(image, roi, gap)
        } else {
            self.slow_hold(roi, gap)
        };
        if hold {
            self.held += 1;
            RateStep::Hold
        } else {
            RateStep::Run
        }
    }

    /// Rule A: a still pose, an unchanged picture, under the still hold's caps.
    fn still_hold(&mut self, image: &RgbImage, roi: &Roi, gap_ns: i64) -> bool {
        let c = self.config.still;
        let capped = self.held < c.max_held && gap_ns <= c.max_gap_ns;
        if !capped && !c.settled.is_some_and(|s| self.settled(s, roi, gap_ns)) {
            return false;
        }
        sample_grid(image, roi, &mut self.sample);
        // The floor of the frames before this one: this frame's own difference must not
        // raise the bar it is judged by.
        let threshold = c.pixels.max(NOISE_MARGIN * self.noise.floor());
        self.noise.observe(&self.sample);
        mean_abs_diff(&self.sample, &self.reference) < threshold
    }

    /// Rule A past its fixed cap: the frame lies within [`Settled::max_gap_ns`] of the last
    /// run, the fastest paced joint at its measured speed cannot have moved [`Settled::stale`]
    /// since, and the smoother's output, band-limited at that speed, is still sampled at
    /// twice its cutoff.
    fn settled(&self, s: Settled, roi: &Roi, gap_ns: i64) -> bool {
        let gap_s = gap_ns as f32 * 1e-9;
        let v = self.motion.joint_px_per_s;
        // The One Euro filter's cutoff at this speed (its derivative is in object sizes per
        // second; the crop is `ROI_SCALE` object sizes).
        let object_px = roi.size / super::roi::ROI_SCALE;
        let cutoff_hz = (BODY.min_cutoff + BODY.beta * f64::from(v / object_px)) as f32;
        gap_ns <= s.max_gap_ns && v * gap_s <= s.stale * roi.size && gap_s * 2.0 * cutoff_hz <= 1.0
    }

    /// Rule B: the fastest paced joint cannot have moved further than `stale` since the
    /// last run, under the slow motion's caps.
    fn slow_hold(&self, roi: &Roi, gap_ns: i64) -> bool {
        let Some(c) = self.config.slow else {
            return false;
        };
        self.held < c.max_held
            && gap_ns <= c.max_gap_ns
            && self.motion.joint_px_per_s * (gap_ns as f32 * 1e-9) <= c.stale * roi.size
    }

    /// Notes a model run on the frame at `ts` (ns): `image`, whose landmarks (smoothed) were
    /// `landmarks`, with `roi` the region to track next.
    pub fn ran(&mut self, image: &RgbImage, roi: &Roi, landmarks: &[Landmark], ts: i64) {
        self.motion = self.motion_to(landmarks, ts, roi);
        self.last_run = ts;
        match landmarks.try_into() {
            Ok(lm) => {
                if self.runs.len() == HISTORY {
                    self.runs.pop_front();
                }
                self.runs.push_back((ts, lm));
            }
            Err(_) => self.runs.clear(),
        }
        sample_grid(image, roi, &mut self.reference);
        // The next frames are sampled over this ROI: the reference is their predecessor.
        self.noise.follow(&self.reference);
        self.held = 0;
    }
}

impl PoseRate {
    /// How the landmarks of a run at `ts` moved since the runs remembered: on average since
    /// the last run, and the fastest paced joint over the baseline.
    fn motion_to(&self, landmarks: &[Landmark], ts: i64, roi: &Roi) -> Motion {
        let secs_since = |t: i64| ts.saturating_sub(t) as f32 * 1e-9;
        let Some(newest @ (last_ts, last)) = self.runs.back() else {
            return Motion::UNKNOWN;
        };
        let secs = secs_since(*last_ts);
        if secs <= 0.0 {
            return Motion::UNKNOWN;
        }
        let baseline = self.config.slow.map_or(0, |s| s.baseline_ns);
        let (base_ts, base) = self
            .runs
            .iter()
            .rev()
            .find(|(t, _)| ts.saturating_sub(*t) >= baseline)
            .or(self.runs.front())
            .unwrap_or(newest);
        Motion {
            still: mean_motion(last, landmarks) < self.config.still.speed * roi.size * secs,
            joint_px_per_s: fastest_joint(&self.paced, base, landmarks) / secs_since(*base_ts),
        }
    }
}

/// The largest distance in pixels one of `paced` moved between two landmark sets (infinite
/// when none was visible enough in both: nothing says the motion is slow).
fn fastest_joint(paced: &[LandmarkId], a: &[Landmark], b: &[Landmark]) -> f32 {
    paced
        .iter()
        .filter_map(|&id| Some((a.get(id as usize)?, b.get(id as usize)?)))
        .filter(|(p, q)| {
            p.visibility >= PACED_MIN_VISIBILITY && q.visibility >= PACED_MIN_VISIBILITY
        })
        .map(|(p, q)| (p.x - q.x).hypot(p.y - q.y))
        .fold(None, |m: Option<f32>, d| Some(m.map_or(d, |m| m.max(d))))
        .unwrap_or(f32::INFINITY)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::geometry::Point2;
    use crate::body::{LandmarkId, NUM_LANDMARKS};

    /// The crop the tests track (also the picture test's, `picture.rs`).
    pub(super) fn roi() -> Roi {
        Roi {
            center: Point2::new(32.0, 32.0),
            size: 48.0,
            rotation: 0.3,
        }
    }

    /// A picture whose every column differs, shifted by `shift` px.
    pub(super) fn picture(shift: u32) -> RgbImage {
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

    /// `picture(shift)` with every pixel moved by up to ±`amp` grey levels, a different
    /// pattern for each `seed` (a camera's noise).
    fn noisy(shift: u32, amp: i32, seed: u32) -> RgbImage {
        let mut img = picture(shift);
        let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
        for p in img.pixels_mut() {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let n = i32::try_from(state >> 24).unwrap_or(0) % (2 * amp + 1) - amp;
            let v = u8::try_from((i32::from(p.0[0]) + n).clamp(0, 255)).unwrap_or(0);
            *p = image::Rgb([v, v, v]);
        }
        img
    }

    #[test]
    fn a_noisy_camera_still_holds_and_motion_still_runs() {
        use RateStep::{Hold, Run};
        // ±6 grey levels of noise: two frames' grids differ by ~4 on average, far above the
        // 1-level threshold of a clean picture.
        let mut r = PoseRate::new(AdaptiveRate::default());
        r.ran(&noisy(0, 6, 0), &roi(), &pose(0.0), at(0));
        r.ran(&noisy(0, 6, 1), &roi(), &pose(0.0), at(1));
        let steps: Vec<RateStep> = (2..12)
            .map(|i| {
                let img = noisy(0, 6, i as u32);
                let s = r.step(&img, &roi(), at(i));
                if s == Run {
                    r.ran(&img, &roi(), &pose(0.0), at(i));
                }
                s
            })
            .collect();
        // The first frame: no noise measured yet, the clean picture's threshold.
        assert_eq!(steps[0], Run, "{steps:?}");
        assert!(
            steps.iter().filter(|s| **s == Hold).count() >= 6,
            "{steps:?}"
        );
        // The picture moving (shifted by 5 px) stands far above that noise.
        assert_eq!(r.step(&noisy(5, 6, 99), &roi(), at(12)), Run);
        // Without the noise floor the same frames never hold.
        let floor = PictureNoise::default();
        assert_eq!(floor.floor(), 0.0);
    }

    #[test]
    fn a_changed_picture_runs_at_once() {
        let mut r = still_rate();
        assert_eq!(r.step(&picture(5), &roi(), at(2)), RateStep::Run);
    }

    /// Frames 2.. of a still picture after runs on frames 0 and 1 whose visible poses moved
    /// by `dx`, each run's pose moving on at that pace: the steps taken, running the model
    /// where told.
    fn steps_settling(config: AdaptiveRate, dx: f32, frames: i64) -> Vec<RateStep> {
        let mut r = PoseRate::new(config);
        r.ran(&picture(0), &roi(), &visible_pose(0.0, 0.0), at(0));
        r.ran(&picture(0), &roi(), &visible_pose(dx, 0.0), at(1));
        (2..2 + frames)
            .map(|i| {
                let s = r.step(&picture(0), &roi(), at(i));
                if s == RateStep::Run {
                    r.ran(
                        &picture(0),
                        &roi(),
                        &visible_pose(dx * i as f32, 0.0),
                        at(i),
                    );
                }
                s
            })
            .collect()
    }

    #[test]
    fn a_settled_pose_runs_twice_a_second() {
        use RateStep::{Hold, Run};
        // Not a pixel of motion: held until 0.5 s after the last run (frame 16 lies 15
        // frames after frame 1), then a run, and so on.
        let steps = steps_settling(AdaptiveRate::default(), 0.0, 32);
        let mut want = vec![Hold; 15];
        want.push(Run);
        want.extend([Hold; 15]);
        want.push(Run);
        assert_eq!(steps, want);
        // Without it, the fixed cap: every fifth frame.
        let capped = AdaptiveRate {
            still: StillHold {
                settled: None,
                ..StillHold::default()
            },
            ..AdaptiveRate::default()
        };
        assert_eq!(
            steps_settling(capped, 0.0, 5),
            [Hold, Hold, Hold, Hold, Run]
        );
    }

    #[test]
    fn a_creeping_pose_is_held_as_long_as_its_speed_allows() {
        use RateStep::{Hold, Run};
        // 0.04 px a frame on a 48 px crop (1.2 px/s, 2.5 % of the side: still for rule A).
        // The filter's cutoff at 1.2 px/s (0.031 object sizes a second) is 2.55 Hz: runs
        // must come within 0.196 s, past the fixed cap's 4 frames but before the 6th.
        assert_eq!(
            steps_settling(AdaptiveRate::default(), 0.04, 6),
            [Hold, Hold, Hold, Hold, Hold, Run]
        );
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
        // 1 px per frame on a 48 px crop: 2 % of its side, a rep in progress.
        assert_eq!(
            steps_moving(AdaptiveRate::default(), 1.0, 0.0, 3),
            [RateStep::Run; 3]
        );
    }

    /// A pose whose landmarks are all visible, shifted by `dx` px, the left wrist by `wrist` px
    /// more.
    fn visible_pose(dx: f32, wrist: f32) -> [Landmark; NUM_LANDMARKS] {
        let mut l = pose(dx);
        for p in &mut l {
            p.visibility = 0.9;
        }
        l[LandmarkId::LeftWrist as usize].x += wrist;
        l
    }

    /// Frames 2.. after runs on frames 0 and 1 whose poses moved by `dx` (the wrist by
    /// `wrist` more), each frame moving as much again: the steps taken, running the model
    /// where told.
    fn steps_moving(config: AdaptiveRate, dx: f32, wrist: f32, frames: i64) -> Vec<RateStep> {
        steps_paced(PoseRate::new(config), dx, wrist, frames)
    }

    /// [`steps_moving`] with a rate already set up (its joints chosen).
    fn steps_paced(mut r: PoseRate, dx: f32, wrist: f32, frames: i64) -> Vec<RateStep> {
        r.ran(&picture(0), &roi(), &visible_pose(0.0, 0.0), at(0));
        r.ran(&picture(1), &roi(), &visible_pose(dx, wrist), at(1));
        (2..2 + frames)
            .map(|i| {
                let s = r.step(&picture(i as u32), &roi(), at(i));
                if s == RateStep::Run {
                    let k = i as f32;
                    r.ran(
                        &picture(i as u32),
                        &roi(),
                        &visible_pose(dx * k, wrist * k),
                        at(i),
                    );
                }
                s
            })
            .collect()
    }

    #[test]
    fn slow_motion_runs_every_third_frame() {
        use RateStep::{Hold, Run};
        // 0.1 px a frame on a 48 px crop (6 % of its side per second: not still); the stale
        // bound is 0.24 px, two frames' motion 0.2 px.
        let steps = steps_moving(AdaptiveRate::default(), 0.1, 0.0, 6);
        assert_eq!(steps, [Hold, Hold, Run, Hold, Hold, Run]);
    }

    #[test]
    fn the_fastest_joint_paces_slow_motion() {
        use RateStep::{Hold, Run};
        // The body as above, one wrist twice as fast: two frames would take it 0.4 px.
        let steps = steps_moving(AdaptiveRate::default(), 0.1, 0.1, 6);
        assert_eq!(steps, [Hold, Run, Hold, Run, Hold, Run]);
        // Faster still (0.3 px a frame): every frame runs.
        let steps = steps_moving(AdaptiveRate::default(), 0.1, 0.2, 4);
        assert_eq!(steps, [Run; 4]);
    }

    #[test]
    fn an_exercise_paces_by_its_own_joints() {
        use RateStep::{Hold, Run};
        // The wrist 0.3 px a frame: with every rule's joints each frame runs; an exercise that
        // reads no hand (a bridge: shoulders, hips, knees, ankles) is paced by the body's
        // 0.1 px a frame, as if the wrist were still.
        let mut bridge = PoseRate::new(AdaptiveRate::default());
        let joints = [
            LandmarkId::LeftShoulder,
            LandmarkId::RightShoulder,
            LandmarkId::LeftHip,
            LandmarkId::RightHip,
            LandmarkId::LeftKnee,
            LandmarkId::RightKnee,
        ];
        bridge.pace_by(Some(&joints));
        assert_eq!(
            steps_paced(bridge.clone(), 0.1, 0.2, 6),
            [Hold, Hold, Run, Hold, Hold, Run]
        );
        // An exercise that reads the hands (a pelvic tilt's hands on the body) runs on each.
        let mut tilt = bridge;
        tilt.pace_by(Some(&[LandmarkId::LeftHip, LandmarkId::LeftWrist]));
        assert_eq!(steps_paced(tilt.clone(), 0.1, 0.2, 4), [Run; 4]);
        // No exercise (or none named): every rule's joints again.
        tilt.pace_by(None);
        assert_eq!(steps_paced(tilt.clone(), 0.1, 0.2, 4), [Run; 4]);
        tilt.pace_by(Some(&[]));
        assert_eq!(steps_paced(tilt, 0.1, 0.2, 4), [Run; 4]);
    }

    #[test]
    fn slow_motion_off_or_unseen_runs_every_frame() {
        let still_only = AdaptiveRate {
            slow: None,
            ..AdaptiveRate::default()
        };
        assert_eq!(steps_moving(still_only, 0.1, 0.0, 4), [RateStep::Run; 4]);
        // No joint visible enough to pace the model: nothing says the motion is slow.
        let mut r = PoseRate::new(AdaptiveRate::default());
        r.ran(&picture(0), &roi(), &pose(0.0), at(0));
        r.ran(&picture(1), &roi(), &pose(0.1), at(1));
        assert_eq!(r.step(&picture(2), &roi(), at(2)), RateStep::Run);
    }

    #[test]
    fn dropped_frames_shorten_slow_motion() {
        let mut r = PoseRate::new(AdaptiveRate::default());
        r.ran(&picture(0), &roi(), &visible_pose(0.0, 0.0), at(0));
        r.ran(&picture(1), &roi(), &visible_pose(0.06, 0.0), at(1));
        // Slow but not still (1.8 px/s, 3.75 % of the side): three frames' motion (0.18 px)
        // is inside the stale bound, but frame 4 lies 0.1 s after the last run, past the
        // 75 ms cap.
        assert_eq!(r.step(&picture(4), &roi(), at(4)), RateStep::Run);
    }

    #[test]
    fn jitter_does_not_pass_for_motion() {
        // The body drifts 0.06 px a frame (not still), one wrist jitters ±0.2 px about it:
        // 0.34 px between two frames, 0.22 px over 0.1 s.
        let run = |baseline_ns: i64| {
            let mut config = AdaptiveRate::default();
            if let Some(slow) = &mut config.slow {
                slow.baseline_ns = baseline_ns;
            }
            let mut r = PoseRate::new(config);
            for i in 0..4 {
                let wrist = if i % 2 == 0 { 0.2 } else { -0.2 };
                let k = i as f32;
                r.ran(&picture(0), &roi(), &visible_pose(0.06 * k, wrist), at(i));
            }
            r.step(&picture(0), &roi(), at(4))
        };
        assert_eq!(run(100_000_000), RateStep::Hold);
        // Measured over one frame, the jitter looks like a joint moving 10 px/s.
        assert_eq!(run(0), RateStep::Run);
    }

    #[test]
    fn reset_forgets_the_stream() {
        let mut r = still_rate();
        r.reset();
        assert_eq!(r.step(&picture(0), &roi(), at(2)), RateStep::Run);
    }
}
