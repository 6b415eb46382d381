//! The single integration-test target (one binary keeps the test build lean).

mod cli;
mod pose;
mod session;
mod util;
