//! The screens and what a screen can ask of the app: each screen draws from its own
//! state and answers [`Action`]s, which [`super::app::FormcheckApp`] applies after the
//! frame is drawn.

use crate::content::ExerciseId;
use crate::practice::pain::HurtAnswer;
use crate::prefs::Settings;
use crate::progress::progression::Declined;
use crate::session::{EndReason, PainAction, PainWhen};
use std::path::PathBuf;

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Safety,
    Live,
    Summary,
    History,
    Progress,
    IceHeat,
    Habits,
    Settings,
    /// Teach an exercise by showing it (from the picker).
    Teach,
}

/// What to do once the safety screen is acknowledged.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterSafety {
    Live,
    StartRoutine,
    StartExercise(ExerciseId),
}

/// What a screen asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    AcknowledgeSafety,
    /// Show the safety screen, then start the routine.
    RequestRoutine,
    StartExercise(ExerciseId),
    Skip,
    Back,
    TogglePause,
    StartNow,
    EndSession(EndReason),
    OpenPath(String),
    UseCamera,
    /// Reconnect, play again, or new camera or model settings.
    RestartPipeline,
    /// The camera came back after it stopped: go on with the paused session.
    CameraGoOn,
    /// Leave an ended video for another source.
    ChooseSource,
    OpenSummary(PathBuf),
    Navigate(Screen),
    /// The settings changed from `before`.
    SettingsChanged(Box<Settings>),
    /// The report's name, programme or video choice (`answered`: the name and programme
    /// were asked, so they are not asked again).
    ReportDetails {
        for_whom: crate::progress::report_for::ReportFor,
        answered: bool,
    },
    ToggleMirror,
    /// Sound off or on (tones and voice together), the Mute button or `S`.
    ToggleMute,
    DismissNotices,
    /// Show or hide the key help.
    ToggleKeyHelp,
    /// "It hurts" (`H`): pause, ask where, how much and what it is like.
    ItHurts,
    /// An answer to the "It hurts" questions.
    HurtAnswer(HurtAnswer),
    /// The way on after "It hurts": skip, gentler, stop for today.
    HurtWayOn(PainAction),
    /// A pain rating from 0 to 10 (`None`: no rating).
    RatePain(PainWhen, Option<u8>),
    /// The pain rating at the end of the session just closed (`None`: skipped), into its
    /// file.
    RateEndPain(PathBuf, Option<u8>),
    /// Keep this hold from now on (a suggestion within the guide's range, accepted).
    AcceptHold {
        exercise: ExerciseId,
        hold_secs: f32,
    },
    /// The person said no to a suggested hold.
    DeclineHold(Declined),
    /// Teach: switch to the camera and count down to recording.
    TeachRecord,
    /// Teach from the video at the teach screen's path field.
    TeachVideo,
    /// Open the edit dialog of an own exercise.
    EditOwn(ExerciseId),
    /// Ask to confirm deleting an own exercise.
    DeleteOwn(ExerciseId),
    /// Open the dose dialog of a routine exercise (the guide's ranges).
    EditDose(ExerciseId),
    /// Keep this dose (checked inside the guide's range) in the person's own copy.
    SetDose {
        exercise: ExerciseId,
        dose: Box<crate::content::DoseWrite>,
    },
    /// The own folder changed: reload the exercises (and choose this one in the picker).
    OwnChanged(Option<ExerciseId>),
}

/// What the Progress and summary screens need from the app.
pub struct ProgressInput<'a> {
    pub session_dir: Option<&'a std::path::Path>,
    /// The catalogue the routine reads (own files included).
    pub catalog: Option<&'a crate::content::Catalog>,
    /// Suggestions the person declined before.
    pub declined: &'a [Declined],
    /// The report's name, programme and video choice.
    pub report: crate::progress::report_for::ReportDetails,
}
