//! The pipeline's events routed, one UI frame at a time ([`Events`]): coach events and
//! ended attempts to the [`crate::practice::Practice`], whose answers the shell carries out
//! ([`Then`]); the source's state (opened, failed, camera lost, ended) to the feed; the
//! poses and people counted to the teach screen; warnings to the notices. A video's end
//! closes the session on its summary.

use crate::pipeline::PipelineEvent;
use crate::practice::{Practice, Step};
use crate::session::EndReason;
use crate::ui::feed::{Feed, SourceStatus};
use crate::ui::source::SourcePanel;
use crate::ui::teach::TeachScreen;
use std::collections::VecDeque;

/// The parts of the app a pipeline event changes, borrowed for one event.
pub(super) struct Events<'a> {
    pub feed: &'a mut Feed,
    pub practice: &'a mut Practice,
    pub teach: &'a mut TeachScreen,
    pub source_panel: &'a mut SourcePanel,
    pub notices: &'a mut VecDeque<String>,
}

/// What the shell carries out after an event.
pub(super) enum Then {
    /// The practice's answer to a coach event or an ended attempt.
    Steps(Vec<Step>),
    /// The video ended while a session was recorded: close it on its summary.
    EndSession(EndReason),
}

impl Events<'_> {
    /// Routes one pipeline event; what the shell must do after, when anything.
    pub fn route(&mut self, event: PipelineEvent) -> Option<Then> {
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
                return Some(Then::Steps(self.practice.on_coach_event(
                    attempt,
                    &exercise_id,
                    event,
                )));
            }
            PipelineEvent::Samples {
                attempt,
                exercise_id,
                samples,
            } => self.practice.book_samples(attempt, &exercise_id, &samples),
            PipelineEvent::AttemptEnded { attempt } => {
                return Some(Then::Steps(self.practice.attempt_ended(attempt)));
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
                    return Some(Then::EndSession(EndReason::SourceEnded));
                }
            }
        }
        None
    }
}
