//! The user's own exercises folder (`$FORMCHECK_CONFIG_DIR/exercises/`): own files load
//! beside the built-ins with the same checks, a broken one is left out with every problem
//! listed while nothing else is lost, an own file with a built-in's id replaces it, an own
//! `routine.toml` replaces the routine; the CLI lists origins and exits 7 only when the
//! exercise asked for is a broken own one.

use crate::util;
use formcheck::content::{self, ContentSource, Origin};
use std::path::{Path, PathBuf};

const EXIT_CONTENT: i32 = 7;

const WALL_SIT: &str = util::WALL_SIT_TOML;

/// A fresh folder `<config>/exercises` under the target dir; returns (config, exercises).
fn own_folder(name: &str) -> (PathBuf, PathBuf) {
    let config = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("own-{name}"));
    let _ = std::fs::remove_dir_all(&config);
    let dir = config.join("exercises");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    (config, dir)
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{e}"));
}

fn built_in(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content")
        .join(name);
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{e}"))
}

/// A good new one, an override, a broken new one (two problems), a broken override.
fn mixed_folder(name: &str) -> (PathBuf, PathBuf) {
    let (config, dir) = own_folder(name);
    write(&dir, "wall_sit.toml", WALL_SIT);
    write(
        &dir,
        "bridge.toml",
        &built_in("bridge.toml").replace("name = \"Bridge\"", "name = \"My bridge\""),
    );
    write(
        &dir,
        "broken.toml",
        &WALL_SIT
            .replace("wall_sit", "broken")
            .replace("view = \"side\"", "view = \"sideways\"")
            .replace(
                "measure = \"knee\", min_deg = 60",
                "measure = \"knees\", min_deg = 60",
            ),
    );
    write(
        &dir,
        "cat.toml",
        &built_in("cat.toml").replace("[dose]", "[dose"),
    );
    (config, dir)
}

#[test]
fn own_files_load_beside_the_built_ins_and_broken_ones_are_left_out() {
    let (_, dir) = mixed_folder("mixed");
    let shipped = content::load_default().unwrap_or_else(|e| panic!("{e}"));
    let loaded = content::load_with_own(&ContentSource::BuiltIn, Some(&dir))
        .unwrap_or_else(|e| panic!("{e}"));
    for p in &loaded.problems {
        println!("  {p}");
    }
    let cat = &loaded.catalog;
    // Nothing else lost: every built-in is there, plus the good new one.
    assert_eq!(cat.exercises.len(), shipped.exercises.len() + 1);
    assert_eq!(cat.routine, shipped.routine);
    assert!(
        matches!(loaded.origin("wall_sit"), Some(Origin::Own(p)) if p.ends_with("wall_sit.toml"))
    );
    // The override replaces the built-in.
    assert_eq!(
        cat.get("bridge").map(|e| e.name.as_str()).ok(),
        Some("My bridge")
    );
    assert!(matches!(loaded.origin("bridge"), Some(Origin::Replaces(_))));
    // A broken override leaves the built-in in place, and says so.
    assert_eq!(cat.get("cat").ok(), shipped.get("cat").ok());
    assert!(matches!(loaded.origin("cat"), Some(Origin::Shipped(_))));
    let about = |file: &str, text: &str| {
        loaded
            .problems
            .iter()
            .any(|p| p.file.ends_with(file) && p.to_string().contains(text))
    };
    assert!(
        about("cat.toml", "unclosed table"),
        "{:#?}",
        loaded.problems
    );
    assert!(about("cat.toml", "built-in exercise of this id is used"));
    // Every problem of the broken new file, and it is left out.
    assert!(
        about("broken.toml", "\"sideways\""),
        "{:#?}",
        loaded.problems
    );
    assert!(
        about("broken.toml", "unknown measure \"knees\""),
        "{:#?}",
        loaded.problems
    );
    assert!(cat.get("broken").is_err());
    assert_eq!(loaded.left_out, vec![content::ExerciseId::from("broken")]);
    assert!(loaded.require("broken").is_err() && loaded.require("wall_sit").is_ok());
    // Nothing outside the own folder is reported.
    assert!(loaded.problems.iter().all(|p| p.file.starts_with(&dir)));
}

#[test]
fn own_routine_replaces_the_built_in_one_and_a_broken_one_does_not() {
    let (_, dir) = own_folder("routine");
    write(&dir, "wall_sit.toml", WALL_SIT);
    write(
        &dir,
        "routine.toml",
        "name = \"Physio plan\"\nexercises = [\"wall_sit\", \"bridge\"]\n",
    );
    let loaded = content::load_with_own(&ContentSource::BuiltIn, Some(&dir))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let order: Vec<&str> = loaded
        .catalog
        .routine
        .exercises
        .iter()
        .map(|i| i.as_str())
        .collect();
    assert_eq!(order, ["wall_sit", "bridge"]);
    assert_eq!(loaded.catalog.routine.name, "Physio plan");
    assert!(matches!(loaded.routine_origin, Some(Origin::Own(_))));

    write(
        &dir,
        "routine.toml",
        "name = \"Physio plan\"\nexercises = [\"wall_sit\"",
    );
    let loaded = content::load_with_own(&ContentSource::BuiltIn, Some(&dir))
        .unwrap_or_else(|e| panic!("{e}"));
    let shipped = content::load_default().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.catalog.routine, shipped.routine);
    assert!(loaded
        .problems
        .iter()
        .any(|p| p.file.ends_with("routine.toml")));
    assert!(loaded
        .problems
        .iter()
        .all(|p| p.why != "missing routine file"));
    assert!(loaded.catalog.get("wall_sit").is_ok());
}

#[test]
fn no_own_folder_is_the_built_in_content() {
    let loaded = content::load_with_own(
        &ContentSource::BuiltIn,
        Some(Path::new("/nonexistent/formcheck/exercises")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let shipped = content::load_default().unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.catalog.ids(), shipped.ids());
    assert!(loaded.origins.iter().all(|(_, o)| !o.is_own()));
}

fn formcheck(config: &Path, args: &[&str]) -> (i32, String, String) {
    util::formcheck_with_config(config, args)
}

#[test]
fn cli_lists_own_exercises_and_exits_7_only_for_a_broken_one_asked_for() {
    let (config, dir) = mixed_folder("cli");
    let (code, out, err) = formcheck(&config, &["exercises"]);
    println!("{out}{err}");
    assert_eq!(code, 0, "{err}");
    assert!(out
        .lines()
        .any(|l| l.starts_with("     wall_sit") && l.contains("(your own file)")));
    assert!(out
        .lines()
        .any(|l| l.contains("bridge") && l.contains("replaces the built-in")));
    assert!(
        err.contains("broken.toml") && err.contains("cat.toml"),
        "{err}"
    );
    assert!(
        err.contains("\"sideways\"") && err.contains("\"knees\""),
        "{err}"
    );

    let (code, out, _) = formcheck(&config, &["exercises", "--long"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.contains("cobra") && l.contains("from: built in")),
        "{out}"
    );
    let wall = dir.join("wall_sit.toml");
    assert!(
        out.contains(&format!("from: your file {}", wall.display())),
        "{out}"
    );

    // Asked for the broken one: exit 7 with every problem.
    let (code, _, err) = formcheck(&config, &["exercises", "broken"]);
    assert_eq!(code, EXIT_CONTENT, "{err}");
    assert!(
        err.contains("\"sideways\"") && err.contains("\"knees\""),
        "{err}"
    );
    let (code, out, _) = formcheck(&config, &["exercises", "wall_sit"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Wall sit (wall_sit)") && out.contains("From: your file"),
        "{out}"
    );

    // analyze checks the exercise before opening anything.
    let (code, _, err) = formcheck(
        &config,
        &["analyze", "/nonexistent.png", "--exercise", "broken"],
    );
    assert_eq!(code, EXIT_CONTENT, "{err}");
}

/// The app shows the problems of own files as a notice (the files were left out).
#[test]
fn app_shows_own_file_problems_as_a_notice() {
    use egui_kittest::kittest::Queryable as _;
    use formcheck::ui::{egui, AppOptions, FormcheckApp};
    let (_, dir) = mixed_folder("app");
    let loaded = content::load_with_own(&ContentSource::BuiltIn, Some(&dir))
        .unwrap_or_else(|e| panic!("{e}"));
    let settings = formcheck::prefs::Settings {
        safety_acknowledged: true,
        ..Default::default()
    };
    let app = FormcheckApp::new(AppOptions {
        settings,
        catalog: Ok(loaded.catalog),
        content_problems: loaded.problems.iter().map(ToString::to_string).collect(),
        no_camera_probe: true,
        ..AppOptions::default()
    });
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1024.0, 600.0))
        .build_ui_state(
            |ui, app: &mut FormcheckApp| {
                formcheck::ui::theme::apply(ui.ctx());
                app.show(ui)
            },
            app,
        );
    h.run_steps(2);
    h.get_by_label_contains("Your own exercise files have 4 problem(s)");
    // Every problem is in it, not only the first.
    h.get_by_label_contains("broken.toml: view: \"sideways\" is not one of");
    h.get_by_label_contains("unknown measure \"knees\"");
    h.get_by_label_contains("cat.toml: left out; the built-in exercise of this id is used");
}

/// `--exercise auto` chooses among the user's own exercises too, not only the routine's.
#[test]
fn auto_recognises_an_own_exercise_outside_the_routine() {
    use crate::util::synth;
    let mut cat = content::load_default().unwrap_or_else(|e| panic!("{e}"));
    // The bridge as the user's own exercise "my_bridge", which is not in the routine.
    cat.routine.exercises.retain(|id| id != "bridge");
    for ex in &mut cat.exercises {
        if ex.id == "bridge" {
            ex.id = content::ExerciseId::from("my_bridge");
        }
    }
    let ex = cat.get("my_bridge").unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script("bridge", None, ex.dose.hold_secs, ex.dose.reps)
        .unwrap_or_else(|| panic!("bridge script"));
    let frames = synth::Scene::default().render(&perf.script);
    let got = formcheck::practice::report::recognise_stream(&cat, &frames).map(|(id, _)| id);
    assert_eq!(got.as_deref(), Some("my_bridge"));
}
