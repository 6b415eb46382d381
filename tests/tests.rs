//! The single integration-test target (`autotests = false`); each area is a module.

mod cli;
mod coach;
mod content;
mod pose;
mod props;
mod real;
mod session;
mod ui;
mod util;
mod video;
