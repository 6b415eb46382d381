//! The single integration-test target (`autotests = false`; one binary keeps the test build
//! lean); each area is a module.

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
