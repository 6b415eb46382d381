//! The app's session logic without a window: routine advance, side switch, what is
//! recorded when an attempt ends (a rep still held at the top included), End session.

use super::routine::{RoutineTiming, Stage};
use super::session::{Practice, SessionSetup, Step};
use super::{Attempt, SummaryOf};
use crate::audio::Tone;
use crate::coach::{CoachEvent, RepQuality};
use crate::content::ExerciseId;
use crate::content::Side;
use crate::session::{self, EndReason, Record};
use std::path::PathBuf;

fn practice() -> Practice {
    Practice::new(crate::content::load_default().map_err(Into::into))
}

fn setup(dir: Option<PathBuf>) -> SessionSetup {
    SessionSetup {
        timing: RoutineTiming {
            prepare_secs: 10.0,
            rest_secs: 20.0,
            switch_secs: 5.0,
        },
        session_dir: dir,
        model: "lite".into(),
        source: "camera 0".into(),
    }
}

/// A fresh folder for one test's session files.
fn session_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("formcheck-practice-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn rep(index: u32) -> CoachEvent {
    CoachEvent::Rep {
        index,
        quality: RepQuality {
            range_reached: true,
            duration_secs: 4.0,
            worst_fault: None,
            side: None,
            held_secs: 2.0,
        },
    }
}

/// The attempt a `StartCoach` step starts, and its exercise.
fn started(steps: &[Step]) -> Option<(Attempt, ExerciseId)> {
    steps.iter().find_map(|s| match s {
        Step::StartCoach(run) => Some((run.attempt(), run.exercise_id().clone())),
        _ => None,
    })
}

fn stops(steps: &[Step]) -> bool {
    steps.iter().any(|s| matches!(s, Step::StopCoach))
}

fn summary_file(steps: Vec<Step>) -> Option<PathBuf> {
    steps.into_iter().find_map(|s| match s {
        Step::Summary(SummaryOf::File(p)) => Some(p),
        _ => None,
    })
}

fn exercise_end(session: &session::Session, id: &str) -> Option<session::ExerciseEnd> {
    session.events.iter().find_map(|e| match &e.record {
        Record::ExerciseEnd(x) if x.id == id => Some(x.clone()),
        _ => None,
    })
}

#[test]
fn the_routine_advances_when_the_coach_says_the_dose_is_done() {
    let mut p = practice();
    let steps = p.begin_routine(&setup(None)).expect("routine starts");
    assert!(
        started(&steps).is_none(),
        "the first exercise is prepared first"
    );
    assert!(!p.coaching());
    let (first, id) = started(&p.tick(10.0)).expect("coaching after the preparation");
    assert_eq!(id, p.routine().unwrap().items()[0].id);
    assert!(p.coaching());
    assert_eq!(p.attempt(), Some(first));

    // The dose is done: the worker stops coaching, the routine rests, then the next one.
    let steps = p.on_coach_event(first, &id, CoachEvent::ExerciseDone);
    assert!(stops(&steps));
    assert_eq!(p.routine().unwrap().index(), 1);
    assert!(matches!(p.routine().unwrap().stage(), Stage::Rest { .. }));
    assert_eq!(p.attempt(), None);
    assert!(started(&p.tick(19.0)).is_none());
    let (second, next) = started(&p.tick(1.0)).expect("the next exercise starts by itself");
    assert_ne!(second, first);
    assert_eq!(next, p.routine().unwrap().items()[1].id);

    // A milestone of the ended attempt arriving late does not move the routine again.
    assert!(p
        .on_coach_event(first, &id, CoachEvent::ExerciseDone)
        .is_empty());
    assert_eq!(p.routine().unwrap().index(), 1);
}

#[test]
fn a_side_done_switches_sides_with_a_prompt() {
    let mut p = practice();
    p.begin_exercise("knee_to_chest", &setup(None))
        .expect("starts");
    let (attempt, id) = started(&p.start_now()).expect("coaching");
    let steps = p.on_coach_event(attempt, &id, CoachEvent::SideDone { side: Side::Right });
    assert!(
        steps
            .iter()
            .any(|s| matches!(s, Step::Say(t) if t == "Now the other leg.")),
        "{steps:?}"
    );
    let r = p.routine().unwrap();
    assert!(matches!(r.stage(), Stage::SwitchSide { .. }));
    assert!(
        !p.coaching(),
        "the coach waits while the user changes sides"
    );
    assert_eq!(r.sides_done(), &[Side::Right]);
    p.tick(5.0);
    assert!(p.coaching());
    assert_eq!(p.attempt(), Some(attempt), "one attempt covers every side");
}

#[test]
fn an_ended_attempt_books_its_last_rep_before_its_end_is_written() {
    let dir = session_dir("last-rep");
    let mut p = practice();
    p.begin_exercise("bridge", &setup(Some(dir.clone())))
        .expect("starts");
    let (attempt, id) = started(&p.start_now()).expect("coaching");
    let steps = p.on_coach_event(attempt, &id, rep(1));
    assert!(steps.iter().any(|s| matches!(s, Step::Tone(Tone::Rep))));

    // Skipping the only exercise ends the attempt and the session; the worker still
    // sends the rep held at the top.
    let steps = p.skip();
    assert!(stops(&steps));
    assert!(p.routine().is_none());
    assert!(
        summary_file(steps).is_none(),
        "the session waits for the attempt"
    );
    let steps = p.on_coach_event(attempt, &id, rep(2));
    assert!(
        steps.iter().any(|s| matches!(s, Step::Tone(Tone::Rep))),
        "the late rep is booked"
    );
    // Nothing from an attempt that is not out.
    assert!(p.on_coach_event(Attempt(99), &id, rep(3)).is_empty());
    let path = summary_file(p.attempt_ended(attempt)).expect("closed with the attempt");
    let s = session::read_session(&path).expect("session reads");
    assert_eq!(s.reps("bridge").len(), 2);
    let end = exercise_end(&s, "bridge").expect("exercise_end");
    assert_eq!((end.reps, end.holds), (2, 0));
    // The end of the exercise comes after its last rep.
    let kinds: Vec<&str> = s.events.iter().map(|e| e.record.kind()).collect();
    assert_eq!(
        kinds,
        ["exercise", "rep", "rep", "exercise_end", "end"],
        "{kinds:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn end_session_closes_once_the_last_attempt_is_in() {
    let dir = session_dir("end");
    let mut p = practice();
    p.begin_exercise("bridge", &setup(Some(dir.clone())))
        .expect("starts");
    let (attempt, id) = started(&p.start_now()).expect("coaching");
    p.on_coach_event(
        attempt,
        &id,
        CoachEvent::HoldEnded {
            secs: 2.0,
            side: None,
        },
    );

    let steps = p.end_session(EndReason::Quit, true);
    assert!(stops(&steps));
    assert!(p.routine().is_none());
    assert!(
        summary_file(steps).is_none(),
        "the summary waits for the attempt's last events"
    );
    // A rep held at the top when End session was pressed.
    p.on_coach_event(attempt, &id, rep(1));
    let path = summary_file(p.attempt_ended(attempt)).expect("closed with the attempt");
    let s = session::read_session(&path).expect("session reads");
    assert_eq!(s.reps("bridge").len(), 1);
    let end = exercise_end(&s, "bridge").expect("exercise_end");
    assert_eq!((end.reps, end.holds), (1, 1));
    assert_eq!(s.summary().end_reason, Some(EndReason::Quit));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_gone_worker_closes_the_session_and_an_unrecorded_one_says_so() {
    let mut p = practice();
    p.begin_exercise("bridge", &setup(None)).expect("starts");
    let (attempt, id) = started(&p.start_now()).expect("coaching");
    let steps = p.on_coach_event(attempt, &id, CoachEvent::ExerciseDone);
    assert!(
        !steps.iter().any(|s| matches!(s, Step::Summary(_))),
        "the dose is done, the attempt is still out"
    );
    assert!(!p.recording(), "the session is closing");
    let steps = p.worker_gone();
    assert!(
        steps
            .iter()
            .any(|s| matches!(s, Step::Summary(SummaryOf::NotRecorded(None)))),
        "{steps:?}"
    );
    assert!(p.worker_gone().is_empty(), "closed once");
}

#[test]
fn nothing_starts_without_the_exercise() {
    let mut p = practice();
    let why = p.begin_exercise("nope", &setup(None)).unwrap_err();
    assert!(why
        .to_string()
        .starts_with("Unknown exercise \"nope\"; valid: "));
    let mut empty = Practice::new(Err("no content here".into()));
    let why = empty.begin_routine(&setup(None)).unwrap_err();
    assert_eq!(why.to_string(), "no content here");
}

#[test]
fn a_session_whose_source_never_delivers_leaves_no_file() {
    let dir = session_dir("no-picture");
    let mut p = practice();
    p.begin_exercise("bridge", &setup(Some(dir.clone())))
        .expect("starts");
    p.start_now();
    assert!(p.recording());
    p.end_session(EndReason::Quit, true);
    let steps = p.worker_gone();
    assert!(
        steps
            .iter()
            .any(|s| matches!(s, Step::Summary(SummaryOf::NotRecorded(None)))),
        "{steps:?}"
    );
    let files = std::fs::read_dir(&dir).map_or(0, |d| d.count());
    assert_eq!(files, 0, "a session without a picture left a file");

    // The first picture makes the file, with what happened before it.
    p.begin_exercise("bridge", &setup(Some(dir.clone())))
        .expect("starts");
    p.start_now();
    assert!(p.frame_arrived().is_empty());
    p.end_session(EndReason::Quit, true);
    let path = summary_file(p.worker_gone()).expect("recorded");
    let s = session::read_session(&path).expect("session reads");
    let kinds: Vec<&str> = s.events.iter().map(|e| e.record.kind()).collect();
    assert_eq!(kinds, ["exercise", "exercise_end", "end"], "{kinds:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_routine_records_what_was_skipped_and_what_was_not_reached() {
    let dir = session_dir("skipped");
    let mut p = practice();
    p.begin_routine(&setup(Some(dir.clone())))
        .expect("routine starts");
    p.frame_arrived();
    let items: Vec<String> = p
        .routine()
        .unwrap()
        .items()
        .iter()
        .map(|it| it.id.to_string())
        .collect();
    assert!(
        items.len() >= 4,
        "the built-in routine has more than 3 exercises"
    );
    // The first is skipped while it is being prepared, the second skipped and then gone
    // back to and done, the third started and ended early: none of them is "not done"
    // except the first; the rest were never reached.
    assert!(started(&p.skip()).is_none());
    assert!(started(&p.skip()).is_none());
    p.back();
    assert_eq!(p.routine().unwrap().index(), 1);
    let (attempt, _) = started(&p.start_now()).expect("coaching the second");
    let steps = p.skip();
    assert!(stops(&steps));
    p.attempt_ended(attempt);
    let (attempt, _) = started(&p.start_now()).expect("coaching the third");
    p.end_session(EndReason::Quit, true);
    let path = summary_file(p.attempt_ended(attempt)).expect("closed with the attempt");
    let s = session::read_session(&path).expect("session reads");
    let summary = s.summary();
    let not_done: Vec<(&str, session::SkipWhy)> = summary
        .not_done
        .iter()
        .map(|k| (k.id.as_str(), k.why))
        .collect();
    let mut expected = vec![(items[0].as_str(), session::SkipWhy::Skipped)];
    expected.extend(
        items[3..]
            .iter()
            .filter(|id| !items[..3].contains(id))
            .map(|id| (id.as_str(), session::SkipWhy::NotReached)),
    );
    assert_eq!(not_done, expected);
    assert_eq!(summary.exercises.len(), 2);
    assert_eq!(summary.exercises_planned(), 2 + expected.len());
    assert!(
        s.issues.skipped.is_empty(),
        "every record is of a known kind"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_unusable_folder_is_said_when_the_session_begins() {
    let dir = session_dir("file-in-the-way");
    std::fs::create_dir_all(&dir).expect("scratch");
    let file = dir.join("data");
    std::fs::write(&file, "a file where the folder should be").expect("write");
    let mut p = practice();
    let steps = p
        .begin_exercise("bridge", &setup(Some(file.join("sessions"))))
        .expect("starts");
    assert!(
        steps
            .iter()
            .any(|s| matches!(s, Step::Notice(n) if n.starts_with("The session is not recorded"))),
        "{steps:?}"
    );
    assert!(p.frame_arrived().is_empty(), "said once");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn pain_is_rated_and_it_hurts_asks_then_skips_recording_in_clinical_words() {
    use crate::coach::{Coach, JointState, JointStatus};
    use crate::content::Unit;
    use crate::practice::pain::{self, HurtAnswer};
    use crate::session::{PainAction, PainFeel, PainLocation, PainWhen, Side as FileSide};
    let dir = session_dir("pain");
    let mut p = practice();
    p.begin_exercise("cobra", &setup(Some(dir.clone())))
        .expect("starts");
    p.frame_arrived();
    assert_eq!(p.pain_question(), Some(PainWhen::Start));
    p.rate_pain(PainWhen::Start, Some(4));
    assert_eq!(p.pain_question(), Some(PainWhen::End));
    let (attempt, _) = started(&p.start_now()).expect("coaching");
    let mut view = Coach::new(p.exercise("cobra").expect("cobra")).view();
    view.reps_done = 2;
    view.phase = Some("up".into());
    view.holding = true;
    view.hold_elapsed_secs = 4.2;
    view.side = Some(FileSide::Left);
    let joint = |measure: &str, value| JointStatus {
        measure: measure.into(),
        landmarks: Vec::new(),
        value: Some(value),
        unit: Unit::Angle,
        state: JointState::Good,
    };
    view.joints = vec![joint("elbow", 150.0), joint("trunk", 38.4)];
    assert!(p.it_hurts(Some(&view)).is_empty(), "no notice: questions");
    assert!(
        p.routine().is_some_and(|r| r.is_paused()),
        "the routine waits"
    );
    let hurt = p.hurt().expect("the questions are open");
    assert_eq!(
        hurt.ways_on(),
        vec![PainAction::Skip, PainAction::Gentler, PainAction::Stop]
    );
    p.hurt_answer(HurtAnswer::Location(PainLocation::LowBack));
    p.hurt_answer(HurtAnswer::Severity(6));
    p.hurt_answer(HurtAnswer::Feels(PainFeel::Sharp));
    assert!(p.hurt().is_some_and(|h| h.red_flag().is_none()));
    let steps = p.hurt_way_on(PainAction::Skip);
    assert!(p.hurt().is_none());
    // Free practice of one exercise: skipping it ends the session.
    let mut steps = steps;
    steps.extend(p.attempt_ended(attempt));
    let path = summary_file(steps).expect("closed");
    let s = session::read_session(&path).expect("reads");
    let pains: Vec<&session::Pain> = s
        .events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Pain(x) => Some(x),
            _ => None,
        })
        .collect();
    assert_eq!(pains.len(), 1);
    let pain = pains[0];
    assert_eq!((pain.rep, pain.side), (3, Some(FileSide::Left)));
    assert_eq!(pain.measures.len(), 2);
    assert_eq!(
        (
            pain.location,
            pain.severity,
            pain.feels,
            pain.action,
            pain.red_flag
        ),
        (
            Some(PainLocation::LowBack),
            Some(6),
            Some(PainFeel::Sharp),
            Some(PainAction::Skip),
            false
        )
    );
    let cobra = p.exercise("cobra").expect("cobra");
    let said = pain::describe(pain, pain::PainContext::of(cobra, Some("trunk")));
    assert_eq!(
        said,
        "During Cobra (2 of 8 reps done, left side, 4 s into the hold; trunk angle 38°, \
a 2-D camera estimate): pain, low back, 6/10, sharp. Chose to skip the exercise."
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// A red-flag answer (tingling or numbness; pain below the knee) leaves one way on: the
/// session ends, and the record says so.
#[test]
fn a_red_flag_answer_ends_the_session() {
    use crate::practice::pain::HurtAnswer;
    use crate::session::{PainAction, PainFeel, PainLocation};
    for answer in [
        HurtAnswer::Feels(PainFeel::TinglingOrNumbness),
        HurtAnswer::Location(PainLocation::LegBelowKnee),
    ] {
        let dir = session_dir("pain-red-flag");
        let mut p = practice();
        p.begin_routine(&setup(Some(dir.clone()))).expect("starts");
        p.frame_arrived();
        let (attempt, _) = started(&p.start_now()).expect("coaching");
        p.it_hurts(None);
        p.hurt_answer(answer);
        let hurt = p.hurt().expect("open");
        assert!(hurt.red_flag().is_some(), "{answer:?}");
        assert_eq!(hurt.ways_on(), vec![PainAction::Stop]);
        // Even a way not offered (a stale click) stops.
        let mut steps = p.hurt_way_on(PainAction::Skip);
        assert!(p.routine().is_none(), "the session ended");
        steps.extend(p.attempt_ended(attempt));
        let path = summary_file(steps).expect("closed, with its summary");
        let s = session::read_session(&path).expect("reads");
        let pain = s
            .events
            .iter()
            .find_map(|e| match &e.record {
                Record::Pain(x) => Some(x.clone()),
                _ => None,
            })
            .expect("recorded");
        assert!(pain.red_flag);
        assert_eq!(pain.action, Some(PainAction::Stop));
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// "A gentler version" starts the exercise again with the shorter hold the exercise
/// accepts (bridge: 1 s instead of 2 s), shown and recorded as its dose.
#[test]
fn a_gentler_version_restarts_the_exercise_with_a_shorter_hold() {
    use crate::session::PainAction;
    let dir = session_dir("pain-gentler");
    let mut p = practice();
    p.begin_exercise("bridge", &setup(Some(dir.clone())))
        .expect("starts");
    p.frame_arrived();
    let (first, _) = started(&p.start_now()).expect("coaching");
    p.it_hurts(None);
    let steps = p.hurt_way_on(PainAction::Gentler);
    assert!(stops(&steps), "the attempt ends");
    let item = p
        .routine()
        .and_then(|r| r.current())
        .expect("same exercise");
    assert_eq!(item.id, "bridge");
    assert_eq!(
        item.dose_text,
        "Gentler: 10 reps, hold 1 s, only as far as is comfortable"
    );
    let steps = p.start_now();
    let run = steps
        .iter()
        .find_map(|s| match s {
            Step::StartCoach(run) => Some(run),
            _ => None,
        })
        .expect("coached again");
    assert!((run.coach.exercise().dose.hold_secs - 1.0).abs() < 1e-6);
    let (second, _) = started(&steps).expect("a new attempt");
    p.attempt_ended(first);
    let mut steps = p.end_session(EndReason::Quit, true);
    steps.extend(p.attempt_ended(second));
    let path = summary_file(steps).expect("closed");
    let s = session::read_session(&path).expect("reads");
    let doses: Vec<Option<f64>> = s
        .events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Exercise(x) => Some(x.dose.hold_secs),
            _ => None,
        })
        .collect();
    assert_eq!(doses.len(), 2, "started twice");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn it_hurts_while_getting_ready_is_recorded_for_the_exercise_ahead() {
    use crate::coach::Coach;
    // The walk-through of issue 12: "It hurts" during "Get ready" (no coach view, or the
    // last exercise's still on screen) paused and advised but recorded nothing. A session
    // ended before a way on was chosen keeps what was answered.
    let dir = session_dir("pain-ready");
    let mut p = practice();
    p.begin_exercise("cobra", &setup(Some(dir.clone())))
        .expect("starts");
    p.frame_arrived();
    let stale = Coach::new(p.exercise("bridge").expect("bridge")).view();
    p.it_hurts(Some(&stale));
    p.hurt_answer(crate::practice::pain::HurtAnswer::Severity(3));
    let path = summary_file(p.end_session(EndReason::Quit, true)).expect("closed");
    let s = session::read_session(&path).expect("reads");
    let pains: Vec<&session::Pain> = s
        .events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Pain(x) => Some(x),
            _ => None,
        })
        .collect();
    assert_eq!(pains.len(), 1);
    assert_eq!(pains[0].exercise, "cobra");
    assert!(pains[0].measures.is_empty());
    assert_eq!((pains[0].severity, pains[0].action), (Some(3), None));
    let _ = std::fs::remove_dir_all(dir);
}

/// The end rating asked on the summary of a closed session goes into its file once; the
/// words say "not rated" for a rating not given.
#[test]
fn the_end_rating_is_added_to_a_closed_session_once() {
    use crate::practice::pain;
    let dir = session_dir("pain-end");
    let mut p = practice();
    p.begin_exercise("cobra", &setup(Some(dir.clone())))
        .expect("starts");
    p.frame_arrived();
    p.rate_pain(crate::session::PainWhen::Start, Some(5));
    let path = summary_file(p.end_session(EndReason::Quit, true)).expect("closed");
    let s = session::read_session(&path).expect("reads");
    assert_eq!(pain::ratings(&s), (Some(Some(5)), None));
    assert_eq!(pain::rating_words(pain::ratings(&s).1), "not rated");
    pain::rate_after_close(&path, Some(2)).expect("written");
    pain::rate_after_close(&path, Some(7)).expect("kept, not written twice");
    let s = session::read_session(&path).expect("reads");
    assert!(s.issues.is_empty(), "{:?}", s.issues);
    assert_eq!(pain::ratings(&s), (Some(Some(5)), Some(Some(2))));
    assert!(s.end().is_some(), "still ended");
    let _ = std::fs::remove_dir_all(dir);
}

/// The holds recorded in `path`: (seconds, completed).
fn holds_in(path: &std::path::Path) -> Vec<(f64, bool)> {
    let s = session::read_session(path).expect("session reads");
    s.events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Hold(h) => Some((h.secs, h.completed)),
            _ => None,
        })
        .collect()
}

/// Issue 26: a hold in progress when the session ends without the worker's last events
/// (the window closed, SIGTERM, SIGINT: `on_exit` ends the session and the worker is gone)
/// is written as a hold stopped short, before `exercise_end` and `end`; a view left from an
/// earlier attempt is not taken for it, and a hold the worker did send is not written twice.
#[test]
fn a_hold_in_progress_is_written_however_the_session_ends() {
    use crate::coach::Coach;
    for (case, worker_sends) in [("gone", false), ("sent", true)] {
        let dir = session_dir(&format!("hold-{case}"));
        let mut p = practice();
        p.begin_exercise("childs_pose", &setup(Some(dir.clone())))
            .expect("starts");
        let (attempt, id) = started(&p.start_now()).expect("coaching");
        p.frame_arrived();
        let mut view = Coach::new(p.exercise("childs_pose").expect("exercise")).view();
        // A stale view (an earlier coach's hold) before this attempt's own first view.
        view.hold_elapsed_secs = 25.0;
        p.view_shown(&view);
        view.hold_elapsed_secs = 0.0;
        p.view_shown(&view);
        view.holding = true;
        view.hold_elapsed_secs = 14.6;
        p.view_shown(&view);
        let steps = p.end_session(EndReason::Quit, false);
        assert!(stops(&steps));
        if worker_sends {
            p.on_coach_event(
                attempt,
                &id,
                CoachEvent::HoldStopped {
                    secs: 14.7,
                    side: None,
                },
            );
        }
        p.worker_gone();
        let path = std::fs::read_dir(&dir)
            .expect("sessions folder")
            .next()
            .expect("a session file")
            .expect("entry")
            .path();
        let want = if worker_sends { 14.7 } else { 14.6 };
        let holds = holds_in(&path);
        assert_eq!(holds.len(), 1, "{case}: {holds:?}");
        assert!(
            (holds[0].0 - want).abs() < 1e-3 && !holds[0].1,
            "{case}: {holds:?}"
        );
        let s = session::read_session(&path).expect("reads");
        let kinds: Vec<&str> = s.events.iter().map(|e| e.record.kind()).collect();
        let at = |k: &str| kinds.iter().position(|x| *x == k).unwrap_or(usize::MAX);
        assert!(
            at("hold") < at("exercise_end") && at("exercise_end") < at("end"),
            "{case}: {kinds:?}"
        );
        assert_eq!(s.summary().end_reason, Some(EndReason::Quit));
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// A hold the worker booked itself (the video ran out: its last events, then its
/// `AttemptEnded`, before the app ends the session) is not written again from the last
/// frame's view, which still shows it.
#[test]
fn a_hold_the_worker_sent_is_not_written_twice_from_a_stale_view() {
    use crate::coach::Coach;
    let dir = session_dir("hold-stale");
    let mut p = practice();
    p.begin_exercise("bridge", &setup(Some(dir.clone())))
        .expect("starts");
    let (attempt, id) = started(&p.start_now()).expect("coaching");
    p.frame_arrived();
    let mut view = Coach::new(p.exercise("bridge").expect("exercise")).view();
    p.view_shown(&view);
    view.hold_elapsed_secs = 0.9;
    p.view_shown(&view);
    // The source ends: the worker's last events and its end, then the same view again.
    let stopped = CoachEvent::HoldStopped {
        secs: 0.95,
        side: None,
    };
    p.on_coach_event(attempt, &id, stopped);
    p.attempt_ended(attempt);
    p.view_shown(&view);
    p.end_session(EndReason::SourceEnded, true);
    p.worker_gone();
    let path = std::fs::read_dir(&dir)
        .expect("sessions folder")
        .next()
        .expect("a session file")
        .expect("entry")
        .path();
    let holds = holds_in(&path);
    assert_eq!(holds.len(), 1, "{holds:?}");
    assert!((holds[0].0 - 0.95).abs() < 1e-3 && !holds[0].1, "{holds:?}");
    let _ = std::fs::remove_dir_all(dir);
}
