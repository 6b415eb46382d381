//! The app's per-frame work, apart from drawing: the pipeline's newest result and its
//! events, the routine's countdowns and the ice/heat timer.
//!
//! Each UI frame starts here. The source is started lazily (never behind the safety
//! screen), the pipeline's events are drained without waiting and each is routed: coach
//! events and ended attempts to the [`crate::practice::Practice`], whose answers the shell
//! carries out; the source's state (opened, failed, camera lost, ended) to the feed; a
//! video's end closes the session on its summary.

use super::{FormcheckApp, SourceStatus};
use crate::audio::Tone;
use crate::pipeline::PipelineEvent;
use crate::session::EndReason;
use eframe::egui;
use std::time::Duration;
use web_time::Instant;

impl FormcheckApp {
    /// Everything but drawing: pipeline results and events, countdowns.
    pub(super) fn update_state(&mut self, ctx: &egui::Context) {
        // Nothing plays or counts behind the safety screen: the source starts (a video at its
        // beginning) once the person has read it.
        if self.feed.pending_start() && self.after_safety.is_none() {
            self.start_pipeline(ctx);
        }
        let now = Instant::now();
        let dt = self
            .last_tick
            .map_or(0.0, |t| now.duration_since(t).as_secs_f32());
        self.last_tick = Some(now);

        let (events, worker_done) = self.feed.drain();
        for e in events {
            self.on_pipeline_event(e);
        }
        self.feed.sample_rate();
        if worker_done {
            self.worker_stopped();
        }
        if let Some(result) = self.feed.latest() {
            // The source delivers: a session waiting for its first picture is recorded now.
            let steps = self.practice.frame_arrived();
            self.apply_steps(steps);
            self.live.show_frame(ctx, result, now);
        }

        let steps = self.practice.tick(dt.min(1.0));
        self.apply_steps(steps);
        // The coach runs only while the routine is coaching and the source delivers.
        self.feed.set_paused(!self.practice.coaching());
        // Pause holds a video where it is (a camera stays live).
        self.feed
            .hold_source(self.practice.routine().is_some_and(|r| r.is_paused()));
        if self.ice_heat.tick(f64::from(dt.min(1.0))) {
            self.cues.tone(Tone::HoldDone);
            self.cues.say(&format!(
                "{} time is up.",
                self.ice_heat.countdown.therapy.name()
            ));
        }
        if let Some(action) = self.teach.tick(dt.min(1.0), &self.own) {
            self.apply(action);
        }
        // A recording from the camera counts the people in about one picture a second.
        self.feed.count_people(self.teach.recording());
        if self.teach.busy() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        if let Some(view) = self.live.view() {
            self.practice.view_shown(view);
        }
        self.practice.poll_flush();
        if self.ice_heat.countdown.is_running() || self.practice.counting_down() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    /// Reacts to one pipeline event (the frame loop calls it; tests inject events).
    pub fn on_pipeline_event(&mut self, event: PipelineEvent) {
        match event {
            PipelineEvent::Opened { source } => {
                self.feed.opened = Some(source.clone());
                self.feed.status = SourceStatus::Running { describe: source };
            }
            PipelineEvent::ModelReady { model } => {
                self.practice.set_model_loaded(true);
                self.feed.model_status = format!("model {model}");
            }
            PipelineEvent::ModelFailed { message } => {
                // Nothing can be coached: no session file, no summary of nothing.
                self.practice.set_model_loaded(false);
                self.feed.model_status = "no model".into();
                self.feed.model_problem = Some(message);
            }
            PipelineEvent::Coach {
                attempt,
                exercise_id,
                event,
                ..
            } => {
                let steps = self.practice.on_coach_event(attempt, &exercise_id, event);
                self.apply_steps(steps);
            }
            PipelineEvent::Samples {
                attempt,
                exercise_id,
                samples,
            } => self.practice.book_samples(attempt, &exercise_id, &samples),
            PipelineEvent::AttemptEnded { attempt } => {
                let steps = self.practice.attempt_ended(attempt);
                self.apply_steps(steps);
            }
            PipelineEvent::SourceFailed { message, camera } => {
                let was_running = matches!(self.feed.status, SourceStatus::Running { .. });
                let was_lost = matches!(
                    self.feed.status,
                    SourceStatus::CameraLost { .. } | SourceStatus::CameraBack { .. }
                );
                self.feed.status = if camera && (was_running || was_lost) {
                    self.practice.set_paused(true);
                    SourceStatus::CameraLost {
                        message,
                        waiting: false,
                    }
                } else {
                    self.source_panel.problem = Some(message);
                    SourceStatus::Missing {
                        reason: if camera {
                            "The camera cannot be opened.".into()
                        } else {
                            "This video or folder cannot be opened.".into()
                        },
                    }
                };
            }
            PipelineEvent::CameraStalled { message } => {
                // The session is kept and paused; the camera stays open and may come back.
                if matches!(self.feed.status, SourceStatus::Running { .. }) {
                    self.practice.set_paused(true);
                    self.feed.status = SourceStatus::CameraLost {
                        message,
                        waiting: true,
                    };
                }
            }
            PipelineEvent::CameraResumed => {
                if matches!(self.feed.status, SourceStatus::CameraLost { .. }) {
                    self.feed.status = SourceStatus::CameraBack {
                        describe: self.feed.opened.clone().unwrap_or_default(),
                    };
                }
            }
            PipelineEvent::Warning { message } => {
                self.notices.push_back(message);
                while self.notices.len() > 4 {
                    self.notices.pop_front();
                }
            }
            PipelineEvent::Poses { frames } => {
                for (ts, pose) in &frames {
                    self.teach.on_frame(*ts, pose.as_ref());
                }
            }
            PipelineEvent::People { ts, count } => self.teach.on_people(ts, count),
            PipelineEvent::EndOfStream => {
                self.feed.status = SourceStatus::Ended;
                // A video is the whole session: show what it achieved.
                if self.practice.recording() {
                    self.end_session(EndReason::SourceEnded, true);
                }
            }
        }
    }
}
