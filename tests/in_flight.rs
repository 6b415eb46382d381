//! `formcheck bench --in-flight N`'s estimator ([`formcheck::pose::Pipelined`]) against the
//! sequential BlazePose on real clips: results in frame order, the same counts, landmarks
//! within a small share of the torso, and a lost track handled as the sequential loop does.
//!
//! `FORMCHECK_IN_FLIGHT_ALL=1` compares every clip of `../shared/data/video/` instead of one
//! (the figures in benches/RESULTS.md, issue 15).

use crate::clips::routine_id;
use crate::util;
use formcheck::body::{LandmarkId, Pose};
use formcheck::content::Catalog;
use formcheck::frame::{Frame, Timestamp};
use formcheck::pose::pipelined::Done;
use formcheck::pose::{ModelKind, PoseEstimator as _, PoseResult};
use formcheck::practice::report::{analyze_stream, ClipReport, ExerciseChoice};
use formcheck::source::FrameSource as _;
use std::path::Path;

/// Per frame, in order: its index and timestamp, the sequential result and the pipelined one.
struct Compared {
    index: Vec<(u64, u64)>,
    sequential: Vec<PoseResult>,
    pipelined: Vec<PoseResult>,
    ts: Vec<Timestamp>,
}

/// `frames` through both estimators in lockstep (the pipelined one `in_flight` wide).
fn compare(frames: impl Iterator<Item = Frame>, in_flight: usize) -> Compared {
    let mut bp = util::blazepose(ModelKind::Full, false);
    let mut p = util::pipelined(in_flight);
    let mut c = Compared {
        index: Vec::new(),
        sequential: Vec::new(),
        pipelined: Vec::new(),
        ts: Vec::new(),
    };
    let mut done: Vec<Done> = Vec::new();
    for frame in frames {
        c.sequential.push(bp.estimate(&frame).expect("pose runs"));
        c.ts.push(frame.ts);
        p.push(frame, &mut done).expect("pose runs");
        keep(&mut done, &mut c);
    }
    p.drain(&mut done).expect("pose runs");
    keep(&mut done, &mut c);
    c
}

/// The finished frames: their place in the output and their own index, and their results.
fn keep(done: &mut Vec<Done>, c: &mut Compared) {
    for d in done.drain(..) {
        let n = c.pipelined.len();
        c.index.push((n as u64, d.frame.index));
        c.pipelined.push(d.result);
    }
}

fn clip_frames(path: &Path) -> impl Iterator<Item = Frame> {
    let mut src = formcheck::source::video::VideoSource::open(path).expect("clip opens");
    std::iter::from_fn(move || src.next_frame().expect("clip decodes"))
}

/// Mean landmark distance in % of the sequential pose's torso length.
fn distance_pct(a: &Pose, b: &Pose) -> f32 {
    let sum: f32 = LandmarkId::ALL
        .iter()
        .map(|&id| {
            let (p, q) = (a.get(id), b.get(id));
            (p.x - q.x).hypot(p.y - q.y)
        })
        .sum();
    sum / 33.0 / a.torso_length() * 100.0
}

fn median(v: &mut [f32]) -> f32 {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f32::NAN)
}

fn track(c: &Compared, results: &[PoseResult]) -> Vec<(Timestamp, Option<Pose>)> {
    c.ts.iter()
        .zip(results)
        .map(|(ts, r)| (*ts, r.pose.clone()))
        .collect()
}

/// What the clip table reports for a clip: exercise, reps, movements, attempts, held seconds.
fn counts(r: &ClipReport) -> (Option<String>, usize, usize, u32, String) {
    (
        r.exercise.as_ref().map(ToString::to_string),
        r.reps.len(),
        r.movements.len(),
        r.attempts,
        format!("{:.0}", r.held_secs),
    )
}

fn analyse(
    catalog: &Catalog,
    choice: &ExerciseChoice,
    poses: &[(Timestamp, Option<Pose>)],
) -> ClipReport {
    analyze_stream(catalog, choice, poses).expect("analysis")
}

#[test]
fn in_flight_counts_like_sequential_on_real_clips() {
    let Some(data) = util::real_data_and_runtime("in_flight_counts_like_sequential_on_real_clips")
    else {
        return;
    };
    let catalog = formcheck::content::load_default().expect("content loads");
    let all = std::env::var("FORMCHECK_IN_FLIGHT_ALL").is_ok_and(|v| v == "1");
    let rows: Vec<_> = util::clip_manifest_rows(&data)
        .into_iter()
        .filter(|r| all || r.file == "cat_cow_02.mp4")
        .collect();
    assert!(!rows.is_empty(), "the manifest lists cat_cow_02.mp4");
    println!(
        "{:<34} {:>6} {:>9} {:>9} {:>11} {:>11}  counts (sequential = in flight)",
        "clip", "frames", "pose seq", "pose 2", "median %", "p95 %"
    );
    let (mut medians, mut differ) = (Vec::new(), Vec::new());
    for row in &rows {
        let c = compare(clip_frames(&data.join("video").join(&row.file)), 2);
        let expected: Vec<(u64, u64)> = (0..c.sequential.len() as u64).map(|i| (i, i)).collect();
        assert_eq!(c.index, expected, "{}: results in frame order", row.file);
        let mut d: Vec<f32> = c
            .sequential
            .iter()
            .zip(&c.pipelined)
            .filter_map(|(s, p)| Some(distance_pct(s.pose.as_ref()?, p.pose.as_ref()?)))
            .collect();
        let med = median(&mut d);
        let p95 = d.get(d.len() * 95 / 100).copied().unwrap_or(f32::NAN);
        let found = |r: &[PoseResult]| r.iter().filter(|r| r.pose.is_some()).count();
        let (seq, pip) = (track(&c, &c.sequential), track(&c, &c.pipelined));
        let choice = routine_id(&row.exercise)
            .map_or(ExerciseChoice::Auto, |id| ExerciseChoice::Id(id.into()));
        let (a, b) = (
            counts(&analyse(&catalog, &choice, &seq)),
            counts(&analyse(&catalog, &choice, &pip)),
        );
        println!(
            "{:<34} {:>6} {:>9} {:>9} {:>11.2} {:>11.2}  {a:?}{}",
            row.file,
            c.sequential.len(),
            found(&c.sequential),
            found(&c.pipelined),
            med,
            p95,
            if a == b {
                String::new()
            } else {
                format!(" ≠ {b:?}")
            }
        );
        if a != b {
            differ.push(row.file.clone());
        }
        medians.push(med);
    }
    let med = median(&mut medians);
    println!("in flight vs sequential: median over clips {med:.2} % of torso");
    assert!(
        differ.is_empty(),
        "counts differ from one frame at a time: {differ:?}"
    );
    assert!(
        med < 1.0,
        "two frames in flight moved the landmarks by {med:.2} % of torso"
    );
}

/// Black frames in the middle of a clip: the track is lost on the first, the frame already
/// in flight is redone with the detector, and the person is found again after the gap,
/// frame by frame as in the sequential loop (with two and with three frames in flight).
#[test]
fn in_flight_loses_and_finds_the_track_like_sequential() {
    let Some(data) =
        util::real_data_and_runtime("in_flight_loses_and_finds_the_track_like_sequential")
    else {
        return;
    };
    let path = data.join("video").join("cat_cow_02.mp4");
    let gap = 15..19;
    let frames = || {
        let gap = gap.clone();
        clip_frames(&path).take(40).map(move |mut f| {
            if gap.contains(&f.index) {
                f.image = image::RgbImage::new(f.image.width(), f.image.height());
            }
            f
        })
    };
    for in_flight in [2, 3] {
        let c = compare(frames(), in_flight);
        let shape = |r: &[PoseResult]| -> Vec<(bool, bool)> {
            r.iter()
                .map(|r| (r.pose.is_some(), r.detector_ran))
                .collect()
        };
        assert_eq!(c.pipelined.len(), 40);
        assert_eq!(
            shape(&c.pipelined),
            shape(&c.sequential),
            "{in_flight} in flight: (pose, detector) per frame as one frame at a time"
        );
        for i in gap.clone() {
            assert!(c.pipelined[i as usize].pose.is_none(), "frame {i} is black");
        }
        assert!(
            c.pipelined[gap.start as usize + 1].detector_ran,
            "detector after the loss"
        );
        assert!(
            c.pipelined[gap.end as usize..]
                .iter()
                .any(|r| r.pose.is_some()),
            "found again after the gap"
        );
    }
}

/// A slow source (10 fps here: frame N-2's ROI would be 200 ms old) runs as the sequential
/// loop: each frame cropped with the previous frame's ROI, so the same landmarks.
#[test]
fn in_flight_runs_a_slow_source_one_frame_at_a_time() {
    let Some(data) =
        util::real_data_and_runtime("in_flight_runs_a_slow_source_one_frame_at_a_time")
    else {
        return;
    };
    let path = data.join("video").join("cat_cow_02.mp4");
    let frames = clip_frames(&path).take(30).map(|mut f| {
        f.ts = Timestamp::from_secs_f64(f.index as f64 / 10.0);
        f
    });
    let c = compare(frames, 2);
    assert_eq!(c.pipelined.len(), 30);
    let worst = c
        .sequential
        .iter()
        .zip(&c.pipelined)
        .map(|(s, p)| match (&s.pose, &p.pose) {
            (Some(s), Some(p)) => distance_pct(s, p),
            (None, None) => 0.0,
            _ => f32::INFINITY,
        })
        .fold(0.0, f32::max);
    // Only ONNX Runtime's float rounding with one thread instead of two.
    assert!(
        worst < 0.01,
        "{worst} % of torso from the sequential landmarks"
    );
}
