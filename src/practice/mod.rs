//! Practice: everything between the coach and the window, without a window.
//!
//! The coach turns poses into events; a practice is what the person does with it: a
//! routine of exercises with rests and side switches ([`routine`]), whether the camera sees
//! the person well enough to judge ([`placement`]), attempts coached one
//! at a time with their pauses cut out of the clock ([`run`]), the events booked into the
//! session record with their tallies, dose and side ([`recorder`]), and the state machine
//! the app asks what to do next ([`session::Practice`]). The same frame → pose → coach
//! loop ([`stream`]) drives the app's worker, `formcheck analyze` ([`report`], [`trace`]),
//! `formcheck bench` and the tests.
//!
//! Nothing here names egui: the app renders what [`session::Practice`] answers and
//! forwards its [`session::Step`]s to the pipeline, the speakers and the summary screen,
//! so the whole session logic is tested as plain functions.

pub mod clip_record;
pub mod dose;
pub mod hold_change;
mod hold_watch;
pub mod pain;
pub mod placement;
pub mod range;
pub mod recorder;
pub mod report;
pub mod routine;
pub mod run;
pub mod samples;
pub mod session;
pub mod session_file;
pub mod stream;
pub mod trace;

pub use recorder::SummaryOf;
pub use recorder::{Recorder, Tally};
pub use routine::{RoutineItem, RoutineSignal, RoutineState, RoutineTiming, Stage};
pub use run::{Attempt, CoachRun};
pub use samples::{key_angle, FrameSample, Sampler};
pub use session::{load_catalog, CannotStart, CatalogError, Practice, SessionSetup, Step};
pub use stream::Stream;

#[cfg(test)]
mod tests;
