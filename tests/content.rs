//! Content files: every shipped file loads; malformed files name file, key and why;
//! unknown ids list the valid ones; synthetic still poses are recognised.

use crate::util::catalog;
use crate::util::synth::Scene;
use formcheck::coach::recognize;
use formcheck::content::{self, ContentError};
use std::path::{Path, PathBuf};

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("formcheck-content-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    d
}

fn copy_content(to: &Path) {
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .unwrap_or_else(|e| panic!("{e}"))
    {
        let p = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if let Some(name) = p.file_name() {
            std::fs::copy(&p, to.join(name)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn shipped_content_loads_with_the_guides_routine() {
    let cat = catalog();
    assert_eq!(cat.exercises.len(), 11);
    assert_eq!(
        cat.routine.exercises,
        [
            "diaphragmatic_breathing",
            "pelvic_tilt",
            "supine_arm_raise",
            "cobra",
            "bridge",
            "corpse",
            "knee_to_chest",
            "seated_hamstring",
            "cat",
            "thread_the_needle",
            "childs_pose"
        ]
    );
    let cat_ex = cat.get("cat").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cat_ex.dose.reps, 5);
    let k2c = cat.get("knee_to_chest").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(k2c.side_steps(), 3);
    assert_eq!(
        cat.get("pelvic_tilt").map(|e| e.dose.hold_secs).ok(),
        Some(60.0)
    );
    let arm = cat
        .get("supine_arm_raise")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((arm.dose.hold_secs, arm.dose.reps), (30.0, 3));
}

#[test]
fn unknown_exercise_lists_valid_ids() {
    let cat = catalog();
    let err = cat
        .get("plank")
        .err()
        .unwrap_or_else(|| panic!("plank should not exist"));
    let msg = err.to_string();
    assert!(msg.contains("unknown exercise \"plank\""), "{msg}");
    assert!(
        msg.contains("bridge") && msg.contains("childs_pose"),
        "{msg}"
    );
}

#[test]
fn malformed_files_report_every_problem_with_file_and_key() {
    let dir = temp_dir("bad");
    copy_content(&dir);
    // 1: a syntax/schema error (unknown key) in one file.
    let bridge = std::fs::read_to_string(dir.join("bridge.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("bridge.toml"),
        bridge
            .replace("[dose]", "[dose]\nholdsecs = 3")
            .replace("cue = \"Push through", "kue = \"Push through"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // 2: semantic errors in another: wrong unit, unknown measure, unknown landmark, bad phase.
    let cobra = std::fs::read_to_string(dir.join("cobra.toml")).unwrap_or_else(|e| panic!("{e}"));
    let cobra = cobra
        .replace(
            "{ measure = \"trunk\", max_deg = 10 }",
            "{ measure = \"trunk\", max_torso = 10 }",
        )
        .replace(
            "{ measure = \"trunk\", min_deg = 57 }",
            "{ measure = \"trunkk\", min_deg = 57 }",
        )
        .replace(
            "points = [\"hip\", \"knee\", \"ankle\"]",
            "points = [\"hip\", \"kneee\", \"ankle\"]",
        )
        .replace("cycle = [\"down\", \"up\"]", "cycle = [\"down\", \"top\"]");
    std::fs::write(dir.join("cobra.toml"), cobra).unwrap_or_else(|e| panic!("{e}"));
    // 3: a TOML syntax error.
    let corpse = std::fs::read_to_string(dir.join("corpse.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("corpse.toml"), corpse.replace("[dose]", "[dose"))
        .unwrap_or_else(|e| panic!("{e}"));
    // 4: a routine naming a missing exercise.
    let routine =
        std::fs::read_to_string(dir.join("routine.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("routine.toml"),
        routine.replace("\"corpse\"", "\"corps\""),
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let (cat, problems) = load_and_print(&dir);
    let has = |file: &str, key: &str, why: &str| reported(&problems, file, key, why);
    assert!(has("bridge.toml", "", "holdsecs"), "{problems:#?}");
    assert!(
        has("cobra.toml", "phase[0].when[0]", "in deg"),
        "{problems:#?}"
    );
    assert!(
        has(
            "cobra.toml",
            "correction[1].when[0].measure",
            "unknown measure \"trunkk\""
        ),
        "{problems:#?}"
    );
    assert!(
        has(
            "cobra.toml",
            "measures.knee.points[1]",
            "\"kneee\" is not a landmark"
        ),
        "{problems:#?}"
    );
    assert!(
        has("cobra.toml", "cycle[1]", "unknown phase \"top\""),
        "{problems:#?}"
    );
    assert!(
        has("routine.toml", "exercises[5]", "unknown exercise \"corps\""),
        "{problems:#?}"
    );
    // Broken files are reported as broken, not as unknown ids in the routine.
    let in_routine = problems
        .iter()
        .filter(|p| p.file.ends_with("routine.toml"))
        .count();
    assert_eq!(in_routine, 1, "{problems:#?}");
    assert!(
        has("corpse.toml", "line 14, column 6", "unclosed table"),
        "{problems:#?}"
    );
    // Schema errors in two sections of one file are both reported.
    assert!(
        has("bridge.toml", "dose", "unknown field `holdsecs`"),
        "{problems:#?}"
    );
    assert!(
        has("bridge.toml", "phase[0]", "unknown field `kue`"),
        "{problems:#?}"
    );
    // The broken files are left out, the good ones load.
    assert!(cat.get("bridge").is_err() && cat.get("cobra").is_err());
    assert!(cat.get("cat").is_ok() && cat.get("corpse").is_err());
    // The strict loader turns them into one error that lists them all.
    let err = content::load_strict(&dir)
        .err()
        .unwrap_or_else(|| panic!("should fail"));
    let msg = err.to_string();
    assert!(matches!(err, ContentError::Invalid { .. }));
    assert!(
        msg.contains("cobra.toml") && msg.contains("bridge.toml") && msg.contains("routine.toml"),
        "{msg}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_folder_is_a_clear_error() {
    let err = content::load_dir(Path::new("/nonexistent/formcheck-content")).err();
    let msg = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        msg.contains("cannot read content folder /nonexistent/formcheck-content"),
        "{msg}"
    );
}

#[test]
fn new_exercise_needs_no_rust() {
    let text = crate::util::WALL_SIT_TOML;
    let (ex, problems) = content::load_exercise_str(Path::new("wall_sit.toml"), text);
    assert!(problems.is_empty(), "{problems:#?}");
    let ex = ex.unwrap_or_else(|| panic!("parsed"));
    assert_eq!(ex.phases.len(), 1);
    assert!((ex.phases[0].when[0].min.unwrap_or(0.0) - 80f32.to_radians()).abs() < 1e-6);
}

#[test]
fn synthetic_still_poses_are_recognised() {
    let cat = catalog();
    let exercises = cat.routine_exercises();
    let scene = Scene::default();
    println!("\nrecognition of synthetic still poses");
    let mut wrong = Vec::new();
    for id in cat
        .routine
        .exercises
        .iter()
        .map(|id| id.as_str())
        .chain(["standing"])
    {
        let body =
            crate::util::synth::still_pose(id).unwrap_or_else(|| panic!("no still pose for {id}"));
        for facing_right in [true, false] {
            let mut s = scene.clone();
            s.camera.facing_right = facing_right;
            let r = recognize(&exercises, &s.pose_of(&body));
            let got = r.best.as_deref().unwrap_or("none").to_owned();
            let want = if id == "standing" { "none" } else { id };
            // Breathing, pelvic tilt and the supine start positions share a posture.
            let ok = got == want;
            println!(
                "{id:<24} facing_right={facing_right:<5} → {got:<24} {:.2}  {}",
                r.confidence,
                if ok { "✓" } else { "✗" }
            );
            if !ok {
                wrong.push(format!(
                    "{id} → {got} ({:?})",
                    r.scores.iter().take(3).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn exercises_listing_shows_routine_and_doses() {
    use formcheck::cli::exercises::{run, ExercisesArgs};
    let text = run(&ExercisesArgs {
        id: None,
        content: None,
        own: Some(PathBuf::from("/nonexistent/own-exercises")),
        long: false,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    println!("{text}");
    let first = text.lines().nth(1).unwrap_or("");
    assert!(
        first.contains("diaphragmatic_breathing") && first.contains("5 slow breaths"),
        "{text}"
    );
    assert!(text.contains("15–30 s each leg, then both"));
    let one = run(&ExercisesArgs {
        id: Some("bridge".into()),
        content: None,
        own: Some(PathBuf::from("/nonexistent/own-exercises")),
        long: false,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        one.contains("Dose: 10 reps, hold the top 1–2 s") && one.contains("over_arch"),
        "{one}"
    );
    let err = run(&ExercisesArgs {
        id: Some("plank".into()),
        content: None,
        own: Some(PathBuf::from("/nonexistent/own-exercises")),
        long: false,
    })
    .err()
    .map(|e| e.to_string());
    assert!(err.is_some_and(|m| m.contains("unknown exercise \"plank\"; valid ids: bridge, cat")));
}

#[test]
fn auto_select_follows_the_person_between_exercises() {
    use crate::util::synth::{still_pose, Script};
    use formcheck::coach::AutoSelect;
    let cat = catalog();
    let exercises = cat.routine_exercises();
    let pose = |id: &str| still_pose(id).unwrap_or_else(|| panic!("{id}"));
    let script = Script::new(pose("corpse"))
        .hold(3.0)
        .to(pose("bridge"), 1.0)
        .hold(3.0)
        .to(pose("standing"), 0.5)
        .hold(3.0);
    let frames = Scene {
        noise_px: 1.5,
        ..Scene::default()
    }
    .render(&script);
    let mut auto = AutoSelect::new(1.0, 0.7);
    let changes: Vec<String> = frames
        .iter()
        .filter_map(|(ts, p)| auto.update(&exercises, p.as_ref(), *ts))
        .map(|id| id.to_string())
        .collect();
    assert_eq!(changes, ["corpse", "bridge", ""]);
}

#[test]
fn bad_movement_and_min_hold_are_reported() {
    let dir = temp_dir("movement");
    copy_content(&dir);
    let tilt =
        std::fs::read_to_string(dir.join("pelvic_tilt.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("pelvic_tilt.toml"),
        tilt.replace("direction = \"decrease\"", "direction = \"down\"")
            .replace("back_deg = 0.7", "back_deg = 2.0"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let bridge = std::fs::read_to_string(dir.join("bridge.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("bridge.toml"),
        bridge.replace("min_hold_secs = 1.0", "min_hold_secs = 3.0"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let knee =
        std::fs::read_to_string(dir.join("knee_to_chest.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("knee_to_chest.toml"),
        format!(
            "{knee}\n[movement]\nname = \"pulse\"\nmeasure = \"{}\"\ndirection = \"increase\"\nchange_torso = 0.1\n",
            first_angle_measure(&knee)
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (_, problems) = load_and_print(&dir);
    let has = |file: &str, key: &str, why: &str| reported(&problems, file, key, why);
    assert!(
        has(
            "pelvic_tilt.toml",
            "movement.direction",
            "\"increase\" or \"decrease\""
        ),
        "{problems:#?}"
    );
    assert!(
        has("pelvic_tilt.toml", "movement.back_deg", "below change_deg"),
        "{problems:#?}"
    );
    assert!(
        has(
            "bridge.toml",
            "dose.min_hold_secs",
            "at most dose.hold_secs"
        ),
        "{problems:#?}"
    );
    assert!(
        has("knee_to_chest.toml", "movement", "use change_deg"),
        "{problems:#?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The id of the first `kind = "angle"` measure in an exercise file's text.
fn first_angle_measure(text: &str) -> String {
    text.lines()
        .find(|l| l.contains("kind = \"angle\""))
        .and_then(|l| l.split('=').next())
        .map(|id| id.trim().to_owned())
        .unwrap_or_else(|| panic!("no angle measure"))
}

/// Loads a content folder, printing every problem found.
fn load_and_print(dir: &std::path::Path) -> (content::Catalog, Vec<content::ContentProblem>) {
    let (cat, problems) = content::load_dir(dir).unwrap_or_else(|e| panic!("{e}"));
    for p in &problems {
        println!("{p}");
    }
    (cat, problems)
}

/// Whether a problem names `file`, a key containing `key` and a reason containing `why`.
fn reported(problems: &[content::ContentProblem], file: &str, key: &str, why: &str) -> bool {
    problems
        .iter()
        .any(|p| p.file.ends_with(file) && p.key.contains(key) && p.why.contains(why))
}

/// A drawn figure that contradicts its exercise's rules is reported by `formcheck
/// exercises`, with the value it shows and the range the rule wants, for every position.
#[test]
fn a_figure_that_contradicts_its_rules_is_reported() {
    use formcheck::cli::exercises::{run, ExercisesArgs};
    let dir = temp_dir("figure");
    copy_content(&dir);
    let path = dir.join("bridge.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    // The held picture drawn with the start's hips: not up.
    let start = text
        .lines()
        .find(|l| l.starts_with("start = "))
        .map(|l| l.trim_start_matches("start = ").to_owned())
        .expect("bridge has a figure");
    let bad: String = text
        .lines()
        .map(|l| {
            if l.starts_with("held = ") {
                format!("held = {start}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&path, bad).unwrap_or_else(|e| panic!("{e}"));
    let err = run(&ExercisesArgs {
        id: None,
        content: Some(dir.clone()),
        own: Some(PathBuf::from("/nonexistent/own-exercises")),
        long: false,
    })
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    println!("{err}");
    assert!(
        err.contains("bridge.toml: figure.held: is not in the held phase \"up\": hip")
            && err.contains("needs at least 162°"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
