//! The browser's pipeline: the same [`Pipeline`] the app drives on the desktop, with the
//! page in place of the two threads.
//!
//! A browser tab has one thread and the model runs as a promise, so nothing here waits or
//! spawns: [`Pipeline::start`] only says what is wanted (the source, the model), and the
//! page's frame loop, through the [`Driver`] of the newest pipeline ([`driver`]), opens the
//! source, runs the models and hands each frame's pose in ([`Driver::frame`]). That frame
//! goes through the shared [`Worker`] exactly as on the desktop's inference thread, so the
//! app sees the same events in the same order; commands are carried out at once.

use super::worker::{Sink, Worker};
use super::{
    FrameResult, FrameTimings, PipelineCommand, PipelineConfig, PipelineEvent, PipelineStats, Waker,
};
use crate::frame::{Frame, Timestamp};
use crate::pose::PoseResult;
use crate::practice::stream::Stream;
use crate::practice::CoachRun;
use crate::source::SourceSpec;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use web_time::Instant;

/// Events waiting for the app, oldest first.
#[derive(Clone)]
struct Queue {
    events: Rc<RefCell<VecDeque<PipelineEvent>>>,
    stats: Arc<PipelineStats>,
    waker: Waker,
}

impl Sink for Queue {
    fn send(&self, event: PipelineEvent) {
        let mut events = self.events.borrow_mut();
        if events.len() >= super::EVENT_CAPACITY {
            self.stats.dropped_events.fetch_add(1, Ordering::Relaxed);
        } else {
            events.push_back(event);
        }
        drop(events);
        (self.waker)();
    }
}

/// What a pipeline and its page share.
struct Shared {
    /// Which pipeline this is (each start is a new one; the page reopens the source).
    generation: u64,
    config: PipelineConfig,
    worker: Worker<Queue>,
    latest: Option<FrameResult>,
    /// The page has been told to stop (a restart, another source, the app closed).
    stopped: bool,
    /// The source ended (a video's end) or failed: no more frames will come.
    source_done: bool,
    /// Whether a video is held where it is (the routine paused).
    held: bool,
    /// The coach, handed back once the source failed (a lost camera), for the next pipeline.
    coach_back: Option<CoachRun>,
    frames: u64,
    /// The pictures the source showed since it opened, as the page counted them (it hands
    /// in only those it had time for), when it counts them.
    presented: Option<u64>,
}

thread_local! {
    /// The newest pipeline, which the page feeds.
    static NEWEST: RefCell<Option<Rc<RefCell<Shared>>>> = const { RefCell::new(None) };
    static GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A running pipeline (the page feeds it while it is the newest and not stopped).
pub struct Pipeline {
    shared: Rc<RefCell<Shared>>,
    events: Rc<RefCell<VecDeque<PipelineEvent>>>,
    stats: Arc<PipelineStats>,
    source: SourceSpec,
}

impl Pipeline {
    /// Asks the page for `config`'s source and model; returns at once (the page reports
    /// what happens as events, as the desktop's threads do).
    pub fn start(config: PipelineConfig, coach: Option<CoachRun>, waker: Waker) -> Self {
        let stats = Arc::new(PipelineStats::default());
        let events = Rc::new(RefCell::new(VecDeque::new()));
        let queue = Queue {
            events: events.clone(),
            stats: stats.clone(),
            waker,
        };
        let generation = GENERATION.with(|g| {
            g.set(g.get() + 1);
            g.get()
        });
        let source = config.source.clone();
        let shared = Rc::new(RefCell::new(Shared {
            generation,
            config,
            worker: Worker::new(Stream::new(None, coach), queue),
            latest: None,
            stopped: false,
            source_done: false,
            held: false,
            coach_back: None,
            frames: 0,
            presented: None,
        }));
        NEWEST.with_borrow_mut(|n| *n = Some(shared.clone()));
        Self {
            shared,
            events,
            stats,
            source,
        }
    }

    pub fn source(&self) -> &SourceSpec {
        &self.source
    }

    /// The newest result, if a new one arrived since the last call.
    pub fn latest(&self) -> Option<FrameResult> {
        self.shared.borrow_mut().latest.take()
    }

    /// Events since the last call, in order.
    pub fn events(&self) -> Vec<PipelineEvent> {
        self.events.borrow_mut().drain(..).collect()
    }

    /// Commands are carried out as they are sent: there is nothing to wait for.
    pub fn flush(&self, _timeout: Duration) -> bool {
        !self.shared.borrow().stopped
    }

    /// Carries out `command` now; false once the pipeline has stopped.
    pub fn send(&self, command: PipelineCommand) -> bool {
        let mut shared = self.shared.borrow_mut();
        if shared.stopped {
            return false;
        }
        let now = shared.now();
        match shared.worker.command(command, now) {
            Some(PipelineCommand::HoldSource(h)) => shared.held = h,
            Some(PipelineCommand::Flush(reply)) => {
                let _ = reply.try_send(());
            }
            Some(_) | None => {}
        }
        true
    }

    pub fn stats(&self) -> &PipelineStats {
        &self.stats
    }

    /// Whether no more frames will come (stopped, or the source ended or failed).
    pub fn finished(&self) -> bool {
        let shared = self.shared.borrow();
        shared.stopped || shared.source_done
    }

    /// The coach the pipeline held when its source failed (a lost camera), so a
    /// reconnected pipeline carries on with the same attempt.
    pub fn take_coach(&self) -> Option<CoachRun> {
        self.shared.borrow_mut().coach_back.take()
    }

    /// Tells the page to stop feeding this pipeline.
    pub fn request_stop(&self) {
        self.shared.borrow_mut().stopped = true;
    }

    /// Stops (nothing to wait for in a page).
    pub fn stop_and_wait(self, _timeout: Duration) -> bool {
        self.request_stop();
        true
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        self.request_stop();
    }
}

impl Shared {
    /// Session time now, on the clock the frames are stamped with.
    fn now(&self) -> Timestamp {
        Timestamp(i64::try_from(self.config.epoch.elapsed().as_nanos()).unwrap_or(i64::MAX))
    }

    /// The source is done: the coached attempt's last events, and the coach kept for a
    /// reconnect.
    fn source_ended(&mut self) {
        if self.source_done {
            return;
        }
        self.source_done = true;
        let last = self.worker.last_frame();
        self.worker.end_coach(last);
        self.coach_back = self.worker.stream.set_run(None);
    }
}

/// The page's handle on the newest pipeline, while it runs.
pub fn driver() -> Option<Driver> {
    NEWEST.with_borrow(|n| {
        n.as_ref()
            .filter(|s| !s.borrow().stopped)
            .map(|s| Driver { shared: s.clone() })
    })
}

/// What the page does for a pipeline: open its source, run its model, hand in frames.
pub struct Driver {
    shared: Rc<RefCell<Shared>>,
}

impl Driver {
    /// Which pipeline this is: a new number means the page opens the source again.
    pub fn generation(&self) -> u64 {
        self.shared.borrow().generation
    }

    /// What to open and run.
    pub fn config(&self) -> PipelineConfig {
        self.shared.borrow().config.clone()
    }

    /// Whether the page should hold a video where it is (the routine is paused).
    pub fn held(&self) -> bool {
        self.shared.borrow().held
    }

    /// Whether the pipeline has stopped (the page lets its source go).
    pub fn stopped(&self) -> bool {
        self.shared.borrow().stopped
    }

    /// The landmarks the coached exercise reads (the adaptive pose rate is paced by them);
    /// `None`: any exercise's.
    pub fn landmarks_read(&self) -> Option<Vec<crate::body::LandmarkId>> {
        self.shared
            .borrow()
            .worker
            .stream
            .coach()
            .map(|c| crate::coach::landmarks_read(c.exercise()))
    }

    /// Session time now.
    pub fn now(&self) -> Timestamp {
        self.shared.borrow().now()
    }

    fn send(&self, event: PipelineEvent) {
        self.shared.borrow().worker.sink().send(event);
    }

    /// The source opened (`describe`: "camera FaceTime HD", "video clip.mp4").
    pub fn opened(&self, describe: String) {
        self.send(PipelineEvent::Opened { source: describe });
    }

    pub fn model_ready(&self, model: String) {
        self.send(PipelineEvent::ModelReady { model });
    }

    pub fn model_failed(&self, message: String) {
        self.send(PipelineEvent::ModelFailed { message });
    }

    /// A problem that does not stop the source.
    pub fn warning(&self, message: String) {
        self.send(PipelineEvent::Warning { message });
    }

    /// The source could not be opened or stopped delivering (a camera unplugged, the
    /// permission taken back).
    pub fn failed(&self, message: String, camera: bool) {
        self.send(PipelineEvent::SourceFailed { message, camera });
        self.shared.borrow_mut().source_ended();
    }

    /// A video reached its end.
    pub fn ended(&self) {
        // A recording's last poses go before the end (a demonstration's return to the start).
        self.shared.borrow_mut().worker.send_poses();
        self.send(PipelineEvent::EndOfStream);
        self.shared.borrow_mut().source_ended();
    }

    /// The source has shown `total` pictures since it opened: what the camera delivers,
    /// whether or not the page had time to hand each in. As on the desktop, those are the
    /// frames captured (the placement check's frame rate is the camera's, not this
    /// computer's) and the ones the model had no time for are dropped.
    pub fn presented(&self, total: u64) {
        let mut shared = self.shared.borrow_mut();
        let total = total.max(shared.frames);
        shared.presented = Some(total);
        let stats = &shared.worker.sink().stats;
        stats.captured.store(total, Ordering::Relaxed);
        stats
            .dropped_capture
            .store(total - shared.frames, Ordering::Relaxed);
    }

    /// One frame the page read at `ts` (stamp it with [`Driver::now`] when it was
    /// captured) and its pose, which took `pose_time` to estimate. It goes through the
    /// worker as on the desktop; the app shows the newest. Answers the frame when its people
    /// are to be counted (a teach recording asks about once a second): the page runs the
    /// detector on the whole picture and hands the count to [`Driver::people`].
    pub fn frame(
        &self,
        image: image::RgbImage,
        ts: Timestamp,
        pose: Option<PoseResult>,
        pose_time: Duration,
    ) -> Option<Frame> {
        let mut shared = self.shared.borrow_mut();
        if shared.stopped || shared.source_done {
            return None;
        }
        let frame = Frame {
            image,
            ts,
            index: shared.frames,
            label: String::new(),
        };
        shared.frames += 1;
        let stats = shared.worker.sink().stats.clone();
        let waker = shared.worker.sink().waker.clone();
        if shared.presented.is_none() {
            stats.captured.fetch_add(1, Ordering::Relaxed);
        }
        let mut step = shared.worker.stream.posed(pose, ts);
        step.times.pose = pose_time;
        let timings = FrameTimings {
            captured_at: Some(Instant::now()),
            ..FrameTimings::default()
        };
        let (result, count) = shared.worker.took(frame, step, timings);
        if shared.latest.replace(result).is_some() {
            stats.dropped_results.fetch_add(1, Ordering::Relaxed);
        }
        drop(shared);
        waker();
        count
    }

    /// The people in the picture at `ts`, as the desktop's worker counts them
    /// (`pose::detector::distinct_people` on the detector's answer for the whole picture).
    pub fn people(&self, ts: Timestamp, count: usize) {
        self.send(PipelineEvent::People { ts, count });
    }
}
