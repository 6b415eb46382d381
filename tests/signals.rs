//! Ends of a session (issue 13), with the real binary in a real window under Xvfb: a stop
//! signal to the running app closes its window the way the close button does, and the
//! session file gets its `end` record (not "unfinished"); a source that cannot be opened
//! leaves no session at all; a hold in progress when the signal comes is written (issue 26).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Whether `program` is on PATH.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

fn session_files(home: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(home.join("sessions"))
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until `done` or `secs` have passed; whether `done` came true.
fn wait_for(secs: u64, mut done: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + Duration::from_secs(secs);
    while !done() {
        if Instant::now() > until {
            return false;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    true
}

/// `formcheck run` practising the bridge on `source`, under Xvfb, with a scratch home
/// (`home/config` acknowledges the safety screen; sessions go to `home/sessions`).
struct App {
    child: Child,
    source: String,
}

impl App {
    fn start(home: &Path, source: &str) -> Self {
        Self::start_with(home, source, "bridge")
    }

    /// [`App::start`] practising `exercise`.
    fn start_with(home: &Path, source: &str, exercise: &str) -> Self {
        let _ = std::fs::remove_dir_all(home);
        let config = home.join("config");
        std::fs::create_dir_all(&config).expect("config dir");
        std::fs::write(config.join("settings.toml"), "safety_acknowledged = true\n")
            .expect("settings");
        // `exec` so that the signal goes to formcheck, not to a shell.
        let child = Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1024x600x24", "sh", "-c"])
            .arg(format!(
                "exec {} run --source '{source}' --exercise {exercise} --model lite --mute --window 1024x600",
                env!("CARGO_BIN_EXE_formcheck"),
            ))
            .env("FORMCHECK_CONFIG_DIR", &config)
            .env("FORMCHECK_DATA_DIR", home)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("xvfb-run starts");
        Self {
            child,
            source: source.to_owned(),
        }
    }

    /// Sends SIGTERM to the app (found by its command line) and waits for it to exit.
    fn stop(mut self) -> ExitStatus {
        let pattern = format!(
            "{} run --source {}",
            env!("CARGO_BIN_EXE_formcheck"),
            self.source
        );
        let pid = Command::new("pgrep")
            .args(["-n", "-f", &pattern])
            .output()
            .expect("pgrep runs");
        let pid = String::from_utf8_lossy(&pid.stdout).trim().to_owned();
        assert!(!pid.is_empty(), "the app's process is found");
        let killed = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let mut status = None;
        wait_for(30, || {
            status = self.child.try_wait().expect("wait");
            status.is_some()
        });
        status.unwrap_or_else(|| {
            let _ = self.child.kill();
            panic!("the app did not exit within 30 s of SIGTERM")
        })
    }
}

#[test]
fn sigterm_ends_the_app_session_with_its_end_record() {
    const TEST: &str = "sigterm_ends_the_app_session_with_its_end_record";
    let Some(data) = crate::util::real_data_and_runtime(TEST) else {
        return;
    };
    if !on_path("xvfb-run") {
        println!("SKIP {TEST}: xvfb-run is absent (bash .ci/setup --test installs it)");
        return;
    }
    let home = std::env::temp_dir().join(format!("formcheck-signals-{}", std::process::id()));
    let clip = data.join("video/glute_bridge_03.mp4");
    let app = App::start(&home, clip.to_str().expect("utf-8"));
    // Wait until the session has begun (its file exists), then ask the app to stop.
    assert!(
        wait_for(60, || !session_files(&home).is_empty()),
        "the app opened a session within a minute"
    );
    let file = session_files(&home).remove(0);
    std::thread::sleep(Duration::from_secs(2));
    let status = app.stop();
    let session = formcheck::session::read_session(&file).expect("the session reads");
    println!(
        "app exit: {status}; session end: {:?}; {} records",
        session.end(),
        session.events.len()
    );
    assert!(status.success(), "a stop signal is a normal end: {status}");
    let (_, reason) = session.end().expect("the session has its end record");
    assert_eq!(reason, formcheck::session::EndReason::Quit);
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_source_that_cannot_be_opened_leaves_no_session() {
    const TEST: &str = "a_source_that_cannot_be_opened_leaves_no_session";
    if !on_path("xvfb-run") {
        println!("SKIP {TEST}: xvfb-run is absent (bash .ci/setup --test installs it)");
        return;
    }
    let home = std::env::temp_dir().join(format!("formcheck-bad-source-{}", std::process::id()));
    let not_video =
        std::env::temp_dir().join(format!("formcheck-not-a-video-{}.mp4", std::process::id()));
    std::fs::write(&not_video, "this is text, not a video\n").expect("write");
    let missing = home.with_extension("missing.mp4");
    for source in [&missing, &not_video] {
        let app = App::start(&home, source.to_str().expect("utf-8"));
        // The exercise has begun once its sessions folder exists (made, or found unusable,
        // when a session begins); the source had its chance to deliver.
        assert!(
            wait_for(60, || home.join("sessions").is_dir()),
            "{}: the exercise began within a minute",
            source.display()
        );
        std::thread::sleep(Duration::from_secs(4));
        let status = app.stop();
        let files = session_files(&home);
        println!(
            "{}: app exit {status}, session files {files:?}",
            source.display()
        );
        assert!(status.success(), "{status}");
        assert!(
            files.is_empty(),
            "{}: a source that never opened left {files:?}",
            source.display()
        );
    }
    let _ = std::fs::remove_dir_all(&home);
    let _ = std::fs::remove_file(&not_video);
}

/// Issue 26: a hold in progress when SIGTERM comes is written (stopped short, with its
/// seconds) before the exercise's end and the session's `end`: child's pose held for some
/// seconds of a real clip, then the signal.
#[test]
fn sigterm_mid_hold_writes_the_hold_in_progress() {
    const TEST: &str = "sigterm_mid_hold_writes_the_hold_in_progress";
    let Some(data) = crate::util::real_data_and_runtime(TEST) else {
        return;
    };
    if !on_path("xvfb-run") {
        println!("SKIP {TEST}: xvfb-run is absent (bash .ci/setup --test installs it)");
        return;
    }
    let home = std::env::temp_dir().join(format!("formcheck-signals-hold-{}", std::process::id()));
    let clip = data.join("video/childs_pose_01.mp4");
    let app = App::start_with(&home, clip.to_str().expect("utf-8"), "childs_pose");
    assert!(
        wait_for(60, || !session_files(&home).is_empty()),
        "the app opened a session within a minute"
    );
    let file = session_files(&home).remove(0);
    // The clip plays in real time; its hold starts in the first seconds and lasts 26 s.
    std::thread::sleep(Duration::from_secs(10));
    let status = app.stop();
    let session = formcheck::session::read_session(&file).expect("the session reads");
    let kinds: Vec<&str> = session.events.iter().map(|e| e.record.kind()).collect();
    let holds: Vec<f64> = session
        .events
        .iter()
        .filter_map(|e| match &e.record {
            formcheck::session::Record::Hold(h) => Some(h.secs),
            _ => None,
        })
        .collect();
    println!("app exit: {status}; holds {holds:?}; records {kinds:?}");
    assert!(status.success(), "{status}");
    assert!(
        !holds.is_empty(),
        "the hold in progress is written: {kinds:?}"
    );
    let at = |k: &str| kinds.iter().rposition(|x| *x == k).unwrap_or(usize::MAX);
    assert!(
        at("hold") < at("exercise_end") && at("exercise_end") < at("end"),
        "{kinds:?}"
    );
    let _ = std::fs::remove_dir_all(&home);
}
