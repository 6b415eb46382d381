//! The person as data: landmark ids and names, the skeleton's bones, [`Pose`] (landmarks in
//! image pixels) and the plane geometry every measure is built from.
//!
//! Pure: no I/O, no clock, no threads, no model. [`crate::pose`] turns pixels into a
//! [`Pose`]; [`crate::coach`], [`crate::content`] and the drawing code only read poses.

pub mod geometry;
pub mod landmark;
mod pose;

pub use landmark::{LandmarkId, BONES, NUM_LANDMARKS};
pub use pose::{Landmark, Pose, WorldLandmark};
