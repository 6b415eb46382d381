//! The `formcheck` binary: lock the network away, parse arguments, start logging, dispatch,
//! and turn errors into the documented exit codes (the only place that happens).
//!
//! The network lockdown (`formcheck::lockdown`) is installed before anything else, while the
//! process has one thread, so every thread and child inherits it.

use clap::Parser;
use formcheck::cli::{self, Args, Command};

fn main() {
    let lockdown = formcheck::lockdown::install_unless_allowed();
    let args = Args::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&args.log));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    formcheck::lockdown::log(&lockdown);
    let result = match args.command {
        Command::Pose(a) => cli::pose::run(&a),
        Command::Cameras(args) => cli::cameras::run(&args),
        Command::Analyze(a) => cli::analyze::run(&a),
        Command::Exercises(a) => cli::exercises::run(&a)
            .map(|text| {
                print!("{text}");
                cli::exit::OK
            })
            .map_err(anyhow::Error::from),
        Command::Teach(a) => cli::teach::run(&a),
        Command::History(a) => cli::history::run(&a),
        Command::Export(a) => cli::export::run(&a),
        Command::Delete(a) => cli::delete::run(&a),
        Command::Progress(a) => cli::progress::run_progress(&a),
        Command::Report(a) => cli::progress::run_report(&a),
        Command::Bench(a) => cli::bench::run(&a),
        Command::Doctor(a) => cli::doctor::run(&a, &lockdown),
        Command::Web => cli::web::run(),
        Command::Completions { shell } => Ok(cli::generate::completions(shell)),
        Command::Manpages { dir } => cli::generate::manpages(&dir),
        #[cfg(feature = "gui")]
        Command::Run(a) => cli::run::run(&a),
    };
    // The one exit (clippy.toml: disallowed-methods).
    #[allow(clippy::disallowed_methods)]
    match result {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::exit(cli::exit_code(&err));
        }
    }
}
