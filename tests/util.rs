//! Shared test helpers: the catalog, running a coach over frames, skipping without data.

use formcheck::coach::{Coach, CoachEvent};
use formcheck::content::{self, Catalog};
use formcheck::frame::Timestamp;
use formcheck::pose::Pose;
use std::path::PathBuf;

pub fn catalog() -> Catalog {
    match content::load_strict(&content::default_dir()) {
        Ok(c) => c,
        Err(e) => panic!("content does not load:\n{e}"),
    }
}

/// What a coach produced over a sequence.
#[derive(Debug, Default)]
pub struct Got {
    pub reps: u32,
    pub held_secs: f32,
    pub corrections: Vec<String>,
    pub done: bool,
    pub unknown: Vec<String>,
    pub events: Vec<(f64, CoachEvent)>,
}

pub fn run(coach: &mut Coach, frames: &[(Timestamp, Option<Pose>)]) -> Got {
    let mut got = Got::default();
    for (ts, pose) in frames {
        for e in coach.update(pose.as_ref(), *ts) {
            match &e {
                CoachEvent::Rep { .. } => got.reps += 1,
                CoachEvent::Correction { id, .. } if !got.corrections.contains(id) => {
                    got.corrections.push(id.clone());
                }
                CoachEvent::Unknown { what } => got.unknown.push(what.clone()),
                CoachEvent::ExerciseDone => got.done = true,
                _ => {}
            }
            got.events.push((ts.secs_f64(), e));
        }
    }
    got.held_secs = coach.summary().held_secs;
    got
}

/// `../shared/data/real` relative to the crate, if present.
pub fn real_data() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/real"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("SKIP: {} is absent", p.display());
        None
    }
}
