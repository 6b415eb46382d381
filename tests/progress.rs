//! Range of motion in the session record, `analyze --record`, progress over weeks and the
//! physiotherapist's report: version-1 files still read, a real clip recorded as a session,
//! synthetic six-week histories with exact figures, and the report read by a real browser.

use crate::util;
use formcheck::session::{read_session, summarize};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh scratch folder under the target dir.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

pub(crate) fn formcheck(data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_formcheck"))
        .args(args)
        .env("FORMCHECK_DATA_DIR", data)
        .output()
        .expect("binary runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "panic: {err}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        err,
    )
}

/// A session as formcheck 0.1's version-1 writer wrote it (no `range` records).
const VERSION_1_FILE: &str = r#"{"v":1,"t":0.0,"kind":"start","session_id":"0123456789abcdef","started_at":"2026-10-01T08:00:00Z","app_version":"0.1.0","model":"full","source":"camera 0","mode":"free"}
{"v":1,"t":0.5,"kind":"exercise","id":"bridge","name":"Bridge","dose":{"reps":10,"sides":1}}
{"v":1,"t":3.2,"kind":"hold","exercise":"bridge","secs":1.5,"target_secs":2.0,"completed":false}
{"v":1,"t":3.2,"kind":"rep","exercise":"bridge","index":1,"quality":{"range_reached":true,"duration_secs":2.5,"held_secs":1.5}}
{"v":1,"t":3.3,"kind":"angle","exercise":"bridge","name":"hip","deg":171.0}
{"v":1,"t":4.0,"kind":"correction","exercise":"bridge","id":"hips_low","message":"Lift your hips a little higher."}
{"v":1,"t":5.0,"kind":"exercise_end","id":"bridge","reps":1,"holds":0}
{"v":1,"t":5.0,"kind":"end","reason":"done"}
"#;

#[test]
fn files_of_version_1_still_read() {
    let dir = scratch("progress-v1");
    let path = dir.join("20261001-080000-01234567.jsonl");
    std::fs::write(&path, VERSION_1_FILE).expect("write");
    let s = read_session(&path).expect("reads");
    assert!(s.issues.is_empty(), "{:?}", s.issues);
    let summary = summarize(&s);
    assert_eq!(summary.total_reps, 1);
    assert_eq!(summary.exercises[0].corrections, 1);
    assert!(summary.exercises[0].ranges.is_empty(), "no ranges in v1");
    assert_eq!(s.angle_series("bridge", "hip"), vec![(3.3, 171.0)]);
}

#[test]
fn a_range_must_name_an_angle_and_a_direction() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/bridge.toml"),
    )
    .expect("bridge.toml");
    let (ex, problems) = formcheck::content::load_exercise_str(Path::new("bridge.toml"), &text);
    assert!(problems.is_empty(), "{problems:?}");
    let rom = ex.and_then(|e| e.range).expect("bridge names its range");
    assert!(rom.higher_is_better);
    let bad = text.replace(
        "measure = \"hip\"\nbetter = \"higher\"",
        "measure = \"over_line\"\nbetter = \"up\"",
    );
    let (_, problems) = formcheck::content::load_exercise_str(Path::new("bridge.toml"), &bad);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|p| p.contains("range.measure") && p.contains("not an angle")),
        "{text:?}"
    );
}

/// A real clip through `analyze --record`: the session is in `history` with the clip's
/// reps, holds and range of motion.
#[test]
fn analyze_record_makes_a_session_with_its_range() {
    let Some(data) = util::real_data_and_runtime("analyze_record_makes_a_session_with_its_range")
    else {
        return;
    };
    let dir = scratch("progress-record");
    let clip = data.join("video/glute_bridge_01.mp4");
    let clip = clip.to_str().expect("utf-8");
    let (code, out, err) = formcheck(
        &dir,
        &[
            "analyze",
            clip,
            "--exercise",
            "bridge",
            "--model",
            "lite",
            "--record",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("recorded as a session:"), "{out}");
    let (code, out, err) = formcheck(&dir, &["history", "--json"]);
    assert_eq!(code, 0, "{err}");
    let sessions: serde_json::Value = serde_json::from_str(&out).expect("json");
    let list = sessions.as_array().expect("a list");
    assert_eq!(list.len(), 1, "{out}");
    let ex = &list[0]["exercises"][0];
    assert_eq!(ex["id"], "bridge");
    assert_eq!(ex["reps"], 3);
    assert_eq!(ex["holds"], 3);
    let range = &ex["ranges"][0];
    assert_eq!(range["measure"], "hip");
    let (best, median) = (
        range["best_deg"].as_f64().expect("best"),
        range["median_deg"].as_f64().expect("median"),
    );
    println!(
        "glute_bridge_01 recorded: 3 reps, hip range best {best:.1}°, median {median:.1}° over {} frames held",
        range["samples"]
    );
    assert!(best >= median && median >= 162.0, "{range}");
    // Without an exercise nothing is recorded, and the person is told why.
    let (code, _, err) = formcheck(&dir, &["analyze", clip, "--record"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--exercise ID"), "{err}");
}
