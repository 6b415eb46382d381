//! The command line end to end: JSON shape and the bad-input matrix (each case a clear
//! message naming the problem and its documented exit code, never a panic).

use crate::util;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXIT_INPUT: i32 = 3;
const EXIT_MODEL: i32 = 4;
const EXIT_RUNTIME: i32 = 5;
const EXIT_CAMERA: i32 = 6;

fn formcheck(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_formcheck"));
    c.args(args);
    c
}

fn run(mut c: Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("binary runs");
    let (out, err) = (
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    );
    assert!(!err.contains("panicked"), "panic: {err}");
    (status.code().unwrap_or(-1), out, err)
}

/// A fresh scratch folder under the target dir.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn models_dir() -> PathBuf {
    formcheck::pose::models::default_models_dir()
}

fn write_test_jpeg(path: &Path) {
    let img = image::RgbImage::from_fn(160, 120, |x, y| {
        image::Rgb([(x * 3) as u8, (y * 2) as u8, 90])
    });
    img.save(path).expect("jpeg written");
}

#[track_caller]
fn check(c: Command, code: i32, needle: &str) {
    let (got, out, err) = run(c);
    assert_eq!(got, code, "exit code; stdout: {out}\nstderr: {err}");
    assert!(
        err.contains(needle),
        "stderr should mention {needle:?}: {err}"
    );
    println!("exit {got}: {}", err.lines().next().unwrap_or(""));
}

/// `formcheck pose <path>` with more arguments after the path.
fn pose(path: &Path, more: &[&str]) -> Command {
    let mut c = formcheck(&["pose", path.to_str().expect("utf-8 path")]);
    c.args(more);
    c
}

/// `formcheck pose <path>` fails with the input exit code and names the problem.
#[track_caller]
fn pose_input_error(path: &Path, needle: &str) {
    check(pose(path, &[]), EXIT_INPUT, needle);
}

/// A file `name` in `dir` holding `bytes` is an input error naming the problem.
#[track_caller]
fn bad_file(dir: &Path, name: &str, bytes: &[u8], needle: &str) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    pose_input_error(&path, needle);
}

/// `formcheck pose <photo> --models-dir <models>`, with no `FORMCHECK_MODELS` to fall back on.
fn pose_with_models(photo: &Path, models: &Path, more: &[&str]) -> Command {
    let mut c = pose(photo, more);
    c.arg("--models-dir").arg(models);
    c.env_remove("FORMCHECK_MODELS");
    c
}

#[test]
fn bad_input_matrix() {
    if util::skip(util::runtime(), "bad_input_matrix") {
        return;
    }
    let dir = scratch("bad_input");

    // Missing input file.
    pose_input_error(
        Path::new("/nonexistent/photo.jpg"),
        "file not found: /nonexistent/photo.jpg",
    );
    // Unreadable image: text with a .jpg name; an empty one; a truncated one.
    bad_file(
        &dir,
        "notes.jpg",
        b"this is not a picture",
        "cannot read image",
    );
    bad_file(&dir, "empty.png", b"", "the file is empty");
    let good = dir.join("good.jpg");
    write_test_jpeg(&good);
    let bytes = std::fs::read(&good).expect("read");
    bad_file(
        &dir,
        "truncated.jpg",
        &bytes[..bytes.len() / 3],
        "truncated.jpg",
    );

    // Folder with no images.
    let none = dir.join("no_images");
    std::fs::create_dir_all(&none).expect("mkdir");
    std::fs::write(none.join("readme.txt"), "x").expect("write");
    pose_input_error(&none, "no images");

    // Empty and garbage video files.
    bad_file(
        &dir,
        "empty.mp4",
        b"",
        "has no frames (empty or truncated file)",
    );
    bad_file(&dir, "junk.mp4", &[7u8; 4096], "cannot read video");

    truncated_video(&dir);
    bad_models(&dir, &good);

    // Missing ONNX Runtime library, and a file that is not one (the text from above).
    let text = dir.join("notes.jpg");
    let mut c = pose(&good, &[]);
    c.env("ORT_DYLIB_PATH", "/nonexistent/libonnxruntime.so");
    check(c, EXIT_RUNTIME, "ONNX Runtime library not found");
    // Refused before loading, naming what it is (issue 26: a cut-off copy was a SIGBUS).
    let mut c = pose(&good, &[]);
    c.env("ORT_DYLIB_PATH", &text);
    check(
        c,
        EXIT_RUNTIME,
        "is not a shared library (no 64-bit ELF header",
    );
    if let Ok(lib) = formcheck::pose::runtime::locate_library() {
        let cut = dir.join("libonnxruntime.so.1.28.0");
        let whole = std::fs::read(&lib).expect("library");
        std::fs::write(&cut, &whole[..1_000_000.min(whole.len() / 2)]).expect("write");
        let mut c = pose(&good, &[]);
        c.env("ORT_DYLIB_PATH", &cut);
        check(c, EXIT_RUNTIME, "is cut off");
    }
    // A device is no picture or video (issue 26: it was "empty or truncated").
    pose_input_error(Path::new("/dev/zero"), "/dev/zero is a device");

    // No camera: the machine has none; asking for camera 0 says so.
    check(formcheck(&["pose", "0"]), EXIT_CAMERA, "camera");
}

/// The bad-input matrix: a truncated video (mp4 index at the end is cut off), and the intact
/// clip with nobody in it.
fn truncated_video(dir: &Path) {
    let clip = dir.join("clip.mp4");
    let made = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x120:rate=10:duration=2",
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(&clip)
        .status();
    if made.is_ok_and(|s| s.success()) {
        let bytes = std::fs::read(&clip).expect("read");
        bad_file(
            dir,
            "truncated.mp4",
            &bytes[..bytes.len() / 2],
            "truncated.mp4",
        );
        // The intact clip has no person: every frame answers "no person", exit 0.
        let (code, out, _) = run(pose(&clip, &["--model", "lite"]));
        assert_eq!(code, 0);
        assert_eq!(
            out.lines().filter(|l| l.ends_with("no person")).count(),
            20,
            "{out}"
        );
    } else {
        println!("SKIP truncated video case: ffmpeg cannot make a test clip here");
    }
}

/// The bad-input matrix: missing, corrupt, wrong and unbuilt models, on a good photo.
fn bad_models(dir: &Path, good: &Path) {
    // Missing model.
    let no_models = dir.join("no_models");
    std::fs::create_dir_all(&no_models).expect("mkdir");
    check(
        pose_with_models(good, &no_models, &[]),
        EXIT_MODEL,
        "model file not found",
    );

    // Corrupt model (checksum mismatch) and wrong model (the detector under the landmark name).
    let corrupt = dir.join("corrupt_models");
    std::fs::create_dir_all(&corrupt).expect("mkdir");
    let det = std::fs::read(models_dir().join("pose_detection.onnx")).expect("detector");
    std::fs::write(corrupt.join("pose_detection.onnx"), &det).expect("write");
    let full = std::fs::read(models_dir().join("pose_landmark_full.onnx")).expect("full");
    std::fs::write(
        corrupt.join("pose_landmark_full.onnx"),
        &full[..full.len() - 100],
    )
    .expect("write");
    check(pose_with_models(good, &corrupt, &[]), EXIT_MODEL, "SHA-256");
    std::fs::write(corrupt.join("pose_landmark_full.onnx"), &det).expect("write");
    check(
        pose_with_models(good, &corrupt, &[]),
        EXIT_MODEL,
        "is not the expected pose_landmark_full model",
    );

    // Heavy model not built: says how to build it.
    check(
        pose_with_models(good, &corrupt, &["--model", "heavy"]),
        EXIT_MODEL,
        "build_models.sh",
    );
}

#[test]
fn wrong_model_io_is_named() {
    if util::skip(util::runtime(), "wrong_model_io_is_named") {
        return;
    }
    use formcheck::pose::{models, runtime::Model};
    let det_path = models_dir().join("pose_detection.onnx");
    let bytes = std::fs::read(&det_path).expect("detector");
    let spec = models::spec("pose_landmark_full").expect("spec");
    let err = Model::from_bytes(&bytes, &spec, &det_path, 1)
        .expect_err("detector is not a landmark model");
    let msg = err.to_string();
    assert!(
        msg.contains("input 'input_1' has shape [1, 224, 224, 3], expected [1, 256, 256, 3]"),
        "{msg}"
    );
}

#[test]
fn json_schema_for_person_and_for_nobody() {
    let Some(data) = util::real_data_and_runtime("json_schema_for_person_and_for_nobody") else {
        return;
    };
    let photo = data.join("real/cobra/cobra_01.jpg");
    let (code, out, err) = run(formcheck(&["pose", photo.to_str().unwrap(), "--json"]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["frame"], 0);
    assert!(v["width"].as_u64().unwrap_or(0) > 0 && v["height"].as_u64().unwrap_or(0) > 0);
    let lms = v["landmarks"].as_array().expect("landmarks array");
    assert_eq!(lms.len(), 33);
    assert_eq!(lms[0]["name"], "nose");
    assert_eq!(lms[32]["name"], "right_foot_index");
    for key in ["x", "y", "z", "visibility", "presence"] {
        assert!(lms[25][key].is_number(), "{key}");
    }
    assert_eq!(v["world_landmarks"].as_array().map(Vec::len), Some(33));

    let dir = scratch("json_nobody");
    let blank = dir.join("blank.png");
    image::RgbImage::from_pixel(200, 150, image::Rgb([200, 200, 210]))
        .save(&blank)
        .expect("png");
    let overlay = dir.join("overlay.png");
    let (code, out, err) = run(formcheck(&[
        "pose",
        blank.to_str().unwrap(),
        "--json",
        "--overlay",
        overlay.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "nobody in the photo is not an error: {err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["landmarks"].as_array().map(Vec::len), Some(0));
    assert!(v["score"].is_null());
    assert!(overlay.is_file(), "overlay written even with nobody");
}

#[test]
fn overlay_of_real_photos() {
    let Some(data) = util::real_data_and_runtime("overlay_of_real_photos") else {
        return;
    };
    let out = scratch("overlays");
    let (code, _, err) = run(formcheck(&[
        "pose",
        data.join("real/bridge").to_str().unwrap(),
        "--overlay",
        out.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_dir(&out).expect("overlays").count();
    assert_eq!(written, 15);
    // The overlay differs from the photo where the skeleton is drawn.
    let drawn = image::open(out.join("bridge_01.png"))
        .expect("overlay")
        .to_rgb8();
    let photo = image::open(data.join("real/bridge/bridge_01.jpg"))
        .expect("photo")
        .to_rgb8();
    let changed = drawn
        .pixels()
        .zip(photo.pixels())
        .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 60))
        .count();
    assert!(changed > 500, "skeleton pixels: {changed}");
}

/// `formcheck analyze` on the bad inputs: a malformed content file, an unknown
/// exercise id, an empty video, a photo with nobody.
#[test]
fn analyze_bad_inputs() {
    const EXIT_CONTENT: i32 = 7;
    let dir = scratch("analyze-bad");
    let photo = dir.join("nobody.jpg");
    write_test_jpeg(&photo);
    let photo = photo.to_str().expect("utf-8 path");
    // Malformed content: both problems named with file and key, nothing analysed.
    let content = dir.join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).expect("content")
    {
        let path = entry.expect("entry").path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, content.join(name)).expect("copy");
        }
    }
    let bridge = std::fs::read_to_string(content.join("bridge.toml")).expect("bridge");
    std::fs::write(
        content.join("bridge.toml"),
        bridge.replace("cycle = [\"down\", \"up\"]", "cycle = [\"down\", \"top\"]"),
    )
    .expect("write");
    let cobra = std::fs::read_to_string(content.join("cobra.toml")).expect("cobra");
    std::fs::write(content.join("cobra.toml"), cobra.replace("[dose]", "[dose")).expect("write");
    let mut c = formcheck(&["analyze", photo]);
    c.env("FORMCHECK_CONTENT", &content);
    let (code, _, err) = run(c);
    assert_eq!(code, EXIT_CONTENT, "{err}");
    assert!(
        err.contains("bridge.toml: cycle[1]: unknown phase \"top\"") && err.contains("cobra.toml"),
        "{err}"
    );
    println!(
        "exit {code}: {}",
        err.lines().collect::<Vec<_>>().join(" | ")
    );
    // Unknown exercise id: the valid ids are listed.
    check(
        formcheck(&["analyze", photo, "--exercise", "plank"]),
        EXIT_CONTENT,
        "unknown exercise \"plank\"; valid ids: bridge",
    );
    // Empty video.
    let empty = dir.join("empty.mp4");
    std::fs::write(&empty, b"").expect("write");
    check(
        formcheck(&[
            "analyze",
            empty.to_str().expect("utf-8"),
            "--exercise",
            "bridge",
        ]),
        EXIT_INPUT,
        "has no frames (empty or truncated file)",
    );
    // A photo with nobody: not an error, and nothing judged.
    if !util::skip(util::runtime(), "analyze_bad_inputs: photo with nobody") {
        let (code, out, err) = run(formcheck(&["analyze", photo, "--json"]));
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
        assert_eq!(v["person"], false, "{out}");
        assert!(v["exercise"].is_null(), "{out}");
        assert_eq!(v["verdict"], "no person in the picture", "{out}");
        println!("exit 0: {}", out.trim());
    }
}

#[test]
fn bench_pace_feeds_at_camera_rate() {
    if util::skip(util::runtime(), "bench_pace_feeds_at_camera_rate") {
        return;
    }
    // The table: every figure the mode is for is printed.
    let (code, out, err) = run(formcheck(&[
        "bench", "--pace", "30", "--frames", "20", "--warmup", "2", "--model", "lite",
    ]));
    assert_eq!(code, 0, "{err}");
    print!("{out}");
    for needle in [
        "paced at 30 fps",
        "20 frames",
        "processed",
        "dropped",
        "% of one core per second of video",
        "latency         p50",
    ] {
        assert!(out.contains(needle), "{needle:?} missing from:\n{out}");
    }
    // The JSON: every frame fed is either processed or replaced by a newer one.
    let (code, out, err) = run(formcheck(&[
        "bench", "--pace", "30", "--frames", "20", "--warmup", "2", "--model", "lite", "--json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let int = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {out}"));
    assert_eq!(int("fed"), 20);
    // Without --threads it runs as the app does at camera rate: one ONNX Runtime thread.
    assert_eq!(int("threads"), 1, "{out}");
    assert!(int("processed") >= 1);
    assert_eq!(int("processed") + int("dropped"), 20, "{out}");
    assert!((v["video_s"].as_f64().expect("video_s") - 20.0 / 30.0).abs() < 1e-9);
    assert!(v["cpu_share_of_core"].as_f64().is_some(), "{out}");
    assert!(v["latency"]["p95_ms"].as_f64().is_some(), "{out}");
    // The exercise coached (whose joints pace the rate) is chosen; an unknown one is named
    // with the valid ids (exit 7, a content problem) before anything runs.
    let (code, out, err) = run(formcheck(&[
        "bench",
        "--pace",
        "30",
        "--frames",
        "5",
        "--warmup",
        "1",
        "--model",
        "lite",
        "--exercise",
        "pelvic_tilt",
        "--json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["exercise"], "pelvic_tilt", "{out}");
    let (code, _, err) = run(formcheck(&[
        "bench",
        "--pace",
        "30",
        "--exercise",
        "bridgee",
    ]));
    assert_eq!(code, 7, "{err}");
    assert!(
        err.contains("unknown exercise \"bridgee\"") && err.contains("bridge,"),
        "{err}"
    );
    // Out-of-range rates are refused before anything runs.
    for bad in ["0", "-5", "1000", "fast"] {
        let (code, _, err) = run(formcheck(&["bench", &format!("--pace={bad}")]));
        assert_eq!(code, 2, "--pace {bad}: {err}");
        assert!(err.contains("frame rate"), "--pace {bad}: {err}");
    }
}

#[test]
fn bench_in_flight_runs_frames_side_by_side() {
    if util::skip(util::runtime(), "bench_in_flight_runs_frames_side_by_side") {
        return;
    }
    let (code, out, err) = run(formcheck(&[
        "bench",
        "--in-flight",
        "2",
        "--frames",
        "20",
        "--warmup",
        "2",
        "--model",
        "lite",
        "--json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let int = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {out}"));
    assert_eq!(int("in_flight"), 2, "{out}");
    // Without --threads each frame's session has one ONNX Runtime thread.
    assert_eq!(int("threads"), 1, "{out}");
    assert_eq!(int("frames"), 20, "{out}");
    // Every timed frame came out of the pipeline, the person found on the built-in clip.
    let frame = v["stages"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == "frame"))
        .unwrap_or_else(|| panic!("frame stage in {out}"));
    assert_eq!(frame["count"], 20, "{out}");
    assert!(int("frames_with_pose") >= 15, "{out}");
    // The default stays one frame at a time.
    let (code, out, err) = run(formcheck(&[
        "bench", "--frames", "5", "--warmup", "1", "--model", "lite", "--json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["in_flight"], 1, "{out}");
    assert_eq!(v["predecode"], false, "{out}");
    // --predecode decodes every frame first (MediaPipe's side of compare.sh does), then
    // times the same loop: every frame still comes through, in flight or not.
    for in_flight in ["1", "2"] {
        let (code, out, err) = run(formcheck(&[
            "bench",
            "--predecode",
            "--in-flight",
            in_flight,
            "--frames",
            "8",
            "--warmup",
            "1",
            "--model",
            "lite",
            "--json",
        ]));
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
        assert_eq!(v["predecode"], true, "{out}");
        assert_eq!(v["frames"], 8, "{out}");
        assert!(
            v["frames_with_pose"].as_u64().is_some_and(|n| n >= 6),
            "{out}"
        );
    }
    // Throughput and camera-rate modes do not mix.
    let (code, _, err) = run(formcheck(&["bench", "--in-flight", "2", "--pace", "30"]));
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("--in-flight"), "{err}");
}
