//! What the app starts with, from its options ([`Start`]): the problems found before the
//! window opened (the settings file, the person's own exercise files) as notices, the first
//! screen, and what waits for the safety screen to be read.

use super::{AfterSafety, Screen, Settings};
use std::collections::VecDeque;

/// The app's first notices and screen.
pub(super) struct Start {
    pub notices: VecDeque<String>,
    pub screen: Screen,
    /// What the safety screen, shown first, leads to.
    pub after_safety: Option<AfterSafety>,
    /// What is done once the safety screen is read (at once when it is not shown).
    pub after: AfterSafety,
}

/// What the command line asked the app to start with.
pub(super) struct Asked<'a> {
    pub settings_problem: Option<&'a str>,
    pub content_problems: &'a [String],
    pub exercise: Option<String>,
    pub routine: bool,
    pub start_screen: Option<Screen>,
}

impl Start {
    pub fn of(settings: &Settings, asked: Asked<'_>) -> Self {
        let Asked {
            settings_problem,
            content_problems,
            exercise,
            routine,
            start_screen,
        } = asked;
        let mut notices = VecDeque::new();
        if let Some(p) = &settings_problem {
            notices.push_back(format!("{p} (using defaults)"));
        }
        if !content_problems.is_empty() {
            notices.push_back(format!(
                "Your own exercise files have {} problem(s); those files were left out:\n{}",
                content_problems.len(),
                content_problems.join("\n")
            ));
        }
        let after = match (exercise, routine) {
            (Some(id), _) => AfterSafety::StartExercise(id.into()),
            (None, true) => AfterSafety::StartRoutine,
            _ => AfterSafety::Live,
        };
        let first = start_screen.unwrap_or(Screen::Live);
        let (screen, after_safety) =
            if !settings.safety_acknowledged || matches!(after, AfterSafety::StartRoutine) {
                (Screen::Safety, Some(after.clone()))
            } else {
                (first, None)
            };
        Self {
            notices,
            screen,
            after_safety,
            after,
        }
    }
}
