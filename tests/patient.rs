//! Issue 28 on the screens, through the real `FormcheckApp` under egui_kittest: the patient's
//! view by default (measurements only when asked for), nothing moving under the pointer,
//! and no screen or text size cutting anything off at 1024×600.

use egui_kittest::kittest::Queryable as _;
use formcheck::prefs::Settings;
use formcheck::ui::{egui, AppOptions, FormcheckApp};

fn app(settings: Settings, session_dir: Option<std::path::PathBuf>) -> FormcheckApp {
    FormcheckApp::new(AppOptions {
        settings: Settings {
            safety_acknowledged: true,
            ..settings
        },
        catalog: Ok(crate::util::catalog()),
        no_camera_probe: true,
        session_dir,
        ..AppOptions::default()
    })
}

fn harness(app: FormcheckApp, size: egui::Vec2) -> egui_kittest::Harness<'static, FormcheckApp> {
    let mut h = egui_kittest::Harness::builder()
        .with_size(size)
        .build_ui_state(
            |ui, app: &mut FormcheckApp| {
                formcheck::ui::theme::apply(ui.ctx());
                app.show(ui)
            },
            app,
        );
    h.run_steps(2);
    h
}

const SMALL: egui::Vec2 = egui::vec2(1024.0, 600.0);

/// The status line (source, frame rate, latency, model) is for a physiotherapist or a
/// developer: hidden by default, shown with Settings "Show measurements".
#[test]
fn the_status_line_is_shown_only_with_show_measurements() {
    let mut h = harness(app(Settings::default(), None), SMALL);
    h.state_mut().begin_routine();
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("model ").is_none(),
        "no status line in the patient's view"
    );
    let settings = Settings {
        show_measurements: true,
        ..Settings::default()
    };
    let mut h = harness(app(settings, None), SMALL);
    h.state_mut().begin_routine();
    h.run_steps(2);
    h.get_by_label_contains("model ");
}

/// Dismissing a notice on the live screen moves none of the routine's buttons (it sat
/// under the whole window, and the coach panel's buttons rose when it went).
#[test]
fn dismissing_a_notice_moves_no_routine_button() {
    let dir = std::env::temp_dir().join(format!("formcheck-patient-notice-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let in_the_way = dir.join("data");
    std::fs::write(&in_the_way, "a file where the data folder should be").expect("file");
    let mut h = harness(
        app(Settings::default(), Some(in_the_way.join("sessions"))),
        SMALL,
    );
    h.state_mut().begin_routine();
    h.run_steps(3);
    h.get_by_label_contains("The session is not recorded");
    let buttons = ["Pause", "Skip", "It hurts", "End session"];
    let before: Vec<egui::Rect> = buttons.iter().map(|b| h.get_by_label(b).rect()).collect();
    h.get_by_label("dismiss").click();
    h.run_steps(2);
    assert!(h
        .query_by_label_contains("The session is not recorded")
        .is_none());
    let after: Vec<egui::Rect> = buttons.iter().map(|b| h.get_by_label(b).rect()).collect();
    assert_eq!(before, after, "{buttons:?} stay where they were");
    let _ = std::fs::remove_dir_all(dir);
}
