//! formcheck in the browser: the desktop's coach behind a page.
//!
//! Everything that decides is the formcheck library, unchanged: the pose stages and the
//! detect-or-track loop ([`formcheck::pose::tracking::Tracking`]), the coach, the content
//! built into the binary, the session record ([`formcheck::practice::clip_record`] into a
//! [`formcheck::practice::Recorder`] kept in memory). What the browser adds is at the edges,
//! in `site/app.js`: the camera (getUserMedia), the models (onnxruntime-web, whose runs are
//! promises, so the tracking asks for each run and is answered later), the drawing and the
//! speech.
//!
//! One frame, as `app.js` drives it: [`Coach::begin`] with the picture's RGBA pixels says
//! what the frame needs (nothing more: a held or empty frame; the detector; the landmark
//! model), the page runs that model on [`Coach::detector_input`] or
//! [`Coach::landmark_input`] and hands the outputs back ([`Coach::detected`],
//! [`Coach::landmarked`]); when the frame is done its pose goes through the coach and into
//! the record, and [`Coach::state`] tells the page what to show.

mod record;
mod runs;
mod zip;

use formcheck::body::{Pose, NUM_LANDMARKS};
use formcheck::coach::{Coach as ExerciseCoach, CoachView};
use formcheck::content::{load_source, Catalog, ContentSource, Exercise};
use formcheck::frame::{Frame, Timestamp};
use formcheck::pose::models::{self, ModelSpec};
use formcheck::pose::tracking::Next;
use formcheck::pose::{ModelKind, PoseResult};
use formcheck::practice::clip_record::ClipRecorder;
use formcheck::practice::pain::{self, Hurt, HurtAnswer};
use formcheck::practice::{Attempt, CoachRun, Recorder, Stream};
use formcheck::session::{
    EndReason, Mode, PainAction, PainFeel, PainLocation, Record, SharedLines, StartMeta,
};
use image::RgbImage;
use serde::Serialize;
use std::sync::{Arc, Mutex, PoisonError};
use wasm_bindgen::prelude::*;

mod shell;

/// What a frame needs next, as the page reads it.
const DONE: u8 = 0;
const DETECT: u8 = 1;
const LANDMARKS: u8 = 2;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(text: &str);
}

/// A panic is written to the console with its message and place (the page shows the error
/// the call then throws), instead of WebAssembly's bare "unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!("formcheck: {info}"))
    }));
}

/// The built-in exercises.
fn catalog() -> Result<Catalog, JsError> {
    let (catalog, problems) = load_source(&ContentSource::BuiltIn)
        .map_err(|e| JsError::new(&format!("the built-in exercises: {e}")))?;
    if let Some(p) = problems.first() {
        return Err(JsError::new(&format!("the built-in exercises: {p}")));
    }
    Ok(catalog)
}

#[derive(Serialize)]
struct ExerciseEntry<'a> {
    id: &'a str,
    name: &'a str,
}

/// The exercises a page can coach, as JSON: `[{"id":"bridge","name":"Bridge"}, ...]`.
#[wasm_bindgen]
pub fn exercises() -> Result<String, JsError> {
    let catalog = catalog()?;
    let list: Vec<ExerciseEntry> = catalog
        .exercises
        .iter()
        .map(|e| ExerciseEntry {
            id: e.id.as_str(),
            name: &e.name,
        })
        .collect();
    serde_json::to_string(&list).map_err(|e| JsError::new(&e.to_string()))
}

/// The model files a page loads, as JSON: `{"detector": "pose_detection.onnx", ...}` with
/// each file's SHA-256 from the manifest built into the binary (the page checks them).
#[wasm_bindgen]
pub fn model_files(model: &str) -> Result<String, JsError> {
    let kind = landmark_kind(model)?;
    let det = spec(models::DETECTOR)?;
    let lm = spec(kind.manifest_name())?;
    serde_json::to_string(&serde_json::json!({
        "detector": {"file": det.file, "sha256": det.sha256},
        "landmarks": {"file": lm.file, "sha256": lm.sha256},
    }))
    .map_err(|e| JsError::new(&e.to_string()))
}

fn landmark_kind(model: &str) -> Result<ModelKind, JsError> {
    match model {
        "lite" => Ok(ModelKind::Lite),
        "full" => Ok(ModelKind::Full),
        other => Err(JsError::new(&format!(
            "model {other:?}: the browser build has \"lite\" and \"full\""
        ))),
    }
}

fn spec(name: &str) -> Result<ModelSpec, JsError> {
    models::spec(name).map_err(|e| JsError::new(&e.to_string()))
}

/// A coached exercise in the browser: the tracking, the coach and the session record.
#[wasm_bindgen]
pub struct Coach {
    /// `None`: pictures only ([`Coach::pictures`]), nothing coached or recorded.
    exercise: Option<Exercise>,
    /// The tracking and the frame under way (the last frame once it is done).
    runs: runs::ModelRuns,
    stream: Stream,
    recorder: Option<ClipRecorder>,
    lines: SharedLines,
    frames: u64,
    /// The last frame's result.
    last: Option<PoseResult>,
    ended: bool,
    /// "It hurts" being answered (the page stops coaching meanwhile).
    hurt: Option<Hurt>,
}

#[wasm_bindgen]
impl Coach {
    /// Coaches `exercise` (an id of [`exercises`]) with the `model` landmark model ("lite"
    /// or "full"), recording a session whose source is described by `source`
    /// ("camera", a video's name).
    #[wasm_bindgen(constructor)]
    pub fn new(exercise: &str, model: &str, source: &str) -> Result<Coach, JsError> {
        let catalog = catalog()?;
        let exercise = catalog
            .get(exercise)
            .map_err(|e| JsError::new(&e.to_string()))?
            .clone();
        let mut coach = Self::build(model, false, Some(exercise))?;
        if let Some(ex) = &coach.exercise {
            coach
                .runs
                .tracking_mut()
                .pace_by(Some(&formcheck::coach::landmarks_read(ex)));
            let kind = coach.runs.tracking().config().model;
            let meta = StartMeta::new_now(kind.as_str(), source, Mode::Free, None);
            coach.recorder = Some(ClipRecorder::new(Recorder::in_memory(
                &meta,
                coach.lines.clone(),
            )));
        }
        Ok(coach)
    }

    /// Landmarks of single pictures, each on its own (the person detector runs on every
    /// one, no smoothing: `formcheck pose PICTURE` on the desktop), coaching nothing.
    pub fn pictures(model: &str) -> Result<Coach, JsError> {
        Self::build(model, true, None)
    }

    /// The detector's output names the page passes back to [`Coach::detected`], in order.
    pub fn detector_output_names(&self) -> Vec<String> {
        self.runs.detector_output_names()
    }

    /// The landmark model's output names the page passes back to [`Coach::landmarked`].
    pub fn landmark_output_names(&self) -> Vec<String> {
        self.runs.landmark_output_names()
    }

    /// The detector's input for the frame under way (1×224×224×3, NHWC).
    pub fn detector_input(&self) -> Vec<f32> {
        self.runs.detector_input()
    }

    /// The landmark model's input for the frame under way (1×256×256×3, NHWC).
    pub fn landmark_input(&self) -> Vec<f32> {
        self.runs.landmark_input()
    }

    /// A picture (`rgba`: `width`×`height` RGBA pixels, as a canvas gives them) at `t_ms`
    /// milliseconds of the session: 0 = done (see [`Coach::state`]), 1 = run the
    /// detector, 2 = run the landmark model.
    pub fn begin(
        &mut self,
        rgba: &[u8],
        width: u32,
        height: u32,
        t_ms: f64,
    ) -> Result<u8, JsError> {
        let image = rgb_of(rgba, width, height)?;
        let frame = Frame {
            image,
            ts: Timestamp::from_secs_f64(t_ms / 1000.0),
            index: self.frames,
            label: String::new(),
        };
        self.frames += 1;
        let next = self.runs.begin(frame)?;
        Ok(self.step(next))
    }

    /// The detector's outputs for the frame (in [`Coach::detector_output_names`] order).
    pub fn detected(&mut self, boxes: &[f32], scores: &[f32]) -> Result<u8, JsError> {
        let next = self.runs.detected(boxes, scores)?;
        Ok(self.step(next))
    }

    /// The landmark model's outputs for the frame (in [`Coach::landmark_output_names`]
    /// order); the frame is done.
    pub fn landmarked(&mut self, outputs: Vec<js_sys::Float32Array>) -> Result<(), JsError> {
        let result = self.runs.landmarked(&outputs)?;
        self.finish(result);
        Ok(())
    }

    /// "It hurts" (the button, the H key): the questions open for where the person is now
    /// (the desktop's [`pain::Hurt`]: the exercise, reps done, seconds held and the value
    /// of every measure it checks). Nothing happens while they are open or with no exercise.
    pub fn it_hurts(&mut self) {
        let Some(ex) = &self.exercise else {
            return;
        };
        if self.hurt.is_some() || self.ended {
            return;
        }
        let record = match self.stream.view() {
            Some(view) => pain::pain_record(&view),
            None => pain::pain_without_view(ex.id.as_str(), 0),
        };
        self.hurt = Some(Hurt::new(record, pain::gentler_dose(&ex.dose)));
    }

    /// An answer: `question` "where" (low_back, buttock, leg_above_knee, leg_below_knee,
    /// elsewhere), "how_bad" (0–10) or "like" (ache, sharp, tingling_or_numbness).
    pub fn hurt_answer(&mut self, question: &str, value: &str) -> Result<(), JsError> {
        let named = || serde_json::Value::String(value.to_owned());
        let answer = match question {
            "where" => HurtAnswer::Location(
                serde_json::from_value::<PainLocation>(named())
                    .map_err(|_| JsError::new(&format!("no place {value:?}")))?,
            ),
            "how_bad" => HurtAnswer::Severity(
                value
                    .parse()
                    .map_err(|_| JsError::new(&format!("{value:?} is not 0–10")))?,
            ),
            "like" => HurtAnswer::Feels(
                serde_json::from_value::<PainFeel>(named())
                    .map_err(|_| JsError::new(&format!("no feeling {value:?}")))?,
            ),
            other => return Err(JsError::new(&format!("no question {other:?}"))),
        };
        if let Some(h) = &mut self.hurt {
            h.answer(answer);
        }
        Ok(())
    }

    /// The questions' state as JSON: `open`, the answers so far, the red flag among them
    /// (in words) and the ways on offered now, each `{id, label}`.
    pub fn hurt_state(&self) -> String {
        let Some(h) = &self.hurt else {
            return r#"{"open":false}"#.to_owned();
        };
        let ways: Vec<serde_json::Value> = h
            .ways_on()
            .into_iter()
            .map(|w| {
                let label = match w {
                    PainAction::Skip => "Skip this exercise".to_owned(),
                    PainAction::Gentler => h.gentler().map_or_else(
                        || "A gentler version".to_owned(),
                        |d| format!("Gentler: hold {} s", d.hold_secs.round()),
                    ),
                    PainAction::Stop => "Stop for today".to_owned(),
                };
                serde_json::json!({ "id": w, "label": label })
            })
            .collect();
        let r = h.record();
        serde_json::json!({
            "open": true,
            "where": r.location,
            "how_bad": r.severity,
            "like": r.feels,
            "red_flag": h.red_flag(),
            "ways_on": ways,
        })
        .to_string()
    }

    /// The way on (`skip`, `gentler`, `stop`; after a red flag every way is a stop): the
    /// "It hurts" record is written, a gentler version starts the exercise again at the
    /// gentler dose. Returns the way taken; the page ends the session for skip and stop.
    pub fn hurt_way_on(&mut self, way: &str) -> Result<String, JsError> {
        let way: PainAction = serde_json::from_value(serde_json::Value::String(way.to_owned()))
            .map_err(|_| JsError::new(&format!("no way on {way:?}")))?;
        let Some(hurt) = self.hurt.take() else {
            return Err(JsError::new("\"It hurts\" is not open"));
        };
        let gentler = hurt.gentler().cloned();
        let (record, taken) = hurt.finish(Some(way));
        if let Some(rec) = &mut self.recorder {
            rec.note(&Record::Pain(record));
        }
        let taken = taken.unwrap_or(PainAction::Stop);
        if let (PainAction::Gentler, Some(dose), Some(ex)) = (taken, gentler, &mut self.exercise) {
            let events = self.stream.end();
            if let (Some(rec), Some(frame)) = (&mut self.recorder, self.runs.frame()) {
                rec.frame(ex, &self.stream, frame.ts, &events);
            }
            ex.dose = dose;
            let run = CoachRun::new(ExerciseCoach::new(ex), Attempt(1));
            self.stream.set_run(Some(run));
        }
        Ok(serde_json::to_value(taken)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default())
    }

    /// What is on screen now, as JSON (documented in docs/WEB.md).
    pub fn state(&self) -> String {
        let view = self.stream.view();
        serde_json::to_string(&State::of(
            self.exercise.as_ref(),
            view.as_ref(),
            self.last.as_ref(),
            self.ended,
        ))
        .unwrap_or_default()
    }

    /// The last pose's 33 landmarks as x, y (picture pixels) and visibility, flat; empty
    /// when nobody was seen.
    pub fn pose_points(&self) -> Vec<f32> {
        let Some(pose) = self.last.as_ref().and_then(|r| r.pose.as_ref()) else {
            return Vec::new();
        };
        pose_points(pose)
    }

    /// The skeleton's bones as pairs of landmark indices, flat.
    pub fn bones() -> Vec<u32> {
        formcheck::body::BONES
            .iter()
            .flat_map(|(a, b)| [a.index() as u32, b.index() as u32])
            .collect()
    }

    /// The session's records so far, one JSON line each, in the desktop's session format.
    pub fn records(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The session ends (`reason`: "done", "quit", "source_ended", "camera_lost"): the
    /// coach's last events, the exercise's counts and the `end` record.
    pub fn end(&mut self, reason: &str) -> Result<(), JsError> {
        let reason = match reason {
            "done" => EndReason::Done,
            "quit" => EndReason::Quit,
            "source_ended" => EndReason::SourceEnded,
            "camera_lost" => EndReason::CameraLost,
            other => return Err(JsError::new(&format!("unknown end reason {other:?}"))),
        };
        if self.ended {
            return Ok(());
        }
        self.ended = true;
        let events = self.stream.end();
        let ts = self
            .runs
            .frame()
            .map_or(Timestamp::from_secs_f64(0.0), |f| f.ts);
        if let (Some(mut rec), Some(ex)) = (self.recorder.take(), &self.exercise) {
            if self.frames > 0 {
                rec.frame(ex, &self.stream, ts, &events);
            }
            rec.finish(ex, reason)
                .map_err(|e| JsError::new(&e.to_string()))?;
        }
        Ok(())
    }
}

impl Coach {
    fn build(model: &str, pictures: bool, exercise: Option<Exercise>) -> Result<Coach, JsError> {
        let runs = runs::ModelRuns::new(model, pictures)?;
        let run = exercise
            .as_ref()
            .map(|ex| CoachRun::new(ExerciseCoach::new(ex), Attempt(0)));
        Ok(Coach {
            exercise,
            runs,
            stream: Stream::new(None, run),
            recorder: None,
            lines: Arc::new(Mutex::new(Vec::new())),
            frames: 0,
            last: None,
            ended: false,
            hurt: None,
        })
    }

    fn step(&mut self, next: Next) -> u8 {
        match next {
            Next::Done(result) => {
                self.finish(result);
                DONE
            }
            Next::Detect => DETECT,
            Next::Landmarks => LANDMARKS,
        }
    }

    /// The frame's pose through the coach and into the record.
    fn finish(&mut self, result: PoseResult) {
        let Some(frame) = self.runs.frame() else {
            return;
        };
        let ts = frame.ts;
        if !self.ended {
            let events = self.stream.pose(result.pose.as_ref(), ts);
            if let (Some(rec), Some(ex)) = (&mut self.recorder, &self.exercise) {
                rec.frame(ex, &self.stream, ts, &events);
            }
        }
        self.last = Some(result);
    }
}

/// A canvas's RGBA pixels as the RGB picture the pose stages read.
fn rgb_of(rgba: &[u8], width: u32, height: u32) -> Result<RgbImage, JsError> {
    let expected = (width as usize) * (height as usize) * 4;
    if rgba.len() != expected || expected == 0 {
        return Err(JsError::new(&format!(
            "a {width}×{height} picture has {expected} RGBA bytes, not {}",
            rgba.len()
        )));
    }
    let rgb: Vec<u8> = rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    RgbImage::from_raw(width, height, rgb)
        .ok_or_else(|| JsError::new("the picture's pixels do not fill it"))
}

fn pose_points(pose: &Pose) -> Vec<f32> {
    let mut out = Vec::with_capacity(NUM_LANDMARKS * 3);
    for l in &pose.landmarks {
        out.extend([l.x, l.y, l.visibility]);
    }
    out
}

/// One checked measure as the page draws it.
#[derive(Serialize)]
struct MeasureShown {
    landmarks: Vec<u32>,
    state: u8,
}

/// What the page shows, and what `window.formcheck.state()` publishes.
#[derive(Serialize)]
struct State<'a> {
    exercise: &'a str,
    name: &'a str,
    present: bool,
    phase: Option<String>,
    reps: u32,
    reps_target: u32,
    holding: bool,
    hold_secs: f32,
    hold_target_secs: f32,
    correction: Option<String>,
    headline: String,
    /// Each checked measure for colouring the skeleton, as the desktop's overlay draws it:
    /// its landmarks in order (the segments between them are drawn in its colour, the
    /// middle one of three is the joint) and its state, 0 good, 1 borderline, 2 wrong,
    /// 3 unknown (not drawn).
    measures: Vec<MeasureShown>,
    detector_ran: bool,
    held_frame: bool,
    done: bool,
    ended: bool,
}

impl<'a> State<'a> {
    fn of(
        ex: Option<&'a Exercise>,
        view: Option<&CoachView>,
        last: Option<&PoseResult>,
        ended: bool,
    ) -> Self {
        use formcheck::coach::JointState;
        let measures = view
            .map(|v| {
                v.joints
                    .iter()
                    .map(|j| MeasureShown {
                        landmarks: j.landmarks.iter().map(|l| l.index() as u32).collect(),
                        state: match j.state {
                            JointState::Good => 0,
                            JointState::Borderline => 1,
                            JointState::Wrong => 2,
                            JointState::Unknown => 3,
                        },
                    })
                    .collect()
            })
            .unwrap_or_default();
        State {
            exercise: ex.map_or("", |e| e.id.as_str()),
            name: ex.map_or("", |e| e.name.as_str()),
            present: view.is_some_and(|v| v.present),
            phase: view.and_then(|v| v.phase.clone()),
            reps: view.map_or(0, |v| v.reps_done),
            reps_target: view.map_or(0, |v| v.reps_target),
            holding: view.is_some_and(|v| v.holding),
            hold_secs: view.map_or(0.0, |v| v.hold_elapsed_secs),
            hold_target_secs: view.map_or(0.0, |v| v.hold_target_secs),
            correction: view.and_then(|v| v.correction.as_ref().map(|c| c.message.clone())),
            headline: view.map(|v| v.headline.clone()).unwrap_or_default(),
            measures,
            detector_ran: last.is_some_and(|r| r.detector_ran),
            held_frame: last.is_some_and(|r| r.held),
            done: view.is_some_and(|v| v.done),
            ended,
        }
    }
}
