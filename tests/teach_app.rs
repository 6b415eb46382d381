//! Teaching in the app and the person's own exercises in the picker: the teach screen's
//! states through egui_kittest (a result with both positions drawn and their measures; a
//! bad demonstration; an id that is taken), the Edit and Delete dialogs (a confirmation
//! first; comments kept), "Add to my routine"; and one real clip taught through the real
//! window's worker, saved, found in the picker and coached by `analyze`.

use crate::util::{self, synth};
use egui_kittest::kittest::Queryable as _;
use formcheck::content::{self, ContentSource};
use formcheck::frame::Timestamp;
use formcheck::prefs::Settings;
use formcheck::ui::{egui, AppOptions, FormcheckApp, Screen};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Harness = egui_kittest::Harness<'static, FormcheckApp>;

/// A fresh config folder; returns (config, its exercises folder).
fn config(name: &str) -> (PathBuf, PathBuf) {
    let config = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("teach-app-{name}"));
    let _ = std::fs::remove_dir_all(&config);
    let own = config.join("exercises");
    std::fs::create_dir_all(&own).unwrap_or_else(|e| panic!("{e}"));
    (config, own)
}

fn app(own: &Path) -> FormcheckApp {
    let loaded = content::load_with_own(&ContentSource::BuiltIn, Some(own))
        .unwrap_or_else(|e| panic!("{e}"));
    FormcheckApp::new(AppOptions {
        settings: Settings {
            safety_acknowledged: true,
            ..Settings::default()
        },
        catalog: Ok(loaded.catalog),
        own_dir: Some(own.to_owned()),
        no_camera_probe: true,
        ..AppOptions::default()
    })
}

fn harness(app: FormcheckApp) -> Harness {
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
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

/// Steps the window until `done` (the teach job runs on its own thread), at most 60 s.
fn step_until(h: &mut Harness, what: &str, done: impl Fn(&Harness) -> bool) {
    let start = Instant::now();
    while !done(h) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run_steps(2);
}

/// A synthetic bridge done three times, side-on.
fn bridge_demonstration() -> formcheck::ui::teach::Frames {
    let perf = synth::script("bridge", None, 2.0, 3).unwrap_or_else(|| panic!("bridge script"));
    synth::Scene::default().render(&perf.script)
}

/// What the screen asks for before a name is given: 10 reps, one side.
fn request() -> formcheck::teach::Request {
    formcheck::teach::Request {
        id: "my_exercise".into(),
        name: "My exercise".into(),
        dose: formcheck::teach::DoseAsked::Reps(10),
        sides: formcheck::teach::SidesAsked::One,
    }
}

/// Replaces the text of the field labelled `label`.
fn type_into(h: &mut Harness, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_steps(1);
    h.key_press(egui::Key::End);
    for _ in 0..40 {
        h.key_press(egui::Key::Backspace);
    }
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

fn save(h: &mut Harness) {
    h.get_by_label("Save").click();
    step_until(h, "save", |h| {
        h.query_by_label_contains("Saved as").is_some()
    });
}

/// The result: both positions drawn, each with its measures and time span, and what
/// counts; saved under a name, its id derived; found in the picker, marked as own, with
/// its drawing; added to the own routine (made from the built-in one).
#[test]
fn teach_screen_shows_both_positions_then_saves_into_the_own_folder() {
    let (_, own) = config("result");
    let mut h = harness(app(&own));
    h.state_mut().teach_poses(bridge_demonstration());
    step_until(&mut h, "teaching", |h| h.state().teach_has_result());
    h.get_by_label("Figures: Start, Held");
    // The same words the engine gives, with their time spans.
    let taught = formcheck::teach::teach(&bridge_demonstration(), &request())
        .unwrap_or_else(|e| panic!("{e}"));
    let start = taught
        .start
        .as_ref()
        .unwrap_or_else(|| panic!("a start position"));
    let start = formcheck::ui::teach::measures_text(&taught, "Start", start);
    let held = formcheck::ui::teach::measures_text(&taught, "Held", &taught.held);
    println!("{start}\n{held}");
    assert!(
        start.contains("hip") && start.contains('°') && start.contains(" s)"),
        "{start}"
    );
    h.get_by_label(&start);
    h.get_by_label(&held);
    h.get_by_label_contains("Counts a rep each time your hip");
    type_into(&mut h, "Name", "My bridge");
    // Only a name is asked for; the id (the file name) is made from it.
    assert!(h.query_by_label_contains("Id").is_none());
    save(&mut h);
    let file = own.join("my_bridge.toml");
    h.get_by_label_contains(&format!("Saved as {}", file.display()));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("name = \"My bridge\""), "{text}");
    assert!(text.contains("Start as in your demonstration."), "{text}");
    // The instructions are the person's now: the placeholder's comment went with them.
    assert!(
        !text.contains("Replace with your physiotherapist"),
        "{text}"
    );
    let loaded = content::load_with_own(&ContentSource::BuiltIn, Some(&own))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    // In the picker at once, marked as the person's, with Edit and Delete.
    h.get_by_label("Add to my routine").click();
    h.run_steps(2);
    h.get_by_label_contains("Added to the end of your routine.");
    let routine =
        std::fs::read_to_string(own.join("routine.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        routine.contains("\"childs_pose\",\n    \"my_bridge\""),
        "{routine}"
    );
    h.get_by_label("Live").click();
    h.run_steps(2);
    h.get_by_value("My bridge (yours)");
    // Drawn as the built-in ones are, from the file's [figure] (the demonstration's poses).
    assert!(text.contains("\n[figure]\nstart = { nose = ["), "{text}");
    h.get_by_label("Figures: Start, Hold");
    h.get_by_label("Edit");
    h.get_by_label("Delete");
    // A taught file does not say its dose in words: the routine list says it from its numbers.
    let reps = text
        .lines()
        .find_map(|l| l.strip_prefix("reps = "))
        .unwrap_or_else(|| panic!("no reps in {text}"));
    h.get_by_label_contains(&format!("• My bridge — {reps} reps, hold "));
}

/// A demonstration that cannot teach says why, and "Try again" goes back to the choice.
#[test]
fn a_bad_demonstration_shows_the_teach_error_and_try_again() {
    let (_, own) = config("bad");
    let mut h = harness(app(&own));
    let nobody: formcheck::ui::teach::Frames = (0..90)
        .map(|i| {
            (
                formcheck::frame::Timestamp::from_secs_f64(f64::from(i) / 30.0),
                None,
            )
        })
        .collect();
    h.state_mut().teach_poses(nobody);
    step_until(&mut h, "teaching", |h| {
        h.query_by_label("This demonstration cannot teach.")
            .is_some()
    });
    h.get_by_label_contains("nobody was seen in the demonstration");
    h.get_by_label("Try again").click();
    h.run_steps(2);
    h.get_by_label("Record from the camera");
    h.get_by_label("Teach from this video");
}

/// An id already used: a built-in's is refused; the person's own only with "Replace".
#[test]
fn a_taken_id_is_refused_unless_the_person_replaces_their_own() {
    let (_, own) = config("clash");
    std::fs::write(own.join("wall_sit.toml"), util::WALL_SIT_TOML)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness(app(&own));
    h.state_mut().teach_poses(bridge_demonstration());
    step_until(&mut h, "teaching", |h| h.state().teach_has_result());
    type_into(&mut h, "Name", "Bridge");
    h.get_by_label("Save").click();
    h.run_steps(2);
    h.get_by_label_contains(
        "There is already a built-in exercise called \"Bridge\": choose another name.",
    );
    assert!(!own.join("bridge.toml").exists());
    // A name that is one of the person's own.
    type_into(&mut h, "Name", "Wall sit");
    h.get_by_label("Save").click();
    h.run_steps(2);
    h.get_by_label_contains("You already have an exercise called \"Wall sit\"");
    assert_eq!(
        std::fs::read_to_string(own.join("wall_sit.toml"))
            .ok()
            .as_deref(),
        Some(util::WALL_SIT_TOML)
    );
    h.get_by_label("Replace my exercise of this name").click();
    h.run_steps(1);
    save(&mut h);
    h.get_by_label_contains("Saved as");
    let text = std::fs::read_to_string(own.join("wall_sit.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("name = \"Wall sit\""), "{text}");
}

/// Edit keeps the person's comments; Delete asks first ("Keep it" keeps it), then removes
/// the file and the routine's entry. Built-ins have neither button.
#[test]
fn own_exercises_are_edited_and_deleted_after_a_confirmation() {
    let (_, own) = config("edit");
    let text = format!("# My physio's wall sit.\n{}", util::WALL_SIT_TOML);
    std::fs::write(own.join("wall_sit.toml"), &text).unwrap_or_else(|e| panic!("{e}"));
    content::add_to_routine(&own, &ContentSource::BuiltIn, "wall_sit")
        .unwrap_or_else(|e| panic!("{e}"));
    // The picker starts on the first exercise, a built-in: no Edit, no Delete.
    let mut h = harness(app(&own));
    h.get_by_label("Teach an exercise…");
    assert!(h.query_by_label("Delete").is_none());
    assert!(h.query_by_label("Edit").is_none());
    h.get_by_label("exercise").click();
    h.run();
    h.get_by_label("Wall sit (yours)").click_accesskit();
    h.run();
    h.get_by_value("Wall sit (yours)");
    // The list closes at the next click anywhere.
    h.get_by_label("Free practice").click();
    h.run();
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Edit \"Wall sit\"");
    type_into(&mut h, "Name", "Wall sit, knees at 90");
    h.get_by_label("Save").click();
    h.run();
    let edited =
        std::fs::read_to_string(own.join("wall_sit.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(edited.starts_with("# My physio's wall sit.\n"), "{edited}");
    assert!(
        edited.contains("name = \"Wall sit, knees at 90\""),
        "{edited}"
    );
    h.get_by_value("Wall sit, knees at 90 (yours)");
    h.get_by_label("Delete").click();
    h.run();
    h.get_by_label_contains("Delete \"Wall sit, knees at 90\"?");
    h.get_by_label("Keep it").click();
    h.run();
    assert!(own.join("wall_sit.toml").exists());
    h.get_by_label("Delete").click();
    h.run();
    h.get_by_label("Delete it").click();
    h.run();
    assert!(!own.join("wall_sit.toml").exists());
    let routine =
        std::fs::read_to_string(own.join("routine.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(!routine.contains("wall_sit"), "{routine}");
    assert!(h.query_by_label_contains("Wall sit").is_none());
    assert!(h.query_by_label("Delete").is_none());
    assert_eq!(h.state().screen(), Screen::Live);
}

/// Item 8: the dose of a routine exercise is set in the app within the guide's range. A
/// dose outside is refused in the dialog with the range in words (nothing written); one
/// inside goes into the person's own copy of the exercise, which the routine list shows
/// and the report names as "set by you"; "Back to the guide's dose" brings "the guide" back.
#[test]
fn a_routine_exercise_dose_is_set_within_the_guide_range() {
    let (_, own) = config("dose");
    let mut h = harness(app(&own));
    h.get_by_label("exercise").click();
    h.run();
    h.get_by_label("Bridge").click_accesskit();
    h.run();
    h.get_by_label("Free practice").click();
    h.run();
    h.get_by_label("Set the dose…").click();
    h.run();
    h.get_by_label_contains("Dose of \"Bridge\"");
    h.get_by_label("Reps").set_value_accesskit(12.0);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("Reps for Bridge: the guide's range is 5–10; 12 is outside it.");
    assert!(!own.join("bridge.toml").exists(), "nothing written");
    h.get_by_label("Reps").set_value_accesskit(8.0);
    h.get_by_label("Hold (s)").set_value_accesskit(3.0);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(
        h.query_by_label_contains("Dose of \"Bridge\"").is_none(),
        "closed"
    );
    let text = std::fs::read_to_string(own.join("bridge.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        text.contains("reps = 8") && text.contains("hold_secs = 3.0"),
        "{text}"
    );
    h.get_by_label_contains("From now on: Bridge, 8 reps, hold 3 s.");
    h.get_by_label("• Bridge — 8 reps, hold 3 s");
    let report = |own: &Path| {
        let loaded = content::load_with_own(&ContentSource::BuiltIn, Some(own))
            .unwrap_or_else(|e| panic!("{e}"));
        formcheck::progress::html::make(
            Vec::new(),
            formcheck::progress::Window::All,
            &loaded.catalog,
            "all sessions",
            "2026-12-10",
            &formcheck::progress::report_for::ReportFor::default(),
        )
        .html
    };
    let html = report(&own);
    assert!(
        html.contains("<td>8 reps, hold 3 s</td><td>set by you</td>"),
        "{html}"
    );
    // Back to the guide's dose: the report says "the guide" again.
    h.get_by_label("Set the dose…").click();
    h.run();
    h.get_by_label("Back to the guide's dose").click();
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("• Bridge — 10 reps, hold the top 1–2 s");
    let html = report(&own);
    assert!(
        html.contains("<td>10 reps, hold the top 1–2 s</td><td>the guide</td>"),
        "{html}"
    );
    // An exercise the guide gives one dose for has no such button.
    h.get_by_label("exercise").click();
    h.run();
    h.get_by_label("Pelvic tilt").click_accesskit();
    h.run();
    h.get_by_label("Free practice").click();
    h.run();
    assert!(h.query_by_label("Set the dose…").is_none());
}

/// The strokes and words painted inside `rect` (the figure's place).
fn painted_in(h: &Harness, rect: egui::Rect) -> (Vec<egui::Pos2>, Vec<String>) {
    fn walk(
        shape: &egui::Shape,
        rect: egui::Rect,
        pts: &mut Vec<egui::Pos2>,
        words: &mut Vec<String>,
    ) {
        match shape {
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, rect, pts, words)),
            egui::Shape::Path(p)
                if matches!(p.stroke.color,
                    egui::epaint::ColorMode::Solid(c) if c == formcheck::ui::theme::ACCENT) =>
            {
                pts.extend(p.points.iter().filter(|q| rect.contains(**q)));
            }
            egui::Shape::Circle(c)
                if c.fill == formcheck::ui::theme::ACCENT && rect.contains(c.center) =>
            {
                pts.push(c.center);
            }
            egui::Shape::Text(t) if rect.contains(t.pos) => words.push(t.galley.text().to_owned()),
            _ => {}
        }
    }
    let (mut pts, mut words) = (Vec::new(), Vec::new());
    for c in &h.output().shapes {
        walk(&c.shape, rect, &mut pts, &mut words);
    }
    (pts, words)
}

/// Item 5: the picker draws the chosen exercise moving: resting in its start position,
/// then in its held one (the strokes painted differ, the label says which), and pelvic
/// tilt's drawing is not the bridge's.
#[test]
fn the_picker_draws_each_exercise_moving() {
    let (_, own) = config("figure");
    let mut h = harness(app(&own));
    let at = |h: &mut Harness, name: &str, time: f64| {
        h.get_by_label("exercise").click();
        h.run();
        h.get_by_label(name).click_accesskit();
        h.run();
        h.get_by_label("Free practice").click();
        h.run();
        h.input_mut().time = Some(time);
        h.step();
        let rect = h.get_by_label("Figures: Start, Hold").rect();
        painted_in(h, rect)
    };
    let (bridge_start, words) = at(&mut h, "Bridge", 100.0 * formcheck::content::CYCLE_SECS);
    assert!(words.contains(&"Start".to_owned()), "{words:?}");
    assert!(
        bridge_start.len() >= 10,
        "a figure is drawn: {bridge_start:?}"
    );
    let (bridge_held, words) = at(&mut h, "Bridge", 150.5 * formcheck::content::CYCLE_SECS);
    assert!(words.contains(&"Hold".to_owned()), "{words:?}");
    assert_ne!(bridge_start, bridge_held, "the figure moved");
    let (tilt_start, _) = at(
        &mut h,
        "Pelvic tilt",
        200.0 * formcheck::content::CYCLE_SECS,
    );
    let (tilt_held, _) = at(
        &mut h,
        "Pelvic tilt",
        300.5 * formcheck::content::CYCLE_SECS,
    );
    assert_ne!(tilt_start, tilt_held, "the tilt moves");
    assert_ne!(
        tilt_start, bridge_start,
        "pelvic tilt is not drawn as the bridge"
    );
    assert_ne!(tilt_held, bridge_held);
}

/// The real window's way, on a real clip: the teach screen reads the video through the
/// pose model on its worker, the result is saved under a name, the exercise is in the
/// picker (marked as own) and the library, and `analyze --exercise` coaches the clip with
/// it. One real-clip teach, to keep the suite lean.
#[test]
fn a_real_clip_taught_in_the_app_is_saved_and_analysed() {
    let Some(data) =
        util::real_data_and_runtime("a_real_clip_taught_in_the_app_is_saved_and_analysed")
    else {
        return;
    };
    let (config, own) = config("real");
    let clip = data.join("video/glute_bridge_04.mp4");
    let mut h = harness(app(&own));
    h.get_by_label("Teach an exercise…").click();
    h.run_steps(2);
    type_into(
        &mut h,
        "Use a video (file or image folder):",
        &clip.to_string_lossy(),
    );
    h.get_by_label("Teach from this video").click();
    h.run_steps(1);
    let start = Instant::now();
    while !h.state().teach_has_result() {
        assert!(
            h.query_by_label("This demonstration cannot teach.")
                .is_none(),
            "the clip should teach"
        );
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "timed out reading the clip"
        );
        std::thread::sleep(Duration::from_millis(100));
        h.step();
    }
    h.run_steps(2);
    println!("taught in {:.1} s", start.elapsed().as_secs_f64());
    h.get_by_label("Figures: Start, Held");
    h.get_by_label_contains("Counts a rep each time your hip");
    type_into(&mut h, "Name", "Bridge from my clip");
    save(&mut h);
    let file = own.join("bridge_from_my_clip.toml");
    assert!(file.is_file());
    h.get_by_label("Live").click();
    h.run_steps(2);
    h.get_by_value("Bridge from my clip (yours)");
    let loaded = content::load_with_own(&ContentSource::BuiltIn, Some(&own))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        loaded.origin("bridge_from_my_clip"),
        Some(content::Origin::Own(p)) if *p == file
    ));
    let (code, out, err) = util::formcheck_with_config(
        &config,
        &[
            "analyze",
            &clip.to_string_lossy(),
            "--exercise",
            "bridge_from_my_clip",
        ],
    );
    println!("{out}");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("exercise: bridge_from_my_clip"), "{out}");
}

/// The edit of a dose and of the sides goes into the same file: the dose's keys change
/// and nothing else; "each side" adds a `[sides]` block on the held position's measure
/// (read on the working side), "one" takes it out; every version loads.
#[test]
fn editing_the_dose_and_sides_keeps_the_rest_of_the_file() {
    let (_, own) = config("sides");
    let taught = formcheck::teach::teach(&bridge_demonstration(), &request())
        .unwrap_or_else(|e| panic!("{e}"));
    let path =
        content::save_new(&own, "my_exercise", &taught.toml).unwrap_or_else(|e| panic!("{e}"));
    let before = content::read_edit(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(!before.each_side);
    let each = content::OwnEdit {
        reps: 12,
        each_side: true,
        ..before.clone()
    };
    content::apply_edit(&path, &each).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    println!("{text}");
    assert!(
        text.contains("reps = 12") && text.contains("[sides]"),
        "{text}"
    );
    assert!(
        text.contains("# Found: "),
        "the taught file's comments stay: {text}"
    );
    assert_eq!(content::read_edit(&path).ok(), Some(each.clone()));
    let one = content::OwnEdit {
        each_side: false,
        ..each
    };
    content::apply_edit(&path, &one).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(content::read_edit(&path).ok(), Some(one));
    // A built-in cannot be edited or deleted, and its id cannot be taken.
    let loaded = content::load_with_own(&ContentSource::BuiltIn, Some(&own))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(content::own_path(&loaded, "bridge").is_err());
    assert!(content::delete_own(&loaded, &own, "bridge").is_err());
    assert!(content::check_new_id(&loaded, "bridge", true).is_err());
    assert!(content::check_new_id(&loaded, "my_exercise", false).is_err());
    assert!(content::check_new_id(&loaded, "my_exercise", true).is_ok());
}

/// Recording from the camera, without a camera: the countdown (3 s) comes first, then the
/// poses the live pipeline hands over are recorded on their own clock (from 0), and the
/// recording ends by itself after its longest time and is taught.
#[test]
fn a_recording_counts_down_then_records_the_poses_and_teaches() {
    use formcheck::ui::teach::{TeachScreen, COUNTDOWN_SECS, RECORD_SECS};
    let own = formcheck::ui::own::OwnLibrary::default();
    let mut screen = TeachScreen::default();
    screen.start_countdown();
    assert!(screen.wants_camera());
    let frames = bridge_demonstration();
    // Poses during the countdown are not recorded.
    screen.on_frame(Timestamp::from_millis(100_000), frames[0].1.as_ref());
    assert!(screen.tick(COUNTDOWN_SECS + 0.1, &own).is_none());
    for (t, pose) in &frames {
        screen.on_frame(Timestamp(500_000_000_000 + t.nanos()), pose.as_ref());
    }
    assert!(screen.wants_camera(), "still recording");
    screen.tick(RECORD_SECS, &own);
    assert!(!screen.wants_camera(), "the recording ended by itself");
    let start = Instant::now();
    while !screen.has_result() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out teaching"
        );
        std::thread::sleep(Duration::from_millis(20));
        screen.tick(0.02, &own);
    }
}

/// The people the live pipeline counted while recording (about one picture a second) are
/// checked when the recording stops: two or more in at least half of them cannot teach
/// (`MoreThanOnePerson`), a count sent during the countdown is not the recording's, and
/// the same poses with one person teach.
#[test]
fn a_recording_with_two_people_in_most_pictures_cannot_teach() {
    use formcheck::ui::teach::{TeachScreen, COUNTDOWN_SECS, RECORD_SECS};
    let own = formcheck::ui::own::OwnLibrary::default();
    let frames = bridge_demonstration();
    let record = |counts: &[(f64, usize)]| {
        let mut screen = TeachScreen::default();
        screen.start_countdown();
        // Counted before the recording: not its own.
        screen.on_people(Timestamp::from_millis(500), 2);
        assert!(!screen.recording());
        screen.tick(COUNTDOWN_SECS + 0.1, &own);
        assert!(screen.recording());
        for (t, pose) in &frames {
            screen.on_frame(Timestamp(10_000_000_000 + t.nanos()), pose.as_ref());
        }
        for &(t, n) in counts {
            screen.on_people(Timestamp::from_secs_f64(t), n);
        }
        // It ends by itself after its longest time.
        screen.tick(RECORD_SECS, &own);
        assert!(!screen.recording());
        screen
    };
    let mut crowded = record(&[(10.0, 2), (11.0, 1), (12.0, 2), (13.0, 2)]);
    let mut alone = record(&[(10.0, 1), (11.0, 2), (12.0, 1), (13.0, 1)]);
    let start = Instant::now();
    while !alone.has_result() || crowded.failure().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out teaching"
        );
        std::thread::sleep(Duration::from_millis(20));
        crowded.tick(0.02, &own);
        alone.tick(0.02, &own);
        assert!(!crowded.has_result(), "two people taught");
    }
    let why = crowded.failure().unwrap_or_default();
    assert!(
        why.contains("more than one person was seen (in 3 of the 4 pictures checked)"),
        "{why}"
    );
}
