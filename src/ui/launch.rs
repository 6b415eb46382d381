//! Opening the window: `formcheck run` resolves its options, then hands them here, the
//! only place that starts eframe.

#[cfg(not(target_arch = "wasm32"))]
use super::app::{AppOptions, FormcheckApp};
use std::path::PathBuf;

/// Why the window could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot open the app window: {0} (is there a display? try `xvfb-run`)")]
pub struct LaunchError(String);

/// What to do once the window is open.
#[derive(Debug, Default)]
pub struct Launch {
    /// Window size in points.
    pub window: (f32, f32),
    /// A bad `--source`, shown on the no-source screen.
    pub path_problem: Option<String>,
    /// A session file to open on the summary screen.
    pub open_session: Option<PathBuf>,
}

/// Opens the window and runs the app until it is closed.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_window(options: AppOptions, launch: Launch) -> Result<(), LaunchError> {
    let native = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("formcheck")
            .with_inner_size([launch.window.0, launch.window.1]),
        ..Default::default()
    };
    let Launch {
        path_problem,
        open_session,
        ..
    } = launch;
    eframe::run_native(
        "formcheck",
        native,
        Box::new(move |cc| {
            super::theme::apply(&cc.egui_ctx);
            let mut app = FormcheckApp::new(options);
            if let Some(p) = path_problem {
                app.report_path_problem(p);
            }
            if let Some(p) = open_session {
                app.open_session_file(&p);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| LaunchError(e.to_string()))
}
