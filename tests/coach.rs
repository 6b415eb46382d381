//! The synthetic-test matrix: every exercise × variant (correct form, each wrong form a
//! correction names, left/right, facing, camera distance, frame rate, noise, absence,
//! dropped landmarks) → expected vs got. Run with `--nocapture` to see the table.

use crate::util::synth::{self, Dropout, Expect, Scene};
use crate::util::{catalog, run, Got};
use formcheck::body::LandmarkId;
use formcheck::coach::{Coach, CoachEvent};
use formcheck::content::{Catalog, Side};
use formcheck::practice::trace::trace_stream;

struct Row {
    exercise: String,
    variant: String,
    expected: String,
    got: String,
    pass: bool,
}

fn describe_expect(e: &Expect) -> String {
    format!(
        "reps {} hold {} corr {} done {}",
        e.reps,
        e.held_secs
            .map_or("<dose".to_owned(), |h| format!("{h:.1}s")),
        e.correction.as_deref().unwrap_or("-"),
        e.done
    )
}

fn describe_got(g: &Got) -> String {
    let corr = if g.corrections.is_empty() {
        "-".to_owned()
    } else {
        g.corrections.join("+")
    };
    format!(
        "reps {} hold {:.1}s corr {} done {}",
        g.reps, g.held_secs, corr, g.done
    )
}

/// Whether the coach got what was expected. A one-phase hold is done at its dose's hold;
/// the top of a rep is timed as long as it is held (issue 28), so a script that holds each
/// top a little past the aim reads at least the dose's hold per rep (`tops_timed_as_held`).
fn matches(e: &Expect, g: &Got, tops_timed_as_held: bool) -> bool {
    let corr_ok = match &e.correction {
        None => g.corrections.is_empty(),
        Some(c) => g.corrections == vec![c.clone()],
    };
    let hold_ok = e.held_secs.is_none_or(|h| {
        if tops_timed_as_held {
            g.held_secs >= h - 0.2
        } else {
            (g.held_secs - h).abs() <= 0.2
        }
    });
    g.reps == e.reps && hold_ok && corr_ok && g.done == e.done
}

fn check(
    cat: &Catalog,
    exercise: &str,
    variant: Option<&str>,
    scene_name: &str,
    scene: &Scene,
) -> Row {
    let ex = cat.get(exercise).unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script(exercise, variant, ex.dose.hold_secs, ex.dose.reps)
        .unwrap_or_else(|| panic!("no script for {exercise} {variant:?}"));
    let frames = scene.render(&perf.script);
    let mut coach = Coach::new(ex);
    let mut got = run(&mut coach, &frames);
    // "Now the other leg" is a side prompt, tested on its own; not a form correction.
    got.corrections.retain(|c| c != "switch_side");
    let pass = matches(&perf.expect, &got, ex.cycle.len() > 1);
    Row {
        exercise: exercise.to_owned(),
        variant: match variant {
            Some(v) => format!("wrong: {v}"),
            None => format!("correct, {scene_name}"),
        },
        expected: describe_expect(&perf.expect),
        got: describe_got(&got),
        pass,
    }
}

fn print_matrix(title: &str, rows: &[Row]) {
    println!("\n{title}");
    println!(
        "{:<24} {:<28} {:<52} {:<52} ok",
        "exercise", "variant", "expected", "got"
    );
    for r in rows {
        println!(
            "{:<24} {:<28} {:<52} {:<52} {}",
            r.exercise,
            r.variant,
            r.expected,
            r.got,
            if r.pass { "✓" } else { "✗" }
        );
    }
    let failed = rows.iter().filter(|r| !r.pass).count();
    println!("{} rows, {} failed", rows.len(), failed);
}

fn assert_all(rows: &[Row]) {
    let failed: Vec<String> = rows
        .iter()
        .filter(|r| !r.pass)
        .map(|r| {
            format!(
                "{} / {}: expected {} got {}",
                r.exercise, r.variant, r.expected, r.got
            )
        })
        .collect();
    assert!(failed.is_empty(), "failed rows:\n{}", failed.join("\n"));
}

#[test]
fn synthetic_matrix_wrong_forms() {
    let cat = catalog();
    let mut rows = Vec::new();
    for ex in cat.routine_exercises() {
        let scene = Scene::default();
        rows.push(check(&cat, &ex.id, None, "default", &scene));
        for v in synth::variants(&ex.id) {
            rows.push(check(&cat, &ex.id, Some(v), "default", &scene));
        }
    }
    print_matrix("synthetic matrix: correct and wrong forms", &rows);
    assert_all(&rows);
}

#[test]
fn synthetic_matrix_scenes() {
    let cat = catalog();
    let mut rows = Vec::new();
    for ex in cat.routine_exercises() {
        for (name, scene) in synth::scene_variants().iter().skip(1) {
            rows.push(check(&cat, &ex.id, None, name, scene));
        }
    }
    print_matrix(
        "synthetic matrix: correct form under camera/scene variants",
        &rows,
    );
    assert_all(&rows);
}

#[test]
fn every_correction_has_a_variant() {
    let cat = catalog();
    for ex in &cat.exercises {
        for c in &ex.corrections {
            assert!(
                synth::variants(&ex.id).contains(&c.id.as_str()),
                "{}: correction {} has no synthetic wrong form",
                ex.id,
                c.id
            );
        }
    }
}

#[test]
fn absence_pauses_the_hold_and_never_counts() {
    let cat = catalog();
    let ex = cat.get("pelvic_tilt").unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script("pelvic_tilt", None, ex.dose.hold_secs, 1)
        .unwrap_or_else(|| panic!("script"));
    // Leave the picture for 5 s in the middle of the hold; add 5 s at the end to make up.
    let script = perf.script.hold(5.0);
    let scene = Scene {
        dropouts: vec![Dropout {
            from_secs: 20.0,
            to_secs: 25.0,
            landmarks: vec![],
        }],
        ..Scene::default()
    };
    let frames = scene.render(&script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    let paused = got
        .events
        .iter()
        .any(|(t, e)| matches!(e, CoachEvent::HoldPaused { .. }) && (20.0..22.0).contains(t));
    assert!(paused, "no pause when the person left: {:?}", got.events);
    assert!(
        got.done,
        "the hold should finish after coming back: {}",
        describe_got(&got)
    );
    // No hold time is counted while absent: the hold finishes ≥ 5 s later than without.
    let done_at = got
        .events
        .iter()
        .find(|(_, e)| matches!(e, CoachEvent::HoldDone { .. }))
        .map(|(t, _)| *t)
        .unwrap_or(0.0);
    assert!(
        done_at > 1.5 + 60.0 + 5.0 - 0.5,
        "hold finished at {done_at:.1}s"
    );
    assert!((got.held_secs - 60.0).abs() <= 0.2);
}

#[test]
fn nobody_in_frame_counts_nothing() {
    let cat = catalog();
    for ex in &cat.exercises {
        let mut coach = Coach::new(ex);
        let frames: Vec<_> = (0..600)
            .map(|i| (formcheck::frame::Timestamp::from_millis(i * 33), None))
            .collect();
        let got = run(&mut coach, &frames);
        assert_eq!(got.reps, 0, "{}", ex.id);
        assert!(got.held_secs == 0.0 && !got.done, "{}", ex.id);
        assert!(coach.view().setup_prompt.is_some());
        assert!(!coach.view().present);
    }
}

#[test]
fn hidden_knees_are_unknown_not_counted() {
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script("bridge", None, ex.dose.hold_secs, ex.dose.reps)
        .unwrap_or_else(|| panic!("script"));
    // Knees hidden from 5 s to the end: only reps completed before can count.
    let knees = vec![LandmarkId::LeftKnee, LandmarkId::RightKnee];
    let scene = Scene {
        dropouts: vec![Dropout {
            from_secs: 5.0,
            to_secs: 1000.0,
            landmarks: knees,
        }],
        ..Scene::default()
    };
    let frames = scene.render(&perf.script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    assert_eq!(got.reps, 0, "{}", describe_got(&got));
    assert!(
        got.unknown.iter().any(|w| w == "I can't see your knees."),
        "expected an unknown about knees, got {:?}",
        got.unknown
    );
    assert_eq!(
        coach.view().unknown.as_deref(),
        Some("I can't see your knees.")
    );
    assert!(got.corrections.is_empty(), "{:?}", got.corrections);
}

#[test]
fn front_view_asks_to_turn_side_on() {
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script("bridge", None, ex.dose.hold_secs, ex.dose.reps)
        .unwrap_or_else(|| panic!("script"));
    let mut scene = Scene::default();
    scene.camera.yaw_deg = 80.0;
    let frames = scene.render(&perf.script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    assert!(got
        .events
        .iter()
        .any(|(_, e)| matches!(e, CoachEvent::ViewWrong { .. })));
    assert_eq!(got.reps, 0);
    assert_eq!(
        coach.view().view_prompt.as_deref(),
        Some("Turn side-on to the camera.")
    );
    // `analyze --trace` names it too: what stops a judgement is part of what the coach saw.
    let rows = trace_stream(&cat, "bridge", &frames).unwrap_or_else(|e| panic!("{e}"));
    assert!(rows
        .iter()
        .any(|r| r.events.iter().any(|e| e == "view_wrong")));
}

/// Side-view exercises whose front view the coach does not see yet, with the reason. The test
/// fails when one of them passes (take it off).
const FRONT_VIEW_PENDING: &[(&str, &str)] = &[(
    "seated_hamstring",
    "sitting upright facing the camera the hips read 0.34 torso apart, under the 2D check's \
     0.45: in 2D a front view shows only where the torso is foreshortened (lying, kneeling). \
     Real poses carry 3D world landmarks, from which the check reads the facing directly (a \
     real seated front view, seated_hamstring_stretch_02, and a side plank facing the camera, \
     side_plank_01, are both asked to turn); the synthetic figure has none. It counts nothing \
     here, but says nothing either",
)];

/// Issue 27: the front-view rule is not the seated stretch's alone. Every exercise whose
/// content asks for a side view, performed correctly but filmed from the front, says "turn
/// side-on" and counts nothing: no rep, no tilt, no hold second.
#[test]
fn every_side_view_exercise_from_the_front_asks_to_turn_and_counts_nothing() {
    let cat = catalog();
    let (mut wrong, mut stale) = (Vec::new(), Vec::new());
    for id in cat.ids() {
        let ex = cat.get(&id).unwrap_or_else(|e| panic!("{e}"));
        if ex.view != formcheck::content::ViewNeed::Side {
            continue;
        }
        let perf = synth::script(&id, None, ex.dose.hold_secs, ex.dose.reps)
            .unwrap_or_else(|| panic!("no script for {id}"));
        let mut scene = Scene::default();
        scene.camera.yaw_deg = 80.0;
        let frames = scene.render(&perf.script);
        let mut coach = Coach::new(ex);
        let got = run(&mut coach, &frames);
        let asked = got
            .events
            .iter()
            .any(|(_, e)| matches!(e, CoachEvent::ViewWrong { .. }));
        let summary = coach.summary();
        let counted = (got.reps, summary.movements, summary.held_secs);
        println!("{id:<26} from the front: asked {asked}, reps/tilts/held {counted:?}");
        let ok = asked && got.reps == 0 && summary.movements == 0 && summary.held_secs < 0.5;
        let pending = FRONT_VIEW_PENDING.iter().find(|(p, _)| *p == id.as_str());
        match (ok, pending) {
            (false, None) => {
                wrong.push(format!("{id}: asked {asked}, reps/tilts/held {counted:?}"))
            }
            (true, Some(_)) => stale.push(id.to_string()),
            (false, Some((_, why))) => {
                // Never counted, even while the view goes unnoticed.
                assert_eq!(counted, (0, 0, 0.0), "{id}");
                println!("  pending: {why}");
            }
            (true, None) => {}
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(
        stale.is_empty(),
        "now right, take off FRONT_VIEW_PENDING: {stale:?}"
    );
}

#[test]
fn sides_are_tracked_and_prompted() {
    let cat = catalog();
    let ex = cat.get("knee_to_chest").unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script("knee_to_chest", None, ex.dose.hold_secs, ex.dose.reps)
        .unwrap_or_else(|| panic!("script"));
    let frames = Scene::default().render(&perf.script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    let sides: Vec<Side> = got
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            CoachEvent::SideDone { side } => Some(*side),
            _ => None,
        })
        .collect();
    assert_eq!(sides, vec![Side::Left, Side::Right, Side::Both]);
    assert!(coach.view().done);

    // Doing the same leg twice: the second hold does not count, and the coach asks for
    // the other leg.
    let rest = synth::BodyPose::supine_knees_bent();
    // The hands hold the knee, as the matrix's pull (the pull phase needs them there).
    let pull = synth::BodyPose {
        hip_deg: [50.0, 130.0],
        knee_deg: [60.0, 85.0],
        shoulder_deg: [50.0, 50.0],
        elbow_deg: [120.0; 2],
        ..rest
    };
    let script = synth::Script::new(rest)
        .hold(1.5)
        .to(pull, 2.0)
        .hold(17.0)
        .to(rest, 2.0)
        .hold(2.0)
        .to(pull, 2.0)
        .hold(8.0);
    let frames = Scene::default().render(&script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    assert_eq!(got.reps, 1);
    assert_eq!(coach.view().sides_remaining, vec![Side::Right, Side::Both]);
    let msg = coach.view().correction.map(|c| c.message);
    assert_eq!(msg.as_deref(), Some("Now the right leg."));
}

#[test]
fn view_reports_joint_states_and_breath_pacer() {
    let cat = catalog();
    let ex = cat
        .get("diaphragmatic_breathing")
        .unwrap_or_else(|e| panic!("{e}"));
    let perf =
        synth::script(&ex.id, None, ex.dose.hold_secs, 1).unwrap_or_else(|| panic!("script"));
    let frames = Scene::default().render(&perf.script);
    let mut coach = Coach::new(ex);
    // Run to the middle of the hold.
    let half = frames.len() / 2;
    let _ = run(&mut coach, frames.get(..half).unwrap_or(&[]));
    let v = coach.view();
    assert!(v.setup_ok && v.holding, "{v:?}");
    let b = v.breath.unwrap_or_else(|| panic!("no pacer"));
    assert_eq!(b.breaths_target, 5);
    assert!(b.breaths_done >= 1);
    assert!(!v.joints.is_empty());
    assert!(
        v.joints
            .iter()
            .all(|j| j.state == formcheck::coach::JointState::Good),
        "{:?}",
        v.joints
    );
}

#[test]
fn stream_api_reports_reps() {
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script("bridge", None, ex.dose.hold_secs, ex.dose.reps)
        .unwrap_or_else(|| panic!("script"));
    let frames = Scene::default().render(&perf.script);
    let (summary, events) =
        formcheck::practice::stream::run_poses(ex, frames.iter().map(|(t, p)| (*t, p.as_ref())));
    assert_eq!(summary.reps.len(), 10);
    assert!(summary.done);
    assert!(summary
        .reps
        .iter()
        .all(|r| r.range_reached && r.worst_fault.is_none()));
    assert!(
        summary
            .reps
            .iter()
            .all(|r| r.duration_secs > 3.0 && r.duration_secs < 9.0),
        "{:?}",
        summary.reps
    );
    assert!(events
        .iter()
        .any(|(_, e)| matches!(e, CoachEvent::ExerciseDone)));
}

#[test]
fn jitter_at_the_threshold_makes_no_phantom_reps() {
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    // Hips hover around the "up" threshold (hip 150–166°) with heavy noise for 40 s:
    // hysteresis and dwell allow at most the reps really performed (hovering is none).
    let down = synth::BodyPose::supine_knees_bent();
    let mut s = synth::Script::new(down).hold(1.5);
    for k in 0..40 {
        let hip = if k % 2 == 0 { 150.0 } else { 166.0 };
        let b = synth::BodyPose {
            hip_deg: [hip; 2],
            trunk_deg: 180.0 + (hip - 130.0) * 0.6,
            knee_deg: [90.0; 2],
            ..down
        };
        s = s.to(b, 0.5);
    }
    let scene = Scene {
        noise_px: 3.0,
        seed: 11,
        ..Scene::default()
    };
    let frames = scene.render(&s);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    assert_eq!(got.reps, 0, "{}", describe_got(&got));
    let entered = got
        .events
        .iter()
        .filter(|(_, e)| matches!(e, CoachEvent::PhaseEntered { .. }))
        .count();
    assert!(entered <= 12, "phase flapped {entered} times");
}

#[test]
fn brief_dropouts_do_not_change_counts() {
    // Every 5 s the knees and wrists vanish for 0.3 s (occlusion by a hand, a blanket):
    // counts and holds are unchanged; nothing is counted while they are hidden.
    let cat = catalog();
    let mut rows = Vec::new();
    for ex in cat.routine_exercises() {
        // Hidden joints stop the hold (they are unknown, never assumed good), so the
        // person holds a little longer to make up: the script's holds are 20 % longer
        // while the expected counts and hold time stay the dose's.
        let expect = synth::script(&ex.id, None, ex.dose.hold_secs, ex.dose.reps)
            .unwrap_or_else(|| panic!("{}", ex.id))
            .expect;
        let mut perf = synth::script(&ex.id, None, ex.dose.hold_secs * 1.2 + 0.5, ex.dose.reps)
            .unwrap_or_else(|| panic!("{}", ex.id));
        perf.expect = expect;
        let mut dropouts = Vec::new();
        let mut t = 3.0;
        while t < perf.script.duration_secs() {
            dropouts.push(Dropout {
                from_secs: t,
                to_secs: t + 0.3,
                landmarks: vec![
                    LandmarkId::LeftKnee,
                    LandmarkId::RightKnee,
                    LandmarkId::LeftWrist,
                    LandmarkId::RightWrist,
                ],
            });
            t += 5.0;
        }
        let scene = Scene {
            dropouts,
            seed: 21,
            ..Scene::default()
        };
        let frames = scene.render(&perf.script);
        let mut coach = Coach::new(ex);
        let mut got = run(&mut coach, &frames);
        got.corrections.retain(|c| c != "switch_side");
        let pass = matches(&perf.expect, &got, ex.cycle.len() > 1);
        rows.push(Row {
            exercise: ex.id.to_string(),
            variant: "correct, 0.3 s dropouts".to_owned(),
            expected: describe_expect(&perf.expect),
            got: describe_got(&got),
            pass,
        });
    }
    print_matrix(
        "synthetic matrix: brief dropouts of knees and wrists",
        &rows,
    );
    assert_all(&rows);
}

#[test]
fn rep_quality_names_the_worst_fault() {
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script("bridge", Some("feet_far"), ex.dose.hold_secs, ex.dose.reps)
        .unwrap_or_else(|| panic!("script"));
    let frames = Scene::default().render(&perf.script);
    let (summary, _) =
        formcheck::practice::stream::run_poses(ex, frames.iter().map(|(t, p)| (*t, p.as_ref())));
    assert_eq!(summary.reps.len(), 2);
    for r in &summary.reps {
        assert_eq!(r.worst_fault.as_deref(), Some("feet_far"));
        assert!(r.range_reached);
    }
}

#[test]
fn leaving_mid_rep_does_not_count() {
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    let (down, up) = bridge_down_up();
    // Up for 1 s (short of the 2 s hold), then gone for 3 s, back lying down.
    let script = synth::Script::new(down)
        .hold(1.5)
        .to(up, 1.0)
        .hold(1.0)
        .to(down, 0.1)
        .hold(6.0);
    let scene = Scene {
        dropouts: vec![Dropout {
            from_secs: 3.6,
            to_secs: 6.6,
            landmarks: vec![],
        }],
        ..Scene::default()
    };
    let frames = scene.render(&script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    assert_eq!(got.reps, 0);
    assert!(got
        .events
        .iter()
        .any(|(_, e)| matches!(e, CoachEvent::SetupLost { .. })));
    assert!(
        got.events
            .iter()
            .filter(|(_, e)| matches!(e, CoachEvent::SetupOk))
            .count()
            == 2,
        "{:?}",
        got.events
    );
}

#[test]
fn a_quick_top_counts_and_the_hold_is_coached() {
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    let (down, up) = bridge_down_up();
    // Three quick lifts barely held (under the dose's 1 s minimum, counting the time in
    // range on the way up and down), then one held 3 s: four reps (issue 27: the top's hold
    // is a quality, never a condition), the quick ones marked by their held seconds, and
    // the hold coached for the next one.
    let mut s = synth::Script::new(down).hold(1.5);
    for (hold, moving) in [(0.2, 0.5), (0.2, 0.5), (0.2, 0.5), (3.0, 1.0)] {
        s = s.to(up, moving).hold(hold).to(down, moving).hold(1.5);
    }
    let frames = Scene::default().render(&s);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    assert_eq!(got.reps, 4, "{}", describe_got(&got));
    let held: Vec<f32> = coach.summary().reps.iter().map(|r| r.held_secs).collect();
    assert!(
        held[..3].iter().all(|h| *h < ex.dose.min_hold_secs),
        "quick tops held {held:?}"
    );
    // Held as held (issue 28): the 3 s top reads its 3 s, not the 2 s aim.
    assert!((held[3] - 3.0).abs() < 0.6, "{held:?}");
    assert_eq!(got.corrections, ["hold_longer"]);
    let msg = got.events.iter().find_map(|(_, e)| match e {
        CoachEvent::Correction { message, .. } => Some(message.clone()),
        _ => None,
    });
    assert_eq!(
        msg.as_deref(),
        Some("Hold the top for 2 s before coming back.")
    );
}

#[test]
fn a_rep_held_between_the_minimum_and_the_dose_counts_short() {
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    assert!(ex.dose.min_hold_secs < ex.dose.hold_secs);
    let (down, up) = bridge_down_up();
    // Two lifts held 1.2 s (ACE's 1–2 s range, under the 2 s aim), one held 3 s.
    let mut s = synth::Script::new(down).hold(1.5);
    for hold in [1.2, 1.2, 3.0] {
        s = s.to(up, 1.0).hold(hold).to(down, 1.0).hold(1.5);
    }
    let frames = Scene::default().render(&s);
    let (summary, _) =
        formcheck::practice::stream::run_poses(ex, frames.iter().map(|(ts, p)| (*ts, p.as_ref())));
    let held: Vec<f32> = summary.reps.iter().map(|r| r.held_secs).collect();
    assert_eq!(held.len(), 3, "{held:?}");
    for h in &held[..2] {
        assert!(
            *h >= ex.dose.min_hold_secs && *h < ex.dose.hold_secs,
            "short reps held {held:?}"
        );
    }
    assert!((held[2] - 3.0).abs() < 0.6, "{held:?}");
    assert!(summary.corrections.is_empty(), "{:?}", summary.corrections);
}

/// Issue 28: a top held past the aim is recorded as held. The tone comes at the aim
/// (`HoldDone` at 2 s); the hold's record (`HoldEnded`, a completed `hold` record) carries
/// every second held, here about 4 s; and a stream that ends while the hold goes on ends it
/// with its seconds too.
#[test]
fn a_top_held_past_the_aim_is_recorded_as_held() {
    use formcheck::practice::recorder::record_for;
    use formcheck::session::Record;
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    let (down, up) = bridge_down_up();
    let s = synth::Script::new(down)
        .hold(1.5)
        .to(up, 1.0)
        .hold(4.0)
        .to(down, 1.0)
        .hold(1.5)
        .to(up, 1.0)
        .hold(5.0);
    let frames = Scene::default().render(&s);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    let mut events: Vec<CoachEvent> = got.events.iter().map(|(_, e)| e.clone()).collect();
    events.extend(coach.end_of_stream());
    let done: Vec<f32> = events
        .iter()
        .filter_map(|e| match e {
            CoachEvent::HoldDone { secs } => Some(*secs),
            _ => None,
        })
        .collect();
    assert_eq!(done.len(), 2, "{events:?}");
    assert!(
        done.iter().all(|s| (s - ex.dose.hold_secs).abs() < 0.1),
        "{done:?}"
    );
    let holds: Vec<(f64, bool)> = events
        .iter()
        .filter_map(|e| match record_for(&ex.id, ex.dose.hold_secs, None, e) {
            Some(Record::Hold(h)) => Some((h.secs, h.completed)),
            _ => None,
        })
        .collect();
    assert_eq!(holds.len(), 2, "one record per hold: {holds:?}");
    assert!(holds.iter().all(|(_, completed)| *completed), "{holds:?}");
    assert!(
        (holds[0].0 - 4.0).abs() < 0.6,
        "the first top read {holds:?}"
    );
    assert!(
        (holds[1].0 - 5.0).abs() < 0.6,
        "the top held at the end read {holds:?}"
    );
    let reps = coach.summary().reps;
    assert!(reps.iter().all(|r| r.held_secs > 3.4), "{reps:?}");
}

#[test]
fn a_stream_ending_at_the_top_counts_the_held_rep() {
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    let (down, up) = bridge_down_up();
    let ends_at = |hold: f32| {
        let s = synth::Script::new(down)
            .hold(1.5)
            .to(up, 1.0)
            .hold(3.0)
            .to(down, 1.0)
            .hold(1.5)
            .to(up, 1.0)
            .hold(hold);
        let frames = Scene::default().render(&s);
        let mut coach = Coach::new(ex);
        for (ts, pose) in &frames {
            coach.update(pose.as_ref(), *ts);
        }
        let before = coach.summary().reps.len();
        let at_end = coach
            .end_of_stream()
            .iter()
            .filter(|e| matches!(e, CoachEvent::Rep { .. }))
            .count();
        (before, at_end)
    };
    // Held 2.5 s at the top when the stream ends: the second rep counts at the end.
    assert_eq!(ends_at(2.5), (1, 1));
    // Only just up when it ends: not held, not counted.
    assert_eq!(ends_at(0.1), (1, 0));
}

#[test]
fn hidden_far_leg_is_named_not_waited_for() {
    // Side-on the far leg can stay below the visibility threshold (0.4 here): the near
    // leg's hold counts, "both together" is read with the far leg at a relaxed
    // visibility, and the far leg's own step is not guessed: the coach says it cannot
    // see that leg (the person turns round to do it).
    let cat = catalog();
    let ex = cat.get("knee_to_chest").unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script("knee_to_chest", None, ex.dose.hold_secs, ex.dose.reps)
        .unwrap_or_else(|| panic!("script"));
    for near in [Side::Left, Side::Right] {
        let mut scene = Scene {
            far_visibility: 0.4,
            seed: 31,
            ..Scene::default()
        };
        scene.camera.near = near;
        let frames = scene.render(&perf.script);
        let mut coach = Coach::new(ex);
        let got = run(&mut coach, &frames);
        let sides: Vec<Side> = got
            .events
            .iter()
            .filter_map(|(_, e)| match e {
                CoachEvent::SideDone { side } => Some(*side),
                _ => None,
            })
            .collect();
        println!(
            "near {near:?}: sides done {sides:?}, unknown {:?}",
            got.unknown
        );
        assert_eq!(sides, [near, Side::Both]);
        let far = near.opposite();
        let said = format!("I can't see your {far} leg.");
        assert!(got.unknown.contains(&said), "{:?}", got.unknown);
        assert!(!got.done);
    }
}

#[test]
fn each_cat_rep_is_compared_with_its_own_start() {
    // Starting already rounded (the setup's spine reference is an arch) must not make
    // every later arch look like a nod: the reference follows each rep's sag.
    let cat = catalog();
    let ex = cat.get("cat").unwrap_or_else(|e| panic!("{e}"));
    let table = synth::BodyPose::tabletop();
    let sag = synth::BodyPose {
        neck_deg: 30.0,
        hip_deg: [96.0; 2],
        ..table
    };
    let arch = synth::BodyPose {
        neck_deg: -60.0,
        hip_deg: [84.0; 2],
        trunk_deg: 4.0,
        torso_scale: 0.92,
        ..table
    };
    let mut s = synth::Script::new(arch).hold(2.0);
    for _ in 0..5 {
        s = s.to(sag, 1.5).hold(2.0).to(arch, 2.0).hold(2.0);
    }
    s = s.to(sag, 1.5).hold(1.0);
    let frames = Scene::default().render(&s);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    assert_eq!(got.reps, 5, "{}", describe_got(&got));
    assert!(got.done);
}

/// A person who rounds into the cat right after the setup is reached, before their own range
/// of the neck's bend is known (real clip cat_cow_04), then sags and goes on: that first
/// arch is seen as one once the first sag shows the range, and the cycle moves on as if it
/// had been entered, so arch → sag is the first rep (2 reps). Before: the first arch was
/// dropped and 1 rep counted.
#[test]
fn a_cat_done_before_the_range_is_known_counts() {
    let cat = catalog();
    let ex = cat.get("cat").unwrap_or_else(|e| panic!("{e}"));
    let table = synth::BodyPose::tabletop();
    let sag = synth::BodyPose {
        neck_deg: 30.0,
        hip_deg: [96.0; 2],
        ..table
    };
    let arch = synth::BodyPose {
        neck_deg: -60.0,
        hip_deg: [84.0; 2],
        trunk_deg: 4.0,
        torso_scale: 0.92,
        ..table
    };
    // The first arch a little short of the 40° the range needs before it judges anything.
    let first_arch = synth::BodyPose {
        neck_deg: -30.0,
        ..arch
    };
    let s = synth::Script::new(table)
        .hold(1.0)
        .to(first_arch, 1.5)
        .hold(2.0)
        .to(sag, 1.5)
        .hold(2.0)
        .to(arch, 2.0)
        .hold(2.0)
        .to(sag, 1.5)
        .hold(1.0);
    let frames = Scene::default().render(&s);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    assert_eq!(got.reps, 2, "{}", describe_got(&got));
}

/// A small, distant, noisy cat (torso 70 px, 2.1 px of landmark noise, 15 fps; found by the
/// random-scene property test): the jitter around the tabletop it starts in is not taken for
/// an arch visited before the person's own range was known, so no rep counts without its
/// hold.
#[test]
fn a_noisy_distant_cat_counts_every_rep_with_its_hold() {
    let cat = catalog();
    let ex = cat.get("cat").unwrap_or_else(|e| panic!("{e}"));
    let perf = synth::script("cat", None, ex.dose.hold_secs, ex.dose.reps)
        .unwrap_or_else(|| panic!("cat script"));
    for (seed, noise_px) in [(1456, 2.128_706_2), (3001, 2.240_076_3)] {
        let mut scene = Scene {
            seed,
            noise_px,
            fps: 15.0,
            ..Scene::default()
        };
        scene.camera.torso_px = 70.0;
        scene.camera.facing_right = false;
        scene.camera.near = Side::Left;
        scene.camera.yaw_deg = 0.0;
        let frames = scene.render(&perf.script);
        let (summary, _) = formcheck::practice::stream::run_poses(
            ex,
            frames.iter().map(|(t, p)| (*t, p.as_ref())),
        );
        assert_eq!(summary.reps.len() as u32, perf.expect.reps, "seed {seed}");
        let held = perf
            .expect
            .held_secs
            .unwrap_or_else(|| panic!("a held time"));
        // Each top is timed as held (issue 28): at least the dose's hold per rep.
        assert!(
            summary.held_secs >= held - 0.2,
            "seed {seed}: held {} expected at least {held}",
            summary.held_secs
        );
    }
}

/// A shallow cat whose rounding the hip–knee chord does not show (real clip cat_cow_03:
/// +0.00–0.01 torso, within 2D noise) still counts when the hips open from the sag, as a
/// tucked tailbone opens them; a nod, which moves neither, is still told "move from your
/// tailbone" and counts nothing. Before the hip sign, the shallow arch was taken for a nod.
#[test]
fn a_shallow_arch_from_the_pelvis_counts_and_a_nod_does_not() {
    let cat = catalog();
    let ex = cat.get("cat").unwrap_or_else(|e| panic!("{e}"));
    let table = synth::BodyPose::tabletop();
    let sag = synth::BodyPose {
        neck_deg: 30.0,
        hip_deg: [96.0; 2],
        ..table
    };
    let tucked = synth::BodyPose {
        neck_deg: -60.0,
        hip_deg: [106.0; 2],
        trunk_deg: 6.0,
        ..table
    };
    let nod = synth::BodyPose {
        neck_deg: -60.0,
        ..sag
    };
    let cycles = |arch: synth::BodyPose| {
        let mut s = synth::Script::new(table).hold(1.0);
        for _ in 0..3 {
            s = s.to(sag, 1.5).hold(1.5).to(arch, 1.5).hold(1.5);
        }
        s.to(sag, 1.5).hold(1.0)
    };
    let got = |arch| {
        let frames = Scene::default().render(&cycles(arch));
        run(&mut Coach::new(ex), &frames)
    };
    let shallow = got(tucked);
    assert_eq!(shallow.reps, 3, "{}", describe_got(&shallow));
    assert!(shallow.corrections.is_empty(), "{}", describe_got(&shallow));
    let nodding = got(nod);
    assert_eq!(nodding.reps, 0, "{}", describe_got(&nodding));
    assert_eq!(
        nodding.corrections,
        ["neck_only"],
        "{}",
        describe_got(&nodding)
    );
}

/// A long-sit forward bend (both legs straight) filmed obliquely reads its two knees apart
/// by the 2D error, and which one reads straighter can change mid-hold (real clip
/// seated_hamstring_stretch_03: 149° and 159°, crossing). That is not a change of leg, so
/// the hold goes on; before, each crossing started it over.
#[test]
fn two_straight_legs_reading_apart_do_not_restart_the_hold() {
    let cat = catalog();
    let ex = cat
        .get("seated_hamstring")
        .unwrap_or_else(|e| panic!("{e}"));
    let sit = synth::BodyPose {
        knee_deg: [172.0, 160.0],
        hip_deg: [100.0; 2],
        ..synth::BodyPose::seated()
    };
    let lean = synth::BodyPose {
        trunk_deg: 60.0,
        hip_deg: [62.0; 2],
        ..sit
    };
    let crossed = synth::BodyPose {
        knee_deg: [160.0, 172.0],
        ..lean
    };
    let script = synth::Script::new(sit)
        .hold(1.5)
        .to(lean, 2.0)
        .hold(3.0)
        .to(crossed, 1.0)
        .hold(4.0);
    let frames = Scene::default().render(&script);
    let got = run(&mut Coach::new(ex), &frames);
    let starts = got
        .events
        .iter()
        .filter(|(_, e)| matches!(e, CoachEvent::HoldStarted))
        .count();
    assert_eq!(starts, 1, "{}", describe_got(&got));
    assert!(got.held_secs > 7.0, "{}", describe_got(&got));
    // A real change of leg (the held one bends, the other straightens) still starts over.
    let other_leg = synth::BodyPose {
        knee_deg: [95.0, 175.0],
        ..lean
    };
    let script = synth::Script::new(sit)
        .hold(1.5)
        .to(lean, 2.0)
        .hold(3.0)
        .to(other_leg, 1.5)
        .hold(4.0);
    let frames = Scene::default().render(&script);
    let got = run(&mut Coach::new(ex), &frames);
    let starts = got
        .events
        .iter()
        .filter(|(_, e)| matches!(e, CoachEvent::HoldStarted))
        .count();
    assert_eq!(starts, 2, "{}", describe_got(&got));
}

/// Pelvic tilts inside the minute: a tilt folds the bent legs 2–3° (measured on the real
/// clip), which is below what a judgement of form could use but clear against stillness.
#[test]
fn pelvic_tilts_are_counted_and_stillness_is_not() {
    let cat = catalog();
    let ex = cat.get("pelvic_tilt").unwrap_or_else(|e| panic!("{e}"));
    let rest = synth::BodyPose::supine_knees_bent();
    let tilted = synth::BodyPose {
        hip_deg: [rest.hip_deg[0] - 1.7; 2],
        knee_deg: [rest.knee_deg[0] - 2.6; 2],
        ..rest
    };
    // Four tilts over ~40 s (1 s in, 2 s held, 1 s out), then still to the end.
    let mut tilts = synth::Script::new(rest).hold(3.0);
    for _ in 0..4 {
        tilts = tilts.hold(6.0).to(tilted, 1.0).hold(2.0).to(rest, 1.0);
    }
    let tilts = tilts.hold(25.0);
    let still = synth::Script::new(rest).hold(65.0);
    let count = |script: &synth::Script, scene: &Scene| {
        let frames = scene.render(script);
        let (summary, _) = formcheck::practice::stream::run_poses(
            ex,
            frames.iter().map(|(ts, p)| (*ts, p.as_ref())),
        );
        summary.movements
    };
    println!("{:<20} {:>8} {:>8}", "scene", "4 tilts", "still");
    let mut failures = Vec::new();
    for (name, scene) in synth::scene_variants() {
        let (got, got_still) = (count(&tilts, &scene), count(&still, &scene));
        println!("{:<20} {:>8} {:>8}", name, got, got_still);
        // Exact where the camera noise is under the tilt; never more than were done, and
        // nothing from stillness, anywhere.
        let exact = scene.noise_px <= 1.0;
        if got_still != 0 || got > 4 || (exact && got != 4) {
            failures.push(format!("{name}: {got} tilts, {got_still} when still"));
        }
    }
    // Stillness under many noise draws: never a tilt.
    for seed in 100..130 {
        for (noise_px, torso_px) in [(1.0, 110.0), (2.5, 110.0), (0.6, 60.0), (1.5, 60.0)] {
            let mut scene = Scene {
                noise_px,
                seed,
                ..Scene::default()
            };
            scene.camera.torso_px = torso_px;
            let got = count(&still, &scene);
            if got != 0 {
                failures.push(format!("still, seed {seed}, {noise_px} px: {got} tilts"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

/// The bridge's two positions: lying with knees bent, and hips up in a line.
fn bridge_down_up() -> (synth::BodyPose, synth::BodyPose) {
    let down = synth::BodyPose::supine_knees_bent();
    let up = synth::BodyPose {
        trunk_deg: 208.0,
        hip_deg: [176.0; 2],
        knee_deg: [90.0; 2],
        ..down
    };
    (down, up)
}

/// Whether every condition of `phase` holds on its strict range on the measures the view
/// shows (`None` when one of them is not shown).
fn strict_range_holds(
    ex: &formcheck::content::Exercise,
    phase: &formcheck::content::Phase,
    joints: &[formcheck::coach::JointStatus],
) -> Option<bool> {
    phase.when.iter().try_fold(true, |all, c| {
        let id = &ex.measures.get(c.measure)?.id;
        let j = joints.iter().find(|j| &j.measure == id)?;
        let internal = match j.unit {
            formcheck::content::Unit::Angle => j.value?.to_radians(),
            formcheck::content::Unit::Torso => j.value?,
        };
        Some(all && c.holds(internal, false))
    })
}

#[test]
fn the_phase_prompt_never_asks_for_what_the_measures_show() {
    // A bridge crossing the top, slowly and quickly: on every frame the banner's phase cue
    // is that of a phase the measures may be in, never of one while the measures are
    // already in another (before, for the dwell after the hips came up, the banner said
    // "Push through your heels and lift your hips" beside a green hip of 170°).
    let cat = catalog();
    let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
    let (down, up) = bridge_down_up();
    let mut wrong = Vec::new();
    let mut cues_seen = std::collections::BTreeSet::new();
    for moving in [1.0, 0.4] {
        let s = synth::Script::new(down)
            .hold(1.5)
            .to(up, moving)
            .hold(3.0)
            .to(down, moving)
            .hold(1.5)
            .to(up, moving)
            .hold(3.0);
        let frames = Scene::default().render(&s);
        let mut coach = Coach::new(ex);
        for (ts, pose) in &frames {
            coach.update(pose.as_ref(), *ts);
            let v = coach.view();
            let Some(prompted) = ex.phases.iter().find(|p| p.cue == v.headline) else {
                continue;
            };
            cues_seen.insert(prompted.id.clone());
            for other in ex.phases.iter().filter(|p| p.id != prompted.id) {
                if strict_range_holds(ex, other, &v.joints) == Some(true) {
                    wrong.push(format!(
                        "moving {moving} s, t={:.2}: \"{}\" while in \"{}\" ({:?})",
                        ts.secs_f64(),
                        v.headline,
                        other.id,
                        v.joints
                            .iter()
                            .map(|j| (j.measure.clone(), j.value))
                            .collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Both phases' cues were shown: the check had something to check.
    assert_eq!(cues_seen.len(), 2, "{cues_seen:?}");
}

/// The joints an exercise paces the adaptive pose rate by (`coach::landmarks_read`) are all
/// the coach reads positions of: every other landmark moved far on every frame (the eyes,
/// the hands of a bridge, …) changes no measure value, phase, rep, hold second or
/// correction of any exercise, in correct form and in every wrong form the synthetic
/// performer knows.
#[test]
fn what_an_exercise_paces_by_is_all_its_coach_reads() {
    let cat = catalog();
    let mut moved_any = 0;
    for ex in &cat.exercises {
        let read = formcheck::coach::landmarks_read(ex);
        assert!(
            read.contains(&LandmarkId::LeftHip) && read.contains(&LandmarkId::RightShoulder),
            "{}: the torso is always read",
            ex.id
        );
        let unread: Vec<usize> = LandmarkId::ALL
            .iter()
            .filter(|id| !read.contains(id))
            .map(|id| id.index())
            .collect();
        moved_any += unread.len();
        let variants = std::iter::once(None).chain(synth::variants(&ex.id).into_iter().map(Some));
        for variant in variants {
            let Some(perf) = synth::script(&ex.id, variant, ex.dose.hold_secs, ex.dose.reps) else {
                continue;
            };
            let frames = Scene::default().render(&perf.script);
            let mut moved = frames.clone();
            for (k, (_, pose)) in moved.iter_mut().enumerate() {
                let Some(pose) = pose else { continue };
                for &i in &unread {
                    if let Some(l) = pose.landmarks.get_mut(i) {
                        // Far and different on every frame: 40–80 px.
                        l.x += 40.0 + ((k * 7 + i * 13) % 40) as f32;
                        l.y -= 40.0 + ((k * 11 + i * 5) % 40) as f32;
                    }
                }
            }
            let a = trace_stream(&cat, &ex.id, &frames).expect("trace");
            let b = trace_stream(&cat, &ex.id, &moved).expect("trace");
            assert_eq!(a.len(), b.len());
            for (ra, rb) in a.iter().zip(&b) {
                let same = ra.values == rb.values
                    && ra.events == rb.events
                    && ra.phase == rb.phase
                    && ra.reps == rb.reps
                    && ra.hold_secs == rb.hold_secs
                    && ra.correction == rb.correction;
                assert!(
                    same,
                    "{} {variant:?} at {:.2} s: moving landmarks it does not pace by ({unread:?}) \
                     changed what the coach read:\n{ra:?}\n{rb:?}",
                    ex.id, ra.t_s
                );
            }
        }
    }
    // Not vacuous: something was moved (every exercise leaves the eyes and fingers out; a
    // bridge leaves the hands out too).
    let bridge = formcheck::coach::landmarks_read(cat.get("bridge").expect("bridge"));
    assert!(!bridge.contains(&LandmarkId::LeftWrist) && !bridge.contains(&LandmarkId::RightElbow));
    assert!(moved_any > 0);
}

/// Issue 27: a dead bug lies like a knee to chest (on the back, a hip folded past 75°) but
/// with the arms pointing at the ceiling, not holding the knee. The knee-to-chest coach holds
/// nothing for it, and recognition does not take it for knee to chest.
#[test]
fn a_dead_bug_is_not_a_knee_to_chest_hold() {
    let cat = catalog();
    let ex = cat.get("knee_to_chest").unwrap_or_else(|e| panic!("{e}"));
    let rest = synth::BodyPose::supine_knees_bent();
    // Tabletop legs with one knee drawn in, the other leg reaching out, arms up.
    let dead_bug = synth::BodyPose {
        hip_deg: [60.0, 120.0],
        knee_deg: [90.0, 160.0],
        shoulder_deg: [90.0, 90.0],
        elbow_deg: [176.0; 2],
        ..rest
    };
    let script = synth::Script::new(rest)
        .hold(1.5)
        .to(dead_bug, 1.5)
        .hold(16.0);
    let frames = Scene::default().render(&script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    assert_eq!(got.reps, 0, "{}", describe_got(&got));
    assert!(got.held_secs < 0.5, "held {:.1} s", got.held_secs);
    let exercises = cat.routine_exercises();
    let (_, still) = frames.last().unwrap_or_else(|| panic!("frames"));
    let still = still.as_ref().unwrap_or_else(|| panic!("a pose"));
    let best = formcheck::coach::recognize(&exercises, still).best;
    assert_ne!(best.as_deref(), Some("knee_to_chest"));
}

/// Issue 29: `analyze --trace` takes its rows from the coach that makes the report (one
/// coach a frame, not a second one for the trace), and they are the rows a coach of the
/// trace's own gives; with `auto`, the recognised exercise's.
#[test]
fn analyze_traces_with_the_coach_of_its_report() {
    use formcheck::practice::report::{ClipAnalysis, ExerciseChoice};
    use formcheck::practice::trace::TraceRow;
    use std::rc::Rc;
    let cat = catalog();
    let ex = cat.get("bridge").expect("bridge");
    let perf = synth::script("bridge", None, ex.dose.hold_secs, ex.dose.reps).expect("script");
    let frames = Scene::default().render(&perf.script);
    let alone = trace_stream(&cat, "bridge", &frames).expect("trace");
    assert!(alone.iter().any(|r| r.reps > 0), "the bridges count");
    for choice in [ExerciseChoice::Id("bridge".into()), ExerciseChoice::Auto] {
        let mut analysis = ClipAnalysis::new(&cat, &choice).expect("analysis");
        analysis.trace();
        let mut rows: Vec<(String, TraceRow)> = Vec::new();
        for (ts, pose) in &frames {
            analysis.push_traced(*ts, pose.clone().map(Rc::new), &mut |id, row| {
                rows.push((id.to_string(), row));
            });
        }
        let (report, _) =
            analysis.finish_traced(formcheck::session::EndReason::Done, &mut |id, row| {
                rows.push((id.to_string(), row));
            });
        assert_eq!(
            report.exercise.as_ref().map(ToString::to_string).as_deref(),
            Some("bridge")
        );
        let bridge: Vec<TraceRow> = rows
            .into_iter()
            .filter(|(id, _)| id == "bridge")
            .map(|(_, r)| r)
            .collect();
        assert_eq!(bridge, alone, "{choice:?}");
    }
}
