//! Why a value given on the command line was refused (clap prints it after the option's
//! name): one variant per kind of value, each saying what is expected.

/// A command-line value that is not what its option takes.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadValue {
    #[error("{0:?}: give a number of days from 1 to 3650, e.g. 30d")]
    Days(String),
    #[error("expected a whole number of threads from 1 to {max} (4 per CPU core)")]
    Threads { max: usize },
    #[error("expected a number from 0 to 1")]
    Unit,
    #[error(
        "expected a log level ({}) or `target=level` directives, e.g. `formcheck=debug`",
        super::LOG_LEVELS.join(", ")
    )]
    Log,
    #[error("unknown screen '{0}'")]
    Screen(String),
    #[error("expected WIDTHxHEIGHT")]
    Size,
    #[error("bad width")]
    Width,
    #[error("bad height")]
    Height,
    #[error("the window must be at least 320x240")]
    SmallWindow,
    #[error("`{0}` is not a number of seconds above 0")]
    Secs(String),
}
