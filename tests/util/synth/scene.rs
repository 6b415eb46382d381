//! Rendering: a [`Scene`] projects a [`Script`] into `(Timestamp, Option<Pose>)` frames
//! through a [`Camera`] with a yaw (0° = side-on, 90° = facing), a small downward pitch (so
//! the far side sits a little higher, as on a real floor-level webcam), a scale (camera
//! distance) and a facing (mirror). The far side gets a lower visibility, like BlazePose
//! gives it. Noise, dropped landmarks (visibility 0.1 and a garbage position) and absences
//! come from a seeded xorshift generator, so every sequence is reproducible.

use super::figure::{skeleton, BodyPose};
use super::script::Script;
use formcheck::body::{Landmark, LandmarkId, Pose, WorldLandmark, NUM_LANDMARKS};
use formcheck::content::Side;
use formcheck::frame::Timestamp;

/// Where the camera is and how the person faces it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    /// Image size in pixels.
    pub width: f32,
    pub height: f32,
    /// Torso length in pixels (camera distance: 60 = far, 160 = close).
    pub torso_px: f32,
    /// 0 = exactly side-on; 90 = facing the camera.
    pub yaw_deg: f32,
    /// Camera looking slightly down; lifts the far side a little.
    pub pitch_deg: f32,
    /// Which body side is nearer the camera.
    pub near: Side,
    /// The figure's +x (its front when standing) points to image right.
    pub facing_right: bool,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            width: 1280.0,
            height: 720.0,
            torso_px: 130.0,
            yaw_deg: 0.0,
            pitch_deg: 8.0,
            near: Side::Left,
            facing_right: true,
        }
    }
}

/// A time range in which landmarks are dropped or the person is gone.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropout {
    pub from_secs: f32,
    pub to_secs: f32,
    /// Empty = the whole person is absent (no pose).
    pub landmarks: Vec<LandmarkId>,
}

/// How to render a script.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub camera: Camera,
    pub fps: f32,
    /// Gaussian landmark noise, pixels (1 SD).
    pub noise_px: f32,
    pub seed: u64,
    /// Visibility of near-side and centre landmarks.
    pub near_visibility: f32,
    /// Visibility of far-side landmarks (side-on).
    pub far_visibility: f32,
    pub dropouts: Vec<Dropout>,
    /// Irregular capture: each frame time moves by up to ± this share of a frame period.
    pub time_jitter_frac: f32,
    /// Share of frames the camera drops (never delivered).
    pub frame_drop_rate: f32,
}

impl Default for Scene {
    fn default() -> Self {
        Self {
            camera: Camera::default(),
            fps: 30.0,
            noise_px: 1.0,
            seed: 1,
            near_visibility: 0.97,
            far_visibility: 0.75,
            dropouts: Vec::new(),
            time_jitter_frac: 0.0,
            frame_drop_rate: 0.0,
        }
    }
}

/// The camera and scene variants every correct form must survive, named as the tests print
/// them: the default scene first, then each one change from it (near side, facing, camera
/// distance, frame rate, noise, timing, yaw) with its own seed.
pub fn scene_variants() -> Vec<(&'static str, Scene)> {
    let vary = |seed, change: fn(&mut Scene)| {
        let mut s = Scene {
            seed,
            ..Scene::default()
        };
        change(&mut s);
        s
    };
    vec![
        ("default", Scene::default()),
        ("right side near", vary(2, |s| s.camera.near = Side::Right)),
        ("facing left", vary(3, |s| s.camera.facing_right = false)),
        (
            "far camera",
            vary(4, |s| (s.camera.torso_px, s.noise_px) = (60.0, 0.6)),
        ),
        ("close camera", vary(5, |s| s.camera.torso_px = 170.0)),
        ("15 fps", vary(6, |s| s.fps = 15.0)),
        ("60 fps", vary(7, |s| s.fps = 60.0)),
        ("noisy (2.5 px)", vary(8, |s| s.noise_px = 2.5)),
        (
            "irregular timing",
            vary(10, |s| (s.time_jitter_frac, s.frame_drop_rate) = (0.4, 0.1)),
        ),
        ("yaw 40°", vary(12, |s| s.camera.yaw_deg = 40.0)),
        ("yaw 20°", vary(9, |s| s.camera.yaw_deg = 20.0)),
    ]
}

/// Tiny seeded xorshift64* generator (tests need reproducibility, not crypto).
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f32 {
        let u1 = self.uniform().max(1e-7);
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f32::consts::PI * u2).cos()
    }
}

impl Scene {
    /// One pose of `body` (no noise, no dropouts): the figure's projection.
    pub fn pose_of(&self, body: &BodyPose) -> Pose {
        let mut rng = Rng::new(self.seed);
        self.project(body, &mut rng, 0.0, &[])
    }

    fn project(
        &self,
        body: &BodyPose,
        rng: &mut Rng,
        noise_px: f32,
        dropped: &[LandmarkId],
    ) -> Pose {
        let cam = &self.camera;
        let pts = skeleton(body);
        let (sy, cy) = cam.yaw_deg.to_radians().sin_cos();
        let pitch = cam.pitch_deg.to_radians().sin();
        let near_sign = if cam.near == Side::Left { 1.0 } else { -1.0 };
        // Ground the figure: the lowest point touches the floor.
        let min_y = pts.iter().map(|p| p.y).fold(f32::INFINITY, f32::min);
        let floor_y = cam.height * 0.8;
        let cx = cam.width * 0.5;
        let mut landmarks = [Landmark::default(); NUM_LANDMARKS];
        for (i, (lm, p)) in landmarks.iter_mut().zip(pts.iter()).enumerate() {
            // z toward the camera: the near side is positive.
            let zc = p.z * near_sign;
            let x = p.x * cy + zc * sy;
            let y = p.y - min_y;
            let mut ix = x * cam.torso_px;
            if !cam.facing_right {
                ix = -ix;
            }
            let ix = cx + ix;
            // The far side (zc < 0) appears slightly higher when the camera looks down.
            let iy = floor_y - y * cam.torso_px + zc * pitch * cam.torso_px;
            let far = zc < -0.01;
            let frontal = cam.yaw_deg.to_radians().sin().abs();
            let vis = if far {
                self.far_visibility + (self.near_visibility - self.far_visibility) * frontal
            } else {
                self.near_visibility
            };
            let id = LandmarkId::from_index(i);
            let is_dropped = id.is_some_and(|id| dropped.contains(&id));
            if is_dropped {
                *lm = Landmark {
                    x: rng.uniform() * cam.width,
                    y: rng.uniform() * cam.height,
                    z: 0.0,
                    visibility: 0.1,
                    presence: 0.3,
                };
            } else {
                *lm = Landmark {
                    x: ix + rng.normal() * noise_px,
                    y: iy + rng.normal() * noise_px,
                    z: -zc * cam.torso_px,
                    visibility: vis,
                    presence: 0.99,
                };
            }
        }
        Pose {
            landmarks,
            world: [WorldLandmark::default(); NUM_LANDMARKS],
            score: 0.99,
        }
    }

    /// Renders the script into frames at `fps`.
    pub fn render(&self, script: &Script) -> Vec<(Timestamp, Option<Pose>)> {
        let mut rng = Rng::new(self.seed);
        let fps = if self.fps.is_finite() && self.fps > 0.1 {
            self.fps
        } else {
            30.0
        };
        let n = (script.duration_secs() * fps).floor() as usize + 1;
        let mut out = Vec::with_capacity(n);
        // A separate stream for timing, so the landmark noise is the same with or without it.
        let mut timing = Rng::new(self.seed ^ 0x5EED);
        for k in 0..n {
            let jitter = (timing.uniform() * 2.0 - 1.0) * self.time_jitter_frac.clamp(0.0, 0.49);
            if timing.uniform() < self.frame_drop_rate {
                continue;
            }
            let secs = (k as f32 + jitter).max(0.0) / fps;
            let ts = Timestamp::from_secs_f64(f64::from(secs));
            let active: Vec<&Dropout> = self
                .dropouts
                .iter()
                .filter(|d| secs >= d.from_secs && secs < d.to_secs)
                .collect();
            if active.iter().any(|d| d.landmarks.is_empty()) {
                out.push((ts, None));
                continue;
            }
            let dropped: Vec<LandmarkId> = active
                .iter()
                .flat_map(|d| d.landmarks.iter().copied())
                .collect();
            let body = script.at(secs);
            out.push((
                ts,
                Some(self.project(&body, &mut rng, self.noise_px, &dropped)),
            ));
        }
        out
    }
}
