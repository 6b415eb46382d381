//! Issue 12: the coach is never silent when it cannot judge. While it waits for the start
//! position it says what is not right yet (with the value it sees and the range it needs),
//! and when someone is in the picture but nothing can count for ~3 s it says why and what
//! to change, once; `formcheck analyze` reports the same.

use crate::util::{catalog, run, synth};
use formcheck::coach::{Coach, CoachEvent};
use formcheck::practice::report::{analyze_stream, ExerciseChoice};

/// What the coach said about not being able to judge, with times.
fn cannot_judge(events: &[(f64, CoachEvent)]) -> Vec<(f64, String)> {
    events
        .iter()
        .filter_map(|(t, e)| match e {
            CoachEvent::CannotJudge { why } => Some((*t, why.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn lying_with_straight_legs_waits_for_bent_knees_and_says_so() {
    // Belly breathing needs the knees bent; the person lies with straight legs for 10 s.
    let cat = catalog();
    let ex = cat.get("diaphragmatic_breathing").expect("exercise");
    let script = synth::Script::new(synth::BodyPose::supine()).hold(10.0);
    let frames = synth::Scene::default().render(&script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    let view = coach.view();
    println!("not yet: {:?}; headline: {}", view.not_yet, view.headline);
    assert!(!view.setup_ok);
    assert!(
        view.not_yet
            .iter()
            .any(|n| n.starts_with("knee angle 17") && n.ends_with("°, needs 45–130°")),
        "{:?}",
        view.not_yet
    );
    assert!(view.breath.is_none(), "no frozen pacer while waiting");
    let said = cannot_judge(&got.events);
    assert_eq!(said.len(), 1, "said once: {said:?}");
    let (t, why) = &said[0];
    assert!((3.0..3.5).contains(t), "after ~3 s: {t}");
    assert!(
        why.starts_with("Waiting for the start position (Lie on your back, knees bent")
            && why.contains("knee angle"),
        "{why}"
    );
    assert_eq!(view.headline, view.cannot_judge.clone().unwrap_or_default());
}

#[test]
fn facing_the_camera_is_told_to_turn_side_on_and_analyze_reports_it() {
    let cat = catalog();
    let ex = cat.get("bridge").expect("bridge");
    let perf = synth::script("bridge", None, ex.dose.hold_secs, ex.dose.reps).expect("script");
    let mut scene = synth::Scene::default();
    scene.camera.yaw_deg = 80.0;
    let frames = scene.render(&perf.script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    let said = cannot_judge(&got.events);
    println!("said: {said:?}");
    assert!(!said.is_empty());
    assert!(said[0].1.contains("turn side-on"), "{said:?}");
    assert_eq!(got.reps, 0);
    let report =
        analyze_stream(&cat, &ExerciseChoice::Id("bridge".into()), &frames).expect("analysis");
    let whys: Vec<&str> = report.cannot_judge.iter().map(|c| c.why.as_str()).collect();
    assert_eq!(
        whys,
        said.iter().map(|(_, w)| w.as_str()).collect::<Vec<_>>()
    );
}

#[test]
fn a_correct_performance_is_never_told_it_cannot_be_judged() {
    // The synthetic correct form of every routine exercise: nothing to complain about.
    let cat = catalog();
    for ex in cat.routine_exercises() {
        let perf = synth::script(&ex.id, None, ex.dose.hold_secs, ex.dose.reps).expect("script");
        let frames = synth::Scene::default().render(&perf.script);
        let mut coach = Coach::new(ex);
        let got = run(&mut coach, &frames);
        let said = cannot_judge(&got.events);
        assert!(said.is_empty(), "{}: {said:?}", ex.id);
    }
}

#[test]
fn a_person_in_another_exercise_is_told_which_it_looks_like() {
    // The routine is at belly breathing; the person is in child's pose.
    use formcheck::practice::{Practice, RoutineTiming, SessionSetup};
    let cat = catalog();
    let mut p = Practice::new(Ok(cat.clone()));
    let setup = SessionSetup {
        timing: RoutineTiming {
            prepare_secs: 1.0,
            rest_secs: 1.0,
            switch_secs: 1.0,
        },
        session_dir: None,
        model: "lite".into(),
        source: "synthetic".into(),
    };
    p.begin_routine(&setup).expect("routine");
    let breathing = cat.get("diaphragmatic_breathing").expect("exercise");
    let body = synth::still_pose("childs_pose").expect("child's pose");
    let pose = synth::Scene::default().pose_of(&body);
    let mut coach = Coach::new(breathing);
    for i in 0..60 {
        coach.update(
            Some(&pose),
            formcheck::frame::Timestamp::from_millis(i * 33),
        );
    }
    let view = coach.view();
    assert_eq!(
        p.looks_like(&pose, &view).as_deref(),
        Some("This looks like child's pose; the routine is at belly breathing.")
    );
    // In the exercise's own position nothing is said.
    let lying = synth::still_pose("diaphragmatic_breathing").expect("still pose");
    let pose = synth::Scene::default().pose_of(&lying);
    let mut coach = Coach::new(breathing);
    for i in 0..60 {
        coach.update(
            Some(&pose),
            formcheck::frame::Timestamp::from_millis(i * 33),
        );
    }
    assert_eq!(p.looks_like(&pose, &coach.view()), None);
}

#[test]
fn a_correction_goes_once_the_picture_shows_it_fixed() {
    // Hips hover low (155°, "lift your hips a little higher"), then the person lifts them to
    // 176°: the correction is taken down as the hips turn green, not 2.5 s later.
    let cat = catalog();
    let ex = cat.get("bridge").expect("bridge");
    let down = synth::BodyPose::supine_knees_bent();
    let pose = |hip: f32| synth::BodyPose {
        hip_deg: [hip; 2],
        trunk_deg: 180.0 + (hip - 130.0) * 0.6,
        knee_deg: [90.0; 2],
        ..down
    };
    let script = synth::Script::new(down)
        .hold(1.5)
        .to(pose(155.0), 1.0)
        .hold(2.5)
        .to(pose(176.0), 0.4)
        .hold(4.0);
    let frames = synth::Scene::default().render(&script);
    let mut coach = Coach::new(ex);
    let got = run(&mut coach, &frames);
    let at = |want: &dyn Fn(&CoachEvent) -> bool| {
        got.events.iter().find(|(_, e)| want(e)).map(|(t, _)| *t)
    };
    let shown = at(&|e| matches!(e, CoachEvent::Correction { id, .. } if id == "hips_low"))
        .expect("hips_low shown while the hips hover low");
    let up = at(&|e| matches!(e, CoachEvent::PhaseEntered { phase } if phase == "up"))
        .expect("the hips go up");
    let cleared = at(&|e| matches!(e, CoachEvent::CorrectionCleared)).expect("taken down");
    println!("hips_low shown {shown:.2} s, up {up:.2} s, cleared {cleared:.2} s");
    assert!(
        up - shown < 2.5,
        "the lift comes before the correction was read"
    );
    assert!(
        cleared <= up + 0.1,
        "cleared {cleared:.2} s, up at {up:.2} s"
    );
}
