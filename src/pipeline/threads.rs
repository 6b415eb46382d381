//! The desktop's pipeline: a capture thread and an inference thread (see the module
//! above for the picture), the inference thread running the shared [`Worker`].

use super::capture::{capture_loop, Captured, Mailbox, SourceHold};
use super::worker::{Sink, Worker};
use super::Emitter;
use super::{
    FrameResult, FrameTimings, PipelineCommand, PipelineConfig, PipelineEvent, PipelineStats, Slot,
    Waker, COMMAND_CAPACITY, EVENT_CAPACITY,
};
use crate::frame::Timestamp;
use crate::pose::{BlazePose, PoseConfig};
use crate::practice::stream::{Estimator, Stream};
use crate::practice::CoachRun;
use crate::source::SourceSpec;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use web_time::Instant;

/// A running pipeline. Dropping it stops the threads (without waiting for them).
pub struct Pipeline {
    results: Arc<Slot<FrameResult>>,
    events: Receiver<PipelineEvent>,
    commands: SyncSender<PipelineCommand>,
    stop: Arc<AtomicBool>,
    stats: Arc<PipelineStats>,
    coach_back: Arc<Mutex<Option<CoachRun>>>,
    threads: Vec<JoinHandle<()>>,
    source: SourceSpec,
}

impl Pipeline {
    /// Starts both threads. Opening the source and loading the model happen on them: this
    /// returns at once and reports failures as events.
    pub fn start(config: PipelineConfig, coach: Option<CoachRun>, waker: Waker) -> Self {
        let frames: Arc<Slot<Captured>> = Arc::default();
        let results: Arc<Slot<FrameResult>> = Arc::default();
        let (event_tx, events) = mpsc::sync_channel(EVENT_CAPACITY);
        let (commands, command_rx) = mpsc::sync_channel(COMMAND_CAPACITY);
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(PipelineStats::default());
        let coach_back = Arc::new(Mutex::new(None));
        let source_done = Arc::new(AtomicBool::new(false));
        let hold = Arc::new(SourceHold::default());
        let emit = Emitter {
            tx: event_tx,
            stats: stats.clone(),
            waker: waker.clone(),
        };

        let mut threads = Vec::new();
        let capture = {
            let (frames, stop, hold, stats, emit, done) = (
                frames.clone(),
                stop.clone(),
                hold.clone(),
                stats.clone(),
                emit.clone(),
                source_done.clone(),
            );
            let (spec, camera, epoch) =
                (config.source.clone(), config.camera.clone(), config.epoch);
            std::thread::Builder::new()
                .name("formcheck-capture".into())
                .spawn(move || {
                    let mailbox = Mailbox {
                        frames: &frames,
                        stop: &stop,
                        hold: &hold,
                        stats: &stats,
                        emit: &emit,
                    };
                    capture_loop(&spec, &camera, epoch, &mailbox);
                    done.store(true, Ordering::Release);
                })
        };
        let inference = {
            let (frames, results, stop, stats, emit) = (
                frames,
                results.clone(),
                stop.clone(),
                stats.clone(),
                emit.clone(),
            );
            let coach_back = coach_back.clone();
            let pose_config = config.pose.clone();
            let epoch = config.epoch;
            std::thread::Builder::new()
                .name("formcheck-inference".into())
                .spawn(move || {
                    let mut worker = Inference {
                        worker: Worker::new(Stream::new(None, coach), emit),
                        results,
                        stats,
                        waker,
                        epoch,
                        hold,
                    };
                    worker.run(pose_config, &frames, &command_rx, &stop, &source_done);
                    if let Ok(mut back) = coach_back.lock() {
                        *back = worker.worker.stream.set_run(None);
                    }
                })
        };
        for t in [capture, inference] {
            match t {
                Ok(h) => threads.push(h),
                Err(e) => emit.send(PipelineEvent::SourceFailed {
                    message: format!("cannot start a worker thread: {e}"),
                    camera: false,
                }),
            }
        }
        Self {
            results,
            events,
            commands,
            stop,
            stats,
            coach_back,
            threads,
            source: config.source,
        }
    }

    pub fn source(&self) -> &SourceSpec {
        &self.source
    }

    /// The newest result, if a new one arrived since the last call.
    pub fn latest(&self) -> Option<FrameResult> {
        self.results.try_take()
    }

    /// Events since the last call, in order (never waits).
    pub fn events(&self) -> Vec<PipelineEvent> {
        self.events.try_iter().collect()
    }

    /// Waits up to `timeout` until the worker has handled every command sent so far (and
    /// sent their events); false when it did not answer (ended, or busy that long).
    pub fn flush(&self, timeout: Duration) -> bool {
        let (tx, rx) = mpsc::sync_channel(1);
        self.send(PipelineCommand::Flush(tx)) && rx.recv_timeout(timeout).is_ok()
    }

    /// Sends a command without waiting; returns false if the worker is gone or busy.
    pub fn send(&self, command: PipelineCommand) -> bool {
        match self.commands.try_send(command) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => false,
        }
    }

    pub fn stats(&self) -> &PipelineStats {
        &self.stats
    }

    /// Whether both worker threads have ended.
    pub fn finished(&self) -> bool {
        self.threads.iter().all(|t| t.is_finished())
    }

    /// The coach the inference thread held when it ended (after a lost camera), so a
    /// reconnected pipeline can carry on with the same attempt.
    pub fn take_coach(&self) -> Option<CoachRun> {
        self.coach_back.lock().ok().and_then(|mut c| c.take())
    }

    /// Asks the threads to stop; does not wait.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::Release);
    }

    /// Stops and waits up to `timeout` for the threads (tests and shutdown).
    pub fn stop_and_wait(mut self, timeout: Duration) -> bool {
        self.request_stop();
        let until = Instant::now() + timeout;
        while Instant::now() < until {
            if self.finished() {
                for t in self.threads.drain(..) {
                    let _ = t.join();
                }
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        self.request_stop();
    }
}

/// The inference thread: the [`Worker`] fed from the capture thread's mailbox.
pub(super) struct Inference {
    pub worker: Worker<Emitter>,
    pub results: Arc<Slot<FrameResult>>,
    pub stats: Arc<PipelineStats>,
    pub waker: Waker,
    /// The session epoch frames are stamped from.
    pub epoch: Instant,
    /// Whether the capture thread holds a video where it is.
    pub hold: Arc<SourceHold>,
}

impl Inference {
    fn run(
        &mut self,
        config: Option<PoseConfig>,
        frames: &Slot<Captured>,
        commands: &Receiver<PipelineCommand>,
        stop: &AtomicBool,
        source_done: &AtomicBool,
    ) {
        let estimator: Option<Estimator> = match config.map(|c| (c.model.to_string(), c)) {
            None => None,
            Some((model, config)) => match BlazePose::new(config) {
                Ok(p) => {
                    self.worker.sink().send(PipelineEvent::ModelReady { model });
                    Some(Box::new(p))
                }
                Err(e) => {
                    self.worker.sink().send(PipelineEvent::ModelFailed {
                        message: e.to_string(),
                    });
                    None
                }
            },
        };
        let coach = self.worker.stream.set_run(None);
        self.worker.stream = Stream::new(estimator, coach);
        while !stop.load(Ordering::Acquire) {
            for cmd in commands.try_iter() {
                let now = self.epoch_now();
                match self.worker.command(cmd, now) {
                    Some(PipelineCommand::HoldSource(h)) => self.hold.set(h),
                    Some(PipelineCommand::Flush(reply)) => {
                        let _ = reply.try_send(());
                    }
                    Some(_) | None => {}
                }
            }
            let Some(captured) = frames.take_timeout(Duration::from_millis(50)) else {
                if source_done.load(Ordering::Acquire) {
                    let now = self.worker.last_frame();
                    self.worker.end_coach(now);
                    return;
                }
                continue;
            };
            self.process(captured);
        }
    }

    /// Session time now, on the clock the frames are stamped with.
    fn epoch_now(&self) -> Timestamp {
        Timestamp(i64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(i64::MAX))
    }

    pub fn process(&mut self, captured: Captured) {
        let start = Instant::now();
        let Captured { frame, at } = captured;
        let step = self.worker.stream.frame(&frame);
        let timings = FrameTimings {
            captured_at: Some(at),
            queue: start.saturating_duration_since(at),
            ..FrameTimings::default()
        };
        let (result, count) = self.worker.took(frame, step, timings);
        if self.results.put(result) {
            self.stats.dropped_results.fetch_add(1, Ordering::Relaxed);
        }
        (self.waker)();
        if let Some(frame) = count {
            self.worker.count_people(&frame);
        }
    }
}
