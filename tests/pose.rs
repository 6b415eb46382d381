//! The pose pipeline against MediaPipe itself (reference landmarks recorded by
//! `tests/data/mediapipe/make_reference.sh` with mediapipe 0.10.14), and on real clips.

use crate::util;
use formcheck::body::LandmarkId;
use formcheck::frame::{Frame, Timestamp};
use formcheck::pose::{ModelKind, PoseEstimator};
use serde::Deserialize;

#[derive(Deserialize)]
struct Reference {
    photos: Vec<RefPhoto>,
}

#[derive(Deserialize)]
struct RefPhoto {
    file: String,
    found: bool,
    landmarks: Vec<Vec<Option<f32>>>,
}

fn torso(lms: &[[f32; 2]]) -> f32 {
    let mid = |a: usize, b: usize| [(lms[a][0] + lms[b][0]) / 2.0, (lms[a][1] + lms[b][1]) / 2.0];
    let s = mid(11, 12);
    let h = mid(23, 24);
    (s[0] - h[0]).hypot(s[1] - h[1])
}

fn median(v: &mut [f32]) -> f32 {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f32::NAN)
}

#[test]
fn landmarks_agree_with_mediapipe_on_real_photos() {
    let Some(data) = util::real_data_and_runtime("landmarks_agree_with_mediapipe_on_real_photos")
    else {
        return;
    };
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mediapipe/real_photos_full.json"
    ))
    .expect("reference file is committed");
    let reference: Reference = serde_json::from_str(&text).expect("reference parses");
    let mut bp = util::blazepose(ModelKind::Full, true);
    let mut per_photo = Vec::new();
    let mut per_landmark: Vec<Vec<f32>> = vec![Vec::new(); 33];
    let mut missed = Vec::new();
    let mut worst = (0.0f32, String::new());
    for photo in &reference.photos {
        let path = data.join("real").join(&photo.file);
        let image = formcheck::source::images::load_rgb(&path).expect("photo decodes");
        let frame = Frame {
            image,
            ts: Timestamp(0),
            index: 0,
            label: photo.file.clone(),
        };
        let result = bp.estimate(&frame).expect("pose runs");
        if !photo.found {
            continue;
        }
        let Some(pose) = result.pose else {
            missed.push(photo.file.clone());
            continue;
        };
        let theirs: Vec<[f32; 2]> = photo
            .landmarks
            .iter()
            .map(|r| [r[0].unwrap_or(f32::NAN), r[1].unwrap_or(f32::NAN)])
            .collect();
        let t = torso(&theirs);
        let errs: Vec<f32> = LandmarkId::ALL
            .iter()
            .map(|&id| {
                let ours = pose.get(id);
                let [x, y] = theirs[id.index()];
                (ours.x - x).hypot(ours.y - y) / t
            })
            .collect();
        for (i, e) in errs.iter().enumerate() {
            per_landmark[i].push(*e);
        }
        let mean = errs.iter().sum::<f32>() / errs.len() as f32;
        if mean > worst.0 {
            worst = (mean, photo.file.clone());
        }
        per_photo.push(mean);
    }
    let n = per_photo.len();
    let med = median(&mut per_photo);
    let mut lm_medians: Vec<(f32, &str)> = per_landmark
        .iter_mut()
        .enumerate()
        .map(|(i, v)| (median(v), LandmarkId::ALL[i].name()))
        .collect();
    lm_medians.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "photos compared: {n}; MediaPipe found a person in {} of {}",
        n + missed.len(),
        reference.photos.len()
    );
    println!(
        "median over photos of the mean landmark error: {:.3} % of torso length",
        med * 100.0
    );
    println!(
        "worst photo: {} at {:.2} % of torso",
        worst.1,
        worst.0 * 100.0
    );
    println!(
        "worst landmarks (median over photos): {}",
        lm_medians
            .iter()
            .take(5)
            .map(|(e, n)| format!("{n} {:.2} %", e * 100.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(
        missed.is_empty(),
        "MediaPipe found a person that formcheck missed in {missed:?}"
    );
    assert!(
        med <= 0.015,
        "median landmark error {:.3} % of torso exceeds 1.5 %",
        med * 100.0
    );
}

#[test]
fn photo_without_a_person_gives_no_pose() {
    if util::skip(util::runtime(), "photo_without_a_person_gives_no_pose") {
        return;
    }
    // A smooth gradient: nothing person-shaped in it.
    let image = image::RgbImage::from_fn(320, 240, |x, y| {
        image::Rgb([(x / 2) as u8, (y / 2) as u8, 128])
    });
    let frame = Frame {
        image,
        ts: Timestamp(0),
        index: 0,
        label: "gradient".into(),
    };
    let mut bp = util::blazepose(ModelKind::Lite, true);
    let r = bp.estimate(&frame).expect("runs");
    assert!(r.pose.is_none());
    assert!(r.detector_ran);
}

/// Per clip: frames, frames with a pose, detector runs, and the jitter of a still body.
#[test]
fn video_mode_tracks_real_clips() {
    let Some(data) = util::real_data_and_runtime("video_mode_tracks_real_clips") else {
        return;
    };
    let holds: Vec<String> = util::clip_manifest(&data)
        .into_iter()
        .filter(|(_, _, reps)| reps.starts_with("hold"))
        .map(|(file, _, _)| file)
        .collect();
    assert!(!holds.is_empty(), "manifest lists held clips");
    let mp: MpVideo = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/mediapipe/video_full.json"
        ))
        .expect("MediaPipe video reference is committed"),
    )
    .expect("reference parses");
    println!(
        "{:<34} {:>6} {:>7} {:>9} {:>13} {:>13} {:>11}",
        "clip", "frames", "tracked", "detector", "still jitter", "MediaPipe's", "vs MP"
    );
    let mut agreement = Vec::new();
    let (mut total_frames, mut total_found) = (0, 0);
    for clip in util::clip_poses(&data) {
        let frames = clip.poses.len();
        let found = clip.poses.iter().filter(|(_, p)| p.is_some()).count();
        let track: Vec<Option<formcheck::body::Pose>> =
            clip.poses.iter().map(|(_, p)| p.clone()).collect();
        let jitter = still_jitter(&track);
        let reference = mp.clips.iter().find(|c| c.file == clip.file);
        let mp_jitter = reference.and_then(|r| mp_still_jitter(&r.frames));
        // Median over frames of the mean landmark distance to MediaPipe's video-mode output,
        // in % of MediaPipe's torso length.
        let vs_mp = reference.map(|r| {
            let mut errs: Vec<f32> = track
                .iter()
                .zip(&r.frames)
                .filter_map(|(ours, theirs)| {
                    let (ours, theirs) = (ours.as_ref()?, theirs.as_ref()?);
                    let pts: Vec<[f32; 2]> = theirs.iter().map(|l| [l[0], l[1]]).collect();
                    let t = torso(&pts);
                    let sum: f32 = LandmarkId::ALL
                        .iter()
                        .map(|&id| {
                            let o = ours.get(id);
                            (o.x - pts[id.index()][0]).hypot(o.y - pts[id.index()][1])
                        })
                        .sum();
                    Some(sum / 33.0 / t)
                })
                .collect();
            median(&mut errs)
        });
        if let Some(e) = vs_mp {
            agreement.push(e);
        }
        println!(
            "{:<34} {:>6} {:>7} {:>9} {:>10} {:>13} {:>10}",
            clip.file,
            frames,
            found,
            clip.detector_runs,
            jitter.map_or("-".into(), |j| format!("{j:.2} px")),
            mp_jitter.map_or("-".into(), |j| format!("{j:.2} px")),
            vs_mp.map_or("-".into(), |e| format!("{:.2} %", e * 100.0))
        );
        total_frames += frames;
        total_found += found;
        assert!(
            found as f32 >= 0.95 * frames as f32,
            "{} lost the person too often",
            clip.file
        );
        assert!(
            clip.detector_runs <= 3.max(frames / 20),
            "{}: detector ran {} times in {frames} frames",
            clip.file,
            clip.detector_runs
        );
        // Only clips with a held pose (MANIFEST "hold N") have a still body to measure.
        if let (Some(j), true) = (jitter, holds.contains(&clip.file)) {
            assert!(j < 1.0, "{}: still-body jitter {j:.2} px", clip.file);
        }
    }
    println!("total: {total_found}/{total_frames} frames with a pose");
    let med = median(&mut agreement);
    println!(
        "video mode vs MediaPipe: median over clips {:.2} % of torso",
        med * 100.0
    );
    assert!(
        med <= 0.03,
        "video-mode landmarks drift from MediaPipe's: {:.2} %",
        med * 100.0
    );
}

#[derive(Deserialize)]
struct MpVideo {
    clips: Vec<MpClip>,
}

#[derive(Deserialize)]
struct MpClip {
    file: String,
    /// Per frame: 33 × [x px, y px, visibility], or null when MediaPipe found nobody.
    frames: Vec<Option<Vec<[f32; 3]>>>,
}

/// [`still_jitter`] on MediaPipe's recorded video-mode output.
fn mp_still_jitter(frames: &[Option<Vec<[f32; 3]>>]) -> Option<f32> {
    let ids = [11usize, 12, 23, 24, 25, 26];
    let mut best: Option<f32> = None;
    for w in frames.windows(15) {
        let poses: Option<Vec<&Vec<[f32; 3]>>> = w.iter().map(Option::as_ref).collect();
        let Some(poses) = poses else { continue };
        let mut steps = Vec::new();
        for pair in poses.windows(2) {
            for &i in &ids {
                let (a, b) = (pair[0].get(i)?, pair[1].get(i)?);
                if a[2] > 0.5 && b[2] > 0.5 {
                    steps.push((a[0] - b[0]).hypot(a[1] - b[1]));
                }
            }
        }
        if steps.is_empty() {
            continue;
        }
        let m = median(&mut steps);
        if best.is_none_or(|b| m < b) {
            best = Some(m);
        }
    }
    best
}

/// Median frame-to-frame motion (image pixels) of the visible shoulder, hip and knee landmarks
/// over the stillest 15-frame window: how much the output shakes when the body does not move.
fn still_jitter(track: &[Option<formcheck::body::Pose>]) -> Option<f32> {
    const WIN: usize = 15;
    let ids = [
        LandmarkId::LeftShoulder,
        LandmarkId::RightShoulder,
        LandmarkId::LeftHip,
        LandmarkId::RightHip,
        LandmarkId::LeftKnee,
        LandmarkId::RightKnee,
    ];
    let mut best: Option<f32> = None;
    for w in track.windows(WIN) {
        let poses: Option<Vec<_>> = w.iter().map(Option::as_ref).collect();
        let Some(poses) = poses else { continue };
        let mut steps = Vec::new();
        for pair in poses.windows(2) {
            for id in ids {
                let (a, b) = (pair[0].get(id), pair[1].get(id));
                if a.visibility > 0.5 && b.visibility > 0.5 {
                    steps.push(a.point().distance(b.point()));
                }
            }
        }
        if steps.is_empty() {
            continue;
        }
        let m = median(&mut steps);
        if best.is_none_or(|b| m < b) {
            best = Some(m);
        }
    }
    best
}

/// A clip through BlazePose (full) with or without the adaptive rate: every frame's pose, the
/// share of frames held and the longest a held frame lay after the model's last run (s);
/// every held pose must be the frame before's.
fn with_rate(
    data: &std::path::Path,
    file: &str,
    rate: Option<formcheck::pose::AdaptiveRate>,
) -> (Vec<(Timestamp, Option<formcheck::body::Pose>)>, f32, f64) {
    use formcheck::source::FrameSource as _;
    let mut config = formcheck::pose::PoseConfig::new(
        formcheck::pose::models::default_models_dir(),
        ModelKind::Full,
    );
    config.adaptive_rate = rate;
    let mut bp = formcheck::pose::BlazePose::new(config).expect("models load");
    let mut src = formcheck::source::video::VideoSource::open(&data.join("video").join(file))
        .expect("clip opens");
    let (mut poses, mut held, mut last_run, mut longest) = (Vec::new(), 0, None, 0.0f64);
    while let Some(frame) = src.next_frame().expect("clip decodes") {
        let r = bp.estimate(&frame).expect("pose runs");
        let t = frame.ts.secs_f64();
        if r.held {
            let last = poses.last().and_then(|(_, p): &(_, Option<_>)| p.as_ref());
            assert_eq!(
                r.pose.as_ref(),
                last,
                "{file}: a held frame keeps the last pose"
            );
            held += 1;
            if let Some(ran) = last_run {
                longest = longest.max(t - ran);
            }
        } else {
            last_run = Some(t);
        }
        poses.push((frame.ts, r.pose));
    }
    let share = held as f32 / poses.len().max(1) as f32;
    (poses, share, longest)
}

/// The adaptive pose rate (issue 15, on in the app at camera rate) skips the model through a
/// still hold, a held frame never lying more than the settled pose's cap (0.5 s) after the
/// model's last run, less during reps, not at all when turned off, and the coach counts the
/// same on its poses: a hold, bridges and pelvic tilts (small movements inside a hold).
#[test]
fn adaptive_rate_skips_still_frames_and_counts_the_same() {
    use formcheck::practice::report::{analyze_stream, ExerciseChoice};
    let Some(data) =
        util::real_data_and_runtime("adaptive_rate_skips_still_frames_and_counts_the_same")
    else {
        return;
    };
    let catalog = formcheck::content::load_default().expect("content loads");
    let rate = Some(formcheck::pose::AdaptiveRate::default());
    let max_gap_s = rate
        .and_then(|r| r.still.settled)
        .map_or(0.0, |s| s.max_gap_ns as f64 * 1e-9);
    let mut shares = Vec::new();
    for (file, id) in [
        ("childs_pose_01.mp4", "childs_pose"),
        ("glute_bridge_01.mp4", "bridge"),
        ("pelvic_tilt_01.mp4", "pelvic_tilt"),
    ] {
        let (every, none_held, _) = with_rate(&data, file, None);
        let (adaptive, share, longest) = with_rate(&data, file, rate);
        let report = |poses| {
            analyze_stream(&catalog, &ExerciseChoice::Id(id.into()), poses).expect("analysis")
        };
        let (a, b) = (report(&every), report(&adaptive));
        println!(
            "{file}: held {:.0} % of frames (longest {longest:.3} s after a run); reps {} / {}, movements {} / {}, held {:.1} / {:.1} s (every frame / adaptive)",
            share * 100.0,
            a.reps.len(),
            b.reps.len(),
            a.movements.len(),
            b.movements.len(),
            a.held_secs,
            b.held_secs
        );
        assert!(none_held == 0.0, "{file}: turned off, it still held frames");
        assert!(
            longest <= max_gap_s + 1e-6,
            "{file}: a frame held {longest} s after the model's last run"
        );
        assert_eq!(a.reps.len(), b.reps.len(), "{file}: reps");
        assert_eq!(a.movements.len(), b.movements.len(), "{file}: movements");
        assert!(
            (a.held_secs - b.held_secs).abs() <= 0.3,
            "{file}: held {} s vs {} s",
            a.held_secs,
            b.held_secs
        );
        shares.push(share);
    }
    assert!(
        shares[0] > 0.3,
        "a still hold held only {:.0} %",
        shares[0] * 100.0
    );
    // Bridges move: only slow stretches of them and the rests between are held.
    assert!(
        shares[1] < shares[0] * 0.75,
        "bridges held {:.0} %, the hold {:.0} %",
        shares[1] * 100.0,
        shares[0] * 100.0
    );
}
