//! `formcheck run`: the live coaching app. Resolves the command line and the saved settings
//! into [`AppOptions`] and opens the window. Problems the user can fix from inside the app
//! (no camera, a missing video, a missing model, unreadable content) open the app anyway
//! and are shown there; only an unknown `--exercise` and a machine without a display stop
//! here, with their exit codes.

use super::{exit, BadValue};
use crate::pose::ModelKind;
use crate::prefs::{self, Settings};
use crate::session;
use crate::shutdown::Shutdown;
use crate::source::SourceSpec;
use crate::ui::launch::{self, Launch};
use crate::ui::{AppOptions, Screen};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Camera index, video file or image folder (default: the camera from the settings).
    #[arg(long)]
    pub source: Option<String>,
    /// Practise one exercise (free mode), by id (`formcheck` lists ids when it is wrong).
    #[arg(long, conflicts_with = "routine")]
    pub exercise: Option<String>,
    /// Start the guide's routine.
    #[arg(long)]
    pub routine: bool,
    /// Landmark model for this run (default: the settings' choice).
    #[arg(long)]
    pub model: Option<ModelKind>,
    /// Folder with the .onnx files (default: the repository's models/, or FORMCHECK_MODELS).
    #[arg(long)]
    pub models_dir: Option<PathBuf>,
    /// No tones and no voice in this run.
    #[arg(long)]
    pub mute: bool,
    /// Open a recorded session file on the summary screen.
    #[arg(long, value_name = "SESSION.jsonl")]
    pub open_session: Option<PathBuf>,
    /// Screen to open first: live, summary, history, progress, ice-heat, habits, settings, safety,
    /// teach.
    #[arg(long, value_parser = parse_screen)]
    pub screen: Option<Screen>,
    /// Window size in points, e.g. 1600x1000.
    #[arg(long, default_value = "1600x1000", value_parser = parse_size)]
    pub window: (f32, f32),
}

fn parse_screen(s: &str) -> Result<Screen, BadValue> {
    Ok(match s {
        "live" => Screen::Live,
        "summary" => Screen::Summary,
        "history" => Screen::History,
        "progress" => Screen::Progress,
        "ice-heat" => Screen::IceHeat,
        "habits" => Screen::Habits,
        "settings" => Screen::Settings,
        "safety" => Screen::Safety,
        "teach" => Screen::Teach,
        other => return Err(BadValue::Screen(other.to_owned())),
    })
}

fn parse_size(s: &str) -> Result<(f32, f32), BadValue> {
    let (w, h) = s.split_once('x').ok_or(BadValue::Size)?;
    let w: f32 = w.trim().parse().map_err(|_| BadValue::Width)?;
    let h: f32 = h.trim().parse().map_err(|_| BadValue::Height)?;
    if w < 320.0 || h < 240.0 {
        return Err(BadValue::SmallWindow);
    }
    Ok((w, h))
}

pub fn run(args: &RunArgs) -> anyhow::Result<i32> {
    let (catalog, content_problems) = crate::practice::load_catalog();
    super::exercises::warn_own_problems(&content_problems);
    if let (Some(id), Ok(c)) = (&args.exercise, &catalog) {
        if let Err(e) = c.get(id) {
            eprintln!("error: {e}");
            return Ok(exit::CONTENT);
        }
    }
    let (settings_path, settings, settings_problem) = match prefs::default_path() {
        Ok(p) => {
            let (s, problem) = Settings::load(&p);
            (Some(p), s, problem.map(|e| e.to_string()))
        }
        Err(e) => (None, Settings::default(), Some(e.to_string())),
    };
    let mut path_problem = None;
    let source = match &args.source {
        Some(s) => match SourceSpec::parse(s) {
            Ok(spec) => Some(spec),
            Err(e) => {
                path_problem = Some(e.to_string());
                None
            }
        },
        None => None,
    };
    let session_dir = session::default_dir().ok();
    let options = AppOptions {
        no_camera_probe: path_problem.is_some(),
        camera_stand_in: None,
        source,
        exercise: args.exercise.clone(),
        routine: args.routine,
        model: args.model,
        models_dir: args.models_dir.clone(),
        settings_path,
        settings,
        settings_problem,
        catalog,
        own_dir: prefs::own_exercises_dir(),
        content_problems: content_problems.iter().map(ToString::to_string).collect(),
        session_dir,
        audio: !args.mute,
        start_screen: args.screen,
        shutdown: Shutdown::install()?,
    };
    launch::run_window(
        options,
        Launch {
            window: args.window,
            path_problem,
            open_session: args.open_session.clone(),
        },
    )?;
    Ok(exit::OK)
}
