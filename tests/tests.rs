//! The single integration-test target (one binary keeps the test build lean).

mod cli;
mod pose;
mod util;
mod session;
mod ui;
