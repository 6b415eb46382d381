//! The capture side of the pipeline: opens the live source, paces it (stills held and
//! looped, videos at their frame rate, cameras as they deliver), re-stamps each frame on
//! the session epoch and hands it over with its capture time through the frame mailbox.
//!
//! A camera that stops sending (and may send again: a virtual camera's writer restarted, a
//! driver that recovers) is said once ([`PipelineEvent::CameraStalled`]) and kept open; its
//! first picture after that is said too ([`PipelineEvent::CameraResumed`]).
//!
//! A paused routine holds a video where it is ([`SourceHold`]): the capture thread reads
//! no frame while held and, on release, shifts the video's pacing clock by the time held,
//! so it goes on from the next frame at its own rate, as a paused player does. A camera
//! cannot be held (the person stays live on screen) and stills are shown as before.

use super::worker::Sink as _;
use super::{Emitter, PipelineEvent, PipelineStats, Slot, STILL_FPS, STILL_SECS};
use crate::frame::{Frame, Timestamp};
use crate::source::images::ImageSource;
use crate::source::{CameraConfig, FrameSource, SourceError, SourceSpec};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// How often a held capture thread looks at the stop flag.
const HOLD_POLL: Duration = Duration::from_millis(50);

/// Whether a video is held where it is (the routine is paused): set by the inference thread
/// as it handles [`super::PipelineCommand::HoldSource`], waited on by the capture thread.
#[derive(Debug, Default)]
pub(super) struct SourceHold {
    held: Mutex<bool>,
    changed: Condvar,
}

impl SourceHold {
    pub fn set(&self, held: bool) {
        match self.held.lock() {
            Ok(mut g) => *g = held,
            Err(p) => *p.into_inner() = held,
        }
        self.changed.notify_all();
    }

    /// Waits while held (or until `stop`); returns how long it waited.
    fn wait(&self, stop: &AtomicBool) -> Duration {
        let start = Instant::now();
        let mut g = match self.held.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        while *g && !stop.load(Ordering::Acquire) {
            g = match self.changed.wait_timeout(g, HOLD_POLL) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
        }
        start.elapsed()
    }
}

/// The live source: stills are held and looped, streams are read (videos paced).
enum Live {
    Stills {
        source: ImageSource,
        count: u64,
        current: Option<Frame>,
        shown_since: Instant,
        bad_in_a_row: u64,
    },
    Stream {
        source: Box<dyn FrameSource>,
        fps: Option<f64>,
        started: Instant,
        camera: bool,
    },
}

fn open_live(spec: &SourceSpec, camera: &CameraConfig) -> Result<Live, SourceError> {
    let stills = |source: ImageSource| {
        let count = source.len_hint().unwrap_or(1);
        Live::Stills {
            source,
            count,
            current: None,
            shown_since: Instant::now(),
            bad_in_a_row: 0,
        }
    };
    Ok(match spec {
        SourceSpec::Image(p) => stills(ImageSource::single(p)?),
        SourceSpec::Folder(p) => stills(ImageSource::folder(p, STILL_FPS)?),
        SourceSpec::Video(_) => {
            let source = spec.open(camera)?;
            Live::Stream {
                fps: source.fps_hint().filter(|f| *f > 0.0 && f.is_finite()),
                source,
                started: Instant::now(),
                camera: false,
            }
        }
        SourceSpec::Camera(_) => Live::Stream {
            source: spec.open(camera)?,
            fps: None,
            started: Instant::now(),
            camera: true,
        },
    })
}

/// A frame as the capture thread hands it over: the capture time travels with it.
pub(super) struct Captured {
    pub frame: Frame,
    /// When the frame was taken from the source.
    pub at: Instant,
}

/// Where the capture thread puts frames and says what happened.
pub(super) struct Mailbox<'a> {
    pub frames: &'a Slot<Captured>,
    pub stop: &'a AtomicBool,
    pub hold: &'a SourceHold,
    pub stats: &'a PipelineStats,
    pub emit: &'a Emitter,
}

/// Why the live source stopped.
#[derive(Debug, thiserror::Error)]
enum LiveError {
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A camera stopped delivering.
    #[error(transparent)]
    Camera(SourceError),
    #[error("no readable image in the folder")]
    NoReadableImage,
}

impl LiveError {
    fn is_camera(&self) -> bool {
        matches!(self, Self::Camera(_))
    }
}

pub(super) fn capture_loop(
    spec: &SourceSpec,
    camera: &CameraConfig,
    epoch: Instant,
    out: &Mailbox<'_>,
) {
    let is_camera = matches!(spec, SourceSpec::Camera(_));
    let mut live = match open_live(spec, camera) {
        Ok(l) => l,
        Err(e) => {
            out.emit.send(PipelineEvent::SourceFailed {
                message: e.to_string(),
                camera: is_camera,
            });
            return;
        }
    };
    let describe = match &live {
        Live::Stills { source, .. } => source.describe(),
        Live::Stream { source, .. } => source.describe(),
    };
    out.emit.send(PipelineEvent::Opened { source: describe });
    let mut index = 0u64;
    // A camera that stopped sending and may come back (its source stays open).
    let mut stalled = false;
    while !out.stop.load(Ordering::Acquire) {
        if let Live::Stream {
            started,
            camera: false,
            ..
        } = &mut live
        {
            // A held video reads nothing; its clock is shifted by the time held.
            let held = out.hold.wait(out.stop);
            *started = started.checked_add(held).unwrap_or(*started);
            if out.stop.load(Ordering::Acquire) {
                return;
            }
        }
        let mut frame = match next_live_frame(&mut live, out.emit) {
            Ok(Some(f)) => f,
            Ok(None) => {
                out.emit.send(PipelineEvent::EndOfStream);
                return;
            }
            Err(LiveError::Camera(e @ SourceError::CameraStalled { .. })) => {
                if !stalled {
                    stalled = true;
                    out.emit.send(PipelineEvent::CameraStalled {
                        message: e.to_string(),
                    });
                }
                continue;
            }
            Err(e) => {
                out.emit.send(PipelineEvent::SourceFailed {
                    message: e.to_string(),
                    camera: e.is_camera(),
                });
                return;
            }
        };
        if std::mem::take(&mut stalled) {
            out.emit.send(PipelineEvent::CameraResumed);
        }
        let at = Instant::now();
        frame.ts = Timestamp::from_secs_f64(at.duration_since(epoch).as_secs_f64());
        frame.index = index;
        index += 1;
        out.stats.captured.fetch_add(1, Ordering::Relaxed);
        if out.frames.put(Captured { frame, at }) {
            out.stats.dropped_capture.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// The next frame to show, sleeping as needed to pace stills and videos.
fn next_live_frame(live: &mut Live, emit: &Emitter) -> Result<Option<Frame>, LiveError> {
    match live {
        Live::Stills {
            source,
            count,
            current,
            shown_since,
            bad_in_a_row,
        } => {
            std::thread::sleep(Duration::from_secs_f64(1.0 / STILL_FPS));
            let due = current.is_none()
                || (*count > 1 && shown_since.elapsed().as_secs_f64() >= STILL_SECS);
            if due {
                loop {
                    match source.next_frame() {
                        Ok(Some(f)) => {
                            *current = Some(f);
                            *shown_since = Instant::now();
                            *bad_in_a_row = 0;
                            break;
                        }
                        Ok(None) => {
                            if *count <= 1 && current.is_some() {
                                break;
                            }
                            source.rewind();
                            if current.is_none() && *bad_in_a_row >= *count {
                                return Err(LiveError::NoReadableImage);
                            }
                            if current.is_some() && *bad_in_a_row >= *count {
                                break;
                            }
                        }
                        Err(e) => {
                            *bad_in_a_row += 1;
                            emit.send(PipelineEvent::Warning {
                                message: e.to_string(),
                            });
                            if *bad_in_a_row > *count {
                                if current.is_some() {
                                    break;
                                }
                                return Err(e.into());
                            }
                        }
                    }
                }
            }
            Ok(current.clone())
        }
        Live::Stream {
            source,
            fps,
            started,
            camera,
        } => {
            let frame = source.next_frame().map_err(|e| {
                if *camera {
                    LiveError::Camera(e)
                } else {
                    LiveError::Source(e)
                }
            })?;
            if let (Some(fps), Some(f)) = (*fps, &frame) {
                let due = started.checked_add(Duration::from_secs_f64(f.index as f64 / fps));
                if let Some(wait) = due.and_then(|d| d.checked_duration_since(Instant::now())) {
                    std::thread::sleep(wait);
                }
            }
            Ok(frame)
        }
    }
}
