//! Ends of a session (issue 13): a stop signal to the running app closes its window the way
//! the close button does, and the session file gets its `end` record (not "unfinished").
//! The real binary runs in a real window under Xvfb on a real clip.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Whether `program` is on PATH.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

fn only_session(dir: &Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(dir.join("sessions"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
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
    let _ = std::fs::remove_dir_all(&home);
    let config = home.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(config.join("settings.toml"), "safety_acknowledged = true\n").expect("settings");
    // `exec` so that the signal goes to formcheck, not to a shell.
    let mut child = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1024x600x24", "sh", "-c"])
        .arg(format!(
            "exec {} run --source {} --exercise bridge --model lite --mute --window 1024x600",
            env!("CARGO_BIN_EXE_formcheck"),
            data.join("video/glute_bridge_03.mp4").display()
        ))
        .env("FORMCHECK_CONFIG_DIR", &config)
        .env("FORMCHECK_DATA_DIR", &home)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xvfb-run starts");
    // Wait until the session has begun (its file exists), then ask the app to stop.
    let until = Instant::now() + Duration::from_secs(60);
    while only_session(&home).is_none() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(200));
    }
    let file = only_session(&home).expect("the app opened a session within a minute");
    std::thread::sleep(Duration::from_secs(2));
    let pid = Command::new("pgrep")
        .args([
            "-n",
            "-f",
            &format!("{} run --source", env!("CARGO_BIN_EXE_formcheck")),
        ])
        .output()
        .expect("pgrep runs");
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_owned();
    assert!(!pid.is_empty(), "the app's process is found");
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let until = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break Some(s);
        }
        if Instant::now() > until {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let status = status.expect("the app exits within 30 s of SIGTERM");
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
