//! The desktop app in the page: [`formcheck::ui::FormcheckApp`], the same egui screens
//! (safety, picker, live view, "It hurts", summary, routine), run by eframe on a `<canvas>`.
//!
//! Its pipeline is the library's browser pipeline ([`formcheck::pipeline::web`]): the app
//! asks for a source and a model as on the desktop, and the page (`site/shell.js`) answers
//! through [`Feed`]: it opens the camera, runs the two models in onnxruntime-web when the
//! tracking asks ([`Feed::begin`], [`Feed::detected`], [`Feed::landmarked`]) and each
//! finished frame goes into the pipeline's worker, exactly as a frame from the desktop's
//! capture thread does. Each animation frame the page also takes the cues to play
//! ([`take_cues`]) and the session lines to store ([`take_session_lines`]).
//!
//! The person's own exercises (taught, edited, a dose or hold of their own) are files of
//! the app's own folder, `prefs::own_exercises_dir` (`/browser/exercises`, seen through
//! `formcheck::files::page`): the page hands in the ones it kept before the app starts
//! ([`load_own_file`]), and keeps each one the app writes ([`take_written_files`], kind
//! "own") and deletes ([`take_removed_files`]).

use formcheck::audio::{page as cues, Tone};
use formcheck::content::{self, ContentSource, Loaded};
use formcheck::frame::Timestamp;
use formcheck::pipeline::web as pipeline;
use formcheck::pose::tracking::Next;
use formcheck::pose::{ModelKind, PoseResult};
use formcheck::prefs::Settings;
use formcheck::session::page as sessions;
use formcheck::source::SourceSpec;
use formcheck::ui::{egui, AppOptions, FormcheckApp, Screen, SourceStatus};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_time::Instant;

/// What the page reads of the app after each of its frames ([`state`]).
#[derive(Debug, Default, Clone, Serialize)]
struct Shown {
    screen: String,
    exercise: Option<String>,
    name: Option<String>,
    phase: Option<String>,
    reps: u32,
    reps_target: u32,
    holding: bool,
    hold_secs: f32,
    hold_target_secs: f32,
    correction: Option<String>,
    present: bool,
    /// A routine is under way.
    routine: bool,
    /// Where the frames come from: "Opening", "Running", "CameraLost", "CameraBack",
    /// "Missing", "Ended".
    source: String,
    /// The teach screen shows what it understood of a demonstration.
    teach_result: bool,
    /// What is being read while it runs, as the page named it ("camera Integrated Webcam").
    opened: Option<String>,
    /// The newest notice over the status bar (a camera chosen in Settings that is gone).
    notice: Option<String>,
}

thread_local! {
    static SHOWN: RefCell<Shown> = RefCell::new(Shown::default());
}

/// The app, and what it shows published for the page after every frame.
struct Shell {
    app: FormcheckApp,
}

impl eframe::App for Shell {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
        let shown = shown(&self.app);
        SHOWN.with_borrow_mut(|s| *s = shown);
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        eframe::App::on_exit(&mut self.app, gl);
    }
}

fn shown(app: &FormcheckApp) -> Shown {
    let view = app.live_view();
    let correction = view.and_then(|v| v.correction.as_ref().map(|c| c.message.clone()));
    Shown {
        screen: format!("{:?}", app.screen()),
        exercise: view.map(|v| v.exercise_id.as_str().to_owned()),
        name: view.map(|v| v.exercise_name.clone()),
        phase: view.and_then(|v| v.phase.clone()),
        reps: view.map_or(0, |v| v.reps_done),
        reps_target: view.map_or(0, |v| v.reps_target),
        holding: view.is_some_and(|v| v.holding),
        hold_secs: view.map_or(0.0, |v| v.hold_elapsed_secs),
        hold_target_secs: view.map_or(0.0, |v| v.hold_target_secs),
        correction,
        present: view.is_some_and(|v| v.present),
        routine: app.routine().is_some(),
        source: source_word(app.source_status()).to_owned(),
        teach_result: app.teach_has_result(),
        opened: match app.source_status() {
            SourceStatus::Running { describe } | SourceStatus::CameraBack { describe } => {
                Some(describe.clone())
            }
            _ => None,
        },
        notice: app.notice().map(str::to_owned),
    }
}

fn source_word(status: &SourceStatus) -> &'static str {
    match status {
        SourceStatus::Missing { .. } => "Missing",
        SourceStatus::Opening => "Opening",
        SourceStatus::Running { .. } => "Running",
        SourceStatus::CameraLost { .. } => "CameraLost",
        SourceStatus::CameraBack { .. } => "CameraBack",
        SourceStatus::Ended => "Ended",
    }
}

/// Starts the app on the `<canvas>` with id `canvas_id`: `exercise` opens free practice of
/// it and `routine` the routine, once the safety screen is accepted; `model` is "lite" or
/// "full"; `mute` turns tones and voice off.
#[wasm_bindgen]
pub async fn start_app(
    canvas_id: String,
    exercise: Option<String>,
    routine: bool,
    model: Option<String>,
    mute: bool,
    settings_toml: Option<String>,
) -> Result<(), JsValue> {
    let _ = eframe::WebLogger::init(log::LevelFilter::Warn);
    let canvas = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&canvas_id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .ok_or_else(|| JsValue::from_str(&format!("no <canvas id=\"{canvas_id}\"> on the page")))?;
    let model = model.map(|m| crate::landmark_kind(&m)).transpose()?;
    // The built-in exercises with the own ones the page handed in over them, as the
    // desktop loads its own folder; a broken own file is left out and said once.
    let loaded = with_own()?;
    let catalog = loaded
        .usable()
        .map_err(|e| JsValue::from_str(&format!("the exercises: {e}")))?
        .clone();
    // The settings the page kept (the browser's storage), read as the desktop reads its file.
    let settings_path = std::path::PathBuf::from(SETTINGS);
    if let Some(text) = settings_toml {
        formcheck::files::page::put(&settings_path, text.into_bytes());
    }
    let (mut settings, problem) = Settings::load(&settings_path);
    if settings.model == ModelKind::Heavy {
        // Not in the browser build: the full model is its default.
        settings.model = ModelKind::Full;
    }
    let options = AppOptions {
        source: Some(SourceSpec::Camera(settings.camera_index)),
        exercise,
        routine,
        model,
        settings_path: Some(settings_path),
        settings_problem: problem.map(|p| p.to_string()),
        settings,
        catalog: Ok(catalog),
        own_dir: Some(own_dir()),
        content_problems: loaded.problems.iter().map(ToString::to_string).collect(),
        audio: !mute,
        no_camera_probe: true,
        // The page's store, seen as a folder (formcheck::session::page).
        session_dir: Some(std::path::PathBuf::from(sessions::DIR)),
        ..AppOptions::default()
    };
    drawing_context(&canvas)?;
    eframe::WebRunner::new()
        .start(
            canvas,
            eframe::WebOptions::default(),
            Box::new(move |cc| {
                formcheck::ui::theme::apply(&cc.egui_ctx);
                Ok(Box::new(Shell {
                    app: FormcheckApp::new(options),
                }))
            }),
        )
        .await
}

/// The canvas's WebGL2 context made before eframe asks for it (a canvas keeps the attributes
/// of its first context): without multisampling, depth or alpha. egui smooths its own edges
/// (feathering) and draws flat in one layer, so the browser's default 4× multisampling and a
/// depth buffer only cost time — a lot of it where WebGL is drawn in software (no GPU
/// driver; measured in benches/RESULTS.md, "The app's drawing").
fn drawing_context(canvas: &web_sys::HtmlCanvasElement) -> Result<(), JsValue> {
    let attributes = js_sys::Object::new();
    for (name, on) in [
        ("antialias", false),
        ("depth", false),
        ("stencil", false),
        ("alpha", false),
    ] {
        js_sys::Reflect::set(
            &attributes,
            &JsValue::from_str(name),
            &JsValue::from_bool(on),
        )?;
    }
    canvas
        .get_context_with_context_options("webgl2", &attributes)?
        .map(|_| ())
        .ok_or_else(|| {
            JsValue::from_str(
                "this browser has no WebGL2, which formcheck's screens are drawn with",
            )
        })
}

/// Where the app keeps its settings in the browser (`formcheck::files::page`): in the
/// settings folder, `prefs::BROWSER_CONFIG_DIR`, as on the desktop.
const SETTINGS: &str = "/browser/settings.toml";

/// The own exercises' folder in the browser (`prefs::own_exercises_dir`, which is
/// `/browser/exercises` there).
fn own_dir() -> std::path::PathBuf {
    formcheck::prefs::own_exercises_dir().unwrap_or_else(|| {
        std::path::Path::new(formcheck::prefs::BROWSER_CONFIG_DIR).join("exercises")
    })
}

/// The built-in exercises with the own files the page handed in over them.
fn with_own() -> Result<Loaded, JsValue> {
    content::load_with_own(&ContentSource::BuiltIn, Some(&own_dir()))
        .map_err(|e| JsValue::from_str(&format!("the exercises: {e}")))
}

/// An own exercise file the page kept (`name`: `bridge_at_home.toml`, or `routine.toml`),
/// handed in before [`start_app`]. A name that is not a plain `*.toml` file's is refused;
/// the content is judged by the loader, as a desktop file's is (a broken one is left out
/// and said).
#[wasm_bindgen]
pub fn load_own_file(name: &str, text: String) -> Result<(), JsError> {
    let plain = !name.contains(['/', '\\'])
        && !name.starts_with('.')
        && name.len() > ".toml".len()
        && name.ends_with(".toml");
    if !plain {
        return Err(JsError::new(&format!(
            "\"{name}\" is not an exercise file's name (NAME.toml)"
        )));
    }
    formcheck::files::page::put(&own_dir().join(name), text.into_bytes());
    Ok(())
}

/// The ids of every exercise the app offers, built-in and own, as JSON (`?exercise=` is
/// checked against them).
#[wasm_bindgen]
pub fn exercise_ids() -> Result<String, JsValue> {
    let loaded = with_own()?;
    let ids: Vec<&str> = loaded
        .catalog
        .exercises
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    Ok(serde_json::to_string(&ids).unwrap_or_default())
}

#[derive(Serialize)]
struct Written {
    /// "settings" (keep it in the browser's storage), "own" (an own exercise file: keep
    /// it) or "download" (offer it).
    kind: &'static str,
    name: String,
    text: String,
}

/// What a file of the app's is to the page: "settings", "own" or "download".
fn kind_of(path: &std::path::Path) -> &'static str {
    if path == std::path::Path::new(SETTINGS) {
        "settings"
    } else if path.parent() == Some(own_dir().as_path()) {
        "own"
    } else {
        "download"
    }
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The files the app wrote since the last call, as JSON: its settings (`kind`
/// "settings", for the page to keep), the own exercise files it saved (`kind` "own", to
/// keep) and the reports and exports it saved (`kind` "download", for the page to offer as
/// downloads: a tab has no folders).
#[wasm_bindgen]
pub fn take_written_files() -> String {
    let out: Vec<Written> = formcheck::files::page::take_written()
        .into_iter()
        .map(|(path, bytes)| Written {
            kind: kind_of(&path),
            name: file_name(&path),
            text: String::from_utf8_lossy(&bytes).into_owned(),
        })
        .collect();
    serde_json::to_string(&out).unwrap_or_default()
}

#[derive(Serialize)]
struct Removed {
    kind: &'static str,
    name: String,
}

/// The files the app deleted since the last call (an own exercise deleted in the picker),
/// as JSON: `[{"kind": "own", "name": "my_bridge.toml"}]`.
#[wasm_bindgen]
pub fn take_removed_files() -> String {
    let out: Vec<Removed> = formcheck::files::page::take_removed()
        .into_iter()
        .map(|path| Removed {
            kind: kind_of(&path),
            name: file_name(&path),
        })
        .collect();
    serde_json::to_string(&out).unwrap_or_default()
}

/// What is on screen, as JSON (docs/WEB.md): the screen, the exercise, phase, reps, hold
/// seconds and the one correction.
#[wasm_bindgen]
pub fn state() -> String {
    SHOWN.with_borrow(|s| serde_json::to_string(s).unwrap_or_default())
}

#[derive(Serialize)]
struct CueOut {
    say: Option<String>,
    tone: Option<&'static str>,
}

/// The cues to play since the last call, as JSON: `[{"say": "Lift your hips."},
/// {"tone": "rep"}]`.
#[wasm_bindgen]
pub fn take_cues() -> String {
    let out: Vec<CueOut> = cues::take()
        .into_iter()
        .map(|c| match c {
            cues::Cue::Say(text) => CueOut {
                say: Some(text),
                tone: None,
            },
            cues::Cue::Tone(t) => CueOut {
                say: None,
                tone: Some(match t {
                    Tone::Rep => "rep",
                    Tone::HoldDone => "hold",
                }),
            },
        })
        .collect();
    serde_json::to_string(&out).unwrap_or_default()
}

#[derive(Serialize)]
struct LinesOut {
    file_name: String,
    session_id: String,
    lines: Vec<String>,
}

/// The session lines written since the last call, as JSON: `[{"file_name":
/// "20261207-101500-1a2b3c4d.jsonl", "session_id": "…", "lines": ["{…}", …]}]`, each line
/// one record in the desktop's format.
#[wasm_bindgen]
pub fn take_session_lines() -> String {
    let out: Vec<LinesOut> = sessions::take_new()
        .into_iter()
        .map(|n| LinesOut {
            file_name: n.file_name,
            session_id: n.session_id,
            lines: n.lines,
        })
        .collect();
    serde_json::to_string(&out).unwrap_or_default()
}

/// A session the page has stored (`text`: its file's content, named `file_name` as the
/// desktop names it), handed in before [`start_app`] so History, Progress and the report
/// see it.
#[wasm_bindgen]
pub fn load_session(file_name: &str, text: &str) -> Result<(), JsError> {
    sessions::load(file_name, text).map_err(|e| JsError::new(&e.to_string()))
}

/// What the person asked of the page in History since the last call, as JSON:
/// `["export_all", "import"]`.
#[wasm_bindgen]
pub fn take_record_asks() -> String {
    let asks: Vec<&str> = sessions::take_asks()
        .into_iter()
        .map(|a| match a {
            sessions::Ask::ExportAll => "export_all",
            sessions::Ask::Import => "import",
        })
        .collect();
    serde_json::to_string(&asks).unwrap_or_default()
}

/// The page's words on an export or import it carried out, shown in History (which reads
/// the sessions again: load the imported ones first).
#[wasm_bindgen]
pub fn record_said(text: String) {
    sessions::said(text);
}

/// How long the browser keeps the record, in words for History (whether it promised to
/// keep it: `navigator.storage.persist()`).
#[wasm_bindgen]
pub fn record_kept(words: String) {
    sessions::set_kept(words);
}

/// The file names of the sessions deleted (in History) since the last call, as JSON.
#[wasm_bindgen]
pub fn take_removed_sessions() -> String {
    serde_json::to_string(&sessions::take_removed()).unwrap_or_default()
}

#[derive(Serialize)]
struct Wanted {
    generation: u64,
    /// "camera" or "video".
    source: &'static str,
    camera: Option<u32>,
    /// The chosen video's path (its file name is what the page's picker gave).
    video: Option<String>,
    model: String,
    held: bool,
}

/// What the app's pipeline wants from the page now, as JSON (`null`: nothing runs): which
/// pipeline (a new `generation` means open the source again), the source, the model, and
/// whether a video is held (the routine is paused).
#[wasm_bindgen]
pub fn wanted() -> String {
    let Some(d) = pipeline::driver() else {
        return "null".into();
    };
    let config = d.config();
    let (source, camera, video) = match &config.source {
        SourceSpec::Camera(i) => ("camera", Some(*i), None),
        SourceSpec::Video(p) | SourceSpec::Image(p) | SourceSpec::Folder(p) => (
            "video",
            None,
            p.file_name().map(|n| n.to_string_lossy().into_owned()),
        ),
    };
    let wanted = Wanted {
        generation: d.generation(),
        source,
        camera,
        video,
        model: config
            .pose
            .map_or_else(String::new, |p| p.model.as_str().to_owned()),
        held: d.held(),
    };
    serde_json::to_string(&wanted).unwrap_or_default()
}

/// The cameras the page found (their labels, in order): the app's camera choice
/// (Settings) lists them, and `camera` in [`wanted`] is an index into them.
#[wasm_bindgen]
pub fn set_cameras(labels: Vec<String>) {
    formcheck::source::page::set_cameras(labels);
}

/// Whether the person asked to choose a video since the last call (the page opens its
/// file picker).
#[wasm_bindgen]
pub fn video_asked() -> bool {
    formcheck::source::page::take_video_asked()
}

/// The person chose the video file `name` in the page's picker: the app opens it (the
/// page then plays it when [`wanted`] asks for it).
#[wasm_bindgen]
pub fn video_chosen(name: &str) -> String {
    formcheck::source::page::video_chosen(name)
        .display()
        .to_string()
}

/// A problem of the page's, shown among the app's notices (an own exercise file the
/// browser did not keep); with no pipeline running it goes to the console.
#[wasm_bindgen]
pub fn page_warning(message: String) {
    match pipeline::driver() {
        Some(d) => d.warning(message),
        None => log::warn!("{message}"),
    }
}

/// How far the video playing has got (`at`) of its `length`, in seconds (the teach screen
/// shows it while it reads a demonstration).
#[wasm_bindgen]
pub fn video_time(at: f64, length: f64) {
    formcheck::source::page::set_video_time(at, length);
}

/// The video being read reached its end.
#[wasm_bindgen]
pub fn source_ended() {
    if let Some(d) = pipeline::driver() {
        d.ended();
    }
}

/// The source opened (`describe`: "camera Integrated Webcam").
#[wasm_bindgen]
pub fn source_opened(describe: String) {
    if let Some(d) = pipeline::driver() {
        d.opened(describe);
    }
}

/// The source has shown `total` pictures since it opened (the page counts each one the
/// video element presents, whether or not there was time to coach it): the camera's own
/// frame rate, which the placement check reports.
#[wasm_bindgen]
pub fn source_presented(total: f64) {
    if let Some(d) = pipeline::driver() {
        d.presented(total as u64);
    }
}

/// The source could not be opened or stopped (`camera`: it was a camera).
#[wasm_bindgen]
pub fn source_failed(message: String, camera: bool) {
    if let Some(d) = pipeline::driver() {
        d.failed(message, camera);
    }
}

/// A word about the source that does not stop it, shown over the status bar (the camera
/// chosen in Settings is not connected, so another one is read).
#[wasm_bindgen]
pub fn source_warning(message: String) {
    if let Some(d) = pipeline::driver() {
        d.warning(message);
    }
}

/// The model loaded, or why not.
#[wasm_bindgen]
pub fn model_loaded(model: String, problem: Option<String>) {
    if let Some(d) = pipeline::driver() {
        match problem {
            None => d.model_ready(model),
            Some(p) => d.model_failed(p),
        }
    }
}

/// [`Feed`]'s answer after a frame of a teach recording: run the detector on the whole
/// picture ([`Feed::detector_input`]) and hand its outputs to [`Feed::counted`], which
/// counts the people in it as the desktop does.
const COUNT: u8 = 3;

/// The frames of the page's source through the tracking, into the app's pipeline.
#[wasm_bindgen]
pub struct Feed {
    runs: crate::runs::ModelRuns,
    /// When the frame under way began (its pose time, as the desktop measures it).
    started: Option<Instant>,
    paced_generation: Option<u64>,
    /// The frame whose people are being counted, and the detector's input of its whole
    /// picture.
    counting: Option<(formcheck::frame::Frame, Vec<f32>)>,
}

#[wasm_bindgen]
impl Feed {
    /// The tracking for the `model` landmark model ("lite" or "full"), at the camera's
    /// adaptive rate as on the desktop.
    #[wasm_bindgen(constructor)]
    pub fn new(model: &str) -> Result<Feed, JsError> {
        Ok(Self {
            runs: crate::runs::ModelRuns::new(model, false)?,
            started: None,
            paced_generation: None,
            counting: None,
        })
    }

    /// The detector's output names the page passes back to [`Feed::detected`], in order.
    pub fn detector_output_names(&self) -> Vec<String> {
        self.runs.detector_output_names()
    }

    /// The landmark model's output names the page passes back to [`Feed::landmarked`].
    pub fn landmark_output_names(&self) -> Vec<String> {
        self.runs.landmark_output_names()
    }

    /// The detector's input for the frame under way (1×224×224×3, NHWC): of its whole
    /// picture when its people are being counted.
    pub fn detector_input(&self) -> Vec<f32> {
        match &self.counting {
            Some((_, input)) => input.clone(),
            None => self.runs.detector_input(),
        }
    }

    /// The landmark model's input for the frame under way (1×256×256×3, NHWC).
    pub fn landmark_input(&self) -> Vec<f32> {
        self.runs.landmark_input()
    }

    /// A picture from the source (`rgba`: `width`×`height`, as a canvas gives it): 0 =
    /// done (it went to the app), 1 = run the detector, 2 = run the landmark model, 3 = run
    /// the detector to count the people ([`Feed::counted`]).
    pub fn begin(&mut self, rgba: &[u8], width: u32, height: u32) -> Result<u8, JsError> {
        let Some(d) = pipeline::driver() else {
            return Ok(crate::DONE);
        };
        if self.paced_generation != Some(d.generation()) {
            self.paced_generation = Some(d.generation());
            self.runs
                .tracking_mut()
                .pace_by(d.landmarks_read().as_deref());
        }
        let image = crate::rgb_of(rgba, width, height)?;
        let frame = formcheck::frame::Frame {
            image,
            ts: d.now(),
            index: 0,
            label: String::new(),
        };
        let next = self.runs.begin(frame)?;
        self.started = Some(Instant::now());
        Ok(self.step(next))
    }

    /// The detector's outputs for the frame.
    pub fn detected(&mut self, boxes: &[f32], scores: &[f32]) -> Result<u8, JsError> {
        let next = self.runs.detected(boxes, scores)?;
        Ok(self.step(next))
    }

    /// The landmark model's outputs for the frame; the frame is done (0), or its people
    /// are to be counted (3).
    pub fn landmarked(&mut self, outputs: Vec<js_sys::Float32Array>) -> Result<u8, JsError> {
        let result = self.runs.landmarked(&outputs)?;
        Ok(self.finish(result))
    }

    /// The detector's outputs for the whole picture of the frame being counted: its people
    /// go to the app's teach recording.
    pub fn counted(&mut self, boxes: &[f32], scores: &[f32]) -> Result<(), JsError> {
        let (frame, _) = self
            .counting
            .take()
            .ok_or_else(|| JsError::new("no frame being counted"))?;
        let found = self
            .runs
            .tracking()
            .decode_detections(&frame, boxes, scores);
        if let Some(d) = pipeline::driver() {
            d.people(frame.ts, formcheck::pose::detector::distinct_people(&found));
        }
        Ok(())
    }

    /// The tracking's answer for the frame under way: done frames go to the app.
    fn step(&mut self, next: Next) -> u8 {
        match next {
            Next::Detect => crate::DETECT,
            Next::Landmarks => crate::LANDMARKS,
            Next::Done(result) => self.finish(result),
        }
    }

    /// The frame is done: into the app. [`COUNT`] when its people are to be counted (the
    /// detector's input is then the whole picture), else done.
    fn finish(&mut self, result: PoseResult) -> u8 {
        let Some(frame) = self.runs.take_frame() else {
            return crate::DONE;
        };
        let took = self.started.take().map(|t| t.elapsed()).unwrap_or_default();
        let Some(d) = pipeline::driver() else {
            return crate::DONE;
        };
        let ts: Timestamp = frame.ts;
        match d.frame(frame.image, ts, Some(result), took) {
            Some(whole) => {
                let mut input = formcheck::pose::tracking::Inputs::default().detector;
                formcheck::pose::detector::preprocess(&whole.image, &mut input);
                self.counting = Some((whole, input));
                COUNT
            }
            None => crate::DONE,
        }
    }
}

/// Whether the app has the live view open (the page only reads the camera then).
#[wasm_bindgen]
pub fn live_screen() -> bool {
    SHOWN.with_borrow(|s| s.screen == format!("{:?}", Screen::Live))
}
