//! `formcheck doctor` end to end: green in the source tree, the failures named with their
//! fix and exit code, and a binary laid out as the package lays it out finding the
//! package's runtime and models before the source tree's.

use crate::util;
use std::path::{Path, PathBuf};
use std::process::Command;

const EXIT_MODEL: i32 = 4;
const EXIT_RUNTIME: i32 = 5;

/// A fresh scratch folder under the target dir.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// `<exe> doctor` from `/`, with its own data and config folders and no override of the
/// models or content; returns the exit code and stdout.
fn doctor(exe: &Path, scratch: &Path, env: &[(&str, &str)]) -> (i32, String) {
    let mut c = Command::new(exe);
    c.arg("doctor")
        .current_dir("/")
        .env("FORMCHECK_DATA_DIR", scratch.join("data"))
        .env("FORMCHECK_CONFIG_DIR", scratch.join("config"))
        .env_remove("FORMCHECK_MODELS")
        .env_remove("FORMCHECK_CONTENT")
        .env_remove("ORT_DYLIB_PATH");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("doctor runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    println!("{stdout}");
    (out.status.code().unwrap_or(-1), stdout)
}

/// The report line of one check.
fn line<'a>(report: &'a str, what: &str) -> &'a str {
    report
        .lines()
        .find(|l| {
            l.split_whitespace()
                .skip(1)
                .collect::<Vec<_>>()
                .join(" ")
                .starts_with(what)
        })
        .unwrap_or_else(|| panic!("no {what:?} line in:\n{report}"))
}

/// The fix printed under the line of one check.
fn fix<'a>(report: &'a str, what: &str) -> &'a str {
    let l = line(report, what);
    let mut lines = report.lines().skip_while(|x| *x != l).skip(1);
    lines
        .next()
        .and_then(|x| x.trim_start().strip_prefix("fix: "))
        .unwrap_or_else(|| panic!("no fix under {what:?} in:\n{report}"))
}

#[test]
fn doctor_is_green_in_the_source_tree() {
    if util::skip(util::runtime(), "doctor_is_green_in_the_source_tree") {
        return;
    }
    let dir = scratch("doctor-green");
    let (code, report) = doctor(Path::new(env!("CARGO_BIN_EXE_formcheck")), &dir, &[]);
    assert_eq!(code, 0, "{report}");
    assert!(line(&report, "ONNX Runtime").starts_with("ok"), "{report}");
    assert!(line(&report, "ONNX Runtime").contains("1.28.0"), "{report}");
    for model in ["pose_detection", "pose_landmark_lite", "pose_landmark_full"] {
        let l = line(&report, &format!("model {model}"));
        assert!(
            l.starts_with("ok") && l.contains("as in the manifest"),
            "{l}"
        );
    }
    assert!(
        line(&report, "exercises").contains("built into the program"),
        "{report}"
    );
    assert!(report.contains("formcheck can coach"), "{report}");
}

#[test]
fn doctor_names_a_missing_runtime_and_its_fix() {
    let dir = scratch("doctor-no-runtime");
    let (code, report) = doctor(
        Path::new(env!("CARGO_BIN_EXE_formcheck")),
        &dir,
        &[("ORT_DYLIB_PATH", "/nonexistent/libonnxruntime.so")],
    );
    assert_eq!(code, EXIT_RUNTIME, "{report}");
    let l = line(&report, "ONNX Runtime");
    assert!(
        l.starts_with("MISSING") && l.contains("/nonexistent/libonnxruntime.so"),
        "{l}"
    );
    assert!(
        fix(&report, "ONNX Runtime").contains("install the formcheck package"),
        "{report}"
    );
    assert!(report.contains("formcheck cannot coach yet"), "{report}");
}

#[test]
fn doctor_names_missing_models_with_each_place_tried() {
    let dir = scratch("doctor-no-models");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let empty_s = empty.to_str().expect("utf-8 path");
    let (code, report) = doctor(
        Path::new(env!("CARGO_BIN_EXE_formcheck")),
        &dir,
        &[("FORMCHECK_MODELS", empty_s)],
    );
    // The runtime may be missing on this machine: then its code comes first.
    assert!(code == EXIT_MODEL || code == EXIT_RUNTIME, "{report}");
    let l = line(&report, "model pose_detection");
    assert!(l.starts_with("MISSING"), "{l}");
    let f = fix(&report, "model pose_detection");
    assert!(
        f.contains(&format!("looked in {empty_s}")) && f.contains("--models-dir"),
        "{f}"
    );
}

/// A binary in `<prefix>/bin` with the runtime in `<prefix>/lib/formcheck` and the models in
/// `<prefix>/share/formcheck/models` (links to the source tree's) uses those, not the
/// source tree's: the installed package's layout, without installing it.
#[test]
fn a_binary_in_the_package_layout_finds_the_packages_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = root.join(".ort/lib");
    if !lib.is_dir() {
        println!("SKIP a_binary_in_the_package_layout_finds_the_packages_files: no .ort/lib (run bash .ci/setup)");
        return;
    }
    let dir = scratch("doctor-layout");
    let prefix = dir.join("usr");
    for sub in ["bin", "lib", "share/formcheck"] {
        std::fs::create_dir_all(prefix.join(sub)).expect("mkdir");
    }
    std::os::unix::fs::symlink(&lib, prefix.join("lib/formcheck")).expect("symlink");
    std::os::unix::fs::symlink(root.join("models"), prefix.join("share/formcheck/models"))
        .expect("symlink");
    // A hard link, so the running binary's own path is inside the layout.
    let exe = prefix.join("bin/formcheck");
    if std::fs::hard_link(env!("CARGO_BIN_EXE_formcheck"), &exe).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_formcheck"), &exe).expect("copy the binary");
    }
    let (code, report) = doctor(&exe, &dir, &[]);
    assert_eq!(code, 0, "{report}");
    let runtime = line(&report, "ONNX Runtime");
    assert!(
        runtime.contains(&prefix.join("lib/formcheck").display().to_string()),
        "{runtime}"
    );
    let detector = line(&report, "model pose_detection");
    assert!(
        detector.contains(&prefix.join("share/formcheck/models").display().to_string()),
        "{detector}"
    );
}
