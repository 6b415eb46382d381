//! Ends and limits: option ranges refused with a clear message, ONNX Runtime paths that
//! cannot be used, session files from a newer formcheck, a data folder that cannot be used,
//! a session that never began, and SIGTERM/SIGINT turned into a flag the session's owner
//! polls.

use formcheck::session::format::{EndReason, Mode, StartMeta};
use formcheck::session::{read_session, SessionWriter};
use std::path::PathBuf;
use std::process::Command;

const EXIT_USAGE: i32 = 2;
const EXIT_RUNTIME: i32 = 5;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn formcheck(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_formcheck"));
    c.args(args);
    c
}

#[track_caller]
fn check(mut c: Command, code: i32, needle: &str) {
    let out = c.output().expect("binary runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(
        err.contains(needle),
        "stderr should mention {needle:?}: {err}"
    );
    println!("exit {code}: {}", err.lines().next().unwrap_or(""));
}

#[test]
fn option_ranges_are_checked() {
    // Checked before any input is read, so the input need not exist.
    let bad: [(&[&str], &str); 10] = [
        (&["analyze", "x.jpg", "--threads", "100000"], "from 1 to"),
        (&["analyze", "x.jpg", "--threads", "0"], "from 1 to"),
        (&["pose", "x.jpg", "--threads=-3"], "from 1 to"),
        (&["bench", "--threads", "100000"], "from 1 to"),
        (
            &["analyze", "x.jpg", "--min-detection-confidence", "NaN"],
            "from 0 to 1",
        ),
        (
            &["analyze", "x.jpg", "--min-detection-confidence", "1.5"],
            "from 0 to 1",
        ),
        (
            &["pose", "x.jpg", "--min-tracking-confidence=-0.1"],
            "from 0 to 1",
        ),
        (
            &["pose", "x.jpg", "--min-tracking-confidence", "inf"],
            "from 0 to 1",
        ),
        (&["--log", "bogus", "exercises"], "log level"),
        (&["--log", "formcheck=loud", "exercises"], "log level"),
    ];
    for (args, needle) in bad {
        check(formcheck(args), EXIT_USAGE, needle);
    }
    for args in [
        ["--log", "debug", "exercises"],
        ["--log", "formcheck=trace,warn", "exercises"],
    ] {
        let out = formcheck(&args).output().expect("runs");
        assert!(out.status.success(), "{args:?}");
    }
    let max = formcheck::cli::max_threads().to_string();
    assert!(formcheck::cli::parse_threads(&max).is_ok());
    assert!(formcheck::cli::parse_unit("0").is_ok() && formcheck::cli::parse_unit("1").is_ok());
}

#[test]
fn unusable_onnx_runtime_paths_are_named() {
    let dir = scratch("limits-ort");
    let photo = dir.join("p.png");
    image::RgbImage::new(32, 32).save(&photo).expect("png");
    let photo = photo.to_str().expect("utf-8");
    let mut empty = formcheck(&["pose", photo]);
    empty.env("ORT_DYLIB_PATH", "");
    check(empty, EXIT_RUNTIME, "ORT_DYLIB_PATH is set but empty");
    // A library file carrying the telemetry collector's address is refused.
    let fake = dir.join("libonnxruntime.so.1.99.0");
    let mut bytes = b"\x7fELF not really a library; ".to_vec();
    bytes.extend_from_slice(formcheck::pose::runtime::TELEMETRY_MARKER);
    std::fs::write(&fake, bytes).expect("write");
    let mut telemetry = formcheck(&["pose", photo]);
    telemetry
        .env("ORT_DYLIB_PATH", &fake)
        .env_remove(formcheck::pose::runtime::ALLOW_TELEMETRY_ENV);
    check(telemetry, EXIT_RUNTIME, "telemetry client");
    // The library the set-up installs has no telemetry client.
    if let Ok(path) = formcheck::pose::runtime::ensure_runtime() {
        assert!(
            !formcheck::pose::runtime::carries_telemetry(&path).expect("readable"),
            "{} carries the telemetry client",
            path.display()
        );
    }
}

fn meta() -> StartMeta {
    StartMeta::new_now("full", "video x.mp4", Mode::Free, None)
}

#[test]
fn session_of_a_newer_version_says_so() {
    let dir = scratch("limits-newer-session");
    let sessions = dir.join("sessions");
    std::fs::create_dir_all(&sessions).expect("mkdir");
    let current = SessionWriter::create(&sessions, &meta()).expect("writer");
    let path = current.end(1.0, EndReason::Done, None).expect("end");
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        read_session(&path).expect("reads").issues.newer_version,
        None
    );
    // The same lines as a version-3 writer would stamp them, plus a kind v2 does not know.
    let newer = text.replace("{\"v\":2,", "{\"v\":3,")
        + "{\"v\":3,\"t\":0.5,\"kind\":\"heart_rate\",\"bpm\":80}\n";
    let newer_path = sessions.join("20990101-000000-newer.jsonl");
    std::fs::write(&newer_path, newer).expect("write");
    let s = read_session(&newer_path).expect("still readable");
    assert_eq!(s.issues.newer_version, Some(3));
    assert_eq!(s.summary().newer_version, Some(3));
    let note = s.issues.newer_version_note().expect("a note");
    assert!(
        note.contains("newer formcheck") && note.contains("version 3"),
        "{note}"
    );
    // The commands say so.
    let out = formcheck(&["history"])
        .env("FORMCHECK_DATA_DIR", &dir)
        .output()
        .expect("history runs");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("newer format v3"), "{table}");
    let mut export = formcheck(&["export", newer_path.to_str().expect("utf-8"), "--json"]);
    export.env("FORMCHECK_DATA_DIR", &dir);
    check(export, 0, "written by a newer formcheck");
}

#[test]
fn a_session_that_never_began_leaves_no_file() {
    use formcheck::practice::{Practice, RoutineTiming, SessionSetup, Step, SummaryOf};
    let dir = scratch("limits-empty-session");
    let sessions = dir.join("sessions");
    let setup = SessionSetup {
        timing: RoutineTiming::default(),
        session_dir: Some(sessions.clone()),
        model: "lite".into(),
        source: "video missing.mp4".into(),
    };
    let files = || std::fs::read_dir(&sessions).map_or(0, |d| d.count());
    let mut p = Practice::new(formcheck::content::load_default().map_err(Into::into));
    // Begun, coached and ended (the worker gone) without a picture: no file, now or ever.
    p.begin_exercise("bridge", &setup).expect("starts");
    p.start_now();
    assert_eq!(files(), 0, "a session file before any picture");
    p.end_session(EndReason::Error, true);
    let steps = p.worker_gone();
    assert!(
        steps
            .iter()
            .any(|s| matches!(s, Step::Summary(SummaryOf::NotRecorded(None)))),
        "{steps:?}"
    );
    assert_eq!(files(), 0, "an empty session file was left");
    // With a picture, it is kept and ended.
    p.begin_exercise("bridge", &setup).expect("starts");
    p.frame_arrived();
    assert_eq!(files(), 1);
    let steps = p.end_session(EndReason::Error, true);
    let kept = steps
        .into_iter()
        .find_map(|s| match s {
            Step::Summary(SummaryOf::File(path)) => Some(path),
            _ => None,
        })
        .expect("kept");
    let s = read_session(&kept).expect("reads");
    assert_eq!(s.end().map(|(_, r)| r), Some(EndReason::Error));
}

#[test]
fn an_unusable_data_dir_names_the_variable_and_the_fix() {
    let dir = scratch("limits-data-dir");
    let file = dir.join("not-a-folder");
    std::fs::write(&file, "a file, not a folder").expect("write");
    // `history` and `export` say which folder, where it comes from and what to do; exit 1.
    for args in [&["history"][..], &["export", "latest", "--json"]] {
        let mut c = formcheck(args);
        c.env("FORMCHECK_DATA_DIR", &file);
        let out = c.output().expect("binary runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        let folder = file.join("sessions");
        for needle in [
            folder.to_str().expect("utf-8"),
            "FORMCHECK_DATA_DIR=",
            "unset FORMCHECK_DATA_DIR",
            "writable folder",
        ] {
            assert!(
                err.contains(needle),
                "{args:?} should say {needle:?}: {err}"
            );
        }
        println!("exit 1: {}", err.lines().next().unwrap_or(""));
    }
    // The app records through the writer: its notice carries the same message.
    let err = SessionWriter::create(&file.join("sessions"), &meta()).expect_err("unusable");
    assert!(
        matches!(err, formcheck::session::SessionError::UnusableDir { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("FORMCHECK_DATA_DIR"), "{err}");
}

/// Set in the child run of [`first_signal_sets_the_flag_second_ends`].
const CHILD_ENV: &str = "FORMCHECK_TEST_SHUTDOWN_CHILD";

#[test]
fn first_signal_sets_the_flag_second_ends() {
    if std::env::var_os(CHILD_ENV).is_some() {
        shutdown_child();
        return;
    }
    let out =
        crate::util::rerun_in_child("limits::first_signal_sets_the_flag_second_ends", CHILD_ENV)
            .output()
            .expect("child runs");
    let text = crate::util::output_text(&out);
    assert!(
        text.contains("shutdown child: flag set by SIGTERM"),
        "{text}"
    );
    assert!(!text.contains("shutdown child: still alive"), "{text}");
    assert_eq!(out.status.code(), Some(130), "{text}");
}

fn shutdown_child() {
    use signal_hook::consts::signal::{SIGINT, SIGTERM};
    let shutdown = formcheck::shutdown::Shutdown::install().expect("handlers");
    assert!(!shutdown.requested());
    signal_hook::low_level::raise(SIGTERM).expect("raise");
    assert!(shutdown.requested());
    assert_eq!(shutdown.detail().as_deref(), Some("stopped by SIGTERM"));
    println!("shutdown child: flag set by SIGTERM");
    // A second signal ends the process at once, with status 130.
    signal_hook::low_level::raise(SIGINT).expect("raise");
    std::thread::sleep(std::time::Duration::from_secs(2));
    println!("shutdown child: still alive");
}
