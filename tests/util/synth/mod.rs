//! Synthetic people, for tests: a kinematic stick figure that produces 33-landmark pose
//! sequences from joint-angle keyframes.
//!
//! - `figure.rs`: [`BodyPose`] (joint angles) and its forward kinematics.
//! - `script.rs`: [`Script`], keyframes of a body over time.
//! - `scene.rs`: [`Scene`] and its camera, rendering a script into `(Timestamp, Option<Pose>)`
//!   frames with noise, dropouts and irregular timing from a seed, so every sequence is
//!   reproducible.
//! - `perform.rs` and `scripts/`: [`script`] performs every exercise in `content/` in
//!   correct form and each wrong form its corrections name, from a table of steps per
//!   exercise, with the [`Expect`]ed result.
//!
//! Test support only: the integration tests reach it as `crate::util::synth`, the
//! `coach_trace` example by path.

mod figure;
mod perform;
mod scene;
mod script;
mod scripts;

pub use figure::BodyPose;
pub use perform::{script, still_pose, variants, Expect};
pub use scene::{scene_variants, Dropout, Scene};
pub use script::Script;
