//! Pause holds a video where it is (issue 12): the capture thread reads no frame while the
//! routine is paused and the video goes on from the same frame at its own pace on resume;
//! the app counts a clip's reps the same with a pause in the middle. Enter and Space press
//! "I understand" on the safety screen. Real clips are skipped with a reason without
//! `../shared`.

use crate::ui::{bridge_clip_app_on, harness, only_session, run_until_summary, test_app};
use egui_kittest::kittest::Queryable as _;
use formcheck::pipeline::{FrameResult, Pipeline, PipelineCommand, PipelineConfig};
use formcheck::pose::{ModelKind, PoseConfig};
use formcheck::prefs::Settings;
use formcheck::source::{CameraConfig, SourceSpec};
use formcheck::ui::{egui, Screen, SourceStatus};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// The video's own frame number, from the frame's label (`path#index`).
fn source_index(r: &FrameResult) -> u64 {
    r.label
        .rsplit_once('#')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or_else(|| panic!("no frame number in {:?}", r.label))
}

/// Collects results for `secs` (polled often: without a model nothing is dropped).
fn collect(pipeline: &Pipeline, secs: f64, into: &mut Vec<(Instant, FrameResult)>) {
    let until = Instant::now() + Duration::from_secs_f64(secs);
    while Instant::now() < until {
        if let Some(r) = pipeline.latest() {
            into.push((Instant::now(), r));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A held video reads no frame and its clock stops: after a 2-s hold it goes on from the next
/// frame, one frame interval later, not 2 s of video further on (the pipeline alone, no model).
#[test]
fn a_held_video_goes_on_from_the_same_frame() {
    let Ok(data) = crate::util::real_data() else {
        println!("SKIP a_held_video_goes_on_from_the_same_frame: ../shared/data is absent");
        return;
    };
    let clip = data.join("video/glute_bridge_02.mp4");
    let no_models = std::env::temp_dir().join("formcheck-pause-no-models");
    let pipeline = Pipeline::start(
        PipelineConfig {
            source: SourceSpec::Video(clip),
            camera: CameraConfig::default(),
            pose: Some(PoseConfig::new(no_models, ModelKind::Lite)),
            epoch: Instant::now(),
        },
        None,
        std::sync::Arc::new(|| {}),
    );
    let mut before = Vec::new();
    let until = Instant::now() + Duration::from_secs(20);
    while Instant::now() < until && before.len() < 20 {
        collect(&pipeline, 0.05, &mut before);
    }
    assert!(
        before.len() >= 20,
        "the video plays: {} frames",
        before.len()
    );
    let dropped = || {
        let stats = pipeline.stats();
        stats.dropped_capture.load(Ordering::Relaxed)
            + stats.dropped_results.load(Ordering::Relaxed)
    };
    // Counted from here: the first frames may go while the (missing) model is looked for.
    let dropped_before = dropped();
    assert!(pipeline.send(PipelineCommand::HoldSource(true)));
    assert!(pipeline.flush(Duration::from_secs(5)));
    // A frame read as the hold came may still arrive.
    collect(&pipeline, 0.2, &mut before);
    let captured = pipeline.stats().captured.load(Ordering::Relaxed);
    let mut during = Vec::new();
    collect(&pipeline, 2.0, &mut during);
    let still = pipeline.stats().captured.load(Ordering::Relaxed);
    assert!(
        during.is_empty() && still == captured,
        "nothing is read while held: {} results, {} frames captured",
        during.len(),
        still - captured
    );
    let held_at = Instant::now();
    assert!(pipeline.send(PipelineCommand::HoldSource(false)));
    let mut after = Vec::new();
    collect(&pipeline, 1.0, &mut after);
    let dropped = dropped() - dropped_before;
    assert!(pipeline.stop_and_wait(Duration::from_secs(10)));
    let (last, first) = (&before[before.len() - 1], &after[0]);
    println!(
        "held after video frame {}, went on at frame {} {:.0} ms after the release; {dropped} dropped",
        source_index(&last.1),
        source_index(&first.1),
        first.0.duration_since(held_at).as_secs_f64() * 1e3
    );
    // A loaded machine may drop a result or two between the last one before and the first
    // one after (the results slot keeps the newest): those are the only frames that may lie
    // between them. Reading on behind the hold would put ~60 frames (2 s) there.
    assert!(dropped < 10, "{dropped} frames dropped");
    let (went_on, held) = (source_index(&first.1), source_index(&last.1));
    assert!(
        went_on > held && went_on <= held + 1 + dropped,
        "the video goes on from the next frame: held after {held}, went on at {went_on}, \
{dropped} dropped"
    );
    assert!(
        first.0.duration_since(held_at) < Duration::from_millis(500),
        "at once, not after the held time"
    );
    // At its own pace after the release: about 30 frames in a second, not a burst (a
    // loaded machine may show fewer).
    let frames = after.len();
    assert!((10..=35).contains(&frames), "{frames} frames in 1 s");
}

/// The app counts glute_bridge_01's three bridges with a 5-s pause between the first and the
/// second (before, the clip played on behind the pause and the coach missed two lifts).
#[test]
fn a_pause_in_the_middle_keeps_the_clip_s_reps() {
    let Some(data) =
        crate::util::real_data_and_runtime("a_pause_in_the_middle_keeps_the_clip_s_reps")
    else {
        return;
    };
    let sessions =
        std::env::temp_dir().join(format!("formcheck-pause-reps-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sessions);
    let settings = Settings {
        safety_acknowledged: true,
        ..Settings::default()
    };
    let clip = data.join("video/glute_bridge_01.mp4");
    let mut h = harness(bridge_clip_app_on(&clip, settings, &sessions));
    let run = |h: &mut egui_kittest::Harness<'static, _>, secs: f64| {
        let until = Instant::now() + Duration::from_secs_f64(secs);
        while Instant::now() < until {
            h.run_steps(1);
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until
        && !matches!(h.state().source_status(), SourceStatus::Running { .. })
    {
        run(&mut h, 0.02);
    }
    // The first lift is at 1.3–2.5 s, the second at 4.8–6.0 s.
    run(&mut h, 3.6);
    h.key_press(egui::Key::Space);
    h.run_steps(1);
    h.get_by_label("Resume");
    run(&mut h, 5.0);
    h.get_by_label("Resume").click();
    run_until_summary(&mut h);
    let reps = only_session(&sessions).reps("bridge").len();
    println!("reps with a 5-s pause: {reps}");
    assert_eq!(reps, 3, "the clip's three bridges");
    let _ = std::fs::remove_dir_all(&sessions);
}

/// Keyboard users: Enter or Space press "I understand", and the key help says so.
#[test]
fn enter_or_space_acknowledge_the_safety_screen() {
    for key in [egui::Key::Enter, egui::Key::Space] {
        let mut h = harness(test_app(Settings::default()));
        assert_eq!(h.state().screen(), Screen::Safety);
        if key == egui::Key::Enter {
            h.key_press(egui::Key::F1);
            h.run_steps(2);
            h.get_by_label("I understand (on the safety page)");
            h.get_by_label("Enter or Space");
            h.key_press(egui::Key::Escape);
            h.run_steps(2);
            assert!(!h.state().key_help_open());
        }
        h.key_press(key);
        h.run_steps(2);
        assert_eq!(h.state().screen(), Screen::Live, "{key:?}");
        assert!(h.state().settings().safety_acknowledged, "{key:?}");
    }
}
