//! The single integration-test target (`autotests = false`; one binary keeps the test build
//! lean); each area is a module.
//!
//! Tests read their own switches from the environment (`FORMCHECK_CLIP_CACHE`, ...) and
//! set up children's, so the program's rule that only `places.rs` reads it (clippy.toml)
//! does not apply here.
#![allow(clippy::disallowed_methods)]

mod cli;
mod clips;
mod coach;
mod content;
mod docs;
mod doctor;
mod footage;
mod garbage;
mod held;
mod hostile;
mod in_flight;
mod invariants;
mod limits;
mod net;
mod own;
mod patient;
mod pause;
mod people;
mod pose;
mod progress;
mod progress_ui;
mod props;
mod real;
mod session;
mod signals;
mod teach;
mod teach_app;
mod ui;
mod util;
mod video;
mod waiting;
mod window;
