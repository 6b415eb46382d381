//! The window as a patient meets it (issue 12): every control in sight in the smallest
//! window (1024×600), only the controls that do something, the key help, the mirror only on
//! a live camera, the settings (models that are there, text size, contrast, saved), the
//! export's "Open folder", and every number named with its unit (overlay and `analyze`).
//! Through egui_kittest without a GPU: widgets found by their text, their rectangles
//! checked against the window.

use egui_kittest::kittest::Queryable as _;
use formcheck::prefs::Settings;
use formcheck::ui::{egui, AppOptions, FormcheckApp, Screen};
use std::path::{Path, PathBuf};

const SMALL: egui::Vec2 = egui::vec2(1024.0, 600.0);

fn acknowledged() -> Settings {
    Settings {
        safety_acknowledged: true,
        ..Settings::default()
    }
}

fn app(settings: Settings) -> FormcheckApp {
    FormcheckApp::new(AppOptions {
        settings,
        catalog: Ok(crate::util::catalog()),
        no_camera_probe: true,
        ..AppOptions::default()
    })
}

fn harness_sized(
    app: FormcheckApp,
    size: egui::Vec2,
) -> egui_kittest::Harness<'static, FormcheckApp> {
    let mut h = egui_kittest::Harness::builder()
        .with_size(size)
        .build_ui_state(
            |ui, app: &mut FormcheckApp| {
                formcheck::ui::theme::apply(ui.ctx());
                app.show(ui)
            },
            app,
        );
    h.run_steps(3);
    h
}

/// A per-test temporary folder, removed first.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("formcheck-window-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The widget labelled `label` lies wholly inside the window, above the status bar when
/// there is one (these tests have no source: the bar says "no source"; it is shown only with
/// Settings "Show measurements").
fn in_sight(h: &egui_kittest::Harness<'static, FormcheckApp>, label: &str, size: egui::Vec2) {
    let r = h.get_by_label(label).rect();
    let status_top = h
        .query_by_label_contains("no source")
        .map_or(size.y, |n| n.rect().min.y);
    assert!(
        r.min.x >= 0.0 && r.min.y >= 0.0 && r.max.x <= size.x && r.max.y < status_top,
        "{label:?} at {r:?} is outside the {}×{} window or under the status bar at y = {status_top}",
        size.x,
        size.y
    );
}

fn absent(h: &egui_kittest::Harness<'static, FormcheckApp>, label: &str) {
    assert!(
        h.query_by_label(label).is_none(),
        "{label:?} is shown but does nothing here"
    );
}

/// The safety screen's button is in sight at 1024×600 without scrolling (it was below the
/// red flags, past the window's foot).
#[test]
fn the_safety_button_is_in_sight_in_a_small_window() {
    let mut h = harness_sized(app(Settings::default()), SMALL);
    assert_eq!(h.state().screen(), Screen::Safety);
    in_sight(&h, "I understand", SMALL);
    let button_top = h.get_by_label("I understand").rect().min.y;
    for flag in ["more than a week", "recent injury"] {
        let r = h.get_by_label_contains(flag).rect();
        assert!(r.max.y < button_top, "{flag:?} needs scrolling: {r:?}");
    }
    h.get_by_label("I understand").click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Live);
}

/// Free practice of one exercise in the smallest window: Pause and End session in sight
/// (they scrolled out of the coach panel), no Back or Skip (they only ended it).
#[test]
fn free_practice_shows_only_controls_that_work_all_in_sight() {
    let mut h = harness_sized(app(acknowledged()), SMALL);
    h.state_mut().begin_exercise("bridge");
    h.state_mut().routine_start_now();
    h.run_steps(3);
    in_sight(&h, "Pause", SMALL);
    in_sight(&h, "End session", SMALL);
    absent(&h, "Back");
    absent(&h, "Skip");
    absent(&h, "Start now");
    // Their keys do nothing either: the exercise goes on.
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::ArrowLeft);
    h.run_steps(2);
    let r = h.state().routine().expect("still practising");
    assert_eq!(r.current().map(|i| i.id.as_str()), Some("bridge"));
    assert!(h.state().attempt().is_some(), "still coached");
    // The status line is a measurement: not in the patient's view.
    assert!(h.query_by_label_contains("no source").is_none());
    // With "Show measurements" it wraps inside the window.
    let mut settings = acknowledged();
    settings.show_measurements = true;
    let mut h = harness_sized(app(settings), SMALL);
    h.state_mut().begin_exercise("bridge");
    h.state_mut().routine_start_now();
    h.run_steps(3);
    let status = h.get_by_label_contains("no source").rect();
    assert!(
        status.max.x <= SMALL.x && status.max.y <= SMALL.y,
        "{status:?}"
    );
}

/// The routine in the smallest window: Start now while getting ready, Skip while another
/// exercise follows, Back only after the first; each in sight.
#[test]
fn routine_controls_follow_the_routine_and_stay_in_sight() {
    let mut h = harness_sized(app(acknowledged()), SMALL);
    h.state_mut().begin_routine();
    h.run_steps(3);
    for label in ["Start now", "Pause", "Skip", "End session"] {
        in_sight(&h, label, SMALL);
    }
    absent(&h, "Back");
    h.get_by_label("Start now").click();
    h.run_steps(2);
    absent(&h, "Start now");
    // The pointer moves there first, as a mouse does (the last button's tooltip, left under
    // a pointer that jumped, would take the click).
    h.get_by_label("Skip").hover();
    h.run_steps(2);
    h.get_by_label("Skip").click();
    h.run_steps(2);
    assert_eq!(h.state().routine().expect("routine").index(), 1);
    for label in ["Back", "Start now", "Pause", "Skip", "End session"] {
        in_sight(&h, label, SMALL);
    }
}

/// `?` opens the key help on any screen, Esc closes it, and the top bar's "? keys" opens it
/// too; keys that do nothing now are marked so.
#[test]
fn key_help_opens_on_question_mark_and_from_the_hint() {
    let mut h = harness_sized(app(acknowledged()), SMALL);
    in_sight(&h, "? keys", SMALL);
    h.key_press(egui::Key::Questionmark);
    h.run_steps(2);
    assert!(h.state().key_help_open());
    h.get_by_label("Keys");
    h.get_by_label("Space or P");
    h.get_by_label("Skip to the next exercise (not now)");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(!h.state().key_help_open());
    h.get_by_label("Habits").click();
    h.run_steps(2);
    h.get_by_label("? keys").click();
    h.run_steps(2);
    assert!(h.state().key_help_open());
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(!h.state().key_help_open());
}

/// A video is shown as recorded (text burned into it reads the right way); M mirrors it and
/// leaves the camera's own mirror setting alone.
#[test]
fn only_a_live_camera_is_mirrored_by_default() {
    let video = FormcheckApp::new(AppOptions {
        source: Some(formcheck::source::SourceSpec::Video(
            "/nonexistent/clip.mp4".into(),
        )),
        settings: acknowledged(),
        catalog: Ok(crate::util::catalog()),
        no_camera_probe: true,
        ..AppOptions::default()
    });
    assert!(!video.mirrored(), "a video is not mirrored by default");
    let camera = FormcheckApp::new(AppOptions {
        source: Some(formcheck::source::SourceSpec::Camera(0)),
        settings: acknowledged(),
        catalog: Ok(crate::util::catalog()),
        no_camera_probe: true,
        ..AppOptions::default()
    });
    assert!(camera.mirrored(), "the live camera reads like a mirror");
    let mut h = harness_sized(video, SMALL);
    h.key_press(egui::Key::M);
    h.run_steps(2);
    assert!(h.state().mirrored());
    assert!(h.state().settings().mirror_files);
    assert!(
        h.state().settings().mirror,
        "the camera's setting is untouched"
    );
}

fn settings_app(models_dir: &Path, settings_path: &Path) -> FormcheckApp {
    FormcheckApp::new(AppOptions {
        settings: acknowledged(),
        settings_path: Some(settings_path.to_path_buf()),
        models_dir: Some(models_dir.to_path_buf()),
        catalog: Ok(crate::util::catalog()),
        no_camera_probe: true,
        start_screen: Some(Screen::Settings),
        ..AppOptions::default()
    })
}

/// Settings offers, in plain words (faster, more accurate), only the pose models whose files
/// are there; text size and high contrast are applied at once and saved.
#[test]
fn settings_offer_installed_models_text_size_and_contrast() {
    let dir = temp("settings");
    let models = dir.join("models");
    std::fs::create_dir_all(&models).expect("models");
    for name in ["pose_landmark_lite.onnx", "pose_landmark_full.onnx"] {
        std::fs::write(models.join(name), b"").expect("model file");
    }
    let path = dir.join("settings.toml");
    let mut h = harness_sized(settings_app(&models, &path), egui::vec2(1600.0, 1000.0));
    assert_eq!(h.state().screen(), Screen::Settings);
    // In plain words (issue 28 item 11): no model names, no shell commands.
    h.get_by_label("Faster");
    h.get_by_label("More accurate");
    absent(&h, "Most accurate (slow)");
    assert!(h.query_by_label_contains("build_models").is_none());
    assert!(h.query_by_label_contains("lite").is_none());

    h.get_by_label("Larger").click();
    h.run_steps(3);
    assert_eq!(h.state().settings().text_scale, 1.2);
    assert!(
        (h.ctx.zoom_factor() - 1.2).abs() < 1e-3,
        "text is larger now"
    );
    h.get_by_label_contains("High contrast").click();
    h.run_steps(3);
    assert!(h.state().settings().high_contrast);
    assert_eq!(
        h.ctx.global_style().visuals.panel_fill,
        egui::Color32::BLACK,
        "the high-contrast theme is on"
    );
    let (saved, problem) = Settings::load(&path);
    assert!(problem.is_none(), "{problem:?}");
    assert_eq!(saved.text_scale, 1.2);
    assert!(saved.high_contrast);

    // With the heavy model's file there, it is offered.
    std::fs::write(models.join("pose_landmark_heavy.onnx"), b"").expect("model file");
    let h = harness_sized(settings_app(&models, &path), egui::vec2(1600.0, 1000.0));
    h.get_by_label("Most accurate (slow)");
    assert!(h.query_by_label_contains("Not installed").is_none());
    let _ = std::fs::remove_dir_all(dir);
}

/// "Open folder" without `xdg-open` says so and names the folder; CSV values are rounded.
#[test]
fn export_names_its_folder_and_rounds_its_numbers() {
    let dir = temp("export");
    let why = formcheck::ui::opener::open_folder_with("formcheck-no-such-opener", &dir)
        .expect_err("no such program")
        .to_string();
    assert!(
        why.contains("formcheck-no-such-opener is not installed")
            && why.contains(&dir.display().to_string()),
        "{why}"
    );
    let file = dir.join("s.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"v":1,"t":0.0,"kind":"start","session_id":"aaaaaaaa0000000a","started_at":"2025-06-01T08:30:12Z","app_version":"0.1.0","model":"full","source":"camera 0","mode":"free"}"#,
            "\n",
            r#"{"v":1,"t":1.2000000476837158,"kind":"exercise","id":"bridge","name":"Bridge"}"#,
            "\n",
            r#"{"v":1,"t":4.066666603088379,"kind":"rep","exercise":"bridge","index":1,"quality":{"range_reached":true,"duration_secs":2.3333332538604736,"held_secs":1.444000244140625}}"#,
            "\n",
        ),
    )
    .expect("session file");
    let session = formcheck::session::read_session(&file).expect("reads");
    let mut out = Vec::new();
    formcheck::session::export::write_csv(&session, &mut out).expect("csv");
    let text = String::from_utf8(out).expect("utf-8");
    let rep = text
        .lines()
        .find(|l| l.contains(",rep,"))
        .unwrap_or_else(|| panic!("no rep row in {text}"));
    assert_eq!(rep, "4.07,rep,bridge,,1,1.44,,,true,2.33,,,,false,,,");
    let _ = std::fs::remove_dir_all(dir);
}

/// The overlay's labels name each value and give its unit (they were "-0.02", "0.18").
#[test]
fn overlay_labels_name_each_value_with_its_unit() {
    use formcheck::coach::{JointState, JointStatus};
    use formcheck::content::Unit;
    let catalog = crate::util::catalog();
    let bridge = catalog.get("bridge").expect("bridge");
    let joint = |measure: &str, unit, value| JointStatus {
        measure: measure.into(),
        landmarks: Vec::new(),
        value,
        unit,
        state: JointState::Good,
    };
    let labelled = formcheck::ui::overlay::label_joints(
        &[
            joint("hip", Unit::Angle, Some(164.4)),
            joint("over_line", Unit::Torso, Some(-0.02)),
            joint("shoulders_low", Unit::Torso, Some(-0.18)),
            joint("knee", Unit::Angle, None),
            joint("not_in_bridge", Unit::Torso, Some(0.5)),
        ],
        Some(bridge),
    );
    let labels: Vec<Option<&str>> = labelled.iter().map(|j| j.label.as_deref()).collect();
    assert_eq!(
        labels,
        vec![
            Some("hip 164°"),
            Some("hip 0.02 torso below line"),
            Some("shoulders 0.18 torso below"),
            None,
            Some("not in bridge 0.50 torso"),
        ]
    );
}

/// `formcheck analyze` on a bridge photo names every measure with its unit: no bare
/// "over_line 0 wrong".
#[test]
fn analyze_names_every_value_of_a_photo() {
    let Some(data) = crate::util::real_data_and_runtime("analyze_names_every_value_of_a_photo")
    else {
        return;
    };
    let mut photos: Vec<PathBuf> = std::fs::read_dir(data.join("real/bridge"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    photos.retain(|p| p.extension().is_some_and(|e| e == "jpg"));
    photos.sort();
    let Some(photo) = photos.first() else {
        eprintln!("SKIP analyze_names_every_value_of_a_photo: no photo in real/bridge");
        return;
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_formcheck"))
        .args([
            "analyze",
            &photo.display().to_string(),
            "--exercise",
            "bridge",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(out.status.success(), "{}", crate::util::output_text(&out));
    let readings: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  ") && !l.contains("verdict:"))
        .collect();
    assert!(!readings.is_empty(), "{text}");
    for line in readings {
        assert!(
            line.contains('°') || line.contains("torso") || line.contains("not seen"),
            "no unit: {line:?}"
        );
        assert!(!line.contains('_'), "a measure id, not words: {line:?}");
    }
}

/// With nothing coached, both ways to start are in sight in the smallest window (the free
/// practice button was under the routine's eleven-line list, out of sight).
#[test]
fn the_picker_offers_both_starts_in_sight() {
    let h = harness_sized(app(acknowledged()), SMALL);
    in_sight(&h, "Start the routine: Back relief", SMALL);
    in_sight(&h, "Practise this exercise", SMALL);
}

/// No two routine buttons overlap in the smallest window, paused too ("Resume" is wider than
/// "Pause"): with Back on the main row, "Back" ran under "End session" ("Bac End session").
#[test]
fn routine_buttons_never_overlap_in_a_small_window() {
    let mut h = harness_sized(app(acknowledged()), SMALL);
    h.state_mut().begin_routine();
    h.run_steps(3);
    h.state_mut().routine_skip();
    h.run_steps(3);
    let check = |h: &egui_kittest::Harness<'static, FormcheckApp>, labels: &[&str]| {
        let rects: Vec<(&str, egui::Rect)> = labels
            .iter()
            .map(|l| (*l, h.get_by_label(l).rect()))
            .collect();
        for (i, (a, ra)) in rects.iter().enumerate() {
            in_sight(h, a, SMALL);
            for (b, rb) in &rects[i + 1..] {
                assert!(
                    !ra.intersects(*rb),
                    "{a:?} at {ra:?} overlaps {b:?} at {rb:?}"
                );
            }
        }
    };
    check(
        &h,
        &[
            "Back",
            "Start now",
            "It hurts",
            "Pause",
            "Skip",
            "End session",
        ],
    );
    h.state_mut().routine_start_now();
    h.state_mut().routine_toggle_pause();
    h.run_steps(3);
    check(&h, &["Back", "It hurts", "Resume", "Skip", "End session"]);
}
