//! Synthetic people: a kinematic stick figure that produces 33-landmark pose sequences
//! from joint-angle keyframes, for tests, benches and the UI's demo mode.
//!
//! The figure lives in a sagittal plane (x forward, y up, in torso lengths) with a
//! lateral offset per body side, and is projected into an image by a camera with a yaw
//! (0° = side-on, 90° = facing), a small downward pitch (so the far side sits a little
//! higher, as on a real floor-level webcam), a scale (camera distance) and a facing
//! (mirror). The far side gets a lower visibility, like BlazePose gives it. Noise,
//! dropped landmarks (visibility 0.1 and a garbage position) and absences are added from
//! a seeded xorshift generator, so every sequence is reproducible.
//!
//! [`script`] knows every exercise in `content/` and each wrong form its corrections
//! name; [`Scene`] renders a script into `(Timestamp, Option<Pose>)` frames.

use crate::content::Side;
use crate::frame::Timestamp;
use crate::geometry::Point2;
use crate::pose::{Landmark, LandmarkId, Pose, Roi, WorldLandmark, NUM_LANDMARKS};

/// One body configuration. Angles in degrees (keyframes are data for humans).
///
/// `trunk_deg` is the absolute direction of hip→shoulder (0 = +x, 90 = up). The body's
/// front is `trunk_deg − 90`. Joint angles are interior angles as the coach measures
/// them; flexion moves a limb toward the front.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyPose {
    pub trunk_deg: f32,
    /// Neck relative to the trunk: positive tips the head back (extension).
    pub neck_deg: f32,
    /// Interior shoulder–hip–knee angle per side `[left, right]` (180 = straight;
    /// above 180 = extended behind the trunk line).
    pub hip_deg: [f32; 2],
    pub knee_deg: [f32; 2],
    /// Upper arm from the trunk, toward the front (0 = along the sides, 90 = forward).
    pub shoulder_deg: [f32; 2],
    pub elbow_deg: [f32; 2],
    /// Foot to shank (90 = flexed ankle, 160 = pointed toes).
    pub ankle_deg: [f32; 2],
    /// Ear-to-shoulder length, torso lengths (shorter = shrugged).
    pub neck_len: f32,
    /// Extra lateral swing of an arm under the body (thread the needle), torso lengths.
    pub arm_across: [f32; 2],
    /// Shoulder–hip chord relative to standing (a rounded spine shortens it: cat).
    pub torso_scale: f32,
}

impl BodyPose {
    /// Lying on the back, legs long, arms by the sides.
    pub fn supine() -> Self {
        Self {
            trunk_deg: 180.0,
            neck_deg: 0.0,
            hip_deg: [180.0; 2],
            knee_deg: [180.0; 2],
            shoulder_deg: [0.0; 2],
            elbow_deg: [175.0; 2],
            ankle_deg: [100.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    /// Supine with knees bent and feet flat.
    pub fn supine_knees_bent() -> Self {
        Self {
            hip_deg: [130.0; 2],
            knee_deg: [85.0; 2],
            ..Self::supine()
        }
    }

    /// Lying on the front, hands beside the chest.
    pub fn prone() -> Self {
        Self {
            trunk_deg: 0.0,
            neck_deg: 10.0,
            hip_deg: [180.0; 2],
            knee_deg: [178.0; 2],
            shoulder_deg: [-30.0; 2],
            elbow_deg: [40.0; 2],
            ankle_deg: [160.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    /// On hands and knees, back flat.
    pub fn tabletop() -> Self {
        Self {
            trunk_deg: 0.0,
            neck_deg: 0.0,
            hip_deg: [90.0; 2],
            knee_deg: [90.0; 2],
            shoulder_deg: [90.0; 2],
            elbow_deg: [175.0; 2],
            ankle_deg: [160.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    /// Sitting upright on a chair edge, knees bent.
    pub fn seated() -> Self {
        Self {
            trunk_deg: 95.0,
            neck_deg: 0.0,
            hip_deg: [95.0; 2],
            knee_deg: [95.0; 2],
            shoulder_deg: [20.0; 2],
            elbow_deg: [120.0; 2],
            ankle_deg: [95.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    /// Standing tall (for negatives).
    pub fn standing() -> Self {
        Self {
            trunk_deg: 90.0,
            neck_deg: 0.0,
            hip_deg: [180.0; 2],
            knee_deg: [180.0; 2],
            shoulder_deg: [5.0; 2],
            elbow_deg: [170.0; 2],
            ankle_deg: [90.0; 2],
            neck_len: 0.42,
            arm_across: [0.0; 2],
            torso_scale: 1.0,
        }
    }

    fn lerp(&self, o: &Self, t: f32) -> Self {
        let l = |a: f32, b: f32| a + (b - a) * t;
        let l2 = |a: [f32; 2], b: [f32; 2]| [l(a[0], b[0]), l(a[1], b[1])];
        Self {
            trunk_deg: l(self.trunk_deg, o.trunk_deg),
            neck_deg: l(self.neck_deg, o.neck_deg),
            hip_deg: l2(self.hip_deg, o.hip_deg),
            knee_deg: l2(self.knee_deg, o.knee_deg),
            shoulder_deg: l2(self.shoulder_deg, o.shoulder_deg),
            elbow_deg: l2(self.elbow_deg, o.elbow_deg),
            ankle_deg: l2(self.ankle_deg, o.ankle_deg),
            neck_len: l(self.neck_len, o.neck_len),
            arm_across: l2(self.arm_across, o.arm_across),
            torso_scale: l(self.torso_scale, o.torso_scale),
        }
    }
}

/// Segment lengths in torso lengths (adult proportions).
const THIGH: f32 = 0.85;
const SHANK: f32 = 0.8;
const FOOT: f32 = 0.26;
const HEEL: f32 = 0.07;
const UPPER_ARM: f32 = 0.6;
const FOREARM: f32 = 0.5;
const HAND: f32 = 0.15;
const HIP_HALF_WIDTH: f32 = 0.17;
const SHOULDER_HALF_WIDTH: f32 = 0.22;
const HEAD_HALF_WIDTH: f32 = 0.08;

fn dir(deg: f32) -> Point2 {
    let r = deg.to_radians();
    Point2::new(r.cos(), r.sin())
}

/// 3D points: sagittal (x, y) plus lateral `z` (left side positive).
#[derive(Clone, Copy, Default)]
struct P3 {
    x: f32,
    y: f32,
    z: f32,
}

fn p3(p: Point2, z: f32) -> P3 {
    P3 { x: p.x, y: p.y, z }
}

/// Forward kinematics: all 33 landmarks in body space, hip midpoint at the origin.
fn skeleton(b: &BodyPose) -> [P3; NUM_LANDMARKS] {
    use LandmarkId as L;
    let mut out = [P3::default(); NUM_LANDMARKS];
    let mut set = |id: LandmarkId, p: P3| {
        if let Some(slot) = out.get_mut(id.index()) {
            *slot = p;
        }
    };
    let t = b.trunk_deg;
    let hip = Point2::new(0.0, 0.0);
    let shoulder = hip + dir(t) * b.torso_scale;
    // Head.
    let neck_dir = t + b.neck_deg;
    let ear = shoulder + dir(neck_dir) * b.neck_len;
    let face = neck_dir - 90.0;
    let nose = ear + dir(face) * 0.16 + dir(neck_dir) * 0.02;
    let eye = ear + dir(face) * 0.12 + dir(neck_dir) * 0.06;
    let mouth = ear + dir(face) * 0.13 + dir(neck_dir) * -0.04;
    set(L::Nose, p3(nose, 0.0));
    for (sign, ids) in [
        (
            1.0,
            [
                L::LeftEar,
                L::LeftEyeInner,
                L::LeftEye,
                L::LeftEyeOuter,
                L::MouthLeft,
            ],
        ),
        (
            -1.0,
            [
                L::RightEar,
                L::RightEyeInner,
                L::RightEye,
                L::RightEyeOuter,
                L::MouthRight,
            ],
        ),
    ] {
        let [ear_id, inner, eye_id, outer, mouth_id] = ids;
        set(ear_id, p3(ear, sign * HEAD_HALF_WIDTH));
        set(inner, p3(eye + dir(face) * 0.01, sign * 0.02));
        set(eye_id, p3(eye, sign * 0.035));
        set(outer, p3(eye - dir(face) * 0.01, sign * 0.05));
        set(mouth_id, p3(mouth, sign * 0.03));
    }
    for (i, sign) in [(0usize, 1.0f32), (1, -1.0)] {
        let side = if i == 0 { Side::Left } else { Side::Right };
        let id = |l: LandmarkId| if side == Side::Right { l.mirrored() } else { l };
        let g = |a: [f32; 2]| a.get(i).copied().unwrap_or(0.0);
        // Leg.
        let thigh_dir = t + 180.0 + (180.0 - g(b.hip_deg));
        let knee = hip + dir(thigh_dir) * THIGH;
        let shank_dir = thigh_dir - (180.0 - g(b.knee_deg));
        let ankle = knee + dir(shank_dir) * SHANK;
        let foot_dir = shank_dir + g(b.ankle_deg);
        let toe = ankle + dir(foot_dir) * FOOT;
        let heel = ankle - dir(foot_dir) * HEEL + dir(shank_dir) * 0.05;
        let zh = sign * HIP_HALF_WIDTH;
        set(id(L::LeftHip), p3(hip, zh));
        set(id(L::LeftKnee), p3(knee, zh));
        set(id(L::LeftAnkle), p3(ankle, zh));
        set(id(L::LeftHeel), p3(heel, zh));
        set(id(L::LeftFootIndex), p3(toe, zh));
        // Arm.
        let upper_dir = t + 180.0 + g(b.shoulder_deg);
        let elbow = shoulder + dir(upper_dir) * UPPER_ARM;
        let fore_dir = upper_dir + (180.0 - g(b.elbow_deg));
        let wrist = elbow + dir(fore_dir) * FOREARM;
        let hand = wrist + dir(fore_dir) * HAND;
        let zs = sign * SHOULDER_HALF_WIDTH;
        let across = -sign * g(b.arm_across);
        set(id(L::LeftShoulder), p3(shoulder, zs));
        set(id(L::LeftElbow), p3(elbow, zs + across * 0.5));
        set(id(L::LeftWrist), p3(wrist, zs + across));
        set(id(L::LeftPinky), p3(hand, zs + across - sign * 0.02));
        set(
            id(L::LeftIndex),
            p3(hand + dir(fore_dir) * 0.02, zs + across),
        );
        set(
            id(L::LeftThumb),
            p3(hand - dir(fore_dir) * 0.05, zs + across + sign * 0.03),
        );
    }
    out
}

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

/// A keyframe: the body at a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Key {
    pub secs: f32,
    pub body: BodyPose,
}

/// Keyframes, linearly interpolated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script {
    pub keys: Vec<Key>,
}

impl Script {
    pub fn new(start: BodyPose) -> Self {
        Self {
            keys: vec![Key {
                secs: 0.0,
                body: start,
            }],
        }
    }

    pub fn duration_secs(&self) -> f32 {
        self.keys.last().map_or(0.0, |k| k.secs)
    }

    fn last(&self) -> BodyPose {
        self.keys.last().map_or_else(BodyPose::supine, |k| k.body)
    }

    /// Moves to `body` over `secs`.
    pub fn to(mut self, body: BodyPose, secs: f32) -> Self {
        let t = self.duration_secs() + secs.max(0.0);
        self.keys.push(Key { secs: t, body });
        self
    }

    /// Stays still for `secs`.
    pub fn hold(self, secs: f32) -> Self {
        let b = self.last();
        self.to(b, secs)
    }

    /// Adds a small oscillation around the current body (fidgeting) for `secs`.
    pub fn fidget(mut self, secs: f32, amp_deg: f32, period_secs: f32) -> Self {
        let base = self.last();
        let n = (secs / (period_secs * 0.5)).ceil().max(1.0) as usize;
        for k in 0..n {
            let mut b = base;
            let s = if k % 2 == 0 { amp_deg } else { -amp_deg };
            b.shoulder_deg = [base.shoulder_deg[0] + s, base.shoulder_deg[1] + s];
            b.knee_deg = [base.knee_deg[0] - s * 0.5, base.knee_deg[1] - s * 0.5];
            b.neck_deg = base.neck_deg + s * 0.5;
            self = self.to(b, period_secs * 0.5);
        }
        self.to(base, period_secs * 0.5)
    }

    /// Rocks the legs and head (not the arms) around the current body for `secs`.
    pub fn fidget_body(mut self, secs: f32, amp_deg: f32, period_secs: f32) -> Self {
        let base = self.last();
        let n = (secs / (period_secs * 0.5)).ceil().max(1.0) as usize;
        for k in 0..n {
            let mut b = base;
            let s = if k % 2 == 0 { amp_deg } else { -amp_deg };
            b.hip_deg = [base.hip_deg[0] + s, base.hip_deg[1] + s];
            b.knee_deg = [base.knee_deg[0] - s, base.knee_deg[1] - s];
            b.neck_deg = base.neck_deg + s * 0.5;
            self = self.to(b, period_secs * 0.5);
        }
        self.to(base, period_secs * 0.5)
    }

    /// The body at time `secs`.
    pub fn at(&self, secs: f32) -> BodyPose {
        let Some(first) = self.keys.first() else {
            return BodyPose::supine();
        };
        if secs <= first.secs {
            return first.body;
        }
        for w in self.keys.windows(2) {
            if let [a, b] = w {
                if secs <= b.secs {
                    let span = (b.secs - a.secs).max(1e-6);
                    return a.body.lerp(&b.body, (secs - a.secs) / span);
                }
            }
        }
        self.last()
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

/// Tiny seeded xorshift64* generator (tests need reproducibility, not crypto).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f32 {
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
            roi: Roi {
                center: Point2::new(cx, floor_y - cam.torso_px),
                size: cam.torso_px * 4.0,
                rotation: 0.0,
            },
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

/// What a scripted sequence should produce.
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    /// Reps completed in total (over all side steps).
    pub reps: u32,
    /// Total counted hold seconds (`None`: not checked, e.g. a wrong form that holds well
    /// for a moment before the fault starts).
    pub held_secs: Option<f32>,
    /// The correction that must fire (and no other), or none at all.
    pub correction: Option<String>,
    pub done: bool,
}

/// A scripted exercise performance.
#[derive(Debug, Clone, PartialEq)]
pub struct Performance {
    pub script: Script,
    pub expect: Expect,
    /// The working side of the first step (for exercises with sides).
    pub first_side: Option<Side>,
}

/// The wrong forms [`script`] can perform for an exercise (ids of its corrections).
pub fn variants(exercise_id: &str) -> &'static [&'static str] {
    match exercise_id {
        "bridge" => &[
            "over_arch",
            "head_lift",
            "hips_low",
            "feet_far",
            "feet_close",
        ],
        "cobra" => &[
            "neck_crank",
            "too_high",
            "hips_up",
            "shrug",
            "elbows_locked",
        ],
        "cat" => &[
            "neck_crank",
            "hips_shift",
            "hands_forward",
            "elbows_bent",
            "neck_only",
        ],
        "knee_to_chest" => &["head_lift", "not_far"],
        "diaphragmatic_breathing" => &["legs_drift", "fidget"],
        "pelvic_tilt" => &["bottom_lift", "head_lift", "legs_push"],
        "supine_arm_raise" => &[
            "hips_lift",
            "elbows_bent",
            "arms_low",
            "arms_past",
            "body_still",
        ],
        "corpse" => &["fidget"],
        "seated_hamstring" => &["rounding", "knee_bent"],
        "thread_the_needle" => &["hips_back", "head_up"],
        "childs_pose" => &["head_high", "hips_high"],
        _ => &[],
    }
}

/// A performance of `exercise_id`: `variant` = `None` for correct form, or the id of a
/// correction whose fault it shows. The dose numbers come from the content file
/// (`hold_secs`, `reps`), so the script follows the content. `None` when unknown.
pub fn script(
    exercise_id: &str,
    variant: Option<&str>,
    hold_secs: f32,
    reps: u32,
) -> Option<Performance> {
    let mut perf = script_inner(exercise_id, variant, hold_secs, reps)?;
    if perf.expect.reps == 0 && !perf.expect.done {
        // Good form for a moment before the fault starts may count; it never completes.
        perf.expect.held_secs = None;
    }
    Some(perf)
}

fn script_inner(
    exercise_id: &str,
    variant: Option<&str>,
    hold_secs: f32,
    reps: u32,
) -> Option<Performance> {
    let v = variant.unwrap_or("");
    if !v.is_empty() && !variants(exercise_id).contains(&v) {
        return None;
    }
    let settle = 1.5;
    let perf = match exercise_id {
        "bridge" => {
            let down = BodyPose::supine_knees_bent();
            let mut up = BodyPose {
                trunk_deg: 180.0 + 28.0,
                hip_deg: [176.0; 2],
                knee_deg: [90.0; 2],
                ..down
            };
            up.shoulder_deg = [20.0; 2];
            let n = if v.is_empty() { reps } else { 2 };
            let mut hold = hold_secs + 1.0;
            // Faults that stop the hold timer leave no rep; feet placement does not.
            let mut expect_reps = if matches!(v, "" | "feet_far" | "feet_close") {
                n
            } else {
                0
            };
            match v {
                "over_arch" => up.hip_deg = [205.0; 2],
                "head_lift" => up.neck_deg = -65.0,
                "feet_far" => up.knee_deg = [130.0; 2],
                "feet_close" => up.knee_deg = [52.0; 2],
                "hips_low" => {
                    up.hip_deg = [155.0; 2];
                    up.trunk_deg = 190.0;
                    hold = 4.0;
                    expect_reps = 0;
                }
                _ => {}
            }
            let mut s = Script::new(down).hold(settle);
            for _ in 0..n {
                s = s.to(up, 1.5).hold(hold).to(down, 1.5).hold(1.0);
            }
            Performance {
                script: s,
                expect: Expect {
                    reps: expect_reps,
                    held_secs: Some(expect_reps as f32 * hold_secs),
                    correction: (!v.is_empty()).then(|| v.to_owned()),
                    done: v.is_empty(),
                },
                first_side: None,
            }
        }
        "cobra" => {
            let down = BodyPose::prone();
            let mut up = BodyPose {
                trunk_deg: 32.0,
                hip_deg: [212.0; 2],
                shoulder_deg: [-5.0; 2],
                elbow_deg: [150.0; 2],
                neck_deg: -5.0,
                ..down
            };
            let n = if v.is_empty() { reps } else { 2 };
            match v {
                "neck_crank" => {
                    // Head thrown back: the ear 45° behind the vertical through the shoulder
                    // (a head held level at any trunk height is not a crank).
                    up.trunk_deg = 45.0;
                    up.hip_deg = [225.0; 2];
                    up.neck_deg = 90.0;
                }
                "too_high" => {
                    up.trunk_deg = 62.0;
                    up.hip_deg = [242.0; 2];
                    up.elbow_deg = [160.0; 2];
                }
                "hips_up" => {
                    up.hip_deg = [180.0; 2];
                    up.trunk_deg = 28.0;
                }
                "shrug" => up.neck_len = 0.27,
                "elbows_locked" => {
                    // Straight arms pushing the trunk past the cobra's range.
                    up.trunk_deg = 62.0;
                    up.hip_deg = [242.0; 2];
                    up.elbow_deg = [180.0; 2];
                }
                _ => {}
            }
            // Faults that break the hold: the rep still ends when the person lowers, but
            // only counts if the hold was reached.
            let breaks = matches!(
                v,
                "neck_crank" | "too_high" | "hips_up" | "shrug" | "elbows_locked"
            );
            let mut s = Script::new(down).hold(settle);
            for _ in 0..n {
                s = s.to(up, 1.5).hold(hold_secs + 1.0).to(down, 1.5).hold(1.0);
            }
            let expect_reps = if breaks { 0 } else { n };
            Performance {
                script: s,
                expect: Expect {
                    reps: expect_reps,
                    held_secs: Some(expect_reps as f32 * hold_secs),
                    correction: (!v.is_empty()).then(|| v.to_owned()),
                    done: v.is_empty(),
                },
                first_side: None,
            }
        }
        "cat" => {
            let table = BodyPose::tabletop();
            let mut sag = BodyPose {
                neck_deg: 30.0,
                hip_deg: [96.0; 2],
                ..table
            };
            // Rounding the back shortens the shoulder–hip chord (~8 %, as in real clips).
            let mut arch = BodyPose {
                neck_deg: -60.0,
                hip_deg: [84.0; 2],
                trunk_deg: 4.0,
                torso_scale: 0.92,
                ..table
            };
            let n = if v.is_empty() { reps } else { 2 };
            let mut base = table;
            match v {
                "neck_crank" => sag.neck_deg = 80.0,
                // Nodding: the head goes down, the back does not round.
                "neck_only" => arch.torso_scale = 1.0,
                "hips_shift" => {
                    for b in [&mut base, &mut sag, &mut arch] {
                        b.hip_deg = [b.hip_deg[0] - 30.0; 2];
                        b.knee_deg = [60.0; 2];
                        b.trunk_deg -= 0.0;
                    }
                }
                "hands_forward" => {
                    for b in [&mut base, &mut sag, &mut arch] {
                        b.shoulder_deg = [110.0; 2];
                        b.trunk_deg += 8.0;
                        b.hip_deg = [b.hip_deg[0] + 8.0; 2];
                    }
                }
                "elbows_bent" => {
                    for b in [&mut base, &mut sag, &mut arch] {
                        b.elbow_deg = [125.0; 2];
                        b.shoulder_deg = [75.0; 2];
                    }
                }
                _ => {}
            }
            let hold = hold_secs + 1.0;
            let mut s = Script::new(base).hold(settle);
            for _ in 0..n {
                s = s.to(sag, 1.5).hold(hold).to(arch, 2.0).hold(hold);
            }
            s = s.to(sag, 1.5).hold(1.0);
            // The neck check is in the sag; the held phase (the arch) still counts.
            let breaks = !matches!(v, "" | "neck_crank");
            let expect_reps = if breaks { 0 } else { n };
            Performance {
                script: s,
                expect: Expect {
                    reps: expect_reps,
                    held_secs: Some(expect_reps as f32 * hold_secs),
                    correction: (!v.is_empty()).then(|| v.to_owned()),
                    done: v.is_empty(),
                },
                first_side: None,
            }
        }
        "knee_to_chest" => {
            let rest = BodyPose::supine_knees_bent();
            let mut pull_l = BodyPose {
                hip_deg: [50.0, 130.0],
                knee_deg: [60.0, 85.0],
                shoulder_deg: [50.0, 50.0],
                elbow_deg: [120.0; 2],
                ..rest
            };
            let mut pull_r = BodyPose {
                hip_deg: [130.0, 50.0],
                knee_deg: [85.0, 60.0],
                ..pull_l
            };
            let mut pull_both = BodyPose {
                hip_deg: [50.0, 50.0],
                knee_deg: [60.0, 60.0],
                ..pull_l
            };
            let hold = hold_secs + 1.5;
            match v {
                "head_lift" => {
                    pull_l.neck_deg = -50.0;
                    let s = Script::new(rest)
                        .hold(settle)
                        .to(pull_l, 2.0)
                        .hold(hold)
                        .to(rest, 2.0)
                        .hold(1.0);
                    return Some(Performance {
                        script: s,
                        expect: Expect {
                            reps: 0,
                            held_secs: Some(0.0),
                            correction: Some(v.to_owned()),
                            done: false,
                        },
                        first_side: Some(Side::Left),
                    });
                }
                "not_far" => {
                    pull_l.hip_deg = [88.0, 130.0];
                    let s = Script::new(rest)
                        .hold(settle)
                        .to(pull_l, 2.0)
                        .hold(6.0)
                        .to(rest, 2.0)
                        .hold(1.0);
                    return Some(Performance {
                        script: s,
                        expect: Expect {
                            reps: 0,
                            held_secs: Some(0.0),
                            correction: Some(v.to_owned()),
                            done: false,
                        },
                        first_side: Some(Side::Left),
                    });
                }
                _ => {}
            }
            pull_r.neck_deg = 0.0;
            pull_both.neck_deg = 0.0;
            let s = Script::new(rest)
                .hold(settle)
                .to(pull_l, 2.0)
                .hold(hold)
                .to(rest, 2.0)
                .hold(2.0)
                .to(pull_r, 2.0)
                .hold(hold)
                .to(rest, 2.0)
                .hold(2.0)
                .to(pull_both, 2.0)
                .hold(hold)
                .to(rest, 2.0)
                .hold(1.0);
            Performance {
                script: s,
                expect: Expect {
                    reps: 3 * reps.max(1),
                    held_secs: Some(3.0 * hold_secs),
                    correction: None,
                    done: true,
                },
                first_side: Some(Side::Left),
            }
        }
        "diaphragmatic_breathing" | "pelvic_tilt" | "corpse" => {
            let base = if exercise_id == "corpse" {
                BodyPose::supine()
            } else {
                let mut b = BodyPose::supine_knees_bent();
                if exercise_id == "diaphragmatic_breathing" {
                    // Elbows on the floor, hands resting on chest and belly.
                    b.shoulder_deg = [0.0, 5.0];
                    b.elbow_deg = [30.0, 40.0];
                }
                b
            };
            let mut s = Script::new(base).hold(settle);
            let (reps_done, held, done) = match v {
                "" => {
                    s = s.hold(hold_secs + 1.5);
                    (1, hold_secs, true)
                }
                "fidget" => {
                    s = s.hold(3.0).fidget(6.0, 25.0, 0.8).hold(1.0);
                    (0, 0.0, false)
                }
                "legs_drift" => {
                    let b = BodyPose {
                        knee_deg: [127.0; 2],
                        hip_deg: [150.0; 2],
                        ..base
                    };
                    s = s.hold(3.0).to(b, 1.5).hold(5.0);
                    (0, 0.0, false)
                }
                "bottom_lift" => {
                    let b = BodyPose {
                        trunk_deg: 180.0 + 8.0,
                        hip_deg: [140.0; 2],
                        ..base
                    };
                    s = s.hold(3.0).to(b, 1.0).hold(5.0);
                    (0, 0.0, false)
                }
                "head_lift" => {
                    let b = BodyPose {
                        neck_deg: -50.0,
                        ..base
                    };
                    s = s.hold(3.0).to(b, 1.0).hold(5.0);
                    (0, 0.0, false)
                }
                "legs_push" => {
                    let b = BodyPose {
                        knee_deg: [110.0; 2],
                        hip_deg: [150.0; 2],
                        ..base
                    };
                    s = s.hold(3.0).to(b, 1.0).hold(5.0);
                    (0, 0.0, false)
                }
                _ => return None,
            };
            Performance {
                script: s,
                expect: Expect {
                    reps: reps_done,
                    held_secs: Some(held),
                    correction: (!v.is_empty()).then(|| v.to_owned()),
                    done,
                },
                first_side: None,
            }
        }
        "supine_arm_raise" => {
            let down = BodyPose::supine_knees_bent();
            let mut up = BodyPose {
                shoulder_deg: [90.0; 2],
                elbow_deg: [176.0; 2],
                ..down
            };
            let n = if v.is_empty() { reps } else { 1 };
            let hold = if v.is_empty() { hold_secs + 1.0 } else { 6.0 };
            match v {
                "hips_lift" => {
                    up.trunk_deg = 188.0;
                    up.hip_deg = [140.0; 2];
                }
                "elbows_bent" => up.elbow_deg = [125.0; 2],
                "arms_low" => up.shoulder_deg = [65.0; 2],
                "arms_past" => up.shoulder_deg = [118.0; 2],
                _ => {}
            }
            let mut s = Script::new(down).hold(settle);
            for _ in 0..n {
                s = s.to(up, 2.0);
                s = if v == "body_still" {
                    // Rocking the legs and head while the arms are up.
                    s.hold(1.0).fidget_body(5.0, 20.0, 1.0)
                } else {
                    s.hold(hold)
                };
                s = s.to(down, 2.0).hold(1.0);
            }
            let expect_reps = if v.is_empty() { n } else { 0 };
            Performance {
                script: s,
                expect: Expect {
                    reps: expect_reps,
                    held_secs: Some(expect_reps as f32 * hold_secs),
                    correction: (!v.is_empty()).then(|| v.to_owned()),
                    done: v.is_empty(),
                },
                first_side: None,
            }
        }
        "seated_hamstring" => {
            let sit = BodyPose::seated();
            let tall_l = BodyPose {
                knee_deg: [175.0, 95.0],
                hip_deg: [100.0, 95.0],
                ..sit
            };
            let lean_l = BodyPose {
                trunk_deg: 60.0,
                hip_deg: [62.0, 60.0],
                ..tall_l
            };
            let tall_r = BodyPose {
                knee_deg: [95.0, 175.0],
                hip_deg: [95.0, 100.0],
                ..sit
            };
            let lean_r = BodyPose {
                trunk_deg: 60.0,
                hip_deg: [60.0, 62.0],
                ..tall_r
            };
            let hold = hold_secs + 1.5;
            match v {
                "rounding" | "knee_bent" => {
                    let mut lean = lean_l;
                    let mut tall = tall_l;
                    if v == "rounding" {
                        lean.neck_deg = -55.0;
                    } else {
                        lean.knee_deg = [140.0, 95.0];
                        tall.knee_deg = [175.0, 95.0];
                        lean.hip_deg = [66.0, 60.0];
                    }
                    let s = Script::new(tall)
                        .hold(settle)
                        .to(lean, 2.0)
                        .hold(6.0)
                        .to(tall, 2.0)
                        .hold(1.0);
                    return Some(Performance {
                        script: s,
                        expect: Expect {
                            reps: 0,
                            held_secs: Some(0.0),
                            correction: Some(v.to_owned()),
                            done: false,
                        },
                        first_side: Some(Side::Left),
                    });
                }
                _ => {}
            }
            let s = Script::new(tall_l)
                .hold(settle)
                .to(lean_l, 2.0)
                .hold(hold)
                .to(tall_l, 2.0)
                .to(sit, 1.5)
                .to(tall_r, 1.5)
                .hold(1.0)
                .to(lean_r, 2.0)
                .hold(hold)
                .to(tall_r, 2.0)
                .hold(1.0);
            Performance {
                script: s,
                expect: Expect {
                    reps: 2,
                    held_secs: Some(2.0 * hold_secs),
                    correction: None,
                    done: true,
                },
                first_side: Some(Side::Left),
            }
        }
        "thread_the_needle" => {
            let table = BodyPose::tabletop();
            let thread = |side: usize| {
                // Shoulders drop toward the floor; thighs stay vertical (hip 55° with
                // the trunk tipped 35° head-down).
                let mut b = BodyPose {
                    trunk_deg: -35.0,
                    hip_deg: [55.0; 2],
                    neck_deg: 0.0,
                    ..table
                };
                // The threaded arm lies along the floor under the body.
                if let Some(sh) = b.shoulder_deg.get_mut(side) {
                    *sh = 205.0;
                }
                if let Some(e) = b.elbow_deg.get_mut(side) {
                    *e = 175.0;
                }
                if let Some(a) = b.arm_across.get_mut(side) {
                    *a = 0.4;
                }
                // The support arm stays planted under the shoulder.
                let other = 1 - side;
                if let Some(sh) = b.shoulder_deg.get_mut(other) {
                    *sh = 125.0;
                }
                if let Some(e) = b.elbow_deg.get_mut(other) {
                    *e = 150.0;
                }
                b
            };
            let hold = hold_secs + 1.5;
            match v {
                "hips_back" | "head_up" => {
                    let mut t = thread(0);
                    if v == "hips_back" {
                        t.hip_deg = [85.0; 2];
                        t.knee_deg = [60.0; 2];
                    } else {
                        t.neck_deg = 60.0;
                    }
                    let s = Script::new(table)
                        .hold(settle)
                        .to(t, 2.0)
                        .hold(6.0)
                        .to(table, 2.0)
                        .hold(1.0);
                    return Some(Performance {
                        script: s,
                        expect: Expect {
                            reps: 0,
                            held_secs: Some(0.0),
                            correction: Some(v.to_owned()),
                            done: false,
                        },
                        first_side: Some(Side::Left),
                    });
                }
                _ => {}
            }
            let s = Script::new(table)
                .hold(settle)
                .to(thread(0), 2.0)
                .hold(hold)
                .to(table, 2.0)
                .hold(1.5)
                .to(thread(1), 2.0)
                .hold(hold)
                .to(table, 2.0)
                .hold(1.0);
            Performance {
                script: s,
                expect: Expect {
                    reps: 2,
                    held_secs: Some(2.0 * hold_secs),
                    correction: None,
                    done: true,
                },
                first_side: Some(Side::Left),
            }
        }
        "childs_pose" => {
            let kneel = BodyPose {
                trunk_deg: 60.0,
                hip_deg: [95.0; 2],
                knee_deg: [35.0; 2],
                ankle_deg: [160.0; 2],
                shoulder_deg: [30.0; 2],
                ..BodyPose::tabletop()
            };
            let mut rest = BodyPose {
                trunk_deg: -15.0,
                hip_deg: [38.0; 2],
                knee_deg: [28.0; 2],
                shoulder_deg: [175.0; 2],
                elbow_deg: [170.0; 2],
                neck_deg: -10.0,
                ..kneel
            };
            if v == "head_high" {
                rest.trunk_deg = 15.0;
                rest.hip_deg = [55.0; 2];
                rest.neck_deg = 30.0;
                rest.shoulder_deg = [90.0; 2];
                let s = Script::new(kneel).hold(settle).to(rest, 2.0).hold(6.0);
                return Some(Performance {
                    script: s,
                    expect: Expect {
                        reps: 0,
                        held_secs: Some(0.0),
                        correction: Some(v.to_owned()),
                        done: false,
                    },
                    first_side: None,
                });
            }
            if v == "hips_high" {
                // Hips well off the heels: a comfort cue that does not stop the hold.
                rest.knee_deg = [50.0; 2];
                rest.hip_deg = [52.0; 2];
            }
            let s = Script::new(kneel)
                .hold(settle)
                .to(rest, 2.0)
                .hold(hold_secs + 1.5);
            Performance {
                script: s,
                expect: Expect {
                    reps: 1,
                    held_secs: Some(hold_secs),
                    correction: (!v.is_empty()).then(|| v.to_owned()),
                    done: true,
                },
                first_side: None,
            }
        }
        _ => return None,
    };
    Some(perf)
}

/// A still pose of each exercise's characteristic position (for recognition tests), or
/// of a standing person for `"standing"`.
pub fn still_pose(exercise_id: &str) -> Option<BodyPose> {
    let p = match exercise_id {
        "bridge" => BodyPose {
            trunk_deg: 208.0,
            hip_deg: [176.0; 2],
            knee_deg: [90.0; 2],
            ..BodyPose::supine_knees_bent()
        },
        "cobra" => BodyPose {
            trunk_deg: 32.0,
            hip_deg: [212.0; 2],
            shoulder_deg: [-5.0; 2],
            elbow_deg: [150.0; 2],
            ..BodyPose::prone()
        },
        "cat" => BodyPose::tabletop(),
        "knee_to_chest" => BodyPose {
            hip_deg: [50.0, 130.0],
            knee_deg: [60.0, 85.0],
            shoulder_deg: [50.0; 2],
            elbow_deg: [120.0; 2],
            ..BodyPose::supine_knees_bent()
        },
        "diaphragmatic_breathing" => BodyPose {
            shoulder_deg: [0.0, 5.0],
            elbow_deg: [30.0, 40.0],
            ..BodyPose::supine_knees_bent()
        },
        "pelvic_tilt" => BodyPose::supine_knees_bent(),
        "supine_arm_raise" => BodyPose {
            shoulder_deg: [90.0; 2],
            ..BodyPose::supine_knees_bent()
        },
        "corpse" => BodyPose::supine(),
        "seated_hamstring" => BodyPose {
            trunk_deg: 60.0,
            knee_deg: [175.0, 95.0],
            hip_deg: [62.0, 60.0],
            ..BodyPose::seated()
        },
        "thread_the_needle" => BodyPose {
            trunk_deg: -35.0,
            hip_deg: [55.0; 2],
            shoulder_deg: [205.0, 125.0],
            elbow_deg: [175.0, 150.0],
            arm_across: [0.4, 0.0],
            ..BodyPose::tabletop()
        },
        "childs_pose" => BodyPose {
            trunk_deg: -15.0,
            hip_deg: [38.0; 2],
            knee_deg: [35.0; 2],
            shoulder_deg: [175.0; 2],
            ankle_deg: [160.0; 2],
            ..BodyPose::tabletop()
        },
        "standing" => BodyPose::standing(),
        _ => return None,
    };
    Some(p)
}
