//! The practice's answers carried out ([`Carry`]): the worker's coach started or stopped,
//! tones and voice, notices, and the summary of a session just closed shown.

use super::{Records, Screen};
use crate::audio::Cues;
use crate::pipeline::PipelineCommand;
use crate::practice::{Step, SummaryOf};
use crate::ui::feed::Feed;
use std::collections::VecDeque;

/// The parts of the app the practice's [`Step`]s act on, borrowed to carry them out.
pub(super) struct Carry<'a> {
    pub feed: &'a mut Feed,
    pub cues: &'a mut Cues,
    pub notices: &'a mut VecDeque<String>,
    pub records: &'a mut Records,
    pub screen: &'a mut Screen,
}

impl Carry<'_> {
    /// Carries out `steps` in order.
    pub fn out(self, steps: Vec<Step>) {
        for step in steps {
            match step {
                Step::StartCoach(run) => {
                    self.feed.carried_coach = None;
                    self.feed.send(PipelineCommand::SetCoach(Some(run)));
                }
                Step::StopCoach => {
                    self.feed.carried_coach = None;
                    self.feed.send(PipelineCommand::SetCoach(None));
                }
                Step::Tone(t) => self.cues.tone(t),
                Step::Say(text) => self.cues.say(&text),
                Step::Notice(text) => self.notices.push_back(text),
                Step::Summary(SummaryOf::File(path)) => {
                    self.records.summary.load(&path);
                    *self.screen = Screen::Summary;
                    self.records.summary.ask_end_rating();
                }
                Step::Summary(SummaryOf::NotRecorded(why)) => {
                    self.records.summary.not_recorded(why.as_ref());
                    *self.screen = Screen::Summary;
                }
            }
        }
    }
}
