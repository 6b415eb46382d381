//! The single integration-test target (`autotests = false`); each area is a module.

mod coach;
mod content;
mod props;
mod real;
mod util;
mod video;
