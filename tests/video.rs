//! The engine on real video landmarks: MediaPipe's own output for the project's clips
//! (`tests/data/mediapipe/video_full.json`, in this repository), fed frame by frame
//! through the coach. A check that real, smoothed, partly hidden landmarks give the
//! counts and holds the clips show (counts from `../shared/data/video/MANIFEST.tsv`).

use crate::util::catalog;
use formcheck::body::Pose;
use formcheck::frame::Timestamp;
use formcheck::practice::report::{analyze_stream, ExerciseChoice};

struct Clip {
    file: String,
    fps: f64,
    frames: Vec<Option<Pose>>,
}

fn load_clips() -> Vec<Clip> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mediapipe/video_full.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let clips = v
        .get("clips")
        .and_then(|c| c.as_array())
        .cloned()
        .unwrap_or_default();
    clips
        .iter()
        .map(|c| {
            let file = c
                .get("file")
                .and_then(|f| f.as_str())
                .unwrap_or("")
                .to_owned();
            let fps = c.get("fps").and_then(|f| f.as_f64()).unwrap_or(30.0);
            let frames = c
                .get("frames")
                .and_then(|f| f.as_array())
                .map(|fs| fs.iter().map(pose_of).collect())
                .unwrap_or_default();
            Clip { file, fps, frames }
        })
        .collect()
}

fn pose_of(v: &serde_json::Value) -> Option<Pose> {
    crate::util::pose_from_reference_rows(v.as_array()?, 2)
}

#[test]
fn clips_give_the_counts_they_show() {
    let clips = load_clips();
    let cat = catalog();
    // clip → (exercise, count as in ../shared/data/video/MANIFEST.tsv), for every clip of a
    // routine exercise. (Copied here so this check runs where ../shared is absent; the
    // real-clip test reads the manifest itself.)
    // seated_hamstring_stretch_01 is left out: at 3.3 fps MediaPipe's video mode lags the
    // lean (its hip angle is 88° on the deepest frame, where its own static mode reads 39–47°
    // and ours, in video mode, 67°), so its landmarks never show the stretch; the real-clip
    // test runs that clip through our pipeline.
    let table: [(&str, &str, &str); 7] = [
        ("cat_cow_01.mp4", "cat", "1"),
        ("cat_cow_02.mp4", "cat", "1"),
        ("childs_pose_01.mp4", "childs_pose", "hold 26"),
        ("glute_bridge_01.mp4", "bridge", "3"),
        // Two lifts: the first ends in a hard cut to the floor, the second at the top.
        ("glute_bridge_02.mp4", "bridge", "2"),
        ("knee_to_chest_01.mp4", "knee_to_chest", "hold 5"),
        ("pelvic_tilt_01.mp4", "pelvic_tilt", "2"),
    ];
    println!("\nreal clip landmarks (MediaPipe) → engine");
    let mut bad = Vec::new();
    for (file, ex, counted) in table {
        let Some(clip) = clips.iter().find(|c| c.file == file) else {
            bad.push(format!("{file}: missing from the reference data"));
            continue;
        };
        let poses: Vec<(Timestamp, Option<Pose>)> = clip
            .frames
            .iter()
            .enumerate()
            .map(|(i, p)| (Timestamp::from_secs_f64(i as f64 / clip.fps), p.clone()))
            .collect();
        let r = analyze_stream(&cat, &ExerciseChoice::Id(ex.into()), &poses)
            .unwrap_or_else(|e| panic!("{e}"));
        let (expected, got, ok) = crate::util::judge_clip(&cat, ex, counted, &r);
        let corrections: Vec<&str> = r.corrections.iter().map(|c| c.id.as_str()).collect();
        println!(
            "{file:<32} {ex:<16} expected {expected:<10} got {got:<10} corrections {corrections:?} {}",
            if ok { "✓" } else { "✗" }
        );
        if !ok {
            bad.push(format!("{file}: expected {expected}, got {got}"));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// Each clip through [`AutoSelect`]: the sequence of stable choices.
fn auto_choices(clip: &Clip) -> Vec<String> {
    let cat = catalog();
    let exercises = cat.routine_exercises();
    let mut auto = formcheck::coach::AutoSelect::new(1.0, 0.6);
    clip.frames
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            auto.update(
                &exercises,
                p.as_ref(),
                Timestamp::from_secs_f64(i as f64 / clip.fps),
            )
        })
        .map(|c| {
            if c.is_empty() {
                "none".to_owned()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[test]
fn clips_are_recognised_in_automatic_mode() {
    let clips = load_clips();
    println!("\nautomatic mode on real clip landmarks (stable choices in order)");
    for c in &clips {
        println!("{:<34} {:?}", c.file, auto_choices(c));
    }
    let want: [(&str, &str); 5] = [
        ("cat_cow_01.mp4", "cat"),
        ("cat_cow_02.mp4", "cat"),
        ("childs_pose_01.mp4", "childs_pose"),
        ("knee_to_chest_01.mp4", "knee_to_chest"),
        ("glute_bridge_02.mp4", "bridge"),
    ];
    for (file, ex) in want {
        let clip = clips
            .iter()
            .find(|c| c.file == file)
            .unwrap_or_else(|| panic!("{file}"));
        let choices = auto_choices(clip);
        assert!(choices.iter().any(|c| c == ex), "{file}: {choices:?}");
    }
}
