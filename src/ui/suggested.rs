//! The holds to change within the guide's range (`progress::progression`), each with Accept
//! and Decline, and the red flags beside a shorter hold after pain. Shown on the Progress
//! screen for every exercise, and on a session's summary for the exercises it did, so the
//! suggestion a session earned is offered right after it.

use super::action::Action;
use super::theme;
use crate::content::Catalog;
use crate::guide;
use crate::progress::progression::{self, Declined, ExerciseSuggestion, Suggestion};
use crate::session::Session;
use eframe::egui::{self, RichText, Ui};

/// The suggestions over every session, and the newest session of each suggested exercise
/// (what a decline remembers).
pub struct Suggested {
    suggestions: Vec<ExerciseSuggestion>,
    newest: Vec<(String, String)>,
}

/// Why the sessions or the suggestions could not be read for a screen.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Sessions(#[from] crate::session::SessionError),
    #[error(transparent)]
    Content(#[from] crate::content::ContentError),
}

impl Suggested {
    /// The suggestions `everything` (every session, oldest first) earns for the exercises of
    /// `catalog`, leaving out those declined.
    pub fn read(
        everything: &[Session],
        catalog: Option<&Catalog>,
        declined: &[Declined],
    ) -> Result<Self, ReadError> {
        let shipped = crate::content::load_default()?;
        let suggestions = match catalog {
            Some(c) => progression::suggestions(everything, &shipped, c, declined),
            None => Vec::new(),
        };
        let newest = suggestions
            .iter()
            .filter_map(|s| {
                Some((
                    s.id.clone(),
                    progression::newest_session(everything, &s.id)?,
                ))
            })
            .collect();
        Ok(Self {
            suggestions,
            newest,
        })
    }

    /// Only the suggestions for exercises `keep` says yes to.
    pub fn only(mut self, keep: impl Fn(&str) -> bool) -> Self {
        self.suggestions.retain(|s| keep(&s.id));
        self
    }

    /// Whether there is anything to suggest (a suggestion with words).
    pub fn any(&self) -> bool {
        self.suggestions
            .iter()
            .any(|s| s.suggestion.words().is_some())
    }

    /// Each hold to change, with Accept and Decline.
    pub fn ui(&self, ui: &mut Ui) -> Option<Action> {
        let mut action = None;
        for s in &self.suggestions {
            if let Some(words) = s.suggestion.words() {
                action = action.or(self.one_ui(ui, s, &words));
            }
        }
        action
    }

    fn one_ui(&self, ui: &mut Ui, s: &ExerciseSuggestion, words: &str) -> Option<Action> {
        let shorter = matches!(s.suggestion, Suggestion::Shorter { .. });
        let fill = if shorter {
            theme::WARNING_BG
        } else {
            theme::INFO_BG
        };
        let mut action = None;
        egui::Frame::new()
            .fill(fill)
            .inner_margin(10)
            .corner_radius(6)
            .show(ui, |ui| {
                ui.label(RichText::new(&s.name).size(theme::TITLE).strong());
                ui.label(RichText::new(words).size(theme::BODY));
                if shorter {
                    ui.label(RichText::new(guide::RED_FLAGS_INTRO).size(theme::BODY));
                    for flag in guide::RED_FLAGS {
                        ui.label(RichText::new(format!("• {flag}")).size(theme::SMALL));
                    }
                }
                let to = s.suggestion.to_secs().unwrap_or_default();
                ui.horizontal(|ui| {
                    let accept = format!("Accept: hold {}", progression::secs(to));
                    if ui.button(RichText::new(accept).size(theme::BODY)).clicked() {
                        action = Some(Action::AcceptHold {
                            exercise: s.id.as_str().into(),
                            hold_secs: to,
                        });
                    }
                    if ui
                        .button(RichText::new("Decline").size(theme::BODY))
                        .clicked()
                    {
                        let after = self
                            .newest
                            .iter()
                            .find(|(id, _)| *id == s.id)
                            .map(|(_, t)| t.clone())
                            .unwrap_or_default();
                        action = Some(Action::DeclineHold(Declined {
                            exercise: s.id.clone(),
                            hold_secs: to,
                            after,
                        }));
                    }
                });
            });
        action
    }
}
