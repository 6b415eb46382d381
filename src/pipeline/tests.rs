//! The worker's per-frame samples (key angle, range of motion) do not depend on which
//! results the window takes from the newest-wins mailbox.

use super::capture::Captured;
use super::threads::Inference;
use super::worker::Worker;
use super::*;
use crate::frame::Frame;
use crate::pose::{PoseError, PoseEstimator, PoseResult};
use crate::practice::stream::Estimate;
use crate::practice::stream::Stream;
use crate::practice::{Practice, RoutineTiming, SessionSetup, Step, SummaryOf};
use crate::session::{self, EndReason, Record};
use std::sync::mpsc::{self, Receiver};

#[test]
fn slot_keeps_only_the_newest() {
    let s = Slot::default();
    assert!(!s.put(1));
    assert!(s.put(2));
    assert_eq!(s.try_take(), Some(2));
    assert_eq!(s.take_timeout(Duration::from_millis(1)), None);
}

/// Hands out a scripted pose per frame index.
struct Scripted(Vec<Pose>);

impl PoseEstimator for Scripted {
    fn estimate(&mut self, frame: &Frame) -> Result<PoseResult, PoseError> {
        let i = usize::try_from(frame.index).unwrap_or(usize::MAX);
        Ok(PoseResult {
            pose: self.0.get(i).cloned(),
            roi: None,
            detector_ran: false,
            held: false,
        })
    }
    fn reset(&mut self) {}
}

impl Estimate for Scripted {
    fn people_in(&mut self, _frame: &Frame) -> Result<usize, PoseError> {
        Ok(1)
    }
}

/// The bridge's drawn start position, then its held position lifted a little further
/// frame by frame (so every frame's value differs), then the start again: 30 frames a
/// second.
fn bridge_poses(ex: &crate::content::Exercise) -> Vec<Pose> {
    let figure = ex.figure.as_ref().expect("the bridge has a figure");
    let (start, held) = (figure.start.pose(), figure.held.pose());
    let between = |f: f32| {
        let mut p = start.clone();
        for (l, (a, b)) in p
            .landmarks
            .iter_mut()
            .zip(start.landmarks.iter().zip(&held.landmarks))
        {
            l.x = a.x + (b.x - a.x) * f;
            l.y = a.y + (b.y - a.y) * f;
        }
        p
    };
    let mut poses = vec![start.clone(); 60];
    poses.extend((0..30).map(|i| between(i as f32 / 30.0)));
    poses.extend((0..180).map(|i| between(0.92 + 0.08 * (i as f32 / 180.0))));
    poses.extend((0..30).map(|i| between(1.0 - i as f32 / 30.0)));
    poses.extend(vec![start; 60]);
    poses
}

/// The app's worker over scripted poses, coaching `run`, sending its events to `tx`.
fn scripted_worker(
    poses: Vec<Pose>,
    run: CoachRun,
    tx: SyncSender<PipelineEvent>,
    epoch: Instant,
) -> Inference {
    let stats = Arc::new(PipelineStats::default());
    let waker: Waker = Arc::new(|| {});
    Inference {
        worker: Worker::new(
            Stream::new(Some(Box::new(Scripted(poses))), Some(run)),
            Emitter {
                tx,
                stats: stats.clone(),
                waker: waker.clone(),
            },
        ),
        results: Arc::default(),
        stats,
        waker,
        epoch,
        hold: Arc::default(),
    }
}

/// The worker's events routed to the practice as the app routes them.
fn route_events(practice: &mut Practice, rx: &Receiver<PipelineEvent>) -> Vec<Step> {
    let mut steps = Vec::new();
    for event in rx.try_iter() {
        steps.extend(match event {
            PipelineEvent::Coach {
                attempt,
                exercise_id,
                event,
                ..
            } => practice.on_coach_event(attempt, &exercise_id, event),
            PipelineEvent::Samples {
                attempt,
                exercise_id,
                samples,
            } => {
                practice.book_samples(attempt, &exercise_id, &samples);
                Vec::new()
            }
            PipelineEvent::AttemptEnded { attempt } => practice.attempt_ended(attempt),
            _ => Vec::new(),
        });
    }
    steps
}

/// Free practice of the bridge through the worker, the window taking every `every`-th
/// result (the others are overwritten in the mailbox); the session's `range` and the
/// number of `angle` records.
fn bridge_session(every: usize, name: &str) -> (Vec<session::Range>, usize) {
    let catalog = crate::content::load_default().expect("content loads");
    let bridge = catalog.get("bridge").expect("bridge").clone();
    let dir =
        std::env::temp_dir().join(format!("formcheck-pipeline-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let epoch = Instant::now();
    let mut practice = Practice::new(Ok(catalog));
    practice.frames_from(epoch);
    let setup = SessionSetup {
        timing: RoutineTiming {
            prepare_secs: 1.0,
            rest_secs: 1.0,
            switch_secs: 1.0,
        },
        session_dir: Some(dir.clone()),
        model: "lite".into(),
        source: "scripted".into(),
    };
    practice.begin_exercise("bridge", &setup).expect("starts");
    let run = practice
        .start_now()
        .into_iter()
        .find_map(|s| match s {
            Step::StartCoach(run) => Some(run),
            _ => None,
        })
        .expect("coaching");
    let attempt = run.attempt();
    let (tx, rx) = mpsc::sync_channel(EVENT_CAPACITY);
    let poses = bridge_poses(&bridge);
    let mut worker = scripted_worker(poses.clone(), *run, tx, epoch);
    let route = |practice: &mut Practice| route_events(practice, &rx);
    for (i, _) in poses.iter().enumerate() {
        let frame = Frame {
            image: image::RgbImage::new(2, 2),
            ts: Timestamp::from_millis(i64::try_from(i).unwrap_or(0) * 1000 / 30),
            index: u64::try_from(i).unwrap_or(0),
            label: String::new(),
        };
        worker.process(Captured {
            frame,
            at: Instant::now(),
        });
        if i % every == 0 {
            if let Some(result) = worker.results.try_take() {
                practice.frame_arrived();
                if let Some(view) = &result.view {
                    practice.view_shown(view);
                }
            }
        }
        route(&mut practice);
    }
    let mut steps = practice.end_session(EndReason::Quit, true);
    let last = worker.worker.last_frame();
    worker.worker.end_coach(last);
    steps.extend(route(&mut practice));
    assert_eq!(practice.attempt(), None, "{attempt:?} ended");
    let file = steps
        .into_iter()
        .find_map(|s| match s {
            Step::Summary(SummaryOf::File(f)) => Some(f),
            _ => None,
        })
        .expect("the session closes on its summary");
    let s = session::read_session(&file).expect("the session reads back");
    let _ = std::fs::remove_dir_all(&dir);
    let ranges = s
        .events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Range(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    let angles = s
        .events
        .iter()
        .filter(|e| e.record.kind() == "angle")
        .count();
    (ranges, angles)
}

/// Issue 29: a window that takes only every other result (a slow repaint: the mailbox
/// drops the rest) records the same range of motion and key angles as one that takes
/// every result; the samples are the worker's, one per frame it coached.
#[test]
fn a_window_dropping_results_records_the_same_range() {
    let (all, angles_all) = bridge_session(1, "all");
    let (half, angles_half) = bridge_session(2, "half");
    println!("every result: {all:?}, {angles_all} angles; every other: {half:?}, {angles_half}");
    assert_eq!(all.len(), 1, "one range for the bridge: {all:?}");
    // The 2 s hold at 30 frames a second, every frame of it.
    assert!(all[0].samples >= 58, "every held frame sampled: {all:?}");
    assert!(all[0].best_deg > all[0].median_deg, "{all:?}");
    assert_eq!(all, half);
    // The writer keeps one key angle per interval, on the frames' own clock.
    assert!(
        angles_all >= 40,
        "the key angle through the session: {angles_all}"
    );
    assert_eq!(angles_all, angles_half);
}

/// Issue 29: the teach screen's recording gets every frame's pose from the worker, not the
/// results the window happened to take.
#[test]
fn a_recording_gets_every_frames_pose() {
    let catalog = crate::content::load_default().expect("content loads");
    let bridge = catalog.get("bridge").expect("bridge").clone();
    let poses = bridge_poses(&bridge);
    let run = CoachRun::new(
        crate::coach::Coach::new(&bridge),
        crate::practice::Attempt(1),
    );
    let (tx, rx) = mpsc::sync_channel(EVENT_CAPACITY);
    let mut worker = scripted_worker(poses.clone(), run, tx, Instant::now());
    let _ = worker
        .worker
        .command(PipelineCommand::CountPeople(true), Timestamp::default());
    let mut recorded = Vec::new();
    for i in 0..poses.len() {
        worker.process(Captured {
            frame: Frame {
                image: image::RgbImage::new(2, 2),
                ts: Timestamp::from_millis(i64::try_from(i).unwrap_or(0) * 1000 / 30),
                index: u64::try_from(i).unwrap_or(0),
                label: String::new(),
            },
            at: Instant::now(),
        });
        if i % 3 == 0 {
            let _ = worker.results.try_take();
        }
        for event in rx.try_iter() {
            if let PipelineEvent::Poses { frames } = event {
                recorded.extend(frames);
            }
        }
    }
    let _ = worker
        .worker
        .command(PipelineCommand::CountPeople(false), Timestamp::default());
    for event in rx.try_iter() {
        if let PipelineEvent::Poses { frames } = event {
            recorded.extend(frames);
        }
    }
    assert_eq!(recorded.len(), poses.len(), "every frame's pose");
    assert!(
        recorded.windows(2).all(|w| w[0].0 < w[1].0),
        "in frame order"
    );
    assert_eq!(recorded[100].1.as_ref(), Some(&poses[100]));
}
