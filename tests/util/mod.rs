//! Shared test support: where the real data and the ONNX Runtime are, with skip reasons;
//! the content catalogue and running a coach over frames; `synth`, the synthetic people.

pub mod synth;

use std::path::PathBuf;

pub mod loso;
mod pose_cache;

/// This test binary, set to run only `test` (`module::name`) again with `env` set: for what
/// must not happen in the parent (a process-wide filter, signals). The caller may add to it.
pub fn rerun_in_child(test: &str, env: &str) -> std::process::Command {
    let mut c = std::process::Command::new(std::env::current_exe().expect("test binary"));
    c.args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(env, "1");
    c
}

/// A child's standard output then its standard error, as text.
pub fn output_text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `../shared/data` beside the repository, or the reason it is not used.
pub fn real_data() -> Result<PathBuf, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.join("real").is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "{} is absent (real data lives beside the repository on the team's machines)",
            dir.display()
        ))
    }
}

/// Whether ONNX Runtime can be loaded, or why not.
pub fn runtime() -> Result<(), String> {
    formcheck::pose::runtime::ensure_runtime()
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Prints why a test is skipped and returns true when it should be.
pub fn skip(reason: Result<(), String>, test: &str) -> bool {
    match reason {
        Ok(()) => false,
        Err(why) => {
            println!("SKIP {test}: {why}");
            true
        }
    }
}

/// Real data and runtime both present, or print why not.
pub fn real_data_and_runtime(test: &str) -> Option<PathBuf> {
    let data = match real_data() {
        Ok(d) => d,
        Err(why) => {
            println!("SKIP {test}: {why}");
            return None;
        }
    };
    if skip(runtime(), test) {
        return None;
    }
    Some(data)
}

/// A BlazePose estimator with the repository's models.
pub fn blazepose(
    model: formcheck::pose::ModelKind,
    static_image_mode: bool,
) -> formcheck::pose::BlazePose {
    let mut c =
        formcheck::pose::PoseConfig::new(formcheck::pose::models::default_models_dir(), model);
    c.static_image_mode = static_image_mode;
    formcheck::pose::BlazePose::new(c).expect("models load")
}

use formcheck::body::Pose;
use formcheck::coach::{Coach, CoachEvent};
use formcheck::content::{self, Catalog};
use formcheck::frame::Timestamp;

pub fn catalog() -> Catalog {
    match content::load_default() {
        Ok(c) => c,
        Err(e) => panic!("content does not load:\n{e}"),
    }
}

/// What a coach produced over a sequence.
#[derive(Debug, Default)]
pub struct Got {
    pub reps: u32,
    pub held_secs: f32,
    pub corrections: Vec<String>,
    pub done: bool,
    pub unknown: Vec<String>,
    pub events: Vec<(f64, CoachEvent)>,
}

pub fn run(coach: &mut Coach, frames: &[(Timestamp, Option<Pose>)]) -> Got {
    let mut got = Got::default();
    for (ts, pose) in frames {
        for e in coach.update(pose.as_ref(), *ts) {
            match &e {
                CoachEvent::Rep { .. } => got.reps += 1,
                CoachEvent::Correction { id, .. } if !got.corrections.contains(id) => {
                    got.corrections.push(id.clone());
                }
                CoachEvent::Unknown { what } => got.unknown.push(what.clone()),
                CoachEvent::ExerciseDone => got.done = true,
                _ => {}
            }
            got.events.push((ts.secs_f64(), e));
        }
    }
    got.held_secs = coach.summary().held_secs;
    got
}

/// `../shared/data/real` relative to the crate, if present (the engine's tests).
pub fn real_photos() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/real"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("SKIP: {} is absent", p.display());
        None
    }
}

/// One real clip run through BlazePose in video mode (full model), shared by the tests that
/// need it so the clips are decoded and inferred once per test run.
pub struct ClipPoses {
    pub file: String,
    pub poses: Vec<(formcheck::frame::Timestamp, Option<formcheck::body::Pose>)>,
    pub detector_runs: usize,
    /// With the adaptive pose rate (`FORMCHECK_TEST_POSE_RATE=adaptive`): the poses as the
    /// app takes them while it coaches the clip's own exercise (its rate paced by that
    /// exercise's joints, `coach::landmarks_read`); empty otherwise, every frame being the
    /// same whatever is coached. `poses` are then the automatic mode's (every rule's joints).
    pub coached: Vec<(formcheck::frame::Timestamp, Option<formcheck::body::Pose>)>,
}

impl ClipPoses {
    /// The poses a coach of the clip's own exercise reads.
    pub fn coached(&self) -> &[(formcheck::frame::Timestamp, Option<formcheck::body::Pose>)] {
        if self.coached.is_empty() {
            &self.poses
        } else {
            &self.coached
        }
    }
}

/// Every `../shared/data/video/*.mp4`, sorted by name, through BlazePose (video mode).
pub fn clip_poses(data: &std::path::Path) -> &'static [ClipPoses] {
    static CLIPS: std::sync::OnceLock<Vec<ClipPoses>> = std::sync::OnceLock::new();
    CLIPS.get_or_init(|| {
        // `FORMCHECK_CLIP_CACHE=FILE`: reuse the poses of an earlier run (content tuning).
        let cache = std::env::var_os("FORMCHECK_CLIP_CACHE").map(PathBuf::from);
        if let Some(c) = cache.as_deref().and_then(pose_cache::load) {
            return c;
        }
        let c = compute_clip_poses(data);
        if let Some(path) = &cache {
            pose_cache::save(path, &c);
        }
        c
    })
}

/// Every clip through BlazePose in video mode (full model), as the tests have always run it.
fn compute_clip_poses(data: &std::path::Path) -> Vec<ClipPoses> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("video"))
        .expect("video folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "mp4"))
        .collect();
    files.sort();
    // `FORMCHECK_TEST_IN_FLIGHT=N` (N > 1): the clips through `formcheck bench --in-flight N`'s
    // estimator instead, to measure what it changes (benches/RESULTS.md, issue 15).
    if let Some(n) = std::env::var("FORMCHECK_TEST_IN_FLIGHT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 1)
    {
        return files.iter().map(|p| pipelined_clip_poses(p, n)).collect();
    }
    let (mut bp, adaptive) = clip_estimator();
    let catalog = catalog();
    let manifest = clip_manifest_rows(data);
    files
        .iter()
        .map(|path| {
            let file = file_name(path);
            let (poses, detector_runs) = poses_of(&mut bp, path, None);
            // The clip's own exercise, as the routine would coach it.
            let exercise = manifest
                .iter()
                .find(|r| r.file == file)
                .and_then(|r| crate::clips::routine_id(&r.exercise))
                .and_then(|id| catalog.get(id).ok());
            let coached = match exercise {
                Some(ex) if adaptive => {
                    poses_of(&mut bp, path, Some(&formcheck::coach::landmarks_read(ex))).0
                }
                _ => Vec::new(),
            };
            ClipPoses {
                file,
                poses,
                detector_runs,
                coached,
            }
        })
        .collect()
}

/// A clip's poses through `bp` from a fresh start, paced by `joints` (see
/// [`formcheck::pose::PoseEstimator::pace_by`]), and how often the detector ran.
fn poses_of(
    bp: &mut formcheck::pose::BlazePose,
    path: &std::path::Path,
    joints: Option<&[formcheck::body::LandmarkId]>,
) -> (Vec<(Timestamp, Option<Pose>)>, usize) {
    use formcheck::pose::PoseEstimator as _;
    use formcheck::source::FrameSource as _;
    bp.reset();
    bp.pace_by(joints);
    let mut src = formcheck::source::video::VideoSource::open(path).expect("clip opens");
    let (mut poses, mut detector_runs) = (Vec::new(), 0);
    while let Some(frame) = src.next_frame().expect("clip decodes") {
        let r = bp.estimate(&frame).expect("pose runs");
        detector_runs += usize::from(r.detector_ran);
        poses.push((frame.ts, r.pose));
    }
    (poses, detector_runs)
}

/// A clip's file name, as the manifest names it.
fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The estimator the clip table runs: BlazePose (full model, video mode), the model on every
/// frame as `analyze` runs it; with `FORMCHECK_TEST_POSE_RATE=adaptive`, the app's adaptive
/// pose rate instead (`formcheck::pose::AdaptiveRate::default()`), to measure what the rate
/// changes in the table (benches/RESULTS.md, issue 15); whether it is on.
fn clip_estimator() -> (formcheck::pose::BlazePose, bool) {
    let mut c = formcheck::pose::PoseConfig::new(
        formcheck::pose::models::default_models_dir(),
        formcheck::pose::ModelKind::Full,
    );
    let adaptive = std::env::var("FORMCHECK_TEST_POSE_RATE").is_ok_and(|v| v == "adaptive");
    if adaptive {
        c.adaptive_rate = Some(formcheck::pose::AdaptiveRate::default());
    }
    (
        formcheck::pose::BlazePose::new(c).expect("models load"),
        adaptive,
    )
}

/// A pipelined estimator (full model, video mode) with `in_flight` frames in flight and
/// one ONNX Runtime thread per session, as `formcheck bench --in-flight N` runs it.
pub fn pipelined(in_flight: usize) -> formcheck::pose::Pipelined {
    let mut c = formcheck::pose::PoseConfig::new(
        formcheck::pose::models::default_models_dir(),
        formcheck::pose::ModelKind::Full,
    );
    c.threads = 1;
    formcheck::pose::Pipelined::new(c, in_flight).expect("models load")
}

/// One clip through [`pipelined`]; results in frame order.
fn pipelined_clip_poses(path: &std::path::Path, in_flight: usize) -> ClipPoses {
    use formcheck::source::FrameSource as _;
    let mut p = pipelined(in_flight);
    let mut src = formcheck::source::video::VideoSource::open(path).expect("clip opens");
    let (mut done, mut poses, mut detector_runs) = (Vec::new(), Vec::new(), 0);
    let mut keep = |done: &mut Vec<formcheck::pose::pipelined::Done>| {
        for d in done.drain(..) {
            detector_runs += usize::from(d.result.detector_ran);
            poses.push((d.frame.ts, d.result.pose));
        }
    };
    while let Some(frame) = src.next_frame().expect("clip decodes") {
        p.push(frame, &mut done).expect("pose runs");
        keep(&mut done);
    }
    p.drain(&mut done).expect("pose runs");
    keep(&mut done);
    ClipPoses {
        file: file_name(path),
        poses,
        detector_runs,
        coached: Vec::new(),
    }
}

/// One row of the video MANIFEST.tsv.
pub struct ManifestRow {
    pub file: String,
    pub exercise: String,
    /// The repository the clip was taken from (`source_repo`): the unit left out by the
    /// leave-one-source-out table.
    pub source: String,
    /// The camera view, e.g. `"side"`, `"oblique, then side (cut ~7 s)"`, `"front-oblique"`.
    pub view: String,
    /// `"3"` reps or `"hold 26"` seconds.
    pub reps: String,
    /// What happens when; `(?)` marks what was not verified frame by frame.
    pub note: String,
}

/// The video MANIFEST.tsv rows.
pub fn clip_manifest_rows(data: &std::path::Path) -> Vec<ManifestRow> {
    clip_manifest_columns(data, &[0, 1, 2, 5, 8, 9])
        .into_iter()
        .filter_map(|mut c| {
            let note = c.pop()?;
            let reps = c.pop()?;
            let view = c.pop()?;
            let source = c.pop()?;
            let exercise = c.pop()?;
            let file = c.pop()?;
            Some(ManifestRow {
                file,
                exercise,
                source,
                view,
                reps,
                note,
            })
        })
        .collect()
}

/// The given columns of each manifest row that has them all.
fn clip_manifest_columns(data: &std::path::Path, columns: &[usize]) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(data.join("video/MANIFEST.tsv")).expect("video manifest");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            columns
                .iter()
                .map(|&i| c.get(i).map(|s| (*s).to_owned()))
                .collect()
        })
        .collect()
}

/// The video MANIFEST.tsv rows as (file, exercise, reps column).
pub fn clip_manifest(data: &std::path::Path) -> Vec<(String, String, String)> {
    clip_manifest_rows(data)
        .into_iter()
        .map(|r| (r.file, r.exercise, r.reps))
        .collect()
}

/// A pose from a row list of MediaPipe's recorded landmarks (`tests/data/mediapipe/*.json`):
/// 33 rows of `[x px, y px, …]` with the visibility in column `visibility_col`.
/// `None` unless there are exactly 33 rows.
pub fn pose_from_reference_rows(
    rows: &[serde_json::Value],
    visibility_col: usize,
) -> Option<formcheck::body::Pose> {
    use formcheck::body::{Landmark, Pose, WorldLandmark, NUM_LANDMARKS};
    if rows.len() != NUM_LANDMARKS {
        return None;
    }
    let mut landmarks = [Landmark::default(); NUM_LANDMARKS];
    for (l, r) in landmarks.iter_mut().zip(rows) {
        let n = |i: usize| r.get(i).and_then(|x| x.as_f64()).unwrap_or(f64::NAN) as f32;
        *l = Landmark {
            x: n(0),
            y: n(1),
            z: 0.0,
            visibility: n(visibility_col),
            presence: 1.0,
        };
    }
    Some(Pose {
        landmarks,
        world: [WorldLandmark::default(); NUM_LANDMARKS],
        score: 1.0,
    })
}

/// A clip's report against its MANIFEST count (`"3"` reps or `"hold 26"` seconds), for a
/// routine exercise `id`: (expected, got, right). What a count means depends on the
/// exercise: reps for a rep exercise; the movements inside the hold for one that counts
/// them (pelvic tilts); for a hold exercise (a 15–30 s stretch) the times the person went
/// into the stretch, as a clip shorter than the hold cannot complete one. A hold in seconds
/// is right within 2 s or 15 % of the manifest's hand-timed hold; a one-phase hold exercise
/// is done at its dose's hold (the routine moves on), so a clip that holds longer reads the
/// dose; the top of a rep is timed as long as it is held. A rep count may be a range, `"2-4"`.
pub fn judge_clip(
    catalog: &formcheck::content::Catalog,
    id: &str,
    counted: &str,
    r: &formcheck::practice::report::ClipReport,
) -> (String, String, bool) {
    if let Some(secs) = counted.strip_prefix("hold ") {
        let held: f32 = secs.trim().parse().expect("hold seconds");
        // A one-phase hold is done when the dose's hold is reached, so a longer hold is
        // expected to read the dose; the top of a rep (a cobra held 26 s as one rep) is
        // timed as held.
        let dose = catalog
            .get(id)
            .ok()
            .filter(|ex| ex.cycle.len() <= 1)
            .map_or(f32::INFINITY, |ex| ex.dose.hold_secs);
        let want = held.min(dose);
        let ok = (r.held_secs - want).abs() <= 2.0f32.max(0.15 * want);
        let expected = if want < held {
            format!("hold {want:.0} of {held:.0} s")
        } else {
            format!("hold {want:.0} s")
        };
        return (expected, format!("hold {:.1} s", r.held_secs), ok);
    }
    // "3" or an uncertain count's range, "2-4".
    let (lo, hi) = match counted.trim().split_once('-') {
        Some((lo, hi)) => (
            lo.trim().parse().expect("rep count"),
            hi.trim().parse().expect("rep count"),
        ),
        None => {
            let n: usize = counted.trim().parse().expect("rep count");
            (n, n)
        }
    };
    let want = if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}–{hi}")
    };
    let ex = catalog.get(id).expect("routine exercise");
    let (what, got) = if let Some(m) = &ex.movement {
        (m.plural.clone(), r.movements.len())
    } else if ex.dose.reps <= 1 && ex.cycle.len() <= 1 {
        ("stretch".to_owned(), r.attempts as usize)
    } else {
        ("reps".to_owned(), r.reps.len())
    };
    (
        format!("{want} {what}"),
        format!("{got} {what}"),
        (lo..=hi).contains(&got),
    )
}

/// An exercise written by hand, as a user would: the content tests' and own-folder tests'
/// example of a new exercise that needs no Rust.
pub const WALL_SIT_TOML: &str = r#"
id = "wall_sit"
name = "Wall sit"
instructions = ["Slide down a wall until your knees are at 90°."]
view = "side"
cycle = ["sit"]
[dose]
hold_secs = 20
[measures]
knee = { kind = "angle", points = ["hip", "knee", "ankle"] }
[setup]
prompt = "Stand with your back to a wall."
when = [{ measure = "knee", min_deg = 60 }]
[[phase]]
id = "sit"
when = [{ measure = "knee", min_deg = 80, max_deg = 100 }]
[recognize]
when = [{ measure = "knee", min_deg = 80, max_deg = 100 }]
"#;

/// Runs the formcheck binary with `FORMCHECK_CONFIG_DIR=config` (and the built-in content):
/// exit code, stdout and stderr; never a panic in stderr.
pub fn formcheck_with_config(config: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_formcheck"))
        .args(args)
        .env("FORMCHECK_CONFIG_DIR", config)
        .env_remove("FORMCHECK_CONTENT")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(!e.contains("panicked"), "{e}");
    (out.status.code().unwrap_or(-1), o, e)
}
