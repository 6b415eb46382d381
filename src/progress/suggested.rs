//! The holds to change within the guide's range (`progression`), as the Progress screen
//! offers them for every exercise and a session's summary for the exercises it did, with
//! the newest session of each suggested exercise (what a decline remembers).

use super::progression::{self, ExerciseSuggestion};
use crate::content::Catalog;
use crate::session::Session;

/// The suggestions over every session, and the newest session of each suggested exercise.
#[derive(Debug, Clone)]
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
        declined: &[progression::Declined],
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

    /// The suggestions, in the catalogue's order.
    pub fn suggestions(&self) -> &[ExerciseSuggestion] {
        &self.suggestions
    }

    /// The start time of the newest session of `exercise` (empty when none is known).
    pub fn newest(&self, exercise: &str) -> String {
        self.newest
            .iter()
            .find(|(id, _)| id == exercise)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }
}
