//! Session records: writer → file → reader round trips, kill and truncation tolerance,
//! flushing, summaries, exports, history ordering, and the `history`/`export` commands.

use formcheck::session::export::{csv_field, write_csv, write_json, CSV_COLUMNS};
use formcheck::session::format::{compact_stamp, rfc3339_utc};
use formcheck::session::writer::ANGLE_MIN_INTERVAL_SECS;
use formcheck::session::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

/// A fresh folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "formcheck-test-{tag}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn meta(started_at: &str, id: &str) -> StartMeta {
    StartMeta {
        session_id: id.to_string(),
        started_at: started_at.to_string(),
        app_version: "0.1.0".to_string(),
        model: "full".to_string(),
        source: "camera 0".to_string(),
        mode: Mode::Routine,
        routine: Some("morning_back".to_string()),
    }
}

/// A realistic session's records after `start`: a two-sided hold exercise and a rep
/// exercise, with corrections and angle samples.
fn sample_records() -> Vec<(f64, Record)> {
    let ex = |id: &str, name: &str, hold: Option<f64>, reps, sides| {
        Record::Exercise(ExerciseStart {
            id: id.into(),
            name: name.into(),
            dose: Dose {
                hold_secs: hold,
                reps,
                sides,
                breaths: None,
                min_hold_secs: None,
            },
        })
    };
    let hold = |side, secs: f64, completed| {
        Record::Hold(Hold {
            exercise: "knee_to_chest".into(),
            side: Some(side),
            secs,
            target_secs: 20.0,
            completed,
        })
    };
    let rep = |index, range_reached, duration_secs, fault: Option<&str>| {
        Record::Rep(Rep {
            exercise: "cat_cow".into(),
            index,
            side: None,
            quality: RepQuality {
                range_reached,
                duration_secs,
                held_secs: Some(2.0),
                worst_fault: fault.map(String::from),
                short_hold: false,
            },
        })
    };
    let corr = |exercise: &str, id: &str, message: &str| {
        Record::Correction(Correction {
            exercise: exercise.into(),
            id: id.into(),
            message: message.into(),
        })
    };
    let angle = |t: f64| {
        Record::Angle(Angle {
            exercise: "cat_cow".into(),
            name: "spine_flexion".into(),
            deg: 10.0 + t,
        })
    };
    vec![
        (0.5, ex("knee_to_chest", "Knee to chest", Some(20.0), 1, 2)),
        (
            8.0,
            corr("knee_to_chest", "hips_lifted", "Keep your hips down"),
        ),
        (21.25, hold(Side::Left, 20.0, true)),
        (44.0, hold(Side::Right, 12.5, false)),
        (
            45.0,
            corr(
                "knee_to_chest",
                "hips_lifted",
                "Keep your hips down, please",
            ),
        ),
        (70.0, hold(Side::Right, 20.0, true)),
        (
            70.5,
            Record::ExerciseEnd(ExerciseEnd {
                id: "knee_to_chest".into(),
                reps: 0,
                holds: 2,
            }),
        ),
        (71.0, ex("cat_cow", "Cat–cow", None, 3, 1)),
        (72.0, angle(72.0)),
        (72.5, angle(72.5)),
        (74.0, rep(1, true, 3.0, None)),
        (
            75.0,
            corr("cat_cow", "too_fast", "Slower, \"breathe\", then move"),
        ),
        (77.0, rep(2, false, 2.5, Some("too_fast"))),
        (80.5, rep(3, true, 3.5, None)),
        (
            81.0,
            Record::ExerciseEnd(ExerciseEnd {
                id: "cat_cow".into(),
                reps: 3,
                holds: 0,
            }),
        ),
    ]
}

/// Writes a complete session (sample records + `end` at 82 s) and returns its path.
fn write_sample(dir: &Path, m: &StartMeta) -> PathBuf {
    let mut w = SessionWriter::create(dir, m).expect("create");
    for (t, r) in sample_records() {
        w.append(t, &r).expect("append");
    }
    w.end(82.0, EndReason::Done, None).expect("end")
}

fn lines_of(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("read")
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn rfc3339_formatter_matches_known_dates() {
    let at = |s: u64| rfc3339_utc(UNIX_EPOCH + Duration::from_secs(s));
    assert_eq!(at(0), "1970-01-01T00:00:00Z");
    assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(at(1_700_000_000), "2023-11-14T22:13:20Z");
    assert_eq!(at(4_107_542_399), "2100-02-28T23:59:59Z");
    assert_eq!(
        compact_stamp("2023-11-14T22:13:20Z").as_deref(),
        Some("20231114-221320")
    );
    assert_eq!(compact_stamp("yesterday"), None);
    let m = StartMeta::new_now("full", "camera 0", Mode::Free, None);
    assert_eq!(m.session_id.len(), 16);
    assert_eq!(m.short_id().len(), 8);
    assert!(compact_stamp(&m.started_at).is_some(), "{}", m.started_at);
    assert_ne!(
        m.session_id,
        StartMeta::new_now("full", "camera 0", Mode::Free, None).session_id
    );
}

#[test]
fn round_trip_keeps_every_record() {
    let tmp = TempDir::new("roundtrip");
    let m = meta("2025-06-01T08:30:12Z", "3f9a2c1b7d604e15");
    let path = write_sample(tmp.path(), &m);
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some("20250601-083012-3f9a2c1b.jsonl")
    );

    let lines = lines_of(&path);
    assert!(
        lines[0].starts_with(r#"{"v":2,"t":0.0,"kind":"start","session_id":"3f9a2c1b7d604e15""#),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines.last().map(String::as_str),
        Some(r#"{"v":2,"t":82.0,"kind":"end","reason":"done"}"#)
    );

    let s = read_session(&path).expect("read");
    assert_eq!(s.meta, m);
    assert!(s.issues.is_empty());
    let mut expected: Vec<Event> = sample_records()
        .into_iter()
        .map(|(t, record)| Event { t, record })
        .collect();
    expected.push(Event {
        t: 82.0,
        record: Record::End(End {
            reason: EndReason::Done,
            detail: None,
        }),
    });
    assert_eq!(s.events, expected);
    assert_eq!(s.end(), Some((82.0, EndReason::Done)));
    assert_eq!(s.duration_secs(), 82.0);
    assert_eq!(
        s.angle_series("cat_cow", "spine_flexion"),
        vec![(72.0, 82.0), (72.5, 82.5)]
    );
    assert_eq!(s.holds("knee_to_chest").len(), 3);
    assert_eq!(
        s.reps("cat_cow")
            .iter()
            .map(|(_, r)| r.index)
            .collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
}

#[test]
fn truncated_or_garbled_last_line_is_tolerated() {
    let tmp = TempDir::new("trunc");
    let path = write_sample(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000001"),
    );
    let full = read_session(&path).expect("read");

    // Cut the file in the middle of the last line (`end`): that record alone is lost.
    let bytes = std::fs::read(&path).expect("read bytes");
    std::fs::write(&path, &bytes[..bytes.len() - 12]).expect("cut");
    let s = read_session(&path).expect("read cut file");
    assert!(s.issues.truncated_tail);
    assert!(s.issues.skipped.is_empty());
    assert_eq!(s.events.len(), full.events.len() - 1);
    assert_eq!(s.events[..], full.events[..full.events.len() - 1]);
    assert_eq!(s.end(), None);
    assert_eq!(s.duration_secs(), 81.0);

    // A half-written line after a complete file, and a crash's NUL padding.
    let mut padded = bytes.clone();
    padded.extend_from_slice(b"{\"v\":1,\"t\":90.0,\"kind\":\"rep\",\"exer");
    padded.extend_from_slice(&[0u8; 64]);
    std::fs::write(&path, &padded).expect("pad");
    let s = read_session(&path).expect("read padded file");
    assert!(s.issues.truncated_tail);
    assert_eq!(s.events, full.events);

    // A multi-byte character cut in half in the last line.
    let mut cut_utf8 = bytes.clone();
    cut_utf8.extend_from_slice(
        "{\"v\":1,\"t\":90.0,\"kind\":\"correction\",\"message\":\"Cat–".as_bytes(),
    );
    cut_utf8.truncate(cut_utf8.len() - 1);
    std::fs::write(&path, &cut_utf8).expect("write");
    assert_eq!(read_session(&path).expect("read").events, full.events);
}

#[test]
fn garbled_middle_line_is_skipped_with_its_line_number() {
    let tmp = TempDir::new("garbled");
    let path = write_sample(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000002"),
    );
    let mut lines = lines_of(&path);
    let n = lines.len();
    lines[3] = "{\"v\":1,\"t\":21.25,\"kind\":\"hold\",\"exercise\":\"knee_to".to_string(); // line 4
    lines[5] = r#"{"v":1,"t":45.0,"kind":"rep","exercise":"x"}"#.to_string(); // line 6: rep without fields
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let s = read_session(&path).expect("read");
    assert!(!s.issues.truncated_tail);
    assert_eq!(s.issues.garbled(), 2);
    assert_eq!(
        s.issues.skipped.iter().map(|l| l.line).collect::<Vec<_>>(),
        vec![4, 6]
    );
    assert_eq!(s.events.len(), n - 1 - 2);
    assert_eq!(s.end(), Some((82.0, EndReason::Done)));
}

#[test]
fn unknown_kinds_and_fields_from_newer_versions_are_skipped_and_counted() {
    let tmp = TempDir::new("future");
    let path = write_sample(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000003"),
    );
    let mut lines = lines_of(&path);
    let end = lines.pop().expect("end line");
    lines.push(r#"{"v":3,"t":81.5,"kind":"heart_rate","bpm":72}"#.to_string());
    lines.push(r#"{"v":3,"t":81.6,"kind":"rep","exercise":"cat_cow","index":4,"quality":{"range_reached":true,"duration_secs":3.0},"tempo":"slow"}"#.to_string());
    lines.push(r#"{"v":3,"t":81.7,"kind":"rep","exercise":"cat_cow","index":"five"}"#.to_string());
    lines.push(end);
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let s = read_session(&path).expect("read");
    assert_eq!(s.issues.unknown_kinds(), 2, "{:?}", s.issues);
    assert_eq!(s.issues.garbled(), 0);
    assert_eq!(
        s.issues.skipped[0].reason,
        SkipReason::UnknownKind("heart_rate".to_string())
    );
    assert_eq!(
        s.reps("cat_cow").len(),
        4,
        "a known kind with an extra field is read"
    );
    assert_eq!(s.summary().total_reps, 4);
}

#[test]
fn files_without_a_start_record_are_not_sessions() {
    let tmp = TempDir::new("notsession");
    let empty = tmp.path().join("empty.jsonl");
    std::fs::write(&empty, "").expect("write");
    assert!(matches!(
        read_session(&empty),
        Err(SessionError::NotASession { .. })
    ));
    let rep_first = tmp.path().join("rep.jsonl");
    std::fs::write(&rep_first, "{\"v\":1,\"t\":1.0,\"kind\":\"end\",\"reason\":\"quit\"}\n{\"v\":1,\"t\":2.0,\"kind\":\"end\",\"reason\":\"quit\"}\n").expect("write");
    let err = read_session(&rep_first).expect_err("not a session");
    assert!(err.to_string().contains("expected `start` first"), "{err}");
    assert!(matches!(
        read_session(&tmp.path().join("missing.jsonl")),
        Err(SessionError::Io { .. })
    ));
}

#[test]
fn dropping_without_end_keeps_everything_appended() {
    let tmp = TempDir::new("drop");
    let mut w = SessionWriter::create(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000004"),
    )
    .expect("create");
    let path = w.path().to_path_buf();
    let records = sample_records();
    for (t, r) in &records {
        w.append(*t, r).expect("append");
    }
    drop(w);
    let s = read_session(&path).expect("read");
    assert_eq!(s.events.len(), records.len());
    assert_eq!(s.end(), None);
    let summary = s.summary();
    assert!(!summary.ended_cleanly());
    assert_eq!(summary.duration_secs, 81.0);
}

#[test]
fn killed_writer_loses_only_records_younger_than_the_flush_interval() {
    let tmp = TempDir::new("kill");
    let interval = Duration::from_millis(150);
    let mut w = SessionWriter::with_flush_interval(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000005"),
        interval,
    )
    .expect("create");
    let path = w.path().to_path_buf();
    let records = sample_records();
    // The start line is on disk at once.
    assert_eq!(lines_of(&path).len(), 1);
    w.append(records[0].0, &records[0].1).expect("append");
    w.append(records[1].0, &records[1].1).expect("append");
    assert_eq!(
        lines_of(&path).len(),
        1,
        "younger than the interval: still buffered"
    );
    std::thread::sleep(interval + Duration::from_millis(50));
    w.append(records[2].0, &records[2].1).expect("append"); // flushes all three
    assert_eq!(lines_of(&path).len(), 4);
    w.append(records[3].0, &records[3].1).expect("append");
    std::thread::sleep(interval + Duration::from_millis(50));
    w.poll_flush().expect("poll"); // a frame with nothing to record
    assert_eq!(lines_of(&path).len(), 5);
    w.append(records[4].0, &records[4].1).expect("append"); // buffered when the process dies
    std::mem::forget(w); // a kill: no drop, no flush
    let s = read_session(&path).expect("read");
    assert!(s.issues.is_empty());
    let got: Vec<(f64, Record)> = s.events.into_iter().map(|e| (e.t, e.record)).collect();
    assert_eq!(got, records[..4].to_vec());
}

#[test]
fn end_is_flushed_and_synced_at_once() {
    let tmp = TempDir::new("end");
    let mut w = SessionWriter::with_flush_interval(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000006"),
        Duration::from_secs(3600),
    )
    .expect("create");
    let path = w.path().to_path_buf();
    w.append(
        1.0,
        &Record::End(End {
            reason: EndReason::CameraLost,
            detail: None,
        }),
    )
    .expect("end");
    let after = w.append(
        2.0,
        &Record::End(End {
            reason: EndReason::Quit,
            detail: None,
        }),
    );
    assert!(matches!(after, Err(SessionError::Ended)));
    std::mem::forget(w);
    assert_eq!(
        read_session(&path).expect("read").end(),
        Some((1.0, EndReason::CameraLost))
    );
}

#[test]
fn non_finite_numbers_are_refused_and_the_file_stays_readable() {
    let tmp = TempDir::new("nan");
    let mut w = SessionWriter::create(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000007"),
    )
    .expect("create");
    let bad = Record::Hold(Hold {
        exercise: "x".into(),
        side: None,
        secs: f64::NAN,
        target_secs: 20.0,
        completed: false,
    });
    assert!(matches!(
        w.append(1.0, &bad),
        Err(SessionError::NonFinite { field: "secs", .. })
    ));
    let angle = Record::Angle(Angle {
        exercise: "x".into(),
        name: "hip".into(),
        deg: 1.0,
    });
    assert!(matches!(
        w.append(f64::INFINITY, &angle),
        Err(SessionError::NonFinite { field: "t", .. })
    ));
    w.append(2.0004, &angle)
        .expect("a good record still goes in");
    let path = w
        .end(3.0, EndReason::Error, Some("model failed".into()))
        .expect("end");
    let s = read_session(&path).expect("read");
    assert!(s.issues.is_empty());
    assert_eq!(s.events.len(), 2);
    assert_eq!(s.events[0].t, 2.0, "t is rounded to milliseconds");
    assert_eq!(
        s.events[1].record,
        Record::End(End {
            reason: EndReason::Error,
            detail: Some("model failed".into())
        })
    );
}

#[test]
fn angle_samples_are_thinned_to_a_few_per_second() {
    let tmp = TempDir::new("angle");
    let mut w = SessionWriter::create(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000008"),
    )
    .expect("create");
    let mut written = 0;
    for frame in 0..60 {
        // Two seconds at 30 fps, two angles.
        let t = f64::from(frame) / 30.0;
        written += usize::from(w.angle(t, "cat_cow", "spine", 10.0).expect("angle"));
        written += usize::from(w.angle(t, "cat_cow", "hip", 20.0).expect("angle"));
    }
    let path = w.end(2.0, EndReason::Done, None).expect("end");
    let s = read_session(&path).expect("read");
    let spine = s.angle_series("cat_cow", "spine");
    assert_eq!(written, 2 * spine.len());
    assert_eq!(spine.len(), 8, "{spine:?}");
    assert!(spine
        .windows(2)
        .all(|p| p[1].0 - p[0].0 >= ANGLE_MIN_INTERVAL_SECS - 1e-9));
}

#[test]
fn summary_counts_against_the_dose() {
    let tmp = TempDir::new("summary");
    let path = write_sample(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000009"),
    );
    let sum = summarize(&read_session(&path).expect("read"));
    assert_eq!(sum.short_id, "aaaaaaaa");
    assert_eq!(sum.end_reason, Some(EndReason::Done));
    assert_eq!(sum.duration_secs, 82.0);
    assert_eq!(sum.exercises.len(), 2);

    let k = &sum.exercises[0];
    assert_eq!(
        (k.id.as_str(), k.name.as_str()),
        ("knee_to_chest", "Knee to chest")
    );
    assert_eq!((k.holds, k.holds_completed, k.hold_secs), (3, 2, 52.5));
    assert_eq!((k.target, k.done, k.met_dose), (Some(2), 2, true));
    assert_eq!(k.corrections, 2);

    let c = &sum.exercises[1];
    assert_eq!((c.reps, c.reps_in_range, c.mean_rep_secs), (3, 2, 3.0));
    assert_eq!((c.target, c.done, c.met_dose), (Some(3), 3, true));

    assert_eq!(sum.exercises_done, 2);
    assert_eq!(sum.total_reps, 3);
    assert_eq!(sum.total_hold_secs, 52.5);
    let top: Vec<(&str, u32)> = sum
        .top_corrections
        .iter()
        .map(|c| (c.id.as_str(), c.count))
        .collect();
    assert_eq!(top, vec![("hips_lifted", 2), ("too_fast", 1)]);
    assert_eq!(
        sum.top_corrections[0].message,
        "Keep your hips down, please"
    );

    // Reps without their `exercise` line (skipped as garbled) still count, with no dose.
    let mut lines = lines_of(&path);
    lines.remove(8); // the cat_cow `exercise` record
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let sum = summarize(&read_session(&path).expect("read"));
    let c = &sum.exercises[1];
    assert_eq!(
        (c.name.as_str(), c.dose.as_ref(), c.reps, c.met_dose),
        ("cat_cow", None, 3, false)
    );
    assert_eq!(sum.exercises_done, 1);
}

#[test]
fn csv_export_has_one_quoted_row_per_rep_hold_and_correction() {
    let tmp = TempDir::new("csv");
    let path = write_sample(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa0000000a"),
    );
    let mut out = Vec::new();
    write_csv(&read_session(&path).expect("read"), &mut out).expect("csv");
    let text = String::from_utf8(out).expect("utf8");
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], CSV_COLUMNS.join(","));
    assert_eq!(rows[0], "t,kind,exercise,side,index,secs,target_secs,completed,range_reached,duration_secs,worst_fault,correction,message,short_hold,measure,value,median");
    assert_eq!(rows.len(), 1 + 3 + 3 + 3, "3 holds, 3 reps, 3 corrections");
    assert_eq!(
        rows[1],
        "8,correction,knee_to_chest,,,,,,,,,hips_lifted,Keep your hips down,,,,"
    );
    assert_eq!(
        rows[2],
        "21.25,hold,knee_to_chest,left,,20,20,true,,,,,,,,,"
    );
    assert_eq!(
        rows[3],
        "44,hold,knee_to_chest,right,,12.5,20,false,,,,,,,,,"
    );
    assert_eq!(
        rows[4],
        "45,correction,knee_to_chest,,,,,,,,,hips_lifted,\"Keep your hips down, please\",,,,"
    );
    assert_eq!(rows[6], "74,rep,cat_cow,,1,2,,,true,3,,,,false,,,");
    assert_eq!(
        rows[7],
        "75,correction,cat_cow,,,,,,,,,too_fast,\"Slower, \"\"breathe\"\", then move\",,,,"
    );
    assert_eq!(
        rows[8],
        "77,rep,cat_cow,,2,2,,,false,2.5,too_fast,,,false,,,"
    );
    assert_eq!(csv_field("a\nb"), "\"a\nb\"");
    assert_eq!(csv_field(" padded"), "\" padded\"");
    assert_eq!(csv_field("plain"), "plain");
}

#[test]
fn json_export_is_one_document_with_meta_summary_and_events() {
    let tmp = TempDir::new("json");
    let path = write_sample(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa0000000b"),
    );
    let mut out = Vec::new();
    write_json(&read_session(&path).expect("read"), &mut out).expect("json");
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("one JSON document");
    assert_eq!(doc["format"], "formcheck-session");
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["meta"]["session_id"], "aaaaaaaa0000000b");
    assert_eq!(doc["meta"]["mode"], "routine");
    assert_eq!(doc["summary"]["total_reps"], 3);
    assert_eq!(doc["summary"]["exercises"][0]["holds_completed"], 2);
    assert_eq!(doc["summary"]["top_corrections"][0]["id"], "hips_lifted");
    let events = doc["events"].as_array().expect("events");
    assert_eq!(events.len(), sample_records().len() + 1);
    assert_eq!(events[2]["t"], 21.25);
    assert_eq!(events[2]["kind"], "hold");
    assert_eq!(events[2]["side"], "left");
    assert!(events[2].get("v").is_none());
    assert_eq!(events.last().expect("end")["reason"], "done");
    assert_eq!(doc["issues"]["truncated_tail"], false);
}

#[test]
fn history_lists_newest_first_and_skips_non_sessions() {
    let tmp = TempDir::new("history");
    assert!(list_sessions(&tmp.path().join("nothing-here"))
        .expect("missing dir")
        .is_empty());
    write_sample(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "bbbbbbbb00000001"),
    );
    write_sample(
        tmp.path(),
        &meta("2026-01-15T19:00:00Z", "cccccccc00000001"),
    );
    write_sample(
        tmp.path(),
        &meta("2024-12-31T23:59:59Z", "aaaaaaaa00000001"),
    );
    std::fs::write(tmp.path().join("notes.jsonl"), "hello\n").expect("write");
    std::fs::write(tmp.path().join("readme.txt"), "not a session").expect("write");
    let list = list_sessions(tmp.path()).expect("list");
    let ids: Vec<&str> = list.iter().map(|s| s.short_id.as_str()).collect();
    assert_eq!(ids, vec!["cccccccc", "bbbbbbbb", "aaaaaaaa"]);
    assert!(list.iter().all(|s| s.ended_cleanly() && s.total_reps == 3));
}

#[test]
fn find_session_accepts_latest_ids_prefixes_names_and_paths() {
    let tmp = TempDir::new("find");
    let dir = tmp.path();
    assert!(matches!(
        find_session(dir, "latest"),
        Err(SessionError::NoSessions(_))
    ));
    let old = write_sample(dir, &meta("2025-06-01T08:30:12Z", "abcd000011112222"));
    let new = write_sample(dir, &meta("2025-06-02T08:30:12Z", "abce000011113333"));
    assert_eq!(find_session(dir, "latest").expect("latest"), new);
    assert_eq!(find_session(dir, "abcd0000").expect("short id"), old);
    assert_eq!(find_session(dir, "abce000011113333").expect("full id"), new);
    assert_eq!(
        find_session(dir, "20250601-083012-abcd0000").expect("stem"),
        old
    );
    assert_eq!(
        find_session(dir, "20250601-083012-abcd0000.jsonl").expect("file name"),
        old
    );
    assert_eq!(
        find_session(dir, old.to_str().expect("utf8 path")).expect("path"),
        old
    );
    let err = find_session(dir, "abc").expect_err("ambiguous");
    assert!(
        matches!(err, SessionError::AmbiguousSession { .. }),
        "{err}"
    );
    let err = find_session(dir, "zzzz").expect_err("unknown");
    assert!(err.is_input_error());
    assert!(err.to_string().contains("formcheck history"), "{err}");
}

fn formcheck(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_formcheck"))
        .args(args)
        .env("FORMCHECK_DATA_DIR", data)
        // Start times are shown in local time: UTC here, so the table is known.
        .env("TZ", "UTC")
        .env_remove("RUST_LOG")
        .output()
        .expect("run formcheck")
}

#[test]
fn cli_history_and_export_end_to_end() {
    let tmp = TempDir::new("cli");
    let data = tmp.path();

    let out = formcheck(data, &["history"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("No sessions recorded yet"));

    let sessions = data.join("sessions");
    write_sample(&sessions, &meta("2025-06-01T08:30:12Z", "3f9a2c1b7d604e15"));
    let newest = write_sample(&sessions, &meta("2025-06-03T07:05:00Z", "77e01d4c00000000"));
    // A killed session: no `end`, cut-off last line.
    let killed = write_sample(&sessions, &meta("2025-06-02T21:40:09Z", "d41b09aa00000000"));
    let bytes = std::fs::read(&killed).expect("read");
    std::fs::write(&killed, &bytes[..bytes.len() - 20]).expect("cut");

    let out = formcheck(data, &["history"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).expect("utf8");
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 4, "{table}");
    assert!(rows[0].starts_with("ID        STARTED"), "{table}");
    assert!(
        rows[1].starts_with("77e01d4c  Tue 3 Jun 2025, 07:05  1 min 22 s"),
        "{table}"
    );
    assert!(
        rows[2].starts_with("d41b09aa") && rows[2].contains("not closed"),
        "{table}"
    );
    assert!(
        rows[3].starts_with("3f9a2c1b") && rows[3].contains("2/2") && rows[3].contains("finished"),
        "{table}"
    );
    assert!(rows[3].contains("hips_lifted ×2"), "{table}");

    let out = formcheck(data, &["history", "--json"]);
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(3));
    assert_eq!(list[0]["id"], "77e01d4c00000000");
    assert_eq!(list[1]["end_reason"], serde_json::Value::Null);
    assert_eq!(list[1]["truncated_tail"], true);

    let out = formcheck(data, &["export", "latest", "--csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).expect("utf8");
    assert_eq!(csv.lines().count(), 10);
    let mut expected = Vec::new();
    write_csv(&read_session(&newest).expect("read"), &mut expected).expect("csv");
    assert_eq!(csv.as_bytes(), &expected[..]);

    let file = data.join("out.json");
    let out = formcheck(
        data,
        &[
            "export",
            "3f9a2c1b",
            "--json",
            "-o",
            file.to_str().expect("utf8"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("out file")).expect("json");
    assert_eq!(doc["meta"]["session_id"], "3f9a2c1b7d604e15");

    let out = formcheck(data, &["export", "d41b09aa", "--json"]);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["issues"]["truncated_tail"], true);
    assert_eq!(doc["summary"]["end_reason"], serde_json::Value::Null);

    let out = formcheck(data, &["export", "nope", "--csv"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no session `nope`") && err.contains("formcheck history"),
        "{err}"
    );

    let out = formcheck(data, &["export", "latest"]);
    assert_eq!(out.status.code(), Some(2), "--csv or --json is required");
    let out = formcheck(data, &["export", "latest", "--csv", "--json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn two_files_with_the_same_id_are_told_apart() {
    let tmp = TempDir::new("same-id");
    let data = tmp.path();
    let sessions = data.join("sessions");
    let m = meta("2025-06-01T08:30:12Z", "5a5a5a5a00000001");
    let original = write_sample(&sessions, &m);
    // A copy: same id, same second, another file name.
    let copy = sessions.join("20250601-083012-5a5a5a5a-copy.jsonl");
    std::fs::copy(&original, &copy).expect("copy");
    let other = write_sample(&sessions, &meta("2025-06-02T08:30:12Z", "6b6b6b6b00000001"));

    // `history` shows each copy by its file name, other sessions by their short id.
    let out = formcheck(data, &["history"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).expect("utf8");
    let ids: Vec<&str> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        ids,
        vec![
            "6b6b6b6b",
            "20250601-083012-5a5a5a5a",
            "20250601-083012-5a5a5a5a-copy"
        ],
        "{table}"
    );

    // Each id shown names one file for `export`.
    for (id, path) in [
        ("6b6b6b6b", &other),
        ("20250601-083012-5a5a5a5a-copy", &copy),
        ("20250601-083012-5a5a5a5a", &original),
    ] {
        assert_eq!(find_session(&sessions, id).expect(id), *path);
        let out = formcheck(data, &["export", id, "--json"]);
        assert!(out.status.success(), "{id}");
    }

    // The shared id, short or full, is ambiguous: exit 3, naming both files.
    for query in ["5a5a5a5a", "5a5a5a5a00000001"] {
        let err = find_session(&sessions, query).expect_err("ambiguous");
        assert!(
            matches!(err, SessionError::AmbiguousSession { .. }),
            "{err}"
        );
        let out = formcheck(data, &["export", query, "--csv"]);
        assert_eq!(out.status.code(), Some(3));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.matches("20250601-083012-5a5a5a5a").count() == 2
                && err.contains("20250601-083012-5a5a5a5a-copy"),
            "{err}"
        );
        println!("export {query}: {}", err.trim());
    }
}

#[test]
fn pelvic_tilts_are_recorded_summarised_and_exported() {
    let tmp = TempDir::new("movement");
    let mut w = SessionWriter::create(
        tmp.path(),
        &meta("2025-06-02T08:00:00Z", "bbbbbbbb00000001"),
    )
    .expect("create");
    w.append(
        1.0,
        &Record::Exercise(ExerciseStart {
            id: "pelvic_tilt".into(),
            name: "Pelvic tilt".into(),
            dose: Dose {
                hold_secs: Some(60.0),
                reps: 1,
                sides: 1,
                breaths: None,
                min_hold_secs: None,
            },
        }),
    )
    .expect("append");
    for (t, index) in [(9.8, 1), (14.6, 2)] {
        w.append(
            t,
            &Record::Movement(Movement {
                exercise: "pelvic_tilt".into(),
                name: "tilt".into(),
                index,
            }),
        )
        .expect("append");
    }
    let path = w.end(61.0, EndReason::Done, None).expect("end");
    assert!(lines_of(&path)
        .iter()
        .any(|l| l == r#"{"v":2,"t":9.8,"kind":"movement","exercise":"pelvic_tilt","name":"tilt","index":1}"#));
    let session = read_session(&path).expect("read");
    assert!(session.issues.is_empty());
    let sum = summarize(&session);
    assert_eq!(sum.exercises[0].movements, 2);
    assert_eq!(sum.exercises[0].movement_name.as_deref(), Some("tilt"));
    let mut out = Vec::new();
    write_csv(&session, &mut out).expect("csv");
    let text = String::from_utf8(out).expect("utf8");
    assert!(
        text.lines()
            .any(|l| l == "14.6,movement,pelvic_tilt,,2,,,,,,,,tilt,,,,"),
        "{text}"
    );
}

/// A data folder that cannot hold sessions is named with the problem (issue 13): under
/// `/proc` (read-only) or under a file, `history` said "No sessions recorded yet" as if all
/// were well. A folder that is only missing yet is still an empty history.
#[test]
fn history_names_a_data_folder_that_cannot_be_made() {
    let tmp = TempDir::new("unmakeable");
    let a_file = tmp.path().join("a-file");
    std::fs::write(&a_file, "not a folder").expect("write");
    let read_only = Path::new("/proc/formcheck-test-data");
    for (data, why) in [
        (read_only.to_path_buf(), "/proc is read-only"),
        (a_file.join("deeper"), "Not a directory"),
    ] {
        if data.starts_with("/proc") && !Path::new("/proc").is_dir() {
            println!("SKIP history_names_a_data_folder_that_cannot_be_made: no /proc");
            continue;
        }
        for args in [&["history"][..], &["history", "--json"]] {
            let out = formcheck(&data, args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                !out.status.success(),
                "{args:?} on {}: {err}",
                data.display()
            );
            assert!(
                err.contains(&data.join("sessions").display().to_string()) && err.contains(why),
                "{err}"
            );
            assert!(err.contains("FORMCHECK_DATA_DIR"), "{err}");
            assert!(
                out.stdout.is_empty(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
    // Missing but makeable: an empty history, and nothing is made by looking.
    let fresh = tmp.path().join("fresh");
    let out = formcheck(&fresh, &["history"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("No sessions recorded yet"));
    assert!(!fresh.exists());
}

/// Issue 29: one deletion for the app and `formcheck delete`. A session goes with the CSV
/// and JSON exported beside it and nothing else (another session's exports, the reports and
/// an unrelated file stay); every session of the folder goes with the reports saved there;
/// a file that is not a session stops the whole deletion.
#[test]
fn deleting_a_session_removes_its_exports_and_deleting_all_the_reports() {
    let tmp = TempDir::new("delete");
    let a = write_sample(
        tmp.path(),
        &meta("2025-06-01T08:30:12Z", "aaaaaaaa00000001"),
    );
    let b = write_sample(
        tmp.path(),
        &meta("2025-06-02T08:30:12Z", "bbbbbbbb00000001"),
    );
    for (path, kind) in [(&a, "csv"), (&a, "json"), (&b, "csv")] {
        std::fs::write(path.with_extension(kind), "x").expect("export");
    }
    let report = tmp.path().join("report-2025-06-01-to-2025-06-02.html");
    let notes = tmp.path().join("notes.txt");
    std::fs::write(&report, "<html>").expect("report");
    std::fs::write(&notes, "mine").expect("notes");

    let not_a_session = notes.clone();
    assert!(delete_sessions(&[b.clone(), not_a_session], None).is_err());
    assert!(
        b.exists() && b.with_extension("csv").exists(),
        "nothing deleted"
    );

    let one = delete_sessions(std::slice::from_ref(&a), None).expect("deletes one");
    assert_eq!(
        one,
        Deleted {
            sessions: 1,
            exports: 2,
            reports: 0
        }
    );
    assert!(!a.exists() && !a.with_extension("csv").exists() && !a.with_extension("json").exists());
    assert!(b.exists() && b.with_extension("csv").exists() && report.exists() && notes.exists());

    let all = delete_sessions(std::slice::from_ref(&b), Some(tmp.path())).expect("deletes all");
    assert_eq!(
        all,
        Deleted {
            sessions: 1,
            exports: 1,
            reports: 1
        }
    );
    assert!(!b.exists() && !b.with_extension("csv").exists() && !report.exists());
    assert!(notes.exists(), "a file that is no session's stays");
}

/// Issue 29: a recorded measure's unit is typed: `deg` and `torso` read as such and write
/// back the same, and a unit a newer version wrote is kept as another unit, never an angle.
#[test]
fn measure_units_are_typed_and_keep_the_file_format() {
    let read = |unit: &str| -> MeasureValue {
        serde_json::from_str(&format!(
            r#"{{"measure":"hip","value":150.0,"unit":"{unit}"}}"#
        ))
        .expect("a measure value")
    };
    assert_eq!(read("deg").unit, MeasureUnit::Degrees);
    assert_eq!(read("torso").unit, MeasureUnit::TorsoLengths);
    assert_eq!(read("inch").unit, MeasureUnit::Other);
    let written = serde_json::to_string(&read("deg")).expect("writes");
    assert!(written.contains(r#""unit":"deg""#), "{written}");
}
