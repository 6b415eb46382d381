//! Issue 26, a second hostile-input trial: nothing lost, nothing overwritten, nothing
//! injected. Each table row is a case an attacker or a careless user tried, with what the
//! program must do instead of what it did.

use formcheck::session::format::{
    Correction, Dose, EndReason, ExerciseStart, Hold, Mode, Record, StartMeta,
};
use formcheck::session::SessionWriter;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A fresh scratch folder.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// The binary with data and config in `home` (`home/sessions`, `home/config`) and the
/// built-in content.
fn formcheck(home: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_formcheck"));
    c.args(args)
        .env("FORMCHECK_DATA_DIR", home)
        .env("FORMCHECK_CONFIG_DIR", home.join("config"))
        .env_remove("FORMCHECK_CONTENT")
        .stdin(Stdio::null());
    c
}

/// Runs `c` for at most `secs` (then kills it: a hang is a failure): code, stdout, stderr.
/// Both pipes are drained while it runs, so a chatty command cannot block on them.
fn run(mut c: Command, secs: u64) -> (i32, String, String) {
    use std::io::Read as _;
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let until = Instant::now() + Duration::from_secs(secs);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > until {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hung for {secs} s: {}", err.join().unwrap_or_default());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (o, e) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    assert!(!e.contains("panicked"), "{e}");
    (status.code().unwrap_or(-1), o, e)
}

/// A small finished session in `dir` whose exercise is named `name` and whose correction
/// says `message`; returns its path.
fn session_with(dir: &Path, exercise: &str, name: &str, message: &str) -> PathBuf {
    let meta = StartMeta::new_now("lite", "video x.mp4", Mode::Free, None);
    let mut w = SessionWriter::create(dir, &meta).expect("writer");
    let records = [
        Record::Exercise(ExerciseStart {
            id: exercise.into(),
            name: name.into(),
            dose: Dose {
                hold_secs: Some(20.0),
                min_hold_secs: None,
                reps: 1,
                sides: 1,
                breaths: None,
            },
        }),
        Record::Correction(Correction {
            exercise: exercise.into(),
            id: message.into(),
            message: message.into(),
        }),
        Record::Hold(Hold {
            exercise: exercise.into(),
            side: None,
            secs: 12.5,
            target_secs: 20.0,
            completed: false,
        }),
    ];
    for (i, r) in records.iter().enumerate() {
        w.append(i as f64, r).expect("append");
    }
    w.end(5.0, EndReason::Quit, None).expect("end")
}

/// Item 1: ids and names given to `delete` and `export` resolve only to files inside the
/// sessions folder; a path elsewhere (absolute, through `..`, a symbolic link) is refused
/// (exit 3) and nothing outside is read or removed.
#[test]
fn delete_and_export_stay_inside_the_sessions_folder() {
    let home = scratch("outside");
    let sessions = home.join("sessions");
    let inside = session_with(&sessions, "bridge", "Bridge", "Lift your hips");
    let elsewhere = scratch("outside-elsewhere");
    let outside = elsewhere.join("v.jsonl");
    std::fs::copy(&inside, &outside).expect("copy");
    let beside = home.join("w.jsonl");
    std::fs::copy(&inside, &beside).expect("copy");
    let link = sessions.join("link.jsonl");
    std::os::unix::fs::symlink(&outside, &link).expect("symlink");
    let s = |p: &Path| p.to_str().expect("utf-8").to_owned();
    let dotdot = format!("{}/../w.jsonl", s(&sessions));
    let cases: Vec<(Vec<String>, &Path)> = vec![
        (vec!["delete".into(), s(&outside), "--yes".into()], &outside),
        (
            vec!["delete".into(), dotdot.clone(), "--yes".into()],
            &beside,
        ),
        (vec!["delete".into(), s(&link), "--yes".into()], &outside),
        (
            vec!["delete".into(), "link".into(), "--yes".into()],
            &outside,
        ),
        (
            vec!["export".into(), s(&outside), "--json".into()],
            &outside,
        ),
        (vec!["export".into(), dotdot, "--csv".into()], &beside),
        (
            vec!["export".into(), "link.jsonl".into(), "--json".into()],
            &outside,
        ),
    ];
    for (args, kept) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = run(formcheck(&home, &args), 30);
        assert_eq!(code, 3, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?}: nothing read: {out}");
        assert!(
            kept.is_file(),
            "{args:?}: {} is still there",
            kept.display()
        );
        assert!(
            err.contains("sessions folder") || err.contains("formcheck history"),
            "{args:?}: {err}"
        );
    }
    assert!(link.symlink_metadata().is_ok(), "the link itself stays");
    // The file in the folder, by its path or its name, still works.
    let (code, out, err) = run(formcheck(&home, &["export", &s(&inside), "--json"]), 30);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"session_id\""), "{out}");
    // `delete --all` removes what is in the folder, never what a link points to.
    let (code, _, err) = run(formcheck(&home, &["delete", "--all", "--yes"]), 30);
    assert_eq!(code, 0, "{err}");
    assert!(!inside.exists() && outside.is_file() && beside.is_file());
    let _ = std::fs::remove_dir_all(&home);
    let _ = std::fs::remove_dir_all(&elsewhere);
}

/// Item 2: `teach` refuses to replace anything without `--force` and says what it would
/// replace (exit 2, before the demonstration is read): an existing `-o` file, the
/// person's own exercise of that id, a built-in exercise.
#[test]
fn teach_does_not_overwrite_without_force() {
    let home = scratch("teach-overwrite");
    let own = home.join("config/exercises");
    std::fs::create_dir_all(&own).expect("own folder");
    let wall_sit = own.join("wall_sit.toml");
    let hand_written = format!("# my physio's\n{}", crate::util::WALL_SIT_TOML);
    std::fs::write(&wall_sit, &hand_written).expect("write");
    let existing = home.join("mine.toml");
    std::fs::write(&existing, "# keep me\n").expect("write");
    let demo = home.join("no-such-demo.mp4");
    let demo = demo.to_str().expect("utf-8");
    let out = existing.to_str().expect("utf-8");
    let base = ["teach", demo, "--name", "Mine", "--reps", "3", "--id"];
    let cases: [(&[&str], &str); 3] = [
        (&["bridge"], "built-in exercise"),
        (&["wall_sit"], "you already have an exercise \"wall_sit\""),
        (&["other", "-o", out], "exists and would be overwritten"),
    ];
    for (rest, says) in cases {
        let args: Vec<&str> = base.iter().chain(rest).copied().collect();
        let (code, _, err) = run(formcheck(&home, &args), 30);
        assert_eq!(code, 2, "{rest:?}: {err}");
        assert!(
            err.contains(says) && err.contains("--force"),
            "{rest:?}: {err}"
        );
        assert!(
            !err.contains("no-such-demo"),
            "refused before reading: {err}"
        );
        // With --force the demonstration is read (here: it is missing, exit 3).
        let forced: Vec<&str> = args.iter().copied().chain(["--force"]).collect();
        let (code, _, err) = run(formcheck(&home, &forced), 30);
        assert_eq!(code, 3, "{rest:?} --force: {err}");
    }
    assert_eq!(
        std::fs::read_to_string(&wall_sit).expect("read"),
        hand_written
    );
    assert_eq!(
        std::fs::read_to_string(&existing).expect("read"),
        "# keep me\n"
    );
    assert!(!own.join("bridge.toml").exists());
    let _ = std::fs::remove_dir_all(&home);
}

/// Items 7 and 12: `teach --id` and `--name` are checked before the demonstration is read:
/// a bad id or a name with a newline, an escape or a direction override is a bad argument
/// (exit 2), saying why; nothing is written.
#[test]
fn teach_checks_id_and_name_up_front() {
    let home = scratch("teach-name");
    let cases: [(&str, &str, &str); 6] = [
        ("Bad-Id", "Fine", "lower_snake_case"),
        ("../evil", "Fine", "lower_snake_case"),
        ("ok", "Evil\ncautions = [\"INJECTED\"] #", "\\u{a}"),
        ("ok", "Evil\u{1b}]0;title\u{7}", "\\u{1b}"),
        ("ok", "abc\u{202E}fed", "\\u{202e}"),
        ("ok", "   ", "must not be empty"),
    ];
    for (id, name, says) in cases {
        let args = [
            "teach",
            "/no/demo.mp4",
            "--id",
            id,
            "--name",
            name,
            "--reps",
            "3",
        ];
        let (code, _, err) = run(formcheck(&home, &args), 30);
        assert_eq!(code, 2, "{id:?} {name:?}: {err}");
        assert!(err.contains(says), "{id:?} {name:?}: {err}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202E}'),
            "{err:?}"
        );
    }
    assert!(!home.join("config/exercises").exists());
    let _ = std::fs::remove_dir_all(&home);
}

/// Item 6: a session being written (its writer open, here in this process) is not deleted
/// by `delete --all`, which says so and deletes the rest; named, it is refused (exit 1).
/// Once closed it can be deleted.
#[test]
fn a_session_being_written_is_not_deleted() {
    let home = scratch("live");
    let sessions = home.join("sessions");
    let done = session_with(&sessions, "bridge", "Bridge", "Lift your hips");
    std::thread::sleep(Duration::from_millis(1100)); // another file name (seconds stamp)
    let meta = StartMeta::new_now("lite", "video y.mp4", Mode::Free, None);
    let mut live = SessionWriter::create(&sessions, &meta).expect("writer");
    live.flush().expect("flush");
    let live_path = live.path().to_path_buf();
    let (code, out, err) = run(formcheck(&home, &["delete", "--all", "--yes"]), 30);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Deleted 1 session."), "{out}");
    assert!(err.contains("being recorded"), "{err}");
    assert!(live_path.is_file() && !done.exists());
    let (code, _, err) = run(formcheck(&home, &["delete", "latest", "--yes"]), 30);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("being recorded") && live_path.is_file(),
        "{err}"
    );
    live.end(1.0, EndReason::Done, None).expect("end");
    let (code, out, err) = run(formcheck(&home, &["delete", "latest", "--yes"]), 30);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Deleted 1 session.") && !live_path.exists(),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&home);
}

/// The characters that take over a terminal, as they must never be printed.
const RAW: [char; 5] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202E}', '\u{8}'];

fn has_raw(text: &str) -> bool {
    text.contains(RAW)
}

/// Item 8: an own exercise file with control characters or a direction override in its
/// strings is left out with every problem listed at once (file, key); session files with
/// them in names and corrections are printed escaped by `history`, `progress`, `export
/// --csv` and `delete`'s messages.
#[test]
fn terminal_escapes_are_refused_in_own_files_and_escaped_in_every_printer() {
    let home = scratch("escapes");
    let own = home.join("config/exercises");
    std::fs::create_dir_all(&own).expect("own folder");
    let evil = crate::util::WALL_SIT_TOML
        .replace(
            "name = \"Wall sit\"",
            "name = \"Wall\\u001b]0;pwned\\u0007 sit\"",
        )
        .replace(
            "id = \"sit\"\n",
            "id = \"sit\"\ncue = \"Hold \\u202Eyalp\\u009b2J\"\n",
        )
        .replace(
            "\"Slide down a wall until your knees are at 90°.\"",
            "\"Slide\\bdown\"",
        );
    assert_ne!(evil, crate::util::WALL_SIT_TOML, "the sample file changed");
    std::fs::write(own.join("wall_sit.toml"), &evil).expect("write");
    let (code, out, err) = run(formcheck(&home, &["exercises"]), 30);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("wall_sit"), "left out: {out}");
    for key in ["name", "phase[0].cue", "instructions[0]"] {
        assert!(
            err.contains(&format!("wall_sit.toml: {key}: contains")),
            "{key}: {err}"
        );
    }
    assert!(!has_raw(&out) && !has_raw(&err), "{err:?}");
    let (code, _, err) = run(formcheck(&home, &["exercises", "wall_sit"]), 30);
    assert_eq!(code, 7, "{err}");

    let sessions = home.join("sessions");
    session_with(
        &sessions,
        "bridge",
        "Bridge\u{1b}[2J\u{7}",
        "Lift\u{202E} your hips\u{9b}31m\u{8}",
    );
    for args in [
        &["history"][..],
        &["progress"],
        &["export", "latest", "--csv"],
        &["delete", "--all", "--yes"],
    ] {
        let (code, out, err) = run(formcheck(&home, args), 30);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            !has_raw(&out) && !has_raw(&err),
            "{args:?}: {out:?} {err:?}"
        );
        if args[0] == "export" {
            assert!(
                out.contains("Lift\\u{202e} your hips\\u{9b}31m\\u{8}"),
                "{out}"
            );
        }
    }
    // A sessions folder whose own name carries an escape is named escaped by `delete`.
    let evil_home = scratch("escapes-\u{1b}]0;x\u{7}");
    session_with(&evil_home.join("sessions"), "bridge", "Bridge", "ok");
    let (code, out, err) = run(formcheck(&evil_home, &["delete", "--all", "--yes"]), 30);
    assert_eq!(code, 0, "{err}");
    let (code2, out2, err2) = run(formcheck(&evil_home, &["delete", "--all", "--yes"]), 30);
    assert_eq!(code2, 0, "{err2}");
    assert!(out2.contains("No sessions"), "{out2}");
    assert!(!has_raw(&format!("{out}{err}{out2}{err2}")), "{out2:?}");
    let _ = std::fs::remove_dir_all(&home);
    let _ = std::fs::remove_dir_all(&evil_home);
}

/// Item 9: a text cell a spreadsheet would run as a formula gets a leading `'`; numbers
/// (a negative range) are left as numbers.
#[test]
fn csv_cells_cannot_start_a_formula() {
    use formcheck::session::export::write_csv;
    let dir = scratch("csv-formula");
    let cases = [
        ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK"),
        ("+cmd|' /C calc'!A0", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM"),
        ("\tTAB", "\\u{9}TAB"),
    ];
    for (i, (message, cell)) in cases.iter().enumerate() {
        let sub = dir.join(i.to_string());
        let path = session_with(&sub, message, message, message);
        let s = formcheck::session::read_session(&path).expect("reads");
        let mut csv = Vec::new();
        write_csv(&s, &mut csv).expect("csv");
        let csv = String::from_utf8(csv).expect("utf-8");
        let (row, cells) = csv
            .lines()
            .map(|l| (l, csv_cells(l)))
            .find(|(_, c)| c[1] == "correction")
            .unwrap_or_else(|| panic!("{csv}"));
        // The exercise, correction and message cells.
        for at in [2, 11, 12] {
            assert!(cells[at].starts_with(cell), "{message:?} → {row}");
        }
        assert!(
            cells.iter().all(|c| !c.starts_with(['=', '+', '-', '@'])),
            "{row}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The cells of one CSV line (RFC 4180 quoting).
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().expect("cell").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            (c, _) => cells.last_mut().expect("cell").push(c),
        }
    }
    cells
}

/// The session files in `home/sessions`.
fn session_files(home: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(home.join("sessions"))
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default()
}

/// The latest session time (`t`, the clip's own time for `analyze --record`) of the records
/// written so far to the one session file under `home`, or 0.
fn recorded_until_secs(home: &Path) -> f64 {
    session_files(home)
        .first()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .map_or(0.0, |text| {
            text.lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v["t"].as_f64())
                .fold(0.0, f64::max)
        })
}

/// Item 4: SIGTERM or SIGINT while `analyze --record` writes closes the session as `run`
/// does: the hold in progress, the range, `exercise_end` and `end` (quit) are written, the
/// report of the frames read is printed, and the exit status is the shell's 128 + signal.
#[test]
fn a_signal_closes_the_analyze_record_session() {
    const TEST: &str = "a_signal_closes_the_analyze_record_session";
    let Some(data) = crate::util::real_data_and_runtime(TEST) else {
        return;
    };
    let clip = data.join("video/childs_pose_01.mp4");
    for (signal, status) in [("-TERM", 143), ("-INT", 130)] {
        let home = scratch(&format!("signal{signal}"));
        let mut c = formcheck(
            &home,
            &[
                "analyze",
                clip.to_str().expect("utf-8"),
                "--exercise",
                "childs_pose",
                "--record",
                "--json",
                "--model",
                "lite",
            ],
        );
        let child = c
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        // Wait until the session has recorded past 8 s of the clip (its hold begins at about
        // 3.5 s), however fast this machine reads it, then ask it to stop.
        let until = Instant::now() + Duration::from_secs(120);
        while recorded_until_secs(&home) < 8.0 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(100));
        }
        let killed = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        let out = child.wait_with_output().expect("exits");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{signal}: {stderr}");
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("the report of the frames read");
        let file = session_files(&home).pop().expect("the session file");
        let s = formcheck::session::read_session(&file).expect("reads");
        let kinds: Vec<&str> = s.events.iter().map(|e| e.record.kind()).collect();
        println!(
            "{signal}: {} frames read; records {kinds:?}",
            report["frames"]
        );
        assert!(report["frames"].as_u64().unwrap_or(0) > 0, "{report}");
        assert_eq!(report["truncated"], false, "a stop is not a damaged video");
        let holds = report["holds"].as_array().map_or(0, Vec::len);
        assert!(
            holds > 0,
            "{signal}: the clip's hold began before the signal: {report}"
        );
        assert_eq!(kinds.iter().filter(|k| **k == "hold").count(), holds);
        for kind in ["hold", "range", "exercise_end", "end"] {
            assert!(kinds.contains(&kind), "{signal}: no `{kind}`: {kinds:?}");
        }
        assert_eq!(s.summary().end_reason, Some(EndReason::Quit));
        assert_eq!(
            report["recorded_session"].as_str(),
            file.to_str(),
            "{report}"
        );
        let _ = std::fs::remove_dir_all(&home);
    }
}

/// `formcheck …` under `sh` with the file-size limit at `kib` KiB and SIGXFSZ ignored: a
/// write past it fails as on a full disk (unprivileged, no tmpfs needed).
fn full_disk(home: &Path, kib: u32, args: &[&str]) -> Command {
    let inner = formcheck(home, args);
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec \"$0\" \"$@\"",
            kib * 2
        ))
        .arg(inner.get_program())
        .args(inner.get_args())
        .envs(inner.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .env_remove("FORMCHECK_CONTENT")
        .stdin(Stdio::null());
    c
}

/// Item 5: `analyze --record` on a full disk prints the analysis anyway and exits 1,
/// saying the partial session file was removed (none is left in the history).
#[test]
fn a_full_disk_keeps_the_analysis_and_leaves_no_half_session() {
    const TEST: &str = "a_full_disk_keeps_the_analysis_and_leaves_no_half_session";
    let Some(data) = crate::util::real_data_and_runtime(TEST) else {
        return;
    };
    let clip = data.join("video/glute_bridge_03.mp4");
    let home = scratch("full-disk");
    let args = [
        "analyze",
        clip.to_str().expect("utf-8"),
        "--exercise",
        "bridge",
        "--record",
        "--json",
        "--model",
        "lite",
    ];
    let (code, out, err) = run(full_disk(&home, 2, &args), 300);
    println!("full disk: exit {code}; {err}");
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("the analysis is printed");
    assert!(report["frames"].as_u64().unwrap_or(0) > 400, "{report}");
    assert!(
        report["reps"].as_array().is_some_and(|r| !r.is_empty()),
        "{report}"
    );
    assert!(report.get("recorded_session").is_none(), "{report}");
    assert!(err.contains("was removed"), "{err}");
    assert!(session_files(&home).is_empty(), "no half session");
    let (code, out, _) = run(formcheck(&home, &["history"]), 30);
    assert_eq!(code, 0);
    assert!(out.starts_with("No sessions recorded yet"), "{out}");
    let _ = std::fs::remove_dir_all(&home);
}

/// Item 2: a taught file is written whole or not at all: on a full disk `teach` fails and
/// the own folder holds no empty or half exercise file (nor a temporary one).
#[test]
fn teach_on_a_full_disk_leaves_no_broken_exercise() {
    const TEST: &str = "teach_on_a_full_disk_leaves_no_broken_exercise";
    let Some(data) = crate::util::real_data_and_runtime(TEST) else {
        return;
    };
    let clip = data.join("video/glute_bridge_04.mp4");
    let home = scratch("teach-full");
    let args = [
        "teach",
        clip.to_str().expect("utf-8"),
        "--id",
        "weighted_bridge",
        "--name",
        "Weighted bridge",
        "--reps",
        "10",
        "--model",
        "lite",
    ];
    let (code, _, err) = run(full_disk(&home, 1, &args), 300);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cannot write"), "{err}");
    let own = home.join("config/exercises");
    let left: Vec<_> = std::fs::read_dir(&own)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    let _ = std::fs::remove_dir_all(&home);
}

/// The ONNX Runtime library the tests load, if there is one.
fn runtime_library() -> Option<PathBuf> {
    formcheck::pose::runtime::locate_library().ok()
}

/// Item 10: a cut-off or bogus ONNX Runtime library is refused before it is loaded (exit
/// 5 naming the file), by `doctor` and `analyze` alike, instead of crashing with SIGBUS.
#[test]
fn a_broken_runtime_library_is_refused_before_loading() {
    const TEST: &str = "a_broken_runtime_library_is_refused_before_loading";
    let Some(lib) = runtime_library() else {
        println!("SKIP {TEST}: no ONNX Runtime library here");
        return;
    };
    let home = scratch("broken-ort");
    let whole = std::fs::read(&lib).expect("library");
    let cut = home.join("libonnxruntime.so.1.28.0");
    std::fs::write(&cut, &whole[..1_000_000.min(whole.len() / 2)]).expect("write");
    let text = home.join("text.so");
    std::fs::write(&text, "not a library\n").expect("write");
    let photo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/safety.png");
    for (file, says) in [(&cut, "is cut off"), (&text, "not a shared library")] {
        for args in [
            &["doctor"][..],
            &["analyze", photo.to_str().expect("utf-8")],
        ] {
            let mut c = formcheck(&home, args);
            c.env("ORT_DYLIB_PATH", file);
            let (code, out, err) = run(c, 60);
            let all = format!("{out}{err}");
            assert_eq!(code, 5, "{args:?} {says}: {all}");
            assert!(
                all.contains(says) && all.contains(file.to_str().expect("utf-8")),
                "{all}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&home);
}

/// Item 11: special files are never read without end: an own exercise that is a named
/// pipe or a link to `/dev/zero`, a session file that is a pipe, settings linked to
/// `/dev/zero`, a model linked to `/dev/zero`; each command finishes at once, naming what
/// it left out.
#[test]
fn special_files_never_hang() {
    let home = scratch("special");
    let own = home.join("config/exercises");
    std::fs::create_dir_all(&own).expect("own");
    let sessions = home.join("sessions");
    std::fs::create_dir_all(&sessions).expect("sessions");
    let fifo = |p: &Path| {
        let ok = Command::new("mkfifo").arg(p).status().expect("mkfifo");
        assert!(ok.success());
    };
    fifo(&own.join("pipe.toml"));
    std::os::unix::fs::symlink("/dev/zero", own.join("zero.toml")).expect("link");
    fifo(&sessions.join("pipe.jsonl"));
    std::os::unix::fs::symlink("/dev/zero", home.join("config/settings.toml")).expect("link");
    session_with(&sessions, "bridge", "Bridge", "Lift your hips");
    let (code, _, err) = run(formcheck(&home, &["exercises"]), 30);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("pipe.toml") && err.contains("a named pipe"),
        "{err}"
    );
    assert!(
        err.contains("zero.toml") && err.contains("a device"),
        "{err}"
    );
    for args in [&["history"][..], &["progress"]] {
        let (code, out, err) = run(formcheck(&home, args), 30);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            out.contains("Bridge") || out.contains("Lift your hips"),
            "{args:?}: {out}"
        );
    }
    // A session file that is a pipe or a device, as `run --open-session` opens one: refused
    // at once (it read /dev/zero for 4 GB, and waited forever on a pipe).
    for path in [sessions.join("pipe.jsonl"), PathBuf::from("/dev/zero")] {
        let (tx, rx) = std::sync::mpsc::channel();
        let p = path.clone();
        std::thread::spawn(move || {
            let _ = tx.send(formcheck::session::read_session(&p).map(|_| ()));
        });
        let got = rx
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("reading {} hung", path.display()));
        let err = got.expect_err("not a session").to_string();
        assert!(
            err.contains("a named pipe") || err.contains("a device"),
            "{err}"
        );
    }
    // A model that is a link to /dev/zero: refused, naming it (exit 4).
    let models = home.join("models");
    std::fs::create_dir_all(&models).expect("models");
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models");
    for entry in std::fs::read_dir(&shipped).expect("models dir").flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().ends_with(".onnx") {
            std::os::unix::fs::symlink("/dev/zero", models.join(&name)).expect("link");
        }
    }
    if runtime_library().is_some() {
        let models = models.to_str().expect("utf-8");
        let (code, out, err) = run(formcheck(&home, &["doctor", "--models-dir", models]), 60);
        assert_eq!(code, 4, "{out}{err}");
        assert!(format!("{out}{err}").contains("a device"), "{out}{err}");
    }
    let _ = std::fs::remove_dir_all(&home);
}

/// Item 12, the small clear errors: a demonstration of one frame with a person is "too
/// short" (not "nobody was seen"); `hold_secs = 1e308` is "too large" (not "inf");
/// `/dev/zero` as a source is a device (exit 3), not an "empty or truncated" video.
#[test]
fn small_errors_say_what_is_wrong() {
    use formcheck::teach::{self, DoseAsked, Request, SidesAsked, TeachError};
    let pose = crate::util::synth::still_pose("bridge").unwrap_or_else(|| panic!("pose"));
    let script = crate::util::synth::Script::new(pose).hold(1.0);
    let one = crate::util::synth::Scene::default().render(&script);
    let one = vec![one.into_iter().find(|(_, p)| p.is_some()).expect("a pose")];
    let request = Request {
        id: "x".into(),
        name: "X".into(),
        dose: DoseAsked::Reps(3),
        sides: SidesAsked::One,
    };
    let e = teach::teach(&one, &request).err();
    assert!(matches!(e, Some(TeachError::TooShort { .. })), "{e:?}");
    assert_eq!(
        teach::teach(&[(one[0].0, None)], &request).err(),
        Some(TeachError::NobodySeen)
    );

    let home = scratch("small");
    let own = home.join("config/exercises");
    std::fs::create_dir_all(&own).expect("own");
    let huge = crate::util::WALL_SIT_TOML.replace("hold_secs = 20", "hold_secs = 1e308");
    std::fs::write(own.join("wall_sit.toml"), huge).expect("write");
    let (_, _, err) = run(formcheck(&home, &["exercises"]), 30);
    assert!(
        err.contains("dose.hold_secs") && err.contains("too large"),
        "{err}"
    );
    assert!(!err.contains("inf"), "{err}");

    let (code, _, err) = run(formcheck(&home, &["analyze", "/dev/zero"]), 30);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("/dev/zero is a device"), "{err}");
    assert!(!err.contains("empty or truncated"), "{err}");
    let _ = std::fs::remove_dir_all(&home);
}

/// The exit-code table (docs/CLI.md) against the behaviour: every code it lists is produced by
/// a case of what its row says (cases that need ONNX Runtime or a model only where they
/// are), and no other code 0–9 is listed.
#[test]
fn the_documented_exit_codes_are_what_the_commands_return() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/CLI.md"))
        .expect("docs/CLI.md");
    let table = doc
        .split("## Exit codes")
        .nth(1)
        .expect("an exit-code section");
    let listed: Vec<i32> = table
        .lines()
        .skip_while(|l| !l.starts_with("| code"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.trim_matches('|').split('|').next()?.trim().parse().ok())
        .collect();
    let home = scratch("exit-codes");
    let not_a_dir = home.join("file");
    std::fs::write(&not_a_dir, "").expect("write");
    let text_lib = home.join("text.so");
    std::fs::write(&text_lib, "not a library\n").expect("write");
    let empty = home.join("empty-models");
    std::fs::create_dir_all(&empty).expect("dir");
    let photo = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/safety.png");
    let runtime = runtime_library().is_some();
    type Case<'a> = (i32, Vec<&'a str>, Option<(&'a str, &'a Path)>, bool);
    let cases: Vec<Case> = vec![
        (0, vec!["exercises"], None, true),
        (
            1,
            vec!["history"],
            Some(("FORMCHECK_DATA_DIR", &not_a_dir)),
            true,
        ),
        (
            2,
            vec![
                "teach", "x.mp4", "--id", "Bad-Id", "--name", "X", "--reps", "3",
            ],
            None,
            true,
        ),
        (
            2,
            vec![
                "teach", "x.mp4", "--id", "bridge", "--name", "X", "--reps", "3",
            ],
            None,
            true,
        ),
        (3, vec!["analyze", "/dev/zero"], None, true),
        (3, vec!["export", "/etc/hostname", "--csv"], None, true),
        (
            4,
            vec![
                "analyze",
                photo,
                "--models-dir",
                empty.to_str().expect("utf-8"),
            ],
            None,
            runtime,
        ),
        (5, vec!["doctor"], Some(("ORT_DYLIB_PATH", &text_lib)), true),
        (
            6,
            vec!["teach", "97", "--id", "x", "--name", "X", "--hold", "5"],
            None,
            true,
        ),
        (7, vec!["exercises", "no_such_exercise"], None, true),
    ];
    let mut seen = Vec::new();
    for (want, args, env, can) in cases {
        if !can {
            println!("exit {want}: not checked here (needs ONNX Runtime)");
            seen.push(want);
            continue;
        }
        let mut c = formcheck(&home, &args);
        if let Some((k, v)) = env {
            c.env(k, v);
        }
        let (code, out, err) = run(c, 60);
        assert_eq!(code, want, "{args:?}: {out}{err}");
        seen.push(want);
    }
    seen.dedup();
    assert_eq!(
        listed, seen,
        "docs/CLI.md lists {listed:?}; the cases give {seen:?}"
    );
    let _ = std::fs::remove_dir_all(&home);
}

/// Item 3 in the window: End session pressed mid-hold (child's pose held for some seconds of
/// a real clip) writes the hold in progress, before the exercise's end and the session's.
#[test]
fn end_session_mid_hold_writes_the_hold() {
    use egui_kittest::kittest::Queryable as _;
    use formcheck::ui::{AppOptions, FormcheckApp, Screen};
    const TEST: &str = "end_session_mid_hold_writes_the_hold";
    let Some(data) = crate::util::real_data_and_runtime(TEST) else {
        return;
    };
    let sessions = scratch("end-mid-hold");
    let app = FormcheckApp::new(AppOptions {
        source: Some(formcheck::source::SourceSpec::Video(
            data.join("video/childs_pose_01.mp4"),
        )),
        exercise: Some("childs_pose".into()),
        settings: formcheck::prefs::Settings {
            safety_acknowledged: true,
            ..formcheck::prefs::Settings::default()
        },
        catalog: Ok(crate::util::catalog()),
        no_camera_probe: true,
        session_dir: Some(sessions.clone()),
        ..AppOptions::default()
    });
    let mut h = crate::ui::harness(app);
    let playing = Instant::now() + Duration::from_secs(10);
    while Instant::now() < playing {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
    h.get_by_label("End session").click();
    let until = Instant::now() + Duration::from_secs(20);
    while Instant::now() < until && h.state().screen() != Screen::Summary {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(h.state().screen(), Screen::Summary, "the session closed");
    let s = crate::ui::only_session(&sessions);
    let kinds: Vec<&str> = s.events.iter().map(|e| e.record.kind()).collect();
    let holds: Vec<f64> = s
        .events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Hold(h) => Some(h.secs),
            _ => None,
        })
        .collect();
    println!("End session mid-hold: holds {holds:?}");
    assert_eq!(holds.len(), 1, "{kinds:?}");
    assert!(holds[0] > 3.0, "{holds:?}");
    let at = |k: &str| kinds.iter().rposition(|x| *x == k).unwrap_or(usize::MAX);
    assert!(
        at("hold") < at("exercise_end") && at("exercise_end") < at("end"),
        "{kinds:?}"
    );
    let _ = std::fs::remove_dir_all(&sessions);
}

/// `export -o` and `report -o` never replace a file the person has by accident: an existing
/// file that formcheck did not make (of that kind) is refused (exit 2) and left as it was,
/// `--force` replaces it, and an export or report formcheck made is made again in place.
#[test]
fn export_and_report_do_not_overwrite_the_persons_files() {
    let home = scratch("output");
    let sessions = home.join("sessions");
    session_with(&sessions, "bridge", "Bridge", "Lift your hips");
    let mine = home.join("notes.csv");
    std::fs::write(&mine, "my own notes\n").expect("write");
    let page = home.join("page.html");
    std::fs::write(&page, "<html>my page</html>\n").expect("write");
    let s = |p: &Path| p.to_str().expect("utf-8").to_owned();
    for args in [
        vec!["export", "latest", "--csv", "-o", &s(&mine)],
        vec!["export", "latest", "--json", "-o", &s(&mine)],
        vec!["report", "-o", &s(&page)],
        vec!["report", "-o", &s(&home)],
    ] {
        let (code, out, err) = run(formcheck(&home, &args), 30);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains("--force") || err.contains("is a folder"),
            "{args:?}: says the way on: {err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&mine).expect("read"),
        "my own notes\n"
    );
    assert_eq!(
        std::fs::read_to_string(&page).expect("read"),
        "<html>my page</html>\n"
    );
    // formcheck's own files are made again without asking; --force replaces the person's.
    let csv = home.join("bridge.csv");
    let html = home.join("report.html");
    for _ in 0..2 {
        let (code, _, err) = run(
            formcheck(&home, &["export", "latest", "--csv", "-o", &s(&csv)]),
            30,
        );
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = run(formcheck(&home, &["report", "-o", &s(&html)]), 30);
        assert_eq!(code, 0, "{err}");
    }
    let (code, _, err) = run(
        formcheck(
            &home,
            &["export", "latest", "--json", "-o", &s(&mine), "--force"],
        ),
        30,
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&mine)
        .expect("read")
        .contains("formcheck-session"));
    let _ = std::fs::remove_dir_all(&home);
}
